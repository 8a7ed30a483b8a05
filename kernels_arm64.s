//go:build gc && !purego && !noasm

// Kernels for package simdnn on arm64: the NEON tier (ASIMD, the arm64
// baseline). Declarations and the hooks that call them: kernels_arm64.go;
// the Go loops around them: the drivers named in dispatch.go; contracts and
// accuracy bounds: kernels/doc.go. Families in API order: Sgemm; BLAS-1/2
// (Sgemv, Sger, Saxpy, Sdot, SumRows); the exp family (Sigmoid, Tanh,
// Softmax); element-wise (Sscal, the gradients, Relu); the optimizer
// (AdamStep); the FMA probe.
//
// The Go assembler lacks most NEON arithmetic (vector fadd, fmul, frecpe, …):
// those instructions are WORDs with the GNU text beside them, "WORD $0x… //
// gnu" on plain lines (../shared/tools/arm64-encode writes them; asm2plan9s
// with `go generate` on an arm64 host) and "WORD $(base|reg<<shift) /* gnu
// with {reg} */" inside macros that work on register numbers. TestArm64Words
// decodes every one of them, in every macro expansion, and compares it with
// its text.

#include "textflag.h"
#include "go_asm.h"

// ===========================================================================
// Helpers. Kernels written as steps on register numbers apply a step macro
// STEP(k) to a range of registers: RANGE4(STEP, b) runs STEP(b) to STEP(b+3)
// in order, RANGE8 and RANGE24 likewise. Inside such steps every instruction
// is a WORD computed from the numbers (the Go assembler cannot build a
// register name from a number). Macros that name a function's arguments
// (GRAD_ARGS, GEMVT_STRIP) stand here, before every TEXT, because go vet
// checks an FP reference in a macro against the TEXT above it.

#define RANGE4(STEP, b) \
	STEP(b) \
	STEP(b+1) \
	STEP(b+2) \
	STEP(b+3)

#define RANGE8(STEP, b) \
	RANGE4(STEP, b) \
	RANGE4(STEP, b+4)

#define RANGE24(STEP, b) \
	RANGE8(STEP, b) \
	RANGE8(STEP, b+8) \
	RANGE8(STEP, b+16)

// VZERO(k): V(k) = 0.
#define VZERO(k) \
	WORD $(0x6e201c00|(k)|((k)<<5)|((k)<<16)) /* eor v{k}.16b, v{k}.16b, v{k}.16b */

// GRAD_ARGS loads the arguments of a gradient kernel, func(dst, y, dy
// *float32, n int), into the frame's registers (R0, R1, R3, R2) and 1 into
// V24 (here, before every TEXT, for go vet: it checks FP references in
// macros against the TEXT above them).
#define GRAD_ARGS \
	MOVD  dst+0(FP), R0 \
	MOVD  y+8(FP), R1 \
	MOVD  dy+16(FP), R3 \
	MOVD  n+24(FP), R2 \
	MOVW  $0x3f800000, R4 \
	VDUP  R4, V24.S4          // V24 = 1

// sgemvTNEON's strip (here for the same reason). One strip of sgemvTNEON on vectors k = 0–3 (EACH4: 16 columns) or k = 0
// (ONE: 4 columns): even rows summed in V(16+k), odd rows in V(20+k), a row
// l in V(2+k), row l+1 in V(6+k), y in V(27+k).
#define GEMVT_EVEN(k) \ // even += x[l]·a[l]
	WORD $(0x4e20cc00|(16+k)|((2+k)<<5)) /* fmla v{16+k}.4s, v{2+k}.4s, v0.4s */
#define GEMVT_ODD(k) \ // odd += x[l+1]·a[l+1]
	WORD $(0x4e21cc00|(20+k)|((6+k)<<5)) /* fmla v{20+k}.4s, v{6+k}.4s, v1.4s */
#define GEMVT_SUM(k) \ // sums = even + odd
	WORD $(0x4e20d400|(16+k)|((16+k)<<5)|((20+k)<<16)) /* fadd v{16+k}.4s, v{16+k}.4s, v{20+k}.4s */
#define GEMVT_ALPHA(k) \ // sums *= alpha
	WORD $(0x6e39dc00|(16+k)|((16+k)<<5)) /* fmul v{16+k}.4s, v{16+k}.4s, v25.4s */
#define GEMVT_BETA(k) \ // sums += beta·y
	WORD $(0x4e3acc00|(16+k)|((27+k)<<5)) /* fmla v{16+k}.4s, v{27+k}.4s, v26.4s */

// The operands of a 16- and a 4-column strip: a row l (A), row l+1 (A1),
// y loaded (Y) and stored (YOUT).
#define GEMVT16_A VLD1 (R1), [V2.S4, V3.S4, V4.S4, V5.S4]   // V2–V5 = a[l][0:16]
#define GEMVT16_A1 VLD1 (R8), [V6.S4, V7.S4, V8.S4, V9.S4]  // V6–V9 = a[l+1][0:16]
#define GEMVT16_Y VLD1 (R0), [V27.S4, V28.S4, V29.S4, V30.S4] // V27–V30 = y[0:16]
#define GEMVT16_YOUT VST1 [V16.S4, V17.S4, V18.S4, V19.S4], (R0) // y[0:16] = V16–V19
#define GEMVT4_A VLD1 (R1), [V2.S4]                          // V2 = a[l][0:4]
#define GEMVT4_A1 VLD1 (R8), [V6.S4]                         // V6 = a[l+1][0:4]
#define GEMVT4_Y VLD1 (R0), [V27.S4]                         // V27 = y[0:4]
#define GEMVT4_YOUT VST1 [V16.S4], (R0)                      // y[0:4] = V16

// GEMVT_STRIP(EACH, A, A1, Y, YOUT, loop, last, sum, store) is the whole
// strip, with its operand macros and its own labels (a TEXT runs it twice).
#define GEMVT_STRIP(EACH, A, A1, Y, YOUT, loop, last, sum, store) \
	SUBS $2, R3 \                   // R3 = rows-2
	BLT  last \
loop: \                             // for ; rows >= 2; rows -= 2 {
	VLD1R.P 4(R2), [V0.S4] \        //   V0 = x[l]
	VLD1R.P 4(R2), [V1.S4] \        //   V1 = x[l+1]
	ADD     R7, R1, R8 \            //   R8 = row l+1
	A \
	A1 \
	ADD     R7, R8, R1 \            //   R1 = row l+2
	EACH(GEMVT_EVEN) \
	EACH(GEMVT_ODD) \
	SUBS    $2, R3 \
	BGE     loop \                  // }
last: \
	ADDS $2, R3 \                   // R3 = rows left (0 or 1)
	BEQ  sum \
	VLD1R (R2), [V0.S4] \           // V0 = x[l]
	A \
	EACH(GEMVT_EVEN) \
sum: \
	EACH(GEMVT_SUM) \
	FMOVS alpha+48(FP), F25 \
	VDUP  V25.S[0], V25.S4 \        // V25 = alpha
	EACH(GEMVT_ALPHA) \
	FMOVS beta+52(FP), F26 \
	FCMPS $(0.0), F26 \
	BEQ   store \                   // beta == ±0: y not read
	VDUP  V26.S[0], V26.S4 \        // V26 = beta
	Y \
	EACH(GEMVT_BETA) \
store: \
	YOUT \
	RET

// ===========================================================================
// Frames. LOOP16_4_1 serves the kernels with a scalar tail (Saxpy, Sdot,
// AdamStep); LOOP_NEON the exp family and the element-wise kernels, each of
// which is a frame macro around its body: dst at R0, the first input
// at R1 (into V(k) of vector k), a second one at R3 (into V(4+k)), n in R2.
// The frame does 16 floats per iteration (four vectors), then 4, then a 1–3
// lane tail loaded and stored lane by lane (nothing outside [0, n) is
// touched); every input of an iteration is loaded before dst is stored, so
// dst may be an input. BODY(EACH) is the kernel's work as a list of steps;
// EACH applies one step to vectors 0–3 in turn (EACH4) or to vector 0 alone
// (ONE); the result is left in V(k).

#define ALIGN16 PCALIGN $16
#define NOALIGN

#define EACH4(STEP) \
	RANGE4(STEP, 0)

#define ONE(STEP) \
	STEP(0)

// STORE_TAIL(V) stores lanes 0..R2-1 (R2 = 1–3) of V to dst at R0, then
// goes to done.
#define STORE_TAIL(V) \
	VST1.P V.S[0], 4(R0) \ // dst[i+0] = V[0]
	CMP  $1, R2 \
	BEQ  done \
	VST1.P V.S[1], 4(R0) \ // dst[i+1] = V[1]
	CMP  $2, R2 \
	BEQ  done \
	VST1 V.S[2], (R0)      // dst[i+2] = V[2]

// The loads of one input (x at R1) and of two (y at R1, dy at R3): 16
// floats, 4 floats, and lanes 0..R2-1 (R2 = 1–3; the other lanes 0) for
// the tail, which then goes to last.
#define LOAD1_16 \
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4] // V0–V3 = x[i:i+16]
#define LOAD1_4 \
	VLD1.P 16(R1), [V0.S4]                      // V0 = x[i:i+4]
#define LOAD1_TAIL \
	VEOR V0.B16, V0.B16, V0.B16 \ // lanes ≥ n compute on 0
	VLD1.P 4(R1), V0.S[0] \       // V0[0] = x[i+0]
	CMP  $1, R2 \
	BEQ  last \
	VLD1.P 4(R1), V0.S[1] \       // V0[1] = x[i+1]
	CMP  $2, R2 \
	BEQ  last \
	VLD1 (R1), V0.S[2]            // V0[2] = x[i+2]
#define LOAD2_16 \
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4] \ // V0–V3 = y[i:i+16]
	VLD1.P 64(R3), [V4.S4, V5.S4, V6.S4, V7.S4]   // V4–V7 = dy[i:i+16]
#define LOAD2_4 \
	VLD1.P 16(R1), [V0.S4] \ // V0 = y[i:i+4]
	VLD1.P 16(R3), [V4.S4]   // V4 = dy[i:i+4]
#define LOAD2_TAIL \
	VEOR V0.B16, V0.B16, V0.B16 \ // lanes ≥ n compute on 0
	VEOR V4.B16, V4.B16, V4.B16 \
	VLD1.P 4(R1), V0.S[0] \       // V0[0] = y[i+0]
	VLD1.P 4(R3), V4.S[0] \       // V4[0] = dy[i+0]
	CMP  $1, R2 \
	BEQ  last \
	VLD1.P 4(R1), V0.S[1] \       // V0[1] = y[i+1]
	VLD1.P 4(R3), V4.S[1] \       // V4[1] = dy[i+1]
	CMP  $2, R2 \
	BEQ  last \
	VLD1 (R1), V0.S[2] \          // V0[2] = y[i+2]
	VLD1 (R3), V4.S[2]            // V4[2] = dy[i+2]

// LOOP16_4_1(N, BODY16, BODY4, MID, BODY1) is the frame of the kernels
// with a scalar tail (Saxpy, Sdot, AdamStep): the count in register N;
// BODY16 for 16 elements per iteration, BODY4 for 4, then MID once (Sdot's
// reduction; NOMID for none), then BODY1 per element; ends at label done.
#define NOMID
#define LOOP16_4_1(N, BODY16, BODY4, MID, BODY1) \
	SUBS $16, N \      // N = n-16
	BLT  four \
loop16: \              // for ; n >= 16; n -= 16 {
	BODY16 \
	SUBS $16, N \
	BGE  loop16 \      // }
four: \
	ADDS $12, N \      // N = n-4
	BLT  mid \
loop4: \               // for ; n >= 4; n -= 4 {
	BODY4 \
	SUBS $4, N \
	BGE  loop4 \       // }
mid: \
	MID \
	ADDS $4, N \       // N = n (0–3 left)
	BEQ  done \
loop1: \               // for ; n > 0; n-- {
	BODY1 \
	SUBS $1, N \
	BNE  loop1 \       // }
done:

// LOOP_REST_NEON(BIAS, BODY, LOAD4, LOADTAIL) is the part of a frame after
// its widest loop, which leaves R2 = n-BIAS-4: the 4-float loop and the
// tail.
#define LOOP_REST_NEON(BIAS, BODY, LOAD4, LOADTAIL) \
four: \
	ADDS $BIAS, R2 \                  // R2 = n-4
	BLT  tail \
loop4: \                              // for ; n >= 4; n -= 4 {
	LOAD4 \
	BODY(ONE) \
	VST1.P [V0.S4], 16(R0) \          //   dst[i:i+4] = V0
	SUBS $4, R2 \
	BGE  loop4 \                      // }
tail: \
	ADDS $4, R2 \                     // R2 = n (0–3 left)
	BEQ  done \
	LOADTAIL \
last: \
	BODY(ONE) \
	STORE_TAIL(V0) \
done: \
	RET

// LOOP_NEON(BODY, ALIGN, LOAD16, LOAD4, LOADTAIL) is the whole frame; ALIGN
// is ALIGN16 (the 16-float loop starts 16-byte aligned) or NOALIGN.
#define LOOP_NEON(BODY, ALIGN, LOAD16, LOAD4, LOADTAIL) \
	SUBS $16, R2 \                                // R2 = n-16
	BLT  four \
	ALIGN \
loop16: \                                         // for ; n >= 16; n -= 16 {
	LOAD16 \
	BODY(EACH4) \
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0) \ //   dst[i:i+16] = V0–V3
	SUBS $16, R2 \
	BGE  loop16 \                                 // }
	LOOP_REST_NEON(12, BODY, LOAD4, LOADTAIL)

#define LOOP1_NEON(BODY, ALIGN) \
	LOOP_NEON(BODY, ALIGN, LOAD1_16, LOAD1_4, LOAD1_TAIL)

#define LOOP2_NEON(BODY) \
	LOOP_NEON(BODY, NOALIGN, LOAD2_16, LOAD2_4, LOAD2_TAIL)

// ===========================================================================
// Sgemm: the microkernel. Contract: kernels/doc.go, Sgemm; driver (blocking,
// packing, thread split): sgemm.go, sgemm_threads.go.
//
// sgemm8x12NEON: 24 q-register accumulators V8–V31; each k step two ld1
// (A[k][0:8], B[k][0:12]) and 24 fmla by element (SGEMM_K). Edge tiles are
// stored with 4-lane vectors while 4 columns are left, then single lanes;
// several full tiles per call; op(a) = aᵀ read in place (k-major) when
// n ≤ 256, A packed otherwise. llvm-mca-19 on the k loop taken from the
// built binary (kernels/mca.sh): Cortex-A72 24.0 cycles per k step, one
// 128-bit fmla per cycle (100 % of the model's peak: two 64-bit FP pipes);
// Neoverse-N1 12.0 cycles per k step, two fmla.4s per cycle (100 %).

