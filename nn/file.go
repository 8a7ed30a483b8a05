package nn

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// The model file (all little endian):
//
//	magic     [8]byte  "SIMDNNM\x00"
//	version   uint32   1
//	inputs    uint32
//	loss      uint8, then 3 zero bytes
//	slope     float32  LeakyReLU slope
//	seed      uint64
//	optimizer 13 × 4 bytes: kind, lr, momentum, nesterov, beta1, beta2, eps,
//	          rho, weight decay, l1, l2, clip norm (uint32 for kind and
//	          nesterov, float32 otherwise), then schedule kind
//	schedule  every uint32, gamma float32, total uint32, minLR float32, warmup uint32
//	layers    uint32 count, then per layer: kind, act, init uint8 + 1 zero
//	          byte, units uint32, rate float32
//	params    uint64 count, then that many float32 (per Dense layer: the
//	          in×out weights row by row, then the out biases)
//	crc       uint32   CRC-32C (Castagnoli) of everything before it
//
// A checkpoint (version 2, SaveCheckpoint) adds, between the params and the
// crc, what continuing the training needs: the step count (uint64), the
// dropout generator's state (uint32 length, then its MarshalBinary bytes)
// and the optimizer state (uint32 vector count, then that many vectors of
// params-count float32). The model file (version 1, Save) has none of it.

