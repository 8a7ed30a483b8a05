package simdnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// guardedMatrix is a rows×cols view with the given stride whose Data ends at
// its last element, inside a buffer where everything outside the view (guard
// elements and the gaps between rows) holds the sentinel.
type guardedMatrix struct {
	Matrix
	buf []float32
	off int
}

func newGuardedMatrix(rows, cols, stride, off int) *guardedMatrix {
	size := 0
	if rows > 0 && cols > 0 {
		size = (rows-1)*stride + cols
	}
	g := &guardedMatrix{buf: make([]float32, guardLen+off+size+guardLen), off: guardLen + off}
	for i := range g.buf {
		g.buf[i] = guard
	}
	g.Matrix = Matrix{Rows: rows, Cols: cols, Stride: stride, Data: g.buf[g.off : g.off+size : g.off+size]}
	return g
}

func (g *guardedMatrix) at(i, j int) float32 { return g.Data[i*g.Stride+j] }

func (g *guardedMatrix) fill(r *rand.Rand, scale float32) {
	for i := 0; i < g.Rows; i++ {
		fill(r, g.Data[i*g.Stride:i*g.Stride+g.Cols], scale)
	}
}

// check fails if anything outside the view changed.
func (g *guardedMatrix) check(t *testing.T, what string) {
	t.Helper()
	for p, v := range g.buf {
		q := p - g.off
		if q >= 0 && q < len(g.Data) && q%g.Stride < g.Cols {
			continue
		}
		if math.Float32bits(v) != math.Float32bits(guard) {
			t.Fatalf("%s wrote element %d outside the %dx%d view (stride %d)", what, q, g.Rows, g.Cols, g.Stride)
		}
	}
}

func (g *guardedMatrix) clone() *guardedMatrix {
	c := &guardedMatrix{buf: append([]float32(nil), g.buf...), off: g.off}
	c.Matrix = g.Matrix
	c.Data = c.buf[g.off : g.off+len(g.Data) : g.off+len(g.Data)]
	return c
}

// opAt returns op(m)[i][j].
func opAt(m Matrix, t Transpose, i, j int) float32 {
	if t == Trans {
		return m.Data[j*m.Stride+i]
	}
	return m.Data[i*m.Stride+j]
}

// gemmRef returns alpha·op(a)·op(b) + beta·c at (i, j) in float64 and the
// catalogue bound (k+2)·(ε·(|alpha|·Σ|a·b| + |beta·c|) + 2⁻¹⁴⁹).
func gemmRef(alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32, c float32, i, j, k int) (want, tol float64) {
	var s, abs float64
	for l := 0; l < k; l++ {
		p := float64(opAt(a, ta, i, l)) * float64(opAt(b, tb, l, j))
		s += p
		abs += math.Abs(p)
	}
	want = float64(alpha) * s
	tol = math.Abs(float64(alpha)) * abs
	if beta != 0 {
		want += float64(beta) * float64(c)
		tol += math.Abs(float64(beta) * float64(c))
	}
	return want, float64(k+2) * (eps32*tol + subnormalUlp)
}

// stored returns the stored shape of an operand used as op(x) with shape
// rows×cols: x itself, or its transpose.
func stored(rows, cols int, t Transpose) (r, c int) {
	if t == Trans {
		return cols, rows
	}
	return rows, cols
}

// randomOperands returns guarded op(a) m×k and op(b) k×n as stored for
// the transposes (random row gaps and guard lengths), filled from r.
func randomOperands(r *rand.Rand, m, n, k int, ta, tb Transpose) (a, b *guardedMatrix) {
	ar, ac := stored(m, k, ta)
	br, bc := stored(k, n, tb)
	a = newGuardedMatrix(ar, ac, ac+r.IntN(3), r.IntN(16))
	b = newGuardedMatrix(br, bc, bc+r.IntN(3), r.IntN(16))
	a.fill(r, 1)
	b.fill(r, 1)
	return a, b
}

// testGemm runs one Sgemm case on the current tier against the float64
// reference, Generic and the guards.
func testGemm(t *testing.T, r *rand.Rand, m, n, k int, ta, tb Transpose, alpha, beta float32) {
	t.Helper()
	a, b := randomOperands(r, m, n, k, ta, tb)
	c := newGuardedMatrix(m, n, n+r.IntN(3), r.IntN(16))
	c.fill(r, 1)
	if beta == 0 { // beta == 0 must not read dst
		for i := range c.Data {
			if i%c.Stride < c.Cols {
				c.Data[i] = float32(math.NaN())
			}
		}
	}
	c0 := c.clone()
	Sgemm(c.Matrix, alpha, a.Matrix, ta, b.Matrix, tb, beta)
	what := fmt.Sprintf("Sgemm m=%d n=%d k=%d ta=%d tb=%d alpha=%v beta=%v", m, n, k, ta, tb, alpha, beta)
	c.check(t, what)
	a.check(t, what+" (a)")
	b.check(t, what+" (b)")
	gen := c0.clone()
	underGeneric(func() { Sgemm(gen.Matrix, alpha, a.Matrix, ta, b.Matrix, tb, beta) })
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			want, tol := gemmRef(alpha, a.Matrix, ta, b.Matrix, tb, beta, c0.at(i, j), i, j, k)
			got := c.at(i, j)
			if !sameFloat(got, float32(want), tol) {
				t.Fatalf("%s: dst[%d][%d] = %v, float64 %v, bound %g", what, i, j, got, want, tol)
			}
			if !sameFloat(got, gen.at(i, j), 2*tol) {
				t.Fatalf("%s: dst[%d][%d] = %v, Generic %v", what, i, j, got, gen.at(i, j))
			}
		}
	}
}

var transposes = []Transpose{NoTrans, Trans}

// TestSgemmTiles covers every m in 1..2·mr+1 and n in 1..2·nr+1 of each
// tier's tile (8×32 on AVX512, 6×16 AVX2, 8×12 NEON, 4×4 Generic), and at
// least 1..33 both, with small depths, all transposes and betas.
func TestSgemmTiles(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		forEachGemmKernel(t, func(t *testing.T, gk *gemmKernel) {
			r := newRand(t)
			for m := 1; m <= max(2*gk.mr+1, 33); m++ {
				for n := 1; n <= max(2*gk.nr+1, 33); n++ {
					k := []int{1, 2, 3, 17}[(m+n)%4]
					for _, ta := range transposes {
						for _, tb := range transposes {
							beta := []float32{0, 1, -0.5}[(m*n+int(ta)+int(tb))%3]
							testGemm(t, r, m, n, k, ta, tb, 1.25, beta)
						}
					}
				}
			}
		})
	})
}

// TestSgemmDepth covers depths around the cache block kc and the block sizes
// mc and nc, where the driver switches from beta to accumulation.
func TestSgemmDepth(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		forEachGemmKernel(t, func(t *testing.T, gk *gemmKernel) {
			r := newRand(t)
			blk := gk.blk
			kc := blk.kc
			for _, k := range []int{kc - 1, kc, kc + 1, 2*kc + 3} {
				for _, ta := range transposes {
					for _, tb := range transposes {
						for _, beta := range []float32{0, 1, 0.5} {
							testGemm(t, r, 7, 9, k, ta, tb, -0.5, beta)
						}
					}
				}
			}
			testGemm(t, r, blk.mc+5, 19, 33, NoTrans, NoTrans, 1, 1)
			testGemm(t, r, 6, blk.nc+3, 5, Trans, NoTrans, 1, 0)
			testGemm(t, r, 96, 80, 300, NoTrans, Trans, 1, 0)
			testGemm(t, r, 1, 128, 784, NoTrans, NoTrans, 1, 0)
		})
	})
}

