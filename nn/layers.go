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
