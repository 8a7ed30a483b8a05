package nn

import (
	"math/rand/v2"
	"os"
	"runtime"
	"testing"

	"github.com/simdnn/simdnn"
)

// TestSoak trains a small model for many epochs, with Sgemm split over two
// goroutines (its first layer, 512 wide, in shards: SgemmBatch), and
// samples the live heap, the bytes allocated and the goroutine count: after
// a warm-up of a fifth of the epochs all three must stay flat.
// SIMDNN_LONG=1 runs 3000 epochs instead of 60 (30 of 256 rows instead of
// 1024 with -short).
func TestSoak(t *testing.T) {
	epochs, rows := 60, 1024
	switch {
	case os.Getenv("SIMDNN_LONG") != "":
		epochs = 3000
	case testing.Short(): // also under emulation
		epochs, rows = 30, 256
	}
	defer simdnn.SetThreads(simdnn.SetThreads(2))
	m, err := New(Config{Inputs: 512, MaxBatch: 128, Seed: 9, Loss: SoftmaxCrossEntropy,
		Layers:    []Layer{Dense(256, ReLU), Dropout(0.1), Dense(10, Softmax)},
		Optimizer: Optimizer{Kind: Adam, LR: 1e-3, Schedule: Schedule{Kind: Cosine, Total: 10000, MinLR: 1e-4}}})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	x, y := simdnn.NewMatrix(rows, 512), simdnn.NewMatrix(rows, 10)
	for i := 0; i < x.Rows; i++ {
		c := r.IntN(10)
		y.Data[i*10+c] = 1
		for j := 0; j < 512; j++ {
			x.Data[i*512+j] = float32(r.NormFloat64()) + float32((c*j)%7)/7
		}
	}
	type sample struct {
		epoch      int
		heap, allc uint64
		goroutines int
	}
	var samples []sample
	every := max(epochs/10, 3)
	err = m.Fit(x, y, FitOptions{Epochs: epochs, BatchSize: 128, Seed: 3,
		OnEpoch: func(s EpochStats) bool {
			if s.Epoch%every == 0 {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				samples = append(samples, sample{s.Epoch, ms.HeapAlloc, ms.TotalAlloc, runtime.NumGoroutine()})
			}
			return true
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) < 6 {
		t.Fatalf("only %d samples", len(samples))
	}
	// The first samples may still see warm-up: the Sgemm workspaces and split
	// records grow until as many calls have overlapped as ever will.
	first, last := samples[2], samples[len(samples)-1]
	for _, s := range samples {
		t.Logf("epoch %4d: heap %7d B, allocated %9d B, %d goroutines", s.epoch, s.heap, s.allc, s.goroutines)
		if s.epoch < first.epoch {
			continue
		}
		if s.goroutines != first.goroutines {
			t.Errorf("epoch %d: %d goroutines, %d at epoch %d", s.epoch, s.goroutines, first.goroutines, first.epoch)
		}
		if s.heap > first.heap+256<<10 {
			t.Errorf("epoch %d: live heap %d B, %d B at epoch %d", s.epoch, s.heap, first.heap, first.epoch)
		}
	}
	// Training allocates nothing per step; the samples themselves and the
	// runtime's bookkeeping may: allow 1 KiB per epoch.
	if per := (last.allc - first.allc) / uint64(last.epoch-first.epoch); per > 1024 {
		t.Errorf("%d B allocated per epoch between epochs %d and %d", per, first.epoch, last.epoch)
	}
}
