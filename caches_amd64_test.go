//go:build gc && !purego && !noasm

package simdnn

import (
	"testing"

	"github.com/klauspost/cpuid/v2"
)

// TestProbeCaches: the CPUID cache probe Sgemm blocks from finds what
// klauspost/cpuid (a test-only dependency here; cmd/bench describes the CPU
// with it) finds, for every level it reports.
func TestProbeCaches(t *testing.T) {
	l1, l2, l3 := probeCaches()
	t.Logf("probe: L1d %d, L2 %d, L3 %d; cpuid: %d, %d, %d", l1, l2, l3, cpuid.CPU.Cache.L1D, cpuid.CPU.Cache.L2, cpuid.CPU.Cache.L3)
	for _, c := range []struct {
		name      string
		got, want int
	}{{"L1d", l1, cpuid.CPU.Cache.L1D}, {"L2", l2, cpuid.CPU.Cache.L2}, {"L3", l3, cpuid.CPU.Cache.L3}} {
		if c.want > 0 && c.got != c.want {
			t.Errorf("%s: probe %d bytes, cpuid %d", c.name, c.got, c.want)
		}
	}
	if cpuid.CPU.Cache.L1D > 0 && l1 == 0 {
		t.Error("the probe found no L1 data cache")
	}
}
