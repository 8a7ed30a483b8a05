package onnx

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
)

func randMatrix(r *rand.Rand, rows, cols int) simdnn.Matrix {
	m := simdnn.NewMatrix(rows, cols)
	for i := range m.Data {
		m.Data[i] = r.Float32()*2 - 1
	}
	return m
}

// TestExportImport: Export then Decode then Import gives a model that
// predicts the same bits as the original, for every activation, a Dropout
// layer (left out) and a softmax output; the file says opset 13 and a
// symbolic batch dimension.
func TestExportImport(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name string
		cfg  nn.Config
	}{
		{"mnist", nn.Config{Inputs: 784, Loss: nn.SoftmaxCrossEntropy, Layers: []nn.Layer{nn.Dense(128, nn.ReLU), nn.Dense(10, nn.Softmax)}}},
		{"tanh-sigmoid", nn.Config{Inputs: 5, Loss: nn.BinaryCrossEntropy, Layers: []nn.Layer{nn.Dense(7, nn.Tanh), nn.Dropout(0.3), nn.Dense(3, nn.Sigmoid)}}},
		{"leaky-linear", nn.Config{Inputs: 6, LeakySlope: 0.1, Layers: []nn.Layer{nn.Dense(9, nn.LeakyReLU), nn.Dense(9, nn.LeakyReLU), nn.Dense(2, nn.Linear)}}},
	} {
		cfg := c.cfg
		cfg.MaxBatch, cfg.Seed, cfg.Optimizer = 16, 3, nn.Optimizer{Kind: nn.SGD, LR: 0.1}
		m, err := nn.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for i := range cfg.Layers { // biases too, not only the initial zeros
			if _, b := m.Params(i); b != nil {
				for j := range b {
					b[j] = r.Float32() - 0.5
				}
			}
		}
		file, err := Export(m)
		if err != nil {
			t.Fatalf("%s: Export: %v", c.name, err)
		}
		dec, err := Decode(file)
		if err != nil {
			t.Fatalf("%s: Decode: %v", c.name, err)
		}
		if dec.Opsets[""] != 13 || dec.IRVersion != 8 || len(dec.Graph.Inputs) != 1 || dec.Graph.Inputs[0].Shape[0].Param != "batch" ||
			dec.Graph.Inputs[0].Shape[1].Value != int64(cfg.Inputs) {
			t.Fatalf("%s: decoded header %+v, input %+v", c.name, dec.Opsets, dec.Graph.Inputs)
		}
		back, err := Import(dec, ImportOptions{MaxBatch: 16})
		if err != nil {
			t.Fatalf("%s: Import: %v", c.name, err)
		}
		x := randMatrix(r, 37, cfg.Inputs)
		want, got := simdnn.NewMatrix(37, m.Outputs()), simdnn.NewMatrix(37, back.Outputs())
		m.Predict(want, x)
		back.Predict(got, x)
		for i := range want.Data {
			if math.Float32bits(got.Data[i]) != math.Float32bits(want.Data[i]) {
				t.Fatalf("%s: output %d = %v after the round trip, %v before", c.name, i, got.Data[i], want.Data[i])
			}
		}
	}
}

// graph builds a model file from nodes, initializers and the data input.
func graphFile(opset int64, input string, inShape []Dim, output string, nodes [][]byte, inits [][]byte) []byte {
	return typedGraphFile(opset, input, Float, inShape, output, nodes, inits)
}

// typedGraphFile is graphFile with an input of type typ.
func typedGraphFile(opset int64, input string, typ DataType, inShape []Dim, output string, nodes [][]byte, inits [][]byte) []byte {
	var g []byte
	for _, n := range nodes {
		g = protowire.AppendTag(g, 1, protowire.BytesType)
		g = protowire.AppendBytes(g, n)
	}
	for _, t := range inits {
		g = protowire.AppendTag(g, 5, protowire.BytesType)
		g = protowire.AppendBytes(g, t)
	}
	vi := typedValueInfoProto(input, typ, inShape)
	g = protowire.AppendTag(g, 11, protowire.BytesType)
	g = protowire.AppendBytes(g, vi)
	g = protowire.AppendTag(g, 12, protowire.BytesType)
	g = protowire.AppendBytes(g, appendString(nil, 1, output))
	var m []byte
	m = protowire.AppendTag(m, 1, protowire.VarintType)
	m = protowire.AppendVarint(m, 7)
	m = protowire.AppendTag(m, 7, protowire.BytesType)
	m = protowire.AppendBytes(m, g)
	var op []byte
	op = protowire.AppendTag(op, 2, protowire.VarintType)
	op = protowire.AppendVarint(op, uint64(opset))
	m = protowire.AppendTag(m, 8, protowire.BytesType)
	return protowire.AppendBytes(m, op)
}