// TestSgemmCutoffs covers the shapes on both sides of the driver's cutoffs
// for reading an operand in place instead of packing it (gemmDirectBMaxM
// rows, gemmDirectANMaxN and gemmDirectATMaxN columns), with every kernel of
// the tier, all transposes and betas.
func TestSgemmCutoffs(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		forEachGemmKernel(t, func(t *testing.T, gk *gemmKernel) {
			r := newRand(t)
			for _, m := range []int{gemmDirectBMaxM, gemmDirectBMaxM + 1} {
				for _, n := range []int{gemmDirectANMaxN, gemmDirectANMaxN + 1, gemmDirectATMaxN, gemmDirectATMaxN + 1} {
					for _, ta := range transposes {
						for _, tb := range transposes {
							beta := []float32{0, 1, -0.5}[(m+n+int(ta))%3]
							testGemm(t, r, m, n, 19, ta, tb, 0.75, beta)
						}
					}
				}
			}
		})
	})
}

// TestSgemmNarrow covers the dot kernel's shapes (sgemm_narrow.go): every
// k in 1..3·8+1 and longer ones up to narrowMaxK and past it, row counts
// around a pair, a lone last row and more rows than one call takes, every
// width up to narrowMaxN and the first beyond it, both layouts of b, betas
// including -0.
func TestSgemmNarrow(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		ks := []int{128, 784, narrowMaxK, narrowMaxK + 1}
		for k := 1; k <= 3*8+1; k++ {
			ks = append(ks, k)
		}
		negZero := float32(math.Copysign(0, -1))
		for i, k := range ks {
			for _, m := range []int{2, 3, 5, 16, 17, 2*narrowWork/max(k, 128) + 3} {
				if k > 784 && (m > 3 || i%2 == 1) {
					continue // long rows: a few shapes are enough
				}
				for n := 2; n <= narrowMaxN+1; n++ {
					tb := transposes[(i+m+n)%2]
					beta := []float32{0, 1, -0.5, negZero}[(k+m+n)%4]
					testGemm(t, r, m, n, k, NoTrans, tb, 1.5, beta)
				}
			}
		}
	})
}

// TestSgemmSpecial: alpha == 0 and k == 0 only scale dst, NaN in a or b
// reaches exactly the dst elements it feeds, Inf·0 gives NaN.
func TestSgemmSpecial(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		nan := float32(math.NaN())
		a := Matrix{Rows: 2, Cols: 2, Stride: 2, Data: []float32{1, nan, 2, 3}}
		b := Matrix{Rows: 2, Cols: 2, Stride: 2, Data: []float32{1, 0, 0, 1}}
		c := Matrix{Rows: 2, Cols: 2, Stride: 2, Data: []float32{9, 9, 9, 9}}
		Sgemm(c, 1, a, NoTrans, b, NoTrans, 0)
		if c.Data[0] == c.Data[0] || c.Data[1] == c.Data[1] || c.Data[2] != 2 || c.Data[3] != 3 {
			t.Errorf("NaN in row 0 of a: dst = %v, want [NaN NaN 2 3]", c.Data)
		}
		c.Data = []float32{nan, 1, 2, 3}
		Sgemm(c, 0, a, NoTrans, b, NoTrans, 2)
		if c.Data[0] == c.Data[0] || c.Data[1] != 2 || c.Data[3] != 6 {
			t.Errorf("alpha=0: dst = %v, want [NaN 2 4 6]", c.Data)
		}
		Sgemm(c, 0, a, NoTrans, b, NoTrans, 0)
		for _, v := range c.Data {
			if math.Float32bits(v) != 0 {
				t.Fatalf("alpha=0 beta=0: dst = %v, want +0s", c.Data)
			}
		}
		empty := Matrix{Rows: 2, Cols: 0, Stride: 1}
		c.Data = []float32{1, 2, 3, 4}
		Sgemm(c, 1, empty, NoTrans, Matrix{Rows: 0, Cols: 2, Stride: 2}, NoTrans, 0.5)
		if c.Data[0] != 0.5 || c.Data[3] != 2 {
			t.Errorf("k=0: dst = %v, want beta·dst", c.Data)
		}
	})
}

