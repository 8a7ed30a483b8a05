package simdnn

// Sgemm computes dst = alpha·op(a)·op(b) + beta·dst, where op(x) is x or xᵀ as
// ta and tb say. It panics unless op(a) is dst.Rows×k and op(b) is k×dst.Cols.
// With beta == 0 the old contents of dst are not read (NaNs there vanish);
// beta == 1 accumulates, which is how gradients are summed. It panics if dst
// overlaps a or b.
func Sgemm(dst Matrix, alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32) {
	checkSgemm("Sgemm", dst, a, ta, b, tb)
	if dst.Rows == 0 || dst.Cols == 0 {
		return
	}
	sgemm(dst, alpha, a, ta, b, tb, beta, nil, false)
}

// checkSgemm panics (as fn) unless the operands of an Sgemm are valid views
// of matching shapes and dst overlaps neither a nor b.
func checkSgemm(fn string, dst, a Matrix, ta Transpose, b Matrix, tb Transpose) {
	dst.check(fn, "dst")
	a.check(fn, "a")
	b.check(fn, "b")
	checkTrans(fn, ta)
	checkTrans(fn, tb)
	am, ak := a.op(ta)
	bk, bn := b.op(tb)
	if ak != bk {
		panic("simdnn." + fn + ": inner dimensions of op(a) and op(b) differ")
	}
	if am != dst.Rows || bn != dst.Cols {
		panic("simdnn." + fn + ": dst is not op(a).Rows×op(b).Cols")
	}
	checkDisjoint(fn, "dst", dst.elems(), "a", a.elems())
	checkDisjoint(fn, "dst", dst.elems(), "b", b.elems())
}

// Sgemv computes y = alpha·op(a)·x + beta·y. It panics unless len(x) is
// op(a).Cols and len(y) is op(a).Rows. With beta == 0 the old contents of y
// are not read. As in BLAS, it returns at once, leaving y as it is, when
// op(a) has no rows or no columns, or when alpha == 0 and beta == 1. It
// panics if y overlaps a or x. Products of 2¹⁶ multiply-adds or more are
// split across goroutines (SetThreads) by parts of y, with the same results.
func Sgemv(y []float32, alpha float32, a Matrix, ta Transpose, x []float32, beta float32) {
	a.check("Sgemv", "a")
	checkTrans("Sgemv", ta)
	m, n := a.op(ta)
	if len(x) != n {
		panic("simdnn.Sgemv: len(x) is not op(a).Cols")
	}
	if len(y) != m {
		panic("simdnn.Sgemv: len(y) is not op(a).Rows")
	}
	checkDisjoint("Sgemv", "y", y, "a", a.elems())
	checkDisjoint("Sgemv", "y", y, "x", x)
	if m == 0 || n == 0 || alpha == 0 && beta == 1 {
		return
	}
	sgemv(y, alpha, a, ta, x, beta)
}

// Sger computes a += alpha·x·yᵀ, the rank-1 update of a batch-1 weight
// gradient. It panics unless len(x) is a.Rows and len(y) is a.Cols. As in
// BLAS, alpha == 0 returns at once: x and y are not read, so an Inf there
// does not turn a into NaN. It panics if a overlaps x or y.
func Sger(a Matrix, alpha float32, x, y []float32) {
	a.check("Sger", "a")
	if len(x) != a.Rows {
		panic("simdnn.Sger: len(x) is not a.Rows")
	}
	if len(y) != a.Cols {
		panic("simdnn.Sger: len(y) is not a.Cols")
	}
	checkDisjoint("Sger", "a", a.elems(), "x", x)
	checkDisjoint("Sger", "a", a.elems(), "y", y)
	if a.Rows == 0 || a.Cols == 0 || alpha == 0 {
		return
	}
	sger(a, alpha, x, y)
}

// Saxpy computes dst[i] += alpha·x[i] for i < len(x). It panics if dst is
// shorter than x.
func Saxpy(dst []float32, alpha float32, x []float32) {
	if len(dst) < len(x) {
		panic("simdnn.Saxpy: len(dst) < len(x)")
	}
	checkInPlace("Saxpy", dst[:len(x)], "x", x)
	if len(x) == 0 {
		return
	}
	saxpy(dst[:len(x)], alpha, x)
}

