// kernels/attention_f16.s — `attention_f16`: flash-attention forward.
//   Q[B,H,Sq,D], K and V [B,H,Skv,D], fp16; D = 64 (attention_f16_d64) or
//   128 (attention_f16_d128); O[B,H,Sq,D] fp16 and LSE[B,H,Sq] fp32:
//   O = softmax(scale·Q·Kᵀ)·V, LSE = ln Σ exp(scale·q·k), with the causal
//   option (query i sees keys j <= i + Skv - Sq).  Every Sq, Skv >= 1.
//
// Technique: FlashAttention-2's online softmax (running max and sum in fp32,
// one rescale of the output per key block) in base 2: scores are multiplied
// by c = scale·log2(e) (kernel argument scale_log2e) and exponentiated with
// v_exp_f32; LSE = (m + log2 l)·ln 2 at the end.  Both matrix products run on
// v_wmma_f32_16x16x16_f16.
//
// The transposed formulation.  Each wave computes Sᵀ = K·Qᵀ and Oᵀ = Vᵀ·Pᵀ
// instead of S and O: in a WMMA result lane l holds column l%16 (rows
// 2v + l/16 in VGPR v), so with queries as columns every lane owns one query
// (lanes l and l+16 the same one, for the even and the odd keys).  The
// running max, the running sum and the rescale factor are then plain
// per-lane values — no cross-lane traffic for the rescale of Oᵀ — and the
// only exchange is one v_permlanex16 (lane l <-> l^16) per reduction and per
// packed P register.
//   Sᵀ tile (16 keys x 16 queries): A = K rows (lane l: key l%16, 16 d),
//     B = Q rows (lane l: query l%16, 16 d; kept in VGPRs for the whole run).
//   Pᵀ as a WMMA B operand (lane l: query l%16, 16 keys, two per VGPR,
//     lanes 16..31 equal to 0..15): lanes < 16 hold the even keys of a 32-key
//     block, lanes >= 16 the odd ones; each lane packs its own 16 values into
//     8 fp16 pairs, swaps them with its partner (v_permlanex16_b32) and picks
//     (v_dual_cndmask_b32, VCC = lanes < 16) "even keys" as K-chunk 0 and
//     "odd keys" as K-chunk 1.
//   Vᵀ as the A operand (lane l: d l%16, 16 keys): V transposed in LDS with
//     the even keys of the block first and the odd ones after, the same
//     K-chunk order as Pᵀ.
//
// Tile scheme.
//   Workgroup: 128 work-items (4 waves), 64 queries; wave w: queries
//   16w..16w+15 of the block.  Grid: (ceil(Sq/64), B·H).
//   Key blocks of 32 (two 16-key WMMA tiles).  Per block and wave: 2·D/16
//   WMMAs for Sᵀ, 2·D/16 for Oᵀ.  Causal: blocks past the last key any query
//   of the workgroup sees are skipped; masks (causal and Skv tail) are
//   applied only in blocks that need them.
//
// LDS: two buffers, each
//   Ks[key][d]: 32 rows of 2D bytes in a (2D + 16)-byte pitch (4 dwords
//     mod 32): an operand read (16 rows x 16 bytes) takes the minimum 2
//     cycles.  Stored with b128 from row-contiguous global loads.
//   Vt[d][key']: D rows of 64 bytes (key' = even keys then odd keys) in an
//     80-byte pitch (20 dwords: 8 consecutive rows hit 8 distinct 4-bank
//     groups).  Work-item t loads V[key t%32][8 d] and stores 8 halves down
//     the column with ds_store_b16(_d16_hi): the 32 keys of a wave land in 16
//     consecutive dwords, no conflict (the global loads are 16 bytes from
//     each of 32 rows, the price of a conflict-free transpose).
//   D = 64: 9,728 bytes a buffer; D = 128: 18,944 bytes.
//
// Registers (D = 128: 236 VGPRs; D = 64: 156; 49 SGPRs; no scratch).
//   QR   Q operands, d-chunk c in v[QR+8c : +7]
//   OR   Oᵀ accumulators, d-chunk c in v[OR+8c : +7] (lane l: query l%16,
//        d 16c + 2v + l/16 in VGPR v)
//   SR   Sᵀ of the block (key tile kt in SR+8kt), then Pᵀ K-chunks 0 and 1
//   PW   reduction temporaries, then packed own P (PW..+7) and partner's (+8..)
//   RING three 8-VGPR operand slots streaming K and Vᵀ operands from LDS
//   GK/GV the next block's K and V rows in flight (D/32 x b128 each)
//   MISC m (running max of c·s), l (this lane's running sum), alpha (twice:
//        VGPR banks 2 and 3, so the Oᵀ rescale pairs into v_dual_mul_f32),
//        m_use, key limit, LDS and global addresses
//   s[16:17] Q, s[18:19] K, s[20:21] V, s[22:23] O, s[24:25] LSE: bases of
//   this (b, h) and query block (K and V advanced per key block).
//
// Loop structure (nb key blocks, unrolled x2, one copy per LDS buffer):
//   prologue: Q operands, state (m = -inf, l = 0, Oᵀ = 0); block 0 to
//             buffer 0, barrier; first two K operands issued
//   block j:  if j+1 < nb: issue block j+1's global loads
//             Sᵀ: 2·D/16 WMMAs, K operands streamed through the ring
//             issue the first two Vᵀ operands
//             [mask] max (VOPD tree, permlanex16), m, alpha, p = exp2(c·s - m),
//             l = alpha·l + Σp, Oᵀ *= alpha, pack Pᵀ
//             Oᵀ: 2·D/16 WMMAs, Vᵀ operands through the ring
//             if j+1 < nb: store block j+1 into the other buffer, barrier,
//             issue its first two K operands
//   epilogue: l += partner's l; Oᵀ /= l (0 for a row that saw no key);
//             LSE = (m + log2 l)·ln 2 (-inf then); fp16 O and fp32 LSE stores
//
// Hazards (gfx11, Mesa ACO's list): a v_exp/v_rcp/v_log result is read only
// after s_waitcnt_depctr va_vdst(0) (VALUTransUseHazard); no VALU runs between
// the exec writes of the masked loads and stores, and exec is restored
// before the next VALU with a va_vdst wait (VALUPartialForwardingHazard);
// the SALU write of VCC after v_cndmask has read it as a mask is followed by
// an sa_sdst wait (VALUMaskWriteHazard, as LLVM's hazard recognizer does).
.amdgcn_target "amdgcn-amd-amdhsa--gfx1100"

.set NEG_INF, 0xff800000
.set LN2, 0x3f317218            // fp32 ln 2

// ------------------------------------------------------------ per-D layout
.macro attn_layout D
    .set DC, \D / 16                // d chunks of 16
    .set PK, 2 * \D + 16            // Ks pitch (bytes)
    .set PV, 80                     // Vt pitch (bytes): 32 keys + 16
    .set VOFF, 32 * PK              // Vt inside a buffer
    .set BUF, VOFF + \D * PV
    .set NLD, \D / 32               // b128 global loads per work-item for K (and V)
    .set KROWS, 128 / (\D / 8)      // K rows one round of loads covers
    .set LOGD8, 3 + \D / 128        // log2(D/8)
    .set QR, 0
    .set OR, 8 * DC
    .set SR, 16 * DC
    .set PW, SR + 16
    .set RING, PW + 16
    .set GK, RING + 24
    .set GV, GK + 4 * NLD
    .set MISC, GV + 4 * NLD
    .set V_M, MISC                  // running max of c·s (-inf: none yet)
    .set V_L, MISC + 1              // this lane's running sum
    .set V_AL, MISC + 2             // alpha, and a copy in V_AL+1 (banks 2, 3)
    .set V_MU, MISC + 4             // m_use: m, or 0 while m = -inf
    .set V_LIMH, MISC + 5           // keys < limit are visible; minus l/16
    .set V_KOP, MISC + 6            // K operand LDS address
    .set V_VOP, MISC + 7            // Vt operand LDS address
    .set V_KST, MISC + 8            // K LDS store address
    .set V_VST, MISC + 9            // Vt LDS store address
    .set V_KG, MISC + 10            // K global offsets (two: +4096)
    .set V_VG, MISC + 12            // V global offset
    .set V_T0, MISC + 13
    .set V_T1, MISC + 14
    .set V_T2, MISC + 15
    .set V_KKEY, MISC + 16          // key of this lane's first K load (in block)
    .set V_VKEY, MISC + 17          // key of this lane's V loads (in block)
    .set V_OST, MISC + 18           // O store offset: (16w + lq)·2D + 2hf
    .set V_LST, MISC + 19           // LSE store offset: 4(16w + lq)
    .set NVGPR, MISC + 20
.endm

