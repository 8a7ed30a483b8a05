package simdnn

// Drivers of the BLAS-2 kernels (Sgemv, Sger) and of SumRows, which, like
// Sgemv with op(a) = aᵀ, works in column strips (stripWidth). Without an
// assembly tier, Sgemv and Sger run row by row on the current Sdot or Saxpy,
// and SumRows is Generic.

// sgemv computes y = alpha·op(a)·x + beta·y, split across goroutines when
// it is large (sgemvParallel).
func sgemv(y []float32, alpha float32, a Matrix, ta Transpose, x []float32, beta float32) {
	if alpha != 0 && len(x) > 0 && sgemvParallel(y, alpha, a, ta, x, beta, packedView{}) {
		return
	}
	sgemvSerial(y, alpha, a, ta, x, beta)
}

// sgemvSerial is sgemv on the calling goroutine. NoTrans: four rows per
// gemv4Asm call, the remaining rows (all of them without asm) one Sdot each.
// Trans: column strips (gemvT), or one Saxpy per row of a without asm.
func sgemvSerial(y []float32, alpha float32, a Matrix, ta Transpose, x []float32, beta float32) {
	vector := asmOn() && alpha != 0 && len(x) > 0
	if ta == NoTrans {
		done := 0 // rows gemv4Asm computed
		if vector {
			done = gemvRows4(y, alpha, a, x, beta)
		}
		for i := done; i < len(y); i++ {
			var d float32
			if alpha != 0 && len(x) > 0 {
				d = alpha * sdot(a.Data[i*a.Stride:i*a.Stride+len(x)], x)
			}
			switch beta {
			case 0:
				y[i] = d
			case 1:
				y[i] += d
			default:
				y[i] = d + beta*y[i]
			}
		}
		return
	}
	if vector {
		gemvT(y, alpha, a, x, beta)
		return
	}
	scaleBeta(y, beta)
	if alpha == 0 {
		return
	}
	for i, v := range x { // op(a) = aᵀ: y += (alpha·x[i])·a[i,:]
		saxpy(y, alpha*v, a.Data[i*a.Stride:i*a.Stride+len(y)])
	}
}

// gemvRows4 computes y[0:4q] of y = alpha·a·x + beta·y (alpha != 0,
// len(x) > 0) four rows per call, each call at most asmChunk columns, and
// returns how many rows it did.
func gemvRows4(y []float32, alpha float32, a Matrix, x []float32, beta float32) int {
	rows := len(y) / 4 * 4
	for i := 0; i < rows; i += 4 {
		b := beta
		for j := 0; j < len(x); j += asmChunk {
			n := min(asmChunk, len(x)-j)
			_ = a.Data[(i+3)*a.Stride+j+n-1] // the last element the call reads
			gemv4Asm(&y[i], &a.Data[i*a.Stride+j], &x[j], a.Stride, n, alpha, b)
			b = 1
		}
	}
	return rows
}

// gemvT computes y = alpha·aᵀ·x + beta·y (alpha != 0, len(x) > 0) in column
// strips whose sums stay in registers: gemvTWide columns while that many
// are left, then gemvTNarrow; the rest is one strip when the kernel masks
// (gemvTMasked), else done column by column in Go. Each strip goes down the
// rows in calls of at most asmChunk elements, beta applied by the first.
func gemvT(y []float32, alpha float32, a Matrix, x []float32, beta float32) {
	const chunk = asmChunk / gemvTWide // rows per call
	j := 0
	for w := 0; j < len(y); j += w {
		if w = stripWidth(len(y)-j, gemvTWide, gemvTNarrow, gemvTMasked); w == 0 {
			break
		}
		b := beta
		for l0 := 0; l0 < len(x); l0 += chunk {
			n := min(chunk, len(x)-l0)
			_ = a.Data[(l0+n-1)*a.Stride+j+w-1] // the last element the call reads
			_ = y[j+w-1]
			gemvTAsm(&y[j], &a.Data[l0*a.Stride+j], &x[l0], a.Stride, n, w, alpha, b)
			b = 1
		}
	}
	for ; j < len(y); j++ {
		var s float32
		for l, v := range x {
			s += v * a.Data[l*a.Stride+j]
		}
		if beta == 0 {
			y[j] = alpha * s
		} else {
			y[j] = alpha*s + beta*y[j]
		}
	}
}

// sumRows sums x down its rows in column strips of sumRowsWide, then
// sumRowsNarrow, columns whose sums stay in registers (at most asmChunk
// elements per call), then the last columns in Go. Every strip adds the rows
// in order, so the result is Generic's, bit for bit.
func sumRows(dst []float32, x Matrix) {
	if !asmOn() {
		sumRowsGeneric(dst, x)
		return
	}
	const chunk = asmChunk / sumRowsWide // rows per call
	cn := x.Cols / sumRowsNarrow * sumRowsNarrow
	for j, w := 0, 0; j < cn; j += w {
		w = stripWidth(cn-j, sumRowsWide, sumRowsNarrow, false) // never 0 below cn
		_ = dst[j+w-1]
		for l0 := 0; l0 < x.Rows; l0 += chunk {
			rows := min(chunk, x.Rows-l0)
			_ = x.Data[(l0+rows-1)*x.Stride+j+w-1] // the last element the call reads
			sumRowsAsm(&dst[j], &x.Data[l0*x.Stride+j], x.Stride, rows, w)
		}
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

// stripWidth returns the width of the next column strip when left columns
// remain: wide while that many are left, then narrow, then all of them if
// the kernel masks, else 0 (the rest is done in Go).
func stripWidth(left, wide, narrow int, masked bool) int {
	switch {
	case left >= wide:
		return wide
	case left >= narrow:
		return narrow
	case masked:
		return left
	}
	return 0
}

// sger computes a += alpha·x·yᵀ: many rows per sgerAsm call (at most
// asmChunk elements), or one Saxpy per row without asm and for rows longer
// than asmChunk (there the Saxpy loop is as good).
func sger(a Matrix, alpha float32, x, y []float32) {
	n := len(y)
	if !asmOn() || n > asmChunk {
		for i, v := range x {
			saxpy(a.Data[i*a.Stride:i*a.Stride+n], alpha*v, y)
		}
		return
	}
	step := max(1, asmChunk/n)
	for i := 0; i < len(x); i += step {
		rows := min(step, len(x)-i)
		_ = a.Data[(i+rows-1)*a.Stride+n-1] // the last element the call touches
		sgerAsm(&a.Data[i*a.Stride], &x[i], &y[0], a.Stride, rows, n, alpha)
	}
}

// scaleBeta sets y = beta·y, with beta == 0 clearing y without reading it.
func scaleBeta(y []float32, beta float32) {
	switch beta {
	case 0:
		clear(y)
	case 1:
	default:
		sscal(y, beta)
	}
}
