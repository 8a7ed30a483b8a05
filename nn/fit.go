package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/simdnn/simdnn"
)

// FitOptions configures Fit.
type FitOptions struct {
	Epochs    int    // passes over the data (≥ 1)
	BatchSize int    // rows per step, 1..MaxBatch; 0 means MaxBatch
	NoShuffle bool   // keep the row order (default: a seeded shuffle per epoch)
	Seed      uint64 // shuffle seed

	// ValX and ValY, when ValX.Rows > 0, are evaluated after every epoch.
	ValX, ValY simdnn.Matrix

	// Progress, if set, is called after every step with the rows done so
	// far in the epoch and the epoch's total.
	Progress func(done, total int)
	// OnEpoch, if set, is called after every epoch; returning false stops
	// training (early stopping).
	OnEpoch func(EpochStats) bool

	// Divergence: Fit stops with an error, and marks the model broken
	// (see Model.Broken), when, after at least DivergeSteps steps, a moving
	// average of the loss (weight 2/(DivergeSteps+1) per step) is above
	// DivergeFactor times the loss of the call's first batch, or times
	// DivergeFloor if that is larger. Zero values mean 10, 0.01 and 20; a
	// negative DivergeFactor turns the rule off.
	DivergeFactor float32
	DivergeFloor  float32
	DivergeSteps  int
}

// EpochStats reports one epoch of Fit.
type EpochStats struct {
	Epoch     int           // from 1
	Loss      float32       // mean training loss over the epoch's batches
	Duration  time.Duration // training time of the epoch (no evaluation)
	ValLoss   float32       // with ValX: loss on it
	ValMetric float32       // with ValX: Evaluate's metric on it (Loss.Metric: accuracy, or MAE for MSE)
}

// Fit trains on the rows of x with targets y for opt.Epochs epochs of
// mini-batches, shuffling the rows each epoch with a seeded generator.
// It stops at the first error (see TrainBatch) or when OnEpoch says so.
// Fit allocates its index permutation and batch buffers once per call.
func (m *Model) Fit(x, y simdnn.Matrix, opt FitOptions) error {
	bs := opt.BatchSize
	if bs == 0 {
		bs = m.cfg.MaxBatch
	}
	views := []struct {
		name string
		m    simdnn.Matrix
	}{{"x", x}, {"y", y}, {"ValX", opt.ValX}, {"ValY", opt.ValY}}
	if opt.ValX.Rows != opt.ValY.Rows {
		return fmt.Errorf("nn: Fit: ValX has %d rows and ValY %d, want one target row per input row", opt.ValX.Rows, opt.ValY.Rows)
	}
	if opt.ValX.Rows == 0 {
		views = views[:2] // no validation set: the zero Matrix is fine there
	}
	for _, v := range views {
		if err := viewErr("Fit", v.name, v.m); err != nil {
			return err
		}
	}
	switch {
	case x.Rows == 0:
		return errors.New("nn: Fit: x has no rows")
	case x.Rows != y.Rows:
		return fmt.Errorf("nn: Fit: x has %d rows and y %d, want one target row per input row", x.Rows, y.Rows)
	case x.Cols != m.cfg.Inputs:
		return fmt.Errorf("nn: Fit: x has %d columns, want the model's %d inputs", x.Cols, m.cfg.Inputs)
	case y.Cols != m.Outputs():
		return fmt.Errorf("nn: Fit: y has %d columns, want the model's %d outputs", y.Cols, m.Outputs())
	case bs < 1 || bs > m.cfg.MaxBatch:
		return fmt.Errorf("nn: Fit: BatchSize = %d, want 1..%d (MaxBatch)", bs, m.cfg.MaxBatch)
	case opt.Epochs < 1:
		return fmt.Errorf("nn: Fit: Epochs = %d, want ≥ 1", opt.Epochs)
	case opt.ValX.Rows > 0 && opt.ValX.Cols != x.Cols:
		return fmt.Errorf("nn: Fit: ValX has %d columns, want the model's %d inputs", opt.ValX.Cols, x.Cols)
	case opt.ValX.Rows > 0 && opt.ValY.Cols != y.Cols:
		return fmt.Errorf("nn: Fit: ValY has %d columns, want the model's %d outputs", opt.ValY.Cols, y.Cols)
	}
	// A Cosine schedule left without its length decays over this run.
	if sc := &m.opt.Schedule; sc.Kind == Cosine && sc.Total == 0 {
		sc.Total = m.step + opt.Epochs*((x.Rows+bs-1)/bs)
	}
	factor, floor, patience := opt.DivergeFactor, opt.DivergeFloor, opt.DivergeSteps
	if factor == 0 {
		factor = 10
	}
	if floor == 0 {
		floor = 0.01
	}
	if patience == 0 {
		patience = 20
	}
	// The rule watches a moving average of the loss (weight 2/(DivergeSteps+1)
	// per step), so that single good batches do not reset it.
	first, avg, steps := float32(0), float32(0), 0
	perm := make([]int, x.Rows)
	for i := range perm {
		perm[i] = i
	}
	shuffle := rand.New(rand.NewPCG(opt.Seed, 0xf17))
	xb, yb := newMatrix(bs, x.Cols), newMatrix(bs, y.Cols)
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		if !opt.NoShuffle {
			shuffle.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		}
		start := time.Now()
		var sum float64
		batches := 0
		for lo := 0; lo < len(perm); lo += bs {
			n := min(bs, len(perm)-lo)
			bx, by := rows(xb, n), rows(yb, n)
			for r, src := range perm[lo : lo+n] {
				copy(bx.Data[r*bx.Stride:r*bx.Stride+x.Cols], x.Data[src*x.Stride:src*x.Stride+x.Cols])
				copy(by.Data[r*by.Stride:r*by.Stride+y.Cols], y.Data[src*y.Stride:src*y.Stride+y.Cols])
			}
			loss, err := m.TrainBatch(bx, by)
			if err != nil {
				return fmt.Errorf("nn.Fit: epoch %d: %w", epoch, err)
			}
			if steps++; steps == 1 {
				first, avg = loss, loss
			}
			avg += (loss - avg) * 2 / float32(patience+1)
			if limit := factor * max(first, floor); factor > 0 && steps >= patience && avg > limit {
				m.broken = fmt.Errorf("nn.Fit: epoch %d, step %d: diverged: the loss, averaged over about %d steps, "+
					"is %g, above %g (%g × the first batch's %g)", epoch, m.step, patience, avg, limit, factor, first)
				return m.broken
			}
			sum += float64(loss)
			batches++
			if opt.Progress != nil {
				opt.Progress(lo+n, len(perm))
			}
		}
		st := EpochStats{Epoch: epoch, Loss: float32(sum / float64(batches)), Duration: time.Since(start)}
		if opt.ValX.Rows > 0 {
			st.ValLoss, st.ValMetric = m.Evaluate(opt.ValX, opt.ValY)
		}
		if opt.OnEpoch != nil && !opt.OnEpoch(st) {
			break
		}
	}
	return nil
}

