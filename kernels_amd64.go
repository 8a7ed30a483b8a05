//go:build gc && !purego && !noasm

package simdnn

import (
	"golang.org/x/sys/cpu"

	"github.com/simdnn/simdnn/kernels"
)

// The amd64 tiers: detection, the assembly declarations (kernels_amd64.s)
// and the hooks of the architecture interface (dispatch.go).

// Each tier includes the one below it, so disabling a lower feature (GODEBUG or
// kernels.Select) also disables every higher tier. HasAVX512 is the field that
// GODEBUG=cpu.avx512f=off clears.
var (
	useAVX2   = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	useAVX512 = useAVX2 && cpu.X86.HasAVX512 && cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW &&
		cpu.X86.HasAVX512DQ && cpu.X86.HasAVX512VL
	useVNNI = useAVX512 && cpu.X86.HasAVX512VNNI
)

func init() {
	kernels.Register("AVX2", &useAVX2)
	kernels.Register("AVX512", &useAVX512)
	kernels.Register("AVX512VNNI", &useVNNI)
	capFromEnv()
}

// The AVX512 tier has its own kernels where 16 lanes pay (Sgemm, Saxpy, Sdot,
// the exp family); the memory-bound ones run the AVX2 code under it.
func asmOn() bool { return useAVX2 }

// ---------------------------------------------------------------------------
// Sgemm

// sgemm6x16AVX2 computes one 6×16 Sgemm tile (or p.tiles of them) from packed
// panels or A in place (gemmArgs): dst[0:m][0:n] = alpha·A·B + beta·dst, edge
// tiles with masked loads and stores. Requires: AVX, AVX2, FMA.
//
//go:noescape
func sgemm6x16AVX2(p *gemmArgs)

// sgemm8x32AVX512 computes one 8×32 Sgemm tile (or p.tiles of them) from a
// k-major A, or from rows of A read in place, and a B panel (see the
// assembly). Requires: AVX512F.
//
//go:noescape
func sgemm8x32AVX512(p *gemmArgs)

// packTAVX2 packs rows (6, 8 or 16) rows of a matrix as columns:
// dst[l·ldd+c] = src[c·lds+l] for c < rows, l < kc. Requires: AVX, AVX2.
//
//go:noescape
func packTAVX2(dst, src *float32, lds, kc, ldd, rows int)

// sgemmDot2x5AVX2 computes p.m rows × p.n ≤ 5 columns of a narrow Sgemm as
// dot products along k (dotArgs, sgemm_narrow.go). Requires: AVX, AVX2, FMA.
//
//go:noescape
func sgemmDot2x5AVX2(p *dotArgs)

func dotNarrowOn() bool       { return useAVX2 }
func dotNarrowAsm(p *dotArgs) { sgemmDot2x5AVX2(p) }

// packRowsAVX2 packs the full panels of a row-major operand: dst[l·r+c] =
// src[l·lds+c] for c < r, l < kc (r is 16 or 32). Requires: AVX, AVX2.
//
//go:noescape
func packRowsAVX2(dst, src *float32, lds, kc, r int)

var (
	gemmAVX2 = gemmKernel{mr: 6, nr: 16, blk: blockingFor(6, 16), run: sgemm6x16AVX2, directA: true, directAT: true, directAEdge: true, multi: true, packT: packTAVX2, packRows: packRowsAVX2}
	// The 8×32 micro-panels may fill L1 (kc 200 on a 32 KiB L1, against 152
	// for 3/4 of it: 512³ 105 → 107 GFLOP/s, m=64 n=128 k=784 113.9 → 114.7,
	// 64³ and 256³ within ±0.5 on the Zen 4).
	gemmAVX512 = gemmKernel{mr: 8, nr: 32, blk: blockingForL1(8, 32, 1, 1), run: sgemm8x32AVX512, directA: true, directAT: true, directAEdge: true, multi: true, packT: packTAVX2, packRows: packRowsAVX2}
)

// tierGemmKernel chooses the microkernel of an m×n×k Sgemm of op(a) =
// a or aᵀ (ta): on the AVX512 tier the 8×32 zmm kernel unless the AVX2 6×16
// computes less padding (gemmWork), so that selecting the AVX512 tier never
// loses. On the Zen 4 this was tuned on (zmm and ymm FMA peaks equal; one
// core, GFLOP/s, 6×16 → 8×32): m=32 n=128 k=784 106 → 113, m=2 56 → 91,
// m=4 97 → 110, 64³ 107 → 110, 1024³ 94 → 98, the weight gradient m=784
// n=128 k=32 (aᵀ) 103 → 107; m=6 (111 against 68), m=30, and 16, 40 or 48
// columns stay on 6×16, where 8×32 would compute up to 2× the work.
func tierGemmKernel(m, n, k int, ta Transpose) *gemmKernel {
	switch {
	case useAVX512 && gemmWork(&gemmAVX512, m, n) <= gemmWork(&gemmAVX2, m, n):
		return &gemmAVX512
	case useAVX2:
		return &gemmAVX2
	}
	return &gemmGeneric
}

// gemmWork estimates the time an m×n product takes on gk, in rows ×
// columns of full-tile work: columns rounded up to whole panels, rows to
// the edge loop that computes them. An edge of at most 2 or 4 rows runs a
// loop over those rows, which on the 6×16 kernel is bound by FMA latency
// (4 ymm FMAs per k take as long as 8), on the 8×32 by throughput.
func gemmWork(gk *gemmKernel, m, n int) int {
	rows := m / gk.mr * gk.mr
	switch edge := m % gk.mr; {
	case edge == 0:
	case edge <= 2 && gk.nr == 16:
		rows += 4
	case edge <= 2:
		rows += 2
	case edge <= 4:
		rows += 4
	default:
		rows += gk.mr
	}
	return rows * roundUp(n, gk.nr)
}

// tierGemmKernels lists every kernel tierGemmKernel may return on the
// current tier (tests run each).
func tierGemmKernels() []*gemmKernel {
	switch {
	case useAVX512:
		return []*gemmKernel{&gemmAVX512, &gemmAVX2}
	case useAVX2:
		return []*gemmKernel{&gemmAVX2}
	}
	return []*gemmKernel{&gemmGeneric}
}

// ---------------------------------------------------------------------------
// BLAS-2 and SumRows

// sgemv4AVX2 computes y[i] = alpha·Σⱼ a[i·lda+j]·x[j] + beta·y[i] for the four
// rows i < 4 and n ≥ 1 columns (beta == ±0: y is not read).
// Requires: AVX, AVX2, FMA.
//
//go:noescape
func sgemv4AVX2(y, a, x *float32, lda, n int, alpha, beta float32)

// sgemvTAVX2 computes y[0:w] = alpha·Σₗ x[l]·a[l·lda : l·lda+w] + beta·y[0:w]
// over rows ≥ 1 rows, for 1 ≤ w ≤ 32 (beta == ±0: y is not read).
// Requires: AVX, AVX2, FMA.
//
//go:noescape
func sgemvTAVX2(y, a, x *float32, lda, rows, w int, alpha, beta float32)

// sumRowsAVX2 computes dst[0:w] += Σₗ x[l·stride : l·stride+w] for l < rows,
// rows ≥ 1, w == 32 or w == 8, adding the rows in order.
// Requires: AVX, AVX2, FMA.
//
//go:noescape
func sumRowsAVX2(dst, x *float32, stride, rows, w int)

// sgerAVX2 computes a[i·lda+j] += (alpha·x[i])·y[j] for i < rows, j < n
// (rows, n ≥ 1). Requires: AVX, AVX2, FMA.
//
//go:noescape
func sgerAVX2(a, x, y *float32, lda, rows, n int, alpha float32)

func gemv4Asm(y, a, x *float32, lda, n int, alpha, beta float32) {
	sgemv4AVX2(y, a, x, lda, n, alpha, beta)
}

