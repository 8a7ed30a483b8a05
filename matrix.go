package simdnn

import "strconv"

// A Matrix is a row-major view of float32 data: element (i, j) is
// Data[i*Stride+j]. Stride must be at least Cols (at least 1 when Cols is 0),
// and Data must hold (Rows-1)*Stride+Cols elements; the rest of the last
// row's stride need not exist. It has the layout of gonum's blas32.General.
type Matrix struct {
	Rows, Cols int
	Stride     int
	Data       []float32
}

// Transpose says whether a Sgemm or Sgemv operand is used as stored (NoTrans)
// or transposed (Trans).
type Transpose uint8

const (
	NoTrans Transpose = iota // op(A) = A
	Trans                    // op(A) = Aᵀ
)

// NewMatrix returns a rows×cols matrix of zeros with Stride = cols (1 when
// cols is 0). It panics on negative or too large dimensions.
func NewMatrix(rows, cols int) Matrix {
	if rows < 0 || cols < 0 || cols > 0 && rows > maxInt/cols {
		panic("simdnn.NewMatrix: bad dimensions " + strconv.Itoa(rows) + "×" + strconv.Itoa(cols))
	}
	return Matrix{Rows: rows, Cols: cols, Stride: max(cols, 1), Data: make([]float32, rows*cols)}
}

// MatrixOf returns data as a rows×cols row-major matrix (Stride = cols, 1
// when cols is 0), without copying. It panics unless len(data) is
// rows·cols.
func MatrixOf(rows, cols int, data []float32) Matrix {
	if rows < 0 || cols < 0 || cols > 0 && rows > maxInt/cols || len(data) != rows*cols {
		panic("simdnn.MatrixOf: " + strconv.Itoa(len(data)) + " values for " + strconv.Itoa(rows) + "×" + strconv.Itoa(cols))
	}
	return Matrix{Rows: rows, Cols: cols, Stride: max(cols, 1), Data: data}
}

const maxInt = int(^uint(0) >> 1)

// Validate returns nil if m is a well-formed view, else an error that says
// what is wrong with it, e.g. "Stride 0 < Cols 2". Every kernel checks its
// views this way (and panics); callers that return errors can check first.
func (m Matrix) Validate() error {
	switch m.problem() {
	case badDims:
		return matrixError("negative dimensions " + strconv.Itoa(m.Rows) + "×" + strconv.Itoa(m.Cols))
	case badStride:
		return matrixError("Stride " + strconv.Itoa(m.Stride) + " < Cols " + strconv.Itoa(max(m.Cols, 1)))
	case shortData:
		return matrixError("Data has " + strconv.Itoa(len(m.Data)) + " values, a " + strconv.Itoa(m.Rows) + "×" +
			strconv.Itoa(m.Cols) + " view with Stride " + strconv.Itoa(m.Stride) + " needs more")
	}
	return nil
}

type matrixError string

func (e matrixError) Error() string { return string(e) }

const (
	viewOK = iota
	badDims
	badStride
	shortData
)

// problem classifies what is wrong with the view m, if anything.
func (m Matrix) problem() int {
	switch {
	case m.Rows < 0 || m.Cols < 0:
		return badDims
	case m.Stride < m.Cols || m.Stride < 1:
		return badStride
	// (Rows-1)·Stride + Cols ≤ len(Data), without overflowing int: a wrapped
	// product would let a huge Stride pass and send the kernels out of Data.
	case m.Rows > 0 && m.Cols > 0 && (len(m.Data) < m.Cols ||
		m.Rows > 1 && m.Stride > (len(m.Data)-m.Cols)/(m.Rows-1)):
		return shortData
	}
	return viewOK
}

// check panics unless m is a well-formed view; fn and name go into the message.
func (m Matrix) check(fn, name string) {
	switch m.problem() {
	case badDims:
		panic("simdnn." + fn + ": " + name + " has negative dimensions")
	case badStride:
		panic("simdnn." + fn + ": " + name + ".Stride is less than " + name + ".Cols")
	case shortData:
		panic("simdnn." + fn + ": " + name + ".Data is too short")
	}
}

// op returns the shape of op(m).
func (m Matrix) op(t Transpose) (rows, cols int) {
	if t == Trans {
		return m.Cols, m.Rows
	}
	return m.Rows, m.Cols
}

func checkTrans(fn string, t Transpose) {
	if t != NoTrans && t != Trans {
		panic("simdnn." + fn + ": invalid Transpose value")
	}
}

// MatrixFromRows copies rows into a new len(rows)×len(rows[0]) matrix
// (Stride = cols). It panics if the rows differ in length.
func MatrixFromRows(rows [][]float32) Matrix {
	cols := 0
	if len(rows) > 0 {
		cols = len(rows[0])
	}
	m := NewMatrix(len(rows), cols)
	for i, r := range rows {
		if len(r) != cols {
			panic("simdnn.MatrixFromRows: row " + strconv.Itoa(i) + " has " + strconv.Itoa(len(r)) + " values, row 0 " + strconv.Itoa(cols))
		}
		copy(m.Data[i*cols:], r)
	}
	return m
}

// Row returns row i of m: its Cols values, aliasing m.Data (capacity
// limited to them, so an append cannot overwrite the next row). It panics
// unless 0 ≤ i < m.Rows.
func (m Matrix) Row(i int) []float32 {
	if i < 0 || i >= m.Rows {
		panic("simdnn.Matrix.Row: row " + strconv.Itoa(i) + " of " + strconv.Itoa(m.Rows))
	}
	if m.Cols == 0 {
		return nil
	}
	return m.Data[i*m.Stride : i*m.Stride+m.Cols : i*m.Stride+m.Cols]
}

// At returns element (i, j). It panics unless the element is in m.
func (m Matrix) At(i, j int) float32 {
	m.checkElem("At", i, j)
	return m.Data[i*m.Stride+j]
}

// Set sets element (i, j) to v. It panics unless the element is in m.
func (m Matrix) Set(i, j int, v float32) {
	m.checkElem("Set", i, j)
	m.Data[i*m.Stride+j] = v
}

func (m Matrix) checkElem(fn string, i, j int) {
	if i < 0 || i >= m.Rows || j < 0 || j >= m.Cols {
		panic("simdnn.Matrix." + fn + ": element (" + strconv.Itoa(i) + ", " + strconv.Itoa(j) + ") of a " +
			strconv.Itoa(m.Rows) + "×" + strconv.Itoa(m.Cols) + " matrix")
	}
}

// Slice returns the view of rows i..j-1 of m (sharing its data), as a
// batch of a larger set. It panics unless 0 ≤ i ≤ j ≤ m.Rows.
func (m Matrix) Slice(i, j int) Matrix {
	if i < 0 || i > j || j > m.Rows {
		panic("simdnn.Matrix.Slice: rows [" + strconv.Itoa(i) + ", " + strconv.Itoa(j) + ") of " + strconv.Itoa(m.Rows))
	}
	v := Matrix{Rows: j - i, Cols: m.Cols, Stride: m.Stride}
	if j > i && m.Cols > 0 {
		v.Data = m.Data[i*m.Stride : (j-1)*m.Stride+m.Cols]
	}
	return v
}
