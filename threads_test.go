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
