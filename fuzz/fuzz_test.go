package fuzz

import (
	"encoding/binary"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/kernels"
)

const eps32 = 1.0 / (1 << 23)

// floats decodes n float32s from data (little endian), repeating data as
// needed and mixing the repeat count into the bits so repeats differ; no data
// gives zeros.
func floats(data []byte, n int) []float32 {
	x := make([]float32, n)
	if len(data) < 4 {
		return x
	}
	words := len(data) / 4
	for i := range x {
		w := binary.LittleEndian.Uint32(data[4*(i%words):])
		x[i] = math.Float32frombits(w ^ uint32(i/words)*0x00010001)
	}
	return x
}

// agree runs f under Generic and then under every tier this CPU supports,
// and compares each result with Generic's element by element within tol(i)
// (a negative tol skips the element: outside the contract). f must return a
// fresh result. It logs the tiers it compared and those this CPU lacks, and
// fails when a tier named in SIMDNN_REQUIRE (comma-separated) is missing.
func agree(t *testing.T, f func() []float32, tol func(i int) float64) {
	t.Helper()
	againstGeneric(t, f, func(name string, got, want []float32) {
		for i := range want {
			bound := tol(i)
			if bound < 0 { // outside the contract (an order-dependent overflow)
				continue
			}
			if !same(got[i], want[i], bound) {
				t.Fatalf("tier %s: element %d = %v (%#x), Generic %v (%#x), bound %g",
					name, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]), bound)
			}
		}
	})
}

// againstGeneric runs f under Generic, then under every tier this CPU
// supports, and hands each tier's result with Generic's to check. It logs
// the tiers it compared and those this CPU lacks, and fails when a tier
// named in SIMDNN_REQUIRE (comma-separated) is missing.
func againstGeneric[T any](t *testing.T, f func() []T, check func(tier string, got, want []T)) {
	t.Helper()
	compared, lacking := tiers()
	if m := missingRequired(); len(m) > 0 {
		t.Fatalf("SIMDNN_REQUIRE names tiers this CPU or build lacks: %v", m)
	}
	t.Logf("tiers compared with Generic: %v; not on this CPU: %v", compared, lacking)
	defer kernels.Reset()
	kernels.Select(kernels.Generic)
	want := f()
	for _, name := range compared {
		kernels.Select(name)
		check(name, f(), want)
	}
}

// tiers splits the registered tiers into those this CPU supports and those
// it lacks.
func tiers() (supported, lacking []string) {
	for _, name := range kernels.List() {
		if kernels.Supported(name) {
			supported = append(supported, name)
		} else {
			lacking = append(lacking, name)
		}
	}
	return supported, lacking
}

// missingRequired returns the tiers named in SIMDNN_REQUIRE (comma-separated)
// that are not available here: unsupported by this CPU, or not registered in
// this build at all.
func missingRequired() []string {
	var missing []string
	for _, r := range strings.Split(os.Getenv("SIMDNN_REQUIRE"), ",") {
		if r != "" && !kernels.Supported(r) {
			missing = append(missing, r)
		}
	}
	return missing
}

// same: NaN matches NaN, infinities match exactly, zero bound means the same
// bits, otherwise |got-want| <= bound.
func same(got, want float32, bound float64) bool {
	g, w := float64(got), float64(want)
	switch {
	case g != g || w != w:
		return g != g && w != w
	case bound == 0:
		return math.Float32bits(got) == math.Float32bits(want)
	case math.IsInf(g, 0) || math.IsInf(w, 0):
		return g == w
	}
	return math.Abs(g-w) <= bound
}

// sumBound turns a float64 sum of magnitudes into the tier-vs-Generic bound
// 2·(terms+1)·(ε·Σ|·| + 2⁻¹⁴⁹), or skip when a float32 partial sum could
// overflow (or the sum is not finite).
func sumBound(terms int, abs float64) float64 {
	if !(abs <= math.MaxFloat32/2) {
		return skip
	}
	// Each of the terms+1 roundings may lose half a subnormal step when the
	// partial results are subnormal (gradual underflow).
	return 2 * float64(terms+1) * (eps32*abs + math.SmallestNonzeroFloat32)
}

