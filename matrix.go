package simdnn

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

// check panics unless m is a well-formed view; fn and name go into the message.
func (m Matrix) check(fn, name string) {
	if m.Rows < 0 || m.Cols < 0 {
		panic("simdnn." + fn + ": " + name + " has negative dimensions")
	}
	if m.Stride < m.Cols || m.Stride < 1 {
		panic("simdnn." + fn + ": " + name + ".Stride is less than " + name + ".Cols")
	}
	// (Rows-1)·Stride + Cols ≤ len(Data), without overflowing int: a wrapped
	// product would let a huge Stride pass and send the kernels out of Data.
	if m.Rows > 0 && m.Cols > 0 && (len(m.Data) < m.Cols ||
		m.Rows > 1 && m.Stride > (len(m.Data)-m.Cols)/(m.Rows-1)) {
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

// rowsOf returns the view of rows lo..hi of op(m): rows of m for NoTrans,
// columns of m for Trans.
func rowsOf(m Matrix, t Transpose, lo, hi int) Matrix {
	if t == NoTrans {
		return Matrix{Rows: hi - lo, Cols: m.Cols, Stride: m.Stride, Data: m.Data[lo*m.Stride : (hi-1)*m.Stride+m.Cols]}
	}
	return Matrix{Rows: m.Rows, Cols: hi - lo, Stride: m.Stride, Data: m.Data[lo : (m.Rows-1)*m.Stride+hi]}
}
