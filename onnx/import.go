package onnx

import (
	"errors"
	"math"
	"strconv"

	"github.com/simdnn/simdnn/nn"
)

// ImportOptions configure Import.
type ImportOptions struct {
	// Output is the graph output to compute; "" takes the graph's only
	// output (or its first). Nodes that do not lead to it are dropped.
	Output string
	// MaxBatch is the model's batch size (nn.Config.MaxBatch): Predict
	// takes any number of rows, this many at a time. 0 means 64.
	MaxBatch int
	// Optimizer is what the model trains with if training continues; the
	// zero value means SGD at LR 0.01.
	Optimizer nn.Optimizer
	// Constants gives values to graph inputs that are not the data input
	// (weights passed as inputs, as ONNX's node tests do).
	Constants map[string]*Tensor
}

// Import maps the graph of an MLP onto an nn.Model: one runtime input
// (batch × features; Flatten or Reshape to that at the input), then Dense
// layers, each a Gemm (alpha, beta, transB; transA only on constants) or a
// MatMul followed by an Add of a bias, an optional BatchNormalization
// folded into it, and an optional activation (Relu, LeakyRelu, Sigmoid,
// Tanh; Softmax on the last axis at the end). Identity and Dropout are
// dropped; an activation with no Dense layer before it gets an identity
// layer. Anything else is an error naming the node, its operator and the
// opset. The model's weights are the graph's constants, in float32.
func Import(m *Model, opt ImportOptions) (*nn.Model, error) {
	g := &m.Graph
	opset := m.Opsets[""]
	consts, data, output, err := prepare(m, opt)
	if err != nil {
		return nil, err
	}
	nodes := prune(batchReshape(fuseSoftmax(constants(g.Nodes, consts), consts), consts), output)

	b := newBuilder(consts, opset, data)
	for i := range nodes {
		if int8Ops[nodes[i].OpType] && nodes[i].Domain == "" {
			return nil, b.unsupported(&nodes[i], "a quantized graph: ImportInt8 maps it onto an int8 model")
		}
	}
	for i := range nodes {
		if err := b.node(&nodes[i], i == 0); err != nil {
			return nil, err
		}
	}
	if b.cur != output {
		return nil, errors.New("onnx: output " + strconv.Quote(output) + " is not computed by a chain from the input")
	}
	if len(b.layers) == 0 {
		return nil, errors.New("onnx: the graph computes no layer")
	}
	return b.model(opt)
}

// newBuilder starts a chain at the runtime input data.
func newBuilder(consts map[string]*Tensor, opset int64, data *ValueInfo) builder {
	b := builder{consts: consts, opset: opset, cur: data.Name, width: -1}
	if data.HasShape && len(data.Shape) > 0 {
		b.rank = len(data.Shape)
		if d := data.Shape[len(data.Shape)-1]; d.Value > 0 {
			b.width = int(d.Value)
		}
	}
	return b
}

// prepare returns what both imports start from: the constants (the
// initializers and opt.Constants, checked), the one runtime input and the
// output to compute.
func prepare(m *Model, opt ImportOptions) (map[string]*Tensor, *ValueInfo, string, error) {
	g := &m.Graph
	consts := map[string]*Tensor{}
	for _, t := range g.Initializers {
		consts[t.Name] = t
	}
	for name, t := range opt.Constants {
		if t == nil || t.Elements() != len(t.Float)+len(t.Double)+len(t.Int) {
			return nil, nil, "", errors.New("onnx: ImportOptions.Constants[" + strconv.Quote(name) + "]: values do not match the dimensions")
		}
		consts[name] = t
	}
	var data *ValueInfo
	for i := range g.Inputs {
		in := &g.Inputs[i]
		if consts[in.Name] != nil {
			continue
		}
		if data != nil {
			return nil, nil, "", errors.New("onnx: the graph has more than one runtime input (" + strconv.Quote(data.Name) + ", " +
				strconv.Quote(in.Name) + "); give the others values in ImportOptions.Constants")
		}
		data = in
	}
	if data == nil {
		return nil, nil, "", errors.New("onnx: the graph has no runtime input")
	}
	output := opt.Output
	if output == "" {
		if len(g.Outputs) == 0 {
			return nil, nil, "", errors.New("onnx: the graph has no output")
		}
		output = g.Outputs[0].Name
	}
	return consts, data, output, nil
}

// int8Ops are the operators of the quantized graphs ImportInt8 maps.
var int8Ops = map[string]bool{"QuantizeLinear": true, "DequantizeLinear": true, "QLinearMatMul": true}

// dynamicOps are integer operators neither import maps (dynamic
// quantization, integer convolutions).
var dynamicOps = map[string]bool{"MatMulInteger": true, "DynamicQuantizeLinear": true, "ConvInteger": true, "QLinearConv": true}

const dynamicWhy = "dynamic quantization and integer convolutions are not supported (quantize statically, to QDQ, for ImportInt8)"

// constants moves the values of Constant nodes (a tensor "value", or
// "value_float(s)", "value_int(s)") into consts and returns the other nodes.
func constants(nodes []Node, consts map[string]*Tensor) []Node {
	var out []Node
	for _, n := range nodes {
		if n.OpType != "Constant" || n.Domain != "" || len(n.Outputs) != 1 || len(n.Attrs) != 1 {
			out = append(out, n)
			continue
		}
		a := n.Attrs[0]
		var t *Tensor
		switch a.Name {
		case "value":
			t = a.T
		case "value_float":
			t = &Tensor{DataType: Float, Float: []float32{a.F}}
		case "value_floats":
			t = &Tensor{DataType: Float, Dims: []int64{int64(len(a.Floats))}, Float: a.Floats}
		case "value_int":
			t = &Tensor{DataType: Int64, Int: []int64{a.I}}
		case "value_ints":
			t = &Tensor{DataType: Int64, Dims: []int64{int64(len(a.Ints))}, Int: a.Ints}
		}
		if t == nil {
			out = append(out, n) // (refused later, by name)
			continue
		}
		consts[n.Outputs[0]] = t
	}
	return out
}

// fuseSoftmax replaces Softmax written out in primitive operators —
// Div(Exp(Sub(x, ReduceMax(x))), ReduceSum(Exp(…))) over one axis, with
// keepdims — by one Softmax node over that axis (as ONNX's function
// expansion and some exporters write it).
func fuseSoftmax(nodes []Node, consts map[string]*Tensor) []Node {
	producer := map[string]int{}
	for i, n := range nodes {
		for _, o := range n.Outputs {
			producer[o] = i
		}
	}
	from := func(v, op string) (int, *Node) {
		i, ok := producer[v]
		if !ok || nodes[i].OpType != op || nodes[i].Domain != "" {
			return -1, nil
		}
		return i, &nodes[i]
	}
	axis := func(n *Node) (int64, bool) { // the one reduced axis, keepdims 1
		if attrInt(n, "keepdims", 1) != 1 {
			return 0, false
		}
		var axes []int64
		if a := attr(n, "axes"); a != nil {
			axes = a.Ints
		} else if len(n.Inputs) > 1 && consts[n.Inputs[1]] != nil {
			axes = consts[n.Inputs[1]].Int
		}
		return firstOf(axes), len(axes) == 1
	}
	drop := map[int]bool{}
	for di := range nodes {
		div := &nodes[di]
		if div.OpType != "Div" || div.Domain != "" || len(div.Inputs) != 2 || len(div.Outputs) != 1 {
			continue
		}
		ei, exp := from(div.Inputs[0], "Exp")
		si, sum := from(div.Inputs[1], "ReduceSum")
		if exp == nil || sum == nil || len(sum.Inputs) == 0 || sum.Inputs[0] != exp.Outputs[0] || len(exp.Inputs) != 1 {
			continue
		}
		bi, sub := from(exp.Inputs[0], "Sub")
		if sub == nil || len(sub.Inputs) != 2 {
			continue
		}
		mi, rmax := from(sub.Inputs[1], "ReduceMax")
		if rmax == nil || len(rmax.Inputs) == 0 || rmax.Inputs[0] != sub.Inputs[0] {
			continue
		}
		a1, ok1 := axis(rmax)
		a2, ok2 := axis(sum)
		if !ok1 || !ok2 || a1 != a2 {
			continue
		}
		*div = Node{Name: div.Name, OpType: "Softmax", Inputs: []string{sub.Inputs[0]}, Outputs: div.Outputs,
			Attrs: []Attr{{Name: "axis", Type: AttrInt, I: a1}}}
		drop[ei], drop[si], drop[bi], drop[mi] = true, true, true, true
	}
	if len(drop) == 0 {
		return nodes
	}
	var out []Node
	for i, n := range nodes {
		if !drop[i] {
			out = append(out, n)
		}
	}
	return out
}

