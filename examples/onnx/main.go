// Command onnx loads an ONNX model of a fully connected network (as
// exported by PyTorch, Keras via tf2onnx, scikit-learn via skl2onnx, or
// `go run ./cmd/mnist -export-onnx m.onnx`), imports it onto simdnn's nn
// package — or, for a quantized graph (QDQ or QLinearMatMul, e.g. from
// onnxruntime's quantizer or `cmd/mnist -export-onnx-int8`), onto package
// quant's int8 inference — and predicts the rows of a CSV file (numbers
// only, no header) or of standard input, one output row per input row.
//
//	go run ./examples/onnx MODEL.onnx [ROWS.csv]
//
// An operator outside what onnx.Import and onnx.ImportInt8 map (see go doc
// ./onnx) is an error that names the node, the operator and the opset.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/onnx"
)

// model is what both imports give: an nn.Model (float32) or a quant.Model
// (int8), predicting up to batch rows at a time.
type model interface {
	Inputs() int
	Outputs() int
	Predict(dst, x simdnn.Matrix)
}

const batch = 64

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "onnx:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) < 1 || len(args) > 2 {
		return fmt.Errorf("usage: onnx MODEL.onnx [ROWS.csv]")
	}
	b, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	dec, err := onnx.Decode(b)
	if err != nil {
		return err
	}
	var m model
	if onnx.IsQuantized(dec) {
		m, err = onnx.ImportInt8(dec, onnx.ImportOptions{MaxBatch: batch})
	} else {
		m, err = onnx.Import(dec, onnx.ImportOptions{MaxBatch: batch})
	}
	if err != nil {
		return err
	}
	in := stdin
	if len(args) == 2 {
		f, err := os.Open(args[1])
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	var rows [][]float32
	sc := bufio.NewScanner(in)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		fields := strings.Split(text, ",")
		if len(fields) != m.Inputs() {
			return fmt.Errorf("line %d: %d values, the model takes %d", line, len(fields), m.Inputs())
		}
		row := make([]float32, len(fields))
		for j, f := range fields {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 32)
			if err != nil {
				return fmt.Errorf("line %d, value %d: %v", line, j+1, err)
			}
			row[j] = float32(v)
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(rows) == 0 {
		return fmt.Errorf("no input rows")
	}
	x := simdnn.MatrixFromRows(rows)
	y := simdnn.NewMatrix(x.Rows, m.Outputs())
	for i := 0; i < x.Rows; i += batch {
		j := min(i+batch, x.Rows)
		m.Predict(y.Slice(i, j), x.Slice(i, j))
	}
	w := bufio.NewWriter(stdout)
	for i := 0; i < y.Rows; i++ {
		for j, v := range y.Row(i) {
			if j > 0 {
				w.WriteByte(',')
			}
			w.WriteString(strconv.FormatFloat(float64(v), 'g', 7, 32))
		}
		w.WriteByte('\n')
	}
	return w.Flush()
}
