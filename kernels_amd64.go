//go:build gc && !purego && !noasm

package simdnn

import (
	"golang.org/x/sys/cpu"

	"github.com/simdnn/simdnn/kernels"
)

// Each tier includes the one below it, so disabling a lower feature (GODEBUG or
// kernels.Select) also disables every higher tier. HasAVX512 is the field that
// GODEBUG=cpu.avx512=off clears.
var (
	useAVX2   = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	useAVX512 = useAVX2 && cpu.X86.HasAVX512 && cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW &&
		cpu.X86.HasAVX512DQ && cpu.X86.HasAVX512VL
)

func init() {
	kernels.Register("AVX2", &useAVX2)
	kernels.Register("AVX512", &useAVX512)
}

// Asm is not preemptible, so the entry points below hand it bounded work: at
// most asmChunk elements, or peakChunk probe iterations, per call.
const (
	asmChunk  = 1 << 14
	peakChunk = 1 << 16
)

// Flops per probe iteration: accumulators × lanes × 2.
const (
	peakFlopsAVX2   = 12 * 8 * 2
	peakFlopsAVX512 = 24 * 16 * 2
)

// saxpyAVX2 computes dst[i] += alpha·x[i] for i < n, n ≥ 0. Requires: AVX, AVX2, FMA.
//
//go:noescape
func saxpyAVX2(dst, x *float32, alpha float32, n int)

// saxpyAVX512 computes dst[i] += alpha·x[i] for i < n, n ≥ 0. Requires: AVX512F.
//
//go:noescape
func saxpyAVX512(dst, x *float32, alpha float32, n int)

// sdotAVX2 returns Σ x[i]·y[i] for i < n, n ≥ 0. Requires: AVX, AVX2, FMA.
//
//go:noescape
func sdotAVX2(x, y *float32, n int) float32

// sdotAVX512 returns Σ x[i]·y[i] for i < n, n ≥ 0. Requires: AVX512F.
//
//go:noescape
func sdotAVX512(x, y *float32, n int) float32

// peakFMAAVX2 runs n iterations of 12 independent ymm FMAs. Requires: AVX, AVX2, FMA.
//
//go:noescape
func peakFMAAVX2(n int)

// peakFMAAVX512 runs n iterations of 24 independent zmm FMAs. Requires: AVX512F.
//
//go:noescape
func peakFMAAVX512(n int)

func saxpy(dst []float32, alpha float32, x []float32) {
	dst = dst[:len(x)]
	switch {
	case useAVX512:
		for len(x) > 0 {
			n := min(len(x), asmChunk)
			saxpyAVX512(&dst[0], &x[0], alpha, n)
			dst, x = dst[n:], x[n:]
		}
	case useAVX2:
		for len(x) > 0 {
			n := min(len(x), asmChunk)
			saxpyAVX2(&dst[0], &x[0], alpha, n)
			dst, x = dst[n:], x[n:]
		}
	default:
		saxpyGeneric(dst, alpha, x)
	}
}

func sdot(x, y []float32) float32 {
	y = y[:len(x)]
	var s float32
	switch {
	case useAVX512:
		for len(x) > 0 {
			n := min(len(x), asmChunk)
			s += sdotAVX512(&x[0], &y[0], n)
			x, y = x[n:], y[n:]
		}
	case useAVX2:
		for len(x) > 0 {
			n := min(len(x), asmChunk)
			s += sdotAVX2(&x[0], &y[0], n)
			x, y = x[n:], y[n:]
		}
	default:
		s = sdotGeneric(x, y)
	}
	return s
}

func peakFMA(n int) int {
	switch {
	case useAVX512:
		for r := n; r > 0; r -= peakChunk {
			peakFMAAVX512(min(r, peakChunk))
		}
		return n * peakFlopsAVX512
	case useAVX2:
		for r := n; r > 0; r -= peakChunk {
			peakFMAAVX2(min(r, peakChunk))
		}
		return n * peakFlopsAVX2
	default:
		return peakFMAGeneric(n)
	}
}

// sgemm6x16AVX2 computes one 6×16 Sgemm tile from packed panels (gemmArgs):
// dst[0:m][0:n] = alpha·A·B + beta·dst, edge tiles with masked loads and
// stores. Requires: AVX, AVX2, FMA.
//
//go:noescape
func sgemm6x16AVX2(p *gemmArgs)

