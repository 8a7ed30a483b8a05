package nn

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/simdnn/simdnn"
)

func randMatrix(r *rand.Rand, rows, cols int, scale float32) simdnn.Matrix {
	m := newMatrix(rows, cols)
	for i := range m.Data {
		m.Data[i] = (r.Float32()*2 - 1) * scale
	}
	return m
}

// targets returns targets fit for the loss: one-hot rows, {0,1} values or
// reals.
func targets(r *rand.Rand, loss Loss, rows, cols int) simdnn.Matrix {
	y := newMatrix(rows, cols)
	for i := 0; i < rows; i++ {
		switch loss {
		case SoftmaxCrossEntropy:
			y.Data[i*cols+r.IntN(cols)] = 1
		case BinaryCrossEntropy:
			for j := 0; j < cols; j++ {
				y.Data[i*cols+j] = float32(r.IntN(2))
			}
		default:
			for j := 0; j < cols; j++ {
				y.Data[i*cols+j] = r.Float32()*2 - 1
			}
		}
	}
	return y
}

// TestGradients compares Backward with central finite differences of the
// loss for every hidden activation and every output/loss pairing.
func TestGradients(t *testing.T) {
	outputs := []struct {
		act  Activation
		loss Loss
	}{{Linear, MSE}, {Sigmoid, MSE}, {Tanh, MSE}, {Softmax, SoftmaxCrossEntropy}, {Sigmoid, BinaryCrossEntropy}, {LeakyReLU, MSE}}
	for _, hidden := range []Activation{Linear, Sigmoid, Tanh, ReLU, LeakyReLU} {
		for _, o := range outputs {
			t.Run(fmt.Sprintf("%v-%v-%v", hidden, o.act, o.loss), func(t *testing.T) {
				r := rand.New(rand.NewPCG(uint64(hidden)*7+uint64(o.act), uint64(o.loss)))
				m, err := New(Config{Inputs: 4, MaxBatch: 3, Seed: 3, Loss: o.loss, LeakySlope: 0.1,
					Layers:    []Layer{Dense(5, hidden), Dropout(0), Dense(3, o.act)},
					Optimizer: Optimizer{Kind: SGD, LR: 0.1}})
				if err != nil {
					t.Fatal(err)
				}
				x, y := randMatrix(r, 3, 4, 1), targets(r, o.loss, 3, 3)
				m.Forward(x)
				m.Backward(y)
				analytic := append([]float32(nil), m.grads...)
				m.ZeroGrad()
				const h = 1e-2
				// Finite differences are meaningless across a ReLU kink: skip
				// the first-layer parameters of a unit whose pre-activation
				// is near 0 for some row.
				kinked := map[int]bool{}
				if hidden == ReLU || hidden == LeakyReLU {
					for j := 0; j < 5; j++ {
						for r := 0; r < 3; r++ {
							z := float64(m.params[20+j])
							for i := 0; i < 4; i++ {
								z += float64(x.Data[r*4+i]) * float64(m.params[i*5+j])
							}
							if math.Abs(z) < 0.1 {
								kinked[20+j] = true
								for i := 0; i < 4; i++ {
									kinked[i*5+j] = true
								}
							}
						}
					}
				}
				for p := range m.params {
					if kinked[p] {
						continue
					}
					num, ana := finiteDiff(m, x, y, p, h), float64(analytic[p])
					if math.Abs(num-ana) > 2e-5+3e-3*math.Abs(ana) {
						t.Errorf("param %d: backprop %.6g, finite difference %.6g", p, ana, num)
					}
				}
			})
		}
	}
}

// TestGradientsSharded: layers of 512 inputs or more are cut into shards
// (row blocks of W, SgemmBatch calls): the forward sums the shards' partial
// products, dW and dX are computed block by block. Backprop there still
// matches finite differences, on a random sample of parameters of both
// sharded layers (the second one passes dX back through its shards).
func TestGradientsSharded(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	m, err := New(Config{Inputs: 600, MaxBatch: 3, Seed: 3, Loss: MSE,
		Layers:    []Layer{Dense(520, Tanh), Dense(3, Linear)},
		Optimizer: Optimizer{Kind: SGD, LR: 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	if m.layers[0].shards() < 2 || m.layers[1].shards() < 2 {
		t.Fatalf("layers not sharded: %d, %d shards", m.layers[0].shards(), m.layers[1].shards())
	}
	x, y := randMatrix(r, 3, 600, 1), targets(r, MSE, 3, 3)
	m.Forward(x)
	m.Backward(y)
	analytic := append([]float32(nil), m.grads...)
	m.ZeroGrad()
	const h = 1e-2
	for range 300 {
		p := r.IntN(len(m.params))
		num, ana := finiteDiff(m, x, y, p, h), float64(analytic[p])
		if math.Abs(num-ana) > 1e-4+5e-3*math.Abs(ana) {
			t.Errorf("param %d: backprop %.6g, finite difference %.6g", p, ana, num)
		}
	}
}

// finiteDiff returns the central difference of the loss on (x, y) in
// parameter p, with step h, leaving the parameter as it was.
func finiteDiff(m *Model, x, y simdnn.Matrix, p int, h float32) float64 {
	v := m.params[p]
	m.params[p] = v + h
	m.Forward(x)
	lp := float64(m.Backward(y))
	m.params[p] = v - h
	m.Forward(x)
	lm := float64(m.Backward(y))
	m.params[p] = v
	return (lp - lm) / (2 * float64(h))
}

// TestOptimizers checks two steps of every optimizer on a 1→1 linear model
// against the update rules computed here in float64.
func TestOptimizers(t *testing.T) {
	cases := []Optimizer{
		{Kind: SGD, LR: 0.1},
		{Kind: SGD, LR: 0.1, Momentum: 0.9},
		{Kind: SGD, LR: 0.1, Momentum: 0.9, Nesterov: true},
		{Kind: Adagrad, LR: 0.1},
		{Kind: RMSProp, LR: 0.01, Rho: 0.8},
		{Kind: Adam, LR: 0.01},
		{Kind: AdamW, LR: 0.01, WeightDecay: 0.1},
		{Kind: SGD, LR: 0.1, L2: 0.5, L1: 0.25},
		{Kind: SGD, LR: 0.1, ClipNorm: 0.05},
		{Kind: SGD, LR: 0.1, Schedule: Schedule{Kind: StepDecay, Every: 1, Gamma: 0.5, Warmup: 2}},
	}
	for _, o := range cases {
		t.Run(fmt.Sprintf("%+v", o), func(t *testing.T) {
			m, err := New(Config{Inputs: 1, MaxBatch: 1, Loss: MSE, Layers: []Layer{Dense(1, Linear)}, Optimizer: o})
			if err != nil {
				t.Fatal(err)
			}
			o := m.opt       // with defaults
			w, b := 0.5, 0.1 // params: [w, b]
			m.params[0], m.params[1] = float32(w), float32(b)
			x := simdnn.Matrix{Rows: 1, Cols: 1, Stride: 1, Data: []float32{2}}
			y := simdnn.Matrix{Rows: 1, Cols: 1, Stride: 1, Data: []float32{1}}
			var v, s, m1, m2 [2]float64
			for step := 0; step < 2; step++ {
				m.Forward(x)
				m.Backward(y)
				m.Step()
				e := w*2 + b - 1
				g := [2]float64{2 * e * 2, 2 * e}
				g[0] += float64(o.L2)*w + float64(o.L1)*math.Copysign(1, w)
				if n := math.Hypot(g[0], g[1]); o.ClipNorm > 0 && n > float64(o.ClipNorm) {
					g[0], g[1] = g[0]*float64(o.ClipNorm)/n, g[1]*float64(o.ClipNorm)/n
				}
				lr := float64(o.LR)
				if o.Schedule.Kind == StepDecay {
					lr *= math.Pow(float64(o.Schedule.Gamma), float64(step))
				}
				if step < o.Schedule.Warmup {
					lr *= float64(step+1) / float64(o.Schedule.Warmup)
				}
				p := [2]*float64{&w, &b}
				if o.Kind == AdamW {
					w -= lr * float64(o.WeightDecay) * w
				}
				for i := range 2 {
					switch o.Kind {
					case SGD:
						if o.Momentum == 0 {
							*p[i] -= lr * g[i]
						} else {
							v[i] = float64(o.Momentum)*v[i] + g[i]
							if o.Nesterov {
								*p[i] -= lr * (g[i] + float64(o.Momentum)*v[i])
							} else {
								*p[i] -= lr * v[i]
							}
						}
					case Adagrad:
						s[i] += g[i] * g[i]
						*p[i] -= lr * g[i] / (math.Sqrt(s[i]) + float64(o.Eps))
					case RMSProp:
						s[i] = float64(o.Rho)*s[i] + (1-float64(o.Rho))*g[i]*g[i]
						*p[i] -= lr * g[i] / (math.Sqrt(s[i]) + float64(o.Eps))
					case Adam, AdamW:
						b1, b2 := float64(o.Beta1), float64(o.Beta2)
						m1[i] = b1*m1[i] + (1-b1)*g[i]
						m2[i] = b2*m2[i] + (1-b2)*g[i]*g[i]
						mh, vh := m1[i]/(1-math.Pow(b1, float64(step+1))), m2[i]/(1-math.Pow(b2, float64(step+1)))
						*p[i] -= lr * mh / (math.Sqrt(vh) + float64(o.Eps))
					}
				}
				if math.Abs(float64(m.params[0])-w) > 1e-5 || math.Abs(float64(m.params[1])-b) > 1e-5 {
					t.Fatalf("step %d: params %v, want [%v %v]", step, m.params, w, b)
				}
			}
		})
	}
}

// TestGradientAccumulation: two Backward calls before Step add their
// gradients, and Step clears them.
func TestGradientAccumulation(t *testing.T) {
	m, x, y := mnistLike(t, 8)
	m.Forward(rows(x, 4))
	m.Backward(rows(y, 4))
	one := append([]float32(nil), m.grads...)
	m.ZeroGrad()
	x2 := simdnn.Matrix{Rows: 4, Cols: x.Cols, Stride: x.Stride, Data: x.Data[4*x.Stride:]}
	y2 := simdnn.Matrix{Rows: 4, Cols: y.Cols, Stride: y.Stride, Data: y.Data[4*y.Stride:]}
	m.Forward(x2)
	m.Backward(y2)
	two := append([]float32(nil), m.grads...)
	m.ZeroGrad()
	m.Forward(rows(x, 4))
	m.Backward(rows(y, 4))
	m.Forward(x2)
	m.Backward(y2)
	for i := range one {
		if want := one[i] + two[i]; math.Abs(float64(m.grads[i]-want)) > 1e-6*(1+math.Abs(float64(want))) {
			t.Fatalf("grad %d = %v, want %v + %v", i, m.grads[i], one[i], two[i])
		}
	}
	// Step consumes them: the next Backward's gradients are those of a
	// model whose gradient buffers were cleared.
	m.Step()
	m.Forward(rows(x, 4))
	m.Backward(rows(y, 4))
	afterStep := append([]float32(nil), m.grads...)
	clear(m.grads)
	m.staleGrads = false
	m.Forward(rows(x, 4))
	m.Backward(rows(y, 4))
	for i, g := range m.grads {
		if afterStep[i] != g {
			t.Fatalf("grad %d = %v after Step and Backward, %v after clearing and Backward", i, afterStep[i], g)
		}
	}
}

func TestSchedules(t *testing.T) {
	cos := Schedule{Kind: Cosine, Total: 100, MinLR: 0.01}
	if r := cos.Rate(1, 0); r != 1 {
		t.Errorf("cosine at 0 = %v", r)
	}
	if r := cos.Rate(1, 50); math.Abs(float64(r)-0.505) > 1e-6 {
		t.Errorf("cosine at 50 = %v, want 0.505", r)
	}
	if r := cos.Rate(1, 1000); math.Abs(float64(r)-0.01) > 1e-7 {
		t.Errorf("cosine after Total = %v", r)
	}
	if r := (Schedule{Warmup: 10}).Rate(1, 4); math.Abs(float64(r)-0.5) > 1e-7 {
		t.Errorf("warm-up at 4 of 10 = %v", r)
	}
}

// TestDropout: the kept fraction and the scale are right, gradients go
// through the same mask, and inference is the identity.
func TestDropout(t *testing.T) {
	m, err := New(Config{Inputs: 1000, MaxBatch: 8, Seed: 9, Loss: MSE,
		Layers: []Layer{Dropout(0.3), Dense(1, Linear)}, Optimizer: Optimizer{Kind: SGD, LR: 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	x := newMatrix(8, 1000)
	for i := range x.Data {
		x.Data[i] = 1
	}
	m.Forward(x)
	out := m.train.act[0]
	kept := 0
	for _, v := range out.Data {
		switch v {
		case 0:
		case float32(1 / 0.7):
			kept++
		default:
			t.Fatalf("dropout output %v, want 0 or 1/0.7", v)
		}
	}
	if f := float64(kept) / 8000; math.Abs(f-0.7) > 0.02 {
		t.Errorf("kept fraction %.3f, want 0.7 ± 0.02", f)
	}
	// The weight gradient sees exactly the masked inputs.
	m.ZeroGrad()
	m.Backward(newMatrix(8, 1))
	for j := 0; j < 1000; j++ {
		var want float32
		for r := 0; r < 8; r++ {
			want += out.Data[r*1000+j] * m.delta[1].Data[r]
		}
		if g := m.layers[1].gw.Data[j]; math.Abs(float64(g-want)) > 1e-5 {
			t.Fatalf("gw[%d] = %v, want %v", j, g, want)
		}
	}
	dst, plain := newMatrix(8, 1), newMatrix(8, 1)
	m.Predict(dst, x)
	simdnn.Sgemm(plain, 1, x, simdnn.NoTrans, m.layers[1].w, simdnn.NoTrans, 0)
	for r := range 8 {
		if math.Abs(float64(dst.Data[r]-plain.Data[r]-m.layers[1].b[0])) > 1e-3 {
			t.Fatalf("inference with dropout is not the identity: %v vs %v", dst.Data[r], plain.Data[r])
		}
	}
}

func mnistLike(t testing.TB, batch int) (*Model, simdnn.Matrix, simdnn.Matrix) {
	m, err := New(Config{Inputs: 784, MaxBatch: batch, Seed: 1, Loss: SoftmaxCrossEntropy,
		Layers:    []Layer{Dense(128, ReLU), Dense(10, Softmax)},
		Optimizer: Optimizer{Kind: Adam, LR: 1e-3}})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(2, 3))
	x := randMatrix(r, batch, 784, 1)
	return m, x, targets(r, SoftmaxCrossEntropy, batch, 10)
}

func TestAllocs(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage counters allocate")
	}
	m, x, y := mnistLike(t, 32)
	dst := newMatrix(32, 10)
	x1, dst1 := rows(x, 1), rows(dst, 1)
	cases := []struct {
		name string
		f    func()
	}{
		{"Forward", func() { m.Forward(x) }},
		{"Backward", func() { m.Backward(y) }},
		{"Step", func() { m.Step() }},
		{"TrainBatch", func() {
			if _, err := m.TrainBatch(x, y); err != nil {
				t.Fatal(err)
			}
		}},
		{"Predict", func() { m.Predict(dst, x) }},
		{"Predict1", func() { m.Predict(dst1, x1) }},
	}
	m.Forward(x)
	for _, c := range cases {
		if got := testing.AllocsPerRun(10, c.f); got != 0 {
			t.Errorf("%s: %v allocations, want 0", c.name, got)
		}
	}
}

// TestDeterminism: the same seed and data give bit-identical weights, with
// any thread count.
func TestDeterminism(t *testing.T) {
	train := func(threads int) []float32 {
		defer simdnn.SetThreads(simdnn.SetThreads(threads))
		m, x, y := mnistLike(t, 64)
		for range 3 {
			if _, err := m.TrainBatch(x, y); err != nil {
				t.Fatal(err)
			}
		}
		return m.params
	}
	a := train(1)
	for _, threads := range []int{1, 2, 3, 5} {
		b := train(threads)
		for i := range a {
			if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
				t.Fatalf("threads=%d: param %d = %v, one thread gives %v", threads, i, b[i], a[i])
			}
		}
	}
}

// TestLearns: a small net fits XOR, and Fit reports epochs and stops early.
func TestLearns(t *testing.T) {
	m, err := New(Config{Inputs: 2, MaxBatch: 4, Seed: 5, Loss: BinaryCrossEntropy,
		Layers:    []Layer{Dense(8, Tanh), Dense(1, Sigmoid)},
		Optimizer: Optimizer{Kind: Adam, LR: 0.05}})
	if err != nil {
		t.Fatal(err)
	}
	x := simdnn.Matrix{Rows: 4, Cols: 2, Stride: 2, Data: []float32{0, 0, 0, 1, 1, 0, 1, 1}}
	y := simdnn.Matrix{Rows: 4, Cols: 1, Stride: 1, Data: []float32{0, 1, 1, 0}}
	epochs := 0
	err = m.Fit(x, y, FitOptions{Epochs: 2000, BatchSize: 4, ValX: x, ValY: y, OnEpoch: func(s EpochStats) bool {
		epochs = s.Epoch
		return s.ValMetric < 1 || s.ValLoss > 0.05
	}})
	if err != nil {
		t.Fatal(err)
	}
	if loss, acc := m.Evaluate(x, y); acc != 1 || loss > 0.05 {
		t.Fatalf("after %d epochs: loss %v, accuracy %v", epochs, loss, acc)
	}
	if epochs == 2000 {
		t.Error("early stopping never fired")
	}
}

func TestNaNStops(t *testing.T) {
	m, x, y := mnistLike(t, 4)
	x.Data[5] = float32(math.Inf(1))
	_, err := m.TrainBatch(x, y)
	if err == nil || err.Error() != "nn.TrainBatch: step 1: loss is NaN (weights not updated)" {
		t.Fatalf("err = %v", err)
	}
	m, x, y = mnistLike(t, 4)
	m.opt.LR = float32(math.Inf(1))
	_, err = m.TrainBatch(x, y)
	if err == nil || err.Error() != "nn.TrainBatch: step 1: layer 0 (dense 784→128) has non-finite weights" {
		t.Fatalf("err = %v", err)
	}
}

func TestSaveLoad(t *testing.T) {
	m, x, y := mnistLike(t, 8)
	if _, err := m.TrainBatch(x, y); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	l, err := Load(bytes.NewReader(buf.Bytes()), 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.params) != len(m.params) || l.opt != m.opt || l.cfg.Inputs != 784 {
		t.Fatalf("loaded model differs: %d params, opt %+v", len(l.params), l.opt)
	}
	for i := range m.params {
		if math.Float32bits(l.params[i]) != math.Float32bits(m.params[i]) {
			t.Fatalf("param %d: %v, saved %v", i, l.params[i], m.params[i])
		}
	}
	a, b := newMatrix(3, 10), newMatrix(3, 10)
	m.Predict(a, rows(x, 3))
	l.Predict(b, rows(x, 3))
	for i := range a.Data {
		if a.Data[i] != b.Data[i] {
			t.Fatal("loaded model predicts differently")
		}
	}
}

func TestLoadCorrupt(t *testing.T) {
	m, _, _ := mnistLike(t, 2)
	good := m.AppendBinary(nil)
	flip := func(i int) []byte { b := bytes.Clone(good); b[i] ^= 1; return b }
	cases := map[string][]byte{
		"empty":        nil,
		"short":        good[:20],
		"truncated":    good[:len(good)-9],
		"magic":        flip(0),
		"crc":          flip(len(good) - 1),
		"weight bit":   flip(len(good) - 10),
		"extra byte":   append(bytes.Clone(good), 0),
		"layer units":  flip(8 + 4 + 4 + 4 + 4 + 8 + 18*4 + 4 + 4),
		"hostile size": hostile(good),
	}
	for name, b := range cases {
		if _, err := LoadBytes(b, 4); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", name, err)
		}
	}
}

// hostile claims a 2²⁴-unit layer with a valid checksum.
func hostile(good []byte) []byte {
	b := bytes.Clone(good[:len(good)-4])
	off := 8 + 4 + 4 + 4 + 4 + 8 + 18*4 + 4 + 4
	b[off], b[off+1], b[off+2], b[off+3] = 0, 0, 0, 1
	return crcAppend(b)
}

func crcAppend(b []byte) []byte {
	s := crc32Sum(b)
	return append(b, byte(s), byte(s>>8), byte(s>>16), byte(s>>24))
}

func FuzzLoadBytes(f *testing.F) {
	m, _ := New(Config{Inputs: 3, MaxBatch: 2, Loss: SoftmaxCrossEntropy, Layers: []Layer{Dense(4, Tanh), Dropout(0.5), Dense(2, Softmax)},
		Optimizer: Optimizer{Kind: SGD, LR: 0.1}})
	f.Add(m.AppendBinary(nil))
	f.Add([]byte("SIMDNNM\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := LoadBytes(b, 2); err == nil {
			// A file that loads must round-trip exactly.
			if again := m.AppendBinary(nil); !bytes.Equal(again, b) {
				t.Fatalf("round trip changed %d bytes into %d", len(b), len(again))
			}
		}
	})
}

// TestConcurrentPredict: goroutines with their own workspaces predict
// alongside each other (run with -race).
func TestConcurrentPredict(t *testing.T) {
	m, x, _ := mnistLike(t, 16)
	want := newMatrix(16, 10)
	m.Predict(want, x)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ws := m.NewWorkspace(16)
			got := newMatrix(16, 10)
			for range 20 {
				m.PredictWith(ws, got, x)
				for i := range got.Data {
					if got.Data[i] != want.Data[i] {
						t.Errorf("goroutine %d: prediction differs", g)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestConfigErrors(t *testing.T) {
	sgd := Optimizer{Kind: SGD, LR: 0.1}
	bad := []Config{
		{Inputs: 0, MaxBatch: 1, Layers: []Layer{Dense(1, Linear)}, Optimizer: sgd},
		{Inputs: 2, MaxBatch: 0, Layers: []Layer{Dense(1, Linear)}, Optimizer: sgd},
		{Inputs: 2, MaxBatch: 1, Optimizer: sgd},
		{Inputs: 2, MaxBatch: 1, Layers: []Layer{Dense(3, Softmax), Dense(1, Linear)}, Optimizer: sgd},
		{Inputs: 2, MaxBatch: 1, Layers: []Layer{Dense(3, Softmax)}, Loss: MSE, Optimizer: sgd},
		{Inputs: 2, MaxBatch: 1, Layers: []Layer{Dense(3, Linear)}, Loss: SoftmaxCrossEntropy, Optimizer: sgd},
		{Inputs: 2, MaxBatch: 1, Layers: []Layer{Dense(3, Tanh)}, Loss: BinaryCrossEntropy, Optimizer: sgd},
		{Inputs: 2, MaxBatch: 1, Layers: []Layer{Dense(3, Linear), Dropout(1)}, Optimizer: sgd},
		{Inputs: 2, MaxBatch: 1, Layers: []Layer{Dense(3, Linear)}, Optimizer: Optimizer{Kind: Adam}},
		{Inputs: 2, MaxBatch: 1, Layers: []Layer{Dropout(0.1), Dropout(0.1), Dense(3, Linear)}, Optimizer: sgd},
		{Inputs: 2, MaxBatch: 1, Layers: []Layer{Dense(3, Linear)}, Optimizer: Optimizer{Kind: Adam, LR: 1, Beta1: 1}},
		{Inputs: 2, MaxBatch: 1, Layers: []Layer{Dense(3, Linear)}, Optimizer: Optimizer{Kind: SGD, LR: 1, Schedule: Schedule{Warmup: -1}}},
	}
	for i, c := range bad {
		if _, err := New(c); err == nil {
			t.Errorf("config %d accepted", i)
		}
	}
}

func BenchmarkPredict(b *testing.B) {
	for _, batch := range []int{1, 64} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			m, x, _ := mnistLike(b, batch)
			dst := newMatrix(batch, 10)
			b.ReportAllocs()
			for b.Loop() {
				m.Predict(dst, x)
			}
		})
	}
}

func BenchmarkTrainBatch(b *testing.B) {
	b.Run("batch=64", func(b *testing.B) {
		m, x, y := mnistLike(b, 64)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := m.TrainBatch(x, y); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestEvaluateMetric: Evaluate's metric is the mean absolute error for an
// MSE model (a regression: accuracy would be meaningless) and accuracy for
// the cross-entropy losses; Loss.Metric names it.
func TestEvaluateMetric(t *testing.T) {
	m, err := New(Config{Inputs: 2, MaxBatch: 2, Loss: MSE, Layers: []Layer{Dense(2, Linear)},
		Optimizer: Optimizer{Kind: SGD, LR: 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	w, b := m.Params(0)
	clear(w.Data)
	b[0], b[1] = 1, -2 // outputs (1, -2) for every input
	x := simdnn.MatrixFromRows([][]float32{{0, 0}, {1, 1}, {2, 2}})
	y := simdnn.MatrixFromRows([][]float32{{1, 0}, {3, -2}, {0, 1}})
	// |errors|: (0, 2), (2, 0), (1, 3): MAE 8/6
	if _, mae := m.Evaluate(x, y); math.Abs(float64(mae)-8.0/6) > 1e-6 {
		t.Errorf("MSE model: metric %v, want MAE %v", mae, 8.0/6)
	}
	if MSE.Metric() != "MAE" || SoftmaxCrossEntropy.Metric() != "accuracy" || BinaryCrossEntropy.Metric() != "accuracy" {
		t.Error("Loss.Metric names")
	}
}

// TestFitCosineTotal: Fit gives a Cosine schedule left without Total the
// steps of its run (the rate then reaches MinLR at the last step), and
// keeps a Total that was set.
func TestFitCosineTotal(t *testing.T) {
	for _, total := range []int{0, 1000} {
		m, err := New(Config{Inputs: 2, MaxBatch: 4, Seed: 1, Loss: MSE, Layers: []Layer{Dense(1, Linear)},
			Optimizer: Optimizer{Kind: SGD, LR: 0.01, Schedule: Schedule{Kind: Cosine, Total: total, MinLR: 0.001}}})
		if err != nil {
			t.Fatal(err)
		}
		x := simdnn.NewMatrix(10, 2)
		y := simdnn.NewMatrix(10, 1)
		if err := m.Fit(x, y, FitOptions{Epochs: 3, BatchSize: 4}); err != nil {
			t.Fatal(err)
		}
		want := total
		if total == 0 {
			want = 3 * 3 // 3 epochs of ⌈10/4⌉ batches
		}
		if got := m.opt.Schedule.Total; got != want {
			t.Errorf("Total %d: after Fit %d, want %d", total, got, want)
		}
	}
}

// TestFitErrors: each Fit error names the argument and the rule it broke.
func TestFitErrors(t *testing.T) {
	m, err := New(Config{Inputs: 3, MaxBatch: 4, Loss: MSE, Layers: []Layer{Dense(2, Linear)}, Optimizer: Optimizer{Kind: SGD, LR: 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	x, y := simdnn.NewMatrix(5, 3), simdnn.NewMatrix(5, 2)
	for _, c := range []struct {
		x, y simdnn.Matrix
		opt  FitOptions
		want string
	}{
		{x, simdnn.NewMatrix(4, 2), FitOptions{Epochs: 1}, "x has 5 rows and y 4"},
		{simdnn.NewMatrix(5, 4), y, FitOptions{Epochs: 1}, "x has 4 columns, want the model's 3 inputs"},
		{x, simdnn.NewMatrix(5, 3), FitOptions{Epochs: 1}, "y has 3 columns, want the model's 2 outputs"},
		{x, y, FitOptions{Epochs: 0}, "Epochs = 0, want ≥ 1"},
		{x, y, FitOptions{Epochs: 1, BatchSize: 5}, "BatchSize = 5, want 1..4"},
		{x, y, FitOptions{Epochs: 1, ValX: simdnn.NewMatrix(2, 3)}, "ValX has 2 rows and ValY 0"},
		{x, y, FitOptions{Epochs: 1, ValX: simdnn.NewMatrix(2, 2), ValY: simdnn.NewMatrix(2, 2)}, "ValX has 2 columns"},
		{x, y, FitOptions{Epochs: 1, ValX: simdnn.NewMatrix(2, 3), ValY: simdnn.NewMatrix(2, 1)}, "ValY has 1 columns"},
	} {
		if err := m.Fit(c.x, c.y, c.opt); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Fit: %v, want an error with %q", err, c.want)
		}
	}
}

// TestPredictManyRows: Predict takes more rows than MaxBatch, in chunks of
// MaxBatch, with the results of predicting each chunk alone, and allocates
// nothing.
func TestPredictManyRows(t *testing.T) {
	m, err := New(Config{Inputs: 5, MaxBatch: 4, Seed: 3, Loss: SoftmaxCrossEntropy,
		Layers: []Layer{Dense(7, Tanh), Dense(3, Softmax)}, Optimizer: Optimizer{Kind: SGD, LR: 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	x := simdnn.NewMatrix(11, 5)
	for i := range x.Data {
		x.Data[i] = r.Float32()*2 - 1
	}
	got, want := simdnn.NewMatrix(11, 3), simdnn.NewMatrix(11, 3)
	m.Predict(got, x)
	for lo := 0; lo < 11; lo += 4 {
		hi := min(lo+4, 11)
		m.Predict(want.Slice(lo, hi), x.Slice(lo, hi))
	}
	for i := range got.Data {
		if got.Data[i] != want.Data[i] {
			t.Fatalf("element %d: %v, chunk by chunk %v", i, got.Data[i], want.Data[i])
		}
	}
	if n := testing.AllocsPerRun(10, func() { m.Predict(got, x) }); n != 0 {
		t.Errorf("Predict of 11 rows: %v allocations", n)
	}
}
