//go:build gc && !purego && !noasm && (amd64 || arm64)

package simdnn

import (
	"math"
	"testing"
)

// TestMaxNaNAsm: the tier's row-maximum scan of Softmax (maxNaNAsm, where
// the architecture has one) against Go, at every length it takes up to
// 3·16+8, with a NaN at each position in turn, ±Inf, ±0 and subnormals.
func TestMaxNaNAsm(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		if !asmOn() {
			t.Skip("no asm scan on this tier")
		}
		r := newRand(t)
		for n := maxNaNVec; n <= 3*16+8; n += maxNaNVec {
			x := make([]float32, n)
			for trial := 0; trial < 20; trial++ {
				fill(r, x, 100)
				if trial%2 == 1 {
					withSpecials(r, x)
				}
				if trial == 2 {
					for i := range x {
						x[i] = float32(math.Inf(-1))
					}
				}
				if trial == 3 {
					for i := range x {
						x[i] = float32(math.Copysign(0, -1))
					}
					x[n-1] = 0
				}
				wantNaN, want := false, float32(math.Inf(-1))
				for _, v := range x {
					wantNaN = wantNaN || v != v
					want = max(want, v)
				}
				m, nan := maxNaNAsm(&x[0], n)
				if nan != wantNaN || !nan && m != want {
					t.Fatalf("n=%d trial %d: maxNaNAsm = %v, %v; want %v, %v (x %v)", n, trial, m, nan, want, wantNaN, x)
				}
			}
			for p := 0; p < n; p++ { // one NaN, at every position
				fill(r, x, 1)
				x[p] = float32(math.NaN())
				if _, nan := maxNaNAsm(&x[0], n); !nan {
					t.Fatalf("n=%d: the NaN at %d was not seen", n, p)
				}
			}
		}
	})
}
