package nn

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdnn/simdnn"
)

// TestHugeFiniteWeightsAreFinite: weights far beyond √MaxFloat32 are
// finite; the check must not call them otherwise (the old one summed
// squares, which overflowed at |w| ≈ 1.8e19).
func TestHugeFiniteWeightsAreFinite(t *testing.T) {
	m, err := New(Config{Inputs: 2, MaxBatch: 2, Loss: MSE, Layers: []Layer{Dense(1, Linear)},
		Optimizer: Optimizer{Kind: SGD, LR: 1e-30}})
	if err != nil {
		t.Fatal(err)
	}
	m.layers[0].w.Data[1] = 4e21 // input column 1 is always 0: the output stays finite
	x := simdnn.MatrixOf(2, 2, []float32{1, 0, 2, 0})
	y := simdnn.MatrixOf(2, 1, []float32{1, 2})
	if _, err := m.TrainBatch(x, y); err != nil {
		t.Fatalf("finite weights (max 4e21) reported: %v", err)
	}
}

// TestInfiniteMomentStops: Adam with gradients of 1e30 makes v = +Inf while
// every weight stays finite; TrainBatch must say so, naming step and layer.
func TestInfiniteMomentStops(t *testing.T) {
	m, err := New(Config{Inputs: 2, MaxBatch: 4, Seed: 2, Loss: SoftmaxCrossEntropy,
		Layers: []Layer{Dense(3, Softmax)}, Optimizer: Optimizer{Kind: Adam, LR: 1e-3}})
	if err != nil {
		t.Fatal(err)
	}
	x := simdnn.MatrixOf(2, 2, []float32{1e30, -1e30, -1e30, 1e30})
	y := simdnn.MatrixOf(2, 3, []float32{0, 0, 1, 0, 0, 1}) // not what the saturated outputs say
	_, err = m.TrainBatch(x, y)
	if err == nil || err.Error() != "nn.TrainBatch: step 1: layer 0 (dense 2→3) has non-finite optimizer state" {
		t.Fatalf("err = %v", err)
	}
	if m.Broken() == nil {
		t.Fatal("not marked broken")
	}
}

func blobs(n int, seed uint64) (x, y simdnn.Matrix) {
	r := rand.New(rand.NewPCG(seed, 1))
	x, y = simdnn.NewMatrix(n, 8), simdnn.NewMatrix(n, 4)
	for i := 0; i < n; i++ {
		c := r.IntN(4)
		y.Data[i*4+c] = 1
		for j := 0; j < 8; j++ {
			x.Data[i*8+j] = float32(r.NormFloat64()*0.5) + float32(c*(j%4))
		}
	}
	return x, y
}

// TestDivergenceStops: Adam at lr 1e6 keeps every value finite but
// diverges; Fit stops with an error naming epoch and step, the model is
// broken, Save and AppendBinary refuse it, and Reinit makes it trainable.
func TestDivergenceStops(t *testing.T) {
	m, err := New(Config{Inputs: 8, MaxBatch: 16, Seed: 4, Loss: SoftmaxCrossEntropy,
		Layers:    []Layer{Dense(32, ReLU), Dense(4, Softmax)},
		Optimizer: Optimizer{Kind: Adam, LR: 1e6}})
	if err != nil {
		t.Fatal(err)
	}
	x, y := blobs(512, 5)
	err = m.Fit(x, y, FitOptions{Epochs: 20, BatchSize: 16})
	if err == nil || !strings.Contains(err.Error(), "diverged") || !strings.HasPrefix(err.Error(), "nn.Fit: epoch ") {
		t.Fatalf("lr 1e6: Fit returned %v", err)
	}
	if m.Broken() == nil {
		t.Fatal("diverged model not marked broken")
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err == nil || buf.Len() != 0 {
		t.Fatalf("Save of a diverged model: %v, %d bytes", err, buf.Len())
	}
	if err := m.SaveCheckpoint(&buf); err == nil {
		t.Fatal("SaveCheckpoint of a diverged model succeeded")
	}
	if msg := mustPanic(t, func() { m.AppendBinary(nil) }); !strings.HasPrefix(msg, "nn.AppendBinary: refusing a broken model") {
		t.Fatalf("AppendBinary: %q", msg)
	}
	if _, err := m.TrainBatch(rows(x, 16), rows(y, 16)); err != m.Broken() {
		t.Fatalf("TrainBatch on a broken model: %v", err)
	}
	m.Reinit()
	m.opt.LR = 1e-2
	if err := m.Fit(x, y, FitOptions{Epochs: 5, BatchSize: 16}); err != nil {
		t.Fatalf("after Reinit: %v", err)
	}
	if loss, acc := m.Evaluate(x, y); acc < 0.9 || math.IsNaN(float64(loss)) {
		t.Fatalf("after Reinit: loss %v, accuracy %v", loss, acc)
	}
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
}
