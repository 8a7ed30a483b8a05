package nn

import (
	"strings"
	"testing"

	"github.com/simdnn/simdnn"
)

func xorModel(t *testing.T) *Model {
	t.Helper()
	m, err := New(Config{Inputs: 2, MaxBatch: 4, Seed: 7, Loss: SoftmaxCrossEntropy,
		Layers:    []Layer{Dense(8, Tanh), Dense(2, Softmax)},
		Optimizer: Optimizer{Kind: Adam, LR: 0.05}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// mustPanic returns the panic message of f, failing if f does not panic.
func mustPanic(t *testing.T, f func()) (msg string) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("no panic")
		}
		msg, _ = r.(string)
		if msg == "" {
			if e, ok := r.(error); ok {
				msg = e.Error()
			}
		}
	}()
	f()
	return ""
}

// TestForgottenStride: a view whose Stride was forgotten is reported by
// every nn entry point in its own words, as an error where the function
// returns errors and a panic where it documents panics; never trained on.
func TestForgottenStride(t *testing.T) {
	x := simdnn.Matrix{Rows: 4, Cols: 2, Data: []float32{0, 0, 0, 1, 1, 0, 1, 1}} // Stride 0
	y := simdnn.MatrixOf(4, 2, []float32{1, 0, 0, 1, 0, 1, 1, 0})
	m := xorModel(t)
	err := m.Fit(x, y, FitOptions{Epochs: 1})
	if err == nil || err.Error() != "nn.Fit: x: Stride 0 < Cols 2" {
		t.Errorf("Fit: %v", err)
	}
	if m.Steps() != 0 {
		t.Errorf("Fit trained %d steps on a bad view", m.Steps())
	}
	if _, err := m.TrainBatch(x, y); err == nil || err.Error() != "nn.TrainBatch: x: Stride 0 < Cols 2" {
		t.Errorf("TrainBatch: %v", err)
	}
	if _, err := m.TrainBatch(y, simdnn.Matrix{Rows: 4, Cols: 2, Stride: 2, Data: make([]float32, 5)}); err == nil ||
		!strings.HasPrefix(err.Error(), "nn.TrainBatch: y: Data has 5 values") {
		t.Errorf("TrainBatch short y: %v", err)
	}
	dst := simdnn.NewMatrix(4, 2)
	if msg := mustPanic(t, func() { m.Predict(dst, x) }); msg != "nn.Predict: x: Stride 0 < Cols 2" {
		t.Errorf("Predict: %q", msg)
	}
	if msg := mustPanic(t, func() { m.Forward(x) }); msg != "nn.Forward: x: Stride 0 < Cols 2" {
		t.Errorf("Forward: %q", msg)
	}
	if msg := mustPanic(t, func() { m.Evaluate(x, y) }); msg != "nn.Evaluate: x: Stride 0 < Cols 2" {
		t.Errorf("Evaluate: %q", msg)
	}
	// The constructors set Stride: the same data trains.
	if err := m.Fit(simdnn.MatrixOf(4, 2, x.Data), y, FitOptions{Epochs: 1}); err != nil {
		t.Errorf("Fit on MatrixOf: %v", err)
	}
}

func TestMatrixConstructors(t *testing.T) {
	if m := simdnn.NewMatrix(3, 0); m.Stride != 1 || m.Validate() != nil {
		t.Errorf("NewMatrix(3, 0) = %+v", m)
	}
	if m := simdnn.NewMatrix(2, 5); m.Stride != 5 || len(m.Data) != 10 || m.Validate() != nil {
		t.Errorf("NewMatrix(2, 5) = %+v", m)
	}
	if msg := mustPanic(t, func() { simdnn.MatrixOf(2, 3, make([]float32, 5)) }); msg != "simdnn.MatrixOf: 5 values for 2×3" {
		t.Errorf("MatrixOf: %q", msg)
	}
	if msg := mustPanic(t, func() { simdnn.NewMatrix(-1, 3) }); msg != "simdnn.NewMatrix: bad dimensions -1×3" {
		t.Errorf("NewMatrix: %q", msg)
	}
}