// Operand \n of phase \kind (0: K for Sᵀ, 1: Vᵀ for Oᵀ) from buffer \rb
// into ring slot \n % 3.
.macro op_load kind, rb, n
    .if \kind == 0
    ds_load_b128 v[RING + 8 * ((\n) % 3) : RING + 8 * ((\n) % 3) + 3], v[V_KOP] offset:(\rb * BUF + ((\n) % 2) * 16 * PK + ((\n) / 2) * 32)
    ds_load_b128 v[RING + 8 * ((\n) % 3) + 4 : RING + 8 * ((\n) % 3) + 7], v[V_KOP] offset:(\rb * BUF + ((\n) % 2) * 16 * PK + ((\n) / 2) * 32 + 16)
    .else
    ds_load_b128 v[RING + 8 * ((\n) % 3) : RING + 8 * ((\n) % 3) + 3], v[V_VOP] offset:(\rb * BUF + VOFF + ((\n) % DC) * 16 * PV + ((\n) / DC) * 32)
    ds_load_b128 v[RING + 8 * ((\n) % 3) + 4 : RING + 8 * ((\n) % 3) + 7], v[V_VOP] offset:(\rb * BUF + VOFF + ((\n) % DC) * 16 * PV + ((\n) / DC) * 32 + 16)
    .endif
.endm

// WMMA \n of phase \kind.  Sᵀ: n = 2c + kt (alternating the two key tiles);
// Oᵀ: n = DC·h + c (alternating the d chunks).
.macro op_wmma kind, n
    .if \kind == 0
    .if ((\n) / 2) == 0
    v_wmma_f32_16x16x16_f16 v[SR + 8 * ((\n) % 2) : SR + 8 * ((\n) % 2) + 7], v[RING + 8 * ((\n) % 3) : RING + 8 * ((\n) % 3) + 7], v[QR + 8 * ((\n) / 2) : QR + 8 * ((\n) / 2) + 7], 0
    .else
    v_wmma_f32_16x16x16_f16 v[SR + 8 * ((\n) % 2) : SR + 8 * ((\n) % 2) + 7], v[RING + 8 * ((\n) % 3) : RING + 8 * ((\n) % 3) + 7], v[QR + 8 * ((\n) / 2) : QR + 8 * ((\n) / 2) + 7], v[SR + 8 * ((\n) % 2) : SR + 8 * ((\n) % 2) + 7]
    .endif
    .else
    v_wmma_f32_16x16x16_f16 v[OR + 8 * ((\n) % DC) : OR + 8 * ((\n) % DC) + 7], v[RING + 8 * ((\n) % 3) : RING + 8 * ((\n) % 3) + 7], v[SR + 8 * ((\n) / DC) : SR + 8 * ((\n) / DC) + 7], v[OR + 8 * ((\n) % DC) : OR + 8 * ((\n) % DC) + 7]
    .endif
.endm

// All 2·DC WMMAs of a phase; operands 0 and 1 were issued before.
.macro ring_phase kind, rb
    .set .Lop, 0
    .rept 2 * DC
    .if .Lop + 2 < 2 * DC
    op_load \kind, \rb, (.Lop + 2)
    s_waitcnt lgkmcnt(4)
    .elseif .Lop + 1 < 2 * DC
    s_waitcnt lgkmcnt(2)
    .else
    s_waitcnt lgkmcnt(0)
    .endif
    op_wmma \kind, .Lop
    .set .Lop, .Lop + 1
    .endr
.endm

// Max (or sum) of the 16 values v[SR..SR+15] into V_T0, through PW.
.macro reduce16 op
    .irp p, 0, 2, 4, 6
    v_dual_\op\()_f32 v[PW + \p], v[SR + 2 * \p], v[SR + 2 * \p + 1] :: v_dual_\op\()_f32 v[PW + \p + 1], v[SR + 2 * \p + 2], v[SR + 2 * \p + 3]
    .endr
    v_dual_\op\()_f32 v[PW + 8], v[PW + 0], v[PW + 1] :: v_dual_\op\()_f32 v[PW + 9], v[PW + 2], v[PW + 3]
    v_dual_\op\()_f32 v[PW + 10], v[PW + 4], v[PW + 5] :: v_dual_\op\()_f32 v[PW + 11], v[PW + 6], v[PW + 7]
    v_dual_\op\()_f32 v[PW + 12], v[PW + 8], v[PW + 9] :: v_dual_\op\()_f32 v[PW + 13], v[PW + 10], v[PW + 11]
    v_\op\()_f32 v[V_T0], v[PW + 12], v[PW + 13]
