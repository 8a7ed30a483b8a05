package onnx

import (
	"errors"
	"math"
	"strconv"

	"github.com/simdnn/simdnn/nn"
	"github.com/simdnn/simdnn/quant"
)

// ImportInt8 maps a quantized MLP graph onto a quant.Model, in one of the
// two forms ONNX has for it:
//
//   - QDQ (what onnxruntime's quantize_static writes, and ExportInt8): the
//     float input through QuantizeLinear; per layer a DequantizeLinear of the
//     int8 input, a Gemm or MatMul whose weight is a DequantizeLinear of an
//     int8 or uint8 constant (scales and zero points per output channel or
//     per tensor), a bias (an int32 constant dequantized at
//     scale s_in·s_w, or a float constant) as Gemm's C or an Add, an
//     optional Relu, then QuantizeLinear; Relu, LeakyRelu, Sigmoid or Tanh
//     between a DequantizeLinear and a QuantizeLinear (the activation as a
//     table between the two parameter sets); a final Softmax, its output
//     optionally quantized again.
//   - QOperator: QLinearMatMul layers (no bias) on int8 or uint8 tensors.
//
// Activations are per tensor. uint8 tensors map exactly onto int8 ones
// (q − 128, the zero point too), so a graph with uint8 inputs or outputs
// gives a model whose PredictInt8 takes and returns them minus 128; a float
// input and output are Predict's. Anything else is an error naming the
// node, its operator and the opset; Import refuses quantized graphs and
// points here.
//
// The integer arithmetic is quant's (TFLite's), not ONNX's reference, which
// dequantizes and computes in float: results agree to within one step of
// each int8 tensor and differ where a value falls within rounding of a half
// step. The differences: QuantizeLinear rounds halves to even, quant's
// Predict away from zero (inputs exactly halfway between two steps); the
// requantization of each layer is TFLite's fixed-point multiply, not a
// float product rounded half to even; a float bias, or an int32 bias whose
// scale is not s_in·s_w, is rounded to int32 at s_in·s_w; activation tables
// evaluate the function in float64; a final Softmax's probabilities are
// computed from the int8 logits and not quantized again (a graph that
// quantizes them, usually in steps of 1/256, returns them rounded to that
// step and clipped to its range: up to one step from Predict's; and
// PredictInt8 returns the int8 logits, not the graph's quantized
// probabilities).
func ImportInt8(m *Model, opt ImportOptions) (*quant.Model, error) {
	g := &m.Graph
	consts, data, output, err := prepare(m, opt)
	if err != nil {
		return nil, err
	}
	nodes := prune(batchReshape(constants(g.Nodes, consts), consts), output)
	b := qbuilder{builder: newBuilder(consts, m.Opsets[""], data), deq: map[string]*Node{}}
	switch data.ElemType {
	case Int8, Uint8:
		b.state, b.typ = qInt, data.ElemType // the input is quantized already: its parameters come with the first layer
	case Float, 0:
		b.state = qFloat
	default:
		return nil, errors.New("onnx: the input " + strconv.Quote(data.Name) + " is " + data.ElemType.String() + ", want float32, int8 or uint8")
	}
	// DequantizeLinear of constants are the weights and biases: looked up
	// by name when a layer needs them.
	var chain []Node
	for _, n := range nodes {
		if n.OpType == "DequantizeLinear" && n.Domain == "" && len(n.Inputs) > 0 && consts[n.Inputs[0]] != nil && len(n.Outputs) == 1 {
			b.deq[n.Outputs[0]] = &n
			continue
		}
		chain = append(chain, n)
	}
	for i := range chain {
		if err := b.qnode(&chain[i]); err != nil {
			return nil, err
		}
	}
	if b.cur != output {
		return nil, errors.New("onnx: output " + strconv.Quote(output) + " is not computed by a chain from the input")
	}
	switch b.state {
	case qAcc:
		return nil, errors.New("onnx: the last layer's output is not quantized (no QuantizeLinear after it)")
	case qAct:
		return nil, errors.New("onnx: the last activation's output is not quantized (no QuantizeLinear after it)")
	}
	if len(b.layers) == 0 {
		return nil, errors.New("onnx: the graph computes no layer (no Gemm, MatMul or QLinearMatMul)")
	}
	q, err := quant.New(b.layers, opt.MaxBatch)
	if err != nil {
		return nil, errors.New("onnx: " + err.Error())
	}
	return q, nil
}

// IsQuantized reports whether m's graph has, anywhere, one of the
// operators of the quantized graphs ImportInt8 maps (QuantizeLinear,
// DequantizeLinear, QLinearMatMul): Import refuses those graphs.
func IsQuantized(m *Model) bool {
	for _, n := range m.Graph.Nodes {
		if int8Ops[n.OpType] && n.Domain == "" {
			return true
		}
	}
	return false
}

// The states of the value a quantized chain has reached.
type qstate int

const (
	qFloat   qstate = iota // the float input, not quantized yet
	qInt                   // an int8 tensor with parameters p
	qDeq                   // the dequantized int8 tensor
	qAcc                   // a layer's product (and bias) in real terms, not requantized
	qAct                   // an activation of qDeq, awaiting its QuantizeLinear
	qProb                  // Softmax's probabilities
	qProbInt               // … quantized again
)

type qbuilder struct {
	builder
	deq    map[string]*Node // DequantizeLinear of a constant, by output
	state  qstate
	typ    DataType     // of the int8 tensor: Int8 or Uint8 (0 while unknown)
	p      quant.Params // of the int8 tensor (qInt, qDeq)
	pSet   bool         // p is known (false for an int8 graph input until its first layer)
	layers []quant.Layer
	relu   bool // a Relu on qAcc: the clamp at the QuantizeLinear's zero point
	act    nn.Activation
	slope  float32
}

// params returns the per-tensor parameters of a QuantizeLinear,
// DequantizeLinear or QLinear* operand — scale and zero point inputs at si
// and si+1, uint8 mapped onto int8 — and the quantized tensor's type: the
// zero point's, else QuantizeLinear's output_dtype or uint8, else def (a
// DequantizeLinear's input type).
func (b *qbuilder) params(n *Node, si int, def DataType) (quant.Params, DataType, error) {
	if len(n.Inputs) <= si {
		return quant.Params{}, 0, b.unsupported(n, "missing the scale input")
	}
	if attrInt(n, "block_size", 0) != 0 {
		return quant.Params{}, 0, b.unsupported(n, "blocked quantization: only per-tensor activation parameters are supported")
	}
	st := b.consts[n.Inputs[si]]
	if st == nil || st.Float == nil || len(st.Float) != 1 {
		return quant.Params{}, 0, b.unsupported(n, "the scale is not one constant float (only per-tensor activation parameters are supported)")
	}
	p := quant.Params{Scale: st.Float[0]}
	typ := def
	if n.OpType == "QuantizeLinear" {
		typ = Uint8 // the default without a zero point
		if a := attr(n, "output_dtype"); a != nil && a.I != 0 {
			typ = DataType(a.I)
		}
	}
	if len(n.Inputs) > si+1 && n.Inputs[si+1] != "" {
		zt := b.consts[n.Inputs[si+1]]
		if zt == nil || len(zt.Int) != 1 {
			return quant.Params{}, 0, b.unsupported(n, "the zero point is not one constant integer")
		}
		if n.OpType != "QuantizeLinear" && def != 0 && zt.DataType != def {
			return quant.Params{}, 0, b.unsupported(n, "a "+zt.DataType.String()+" zero point for a "+def.String()+" tensor")
		}
		typ = zt.DataType
		p.ZeroPoint = int32(zt.Int[0])
	}
	switch typ {
	case Int8:
	case Uint8:
		p.ZeroPoint -= 128
	default:
		return quant.Params{}, 0, b.unsupported(n, typ.String()+" quantization: only int8 and uint8 are supported")
	}
	if !(p.Scale > 0 && p.Scale <= math.MaxFloat32) {
		return quant.Params{}, 0, b.unsupported(n, "scale "+strconv.FormatFloat(float64(p.Scale), 'g', -1, 32)+" is not finite and > 0")
	}
	if p.ZeroPoint < -128 || p.ZeroPoint > 127 {
		return quant.Params{}, 0, b.unsupported(n, "a zero point outside the range of "+typ.String())
	}
	return p, typ, nil
}

