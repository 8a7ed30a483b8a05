package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/simdnn/simdnn"
)

// Loss is the training objective, the mean over the batch.
type Loss uint8

const (
	// MSE: (1/(m·n)) Σ (a-y)² over the m×n outputs.
	MSE Loss = iota
	// SoftmaxCrossEntropy: -(1/m) Σ y·log p, fused with a Softmax output
	// layer (gradient p-y, stable for any logits).
	SoftmaxCrossEntropy
	// BinaryCrossEntropy: -(1/m) Σ y·log p + (1-y)·log(1-p), fused with a
	// Sigmoid output layer.
	BinaryCrossEntropy
	numLosses
)

var lossNames = [...]string{"mse", "softmax-cross-entropy", "binary-cross-entropy"}

// String returns the loss's name ("mse", "softmax-cross-entropy", …).
func (l Loss) String() string {
	if l < numLosses {
		return lossNames[l]
	}
	return "Loss(?)"
}

// Metric names the metric Evaluate reports for a model trained with l:
// "accuracy" for the cross-entropy losses (classification), "MAE", the
// mean absolute error, for MSE (regression).
func (l Loss) Metric() string {
	if l == MSE {
		return "MAE"
	}
	return "accuracy"
}

// Config describes a model. New validates it.
type Config struct {
	Inputs     int     // features per sample
	Layers     []Layer // in order from the input
	Loss       Loss
	MaxBatch   int     // largest batch Forward, TrainBatch and Predict accept
	Seed       uint64  // initial weights and dropout masks
	LeakySlope float32 // LeakyReLU slope for z < 0; 0 means 0.01
	Optimizer  Optimizer
}

// Model is a trained or trainable network; see the package documentation.
type Model struct {
	cfg    Config
	layers []layer
	opt    Optimizer
	step   int

	params, grads []float32   // every weight and bias, and their gradients
	state         [][]float32 // optimizer state, each len(params)

	train Workspace       // activations and deltas of Forward/Backward
	delta []simdnn.Matrix // delta[i]: gradient at layer i's output
	mask  [][]float32     // dropout masks (nil for Dense layers)
	rng   *rand.Rand
	src   *rand.PCG // rng's state, saved by checkpoints
	fwd   int       // batch of the last training Forward (0: none)
	// staleGrads: the gradients are zero, but the weight gradients' buffers
	// still hold the last step's values; the next Backward overwrites them
	// (Sgemm with β = 0) instead of adding to them. Step and ZeroGrad set it
	// rather than clearing the buffers: a clear is a pass over every weight
	// gradient that, with SetThreads > 1, also moves each thread's share of
	// them to the clearing thread's cache.
	staleGrads bool
	// stepFinite: the last Step found every parameter and optimizer state
	// value finite on its way (AdamStep's result), so nonFinite need not
	// look again.
	stepFinite bool
	lastX      simdnn.Matrix // its input

	broken error // why the weights can no longer be trusted (see Broken)
}

// Workspace holds the activations of one forward pass for up to its batch
// size. Each goroutine that calls PredictWith needs its own.
type Workspace struct {
	act []simdnn.Matrix // act[i]: output of layer i (Dropout at inference: nil)
	// Training only (the model's own workspace): parts[i][s] is shard s+1's
	// partial product of layer i, calls[i] the SgemmBatch calls.
	parts [][]simdnn.Matrix
	calls [][]simdnn.GemmCall
}

const (
	maxUnits  = 1 << 24
	maxLayers = 1 << 10
)