// Evaluate returns the mean loss of the model on x and y and the metric that
// fits its loss (Loss.Metric): for SoftmaxCrossEntropy and
// BinaryCrossEntropy the argmax accuracy (targets one-hot, or for one
// output, thresholded at 0.5); for MSE, a regression loss, the mean absolute
// error over every output. It runs in batches of MaxBatch and allocates one
// output buffer.
//
// It panics unless x and y have the same, non-zero number of rows and the
// model's input and output widths.
func (m *Model) Evaluate(x, y simdnn.Matrix) (loss, metric float32) {
	k := m.Outputs()
	mustView("Evaluate", "x", x)
	mustView("Evaluate", "y", y)
	if x.Rows != y.Rows || x.Rows == 0 || x.Cols != m.cfg.Inputs || y.Cols != k {
		panic(fmt.Sprintf("nn.Evaluate: x is %dx%d and y %dx%d for a %d→%d model", x.Rows, x.Cols, y.Rows, y.Cols, m.cfg.Inputs, k))
	}
	out := newMatrix(m.cfg.MaxBatch, k)
	d := newMatrix(m.cfg.MaxBatch, k)
	var sum, absErr float64
	correct := 0
	for lo := 0; lo < x.Rows; lo += m.cfg.MaxBatch {
		n := min(m.cfg.MaxBatch, x.Rows-lo)
		bx := simdnn.Matrix{Rows: n, Cols: x.Cols, Stride: x.Stride, Data: x.Data[lo*x.Stride : (lo+n-1)*x.Stride+x.Cols]}
		by := simdnn.Matrix{Rows: n, Cols: y.Cols, Stride: y.Stride, Data: y.Data[lo*y.Stride : (lo+n-1)*y.Stride+y.Cols]}
		o := rows(out, n)
		m.Predict(o, bx)
		sum += float64(m.lossGrad(rows(d, n), o, by)) * float64(n)
		for r := 0; r < n; r++ {
			or, yr := o.Data[r*o.Stride:r*o.Stride+k], by.Data[r*by.Stride:r*by.Stride+k]
			if argmax(or) == argmax(yr) {
				correct++
			}
			for j, v := range or {
				absErr += math.Abs(float64(v) - float64(yr[j]))
			}
		}
	}
	loss = float32(sum / float64(x.Rows))
	if m.cfg.Loss == MSE {
		return loss, float32(absErr / float64(x.Rows*k))
	}
	return loss, float32(correct) / float32(x.Rows)
}

// argmax returns the index of the largest value; for one value, whether it
// is at least 0.5.
func argmax(v []float32) int {
	if len(v) == 1 {
		if v[0] >= 0.5 {
			return 1
		}
		return 0
	}
	best := 0
	for j, x := range v {
		if x > v[best] {
			best = j
		}
	}
	return best
}
