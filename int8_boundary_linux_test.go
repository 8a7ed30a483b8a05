package simdnn

import (
	"testing"
	"unsafe"
)

// TestGemmInt8PageEnd: a ends at a PROT_NONE page with k not a multiple of
// 4, so a kernel reading a whole group past the last row faults.
func TestGemmInt8PageEnd(t *testing.T) {
	g := newPageGuard(t, 4096)
	r := newRand(t)
	forEachInt8Impl(t, func(t *testing.T) {
		for _, k := range []int{1, 2, 3, 5, 6, 7, 13, 785} {
			for _, m := range []int{1, 2, 3, 8, 9} {
				n := 20
				f := g.take((m*k+3)/4, false)
				raw := unsafe.Slice((*int8)(unsafe.Pointer(&f[0])), len(f)*4)
				a := raw[len(raw)-m*k:]
				int8Values(r, a)
				w := make([]int8, k*n)
				int8Values(r, w)
				if m%2 == 0 {
					symmetric(w)
				}
				bias := make([]int32, n)
				pw := PackInt8(w, k, n, n, bias)
				dst := make([]int32, m*n)
				want := make([]int32, m*n)
				gemmInt8Ref(want, n, a, k, m, w, k, n, n, bias)
				GemmInt8(dst, n, a, k, m, pw)
				for i := range dst {
					if dst[i] != want[i] {
						t.Fatalf("k=%d m=%d: dst[%d] = %d, want %d", k, m, i, dst[i], want[i])
					}
				}
			}
		}
	})
}

// TestPageGuardInt8Vectors: QuantizeInt8 and Requantize on vectors that end
// at (or start after) a PROT_NONE page, at every length around the vector
// width.
func TestPageGuardInt8Vectors(t *testing.T) {
	const maxN = 4*16 + 3
	g := newPageGuard(t, maxN)
	forEachInt8Impl(t, func(t *testing.T) {
		for _, atStart := range []bool{false, true} {
			for n := 1; n <= maxN; n++ {
				g.reset()
				x, accf := g.take(n, atStart), g.take(n, atStart)
				acc := unsafe.Slice((*int32)(unsafe.Pointer(&accf[0])), n)
				d := g.take((n+3)/4, atStart)
				raw := unsafe.Slice((*int8)(unsafe.Pointer(&d[0])), len(d)*4)
				dst := raw[len(raw)-n:]
				if atStart {
					dst = raw[:n]
				}
				QuantizeInt8(dst, x, 0.01, -3)
				q, err := NewRequant(n, []int32{1 << 30}, []int32{-2}, 1, -128, 127)
				if err != nil {
					t.Fatal(err)
				}
				Requantize(dst, acc, q)
			}
		}
	})
}
