package nn

import (
	"math"

	"github.com/simdnn/simdnn"
)

// OptimizerKind selects the update rule.
type OptimizerKind uint8

const (
	SGD     OptimizerKind = iota // θ -= η·g, with optional (Nesterov) momentum
	Adagrad                      // s += g²; θ -= η·g/(√s+ε)
	RMSProp                      // s = ρs + (1-ρ)g²; θ -= η·g/(√s+ε)
	Adam                         // bias-corrected first and second moments
	AdamW                        // Adam with decoupled weight decay
	numOptimizers
)

var optimizerNames = [...]string{"sgd", "adagrad", "rmsprop", "adam", "adamw"}

// String returns the optimizer's lower-case name ("sgd", "adam", …).
func (k OptimizerKind) String() string {
	if k < numOptimizers {
		return optimizerNames[k]
	}
	return "OptimizerKind(?)"
}

// Optimizer configures training updates. Zero fields take the usual
// defaults: Beta1 0.9, Beta2 0.999, Eps 1e-8 (Adam, AdamW; 1e-7 for Adagrad
// and RMSProp), Rho 0.9 (RMSProp).
type Optimizer struct {
	Kind     OptimizerKind
	LR       float32 // base learning rate η (required, > 0)
	Momentum float32 // SGD momentum μ in [0, 1)
	Nesterov bool    // SGD: Nesterov momentum
	Beta1    float32
	Beta2    float32
	Eps      float32
	Rho      float32 // RMSProp decay

	WeightDecay float32 // AdamW: θ -= η·λ·θ on weights, decoupled from the gradient
	L1, L2      float32 // regularisation added to the weight gradients (not biases)
	ClipNorm    float32 // if > 0, scale the whole gradient down to this global L2 norm

	Schedule Schedule // learning-rate schedule over steps
}

// ScheduleKind selects how the learning rate changes with the step count.
type ScheduleKind uint8

const (
	Constant  ScheduleKind = iota // η
	StepDecay                     // η·Gamma^⌊step/Every⌋
	Cosine                        // MinLR + (η-MinLR)·(1+cos(π·min(step,Total)/Total))/2
)

// Schedule is a learning-rate schedule with an optional linear warm-up over
// the first Warmup steps (from η/Warmup up to the scheduled rate).
type Schedule struct {
	Kind   ScheduleKind
	Every  int     // StepDecay: steps per decay
	Gamma  float32 // StepDecay factor
	Total  int     // Cosine: steps to reach MinLR; left 0, the first Fit sets it to the steps of its run (set it when Fit runs several times)
	MinLR  float32 // Cosine floor
	Warmup int     // warm-up steps, 0 for none
}

// Rate returns the learning rate at step (counted from 0) for base rate lr.
func (s Schedule) Rate(lr float32, step int) float32 {
	r := float64(lr)
	switch s.Kind {
	case StepDecay:
		if s.Every > 0 {
			r *= math.Pow(float64(s.Gamma), float64(step/s.Every))
		}
	case Cosine:
		if s.Total > 0 {
			t := float64(min(step, s.Total)) / float64(s.Total)
			r = float64(s.MinLR) + (r-float64(s.MinLR))*(1+math.Cos(math.Pi*t))/2
		}
	}
	if s.Warmup > 0 && step < s.Warmup {
		r *= float64(step+1) / float64(s.Warmup)
	}
	return float32(r)
}

func (o *Optimizer) defaults() {
	if o.Beta1 == 0 {
		o.Beta1 = 0.9
	}
	if o.Beta2 == 0 {
		o.Beta2 = 0.999
	}
	if o.Rho == 0 {
		o.Rho = 0.9
	}
	if o.Eps == 0 {
		o.Eps = 1e-8
		if o.Kind == Adagrad || o.Kind == RMSProp {
			o.Eps = 1e-7
		}
	}
}

// stateVectors is how many parameter-sized state vectors the optimizer keeps.
func (o *Optimizer) stateVectors() int {
	switch o.Kind {
	case SGD:
		if o.Momentum != 0 {
			return 1
		}
		return 0
	case Adam, AdamW:
		return 2
	}
	return 1
}

// Step applies one optimizer update to every parameter from the gradients
// accumulated since the last Step, clears them and advances the step count.
// It allocates nothing.
func (m *Model) Step() {
	m.freshGrads() // a Step with no Backward since the last one sees zeros
	o := &m.opt
	// Regularisation on the weights (biases are left alone).
	for i := range m.layers {
		l := &m.layers[i]
		if l.Kind != DenseKind {
			continue
		}
		w, gw := l.w.Data, l.gw.Data
		if o.L2 != 0 {
			simdnn.Saxpy(gw, o.L2, w)
		}
		if o.L1 != 0 {
			for j, v := range w {
				switch {
				case v > 0:
					gw[j] += o.L1
				case v < 0:
					gw[j] -= o.L1
				}
			}
		}
	}
	g, p := m.grads, m.params
	if o.ClipNorm > 0 {
		if n := float32(math.Sqrt(float64(simdnn.Sdot(g, g)))); n > o.ClipNorm {
			simdnn.Sscal(g, o.ClipNorm/n)
		}
	}
	lr := o.Schedule.Rate(o.LR, m.step)
	m.step++
	m.stepFinite = false
	switch o.Kind {
	case SGD:
		if o.Momentum == 0 {
			simdnn.Saxpy(p, -lr, g)
			break
		}
		v := m.state[0]
		simdnn.Sscal(v, o.Momentum) // v = μv + g
		simdnn.Saxpy(v, 1, g)
		if o.Nesterov { // θ -= η(g + μv)
			simdnn.Saxpy(p, -lr, g)
			simdnn.Saxpy(p, -lr*o.Momentum, v)
		} else {
			simdnn.Saxpy(p, -lr, v)
		}
	case Adagrad:
		s := m.state[0]
		for j, gj := range g {
			s[j] += gj * gj
			p[j] -= lr * gj / (sqrt32(s[j]) + o.Eps)
		}
	case RMSProp:
		s := m.state[0]
		for j, gj := range g {
			s[j] = o.Rho*s[j] + (1-o.Rho)*gj*gj
			p[j] -= lr * gj / (sqrt32(s[j]) + o.Eps)
		}
	case Adam, AdamW:
		if o.Kind == AdamW && o.WeightDecay != 0 {
			for i := range m.layers {
				if l := &m.layers[i]; l.Kind == DenseKind {
					simdnn.Sscal(l.w.Data, 1-lr*o.WeightDecay)
				}
			}
		}
		t := float64(m.step)
		c1 := float32(1 / (1 - math.Pow(float64(o.Beta1), t)))
		c2 := float32(1 / (1 - math.Pow(float64(o.Beta2), t)))
		m.stepFinite = simdnn.AdamStep(p, g, m.state[0], m.state[1], lr, o.Beta1, o.Beta2, c1, c2, o.Eps)
	}
	m.staleGrads = true // consumed: the next Backward overwrites them
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }
