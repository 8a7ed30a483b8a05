package simdnn

import (
	"math"
	"sync"

	"github.com/klauspost/cpuid/v2"
)

// This file is the Generic tier: pure Go, always compiled, so that every
// other tier can be tested against it on the same machine. Contracts and
// accuracy bounds are in package kernels (kernels/doc.go).

func saxpyGeneric(dst []float32, alpha float32, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] += alpha * v
	}
}

func sdotGeneric(x, y []float32) float32 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func sscalGeneric(x []float32, alpha float32) {
	for i := range x {
		x[i] *= alpha
	}
}

func addBiasGeneric(dst Matrix, b []float32) {
	for i := 0; i < dst.Rows; i++ {
		row := dst.Data[i*dst.Stride : i*dst.Stride+dst.Cols]
		for j, v := range b {
			row[j] += v
		}
	}
}

func sumRowsGeneric(dst []float32, x Matrix) {
	for i := 0; i < x.Rows; i++ {
		row := x.Data[i*x.Stride : i*x.Stride+x.Cols]
		for j, v := range row {
			dst[j] += v
		}
	}
}

func adamStepGeneric(p, g, m, v []float32, lr, b1, b2, c1, c2, eps float32) {
	p, m, v = p[:len(g)], m[:len(g)], v[:len(g)]
	a1, a2 := 1-b1, 1-b2
	for i, gi := range g {
		mi := b1*m[i] + a1*gi
		vi := b2*v[i] + a2*(gi*gi)
		m[i], v[i] = mi, vi
		// lr last: lr·(m·c1) can underflow where (m·c1)/den does not.
		p[i] -= (mi * c1) / (float32(math.Sqrt(float64(vi*c2))) + eps) * lr
	}
}

// Constants of expNeg: Cody–Waite split of ln 2 and the Cephes expf
// polynomial (relative error about 1 ulp on [-ln2/2, ln2/2]).
const (
	expLog2e  = 1.44269504088896341
	expLn2Hi  = 0.693359375
	expLn2Lo  = -2.12194440e-4
	expMinArg = -87.33654 // ln of the smallest normal float32
	expRound  = 12582912  // 1.5·2²³
	expP0     = 1.9875691500e-4
	expP1     = 1.3981999507e-3
	expP2     = 8.3334519073e-3
	expP3     = 4.1665795894e-2
	expP4     = 1.6666665459e-1
	expP5     = 5.0000001201e-1
)

// expNeg returns exp(x) for x <= 0 (or NaN): 0 below expMinArg, otherwise
// 2ⁿ·p(r) with n = round(x·log2 e) and r = x - n·ln 2.
func expNeg(x float32) float32 {
	if !(x >= expMinArg) { // also catches -Inf; NaN falls through below
		if x != x {
			return x
		}
		return 0
	}
	// Adding and subtracting 1.5·2²³ rounds to the nearest integer (|n| < 2²²).
	n := (x*expLog2e + expRound) - expRound
	r := x - n*expLn2Hi
	r -= n * expLn2Lo
	p := float32(expP0)
	p = p*r + expP1
	p = p*r + expP2
	p = p*r + expP3
	p = p*r + expP4
	p = p*r + expP5
	p = p*(r*r) + r + 1
	return p * math.Float32frombits(uint32(int32(n)+127)<<23)
}

func sigmoidGeneric(dst, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		if v != v {
			dst[i] = v
			continue
		}
		e := expNeg(-abs32(v)) // e in [0, 1]
		if v >= 0 {
			dst[i] = 1 / (1 + e)
		} else {
			dst[i] = e / (1 + e)
		}
	}
}

func sigmoidGradGeneric(dst, y, dy []float32) {
	dst = dst[:len(y)]
	dy = dy[:len(y)]
	for i, v := range y {
		dst[i] = dy[i] * v * (1 - v)
	}
}

// tanhSmall is the |x| below which tanh(x) rounds to x in float32.
const tanhSmall = 1.0 / 4096

func tanhGeneric(dst, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		a := abs32(v)
		if !(a >= tanhSmall) { // tiny, ±0 or NaN
			dst[i] = v
			continue
		}
		e := expNeg(-2 * a)
		t := (1 - e) / (1 + e)
		if v < 0 {
			t = -t
		}
		dst[i] = t
	}
}

func tanhGradGeneric(dst, y, dy []float32) {
	dst = dst[:len(y)]
	dy = dy[:len(y)]
	for i, v := range y {
		dst[i] = dy[i] * (1 - v*v)
	}
}

func reluGeneric(dst, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		if v > 0 || v != v {
			dst[i] = v
		} else {
			dst[i] = 0
		}
	}
}

func reluGradGeneric(dst, y, dy []float32) {
	dst = dst[:len(y)]
	dy = dy[:len(y)]
	for i, v := range y {
		switch {
		case v > 0:
			dst[i] = dy[i]
		case v != v:
			dst[i] = v
		default:
			dst[i] = 0
		}
	}
}

func softmaxGeneric(dst, x Matrix) {
	for i := 0; i < x.Rows; i++ {
		softmaxRow(dst.Data[i*dst.Stride:i*dst.Stride+dst.Cols], x.Data[i*x.Stride:i*x.Stride+x.Cols])
	}
}

func softmaxRow(dst, x []float32) {
	dst = dst[:len(x)]
	m, done := softmaxSpecial(dst, x)
	if done {
		return
	}
	var sum float32
	for j, v := range x {
		e := expNeg(v - m)
		dst[j] = e
		sum += e
	}
	inv := 1 / sum // sum >= 1: the maximum contributes exp(0)
	for j := range dst {
		dst[j] *= inv
	}
}

// softmaxSpecial returns the maximum m of x, or writes the whole softmax
// row and reports done for a row holding a NaN, +Inf, or only -Inf; every
// tier shares it. len(dst) == len(x).
func softmaxSpecial(dst, x []float32) (m float32, done bool) {
	m = float32(math.Inf(-1))
	for _, v := range x {
		if v != v {
			for j := range dst {
				dst[j] = v
			}
			return m, true
		}
		if v > m {
			m = v
		}
	}
	switch {
	case math.IsInf(float64(m), 1): // the +Inf entries share 1
		var count float32
		for _, v := range x {
			if v == m {
				count++
			}
		}
		for j, v := range x {
			if v == m {
				dst[j] = 1 / count
			} else {
				dst[j] = 0
			}
		}
		return m, true
	case math.IsInf(float64(m), -1): // all -Inf: uniform
		for j := range dst {
			dst[j] = 1 / float32(len(x))
		}
		return m, true
	}
	return m, false
}

func abs32(x float32) float32 {
	return math.Float32frombits(math.Float32bits(x) &^ (1 << 31))
}

// sgemv computes y = alpha·op(a)·x + beta·y one row at a time with the
// current tier's Sdot (NoTrans) or Saxpy (Trans): each call is one row. A
// tier with a column-strip kernel for the transposed case takes it over
// (sgemvT reports true).
func sgemv(y []float32, alpha float32, a Matrix, ta Transpose, x []float32, beta float32) {
	if ta == NoTrans {
		done := 0 // rows a tier kernel computed
		if alpha != 0 && len(x) > 0 {
			done = sgemvN(y, alpha, a, x, beta)
		}
		for i := done; i < len(y); i++ {
			var d float32
			if alpha != 0 && len(x) > 0 {
				d = alpha * sdot(a.Data[i*a.Stride:i*a.Stride+len(x)], x)
			}
			switch beta {
			case 0:
				y[i] = d
			case 1:
				y[i] += d
			default:
				y[i] = d + beta*y[i]
			}
		}
		return
	}
	if alpha != 0 && len(x) > 0 && sgemvT(y, alpha, a, x, beta) {
		return
	}
	scaleBeta(y, beta)
	if alpha == 0 {
		return
	}
	for i, v := range x { // op(a) = aᵀ: y += (alpha·x[i])·a[i,:]
		saxpy(y, alpha*v, a.Data[i*a.Stride:i*a.Stride+len(y)])
	}
}

// sger computes a += alpha·x·yᵀ one row at a time with the current Saxpy,
// unless the tier has a kernel of its own (sgerAsm).
func sger(a Matrix, alpha float32, x, y []float32) {
	if sgerAsm(a, alpha, x, y) {
		return
	}
	for i, v := range x {
		saxpy(a.Data[i*a.Stride:i*a.Stride+len(y)], alpha*v, y)
	}
}

// scaleBeta sets y = beta·y, with beta == 0 clearing y without reading it.
func scaleBeta(y []float32, beta float32) {
	switch beta {
	case 0:
		clear(y)
	case 1:
	default:
		sscal(y, beta)
	}
}

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
	multi    bool              // run can do p.tiles > 1 tiles per call
}

// gemmGeneric is the Go microkernel, used where no tier has its own.
var gemmGeneric = gemmKernel{mr: 4, nr: 4, blk: blockingFor(4, 4), run: sgemmKernelGeneric}

// gemmWorkspace holds one call's packing buffers. Calls take one from
// gemmWorkspaces and give it back, so concurrent calls never share one and,
// once as many exist as calls have ever run at the same time, Sgemm
// allocates nothing, garbage collections included (a sync.Pool would drop
// them at every GC).
type gemmWorkspace struct {
	packA, packB []float32
	args         gemmArgs
}

var gemmWorkspaces freeList[gemmWorkspace]

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
// mc×kc A block half of L2 and a kc×nc B block a quarter of L3. Unknown sizes
// fall back to 32 KiB, 512 KiB, 4 MiB.
func blockingFor(mr, nr int) gemmBlocking {
	l1, l2, l3 := cpuid.CPU.Cache.L1D, cpuid.CPU.Cache.L2, cpuid.CPU.Cache.L3
	if l1 <= 0 {
		l1 = 32 << 10
	}
	if l2 <= 0 {
		l2 = 512 << 10
	}
	if l3 <= 0 {
		l3 = 4 << 20
	}
	kc := clampInt(l1*3/4/(4*(mr+nr))/8*8, 64, 512)
	mc := clampInt(l2/2/(4*kc)/mr*mr, mr, 1<<12/mr*mr)
	nc := clampInt(l3/4/(4*kc)/nr*nr, nr, 1<<14/nr*nr)
	return gemmBlocking{kc: kc, mc: mc, nc: nc}
}

