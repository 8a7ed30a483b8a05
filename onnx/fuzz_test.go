package onnx

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/simdnn/simdnn"
)

// FuzzDecode: any bytes give a model or an error, never a panic, a hang or
// an allocation beyond what the input and the limits allow; a model that
// decodes also goes through Import and ImportInt8 (which may refuse it)
// without a panic. The seeds are the node tests' models and tensors and the
// int8 golden model.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(nodeTests, "test_*", "model.onnx"))
	pbs, _ := filepath.Glob(filepath.Join(nodeTests, "test_gemm*", "test_data_set_0", "*.pb"))
	for _, name := range append(files, pbs...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "mlp_int8.onnx")); err == nil {
		f.Add(b)
	}
	f.Add([]byte{0x3a, 0x02, 0x0a, 0x00}) // a graph with one empty node
	lim := Limits{MaxBytes: 1 << 20, MaxNodes: 64, MaxRank: 8, MaxElements: 1 << 16}
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := lim.Decode(b); err == nil {
			if model, err := Import(m, ImportOptions{MaxBatch: 2}); err == nil && model.Inputs() > 1<<16 {
				t.Fatalf("imported a model of %d inputs from %d bytes", model.Inputs(), len(b))
			}
			if q, err := ImportInt8(m, ImportOptions{MaxBatch: 2}); err == nil {
				x := simdnn.NewMatrix(2, q.Inputs())
				q.Predict(simdnn.NewMatrix(2, q.Outputs()), x)
			}
		}
		if tn, err := DecodeTensor(b); err == nil && tn.Elements() != len(tn.Float)+len(tn.Double)+len(tn.Int) {
			t.Fatalf("tensor %v: %d elements, %d values", tn.Dims, tn.Elements(), len(tn.Float)+len(tn.Double)+len(tn.Int))
		}
	})
}
