package simdnn

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// pageGuard hands out float32 slices that end exactly where a PROT_NONE page
// begins (or, with atStart, begin where one ends), so a kernel that reads or
// writes one element too far faults instead of passing.
type pageGuard struct {
	mem      []byte
	page     int
	next     int // next free slot
	slotSize int
}

const guardSlots = 4

func newPageGuard(t *testing.T, maxFloats int) *pageGuard {
	t.Helper()
	page := unix.Getpagesize()
	data := (maxFloats*4 + page - 1) / page * page
	slot := page + data // a PROT_NONE page, then the data pages
	mem, err := unix.Mmap(-1, 0, guardSlots*slot+page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	t.Cleanup(func() { unix.Munmap(mem) })
	for s := 0; s <= guardSlots; s++ { // guard pages between and after the slots
		if err := unix.Mprotect(mem[s*slot:s*slot+page], unix.PROT_NONE); err != nil {
			t.Fatalf("mprotect: %v", err)
		}
	}
	return &pageGuard{mem: mem, page: page, slotSize: slot}
}

// take returns n floats from the next slot, filled with 0.5 + i/n; with
// atStart they start just after a guard page, otherwise they end just before one.
func (g *pageGuard) take(n int, atStart bool) []float32 {
	s := g.next % guardSlots
	g.next++
	lo, hi := s*g.slotSize+g.page, (s+1)*g.slotSize
	var b []byte
	if atStart {
		b = g.mem[lo : lo+4*n]
	} else {
		b = g.mem[hi-4*n : hi]
	}
	if n == 0 {
		return nil
	}
	x := unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), n)
	for i := range x {
		x[i] = 0.5 + float32(i)/float32(n)
	}
	return x
}

func (g *pageGuard) reset() { g.next = 0 }

func TestPageGuardVectors(t *testing.T) {
	const maxN = 4*64 + 3
	g := newPageGuard(t, maxN)
	forEachImpl(t, func(t *testing.T) {
		for _, atStart := range []bool{false, true} {
			for n := 1; n <= maxN; n++ {
				g.reset()
				x, y, d, e := g.take(n, atStart), g.take(n, atStart), g.take(n, atStart), g.take(n, atStart)
				AdamStep(d, x, y, e, 1e-3, 0.9, 0.999, 1, 1, 1e-8)
				Saxpy(d, 0.5, x)
				_ = Sdot(x, y)
				Sscal(d, 0.5)
				Sigmoid(d, x)
				SigmoidGrad(d, x, y)
				Tanh(d, x)
				TanhGrad(d, x, y)
				Relu(d, x)
				ReluGrad(d, x, y)
				Sigmoid(x, x)
				_ = AllFinite(x)
				Softmax(Matrix{Rows: 1, Cols: n, Stride: n, Data: d}, Matrix{Rows: 1, Cols: n, Stride: n, Data: y})
			}
		}
	})
}

// TestPageGuardPackedB: products of more than gemmDirectBMaxM rows pack B,
// full 16- and 32-wide panels with the tier's packRows (packT for bᵀ); B
// (and A, dst) end at a guard page, for every kernel, with widths that leave
// an edge panel and ones that do not; and products wider than
// gemmDirectANMaxN pack A.
func TestPageGuardPackedB(t *testing.T) {
	const m, k = gemmDirectBMaxM + 5, 7
	g := newPageGuard(t, m*96)
	forEachImpl(t, func(t *testing.T) {
		forEachGemmKernel(t, func(t *testing.T, _ *gemmKernel) {
			for _, atStart := range []bool{false, true} {
				for _, n := range []int{16, 32, 48, 64, 80, 96, 33} {
					for _, tb := range transposes {
						g.reset()
						br, bc := stored(k, n, tb)
						a := Matrix{Rows: m, Cols: k, Stride: k, Data: g.take(m*k, atStart)}
						b := Matrix{Rows: br, Cols: bc, Stride: bc, Data: g.take(k*n, atStart)}
						c := Matrix{Rows: m, Cols: n, Stride: n, Data: g.take(m*n, atStart)}
						Sgemm(c, 1, a, NoTrans, b, tb, 1)
					}
				}
				// Wide products pack A too: full 8- or 6-row panels of a
				// row-major A by the tier's packT, the edge in Go.
				for _, ta := range transposes {
					const m, n, k = 19, gemmDirectANMaxN + 1, 13
					g.reset()
					ar, ac := stored(m, k, ta)
					a := Matrix{Rows: ar, Cols: ac, Stride: ac, Data: g.take(m*k, atStart)}
					b := Matrix{Rows: k, Cols: n, Stride: n, Data: g.take(k*n, atStart)}
					c := Matrix{Rows: m, Cols: n, Stride: n, Data: g.take(m*n, atStart)}
					Sgemm(c, 1, a, ta, b, NoTrans, 1)
				}
			}
		})
	})
}

