package simdnn

import (
	"fmt"
	"math"
	"testing"
)

// TestSgemmBatch: every call of a batch gives what SgemmEpilogue gives for
// it alone, bit for bit, for any thread count (calls spread over the
// goroutines, and split further when there are more threads than calls):
// column blocks of one dst with the row blocks of B they read (a layer cut
// into shards), a product reading another call's operands, one-row and
// narrow calls, epilogues, empty calls.
func TestSgemmBatch(t *testing.T) {
	defer SetThreads(SetThreads(1))
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		x := newGuardedMatrix(70, 300, 303, 5) // a layer's input, 300 wide
		w := newGuardedMatrix(300, 130, 131, 3)
		y := newGuardedMatrix(70, 300, 300, 1) // dX-like output, written in column blocks
		x.fill(r, 1)
		w.fill(r, 1)
		d := newGuardedMatrix(70, 130, 130, 2)
		d.fill(r, 1)
		bias := make([]float32, 130)
		fill(r, bias, 1)
		parts := []*guardedMatrix{newGuardedMatrix(70, 130, 130, 0), newGuardedMatrix(70, 130, 130, 4), newGuardedMatrix(70, 130, 130, 6)}
		one := newGuardedMatrix(1, 130, 130, 0)
		// big is past the thread split (2·m·n·k ≥ gemmParallelMinFlops): with
		// more threads than calls it splits inside its share.
		bigA, bigB := newGuardedMatrix(160, 170, 171, 1), newGuardedMatrix(170, 160, 160, 2)
		bigA.fill(r, 1)
		bigB.fill(r, 1)
		big := newGuardedMatrix(160, 160, 161, 3)
		narrow := newGuardedMatrix(70, 7, 9, 0)
		rows := func(m Matrix, k0, k1 int) Matrix {
			return Matrix{Rows: k1 - k0, Cols: m.Cols, Stride: m.Stride, Data: m.Data[k0*m.Stride : (k1-1)*m.Stride+m.Cols]}
		}
		cols := func(m Matrix, k0, k1 int) Matrix {
			return Matrix{Rows: m.Rows, Cols: k1 - k0, Stride: m.Stride, Data: m.Data[k0 : (m.Rows-1)*m.Stride+k1]}
		}
		calls := []GemmCall{
			{Dst: parts[0].Matrix, Alpha: 1, A: cols(x.Matrix, 0, 100), B: rows(w.Matrix, 0, 100)},
			{Dst: parts[1].Matrix, Alpha: 1, A: cols(x.Matrix, 100, 200), B: rows(w.Matrix, 100, 200), Ep: Epilogue{Bias: bias, Act: ActSigmoid}},
			{Dst: parts[2].Matrix, Alpha: 0.5, A: cols(x.Matrix, 200, 300), B: rows(w.Matrix, 200, 300), Beta: 1, Ep: Epilogue{Act: ActLeakyReLU, Slope: 0.1}},
			{Dst: cols(y.Matrix, 0, 150), Alpha: 1, A: d.Matrix, B: rows(w.Matrix, 0, 150), TB: Trans},
			{Dst: cols(y.Matrix, 150, 300), Alpha: 1, A: d.Matrix, B: rows(w.Matrix, 150, 300), TB: Trans, Ep: Epilogue{Act: ActTanh}},
			{Dst: one.Matrix, Alpha: 1, A: rows(x.Matrix, 3, 4), B: w.Matrix},
			{Dst: narrow.Matrix, Alpha: 1, A: x.Matrix, B: cols(w.Matrix, 0, 7), Ep: Epilogue{Act: ActReLU}},
			{Dst: big.Matrix, Alpha: 1, A: bigA.Matrix, B: bigB.Matrix, Beta: 0.5, Ep: Epilogue{Act: ActTanh}},
			{Dst: Matrix{Rows: 0, Cols: 5, Stride: 5}, Alpha: 1, A: Matrix{Rows: 0, Cols: 3, Stride: 3}, B: Matrix{Rows: 3, Cols: 5, Stride: 5, Data: make([]float32, 15)}},
		}
		if 2*160*160*170 < gemmParallelMinFlops {
			t.Fatal("the big call no longer reaches the thread split")
		}
		outs := []*guardedMatrix{parts[0], parts[1], parts[2], y, y, one, narrow, big}
		for _, o := range outs {
			o.fill(r, 1)
		}
		start := make([][]float32, len(outs))
		for i, o := range outs {
			start[i] = clone32(o.buf)
		}
		reset := func() {
			for i, o := range outs {
				copy(o.buf, start[i])
			}
		}
		// Each call alone, in order (calls 3 and 4 share y, in disjoint columns).
		want := make([][]float32, len(outs))
		for i, c := range calls[:len(outs)] {
			if i != 4 {
				reset()
			}
			SgemmEpilogue(c.Dst, c.Alpha, c.A, c.TA, c.B, c.TB, c.Beta, c.Ep)
			want[i] = clone32(outs[i].buf)
		}
		want[3] = want[4] // y holds both column blocks after call 4
		for _, th := range []int{1, 2, 3, 5, 16} {
			SetThreads(th)
			reset()
			SgemmBatch(calls)
			for i, o := range outs {
				what := fmt.Sprintf("threads=%d call %d", th, i)
				o.check(t, what)
				for e, v := range o.buf {
					if math.Float32bits(v) != math.Float32bits(want[i][e]) && !(v != v && want[i][e] != want[i][e]) {
						t.Fatalf("%s: element %d = %v, SgemmEpilogue alone %v", what, e-o.off, v, want[i][e])
					}
				}
			}
		}
	})
}

