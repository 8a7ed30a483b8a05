//go:build gc && !purego && !noasm

// Kernels for package simdnn on amd64: the AVX2 (AVX2 + FMA) and AVX512
// (AVX-512 F, BW, DQ, VL) tiers. Declarations and the hooks that call them:
// kernels_amd64.go; the Go loops around them: the drivers named in
// dispatch.go; contracts and accuracy bounds: kernels/doc.go. Families in API
// order: Sgemm; BLAS-1/2 (Sgemv, Sger, Saxpy, Sdot, SumRows); the exp family
// (Sigmoid, Tanh, Softmax); element-wise (Sscal, the gradients, Relu); the
// optimizer (AdamStep); the FMA probe. Every instruction is one the Go
// assembler knows: there are no encoded (WORD/BYTE) lines here.

#include "textflag.h"
#include "go_asm.h"

// ZERO_Z0_Z15 clears the 16 zmm accumulators Z0–Z15.
#define ZERO_Z0_Z15 \
	VPXORD Z0, Z0, Z0 \
	VPXORD Z1, Z1, Z1 \
	VPXORD Z2, Z2, Z2 \
	VPXORD Z3, Z3, Z3 \
	VPXORD Z4, Z4, Z4 \
	VPXORD Z5, Z5, Z5 \
	VPXORD Z6, Z6, Z6 \
	VPXORD Z7, Z7, Z7 \
	VPXORD Z8, Z8, Z8 \
	VPXORD Z9, Z9, Z9 \
	VPXORD Z10, Z10, Z10 \
	VPXORD Z11, Z11, Z11 \
	VPXORD Z12, Z12, Z12 \
	VPXORD Z13, Z13, Z13 \
	VPXORD Z14, Z14, Z14 \
	VPXORD Z15, Z15, Z15

// ZERO_Z0_Z23 clears the 24 zmm accumulators Z0–Z23.
#define ZERO_Z0_Z23 \
	ZERO_Z0_Z15 \
	VPXORD Z16, Z16, Z16 \
	VPXORD Z17, Z17, Z17 \
	VPXORD Z18, Z18, Z18 \
	VPXORD Z19, Z19, Z19 \
	VPXORD Z20, Z20, Z20 \
	VPXORD Z21, Z21, Z21 \
	VPXORD Z22, Z22, Z22 \
	VPXORD Z23, Z23, Z23

// tailMaskAVX2 is 8 lanes of -1 then 8 lanes of 0: the 32 bytes at offset
// (8-r)*4 enable exactly lanes 0..r-1, for 0 ≤ r ≤ 8.
DATA tailMaskAVX2<>+0x00(SB)/8, $0xffffffffffffffff
DATA tailMaskAVX2<>+0x08(SB)/8, $0xffffffffffffffff
DATA tailMaskAVX2<>+0x10(SB)/8, $0xffffffffffffffff
DATA tailMaskAVX2<>+0x18(SB)/8, $0xffffffffffffffff
DATA tailMaskAVX2<>+0x20(SB)/8, $0
DATA tailMaskAVX2<>+0x28(SB)/8, $0
DATA tailMaskAVX2<>+0x30(SB)/8, $0
DATA tailMaskAVX2<>+0x38(SB)/8, $0
GLOBL tailMaskAVX2<>(SB), RODATA|NOPTR, $64

// ===========================================================================
// Sgemm: microkernels and packing. Contract: kernels/doc.go, Sgemm; driver
// (blocking, packing, thread split): sgemm.go, sgemm_threads.go.
//
// sgemm6x16AVX2: 12 ymm accumulators (6 rows × 2 halves of 16 columns); per k
// step two B loads, six broadcasts of A and 12 FMAs. Edge tiles are stored
// with VMASKMOVPS (rows < m, columns < n only). A is read from a packed
// k-major panel, from rows of A in place (p.lda > 0: the driver does this when
// n ≤ 256, edge tiles of 2 or 4 rows included) or from op(a) = aᵀ in place
// (k-major with aStep = a.Stride, n ≤ 256).
// llvm-mca-19 (kernels/mca_amd64.sh): 12.0 cycles per k step on znver1, 6.0
// on znver4 and skylake-avx512, 99.9 % of the model's FMA rate.
//
// sgemm8x32AVX512: 16 zmm accumulators (8 rows × 2 halves of 32 columns);
// per k step two B loads and 16 FMAs that broadcast A[k][r] from memory
// themselves (embedded broadcast: separate broadcasts take an FMA pipe on
// Zen 4, 24 cycles per k step instead of 16 in llvm-mca). A is read k-major
// (packed, or aᵀ in place) or as rows of A in place (the driver does this
// when n ≤ 256, edge tiles of 2 or 4 rows included: they run loops over
// those rows only, as packed edges of at most 4 rows do); other edge tiles
// are computed in full from the zero-padded panel and stored through
// opmasks K1/K2 (rows < m, columns < n only; masked-off lanes are neither
// read nor written). It replaced a 12×32 kernel, which left 12-row edges on
// batches of 32 and 64 and never read a row-major A in place: measured on the
// Zen 4, it is as fast or faster on every shape (kernels_amd64.go).
// llvm-mca-19: 16.0 cycles per k step on znver4 (100 % of the model's FMA
// rate), 9.0 on skylake-avx512 (89 %, load-port bound; explicit broadcasts
// do not help there and cost Zen 4 a third).
//
// packTAVX2: the transposed-operand packing of 8 or 16 columns of a panel
// (A panels of 8, B panels of 16 or 32), 8×8 blocks transposed in registers.

// Store one accumulator row pair (lo: columns 0–7, hi: 8–15) to C row DI,
// step DI to the next row, and leave through sgemm6x16AVX2_done once R8 rows
// are stored. Y15 = beta; Y12/Y13 = column masks of the masked forms.
#define STORE_ROW_BETA(lo, hi) \
	VFMADD231PS (DI), Y15, lo \ // lo += beta·C[r][0:8]
	VFMADD231PS 32(DI), Y15, hi \
	VMOVUPS     lo, (DI) \
	VMOVUPS     hi, 32(DI) \
	ADDQ        SI, DI \
	DECQ        R8 \
	JZ          sgemm6x16AVX2_done

#define STORE_ROW_BETA0(lo, hi) \
	VMOVUPS lo, (DI) \
	VMOVUPS hi, 32(DI) \
	ADDQ    SI, DI \
	DECQ    R8 \
	JZ      sgemm6x16AVX2_done

#define STORE_ROW_MASKED_BETA(lo, hi) \
	VMASKMOVPS  (DI), Y12, Y14 \ // Y14 = C[r][0:8] where enabled, else 0
	VFMADD231PS Y14, Y15, lo \
	VMASKMOVPS  32(DI), Y13, Y14 \
	VFMADD231PS Y14, Y15, hi \
	VMASKMOVPS  lo, Y12, (DI) \
	VMASKMOVPS  hi, Y13, 32(DI) \
	ADDQ        SI, DI \
	DECQ        R8 \
	JZ          sgemm6x16AVX2_done

#define STORE_ROW_MASKED_BETA0(lo, hi) \
	VMASKMOVPS lo, Y12, (DI) \
	VMASKMOVPS hi, Y13, 32(DI) \
	ADDQ       SI, DI \
	DECQ       R8 \
	JZ         sgemm6x16AVX2_done

// func sgemm6x16AVX2(p *gemmArgs)
// Requires: AVX, AVX2, FMA
//
// acc[0:6][0:16] = Σₖ Ap[k][0:6]ᵀ·Bp[k][0:16] over p.kc ≥ 1 steps (Bp rows
// p.ldb floats apart: packed, or B itself read in place). Ap is k-major when
// p.lda == 0 (6 floats per k, p.aStep floats apart: packed, or Aᵀ read in
// place), else 6 rows of A itself, p.lda floats apart; then a full
// tile (p.m == 6, p.n == 16) is written as C = alpha·acc + beta·C (beta == ±0:
// C is not read); an edge tile (m < 6 or n < 16) the same way for rows r < m
// and columns j < n only, with VMASKMOVPS, touching nothing else. p.tiles ≥ 1
// tiles stacked 6 rows apart (A and C; p.tiles > 1 only with p.m == 6) are
// done in one call, each against the same B panel. A read in place
// (p.lda > 0) has p.m = 6, 4 or 2 rows, and only those rows are read. Edge
// tiles of at most 2 or 4 rows run a k loop over those rows only (A k-major
// or in place, whatever p.n); panels of at most 12 columns (always packed)
// with 6 rows a k loop over 12 columns.
//
// Register use:
//   DX  p          AX  Ap cursor (6 floats per k, R10 = aStep bytes apart,
//   during the k loop)   BX  Bp cursor (16 per k,
//   R9 = ldb bytes apart)   CX  k countdown   DI  C row pointer   SI  ldc in bytes
//   Y0–Y11  acc: row r in Y(2r) (columns 0–7) and Y(2r+1) (columns 8–15)
//   R11 lda in bytes (0: packed)   R12 A row 3 (in place)
//   Y12–Y13 Bp[k][0:16], then column masks   Y14–Y15 broadcast Ap[k][r],
//   alpha, beta   R8 rows left to store   R10 beta bits without sign
//   R13 Bp base   R14 A tile base (the next is p.aNext floats on)   R15 C tile base
//   tiles-8(SP) tiles left
TEXT ·sgemm6x16AVX2(SB), NOSPLIT, $8-8
	MOVQ p+0(FP), DX
	MOVQ gemmArgs_tiles(DX), AX
	MOVQ AX, tiles-8(SP)            // tiles left, counted down after each store
	MOVQ gemmArgs_a(DX), AX
	MOVQ AX, R14                    // R14 = A tile base
	MOVQ gemmArgs_b(DX), R13        // R13 = Bp base, the same for every tile
	MOVQ gemmArgs_c(DX), R15        // R15 = C tile base
	MOVQ gemmArgs_ldb(DX), R9
	SHLQ $2, R9                     // R9 = ldb in bytes
	MOVQ gemmArgs_lda(DX), R11
	SHLQ $2, R11                    // R11 = lda in bytes, 0 when A is packed

sgemm6x16AVX2_tile: // for each tile {
	MOVQ R13, BX
	MOVQ gemmArgs_kc(DX), CX
	MOVQ gemmArgs_aStep(DX), R10
	SHLQ $2, R10                    // R10 = bytes from Ap[k] to Ap[k+1] (k-major A)
	LEAQ (AX)(R11*2), R12
	ADDQ R11, R12                   // R12 = A row 3 when A is read in place
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	CMPQ   gemmArgs_n(DX), $12      // narrow panels: columns 12–15 are padding
	JLE    sgemm6x16AVX2_narrow
	TESTQ  R11, R11
	JNZ    sgemm6x16AVX2_directRows

sgemm6x16AVX2_edge:
	CMPQ   gemmArgs_m(DX), $2       // edge tiles (k-major) of 1–2 or 3–4 rows
	JLE    sgemm6x16AVX2_k2loop     // compute only those rows
	CMPQ   gemmArgs_m(DX), $4
	JLE    sgemm6x16AVX2_k4loop

	PCALIGN $32

sgemm6x16AVX2_kloop: // for k := kc; k > 0; k-- {
	VMOVUPS      (BX), Y12          //   Y12, Y13 = Bp[k][0:16]
	VMOVUPS      32(BX), Y13
	VBROADCASTSS (AX), Y14          //   acc[0] += Ap[k][0]·Bp[k]
	VFMADD231PS  Y12, Y14, Y0
	VFMADD231PS  Y13, Y14, Y1
	VBROADCASTSS 4(AX), Y15         //   acc[1] += Ap[k][1]·Bp[k]
	VFMADD231PS  Y12, Y15, Y2
	VFMADD231PS  Y13, Y15, Y3
	VBROADCASTSS 8(AX), Y14         //   acc[2] += Ap[k][2]·Bp[k]
	VFMADD231PS  Y12, Y14, Y4
	VFMADD231PS  Y13, Y14, Y5
	VBROADCASTSS 12(AX), Y15        //   acc[3] += Ap[k][3]·Bp[k]
	VFMADD231PS  Y12, Y15, Y6
	VFMADD231PS  Y13, Y15, Y7
	VBROADCASTSS 16(AX), Y14        //   acc[4] += Ap[k][4]·Bp[k]
	VFMADD231PS  Y12, Y14, Y8
	VFMADD231PS  Y13, Y14, Y9
	VBROADCASTSS 20(AX), Y15        //   acc[5] += Ap[k][5]·Bp[k]
	VFMADD231PS  Y12, Y15, Y10
	VFMADD231PS  Y13, Y15, Y11
	ADDQ         R10, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          sgemm6x16AVX2_kloop // }
	JMP          sgemm6x16AVX2_scale

sgemm6x16AVX2_narrow: // n ≤ 12: columns 8–11 in xmm halves (VEX.128 zeroes 12–15)
	CMPQ   gemmArgs_m(DX), $4       // edge tiles take the 16-wide edge loops
	JLE    sgemm6x16AVX2_edgeAny    // (narrow B panels are packed 16 wide)
	TESTQ  R11, R11
	JNZ    sgemm6x16AVX2_direct12

sgemm6x16AVX2_kloop12: // as kloop, 12 columns
	VMOVUPS      (BX), Y12
	VMOVUPS      32(BX), X13
	VBROADCASTSS (AX), Y14
	VFMADD231PS  Y12, Y14, Y0
	VFMADD231PS  X13, X14, X1
	VBROADCASTSS 4(AX), Y15
	VFMADD231PS  Y12, Y15, Y2
	VFMADD231PS  X13, X15, X3
	VBROADCASTSS 8(AX), Y14
	VFMADD231PS  Y12, Y14, Y4
	VFMADD231PS  X13, X14, X5
	VBROADCASTSS 12(AX), Y15
	VFMADD231PS  Y12, Y15, Y6
	VFMADD231PS  X13, X15, X7
	VBROADCASTSS 16(AX), Y14
	VFMADD231PS  Y12, Y14, Y8
	VFMADD231PS  X13, X14, X9
	VBROADCASTSS 20(AX), Y15
	VFMADD231PS  Y12, Y15, Y10
	VFMADD231PS  X13, X15, X11
	ADDQ         R10, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          sgemm6x16AVX2_kloop12
	JMP          sgemm6x16AVX2_scale

sgemm6x16AVX2_direct12: // as direct, 12 columns
	VMOVUPS      (BX), Y12
	VMOVUPS      32(BX), X13
	VBROADCASTSS (AX), Y14
	VFMADD231PS  Y12, Y14, Y0
	VFMADD231PS  X13, X14, X1
	VBROADCASTSS (AX)(R11*1), Y15
	VFMADD231PS  Y12, Y15, Y2
	VFMADD231PS  X13, X15, X3
	VBROADCASTSS (AX)(R11*2), Y14
	VFMADD231PS  Y12, Y14, Y4
	VFMADD231PS  X13, X14, X5
	VBROADCASTSS (R12), Y15
	VFMADD231PS  Y12, Y15, Y6
	VFMADD231PS  X13, X15, X7
	VBROADCASTSS (R12)(R11*1), Y14
	VFMADD231PS  Y12, Y14, Y8
	VFMADD231PS  X13, X14, X9
	VBROADCASTSS (R12)(R11*2), Y15
	VFMADD231PS  Y12, Y15, Y10
	VFMADD231PS  X13, X15, X11
	ADDQ         $4, AX
	ADDQ         $4, R12
	ADDQ         R9, BX
	DECQ         CX
	JNZ          sgemm6x16AVX2_direct12
	JMP          sgemm6x16AVX2_scale

sgemm6x16AVX2_k4loop: // rows 0–3 only (p.m ≤ 4)
	VMOVUPS      (BX), Y12
	VMOVUPS      32(BX), Y13
	VBROADCASTSS (AX), Y14
	VFMADD231PS  Y12, Y14, Y0
	VFMADD231PS  Y13, Y14, Y1
	VBROADCASTSS 4(AX), Y15
	VFMADD231PS  Y12, Y15, Y2
	VFMADD231PS  Y13, Y15, Y3
	VBROADCASTSS 8(AX), Y14
	VFMADD231PS  Y12, Y14, Y4
	VFMADD231PS  Y13, Y14, Y5
	VBROADCASTSS 12(AX), Y15
	VFMADD231PS  Y12, Y15, Y6
	VFMADD231PS  Y13, Y15, Y7
	ADDQ         R10, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          sgemm6x16AVX2_k4loop
	JMP          sgemm6x16AVX2_scale

sgemm6x16AVX2_k2loop: // rows 0–1 only (p.m ≤ 2)
	VMOVUPS      (BX), Y12
	VMOVUPS      32(BX), Y13
	VBROADCASTSS (AX), Y14
	VFMADD231PS  Y12, Y14, Y0
	VFMADD231PS  Y13, Y14, Y1
	VBROADCASTSS 4(AX), Y15
	VFMADD231PS  Y12, Y15, Y2
	VFMADD231PS  Y13, Y15, Y3
	ADDQ         R10, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          sgemm6x16AVX2_k2loop
	JMP          sgemm6x16AVX2_scale

sgemm6x16AVX2_edgeAny: // m ≤ 4, A k-major or in place
	TESTQ  R11, R11
	JZ     sgemm6x16AVX2_edge
	JMP    sgemm6x16AVX2_directEdge

sgemm6x16AVX2_directRows: // A in place, 6 rows, or exactly 4 or 2 on an edge
	CMPQ   gemmArgs_m(DX), $4
	JG     sgemm6x16AVX2_direct

sgemm6x16AVX2_directEdge: // A in place, p.m is 4 or 2: read those rows only
	CMPQ   gemmArgs_m(DX), $2
	JLE    sgemm6x16AVX2_direct2

sgemm6x16AVX2_direct4: // rows 0–3 of A in place
	VMOVUPS      (BX), Y12
	VMOVUPS      32(BX), Y13
	VBROADCASTSS (AX), Y14
	VFMADD231PS  Y12, Y14, Y0
	VFMADD231PS  Y13, Y14, Y1
	VBROADCASTSS (AX)(R11*1), Y15
	VFMADD231PS  Y12, Y15, Y2
	VFMADD231PS  Y13, Y15, Y3
	VBROADCASTSS (AX)(R11*2), Y14
	VFMADD231PS  Y12, Y14, Y4
	VFMADD231PS  Y13, Y14, Y5
	VBROADCASTSS (R12), Y15
	VFMADD231PS  Y12, Y15, Y6
	VFMADD231PS  Y13, Y15, Y7
	ADDQ         $4, AX
	ADDQ         $4, R12
	ADDQ         R9, BX
	DECQ         CX
	JNZ          sgemm6x16AVX2_direct4
	JMP          sgemm6x16AVX2_scale

sgemm6x16AVX2_direct2: // rows 0–1 of A in place
	VMOVUPS      (BX), Y12
	VMOVUPS      32(BX), Y13
	VBROADCASTSS (AX), Y14
	VFMADD231PS  Y12, Y14, Y0
	VFMADD231PS  Y13, Y14, Y1
	VBROADCASTSS (AX)(R11*1), Y15
	VFMADD231PS  Y12, Y15, Y2
	VFMADD231PS  Y13, Y15, Y3
	ADDQ         $4, AX
	ADDQ         R9, BX
	DECQ         CX
	JNZ          sgemm6x16AVX2_direct2
	JMP          sgemm6x16AVX2_scale

sgemm6x16AVX2_direct: // A in place: row r at AX + r·lda (r < 3), R12 + (r-3)·lda
	VMOVUPS      (BX), Y12          //   Y12, Y13 = Bp[k][0:16]
	VMOVUPS      32(BX), Y13
	VBROADCASTSS (AX), Y14          //   acc[0] += A[0][k]·Bp[k]
	VFMADD231PS  Y12, Y14, Y0
	VFMADD231PS  Y13, Y14, Y1
	VBROADCASTSS (AX)(R11*1), Y15   //   acc[1] += A[1][k]·Bp[k]
	VFMADD231PS  Y12, Y15, Y2
	VFMADD231PS  Y13, Y15, Y3
	VBROADCASTSS (AX)(R11*2), Y14   //   acc[2] += A[2][k]·Bp[k]
	VFMADD231PS  Y12, Y14, Y4
	VFMADD231PS  Y13, Y14, Y5
	VBROADCASTSS (R12), Y15         //   acc[3] += A[3][k]·Bp[k]
	VFMADD231PS  Y12, Y15, Y6
	VFMADD231PS  Y13, Y15, Y7
	VBROADCASTSS (R12)(R11*1), Y14  //   acc[4] += A[4][k]·Bp[k]
	VFMADD231PS  Y12, Y14, Y8
	VFMADD231PS  Y13, Y14, Y9
	VBROADCASTSS (R12)(R11*2), Y15  //   acc[5] += A[5][k]·Bp[k]
	VFMADD231PS  Y12, Y15, Y10
	VFMADD231PS  Y13, Y15, Y11
	ADDQ         $4, AX
	ADDQ         $4, R12
	ADDQ         R9, BX
	DECQ         CX
	JNZ          sgemm6x16AVX2_direct // }

sgemm6x16AVX2_scale:
	CMPL         gemmArgs_alpha(DX), $0x3f800000 // alpha == 1: acc as it is (the same bits)
	JEQ          sgemm6x16AVX2_scaled
	VBROADCASTSS gemmArgs_alpha(DX), Y14 // acc *= alpha
	VMULPS       Y14, Y0, Y0
	VMULPS       Y14, Y1, Y1
	VMULPS       Y14, Y2, Y2
	VMULPS       Y14, Y3, Y3
	VMULPS       Y14, Y4, Y4
	VMULPS       Y14, Y5, Y5
	VMULPS       Y14, Y6, Y6
	VMULPS       Y14, Y7, Y7
	VMULPS       Y14, Y8, Y8
	VMULPS       Y14, Y9, Y9
	VMULPS       Y14, Y10, Y10
	VMULPS       Y14, Y11, Y11

sgemm6x16AVX2_scaled:
	MOVQ         R15, DI
	MOVQ         gemmArgs_ldc(DX), SI
	SHLQ         $2, SI                  // SI = ldc in bytes
	MOVQ         gemmArgs_m(DX), R8      // R8 = rows left to store
	MOVL         gemmArgs_beta(DX), R10
	ANDL         $0x7fffffff, R10        // R10 == 0: beta is ±0, C is not read
	VBROADCASTSS gemmArgs_beta(DX), Y15
	MOVQ         gemmArgs_n(DX), CX
	CMPQ         CX, $16
	JNE          sgemm6x16AVX2_masked
	TESTL        R10, R10
	JZ           sgemm6x16AVX2_beta0

	// C[r][0:16] = acc[r] + beta·C[r][0:16] for r < m
	STORE_ROW_BETA(Y0, Y1)
	STORE_ROW_BETA(Y2, Y3)
	STORE_ROW_BETA(Y4, Y5)
	STORE_ROW_BETA(Y6, Y7)
	STORE_ROW_BETA(Y8, Y9)
	STORE_ROW_BETA(Y10, Y11)
	JMP sgemm6x16AVX2_done

sgemm6x16AVX2_beta0: // C[r][0:16] = acc[r] for r < m
	STORE_ROW_BETA0(Y0, Y1)
	STORE_ROW_BETA0(Y2, Y3)
	STORE_ROW_BETA0(Y4, Y5)
	STORE_ROW_BETA0(Y6, Y7)
	STORE_ROW_BETA0(Y8, Y9)
	STORE_ROW_BETA0(Y10, Y11)
	JMP sgemm6x16AVX2_done

sgemm6x16AVX2_masked: // n < 16: only columns j < n are read or written
	LEAQ    tailMaskAVX2<>+32(SB), R12
	MOVQ    CX, BX
	CMPQ    BX, $8
	JLE     sgemm6x16AVX2_masklo
	MOVQ    $8, BX                  // BX = min(n, 8)

sgemm6x16AVX2_masklo:
	SHLQ    $2, BX
	NEGQ    BX
	VMOVUPS (R12)(BX*1), Y12        // Y12 = lanes j < n of columns 0–7
	SUBQ    $8, CX
	JGE     sgemm6x16AVX2_maskhi
	XORQ    CX, CX                  // CX = max(n-8, 0)

sgemm6x16AVX2_maskhi:
	SHLQ    $2, CX
	NEGQ    CX
	VMOVUPS (R12)(CX*1), Y13        // Y13 = lanes j < n-8 of columns 8–15
	TESTL   R10, R10
	JZ      sgemm6x16AVX2_masked0

	STORE_ROW_MASKED_BETA(Y0, Y1)
	STORE_ROW_MASKED_BETA(Y2, Y3)
	STORE_ROW_MASKED_BETA(Y4, Y5)
	STORE_ROW_MASKED_BETA(Y6, Y7)
	STORE_ROW_MASKED_BETA(Y8, Y9)
	STORE_ROW_MASKED_BETA(Y10, Y11)
	JMP sgemm6x16AVX2_done

sgemm6x16AVX2_masked0:
	STORE_ROW_MASKED_BETA0(Y0, Y1)
	STORE_ROW_MASKED_BETA0(Y2, Y3)
	STORE_ROW_MASKED_BETA0(Y4, Y5)
	STORE_ROW_MASKED_BETA0(Y6, Y7)
	STORE_ROW_MASKED_BETA0(Y8, Y9)
	STORE_ROW_MASKED_BETA0(Y10, Y11)

sgemm6x16AVX2_done: // next tile: 6 rows down in A and C, same Bp
	DECQ tiles-8(SP)
	JZ   sgemm6x16AVX2_return
	LEAQ (SI)(SI*2), R8
	LEAQ (R15)(R8*2), R15           // C += 6·ldc
	MOVQ gemmArgs_aNext(DX), R8
	LEAQ (R14)(R8*4), R14           // A tile base += aNext floats
	MOVQ R14, AX
	JMP  sgemm6x16AVX2_tile         // }

sgemm6x16AVX2_return:
	VZEROUPPER
	RET

