package simdnn

import (
	"math"
	"testing"
)

// TestSgemvQuickReturn: as in BLAS, Sgemv leaves y alone when op(a) has no
// columns, or when alpha == 0 and beta == 1 (a -0 in y stays -0).
func TestSgemvQuickReturn(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		negZero := float32(math.Copysign(0, -1))
		for _, ta := range []Transpose{NoTrans, Trans} {
			a := Matrix{Rows: 3, Cols: 0, Stride: 1, Data: nil}
			if ta == Trans {
				a = Matrix{Rows: 0, Cols: 3, Stride: 3, Data: nil}
			}
			y := []float32{1, 2, 3}
			Sgemv(y, 1, a, ta, nil, 0)
			if y[0] != 1 || y[1] != 2 || y[2] != 3 {
				t.Errorf("ta=%d: op(a) with no columns changed y to %v; BLAS leaves it", ta, y)
			}
			b := Matrix{Rows: 3, Cols: 2, Stride: 2, Data: []float32{1, 2, 3, 4, 5, 6}}
			if ta == Trans {
				b = Matrix{Rows: 2, Cols: 3, Stride: 3, Data: []float32{1, 2, 3, 4, 5, 6}}
			}
			y = []float32{negZero, 2, 3}
			Sgemv(y, 0, b, ta, []float32{float32(math.Inf(1)), 1}, 1)
			if math.Float32bits(y[0]) != math.Float32bits(negZero) || y[1] != 2 || y[2] != 3 {
				t.Errorf("ta=%d: alpha 0, beta 1 changed y to %v; BLAS leaves it", ta, y)
			}
		}
	})
}

// TestSgerAlphaZero: as in BLAS, Sger with alpha == 0 does not read x or y,
// so an Inf there leaves a unchanged instead of NaN.
func TestSgerAlphaZero(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		a := Matrix{Rows: 2, Cols: 20, Stride: 20, Data: make([]float32, 40)}
		x := []float32{float32(math.Inf(1)), 1}
		y := make([]float32, 20)
		Sger(a, 0, x, y)
		for i, v := range a.Data {
			if v != 0 {
				t.Fatalf("a[%d] = %v after Sger with alpha 0", i, v)
			}
		}
	})
}
