//go:build gc && !purego && !noasm

package simdnn

import (
	"os"
	"testing"
)

func TestParseCacheSize(t *testing.T) {
	for s, want := range map[string]int{"48K": 48 << 10, "1024K": 1 << 20, "2M": 2 << 20, "65536": 65536, "": 0, "K": 0, "12Q": 0, "-1K": 0, "99999999999999K": 0} {
		if got := parseSize(s); got != want {
			t.Errorf("parseSize(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestProbeCaches: where sysfs describes CPU 0's caches, the probe finds an
// L1 data cache of a plausible size.
func TestProbeCaches(t *testing.T) {
	l1, l2, l3 := probeCaches()
	t.Logf("probe: L1d %d, L2 %d, L3 %d", l1, l2, l3)
	if _, err := os.Stat("/sys/devices/system/cpu/cpu0/cache/index0/size"); err != nil {
		t.Skip("no sysfs cache description here")
	}
	if l1 < 4<<10 || l1 > 1<<20 {
		t.Errorf("L1d = %d bytes", l1)
	}
}
