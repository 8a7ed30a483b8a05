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
	"test_matmulinteger":                 "dynamic quantization", // int32 output: no requantization to map onto
	"test_softmax_axis_0_expanded":       "only the last axis",
	"test_softmax_axis_0_expanded_ver18": "only the last axis",
	"test_softmax_axis_1_expanded":       "only the last axis",
	"test_softmax_axis_1_expanded_ver18": "only the last axis",
}

// unsupportedPrefixes: whole families, with the reason (the longest
// matching prefix counts).
var unsupportedPrefixes = map[string]string{
	"test_add_":                     "an Add is supported only as the bias", // integer Adds, as test_add
	"test_qlinearmatmul_3D":         "b is not a 2-D constant",
	"test_quantizelinear":           "computes no layer", // a lone QuantizeLinear is no int8 model
	"test_dequantizelinear":         "computes no layer",
	"test_quantizelinear_axis":      "only per-tensor activation parameters",
	"test_quantizelinear_blocked":   "only per-tensor activation parameters",
	"test_dequantizelinear_axis":    "only per-tensor activation parameters",
	"test_dequantizelinear_blocked": "only per-tensor activation parameters",
	"test_quantizelinear_int16":     "only int8 and uint8",
	"test_quantizelinear_uint16":    "only int8 and uint8",
	"test_dequantizelinear_int16":   "want float32, int8 or uint8",
	"test_dequantizelinear_uint16":  "want float32, int8 or uint8",
	"test_quantizelinear_e":         "is not supported", // float8 tensors, refused by Decode
	"test_quantizelinear_float4":    "is not supported",
	"test_quantizelinear_int2":      "is not supported", // sub-byte tensors, refused by Decode
	"test_quantizelinear_int4":      "is not supported",
	"test_quantizelinear_uint2":     "is not supported",
	"test_quantizelinear_uint4":     "is not supported",
	"test_dequantizelinear_e":       "is not supported",
	"test_dequantizelinear_float4":  "is not supported",
	"test_dequantizelinear_int2":    "is not supported",
	"test_dequantizelinear_int4":    "is not supported",
	"test_dequantizelinear_uint2":   "is not supported",
	"test_dequantizelinear_uint4":   "is not supported",
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
		longest := ""
		for p, why := range unsupportedPrefixes {
			if strings.HasPrefix(name, p) && !listed && len(p) > len(longest) {
				expected, longest = why, p
			}
		}
		listed = listed || longest != ""
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
	for _, n := range m.Graph.Nodes {
		if int8Ops[n.OpType] {
			return runInt8NodeTest(m, consts, inputs[0], want)
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

// runInt8NodeTest runs a quantized graph through ImportInt8: Predict for a
// float input, PredictInt8 for an int8 or uint8 one (uint8 values are the
// int8 ones plus 128).
func runInt8NodeTest(m *Model, consts map[string]*Tensor, x, want *Tensor) (string, error) {
	model, err := ImportInt8(m, ImportOptions{Constants: consts, MaxBatch: 8})
	if err != nil {
		return err.Error(), nil
	}
	width, n := model.Inputs(), model.Outputs()
	var got []float64
	switch x.DataType {
	case Float:
		if len(x.Float)%width != 0 {
			return "", errorf("input of shape %s for %d inputs", dimsString(x.Dims), width)
		}
		rows := len(x.Float) / width
		out := simdnn.NewMatrix(rows, n)
		model.Predict(out, simdnn.MatrixOf(rows, width, x.Float))
		for _, v := range out.Data {
			got = append(got, float64(v))
		}
	case Int8, Uint8:
		if len(x.Int)%width != 0 {
			return "", errorf("input of shape %s for %d inputs", dimsString(x.Dims), width)
		}
		rows := len(x.Int) / width
		shift := int64(0)
		if x.DataType == Uint8 {
			shift = 128
		}
		in := make([]int8, len(x.Int))
		for i, v := range x.Int {
			in[i] = int8(v - shift)
		}
		out := make([]int8, rows*n)
		model.PredictInt8(model.NewWorkspace(rows), out, n, in, width, rows)
		if want.DataType != x.DataType {
			return "", errorf("output %s for input %s", want.DataType, x.DataType)
		}
		for _, v := range out {
			got = append(got, float64(int64(v)+shift))
		}
	default:
		return "the data input is " + x.DataType.String(), nil
	}
	wantv := float64s(want)
	if len(got) != len(wantv) {
		return "", errorf("%d outputs, want %d", len(got), len(wantv))
	}
	for i, w := range wantv {
		if math.Abs(got[i]-w) > 1e-7+1e-3*math.Abs(w) {
			return "", errorf("output %d = %v, want %v", i, got[i], w)
		}
	}
	return "", nil
}

// float64s returns a tensor's values, whatever their type.
func float64s(t *Tensor) []float64 {
	var v []float64
	for _, x := range t.Float {
		v = append(v, float64(x))
	}
	v = append(v, t.Double...)
	for _, x := range t.Int {
		v = append(v, float64(x))
	}
	return v
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