func firstOf(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	return v[0]
}

// batchReshape gives a constant shape to each Reshape whose shape is
// computed as [the batch size of its input, c] — Concat(Unsqueeze(Gather(
// Shape(x), 0)), [c]), how PyTorch exports x.view(x.size(0), -1) — namely
// [0, c] (0: keep the batch dimension); the nodes that computed it are then
// pruned away.
func batchReshape(nodes []Node, consts map[string]*Tensor) []Node {
	producer := map[string]*Node{}
	for i := range nodes {
		for _, o := range nodes[i].Outputs {
			producer[o] = &nodes[i]
		}
	}
	op := func(v, want string) *Node {
		if n := producer[v]; n != nil && n.OpType == want && n.Domain == "" && len(n.Inputs) > 0 {
			return n
		}
		return nil
	}
	for i := range nodes {
		r := &nodes[i]
		if r.OpType != "Reshape" || r.Domain != "" || len(r.Inputs) != 2 || consts[r.Inputs[1]] != nil {
			continue
		}
		cat := op(r.Inputs[1], "Concat")
		if cat == nil || len(cat.Inputs) != 2 || attrInt(cat, "axis", 0) != 0 {
			continue
		}
		c := consts[cat.Inputs[1]]
		if c == nil || len(c.Int) != 1 {
			continue
		}
		un := op(cat.Inputs[0], "Unsqueeze")
		if un == nil {
			continue
		}
		g := op(un.Inputs[0], "Gather")
		if g == nil || len(g.Inputs) != 2 || attrInt(g, "axis", 0) != 0 {
			continue
		}
		if idx := consts[g.Inputs[1]]; idx == nil || len(idx.Int) != 1 || idx.Int[0] != 0 {
			continue
		}
		if sh := op(g.Inputs[0], "Shape"); sh == nil || sh.Inputs[0] != r.Inputs[0] {
			continue
		}
		name := r.Inputs[1] + ".batch_shape"
		consts[name] = &Tensor{Name: name, DataType: Int64, Dims: []int64{2}, Int: []int64{0, c.Int[0]}}
		r.Inputs = []string{r.Inputs[0], name}
	}
	return nodes
}

// prune returns the nodes output depends on, in graph order.
func prune(nodes []Node, output string) []Node {
	producer := map[string]int{}
	for i, n := range nodes {
		for _, o := range n.Outputs {
			producer[o] = i
		}
	}
	need := make([]bool, len(nodes))
	stack := []string{output}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, ok := producer[v]
		if !ok || need[i] {
			continue
		}
		need[i] = true
		stack = append(stack, nodes[i].Inputs...)
	}
	var out []Node
	for i, n := range nodes {
		if need[i] {
			out = append(out, n)
		}
	}
	return out
}

