//go:build !gc || purego || noasm || !(amd64 || arm64)

package simdnn

// Without assembly no tier is registered and asmOn is false, so every driver
// runs the Generic tier; the hooks below are never called.

func asmOn() bool { return false }

func init() { capFromEnv() }

func tierGemmKernel(m, n, k int, ta Transpose) *gemmKernel { return &gemmGeneric }

func tierGemmKernels() []*gemmKernel { return []*gemmKernel{&gemmGeneric} }

const addBiasVec = 1

const (
	gemvTWide, gemvTNarrow, gemvTMasked = 1, 1, false
	sumRowsWide, sumRowsNarrow          = 1, 1
)

func saxpyAsm(dst, x, y *float32, alpha float32, n int)                { noAsm() }
func sscalAsm(dst, x, y *float32, alpha float32, n int)                { noAsm() }
func sigmoidAsm(dst, x, y *float32, alpha float32, n int)              { noAsm() }
func tanhAsm(dst, x, y *float32, alpha float32, n int)                 { noAsm() }
func reluAsm(dst, x, y *float32, alpha float32, n int)                 { noAsm() }
func sigmoidGradAsm(dst, x, y *float32, alpha float32, n int)          { noAsm() }
func tanhGradAsm(dst, x, y *float32, alpha float32, n int)             { noAsm() }
func reluGradAsm(dst, x, y *float32, alpha float32, n int)             { noAsm() }
func dotAsm(x, y *float32, s float32, n int) float32                   { noAsm(); return 0 }
func expSubSumAsm(x, y *float32, s float32, n int) float32             { noAsm(); return 0 }
func gemvTAsm(y, a, x *float32, lda, rows, w int, alpha, beta float32) { noAsm() }
func sumRowsAsm(dst, x *float32, stride, rows, w int)                  { noAsm() }
func gemv4Asm(y, a, x *float32, lda, n int, alpha, beta float32)       { noAsm() }
func sgerAsm(a, x, y *float32, lda, rows, n int, alpha float32)        { noAsm() }
func adamStepAsm(p, g, m, v *float32, n int, lr, b1, b2, c1, c2, eps float32) bool {
	noAsm()
	return false
}
func peakAsm(n int) int { noAsm(); return 0 }

func noAsm() { panic("simdnn: internal error: assembly hook called in a build without assembly") }

func int8Plan(m int, symmetric bool) (mr, nr int, masked, widened bool) {
	return 0, 0, false, false
}

const int8TmpLen = 1

func int8TileAsm(p *int8Args) { noAsm() }

const int8Vec = 1

func int8VecOn() bool { return false }

func quantizeAsm(dst *int8, x *float32, n int, scale, recip float32, zero int32, exact int) { noAsm() }

func requantAsm(dst *int8, acc, mult, left, right *int32, n int, zero, lo, hi int32) { noAsm() }

func peakInt8Asm(n int) int { panic("unreachable") }

func widenAsm(dst *int16, src *int8, n int) { panic("unreachable") }

// maxNaNVec == 0: Softmax finds the row maximum in Go on this architecture.
const maxNaNVec = 0

func maxNaNAsm(x *float32, n int) (m float32, nan bool) { panic("unreachable") }

func softmaxRowAsm(dst, x *float32, n int) (special, ok bool) { return false, false }

func dotNarrowOn() bool       { return false }
func dotNarrowAsm(p *dotArgs) { noAsm() }
