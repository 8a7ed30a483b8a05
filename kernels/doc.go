// Package kernels is the registry of simdnn's implementation tiers and the
// catalogue of its kernels: for each, the Go loop it computes, the accuracy
// bound the tests enforce, and one row per tier (assembly symbol, tile or
// step, required CPU features). How each tier's assembly works is written
// at its section header in kernels_<arch>.s; measured speed is what
// cmd/bench prints (the README shows one run).
//
// # Tiers
//
// A tier is a set of kernel implementations that need the same CPU features.
// The tiers of one architecture form a chain; every kernel runs the highest
// enabled tier that has a variant of it, else the next one down:
//
//	amd64:  Generic < AVX2 (AVX2 + FMA) < AVX512 (AVX-512 F, BW, DQ, VL)
//	        < AVX512VNNI (AVX512 + AVX-512 VNNI; int8 kernels only)
//	arm64:  Generic < NEON (ASIMD, the arm64 baseline)
//	        < NEONDotProd (NEON + ASIMDDP, Armv8.2 SDOT; int8 kernels only)
//	others: Generic (pure Go)
//
// Detection uses golang.org/x/sys/cpu once at start-up, so GODEBUG switches
// apply: cpu.avx512f=off drops AVX512 and AVX512VNNI, cpu.avx2=off drops
// every amd64 tier, cpu.avx512vnni=off drops AVX512VNNI (the Go runtime warns
// that it does not know that name; x/sys/cpu applies it), cpu.asimd=off
// drops NEON and NEONDotProd, cpu.asimddp=off drops NEONDotProd. The build
// tags purego and noasm remove all assembly. Within a process, [Select] caps
// the level (tests, fuzzing, benchmarks, workarounds) and [Reset] restores
// detection. Every tier is tested against Generic on the machine that runs
// the tests.
//
// Every asm call does bounded work (at most 16384 elements, or one column
// of Sgemm tiles over one cache block of k); the loop over calls is Go. "Under AVX512" in a row
// below means the AVX512 tier runs that AVX2 code.
//
// # Accuracy notation
//
// ε is 2⁻²³, the float32 machine epsilon; an ulp of a value v is the
// float32 spacing at |v| (2⁻¹⁴⁹ below 2⁻¹²⁶). "Exact" means every tier
// returns the same bits as Generic (any NaN matching any NaN). A float bound
// B against the float64 result of the contract holds for every tier; two
// tiers then differ by at most 2B. Functions are bounded in ulps of the
// float64 result, with an absolute floor only where that result is near 0.
// Sums, whose result can cancel to 0, are bounded relative to the sum of
// the magnitudes of their terms: (n+1)·ε·Σ|terms| is about n+1 ulps of
// Σ|terms|. Where a float32 partial sum can overflow (Σ|terms|
// beyond MaxFloat32), or a scaled operand such as alpha·x[j] can, the result
// may be ±Inf or NaN depending on the order of operations; such inputs are
// outside the bounds. Where partial results are subnormal, each rounding may
// also lose half a subnormal step: the sum bounds carry one 2⁻¹⁴⁹ per term
// for that.
//
// # Sgemm
//
//	for i := range dst.Rows { for j := range dst.Cols {
//		var s float32
//		for l := range k { s += opA[i][l] * opB[l][j] }
//		dst[i][j] = alpha*s + beta*dst[i][j]   // beta == 0: dst not read
//	}}
//
// op(X) is X or Xᵀ; alpha == 0 or k == 0 only scales dst by beta. A one-row
// dst with op(a) = a, or a one-column contiguous dst with a contiguous column
// of op(b), goes to Sgemv. Results do not depend on the thread count.
//
//	Bound: |Δ| ≤ (k+2)·(ε·(|alpha|·Σₗ|opA[i][l]·opB[l][j]| + |beta·dst[i][j]|) + 2⁻¹⁴⁹),
//	       plus 2⁻¹⁴⁹·Σₗ(|opA[i][l]| + |opB[l][j]|) where Sgemv does the work.
//
//	tier     symbol            tile (mr×nr)  requires
//	Generic  sgemmKernelGeneric  4×4         -
//	AVX2     sgemm6x16AVX2       6×16        AVX, AVX2, FMA   (packing: packTAVX2, packRowsAVX2)
//	AVX512   sgemm8x32AVX512     8×32        AVX512F  (unless the AVX2 kernel computes less
//	                                         padding: gemmWork; packing: packTAVX2, packRowsAVX2)
//	NEON     sgemm8x12NEON       8×12        ASIMD
//
// Narrow products (2 ≤ m, 2 ≤ n ≤ 11, op(a) = a) on the AVX2 and AVX512
// tiers take a dot-product kernel instead: rows of A in place, op(b)ᵀ
// packed once per call, 2 rows × 5 columns per step, k in 8 lanes summed
// at the end (sgemm_narrow.go).
//
//	tier     symbol            tile          requires
//	AVX2     sgemmDot2x5AVX2     2×5         AVX, AVX2, FMA (under AVX512)
//
// # Sgemv
//
//	y[i] = alpha * Σⱼ opA[i][j]*x[j] + beta*y[i]   // beta == 0: y not read
//
//	Bound: as Sgemm with k = len(x), plus 2⁻¹⁴⁹·Σⱼ|opA[i][j]|.
//
//	tier     symbol                    step                           requires
//	Generic  (Sdot / Saxpy per row)    one row                        -
//	AVX2     sgemv4AVX2, sgemvTAVX2    4 rows; strips of ≤ 32 cols    AVX, AVX2, FMA (under AVX512)
//	NEON     sgemv4NEON, sgemvTNEON    4 rows; strips of 16, 4 cols   ASIMD
//
// # Sger
//
//	a[i][j] += (alpha*x[i]) * y[j]
//
//	Bound: |Δ| ≤ 3·ε·(|alpha·x[i]·y[j]| + |a[i][j]|) + 2⁻¹⁴⁹·(1 + |y[j]|).
//
//	tier     symbol               step           requires
//	Generic  (Saxpy per row)      one row        -
//	AVX2     sgerAVX2             rows, 32 cols  AVX, AVX2, FMA (under AVX512)
//	NEON     sgerNEON             rows, 16 cols  ASIMD
//
// # Saxpy
//
//	for i := range x { dst[i] += alpha * x[i] }
//
//	Bound: |Δ| ≤ ε·(|alpha·x[i]| + |dst[i]|); exact when alpha·x[i] is exact.
//
//	tier     symbol        step  requires
//	Generic  saxpyGeneric  1     -
//	AVX2     saxpyAVX2     32    AVX, AVX2, FMA
//	AVX512   saxpyAVX512   64    AVX512F
//	NEON     saxpyNEON     16    ASIMD
//
// # Sdot
//
//	var s float32; for i := range x { s += x[i] * y[i] }; return s
//
//	Bound: |Δ| ≤ (n+1)·(ε·Σᵢ|x[i]·y[i]| + 2⁻¹⁴⁹).
//
//	tier     symbol       step  requires
//	Generic  sdotGeneric  4     -
//	AVX2     sdotAVX2     64    AVX, AVX2, FMA
//	AVX512   sdotAVX512   64    AVX512F
//	NEON     sdotNEON     16    ASIMD
//
// AllFinite(x) is Sdot of 4096-element blocks of x with zeros (x·0 is NaN
// for ±Inf and NaN): no kernel of its own. Exact. From 2¹⁵ elements it is
// split across threads like AdamStep.
//
// # Sscal
//
//	for i := range x { x[i] *= alpha }     Exact.
//
//	tier     symbol        step  requires
//	Generic  sscalGeneric  1     -
//	AVX2     sscalAVX2     32    AVX, AVX2, FMA (under AVX512)
//	NEON     sscalNEON     16    ASIMD
//
// # AddBias and SumRows
//
//	AddBias: dst[i][j] += b[j]                 Exact.
//	SumRows: dst[j] += Σᵢ x[i][j]              Exact against Generic (rows added in order);
//	                                           |Δ| ≤ (rows+1)·(ε·(|dst[j]| + Σᵢ|x[i][j]|) + 2⁻¹⁴⁹)
//
//	tier     symbol                    step                         requires
//	Generic  addBiasGeneric, sumRowsGeneric  one row               -
//	AVX2     (Saxpy), sumRowsAVX2      rows; strips of 32, 8 cols   AVX, AVX2, FMA (under AVX512)
//	NEON     (Saxpy), sumRowsNEON      rows; strips of 16, 4 cols   ASIMD
//
// AddBias on contiguous rows narrower than 16 (an output layer of 10
// classes) runs one Saxpy per 16 rows, against the bias repeated 16 times.
//
// # SgemmEpilogue
//
//	dst = act(alpha·op(a)·op(b) + beta·dst + bias)   Exact against Sgemm, then AddBias,
//	                                                 then the activation, on the same tier.
//
// No kernel of its own: the Sgemm driver applies AddBias's and the
// activation's kernels to each mc×nc block of dst after the block's last
// k-slice (a thread share to its own blocks, with its columns of the bias);
// one-row and narrow products get them after the product.
//
// # SgemmPacked
//
//	dst = act(alpha·op(a)·b + beta·dst + bias), b = op(w) packed    Exact against SgemmEpilogue
//	                                                 on op(w) stored row-major, same tier and threads.
//
// No kernel of its own: PackedMatrix.Pack copies op(w) once into panels of
// the tier's width (the lcm of its kernels' nr and gemvTWide: 32 on AVX2 and
// AVX512, 48 on NEON, 32 for Generic on amd64), each k-major over the whole
// depth, padded with zeros; the Sgemm driver reads a kc×nr block of a panel
// where it would read a packed or in-place B block (p.ldb = the width). A
// one-row product runs Sgemv per panel (the strips a row-major op(w) would
// meet); a matrix of at most one panel is stored row-major and takes
// Sgemm's own paths. Zen 4, one core (cmd/bench, GFLOP/s, SgemmEpilogue →
// SgemmPacked): dX m=32 n=784 k=128 from Wᵀ 90 → 102 (no per-call packing);
// the forward layers (m ≤ 96, where Sgemm reads W in place) unchanged.
//
// # Sigmoid, Tanh
//
//	Sigmoid: dst[i] = 1 / (1 + exp(-x[i]))
//	Tanh:    dst[i] = tanh(x[i])
//
// NaN in gives NaN out; ±Inf and huge inputs saturate to the limits, never
// NaN. Generic: Sigmoid is 1/(1+e) or e/(1+e) of e = exp(-|x|) (expNeg);
// Tanh returns x where |x| < 2⁻¹², the odd polynomial x + x³·p(x²) where
// |x| < 0.625, and (1-e)/(1+e) of e = exp(-2|x|) beyond. AVX2 and AVX512:
// Sigmoid is e/(1+e) or 1 - e/(1+e), exp from an 8-entry table of 2^(j/8)
// and a degree-3 polynomial (kernels_amd64.s). NEON: Sigmoid is 1/(1+e) of
// e = exp(-x) with a degree-6 polynomial and a Newton reciprocal. AVX2,
// AVX512 and NEON: Tanh is -m/(2+m) of m = expm1(-2|x|), accurate near 0
// without a second branch.
//
//	Bound: ≤ 4 ulp of the float64 result for every float32 input, or
//	       |Δ| ≤ 2⁻¹²⁶ where the result is below 2⁻¹²⁶ (exp is flushed to 0
//	       below about ln 2⁻¹²⁶). Tested on every tier over the whole float32
//	       range, strided, and every input in [-2, 2] (SIMDNN_LONG=1).
//	       Worst seen with SIMDNN_LONG=1 (2026-11-30): Sigmoid 2.78 ulp
//	       (AVX2, AVX512), 2.31 (Generic), 2.92 (NEON, qemu, default sweep);
//	       Tanh 2.44 (AVX2, AVX512), 1.51 (Generic), 2.44 (NEON, default sweep).
//
//	tier     symbol                        step  requires
//	Generic  sigmoidGeneric, tanhGeneric   1     -
//	AVX2     sigmoidAVX2, tanhAVX2         8     AVX, AVX2, FMA
//	AVX512   sigmoidAVX512, tanhAVX512     16    AVX512F (bit for bit AVX2)
//	NEON     sigmoidNEON, tanhNEON         24, 16  ASIMD
//
// # SigmoidGrad, TanhGrad, Relu, ReluGrad
//
//	SigmoidGrad: dst[i] = dy[i] * y[i] * (1 - y[i])     |Δ| ≤ 4ε·|dy·y|·(1+|y|)
//	TanhGrad:    dst[i] = dy[i] * (1 - y[i]*y[i])       |Δ| ≤ 4ε·|dy|·(1+y²)
//	Relu:        dst[i] = x[i] if x[i] > 0 or NaN, else +0          Exact.
//	ReluGrad:    dst[i] = dy[i] if y[i] > 0, NaN if y[i] is NaN, else 0   Exact.
//
// The grad bounds assume y from the activation's range; a subnormal result
// may differ by one subnormal step. Each tier rounds the grads as Generic
// compiled for its architecture does, so they match it bit for bit.
//
//	tier     symbol                                                  step  requires
//	Generic  sigmoidGradGeneric, tanhGradGeneric, reluGeneric, reluGradGeneric  1  -
//	AVX2     sigmoidGradAVX2, tanhGradAVX2, reluAVX2, reluGradAVX2   32    AVX, AVX2, FMA (under AVX512)
//	NEON     sigmoidGradNEON, tanhGradNEON, reluNEON, reluGradNEON   16    ASIMD
//
// # Softmax
//
//	m := max(x[i][:]); dst[i][j] = exp(x[i][j]-m) / Σⱼ exp(x[i][j]-m)
//
// A row holding +Inf shares 1 equally among its +Inf entries; a row of only
// -Inf is uniform; any NaN makes the whole row NaN. The special rows are Go
// (shared by every tier); the tier finds the maximum (rows of 16 or more:
// maxNaNAVX2 inside the one-call rows on amd64, maxNaNNEON on arm64; Go for
// shorter rows), computes exp(x-m) and its sum, and multiplies by 1/sum. On amd64 a row of 16 or more is one call (softmaxRowAVX2,
// softmaxRowAVX512: scan, exponentials, scaling; the bits of the separate
// calls). Shorter rows stay with the separate calls: the one-call row's
// fixed costs (two reductions, a division, masked stores) made 64×10
// slower (0.27 -> 0.25 elem/ns on Zen 4).
//
//	Bound: relative (cols+8+|x[i][j]-m|)·ε, plus 1e-37 absolute where the result underflows.
//
//	tier     symbol                               step  requires
//	Generic  softmaxGeneric                       1     -
//	AVX2     softmaxRowAVX2 (expSubSumAVX2)       8     AVX, AVX2, FMA
//	AVX512   softmaxRowAVX512 (expSubSumAVX512)   16    AVX512F (exponentials bit for bit AVX2)
//	NEON     maxNaNNEON, expSubSumNEON, sscalNEON 16    ASIMD (three calls per row)
//
// # AdamStep
//
//	m[i] = b1·m[i] + (1-b1)·g[i];  v[i] = b2·v[i] + (1-b2)·g[i]²
//	p[i] -= (m[i]·c1) / (√(v[i]·c2) + eps) · lr
//
// lr is applied last, so that a small lr cannot push the quotient's
// numerator into the subnormal range; c1, c2 are the caller's bias
// corrections. It reports whether every new p, m and v is finite — exactly,
// on every tier: each sums x - x (0, or NaN for ±Inf and NaN) over its new
// values, and lanes past n do not count.
//
// The AVX2 kernel (also under AVX512) runs with subnormals flushed to zero
// (MXCSR FTZ and DAZ, the caller's control word restored on return) when
// eps ≥ 1e-10: late in training, gradients and second moments go
// subnormal, and there the update ran 1.6-1.8× slower on Zen 4 (cmd/mnist's
// later epochs 0.32-0.34 s against 0.31 flushed, one thread). With a
// smaller eps a flushed v could make the denominator 0, so it does not
// flush.
//
//	Bound, with u the step and den = √(v'·c2)+eps: |Δm| ≤ 4ε(|b1·m|+|(1-b1)·g|),
//	|Δv| ≤ 4ε(|b2·v|+|(1-b2)·g²|), |Δp| ≤ 2ε|p'| + 16ε|u| + (lr·c1/den)·|Δm|
//	(plus 2⁻¹²⁵ in m and v, and in p, for flushed subnormals).
//
//	tier     symbol            step  requires
//	Generic  adamStepGeneric   1     -
//	AVX2     adamStepAVX2      8     AVX, AVX2, FMA (under AVX512)
//	NEON     adamStepNEON      16    ASIMD
//
// # PeakFMA
//
// A register-only throughput probe for cmd/bench; it returns the flops done
// and computes nothing useful.
//
//	tier     symbol           FMAs per iteration  requires
//	Generic  peakFMAGeneric   8 scalar            -
//	AVX2     peakFMAAVX2      12 ymm              AVX, AVX2, FMA
//	AVX512   peakFMAAVX512    24 zmm              AVX512F
//	NEON     peakFMANEON      24 .4s              ASIMD
//
// # GemmInt8
//
//	for i := range m { for j := range n {
//		var s int32 = bias[j]
//		for l := range k { s += int32(a[i][l]) * int32(w[l][j]) }
//		dst[i][j] = s
//	}}
//
// w is packed once (PackInt8): columns in panels of 16, k in groups of 4,
// panel count even, padding zero; the bias carries any zero-point
// correction (−z_a·Σₗ w[l][j]). k ≤ 131 071, so no sum of products can
// overflow int32. Rows whose last group of 4 bytes would lie past the end of
// a (k not a multiple of 4, a slice ending at the last row) go to Generic.
//
//	Bound: exact (int32, every tier the same bits).
//
//	tier         symbol                 tile (rows×cols)    requires
//	Generic      gemmInt8Generic        1×16                -
//	AVX2         gemmInt8AVX2s{4,2,1}   4×16 (2, 1 rows)    AVX, AVX2 (under AVX512); weights in [−127, 127]
//	             gemmInt8AVX2x{4,2,1}   4×8 (2, 1 rows)     the same, weights with −128
//	AVX512VNNI   gemmInt8VNNI{8,4,2,1}  8×32 (4, 2, 1 rows) AVX512F, AVX512BW, AVX512VNNI
//	NEON         gemmInt8NEON{2,1}      2×16 (1 row)        ASIMD
//	NEONDotProd  gemmInt8Dot{4,2,1}     4×16 (2, 1 rows)    ASIMD, ASIMDDP
//
// The NEON tiers store whole 16-column rows: edge columns go through a
// scratch tile that Go copies out.
//
// # Requantize, QuantizeInt8
//
//	Requantize:   dst[j] = clamp(MBQM(acc[j], mult[j], shift[j]) + zero, lo, hi)
//	QuantizeInt8: dst[i] = clamp(round(x[i]/scale) + zero, −128, 127)
//
// MBQM is TFLite's reference MultiplyByQuantizedMultiplier: the saturating
// rounding doubling high multiply of acc·2^max(shift,0) (wrapping) by the
// Q31 multiplier, ties toward +∞, then a divide by 2^max(−shift,0) rounding
// ties away from zero. QuantizeInt8 divides in float32 and rounds ties away
// from zero (TFLite's Quantize op); NaN gives zero.
//
//	Bound: exact (every tier the same bits as Generic, and Generic the same
//	as a transcription of TFLite's reference functions).
//
//	tier     symbol                       step  requires
//	Generic  requantGeneric, quantizeOne  1     -
//	AVX2     requantAVX2, quantizeAVX2    8     AVX, AVX2 (under AVX512, AVX512VNNI)
//	NEON     requantNEON, quantizeNEON    8     ASIMD (under NEONDotProd)
//
// # PeakInt8
//
// A register-only probe of the int8 GEMM's multiply-add sequence for
// cmd/bench; it returns the integer operations done.
//
//	tier        symbol        per iteration                  requires
//	AVX2        peakInt8AVX2  8 ymm VPMADDUBSW+VPMADDWD+VPADDD  AVX, AVX2 (under AVX512)
//	AVX512VNNI  peakInt8VNNI  24 zmm VPDPBUSD                AVX512F, AVX512VNNI
//	NEON        peakInt8NEON  8 × (SMULL, SMULL2, 2 SADALP)  ASIMD
//	NEONDotProd peakInt8Dot   24 SDOT                        ASIMD, ASIMDDP
package kernels