// TestSgemmBatchPanics: calls that write what another call reads or writes
// panic before anything runs, naming what overlaps; column blocks of one
// matrix do not count as overlapping.
func TestSgemmBatchPanics(t *testing.T) {
	buf := make([]float32, 200)
	m := func(off, r, c, s int) Matrix {
		return Matrix{Rows: r, Cols: c, Stride: s, Data: buf[off : off+(r-1)*s+c]}
	}
	b := Matrix{Rows: 2, Cols: 3, Stride: 3, Data: make([]float32, 6)}
	a := Matrix{Rows: 4, Cols: 2, Stride: 2, Data: make([]float32, 8)}
	cases := []struct {
		want  string
		calls []GemmCall
	}{
		{"", []GemmCall{{Dst: m(0, 4, 3, 10), A: a, B: b}, {Dst: m(3, 4, 3, 10), A: a, B: b}}},
		{"simdnn.SgemmBatch: a call's Dst overlaps another call's Dst", []GemmCall{{Dst: m(0, 4, 3, 10), A: a, B: b}, {Dst: m(2, 4, 3, 10), A: a, B: b}}},
		{"simdnn.SgemmBatch: a call's Dst overlaps another call's A", []GemmCall{{Dst: m(0, 4, 3, 10), A: a, B: b}, {Dst: m(100, 4, 3, 3), A: m(10, 4, 2, 10), B: b}}},
		{"simdnn.SgemmBatch: a call's Dst overlaps another call's B", []GemmCall{{Dst: m(50, 4, 3, 3), A: a, B: b}, {Dst: m(100, 4, 3, 3), A: a, B: m(55, 2, 3, 3)}}},
		{"simdnn.SgemmBatch: a call's Dst overlaps another call's Ep.Bias", []GemmCall{{Dst: m(50, 4, 3, 3), A: a, B: b}, {Dst: m(100, 4, 3, 3), A: a, B: b, Ep: Epilogue{Bias: buf[52:55]}}}},
		{"simdnn.SgemmBatch: dst is not op(a).Rows×op(b).Cols", []GemmCall{{Dst: m(0, 3, 3, 3), A: a, B: b}}},
		{"simdnn.SgemmBatch: ep.Act is not an Activation", []GemmCall{{Dst: m(0, 4, 3, 3), A: a, B: b, Ep: Epilogue{Act: 200}}}},
	}
	for _, c := range cases {
		if got := panicMessage(func() { SgemmBatch(c.calls) }); got != c.want {
			t.Errorf("panic %q, want %q", got, c.want)
		}
	}
}

// TestFreeListFitting: getFitting takes a kept value that fits, else the
// largest kept one, else a new one.
func TestFreeListFitting(t *testing.T) {
	var l freeList[[]float32]
	size := func(v *[]float32) int { return cap(*v) }
	need := func(n int) func(v *[]float32) bool { return func(v *[]float32) bool { return cap(*v) >= n } }
	if v := l.getFitting(need(1), size); v == nil || cap(*v) != 0 {
		t.Fatalf("empty list: got %v, want a new value", v)
	}
	for _, n := range []int{10, 1000, 100} {
		v := make([]float32, n)
		l.put(&v)
	}
	if v := l.getFitting(need(500), size); cap(*v) != 1000 {
		t.Fatalf("need 500: got cap %d, want the 1000 one", cap(*v))
	}
	if v := l.getFitting(need(5000), size); cap(*v) != 100 {
		t.Fatalf("need 5000 of 10, 100: got cap %d, want the largest, 100", cap(*v))
	}
	if v := l.getFitting(need(5), size); cap(*v) != 10 {
		t.Fatalf("need 5: got cap %d, want the last one, 10", cap(*v))
	}
}