// skip is the bound that takes an element out of the comparison.
const skip = -1

// plus adds extra to a bound, keeping skip a skip (an infinite extra must not
// turn it into +Inf, which would compare the element after all).
func plus(bound, extra float64) float64 {
	if bound < 0 {
		return skip
	}
	return bound + extra
}

func clone(x []float32) []float32 { return append([]float32(nil), x...) }

func FuzzSaxpy(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\x00\x00\xc0\x7f\x00\x00\x80\x7f\x01\x00\x00\x00"), uint32(0x3f400000), uint16(37))
	f.Fuzz(func(t *testing.T, data []byte, alphaBits uint32, n uint16) {
		alpha := math.Float32frombits(alphaBits)
		x, y := floats(data, int(n)), floats(data[min(len(data), 4):], int(n))
		agree(t, func() []float32 { d := clone(y); simdnn.Saxpy(d, alpha, x); return d },
			func(i int) float64 {
				p, s := math.Abs(float64(alpha)*float64(x[i])), math.Abs(float64(y[i]))
				return sumBound(1, p+s)
			})
	})
}

func FuzzSdot(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\x00\x00\x00\xc0\xcd\xcc\x4c\x3e"), uint16(100))
	f.Fuzz(func(t *testing.T, data []byte, n uint16) {
		x, y := floats(data, int(n)), floats(data[min(len(data), 8):], int(n))
		var abs float64
		for i := range x {
			abs += math.Abs(float64(x[i]) * float64(y[i]))
		}
		agree(t, func() []float32 { return []float32{simdnn.Sdot(x, y)} },
			func(int) float64 { return sumBound(len(x), abs) })
	})
}

// FuzzAllFinite compares AllFinite on every tier with a plain Go scan, on
// fuzzed vectors (long enough to be split across threads) with one more
// non-finite value put anywhere.
func FuzzAllFinite(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\xcd\xcc\x4c\x3e"), uint16(40000), uint16(39999), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, n, at uint16, kind uint8) {
		x := floats(data, int(n))
		if len(x) > 0 && kind%4 != 0 {
			x[int(at)%len(x)] = []float32{float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())}[kind%4-1]
		}
		want := true
		for _, v := range x {
			want = want && !math.IsInf(float64(v), 0) && !math.IsNaN(float64(v))
		}
		againstGeneric(t, func() []bool { return []bool{simdnn.AllFinite(x)} }, func(tier string, got, _ []bool) {
			if got[0] != want {
				t.Fatalf("tier %s: AllFinite = %v, want %v (n=%d)", tier, got[0], want, len(x))
			}
		})
	})
}

func FuzzSscal(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\x00\x00\x00\x80"), uint32(0xbfc00000), uint16(33))
	f.Fuzz(func(t *testing.T, data []byte, alphaBits uint32, n uint16) {
		x := floats(data, int(n))
		agree(t, func() []float32 { d := clone(x); simdnn.Sscal(d, math.Float32frombits(alphaBits)); return d },
			func(int) float64 { return 0 })
	})
}

// unary fuzzes dst = f(x) in and out of place; bound(want) is the allowed
// distance from Generic's result want (0: exact).
func unary(f *testing.F, fn func(dst, x []float32), bound func(want float32) float64) {
	f.Add([]byte("\x00\x00\x80\x7f\x00\x00\x80\xff\x00\x00\xc0\x7f\x01\x00\x00\x00\x00\x00\xb0\x42"), uint16(67))
	f.Fuzz(func(t *testing.T, data []byte, n uint16) {
		x := floats(data, int(n))
		want := make([]float32, len(x)) // Generic's result, which the bounds are relative to
		kernels.Select(kernels.Generic)
		fn(want, x)
		kernels.Reset()
		agree(t, func() []float32 { d := make([]float32, len(x)); fn(d, x); return d },
			func(i int) float64 { return bound(want[i]) })
		agree(t, func() []float32 { d := clone(x); fn(d, d); return d },
			func(i int) float64 { return bound(want[i]) })
	})
}

// actBound is twice the catalogue's Sigmoid/Tanh bound, 4 ulps of the
// float64 result (plus one ulp for want being Generic's, not float64's),
// with the absolute floor 2⁻¹²⁶ where results are below the normal range.
func actBound(want float32) float64 {
	a := math.Abs(float64(want))
	spacing := 0x1p-149
	if a >= 0x1p-126 {
		_, e := math.Frexp(a)
		spacing = math.Ldexp(1, e-24)
	}
	return 9*spacing + 0x1p-126
}

func exact(float32) float64 { return 0 }

// grad fuzzes dst = f(y, dy); y comes from the activation's range via act.
func grad(f *testing.F, act func(dst, x []float32), fn func(dst, y, dy []float32), exact bool) {
	f.Add([]byte("\x00\x00\x80\x7f\x00\x00\x80\xff\x00\x00\xc0\x7f\x01\x00\x00\x00\x00\x00\xb0\x42"), uint16(67))
	f.Fuzz(func(t *testing.T, data []byte, n uint16) {
		y, dy := floats(data, int(n)), floats(data[min(len(data), 4):], int(n))
		act(y, y)
		agree(t, func() []float32 { d := make([]float32, len(y)); fn(d, y, dy); return d },
			func(i int) float64 {
				if exact {
					return 0
				}
				m := math.Abs(float64(dy[i])) * 2 // |y|, |1±y| and |y²| are at most 2 here
				if m > math.MaxFloat32/4 {
					return -1
				}
				return 8*eps32*m + 2*math.SmallestNonzeroFloat32
			})
	})
}

func FuzzSigmoid(f *testing.F) { unary(f, simdnn.Sigmoid, actBound) }
func FuzzTanh(f *testing.F)    { unary(f, simdnn.Tanh, actBound) }
func FuzzRelu(f *testing.F)    { unary(f, simdnn.Relu, exact) }

func FuzzSigmoidGrad(f *testing.F) { grad(f, simdnn.Sigmoid, simdnn.SigmoidGrad, false) }
func FuzzTanhGrad(f *testing.F)    { grad(f, simdnn.Tanh, simdnn.TanhGrad, false) }
func FuzzReluGrad(f *testing.F)    { grad(f, simdnn.Relu, simdnn.ReluGrad, true) }

// matrix makes a rows×cols view with stride cols+pad from data.
// stored returns the shape of a matrix whose op(·) under t is rows×cols.
func stored(rows, cols int, t simdnn.Transpose) (r, c int) {
	if t == simdnn.Trans {
		return cols, rows
	}
	return rows, cols
}

func matrix(data []byte, rows, cols, pad int) simdnn.Matrix {
	stride := cols + pad
	size := 0
	if rows > 0 && cols > 0 {
		size = (rows-1)*stride + cols
	}
	return simdnn.Matrix{Rows: rows, Cols: cols, Stride: max(stride, 1), Data: floats(data, size)}
}

func at(m simdnn.Matrix, t simdnn.Transpose, i, j int) float32 {
	if t == simdnn.Trans {
		return m.Data[j*m.Stride+i]
	}
	return m.Data[i*m.Stride+j]
}

func FuzzSgemm(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\xcd\xcc\x4c\x3e\x00\x00\x00\xc0\x00\x00\xc0\x7f"), uint8(7), uint8(17), uint8(9), uint8(0), uint32(0x3f800000), uint32(0))
	f.Add([]byte("\x9a\x99\x19\x3f\x00\x00\x80\xbf"), uint8(33), uint8(5), uint8(64), uint8(0x1f), uint32(0xbf000000), uint32(0x3f800000))
	f.Fuzz(func(t *testing.T, data []byte, m8, n8, k8, flags uint8, alphaBits, betaBits uint32) {
		m, n, k := int(m8%70), int(n8%70), int(k8)%300
		ta, tb := simdnn.Transpose(flags&1), simdnn.Transpose(flags>>1&1)
		pad := int(flags>>2) % 4
		alpha, beta := math.Float32frombits(alphaBits), math.Float32frombits(betaBits)
		ar, ac := stored(m, k, ta)
		br, bc := stored(k, n, tb)
		a, b := matrix(data, ar, ac, pad), matrix(data[min(len(data), 4):], br, bc, pad)
		c := matrix(data[min(len(data), 8):], m, n, pad)
		agree(t, func() []float32 {
			d := c
			d.Data = clone(c.Data)
			simdnn.Sgemm(d, alpha, a, ta, b, tb, beta)
			return d.Data
		}, func(p int) float64 {
			i, j := p/c.Stride, p%c.Stride
			if j >= n {
				return 0 // the gap between rows must be untouched
			}
			var abs, ops float64
			for l := 0; l < k; l++ {
				x, y := math.Abs(float64(at(a, ta, i, l))), math.Abs(float64(at(b, tb, l, j)))
				abs += x * y
				ops += x + y
				if math.Abs(float64(alpha))*max(x, y) > math.MaxFloat32/2 {
					return -1 // alpha·operand may overflow on the Sgemv route
				}
			}
			if alpha == 0 {
				abs, ops = 0, 0
			}
			abs *= math.Abs(float64(alpha))
			if beta != 0 {
				abs += math.Abs(float64(beta) * float64(c.Data[p]))
			}
			// One-row and one-column products go through Sgemv, whose
			// transposed Generic path rounds alpha·x[l] first: if that is
			// subnormal, its half-step error is scaled by the other operand.
			return plus(sumBound(k+2, abs), 2*ops*math.SmallestNonzeroFloat32)
		})
	})
}

func FuzzSgemv(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\xcd\xcc\x4c\x3e\x00\x00\x00\xc0"), uint8(7), uint8(17), uint8(1), uint32(0x3f800000), uint32(0x3f000000))
	f.Fuzz(func(t *testing.T, data []byte, m8, n8, flags uint8, alphaBits, betaBits uint32) {
		m, n := int(m8%80), int(n8%80)
		ta := simdnn.Transpose(flags & 1)
		alpha, beta := math.Float32frombits(alphaBits), math.Float32frombits(betaBits)
		a := matrix(data, m, n, int(flags>>1)%4)
		if ta == simdnn.Trans {
			a = matrix(data, n, m, int(flags>>1)%4)
		}
		x, y := floats(data[min(len(data), 4):], n), floats(data[min(len(data), 8):], m)
		agree(t, func() []float32 { d := clone(y); simdnn.Sgemv(d, alpha, a, ta, x, beta); return d },
			func(i int) float64 {
				var abs, ops float64
				for l := 0; l < n; l++ {
					abs += math.Abs(float64(at(a, ta, i, l)) * float64(x[l]))
					ops += math.Abs(float64(at(a, ta, i, l)))
					if math.Abs(float64(alpha)*float64(x[l])) > math.MaxFloat32/2 {
						return -1 // alpha·x[l] may overflow on the Saxpy path
					}
				}
				abs *= math.Abs(float64(alpha))
				if beta != 0 {
					abs += math.Abs(float64(beta) * float64(y[i]))
				}
				// Trans: Generic rounds alpha·x[l] first (see FuzzSgemm).
				return plus(sumBound(n+2, abs), 2*ops*math.SmallestNonzeroFloat32)
			})
	})
}

func FuzzSger(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\xcd\xcc\x4c\x3e\x00\x00\x00\xc0"), uint8(7), uint8(17), uint8(1), uint32(0x3f800000))
	f.Fuzz(func(t *testing.T, data []byte, m8, n8, pad uint8, alphaBits uint32) {
		m, n := int(m8%80), int(n8%80)
		alpha := math.Float32frombits(alphaBits)
		a := matrix(data, m, n, int(pad%4))
		x, y := floats(data[min(len(data), 4):], m), floats(data[min(len(data), 8):], n)
		agree(t, func() []float32 {
			d := a
			d.Data = clone(a.Data)
			simdnn.Sger(d, alpha, x, y)
			return d.Data
		}, func(p int) float64 {
			i, j := p/a.Stride, p%a.Stride
			if j >= n {
				return 0
			}
			// alpha·x[i] is rounded first: three roundings in all.
			if math.Abs(float64(alpha)*float64(x[i])) > math.MaxFloat32/2 {
				return -1 // alpha·x[i] overflows
			}
			return plus(sumBound(2, math.Abs(float64(alpha)*float64(x[i])*float64(y[j]))+math.Abs(float64(a.Data[p]))),
				2*math.Abs(float64(y[j]))*math.SmallestNonzeroFloat32)
		})
	})
}

