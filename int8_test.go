package simdnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// tfliteMBQM is a line-by-line transcription of TFLite's reference
// MultiplyByQuantizedMultiplier (kernels/internal/common.h) and the gemmlowp
// functions it calls, kept apart from the library's own formulation.
func tfliteMBQM(x, quantizedMultiplier, shift int32) int32 {
	leftShift := int32(0)
	if shift > 0 {
		leftShift = shift
	}
	rightShift := int32(0)
	if shift <= 0 {
		rightShift = -shift
	}
	return tfliteRDPOT(tfliteSRDHM(x*(1<<leftShift), quantizedMultiplier), rightShift)
}

func tfliteSRDHM(a, b int32) int32 {
	overflow := a == b && a == math.MinInt32
	ab64 := int64(a) * int64(b)
	nudge := int64(1 << 30)
	if ab64 < 0 {
		nudge = 1 - (1 << 30)
	}
	abX2High32 := int32((ab64 + nudge) / (1 << 31)) // C division truncates, as Go's does
	if overflow {
		return math.MaxInt32
	}
	return abX2High32
}

func tfliteRDPOT(x, exponent int32) int32 {
	mask := int32((int64(1) << exponent) - 1)
	zero := int32(0)
	one := int32(1)
	remainder := x & mask
	threshold := (mask >> 1) + boolToInt32(x < zero)*one
	return (x >> exponent) + boolToInt32(remainder > threshold)*one
}

func boolToInt32(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// requantInputs are accumulators at the edges of every rounding rule:
// int32 limits, ties of every shift, small values of both signs.
func requantInputs(r *rand.Rand) []int32 {
	xs := []int32{0, 1, -1, 2, -2, 3, -3, math.MaxInt32, math.MinInt32, math.MaxInt32 - 1, math.MinInt32 + 1,
		1 << 30, -1 << 30, 127 * 127 * 784, -128 * 127 * 784, 128 * 128, -128 * 128}
	for e := 0; e < 31; e++ {
		t := int32(1) << e
		xs = append(xs, t, -t, t+1, -t-1, t-1, -t+1, t+t/2, -t-t/2)
	}
	for range 200 {
		xs = append(xs, int32(r.Uint32()), int32(r.Uint32())>>r.IntN(31))
	}
	return xs
}

var requantMults = []int32{0, 1 << 30, 1<<30 + 1, math.MaxInt32, math.MaxInt32 - 1, 1518500250, 1<<30 + 1<<29}

func TestRequantMatchesTFLite(t *testing.T) {
	r := newRand(t)
	xs := requantInputs(r)
	mults := append(requantMults[:len(requantMults):len(requantMults)], int32(1<<30+r.IntN(1<<30)), int32(1<<30+r.IntN(1<<30)))
	forEachInt8Impl(t, func(t *testing.T) {
		n := len(xs)
		acc := make([]int32, n)
		dst := make([]int8, n)
		for _, zero := range []int32{-128, -1, 0, 5, 127} {
			for _, clamp := range [][2]int8{{-128, 127}, {int8(zero), 127}, {-3, 3}} {
				for shift := int32(-31); shift <= 30; shift++ {
					for _, m := range mults {
						q, err := NewRequant(n, []int32{m}, []int32{shift}, zero, clamp[0], clamp[1])
						if err != nil {
							t.Fatal(err)
						}
						copy(acc, xs)
						Requantize(dst, acc, q)
						for j, x := range xs {
							want := min(max(tfliteMBQM(x, m, shift)+zero, int32(clamp[0])), int32(clamp[1]))
							if int32(dst[j]) != want {
								t.Fatalf("x=%d mult=%d shift=%d zero=%d clamp=%v: got %d, want %d", x, m, shift, zero, clamp, dst[j], want)
							}
						}
					}
				}
			}
		}
	})
}

// TestRequantPerChannel: every channel uses its own multiplier and shift,
// at every length around the vector widths.
func TestRequantPerChannel(t *testing.T) {
	r := newRand(t)
	forEachInt8Impl(t, func(t *testing.T) {
		for n := 1; n <= 3*64+1; n++ {
			mult := make([]int32, n)
			shift := make([]int32, n)
			acc := make([]int32, n)
			for j := range mult {
				mult[j] = requantMults[r.IntN(len(requantMults))]
				shift[j] = int32(r.IntN(62) - 31)
				acc[j] = int32(r.Uint32()) >> r.IntN(32)
			}
			zero := int32(r.IntN(256) - 128)
			q, err := NewRequant(n, mult, shift, zero, -128, 127)
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]int8, n+2*guardLen)
			for i := range buf {
				buf[i] = 0x5a
			}
			dst := buf[guardLen : guardLen+n : guardLen+n]
			Requantize(dst, acc, q)
			for j := range acc {
				if want := min(max(tfliteMBQM(acc[j], mult[j], shift[j])+zero, -128), 127); int32(dst[j]) != want {
					t.Fatalf("n=%d j=%d: got %d, want %d", n, j, dst[j], want)
				}
			}
			for i, v := range buf {
				if (i < guardLen || i >= guardLen+n) && v != 0x5a {
					t.Fatalf("n=%d: wrote byte %d outside dst", n, i-guardLen)
				}
			}
		}
	})
}

func TestNewRequantRejects(t *testing.T) {
	bad := []struct {
		n           int
		mult, shift []int32
		zero        int32
		lo, hi      int8
	}{
		{0, []int32{1 << 30}, []int32{0}, 0, -128, 127},
		{2, []int32{1 << 30, 1 << 30, 1 << 30}, []int32{0, 0, 0}, 0, -128, 127},
		{1, []int32{1 << 30}, []int32{0, 0}, 0, -128, 127},
		{1, []int32{1<<30 - 1}, []int32{0}, 0, -128, 127},
		{1, []int32{-5}, []int32{0}, 0, -128, 127},
		{1, []int32{1 << 30}, []int32{31}, 0, -128, 127},
		{1, []int32{1 << 30}, []int32{-32}, 0, -128, 127},
		{1, []int32{1 << 30}, []int32{0}, 128, -128, 127},
		{1, []int32{1 << 30}, []int32{0}, 0, 5, 4},
	}
	for i, c := range bad {
		if _, err := NewRequant(c.n, c.mult, c.shift, c.zero, c.lo, c.hi); err == nil {
			t.Errorf("case %d: NewRequant accepted %+v", i, c)
		}
	}
}

// gemmInt8Ref is the contract, written directly.
func gemmInt8Ref(dst []int32, ldd int, a []int8, lda, m int, w []int8, k, n, ldw int, bias []int32) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			s := bias[j]
			for l := 0; l < k; l++ {
				s += int32(a[i*lda+l]) * int32(w[l*ldw+j])
			}
			dst[i*ldd+j] = s
		}
	}
}

// int8Values fills x with random int8s, extremes (−128, 127) often.
func int8Values(r *rand.Rand, x []int8) {
	for i := range x {
		switch r.IntN(4) {
		case 0:
			x[i] = -128
		case 1:
			x[i] = 127
		default:
			x[i] = int8(r.Uint32())
		}
	}
}

// symmetric replaces −128 in w by −127.
func symmetric(w []int8) {
	for i, v := range w {
		if v == -128 {
			w[i] = -127
		}
	}
}

// int8Sizes are the m, n and k GemmInt8 is tested at: 0..3 tiles + 1 of the
// widest kernel (8 rows, 32 columns, 4 k) and either side of the panel sizes.
func int8Sizes() (ms, ns, ks []int) {
	for m := 0; m <= 3*8+1; m++ {
		ms = append(ms, m)
	}
	for n := 1; n <= 3*32+1; n++ {
		ns = append(ns, n)
	}
	for k := 1; k <= 3*4+1; k++ {
		ks = append(ks, k)
	}
	return ms, ns, append(ks, 63, 64, 65, 127, 784)
}

