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