func TestSgemv(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		for _, m := range []int{1, 2, 3, 7, 8, 9, 16, 17, 33, 65, 130} {
			for _, n := range []int{1, 2, 5, 8, 15, 16, 17, 63, 64, 65, 200} {
				for _, ta := range transposes {
					for _, beta := range []float32{0, 1, 0.25} {
						testGemv(t, r, m, n, ta, 0.75, beta)
					}
				}
			}
		}
		// Long rows and columns: around the row and column chunks of the
		// asm kernels (1024 rows, 16384 columns per call).
		for _, n := range []int{1023, 1024, 1025, 2100, 1<<14 + 5} {
			for _, ta := range transposes {
				testGemv(t, r, 9, n, ta, -1, 0.5)
			}
		}
	})
}

// testGemv checks y = alpha·op(a)·x + beta·y with op(a) m×n.
func testGemv(t *testing.T, r *rand.Rand, m, n int, ta Transpose, alpha, beta float32) {
	ar, ac := stored(m, n, ta)
	a := newGuardedMatrix(ar, ac, ac+r.IntN(4), r.IntN(16))
	a.fill(r, 1)
	x, y := newGuarded(n, r.IntN(16)), newGuarded(m, r.IntN(16))
	fill(r, x.s(), 1)
	fill(r, y.s(), 1)
	if beta == 0 {
		for i := range y.s() {
			y.s()[i] = float32(math.NaN())
		}
	}
	y0 := append([]float32(nil), y.s()...)
	Sgemv(y.s(), alpha, a.Matrix, ta, x.s(), beta)
	what := fmt.Sprintf("Sgemv m=%d n=%d ta=%d beta=%v", m, n, ta, beta)
	y.check(t, what)
	a.check(t, what+" (a)")
	gen := append([]float32(nil), y0...)
	underGeneric(func() { Sgemv(gen, alpha, a.Matrix, ta, x.s(), beta) })
	xm := Matrix{Rows: n, Cols: 1, Stride: 1, Data: x.s()}
	for i := 0; i < m; i++ {
		want, tol := gemmRef(alpha, a.Matrix, ta, xm, NoTrans, beta, y0[i], i, 0, n)
		if got := y.s()[i]; !sameFloat(got, float32(want), tol) || !sameFloat(got, gen[i], 2*tol) {
			t.Fatalf("%s: y[%d] = %v, float64 %v, Generic %v, bound %g", what, i, got, want, gen[i], tol)
		}
	}
}

func TestSger(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		for _, m := range []int{1, 2, 3, 8, 17, 65, 300} { // 300×130: several asm calls
			for _, n := range []int{1, 2, 5, 8, 15, 16, 17, 64, 65, 130} {
				a := newGuardedMatrix(m, n, n+r.IntN(4), r.IntN(16))
				a.fill(r, 1)
				x, y := newGuarded(m, r.IntN(16)), newGuarded(n, r.IntN(16))
				fill(r, x.s(), 1)
				fill(r, y.s(), 1)
				a0 := a.clone()
				Sger(a.Matrix, -1.5, x.s(), y.s())
				what := fmt.Sprintf("Sger m=%d n=%d", m, n)
				a.check(t, what)
				gen := a0.clone()
				underGeneric(func() { Sger(gen.Matrix, -1.5, x.s(), y.s()) })
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						p := -1.5 * float64(x.s()[i]) * float64(y.s()[j])
						want := float64(a0.at(i, j)) + p
						tol := 2*eps32*(math.Abs(p)+math.Abs(float64(a0.at(i, j)))) + subnormalUlp
						if got := a.at(i, j); !sameFloat(got, float32(want), tol) || !sameFloat(got, gen.at(i, j), 2*tol) {
							t.Fatalf("%s: a[%d][%d] = %v, float64 %v, Generic %v", what, i, j, got, want, gen.at(i, j))
						}
					}
				}
			}
		}
	})
}

