package data

import (
	"encoding/csv"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/simdnn/simdnn"
)

// A Table is a numeric CSV table: the feature columns as a matrix and,
// optionally, one label column.
type Table struct {
	Features []string      // the feature columns' names, in file order
	X        simdnn.Matrix // one row per record, one column per feature
	Label    string        // the label column's name ("" for none)
	// Y holds the labels, one per row: the number itself when every label
	// is numeric (a regression target, Classes nil), else the index in
	// Classes (a class).
	Y       []float32
	Classes []string // the distinct non-numeric labels, sorted
}

// MaxCSVCells bounds what ReadCSV reads (records × columns), so that a huge
// or hostile file is an error, not an unbounded allocation.
var MaxCSVCells = 1 << 26

// ReadCSV reads a comma-separated table whose first record names the
// columns. The column named label (unless label is "") is the label; every
// other column is a feature and must hold numbers (strconv.ParseFloat, so
// "1e-3", "NaN" and "Inf" parse; empty cells do not). Labels are numbers
// when all of them parse, else class names. Errors name the record (line)
// and the column.
func ReadCSV(r io.Reader, label string) (*Table, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("data.ReadCSV: empty input, want a header record")
	}
	if err != nil {
		return nil, errors.New("data.ReadCSV: " + err.Error())
	}
	header = slices.Clone(header)
	li := -1
	t := &Table{Label: label}
	for j, name := range header {
		if label != "" && name == label {
			if li >= 0 {
				return nil, errors.New("data.ReadCSV: two columns named " + strconv.Quote(label))
			}
			li = j
			continue
		}
		t.Features = append(t.Features, name)
	}
	if label != "" && li < 0 {
		return nil, errors.New("data.ReadCSV: no column named " + strconv.Quote(label) + " in the header")
	}
	var values []float32
	var labels []string
	for rec := 2; ; rec++ {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errors.New("data.ReadCSV: " + err.Error())
		}
		if (rec-1)*len(header) > MaxCSVCells {
			return nil, errors.New("data.ReadCSV: more than MaxCSVCells cells")
		}
		for j, f := range fields {
			if j == li {
				labels = append(labels, f)
				continue
			}
			v, err := strconv.ParseFloat(f, 32)
			if err != nil {
				line, _ := cr.FieldPos(j) // the file's line, blank lines and quoted newlines counted
				return nil, errors.New("data.ReadCSV: line " + strconv.Itoa(line) + ", column " + strconv.Quote(header[j]) +
					": " + strconv.Quote(f) + " is not a number")
			}
			values = append(values, float32(v))
		}
	}
	t.X = simdnn.MatrixOf(len(values)/max(len(t.Features), 1), len(t.Features), values)
	if len(t.Features) == 0 {
		t.X = simdnn.NewMatrix(len(labels), 0)
	}
	if li >= 0 {
		t.Y = make([]float32, len(labels))
		numeric := true
		for i, l := range labels {
			v, err := strconv.ParseFloat(l, 32)
			if err != nil || math.IsNaN(v) {
				numeric = false
				break
			}
			t.Y[i] = float32(v)
		}
		if !numeric {
			t.Classes = slices.Compact(slices.Sorted(slices.Values(labels)))
			for i, l := range labels {
				c, _ := slices.BinarySearch(t.Classes, l)
				t.Y[i] = float32(c)
			}
		}
	}
	return t, nil
}

// Labels returns the class indices of a classification table's rows (Y
// as ints). It panics unless the table has classes.
func (t *Table) Labels() []int {
	if t.Classes == nil {
		panic("data.Table.Labels: the labels are numbers, not classes")
	}
	out := make([]int, len(t.Y))
	for i, y := range t.Y {
		out[i] = int(y)
	}
	return out
}

// OneHot returns the classification table's labels as one-hot rows (one
// column per class), the targets of a softmax model.
func (t *Table) OneHot() simdnn.Matrix { return OneHot(t.Labels(), len(t.Classes)) }

// YMatrix returns Y as a one-column matrix, the targets of a regression
// model.
func (t *Table) YMatrix() simdnn.Matrix {
	return simdnn.MatrixOf(len(t.Y), 1, slices.Clone(t.Y))
}
