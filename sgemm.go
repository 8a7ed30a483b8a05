package simdnn

import "sync"

// ---------------------------------------------------------------------------
// Sgemm: a BLIS-style driver. op(a) and op(b) are copied block by block into
// packed panels (mr rows or nr columns interleaved per k, zero-padded at the
// edges), and a register-tile microkernel computes one mr×nr tile of dst per
// call from one packed A panel and one packed B panel. Transposes, strides,
// alpha and beta are all handled here and in packing; a faster tier only
// supplies its own tile size, packing and microkernel.

// gemmArgs is what one microkernel call reads: it is the interface between the
// Go driver and assembly microkernels (fields by go_asm.h names).
type gemmArgs struct {
	a     []float32 // A panel: k-major (kc groups of mr values, aStep apart), or mr rows of A
	lda   int       // > 0: a is mr rows of A itself, lda apart; 0: a is k-major
	aStep int       // k-major: floats from one k to the next (mr when packed)
	aNext int       // floats from one tile's a to the next one's (p.tiles > 1)
	b     []float32 // B panel: kc rows of nr values, ldb apart
	ldb   int       // B panel row stride in elements: nr when packed
	c     []float32 // dst from the tile's top-left element
	kc    int       // depth of this block, > 0
	ldc   int       // dst stride in elements
	m, n  int       // valid rows and columns of this tile (≤ mr, nr)
	tiles int       // tiles stacked mr rows apart in a and c (> 1 only if m == mr)
	alpha float32
	beta  float32 // 0 means dst is written without being read
}

// A gemmKernel is one tier's microkernel, its tile and its cache blocking.
type gemmKernel struct {
	mr, nr   int
	blk      gemmBlocking
	run      func(p *gemmArgs) // computes the tile p describes
	directA  bool              // run can read full mr-row tiles of A in place (p.lda > 0)
	directAT bool              // run can read op(a) = aᵀ in place, k-major (aStep = a.Stride)
	// directAEdge: run can also read an edge tile of exactly 2 or 4 rows in
	// place (either way), reading those rows only; other edge tiles are packed.
	directAEdge bool
	multi       bool // run can do p.tiles > 1 tiles per call
	// packT, if not nil, packs rows (6, 8 or 16) rows of a matrix as
	// columns: dst[l·ldd+c] = src[c·lds+l] for c < rows, l < kc (ldd ≥ rows).
	packT func(dst, src *float32, lds, kc, ldd, rows int)
	// packRows, if not nil, packs a full panel of r = nr columns (16 or 32)
	// of a row-major operand: dst[l·r+c] = src[l·lds+c] for c < r, l < kc.
	packRows func(dst, src *float32, lds, kc, r int)
	// workspaces are this kernel's packing buffers (gemmWorkspace): one list
	// per kernel, so that a buffer grows only with the shapes of its own
	// kernel (blockings differ) and stops growing once they have been seen.
	workspaces freeList[gemmWorkspace]
}

// gemmGeneric is the Go microkernel, used where no tier has its own.
var gemmGeneric = gemmKernel{mr: 4, nr: 4, blk: blockingFor(4, 4), run: sgemmKernelGeneric}

// gemmWorkspace holds one call's packing buffers. Calls take one from
// their kernel's workspaces and give it back, so concurrent calls never share one and,
// once as many exist as calls have ever run at the same time, Sgemm
// allocates nothing, garbage collections included (a sync.Pool would drop
// them at every GC).
type gemmWorkspace struct {
	packA, packB []float32
	args         gemmArgs
}

// A freeList keeps values for reuse and never releases them.
type freeList[T any] struct {
	mu   sync.Mutex
	free []*T
}

// get returns a kept value, or a new one when none is free.
func (l *freeList[T]) get() *T {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.free); n > 0 {
		v := l.free[n-1]
		l.free = l.free[:n-1]
		return v
	}
	return new(T)
}

// getFitting returns a kept value for which fits is true, else the kept
// value that is largest by size, else a new one. Buffers that grow with
// the shapes they meet use it: taking whichever is free first would let a
// buffer kept small by the small calls meet a large one at any time, late
// in a run, and grow then, when thread shares overlap in a new order.
func (l *freeList[T]) getFitting(fits func(*T) bool, size func(*T) int) *T {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.free)
	if n == 0 {
		return new(T)
	}
	pick := -1
	for i, v := range l.free {
		if fits(v) {
			pick = i
			break
		}
		if pick < 0 || size(v) > size(l.free[pick]) {
			pick = i
		}
	}
	v := l.free[pick]
	l.free[pick] = l.free[n-1]
	l.free = l.free[:n-1]
	return v
}

// put keeps v for a later get.
func (l *freeList[T]) put(v *T) {
	l.mu.Lock()
	l.free = append(l.free, v)
	l.mu.Unlock()
}

