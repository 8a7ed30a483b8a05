package nn

import (
	"math"

	"github.com/simdnn/simdnn"
)

// Activation is the non-linearity of a Dense layer.
type Activation uint8

const (
	Linear    Activation = iota // f(z) = z
	Sigmoid                     // f(z) = 1/(1+e⁻ᶻ)
	Tanh                        // f(z) = tanh z
	ReLU                        // f(z) = max(z, 0)
	LeakyReLU                   // f(z) = z if z > 0, else Config.LeakySlope·z
	Softmax                     // row-wise softmax; output layer with SoftmaxCrossEntropy only
	numActivations
)

var activationNames = [...]string{"linear", "sigmoid", "tanh", "relu", "leakyrelu", "softmax"}

// String returns the activation's lower-case name ("relu", "softmax", …).
func (a Activation) String() string {
	if a < numActivations {
		return activationNames[a]
	}
	return "Activation(?)"
}

// Init is a weight initialisation scheme; biases start at zero.
type Init uint8

const (
	InitAuto Init = iota // He for ReLU and LeakyReLU, Xavier otherwise
	Xavier               // uniform in ±√(6/(in+out)) (Glorot)
	He                   // normal with σ = √(2/in)
	numInits
)

// LayerKind says what a Layer is.
type LayerKind uint8

const (
	DenseKind   LayerKind = iota + 1 // fully connected, bias and activation fused
	DropoutKind                      // inverted dropout, identity at inference
)

// A Layer describes one layer of a Config; build them with Dense and Dropout.
type Layer struct {
	Kind  LayerKind
	Units int        // Dense: outputs
	Act   Activation // Dense
	Init  Init       // Dense
	Rate  float32    // Dropout: probability of dropping a unit, in [0, 1)
}

// Dense returns a fully connected layer with the given outputs and activation.
func Dense(units int, act Activation) Layer {
	return Layer{Kind: DenseKind, Units: units, Act: act}
}

// Dropout returns an inverted-dropout layer: in training each unit is zeroed
// with probability rate and the others are scaled by 1/(1-rate); at
// inference it passes its input through.
func Dropout(rate float32) Layer {
	return Layer{Kind: DropoutKind, Rate: rate}
}

// layer is one built layer: its spec, shape and views into the model's
// parameter and gradient buffers.
type layer struct {
	Layer
	in, out int
	w, gw   simdnn.Matrix // in×out weights and their gradient (Dense)
	b, gb   []float32     // out biases and their gradient (Dense)
	off     int           // offset of w (then b) in the model's params
}

// fusedActs maps each Activation to the one SgemmEpilogue applies in the
// forward pass (Softmax, on whole rows, is applied after it).
var fusedActs = [numActivations]simdnn.Activation{
	Linear: simdnn.ActLinear, Sigmoid: simdnn.ActSigmoid, Tanh: simdnn.ActTanh,
	ReLU: simdnn.ActReLU, LeakyReLU: simdnn.ActLeakyReLU, Softmax: simdnn.ActLinear,
}

// activationGrad turns dy (the gradient at the layer's output y) into the
// gradient at its pre-activation, in place. Softmax is never here: it is
// fused with its loss.
func activationGrad(dy, y simdnn.Matrix, act Activation, slope float32) {
	for i := 0; i < dy.Rows; i++ {
		d := dy.Data[i*dy.Stride : i*dy.Stride+dy.Cols]
		o := y.Data[i*y.Stride : i*y.Stride+y.Cols]
		switch act {
		case Sigmoid:
			simdnn.SigmoidGrad(d, o, d)
		case Tanh:
			simdnn.TanhGrad(d, o, d)
		case ReLU:
			simdnn.ReluGrad(d, o, d)
		case LeakyReLU:
			for j, v := range o {
				if !(v > 0) {
					d[j] *= slope
				}
			}
		}
	}
}

// shardMinInputs is the width from which a layer's products are cut into
// shards.
const shardMinInputs = 512

// shards is how many row blocks of W (shards) the layer's products are cut
// into, one SgemmBatch call each: the forward pass sums the shards' partial
// products x[:, K]·W[K, :], dW and dX are computed shard by shard. With
// SetThreads > 1 each shard's weights, gradients and Adam state then stay
// in one core's cache from step to step: AdamStep's contiguous shares line
// up with the shards, where a split by batch rows had every core read all
// of W and the other core's Adam write it back. It depends on the shape
// only, never on the thread count, so results do not either. Measured on
// the 2-core Zen 4 VM, 784-128-10 at batch 64, two threads: 200 -> 168 µs
// per step (Step 50 -> 25 µs); one thread 284 -> 290 µs. Only training
// shards: Predict (nothing writes W there) computes each product whole,
// 2 % faster at batch 64 on one core, and a training forward pass of one
// row is not sharded either: two half-height Sgemv cost 6 % more than one
// (Sgemv splits by columns across threads instead).
func (l *layer) shards() int { return shardsFor(l.in) }