// New checks cfg and builds a model with every buffer it will need.
func New(cfg Config) (*Model, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.LeakySlope == 0 {
		cfg.LeakySlope = 0.01
	}
	cfg.Optimizer.defaults()
	m := &Model{cfg: cfg, opt: cfg.Optimizer, src: rand.NewPCG(cfg.Seed, 0xd40_9075)}
	m.rng = rand.New(m.src)
	m.layers = make([]layer, len(cfg.Layers))
	in, total := cfg.Inputs, 0
	for i, l := range cfg.Layers {
		m.layers[i] = layer{Layer: l, in: in, out: in}
		if l.Kind == DenseKind {
			m.layers[i].out = l.Units
			total += in*l.Units + l.Units
			in = l.Units
		}
	}
	m.params, m.grads = make([]float32, total), make([]float32, total)
	off := 0
	for i := range m.layers {
		l := &m.layers[i]
		if l.Kind != DenseKind {
			continue
		}
		n := l.in * l.out
		l.w = simdnn.Matrix{Rows: l.in, Cols: l.out, Stride: l.out, Data: m.params[off : off+n]}
		l.gw = simdnn.Matrix{Rows: l.in, Cols: l.out, Stride: l.out, Data: m.grads[off : off+n]}
		l.b, l.gb = m.params[off+n:off+n+l.out], m.grads[off+n:off+n+l.out]
		l.off = off
		off += n + l.out
	}
	m.initWeights()
	m.state = make([][]float32, m.opt.stateVectors())
	for i := range m.state {
		m.state[i] = make([]float32, total)
	}
	m.train = *m.NewWorkspace(cfg.MaxBatch)
	m.addShardBuffers(&m.train, cfg.MaxBatch)
	m.delta = make([]simdnn.Matrix, len(m.layers))
	m.mask = make([][]float32, len(m.layers))
	for i, l := range m.layers {
		m.delta[i] = newMatrix(cfg.MaxBatch, l.out)
		if l.Kind == DropoutKind {
			m.mask[i] = make([]float32, cfg.MaxBatch*l.out)
			m.train.act[i] = newMatrix(cfg.MaxBatch, l.out) // training output
		}
	}
	return m, nil
}

func (c *Config) validate() error {
	switch {
	case c.Inputs <= 0 || c.Inputs > maxUnits:
		return fmt.Errorf("nn: Inputs = %d, want 1..%d", c.Inputs, maxUnits)
	case c.MaxBatch <= 0 || c.MaxBatch > maxUnits:
		return fmt.Errorf("nn: MaxBatch = %d, want 1..%d", c.MaxBatch, maxUnits)
	case len(c.Layers) == 0 || len(c.Layers) > maxLayers:
		return fmt.Errorf("nn: %d layers, want 1..%d", len(c.Layers), maxLayers)
	case c.Loss >= numLosses:
		return fmt.Errorf("nn: Loss = %d, want a known Loss", c.Loss)
	case c.LeakySlope < 0 || c.LeakySlope >= 1 || !isFinite(c.LeakySlope):
		return fmt.Errorf("nn: LeakySlope = %v, want [0, 1)", c.LeakySlope)
	}
	last := -1
	for i, l := range c.Layers {
		switch l.Kind {
		case DenseKind:
			switch {
			case l.Units <= 0 || l.Units > maxUnits:
				return fmt.Errorf("nn: layer %d: Dense Units = %d, want 1..%d", i, l.Units, maxUnits)
			case l.Act >= numActivations:
				return fmt.Errorf("nn: layer %d: Dense Act = %d, want a known Activation", i, l.Act)
			case l.Init >= numInits:
				return fmt.Errorf("nn: layer %d: Dense Init = %d, want a known Init", i, l.Init)
			}
			if l.Act == Softmax && i != len(c.Layers)-1 {
				return fmt.Errorf("nn: layer %d: Softmax is only for the output layer", i)
			}
			last = i
		case DropoutKind:
			if !(l.Rate >= 0 && l.Rate < 1) {
				return fmt.Errorf("nn: layer %d: dropout rate %v, want [0, 1)", i, l.Rate)
			}
			// Each Dropout feeds a Dense layer: its buffers are then paid for
			// by that layer's weights, which bounds what a model file can make
			// New allocate.
			if i+1 < len(c.Layers) && c.Layers[i+1].Kind != DenseKind {
				return fmt.Errorf("nn: layer %d: a Dropout must be followed by a Dense layer", i)
			}
		default:
			return fmt.Errorf("nn: layer %d: unknown kind", i)
		}
	}
	if last != len(c.Layers)-1 {
		return errors.New("nn: the last layer must be Dense")
	}
	out := c.Layers[last].Act
	switch {
	case c.Loss == SoftmaxCrossEntropy && out != Softmax:
		return errors.New("nn: SoftmaxCrossEntropy needs a Softmax output layer")
	case out == Softmax && c.Loss != SoftmaxCrossEntropy:
		return errors.New("nn: a Softmax output layer needs SoftmaxCrossEntropy")
	case c.Loss == BinaryCrossEntropy && out != Sigmoid:
		return errors.New("nn: BinaryCrossEntropy needs a Sigmoid output layer")
	}
	return c.Optimizer.validate()
}

