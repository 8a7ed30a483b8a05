//go:build gc && !purego && !noasm && (amd64 || arm64)

package simdnn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// checkGemmKernel calls an asm Sgemm microkernel (tile mr×nr, k-major A)
// directly, for every edge shape m ≤ mr, n ≤ nr, several tiles per call, B
// rows wider than the tile (B read in place), A read k-major with a step
// wider than the tile (aᵀ read in place) and A tiles further apart than a
// packed panel, and checks that it writes exactly the m×n block of each tile
// (every other element of dst, row padding included, keeps its bits), within
// the Sgemm bound, and reads no C when beta is ±0 (C holds NaN there).
func checkGemmKernel(t *testing.T, name string, run func(*gemmArgs), mr, nr int) {
	const pad = 13
	sentinel := math.Float32frombits(0x7fc01234) // a NaN with a payload
	r := rand.New(rand.NewPCG(uint64(mr), uint64(nr)))
	negZero := float32(math.Copysign(0, -1))
	for _, tiles := range []int{1, 3} {
		for m := 1; m <= mr; m++ {
			if tiles > 1 && m != mr {
				continue
			}
			for n := 1; n <= nr; n++ {
				for _, beta := range []float32{0, negZero, 1, -0.5} {
					for _, ldb := range []int{nr, nr + 5} {
						kc := 1 + r.IntN(9)
						aStep := mr + 3*r.IntN(2) // packed, or op(a) = aᵀ read in place
						aNext := aStep*kc + 4*r.IntN(2)
						a := make([]float32, (tiles-1)*aNext+(kc-1)*aStep+mr)
						b := make([]float32, (kc-1)*ldb+nr)
						for i := range a {
							a[i] = r.Float32()*2 - 1
						}
						for i := range b {
							b[i] = r.Float32()*2 - 1
						}
						rows := (tiles-1)*mr + m
						ldc := n + r.IntN(4)
						buf := make([]float32, pad+(rows-1)*ldc+n+pad)
						in := func(i int) (row, col int, ok bool) {
							i -= pad
							if i < 0 || i >= (rows-1)*ldc+n {
								return 0, 0, false
							}
							row, col = i/ldc, i%ldc
							return row, col, col < n
						}
						for i := range buf {
							buf[i] = sentinel
							if _, _, ok := in(i); ok && beta != 0 {
								buf[i] = r.Float32()*2 - 1
							}
						}
						old := append([]float32(nil), buf...)
						const alpha = 1.5
						p := gemmArgs{
							a: a, aStep: aStep, aNext: aNext, b: b, ldb: ldb,
							c: buf[pad : pad+(rows-1)*ldc+n], kc: kc, ldc: ldc,
							m: m, n: n, tiles: tiles, alpha: alpha, beta: beta,
						}
						run(&p)
						for i, got := range buf {
							row, col, ok := in(i)
							if !ok {
								if math.Float32bits(got) != math.Float32bits(old[i]) {
									t.Fatalf("%s: m=%d n=%d tiles=%d beta=%v ldb=%d ldc=%d: element %d outside the tiles changed to %v",
										name, m, n, tiles, beta, ldb, ldc, i-pad, got)
								}
								continue
							}
							tile, ti := row/mr, row%mr
							var s, abs float64
							for l := range kc {
								v := float64(a[tile*aNext+l*aStep+ti]) * float64(b[l*ldb+col])
								s += v
								abs += math.Abs(v)
							}
							want := alpha * s
							bound := float64(kc+2) * 0x1p-23 * alpha * abs
							if beta != 0 {
								want += float64(beta) * float64(old[i])
								bound += float64(kc+2) * 0x1p-23 * math.Abs(float64(beta)*float64(old[i]))
							}
							if d := math.Abs(float64(got) - want); !(d <= bound) {
								t.Fatalf("%s: m=%d n=%d tiles=%d beta=%v ldb=%d ldc=%d: C[%d][%d] = %v, want %v (bound %g)",
									name, m, n, tiles, beta, ldb, ldc, row, col, got, want, bound)
							}
						}
					}
				}
			}
		}
	}
}