func TestAddBiasSumRows(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		for _, rows := range []int{1, 2, 3, 5, 15, 16, 17, 33, 100} {
			for _, cols := range []int{1, 3, 7, 8, 10, 15, 16, 17, 31, 32, 33, 64, 65, 100} {
				stride := cols // contiguous rows (short ones take addBiasShort) half the time
				if r.IntN(2) == 0 {
					stride += r.IntN(3)
				}
				m := newGuardedMatrix(rows, cols, stride, r.IntN(16))
				m.fill(r, 10)
				if cols%3 == 1 {
					for i := 0; i < rows; i++ {
						row := m.Data[i*m.Stride : i*m.Stride+cols]
						for j := range row {
							if r.IntN(3) == 0 { // sums near MaxFloat32 overflow in an order-dependent way
								row[j] = dotSpecials[r.IntN(len(dotSpecials))]
							}
						}
					}
				}
				b := newGuarded(cols, r.IntN(16))
				fill(r, b.s(), 10)
				m0 := m.clone()
				AddBias(m.Matrix, b.s())
				m.check(t, "AddBias")
				for i := 0; i < rows; i++ {
					for j := 0; j < cols; j++ {
						if want := m0.at(i, j) + b.s()[j]; !sameBits(m.at(i, j), want) {
							t.Fatalf("AddBias %dx%d: [%d][%d] = %v, want %v", rows, cols, i, j, m.at(i, j), want)
						}
					}
				}
				b0 := append([]float32(nil), b.s()...)
				SumRows(b.s(), m0.Matrix)
				b.check(t, "SumRows")
				gen := append([]float32(nil), b0...)
				underGeneric(func() { SumRows(gen, m0.Matrix) })
				for j := 0; j < cols; j++ {
					want, abs := float64(b0[j]), math.Abs(float64(b0[j]))
					for i := 0; i < rows; i++ {
						want += float64(m0.at(i, j))
						abs += math.Abs(float64(m0.at(i, j)))
					}
					tol := float64(rows+1) * (eps32*abs + subnormalUlp)
					if got := b.s()[j]; !sameFloat(got, float32(want), tol) || !sameFloat(got, gen[j], 2*tol) {
						t.Fatalf("SumRows %dx%d: dst[%d] = %v, float64 %v, Generic %v", rows, cols, j, got, want, gen[j])
					}
				}
			}
		}
	})
}

// TestLongRowsAndColumns crosses the asm call chunks of SumRows (512 rows)
// and Softmax (16384 columns).
func TestLongRowsAndColumns(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		for _, rows := range []int{511, 512, 513, 1100} {
			x := newGuardedMatrix(rows, 37, 40, 1)
			x.fill(r, 1)
			got, gen := make([]float32, 37), make([]float32, 37)
			SumRows(got, x.Matrix)
			underGeneric(func() { SumRows(gen, x.Matrix) })
			for j := range got {
				var want, abs float64
				for i := 0; i < rows; i++ {
					want += float64(x.at(i, j))
					abs += math.Abs(float64(x.at(i, j)))
				}
				tol := float64(rows+1) * eps32 * abs
				if !sameFloat(got[j], float32(want), tol) || !sameFloat(got[j], gen[j], 2*tol) {
					t.Fatalf("SumRows %d rows: dst[%d] = %v, float64 %v, Generic %v", rows, j, got[j], want, gen[j])
				}
			}
		}
		for _, cols := range []int{1<<14 - 1, 1 << 14, 1<<14 + 1, 40000} {
			x := newGuardedMatrix(1, cols, cols, 3)
			x.fill(r, 20)
			dst := newGuardedMatrix(1, cols, cols, 5)
			Softmax(dst.Matrix, x.Matrix)
			dst.check(t, "Softmax")
			ref, max := softmaxRef(x.Data), float32(math.Inf(-1))
			for _, v := range x.Data {
				max = float32(math.Max(float64(max), float64(v)))
			}
			for j, want := range ref {
				tol := (float64(cols+8)+math.Abs(float64(x.Data[j]-max)))*eps32*want + 1e-37
				if !sameFloat(dst.Data[j], float32(want), tol) {
					t.Fatalf("Softmax %d columns: [%d] = %v, float64 %v", cols, j, dst.Data[j], want)
				}
			}
		}
	})
}

