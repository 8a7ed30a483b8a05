package simdnn

import (
	"fmt"
	"math"
	"testing"
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
	tm = 4*eps32*(math.Abs(bm)+math.Abs(am)) + subnormalUlp
	tv = 4*eps32*(math.Abs(bv)+math.Abs(av)) + subnormalUlp
	// The step carries m's absolute error (large against m itself when
	// b1·m and (1-b1)·g cancel) and a few roundings of its own.
	tp = 2*eps32*math.Abs(rp) + 16*eps32*math.Abs(u) + float64(lr)*float64(c1)/den*tm + subnormalUlp
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
				AdamStep(gp.s(), gg.s(), gm.s(), gv.s(), adamLR, adamB1, adamB2, adamC1, adamC2, adamEps)
				what := fmt.Sprintf("AdamStep n=%d off=%d", n, off)
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

func clone32(x []float32) []float32 { return append([]float32(nil), x...) }
