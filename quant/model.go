package quant

import (
	"errors"
	"math"
	"strconv"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
)

// Model is an int8 network: each Dense layer of the float model it came from
// as an int8 GEMM with int32 bias, a per-channel requantization with the
// fused clamp of ReLU, and for Sigmoid, Tanh and LeakyReLU a 256-entry
// table. A Softmax output layer ends in int8 logits, from which Predict
// computes the probabilities with a 256-entry exp table (the same bits on
// every tier and architecture). A Model is immutable: goroutines may
// predict concurrently, each with its own Workspace.
type Model struct {
	inputs   int
	maxBatch int
	layers   []layer
	ws       *Workspace // Predict's own
	// softmaxExp[d] = exp(−s·d) for a Softmax output with logit scale s:
	// Predict's probabilities from the int8 logits (see predictSoftmax).
	softmaxExp *[256]float32
}

// layer is one quantized Dense layer.
type layer struct {
	k, n   int
	act    nn.Activation
	in     Params // of its input (the previous layer's out)
	pre    Params // of its requantized output, before the table
	out    Params // of its output (pre, unless a table maps it)
	w      *simdnn.Int8Weights
	req    *simdnn.Requant
	mult   []int32 // per channel (kept for Save)
	shift  []int32
	lo, hi int8       // the requantization clamp
	table  *[256]int8 // Sigmoid, Tanh, LeakyReLU (a ReLU too if out ≠ pre): out = table[pre+128]
	wscale []float32  // per channel: real weight = wscale[j]·(w[i][j] − wzero[j])
	wzero  []int32    // nil: symmetric weights
	slope  float32    // LeakyReLU's
}

// Options control post-training quantization.
type Options struct {
	Calibration Calibration
	MaxBatch    int // the largest batch Predict takes; 0 means 64
}

// Output ranges of the tabled activations, fixed as in TFLite: Sigmoid's
// [0, 1) in steps of 1/256, Tanh's [−1, 1) in steps of 1/128.
var (
	sigmoidOut = Params{Scale: 1.0 / 256, ZeroPoint: -128}
	tanhOut    = Params{Scale: 1.0 / 128, ZeroPoint: 0}
)

// Quantize returns the int8 version of m: per-output-channel symmetric
// weights in [−127, 127], per-tensor asymmetric activations whose ranges are
// taken from m's outputs on the representative rows of calib (a few hundred
// typical inputs), and int32 biases at scale s_in·s_w. It does not change m.
// The calibration's float pass sums in float64, in order, so the same model
// and rows give the same int8 model on every CPU and tier (up to the last
// bit of Go's math.Exp and math.Tanh, which Sigmoid and Tanh layers use).
func Quantize(m *nn.Model, calib simdnn.Matrix, opt Options) (*Model, error) {
	if err := calib.Validate(); err != nil {
		return nil, errors.New("quant.Quantize: calib: " + err.Error())
	}
	if calib.Rows < 1 || calib.Cols != m.Inputs() {
		return nil, errors.New("quant.Quantize: calib needs at least one row of the model's " + strconv.Itoa(m.Inputs()) + " inputs")
	}
	if opt.MaxBatch == 0 {
		opt.MaxBatch = 64
	}
	if opt.MaxBatch < 1 {
		return nil, errors.New("quant.Quantize: MaxBatch must be positive")
	}
	if p := opt.Calibration.Percentile; p != 0 && !(p > 50 && p < 100) {
		return nil, errors.New("quant.Quantize: Calibration.Percentile must be 0 or in (50, 100)")
	}
	if err := m.Broken(); err != nil {
		return nil, errors.New("quant.Quantize: the model is broken: " + err.Error())
	}
	cfg := m.Config()
	slope := cfg.LeakySlope
	if slope == 0 {
		slope = 0.01
	}
	q := &Model{inputs: m.Inputs(), maxBatch: opt.MaxBatch}

	// The float forward pass over the calibration rows, layer by layer.
	x := copyMatrix(calib)
	lo, hi := opt.Calibration.rangeOf(x.Data)
	in, err := ParamsFor(lo, hi)
	if err != nil {
		return nil, errors.New("quant.Quantize: input: " + err.Error())
	}
	lastDense := -1
	for i, spec := range cfg.Layers {
		if spec.Kind == nn.DenseKind {
			lastDense = i
		}
	}
	for i, spec := range cfg.Layers {
		if spec.Kind != nn.DenseKind {
			continue
		}
		w, b := m.Params(i)
		z := reproducibleDense(x, w, b)
		s := Layer{Inputs: w.Rows, Units: w.Cols, Act: spec.Act, LeakySlope: slope, In: in}
		if spec.Act != nn.LeakyReLU {
			s.LeakySlope = 0
		}
		// The requantized tensor: the layer's output for Linear and ReLU
		// (ReLU as a clamp at real 0), its pre-activation otherwise.
		y := z
		if spec.Act == nn.ReLU {
			y = copyMatrix(z)
			for j, v := range y.Data {
				y.Data[j] = max(v, 0)
			}
		}
		lo, hi := opt.Calibration.rangeOf(y.Data)
		if s.Pre, err = ParamsFor(lo, hi); err != nil {
			return nil, errors.New("quant.Quantize: layer " + strconv.Itoa(i) + ": " + err.Error())
		}
		s.Out = s.Pre
		next := y
		switch spec.Act {
		case nn.Sigmoid, nn.Tanh, nn.LeakyReLU:
			f := activation(spec.Act, slope)
			next = copyMatrix(z)
			for j, v := range next.Data {
				next.Data[j] = f(v)
			}
			switch spec.Act {
			case nn.Sigmoid:
				s.Out = sigmoidOut
			case nn.Tanh:
				s.Out = tanhOut
			default:
				lo, hi := opt.Calibration.rangeOf(next.Data)
				if s.Out, err = ParamsFor(lo, hi); err != nil {
					return nil, errors.New("quant.Quantize: layer " + strconv.Itoa(i) + ": " + err.Error())
				}
			}
		}
		if err := s.quantizeWeights(w, b); err != nil {
			return nil, errors.New("quant.Quantize: layer " + strconv.Itoa(i) + ": " + err.Error())
		}
		l, err := build(&s, i == lastDense)
		if err != nil {
			return nil, errors.New("quant.Quantize: layer " + strconv.Itoa(i) + ": " + err.Error())
		}
		q.layers = append(q.layers, l)
		x, in = next, s.Out
	}
	if len(q.layers) == 0 {
		return nil, errors.New("quant.Quantize: the model has no Dense layer")
	}
	q.finish()
	return q, nil
}