// Strip widths (blas2.go): sgemvTAVX2 takes up to 32 columns and masks
// narrower last strips; sumRowsAVX2 takes 32, then 8 (a masked store per row
// would cost more on Zen 1 than the Go tail).
const (
	gemvTWide, gemvTNarrow, gemvTMasked = 32, 32, true
	sumRowsWide, sumRowsNarrow          = 32, 8
)

func gemvTAsm(y, a, x *float32, lda, rows, w int, alpha, beta float32) {
	sgemvTAVX2(y, a, x, lda, rows, w, alpha, beta)
}

func sumRowsAsm(dst, x *float32, stride, rows, w int) { sumRowsAVX2(dst, x, stride, rows, w) }

func sgerAsm(a, x, y *float32, lda, rows, n int, alpha float32) {
	sgerAVX2(a, x, y, lda, rows, n, alpha)
}

// ---------------------------------------------------------------------------
// Vector kernels: Saxpy, Sdot, the exp family, element-wise, AdamStep, probe

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

// expSubSumAVX2 computes dst[i] = expNeg(x[i]-m) for i < n, n ≥ 0, x[i] ≤ m
// and not NaN, and returns Σ dst[i]. Requires: AVX, AVX2, FMA.
//
//go:noescape
func expSubSumAVX2(dst, x *float32, m float32, n int) float32

// expSubSumAVX512 is expSubSumAVX2 on 16 lanes: the same dst, the sum added
// in 16 lanes. Requires: AVX512F.
//
//go:noescape
func expSubSumAVX512(dst, x *float32, m float32, n int) float32

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

// adamStepAVX2 is AdamStep for i < n, n ≥ 0, and reports whether every new
// p, m and v is finite; with flush, subnormal inputs and results count as
// zero. Requires: AVX, AVX2, FMA.
//
//go:noescape
func adamStepAVX2(p, grad, m, v *float32, n int, lr, b1, b2, c1, c2, eps float32, flush bool) (finite bool)

// peakFMAAVX2 runs n iterations of 12 independent ymm FMAs. Requires: AVX, AVX2, FMA.
//
//go:noescape
func peakFMAAVX2(n int)

// peakFMAAVX512 runs n iterations of 24 independent zmm FMAs. Requires: AVX512F.
//
//go:noescape
func peakFMAAVX512(n int)

// The element-wise hooks (vecKernel): one shape, dst, x, y, alpha, n; each
// uses the arguments its kernel has.
func saxpyAsm(dst, x, y *float32, alpha float32, n int) {
	if useAVX512 {
		saxpyAVX512(dst, x, alpha, n)
		return
	}
	saxpyAVX2(dst, x, alpha, n)
}

func sigmoidAsm(dst, x, y *float32, alpha float32, n int) {
	if useAVX512 {
		sigmoidAVX512(dst, x, n)
		return
	}
	sigmoidAVX2(dst, x, n)
}

func tanhAsm(dst, x, y *float32, alpha float32, n int) {
	if useAVX512 {
		tanhAVX512(dst, x, n)
		return
	}
	tanhAVX2(dst, x, n)
}

func sscalAsm(dst, x, y *float32, alpha float32, n int)       { sscalAVX2(dst, alpha, n) }
func reluAsm(dst, x, y *float32, alpha float32, n int)        { reluAVX2(dst, x, n) }
func sigmoidGradAsm(dst, x, y *float32, alpha float32, n int) { sigmoidGradAVX2(dst, x, y, n) }
func tanhGradAsm(dst, x, y *float32, alpha float32, n int)    { tanhGradAVX2(dst, x, y, n) }
func reluGradAsm(dst, x, y *float32, alpha float32, n int)    { reluGradAVX2(dst, x, y, n) }

// The reduction hooks (sumKernel).
func dotAsm(x, y *float32, s float32, n int) float32 {
	if useAVX512 {
		return sdotAVX512(x, y, n)
	}
	return sdotAVX2(x, y, n)
}

func expSubSumAsm(x, y *float32, s float32, n int) float32 {
	if useAVX512 {
		return expSubSumAVX512(y, x, s, n)
	}
	return expSubSumAVX2(y, x, s, n)
}

