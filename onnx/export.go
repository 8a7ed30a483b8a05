package onnx

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/simdnn/simdnn/nn"
)

// Export encodes m's inference graph as an ONNX model, IR version 8 and
// opset 13 (read by onnxruntime, Netron and Import): input "input" of shape
// [batch, Inputs] (batch a symbolic dimension), per Dense layer a Gemm with
// transB = 1 (its weight stored out×in, as PyTorch's Linear keeps it) and
// its bias, then the layer's activation (Relu, LeakyRelu with the model's
// slope, Sigmoid, Tanh, or Softmax over the last axis), output "output".
// Dropout layers are left out, as at inference. Import of the result gives
// a model that predicts the same bits. It refuses a broken model.
func Export(m *nn.Model) ([]byte, error) {
	if err := m.Broken(); err != nil {
		return nil, errors.New("onnx.Export: the model is broken: " + err.Error())
	}
	cfg := m.Config()
	var graph []byte
	var inits [][]byte
	cur := "input"
	width := cfg.Inputs
	for i, l := range cfg.Layers {
		if l.Kind != nn.DenseKind {
			continue
		}
		w, bias := m.Params(i)
		prefix := "layer" + strconv.Itoa(i)
		wName, bName := prefix+".weight", prefix+".bias"
		// Gemm's B, transposed: out×in.
		wt := make([]float32, w.Rows*w.Cols)
		for r := 0; r < w.Rows; r++ {
			for c := 0; c < w.Cols; c++ {
				wt[c*w.Rows+r] = w.Data[r*w.Stride+c]
			}
		}
		inits = append(inits, tensorProto(wName, []int64{int64(w.Cols), int64(w.Rows)}, wt))
		inits = append(inits, tensorProto(bName, []int64{int64(len(bias))}, bias))
		out := prefix + ".gemm"
		graph = appendNode(graph, nodeProto(prefix+".Gemm", "Gemm", []string{cur, wName, bName}, []string{out},
			intAttrProto("transB", 1)))
		cur, width = out, w.Cols
		op, attrs, ok := activationNode(l.Act, cfg.LeakySlope)
		if !ok {
			return nil, errors.New("onnx.Export: layer " + strconv.Itoa(i) + ": activation " + l.Act.String() + " has no ONNX operator here")
		}
		if op != "" {
			out = prefix + "." + op
			graph = appendNode(graph, nodeProto(prefix+"."+op, op, []string{cur}, []string{out}, attrs...))
			cur = out
		}
	}
	return modelProto(graph, inits, cur, cfg.Inputs, width), nil
}

// activationNode returns the operator and attributes of an activation
// ("" for Linear); ok is false for one ONNX has no operator for here.
func activationNode(act nn.Activation, slope float32) (op string, attrs [][]byte, ok bool) {
	switch act {
	case nn.Linear:
		return "", nil, true
	case nn.ReLU:
		return "Relu", nil, true
	case nn.Sigmoid:
		return "Sigmoid", nil, true
	case nn.Tanh:
		return "Tanh", nil, true
	case nn.LeakyReLU:
		return "LeakyRelu", [][]byte{floatAttrProto("alpha", slope)}, true
	case nn.Softmax:
		return "Softmax", [][]byte{intAttrProto("axis", -1)}, true
	}
	return "", nil, false
}

// appendNode appends a NodeProto to a GraphProto.
func appendNode(graph, node []byte) []byte {
	graph = protowire.AppendTag(graph, 1, protowire.BytesType)
	return protowire.AppendBytes(graph, node)
}

