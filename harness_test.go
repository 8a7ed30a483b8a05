package simdnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/simdnn/simdnn/kernels"
)

// forEachImpl runs f once per registered tier this CPU supports, then once
// with Generic. A tier named in SIMDNN_REQUIRE (comma-separated) that this CPU
// or build lacks fails instead of skipping, so a CI runner cannot lose
// coverage silently. SIMDNN_TIERS (comma-separated), when set, runs only the
// tiers it names: the emulated AVX-512 run (.ci/avx512) leaves the others to
// native runs.
func forEachImpl(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	forTiers(t, f, false)
}

// int8OnlyTiers add only int8 kernels: under them every float32 kernel runs
// the code of the tier below, so float32 tests skip them.
var int8OnlyTiers = map[string]bool{"AVX512VNNI": true, "NEONDotProd": true}

// forEachInt8Impl is forEachImpl for the int8 kernels: every tier.
func forEachInt8Impl(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	forTiers(t, f, true)
}

func forTiers(t *testing.T, f func(t *testing.T), int8 bool) {
	t.Helper()
	run, lacking := implPlan(t)
	if !int8 {
		run = slices.DeleteFunc(run, func(name string) bool { return int8OnlyTiers[name] })
		lacking = slices.DeleteFunc(lacking, func(name string) bool { return int8OnlyTiers[name] })
	}
	t.Cleanup(kernels.Reset)
	for _, name := range lacking {
		t.Run(name, func(t *testing.T) { t.Skip("not supported by this CPU") })
	}
	for _, name := range run {
		kernels.Select(name)
		t.Run(name, f)
	}
	kernels.Reset()
}

// implNames returns the tiers forEachImpl runs (float32 kernels), for tests that switch tiers
// themselves (kernels.Select) inside one loop; it fails as forEachImpl does.
func implNames(t *testing.T) []string {
	t.Helper()
	run, _ := implPlan(t)
	return slices.DeleteFunc(run, func(name string) bool { return int8OnlyTiers[name] })
}

// implPlan returns the wanted tiers this CPU supports (Generic last) and the
// wanted ones it lacks, failing t on a SIMDNN_REQUIRE name that is missing
// (unknown names too: a typo must not pass) or a SIMDNN_TIERS naming none.
func implPlan(t *testing.T) (run, lacking []string) {
	t.Helper()
	for _, r := range strings.Split(os.Getenv("SIMDNN_REQUIRE"), ",") {
		if r != "" && !kernels.Supported(r) {
			t.Fatalf("SIMDNN_REQUIRE names tier %s, which this CPU or build lacks", r)
		}
	}
	for _, name := range append(kernels.List(), kernels.Generic) {
		switch {
		case !tierWanted(name):
		case kernels.Supported(name):
			run = append(run, name)
		default:
			lacking = append(lacking, name)
		}
	}
	if len(run)+len(lacking) == 0 {
		t.Fatalf("SIMDNN_TIERS=%q names no tier", os.Getenv("SIMDNN_TIERS"))
	}
	return run, lacking
}

func tierWanted(name string) bool {
	return os.Getenv("SIMDNN_TIERS") == "" || listed("SIMDNN_TIERS", name)
}

// listed reports whether name is one of the comma-separated values of the
// environment variable env.
func listed(env, name string) bool {
	for _, r := range strings.Split(os.Getenv(env), ",") {
		if r == name {
			return true
		}
	}
	return false
}

// forEachGemmKernel runs f once for every Sgemm microkernel the current tier
// may choose (tierGemmKernels), with every Sgemm forced to it (the narrow
// dot kernel off), so that each kernel meets every shape of the test whatever
// the tier's shape rule says; then, where the tier has a dot kernel, once
// more with the tier's own choice, narrow products included (gk is then the
// kernel of small products, for the test's sizes).
func forEachGemmKernel(t *testing.T, f func(t *testing.T, gk *gemmKernel)) {
	t.Helper()
	defer func() { gemmKernelOverride = nil }()
	for _, gk := range tierGemmKernels() {
		gemmKernelOverride = gk
		t.Run(fmt.Sprintf("%dx%d", gk.mr, gk.nr), func(t *testing.T) { f(t, gk) })
	}
	gemmKernelOverride = nil
	if asmOn() && dotNarrowOn() {
		t.Run("tier", func(t *testing.T) { f(t, tierGemmKernel(1, 1, 1, NoTrans)) })
	}
}

// underGeneric runs f with the Generic tier and restores the current tier.
func underGeneric(f func()) {
	cur := kernels.Current()
	kernels.Select(kernels.Generic)
	defer kernels.Select(cur)
	f()
}

const eps32 = 1.0 / (1 << 23) // float32 machine epsilon (2⁻²³)

// sameFloat reports whether got is within tol of want; NaN matches NaN and
// infinities must match exactly.
func sameFloat(got, want float32, tol float64) bool {
	g, w := float64(got), float64(want)
	switch {
	case math.IsNaN(w) || math.IsNaN(g):
		return math.IsNaN(w) && math.IsNaN(g)
	case math.IsInf(w, 0) || math.IsInf(g, 0):
		return g == w
	}
	return math.Abs(g-w) <= tol
}

// sameBits reports bit-for-bit equality, except that any NaN matches any NaN.
func sameBits(got, want float32) bool {
	if got != got || want != want {
		return got != got && want != want
	}
	return math.Float32bits(got) == math.Float32bits(want)
}

// guard is the sentinel written around every destination: a NaN with a
// payload no kernel produces.
var guard = math.Float32frombits(0x7fc0_dead)

const guardLen = 16

// guarded returns a slice of n elements starting at element offset off of a
// buffer whose other elements hold the sentinel; check verifies them.
type guarded struct {
	buf    []float32
	off, n int
}

func newGuarded(n, off int) *guarded {
	g := &guarded{buf: make([]float32, guardLen+off+n+guardLen), off: guardLen + off, n: n}
	for i := range g.buf {
		g.buf[i] = guard
	}
	return g
}

func (g *guarded) s() []float32 { return g.buf[g.off : g.off+g.n : g.off+g.n] }

func (g *guarded) check(t *testing.T, what string) {
	t.Helper()
	for i, v := range g.buf {
		if i >= g.off && i < g.off+g.n {
			continue
		}
		if math.Float32bits(v) != math.Float32bits(guard) {
			t.Fatalf("%s wrote dst[%d] outside its %d elements", what, i-g.off, g.n)
		}
	}
}

// specials are the values every kernel must handle.
var specials = []float32{
	0, float32(math.Copysign(0, -1)), 1, -1, 0.5, -0.5,
	float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()),
	math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32,
	1.1754942e-38, -1.1754942e-38, // largest subnormal
	1.17549435e-38, // smallest normal
	88, -88, 89, -89, 104, -104, 1e-20, -1e-20, 20, -20, 9, -9,
}

// fill writes values uniform in [-scale, scale).
func fill(r *rand.Rand, x []float32, scale float32) {
	for i := range x {
		x[i] = (r.Float32()*2 - 1) * scale
	}
}

// withSpecials overwrites some elements of x with special values.
func withSpecials(r *rand.Rand, x []float32) {
	for i := range x {
		if r.IntN(3) == 0 {
			x[i] = specials[r.IntN(len(specials))]
		}
	}
}

// vectorSizes are the lengths every vector kernel is tested at: 0..3·64+1
// (64 floats is the widest asm step) and either side of the asm chunk size.
func vectorSizes() []int {
	var ns []int
	for n := 0; n <= 3*64+1; n++ {
		ns = append(ns, n)
	}
	return append(ns, 255, 256, 257, 1023, 1024, 1025, 1<<14-1, 1<<14, 1<<14+1, 2<<14+33)
}

func newRand(t testing.TB) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(len(t.Name())), 0x5eed))
}

// TestRequireFailsOnMissingTier: per-tier tests run with SIMDNN_REQUIRE
// naming a tier that is not available here fail instead of skipping it.
func TestRequireFailsOnMissingTier(t *testing.T) {
	if os.Getenv("SIMDNN_REQUIRE_CHILD") != "" {
		t.Skip("child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSaxpySpecial$")
	cmd.Env = append(os.Environ(), "SIMDNN_REQUIRE=NoSuchTier", "SIMDNN_REQUIRE_CHILD=1")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("TestSaxpySpecial passed with SIMDNN_REQUIRE=NoSuchTier:\n%s", out)
	}
}