// TestPageGuardPacked: Pack reads w (NoTrans: full panels by the tier's
// packRows, and the edge; Trans: 16- and 32-wide panels by packT where the tier has
// it) and SgemmPacked reads a and writes dst up to a guard page, through the
// blocked, one-row and one-panel paths.
func TestPageGuardPacked(t *testing.T) {
	const maxDim = 100
	g := newPageGuard(t, maxDim*maxDim)
	forEachImpl(t, func(t *testing.T) {
		forEachGemmKernel(t, func(t *testing.T, _ *gemmKernel) {
			var p PackedMatrix
			for _, atStart := range []bool{false, true} {
				for _, m := range []int{1, 2, 7, 30} {
					for _, n := range []int{1, 10, 16, 32, 33, 48, 64, 97} {
						k := 1 + (m*n)%maxDim
						for _, tw := range transposes {
							for _, ta := range transposes {
								g.reset()
								ar, ac := stored(m, k, ta)
								wr, wc := stored(k, n, tw)
								w := Matrix{Rows: wr, Cols: wc, Stride: wc, Data: g.take(k*n, atStart)}
								a := Matrix{Rows: ar, Cols: ac, Stride: ac, Data: g.take(m*k, atStart)}
								c := Matrix{Rows: m, Cols: n, Stride: n, Data: g.take(m*n, atStart)}
								p.Pack(w, tw)
								SgemmPacked(c, 1, a, ta, &p, 1, Epilogue{Bias: g.take(n, atStart), Act: ActSigmoid})
							}
						}
					}
				}
			}
		})
	})
}

func TestPageGuardMatrices(t *testing.T) {
	const maxDim = 40
	g := newPageGuard(t, maxDim*maxDim)
	mat := func(r, c int, atStart bool) Matrix {
		return Matrix{Rows: r, Cols: c, Stride: c, Data: g.take(r*c, atStart)}
	}
	forEachImpl(t, func(t *testing.T) {
		forEachGemmKernel(t, func(t *testing.T, _ *gemmKernel) {
			for _, atStart := range []bool{false, true} {
				for m := 1; m <= 35; m++ { // every m: edge tiles of 2 and 4 rows are read in place
					for n := 1; n <= 35; n += 3 {
						k := 1 + (m*n)%37
						for _, ta := range transposes {
							for _, tb := range transposes {
								g.reset()
								ar, ac := stored(m, k, ta)
								br, bc := stored(k, n, tb)
								a, b, c := mat(ar, ac, atStart), mat(br, bc, atStart), mat(m, n, atStart)
								Sgemm(c, 1, a, ta, b, tb, 1)
								SgemmEpilogue(c, 1, a, ta, b, tb, 1, Epilogue{Bias: g.take(n, atStart), Act: ActTanh})
							}
						}
						g.reset()
						a, x, y := mat(m, n, atStart), g.take(n, atStart), g.take(m, atStart)
						Sgemv(y, 1, a, NoTrans, x, 1)
						Sgemv(x, 1, a, Trans, y, 0)
						Sger(a, 1, y, x)
						AddBias(a, x)
						SumRows(x, a)
						Softmax(a, a)
					}
				}
			}
		})
	})
}
