package main

import (
	"fmt"

	"github.com/simdnn/simdnn"
)

// A benchCase is one kernel at one shape. setup allocates the operands (with a
// 2 KiB offset between them, so 4 KiB aliasing does not skew the figure) and
// returns the call to time.
type benchCase struct {
	kernel, shape string
	flops, elems  float64 // per call: GEMM-like kernels count flops (int8: integer ops), others elements
	int8          bool    // an int8 kernel (the rate is GOP/s)
	setup         func() func()
}

// buffers returns count vectors of n floats from one allocation, each
// starting 2 KiB past a 4 KiB boundary relative to the one before.
func buffers(n, count int) [][]float32 {
	span := (n+1023)/1024*1024 + 512
	buf := make([]float32, count*span+1024)
	out := make([][]float32, count)
	for i := range out {
		out[i] = buf[i*span : i*span+n : i*span+n]
		for j := range out[i] {
			out[i][j] = float32(j%17)/17 - 0.5
		}
	}
	return out
}

func matrix(data []float32, rows, cols int) simdnn.Matrix {
	return simdnn.Matrix{Rows: rows, Cols: cols, Stride: cols, Data: data[:rows*cols]}
}

type gemmShape struct {
	m, n, k int
	ta, tb  bool
	beta    float32
}

func (s gemmShape) String() string {
	name := fmt.Sprintf("m=%d,n=%d,k=%d", s.m, s.n, s.k)
	if s.ta {
		name += ",ta=1"
	}
	if s.tb {
		name += ",tb=1"
	}
	if s.beta != 0 {
		name += fmt.Sprintf(",beta=%g", s.beta)
	}
	return name
}

// The default Sgemm shapes: square sizes, the dense layers of a 784-128-10
// MLP at batch 1, 32 and 64, and its two backward products.
var gemmShapes = []gemmShape{
	{m: 64, n: 64, k: 64}, {m: 256, n: 256, k: 256}, {m: 512, n: 512, k: 512}, {m: 1024, n: 1024, k: 1024},
	{m: 1, n: 128, k: 784}, {m: 32, n: 128, k: 784}, {m: 64, n: 128, k: 784}, {m: 256, n: 10, k: 128},
	{m: 32, n: 784, k: 128, tb: true},          // dX = dY·Wᵀ
	{m: 784, n: 128, k: 32, ta: true, beta: 1}, // dW += Xᵀ·dY
}

// The fused shapes: the MLP's forward layers with their bias and activation,
// and a square with a sigmoid.
var fusedShapes = []struct {
	gemmShape
	name string
	act  simdnn.Activation
}{
	{gemmShape{m: 1, n: 128, k: 784}, "relu", simdnn.ActReLU},
	{gemmShape{m: 32, n: 128, k: 784}, "relu", simdnn.ActReLU},
	{gemmShape{m: 64, n: 128, k: 784}, "relu", simdnn.ActReLU},
	{gemmShape{m: 256, n: 10, k: 128}, "linear", simdnn.ActLinear},
	{gemmShape{m: 256, n: 256, k: 256}, "sigmoid", simdnn.ActSigmoid},
}

var vectorSizes = []int{1024, 65536, 1048576}

func trans(t bool) simdnn.Transpose {
	if t {
		return simdnn.Trans
	}
	return simdnn.NoTrans
}

