package quant

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"unsafe"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
)

// The int8 model file, little-endian:
//
//	"SIMDNNQ8"  u32 version (2)  u32 inputs  u32 layers
//	per layer:
//	  u32 k  u32 n  u8 activation  i8 lo  i8 hi  u8 table (0 or 1)
//	  Params in, pre, out: f32 scale, i32 zero point each
//	  n × i32 bias (zero point folded)  n × i32 multiplier  n × i32 shift
//	  n × f32 weight scale  f32 LeakyReLU slope  u8 weight zero points (0
//	  or 1), then n × i32 of them (version 2; version 1 files have none of
//	  these: the scales are derived from the multipliers)
//	  table: 256 × i8
//	  u32 length, then the weights in simdnn's packed int8 layout
//	u32 CRC-32C of everything before it
//
// The packed weights are the bulk of the file: LoadBytes uses them in place.
const (
	fileMagic   = "SIMDNNQ8"
	fileVersion = 2
	maxLayers   = 1 << 10
	maxUnits    = 1 << 24
)

// MaxLoadBytes bounds what Load reads (and so what it allocates).
var MaxLoadBytes int64 = 256 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Save writes the model to w.
func (m *Model) Save(w io.Writer) error {
	_, err := w.Write(m.AppendBinary(nil))
	return err
}

// AppendBinary appends the model file to b.
func (m *Model) AppendBinary(b []byte) []byte {
	start := len(b)
	le := binary.LittleEndian
	b = append(b, fileMagic...)
	b = le.AppendUint32(b, fileVersion)
	b = le.AppendUint32(b, uint32(m.inputs))
	b = le.AppendUint32(b, uint32(len(m.layers)))
	for i := range m.layers {
		l := &m.layers[i]
		b = le.AppendUint32(b, uint32(l.k))
		b = le.AppendUint32(b, uint32(l.n))
		table := byte(0)
		if l.table != nil {
			table = 1
		}
		b = append(b, byte(l.act), byte(l.lo), byte(l.hi), table)
		for _, p := range []Params{l.in, l.pre, l.out} {
			b = le.AppendUint32(b, math.Float32bits(p.Scale))
			b = le.AppendUint32(b, uint32(p.ZeroPoint))
		}
		for j := 0; j < l.n; j++ {
			b = le.AppendUint32(b, uint32(l.w.Bias(j)))
		}
		for _, v := range [][]int32{l.mult, l.shift} {
			for _, x := range v {
				b = le.AppendUint32(b, uint32(x))
			}
		}
		for _, v := range l.wscale {
			b = le.AppendUint32(b, math.Float32bits(v))
		}
		b = le.AppendUint32(b, math.Float32bits(l.slope))
		if l.wzero == nil {
			b = append(b, 0)
		} else {
			b = append(b, 1)
			for _, z := range l.wzero {
				b = le.AppendUint32(b, uint32(z))
			}
		}
		if l.table != nil {
			for _, v := range l.table {
				b = append(b, byte(v))
			}
		}
		w := l.w.Packed()
		b = le.AppendUint32(b, uint32(len(w)))
		b = append(b, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(w))), len(w))...)
	}
	return le.AppendUint32(b, crc32.Checksum(b[start:], castagnoli))
}

// Load reads a model file of at most MaxLoadBytes from r; predictions take
// up to maxBatch rows.
func Load(r io.Reader, maxBatch int) (*Model, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxLoadBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > MaxLoadBytes {
		return nil, errors.New("quant.Load: file larger than MaxLoadBytes")
	}
	return LoadBytes(b, maxBatch)
}