func (b *qbuilder) qnode(n *Node) error {
	out, err := b.chained(n)
	if err != nil {
		return err
	}
	switch n.OpType {
	case "Identity", "Dropout":
		b.cur = out
		return nil
	case "Flatten", "Reshape":
		if len(b.layers) > 0 || (b.state != qFloat && b.state != qInt) {
			return b.unsupported(n, "Flatten and Reshape are supported only on the input")
		}
		return b.flatten(n, true, out)
	case "QuantizeLinear":
		p, typ, err := b.params(n, 1, 0)
		if err != nil {
			return err
		}
		switch b.state {
		case qFloat:
			// the input's quantization
		case qDeq:
			if p != b.p {
				return b.unsupported(n, "requantizes a tensor to other parameters without a layer between")
			}
		case qAcc:
			l := &b.layers[len(b.layers)-1]
			l.Pre, l.Out = p, p
			if b.relu {
				l.Act = nn.ReLU
			}
		case qAct:
			l := &b.layers[len(b.layers)-1]
			l.Act, l.LeakySlope, l.Out = b.act, b.slope, p
		case qProb:
			b.state, b.p, b.typ = qProbInt, p, typ
			b.cur = out
			return nil
		default:
			return b.unsupported(n, "quantizes a tensor that is quantized already")
		}
		b.state, b.p, b.pSet, b.relu, b.typ = qInt, p, true, false, typ
	case "DequantizeLinear":
		p, _, err := b.params(n, 1, b.typ)
		if err != nil {
			return err
		}
		switch {
		case b.state == qProbInt:
			if p != b.p {
				return b.unsupported(n, "dequantizes the probabilities with other parameters than they were quantized with")
			}
			b.state = qProb
		case b.state != qInt:
			return b.unsupported(n, "dequantizes a tensor that is not quantized")
		case b.pSet && p != b.p:
			return b.unsupported(n, "dequantizes with other parameters than the tensor was quantized with")
		default:
			b.state, b.p, b.pSet = qDeq, p, true
		}
	case "Gemm", "MatMul":
		if n.OpType == "MatMul" && len(n.Inputs) != 2 {
			return b.unsupported(n, "want 2 inputs")
		}
		if b.state != qDeq {
			return b.unsupported(n, "a "+n.OpType+" on a tensor that is not the DequantizeLinear of an int8 tensor (a float layer in a quantized graph)")
		}
		if err := b.qgemm(n); err != nil {
			return err
		}
		b.state = qAcc
	case "QLinearMatMul":
		if err := b.qlinearMatMul(n); err != nil {
			return err
		}
	case "Add":
		if b.state == qDeq && len(b.layers) > 0 {
			return b.unsupported(n, "an Add of a product already requantized (a QuantizeLinear between the MatMul and its bias): "+
				"two roundings no int8 layer has; quantize with the bias inside the layer (Gemm, or MatMul and Add without a QuantizeLinear between)")
		}
		if b.state != qAcc || b.relu || len(n.Inputs) != 2 || b.layers[len(b.layers)-1].Bias != nil {
			return b.unsupported(n, "an Add is supported only as the bias right after a MatMul or Gemm")
		}
		if err := b.bias(n, n.Inputs[1], 1); err != nil {
			return err
		}
	case "Relu", "LeakyRelu", "Sigmoid", "Tanh":
		act, slope, err := b.elementwise(n)
		if err != nil {
			return err
		}
		switch {
		case b.state == qAcc && act == nn.ReLU && !b.relu:
			b.relu = true
		case b.state == qDeq && len(b.layers) > 0 && b.layers[len(b.layers)-1].Act == nn.Linear &&
			b.layers[len(b.layers)-1].Out == b.p:
			b.state, b.act, b.slope = qAct, act, slope
		default:
			return b.unsupported(n, "an activation is supported between a layer's DequantizeLinear and a QuantizeLinear, or a Relu right after a layer")
		}
	case "Softmax":
		last := len(b.layers) - 1
		if b.state != qDeq || last < 0 || b.layers[last].Act != nn.Linear || b.layers[last].Out != b.p {
			return b.unsupported(n, "Softmax is supported only on the dequantized output of the last layer")
		}
		if err := b.softmaxAxis(n); err != nil {
			return err
		}
		b.layers[last].Act = nn.Softmax
		b.state = qProb
	default:
		if dynamicOps[n.OpType] {
			return b.unsupported(n, dynamicWhy)
		}
		return b.unsupported(n, "unsupported operator in a quantized graph")
	}
	b.cur = out
	return nil
}

// softmaxAxis checks that a Softmax is over the last axis.
func (b *builder) softmaxAxis(n *Node) error {
	axis := attrInt(n, "axis", -1)
	if b.opset < 13 {
		axis = attrInt(n, "axis", 1)
	}
	rank := b.rank
	if rank == 0 {
		rank = 2
	}
	if axis < 0 {
		axis += int64(rank)
	}
	if axis != int64(rank-1) {
		return b.unsupported(n, "Softmax over axis "+strconv.FormatInt(axis, 10)+" of a rank-"+strconv.Itoa(rank)+
			" tensor: only the last axis (the features of each row) is supported")
	}
	return nil
}

// newLayer appends a layer of k inputs and cols units with input
// parameters in, checking the chain's width.
func (b *qbuilder) newLayer(n *Node, k, cols int, in quant.Params) (*quant.Layer, error) {
	last := len(b.layers) - 1
	if err := b.checkLayer(n, len(b.layers), k, cols, last >= 0 && b.layers[last].Act == nn.Softmax); err != nil {
		return nil, err
	}
	if b.rank > 2 {
		return nil, b.unsupported(n, "a layer on a rank-"+strconv.Itoa(b.rank)+" input: only 2-D products map onto a Dense layer")
	}
	b.layers = append(b.layers, quant.Layer{Inputs: k, Units: cols, In: in})
	b.width = cols
	return &b.layers[len(b.layers)-1], nil
}

func (b *qbuilder) qgemm(n *Node) error {
	if len(n.Inputs) < 2 {
		return b.unsupported(n, "want at least 2 inputs")
	}
	transB := false
	alpha := float32(1)
	if n.OpType == "Gemm" {
		if attrInt(n, "transA", 0) != 0 {
			return b.unsupported(n, "transA=1 transposes the runtime input (batch rows would become columns): not a Dense layer")
		}
		transB = attrInt(n, "transB", 0) != 0
		if alpha = attrFloat(n, "alpha", 1); !(alpha > 0 && alpha <= math.MaxFloat32) {
			return b.unsupported(n, "alpha "+strconv.FormatFloat(float64(alpha), 'g', -1, 32)+": want > 0 (it scales the weight scales)")
		}
	}
	dq := b.deq[n.Inputs[1]]
	if dq == nil {
		return b.unsupported(n, "the weight "+strconv.Quote(n.Inputs[1])+" is not a DequantizeLinear of an int8 constant (float weights in a quantized graph)")
	}
	t := b.consts[dq.Inputs[0]]
	if len(t.Dims) != 2 {
		return b.unsupported(n, "a weight of shape "+dimsString(t.Dims)+", want 2-D")
	}
	k, cols := int(t.Dims[0]), int(t.Dims[1])
	outAxis := int64(1)
	if transB {
		k, cols, outAxis = cols, k, 0
	}
	l, err := b.newLayer(n, k, cols, b.p)
	if err != nil {
		return err
	}
	if l.Weights, l.WeightScales, l.WeightZeroPoints, err = b.weights(dq, 1, t, k, cols, transB, outAxis); err != nil {
		return err
	}
	for j := range l.WeightScales {
		if l.WeightScales[j] *= alpha; !(l.WeightScales[j] > 0 && l.WeightScales[j] <= math.MaxFloat32) {
			return b.unsupported(n, "alpha times a weight scale is not finite and > 0")
		}
	}
	if n.OpType == "Gemm" && len(n.Inputs) > 2 && n.Inputs[2] != "" {
		return b.bias(n, n.Inputs[2], attrFloat(n, "beta", 1))
	}
	return nil
}

// weights returns the k×cols int8 weights (row-major, as quant.Layer has
// them), the per-column scales and zero points (nil if all 0) of the
// constant t (of shape cols×k when transposed) with the scale and zero
// point at inputs si, si+1 of dq (its DequantizeLinear, or a
// QLinearMatMul); outAxis is t's output axis. uint8 weights and zero points
// become int8 ones minus 128, which leaves w − zero unchanged.
func (b *qbuilder) weights(dq *Node, si int, t *Tensor, k, cols int, transposed bool, outAxis int64) ([]int8, []float32, []int32, error) {
	if t.DataType != Int8 && t.DataType != Uint8 {
		return nil, nil, nil, b.unsupported(dq, t.DataType.String()+" weights: only int8 and uint8 are supported")
	}
	shift := int64(0)
	if t.DataType == Uint8 {
		shift = 128
	}
	if len(dq.Inputs) <= si {
		return nil, nil, nil, b.unsupported(dq, "missing the weight scale")
	}
	if attrInt(dq, "block_size", 0) != 0 {
		return nil, nil, nil, b.unsupported(dq, "blocked weight quantization: only per-tensor or per-output-channel scales are supported")
	}
	st := b.consts[dq.Inputs[si]]
	if st == nil || st.Float == nil || (len(st.Float) != 1 && len(st.Float) != cols) || len(st.Dims) > 1 {
		return nil, nil, nil, b.unsupported(dq, "the weight scale is not one float constant or a 1-D one per output channel")
	}
	var zt *Tensor
	if len(dq.Inputs) > si+1 && dq.Inputs[si+1] != "" {
		if zt = b.consts[dq.Inputs[si+1]]; zt == nil || (len(zt.Int) != 1 && len(zt.Int) != cols) || zt.DataType != t.DataType || len(zt.Dims) > 1 {
			return nil, nil, nil, b.unsupported(dq, "the weight zero point is not one constant of the weights' type or one per output channel")
		}
	}
	if cols > 1 && (len(st.Float) > 1 || (zt != nil && len(zt.Int) > 1)) {
		axis := attrInt(dq, "axis", 1)
		if dq.OpType == "QLinearMatMul" {
			axis = outAxis // per column of b, as the operator defines it
		}
		if axis < 0 {
			axis += int64(len(t.Dims))
		}
		if axis != outAxis {
			return nil, nil, nil, b.unsupported(dq, "weight scales along axis "+strconv.FormatInt(axis, 10)+
				", not the output channels' (axis "+strconv.FormatInt(outAxis, 10)+")")
		}
	}
	scales := make([]float32, cols)
	zeros := make([]int32, cols)
	symmetric := true
	for j := range scales {
		scales[j] = st.Float[min(j, len(st.Float)-1)]
		if !(scales[j] > 0 && scales[j] <= math.MaxFloat32) {
			return nil, nil, nil, b.unsupported(dq, "a weight scale is not finite and > 0")
		}
		z := int64(0)
		if zt != nil {
			z = zt.Int[min(j, len(zt.Int)-1)]
		}
		zeros[j] = int32(z - shift)
		symmetric = symmetric && zeros[j] == 0
	}
	if symmetric {
		zeros = nil
	}
	w := make([]int8, k*cols)
	for i := 0; i < k; i++ {
		for j := 0; j < cols; j++ {
			v := t.Int[i*cols+j]
			if transposed {
				v = t.Int[j*k+i]
			}
			w[i*cols+j] = int8(v - shift)
		}
	}
	return w, scales, zeros, nil
}

