// Package quant is simdnn's int8 post-training quantization and int8
// inference, with TFLite's integer arithmetic and the same results on every
// implementation tier.
//
// # Quantizing a model
//
// [Quantize] turns a trained [nn.Model] into a [Model]:
//
//   - weights: per output channel, symmetric, int8 in [−127, 127]
//     (scale max|w|/127);
//   - activations: per tensor, asymmetric int8 ([Params]: real =
//     Scale·(q − ZeroPoint)); each layer's range is what the float model
//     produces on a representative set of inputs (calib: a few hundred
//     typical rows), its minimum and maximum or, with
//     [Calibration].Percentile, a percentile that clips outliers;
//   - biases: int32 at scale s_in·s_w, with the input zero point folded in;
//   - requantization int32 → int8 per channel with a Q31 multiplier and a
//     shift ([QuantizeMultiplier]), rounding exactly as TFLite's reference
//     MultiplyByQuantizedMultiplier; ReLU is the clamp at the output zero
//     point; Sigmoid, Tanh and LeakyReLU are 256-entry tables (Sigmoid's
//     output in steps of 1/256, Tanh's of 1/128, as TFLite fixes them);
//   - a Softmax output layer ends in int8 logits: [Model.Predict] turns them
//     into probabilities with a 256-entry table of exp(−s·d) (s the logits'
//     scale, d the distance to the largest logit), [Model.PredictInt8]
//     returns them (their argmax is the class).
//
// # Inference
//
// [Model.Predict] takes and returns float32 rows like nn.Model.Predict;
// [Model.PredictInt8] takes rows already quantized with
// [Model.InputParams]. Neither allocates. A Model is immutable: goroutines
// predict concurrently, each with its own [Workspace]
// ([Model.NewWorkspace], [Model.PredictWith]).
//
// The arithmetic is integer from the quantized input to the int8 output,
// and Predict's float outputs are a fixed function of those, so every tier
// (Generic, AVX2, AVX512, AVX512VNNI, NEON, NEONDotProd; see package
// kernels) returns the same bits, on every architecture. Quantizing a float input divides
// by the scale in float32 and rounds half away from zero, as TFLite's
// Quantize op does.
//
// # Files
//
// [Model.Save] and [Model.AppendBinary] write a versioned file with a
// CRC-32C checksum; [Load] reads at most [MaxLoadBytes]; [LoadBytes]
// decodes a []byte (for example a go:embed variable) and uses the packed
// weights in place, without copying them. A damaged or hostile file is an
// error, never a panic or an unbounded allocation. Version 2 files also
// hold each layer's weight scales; version 1 files still load (their
// weight scales are derived from the requantization multipliers).
//
// # Models quantized elsewhere
//
// [New] builds a Model from [Layer] descriptions — int8 weights with
// per-channel scales, int32 biases, the parameters of each activation —
// as a quantized graph states them (package onnx's ImportInt8 reads them
// from ONNX files); [Model.Layers] returns them for a model (what
// onnx.ExportInt8 writes). New(m.Layers()) is the same model, bit for bit,
// for a model from Quantize, New or a version 2 file (a version 1 file's
// derived weight scales may move a requantization multiplier by its last
// bits).
package quant