func TestGemmInt8(t *testing.T) {
	r := newRand(t)
	ms, ns, ks := int8Sizes()
	forEachInt8Impl(t, func(t *testing.T) {
		for _, k := range ks {
			for _, n := range ns {
				if k > 64 && n%7 != 1 { // the long k at fewer widths
					continue
				}
				ldw := n + r.IntN(3)
				w := make([]int8, (k-1)*ldw+n)
				int8Values(r, w)
				if n%2 == 0 { // weights in [−127, 127]: the kernels that need that
					symmetric(w)
				}
				bias := make([]int32, n)
				for j := range bias {
					bias[j] = int32(r.Uint32()) >> 8
				}
				pw := PackInt8(w, k, n, ldw, bias)
				for _, m := range ms {
					if k > 64 && m%3 != 1 {
						continue
					}
					lda := k + r.IntN(5)
					ldd := n + r.IntN(3)
					a := make([]int8, max(m-1, 0)*lda+k) // ends at the last row: no slack
					int8Values(r, a)
					buf := make([]int32, guardLen+max(m-1, 0)*ldd+n+guardLen)
					for i := range buf {
						buf[i] = 0x5eedbeef
					}
					dst := buf[guardLen : len(buf)-guardLen]
					want := make([]int32, len(dst))
					copy(want, dst)
					gemmInt8Ref(want, ldd, a, lda, m, w, k, n, ldw, bias)
					GemmInt8(dst, ldd, a, lda, m, pw)
					for i := range buf {
						in := i >= guardLen && i < len(buf)-guardLen
						switch {
						case !in && buf[i] != 0x5eedbeef:
							t.Fatalf("m=%d n=%d k=%d: wrote outside dst at %d", m, n, k, i-guardLen)
						case in && buf[i] != want[i-guardLen]:
							e := i - guardLen
							t.Fatalf("m=%d n=%d k=%d lda=%d ldd=%d: dst[%d][%d] = %d, want %d", m, n, k, lda, ldd, e/ldd, e%ldd, buf[i], want[e])
						}
					}
				}
			}
		}
	})
}

// TestGemmInt8Extremes: the largest |Σ| there is, −128·−128 and −128·127 in
// every product, at k values that reach int32's range.
func TestGemmInt8Extremes(t *testing.T) {
	forEachInt8Impl(t, func(t *testing.T) {
		for _, k := range []int{4, 784, 4096, 131071 / 4 * 4} {
			for _, av := range []int8{-128, 127} {
				for _, wv := range []int8{-128, -127, 127} {
					m, n := 9, 33
					a := make([]int8, m*k)
					w := make([]int8, k*n)
					for i := range a {
						a[i] = av
					}
					for i := range w {
						w[i] = wv
					}
					bias := make([]int32, n)
					pw := PackInt8(w, k, n, n, bias)
					dst := make([]int32, m*n)
					GemmInt8(dst, n, a, k, m, pw)
					want := int32(k) * int32(av) * int32(wv)
					for i, v := range dst {
						if v != want {
							t.Fatalf("k=%d a=%d w=%d: dst[%d] = %d, want %d", k, av, wv, i, v, want)
						}
					}
				}
			}
		}
	})
}

func TestGemmInt8Misuse(t *testing.T) {
	w := PackInt8(make([]int8, 12), 4, 3, 3, nil)
	cases := []struct {
		name string
		f    func()
	}{
		{"m<0", func() { GemmInt8(make([]int32, 3), 3, make([]int8, 4), 4, -1, w) }},
		{"lda", func() { GemmInt8(make([]int32, 3), 3, make([]int8, 4), 3, 1, w) }},
		{"ldd", func() { GemmInt8(make([]int32, 3), 2, make([]int8, 4), 4, 1, w) }},
		{"short a", func() { GemmInt8(make([]int32, 6), 3, make([]int8, 7), 4, 2, w) }},
		{"short dst", func() { GemmInt8(make([]int32, 5), 3, make([]int8, 8), 4, 2, w) }},
		{"overlap", func() {
			buf := make([]int32, 8)
			a := unsafe.Slice((*int8)(unsafe.Pointer(&buf[0])), 32)
			GemmInt8(buf[1:4], 3, a[4:8], 4, 1, w)
		}},
		{"pack k", func() { PackInt8(make([]int8, 3), 0, 3, 3, nil) }},
		{"pack stride", func() { PackInt8(make([]int8, 12), 4, 3, 2, nil) }},
		{"pack short", func() { PackInt8(make([]int8, 11), 4, 3, 3, nil) }},
		{"pack bias", func() { PackInt8(make([]int8, 12), 4, 3, 3, make([]int32, 2)) }},
		{"requantize len", func() {
			q, _ := NewRequant(3, []int32{1 << 30}, []int32{0}, 0, -128, 127)
			Requantize(make([]int8, 2), make([]int32, 3), q)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				if len(msg) < 7 || msg[:7] != "simdnn." {
					t.Fatalf("got panic %q, want a simdnn.… message", msg)
				}
			}()
			c.f()
		})
	}
}

// TestQuantizeInt8: every tier against math.Round of the float32 quotient,
// at every length around the vector width, on special values and ties.
func TestQuantizeInt8(t *testing.T) {
	r := newRand(t)
	ref := func(x, scale float32, zero int32) int8 {
		v := float64(x / scale)
		if v != v {
			return int8(zero)
		}
		return int8(math.Min(math.Max(math.Round(v)+float64(zero), -128), 127))
	}
	scales := []float32{1, 0.5, 1.0 / 255, 0.0123, 3e-5, 7, math.SmallestNonzeroFloat32, math.MaxFloat32}
	forEachInt8Impl(t, func(t *testing.T) {
		for n := 0; n <= 3*16+1; n++ {
			for _, scale := range scales {
				for _, zero := range []int32{-128, -3, 0, 127} {
					x := make([]float32, n)
					for i := range x {
						switch r.IntN(4) {
						case 0:
							x[i] = specials[r.IntN(len(specials))]
						case 1: // a tie or its neighbours
							x[i] = (float32(r.IntN(600)-300) + 0.5) * scale
							x[i] = math.Nextafter32(x[i], float32(r.IntN(3)-1)*math.MaxFloat32)
						default:
							x[i] = (r.Float32()*2 - 1) * 300 * scale
						}
					}
					buf := make([]int8, n+2*guardLen)
					for i := range buf {
						buf[i] = 0x5a
					}
					dst := buf[guardLen : guardLen+n : guardLen+n]
					QuantizeInt8(dst, x, scale, zero)
					for i := range x {
						if want := ref(x[i], scale, zero); dst[i] != want {
							t.Fatalf("n=%d scale=%g zero=%d: x=%g (%#x) → %d, want %d", n, scale, zero, x[i], math.Float32bits(x[i]), dst[i], want)
						}
					}
					for i, v := range buf {
						if (i < guardLen || i >= guardLen+n) && v != 0x5a {
							t.Fatalf("n=%d: wrote byte %d outside dst", n, i-guardLen)
						}
					}
				}
			}
		}
	})
}

// TestGemmInt8OneRowRepeated: one-row calls alternate the order of the column
// blocks (int8.go); every call gives the reference result.
func TestGemmInt8OneRowRepeated(t *testing.T) {
	r := newRand(t)
	forEachInt8Impl(t, func(t *testing.T) {
		for _, n := range []int{1, 17, 33, 64, 97, 130} {
			for _, k := range []int{3, 64, 785} {
				w := make([]int8, k*n)
				int8Values(r, w)
				if n%2 == 1 {
					symmetric(w)
				}
				bias := make([]int32, n)
				pw := PackInt8(w, k, n, n, bias)
				a := make([]int8, k)
				int8Values(r, a)
				want := make([]int32, n)
				gemmInt8Ref(want, n, a, k, 1, w, k, n, n, bias)
				for call := 0; call < 3; call++ {
					dst := make([]int32, n)
					GemmInt8(dst, n, a, k, 1, pw)
					for j := range dst {
						if dst[j] != want[j] {
							t.Fatalf("n=%d k=%d call %d: dst[%d] = %d, want %d", n, k, call, j, dst[j], want[j])
						}
					}
				}
			}
		}
	})
}