// A layer is one Dense layer being assembled: W is in×out, row-major.
type layer struct {
	in, out int
	w, b    []float32
	act     nn.Activation
	slope   float32 // LeakyRelu's
	output  string  // the value the layer computes so far
	softmax bool
}

type builder struct {
	generated    int // weights of the identity layers made so far
	totalWeights int // weights of all layers so far
	consts       map[string]*Tensor
	opset        int64
	cur          string // the value the chain has reached
	width        int    // its features, -1 while unknown
	rank         int    // the data input's rank (0: unknown)
	layers       []layer
}

func (b *builder) unsupported(n *Node, why string) error {
	name := n.Name
	if name == "" && len(n.Outputs) > 0 {
		name = n.Outputs[0]
	}
	domain := n.Domain
	if domain == "" {
		domain = "ai.onnx"
	}
	return errors.New("onnx: node " + strconv.Quote(name) + " (" + n.OpType + ", " + domain + " opset " +
		strconv.FormatInt(b.opset, 10) + "): " + why)
}

func attr(n *Node, name string) *Attr {
	for i := range n.Attrs {
		if n.Attrs[i].Name == name {
			return &n.Attrs[i]
		}
	}
	return nil
}

func attrInt(n *Node, name string, def int64) int64 {
	if a := attr(n, name); a != nil {
		return a.I
	}
	return def
}

func attrFloat(n *Node, name string, def float32) float32 {
	if a := attr(n, name); a != nil {
		return a.F
	}
	return def
}

// floats returns a constant's values as float32.
func (b *builder) floats(n *Node, name string) (*Tensor, []float32, error) {
	t := b.consts[name]
	if t == nil {
		return nil, nil, b.unsupported(n, "input "+strconv.Quote(name)+" is not a constant (an MLP has one runtime input)")
	}
	switch {
	case t.Float != nil:
		return t, t.Float, nil
	case t.Double != nil:
		f := make([]float32, len(t.Double))
		for i, v := range t.Double {
			f[i] = float32(v)
		}
		return t, f, nil
	}
	return nil, nil, b.unsupported(n, "constant "+strconv.Quote(name)+" is "+t.DataType.String()+", want floating point")
}

// last returns the open layer whose output the chain is at, if any.
func (b *builder) last() *layer {
	if len(b.layers) == 0 {
		return nil
	}
	l := &b.layers[len(b.layers)-1]
	if l.output != b.cur {
		return nil
	}
	return l
}

// chained returns the output of a node that continues the chain (a node of
// the default domain whose first input is the chain's value), or the error
// for one that does not.
func (b *builder) chained(n *Node) (string, error) {
	if n.Domain != "" {
		return "", b.unsupported(n, "operator of domain "+strconv.Quote(n.Domain)+" is not supported")
	}
	if len(n.Inputs) == 0 || n.Inputs[0] != b.cur {
		return "", b.unsupported(n, "does not take the chain's value "+strconv.Quote(b.cur)+" as its first input (only chains of layers are supported)")
	}
	if len(n.Outputs) == 0 {
		return "", b.unsupported(n, "has no output")
	}
	return n.Outputs[0], nil
}

