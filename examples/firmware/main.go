// Command firmware is a firmware-style digit classifier: a static binary with
// a quantized MNIST model (784-128-10, int8, 97.9 % on the test set) compiled
// in with go:embed, that reads one 28×28 grayscale image and prints the digit
// it sees and the model's confidence.
//
// Usage:
//
//	firmware [FILE]
//
// FILE (or standard input when absent or "-") is a binary PGM image ("P5",
// 28×28, maxval 255) or the 784 raw pixel bytes, row by row, 0 for the
// background and 255 for ink, as in the MNIST files. The output is one line,
// for example:
//
//	digit 7 (confidence 0.998)
//
// It links no fmt, flag or reflect: with `-trimpath -ldflags='-s -w'` the
// linux/arm64 binary stays under 1.8 MB (.ci/run builds it for linux/arm64
// and linux/arm GOARM=7, prints the sizes and runs both under qemu). The model
// file is `go run ./cmd/mnist -save-int8 examples/firmware/mnist.int8`.
package main

import (
	_ "embed"
	"io"
	"os"
	"strconv"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/quant"
)

//go:embed mnist.int8
var modelFile []byte

const side = 28

func main() {
	simdnn.SetThreads(1) // one image: no helper goroutines
	in := os.Stdin
	if len(os.Args) > 2 {
		fail("usage: firmware [FILE]")
	}
	if len(os.Args) == 2 && os.Args[1] != "-" {
		f, err := os.Open(os.Args[1])
		if err != nil {
			fail(err.Error())
		}
		defer f.Close()
		in = f
	}
	raw, err := io.ReadAll(io.LimitReader(in, 1<<16))
	if err != nil {
		fail(err.Error())
	}
	pixels, err := decode(raw)
	if err != nil {
		fail(err.Error())
	}
	model, err := quant.LoadBytes(modelFile, 1)
	if err != nil {
		fail("embedded model: " + err.Error())
	}
	var x, probs [side * side]float32
	for i, p := range pixels {
		x[i] = float32(p) / 255
	}
	out := probs[:model.Outputs()]
	model.Predict(simdnn.Matrix{Rows: 1, Cols: len(out), Stride: len(out), Data: out},
		simdnn.Matrix{Rows: 1, Cols: side * side, Stride: side * side, Data: x[:]})
	best := 0
	for i, p := range out {
		if p > out[best] {
			best = i
		}
	}
	os.Stdout.WriteString("digit " + strconv.Itoa(best) + " (confidence " +
		strconv.FormatFloat(float64(out[best]), 'f', 3, 32) + ")\n")
}

// decode returns the 784 pixels of a 28×28 binary PGM (P5, maxval 255) or
// of 784 raw bytes.
func decode(b []byte) ([]byte, error) {
	if len(b) == side*side {
		return b, nil
	}
	if len(b) < 2 || b[0] != 'P' || b[1] != '5' {
		return nil, errorString("input is neither a P5 PGM nor 784 raw bytes (" + strconv.Itoa(len(b)) + " bytes)")
	}
	// Header: P5, width, height, maxval, separated by whitespace (and
	// comments), then one whitespace byte, then the pixels.
	var fields [3]int
	pos := 2
	for f := range fields {
		for pos < len(b) && (isSpace(b[pos]) || b[pos] == '#') {
			if b[pos] == '#' {
				for pos < len(b) && b[pos] != '\n' {
					pos++
				}
				continue
			}
			pos++
		}
		start := pos
		for pos < len(b) && b[pos] >= '0' && b[pos] <= '9' && pos-start < 6 {
			fields[f] = fields[f]*10 + int(b[pos]-'0')
			pos++
		}
		if pos == start {
			return nil, errorString("malformed PGM header")
		}
	}
	if fields[0] != side || fields[1] != side || fields[2] != 255 {
		return nil, errorString("PGM must be 28×28 with maxval 255")
	}
	pos++ // the single whitespace byte after maxval
	if len(b)-pos != side*side {
		return nil, errorString("PGM holds " + strconv.Itoa(len(b)-pos) + " pixel bytes, want 784")
	}
	return b[pos:], nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

type errorString string

func (e errorString) Error() string { return string(e) }

func fail(msg string) {
	os.Stderr.WriteString("firmware: " + msg + "\n")
	os.Exit(1)
}
