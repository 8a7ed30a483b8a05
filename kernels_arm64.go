//go:build gc && !purego && !noasm

package simdnn

import (
	"golang.org/x/sys/cpu"

	"github.com/simdnn/simdnn/kernels"
)

// The WORD lines in kernels_arm64.s are asm2plan9s output; its arm64 mode
// only runs on an arm64 host.
//go:generate go tool asm2plan9s kernels_arm64.s

// useNEON enables the NEON tier (Advanced SIMD, which every arm64 CPU running
// Go has; GODEBUG=cpu.asimd=off or kernels.Select turns it off).
var useNEON = cpu.ARM64.HasASIMD

func init() {
	kernels.Register("NEON", &useNEON)
}

const (
	// asmChunk bounds the elements one asm call processes: asm is not
	// async-preemptible, so long vectors go through several calls.
	asmChunk = 1 << 14
	// peakChunk bounds the iterations of one peakFMANEON call.
	peakChunk = 1 << 16
	// peakFlopsNEON is the flop count of one peakFMANEON iteration:
	// 24 accumulators × 4 lanes × 2 flops per FMA.
	peakFlopsNEON = 24 * 4 * 2
)

// saxpyNEON computes dst[i] += alpha·x[i] for i < n, n > 0. Requires: ASIMD.
//
//go:noescape
func saxpyNEON(dst, x *float32, alpha float32, n int)

// sdotNEON returns Σ x[i]·y[i] for i < n, n > 0. Requires: ASIMD.
//
//go:noescape
func sdotNEON(x, y *float32, n int) float32

// peakFMANEON runs n > 0 iterations of 24 independent 4-lane FMAs on
// registers only. Requires: ASIMD.
//
//go:noescape
func peakFMANEON(n int)

func saxpy(dst []float32, alpha float32, x []float32) {
	if useNEON {
		dst = dst[:len(x)]
		for len(x) > 0 {
			n := min(len(x), asmChunk)
			saxpyNEON(&dst[0], &x[0], alpha, n)
			dst, x = dst[n:], x[n:]
		}
	} else {
		saxpyGeneric(dst, alpha, x)
	}
}

func sdot(x, y []float32) float32 {
	if useNEON {
		y = y[:len(x)]
		var s float32
		for len(x) > 0 {
			n := min(len(x), asmChunk)
			s += sdotNEON(&x[0], &y[0], n)
			x, y = x[n:], y[n:]
		}
		return s
	} else {
		return sdotGeneric(x, y)
	}
}

func peakFMA(n int) int {
	if useNEON {
		for left := n; left > 0; {
			k := min(left, peakChunk)
			peakFMANEON(k)
			left -= k
		}
		return n * peakFlopsNEON
	} else {
		return peakFMAGeneric(n)
	}
}

// ---------------------------------------------------------------------------
// Sgemm: microkernel and packing.

// sgemm8x12NEON computes p.tiles 8×12 Sgemm tiles from a packed k-major A
// panel and a B panel p.ldb floats per k (gemmArgs): dst[0:m][0:n] =
// alpha·A·B + beta·dst, edge tiles with 4-lane and single-lane stores.
// Requires: ASIMD.
//
//go:noescape
func sgemm8x12NEON(p *gemmArgs)

var gemmNEON = gemmKernel{mr: 8, nr: 12, blk: blockingFor(8, 12), run: sgemm8x12NEON, directAT: true, multi: true}

// currentGemmKernel returns the Sgemm microkernel of the current tier.
func currentGemmKernel() *gemmKernel {
	if useNEON {
		return &gemmNEON
	}
	return &gemmGeneric
}

// packColumnsAsm has no kernel here: packColumns does the work in Go.
func packColumnsAsm(panel []float32, src Matrix, l0, kc, cq, r int) bool { return false }

// ---------------------------------------------------------------------------
// (end of the Sgemm section)

// ---------------------------------------------------------------------------
// BLAS-2 and element-wise kernels (NEON): Sgemv, Sger, the activations and
// their gradients, Sscal, AddBias, SumRows, Softmax.

// sgemvTNEON computes y[0:w] = alpha·Σₗ x[l]·a[l·lda : l·lda+w] + beta·y[0:w]
// over rows ≥ 1 rows, for w == 16 or w == 4 (beta == ±0: y is not read).
// Requires: ASIMD.
//
//go:noescape
func sgemvTNEON(y, a, x *float32, lda, rows, w int, alpha, beta float32)

// gemvRowChunk bounds the rows of one sgemvTNEON call.
const gemvRowChunk = 1 << 10

// sgemvT computes y = alpha·aᵀ·x + beta·y (alpha != 0, len(x) > 0) in strips
// of 16, then 4, columns whose sums stay in registers, the last len(y)%4
// columns in Go, and reports whether it did.
func sgemvT(y []float32, alpha float32, a Matrix, x []float32, beta float32) bool {
	if !useNEON {
		return false
	}
	c4 := len(y) / 4 * 4
	for j := 0; j < c4; {
		w := 16
		if c4-j < 16 {
			w = 4
		}
		b := beta
		for l0 := 0; l0 < len(x); l0 += gemvRowChunk {
			rows := min(gemvRowChunk, len(x)-l0)
			_ = a.Data[(l0+rows-1)*a.Stride+j+w-1] // the last element the call reads
			_ = y[j+w-1]
			sgemvTNEON(&y[j], &a.Data[l0*a.Stride+j], &x[l0], a.Stride, rows, w, alpha, b)
			b = 1
		}
		j += w
	}
	for j := c4; j < len(y); j++ {
		var s float32
		for l, v := range x {
			s += v * a.Data[l*a.Stride+j]
		}
		if beta == 0 {
			y[j] = alpha * s
		} else {
			y[j] = alpha*s + beta*y[j]
		}
	}
	return true
}

// sgemv4NEON computes y[i] = alpha·Σⱼ a[i·lda+j]·x[j] + beta·y[i] for the four
// rows i < 4 and n ≥ 1 columns (beta == ±0: y is not read). Requires: ASIMD.
//
//go:noescape
func sgemv4NEON(y, a, x *float32, lda, n int, alpha, beta float32)

// sgemvN computes y[0:4q] of y = alpha·a·x + beta·y (alpha != 0, len(x) > 0)
// four rows per call, each call at most asmChunk columns, and returns how
// many rows it did (the rest go row by row through Sdot).
func sgemvN(y []float32, alpha float32, a Matrix, x []float32, beta float32) int {
	if !useNEON {
		return 0
	}
	rows := len(y) / 4 * 4
	for i := 0; i < rows; i += 4 {
		b := beta
		for j := 0; j < len(x); j += asmChunk {
			n := min(asmChunk, len(x)-j)
			_ = a.Data[(i+3)*a.Stride+j+n-1] // the last element the call reads
			sgemv4NEON(&y[i], &a.Data[i*a.Stride+j], &x[j], a.Stride, n, alpha, b)
			b = 1
		}
	}
	return rows
}

// sgerNEON computes a[i·lda+j] += (alpha·x[i])·y[j] for i < rows, j < n
// (rows, n ≥ 1). Requires: ASIMD.
//
//go:noescape
func sgerNEON(a, x, y *float32, lda, rows, n int, alpha float32)

// sgerAsm runs Sger on sgerNEON, at most asmChunk elements of a per call,
// and reports whether it did.
func sgerAsm(a Matrix, alpha float32, x, y []float32) bool {
	if !useNEON {
		return false
	}
	n := len(y)
	if n > asmChunk { // long rows: the Saxpy loop is as good
		return false
	}
	step := max(1, asmChunk/n)
	for i := 0; i < len(x); i += step {
		rows := min(step, len(x)-i)
		_ = a.Data[(i+rows-1)*a.Stride+n-1] // the last element the call touches
		sgerNEON(&a.Data[i*a.Stride], &x[i], &y[0], a.Stride, rows, n, alpha)
	}
	return true
}

// sigmoidNEON computes dst[i] = 1/(1+exp(-x[i])) for i < n, n ≥ 0, with
// the range reduction and polynomial of expNeg. Requires: ASIMD.
//
//go:noescape
func sigmoidNEON(dst, x *float32, n int)

// tanhNEON computes dst[i] = tanh(x[i]) for i < n, n ≥ 0, with the range
// reduction and polynomial of expNeg. Requires: ASIMD.
//
//go:noescape
func tanhNEON(dst, x *float32, n int)

func sigmoid(dst, x []float32) {
	if !useNEON {
		sigmoidGeneric(dst, x)
		return
	}
	dst = dst[:len(x)]
	for len(x) > 0 {
		n := min(len(x), asmChunk)
		sigmoidNEON(&dst[0], &x[0], n)
		dst, x = dst[n:], x[n:]
	}
}

func tanh(dst, x []float32) {
	if !useNEON {
		tanhGeneric(dst, x)
		return
	}
	dst = dst[:len(x)]
	for len(x) > 0 {
		n := min(len(x), asmChunk)
		tanhNEON(&dst[0], &x[0], n)
		dst, x = dst[n:], x[n:]
	}
}

// sigmoidGradNEON computes dst[i] = dy[i]·y[i]·(1-y[i]) for i < n, n ≥ 0.
// Requires: ASIMD.
//
//go:noescape
func sigmoidGradNEON(dst, y, dy *float32, n int)

// tanhGradNEON computes dst[i] = dy[i]·(1-y[i]²) for i < n, n ≥ 0.
// Requires: ASIMD.
//
//go:noescape
func tanhGradNEON(dst, y, dy *float32, n int)

// reluNEON computes dst[i] = x[i] if x[i] > 0 or NaN, else +0, for i < n,
// n ≥ 0. Requires: ASIMD.
//
//go:noescape
func reluNEON(dst, x *float32, n int)

// reluGradNEON computes dst[i] = dy[i] where y[i] > 0, y[i] where y[i] is
// NaN, else +0, for i < n, n ≥ 0. Requires: ASIMD.
//
//go:noescape
func reluGradNEON(dst, y, dy *float32, n int)

// sscalNEON computes x[i] *= alpha for i < n, n ≥ 0. Requires: ASIMD.
//
//go:noescape
func sscalNEON(x *float32, alpha float32, n int)

func sigmoidGrad(dst, y, dy []float32) {
	if !useNEON {
		sigmoidGradGeneric(dst, y, dy)
		return
	}
	dst, dy = dst[:len(y)], dy[:len(y)]
	for len(y) > 0 {
		n := min(len(y), asmChunk)
		sigmoidGradNEON(&dst[0], &y[0], &dy[0], n)
		dst, y, dy = dst[n:], y[n:], dy[n:]
	}
}

func tanhGrad(dst, y, dy []float32) {
	if !useNEON {
		tanhGradGeneric(dst, y, dy)
		return
	}
	dst, dy = dst[:len(y)], dy[:len(y)]
	for len(y) > 0 {
		n := min(len(y), asmChunk)
		tanhGradNEON(&dst[0], &y[0], &dy[0], n)
		dst, y, dy = dst[n:], y[n:], dy[n:]
	}
}

func relu(dst, x []float32) {
	if !useNEON {
		reluGeneric(dst, x)
		return
	}
	dst = dst[:len(x)]
	for len(x) > 0 {
		n := min(len(x), asmChunk)
		reluNEON(&dst[0], &x[0], n)
		dst, x = dst[n:], x[n:]
	}
}

func reluGrad(dst, y, dy []float32) {
	if !useNEON {
		reluGradGeneric(dst, y, dy)
		return
	}
	dst, dy = dst[:len(y)], dy[:len(y)]
	for len(y) > 0 {
		n := min(len(y), asmChunk)
		reluGradNEON(&dst[0], &y[0], &dy[0], n)
		dst, y, dy = dst[n:], y[n:], dy[n:]
	}
}

func sscal(x []float32, alpha float32) {
	if !useNEON {
		sscalGeneric(x, alpha)
		return
	}
	for len(x) > 0 {
		n := min(len(x), asmChunk)
		sscalNEON(&x[0], alpha, n)
		x = x[n:]
	}
}

// addBias adds b to each row of dst with Saxpy and alpha = 1, which rounds
// exactly like dst[i][j] + b[j] (fused or not). Rows narrower than 16 go to
// Generic: there a call per row costs more than it saves.
func addBias(dst Matrix, b []float32) {
	if !useNEON || len(b) < 16 {
		addBiasGeneric(dst, b)
		return
	}
	for i := 0; i < dst.Rows; i++ {
		saxpy(dst.Data[i*dst.Stride:i*dst.Stride+dst.Cols], 1, b)
	}
}

// sumRowsNEON computes dst[0:w] += Σₗ x[l·stride : l·stride+w] for l < rows,
// rows ≥ 1, w == 16 or w == 4, adding the rows in order. Requires: ASIMD.
//
//go:noescape
func sumRowsNEON(dst, x *float32, stride, rows, w int)

// expSubSumNEON computes dst[i] = exp(x[i]-m) for i < n, n ≥ 0, x[i] ≤ m
// and not NaN, and returns Σ dst[i]. Requires: ASIMD.
//
//go:noescape
func expSubSumNEON(dst, x *float32, m float32, n int) float32

// Hooks of the shared drivers in kernels_asm.go.
const sumRowsWide, sumRowsNarrow = 16, 4

func vecOn() bool { return useNEON }

func sumRowsStrip(dst, x *float32, stride, rows, w int) { sumRowsNEON(dst, x, stride, rows, w) }

func expSubSum(dst, x *float32, m float32, n int) float32 { return expSubSumNEON(dst, x, m, n) }

// adamStepNEON applies one Adam update (AdamStep) to p[i], m[i] and v[i]
// from grad[i] for i < n, n ≥ 0 (not g: the assembler reserves that name for
// the goroutine register). Requires: ASIMD.
//
//go:noescape
func adamStepNEON(p, grad, m, v *float32, n int, lr, b1, b2, c1, c2, eps float32)

func adamStep(p, g, m, v []float32, lr, b1, b2, c1, c2, eps float32) {
	if !useNEON {
		adamStepGeneric(p, g, m, v, lr, b1, b2, c1, c2, eps)
		return
	}
	p, m, v = p[:len(g)], m[:len(g)], v[:len(g)]
	for len(g) > 0 {
		n := min(len(g), asmChunk)
		adamStepNEON(&p[0], &g[0], &m[0], &v[0], n, lr, b1, b2, c1, c2, eps)
		p, g, m, v = p[n:], g[n:], m[n:], v[n:]
	}
}