.endm

// Issue the global loads of key block s33 (K into GK, V into GV) and
// advance the K and V bases by one block.
.macro kv_global_loads
    s_lshl_b32 s35, s33, 5
    s_sub_u32 s36, s27, s35                 // keys left from this block on
    s_cmp_lt_u32 s36, 32
    s_cbranch_scc1 .Ltail_loads\@
    .set .Li, 0
    .rept NLD
    global_load_b128 v[GK + 4 * .Li : GK + 4 * .Li + 3], v[V_KG + .Li / 2], s[18:19] offset:((.Li % 2) * KROWS * (PK - 16))
    global_load_b128 v[GV + 4 * .Li : GV + 4 * .Li + 3], v[V_VG], s[20:21] offset:(.Li * 64)
    .set .Li, .Li + 1
    .endr
    s_branch .Lloads_issued\@
.Ltail_loads\@:
    // Keys past Skv are zero, so they add nothing (their scores are masked).
    .set .Li, 0
    .rept 2 * NLD
    v_dual_mov_b32 v[GK + 4 * .Li], 0 :: v_dual_mov_b32 v[GK + 4 * .Li + 1], 0
    v_dual_mov_b32 v[GK + 4 * .Li + 2], 0 :: v_dual_mov_b32 v[GK + 4 * .Li + 3], 0
    .set .Li, .Li + 1
    .endr
    .set .Li, 0
    .rept NLD
    s_sub_i32 s37, s36, .Li * KROWS
    v_cmp_gt_i32 s[42 + .Li], s37, v[V_KKEY]
    .set .Li, .Li + 1
    .endr
    v_cmp_gt_i32 s46, s36, v[V_VKEY]
    .set .Li, 0
    .rept NLD
    s_mov_b32 exec_lo, s[42 + .Li]
    global_load_b128 v[GK + 4 * .Li : GK + 4 * .Li + 3], v[V_KG + .Li / 2], s[18:19] offset:((.Li % 2) * KROWS * (PK - 16))
    s_mov_b32 exec_lo, s46
    global_load_b128 v[GV + 4 * .Li : GV + 4 * .Li + 3], v[V_VG], s[20:21] offset:(.Li * 64)
    .set .Li, .Li + 1
    .endr
    s_mov_b32 exec_lo, -1
    s_waitcnt_depctr depctr_va_vdst(0)
.Lloads_issued\@:
    s_add_u32 s18, s18, 32 * (PK - 16)      // next 32 keys: 32·2D bytes
    s_addc_u32 s19, s19, 0
    s_add_u32 s20, s20, 32 * (PK - 16)
    s_addc_u32 s21, s21, 0
.endm

// Store the block in GK/GV into buffer \wb: K rows as they are, V transposed.
.macro kv_store wb
    .set .Li, 0
    .rept NLD
    ds_store_b128 v[V_KST], v[GK + 4 * .Li : GK + 4 * .Li + 3] offset:(\wb * BUF + .Li * KROWS * PK)
    .irp e, 0, 1, 2, 3, 4, 5, 6, 7
    .if \e & 1
    ds_store_b16_d16_hi v[V_VST], v[GV + 4 * .Li + \e / 2] offset:(\wb * BUF + VOFF + (32 * .Li + \e) * PV)
    .else
    ds_store_b16 v[V_VST], v[GV + 4 * .Li + \e / 2] offset:(\wb * BUF + VOFF + (32 * .Li + \e) * PV)
    .endif
    .endr
    .set .Li, .Li + 1
    .endr
.endm

// Oᵀ *= the lane's factor in V_AL (and its copy V_AL+1): dual-issue pairs,
// X on the even accumulators with V_AL (bank 2), Y on the odd ones with
// V_AL+1 (bank 3).
.macro scale_o
    .set .Lc, 0
    .rept 4 * DC
    v_dual_mul_f32 v[OR + 2 * .Lc], v[V_AL], v[OR + 2 * .Lc] :: v_dual_mul_f32 v[OR + 2 * .Lc + 1], v[V_AL + 1], v[OR + 2 * .Lc + 1]
    .set .Lc, .Lc + 1
    .endr
.endm

// The online-softmax update of one block: Sᵀ in SR -> Pᵀ K-chunks in SR.
.macro softmax_block D
    // Block max of this lane's 16 scores, then of the partner's.
    reduce16 max
    v_permlanex16_b32 v[V_T1], v[V_T0], s40, s41
    v_max_f32 v[V_T0], v[V_T0], v[V_T1]
    v_mul_f32 v[V_T0], s28, v[V_T0]         // in the exp2 domain
    v_max_f32 v[V_T0], v[V_M], v[V_T0]      // m_new
    v_cmp_eq_f32 vcc_lo, NEG_INF, v[V_T0]
    v_cndmask_b32 v[V_T2], v[V_T0], 0, vcc_lo   // m_use: 0 while nothing is visible
    v_sub_f32 v[V_T1], v[V_M], v[V_T2]      // alpha = exp2(m_old - m_use)
    v_mov_b32 v[V_M], v[V_T0]
    v_mov_b32 v[V_MU], v[V_T2]
    .irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    v_fma_f32 v[SR + \r], v[SR + \r], s28, -v[V_MU]
    .endr
    .irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    v_exp_f32 v[SR + \r], v[SR + \r]
    .endr
    v_exp_f32 v[V_AL], v[V_T1]
    s_waitcnt_depctr depctr_va_vdst(0)
    v_mov_b32 v[V_AL + 1], v[V_AL]
    reduce16 add
    v_fma_f32 v[V_L], v[V_L], v[V_AL], v[V_T0]
    scale_o
    // Pᵀ: fp16 pairs of this lane's keys, the partner's, then per K-chunk
    // lanes < 16 take the even keys and lanes >= 16 the odd ones.
    .irp j, 0, 1, 2, 3, 4, 5, 6, 7
    v_cvt_f16_f32 v[SR + 2 * \j], v[SR + 2 * \j]
    v_cvt_f16_f32 v[SR + 2 * \j + 1], v[SR + 2 * \j + 1]
    v_pack_b32_f16 v[PW + \j], v[SR + 2 * \j], v[SR + 2 * \j + 1]
    .endr
    .irp j, 0, 1, 2, 3, 4, 5, 6, 7
    v_permlanex16_b32 v[PW + 8 + \j], v[PW + \j], s40, s41
    .endr
    s_mov_b32 vcc_lo, 0xffff                // lanes 0..15
    s_waitcnt_depctr depctr_sa_sdst(0)      // VALUMaskWriteHazard: v_cndmask read VCC before
    .irp j, 0, 1, 2, 3, 4, 5, 6, 7
    v_dual_cndmask_b32 v[SR + \j], v[PW + 8 + \j], v[PW + \j] :: v_dual_cndmask_b32 v[SR + 8 + (\j ^ 1)], v[PW + (\j ^ 1)], v[PW + 8 + (\j ^ 1)]
    .endr
.endm

// One key block: s31 = its index, read from buffer \rb; leaves s33 = s31 + 1.
.macro kv_block D, rb
    s_add_u32 s33, s31, 1
    s_cmp_ge_u32 s33, s30
    s_cbranch_scc1 .Lno_loads\@
    kv_global_loads
.Lno_loads\@:
    ring_phase 0, \rb
    op_load 1, \rb, 0
    op_load 1, \rb, 1
    s_cmp_lt_u32 s31, s32
    s_cbranch_scc1 .Lno_mask\@
    // Key kb·32 + 16kt + 2v + l/16 of VGPR SR+8kt+v is visible iff
    // 16kt + 2v < limit - kb·32 - l/16.
    s_lshl_b32 s48, s31, 5
    v_subrev_nc_u32 v[V_T0], s48, v[V_LIMH]
    .irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    v_cmp_lt_i32 vcc_lo, 16 * (\r / 8) + 2 * (\r % 8), v[V_T0]
    v_cndmask_b32 v[SR + \r], NEG_INF, v[SR + \r], vcc_lo
    .endr
.Lno_mask\@:
    softmax_block \D
    ring_phase 1, \rb
    s_cmp_ge_u32 s33, s30
    s_cbranch_scc1 .Lblock_done\@
    s_waitcnt vmcnt(0)
    kv_store (1 - \rb)
    s_waitcnt lgkmcnt(0)
    s_barrier
    op_load 0, (1 - \rb), 0
    op_load 0, (1 - \rb), 1
.Lblock_done\@:
.endm

// ------------------------------------------------------------ the kernel
.macro attn_kernel D
    attn_layout \D
