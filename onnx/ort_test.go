package onnx

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
)

// goldenModel is the model the onnxruntime golden was made from: every
// activation Export writes, seeded weights and biases.
func goldenModel(t *testing.T) (*nn.Model, [][]float32) {
	t.Helper()
	m, err := nn.New(nn.Config{Inputs: 20, MaxBatch: 8, Seed: 11, LeakySlope: 0.1, Loss: nn.SoftmaxCrossEntropy,
		Layers: []nn.Layer{nn.Dense(16, nn.ReLU), nn.Dense(12, nn.Tanh), nn.Dense(8, nn.LeakyReLU),
			nn.Dense(6, nn.Sigmoid), nn.Dense(4, nn.Softmax)},
		Optimizer: nn.Optimizer{Kind: nn.SGD, LR: 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 5; i++ {
		_, b := m.Params(i)
		for j := range b {
			b[j] = r.Float32() - 0.5
		}
	}
	rows := make([][]float32, 10)
	for i := range rows {
		rows[i] = make([]float32, 20)
		for j := range rows[i] {
			rows[i][j] = 4*r.Float32() - 2
		}
	}
	return m, rows
}

// TestOnnxruntimeGolden: the exported model is byte for byte the one in
// testdata (so the golden applies to it), and its outputs match what
// onnxruntime 1.30.0 computed from that file (testdata/mlp_ort.json, made by
// testdata/ort_golden.sh) within rtol 1e-5, atol 1e-7. SIMDNN_ONNX_UPDATE=1
// rewrites testdata/mlp.onnx and testdata/mlp_inputs.json instead (the
// script's first step).
func TestOnnxruntimeGolden(t *testing.T) {
	m, rows := goldenModel(t)
	file, err := Export(m)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("SIMDNN_ONNX_UPDATE") != "" {
		in, _ := json.Marshal(rows)
		if err := os.WriteFile(filepath.Join("testdata", "mlp.onnx"), file, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", "mlp_inputs.json"), in, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Skip("testdata rewritten")
	}
	saved, err := os.ReadFile(filepath.Join("testdata", "mlp.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(saved, file) {
		t.Fatal("Export's output differs from testdata/mlp.onnx: rerun testdata/ort_golden.sh")
	}
	var golden struct {
		Dims []int
		Data []float64
	}
	b, err := os.ReadFile(filepath.Join("testdata", "mlp_ort.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &golden); err != nil {
		t.Fatal(err)
	}
	got := simdnn.NewMatrix(len(rows), m.Outputs())
	m.Predict(got, simdnn.MatrixFromRows(rows))
	if len(golden.Dims) != 2 || golden.Dims[0] != got.Rows || golden.Dims[1] != got.Cols {
		t.Fatalf("golden dims %v, model output %d×%d", golden.Dims, got.Rows, got.Cols)
	}
	worst := 0.0
	for i, w := range golden.Data {
		d := math.Abs(float64(got.Data[i]) - w)
		if d > 1e-7+1e-5*math.Abs(w) {
			t.Errorf("output %d = %v, onnxruntime %v", i, got.Data[i], w)
		}
		worst = math.Max(worst, d/math.Max(math.Abs(w), 1e-30))
	}
	t.Logf("largest relative difference from onnxruntime: %.2g", worst)
	// And through Import: the same model again.
	dec, err := Decode(saved)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Import(dec, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	again := simdnn.NewMatrix(len(rows), back.Outputs())
	back.Predict(again, simdnn.MatrixFromRows(rows))
	for i := range again.Data {
		if math.Float32bits(again.Data[i]) != math.Float32bits(got.Data[i]) {
			t.Fatalf("imported golden model: output %d = %v, exported model %v", i, again.Data[i], got.Data[i])
		}
	}
}

// TestOnnxruntimeGoldenInt8: testdata/mlp_int8.onnx is goldenModel
// quantized and exported by ExportInt8 (SIMDNN_ONNX_UPDATE=1 rewrites it
// from int8Model; the test reads the file, the one onnxruntime ran, rather
// than re-deriving it). ImportInt8 of it exports to the same bytes, and its
// predictions on the 256 rows of mlp_int8_inputs.json match what onnxruntime 1.30.0 computed
// from the file (testdata/mlp_int8_ort.json): onnxruntime evaluates the
// QDQ graph with float requantization rounded half to even (the same outputs
// here with its graph optimizations on or off), quant with TFLite's
// fixed-point arithmetic, so an int8 logit may differ by one step
// (ImportInt8's doc); every probability is within what one logit step
// explains, most are equal to float32 rounding.
func TestOnnxruntimeGoldenInt8(t *testing.T) {
	path := filepath.Join("testdata", "mlp_int8.onnx")
	if os.Getenv("SIMDNN_ONNX_UPDATE") != "" {
		q, _ := int8Model(t)
		file, err := ExportInt8(q)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, file, 0o644); err != nil {
			t.Fatal(err)
		}
		in, _ := json.Marshal(uniformRows(rand.New(rand.NewPCG(12, 13)), 256, q.Inputs(), 2))
		if err := os.WriteFile(filepath.Join("testdata", "mlp_int8_inputs.json"), in, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Skip("testdata rewritten")
	}
	saved, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := Decode(saved)
	if err != nil {
		t.Fatal(err)
	}
	q, err := ImportInt8(dec, ImportOptions{MaxBatch: 16})
	if err != nil {
		t.Fatal(err)
	}
	again, err := ExportInt8(q)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, saved) {
		t.Fatal("ExportInt8(ImportInt8(testdata/mlp_int8.onnx)) is not the file")
	}
	var rows [][]float32
	b, err := os.ReadFile(filepath.Join("testdata", "mlp_int8_inputs.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	var golden struct {
		Dims []int
		Data []float64
	}
	if b, err = os.ReadFile(filepath.Join("testdata", "mlp_int8_ort.json")); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &golden); err != nil {
		t.Fatal(err)
	}
	got := simdnn.NewMatrix(len(rows), q.Outputs())
	for i := 0; i < len(rows); i += 16 {
		n := min(16, len(rows)-i)
		q.Predict(got.Slice(i, i+n), simdnn.MatrixFromRows(rows[i:i+n]))
	}
	if len(golden.Dims) != 2 || golden.Dims[0] != got.Rows || golden.Dims[1] != got.Cols {
		t.Fatalf("golden dims %v, model output %d×%d", golden.Dims, got.Rows, got.Cols)
	}
	// One step s of a logit scales a probability by at most e^{2s}.
	step := float64(q.OutputParams().Scale)
	worst, equal := 0.0, 0
	for i, w := range golden.Data {
		d := math.Abs(float64(got.Data[i]) - w)
		if d <= 1e-6*math.Abs(w)+1e-7 {
			equal++
		}
		if d > (math.Exp(2*step)-1)*math.Abs(w)+1e-6 {
			t.Errorf("output %d = %v, onnxruntime %v: more than one logit step (%.3g) apart", i, got.Data[i], w, step)
		}
		worst = math.Max(worst, d)
	}
	t.Logf("%d of %d probabilities equal to onnxruntime's (within 1e-6); largest difference %.3g (logit step %.3g)", equal, len(golden.Data), worst, step)
}
