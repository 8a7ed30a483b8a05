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
// Sgemm: microkernel and packing. Generic until the NEON microkernel lands.

// currentGemmKernel returns the Sgemm microkernel: Generic until the NEON
// microkernel lands.
func currentGemmKernel() *gemmKernel { return &gemmGeneric }

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

func addBias(dst Matrix, b []float32) { addBiasGeneric(dst, b) }

func sumRows(dst []float32, x Matrix) { sumRowsGeneric(dst, x) }

// expSubSumNEON computes dst[i] = exp(x[i]-m) for i < n, n ≥ 0, x[i] ≤ m
// and not NaN, and returns Σ dst[i]. Requires: ASIMD.
//
//go:noescape
func expSubSumNEON(dst, x *float32, m float32, n int) float32

// softmax computes each row with Go's special cases and maximum, the
// exponentials and their sum in asm, then Sscal by 1/sum.
func softmax(dst, x Matrix) {
	if !useNEON {
		softmaxGeneric(dst, x)
		return
	}
	for i := 0; i < x.Rows; i++ {
		d := dst.Data[i*dst.Stride : i*dst.Stride+dst.Cols]
		r := x.Data[i*x.Stride : i*x.Stride+x.Cols]
		m, done := softmaxSpecial(d, r)
		if done {
			continue
		}
		var sum float32
		for j := 0; j < len(r); j += asmChunk {
			n := min(asmChunk, len(r)-j)
			sum += expSubSumNEON(&d[j], &r[j], m, n)
		}
		sscal(d, 1/sum) // sum >= 1: the maximum contributes exp(0)
	}
}
