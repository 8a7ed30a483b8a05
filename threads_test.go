package simdnn

import (
	"fmt"
	"math"
	"sync"
	"testing"
)

// TestSgemmThreads: every split gives the same bits as one thread, on every
// tier, for row and column splits, all transposes and edge-sized shapes.
func TestSgemmThreads(t *testing.T) {
	defer SetThreads(SetThreads(1))
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		// The last two take the AVX512 tier's zmm kernel (m ≥ 256, 128 ≤ n ≤ 512).
		shapes := []struct{ m, n, k int }{{200, 150, 140}, {37, 700, 90}, {701, 33, 95}, {130, 130, 300}, {300, 160, 140}, {260, 500, 50}}
		for _, s := range shapes {
			for _, ta := range transposes {
				for _, tb := range transposes {
					ar, ac := stored(s.m, s.k, ta)
					br, bc := stored(s.k, s.n, tb)
					a, b := newGuardedMatrix(ar, ac, ac+1, 3), newGuardedMatrix(br, bc, bc+2, 5)
					a.fill(r, 1)
					b.fill(r, 1)
					c0 := newGuardedMatrix(s.m, s.n, s.n+3, 7)
					c0.fill(r, 1)
					SetThreads(1)
					want := c0.clone()
					Sgemm(want.Matrix, 0.5, a.Matrix, ta, b.Matrix, tb, 0.25)
					for _, th := range []int{2, 3, 4, 7} {
						SetThreads(th)
						got := c0.clone()
						Sgemm(got.Matrix, 0.5, a.Matrix, ta, b.Matrix, tb, 0.25)
						what := fmt.Sprintf("threads=%d m=%d n=%d k=%d ta=%d tb=%d", th, s.m, s.n, s.k, ta, tb)
						got.check(t, what)
						for i, v := range got.buf {
							if math.Float32bits(v) != math.Float32bits(want.buf[i]) {
								t.Fatalf("%s: element %d = %v, one thread gives %v", what, i-got.off, v, want.buf[i])
							}
						}
					}
				}
			}
		}
	})
}

// TestSgemvThreads: Sgemv split across threads (parts of y in whole kernel
// strips) gives what one thread gives, bit for bit, on every tier, at sizes
// around the split threshold and with y lengths off the strip width.
func TestSgemvThreads(t *testing.T) {
	defer SetThreads(SetThreads(1))
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		for _, s := range []struct{ rows, cols int }{{784, 128}, {512, 127}, {300, 219}, {gemvParallelMin/64 - 1, 64}, {gemvParallelMin / 64, 64}, {4096, 17}, {17, 4099}} {
			for _, ta := range transposes {
				a := newGuardedMatrix(s.rows, s.cols, s.cols+3, 5)
				a.fill(r, 1)
				ylen, xlen := a.op(ta)
				x := make([]float32, xlen)
				fill(r, x, 1)
				y0 := newGuarded(ylen, 3)
				fill(r, y0.s(), 1)
				want := map[float32][]float32{}
				for _, th := range []int{1, 2, 3, 5} {
					SetThreads(th)
					for _, beta := range []float32{0, 0.5} {
						y := newGuarded(ylen, 3)
						copy(y.s(), y0.s())
						Sgemv(y.s(), 1.5, a.Matrix, ta, x, beta)
						what := fmt.Sprintf("Sgemv %dx%d ta=%d threads=%d beta=%v", s.rows, s.cols, ta, th, beta)
						y.check(t, what)
						if th == 1 {
							want[beta] = clone32(y.s())
							continue
						}
						for i, w := range want[beta] {
							if math.Float32bits(y.s()[i]) != math.Float32bits(w) {
								t.Fatalf("%s: y[%d] = %v, one thread gives %v", what, i, y.s()[i], w)
							}
						}
					}
				}
			}
		}
	})
}