.text
.globl attention_f16_d\D
.p2align 8
.type attention_f16_d\D,@function
attention_f16_d\D:
    s_load_b256 s[16:23], s[0:1], 0x0       // Q, K, V, O
    s_load_b128 s[24:27], s[0:1], 0x20      // LSE, Sq, Skv
    s_load_b64 s[28:29], s[0:1], 0x30       // scale·log2 e, causal
    // Lane constants: t = v0, w = t>>5, lq = t%16, hf = (t>>4)&1.
    v_and_b32 v[V_T0], 15, v0               // lq
    v_bfe_u32 v[V_T1], v0, 4, 1             // hf
    v_lshrrev_b32 v[V_T2], 5, v0            // w
    v_mul_u32_u24 v[V_KOP], PK, v[V_T0]     // Ks[lq]
    v_mul_u32_u24 v[V_VOP], PV, v[V_T0]     // Vt[lq]
    v_lshl_add_u32 v[V_T0], v[V_T2], 4, v[V_T0]     // query in the block: 16w + lq
    // K loads: key t/(D/8) (+KROWS per round), d group t%(D/8).
    v_lshrrev_b32 v[V_KKEY], LOGD8, v0
    v_and_b32 v[V_T2], \D / 8 - 1, v0
    v_lshlrev_b32 v[V_T2], 4, v[V_T2]       // 16·dgroup bytes
    v_mul_u32_u24 v[V_KST], PK, v[V_KKEY]
    v_add_nc_u32 v[V_KST], v[V_KST], v[V_T2]
    v_mul_u32_u24 v[V_KG], 2 * \D, v[V_KKEY]
    v_add_nc_u32 v[V_KG], v[V_KG], v[V_T2]
    v_add_nc_u32 v[V_KG + 1], 4096, v[V_KG]
    // V loads: key t%32, d group t>>5 (+4 per round); stored at Vt[8g+e][key']
    // with key' = 16(key&1) + key/2.
    v_and_b32 v[V_VKEY], 31, v0
    v_lshrrev_b32 v[V_T2], 5, v0
    v_mul_u32_u24 v[V_VG], 2 * \D, v[V_VKEY]
    v_lshl_add_u32 v[V_VG], v[V_T2], 4, v[V_VG]
    v_mul_u32_u24 v[V_VST], 8 * PV, v[V_T2]
    v_and_b32 v[V_T2], 1, v0
    v_lshlrev_b32 v[V_T2], 5, v[V_T2]       // 32(key&1) bytes
    v_add_nc_u32 v[V_VST], v[V_VST], v[V_T2]
    v_bfe_u32 v[V_T2], v0, 1, 4             // (key/2)
    v_lshl_add_u32 v[V_VST], v[V_T2], 1, v[V_VST]
    s_mov_b32 s40, 0x76543210               // v_permlanex16: lane i <-> lane i
    s_mov_b32 s41, 0xfedcba98               // of the other half
    s_waitcnt lgkmcnt(0)
    // Bases: row (b·h)·Sq + q0 of Q/O/LSE, row (b·h)·Skv of K/V.
    s_lshl_b32 s34, s14, 6                  // q0
    s_mul_i32 s36, s15, s26
    s_mul_hi_u32 s37, s15, s26
    s_add_u32 s36, s36, s34
    s_addc_u32 s37, s37, 0                  // (b·h)·Sq + q0
    s_lshl_b64 s[38:39], s[36:37], 2
    s_add_u32 s24, s24, s38
    s_addc_u32 s25, s25, s39
    s_lshl_b64 s[36:37], s[36:37], LOGD8 + 4      // · 2D
    s_add_u32 s16, s16, s36
    s_addc_u32 s17, s17, s37
    s_add_u32 s22, s22, s36
    s_addc_u32 s23, s23, s37
    s_mul_i32 s36, s15, s27
    s_mul_hi_u32 s37, s15, s27
    s_lshl_b64 s[36:37], s[36:37], LOGD8 + 4
    s_add_u32 s18, s18, s36
    s_addc_u32 s19, s19, s37
    s_add_u32 s20, s20, s36
    s_addc_u32 s21, s21, s37
    // Key blocks: nkv = ceil(Skv/32); causal: up to the last key the last
    // query of the workgroup sees.
    s_add_u32 s30, s27, 31
    s_lshr_b32 s30, s30, 5                  // nkv (Skv < 2^31)
    s_and_b32 s35, s27, 31
    s_cmp_eq_u32 s35, 0
    s_cselect_b32 s32, s30, 0               // first block needing masks: the tail...
    s_cmp_lg_u32 s35, 0
    s_cbranch_scc0 .Lno_tail_\D
    s_sub_u32 s32, s30, 1
