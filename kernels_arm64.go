//go:build gc && !purego && !noasm

package simdnn

import (
	"golang.org/x/sys/cpu"

	"github.com/simdnn/simdnn/kernels"
)

// The arm64 tier: detection, the assembly declarations (kernels_arm64.s) and
// the hooks of the architecture interface (dispatch.go).

// The WORD lines in kernels_arm64.s are asm2plan9s output; its arm64 mode
// only runs on an arm64 host.
//go:generate go tool asm2plan9s kernels_arm64.s

// useNEON enables the NEON tier (Advanced SIMD, which every arm64 CPU running
// Go has; GODEBUG=cpu.asimd=off or kernels.Select turns it off).
var useNEON = cpu.ARM64.HasASIMD

func init() {
	kernels.Register("NEON", &useNEON)
	kernels.Register("NEONDotProd", &useDotProd)
	capFromEnv()
}

func asmOn() bool { return useNEON }

// ---------------------------------------------------------------------------
// Sgemm

// sgemm8x12NEON computes p.tiles 8×12 Sgemm tiles from a packed k-major A
// panel and a B panel p.ldb floats per k (gemmArgs): dst[0:m][0:n] =
// alpha·A·B + beta·dst, edge tiles with 4-lane and single-lane stores.
// Requires: ASIMD.
//
//go:noescape
func sgemm8x12NEON(p *gemmArgs)

var gemmNEON = gemmKernel{mr: 8, nr: 12, blk: blockingFor(8, 12), run: sgemm8x12NEON, directAT: true, multi: true}

// tierGemmKernel chooses the microkernel of an m×n×k Sgemm.
func tierGemmKernel(m, n, k int, ta Transpose) *gemmKernel {
	if useNEON {
		return &gemmNEON
	}
	return &gemmGeneric
}

// tierGemmKernels lists every kernel tierGemmKernel may return.
func tierGemmKernels() []*gemmKernel { return []*gemmKernel{tierGemmKernel(0, 0, 0, NoTrans)} }

// ---------------------------------------------------------------------------
// BLAS-2 and SumRows

// sgemv4NEON computes y[i] = alpha·Σⱼ a[i·lda+j]·x[j] + beta·y[i] for the four
// rows i < 4 and n ≥ 1 columns (beta == ±0: y is not read). Requires: ASIMD.
//
//go:noescape
func sgemv4NEON(y, a, x *float32, lda, n int, alpha, beta float32)

// sgemvTNEON computes y[0:w] = alpha·Σₗ x[l]·a[l·lda : l·lda+w] + beta·y[0:w]
// over rows ≥ 1 rows, for w == 16 or w == 4 (beta == ±0: y is not read).
// Requires: ASIMD.
//
//go:noescape
func sgemvTNEON(y, a, x *float32, lda, rows, w int, alpha, beta float32)

// sumRowsNEON computes dst[0:w] += Σₗ x[l·stride : l·stride+w] for l < rows,
// rows ≥ 1, w == 16 or w == 4, adding the rows in order. Requires: ASIMD.
//
//go:noescape
func sumRowsNEON(dst, x *float32, stride, rows, w int)

// sgerNEON computes a[i·lda+j] += (alpha·x[i])·y[j] for i < rows, j < n
// (rows, n ≥ 1). Requires: ASIMD.
//
//go:noescape
func sgerNEON(a, x, y *float32, lda, rows, n int, alpha float32)

func gemv4Asm(y, a, x *float32, lda, n int, alpha, beta float32) {
	sgemv4NEON(y, a, x, lda, n, alpha, beta)
}

// Strip widths (blas2.go): both strip kernels take 16 columns, then 4.
const (
	gemvTWide, gemvTNarrow, gemvTMasked = 16, 4, false
	sumRowsWide, sumRowsNarrow          = 16, 4
)

func gemvTAsm(y, a, x *float32, lda, rows, w int, alpha, beta float32) {
	sgemvTNEON(y, a, x, lda, rows, w, alpha, beta)
}

