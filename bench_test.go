package simdnn

import (
	"fmt"
	"testing"

	"github.com/simdnn/simdnn/kernels"
)

// benchEachImpl runs f as sub-benchmark "impl=<tier>" for every supported tier
// and Generic. Operands are allocated by the caller with a 2 KiB offset
// between them (benchVectors) so that 4 KiB aliasing does not skew results.
func benchEachImpl(b *testing.B, f func(b *testing.B)) {
	b.Cleanup(kernels.Reset)
	for _, name := range append(kernels.List(), kernels.Generic) {
		if !kernels.Select(name) {
			continue
		}
		b.Run("impl="+name, f)
	}
	kernels.Reset()
}

// benchVectors returns count slices of n floats carved from one buffer, each
// starting 2 KiB (512 floats) after a 4 KiB boundary relative to the last.
func benchVectors(n, count int) [][]float32 {
	span := (n + 1023) / 1024 * 1024
	buf := make([]float32, count*(span+512)+1024)
	out := make([][]float32, count)
	for i := range out {
		off := i * (span + 512)
		out[i] = buf[off : off+n : off+n]
		for j := range out[i] {
			out[i][j] = float32(j%17)/17 - 0.5
		}
	}
	return out
}

var vectorBenchSizes = []int{1024, 65536, 1048576}

// benchVectorGFLOPs benchmarks f on two n-vectors, counting 2n flops.
func benchVectorGFLOPs(b *testing.B, f func(x, y []float32)) {
	for _, n := range vectorBenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			v := benchVectors(n, 2)
			benchEachImpl(b, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					f(v[0], v[1])
				}
				b.ReportMetric(float64(2*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		})
	}
}

var sink float32

func BenchmarkSaxpy(b *testing.B) { benchVectorGFLOPs(b, func(x, y []float32) { Saxpy(x, 1e-3, y) }) }
func BenchmarkSdot(b *testing.B)  { benchVectorGFLOPs(b, func(x, y []float32) { sink += Sdot(x, y) }) }

// benchElementwise benchmarks dst = f(inputs) reporting elements per ns.
func benchElementwise(b *testing.B, inputs int, f func(dst []float32, in [][]float32)) {
	for _, n := range append([]int{4096}, vectorBenchSizes...) {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			v := benchVectors(n, inputs+1)
			benchEachImpl(b, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					f(v[0], v[1:])
				}
				b.ReportMetric(float64(n)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "elem/ns")
			})
		})
	}
}

func BenchmarkSscal(b *testing.B) {
	benchElementwise(b, 0, func(d []float32, _ [][]float32) { Sscal(d, 1.0001) })
}
func BenchmarkSigmoid(b *testing.B) {
	benchElementwise(b, 1, func(d []float32, in [][]float32) { Sigmoid(d, in[0]) })
}
func BenchmarkSigmoidGrad(b *testing.B) {
	benchElementwise(b, 2, func(d []float32, in [][]float32) { SigmoidGrad(d, in[0], in[1]) })
}
func BenchmarkTanh(b *testing.B) {
	benchElementwise(b, 1, func(d []float32, in [][]float32) { Tanh(d, in[0]) })
}
func BenchmarkTanhGrad(b *testing.B) {
	benchElementwise(b, 2, func(d []float32, in [][]float32) { TanhGrad(d, in[0], in[1]) })
}
func BenchmarkRelu(b *testing.B) {
	benchElementwise(b, 1, func(d []float32, in [][]float32) { Relu(d, in[0]) })
}
func BenchmarkReluGrad(b *testing.B) {
	benchElementwise(b, 2, func(d []float32, in [][]float32) { ReluGrad(d, in[0], in[1]) })
}

// rowsBench are the matrix shapes of the row-wise kernels: a batch of 64
// activations of a 128-wide layer, and a 10-class softmax batch.
var rowsBench = []struct{ rows, cols int }{{64, 128}, {64, 10}, {256, 1024}}

func benchRows(b *testing.B, f func(m Matrix, v []float32)) {
	for _, s := range rowsBench {
		b.Run(fmt.Sprintf("m=%d,n=%d", s.rows, s.cols), func(b *testing.B) {
			v := benchVectors(s.rows*s.cols, 2)
			m := Matrix{Rows: s.rows, Cols: s.cols, Stride: s.cols, Data: v[0]}
			benchEachImpl(b, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					f(m, v[1][:s.cols])
				}
				b.ReportMetric(float64(s.rows*s.cols)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "elem/ns")
			})
		})
	}
}

