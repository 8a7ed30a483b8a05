package simdnn

import (
	"fmt"
	"strings"
	"testing"
)

// packedCase is one SgemmPacked call of a test: dst is m×n, op(a) m×k, and
// b packs op(w), k×n.
type packedCase struct {
	m, n, k     int
	ta, tw      Transpose
	alpha, beta float32
}

// rowMajor returns op(w) stored row-major with stride cols (a copy).
func rowMajor(w Matrix, tw Transpose) Matrix {
	rows, cols := w.op(tw)
	out := Matrix{Rows: rows, Cols: cols, Stride: cols, Data: make([]float32, rows*cols)}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if tw == NoTrans {
				out.Data[i*cols+j] = w.Data[i*w.Stride+j]
			} else {
				out.Data[i*cols+j] = w.Data[j*w.Stride+i]
			}
		}
	}
	return out
}

// testPacked packs op(w) for random a and w (with special values in a when
// specials is set) and compares SgemmPacked, for every activation with and
// without a bias, bit for bit with SgemmEpilogue on op(w) stored row-major;
// dst's guards must hold, and packing must leave w as it was.
func testPacked(t *testing.T, c packedCase, specials bool) {
	t.Helper()
	r := newRand(t)
	a, w := randomOperands(r, c.m, c.n, c.k, c.ta, c.tw)
	if specials {
		for _, g := range []*guardedMatrix{a, w} {
			for i := 0; i < g.Rows; i++ {
				withSpecials(r, g.Data[i*g.Stride:i*g.Stride+g.Cols])
			}
		}
	}
	wBefore := w.clone()
	var p PackedMatrix
	p.Pack(w.Matrix, c.tw)
	w.check(t, "Pack")
	for i := range w.Data {
		if !sameBits(w.Data[i], wBefore.Data[i]) {
			t.Fatalf("Pack changed w[%d]", i)
		}
	}
	if p.Rows() != c.k || p.Cols() != c.n {
		t.Fatalf("Pack of a %d×%d op(w): Rows, Cols = %d, %d", c.k, c.n, p.Rows(), p.Cols())
	}
	b := rowMajor(w.Matrix, c.tw)
	c0 := newGuardedMatrix(c.m, c.n, c.n+r.IntN(3), r.IntN(16))
	c0.fill(r, 2)
	bias := make([]float32, c.n)
	fill(r, bias, 1)
	for act := ActLinear; act < numActivations; act++ {
		for _, withBias := range []bool{false, true} {
			if act != ActLinear && act != ActTanh && !withBias {
				continue // the activations share one path: two cover it
			}
			ep := Epilogue{Act: act, Slope: 0.125}
			if withBias {
				ep.Bias = bias
			}
			want, got := c0.clone(), c0.clone()
			SgemmEpilogue(want.Matrix, c.alpha, a.Matrix, c.ta, b, NoTrans, c.beta, ep)
			SgemmPacked(got.Matrix, c.alpha, a.Matrix, c.ta, &p, c.beta, ep)
			what := fmt.Sprintf("SgemmPacked %+v width %d act=%d bias=%v", c, p.width, act, withBias)
			got.check(t, what)
			for i := 0; i < c.m; i++ {
				for j := 0; j < c.n; j++ {
					if !sameBits(got.at(i, j), want.at(i, j)) {
						t.Fatalf("%s: dst[%d][%d] = %v, SgemmEpilogue %v", what, i, j, got.at(i, j), want.at(i, j))
					}
				}
			}
		}
	}
}

// TestSgemmPacked: SgemmPacked is SgemmEpilogue on the row-major op(w), bit
// for bit, on every tier and kernel and through every path: one row (a
// per-panel Sgemv), one panel or less (Sgemm's own paths, the narrow dot
// kernel among them), alpha = 0 and k = 0, a last panel that is full or
// padded, edge tiles, several row and column blocks and k-slices, several
// packing chunks, special values.
func TestSgemmPacked(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		width := packedWidth()
		forEachGemmKernel(t, func(t *testing.T, gk *gemmKernel) {
			mr, nr, blk := gk.mr, gk.nr, gk.blk
			cases := []packedCase{
				{1, 3*width + 5, 20, NoTrans, NoTrans, 1, 0},
				{1, 2 * width, 9, NoTrans, Trans, -0.5, 1},
				{1, width + 1, 40, Trans, NoTrans, 1, 0.5},
				{17, 10, 33, NoTrans, NoTrans, 1, 0.5},
				{9, 3, 130, NoTrans, Trans, 2, 0},
				{6, width, 11, Trans, Trans, 1, 0},
				{7, 1, 12, NoTrans, NoTrans, 1, 0},
				{5, 2*width + 7, 4, NoTrans, NoTrans, 0, 0.5},
				{5, 2*width + 7, 0, Trans, NoTrans, 1, 1},
				{2*mr + 1, 2*nr + 3, 5, Trans, NoTrans, 1, 0},
				{mr + 2, width + nr + 1, 3, Trans, Trans, 1.5, -1},
				{4, 3 * width, 2, NoTrans, NoTrans, 1, 0},
				{2, 2*width + 2, 3, NoTrans, Trans, 1, 0},
				{gemmDirectBMaxM + 5, 2*width + 3, 17, NoTrans, NoTrans, 1, 0},
				{blk.mc + mr + 1, 2*width + 5, blk.kc + 3, NoTrans, NoTrans, 1, 0},
				{2*mr + 3, 2*width + 1, 2*blk.kc + 1, Trans, Trans, 1, 1},
				{3, blk.nc + width + 2, 7, NoTrans, NoTrans, 1, 0},
				{5, 2 * width, 2*packChunk + 3, NoTrans, Trans, 1, 0},
			}
			for i, c := range cases {
				testPacked(t, c, i%4 == 1)
			}
		})
	})
}

