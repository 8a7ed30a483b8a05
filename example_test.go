package simdnn_test

import (
	"fmt"

	"github.com/simdnn/simdnn"
)

// A dense layer's forward and backward products with Sgemm: the operands
// are row-major views and transposes are flags, so no copies are needed.
func ExampleSgemm() {
	x := simdnn.Matrix{Rows: 2, Cols: 3, Stride: 3, Data: []float32{1, 2, 3, 4, 5, 6}} // batch×in
	w := simdnn.Matrix{Rows: 3, Cols: 2, Stride: 2, Data: []float32{1, 0, 0, 1, 1, 1}} // in×out
	z := simdnn.Matrix{Rows: 2, Cols: 2, Stride: 2, Data: make([]float32, 4)}          // batch×out
	simdnn.Sgemm(z, 1, x, simdnn.NoTrans, w, simdnn.NoTrans, 0)                        // z = x·w
	fmt.Println(z.Data)

	dz := simdnn.Matrix{Rows: 2, Cols: 2, Stride: 2, Data: []float32{1, 0, 0, 1}}
	dw := simdnn.Matrix{Rows: 3, Cols: 2, Stride: 2, Data: make([]float32, 6)}
	simdnn.Sgemm(dw, 1, x, simdnn.Trans, dz, simdnn.NoTrans, 1) // dw += xᵀ·dz
	fmt.Println(dw.Data)
	// Output:
	// [4 5 10 11]
	// [1 4 2 5 3 6]
}

// Element-wise kernels take dst first; dst may be the input itself.
func ExampleSigmoid() {
	v := []float32{-1e30, 0, 1e30}
	simdnn.Sigmoid(v, v)
	fmt.Println(v)
	// Output: [0 0.5 1]
}

// A layer's weights packed once, then multiplied with the bias and ReLU
// fused: the results are SgemmEpilogue's on the same weights, bit for bit.
func ExampleSgemmPacked() {
	w := simdnn.MatrixFromRows([][]float32{{1, -1}, {2, 0}, {0, 3}}) // in×out
	var packed simdnn.PackedMatrix
	packed.Pack(w, simdnn.NoTrans) // once, e.g. after loading the model

	x := simdnn.MatrixFromRows([][]float32{{1, 1, 1}, {1, 0, -1}}) // batch×in
	y := simdnn.NewMatrix(2, 2)
	simdnn.SgemmPacked(y, 1, x, simdnn.NoTrans, &packed, 0, simdnn.Epilogue{Bias: []float32{0.5, 0.5}, Act: simdnn.ActReLU})
	fmt.Println(y.Row(0), y.Row(1))
	// Output: [3.5 2.5] [1.5 0]
}