// validate checks every optimizer and schedule field, naming the first one
// that breaks its rule. Every float must be finite.
func (o Optimizer) validate() error {
	bad := func(field string, v any, rule string) error {
		return fmt.Errorf("nn: Optimizer.%s = %v, want %s", field, v, rule)
	}
	if o.Kind >= numOptimizers {
		return bad("Kind", int(o.Kind), "a known OptimizerKind")
	}
	if !(o.LR > 0) || !isFinite(o.LR) {
		return bad("LR", o.LR, "finite > 0")
	}
	for _, f := range []struct {
		name string
		v    float32
	}{{"Momentum", o.Momentum}, {"Beta1", o.Beta1}, {"Beta2", o.Beta2}, {"Rho", o.Rho}} {
		if !(f.v >= 0 && f.v < 1) {
			return bad(f.name, f.v, "in [0, 1)")
		}
	}
	for _, f := range []struct {
		name string
		v    float32
	}{{"Eps", o.Eps}, {"L1", o.L1}, {"L2", o.L2}, {"ClipNorm", o.ClipNorm}, {"WeightDecay", o.WeightDecay},
		{"Schedule.Gamma", o.Schedule.Gamma}, {"Schedule.MinLR", o.Schedule.MinLR}} {
		if !(f.v >= 0) || !isFinite(f.v) {
			return bad(f.name, f.v, "finite ≥ 0")
		}
	}
	sc := o.Schedule
	if sc.Kind > Cosine {
		return bad("Schedule.Kind", int(sc.Kind), "a known ScheduleKind")
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"Schedule.Every", sc.Every}, {"Schedule.Total", sc.Total}, {"Schedule.Warmup", sc.Warmup}} {
		if f.v < 0 || uint64(f.v) > math.MaxUint32 {
			return bad(f.name, f.v, "0..2³²-1")
		}
	}
	return nil
}

// initWeights draws Xavier or He weights from the seeded generator.
func (m *Model) initWeights() {
	r := rand.New(rand.NewPCG(m.cfg.Seed, 0x1417))
	for i := range m.layers {
		l := &m.layers[i]
		if l.Kind != DenseKind {
			continue
		}
		init := l.Init
		if init == InitAuto {
			init = Xavier
			if l.Act == ReLU || l.Act == LeakyReLU {
				init = He
			}
		}
		for j := range l.w.Data {
			if init == He {
				l.w.Data[j] = float32(r.NormFloat64() * math.Sqrt(2/float64(l.in)))
			} else {
				a := math.Sqrt(6 / float64(l.in+l.out))
				l.w.Data[j] = float32((2*r.Float64() - 1) * a)
			}
		}
		clear(l.b)
	}
}

// NewWorkspace returns the buffers for forward passes of up to maxBatch rows.
func (m *Model) NewWorkspace(maxBatch int) *Workspace {
	ws := &Workspace{act: make([]simdnn.Matrix, len(m.layers))}
	for i, l := range m.layers {
		if l.Kind == DenseKind {
			ws.act[i] = newMatrix(maxBatch, l.out)
		}
	}
	return ws
}

