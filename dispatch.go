package simdnn

import (
	"syscall"

	"github.com/simdnn/simdnn/kernels"
)

// How a kernel call reaches a tier. The exported functions (simdnn.go) check
// shapes and call a driver: sgemm.go (blocking, packing, workspaces),
// sgemm_threads.go (the thread split), blas2.go (Sgemv, Sger, SumRows) and
// elementwise.go (the vector kernels, Softmax, AdamStep, PeakFMA). A driver
// runs the Generic tier (kernels_generic.go) when asmOn() is false and
// otherwise loops over bounded pieces in Go and hands each piece to one hook
// of the architecture file, which calls the assembly of the highest enabled
// tier directly (a direct call to a //go:noescape function, never through a
// func value, so callers' stack buffers stay on the stack).
//
// The architecture interface: kernels_amd64.go, kernels_arm64.go and, for
// every other build, kernels_noasm.go each provide
//
//	asmOn() bool
//		whether an assembly tier is enabled; false sends every driver to
//		Generic (always false in kernels_noasm.go)
//	tierGemmKernel(m, n, k int, ta Transpose) *gemmKernel, tierGemmKernels() []*gemmKernel
//		the Sgemm microkernel (tile, blocking, packing) the current tier
//		chooses for an m×n×k product, and every one it may choose
//	dotNarrowOn() bool, dotNarrowAsm(p *dotArgs)
//		whether the tier has the dot kernel of narrow products
//		(sgemm_narrow.go), and one call of it: p.m rows, p.n ≤ 5 columns
//	saxpyAsm, sscalAsm, sigmoidAsm, tanhAsm, reluAsm, sigmoidGradAsm,
//	tanhGradAsm, reluGradAsm(dst, x, y *float32, alpha float32, n int)
//		one element-wise kernel (vecKernel says which argument means what)
//		on n ≤ asmChunk elements
//	dotAsm, expSubSumAsm(x, y *float32, s float32, n int) float32
//		one reduction (sumKernel) on n ≤ asmChunk elements
//	gemvTAsm(y, a, x *float32, lda, rows, w int, alpha, beta float32)
//		y[0:w] = alpha·Σₗ x[l]·a[l·lda : l·lda+w] + beta·y[0:w] over
//		rows ≤ asmChunk/gemvTWide rows
//	sumRowsAsm(dst, x *float32, stride, rows, w int)
//		dst[0:w] += the rows ≤ asmChunk/sumRowsWide rows of x, in order
//	gemv4Asm(y, a, x *float32, lda, n int, alpha, beta float32)
//		four rows of y = alpha·a·x + beta·y over n ≤ asmChunk columns
//	sgerAsm(a, x, y *float32, lda, rows, n int, alpha float32)
//		rows of a += (alpha·x)·yᵀ, rows·n ≤ asmChunk
//	adamStepAsm(p, g, m, v *float32, n int, lr, b1, b2, c1, c2, eps float32)
//		AdamStep on n ≤ asmChunk elements; reports whether every new p, m, v is finite
//	peakAsm(n int) int
//		n ≤ peakChunk iterations of the FMA probe; returns the flops done
//
//
// and for the int8 kernels (int8.go, requant.go)
//
//	int8Plan(m int, symmetric bool) (mr, nr int, masked, widened bool)
//		the GemmInt8 microkernel for m rows (symmetric: no weight is −128):
//		tile, whether it stores edge columns itself (else Go copies them
//		from int8Args.tmp, int8TmpLen elements), whether it reads rows
//		widened to int16 (gemmInt8Widened); mr == 0: Generic
//	int8TileAsm(p *int8Args)
//		one block of p.rows ≤ mr rows by p.cols ≤ nr columns, all k
//	widenAsm(dst *int16, src *int8, n int)
//		sign extension of n int8, n a multiple of 16
//	int8VecOn() bool, int8Vec
//		whether requantAsm and quantizeAsm run, on multiples of int8Vec
//	requantAsm(dst *int8, acc, mult, left, right *int32, n int, zero, lo, hi int32)
//	quantizeAsm(dst *int8, x *float32, n int, scale, recip float32, zero int32, exact int)
//		Requantize and QuantizeInt8 on n ≤ asmChunk elements
//	peakInt8Asm(n int) int
//		n ≤ peakChunk iterations of the int8 probe; returns the ops done
//
// and the constants addBiasVec (AddBias hands rows to Saxpy in multiples of
// it and adds the rest in Go) and the strip widths gemvTWide, gemvTNarrow,
// gemvTMasked, sumRowsWide, sumRowsNarrow (see gemvT and sumRows). The
// hooks are called only while asmOn() is true. Each asm function has its
// contract above its declaration in the architecture file and in
// kernels/doc.go.

// Asm is not async-preemptible, so drivers hand it bounded work: at most
// asmChunk elements, or peakChunk probe iterations, per call.
const (
	asmChunk  = 1 << 14
	peakChunk = 1 << 16
)

// A vecKernel names an element-wise kernel: dst[i] = f(x[i], y[i])
// for kernels of two inputs, f(x[i]) for kernels of one (y is then x).
type vecKernel uint8

const (
	vecSaxpy       vecKernel = iota // dst[i] += alpha·x[i]
	vecSscal                        // dst[i] = alpha·x[i], in place (dst == x)
	vecSigmoid                      // dst[i] = 1/(1+exp(-x[i]))
	vecTanh                         // dst[i] = tanh(x[i])
	vecRelu                         // dst[i] = max(x[i], 0)
	vecSigmoidGrad                  // dst[i] = y[i]·x[i]·(1-x[i])  (x: output, y: its gradient)
	vecTanhGrad                     // dst[i] = y[i]·(1-x[i]²)
	vecReluGrad                     // dst[i] = y[i] where x[i] > 0
)

// A sumKernel names a reduction.
type sumKernel uint8

const (
	sumDot    sumKernel = iota // returns Σ x[i]·y[i]
	sumExpSub                  // y[i] = exp(x[i]-s) for x[i] ≤ s, not NaN; returns Σ y[i]
)

// capFromEnv applies the environment variable SIMDNN_TIER, read once at
// start-up, after the architecture file has registered its tiers: the named
// tier and those below it keep their detection, the ones above it are
// treated as absent (kernels.Cap). A name that is no tier of this build is
// reported on standard error and ignored.
func capFromEnv() {
	name, ok := syscall.Getenv("SIMDNN_TIER")
	if !ok || name == "" || kernels.Cap(name) {
		return
	}
	print("simdnn: SIMDNN_TIER=", name, " names no tier of this build (")
	for _, t := range kernels.List() {
		print(t, ", ")
	}
	print(kernels.Generic, "); ignored\n")
}
