package simdnn

import (
	"testing"
)

// hugeStride·3 wraps to 2 in 64-bit arithmetic (and is huge on 32 bits).
const hugeStride = int(^uint(0)/3 + 1)

// TestPanics pins the exact message of every misuse check.
func TestPanics(t *testing.T) {
	v := make([]float32, 8)
	m := func(r, c, s int) Matrix {
		return Matrix{Rows: r, Cols: c, Stride: s, Data: make([]float32, max(0, (r-1)*s+c))}
	}
	cases := []struct {
		want string
		f    func()
	}{
		{"simdnn.Sgemm: inner dimensions of op(a) and op(b) differ", func() { Sgemm(m(2, 2, 2), 1, m(2, 3, 3), NoTrans, m(2, 2, 2), NoTrans, 0) }},
		{"simdnn.Sgemm: dst is not op(a).Rows×op(b).Cols", func() { Sgemm(m(2, 2, 2), 1, m(3, 3, 3), Trans, m(3, 2, 2), NoTrans, 0) }},
		{"simdnn.Sgemm: a.Stride is less than a.Cols", func() { Sgemm(m(2, 2, 2), 1, Matrix{2, 3, 2, v}, NoTrans, m(3, 2, 2), NoTrans, 0) }},
		{"simdnn.Sgemm: b.Data is too short", func() { Sgemm(m(2, 2, 2), 1, m(2, 2, 2), NoTrans, Matrix{2, 2, 4, v[:5]}, NoTrans, 0) }},
		{"simdnn.Sgemm: dst has negative dimensions", func() { Sgemm(Matrix{-1, 2, 2, v}, 1, m(2, 2, 2), NoTrans, m(2, 2, 2), NoTrans, 0) }},
		{"simdnn.Sgemm: invalid Transpose value", func() { Sgemm(m(2, 2, 2), 1, m(2, 2, 2), 7, m(2, 2, 2), NoTrans, 0) }},
		{"simdnn.Sgemm: dst.Stride is less than dst.Cols", func() { Sgemm(Matrix{0, 0, 0, nil}, 1, m(0, 2, 2), NoTrans, m(2, 0, 1), NoTrans, 0) }},
		{"simdnn.Sgemv: len(x) is not op(a).Cols", func() { Sgemv(v[:2], 1, m(2, 3, 3), NoTrans, v[:2], 0) }},
		{"simdnn.Sgemv: len(y) is not op(a).Rows", func() { Sgemv(v[:2], 1, m(2, 3, 3), Trans, v[:2], 0) }},
		{"simdnn.Sgemv: a.Data is too short", func() { Sgemv(v[:2], 1, Matrix{2, 3, 3, v[:5]}, NoTrans, v[:3], 0) }},
		// (Rows-1)·Stride wraps around to a small number: still too short.
		{"simdnn.Sgemv: a.Data is too short", func() { Sgemv(v[:4], 1, Matrix{4, 3, hugeStride, v[:5]}, NoTrans, v[:3], 0) }},
		{"simdnn.Sgemm: b.Data is too short", func() {
			Sgemm(Matrix{2, 16, 16, make([]float32, 32)}, 1, Matrix{2, 4, 4, v}, NoTrans, Matrix{4, 16, hugeStride, make([]float32, 18)}, NoTrans, 0)
		}},
		{"simdnn.SumRows: x.Data is too short", func() { SumRows(v[:3], Matrix{4, 3, hugeStride, v[:5]}) }},
		{"simdnn.Sger: len(x) is not a.Rows", func() { Sger(m(2, 3, 3), 1, v[:3], v[:3]) }},
		{"simdnn.Sger: len(y) is not a.Cols", func() { Sger(m(2, 3, 3), 1, v[:2], v[:2]) }},
		{"simdnn.Saxpy: len(dst) < len(x)", func() { Saxpy(v[:2], 1, v[:3]) }},
		{"simdnn.Sdot: len(x) != len(y)", func() { Sdot(v[:2], v[:3]) }},
		{"simdnn.AddBias: len(b) is not dst.Cols", func() { AddBias(m(2, 3, 3), v[:2]) }},
		{"simdnn.SumRows: len(dst) is not x.Cols", func() { SumRows(v[:2], m(2, 3, 3)) }},
		{"simdnn.Sigmoid: len(dst) < len(x)", func() { Sigmoid(v[:2], v[:3]) }},
		{"simdnn.Tanh: len(dst) < len(x)", func() { Tanh(v[:2], v[:3]) }},
		{"simdnn.Relu: len(dst) < len(x)", func() { Relu(v[:2], v[:3]) }},
		{"simdnn.SigmoidGrad: len(y) != len(dy)", func() { SigmoidGrad(v, v[:2], v[:3]) }},
		{"simdnn.TanhGrad: len(dst) < len(y)", func() { TanhGrad(v[:2], v[:3], v[:3]) }},
		{"simdnn.ReluGrad: len(dst) < len(y)", func() { ReluGrad(v[:2], v[:3], v[:3]) }},
		{"simdnn.Softmax: dst and x differ in shape", func() { Softmax(m(2, 3, 3), m(3, 2, 2)) }},
		{"simdnn.SgemmEpilogue: dst is not op(a).Rows×op(b).Cols", func() {
			SgemmEpilogue(m(2, 2, 2), 1, m(3, 3, 3), Trans, m(3, 2, 2), NoTrans, 0, Epilogue{})
		}},
		{"simdnn.SgemmEpilogue: len(ep.Bias) is not dst.Cols", func() {
			SgemmEpilogue(m(2, 2, 2), 1, m(2, 3, 3), NoTrans, m(3, 2, 2), NoTrans, 0, Epilogue{Bias: v[:3]})
		}},
		{"simdnn.SgemmEpilogue: dst overlaps ep.Bias", func() {
			SgemmEpilogue(Matrix{2, 2, 2, v[:4]}, 1, m(2, 3, 3), NoTrans, m(3, 2, 2), NoTrans, 0, Epilogue{Bias: v[2:4]})
		}},
		{"simdnn.SgemmEpilogue: ep.Act is not an Activation", func() {
			SgemmEpilogue(m(2, 2, 2), 1, m(2, 3, 3), NoTrans, m(3, 2, 2), NoTrans, 0, Epilogue{Act: numActivations})
		}},
		{"simdnn.ApplyEpilogue: len(ep.Bias) is not dst.Cols", func() { ApplyEpilogue(m(2, 2, 2), Epilogue{Bias: v[:3]}) }},
		{"simdnn.AdamStep: p, g, m and v differ in length", func() { AdamStep(v[:3], v[:3], v[:3], v[:2], 1, 0.9, 0.9, 1, 1, 0) }},
	}
	for _, c := range cases {
		func() {
			defer func() {
				got := recover()
				if got != c.want {
					t.Errorf("panic %q, want %q", got, c.want)
				}
			}()
			c.f()
		}()
	}
}

