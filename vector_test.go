package simdnn

import (
	"fmt"
	"math"
	"testing"
)

// offsetsFor returns the start offsets tested for length n: every 16-, 32-
// and 64-byte phase for short vectors, a few for long ones.
func offsetsFor(n int) []int {
	if n <= 3*64+1 {
		return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	}
	return []int{0, 1, 7}
}

// elementwise describes a kernel dst[i] = f(in[0][i], in[1][i], ...).
type elementwise struct {
	name   string
	inputs int
	call   func(dst []float32, in ...[]float32)
	// ref returns the float64 reference and the allowed absolute error of
	// one element against it; tier-vs-Generic allows twice that.
	ref func(in ...float32) (want, tol float64)
	// scale is the range of random inputs per argument.
	scale []float32
	// exact: every tier must match Generic bit for bit.
	exact bool
	// noSpecials lists inputs that get no special values.
	noSpecials []int
}

func sigmoid64(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

var elementwiseKernels = []elementwise{
	{name: "Sigmoid", inputs: 1, scale: []float32{100},
		call: func(d []float32, in ...[]float32) { Sigmoid(d, in[0]) },
		ref:  func(in ...float32) (float64, float64) { return sigmoid64(float64(in[0])), sigmoidAbsErr }},
	{name: "Tanh", inputs: 1, scale: []float32{12},
		call: func(d []float32, in ...[]float32) { Tanh(d, in[0]) },
		ref:  func(in ...float32) (float64, float64) { return math.Tanh(float64(in[0])), tanhAbsErr }},
	{name: "Relu", inputs: 1, scale: []float32{10}, exact: true,
		call: func(d []float32, in ...[]float32) { Relu(d, in[0]) },
		ref: func(in ...float32) (float64, float64) {
			x := float64(in[0])
			if x > 0 || math.IsNaN(x) {
				return x, 0
			}
			return 0, 0
		}},
	// y of a gradient kernel is an activation output: no special values there.
	{name: "SigmoidGrad", inputs: 2, scale: []float32{1, 10}, noSpecials: []int{0},
		call: func(d []float32, in ...[]float32) { SigmoidGrad(d, in[0], in[1]) },
		ref: func(in ...float32) (float64, float64) {
			y, dy := float64(in[0]), float64(in[1])
			return dy * y * (1 - y), 4*eps32*math.Abs(dy*y)*(1+math.Abs(y)) + subnormalUlp
		}},
	{name: "TanhGrad", inputs: 2, scale: []float32{1, 10}, noSpecials: []int{0},
		call: func(d []float32, in ...[]float32) { TanhGrad(d, in[0], in[1]) },
		ref: func(in ...float32) (float64, float64) {
			y, dy := float64(in[0]), float64(in[1])
			return dy * (1 - y*y), 4*eps32*math.Abs(dy)*(1+y*y) + subnormalUlp
		}},
	{name: "ReluGrad", inputs: 2, scale: []float32{1, 10}, exact: true,
		call: func(d []float32, in ...[]float32) { ReluGrad(d, in[0], in[1]) },
		ref: func(in ...float32) (float64, float64) {
			y, dy := float64(in[0]), float64(in[1])
			switch {
			case y > 0:
				return dy, 0
			case math.IsNaN(y):
				return y, 0
			}
			return 0, 0
		}},
	// Saxpy as dst = x + alpha·y with dst the first input (in place): the
	// harness passes in[0] as the accumulator. alpha is fixed at 0.75 for
	// random data; special values run with alpha = 1 (see TestSaxpySpecial).
	{name: "Saxpy", inputs: 2, scale: []float32{10, 10}, noSpecials: []int{0, 1},
		call: func(d []float32, in ...[]float32) { copy(d, in[0]); Saxpy(d, 0.75, in[1]) },
		ref: func(in ...float32) (float64, float64) {
			y, x := float64(in[0]), float64(in[1])
			return y + 0.75*x, eps32 * (math.Abs(0.75*x) + math.Abs(y))
		}},
	{name: "Sscal", inputs: 1, scale: []float32{10}, exact: true,
		call: func(d []float32, in ...[]float32) { copy(d, in[0]); Sscal(d, -1.5) },
		ref: func(in ...float32) (float64, float64) {
			return float64(in[0] * -1.5), 0
		}},
}

// TestElementwise checks every element-wise kernel on every tier: against the
// float64 reference within the catalogue bound, against Generic (bit for bit
// where the catalogue says exact), with guards, start offsets, in place and
// with special values.
func TestElementwise(t *testing.T) {
	for _, k := range elementwiseKernels {
		t.Run(k.name, func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) { testElementwise(t, k) })
		})
	}
}

func testElementwise(t *testing.T, k elementwise) {
	r := newRand(t)
	for _, n := range vectorSizes() {
		for _, off := range offsetsFor(n) {
			in := make([][]float32, k.inputs)
			for j := range in {
				g := newGuarded(n, off)
				fill(r, g.s(), k.scale[j])
				if n%3 == 1 && !contains(k.noSpecials, j) {
					withSpecials(r, g.s())
				}
				in[j] = g.s()
			}
			dst := newGuarded(n, (off+5)%16)
			k.call(dst.s(), in...)
			dst.check(t, fmt.Sprintf("%s n=%d off=%d", k.name, n, off))

			want := make([]float32, n)
			underGeneric(func() { k.call(want, in...) })

			// In place: dst is the first input.
			inPlace := append([]float32(nil), in[0]...)
			args := append([][]float32{inPlace}, in[1:]...)
			k.call(inPlace, args...)

			vals := make([]float32, k.inputs)
			for i, got := range dst.s() {
				for j := range in {
					vals[j] = in[j][i]
				}
				ref, tol := k.ref(vals...)
				if !sameFloat(got, float32(ref), tol) && !(tol == 0 && sameFloat(got, float32(ref), 0)) {
					t.Fatalf("%s n=%d off=%d: element %d of %v = %v, want %v (float64 %v) within %g", k.name, n, off, i, vals, got, float32(ref), ref, tol)
				}
				if k.exact && !sameBits(got, want[i]) || !k.exact && !sameFloat(got, want[i], 2*tol) {
					t.Fatalf("%s n=%d off=%d: element %d of %v = %v, Generic gives %v", k.name, n, off, i, vals, got, want[i])
				}
				if !sameBits(inPlace[i], got) {
					t.Fatalf("%s n=%d off=%d: in place element %d = %v, out of place %v", k.name, n, off, i, inPlace[i], got)
				}
			}
		}
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestSaxpySpecial runs Saxpy on special values with alpha = ±1, where fused
// and unfused multiply-add round the same, so every tier must match Generic
// bit for bit.
func TestSaxpySpecial(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		for _, alpha := range []float32{1, -1} {
			for n := 1; n <= 2*len(specials)+3; n++ {
				x, y := make([]float32, n), make([]float32, n)
				for i := range x {
					x[i] = specials[i%len(specials)]
					y[i] = specials[(i*7+3)%len(specials)]
				}
				got := append([]float32(nil), y...)
				Saxpy(got, alpha, x)
				for i := range got {
					want := y[i] + alpha*x[i]
					if !sameBits(got[i], want) {
						t.Fatalf("alpha=%v n=%d: %v + alpha·%v = %v, want %v", alpha, n, y[i], x[i], got[i], want)
					}
				}
			}
		}
	})
}

// TestSaxpyShortX checks that Saxpy touches only len(x) elements of dst.
func TestSaxpyShortX(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		dst := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
		Saxpy(dst, 2, []float32{1, 1, 1})
		want := []float32{3, 4, 5, 4, 5, 6, 7, 8, 9, 10}
		for i := range dst {
			if dst[i] != want[i] {
				t.Fatalf("dst = %v, want %v", dst, want)
			}
		}
	})
}

// subnormalUlp is the absolute rounding step below the normal range.
const subnormalUlp = math.SmallestNonzeroFloat32

// dotSpecials excludes ±MaxFloat32, whose sums overflow or not depending on
// the summation order, which the contract leaves open.
var dotSpecials = func() []float32 {
	var s []float32
	for _, v := range specials {
		if math.Abs(float64(v)) != math.MaxFloat32 {
			s = append(s, v)
		}
	}
	return s
}()

// dotRef returns Σ x·y in float64 and the catalogue bound
// (n+1)·(ε·Σ|x·y| + 2⁻¹⁴⁹).
func dotRef(x, y []float32) (want, tol float64) {
	var abs float64
	for i := range x {
		p := float64(x[i]) * float64(y[i])
		want += p
		abs += math.Abs(p)
	}
	return want, float64(len(x)+1) * (eps32*abs + subnormalUlp)
}

func TestSdot(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		for _, n := range vectorSizes() {
			for _, off := range offsetsFor(n) {
				gx, gy := newGuarded(n, off), newGuarded(n, (off*3)%16)
				x, y := gx.s(), gy.s()
				fill(r, x, 4)
				fill(r, y, 4)
				special := n%4 == 3
				if special {
					for i := range x {
						if r.IntN(8) == 0 {
							x[i] = dotSpecials[r.IntN(len(dotSpecials))]
						}
					}
				}
				got := Sdot(x, y)
				var gen float32
				underGeneric(func() { gen = Sdot(x, y) })
				want, tol := dotRef(x, y)
				if !sameFloat(got, float32(want), tol) {
					t.Fatalf("n=%d off=%d special=%v: Sdot = %v, float64 %v, bound %g", n, off, special, got, want, tol)
				}
				if !sameFloat(got, gen, 2*tol) {
					t.Fatalf("n=%d off=%d: Sdot = %v, Generic %v, bound %g", n, off, got, gen, 2*tol)
				}
				gx.check(t, "Sdot x")
				gy.check(t, "Sdot y")
			}
		}
	})
}

// TestSdotDetectsDroppedElement guards the Sdot bound itself: with equal
// magnitudes, dropping or doubling one product must exceed the bound.
func TestSdotDetectsDroppedElement(t *testing.T) {
	for _, n := range []int{1, 7, 64, 200} {
		x, y := make([]float32, n), make([]float32, n)
		for i := range x {
			x[i], y[i] = 1, 1
		}
		want, tol := dotRef(x, y)
		if math.Abs((want-1)-want) <= tol {
			t.Fatalf("n=%d: bound %g cannot see a dropped element", n, tol)
		}
	}
}

// TestSigmoidSweep checks the catalogue bound of Sigmoid and Tanh on every
// tier over 10⁷ inputs spread over [-100, 100] (fewer with -short).
func TestSigmoidSweep(t *testing.T) {
	count := 10_000_000
	if testing.Short() {
		count = 1_000_000
	}
	x := make([]float32, 1<<16)
	dst := make([]float32, len(x))
	forEachImpl(t, func(t *testing.T) {
		var worstS, worstT float64
		var atS, atT float32
		for start := 0; start < count; start += len(x) {
			for i := range x {
				x[i] = -100 + 200*float32(start+i)/float32(count)
			}
			Sigmoid(dst, x)
			for i, v := range dst {
				if e := math.Abs(float64(v) - sigmoid64(float64(x[i]))); !(e <= worstS) {
					worstS, atS = e, x[i]
				}
			}
			for i := range x {
				x[i] /= 8 // tanh saturates sooner: sweep [-12.5, 12.5]
			}
			Tanh(dst, x)
			for i, v := range dst {
				if e := math.Abs(float64(v) - math.Tanh(float64(x[i]))); !(e <= worstT) {
					worstT, atT = e, x[i]
				}
			}
		}
		if worstS > sigmoidAbsErr {
			t.Errorf("Sigmoid max abs error %g at x=%v, bound %g", worstS, atS, sigmoidAbsErr)
		}
		if worstT > tanhAbsErr {
			t.Errorf("Tanh max abs error %g at x=%v, bound %g", worstT, atT, tanhAbsErr)
		}
		t.Logf("max abs error: Sigmoid %.3g at %v, Tanh %.3g at %v", worstS, atS, worstT, atT)
	})
}

func TestActivationSpecials(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	cases := []struct {
		name string
		f    func(dst, x []float32)
		x    []float32
		want []float32
	}{
		{"Sigmoid", Sigmoid, []float32{inf, -inf, nan, 0, 1e30, -1e30, math.MaxFloat32, -math.MaxFloat32},
			[]float32{1, 0, nan, 0.5, 1, 0, 1, 0}},
		{"Tanh", Tanh, []float32{inf, -inf, nan, 0, 1e30, -1e30, math.MaxFloat32, -math.MaxFloat32},
			[]float32{1, -1, nan, 0, 1, -1, 1, -1}},
		{"Relu", Relu, []float32{inf, -inf, nan, float32(math.Copysign(0, -1)), -1e-45},
			[]float32{inf, 0, nan, 0, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				dst := make([]float32, len(c.x))
				c.f(dst, c.x)
				for i := range dst {
					if !sameBits(dst[i], c.want[i]) {
						t.Errorf("%s(%v) = %v, want %v", c.name, c.x[i], dst[i], c.want[i])
					}
				}
			})
		})
	}
}
