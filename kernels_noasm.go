//go:build !gc || purego || noasm || !(amd64 || arm64)

package simdnn

// Without assembly every entry point is the Generic tier and no tier is
// registered.

func saxpy(dst []float32, alpha float32, x []float32) { saxpyGeneric(dst, alpha, x) }

func sdot(x, y []float32) float32 { return sdotGeneric(x, y) }

func peakFMA(n int) int { return peakFMAGeneric(n) }

func currentGemmKernel() *gemmKernel { return &gemmGeneric }

// sgemvT has no kernel of its own here: Sgemv's Saxpy loop does the work.
func sgemvT(y []float32, alpha float32, a Matrix, x []float32, beta float32) bool { return false }

// sgemvN has no kernel of its own here: Sgemv's Sdot loop does the work.
func sgemvN(y []float32, alpha float32, a Matrix, x []float32, beta float32) int { return 0 }

func sigmoid(dst, x []float32) { sigmoidGeneric(dst, x) }

// packColumnsAsm has no kernel here: packColumns does the work in Go.
func packColumnsAsm(panel []float32, src Matrix, l0, kc, cq, r int) bool { return false }

// sgerAsm has no kernel here: Sger's Saxpy loop does the work.
func sgerAsm(a Matrix, alpha float32, x, y []float32) bool { return false }

func tanh(dst, x []float32) { tanhGeneric(dst, x) }

func sigmoidGrad(dst, y, dy []float32) { sigmoidGradGeneric(dst, y, dy) }

func tanhGrad(dst, y, dy []float32) { tanhGradGeneric(dst, y, dy) }

func relu(dst, x []float32) { reluGeneric(dst, x) }

func reluGrad(dst, y, dy []float32) { reluGradGeneric(dst, y, dy) }

func sscal(x []float32, alpha float32) { sscalGeneric(x, alpha) }

func addBias(dst Matrix, b []float32) { addBiasGeneric(dst, b) }

func sumRows(dst []float32, x Matrix) { sumRowsGeneric(dst, x) }

func softmax(dst, x Matrix) { softmaxGeneric(dst, x) }

func adamStep(p, g, m, v []float32, lr, b1, b2, c1, c2, eps float32) {
	adamStepGeneric(p, g, m, v, lr, b1, b2, c1, c2, eps)
}