func clampInt(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

func roundUp(n, m int) int { return (n + m - 1) / m * m }

// sgemm is the whole Sgemm after validation; dst is not empty.
func sgemm(dst Matrix, alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32) {
	_, k := a.op(ta)
	if alpha == 0 || k == 0 {
		for i := 0; i < dst.Rows; i++ {
			scaleBeta(dst.Data[i*dst.Stride:i*dst.Stride+dst.Cols], beta)
		}
		return
	}
	if sgemmAsGemv(dst, alpha, a, ta, b, tb, beta) || sgemmParallel(dst, alpha, a, ta, b, tb, beta) {
		return
	}
	sgemmBlocked(dst, alpha, a, ta, b, tb, beta)
}

// sgemmBlocked is the blocked, packed Sgemm on the calling goroutine; alpha
// and k are not 0.
func sgemmBlocked(dst Matrix, alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32) {
	_, k := a.op(ta)
	gk := currentGemmKernel()
	mr, nr, blk := gk.mr, gk.nr, gk.blk
	m, n := dst.Rows, dst.Cols
	kcMax, mcMax, ncMax := min(blk.kc, k), min(blk.mc, roundUp(m, mr)), min(blk.nc, roundUp(n, nr))

	ws := gemmWorkspaces.get()
	if cap(ws.packA) < kcMax*mcMax {
		ws.packA = make([]float32, kcMax*mcMax)
	}
	if cap(ws.packB) < kcMax*ncMax {
		ws.packB = make([]float32, kcMax*ncMax)
	}
	p := &ws.args
	p.alpha, p.ldc = alpha, dst.Stride
	// B is read in place, without packing, when it is stored row-major and
	// few A panels reuse each B panel; edge panels narrower than nr are
	// still packed, so no kernel reads past b.
	direct := tb == NoTrans && m <= gemmDirectBMaxM
	// Likewise A (rows of A, or columns of A for op(a) = aᵀ, which the kernel
	// reads k-major like a packed panel), when few B panels reuse each A panel.
	directA := ta == NoTrans && gk.directA && n <= gemmDirectANMaxN || ta == Trans && gk.directAT && n <= gemmDirectATMaxN
	for j0 := 0; j0 < n; j0 += ncMax {
		nc := min(ncMax, n-j0)
		full := 0 // columns read in place
		if direct {
			full = nc / nr * nr
		}
		for l0 := 0; l0 < k; l0 += kcMax {
			kc := min(kcMax, k-l0)
			packB := ws.packB[:kc*roundUp(nc-full, nr)]
			packPanels(packB, b, tb == NoTrans, l0, kc, j0+full, nc-full, nr)
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
				}
				packA := ws.packA[:kc*roundUp(mc-fullA, mr)]
				packPanels(packA, a, ta == Trans, l0, kc, i0+fullA, mc-fullA, mr)
				for jr := 0; jr < nc; jr += nr {
					if jr < full {
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
			}
		}
	}
	p.a, p.b, p.c = nil, nil, nil // do not keep the caller's dst alive
	gemmWorkspaces.put(ws)
}

// gemmDirectBMaxM is the largest m for which Sgemm reads a row-major B in
// place instead of packing it.
const gemmDirectBMaxM = 96

// gemmDirectANMaxN is the largest n for which Sgemm reads a row-major A in
// place (kernels that can) instead of packing it.
const gemmDirectANMaxN = 64

// gemmDirectATMaxN is the same for op(a) = aᵀ, read k-major in place.
const gemmDirectATMaxN = 256

// sgemmAsGemv computes a one-row or one-column Sgemm with Sgemv when the
// vector operands are contiguous, and reports whether it did.
func sgemmAsGemv(dst Matrix, alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32) bool {
	_, k := a.op(ta)
	switch {
	case dst.Rows == 1 && ta == NoTrans: // dst row = op(b)ᵀ·(row 0 of a)
		sgemv(dst.Data[:dst.Cols], alpha, b, 1-tb, a.Data[:k], beta)
	case dst.Cols == 1 && dst.Stride == 1 && (tb == Trans || b.Stride == 1): // dst = op(a)·(column 0 of op(b))
		sgemv(dst.Data[:dst.Rows], alpha, a, ta, b.Data[:k], beta)
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
func packPanels(dst []float32, src Matrix, rowMajorK bool, l0, kc, c0, w, r int) {
	for q := 0; q*r < w; q++ {
		panel := dst[q*r*kc : (q+1)*r*kc]
		cols := min(r, w-q*r)
		cq := c0 + q*r
		if rowMajorK {
			packRows(panel, src, l0, kc, cq, cols, r)
		} else {
			packColumns(panel, src, l0, kc, cq, cols, r)
		}
	}
}

// packRows fills one panel from kc rows of src: panel[l*r+c] =
// src[l0+l][cq+c] for c < cols, zero for cols ≤ c < r.
func packRows(panel []float32, src Matrix, l0, kc, cq, cols, r int) {
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
// source rows go at a time, so each panel row costs one bounds check.
func packColumns(panel []float32, src Matrix, l0, kc, cq, cols, r int) {
	panel = panel[:kc*r]
	if cols == r && packColumnsAsm(panel, src, l0, kc, cq, r) {
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

// sgemmKernelGeneric computes one 4×4 tile:
// c[i][j] = alpha·Σₗ a[l][i]·b[l][j] + beta·c[i][j] for i < p.m, j < p.n.
func sgemmKernelGeneric(p *gemmArgs) {
	var c00, c01, c02, c03, c10, c11, c12, c13 float32
	var c20, c21, c22, c23, c30, c31, c32, c33 float32
	a, b := p.a[:4*p.kc], p.b[:(p.kc-1)*p.ldb+4]
	for l := 0; l < p.kc; l++ {
		av, bv := a[4*l:4*l+4], b[l*p.ldb:l*p.ldb+4]
		b0, b1, b2, b3 := bv[0], bv[1], bv[2], bv[3]
		a0 := av[0]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		a1 := av[1]
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		a2 := av[2]
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		a3 := av[3]
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	acc := [4][4]float32{
		{c00, c01, c02, c03},
		{c10, c11, c12, c13},
		{c20, c21, c22, c23},
		{c30, c31, c32, c33},
	}
	for i := 0; i < p.m; i++ {
		row := p.c[i*p.ldc : i*p.ldc+p.n]
		for j := range row {
			v := p.alpha * acc[i][j]
			switch p.beta {
			case 0:
				row[j] = v
			case 1:
				row[j] += v
			default:
				row[j] = v + p.beta*row[j]
			}
		}
	}
}

// peakSink keeps the probe's result alive.
var peakSink float32

// peakFMAGeneric runs n iterations of 8 independent multiply-add chains.
func peakFMAGeneric(n int) int {
	x0, x1, x2, x3, x4, x5, x6, x7 := float32(0), float32(1), float32(2), float32(3), float32(4), float32(5), float32(6), float32(7)
	const m, c = 0.999, 0.001
	for range n {
		x0 = x0*m + c
		x1 = x1*m + c
		x2 = x2*m + c
		x3 = x3*m + c
		x4 = x4*m + c
		x5 = x5*m + c
		x6 = x6*m + c
		x7 = x7*m + c
	}
	peakSink = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7
	return n * 8 * 2
}
