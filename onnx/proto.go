package onnx

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"
)

// The decoder reads the subset of onnx.proto (ModelProto and what it
// contains) that fully connected models use, with protowire only: unknown
// fields are skipped, as protobuf requires, and every length, count and
// size is checked against the input and against Limits before anything is
// allocated from it.

// Limits bound what Decode accepts, so that a damaged or hostile file is an
// error, never an unbounded allocation.
type Limits struct {
	MaxBytes    int // the whole file
	MaxNodes    int // nodes in the graph
	MaxRank     int // dimensions of one tensor
	MaxElements int // elements of one tensor
}

// DefaultLimits are the limits Decode uses.
var DefaultLimits = Limits{MaxBytes: 512 << 20, MaxNodes: 1 << 16, MaxRank: 8, MaxElements: 1 << 28}

// A DataType is an ONNX TensorProto.DataType.
type DataType int32

// The data types Decode reads; others (strings, complex, 8-, 4- and 2-bit
// floats and ints) are refused with an error that names them.
const (
	Float   DataType = 1
	Uint8   DataType = 2
	Int8    DataType = 3
	Uint16  DataType = 4
	Int16   DataType = 5
	Int32   DataType = 6
	Int64   DataType = 7
	Bool    DataType = 9
	Float16 DataType = 10
	Double  DataType = 11
	Uint32  DataType = 12
	Uint64  DataType = 13
)

var dataTypeNames = map[DataType]string{
	0: "undefined", Float: "float32", Uint8: "uint8", Int8: "int8", Uint16: "uint16", Int16: "int16",
	Int32: "int32", Int64: "int64", 8: "string", Bool: "bool", Float16: "float16", Double: "float64",
	Uint32: "uint32", Uint64: "uint64", 14: "complex64", 15: "complex128", 16: "bfloat16",
	17: "float8e4m3fn", 18: "float8e4m3fnuz", 19: "float8e5m2", 20: "float8e5m2fnuz",
	21: "uint4", 22: "int4", 23: "float4e2m1", 24: "float8e8m0", 25: "uint2", 26: "int2",
}

// String returns the type's name ("float32", "int8", …).
func (t DataType) String() string {
	if s, ok := dataTypeNames[t]; ok {
		return s
	}
	return "DataType(" + strconv.Itoa(int(t)) + ")"
}

// size is the bytes of one element in raw_data, 0 for the types Decode does
// not read.
func (t DataType) size() int {
	switch t {
	case Uint8, Int8, Bool:
		return 1
	case Uint16, Int16, Float16:
		return 2
	case Float, Int32, Uint32:
		return 4
	case Int64, Double, Uint64:
		return 8
	}
	return 0
}

// A Model is a decoded ModelProto.
type Model struct {
	IRVersion int64
	Opsets    map[string]int64 // domain ("" for ai.onnx) → opset version
	Producer  string           // producer_name, and producer_version after a space
	Graph     Graph
}

// A Graph is a decoded GraphProto: nodes in topological order,
// initializers (constant tensors), inputs and outputs.
type Graph struct {
	Name         string
	Nodes        []Node
	Initializers []*Tensor
	Inputs       []ValueInfo
	Outputs      []ValueInfo
}

// A Node is one operator application.
type Node struct {
	Name, OpType, Domain string
	Inputs, Outputs      []string // "" for an omitted optional input
	Attrs                []Attr
}

// An AttrType says which field of an Attr holds its value.
type AttrType int32

// The attribute types Decode reads (others, subgraphs among them, are
// refused).
const (
	AttrFloat   AttrType = 1
	AttrInt     AttrType = 2
	AttrString  AttrType = 3
	AttrTensor  AttrType = 4
	AttrFloats  AttrType = 6
	AttrInts    AttrType = 7
	AttrStrings AttrType = 8
)

// An Attr is a node attribute.
type Attr struct {
	Name    string
	Type    AttrType
	F       float32
	I       int64
	S       string
	T       *Tensor
	Floats  []float32
	Ints    []int64
	Strings []string
}

