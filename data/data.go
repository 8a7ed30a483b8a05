// Package data holds the small helpers a training program needs around
// package nn: one-hot targets, argmax and accuracy, feature standardisation,
// a seeded train/test split, and a reader for numeric CSV tables with a
// header. Each returns or fills simdnn.Matrix values (row-major, Stride =
// Cols); none is on a hot path, and each allocates only its results.
//
// A classification run, from a CSV file to accuracy:
//
//	t, err := data.ReadCSV(f, "species")   // features: every other column
//	x, y := t.X, t.OneHot()
//	xTrain, yTrain, xTest, yTest := data.Split(x, y, 0.2, 1)
//	s := data.FitStandardizer(xTrain)       // fitted on the training rows only
//	s.Apply(xTrain)
//	s.Apply(xTest)
//	... nn.New, m.Fit(xTrain, yTrain, ...), m.Predict(probs, xTest) ...
//	acc := data.Accuracy(probs, data.Argmax(nil, yTest))
package data

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/simdnn/simdnn"
)

// OneHot returns a len(labels)×classes matrix with a 1 in column labels[i] of
// row i and 0 elsewhere. It panics unless every label is in [0, classes).
func OneHot(labels []int, classes int) simdnn.Matrix {
	if classes < 1 {
		panic("data.OneHot: classes = " + strconv.Itoa(classes) + ", want ≥ 1")
	}
	m := simdnn.NewMatrix(len(labels), classes)
	for i, l := range labels {
		if l < 0 || l >= classes {
			panic("data.OneHot: labels[" + strconv.Itoa(i) + "] = " + strconv.Itoa(l) + ", want 0.." + strconv.Itoa(classes-1))
		}
		m.Data[i*classes+l] = 1
	}
	return m
}

// Argmax appends to dst[:0] the column of the largest value of each row of m
// (the first one on ties; a NaN is never the largest) and returns it: the
// predicted classes of a batch of probabilities or logits, or the labels of
// one-hot targets. A one-column m is read as a probability: the class is 1
// where it is at least 0.5, else 0. Pass a dst with capacity m.Rows to
// allocate nothing.
func Argmax(dst []int, m simdnn.Matrix) []int {
	if err := m.Validate(); err != nil {
		panic("data.Argmax: m: " + err.Error())
	}
	dst = dst[:0]
	for i := 0; i < m.Rows; i++ {
		row := m.Data[i*m.Stride : i*m.Stride+m.Cols]
		best := 0
		switch len(row) {
		case 0:
		case 1:
			if row[0] >= 0.5 {
				best = 1
			}
		default:
			for j, v := range row {
				if v > row[best] || row[best] != row[best] && v == v {
					best = j
				}
			}
		}
		dst = append(dst, best)
	}
	return dst
}

// Accuracy returns the fraction of rows of pred whose argmax (as Argmax
// reads it) is the label. It panics unless pred has one row per label and
// at least one row.
func Accuracy(pred simdnn.Matrix, labels []int) float64 {
	if pred.Rows != len(labels) || pred.Rows == 0 {
		panic("data.Accuracy: " + strconv.Itoa(pred.Rows) + " rows for " + strconv.Itoa(len(labels)) + " labels, want the same, ≥ 1")
	}
	var buf [64]int
	correct := 0
	for lo := 0; lo < pred.Rows; lo += len(buf) {
		hi := min(lo+len(buf), pred.Rows)
		for i, c := range Argmax(buf[:0], pred.Slice(lo, hi)) {
			if c == labels[lo+i] {
				correct++
			}
		}
	}
	return float64(correct) / float64(pred.Rows)
}

// A Standardizer shifts and scales each column of a matrix to mean 0 and
// standard deviation 1 on the rows it was fitted on: x' = (x − Mean)/Std.
type Standardizer struct {
	Mean, Std []float32 // one per column; Std is 1 for a constant column
}

