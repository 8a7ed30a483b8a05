package kernels_test

import (
	"fmt"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/kernels"
)

// Run the same kernel on every tier this CPU has, and on pure Go: the way a
// test or a benchmark compares tiers (not safe while other goroutines call
// kernels). SIMDNN_TIER caps the tiers for a whole process instead.
func ExampleSelect() {
	defer kernels.Reset()
	x := []float32{1, 2, 3, 4}
	for _, tier := range append(kernels.List(), kernels.Generic) {
		if !kernels.Select(tier) {
			continue // not on this CPU
		}
		if got := simdnn.Sdot(x, x); got != 30 {
			fmt.Println(tier, "disagrees:", got)
		}
	}
	fmt.Println("every tier agrees")
	// Output: every tier agrees
}