// A ValueInfo is a graph input or output: its element type and shape,
// where each dimension is a number or a symbol ("batch", "N", …; Param set,
// Value -1) or unknown (Value -1, Param "").
type ValueInfo struct {
	Name     string
	ElemType DataType
	Shape    []Dim
	HasShape bool
}

// A Dim is one dimension of a ValueInfo's shape.
type Dim struct {
	Value int64 // -1 when symbolic or unknown
	Param string
}

// A Tensor is a decoded TensorProto. Its values are in Float (float32,
// and float16 widened), Double, or Int (every integer type and bool, as
// int64; uint64 values above 2⁶³ are refused), row-major.
type Tensor struct {
	Name     string
	Dims     []int64
	DataType DataType
	Float    []float32
	Double   []float64
	Int      []int64
}

// Elements returns the product of the dimensions (1 for a scalar).
func (t *Tensor) Elements() int {
	n := 1
	for _, d := range t.Dims {
		n *= int(d)
	}
	return n
}

// Decode decodes an ONNX model file (a ModelProto) with DefaultLimits.
func Decode(b []byte) (*Model, error) { return DefaultLimits.Decode(b) }

// DecodeTensor decodes a serialized TensorProto (the input_*.pb and
// output_*.pb files of ONNX's test data) with DefaultLimits.
func DecodeTensor(b []byte) (*Tensor, error) {
	l := DefaultLimits
	if len(b) > l.MaxBytes {
		return nil, errors.New("onnx: tensor larger than MaxBytes")
	}
	d := decoder{lim: l}
	return d.tensor(b)
}

// Decode decodes an ONNX model file (a ModelProto) within l.
func (l Limits) Decode(b []byte) (*Model, error) {
	if len(b) > l.MaxBytes {
		return nil, errors.New("onnx: file of " + strconv.Itoa(len(b)) + " bytes, over Limits.MaxBytes")
	}
	d := decoder{lim: l}
	m := &Model{Opsets: map[string]int64{}}
	var producer, version string
	graphs := 0
	err := fields(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		switch {
		case num == 1 && typ == protowire.VarintType:
			m.IRVersion = int64(x)
		case num == 2 && typ == protowire.BytesType:
			producer = string(v)
		case num == 3 && typ == protowire.BytesType:
			version = string(v)
		case num == 7 && typ == protowire.BytesType:
			graphs++
			g, err := d.graph(v)
			if err != nil {
				return err
			}
			m.Graph = *g
		case num == 8 && typ == protowire.BytesType:
			domain, ver := "", int64(0)
			if err := fields(v, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
				switch {
				case num == 1 && typ == protowire.BytesType:
					domain = string(v)
				case num == 2 && typ == protowire.VarintType:
					ver = int64(x)
				}
				return nil
			}); err != nil {
				return err
			}
			if domain == "ai.onnx" {
				domain = ""
			}
			m.Opsets[domain] = ver
		case num == 25 && typ == protowire.BytesType:
			return errors.New("onnx: model-local functions are not supported")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if graphs == 0 {
		return nil, errors.New("onnx: the model has no graph")
	}
	m.Producer = producer
	if version != "" {
		m.Producer += " " + version
	}
	return m, nil
}

type decoder struct {
	lim Limits
}

// fields calls f for every field of the message b: its number, wire type,
// bytes (BytesType) or value (Varint, Fixed32, Fixed64). Groups are
// refused; a malformed message is an error.
func fields(b []byte, f func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return malformed(n)
		}
		b = b[n:]
		var v []byte
		var x uint64
		switch typ {
		case protowire.VarintType:
			x, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var u uint32
			u, n = protowire.ConsumeFixed32(b)
			x = uint64(u)
		case protowire.Fixed64Type:
			x, n = protowire.ConsumeFixed64(b)
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(b)
		default:
			return errors.New("onnx: malformed protobuf: wire type " + strconv.Itoa(int(typ)) + " (groups are not used by ONNX)")
		}
		if n < 0 {
			return malformed(n)
		}
		b = b[n:]
		if err := f(num, typ, v, x); err != nil {
			return err
		}
	}
	return nil
}

