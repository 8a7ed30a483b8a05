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

var gemmNEON = gemmKernel{mr: 8, nr: 12, blk: blockingFor(8, 12), run: sgemm8x12NEON, multi: true}

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
// BLAS-2 and element-wise kernels: Generic until their NEON versions land.

// sgemvT has no kernel of its own here: Sgemv's Saxpy loop does the work.
func sgemvT(y []float32, alpha float32, a Matrix, x []float32, beta float32) bool { return false }

// sgemvN has no kernel of its own here: Sgemv's Sdot loop does the work.
func sgemvN(y []float32, alpha float32, a Matrix, x []float32, beta float32) int { return 0 }

// sgerAsm has no kernel here: Sger's Saxpy loop does the work.
func sgerAsm(a Matrix, alpha float32, x, y []float32) bool { return false }

func sigmoid(dst, x []float32) { sigmoidGeneric(dst, x) }

func tanh(dst, x []float32) { tanhGeneric(dst, x) }

func sigmoidGrad(dst, y, dy []float32) { sigmoidGradGeneric(dst, y, dy) }

func tanhGrad(dst, y, dy []float32) { tanhGradGeneric(dst, y, dy) }

func relu(dst, x []float32) { reluGeneric(dst, x) }

func reluGrad(dst, y, dy []float32) { reluGradGeneric(dst, y, dy) }

func sscal(x []float32, alpha float32) { sscalGeneric(x, alpha) }

func addBias(dst Matrix, b []float32) { addBiasGeneric(dst, b) }

func sumRows(dst []float32, x Matrix) { sumRowsGeneric(dst, x) }

func softmax(dst, x Matrix) { softmaxGeneric(dst, x) }
