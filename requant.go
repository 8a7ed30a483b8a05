package simdnn

import "math"

// Requant is the int32 → int8 step of a quantized layer, per output channel
// j (TFLite's per-channel requantization):
//
//	dst[j] = clamp(MultiplyByQuantizedMultiplier(acc[j], mult[j], shift[j]) + zero, lo, hi)
//
// with MultiplyByQuantizedMultiplier exactly as TFLite's reference kernels
// compute it: a saturating rounding doubling high multiply of acc·2^max(shift,0)
// (wrapping on overflow, as two's complement hardware does) by the Q31
// multiplier, then a rounding divide by 2^max(−shift,0) that rounds half away
// from zero. Build one with NewRequant, which checks it once.
type Requant struct {
	n        int
	mult     []int32 // per channel, padded to a multiple of 16
	left     []int32 // max(shift, 0)
	right    []int32 // max(−shift, 0)
	zero     int32
	min, max int32
}

// NewRequant checks and returns the requantization of n channels. mult and
// shift have n entries (per channel) or 1 (per tensor). A multiplier is 0 or
// in [2^30, 2^31) (a Q31 fraction in [0.5, 1), as QuantizeMultiplier makes
// it); a shift is in [−31, 30]; zero is in [−128, 127]; the output is clamped to [lo, hi]
// (a fused ReLU or ReLU6 is a narrower range).
func NewRequant(n int, mult, shift []int32, zero int32, lo, hi int8) (*Requant, error) {
	switch {
	case n < 1:
		return nil, requantError("n must be at least 1")
	case len(mult) != n && len(mult) != 1 || len(shift) != len(mult):
		return nil, requantError("mult and shift need n entries or 1")
	case zero < -128 || zero > 127:
		return nil, requantError("zero point outside [-128, 127]")
	case lo > hi:
		return nil, requantError("lo > hi")
	}
	for i, m := range mult {
		if m != 0 && m < 1<<30 {
			return nil, requantError("multiplier not 0 or in [2^30, 2^31)")
		}
		if shift[i] < -31 || shift[i] > 30 {
			return nil, requantError("shift outside [-31, 30]")
		}
	}
	padded := (n + 15) &^ 15
	r := &Requant{
		n: n, zero: zero, min: int32(lo), max: int32(hi),
		mult: make([]int32, padded), left: make([]int32, padded), right: make([]int32, padded),
	}
	for j := 0; j < n; j++ {
		m, s := mult[0], shift[0]
		if len(mult) == n {
			m, s = mult[j], shift[j]
		}
		r.mult[j] = m
		r.left[j] = max(s, 0)
		r.right[j] = max(-s, 0)
	}
	return r, nil
}

type requantError string

func (e requantError) Error() string { return "simdnn.NewRequant: " + string(e) }

// Channels returns the number of channels n.
func (r *Requant) Channels() int { return r.n }

// Requantize writes dst[j] for j < n from acc[j] (one row of a layer's
// int32 accumulators). It panics unless len(dst) and len(acc) are n.
func Requantize(dst []int8, acc []int32, r *Requant) {
	if len(dst) != r.n || len(acc) != r.n {
		panic("simdnn.Requantize: len(dst) and len(acc) must be r.Channels()")
	}
	if int8VecOn() {
		// Whole vectors in asm, in bounded calls; the last n mod int8Vec in Go.
		r.requantVec(dst, acc)
		return
	}
	requantGeneric(dst, acc, 0, r)
}

func (r *Requant) requantVec(dst []int8, acc []int32) {
	n := len(acc) / int8Vec * int8Vec
	for i := 0; i < n; i += asmChunk {
		c := min(asmChunk, n-i)
		requantAsm(&dst[i], &acc[i], &r.mult[i], &r.left[i], &r.right[i], c, r.zero, r.min, r.max)
	}
	if n < len(acc) {
		requantGeneric(dst, acc, n, r)
	}
}

// QuantizeInt8 writes dst[i] = clamp(round(x[i]/scale) + zero, −128, 127),
// the division in float32 and the rounding half away from zero, as TFLite's
// reference Quantize op computes it; NaN gives zero. It panics unless
// len(dst) == len(x), scale is finite and positive and zero is in
// [−128, 127].
func QuantizeInt8(dst []int8, x []float32, scale float32, zero int32) {
	switch {
	case len(dst) != len(x):
		panic("simdnn.QuantizeInt8: len(dst) != len(x)")
	case !(scale > 0 && scale <= math.MaxFloat32):
		panic("simdnn.QuantizeInt8: scale must be finite and positive")
	case zero < -128 || zero > 127:
		panic("simdnn.QuantizeInt8: zero point outside [-128, 127]")
	}
	start := 0
	if int8VecOn() {
		// The kernels multiply by 1/scale and divide only near ties; that
		// needs a normal reciprocal.
		recip, exact := 1/scale, 0
		if !(recip >= 0x1p-126 && recip <= math.MaxFloat32) {
			exact = 1
		}
		n := len(x) / int8Vec * int8Vec
		for i := 0; i < n; i += asmChunk {
			quantizeAsm(&dst[i], &x[i], min(asmChunk, n-i), scale, recip, zero, exact)
		}
		start = n
	}
	for i := start; i < len(x); i++ {
		dst[i] = quantizeOne(x[i], scale, zero)
	}
}

// quantizeOne is the Generic tier of QuantizeInt8, one element.
func quantizeOne(x, scale float32, zero int32) int8 {
	v := x / scale
	switch {
	case v != v:
		return int8(zero)
	case v >= 256:
		return 127
	case v <= -256:
		return -128
	}
	t := float32(int32(v)) // truncated; |v| < 256
	if d := v - t; d >= 0.5 {
		t++
	} else if d <= -0.5 {
		t--
	}
	return int8(min(max(int32(t)+zero, -128), 127))
}

// requantGeneric is the Generic tier of Requantize, from channel start on.
func requantGeneric(dst []int8, acc []int32, start int, r *Requant) {
	for j := start; j < len(acc); j++ {
		x := acc[j]
		v := roundingDivideByPOT(srdhm(x<<r.left[j], r.mult[j]), r.right[j]) + r.zero
		dst[j] = int8(min(max(v, r.min), r.max))
	}
}

// srdhm is the saturating rounding doubling high multiply: the high 32 bits
// of 2·a·b rounded to nearest with ties toward +∞ (TFLite's nudge and
// truncating division give exactly that: trunc((p + 1 − 2^30)/2^31) =
// (p + 2^30) >> 31 for p < 0), saturated where a == b == −2^31.
func srdhm(a, b int32) int32 {
	if a == math.MinInt32 && b == math.MinInt32 {
		return math.MaxInt32
	}
	return int32((int64(a)*int64(b) + 1<<30) >> 31)
}

// roundingDivideByPOT returns x / 2^e rounded to nearest, ties away from
// zero, for 0 ≤ e ≤ 31.
func roundingDivideByPOT(x, e int32) int32 {
	mask := int32(int64(1)<<e - 1)
	threshold := mask >> 1
	if x < 0 {
		threshold++
	}
	q := x >> e
	if x&mask > threshold {
		q++
	}
	return q
}

// PeakInt8 runs about n iterations of the current tier's int8 peak probe:
// its GEMM's multiply-add instructions (VPDPBUSD; VPMADDUBSW, VPMADDWD, VPADDD) on
// registers only, several independent chains. It returns the integer
// operations done (2 per multiply-add), 0 on a tier without one (Generic).
// cmd/bench divides by the time to report the tier's int8 peak.
func PeakInt8(n int) int {
	if n <= 0 || !int8VecOn() {
		return 0
	}
	ops := 0
	for n > 0 {
		c := min(n, peakChunk)
		ops += peakInt8Asm(c)
		n -= c
	}
	return ops
}
