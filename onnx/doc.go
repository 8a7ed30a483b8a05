// Package onnx reads ONNX models of fully connected networks into nn.Model
// (float32) or quant.Model (int8), so that MLPs trained in PyTorch, Keras
// or scikit-learn run on simdnn's kernels, allocation-free, in a static
// binary for any board Go targets; Export and ExportInt8 write simdnn's
// models for onnxruntime, Netron and other tools.
//
// Decode reads a model file (a ModelProto) with google.golang.org/protobuf's
// protowire only — no generated code — and the fields MLPs need: the graph's
// nodes, attributes, initializers (raw_data or the typed fields; float32,
// float16 widened, float64, the integer types), inputs and outputs with
// their shapes (symbolic dimensions kept by name). External data,
// subgraphs, sparse and string tensors are refused with an error that says
// so, and Limits bound every size before anything is allocated, so a
// damaged or hostile file is an error, never a panic or an unbounded
// allocation (FuzzDecode).
//
// Import maps a graph onto Dense layers: Gemm (alpha, beta, transB) or
// MatMul + Add, an optional BatchNormalization folded into the weights, and
// Relu, LeakyRelu, Sigmoid, Tanh or a final Softmax (on the last axis, with
// opset 13's or the older opsets' axis rules); Flatten or Reshape to batch ×
// features at the input (a constant shape, or the Shape, Gather, Unsqueeze,
// Concat computation of PyTorch's x.view(x.size(0), -1)); Identity and
// Dropout dropped; Constant nodes taken as constants; a Softmax written out
// in primitive operators fused back into one; the graph pruned to the
// requested output. Anything else is an error naming the node, the operator
// and the opset. ONNX's node conformance tests for these operators pass
// within ONNX's default tolerance (TestNodeConformance lists the ones
// refused, with the reason).
//
// ImportInt8 maps quantized graphs (QDQ around Gemm and MatMul, as
// onnxruntime's quantizer writes them, and QLinearMatMul) onto quant's int8
// layers; IsQuantized says which import a graph needs. Its integer
// arithmetic is TFLite's rather than ONNX's reference: see ImportInt8 for
// where results may differ by one step. ExportInt8 writes a quant.Model in
// QDQ form; ImportInt8 of it is the same model, byte for byte.
package onnx
