package onnx

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdnn/simdnn/nn"
	"github.com/simdnn/simdnn/quant"
)

// int8Model is goldenModel quantized on its own rows and 200 more.
func int8Model(t *testing.T) (*quant.Model, [][]float32) {
	t.Helper()
	m, rows := goldenModel(t)
	r := rand.New(rand.NewPCG(7, 8))
	calib := randMatrix(r, 200, m.Inputs())
	for i := range calib.Data {
		calib.Data[i] *= 2
	}
	q, err := quant.Quantize(m, calib, quant.Options{MaxBatch: 16})
	if err != nil {
		t.Fatal(err)
	}
	return q, rows
}

// asymmetricModel is built with quant.New: asymmetric weights, a ReLU
// between two parameter sets (a table), a Linear output.
func asymmetricModel(t *testing.T) *quant.Model {
	t.Helper()
	r := rand.New(rand.NewPCG(9, 10))
	layer := func(k, n int, in, pre, out quant.Params, act nn.Activation) quant.Layer {
		l := quant.Layer{Inputs: k, Units: n, Weights: make([]int8, k*n), WeightScales: make([]float32, n),
			WeightZeroPoints: make([]int32, n), Bias: make([]int32, n), In: in, Pre: pre, Out: out, Act: act}
		for i := range l.Weights {
			l.Weights[i] = int8(r.IntN(256) - 128)
		}
		for j := 0; j < n; j++ {
			l.WeightScales[j] = 0.001 + 0.01*r.Float32()
			l.WeightZeroPoints[j] = int32(r.IntN(41) - 20)
			l.Bias[j] = int32(r.IntN(2001) - 1000)
		}
		return l
	}
	in, hidden, out := quant.Params{Scale: 0.02, ZeroPoint: 3}, quant.Params{Scale: 0.1, ZeroPoint: -5}, quant.Params{Scale: 0.05, ZeroPoint: -128}
	q, err := quant.New([]quant.Layer{layer(20, 9, in, hidden, out, nn.ReLU), layer(9, 5, out, hidden, hidden, nn.Linear)}, 16)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestExportInt8RoundTrip: ExportInt8 → Decode → ImportInt8 gives the same
// model (the same file bytes, so the same predictions) for a quantized
// model with every activation and for one with asymmetric weights and a
// tabled ReLU; Import refuses the QDQ graph and names ImportInt8.
func TestExportInt8RoundTrip(t *testing.T) {
	q, _ := int8Model(t)
	for name, m := range map[string]*quant.Model{"quantized": q, "asymmetric": asymmetricModel(t)} {
		file, err := ExportInt8(m)
		if err != nil {
			t.Fatal(err)
		}
		dec, err := Decode(file)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		back, err := ImportInt8(dec, ImportOptions{MaxBatch: 16})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(back.AppendBinary(nil), m.AppendBinary(nil)) {
			t.Errorf("%s: ImportInt8(ExportInt8(m)) is not m", name)
		}
		if _, err := Import(dec, ImportOptions{}); err == nil || !strings.Contains(err.Error(), "ImportInt8") {
			t.Errorf("%s: Import of a QDQ graph: %v, want a pointer to ImportInt8", name, err)
		}
	}
}

// qdq returns QuantizeLinear and DequantizeLinear nodes from x to name
// with the parameters named scale and zero.
func qdq(x, name, scale, zero string) [][]byte {
	return [][]byte{nodeProto(name+".q", "QuantizeLinear", []string{x, scale, zero}, []string{name + ".int"}),
		nodeProto(name+".dq", "DequantizeLinear", []string{name + ".int", scale, zero}, []string{name})}
}

func scalarF(name string, v float32) []byte { return tensorProto(name, nil, []float32{v}) }
func scalarU8(name string, v uint8) []byte  { return rawTensorProto(name, nil, Uint8, []byte{v}) }

// TestImportInt8Forms: the QDQ forms other quantizers write map onto the
// layers they mean — uint8 activations (zero point z ↔ int8 z − 128); a
// MatMul with per-tensor uint8 weights, an Add of a float bias and a Relu
// right after the product; a Gemm (transB) with per-channel int8 weights
// and an int32 bias at s_in·s_w; a final Softmax quantized again —
// checked against quant.New of those layers, byte for byte.
func TestImportInt8Forms(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const k, n, o = 6, 4, 3
	w1 := make([]byte, k*n) // uint8, k×n (MatMul's layout)
	for i := range w1 {
		w1[i] = byte(r.IntN(256))
	}
	w2 := make([]byte, o*n) // int8, o×n (Gemm transB)
	for i := range w2 {
		w2[i] = byte(r.IntN(256))
	}
	b1 := []float32{0.5, -0.25, 0.125, 1}
	s2 := []float32{0.01, 0.02, 0.03}
	b2, b2s := make([]byte, 4*o), make([]float32, o)
	for j := range b2s {
		b2s[j] = 0.04 * s2[j]
		v := int32(r.IntN(2001) - 1000)
		b2[4*j], b2[4*j+1], b2[4*j+2], b2[4*j+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
	}
	var nodes [][]byte
	nodes = append(nodes, qdq("x", "x.dq", "s_in", "z_in")...)
	nodes = append(nodes,
		nodeProto("w1.dq", "DequantizeLinear", []string{"w1_q", "s_w1", "z_w1"}, []string{"w1"}),
		nodeProto("mm", "MatMul", []string{"x.dq", "w1"}, []string{"mm.out"}),
		nodeProto("add", "Add", []string{"mm.out", "b1"}, []string{"add.out"}),
		nodeProto("relu", "Relu", []string{"add.out"}, []string{"relu.out"}))
	nodes = append(nodes, qdq("relu.out", "h", "s_h", "z_h")...)
	nodes = append(nodes,
		nodeProto("w2.dq", "DequantizeLinear", []string{"w2_q", "s_w2", "z_w2"}, []string{"w2"}, intAttrProto("axis", 0)),
		nodeProto("b2.dq", "DequantizeLinear", []string{"b2_q", "s_b2"}, []string{"b2"}),
		nodeProto("gemm", "Gemm", []string{"h", "w2", "b2"}, []string{"g"}, intAttrProto("transB", 1)))
	nodes = append(nodes, qdq("g", "logits", "s_o", "z_o")...)
	nodes = append(nodes, nodeProto("sm", "Softmax", []string{"logits"}, []string{"p"}))
	nodes = append(nodes, qdq("p", "y", "s_p", "z_p")...)
	inits := [][]byte{scalarF("s_in", 0.05), scalarU8("z_in", 120), rawTensorProto("w1_q", []int64{k, n}, Uint8, w1),
		scalarF("s_w1", 0.01), scalarU8("z_w1", 131), tensorProto("b1", []int64{n}, b1),
		scalarF("s_h", 0.04), scalarU8("z_h", 0),
		rawTensorProto("w2_q", []int64{o, n}, Int8, w2), tensorProto("s_w2", []int64{o}, s2),
		rawTensorProto("z_w2", []int64{o}, Int8, make([]byte, o)),
		rawTensorProto("b2_q", []int64{o}, Int32, b2), tensorProto("s_b2", []int64{o}, b2s),
		scalarF("s_o", 0.1), rawTensorProto("z_o", nil, Int8, []byte{5}), scalarF("s_p", 1.0/256), scalarU8("z_p", 0)}
	dec, err := Decode(graphFile(13, "x", []Dim{{Param: "N"}, {Value: k}}, "y", nodes, inits))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ImportInt8(dec, ImportOptions{MaxBatch: 4})
	if err != nil {
		t.Fatal(err)
	}
	in, h, out := quant.Params{Scale: 0.05, ZeroPoint: 120 - 128}, quant.Params{Scale: 0.04, ZeroPoint: -128}, quant.Params{Scale: 0.1, ZeroPoint: 5}
	l1 := quant.Layer{Inputs: k, Units: n, Weights: make([]int8, k*n), WeightScales: make([]float32, n),
		WeightZeroPoints: make([]int32, n), Bias: make([]int32, n), In: in, Pre: h, Out: h, Act: nn.ReLU}
	for i, v := range w1 {
		l1.Weights[i] = int8(int(v) - 128)
	}
	for j := range l1.Bias {
		l1.WeightScales[j], l1.WeightZeroPoints[j] = 0.01, 131-128
		l1.Bias[j] = int32(math.Round(float64(b1[j]) / (float64(float32(0.05)) * float64(float32(0.01)))))
	}
	l2 := quant.Layer{Inputs: n, Units: o, Weights: make([]int8, n*o), WeightScales: s2, Bias: make([]int32, o),
		In: h, Pre: out, Out: out, Act: nn.Softmax}
	for i := 0; i < n; i++ {
		for j := 0; j < o; j++ {
			l2.Weights[i*o+j] = int8(w2[j*n+i])
		}
	}
	for j := range l2.Bias {
		l2.Bias[j] = int32(uint32(b2[4*j]) | uint32(b2[4*j+1])<<8 | uint32(b2[4*j+2])<<16 | uint32(b2[4*j+3])<<24)
	}
	want, err := quant.New([]quant.Layer{l1, l2}, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.AppendBinary(nil), want.AppendBinary(nil)) {
		t.Fatalf("ImportInt8 made other layers than the graph states:\n got %+v\nwant %+v", got.Layers(), want.Layers())
	}
}

// TestImportInt8DefaultZeroPoints: a zero point left out has the type of
// the tensor: 0 for a DequantizeLinear of an int8 input (not uint8's 0,
// which would be int8's −128), uint8's 0 for a QuantizeLinear without one.
func TestImportInt8DefaultZeroPoints(t *testing.T) {
	nodes := [][]byte{
		nodeProto("x.dq", "DequantizeLinear", []string{"x", "s"}, []string{"xd"}),
		nodeProto("w.dq", "DequantizeLinear", []string{"w_q", "s"}, []string{"w"}),
		nodeProto("mm", "MatMul", []string{"xd", "w"}, []string{"m"}),
		nodeProto("q", "QuantizeLinear", []string{"m", "s"}, []string{"y"})}
	inits := [][]byte{scalarF("s", 0.5), rawTensorProto("w_q", []int64{3, 2}, Int8, []byte{1, 2, 3, 4, 5, 6})}
	for _, typ := range []DataType{Int8, Uint8} {
		dec, err := Decode(typedGraphFile(13, "x", typ, []Dim{{Param: "N"}, {Value: 3}}, "y", nodes, inits))
		if err != nil {
			t.Fatal(err)
		}
		q, err := ImportInt8(dec, ImportOptions{MaxBatch: 1})
		if err != nil {
			t.Fatal(err)
		}
		l := q.Layers()[0]
		wantIn := quant.Params{Scale: 0.5}
		if typ == Uint8 {
			wantIn.ZeroPoint = -128 // uint8's 0
		}
		if l.In != wantIn || l.Out != (quant.Params{Scale: 0.5, ZeroPoint: -128}) {
			t.Errorf("%s input: In %+v, Out %+v; want In %+v, Out uint8's 0", typ, l.In, l.Out, wantIn)
		}
	}
}

// TestImportInt8Errors: the refusals name the node and the rule.
func TestImportInt8Errors(t *testing.T) {
	w8 := rawTensorProto("w_q", []int64{3, 2}, Int8, make([]byte, 6))
	base := [][]byte{scalarF("s", 0.1), rawTensorProto("z", nil, Int8, []byte{0}), w8, tensorProto("s_w", []int64{2}, []float32{0.1, 0.2})}
	wdq := nodeProto("wdq", "DequantizeLinear", []string{"w_q", "s_w", "z"}, []string{"w"}, intAttrProto("axis", 1))
	for _, c := range []struct {
		nodes [][]byte
		inits [][]byte
		want  string
	}{
		{append(qdq("x", "xd", "s", "z"), wdq, nodeProto("mm", "MatMul", []string{"xd", "w"}, []string{"y"})), base,
			"the last layer's output is not quantized"},
		{[][]byte{wdq, nodeProto("mm", "MatMul", []string{"x", "w"}, []string{"y"})}, base,
			"not the DequantizeLinear of an int8 tensor"},
		{append(qdq("x", "xd", "s", "z"), nodeProto("wdq", "DequantizeLinear", []string{"w_q", "s_w", "z"}, []string{"w"}, intAttrProto("axis", 0)),
			nodeProto("mm", "MatMul", []string{"xd", "w"}, []string{"y"})), base, "weight scales along axis 0"},
		{append(qdq("x", "xd", "s", "z"), nodeProto("mm", "MatMul", []string{"xd", "wf"}, []string{"y"})),
			append(base, tensorProto("wf", []int64{3, 2}, make([]float32, 6))), "float weights in a quantized graph"},
		{append(append(qdq("x", "xd", "s", "z"), wdq, nodeProto("mm", "MatMul", []string{"xd", "w"}, []string{"m"}),
			nodeProto("sig", "Sigmoid", []string{"m"}, []string{"sg"})), qdq("sg", "y", "s", "z")...), base,
			"an activation is supported between"},
		{append(qdq("x", "xd", "s", "z"), nodeProto("q2", "QuantizeLinear", []string{"xd", "s2", "z"}, []string{"y"})),
			append(base, scalarF("s2", 0.2)), "requantizes a tensor to other parameters"},
		{append(qdq("x", "xd", "s", "z"), nodeProto("dq2", "DequantizeLinear", []string{"xd", "s", "z"}, []string{"y"})), base,
			"dequantizes a tensor that is not quantized"},
		{append(append(qdq("x", "xd", "s", "z"), wdq, nodeProto("bdq", "DequantizeLinear", []string{"b_q", "s_w", "zb"}, []string{"b"}, intAttrProto("axis", 0)),
			nodeProto("mm", "MatMul", []string{"xd", "w"}, []string{"m"}), nodeProto("add", "Add", []string{"m", "b"}, []string{"a"})), qdq("a", "y", "s", "z")...),
			append(base, rawTensorProto("b_q", []int64{2}, Int32, make([]byte, 8)), rawTensorProto("zb", []int64{2}, Int32, []byte{0, 0, 0, 0, 7, 0, 0, 0})),
			"a bias zero point of 7"},
		{append(append(append(qdq("x", "xd", "s", "z"), wdq, nodeProto("mm", "MatMul", []string{"xd", "w"}, []string{"m"})), qdq("m", "l", "s", "z")...),
			nodeProto("sm", "Softmax", []string{"l"}, []string{"p"}), nodeProto("pq", "QuantizeLinear", []string{"p", "s", "z"}, []string{"pi"}),
			nodeProto("pdq", "DequantizeLinear", []string{"pi", "s2", "z"}, []string{"y"})), append(base, scalarF("s2", 0.2)),
			"dequantizes the probabilities with other parameters"},
		{append(qdq("x", "xd", "s", "z"), nodeProto("wdq", "DequantizeLinear", []string{"w_q", "s_w", "z"}, []string{"w"}, intAttrProto("axis", 1), intAttrProto("block_size", 2)),
			nodeProto("mm", "MatMul", []string{"xd", "w"}, []string{"y"})), base, "blocked weight quantization"},
		{[][]byte{nodeProto("dyn", "DynamicQuantizeLinear", []string{"x"}, []string{"y", "ys", "yz"})}, base, "dynamic quantization"},
		{append(append(append(qdq("x", "xd", "s", "z"), wdq, nodeProto("mm", "MatMul", []string{"xd", "w"}, []string{"m"})), qdq("m", "md", "s", "z")...),
			nodeProto("add", "Add", []string{"md", "bf"}, []string{"y"})), append(base, tensorProto("bf", []int64{2}, []float32{1, 2})),
			"an Add of a product already requantized"},
		{qdq("x", "y", "s", "z16"), append(base, rawTensorProto("z16", nil, Int16, []byte{0, 0})),
			"int16 quantization"},
	} {
		dec, err := Decode(graphFile(13, "x", []Dim{{Param: "N"}, {Value: 3}}, "y", c.nodes, c.inits))
		if err == nil {
			_, err = ImportInt8(dec, ImportOptions{})
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error with %q", err, c.want)
		}
	}
}
