package quant

import (
	"errors"
	"math"
	"slices"

	"github.com/simdnn/simdnn"
)

// Params is an affine int8 quantization: real = Scale·(q − ZeroPoint).
type Params struct {
	Scale     float32
	ZeroPoint int32 // in [−128, 127]
}

// Quantize returns q = clamp(round(x/Scale) + ZeroPoint, −128, 127), the
// division in float32 and the rounding half away from zero, as TFLite's
// reference Quantize op does (simdnn.QuantizeInt8). NaN maps to ZeroPoint
// (real 0). It panics unless p is valid (a finite positive Scale, an int8
// ZeroPoint).
func (p Params) Quantize(x float32) int8 {
	var q [1]int8
	simdnn.QuantizeInt8(q[:], []float32{x}, p.Scale, p.ZeroPoint)
	return q[0]
}

// Dequantize returns Scale·(q − ZeroPoint).
func (p Params) Dequantize(q int8) float32 {
	return p.Scale * float32(int32(q)-p.ZeroPoint)
}

// QuantizeSlice writes Quantize(x[i]) to dst[i]; it panics unless the
// lengths match.
func (p Params) QuantizeSlice(dst []int8, x []float32) {
	if len(dst) != len(x) {
		panic("quant.QuantizeSlice: len(dst) != len(x)")
	}
	simdnn.QuantizeInt8(dst, x, p.Scale, p.ZeroPoint)
}

// DequantizeSlice writes Dequantize(q[i]) to dst[i]; it panics unless the
// lengths match.
func (p Params) DequantizeSlice(dst []float32, q []int8) {
	if len(dst) != len(q) {
		panic("quant.DequantizeSlice: len(dst) != len(q)")
	}
	for i, v := range q {
		dst[i] = p.Dequantize(v)
	}
}

// valid reports whether p can be used: a finite positive scale, an int8
// zero point.
func (p Params) valid() bool {
	return p.Scale > 0 && p.Scale <= math.MaxFloat32 && p.ZeroPoint >= -128 && p.ZeroPoint <= 127
}

// ParamsFor returns the asymmetric int8 parameters of the range [lo, hi],
// widened to contain 0 (so that 0 is exact, as zero padding and ReLU need),
// as TFLite's converter chooses them: Scale = (hi−lo)/255 and the zero point
// rounded and nudged into [−128, 127]. An empty range gets Scale 1.
func ParamsFor(lo, hi float32) (Params, error) {
	if lo != lo || hi != hi || math.IsInf(float64(lo), 0) || math.IsInf(float64(hi), 0) || lo > hi {
		return Params{}, errors.New("quant.ParamsFor: range must be finite with lo ≤ hi")
	}
	lo, hi = min(lo, 0), max(hi, 0)
	if lo == hi {
		return Params{Scale: 1}, nil
	}
	scale := (float64(hi) - float64(lo)) / 255
	zero := math.Round(-128 - float64(lo)/scale)
	return Params{Scale: float32(scale), ZeroPoint: int32(min(max(zero, -128), 127))}, nil
}

// QuantizeMultiplier returns the Q31 multiplier and the shift that represent
// real ≥ 0 as TFLite's QuantizeMultiplier does: real = mult·2^(shift−31)
// with mult in [2^30, 2^31) (0 for a real too small to represent). It
// fails for a real of 2^30 or more, or one that is negative or not finite.
func QuantizeMultiplier(real float64) (mult, shift int32, err error) {
	if !(real >= 0) || math.IsInf(real, 0) {
		return 0, 0, errors.New("quant.QuantizeMultiplier: multiplier must be finite and ≥ 0")
	}
	if real == 0 {
		return 0, 0, nil
	}
	frac, exp := math.Frexp(real)
	q := math.Round(frac * (1 << 31))
	if q == 1<<31 {
		q /= 2
		exp++
	}
	if exp < -31 {
		return 0, 0, nil
	}
	if exp > 30 {
		return 0, 0, errors.New("quant.QuantizeMultiplier: multiplier of 2^30 or more")
	}
	return int32(q), int32(exp), nil
}

// A Calibration says how the range of each activation tensor is taken from
// the values the representative set produces.
type Calibration struct {
	// Percentile, if in (0, 100), clips the range to the Percentile-th
	// percentile of the values above zero and the (100−Percentile)-th of
	// those below (outliers then saturate instead of costing resolution);
	// 0 takes the minimum and maximum.
	Percentile float64
}

// rangeOf returns the calibrated range of the values v (a percentile sorts
// a copy).
func (c Calibration) rangeOf(v []float32) (lo, hi float32) {
	if len(v) == 0 {
		return 0, 0
	}
	if c.Percentile == 0 {
		lo, hi = v[0], v[0]
		for _, x := range v {
			lo, hi = min(lo, x), max(hi, x)
		}
		return lo, hi
	}
	v = slices.Clone(v)
	slices.Sort(v)
	at := func(p float64) float32 {
		return v[min(int(p/100*float64(len(v))), len(v)-1)]
	}
	return at(100 - c.Percentile), at(c.Percentile)
}
