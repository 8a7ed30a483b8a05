package onnx

import (
	"encoding/binary"
	"errors"
	"strconv"

	"github.com/simdnn/simdnn/nn"
	"github.com/simdnn/simdnn/quant"
)

// ExportInt8 encodes an int8 model in ONNX's QDQ form, IR version 8 and
// opset 13, as onnxruntime's quantizer writes it: the float input
// "input" [batch, Inputs] through QuantizeLinear and DequantizeLinear;
// per layer a Gemm (transB = 1) whose weight is the DequantizeLinear of the
// int8 weights (out×in) with one scale and zero point per output channel
// (axis 0; the zero points are 0 unless the model has asymmetric weights)
// and whose bias is the DequantizeLinear of the int32 biases at
// scale s_in·s_w; the layer's output through QuantizeLinear and
// DequantizeLinear with its parameters (a Relu that is a clamp before
// them; Sigmoid, Tanh, LeakyRelu and a Relu that changes parameters after
// them, followed by the output parameters' pair; a Softmax after them, as
// the float output "output"). ImportInt8 of the result is m, bit for bit.
func ExportInt8(m *quant.Model) ([]byte, error) {
	var graph []byte
	var inits [][]byte
	layers := m.Layers()
	in := layers[0].In
	qdq := func(cur, name string, p quant.Params) string {
		scale, zero := name+".scale", name+".zero_point"
		inits = append(inits, tensorProto(scale, nil, []float32{p.Scale}),
			rawTensorProto(zero, nil, Int8, []byte{byte(int8(p.ZeroPoint))}))
		graph = appendNode(graph, nodeProto(name+".QuantizeLinear", "QuantizeLinear", []string{cur, scale, zero}, []string{name + ".q"}))
		graph = appendNode(graph, nodeProto(name+".DequantizeLinear", "DequantizeLinear", []string{name + ".q", scale, zero}, []string{name}))
		return name
	}
	cur := qdq("input", "input.dq", in)
	for i, l := range layers {
		prefix := "layer" + strconv.Itoa(i)
		k, n := int64(l.Inputs), int64(l.Units)
		wt := make([]byte, l.Inputs*l.Units) // out×in
		for r := 0; r < l.Inputs; r++ {
			for c := 0; c < l.Units; c++ {
				wt[c*l.Inputs+r] = byte(l.Weights[r*l.Units+c])
			}
		}
		wzero := make([]byte, l.Units)
		for j, z := range l.WeightZeroPoints {
			wzero[j] = byte(int8(z))
		}
		biasScale := make([]float32, l.Units)
		bias := make([]byte, 4*l.Units)
		for j := range biasScale {
			biasScale[j] = l.In.Scale * l.WeightScales[j]
			binary.LittleEndian.PutUint32(bias[4*j:], uint32(l.Bias[j]))
		}
		w, b := prefix+".weight", prefix+".bias"
		inits = append(inits,
			rawTensorProto(w+"_quantized", []int64{n, k}, Int8, wt),
			tensorProto(w+"_scale", []int64{n}, l.WeightScales),
			rawTensorProto(w+"_zero_point", []int64{n}, Int8, wzero),
			rawTensorProto(b+"_quantized", []int64{n}, Int32, bias),
			tensorProto(b+"_scale", []int64{n}, biasScale),
			rawTensorProto(b+"_zero_point", []int64{n}, Int32, make([]byte, 4*l.Units)))
		graph = appendNode(graph, nodeProto(w+".DequantizeLinear", "DequantizeLinear",
			[]string{w + "_quantized", w + "_scale", w + "_zero_point"}, []string{w}, intAttrProto("axis", 0)))
		graph = appendNode(graph, nodeProto(b+".DequantizeLinear", "DequantizeLinear",
			[]string{b + "_quantized", b + "_scale", b + "_zero_point"}, []string{b}, intAttrProto("axis", 0)))
		graph = appendNode(graph, nodeProto(prefix+".Gemm", "Gemm", []string{cur, w, b}, []string{prefix + ".gemm"}, intAttrProto("transB", 1)))
		cur = prefix + ".gemm"
		op, attrs, ok := activationNode(l.Act, l.LeakySlope)
		if !ok {
			return nil, errors.New("onnx.ExportInt8: layer " + strconv.Itoa(i) + ": activation " + l.Act.String() + " has no ONNX operator here")
		}
		if op == "Relu" && l.Out == l.Pre {
			// The clamp at the zero point: Relu, then the output's QDQ.
			graph = appendNode(graph, nodeProto(prefix+".Relu", "Relu", []string{cur}, []string{prefix + ".Relu"}))
			cur, op = prefix+".Relu", ""
		}
		cur = qdq(cur, prefix+".pre", l.Pre)
		if op != "" {
			// A table between two QDQ pairs, or the float Softmax output.
			graph = appendNode(graph, nodeProto(prefix+"."+op, op, []string{cur}, []string{prefix + "." + op}, attrs...))
			cur = prefix + "." + op
			if l.Act != nn.Softmax {
				cur = qdq(cur, prefix+".out", l.Out)
			}
		}
	}
	return modelProto(graph, inits, cur, m.Inputs(), m.Outputs()), nil
}