func malformed(n int) error {
	return errors.New("onnx: malformed protobuf: " + protowire.ParseError(n).Error())
}

func (d *decoder) graph(b []byte) (*Graph, error) {
	g := &Graph{}
	err := fields(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		if typ != protowire.BytesType {
			return nil
		}
		switch num {
		case 1:
			if len(g.Nodes) >= d.lim.MaxNodes {
				return errors.New("onnx: more than Limits.MaxNodes nodes")
			}
			n, err := d.node(v)
			if err != nil {
				return err
			}
			g.Nodes = append(g.Nodes, *n)
		case 2:
			g.Name = string(v)
		case 5:
			t, err := d.tensor(v)
			if err != nil {
				return err
			}
			g.Initializers = append(g.Initializers, t)
		case 11, 12:
			vi, err := valueInfo(v)
			if err != nil {
				return err
			}
			if num == 11 {
				g.Inputs = append(g.Inputs, vi)
			} else {
				g.Outputs = append(g.Outputs, vi)
			}
		case 15:
			return errors.New("onnx: sparse initializers are not supported")
		}
		return nil
	})
	return g, err
}

func (d *decoder) node(b []byte) (*Node, error) {
	n := &Node{}
	err := fields(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		if typ != protowire.BytesType {
			return nil
		}
		switch num {
		case 1:
			n.Inputs = append(n.Inputs, string(v))
		case 2:
			n.Outputs = append(n.Outputs, string(v))
		case 3:
			n.Name = string(v)
		case 4:
			n.OpType = string(v)
		case 7:
			n.Domain = string(v)
		case 5:
			a, err := d.attr(v)
			if err != nil {
				return errors.New("onnx: node " + strconv.Quote(n.Name) + " (" + n.OpType + "): " + err.Error())
			}
			n.Attrs = append(n.Attrs, *a)
		}
		return nil
	})
	if n.Domain == "ai.onnx" {
		n.Domain = ""
	}
	return n, err
}