// LoadBytes decodes a model file held in b (for example a go:embed
// variable). The packed weights stay in b, which must not change while the
// model is in use; everything else is copied. It allocates about 20 bytes
// per output unit plus the workspace for maxBatch rows.
func LoadBytes(b []byte, maxBatch int) (*Model, error) {
	if maxBatch < 1 || maxBatch > 1<<20 {
		return nil, loadError("maxBatch outside 1..2^20")
	}
	if len(b) < len(fileMagic)+16 || string(b[:len(fileMagic)]) != fileMagic {
		return nil, loadError("not an int8 model file")
	}
	body := b[:len(b)-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, loadError("checksum mismatch (file damaged or truncated)")
	}
	rd := &reader{b: body[len(fileMagic):]}
	version := rd.u32()
	if version != 1 && version != fileVersion {
		return nil, loadError("file version " + strconv.Itoa(int(version)) + ", this library reads 1 and " + strconv.Itoa(fileVersion))
	}
	m := &Model{inputs: int(rd.u32()), maxBatch: maxBatch}
	count := int(rd.u32())
	if m.inputs < 1 || m.inputs > maxUnits || count < 1 || count > maxLayers {
		return nil, loadError("inputs or layer count out of range")
	}
	prevN, prevOut := m.inputs, Params{}
	for i := 0; i < count && rd.err == nil; i++ {
		l := layer{k: int(rd.u32()), n: int(rd.u32())}
		where := "layer " + strconv.Itoa(i) + ": "
		if l.k != prevN || l.n < 1 || l.n > maxUnits {
			return nil, loadError(where + "shape does not chain")
		}
		if rd.left() < 4+24+12*l.n {
			return nil, loadError(where + "truncated")
		}
		l.act = nn.Activation(rd.u8())
		l.lo, l.hi = int8(rd.u8()), int8(rd.u8())
		hasTable := rd.u8()
		for _, p := range []*Params{&l.in, &l.pre, &l.out} {
			p.Scale = math.Float32frombits(rd.u32())
			p.ZeroPoint = int32(rd.u32())
			if !p.valid() {
				return nil, loadError(where + "invalid quantization parameters")
			}
		}
		if i > 0 && l.in != prevOut {
			return nil, loadError(where + "input parameters differ from the previous layer's output")
		}
		tabled := l.act == nn.Sigmoid || l.act == nn.Tanh || l.act == nn.LeakyReLU
		switch {
		case l.act != nn.Linear && l.act != nn.ReLU && l.act != nn.Softmax && !tabled:
			return nil, loadError(where + "unknown activation")
		case l.act == nn.Softmax && i != count-1:
			return nil, loadError(where + "softmax before the output layer")
		case hasTable > 1 || (hasTable == 0 && tabled) || (hasTable == 1 && !tabled && l.act != nn.ReLU):
			return nil, loadError(where + "activation table missing or unexpected")
		case hasTable == 0 && l.out != l.pre:
			return nil, loadError(where + "output parameters without a table")
		case hasTable == 1 && l.act == nn.ReLU && l.out == l.pre:
			return nil, loadError(where + "a ReLU table where the clamp does")
		}
		bias := rd.i32s(l.n)
		l.mult, l.shift = rd.i32s(l.n), rd.i32s(l.n)
		if version == 1 && rd.err == nil {
			if l.wscale = derivedScales(&l); l.wscale == nil {
				return nil, loadError(where + "weight scales not derivable from the multipliers")
			}
		} else if version != 1 {
			l.wscale = make([]float32, l.n)
			for j, raw := range rd.i32s(l.n) {
				l.wscale[j] = math.Float32frombits(uint32(raw))
				if !(l.wscale[j] > 0 && l.wscale[j] <= math.MaxFloat32) {
					return nil, loadError(where + "weight scale not finite and > 0")
				}
			}
			l.slope = math.Float32frombits(rd.u32())
			if l.act == nn.LeakyReLU && !(l.slope > 0 && l.slope < 1) {
				return nil, loadError(where + "LeakyReLU slope outside (0, 1)")
			}
			switch rd.u8() {
			case 0:
			case 1:
				l.wzero = rd.i32s(l.n)
				nonzero := false
				for _, z := range l.wzero {
					if z < -128 || z > 127 {
						return nil, loadError(where + "weight zero point outside [−128, 127]")
					}
					nonzero = nonzero || z != 0
				}
				if !nonzero && rd.err == nil {
					return nil, loadError(where + "weight zero points all 0 (stored as none)")
				}
				if l.k > (1<<31-1)/(128*128*3) {
					return nil, loadError(where + "too many inputs for asymmetric weights")
				}
			default:
				return nil, loadError(where + "bad weight zero point flag")
			}
		}
		if hasTable == 1 {
			l.table = new([256]int8)
			for j, v := range rd.take(256) {
				l.table[j] = int8(v)
			}
		}
		size := int(rd.u32())
		raw := rd.take(size)
		if rd.err != nil {
			break
		}
		var w []int8
		if size > 0 {
			w = unsafe.Slice((*int8)(unsafe.Pointer(&raw[0])), size)
		}
		var err error
		if l.w, err = simdnn.PackedInt8(l.k, l.n, w, bias); err != nil {
			return nil, loadError(where + err.Error())
		}
		if err := l.buildRequant(); err != nil {
			return nil, loadError(where + err.Error())
		}
		m.layers = append(m.layers, l)
		prevN, prevOut = l.n, l.out
	}
	if rd.err != nil {
		return nil, loadError("truncated")
	}
	if rd.left() != 0 {
		return nil, loadError("trailing bytes")
	}
	m.finish()
	return m, nil
}

// derivedScales returns the weight scales of a version 1 layer, from its
// multipliers: In.Scale·s_w/Pre.Scale = mult·2^(shift−31); nil if one is
// not a finite float32 > 0.
func derivedScales(l *layer) []float32 {
	s := make([]float32, l.n)
	for j := range s {
		real := math.Ldexp(float64(l.mult[j]), int(l.shift[j])-31)
		if real == 0 {
			// A multiplier too small to represent: a scale that rounds to
			// multiplier 0 again.
			real = 0x1p-40
		}
		s[j] = float32(real * float64(l.pre.Scale) / float64(l.in.Scale))
		if !(s[j] > 0 && s[j] <= math.MaxFloat32) {
			return nil
		}
	}
	return s
}

type loadError string

func (e loadError) Error() string { return "quant.LoadBytes: " + string(e) }

// reader takes little-endian values from b; a read past the end sets err
// and returns zeros.
type reader struct {
	b   []byte
	err error
}

func (r *reader) left() int { return len(r.b) }

func (r *reader) take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		r.err = io.ErrUnexpectedEOF
		return make([]byte, max(min(n, 256), 0))
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u8() uint8   { return r.take(1)[0] }
func (r *reader) u32() uint32 { return binary.LittleEndian.Uint32(r.take(4)) }

func (r *reader) i32s(n int) []int32 {
	raw := r.take(4 * n)
	if r.err != nil {
		return nil
	}
	v := make([]int32, n)
	for j := range v {
		v[j] = int32(binary.LittleEndian.Uint32(raw[4*j:]))
	}
	return v
}

func crc32Sum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }
