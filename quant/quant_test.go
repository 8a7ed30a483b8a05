package quant

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/kernels"
	"github.com/simdnn/simdnn/nn"
)

// forEachTier runs f under every tier this CPU supports and Generic (only
// those SIMDNN_TIERS names, when set); a tier named in SIMDNN_REQUIRE that is
// missing fails.
func forEachTier(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, r := range strings.Split(os.Getenv("SIMDNN_REQUIRE"), ",") {
		if r != "" && !kernels.Supported(r) {
			t.Fatalf("SIMDNN_REQUIRE names tier %s, which this CPU or build lacks", r)
		}
	}
	defer kernels.Reset()
	only := os.Getenv("SIMDNN_TIERS") // the emulated AVX-512 run leaves the others to native runs
	for _, name := range append(kernels.List(), kernels.Generic) {
		if only != "" && !slices.Contains(strings.Split(only, ","), name) {
			continue
		}
		if !kernels.Supported(name) {
			t.Run(name, func(t *testing.T) { t.Skip("not supported by this CPU") })
			continue
		}
		kernels.Select(name)
		t.Run(name, f)
	}
}

func TestQuantizeMultiplier(t *testing.T) {
	cases := []struct {
		real        float64
		mult, shift int32
	}{
		{0, 0, 0},
		{0.5, 1 << 30, 0},
		{1, 1 << 30, 1},
		{0.25, 1 << 30, -1},
		{0.75, 1610612736, 0},
		{1 - 1e-12, 1 << 30, 1}, // rounds up to 2^31: halved, shift + 1
		{1e-12, 1099511628, -39 + 0},
	}
	for _, c := range cases {
		m, s, err := QuantizeMultiplier(c.real)
		if c.real == 1e-12 { // below 2^-32: too small for a shift ≥ −31
			if err != nil || m != 0 || s != 0 {
				t.Errorf("QuantizeMultiplier(%g) = %d, %d, %v; want 0, 0", c.real, m, s, err)
			}
			continue
		}
		if err != nil || m != c.mult || s != c.shift {
			t.Errorf("QuantizeMultiplier(%g) = %d, %d, %v; want %d, %d", c.real, m, s, err, c.mult, c.shift)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		real := math.Exp(r.Float64()*40 - 30)
		m, s, err := QuantizeMultiplier(real)
		if err != nil {
			t.Fatal(err)
		}
		if m == 0 {
			continue
		}
		back := float64(m) * math.Pow(2, float64(s-31))
		if m < 1<<30 || math.Abs(back-real) > real*math.Pow(2, -31) {
			t.Fatalf("QuantizeMultiplier(%g) = %d, %d: represents %g", real, m, s, back)
		}
	}
	for _, bad := range []float64{-1, math.NaN(), math.Inf(1), 1 << 30} {
		if _, _, err := QuantizeMultiplier(bad); err == nil {
			t.Errorf("QuantizeMultiplier(%g) accepted", bad)
		}
	}
}

func TestParams(t *testing.T) {
	p, err := ParamsFor(-1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if p.Dequantize(p.Quantize(0)) != 0 {
		t.Fatalf("%+v: 0 is not exact", p)
	}
	if q := p.Quantize(3); q != 127 {
		t.Fatalf("%+v: Quantize(hi) = %d", p, q)
	}
	if q := p.Quantize(-1); q != -128 {
		t.Fatalf("%+v: Quantize(lo) = %d", p, q)
	}
	for _, v := range []float32{float32(math.Inf(1)), 1e30} {
		if p.Quantize(v) != 127 || p.Quantize(-v) != -128 {
			t.Fatalf("%g does not saturate", v)
		}
	}
	if p.Quantize(float32(math.NaN())) != int8(p.ZeroPoint) {
		t.Fatal("NaN is not the zero point")
	}
	// Ties round away from zero, as TFLite's round().
	h := Params{Scale: 1}
	for v, want := range map[float32]int8{0.5: 1, -0.5: -1, 1.5: 2, -2.5: -3} {
		if got := h.Quantize(v); got != want {
			t.Errorf("Quantize(%g) = %d, want %d", v, got, want)
		}
	}
	if _, err := ParamsFor(2, 1); err == nil {
		t.Error("ParamsFor(2, 1) accepted")
	}
}

// teacher makes a 3-class problem: the class is the argmax of a fixed random
// non-linear function of 24 inputs.
func teacher(rows int, seed uint64) (x, y simdnn.Matrix) {
	r := rand.New(rand.NewPCG(seed, 3))
	const in, classes = 24, 3
	w := make([]float64, in*classes)
	rt := rand.New(rand.NewPCG(99, 3))
	for i := range w {
		w[i] = rt.NormFloat64()
	}
	x, y = simdnn.NewMatrix(rows, in), simdnn.NewMatrix(rows, classes)
	for i := 0; i < rows; i++ {
		best, bestV := 0, math.Inf(-1)
		for c := 0; c < classes; c++ {
			var s float64
			for j := 0; j < in; j++ {
				v := r.NormFloat64()
				if c == 0 {
					x.Data[i*in+j] = float32(v)
				}
				s += w[j*classes+c] * math.Tanh(float64(x.Data[i*in+j])*1.5)
			}
			if s > bestV {
				best, bestV = c, s
			}
		}
		y.Data[i*classes+best] = 1
	}
	return x, y
}

// fit trains a model on rows of the teacher problem: one Dense layer of
// units per hidden activation, a Softmax output; it returns the model and
// its training inputs.
func fit(t testing.TB, rows, units, batch, epochs int, hidden ...nn.Activation) (*nn.Model, simdnn.Matrix) {
	t.Helper()
	x, y := teacher(rows, 1)
	var layers []nn.Layer
	for _, a := range hidden {
		layers = append(layers, nn.Dense(units, a))
	}
	layers = append(layers, nn.Dense(3, nn.Softmax))
	m, err := nn.New(nn.Config{Inputs: 24, Layers: layers, Loss: nn.SoftmaxCrossEntropy, MaxBatch: max(batch, 64), Seed: 5,
		Optimizer: nn.Optimizer{Kind: nn.Adam, LR: 3e-3}})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Fit(x, y, nn.FitOptions{Epochs: epochs, BatchSize: batch}); err != nil {
		t.Fatal(err)
	}
	return m, x
}

// trained is a well-trained float model and a test set.
func trained(t *testing.T, hidden ...nn.Activation) (*nn.Model, simdnn.Matrix, simdnn.Matrix) {
	t.Helper()
	m, _ := fit(t, 2000, 29, 32, 15, hidden...)
	tx, ty := teacher(1000, 2)
	return m, tx, ty
}

func argmax(v []float32) int {
	b := 0
	for j := range v {
		if v[j] > v[b] {
			b = j
		}
	}
	return b
}

func accuracy(pred func(dst, x simdnn.Matrix), x, y simdnn.Matrix) float64 {
	out := simdnn.NewMatrix(1, y.Cols)
	hit := 0
	for i := 0; i < x.Rows; i++ {
		pred(out, simdnn.Matrix{Rows: 1, Cols: x.Cols, Stride: x.Cols, Data: x.Data[i*x.Stride : i*x.Stride+x.Cols]})
		if y.Data[i*y.Stride+argmax(out.Data)] == 1 {
			hit++
		}
	}
	return float64(hit) / float64(x.Rows)
}

// TestQuantizedAccuracy: for every hidden activation the int8 model classifies
// within 1.5 points of the float model, and its probabilities are close.
func TestQuantizedAccuracy(t *testing.T) {
	for _, act := range []nn.Activation{nn.ReLU, nn.Sigmoid, nn.Tanh, nn.LeakyReLU, nn.Linear} {
		t.Run(act.String(), func(t *testing.T) {
			m, tx, ty := trained(t, act, act)
			calib := simdnn.Matrix{Rows: 200, Cols: tx.Cols, Stride: tx.Stride, Data: tx.Data[:200*tx.Stride]}
			for _, pct := range []float64{0, 99.99} {
				q, err := Quantize(m, calib, Options{Calibration: Calibration{Percentile: pct}})
				if err != nil {
					t.Fatal(err)
				}
				fa := accuracy(m.Predict, tx, ty)
				qa := accuracy(q.Predict, tx, ty)
				t.Logf("percentile %g: float %.3f int8 %.3f", pct, fa, qa)
				if qa < fa-0.015 {
					t.Errorf("percentile %g: int8 accuracy %.3f, float %.3f", pct, qa, fa)
				}
				fo, qo := simdnn.NewMatrix(tx.Rows, 3), simdnn.NewMatrix(tx.Rows, 3)
				fm := simdnn.NewMatrix(64, 3)
				for i := 0; i < tx.Rows; i += 64 {
					n := min(64, tx.Rows-i)
					xv := simdnn.Matrix{Rows: n, Cols: tx.Cols, Stride: tx.Stride, Data: tx.Data[i*tx.Stride : (i+n)*tx.Stride]}
					m.Predict(simdnn.Matrix{Rows: n, Cols: 3, Stride: 3, Data: fm.Data[:n*3]}, xv)
					copy(fo.Data[i*3:], fm.Data[:n*3])
					q.Predict(simdnn.Matrix{Rows: n, Cols: 3, Stride: 3, Data: qo.Data[i*3 : (i+n)*3]}, xv)
				}
				var worst float64
				for i := range fo.Data {
					worst = max(worst, math.Abs(float64(fo.Data[i]-qo.Data[i])))
				}
				t.Logf("percentile %g: largest probability difference %.3f", pct, worst)
				if worst > 0.35 {
					t.Errorf("percentile %g: int8 probabilities differ from float by up to %.3f", pct, worst)
				}
			}
		})
	}
}

// TestTiersAgree: the int8 outputs of every tier equal Generic's bit for bit,
// at every batch size up to two microkernel blocks and odd layer widths, and
// so do Predict's probabilities.
func TestTiersAgree(t *testing.T) {
	q, x := quantized(t, nn.ReLU, nn.Sigmoid, nn.Tanh, nn.LeakyReLU, nn.Linear)
	t.Run("quantized", func(t *testing.T) { tiersAgree(t, q, x) })
	t.Run("asymmetric", func(t *testing.T) { tiersAgree(t, asymmetric(t, q), x) })
}

// asymmetric returns q with weight zero points and its first layer's ReLU
// moved to other output parameters (a table): what models from ONNX may
// have and Quantize does not make.
func asymmetric(t testing.TB, q *Model) *Model {
	t.Helper()
	ls := q.Layers()
	rng := rand.New(rand.NewPCG(8, 9))
	for i := range ls {
		ls[i].Weights[0], ls[i].Weights[len(ls[i].Weights)/2] = -128, -128 // the AVX2 tier's exact path for −128
		ls[i].WeightZeroPoints = make([]int32, ls[i].Units)
		for j := range ls[i].WeightZeroPoints {
			ls[i].WeightZeroPoints[j] = int32(rng.IntN(41) - 20)
		}
	}
	if ls[0].Act == nn.ReLU {
		ls[0].Out = Params{Scale: ls[0].Pre.Scale * 1.5, ZeroPoint: -100}
		ls[1].In = ls[0].Out
	}
	a, err := New(ls, q.MaxBatch())
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func tiersAgree(t *testing.T, q *Model, x simdnn.Matrix) {
	ws := q.NewWorkspace(16)
	in := make([]int8, 16*24)
	q.InputParams().QuantizeSlice(in, x.Data[:16*24])
	in[0], in[1], in[2] = -128, 127, -128
	want := make([]int8, 16*3)
	kernels.Select(kernels.Generic)
	q.PredictInt8(ws, want, 3, in, 24, 16)
	kernels.Reset()
	xv := simdnn.Matrix{Rows: 16, Cols: 24, Stride: 24, Data: x.Data[:16*24]}
	wantF := simdnn.NewMatrix(16, 3)
	kernels.Select(kernels.Generic)
	q.Predict(wantF, xv)
	kernels.Reset()
	forEachTier(t, func(t *testing.T) {
		for rows := 1; rows <= 16; rows++ {
			got := make([]int8, rows*3)
			q.PredictInt8(ws, got, 3, in, 24, rows)
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("rows=%d: output %d is %d, Generic %d", rows, i, got[i], want[i])
				}
			}
		}
		gotF := simdnn.NewMatrix(16, 3)
		q.Predict(gotF, xv)
		for i := range gotF.Data {
			if math.Float32bits(gotF.Data[i]) != math.Float32bits(wantF.Data[i]) {
				t.Fatalf("Predict output %d is %g, Generic %g", i, gotF.Data[i], wantF.Data[i])
			}
		}
	})
}

func TestPredictAllocs(t *testing.T) {
	q, x := quantized(t, nn.ReLU, nn.Tanh)
	t.Run("quantized", func(t *testing.T) { predictAllocs(t, q, x) })
	t.Run("asymmetric", func(t *testing.T) { predictAllocs(t, asymmetric(t, q), x) })
}

func predictAllocs(t *testing.T, q *Model, x simdnn.Matrix) {
	out := simdnn.NewMatrix(16, 3)
	xv := simdnn.Matrix{Rows: 16, Cols: 24, Stride: 24, Data: x.Data[:16*24]}
	ws := q.NewWorkspace(16)
	in := make([]int8, 16*24)
	dst := make([]int8, 16*3)
	forEachTier(t, func(t *testing.T) {
		if n := testing.AllocsPerRun(20, func() { q.Predict(out, xv) }); n != 0 {
			t.Errorf("Predict: %v allocations", n)
		}
		if n := testing.AllocsPerRun(20, func() { q.PredictWith(ws, out, xv) }); n != 0 {
			t.Errorf("PredictWith: %v allocations", n)
		}
		if n := testing.AllocsPerRun(20, func() { q.PredictInt8(ws, dst, 3, in, 24, 16) }); n != 0 {
			t.Errorf("PredictInt8: %v allocations", n)
		}
	})
}

// TestConcurrentPredict: goroutines with their own workspaces predict with
// one model at once and get the serial results (run with -race in CI).
func TestConcurrentPredict(t *testing.T) {
	q, x := quantized(t, nn.ReLU, nn.Sigmoid)
	xv := simdnn.Matrix{Rows: 16, Cols: 24, Stride: 24, Data: x.Data[:16*24]}
	want := simdnn.NewMatrix(16, 3)
	q.Predict(want, xv)
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func() {
			ws := q.NewWorkspace(16)
			out := simdnn.NewMatrix(16, 3)
			for range 50 {
				q.PredictWith(ws, out, xv)
				for i := range out.Data {
					if out.Data[i] != want.Data[i] {
						done <- fmt.Errorf("output %d: %g, serial %g", i, out.Data[i], want.Data[i])
						return
					}
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