// modelProto completes a graph whose nodes compute cur from "input" (batch
// × inputs) into a ModelProto, IR version 8, opset 13: the output "output"
// (batch × width) is an Identity of cur.
func modelProto(graph []byte, inits [][]byte, cur string, inputs, width int) []byte {
	graph = appendNode(graph, nodeProto("output.Identity", "Identity", []string{cur}, []string{"output"}))
	graph = appendString(graph, 2, "simdnn")
	for _, t := range inits {
		graph = protowire.AppendTag(graph, 5, protowire.BytesType)
		graph = protowire.AppendBytes(graph, t)
	}
	graph = protowire.AppendTag(graph, 11, protowire.BytesType)
	graph = protowire.AppendBytes(graph, valueInfoProto("input", []Dim{{Value: -1, Param: "batch"}, {Value: int64(inputs)}}))
	graph = protowire.AppendTag(graph, 12, protowire.BytesType)
	graph = protowire.AppendBytes(graph, valueInfoProto("output", []Dim{{Value: -1, Param: "batch"}, {Value: int64(width)}}))

	var model []byte
	model = protowire.AppendTag(model, 1, protowire.VarintType)
	model = protowire.AppendVarint(model, 8) // IR version 8
	model = appendString(model, 2, "simdnn")
	model = protowire.AppendTag(model, 7, protowire.BytesType)
	model = protowire.AppendBytes(model, graph)
	var opset []byte
	opset = appendString(opset, 1, "")
	opset = protowire.AppendTag(opset, 2, protowire.VarintType)
	opset = protowire.AppendVarint(opset, 13)
	model = protowire.AppendTag(model, 8, protowire.BytesType)
	return protowire.AppendBytes(model, opset)
}

func appendString(b []byte, num protowire.Number, s string) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

// tensorProto encodes a float32 TensorProto with raw_data.
func tensorProto(name string, dims []int64, v []float32) []byte {
	raw := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(x))
	}
	return rawTensorProto(name, dims, Float, raw)
}

// rawTensorProto encodes a TensorProto of type typ whose raw_data is raw.
func rawTensorProto(name string, dims []int64, typ DataType, raw []byte) []byte {
	b := appendString(tensorHeader(dims, typ), 8, name)
	b = protowire.AppendTag(b, 9, protowire.BytesType)
	return protowire.AppendBytes(b, raw)
}

// tensorHeader encodes a TensorProto's dims and data_type.
func tensorHeader(dims []int64, typ DataType) []byte {
	var b []byte
	for _, d := range dims {
		b = protowire.AppendTag(b, 1, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(d))
	}
	b = protowire.AppendTag(b, 2, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(typ))
}

func nodeProto(name, op string, inputs, outputs []string, attrs ...[]byte) []byte {
	var b []byte
	for _, in := range inputs {
		b = appendString(b, 1, in)
	}
	for _, out := range outputs {
		b = appendString(b, 2, out)
	}
	b = appendString(b, 3, name)
	b = appendString(b, 4, op)
	for _, a := range attrs {
		b = protowire.AppendTag(b, 5, protowire.BytesType)
		b = protowire.AppendBytes(b, a)
	}
	return b
}

func intAttrProto(name string, v int64) []byte {
	b := appendString(nil, 1, name)
	b = protowire.AppendTag(b, 20, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(AttrInt))
	b = protowire.AppendTag(b, 3, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(v))
}

func floatAttrProto(name string, v float32) []byte {
	b := appendString(nil, 1, name)
	b = protowire.AppendTag(b, 20, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(AttrFloat))
	b = protowire.AppendTag(b, 2, protowire.Fixed32Type)
	return protowire.AppendFixed32(b, math.Float32bits(v))
}

// valueInfoProto encodes a float32 tensor value of the given shape (a Dim
// with Param set is symbolic).
func valueInfoProto(name string, shape []Dim) []byte { return typedValueInfoProto(name, Float, shape) }

// typedValueInfoProto encodes a tensor value of type typ and the given
// shape.
func typedValueInfoProto(name string, typ DataType, shape []Dim) []byte {
	var dims []byte
	for _, d := range shape {
		var dim []byte
		if d.Param != "" {
			dim = appendString(dim, 2, d.Param)
		} else {
			dim = protowire.AppendTag(dim, 1, protowire.VarintType)
			dim = protowire.AppendVarint(dim, uint64(d.Value))
		}
		dims = protowire.AppendTag(dims, 1, protowire.BytesType)
		dims = protowire.AppendBytes(dims, dim)
	}
	var tensor []byte
	tensor = protowire.AppendTag(tensor, 1, protowire.VarintType)
	tensor = protowire.AppendVarint(tensor, uint64(typ))
	tensor = protowire.AppendTag(tensor, 2, protowire.BytesType)
	tensor = protowire.AppendBytes(tensor, dims)
	var typeProto []byte
	typeProto = protowire.AppendTag(typeProto, 1, protowire.BytesType)
	typeProto = protowire.AppendBytes(typeProto, tensor)
	b := appendString(nil, 1, name)
	b = protowire.AppendTag(b, 2, protowire.BytesType)
	return protowire.AppendBytes(b, typeProto)
}