// Store accumulator row (c0, c1, c2) = columns 0–11 to C row R11, step R11 to
// the next row, and leave through sgemm8x12NEON_next once R12 rows are stored.
// V1 = beta in every lane.
#define SGEMM8X12_ROW_BETA(c0, c1, c2) \
	VLD1  (R11), [V5.S4, V6.S4, V7.S4] \ // V5–V7 = C[r][0:12]
	VFMLA V1.S4, V5.S4, c0.S4 \           // acc[r] += beta·C[r]
	VFMLA V1.S4, V6.S4, c1.S4 \
	VFMLA V1.S4, V7.S4, c2.S4 \
	VST1  [c0.S4, c1.S4, c2.S4], (R11) \  // C[r][0:12] = acc[r]
	ADD   R10, R11 \
	SUBS  $1, R12 \
	BEQ   sgemm8x12NEON_next

#define SGEMM8X12_ROW_BETA0(c0, c1, c2) \
	VST1 [c0.S4, c1.S4, c2.S4], (R11) \   // C[r][0:12] = acc[r]
	ADD  R10, R11 \
	SUBS $1, R12 \
	BEQ  sgemm8x12NEON_next

// SGEMM8X12_ROWS(ROW) runs ROW on the accumulator rows 0–7 in order.
#define SGEMM8X12_ROWS(ROW) \
	ROW(V8, V9, V10) \
	ROW(V11, V12, V13) \
	ROW(V14, V15, V16) \
	ROW(V17, V18, V19) \
	ROW(V20, V21, V22) \
	ROW(V23, V24, V25) \
	ROW(V26, V27, V28) \
	ROW(V29, V30, V31)

// FMLA_LANE(d, n, m, i): V(d) += V(n)·V(m)[i].
#define FMLA_LANE(d, n, m, i) \
	WORD $(0x4f801000|(d)|((n)<<5)|((m)<<16)|(((i)&1)<<21)|(((i)>>1)<<11)) /* fmla v{d}.4s, v{n}.4s, v{m}.s[{i}] */

// SGEMM_K(r): acc row r (V(8+3r)–V(10+3r)) += Ap[k][r]·Bp[k][0:12]
// (V2–V4), Ap[k][r] being lane r%4 of V(r/4).
#define SGEMM_K(r) \
	FMLA_LANE(8+3*(r), 2, (r)/4, (r)%4) \
	FMLA_LANE(9+3*(r), 3, (r)/4, (r)%4) \
	FMLA_LANE(10+3*(r), 4, (r)/4, (r)%4)

// ALPHA_MUL(k): V(k) *= alpha (lane 0 of V0).
#define ALPHA_MUL(k) \
	WORD $(0x4f809000|(k)|((k)<<5)) /* fmul v{k}.4s, v{k}.4s, v0.s[0] */

// NEXT_ROW(k): V(k) = V(k+3), moving the next row's accumulators down.
#define NEXT_ROW(k) \
	WORD $(0x4ea01c00|(k)|((3+k)<<5)|((3+k)<<16)) /* mov v{k}.16b, v{3+k}.16b */

// func sgemm8x12NEON(p *gemmArgs)
// Requires: ASIMD
//
// acc[0:8][0:12] = Σₖ Ap[k][0:8]ᵀ·Bp[k][0:12] over p.kc ≥ 1 steps: Ap k-major
// (8 floats per k, p.aStep floats apart; packed, p.lda == 0), Bp rows p.ldb
// floats apart (packed, or B itself read in place). Then C = alpha·acc +
// beta·C (beta == ±0: C is not read) for rows r < p.m and columns j < p.n
// only: full 4-column vectors while 4 columns are left, single lanes after
// that, nothing else touched. p.tiles ≥ 1 tiles stacked 8 rows apart (A tile
// bases p.aNext floats apart, C 8·ldc; p.tiles > 1 only with p.m == 8) are
// done in one call, each against the same Bp.
//
// Register use:
//   R0 p   R1 Ap cursor   R2 Bp cursor   R3 k countdown
//   R4 aStep in bytes   R5 ldb in bytes   R6 A tile base   R7 Bp base
//   R8 C tile base   R9 tiles left   R10 ldc in bytes   R11 C row
//   R12 rows left to store   R13 beta bits without sign (0: C not read)
//   R14 columns left (edge tiles)   R15 C column cursor (edge tiles)
//   V0–V1 Ap[k][0:8] (after the k loop: V0 lane 0 alpha, V1 beta in every lane)
//   V2–V4 Bp[k][0:12]   V5–V7 C row
//   V8–V31 acc: row r in V(8+3r), V(9+3r), V(10+3r) (columns 0–3, 4–7, 8–11)
TEXT ·sgemm8x12NEON(SB), NOSPLIT|NOFRAME, $0-8
	MOVD p+0(FP), R0
	MOVD gemmArgs_a(R0), R6                      // R6 = A tile base
	MOVD gemmArgs_b(R0), R7                      // R7 = Bp base, the same for every tile
	MOVD gemmArgs_c(R0), R8                      // R8 = C tile base
	MOVD gemmArgs_tiles(R0), R9                  // R9 = tiles left
	MOVD gemmArgs_aStep(R0), R4
	LSL  $2, R4                                  // R4 = aStep in bytes
	MOVD gemmArgs_ldb(R0), R5
	LSL  $2, R5                                  // R5 = ldb in bytes
	MOVD gemmArgs_ldc(R0), R10
	LSL  $2, R10                                 // R10 = ldc in bytes

sgemm8x12NEON_tile:                                  // for ; tiles > 0; tiles-- {
	MOVD R6, R1                                  //   R1 = Ap
	MOVD R7, R2                                  //   R2 = Bp
	MOVD gemmArgs_kc(R0), R3                     //   R3 = kc
	RANGE24(VZERO, 8)                            //   acc = V8–V31 = 0

	PCALIGN $16

sgemm8x12NEON_kloop:                                 //   for k := kc; k > 0; k-- {
	VLD1.P (R1)(R4), [V0.S4, V1.S4]              //     V0, V1 = Ap[k][0:8]
	VLD1.P (R2)(R5), [V2.S4, V3.S4, V4.S4]       //     V2–V4 = Bp[k][0:12]
	RANGE8(SGEMM_K, 0)                           //     acc[r] += Ap[k][r]·Bp[k][0:12], r = 0..7
	SUBS $1, R3
	BNE  sgemm8x12NEON_kloop                     //   }

	MOVWU gemmArgs_alpha(R0), R13
	MOVW  $0x3f800000, R14
	CMPW  R14, R13                               //   alpha == 1: acc as it is (the same bits)
	BEQ   sgemm8x12NEON_scaled
	FMOVS gemmArgs_alpha(R0), F0                 //   V0 lane 0 = alpha
	RANGE24(ALPHA_MUL, 8)                        //   acc *= alpha

sgemm8x12NEON_scaled:
	MOVWU gemmArgs_beta(R0), R13
	VDUP  R13, V1.S4                             //   V1 = beta in every lane
	AND   $0x7fffffff, R13                       //   R13 == 0: beta is ±0, C is not read
	MOVD  R8, R11                                //   R11 = C row 0
	MOVD  gemmArgs_m(R0), R12                    //   R12 = rows to store
	MOVD  gemmArgs_n(R0), R14
	CMP   $12, R14
	BNE   sgemm8x12NEON_edge
	CBZ   R13, sgemm8x12NEON_beta0

	// C[r][0:12] = acc[r] + beta·C[r][0:12] for r < m
	SGEMM8X12_ROWS(SGEMM8X12_ROW_BETA)
	B sgemm8x12NEON_next

sgemm8x12NEON_beta0:                                 //   C[r][0:12] = acc[r] for r < m
	SGEMM8X12_ROWS(SGEMM8X12_ROW_BETA0)
	B sgemm8x12NEON_next

	// Edge tile (n < 12): row by row, each row's accumulators moved into
	// V8–V10 first (V8..V28 = V11..V31 after every row).
sgemm8x12NEON_edge:                                  //   for r := 0; r < m; r++ {
	MOVD R11, R15                                //     R15 = &C[r][0]
	MOVD gemmArgs_n(R0), R14                     //     R14 = columns left

sgemm8x12NEON_edge4:                                 //     for ; cols >= 4; cols -= 4 {
	CMP  $4, R14
	BLT  sgemm8x12NEON_edge1
	CBZ  R13, sgemm8x12NEON_edge4st
	VLD1 (R15), [V5.S4]                          //       V5 = C[r][j:j+4]
	VFMLA V1.S4, V5.S4, V8.S4                    //       V8 += beta·V5

sgemm8x12NEON_edge4st:
	VST1.P [V8.S4], 16(R15)                      //       C[r][j:j+4] = V8
	VMOV V9.B16, V8.B16                          //       V8, V9 = V9, V10
	VMOV V10.B16, V9.B16
	SUB  $4, R14
	B    sgemm8x12NEON_edge4                     //     }

sgemm8x12NEON_edge1:                                 //     for ; cols > 0; cols-- {
	CBZ  R14, sgemm8x12NEON_edgerow
	CBZ  R13, sgemm8x12NEON_edge1b0
	FMOVS  (R15), F6                             //       F6 = C[r][j]
	FMADDS F1, F8, F6, F5                        //       F5 = beta·C[r][j] + V8[0]
	FMOVS.P F5, 4(R15)                           //       C[r][j] = F5
	B    sgemm8x12NEON_edge1rot

sgemm8x12NEON_edge1b0:
	FMOVS.P F8, 4(R15)                           //       C[r][j] = V8[0]

sgemm8x12NEON_edge1rot:
	VEXT $4, V8.B16, V8.B16, V8.B16              //       V8 = V8[1], V8[2], V8[3], V8[0]
	SUB  $1, R14
	B    sgemm8x12NEON_edge1                     //     }

sgemm8x12NEON_edgerow:
	RANGE8(NEXT_ROW, 8)                         //     V8..V28 = V11..V31: the next row
	RANGE8(NEXT_ROW, 16)
	RANGE4(NEXT_ROW, 24)
	NEXT_ROW(28)
	ADD  R10, R11                                //     R11 = &C[r+1][0]
	SUBS $1, R12
	BNE  sgemm8x12NEON_edge                      //   }

sgemm8x12NEON_next:
	MOVD gemmArgs_aNext(R0), R1
	ADD  R1<<2, R6                               //   R6 = next A tile (aNext floats on)
	ADD  R10<<3, R8                              //   R8 = next C tile (8 rows on)
	SUBS $1, R9
	BNE  sgemm8x12NEON_tile                      // }
	RET

#undef SGEMM8X12_ROW_BETA
#undef SGEMM8X12_ROW_BETA0
#undef SGEMM8X12_ROWS
#undef FMLA_LANE
#undef SGEMM_K
#undef ALPHA_MUL
#undef NEXT_ROW

// (end of the Sgemm section)

// ===========================================================================
// BLAS-1/2: Sgemv, Sger, Saxpy, Sdot, SumRows. Contracts: kernels/doc.go;
// drivers: blas2.go (Sgemv, Sger, SumRows), elementwise.go (Saxpy, Sdot).
//
// sgemv4NEON (NoTrans): four rows per call sharing the loads of x, 8 columns
// per iteration in 8 accumulators, then 4, then the last 1–3 columns
// gathered one lane per row; the driver sends the remaining rows to Sdot.
// sgemvTNEON (Trans): one strip of 16 or 4 columns whose sums stay in
// registers, two rows per iteration into separate accumulators, added at the
// end (GEMVT_STRIP); the driver does the last len(y)%4 columns in Go.
// sgerNEON: many rows per call, 16 columns per iteration, then 4, then
// scalar, alpha·x[i] rounded then fused (bit for bit Generic's Saxpy on
// arm64). saxpyNEON 16 floats per iteration, then 4, then scalar; sdotNEON
// 16 per iteration in 4 accumulators, then 4, then scalar. sumRowsNEON: one
// strip of 16 or 4 columns summed down the rows in row order (bit for bit
// Generic).

// func sgemv4NEON(y, a, x *float32, lda, n int, alpha, beta float32)
// Requires: ASIMD
//
// y[i] = alpha·Σⱼ a[i·lda+j]·x[j] + beta·y[i] for the four rows i < 4 and
// n ≥ 1 columns; beta == ±0: y is not read. 8 columns per iteration in 8
// accumulators (two per row), then 4, then 1–3 columns gathered one lane
// per row into a ninth accumulator; nothing past a row's n-th element is read.
//
// Register use:
//   R0 y   R1–R4 rows 0–3 cursors   R5 x cursor   R6 n countdown (biased)
//   R7 lda in bytes   V0, V1 x[j:j+8]   V2–V9 rows 0–3 [j:j+8]
//   V16–V23 accumulators (row r: V(16+2r), V(17+2r))   V24 tail accumulator
//   V25 alpha   V26 beta   V27 y
TEXT ·sgemv4NEON(SB), NOSPLIT|NOFRAME, $0-48
	MOVD y+0(FP), R0
	MOVD a+8(FP), R1
	MOVD x+16(FP), R5
	MOVD lda+24(FP), R7
	MOVD n+32(FP), R6
	LSL  $2, R7                                    // R7 = lda in bytes
	ADD  R7, R1, R2                                // R2 = row 1
	ADD  R7, R2, R3                                // R3 = row 2
	ADD  R7, R3, R4                                // R4 = row 3
	RANGE8(VZERO, 16)                              // V16–V24 = 0
	VZERO(24)
	SUBS $8, R6                                    // R6 = n-8
	BLT  sgemv4NEON_four

sgemv4NEON_loop8:                                      // for ; n >= 8; n -= 8 {
	VLD1.P 32(R5), [V0.S4, V1.S4]                  //   V0, V1 = x[j:j+8]
	VLD1.P 32(R1), [V2.S4, V3.S4]                  //   V2, V3 = a[0][j:j+8]
	VLD1.P 32(R2), [V4.S4, V5.S4]                  //   V4, V5 = a[1][j:j+8]
	VLD1.P 32(R3), [V6.S4, V7.S4]                  //   V6, V7 = a[2][j:j+8]
	VLD1.P 32(R4), [V8.S4, V9.S4]                  //   V8, V9 = a[3][j:j+8]
	VFMLA  V0.S4, V2.S4, V16.S4                    //   row 0 += a·x
	VFMLA  V1.S4, V3.S4, V17.S4
	VFMLA  V0.S4, V4.S4, V18.S4                    //   row 1
	VFMLA  V1.S4, V5.S4, V19.S4
	VFMLA  V0.S4, V6.S4, V20.S4                    //   row 2
	VFMLA  V1.S4, V7.S4, V21.S4
	VFMLA  V0.S4, V8.S4, V22.S4                    //   row 3
	VFMLA  V1.S4, V9.S4, V23.S4
	SUBS   $8, R6
	BGE    sgemv4NEON_loop8                        // }

