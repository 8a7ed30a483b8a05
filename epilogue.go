package simdnn

// Fused epilogues: SgemmEpilogue adds a bias and applies an activation to
// each block of dst right after the block's last k-slice is stored, while it
// is still in cache, so that a dense layer's output is computed in one pass
// instead of three (Sgemm, AddBias, the activation, each over all of dst).

// An Activation is the element-wise function an Epilogue applies.
type Activation uint8

const (
	ActLinear    Activation = iota // f(z) = z
	ActReLU                        // f(z) = max(z, 0), as Relu
	ActLeakyReLU                   // f(z) = z for z ≥ 0 (and NaN), Slope·z for z < 0
	ActSigmoid                     // f(z) = 1/(1+e⁻ᶻ), as Sigmoid
	ActTanh                        // f(z) = tanh z, as Tanh
	numActivations
)

// An Epilogue is what SgemmEpilogue applies to each element of its result:
// dst[i][j] = Act(result[i][j] + Bias[j]). The zero Epilogue changes
// nothing.
type Epilogue struct {
	Bias  []float32 // one value per column of dst, or nil for no bias
	Act   Activation
	Slope float32 // ActLeakyReLU's factor for negative inputs
}

// SgemmEpilogue computes dst = ep(alpha·op(a)·op(b) + beta·dst): Sgemm, then
// ep's bias added to every row, then ep's activation, applied block by block
// as Sgemm finishes each block of dst. The results are bit-identical to
// Sgemm followed by AddBias and Relu, Sigmoid or Tanh (or the LeakyReLU
// loop z < 0 ? Slope·z : z) on the same tier and thread count. It panics as
// Sgemm does, and unless ep.Bias is nil or holds dst.Cols values that do
// not overlap dst, or if ep.Act is not one of the Act constants.
func SgemmEpilogue(dst Matrix, alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32, ep Epilogue) {
	checkSgemm("SgemmEpilogue", dst, a, ta, b, tb)
	checkEpilogue("SgemmEpilogue", &ep, dst.Cols, dst.elems())
	if dst.Rows == 0 || dst.Cols == 0 {
		return
	}
	sgemm(dst, alpha, a, ta, b, tb, beta, ep.orNil(), false)
}

// ApplyEpilogue applies ep to dst on its own: the bias to every row, then
// the activation, as SgemmEpilogue does after its product (the same bits).
// It panics unless dst is a valid view and ep suits it (as SgemmEpilogue).
func ApplyEpilogue(dst Matrix, ep Epilogue) {
	dst.check("ApplyEpilogue", "dst")
	checkEpilogue("ApplyEpilogue", &ep, dst.Cols, dst.elems())
	ep.apply(dst, 0, dst.Rows, 0, dst.Cols)
}

// orNil returns ep, or nil for an epilogue that changes nothing.
func (ep *Epilogue) orNil() *Epilogue {
	if ep.Bias == nil && ep.Act == ActLinear {
		return nil
	}
	return ep
}

// checkEpilogue panics (as fn) unless ep suits a dst with cols columns
// stored in dstElems.
func checkEpilogue(fn string, ep *Epilogue, cols int, dstElems []float32) {
	if ep.Bias != nil {
		if len(ep.Bias) != cols {
			panic("simdnn." + fn + ": len(ep.Bias) is not dst.Cols")
		}
		checkDisjoint(fn, "dst", dstElems, "ep.Bias", ep.Bias)
	}
	if ep.Act >= numActivations {
		panic("simdnn." + fn + ": ep.Act is not an Activation")
	}
}

// apply applies ep to the block of dst made of rows r0..r1-1 and columns
// c0..c1-1 (c0, c1 count in dst's columns, as ep.Bias does).
func (ep *Epilogue) apply(dst Matrix, r0, r1, c0, c1 int) {
	if r0 >= r1 || c0 >= c1 {
		return
	}
	s := dst.Stride
	block := Matrix{Rows: r1 - r0, Cols: c1 - c0, Stride: s, Data: dst.Data[r0*s+c0 : (r1-1)*s+c1]}
	if ep.Bias != nil {
		addBias(block, ep.Bias[c0:c1])
	}
	if ep.Act == ActLinear {
		return
	}
	if block.Stride == block.Cols { // whole rows, contiguous: one pass
		ep.activate(block.Data)
		return
	}
	for i := 0; i < block.Rows; i++ {
		ep.activate(block.Data[i*s : i*s+block.Cols])
	}
}

// activate applies ep.Act to z in place.
func (ep *Epilogue) activate(z []float32) {
	switch ep.Act {
	case ActReLU:
		relu(z, z)
	case ActSigmoid:
		sigmoid(z, z)
	case ActTanh:
		tanh(z, z)
	case ActLeakyReLU:
		for j, v := range z {
			if v < 0 {
				z[j] = ep.Slope * v
			}
		}
	}
}