// maxNaNAVX2 returns max x[i] and whether some x[i] is NaN, for n a
// positive multiple of 8 (m is meaningless when nan). Requires: AVX, AVX2.
//
//go:noescape
func maxNaNAVX2(x *float32, n int) (m float32, nan bool)

// softmaxRowAVX512 computes one Softmax row (n ≥ 1) exactly as the
// separate scan, expSubSumAVX512 and sscal calls do, or returns special
// (writing nothing) for a row with a NaN or an infinite maximum.
// Requires: AVX512F.
//
//go:noescape
func softmaxRowAVX512(dst, x *float32, n int) (special bool)

// softmaxRowAVX2 is softmaxRowAVX512 on 8 lanes: one Softmax row (n ≥ 1)
// exactly as the separate scan, expSubSumAVX2 and sscal calls do it.
// Requires: AVX, AVX2, FMA.
//
//go:noescape
func softmaxRowAVX2(dst, x *float32, n int) (special bool)

// softmaxRowAsm is the one-call Softmax row of the tier, if it has one.
func softmaxRowAsm(dst, x *float32, n int) (special, ok bool) {
	if useAVX512 {
		return softmaxRowAVX512(dst, x, n), true
	}
	return softmaxRowAVX2(dst, x, n), true
}

// maxNaNVec is the multiple maxNaNAsm takes.
const maxNaNVec = 8

func maxNaNAsm(x *float32, n int) (m float32, nan bool) { return maxNaNAVX2(x, n) }

// addBiasVec: AddBias adds the last cols%8 columns in Go (see addBias).
const addBiasVec = 8

// adamFlushMinEps is the smallest eps with which AdamStep flushes
// subnormals: √(v·c2) of a subnormal v (under 5e-18 for c2 up to 10⁶) then
// moves the denominator √(v·c2) + eps by less than 16 ulp. With a smaller
// eps a flushed v could leave it at 0 (an infinite step where Generic's is
// finite), so the kernel runs unflushed.
const adamFlushMinEps = 1e-10

func adamStepAsm(p, g, m, v *float32, n int, lr, b1, b2, c1, c2, eps float32) bool {
	return adamStepAVX2(p, g, m, v, n, lr, b1, b2, c1, c2, eps, eps >= adamFlushMinEps)
}

func peakAsm(n int) int {
	if useAVX512 {
		peakFMAAVX512(n)
		return n * 24 * 16 * 2 // accumulators × lanes × 2 flops
	}
	peakFMAAVX2(n)
	return n * 12 * 8 * 2
}

// ---------------------------------------------------------------------------
// int8 GEMM

// gemmInt8VNNI8, 4, 2 and 1 compute one block of 8, 4, 2 or 1 rows by
// p.cols ≤ 32 columns of GemmInt8 (int8Args). Requires: AVX512F, AVX512BW,
// AVX512VNNI.
//
//go:noescape
func gemmInt8VNNI8(p *int8Args)

//go:noescape
func gemmInt8VNNI4(p *int8Args)

//go:noescape
func gemmInt8VNNI2(p *int8Args)

//go:noescape
func gemmInt8VNNI1(p *int8Args)

// gemmInt8AVX2s1 computes one row by p.cols ≤ 16 columns of GemmInt8 for
// weights in [−127, 127] (Int8Weights.symmetric). Requires: AVX, AVX2.
//
//go:noescape
func gemmInt8AVX2s1(p *int8Args)

// gemmInt8AVX2w4, w2 and w1 compute one block of 4, 2 or 1 rows by p.cols ≤
// 8 columns of GemmInt8 from rows widened to int16 (p.a16).
// Requires: AVX, AVX2.
//
//go:noescape
func gemmInt8AVX2w4(p *int8Args)

//go:noescape
func gemmInt8AVX2w2(p *int8Args)

//go:noescape
func gemmInt8AVX2w1(p *int8Args)

// widenAVX2 sign-extends n int8 to int16, n a multiple of 16.
// Requires: AVX, AVX2.
//
//go:noescape
func widenAVX2(dst *int16, src *int8, n int)

