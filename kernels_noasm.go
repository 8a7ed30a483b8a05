//go:build !gc || purego || noasm || !(amd64 || arm64)

package simdnn

// Without assembly every entry point is the Generic tier and no tier is
// registered.

func saxpy(dst []float32, alpha float32, x []float32) { saxpyGeneric(dst, alpha, x) }

func sdot(x, y []float32) float32 { return sdotGeneric(x, y) }

func peakFMA(n int) int { return peakFMAGeneric(n) }

func currentGemmKernel() *gemmKernel { return &gemmGeneric }
