// kernels/matmul_f16.s — `matmul_f16`: C[M,N] = A[M,K]·B[K,N], A and B fp16,
// fp32 accumulation, C fp32 or fp16 (kernel argument out_f16), row-major,
// every M, N, K >= 1.
//
// Technique: v_wmma_f32_16x16x16_f16 on a 128x128x16 block tile with 4 waves,
// the tile of the Tensile kernel behind rocBLAS's ~100 TFLOPS on the 7900 XTX
// (MT128x128x16_MI16x16x16, 128 threads; ../shared/reference/
// anchors-performance.md §2), with global->register prefetch and LDS double
// buffering as in matmul_f32.s.
//
// WMMA operand layout (rdna3-isa.md §4.1): the A operand of a 16x16 tile is
// 8 VGPRs in which lane l (0..15) holds row l's 16 k values, two per VGPR
// (even k in the low half); lanes 16..31 must hold the same as lanes 0..15.
// The B operand is the same with lane l holding column l.  The result: VGPR v
// of lane l holds C[2v + l/16][l%16].
//
// Tile scheme.
//   Workgroup: 128 work-items (4 waves), a 128x128 block of C, K in steps of
//   16.  Grid: (ceil(N/128), ceil(M/128)).
//   Wave w: the 64x64 quarter at rows 64(w&1), columns 64(w>>1): 4x4 WMMA
//   tiles, 16 WMMAs per k step, from 4 A and 4 B operands.
//   Lane l reads its operand row (l%16) of a tile as two ds_load_b128 of 16
//   bytes; lanes l and l+16 read the same address (broadcast), which gives
//   the replication the WMMA needs for free.
//
// LDS (24,576 bytes): two buffers of 12,288 bytes, each
//   As[m][k], m = 0..127, k = 0..15: 32 bytes a row in a 48-byte pitch.
//     Operand reads are 16 rows x 16 bytes: with a 32-byte pitch rows r and
//     r+4 share banks (4-way conflict, 4 cycles for 256 bytes); the 48-byte
//     pitch spreads 8 consecutive rows over all 32 banks, so the 256 bytes
//     take the minimum 2 cycles.  The b128 stores of the tile (32 lanes, 512
//     bytes) likewise take the minimum 4 cycles.
//   Bs[n][k] at byte 6,144: B transposed (a lane's operand is a column of B,
//     16 k values contiguous), the same 48-byte pitch.  Work-item t loads
//     B[k = t%16][8 consecutive n] and writes them with 8 ds_store_b16(_d16_hi)
//     down the k column; the two n groups of a wave land 8 rows = 96 dwords
//     apart, which is 0 mod 32 for any 16-byte-aligned pitch: a 2-way conflict
//     on these stores, 16 per k step against 16 WMMAs, accepted.
//
// Registers (219 VGPRs, 102 SGPRs; no scratch).
//   v[64:191]  accumulators: tile (i, j) (rows 16i, columns 16j of the wave's
//              quarter) in v[64 + 32i + 8j : +7], fp32
//   v[0:31]    A operands, tile row i in v[8i : 8i+7]
//   v[32:63]   B operands, tile column j in v[32 + 8j : +7]
//   v[192:199] A tile t+1 in flight: rows (t>>1) and (t>>1)+64, 8 k each
//   v[200:207] B tile t+1 in flight: k row t%16, n groups (t>>4) and (t>>4)+8
//   v208/v209  A/B operand LDS addresses     v210/v211 A/B LDS store addresses
//   v212/v213  A global offsets              v214/v215 B global offsets
//   v216 work-item id   v217 8(t&1)   v218 t%16
//   s[16:17] A + 128*blk_y*K*2 + 32*tile, s[18:19] B + 128*blk_x*2 +
//   32*N*tile, s[20:21] C block base: SGPR bases, 32-bit lane offsets (kern_plan
//   refuses shapes whose per-block offsets do not fit).
//
// Loop structure (T = ceil(K/16); unrolled x2, one copy per LDS buffer):
//   prologue: load tile 0, store it to buffer 0, barrier
//   tile t (reading buffer t%2):
//     if t+1 < T: issue tile t+1's global loads (4 x b128, or the edge path)
//     16 ds_load_b128 (A0, B0..B3, A1..A3), then 16 WMMAs, each after the
//     s_waitcnt that covers its operands
//     if t+1 < T: wait vmcnt, store tile t+1 into the other buffer, barrier
//   epilogue: fp32 stores, or v_cvt_f16_f32 and fp16 stores
//
// Edge path.  A block is "fast" when all 128x128 outputs exist and N and K
// are multiples of 8 (16-byte aligned rows); a tile is loaded with b128s when
// its block is fast and its 16 k's exist, otherwise element by element with
// global_load_d16(_hi)_b16 under exec masks (row < M, k < K, column < N) into
// registers zeroed beforehand.  Stores of a non-fast block are masked.
.amdgcn_target "amdgcn-amd-amdhsa--gfx1100"
.include "kernels/matmul.inc"

