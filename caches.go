package simdnn

// The data cache sizes Sgemm sizes its blocks from (blockingFor), probed
// without a dependency: CPUID on amd64 (caches_amd64.go), sysfs on Linux
// arm64 (caches_linux_arm64.go), defaults elsewhere.

// Defaults for what a probe cannot tell: common sizes of the small cores
// this library targets.
const (
	defaultL1D = 32 << 10
	defaultL2  = 512 << 10
	defaultL3  = 4 << 20
)

// cacheSizes returns the L1 data, L2 and L3 cache sizes in bytes, a default
// for each one the probe did not find.
func cacheSizes() (l1, l2, l3 int) {
	l1, l2, l3 = probeCaches()
	if l1 <= 0 {
		l1 = defaultL1D
	}
	if l2 <= 0 {
		l2 = defaultL2
	}
	if l3 <= 0 {
		l3 = defaultL3
	}
	return l1, l2, l3
}
