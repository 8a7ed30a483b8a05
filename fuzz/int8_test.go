package fuzz

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/simdnn/simdnn"
)

// agreeExact runs f under Generic and every tier this CPU supports and
// requires the same values from each (the int8 kernels are exact).
func agreeExact(t *testing.T, f func() []int32) {
	t.Helper()
	againstGeneric(t, f, func(name string, got, want []int32) {
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("tier %s: element %d = %d, Generic %d", name, i, got[i], want[i])
			}
		}
	})
}

// int8s decodes n int8s from data, repeating it as floats does.
func int8s(data []byte, n int) []int8 {
	x := make([]int8, n)
	for i := range x {
		if len(data) > 0 {
			x[i] = int8(data[i%len(data)] ^ byte(i/len(data)*0x35))
		}
	}
	return x
}

func widen8(v []int8) []int32 {
	out := make([]int32, len(v))
	for i, x := range v {
		out[i] = int32(x)
	}
	return out
}

func FuzzGemmInt8(f *testing.F) {
	f.Add(uint8(9), uint8(33), uint16(13), uint8(2), []byte{0x80, 0x7f, 1, 0xff})
	f.Add(uint8(1), uint8(128), uint16(784), uint8(0), []byte{0x80})
	f.Fuzz(func(t *testing.T, m, n uint8, k uint16, pad uint8, data []byte) {
		rows, cols, depth := int(m%40), int(n%100)+1, int(k%1100)+1
		lda := depth + int(pad%5)
		a := int8s(data, max(rows-1, 0)*lda+depth)
		w := int8s(append([]byte{0x5a}, data...), depth*cols)
		if pad&0x80 != 0 { // weights in [−127, 127], as quant makes them
			for i, v := range w {
				w[i] = max(v, -127)
			}
		}
		bias := make([]int32, cols)
		for j := range bias {
			bias[j] = int32(j*0x10001) - 7
		}
		pw := simdnn.PackInt8(w, depth, cols, cols, bias)
		agreeExact(t, func() []int32 {
			dst := make([]int32, rows*cols)
			simdnn.GemmInt8(dst, cols, a, lda, rows, pw)
			return dst
		})
	})
}

func FuzzRequantize(f *testing.F) {
	f.Add(uint8(17), int8(-3), int8(-128), int8(127), []byte{0, 0, 0, 0x80, 0xff, 0xff, 0xff, 0x7f})
	f.Fuzz(func(t *testing.T, n uint8, zero, lo, hi int8, data []byte) {
		ch := int(n%80) + 1
		if lo > hi {
			lo, hi = hi, lo
		}
		acc := make([]int32, ch)
		mult := make([]int32, ch)
		shift := make([]int32, ch)
		for j := range acc {
			var b [8]byte
			for i := range b {
				if len(data) > 0 {
					b[i] = data[(8*j+i)%len(data)] ^ byte(j)
				}
			}
			acc[j] = int32(binary.LittleEndian.Uint32(b[:]))
			mult[j] = int32(1<<30 | binary.LittleEndian.Uint32(b[4:])&(1<<30-1))
			if b[5]&7 == 0 {
				mult[j] = 0
			}
			shift[j] = int32(b[6]%62) - 31
		}
		r, err := simdnn.NewRequant(ch, mult, shift, int32(zero), lo, hi)
		if err != nil {
			t.Fatal(err)
		}
		agreeExact(t, func() []int32 {
			dst := make([]int8, ch)
			simdnn.Requantize(dst, acc, r)
			return widen8(dst)
		})
	})
}

func FuzzQuantizeInt8(f *testing.F) {
	f.Add(float32(1.0/255), int8(-128), []byte{0, 0, 0xc0, 0x7f, 0, 0, 0, 0x3f})
	f.Fuzz(func(t *testing.T, scale float32, zero int8, data []byte) {
		if !(scale > 0 && scale <= math.MaxFloat32) {
			return // QuantizeInt8 panics: outside the contract
		}
		x := floats(data, len(data)/4+17)
		agreeExact(t, func() []int32 {
			dst := make([]int8, len(x))
			simdnn.QuantizeInt8(dst, x, scale, int32(zero))
			return widen8(dst)
		})
	})
}