// TestImportGraph: a graph with every mapped operator — Flatten at the
// input, MatMul + Add, BatchNormalization (folded), Relu, Dropout, Gemm
// with alpha, beta and a [1, N] bias, LeakyRelu, Identity, a Softmax by
// opset 11's axis rule — and a side branch pruned away, against a float64
// evaluation of the same graph.
func TestImportGraph(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const in, hid, out = 6, 5, 4
	w1 := randMatrix(r, in, hid)
	b1 := randMatrix(r, 1, hid)
	scale, shift, mean := randMatrix(r, 1, hid), randMatrix(r, 1, hid), randMatrix(r, 1, hid)
	variance := simdnn.NewMatrix(1, hid)
	for i := range variance.Data {
		variance.Data[i] = 0.5 + r.Float32()
	}
	w2 := randMatrix(r, out, hid) // transB: out×hid
	c2 := randMatrix(r, 1, out)
	const alpha, beta, slope, eps = 0.5, 2, 0.2, 1e-3
	inits := [][]byte{
		tensorProto("w1", []int64{in, hid}, w1.Data), tensorProto("b1", []int64{hid}, b1.Data),
		tensorProto("scale", []int64{hid}, scale.Data), tensorProto("shift", []int64{hid}, shift.Data),
		tensorProto("mean", []int64{hid}, mean.Data), tensorProto("var", []int64{hid}, variance.Data),
		tensorProto("w2", []int64{out, hid}, w2.Data), tensorProto("c2", []int64{1, out}, c2.Data),
	}
	nodes := [][]byte{
		nodeProto("flat", "Flatten", []string{"x"}, []string{"f"}),
		nodeProto("side", "Relu", []string{"x"}, []string{"unused"}), // not on the way to "y"
		nodeProto("mm", "MatMul", []string{"f", "w1"}, []string{"h0"}),
		nodeProto("bias", "Add", []string{"h0", "b1"}, []string{"h1"}),
		nodeProto("bn", "BatchNormalization", []string{"h1", "scale", "shift", "mean", "var"}, []string{"h2"}, floatAttrProto("epsilon", eps)),
		nodeProto("relu", "Relu", []string{"h2"}, []string{"h3"}),
		nodeProto("drop", "Dropout", []string{"h3"}, []string{"h4"}),
		nodeProto("gemm", "Gemm", []string{"h4", "w2", "c2"}, []string{"z0"},
			intAttrProto("transB", 1), floatAttrProto("alpha", alpha), floatAttrProto("beta", beta)),
		nodeProto("leaky", "LeakyRelu", []string{"z0"}, []string{"z1"}, floatAttrProto("alpha", slope)),
		nodeProto("id", "Identity", []string{"z1"}, []string{"z2"}),
		nodeProto("sm", "Softmax", []string{"z2"}, []string{"y"}),
	}
	// (The LeakyRelu and the Softmax after it become two layers: the Gemm
	// with LeakyReLU, then an identity layer carrying the Softmax.)
	dec, err := Decode(graphFile(11, "x", []Dim{{Value: -1, Param: "N"}, {Value: 2}, {Value: 3}}, "y", nodes, inits))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Import(dec, ImportOptions{MaxBatch: 4})
	if err != nil {
		t.Fatal(err)
	}
	x := randMatrix(r, 9, in)
	got := simdnn.NewMatrix(9, out)
	m.Predict(got, x)
	for i := 0; i < 9; i++ {
		h := make([]float64, hid)
		for j := range h {
			s := float64(b1.Data[j])
			for k := 0; k < in; k++ {
				s += float64(x.At(i, k)) * float64(w1.At(k, j))
			}
			s = float64(scale.Data[j])*(s-float64(mean.Data[j]))/math.Sqrt(float64(variance.Data[j])+eps) + float64(shift.Data[j])
			h[j] = math.Max(s, 0)
		}
		z := make([]float64, out)
		maxZ := math.Inf(-1)
		for j := range z {
			s := 0.0
			for k := 0; k < hid; k++ {
				s += h[k] * float64(w2.At(j, k))
			}
			z[j] = alpha*s + beta*float64(c2.Data[j])
			if z[j] < 0 {
				z[j] *= slope
			}
			maxZ = math.Max(maxZ, z[j])
		}
		sum := 0.0
		for j := range z {
			z[j] = math.Exp(z[j] - maxZ)
			sum += z[j]
		}
		for j := range z {
			if want := z[j] / sum; math.Abs(float64(got.At(i, j))-want) > 1e-5 {
				t.Fatalf("row %d output %d = %v, float64 graph %v", i, j, got.At(i, j), want)
			}
		}
	}
}