// shardsFor is the shard count of a Dense layer with in inputs.
func shardsFor(in int) int {
	if in >= shardMinInputs {
		return 2
	}
	return 1
}

// shardedForward computes out = act(x·W + b) as the sum of the shards'
// partial products (shard 0 into out, the others into parts), in shard
// order, then ep (the bias and the activation).
func (l *layer) shardedForward(out, x simdnn.Matrix, parts []simdnn.Matrix, calls []simdnn.GemmCall, ep simdnn.Epilogue) {
	n := out.Rows
	calls = calls[:l.shards()]
	for j := range calls {
		k0, k1 := l.shard(j)
		dst := out
		if j > 0 {
			dst = rows(parts[j-1], n)
		}
		calls[j] = simdnn.GemmCall{Dst: dst, Alpha: 1, A: colsOf(x, k0, k1), B: rowsOf(l.w, k0, k1)}
	}
	simdnn.SgemmBatch(calls)
	clear(calls) // keep no reference to x
	for j := 1; j < len(calls); j++ {
		addRows(out, rows(parts[j-1], n))
	}
	simdnn.ApplyEpilogue(out, ep)
}

// shardedBackward computes dW (added to with beta) shard by shard from x,
// the layer's input, and d, the gradient at its pre-activation, and, if
// withDX, dX's columns of each shard from that shard's rows of W: one
// batch, each shard's calls next to each other (one goroutine's).
func (l *layer) shardedBackward(x, d, dX simdnn.Matrix, beta float32, withDX bool, calls []simdnn.GemmCall) {
	calls = calls[:0]
	for j := range l.shards() {
		k0, k1 := l.shard(j)
		calls = append(calls, simdnn.GemmCall{Dst: rowsOf(l.gw, k0, k1), Alpha: 1, A: colsOf(x, k0, k1), TA: simdnn.Trans, B: d, Beta: beta})
		if withDX {
			calls = append(calls, simdnn.GemmCall{Dst: colsOf(dX, k0, k1), Alpha: 1, A: d, B: rowsOf(l.w, k0, k1), TB: simdnn.Trans})
		}
	}
	simdnn.SgemmBatch(calls)
	clear(calls)
}

// shard returns the input rows [k0, k1) of shard j.
func (l *layer) shard(j int) (k0, k1 int) {
	s := l.shards()
	return l.in * j / s, l.in * (j + 1) / s
}

// colsOf returns columns k0..k1 of m.
func colsOf(m simdnn.Matrix, k0, k1 int) simdnn.Matrix {
	if m.Rows == 0 {
		return simdnn.Matrix{Cols: k1 - k0, Stride: m.Stride}
	}
	return simdnn.Matrix{Rows: m.Rows, Cols: k1 - k0, Stride: m.Stride, Data: m.Data[k0 : (m.Rows-1)*m.Stride+k1]}
}

// rowsOf returns rows k0..k1 of m.
func rowsOf(m simdnn.Matrix, k0, k1 int) simdnn.Matrix {
	return simdnn.Matrix{Rows: k1 - k0, Cols: m.Cols, Stride: m.Stride, Data: m.Data[k0*m.Stride : (k1-1)*m.Stride+m.Cols]}
}

// addRows adds src to dst, row by row.
func addRows(dst, src simdnn.Matrix) {
	if dst.Stride == dst.Cols && src.Stride == src.Cols {
		simdnn.Saxpy(dst.Data[:dst.Rows*dst.Cols], 1, src.Data[:src.Rows*src.Cols])
		return
	}
	for i := 0; i < dst.Rows; i++ {
		simdnn.Saxpy(dst.Data[i*dst.Stride:i*dst.Stride+dst.Cols], 1, src.Data[i*src.Stride:i*src.Stride+src.Cols])
	}
}

// rows returns the first n rows of m.
func rows(m simdnn.Matrix, n int) simdnn.Matrix {
	m.Rows = n
	if n == 0 {
		m.Data = m.Data[:0]
	} else {
		m.Data = m.Data[:(n-1)*m.Stride+m.Cols]
	}
	return m
}

func newMatrix(r, c int) simdnn.Matrix {
	return simdnn.Matrix{Rows: r, Cols: c, Stride: max(c, 1), Data: make([]float32, r*c)}
}

func isFinite(x float32) bool { return !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) }