func FuzzAddBias(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\xcd\xcc\x4c\x3e\x00\x00\x00\xc0"), uint8(3), uint8(17), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, m8, n8, pad uint8) {
		a := matrix(data, int(m8%40), int(n8%130), int(pad%4))
		b := floats(data[min(len(data), 4):], a.Cols)
		agree(t, func() []float32 {
			d := a
			d.Data = clone(a.Data)
			simdnn.AddBias(d, b)
			return d.Data
		}, func(int) float64 { return 0 })
	})
}

// epilogueCase decodes the arguments of FuzzSgemmEpilogue and
// FuzzSgemmPacked: op(a) m×k and op(b) k×n with their transposes (flags
// bits 0, 1), the epilogue's activation (bits 2–4) and bias (bit 5), dst c
// m×n, all with row gaps of flags>>6 elements, alpha and beta from bits.
func epilogueCase(data []byte, m, n, k int, flags uint8, alphaBits, betaBits uint32) (ta, tb simdnn.Transpose, alpha, beta float32, a, b, c simdnn.Matrix, ep simdnn.Epilogue) {
	ta, tb = simdnn.Transpose(flags&1), simdnn.Transpose(flags>>1&1)
	pad := int(flags>>6) % 4
	ar, ac := stored(m, k, ta)
	br, bc := stored(k, n, tb)
	a, b = matrix(data, ar, ac, pad), matrix(data[min(len(data), 4):], br, bc, pad)
	c = matrix(data[min(len(data), 8):], m, n, pad)
	ep = simdnn.Epilogue{Act: simdnn.Activation(flags >> 2 % 5), Slope: 0.01}
	if flags&0x20 != 0 {
		ep.Bias = floats(data[min(len(data), 12):], n)
	}
	return ta, tb, math.Float32frombits(alphaBits), math.Float32frombits(betaBits), a, b, c, ep
}

// FuzzSgemmEpilogue checks on every tier that SgemmEpilogue equals Sgemm,
// AddBias and the activation bit for bit (any NaN matching any NaN), and
// that it leaves the gaps between dst's rows alone.
func FuzzSgemmEpilogue(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\xcd\xcc\x4c\x3e\x00\x00\x00\xc0\x00\x00\xc0\x7f"), uint8(7), uint8(17), uint8(9), uint8(0x0b), uint32(0x3f800000), uint32(0))
	f.Add([]byte("\x9a\x99\x19\x3f\x00\x00\x80\xbf"), uint8(33), uint8(10), uint8(64), uint8(0x2c), uint32(0xbf000000), uint32(0x3f800000))
	f.Fuzz(func(t *testing.T, data []byte, m8, n8, k8, flags uint8, alphaBits, betaBits uint32) {
		m, n, k := int(m8%70), int(n8%70), int(k8)%300
		ta, tb, alpha, beta, a, b, c, ep := epilogueCase(data, m, n, k, flags, alphaBits, betaBits)
		act, withBias := ep.Act, ep.Bias != nil
		againstGeneric(t, func() []float32 {
			fused, composed := c, c
			fused.Data, composed.Data = clone(c.Data), clone(c.Data)
			simdnn.SgemmEpilogue(fused, alpha, a, ta, b, tb, beta, ep)
			simdnn.Sgemm(composed, alpha, a, ta, b, tb, beta)
			if withBias {
				simdnn.AddBias(composed, ep.Bias)
			}
			for i := 0; i < m && n > 0; i++ {
				row := composed.Data[i*c.Stride : i*c.Stride+n]
				switch act {
				case simdnn.ActReLU:
					simdnn.Relu(row, row)
				case simdnn.ActSigmoid:
					simdnn.Sigmoid(row, row)
				case simdnn.ActTanh:
					simdnn.Tanh(row, row)
				case simdnn.ActLeakyReLU:
					for j, v := range row {
						if v < 0 {
							row[j] = ep.Slope * v
						}
					}
				}
			}
			return append(fused.Data, composed.Data...)
		}, func(tier string, got, _ []float32) {
			fused, composed := got[:len(c.Data)], got[len(c.Data):]
			for p := range fused {
				if p%c.Stride >= n && math.Float32bits(fused[p]) != math.Float32bits(c.Data[p]) {
					t.Fatalf("tier %s: element %d between rows changed", tier, p)
				}
				if f, w := fused[p], composed[p]; math.Float32bits(f) != math.Float32bits(w) && !(f != f && w != w) {
					t.Fatalf("tier %s: dst element %d = %v, Sgemm+AddBias+activation %v (m=%d n=%d k=%d act=%d)", tier, p, f, w, m, n, k, act)
				}
			}
		})
	})
}

