//go:build gc && !purego && !noasm && (amd64 || arm64)

package simdnn

// Go drivers shared by the amd64 and arm64 tiers. Each loops over rows,
// column strips or chunks in Go and calls the architecture's assembly
// through the hooks in kernels_<arch>.go: vecOn (is the vector tier on),
// sumRowsStrip with its strip widths, and expSubSum.

// sumRows sums x down its rows in strips of sumRowsWide, then
// sumRowsNarrow, columns whose sums stay in registers; the last columns are
// summed in Go, row by row like Generic. Every strip adds the rows in
// order, so the result is Generic's, bit for bit.
func sumRows(dst []float32, x Matrix) {
	if !vecOn() {
		sumRowsGeneric(dst, x)
		return
	}
	chunk := asmChunk / sumRowsWide // rows per call
	cn := x.Cols / sumRowsNarrow * sumRowsNarrow
	for j := 0; j < cn; {
		w := sumRowsWide
		if cn-j < sumRowsWide {
			w = sumRowsNarrow
		}
		_ = dst[j+w-1]
		for l0 := 0; l0 < x.Rows; l0 += chunk {
			rows := min(chunk, x.Rows-l0)
			_ = x.Data[(l0+rows-1)*x.Stride+j+w-1] // the last element the call reads
			sumRowsStrip(&dst[j], &x.Data[l0*x.Stride+j], x.Stride, rows, w)
		}
		j += w
	}
	if cn == x.Cols {
		return
	}
	d := dst[cn:x.Cols]
	for i := 0; i < x.Rows; i++ {
		row := x.Data[i*x.Stride+cn : i*x.Stride+x.Cols]
		for j, v := range row {
			d[j] += v
		}
	}
}

// softmax computes each row with Go's special cases and maximum, the
// exponentials and their sum in asm, then Sscal by 1/sum.
func softmax(dst, x Matrix) {
	if !vecOn() {
		softmaxGeneric(dst, x)
		return
	}
	for i := 0; i < x.Rows; i++ {
		d := dst.Data[i*dst.Stride : i*dst.Stride+dst.Cols]
		r := x.Data[i*x.Stride : i*x.Stride+x.Cols]
		m, done := softmaxSpecial(d, r)
		if done {
			continue
		}
		var sum float32
		for j := 0; j < len(r); j += asmChunk {
			n := min(asmChunk, len(r)-j)
			sum += expSubSum(&d[j], &r[j], m, n)
		}
		sscal(d, 1/sum) // sum >= 1: the maximum contributes exp(0)
	}
}