sgemv4NEON_four:
	ADDS $4, R6                                    // R6 = n-4
	BLT  sgemv4NEON_tail
	VLD1.P 16(R5), [V0.S4]                         // V0 = x[j:j+4]
	VLD1.P 16(R1), [V2.S4]                         // V2, V4, V6, V8 = rows 0–3 [j:j+4]
	VLD1.P 16(R2), [V4.S4]
	VLD1.P 16(R3), [V6.S4]
	VLD1.P 16(R4), [V8.S4]
	VFMLA  V0.S4, V2.S4, V16.S4
	VFMLA  V0.S4, V4.S4, V18.S4
	VFMLA  V0.S4, V6.S4, V20.S4
	VFMLA  V0.S4, V8.S4, V22.S4
	SUBS   $4, R6

sgemv4NEON_tail:
	ADDS $4, R6                                    // R6 = n (0–3 left)
	BEQ  sgemv4NEON_reduce

sgemv4NEON_loop1:                                      // for ; n > 0; n-- {
	VLD1R.P 4(R5), [V0.S4]                         //   V0 = x[j] in every lane
	VLD1.P  4(R1), V2.S[0]                         //   V2 = {a[0][j], a[1][j], a[2][j], a[3][j]}
	VLD1.P  4(R2), V2.S[1]
	VLD1.P  4(R3), V2.S[2]
	VLD1.P  4(R4), V2.S[3]
	VFMLA   V0.S4, V2.S4, V24.S4                   //   V24[r] += a[r][j]·x[j]
	SUBS    $1, R6
	BNE     sgemv4NEON_loop1                       // }

sgemv4NEON_reduce:
	WORD $0x4e31d610 // fadd v16.4s, v16.4s, v17.4s
	WORD $0x4e33d652 // fadd v18.4s, v18.4s, v19.4s
	WORD $0x4e35d694 // fadd v20.4s, v20.4s, v21.4s
	WORD $0x4e37d6d6 // fadd v22.4s, v22.4s, v23.4s
	WORD $0x6e32d610 // faddp v16.4s, v16.4s, v18.4s
	WORD $0x6e36d694 // faddp v20.4s, v20.4s, v22.4s
	WORD $0x6e34d610 // faddp v16.4s, v16.4s, v20.4s
	WORD $0x4e38d610 // fadd v16.4s, v16.4s, v24.4s
	FMOVS  alpha+40(FP), F25
	VDUP   V25.S[0], V25.S4                        // V25 = alpha
	WORD $0x6e39de10 // fmul v16.4s, v16.4s, v25.4s
	FMOVS  beta+44(FP), F26
	FCMPS  $(0.0), F26
	BEQ    sgemv4NEON_store                        // beta == ±0: y not read
	VDUP   V26.S[0], V26.S4                        // V26 = beta
	VLD1   (R0), [V27.S4]                          // V27 = y[0:4]
	VFMLA  V26.S4, V27.S4, V16.S4                  // V16 += beta·y

sgemv4NEON_store:
	VST1 [V16.S4], (R0)                            // y[0:4] = V16
	RET

// func sgemvTNEON(y, a, x *float32, lda, rows, w int, alpha, beta float32)
// Requires: ASIMD
//
// y[0:w] = alpha·Σₗ x[l]·a[l·lda : l·lda+w] + beta·y[0:w] over rows ≥ 1
// rows, for w == 16 or w == 4; beta == ±0: y is not read. Two rows per
// iteration into separate accumulators, added at the end.
//
// Register use:
//   R0 y   R1 a row cursor   R2 x cursor   R3 rows countdown (biased)
//   R4 w   R7 lda in bytes   R8 second row   V0, V1 x[l], x[l+1] in every lane
//   V2–V9 a rows l, l+1   V16–V19 sums of even rows   V20–V23 of odd rows
//   V25 alpha   V26 beta   V27–V30 y
TEXT ·sgemvTNEON(SB), NOSPLIT|NOFRAME, $0-56
	MOVD y+0(FP), R0
	MOVD a+8(FP), R1
	MOVD x+16(FP), R2
	MOVD lda+24(FP), R7
	MOVD rows+32(FP), R3
	MOVD w+40(FP), R4
	LSL  $2, R7                                    // R7 = lda in bytes
	RANGE8(VZERO, 16)                              // V16–V23 = 0
	CMP  $16, R4
	BNE  w4
	GEMVT_STRIP(EACH4, GEMVT16_A, GEMVT16_A1, GEMVT16_Y, GEMVT16_YOUT, loop16, last16, sum16, store16)

w4:
	GEMVT_STRIP(ONE, GEMVT4_A, GEMVT4_A1, GEMVT4_Y, GEMVT4_YOUT, loop4, last4, sum4, store4)

// func sgerNEON(a, x, y *float32, lda, rows, n int, alpha float32)
// Requires: ASIMD
//
// a[i·lda+j] += (alpha·x[i])·y[j] for i < rows, j < n (rows, n ≥ 1): per
// row, s = alpha·x[i] rounded, then fused s·y + a (as Generic's Saxpy on
// arm64), 16 columns per iteration, then 4, then scalar.
//
// Register use:
//   R0 row store cursor   R1 row load cursor   R2 y cursor   R3 column countdown
//   R4 x cursor   R5 rows countdown   R6 n   R7 lda in bytes   R8 row start
//   F0 alpha   F1 x[i], then s   V1 s in every lane   V2–V5 y   V6–V9 a
TEXT ·sgerNEON(SB), NOSPLIT|NOFRAME, $0-52
	MOVD  a+0(FP), R8
	MOVD  x+8(FP), R4
	MOVD  lda+24(FP), R7
	MOVD  rows+32(FP), R5
	MOVD  n+40(FP), R6
	FMOVS alpha+48(FP), F0
	LSL   $2, R7                                   // R7 = lda in bytes

sgerNEON_row:                                          // for ; rows > 0; rows-- {
	FMOVS.P 4(R4), F1                              //   F1 = x[i]
	FMULS   F0, F1, F1                             //   F1 = s = alpha·x[i]
	VDUP    V1.S[0], V1.S4                         //   V1 = s
	MOVD    R8, R0                                 //   R0, R1 = a[i][0]
	MOVD    R8, R1
	MOVD    y+16(FP), R2                           //   R2 = y
	SUBS    $16, R6, R3                            //   R3 = n-16
	BLT     sgerNEON_four

sgerNEON_loop16:                                       //   for ; j+16 <= n; j += 16 {
	VLD1.P 64(R2), [V2.S4, V3.S4, V4.S4, V5.S4]    //     V2–V5 = y[j:j+16]
	VLD1.P 64(R1), [V6.S4, V7.S4, V8.S4, V9.S4]    //     V6–V9 = a[i][j:j+16]
	VFMLA  V1.S4, V2.S4, V6.S4                     //     a += s·y
	VFMLA  V1.S4, V3.S4, V7.S4
	VFMLA  V1.S4, V4.S4, V8.S4
	VFMLA  V1.S4, V5.S4, V9.S4
	VST1.P [V6.S4, V7.S4, V8.S4, V9.S4], 64(R0)
	SUBS   $16, R3
	BGE    sgerNEON_loop16                         //   }

sgerNEON_four:
	ADDS $12, R3                                   //   R3 = columns left - 4
	BLT  sgerNEON_scalar

sgerNEON_loop4:                                        //   for ; j+4 <= n; j += 4 {
	VLD1.P 16(R2), [V2.S4]
	VLD1.P 16(R1), [V6.S4]
	VFMLA  V1.S4, V2.S4, V6.S4
	VST1.P [V6.S4], 16(R0)
	SUBS   $4, R3
	BGE    sgerNEON_loop4                          //   }

sgerNEON_scalar:
	ADDS $4, R3                                    //   R3 = columns left (0–3)
	BEQ  sgerNEON_next

sgerNEON_loop1:                                        //   for ; j < n; j++ {
	FMOVS.P 4(R2), F2                              //     F2 = y[j]
	FMOVS   (R0), F3                               //     F3 = a[i][j]
	FMADDS  F1, F3, F2, F3                         //     F3 = y[j]·s + a[i][j]
	FMOVS.P F3, 4(R0)
	SUBS    $1, R3
	BNE     sgerNEON_loop1                         //   }

sgerNEON_next:
	ADD  R7, R8                                    //   next row
	SUBS $1, R5
	BNE  sgerNEON_row                              // }
	RET

// Saxpy's bodies: 16, 4 and 1 elements (x at R1, dst loaded at R3 and
// stored at R0, alpha in V0).
#define SAXPY16 \
	VLD1.P 64(R1), [V1.S4, V2.S4, V3.S4, V4.S4] \ // V1–V4 = x[i:i+16]
	VLD1.P 64(R3), [V5.S4, V6.S4, V7.S4, V8.S4] \ // V5–V8 = dst[i:i+16]
	VFMLA  V0.S4, V1.S4, V5.S4 \                  // V5 += alpha·V1
	VFMLA  V0.S4, V2.S4, V6.S4 \
	VFMLA  V0.S4, V3.S4, V7.S4 \
	VFMLA  V0.S4, V4.S4, V8.S4 \
	VST1.P [V5.S4, V6.S4, V7.S4, V8.S4], 64(R0)   // dst[i:i+16] = V5–V8
#define SAXPY4 \
	VLD1.P 16(R1), [V1.S4] \ // V1 = x[i:i+4]
	VLD1.P 16(R3), [V5.S4] \ // V5 = dst[i:i+4]
	VFMLA  V0.S4, V1.S4, V5.S4 \
	VST1.P [V5.S4], 16(R0)   // dst[i:i+4] = V5
#define SAXPY1 \
	FMOVS.P 4(R1), F1 \      // F1 = x[i]
	FMOVS   (R0), F2 \       // F2 = dst[i]
	FMADDS  F0, F2, F1, F2 \ // F2 = x[i]·alpha + dst[i]
	FMOVS.P F2, 4(R0)        // dst[i] = F2

// func saxpyNEON(dst, x *float32, alpha float32, n int)
// Requires: ASIMD
//
// dst[i] += alpha·x[i] for i < n, n > 0. Reads and writes nothing outside
// dst[0:n] and x[0:n].
//
// Register use:
//   R0 dst store cursor   R1 x cursor   R2 n countdown (biased)   R3 dst load cursor
//   V0 alpha in every lane (F0 = alpha)   V1–V4 x[i:i+16]   V5–V8 dst[i:i+16]
TEXT ·saxpyNEON(SB), NOSPLIT|NOFRAME, $0-32
	MOVD  dst+0(FP), R0
	MOVD  x+8(FP), R1
	MOVWU alpha+16(FP), R4
	MOVD  n+24(FP), R2
	VDUP  R4, V0.S4                                // V0 = {alpha, alpha, alpha, alpha}
	MOVD  R0, R3                                   // R3 = dst (load cursor)
	LOOP16_4_1(R2, SAXPY16, SAXPY4, NOMID, SAXPY1)
	RET

// Sdot's bodies: 16, 4 and 1 elements (x at R0, y at R1, accumulators
// V16–V19, then F0), and the reduction of the accumulators into F0.
#define SDOT16 \
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4] \ // V0–V3 = x[i:i+16]
	VLD1.P 64(R1), [V4.S4, V5.S4, V6.S4, V7.S4] \ // V4–V7 = y[i:i+16]
	VFMLA  V4.S4, V0.S4, V16.S4 \                 // V16 += x[i:i+4]·y[i:i+4]
	VFMLA  V5.S4, V1.S4, V17.S4 \                 // V17 += x[i+4:i+8]·y[i+4:i+8]
	VFMLA  V6.S4, V2.S4, V18.S4 \                 // V18 += x[i+8:i+12]·y[i+8:i+12]
	VFMLA  V7.S4, V3.S4, V19.S4                   // V19 += x[i+12:i+16]·y[i+12:i+16]
#define SDOT4 \
	VLD1.P 16(R0), [V0.S4] \ // V0 = x[i:i+4]
	VLD1.P 16(R1), [V4.S4] \ // V4 = y[i:i+4]
	VFMLA  V4.S4, V0.S4, V16.S4 // V16 += V0·V4
#define SDOT_REDUCE \
	WORD $(0x4e31d610) /* fadd v16.4s, v16.4s, v17.4s */ \
	WORD $(0x4e33d652) /* fadd v18.4s, v18.4s, v19.4s */ \
	WORD $(0x4e32d610) /* fadd v16.4s, v16.4s, v18.4s */ \
	WORD $(0x6e30d610) /* faddp v16.4s, v16.4s, v16.4s */ \
	WORD $(0x7e30da00) /* faddp s0, v16.2s */
#define SDOT1 \
	FMOVS.P 4(R0), F1 \      // F1 = x[i]
	FMOVS.P 4(R1), F2 \      // F2 = y[i]
	FMADDS  F2, F0, F1, F0   // F0 += x[i]·y[i]

// func sdotNEON(x, y *float32, n int) float32
// Requires: ASIMD
//
// Returns Σ x[i]·y[i] for i < n, n > 0, summed in four 4-lane accumulators
// (lane j of accumulator k holds the terms i ≡ 4k+j mod 16 of the 16-wide
// loop), reduced pairwise, then the last n mod 4 terms added in order.
//
// Register use:
//   R0 x cursor   R1 y cursor   R2 n countdown (biased)
//   V0–V3 x[i:i+16]   V4–V7 y[i:i+16]   V16–V19 accumulators
//   F0 the sum after the reduction   F1, F2 scalar tail operands
TEXT ·sdotNEON(SB), NOSPLIT|NOFRAME, $0-28
	MOVD x+0(FP), R0
	MOVD y+8(FP), R1
	MOVD n+16(FP), R2
	VEOR V16.B16, V16.B16, V16.B16                 // V16 = 0
	VEOR V17.B16, V17.B16, V17.B16                 // V17 = 0
	VEOR V18.B16, V18.B16, V18.B16                 // V18 = 0
	VEOR V19.B16, V19.B16, V19.B16                 // V19 = 0
	LOOP16_4_1(R2, SDOT16, SDOT4, SDOT_REDUCE, SDOT1)
	FMOVS F0, ret+24(FP)                           // return F0
	RET

// func sumRowsNEON(dst, x *float32, stride, rows, w int)
// Requires: ASIMD
//
// dst[0:w] += Σₗ x[l·stride : l·stride+w] for l < rows, rows ≥ 1, w == 16 or
// w == 4, adding the rows in order: the same sums as Generic, bit for bit.
//
// Register use:
//   R0 dst   R1 x row cursor   R3 rows countdown   R4 w   R7 stride in bytes
//   V0–V3 x row   V16–V19 dst[0:w], the sums
TEXT ·sumRowsNEON(SB), NOSPLIT|NOFRAME, $0-40
	MOVD dst+0(FP), R0
	MOVD x+8(FP), R1
	MOVD stride+16(FP), R7
	MOVD rows+24(FP), R3
	MOVD w+32(FP), R4
	LSL  $2, R7                                    // R7 = stride in bytes
	CMP  $16, R4
	BNE  sumRowsNEON_w4
	VLD1 (R0), [V16.S4, V17.S4, V18.S4, V19.S4]    // V16–V19 = dst[0:16]