// FuzzSgemmPacked checks on every tier and for 1 and 2 threads that
// SgemmPacked on a packed op(w) equals SgemmEpilogue on op(w) stored
// row-major, bit for bit (any NaN matching any NaN), and that it leaves the
// gaps between dst's rows alone.
func FuzzSgemmPacked(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\xcd\xcc\x4c\x3e\x00\x00\x00\xc0\x00\x00\xc0\x7f"), uint8(7), uint8(70), uint8(9), uint8(0x0b), uint32(0x3f800000), uint32(0))
	f.Add([]byte("\x9a\x99\x19\x3f\x00\x00\x80\xbf"), uint8(1), uint8(100), uint8(64), uint8(0x2c), uint32(0xbf000000), uint32(0x3f800000))
	f.Fuzz(func(t *testing.T, data []byte, m8, n8, k8, flags uint8, alphaBits, betaBits uint32) {
		m, n, k := int(m8%70), int(n8%140), int(k8)%300
		ta, tw, alpha, beta, a, w, c, ep := epilogueCase(data, m, n, k, flags, alphaBits, betaBits)
		b := simdnn.Matrix{Rows: k, Cols: n, Stride: max(n, 1), Data: make([]float32, k*n)} // op(w), row-major
		for l := range k {
			for j := range n {
				b.Data[l*n+j] = at(w, tw, l, j)
			}
		}
		againstGeneric(t, func() []float32 {
			var p simdnn.PackedMatrix
			p.Pack(w, tw)
			want := c
			want.Data = clone(c.Data)
			simdnn.SgemmEpilogue(want, alpha, a, ta, b, simdnn.NoTrans, beta, ep)
			out := want.Data
			for threads := 1; threads <= 2; threads++ {
				prev := simdnn.SetThreads(threads)
				got := c
				got.Data = clone(c.Data)
				simdnn.SgemmPacked(got, alpha, a, ta, &p, beta, ep)
				simdnn.SetThreads(prev)
				out = append(out, got.Data...)
			}
			return out
		}, func(tier string, got, _ []float32) {
			size := len(c.Data)
			for th := 1; th <= 2; th++ {
				for q := range size {
					w, g := got[q], got[th*size+q]
					if q%c.Stride >= n && math.Float32bits(g) != math.Float32bits(c.Data[q]) {
						t.Fatalf("tier %s: element %d between rows changed", tier, q)
					}
					if math.Float32bits(w) != math.Float32bits(g) && !(w != w && g != g) {
						t.Fatalf("tier %s threads=%d: element %d = %v, SgemmEpilogue %v (m=%d n=%d k=%d ta=%d tw=%d act=%d)", tier, th, q, g, w, m, n, k, ta, tw, ep.Act)
					}
				}
			}
		})
	})
}