func (b *builder) node(n *Node, first bool) error {
	out, err := b.chained(n)
	if err != nil {
		return err
	}
	switch n.OpType {
	case "Identity", "Dropout":
		if l := b.last(); l != nil {
			l.output = out
		}
		b.cur = out
		return nil
	case "Flatten", "Reshape":
		return b.flatten(n, first, out)
	case "Gemm":
		return b.gemm(n, out)
	case "MatMul":
		if len(n.Inputs) != 2 {
			return b.unsupported(n, "want 2 inputs")
		}
		t, w, err := b.floats(n, n.Inputs[1])
		if err != nil {
			return err
		}
		if len(t.Dims) != 2 || b.rank > 2 {
			return b.unsupported(n, "batched or broadcast MatMul (a weight of shape "+dimsString(t.Dims)+" on a rank-"+strconv.Itoa(b.rank)+" input): only 2-D products map onto a Dense layer")
		}
		return b.dense(n, out, int(t.Dims[0]), int(t.Dims[1]), w, false)
	case "Add":
		l := b.last()
		if l == nil || l.act != nn.Linear || len(n.Inputs) != 2 {
			return b.unsupported(n, "an Add is supported only as the bias right after a MatMul or Gemm")
		}
		t, c, err := b.floats(n, n.Inputs[1])
		if err != nil {
			return err
		}
		bias, err := b.broadcastBias(n, t, c, l.out)
		if err != nil {
			return err
		}
		for j := range l.b {
			l.b[j] += bias[j]
		}
		l.output, b.cur = out, out
		return nil
	case "BatchNormalization":
		return b.batchNorm(n, out)
	case "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Softmax":
		return b.activation(n, out)
	}
	if dynamicOps[n.OpType] {
		return b.unsupported(n, dynamicWhy)
	}
	return b.unsupported(n, "unsupported operator")
}

func (b *builder) flatten(n *Node, first bool, out string) error {
	if !first {
		return b.unsupported(n, "Flatten and Reshape are supported only on the input")
	}
	if n.OpType == "Flatten" {
		if axis := attrInt(n, "axis", 1); axis != 1 {
			return b.unsupported(n, "Flatten with axis "+strconv.FormatInt(axis, 10)+": only axis 1 (batch × features) is supported")
		}
		b.width = -1 // the product of the input's trailing dimensions: known at the first layer
	} else {
		t := b.consts[n.Inputs[len(n.Inputs)-1]]
		if len(n.Inputs) != 2 || t == nil || len(t.Int) != 2 {
			return b.unsupported(n, "Reshape is supported only to a constant 2-D shape (batch × features)")
		}
		if t.Int[1] > 0 {
			b.width = int(t.Int[1])
		} else {
			b.width = -1
		}
	}
	b.rank = 2
	b.cur = out
	return nil
}

func (b *builder) gemm(n *Node, out string) error {
	if len(n.Inputs) < 2 {
		return b.unsupported(n, "want at least 2 inputs")
	}
	if attrInt(n, "transA", 0) != 0 {
		return b.unsupported(n, "transA=1 transposes the runtime input (batch rows would become columns): not a Dense layer")
	}
	if b.rank > 2 {
		return b.unsupported(n, "Gemm on a rank-"+strconv.Itoa(b.rank)+" input")
	}
	t, w, err := b.floats(n, n.Inputs[1])
	if err != nil {
		return err
	}
	if len(t.Dims) != 2 {
		return b.unsupported(n, "B of shape "+dimsString(t.Dims)+", want 2-D")
	}
	k, cols := int(t.Dims[0]), int(t.Dims[1])
	transB := attrInt(n, "transB", 0) != 0
	if transB {
		k, cols = cols, k
	}
	if err := b.dense(n, out, k, cols, w, transB); err != nil {
		return err
	}
	l := &b.layers[len(b.layers)-1]
	if alpha := attrFloat(n, "alpha", 1); alpha != 1 {
		for i := range l.w {
			l.w[i] *= alpha
		}
	}
	if len(n.Inputs) > 2 && n.Inputs[2] != "" {
		ct, c, err := b.floats(n, n.Inputs[2])
		if err != nil {
			return err
		}
		bias, err := b.broadcastBias(n, ct, c, cols)
		if err != nil {
			return err
		}
		beta := attrFloat(n, "beta", 1)
		for j := range l.b {
			l.b[j] = beta * bias[j]
		}
	}
	return nil
}

// dense opens a layer with the k×cols weights w (stored cols×k when
// transposed).
func (b *builder) dense(n *Node, out string, k, cols int, w []float32, transposed bool) error {
	if k < 1 || cols < 1 || len(w) != k*cols {
		return b.unsupported(n, "weights of shape "+strconv.Itoa(k)+"×"+strconv.Itoa(cols)+" with "+strconv.Itoa(len(w))+" values")
	}
	if err := b.checkLayer(n, len(b.layers), k, cols, len(b.layers) > 0 && b.layers[len(b.layers)-1].softmax); err != nil {
		return err
	}
	l := layer{in: k, out: cols, w: make([]float32, k*cols), b: make([]float32, cols), output: out}
	for i := 0; i < k; i++ {
		for j := 0; j < cols; j++ {
			if transposed {
				l.w[i*cols+j] = w[j*k+i]
			} else {
				l.w[i*cols+j] = w[i*cols+j]
			}
		}
	}
	b.layers = append(b.layers, l)
	b.width, b.cur = cols, out
	return nil
}

// checkLayer checks a new layer of k×cols weights after count layers
// (the last a Softmax if afterSoftmax) and counts its weights.
func (b *builder) checkLayer(n *Node, count, k, cols int, afterSoftmax bool) error {
	if count >= maxLayers {
		return b.unsupported(n, "more than "+strconv.Itoa(maxLayers)+" layers")
	}
	if b.totalWeights += k * cols; b.totalWeights > maxWeights {
		return b.unsupported(n, "more than "+strconv.Itoa(maxWeights)+" weights in all (a constant used by many layers is copied into each)")
	}
	if b.width >= 0 && k != b.width {
		return b.unsupported(n, "weights of "+strconv.Itoa(k)+" rows for an input of "+strconv.Itoa(b.width)+" features")
	}
	if afterSoftmax {
		return b.unsupported(n, "a layer after a Softmax: Softmax is supported only at the output")
	}
	return nil
}

// broadcastBias returns a bias of n values from a constant of shape [],
// [1], [n] or [1, n].
func (b *builder) broadcastBias(node *Node, t *Tensor, c []float32, n int) ([]float32, error) {
	rows := 1
	for i, d := range t.Dims {
		if i < len(t.Dims)-1 {
			rows *= int(d)
		}
	}
	switch {
	case len(c) == 1:
		out := make([]float32, n)
		for j := range out {
			out[j] = c[0]
		}
		return out, nil
	case len(c) == n && rows == 1 && len(t.Dims) <= 2:
		return c, nil
	}
	return nil, b.unsupported(node, "a bias of shape "+dimsString(t.Dims)+" for "+strconv.Itoa(n)+
		" outputs: only one value per output (or one for all) maps onto a Dense layer, not one per row")
}

func (b *builder) batchNorm(n *Node, out string) error {
	l := b.last()
	if l == nil || l.act != nn.Linear || len(n.Inputs) != 5 {
		return b.unsupported(n, "BatchNormalization is supported only right after a Gemm or MatMul (it is folded into the weights)")
	}
	var p [4][]float32
	for i := range p {
		_, v, err := b.floats(n, n.Inputs[i+1])
		if err != nil {
			return err
		}
		if len(v) != l.out {
			return b.unsupported(n, "a parameter of "+strconv.Itoa(len(v))+" values for "+strconv.Itoa(l.out)+" channels")
		}
		p[i] = v
	}
	scale, shift, mean, variance := p[0], p[1], p[2], p[3]
	eps := float64(attrFloat(n, "epsilon", 1e-5))
	for j := 0; j < l.out; j++ {
		s := float64(scale[j]) / math.Sqrt(float64(variance[j])+eps)
		for i := 0; i < l.in; i++ {
			l.w[i*l.out+j] = float32(float64(l.w[i*l.out+j]) * s)
		}
		l.b[j] = float32((float64(l.b[j])-float64(mean[j]))*s + float64(shift[j]))
	}
	l.output, b.cur = out, out
	return nil
}

// elementwise returns the activation of a Relu, LeakyRelu (alpha 0 is
// ReLU; others must lie in (0, 1)), Sigmoid or Tanh node.
func (b *builder) elementwise(n *Node) (nn.Activation, float32, error) {
	switch n.OpType {
	case "Sigmoid":
		return nn.Sigmoid, 0, nil
	case "Tanh":
		return nn.Tanh, 0, nil
	case "LeakyRelu":
		switch slope := attrFloat(n, "alpha", 0.01); {
		case slope == 0:
			return nn.ReLU, 0, nil // the same function
		case !(slope > 0 && slope < 1):
			return 0, 0, b.unsupported(n, "LeakyRelu alpha "+strconv.FormatFloat(float64(slope), 'g', -1, 32)+": only 0 ≤ alpha < 1 maps onto nn's LeakyReLU")
		default:
			return nn.LeakyReLU, slope, nil
		}
	}
	return nn.ReLU, 0, nil
}

func (b *builder) activation(n *Node, out string) error {
	act, slope := nn.Softmax, float32(0)
	if n.OpType == "Softmax" {
		if err := b.softmaxAxis(n); err != nil {
			return err
		}
	} else {
		var err error
		if act, slope, err = b.elementwise(n); err != nil {
			return err
		}
	}
	l := b.last()
	if l == nil || l.act != nn.Linear {
		if b.width < 0 || b.width > maxIdentity {
			return b.unsupported(n, "an activation with no layer before it, on an input of unknown width or wider than "+strconv.Itoa(maxIdentity))
		}
		if b.generated += b.width * b.width; b.generated > maxGenerated {
			return b.unsupported(n, "too many activations without a layer between them (identity layers of "+strconv.Itoa(b.generated)+" weights)")
		}
		id := make([]float32, b.width*b.width) // an identity layer carries it
		for i := 0; i < b.width; i++ {
			id[i*b.width+i] = 1
		}
		if err := b.dense(n, out, b.width, b.width, id, false); err != nil {
			return err
		}
		l = &b.layers[len(b.layers)-1]
	}
	l.act, l.slope, l.softmax = act, slope, act == nn.Softmax
	l.output, b.cur = out, out
	return nil
}

// maxIdentity bounds the identity layer an activation without a layer
// before it gets (width² weights), maxGenerated all of them together, so
// that a small file cannot make Import allocate much more than it holds;
// maxWeights bounds all layers' weights (a file may use one constant in many
// layers); maxLayers is nn's limit.
const (
	maxIdentity  = 4096
	maxGenerated = 1 << 24
	maxLayers    = 1 << 10
	maxWeights   = 1 << 26
)

// model builds the nn.Model and copies the weights in.
func (b *builder) model(opt ImportOptions) (*nn.Model, error) {
	cfg := nn.Config{Inputs: b.layers[0].in, MaxBatch: opt.MaxBatch, Optimizer: opt.Optimizer, Loss: nn.MSE}
	if cfg.MaxBatch == 0 {
		cfg.MaxBatch = 64
	}
	if cfg.Optimizer == (nn.Optimizer{}) {
		cfg.Optimizer = nn.Optimizer{Kind: nn.SGD, LR: 0.01}
	}
	var slope float32
	seen := false
	for i, l := range b.layers {
		if l.softmax && i != len(b.layers)-1 {
			return nil, errors.New("onnx: a Softmax before the last layer: Softmax is supported only at the output")
		}
		if l.act == nn.LeakyReLU {
			if seen && slope != l.slope {
				return nil, errors.New("onnx: LeakyRelu layers with different alphas: the model has one slope")
			}
			slope, seen = l.slope, true
		}
		cfg.Layers = append(cfg.Layers, nn.Dense(l.out, l.act))
	}
	cfg.LeakySlope = slope
	if b.layers[len(b.layers)-1].softmax {
		cfg.Loss = nn.SoftmaxCrossEntropy
	}
	m, err := nn.New(cfg)
	if err != nil {
		return nil, errors.New("onnx: " + err.Error())
	}
	for i, l := range b.layers {
		w, bias := m.Params(i)
		copy(w.Data, l.w)
		copy(bias, l.b)
	}
	return m, nil
}
