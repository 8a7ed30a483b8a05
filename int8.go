package simdnn

import (
	"sync/atomic"
	"unsafe"
)

// int8 GEMM and requantization: the integer core of package quant. The
// arithmetic is exact, so every tier returns the same bits as Generic.

// Packed weight layout: columns in panels of int8Panel, k in groups of 4.
// Panel p, group g, column c, element e is at data[((p·k4+g)·16+c)·4+e] and
// holds w[4g+e][16p+c], or 0 beyond k or n. The panel count is rounded up to
// an even number so that a two-panel microkernel never reads past the data.
const (
	int8Panel = 16
	int8Group = 4
)

// Int8Weights is a k×n int8 matrix (the weights of a layer: k inputs, n
// outputs) with one int32 bias per column, packed once for GemmInt8.
type Int8Weights struct {
	k, n, k4, panels int
	data             []int8
	bias             []int32 // bias[j], zero-padded to panels·16
	colSum128        []int32 // 128·Σₗ w[l][j], zero-padded (the VNNI tier's offset)
	symmetric        bool    // no weight is −128 (AVX2's VPMADDUBSW kernel is exact)
	// oneRowCalls counts one-row GemmInt8 calls: odd and even ones run the
	// column blocks in opposite directions. On its own cache line, so that
	// goroutines sharing the weights do not invalidate the fields above.
	_           [64]byte
	oneRowCalls atomic.Uint32
	_           [60]byte
}

// PackInt8 packs the k×n matrix w (row l at w[l·stride:], n ≥ 1 columns) and
// the per-column bias (nil: zeros) for GemmInt8. It allocates; call it once
// per layer, at quantization or load time. It panics on a bad shape.
func PackInt8(w []int8, k, n, stride int, bias []int32) *Int8Weights {
	switch {
	case k < 1 || n < 1:
		panic("simdnn.PackInt8: k and n must be at least 1")
	case stride < n:
		panic("simdnn.PackInt8: stride is less than n")
	case k > (1<<31-1)/128/127:
		// |Σ w·(a−zero)| ≤ k·127·255 and the VNNI offset 128·Σw must fit int32.
		panic("simdnn.PackInt8: k is too large for int32 accumulators")
	case (k-1) > (len(w)-n)/stride || len(w) < n:
		panic("simdnn.PackInt8: w is too short for k rows of stride")
	case bias != nil && len(bias) != n:
		panic("simdnn.PackInt8: len(bias) is not n")
	}
	p := newInt8Weights(k, n, bias)
	p.data = make([]int8, p.packedLen())
	for l := 0; l < k; l++ {
		for j, v := range w[l*stride : l*stride+n] {
			p.data[p.index(l, j)] = v
		}
	}
	p.sumColumns() // cannot fail: the padding is zero
	return p
}

// newInt8Weights returns k×n weights with their shape, padded bias and
// column-sum buffer set up and no data yet.
func newInt8Weights(k, n int, bias []int32) *Int8Weights {
	k4 := (k + int8Group - 1) / int8Group
	panels := (n + int8Panel - 1) / int8Panel
	panels += panels & 1
	p := &Int8Weights{
		k: k, n: n, k4: k4, panels: panels,
		bias:      make([]int32, panels*int8Panel),
		colSum128: make([]int32, panels*int8Panel),
	}
	copy(p.bias, bias)
	return p
}

// packedLen is the length of the packed layout.
func (p *Int8Weights) packedLen() int { return p.panels * p.k4 * int8Panel * int8Group }

// sumColumns sets colSum128 and symmetric from the packed data; it fails if
// the padding (past k or n) is not zero.
func (p *Int8Weights) sumColumns() error {
	p.symmetric = true
	for i, v := range p.data {
		e := i % int8Group
		c := i / int8Group % int8Panel
		g := i / (int8Group * int8Panel) % p.k4
		j := i/(int8Group*int8Panel*p.k4)*int8Panel + c
		if g*int8Group+e >= p.k || j >= p.n {
			if v != 0 {
				return int8Error("non-zero padding")
			}
			continue
		}
		p.colSum128[j] += 128 * int32(v)
		p.symmetric = p.symmetric && v != -128
	}
	return nil
}

// PackedInt8 returns weights from data in the packed layout (as Packed
// returns it, e.g. read from a file), without copying data: data must not
// change afterwards. It checks the layout's length and that its padding is
// zero, and computes the column sums.
func PackedInt8(k, n int, data []int8, bias []int32) (*Int8Weights, error) {
	if k < 1 || n < 1 || k > (1<<31-1)/128/127 || n > 1<<24 {
		return nil, int8Error("k or n out of range")
	}
	if len(bias) != n {
		return nil, int8Error("len(bias) is not n")
	}
	p := newInt8Weights(k, n, bias)
	if len(data) != p.packedLen() {
		return nil, int8Error("data is not the packed size of k×n")
	}
	p.data = data
	if err := p.sumColumns(); err != nil {
		return nil, err
	}
	return p, nil
}

type int8Error string

func (e int8Error) Error() string { return "simdnn.PackedInt8: " + string(e) }

// Packed returns the packed layout (see PackedInt8); it must not be changed.
func (p *Int8Weights) Packed() []int8 { return p.data }

func (p *Int8Weights) index(l, j int) int {
	return ((j/int8Panel*p.k4+l/int8Group)*int8Panel+j%int8Panel)*int8Group + l%int8Group
}

// Rows and Cols give the shape of the packed matrix: k inputs, n outputs.
func (p *Int8Weights) Rows() int { return p.k }

// Cols gives the number of columns (outputs).
func (p *Int8Weights) Cols() int { return p.n }

// At returns w[l][j].
func (p *Int8Weights) At(l, j int) int8 {
	if uint(l) >= uint(p.k) || uint(j) >= uint(p.n) {
		panic("simdnn.Int8Weights.At: index out of range")
	}
	return p.data[p.index(l, j)]
}

// Bias returns the bias of column j.
func (p *Int8Weights) Bias(j int) int32 {
	if uint(j) >= uint(p.n) {
		panic("simdnn.Int8Weights.Bias: index out of range")
	}
	return p.bias[j]
}

// GemmInt8 computes, for i < m and j < w.Cols(),
//
//	dst[i·ldd+j] = bias[j] + Σₗ a[i·lda+l]·w[l][j]   (l < w.Rows(), int32, exact)
//
// A zero point z of a is folded into the bias by the caller: Σ (a−z)·w =
// Σ a·w − z·Σ w. It panics if a or dst is too short for m rows of its
// stride, or a stride is less than its row length.
func GemmInt8(dst []int32, ldd int, a []int8, lda, m int, w *Int8Weights) {
	switch {
	case m < 0:
		panic("simdnn.GemmInt8: m is negative")
	case lda < w.k:
		panic("simdnn.GemmInt8: lda is less than w.Rows()")
	case ldd < w.n:
		panic("simdnn.GemmInt8: ldd is less than w.Cols()")
	case m > 0 && (len(a) < w.k || (m-1) > (len(a)-w.k)/lda):
		panic("simdnn.GemmInt8: a is too short for m rows of lda")
	case m > 0 && (len(dst) < w.n || (m-1) > (len(dst)-w.n)/ldd):
		panic("simdnn.GemmInt8: dst is too short for m rows of ldd")
	}
	if m == 0 {
		return
	}
	if overlapsBytes(unsafe.Pointer(&dst[0]), ((m-1)*ldd+w.n)*4, unsafe.Pointer(&a[0]), (m-1)*lda+w.k) {
		panicOverlap("GemmInt8", "dst", "a")
	}
	gemmInt8(dst, ldd, a, lda, m, w)
}

// gemmInt8 runs the current tier on checked operands.
func gemmInt8(dst []int32, ldd int, a []int8, lda, m int, w *Int8Weights) {
	mr, nr, masked, widened := int8Plan(m, w.symmetric)
	if mr == 0 {
		gemmInt8Generic(dst, ldd, a, lda, m, w)
		return
	}
	if widened {
		gemmInt8Widened(dst, ldd, a, lda, m, w, mr, nr)
		return
	}
	// The microkernels read whole groups of 4 bytes of a row; past w.k they
	// meet zero weights (so the next row's bytes do not count), but the last
	// rows' last group may lie past the end of a (with lda < 4 more than
	// one): those rows go to Generic.
	safeRows := 0
	if span := w.k4 * int8Group; len(a) >= span {
		safeRows = min(m, (len(a)-span)/lda+1)
	}
	var args int8Args
	args.lda, args.k4 = lda, w.k4
	args.pstride = w.k4 * int8Panel * int8Group
	// One row (batch-1 inference, weights larger than L1): column blocks in
	// alternate directions from one call to the next, so that a call starts
	// with the blocks the previous one ended with, which may still be in L1.
	// The blocks are independent: the results do not depend on the order.
	blocks := (w.n + nr - 1) / nr
	reverse := m == 1 && w.oneRowCalls.Add(1)&1 == 0
	for b := 0; b < blocks; b++ {
		j0 := b * nr
		if reverse {
			j0 = (blocks - 1 - b) * nr
		}
		args.block(w, j0, nr)
		edge := !masked && args.cols < nr
		for i0 := 0; i0 < safeRows; {
			args.rows = int8Rows(mr, safeRows-i0)
			args.a = &a[i0*lda]
			if edge { // a tier without masked stores writes whole tiles to tmp
				args.dst, args.ldd = &args.tmp[0], nr
				int8TileAsm(&args)
				for r := 0; r < args.rows; r++ {
					copy(dst[(i0+r)*ldd+j0:(i0+r)*ldd+j0+args.cols], args.tmp[r*nr:])
				}
			} else {
				args.dst, args.ldd = &dst[i0*ldd+j0], ldd
				int8TileAsm(&args)
			}
			i0 += args.rows
		}
	}
	if safeRows < m {
		i := safeRows
		gemmInt8Generic(dst[i*ldd:], ldd, a[i*lda:], lda, m-i, w)
	}
}

// gemmInt8Widened is the driver of the kernels that read rows of a
// sign-extended to int16 (int8Plan's widened): per block of rows, widen them into a
// workspace once, then run every column block. The kernels read the widened
// rows only, so every row can go to them.
func gemmInt8Widened(dst []int32, ldd int, a []int8, lda, m int, w *Int8Weights, mr, nr int) {
	span := w.k4 * int8Group
	ws := int8Workspaces.getFitting(
		func(ws *int8Workspace) bool { return len(ws.a16) >= mr*span },
		func(ws *int8Workspace) int { return len(ws.a16) })
	defer int8Workspaces.put(ws)
	if len(ws.a16) < mr*span {
		ws.a16 = make([]int16, mr*span)
	}
	args := &ws.args
	args.k4 = w.k4
	args.pstride = w.k4 * int8Panel * int8Group
	args.a16, args.lda16 = &ws.a16[0], span*2
	for i0 := 0; i0 < m; i0 += args.rows {
		args.rows = int8Rows(mr, m-i0)
		for r := 0; r < args.rows; r++ {
			widen(ws.a16[r*span:(r+1)*span], a[(i0+r)*lda:(i0+r)*lda+w.k])
		}
		for j0 := 0; j0 < w.n; j0 += nr {
			args.block(w, j0, nr)
			args.dst, args.ldd = &dst[i0*ldd+j0], ldd
			int8TileAsm(args)
		}
	}
}

// widen writes src sign-extended to dst[:len(src)] and zeros to the rest.
func widen(dst []int16, src []int8) {
	n := len(src) / 16 * 16
	if n > 0 {
		widenAsm(&dst[0], &src[0], n)
	}
	for i := n; i < len(src); i++ {
		dst[i] = int16(src[i])
	}
	clear(dst[len(src):])
}

// int8Workspace is the widened-rows buffer of one gemmInt8Widened call
// (see gemmWorkspace for why a free list).
type int8Workspace struct {
	a16  []int16
	args int8Args
}

var int8Workspaces freeList[int8Workspace]

// int8Args is one microkernel call (int8TileAsm): rows × cols of dst, cols ≤
// the kernel's nr (a multiple of 16 or a divisor of it, so that a block is
// whole panels or lies inside one), over all k4 groups of 4.
type int8Args struct {
	dst     *int32 // dst[0][0] of the block
	ldd     int    // elements
	a       *int8  // row 0 of A
	lda     int    // bytes
	w       *int8  // the block's first panel
	pstride int    // bytes from one panel to the next
	k4      int    // groups of 4 along k
	bias    *int32 // bias of the block's columns (padded)
	csum    *int32 // 128·column sums of the block's columns (padded)
	rows    int
	cols    int
	tmp     [int8TmpLen]int32 // edge tiles of tiers without masked stores
	a16     *int16            // rows widened to int16 (int8Plan's widened) instead of a
	lda16   int               // their stride, bytes
}

// block points p at the column block of w that starts at column j0: at
// most nr columns, their panel data, bias and column sums (p.pstride set).
func (p *int8Args) block(w *Int8Weights, j0, nr int) {
	p.cols = min(nr, w.n-j0)
	p.w = &w.data[j0/int8Panel*p.pstride+j0%int8Panel*int8Group]
	p.bias, p.csum = &w.bias[j0], &w.colSum128[j0]
}

// int8Rows returns how many of left rows the next microkernel call takes:
// mr, else the largest power of two below it (the kernels have 1, 2, 4, …, mr
// row variants).
func int8Rows(mr, left int) int {
	r := mr
	for r > left {
		r >>= 1
	}
	return r
}

// gemmInt8Generic is the Generic tier of GemmInt8 (checked operands): per
// row and panel, 16 int32 sums over the groups of 4 k.
func gemmInt8Generic(dst []int32, ldd int, a []int8, lda, m int, w *Int8Weights) {
	const groupBytes = int8Panel * int8Group
	for i := 0; i < m; i++ {
		row := a[i*lda : i*lda+w.k]
		out := dst[i*ldd : i*ldd+w.n]
		for j0 := 0; j0 < w.n; j0 += int8Panel {
			var acc [int8Panel]int32
			panel := w.data[j0/int8Panel*w.k4*groupBytes:][:w.k4*groupBytes]
			for g := 0; g < w.k4; g++ {
				var x0, x1, x2, x3 int32 // row[4g:4g+4], 0 past k
				if l := g * int8Group; l+int8Group <= len(row) {
					q := row[l : l+int8Group]
					x0, x1, x2, x3 = int32(q[0]), int32(q[1]), int32(q[2]), int32(q[3])
				} else {
					var x [int8Group]int32
					for e := range len(row) - l {
						x[e] = int32(row[l+e])
					}
					x0, x1, x2, x3 = x[0], x[1], x[2], x[3]
				}
				blk := panel[g*groupBytes : (g+1)*groupBytes]
				for c := range acc {
					b := blk[c*int8Group : c*int8Group+int8Group]
					acc[c] += x0*int32(b[0]) + x1*int32(b[1]) + x2*int32(b[2]) + x3*int32(b[3])
				}
			}
			for c := 0; c < int8Panel && j0+c < w.n; c++ {
				out[j0+c] = w.bias[j0+c] + acc[c]
			}
		}
	}
}