// finish builds what Quantize and LoadBytes derive from the layers: the
// Softmax table and Predict's workspace.
func (m *Model) finish() {
	if last := m.layers[len(m.layers)-1]; last.act == nn.Softmax {
		m.softmaxExp = new([256]float32)
		for d := range m.softmaxExp {
			m.softmaxExp[d] = float32(math.Exp(-float64(last.out.Scale) * float64(d)))
		}
	}
	m.ws = m.NewWorkspace(m.maxBatch)
}

// quantizeWeights sets s's weights, weight scales and biases from the
// float weights and biases, given s.In: per column, symmetric, in
// [−127, 127] (scale max|w|/127 in float32), the bias at s.In.Scale·scale.
func (s *Layer) quantizeWeights(w simdnn.Matrix, b []float32) error {
	k, n := s.Inputs, s.Units
	s.Weights = make([]int8, k*n)
	s.WeightScales = make([]float32, n)
	s.Bias = make([]int32, n)
	for j := 0; j < n; j++ {
		var amax float64
		for r := 0; r < k; r++ {
			amax = max(amax, math.Abs(float64(w.Data[r*w.Stride+j])))
		}
		sw := float32(amax / 127)
		if !(sw >= math.SmallestNonzeroFloat32) {
			sw = 1 // an all-zero column (or one too small to scale): any scale represents it
		}
		s.WeightScales[j] = sw
		for r := 0; r < k; r++ {
			v := math.Round(float64(w.Data[r*w.Stride+j]) / float64(sw))
			s.Weights[r*n+j] = int8(min(max(v, -127), 127))
		}
		qb := math.Round(float64(b[j]) / (float64(s.In.Scale) * float64(sw)))
		if !(math.Abs(qb) < 1<<31-1) {
			return errors.New("bias " + strconv.Itoa(j) + " does not fit int32 at scale s_in·s_w")
		}
		s.Bias[j] = int32(qb)
	}
	return nil
}

func (l *layer) buildRequant() error {
	req, err := simdnn.NewRequant(l.n, l.mult, l.shift, l.pre.ZeroPoint, l.lo, l.hi)
	l.req = req
	return err
}

// activation returns the float function of a tabled activation.
func activation(a nn.Activation, slope float32) func(float32) float32 {
	switch a {
	case nn.Sigmoid:
		return func(v float32) float32 { return float32(1 / (1 + math.Exp(-float64(v)))) }
	case nn.Tanh:
		return func(v float32) float32 { return float32(math.Tanh(float64(v))) }
	case nn.ReLU:
		return func(v float32) float32 { return max(v, 0) }
	}
	return func(v float32) float32 {
		if v < 0 {
			return slope * v
		}
		return v
	}
}