// addShardBuffers gives ws what the sharded products of training need
// (see layer.shards): the partial products of the forward pass and the
// calls.
func (m *Model) addShardBuffers(ws *Workspace, maxBatch int) {
	ws.parts, ws.calls = make([][]simdnn.Matrix, len(m.layers)), make([][]simdnn.GemmCall, len(m.layers))
	for i, l := range m.layers {
		if s := l.shards(); l.Kind == DenseKind && s > 1 {
			ws.parts[i] = make([]simdnn.Matrix, s-1)
			for j := range ws.parts[i] {
				ws.parts[i][j] = newMatrix(maxBatch, l.out)
			}
			ws.calls[i] = make([]simdnn.GemmCall, 2*s) // backward: dW and dX per shard
		}
	}
}

// Inputs and Outputs give the model's input and output widths.
func (m *Model) Inputs() int { return m.cfg.Inputs }

// Outputs gives the width of the output layer.
func (m *Model) Outputs() int { return m.layers[len(m.layers)-1].out }

// Config returns the configuration the model was built with.
func (m *Model) Config() Config { return m.cfg }

// Params returns views of layer i's weights (Inputs×Units of that layer, row
// l holding input l's weights) and biases; for a Dropout layer both are
// empty. They alias the model's parameters: writing through them changes
// the model. It panics unless 0 ≤ i < len(Config().Layers).
func (m *Model) Params(i int) (w simdnn.Matrix, b []float32) {
	if i < 0 || i >= len(m.layers) {
		panic(fmt.Sprintf("nn.Params: layer %d of %d", i, len(m.layers)))
	}
	l := &m.layers[i]
	return l.w, l.b
}

// ZeroGrad clears the accumulated gradients without a Step.
func (m *Model) ZeroGrad() { m.staleGrads = true }

// freshGrads makes the gradient buffers hold the gradients again (zero)
// if staleGrads says they do not.
func (m *Model) freshGrads() {
	if m.staleGrads {
		clear(m.grads)
		m.staleGrads = false
	}
}

// Steps returns how many optimizer steps have been taken.
func (m *Model) Steps() int { return m.step }

// viewErr returns "nn.<fn>: <name>: <what is wrong>" for a malformed view
// (simdnn.Matrix.Validate), or nil.
func viewErr(fn, name string, v simdnn.Matrix) error {
	if err := v.Validate(); err != nil {
		return fmt.Errorf("nn.%s: %s: %w", fn, name, err)
	}
	return nil
}

// mustView panics with viewErr's message for a malformed view.
func mustView(fn, name string, v simdnn.Matrix) {
	if err := viewErr(fn, name, v); err != nil {
		panic(err.Error())
	}
}

// inputErr reports a malformed x or one that does not fit the model.
func (m *Model) inputErr(fn string, x simdnn.Matrix, maxBatch int) error {
	if err := viewErr(fn, "x", x); err != nil {
		return err
	}
	if x.Cols != m.cfg.Inputs {
		return fmt.Errorf("nn.%s: x has %d columns, the model %d inputs", fn, x.Cols, m.cfg.Inputs)
	}
	if x.Rows < 1 || x.Rows > maxBatch {
		return fmt.Errorf("nn.%s: batch of %d rows, want 1..%d", fn, x.Rows, maxBatch)
	}
	return nil
}

// checkInput panics with inputErr's message.
func (m *Model) checkInput(fn string, x simdnn.Matrix, maxBatch int) {
	if err := m.inputErr(fn, x, maxBatch); err != nil {
		panic(err.Error())
	}
}