func (d *decoder) attr(b []byte) (*Attr, error) {
	a := &Attr{}
	seen := map[AttrType]bool{}
	err := fields(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		switch {
		case num == 1 && typ == protowire.BytesType:
			a.Name = string(v)
		case num == 20 && typ == protowire.VarintType:
			a.Type = AttrType(x)
		case num == 2 && typ == protowire.Fixed32Type:
			a.F, seen[AttrFloat] = math.Float32frombits(uint32(x)), true
		case num == 3 && typ == protowire.VarintType:
			a.I, seen[AttrInt] = int64(x), true
		case num == 4 && typ == protowire.BytesType:
			a.S, seen[AttrString] = string(v), true
		case num == 5 && typ == protowire.BytesType:
			t, err := d.tensor(v)
			if err != nil {
				return err
			}
			a.T, seen[AttrTensor] = t, true
		case num == 6 || num == 10 || num == 11 || num == 22 || num == 23:
			return errors.New("attribute " + strconv.Quote(a.Name) + ": graph, sparse or tensor-list attributes are not supported")
		case num == 7:
			fs, err := floats32(typ, v, x, d.lim.MaxElements-len(a.Floats))
			if err != nil {
				return err
			}
			a.Floats, seen[AttrFloats] = append(a.Floats, fs...), true
		case num == 8:
			is, err := varints(typ, v, x, d.lim.MaxElements-len(a.Ints))
			if err != nil {
				return err
			}
			for _, i := range is {
				a.Ints = append(a.Ints, int64(i))
			}
			seen[AttrInts] = true
		case num == 9 && typ == protowire.BytesType:
			a.Strings, seen[AttrStrings] = append(a.Strings, string(v)), true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if a.Type == 0 { // IR version 1 files: infer from the field present
		for t := range seen {
			a.Type = t
		}
	}
	if !seen[a.Type] && a.Type != AttrFloats && a.Type != AttrInts && a.Type != AttrStrings {
		return nil, errors.New("attribute " + strconv.Quote(a.Name) + ": type " + strconv.Itoa(int(a.Type)) + " without its value")
	}
	return a, nil
}

func valueInfo(b []byte) (ValueInfo, error) {
	var vi ValueInfo
	err := fields(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		switch {
		case num == 1 && typ == protowire.BytesType:
			vi.Name = string(v)
		case num == 2 && typ == protowire.BytesType: // TypeProto
			return fields(v, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
				if num != 1 || typ != protowire.BytesType { // not a tensor type: left unset
					return nil
				}
				return fields(v, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
					switch {
					case num == 1 && typ == protowire.VarintType:
						vi.ElemType = DataType(x)
					case num == 2 && typ == protowire.BytesType:
						vi.HasShape = true
						return fields(v, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
							if num != 1 || typ != protowire.BytesType {
								return nil
							}
							if len(vi.Shape) >= 64 {
								return errors.New("onnx: value " + strconv.Quote(vi.Name) + ": more than 64 dimensions")
							}
							dim := Dim{Value: -1}
							err := fields(v, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
								switch {
								case num == 1 && typ == protowire.VarintType:
									dim.Value = int64(x)
								case num == 2 && typ == protowire.BytesType:
									dim.Param = string(v)
								}
								return nil
							})
							vi.Shape = append(vi.Shape, dim)
							return err
						})
					}
					return nil
				})
			})
		}
		return nil
	})
	return vi, err
}

