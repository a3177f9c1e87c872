// kernels/matmul_f32.s — `matmul_f32`: C[M,N] = A[M,K]·B[K,N], fp32,
// row-major, every M, N, K >= 1.
//
// Technique: the hand-written SGEMM for the RX 7900 XTX of Seb V. ("Optimizing
// Matrix Multiplication on RDNA3", kernels 5-8; ../shared/reference/
// anchors-performance.md §2), written anew for this project.
//
// Tile scheme.
//   Workgroup: 128 work-items (4 waves), a 128x128 block of C, K in steps of
//   BK = 8.  Grid: (ceil(N/128), ceil(M/128)); workgroup id X picks the
//   columns, Y the rows.
//   Wave w: a 64x64 quarter, rows 64*(w&1), columns 64*(w>>1).
//   Lane l (lm = l&3, ln = l>>2): 16 rows x 8 columns of C in registers,
//     rows  64*(w&1) + 8q + 2lm + h   (q = 0..7, h = 0..1; i = 2q+h)
//     cols  64*(w>>1) + 16p + 2ln + h (p = 0..3, h = 0..1; j = 2p+h)
//   so each ds_load_b64 of a fragment reads 4 (A) or 8 (B) distinct
//   8-byte words that lie side by side: no LDS bank conflict, the other
//   lanes get broadcasts.  128 FMAs per k per lane against 24 LDS dwords
//   (0.75 LDS bytes per FMA).
//
// LDS (16,640 bytes): two buffers of 8,320 bytes, each
//   As[k][m], k = 0..7, m = 0..127, row pitch LDA = 132 dwords: A stored
//     transposed.  Work-item t loads A[row t>>1][k 4(t&1)..+3] (two lanes
//     cover one 32-byte row segment) and stores it as 4 dwords down a
//     column.  Lanes t and t+1 write rows k and k+4 of one column: with a
//     pitch of 128 dwords they are 512 dwords apart, the same bank (2-way
//     conflict on every store); the 4-dword pad puts them 528 = 16 (mod 32)
//     banks apart, so a wave's 32 stores hit 32 different banks.
//   Bs[k][n], pitch 128 dwords at byte 4,224: B as it is in memory; its
//     stores are whole 512-byte rows (conflict-free without a pad).
//   Tile t+1 is written into one buffer while tile t is read from the other:
//   one barrier per tile.
//
// Registers (208 VGPRs, 58 SGPRs; no scratch).
//   v[64:191]  C accumulators: c[i][j] = v[64 + 8i + j]
//   v[0:31]    fragment set F0, v[32:63] set F1 (k even / odd): in a set at
//              base F, A pair q (rows 2q, 2q+1) is v[F+4q+2 : F+4q+3] (VGPR
//              banks 2 and 3), B pair p is v[F+4p : F+4p+1] (banks 0 and 1).
//   VOPD pairs c[i][j] += a[i]*b[j] (X, i even) with c[i+1][j^1] +=
//   a[i+1]*b[j^1] (Y): src0 banks 2/3, vsrc1 banks j&1 / (j^1)&1 differ,
//   destinations differ in parity (8 +- 1 apart) — the VOPD bank and parity
//   rules, checked by llvm-mc — and the four sources sit in four different
//   banks (Seb V.'s A-on-2/3, B-on-0/1 arrangement).
//   Spare slots of the sets hold per-lane constants:
//     v16 A fragment LDS address   v17 B fragment LDS address
//     v20 A LDS store address      v21 B LDS store address
//     v24/v25 A global offsets (rows t>>1, +64)  v28/v29 B global offsets
//     v48 4*(t&1) (A k offset)     v49 t>>5 (B k row)   v52 work-item id
//   v[192:199] A tile t+1 in flight (2 x 4 dwords), v[200:207] B tile t+1.
//   s[16:17] A + 128*blk_y*K*4 + 32*tile, s[18:19] B + 128*blk_x*4 +
//   32*N*tile, s[20:21] C block base: base addresses live in SGPRs, the
//   per-lane offsets are 32-bit (kern_plan refuses shapes whose per-block
//   offsets do not fit).
//
// Loop structure (T = ceil(K/8) tiles; unrolled x2, one copy per LDS buffer):
//   prologue: load tile 0, store it to buffer 0, barrier, F0 <- k=0
//   tile t (reading buffer t%2):
//     if t+1 < T: issue tile t+1's global loads (4 x b128, or the edge path)
//     k = 0..6: F(k+1) <- LDS, wait for F(k), 64 v_dual_fmac_f32 on F(k)
//     if t+1 < T: wait vmcnt, store tile t+1 into the other buffer, barrier,
//                 F0 <- its k=0
//     64 v_dual_fmac_f32 on F1 (k = 7)
//   epilogue: 64 global_store_b64 (or the edge path)
//
// Edge path.  A block is "fast" when all 128x128 outputs exist and N and K
// are multiples of 4 (16-byte aligned rows).  A tile is loaded with b128s
// when its block is fast and its 8 k's all exist; otherwise every element is
// loaded with its own global_load_b32 under an exec mask (row < M, k < K,
// column < N) into registers zeroed beforehand, so missing elements add
// nothing.  Stores of a non-fast block are b32 under row/column masks.
.amdgcn_target "amdgcn-amd-amdhsa--gfx1100"
.include "kernels/matmul.inc"

.set S_T, 25                // tiles
.set S_KREM, 40             // k's left in an edge tile
.set S_NEXT, 41             // tile index + 1
.set S_TMP0, 42
.set S_TMP1, 43
.set ACC, 64                // c[i][j] = v[ACC + 8i + j]
.set F0, 0
.set F1, 32
.set GA, 192                // A tile in flight: v[GA+4h+e], row half h, k e
.set GB, 200                // B tile in flight: v[GB+4h+e], k row h, column e
.set LDA, 132               // As pitch (dwords)
.set BOFF, 8 * LDA * 4      // Bs inside a buffer (bytes): 4224
.set BUF, BOFF + 8 * 128 * 4    // one buffer (bytes): 8320
.set LDS_BYTES, 2 * BUF

// Fragment loads for k = \kk from buffer \rb into set \F.
.macro frag_loads rb, kk, F
    .irp q, 0, 1, 2, 3, 4, 5, 6, 7
    ds_load_b64 v[\F + 4 * \q + 2 : \F + 4 * \q + 3], v16 offset:(\rb * BUF + \kk * LDA * 4 + \q * 32)
    .endr
    .irp p, 0, 1, 2, 3
    ds_load_b64 v[\F + 4 * \p : \F + 4 * \p + 1], v17 offset:(\rb * BUF + BOFF + \kk * 512 + \p * 64)
    .endr
.endm

// The 128 FMAs of one k on set \F: 64 dual-issue pairs.
.macro fma_block F
    .irp q, 0, 1, 2, 3, 4, 5, 6, 7
    .irp j, 0, 1, 2, 3, 4, 5, 6, 7
    v_dual_fmac_f32 v[ACC + 16 * \q + \j], v[\F + 4 * \q + 2], v[\F + 4 * (\j >> 1) + (\j & 1)] :: v_dual_fmac_f32 v[ACC + 16 * \q + 8 + (\j ^ 1)], v[\F + 4 * \q + 3], v[\F + 4 * ((\j ^ 1) >> 1) + ((\j ^ 1) & 1)]
    .endr
    .endr
.endm

// The edge path's loads: one element per global_load_b32 under its exec mask.
.macro edge_loads
    // k masks first (VALU under the full exec), then the masked loads.
    .irp e, 0, 1, 2, 3
    s_sub_i32 s[S_TMP1], s[S_KREM], \e
    v_cmp_gt_i32 s[44 + \e], s[S_TMP1], v48      // A: 4(t&1) + e < k's left
    .endr
    .irp h, 0, 1
    s_sub_i32 s[S_TMP1], s[S_KREM], 4 * \h
    v_cmp_gt_i32 s[48 + \h], s[S_TMP1], v49      // B: k row (t>>5) + 4h < k's left
    .endr
    .irp e, 0, 1, 2, 3
    s_and_b32 exec_lo, s[44 + \e], s34     // and row t>>1 exists
    global_load_b32 v[GA + \e], v24, s[16:17] offset:(\e * 4)
    s_and_b32 exec_lo, s[44 + \e], s35     // and row (t>>1) + 64 exists
    global_load_b32 v[GA + 4 + \e], v25, s[16:17] offset:(\e * 4)
    .endr
    .irp h, 0, 1
    .irp e, 0, 1, 2, 3
    s_and_b32 exec_lo, s[48 + \h], s[36 + \e]     // and column 4(t&31) + e exists
    global_load_b32 v[GB + 4 * \h + \e], v[28 + \h], s[18:19] offset:(\e * 4)
    .endr
    .endr
.endm

// Issue the global loads of tile s[S_NEXT] and advance the A and B bases.
.macro global_loads
    mm_global_loads 3, v24, v25, v28, v29, edge_loads
.endm

// Store the tile in GA/GB into buffer \wb.
.macro store_tile wb
    .irp e, 0, 1, 2, 3
    ds_store_b32 v20, v[GA + \e] offset:(\wb * BUF + \e * LDA * 4)
    ds_store_b32 v20, v[GA + 4 + \e] offset:(\wb * BUF + \e * LDA * 4 + 64 * 4)
    .endr
    ds_store_b128 v21, v[GB : GB + 3] offset:(\wb * BUF + BOFF)
    ds_store_b128 v21, v[GB + 4 : GB + 7] offset:(\wb * BUF + BOFF + 4 * 128 * 4)
.endm

// After the first tile is in LDS: F0 <- its k = 0.
.macro first_frags
    frag_loads 0, 0, F0
.endm

// One tile: s26 = its index, read from buffer \rb; leaves s[S_NEXT] = s26 + 1.
.macro tile rb
    s_add_u32 s[S_NEXT], s26, 1
    s_cmp_ge_u32 s[S_NEXT], s[S_T]
    s_cbranch_scc1 .Lno_loads\@
    global_loads
.Lno_loads\@:
    frag_loads \rb, 1, F1
    s_waitcnt lgkmcnt(12)
    fma_block F0
    frag_loads \rb, 2, F0
    s_waitcnt lgkmcnt(12)
    fma_block F1
    frag_loads \rb, 3, F1
    s_waitcnt lgkmcnt(12)
    fma_block F0
    frag_loads \rb, 4, F0
    s_waitcnt lgkmcnt(12)
    fma_block F1
    frag_loads \rb, 5, F1
    s_waitcnt lgkmcnt(12)
    fma_block F0
    frag_loads \rb, 6, F0
    s_waitcnt lgkmcnt(12)
    fma_block F1
    frag_loads \rb, 7, F1
    s_waitcnt lgkmcnt(12)
    fma_block F0
    s_cmp_ge_u32 s[S_NEXT], s[S_T]
    s_cbranch_scc1 .Llast\@
    s_waitcnt vmcnt(0)
    store_tile (1 - \rb)
    s_waitcnt lgkmcnt(0)
    s_barrier
    frag_loads (1 - \rb), 0, F0
    s_branch .Lk7\@
.Llast\@:
    s_waitcnt lgkmcnt(0)
.Lk7\@:
    fma_block F1
.endm

.text
.globl matmul_f32
.p2align 8
.type matmul_f32,@function
matmul_f32:
    s_load_b256 s[16:23], s[0:1], 0x0       // A, B, C, M, N
    s_load_b32 s24, s[0:1], 0x20            // K
    v_mov_b32 v52, v0                       // work-item id t
    v_and_b32 v192, 3, v0                   // lm
    v_bfe_u32 v193, v0, 2, 3                // ln
    v_lshrrev_b32 v194, 5, v0               // wave w (= B k row t>>5)
    v_and_b32 v195, 1, v194                 // w & 1
    v_lshrrev_b32 v196, 1, v194             // w >> 1
    v_lshlrev_b32 v197, 8, v195
    v_lshl_add_u32 v16, v192, 3, v197       // (64(w&1) + 2lm) * 4
    v_lshlrev_b32 v197, 8, v196
    v_lshl_add_u32 v17, v193, 3, v197       // (64(w>>1) + 2ln) * 4
    v_lshrrev_b32 v53, 1, v0                // A row t>>1
    v_and_b32 v198, 1, v0                   // t & 1
    v_lshlrev_b32 v48, 2, v198              // 4(t&1)
    v_mul_u32_u24 v199, 4 * LDA * 4, v198
    v_lshl_add_u32 v20, v53, 2, v199        // As[4(t&1)][t>>1]
    v_and_b32 v200, 31, v0
    v_lshlrev_b32 v200, 4, v200             // 16(t&31): B column 4(t&31), bytes
    v_lshl_add_u32 v21, v194, 9, v200       // Bs[t>>5][4(t&31)]
    v_mov_b32 v49, v194
    s_waitcnt lgkmcnt(0)
    mm_setup 2, 2, 3, 3                     // fp32; C fp32; N, K multiples of 4; 8 k's a tile
    // Per-lane global offsets.
    v_mul_lo_u32 v24, v53, s29
    v_lshl_add_u32 v24, v198, 4, v24        // (t>>1)*K*4 + 16(t&1)
    s_lshl_b32 s[S_TMP1], s29, 6
    v_add_nc_u32 v25, s[S_TMP1], v24        // 64 rows further
    v_mul_lo_u32 v28, v194, s28
    v_add_nc_u32 v28, v28, v200             // (t>>5)*N*4 + 16(t&31)
    s_lshl_b32 s[S_TMP1], s28, 2
    v_add_nc_u32 v29, s[S_TMP1], v28        // 4 rows further
    // Edge masks: A rows, B columns.
    v_cmp_gt_u32 s34, s32, v53
    v_add_nc_u32 v201, 64, v53
    v_cmp_gt_u32 s35, s32, v201
    v_lshrrev_b32 v202, 2, v200             // 4(t&31)
    .irp e, 0, 1, 2, 3
    v_add_nc_u32 v203, \e, v202
    v_cmp_gt_u32 s[36 + \e], s33, v203
    .endr
    mm_tiles global_loads, store_tile, first_frags
    // Row i = 2q+h of this lane is local row (v16/4) + 8q + h; its C offset
    // is that times N*4 plus the lane's first column (v17).
    v_lshrrev_b32 v53, 2, v16               // local row of i = 0
    v_mul_lo_u32 v192, v53, s28
    v_add_nc_u32 v192, v192, v17            // offset of row i = 0
    s_cmp_eq_u32 s27, 0
    s_cbranch_scc1 .Ledge_stores
    v_add_nc_u32 v193, s28, v192            // row i = 1
    .irp q, 0, 1, 2, 3, 4, 5, 6, 7
    .irp h, 0, 1
    .irp p, 0, 1, 2, 3
    global_store_b64 v[192 + \h], v[ACC + 16 * \q + 8 * \h + 2 * \p : ACC + 16 * \q + 8 * \h + 2 * \p + 1], s[20:21] offset:(\p * 64)
    .endr
    v_add_nc_u32 v[192 + \h], s30, v[192 + \h]   // 8 rows further
    .endr
    .endr
    s_endpgm
.Ledge_stores:
    // All offsets and masks first, then the masked stores (no VALU between
    // exec writes).  Row i: offset v[192+i], mask s[34+i]; column j: mask
    // s[50+j].  The fragment registers are free now: v0..v2 are temporaries.
    v_lshrrev_b32 v0, 2, v16                // local row of i = 0
    v_lshrrev_b32 v1, 2, v17                // local column of j = 0
    .irp q, 0, 1, 2, 3, 4, 5, 6, 7
    .irp h, 0, 1
    v_add_nc_u32 v2, 8 * \q + \h, v0
    v_cmp_gt_u32 s[34 + 2 * \q + \h], s32, v2
    v_mul_lo_u32 v[192 + 2 * \q + \h], v2, s28
    v_add_nc_u32 v[192 + 2 * \q + \h], v[192 + 2 * \q + \h], v17
    .endr
    .endr
    .irp p, 0, 1, 2, 3
    .irp h, 0, 1
    v_add_nc_u32 v2, 16 * \p + \h, v1
    v_cmp_gt_u32 s[50 + 2 * \p + \h], s33, v2
    .endr
    .endr
    .irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    .irp j, 0, 1, 2, 3, 4, 5, 6, 7
    s_and_b32 exec_lo, s[34 + \i], s[50 + \j]
    global_store_b32 v[192 + \i], v[ACC + 8 * \i + \j], s[20:21] offset:(((\j >> 1) * 16 + (\j & 1)) * 4)
    .endr
    .endr
    s_endpgm
.size matmul_f32, .-matmul_f32

.rodata
.p2align 6
.amdhsa_kernel matmul_f32
    .amdhsa_user_sgpr_kernarg_segment_ptr 1
    .amdhsa_user_sgpr_count 14
    .amdhsa_system_sgpr_workgroup_id_x 1
    .amdhsa_system_sgpr_workgroup_id_y 1
    .amdhsa_next_free_vgpr 208
    .amdhsa_next_free_sgpr 58
    .amdhsa_kernarg_size 40
    .amdhsa_group_segment_fixed_size LDS_BYTES
    .amdhsa_private_segment_fixed_size 0
    .amdhsa_float_denorm_mode_32 3
    .amdhsa_float_denorm_mode_16_64 3
    .amdhsa_workgroup_processor_mode 0      // CU mode, as Seb V.'s kernel 5 (-mcumode)
.end_amdhsa_kernel

.amdgpu_metadata
---
amdhsa.version: [ 1, 2 ]
amdhsa.target: amdgcn-amd-amdhsa--gfx1100
amdhsa.kernels:
  - .name: matmul_f32
    .symbol: matmul_f32.kd
    .kernarg_segment_size: 40
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 16640
    .private_segment_fixed_size: 0
    .wavefront_size: 32
    .sgpr_count: 60
    .vgpr_count: 208
    .max_flat_workgroup_size: 128
    .args:
      - { .name: A, .offset: 0, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: B, .offset: 8, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: C, .offset: 16, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: size_m, .offset: 24, .size: 4, .value_kind: by_value }
      - { .name: size_n, .offset: 28, .size: 4, .value_kind: by_value }
      - { .name: size_k, .offset: 32, .size: 4, .value_kind: by_value }
...
.end_amdgpu_metadata