// TestEmpty: empty operations return without touching their arguments,
// even with nil data.
func TestEmpty(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		e := Matrix{Rows: 0, Cols: 3, Stride: 3}
		Sgemm(e, 1, Matrix{0, 2, 2, nil}, NoTrans, Matrix{2, 3, 3, make([]float32, 6)}, NoTrans, 0)
		Sgemv(nil, 1, e, NoTrans, make([]float32, 3), 0)
		Sger(e, 1, nil, make([]float32, 3))
		Saxpy(nil, 1, nil)
		if Sdot(nil, nil) != 0 {
			t.Error("Sdot of empty vectors is not 0")
		}
		Sscal(nil, 2)
		AddBias(e, make([]float32, 3))
		SumRows(make([]float32, 3), e)
		Sigmoid(nil, nil)
		SigmoidGrad(nil, nil, nil)
		Tanh(nil, nil)
		TanhGrad(nil, nil, nil)
		Relu(nil, nil)
		ReluGrad(nil, nil, nil)
		Softmax(e, e)
		AdamStep(nil, nil, nil, nil, 1, 0.9, 0.9, 1, 1, 0)
		if PeakFMA(0) != 0 {
			t.Error("PeakFMA(0) did work")
		}
	})
}

// TestPeakFMA checks the probe's flop count is positive and proportional.
func TestPeakFMA(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		one := PeakFMA(1)
		if one <= 0 || PeakFMA(1000) != 1000*one {
			t.Fatalf("PeakFMA(1) = %d, PeakFMA(1000) = %d", one, PeakFMA(1000))
		}
	})
}
