package simdnn

import "math"

// This file is the Generic tier: pure Go, always compiled, so that every
// other tier can be tested against it on the same machine. Contracts and
// accuracy bounds are in package kernels (kernels/doc.go).

// sgemmKernelGeneric computes one 4×4 tile:
// c[i][j] = alpha·Σₗ a[l][i]·b[l][j] + beta·c[i][j] for i < p.m, j < p.n.
func sgemmKernelGeneric(p *gemmArgs) {
	var c00, c01, c02, c03, c10, c11, c12, c13 float32
	var c20, c21, c22, c23, c30, c31, c32, c33 float32
	a, b := p.a[:4*p.kc], p.b[:(p.kc-1)*p.ldb+4]
	for l := 0; l < p.kc; l++ {
		av, bv := a[4*l:4*l+4], b[l*p.ldb:l*p.ldb+4]
		b0, b1, b2, b3 := bv[0], bv[1], bv[2], bv[3]
		a0 := av[0]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		a1 := av[1]
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		a2 := av[2]
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		a3 := av[3]
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	acc := [4][4]float32{
		{c00, c01, c02, c03},
		{c10, c11, c12, c13},
		{c20, c21, c22, c23},
		{c30, c31, c32, c33},
	}
	for i := 0; i < p.m; i++ {
		row := p.c[i*p.ldc : i*p.ldc+p.n]
		for j := range row {
			v := p.alpha * acc[i][j]
			switch p.beta {
			case 0:
				row[j] = v
			case 1:
				row[j] += v
			default:
				row[j] = v + p.beta*row[j]
			}
		}
	}
}

func saxpyGeneric(dst []float32, alpha float32, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] += alpha * v
	}
}

func sdotGeneric(x, y []float32) float32 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func sscalGeneric(x []float32, alpha float32) {
	for i := range x {
		x[i] *= alpha
	}
}

func addBiasGeneric(dst Matrix, b []float32) {
	for i := 0; i < dst.Rows; i++ {
		row := dst.Data[i*dst.Stride : i*dst.Stride+dst.Cols]
		for j, v := range b {
			row[j] += v
		}
	}
}

func sumRowsGeneric(dst []float32, x Matrix) {
	for i := 0; i < x.Rows; i++ {
		row := x.Data[i*x.Stride : i*x.Stride+x.Cols]
		for j, v := range row {
			dst[j] += v
		}
	}
}

func adamStepGeneric(p, g, m, v []float32, lr, b1, b2, c1, c2, eps float32) (finite bool) {
	p, m, v = p[:len(g)], m[:len(g)], v[:len(g)]
	a1, a2 := 1-b1, 1-b2
	var check float32 // sum of x - x over the new values: NaN once one is not finite
	for i, gi := range g {
		mi := b1*m[i] + a1*gi
		vi := b2*v[i] + a2*(gi*gi)
		m[i], v[i] = mi, vi
		// lr last: lr·(m·c1) can underflow where (m·c1)/den does not.
		pi := p[i] - (mi*c1)/(float32(math.Sqrt(float64(vi*c2)))+eps)*lr
		p[i] = pi
		check += (mi - mi) + (vi - vi) + (pi - pi)
	}
	return check == check
}

// Constants of expNeg: Cody–Waite split of ln 2 and the Cephes expf
// polynomial (relative error about 1 ulp on [-ln2/2, ln2/2]).
const (
	expLog2e  = 1.44269504088896341
	expLn2Hi  = 0.693359375
	expLn2Lo  = -2.12194440e-4
	expMinArg = -87.33654 // ln of the smallest normal float32
	expRound  = 12582912  // 1.5·2²³
	expP0     = 1.9875691500e-4
	expP1     = 1.3981999507e-3
	expP2     = 8.3334519073e-3
	expP3     = 4.1665795894e-2
	expP4     = 1.6666665459e-1
	expP5     = 5.0000001201e-1
)

// expNeg returns exp(x) for x <= 0 (or NaN): 0 below expMinArg, otherwise
// 2ⁿ·p(r) with n = round(x·log2 e) and r = x - n·ln 2.
func expNeg(x float32) float32 {
	if !(x >= expMinArg) { // also catches -Inf; NaN falls through below
		if x != x {
			return x
		}
		return 0
	}
	// Adding and subtracting 1.5·2²³ rounds to the nearest integer (|n| < 2²²).
	n := (x*expLog2e + expRound) - expRound
	r := x - n*expLn2Hi
	r -= n * expLn2Lo
	p := float32(expP0)
	p = p*r + expP1
	p = p*r + expP2
	p = p*r + expP3
	p = p*r + expP4
	p = p*r + expP5
	p = p*(r*r) + r + 1
	return p * math.Float32frombits(uint32(int32(n)+127)<<23)
}

func sigmoidGeneric(dst, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		if v != v {
			dst[i] = v
			continue
		}
		e := expNeg(-abs32(v)) // e in [0, 1]
		if v >= 0 {
			dst[i] = 1 / (1 + e)
		} else {
			dst[i] = e / (1 + e)
		}
	}
}

func sigmoidGradGeneric(dst, y, dy []float32) {
	dst = dst[:len(y)]
	dy = dy[:len(y)]
	for i, v := range y {
		dst[i] = dy[i] * v * (1 - v)
	}
}

// tanhSmall is the |x| below which tanh(x) rounds to x in float32.
const tanhSmall = 1.0 / 4096

// Tanh for |x| < tanhPolyMax is the odd polynomial x + x³·p(x²) (the
// coefficients of Cephes' tanhf), where (1-e)/(1+e) would lose digits to
// cancellation (500 ulp near 4e-4).
const (
	tanhPolyMax = 0.625
	tanhP0      = -5.70498872745e-3
	tanhP1      = 2.06390887954e-2
	tanhP2      = -5.37397155531e-2
	tanhP3      = 1.33314422036e-1
	tanhP4      = -3.33332819422e-1
)

func tanhGeneric(dst, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		a := abs32(v)
		switch {
		case !(a >= tanhSmall): // tiny, ±0 or NaN
			dst[i] = v
		case a < tanhPolyMax:
			z := v * v
			p := float32(tanhP0)
			p = p*z + tanhP1
			p = p*z + tanhP2
			p = p*z + tanhP3
			p = p*z + tanhP4
			dst[i] = v*z*p + v
		default:
			e := expNeg(-2 * a)
			t := (1 - e) / (1 + e)
			if v < 0 {
				t = -t
			}
			dst[i] = t
		}
	}
}

func tanhGradGeneric(dst, y, dy []float32) {
	dst = dst[:len(y)]
	dy = dy[:len(y)]
	for i, v := range y {
		dst[i] = dy[i] * (1 - v*v)
	}
}

func reluGeneric(dst, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		if v > 0 || v != v {
			dst[i] = v
		} else {
			dst[i] = 0
		}
	}
}

func reluGradGeneric(dst, y, dy []float32) {
	dst = dst[:len(y)]
	dy = dy[:len(y)]
	for i, v := range y {
		switch {
		case v > 0:
			dst[i] = dy[i]
		case v != v:
			dst[i] = v
		default:
			dst[i] = 0
		}
	}
}

func softmaxGeneric(dst, x Matrix) {
	for i := 0; i < x.Rows; i++ {
		softmaxRow(dst.Data[i*dst.Stride:i*dst.Stride+dst.Cols], x.Data[i*x.Stride:i*x.Stride+x.Cols])
	}
}

func softmaxRow(dst, x []float32) {
	dst = dst[:len(x)]
	m, done := softmaxSpecial(dst, x)
	if done {
		return
	}
	var sum float32
	for j, v := range x {
		e := expNeg(v - m)
		dst[j] = e
		sum += e
	}
	inv := 1 / sum // sum >= 1: the maximum contributes exp(0)
	for j := range dst {
		dst[j] *= inv
	}
}

// softmaxSpecial returns the maximum m of x, or writes the whole softmax
// row and reports done for a row holding a NaN, +Inf, or only -Inf; every
// tier shares it. len(dst) == len(x).
func softmaxSpecial(dst, x []float32) (m float32, done bool) {
	m = float32(math.Inf(-1))
	for _, v := range x {
		if v != v {
			for j := range dst {
				dst[j] = v
			}
			return m, true
		}
		if v > m {
			m = v
		}
	}
	switch {
	case math.IsInf(float64(m), 1): // the +Inf entries share 1
		var count float32
		for _, v := range x {
			if v == m {
				count++
			}
		}
		for j, v := range x {
			if v == m {
				dst[j] = 1 / count
			} else {
				dst[j] = 0
			}
		}
		return m, true
	case math.IsInf(float64(m), -1): // all -Inf: uniform
		for j := range dst {
			dst[j] = 1 / float32(len(x))
		}
		return m, true
	}
	return m, false
}

func abs32(x float32) float32 {
	return math.Float32frombits(math.Float32bits(x) &^ (1 << 31))
}

// peakSink keeps the probe's result alive: written, never read.
//
//lint:ignore U1000 a store the compiler cannot drop, so the loop stays
var peakSink float32

// peakFMAGeneric runs n iterations of 8 independent multiply-add chains.
func peakFMAGeneric(n int) int {
	x0, x1, x2, x3, x4, x5, x6, x7 := float32(0), float32(1), float32(2), float32(3), float32(4), float32(5), float32(6), float32(7)
	const m, c = 0.999, 0.001
	for range n {
		x0 = x0*m + c
		x1 = x1*m + c
		x2 = x2*m + c
		x3 = x3*m + c
		x4 = x4*m + c
		x5 = x5*m + c
		x6 = x6*m + c
		x7 = x7*m + c
	}
	peakSink = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7
	return n * 8 * 2
}