// FuzzSgemmBatch cuts a product into calls over column blocks of dst (each
// reading its columns of op(b)) and checks on every tier and for 1..3
// threads that every block is what SgemmEpilogue gives for it alone, bit
// for bit, the gaps between dst's rows included.
func FuzzSgemmBatch(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\xcd\xcc\x4c\x3e\x00\x00\x00\xc0\x00\x00\xc0\x7f"), uint8(7), uint8(40), uint8(9), uint8(3), uint8(0x0b))
	f.Fuzz(func(t *testing.T, data []byte, m8, n8, k8, blocks8, flags uint8) {
		m, n, k := int(m8%70), int(n8%130), int(k8)%200
		blocks := 1 + int(blocks8%4)
		act := simdnn.Activation(flags % 5)
		tb := simdnn.Transpose(flags >> 3 & 1)
		a := matrix(data, m, k, 1)
		br, bc := stored(k, n, tb)
		b := matrix(data[min(len(data), 4):], br, bc, 2)
		c := matrix(data[min(len(data), 8):], m, n, 3)
		bias := floats(data[min(len(data), 12):], n)
		cut := func(d simdnn.Matrix, i int) (simdnn.Matrix, simdnn.Matrix, []float32) {
			j0, j1 := n*i/blocks, n*(i+1)/blocks
			dst := simdnn.Matrix{Rows: m, Cols: j1 - j0, Stride: d.Stride}
			if m > 0 && j1 > j0 {
				dst.Data = d.Data[j0 : (m-1)*d.Stride+j1]
			}
			op := simdnn.Matrix{Rows: k, Cols: j1 - j0, Stride: b.Stride} // columns j0..j1 of op(b)
			if tb == simdnn.Trans {
				op = simdnn.Matrix{Rows: j1 - j0, Cols: k, Stride: b.Stride}
			}
			if op.Rows > 0 && op.Cols > 0 {
				lo := j0
				if tb == simdnn.Trans {
					lo = j0 * b.Stride
				}
				op.Data = b.Data[lo : lo+(op.Rows-1)*b.Stride+op.Cols]
			}
			return dst, op, bias[j0:j1]
		}
		againstGeneric(t, func() []float32 {
			alone := c
			alone.Data = clone(c.Data)
			for i := range blocks {
				dst, op, bi := cut(alone, i)
				simdnn.SgemmEpilogue(dst, 1, a, simdnn.NoTrans, op, tb, 0.5, simdnn.Epilogue{Bias: bi, Act: act, Slope: 0.1})
			}
			out := alone.Data
			for threads := 1; threads <= 3; threads++ {
				prev := simdnn.SetThreads(threads)
				batch := c
				batch.Data = clone(c.Data)
				calls := make([]simdnn.GemmCall, blocks)
				for i := range calls {
					dst, op, bi := cut(batch, i)
					calls[i] = simdnn.GemmCall{Dst: dst, Alpha: 1, A: a, B: op, TB: tb, Beta: 0.5, Ep: simdnn.Epilogue{Bias: bi, Act: act, Slope: 0.1}}
				}
				simdnn.SgemmBatch(calls)
				simdnn.SetThreads(prev)
				out = append(out, batch.Data...)
			}
			return out
		}, func(tier string, got, _ []float32) {
			size := len(c.Data)
			for th := 1; th <= 3; th++ {
				for p := range size {
					w, g := got[p], got[th*size+p]
					if math.Float32bits(w) != math.Float32bits(g) && !(w != w && g != g) {
						t.Fatalf("tier %s threads=%d: element %d = %v, SgemmEpilogue alone %v (m=%d n=%d k=%d blocks=%d)", tier, th, p, g, w, m, n, k, blocks)
					}
				}
			}
		})
	})
}

