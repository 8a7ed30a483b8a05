//go:build gc && !purego && !noasm

// Kernels for package simdnn on arm64. Declarations and dispatch: kernels_arm64.go.
// Instructions the Go assembler lacks are encoded with asm2plan9s: the GNU text
// after "//" is the source, the WORD prefix is generated. Rerun `go generate`
// on an arm64 host after editing one of those lines.

#include "textflag.h"
#include "go_asm.h"

// ---------------------------------------------------------------------------
// Saxpy. Contract: Saxpy in kernels.go.

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
	SUBS  $16, R2                                  // R2 = n-16
	BLT   saxpyNEON_four

saxpyNEON_loop16:                                      // for ; n >= 16; n -= 16 {
	VLD1.P 64(R1), [V1.S4, V2.S4, V3.S4, V4.S4]    //   V1–V4 = x[i:i+16]
	VLD1.P 64(R3), [V5.S4, V6.S4, V7.S4, V8.S4]    //   V5–V8 = dst[i:i+16]
	VFMLA  V0.S4, V1.S4, V5.S4                     //   V5 += alpha·V1
	VFMLA  V0.S4, V2.S4, V6.S4                     //   V6 += alpha·V2
	VFMLA  V0.S4, V3.S4, V7.S4                     //   V7 += alpha·V3
	VFMLA  V0.S4, V4.S4, V8.S4                     //   V8 += alpha·V4
	VST1.P [V5.S4, V6.S4, V7.S4, V8.S4], 64(R0)    //   dst[i:i+16] = V5–V8
	SUBS   $16, R2
	BGE    saxpyNEON_loop16                        // }

saxpyNEON_four:
	ADDS $12, R2                                   // R2 = n-4
	BLT  saxpyNEON_scalar

saxpyNEON_loop4:                                       // for ; n >= 4; n -= 4 {
	VLD1.P 16(R1), [V1.S4]                         //   V1 = x[i:i+4]
	VLD1.P 16(R3), [V5.S4]                         //   V5 = dst[i:i+4]
	VFMLA  V0.S4, V1.S4, V5.S4                     //   V5 += alpha·V1
	VST1.P [V5.S4], 16(R0)                         //   dst[i:i+4] = V5
	SUBS   $4, R2
	BGE    saxpyNEON_loop4                         // }

saxpyNEON_scalar:
	ADDS $4, R2                                    // R2 = n (0–3 left)
	BEQ  saxpyNEON_done

saxpyNEON_loop1:                                       // for ; n > 0; n-- {
	FMOVS.P 4(R1), F1                              //   F1 = x[i]
	FMOVS   (R0), F2                               //   F2 = dst[i]
	FMADDS  F0, F2, F1, F2                         //   F2 = x[i]·alpha + dst[i]
	FMOVS.P F2, 4(R0)                              //   dst[i] = F2
	SUBS    $1, R2
	BNE     saxpyNEON_loop1                        // }

saxpyNEON_done:
	RET

// ---------------------------------------------------------------------------
// Sdot. Contract: Sdot in kernels.go.

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
	SUBS $16, R2                                   // R2 = n-16
	BLT  sdotNEON_four

sdotNEON_loop16:                                       // for ; n >= 16; n -= 16 {
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]    //   V0–V3 = x[i:i+16]
	VLD1.P 64(R1), [V4.S4, V5.S4, V6.S4, V7.S4]    //   V4–V7 = y[i:i+16]
	VFMLA  V4.S4, V0.S4, V16.S4                    //   V16 += x[i:i+4]·y[i:i+4]
	VFMLA  V5.S4, V1.S4, V17.S4                    //   V17 += x[i+4:i+8]·y[i+4:i+8]
	VFMLA  V6.S4, V2.S4, V18.S4                    //   V18 += x[i+8:i+12]·y[i+8:i+12]
	VFMLA  V7.S4, V3.S4, V19.S4                    //   V19 += x[i+12:i+16]·y[i+12:i+16]
	SUBS   $16, R2
	BGE    sdotNEON_loop16                         // }

sdotNEON_four:
	ADDS $12, R2                                   // R2 = n-4
	BLT  sdotNEON_reduce

sdotNEON_loop4:                                        // for ; n >= 4; n -= 4 {
	VLD1.P 16(R0), [V0.S4]                         //   V0 = x[i:i+4]
	VLD1.P 16(R1), [V4.S4]                         //   V4 = y[i:i+4]
	VFMLA  V4.S4, V0.S4, V16.S4                    //   V16 += V0·V4
	SUBS   $4, R2
	BGE    sdotNEON_loop4                          // }

