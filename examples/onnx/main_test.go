package main

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
	"github.com/simdnn/simdnn/onnx"
)

// TestRun exports a small model, then runs the command on it with rows
// from stdin: its outputs are the model's, to the printed precision; and a
// row of the wrong width is an error naming the line.
func TestRun(t *testing.T) {
	m, err := nn.New(nn.Config{Inputs: 3, MaxBatch: 4, Seed: 1, Loss: nn.SoftmaxCrossEntropy,
		Layers: []nn.Layer{nn.Dense(4, nn.ReLU), nn.Dense(2, nn.Softmax)}, Optimizer: nn.Optimizer{Kind: nn.SGD, LR: 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := onnx.Export(m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.onnx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run([]string{path}, strings.NewReader("1,2,3\n\n-1,0.5,2\n"), &out); err != nil {
		t.Fatal(err)
	}
	want := simdnn.NewMatrix(2, 2)
	m.Predict(want, simdnn.MatrixFromRows([][]float32{{1, 2, 3}, {-1, 0.5, 2}}))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], ",") {
		t.Fatalf("output %q", out.String())
	}
	for i, line := range lines {
		for j, f := range strings.Split(line, ",") {
			got, err := strconv.ParseFloat(f, 64)
			if w := float64(want.At(i, j)); err != nil || math.Abs(got-w) > 1e-6*math.Max(1, math.Abs(w)) {
				t.Errorf("row %d value %d: %q, the model gives %v", i, j, f, w)
			}
		}
	}
	if err := run([]string{path}, strings.NewReader("1,2\n"), &out); err == nil || !strings.Contains(err.Error(), "line 1: 2 values, the model takes 3") {
		t.Errorf("a short row: %v", err)
	}
}

// TestRunInt8: a quantized graph (the onnx package's QDQ golden model) runs
// through ImportInt8, 70 rows in two batches; the outputs are the int8
// model's.
func TestRunInt8(t *testing.T) {
	path := filepath.Join("..", "..", "onnx", "testdata", "mlp_int8.onnx")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := onnx.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	q, err := onnx.ImportInt8(dec, onnx.ImportOptions{MaxBatch: 70})
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]float32, 70)
	var csv strings.Builder
	for i := range rows {
		rows[i] = make([]float32, q.Inputs())
		for j := range rows[i] {
			rows[i][j] = float32((i*7+j*3)%17)/4 - 2
			if j > 0 {
				csv.WriteByte(',')
			}
			csv.WriteString(strconv.FormatFloat(float64(rows[i][j]), 'g', -1, 32))
		}
		csv.WriteByte('\n')
	}
	var out strings.Builder
	if err := run([]string{path}, strings.NewReader(csv.String()), &out); err != nil {
		t.Fatal(err)
	}
	want := simdnn.NewMatrix(70, q.Outputs())
	q.Predict(want, simdnn.MatrixFromRows(rows))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 70 {
		t.Fatalf("%d output lines, want 70", len(lines))
	}
	for i, line := range lines {
		for j, f := range strings.Split(line, ",") {
			got, err := strconv.ParseFloat(f, 64)
			if w := float64(want.At(i, j)); err != nil || math.Abs(got-w) > 1e-6*math.Max(1, math.Abs(w)) {
				t.Errorf("row %d value %d: %q, the int8 model gives %v", i, j, f, w)
			}
		}
	}
}