#undef STORE_ROW_BETA
#undef STORE_ROW_BETA0
#undef STORE_ROW_MASKED_BETA
#undef STORE_ROW_MASKED_BETA0

// One row of one k step of the 8×32 kernel: lo, hi += A[r][k]·Bp[k][0:32],
// A[r][k] at addr broadcast by the FMA itself (embedded broadcast).
#define ROW8X32(addr, lo, hi) \
	VFMADD231PS.BCST addr, Z16, lo \
	VFMADD231PS.BCST addr, Z17, hi

// Store one accumulator row pair of the 8×32 kernel (as STORE512_BETA and
// STORE512_BETA0, leaving through sgemm8x32AVX512_done).
#define STORE8X32_BETA(lo, hi) \
	VMOVUPS.Z   (DI), K1, Z30 \
	VFMADD231PS Z30, Z29, lo \
	VMOVUPS.Z   64(DI), K2, Z31 \
	VFMADD231PS Z31, Z29, hi \
	VMOVUPS     lo, K1, (DI) \
	VMOVUPS     hi, K2, 64(DI) \
	ADDQ        SI, DI \
	DECQ        R8 \
	JZ          sgemm8x32AVX512_done

#define STORE8X32_BETA0(lo, hi) \
	VMOVUPS lo, K1, (DI) \
	VMOVUPS hi, K2, 64(DI) \
	ADDQ    SI, DI \
	DECQ    R8 \
	JZ      sgemm8x32AVX512_done

// func sgemm8x32AVX512(p *gemmArgs)
// Requires: AVX512F
//
// acc[0:8][0:32] = Σₖ A[0:8][k]·Bp[k][0:32] over p.kc ≥ 1 steps, A either
// k-major (p.lda == 0: 8 floats per k, p.aStep floats apart, packed or Aᵀ
// read in place) or 8 rows of A itself read in place (p.lda > 0 floats
// apart; p.m is 8, or exactly 4 or 2 on an edge, and only those rows are
// read), Bp rows p.ldb floats apart (packed, or B itself read in place; 32
// floats readable per row). Then C = alpha·acc + beta·C (beta == ±0: C is
// not read) for rows r < p.m and columns j < p.n only, through opmasks,
// touching nothing else. Edge tiles of at most 2 or 4 rows run a k loop over
// those rows only; others compute all 8 rows (k-major A is zero-padded). p.tiles ≥ 1 tiles stacked 8
// rows apart (A and C; > 1 only with p.m == 8) are done in one call against
// the same Bp. Eight rows make whole tiles of the batch sizes networks use
// (32, 64, 256), where the 6×16 AVX2 tile leaves an edge of 2 or 4 rows.
//
// Register use:
//   DX  p   AX  A cursor (k-major: R10 = aStep bytes per k; in place: rows
//   0–3 at AX + r·lda, R12 = rows 4–7)   BX  Bp cursor (R9 = ldb bytes per k)
//   CX  k countdown   R11  lda bytes (0: k-major)   R8  3·lda bytes, then rows
//   left to store   DI  C row pointer   SI  ldc in bytes   R13  Bp base
//   R14  A tile base (the next is p.aNext floats on)   R15  C tile base
//   Z0–Z15  acc: row r in Z(2r) (columns 0–15) and Z(2r+1) (16–31)
//   Z16–Z17  Bp[k][0:32]   Z28 alpha   Z29 beta   Z30–Z31  C rows
//   K1/K2  columns j < n of 0–15 / 16–31   tiles-8(SP) tiles left
TEXT ·sgemm8x32AVX512(SB), NOSPLIT, $8-8
	MOVQ  p+0(FP), DX
	MOVQ  gemmArgs_tiles(DX), AX
	MOVQ  AX, tiles-8(SP)
	MOVQ  gemmArgs_a(DX), R14
	MOVQ  gemmArgs_b(DX), R13
	MOVQ  gemmArgs_c(DX), R15
	MOVQ  gemmArgs_ldb(DX), R9
	SHLQ  $2, R9                    // R9 = ldb in bytes
	MOVQ  gemmArgs_aStep(DX), R10
	SHLQ  $2, R10                   // R10 = aStep in bytes
	MOVQ  gemmArgs_lda(DX), R11
	SHLQ  $2, R11                   // R11 = lda in bytes, 0 when A is k-major
	MOVQ  gemmArgs_n(DX), CX
	MOVL  $1, BX
	SHLQ  CX, BX
	DECQ  BX                        // BX = bits j < n, 1 ≤ n ≤ 32
	KMOVW BX, K1
	SHRQ  $16, BX
	KMOVW BX, K2

sgemm8x32AVX512_tile: // for each tile {
	MOVQ   R14, AX
	MOVQ   R13, BX
	MOVQ   gemmArgs_kc(DX), CX
	ZERO_Z0_Z15
	TESTQ  R11, R11
	JNZ    sgemm8x32AVX512_inPlace
	CMPQ   gemmArgs_m(DX), $2       // edge tiles of 1–2 or 3–4 rows: those rows only
	JLE    sgemm8x32AVX512_k2loop
	CMPQ   gemmArgs_m(DX), $4
	JLE    sgemm8x32AVX512_k4loop

	PCALIGN $32

sgemm8x32AVX512_kloop: // k-major A: for k := kc; k > 0; k-- {
	VMOVUPS          (BX), Z16      //   Z16, Z17 = Bp[k][0:32]
	VMOVUPS          64(BX), Z17
	ROW8X32((AX), Z0, Z1)           //   acc[r] += A[r][k]·Bp[k], r < 8
	ROW8X32(4(AX), Z2, Z3)
	ROW8X32(8(AX), Z4, Z5)
	ROW8X32(12(AX), Z6, Z7)
	ROW8X32(16(AX), Z8, Z9)
	ROW8X32(20(AX), Z10, Z11)
	ROW8X32(24(AX), Z12, Z13)
	ROW8X32(28(AX), Z14, Z15)
	ADDQ             R10, AX
	ADDQ             R9, BX
	DECQ             CX
	JNZ              sgemm8x32AVX512_kloop // }
	JMP              sgemm8x32AVX512_scale

sgemm8x32AVX512_k4loop: // k-major A, rows 0–3 only (p.m ≤ 4)
	VMOVUPS          (BX), Z16
	VMOVUPS          64(BX), Z17
	ROW8X32((AX), Z0, Z1)           //   acc[r] += A[r][k]·Bp[k], r < 8
	ROW8X32(4(AX), Z2, Z3)
	ROW8X32(8(AX), Z4, Z5)
	ROW8X32(12(AX), Z6, Z7)
	ADDQ             R10, AX
	ADDQ             R9, BX
	DECQ             CX
	JNZ              sgemm8x32AVX512_k4loop
	JMP              sgemm8x32AVX512_scale

sgemm8x32AVX512_k2loop: // k-major A, rows 0–1 only (p.m ≤ 2)
	VMOVUPS          (BX), Z16
	VMOVUPS          64(BX), Z17
	ROW8X32((AX), Z0, Z1)           //   acc[r] += A[r][k]·Bp[k], r < 8
	ROW8X32(4(AX), Z2, Z3)
	ADDQ             R10, AX
	ADDQ             R9, BX
	DECQ             CX
	JNZ              sgemm8x32AVX512_k2loop
	JMP              sgemm8x32AVX512_scale

sgemm8x32AVX512_inPlace: // A in place: 8 rows, or exactly 4 or 2 on an edge
	LEAQ (R11)(R11*2), R8           // R8 = 3·lda
	LEAQ (AX)(R11*4), R12           // R12 = row 4
	CMPQ gemmArgs_m(DX), $2
	JLE  sgemm8x32AVX512_direct2
	CMPQ gemmArgs_m(DX), $4
	JLE  sgemm8x32AVX512_direct4

	PCALIGN $32

sgemm8x32AVX512_direct: // rows r < 4 at AX + r·lda, r ≥ 4 at R12 + (r-4)·lda
	VMOVUPS          (BX), Z16
	VMOVUPS          64(BX), Z17
	ROW8X32((AX), Z0, Z1)           //   acc[r] += A[r][k]·Bp[k], r < 8
	ROW8X32((AX)(R11*1), Z2, Z3)
	ROW8X32((AX)(R11*2), Z4, Z5)
	ROW8X32((AX)(R8*1), Z6, Z7)
	ROW8X32((R12), Z8, Z9)
	ROW8X32((R12)(R11*1), Z10, Z11)
	ROW8X32((R12)(R11*2), Z12, Z13)
	ROW8X32((R12)(R8*1), Z14, Z15)
	ADDQ             $4, AX
	ADDQ             $4, R12
	ADDQ             R9, BX
	DECQ             CX
	JNZ              sgemm8x32AVX512_direct
	JMP              sgemm8x32AVX512_scale

sgemm8x32AVX512_direct4: // rows 0–3 of A in place (p.m == 4): those rows only
	VMOVUPS          (BX), Z16
	VMOVUPS          64(BX), Z17
	ROW8X32((AX), Z0, Z1)           //   acc[r] += A[r][k]·Bp[k], r < 8
	ROW8X32((AX)(R11*1), Z2, Z3)
	ROW8X32((AX)(R11*2), Z4, Z5)
	ROW8X32((AX)(R8*1), Z6, Z7)
	ADDQ             $4, AX
	ADDQ             R9, BX
	DECQ             CX
	JNZ              sgemm8x32AVX512_direct4
	JMP              sgemm8x32AVX512_scale

sgemm8x32AVX512_direct2: // rows 0–1 of A in place (p.m == 2)
	VMOVUPS          (BX), Z16
	VMOVUPS          64(BX), Z17
	ROW8X32((AX), Z0, Z1)           //   acc[r] += A[r][k]·Bp[k], r < 8
	ROW8X32((AX)(R11*1), Z2, Z3)
	ADDQ             $4, AX
	ADDQ             R9, BX
	DECQ             CX
	JNZ              sgemm8x32AVX512_direct2

sgemm8x32AVX512_scale:
	CMPL         gemmArgs_alpha(DX), $0x3f800000 // alpha == 1: acc as it is (the same bits)
	JEQ          sgemm8x32AVX512_scaled
	VBROADCASTSS gemmArgs_alpha(DX), Z28 // acc *= alpha
	VMULPS       Z28, Z0, Z0
	VMULPS       Z28, Z1, Z1
	VMULPS       Z28, Z2, Z2
	VMULPS       Z28, Z3, Z3
	VMULPS       Z28, Z4, Z4
	VMULPS       Z28, Z5, Z5
	VMULPS       Z28, Z6, Z6
	VMULPS       Z28, Z7, Z7
	VMULPS       Z28, Z8, Z8
	VMULPS       Z28, Z9, Z9
	VMULPS       Z28, Z10, Z10
	VMULPS       Z28, Z11, Z11
	VMULPS       Z28, Z12, Z12
	VMULPS       Z28, Z13, Z13
	VMULPS       Z28, Z14, Z14
	VMULPS       Z28, Z15, Z15

sgemm8x32AVX512_scaled:
	MOVQ         R15, DI
	MOVQ         gemmArgs_ldc(DX), SI
	SHLQ         $2, SI                  // SI = ldc in bytes
	MOVQ         gemmArgs_m(DX), R8      // R8 = rows left to store
	MOVL         gemmArgs_beta(DX), BX
	ANDL         $0x7fffffff, BX         // BX == 0: beta is ±0, C is not read
	VBROADCASTSS gemmArgs_beta(DX), Z29
	TESTL        BX, BX
	JZ           sgemm8x32AVX512_beta0

	STORE8X32_BETA(Z0, Z1)
	STORE8X32_BETA(Z2, Z3)
	STORE8X32_BETA(Z4, Z5)
	STORE8X32_BETA(Z6, Z7)
	STORE8X32_BETA(Z8, Z9)
	STORE8X32_BETA(Z10, Z11)
	STORE8X32_BETA(Z12, Z13)
	STORE8X32_BETA(Z14, Z15)
	JMP sgemm8x32AVX512_done

sgemm8x32AVX512_beta0:
	STORE8X32_BETA0(Z0, Z1)
	STORE8X32_BETA0(Z2, Z3)
	STORE8X32_BETA0(Z4, Z5)
	STORE8X32_BETA0(Z6, Z7)
	STORE8X32_BETA0(Z8, Z9)
	STORE8X32_BETA0(Z10, Z11)
	STORE8X32_BETA0(Z12, Z13)
	STORE8X32_BETA0(Z14, Z15)

sgemm8x32AVX512_done: // next tile: 8 rows down in A and C, same Bp
	DECQ tiles-8(SP)
	JZ   sgemm8x32AVX512_return
	SHLQ $3, SI
	ADDQ SI, R15                    // C += 8·ldc
	MOVQ gemmArgs_aNext(DX), R8
	LEAQ (R14)(R8*4), R14           // A tile base += aNext floats
	JMP  sgemm8x32AVX512_tile       // }

sgemm8x32AVX512_return:
	VZEROUPPER
	RET

#undef STORE8X32_BETA
#undef STORE8X32_BETA0
#undef ROW8X32

// TRANSPOSE8 transposes the 8×8 block in Y0–Y7 (row r in Yr) into Y8–Y15
// (column c in Y(8+c)).
#define TRANSPOSE8 \
	VUNPCKLPS  Y1, Y0, Y8 \   // r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5]
	VUNPCKHPS  Y1, Y0, Y9 \   // r0[2] r1[2] r0[3] r1[3] | …
	VUNPCKLPS  Y3, Y2, Y10 \
	VUNPCKHPS  Y3, Y2, Y11 \
	VUNPCKLPS  Y5, Y4, Y12 \
	VUNPCKHPS  Y5, Y4, Y13 \
	VUNPCKLPS  Y7, Y6, Y14 \
	VUNPCKHPS  Y7, Y6, Y15 \
	VSHUFPS    $0x44, Y10, Y8, Y0 \  // r0..r3 of columns 0 | 4
	VSHUFPS    $0xee, Y10, Y8, Y1 \  // columns 1 | 5
	VSHUFPS    $0x44, Y11, Y9, Y2 \  // columns 2 | 6
	VSHUFPS    $0xee, Y11, Y9, Y3 \  // columns 3 | 7
	VSHUFPS    $0x44, Y14, Y12, Y4 \ // r4..r7 of columns 0 | 4
	VSHUFPS    $0xee, Y14, Y12, Y5 \
	VSHUFPS    $0x44, Y15, Y13, Y6 \
	VSHUFPS    $0xee, Y15, Y13, Y7 \
	VPERM2F128 $0x20, Y4, Y0, Y8 \   // column 0: r0..r7
	VPERM2F128 $0x20, Y5, Y1, Y9 \
	VPERM2F128 $0x20, Y6, Y2, Y10 \
	VPERM2F128 $0x20, Y7, Y3, Y11 \
	VPERM2F128 $0x31, Y4, Y0, Y12 \  // column 4
	VPERM2F128 $0x31, Y5, Y1, Y13 \
	VPERM2F128 $0x31, Y6, Y2, Y14 \
	VPERM2F128 $0x31, Y7, Y3, Y15

// LOAD8 loads 8 floats at column l (SI + off) of the 8 rows starting at row
// base: rows base, base+lds, …, base+7·lds (R8 = lds bytes, R9 = 3·lds).
#define LOAD8(base) \
	VMOVUPS (base), Y0 \
	VMOVUPS (base)(R8*1), Y1 \
	VMOVUPS (base)(R8*2), Y2 \
	VMOVUPS (base)(R9*1), Y3 \
	LEAQ    (base)(R8*4), R10 \
	VMOVUPS (R10), Y4 \
	VMOVUPS (R10)(R8*1), Y5 \
	VMOVUPS (R10)(R8*2), Y6 \
	VMOVUPS (R10)(R9*1), Y7

// STORE8 stores Y8–Y15 (columns l..l+7 of 8 rows) to panel rows l..l+7 at
// byte offset off (0: panel columns 0–7, 32: columns 8–15); panel rows are
// R12 bytes apart (R13 = 3·R12).
#define STORE8(off) \
	VMOVUPS Y8, off(DI) \
	VMOVUPS Y9, off(DI)(R12*1) \
	VMOVUPS Y10, off(DI)(R12*2) \
	VMOVUPS Y11, off(DI)(R13*1) \
	LEAQ    (DI)(R12*4), R10 \
	VMOVUPS Y12, off(R10) \
	VMOVUPS Y13, off(R10)(R12*1) \
	VMOVUPS Y14, off(R10)(R12*2) \
	VMOVUPS Y15, off(R10)(R13*1)

// LOAD6 is LOAD8 for the 6 rows base..base+5·lds: Y6 and Y7 are zeroed.
#define LOAD6(base) \
	VMOVUPS (base), Y0 \
	VMOVUPS (base)(R8*1), Y1 \
	VMOVUPS (base)(R8*2), Y2 \
	VMOVUPS (base)(R9*1), Y3 \
	LEAQ    (base)(R8*4), R10 \
	VMOVUPS (R10), Y4 \
	VMOVUPS (R10)(R8*1), Y5 \
	VXORPS  Y6, Y6, Y6 \
	VXORPS  Y7, Y7, Y7

// STORE6ROW stores the first 6 floats of column register y (4 from its low
// half, 2 from its high half through X0) at addr.
#define STORE6ROW(y, x, addr) \
	VMOVUPS      x, addr \
	VEXTRACTF128 $1, y, X0 \
	VMOVLPS      X0, 16 addr

// STORE6 stores the first 6 floats of Y8–Y15 (columns l..l+7 of 6 rows) to
// panel rows l..l+7, R12 bytes apart (R13 = 3·R12).
#define STORE6 \
	STORE6ROW(Y8, X8, (DI)) \
	STORE6ROW(Y9, X9, (DI)(R12*1)) \
	STORE6ROW(Y10, X10, (DI)(R12*2)) \
	STORE6ROW(Y11, X11, (DI)(R13*1)) \
	LEAQ (DI)(R12*4), R10 \
	STORE6ROW(Y12, X12, (R10)) \
	STORE6ROW(Y13, X13, (R10)(R12*1)) \
	STORE6ROW(Y14, X14, (R10)(R12*2)) \
	STORE6ROW(Y15, X15, (R10)(R13*1))