func BenchmarkAddBias(b *testing.B) { benchRows(b, func(m Matrix, v []float32) { AddBias(m, v) }) }
func BenchmarkSumRows(b *testing.B) { benchRows(b, func(m Matrix, v []float32) { SumRows(v, m) }) }
func BenchmarkSoftmax(b *testing.B) { benchRows(b, func(m Matrix, _ []float32) { Softmax(m, m) }) }

// gemmBenchShapes are cmd/bench's default Sgemm shapes.
var gemmBenchShapes = []struct {
	m, n, k int
	ta, tb  Transpose
	beta    float32
}{
	{m: 64, n: 64, k: 64}, {m: 256, n: 256, k: 256}, {m: 512, n: 512, k: 512}, {m: 1024, n: 1024, k: 1024},
	{m: 1, n: 128, k: 784}, {m: 32, n: 128, k: 784}, {m: 64, n: 128, k: 784}, {m: 256, n: 10, k: 128},
	{m: 32, n: 784, k: 128, tb: Trans}, {m: 784, n: 128, k: 32, ta: Trans, beta: 1},
}

// BenchmarkSgemm runs on one thread (SetThreads(1)): its figures are per
// core, as cmd/bench's and the comparison libraries' are.
func BenchmarkSgemm(b *testing.B) {
	defer SetThreads(SetThreads(1))
	for _, s := range gemmBenchShapes {
		name := fmt.Sprintf("m=%d,n=%d,k=%d", s.m, s.n, s.k)
		if s.ta == Trans {
			name += ",ta=1"
		}
		if s.tb == Trans {
			name += ",tb=1"
		}
		if s.beta != 0 {
			name += fmt.Sprintf(",beta=%g", s.beta)
		}
		b.Run(name, func(b *testing.B) {
			v := benchVectors(max(s.m*s.k, s.k*s.n, s.m*s.n), 3)
			ar, ac := stored(s.m, s.k, s.ta)
			br, bc := stored(s.k, s.n, s.tb)
			a := Matrix{Rows: ar, Cols: ac, Stride: ac, Data: v[0]}
			bm := Matrix{Rows: br, Cols: bc, Stride: bc, Data: v[1]}
			c := Matrix{Rows: s.m, Cols: s.n, Stride: s.n, Data: v[2]}
			benchEachImpl(b, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					Sgemm(c, 1, a, s.ta, bm, s.tb, s.beta)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		})
	}
}

func BenchmarkSgemv(b *testing.B) {
	for _, ta := range transposes {
		m, n := 128, 784
		b.Run(fmt.Sprintf("m=%d,n=%d,ta=%d", m, n, ta), func(b *testing.B) {
			v := benchVectors(m*n, 3)
			a := Matrix{Rows: m, Cols: n, Stride: n, Data: v[0]}
			x, y := v[1][:n], v[2][:m]
			if ta == Trans {
				a = Matrix{Rows: n, Cols: m, Stride: m, Data: v[0]}
			}
			benchEachImpl(b, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					Sgemv(y, 1, a, ta, x, 0)
				}
				b.ReportMetric(2*float64(m*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		})
	}
}

func BenchmarkSger(b *testing.B) {
	m, n := 784, 128
	b.Run(fmt.Sprintf("m=%d,n=%d", m, n), func(b *testing.B) {
		v := benchVectors(m*n, 3)
		a := Matrix{Rows: m, Cols: n, Stride: n, Data: v[0]}
		benchEachImpl(b, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Sger(a, 1e-6, v[1][:m], v[2][:n])
			}
			b.ReportMetric(2*float64(m*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	})
}

func BenchmarkAllFinite(b *testing.B) {
	benchElementwise(b, 0, func(d []float32, _ [][]float32) { _ = AllFinite(d) })
}
func BenchmarkAdamStep(b *testing.B) {
	benchElementwise(b, 3, func(d []float32, in [][]float32) {
		AdamStep(d, in[0], in[1], in[2], 1e-3, 0.9, 0.999, 1.1, 1.01, 1e-8)
	})
}

// BenchmarkGemmInt8: the dense layers of a 784-128-10 MLP at batch 1 and 64
// and a square, weights in [−127, 127] as quant makes them; GOP/s counts 2
// per multiply-add.
func BenchmarkGemmInt8(b *testing.B) {
	for _, s := range []struct{ m, n, k int }{{1, 128, 784}, {64, 128, 784}, {256, 10, 128}, {512, 512, 512}} {
		b.Run(fmt.Sprintf("m=%d,n=%d,k=%d", s.m, s.n, s.k), func(b *testing.B) {
			w := make([]int8, s.k*s.n)
			for i := range w {
				w[i] = max(int8(i*13+5), -127)
			}
			a := make([]int8, s.m*s.k)
			for i := range a {
				a[i] = int8(i*7 - 100)
			}
			pw := PackInt8(w, s.k, s.n, s.n, nil)
			dst := make([]int32, s.m*s.n)
			benchEachImpl(b, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					GemmInt8(dst, s.n, a, s.k, s.m, pw)
				}
				b.ReportMetric(float64(2*s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GOP/s")
			})
		})
	}
}

// BenchmarkQuantizeInt8 and BenchmarkRequantize: one MLP input row (784
// pixels k/255, none on a rounding tie) and one hidden layer's outputs (128).
func BenchmarkQuantizeInt8(b *testing.B) {
	x := benchVectors(784, 1)[0]
	for i := range x {
		x[i] = float32(i*7919%256) / 255
	}
	dst := make([]int8, 784)
	benchEachImpl(b, func(b *testing.B) {
		for b.Loop() {
			QuantizeInt8(dst, x, 1.0/255, -128)
		}
		b.ReportMetric(784*float64(b.N)/b.Elapsed().Seconds()/1e9, "elem/ns")
	})
}

func BenchmarkRequantize(b *testing.B) {
	const n = 128
	mult, shift, acc := make([]int32, n), make([]int32, n), make([]int32, n)
	for i := range mult {
		mult[i], shift[i], acc[i] = 1<<30+int32(i)*9973, -7, int32(i*1234567)
	}
	q, err := NewRequant(n, mult, shift, -5, -128, 127)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]int8, n)
	benchEachImpl(b, func(b *testing.B) {
		for b.Loop() {
			Requantize(dst, acc, q)
		}
		b.ReportMetric(n*float64(b.N)/b.Elapsed().Seconds()/1e9, "elem/ns")
	})
}

// BenchmarkSgemmPacked times SgemmPacked on cmd/bench's sgemm_packed shapes:
// the MLP's forward layers with W packed once (bias and ReLU fused), and
// dX = dY·Wᵀ with Wᵀ packed once. The packing is outside the loop.
func BenchmarkSgemmPacked(b *testing.B) {
	defer SetThreads(SetThreads(1))
	for _, s := range []struct {
		m, n, k int
		tw      Transpose
	}{{1, 128, 784, NoTrans}, {32, 128, 784, NoTrans}, {64, 128, 784, NoTrans}, {32, 784, 128, Trans}} {
		name := fmt.Sprintf("m=%d,n=%d,k=%d", s.m, s.n, s.k)
		if s.tw == Trans {
			name += ",tb=1"
		}
		b.Run(name, func(b *testing.B) {
			v := benchVectors(max(s.m*s.k, s.k*s.n, s.m*s.n), 4)
			wr, wc := stored(s.k, s.n, s.tw)
			a := Matrix{Rows: s.m, Cols: s.k, Stride: s.k, Data: v[0]}
			w := Matrix{Rows: wr, Cols: wc, Stride: wc, Data: v[1]}
			c := Matrix{Rows: s.m, Cols: s.n, Stride: s.n, Data: v[2]}
			ep := Epilogue{Bias: v[3][:s.n], Act: ActReLU}
			if s.tw == Trans {
				ep = Epilogue{}
			}
			benchEachImpl(b, func(b *testing.B) {
				var p PackedMatrix
				p.Pack(w, s.tw)
				b.ReportAllocs()
				for b.Loop() {
					SgemmPacked(c, 1, a, NoTrans, &p, 0, ep)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		})
	}
}