// TestSgemmPackedThreads: split across threads (a one-row product by
// panels, others by rows or by columns, shares starting inside a panel),
// SgemmPacked gives what SgemmEpilogue gives on the row-major op(w).
func TestSgemmPackedThreads(t *testing.T) {
	defer SetThreads(SetThreads(1))
	forEachImpl(t, func(t *testing.T) {
		for _, th := range []int{1, 2, 3} {
			SetThreads(th)
			for _, c := range []packedCase{
				{1, 700, 800, NoTrans, NoTrans, 1, 0},    // Sgemv by panels
				{1, 300, 600, NoTrans, Trans, 0.5, 1},    // the same, from wᵀ
				{200, 150, 140, NoTrans, NoTrans, 1, 0},  // by rows
				{37, 700, 90, NoTrans, Trans, 0.5, 0.25}, // by columns
				{300, 160, 140, Trans, NoTrans, 1, 1},    // the AVX512 tier's zmm kernel
			} {
				testPacked(t, c, false)
			}
		}
	})
}

// TestPackedRepack: Pack reuses the storage of a PackedMatrix that is large
// enough (no allocation), and the repacked matrix is the new op(w).
func TestPackedRepack(t *testing.T) {
	r := newRand(t)
	w := Matrix{Rows: 70, Cols: 90, Stride: 90, Data: make([]float32, 70*90)}
	small := Matrix{Rows: 30, Cols: 20, Stride: 90, Data: w.Data}
	x := Matrix{Rows: 3, Cols: 70, Stride: 70, Data: make([]float32, 3*70)}
	fill(r, w.Data, 1)
	fill(r, x.Data, 1)
	var p PackedMatrix
	p.Pack(w, NoTrans)
	if got := testing.AllocsPerRun(10, func() { p.Pack(w, NoTrans) }); got != 0 {
		t.Errorf("Pack of the same shape: %v allocations, want 0", got)
	}
	if got := testing.AllocsPerRun(10, func() { p.Pack(small, Trans) }); got != 0 {
		t.Errorf("Pack of a smaller shape: %v allocations, want 0", got)
	}
	fill(r, w.Data, 1)
	p.Pack(w, NoTrans)
	got := Matrix{Rows: 3, Cols: 90, Stride: 90, Data: make([]float32, 3*90)}
	want := Matrix{Rows: 3, Cols: 90, Stride: 90, Data: make([]float32, 3*90)}
	SgemmPacked(got, 1, x, NoTrans, &p, 0, Epilogue{})
	Sgemm(want, 1, x, NoTrans, w, NoTrans, 0)
	for i := range got.Data {
		if !sameBits(got.Data[i], want.Data[i]) {
			t.Fatalf("after a repack: dst[%d] = %v, Sgemm %v", i, got.Data[i], want.Data[i])
		}
	}
}

// TestSgemmPackedPanics: misuse panics with a message naming SgemmPacked
// or Pack and the problem.
func TestSgemmPackedPanics(t *testing.T) {
	mat := func(r, c int) Matrix { return Matrix{Rows: r, Cols: c, Stride: c, Data: make([]float32, r*c)} }
	var p PackedMatrix
	p.Pack(mat(4, 5), NoTrans)
	a, dst := mat(3, 4), mat(3, 5)
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"b is nil", func() { SgemmPacked(dst, 1, a, NoTrans, nil, 0, Epilogue{}) }},
		{"op(a).Cols is not b.Rows()", func() { SgemmPacked(dst, 1, mat(3, 5), NoTrans, &p, 0, Epilogue{}) }},
		{"dst is not", func() { SgemmPacked(mat(3, 6), 1, a, NoTrans, &p, 0, Epilogue{}) }},
		{"dst is not", func() { SgemmPacked(mat(2, 5), 1, a, NoTrans, &p, 0, Epilogue{}) }},
		{"invalid Transpose", func() { SgemmPacked(dst, 1, a, 7, &p, 0, Epilogue{}) }},
		{"overlap", func() {
			buf := make([]float32, 40)
			SgemmPacked(Matrix{Rows: 3, Cols: 5, Stride: 5, Data: buf[5:20]}, 1, Matrix{Rows: 3, Cols: 4, Stride: 4, Data: buf[:12]}, NoTrans, &p, 0, Epilogue{})
		}},
		{"a.Data is too short", func() {
			SgemmPacked(dst, 1, Matrix{Rows: 3, Cols: 4, Stride: 4, Data: make([]float32, 11)}, NoTrans, &p, 0, Epilogue{})
		}},
		{"len(ep.Bias)", func() { SgemmPacked(dst, 1, a, NoTrans, &p, 0, Epilogue{Bias: make([]float32, 4)}) }},
		{"PackedMatrix.Pack: invalid Transpose", func() { new(PackedMatrix).Pack(mat(2, 2), 3) }},
		{"PackedMatrix.Pack: w.Stride", func() { new(PackedMatrix).Pack(Matrix{Rows: 2, Cols: 3, Stride: 2, Data: make([]float32, 6)}, NoTrans) }},
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "simdnn.") || !strings.Contains(msg, c.want) {
					t.Errorf("panic %q, want one with %q", msg, c.want)
				}
			}()
			c.f()
		}()
	}
}

// TestPackedWidth: every kernel of the tier reads whole tiles from a panel.
func TestPackedWidth(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		width := packedWidth()
		for _, gk := range append(tierGemmKernels(), &gemmGeneric) {
			if width%gk.nr != 0 {
				t.Errorf("panel width %d is not a multiple of the %d×%d kernel's nr", width, gk.mr, gk.nr)
			}
		}
		if width > 64 {
			t.Errorf("panel width %d: a narrow matrix would be mostly padding", width)
		}
	})
}
