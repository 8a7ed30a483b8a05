//go:build gc && !purego && !noasm

package simdnn

// cpuidAsm executes CPUID with EAX = leaf and ECX = sub.
//
//go:noescape
func cpuidAsm(leaf, sub uint32) (a, b, c, d uint32)

// probeCaches reads the cache descriptors of CPUID: leaf 0x8000001D on AMD
// and Hygon CPUs that have it (TOPOEXT), leaf 4 otherwise. Both describe
// one cache per sub-leaf: type in EAX[4:0] (0: no more, 1: data, 3:
// unified), level in EAX[7:5], and size = ways·partitions·line·sets from
// EBX and ECX. Sizes it does not find are 0.
func probeCaches() (l1, l2, l3 int) {
	maxLeaf, b, c, d := cpuidAsm(0, 0)
	amd := b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163 || // "AuthenticAMD"
		b == 0x6f677948 && d == 0x6e65476e && c == 0x656e6975 // "HygonGenuine"
	leaf := uint32(0)
	if amd {
		maxExt, _, _, _ := cpuidAsm(0x80000000, 0)
		if maxExt >= 0x8000001d {
			if _, _, ecx, _ := cpuidAsm(0x80000001, 0); ecx&(1<<22) != 0 {
				leaf = 0x8000001d
			}
		}
	}
	if leaf == 0 && maxLeaf >= 4 && !amd {
		leaf = 4
	}
	if leaf == 0 {
		return 0, 0, 0
	}
	for sub := uint32(0); sub < 16; sub++ {
		a, b, c, _ := cpuidAsm(leaf, sub)
		kind, level := a&0x1f, a>>5&7
		if kind == 0 {
			break
		}
		if kind != 1 && kind != 3 { // instruction caches
			continue
		}
		size := int(b>>22+1) * int(b>>12&0x3ff+1) * int(b&0xfff+1) * int(c+1)
		switch level {
		case 1:
			l1 = size
		case 2:
			l2 = size
		case 3:
			l3 = size
		}
	}
	return l1, l2, l3
}