// Sdot returns Σ x[i]·y[i]. It panics if len(x) != len(y).
func Sdot(x, y []float32) float32 {
	if len(x) != len(y) {
		panic("simdnn.Sdot: len(x) != len(y)")
	}
	if len(x) == 0 {
		return 0
	}
	return sdot(x, y)
}

// Sscal computes x[i] *= alpha for every i, in place.
func Sscal(x []float32, alpha float32) {
	if len(x) == 0 {
		return
	}
	sscal(x, alpha)
}

// AddBias adds b to every row of dst: dst[i][j] += b[j]. It panics unless
// len(b) is dst.Cols.
func AddBias(dst Matrix, b []float32) {
	dst.check("AddBias", "dst")
	if len(b) != dst.Cols {
		panic("simdnn.AddBias: len(b) is not dst.Cols")
	}
	checkDisjoint("AddBias", "dst", dst.elems(), "b", b)
	if dst.Rows == 0 || dst.Cols == 0 {
		return
	}
	addBias(dst, b)
}

// SumRows accumulates the column sums of x into dst: dst[j] += Σᵢ x[i][j],
// the bias gradient of a dense layer. It panics unless len(dst) is x.Cols.
func SumRows(dst []float32, x Matrix) {
	x.check("SumRows", "x")
	if len(dst) != x.Cols {
		panic("simdnn.SumRows: len(dst) is not x.Cols")
	}
	checkDisjoint("SumRows", "dst", dst, "x", x.elems())
	if x.Rows == 0 || x.Cols == 0 {
		return
	}
	sumRows(dst, x)
}

// checkUnary panics unless dst can hold len(x) results.
func checkUnary(fn string, dst, x []float32) {
	if len(dst) < len(x) {
		panic("simdnn." + fn + ": len(dst) < len(x)")
	}
	checkInPlace(fn, dst[:len(x)], "x", x)
}

// checkGrad panics unless y and dy have the same length and dst can hold it.
func checkGrad(fn string, dst, y, dy []float32) {
	if len(y) != len(dy) {
		panic("simdnn." + fn + ": len(y) != len(dy)")
	}
	if len(dst) < len(y) {
		panic("simdnn." + fn + ": len(dst) < len(y)")
	}
	checkInPlace(fn, dst[:len(y)], "y", y)
	checkInPlace(fn, dst[:len(y)], "dy", dy)
}

// Sigmoid computes dst[i] = 1/(1+exp(-x[i])). NaN stays NaN, ±Inf give 1 and
// 0, and the absolute error is at most 3e-7 for every input.
func Sigmoid(dst, x []float32) {
	checkUnary("Sigmoid", dst, x)
	if len(x) == 0 {
		return
	}
	sigmoid(dst[:len(x)], x)
}

// SigmoidGrad computes dst[i] = dy[i]·y[i]·(1-y[i]), the gradient through a
// sigmoid whose output was y.
func SigmoidGrad(dst, y, dy []float32) {
	checkGrad("SigmoidGrad", dst, y, dy)
	if len(y) == 0 {
		return
	}
	sigmoidGrad(dst[:len(y)], y, dy)
}

// Tanh computes dst[i] = tanh(x[i]). NaN stays NaN, ±Inf give ±1.
func Tanh(dst, x []float32) {
	checkUnary("Tanh", dst, x)
	if len(x) == 0 {
		return
	}
	tanh(dst[:len(x)], x)
}

// TanhGrad computes dst[i] = dy[i]·(1-y[i]²), the gradient through a tanh
// whose output was y.
func TanhGrad(dst, y, dy []float32) {
	checkGrad("TanhGrad", dst, y, dy)
	if len(y) == 0 {
		return
	}
	tanhGrad(dst[:len(y)], y, dy)
}

// Relu computes dst[i] = max(x[i], 0); NaN stays NaN and -0 becomes +0.
func Relu(dst, x []float32) {
	checkUnary("Relu", dst, x)
	if len(x) == 0 {
		return
	}
	relu(dst[:len(x)], x)
}

// ReluGrad computes dst[i] = dy[i] where y[i] > 0 and 0 where y[i] <= 0, the
// gradient through a ReLU whose output was y. A NaN y gives NaN.
func ReluGrad(dst, y, dy []float32) {
	checkGrad("ReluGrad", dst, y, dy)
	if len(y) == 0 {
		return
	}
	reluGrad(dst[:len(y)], y, dy)
}

// Softmax computes each row of dst as the softmax of the same row of x:
// dst[i][j] = exp(x[i][j]-mᵢ) / Σⱼ exp(x[i][j]-mᵢ) with mᵢ the row maximum.
// A row holding +Inf shares 1 among its +Inf entries; a row of only -Inf is
// uniform; a NaN anywhere in a row makes the row NaN. It panics unless dst
// and x have the same shape. dst may be x.
func Softmax(dst, x Matrix) {
	dst.check("Softmax", "dst")
	x.check("Softmax", "x")
	if dst.Rows != x.Rows || dst.Cols != x.Cols {
		panic("simdnn.Softmax: dst and x differ in shape")
	}
	checkSameView("Softmax", dst, x)
	if x.Rows == 0 || x.Cols == 0 {
		return
	}
	softmax(dst, x)
}

// AdamStep applies one Adam update in place, element by element:
//
//	m[i] = beta1·m[i] + (1-beta1)·g[i]
//	v[i] = beta2·v[i] + (1-beta2)·g[i]²
//	p[i] -= (m[i]·c1) / (√(v[i]·c2) + eps) · lr
//
// where c1 = 1/(1-beta1ᵗ) and c2 = 1/(1-beta2ᵗ) are the bias corrections of
// step t (the caller computes them once per step). Vectors of 2¹⁵ elements
// or more are split across goroutines (SetThreads), with the same results.
// It reports whether every new p[i], m[i] and v[i] is finite (no ±Inf or
// NaN): the check a training loop makes after a step, done in the same pass.
// On amd64 (the AVX2 and AVX512 tiers), when eps ≥ 1e-10, it takes
// subnormal inputs as zero and rounds subnormal results to zero, because
// computing with them there is much slower: m and v move by less than
// 2⁻¹²⁵, p by less than 2⁻¹²⁵ plus that change of m carried through the
// step (the catalogue's bound, go doc ./kernels). It panics unless p, g, m and v have the same length, and if any two of
// them overlap.
func AdamStep(p, g, m, v []float32, lr, beta1, beta2, c1, c2, eps float32) (finite bool) {
	if len(g) != len(p) || len(m) != len(p) || len(v) != len(p) {
		panic("simdnn.AdamStep: p, g, m and v differ in length")
	}
	checkDisjoint("AdamStep", "p", p, "g", g)
	checkDisjoint("AdamStep", "p", p, "m", m)
	checkDisjoint("AdamStep", "p", p, "v", v)
	checkDisjoint("AdamStep", "m", m, "g", g)
	checkDisjoint("AdamStep", "m", m, "v", v)
	checkDisjoint("AdamStep", "v", v, "g", g)
	if len(p) == 0 {
		return true
	}
	if finite, split := adamParallel(p, g, m, v, lr, beta1, beta2, c1, c2, eps); split {
		return finite
	}
	return adamStep(p, g, m, v, lr, beta1, beta2, c1, c2, eps)
}

// AllFinite reports whether no element of x is ±Inf or NaN. Vectors of 2¹⁵
// elements or more are split across goroutines (SetThreads) as AdamStep
// splits them. It allocates nothing.
func AllFinite(x []float32) bool {
	if all, split := allFiniteParallel(x); split {
		return all
	}
	return allFinite(x)
}

// zeroBlock is read-only zeros for allFinite: x·0 is 0 for finite x and NaN
// for ±Inf and NaN, so a dot product with zeros tests a block at the
// speed of Sdot, with no overflow.
var zeroBlock [4096]float32

func allFinite(x []float32) bool {
	for len(x) > 0 {
		n := min(len(x), len(zeroBlock))
		if sdot(x[:n], zeroBlock[:n]) != 0 {
			return false
		}
		x = x[n:]
	}
	return true
}

// PeakFMA runs the current tier's floating-point throughput probe: a loop of
// independent fused multiply-adds on registers only, n iterations long, with
// no memory traffic. It returns the number of floating-point operations done
// (2 per lane per FMA). cmd/bench times it to measure the machine's peak; it
// has no other use.
func PeakFMA(n int) int {
	if n <= 0 {
		return 0
	}
	return peakFMA(n)
}