func widenAsm(dst *int16, src *int8, n int) { widenAVX2(dst, src, n) }

// int8Plan: VNNI 8×32; else on AVX2 and AVX512 the widened-row VPMADDWD
// kernels 4×8, except for one row of weights in [−127, 127], which the
// VPMADDUBSW kernel does faster (1×16). All store edge tiles through masks.
func int8Plan(m int, symmetric bool) (mr, nr int, masked, widened bool) {
	switch {
	case useVNNI:
		return 8, 32, true, false
	case useAVX2 && m == 1 && symmetric:
		return 1, 16, true, false
	case useAVX2:
		return 4, 8, true, true
	}
	return 0, 0, false, false
}

const int8TmpLen = 1 // no tier here uses int8Args.tmp

func int8TileAsm(p *int8Args) {
	switch {
	case useVNNI && p.rows == 8:
		gemmInt8VNNI8(p)
	case useVNNI && p.rows == 4:
		gemmInt8VNNI4(p)
	case useVNNI && p.rows == 2:
		gemmInt8VNNI2(p)
	case useVNNI:
		gemmInt8VNNI1(p)
	case p.a16 == nil:
		gemmInt8AVX2s1(p)
	case p.rows == 4:
		gemmInt8AVX2w4(p)
	case p.rows == 2:
		gemmInt8AVX2w2(p)
	default:
		gemmInt8AVX2w1(p)
	}
}

// ---------------------------------------------------------------------------
// int8 element-wise

// quantizeAVX2 computes QuantizeInt8 on n elements, n a multiple of 8;
// recip is 1/scale, exact ≠ 0 when that is not a normal float32.
// Requires: AVX, AVX2.
//
//go:noescape
func quantizeAVX2(dst *int8, x *float32, n int, scale, recip float32, zero int32, exact int)

// requantAVX2 computes Requantize on n channels, n a multiple of 8, from
// the per-channel multiplier and left and right shifts.
// Requires: AVX, AVX2.
//
//go:noescape
func requantAVX2(dst *int8, acc, mult, left, right *int32, n int, zero, lo, hi int32)

// int8Vec is the lane count of the int8 element-wise kernels.
const int8Vec = 8

func int8VecOn() bool { return useAVX2 }

// quantizeAVX512 is quantizeAVX2 on 16 lanes (n a multiple of 8).
// Requires: AVX512F.
//
//go:noescape
func quantizeAVX512(dst *int8, x *float32, n int, scale, recip float32, zero int32, exact int)

func quantizeAsm(dst *int8, x *float32, n int, scale, recip float32, zero int32, exact int) {
	if useAVX512 {
		quantizeAVX512(dst, x, n, scale, recip, zero, exact)
		return
	}
	quantizeAVX2(dst, x, n, scale, recip, zero, exact)
}

// requantAVX512 is requantAVX2 on 16 lanes (n a multiple of 8).
// Requires: AVX512F.
//
//go:noescape
func requantAVX512(dst *int8, acc, mult, left, right *int32, n int, zero, lo, hi int32)

func requantAsm(dst *int8, acc, mult, left, right *int32, n int, zero, lo, hi int32) {
	if useAVX512 {
		requantAVX512(dst, acc, mult, left, right, n, zero, lo, hi)
		return
	}
	requantAVX2(dst, acc, mult, left, right, n, zero, lo, hi)
}

// peakInt8AVX2 runs n iterations of 8 VPMADDUBSW, VPMADDWD, VPADDD triples
// (512 int ops).
// Requires: AVX, AVX2.
//
//go:noescape
func peakInt8AVX2(n int)

// peakInt8VNNI runs n iterations of 24 zmm VPDPBUSD (3072 int ops).
// Requires: AVX512F, AVX512VNNI.
//
//go:noescape
func peakInt8VNNI(n int)

func peakInt8Asm(n int) int {
	if useVNNI {
		peakInt8VNNI(n)
		return n * 24 * 64 * 2
	}
	peakInt8AVX2(n)
	return n * 8 * 32 * 2
}