var gemmAVX2 = gemmKernel{mr: 6, nr: 16, blk: blockingFor(6, 16), run: sgemm6x16AVX2, directA: true, directAT: true, multi: true}

// sgemm12x32AVX512 computes one 12×32 Sgemm tile (or p.tiles of them) from a
// k-major A panel (p.lda == 0) and a B panel: dst[0:m][0:n] = alpha·A·B +
// beta·dst, edge tiles through opmasks. Requires: AVX512F.
//
//go:noescape
func sgemm12x32AVX512(p *gemmArgs)

var gemmAVX512 = gemmKernel{mr: 12, nr: 32, blk: blockingFor(12, 32), run: sgemm12x32AVX512, directAT: true, multi: true}

// currentGemmKernel returns the Sgemm microkernel of the current tier.
func currentGemmKernel() *gemmKernel {
	if useAVX512 {
		return &gemmAVX512
	}
	if useAVX2 {
		return &gemmAVX2
	}
	return &gemmGeneric
}

// sgemvTAVX2 computes y[0:w] = alpha·Σₗ x[l]·a[l·lda : l·lda+w] + beta·y[0:w]
// over rows ≥ 1 rows, for 1 ≤ w ≤ 32 (beta == ±0: y is not read).
// Requires: AVX, AVX2, FMA.
//
//go:noescape
func sgemvTAVX2(y, a, x *float32, lda, rows, w int, alpha, beta float32)

// gemvRowChunk bounds the rows of one sgemvTAVX2 call.
const gemvRowChunk = 1 << 10

// sgemvT computes y = alpha·aᵀ·x + beta·y (alpha != 0, len(x) > 0) in strips
// of 32 columns whose sums stay in registers, and reports whether it did.
func sgemvT(y []float32, alpha float32, a Matrix, x []float32, beta float32) bool {
	if !useAVX2 {
		return false
	}
	for j := 0; j < len(y); j += 32 {
		w := min(32, len(y)-j)
		b := beta
		for l0 := 0; l0 < len(x); l0 += gemvRowChunk {
			rows := min(gemvRowChunk, len(x)-l0)
			_ = a.Data[(l0+rows-1)*a.Stride+j+w-1] // the last element the call reads
			sgemvTAVX2(&y[j], &a.Data[l0*a.Stride+j], &x[l0], a.Stride, rows, w, alpha, b)
			b = 1
		}
	}
	return true
}

// sgemv4AVX2 computes y[i] = alpha·Σⱼ a[i·lda+j]·x[j] + beta·y[i] for the four
// rows i < 4 and n ≥ 1 columns (beta == ±0: y is not read).
// Requires: AVX, AVX2, FMA.
//
//go:noescape
func sgemv4AVX2(y, a, x *float32, lda, n int, alpha, beta float32)

// sgemvN computes y[0:4q] of y = alpha·a·x + beta·y (alpha != 0, len(x) > 0)
// four rows per call, each call at most asmChunk columns, and returns how
// many rows it did (the rest go row by row through Sdot).
func sgemvN(y []float32, alpha float32, a Matrix, x []float32, beta float32) int {
	if !useAVX2 {
		return 0
	}
	rows := len(y) / 4 * 4
	for i := 0; i < rows; i += 4 {
		b := beta
		for j := 0; j < len(x); j += asmChunk {
			n := min(asmChunk, len(x)-j)
			_ = a.Data[(i+3)*a.Stride+j+n-1] // the last element the call reads
			sgemv4AVX2(&y[i], &a.Data[i*a.Stride+j], &x[j], a.Stride, n, alpha, b)
			b = 1
		}
	}
	return rows
}

// sigmoidAVX2 computes dst[i] = 1/(1+exp(-x[i])) for i < n, n ≥ 0, with the
// range reduction and polynomial of expNeg. Requires: AVX, AVX2, FMA.
//
//go:noescape
func sigmoidAVX2(dst, x *float32, n int)

// sigmoidAVX512 is sigmoidAVX2 on 16 lanes, with the same results.
// Requires: AVX512F.
//
//go:noescape
func sigmoidAVX512(dst, x *float32, n int)

func sigmoid(dst, x []float32) {
	if !useAVX2 {
		sigmoidGeneric(dst, x)
		return
	}
	dst = dst[:len(x)]
	for len(x) > 0 {
		n := min(len(x), asmChunk)
		if useAVX512 {
			sigmoidAVX512(&dst[0], &x[0], n)
		} else {
			sigmoidAVX2(&dst[0], &x[0], n)
		}
		dst, x = dst[n:], x[n:]
	}
}

// packT16AVX2 packs 16 rows of a matrix as columns: dst[l·16+c] =
// src[c·lds+l] for c < 16, l < kc. Requires: AVX, AVX2.
//
//go:noescape
func packT16AVX2(dst, src *float32, lds, kc int)

// packColumnsAsm packs a full 16-wide panel from 16 source rows with
// packT16AVX2 and reports whether it did.
func packColumnsAsm(panel []float32, src Matrix, l0, kc, cq, r int) bool {
	if !useAVX2 || r != 16 {
		return false
	}
	off := cq*src.Stride + l0
	_ = src.Data[off+15*src.Stride+kc-1] // the last element packT16AVX2 reads
	_ = panel[16*kc-1]
	packT16AVX2(&panel[0], &src.Data[off], src.Stride, kc)
	return true
}

// sgerAVX2 computes a[i·lda+j] += (alpha·x[i])·y[j] for i < rows, j < n
// (rows, n ≥ 1). Requires: AVX, AVX2, FMA.
//
//go:noescape
func sgerAVX2(a, x, y *float32, lda, rows, n int, alpha float32)

// sgerAsm runs Sger on sgerAVX2, at most asmChunk elements of a per call,
// and reports whether it did.
func sgerAsm(a Matrix, alpha float32, x, y []float32) bool {
	if !useAVX2 {
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
		sgerAVX2(&a.Data[i*a.Stride], &x[i], &y[0], a.Stride, rows, n, alpha)
	}
	return true
}

// tanhAVX2 computes dst[i] = tanh(x[i]) for i < n, n ≥ 0, with the range
// reduction and polynomial of expNeg. Requires: AVX, AVX2, FMA.
//
//go:noescape
func tanhAVX2(dst, x *float32, n int)

// tanhAVX512 is tanhAVX2 on 16 lanes, with the same results.
// Requires: AVX512F.
//
//go:noescape
func tanhAVX512(dst, x *float32, n int)

func tanh(dst, x []float32) {
	if !useAVX2 {
		tanhGeneric(dst, x)
		return
	}
	dst = dst[:len(x)]
	for len(x) > 0 {
		n := min(len(x), asmChunk)
		if useAVX512 {
			tanhAVX512(&dst[0], &x[0], n)
		} else {
			tanhAVX2(&dst[0], &x[0], n)
		}
		dst, x = dst[n:], x[n:]
	}
}

// sigmoidGradAVX2 computes dst[i] = dy[i]·y[i]·(1-y[i]) for i < n, n ≥ 0.
// Requires: AVX, AVX2, FMA.
//
//go:noescape
func sigmoidGradAVX2(dst, y, dy *float32, n int)

// tanhGradAVX2 computes dst[i] = dy[i]·(1-y[i]²) for i < n, n ≥ 0.
// Requires: AVX, AVX2, FMA.
//
//go:noescape
func tanhGradAVX2(dst, y, dy *float32, n int)

// reluAVX2 computes dst[i] = x[i] if x[i] > 0 or NaN, else +0, for i < n,
// n ≥ 0. Requires: AVX, AVX2, FMA.
//
//go:noescape
func reluAVX2(dst, x *float32, n int)

// reluGradAVX2 computes dst[i] = dy[i] where y[i] > 0, y[i] where y[i] is
// NaN, else +0, for i < n, n ≥ 0. Requires: AVX, AVX2, FMA.
//
//go:noescape
func reluGradAVX2(dst, y, dy *float32, n int)

// sscalAVX2 computes x[i] *= alpha for i < n, n ≥ 0. Requires: AVX, AVX2, FMA.
//
//go:noescape
func sscalAVX2(x *float32, alpha float32, n int)

func sigmoidGrad(dst, y, dy []float32) {
	if !useAVX2 {
		sigmoidGradGeneric(dst, y, dy)
		return
	}
	dst, dy = dst[:len(y)], dy[:len(y)]
	for len(y) > 0 {
		n := min(len(y), asmChunk)
		sigmoidGradAVX2(&dst[0], &y[0], &dy[0], n)
		dst, y, dy = dst[n:], y[n:], dy[n:]
	}
}

func tanhGrad(dst, y, dy []float32) {
	if !useAVX2 {
		tanhGradGeneric(dst, y, dy)
		return
	}
	dst, dy = dst[:len(y)], dy[:len(y)]
	for len(y) > 0 {
		n := min(len(y), asmChunk)
		tanhGradAVX2(&dst[0], &y[0], &dy[0], n)
		dst, y, dy = dst[n:], y[n:], dy[n:]
	}
}

func relu(dst, x []float32) {
	if !useAVX2 {
		reluGeneric(dst, x)
		return
	}
	dst = dst[:len(x)]
	for len(x) > 0 {
		n := min(len(x), asmChunk)
		reluAVX2(&dst[0], &x[0], n)
		dst, x = dst[n:], x[n:]
	}
}

func reluGrad(dst, y, dy []float32) {
	if !useAVX2 {
		reluGradGeneric(dst, y, dy)
		return
	}
	dst, dy = dst[:len(y)], dy[:len(y)]
	for len(y) > 0 {
		n := min(len(y), asmChunk)
		reluGradAVX2(&dst[0], &y[0], &dy[0], n)
		dst, y, dy = dst[n:], y[n:], dy[n:]
	}
}

func sscal(x []float32, alpha float32) {
	if !useAVX2 {
		sscalGeneric(x, alpha)
		return
	}
	for len(x) > 0 {
		n := min(len(x), asmChunk)
		sscalAVX2(&x[0], alpha, n)
		x = x[n:]
	}
}

// addBias adds b to each row of dst with Saxpy and alpha = 1, which rounds
// exactly like dst[i][j] + b[j] (fused or not), on the first cols/8·8
// columns; the last cols%8 are added in Go (a VMASKMOVPS store per row costs
// more on Zen 1). Rows narrower than 16 go to Generic: there a call per row
// costs more than it saves.
func addBias(dst Matrix, b []float32) {
	c8 := len(b) / 8 * 8
	if !useAVX2 || len(b) < 16 {
		addBiasGeneric(dst, b)
		return
	}
	for i := 0; i < dst.Rows; i++ {
		row := dst.Data[i*dst.Stride : i*dst.Stride+dst.Cols]
		saxpy(row[:c8], 1, b[:c8])
		for j, v := range b[c8:] {
			row[c8+j] += v
		}
	}
}

// sumRowsAVX2 computes dst[0:w] += Σₗ x[l·stride : l·stride+w] for l < rows,
// rows ≥ 1, w == 32 or w == 8, adding the rows in order.
// Requires: AVX, AVX2, FMA.
//
//go:noescape
func sumRowsAVX2(dst, x *float32, stride, rows, w int)

// expSubSumAVX2 computes dst[i] = expNeg(x[i]-m) for i < n, n ≥ 0, x[i] ≤ m
// and not NaN, and returns Σ dst[i]. Requires: AVX, AVX2, FMA.
//
//go:noescape
func expSubSumAVX2(dst, x *float32, m float32, n int) float32

// Hooks of the shared drivers in kernels_asm.go.
const sumRowsWide, sumRowsNarrow = 32, 8

func vecOn() bool { return useAVX2 }

func sumRowsStrip(dst, x *float32, stride, rows, w int) { sumRowsAVX2(dst, x, stride, rows, w) }

// expSubSumAVX512 is expSubSumAVX2 on 16 lanes: the same dst, the sum added
// in 16 lanes. Requires: AVX512F.
//
//go:noescape
func expSubSumAVX512(dst, x *float32, m float32, n int) float32

func expSubSum(dst, x *float32, m float32, n int) float32 {
	if useAVX512 {
		return expSubSumAVX512(dst, x, m, n)
	}
	return expSubSumAVX2(dst, x, m, n)
}

// adamStepAVX2 is AdamStep for i < n, n ≥ 0. Requires: AVX, AVX2, FMA.
//
//go:noescape
func adamStepAVX2(p, grad, m, v *float32, n int, lr, b1, b2, c1, c2, eps float32)

func adamStep(p, g, m, v []float32, lr, b1, b2, c1, c2, eps float32) {
	if !useAVX2 {
		adamStepGeneric(p, g, m, v, lr, b1, b2, c1, c2, eps)
		return
	}
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	for len(p) > 0 {
		n := min(len(p), asmChunk)
		adamStepAVX2(&p[0], &g[0], &m[0], &v[0], n, lr, b1, b2, c1, c2, eps)
		p, g, m, v = p[n:], g[n:], m[n:], v[n:]
	}
}
