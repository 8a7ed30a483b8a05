package simdnn

// Narrow products: Sgemm with at most narrowMaxN columns of output and a
// row-major A. A register tile of 16 columns would compute mostly padding
// there (10 of 16 lanes for a 10-class output layer), so the tier's dot
// kernel (dotNarrowAsm) computes each output as a dot product along k of a
// row of A, read in place, with a column of op(b), packed once per call as a
// row of bᵀ: 8 lanes of k at a time, summed at the end.

// dotArgs is what one dot-kernel call reads (fields by go_asm.h names).
type dotArgs struct {
	a     *float32 // row 0 of A: m rows of k floats, lda apart
	lda   int
	b     *float32 // row 0 of 5 rows of bᵀ: k floats each, ldb apart
	ldb   int
	c     *float32 // dst row 0 at this call's first column
	ldc   int
	m     int // rows, ≥ 1
	k     int // ≥ 1
	n     int // columns to write, 1..5
	alpha float32
	beta  float32 // ±0: dst is not read
}

const (
	// narrowMaxN is the widest product the dot kernel takes, and
	// narrowMinM the fewest rows: below it, packing bᵀ costs more than the
	// padding it saves. Measured on Zen 4 (cmd/bench, one core).
	narrowMaxN = 11
	narrowMinM = 2
	// narrowWork bounds one asm call (asm is not preemptible): rows·k ≤
	// narrowWork, except that a call takes at least 2 rows; narrowMaxK
	// keeps that pair bounded too (longer products take the tile path).
	narrowWork = 1 << 16
	narrowMaxK = narrowWork / 2
	// dotCols is the dot kernel's column group.
	dotCols = 5
)

// narrowWorkspaces keeps the bᵀ buffers.
var narrowWorkspaces freeList[[]float32]

// sgemmNarrow computes a narrow Sgemm with the dot kernel and reports
// whether it did (the tier has one, the shape suits it). alpha and k are
// not 0.
func sgemmNarrow(dst Matrix, alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32) bool {
	m, n := dst.Rows, dst.Cols
	_, k := a.op(ta)
	if ta != NoTrans || n > narrowMaxN || m < narrowMinM || k > narrowMaxK || !dotNarrowOn() || gemmKernelOverride != nil {
		return false // (tests force a tile kernel with gemmKernelOverride)
	}
	groups := (n + dotCols - 1) / dotCols
	ws := narrowWorkspaces.getFitting(
		func(ws *[]float32) bool { return cap(*ws) >= groups*dotCols*k },
		func(ws *[]float32) int { return cap(*ws) })
	if cap(*ws) < groups*dotCols*k {
		*ws = make([]float32, groups*dotCols*k)
	}
	bt := (*ws)[:groups*dotCols*k]
	packTransposed(bt, b, tb, k, n)
	clear(bt[n*k:]) // rows past n: read, never stored
	var p dotArgs
	p.lda, p.ldb, p.ldc, p.k, p.alpha, p.beta = a.Stride, k, dst.Stride, k, alpha, beta
	rows := max(2, narrowWork/k) // per call
	for j0 := 0; j0 < n; j0 += dotCols {
		p.b, p.n = &bt[j0*k], min(dotCols, n-j0)
		for i0 := 0; i0 < m; i0 += rows {
			p.m = min(rows, m-i0)
			last := (i0+p.m-1)*a.Stride + k - 1
			_ = a.Data[last] // the last element of A read
			_ = dst.Data[(i0+p.m-1)*dst.Stride+j0+p.n-1]
			p.a, p.c = &a.Data[i0*a.Stride], &dst.Data[i0*dst.Stride+j0]
			dotNarrowAsm(&p)
		}
	}
	p.a, p.b, p.c = nil, nil, nil
	narrowWorkspaces.put(ws)
	return true
}

// packTransposed writes op(b)ᵀ (n rows of k) into bt: bt[j·k+l] = op(b)[l][j].
func packTransposed(bt []float32, b Matrix, tb Transpose, k, n int) {
	if tb == Trans { // op(b)ᵀ = b: copy its rows
		for j := 0; j < n; j++ {
			copy(bt[j*k:(j+1)*k], b.Data[j*b.Stride:j*b.Stride+k])
		}
		return
	}
	for l := 0; l < k; l++ {
		row := b.Data[l*b.Stride : l*b.Stride+n]
		for j, v := range row {
			bt[j*k+l] = v
		}
	}
}
