package simdnn

// A GemmCall is one product of SgemmBatch: the arguments of SgemmEpilogue.
// Every field is used as given: a zero Alpha computes Beta·Dst only.
type GemmCall struct {
	Dst   Matrix
	Alpha float32
	A     Matrix
	TA    Transpose
	B     Matrix
	TB    Transpose
	Beta  float32
	Ep    Epilogue
}

// SgemmBatch computes independent products, each as SgemmEpilogue would,
// bit for bit, with the calls spread over goroutines: with t =
// min(Threads(), len(calls), 64), share i is calls[len(calls)·i/t :
// len(calls)·(i+1)/t], computed in order; the caller computes share 0 and
// hands the others to the pool's idle workers, in the pool's order (and,
// when Threads() > len(calls), each call splits further over the goroutines
// left, as Sgemm does). When one caller at a time uses the pool, the same
// share goes to the same worker goroutine at every call, so a model that
// splits a layer into the same calls at every step tends to find each
// call's operands in the cache of the core that used them last, as
// AdamStep's contiguous shares do (goroutines are not pinned to cores: the
// OS and Go's scheduler usually keep them where they ran). It panics as
// SgemmEpilogue does for any call, and if a call's Dst overlaps another
// call's Dst, A, B or Ep.Bias (checked pairwise: len(calls)² checks). It
// allocates nothing.
func SgemmBatch(calls []GemmCall) {
	for i := range calls {
		c := &calls[i]
		checkSgemm("SgemmBatch", c.Dst, c.A, c.TA, c.B, c.TB)
		checkEpilogue("SgemmBatch", &c.Ep, c.Dst.Cols, c.Dst.elems())
	}
	for i := range calls {
		d := calls[i].Dst
		for j := range calls {
			if j == i {
				continue
			}
			o := &calls[j]
			switch {
			case matricesOverlap(d, o.Dst):
				panicOverlap("SgemmBatch", "a call's Dst", "another call's Dst")
			case matricesOverlap(d, o.A):
				panicOverlap("SgemmBatch", "a call's Dst", "another call's A")
			case matricesOverlap(d, o.B):
				panicOverlap("SgemmBatch", "a call's Dst", "another call's B")
			}
			checkDisjoint("SgemmBatch", "a call's Dst", d.elems(), "another call's Ep.Bias", o.Ep.Bias)
		}
	}
	if !sgemmBatchParallel(calls) {
		runCalls(calls, false)
	}
}

// runCalls computes calls in order on the calling goroutine; unless serial,
// each call may split across idle workers as Sgemm does.
func runCalls(calls []GemmCall, serial bool) {
	for i := range calls {
		c := &calls[i]
		if c.Dst.Rows > 0 && c.Dst.Cols > 0 {
			sgemm(c.Dst, c.Alpha, c.A, c.TA, c.B, c.TB, c.Beta, c.Ep.orNil(), serial)
		}
	}
}