// FitStandardizer returns the Standardizer of x's columns (population
// standard deviation, accumulated in float64). Fit it on the training rows
// only, then Apply it to every set. It panics if x has no rows or a
// non-finite value.
func FitStandardizer(x simdnn.Matrix) Standardizer {
	if err := x.Validate(); err != nil {
		panic("data.FitStandardizer: x: " + err.Error())
	}
	if x.Rows == 0 {
		panic("data.FitStandardizer: x has no rows")
	}
	sum, sq := make([]float64, x.Cols), make([]float64, x.Cols)
	for i := 0; i < x.Rows; i++ {
		for j, v := range x.Row(i) {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				panic("data.FitStandardizer: x(" + strconv.Itoa(i) + ", " + strconv.Itoa(j) + ") is not finite")
			}
			sum[j] += float64(v)
		}
	}
	s := Standardizer{Mean: make([]float32, x.Cols), Std: make([]float32, x.Cols)}
	n := float64(x.Rows)
	for j := range sum {
		sum[j] /= n
		s.Mean[j] = float32(sum[j])
	}
	for i := 0; i < x.Rows; i++ {
		for j, v := range x.Row(i) {
			d := float64(v) - sum[j]
			sq[j] += d * d
		}
	}
	for j := range sq {
		s.Std[j] = float32(math.Sqrt(sq[j] / n))
		if !(s.Std[j] > 0) || math.IsInf(float64(s.Std[j]), 0) {
			s.Std[j] = 1
		}
	}
	return s
}

// Apply standardises x in place. It panics unless x has len(s.Mean)
// columns.
func (s Standardizer) Apply(x simdnn.Matrix) {
	if err := x.Validate(); err != nil {
		panic("data.Standardizer.Apply: x: " + err.Error())
	}
	if x.Cols != len(s.Mean) || len(s.Std) != len(s.Mean) {
		panic("data.Standardizer.Apply: x has " + strconv.Itoa(x.Cols) + " columns, the Standardizer " + strconv.Itoa(len(s.Mean)))
	}
	for i := 0; i < x.Rows; i++ {
		row := x.Row(i)
		for j := range row {
			row[j] = (row[j] - s.Mean[j]) / s.Std[j]
		}
	}
}

// Split shuffles the rows of x and y together with a generator seeded by
// seed and returns copies: the last round(testFrac·rows) rows as the test
// set, the others as the training set. The same seed gives the same split.
// It panics unless x and y have the same number of rows and 0 ≤ testFrac ≤ 1.
func Split(x, y simdnn.Matrix, testFrac float64, seed uint64) (xTrain, yTrain, xTest, yTest simdnn.Matrix) {
	for _, v := range []struct {
		name string
		m    simdnn.Matrix
	}{{"x", x}, {"y", y}} {
		if err := v.m.Validate(); err != nil {
			panic("data.Split: " + v.name + ": " + err.Error())
		}
	}
	if x.Rows != y.Rows {
		panic("data.Split: x has " + strconv.Itoa(x.Rows) + " rows and y " + strconv.Itoa(y.Rows))
	}
	if !(testFrac >= 0 && testFrac <= 1) {
		panic("data.Split: testFrac = " + strconv.FormatFloat(testFrac, 'g', -1, 64) + ", want [0, 1]")
	}
	perm := rand.New(rand.NewPCG(seed, 0x5e1)).Perm(x.Rows)
	nTest := int(math.Round(testFrac * float64(x.Rows)))
	gather := func(m simdnn.Matrix, rows []int) simdnn.Matrix {
		out := simdnn.NewMatrix(len(rows), m.Cols)
		for i, r := range rows {
			copy(out.Data[i*m.Cols:(i+1)*m.Cols], m.Row(r))
		}
		return out
	}
	train, test := perm[:x.Rows-nTest], perm[x.Rows-nTest:]
	return gather(x, train), gather(y, train), gather(x, test), gather(y, test)
}