// forward runs the layers on x into ws; train enables dropout.
func (m *Model) forward(ws *Workspace, x simdnn.Matrix, train bool) simdnn.Matrix {
	n := x.Rows
	cur := x
	for i := range m.layers {
		l := &m.layers[i]
		if l.Kind == DropoutKind {
			if !train || l.Rate == 0 {
				continue // identity: the next layer reads cur
			}
			out := rows(m.train.act[i], n)
			mask := m.mask[i][:n*l.out]
			keep := 1 / (1 - l.Rate)
			for j := range mask {
				if m.rng.Float32() < l.Rate {
					mask[j] = 0
				} else {
					mask[j] = keep
				}
			}
			applyMask(out, cur, mask)
			cur = out
			continue
		}
		out := rows(ws.act[i], n)
		ep := simdnn.Epilogue{Bias: l.b, Act: fusedActs[l.Act], Slope: m.cfg.LeakySlope}
		if train && l.shards() > 1 && n > 1 {
			l.shardedForward(out, cur, ws.parts[i], ws.calls[i], ep)
		} else { // x·W, the bias and the activation in one pass over out
			simdnn.SgemmEpilogue(out, 1, cur, simdnn.NoTrans, l.w, simdnn.NoTrans, 0, ep)
		}
		if l.Act == Softmax { // needs whole rows: after
			simdnn.Softmax(out, out)
		}
		cur = out
	}
	return cur
}

// input returns what layer i reads in the last training forward.
func (m *Model) input(i int, x simdnn.Matrix) simdnn.Matrix {
	for j := i - 1; j >= 0; j-- {
		l := &m.layers[j]
		if l.Kind == DropoutKind && l.Rate == 0 {
			continue
		}
		return rows(m.train.act[j], x.Rows)
	}
	return x
}

// Forward runs a training forward pass (dropout active) on x, which must
// stay unchanged until Backward, and returns the output rows (valid until
// the next Forward or Predict, which share these buffers). It allocates
// nothing.
func (m *Model) Forward(x simdnn.Matrix) simdnn.Matrix {
	m.checkInput("Forward", x, m.cfg.MaxBatch)
	m.fwd = x.Rows
	m.lastX = x
	return m.forward(&m.train, x, true)
}

// Backward computes the loss of the last Forward against targets y (one-hot
// rows for SoftmaxCrossEntropy) and adds the gradient of every parameter to
// the model's gradient buffers (Sgemm with β = 1, SumRows; the first
// Backward after a Step or ZeroGrad overwrites them instead), which Step
// consumes and clears. Several Forward/Backward pairs before one Step thus
// accumulate gradients over several batches. It allocates nothing.
func (m *Model) Backward(y simdnn.Matrix) float32 {
	n := m.fwd
	if n == 0 {
		panic("nn.Backward: no Forward to go back through")
	}
	last := len(m.layers) - 1
	mustView("Backward", "y", y)
	if y.Rows != n || y.Cols != m.layers[last].out {
		panic(fmt.Sprintf("nn.Backward: y is %dx%d, want %dx%d", y.Rows, y.Cols, n, m.layers[last].out))
	}
	out := rows(m.train.act[last], n)
	d := rows(m.delta[last], n)
	loss := m.lossGrad(d, out, y)
	x := m.lastX
	// Add to the gradients, or overwrite them when they are stale (zero).
	beta := float32(1)
	if m.staleGrads {
		beta = 0
		for i := range m.layers {
			if l := &m.layers[i]; l.Kind == DenseKind {
				clear(l.gb)
			}
		}
		m.staleGrads = false
	}
	for i := last; i >= 0; i-- {
		l := &m.layers[i]
		d := rows(m.delta[i], n)
		var dIn simdnn.Matrix
		if i > 0 {
			dIn = rows(m.delta[i-1], n)
		}
		if l.Kind == DropoutKind {
			if i == 0 {
				continue // nothing before it needs a gradient
			}
			if l.Rate == 0 {
				copyRows(dIn, d)
				continue
			}
			applyMask(dIn, d, m.mask[i][:n*l.out])
			continue
		}
		if i != last || m.cfg.Loss == MSE {
			activationGrad(d, rows(m.train.act[i], n), l.Act, m.cfg.LeakySlope)
		}
		in := m.input(i, x)
		if l.shards() > 1 {
			l.shardedBackward(in, d, dIn, beta, i > 0, m.train.calls[i])
		} else {
			simdnn.Sgemm(l.gw, 1, in, simdnn.Trans, d, simdnn.NoTrans, beta)
			if i > 0 {
				simdnn.Sgemm(dIn, 1, d, simdnn.NoTrans, l.w, simdnn.Trans, 0)
			}
		}
		simdnn.SumRows(l.gb, d)
	}
	return loss
}

// applyMask sets dst = src ⊙ mask row by row; mask holds src.Rows rows of
// src.Cols values. Dropout's forward and backward passes both use it.
func applyMask(dst, src simdnn.Matrix, mask []float32) {
	w := src.Cols
	for r := 0; r < src.Rows; r++ {
		s, d, k := src.Data[r*src.Stride:r*src.Stride+w], dst.Data[r*dst.Stride:r*dst.Stride+w], mask[r*w:(r+1)*w]
		for j, v := range s {
			d[j] = v * k[j]
		}
	}
}

func copyRows(dst, src simdnn.Matrix) {
	for r := 0; r < src.Rows; r++ {
		copy(dst.Data[r*dst.Stride:r*dst.Stride+src.Cols], src.Data[r*src.Stride:r*src.Stride+src.Cols])
	}
}

// lossGrad returns the mean loss of out against y and writes into d the
// gradient at the output (MSE) or, for the fused losses, at the output
// layer's pre-activation.
func (m *Model) lossGrad(d, out, y simdnn.Matrix) float32 {
	n, k := out.Rows, out.Cols
	var loss float64
	switch m.cfg.Loss {
	case MSE:
		scale := float32(2 / float64(n*k))
		for r := 0; r < n; r++ {
			o, t, g := out.Data[r*out.Stride:r*out.Stride+k], y.Data[r*y.Stride:r*y.Stride+k], d.Data[r*d.Stride:r*d.Stride+k]
			for j := range o {
				e := o[j] - t[j]
				loss += float64(e) * float64(e)
				g[j] = scale * e
			}
		}
		return float32(loss / float64(n*k))
	case SoftmaxCrossEntropy, BinaryCrossEntropy:
		scale := float32(1 / float64(n))
		for r := 0; r < n; r++ {
			o, t, g := out.Data[r*out.Stride:r*out.Stride+k], y.Data[r*y.Stride:r*y.Stride+k], d.Data[r*d.Stride:r*d.Stride+k]
			for j := range o {
				p, q := float64(o[j]), float64(t[j])
				if m.cfg.Loss == SoftmaxCrossEntropy {
					if q != 0 {
						loss -= q * math.Log(math.Max(p, tinyProb))
					}
				} else {
					loss -= q*math.Log(math.Max(p, tinyProb)) + (1-q)*math.Log(math.Max(1-p, tinyProb))
				}
				g[j] = scale * (o[j] - t[j])
			}
		}
	}
	return float32(loss / float64(n))
}

// tinyProb keeps log(p) finite when a probability rounds to 0.
const tinyProb = 1e-30

// TrainBatch runs Forward, Backward and Step on one batch and returns the
// loss. A non-finite loss stops it before the update (the weights are
// unchanged); a weight, bias or optimizer state that becomes non-finite
// stops it after, with an error naming the step (from 1) and the layer, and
// marks the model broken (see Broken). It allocates nothing (unless it
// fails).
func (m *Model) TrainBatch(x, y simdnn.Matrix) (float32, error) {
	if m.broken != nil {
		return 0, m.broken
	}
	if err := m.inputErr("TrainBatch", x, m.cfg.MaxBatch); err != nil {
		return 0, err
	}
	if err := viewErr("TrainBatch", "y", y); err != nil {
		return 0, err
	}
	if k := m.Outputs(); y.Rows != x.Rows || y.Cols != k {
		return 0, fmt.Errorf("nn.TrainBatch: y is %dx%d, want %dx%d", y.Rows, y.Cols, x.Rows, k)
	}
	m.Forward(x)
	loss := m.Backward(y)
	if !isFinite(loss) {
		m.ZeroGrad()
		return loss, fmt.Errorf("nn.TrainBatch: step %d: loss is %v (weights not updated)", m.step+1, loss)
	}
	m.Step()
	if i, what := m.nonFinite(); i >= 0 {
		l := &m.layers[i]
		m.broken = fmt.Errorf("nn.TrainBatch: step %d: layer %d (dense %d→%d) has non-finite %s", m.step, i, l.in, l.out, what)
		return loss, m.broken
	}
	return loss, nil
}

