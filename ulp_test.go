package simdnn

import (
	"math"
	"os"
	"sync"
	"testing"

	"github.com/simdnn/simdnn/kernels"
)

// Accuracy of Sigmoid and Tanh in ulps of the float64 result, on every
// tier: the whole float32 range strided, every input (long mode,
// SIMDNN_LONG=1) or every 7th (default) in [-2, 2], and dense windows around
// the clamps and the switch points of the algorithms.

// actUlps is the catalogue's bound for Sigmoid and Tanh, and actFloor the
// absolute error allowed where the result is below the normal range (the
// kernels flush exp to 0 below ln(2⁻¹²⁶)).
const (
	actUlps  = 4
	actFloor = 0x1p-126
)

// ulpsOff returns |got - want| in units of the float32 spacing at want
// (the subnormal spacing 2⁻¹⁴⁹ below 2⁻¹²⁶); NaN matches NaN.
func ulpsOff(got float32, want float64) float64 {
	g := float64(got)
	if math.IsNaN(want) || math.IsNaN(g) {
		if math.IsNaN(want) && math.IsNaN(g) {
			return 0
		}
		return math.Inf(1)
	}
	if g == want {
		return 0
	}
	w := float32(want)
	if math.IsInf(float64(w), 0) {
		return math.Inf(1)
	}
	a := math.Abs(want)
	spacing := 0x1p-149
	if a >= 0x1p-126 {
		_, e := math.Frexp(a) // a = f·2^e, f in [0.5, 1)
		spacing = math.Ldexp(1, e-24)
	}
	return math.Abs(g-want) / spacing
}

// actInputs calls f with batches of inputs covering the sweep: [-2, 2]
// every stride-th value (1 with SIMDNN_LONG=1: every input; 61 by default,
// 4093 with -short), the whole float32 range every 4099th bit pattern
// (16381 with -short), and ±4096 values around each clamp and switch point.
func actInputs(f func(x []float32)) {
	const batch = 1 << 16
	x := make([]float32, 0, batch)
	flush := func() {
		if len(x) > 0 {
			f(x)
			x = x[:0]
		}
	}
	add := func(v float32) {
		x = append(x, v)
		if len(x) == batch {
			flush()
		}
	}
	stride, wide := uint32(61), uint64(4099)
	switch {
	case os.Getenv("SIMDNN_LONG") != "":
		stride = 1
	case testing.Short():
		stride, wide = 4093, 16381
	}
	for b := uint32(0); b <= 0x40000000; b += stride { // [0, 2] and its negatives
		add(math.Float32frombits(b))
		add(math.Float32frombits(b | 1<<31))
	}
	for b := uint64(0); b < 1<<32; b += wide {
		add(math.Float32frombits(uint32(b)))
	}
	for _, c := range []float32{87.33654, 88, 88.376, 88.7, 89, 103, 104, 0.625, 0.55, 1.0 / 4096, 9, 9.1, 15, 20} {
		for _, s := range []float32{c, -c} {
			b := math.Float32bits(s)
			for d := uint32(0); d < 1<<12; d++ {
				add(math.Float32frombits(b + d))
				add(math.Float32frombits(b - d))
			}
		}
	}
	flush()
}

func sigmoidRef(x float64) float64 {
	if x < 0 {
		e := math.Exp(x)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(-x))
}

// TestActivationUlps measures Sigmoid and Tanh against float64 on every
// tier; the float64 reference is computed once per batch for all tiers.
func TestActivationUlps(t *testing.T) {
	impls := implNames(t)
	dst := make([]float32, 1<<16)
	want := make([]float64, 1<<16)
	defer kernels.Reset()
	for _, k := range []struct {
		name string
		f    func(dst, x []float32)
		ref  func(float64) float64
	}{{"Sigmoid", Sigmoid, sigmoidRef}, {"Tanh", Tanh, math.Tanh}} {
		worst := make([]float64, len(impls))
		at := make([]float32, len(impls))
		actInputs(func(x []float32) {
			w := want[:len(x)]
			var wg sync.WaitGroup
			for part := range 2 { // the reference is the slow part
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := part; i < len(x); i += 2 {
						w[i] = k.ref(float64(x[i]))
					}
				}()
			}
			wg.Wait()
			d := dst[:len(x)]
			for ti, impl := range impls {
				kernels.Select(impl)
				k.f(d, x)
				for i, v := range d {
					if math.Abs(w[i]) < actFloor && math.Abs(float64(v)-w[i]) <= actFloor {
						continue
					}
					if u := ulpsOff(v, w[i]); !(u <= worst[ti]) {
						worst[ti], at[ti] = u, x[i]
					}
				}
			}
		})
		for ti, impl := range impls {
			t.Logf("%s %s: worst %.2f ulp at x = %v", k.name, impl, worst[ti], at[ti])
			if worst[ti] > actUlps {
				t.Errorf("%s %s: %.1f ulp at x = %v (%#x), bound %d", k.name, impl, worst[ti], at[ti], math.Float32bits(at[ti]), actUlps)
			}
		}
	}
}
