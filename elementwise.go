package simdnn

import "math"

// Drivers of the vector kernels: the element-wise family (Saxpy, Sscal, the
// activations and their gradients), the reductions (Sdot, Softmax's
// exponentials), AddBias, AdamStep and the FMA probe. Each splits its vectors
// into asmChunk pieces for the architecture's hook (dispatch.go).

// vec runs the element-wise kernel k over len(x) elements: dst and y hold at
// least len(x); y is x for kernels of one input.
func vec(k vecKernel, dst, x, y []float32, alpha float32) {
	if !asmOn() {
		vecGeneric(k, dst, x, y, alpha)
		return
	}
	dst, y = dst[:len(x)], y[:len(x)]
	for len(x) > 0 {
		n := min(len(x), asmChunk)
		d, xp, yp := &dst[0], &x[0], &y[0]
		switch k { // the hooks are one asm call each where they can: inlined here
		case vecSaxpy:
			saxpyAsm(d, xp, yp, alpha, n)
		case vecSscal:
			sscalAsm(d, xp, yp, alpha, n)
		case vecSigmoid:
			sigmoidAsm(d, xp, yp, alpha, n)
		case vecTanh:
			tanhAsm(d, xp, yp, alpha, n)
		case vecRelu:
			reluAsm(d, xp, yp, alpha, n)
		case vecSigmoidGrad:
			sigmoidGradAsm(d, xp, yp, alpha, n)
		case vecTanhGrad:
			tanhGradAsm(d, xp, yp, alpha, n)
		case vecReluGrad:
			reluGradAsm(d, xp, yp, alpha, n)
		}
		dst, x, y = dst[n:], x[n:], y[n:]
	}
}

func vecGeneric(k vecKernel, dst, x, y []float32, alpha float32) {
	switch k {
	case vecSaxpy:
		saxpyGeneric(dst, alpha, x)
	case vecSscal:
		sscalGeneric(x, alpha)
	case vecSigmoid:
		sigmoidGeneric(dst, x)
	case vecTanh:
		tanhGeneric(dst, x)
	case vecRelu:
		reluGeneric(dst, x)
	case vecSigmoidGrad:
		sigmoidGradGeneric(dst, x, y)
	case vecTanhGrad:
		tanhGradGeneric(dst, x, y)
	case vecReluGrad:
		reluGradGeneric(dst, x, y)
	}
}

func saxpy(dst []float32, alpha float32, x []float32) { vec(vecSaxpy, dst, x, x, alpha) }
func sscal(x []float32, alpha float32)                { vec(vecSscal, x, x, x, alpha) }
func sigmoid(dst, x []float32)                        { vec(vecSigmoid, dst, x, x, 0) }
func tanh(dst, x []float32)                           { vec(vecTanh, dst, x, x, 0) }
func relu(dst, x []float32)                           { vec(vecRelu, dst, x, x, 0) }
func sigmoidGrad(dst, y, dy []float32)                { vec(vecSigmoidGrad, dst, y, dy, 0) }
func tanhGrad(dst, y, dy []float32)                   { vec(vecTanhGrad, dst, y, dy, 0) }
func reluGrad(dst, y, dy []float32)                   { vec(vecReluGrad, dst, y, dy, 0) }

// sum runs the reduction k over len(x) elements (y holds at least as many)
// and adds up the pieces' results.
func sum(k sumKernel, x, y []float32, s float32) float32 {
	y = y[:len(x)]
	var total float32
	for len(x) > 0 {
		n := min(len(x), asmChunk)
		if k == sumDot {
			total += dotAsm(&x[0], &y[0], s, n)
		} else {
			total += expSubSumAsm(&x[0], &y[0], s, n)
		}
		x, y = x[n:], y[n:]
	}
	return total
}

func sdot(x, y []float32) float32 {
	if !asmOn() {
		return sdotGeneric(x, y)
	}
	return sum(sumDot, x, y, 0)
}

// softmax computes each row: on a tier with a one-call row kernel
// (softmaxRowAsm: AVX2, AVX512) rows of 16 or more go there whole; otherwise the
// maximum (softmaxMax: asm for long rows, Go for short ones), the
// exponentials and their sum in asm, then Sscal by 1/sum. Rows with a NaN or
// an infinite maximum go to Go's softmaxSpecial, shared with Generic.
func softmax(dst, x Matrix) {
	if !asmOn() {
		softmaxGeneric(dst, x)
		return
	}
	for i := 0; i < x.Rows; i++ {
		d := dst.Data[i*dst.Stride : i*dst.Stride+dst.Cols]
		r := x.Data[i*x.Stride : i*x.Stride+x.Cols]
		if len(r) >= 16 && len(r) <= asmChunk {
			if special, ok := softmaxRowAsm(&d[0], &r[0], len(r)); ok {
				if special {
					softmaxSpecial(d, r)
				}
				continue
			}
		}
		m, done := softmaxMax(d, r)
		if done {
			continue
		}
		if len(r) <= asmChunk { // one call each, straight to the hooks
			s := expSubSumAsm(&r[0], &d[0], m, len(r))
			sscalAsm(&d[0], &d[0], &d[0], 1/s, len(d)) // s >= 1: the maximum contributes exp(0)
			continue
		}
		s := sum(sumExpSub, r, d, m)
		sscal(d, 1/s)
	}
}