sdotNEON_reduce:
	WORD $0x4e31d610 // fadd v16.4s, v16.4s, v17.4s
	WORD $0x4e33d652 // fadd v18.4s, v18.4s, v19.4s
	WORD $0x4e32d610 // fadd v16.4s, v16.4s, v18.4s
	WORD $0x6e30d610 // faddp v16.4s, v16.4s, v16.4s
	WORD $0x7e30da00 // faddp s0, v16.2s
	ADDS $4, R2                                    // R2 = n (0–3 left)
	BEQ  sdotNEON_done

sdotNEON_loop1:                                        // for ; n > 0; n-- {
	FMOVS.P 4(R0), F1                              //   F1 = x[i]
	FMOVS.P 4(R1), F2                              //   F2 = y[i]
	FMADDS  F2, F0, F1, F0                         //   F0 += x[i]·y[i]
	SUBS    $1, R2
	BNE     sdotNEON_loop1                         // }

sdotNEON_done:
	FMOVS F0, ret+24(FP)                           // return F0
	RET

// ---------------------------------------------------------------------------
// Peak FMA probe. Contract: PeakFMA in kernels.go.

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
	VEOR V8.B16, V8.B16, V8.B16                    // V8–V31 = 0
	VEOR V9.B16, V9.B16, V9.B16
	VEOR V10.B16, V10.B16, V10.B16
	VEOR V11.B16, V11.B16, V11.B16
	VEOR V12.B16, V12.B16, V12.B16
	VEOR V13.B16, V13.B16, V13.B16
	VEOR V14.B16, V14.B16, V14.B16
	VEOR V15.B16, V15.B16, V15.B16
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	VEOR V24.B16, V24.B16, V24.B16
	VEOR V25.B16, V25.B16, V25.B16
	VEOR V26.B16, V26.B16, V26.B16
	VEOR V27.B16, V27.B16, V27.B16
	VEOR V28.B16, V28.B16, V28.B16
	VEOR V29.B16, V29.B16, V29.B16
	VEOR V30.B16, V30.B16, V30.B16
	VEOR V31.B16, V31.B16, V31.B16

peakFMANEON_loop:                                      // for ; n > 0; n-- {
	VFMLA V0.S4, V1.S4, V8.S4                      //   V8 += V1·V0, likewise V9–V31
	VFMLA V0.S4, V1.S4, V9.S4
	VFMLA V0.S4, V1.S4, V10.S4
	VFMLA V0.S4, V1.S4, V11.S4
	VFMLA V0.S4, V1.S4, V12.S4
	VFMLA V0.S4, V1.S4, V13.S4
	VFMLA V0.S4, V1.S4, V14.S4
	VFMLA V0.S4, V1.S4, V15.S4
	VFMLA V0.S4, V1.S4, V16.S4
	VFMLA V0.S4, V1.S4, V17.S4
	VFMLA V0.S4, V1.S4, V18.S4
	VFMLA V0.S4, V1.S4, V19.S4
	VFMLA V0.S4, V1.S4, V20.S4
	VFMLA V0.S4, V1.S4, V21.S4
	VFMLA V0.S4, V1.S4, V22.S4
	VFMLA V0.S4, V1.S4, V23.S4
	VFMLA V0.S4, V1.S4, V24.S4
	VFMLA V0.S4, V1.S4, V25.S4
	VFMLA V0.S4, V1.S4, V26.S4
	VFMLA V0.S4, V1.S4, V27.S4
	VFMLA V0.S4, V1.S4, V28.S4
	VFMLA V0.S4, V1.S4, V29.S4
	VFMLA V0.S4, V1.S4, V30.S4
	VFMLA V0.S4, V1.S4, V31.S4
	SUBS  $1, R0
	BNE   peakFMANEON_loop                         // }
	RET