// gemmBlocking is the cache blocking: kc deep, mc rows of A and nc columns of
// B per packed block.
type gemmBlocking struct{ kc, mc, nc int }

// blockingFor sizes the blocks for an mr×nr tile from this CPU's caches so
// that a kc×nr B micro-panel plus an mr×kc A micro-panel take 3/4 of L1, an
// mc×kc A block half of L2 and a kc×nc B block a quarter of L3 (sizes from
// cacheSizes).
func blockingFor(mr, nr int) gemmBlocking { return blockingForL1(mr, nr, 3, 4) }

// blockingForL1 is blockingFor with the micro-panels taking num/den of L1.
func blockingForL1(mr, nr, num, den int) gemmBlocking {
	l1, l2, l3 := cacheSizes()
	kc := clampInt(l1*num/den/(4*(mr+nr))/8*8, 64, 512)
	mc := clampInt(l2/2/(4*kc)/mr*mr, mr, 1<<12/mr*mr)
	nc := clampInt(l3/4/(4*kc)/nr*nr, nr, 1<<14/nr*nr)
	return gemmBlocking{kc: kc, mc: mc, nc: nc}
}

func clampInt(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

func roundUp(n, m int) int { return (n + m - 1) / m * m }

// sgemm is the whole Sgemm after validation, then the epilogue ep if it is
// not nil; dst is not empty. serial keeps it on the calling goroutine.
func sgemm(dst Matrix, alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32, ep *Epilogue, serial bool) {
	_, k := a.op(ta)
	if alpha == 0 || k == 0 {
		scaleRows(dst, beta)
	} else if !sgemmAsGemv(dst, alpha, a, ta, b, tb, beta, serial) && !sgemmNarrow(dst, alpha, a, ta, b, tb, beta) {
		// One kernel for the whole call, chosen from its shape: thread shares
		// must not choose their own (kernels differ in blocking, so in rounding).
		gk := gemmKernelFor(dst.Rows, dst.Cols, k, ta)
		if serial || !sgemmParallel(gk, dst, alpha, a, ta, b, tb, beta, packedView{}, ep) {
			sgemmBlocked(gk, dst, alpha, a, ta, b, tb, beta, packedView{}, ep)
		}
		return // the blocked driver applied ep block by block
	}
	if ep != nil { // one row, or a narrow product: small
		ep.apply(dst, 0, dst.Rows, 0, dst.Cols)
	}
}

// scaleRows sets dst = beta·dst (0 for beta == 0, whatever dst held).
func scaleRows(dst Matrix, beta float32) {
	for i := 0; i < dst.Rows; i++ {
		scaleBeta(dst.Data[i*dst.Stride:i*dst.Stride+dst.Cols], beta)
	}
}

// gemmKernelFor returns the Sgemm microkernel for an m×n×k product:
// gemmKernelOverride if set (tests), else the current tier's choice.
func gemmKernelFor(m, n, k int, ta Transpose) *gemmKernel {
	if gemmKernelOverride != nil {
		return gemmKernelOverride
	}
	return tierGemmKernel(m, n, k, ta)
}

// gemmKernelOverride makes every Sgemm use one kernel (tests cover each
// kernel a tier can choose, whatever the shape); nil in normal use.
var gemmKernelOverride *gemmKernel

// sgemmBlocked is the blocked, packed Sgemm on the calling goroutine with
// microkernel gk; alpha and k are not 0. If pb.p is not nil, op(b) is its
// prepacked matrix (b and tb are not used) and gk.nr divides its panel
// width. If ep is not nil, it is applied to each mc×nc block of dst once the
// block's last k-slice is stored.
func sgemmBlocked(gk *gemmKernel, dst Matrix, alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32, pb packedView, ep *Epilogue) {
	_, k := a.op(ta)
	mr, nr, blk := gk.mr, gk.nr, gk.blk
	m, n := dst.Rows, dst.Cols
	kcMax, mcMax, ncMax := min(blk.kc, k), min(blk.mc, roundUp(m, mr)), min(blk.nc, roundUp(n, nr))
	packBSize := kcMax * ncMax
	if pb.p != nil {
		packBSize = 0
	}

	ws := gk.workspaces.getFitting(
		func(ws *gemmWorkspace) bool { return cap(ws.packA) >= kcMax*mcMax && cap(ws.packB) >= packBSize },
		func(ws *gemmWorkspace) int { return cap(ws.packA) + cap(ws.packB) })
	if cap(ws.packA) < kcMax*mcMax {
		ws.packA = make([]float32, kcMax*mcMax)
	}
	if cap(ws.packB) < packBSize {
		ws.packB = make([]float32, packBSize)
	}
	p := &ws.args
	p.alpha, p.ldc = alpha, dst.Stride
	// B is read in place, without packing, when it is stored row-major and
	// few A panels reuse each B panel; edge panels narrower than nr are
	// still packed, so no kernel reads past b.
	direct := pb.p == nil && tb == NoTrans && m <= gemmDirectBMaxM
	// Likewise A (rows of A, or columns of A for op(a) = aᵀ, which the kernel
	// reads k-major like a packed panel), when few B panels reuse each A panel.
	directA := ta == NoTrans && gk.directA && n <= gemmDirectANMaxN || ta == Trans && gk.directAT && n <= gemmDirectATMaxN
	for j0 := 0; j0 < n; j0 += ncMax {
		nc := min(ncMax, n-j0)
		full := 0 // columns read in place (or from pb)
		if pb.p != nil {
			full = nc
		} else if direct {
			full = nc / nr * nr
		}
		for l0 := 0; l0 < k; l0 += kcMax {
			kc := min(kcMax, k-l0)
			packB := ws.packB[:kc*roundUp(nc-full, nr)]
			packPanels(gk, packB, b, tb == NoTrans, l0, kc, j0+full, nc-full, nr)
			p.kc = kc
			p.beta = 1
			if l0 == 0 {
				p.beta = beta
			}
			for i0 := 0; i0 < m; i0 += mcMax {
				mc := min(mcMax, m-i0)
				fullA := 0 // rows read in place
				if directA {
					fullA = mc / mr * mr
					if rem := mc - fullA; gk.directAEdge && (rem == 2 || rem == 4) {
						fullA = mc // the edge tile in place too
					}
				}
				packA := ws.packA[:kc*roundUp(mc-fullA, mr)]
				packPanels(gk, packA, a, ta == Trans, l0, kc, i0+fullA, mc-fullA, mr)
				for jr := 0; jr < nc; jr += nr {
					if pb.p != nil {
						p.b, p.ldb = pb.block(j0+jr, l0, kc, nr), pb.p.width
					} else if jr < full {
						off := l0*b.Stride + j0 + jr
						p.b, p.ldb = b.Data[off:off+(kc-1)*b.Stride+nr], b.Stride
					} else {
						p.b, p.ldb = packB[(jr-full)*kc:(jr-full+nr)*kc], nr
					}
					p.n = min(nr, nc-jr)
					for ir := 0; ir < mc; ir += p.tiles * mr {
						p.m, p.tiles = min(mr, mc-ir), 1
						if p.m == mr && gk.multi { // all full tiles left, one call
							p.tiles = (mc - ir) / mr
							if ir < fullA {
								p.tiles = (fullA - ir) / mr
							}
						}
						rows := (p.tiles-1)*mr + p.m
						switch {
						case ir < fullA && ta == NoTrans:
							off := (i0+ir)*a.Stride + l0
							p.a = a.Data[off : off+(rows-1)*a.Stride+kc]
							p.lda, p.aStep, p.aNext = a.Stride, 0, mr*a.Stride
						case ir < fullA:
							off := l0*a.Stride + i0 + ir
							p.a = a.Data[off : off+(kc-1)*a.Stride+rows]
							p.lda, p.aStep, p.aNext = 0, a.Stride, mr
						default:
							p.a = packA[(ir-fullA)*kc : (ir-fullA+p.tiles*mr)*kc]
							p.lda, p.aStep, p.aNext = 0, mr, mr*kc
						}
						off := (i0+ir)*dst.Stride + j0 + jr
						p.c = dst.Data[off : off+(rows-1)*dst.Stride+p.n]
						gk.run(p)
					}
				}
				if ep != nil && l0+kc == k { // the block is final and still in cache
					ep.apply(dst, i0, i0+mc, j0, j0+nc)
				}
			}
		}
	}
	p.a, p.b, p.c = nil, nil, nil // do not keep the caller's dst alive
	gk.workspaces.put(ws)
}

// gemmDirectBMaxM is the largest m for which Sgemm reads a row-major B in
// place instead of packing it.
const gemmDirectBMaxM = 96

// gemmDirectANMaxN is the largest n for which Sgemm reads a row-major A in
// place (kernels that can) instead of packing it: packing A in Go took 16 %
// of m=64 n=128 k=784. AVX2 6×16 on Zen 4, GFLOP/s packed → in place: that
// shape 95 → 110, m=32 100 → 102 (k=784), 256³ 100 → 108; 512³ the same,
// 1024³ 96 → 89 (so no further).
const gemmDirectANMaxN = 256

// gemmDirectATMaxN is the same for op(a) = aᵀ, read k-major in place.
const gemmDirectATMaxN = 256

// sgemmAsGemv computes a one-row or one-column Sgemm with Sgemv when the
// vector operands are contiguous, and reports whether it did.
func sgemmAsGemv(dst Matrix, alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32, serial bool) bool {
	_, k := a.op(ta)
	gemv := sgemv
	if serial {
		gemv = sgemvSerial
	}
	switch {
	case dst.Rows == 1 && ta == NoTrans: // dst row = op(b)ᵀ·(row 0 of a)
		gemv(dst.Data[:dst.Cols], alpha, b, 1-tb, a.Data[:k], beta)
	case dst.Cols == 1 && dst.Stride == 1 && (tb == Trans || b.Stride == 1): // dst = op(a)·(column 0 of op(b))
		gemv(dst.Data[:dst.Rows], alpha, a, ta, b.Data[:k], beta)
	default:
		return false
	}
	return true
}

// packPanels copies the block of a logical kc×w matrix X (rows l0..l0+kc,
// columns c0..c0+w) into panels of r columns: panel q holds, for each of the
// kc rows, the r values X[l][c0+q·r : c0+q·r+r], zero-padded past w.
// X is src when rowMajorK (X[l][c] = src[l][c]) and srcᵀ otherwise
// (X[l][c] = src[c][l]). B packs with X = op(b); A with X = op(a)ᵀ.
func packPanels(gk *gemmKernel, dst []float32, src Matrix, rowMajorK bool, l0, kc, c0, w, r int) {
	for q := 0; q*r < w; q++ {
		panel := dst[q*r*kc : (q+1)*r*kc]
		cols := min(r, w-q*r)
		cq := c0 + q*r
		if rowMajorK {
			packRows(gk, panel, src, l0, kc, cq, cols, r)
		} else {
			packColumns(gk, panel, src, l0, kc, cq, cols, r)
		}
	}
}

// packRows fills one panel from kc rows of src: panel[l*r+c] =
// src[l0+l][cq+c] for c < cols, zero for cols ≤ c < r. Full 16- or 32-wide
// panels go to the tier's packRows if it has one (a copy per row here is a
// call to runtime.memmove: 5 % of a 512³ Sgemm).
func packRows(gk *gemmKernel, panel []float32, src Matrix, l0, kc, cq, cols, r int) {
	if cols == r && (r == 16 || r == 32) && gk.packRows != nil {
		off := l0*src.Stride + cq
		_ = src.Data[off+(kc-1)*src.Stride+r-1] // the last element packRows reads
		_ = panel[kc*r-1]
		gk.packRows(&panel[0], &src.Data[off], src.Stride, kc, r)
		return
	}
	for l := 0; l < kc; l++ {
		off := (l0+l)*src.Stride + cq
		row, out := src.Data[off:off+cols], panel[l*r:l*r+r]
		switch {
		case cols == 16 && r == 16:
			*(*[16]float32)(out) = *(*[16]float32)(row)
		case cols == 6 && r == 6:
			*(*[6]float32)(out) = *(*[6]float32)(row)
		default:
			copy(out, row)
			clear(out[cols:])
		}
	}
}

// packColumns fills one panel from cols rows of src read as columns:
// panel[l*r+c] = src[cq+c][l0+l] for c < cols, zero for cols ≤ c < r. Four
// source rows go at a time, so each panel row costs one bounds check; full
// 6-, 8-, 16- and 32-wide panels go to the tier's packT if it has one, at
// most 16 columns per call.
func packColumns(gk *gemmKernel, panel []float32, src Matrix, l0, kc, cq, cols, r int) {
	panel = panel[:kc*r]
	if cols == r && (r == 6 || r == 8 || r == 16 || r == 32) && gk.packT != nil {
		off := cq*src.Stride + l0
		_ = src.Data[off+(r-1)*src.Stride+kc-1] // the last element packT reads
		step := min(r, 16)
		for h := 0; h < r; h += step {
			gk.packT(&panel[h], &src.Data[off+h*src.Stride], src.Stride, kc, r, step)
		}
		return
	}
	row := func(c int) []float32 {
		off := (cq+c)*src.Stride + l0
		return src.Data[off : off+kc : off+kc]
	}
	c := 0
	for ; c+4 <= cols; c += 4 {
		r0, r1, r2, r3 := row(c), row(c+1), row(c+2), row(c+3)
		r1, r2, r3 = r1[:len(r0)], r2[:len(r0)], r3[:len(r0)]
		for l, v := range r0 {
			o := panel[l*r+c : l*r+c+4 : l*r+c+4]
			o[0], o[1], o[2], o[3] = v, r1[l], r2[l], r3[l]
		}
	}
	for ; c < cols; c++ {
		for l, v := range row(c) {
			panel[l*r+c] = v
		}
	}
	if cols < r {
		for l := 0; l < kc; l++ {
			clear(panel[l*r+cols : l*r+r])
		}
	}
}
