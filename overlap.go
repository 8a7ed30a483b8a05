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

// matricesOverlap reports whether views x and y share an element. Views of
// one matrix with the same stride are compared row by row, so that
// different columns of the same rows do not count (SgemmBatch's column
// blocks); other views by their address ranges, as overlaps does.
func matricesOverlap(x, y Matrix) bool {
	xe, ye := x.elems(), y.elems()
	if !overlaps(xe, ye) {
		return false
	}
	xlo, _ := span(xe)
	ylo, _ := span(ye)
	bytes := int(ylo - xlo) // signed: the views overlap, so it is small
	s := x.Stride
	if y.Stride != s || bytes%4 != 0 {
		return true
	}
	// y's row j starts d = q·s + c elements after x's row 0 (0 ≤ c < s): it
	// covers columns [c, c+y.Cols) of x's row q+j and, past the row's end,
	// columns [0, c+y.Cols-s) of row q+j+1.
	d := bytes / 4
	q, c := d/s, d%s
	if c < 0 {
		q, c = q-1, c+s
	}
	rowsMeet := func(q int) bool { return max(0, -q) < min(y.Rows, x.Rows-q) } // some j with 0 ≤ q+j < x.Rows
	return c < x.Cols && rowsMeet(q) || c+y.Cols > s && rowsMeet(q+1)
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