// tensor decodes a TensorProto: dims, type, and its values from raw_data
// or one typed field, checked against the dims. A first pass takes the
// dims, type and where the values are; the values are decoded into one
// slice of the dims' size, and a field holding more is an error before it
// is decoded.
func (d *decoder) tensor(b []byte) (*Tensor, error) {
	t := &Tensor{}
	type segment struct {
		num protowire.Number
		typ protowire.Type
		v   []byte
		x   uint64
	}
	var segs []segment // the typed value fields, in order
	var raw []byte
	hasRaw, external := false, false
	err := fields(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		switch {
		case num == 1:
			ds, err := varints(typ, v, x, d.lim.MaxRank+1-len(t.Dims))
			if err != nil {
				return errors.New("onnx: tensor: more than Limits.MaxRank dimensions")
			}
			for _, dv := range ds {
				t.Dims = append(t.Dims, int64(dv))
			}
		case num == 2 && typ == protowire.VarintType:
			t.DataType = DataType(x)
		case num == 8 && typ == protowire.BytesType:
			t.Name = string(v)
		case num == 9 && typ == protowire.BytesType:
			raw, hasRaw = v, true
		case num == 4 || num == 5 || num == 7 || num == 10 || num == 11:
			if len(segs) >= 1<<20 {
				return errors.New("onnx: tensor " + strconv.Quote(t.Name) + ": too many value fields")
			}
			segs = append(segs, segment{num, typ, v, x})
		case num == 6:
			return errors.New("onnx: tensor " + strconv.Quote(t.Name) + ": string tensors are not supported")
		case num == 13:
			external = true
		case num == 14 && typ == protowire.VarintType && x == 1:
			external = true
		case num == 3:
			return errors.New("onnx: tensor " + strconv.Quote(t.Name) + ": segmented tensors are not supported")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	name := "tensor " + strconv.Quote(t.Name)
	if external {
		return nil, errors.New("onnx: " + name + ": its data is in an external file, which this package does not read: " +
			"save the model with the weights inside (onnx.save_model(m, path, save_as_external_data=False))")
	}
	n := 1
	for _, dim := range t.Dims {
		if dim < 0 || dim > int64(d.lim.MaxElements) || n > d.lim.MaxElements/max(int(dim), 1) {
			return nil, errors.New("onnx: " + name + ": dimensions " + dimsString(t.Dims) + " over Limits.MaxElements or negative")
		}
		n *= int(dim)
	}
	size := t.DataType.size()
	if size == 0 {
		return nil, errors.New("onnx: " + name + ": data type " + t.DataType.String() + " is not supported")
	}
	// The field the type keeps its values in (besides raw_data).
	field := protowire.Number(5) // int32_data: the small integers, bool, float16 bits
	switch t.DataType {
	case Float:
		field = 4
	case Double:
		field = 10
	case Int64:
		field = 7
	case Uint32, Uint64:
		field = 11
	}
	wrong := func(what string) error {
		return errors.New("onnx: " + name + ": " + what + " for dimensions " + dimsString(t.Dims) + " of " + t.DataType.String())
	}
	if hasRaw {
		if len(segs) > 0 {
			return nil, errors.New("onnx: " + name + ": values in both raw_data and a typed field")
		}
		if len(raw) != n*size {
			return nil, wrong("raw_data of " + strconv.Itoa(len(raw)) + " bytes")
		}
	}
	for _, sg := range segs {
		if sg.num != field {
			return nil, errors.New("onnx: " + name + ": values in a field that does not hold " + t.DataType.String())
		}
	}
	count := 0
	switch t.DataType {
	case Float, Float16:
		t.Float = make([]float32, 0, n)
	case Double:
		t.Double = make([]float64, 0, n)
	default:
		t.Int = make([]int64, 0, n)
	}
	for _, sg := range segs {
		left := n - count
		switch field {
		case 4:
			fs, err := floats32(sg.typ, sg.v, sg.x, left)
			if err != nil {
				return nil, wrong("more values than")
			}
			t.Float = append(t.Float, fs...)
			count += len(fs)
		case 10:
			fs, err := floats64(sg.typ, sg.v, sg.x, left)
			if err != nil {
				return nil, wrong("more values than")
			}
			t.Double = append(t.Double, fs...)
			count += len(fs)
		default:
			is, err := varints(sg.typ, sg.v, sg.x, left)
			if err != nil {
				return nil, wrong("more values than")
			}
			for _, u := range is {
				v := int64(u)
				switch {
				case field == 5: // int32_data: negative values are sign-extended varints
					v = int64(int32(u))
				case t.DataType == Uint64 && v < 0:
					return nil, errors.New("onnx: " + name + ": uint64 value above 2⁶³")
				}
				if t.DataType == Float16 {
					t.Float = append(t.Float, half(uint16(v)))
				} else {
					t.Int = append(t.Int, v)
				}
			}
			count += len(is)
		}
	}
	if hasRaw {
		count = n
		for i := 0; i < n; i++ {
			p := raw[i*size:]
			switch t.DataType {
			case Float:
				t.Float = append(t.Float, math.Float32frombits(binary.LittleEndian.Uint32(p)))
			case Float16:
				t.Float = append(t.Float, half(binary.LittleEndian.Uint16(p)))
			case Double:
				t.Double = append(t.Double, math.Float64frombits(binary.LittleEndian.Uint64(p)))
			case Uint8, Bool:
				t.Int = append(t.Int, int64(p[0]))
			case Int8:
				t.Int = append(t.Int, int64(int8(p[0])))
			case Uint16:
				t.Int = append(t.Int, int64(binary.LittleEndian.Uint16(p)))
			case Int16:
				t.Int = append(t.Int, int64(int16(binary.LittleEndian.Uint16(p))))
			case Int32:
				t.Int = append(t.Int, int64(int32(binary.LittleEndian.Uint32(p))))
			case Uint32:
				t.Int = append(t.Int, int64(binary.LittleEndian.Uint32(p)))
			case Int64, Uint64:
				v := int64(binary.LittleEndian.Uint64(p))
				if t.DataType == Uint64 && v < 0 {
					return nil, errors.New("onnx: " + name + ": uint64 value above 2⁶³")
				}
				t.Int = append(t.Int, v)
			}
		}
	}
	if count != n {
		return nil, wrong(strconv.Itoa(count) + " values")
	}
	if lo, hi, ok := intRange(t.DataType); ok {
		for _, v := range t.Int {
			if v < lo || v > hi {
				return nil, errors.New("onnx: " + name + ": value " + strconv.FormatInt(v, 10) + " outside the range of " + t.DataType.String())
			}
		}
	}
	return t, nil
}

// intRange is the range of the integer types narrower than int64 (whose
// typed field, int32_data, can hold values outside it).
func intRange(t DataType) (lo, hi int64, ok bool) {
	switch t {
	case Bool:
		return 0, 1, true
	case Uint8:
		return 0, math.MaxUint8, true
	case Int8:
		return math.MinInt8, math.MaxInt8, true
	case Uint16:
		return 0, math.MaxUint16, true
	case Int16:
		return math.MinInt16, math.MaxInt16, true
	case Int32:
		return math.MinInt32, math.MaxInt32, true
	case Uint32:
		return 0, math.MaxUint32, true
	}
	return 0, 0, false
}

// varints reads a repeated varint field, packed (BytesType) or not; at most
// limit values.
func varints(typ protowire.Type, v []byte, x uint64, limit int) ([]uint64, error) {
	if typ == protowire.VarintType {
		if limit < 1 {
			return nil, errors.New("onnx: too many values in a repeated field")
		}
		return []uint64{x}, nil
	}
	if typ != protowire.BytesType {
		return nil, errors.New("onnx: malformed repeated integer field")
	}
	var out []uint64
	for len(v) > 0 {
		u, n := protowire.ConsumeVarint(v)
		if n < 0 {
			return nil, malformed(n)
		}
		if len(out) >= limit {
			return nil, errors.New("onnx: too many values in a repeated field")
		}
		out = append(out, u)
		v = v[n:]
	}
	return out, nil
}

// floats32 reads a repeated float field, packed or not.
func floats32(typ protowire.Type, v []byte, x uint64, limit int) ([]float32, error) {
	switch {
	case typ == protowire.Fixed32Type && limit >= 1:
		return []float32{math.Float32frombits(uint32(x))}, nil
	case typ == protowire.BytesType && len(v)%4 == 0 && len(v)/4 <= limit:
		out := make([]float32, len(v)/4)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(v[4*i:]))
		}
		return out, nil
	}
	return nil, errors.New("onnx: malformed or too long repeated float field")
}