// reproducibleDense returns x·w + b, each dot product summed in float64 in
// order and rounded once: the same bits on every CPU, whether or not the
// compiler fuses the multiply-adds (the products of float32s are exact in
// float64), so that quantizing a model on the same rows gives the same
// int8 model everywhere. The calibration pass is not hot: it does not need
// Sgemm, whose rounding depends on the tier.
func reproducibleDense(x, w simdnn.Matrix, b []float32) simdnn.Matrix {
	z := simdnn.NewMatrix(x.Rows, w.Cols)
	acc := make([]float64, w.Cols)
	for r := 0; r < x.Rows; r++ {
		clear(acc)
		for l, v := range x.Data[r*x.Stride : r*x.Stride+x.Cols] {
			xv := float64(v)
			for j, wv := range w.Data[l*w.Stride : l*w.Stride+w.Cols] {
				acc[j] += xv * float64(wv)
			}
		}
		row := z.Data[r*z.Stride : r*z.Stride+z.Cols]
		for j := range row {
			row[j] = float32(acc[j] + float64(b[j]))
		}
	}
	return z
}

func copyMatrix(m simdnn.Matrix) simdnn.Matrix {
	c := simdnn.NewMatrix(m.Rows, m.Cols)
	for r := 0; r < m.Rows; r++ {
		copy(c.Data[r*c.Stride:r*c.Stride+c.Cols], m.Data[r*m.Stride:r*m.Stride+m.Cols])
	}
	return c
}

// Inputs and Outputs give the model's input and output widths.
func (m *Model) Inputs() int { return m.inputs }

// Outputs gives the width of the output layer.
func (m *Model) Outputs() int { return m.layers[len(m.layers)-1].n }

// InputParams are the parameters PredictInt8 expects its input quantized with.
func (m *Model) InputParams() Params { return m.layers[0].in }

// OutputParams are the parameters of PredictInt8's output (for a Softmax
// model: of the logits).
func (m *Model) OutputParams() Params { return m.layers[len(m.layers)-1].out }

// MaxBatch is the largest batch Predict takes.
func (m *Model) MaxBatch() int { return m.maxBatch }

// Workspace holds the buffers of one int8 forward pass of up to its batch
// size. Each goroutine that predicts needs its own.
type Workspace struct {
	batch int
	in    []int8   // the quantized input, batch × stride[0]
	act   [][]int8 // act[i]: layer i's output, batch × stride[i+1]
	acc   []int32  // int32 accumulators of one layer
}

// stride returns the row stride of an int8 activation of n values: a
// multiple of 4 so that the GEMM's groups of 4 stay inside every row.
func stride(n int) int { return (n + 3) &^ 3 }

// NewWorkspace returns the buffers for forward passes of up to maxBatch rows.
func (m *Model) NewWorkspace(maxBatch int) *Workspace {
	if maxBatch < 1 {
		panic("quant.NewWorkspace: maxBatch must be positive")
	}
	ws := &Workspace{batch: maxBatch, in: make([]int8, maxBatch*stride(m.inputs)), act: make([][]int8, len(m.layers))}
	widest := 0
	for i, l := range m.layers {
		ws.act[i] = make([]int8, maxBatch*stride(l.n))
		widest = max(widest, l.n)
	}
	ws.acc = make([]int32, maxBatch*widest)
	return ws
}

// Predict writes the model's outputs for the rows of x into dst (x.Rows ×
// Outputs): x quantized with InputParams, the layers in int8, the output
// dequantized (for a Softmax model: the probabilities from the int8 logits,
// see predictSoftmax). It uses the
// model's own workspace: not for concurrent use (see PredictWith). It
// allocates nothing.
func (m *Model) Predict(dst, x simdnn.Matrix) { m.PredictWith(m.ws, dst, x) }

// PredictWith is Predict with the caller's workspace.
func (m *Model) PredictWith(ws *Workspace, dst, x simdnn.Matrix) {
	m.checkFloat(ws, dst, x)
	in := m.layers[0].in
	s := stride(m.inputs)
	for r := 0; r < x.Rows; r++ {
		in.QuantizeSlice(ws.in[r*s:r*s+m.inputs], x.Data[r*x.Stride:r*x.Stride+m.inputs])
	}
	out := m.forward(ws, x.Rows)
	last := &m.layers[len(m.layers)-1]
	os := stride(last.n)
	for r := 0; r < x.Rows; r++ {
		d, q := dst.Data[r*dst.Stride:r*dst.Stride+last.n], out[r*os:r*os+last.n]
		if m.softmaxExp != nil {
			m.predictSoftmax(d, q)
		} else {
			last.out.DequantizeSlice(d, q)
		}
	}
}

