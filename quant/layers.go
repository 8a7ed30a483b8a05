package quant

import (
	"errors"
	"math"
	"strconv"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
)

// A Layer describes one int8 Dense layer in the terms a quantized graph
// uses (ONNX's QDQ form, TFLite's FullyConnected): New builds a Model from
// layers, Model.Layers returns a model's. With x the input (quantized with
// In) the layer computes
//
//	acc[j] = Bias[j] + Σᵢ (x[i] − In.ZeroPoint)·(Weights[i·Units+j] − WeightZeroPoints[j])
//	pre[j] = requantize(acc[j]) with Pre: the real value acc·In.Scale·WeightScales[j]
//	out[j] = Act(pre[j]) quantized with Out
//
// so the real weight is WeightScales[j]·(Weights[i·Units+j] −
// WeightZeroPoints[j]) (per output channel) and the real bias
// Bias[j]·In.Scale·WeightScales[j]. Quantize makes symmetric weights (no
// zero points), as TFLite does; graphs from elsewhere (ONNX's
// QLinearMatMul) may have asymmetric ones: each row then costs a sum of its
// inputs more.
type Layer struct {
	Inputs, Units int
	Weights       []int8    // Inputs × Units, row i (input i) at Weights[i·Units:]
	WeightScales  []float32 // one per unit, each finite and > 0
	// WeightZeroPoints: nil (symmetric weights, zero points 0) or one per
	// unit, in [−128, 127].
	WeightZeroPoints []int32
	Bias             []int32 // one per unit; nil means zeros
	In               Params  // of the input: the previous layer's Out
	Pre              Params  // of the requantized accumulator
	// Act is Linear, ReLU, Sigmoid, Tanh, LeakyReLU (with LeakySlope in
	// (0, 1)) or, on the last layer only, Softmax (whose probabilities
	// Predict computes from the int8 logits).
	Act        nn.Activation
	LeakySlope float32
	// Out is the output's parameters. It must equal Pre for Linear and
	// Softmax. For ReLU it may equal Pre (then ReLU is the clamp at Pre's
	// zero point); otherwise, and for Sigmoid, Tanh and LeakyReLU, the
	// activation is a 256-entry table from Pre to Out:
	// Out.Quantize(f(Pre.Dequantize(q))).
	Out Params
}

// New builds an int8 model from its layers (each one's In the previous
// one's Out), for batches of up to maxBatch rows (0 means 64). It copies
// what it keeps. The requantization multipliers are In.Scale·
// WeightScales[j]/Pre.Scale, computed in float64 and rounded to Q31 as
// QuantizeMultiplier does.
func New(layers []Layer, maxBatch int) (*Model, error) {
	if maxBatch == 0 {
		maxBatch = 64
	}
	if maxBatch < 1 || maxBatch > 1<<20 {
		return nil, errors.New("quant.New: maxBatch outside 1..2^20")
	}
	if len(layers) == 0 || len(layers) > maxLayers {
		return nil, errors.New("quant.New: want 1.." + strconv.Itoa(maxLayers) + " layers")
	}
	m := &Model{inputs: layers[0].Inputs, maxBatch: maxBatch}
	for i := range layers {
		l, err := build(&layers[i], i == len(layers)-1)
		if err == nil && i > 0 && (l.k != layers[i-1].Units || l.in != layers[i-1].Out) {
			err = errors.New("its Inputs and In are not the previous layer's Units and Out")
		}
		if err != nil {
			return nil, errors.New("quant.New: layer " + strconv.Itoa(i) + ": " + err.Error())
		}
		m.layers = append(m.layers, l)
	}
	m.finish()
	return m, nil
}

// build checks s and returns the layer it describes.
func build(s *Layer, last bool) (layer, error) {
	k, n := s.Inputs, s.Units
	switch {
	case k < 1 || n < 1 || k > (1<<31-1)/128/127 || n > maxUnits:
		return layer{}, errors.New("Inputs or Units out of range")
	case int64(len(s.Weights)) != int64(k)*int64(n) || len(s.WeightScales) != n || (s.Bias != nil && len(s.Bias) != n) ||
		(s.WeightZeroPoints != nil && len(s.WeightZeroPoints) != n):
		return layer{}, errors.New("want Inputs×Units weights and Units weight scales, biases and weight zero points")
	case !s.In.valid() || !s.Pre.valid() || !s.Out.valid():
		return layer{}, errors.New("invalid quantization parameters (want a finite scale > 0, a zero point in [−128, 127])")
	}
	l := layer{k: k, n: n, act: s.Act, in: s.In, pre: s.Pre, out: s.Out, lo: -128, hi: 127,
		wscale: append([]float32(nil), s.WeightScales...)}
	if s.Act == nn.LeakyReLU {
		l.slope = s.LeakySlope // (ignored for the other activations)
	}
	switch s.Act {
	case nn.Linear, nn.Softmax:
		if s.Out != s.Pre {
			return layer{}, errors.New(s.Act.String() + " with Out ≠ Pre")
		}
		if s.Act == nn.Softmax && !last {
			return layer{}, errors.New("a Softmax before the last layer")
		}
	case nn.ReLU, nn.Sigmoid, nn.Tanh, nn.LeakyReLU:
		if s.Act == nn.LeakyReLU && !(s.LeakySlope > 0 && s.LeakySlope < 1) {
			return layer{}, errors.New("LeakySlope outside (0, 1)")
		}
		if s.Act == nn.ReLU && s.Out == s.Pre {
			l.lo = int8(s.Pre.ZeroPoint)
			break
		}
		f := activation(s.Act, l.slope)
		l.table = new([256]int8)
		for c := range l.table {
			l.table[c] = s.Out.Quantize(f(s.Pre.Dequantize(int8(c - 128))))
		}
	default:
		return layer{}, errors.New("unsupported activation " + s.Act.String())
	}
	// The largest |Σ (x−z)·w| the int32 accumulator must hold besides the
	// bias (raw products, and with weight zero points their row-sum term).
	headroom := int64(k) * 128 * 128
	for _, z := range s.WeightZeroPoints {
		if z < -128 || z > 127 {
			return layer{}, errors.New("a weight zero point outside [−128, 127]")
		}
		if z != 0 && l.wzero == nil {
			l.wzero = append([]int32(nil), s.WeightZeroPoints...)
			headroom = int64(k) * 128 * 128 * 3
		}
	}
	bias := make([]int32, n)
	l.mult, l.shift = make([]int32, n), make([]int32, n)
	for j := 0; j < n; j++ {
		sw := s.WeightScales[j]
		if !(sw > 0 && sw <= math.MaxFloat32) {
			return layer{}, errors.New("weight scale " + strconv.Itoa(j) + " is not finite and > 0")
		}
		var colSum, b int64
		for i := 0; i < k; i++ {
			colSum += int64(s.Weights[i*n+j])
		}
		if s.Bias != nil {
			b = int64(s.Bias[j])
		}
		// acc = b + Σ (x−z)·(w−zw) = (b − z·Σw + k·z·zw) + Σ x·w − zw·Σx:
		// the constant terms folded into the bias, zw·Σx subtracted per row.
		folded := b - int64(s.In.ZeroPoint)*colSum
		if l.wzero != nil {
			folded += int64(k) * int64(s.In.ZeroPoint) * int64(l.wzero[j])
		}
		if folded < -(1<<31-1)+headroom || folded > (1<<31-1)-headroom {
			return layer{}, errors.New("bias " + strconv.Itoa(j) + " with the input zero point folded in leaves no int32 headroom")
		}
		bias[j] = int32(folded)
		mult, shift, err := QuantizeMultiplier(float64(s.In.Scale) * float64(sw) / float64(s.Pre.Scale))
		if err != nil {
			return layer{}, err
		}
		l.mult[j], l.shift[j] = mult, shift
	}
	l.w = simdnn.PackInt8(s.Weights, k, n, n, bias)
	return l, l.buildRequant()
}

// Layers returns a description of the model's layers (copies: changing them
// does not change m). Bias is as New takes it, the input zero point not
// folded in.
func (m *Model) Layers() []Layer {
	out := make([]Layer, len(m.layers))
	for i := range m.layers {
		l := &m.layers[i]
		s := Layer{Inputs: l.k, Units: l.n, Weights: make([]int8, l.k*l.n), WeightScales: append([]float32(nil), l.wscale...),
			Bias: make([]int32, l.n), In: l.in, Pre: l.pre, Act: l.act, LeakySlope: l.slope, Out: l.out}
		if l.wzero != nil {
			s.WeightZeroPoints = append([]int32(nil), l.wzero...)
		}
		for j := 0; j < l.n; j++ {
			var colSum int64
			for r := 0; r < l.k; r++ {
				v := l.w.At(r, j)
				s.Weights[r*l.n+j] = v
				colSum += int64(v)
			}
			b := int64(l.w.Bias(j)) + int64(l.in.ZeroPoint)*colSum
			if l.wzero != nil {
				b -= int64(l.k) * int64(l.in.ZeroPoint) * int64(l.wzero[j])
			}
			s.Bias[j] = int32(b)
		}
		out[i] = s
	}
	return out
}
