package quant

import (
	"testing"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
)

// mlp784 is a 784-128-10 ReLU/Softmax model (untrained weights, calibrated
// on random pixels): the shape cmd/mnist quantizes.
func mlp784(b testing.TB, batch int) (*nn.Model, *Model, simdnn.Matrix) {
	m, err := nn.New(nn.Config{Inputs: 784, MaxBatch: batch, Seed: 1, Loss: nn.SoftmaxCrossEntropy,
		Layers:    []nn.Layer{nn.Dense(128, nn.ReLU), nn.Dense(10, nn.Softmax)},
		Optimizer: nn.Optimizer{Kind: nn.Adam, LR: 1e-3}})
	if err != nil {
		b.Fatal(err)
	}
	x := simdnn.NewMatrix(batch, 784)
	for i := range x.Data {
		x.Data[i] = float32(i*7919%256) / 255
	}
	q, err := Quantize(m, x, Options{MaxBatch: batch})
	if err != nil {
		b.Fatal(err)
	}
	return m, q, x
}

func benchPredict(b *testing.B, batch int, int8 bool) {
	m, q, x := mlp784(b, batch)
	out := simdnn.NewMatrix(batch, 10)
	b.ResetTimer()
	for range b.N {
		if int8 {
			q.Predict(out, x)
		} else {
			m.Predict(out, x)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/image")
}

func BenchmarkPredictInt8Batch1(b *testing.B)  { benchPredict(b, 1, true) }
func BenchmarkPredictInt8Batch64(b *testing.B) { benchPredict(b, 64, true) }
func BenchmarkPredictFP32Batch1(b *testing.B)  { benchPredict(b, 1, false) }
func BenchmarkPredictFP32Batch64(b *testing.B) { benchPredict(b, 64, false) }
