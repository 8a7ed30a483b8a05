package simdnn

import "unsafe"

// Overlap checks. An element-wise kernel may write its result over an input
// that is exactly dst (the same first element: in place); every other
// overlap between what a call writes and what it reads is detected here, by
// the address ranges of the elements the views name, and panics. The ranges
// of strided views are their whole extent, so two views that interleave in
// the same rows (different columns of one matrix) count as overlapping.

// span returns the address range [lo, hi) of s's elements.
func span(s []float32) (lo, hi uintptr) {
	if len(s) == 0 {
		return 0, 0
	}
	lo = uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	return lo, lo + uintptr(len(s))*4
}

// elems returns the elements m's view names, from its first to its last.
func (m Matrix) elems() []float32 {
	if m.Rows == 0 || m.Cols == 0 {
		return nil
	}
	return m.Data[:(m.Rows-1)*m.Stride+m.Cols]
}

func overlaps(a, b []float32) bool {
	alo, ahi := span(a)
	blo, bhi := span(b)
	return alo < bhi && blo < ahi
}

// overlapsBytes reports whether the n bytes at p and the m bytes at q
// overlap (GemmInt8's int32 dst and int8 a).
func overlapsBytes(p unsafe.Pointer, n int, q unsafe.Pointer, m int) bool {
	plo, qlo := uintptr(p), uintptr(q)
	return plo < qlo+uintptr(m) && qlo < plo+uintptr(n)
}

// checkDisjoint panics if the written slice w overlaps the read slice r.
func checkDisjoint(fn, wname string, w []float32, rname string, r []float32) {
	if overlaps(w, r) {
		panicOverlap(fn, wname, rname)
	}
}

// checkInPlace panics if dst overlaps x other than by being exactly x
// (the same first element, so element i is read before it is written).
func checkInPlace(fn string, dst []float32, xname string, x []float32) {
	if overlaps(dst, x) && unsafe.SliceData(dst) != unsafe.SliceData(x) {
		panicOverlap(fn, "dst", xname)
	}
}

// checkSameView panics if the matrix dst overlaps x other than by being the
// same view (same first element and stride: Softmax in place).
func checkSameView(fn string, dst, x Matrix) {
	d, r := dst.elems(), x.elems()
	if overlaps(d, r) && (unsafe.SliceData(d) != unsafe.SliceData(r) || dst.Stride != x.Stride) {
		panicOverlap(fn, "dst", "x")
	}
}

// panicOverlap is apart so that the checks above inline into the API.
func panicOverlap(fn, wname, rname string) {
	panic("simdnn." + fn + ": " + wname + " overlaps " + rname)
}