// nonFinite returns the first Dense layer whose weights, biases or optimizer
// state hold ±Inf or NaN, and which of them; -1 if every value is finite.
// The common case, all finite, costs nothing after an Adam step (which
// checks as it goes) and one AllFinite per vector after the others.
func (m *Model) nonFinite() (int, string) {
	if m.stepFinite {
		return -1, ""
	}
	finite := simdnn.AllFinite(m.params)
	for _, s := range m.state {
		finite = finite && simdnn.AllFinite(s)
	}
	if finite {
		return -1, ""
	}
	for i := range m.layers {
		l := &m.layers[i]
		if l.Kind != DenseKind {
			continue
		}
		n := l.in*l.out + l.out
		if !simdnn.AllFinite(m.params[l.off : l.off+n]) {
			return i, "weights"
		}
		for _, s := range m.state {
			if !simdnn.AllFinite(s[l.off : l.off+n]) {
				return i, "optimizer state"
			}
		}
	}
	return -1, ""
}

// Broken returns the error that made the model's weights untrustworthy —
// a non-finite weight or optimizer state (TrainBatch) or a diverging loss
// (Fit) — or nil. A broken model still predicts, but TrainBatch and Fit
// return the error again and Save, SaveCheckpoint, AppendBinary and
// AppendCheckpoint refuse it, so that a diverged model is not written out
// as if it were trained. Reinit, or loading a checkpoint taken before, gives
// a usable model.
func (m *Model) Broken() error { return m.broken }

// Reinit draws fresh weights from the configured seed, clears the optimizer
// state, the gradients and the step count, restarts the dropout generator
// and clears Broken: the model is as New made it.
func (m *Model) Reinit() {
	m.initWeights()
	for _, s := range m.state {
		clear(s)
	}
	clear(m.grads)
	m.step, m.fwd, m.broken, m.staleGrads = 0, 0, nil, false
	m.src.Seed(m.cfg.Seed, 0xd40_9075)
}

// Predict writes the model's outputs for the rows of x into dst (x.Rows ×
// Outputs), with dropout off, MaxBatch rows at a time (any number of rows).
// It uses the model's own workspace: not for concurrent use (see
// PredictWith). It allocates nothing.
func (m *Model) Predict(dst, x simdnn.Matrix) {
	m.PredictWith(&m.train, dst, x)
	m.fwd = 0 // the training activations are gone
}

// PredictWith is Predict with the caller's workspace, so that goroutines
// with their own workspaces may predict concurrently; it runs the rows in
// chunks of the workspace's batch size.
func (m *Model) PredictWith(ws *Workspace, dst, x simdnn.Matrix) {
	maxBatch := 0
	for _, a := range ws.act {
		if a.Data != nil {
			maxBatch = a.Rows
			break
		}
	}
	mustView("Predict", "x", x)
	if x.Rows > maxBatch && maxBatch > 0 { // row counts past the workspace: run in chunks
		m.checkInput("Predict", x.Slice(0, maxBatch), maxBatch)
	} else {
		m.checkInput("Predict", x, maxBatch)
	}
	mustView("Predict", "dst", dst)
	if dst.Rows != x.Rows || dst.Cols != m.Outputs() {
		panic(fmt.Sprintf("nn.Predict: dst is %dx%d, want %dx%d", dst.Rows, dst.Cols, x.Rows, m.Outputs()))
	}
	for lo := 0; lo < x.Rows; lo += maxBatch {
		hi := min(lo+maxBatch, x.Rows)
		copyRows(dst.Slice(lo, hi), m.forward(ws, x.Slice(lo, hi), false))
	}
}