// TestImportErrors: what Import and Decode refuse, and that the messages
// name the node, the operator and the opset, or the tensor.
func TestImportErrors(t *testing.T) {
	w := tensorProto("w", []int64{3, 2}, make([]float32, 6))
	for _, c := range []struct {
		nodes [][]byte
		inits [][]byte
		want  string
	}{
		{[][]byte{nodeProto("conv1", "Conv", []string{"x", "w"}, []string{"y"})}, [][]byte{w}, `node "conv1" (Conv, ai.onnx opset 13): unsupported operator`},
		{[][]byte{nodeProto("mm", "MatMul", []string{"x", "w2"}, []string{"y"})}, [][]byte{w}, `input "w2" is not a constant`},
		{[][]byte{nodeProto("mm", "MatMul", []string{"x", "w"}, []string{"y"})}, [][]byte{tensorProto("w", []int64{4, 2}, make([]float32, 8))}, "weights of 4 rows for an input of 3 features"},
		{[][]byte{nodeProto("mm", "MatMul", []string{"x", "w"}, []string{"h"}), nodeProto("sm", "Softmax", []string{"h"}, []string{"s"}), nodeProto("mm2", "MatMul", []string{"s", "w3"}, []string{"y"})},
			[][]byte{w, tensorProto("w3", []int64{2, 2}, make([]float32, 4))}, "Softmax is supported only at the output"},
		{[][]byte{nodeProto("mm", "MatMul", []string{"x", "w"}, []string{"h"}), nodeProto("mm2", "MatMul", []string{"h", "w"}, []string{"y"})}, [][]byte{w}, "weights of 3 rows for an input of 2 features"},
	} {
		dec, err := Decode(graphFile(13, "x", []Dim{{Param: "N"}, {Value: 3}}, "y", c.nodes, c.inits))
		if err == nil {
			_, err = Import(dec, ImportOptions{})
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error with %q", err, c.want)
		}
	}
	// A file of a few hundred bytes must not make Import allocate without
	// bound: chained activations on a wide input (each an identity layer),
	// and zero-size weights.
	var relus [][]byte
	prev := "x"
	for i := 0; i < 8; i++ {
		out := "r" + string(rune('a'+i))
		relus = append(relus, nodeProto(out, []string{"Relu", "Sigmoid"}[i%2], []string{prev}, []string{out}))
		prev = out
	}
	relus = append(relus, nodeProto("y", "Identity", []string{prev}, []string{"y"}))
	dec, err := Decode(graphFile(13, "x", []Dim{{Param: "N"}, {Value: 4096}}, "y", relus, nil))
	if err == nil {
		_, err = Import(dec, ImportOptions{})
	}
	if err == nil || !strings.Contains(err.Error(), "too many activations without a layer") {
		t.Errorf("chained activations on 4096 features: %v", err)
	}
	zero := [][]byte{tensorProto("w0", []int64{0, 1 << 20}, nil)}
	dec, err = Decode(graphFile(13, "x", []Dim{{Param: "N"}, {Value: 0}}, "y", [][]byte{nodeProto("mm", "MatMul", []string{"x", "w0"}, []string{"y"})}, zero))
	if err == nil {
		_, err = Import(dec, ImportOptions{})
	}
	if err == nil || !strings.Contains(err.Error(), "weights of shape 0×1048576") {
		t.Errorf("zero-size weights: %v", err)
	}
	// LeakyRelu: alpha 0 is Relu; alpha outside [0, 1) is refused.
	for _, c := range []struct {
		alpha float32
		want  string
	}{{0, ""}, {1.5, "LeakyRelu alpha 1.5"}, {-0.1, "LeakyRelu alpha -0.1"}} {
		nodes := [][]byte{nodeProto("mm", "MatMul", []string{"x", "w"}, []string{"h"}), nodeProto("lr", "LeakyRelu", []string{"h"}, []string{"y"}, floatAttrProto("alpha", c.alpha))}
		dec, err := Decode(graphFile(13, "x", []Dim{{Param: "N"}, {Value: 3}}, "y", nodes, [][]byte{tensorProto("w", []int64{3, 2}, []float32{1, -1, 2, -2, 3, -3})}))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Import(dec, ImportOptions{})
		if c.want != "" {
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("alpha %v: %v, want %q", c.alpha, err, c.want)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		y := simdnn.NewMatrix(1, 2)
		m.Predict(y, simdnn.MatrixFromRows([][]float32{{1, 1, 1}}))
		if y.Data[0] != 6 || y.Data[1] != 0 {
			t.Errorf("LeakyRelu alpha 0: %v, want Relu's [6 0]", y.Data)
		}
	}
	// External data: named, with what to do.
	var ext []byte
	ext = protowire.AppendTag(ext, 1, protowire.VarintType)
	ext = protowire.AppendVarint(ext, 2)
	ext = protowire.AppendTag(ext, 2, protowire.VarintType)
	ext = protowire.AppendVarint(ext, 1)
	ext = appendString(ext, 8, "big")
	ext = protowire.AppendTag(ext, 14, protowire.VarintType)
	ext = protowire.AppendVarint(ext, 1)
	if _, err := DecodeTensor(ext); err == nil || !strings.Contains(err.Error(), `tensor "big": its data is in an external file`) {
		t.Errorf("external data: %v", err)
	}
	if _, err := Decode([]byte{0x08, 0x07}); err == nil || !strings.Contains(err.Error(), "no graph") {
		t.Errorf("a model without a graph: %v", err)
	}
	if _, err := Decode([]byte{0x3a, 0x05, 0x0a}); err == nil || !strings.Contains(err.Error(), "malformed") {
		t.Errorf("a truncated graph: %v", err)
	}
	if _, err := (Limits{MaxBytes: 10, MaxNodes: 1, MaxRank: 8, MaxElements: 4}).Decode(make([]byte, 11)); err == nil || !strings.Contains(err.Error(), "MaxBytes") {
		t.Errorf("over MaxBytes: %v", err)
	}
}

// TestDecodeTensorFields: the typed fields (packed or not), raw_data of
// every integer width, float16 bits, and the count check.
func TestDecodeTensorFields(t *testing.T) {
	enc := func(dt DataType, dims []int64, fields func(b []byte) []byte) []byte {
		return fields(tensorHeader(dims, dt))
	}
	// float_data, unpacked then packed.
	tb := enc(Float, []int64{3}, func(b []byte) []byte {
		b = protowire.AppendTag(b, 4, protowire.Fixed32Type)
		b = protowire.AppendFixed32(b, math.Float32bits(1.5))
		packed := binary.LittleEndian.AppendUint32(nil, math.Float32bits(-2))
		packed = binary.LittleEndian.AppendUint32(packed, math.Float32bits(3))
		b = protowire.AppendTag(b, 4, protowire.BytesType)
		return protowire.AppendBytes(b, packed)
	})
	if tn, err := DecodeTensor(tb); err != nil || len(tn.Float) != 3 || tn.Float[0] != 1.5 || tn.Float[2] != 3 {
		t.Errorf("float_data: %+v, %v", tn, err)
	}
	// int32_data with a negative value (a sign-extended varint).
	tb = enc(Int8, []int64{2}, func(b []byte) []byte {
		var p []byte
		neg := int64(-5)
		p = protowire.AppendVarint(p, uint64(neg))
		p = protowire.AppendVarint(p, 7)
		b = protowire.AppendTag(b, 5, protowire.BytesType)
		return protowire.AppendBytes(b, p)
	})
	if tn, err := DecodeTensor(tb); err != nil || tn.Int[0] != -5 || tn.Int[1] != 7 {
		t.Errorf("int32_data: %+v, %v", tn, err)
	}
	// int32_data beyond the type's range: 200 is no int8, 256 no uint8.
	for _, c := range []struct {
		dt DataType
		v  int64
	}{{Int8, 200}, {Int8, -129}, {Uint8, 256}, {Uint8, -1}, {Bool, 2}} {
		tb = enc(c.dt, []int64{1}, func(b []byte) []byte {
			b = protowire.AppendTag(b, 5, protowire.VarintType)
			return protowire.AppendVarint(b, uint64(c.v))
		})
		if _, err := DecodeTensor(tb); err == nil || !strings.Contains(err.Error(), "outside the range of "+c.dt.String()) {
			t.Errorf("%s value %d: %v", c.dt, c.v, err)
		}
	}
	// raw_data of int16 and float16 (1, -2, 65504, a subnormal, -0).
	tb = enc(Int16, []int64{2}, func(b []byte) []byte {
		b = protowire.AppendTag(b, 9, protowire.BytesType)
		return protowire.AppendBytes(b, []byte{0xff, 0xff, 0x00, 0x80})
	})
	if tn, err := DecodeTensor(tb); err != nil || tn.Int[0] != -1 || tn.Int[1] != -32768 {
		t.Errorf("int16 raw: %+v, %v", tn, err)
	}
	tb = enc(Float16, []int64{5}, func(b []byte) []byte {
		var raw []byte
		for _, h := range []uint16{0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000} {
			raw = binary.LittleEndian.AppendUint16(raw, h)
		}
		b = protowire.AppendTag(b, 9, protowire.BytesType)
		return protowire.AppendBytes(b, raw)
	})
	if tn, err := DecodeTensor(tb); err != nil || tn.Float[0] != 1 || tn.Float[1] != -2 || tn.Float[2] != 65504 ||
		tn.Float[3] != float32(math.Ldexp(1, -24)) || math.Float32bits(tn.Float[4]) != 0x80000000 {
		t.Errorf("float16 raw: %+v, %v", tn, err)
	}
	// 3 values for dims [2, 2].
	tb = enc(Float, []int64{2, 2}, func(b []byte) []byte {
		b = protowire.AppendTag(b, 9, protowire.BytesType)
		return protowire.AppendBytes(b, make([]byte, 12))
	})
	if _, err := DecodeTensor(tb); err == nil || !strings.Contains(err.Error(), "raw_data of 12 bytes for dimensions [2,2]") {
		t.Errorf("count mismatch: %v", err)
	}
}

// TestDecodeTensorMixedAndLong: values split between raw_data and a typed
// field are refused (they once made the decoder read past raw_data), and a
// packed field with more values than the dims is refused before it is
// decoded into memory.
func TestDecodeTensorMixedAndLong(t *testing.T) {
	b := tensorHeader([]int64{4}, Float)
	mixed := protowire.AppendTag(b, 4, protowire.BytesType)
	mixed = protowire.AppendBytes(mixed, make([]byte, 8))
	mixed = protowire.AppendTag(mixed, 9, protowire.BytesType)
	mixed = protowire.AppendBytes(mixed, make([]byte, 8))
	if _, err := DecodeTensor(mixed); err == nil || !strings.Contains(err.Error(), "both raw_data and a typed field") {
		t.Errorf("mixed: %v", err)
	}
	var c []byte
	c = protowire.AppendTag(c, 1, protowire.VarintType)
	c = protowire.AppendVarint(c, 3)
	c = protowire.AppendTag(c, 2, protowire.VarintType)
	c = protowire.AppendVarint(c, uint64(Int64))
	c = protowire.AppendTag(c, 7, protowire.BytesType)
	c = protowire.AppendBytes(c, make([]byte, 1<<20)) // a million zero varints for 3 values
	if _, err := DecodeTensor(c); err == nil || !strings.Contains(err.Error(), "more values than") {
		t.Errorf("long packed field: %v", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	DecodeTensor(c)
	runtime.ReadMemStats(&after)
	if d := after.TotalAlloc - before.TotalAlloc; d > 64<<10 {
		t.Errorf("refusing the long field allocated %d bytes", d)
	}
}

// TestImportConstantNodes: weights given by Constant nodes (a tensor
// "value", or "value_floats") instead of initializers, as some exporters
// write them.
func TestImportConstantNodes(t *testing.T) {
	valueAttr := func(name string, tensor []byte) []byte {
		b := appendString(nil, 1, name)
		b = protowire.AppendTag(b, 20, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(AttrTensor))
		b = protowire.AppendTag(b, 5, protowire.BytesType)
		return protowire.AppendBytes(b, tensor)
	}
	floatsAttr := func(name string, v []float32) []byte {
		b := appendString(nil, 1, name)
		b = protowire.AppendTag(b, 20, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(AttrFloats))
		for _, f := range v {
			b = protowire.AppendTag(b, 7, protowire.Fixed32Type)
			b = protowire.AppendFixed32(b, math.Float32bits(f))
		}
		return b
	}
	nodes := [][]byte{
		nodeProto("w", "Constant", nil, []string{"w"}, valueAttr("value", tensorProto("", []int64{2, 2}, []float32{1, 2, 3, 4}))),
		nodeProto("b", "Constant", nil, []string{"b"}, floatsAttr("value_floats", []float32{0.5, -0.5})),
		nodeProto("mm", "MatMul", []string{"x", "w"}, []string{"h"}),
		nodeProto("add", "Add", []string{"h", "b"}, []string{"y"}),
	}
	dec, err := Decode(graphFile(13, "x", []Dim{{Param: "N"}, {Value: 2}}, "y", nodes, nil))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Import(dec, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	y := simdnn.NewMatrix(1, 2)
	m.Predict(y, simdnn.MatrixFromRows([][]float32{{1, 1}}))
	if y.Data[0] != 4.5 || y.Data[1] != 5.5 {
		t.Errorf("y = %v, want [4.5 5.5]", y.Data)
	}
}

// TestImportViewReshape: PyTorch's x.view(x.size(0), -1) — Shape, Gather,
// Unsqueeze, Concat with [-1], Reshape — on the input becomes a flatten of
// each row, the shape nodes pruned away.
func TestImportViewReshape(t *testing.T) {
	i64 := func(name string, v ...int64) []byte {
		var dims []int64 // a scalar index, else 1-D
		if len(v) != 1 || name != "idx" {
			dims = []int64{int64(len(v))}
		}
		raw := make([]byte, 0, 8*len(v))
		for _, x := range v {
			raw = binary.LittleEndian.AppendUint64(raw, uint64(x))
		}
		return rawTensorProto(name, dims, Int64, raw)
	}
	w := make([]float32, 6*2)
	for i := range w {
		w[i] = float32(i)
	}
	nodes := [][]byte{
		nodeProto("shape", "Shape", []string{"x"}, []string{"s"}),
		nodeProto("gather", "Gather", []string{"s", "idx"}, []string{"b"}, intAttrProto("axis", 0)),
		nodeProto("unsq", "Unsqueeze", []string{"b", "zero"}, []string{"b1"}),
		nodeProto("cat", "Concat", []string{"b1", "minus1"}, []string{"shp"}, intAttrProto("axis", 0)),
		nodeProto("view", "Reshape", []string{"x", "shp"}, []string{"f"}),
		nodeProto("fc", "MatMul", []string{"f", "w"}, []string{"y"}),
	}
	inits := [][]byte{i64("idx", 0), i64("zero", 0), i64("minus1", -1), tensorProto("w", []int64{6, 2}, w)}
	dec, err := Decode(graphFile(13, "x", []Dim{{Param: "N"}, {Value: 2}, {Value: 3}}, "y", nodes, inits))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Import(dec, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Inputs() != 6 {
		t.Fatalf("%d inputs, want 6 (2×3 flattened)", m.Inputs())
	}
	y := simdnn.NewMatrix(1, 2)
	m.Predict(y, simdnn.MatrixFromRows([][]float32{{1, 0, 0, 0, 0, 1}}))
	if y.Data[0] != 0+10 || y.Data[1] != 1+11 {
		t.Errorf("y = %v, want [10 12]", y.Data)
	}
}
