package quant

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unsafe"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
)

// quantized is a briefly trained model, quantized for batches of 16 with
// its training inputs as the calibration set.
func quantized(t testing.TB, acts ...nn.Activation) (*Model, simdnn.Matrix) {
	t.Helper()
	m, x := fit(t, 300, 21, 16, 2, acts...)
	q, err := Quantize(m, x, Options{MaxBatch: 16})
	if err != nil {
		t.Fatal(err)
	}
	return q, x
}

func TestFileRoundTrip(t *testing.T) {
	q, x := quantized(t, nn.ReLU, nn.Sigmoid, nn.Tanh, nn.LeakyReLU, nn.Linear)
	var buf bytes.Buffer
	if err := q.Save(&buf); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	for name, load := range map[string]func() (*Model, error){
		"Load":      func() (*Model, error) { return Load(bytes.NewReader(file), 16) },
		"LoadBytes": func() (*Model, error) { return LoadBytes(file, 16) },
	} {
		r, err := load()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(r.AppendBinary(nil), file) {
			t.Fatalf("%s: saving the loaded model gives other bytes", name)
		}
		samePredictions(t, name, q, r, x)
	}
}

// samePredictions fails unless r predicts the first 16 rows of x (24
// inputs, 3 outputs) exactly as q does.
func samePredictions(t *testing.T, what string, q, r *Model, x simdnn.Matrix) {
	t.Helper()
	xv := simdnn.Matrix{Rows: 16, Cols: 24, Stride: 24, Data: x.Data[:16*24]}
	a, b := simdnn.NewMatrix(16, 3), simdnn.NewMatrix(16, 3)
	q.Predict(a, xv)
	r.Predict(b, xv)
	for i := range a.Data {
		if a.Data[i] != b.Data[i] {
			t.Fatalf("%s: prediction %d is %g, the model's %g", what, i, b.Data[i], a.Data[i])
		}
	}
}

// TestFileDamage: every truncation and every single-byte change is refused
// with an error (the checksum, or the decoder's checks), never a panic.
func TestFileDamage(t *testing.T) {
	q, _ := quantized(t, nn.Sigmoid)
	file := q.AppendBinary(nil)
	for n := 0; n < len(file); n += 1 + n/64 {
		if _, err := LoadBytes(file[:n], 4); err == nil {
			t.Fatalf("truncated to %d of %d bytes: loaded", n, len(file))
		}
	}
	for i := 0; i < len(file); i += 1 + i/128 {
		c := bytes.Clone(file)
		c[i] ^= 0x41
		if _, err := LoadBytes(c, 4); err == nil {
			t.Fatalf("byte %d changed: loaded", i)
		}
	}
	if _, err := LoadBytes(file, 0); err == nil || !strings.Contains(err.Error(), "maxBatch") {
		t.Fatalf("maxBatch 0: %v", err)
	}
}

// FuzzLoadInt8Model: any input (LoadBytes) loads or fails with an error; what loads
// predicts without panicking and saves back to the same bytes.
func FuzzLoadInt8Model(f *testing.F) {
	q, _ := quantized(f, nn.Tanh)
	f.Add(q.AppendBinary(nil))
	r, _ := quantized(f, nn.ReLU, nn.Linear)
	f.Add(asymmetric(f, r).AppendBinary(nil))
	if v1, err := os.ReadFile("../examples/firmware/mnist.int8"); err == nil {
		f.Add(v1) // version 1
	}
	f.Add([]byte(fileMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4 {
			// Most mutations die at the checksum: give the decoder a chance
			// by fixing it up half of the time.
			if b[len(b)-1]&1 == 1 {
				b = fixChecksum(b)
			}
		}
		m, err := LoadBytes(b, 2)
		if err != nil {
			return
		}
		x := simdnn.NewMatrix(2, m.Inputs())
		for i := range x.Data {
			x.Data[i] = float32(i%7) - 3
		}
		m.Predict(simdnn.NewMatrix(2, m.Outputs()), x)
		if b[len(fileMagic)] == fileVersion && !bytes.Equal(m.AppendBinary(nil), b) {
			t.Fatal("loaded file does not save back to the same bytes")
		}
	})
}

func fixChecksum(b []byte) []byte {
	c := bytes.Clone(b)
	body := c[:len(c)-4]
	sum := crc32Sum(body)
	c[len(c)-4], c[len(c)-3], c[len(c)-2], c[len(c)-1] = byte(sum), byte(sum>>8), byte(sum>>16), byte(sum>>24)
	return c
}

// TestLoadBytesInPlace: the packed weights of a model from LoadBytes are the
// bytes of the file, not a copy.
func TestLoadBytesInPlace(t *testing.T) {
	q, _ := quantized(t, nn.ReLU)
	file := q.AppendBinary(nil)
	m, err := LoadBytes(file, 4)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := uintptr(unsafe.Pointer(&file[0])), uintptr(unsafe.Pointer(&file[len(file)-1]))
	for i, l := range m.layers {
		w := l.w.Packed()
		if p := uintptr(unsafe.Pointer(&w[0])); p < lo || p > hi {
			t.Errorf("layer %d: weights at %#x, outside the file [%#x, %#x]", i, p, lo, hi)
		}
	}
}