sumRowsNEON_loop16:                                    // for ; rows > 0; rows-- {
	VLD1 (R1), [V0.S4, V1.S4, V2.S4, V3.S4]        //   V0–V3 = x[l][0:16]
	ADD  R7, R1                                    //   next row
	WORD $0x4e20d610 // fadd v16.4s, v16.4s, v0.4s
	WORD $0x4e21d631 // fadd v17.4s, v17.4s, v1.4s
	WORD $0x4e22d652 // fadd v18.4s, v18.4s, v2.4s
	WORD $0x4e23d673 // fadd v19.4s, v19.4s, v3.4s
	SUBS $1, R3
	BNE  sumRowsNEON_loop16                        // }
	VST1 [V16.S4, V17.S4, V18.S4, V19.S4], (R0)    // dst[0:16] = V16–V19
	RET

sumRowsNEON_w4:
	VLD1 (R0), [V16.S4]                            // V16 = dst[0:4]

sumRowsNEON_loop4:                                     // for ; rows > 0; rows-- {
	VLD1 (R1), [V0.S4]                             //   V0 = x[l][0:4]
	ADD  R7, R1
	WORD $0x4e20d610 // fadd v16.4s, v16.4s, v0.4s
	SUBS $1, R3
	BNE  sumRowsNEON_loop4                         // }
	VST1 [V16.S4], (R0)                            // dst[0:4] = V16
	RET

// (end of the BLAS-2 and element-wise section)

// ===========================================================================
// The exp family: Sigmoid, Tanh and Softmax's exponentials. Contracts and
// bounds: kernels/doc.go; driver: elementwise.go.
//
// The exp of all three, per 4 lanes of z: T = 1.5·2²³ + 127 + z·log2e rounds
// to an integer whose low bits are n + 127, n = round(z·log2e); r = z -
// n·ln2hi - n·ln2lo (Cody–Waite); p(r) by Horner with fmla, a fresh
// accumulator loaded per step; exp(r) = p·r² + r + 1 as in expNeg, and
// 2ⁿ = T << 23 (n + 127 in the exponent field, 0 for n = -127, which the
// clamp at -88 gives, +Inf for n = 128). Sigmoid and Tanh run the one-input
// frame (Sigmoid with a 24-lane first loop: six vectors, EACH6), Softmax its
// own loop. Sigmoid computes 1/(1+exp(-x)) directly (exp(r) = 1 + r·s(r),
// SIG_EXPR): x clamped to [-89, 88]
// so that exp is exactly 0 (x ≥ 88) or +Inf (x ≤ -88.4, giving exactly 0),
// the reduction on w = -z with the signs folded into fmls/fmla (u = -r),
// and 1/(1+e) by frecpe and two frecps Newton steps. Tanh: -m/(2+m) of
// m = expm1(-2|x|) (see TANH). Softmax: the exponentials stored and summed in
// four vector partial sums, tail lanes filled with -Inf (e = 0).
// llvm-mca-19 (kernels/mca_vec.sh): Sigmoid 2.92 cycles per element on
// neoverse-n1, 5.96 on cortex-a72 (3.04, 6.29 with expNeg's polynomial); Tanh
// 3.45 on neoverse-n1, 6.94 on cortex-a72 (5.13, 10.75 before TANH's
// rewrite).
//
// R0 dst cursor   R1 x cursor   R2 n countdown (biased)   R5 neonExpConsts
// in all three; V25 P0   V28 1.5·2²³ + 127   V29 log2e; Tanh and Softmax:
// V26 ln2lo   V27 ln2hi (Sigmoid: V26 ln2hi, V27 ln2lo).

// neonExpConsts holds expNeg's constants (kernels_generic.go), each in all
// four lanes, for Sigmoid, Tanh and the Softmax exponentials; the loops load
// the ones fmla needs as fresh accumulators from here.
DATA neonExpConsts<>+0x00(SB)/8, $0x8000000080000000 // sign bit
DATA neonExpConsts<>+0x08(SB)/8, $0x8000000080000000
DATA neonExpConsts<>+0x10(SB)/8, $0xc2b00000c2b00000 // -88: clamp, 2ⁿ = 0 below
DATA neonExpConsts<>+0x18(SB)/8, $0xc2b00000c2b00000
DATA neonExpConsts<>+0x20(SB)/8, $0x3fb8aa3b3fb8aa3b // log2(e)
DATA neonExpConsts<>+0x28(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA neonExpConsts<>+0x30(SB)/8, $0x4b40007f4b40007f // 1.5·2²³ + 127
DATA neonExpConsts<>+0x38(SB)/8, $0x4b40007f4b40007f
DATA neonExpConsts<>+0x40(SB)/8, $0x3f3180003f318000 // ln2 hi = 0.693359375
DATA neonExpConsts<>+0x48(SB)/8, $0x3f3180003f318000
DATA neonExpConsts<>+0x50(SB)/8, $0xb95e8083b95e8083 // ln2 lo = -2.12194440e-4
DATA neonExpConsts<>+0x58(SB)/8, $0xb95e8083b95e8083
DATA neonExpConsts<>+0x60(SB)/8, $0x3950696739506967 // P0 = 1.9875691500e-4
DATA neonExpConsts<>+0x68(SB)/8, $0x3950696739506967
DATA neonExpConsts<>+0x70(SB)/8, $0x3ab743ce3ab743ce // P1 = 1.3981999507e-3
DATA neonExpConsts<>+0x78(SB)/8, $0x3ab743ce3ab743ce
DATA neonExpConsts<>+0x80(SB)/8, $0x3c0889083c088908 // P2 = 8.3334519073e-3
DATA neonExpConsts<>+0x88(SB)/8, $0x3c0889083c088908
DATA neonExpConsts<>+0x90(SB)/8, $0x3d2aa9c13d2aa9c1 // P3 = 4.1665795894e-2
DATA neonExpConsts<>+0x98(SB)/8, $0x3d2aa9c13d2aa9c1
DATA neonExpConsts<>+0xa0(SB)/8, $0x3e2aaaaa3e2aaaaa // P4 = 1.6666665459e-1
DATA neonExpConsts<>+0xa8(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA neonExpConsts<>+0xb0(SB)/8, $0x3f0000003f000000 // P5 = 5.0000001201e-1
DATA neonExpConsts<>+0xb8(SB)/8, $0x3f0000003f000000
DATA neonExpConsts<>+0xc0(SB)/8, $0x3f8000003f800000 // 1
DATA neonExpConsts<>+0xc8(SB)/8, $0x3f8000003f800000
DATA neonExpConsts<>+0xd0(SB)/8, $0xff800000ff800000 // -Inf
DATA neonExpConsts<>+0xd8(SB)/8, $0xff800000ff800000
DATA neonExpConsts<>+0xe0(SB)/8, $0xc2b20000c2b20000 // -89: Sigmoid's clamp of x
DATA neonExpConsts<>+0xe8(SB)/8, $0xc2b20000c2b20000
DATA neonExpConsts<>+0xf0(SB)/8, $0x42b0000042b00000 // 88: Sigmoid's clamp of x
DATA neonExpConsts<>+0xf8(SB)/8, $0x42b0000042b00000
DATA neonExpConsts<>+0x100(SB)/8, $0x3ab5738f3ab5738f // Sigmoid's exp(r) = 1 + r·s(r): s5 = 0.00138436432
DATA neonExpConsts<>+0x108(SB)/8, $0x3ab5738f3ab5738f
DATA neonExpConsts<>+0x110(SB)/8, $0x3c0933ca3c0933ca // s4 = 0.00837416388
DATA neonExpConsts<>+0x118(SB)/8, $0x3c0933ca3c0933ca
DATA neonExpConsts<>+0x120(SB)/8, $0x3d2aac113d2aac11 // s3 = 0.0416680016
DATA neonExpConsts<>+0x128(SB)/8, $0x3d2aac113d2aac11
DATA neonExpConsts<>+0x130(SB)/8, $0x3e2aaa0d3e2aaa0d // s2 = 0.166664317
DATA neonExpConsts<>+0x138(SB)/8, $0x3e2aaa0d3e2aaa0d
DATA neonExpConsts<>+0x140(SB)/8, $0x3efffffe3efffffe // s1 = 0.49999994
DATA neonExpConsts<>+0x148(SB)/8, $0x3efffffe3efffffe
DATA neonExpConsts<>+0x150(SB)/8, $0x3ab5f6013ab5f601 // Tanh's expm1(r) = r + r²·q(r): q4 = 0.0013882519
DATA neonExpConsts<>+0x158(SB)/8, $0x3ab5f6013ab5f601
DATA neonExpConsts<>+0x160(SB)/8, $0x3c0913bb3c0913bb // q3 = 0.00836652052
DATA neonExpConsts<>+0x168(SB)/8, $0x3c0913bb3c0913bb
DATA neonExpConsts<>+0x170(SB)/8, $0x3d2aab3a3d2aab3a // q2 = 0.0416672006
DATA neonExpConsts<>+0x178(SB)/8, $0x3d2aab3a3d2aab3a
DATA neonExpConsts<>+0x180(SB)/8, $0x3e2aaa583e2aaa58 // q1 = 0.166665435
DATA neonExpConsts<>+0x188(SB)/8, $0x3e2aaa583e2aaa58
DATA neonExpConsts<>+0x190(SB)/8, $0x3effffff3effffff // q0 = 0.49999997
DATA neonExpConsts<>+0x198(SB)/8, $0x3effffff3effffff
DATA neonExpConsts<>+0x1a0(SB)/8, $0x4000000040000000 // 2
DATA neonExpConsts<>+0x1a8(SB)/8, $0x4000000040000000
GLOBL neonExpConsts<>(SB), RODATA|NOPTR, $432

#define EACH6(STEP) \
	RANGE4(STEP, 0) \
	STEP(4) \
	STEP(5)

// HORNER(d, r, m, off) is one Horner step with a fresh accumulator:
// V(d) = neonExpConsts[off] + V(r)·V(m); HORNER_NEG the same with -V(r)·V(m).
#define HORNER(d, r, m, off) \
	WORD $(0x3dc000a0|(d)|(((off)/16)<<10)) /* ldr q{d}, [x5, #{off}] */ \
	WORD $(0x4e20cc00|(d)|((r)<<5)|((m)<<16)) /* fmla v{d}.4s, v{r}.4s, v{m}.4s */
#define HORNER_NEG(d, r, m, off) \
	WORD $(0x3dc000a0|(d)|(((off)/16)<<10)) /* ldr q{d}, [x5, #{off}] */ \
	WORD $(0x4ea0cc00|(d)|((r)<<5)|((m)<<16)) /* fmls v{d}.4s, v{r}.4s, v{m}.4s */

// The exp of Tanh and Softmax, on vector k: z in V(4+k) (then r), T (then
// 2ⁿ, then e) in V(8+k), Horner in V(12+k) and V(16+k). EXP(EACH) leaves e
// in V(8+k).
#define EXP_ROUND(k) \ // T = round(z·log2e) + 1.5·2²³ + 127 (its low bits hold n + 127)
	HORNER(8+k, 4+k, 29, 0x30)
#define EXP_N(k) \ // P = n
	WORD $(0x4ebcd400|(12+k)|((8+k)<<5)) /* fsub v{12+k}.4s, v{8+k}.4s, v28.4s */
#define EXP_R(k) \ // R = r = z - n·ln2hi - n·ln2lo
	WORD $(0x4ebbcc00|(4+k)|((12+k)<<5)) /* fmls v{4+k}.4s, v{12+k}.4s, v27.4s */ \
	WORD $(0x4ebacc00|(4+k)|((12+k)<<5)) /* fmls v{4+k}.4s, v{12+k}.4s, v26.4s */
#define EXP_P1(k) HORNER(12+k, 4+k, 25, 0x70)    // P = P0·r + P1
#define EXP_P2(k) HORNER(16+k, 4+k, 12+k, 0x80)  // Q = p·r + P2
#define EXP_P3(k) HORNER(12+k, 4+k, 16+k, 0x90)  // P = p·r + P3
#define EXP_P4(k) HORNER(16+k, 4+k, 12+k, 0xa0)  // Q = p·r + P4
#define EXP_P5(k) HORNER(12+k, 4+k, 16+k, 0xb0)  // P = p = p·r + P5
#define EXP_R2(k) \ // Q = r²
	WORD $(0x6e20dc00|(16+k)|((4+k)<<5)|((4+k)<<16)) /* fmul v{16+k}.4s, v{4+k}.4s, v{4+k}.4s */
#define EXP_PR(k) \ // R = p·r² + r
	WORD $(0x4e20cc00|(4+k)|((16+k)<<5)|((12+k)<<16)) /* fmla v{4+k}.4s, v{16+k}.4s, v{12+k}.4s */
#define EXP_2N(k) \ // T = 2ⁿ: (n + 127) << 23
	WORD $(0x4f375400|(8+k)|((8+k)<<5)) /* shl v{8+k}.4s, v{8+k}.4s, #23 */
#define EXP_E(k) \ // T = e = 2ⁿ + 2ⁿ·(p·r² + r): 0 for z ≤ -88
	WORD $(0x4e20cc00|(8+k)|((8+k)<<5)|((4+k)<<16)) /* fmla v{8+k}.4s, v{8+k}.4s, v{4+k}.4s */
// EXP_CONSTS points R5 at neonExpConsts and loads what EXP keeps in
// registers (V25–V29) and the clamp of z (V30).
#define EXP_CONSTS \
	MOVD  $neonExpConsts<>(SB), R5 \ // R5 = constant table
	FMOVQ 0x10(R5), F30 \             // V30 = -88
	FMOVQ 0x20(R5), F29 \             // V29 = log2e
	FMOVQ 0x30(R5), F28 \             // V28 = 1.5·2²³ + 127
	FMOVQ 0x40(R5), F27 \             // V27 = ln2hi
	FMOVQ 0x50(R5), F26 \             // V26 = ln2lo
	FMOVQ 0x60(R5), F25                // V25 = P0

#define EXP(EACH) \
	EACH(EXP_ROUND) \
	EACH(EXP_N) \
	EACH(EXP_R) \
	EACH(EXP_P1) \
	EACH(EXP_P2) \
	EACH(EXP_P3) \
	EACH(EXP_P4) \
	EACH(EXP_P5) \
	EACH(EXP_R2) \
	EACH(EXP_PR) \
	EACH(EXP_2N) \
	EACH(EXP_E)

// Sigmoid on vector k: x, w, u = -r, then the result in V(k); T, 2ⁿ, then
// e in V(6+k); n, Horner, exp(r), 1 + e and the reciprocal in V(12+k) and
// V(18+k). exp(r) = 1 + r·s(r) with s of degree 5 (the AVX tiers' Tanh
// reduction's accuracy, two operations fewer than expNeg's p·r² + r + 1). The reduction runs on w with the signs folded into fmls/fmla
// (u = -r), so four registers per vector do and six vectors fit.
#define SIG_W(k) \ // X = w = min(max(x, -89), 88); NaN stays NaN
	WORD $(0x4e3ef400|(k)|((k)<<5)) /* fmax v{k}.4s, v{k}.4s, v30.4s */ \
	WORD $(0x4ebff400|(k)|((k)<<5)) /* fmin v{k}.4s, v{k}.4s, v31.4s */
#define SIG_ROUND(k) \ // T = 1.5·2²³ + 127 - w·log2e, rounded: its low bits hold n + 127, n = round(-w·log2e)
	HORNER_NEG(6+k, k, 29, 0x30)
#define SIG_N(k) \ // P = n
	WORD $(0x4ebcd400|(12+k)|((6+k)<<5)) /* fsub v{12+k}.4s, v{6+k}.4s, v28.4s */
#define SIG_U(k) \ // X = u = -r = w + n·ln2hi + n·ln2lo (Cody–Waite, as expNeg)
	WORD $(0x4e3acc00|(k)|((12+k)<<5)) /* fmla v{k}.4s, v{12+k}.4s, v26.4s */ \
	WORD $(0x4e3bcc00|(k)|((12+k)<<5)) /* fmla v{k}.4s, v{12+k}.4s, v27.4s */
#define SIG_P1(k) HORNER_NEG(12+k, k, 25, 0x110)   // P = s = s5·r + s4 = s4 - s5·u
#define SIG_P2(k) HORNER_NEG(18+k, k, 12+k, 0x120)  // Q = s·r + s3
#define SIG_P3(k) HORNER_NEG(12+k, k, 18+k, 0x130)  // P = s·r + s2
#define SIG_P4(k) HORNER_NEG(18+k, k, 12+k, 0x140)  // Q = s·r + s1
#define SIG_P5(k) HORNER_NEG(12+k, k, 18+k, 0xc0)   // P = s·r + 1
#define SIG_EXPR(k) HORNER_NEG(18+k, k, 12+k, 0xc0) // Q = exp(r) = 1 + r·s
#define SIG_2N(k) \ // T = 2ⁿ: (n + 127) << 23
	WORD $(0x4f375400|(6+k)|((6+k)<<5)) /* shl v{6+k}.4s, v{6+k}.4s, #23 */
#define SIG_E(k) \ // T = e = 2ⁿ·exp(r): 0 for x ≥ 88, +Inf for x ≤ -88.4
	WORD $(0x6e20dc00|(6+k)|((6+k)<<5)|((18+k)<<16)) /* fmul v{6+k}.4s, v{6+k}.4s, v{18+k}.4s */
#define SIG_S(k) \ // Q = s = 1 + e
	WORD $(0x4e38d400|(18+k)|((6+k)<<5)) /* fadd v{18+k}.4s, v{6+k}.4s, v24.4s */
#define SIG_RCP(k) \ // P ≈ 1/s (8 bits)
	WORD $(0x4ea1d800|(12+k)|((18+k)<<5)) /* frecpe v{12+k}.4s, v{18+k}.4s */
#define SIG_NR1(k) \ // P = P·(2 - s·P): 16 bits
	WORD $(0x4e20fc00|(k)|((12+k)<<5)|((18+k)<<16)) /* frecps v{k}.4s, v{12+k}.4s, v{18+k}.4s */ \
	WORD $(0x6e20dc00|(12+k)|((12+k)<<5)|((k)<<16)) /* fmul v{12+k}.4s, v{12+k}.4s, v{k}.4s */
#define SIG_NR2(k) \ // X = P·(2 - s·P): 1/s to about 1 ulp
	WORD $(0x4e20fc00|(k)|((12+k)<<5)|((18+k)<<16)) /* frecps v{k}.4s, v{12+k}.4s, v{18+k}.4s */ \
	WORD $(0x6e20dc00|(k)|((12+k)<<5)|((k)<<16)) /* fmul v{k}.4s, v{12+k}.4s, v{k}.4s */
#define SIGMOID(EACH) \
	EACH(SIG_W) \
	EACH(SIG_ROUND) \
	EACH(SIG_N) \
	EACH(SIG_U) \
	EACH(SIG_P1) \
	EACH(SIG_P2) \
	EACH(SIG_P3) \
	EACH(SIG_P4) \
	EACH(SIG_P5) \
	EACH(SIG_EXPR) \
	EACH(SIG_2N) \
	EACH(SIG_E) \
	EACH(SIG_S) \
	EACH(SIG_RCP) \
	EACH(SIG_NR1) \
	EACH(SIG_NR2)

// func sigmoidNEON(dst, x *float32, n int)
// Requires: ASIMD
//
// dst[i] = 1/(1+exp(-x[i])) for i < n, n ≥ 0: e = exp(z) for z = -w,
// w = x clamped to [-89, 88] (e = 0 for x ≥ 88, +Inf for x ≤ -88.4, NaN
// kept), then 1/(1+e) by frecpe and two frecps Newton steps; 1/(1+Inf) = 0
// exactly.
//
// Register use: V24 1   V26 ln2hi   V27 ln2lo   V30 -89   V31 88; vectors as
// SIGMOID says.
TEXT ·sigmoidNEON(SB), NOSPLIT|NOFRAME, $0-24
	MOVD  dst+0(FP), R0
	MOVD  x+8(FP), R1
	MOVD  n+16(FP), R2
	MOVD  $neonExpConsts<>(SB), R5                  // R5 = constant table
	FMOVQ 0x20(R5), F29                             // V29 = log2e
	FMOVQ 0x30(R5), F28                             // V28 = 1.5·2²³ + 127
	FMOVQ 0x100(R5), F25                            // V25 = s5
	FMOVQ 0x40(R5), F26                             // V26 = ln2hi
	FMOVQ 0x50(R5), F27                             // V27 = ln2lo
	FMOVQ 0xc0(R5), F24                             // V24 = 1
	FMOVQ 0xe0(R5), F30                             // V30 = -89
	FMOVQ 0xf0(R5), F31                             // V31 = 88
	SUBS $24, R2                                    // R2 = n-24
	BLT  four

	PCALIGN $16

loop24:                                                 // for ; n >= 24; n -= 24 {
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]     //   V0–V3 = x[i:i+16]
	VLD1.P 32(R1), [V4.S4, V5.S4]                   //   V4–V5 = x[i+16:i+24]
	SIGMOID(EACH6)
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)     //   dst[i:i+16] = V0–V3
	VST1.P [V4.S4, V5.S4], 32(R0)                   //   dst[i+16:i+24] = V4–V5
	SUBS $24, R2
	BGE  loop24                                     // }
	LOOP_REST_NEON(20, SIGMOID, LOAD1_4, LOAD1_TAIL)

