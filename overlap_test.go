package simdnn

import "testing"

// panicMessage runs f and returns what it panicked with ("" if it did not).
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg, _ = r.(string)
			if msg == "" {
				msg = "non-string panic"
			}
		}
	}()
	f()
	return ""
}

// TestOverlapPanics: partial overlaps between what a kernel writes and what
// it reads panic on every tier (before any tier runs, so no tier can give
// its own answer), while exact in-place calls of the element-wise kernels
// work.
func TestOverlapPanics(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		buf := make([]float32, 64)
		for i := range buf {
			buf[i] = float32(i%7) - 3
		}
		view := func(off, r, c int) Matrix { return Matrix{Rows: r, Cols: c, Stride: c, Data: buf[off : off+r*c]} }
		cases := []struct {
			want string
			f    func()
		}{
			{"simdnn.Saxpy: dst overlaps x", func() { Saxpy(buf[1:5], 2, buf[0:4]) }},
			{"simdnn.Saxpy: dst overlaps x", func() { Saxpy(buf[0:4], 2, buf[1:5]) }},
			{"simdnn.Sigmoid: dst overlaps x", func() { Sigmoid(buf[2:40], buf[0:38]) }},
			{"simdnn.Tanh: dst overlaps x", func() { Tanh(buf[0:38], buf[2:40]) }},
			{"simdnn.Relu: dst overlaps x", func() { Relu(buf[1:33], buf[0:32]) }},
			{"simdnn.SigmoidGrad: dst overlaps dy", func() { SigmoidGrad(buf[0:16], buf[20:36], buf[8:24]) }},
			{"simdnn.TanhGrad: dst overlaps y", func() { TanhGrad(buf[4:20], buf[0:16], buf[40:56]) }},
			{"simdnn.ReluGrad: dst overlaps dy", func() { ReluGrad(buf[0:16], buf[0:16], buf[15:31]) }},
			{"simdnn.Sgemm: dst overlaps a", func() { Sgemm(view(0, 3, 3), 1, view(0, 3, 3), NoTrans, view(20, 3, 3), NoTrans, 0) }},
			{"simdnn.Sgemm: dst overlaps b", func() { Sgemm(view(20, 3, 3), 1, view(0, 3, 3), NoTrans, view(26, 3, 3), NoTrans, 1) }},
			{"simdnn.Sgemv: y overlaps a", func() { Sgemv(buf[5:8], 1, view(0, 3, 3), NoTrans, buf[40:43], 0) }},
			{"simdnn.Sgemv: y overlaps x", func() { Sgemv(buf[40:43], 1, view(0, 3, 3), NoTrans, buf[42:45], 0) }},
			{"simdnn.Sger: a overlaps x", func() { Sger(view(0, 3, 3), 1, buf[8:11], buf[40:43]) }},
			{"simdnn.Sger: a overlaps y", func() { Sger(view(10, 3, 3), 1, buf[0:3], buf[18:21]) }},
			{"simdnn.AddBias: dst overlaps b", func() { AddBias(view(0, 3, 3), buf[6:9]) }},
			{"simdnn.SumRows: dst overlaps x", func() { SumRows(buf[8:11], view(0, 3, 3)) }},
			{"simdnn.Softmax: dst overlaps x", func() { Softmax(view(2, 3, 3), view(0, 3, 3)) }},
			{"simdnn.AdamStep: p overlaps m", func() { AdamStep(buf[0:8], buf[20:28], buf[4:12], buf[40:48], 1e-3, 0.9, 0.999, 1, 1, 1e-8) }},
			{"simdnn.AdamStep: m overlaps v", func() { AdamStep(buf[0:8], buf[20:28], buf[30:38], buf[36:44], 1e-3, 0.9, 0.999, 1, 1, 1e-8) }},
		}
		for i, c := range cases {
			if got := panicMessage(c.f); got != c.want {
				t.Errorf("case %d: panic %q, want %q", i, got, c.want)
			}
		}
		// Exactly in place is allowed and gives the out-of-place result.
		x := []float32{-2, -0.5, 0, 0.5, 2, 3, -4, 5, 6, -7, 8, 9, 10, -11, 12, 13, 14}
		inPlace := func(name string, f func(dst, x []float32)) {
			want := make([]float32, len(x))
			f(want, x)
			got := append([]float32(nil), x...)
			if msg := panicMessage(func() { f(got, got) }); msg != "" {
				t.Fatalf("%s in place panicked: %s", name, msg)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s in place: element %d = %v, out of place %v", name, i, got[i], want[i])
				}
			}
		}
		sx := append([]float32(nil), x...)
		Saxpy(sx, 2, sx) // dst[i] += 2·dst[i]
		for i := range sx {
			if sx[i] != 3*x[i] {
				t.Fatalf("Saxpy in place: element %d = %v, want %v", i, sx[i], 3*x[i])
			}
		}
		inPlace("Sigmoid", Sigmoid)
		inPlace("Tanh", Tanh)
		inPlace("Relu", Relu)
		inPlace("SigmoidGrad", func(dst, x []float32) { SigmoidGrad(dst, x, x) })
		sm := Matrix{Rows: 1, Cols: len(x), Stride: len(x), Data: append([]float32(nil), x...)}
		if msg := panicMessage(func() { Softmax(sm, sm) }); msg != "" {
			t.Fatalf("Softmax in place panicked: %s", msg)
		}
	})
}

// TestMatricesOverlap compares matricesOverlap with the sets of elements
// the two views name, for every small placement in one buffer: same
// strides (column blocks of one matrix, rows interleaving) and different.
func TestMatricesOverlap(t *testing.T) {
	buf := make([]float32, 96)
	view := func(off, r, c, s int) Matrix {
		if r == 0 || c == 0 {
			return Matrix{Rows: r, Cols: c, Stride: s}
		}
		return Matrix{Rows: r, Cols: c, Stride: s, Data: buf[off : off+(r-1)*s+c]}
	}
	cells := func(off int, m Matrix) map[int]bool {
		set := map[int]bool{}
		for i := 0; i < m.Rows; i++ {
			for j := 0; j < m.Cols; j++ {
				set[off+i*m.Stride+j] = true
			}
		}
		return set
	}
	checked := 0
	for sx := 1; sx <= 5; sx++ {
		for sy := sx; sy <= sx+1; sy++ {
			for ox := 0; ox < 12; ox++ {
				for oy := 0; oy < 12; oy++ {
					for rx := 0; rx <= 3; rx++ {
						for cx := 0; cx <= sx; cx++ {
							for ry := 0; ry <= 3; ry++ {
								for cy := 0; cy <= sy; cy++ {
									x, y := view(ox, rx, cx, sx), view(oy, ry, cy, sy)
									setX, setY := cells(ox, x), cells(oy, y)
									want := false
									for e := range setX {
										want = want || setY[e]
									}
									if got := matricesOverlap(x, y); got != want && (got == false || sx == sy) {
										// different strides may report a false overlap (address ranges), never miss one
										t.Fatalf("x %dx%d stride %d at %d, y %dx%d stride %d at %d: overlap %v, want %v",
											x.Rows, x.Cols, sx, ox, y.Rows, y.Cols, sy, oy, got, want)
									}
									checked++
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d pairs", checked)
}
