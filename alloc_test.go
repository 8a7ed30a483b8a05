package simdnn

import "testing"

// TestAllocs pins zero allocations for every exported kernel on every tier,
// including Sgemm on shapes that use several cache blocks.
func TestAllocs(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage counters allocate")
	}
	const n = 1000
	x, y, z, w := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range x {
		x[i], y[i] = float32(i%7)-3, float32(i%5)/5
	}
	mat := func(r, c int) Matrix { return Matrix{Rows: r, Cols: c, Stride: c, Data: make([]float32, r*c)} }
	a, b, c := mat(70, 600), mat(600, 50), mat(70, 50)
	at, bt := mat(600, 70), mat(50, 600)
	small := Matrix{Rows: 10, Cols: 100, Stride: 100, Data: x}
	var packed, packedT PackedMatrix
	packed.Pack(b, NoTrans)
	packedT.Pack(bt, Trans)
	cases := []struct {
		name string
		f    func()
	}{
		{"Sgemm", func() { Sgemm(c, 1, a, NoTrans, b, NoTrans, 1) }},
		{"SgemmTT", func() { Sgemm(c, 1, at, Trans, bt, Trans, 0) }},
		{"SgemmEpilogue", func() { SgemmEpilogue(c, 1, a, NoTrans, b, NoTrans, 0, Epilogue{Bias: y[:50], Act: ActSigmoid}) }},
		{"SgemmPacked", func() { SgemmPacked(c, 1, a, NoTrans, &packed, 0, Epilogue{Bias: y[:50], Act: ActReLU}) }},
		{"SgemmPackedRow", func() {
			SgemmPacked(Matrix{Rows: 1, Cols: 50, Stride: 50, Data: z[:50]}, 1, Matrix{Rows: 1, Cols: 600, Stride: 600, Data: a.Data[:600]}, NoTrans, &packedT, 1, Epilogue{})
		}},
		{"PackedMatrix.Pack", func() { packedT.Pack(bt, Trans) }},
		{"ApplyEpilogue", func() { ApplyEpilogue(c, Epilogue{Bias: y[:50], Act: ActLeakyReLU, Slope: 0.1}) }},
		{"Sgemv", func() { Sgemv(z[:70], 1, a, NoTrans, x[:600], 0) }},
		{"SgemvT", func() { Sgemv(x[:600], 1, a, Trans, z[:70], 1) }},
		{"Sger", func() { Sger(a, 1, z[:70], x[:600]) }},
		{"Saxpy", func() { Saxpy(z, 0.5, x) }},
		{"Sdot", func() { Sdot(x, y) }},
		{"Sscal", func() { Sscal(z, 0.5) }},
		{"AddBias", func() { AddBias(small, y[:100]) }},
		{"AddBiasShort", func() { AddBias(Matrix{Rows: 100, Cols: 10, Stride: 10, Data: z}, y[:10]) }},
		{"SumRows", func() { SumRows(z[:100], small) }},
		{"Sigmoid", func() { Sigmoid(z, x) }},
		{"SigmoidGrad", func() { SigmoidGrad(z, y, x) }},
		{"Tanh", func() { Tanh(z, x) }},
		{"TanhGrad", func() { TanhGrad(z, y, x) }},
		{"Relu", func() { Relu(z, x) }},
		{"ReluGrad", func() { ReluGrad(z, y, x) }},
		{"Softmax", func() { Softmax(small, small) }},
		{"AdamStep", func() { AdamStep(z, y, x, w, 1e-3, 0.9, 0.999, 1, 1, 1e-8) }},
		{"PeakFMA", func() { PeakFMA(100) }},
	}
	forEachImpl(t, func(t *testing.T) {
		for _, k := range cases {
			if got := testing.AllocsPerRun(20, k.f); got != 0 {
				t.Errorf("%s: %v allocations per call, want 0", k.name, got)
			}
		}
	})
}

// TestAllocsStackBuffers: a caller's stack arrays stay on the stack, which
// func-value dispatch would break (golang/go#73132).
func TestAllocsStackBuffers(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		got := testing.AllocsPerRun(20, func() {
			var x, y [64]float32
			for i := range x {
				x[i] = float32(i)
			}
			Saxpy(y[:], 2, x[:])
			Sigmoid(y[:], y[:])
			if Sdot(x[:], y[:]) == -1 {
				t.Log("unreachable")
			}
		})
		if got != 0 {
			t.Errorf("%v allocations per call, want 0", got)
		}
	})
}

// TestAllocsInt8 pins zero allocations for the int8 kernels on every tier.
func TestAllocsInt8(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage counters allocate")
	}
	wfull := make([]int8, 100*40)
	wfull[7] = -128 // not symmetric: the kernels for any weights
	w := PackInt8(wfull, 100, 40, 40, nil)
	wsym := PackInt8(make([]int8, 100*40), 100, 40, 40, nil)
	a := make([]int8, 9*100)
	dst := make([]int32, 9*40)
	q, err := NewRequant(40, []int32{1 << 30}, []int32{-3}, 5, -128, 127)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]int8, 40)
	x := make([]float32, 37)
	xq := make([]int8, 37)
	forEachInt8Impl(t, func(t *testing.T) {
		for name, f := range map[string]func(){
			"GemmInt8":     func() { GemmInt8(dst, 40, a, 100, 9, w) },
			"GemmInt8 m=1": func() { GemmInt8(dst, 40, a, 100, 1, wsym) },
			"Requantize":   func() { Requantize(out, dst[:40], q) },
			"QuantizeInt8": func() { QuantizeInt8(xq, x, 0.5, 3) },
			"PeakInt8":     func() { PeakInt8(10) },
		} {
			if got := testing.AllocsPerRun(20, f); got != 0 {
				t.Errorf("%s: %v allocations per call, want 0", name, got)
			}
		}
	})
}
