// Package kernels is the registry of simdnn's implementation tiers and the
// catalogue of its kernels.
//
// # Tiers
//
// A tier is a set of kernel implementations that need the same CPU features.
// The tiers of one architecture form a chain, and every kernel runs the
// highest enabled tier that has a variant of it, falling through to the next
// one down otherwise:
//
//	amd64:  Generic < AVX2 (AVX2 + FMA) < AVX512 (AVX-512 F, BW, DQ, VL)
//	arm64:  Generic < NEON (ASIMD, the arm64 baseline)
//	others: Generic (pure Go)
//
// Detection uses golang.org/x/sys/cpu once at start-up, so GODEBUG switches
// apply: GODEBUG=cpu.avx512=off drops AVX512, cpu.avx2=off drops AVX2 and
// AVX512, cpu.asimd=off drops NEON. The build tags purego and noasm remove
// all assembly. Within a process, [Select] caps the level (tests, fuzzing,
// benchmarks, workarounds) and [Reset] restores detection.
//
// Every tier is tested against Generic on the machine that runs the tests
// (root package tests and package fuzz), with the bounds below. AVX512 has
// its own kernels where the wider vector pays (Sgemm, Saxpy, Sdot and the
// exp-based Sigmoid, Tanh and Softmax) and falls through to AVX2 for the
// memory-bound ones (grads, Relu, Sscal, AddBias, SumRows, Sgemv, Sger,
// AdamStep), which 16-lane code would not speed up on Zen 4's 256-bit data
// paths. With no AVX-512 host here, .ci/avx512/run.sh runs the tests on an
// emulated Skylake-X (Bochs); speed: kernels/mca_amd64.sh.
//
// # Accuracy notation
//
// ε is 2⁻²³, the float32 machine epsilon. "Exact" means every tier returns
// the same bits as Generic (any NaN matching any NaN). A float bound B against
// the float64 result of the contract holds for every tier; two tiers then
// differ by at most 2B. Where a float32 partial sum can overflow (Σ|terms|
// beyond MaxFloat32), or a scaled operand such as alpha·x[j] can, the result
// may be ±Inf or NaN depending on the order of operations; such inputs are
// outside the bounds. Where partial results are
// subnormal, each rounding may also lose half a subnormal step: the sum
// bounds below carry one 2⁻¹⁴⁹ per term for that.
//
// # Sgemm
//
//	for i := range dst.Rows { for j := range dst.Cols {
//		var s float32
//		for l := range k { s += opA[i][l] * opB[l][j] }
//		dst[i][j] = alpha*s + beta*dst[i][j]   // beta == 0: dst not read
//	}}
//
// op(X) is X or Xᵀ (Transpose); alpha == 0 or k == 0 only scales dst by beta.
// Structure: a Go driver blocks kc×mc×nc from the cache sizes (cpuid; 32 KiB,
// 512 KiB, 4 MiB when unknown), packs op(A) into mr-row panels and op(B) into
// nr-column panels (zero-padded edges), and calls one microkernel per mr×nr
// tile; transposes and strides are handled by packing only. A row-major B
// is read in place, unpacked, when m ≤ 96 (full-width panels only). A
// one-row dst with op(a) = a, or a one-column contiguous dst with a
// contiguous column of op(b), goes to Sgemv instead.
// Tiles: Generic 4×4 (Go). AVX2: 6×16, 12 ymm accumulators, edge tiles
// stored with VMASKMOVPS (rows < m, columns < n only); reads a row-major A in
// place when n ≤ 64, and op(a) = aᵀ in place (k-major, like a packed panel)
// when n ≤ 256; Requires: AVX, AVX2, FMA. AVX512: 12×32
// (sgemm12x32AVX512), 24 zmm accumulators, each k step two B loads and 24
// FMAs that broadcast A[k][r] from memory themselves; edge tiles computed in full from the zero-padded
// panel and stored through opmasks (rows < m, columns < n only); op(a) = aᵀ
// read in place when n ≤ 256, a row-major A always packed; Requires: AVX512F
// (tested under Bochs, see .ci/avx512/run.sh; speed only on paper:
// kernels/mca_amd64.sh, 24.0 cycles per k step on znver4 = 100 % of the
// model's FMA rate, 13.0 on skylake-avx512 = 92 %, load-port bound there).
// NEON: 8×12 (sgemm8x12NEON), 24 q-register accumulators v8–v31, each k
// step two ld1 (A[k][0:8], B[k][0:12]) and 24 fmla by element; edge tiles
// stored with 4-lane vectors while 4 columns are left, then single lanes;
// several full tiles per call; op(a) = aᵀ read in place (k-major) when
// n ≤ 256, A packed otherwise; Requires: ASIMD. Predicted
// by kernels/mca.sh (llvm-mca-19 -mtriple=aarch64 -mcpu=cortex-a72 and
// -mcpu=neoverse-n1 on the k loop taken from the built binary): Cortex-A72
// 24.0 cycles per k, 1.00 fmla.4s per cycle, 100 % of the model's peak
// (one 128-bit fmla per cycle: two 64-bit FP pipes; 50 % of 2 per cycle);
// Neoverse-N1 (A76 class) 12.0 cycles per k, 2.00 fmla.4s per cycle, 100 %
// of its 2 per cycle.
// Threads: a product of at least 2²² flops is split into whole tiles of dst
// rows (or of columns, for a wide short dst) over simdnn.Threads()
// goroutines of a persistent pool (SetThreads; 1 = the caller only). Every
// element is computed by the same operations in the same order whatever the
// split, so results are bit-identical to one thread (tested).
// Bound: |Δ| ≤ (k+2)·(ε·(|alpha|·Σₗ|opA[i][l]·opB[l][j]| + |beta·dst[i][j]|) + 2⁻¹⁴⁹),
// plus 2⁻¹⁴⁹·Σₗ(|opA[i][l]| + |opB[l][j]|) for one-row and one-column
// products, which go through Sgemv.
//
// # Sgemv
//
//	y[i] = alpha * Σⱼ opA[i][j]*x[j] + beta*y[i]   // beta == 0: y not read
//
// Generic: row by row on Sdot (NoTrans) or Saxpy (Trans), one call per
// row. NEON (Requires: ASIMD): NoTrans four rows per call sharing the loads
// of x (8 columns per iteration in 8 accumulators, then 4, then the last
// 1–3 columns gathered one lane per row; at most 16384 columns per call),
// remaining rows by Sdot; Trans in strips of 16, then 4, columns whose sums
// stay in registers over up to 1024 rows per call, two rows per iteration,
// the last len(y)%4 columns in Go. AVX2 (also under AVX512):
// NoTrans four rows per call sharing the loads of x (16 columns per
// iteration, 8 accumulators, masked tail; at most 16384 columns per call),
// remaining rows by Sdot; Trans in strips of 32 columns whose sums stay in
// 8 ymm registers over up to 1024 rows per call (masked narrow strips).
// Requires: AVX, AVX2, FMA. Bound: as Sgemm with k = len(x), plus
// 2⁻¹⁴⁹·Σⱼ|opA[i][j]| (the Saxpy path rounds alpha·x[j] first, which may
// lose half a subnormal step that opA then scales).
//
// # Sger
//
//	a[i][j] += (alpha*x[i]) * y[j]
//
// Generic: row by row on the current Saxpy. AVX2 (also under AVX512): many
// rows per call (at most 16384 elements), 32 columns per iteration, then 8,
// then a masked tail; Requires: AVX, AVX2, FMA. NEON: the same row grouping,
// 16 columns per iteration, then 4, then scalar, alpha·x[i] rounded then
// fused (bit for bit Generic's Saxpy on arm64); Requires: ASIMD.
// Bound: |Δ| ≤ 3·ε·(|alpha·x[i]·y[j]| + |a[i][j]|) + 2⁻¹⁴⁹·(1 + |y[j]|).
//
// # Saxpy
//
//	for i := range x { dst[i] += alpha * x[i] }
//
// Tiers: Generic (Go; fused on arm64 by the compiler). AVX2: 32 floats per
// iteration, then 8, then a VMASKMOVPS tail; Requires: AVX, AVX2, FMA.
// AVX512: 64 per iteration, then 16, then an opmask tail; Requires: AVX512F.
// NEON: 16 per iteration, then 4, then scalar; Requires: ASIMD. Every asm
// call handles at most 16384 elements; the loop over chunks is Go.
// Bound: |Δ| ≤ ε·(|alpha·x[i]| + |dst[i]|) (fused or not); exact when
// alpha·x[i] is exact, e.g. alpha = ±1.
//
// # Sdot
//
//	var s float32; for i := range x { s += x[i] * y[i] }; return s
//
// Tiers: Generic (Go, 4 partial sums). AVX2: 64 floats per iteration in 8
// accumulators, then 8, then a masked tail; Requires: AVX, AVX2, FMA. AVX512:
// 64 per iteration in 4 accumulators, then 16, then an opmask tail; Requires:
// AVX512F. NEON: 16 per iteration in 4 accumulators, then 4, then scalar;
// Requires: ASIMD. Chunks of at most 16384 elements, summed in Go.
// Bound: |Δ| ≤ (n+1)·(ε·Σᵢ|x[i]·y[i]| + 2⁻¹⁴⁹).
//
// # Sscal
//
//	for i := range x { x[i] *= alpha }
//
// Tiers: Generic (Go). AVX2 (also under AVX512): 32 floats per iteration,
// then 8, then a VMASKMOVPS tail; Requires: AVX, AVX2, FMA. Chunks of at
// most 16384 elements. NEON: 16 per iteration, then 4, then 1–3 lanes one by
// one; Requires: ASIMD. Exact.
//
// # AddBias and SumRows
//
//	AddBias: dst[i][j] += b[j]                 Exact.
//	SumRows: dst[j] += Σᵢ x[i][j]              |Δ| ≤ (rows+1)·(ε·(|dst[j]| + Σᵢ|x[i][j]|) + 2⁻¹⁴⁹)
//
// Tiers: Generic (Go, row by row). AVX2 (also under AVX512), Requires: AVX,
// AVX2, FMA: AddBias runs Saxpy with alpha = 1 on each row's first cols/8·8
// columns (a fused 1·b + dst rounds like b + dst) and adds the last cols%8
// in Go; rows narrower than 16 go to Generic. SumRows sums strips of 32
// columns (4 ymm accumulators, one row per iteration), then of 8, down at
// most 512 rows per asm call, keeping the sums in registers; the last cols%8
// columns are summed in Go. Both add in Generic's order, so SumRows matches
// Generic bit for bit as well. No VMASKMOVPS: once per row it costs more on
// Zen 1 than the scalar tail. NEON (Requires: ASIMD): AddBias runs Saxpy
// with alpha = 1 on whole rows of at least 16 columns (Generic below);
// SumRows sums strips of 16 columns, then 4, down at most 1024 rows per
// call in row order, the last cols%4 columns in Go: bit for bit Generic too.
//
// # Sigmoid, Tanh
//
//	Sigmoid: dst[i] = 1 / (1 + exp(-x[i]))
//	Tanh:    dst[i] = tanh(x[i])
//
// Both evaluate e = exp(-|x|) (Tanh: exp(-2|x|)) with a Cody–Waite range
// reduction and a degree-6 polynomial, then 1/(1+e) or e/(1+e) (Sigmoid),
// (1-e)/(1+e) with the sign of x (Tanh; |x| < 2⁻¹² returns x). NaN in gives
// NaN out, ±Inf and huge inputs saturate to the limits, never NaN.
// Sigmoid tiers: Generic; AVX2: the same reduction and polynomial 8 lanes
// at a time with VDIVPS for 1/(1+e) and e·(1/(1+e)) for x < 0, masked tail;
// Requires: AVX, AVX2, FMA. AVX512: the AVX2 operations in the same order on
// 16 zmm lanes (opmasks for the clamp, the sign choice and the tail; 2ⁿ
// applied by VSCALEFPS, the same single rounding as multiplying by 2ⁿ), so
// bit for bit the AVX2 results (TestExpAVX512SameAsAVX2, run under Bochs);
// Requires: AVX512F. Speed on paper (kernels/mca_amd64.sh, llvm-mca-19):
// AVX512 1.00 cycle per element on znver4 and skylake-avx512 (FMA pipes
// full: the degree-6 polynomial, reduction and divide), AVX2 1.66 on znver4. Tanh tiers: Generic; AVX2: the same exp on -2|x| 8
// lanes at a time, VDIVPS for (1-e)/(1+e), the sign of x OR-ed back, x kept
// where |x| < 2⁻¹² or NaN, masked tail; Requires: AVX, AVX2, FMA. AVX512: the
// same operations on 16 lanes, bit for bit the AVX2 results; Requires:
// AVX512F. NEON, Requires: ASIMD: Sigmoid
// computes 1/(1+exp(-x)) directly, x clamped to [-89, 88] so that exp is
// exactly 0 (x ≥ 88) or +Inf (x ≤ -88.4, giving exactly 0), n and r from
// one fmls-rounded ln2 (|Δr| ≤ |n|·1.9e-9), expNeg's polynomial by Horner
// fmla, 2ⁿ from the exponent bits of the rounding sum, and 1/(1+e) by
// frecpe and two frecps Newton steps; 24 lanes (6 vectors) per iteration,
// then 4, then 1–3 lanes loaded one by one. llvm-mca-19 on that loop
// (kernels/mca_vec.sh): 2.88 cycles per element on neoverse-n1 (69019
// cycles per 1000 iterations, IPC 2.43; bound by the dependency chain, the
// resources allow 2.5), 6.08 on cortex-a72. Tanh: expNeg's Cody–Waite exp of
// -2|x| with the clamp at -88 (e = 0 below), (1-e)·(1/(1+e)) with the same
// reciprocal, the sign of x inserted by bit, x kept where |x| < 2⁻¹² or NaN;
// 16 lanes per iteration (3.81 cycles per element on neoverse-n1).
// Bound: |Δ| ≤ 3e-7 absolute for every float32 input (tested on every tier
// over 10⁷ inputs in [-100, 100] and the special values; measured 8.9e-8;
// NEON under qemu -cpu max, 10⁷ inputs: Sigmoid 1.44e-7, Tanh 1.72e-7).
//
// # SigmoidGrad, TanhGrad, Relu, ReluGrad
//
//	SigmoidGrad: dst[i] = dy[i] * y[i] * (1 - y[i])     |Δ| ≤ 4ε·|dy·y|·(1+|y|)
//	TanhGrad:    dst[i] = dy[i] * (1 - y[i]*y[i])       |Δ| ≤ 4ε·|dy|·(1+y²)
//	Relu:        dst[i] = x[i] if x[i] > 0 or NaN, else +0          Exact.
//	ReluGrad:    dst[i] = dy[i] if y[i] > 0, NaN if y[i] is NaN, else 0   Exact.
//
// (The grad bounds assume y from the activation's range; a subnormal result
// may differ by one subnormal step.) Tiers: Generic (Go). AVX2 (also under
// AVX512): 32 floats per iteration, then 8, then a VMASKMOVPS tail, at most
// 16384 elements per call; Requires: AVX, AVX2, FMA. The grads round in
// Generic's order without fused operations, (dy·y)·(1-y) and dy·(1-y·y);
// Relu is a VCMPPS (not x ≤ 0) and an AND; ReluGrad two compares (y > 0,
// y unordered) selecting dy or y by AND/OR. NEON (Requires: ASIMD): 16 floats
// per iteration, then 4, then 1–3 lanes loaded and stored one by one, at
// most 16384 per call; the grads round as Generic compiled for arm64 does,
// which fuses 1-y·y (FMSUBS) but nothing in SigmoidGrad, so fmls there and
// plain fsub/fmul here: bit for bit equal to Generic on arm64. Relu is
// fcmle #0 and bic; ReluGrad fcmgt #0, fcmeq y, y, bic and bit.
//
// # Softmax
//
//	m := max(x[i][:]); dst[i][j] = exp(x[i][j]-m) / Σⱼ exp(x[i][j]-m)
//
// A row holding +Inf shares 1 equally among its +Inf entries; a row of only
// -Inf is uniform; any NaN makes the whole row NaN. exp is the Sigmoid one.
// Tiers: Generic (Go). AVX2, Requires: AVX, AVX2, FMA: the special rows and
// the maximum in Go (shared with Generic), then per chunk of at most 16384
// columns an asm kernel writing exp(x-m) 8 lanes at a time (Sigmoid's exp,
// masked tail) and returning their sum from 8 lane partial sums, then Sscal
// by 1/sum. AVX512, Requires: AVX512F: the same with 16 lanes (the AVX2
// exponentials bit for bit, the sum from 16 partial sums). NEON (Requires: ASIMD): the same split,
// the exponentials 16 lanes at a time with Tanh's exp (0 where x-m ≤ -88),
// summed in 4 vector partial sums, tail lanes filled with -Inf.
// Bound: relative (cols+8+|x[i][j]-m|)·ε (x-m is rounded to
// float32 first), plus 1e-37 absolute where the result underflows.
//
// # AdamStep
//
//	m[i] = b1·m[i] + (1-b1)·g[i];  v[i] = b2·v[i] + (1-b2)·g[i]²
//	p[i] -= (m[i]·c1) / (√(v[i]·c2) + eps) · lr
//
// One Adam update (lr applied last, so that a small lr cannot push the
// quotient's numerator into the subnormal range); c1, c2 are the caller's bias corrections. Tiers: Generic
// (Go); AVX2 (also under AVX512): 8 lanes per iteration with VSQRTPS and
// VDIVPS, masked tail, Requires: AVX, AVX2, FMA; NEON: 16 lanes per
// iteration with vector fsqrt and fdiv, then 4, then scalar, Requires:
// ASIMD. At most 16384 elements per asm call. Bound, with u the step and den = √(v'·c2)+eps: |Δm| ≤
// 4ε(|b1·m|+|(1-b1)·g|), |Δv| ≤ 4ε(|b2·v|+|(1-b2)·g²|), |Δp| ≤ 2ε|p'| +
// 16ε|u| + (lr·c1/den)·|Δm| (plus one subnormal step each).
//
// # PeakFMA
//
// A register-only throughput probe for cmd/bench: Generic runs 8 scalar
// multiply-add chains; AVX2 12 ymm VFMADD231PS; AVX512 24 zmm VFMADD231PS;
// NEON 24 fmla .4s. It returns the flops done; it computes nothing useful.
package kernels
