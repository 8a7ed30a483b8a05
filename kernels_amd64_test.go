//go:build gc && !purego && !noasm

package simdnn

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestExpAVX512SameAsAVX2: sigmoidAVX512, tanhAVX512 and expSubSumAVX512 run
// the AVX2 kernels' operations in the same order on 16 lanes, so they give
// the same bits for every input (any NaN for NaN): 2¹⁸ values spread over
// [-100, 100], every special value, and tails of every length 0..17 at the
// end of a slice, with guard elements after dst. expSubSum's sum is added in
// 16 lanes instead of 8: it must agree within n·2⁻²³ of itself.
func TestExpAVX512SameAsAVX2(t *testing.T) {
	needAVX512(t)
	const n = 1 << 18
	x := make([]float32, n+len(specials))
	for i := range n {
		x[i] = float32(-100 + 200*float64(i)/n)
	}
	copy(x[n:], specials)
	x[0] = math.Float32frombits(0x00000001) // smallest subnormal
	// expSubSum's inputs x ≤ m, no NaN: the finite values ≤ 200 with m = 200,
	// and the same shifted to ≤ -110 with m = -100, where lanes past a tail
	// (loaded as 0) would give exp(100) if the kernel did not zero them.
	var low, high []float32
	for _, v := range x {
		if v == v && v > -1e30 && v <= 200 {
			high = append(high, v)
			low = append(low, v/2-210)
		}
	}
	sum512, sum2 := new(float32), new(float32)
	expSubSums := func(m float32) (avx512, avx2 func(dst, x *float32, n int)) {
		return func(dst, x *float32, n int) { *sum512 = expSubSumAVX512(dst, x, m, n) },
			func(dst, x *float32, n int) { *sum2 = expSubSumAVX2(dst, x, m, n) }
	}
	high512, high2 := expSubSums(200)
	low512, low2 := expSubSums(-100)
	kernels := []struct {
		name   string
		in     []float32
		avx512 func(dst, x *float32, n int)
		avx2   func(dst, x *float32, n int)
	}{
		{"sigmoid", x, sigmoidAVX512, sigmoidAVX2},
		{"tanh", x, tanhAVX512, tanhAVX2},
		{"expSubSum m=200", high, high512, high2},
		{"expSubSum m=-100", low, low512, low2},
	}
	for _, k := range kernels {
		srcs := [][]float32{k.in}
		for tail := 0; tail <= 17; tail++ {
			srcs = append(srcs, k.in[len(k.in)-tail:])
		}
		for _, src := range srcs {
			m := len(src)
			got, want := make([]float32, m+guardLen), make([]float32, m+guardLen)
			for i := m; i < len(got); i++ {
				got[i], want[i] = guard, guard
			}
			if m > 0 {
				k.avx512(&got[0], &src[0], m)
				k.avx2(&want[0], &src[0], m)
			}
			for i := range got {
				if !sameBits(got[i], want[i]) || i >= m && math.Float32bits(got[i]) != math.Float32bits(guard) {
					what := "a guard"
					if i < m {
						what = fmt.Sprint("x = ", src[i])
					}
					t.Fatalf("%s n=%d, element %d (%s): AVX512 %v, AVX2 %v", k.name, m, i, what, got[i], want[i])
				}
			}
			if strings.HasPrefix(k.name, "expSubSum") && m > 0 && !sameFloat(*sum512, *sum2, float64(m)*eps32*float64(*sum2)) {
				t.Fatalf("%s n=%d: sum AVX512 %v, AVX2 %v", k.name, m, *sum512, *sum2)
			}
		}
	}
}

// TestSoftmaxRowAVX2: the one-call row gives the bits of the separate
// calls it replaces (maximum, expSubSumAVX2, sscalAVX2 by 1/sum) for rows of
// every length 1..70, reports the special rows (a NaN, an infinite maximum)
// having written nothing, and writes nothing past n.
func TestSoftmaxRowAVX2(t *testing.T) {
	needAVX2(t)
	r := newRand(t)
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	for n := 1; n <= 70; n++ {
		for trial := range 8 {
			x := make([]float32, n)
			fill(r, x, []float32{1, 30, 90, 1e-30}[trial%4])
			special := false
			switch trial {
			case 5:
				x[r.IntN(n)], special = nan, true
			case 6:
				x[r.IntN(n)], special = inf, true
			case 7:
				for i := range x {
					x[i] = -inf
				}
				special = true
			}
			got := make([]float32, n+guardLen)
			for i := range got {
				got[i] = guard
			}
			if s := softmaxRowAVX2(&got[0], &x[0], n); s != special {
				t.Fatalf("n=%d trial %d: special = %v, want %v", n, trial, s, special)
			}
			for i := range got {
				if (special || i >= n) && math.Float32bits(got[i]) != math.Float32bits(guard) {
					t.Fatalf("n=%d trial %d: element %d written (special %v)", n, trial, i, special)
				}
			}
			if special {
				continue
			}
			m := x[0]
			for _, v := range x {
				m = max(m, v)
			}
			want := make([]float32, n)
			s := expSubSumAVX2(&want[0], &x[0], m, n)
			sscalAVX2(&want[0], 1/s, n)
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("n=%d trial %d: dst[%d] = %v, separate calls %v", n, trial, i, got[i], want[i])
				}
			}
		}
	}
}

// TestSgemm6x16AVX2Contract: the AVX2 microkernel's contract (checkGemmKernel).
func TestSgemm6x16AVX2Contract(t *testing.T) {
	needAVX2(t)
	checkGemmKernel(t, "sgemm6x16AVX2", sgemm6x16AVX2, 6, 16)
}

// TestSgemm8x32AVX512Contract: the AVX512 microkernel's contract with a
// k-major A (checkGemmKernel; A in place is tested through the driver, which
// the Sgemm tests force onto every kernel at every m).
func TestSgemm8x32AVX512Contract(t *testing.T) {
	needAVX512(t)
	checkGemmKernel(t, "sgemm8x32AVX512", sgemm8x32AVX512, 8, 32)
}

// needAVX2 and needAVX512 skip a test of that tier's kernels on a CPU
// without it, or fail it when SIMDNN_REQUIRE names the tier.
func needAVX2(t *testing.T)   { t.Helper(); needTier(t, "AVX2", useAVX2) }
func needAVX512(t *testing.T) { t.Helper(); needTier(t, "AVX512", useAVX512) }

func needTier(t *testing.T, name string, have bool) {
	t.Helper()
	if have {
		return
	}
	if listed("SIMDNN_REQUIRE", name) {
		t.Fatalf("CPU lacks tier %s, which SIMDNN_REQUIRE names", name)
	}
	t.Skip("CPU lacks " + name)
}