func softmaxRef(x []float32) []float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, float64(v))
	}
	out := make([]float64, len(x))
	var s float64
	for j, v := range x {
		out[j] = math.Exp(float64(v) - m)
		s += out[j]
	}
	for j := range out {
		out[j] /= s
	}
	return out
}

func TestSoftmax(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		for _, rows := range []int{1, 2, 5} {
			for _, cols := range []int{1, 2, 3, 7, 8, 10, 15, 16, 17, 33, 64, 100, 1000} {
				x := newGuardedMatrix(rows, cols, cols+r.IntN(3), r.IntN(16))
				x.fill(r, 30)
				dst := newGuardedMatrix(rows, cols, cols+r.IntN(3), r.IntN(16))
				Softmax(dst.Matrix, x.Matrix)
				what := fmt.Sprintf("Softmax %dx%d", rows, cols)
				dst.check(t, what)
				gen := dst.clone()
				underGeneric(func() { Softmax(gen.Matrix, x.Matrix) })
				inPlace := x.clone()
				Softmax(inPlace.Matrix, inPlace.Matrix)
				for i := 0; i < rows; i++ {
					row := x.Data[i*x.Stride : i*x.Stride+cols]
					ref, max := softmaxRef(row), float32(math.Inf(-1))
					for _, v := range row {
						max = float32(math.Max(float64(max), float64(v)))
					}
					for j := 0; j < cols; j++ {
						// x[j]-max is rounded to float32 first: ε·|x[j]-max| relative.
						tol := (float64(cols+8)+math.Abs(float64(row[j]-max)))*eps32*ref[j] + 1e-37
						got := dst.at(i, j)
						if !sameFloat(got, float32(ref[j]), tol) || !sameFloat(got, gen.at(i, j), 2*tol) {
							t.Fatalf("%s: [%d][%d] = %v, float64 %v, Generic %v", what, i, j, got, ref[j], gen.at(i, j))
						}
						if !sameBits(inPlace.at(i, j), got) {
							t.Fatalf("%s: in place [%d][%d] = %v, out of place %v", what, i, j, inPlace.at(i, j), got)
						}
					}
				}
			}
		}
	})
}

func TestSoftmaxSpecial(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	cases := []struct{ x, want []float32 }{
		{[]float32{inf, 1, inf, -inf}, []float32{0.5, 0, 0.5, 0}},
		{[]float32{-inf, -inf}, []float32{0.5, 0.5}},
		{[]float32{1, nan, 2}, []float32{nan, nan, nan}},
		{[]float32{math.MaxFloat32, -math.MaxFloat32}, []float32{1, 0}},
		{[]float32{1e-45, 0, -1e-45}, []float32{1.0 / 3, 1.0 / 3, 1.0 / 3}},
		{[]float32{-inf, 0}, []float32{0, 1}},
	}
	forEachImpl(t, func(t *testing.T) {
		for _, c := range cases {
			dst := make([]float32, len(c.x))
			Softmax(Matrix{Rows: 1, Cols: len(c.x), Stride: len(c.x), Data: dst}, Matrix{Rows: 1, Cols: len(c.x), Stride: len(c.x), Data: c.x})
			for j := range dst {
				if !sameFloat(dst[j], c.want[j], 1e-7) {
					t.Errorf("Softmax(%v) = %v, want %v", c.x, dst, c.want)
					break
				}
			}
		}
	})
}

// TestSoftmaxSpecialLong: rows long enough for the vector scan of the
// maximum (softmaxMax), with a NaN, +Inf, −Inf or ±0 at every position, in
// the vectors and in the tail, equal Generic's results (any NaN for NaN).
func TestSoftmaxSpecialLong(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	negZero := float32(math.Copysign(0, -1))
	forEachImpl(t, func(t *testing.T) {
		r := newRand(t)
		for _, n := range []int{8, 9, 15, 16, 17, 31, 33, 40} {
			for pos := 0; pos < n; pos++ {
				for _, special := range []float32{nan, inf, -inf, negZero, 0, math.MaxFloat32} {
					x := make([]float32, n)
					fill(r, x, 3)
					x[pos] = special
					if special == -inf && pos%2 == 0 { // all −Inf
						for i := range x {
							x[i] = -inf
						}
					}
					got, want := make([]float32, n), make([]float32, n)
					mx := Matrix{Rows: 1, Cols: n, Stride: n, Data: x}
					Softmax(Matrix{Rows: 1, Cols: n, Stride: n, Data: got}, mx)
					underGeneric(func() { Softmax(Matrix{Rows: 1, Cols: n, Stride: n, Data: want}, mx) })
					for j := range got {
						if !sameFloat(got[j], want[j], float64(n+8)*eps32*float64(abs32(want[j]))+1e-37) {
							t.Fatalf("n=%d x[%d]=%v: dst[%d] = %v, Generic %v", n, pos, special, j, got[j], want[j])
						}
					}
				}
			}
		}
	})
}

// TestMatrixHelpers: MatrixFromRows, Row, At, Set and Slice on a strided
// view, and their panics.
func TestMatrixHelpers(t *testing.T) {
	m := MatrixFromRows([][]float32{{1, 2, 3}, {4, 5, 6}})
	if m.Rows != 2 || m.Cols != 3 || m.Stride != 3 || m.At(1, 2) != 6 {
		t.Fatalf("MatrixFromRows: %+v", m)
	}
	strided := Matrix{Rows: 3, Cols: 2, Stride: 4, Data: []float32{1, 2, -1, -1, 3, 4, -1, -1, 5, 6}}
	if r := strided.Row(1); len(r) != 2 || cap(r) != 2 || r[0] != 3 || r[1] != 4 {
		t.Errorf("Row(1) = %v (cap %d)", r, cap(r))
	}
	strided.Set(2, 1, 9)
	if strided.Data[9] != 9 || strided.At(2, 1) != 9 {
		t.Errorf("Set(2, 1): data %v", strided.Data)
	}
	s := strided.Slice(1, 3)
	if s.Rows != 2 || s.At(0, 0) != 3 || s.At(1, 1) != 9 || s.Validate() != nil {
		t.Errorf("Slice(1, 3) = %+v", s)
	}
	if e := strided.Slice(2, 2); e.Rows != 0 || e.Validate() != nil {
		t.Errorf("Slice(2, 2) = %+v", e)
	}
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"MatrixFromRows: row 1 has 2 values", func() { MatrixFromRows([][]float32{{1, 2, 3}, {4, 5}}) }},
		{"Matrix.Row: row 3 of 3", func() { strided.Row(3) }},
		{"Matrix.At: element (0, 2)", func() { strided.At(0, 2) }},
		{"Matrix.Set: element (-1, 0)", func() { strided.Set(-1, 0, 1) }},
		{"Matrix.Slice: rows [2, 1)", func() { strided.Slice(2, 1) }},
		{"Matrix.Slice: rows [0, 4)", func() { strided.Slice(0, 4) }},
	} {
		func() {
			defer func() {
				if msg, _ := recover().(string); !strings.Contains(msg, c.want) {
					t.Errorf("panic %q, want %q", msg, c.want)
				}
			}()
			c.f()
		}()
	}
}
