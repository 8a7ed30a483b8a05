package main

import (
	"fmt"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
	"github.com/simdnn/simdnn/quant"
)

// The int8 GEMM shapes: squares and the dense layers of the 784-128-10 MLP.
var int8Shapes = []gemmShape{
	{m: 64, n: 64, k: 64}, {m: 256, n: 256, k: 256}, {m: 512, n: 512, k: 512},
	{m: 1, n: 128, k: 784}, {m: 32, n: 128, k: 784}, {m: 64, n: 128, k: 784}, {m: 256, n: 10, k: 128},
}

func int8Cases() []benchCase {
	var cs []benchCase
	for _, s := range int8Shapes {
		cs = append(cs, benchCase{kernel: "gemm_int8", shape: s.String(), flops: 2 * float64(s.m*s.n*s.k), int8: true,
			setup: func() func() {
				a := make([]int8, s.m*s.k)
				w := make([]int8, s.k*s.n)
				for i := range a {
					a[i] = int8(i*7 - 100)
				}
				for i := range w { // in [−127, 127], as quant makes weights
					w[i] = max(int8(i*13+5), -127)
				}
				pw := simdnn.PackInt8(w, s.k, s.n, s.n, nil)
				dst := make([]int32, s.m*s.n)
				return func() { simdnn.GemmInt8(dst, s.n, a, s.k, s.m, pw) }
			}})
	}
	cs = append(cs,
		benchCase{kernel: "quantize_int8", shape: "n=784", elems: 784, int8: true, setup: func() func() {
			x := buffers(784, 1)[0]
			for i := range x { // MNIST-like pixels k/255: none on a rounding tie
				x[i] = float32(i*7919%256) / 255
			}
			dst := make([]int8, 784)
			return func() { simdnn.QuantizeInt8(dst, x, 1.0/255, -128) }
		}},
		benchCase{kernel: "requantize", shape: "n=128", elems: 128, int8: true, setup: func() func() {
			mult, shift, acc := make([]int32, 128), make([]int32, 128), make([]int32, 128)
			for i := range mult {
				mult[i], shift[i], acc[i] = 1<<30+int32(i)*9973, -7, int32(i*1234567)
			}
			q, err := simdnn.NewRequant(128, mult, shift, -5, -128, 127)
			if err != nil {
				panic(err)
			}
			dst := make([]int8, 128)
			return func() { simdnn.Requantize(dst, acc, q) }
		}})
	for _, batch := range []int{1, 64} {
		shape := fmt.Sprintf("batch=%d", batch)
		cs = append(cs,
			benchCase{kernel: "predict", shape: shape, elems: float64(batch), setup: func() func() {
				m, _, x := mlp(batch)
				out := simdnn.NewMatrix(batch, 10)
				return func() { m.Predict(out, x) }
			}},
			benchCase{kernel: "predict_int8", shape: shape, elems: float64(batch), int8: true, setup: func() func() {
				_, q, x := mlp(batch)
				out := simdnn.NewMatrix(batch, 10)
				return func() { q.Predict(out, x) }
			}})
	}
	// One training step of cmd/mnist's network (TrainBatch: forward,
	// backward, Adam), per call; with -threads, on that many goroutines. The
	// rate counts the step's GEMM flops (x·W both layers, dW both, dX of
	// the second), so that it reads against the sgemm rows.
	const trainFlops = 2*64*(784*128+128*10)*2 + 2*64*128*10
	cs = append(cs, benchCase{kernel: "train", shape: "batch=64", flops: trainFlops, setup: func() func() {
		m, _, x := mlp(64)
		y := simdnn.NewMatrix(64, 10)
		for i := range 64 {
			y.Data[i*10+i%10] = 1
		}
		return func() {
			if _, err := m.TrainBatch(x, y); err != nil {
				panic(err)
			}
		}
	}})
	return cs
}

// mlp returns a 784-128(ReLU)-10(softmax) model, its int8 version
// (calibrated on the input) and a batch of inputs in [0, 1]: the forward pass
// of cmd/mnist, untrained (the speed does not depend on the weights).
func mlp(batch int) (*nn.Model, *quant.Model, simdnn.Matrix) {
	m, err := nn.New(nn.Config{Inputs: 784, MaxBatch: batch, Seed: 1, Loss: nn.SoftmaxCrossEntropy,
		Layers:    []nn.Layer{nn.Dense(128, nn.ReLU), nn.Dense(10, nn.Softmax)},
		Optimizer: nn.Optimizer{Kind: nn.Adam, LR: 1e-3}})
	if err != nil {
		panic(err)
	}
	x := simdnn.NewMatrix(batch, 784)
	for i := range x.Data {
		x.Data[i] = float32(i*7919%256) / 255
	}
	q, err := quant.Quantize(m, x, quant.Options{MaxBatch: batch})
	if err != nil {
		panic(err)
	}
	return m, q, x
}