func FuzzSumRows(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\xcd\xcc\x4c\x3e\x00\x00\x00\xc0"), uint8(3), uint8(17), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, m8, n8, pad uint8) {
		a := matrix(data, int(m8%40), int(n8%130), int(pad%4))
		db := floats(data[min(len(data), 4):], a.Cols)
		agree(t, func() []float32 { d := clone(db); simdnn.SumRows(d, a); return d },
			func(j int) float64 {
				abs := math.Abs(float64(db[j]))
				for i := 0; i < a.Rows; i++ {
					abs += math.Abs(float64(a.Data[i*a.Stride+j]))
				}
				return sumBound(a.Rows+1, abs)
			})
	})
}

func FuzzSoftmax(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\xcd\xcc\x4c\x3e\x00\x00\x00\xc0\x00\x00\x80\x7f"), uint8(3), uint8(17), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, m8, n8, pad uint8) {
		x := matrix(data, int(m8%20), int(n8%130), int(pad%4))
		agree(t, func() []float32 {
			d := x
			d.Data = clone(x.Data)
			simdnn.Softmax(d, d)
			return d.Data
		}, func(p int) float64 {
			if p%x.Stride >= x.Cols {
				return 0
			}
			// Relative bound (n+8+|x-max|)·ε on values ≤ 1, with |x-max|
			// at most 2·MaxFloat32 only where the result underflows to 0.
			return 2*float64(x.Cols+8+200)*eps32 + 1e-37
		})
	})
}

func FuzzAdamStep(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x3f\xcd\xcc\x4c\x3e\x00\x00\x00\xc0\x00\x00\xc0\x7f\x01\x00\x00\x00"), uint16(37))
	f.Fuzz(func(t *testing.T, data []byte, n uint16) {
		const lr, b1, b2, c1, c2 = 1e-3, 0.9, 0.999, 1.5, 12
		// eps 1e-8 flushes subnormals on amd64, 1e-11 does not (odd n).
		eps := float32(1e-8)
		if n%2 == 1 {
			eps = 1e-11
		}
		p, g := floats(data, int(n)), floats(data[min(len(data), 4):], int(n))
		m, v := floats(data[min(len(data), 8):], int(n)), floats(data[min(len(data), 12):], int(n))
		for i := range v {
			v[i] = float32(math.Abs(float64(v[i]))) // second moments are never negative
		}
		// Each output is compared with Generic within twice the catalogue
		// bound; inputs whose products overflow float32 are outside it.
		bound := func(i int) (tp, tm, tv float64) {
			bm, am := b1*float64(m[i]), (1-b1)*float64(g[i])
			bv, av := b2*float64(v[i]), (1-b2)*float64(g[i])*float64(g[i])
			den := math.Sqrt((bv+av)*c2) + float64(eps)
			u := lr * ((bm + am) * c1) / den
			if math.Abs(bm)+math.Abs(am)+math.Abs(bv)+math.Abs(av)+math.Abs(u)+math.Abs(float64(p[i])) > math.MaxFloat32/64 {
				return -1, -1, -1
			}
			// The AVX2 tier flushes subnormals to zero: a floor of 2⁻¹²⁵ (a
			// flushed input can move a result just over 2⁻¹²⁶ under it, and
			// it flushes too).
			const flush = 0x1p-125
			e := 2 * eps32
			tm = 4*e*(math.Abs(bm)+math.Abs(am)) + flush
			tv = 4*e*(math.Abs(bv)+math.Abs(av)) + flush
			tp = e*math.Abs(float64(p[i])-u) + 16*e*math.Abs(u) + lr*c1/den*tm + flush
			return tp, tm, tv
		}
		run := func() []float32 {
			pp, mm, vv := clone(p), clone(m), clone(v)
			finite := simdnn.AdamStep(pp, g, mm, vv, lr, b1, b2, c1, c2, eps)
			out := append(append(pp, mm...), vv...)
			if want := !slices.ContainsFunc(out, func(x float32) bool { return math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) }); finite != want {
				t.Fatalf("AdamStep reports finite = %v, its results say %v (n=%d)", finite, want, len(p))
			}
			return out
		}
		agree(t, run, func(j int) float64 {
			tp, tm, tv := bound(j % max(len(p), 1))
			return [3]float64{tp, tm, tv}[j/max(len(p), 1)]
		})
	})
}
