//go:build gc && !purego && !noasm

package simdnn

import "testing"

// TestSgemm8x12NEONContract: the NEON microkernel's contract (checkGemmKernel).
func TestSgemm8x12NEONContract(t *testing.T) {
	if !useNEON {
		t.Skip("NEON tier off")
	}
	checkGemmKernel(t, "sgemm8x12NEON", sgemm8x12NEON, 8, 12)
}
