package simdnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// epilogueCase is one SgemmEpilogue call of a test.
type epilogueCase struct {
	m, n, k     int
	ta, tb      Transpose
	alpha, beta float32
}

// composed computes what SgemmEpilogue must give: Sgemm, AddBias, then the
// activation, each over the whole of dst.
func composed(dst, a Matrix, b Matrix, c epilogueCase, ep Epilogue) {
	Sgemm(dst, c.alpha, a, c.ta, b, c.tb, c.beta)
	if ep.Bias != nil {
		AddBias(dst, ep.Bias)
	}
	for i := 0; i < dst.Rows; i++ {
		row := dst.Data[i*dst.Stride : i*dst.Stride+dst.Cols]
		switch ep.Act {
		case ActReLU:
			Relu(row, row)
		case ActSigmoid:
			Sigmoid(row, row)
		case ActTanh:
			Tanh(row, row)
		case ActLeakyReLU:
			for j, v := range row {
				if v < 0 {
					row[j] = ep.Slope * v
				}
			}
		}
	}
}

// testEpilogue runs SgemmEpilogue on random operands (with special values
// when specials is set) for every activation, with and without a bias, and
// compares it bit for bit with composed; dst's guards must hold.
func testEpilogue(t *testing.T, r *rand.Rand, c epilogueCase, specials bool) {
	t.Helper()
	a, b := randomOperands(r, c.m, c.n, c.k, c.ta, c.tb)
	if specials {
		sp := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0, float32(math.Copysign(0, -1)), 1e-40}
		for i := range a.Data {
			if r.IntN(50) == 0 && i%a.Stride < a.Cols {
				a.Data[i] = sp[r.IntN(len(sp))]
			}
		}
	}
	c0 := newGuardedMatrix(c.m, c.n, c.n+r.IntN(3), r.IntN(16))
	c0.fill(r, 2)
	bias := make([]float32, c.n)
	fill(r, bias, 1)
	for act := ActLinear; act < numActivations; act++ {
		for _, withBias := range []bool{false, true} {
			ep := Epilogue{Act: act, Slope: 0.125}
			if withBias {
				ep.Bias = bias
			}
			want, got, applied := c0.clone(), c0.clone(), c0.clone()
			composed(want.Matrix, a.Matrix, b.Matrix, c, ep)
			SgemmEpilogue(got.Matrix, c.alpha, a.Matrix, c.ta, b.Matrix, c.tb, c.beta, ep)
			Sgemm(applied.Matrix, c.alpha, a.Matrix, c.ta, b.Matrix, c.tb, c.beta)
			ApplyEpilogue(applied.Matrix, ep)
			what := fmt.Sprintf("SgemmEpilogue %+v act=%d bias=%v", c, act, withBias)
			got.check(t, what)
			applied.check(t, "ApplyEpilogue "+what)
			for i := 0; i < c.m; i++ {
				for j := 0; j < c.n; j++ {
					if !sameBits(got.at(i, j), want.at(i, j)) {
						t.Fatalf("%s: dst[%d][%d] = %v, Sgemm+AddBias+activation %v", what, i, j, got.at(i, j), want.at(i, j))
					}
					if !sameBits(applied.at(i, j), want.at(i, j)) {
						t.Fatalf("%s: Sgemm then ApplyEpilogue: dst[%d][%d] = %v, Sgemm+AddBias+activation %v", what, i, j, applied.at(i, j), want.at(i, j))
					}
				}
			}
		}
	}
}

// TestSgemmEpilogue: SgemmEpilogue, and Sgemm followed by ApplyEpilogue,
// are Sgemm, AddBias and the activation bit for bit, on every tier and kernel and every path of the driver: one row
// (Sgemv), the narrow dot kernel, alpha = 0 and k = 0, edge tiles, several
// row blocks (mc), column blocks (nc) and k-slices (kc, where only the last
// may apply the epilogue), special values.
func TestSgemmEpilogue(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		forEachGemmKernel(t, func(t *testing.T, gk *gemmKernel) {
			r := newRand(t)
			mr, nr, blk := gk.mr, gk.nr, gk.blk
			cases := []epilogueCase{
				{1, 37, 20, NoTrans, NoTrans, 1, 0},
				{1, 40, 9, NoTrans, Trans, -0.5, 1},
				{17, 10, 33, NoTrans, NoTrans, 1, 0.5},
				{9, 3, 130, NoTrans, Trans, 2, 0},
				{5, 7, 4, NoTrans, NoTrans, 0, 0.5},
				{5, 7, 0, Trans, NoTrans, 1, 1},
				{2*mr + 1, 2*nr + 3, 5, Trans, NoTrans, 1, 0},
				{mr + 2, nr + 1, 3, Trans, Trans, 1.5, -1},
				{blk.mc + mr + 1, nr + 5, blk.kc + 3, NoTrans, NoTrans, 1, 0},
				{2*mr + 3, 2*nr + 1, 2*blk.kc + 1, Trans, NoTrans, 1, 1},
				{3, blk.nc + nr + 2, 7, NoTrans, NoTrans, 1, 0},
			}
			for i, c := range cases {
				testEpilogue(t, r, c, i%3 == 1)
			}
		})
	})
}

// TestSgemmEpilogueThreads: split across threads (by rows, or by columns,
// each share with its part of the bias), SgemmEpilogue gives what one thread
// gives, and what Sgemm, AddBias and the activation give.
func TestSgemmEpilogueThreads(t *testing.T) {
	defer SetThreads(SetThreads(1))
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		for _, th := range []int{1, 2, 3} {
			SetThreads(th)
			for _, c := range []epilogueCase{
				{200, 150, 140, NoTrans, NoTrans, 1, 0},  // by rows
				{37, 700, 90, NoTrans, Trans, 0.5, 0.25}, // by columns
				{300, 160, 140, Trans, NoTrans, 1, 1},    // the AVX512 tier's zmm kernel
			} {
				testEpilogue(t, r, c, false)
			}
		}
	})
}