func sumRowsAsm(dst, x *float32, stride, rows, w int) { sumRowsNEON(dst, x, stride, rows, w) }

func sgerAsm(a, x, y *float32, lda, rows, n int, alpha float32) {
	sgerNEON(a, x, y, lda, rows, n, alpha)
}

// ---------------------------------------------------------------------------
// Vector kernels: Saxpy, Sdot, the exp family, element-wise, AdamStep, probe

// saxpyNEON computes dst[i] += alpha·x[i] for i < n, n > 0. Requires: ASIMD.
//
//go:noescape
func saxpyNEON(dst, x *float32, alpha float32, n int)

// sdotNEON returns Σ x[i]·y[i] for i < n, n > 0. Requires: ASIMD.
//
//go:noescape
func sdotNEON(x, y *float32, n int) float32

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

// expSubSumNEON computes dst[i] = exp(x[i]-m) for i < n, n ≥ 0, x[i] ≤ m
// and not NaN, and returns Σ dst[i]. Requires: ASIMD.
//
//go:noescape
func expSubSumNEON(dst, x *float32, m float32, n int) float32

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

// adamStepNEON applies one Adam update (AdamStep) to p[i], m[i] and v[i]
// from grad[i] for i < n, n ≥ 0 (not g: the assembler reserves that name for
// the goroutine register), and reports whether every new p, m and v is
// finite. Requires: ASIMD.
//
//go:noescape
func adamStepNEON(p, grad, m, v *float32, n int, lr, b1, b2, c1, c2, eps float32) (finite bool)

// peakFMANEON runs n > 0 iterations of 24 independent 4-lane FMAs on
// registers only. Requires: ASIMD.
//
//go:noescape
func peakFMANEON(n int)

// The element-wise hooks (vecKernel): one shape, dst, x, y, alpha, n; each
// uses the arguments its kernel has.
func saxpyAsm(dst, x, y *float32, alpha float32, n int)       { saxpyNEON(dst, x, alpha, n) }
func sscalAsm(dst, x, y *float32, alpha float32, n int)       { sscalNEON(dst, alpha, n) }
func sigmoidAsm(dst, x, y *float32, alpha float32, n int)     { sigmoidNEON(dst, x, n) }
func tanhAsm(dst, x, y *float32, alpha float32, n int)        { tanhNEON(dst, x, n) }
func reluAsm(dst, x, y *float32, alpha float32, n int)        { reluNEON(dst, x, n) }
func sigmoidGradAsm(dst, x, y *float32, alpha float32, n int) { sigmoidGradNEON(dst, x, y, n) }
func tanhGradAsm(dst, x, y *float32, alpha float32, n int)    { tanhGradNEON(dst, x, y, n) }
func reluGradAsm(dst, x, y *float32, alpha float32, n int)    { reluGradNEON(dst, x, y, n) }

// The reduction hooks (sumKernel).
func dotAsm(x, y *float32, s float32, n int) float32       { return sdotNEON(x, y, n) }
func expSubSumAsm(x, y *float32, s float32, n int) float32 { return expSubSumNEON(y, x, s, n) }

// addBiasVec: AddBias hands whole rows to Saxpy.
const addBiasVec = 1

func adamStepAsm(p, g, m, v *float32, n int, lr, b1, b2, c1, c2, eps float32) bool {
	return adamStepNEON(p, g, m, v, n, lr, b1, b2, c1, c2, eps)
}

func peakAsm(n int) int {
	peakFMANEON(n)
	return n * 24 * 4 * 2 // accumulators × lanes × 2 flops
}

// ---------------------------------------------------------------------------
// int8 GEMM

// useDotProd enables the NEONDotProd tier (SDOT, Armv8.2 dot product;
// int8 kernels only).
var useDotProd = useNEON && cpu.ARM64.HasASIMDDP

// gemmInt8Dot4, 2 and 1 compute one block of 4, 2 or 1 rows by 16 columns
// (one packed panel) of GemmInt8 with SDOT. Requires: ASIMD, ASIMDDP.
//
//go:noescape
func gemmInt8Dot4(p *int8Args)

//go:noescape
func gemmInt8Dot2(p *int8Args)

//go:noescape
func gemmInt8Dot1(p *int8Args)

// gemmInt8NEON2 and 1 compute one block of 2 or 1 rows by 16 columns of
// GemmInt8 with SMULL, SMULL2 and SADALP. Requires: ASIMD.
//
//go:noescape
func gemmInt8NEON2(p *int8Args)

//go:noescape
func gemmInt8NEON1(p *int8Args)

// int8Plan: SDOT 4×16, else SMULL/SADALP 2×16; edge tiles go through
// int8Args.tmp (whole 16-column rows).
func int8Plan(m int, symmetric bool) (mr, nr int, masked, widened bool) {
	switch {
	case useDotProd:
		return 4, 16, false, false
	case useNEON:
		return 2, 16, false, false
	}
	return 0, 0, false, false
}

const int8TmpLen = 4 * 16

func int8TileAsm(p *int8Args) {
	if useDotProd {
		switch p.rows {
		case 4:
			gemmInt8Dot4(p)
		case 2:
			gemmInt8Dot2(p)
		default:
			gemmInt8Dot1(p)
		}
		return
	}
	if p.rows == 2 {
		gemmInt8NEON2(p)
	} else {
		gemmInt8NEON1(p)
	}
}

// ---------------------------------------------------------------------------
// int8 element-wise

// requantNEON computes Requantize on n channels, n a multiple of 8.
// Requires: ASIMD.
//
//go:noescape
func requantNEON(dst *int8, acc, mult, left, right *int32, n int, zero, lo, hi int32)

// quantizeNEON computes QuantizeInt8 on n elements, n a multiple of 8.
// Requires: ASIMD.
//
//go:noescape
func quantizeNEON(dst *int8, x *float32, n int, scale float32, zero int32)

const int8Vec = 8

func int8VecOn() bool { return useNEON }

// quantizeAsm: FCVTAS rounds ties away from zero, so NEON divides every
// lane and needs no reciprocal.
func quantizeAsm(dst *int8, x *float32, n int, scale, recip float32, zero int32, exact int) {
	quantizeNEON(dst, x, n, scale, zero)
}

func requantAsm(dst *int8, acc, mult, left, right *int32, n int, zero, lo, hi int32) {
	requantNEON(dst, acc, mult, left, right, n, zero, lo, hi)
}

// peakInt8Dot runs n iterations of 24 SDOT (768 int ops).
// Requires: ASIMD, ASIMDDP.
//
//go:noescape
func peakInt8Dot(n int)

// peakInt8NEON runs n iterations of 8 SMULL, SMULL2, 2×SADALP groups (256
// int ops). Requires: ASIMD.
//
//go:noescape
func peakInt8NEON(n int)

func peakInt8Asm(n int) int {
	if useDotProd {
		peakInt8Dot(n)
		return n * 24 * 16 * 2
	}
	peakInt8NEON(n)
	return n * 8 * 16 * 2
}

func widenAsm(dst *int16, src *int8, n int) { panic("unreachable") }

// maxNaNNEON returns max x[i] and whether some x[i] is NaN, for n a
// positive multiple of 8 (m is meaningless when nan). Requires: ASIMD.
//
//go:noescape
func maxNaNNEON(x *float32, n int) (m float32, nan bool)

// maxNaNVec is the multiple maxNaNAsm takes.
const maxNaNVec = 8

func maxNaNAsm(x *float32, n int) (m float32, nan bool) { return maxNaNNEON(x, n) }

func softmaxRowAsm(dst, x *float32, n int) (special, ok bool) { return false, false }

func dotNarrowOn() bool       { return false }
func dotNarrowAsm(p *dotArgs) { panic("simdnn: no dot kernel on arm64") }
