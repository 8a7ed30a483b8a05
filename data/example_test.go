package data_test

import (
	"fmt"
	"strings"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/data"
	"github.com/simdnn/simdnn/nn"
)

// A classifier from a CSV table: read it, split it, standardise the
// features with the training rows' statistics, train, and measure the
// accuracy on the held-out rows.
func Example() {
	var csv strings.Builder
	csv.WriteString("x1,x2,kind\n")
	for i := 0; i < 200; i++ { // two clusters, around (2, 2) and (-2, -2)
		d := float32(i%10)/10 - 0.45
		if i%2 == 0 {
			fmt.Fprintf(&csv, "%g,%g,a\n", 2+d, 2-d)
		} else {
			fmt.Fprintf(&csv, "%g,%g,b\n", -2-d, -2+d)
		}
	}
	t, err := data.ReadCSV(strings.NewReader(csv.String()), "kind")
	if err != nil {
		panic(err)
	}
	xTrain, yTrain, xTest, yTest := data.Split(t.X, t.OneHot(), 0.25, 1)
	s := data.FitStandardizer(xTrain)
	s.Apply(xTrain)
	s.Apply(xTest)

	m, err := nn.New(nn.Config{Inputs: 2, MaxBatch: 16, Seed: 1, Loss: nn.SoftmaxCrossEntropy,
		Layers:    []nn.Layer{nn.Dense(8, nn.ReLU), nn.Dense(2, nn.Softmax)},
		Optimizer: nn.Optimizer{Kind: nn.Adam, LR: 0.01}})
	if err != nil {
		panic(err)
	}
	if err := m.Fit(xTrain, yTrain, nn.FitOptions{Epochs: 20}); err != nil {
		panic(err)
	}
	probs := simdnn.NewMatrix(xTest.Rows, 2)
	m.Predict(probs, xTest)
	acc := data.Accuracy(probs, data.Argmax(nil, yTest))
	fmt.Println("features:", t.Features, "classes:", t.Classes)
	fmt.Println("train/test rows:", xTrain.Rows, xTest.Rows)
	fmt.Println("test accuracy ≥ 0.95:", acc >= 0.95)
	// Output:
	// features: [x1 x2] classes: [a b]
	// train/test rows: 150 50
	// test accuracy ≥ 0.95: true
}