// TestSgemmThreadsConcurrent: several goroutines share the worker pool.
func TestSgemmThreadsConcurrent(t *testing.T) {
	defer SetThreads(SetThreads(3))
	mat := func(r, c int, v float32) Matrix {
		m := Matrix{Rows: r, Cols: c, Stride: c, Data: make([]float32, r*c)}
		for i := range m.Data {
			m.Data[i] = v
		}
		return m
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, b, c := mat(160, 120, float32(g+1)), mat(120, 140, 0.5), mat(160, 140, 0)
			for range 5 {
				Sgemm(c, 1, a, NoTrans, b, NoTrans, 0)
				if want := float32(g+1) * 0.5 * 120; c.Data[0] != want || c.Data[len(c.Data)-1] != want {
					t.Errorf("goroutine %d: dst = %v … %v, want %v", g, c.Data[0], c.Data[len(c.Data)-1], want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestSgemmThreadsAllocs(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage counters allocate")
	}
	defer SetThreads(SetThreads(2))
	a := Matrix{Rows: 256, Cols: 256, Stride: 256, Data: make([]float32, 256*256)}
	c := Matrix{Rows: 256, Cols: 256, Stride: 256, Data: make([]float32, 256*256)}
	if got := testing.AllocsPerRun(10, func() { Sgemm(c, 1, a, NoTrans, a, Trans, 1) }); got != 0 {
		t.Errorf("%v allocations per split Sgemm, want 0", got)
	}
	if got := testing.AllocsPerRun(10, func() { Sgemv(c.Data[:256], 1, a, Trans, a.Data[:256], 0) }); got != 0 {
		t.Errorf("%v allocations per split Sgemv, want 0", got)
	}
	half := func(m Matrix, i int) Matrix {
		return Matrix{Rows: 128, Cols: 256, Stride: 256, Data: m.Data[i*128*256 : (i+1)*128*256]}
	}
	calls := []GemmCall{{Dst: half(c, 0), Alpha: 1, A: half(a, 0), B: a, TB: Trans}, {Dst: half(c, 1), Alpha: 1, A: half(a, 1), B: a, TB: Trans}}
	if got := testing.AllocsPerRun(10, func() { SgemmBatch(calls) }); got != 0 {
		t.Errorf("%v allocations per split SgemmBatch, want 0", got)
	}
	ep := Epilogue{Bias: make([]float32, 256), Act: ActTanh}
	if got := testing.AllocsPerRun(10, func() { SgemmEpilogue(c, 1, a, NoTrans, a, Trans, 1, ep) }); got != 0 {
		t.Errorf("%v allocations per split SgemmEpilogue, want 0", got)
	}
}

func TestSetThreads(t *testing.T) {
	defer SetThreads(SetThreads(0))
	SetThreads(5)
	if Threads() != 5 {
		t.Fatalf("Threads() = %d after SetThreads(5)", Threads())
	}
	if prev := SetThreads(-1); prev != 5 || Threads() < 1 {
		t.Fatalf("SetThreads(-1) returned %d, Threads() = %d", prev, Threads())
	}
}

// TestVectorThreads: AdamStep and AllFinite give the same results for any
// thread count, on every tier, at lengths around the split threshold and the
// share alignment; AllFinite and AdamStep's result find one non-finite value
// wherever it is.
func TestVectorThreads(t *testing.T) {
	defer SetThreads(SetThreads(1))
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		for _, n := range []int{vecParallelMin - 1, vecParallelMin, vecParallelMin + 1, 3*vecParallelMin + 17, 5*vecShareAlign*64 + 3} {
			vecs := make([][]float32, 4)
			for i := range vecs {
				vecs[i] = make([]float32, n)
				for j := range vecs[i] {
					vecs[i][j] = float32(r.NormFloat64())
				}
			}
			for j := range vecs[3] {
				vecs[3][j] *= vecs[3][j] // v ≥ 0
			}
			var want []float32
			for _, th := range []int{1, 2, 3, 7} {
				SetThreads(th)
				p := append([]float32(nil), vecs[0]...)
				m := append([]float32(nil), vecs[2]...)
				v := append([]float32(nil), vecs[3]...)
				if !AdamStep(p, vecs[1], m, v, 1e-3, 0.9, 0.999, 1.5, 1.1, 1e-8) {
					t.Fatalf("AdamStep n=%d threads=%d: finite values reported non-finite", n, th)
				}
				for _, at := range []int{0, n/2 + 1, n - 1} {
					g := append([]float32(nil), vecs[1]...)
					g[at] = float32(math.Inf(-1))
					if AdamStep(append([]float32(nil), p...), g, append([]float32(nil), m...), append([]float32(nil), v...), 1e-3, 0.9, 0.999, 1.5, 1.1, 1e-8) {
						t.Fatalf("AdamStep n=%d threads=%d: reports finite with g[%d] = -Inf", n, th, at)
					}
				}
				got := append(append(p, m...), v...)
				if th == 1 {
					want = got
					continue
				}
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("AdamStep n=%d threads=%d: element %d = %v, one thread gives %v", n, th, i, got[i], want[i])
					}
				}
			}
			x := vecs[0]
			for _, th := range []int{1, 2, 3} {
				SetThreads(th)
				if !AllFinite(x) {
					t.Fatalf("AllFinite n=%d threads=%d: false for finite values", n, th)
				}
				for _, at := range []int{0, 1, n / 3, n/2 + 1, n - 2, n - 1} {
					for _, bad := range []float32{float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())} {
						old := x[at]
						x[at] = bad
						if AllFinite(x) {
							t.Fatalf("AllFinite n=%d threads=%d: true with x[%d] = %v", n, th, at, bad)
						}
						x[at] = old
					}
				}
			}
		}
		for n := range 70 { // short vectors, huge finite values, -0
			x := make([]float32, n)
			for i := range x {
				x[i] = []float32{math.MaxFloat32, -math.MaxFloat32, float32(math.Copysign(0, -1)), 1e-45}[i%4]
			}
			if !AllFinite(x) {
				t.Fatalf("AllFinite n=%d: false for finite values", n)
			}
		}
	})
}

func TestVectorThreadsAllocs(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage counters allocate")
	}
	defer SetThreads(SetThreads(2))
	n := 2 * vecParallelMin
	p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	if got := testing.AllocsPerRun(10, func() { AdamStep(p, g, m, v, 1e-3, 0.9, 0.999, 1, 1, 1e-8) }); got != 0 {
		t.Errorf("%v allocations per split AdamStep, want 0", got)
	}
	if got := testing.AllocsPerRun(10, func() { AllFinite(p) }); got != 0 {
		t.Errorf("%v allocations per split AllFinite, want 0", got)
	}
}
