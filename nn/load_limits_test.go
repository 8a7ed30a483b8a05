package nn

import (
	"encoding/binary"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
)

func smallModelFile(t *testing.T) []byte {
	t.Helper()
	m, err := New(Config{Inputs: 2, MaxBatch: 4, Seed: 1, Loss: SoftmaxCrossEntropy,
		Layers:    []Layer{Dense(128, Tanh), Dropout(0.25), Dense(2, Softmax)},
		Optimizer: Optimizer{Kind: Adam, LR: 1e-3}})
	if err != nil {
		t.Fatal(err)
	}
	return m.AppendBinary(nil)
}

// TestLoadBytesBounded: a valid file with a huge maxBatch is refused before
// anything is allocated (it would need about 5 GB), and the estimate the
// limit uses matches what New really allocates.
func TestLoadBytesBounded(t *testing.T) {
	b := smallModelFile(t)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := LoadBytes(b, 1<<21)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("LoadBytes with maxBatch 2²¹: %v, want ErrTooLarge", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("refused load allocated %d bytes", got)
	}
	// The estimate against the real allocation of a model that fits.
	for _, batch := range []int{1, 64, 4096} {
		cfg := Config{Inputs: 2, MaxBatch: batch, Seed: 1, Loss: SoftmaxCrossEntropy,
			Layers:    []Layer{Dense(128, Tanh), Dropout(0.25), Dense(2, Softmax)},
			Optimizer: Optimizer{Kind: Adam, LR: 1e-3}}
		if batch == 64 { // a sharded layer (partial-product buffers)
			cfg.Inputs, cfg.Layers[0] = 600, Dense(520, Tanh)
		}
		runtime.ReadMemStats(&before)
		if _, err := New(cfg); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		got, want := float64(after.TotalAlloc-before.TotalAlloc), memoryBytes(cfg)
		if got < want || got > 1.25*want+64<<10 {
			t.Errorf("maxBatch %d: New allocated %.0f bytes, memoryBytes says %.0f", batch, got, want)
		}
	}
	old := MaxLoadBytes
	defer func() { MaxLoadBytes = old }()
	MaxLoadBytes = 1 << 10
	if _, err := LoadBytes(b, 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxLoadBytes = 1 KiB: %v", err)
	}
}

// patchF32 overwrites the float32 at byte offset off and fixes the CRC.
func patchF32(b []byte, off int, v float32) []byte {
	c := append([]byte(nil), b...)
	binary.LittleEndian.PutUint32(c[off:], math.Float32bits(v))
	binary.LittleEndian.PutUint32(c[len(c)-4:], crc32Sum(c[:len(c)-4]))
	return c
}

// TestLoadRejectsNonFinite: files whose hyper-parameters are +Inf or NaN
// (valid CRC) are refused, as New refuses such a Config.
func TestLoadRejectsNonFinite(t *testing.T) {
	b := smallModelFile(t)
	const opt = 8 + 4 + 4 + 4 + 4 + 8 // the optimizer fields start here, 4 bytes each
	for _, f := range []struct {
		name  string
		field int
		v     float32
	}{
		{"Eps", 6, float32(math.Inf(1))}, {"Schedule.Gamma", 14, float32(math.Inf(1))},
		{"ClipNorm", 11, float32(math.Inf(1))}, {"L2", 10, float32(math.NaN())},
		{"LR", 1, float32(math.Inf(1))}, {"Schedule.MinLR", 16, float32(math.Inf(1))},
	} {
		_, err := LoadBytes(patchF32(b, opt+4*f.field, f.v), 4)
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "Optimizer."+f.name) {
			t.Errorf("%s = %v in the file: %v", f.name, f.v, err)
		}
	}
	if _, err := New(Config{Inputs: 1, MaxBatch: 1, Loss: MSE, Layers: []Layer{Dense(1, Linear)},
		Optimizer: Optimizer{Kind: Adam, LR: 1e-3, Eps: float32(math.Inf(1))}}); err == nil ||
		err.Error() != "nn: Optimizer.Eps = +Inf, want finite ≥ 0" {
		t.Errorf("New with Eps +Inf: %v", err)
	}
}