// bias sets the open layer's int32 bias from the constant name (an int32
// constant through DequantizeLinear, or floats) times beta.
func (b *qbuilder) bias(n *Node, name string, beta float32) error {
	l := &b.layers[len(b.layers)-1]
	real := make([]float64, l.Units)
	exact := make([]int32, 0, l.Units) // the int32 values, when their scale is s_in·s_w
	if dq := b.deq[name]; dq != nil {
		t := b.consts[dq.Inputs[0]]
		if t.DataType != Int32 || len(t.Int) != l.Units && len(t.Int) != 1 {
			return b.unsupported(n, "the bias is "+t.DataType.String()+" of shape "+dimsString(t.Dims)+", want int32, one per output")
		}
		st := b.consts[dq.Inputs[min(1, len(dq.Inputs)-1)]]
		if len(dq.Inputs) < 2 || st == nil || st.Float == nil || (len(st.Float) != 1 && len(st.Float) != l.Units) {
			return b.unsupported(n, "the bias scale is not one float constant or one per output")
		}
		if len(dq.Inputs) > 2 && dq.Inputs[2] != "" {
			zt := b.consts[dq.Inputs[2]]
			if zt == nil || (len(zt.Int) != 1 && len(zt.Int) != l.Units) {
				return b.unsupported(n, "the bias zero point is not one constant or one per output")
			}
			for _, z := range zt.Int {
				if z != 0 {
					return b.unsupported(n, "a bias zero point of "+strconv.FormatInt(z, 10)+", want 0")
				}
			}
		}
		for j := range real {
			s, q := st.Float[min(j, len(st.Float)-1)], t.Int[min(j, len(t.Int)-1)]
			real[j] = float64(beta) * float64(s) * float64(q)
			// onnxruntime's quantizer stores the bias at s_in·s_w (a float32
			// product): then its values are the layer's bias as they are.
			if want := float64(l.In.Scale) * float64(l.WeightScales[j]); beta == 1 && math.Abs(float64(s)-want) <= 1e-6*want {
				exact = append(exact, int32(q))
			}
		}
	} else {
		t, c, err := b.floats(n, name)
		if err != nil {
			return err
		}
		bias, err := b.broadcastBias(n, t, c, l.Units)
		if err != nil {
			return err
		}
		for j := range real {
			real[j] = float64(beta) * float64(bias[j])
		}
	}
	l.Bias = make([]int32, l.Units)
	if len(exact) == l.Units {
		copy(l.Bias, exact)
		return nil
	}
	for j, r := range real {
		q := math.Round(r / (float64(l.In.Scale) * float64(l.WeightScales[j])))
		if !(math.Abs(q) < 1<<31-1) {
			return b.unsupported(n, "bias "+strconv.Itoa(j)+" does not fit int32 at scale s_in·s_w")
		}
		l.Bias[j] = int32(q)
	}
	return nil
}

// qlinearMatMul maps QLinearMatMul(a, a_scale, a_zero, b, b_scale, b_zero,
// y_scale, y_zero) with a constant 2-D b onto a layer without bias.
func (b *qbuilder) qlinearMatMul(n *Node) error {
	if b.state != qInt || len(n.Inputs) != 8 {
		return b.unsupported(n, "QLinearMatMul is supported on an int8 or uint8 tensor, with 8 inputs")
	}
	in, _, err := b.params(n, 1, b.typ)
	if err != nil {
		return err
	}
	if b.pSet && in != b.p {
		return b.unsupported(n, "a's parameters differ from those its tensor was quantized with")
	}
	t := b.consts[n.Inputs[3]]
	if t == nil || len(t.Dims) != 2 {
		return b.unsupported(n, "b is not a 2-D constant (batched or broadcast products are not a Dense layer)")
	}
	k, cols := int(t.Dims[0]), int(t.Dims[1])
	l, err := b.newLayer(n, k, cols, in)
	if err != nil {
		return err
	}
	if l.Weights, l.WeightScales, l.WeightZeroPoints, err = b.weights(n, 4, t, k, cols, false, 1); err != nil {
		return err
	}
	var typ DataType
	if l.Pre, typ, err = b.params(n, 6, 0); err != nil {
		return err
	}
	l.Out = l.Pre
	b.state, b.p, b.pSet, b.typ = qInt, l.Pre, true, typ
	return nil
}