const (
	fileMagic         = "SIMDNNM\x00"
	fileVersion       = 1
	checkpointVersion = 2
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Save writes the model's architecture, optimizer settings and weights:
// what inference needs. SaveCheckpoint also writes the training state.
func (m *Model) Save(w io.Writer) error { return m.write(w, "Save", false) }

// SaveCheckpoint writes the model file plus the training state: the step
// count (so schedules continue), the optimizer's moments and the dropout
// generator. A model loaded from it and trained on from there computes
// exactly what the saved one would have (bit for bit): take checkpoints
// after Step (TrainBatch), when no gradient is pending. Load and LoadBytes
// read both kinds of file.
func (m *Model) SaveCheckpoint(w io.Writer) error { return m.write(w, "SaveCheckpoint", true) }

func (m *Model) write(w io.Writer, fn string, checkpoint bool) error {
	if m.broken != nil {
		return fmt.Errorf("nn.%s: refusing a broken model: %w", fn, m.broken)
	}
	_, err := w.Write(m.appendFile(nil, checkpoint))
	return err
}

// AppendBinary appends the model file to b and returns it. It panics if the
// model is broken (see Broken).
func (m *Model) AppendBinary(b []byte) []byte {
	m.mustNotBeBroken("AppendBinary")
	return m.appendFile(b, false)
}

// AppendCheckpoint appends the checkpoint file to b and returns it. It
// panics if the model is broken (see Broken).
func (m *Model) AppendCheckpoint(b []byte) []byte {
	m.mustNotBeBroken("AppendCheckpoint")
	return m.appendFile(b, true)
}

func (m *Model) mustNotBeBroken(fn string) {
	if m.broken != nil {
		panic("nn." + fn + ": refusing a broken model: " + m.broken.Error())
	}
}

// appendFile appends the model file, or the checkpoint, to b.
func (m *Model) appendFile(b []byte, checkpoint bool) []byte {
	start := len(b)
	version := uint32(fileVersion)
	if checkpoint {
		version = checkpointVersion
	}
	c, o := &m.cfg, &m.opt
	le := binary.LittleEndian
	b = append(b, fileMagic...)
	b = le.AppendUint32(b, version)
	b = le.AppendUint32(b, uint32(c.Inputs))
	b = append(b, byte(c.Loss), 0, 0, 0)
	b = le.AppendUint32(b, math.Float32bits(c.LeakySlope))
	b = le.AppendUint64(b, c.Seed)
	nesterov := uint32(0)
	if o.Nesterov {
		nesterov = 1
	}
	for _, v := range []uint32{uint32(o.Kind), math.Float32bits(o.LR), math.Float32bits(o.Momentum), nesterov,
		math.Float32bits(o.Beta1), math.Float32bits(o.Beta2), math.Float32bits(o.Eps), math.Float32bits(o.Rho),
		math.Float32bits(o.WeightDecay), math.Float32bits(o.L1), math.Float32bits(o.L2), math.Float32bits(o.ClipNorm),
		uint32(o.Schedule.Kind), uint32(o.Schedule.Every), math.Float32bits(o.Schedule.Gamma), uint32(o.Schedule.Total),
		math.Float32bits(o.Schedule.MinLR), uint32(o.Schedule.Warmup)} {
		b = le.AppendUint32(b, v)
	}
	b = le.AppendUint32(b, uint32(len(m.layers)))
	for _, l := range m.layers {
		b = append(b, byte(l.Kind), byte(l.Act), byte(l.Init), 0)
		b = le.AppendUint32(b, uint32(l.Units))
		b = le.AppendUint32(b, math.Float32bits(l.Rate))
	}
	b = le.AppendUint64(b, uint64(len(m.params)))
	b = appendFloats(b, m.params)
	if checkpoint {
		b = le.AppendUint64(b, uint64(m.step))
		src, _ := m.src.MarshalBinary() // never fails
		b = le.AppendUint32(b, uint32(len(src)))
		b = append(b, src...)
		b = le.AppendUint32(b, uint32(len(m.state)))
		for _, v := range m.state {
			b = appendFloats(b, v)
		}
	}
	return le.AppendUint32(b, crc32.Checksum(b[start:], castagnoli))
}

func appendFloats(b []byte, v []float32) []byte {
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

// Load reads a model file from r and builds the model for batches of up to
// maxBatch rows. It reads r to the end.
func Load(r io.Reader, maxBatch int) (*Model, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return LoadBytes(b, maxBatch)
}

// ErrFormat is wrapped by every error about a malformed model file.
var ErrFormat = errors.New("nn: bad model file")

// ErrTooLarge is wrapped by the error of a load that would allocate more
// than MaxLoadBytes.
var ErrTooLarge = errors.New("nn: model too large")

// MaxLoadBytes bounds what Load and LoadBytes may allocate for one model:
// weights, gradients, optimizer state and the activation buffers of
// maxBatch rows, computed from the file's header before anything is
// allocated. The default, 256 MiB, fits a Raspberry Pi class board; raise it
// for larger models or batches.
var MaxLoadBytes int64 = 256 << 20

// memoryBytes returns what New(cfg) allocates for its float32 buffers
// (in float64: no overflow whatever the header says).
func memoryBytes(cfg Config) float64 {
	batch := float64(cfg.MaxBatch)
	in, params, acts := float64(cfg.Inputs), 0.0, 0.0
	for _, l := range cfg.Layers {
		out := in
		perRow := 1.0 // the delta buffer
		switch l.Kind {
		case DenseKind:
			out = float64(l.Units)
			params += in*out + out
			perRow++                                  // the activation buffer
			perRow += float64(shardsFor(int(in)) - 1) // the shards' partial products
		case DropoutKind:
			perRow += 2 // mask and training output
		}
		acts += batch * out * perRow
		in = out
	}
	o := cfg.Optimizer
	return 4 * (params*float64(2+o.stateVectors()) + acts)
}

// LoadBytes builds a model from a model file in b (e.g. from go:embed) for
// batches of up to maxBatch rows. Corrupt, truncated or hostile input gives
// an error wrapping ErrFormat; nothing is allocated before the sizes in the
// header have been checked against len(b).
func LoadBytes(b []byte, maxBatch int) (*Model, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
	}
	const header = 8 + 4 + 4 + 4 + 4 + 8 + 18*4 + 4
	if len(b) < header+8+4 {
		return nil, bad("%d bytes is too short", len(b))
	}
	if string(b[:8]) != fileMagic {
		return nil, bad("not a simdnn model (magic %q)", b[:8])
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, bad("checksum mismatch (corrupt or truncated)")
	}
	rd := reader{b: body[8:]}
	version := rd.u32()
	if version != fileVersion && version != checkpointVersion {
		return nil, bad("version %d, this package reads %d and %d", version, fileVersion, checkpointVersion)
	}
	cfg := Config{MaxBatch: maxBatch}
	cfg.Inputs = int(rd.u32())
	cfg.Loss = Loss(rd.u32() & 0xff)
	cfg.LeakySlope = rd.f32()
	cfg.Seed = rd.u64()
	o := &cfg.Optimizer
	o.Kind = OptimizerKind(rd.u32())
	o.LR, o.Momentum = rd.f32(), rd.f32()
	o.Nesterov = rd.u32() != 0
	o.Beta1, o.Beta2, o.Eps, o.Rho = rd.f32(), rd.f32(), rd.f32(), rd.f32()
	o.WeightDecay, o.L1, o.L2, o.ClipNorm = rd.f32(), rd.f32(), rd.f32(), rd.f32()
	o.Schedule.Kind = ScheduleKind(rd.u32())
	o.Schedule.Every = int(rd.u32())
	o.Schedule.Gamma = rd.f32()
	o.Schedule.Total = int(rd.u32())
	o.Schedule.MinLR = rd.f32()
	o.Schedule.Warmup = int(rd.u32())
	nl := rd.u32()
	if uint64(nl) > maxLayers || uint64(nl)*12 > uint64(len(rd.b)) {
		return nil, bad("%d layers", nl)
	}
	cfg.Layers = make([]Layer, nl)
	in, total := uint64(cfg.Inputs), uint64(0)
	for i := range cfg.Layers {
		l := &cfg.Layers[i]
		l.Kind, l.Act, l.Init = LayerKind(rd.u8()), Activation(rd.u8()), Init(rd.u8())
		rd.u8()
		l.Units, l.Rate = int(rd.u32()), rd.f32()
		if l.Kind == DenseKind {
			if l.Units <= 0 || l.Units > maxUnits || in > maxUnits {
				return nil, bad("layer %d has %d units", i, l.Units)
			}
			total += in*uint64(l.Units) + uint64(l.Units)
			in = uint64(l.Units)
		}
	}
	if rd.err || total > uint64(len(rd.b))/4 {
		return nil, bad("truncated: %d parameters declared by the layers", total)
	}
	if n := rd.u64(); rd.err || n != total || uint64(len(rd.b)) < 4*total ||
		version == fileVersion && uint64(len(rd.b)) != 4*total {
		return nil, bad("%d parameters stored, the layers need %d", n, total)
	}
	params := rd.take(int(4 * total))
	if maxBatch <= 0 {
		return nil, fmt.Errorf("nn: LoadBytes with maxBatch %d", maxBatch)
	}
	if need := memoryBytes(cfg); need > float64(MaxLoadBytes) {
		return nil, fmt.Errorf("%w: the model needs %.0f bytes for maxBatch %d, above MaxLoadBytes = %d",
			ErrTooLarge, need, maxBatch, MaxLoadBytes)
	}
	m, err := New(cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	readFloats(m.params, params)
	if version == checkpointVersion {
		step := rd.u64()
		src := rd.take(int(min(rd.u32(), 64)))
		nState := rd.u32()
		if rd.err || step > math.MaxInt32 || m.src.UnmarshalBinary(src) != nil ||
			int(nState) != len(m.state) || uint64(len(rd.b)) != 4*total*uint64(nState) {
			return nil, bad("bad training state")
		}
		m.step = int(step)
		for _, v := range m.state {
			readFloats(v, rd.take(4*len(v)))
		}
	}
	return m, nil
}

func readFloats(dst []float32, b []byte) {
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
}

// reader decodes little-endian fields, recording a short read in err.
type reader struct {
	b   []byte
	err bool
}

func (r *reader) take(n int) []byte {
	if len(r.b) < n {
		r.err = true
		r.b = r.b[:0]
		return make([]byte, n)
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u8() uint8    { return r.take(1)[0] }
func (r *reader) u32() uint32  { return binary.LittleEndian.Uint32(r.take(4)) }
func (r *reader) u64() uint64  { return binary.LittleEndian.Uint64(r.take(8)) }
func (r *reader) f32() float32 { return math.Float32frombits(r.u32()) }

func crc32Sum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }
