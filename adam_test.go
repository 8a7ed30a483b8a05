package simdnn

import (
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/simdnn/simdnn/kernels"
)

// adamRef computes one Adam update of a single element in float64 and the
// catalogue bounds of p, m and v.
func adamRef(p, g, m, v, lr, b1, b2, c1, c2, eps float32) (rp, rm, rv, tp, tm, tv float64) {
	bm, am := float64(b1)*float64(m), (1-float64(b1))*float64(g)
	bv, av := float64(b2)*float64(v), (1-float64(b2))*float64(g)*float64(g)
	rm, rv = bm+am, bv+av
	den := math.Sqrt(rv*float64(c2)) + float64(eps)
	u := float64(lr) * (rm * float64(c1)) / den
	rp = float64(p) - u
	// The AVX2 tier computes with subnormals flushed to zero (inputs and
	// results): an absolute floor of 2⁻¹²⁵ on each value (a flushed input can
	// move a result just over 2⁻¹²⁶ under it, where it flushes too).
	const flush = 0x1p-125
	tm = 4*eps32*(math.Abs(bm)+math.Abs(am)) + flush
	tv = 4*eps32*(math.Abs(bv)+math.Abs(av)) + flush
	// The step carries m's absolute error (large against m itself when
	// b1·m and (1-b1)·g cancel) and a few roundings of its own.
	tp = 2*eps32*math.Abs(rp) + 16*eps32*math.Abs(u) + float64(lr)*float64(c1)/den*tm + flush
	return
}

const (
	adamLR, adamB1, adamB2, adamC1, adamC2, adamEps = 1e-3, 0.9, 0.999, 1.5, 12, 1e-8
)

func TestAdamStep(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		for _, n := range vectorSizes() {
			for _, off := range offsetsFor(n) {
				gp, gg, gm, gv := newGuarded(n, off), newGuarded(n, (off+3)%16), newGuarded(n, (off+7)%16), newGuarded(n, (off+11)%16)
				fill(r, gp.s(), 1)
				fill(r, gg.s(), 0.1)
				fill(r, gm.s(), 0.01)
				fill(r, gv.s(), 1e-3)
				for i := range gv.s() {
					gv.s()[i] = abs32(gv.s()[i]) // second moments are never negative
				}
				if n%5 == 2 {
					for i := range gg.s() {
						if r.IntN(4) == 0 {
							gg.s()[i] = dotSpecials[r.IntN(len(dotSpecials))]
						}
					}
				}
				p0, g0, m0, v0 := clone32(gp.s()), clone32(gg.s()), clone32(gm.s()), clone32(gv.s())
				finite := AdamStep(gp.s(), gg.s(), gm.s(), gv.s(), adamLR, adamB1, adamB2, adamC1, adamC2, adamEps)
				what := fmt.Sprintf("AdamStep n=%d off=%d", n, off)
				if want := allFiniteScan(gp.s(), gm.s(), gv.s()); finite != want {
					t.Fatalf("%s: reports finite = %v, the new values say %v", what, finite, want)
				}
				for _, g := range []*guarded{gp, gg, gm, gv} {
					g.check(t, what)
				}
				wp, wm, wv := clone32(p0), clone32(m0), clone32(v0)
				underGeneric(func() { AdamStep(wp, g0, wm, wv, adamLR, adamB1, adamB2, adamC1, adamC2, adamEps) })
				for i := range p0 {
					rp, rm, rv, tp, tm, tv := adamRef(p0[i], g0[i], m0[i], v0[i], adamLR, adamB1, adamB2, adamC1, adamC2, adamEps)
					for _, c := range []struct {
						name     string
						got, gen float32
						ref, tol float64
					}{{"p", gp.s()[i], wp[i], rp, tp}, {"m", gm.s()[i], wm[i], rm, tm}, {"v", gv.s()[i], wv[i], rv, tv}} {
						if !sameFloat(c.got, float32(c.ref), c.tol) || !sameFloat(c.got, c.gen, 2*c.tol) {
							t.Fatalf("%s: %s[%d] = %v, float64 %v (bound %g), Generic %v; g = %v", what, c.name, i, c.got, c.ref, c.tol, c.gen, g0[i])
						}
					}
					if gg.s()[i] != g0[i] && !(g0[i] != g0[i]) {
						t.Fatalf("%s: g[%d] changed", what, i)
					}
				}
			}
		}
	})
}

// TestAdamStepFinite: AdamStep's result finds one non-finite new p, m or v
// wherever it is (the vector loop and every tail position), whether it came
// in (p, m, v) or arose (g² overflowing), and lanes past n never count, even
// with eps = 0 where a zero lane would be 0/0.
func TestAdamStepFinite(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		inf, nan := float32(math.Inf(1)), float32(math.NaN())
		for n := 1; n <= 70; n++ {
			for _, eps := range []float32{adamEps, 0} {
				vecs := make([][]float32, 4)
				for i := range vecs {
					vecs[i] = make([]float32, n)
					fill(r, vecs[i], 1)
				}
				for i := range vecs[3] {
					vecs[3][i] = 0.5 + abs32(vecs[3][i]) // v > 0: finite results with eps = 0
				}
				run := func() bool {
					p, m, v := clone32(vecs[0]), clone32(vecs[2]), clone32(vecs[3])
					return AdamStep(p, vecs[1], m, v, adamLR, adamB1, adamB2, adamC1, adamC2, eps)
				}
				if !run() {
					t.Fatalf("n=%d eps=%v: finite values reported non-finite", n, eps)
				}
				for at := range n {
					for _, c := range []struct {
						vec int
						bad float32
					}{{0, inf}, {0, -inf}, {0, nan}, {1, 1e30}, {1, nan}, {2, -inf}, {2, nan}, {3, inf}, {3, nan}} {
						old := vecs[c.vec][at]
						vecs[c.vec][at] = c.bad
						if run() {
							t.Fatalf("n=%d eps=%v: reports finite with %s[%d] = %v", n, eps, "pgmv"[c.vec:c.vec+1], at, c.bad)
						}
						vecs[c.vec][at] = old
					}
				}
			}
		}
	})
}

// TestAdamStepSubnormals: the amd64 tiers flush subnormals to zero inside
// AdamStep when eps ≥ 1e-10 (a subnormal g gives a zero m there, a
// subnormal m elsewhere), not with a smaller eps (where a flushed v could
// make the step infinite: with eps = 0 and g = 1e-20 every tier's step is
// finite), and the caller's floating-point control word is restored, so Go
// arithmetic after the call on the same thread still produces subnormals.
func TestAdamStepSubnormals(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		flushes := map[string]bool{"AVX2": true, "AVX512": true, "AVX512VNNI": true}[kernels.Current()]
		const n = 37
		tiny := math.Float32frombits(0x00012345)               // subnormal
		for _, eps := range []float32{adamEps, 1e-10, 1e-11} { // (not 0: v' underflows to 0 on every tier there)
			p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
			for i := range g {
				p[i], g[i] = 1, tiny
			}
			runtime.LockOSThread()
			finite := AdamStep(p, g, m, v, adamLR, adamB1, adamB2, adamC1, adamC2, eps)
			half := float32(0.5)
			after := normalMin * half // on the thread AdamStep ran on
			runtime.UnlockOSThread()
			if after == 0 {
				t.Fatalf("eps=%v: after AdamStep, 2⁻¹²⁶·0.5 = 0: the control word was not restored", eps)
			}
			wantFlush := flushes && eps >= 1e-10
			for i := range m {
				if flushed := m[i] == 0; flushed != wantFlush || v[i] != 0 {
					t.Fatalf("eps=%v element %d: m = %v v = %v, flush expected %v", eps, i, m[i], v[i], wantFlush)
				}
			}
			if !finite {
				t.Fatalf("eps=%v: a step from a subnormal gradient is not finite: p[0] = %v", eps, p[0])
			}
		}
		// The first step from m = v = 0 with g = 1e-20 and eps = 0: g² is
		// subnormal; unflushed, the step is about lr on every tier.
		p, g, m, v := []float32{1, 1, 1}, []float32{1e-20, -1e-20, 1e-20}, make([]float32, 3), make([]float32, 3)
		if !AdamStep(p, g, m, v, adamLR, adamB1, adamB2, adamC1, adamC2, 0) {
			t.Fatalf("eps = 0, g = 1e-20: p = %v, want finite", p)
		}
	})
}

// normalMin is 2⁻¹²⁶, a variable so that the product above is computed at
// run time.
var normalMin = float32(0x1p-126)

// allFiniteScan reports whether no element of the vectors is ±Inf or NaN.
func allFiniteScan(vecs ...[]float32) bool {
	for _, x := range vecs {
		for _, v := range x {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return false
			}
		}
	}
	return true
}

func clone32(x []float32) []float32 { return append([]float32(nil), x...) }