// Tanh on vector k: x, then the result in V(k); z, r, expm1(r), NR scratch,
// then t in V(4+k); t, 2ⁿ, then the reciprocal in V(8+k); n, Horner, r²,
// m = expm1(z), then the residual in V(12+k); Horner, then 2 + m in
// V(16+k). As the AVX tiers (kernels_amd64.s): m = 2ⁿ·expm1(r) + 2ⁿ - 1
// with expm1(r) = r + r²·q(r), then -m/(2+m), the sign of x inserted by
// bit: no second polynomial and no select. The quotient is m times a
// 16-bit reciprocal (frecpe, one frecps step) corrected once by its fused
// residual, about as exact as a division (24 operations per vector; 37
// with expNeg's (1-e)/(1+e) and the odd polynomial near 0).
#define TANH_Z(k) \ // R = z = max(-2|x|, -88); NaN stays NaN
	WORD $(0x4e20d400|(4+k)|((k)<<5)|((k)<<16)) /* fadd v{4+k}.4s, v{k}.4s, v{k}.4s */ \
	WORD $(0x4ebf1c00|(4+k)|((4+k)<<5)) /* orr v{4+k}.16b, v{4+k}.16b, v31.16b */ \
	WORD $(0x4e3ef400|(4+k)|((4+k)<<5)) /* fmax v{4+k}.4s, v{4+k}.4s, v30.4s */
#define TANH_Q1(k) HORNER(12+k, 4+k, 20, 0x160)  // P = q = q4·r + q3
#define TANH_Q2(k) HORNER(16+k, 4+k, 12+k, 0x170) // Q = q·r + q2
#define TANH_Q3(k) HORNER(12+k, 4+k, 16+k, 0x180) // P = q·r + q1
#define TANH_Q4(k) HORNER(16+k, 4+k, 12+k, 0x190) // Q = q = q·r + q0
#define TANH_EM1(k) \ // P = r², R = r + r²·q = expm1(r)
	WORD $(0x6e20dc00|(12+k)|((4+k)<<5)|((4+k)<<16)) /* fmul v{12+k}.4s, v{4+k}.4s, v{4+k}.4s */ \
	WORD $(0x4e20cc00|(4+k)|((12+k)<<5)|((16+k)<<16)) /* fmla v{4+k}.4s, v{12+k}.4s, v{16+k}.4s */
#define TANH_M(k) \ // P = 2ⁿ - 1 (exact), then m = P + 2ⁿ·expm1(r) = expm1(z)
	WORD $(0x4ea0d400|(12+k)|((8+k)<<5)|(24<<16)) /* fsub v{12+k}.4s, v{8+k}.4s, v24.4s */ \
	WORD $(0x4e20cc00|(12+k)|((8+k)<<5)|((4+k)<<16)) /* fmla v{12+k}.4s, v{8+k}.4s, v{4+k}.4s */
#define TANH_S(k) \ // Q = s = 2 + m
	WORD $(0x4e20d400|(16+k)|((12+k)<<5)|(25<<16)) /* fadd v{16+k}.4s, v{12+k}.4s, v25.4s */
#define TANH_RCP(k) \ // T ≈ 1/s (8 bits)
	WORD $(0x4ea1d800|(8+k)|((16+k)<<5)) /* frecpe v{8+k}.4s, v{16+k}.4s */
#define TANH_NR(k) \ // T = T·(2 - s·T): 1/s to 16 bits
	WORD $(0x4e20fc00|(4+k)|((8+k)<<5)|((16+k)<<16)) /* frecps v{4+k}.4s, v{8+k}.4s, v{16+k}.4s */ \
	WORD $(0x6e20dc00|(8+k)|((8+k)<<5)|((4+k)<<16)) /* fmul v{8+k}.4s, v{8+k}.4s, v{4+k}.4s */
#define TANH_T(k) \ // R = t = m/s = -tanh(|x|): t0 = m·T, then t0 + (m - t0·s)·T; X = t with the sign of x
	WORD $(0x6e20dc00|(4+k)|((12+k)<<5)|((8+k)<<16)) /* fmul v{4+k}.4s, v{12+k}.4s, v{8+k}.4s */ \
	WORD $(0x4ea0cc00|(12+k)|((4+k)<<5)|((16+k)<<16)) /* fmls v{12+k}.4s, v{4+k}.4s, v{16+k}.4s */ \
	WORD $(0x4e20cc00|(4+k)|((12+k)<<5)|((8+k)<<16)) /* fmla v{4+k}.4s, v{12+k}.4s, v{8+k}.4s */ \
	WORD $(0x6ee01c00|(k)|((4+k)<<5)|(31<<16)) /* bif v{k}.16b, v{4+k}.16b, v31.16b */
#define TANH(EACH) \
	EACH(TANH_Z) \
	EACH(EXP_ROUND) \
	EACH(EXP_N) \
	EACH(EXP_R) \
	EACH(EXP_2N) \
	EACH(TANH_Q1) \
	EACH(TANH_Q2) \
	EACH(TANH_Q3) \
	EACH(TANH_Q4) \
	EACH(TANH_EM1) \
	EACH(TANH_M) \
	EACH(TANH_S) \
	EACH(TANH_RCP) \
	EACH(TANH_NR) \
	EACH(TANH_T)

// func tanhNEON(dst, x *float32, n int)
// Requires: ASIMD
//
// dst[i] = tanh(x[i]) for i < n, n ≥ 0: m = expm1(-2|x|) (z clamped at -88,
// NaN kept), then -m/(2+m) with frecpe, one frecps step and a residual
// correction, the sign of x inserted by bit.
//
// Register use: V20 q4   V24 1   V25 2   V30 -88   V31 sign bit; EXP_CONSTS;
// vectors as TANH says.
TEXT ·tanhNEON(SB), NOSPLIT|NOFRAME, $0-24
	MOVD  dst+0(FP), R0
	MOVD  x+8(FP), R1
	MOVD  n+16(FP), R2
	EXP_CONSTS
	FMOVQ 0xc0(R5), F24                             // V24 = 1
	FMOVQ 0x1a0(R5), F25                            // V25 = 2
	FMOVQ 0x00(R5), F31                             // V31 = sign bit
	FMOVQ 0x150(R5), F20                            // V20 = q4
	LOOP1_NEON(TANH, ALIGN16)

// Softmax's exponentials on vector k: z = max(x - m, -88) in V(4+k), then
// EXP; the sum of e added to V(20+k).
#define EXPSUB_Z(k) \ // R = z = max(x - m, -88)
	WORD $(0x4ebfd400|(4+k)|((k)<<5)) /* fsub v{4+k}.4s, v{k}.4s, v31.4s */ \
	WORD $(0x4e3ef400|(4+k)|((4+k)<<5)) /* fmax v{4+k}.4s, v{4+k}.4s, v30.4s */
#define EXPSUB_SUM(k) \ // sum += e
	WORD $(0x4e20d400|(20+k)|((20+k)<<5)|((8+k)<<16)) /* fadd v{20+k}.4s, v{20+k}.4s, v{8+k}.4s */
#define EXPSUB(EACH) \
	EACH(EXPSUB_Z) \
	EXP(EACH) \
	EACH(EXPSUB_SUM)

// func maxNaNNEON(x *float32, n int) (m float32, nan bool)
// Requires: ASIMD
//
// m = max x[i] and nan = some x[i] is NaN, for i < n, n a positive multiple
// of 8: Softmax's first pass. FMAX returns NaN when either input is NaN, so
// a NaN anywhere reaches m and nan is m's own NaN test; without one, m is
// the maximum (FMAX orders -0 below +0, as Go's max does).
//
// Register use: R0 x cursor   R1 elements left   V0, V1, V6, V7 maxima
// V2–V5 loaded   R2 nan
TEXT ·maxNaNNEON(SB), NOSPLIT|NOFRAME, $0-21
	MOVD   x+0(FP), R0
	MOVD   n+8(FP), R1
	VLD1.P 32(R0), [V0.S4, V1.S4]          // the first 8
	VMOV   V0.B16, V6.B16
	VMOV   V1.B16, V7.B16
	SUB    $8, R1
	CMP    $16, R1
	BLT    maxNaNNEON_eight

maxNaNNEON_loop16: // for ; n >= 16; n -= 16 {
	VLD1.P 64(R0), [V2.S4, V3.S4, V4.S4, V5.S4]
	WORD   $0x4e22f400                     // fmax v0.4s, v0.4s, v2.4s
	WORD   $0x4e23f421                     // fmax v1.4s, v1.4s, v3.4s
	WORD   $0x4e24f4c6                     // fmax v6.4s, v6.4s, v4.4s
	WORD   $0x4e25f4e7                     // fmax v7.4s, v7.4s, v5.4s
	SUB    $16, R1
	CMP    $16, R1
	BGE    maxNaNNEON_loop16               // }

maxNaNNEON_eight:
	CBZ    R1, maxNaNNEON_reduce
	VLD1.P 32(R0), [V2.S4, V3.S4]
	WORD   $0x4e22f400                     // fmax v0.4s, v0.4s, v2.4s
	WORD   $0x4e23f421                     // fmax v1.4s, v1.4s, v3.4s

maxNaNNEON_reduce:
	WORD  $0x4e21f400                      // fmax v0.4s, v0.4s, v1.4s
	WORD  $0x4e27f4c6                      // fmax v6.4s, v6.4s, v7.4s
	WORD  $0x4e26f400                      // fmax v0.4s, v0.4s, v6.4s
	WORD  $0x6e30f800                      // fmaxv s0, v0.4s
	FMOVS F0, m+16(FP)
	FCMPS F0, F0                           // unordered (V set) only for a NaN
	CSET  VS, R2
	MOVB  R2, nan+20(FP)
	RET

// func expSubSumNEON(dst, x *float32, m float32, n int) float32
// Requires: ASIMD
//
// dst[i] = exp(x[i]-m) for i < n, n ≥ 0 (x[i] ≤ m, no NaN), 0 where
// x[i]-m ≤ -88, and returns Σ dst[i] from four 4-lane partial sums. The tail
// lanes ≥ n hold -Inf, so they add 0.
//
// Register use: V20–V23 partial sums   V30 -88   V31 m   F0 the returned
// sum; vectors as EXPSUB says (e, stored, in V(8+k)).
TEXT ·expSubSumNEON(SB), NOSPLIT|NOFRAME, $0-36
	MOVD  dst+0(FP), R0
	MOVD  x+8(FP), R1
	FMOVS m+16(FP), F31
	MOVD  n+24(FP), R2
	EXP_CONSTS
	VDUP  V31.S[0], V31.S4                          // V31 = m
	VEOR  V20.B16, V20.B16, V20.B16                 // V20–V23 = 0: the sums
	VEOR  V21.B16, V21.B16, V21.B16
	VEOR  V22.B16, V22.B16, V22.B16
	VEOR  V23.B16, V23.B16, V23.B16
	SUBS $16, R2                                    // R2 = n-16
	BLT  four

	PCALIGN $16

loop16:                                                 // for ; n >= 16; n -= 16 {
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]     //   V0–V3 = x[i:i+16]
	EXPSUB(EACH4)
	VST1.P [V8.S4, V9.S4, V10.S4, V11.S4], 64(R0)   //   dst[i:i+16] = V8–V11
	SUBS $16, R2
	BGE  loop16                                     // }

four:
	ADDS $12, R2                                    // R2 = n-4
	BLT  tail

loop4:                                                  // for ; n >= 4; n -= 4 {
	VLD1.P 16(R1), [V0.S4]                          //   V0 = x[i:i+4]
	EXPSUB(ONE)
	VST1.P [V8.S4], 16(R0)                          //   dst[i:i+4] = V8
	SUBS $4, R2
	BGE  loop4                                      // }

tail:
	ADDS $4, R2                                     // R2 = n (0–3 left)
	BEQ  done
	FMOVQ 0xd0(R5), F0                              // V0 = -Inf: lanes ≥ n give e = 0
	VLD1.P 4(R1), V0.S[0]                           // V0[0] = x[i]
	CMP  $1, R2
	BEQ  last
	VLD1.P 4(R1), V0.S[1]                           // V0[1] = x[i+1]
	CMP  $2, R2
	BEQ  last
	VLD1 (R1), V0.S[2]                              // V0[2] = x[i+2]

last:
	EXPSUB(ONE)
	STORE_TAIL(V8)

done:
	WORD $0x4e35d694 // fadd v20.4s, v20.4s, v21.4s
	WORD $0x4e37d6d6 // fadd v22.4s, v22.4s, v23.4s
	WORD $0x4e36d694 // fadd v20.4s, v20.4s, v22.4s
	WORD $0x6e34d694 // faddp v20.4s, v20.4s, v20.4s
	WORD $0x7e30da80 // faddp s0, v20.2s
	FMOVS F0, ret+32(FP)                            // return the sum
	RET

#undef EXPSUB_Z
#undef EXPSUB_SUM
#undef EXPSUB

// ===========================================================================
// Element-wise: Sscal, SigmoidGrad, TanhGrad, Relu, ReluGrad. Contracts:
// kernels/doc.go; driver: elementwise.go. Each kernel sets up its constants
// and runs the frame (LOOP1_NEON for one input, LOOP2_NEON for two) around
// its body. Each rounds exactly as Generic compiled for arm64 does, so all
// five match it bit for bit: Generic fuses 1-y·y (FMSUBS) but nothing in
// SigmoidGrad, so fmls there and plain fsub/fmul here. Relu is fcmle #0 and
// bic; ReluGrad fcmgt #0, fcmeq y, y, bic and bit. Vector k holds its first
// input, then the result, in V(k), the second input in V(4+k), scratch in
// V(8+k) and V(12+k); V24 holds 1 (the gradients) or alpha (Sscal).

// Sscal: x = x·alpha (V24).
#define SSCAL_MUL(k) \
	WORD $(0x6e38dc00|(k)|((k)<<5)) /* fmul v{k}.4s, v{k}.4s, v24.4s */
#define SSCAL(EACH) \
	EACH(SSCAL_MUL)

// func sscalNEON(x *float32, alpha float32, n int)
// Requires: ASIMD
//
// x[i] *= alpha for i < n, n ≥ 0.
TEXT ·sscalNEON(SB), NOSPLIT|NOFRAME, $0-24
	MOVD  x+0(FP), R0
	MOVD  R0, R1                                    // R1 = x (load cursor)
	MOVWU alpha+8(FP), R4
	MOVD  n+16(FP), R2
	VDUP  R4, V24.S4                                // V24 = alpha
	LOOP1_NEON(SSCAL, NOALIGN)

// SigmoidGrad: t = 1 - y; x = dy·y; x = (dy·y)·(1-y), unfused like Generic.
#define SGRAD_1MY(k) \
	WORD $(0x4ea0d700|(8+k)|((k)<<16)) /* fsub v{8+k}.4s, v24.4s, v{k}.4s */
#define SGRAD_DYY(k) \
	WORD $(0x6e20dc00|(k)|((4+k)<<5)|((k)<<16)) /* fmul v{k}.4s, v{4+k}.4s, v{k}.4s */
#define SGRAD_MUL(k) \
	WORD $(0x6e20dc00|(k)|((k)<<5)|((8+k)<<16)) /* fmul v{k}.4s, v{k}.4s, v{8+k}.4s */
#define SIGMOIDGRAD(EACH) \
	EACH(SGRAD_1MY) \
	EACH(SGRAD_DYY) \
	EACH(SGRAD_MUL)

// func sigmoidGradNEON(dst, y, dy *float32, n int)
// Requires: ASIMD
//
// dst[i] = (dy[i]·y[i])·(1-y[i]) for i < n, n ≥ 0, unfused like Generic.
TEXT ·sigmoidGradNEON(SB), NOSPLIT|NOFRAME, $0-32
	GRAD_ARGS
	LOOP2_NEON(SIGMOIDGRAD)

// TanhGrad: t = 1 - y·y, fused as Go fuses it (FMSUBS); x = dy·t.
#define TGRAD_1MYY(k) \
	WORD $(0x4eb81f00|(8+k)) /* mov v{8+k}.16b, v24.16b */ \
	WORD $(0x4ea0cc00|(8+k)|((k)<<5)|((k)<<16)) /* fmls v{8+k}.4s, v{k}.4s, v{k}.4s */
#define TGRAD_MUL(k) \
	WORD $(0x6e20dc00|(k)|((4+k)<<5)|((8+k)<<16)) /* fmul v{k}.4s, v{4+k}.4s, v{8+k}.4s */
#define TANHGRAD(EACH) \
	EACH(TGRAD_1MYY) \
	EACH(TGRAD_MUL)

// func tanhGradNEON(dst, y, dy *float32, n int)
// Requires: ASIMD
//
// dst[i] = dy[i]·(1-y[i]·y[i]) for i < n, n ≥ 0, with 1-y·y fused as Go
// fuses it on arm64.
TEXT ·tanhGradNEON(SB), NOSPLIT|NOFRAME, $0-32
	GRAD_ARGS
	LOOP2_NEON(TANHGRAD)

// Relu: t = x ≤ 0 (false for NaN); x = x &^ t: x, or +0 where x ≤ 0.
#define RELU_LE0(k) \
	WORD $(0x6ea0d800|(8+k)|((k)<<5)) /* fcmle v{8+k}.4s, v{k}.4s, #0.0 */
#define RELU_BIC(k) \
	WORD $(0x4e601c00|(k)|((k)<<5)|((8+k)<<16)) /* bic v{k}.16b, v{k}.16b, v{8+k}.16b */
#define RELU(EACH) \
	EACH(RELU_LE0) \
	EACH(RELU_BIC)

// func reluNEON(dst, x *float32, n int)
// Requires: ASIMD
//
// dst[i] = x[i] if x[i] > 0 or NaN, else +0, for i < n, n ≥ 0: fcmle #0 and
// bic.
TEXT ·reluNEON(SB), NOSPLIT|NOFRAME, $0-24
	MOVD  dst+0(FP), R0
	MOVD  x+8(FP), R1
	MOVD  n+16(FP), R2
	LOOP1_NEON(RELU, NOALIGN)

// ReluGrad: t = y > 0; u = y == y (false for NaN); x = y &^ u (NaN where y
// is NaN, else +0); x = t ? dy : x.
#define RGRAD_GT0(k) \
	WORD $(0x4ea0c800|(8+k)|((k)<<5)) /* fcmgt v{8+k}.4s, v{k}.4s, #0.0 */
#define RGRAD_ORD(k) \
	WORD $(0x4e20e400|(12+k)|((k)<<5)|((k)<<16)) /* fcmeq v{12+k}.4s, v{k}.4s, v{k}.4s */
#define RGRAD_NAN(k) \
	WORD $(0x4e601c00|(k)|((k)<<5)|((12+k)<<16)) /* bic v{k}.16b, v{k}.16b, v{12+k}.16b */
#define RGRAD_SEL(k) \
	WORD $(0x6ea01c00|(k)|((4+k)<<5)|((8+k)<<16)) /* bit v{k}.16b, v{4+k}.16b, v{8+k}.16b */
#define RELUGRAD(EACH) \
	EACH(RGRAD_GT0) \
	EACH(RGRAD_ORD) \
	EACH(RGRAD_NAN) \
	EACH(RGRAD_SEL)

// func reluGradNEON(dst, y, dy *float32, n int)
// Requires: ASIMD
//
// dst[i] = dy[i] where y[i] > 0, y[i] where y[i] is NaN, else +0, for
// i < n, n ≥ 0: fcmgt #0, fcmeq y, y, bic and bit.
TEXT ·reluGradNEON(SB), NOSPLIT|NOFRAME, $0-32
	MOVD  dst+0(FP), R0
	MOVD  y+8(FP), R1
	MOVD  dy+16(FP), R3
	MOVD  n+24(FP), R2
	LOOP2_NEON(RELUGRAD)

#undef SSCAL_MUL
#undef SSCAL
#undef SGRAD_1MY
#undef SGRAD_DYY
#undef SGRAD_MUL
#undef SIGMOIDGRAD
#undef TGRAD_1MYY
#undef TGRAD_MUL
#undef TANHGRAD
#undef RELU_LE0
#undef RELU_BIC
#undef RELU
#undef RGRAD_GT0
#undef RGRAD_ORD
#undef RGRAD_NAN
#undef RGRAD_SEL
#undef RELUGRAD
#undef LOOP2_NEON
#undef LOOP1_NEON
#undef LOOP_REST_NEON
#undef LOOP_NEON
#undef LOAD1_16
#undef LOAD1_4
#undef LOAD1_TAIL
#undef LOAD2_16
#undef LOAD2_4
#undef LOAD2_TAIL
#undef STORE_TAIL
#undef ALIGN16
#undef NOALIGN

// ===========================================================================
// Optimizer: AdamStep. Contract and bound: kernels/doc.go, AdamStep; driver:
// elementwise.go. 16 lanes per iteration with vector fsqrt and fdiv, then 4,
// then scalar; lr applied last, as in Generic.

// AdamStep on vector k: p in V(k), g in V(4+k), m in V(8+k), v in V(12+k),
// scratch T in V(24+k), U in V(4+k) once g is used up; V16–V23 hold b1,
// 1-b1, b2, 1-b2, c1, c2, eps, lr; V28 the finiteness check sum, V29–V31
// its scratch. ADAM_MV(EACH) updates m and v, ADAM_P(EACH) then p.
#define ADAM_M(k) \ // M = b1·m + a1·g
	WORD $(0x6e30dc00|(8+k)|((8+k)<<5)) /* fmul v{8+k}.4s, v{8+k}.4s, v16.4s */
#define ADAM_MG(k) \
	WORD $(0x4e31cc00|(8+k)|((4+k)<<5)) /* fmla v{8+k}.4s, v{4+k}.4s, v17.4s */
#define ADAM_G2(k) \ // T = g·g
	WORD $(0x6e20dc00|(24+k)|((4+k)<<5)|((4+k)<<16)) /* fmul v{24+k}.4s, v{4+k}.4s, v{4+k}.4s */
#define ADAM_V(k) \ // V = b2·v + a2·g²
	WORD $(0x6e32dc00|(12+k)|((12+k)<<5)) /* fmul v{12+k}.4s, v{12+k}.4s, v18.4s */
#define ADAM_VG(k) \
	WORD $(0x4e33cc00|(12+k)|((24+k)<<5)) /* fmla v{12+k}.4s, v{24+k}.4s, v19.4s */
#define ADAM_MV(EACH) \
	EACH(ADAM_M) \
	EACH(ADAM_MG) \
	EACH(ADAM_G2) \
	EACH(ADAM_V) \
	EACH(ADAM_VG)
#define ADAM_VC2(k) \ // T = v·c2
	WORD $(0x6e35dc00|(24+k)|((12+k)<<5)) /* fmul v{24+k}.4s, v{12+k}.4s, v21.4s */
#define ADAM_SQRT(k) \ // T = √(v·c2)
	WORD $(0x6ea1f800|(24+k)|((24+k)<<5)) /* fsqrt v{24+k}.4s, v{24+k}.4s */
#define ADAM_EPS(k) \ // T = √(v·c2) + eps
	WORD $(0x4e36d400|(24+k)|((24+k)<<5)) /* fadd v{24+k}.4s, v{24+k}.4s, v22.4s */
#define ADAM_MC1(k) \ // U = m·c1 (in g's register: g is used up)
	WORD $(0x6e34dc00|(4+k)|((8+k)<<5)) /* fmul v{4+k}.4s, v{8+k}.4s, v20.4s */
#define ADAM_DIV(k) \ // U = (m·c1) / T
	WORD $(0x6e20fc00|(4+k)|((4+k)<<5)|((24+k)<<16)) /* fdiv v{4+k}.4s, v{4+k}.4s, v{24+k}.4s */
#define ADAM_LR(k) \ // U = (m·c1) / T · lr: lr last, as Generic (lr·(m·c1) can underflow)
	WORD $(0x6e37dc00|(4+k)|((4+k)<<5)) /* fmul v{4+k}.4s, v{4+k}.4s, v23.4s */
#define ADAM_SUB(k) \ // P = p - U
	WORD $(0x4ea0d400|(k)|((k)<<5)|((4+k)<<16)) /* fsub v{k}.4s, v{k}.4s, v{4+k}.4s */
#define ADAM_P(EACH) \
	EACH(ADAM_VC2) \
	EACH(ADAM_SQRT) \
	EACH(ADAM_EPS) \
	EACH(ADAM_MC1) \
	EACH(ADAM_DIV) \
	EACH(ADAM_LR) \
	EACH(ADAM_SUB)
// ADAM_CHECK(k): V28 += (p-p) + (m-m) + (v-v) of the new values, 0 in a lane
// where all three are finite and NaN once one is ±Inf or NaN.
#define ADAM_CHECK(k) \
	WORD $(0x4ea0d400|29|((k)<<5)|((k)<<16)) /* fsub v29.4s, v{k}.4s, v{k}.4s */ \
	WORD $(0x4ea0d400|30|((8+k)<<5)|((8+k)<<16)) /* fsub v30.4s, v{8+k}.4s, v{8+k}.4s */ \
	WORD $(0x4ea0d400|31|((12+k)<<5)|((12+k)<<16)) /* fsub v31.4s, v{12+k}.4s, v{12+k}.4s */ \
	WORD $0x4e3ed7bd /* fadd v29.4s, v29.4s, v30.4s */ \
	WORD $0x4e3fd7bd /* fadd v29.4s, v29.4s, v31.4s */ \
	WORD $0x4e3dd79c /* fadd v28.4s, v28.4s, v29.4s */

// AdamStep's bodies: 16, 4 and 1 elements (p at R0, g at R1, m at R2, v at
// R3; scalars F16–F23 as V16–V23).
#define ADAM16 \
	VLD1   (R0), [V0.S4, V1.S4, V2.S4, V3.S4] \        // V0–V3 = p[i:i+16]
	VLD1.P 64(R1), [V4.S4, V5.S4, V6.S4, V7.S4] \      // V4–V7 = g[i:i+16]
	VLD1   (R2), [V8.S4, V9.S4, V10.S4, V11.S4] \      // V8–V11 = m[i:i+16]
	VLD1   (R3), [V12.S4, V13.S4, V14.S4, V15.S4] \    // V12–V15 = v[i:i+16]
	ADAM_MV(EACH4) \
	VST1.P [V8.S4, V9.S4, V10.S4, V11.S4], 64(R2) \   // m[i:i+16] = M
	VST1.P [V12.S4, V13.S4, V14.S4, V15.S4], 64(R3) \ // v[i:i+16] = V
	ADAM_P(EACH4) \
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0) \     // p[i:i+16] = P
	EACH4(ADAM_CHECK)
#define ADAM4 \
	VLD1   (R0), [V0.S4] \    // V0 = p[i:i+4]
	VLD1.P 16(R1), [V4.S4] \  // V4 = g[i:i+4]
	VLD1   (R2), [V8.S4] \    // V8 = m[i:i+4]
	VLD1   (R3), [V12.S4] \   // V12 = v[i:i+4]
	ADAM_MV(ONE) \
	VST1.P [V8.S4], 16(R2) \  // m[i:i+4] = M
	VST1.P [V12.S4], 16(R3) \ // v[i:i+4] = V
	ADAM_P(ONE) \
	VST1.P [V0.S4], 16(R0) \  // p[i:i+4] = P
	ADAM_CHECK(0)
// ADAM_MID sums V28's lanes into lane 0 (F28) before the scalar tail, whose
// scalar writes clear the other lanes.
#define ADAM_MID \
	WORD $0x6e3cd79c /* faddp v28.4s, v28.4s, v28.4s */ \
	WORD $0x6e3cd79c /* faddp v28.4s, v28.4s, v28.4s */
#define ADAM1 \
	FMOVS.P 4(R1), F4 \         // F4 = g[i]
	FMOVS   (R2), F8 \          // F8 = m[i]
	FMOVS   (R3), F12 \         // F12 = v[i]
	FMOVS   (R0), F0 \          // F0 = p[i]
	FMULS   F16, F8 \           // F8 = b1·m
	FMADDS  F17, F8, F4, F8 \   // F8 = g·(1-b1) + b1·m
	FMULS   F4, F4, F24 \       // F24 = g·g
	FMULS   F18, F12 \          // F12 = b2·v
	FMADDS  F19, F12, F24, F12 \ // F12 = g²·(1-b2) + b2·v
	FMOVS.P F8, 4(R2) \         // m[i] = F8
	FMOVS.P F12, 4(R3) \        // v[i] = F12
	FMULS   F21, F12, F24 \     // F24 = v·c2
	FSQRTS  F24, F24 \          // F24 = √(v·c2)
	FADDS   F22, F24 \          // F24 += eps
	FMULS   F20, F8, F4 \       // F4 = m·c1
	FDIVS   F24, F4 \           // F4 = (m·c1)/T
	FMULS   F23, F4 \           // F4 ·= lr
	FSUBS   F4, F0 \            // F0 = p - F4
	FMOVS.P F0, 4(R0) \         // p[i] = F0
	FSUBS   F0, F0, F29 \       // F28 += (p-p) + (m-m) + (v-v)
	FSUBS   F8, F8, F30 \
	FSUBS   F12, F12, F31 \
	FADDS   F30, F29 \
	FADDS   F31, F29 \
	FADDS   F29, F28

// func adamStepNEON(p, grad, m, v *float32, n int, lr, b1, b2, c1, c2, eps float32) (finite bool)
// Requires: ASIMD
//
// For i < n, n ≥ 0: m[i] = b1·m[i] + (1-b1)·g[i], v[i] = b2·v[i] +
// (1-b2)·g[i]², p[i] -= (m[i]·c1) / (√(v[i]·c2) + eps) · lr, with the a·x + y
// steps fused, a real square root and a real division. 16 elements per
// iteration, then 4, then 0–3 one at a time in scalar registers (the low
// lanes of the constant vectors); nothing outside [0, n) is read or written.
// finite reports whether every new p, m and v is finite: ADAM_CHECK sums
// x - x over them into V28 (F28 in the scalar tail), NaN once one is not.
//
// Register use:
//   R0 p cursor   R1 grad cursor   R2 m cursor   R3 v cursor   R4 n countdown (biased)
//   for vector k = 0..3: V(k) p   V(4+k) g, then the update (m·c1) / (…) · lr
//   V(8+k) m   V(12+k) v   V(24+k) g², then √(v·c2) + eps
//   V16 b1   V17 1-b1   V18 b2   V19 1-b2   V20 c1   V21 c2   V22 eps   V23 lr
//   (in every lane; F16–F23 are the same values for the scalar tail)
//   V28 check sum   V29–V31 check scratch
TEXT ·adamStepNEON(SB), NOSPLIT|NOFRAME, $0-65
	MOVD   p+0(FP), R0
	MOVD   grad+8(FP), R1
	MOVD   m+16(FP), R2
	MOVD   v+24(FP), R3
	MOVD   n+32(FP), R4
	FMOVS  lr+40(FP), F23
	FMOVS  b1+44(FP), F16
	FMOVS  b2+48(FP), F18
	FMOVS  c1+52(FP), F20
	FMOVS  c2+56(FP), F21
	FMOVS  eps+60(FP), F22
	FMOVS  $(1.0), F17
	FMOVS  F17, F19
	FSUBS  F16, F17                                    // F17 = 1-b1
	FSUBS  F18, F19                                    // F19 = 1-b2
	VDUP   V16.S[0], V16.S4                            // V16–V23: broadcast lane 0
	VDUP   V17.S[0], V17.S4
	VDUP   V18.S[0], V18.S4
	VDUP   V19.S[0], V19.S4
	VDUP   V20.S[0], V20.S4
	VDUP   V21.S[0], V21.S4
	VDUP   V22.S[0], V22.S4
	VDUP   V23.S[0], V23.S4
	VEOR   V28.B16, V28.B16, V28.B16                   // check sum = 0
	LOOP16_4_1(R4, ADAM16, ADAM4, ADAM_MID, ADAM1)
	FCMPS  F28, F28                                    // unordered if NaN
	CSET   EQ, R5
	MOVB   R5, finite+64(FP)
	RET

// ===========================================================================
// The FMA probe: PeakFMA. 24 independent fmla.4s chains on registers only,
// enough to cover FMA latency × throughput of current cores.

// PEAK_FMA(k): V(k) += V1·V0.
#define PEAK_FMA(k) \
	WORD $(0x4e20cc20|(k)) /* fmla v{k}.4s, v1.4s, v0.4s */

// func peakFMANEON(n int)
// Requires: ASIMD
//
// Runs n > 0 iterations of 24 independent fmla v.4s (192 flops) on registers
// only: enough chains to cover FMA latency × throughput of current cores.
// Each accumulator grows by 1e-6 per iteration and starts at 0 on every call,
// so values stay normal.
//
// Register use:
//   R0 n countdown   R1 scratch   V0, V1 1e-3 in every lane   V8–V31 accumulators
TEXT ·peakFMANEON(SB), NOSPLIT|NOFRAME, $0-8
	MOVD n+0(FP), R0
	MOVW $0x3a83126f, R1                           // R1 = bits of float32(1e-3)
	VDUP R1, V0.S4                                 // V0 = 1e-3
	VDUP R1, V1.S4                                 // V1 = 1e-3
	RANGE24(VZERO, 8)                              // V8–V31 = 0

peakFMANEON_loop:                                      // for ; n > 0; n-- {
	RANGE24(PEAK_FMA, 8)                           //   V8–V31 += V1·V0
	SUBS  $1, R0
	BNE   peakFMANEON_loop                         // }
	RET

// ===========================================================================
// int8 GEMM: GemmInt8 (int8.go). Contract: kernels/doc.go, GemmInt8. The Go
// driver (gemmInt8) hands each call one int8Args block: rows × one packed
// panel (16 columns × groups of 4 k, 64 bytes per group), all k; edge
// columns go through a scratch tile in Go (whole 16-column rows are stored).
// Bytes past k in a row's last group meet zero weights.
//
// NEONDotProd (gemmInt8Dot4, 2, 1): SDOT by element. Per group the panel is
// four q registers V0–V3 (4 columns × 4 k each); SDOT V(acc), V(c),
// V(row).4b[g] adds the row's group g (4 bytes) times 4 columns to 4 int32
// lanes, 16 MACs. The main loop loads 16 bytes of each row (4 groups,
// V4–V7) and steps through them by element; a one-group loop does the rest.
// Accumulators V16–V31: row r, columns 4c..4c+3 in V(16+4r+c).
//
// NEON (gemmInt8NEON2, 1): SMULL and SMULL2 multiply 8 byte pairs into int16
// (|−128·−128| fits), SADALP adds adjacent int16 pairs into int32 lanes. The
// row's 4 bytes are replicated in every 32-bit lane (LD1R), so each panel
// register (4 columns × 4 k) gives, per column, two partial sums in adjacent
// lanes: V(16+8r+2c) holds columns 4c, 4c+1, V(17+8r+2c) columns 4c+2, 4c+3.
// The epilogue adds the pairs with ADDP. 4 instructions per 16 MACs where
// SDOT needs one.
//
// Register use: R0 p, R10–R13 rows 0–3 of a, R2 lda, R3 w, R4 groups left,
// R5 bias, R6 dst, R7 ldd·4; V0–V3 a panel group, V4–V7 rows of a (then the
// bias), V6–V13 products (NEON), V16–V31 accumulators.

// SDOT_LANE(d, n, m, i): V(d).4s += dot(V(n).16b, V(m).4b[i]).
#define SDOT_LANE(d, n, m, i) \
	WORD $(0x4f80e000|(d)|((n)<<5)|((m)<<16)|(((i)&1)<<21)|(((i)>>1)<<11)) /* sdot v{d}.4s, v{n}.16b, v{m}.4b[{i}] */

// DOT_ROW(r, g): row r's accumulators += panel group (V0–V3) · group g of V(4+r).
#define DOT_ROW(r, g) \
	SDOT_LANE(16+4*(r), 0, 4+(r), g) \
	SDOT_LANE(17+4*(r), 1, 4+(r), g) \
	SDOT_LANE(18+4*(r), 2, 4+(r), g) \
	SDOT_LANE(19+4*(r), 3, 4+(r), g)

#define DOT_ROWS4(g) \
	DOT_ROW(0, g) \
	DOT_ROW(1, g) \
	DOT_ROW(2, g) \
	DOT_ROW(3, g)

#define DOT_ROWS2(g) \
	DOT_ROW(0, g) \
	DOT_ROW(1, g)

#define DOT_ROWS1(g) \
	DOT_ROW(0, g)

#define INT8_PANEL \
	VLD1.P 64(R3), [V0.B16, V1.B16, V2.B16, V3.B16] // V0–V3 = w[group][0:16][0:4]

// The rows' next 4 groups (16 bytes) or next group (lane 0).
#define A16_4 \
	VLD1.P 16(R10), [V4.B16] \
	VLD1.P 16(R11), [V5.B16] \
	VLD1.P 16(R12), [V6.B16] \
	VLD1.P 16(R13), [V7.B16]
#define A16_2 \
	VLD1.P 16(R10), [V4.B16] \
	VLD1.P 16(R11), [V5.B16]
#define A16_1 \
	VLD1.P 16(R10), [V4.B16]
#define A4_4 \
	VLD1.P 4(R10), V4.S[0] \
	VLD1.P 4(R11), V5.S[0] \
	VLD1.P 4(R12), V6.S[0] \
	VLD1.P 4(R13), V7.S[0]
#define A4_2 \
	VLD1.P 4(R10), V4.S[0] \
	VLD1.P 4(R11), V5.S[0]
#define A4_1 \
	VLD1.P 4(R10), V4.S[0]

// INT8_ARGS loads the int8Args at R0 into the registers above.
#define INT8_ARGS \
	MOVD int8Args_a(R0), R10 \
	MOVD int8Args_lda(R0), R2 \
	ADD  R2, R10, R11 \
	ADD  R2, R11, R12 \
	ADD  R2, R12, R13 \
	MOVD int8Args_w(R0), R3 \
	MOVD int8Args_k4(R0), R4 \
	MOVD int8Args_bias(R0), R5 \
	MOVD int8Args_dst(R0), R6 \
	MOVD int8Args_ldd(R0), R7 \
	LSL  $2, R7

// DOT_LOOP(ROWS, A16, A4): all groups, four at a time, then one at a time.
#define DOT_LOOP(ROWS, A16, A4) \
	SUBS $4, R4 \
	BLT  one \
four: \
	A16 \
	INT8_PANEL \
	ROWS(0) \
	INT8_PANEL \
	ROWS(1) \
	INT8_PANEL \
	ROWS(2) \
	INT8_PANEL \
	ROWS(3) \
	SUBS $4, R4 \
	BGE  four \
one: \
	ADDS $4, R4 \
	BEQ  done \
oneloop: \
	A4 \
	INT8_PANEL \
	ROWS(0) \
	SUBS $1, R4 \
	BNE  oneloop \
done:

// INT8_STORE(a, b, c, d): one row's 16 columns + bias (V4–V7) to dst, next row.
#define INT8_STORE(a, b, c, d) \
	VADD V4.S4, a.S4, a.S4 \
	VADD V5.S4, b.S4, b.S4 \
	VADD V6.S4, c.S4, c.S4 \
	VADD V7.S4, d.S4, d.S4 \
	VST1 [a.S4, b.S4, c.S4, d.S4], (R6) \
	ADD  R7, R6

#define INT8_BIAS \
	VLD1 (R5), [V4.S4, V5.S4, V6.S4, V7.S4]

// func gemmInt8Dot4(p *int8Args)
// Requires: ASIMD, ASIMDDP
TEXT ·gemmInt8Dot4(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	INT8_ARGS
	RANGE8(VZERO, 16)
	RANGE8(VZERO, 24)
	DOT_LOOP(DOT_ROWS4, A16_4, A4_4)
	INT8_BIAS
	INT8_STORE(V16, V17, V18, V19)
	INT8_STORE(V20, V21, V22, V23)
	INT8_STORE(V24, V25, V26, V27)
	INT8_STORE(V28, V29, V30, V31)
	RET

// func gemmInt8Dot2(p *int8Args)
// Requires: ASIMD, ASIMDDP
TEXT ·gemmInt8Dot2(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	INT8_ARGS
	RANGE8(VZERO, 16)
	DOT_LOOP(DOT_ROWS2, A16_2, A4_2)
	INT8_BIAS
	INT8_STORE(V16, V17, V18, V19)
	INT8_STORE(V20, V21, V22, V23)
	RET

// func gemmInt8Dot1(p *int8Args)
// Requires: ASIMD, ASIMDDP
TEXT ·gemmInt8Dot1(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	INT8_ARGS
	RANGE4(VZERO, 16)
	DOT_LOOP(DOT_ROWS1, A16_1, A4_1)
	INT8_BIAS
	INT8_STORE(V16, V17, V18, V19)
	RET

// SMULL_ROW(r, c): row r's pair accumulators for panel register c +=
// products of V(c) and the replicated row V(4+r), via V(6+2c), V(7+2c).
#define SMULL_ROW(r, c) \
	WORD $(0x0e20c000|(6+2*(c))|((c)<<5)|((4+(r))<<16)) /* smull v{6+2*(c)}.8h, v{c}.8b, v{4+(r)}.8b */ \
	WORD $(0x4e20c000|(7+2*(c))|((c)<<5)|((4+(r))<<16)) /* smull2 v{7+2*(c)}.8h, v{c}.16b, v{4+(r)}.16b */ \
	WORD $(0x4e606800|(16+8*(r)+2*(c))|((6+2*(c))<<5)) /* sadalp v{16+8*(r)+2*(c)}.4s, v{6+2*(c)}.8h */ \
	WORD $(0x4e606800|(17+8*(r)+2*(c))|((7+2*(c))<<5)) /* sadalp v{17+8*(r)+2*(c)}.4s, v{7+2*(c)}.8h */

#define SMULL_ALL(r) \
	SMULL_ROW(r, 0) \
	SMULL_ROW(r, 1) \
	SMULL_ROW(r, 2) \
	SMULL_ROW(r, 3)

// PAIRS(r, c): V(c) = the 4 column sums of row r, panel register c.
#define PAIRS(r, c) \
	WORD $(0x4ea0bc00|(c)|((16+8*(r)+2*(c))<<5)|((17+8*(r)+2*(c))<<16)) /* addp v{c}.4s, v{16+8*(r)+2*(c)}.4s, v{17+8*(r)+2*(c)}.4s */

#define PAIRS_ROW(r) \
	PAIRS(r, 0) \
	PAIRS(r, 1) \
	PAIRS(r, 2) \
	PAIRS(r, 3) \
	INT8_STORE(V0, V1, V2, V3)

// func gemmInt8NEON2(p *int8Args)
// Requires: ASIMD
TEXT ·gemmInt8NEON2(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	INT8_ARGS
	RANGE8(VZERO, 16)
	RANGE8(VZERO, 24)

loop:
	INT8_PANEL
	VLD1R.P 4(R10), [V4.S4]   // row 0's group in every lane
	VLD1R.P 4(R11), [V5.S4]   // row 1's
	SMULL_ALL(0)
	SMULL_ALL(1)
	SUBS    $1, R4
	BNE     loop

	INT8_BIAS
	PAIRS_ROW(0)
	PAIRS_ROW(1)
	RET

// func gemmInt8NEON1(p *int8Args)
// Requires: ASIMD
TEXT ·gemmInt8NEON1(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	INT8_ARGS
	RANGE8(VZERO, 16)

loop:
	INT8_PANEL
	VLD1R.P 4(R10), [V4.S4]
	SMULL_ALL(0)
	SUBS    $1, R4
	BNE     loop

	INT8_BIAS
	PAIRS_ROW(0)
	RET

// ===========================================================================
// int8 element-wise: Requantize and QuantizeInt8 (requant.go), 8 lanes per
// iteration (two q registers). Exact: the same bits as Generic. n is a
// multiple of 8 here; Go does the rest.
//
// requantNEON: x <<= left (SSHL, wrapping); SQRDMULH is exactly TFLite's
// saturating rounding doubling high multiply ((a·b + 2³⁰) >> 31, saturated);
// the rounding divide by 2^right rounds ties away from zero where SRSHL by
// −right rounds them up, so negative values are first lowered by one (x &
// −right has x's sign bit exactly when right > 0; SSHR #31 makes that −1;
// SQADD keeps −2³¹): round-half-up((x−1)/2^e) = round-half-away(x/2^e) for
// x < 0. Then the zero point (wrapping ADD, as Generic), the clamp, and two
// saturating narrows.
//
// Register use: R0 dst, R1 acc, R2 mult, R3 left, R4 right, R5 n left;
// V0, V1 lanes; V2, V3 per-channel operands; V4, V5 fix-ups; V29 zero
// point, V30 lo, V31 hi.

// func requantNEON(dst *int8, acc, mult, left, right *int32, n int, zero, lo, hi int32)
// Requires: ASIMD
TEXT ·requantNEON(SB), NOSPLIT, $0-60
	MOVD  dst+0(FP), R0
	MOVD  acc+8(FP), R1
	MOVD  mult+16(FP), R2
	MOVD  left+24(FP), R3
	MOVD  right+32(FP), R4
	MOVD  n+40(FP), R5
	MOVW  zero+48(FP), R6
	VDUP  R6, V29.S4
	MOVW  lo+52(FP), R6
	VDUP  R6, V30.S4
	MOVW  hi+56(FP), R6
	VDUP  R6, V31.S4
	CBZ   R5, requant_done

requant_loop:
	VLD1.P 32(R1), [V0.S4, V1.S4]
	VLD1.P 32(R3), [V2.S4, V3.S4]
	WORD $0x4ea24400 // sshl v0.4s, v0.4s, v2.4s
	WORD $0x4ea34421 // sshl v1.4s, v1.4s, v3.4s
	VLD1.P 32(R2), [V2.S4, V3.S4]
	WORD $0x6ea2b400 // sqrdmulh v0.4s, v0.4s, v2.4s
	WORD $0x6ea3b421 // sqrdmulh v1.4s, v1.4s, v3.4s
	VLD1.P 32(R4), [V2.S4, V3.S4]
	WORD $0x6ea0b842 // neg v2.4s, v2.4s
	WORD $0x6ea0b863 // neg v3.4s, v3.4s
	WORD $0x4e221c04 // and v4.16b, v0.16b, v2.16b
	WORD $0x4e231c25 // and v5.16b, v1.16b, v3.16b
	WORD $0x4f210484 // sshr v4.4s, v4.4s, #31
	WORD $0x4f2104a5 // sshr v5.4s, v5.4s, #31
	WORD $0x4ea40c00 // sqadd v0.4s, v0.4s, v4.4s
	WORD $0x4ea50c21 // sqadd v1.4s, v1.4s, v5.4s
	WORD $0x4ea25400 // srshl v0.4s, v0.4s, v2.4s
	WORD $0x4ea35421 // srshl v1.4s, v1.4s, v3.4s
	WORD $0x4ebd8400 // add v0.4s, v0.4s, v29.4s
	WORD $0x4ebd8421 // add v1.4s, v1.4s, v29.4s
	WORD $0x4ebe6400 // smax v0.4s, v0.4s, v30.4s
	WORD $0x4ebe6421 // smax v1.4s, v1.4s, v30.4s
	WORD $0x4ebf6c00 // smin v0.4s, v0.4s, v31.4s
	WORD $0x4ebf6c21 // smin v1.4s, v1.4s, v31.4s
	WORD $0x0e614800 // sqxtn v0.4h, v0.4s
	WORD $0x4e614820 // sqxtn2 v0.8h, v1.4s
	WORD $0x0e214800 // sqxtn v0.8b, v0.8h
	VST1.P [V0.B8], 8(R0)
	SUBS   $8, R5
	BNE    requant_loop

requant_done:
	RET

// quantizeNEON: FDIV as Go's float32 division, FCVTAS rounds ties away from
// zero (TFLite's round) and saturates (NaN gives 0), SQADD adds the zero
// point, two saturating narrows clamp to int8.
//
// Register use: R0 dst, R1 x, R2 n left; V0, V1 lanes; V30 scale, V31 zero
// point.

// func quantizeNEON(dst *int8, x *float32, n int, scale float32, zero int32)
// Requires: ASIMD
TEXT ·quantizeNEON(SB), NOSPLIT, $0-32
	MOVD  dst+0(FP), R0
	MOVD  x+8(FP), R1
	MOVD  n+16(FP), R2
	FMOVS scale+24(FP), F30
	VDUP  V30.S[0], V30.S4
	MOVW  zero+28(FP), R6
	VDUP  R6, V31.S4
	CBZ   R2, quantize_done

quantize_loop:
	VLD1.P 32(R1), [V0.S4, V1.S4]
	WORD $0x6e3efc00 // fdiv v0.4s, v0.4s, v30.4s
	WORD $0x6e3efc21 // fdiv v1.4s, v1.4s, v30.4s
	WORD $0x4e21c800 // fcvtas v0.4s, v0.4s
	WORD $0x4e21c821 // fcvtas v1.4s, v1.4s
	WORD $0x4ebf0c00 // sqadd v0.4s, v0.4s, v31.4s
	WORD $0x4ebf0c21 // sqadd v1.4s, v1.4s, v31.4s
	WORD $0x0e614800 // sqxtn v0.4h, v0.4s
	WORD $0x4e614820 // sqxtn2 v0.8h, v1.4s
	WORD $0x0e214800 // sqxtn v0.8b, v0.8h
	VST1.P [V0.B8], 8(R0)
	SUBS   $8, R2
	BNE    quantize_loop

quantize_done:
	RET

// ===========================================================================
// The int8 peak probe: PeakInt8, each tier's GEMM multiply-add sequence on
// registers only. NEONDotProd: 24 chains of SDOT (vector, 16 MACs each).
// NEON: 8 groups of SMULL, SMULL2 and two SADALP into 8 accumulators (16
// MACs per group).

// SDOT_V(d): V(d).4s += dot(V24.16b, V25.16b).
#define SDOT_V(d) \
	WORD $(0x4e809400|(d)|(24<<5)|(25<<16)) /* sdot v{d}.4s, v24.16b, v25.16b */

// SMULL_GROUP(i): accumulator V(i) += the 16 products of V24 and V25, via
// V(8+2i) and V(9+2i).
#define SMULL_GROUP(i) \
	WORD $(0x0e20c000|(8+2*(i))|(24<<5)|(25<<16)) /* smull v{8+2*(i)}.8h, v24.8b, v25.8b */ \
	WORD $(0x4e20c000|(9+2*(i))|(24<<5)|(25<<16)) /* smull2 v{9+2*(i)}.8h, v24.16b, v25.16b */ \
	WORD $(0x4e606800|(i)|((8+2*(i))<<5)) /* sadalp v{i}.4s, v{8+2*(i)}.8h */ \
	WORD $(0x4e606800|(i)|((9+2*(i))<<5)) /* sadalp v{i}.4s, v{9+2*(i)}.8h */

// func peakInt8Dot(n int)
// Requires: ASIMD, ASIMDDP
TEXT ·peakInt8Dot(SB), NOSPLIT, $0-8
	MOVD n+0(FP), R0
	RANGE24(VZERO, 0)
	MOVW $0x01010101, R1
	VDUP R1, V24.S4
	VDUP R1, V25.S4
	CBZ  R0, peakdot_done

peakdot_loop:
	RANGE24(SDOT_V, 0)
	SUBS $1, R0
	BNE  peakdot_loop

peakdot_done:
	RET

// func peakInt8NEON(n int)
// Requires: ASIMD
TEXT ·peakInt8NEON(SB), NOSPLIT, $0-8
	MOVD n+0(FP), R0
	RANGE8(VZERO, 0)
	MOVW $0x01010101, R1
	VDUP R1, V24.S4
	VDUP R1, V25.S4
	CBZ  R0, peakneon_done

peakneon_loop:
	RANGE8(SMULL_GROUP, 0)
	SUBS $1, R0
	BNE  peakneon_loop

peakneon_done:
	RET