// softmaxMax is softmaxSpecial with the scan for the maximum and NaN in
// asm: rows of at least 2·maxNaNVec elements take the asm scan over whole
// vectors and Go over the rest; a row with a NaN or an infinite maximum
// goes to softmaxSpecial, which handles those.
func softmaxMax(dst, x []float32) (m float32, done bool) {
	if maxNaNVec == 0 || len(x) < 2*maxNaNVec || len(x) > asmChunk { // short rows: Go is cheaper than a call
		return softmaxSpecial(dst, x)
	}
	nv := len(x) &^ (maxNaNVec - 1) // maxNaNVec is a power of two
	m, nan := maxNaNAsm(&x[0], nv)
	for _, v := range x[nv:] {
		nan = nan || v != v
		m = max(m, v)
	}
	if nan || math.IsInf(float64(m), 0) {
		return softmaxSpecial(dst, x)
	}
	return m, false
}

// addBias adds b to each row of dst with Saxpy and alpha = 1, which rounds
// exactly like dst[i][j] + b[j] (fused or not), on the first multiple of
// addBiasVec columns; the rest are added in Go (on amd64 a VMASKMOVPS store
// per row costs more than that on Zen 1). Rows narrower than 16 go to
// addBiasShort when they are contiguous and at least shortBiasRows, else to
// Generic: there a call per row costs more than it saves.
func addBias(dst Matrix, b []float32) {
	if asmOn() && len(b) < 16 && dst.Stride == dst.Cols && dst.Rows >= shortBiasRows {
		addBiasShort(dst, b)
		return
	}
	if !asmOn() || len(b) < 16 {
		addBiasGeneric(dst, b)
		return
	}
	cv := len(b) / addBiasVec * addBiasVec
	for i := 0; i < dst.Rows; i++ {
		row := dst.Data[i*dst.Stride : i*dst.Stride+dst.Cols]
		if cv <= asmChunk { // one call per row, straight to the hook
			saxpyAsm(&row[0], &b[0], &b[0], 1, cv)
		} else {
			saxpy(row[:cv], 1, b[:cv])
		}
		for j, v := range b[cv:] {
			row[cv+j] += v
		}
	}
}

// shortBiasRows is how many rows addBiasShort adds per Saxpy.
const shortBiasRows = 16

// addBiasShort adds a bias of fewer than 16 values to contiguous rows (a
// 10-class output layer): shortBiasRows rows at a time with one Saxpy of the
// bias repeated that many times, then the rows left with a shorter one.
func addBiasShort(dst Matrix, b []float32) {
	var tile [shortBiasRows * 15]float32
	t := tile[:shortBiasRows*len(b)]
	for i := 0; i < shortBiasRows; i++ {
		copy(t[i*len(b):], b)
	}
	d := dst.Data[:dst.Rows*dst.Cols]
	for len(d) > 0 {
		n := min(len(d), len(t))
		saxpyAsm(&d[0], &t[0], &t[0], 1, n)
		d = d[n:]
	}
}

// adamStep is AdamStep on the calling goroutine; it reports whether every
// new p, m and v is finite.
func adamStep(p, g, m, v []float32, lr, b1, b2, c1, c2, eps float32) bool {
	if !asmOn() {
		return adamStepGeneric(p, g, m, v, lr, b1, b2, c1, c2, eps)
	}
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	finite := true
	for len(p) > 0 {
		n := min(len(p), asmChunk)
		if !adamStepAsm(&p[0], &g[0], &m[0], &v[0], n, lr, b1, b2, c1, c2, eps) {
			finite = false
		}
		p, g, m, v = p[n:], g[n:], m[n:], v[n:]
	}
	return finite
}

func peakFMA(n int) int {
	if !asmOn() {
		return peakFMAGeneric(n)
	}
	flops := 0
	for left := n; left > 0; left -= peakChunk {
		flops += peakAsm(min(left, peakChunk))
	}
	return flops
}
