package quant_test

import (
	"bytes"
	"fmt"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
	"github.com/simdnn/simdnn/quant"
)

// Train a float model, quantize it with a calibration set, save the int8
// model, load it back (LoadBytes works on a go:embed []byte) and classify.
func Example() {
	// Two classes: is x0 + x1 > 1?
	const rows = 256
	x, y := simdnn.NewMatrix(rows, 2), simdnn.NewMatrix(rows, 2)
	for i := 0; i < rows; i++ {
		a, b := float32(i%16)/15, float32(i/16)/15
		x.Data[2*i], x.Data[2*i+1] = a, b
		if a+b > 1 {
			y.Data[2*i+1] = 1
		} else {
			y.Data[2*i] = 1
		}
	}
	m, err := nn.New(nn.Config{
		Inputs: 2, MaxBatch: 32, Seed: 3, Loss: nn.SoftmaxCrossEntropy,
		Layers:    []nn.Layer{nn.Dense(16, nn.ReLU), nn.Dense(2, nn.Softmax)},
		Optimizer: nn.Optimizer{Kind: nn.Adam, LR: 0.02},
	})
	if err != nil {
		panic(err)
	}
	if err := m.Fit(x, y, nn.FitOptions{Epochs: 60, BatchSize: 32}); err != nil {
		panic(err)
	}

	q, err := quant.Quantize(m, x, quant.Options{MaxBatch: 1})
	if err != nil {
		panic(err)
	}
	var file bytes.Buffer
	if err := q.Save(&file); err != nil {
		panic(err)
	}
	loaded, err := quant.LoadBytes(file.Bytes(), 1)
	if err != nil {
		panic(err)
	}
	probs := simdnn.NewMatrix(1, 2)
	for _, p := range [][]float32{{0.1, 0.2}, {0.9, 0.8}} {
		loaded.Predict(probs, simdnn.Matrix{Rows: 1, Cols: 2, Stride: 2, Data: p})
		fmt.Printf("%.1f + %.1f > 1: %v\n", p[0], p[1], probs.Data[1] > probs.Data[0])
	}
	// Output:
	// 0.1 + 0.2 > 1: false
	// 0.9 + 0.8 > 1: true
}
