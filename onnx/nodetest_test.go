package onnx

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/simdnn/simdnn"
)

// nodeTests is where ONNX's node conformance data sits beside the checkout
// (../shared/onnx-node-tests: model.onnx and test_data_set_0/*.pb per test).
const nodeTests = "../../shared/onnx-node-tests"

// unsupportedNodeTests lists the node tests Import refuses, each with a
// part of the error it must give: an MLP importer maps graphs onto Dense
// layers, so operators and shapes that are not a layer's are refused, never
// run approximately.
var unsupportedNodeTests = map[string]string{
	"test_add":                           "an Add is supported only as the bias",
	"test_add_bcast":                     "an Add is supported only as the bias",
	"test_gemm_default_matrix_bias":      "not one per row",
	"test_gemm_transposeA":               "transA=1",
	"test_gemm_all_attributes":           "transA=1",
	"test_matmul_1d_1d":                  "batched or broadcast MatMul",
	"test_matmul_1d_3d":                  "batched or broadcast MatMul",
	"test_matmul_3d":                     "batched or broadcast MatMul",
	"test_matmul_4d":                     "batched or broadcast MatMul",
	"test_matmul_4d_1d":                  "batched or broadcast MatMul",
	"test_matmul_bcast":                  "batched or broadcast MatMul",
	"test_softmax_axis_0":                "only the last axis",
	"test_softmax_axis_1":                "only the last axis",
	"test_matmulinteger":                 "unsupported operator",
	"test_softmax_axis_0_expanded":       "only the last axis",
	"test_softmax_axis_0_expanded_ver18": "only the last axis",
	"test_softmax_axis_1_expanded":       "only the last axis",
	"test_softmax_axis_1_expanded_ver18": "only the last axis",
}

// unsupportedPrefixes: whole families, with the reason.
var unsupportedPrefixes = map[string]string{
	"test_add_":             "", // integer Adds: refused like test_add (their data input is an integer tensor)
	"test_dequantizelinear": "",
	"test_quantizelinear":   "",
	"test_qlinearmatmul":    "",
}

// TestNodeConformance runs every ONNX node test of the shared selection:
// Import the model (the test's inputs after the first given as constants),
// Predict the first input's rows, compare with the expected output within
// ONNX's default tolerance (rtol 1e-3, atol 1e-7). A test Import refuses must
// be listed above with its reason; a listed test that passes fails this test
// too (the list must stay true).
func TestNodeConformance(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(nodeTests, "test_*"))
	if err != nil || len(dirs) == 0 {
		t.Skipf("no ONNX node tests at %s", nodeTests)
	}
	sort.Strings(dirs)
	var passed, refused []string
	for _, dir := range dirs {
		name := filepath.Base(dir)
		why, err := runNodeTest(dir)
		expected, listed := unsupportedNodeTests[name]
		for p, why := range unsupportedPrefixes {
			if strings.HasPrefix(name, p) && !listed {
				expected, listed = why, true
			}
		}
		switch {
		case err != nil:
			t.Errorf("%s: %v", name, err)
		case why == "":
			passed = append(passed, name)
			if listed {
				t.Errorf("%s passes but is listed as unsupported", name)
			}
		default:
			refused = append(refused, name+": "+why)
			if !listed {
				t.Errorf("%s refused: %s", name, why)
			} else if !strings.Contains(why, expected) {
				t.Errorf("%s refused with %q, want a reason with %q", name, why, expected)
			}
		}
	}
	t.Logf("%d of %d node tests pass: %s", len(passed), len(dirs), strings.Join(passed, " "))
	t.Logf("refused, with the reason:\n%s", strings.Join(refused, "\n"))
}

// runNodeTest returns "" when the test passes, Import's reason when it
// refuses the model, or an error when the model runs and gives other
// values.
func runNodeTest(dir string) (refused string, err error) {
	b, err := os.ReadFile(filepath.Join(dir, "model.onnx"))
	if err != nil {
		return "", err
	}
	m, err := Decode(b)
	if err != nil {
		return err.Error(), nil
	}
	var inputs []*Tensor
	for i := 0; ; i++ {
		b, err := os.ReadFile(filepath.Join(dir, "test_data_set_0", "input_"+strconv.Itoa(i)+".pb"))
		if err != nil {
			break
		}
		t, err := DecodeTensor(b)
		if err != nil {
			return err.Error(), nil
		}
		inputs = append(inputs, t)
	}
	ob, err := os.ReadFile(filepath.Join(dir, "test_data_set_0", "output_0.pb"))
	if err != nil {
		return "", err
	}
	want, err := DecodeTensor(ob)
	if err != nil {
		return err.Error(), nil
	}
	consts := map[string]*Tensor{}
	for i, in := range m.Graph.Inputs {
		if i > 0 && i < len(inputs) {
			consts[in.Name] = inputs[i]
		}
	}
	model, err := Import(m, ImportOptions{Constants: consts, MaxBatch: 8})
	if err != nil {
		return err.Error(), nil
	}
	x := inputs[0]
	if x.Float == nil {
		return "the data input is " + x.DataType.String(), nil
	}
	width := model.Inputs()
	if len(x.Float)%width != 0 || want.Float == nil || len(want.Float)%model.Outputs() != 0 {
		return "", errorf("shapes: input %s, output %s, model %d→%d", dimsString(x.Dims), dimsString(want.Dims), width, model.Outputs())
	}
	rows := len(x.Float) / width
	got := simdnn.NewMatrix(rows, model.Outputs())
	model.Predict(got, simdnn.MatrixOf(rows, width, x.Float))
	if len(got.Data) != len(want.Float) {
		return "", errorf("%d outputs, want %d", len(got.Data), len(want.Float))
	}
	for i, w := range want.Float {
		g := got.Data[i]
		if math.Abs(float64(g)-float64(w)) > 1e-7+1e-3*math.Abs(float64(w)) || g != g != (w != w) {
			return "", errorf("output %d = %v, want %v", i, g, w)
		}
	}
	return "", nil
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