func cases() []benchCase {
	var cs []benchCase
	for _, s := range gemmShapes {
		cs = append(cs, benchCase{kernel: "sgemm", shape: s.String(), flops: 2 * float64(s.m*s.n*s.k), setup: func() func() {
			v := buffers(max(s.m*s.k, s.k*s.n, s.m*s.n), 3)
			ar, ac, br, bc := s.m, s.k, s.k, s.n
			if s.ta {
				ar, ac = ac, ar
			}
			if s.tb {
				br, bc = bc, br
			}
			a, b, c := matrix(v[0], ar, ac), matrix(v[1], br, bc), matrix(v[2], s.m, s.n)
			return func() { simdnn.Sgemm(c, 1, a, trans(s.ta), b, trans(s.tb), s.beta) }
		}})
	}
	// SgemmEpilogue on the forward layers: bias and activation fused
	// (GFLOP/s counts the product's 2·m·n·k only, as for sgemm and XNNPACK's
	// fully connected operator, which adds its bias and clamps too).
	for _, f := range fusedShapes {
		s := f.gemmShape
		cs = append(cs, benchCase{kernel: "sgemm_fused", shape: s.String() + ",act=" + f.name, flops: 2 * float64(s.m*s.n*s.k), setup: func() func() {
			v := buffers(max(s.m*s.k, s.k*s.n, s.m*s.n), 4)
			a, b, c := matrix(v[0], s.m, s.k), matrix(v[1], s.k, s.n), matrix(v[2], s.m, s.n)
			ep := simdnn.Epilogue{Bias: v[3][:s.n], Act: f.act}
			return func() { simdnn.SgemmEpilogue(c, 1, a, simdnn.NoTrans, b, simdnn.NoTrans, 0, ep) }
		}})
	}
	// SgemmPacked: the same layers with W packed once (as XNNPACK's fully
	// connected operator packs its weights when it is created), bias and
	// activation fused; and the dX product with Wᵀ packed.
	for _, f := range fusedShapes {
		s := f.gemmShape
		cs = append(cs, benchCase{kernel: "sgemm_packed", shape: s.String() + ",act=" + f.name, flops: 2 * float64(s.m*s.n*s.k), setup: func() func() {
			v := buffers(max(s.m*s.k, s.k*s.n, s.m*s.n), 4)
			a, w, c := matrix(v[0], s.m, s.k), matrix(v[1], s.k, s.n), matrix(v[2], s.m, s.n)
			var b simdnn.PackedMatrix
			b.Pack(w, simdnn.NoTrans)
			ep := simdnn.Epilogue{Bias: v[3][:s.n], Act: f.act}
			return func() { simdnn.SgemmPacked(c, 1, a, simdnn.NoTrans, &b, 0, ep) }
		}})
	}
	dx := gemmShape{m: 32, n: 784, k: 128, tb: true}
	cs = append(cs, benchCase{kernel: "sgemm_packed", shape: dx.String(), flops: 2 * float64(dx.m*dx.n*dx.k), setup: func() func() {
		v := buffers(dx.n*dx.k, 3)
		a, w, c := matrix(v[0], dx.m, dx.k), matrix(v[1], dx.n, dx.k), matrix(v[2], dx.m, dx.n)
		var b simdnn.PackedMatrix
		b.Pack(w, simdnn.Trans)
		return func() { simdnn.SgemmPacked(c, 1, a, simdnn.NoTrans, &b, 0, simdnn.Epilogue{}) }
	}})
	for _, ta := range []bool{false, true} {
		m, n := 128, 784
		shape := fmt.Sprintf("m=%d,n=%d", m, n)
		if ta {
			shape += ",ta=1"
		}
		cs = append(cs, benchCase{kernel: "sgemv", shape: shape, flops: 2 * float64(m*n), setup: func() func() {
			v := buffers(m*n, 3)
			a := matrix(v[0], m, n)
			if ta {
				a = matrix(v[0], n, m)
			}
			x, y := v[1][:n], v[2][:m]
			return func() { simdnn.Sgemv(y, 1, a, trans(ta), x, 0) }
		}})
	}
	cs = append(cs, benchCase{kernel: "sger", shape: "m=784,n=128", flops: 2 * 784 * 128, setup: func() func() {
		v := buffers(784*128, 3)
		a := matrix(v[0], 784, 128)
		return func() { simdnn.Sger(a, 1e-6, v[1][:784], v[2][:128]) }
	}})
	for _, n := range vectorSizes {
		shape := fmt.Sprintf("n=%d", n)
		cs = append(cs,
			benchCase{kernel: "saxpy", shape: shape, flops: 2 * float64(n), setup: func() func() {
				v := buffers(n, 2)
				return func() { simdnn.Saxpy(v[0], 1e-3, v[1]) }
			}},
			benchCase{kernel: "sdot", shape: shape, flops: 2 * float64(n), setup: func() func() {
				v := buffers(n, 2)
				return func() { sink += simdnn.Sdot(v[0], v[1]) }
			}},
		)
	}
	elementwise := []struct {
		name   string
		inputs int
		f      func(dst []float32, in [][]float32)
	}{
		{"sscal", 0, func(d []float32, _ [][]float32) { simdnn.Sscal(d, 1.0001) }},
		{"sigmoid", 1, func(d []float32, in [][]float32) { simdnn.Sigmoid(d, in[0]) }},
		{"sigmoidgrad", 2, func(d []float32, in [][]float32) { simdnn.SigmoidGrad(d, in[0], in[1]) }},
		{"tanh", 1, func(d []float32, in [][]float32) { simdnn.Tanh(d, in[0]) }},
		{"tanhgrad", 2, func(d []float32, in [][]float32) { simdnn.TanhGrad(d, in[0], in[1]) }},
		{"relu", 1, func(d []float32, in [][]float32) { simdnn.Relu(d, in[0]) }},
		{"relugrad", 2, func(d []float32, in [][]float32) { simdnn.ReluGrad(d, in[0], in[1]) }},
	}
	for _, e := range elementwise {
		for _, n := range append([]int{4096}, vectorSizes...) {
			cs = append(cs, benchCase{kernel: e.name, shape: fmt.Sprintf("n=%d", n), elems: float64(n), setup: func() func() {
				v := buffers(n, e.inputs+1)
				return func() { e.f(v[0], v[1:]) }
			}})
		}
	}
	for _, n := range vectorSizes {
		cs = append(cs, benchCase{kernel: "adamstep", shape: fmt.Sprintf("n=%d", n), elems: float64(n), setup: func() func() {
			v := buffers(n, 4)
			return func() { simdnn.AdamStep(v[0], v[1], v[2], v[3], 1e-3, 0.9, 0.999, 1.1, 1.01, 1e-8) }
		}})
		cs = append(cs, benchCase{kernel: "allfinite", shape: fmt.Sprintf("n=%d", n), elems: float64(n), setup: func() func() {
			v := buffers(n, 1)
			return func() { _ = simdnn.AllFinite(v[0]) }
		}})
	}
	rows := []struct {
		name string
		f    func(m simdnn.Matrix, v []float32)
	}{
		{"addbias", func(m simdnn.Matrix, v []float32) { simdnn.AddBias(m, v) }},
		{"sumrows", func(m simdnn.Matrix, v []float32) { simdnn.SumRows(v, m) }},
		{"softmax", func(m simdnn.Matrix, _ []float32) { simdnn.Softmax(m, m) }},
	}
	for _, r := range rows {
		for _, s := range []struct{ m, n int }{{64, 128}, {64, 10}, {256, 1024}} {
			cs = append(cs, benchCase{kernel: r.name, shape: fmt.Sprintf("m=%d,n=%d", s.m, s.n), elems: float64(s.m * s.n), setup: func() func() {
				v := buffers(s.m*s.n, 2)
				m := matrix(v[0], s.m, s.n)
				return func() { r.f(m, v[1][:s.n]) }
			}})
		}
	}
	return append(cs, int8Cases()...)
}

// sink keeps the results of the reductions timed above: written, never read.
//
//lint:ignore U1000 a store the compiler cannot drop, so the call stays
var sink float32
