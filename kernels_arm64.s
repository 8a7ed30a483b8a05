//go:build gc && !purego && !noasm

// Kernels for package simdnn on arm64. Declarations and dispatch: kernels_arm64.go.
// Instructions the Go assembler lacks are encoded with asm2plan9s: the GNU text
// after "//" is the source, the WORD prefix is generated. Rerun `go generate`
// on an arm64 host after editing one of those lines.

#include "textflag.h"

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

// (end of the Sgemm section)

// ---------------------------------------------------------------------------
// BLAS-2 and element-wise kernels (NEON). Contracts: kernels/doc.go.

// (end of the BLAS-2 and element-wise section)