.set S_NEXT, 60             // tile index + 1
.set S_CSH, 61              // log2 of C's element size
.set S_TMP0, 62
.set S_TMP1, 63
.set S_KREM, 64             // k's left in an edge tile
.set S_T, 65                // tiles
.set FA, 0
.set FB, 32
.set ACC, 64
.set GA, 192
.set GB, 200
.set PITCH, 48                  // bytes per As/Bs row
.set BOFF, 128 * PITCH          // Bs inside a buffer: 6144
.set BUF, 2 * 128 * PITCH       // one buffer: 12288
.set LDS_BYTES, 2 * BUF

// A operand i from buffer \rb.
.macro load_a rb, i
    ds_load_b128 v[FA + 8 * \i : FA + 8 * \i + 3], v208 offset:(\rb * BUF + \i * 16 * PITCH)
    ds_load_b128 v[FA + 8 * \i + 4 : FA + 8 * \i + 7], v208 offset:(\rb * BUF + \i * 16 * PITCH + 16)
.endm

// B operand j from buffer \rb.
.macro load_b rb, j
    ds_load_b128 v[FB + 8 * \j : FB + 8 * \j + 3], v209 offset:(\rb * BUF + BOFF + \j * 16 * PITCH)
    ds_load_b128 v[FB + 8 * \j + 4 : FB + 8 * \j + 7], v209 offset:(\rb * BUF + BOFF + \j * 16 * PITCH + 16)
.endm

.macro wmma i, j
    v_wmma_f32_16x16x16_f16 v[ACC + 32 * \i + 8 * \j : ACC + 32 * \i + 8 * \j + 7], v[FA + 8 * \i : FA + 8 * \i + 7], v[FB + 8 * \j : FB + 8 * \j + 7], v[ACC + 32 * \i + 8 * \j : ACC + 32 * \i + 8 * \j + 7]
.endm

// The edge path's loads: one fp16 element per global_load_d16(_hi)_b16 under
// its exec mask, into the half of the register it belongs to.
.macro edge_loads
    // k masks first (VALU under the full exec), then the masked loads.
    .irp e, 0, 1, 2, 3, 4, 5, 6, 7
    s_sub_i32 s[S_TMP1], s[S_KREM], \e
    v_cmp_gt_i32 s[66 + \e], s[S_TMP1], v217      // A: 8(t&1) + e < k's left
    .endr
    v_cmp_gt_u32 s74, s[S_KREM], v218             // B: t%16 < k's left
    .irp h, 0, 1
    .irp e, 0, 1, 2, 3, 4, 5, 6, 7
    s_and_b32 exec_lo, s[66 + \e], s[34 + \h]   // and the row exists
    .if \e & 1
    global_load_d16_hi_b16 v[GA + 4 * \h + \e / 2], v[212 + \h], s[16:17] offset:(\e * 2)
    .else
    global_load_d16_b16 v[GA + 4 * \h + \e / 2], v[212 + \h], s[16:17] offset:(\e * 2)
    .endif
    .endr
    .endr
    .irp g, 0, 1
    .irp e, 0, 1, 2, 3, 4, 5, 6, 7
    s_and_b32 exec_lo, s74, s[36 + 8 * \g + \e]  // and the column exists
    .if \e & 1
    global_load_d16_hi_b16 v[GB + 4 * \g + \e / 2], v[214 + \g], s[18:19] offset:(\e * 2)
    .else
    global_load_d16_b16 v[GB + 4 * \g + \e / 2], v[214 + \g], s[18:19] offset:(\e * 2)
    .endif
    .endr
    .endr
.endm

// Issue the global loads of tile s[S_NEXT] and advance the A and B bases.
.macro global_loads
    mm_global_loads 4, v212, v213, v214, v215, edge_loads
.endm

// Store the tile in GA/GB into buffer \wb: A rows as they are, B transposed.
.macro store_tile wb
    ds_store_b128 v210, v[GA : GA + 3] offset:(\wb * BUF)
    ds_store_b128 v210, v[GA + 4 : GA + 7] offset:(\wb * BUF + 64 * PITCH)
    .irp g, 0, 1
    .irp e, 0, 1, 2, 3, 4, 5, 6, 7
    .if \e & 1
    ds_store_b16_d16_hi v211, v[GB + 4 * \g + \e / 2] offset:(\wb * BUF + BOFF + (64 * \g + \e) * PITCH)
    .else
    ds_store_b16 v211, v[GB + 4 * \g + \e / 2] offset:(\wb * BUF + BOFF + (64 * \g + \e) * PITCH)
    .endif
    .endr
    .endr
.endm

