package nn

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdnn/simdnn"
)

// TestCheckpointContinues: save → load → continue equals training straight
// through, bit for bit, for every optimizer (moments, step count, schedule
// position and the dropout generator all carried by the checkpoint), while
// the plain model file stays as small as before and restarts the steps.
func TestCheckpointContinues(t *testing.T) {
	for _, kind := range []OptimizerKind{SGD, Adagrad, RMSProp, Adam, AdamW} {
		cfg := Config{Inputs: 6, MaxBatch: 8, Seed: 11, Loss: SoftmaxCrossEntropy,
			Layers: []Layer{Dense(16, ReLU), Dropout(0.3), Dense(3, Softmax)},
			Optimizer: Optimizer{Kind: kind, LR: 0.01, Momentum: 0.9,
				Schedule: Schedule{Kind: Cosine, Total: 40, MinLR: 1e-3, Warmup: 5}}}
		straight, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(3, 4))
		batch := func() (x, y simdnn.Matrix) {
			x, y = simdnn.NewMatrix(8, 6), simdnn.NewMatrix(8, 3)
			for i := range x.Data {
				x.Data[i] = float32(r.NormFloat64())
			}
			for i := 0; i < 8; i++ {
				y.Data[i*3+r.IntN(3)] = 1
			}
			return x, y
		}
		var xs, ys []simdnn.Matrix
		for range 30 {
			x, y := batch()
			xs, ys = append(xs, x), append(ys, y)
		}
		var ckpt, plain bytes.Buffer
		for i := range xs {
			if i == 17 {
				if err := straight.SaveCheckpoint(&ckpt); err != nil {
					t.Fatal(err)
				}
				if err := straight.Save(&plain); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := straight.TrainBatch(xs[i], ys[i]); err != nil {
				t.Fatal(err)
			}
		}
		resumed, err := LoadBytes(ckpt.Bytes(), 8)
		if err != nil {
			t.Fatalf("%v: %v", kind, err)
		}
		if resumed.Steps() != 17 {
			t.Fatalf("%v: resumed at step %d, want 17", kind, resumed.Steps())
		}
		for i := 17; i < len(xs); i++ {
			if _, err := resumed.TrainBatch(xs[i], ys[i]); err != nil {
				t.Fatal(err)
			}
		}
		for i := range straight.params {
			if math.Float32bits(straight.params[i]) != math.Float32bits(resumed.params[i]) {
				t.Fatalf("%v: parameter %d: straight %v, resumed %v", kind, i, straight.params[i], resumed.params[i])
			}
		}
		if p, err := LoadBytes(plain.Bytes(), 8); err != nil || p.Steps() != 0 {
			t.Fatalf("%v: plain file: steps %d, %v", kind, p.Steps(), err)
		}
		if want := 8 + 4 + 4 + 4 + 4 + 8 + 18*4 + 4 + 3*12 + 8 + 4*len(straight.params) + 4; plain.Len() != want {
			t.Errorf("%v: model file is %d bytes, want %d (no training state)", kind, plain.Len(), want)
		}
	}
}