// floats64 reads a repeated double field, packed or not.
func floats64(typ protowire.Type, v []byte, x uint64, limit int) ([]float64, error) {
	switch {
	case typ == protowire.Fixed64Type && limit >= 1:
		return []float64{math.Float64frombits(x)}, nil
	case typ == protowire.BytesType && len(v)%8 == 0 && len(v)/8 <= limit:
		out := make([]float64, len(v)/8)
		for i := range out {
			out[i] = math.Float64frombits(binary.LittleEndian.Uint64(v[8*i:]))
		}
		return out, nil
	}
	return nil, errors.New("onnx: malformed or too long repeated double field")
}

// half widens IEEE 754 binary16 bits to float32 (exactly).
func half(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // Inf, NaN
		return math.Float32frombits(sign | 0x7f800000 | frac<<13)
	case exp == 0 && frac == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal: normalise
		e := uint32(127 - 15 + 1)
		for frac&0x400 == 0 {
			frac <<= 1
			e--
		}
		return math.Float32frombits(sign | e<<23 | (frac&0x3ff)<<13)
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
}

func dimsString(dims []int64) string {
	s := "["
	for i, d := range dims {
		if i > 0 {
			s += ","
		}
		s += strconv.FormatInt(d, 10)
	}
	return s + "]"
}