// ---------------------------------------------------------------------------
// Sgemm microkernels and packing (NEON). Contract: kernels/doc.go, Sgemm;
// driver: sgemm in kernels_generic.go.

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
	VEOR V8.B16, V8.B16, V8.B16                  //   acc = 0
	VEOR V9.B16, V9.B16, V9.B16
	VEOR V10.B16, V10.B16, V10.B16
	VEOR V11.B16, V11.B16, V11.B16
	VEOR V12.B16, V12.B16, V12.B16
	VEOR V13.B16, V13.B16, V13.B16
	VEOR V14.B16, V14.B16, V14.B16
	VEOR V15.B16, V15.B16, V15.B16
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	VEOR V24.B16, V24.B16, V24.B16
	VEOR V25.B16, V25.B16, V25.B16
	VEOR V26.B16, V26.B16, V26.B16
	VEOR V27.B16, V27.B16, V27.B16
	VEOR V28.B16, V28.B16, V28.B16
	VEOR V29.B16, V29.B16, V29.B16
	VEOR V30.B16, V30.B16, V30.B16
	VEOR V31.B16, V31.B16, V31.B16

	PCALIGN $16

sgemm8x12NEON_kloop:                                 //   for k := kc; k > 0; k-- {
	VLD1.P (R1)(R4), [V0.S4, V1.S4]              //     V0, V1 = Ap[k][0:8]
	VLD1.P (R2)(R5), [V2.S4, V3.S4, V4.S4]       //     V2–V4 = Bp[k][0:12]
	// acc[0] += Ap[k][0]·Bp[k][0:12]
	WORD $0x4f801048 // fmla v8.4s, v2.4s, v0.s[0]
	WORD $0x4f801069 // fmla v9.4s, v3.4s, v0.s[0]
	WORD $0x4f80108a // fmla v10.4s, v4.4s, v0.s[0]
	// acc[1] += Ap[k][1]·Bp[k][0:12]
	WORD $0x4fa0104b // fmla v11.4s, v2.4s, v0.s[1]
	WORD $0x4fa0106c // fmla v12.4s, v3.4s, v0.s[1]
	WORD $0x4fa0108d // fmla v13.4s, v4.4s, v0.s[1]
	// acc[2] += Ap[k][2]·Bp[k][0:12]
	WORD $0x4f80184e // fmla v14.4s, v2.4s, v0.s[2]
	WORD $0x4f80186f // fmla v15.4s, v3.4s, v0.s[2]
	WORD $0x4f801890 // fmla v16.4s, v4.4s, v0.s[2]
	// acc[3] += Ap[k][3]·Bp[k][0:12]
	WORD $0x4fa01851 // fmla v17.4s, v2.4s, v0.s[3]
	WORD $0x4fa01872 // fmla v18.4s, v3.4s, v0.s[3]
	WORD $0x4fa01893 // fmla v19.4s, v4.4s, v0.s[3]
	// acc[4] += Ap[k][4]·Bp[k][0:12]
	WORD $0x4f811054 // fmla v20.4s, v2.4s, v1.s[0]
	WORD $0x4f811075 // fmla v21.4s, v3.4s, v1.s[0]
	WORD $0x4f811096 // fmla v22.4s, v4.4s, v1.s[0]
	// acc[5] += Ap[k][5]·Bp[k][0:12]
	WORD $0x4fa11057 // fmla v23.4s, v2.4s, v1.s[1]
	WORD $0x4fa11078 // fmla v24.4s, v3.4s, v1.s[1]
	WORD $0x4fa11099 // fmla v25.4s, v4.4s, v1.s[1]
	// acc[6] += Ap[k][6]·Bp[k][0:12]
	WORD $0x4f81185a // fmla v26.4s, v2.4s, v1.s[2]
	WORD $0x4f81187b // fmla v27.4s, v3.4s, v1.s[2]
	WORD $0x4f81189c // fmla v28.4s, v4.4s, v1.s[2]
	// acc[7] += Ap[k][7]·Bp[k][0:12]
	WORD $0x4fa1185d // fmla v29.4s, v2.4s, v1.s[3]
	WORD $0x4fa1187e // fmla v30.4s, v3.4s, v1.s[3]
	WORD $0x4fa1189f // fmla v31.4s, v4.4s, v1.s[3]
	SUBS $1, R3
	BNE  sgemm8x12NEON_kloop                     //   }

	FMOVS gemmArgs_alpha(R0), F0                 //   V0 lane 0 = alpha
	// acc *= alpha
	WORD $0x4f809108 // fmul v8.4s, v8.4s, v0.s[0]
	WORD $0x4f809129 // fmul v9.4s, v9.4s, v0.s[0]
	WORD $0x4f80914a // fmul v10.4s, v10.4s, v0.s[0]
	WORD $0x4f80916b // fmul v11.4s, v11.4s, v0.s[0]
	WORD $0x4f80918c // fmul v12.4s, v12.4s, v0.s[0]
	WORD $0x4f8091ad // fmul v13.4s, v13.4s, v0.s[0]
	WORD $0x4f8091ce // fmul v14.4s, v14.4s, v0.s[0]
	WORD $0x4f8091ef // fmul v15.4s, v15.4s, v0.s[0]
	WORD $0x4f809210 // fmul v16.4s, v16.4s, v0.s[0]
	WORD $0x4f809231 // fmul v17.4s, v17.4s, v0.s[0]
	WORD $0x4f809252 // fmul v18.4s, v18.4s, v0.s[0]
	WORD $0x4f809273 // fmul v19.4s, v19.4s, v0.s[0]
	WORD $0x4f809294 // fmul v20.4s, v20.4s, v0.s[0]
	WORD $0x4f8092b5 // fmul v21.4s, v21.4s, v0.s[0]
	WORD $0x4f8092d6 // fmul v22.4s, v22.4s, v0.s[0]
	WORD $0x4f8092f7 // fmul v23.4s, v23.4s, v0.s[0]
	WORD $0x4f809318 // fmul v24.4s, v24.4s, v0.s[0]
	WORD $0x4f809339 // fmul v25.4s, v25.4s, v0.s[0]
	WORD $0x4f80935a // fmul v26.4s, v26.4s, v0.s[0]
	WORD $0x4f80937b // fmul v27.4s, v27.4s, v0.s[0]
	WORD $0x4f80939c // fmul v28.4s, v28.4s, v0.s[0]
	WORD $0x4f8093bd // fmul v29.4s, v29.4s, v0.s[0]
	WORD $0x4f8093de // fmul v30.4s, v30.4s, v0.s[0]
	WORD $0x4f8093ff // fmul v31.4s, v31.4s, v0.s[0]
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
	SGEMM8X12_ROW_BETA(V8, V9, V10)
	SGEMM8X12_ROW_BETA(V11, V12, V13)
	SGEMM8X12_ROW_BETA(V14, V15, V16)
	SGEMM8X12_ROW_BETA(V17, V18, V19)
	SGEMM8X12_ROW_BETA(V20, V21, V22)
	SGEMM8X12_ROW_BETA(V23, V24, V25)
	SGEMM8X12_ROW_BETA(V26, V27, V28)
	SGEMM8X12_ROW_BETA(V29, V30, V31)
	B sgemm8x12NEON_next

sgemm8x12NEON_beta0:                                 //   C[r][0:12] = acc[r] for r < m
	SGEMM8X12_ROW_BETA0(V8, V9, V10)
	SGEMM8X12_ROW_BETA0(V11, V12, V13)
	SGEMM8X12_ROW_BETA0(V14, V15, V16)
	SGEMM8X12_ROW_BETA0(V17, V18, V19)
	SGEMM8X12_ROW_BETA0(V20, V21, V22)
	SGEMM8X12_ROW_BETA0(V23, V24, V25)
	SGEMM8X12_ROW_BETA0(V26, V27, V28)
	SGEMM8X12_ROW_BETA0(V29, V30, V31)
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
	VMOV V11.B16, V8.B16                        //     V8..V28 = V11..V31: the next row
	VMOV V12.B16, V9.B16
	VMOV V13.B16, V10.B16
	VMOV V14.B16, V11.B16
	VMOV V15.B16, V12.B16
	VMOV V16.B16, V13.B16
	VMOV V17.B16, V14.B16
	VMOV V18.B16, V15.B16
	VMOV V19.B16, V16.B16
	VMOV V20.B16, V17.B16
	VMOV V21.B16, V18.B16
	VMOV V22.B16, V19.B16
	VMOV V23.B16, V20.B16
	VMOV V24.B16, V21.B16
	VMOV V25.B16, V22.B16
	VMOV V26.B16, V23.B16
	VMOV V27.B16, V24.B16
	VMOV V28.B16, V25.B16
	VMOV V29.B16, V26.B16
	VMOV V30.B16, V27.B16
	VMOV V31.B16, V28.B16
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


// (end of the Sgemm section)

// ---------------------------------------------------------------------------
// BLAS-2 and element-wise kernels (NEON). Contracts: kernels/doc.go.

// (end of the BLAS-2 and element-wise section)
