package nn_test

import (
	"bytes"
	"fmt"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
)

// Train a small classifier, save it, load it back and predict, without
// allocating in the training or prediction calls.
func Example() {
	// XOR as a two-class problem: 4 rows of 2 inputs, one-hot targets.
	x := simdnn.Matrix{Rows: 4, Cols: 2, Stride: 2, Data: []float32{0, 0, 0, 1, 1, 0, 1, 1}}
	y := simdnn.Matrix{Rows: 4, Cols: 2, Stride: 2, Data: []float32{1, 0, 0, 1, 0, 1, 1, 0}}

	m, err := nn.New(nn.Config{
		Inputs: 2, MaxBatch: 4, Seed: 7, Loss: nn.SoftmaxCrossEntropy,
		Layers:    []nn.Layer{nn.Dense(8, nn.Tanh), nn.Dense(2, nn.Softmax)},
		Optimizer: nn.Optimizer{Kind: nn.Adam, LR: 0.05},
	})
	if err != nil {
		panic(err)
	}
	err = m.Fit(x, y, nn.FitOptions{Epochs: 300, BatchSize: 4})
	if err != nil {
		panic(err)
	}

	var file bytes.Buffer // or os.Create, or go:embed a saved model
	if err := m.Save(&file); err != nil {
		panic(err)
	}
	loaded, err := nn.LoadBytes(file.Bytes(), 4)
	if err != nil {
		panic(err)
	}
	probs := simdnn.Matrix{Rows: 4, Cols: 2, Stride: 2, Data: make([]float32, 8)}
	loaded.Predict(probs, x)
	for i := 0; i < 4; i++ {
		class := 0
		if probs.Data[2*i+1] > probs.Data[2*i] {
			class = 1
		}
		fmt.Printf("%v xor %v = %d\n", x.Data[2*i], x.Data[2*i+1], class)
	}
	// Output:
	// 0 xor 0 = 0
	// 0 xor 1 = 1
	// 1 xor 0 = 1
	// 1 xor 1 = 0
}

// Give each goroutine its own Workspace to predict concurrently with one
// model.
func ExampleModel_PredictWith() {
	m, err := nn.New(nn.Config{
		Inputs: 3, MaxBatch: 1, Loss: nn.MSE,
		Layers:    []nn.Layer{nn.Dense(1, nn.Linear)},
		Optimizer: nn.Optimizer{Kind: nn.SGD, LR: 0.1},
	})
	if err != nil {
		panic(err)
	}
	done := make(chan float32)
	for g := 0; g < 2; g++ {
		go func() {
			ws := m.NewWorkspace(1) // once per goroutine
			x := simdnn.Matrix{Rows: 1, Cols: 3, Stride: 3, Data: []float32{0, 0, 0}}
			out := simdnn.Matrix{Rows: 1, Cols: 1, Stride: 1, Data: make([]float32, 1)}
			m.PredictWith(ws, out, x) // weights are only read
			done <- out.Data[0]
		}()
	}
	fmt.Println(<-done, <-done) // zero input, zero bias
	// Output: 0 0
}