// func packTAVX2(dst, src *float32, lds, kc, ldd, rows int)
// Requires: AVX, AVX2
//
// dst[l·ldd+c] = src[c·lds+l] for c < rows and l < kc (rows is 6, 8 or 16;
// kc ≥ 1; ldd ≥ rows): 8×8 blocks are transposed in registers (6 rows as 8
// with two of zeros, 6 values stored per l), 8 values of l at a time; the
// last kc mod 8 go one value at a time. Reads only
// src[c·lds : c·lds+kc]; writes only dst[l·ldd : l·ldd+rows].
//
// Register use:
//   DI  dst row l   SI  src column l of row 0   DX  src row 8 (column l)
//   R8  lds in bytes   R9  3·lds in bytes   R12  ldd in bytes   R13  3·ldd
//   BX  rows   CX  l left   R10, R11  scratch
//   Y0–Y7  8 rows × 8 columns   Y8–Y15  the transposed block
TEXT ·packTAVX2(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ lds+16(FP), R8
	SHLQ $2, R8
	LEAQ (R8)(R8*2), R9
	LEAQ (SI)(R8*8), DX
	MOVQ kc+24(FP), CX
	MOVQ ldd+32(FP), R12
	SHLQ $2, R12
	LEAQ (R12)(R12*2), R13
	MOVQ rows+40(FP), BX

	CMPQ BX, $6
	JE   packTAVX2_by6

packTAVX2_by8: // for ; l+8 <= kc; l += 8 {
	CMPQ CX, $8
	JB   packTAVX2_tail
	LOAD8(SI)                      //   rows 0–7 → panel columns 0–7
	TRANSPOSE8
	STORE8(0)
	CMPQ BX, $8
	JE   packTAVX2_next
	LOAD8(DX)                      //   rows 8–15 → panel columns 8–15
	TRANSPOSE8
	STORE8(32)

packTAVX2_next:
	ADDQ $32, SI
	ADDQ $32, DX
	LEAQ (DI)(R12*8), DI
	SUBQ $8, CX
	JMP  packTAVX2_by8             // }

packTAVX2_by6: // rows == 6: for ; l+8 <= kc; l += 8 {
	CMPQ CX, $8
	JB   packTAVX2_tail
	LOAD6(SI)
	TRANSPOSE8
	STORE6
	ADDQ $32, SI
	LEAQ (DI)(R12*8), DI
	SUBQ $8, CX
	JMP  packTAVX2_by6             // }

packTAVX2_tail: // for ; l < kc; l++ {
	TESTQ CX, CX
	JZ    packTAVX2_done
	MOVQ  SI, R10
	XORQ  R11, R11

packTAVX2_col: //   for c := 0; c < rows; c++ { dst[l][c] = src[c][l] }
	MOVL (R10), AX
	MOVL AX, (DI)(R11*4)
	ADDQ R8, R10
	INCQ R11
	CMPQ R11, BX
	JB   packTAVX2_col
	ADDQ $4, SI
	ADDQ R12, DI
	DECQ CX
	JMP  packTAVX2_tail            // }

packTAVX2_done:
	VZEROUPPER
	RET

#undef TRANSPOSE8
#undef LOAD8
#undef STORE8
#undef LOAD6
#undef STORE6
#undef STORE6ROW

// func packRowsAVX2(dst, src *float32, lds, kc, r int)
// Requires: AVX, AVX2
//
// dst[l·r+c] = src[l·lds+c] for c < r and l < kc (kc ≥ 1; r is 16 or 32):
// the row-major operand's full panels, r floats per k in 32-byte moves.
// Reads only src[l·lds : l·lds+r].
//
// Register use:
//   DI  dst row l   SI  src row l   R8  lds in bytes   CX  l left
//   Y0–Y3  one row
TEXT ·packRowsAVX2(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ lds+16(FP), R8
	SHLQ $2, R8
	MOVQ kc+24(FP), CX
	CMPQ r+32(FP), $32
	JEQ  packRowsAVX2_32

packRowsAVX2_16: // for ; l < kc; l++ {
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	ADDQ    R8, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     packRowsAVX2_16  // }
	VZEROUPPER
	RET

packRowsAVX2_32: // for ; l < kc; l++ {
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    R8, SI
	ADDQ    $128, DI
	DECQ    CX
	JNZ     packRowsAVX2_32  // }
	VZEROUPPER
	RET

// ===========================================================================
// Sgemm of a narrow product (n ≤ narrowMaxN columns, A row-major): dot
// products along k instead of a tile that would be mostly padding. Contract:
// kernels/doc.go, Sgemm; driver: sgemm_narrow.go.

// DOT5(off, ld) adds, for one 8-wide step of k at byte offset off of each
// row (ld: the load, VMOVUPS or a masked one), A rows 0 and 1 (Y10, Y11) ×
// the five Bᵀ rows into acc[0][0:5] (Y0–Y4) and acc[1][0:5] (Y5–Y9).
#define DOT_B(ld, addr, c0, c1) \
	ld(addr, Y12) \
	VFMADD231PS Y12, Y10, c0 \
	VFMADD231PS Y12, Y11, c1

#define LOAD_FULL(addr, y) VMOVUPS addr, y
#define LOAD_TAIL(addr, y) VMASKMOVPS addr, Y13, y

#define DOT5(ld) \
	ld((AX), Y10) \
	ld((SI), Y11) \
	DOT_B(ld, (BX), Y0, Y5) \
	DOT_B(ld, (BX)(R8*1), Y1, Y6) \
	DOT_B(ld, (BX)(R8*2), Y2, Y7) \
	DOT_B(ld, (BX)(R9*1), Y3, Y8) \
	DOT_B(ld, (BX)(R8*4), Y4, Y9)

// SUM5(a0, a1, a2, a3, a4) leaves in X(a0) the four sums of the lanes of
// a0–a3 and in X(a4) lane 0 the sum of a4's lanes; a1–a3 and Y13 are
// scratch.
#define SUM5(a0, a1, a2, a3, a4, x0, x4) \
	VHADDPS       a1, a0, a0 \
	VHADDPS       a3, a2, a2 \
	VHADDPS       a2, a0, a0 \        // a0 = sums of a0–a3 over each 128-bit half
	VEXTRACTF128  $1, a0, X13 \
	VADDPS        X13, x0, x0 \       // x0 = Σ a0, Σ a1, Σ a2, Σ a3
	VEXTRACTF128  $1, a4, X13 \
	VADDPS        X13, x4, x4 \
	VHADDPS       x4, x4, x4 \
	VHADDPS       x4, x4, x4          // x4 lane 0 = Σ a4

// func sgemmDot2x5AVX2(p *dotArgs)
// Requires: AVX, AVX2, FMA
//
// dst[i][j] = alpha·Σₗ a[i][l]·bt[j][l] + beta·dst[i][j] (beta == ±0: dst
// is not read) for i < p.m rows of A (p.lda floats apart) and j < p.n ≤ 5
// columns, with five rows of bt (p.ldb floats apart; rows ≥ p.n are read
// but not stored), k = p.k ≥ 1. Two rows at a time (a lone last row is
// paired with itself and stored once); per 8 steps of k, 7 loads and 10
// FMAs into 10 accumulators, the last k mod 8 with VMASKMOVPS loads (no
// element at or past k is read); then the lanes are summed with VHADDPS.
// Only dst[i][0:p.n] is written.
//
// Register use:
//   DX  p   AX  A row 0 at l   SI  A row 1 at l   BX  bt row 0 at l
//   R8  ldb in bytes   R9  3·ldb in bytes   CX  8-steps of k left
//   DI  dst row 0   R10 rows left   R11 lda in bytes   R12 ldc in bytes
//   R13 A row 0 at l = 0   R14 bt at l = 0   R15 scratch
//   Y0–Y4 acc row 0   Y5–Y9 acc row 1   Y10, Y11 A   Y12 bt   Y13 tail mask,
//   then scratch   Y14 alpha, column mask   Y15 beta
TEXT ·sgemmDot2x5AVX2(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), DX
	MOVQ dotArgs_a(DX), R13
	MOVQ dotArgs_b(DX), R14
	MOVQ dotArgs_c(DX), DI
	MOVQ dotArgs_m(DX), R10
	MOVQ dotArgs_lda(DX), R11
	SHLQ $2, R11
	MOVQ dotArgs_ldc(DX), R12
	SHLQ $2, R12
	MOVQ dotArgs_ldb(DX), R8
	SHLQ $2, R8
	LEAQ (R8)(R8*2), R9

sgemmDot2x5AVX2_pair: // for each pair of rows {
	MOVQ   R13, AX
	LEAQ   (R13)(R11*1), SI
	CMPQ   R10, $1
	JNE    sgemmDot2x5AVX2_two
	MOVQ   AX, SI                   // a lone last row: row 1 = row 0
sgemmDot2x5AVX2_two:
	MOVQ   R14, BX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	MOVQ   dotArgs_k(DX), CX
	SHRQ   $3, CX
	JZ     sgemmDot2x5AVX2_ktail

sgemmDot2x5AVX2_k8: // for ; 8 steps of k left; {
	DOT5(LOAD_FULL)
	ADDQ $32, AX
	ADDQ $32, SI
	ADDQ $32, BX
	DECQ CX
	JNZ  sgemmDot2x5AVX2_k8      // }

sgemmDot2x5AVX2_ktail: // the last k mod 8 steps
	MOVQ dotArgs_k(DX), CX
	ANDQ $7, CX
	JZ   sgemmDot2x5AVX2_sum
	LEAQ tailMaskAVX2<>+32(SB), R15
	SHLQ $2, CX
	SUBQ CX, R15
	VMOVUPS (R15), Y13              // lanes < k mod 8
	DOT5(LOAD_TAIL)

sgemmDot2x5AVX2_sum:
	SUM5(Y0, Y1, Y2, Y3, Y4, X0, X4)
	SUM5(Y5, Y6, Y7, Y8, Y9, X5, X9)
	VBROADCASTSS dotArgs_alpha(DX), X14
	VMULPS       X14, X0, X0
	VMULPS       X14, X4, X4
	VMULPS       X14, X5, X5
	VMULPS       X14, X9, X9
	MOVQ         dotArgs_n(DX), CX  // columns to store, 1..5
	MOVQ         CX, R15
	CMPQ         R15, $4
	JLE          sgemmDot2x5AVX2_cols
	MOVQ         $4, R15
sgemmDot2x5AVX2_cols:
	SHLQ         $2, R15
	LEAQ         tailMaskAVX2<>+32(SB), BX
	SUBQ         R15, BX
	VMOVUPS      (BX), X14          // X14 = lanes < min(n, 4)
	MOVL         dotArgs_beta(DX), R15
	ANDL         $0x7fffffff, R15
	JZ           sgemmDot2x5AVX2_store
	VBROADCASTSS dotArgs_beta(DX), X15
	VMASKMOVPS   (DI), X14, X13     // row 0: += beta·dst
	VFMADD231PS  X13, X15, X0
	CMPQ         CX, $5
	JNE          sgemmDot2x5AVX2_beta1
	VFMADD231SS  16(DI), X15, X4
sgemmDot2x5AVX2_beta1:
	CMPQ         R10, $1
	JEQ          sgemmDot2x5AVX2_store
	VMASKMOVPS   (DI)(R12*1), X14, X13 // row 1
	VFMADD231PS  X13, X15, X5
	CMPQ         CX, $5
	JNE          sgemmDot2x5AVX2_store
	VFMADD231SS  16(DI)(R12*1), X15, X9

sgemmDot2x5AVX2_store:
	VMASKMOVPS X0, X14, (DI)
	CMPQ       CX, $5
	JNE        sgemmDot2x5AVX2_store1
	VMOVSS     X4, 16(DI)
sgemmDot2x5AVX2_store1:
	CMPQ       R10, $1
	JEQ        sgemmDot2x5AVX2_done
	VMASKMOVPS X5, X14, (DI)(R12*1)
	CMPQ       CX, $5
	JNE        sgemmDot2x5AVX2_next
	VMOVSS     X9, 16(DI)(R12*1)

sgemmDot2x5AVX2_next:
	LEAQ (R13)(R11*2), R13
	LEAQ (DI)(R12*2), DI
	SUBQ $2, R10
	JNZ  sgemmDot2x5AVX2_pair   // }

sgemmDot2x5AVX2_done:
	VZEROUPPER
	RET

#undef DOT5
#undef DOT_B
#undef LOAD_FULL
#undef LOAD_TAIL
#undef SUM5

// ===========================================================================
// BLAS-1/2: Sgemv, Sger, Saxpy, Sdot, SumRows. Contracts: kernels/doc.go;
// drivers: blas2.go (Sgemv, Sger, SumRows), elementwise.go (Saxpy, Sdot).
// These run under the AVX512 tier too, except Saxpy and Sdot, which have zmm
// versions: the rest is memory-bound and would not gain from 16 lanes on
// Zen 4's 256-bit data paths.
//
// sgemv4AVX2 (NoTrans): four rows per call sharing the loads of x, 16
// columns per iteration in 8 accumulators, masked tail; the driver sends the
// remaining rows to Sdot. sgemvTAVX2 (Trans): one strip of up to 32 columns
// whose sums stay in 8 ymm registers, down the rows of the call; narrower
// last strips are masked (LANE_MASK). sgerAVX2: many rows per call, 32
// columns per iteration, then 8, then a masked tail. saxpyAVX2 32 floats per
// iteration, then 8, then a VMASKMOVPS tail; saxpyAVX512 64, then 16, then an
// opmask tail. sdotAVX2 64 floats per iteration in 8 accumulators, then 8,
// then a masked tail; sdotAVX512 64 per iteration in 4 accumulators, then 16,
// then an opmask tail. sumRowsAVX2: one strip of 32 (4 accumulators) or 8
// columns summed down the rows in row order (bit for bit Generic); the last
// cols%8 columns are summed in Go: VMASKMOVPS once per row costs more on
// Zen 1 than the scalar adds it would save.

// func sgemv4AVX2(y, a, x *float32, lda, n int, alpha, beta float32)
// Requires: AVX, AVX2, FMA
//
// d[r] = Σⱼ a[r][j]·x[j] for the rows r < 4 and j < n (n ≥ 1), then
// y[0:4] = alpha·d + beta·y[0:4], y not read when beta == ±0. 16 columns per
// iteration (x loaded once for four rows), then 8, then a VMASKMOVPS tail
// that touches no column ≥ n.
//
// Register use:
//   DI  y   SI  row 0 cursor (rows 1, 2 at +lda, +2·lda)   R9  row 3 cursor
//   DX  x cursor   R8  lda in bytes   CX  columns left
//   Y0–Y3  sums of rows 0–3 (columns 0–7 of each step)   Y4–Y7  (columns 8–15)
//   Y8–Y9  x[j:j+16]   Y10  tail mask   Y11  scratch
TEXT ·sgemv4AVX2(SB), NOSPLIT, $0-48
	MOVQ   y+0(FP), DI
	MOVQ   a+8(FP), SI
	MOVQ   x+16(FP), DX
	MOVQ   lda+24(FP), R8
	SHLQ   $2, R8
	MOVQ   n+32(FP), CX
	LEAQ   (SI)(R8*2), R9
	ADDQ   R8, R9                   // R9 = row 3
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7

sgemv4AVX2_by16: // for ; n >= 16; n -= 16 {
	CMPQ        CX, $16
	JB          sgemv4AVX2_by8
	VMOVUPS     (DX), Y8                //   Y8, Y9 = x[j:j+16]
	VMOVUPS     32(DX), Y9
	VFMADD231PS (SI), Y8, Y0            //   d[r] += a[r][j:j+16]·x[j:j+16]
	VFMADD231PS 32(SI), Y9, Y4
	VFMADD231PS (SI)(R8*1), Y8, Y1
	VFMADD231PS 32(SI)(R8*1), Y9, Y5
	VFMADD231PS (SI)(R8*2), Y8, Y2
	VFMADD231PS 32(SI)(R8*2), Y9, Y6
	VFMADD231PS (R9), Y8, Y3
	VFMADD231PS 32(R9), Y9, Y7
	ADDQ        $64, SI
	ADDQ        $64, R9
	ADDQ        $64, DX
	SUBQ        $16, CX
	JMP         sgemv4AVX2_by16         // }

sgemv4AVX2_by8: // 8 or more left?
	CMPQ        CX, $8
	JB          sgemv4AVX2_tail
	VMOVUPS     (DX), Y8
	VFMADD231PS (SI), Y8, Y0
	VFMADD231PS (SI)(R8*1), Y8, Y1
	VFMADD231PS (SI)(R8*2), Y8, Y2
	VFMADD231PS (R9), Y8, Y3
	ADDQ        $32, SI
	ADDQ        $32, R9
	ADDQ        $32, DX
	SUBQ        $8, CX

sgemv4AVX2_tail: // 0 ≤ n < 8 left: masked, columns ≥ n read as 0
	TESTQ       CX, CX
	JZ          sgemv4AVX2_sum
	LEAQ        tailMaskAVX2<>+32(SB), AX
	SHLQ        $2, CX
	SUBQ        CX, AX
	VMOVUPS     (AX), Y10
	VMASKMOVPS  (DX), Y10, Y8
	VMASKMOVPS  (SI), Y10, Y11
	VFMADD231PS Y11, Y8, Y4
	VMASKMOVPS  (SI)(R8*1), Y10, Y11
	VFMADD231PS Y11, Y8, Y5
	VMASKMOVPS  (SI)(R8*2), Y10, Y11
	VFMADD231PS Y11, Y8, Y6
	VMASKMOVPS  (R9), Y10, Y11
	VFMADD231PS Y11, Y8, Y7

sgemv4AVX2_sum: // X0 = {d[0], d[1], d[2], d[3]}
	VADDPS        Y4, Y0, Y0
	VADDPS        Y5, Y1, Y1
	VADDPS        Y6, Y2, Y2
	VADDPS        Y7, Y3, Y3
	VHADDPS       Y1, Y0, Y0            // pairs of rows 0, 1 per 128-bit half
	VHADDPS       Y3, Y2, Y2            // pairs of rows 2, 3
	VHADDPS       Y2, Y0, Y0            // {d0 d1 d2 d3} per half
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	VBROADCASTSS  alpha+40(FP), X14
	VMULPS        X14, X0, X0            // d *= alpha
	MOVL          beta+44(FP), AX
	ANDL          $0x7fffffff, AX
	JZ            sgemv4AVX2_store
	VBROADCASTSS  beta+44(FP), X15       // d += beta·y[0:4]
	VFMADD231PS   (DI), X15, X0

sgemv4AVX2_store:
	VMOVUPS X0, (DI)
	VZEROUPPER
	RET

// laneMask sets reg to the lanes j < cnt of an 8-lane group, 0 ≤ cnt ≤ 8
// (tmp is clobbered).
#define LANE_MASK(cnt, tmp, reg) \
	LEAQ    tailMaskAVX2<>+32(SB), tmp \
	SHLQ    $2, cnt \
	SUBQ    cnt, tmp \
	VMOVUPS (tmp), reg

// func sgemvTAVX2(y, a, x *float32, lda, rows, w int, alpha, beta float32)
// Requires: AVX, AVX2, FMA
//
// acc[0:w] = Σₗ x[l]·a[l][0:w] for l < rows (rows ≥ 1, 1 ≤ w ≤ 32), then
// y[0:w] = alpha·acc + beta·y[0:w], y not read when beta == ±0. A full strip
// (w == 32) takes two rows per iteration with plain loads; a narrower one
// one row per iteration with VMASKMOVPS, touching no column ≥ w.
//
// Register use:
//   DI  y   SI  a row cursor   DX  x cursor   R8  lda in bytes   CX  rows left
//   BX  w   Y0–Y3  acc of even rows (columns 0–31)   Y4–Y7  acc of odd rows
//   Y8–Y9  broadcast x[l]   Y10–Y13  lane masks of columns 0–7 … 24–31
//   Y14–Y15  scratch, alpha, beta
TEXT ·sgemvTAVX2(SB), NOSPLIT, $0-56
	MOVQ   y+0(FP), DI
	MOVQ   a+8(FP), SI
	MOVQ   x+16(FP), DX
	MOVQ   lda+24(FP), R8
	SHLQ   $2, R8
	MOVQ   rows+32(FP), CX
	MOVQ   w+40(FP), BX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	CMPQ   BX, $32
	JNE    sgemvTAVX2_masks

sgemvTAVX2_pairs: // for ; rows >= 2; rows -= 2 {
	CMPQ         CX, $2
	JB           sgemvTAVX2_last
	VBROADCASTSS (DX), Y8               //   Y8, Y9 = x[l], x[l+1]
	VBROADCASTSS 4(DX), Y9
	VFMADD231PS  (SI), Y8, Y0           //   acc even += x[l]·a[l][0:32]
	VFMADD231PS  32(SI), Y8, Y1
	VFMADD231PS  64(SI), Y8, Y2
	VFMADD231PS  96(SI), Y8, Y3
	VFMADD231PS  (SI)(R8*1), Y9, Y4     //   acc odd += x[l+1]·a[l+1][0:32]
	VFMADD231PS  32(SI)(R8*1), Y9, Y5
	VFMADD231PS  64(SI)(R8*1), Y9, Y6
	VFMADD231PS  96(SI)(R8*1), Y9, Y7
	LEAQ         (SI)(R8*2), SI
	ADDQ         $8, DX
	SUBQ         $2, CX
	JMP          sgemvTAVX2_pairs       // }

sgemvTAVX2_last: // one row left?
	TESTQ        CX, CX
	JZ           sgemvTAVX2_sum
	VBROADCASTSS (DX), Y8
	VFMADD231PS  (SI), Y8, Y0
	VFMADD231PS  32(SI), Y8, Y1
	VFMADD231PS  64(SI), Y8, Y2
	VFMADD231PS  96(SI), Y8, Y3

sgemvTAVX2_sum: // acc = even + odd
	VADDPS       Y4, Y0, Y0
	VADDPS       Y5, Y1, Y1
	VADDPS       Y6, Y2, Y2
	VADDPS       Y7, Y3, Y3
	VBROADCASTSS alpha+48(FP), Y14
	VMULPS       Y14, Y0, Y0             // acc *= alpha
	VMULPS       Y14, Y1, Y1
	VMULPS       Y14, Y2, Y2
	VMULPS       Y14, Y3, Y3
	MOVL         beta+52(FP), AX
	ANDL         $0x7fffffff, AX
	JZ           sgemvTAVX2_store
	VBROADCASTSS beta+52(FP), Y15        // acc += beta·y
	VFMADD231PS  (DI), Y15, Y0
	VFMADD231PS  32(DI), Y15, Y1
	VFMADD231PS  64(DI), Y15, Y2
	VFMADD231PS  96(DI), Y15, Y3

sgemvTAVX2_store:
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VZEROUPPER
	RET

sgemvTAVX2_masks: // w < 32: Y10–Y13 = lanes of columns < w
	MOVQ    BX, R9
	MOVQ    $8, R10
	CMPQ    R9, R10
	CMOVQGT R10, R9
	LANE_MASK(R9, R11, Y10)
	XORQ    R12, R12
	MOVQ    BX, R9
	SUBQ    $8, R9
	CMOVQLT R12, R9
	CMPQ    R9, R10
	CMOVQGT R10, R9
	LANE_MASK(R9, R11, Y11)
	MOVQ    BX, R9
	SUBQ    $16, R9
	CMOVQLT R12, R9
	CMPQ    R9, R10
	CMOVQGT R10, R9
	LANE_MASK(R9, R11, Y12)
	MOVQ    BX, R9
	SUBQ    $24, R9
	CMOVQLT R12, R9
	LANE_MASK(R9, R11, Y13)

sgemvTAVX2_mrow: // for ; rows > 0; rows-- {
	VBROADCASTSS (DX), Y8                //   acc += x[l]·a[l][0:w]
	VMASKMOVPS   (SI), Y10, Y14
	VFMADD231PS  Y14, Y8, Y0
	VMASKMOVPS   32(SI), Y11, Y15
	VFMADD231PS  Y15, Y8, Y1
	VMASKMOVPS   64(SI), Y12, Y14
	VFMADD231PS  Y14, Y8, Y2
	VMASKMOVPS   96(SI), Y13, Y15
	VFMADD231PS  Y15, Y8, Y3
	ADDQ         R8, SI
	ADDQ         $4, DX
	DECQ         CX
	JNZ          sgemvTAVX2_mrow         // }

	VBROADCASTSS alpha+48(FP), Y14
	VMULPS       Y14, Y0, Y0             // acc *= alpha
	VMULPS       Y14, Y1, Y1
	VMULPS       Y14, Y2, Y2
	VMULPS       Y14, Y3, Y3
	MOVL         beta+52(FP), AX
	ANDL         $0x7fffffff, AX
	JZ           sgemvTAVX2_mstore
	VBROADCASTSS beta+52(FP), Y15        // acc += beta·y[0:w]
	VMASKMOVPS   (DI), Y10, Y14
	VFMADD231PS  Y14, Y15, Y0
	VMASKMOVPS   32(DI), Y11, Y14
	VFMADD231PS  Y14, Y15, Y1
	VMASKMOVPS   64(DI), Y12, Y14
	VFMADD231PS  Y14, Y15, Y2
	VMASKMOVPS   96(DI), Y13, Y14
	VFMADD231PS  Y14, Y15, Y3

sgemvTAVX2_mstore: // y[0:w] = acc
	VMASKMOVPS Y0, Y10, (DI)
	VMASKMOVPS Y1, Y11, 32(DI)
	VMASKMOVPS Y2, Y12, 64(DI)
	VMASKMOVPS Y3, Y13, 96(DI)
	VZEROUPPER
	RET

#undef LANE_MASK

// func sgerAVX2(a, x, y *float32, lda, rows, n int, alpha float32)
// Requires: AVX, AVX2, FMA
//
// a[i][0:n] += (alpha·x[i])·y[0:n] for i < rows (rows, n ≥ 1): per row 32
// columns per iteration, then 8, then a VMASKMOVPS tail that touches no
// column ≥ n.
//
// Register use:
//   DI  a row   SI  x cursor   DX  y   R8  lda in bytes   R9  rows left
//   BX  n   CX  columns left   R10  a cursor   R11  y cursor   AX  mask address
//   Y15  alpha   Y14  alpha·x[i]   Y0–Y3  a[i][j:j+32]   Y13  tail mask
TEXT ·sgerAVX2(SB), NOSPLIT, $0-52
	MOVQ         a+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         y+16(FP), DX
	MOVQ         lda+24(FP), R8
	SHLQ         $2, R8
	MOVQ         rows+32(FP), R9
	MOVQ         n+40(FP), BX
	VBROADCASTSS alpha+48(FP), Y15
	MOVQ         BX, CX
	ANDQ         $7, CX
	LEAQ         tailMaskAVX2<>+32(SB), AX
	SHLQ         $2, CX
	SUBQ         CX, AX
	VMOVUPS      (AX), Y13              // Y13 = lanes j < n mod 8

sgerAVX2_row: // for ; rows > 0; rows-- {
	VBROADCASTSS (SI), Y14
	VMULPS       Y15, Y14, Y14          //   Y14 = alpha·x[i]
	MOVQ         DI, R10
	MOVQ         DX, R11
	MOVQ         BX, CX

sgerAVX2_by32: //   for ; n >= 32; n -= 32 {
	CMPQ        CX, $32
	JB          sgerAVX2_by8
	VMOVUPS     (R10), Y0
	VMOVUPS     32(R10), Y1
	VMOVUPS     64(R10), Y2
	VMOVUPS     96(R10), Y3
	VFMADD231PS (R11), Y14, Y0         //     a[i][j:j+32] += s·y[j:j+32]
	VFMADD231PS 32(R11), Y14, Y1
	VFMADD231PS 64(R11), Y14, Y2
	VFMADD231PS 96(R11), Y14, Y3
	VMOVUPS     Y0, (R10)
	VMOVUPS     Y1, 32(R10)
	VMOVUPS     Y2, 64(R10)
	VMOVUPS     Y3, 96(R10)
	ADDQ        $128, R10
	ADDQ        $128, R11
	SUBQ        $32, CX
	JMP         sgerAVX2_by32          //   }

sgerAVX2_by8: //   for ; n >= 8; n -= 8 {
	CMPQ        CX, $8
	JB          sgerAVX2_tail
	VMOVUPS     (R10), Y0
	VFMADD231PS (R11), Y14, Y0
	VMOVUPS     Y0, (R10)
	ADDQ        $32, R10
	ADDQ        $32, R11
	SUBQ        $8, CX
	JMP         sgerAVX2_by8           //   }

sgerAVX2_tail: //   0 ≤ n < 8 left
	TESTQ       CX, CX
	JZ          sgerAVX2_next
	VMASKMOVPS  (R10), Y13, Y0
	VMASKMOVPS  (R11), Y13, Y1
	VFMADD231PS Y1, Y14, Y0
	VMASKMOVPS  Y0, Y13, (R10)

sgerAVX2_next:
	ADDQ R8, DI
	ADDQ $4, SI
	DECQ R9
	JNZ  sgerAVX2_row                  // }
	VZEROUPPER
	RET

// func saxpyAVX2(dst, x *float32, alpha float32, n int)
// Requires: AVX, AVX2, FMA
//
// dst[i] += alpha·x[i] for i < n, 32 floats per iteration, then 8, then a
// masked tail that touches no memory outside dst[0:n] and x[0:n].
//
// Register use:
//   DI  dst cursor     SI  x cursor     CX  elements left     AX  mask address
//   Y0–Y3  dst[i:i+32]     Y14  tail mask     Y15  alpha broadcast
TEXT ·saxpyAVX2(SB), NOSPLIT, $0-32
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	VBROADCASTSS alpha+16(FP), Y15 // Y15 = {alpha × 8}
	MOVQ         n+24(FP), CX
	CMPQ         CX, $32
	JB           saxpyAVX2_by8

	PCALIGN $32

saxpyAVX2_by32: // for ; n >= 32; n -= 32 {
	VMOVUPS     (DI), Y0         //   Y0–Y3 = dst[i:i+32]
	VMOVUPS     32(DI), Y1
	VMOVUPS     64(DI), Y2
	VMOVUPS     96(DI), Y3
	VFMADD231PS (SI), Y15, Y0    //   Y0–Y3 += alpha·x[i:i+32]
	VFMADD231PS 32(SI), Y15, Y1
	VFMADD231PS 64(SI), Y15, Y2
	VFMADD231PS 96(SI), Y15, Y3
	VMOVUPS     Y0, (DI)         //   dst[i:i+32] = Y0–Y3
	VMOVUPS     Y1, 32(DI)
	VMOVUPS     Y2, 64(DI)
	VMOVUPS     Y3, 96(DI)
	ADDQ        $128, DI
	ADDQ        $128, SI
	SUBQ        $32, CX
	CMPQ        CX, $32
	JAE         saxpyAVX2_by32   // }

saxpyAVX2_by8:
	CMPQ CX, $8
	JB   saxpyAVX2_tail

saxpyAVX2_loop8: // for ; n >= 8; n -= 8 {
	VMOVUPS     (DI), Y0         //   Y0 = dst[i:i+8]
	VFMADD231PS (SI), Y15, Y0    //   Y0 += alpha·x[i:i+8]
	VMOVUPS     Y0, (DI)         //   dst[i:i+8] = Y0
	ADDQ        $32, DI
	ADDQ        $32, SI
	SUBQ        $8, CX
	CMPQ        CX, $8
	JAE         saxpyAVX2_loop8  // }

saxpyAVX2_tail: // 0 ≤ n < 8 left
	TESTQ      CX, CX
	JZ         saxpyAVX2_done
	LEAQ       tailMaskAVX2<>+32(SB), AX
	SHLQ       $2, CX
	SUBQ       CX, AX            // AX = &tailMaskAVX2[8-n]
	VMOVUPS    (AX), Y14         // Y14 = lanes 0..n-1 enabled
	VMASKMOVPS (DI), Y14, Y0     // Y0 = dst[i:i+n], 0 elsewhere
	VMASKMOVPS (SI), Y14, Y1     // Y1 = x[i:i+n], 0 elsewhere
	VFMADD231PS Y1, Y15, Y0      // Y0 += alpha·Y1
	VMASKMOVPS Y0, Y14, (DI)     // dst[i:i+n] = Y0[0:n]

saxpyAVX2_done:
	VZEROUPPER
	RET

// func saxpyAVX512(dst, x *float32, alpha float32, n int)
// Requires: AVX512F
//
// dst[i] += alpha·x[i] for i < n, 64 floats per iteration, then 16, then a
// tail under opmask K1 that touches no memory outside dst[0:n] and x[0:n].
//
// Register use:
//   DI  dst cursor     SI  x cursor     CX  elements left     AX  mask bits
//   Z0–Z3  dst[i:i+64]     Z4  x tail     Z31  alpha broadcast     K1  tail mask
TEXT ·saxpyAVX512(SB), NOSPLIT, $0-32
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	VBROADCASTSS alpha+16(FP), Z31 // Z31 = {alpha × 16}
	MOVQ         n+24(FP), CX
	CMPQ         CX, $64
	JB           saxpyAVX512_by16

	PCALIGN $32

saxpyAVX512_by64: // for ; n >= 64; n -= 64 {
	VMOVUPS     (DI), Z0         //   Z0–Z3 = dst[i:i+64]
	VMOVUPS     64(DI), Z1
	VMOVUPS     128(DI), Z2
	VMOVUPS     192(DI), Z3
	VFMADD231PS (SI), Z31, Z0    //   Z0–Z3 += alpha·x[i:i+64]
	VFMADD231PS 64(SI), Z31, Z1
	VFMADD231PS 128(SI), Z31, Z2
	VFMADD231PS 192(SI), Z31, Z3
	VMOVUPS     Z0, (DI)         //   dst[i:i+64] = Z0–Z3
	VMOVUPS     Z1, 64(DI)
	VMOVUPS     Z2, 128(DI)
	VMOVUPS     Z3, 192(DI)
	ADDQ        $256, DI
	ADDQ        $256, SI
	SUBQ        $64, CX
	CMPQ        CX, $64
	JAE         saxpyAVX512_by64 // }

saxpyAVX512_by16:
	CMPQ CX, $16
	JB   saxpyAVX512_tail

saxpyAVX512_loop16: // for ; n >= 16; n -= 16 {
	VMOVUPS     (DI), Z0           //   Z0 = dst[i:i+16]
	VFMADD231PS (SI), Z31, Z0      //   Z0 += alpha·x[i:i+16]
	VMOVUPS     Z0, (DI)           //   dst[i:i+16] = Z0
	ADDQ        $64, DI
	ADDQ        $64, SI
	SUBQ        $16, CX
	CMPQ        CX, $16
	JAE         saxpyAVX512_loop16 // }

saxpyAVX512_tail: // 0 ≤ n < 16 left
	TESTQ       CX, CX
	JZ          saxpyAVX512_done
	MOVL        $1, AX
	SHLL        CX, AX             // AX = 1<<n
	DECL        AX                 // AX = lanes 0..n-1
	KMOVW       AX, K1
	VMOVUPS.Z   (DI), K1, Z0       // Z0 = dst[i:i+n], 0 elsewhere
	VMOVUPS.Z   (SI), K1, Z4       // Z4 = x[i:i+n], 0 elsewhere
	VFMADD231PS Z4, Z31, Z0        // Z0 += alpha·Z4
	VMOVUPS     Z0, K1, (DI)       // dst[i:i+n] = Z0[0:n]

saxpyAVX512_done:
	VZEROUPPER
	RET

// func sdotAVX2(x, y *float32, n int) float32
// Requires: AVX, AVX2, FMA
//
// Returns Σ x[i]·y[i] for i < n: 64 floats per iteration into 8 independent
// accumulators (FMA latency × 2 loads per FMA), then 8, then a masked tail
// reading nothing past x[n-1], y[n-1].
//
// Register use:
//   SI  x cursor     DI  y cursor     CX  elements left     AX  mask address
//   Y0–Y7  accumulators     Y8–Y11  x[i:i+32]     Y9  y tail     Y14  tail mask
TEXT ·sdotAVX2(SB), NOSPLIT, $0-28
	MOVQ   x+0(FP), SI
	MOVQ   y+8(FP), DI
	MOVQ   n+16(FP), CX
	VXORPS Y0, Y0, Y0           // Y0–Y7 = 0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	CMPQ   CX, $64
	JB     sdotAVX2_by8

	PCALIGN $32

sdotAVX2_by64: // for ; n >= 64; n -= 64 {
	VMOVUPS     (SI), Y8         //   Y8–Y11 = x[i:i+32]
	VMOVUPS     32(SI), Y9
	VMOVUPS     64(SI), Y10
	VMOVUPS     96(SI), Y11
	VFMADD231PS (DI), Y8, Y0     //   Y0–Y3 += x[i:i+32]·y[i:i+32]
	VFMADD231PS 32(DI), Y9, Y1
	VFMADD231PS 64(DI), Y10, Y2
	VFMADD231PS 96(DI), Y11, Y3
	VMOVUPS     128(SI), Y8      //   Y8–Y11 = x[i+32:i+64]
	VMOVUPS     160(SI), Y9
	VMOVUPS     192(SI), Y10
	VMOVUPS     224(SI), Y11
	VFMADD231PS 128(DI), Y8, Y4  //   Y4–Y7 += x[i+32:i+64]·y[i+32:i+64]
	VFMADD231PS 160(DI), Y9, Y5
	VFMADD231PS 192(DI), Y10, Y6
	VFMADD231PS 224(DI), Y11, Y7
	ADDQ        $256, SI
	ADDQ        $256, DI
	SUBQ        $64, CX
	CMPQ        CX, $64
	JAE         sdotAVX2_by64    // }

sdotAVX2_by8:
	CMPQ CX, $8
	JB   sdotAVX2_tail

sdotAVX2_loop8: // for ; n >= 8; n -= 8 {
	VMOVUPS     (SI), Y8         //   Y8 = x[i:i+8]
	VFMADD231PS (DI), Y8, Y0     //   Y0 += x[i:i+8]·y[i:i+8]
	ADDQ        $32, SI
	ADDQ        $32, DI
	SUBQ        $8, CX
	CMPQ        CX, $8
	JAE         sdotAVX2_loop8   // }

sdotAVX2_tail: // 0 ≤ n < 8 left
	TESTQ       CX, CX
	JZ          sdotAVX2_reduce
	LEAQ        tailMaskAVX2<>+32(SB), AX
	SHLQ        $2, CX
	SUBQ        CX, AX           // AX = &tailMaskAVX2[8-n]
	VMOVUPS     (AX), Y14        // Y14 = lanes 0..n-1 enabled
	VMASKMOVPS  (SI), Y14, Y8    // Y8 = x[i:i+n], 0 elsewhere
	VMASKMOVPS  (DI), Y14, Y9    // Y9 = y[i:i+n], 0 elsewhere
	VFMADD231PS Y9, Y8, Y1       // Y1 += Y8·Y9

sdotAVX2_reduce:
	VADDPS       Y4, Y0, Y0      // Y0 = ((Y0+Y4) + (Y1+Y5)) + ((Y2+Y6) + (Y3+Y7))
	VADDPS       Y5, Y1, Y1
	VADDPS       Y6, Y2, Y2
	VADDPS       Y7, Y3, Y3
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1      // X0 = Y0[0:4] + Y0[4:8]
	VADDPS       X1, X0, X0
	VPERMILPS    $0x4e, X0, X1   // X0[0:2] += X0[2:4]
	VADDPS       X1, X0, X0
	VPERMILPS    $0xb1, X0, X1   // X0[0] += X0[1]
	VADDSS       X1, X0, X0
	VMOVSS       X0, ret+24(FP)  // return X0[0]
	VZEROUPPER
	RET

// func sdotAVX512(x, y *float32, n int) float32
// Requires: AVX512F
//
// Returns Σ x[i]·y[i] for i < n: 64 floats per iteration into 4 independent
// accumulators, then 16, then a tail under opmask K1 reading nothing past
// x[n-1], y[n-1].
//
// Register use:
//   SI  x cursor     DI  y cursor     CX  elements left     AX  mask bits
//   Z0–Z3  accumulators     Z4–Z7  x[i:i+64]     K1  tail mask
TEXT ·sdotAVX512(SB), NOSPLIT, $0-28
	MOVQ   x+0(FP), SI
	MOVQ   y+8(FP), DI
	MOVQ   n+16(FP), CX
	VPXORD Z0, Z0, Z0             // Z0–Z3 = 0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	CMPQ   CX, $64
	JB     sdotAVX512_by16

	PCALIGN $32

sdotAVX512_by64: // for ; n >= 64; n -= 64 {
	VMOVUPS     (SI), Z4           //   Z4–Z7 = x[i:i+64]
	VMOVUPS     64(SI), Z5
	VMOVUPS     128(SI), Z6
	VMOVUPS     192(SI), Z7
	VFMADD231PS (DI), Z4, Z0       //   Z0–Z3 += x[i:i+64]·y[i:i+64]
	VFMADD231PS 64(DI), Z5, Z1
	VFMADD231PS 128(DI), Z6, Z2
	VFMADD231PS 192(DI), Z7, Z3
	ADDQ        $256, SI
	ADDQ        $256, DI
	SUBQ        $64, CX
	CMPQ        CX, $64
	JAE         sdotAVX512_by64    // }

sdotAVX512_by16:
	CMPQ CX, $16
	JB   sdotAVX512_tail

sdotAVX512_loop16: // for ; n >= 16; n -= 16 {
	VMOVUPS     (SI), Z4           //   Z4 = x[i:i+16]
	VFMADD231PS (DI), Z4, Z0       //   Z0 += x[i:i+16]·y[i:i+16]
	ADDQ        $64, SI
	ADDQ        $64, DI
	SUBQ        $16, CX
	CMPQ        CX, $16
	JAE         sdotAVX512_loop16  // }

sdotAVX512_tail: // 0 ≤ n < 16 left
	TESTQ       CX, CX
	JZ          sdotAVX512_reduce
	MOVL        $1, AX
	SHLL        CX, AX             // AX = 1<<n
	DECL        AX                 // AX = lanes 0..n-1
	KMOVW       AX, K1
	VMOVUPS.Z   (SI), K1, Z4       // Z4 = x[i:i+n], 0 elsewhere
	VMOVUPS.Z   (DI), K1, Z5       // Z5 = y[i:i+n], 0 elsewhere
	VFMADD231PS Z5, Z4, Z1         // Z1 += Z4·Z5

sdotAVX512_reduce:
	VADDPS        Z1, Z0, Z0       // Z0 = (Z0+Z1) + (Z2+Z3)
	VADDPS        Z3, Z2, Z2
	VADDPS        Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1       // Y0 = Z0[0:8] + Z0[8:16]
	VADDPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1       // X0 = Y0[0:4] + Y0[4:8]
	VADDPS        X1, X0, X0
	VPERMILPS     $0x4e, X0, X1    // X0[0:2] += X0[2:4]
	VADDPS        X1, X0, X0
	VPERMILPS     $0xb1, X0, X1    // X0[0] += X0[1]
	VADDSS        X1, X0, X0
	VMOVSS        X0, ret+24(FP)   // return X0[0]
	VZEROUPPER
	RET

// func sumRowsAVX2(dst, x *float32, stride, rows, w int)
// Requires: AVX, AVX2, FMA
//
// acc = dst[0:w]; acc += x[l·stride : l·stride+w] for l < rows, in row
// order, so each column is summed in Generic's order; dst[0:w] = acc
// (rows ≥ 1, w == 32 or w == 8). One row per iteration, added from memory.
//
// Register use:
//   DI  dst   SI  x row cursor   R8  stride in bytes   CX  rows left   BX  w
//   Y0–Y3  acc (columns 0–7 … 24–31)
TEXT ·sumRowsAVX2(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ stride+16(FP), R8
	SHLQ $2, R8
	MOVQ rows+24(FP), CX
	MOVQ w+32(FP), BX
	CMPQ BX, $32
	JNE  sumRowsAVX2_w8

	VMOVUPS (DI), Y0                  // acc = dst[0:32]
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3

	PCALIGN $32

sumRowsAVX2_row32: // for ; rows > 0; rows-- {
	VADDPS (SI), Y0, Y0               //   acc += x[l][0:32]
	VADDPS 32(SI), Y1, Y1
	VADDPS 64(SI), Y2, Y2
	VADDPS 96(SI), Y3, Y3
	ADDQ   R8, SI
	DECQ   CX
	JNZ    sumRowsAVX2_row32          // }

	VMOVUPS Y0, (DI)                  // dst[0:32] = acc
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VZEROUPPER
	RET

sumRowsAVX2_w8: // w == 8
	VMOVUPS (DI), Y0                  // acc = dst[0:8]

sumRowsAVX2_row8: // for ; rows > 0; rows-- {
	VADDPS (SI), Y0, Y0               //   acc += x[l][0:8]
	ADDQ   R8, SI
	DECQ   CX
	JNZ    sumRowsAVX2_row8           // }

	VMOVUPS Y0, (DI)                  // dst[0:8] = acc
	VZEROUPPER
	RET

// ===========================================================================
// The exp family: Sigmoid, Tanh and Softmax's exponentials. Contracts and
// bounds: kernels/doc.go; drivers: elementwise.go. Written for few
// operations on the FMA pipes, which bound them on Zen 4 (a zmm FMA takes
// both halves of a pipe), with the ulp bound of the catalogue kept:
//
// Sigmoid: e = exp(-|x|) with z = -|x| clamped at -88, n = z·log2e rounded
// to a multiple of 1/8, r = z - n·ln2 (two steps: |r| ≤ ln2/16), 2ⁿ from an
// 8-entry table by VPERMPS plus ⌊n⌋ shifted into the exponent field, and
// exp(r) - 1 = r·(1 + r·(c2 + c3·r)); then f = e/(1+e) by VDIVPS and f or
// 1 - f by the sign of x. Tanh: m = expm1(-2|x|) = 2ⁿ·expm1(r) + 2ⁿ - 1 with
// integer n (a table would lose digits to cancellation near 0) and
// expm1(r) = r + r²·q(r), q by Estrin; then -m/(2+m) with the sign of x.
// Softmax's exponentials (expSubSum) keep expNeg's reduction and degree-6
// polynomial (sigmoidConsts), 2ⁿ from the exponent bits (AVX2) or by
// VSCALEFPS (AVX512: the same exact product, rounded once).
//
// AVX2 works on 8 lanes with a masked tail; expSubSum writes exp(x-m) and
// returns the sum of 8 lane partial sums. AVX512 runs the same operations in
// the same order on 16 lanes, two vectors per iteration for Sigmoid and Tanh
// (opmasks for the sign choice and the tail, VPTERNLOGD for Tanh's sign), so
// its results are the AVX2 results bit for bit (TestExpAVX512SameAsAVX2); the
// Softmax sum is added in 16 lanes. llvm-mca-19 (kernels/mca_amd64.sh), cycles
// per element on znver4: Sigmoid 0.74 (AVX512), 1.01 (AVX2); Tanh 0.91, 1.32.

DATA sigmoidConsts<>+0x00(SB)/4, $0x80000000 // sign bit
DATA sigmoidConsts<>+0x04(SB)/4, $0xc2aeac50 // expMinArg = -87.33654
DATA sigmoidConsts<>+0x08(SB)/4, $0x3fb8aa3b // log2(e)
DATA sigmoidConsts<>+0x0c(SB)/4, $0x4b400000 // 1.5·2²³, rounds to an integer
DATA sigmoidConsts<>+0x10(SB)/4, $0x3f318000 // ln2 hi = 0.693359375
DATA sigmoidConsts<>+0x14(SB)/4, $0xb95e8083 // ln2 lo = -2.12194440e-4
DATA sigmoidConsts<>+0x18(SB)/4, $0x39506967 // P0 = 1.9875691500e-4
DATA sigmoidConsts<>+0x1c(SB)/4, $0x3ab743ce // P1 = 1.3981999507e-3
DATA sigmoidConsts<>+0x20(SB)/4, $0x3c088908 // P2 = 8.3334519073e-3
DATA sigmoidConsts<>+0x24(SB)/4, $0x3d2aa9c1 // P3 = 4.1665795894e-2
DATA sigmoidConsts<>+0x28(SB)/4, $0x3e2aaaaa // P4 = 1.6666665459e-1
DATA sigmoidConsts<>+0x2c(SB)/4, $0x3f000000 // P5 = 5.0000001201e-1
DATA sigmoidConsts<>+0x30(SB)/4, $0x3f800000 // 1
DATA sigmoidConsts<>+0x34(SB)/4, $0x39800000 // tanhSmall = 2⁻¹²
GLOBL sigmoidConsts<>(SB), RODATA|NOPTR, $56

DATA sigmoidBias<>+0x00(SB)/8, $0x0000007f0000007f // 8 × int32 127
DATA sigmoidBias<>+0x08(SB)/8, $0x0000007f0000007f
DATA sigmoidBias<>+0x10(SB)/8, $0x0000007f0000007f
DATA sigmoidBias<>+0x18(SB)/8, $0x0000007f0000007f
GLOBL sigmoidBias<>(SB), RODATA|NOPTR, $32

// EXPNEG8 computes Y4 = expNeg(Y1) for 8 lanes of z ≤ 0 (or NaN): Y1 is
// clamped to expMinArg, lanes below it give e = 0 exactly as expNeg does.
// Y2, Y3, Y5–Y7 are scratch; Y9–Y15 hold the constants (see sigmoidAVX2).
#define EXPNEG8 \
	VCMPPS       $5, Y9, Y1, Y7 \      // Y7 = !(z < expMinArg): e is kept (NaN too)
	VMAXPS       Y1, Y9, Y1 \          // z = max(z, expMinArg); a NaN z is kept
	VMOVAPS      Y11, Y2 \
	VFMADD231PS  Y10, Y1, Y2 \         // Y2 = z·log2e + 1.5·2²³
	VSUBPS       Y11, Y2, Y2 \         // Y2 = n = round(z·log2e)
	VMOVAPS      Y1, Y3 \
	VFNMADD231PS Y12, Y2, Y3 \         // r = z - n·ln2hi
	VFNMADD231PS Y13, Y2, Y3 \         // r -= n·ln2lo
	VBROADCASTSS sigmoidConsts<>+0x18(SB), Y4 \
	VFMADD213PS  Y14, Y3, Y4 \         // p = P0·r + P1
	VBROADCASTSS sigmoidConsts<>+0x20(SB), Y5 \
	VFMADD213PS  Y5, Y3, Y4 \          // p = p·r + P2
	VBROADCASTSS sigmoidConsts<>+0x24(SB), Y5 \
	VFMADD213PS  Y5, Y3, Y4 \          // p = p·r + P3
	VBROADCASTSS sigmoidConsts<>+0x28(SB), Y5 \
	VFMADD213PS  Y5, Y3, Y4 \          // p = p·r + P4
	VBROADCASTSS sigmoidConsts<>+0x2c(SB), Y5 \
	VFMADD213PS  Y5, Y3, Y4 \          // p = p·r + P5
	VMULPS       Y3, Y3, Y5 \          // Y5 = r²
	VFMADD213PS  Y3, Y5, Y4 \          // p = p·r² + r
	VADDPS       Y15, Y4, Y4 \         // p += 1: exp(r)
	VCVTTPS2DQ   Y2, Y6 \              // 2ⁿ: (n + 127) << 23
	VPADDD       sigmoidBias<>(SB), Y6, Y6 \
	VPSLLD       $23, Y6, Y6 \
	VMULPS       Y6, Y4, Y4 \          // Y4 = e = exp(z)
	VANDPS       Y7, Y4, Y4             // e = 0 where z < expMinArg, as expNeg

// actConsts are the constants of Sigmoid and Tanh (kernels_generic.go:
// sigmoidGeneric, tanhGeneric): the clamp of z, the one-step-plus-correction
// reduction z = n·ln2 + r, exp(r) = 1 + r·s(r) and expm1(r) = r + r²·q(r).
DATA actConsts<>+0x00(SB)/4, $0x80000000 // sign bit
DATA actConsts<>+0x04(SB)/4, $0xc2b00000 // actMinZ = -88: n ≥ -127, 2⁻¹²⁷ built as 0
DATA actConsts<>+0x08(SB)/4, $0x3fb8aa3b // log2(e)
DATA actConsts<>+0x0c(SB)/4, $0x4b40007f // 1.5·2²³ + 127: rounds, low bits n + 127
DATA actConsts<>+0x10(SB)/4, $0xbf317218 // -ln2hi = -0.693147182
DATA actConsts<>+0x14(SB)/4, $0x3102e308 // -ln2lo = 1.90465421e-9
DATA actConsts<>+0x18(SB)/4, $0x3f800000 // 1
DATA actConsts<>+0x1c(SB)/4, $0x40000000 // 2
DATA actConsts<>+0x20(SB)/4, $0x3effffff // q0 = 0.49999997 (Tanh)
DATA actConsts<>+0x24(SB)/4, $0x3e2aaa58 // q1 = 0.166665435
DATA actConsts<>+0x28(SB)/4, $0x3d2aab3a // q2 = 0.0416672006
DATA actConsts<>+0x2c(SB)/4, $0x3c0913bb // q3 = 0.00836652052
DATA actConsts<>+0x30(SB)/4, $0x3ab5f601 // q4 = 0.0013882519
DATA actConsts<>+0x34(SB)/4, $0x49c00000 // 1.5·2²⁰ (Sigmoid): rounds to a multiple of 1/8
DATA actConsts<>+0x38(SB)/4, $0x3f00043f // c2 = 0.50006479
DATA actConsts<>+0x3c(SB)/4, $0x3e2aa475 // c3 = 0.166642979
GLOBL actConsts<>(SB), RODATA|NOPTR, $64

// ACTREDUCE8 is the reduction of Tanh on 8 lanes: z in Y1 is clamped to
// actMinZ (a NaN z is kept), Y2 = t = z·log2e + 1.5·2²³ + 127 (its low
// bits hold n + 127), Y3 = n = round(z·log2e) and Y1 = r = z - n·ln2hi -
// n·ln2lo. Y8–Y13 hold the constants (see tanhAVX2).
#define ACTREDUCE8 \
	VMAXPS       Y1, Y9, Y1 \          // z = max(z, actMinZ); a NaN z is kept
	VMOVAPS      Y11, Y2 \
	VFMADD231PS  Y10, Y1, Y2 \         // Y2 = t = z·log2e + 1.5·2²³ + 127
	VSUBPS       Y11, Y2, Y3 \         // Y3 = n = round(z·log2e), -127 ≤ n ≤ 0
	VFMADD231PS  Y12, Y3, Y1 \         // r = z - n·ln2hi (exact)
	VFMADD231PS  Y13, Y3, Y1            // r -= n·ln2lo

// SIGMOID8 computes Y0 = sigmoid(Y0) for 8 lanes; Y1–Y5 are scratch and
// Y8–Y15 hold the constants (see sigmoidAVX2). e = exp(z) is 2ⁿ·exp(r) for
// n = round(z·log2e) to a multiple of 1/8: t = z·log2e + 1.5·2²⁰ rounds it
// (t's low 3 bits are j = 8·(n - ⌊n⌋)), the bits of 2ⁿ are sigmoidLut[j] +
// (t << 20) (the table entry holds 2^(j/8) less j << 20, so ⌊n⌋ lands in
// the exponent field: 0 for n = -127, a value below 2⁻¹²⁶ for n < -126),
// and exp(r) = 1 + r·(1 + r·(c2 + c3·r)) on |r| ≤ ln2/16.
#define SIGMOID8 \
	VORPS        Y8, Y0, Y1 \          // Y1 = z = -|x|
	VMAXPS       Y1, Y9, Y1 \          // z = max(z, -88); a NaN z is kept
	VMOVAPS      Y11, Y2 \
	VFMADD231PS  Y10, Y1, Y2 \         // Y2 = t = z·log2e + 1.5·2²⁰
	VPERMPS      Y15, Y2, Y4 \         // Y4 = sigmoidLut[j]
	VSUBPS       Y11, Y2, Y3 \         // Y3 = n = z·log2e rounded to a multiple of 1/8
	VFMADD231PS  Y12, Y3, Y1 \         // r = z - n·ln2hi (exact)
	VFMADD231PS  Y13, Y3, Y1 \         // r -= n·ln2lo
	VPSLLD       $20, Y2, Y2 \
	VPADDD       Y2, Y4, Y4 \          // Y4 = l = 2ⁿ
	VBROADCASTSS actConsts<>+0x3c(SB), Y3 \
	VBROADCASTSS actConsts<>+0x38(SB), Y5 \
	VFMADD213PS  Y5, Y1, Y3 \          // Y3 = p = c3·r + c2
	VFMADD213PS  Y14, Y1, Y3 \         // p = p·r + 1
	VMULPS       Y1, Y3, Y3 \          // p = p·r: exp(r) - 1
	VFMADD213PS  Y4, Y4, Y3 \          // Y3 = e = l·p + l = exp(z), 0 for z ≤ -88
	VADDPS       Y14, Y3, Y5 \         // Y5 = 1 + e
	VDIVPS       Y5, Y3, Y3 \          // Y3 = f = e/(1+e) = sigmoid(-|x|)
	VSUBPS       Y3, Y14, Y5 \         // Y5 = 1 - f = sigmoid(|x|)
	VBLENDVPS    Y0, Y3, Y5, Y0         // Y0 = x has the sign bit ? f : 1 - f

// sigmoidLut[j] (twice, for VPERMPS on 16 lanes) holds the bits of
// 2^(j/8) less j << 20 (see SIGMOID8).
DATA sigmoidLut<>+0x00(SB)/4, $0x3f800000 // 2^(0/8)
DATA sigmoidLut<>+0x04(SB)/4, $0x3f7b95c2 // 2^(1/8) - 1<<20
DATA sigmoidLut<>+0x08(SB)/4, $0x3f7837f0 // 2^(2/8) - 2<<20
DATA sigmoidLut<>+0x0c(SB)/4, $0x3f75fed7 // 2^(3/8) - 3<<20
DATA sigmoidLut<>+0x10(SB)/4, $0x3f7504f3 // 2^(4/8) - 4<<20
DATA sigmoidLut<>+0x14(SB)/4, $0x3f75672a // 2^(5/8) - 5<<20
DATA sigmoidLut<>+0x18(SB)/4, $0x3f7744fd // 2^(6/8) - 6<<20
DATA sigmoidLut<>+0x1c(SB)/4, $0x3f7ac0c7 // 2^(7/8) - 7<<20
DATA sigmoidLut<>+0x20(SB)/4, $0x3f800000
DATA sigmoidLut<>+0x24(SB)/4, $0x3f7b95c2
DATA sigmoidLut<>+0x28(SB)/4, $0x3f7837f0
DATA sigmoidLut<>+0x2c(SB)/4, $0x3f75fed7
DATA sigmoidLut<>+0x30(SB)/4, $0x3f7504f3
DATA sigmoidLut<>+0x34(SB)/4, $0x3f75672a
DATA sigmoidLut<>+0x38(SB)/4, $0x3f7744fd
DATA sigmoidLut<>+0x3c(SB)/4, $0x3f7ac0c7
GLOBL sigmoidLut<>(SB), RODATA|NOPTR, $64

// func sigmoidAVX2(dst, x *float32, n int)
// Requires: AVX, AVX2, FMA
//
// dst[i] = sigmoid(x[i]) for i < n: f = e/(1+e) of e = exp(-|x|) (SIGMOID8),
// then f or 1 - f by the sign of x. 8 per iteration, then a VMASKMOVPS tail
// that touches nothing ≥ n.
//
// Register use:
//   DI  dst cursor   SI  x cursor   CX  elements left   AX  mask address
//   Y0  x, then the result   Y1–Y5  scratch   Y8 sign bit   Y9 -88
//   Y10 log2e   Y11 1.5·2²⁰   Y12 -ln2hi   Y13 -ln2lo   Y14 1   Y15 sigmoidLut
TEXT ·sigmoidAVX2(SB), NOSPLIT, $0-24
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS actConsts<>+0x00(SB), Y8
	VBROADCASTSS actConsts<>+0x04(SB), Y9
	VBROADCASTSS actConsts<>+0x08(SB), Y10
	VBROADCASTSS actConsts<>+0x34(SB), Y11
	VBROADCASTSS actConsts<>+0x10(SB), Y12
	VBROADCASTSS actConsts<>+0x14(SB), Y13
	VBROADCASTSS actConsts<>+0x18(SB), Y14
	VMOVUPS      sigmoidLut<>(SB), Y15

	PCALIGN $32

sigmoidAVX2_loop8: // for ; n >= 8; n -= 8 {
	CMPQ    CX, $8
	JB      sigmoidAVX2_tail
	VMOVUPS (SI), Y0
	SIGMOID8
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     sigmoidAVX2_loop8          // }

sigmoidAVX2_tail: // 0 ≤ n < 8 left
	TESTQ      CX, CX
	JZ         sigmoidAVX2_done
	LEAQ       tailMaskAVX2<>+32(SB), AX
	SHLQ       $2, CX
	SUBQ       CX, AX
	VMOVUPS    (AX), Y1
	VMASKMOVPS (SI), Y1, Y0            // lanes ≥ n read as 0
	SIGMOID8
	VMOVUPS    (AX), Y1                // the mask again: SIGMOID8 used Y1
	VMASKMOVPS Y0, Y1, (DI)

sigmoidAVX2_done:
	VZEROUPPER
	RET

#undef SIGMOID8

// EXPNEG16 computes Z4 = expNeg(Z1) for 16 lanes of z ≤ 0 (or NaN) with the
// operations of EXPNEG8 in the same order, so the same results: Z1 is
// clamped to expMinArg, lanes below it give e = 0 (K3 = lanes kept). The
// scaling by 2ⁿ is one VSCALEFPS instead of building 2ⁿ's bits and
// multiplying (n ≥ -126 after the clamp: both are the exact product, rounded
// once). Z2, Z3, Z5 are scratch; Z9–Z20 hold the constants (see EXPCONSTS16).
#define EXPNEG16 \
	VCMPPS       $5, Z9, Z1, K3 \      // K3 = !(z < expMinArg): e is kept (NaN too)
	VMAXPS       Z1, Z9, Z1 \          // z = max(z, expMinArg); a NaN z is kept
	VMOVAPS      Z11, Z2 \
	VFMADD231PS  Z10, Z1, Z2 \         // Z2 = z·log2e + 1.5·2²³
	VSUBPS       Z11, Z2, Z2 \         // Z2 = n = round(z·log2e)
	VMOVAPS      Z1, Z3 \
	VFNMADD231PS Z12, Z2, Z3 \         // r = z - n·ln2hi
	VFNMADD231PS Z13, Z2, Z3 \         // r -= n·ln2lo
	VMOVAPS      Z16, Z4 \
	VFMADD213PS  Z14, Z3, Z4 \         // p = P0·r + P1
	VFMADD213PS  Z17, Z3, Z4 \         // p = p·r + P2
	VFMADD213PS  Z18, Z3, Z4 \         // p = p·r + P3
	VFMADD213PS  Z19, Z3, Z4 \         // p = p·r + P4
	VFMADD213PS  Z20, Z3, Z4 \         // p = p·r + P5
	VMULPS       Z3, Z3, Z5 \          // Z5 = r²
	VFMADD213PS  Z3, Z5, Z4 \          // p = p·r² + r
	VADDPS       Z15, Z4, Z4 \         // p += 1: exp(r)
	VSCALEFPS    Z2, Z4, Z4 \          // Z4 = e = exp(r)·2ⁿ, one rounding as VMULPS by 2ⁿ
	VMOVAPS.Z    Z4, K3, Z4             // e = 0 where z < expMinArg, as expNeg

// EXPCONSTS16 loads the constants of EXPNEG16 into Z9–Z20.
#define EXPCONSTS16 \
	VBROADCASTSS sigmoidConsts<>+0x04(SB), Z9 \
	VBROADCASTSS sigmoidConsts<>+0x08(SB), Z10 \
	VBROADCASTSS sigmoidConsts<>+0x0c(SB), Z11 \
	VBROADCASTSS sigmoidConsts<>+0x10(SB), Z12 \
	VBROADCASTSS sigmoidConsts<>+0x14(SB), Z13 \
	VBROADCASTSS sigmoidConsts<>+0x1c(SB), Z14 \
	VBROADCASTSS sigmoidConsts<>+0x30(SB), Z15 \
	VBROADCASTSS sigmoidConsts<>+0x18(SB), Z16 \
	VBROADCASTSS sigmoidConsts<>+0x20(SB), Z17 \
	VBROADCASTSS sigmoidConsts<>+0x24(SB), Z18 \
	VBROADCASTSS sigmoidConsts<>+0x28(SB), Z19 \
	VBROADCASTSS sigmoidConsts<>+0x2c(SB), Z20

// ACTCONSTS16 loads the constants Sigmoid and Tanh share into Z8–Z14.
#define ACTCONSTS16 \
	VBROADCASTSS actConsts<>+0x00(SB), Z8 \
	VBROADCASTSS actConsts<>+0x04(SB), Z9 \
	VBROADCASTSS actConsts<>+0x08(SB), Z10 \
	VBROADCASTSS actConsts<>+0x0c(SB), Z11 \
	VBROADCASTSS actConsts<>+0x10(SB), Z12 \
	VBROADCASTSS actConsts<>+0x14(SB), Z13 \
	VBROADCASTSS actConsts<>+0x18(SB), Z14

// SIGMOID16(x, z, t, l, e, k) computes e = sigmoid(x) for 16 lanes with the
// operations of SIGMOID8 in the same order, so the same results. z, t, l and
// the opmask k are scratch; Z8–Z17 hold the constants (see sigmoidAVX512).
#define SIGMOID16(x, z, t, l, e, k) \
	VPORD        Z8, x, z \            // z = -|x|
	VMAXPS       z, Z9, z \            // z = max(z, -88); a NaN z is kept
	VMOVAPS      Z11, t \
	VFMADD231PS  Z10, z, t \           // t = z·log2e + 1.5·2²⁰
	VPERMPS      Z17, t, l \           // l = sigmoidLut[j]
	VSUBPS       Z11, t, e \           // e = n = z·log2e rounded to a multiple of 1/8
	VFMADD231PS  Z12, e, z \           // z = r = z - n·ln2hi (exact)
	VFMADD231PS  Z13, e, z \           // r -= n·ln2lo
	VPSLLD       $20, t, t \
	VPADDD       t, l, l \             // l = 2ⁿ
	VMOVAPS      Z16, e \
	VFMADD213PS  Z15, z, e \           // e = p = c3·r + c2
	VFMADD213PS  Z14, z, e \           // p = p·r + 1
	VMULPS       z, e, e \             // p = p·r: exp(r) - 1
	VFMADD213PS  l, l, e \             // e = l·p + l = exp(z), 0 for z ≤ -88
	VADDPS       Z14, e, t \           // t = 1 + e
	VDIVPS       t, e, e \             // e = f = e/(1+e) = sigmoid(-|x|)
	VPTESTNMD    Z8, x, k \            // k = lanes whose x has no sign bit
	VSUBPS       e, Z14, k, e           // e = 1 - f there: sigmoid(|x|)

// func sigmoidAVX512(dst, x *float32, n int)
// Requires: AVX512F
//
// sigmoidAVX2 on 16 lanes: the same operations in the same order, so the
// same results. 32 per iteration (two independent vectors), then 16, then a
// tail under opmask K1 that touches nothing ≥ n.
//
// Register use:
//   DI  dst cursor   SI  x cursor   CX  elements left   AX  mask bits
//   Z0–Z4, Z20–Z24  two vectors' x, scratch and result   Z8 sign bit
//   Z9 -88   Z10 log2e   Z11 1.5·2²⁰   Z12 -ln2hi   Z13 -ln2lo   Z14 1
//   Z15 c2   Z16 c3   Z17 sigmoidLut   K1 tail   K2, K3 lane masks
TEXT ·sigmoidAVX512(SB), NOSPLIT, $0-24
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	ACTCONSTS16
	VBROADCASTSS actConsts<>+0x34(SB), Z11
	VBROADCASTSS actConsts<>+0x38(SB), Z15
	VBROADCASTSS actConsts<>+0x3c(SB), Z16
	VMOVUPS      sigmoidLut<>(SB), Z17

	PCALIGN $32

sigmoidAVX512_loop32: // for ; n >= 32; n -= 32 {
	CMPQ    CX, $32
	JB      sigmoidAVX512_16
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z20
	SIGMOID16(Z0, Z1, Z2, Z3, Z4, K2)
	SIGMOID16(Z20, Z21, Z22, Z23, Z24, K3)
	VMOVUPS Z4, (DI)
	VMOVUPS Z24, 64(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $32, CX
	JMP     sigmoidAVX512_loop32       // }

sigmoidAVX512_16: // 0 ≤ n < 32 left
	CMPQ    CX, $16
	JB      sigmoidAVX512_tail
	VMOVUPS (SI), Z0
	SIGMOID16(Z0, Z1, Z2, Z3, Z4, K2)
	VMOVUPS Z4, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX

sigmoidAVX512_tail: // 0 ≤ n < 16 left
	TESTQ     CX, CX
	JZ        sigmoidAVX512_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1                   // K1 = lanes i < n
	VMOVUPS.Z (SI), K1, Z0             // lanes ≥ n read as 0
	SIGMOID16(Z0, Z1, Z2, Z3, Z4, K2)
	VMOVUPS   Z4, K1, (DI)

sigmoidAVX512_done:
	VZEROUPPER
	RET

#undef SIGMOID16

// TANH8 computes Y0 = tanh(Y0) for 8 lanes; Y1–Y7 are scratch and Y8–Y15
// hold the broadcast constants (see tanhAVX2).
#define TANH8 \
	VADDPS       Y0, Y0, Y1 \          // Y1 = 2x (±Inf if it overflows)
	VORPS        Y8, Y1, Y1 \          // Y1 = z = -2|x|
	ACTREDUCE8 \
	VMULPS       Y1, Y1, Y3 \          // Y3 = r²
	VBROADCASTSS actConsts<>+0x24(SB), Y4 \
	VBROADCASTSS actConsts<>+0x20(SB), Y5 \
	VFMADD213PS  Y5, Y1, Y4 \          // Y4 = a = q1·r + q0 (q by Estrin: a short chain)
	VBROADCASTSS actConsts<>+0x2c(SB), Y6 \
	VBROADCASTSS actConsts<>+0x28(SB), Y5 \
	VFMADD213PS  Y5, Y1, Y6 \          // Y6 = b = q3·r + q2
	VBROADCASTSS actConsts<>+0x30(SB), Y7 \
	VFMADD213PS  Y6, Y3, Y7 \          // Y7 = c = q4·r² + b
	VFMADD213PS  Y4, Y3, Y7 \          // Y7 = q = c·r² + a
	VFMADD213PS  Y1, Y3, Y7 \          // Y7 = r²·q + r = expm1(r)
	VPSLLD       $23, Y2, Y2 \         // Y2 = 2ⁿ
	VSUBPS       Y14, Y2, Y3 \         // Y3 = 2ⁿ - 1 (exact)
	VFMADD213PS  Y3, Y2, Y7 \          // Y7 = m = 2ⁿ·expm1(r) + 2ⁿ - 1 = expm1(z)
	VADDPS       Y15, Y7, Y5 \         // Y5 = 2 + m
	VDIVPS       Y5, Y7, Y4 \          // Y4 = m/(2+m) = -tanh(|x|)
	VANDNPS      Y4, Y8, Y4 \          // Y4 = tanh(|x|)
	VANDPS       Y8, Y0, Y6 \          // Y6 = sign of x
	VORPS        Y6, Y4, Y0             // Y0 = tanh(x)

// func tanhAVX2(dst, x *float32, n int)
// Requires: AVX, AVX2, FMA
//
// dst[i] = tanh(x[i]) for i < n: m = expm1(-2|x|) as 2ⁿ·expm1(r) + 2ⁿ - 1,
// then -m/(2+m) with the sign of x. 8 per iteration, then a VMASKMOVPS tail
// that touches nothing ≥ n.
//
// Register use:
//   DI  dst cursor   SI  x cursor   CX  elements left   AX  mask address
//   Y0  x, then the result   Y1–Y7  scratch   Y8 sign bit   Y9 actMinZ
//   Y10 log2e   Y11 1.5·2²³ + 127   Y12 -ln2hi   Y13 -ln2lo   Y14 1   Y15 2
TEXT ·tanhAVX2(SB), NOSPLIT, $0-24
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS actConsts<>+0x00(SB), Y8
	VBROADCASTSS actConsts<>+0x04(SB), Y9
	VBROADCASTSS actConsts<>+0x08(SB), Y10
	VBROADCASTSS actConsts<>+0x0c(SB), Y11
	VBROADCASTSS actConsts<>+0x10(SB), Y12
	VBROADCASTSS actConsts<>+0x14(SB), Y13
	VBROADCASTSS actConsts<>+0x18(SB), Y14
	VBROADCASTSS actConsts<>+0x1c(SB), Y15

	PCALIGN $32

tanhAVX2_loop8: // for ; n >= 8; n -= 8 {
	CMPQ    CX, $8
	JB      tanhAVX2_tail
	VMOVUPS (SI), Y0                   //   Y0 = x[i:i+8]
	TANH8
	VMOVUPS Y0, (DI)                   //   dst[i:i+8] = tanh(Y0)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     tanhAVX2_loop8             // }

tanhAVX2_tail: // 0 ≤ n < 8 left
	TESTQ      CX, CX
	JZ         tanhAVX2_done
	LEAQ       tailMaskAVX2<>+32(SB), AX
	SHLQ       $2, CX
	SUBQ       CX, AX                  // AX = &tailMaskAVX2[8-n]
	VMOVUPS    (AX), Y1
	VMASKMOVPS (SI), Y1, Y0            // lanes ≥ n read as 0
	TANH8
	VMOVUPS    (AX), Y1                // the mask again: TANH8 used Y1
	VMASKMOVPS Y0, Y1, (DI)            // dst[i:i+n] = Y0[0:n]

tanhAVX2_done:
	VZEROUPPER
	RET

#undef TANH8
#undef ACTREDUCE8

// TANH16(x, z, t, m, w, a, b) computes m = tanh(x) for 16 lanes with the
// operations of TANH8 in the same order, so the same results; the sign of x
// goes in with one VPTERNLOGD (a bit select: the same bits as TANH8's
// and-not, and, or). z, t, w, a and b are scratch; Z8–Z20 hold the
// constants (see tanhAVX512).
#define TANH16(x, z, t, m, w, a, b) \
	VADDPS       x, x, z \             // z = 2x (±Inf if it overflows)
	VPORD        Z8, z, z \            // z = -2|x|
	VMAXPS       z, Z9, z \            // z = max(z, actMinZ); a NaN z is kept
	VMOVAPS      Z11, t \
	VFMADD231PS  Z10, z, t \           // t = z·log2e + 1.5·2²³ + 127
	VSUBPS       Z11, t, w \           // w = n = round(z·log2e)
	VFMADD231PS  Z12, w, z \           // z = r = z - n·ln2hi (exact)
	VFMADD231PS  Z13, w, z \           // r -= n·ln2lo
	VMULPS       z, z, w \             // w = r²
	VMOVAPS      Z17, a \
	VFMADD213PS  Z16, z, a \           // a = q1·r + q0
	VMOVAPS      Z19, b \
	VFMADD213PS  Z18, z, b \           // b = q3·r + q2
	VMOVAPS      Z20, m \
	VFMADD213PS  b, w, m \             // m = c = q4·r² + b
	VFMADD213PS  a, w, m \             // m = q = c·r² + a
	VFMADD213PS  z, w, m \             // m = r²·q + r = expm1(r)
	VPSLLD       $23, t, t \           // t = 2ⁿ
	VSUBPS       Z14, t, w \           // w = 2ⁿ - 1 (exact)
	VFMADD213PS  w, t, m \             // m = 2ⁿ·expm1(r) + 2ⁿ - 1 = expm1(z)
	VADDPS       Z15, m, w \           // w = 2 + m
	VDIVPS       w, m, m \             // m = m/(2+m) = -tanh(|x|)
	VPTERNLOGD   $0xd8, Z8, x, m        // m = the sign bit of x, the other bits of m

// func tanhAVX512(dst, x *float32, n int)
// Requires: AVX512F
//
// tanhAVX2 on 16 lanes: the same operations in the same order, so the same
// results. 32 per iteration (two independent vectors), then 16, then a tail
// under opmask K1 that touches nothing ≥ n.
//
// Register use:
//   DI  dst cursor   SI  x cursor   CX  elements left   AX  mask bits
//   Z0–Z6, Z21–Z27  two vectors' x, scratch and result   Z8–Z14 ACTCONSTS16
//   Z15 2   Z16–Z20 q0–q4   K1 tail
TEXT ·tanhAVX512(SB), NOSPLIT, $0-24
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	ACTCONSTS16
	VBROADCASTSS actConsts<>+0x1c(SB), Z15
	VBROADCASTSS actConsts<>+0x20(SB), Z16
	VBROADCASTSS actConsts<>+0x24(SB), Z17
	VBROADCASTSS actConsts<>+0x28(SB), Z18
	VBROADCASTSS actConsts<>+0x2c(SB), Z19
	VBROADCASTSS actConsts<>+0x30(SB), Z20

	PCALIGN $32

tanhAVX512_loop32: // for ; n >= 32; n -= 32 {
	CMPQ    CX, $32
	JB      tanhAVX512_16
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z21
	TANH16(Z0, Z1, Z2, Z3, Z4, Z5, Z6)
	TANH16(Z21, Z22, Z23, Z24, Z25, Z26, Z27)
	VMOVUPS Z3, (DI)
	VMOVUPS Z24, 64(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $32, CX
	JMP     tanhAVX512_loop32          // }

tanhAVX512_16: // 0 ≤ n < 32 left
	CMPQ    CX, $16
	JB      tanhAVX512_tail
	VMOVUPS (SI), Z0
	TANH16(Z0, Z1, Z2, Z3, Z4, Z5, Z6)
	VMOVUPS Z3, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX

tanhAVX512_tail: // 0 ≤ n < 16 left
	TESTQ     CX, CX
	JZ        tanhAVX512_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1                   // K1 = lanes i < n
	VMOVUPS.Z (SI), K1, Z0             // lanes ≥ n read as 0
	TANH16(Z0, Z1, Z2, Z3, Z4, Z5, Z6)
	VMOVUPS   Z3, K1, (DI)

tanhAVX512_done:
	VZEROUPPER
	RET

#undef TANH16
#undef ACTCONSTS16

// EXPSUMLOOP8 is the loop of expSubSumAVX2 and softmaxRowAVX2 (one body,
// so the same bits): dst[i] = expNeg(x[i]-m) for i < n with x at SI, dst at
// DI, n in CX, m in Y8, EXPNEG8's constants in Y9–Y15 (EXPSUMCONSTS8); 8 per
// iteration, then a VMASKMOVPS tail that touches nothing ≥ n and adds 0 for
// the lanes ≥ n; leaves Σ dst[i] in X0, summed in 8 lanes. Uses AX, Y0–Y7.
#define EXPSUMCONSTS8 \
	VBROADCASTSS sigmoidConsts<>+0x04(SB), Y9 \
	VBROADCASTSS sigmoidConsts<>+0x08(SB), Y10 \
	VBROADCASTSS sigmoidConsts<>+0x0c(SB), Y11 \
	VBROADCASTSS sigmoidConsts<>+0x10(SB), Y12 \
	VBROADCASTSS sigmoidConsts<>+0x14(SB), Y13 \
	VBROADCASTSS sigmoidConsts<>+0x1c(SB), Y14 \
	VBROADCASTSS sigmoidConsts<>+0x30(SB), Y15
#define EXPSUMLOOP8 \
	VXORPS     Y0, Y0, Y0 \          // sum = 0
expsum_loop8: \                      // for ; n >= 8; n -= 8 {
	CMPQ       CX, $8 \
	JB         expsum_tail \
	VMOVUPS    (SI), Y1 \            //   Y1 = x[i:i+8]
	VSUBPS     Y8, Y1, Y1 \          //   z = x - m ≤ 0
	EXPNEG8 \                        //   Y4 = e = exp(z)
	VMOVUPS    Y4, (DI) \            //   dst[i:i+8] = e
	VADDPS     Y4, Y0, Y0 \          //   sum += e
	ADDQ       $32, SI \
	ADDQ       $32, DI \
	SUBQ       $8, CX \
	JMP        expsum_loop8 \        // }
expsum_tail: \                       // 0 ≤ n < 8 left
	TESTQ      CX, CX \
	JZ         expsum_reduce \
	LEAQ       tailMaskAVX2<>+32(SB), AX \
	SHLQ       $2, CX \
	SUBQ       CX, AX \              // AX = &tailMaskAVX2[8-n]
	VMOVUPS    (AX), Y2 \
	VMASKMOVPS (SI), Y2, Y1 \        // lanes ≥ n read as 0
	VSUBPS     Y8, Y1, Y1 \
	EXPNEG8 \
	VMOVUPS    (AX), Y2 \            // the mask again: EXPNEG8 used Y2
	VANDPS     Y2, Y4, Y4 \          // e = 0 in lanes ≥ n (0-m may be > 0)
	VMASKMOVPS Y4, Y2, (DI) \        // dst[i:i+n] = e[0:n]
	VADDPS     Y4, Y0, Y0 \
expsum_reduce: \                     // X0 = the sum of Y0's lanes
	VEXTRACTF128 $1, Y0, X1 \
	VADDPS       X1, X0, X0 \
	VPERMILPS    $0x4e, X0, X1 \
	VADDPS       X1, X0, X0 \
	VPERMILPS    $0xb1, X0, X1 \
	VADDSS       X1, X0, X0

// func expSubSumAVX2(dst, x *float32, m float32, n int) float32
// Requires: AVX, AVX2, FMA
//
// dst[i] = expNeg(x[i]-m) for i < n (x[i] ≤ m, no NaN) with EXPNEG8, and
// returns Σ dst[i] summed in 8 lanes. 8 per iteration, then a VMASKMOVPS
// tail that touches nothing ≥ n and adds 0 for the lanes ≥ n.
//
// Register use:
//   DI  dst cursor   SI  x cursor   CX  elements left   AX  mask address
//   Y0  sum   Y1  z = x-m   Y2–Y7  scratch (Y4 = e)   Y8  m
//   Y9 expMinArg   Y10 log2e   Y11 1.5·2²³   Y12 ln2hi   Y13 ln2lo   Y14 P1   Y15 1
TEXT ·expSubSumAVX2(SB), NOSPLIT, $0-36
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	VBROADCASTSS m+16(FP), Y8
	MOVQ         n+24(FP), CX
	EXPSUMCONSTS8
	PCALIGN      $32
	EXPSUMLOOP8
	VMOVSS       X0, ret+32(FP)
	VZEROUPPER
	RET

// softmaxRowAVX2 is one Softmax row in one call on 8 lanes: the maximum
// and NaN scan (the tail's lanes ≥ n set to −Inf), then expSubSumAVX2's
// loop, tail and reduction (the same instructions, so the same bits), then
// dst *= 1/sum as sscalAVX2 does it (VDIVSS, VMULPS). A row with a NaN or an
// infinite maximum returns special = true having written nothing: Go
// handles it.

// func softmaxRowAVX2(dst, x *float32, n int) (special bool)
// Requires: AVX, AVX2, FMA
//
// Register use:
//   DI  dst cursor   SI  x cursor   CX  elements left   AX  mask address
//   R8, R9  scan cursor and count   R10  dst, kept for the scaling
//   scan: Y0, Y1 maxima   Y2, Y3 NaN lanes   Y4–Y7 scratch   Y12 tail mask   Y13 −Inf
//   exp: as expSubSumAVX2 (Y0 sum, Y8 m, Y9–Y15 constants)
TEXT ·softmaxRowAVX2(SB), NOSPLIT, $0-25
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	MOVL         $0xff800000, AX            // −Inf
	VMOVD        AX, X13
	VPBROADCASTD X13, Y13
	VMOVAPS      Y13, Y0
	VMOVAPS      Y13, Y1
	VXORPS       Y2, Y2, Y2
	VXORPS       Y3, Y3, Y3
	MOVQ         SI, R8
	MOVQ         CX, R9

softmaxRowAVX2_scan16:
	CMPQ    R9, $16
	JB      softmaxRowAVX2_scan8
	VMOVUPS (R8), Y4
	VMOVUPS 32(R8), Y5
	VCMPPS  $3, Y4, Y4, Y6
	VCMPPS  $3, Y5, Y5, Y7
	VORPS   Y6, Y2, Y2
	VORPS   Y7, Y3, Y3
	VMAXPS  Y4, Y0, Y0
	VMAXPS  Y5, Y1, Y1
	ADDQ    $64, R8
	SUBQ    $16, R9
	JMP     softmaxRowAVX2_scan16

softmaxRowAVX2_scan8:
	CMPQ    R9, $8
	JB      softmaxRowAVX2_scantail
	VMOVUPS (R8), Y4
	VCMPPS  $3, Y4, Y4, Y6
	VORPS   Y6, Y2, Y2
	VMAXPS  Y4, Y0, Y0
	ADDQ    $32, R8
	SUBQ    $8, R9

softmaxRowAVX2_scantail:
	TESTQ      R9, R9
	JZ         softmaxRowAVX2_scanned
	LEAQ       tailMaskAVX2<>+32(SB), AX
	SHLQ       $2, R9
	SUBQ       R9, AX
	VMOVUPS    (AX), Y12
	VMASKMOVPS (R8), Y12, Y4                // lanes ≥ n read as 0
	VBLENDVPS  Y12, Y4, Y13, Y4             // and set to −Inf
	VCMPPS     $3, Y4, Y4, Y6
	VORPS      Y6, Y2, Y2
	VMAXPS     Y4, Y0, Y0

softmaxRowAVX2_scanned:
	VORPS        Y3, Y2, Y2
	VMOVMSKPS    Y2, AX
	TESTL        AX, AX
	JNZ          softmaxRowAVX2_special     // a NaN
	VMAXPS       Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPS       X1, X0, X0
	VPERMILPS    $0x4e, X0, X1
	VMAXPS       X1, X0, X0
	VPERMILPS    $0xb1, X0, X1
	VMAXPS       X1, X0, X0                 // X0 = m
	VUCOMISS     X13, X0
	JEQ          softmaxRowAVX2_special     // m = −Inf: every entry −Inf
	MOVL         $0x7f800000, AX
	VMOVD        AX, X1
	VUCOMISS     X1, X0
	JEQ          softmaxRowAVX2_special     // m = +Inf
	VBROADCASTSS X0, Y8
	MOVQ         DI, R10                    // dst, kept for the scaling
	EXPSUMCONSTS8
	PCALIGN      $32
	EXPSUMLOOP8                             // X0 = sum ≥ 1
	MOVL         $0x3f800000, AX            // 1.0
	VMOVD        AX, X1
	VDIVSS       X0, X1, X1                 // 1/sum, as Go's float32 division
	VBROADCASTSS X1, Y1
	MOVQ         n+16(FP), CX

softmaxRowAVX2_scale8:                      // dst *= 1/sum (per lane as sscalAVX2)
	CMPQ    CX, $8
	JB      softmaxRowAVX2_scaletail
	VMULPS  (R10), Y1, Y2
	VMOVUPS Y2, (R10)
	ADDQ    $32, R10
	SUBQ    $8, CX
	JMP     softmaxRowAVX2_scale8

softmaxRowAVX2_scaletail:
	TESTQ      CX, CX
	JZ         softmaxRowAVX2_done
	LEAQ       tailMaskAVX2<>+32(SB), AX
	SHLQ       $2, CX
	SUBQ       CX, AX
	VMOVUPS    (AX), Y3
	VMASKMOVPS (R10), Y3, Y2
	VMULPS     Y2, Y1, Y2
	VMASKMOVPS Y2, Y3, (R10)

softmaxRowAVX2_done:
	MOVB $0, special+24(FP)
	VZEROUPPER
	RET

softmaxRowAVX2_special:
	MOVB $1, special+24(FP)
	VZEROUPPER
	RET

#undef EXPSUMLOOP8
#undef EXPSUMCONSTS8
#undef EXPNEG8

// EXPSUMLOOP16 is EXPSUMLOOP8 on 16 lanes, the loop of expSubSumAVX512 and
// softmaxRowAVX512 (one body, so the same bits): x at SI, dst at DI, n in
// CX, m in Z8, EXPCONSTS16 in Z9–Z20; a tail under opmask K1 that touches
// nothing ≥ n and adds 0 for the lanes ≥ n; leaves Σ dst[i] in X0, summed
// in 16 lanes. Uses AX, K1, Z0–Z5.
#define EXPSUMLOOP16 \
	VPXORD        Z0, Z0, Z0 \          // sum = 0
expsum_loop16: \                       // for ; n >= 16; n -= 16 {
	CMPQ          CX, $16 \
	JB            expsum_tail \
	VMOVUPS       (SI), Z1 \            //   Z1 = x[i:i+16]
	VSUBPS        Z8, Z1, Z1 \          //   z = x - m ≤ 0
	EXPNEG16 \                          //   Z4 = e = exp(z)
	VMOVUPS       Z4, (DI) \            //   dst[i:i+16] = e
	VADDPS        Z4, Z0, Z0 \          //   sum += e
	ADDQ          $64, SI \
	ADDQ          $64, DI \
	SUBQ          $16, CX \
	JMP           expsum_loop16 \       // }
expsum_tail: \                         // 0 ≤ n < 16 left
	TESTQ         CX, CX \
	JZ            expsum_reduce \
	MOVL          $1, AX \
	SHLL          CX, AX \
	DECL          AX \
	KMOVW         AX, K1 \              // K1 = lanes i < n
	VMOVUPS.Z     (SI), K1, Z1 \        // lanes ≥ n read as 0
	VSUBPS        Z8, Z1, Z1 \
	EXPNEG16 \
	VMOVAPS.Z     Z4, K1, Z4 \          // e = 0 in lanes ≥ n (0-m may be > 0)
	VMOVUPS       Z4, K1, (DI) \        // dst[i:i+n] = e[0:n]
	VADDPS        Z4, Z0, Z0 \
expsum_reduce: \                       // X0 = the sum of Z0's lanes
	VEXTRACTF64X4 $1, Z0, Y1 \
	VADDPS        Y1, Y0, Y0 \
	VEXTRACTF128  $1, Y0, X1 \
	VADDPS        X1, X0, X0 \
	VPERMILPS     $0x4e, X0, X1 \
	VADDPS        X1, X0, X0 \
	VPERMILPS     $0xb1, X0, X1 \
	VADDSS        X1, X0, X0

// func expSubSumAVX512(dst, x *float32, m float32, n int) float32
// Requires: AVX512F
//
// expSubSumAVX2 on 16 lanes: dst[i] = expNeg(x[i]-m) for i < n (x[i] ≤ m,
// no NaN) with EXPNEG16, so the same dst as AVX2; returns Σ dst[i] summed in
// 16 lanes. A tail under opmask K1 touches nothing ≥ n and adds 0 for the
// lanes ≥ n.
//
// Register use:
//   DI  dst cursor   SI  x cursor   CX  elements left   AX  mask bits
//   Z0  sum   Z1  z = x-m   Z2–Z5  scratch (Z4 = e)   Z8  m   Z9–Z20 EXPCONSTS16
TEXT ·expSubSumAVX512(SB), NOSPLIT, $0-36
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	VBROADCASTSS m+16(FP), Z8
	MOVQ         n+24(FP), CX
	EXPCONSTS16
	EXPSUMLOOP16
	VMOVSS        X0, ret+32(FP)
	VZEROUPPER
	RET

// softmaxRowAVX512 is one Softmax row in one call: the maximum and NaN
// scan (-Inf-filled masked tail), then expSubSumAVX512's loop and reduction
// (the same instructions, so the same bits), then dst *= 1/sum lane by
// lane as sscalAVX2 does it (VDIVSS, VMULPS). A row with a NaN or an infinite
// maximum returns special = true having written nothing: Go handles it.

// func softmaxRowAVX512(dst, x *float32, n int) (special bool)
// Requires: AVX512F
TEXT ·softmaxRowAVX512(SB), NOSPLIT, $0-25
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	MOVL         $0xff800000, AX            // −Inf
	VPBROADCASTD AX, Z5
	VMOVAPS      Z5, Z2                     // max
	KXORW        K2, K2, K2                 // NaN seen
	MOVQ         SI, R8
	MOVQ         CX, R9

softmaxRowAVX512_scan16:
	CMPQ      R9, $16
	JB        softmaxRowAVX512_scantail
	VMOVUPS   (R8), Z1
	VCMPPS    $3, Z1, Z1, K3
	KORW      K3, K2, K2
	VMAXPS    Z1, Z2, Z2
	ADDQ      $64, R8
	SUBQ      $16, R9
	JMP       softmaxRowAVX512_scan16

softmaxRowAVX512_scantail:
	TESTQ     R9, R9
	JZ        softmaxRowAVX512_scanned
	MOVL      $1, AX
	MOVQ      R9, CX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVAPS   Z5, Z1
	VMOVUPS   (R8), K1, Z1               // lanes ≥ n stay −Inf
	VCMPPS    $3, Z1, Z1, K3
	KORW      K3, K2, K2
	VMAXPS    Z1, Z2, Z2
	MOVQ      n+16(FP), CX

softmaxRowAVX512_scanned:
	KORTESTW      K2, K2
	JNZ           softmaxRowAVX512_special
	VEXTRACTF64X4 $1, Z2, Y1
	VMAXPS        Y1, Y2, Y2
	VEXTRACTF128  $1, Y2, X1
	VMAXPS        X1, X2, X2
	VPERMILPS     $0x4e, X2, X1
	VMAXPS        X1, X2, X2
	VPERMILPS     $0xb1, X2, X1
	VMAXPS        X1, X2, X2                // X2 = m
	VUCOMISS      X5, X2
	JEQ           softmaxRowAVX512_special  // m = −Inf: every entry −Inf
	MOVL          $0x7f800000, AX
	VMOVD         AX, X1
	VUCOMISS      X1, X2
	JEQ           softmaxRowAVX512_special  // m = +Inf
	VBROADCASTSS  X2, Z8
	EXPCONSTS16
	MOVQ          DI, R10                   // dst, kept for the scaling
	EXPSUMLOOP16                            // X0 = sum ≥ 1
	MOVL          $0x3f800000, AX           // 1.0
	VMOVD         AX, X1
	VDIVSS        X0, X1, X1                // 1/sum, as Go's float32 division
	VBROADCASTSS  X1, Z1
	MOVQ          n+16(FP), CX

softmaxRowAVX512_scale16:                // dst *= 1/sum (per lane as sscalAVX2)
	CMPQ       CX, $16
	JB         softmaxRowAVX512_scaletail
	VMULPS     (R10), Z1, Z2
	VMOVUPS    Z2, (R10)
	ADDQ       $64, R10
	SUBQ       $16, CX
	JMP        softmaxRowAVX512_scale16

softmaxRowAVX512_scaletail:
	TESTQ      CX, CX
	JZ         softmaxRowAVX512_done
	MOVL       $1, AX
	SHLL       CX, AX
	DECL       AX
	KMOVW      AX, K1
	VMOVUPS.Z  (R10), K1, Z2
	VMULPS     Z2, Z1, Z2
	VMOVUPS    Z2, K1, (R10)

softmaxRowAVX512_done:
	MOVB       $0, special+24(FP)
	VZEROUPPER
	RET

softmaxRowAVX512_special:
	MOVB       $1, special+24(FP)
	VZEROUPPER
	RET

#undef EXPSUMLOOP16
#undef EXPNEG16
#undef EXPCONSTS16

// ===========================================================================
// Element-wise: Sscal, SigmoidGrad, TanhGrad, Relu, ReluGrad. Contracts:
// kernels/doc.go; driver: elementwise.go. Each kernel sets up its constants
// and runs one loop macro, LOOP2_AVX2 or LOOP1_AVX2: 32 floats per iteration,
// then 8, then a VMASKMOVPS tail, with the work per 8 lanes as a macro. Every
// input of an iteration is loaded before dst is stored, so dst may be an
// input. The gradients round in Generic's order without fused operations,
// (dy·y)·(1-y) and dy·(1-y·y); Relu is a VCMPPS (not x ≤ 0) and an AND;
// ReluGrad two compares (y > 0, y unordered) selecting dy or y by AND/OR.
// They run under the AVX512 tier too (memory-bound).

// LOOP2_AVX2(OP) is the whole loop of a kernel of two inputs (y at SI, dy at
// DX, dst at DI, CX elements): 32 floats per iteration as OP(Y0–Y3, Y4–Y7,
// scratch Y8–Y11), then 8, then a VMASKMOVPS tail (mask in Y12, AX its
// address) that touches nothing ≥ n; then VZEROUPPER and RET.
#define LOOP2_AVX2(OP) \
	CMPQ       CX, $32 \
	JB         by8 \
	PCALIGN    $32 \
by32: \ // for ; n >= 32; n -= 32 {
	VMOVUPS    (SI), Y0 \
	VMOVUPS    32(SI), Y1 \
	VMOVUPS    64(SI), Y2 \
	VMOVUPS    96(SI), Y3 \
	VMOVUPS    (DX), Y4 \
	VMOVUPS    32(DX), Y5 \
	VMOVUPS    64(DX), Y6 \
	VMOVUPS    96(DX), Y7 \
	OP(Y0, Y4, Y8) \
	OP(Y1, Y5, Y9) \
	OP(Y2, Y6, Y10) \
	OP(Y3, Y7, Y11) \
	VMOVUPS    Y0, (DI) \
	VMOVUPS    Y1, 32(DI) \
	VMOVUPS    Y2, 64(DI) \
	VMOVUPS    Y3, 96(DI) \
	ADDQ       $128, SI \
	ADDQ       $128, DX \
	ADDQ       $128, DI \
	SUBQ       $32, CX \
	CMPQ       CX, $32 \
	JAE        by32 \ // }
by8: \
	CMPQ       CX, $8 \
	JB         tail \
loop8: \ // for ; n >= 8; n -= 8 {
	VMOVUPS    (SI), Y0 \
	VMOVUPS    (DX), Y4 \
	OP(Y0, Y4, Y8) \
	VMOVUPS    Y0, (DI) \
	ADDQ       $32, SI \
	ADDQ       $32, DX \
	ADDQ       $32, DI \
	SUBQ       $8, CX \
	CMPQ       CX, $8 \
	JAE        loop8 \ // }
tail: \ // 0 ≤ n < 8 left
	TESTQ      CX, CX \
	JZ         done \
	LEAQ       tailMaskAVX2<>+32(SB), AX \
	SHLQ       $2, CX \
	SUBQ       CX, AX \ // AX = &tailMaskAVX2[8-n]
	VMOVUPS    (AX), Y12 \ // Y12 = lanes 0..n-1 enabled
	VMASKMOVPS (SI), Y12, Y0 \
	VMASKMOVPS (DX), Y12, Y4 \
	OP(Y0, Y4, Y8) \
	VMASKMOVPS Y0, Y12, (DI) \
done: \
	VZEROUPPER \
	RET

// LOOP1_AVX2(OP) is LOOP2_AVX2 for one input (x at SI, dst at DI; they may
// be equal): OP(Y0–Y3, scratch Y8–Y11).
#define LOOP1_AVX2(OP) \
	CMPQ       CX, $32 \
	JB         by8 \
	PCALIGN    $32 \
by32: \ // for ; n >= 32; n -= 32 {
	VMOVUPS    (SI), Y0 \
	VMOVUPS    32(SI), Y1 \
	VMOVUPS    64(SI), Y2 \
	VMOVUPS    96(SI), Y3 \
	OP(Y0, Y8) \
	OP(Y1, Y9) \
	OP(Y2, Y10) \
	OP(Y3, Y11) \
	VMOVUPS    Y0, (DI) \
	VMOVUPS    Y1, 32(DI) \
	VMOVUPS    Y2, 64(DI) \
	VMOVUPS    Y3, 96(DI) \
	ADDQ       $128, SI \
	ADDQ       $128, DI \
	SUBQ       $32, CX \
	CMPQ       CX, $32 \
	JAE        by32 \ // }
by8: \
	CMPQ       CX, $8 \
	JB         tail \
loop8: \ // for ; n >= 8; n -= 8 {
	VMOVUPS    (SI), Y0 \
	OP(Y0, Y8) \
	VMOVUPS    Y0, (DI) \
	ADDQ       $32, SI \
	ADDQ       $32, DI \
	SUBQ       $8, CX \
	CMPQ       CX, $8 \
	JAE        loop8 \ // }
tail: \ // 0 ≤ n < 8 left
	TESTQ      CX, CX \
	JZ         done \
	LEAQ       tailMaskAVX2<>+32(SB), AX \
	SHLQ       $2, CX \
	SUBQ       CX, AX \ // AX = &tailMaskAVX2[8-n]
	VMOVUPS    (AX), Y12 \ // Y12 = lanes 0..n-1 enabled
	VMASKMOVPS (SI), Y12, Y0 \
	OP(Y0, Y8) \
	VMASKMOVPS Y0, Y12, (DI) \
done: \
	VZEROUPPER \
	RET

// SSCAL sets x = alpha·x; Y15 = alpha.
#define SSCAL(x, t) \
	VMULPS Y15, x, x // x *= alpha

// func sscalAVX2(x *float32, alpha float32, n int)
// Requires: AVX, AVX2, FMA
//
// x[i] *= alpha for i < n: one VMULPS per 8 lanes, exactly Generic's product.
//
// Register use:
//   SI, DI  x cursor (read, written)   CX  elements left   AX  mask address
//   Y0–Y3  x[i:i+32]   Y12  tail mask   Y15  alpha
TEXT ·sscalAVX2(SB), NOSPLIT, $0-24
	MOVQ         x+0(FP), SI
	MOVQ         SI, DI            // DI: the store cursor, also x
	VBROADCASTSS alpha+8(FP), Y15  // Y15 = {alpha × 8}
	MOVQ         n+16(FP), CX
	LOOP1_AVX2(SSCAL)

#undef SSCAL

// SIGMOIDGRAD sets y = dy·y·(1-y), rounded in Generic's order
// ((dy·y)·(1-y)); Y14 = 1.
#define SIGMOIDGRAD(y, dy, t) \
	VSUBPS y, Y14, t \ // t = 1 - y
	VMULPS dy, y, y \  // y = dy·y
	VMULPS t, y, y      // y = (dy·y)·(1-y)

// func sigmoidGradAVX2(dst, y, dy *float32, n int)
// Requires: AVX, AVX2, FMA
//
// dst[i] = dy[i]·y[i]·(1-y[i]) for i < n, in Generic's order (no fused ops),
// so the result is the same as Generic's.
//
// Register use:
//   DI  dst cursor   SI  y cursor   DX  dy cursor   CX  elements left
//   AX  mask address   Y0–Y3  y, then the result   Y4–Y7  dy
//   Y8–Y11  scratch   Y12  tail mask   Y14  1
TEXT ·sigmoidGradAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ dy+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS sigmoidConsts<>+0x30(SB), Y14 // Y14 = {1 × 8}
	LOOP2_AVX2(SIGMOIDGRAD)

#undef SIGMOIDGRAD

// TANHGRAD sets y = dy·(1-y·y), rounded in Generic's order; Y14 = 1.
#define TANHGRAD(y, dy, t) \
	VMULPS y, y, y \   // y = y²
	VSUBPS y, Y14, y \ // y = 1 - y²
	VMULPS dy, y, y     // y = dy·(1-y²)

// func tanhGradAVX2(dst, y, dy *float32, n int)
// Requires: AVX, AVX2, FMA
//
// dst[i] = dy[i]·(1-y[i]·y[i]) for i < n, in Generic's order (no fused ops),
// so the result is the same as Generic's.
//
// Register use:
//   DI  dst cursor   SI  y cursor   DX  dy cursor   CX  elements left
//   AX  mask address   Y0–Y3  y, then the result   Y4–Y7  dy
//   Y8–Y11  scratch   Y12  tail mask   Y14  1
TEXT ·tanhGradAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ dy+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS sigmoidConsts<>+0x30(SB), Y14 // Y14 = {1 × 8}
	LOOP2_AVX2(TANHGRAD)

#undef TANHGRAD

// RELU sets x = x where x > 0 or NaN (!(x <= 0)), else +0; Y15 = 0.
#define RELU(x, t) \
	VCMPPS $6, Y15, x, t \ // t = !(x <= 0): x > 0 or NaN
	VANDPS t, x, x          // x = t ? x : +0

// func reluAVX2(dst, x *float32, n int)
// Requires: AVX, AVX2, FMA
//
// dst[i] = x[i] if x[i] > 0 or NaN, else +0, for i < n: a compare and an
// AND, bit for bit Generic's result (-0 gives +0, a NaN keeps its bits).
//
// Register use:
//   DI  dst cursor   SI  x cursor   CX  elements left   AX  mask address
//   Y0–Y3  x, then the result   Y8–Y11  compare masks   Y12  tail mask   Y15  0
TEXT ·reluAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VXORPS Y15, Y15, Y15 // Y15 = 0
	LOOP1_AVX2(RELU)

#undef RELU

// RELUGRAD sets y = dy where y > 0, y where y is NaN, else +0; Y15 = 0.
#define RELUGRAD(y, dy, t) \
	VCMPPS $14, Y15, y, t \ // t = y > 0
	VANDPS t, dy, dy \      // dy = y > 0 ? dy : +0
	VCMPPS $3, y, y, t \    // t = y is NaN
	VANDPS t, y, y \        // y = NaN ? y : +0
	VORPS  dy, y, y          // y = dy, NaN y or +0 (the cases are disjoint)

// func reluGradAVX2(dst, y, dy *float32, n int)
// Requires: AVX, AVX2, FMA
//
// dst[i] = dy[i] where y[i] > 0, y[i] where y[i] is NaN, else +0, for i < n:
// compares and bit masks, bit for bit Generic's result.
//
// Register use:
//   DI  dst cursor   SI  y cursor   DX  dy cursor   CX  elements left
//   AX  mask address   Y0–Y3  y, then the result   Y4–Y7  dy
//   Y8–Y11  compare masks   Y12  tail mask   Y15  0
TEXT ·reluGradAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ dy+16(FP), DX
	MOVQ n+24(FP), CX
	VXORPS Y15, Y15, Y15 // Y15 = 0
	LOOP2_AVX2(RELUGRAD)

#undef RELUGRAD
#undef LOOP1_AVX2
#undef LOOP2_AVX2

// ===========================================================================
// Optimizer: AdamStep. Contract and bound: kernels/doc.go, AdamStep; driver:
// elementwise.go. 8 lanes per iteration with VSQRTPS and VDIVPS, masked
// tail, lr applied last; under the AVX512 tier too.

// ADAM8 updates the 8 lanes whose g is in Y0 (m, v, p loaded from DX, R8,
// DI by the caller into Y1, Y3, Y6): Y1 = m', Y3 = v', Y6 = p'.
#define ADAM8 \
	VMULPS      Y8, Y1, Y1 \    // Y1 = b1·m
	VFMADD231PS Y0, Y9, Y1 \    // m' = b1·m + (1-b1)·g
	VMULPS      Y0, Y0, Y2 \    // Y2 = g²
	VMULPS      Y10, Y3, Y3 \   // Y3 = b2·v
	VFMADD231PS Y2, Y11, Y3 \   // v' = b2·v + (1-b2)·g²
	VMULPS      Y13, Y3, Y4 \
	VSQRTPS     Y4, Y4 \        // √(v'·c2)
	VADDPS      Y14, Y4, Y4 \   // + eps
	VMULPS      Y12, Y1, Y5 \   // m'·c1
	VDIVPS      Y4, Y5, Y5 \    // (m'·c1)/den
	VMULPS      Y15, Y5, Y5 \   // the step: ·lr last, as Generic
	VSUBPS      Y5, Y6, Y6       // p' = p - step

// ADAM_CHECK8 sets Y2 to x - x summed over the new m, v and p (Y1, Y3, Y6):
// 0 in a lane where all three are finite, NaN where one is ±Inf or NaN.
#define ADAM_CHECK8 \
	VSUBPS Y1, Y1, Y2 \
	VSUBPS Y3, Y3, Y4 \
	VSUBPS Y6, Y6, Y5 \
	VADDPS Y4, Y2, Y2 \
	VADDPS Y5, Y2, Y2

// func adamStepAVX2(p, grad, m, v *float32, n int, lr, b1, b2, c1, c2, eps float32, flush bool) (finite bool)
// Requires: AVX, AVX2, FMA
//
// One Adam update of p[i], m[i], v[i] from g[i] for i < n: 8 lanes per
// iteration, then a VMASKMOVPS tail that touches nothing at or past n.
// finite reports whether every new p, m and v is finite: the loop sums
// ADAM_CHECK8 into Y7, whose NaN lanes (VCMPPS unordered) are counted in BX
// before the tail reuses Y7; the tail's own check is masked to its lanes.
// With flush, it runs with subnormals flushed to zero (MXCSR FTZ and DAZ;
// the caller's word is saved in the frame and restored before returning):
// subnormal products and square roots were 1.6-1.8× slower on Zen 4.
//
// Register use:
//   DI  p   SI  grad   DX  m   R8  v   CX  elements left   AX  mask address
//   BX  non-finite lane bits
//   Y0 g   Y1 m   Y3 v   Y6 p   Y2, Y4, Y5 scratch   Y7 check sum, then tail mask
//   Y8 b1   Y9 1-b1   Y10 b2   Y11 1-b2   Y12 c1   Y13 c2   Y14 eps   Y15 lr
TEXT ·adamStepAVX2(SB), NOSPLIT, $8-73
	STMXCSR      saved-4(SP)                   // the caller's control word
	MOVL         saved-4(SP), AX
	CMPB         flush+64(FP), $0
	JEQ          adamStepAVX2_control
	ORL          $0x8040, AX                   // FTZ (bit 15) and DAZ (bit 6)

adamStepAVX2_control:
	MOVL         AX, ctl-8(SP)
	LDMXCSR      ctl-8(SP)
	MOVQ         p+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         m+16(FP), DX
	MOVQ         v+24(FP), R8
	MOVQ         n+32(FP), CX
	VBROADCASTSS lr+40(FP), Y15
	VBROADCASTSS b1+44(FP), Y8
	VBROADCASTSS b2+48(FP), Y10
	VBROADCASTSS c1+52(FP), Y12
	VBROADCASTSS c2+56(FP), Y13
	VBROADCASTSS eps+60(FP), Y14
	VBROADCASTSS sigmoidConsts<>+0x30(SB), Y0 // 1
	VSUBPS       Y8, Y0, Y9                    // 1 - b1
	VSUBPS       Y10, Y0, Y11                  // 1 - b2
	VXORPS       Y7, Y7, Y7                    // check sum = 0

adamStepAVX2_loop8: // for ; n >= 8; n -= 8 {
	CMPQ    CX, $8
	JB      adamStepAVX2_tail
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VMOVUPS (R8), Y3
	VMOVUPS (DI), Y6
	ADAM8
	VMOVUPS Y1, (DX)
	VMOVUPS Y3, (R8)
	VMOVUPS Y6, (DI)
	ADAM_CHECK8
	VADDPS  Y2, Y7, Y7
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, R8
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     adamStepAVX2_loop8          // }

adamStepAVX2_tail: // 0 ≤ n < 8 left
	VCMPPS     $3, Y7, Y7, Y7 // unordered: the lanes that met a non-finite value
	VMOVMSKPS  Y7, BX
	TESTQ      CX, CX
	JZ         adamStepAVX2_done
	LEAQ       tailMaskAVX2<>+32(SB), AX
	SHLQ       $2, CX
	SUBQ       CX, AX
	VMOVUPS    (AX), Y7
	VMASKMOVPS (SI), Y7, Y0
	VMASKMOVPS (DX), Y7, Y1
	VMASKMOVPS (R8), Y7, Y3
	VMASKMOVPS (DI), Y7, Y6
	ADAM8
	VMASKMOVPS Y1, Y7, (DX)
	VMASKMOVPS Y3, Y7, (R8)
	VMASKMOVPS Y6, Y7, (DI)
	ADAM_CHECK8
	VANDPS     Y7, Y2, Y2     // lanes past n (0/eps, or 0/0 if eps = 0) do not count
	VCMPPS     $3, Y2, Y2, Y2
	VMOVMSKPS  Y2, AX
	ORQ        AX, BX

adamStepAVX2_done:
	LDMXCSR saved-4(SP)
	TESTQ   BX, BX
	SETEQ   finite+72(FP)
	VZEROUPPER
	RET

#undef ADAM8

// ===========================================================================
// The FMA probe: PeakFMA. Register-only; each accumulator runs
// acc = acc·0.999 + 0.001, which converges to 1 and never goes subnormal.
// AVX2: 12 independent ymm FMA chains; AVX512: 24 zmm chains.

// func peakFMAAVX2(n int)
// Requires: AVX, AVX2, FMA
//
// n iterations of 12 independent VFMADD213PS on ymm registers (96 FMA lanes,
// 192 flops per iteration); no memory traffic.
//
// Register use:
//   CX  iterations left     AX  constant bits
//   Y0–Y11  accumulators     Y12  {0.999 × 8}     Y13  {0.001 × 8}
TEXT ·peakFMAAVX2(SB), NOSPLIT, $0-8
	MOVQ         n+0(FP), CX
	MOVL         $0x3f7fbe77, AX   // float32(0.999)
	VMOVD        AX, X12
	VBROADCASTSS X12, Y12          // Y12 = {0.999 × 8}
	MOVL         $0x3a83126f, AX   // float32(0.001)
	VMOVD        AX, X13
	VBROADCASTSS X13, Y13          // Y13 = {0.001 × 8}
	VXORPS       Y0, Y0, Y0        // Y0–Y11 = 0
	VXORPS       Y1, Y1, Y1
	VXORPS       Y2, Y2, Y2
	VXORPS       Y3, Y3, Y3
	VXORPS       Y4, Y4, Y4
	VXORPS       Y5, Y5, Y5
	VXORPS       Y6, Y6, Y6
	VXORPS       Y7, Y7, Y7
	VXORPS       Y8, Y8, Y8
	VXORPS       Y9, Y9, Y9
	VXORPS       Y10, Y10, Y10
	VXORPS       Y11, Y11, Y11
	TESTQ        CX, CX
	JLE          peakFMAAVX2_done

	PCALIGN $32

peakFMAAVX2_loop: // for ; n > 0; n-- {
	VFMADD213PS Y13, Y12, Y0       //   Yk = Yk·0.999 + 0.001, k = 0..11
	VFMADD213PS Y13, Y12, Y1
	VFMADD213PS Y13, Y12, Y2
	VFMADD213PS Y13, Y12, Y3
	VFMADD213PS Y13, Y12, Y4
	VFMADD213PS Y13, Y12, Y5
	VFMADD213PS Y13, Y12, Y6
	VFMADD213PS Y13, Y12, Y7
	VFMADD213PS Y13, Y12, Y8
	VFMADD213PS Y13, Y12, Y9
	VFMADD213PS Y13, Y12, Y10
	VFMADD213PS Y13, Y12, Y11
	DECQ        CX
	JNZ         peakFMAAVX2_loop   // }

peakFMAAVX2_done:
	VZEROUPPER
	RET

// func peakFMAAVX512(n int)
// Requires: AVX512F
//
// n iterations of 24 independent VFMADD213PS on zmm registers (384 FMA
// lanes, 768 flops per iteration); no memory traffic.
//
// Register use:
//   CX  iterations left     AX  constant bits
//   Z0–Z23  accumulators     Z24  {0.999 × 16}     Z25  {0.001 × 16}
TEXT ·peakFMAAVX512(SB), NOSPLIT, $0-8
	MOVQ         n+0(FP), CX
	MOVL         $0x3f7fbe77, AX   // float32(0.999)
	VMOVD        AX, X24
	VBROADCASTSS X24, Z24          // Z24 = {0.999 × 16}
	MOVL         $0x3a83126f, AX   // float32(0.001)
	VMOVD        AX, X25
	VBROADCASTSS X25, Z25          // Z25 = {0.001 × 16}
	ZERO_Z0_Z23
	TESTQ        CX, CX
	JLE          peakFMAAVX512_done

	PCALIGN $32

peakFMAAVX512_loop: // for ; n > 0; n-- {
	VFMADD213PS Z25, Z24, Z0       //   Zk = Zk·0.999 + 0.001, k = 0..23
	VFMADD213PS Z25, Z24, Z1
	VFMADD213PS Z25, Z24, Z2
	VFMADD213PS Z25, Z24, Z3
	VFMADD213PS Z25, Z24, Z4
	VFMADD213PS Z25, Z24, Z5
	VFMADD213PS Z25, Z24, Z6
	VFMADD213PS Z25, Z24, Z7
	VFMADD213PS Z25, Z24, Z8
	VFMADD213PS Z25, Z24, Z9
	VFMADD213PS Z25, Z24, Z10
	VFMADD213PS Z25, Z24, Z11
	VFMADD213PS Z25, Z24, Z12
	VFMADD213PS Z25, Z24, Z13
	VFMADD213PS Z25, Z24, Z14
	VFMADD213PS Z25, Z24, Z15
	VFMADD213PS Z25, Z24, Z16
	VFMADD213PS Z25, Z24, Z17
	VFMADD213PS Z25, Z24, Z18
	VFMADD213PS Z25, Z24, Z19
	VFMADD213PS Z25, Z24, Z20
	VFMADD213PS Z25, Z24, Z21
	VFMADD213PS Z25, Z24, Z22
	VFMADD213PS Z25, Z24, Z23
	DECQ        CX
	JNZ         peakFMAAVX512_loop // }

peakFMAAVX512_done:
	VZEROUPPER
	RET

// ===========================================================================
// int8 GEMM: GemmInt8 (int8.go). Contract: kernels/doc.go, GemmInt8. The Go
// driver (gemmInt8) hands each call one int8Args block: rows (8, 4, 2 or 1)
// × up to 32 columns (two 16-column panels of the packed weights), all k.
//
// AVX512VNNI: VPDPBUSD multiplies unsigned bytes by signed bytes and adds
// each group of 4 products to a dword lane. The activations are the
// unsigned operand, offset by +128 (XOR 0x80: a+128 in [0, 255]); the
// weights, packed 16 columns × 4 k per 64 bytes, are the signed one. One
// broadcast dword of a row (4 consecutive k) times one panel row is 64
// MACs. The offset adds 128·Σₗ w[l][j] to column j, which the packed weights
// carry (colSum128) and the epilogue subtracts with the bias. Bytes past k in
// a row's last group meet zero weights. Columns past cols are masked off at
// the store (K1 for the first panel, K2 for the second); the padded bias and
// column sums are read whole.
//
// Register use (gemmInt8VNNI8; the others take a prefix of the rows):
//   DX  p      SI  a row 0    DI  a row 4    R8, R9, R10  lda, 2·lda, 3·lda
//   BX  w      R11 pstride    CX  k4 left    R12 dst      R13 ldd·4
//   Z0–Z15  accumulators, row i in Z(2i) (panel 0) and Z(2i+1) (panel 1)
//   Z26, Z27  bias − colSum128    Z28  a broadcast    Z29, Z30  w panels
//   Z31  0x80 in every byte

// VNNI_ROW adds one row's group of 4 k (at addr) times both panels.
#define VNNI_ROW(addr, acc0, acc1) \
	VPBROADCASTD addr, Z28; \
	VPXORD       Z31, Z28, Z28; \
	VPDPBUSD     Z30, Z28, acc0; \
	VPDPBUSD     Z29, Z28, acc1

// VNNI_STORE adds the column offsets to one row and stores its live columns.
#define VNNI_STORE(acc0, acc1) \
	VPADDD    Z26, acc0, acc0; \
	VPADDD    Z27, acc1, acc1; \
	VMOVDQU32 acc0, K1, (R12); \
	VMOVDQU32 acc1, K2, 64(R12); \
	ADDQ      R13, R12

// VNNI_SETUP loads the arguments (p in DX) shared by every row count.
#define VNNI_SETUP \
	MOVQ         int8Args_a(DX), SI; \
	MOVQ         int8Args_lda(DX), R8; \
	LEAQ         (R8)(R8*1), R9; \
	LEAQ         (R9)(R8*1), R10; \
	LEAQ         (SI)(R8*4), DI; \
	MOVQ         int8Args_w(DX), BX; \
	MOVQ         int8Args_pstride(DX), R11; \
	MOVQ         int8Args_k4(DX), CX; \
	MOVL         $0x80808080, AX; \
	VPBROADCASTD AX, Z31

// VNNI_EPILOGUE computes the column offsets (Z26, Z27), the store masks
// (K1, K2: the low cols bits of 2^cols − 1) and dst (R12, R13).
#define VNNI_EPILOGUE \
	MOVQ      int8Args_bias(DX), AX; \
	VMOVDQU32 (AX), Z26; \
	VMOVDQU32 64(AX), Z27; \
	MOVQ      int8Args_csum(DX), AX; \
	VPSUBD    (AX), Z26, Z26; \
	VPSUBD    64(AX), Z27, Z27; \
	MOVQ      int8Args_cols(DX), CX; \
	MOVL      $1, AX; \
	SHLQ      CX, AX; \
	DECQ      AX; \
	KMOVD     AX, K1; \
	SHRQ      $16, AX; \
	KMOVD     AX, K2; \
	MOVQ      int8Args_dst(DX), R12; \
	MOVQ      int8Args_ldd(DX), R13; \
	SHLQ      $2, R13

// func gemmInt8VNNI8(p *int8Args)
// Requires: AVX512F, AVX512BW, AVX512VNNI
TEXT ·gemmInt8VNNI8(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), DX
	VNNI_SETUP
	ZERO_Z0_Z15

gemmInt8VNNI8_loop:
	VMOVDQU32 (BX), Z30
	VMOVDQU32 (BX)(R11*1), Z29
	VNNI_ROW((SI), Z0, Z1)
	VNNI_ROW((SI)(R8*1), Z2, Z3)
	VNNI_ROW((SI)(R9*1), Z4, Z5)
	VNNI_ROW((SI)(R10*1), Z6, Z7)
	VNNI_ROW((DI), Z8, Z9)
	VNNI_ROW((DI)(R8*1), Z10, Z11)
	VNNI_ROW((DI)(R9*1), Z12, Z13)
	VNNI_ROW((DI)(R10*1), Z14, Z15)
	ADDQ      $64, BX
	ADDQ      $4, SI
	ADDQ      $4, DI
	DECQ      CX
	JNZ       gemmInt8VNNI8_loop

	VNNI_EPILOGUE
	VNNI_STORE(Z0, Z1)
	VNNI_STORE(Z2, Z3)
	VNNI_STORE(Z4, Z5)
	VNNI_STORE(Z6, Z7)
	VNNI_STORE(Z8, Z9)
	VNNI_STORE(Z10, Z11)
	VNNI_STORE(Z12, Z13)
	VNNI_STORE(Z14, Z15)
	VZEROUPPER
	RET

// func gemmInt8VNNI4(p *int8Args)
// Requires: AVX512F, AVX512BW, AVX512VNNI
TEXT ·gemmInt8VNNI4(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), DX
	VNNI_SETUP
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7

gemmInt8VNNI4_loop:
	VMOVDQU32 (BX), Z30
	VMOVDQU32 (BX)(R11*1), Z29
	VNNI_ROW((SI), Z0, Z1)
	VNNI_ROW((SI)(R8*1), Z2, Z3)
	VNNI_ROW((SI)(R9*1), Z4, Z5)
	VNNI_ROW((SI)(R10*1), Z6, Z7)
	ADDQ      $64, BX
	ADDQ      $4, SI
	DECQ      CX
	JNZ       gemmInt8VNNI4_loop

	VNNI_EPILOGUE
	VNNI_STORE(Z0, Z1)
	VNNI_STORE(Z2, Z3)
	VNNI_STORE(Z4, Z5)
	VNNI_STORE(Z6, Z7)
	VZEROUPPER
	RET

// gemmInt8VNNI2 and gemmInt8VNNI1 take two groups of 4 k per iteration into
// two sets of accumulators (Z0–Z3 and Z4–Z7 for two rows; Z0, Z1 and Z2, Z3
// for one), so that more VPDPBUSD chains are in flight, and add the sets at
// the end.

// func gemmInt8VNNI2(p *int8Args)
// Requires: AVX512F, AVX512BW, AVX512VNNI
TEXT ·gemmInt8VNNI2(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), DX
	VNNI_SETUP
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7

gemmInt8VNNI2_pair:
	CMPQ      CX, $2
	JLT       gemmInt8VNNI2_last
	VMOVDQU32 (BX), Z30
	VMOVDQU32 (BX)(R11*1), Z29
	VNNI_ROW((SI), Z0, Z1)
	VNNI_ROW((SI)(R8*1), Z2, Z3)
	VMOVDQU32 64(BX), Z30
	VMOVDQU32 64(BX)(R11*1), Z29
	VNNI_ROW(4(SI), Z4, Z5)
	VNNI_ROW(4(SI)(R8*1), Z6, Z7)
	ADDQ      $128, BX
	ADDQ      $8, SI
	SUBQ      $2, CX
	JMP       gemmInt8VNNI2_pair

gemmInt8VNNI2_last:
	TESTQ     CX, CX
	JZ        gemmInt8VNNI2_sum
	VMOVDQU32 (BX), Z30
	VMOVDQU32 (BX)(R11*1), Z29
	VNNI_ROW((SI), Z0, Z1)
	VNNI_ROW((SI)(R8*1), Z2, Z3)

gemmInt8VNNI2_sum:
	VPADDD Z4, Z0, Z0
	VPADDD Z5, Z1, Z1
	VPADDD Z6, Z2, Z2
	VPADDD Z7, Z3, Z3
	VNNI_EPILOGUE
	VNNI_STORE(Z0, Z1)
	VNNI_STORE(Z2, Z3)
	VZEROUPPER
	RET

// func gemmInt8VNNI1(p *int8Args)
// Requires: AVX512F, AVX512BW, AVX512VNNI
TEXT ·gemmInt8VNNI1(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), DX
	VNNI_SETUP
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3

gemmInt8VNNI1_pair:
	CMPQ      CX, $2
	JLT       gemmInt8VNNI1_last
	VMOVDQU32 (BX), Z30
	VMOVDQU32 (BX)(R11*1), Z29
	VNNI_ROW((SI), Z0, Z1)
	VMOVDQU32 64(BX), Z30
	VMOVDQU32 64(BX)(R11*1), Z29
	VNNI_ROW(4(SI), Z2, Z3)
	ADDQ      $128, BX
	ADDQ      $8, SI
	SUBQ      $2, CX
	JMP       gemmInt8VNNI1_pair

gemmInt8VNNI1_last:
	TESTQ     CX, CX
	JZ        gemmInt8VNNI1_sum
	VMOVDQU32 (BX), Z30
	VMOVDQU32 (BX)(R11*1), Z29
	VNNI_ROW((SI), Z0, Z1)

gemmInt8VNNI1_sum:
	VPADDD Z2, Z0, Z0
	VPADDD Z3, Z1, Z1
	VNNI_EPILOGUE
	VNNI_STORE(Z0, Z1)
	VZEROUPPER
	RET

// ===========================================================================
// int8 element-wise: QuantizeInt8 and Requantize (requant.go), 8 lanes of
// AVX2 on every amd64 tier. Exact: the same bits as Generic. n is a
// multiple of 8 here; Go does the rest.
//
// quantizeAVX2: v = x/scale as Go's float32 division computes it; t =
// trunc(v); t += ±1 where |v−t| ≥ 0.5 (v−t is exact), which is rounding
// half away from zero; clamp to ±256 (every such value saturates after the
// zero point) with NaN lanes cleared to 0; convert, add the zero point and
// pack to bytes with signed saturation. That is the exact path, taken only
// for a vector with a lane that needs it. The fast path takes v = x·recip
// (recip = 1/scale, a normal float32: within 2⁻²² of the quotient relative,
// 2⁻¹³ absolute below 256), clamps it and converts it rounding to nearest
// even; where no lane is NaN or within band = 2⁻¹⁰ of a tie, that is the
// exact path's result (the clamp keeps NaN, so one unordered compare,
// "not ≥ band", finds both). With exact ≠ 0 (recip not normal) every vector takes
// the exact path.
//
// Register use:
//   DI  dst    SI  x    CX  n left    DX  exact
//   Y15 scale  Y14 0x7fffffff  Y13 0.5  Y12 0x80000000  Y11 1.0
//   Y10 256    Y9 −256  Y8 zero point (int32)  Y7 recip  Y6 band

// func quantizeAVX2(dst *int8, x *float32, n int, scale, recip float32, zero int32, exact int)
// Requires: AVX, AVX2
TEXT ·quantizeAVX2(SB), NOSPLIT, $0-48
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS scale+24(FP), Y15
	VBROADCASTSS recip+28(FP), Y7
	MOVL         zero+32(FP), AX
	MOVL         AX, X8
	VPBROADCASTD X8, Y8
	MOVQ         exact+40(FP), DX
	MOVL         $0x3a800000, AX   // 2⁻¹⁰
	MOVL         AX, X6
	VPBROADCASTD X6, Y6
	MOVL         $0x7fffffff, AX
	MOVL         AX, X14
	VPBROADCASTD X14, Y14
	MOVL         $0x3f000000, AX   // 0.5
	MOVL         AX, X13
	VPBROADCASTD X13, Y13
	MOVL         $0x80000000, AX
	MOVL         AX, X12
	VPBROADCASTD X12, Y12
	MOVL         $0x3f800000, AX   // 1.0
	MOVL         AX, X11
	VPBROADCASTD X11, Y11
	MOVL         $0x43800000, AX   // 256.0
	MOVL         AX, X10
	VPBROADCASTD X10, Y10
	MOVL         $0xc3800000, AX   // -256.0
	MOVL         AX, X9
	VPBROADCASTD X9, Y9
	TESTQ        CX, CX
	JZ           quantizeAVX2_done

quantizeAVX2_loop:
	TESTQ        DX, DX
	JNZ          quantizeAVX2_divide
	VMOVUPS      (SI), Y0
	VMULPS       Y7, Y0, Y0        // v ≈ x/scale
	VMINPS       Y0, Y10, Y0
	VMAXPS       Y0, Y9, Y0        // clamped to ±256; NaN stays NaN (the second source)
	VCVTPS2DQ    Y0, Y1            // rounded to nearest, ties to even
	VCVTDQ2PS    Y1, Y2
	VSUBPS       Y2, Y0, Y2
	VANDPS       Y14, Y2, Y2       // |v − round(v)| ≤ 0.5
	VSUBPS       Y2, Y13, Y2       // distance to a tie (NaN for NaN)
	VCMPPS       $9, Y6, Y2, Y2    // not ≥ band: near a tie, or NaN
	VMOVMSKPS    Y2, AX
	TESTL        AX, AX
	JZ           quantizeAVX2_pack // no tie: ties-to-even was right

quantizeAVX2_divide:
	VMOVUPS      (SI), Y0
	VDIVPS       Y15, Y0, Y0       // v = x/scale
	VROUNDPS     $3, Y0, Y1        // t = trunc(v)
	VSUBPS       Y1, Y0, Y2
	VANDPS       Y14, Y2, Y2       // |v − t|
	VCMPPS       $0x0d, Y13, Y2, Y3 // |v − t| ≥ 0.5
	VANDPS       Y12, Y0, Y4
	VORPS        Y11, Y4, Y4       // ±1.0 with v's sign
	VANDPS       Y3, Y4, Y4
	VADDPS       Y4, Y1, Y1        // rounded half away from zero
	VCMPPS       $7, Y0, Y0, Y5    // v is not NaN
	VMINPS       Y10, Y1, Y1
	VMAXPS       Y9, Y1, Y1
	VANDPS       Y5, Y1, Y1        // NaN → 0
	VCVTTPS2DQ   Y1, Y1

quantizeAVX2_pack:
	VPADDD       Y8, Y1, Y1
	VEXTRACTI128 $1, Y1, X2
	VPACKSSDW    X2, X1, X1
	VPACKSSWB    X1, X1, X1
	MOVQ         X1, (DI)
	ADDQ         $32, SI
	ADDQ         $8, DI
	SUBQ         $8, CX
	JNZ          quantizeAVX2_loop

quantizeAVX2_done:
	VZEROUPPER
	RET

// requantAVX2: MultiplyByQuantizedMultiplier on 8 lanes. x <<= left (VPSLLVD
// wraps as Generic's shift does); the doubling high multiply as 64-bit
// products of the even lanes and of the odd lanes (VPMULDQ), each
// (p + 2^30)·2 so that its high dword is (p + 2^30) >> 31 (|p| < 2^62: no
// overflow; the multiplier is never −2^31, so there is no saturating case),
// the even results shifted down and blended with the odd ones; the rounding
// divide as (x >> right) + (x & mask > (mask >> 1) + (x < 0)), mask =
// 2^right − 1; then the zero point, the clamp and the signed-saturating pack.
//
// Register use:
//   DI  dst   SI  acc   R8  mult   R9  left   R10  right   CX  n left
//   Y15 2^30 in each qword   Y14 1 in each dword   Y13 zero point
//   Y12 lo   Y11 hi

// func requantAVX2(dst *int8, acc, mult, left, right *int32, n int, zero, lo, hi int32)
// Requires: AVX, AVX2
TEXT ·requantAVX2(SB), NOSPLIT, $0-60
	MOVQ         dst+0(FP), DI
	MOVQ         acc+8(FP), SI
	MOVQ         mult+16(FP), R8
	MOVQ         left+24(FP), R9
	MOVQ         right+32(FP), R10
	MOVQ         n+40(FP), CX
	MOVL         zero+48(FP), AX
	MOVL         AX, X13
	VPBROADCASTD X13, Y13
	MOVL         lo+52(FP), AX
	MOVL         AX, X12
	VPBROADCASTD X12, Y12
	MOVL         hi+56(FP), AX
	MOVL         AX, X11
	VPBROADCASTD X11, Y11
	MOVQ         $0x40000000, AX
	MOVQ         AX, X15
	VPBROADCASTQ X15, Y15
	MOVL         $1, AX
	MOVL         AX, X14
	VPBROADCASTD X14, Y14
	TESTQ        CX, CX
	JZ           requantAVX2_done

requantAVX2_loop:
	VMOVDQU      (SI), Y0
	VMOVDQU      (R9), Y1
	VPSLLVD      Y1, Y0, Y0        // x << left
	VMOVDQU      (R8), Y2
	VPMULDQ      Y2, Y0, Y3        // even lanes: x·mult
	VPSRLQ       $32, Y0, Y4
	VPSRLQ       $32, Y2, Y5
	VPMULDQ      Y5, Y4, Y4        // odd lanes
	VPADDQ       Y15, Y3, Y3
	VPADDQ       Y3, Y3, Y3
	VPADDQ       Y15, Y4, Y4
	VPADDQ       Y4, Y4, Y4
	VPSRLQ       $32, Y3, Y3
	VPBLENDD     $0xaa, Y4, Y3, Y3 // srdhm(x << left, mult)
	VMOVDQU      (R10), Y1
	VPSLLVD      Y1, Y14, Y5
	VPSUBD       Y14, Y5, Y5       // mask
	VPAND        Y5, Y3, Y6        // remainder
	VPSRLD       $1, Y5, Y5
	VPSRAD       $31, Y3, Y7
	VPSUBD       Y7, Y5, Y5        // threshold
	VPSRAVD      Y1, Y3, Y3
	VPCMPGTD     Y5, Y6, Y6
	VPSUBD       Y6, Y3, Y3        // rounded
	VPADDD       Y13, Y3, Y3
	VPMAXSD      Y12, Y3, Y3
	VPMINSD      Y11, Y3, Y3
	VEXTRACTI128 $1, Y3, X2
	VPACKSSDW    X2, X3, X3
	VPACKSSWB    X3, X3, X3
	MOVQ         X3, (DI)
	ADDQ         $32, SI
	ADDQ         $32, R8
	ADDQ         $32, R9
	ADDQ         $32, R10
	ADDQ         $8, DI
	SUBQ         $8, CX
	JNZ          requantAVX2_loop

requantAVX2_done:
	VZEROUPPER
	RET

// AVX2 (also under AVX512 without VNNI), exact over the whole int8 range:
// both operands sign-extended to int16 and multiplied in pairs by VPMADDWD
// (|−128·−128·2| fits int32), where VPMADDUBSW's int16 pair sums would
// saturate. The driver (gemmInt8Widened) sign-extends each block's rows of
// a to int16 once (widenAVX2), so a row's group of 4 k is one VPBROADCASTQ
// (a load) of (x0, x1, x2, x3) into every 64-bit lane. A tile is rows × 8
// columns (half a packed panel): 16 packed bytes (4 columns × 4 k)
// sign-extend to one ymm, shared by the tile's rows, and VPMADDWD leaves per
// column two dword partial sums (k0·k1 and k2·k3) in adjacent lanes; per 4
// rows and group, 2 VPMOVSXBW and 8 VPMADDWD (extending the rows in the
// loop would cost 4 more of those multiply-pipe instructions on Zen 4). The
// epilogue adds the pairs (VPHADDD of the two 4-column halves, VPERMQ back
// into column order), adds the bias and stores the live columns with
// VPMASKMOVD.
//
// Register use (gemmInt8AVX2w4; the others take a prefix of the rows):
//   DX  p    SI  widened row 0    R8, R9  its stride and 3× it (bytes)
//   BX  w    CX  k4 left    R12  dst    R13  ldd·4
//   Y0–Y7  accumulators, row i in Y(2i) (columns 0–3) and Y(2i+1) (4–7)
//   Y8, Y9  weights of columns 0–3 and 4–7    Y10–Y13  rows    Y14  product
//   Y15  bias (epilogue)

#define AVX2_INT8_WEIGHTS \
	VPMOVSXBW (BX), Y8; \
	VPMOVSXBW 16(BX), Y9

// AVX2_INT8_STORE sums one row's pairs, adds the bias and stores.
#define AVX2_INT8_STORE(acc0, acc1) \
	VPHADDD    acc1, acc0, acc0; \
	VPERMQ     $0xd8, acc0, acc0; \
	VPADDD     Y15, acc0, acc0; \
	VPMASKMOVD acc0, Y10, (R12); \
	ADDQ       R13, R12

#define AVX2_INT8_SETUP \
	MOVQ int8Args_a(DX), SI; \
	MOVQ int8Args_lda(DX), R8; \
	LEAQ (R8)(R8*1), R9; \
	LEAQ (R9)(R8*1), R10; \
	MOVQ int8Args_w(DX), BX; \
	MOVQ int8Args_k4(DX), CX

// AVX2_INT8_EPILOGUE loads the bias (Y15), the store mask (Y10) and dst.
#define AVX2_INT8_EPILOGUE \
	MOVQ    int8Args_bias(DX), AX; \
	VMOVDQU (AX), Y15; \
	MOVQ    int8Args_cols(DX), AX; \
	NEGQ    AX; \
	LEAQ    tailMaskAVX2<>+32(SB), R11; \
	VMOVDQU (R11)(AX*4), Y10; \
	MOVQ    int8Args_dst(DX), R12; \
	MOVQ    int8Args_ldd(DX), R13; \
	SHLQ    $2, R13

// AVX2, one row (batch-1 inference) with weights in [−127, 127]
// (Int8Weights.symmetric; every quant model), gemmInt8AVX2s1: VPMADDUBSW
// multiplies unsigned by signed bytes and adds adjacent pairs into int16
// with saturation. With |a| (VPABSB: 0–128 as unsigned) and w·sign(a)
// (VPSIGNB: still in [−127, 127]) every pair sum is at most 2·128·127 =
// 32512: exact. VPMADDWD by ones adds a column's two pairs into its int32
// lane. 16 columns (a packed panel) per call; per group 7 multiply-pipe
// instructions for 64 MACs where the widened kernel, whose weight extension
// one row cannot share, needs 8 (and a widening pass).
//
// Register use: DX p, SI a, BX w, CX k4 left, R12 dst; Y0, Y1 accumulators
// (columns 0–7, 8–15); Y8, Y9 weights; Y10 the row (then |a|); Y11, Y12
// products; Y15 1 in every word; epilogue: Y8, Y9 bias, Y10, Y11 masks.

// AVX2S_ROW adds one row's group of 4 k (at addr) times 16 columns.
#define AVX2S_ROW(addr, acc0, acc1) \
	VPBROADCASTD addr, Y10; \
	VPSIGNB      Y10, Y8, Y11; \
	VPSIGNB      Y10, Y9, Y12; \
	VPABSB       Y10, Y10; \
	VPMADDUBSW   Y11, Y10, Y11; \
	VPMADDUBSW   Y12, Y10, Y12; \
	VPMADDWD     Y15, Y11, Y11; \
	VPMADDWD     Y15, Y12, Y12; \
	VPADDD       Y11, acc0, acc0; \
	VPADDD       Y12, acc1, acc1

#define AVX2S_WEIGHTS \
	VMOVDQU (BX), Y8; \
	VMOVDQU 32(BX), Y9

// AVX2S_STORE adds the bias to one row and stores its live columns.
#define AVX2S_STORE(acc0, acc1) \
	VPADDD     Y8, acc0, acc0; \
	VPADDD     Y9, acc1, acc1; \
	VPMASKMOVD acc0, Y10, (R12); \
	VPMASKMOVD acc1, Y11, 32(R12); \
	ADDQ       R13, R12

// AVX2S_EPILOGUE loads the bias (Y8, Y9), the masks of columns 0–7 (Y10)
// and 8–15 (Y11) for cols live columns, and dst.
#define AVX2S_EPILOGUE \
	MOVQ    int8Args_bias(DX), AX; \
	VMOVDQU (AX), Y8; \
	VMOVDQU 32(AX), Y9; \
	LEAQ    tailMaskAVX2<>+32(SB), R11; \
	MOVQ    int8Args_cols(DX), AX; \
	MOVQ    $8, R14; \
	CMPQ    AX, R14; \
	CMOVQGT R14, AX; \
	NEGQ    AX; \
	VMOVDQU (R11)(AX*4), Y10; \
	MOVQ    int8Args_cols(DX), AX; \
	SUBQ    $8, AX; \
	MOVQ    $0, R14; \
	CMPQ    AX, R14; \
	CMOVQLT R14, AX; \
	NEGQ    AX; \
	VMOVDQU (R11)(AX*4), Y11; \
	MOVQ    int8Args_dst(DX), R12; \
	MOVQ    int8Args_ldd(DX), R13; \
	SHLQ    $2, R13

#define AVX2S_SETUP \
	AVX2_INT8_SETUP; \
	MOVL         $0x00010001, AX; \
	MOVL         AX, X15; \
	VPBROADCASTD X15, Y15

// func gemmInt8AVX2s1(p *int8Args)
// Requires: AVX, AVX2
TEXT ·gemmInt8AVX2s1(SB), NOSPLIT, $0-8
	MOVQ  p+0(FP), DX
	AVX2S_SETUP
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1

gemmInt8AVX2s1_loop:
	AVX2S_WEIGHTS
	AVX2S_ROW((SI), Y0, Y1)
	ADDQ  $64, BX
	ADDQ  $4, SI
	DECQ  CX
	JNZ   gemmInt8AVX2s1_loop

	AVX2S_EPILOGUE
	AVX2S_STORE(Y0, Y1)
	VZEROUPPER
	RET

// quantizeAVX512: quantizeAVX2 on 16 lanes with opmasks: the fast path's
// lanes that are NaN or within band of a tie (K1) send the vector to the
// exact path, which rounds half away from zero and clears NaN lanes (K2);
// VPMOVSDB narrows with signed saturation. A last 8 lanes take the exact
// path under K3 = 0x00ff (masked load and store).
//
// Register use: as quantizeAVX2, on zmm.

// QUANTIZE512_EXACT: Z2 = round-half-away(Z0/scale) clamped to ±256, NaN
// lanes 0, as int32 (the exact path of quantizeAVX512).
#define QUANTIZE512_EXACT \
	VDIVPS      Z15, Z0, Z1; \
	VRNDSCALEPS $3, Z1, Z2; \
	VSUBPS      Z2, Z1, Z3; \
	VANDPS      Z14, Z3, Z3; \
	VCMPPS      $0x0d, Z13, Z3, K1; \
	VANDPS      Z12, Z1, Z4; \
	VORPS       Z11, Z4, Z4; \
	VADDPS      Z4, Z2, K1, Z2; \
	VMINPS      Z10, Z2, Z2; \
	VMAXPS      Z9, Z2, Z2; \
	VCMPPS      $7, Z1, Z1, K2; \
	VMOVAPS.Z   Z2, K2, Z2; \
	VCVTTPS2DQ  Z2, Z2

// func quantizeAVX512(dst *int8, x *float32, n int, scale, recip float32, zero int32, exact int)
// Requires: AVX512F
TEXT ·quantizeAVX512(SB), NOSPLIT, $0-48
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS scale+24(FP), Z15
	VBROADCASTSS recip+28(FP), Z7
	MOVL         zero+32(FP), AX
	VPBROADCASTD AX, Z8
	MOVQ         exact+40(FP), DX
	MOVL         $0x3a800000, AX   // 2⁻¹⁰
	VPBROADCASTD AX, Z6
	MOVL         $0x7fffffff, AX
	VPBROADCASTD AX, Z14
	MOVL         $0x3f000000, AX   // 0.5
	VPBROADCASTD AX, Z13
	MOVL         $0x80000000, AX
	VPBROADCASTD AX, Z12
	MOVL         $0x3f800000, AX   // 1.0
	VPBROADCASTD AX, Z11
	MOVL         $0x43800000, AX   // 256.0
	VPBROADCASTD AX, Z10
	MOVL         $0xc3800000, AX   // -256.0
	VPBROADCASTD AX, Z9

	CMPQ         CX, $16
	JLT          quantizeAVX512_tail

quantizeAVX512_loop16:             // whole vectors: no masks
	VMOVUPS      (SI), Z0
	TESTQ        DX, DX
	JNZ          quantizeAVX512_divide16
	VMULPS       Z7, Z0, Z1        // v ≈ x/scale
	VMINPS       Z1, Z10, Z1
	VMAXPS       Z1, Z9, Z1        // clamped; NaN stays NaN (the second source)
	VCVTPS2DQ    Z1, Z2            // to nearest, ties to even
	VCVTDQ2PS    Z2, Z3
	VSUBPS       Z3, Z1, Z3
	VANDPS       Z14, Z3, Z3
	VSUBPS       Z3, Z13, Z3       // distance to a tie (NaN for NaN)
	VCMPPS       $9, Z6, Z3, K1    // not ≥ band: near a tie, or NaN
	KTESTW       K1, K1
	JNZ          quantizeAVX512_divide16

quantizeAVX512_pack16:
	VPADDD       Z8, Z2, Z2
	VPMOVSDB     Z2, X2            // the register form: the store form is slow on Zen 4
	VMOVDQU      X2, (DI)
	ADDQ         $64, SI
	ADDQ         $16, DI
	SUBQ         $16, CX
	CMPQ         CX, $16
	JGE          quantizeAVX512_loop16
	JMP          quantizeAVX512_tail

quantizeAVX512_divide16:
	QUANTIZE512_EXACT
	JMP          quantizeAVX512_pack16

quantizeAVX512_tail:               // 0 or 8 lanes left
	TESTQ        CX, CX
	JZ           quantizeAVX512_done
	MOVL         $0xff, AX
	KMOVW        AX, K3
	VMOVUPS.Z    (SI), K3, Z0
	QUANTIZE512_EXACT
	VPADDD       Z8, Z2, Z2
	VPMOVSDB     Z2, X2
	VMOVDQU8     X2, K3, (DI)

quantizeAVX512_done:
	VZEROUPPER
	RET

// requantAVX512: requantAVX2 on 16 lanes with opmasks (the odd-lane blend
// under K4 = 0xaaaa, the rounding increment under the compare's mask), a
// last 8 lanes under K3 = 0x00ff, VPMOVSDB to narrow.

// func requantAVX512(dst *int8, acc, mult, left, right *int32, n int, zero, lo, hi int32)
// Requires: AVX512F
TEXT ·requantAVX512(SB), NOSPLIT, $0-60
	MOVQ         dst+0(FP), DI
	MOVQ         acc+8(FP), SI
	MOVQ         mult+16(FP), R8
	MOVQ         left+24(FP), R9
	MOVQ         right+32(FP), R10
	MOVQ         n+40(FP), CX
	MOVL         zero+48(FP), AX
	VPBROADCASTD AX, Z13
	MOVL         lo+52(FP), AX
	VPBROADCASTD AX, Z12
	MOVL         hi+56(FP), AX
	VPBROADCASTD AX, Z11
	MOVQ         $0x40000000, AX
	VPBROADCASTQ AX, Z15
	MOVL         $1, AX
	VPBROADCASTD AX, Z14
	MOVL         $0xaaaa, AX
	KMOVW        AX, K4

requantAVX512_loop:
	MOVL         $0xffff, AX
	MOVQ         $16, DX
	CMPQ         CX, $16
	JGE          requantAVX512_mask
	TESTQ        CX, CX
	JZ           requantAVX512_done
	MOVL         $0xff, AX         // the last 8 lanes
	MOVQ         $8, DX

requantAVX512_mask:
	KMOVW        AX, K3
	VMOVDQU32.Z  (SI), K3, Z0
	VMOVDQU32    (R9), Z1
	VPSLLVD      Z1, Z0, Z0        // x << left
	VMOVDQU32    (R8), Z2
	VPMULDQ      Z2, Z0, Z3        // even lanes: x·mult
	VPSRLQ       $32, Z0, Z4
	VPSRLQ       $32, Z2, Z5
	VPMULDQ      Z5, Z4, Z4        // odd lanes
	VPADDQ       Z15, Z3, Z3
	VPADDQ       Z3, Z3, Z3
	VPADDQ       Z15, Z4, Z4
	VPADDQ       Z4, Z4, Z4
	VPSRLQ       $32, Z3, Z3
	VPBLENDMD    Z4, Z3, K4, Z3    // srdhm(x << left, mult)
	VMOVDQU32    (R10), Z1
	VPSLLVD      Z1, Z14, Z5
	VPSUBD       Z14, Z5, Z5       // mask
	VPANDD       Z5, Z3, Z6        // remainder
	VPSRLD       $1, Z5, Z5
	VPSRAD       $31, Z3, Z7
	VPSUBD       Z7, Z5, Z5        // threshold
	VPSRAVD      Z1, Z3, Z3
	VPCMPGTD     Z5, Z6, K5
	VPADDD       Z14, Z3, K5, Z3   // rounded
	VPADDD       Z13, Z3, Z3
	VPMAXSD      Z12, Z3, Z3
	VPMINSD      Z11, Z3, Z3
	VPMOVSDB     Z3, X3
	VMOVDQU8     X3, K3, (DI)
	LEAQ         (SI)(DX*4), SI
	LEAQ         (R8)(DX*4), R8
	LEAQ         (R9)(DX*4), R9
	LEAQ         (R10)(DX*4), R10
	ADDQ         DX, DI
	SUBQ         DX, CX
	JMP          requantAVX512_loop

requantAVX512_done:
	VZEROUPPER
	RET

// AVX2W_ROW adds one widened row's group (at addr) times 8 columns.
#define AVX2W_ROW(addr, ya, acc0, acc1) \
	VPBROADCASTQ addr, ya; \
	VPMADDWD     Y8, ya, Y14; \
	VPADDD       Y14, acc0, acc0; \
	VPMADDWD     Y9, ya, Y14; \
	VPADDD       Y14, acc1, acc1

#define AVX2W_SETUP \
	MOVQ int8Args_a16(DX), SI; \
	MOVQ int8Args_lda16(DX), R8; \
	LEAQ (R8)(R8*2), R9; \
	MOVQ int8Args_w(DX), BX; \
	MOVQ int8Args_k4(DX), CX

// func gemmInt8AVX2w4(p *int8Args)
// Requires: AVX, AVX2
TEXT ·gemmInt8AVX2w4(SB), NOSPLIT, $0-8
	MOVQ  p+0(FP), DX
	AVX2W_SETUP
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	VPXOR Y3, Y3, Y3
	VPXOR Y4, Y4, Y4
	VPXOR Y5, Y5, Y5
	VPXOR Y6, Y6, Y6
	VPXOR Y7, Y7, Y7

gemmInt8AVX2w4_loop:
	AVX2_INT8_WEIGHTS
	AVX2W_ROW((SI), Y10, Y0, Y1)
	AVX2W_ROW((SI)(R8*1), Y11, Y2, Y3)
	AVX2W_ROW((SI)(R8*2), Y12, Y4, Y5)
	AVX2W_ROW((SI)(R9*1), Y13, Y6, Y7)
	ADDQ  $64, BX
	ADDQ  $8, SI
	DECQ  CX
	JNZ   gemmInt8AVX2w4_loop

	AVX2_INT8_EPILOGUE
	AVX2_INT8_STORE(Y0, Y1)
	AVX2_INT8_STORE(Y2, Y3)
	AVX2_INT8_STORE(Y4, Y5)
	AVX2_INT8_STORE(Y6, Y7)
	VZEROUPPER
	RET

// func gemmInt8AVX2w2(p *int8Args)
// Requires: AVX, AVX2
TEXT ·gemmInt8AVX2w2(SB), NOSPLIT, $0-8
	MOVQ  p+0(FP), DX
	AVX2W_SETUP
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	VPXOR Y3, Y3, Y3

gemmInt8AVX2w2_loop:
	AVX2_INT8_WEIGHTS
	AVX2W_ROW((SI), Y10, Y0, Y1)
	AVX2W_ROW((SI)(R8*1), Y11, Y2, Y3)
	ADDQ  $64, BX
	ADDQ  $8, SI
	DECQ  CX
	JNZ   gemmInt8AVX2w2_loop

	AVX2_INT8_EPILOGUE
	AVX2_INT8_STORE(Y0, Y1)
	AVX2_INT8_STORE(Y2, Y3)
	VZEROUPPER
	RET

// func gemmInt8AVX2w1(p *int8Args)
// Requires: AVX, AVX2
TEXT ·gemmInt8AVX2w1(SB), NOSPLIT, $0-8
	MOVQ  p+0(FP), DX
	AVX2W_SETUP
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1

gemmInt8AVX2w1_loop:
	AVX2_INT8_WEIGHTS
	AVX2W_ROW((SI), Y10, Y0, Y1)
	ADDQ  $64, BX
	ADDQ  $8, SI
	DECQ  CX
	JNZ   gemmInt8AVX2w1_loop

	AVX2_INT8_EPILOGUE
	AVX2_INT8_STORE(Y0, Y1)
	VZEROUPPER
	RET

// func widenAVX2(dst *int16, src *int8, n int)
// Requires: AVX, AVX2
//
// dst[i] = src[i] sign-extended, for i < n, n a multiple of 16.
TEXT ·widenAVX2(SB), NOSPLIT, $0-24
	MOVQ      dst+0(FP), DI
	MOVQ      src+8(FP), SI
	MOVQ      n+16(FP), CX
	TESTQ     CX, CX
	JZ        widenAVX2_done

widenAVX2_loop:
	VPMOVSXBW (SI), Y0
	VMOVDQU   Y0, (DI)
	ADDQ      $16, SI
	ADDQ      $32, DI
	SUBQ      $16, CX
	JNZ       widenAVX2_loop

widenAVX2_done:
	VZEROUPPER
	RET

// The int8 peak probe: PeakInt8, the multiply-add sequence of each tier's
// int8 GEMM on registers only. AVX2: VPMADDUBSW, VPMADDWD by ones, VPADDD
// (32 MACs per triple; the symmetric-weight kernel adds one VPSIGNB per
// triple, the VPMADDWD kernel for weights with −128 needs 7 instructions
// per 32 MACs), 8 accumulator chains. AVX512VNNI: VPDPBUSD, 24 zmm chains
// (64 MACs each).

// func peakInt8AVX2(n int)
// Requires: AVX, AVX2
TEXT ·peakInt8AVX2(SB), NOSPLIT, $0-8
	MOVQ     n+0(FP), CX
	VPCMPEQD Y15, Y15, Y15
	VPSRLW   $15, Y15, Y14     // 1 in every word
	VPABSB   Y15, Y15          // 1 in every byte
	VPXOR    Y0, Y0, Y0
	VPXOR    Y1, Y1, Y1
	VPXOR    Y2, Y2, Y2
	VPXOR    Y3, Y3, Y3
	VPXOR    Y4, Y4, Y4
	VPXOR    Y5, Y5, Y5
	VPXOR    Y6, Y6, Y6
	VPXOR    Y7, Y7, Y7
	TESTQ    CX, CX
	JZ       peakInt8AVX2_done

peakInt8AVX2_loop:
	VPMADDUBSW Y15, Y15, Y8
	VPMADDWD   Y14, Y8, Y8
	VPADDD     Y8, Y0, Y0
	VPMADDUBSW Y15, Y15, Y9
	VPMADDWD   Y14, Y9, Y9
	VPADDD     Y9, Y1, Y1
	VPMADDUBSW Y15, Y15, Y10
	VPMADDWD   Y14, Y10, Y10
	VPADDD     Y10, Y2, Y2
	VPMADDUBSW Y15, Y15, Y11
	VPMADDWD   Y14, Y11, Y11
	VPADDD     Y11, Y3, Y3
	VPMADDUBSW Y15, Y15, Y12
	VPMADDWD   Y14, Y12, Y12
	VPADDD     Y12, Y4, Y4
	VPMADDUBSW Y15, Y15, Y13
	VPMADDWD   Y14, Y13, Y13
	VPADDD     Y13, Y5, Y5
	VPMADDUBSW Y15, Y15, Y8
	VPMADDWD   Y14, Y8, Y8
	VPADDD     Y8, Y6, Y6
	VPMADDUBSW Y15, Y15, Y9
	VPMADDWD   Y14, Y9, Y9
	VPADDD     Y9, Y7, Y7
	DECQ       CX
	JNZ        peakInt8AVX2_loop

peakInt8AVX2_done:
	VZEROUPPER
	RET

// func peakInt8VNNI(n int)
// Requires: AVX512F, AVX512VNNI
TEXT ·peakInt8VNNI(SB), NOSPLIT, $0-8
	MOVQ         n+0(FP), CX
	MOVL         $0x01010101, AX
	VPBROADCASTD AX, Z31
	ZERO_Z0_Z23
	TESTQ        CX, CX
	JZ           peakInt8VNNI_done

peakInt8VNNI_loop:
	VPDPBUSD Z31, Z31, Z0
	VPDPBUSD Z31, Z31, Z1
	VPDPBUSD Z31, Z31, Z2
	VPDPBUSD Z31, Z31, Z3
	VPDPBUSD Z31, Z31, Z4
	VPDPBUSD Z31, Z31, Z5
	VPDPBUSD Z31, Z31, Z6
	VPDPBUSD Z31, Z31, Z7
	VPDPBUSD Z31, Z31, Z8
	VPDPBUSD Z31, Z31, Z9
	VPDPBUSD Z31, Z31, Z10
	VPDPBUSD Z31, Z31, Z11
	VPDPBUSD Z31, Z31, Z12
	VPDPBUSD Z31, Z31, Z13
	VPDPBUSD Z31, Z31, Z14
	VPDPBUSD Z31, Z31, Z15
	VPDPBUSD Z31, Z31, Z16
	VPDPBUSD Z31, Z31, Z17
	VPDPBUSD Z31, Z31, Z18
	VPDPBUSD Z31, Z31, Z19
	VPDPBUSD Z31, Z31, Z20
	VPDPBUSD Z31, Z31, Z21
	VPDPBUSD Z31, Z31, Z22
	VPDPBUSD Z31, Z31, Z23
	DECQ     CX
	JNZ      peakInt8VNNI_loop

peakInt8VNNI_done:
	VZEROUPPER
	RET

// ===========================================================================
// Softmax's first pass: the row maximum and whether the row holds a NaN.

// func maxNaNAVX2(x *float32, n int) (m float32, nan bool)
// Requires: AVX, AVX2
//
// m = max x[i] and nan = some x[i] is NaN, for i < n, n a positive multiple
// of 8. Two accumulators of maxima (Y0, Y1) and of unordered compares
// (Y2, Y3); where a NaN meets VMAXPS the maximum is meaningless, but nan is
// then set and the caller ignores m. The sign of a zero maximum may differ
// from Generic's: Softmax subtracts it, which gives the same result.
TEXT ·maxNaNAVX2(SB), NOSPLIT, $0-21
	MOVQ         x+0(FP), SI
	MOVQ         n+8(FP), CX
	MOVL         $0xff800000, AX   // −Inf
	MOVL         AX, X0
	VPBROADCASTD X0, Y0
	VMOVAPS      Y0, Y1
	VXORPS       Y2, Y2, Y2
	VXORPS       Y3, Y3, Y3
	CMPQ         CX, $16
	JLT          maxNaNAVX2_eight

maxNaNAVX2_loop16:
	VMOVUPS      (SI), Y4
	VMOVUPS      32(SI), Y5
	VCMPPS       $3, Y4, Y4, Y6
	VCMPPS       $3, Y5, Y5, Y7
	VORPS        Y6, Y2, Y2
	VORPS        Y7, Y3, Y3
	VMAXPS       Y4, Y0, Y0
	VMAXPS       Y5, Y1, Y1
	ADDQ         $64, SI
	SUBQ         $16, CX
	CMPQ         CX, $16
	JGE          maxNaNAVX2_loop16

maxNaNAVX2_eight:
	TESTQ        CX, CX
	JZ           maxNaNAVX2_reduce
	VMOVUPS      (SI), Y4
	VCMPPS       $3, Y4, Y4, Y6
	VORPS        Y6, Y2, Y2
	VMAXPS       Y4, Y0, Y0

maxNaNAVX2_reduce:
	VMAXPS       Y1, Y0, Y0
	VORPS        Y3, Y2, Y2
	VEXTRACTF128 $1, Y0, X1
	VMAXPS       X1, X0, X0
	VPERMILPS    $0x4e, X0, X1
	VMAXPS       X1, X0, X0
	VPERMILPS    $0xb1, X0, X1
	VMAXPS       X1, X0, X0
	VMOVSS       X0, m+16(FP)
	VMOVMSKPS    Y2, AX
	TESTL        AX, AX
	SETNE        nan+20(FP)
	VZEROUPPER
	RET

// ===========================================================================
// CPUID, for the cache sizes Sgemm blocks for (caches_amd64.go).

// func cpuidAsm(leaf, sub uint32) (a, b, c, d uint32)
TEXT ·cpuidAsm(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET
