// Package nn trains and runs small fully connected networks without
// allocating on the hot path: every buffer (weights, gradients, optimizer
// state, activations, deltas, dropout masks) is allocated by New for a
// maximum batch size, and Forward, Backward, Step, TrainBatch and Predict
// allocate nothing. All heavy loops run on the kernels of package simdnn,
// so a model uses the best implementation tier of the CPU it runs on.
//
// The maths is the classic multi-layer perceptron. A Dense layer computes
// z = x·W + b and a = f(z) for a batch of rows x; the loss is the mean over
// the batch; backpropagation gives ∂L/∂W = xᵀ·δ, ∂L/∂b = Σ δ and
// ∂L/∂x = δ·Wᵀ; the optimizer then updates θ ← θ − η·(adjusted ∇L).
//
// A minimal session:
//
//	m, err := nn.New(nn.Config{
//		Inputs: 784, MaxBatch: 64, Seed: 1,
//		Layers: []nn.Layer{nn.Dense(128, nn.ReLU), nn.Dense(10, nn.Softmax)},
//		Loss:   nn.SoftmaxCrossEntropy,
//		Optimizer: nn.Optimizer{Kind: nn.Adam, LR: 1e-3},
//	})
//	loss, err := m.TrainBatch(x, y) // x: batch×784, y: batch×10 one-hot
//	m.Predict(probs, x)
//
// Training health: TrainBatch stops with an error when the loss is not
// finite (before updating) or when any weight, bias or optimizer moment
// becomes ±Inf or NaN (after, naming the step and the layer); Fit also stops
// when a moving average of the loss stays far above its first batch's
// (FitOptions.DivergeFactor). After such an error the model is broken: Save
// refuses it until Reinit (see Model.Broken). SaveCheckpoint keeps the
// training state, so a run can stop and continue bit for bit; Save keeps
// only what inference needs. Loading is bounded by MaxLoadBytes.
//
// Concurrency: a Model is not safe for concurrent use. For concurrent
// inference give each goroutine its own Workspace (m.NewWorkspace) and call
// m.PredictWith(ws, dst, x); the weights are only read.
//
// Threads: the products of a step run on simdnn.SetThreads goroutines. In
// training, a Dense layer of 512 inputs or more is computed in two shards,
// the two row halves of W, one simdnn.GemmCall each in one
// simdnn.SgemmBatch (Forward's x·W as the sum of the halves' partial
// products for batches of two rows or more, dW and dX half by half), so
// that each core keeps its half of W, of its gradient and of the Adam state
// from one step to the next. Predict computes each product whole (there
// nothing writes W, and one product is faster on one core).
//
// Determinism: the same Config (and Seed), data and implementation tier give
// bit-identical weights, whatever simdnn.SetThreads says (shards depend on
// the layer's shape only). A row's outputs may differ in the last bits
// between batch sizes (one row, a few and many take different kernels) and
// between Forward and Predict (shards).
package nn