.Lno_tail_\D:
    s_cmp_eq_u32 s29, 0
    s_cbranch_scc1 .Lblocks_known_\D
    s_add_u32 s35, s34, 63
    s_sub_u32 s36, s26, 1
    s_min_u32 s35, s35, s36                 // last query of the workgroup
    s_add_u32 s35, s35, s27
    s_sub_i32 s35, s35, s26                 // its last visible key
    s_cmp_lt_i32 s35, 0
    s_cselect_b32 s36, -1, s35
    s_ashr_i32 s36, s36, 5
    s_add_i32 s36, s36, 1                   // blocks it needs
    s_min_i32 s30, s30, s36
    s_add_u32 s35, s34, s27
    s_sub_i32 s35, s35, s26                 // last key the first query sees
    s_add_i32 s35, s35, 1
    s_max_i32 s35, s35, 0
    s_lshr_b32 s35, s35, 5                  // ...or the first block on the diagonal
    s_min_u32 s32, s32, s35
.Lblocks_known_\D:
    // Lane state: query q = q0 + 16w + lq; key limit (exclusive) minus hf.
    v_add_nc_u32 v[V_T2], s34, v[V_T0]      // q
    v_cmp_gt_u32 s47, s26, v[V_T2]          // q < Sq: the row exists
    s_sub_u32 s35, s27, s26
    s_add_u32 s35, s35, 1
    v_add_nc_u32 v[V_T2], s35, v[V_T2]      // q + Skv - Sq + 1
    v_min_i32 v[V_T2], s27, v[V_T2]
    s_cmp_eq_u32 s29, 0
    s_cbranch_scc0 .Lcausal_limit_\D
    v_mov_b32 v[V_T2], s27
.Lcausal_limit_\D:
    v_sub_nc_u32 v[V_LIMH], v[V_T2], v[V_T1]
    // Store offsets for the epilogue.
    v_mul_u32_u24 v[V_T2], 2 * \D, v[V_T0]     // (16w + lq)·2D: the Q/O row
    v_lshl_add_u32 v[V_OST], v[V_T1], 1, v[V_T2]
    v_lshlrev_b32 v[V_LST], 2, v[V_T0]
    // Q operands of the lane's query (zero for a query past Sq), and the
    // Oᵀ accumulators (the next 8·DC registers) zeroed too.
    .set .Li, 0
    .rept 4 * DC
    v_dual_mov_b32 v[QR + 2 * .Li], 0 :: v_dual_mov_b32 v[QR + 2 * .Li + 1], 0
    .set .Li, .Li + 1
    .endr
    .rept 4 * DC
    v_dual_mov_b32 v[QR + 2 * .Li], 0 :: v_dual_mov_b32 v[QR + 2 * .Li + 1], 0
    .set .Li, .Li + 1
    .endr
    v_mov_b32 v[V_M], NEG_INF
    v_mov_b32 v[V_L], 0
    v_mov_b32 v[V_MU], 0
    s_mov_b32 exec_lo, s47
    .set .Li, 0
    .rept DC
    global_load_b128 v[QR + 8 * .Li : QR + 8 * .Li + 3], v[V_T2], s[16:17] offset:(32 * .Li)
    global_load_b128 v[QR + 8 * .Li + 4 : QR + 8 * .Li + 7], v[V_T2], s[16:17] offset:(32 * .Li + 16)
    .set .Li, .Li + 1
    .endr
    s_mov_b32 exec_lo, -1
    s_waitcnt_depctr depctr_va_vdst(0)
    s_cmp_eq_u32 s30, 0
    s_cbranch_scc1 .Lepilogue_\D            // no key is visible to any row here
    s_mov_b32 s33, 0
    kv_global_loads
    s_waitcnt vmcnt(0)
    kv_store 0
    s_waitcnt lgkmcnt(0)
    s_barrier
    op_load 0, 0, 0
    op_load 0, 0, 1
    s_mov_b32 s31, 0
.Lloop_\D:
    kv_block \D, 0
    s_mov_b32 s31, s33
    s_cmp_ge_u32 s31, s30
    s_cbranch_scc1 .Lepilogue_\D
    kv_block \D, 1
    s_mov_b32 s31, s33
    s_cmp_ge_u32 s31, s30
    s_cbranch_scc0 .Lloop_\D
.Lepilogue_\D:
    s_waitcnt vmcnt(0)                      // the Q loads, when no block ran
    v_permlanex16_b32 v[V_T1], v[V_L], s40, s41
    v_add_f32 v[V_L], v[V_L], v[V_T1]       // the row's sum
    v_rcp_f32 v[V_AL], v[V_L]
    v_log_f32 v[V_T1], v[V_L]
    s_waitcnt_depctr depctr_va_vdst(0)
    v_cmp_eq_f32 vcc_lo, 0, v[V_L]
    v_cndmask_b32 v[V_AL], v[V_AL], 0, vcc_lo   // a row that saw no key: O = 0
    v_mov_b32 v[V_AL + 1], v[V_AL]
    v_add_f32 v[V_T1], v[V_MU], v[V_T1]
    v_mul_f32 v[V_T1], LN2, v[V_T1]         // LSE (-inf for such a row)
    scale_o
    .set .Lc, 0
    .rept 8 * DC
    v_cvt_f16_f32 v[OR + .Lc], v[OR + .Lc]
    .set .Lc, .Lc + 1
    .endr
    s_mov_b32 exec_lo, s47
    .set .Lc, 0
    .rept 8 * DC
    global_store_b16 v[V_OST], v[OR + .Lc], s[22:23] offset:((16 * (.Lc / 8) + 2 * (.Lc % 8)) * 2)
    .set .Lc, .Lc + 1
    .endr
    s_and_b32 exec_lo, s47, 0xffff
    global_store_b32 v[V_LST], v[V_T1], s[24:25]
    s_endpgm
.size attention_f16_d\D, .-attention_f16_d\D

.rodata
.p2align 6
.amdhsa_kernel attention_f16_d\D
    .amdhsa_user_sgpr_kernarg_segment_ptr 1
    .amdhsa_user_sgpr_count 14
    .amdhsa_system_sgpr_workgroup_id_x 1
    .amdhsa_system_sgpr_workgroup_id_y 1
    .amdhsa_next_free_vgpr NVGPR
    .amdhsa_next_free_sgpr 49
    .amdhsa_kernarg_size 56
    .amdhsa_group_segment_fixed_size 2 * BUF
    .amdhsa_private_segment_fixed_size 0
    .amdhsa_float_denorm_mode_32 3
    .amdhsa_float_denorm_mode_16_64 3
.end_amdhsa_kernel
.endm

    attn_kernel 64
    attn_kernel 128

.amdgpu_metadata
---
amdhsa.version: [ 1, 2 ]
amdhsa.target: amdgcn-amd-amdhsa--gfx1100
amdhsa.kernels:
  - .name: attention_f16_d64
    .symbol: attention_f16_d64.kd
    .kernarg_segment_size: 56
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 19456
    .private_segment_fixed_size: 0
    .wavefront_size: 32
    .sgpr_count: 51
    .vgpr_count: 156
    .max_flat_workgroup_size: 128
    .args:
      - { .name: Q, .offset: 0, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: K, .offset: 8, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: V, .offset: 16, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: O, .offset: 24, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: LSE, .offset: 32, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: seq_q, .offset: 40, .size: 4, .value_kind: by_value }
      - { .name: seq_kv, .offset: 44, .size: 4, .value_kind: by_value }
      - { .name: scale_log2e, .offset: 48, .size: 4, .value_kind: by_value }
      - { .name: causal, .offset: 52, .size: 4, .value_kind: by_value }
  - .name: attention_f16_d128
    .symbol: attention_f16_d128.kd
    .kernarg_segment_size: 56
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 37888
    .private_segment_fixed_size: 0
    .wavefront_size: 32
    .sgpr_count: 51
    .vgpr_count: 236
    .max_flat_workgroup_size: 128
    .args:
      - { .name: Q, .offset: 0, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: K, .offset: 8, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: V, .offset: 16, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: O, .offset: 24, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: LSE, .offset: 32, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: seq_q, .offset: 40, .size: 4, .value_kind: by_value }
      - { .name: seq_kv, .offset: 44, .size: 4, .value_kind: by_value }
      - { .name: scale_log2e, .offset: 48, .size: 4, .value_kind: by_value }
      - { .name: causal, .offset: 52, .size: 4, .value_kind: by_value }
...
.end_amdgpu_metadata
