//go:build gc && !purego && !noasm

package simdnn

// Placeholder until the assembly tier lands: Generic everywhere.

func saxpy(dst []float32, alpha float32, x []float32) { saxpyGeneric(dst, alpha, x) }

func sdot(x, y []float32) float32 { return sdotGeneric(x, y) }

func peakFMA(n int) int { return peakFMAGeneric(n) }
