package simdnn

// Prepacked operands: a weight matrix is copied once into the layout the
// Sgemm microkernels read as their B operand, and every product with it
// reads that copy instead of packing (or striding through) the matrix again.

// A PackedMatrix holds a k×n matrix, op(w) of some matrix w, in the layout
// the current tier's Sgemm kernels read: panels of Width() columns (a
// multiple of every kernel's tile width), each panel k-major over the whole
// depth, the last one zero-padded past n. A matrix of at most Width()
// columns is one panel without padding: op(w) stored row-major. SgemmPacked multiplies by it.
//
// The zero value is an empty 0×0 matrix; Pack fills it. A PackedMatrix is a
// copy: changing w afterwards does not change it until the next Pack. It
// may be read by any number of SgemmPacked calls at once, but not while
// Pack runs on it.
type PackedMatrix struct {
	rows, cols int // of op(w): k and n
	width      int // columns per panel
	ld         int // floats from one row of a panel to the next: width, or n when n ≤ width
	data       []float32
}

// Rows returns k, the rows of the packed op(w).
func (p *PackedMatrix) Rows() int { return p.rows }

// Cols returns n, the columns of the packed op(w).
func (p *PackedMatrix) Cols() int { return p.cols }

// packChunk bounds the rows one packing call copies (asm is not
// preemptible).
const packChunk = 512

// Pack copies op(w) (w, or wᵀ for tw == Trans) into p. It allocates only
// when p's storage is too small for op(w), so repacking a matrix of the
// same shape, after each optimizer step for instance, allocates nothing. It
// panics unless w is a valid view and tw a Transpose.
func (p *PackedMatrix) Pack(w Matrix, tw Transpose) {
	w.check("PackedMatrix.Pack", "w")
	checkTrans("PackedMatrix.Pack", tw)
	k, n := w.op(tw)
	width := packedWidth()
	ld := min(n, width)
	size := k * roundUp(n, max(ld, 1))
	if cap(p.data) < size {
		p.data = make([]float32, size)
	}
	p.rows, p.cols, p.width, p.ld, p.data = k, n, width, ld, p.data[:size]
	gk := packingKernel()
	for c0 := 0; c0 < n; c0 += ld {
		cols := min(ld, n-c0)
		for l0 := 0; l0 < k; l0 += packChunk {
			kc := min(packChunk, k-l0)
			panel := p.data[c0*k+l0*ld : c0*k+(l0+kc)*ld]
			if tw == NoTrans {
				packRows(gk, panel, w, l0, kc, c0, cols, ld)
			} else {
				packColumns(gk, panel, w, l0, kc, c0, cols, ld)
			}
		}
	}
}

// packedWidth is the panel width of a PackedMatrix on the current tier: the
// least common multiple of its kernels' tile widths, so that any of them
// reads whole tiles from a panel, and of gemvTWide, so that a one-row
// product meets the Sgemv strips a row-major op(w) would (full strips are
// summed in a different order from the last, narrower one).
func packedWidth() int {
	width := gemvTWide
	for _, gk := range tierGemmKernels() {
		width = width / gcd(width, gk.nr) * gk.nr
	}
	return width
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// packingKernel returns a kernel of the current tier whose packers
// (packRows, packT) Pack uses; they copy, so any kernel's give the same
// panels.
func packingKernel() *gemmKernel {
	kernels := tierGemmKernels()
	for _, gk := range kernels {
		if gk.packT != nil {
			return gk
		}
	}
	return kernels[0]
}

// panel returns columns c..c+w of p (within one panel) as a k×w matrix; k
// is not 0.
func (p *PackedMatrix) panel(c, w int) Matrix {
	off := c/p.ld*p.ld*p.rows + c%p.ld
	return Matrix{Rows: p.rows, Cols: w, Stride: p.ld, Data: p.data[off : off+(p.rows-1)*p.ld+w]}
}

// A packedView is the columns of a PackedMatrix from c0 on, as the B operand
// of sgemmBlocked; p == nil means none.
type packedView struct {
	p  *PackedMatrix
	c0 int
}

// block returns the kc×nr block of the view's rows l0.. and columns j.., as
// sgemmBlocked's p.b (p.width apart); j is a multiple of nr and nr divides
// the panel width, so the block lies in one panel (its padding included);
// the view has more than one panel, so p.ld is p.width.
func (v packedView) block(j, l0, kc, nr int) []float32 {
	p := v.p
	c := v.c0 + j
	off := c/p.ld*p.ld*p.rows + l0*p.ld + c%p.ld
	return p.data[off : off+(kc-1)*p.ld+nr]
}

// SgemmPacked computes dst = ep(alpha·op(a)·b + beta·dst) for a prepacked b,
// bit for bit as SgemmEpilogue with b's op(w) stored as a row-major matrix
// (and tb = NoTrans) would, on the same tier and thread count; pass the zero
// Epilogue for a plain product. It panics as SgemmEpilogue does: unless a
// and dst are valid views, op(a) is dst.Rows×b.Rows(), dst has b.Cols()
// columns and does not overlap a, and ep suits dst; and if b is nil.
func SgemmPacked(dst Matrix, alpha float32, a Matrix, ta Transpose, b *PackedMatrix, beta float32, ep Epilogue) {
	const fn = "SgemmPacked"
	if b == nil {
		panic("simdnn.SgemmPacked: b is nil")
	}
	dst.check(fn, "dst")
	a.check(fn, "a")
	checkTrans(fn, ta)
	am, ak := a.op(ta)
	if ak != b.rows {
		panic("simdnn.SgemmPacked: op(a).Cols is not b.Rows()")
	}
	if am != dst.Rows || b.cols != dst.Cols {
		panic("simdnn.SgemmPacked: dst is not op(a).Rows×b.Cols()")
	}
	checkDisjoint(fn, "dst", dst.elems(), "a", a.elems())
	checkEpilogue(fn, &ep, dst.Cols, dst.elems())
	if dst.Rows == 0 || dst.Cols == 0 {
		return
	}
	sgemmPacked(dst, alpha, a, ta, b, beta, ep.orNil())
}

// sgemmPacked is SgemmPacked after validation; dst is not empty. It takes
// the paths sgemm takes for a row-major b, in the same order.
func sgemmPacked(dst Matrix, alpha float32, a Matrix, ta Transpose, b *PackedMatrix, beta float32, ep *Epilogue) {
	m, n, k := dst.Rows, dst.Cols, b.rows
	gk := gemmKernelFor(m, n, k, ta)
	switch {
	case alpha == 0 || k == 0:
		scaleRows(dst, beta)
		if ep != nil {
			ep.apply(dst, 0, m, 0, n)
		}
		return
	case n <= b.width || b.width%gk.nr != 0:
		// One panel is op(w) stored row-major: Sgemm's own paths. (A
		// kernel whose tile does not divide the width, which only a tier
		// other than the one that packed could choose, goes panel by panel.)
		for c := 0; c < n; c += b.ld {
			w := min(b.ld, n-c)
			part := ep
			if ep != nil && ep.Bias != nil {
				cut := *ep
				cut.Bias = ep.Bias[c : c+w]
				part = &cut
			}
			sgemm(colsOf(dst, c, c+w), alpha, a, ta, b.panel(c, w), NoTrans, beta, part, false)
		}
		return
	case m == 1 && ta == NoTrans: // as sgemmAsGemv: dst row = op(b)ᵀ·(row 0 of a)
		y := dst.Data[:n]
		if !sgemvParallel(y, alpha, Matrix{}, Trans, a.Data[:k], beta, packedView{p: b}) {
			sgemvPacked(y, alpha, packedView{p: b}, a.Data[:k], beta)
		}
		if ep != nil {
			ep.apply(dst, 0, 1, 0, n)
		}
		return
	}
	pb := packedView{p: b}
	if !sgemmParallel(gk, dst, alpha, a, ta, Matrix{}, NoTrans, beta, pb, ep) {
		sgemmBlocked(gk, dst, alpha, a, ta, Matrix{}, NoTrans, beta, pb, ep)
	}
}

// sgemvPacked computes y = alpha·op(w)ᵀ·x + beta·y for the columns
// v.c0..v.c0+len(y) of a PackedMatrix, one Sgemv of op(a) = aᵀ per panel,
// on the calling goroutine. alpha is not 0 and x not empty.
func sgemvPacked(y []float32, alpha float32, v packedView, x []float32, beta float32) {
	for j := 0; j < len(y); {
		c := v.c0 + j
		w := min(v.p.ld-c%v.p.ld, len(y)-j)
		sgemvSerial(y[j:j+w], alpha, v.p.panel(c, w), Trans, x, beta)
		j += w
	}
}

// colsOf returns the view of columns lo..hi of m.
func colsOf(m Matrix, lo, hi int) Matrix {
	return rowsOf(m, Trans, lo, hi)
}