// predictSoftmax writes the softmax of the dequantized logits q to dst:
// with s the logit scale and m = max q, p[j] = exp(−s·(m−q[j])) / Σ, the
// exponentials from the table, the sum in order, one division each. The
// scale's zero point cancels; the result is the same on every CPU.
func (m *Model) predictSoftmax(dst []float32, q []int8) {
	top := q[0]
	for _, v := range q {
		top = max(top, v)
	}
	var sum float32
	for j, v := range q {
		e := m.softmaxExp[int(top)-int(v)]
		dst[j] = e
		sum += e
	}
	for j := range dst {
		dst[j] /= sum
	}
}

// PredictInt8 runs the int8 layers on rows of x already quantized with
// InputParams (row r at x[r·ldx:], Inputs bytes) and writes the int8
// outputs (with OutputParams; for a Softmax model the logits, whose argmax
// is the class) to dst[r·ldd:]. It allocates nothing.
func (m *Model) PredictInt8(ws *Workspace, dst []int8, ldd int, x []int8, ldx, rows int) {
	n := m.Outputs()
	switch {
	case rows < 1 || rows > ws.batch:
		panic("quant.PredictInt8: rows outside 1..the workspace's batch")
	case ldx < m.inputs || len(x) < (rows-1)*ldx+m.inputs:
		panic("quant.PredictInt8: x is too short for rows of ldx ≥ Inputs")
	case ldd < n || len(dst) < (rows-1)*ldd+n:
		panic("quant.PredictInt8: dst is too short for rows of ldd ≥ Outputs")
	case len(ws.act) != len(m.layers) || len(ws.in) < ws.batch*stride(m.inputs):
		panic("quant.PredictInt8: workspace of another model")
	}
	s := stride(m.inputs)
	for r := 0; r < rows; r++ {
		copy(ws.in[r*s:r*s+m.inputs], x[r*ldx:r*ldx+m.inputs])
	}
	out := m.forward(ws, rows)
	os := stride(n)
	for r := 0; r < rows; r++ {
		copy(dst[r*ldd:r*ldd+n], out[r*os:r*os+n])
	}
}

func (m *Model) checkFloat(ws *Workspace, dst, x simdnn.Matrix) {
	if err := x.Validate(); err != nil {
		panic("quant.Predict: x: " + err.Error())
	}
	if err := dst.Validate(); err != nil {
		panic("quant.Predict: dst: " + err.Error())
	}
	switch {
	case x.Cols != m.inputs:
		panic("quant.Predict: x has " + strconv.Itoa(x.Cols) + " columns, the model " + strconv.Itoa(m.inputs) + " inputs")
	case x.Rows < 1 || x.Rows > ws.batch:
		panic("quant.Predict: batch of " + strconv.Itoa(x.Rows) + " rows, want 1.." + strconv.Itoa(ws.batch))
	case dst.Rows != x.Rows || dst.Cols != m.Outputs():
		panic("quant.Predict: dst is not x.Rows × Outputs")
	case len(ws.act) != len(m.layers) || len(ws.in) < ws.batch*stride(m.inputs):
		panic("quant.Predict: workspace of another model")
	}
}

// forward runs the layers on the quantized rows in ws.in and returns the
// last layer's output rows (stride(Outputs) apart).
func (m *Model) forward(ws *Workspace, rows int) []int8 {
	cur, cs := ws.in, stride(m.inputs)
	for i := range m.layers {
		l := &m.layers[i]
		os := stride(l.n)
		out := ws.act[i]
		simdnn.GemmInt8(ws.acc, l.n, cur[:rows*cs], cs, rows, l.w)
		for r := 0; r < rows; r++ {
			if l.wzero != nil {
				// acc −= zw·Σx: the weights' zero points (see Layer).
				var sum int32
				for _, v := range cur[r*cs : r*cs+l.k] {
					sum += int32(v)
				}
				acc := ws.acc[r*l.n : r*l.n+l.n]
				for j, z := range l.wzero {
					acc[j] -= z * sum
				}
			}
			o := out[r*os : r*os+l.n]
			simdnn.Requantize(o, ws.acc[r*l.n:r*l.n+l.n], l.req)
			if l.table != nil {
				for j, v := range o {
					o[j] = l.table[int(v)+128]
				}
			}
		}
		cur, cs = out, os
	}
	return cur
}