// One tile: s26 = its index, read from buffer \rb; leaves s[S_NEXT] = s26 + 1.
.macro tile rb
    s_add_u32 s[S_NEXT], s26, 1
    s_cmp_ge_u32 s[S_NEXT], s[S_T]
    s_cbranch_scc1 .Lno_loads\@
    global_loads
.Lno_loads\@:
    load_a \rb, 0
    load_b \rb, 0
    load_b \rb, 1
    load_b \rb, 2
    load_b \rb, 3
    load_a \rb, 1
    load_a \rb, 2
    load_a \rb, 3
    s_waitcnt lgkmcnt(12)
    wmma 0, 0
    s_waitcnt lgkmcnt(10)
    wmma 0, 1
    s_waitcnt lgkmcnt(8)
    wmma 0, 2
    s_waitcnt lgkmcnt(6)
    wmma 0, 3
    s_waitcnt lgkmcnt(4)
    .irp j, 0, 1, 2, 3
    wmma 1, \j
    .endr
    s_waitcnt lgkmcnt(2)
    .irp j, 0, 1, 2, 3
    wmma 2, \j
    .endr
    s_waitcnt lgkmcnt(0)
    .irp j, 0, 1, 2, 3
    wmma 3, \j
    .endr
    s_cmp_ge_u32 s[S_NEXT], s[S_T]
    s_cbranch_scc1 .Ltile_done\@
    s_waitcnt vmcnt(0)
    store_tile (1 - \rb)
    s_waitcnt lgkmcnt(0)
    s_barrier
.Ltile_done\@:
.endm

// C stores of the accumulators (fp32, or fp16 in the low halves) at the
// lane offsets v0..v31 (row (i, v) in v[8i + v]; tile column j 32·elem bytes
// on), under the row and column masks when \masked.
.macro store_c bits, masked
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    .irp j, 0, 1, 2, 3
    .if \masked
    s_and_b32 exec_lo, s[66 + \n], s[98 + \j]
    .endif
    global_store_b\bits v\n, v[ACC + 32 * (\n / 8) + 8 * \j + (\n % 8)], s[20:21] offset:(2 * \bits * \j)
    .endr
    .endr
.endm

.text
.globl matmul_f16
.p2align 8
.type matmul_f16,@function
matmul_f16:
    s_load_b256 s[16:23], s[0:1], 0x0       // A, B, C, M, N
    s_load_b64 s[24:25], s[0:1], 0x20       // K, out_f16
    v_mov_b32 v216, v0                      // work-item id t
    v_and_b32 v192, 15, v0                  // l % 16
    v_lshrrev_b32 v193, 5, v0               // wave w
    v_and_b32 v194, 1, v193                 // w & 1
    v_lshrrev_b32 v195, 1, v193             // w >> 1
    v_lshl_add_u32 v196, v194, 6, v192      // A operand row 64(w&1) + l%16
    v_mul_u32_u24 v208, PITCH, v196
    v_lshl_add_u32 v196, v195, 6, v192      // B operand row 64(w>>1) + l%16
    v_mul_u32_u24 v209, PITCH, v196
    v_lshrrev_b32 v197, 1, v0               // A load row t>>1
    v_and_b32 v198, 1, v0                   // t & 1
    v_lshlrev_b32 v217, 3, v198             // 8(t&1)
    v_mul_u32_u24 v199, PITCH, v197
    v_lshl_add_u32 v210, v198, 4, v199      // As[t>>1][8(t&1)]
    v_mov_b32 v218, v192                    // B load k row t%16
    v_lshrrev_b32 v200, 4, v0               // B load n group t>>4
    v_mul_u32_u24 v201, 8 * PITCH, v200
    v_lshl_add_u32 v211, v218, 1, v201      // Bs[8(t>>4)][t%16]
    s_waitcnt lgkmcnt(0)
    s_cmp_eq_u32 s25, 0
    s_cselect_b32 s[S_CSH], 2, 1            // C fp32 or fp16
    mm_setup 1, s[S_CSH], 7, 4              // fp16; N, K multiples of 8; 16 k's a tile
    // Per-lane global offsets.
    v_mul_lo_u32 v212, v197, s29
    v_lshl_add_u32 v212, v198, 4, v212      // (t>>1)*K*2 + 16(t&1)
    s_lshl_b32 s[S_TMP1], s29, 6
    v_add_nc_u32 v213, s[S_TMP1], v212      // 64 rows further
    v_mul_lo_u32 v214, v218, s28
    v_lshl_add_u32 v214, v200, 4, v214      // (t%16)*N*2 + 16(t>>4)
    v_add_nc_u32 v215, 128, v214            // 8 groups (64 columns) further
    // Edge masks: A rows, B columns.
    v_cmp_gt_u32 s34, s32, v197
    v_add_nc_u32 v201, 64, v197
    v_cmp_gt_u32 s35, s32, v201
    v_lshlrev_b32 v202, 3, v200             // first column 8(t>>4)
    .irp g, 0, 1
    .irp e, 0, 1, 2, 3, 4, 5, 6, 7
    v_add_nc_u32 v203, 64 * \g + \e, v202
    v_cmp_gt_u32 s[36 + 8 * \g + \e], s33, v203
    .endr
    .endr
    mm_tiles global_loads, store_tile
    // Lane l holds, in VGPR v of tile (i, j), C at local row
    // 64(w&1) + 16i + 2v + l/16 and column 64(w>>1) + 16j + l%16.
    // v[0:31]: the offset of (i, v) for j = 0; v32/v33 local row/column of
    // (i, v, j) = 0; element size 4 or 2 bytes.
    v_lshrrev_b32 v193, 5, v216             // wave
    v_and_b32 v194, 1, v193
    v_lshrrev_b32 v195, 1, v193
    v_bfe_u32 v196, v216, 4, 1              // l / 16
    v_lshl_add_u32 v32, v194, 6, v196       // local row
    v_and_b32 v196, 15, v216
    v_lshl_add_u32 v33, v195, 6, v196       // local column
    s_lshl_b32 s[S_TMP0], s23, s[S_CSH]     // C row pitch in bytes
    v_mul_lo_u32 v0, v32, s[S_TMP0]
    v_lshlrev_b32 v196, s[S_CSH], v33
    v_add_nc_u32 v0, v0, v196
    .irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    s_mul_i32 s[S_TMP1], s[S_TMP0], 16 * (\n / 8) + 2 * (\n % 8)
    v_add_nc_u32 v\n, s[S_TMP1], v0
    .endr
    s_cmp_eq_u32 s25, 0
    s_cbranch_scc1 .Lout_ready
    .set .Lr, ACC
    .rept 128
    v_cvt_f16_f32 v[.Lr], v[.Lr]
    .set .Lr, .Lr + 1
    .endr
.Lout_ready:
    s_cmp_eq_u32 s27, 0
    s_cbranch_scc0 .Lfast_stores
    // Edge: masks for rows (i, v) in s[66 + 8i + v], columns j in s[98 + j],
    // all before the first exec write.
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    v_add_nc_u32 v196, 16 * (\n / 8) + 2 * (\n % 8), v32
    v_cmp_gt_u32 s[66 + \n], s32, v196
    .endr
    .irp j, 0, 1, 2, 3
    v_add_nc_u32 v196, 16 * \j, v33
    v_cmp_gt_u32 s[98 + \j], s33, v196
    .endr
    s_cmp_eq_u32 s25, 0
    s_cbranch_scc0 .Ledge_f16
    store_c 32, 1
    s_endpgm
.Ledge_f16:
    store_c 16, 1
    s_endpgm
.Lfast_stores:
    s_cmp_eq_u32 s25, 0
    s_cbranch_scc0 .Lfast_f16
    store_c 32, 0
    s_endpgm
.Lfast_f16:
    store_c 16, 0
    s_endpgm
.size matmul_f16, .-matmul_f16

.rodata
.p2align 6
.amdhsa_kernel matmul_f16
    .amdhsa_user_sgpr_kernarg_segment_ptr 1
    .amdhsa_user_sgpr_count 14
    .amdhsa_system_sgpr_workgroup_id_x 1
    .amdhsa_system_sgpr_workgroup_id_y 1
    .amdhsa_next_free_vgpr 219
    .amdhsa_next_free_sgpr 102
    .amdhsa_kernarg_size 40
    .amdhsa_group_segment_fixed_size LDS_BYTES
    .amdhsa_private_segment_fixed_size 0
    .amdhsa_float_denorm_mode_32 3
    .amdhsa_float_denorm_mode_16_64 3
.end_amdhsa_kernel

.amdgpu_metadata
---
amdhsa.version: [ 1, 2 ]
amdhsa.target: amdgcn-amd-amdhsa--gfx1100
amdhsa.kernels:
  - .name: matmul_f16
    .symbol: matmul_f16.kd
    .kernarg_segment_size: 40
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 24576
    .private_segment_fixed_size: 0
    .wavefront_size: 32
    .sgpr_count: 104
    .vgpr_count: 219
    .max_flat_workgroup_size: 128
    .args:
      - { .name: A, .offset: 0, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: B, .offset: 8, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: C, .offset: 16, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: size_m, .offset: 24, .size: 4, .value_kind: by_value }
      - { .name: size_n, .offset: 28, .size: 4, .value_kind: by_value }
      - { .name: size_k, .offset: 32, .size: 4, .value_kind: by_value }
      - { .name: out_f16, .offset: 36, .size: 4, .value_kind: by_value }
...
.end_amdgpu_metadata
