/*
 * tests/check_exec.c — the RDNA3 wave executor (sim/exec*.c), white-box:
 * RDNA3 code assembled by llvm-mc 19 runs through sim_exec_dispatch() on a
 * VM with a code and a data buffer (tests/exec_harness.h).
 *
 * Expected values are the RDNA3 ISA guide's definitions worked out by hand
 * and written as literals (floats as hex bit patterns where the bits
 * matter).  Every program is assembled once, in an unchecked fixture.
 *
 * Data buffer layout (dwords) of the VOP tests: inputs A[32] at 0, B[32] at
 * 32, C[32] at 64, result D[32] at 96 (D is 0x5a5a5a5a in lanes the
 * instruction does not write); scalar results at SOUT (dword 512).
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xmmintrin.h>

#include "sim/clock.h"
#include "sim/exec_errata.h"
#include "sim/exec_stats.h"
#include "sim/exec_trace.h"
#include "isa/isa_decode.h"
#include "tests/exec_harness.h"
#include "tests/isa_rand.h"

#define A_DW 0
#define B_DW 32
#define C_DW 64
#define D_DW 96
#define SOUT_DW 512
#define KEEP 0x5a5a5a5au

static uint32_t fu(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static float uf(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* ---------------------------------------------------------------- program templates */

/* Load A, B, C (lane-indexed) into v1, v2, v3, preset v4 = KEEP, run the
 * instruction(s) under EXEC, store v4 to D for all lanes. */
#define LOAD3                                                                     \
    "v_lshlrev_b32 v10, 2, v0\n"                                                  \
    "global_load_b32 v1, v10, s[0:1]\n"                                           \
    "global_load_b32 v2, v10, s[0:1] offset:128\n"                                \
    "global_load_b32 v3, v10, s[0:1] offset:256\n"                                \
    "s_waitcnt vmcnt(0)\n"                                                        \
    "v_mov_b32 v4, 0x5a5a5a5a\n"
#define STORE_D "s_mov_b32 exec_lo, -1\n global_store_b32 v10, v4, s[0:1] offset:384\n s_endpgm"
/* lanes 0-15 active */
#define VOP(insn) LOAD3 "s_mov_b32 exec_lo, 0xffff\n" insn "\n" STORE_D
/* every lane active */
#define VOPALL(insn) LOAD3 insn "\n" STORE_D

/* Scalar results: store sN to SOUT + k (all lanes write the same dword). */
/* buffer format tests: v1-v4 preset, then stored to byte k of the data */
#define FPRE "v_mov_b32 v1, 0x11111111\n v_mov_b32 v2, v1\n v_mov_b32 v3, v1\n v_mov_b32 v4, v1\n"
#define FOUT(k) "s_waitcnt vmcnt(0)\n global_store_b128 v30, v[1:4], s[0:1] offset:" #k "\n"
#define SST(sreg, k) "v_mov_b32 v1, " sreg "\n global_store_b32 v20, v1, s[0:1] offset:" #k "\n"
#define SPRE "v_mov_b32 v20, 0\n s_load_b128 s[4:7], s[0:1], 0x0\n s_waitcnt lgkmcnt(0)\n"

static const struct xh_prog progs[] = {
    /* ---- SALU ---- */
    {"salu_arith", SPRE
     "s_add_u32 s8, s4, s5\n s_cselect_b32 s9, 1, 0\n"
     "s_addc_u32 s10, s6, s7\n s_cselect_b32 s11, 1, 0\n"
     "s_sub_u32 s12, s5, s4\n s_subb_u32 s13, s6, s7\n s_cselect_b32 s14, 1, 0\n"
     "s_add_i32 s15, s4, s5\n s_cselect_b32 s16, 1, 0\n"
     "s_mov_b32 s17, 0x7fffffff\n s_add_i32 s18, s17, 1\n s_cselect_b32 s19, 1, 0\n"
     "s_mul_hi_u32 s20, s4, s4\n s_mul_hi_i32 s21, s4, s5\n s_mul_i32 s22, s4, s5\n"
     "s_min_i32 s23, s4, s5\n s_max_u32 s24, s4, s5\n"
     "s_absdiff_i32 s25, s5, s6\n s_lshl2_add_u32 s26, s6, s7\n"
     SST("s8", 2048) SST("s9", 2052) SST("s10", 2056) SST("s11", 2060) SST("s12", 2064)
     SST("s13", 2068) SST("s14", 2072) SST("s15", 2076) SST("s16", 2080) SST("s18", 2084)
     SST("s19", 2088) SST("s20", 2092) SST("s21", 2096) SST("s22", 2100) SST("s23", 2104)
     SST("s24", 2108) SST("s25", 2112) SST("s26", 2116)
     "s_endpgm"},
    {"salu_bits", SPRE
     "s_mov_b64 s[20:21], -1\n"
     "s_lshl_b64 s[22:23], s[20:21], 36\n"
     "s_lshr_b64 s[24:25], s[20:21], 60\n"
     "s_ashr_i64 s[26:27], s[22:23], 20\n"
     "s_bfe_u64 s[28:29], s[20:21], 0x80004\n"
     "s_mov_b32 s32, 0xf000\n s_bfe_i32 s30, s32, 0x4000c\n s_bfe_u32 s31, s32, 0x4000c\n"
     "s_ctz_i32_b32 s36, 0x10000\n s_clz_i32_u32 s37, 0x10000\n s_ctz_i32_b32 s38, 0\n"
     "s_mov_b32 s33, 0xfffff000\n s_cls_i32 s39, s33\n"
     "s_ctz_i32_b64 s40, s[22:23]\n s_clz_i32_u64 s41, s[24:25]\n"
     "s_bitcmp1_b32 s5, 1\n s_cselect_b32 s42, 1, 0\n"
     "s_bitcmp0_b64 s[20:21], 63\n s_cselect_b32 s43, 1, 0\n"
     "s_brev_b32 s44, 1\n s_bcnt1_i32_b64 s45, s[22:23]\n"
     "s_sext_i32_i8 s46, 0x80\n s_bfm_b32 s47, 4, 8\n"
     "s_pack_lh_b32_b16 s48, s4, s6\n s_not_b32 s49, 0\n"
     "s_and_not1_b32 s50, s4, s5\n s_xnor_b64 s[52:53], s[22:23], s[24:25]\n"
     "s_quadmask_b32 s54, 0x00f00010\n s_bitset1_b32 s55, 7\n"
     SST("s22", 2048) SST("s23", 2052) SST("s24", 2056) SST("s25", 2060) SST("s26", 2064)
     SST("s27", 2068) SST("s28", 2072) SST("s29", 2076) SST("s30", 2080) SST("s31", 2084)
     SST("s36", 2088) SST("s37", 2092) SST("s38", 2096) SST("s39", 2100) SST("s40", 2104)
     SST("s41", 2108) SST("s42", 2112) SST("s43", 2116) SST("s44", 2120) SST("s45", 2124)
     SST("s46", 2128) SST("s47", 2132) SST("s48", 2136) SST("s49", 2140) SST("s50", 2144)
     SST("s52", 2148) SST("s53", 2152) SST("s54", 2156)
     "s_endpgm"},
    {"salu_sopk", SPRE
     "s_movk_i32 s8, 0x8000\n s_mov_b32 s9, 10\n s_addk_i32 s9, 0xfffe\n"
     "s_mulk_i32 s9, 3\n s_cmpk_gt_i32 s8, 0xffff\n s_cselect_b32 s10, 1, 0\n"
     "s_cmpk_le_u32 s9, 0x18\n s_cselect_b32 s11, 1, 0\n"
     "s_mov_b32 s12, 0\n s_cmp_lg_u32 s12, 0\n s_cmovk_i32 s12, 7\n"
     "s_cmp_eq_u32 s12, 0\n s_cmovk_i32 s12, 9\n"
     SST("s8", 2048) SST("s9", 2052) SST("s10", 2056) SST("s11", 2060) SST("s12", 2064)
     "s_endpgm"},
    {"salu_pc",
     "v_mov_b32 v20, 0\n s_mov_b32 s44, 0\n"
     "s_getpc_b64 s[42:43]\n1:\n"
     "s_add_u32 s42, s42, 2f-1b\n s_addc_u32 s43, s43, 0\n s_setpc_b64 s[42:43]\n"
     "s_mov_b32 s44, 1\n2:\n s_add_u32 s44, s44, 2\n"
     "s_getpc_b64 s[48:49]\n3:\n"
     "s_add_u32 s48, s48, 5f-3b\n s_addc_u32 s49, s49, 0\n"
     "s_swappc_b64 s[50:51], s[48:49]\n"
     "s_add_u32 s44, s44, 100\n"
     SST("s44", 2048)
     "s_getpc_b64 s[52:53]\n4:\n s_sub_u32 s54, s50, s52\n"
     SST("s54", 2052)
     "s_endpgm\n"
     "5:\n s_add_u32 s44, s44, 10\n s_setpc_b64 s[50:51]\n"},
    {"salu_mode", "v_mov_b32 v20, 0\n"
     "s_getreg_b32 s8, hwreg(HW_REG_MODE)\n"
     "s_setreg_imm32_b32 hwreg(HW_REG_MODE, 0, 4), 0xf\n"
     "s_getreg_b32 s9, hwreg(HW_REG_MODE, 0, 8)\n"
     "s_mov_b32 s10, 5\n s_setreg_b32 hwreg(HW_REG_MODE, 4, 2), s10\n"
     "s_getreg_b32 s11, hwreg(HW_REG_MODE, 4, 4)\n"
     "s_round_mode 0x0\n s_denorm_mode 0xf\n s_getreg_b32 s12, hwreg(HW_REG_MODE, 0, 8)\n"
     SST("s8", 2048) SST("s9", 2052) SST("s11", 2056) SST("s12", 2060)
     "s_endpgm"},
    {"salu_movrel", "v_mov_b32 v20, 0\n"
     "s_mov_b32 s10, 11\n s_mov_b32 s11, 22\n s_mov_b32 s12, 33\n s_mov_b32 m0, 2\n"
     "s_movrels_b32 s20, s10\n s_movreld_b32 s21, s11\n"
     "s_mov_b32 m0, 0x10001\n s_movrelsd_2_b32 s30, s10\n"
     SST("s20", 2048) SST("s23", 2052) SST("s31", 2056)
     "s_mov_b32 m0, 200\n s_movrels_b32 s20, s10\n s_endpgm"},
    {"salu_getreg_bad", "s_getreg_b32 s8, hwreg(HW_REG_PERF_SNAPSHOT_DATA)\n s_endpgm"},
    /* each wave stores HW_ID1, HW_ID2, GPR_ALLOC, LDS_ALLOC at 16 * (2 *
     * workgroup + wave) bytes (s2: the workgroup id X) */
    {"salu_hwid",
     "s_getreg_b32 s8, hwreg(HW_REG_HW_ID1)\n s_getreg_b32 s9, hwreg(HW_REG_HW_ID2)\n"
     "s_getreg_b32 s10, hwreg(HW_REG_GPR_ALLOC)\n s_getreg_b32 s11, hwreg(HW_REG_LDS_ALLOC)\n"
     "v_readfirstlane_b32 s12, v0\n s_lshr_b32 s12, s12, 5\n s_lshl_b32 s13, s2, 1\n"
     "s_add_u32 s12, s12, s13\n s_lshl_b32 s12, s12, 4\n v_mov_b32 v5, s12\n"
     "v_mov_b32 v1, s8\n v_mov_b32 v2, s9\n v_mov_b32 v3, s10\n v_mov_b32 v4, s11\n"
     "global_store_b128 v5, v[1:4], s[0:1]\n s_endpgm"},
    {"salu_saveexec", VOPALL(
     "v_cmp_gt_u32 vcc_lo, 8, v0\n"          /* lanes 0-7 */
     "s_and_saveexec_b32 s20, vcc_lo\n"
     "s_cbranch_execz 1f\n"
     "v_mov_b32 v4, 1\n"
     "1:\n s_xor_b32 exec_lo, exec_lo, s20\n" /* lanes 8-31 */
     "v_mov_b32 v4, 2\n"
     "s_mov_b32 exec_lo, 0\n s_cbranch_execnz 2f\n s_cbranch_execz 3f\n"
     "2:\n s_mov_b32 exec_lo, -1\n v_mov_b32 v4, 99\n"   /* not reached */
     "3:\n s_mov_b32 exec_lo, s20\n s_or_saveexec_b32 s21, 0x300\n"
     "v_add_nc_u32 v4, 10, v4\n"
     "s_mov_b32 exec_lo, -1\n v_mov_b32 v5, s21\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048")},

    {"sopp_misc", "v_mov_b32 v20, 0\n s_mov_b32 s8, 0\n"
     "s_nop 3\n s_sleep 1\n s_delay_alu instid0(VALU_DEP_1)\n s_clause 0x1\n"
     "s_mov_b32 vcc_lo, 0\n s_cbranch_vccnz 1f\n s_add_u32 s8, s8, 1\n"
     "s_mov_b32 vcc_lo, 4\n s_cbranch_vccz 1f\n s_add_u32 s8, s8, 2\n"
     "s_cbranch_vccnz 2f\n1:\n s_add_u32 s8, s8, 100\n2:\n"
     "global_store_b32 v20, v20, s[0:1] offset:2048\n s_waitcnt_vscnt null, 0x0\n"
     SST("s8", 2052) "s_sendmsg sendmsg(MSG_DEALLOC_VGPRS)\n s_endpgm"},
    {"sendmsg_rtn", SPRE
     "s_sendmsg_rtn_b32 s8, sendmsg(MSG_RTN_GET_DOORBELL)\n"
     "s_sendmsg_rtn_b64 s[10:11], sendmsg(MSG_RTN_GET_REALTIME)\n"
     "s_mov_b32 s12, -1\n s_mov_b32 s13, -1\n s_sendmsg_rtn_b64 s[12:13], sendmsg(MSG_RTN_GET_TBA)\n"
     "s_sendmsg_rtn_b32 s14, sendmsg(MSG_RTN_GET_DDID)\n s_waitcnt lgkmcnt(0)\n"
     "s_setkill 0\n s_sethalt 0\n"
     SST("s8", 2048) SST("s10", 2052) SST("s11", 2056) SST("s12", 2060) SST("s13", 2064)
     SST("s14", 2068)
     "s_setkill 1\n v_mov_b32 v1, 7\n global_store_b32 v20, v1, s[0:1] offset:2072\n s_endpgm"},
    {"sethalt", "s_sethalt 5\n s_endpgm"},
    {"sendmsg_other", "s_sendmsg sendmsg(MSG_INTERRUPT)\n s_endpgm"},
    {"smem_buffer", "v_mov_b32 v20, 0\n"
     "s_mov_b32 s4, s0\n s_mov_b32 s5, s1\n s_mov_b32 s6, 12\n s_mov_b32 s7, 0\n"
     "s_buffer_load_b32 s8, s[4:7], 0x4\n s_buffer_load_b64 s[10:11], s[4:7], 0x8\n"
     "s_waitcnt lgkmcnt(0)\n"
     SST("s8", 2048) SST("s10", 2052) SST("s11", 2056) "s_endpgm"},
    /* ---- SMEM ---- */
    {"smem_loads", "v_mov_b32 v20, 0\n"
     "s_load_b32 s8, s[0:1], 0x4\n s_load_b64 s[10:11], s[0:1], 0x8\n"
     "s_load_b128 s[12:15], s[0:1], 0x10\n s_load_b256 s[16:23], s[0:1], 0x20\n"
     "s_load_b512 s[24:39], s[0:1], 0x40\n s_mov_b32 s40, 0x84\n"
     "s_load_b32 s41, s[0:1], s40\n s_load_b32 s42, s[0:1], 0x3\n s_waitcnt lgkmcnt(0)\n"
     SST("s8", 2048) SST("s10", 2052) SST("s11", 2056) SST("s15", 2060) SST("s16", 2064)
     SST("s23", 2068) SST("s24", 2072) SST("s39", 2076) SST("s41", 2080) SST("s42", 2084)
     "s_endpgm"},

    /* ---- VALU f32 ---- */
    {"v_add_f32", VOP("v_add_f32 v4, v1, v2")},
    {"v_fma_f32", VOP("v_fma_f32 v4, v1, v2, v3")},
    {"v_fmac_f32", VOP("v_mov_b32 v4, v3\n v_fmac_f32 v4, v1, v2")},
    {"v_max_f32", VOP("v_max_f32 v4, v1, v2")},
    {"v_min_f32", VOP("v_min_f32 v4, v1, v2")},
    {"v_med3_f32", VOP("v_med3_f32 v4, v1, v2, v3")},
    {"v_mul_f32_mods", VOP("v_mul_f32_e64 v4, -v1, |v2|")},
    {"v_add_f32_clamp", VOP("v_add_f32_e64 v4, v1, v2 clamp")},
    {"v_add_f32_omod2", VOP("v_add_f32_e64 v4, v1, v2 mul:2")},
    {"v_add_f32_omod_half", VOP("v_add_f32_e64 v4, v1, v2 div:2")},
    {"v_cvt_i32_f32", VOP("v_cvt_i32_f32 v4, v1")},
    {"v_cvt_u32_f32", VOP("v_cvt_u32_f32 v4, v1")},
    {"v_cvt_f32_i32", VOP("v_cvt_f32_i32 v4, v1")},
    {"v_cvt_f16_f32", VOP("v_cvt_f16_f32 v4, v1")},
    {"v_cvt_f32_f16", VOP("v_cvt_f32_f16 v4, v1")},
    {"v_cvt_pk_rtz", VOP("v_cvt_pk_rtz_f16_f32 v4, v1, v2")},
    {"v_exp_f32", VOP("v_exp_f32 v4, v1")},
    {"v_log_f32", VOP("v_log_f32 v4, v1")},
    {"v_rcp_f32", VOP("v_rcp_f32 v4, v1")},
    {"v_rsq_f32", VOP("v_rsq_f32 v4, v1")},
    {"v_sqrt_f32", VOP("v_sqrt_f32 v4, v1")},
    {"v_sin_f32", VOP("v_sin_f32 v4, v1")},
    {"v_cos_f32", VOP("v_cos_f32 v4, v1")},
    {"v_fract_floor", VOP("v_fract_f32 v4, v1\n v_floor_f32 v5, v1\n v_rndne_f32 v6, v1\n"
                          "s_mov_b32 exec_lo, -1\n global_store_b32 v10, v5, s[0:1] offset:2048\n"
                          "global_store_b32 v10, v6, s[0:1] offset:2176")},
    {"v_frexp_ldexp", VOP("v_frexp_mant_f32 v4, v1\n v_frexp_exp_i32_f32 v5, v1\n v_ldexp_f32 v6, v1, v2\n"
                          "s_mov_b32 exec_lo, -1\n global_store_b32 v10, v5, s[0:1] offset:2048\n"
                          "global_store_b32 v10, v6, s[0:1] offset:2176")},
    {"round_modes", VOP("v_add_f32 v4, v1, v2\n s_round_mode 0x3\n v_add_f32 v5, v1, v2\n"
                        "s_round_mode 0x1\n v_add_f32 v6, v1, v2\n s_round_mode 0x2\n v_add_f32 v7, v1, v2\n"
                        "s_mov_b32 exec_lo, -1\n global_store_b32 v10, v5, s[0:1] offset:2048\n"
                        "global_store_b32 v10, v6, s[0:1] offset:2176\n"
                        "global_store_b32 v10, v7, s[0:1] offset:2304")},
    {"denorm_setreg", VOP("s_denorm_mode 0xc\n v_add_f32 v4, v1, v2\n"
                          "s_denorm_mode 0xe\n v_add_f32 v5, v1, v2\n"
                          "s_mov_b32 exec_lo, -1\n global_store_b32 v10, v5, s[0:1] offset:2048")},
    /* the f32 division LLVM 19 emits for gfx1100 (llc of `fdiv float`), the
     * kernel arguments s2, s3 here v1, v2; with f32 denormals on, and with
     * them flushed (denormal-fp-math-f32=preserve-sign: s_denorm_mode around
     * the Newton steps) */
    {"v_div_f32_seq", VOP(
     "v_div_scale_f32 v5, null, v2, v2, v1\n v_rcp_f32 v6, v5\n v_fma_f32 v7, -v5, v6, 1.0\n"
     "v_fmac_f32 v6, v7, v6\n v_div_scale_f32 v7, vcc_lo, v1, v2, v1\n v_mul_f32 v8, v7, v6\n"
     "v_fma_f32 v9, -v5, v8, v7\n v_fmac_f32 v8, v9, v6\n v_fma_f32 v5, -v5, v8, v7\n"
     "v_div_fmas_f32 v5, v5, v6, v8\n v_div_fixup_f32 v4, v5, v2, v1")},
    {"v_div_f32_ftz_seq", VOP(
     "v_div_scale_f32 v5, null, v2, v2, v1\n v_div_scale_f32 v7, vcc_lo, v1, v2, v1\n"
     "v_rcp_f32 v6, v5\n s_denorm_mode 15\n v_fma_f32 v8, -v5, v6, 1.0\n"
     "v_fmac_f32 v6, v8, v6\n v_mul_f32 v8, v7, v6\n v_fma_f32 v9, -v5, v8, v7\n"
     "v_fmac_f32 v8, v9, v6\n v_fma_f32 v5, -v5, v8, v7\n s_denorm_mode 12\n"
     "v_div_fmas_f32 v5, v5, v6, v8\n v_div_fixup_f32 v4, v5, v2, v1")},
    /* the f64 division (llc of `fdiv double`): A / B, qwords at 0 and 256,
     * the quotient at byte 2048 */
    {"v_div_f64_seq",
     "v_lshlrev_b32 v10, 3, v0\n global_load_b64 v[1:2], v10, s[0:1]\n"
     "global_load_b64 v[3:4], v10, s[0:1] offset:256\n s_waitcnt vmcnt(0)\n"
     "v_div_scale_f64 v[5:6], null, v[3:4], v[3:4], v[1:2]\n v_rcp_f64 v[7:8], v[5:6]\n"
     "v_fma_f64 v[11:12], -v[5:6], v[7:8], 1.0\n v_fma_f64 v[7:8], v[7:8], v[11:12], v[7:8]\n"
     "v_fma_f64 v[11:12], -v[5:6], v[7:8], 1.0\n v_fma_f64 v[7:8], v[7:8], v[11:12], v[7:8]\n"
     "v_div_scale_f64 v[11:12], vcc_lo, v[1:2], v[3:4], v[1:2]\n"
     "v_mul_f64 v[13:14], v[11:12], v[7:8]\n v_fma_f64 v[5:6], -v[5:6], v[13:14], v[11:12]\n"
     "v_div_fmas_f64 v[5:6], v[5:6], v[7:8], v[13:14]\n"
     "v_div_fixup_f64 v[5:6], v[5:6], v[3:4], v[1:2]\n"
     "global_store_b64 v10, v[5:6], s[0:1] offset:2048\n s_endpgm"},
    /* v_trig_preop_f64 of the qword A with the segment from dword 128 + lane,
     * plain and with output modifiers; results at bytes 2048, 2304, 2560, 2816 */
    {"v_trig_preop",
     "v_lshlrev_b32 v10, 3, v0\n v_lshlrev_b32 v20, 2, v0\n global_load_b64 v[1:2], v10, s[0:1]\n"
     "global_load_b32 v3, v20, s[0:1] offset:512\n s_waitcnt vmcnt(0)\n"
     "v_trig_preop_f64 v[5:6], v[1:2], v3\n v_trig_preop_f64 v[7:8], v[1:2], v3 mul:2\n"
     "v_trig_preop_f64 v[11:12], v[1:2], v3 div:2\n"
     "v_trig_preop_f64 v[13:14], v[1:2], v3 clamp mul:4\n"
     "global_store_b64 v10, v[5:6], s[0:1] offset:2048\n global_store_b64 v10, v[7:8], s[0:1] offset:2304\n"
     "global_store_b64 v10, v[11:12], s[0:1] offset:2560\n"
     "global_store_b64 v10, v[13:14], s[0:1] offset:2816\n s_endpgm"},

    /* ---- VALU integer ---- */
    {"v_add_co", VOP(
     "s_mov_b32 exec_lo, 0xf\n"
     "v_add_co_u32 v4, vcc_lo, v1, v2\n v_add_co_ci_u32_e32 v5, vcc_lo, v3, v20, vcc_lo\n"
     "s_mov_b32 s30, vcc_lo\n v_sub_co_u32 v6, s31, v2, v1\n"
     "s_mov_b32 exec_lo, -1\n v_mov_b32 v7, s30\n v_mov_b32 v8, s31\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048\n"
     "global_store_b32 v10, v6, s[0:1] offset:2176\n"
     "global_store_b32 v10, v7, s[0:1] offset:2304\n"
     "global_store_b32 v10, v8, s[0:1] offset:2432")},
    {"v_add_nc_clamp", VOP("v_add_nc_u32_e64 v4, v1, v2 clamp\n v_sub_nc_i32 v5, v1, v2 clamp\n"
                           "s_mov_b32 exec_lo, -1\n global_store_b32 v10, v5, s[0:1] offset:2048")},
    {"v_mad_u64_u32", VOP("v_mad_u64_u32 v[4:5], s30, v1, v2, v[2:3]\n"
                          "s_mov_b32 exec_lo, -1\n v_mov_b32 v6, s30\n"
                          "global_store_b32 v10, v5, s[0:1] offset:2048\n"
                          "global_store_b32 v10, v6, s[0:1] offset:2176")},
    {"v_shift64", VOP("v_lshlrev_b64 v[4:5], v1, v[2:3]\n v_ashrrev_i64 v[6:7], v1, v[2:3]\n"
                      "s_mov_b32 exec_lo, -1\n global_store_b32 v10, v5, s[0:1] offset:2048\n"
                      "global_store_b32 v10, v6, s[0:1] offset:2176\n"
                      "global_store_b32 v10, v7, s[0:1] offset:2304")},
    {"v_int_misc", VOP(
     "v_mul_hi_u32 v4, v1, v2\n v_mul_lo_u32 v5, v1, v2\n v_bfe_i32 v6, v1, 4, 8\n"
     "v_alignbit_b32 v7, v1, v2, 8\n v_perm_b32 v8, v1, v2, v3\n v_bfi_b32 v9, 0xff00ff00, v1, v2\n"
     "v_mad_i32_i24 v11, v1, v2, v3\n v_cndmask_b32 v12, v1, v2, vcc_lo\n"
     "s_mov_b32 exec_lo, -1\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048\n global_store_b32 v10, v6, s[0:1] offset:2176\n"
     "global_store_b32 v10, v7, s[0:1] offset:2304\n global_store_b32 v10, v8, s[0:1] offset:2432\n"
     "global_store_b32 v10, v9, s[0:1] offset:2560\n global_store_b32 v10, v11, s[0:1] offset:2688\n"
     "global_store_b32 v10, v12, s[0:1] offset:2816")},
    {"v_bitcount", VOPALL(
     "v_mbcnt_lo_u32_b32 v4, -1, 0\n v_bcnt_u32_b32 v5, v1, 1\n v_ctz_i32_b32 v6, v1\n"
     "v_clz_i32_u32 v7, v1\n v_bfrev_b32 v8, v1\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048\n global_store_b32 v10, v6, s[0:1] offset:2176\n"
     "global_store_b32 v10, v7, s[0:1] offset:2304\n global_store_b32 v10, v8, s[0:1] offset:2432")},

    /* ---- compares ---- */
    {"v_cmp", VOPALL(
     "v_cmp_lt_f32 vcc_lo, v1, v2\n s_mov_b32 s30, vcc_lo\n"
     "v_cmp_nlg_f32_e64 s31, v1, v2\n v_cmp_u_f32 vcc_lo, v1, v2\n s_mov_b32 s32, vcc_lo\n"
     "s_mov_b32 exec_lo, 0xff\n v_cmp_gt_u32_e64 s33, v1, v2\n v_cmp_class_f32_e64 s34, v1, v3\n"
     "s_mov_b32 exec_lo, -1\n v_cmp_ge_i32_e64 s35, v1, v2\n v_cmp_lt_i64 s36, v[1:2], 0\n"
     "v_cmpx_ne_u32 v1, v2\n v_mov_b32 v4, 7\n s_mov_b32 s37, exec_lo\n s_mov_b32 exec_lo, -1\n"
     "v_mov_b32 v5, s30\n v_mov_b32 v6, s31\n v_mov_b32 v7, s32\n v_mov_b32 v8, s33\n"
     "v_mov_b32 v9, s34\n v_mov_b32 v11, s35\n v_mov_b32 v12, s37\n v_mov_b32 v13, s36\n"
     "global_store_b32 v20, v5, s[0:1] offset:2048\n global_store_b32 v20, v6, s[0:1] offset:2052\n"
     "global_store_b32 v20, v7, s[0:1] offset:2056\n global_store_b32 v20, v8, s[0:1] offset:2060\n"
     "global_store_b32 v20, v9, s[0:1] offset:2064\n global_store_b32 v20, v11, s[0:1] offset:2068\n"
     "global_store_b32 v20, v12, s[0:1] offset:2072\n global_store_b32 v20, v13, s[0:1] offset:2076")},

    /* ---- 16-bit ---- */
    {"v_add_f16", VOP("v_add_f16 v4, v1, v2")},
    {"v_fma_f16_opsel", VOP("v_fma_f16 v4, v1, v2, v3 op_sel:[1,1,0,1]")},
    {"v_fma_f16", VOP("v_fma_f16 v4, v1, v2, v3")},
    {"v_max_f16", VOP("v_max_f16 v4, v1, v2")},
    {"v_mad_u16_clamp", VOP("v_mad_u16 v4, v1, v2, v3 clamp")},
    {"v_cvt_f16_u16", VOP("v_cvt_f16_u16 v4, v1\n v_cvt_i16_f16 v5, v2\n"
                          "s_mov_b32 exec_lo, -1\n global_store_b32 v10, v5, s[0:1] offset:2048")},

    /* ---- VOP3P ---- */
    {"v_pk_fma_f16", VOP("v_pk_fma_f16 v4, v1, v2, v3")},
    {"v_pk_fma_f16_sel", VOP("v_pk_fma_f16 v4, v1, v2, v3 op_sel:[1,0,0] op_sel_hi:[0,1,1] neg_lo:[0,0,1]")},
    {"v_pk_add_f16_inline", VOP("v_pk_add_f16 v4, v1, 1.0")},
    {"v_pk_add_u16_inline", VOP("v_pk_add_u16 v4, v1, 2.0")},
    {"v_pk_mad_i16", VOP("v_pk_mad_i16 v4, v1, v2, v3")},
    {"v_dot2_f32_f16", VOP("v_dot2_f32_f16 v4, v1, v2, v3")},
    {"v_dot4_i32_iu8", VOP("v_dot4_i32_iu8 v4, v1, v2, v3 neg_lo:[1,0,0]\n"
                           "v_dot4_u32_u8 v5, v1, v2, v3\n"
                           "s_mov_b32 exec_lo, -1\n global_store_b32 v10, v5, s[0:1] offset:2048")},

    {"v_cndmask_sgpr", VOPALL("s_mov_b32 s20, 0x0000f0f5\n s_mov_b32 vcc_lo, 0xffff0000\n"
                              "v_cndmask_b32_e64 v4, v1, -v2, s20\n v_cndmask_b32 v5, v1, v2, vcc_lo\n"
                              "global_store_b32 v10, v5, s[0:1] offset:2048")},
    {"true16_hi_src", VOPALL(".long 0x64080782")},  /* v_add_f16_e32 v4, v130 (= v2.h), v3 */
    {"permlane_fi_bc", VOPALL("s_mov_b32 exec_lo, 0xfffffffe\n s_mov_b32 s22, 0\n s_mov_b32 s23, 0\n"
                              "v_permlane16_b32 v4, v1, s22, s23\n"
                              "v_mov_b32 v5, 0x77\n v_permlane16_b32 v5, v1, s22, s23 op_sel:[0,1]\n"
                              "v_mov_b32 v6, 0x77\n v_permlane16_b32 v6, v1, s22, s23 op_sel:[1,0]\n"
                              "s_mov_b32 exec_lo, -1\n"
                              "global_store_b32 v10, v5, s[0:1] offset:2048\n"
                              "global_store_b32 v10, v6, s[0:1] offset:2176")},
    /* ---- VOPD ---- */
    {"vopd_swap", VOPALL("v_mov_b32 v4, v1\n v_mov_b32 v5, v2\n"
                         "v_dual_mov_b32 v4, v5 :: v_dual_mov_b32 v5, v4\n"
                         "v_dual_fmac_f32 v6, v1, v2 :: v_dual_add_f32 v7, v4, v5\n"
                         "global_store_b32 v10, v5, s[0:1] offset:2048\n"
                         "global_store_b32 v10, v7, s[0:1] offset:2176")},

    /* ---- DPP ---- */
    {"dpp_row_shr", VOPALL("v_mov_b32_dpp v4, v1 row_shr:1 row_mask:0xf bank_mask:0xf")},
    {"dpp_row_shr_bc", VOPALL("v_mov_b32_dpp v4, v1 row_shr:1 row_mask:0xf bank_mask:0xf bound_ctrl:1")},
    {"dpp_masks", VOPALL("v_add_nc_u32_dpp v4, v1, v2 quad_perm:[3,2,1,0] row_mask:0x1 bank_mask:0x5")},
    {"dpp_ror_mirror", VOPALL("v_mov_b32_dpp v4, v1 row_ror:4 row_mask:0xf bank_mask:0xf\n"
                              "v_mov_b32_dpp v5, v1 row_mirror row_mask:0xf bank_mask:0xf\n"
                              "global_store_b32 v10, v5, s[0:1] offset:2048")},
    {"dpp_share_xmask", VOPALL("v_mov_b32_dpp v4, v1 row_share:3 row_mask:0xf bank_mask:0xf\n"
                               "v_mov_b32_dpp v5, v1 row_xmask:5 row_mask:0xf bank_mask:0xf\n"
                               "global_store_b32 v10, v5, s[0:1] offset:2048")},
    {"dpp_inactive", VOPALL("s_mov_b32 exec_lo, 0xfffffffd\n"
                            "v_mov_b32_dpp v4, v1 quad_perm:[1,1,1,1] row_mask:0xf bank_mask:0xf\n"
                            "v_mov_b32_dpp v5, v1 quad_perm:[1,1,1,1] row_mask:0xf bank_mask:0xf fi:1\n"
                            "s_mov_b32 exec_lo, -1\n global_store_b32 v10, v5, s[0:1] offset:2048")},
    {"dpp8", VOPALL("v_mov_b32_dpp v4, v1 dpp8:[7,6,5,4,3,2,1,0]")},
    {"dpp_vop3", VOPALL("v_add_f32_e64_dpp v4, -v1, v2 quad_perm:[0,0,0,0] row_mask:0xf bank_mask:0xf")},

    /* ---- cross-lane ---- */
    {"readlane", VOPALL("s_mov_b32 exec_lo, 0xfff0\n v_readfirstlane_b32 s20, v1\n"
                        "s_mov_b32 exec_lo, -1\n v_readlane_b32 s21, v1, 31\n"
                        "s_mov_b32 s22, 0xabcd\n s_mov_b32 exec_lo, 0\n v_writelane_b32 v4, s22, 5\n"
                        "s_mov_b32 exec_lo, -1\n v_mov_b32 v5, s20\n v_mov_b32 v6, s21\n"
                        "global_store_b32 v10, v5, s[0:1] offset:2048\n"
                        "global_store_b32 v10, v6, s[0:1] offset:2176")},
    {"permlane", VOPALL("s_mov_b32 s20, 0x76543210\n s_mov_b32 s21, 0xfedcba98\n"
                        "s_mov_b32 s22, 0x01234567\n s_mov_b32 s23, 0x89abcdef\n"
                        "v_permlane16_b32 v4, v1, s22, s23\n v_permlanex16_b32 v5, v1, s20, s21\n"
                        "global_store_b32 v10, v5, s[0:1] offset:2048")},

    /* ---- WMMA ---- */
    {"wmma_f32_f16",
     "v_lshlrev_b32 v40, 5, v0\n"                       /* lane * 32 bytes */
     "global_load_b128 v[8:11], v40, s[0:1]\n global_load_b128 v[12:15], v40, s[0:1] offset:16\n"
     "global_load_b128 v[16:19], v40, s[0:1] offset:1024\n global_load_b128 v[20:23], v40, s[0:1] offset:1040\n"
     "global_load_b128 v[0:3], v40, s[0:1] offset:2048\n global_load_b128 v[4:7], v40, s[0:1] offset:2064\n"
     "s_waitcnt vmcnt(0)\n"
     "v_wmma_f32_16x16x16_f16 v[24:31], v[8:15], v[16:23], v[0:7]\n"
     "global_store_b128 v40, v[24:27], s[0:1] offset:3072\n global_store_b128 v40, v[28:31], s[0:1] offset:3088\n"
     "s_endpgm"},
    {"wmma_f16_hi",
     "v_lshlrev_b32 v40, 5, v0\n"
     "global_load_b128 v[8:11], v40, s[0:1]\n global_load_b128 v[12:15], v40, s[0:1] offset:16\n"
     "global_load_b128 v[16:19], v40, s[0:1] offset:1024\n global_load_b128 v[20:23], v40, s[0:1] offset:1040\n"
     "global_load_b128 v[0:3], v40, s[0:1] offset:2048\n global_load_b128 v[4:7], v40, s[0:1] offset:2064\n"
     "s_waitcnt vmcnt(0)\n"
     "v_wmma_f16_16x16x16_f16 v[0:7], v[8:15], v[16:23], v[0:7] op_sel:[0,0,1]\n"
     "global_store_b128 v40, v[0:3], s[0:1] offset:3072\n global_store_b128 v40, v[4:7], s[0:1] offset:3088\n"
     "s_endpgm"},
    {"wmma_bf16",
     "v_lshlrev_b32 v40, 5, v0\n"
     "global_load_b128 v[8:11], v40, s[0:1]\n global_load_b128 v[12:15], v40, s[0:1] offset:16\n"
     "global_load_b128 v[16:19], v40, s[0:1] offset:1024\n global_load_b128 v[20:23], v40, s[0:1] offset:1040\n"
     "global_load_b128 v[0:3], v40, s[0:1] offset:2048\n global_load_b128 v[4:7], v40, s[0:1] offset:2064\n"
     "s_waitcnt vmcnt(0)\n"
     "v_wmma_f32_16x16x16_bf16 v[24:31], v[8:15], v[16:23], v[0:7]\n"
     "v_wmma_bf16_16x16x16_bf16 v[32:39], v[8:15], v[16:23], v[32:39]\n"
     "global_store_b128 v40, v[24:27], s[0:1] offset:3072\n global_store_b128 v40, v[28:31], s[0:1] offset:3088\n"
     "s_addk_i32 s0, 0x1000\n"
     "global_store_b128 v40, v[32:35], s[0:1] offset:3072\n global_store_b128 v40, v[36:39], s[0:1] offset:3088\n"
     "s_endpgm"},
    {"wmma_iu8",
     "v_lshlrev_b32 v40, 4, v0\n"
     "global_load_b128 v[8:11], v40, s[0:1]\n global_load_b128 v[12:15], v40, s[0:1] offset:1024\n"
     "v_lshlrev_b32 v41, 5, v0\n"
     "global_load_b128 v[0:3], v41, s[0:1] offset:2048\n global_load_b128 v[4:7], v41, s[0:1] offset:2064\n"
     "s_waitcnt vmcnt(0)\n"
     "v_wmma_i32_16x16x16_iu8 v[24:31], v[8:11], v[12:15], v[0:7] neg_lo:[1,0,0]\n"
     "global_store_b128 v41, v[24:27], s[0:1] offset:3072\n global_store_b128 v41, v[28:31], s[0:1] offset:3088\n"
     "s_endpgm"},
    {"wmma_iu4",
     "v_lshlrev_b32 v40, 3, v0\n"
     "global_load_b64 v[8:9], v40, s[0:1]\n global_load_b64 v[12:13], v40, s[0:1] offset:1024\n"
     "v_lshlrev_b32 v41, 5, v0\n"
     "global_load_b128 v[0:3], v41, s[0:1] offset:2048\n global_load_b128 v[4:7], v41, s[0:1] offset:2064\n"
     "s_waitcnt vmcnt(0)\n"
     "v_wmma_i32_16x16x16_iu4 v[24:31], v[8:9], v[12:13], v[0:7]\n"
     "global_store_b128 v41, v[24:27], s[0:1] offset:3072\n global_store_b128 v41, v[28:31], s[0:1] offset:3088\n"
     "s_endpgm"},

    /* ---- LDS ---- */
    {"lds_basic", VOPALL(
     "v_mov_b32 v4, 0\n"
     "ds_store_b32 v10, v1\n ds_store_b64 v10, v[1:2] offset:256\n"
     "ds_store_b128 v10, v[1:4] offset:512\n s_waitcnt lgkmcnt(0)\n"
     "v_lshlrev_b32 v11, 3, v0\n v_lshlrev_b32 v12, 4, v0\n"
     "ds_load_b32 v5, v10\n ds_load_2addr_b32 v[6:7], v10, offset0:0 offset1:64\n"
     "ds_load_b128 v[12:15], v12 offset:512\n ds_load_u8 v16, v10 offset:1\n ds_load_i16 v17, v10 offset:2\n"
     "s_waitcnt lgkmcnt(0)\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048\n global_store_b32 v10, v7, s[0:1] offset:2176\n"
     "global_store_b32 v10, v13, s[0:1] offset:2304\n global_store_b32 v10, v16, s[0:1] offset:2432\n"
     "global_store_b32 v10, v17, s[0:1] offset:2560")},
    {"lds_atomics", VOPALL(
     "v_mov_b32 v20, 0\n v_mov_b32 v21, 1\n v_mov_b32 v22, 100\n"
     "s_mov_b32 exec_lo, 1\n ds_store_b32 v20, v22\n s_mov_b32 exec_lo, -1\n"
     "ds_add_u32 v20, v21\n ds_add_rtn_u32 v4, v20, v21 offset:0\n"
     "ds_max_rtn_i32 v5, v20, v1 offset:4\n ds_max_u32 v20, v1 offset:8\n"
     "v_mov_b32 v23, 7\n ds_cmpstore_rtn_b32 v6, v20, v23, v20 offset:12\n"
     "s_waitcnt lgkmcnt(0)\n ds_load_b32 v7, v20\n ds_load_b32 v8, v20 offset:4\n"
     "ds_load_b32 v9, v20 offset:8\n ds_load_b32 v11, v20 offset:12\n s_waitcnt lgkmcnt(0)\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048\n global_store_b32 v10, v6, s[0:1] offset:2176\n"
     "global_store_b32 v10, v7, s[0:1] offset:2304\n global_store_b32 v10, v8, s[0:1] offset:2432\n"
     "global_store_b32 v10, v9, s[0:1] offset:2560\n global_store_b32 v10, v11, s[0:1] offset:2688")},
    {"lds_xlane", VOPALL(
     "ds_swizzle_b32 v4, v1 offset:swizzle(QUAD_PERM,3,2,1,0)\n"
     "ds_swizzle_b32 v5, v1 offset:swizzle(BITMASK_PERM,\"01p0p\")\n"
     "v_mul_u32_u24 v11, 4, v2\n"
     "ds_permute_b32 v6, v11, v1\n ds_bpermute_b32 v7, v11, v1\n"
     "s_mov_b32 exec_lo, 0x7fffffff\n ds_bpermute_b32 v8, v11, v1\n s_mov_b32 exec_lo, -1\n"
     /* rotate (llvm-mc 19 has no swizzle(ROTATE) syntax for gfx11):
      * 0xc0a0 by 5 with direction 0, 0xc460 by 3 with direction 1 */
     "ds_swizzle_b32 v12, v1 offset:0xc0a0\n ds_swizzle_b32 v13, v1 offset:0xc460\n"
     "s_waitcnt lgkmcnt(0)\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048\n global_store_b32 v10, v6, s[0:1] offset:2176\n"
     "global_store_b32 v10, v7, s[0:1] offset:2304\n global_store_b32 v10, v8, s[0:1] offset:2432\n"
     "global_store_b32 v10, v12, s[0:1] offset:2560\n global_store_b32 v10, v13, s[0:1] offset:2688")},
    {"lds_zero_2addr",
     "v_lshlrev_b32 v10, 2, v0\n ds_load_b32 v1, v10\n s_waitcnt lgkmcnt(0)\n"
     "s_lshl_b32 s8, s2, 7\n v_add_nc_u32 v11, s8, v10\n global_store_b32 v11, v1, s[0:1]\n"
     "v_add_nc_u32 v2, 1, v0\n v_add_nc_u32 v3, 100, v0\n"
     "ds_store_2addr_b32 v10, v2, v3 offset1:32\n"
     "ds_store_2addr_stride64_b32 v10, v3, v2 offset0:1 offset1:2\n s_waitcnt lgkmcnt(0)\n"
     "ds_load_2addr_stride64_b32 v[4:5], v10 offset0:1 offset1:2\n ds_load_b32 v6, v10 offset:128\n"
     "s_waitcnt lgkmcnt(0)\n"
     "global_store_b32 v11, v4, s[0:1] offset:2048\n global_store_b32 v11, v5, s[0:1] offset:2560\n"
     "global_store_b32 v11, v6, s[0:1] offset:3072\n s_endpgm"},
    {"global_atomics2", VOPALL(
     "v_mov_b32 v20, 0\n v_mov_b32 v21, 3\n v_or_b32 v22, 0xffff0000, v0\n v_mov_b32 v23, 5\n"
     "global_atomic_sub_u32 v20, v21, s[0:1] offset:2048\n"
     "global_atomic_min_u32 v20, v1, s[0:1] offset:2052\n"
     "global_atomic_and_b32 v20, v22, s[0:1] offset:2056\n"
     "global_atomic_or_b32 v20, v0, s[0:1] offset:2060\n"
     "global_atomic_swap_b32 v4, v20, v0, s[0:1] offset:2064 glc\n"
     "global_atomic_inc_u32 v20, v23, s[0:1] offset:2068\n"
     "global_atomic_dec_u32 v20, v23, s[0:1] offset:2072\n"
     "global_atomic_min_i32 v20, v1, s[0:1] offset:2076\n"
     "global_load_b96 v[5:7], v20, s[0:1] offset:2048\n global_load_b128 v[12:15], v20, s[0:1] offset:2064\n"
     "s_waitcnt vmcnt(0)\n"
     "global_store_b64 v10, v[6:7], s[0:1] offset:2560\n global_store_b32 v10, v15, s[0:1] offset:3072")},
    /* one lane, LDS_SIZE 512 bytes: accesses at and across the end */
    {"lds_oob_all", "v_mov_b32 v20, 0\n s_mov_b32 exec_lo, 1\n"
     "v_mov_b32 v1, 0x11111111\n v_mov_b32 v2, 0x22222222\n v_mov_b32 v3, 0x33333333\n"
     "v_mov_b32 v4, 0x44444444\n v_mov_b32 v10, 0x1f8\n"
     "ds_store_b128 v10, v[1:4]\n"                     /* 504, 508 written; 512, 516 dropped */
     "v_mov_b32 v11, 0x200\n ds_store_b32 v11, v4\n ds_load_b32 v5, v11\n"
     "v_mov_b32 v12, 0x1fc\n ds_load_b64 v[6:7], v12\n"
     "ds_load_2addr_b32 v[8:9], v10 offset0:1 offset1:2\n"
     "v_mov_b32 v13, 1\n ds_add_rtn_u32 v14, v11, v13\n"
     "v_mov_b32 v15, 1\n v_mov_b32 v16, 0\n ds_add_rtn_u64 v[17:18], v12, v[15:16]\n"
     "ds_load_b32 v19, v12\n"
     "v_mov_b32 v23, 0x55555555\n ds_store_b32 v20, v23 offset:4\n"
     "v_mov_b32 v21, -4\n ds_load_b32 v22, v21 offset:8\n"  /* 0xfffffffc + 8 does not wrap to 4 */
     "v_mov_b32 v24, 0x4000000\n v_mov_b32 v25, 0x77\n ds_bpermute_b32 v26, v24, v25\n"
     "s_waitcnt lgkmcnt(0)\n"
     SST("v5", 2048) SST("v6", 2052) SST("v7", 2056) SST("v8", 2060) SST("v9", 2064)
     SST("v14", 2068) SST("v17", 2072) SST("v18", 2076) SST("v19", 2080) SST("v22", 2084)
     SST("v26", 2088) "s_endpgm"},

    /* MUBUF: a raw V# (stride 0, OOB_SELECT 3) over the 64 bytes at data
     * dword 256; results at dwords 512 + 32k */
    {"buffer_raw",
     "v_lshlrev_b32 v10, 2, v0\n s_add_u32 s4, s0, 0x400\n s_addc_u32 s5, s1, 0\n"
     "s_mov_b32 s6, 64\n s_mov_b32 s7, 0x30000000\n s_mov_b32 s8, 8\n v_mov_b32 v11, 60\n"
     "buffer_load_b32 v1, v10, s[4:7], 0 offen\n"
     "buffer_load_b32 v2, v10, s[4:7], s8 offen\n"
     "buffer_load_b64 v[3:4], v11, s[4:7], 0 offen\n"
     "buffer_load_u16 v5, v10, s[4:7], 0 offen offset:2\n"
     "s_waitcnt vmcnt(0)\n buffer_gl0_inv\n buffer_gl1_inv\n"
     "v_add_nc_u32 v6, 0x1000, v0\n"
     "buffer_store_b8 v6, v10, s[4:7], 0 offen offset:1\n"
     "buffer_store_b32 v6, v10, s[4:7], 0 offen offset:32\n"
     "v_mov_b32 v7, 5\n buffer_atomic_add_u32 v7, v10, s[4:7], 0 offen offset:48 glc\n"
     "s_waitcnt vmcnt(0)\n"
     "global_store_b32 v10, v1, s[0:1] offset:2048\n global_store_b32 v10, v2, s[0:1] offset:2176\n"
     "global_store_b32 v10, v3, s[0:1] offset:2304\n global_store_b32 v10, v4, s[0:1] offset:2432\n"
     "global_store_b32 v10, v5, s[0:1] offset:2560\n global_store_b32 v10, v7, s[0:1] offset:2688\n"
     "s_endpgm"},
    /* MUBUF: 4 records of 8 bytes at dword 256 checked by OOB_SELECT 0, 1,
     * 2; then a swizzled ADD_TID V# (4-byte elements, 8 lanes a group,
     * stride 8) stored through at dword 512; results at dwords 768 + 32k */
    {"buffer_struct",
     "v_lshlrev_b32 v10, 2, v0\n s_add_u32 s4, s0, 0x400\n s_addc_u32 s5, s1, 0x80000\n"
     "s_mov_b32 s6, 4\n s_mov_b32 s7, 0\n"
     "buffer_load_b32 v1, v0, s[4:7], 0 idxen offset:4\n"
     "buffer_load_b32 v2, v0, s[4:7], 0 idxen offset:8\n"
     "s_mov_b32 s7, 0x10000000\n"
     "buffer_load_b32 v3, v0, s[4:7], 0 idxen offset:8\n"
     "v_mov_b32 v12, 1\n v_mov_b32 v13, v10\n"
     "buffer_load_b32 v4, v[12:13], s[4:7], 0 idxen offen\n"
     "s_mov_b32 s7, 0x20000000\n s_mov_b32 s6, 0\n"
     "buffer_load_b32 v5, v10, s[4:7], 0 offen\n"
     "s_add_u32 s4, s0, 0x800\n s_addc_u32 s5, s1, 0x40080000\n s_mov_b32 s6, 32\n"
     "s_mov_b32 s7, 0x30800000\n"
     "v_add_nc_u32 v6, 0x100, v0\n v_add_nc_u32 v7, 0x200, v0\n"
     "buffer_store_b64 v[6:7], off, s[4:7], 0\n"
     "s_waitcnt vmcnt(0)\n"
     "global_store_b32 v10, v1, s[0:1] offset:3072\n global_store_b32 v10, v2, s[0:1] offset:3200\n"
     "global_store_b32 v10, v3, s[0:1] offset:3328\n global_store_b32 v10, v4, s[0:1] offset:3456\n"
     "global_store_b32 v10, v5, s[0:1] offset:3584\n s_endpgm"},

    /* MUBUF/MTBUF format loads: a raw V# (OOB_SELECT 3, 64 bytes) over the
     * data at dword 256 with DST_SEL X,Y,Z,W and FORMAT 0 unless set; v1-v4
     * preset to 0x11111111 and stored to dword 512 + 4k for load k */
    {"buffer_fmt_load",
     "v_mov_b32 v30, 0\n s_add_u32 s4, s0, 0x400\n s_addc_u32 s5, s1, 0\n"
     "s_mov_b32 s6, 64\n s_mov_b32 s7, 0x30000fac\n"
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_8_8_8_UNORM]\n" FOUT(2048)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_8_8_8_SNORM]\n" FOUT(2064)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_8_8_8_USCALED]\n" FOUT(2080)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_8_8_8_SSCALED]\n" FOUT(2096)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_8_8_8_UINT]\n" FOUT(2112)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_8_8_8_SINT]\n" FOUT(2128)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_16_16_FLOAT] offset:4\n" FOUT(2144)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_16_16_SNORM] offset:8\n" FOUT(2160)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_32_FLOAT] offset:12\n" FOUT(2176)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_10_11_11_FLOAT] offset:16\n" FOUT(2192)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_2_10_10_10_UNORM] offset:20\n" FOUT(2208)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_2_10_10_10_SNORM] offset:20\n" FOUT(2224)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_2_10_10_10_SINT] offset:20\n" FOUT(2240)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_10_10_10_2_UINT] offset:20\n" FOUT(2256)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_UINT]\n" FOUT(2272)
     "s_mov_b32 s7, 0x3002e80f\n"   /* 8_8_8_8_UINT, DST_SEL W, 1, 0, X */
     FPRE "buffer_load_format_xyzw v[1:4], off, s[4:7], 0\n" FOUT(2288)
     "s_mov_b32 s7, 0x3002afac\n"   /* 8_8_8_8_UNORM */
     FPRE "buffer_load_format_x v1, off, s[4:7], 0\n" FOUT(2304)
     FPRE "buffer_load_d16_format_xyzw v[1:2], off, s[4:7], 0\n" FOUT(2320)
     "s_mov_b32 s7, 0x30026fac\n"   /* 2_10_10_10_USCALED */
     FPRE "buffer_load_format_xyz v[1:3], off, s[4:7], 0 offset:20\n" FOUT(2336)
     FPRE "tbuffer_load_d16_format_xyz v[1:2], off, s[4:7], 0 format:[BUF_FMT_16_16_16_16_SINT] offset:4\n" FOUT(2352)
     FPRE "tbuffer_load_d16_format_x v1, off, s[4:7], 0 format:[BUF_FMT_16_FLOAT] offset:4\n" FOUT(2368)
     "s_mov_b32 s7, 0x3001dfac\n"   /* 16_16_FLOAT */
     FPRE "buffer_load_d16_hi_format_x v1, off, s[4:7], 0 offset:4\n" FOUT(2384)
     FPRE "tbuffer_load_d16_format_xy v1, off, s[4:7], 0 format:[BUF_FMT_32_32_FLOAT] offset:12\n" FOUT(2400)
     FPRE "tbuffer_load_format_x v1, off, s[4:7], 0 format:[BUF_FMT_11_11_10_FLOAT] offset:16\n" FOUT(2416)
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_INVALID]\n" FOUT(2432)
     /* out of range as a whole (bytes 56-71 of 64), then with DST_SEL X, Y, 1, W */
     "s_mov_b32 s7, 0x30000fac\n"
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_32_32_32_32_UINT] offset:56\n"
     FOUT(2448)
     "s_mov_b32 s7, 0x30000e6c\n"
     FPRE "tbuffer_load_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_UINT] offset:64\n"
     FOUT(2464)
     "s_endpgm"},
    /* format stores through a raw V# (128 bytes) at dword 256 */
    {"buffer_fmt_store",
     "s_add_u32 s4, s0, 0x400\n s_addc_u32 s5, s1, 0\n s_mov_b32 s6, 128\n s_mov_b32 s7, 0x30000fac\n"
     "v_mov_b32 v1, 0.5\n v_mov_b32 v2, 1.5\n v_mov_b32 v3, 0x7fc00000\n v_mov_b32 v4, -0.25\n"
     "tbuffer_store_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_8_8_8_UNORM]\n"
     "v_mov_b32 v1, -1.0\n v_mov_b32 v2, -2.0\n v_mov_b32 v3, 0.5\n v_mov_b32 v4, 1.0\n"
     "tbuffer_store_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_8_8_8_SNORM] offset:4\n"
     "v_mov_b32 v1, 0x40600000\n v_mov_b32 v2, 0x43960000\n v_mov_b32 v3, -4.0\n v_mov_b32 v4, 0x40200000\n"
     "tbuffer_store_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_8_8_8_USCALED] offset:8\n"
     "v_mov_b32 v1, 0xc0600000\n v_mov_b32 v2, 0xc3960000\n v_mov_b32 v3, 0x43480000\n v_mov_b32 v4, 1.0\n"
     "tbuffer_store_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_8_8_8_SSCALED] offset:12\n"
     "v_mov_b32 v1, 0x1ff\n v_mov_b32 v2, 2\n v_mov_b32 v3, 3\n v_mov_b32 v4, 0x104\n"
     "tbuffer_store_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_8_8_8_8_UINT] offset:16\n"
     "v_mov_b32 v1, -2\n v_mov_b32 v2, 0x12345\n"
     "tbuffer_store_format_xy v[1:2], off, s[4:7], 0 format:[BUF_FMT_16_16_SINT] offset:20\n"
     "v_mov_b32 v1, 1.0\n v_mov_b32 v2, 0x477ff000\n"
     "tbuffer_store_format_xy v[1:2], off, s[4:7], 0 format:[BUF_FMT_16_16_FLOAT] offset:24\n"
     "v_mov_b32 v1, 1.0\n v_mov_b32 v2, -1.0\n v_mov_b32 v3, 0x7fc00000\n"
     "tbuffer_store_format_xyz v[1:3], off, s[4:7], 0 format:[BUF_FMT_10_11_11_FLOAT] offset:28\n"
     "v_mov_b32 v1, 1.0\n v_mov_b32 v2, 0.5\n v_mov_b32 v3, 0\n v_mov_b32 v4, 0x3ecccccd\n"
     "tbuffer_store_format_xyzw v[1:4], off, s[4:7], 0 format:[BUF_FMT_2_10_10_10_UNORM] offset:32\n"
     "s_mov_b32 s7, 0x3002efac\n v_mov_b32 v1, 0x55\n"   /* V# 8_8_8_8_UINT */
     "buffer_store_format_x v1, off, s[4:7], 0 offset:36\n"
     "s_mov_b32 s7, 0x30033fac\n v_mov_b32 v1, 1.0\n v_mov_b32 v2, 0\n"   /* 16_16_16_16_UNORM */
     "buffer_store_format_xy v[1:2], off, s[4:7], 0 offset:40\n"
     "s_mov_b32 s7, 0x3002afac\n v_mov_b32 v5, 0x3c003800\n v_mov_b32 v6, 0x7e00bc00\n"   /* 8_8_8_8_UNORM */
     "buffer_store_d16_format_xyzw v[5:6], off, s[4:7], 0 offset:48\n"
     "tbuffer_store_d16_format_xyz v[5:6], off, s[4:7], 0 format:[BUF_FMT_16_16_16_16_SINT] offset:52\n"
     "s_mov_b32 s7, 0x3000dfac\n"   /* 16_FLOAT */
     "buffer_store_d16_hi_format_x v5, off, s[4:7], 0 offset:60\n"
     "tbuffer_store_format_x v5, off, s[4:7], 0 format:[BUF_FMT_INVALID] offset:64\n"
     "tbuffer_store_format_xy v[5:6], off, s[4:7], 0 format:[BUF_FMT_32_32_UINT] offset:124\n"
     "s_endpgm"},
    /* per lane: raw V# of 16 bytes (lanes 0-3 in range), 8_8_8_8_UINT, lane
     * 0 inactive; loads stored to dwords 512 + 32k, stores into dword 256 */
    {"buffer_fmt_lanes",
     "v_lshlrev_b32 v10, 2, v0\n s_add_u32 s4, s0, 0x400\n s_addc_u32 s5, s1, 0\n"
     "s_mov_b32 s6, 16\n s_mov_b32 s7, 0x3002efac\n"
     FPRE "v_add_nc_u32 v5, 0x40, v0\n v_mov_b32 v6, v1\n v_mov_b32 v7, v1\n"
     "s_mov_b32 exec_lo, -2\n"
     "buffer_load_format_xyzw v[1:4], v10, s[4:7], 0 offen\n"
     /* structured: stride 8, 4 records; OOB_SELECT 1 (index), then 0 (index and offset) */
     "s_or_b32 s5, s5, 0x80000\n s_mov_b32 s6, 4\n s_mov_b32 s7, 0x10000fac\n"
     "tbuffer_load_format_xy v[6:7], v0, s[4:7], 0 format:[BUF_FMT_16_16_UINT] idxen offset:4\n"
     "s_mov_b32 s7, 0x00000fac\n"
     "tbuffer_load_format_x v8, v0, s[4:7], 0 format:[BUF_FMT_32_UINT] idxen offset:8\n"
     "s_mov_b32 s5, s1\n s_mov_b32 s6, 16\n s_mov_b32 s7, 0x3002efac\n s_waitcnt vmcnt(0)\n"
     "buffer_store_format_x v5, v10, s[4:7], 0 offen\n"
     "tbuffer_store_format_x v5, v10, s[4:7], 0 format:[BUF_FMT_8_UINT] offen offset:1\n"
     "s_mov_b32 exec_lo, -1\n"
     "global_store_b32 v10, v1, s[0:1] offset:2048\n global_store_b32 v10, v4, s[0:1] offset:2176\n"
     "global_store_b32 v10, v6, s[0:1] offset:2304\n global_store_b32 v10, v7, s[0:1] offset:2432\n"
     "global_store_b32 v10, v8, s[0:1] offset:2560\n"
     "s_endpgm"},
    /* buffer_load_lds_*: M0 = 0x10000 | 64 (only M0[15:0] counts); LDS read back
     * by lane and stored to dwords 512 + 32k */
    {"buffer_lds",
     "v_lshlrev_b32 v10, 2, v0\n s_add_u32 s4, s0, 0x400\n s_addc_u32 s5, s1, 0\n"
     "s_mov_b32 s6, 64\n s_mov_b32 s7, 0x3002afac\n s_mov_b32 m0, 0x10040\n"
     "buffer_load_lds_b32 v10, s[4:7], 0 offen offset:4\n"
     "s_mov_b32 m0, 0xc0\n buffer_load_lds_u8 v10, s[4:7], 0 offen offset:4\n"
     "s_mov_b32 m0, 0x140\n buffer_load_lds_i8 v10, s[4:7], 0 offen offset:4\n"
     "s_mov_b32 m0, 0x1c0\n buffer_load_lds_u16 v10, s[4:7], 0 offen offset:4\n"
     "s_mov_b32 m0, 0x240\n buffer_load_lds_i16 v10, s[4:7], 0 offen offset:4\n"
     "s_mov_b32 m0, 0x2c0\n buffer_load_lds_format_x v10, s[4:7], 0 offen offset:4\n"
     "s_waitcnt vmcnt(0)\n"
     "ds_load_b32 v1, v10 offset:68\n ds_load_b32 v2, v10 offset:196\n"
     "ds_load_b32 v3, v10 offset:324\n ds_load_b32 v4, v10 offset:452\n"
     "ds_load_b32 v5, v10 offset:580\n ds_load_b32 v6, v10 offset:708\n s_waitcnt lgkmcnt(0)\n"
     "global_store_b32 v10, v1, s[0:1] offset:2048\n global_store_b32 v10, v2, s[0:1] offset:2176\n"
     "global_store_b32 v10, v3, s[0:1] offset:2304\n global_store_b32 v10, v4, s[0:1] offset:2432\n"
     "global_store_b32 v10, v5, s[0:1] offset:2560\n global_store_b32 v10, v6, s[0:1] offset:2688\n"
     "s_endpgm"},

    /* ---- memory ---- */
    {"global_saddr", VOPALL(
     "v_add_nc_u32 v14, 8, v10\n global_load_b32 v4, v14, s[0:1] offset:-4\n"  /* data[lane + 1] */
     "v_mov_b32 v12, s0\n v_mov_b32 v13, s1\n v_add_co_u32 v12, vcc_lo, v12, v10\n"
     "v_add_co_ci_u32_e32 v13, vcc_lo, 0, v13, vcc_lo\n"
     "global_load_b32 v5, v[12:13], off offset:128\n"
     "global_load_u8 v6, v10, s[0:1] offset:1\n global_load_i8 v7, v10, s[0:1] offset:3\n"
     "global_load_b32 v8, v10, s[0:1] offset:256\n global_load_d16_hi_b16 v8, v10, s[0:1] offset:128\n"
     "s_waitcnt vmcnt(0)\n"
     "global_store_b16 v10, v1, s[0:1] offset:2560\n"
     "flat_store_b32 v[12:13], v2 offset:2688\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048\n global_store_b32 v10, v6, s[0:1] offset:2176\n"
     "global_store_b32 v10, v7, s[0:1] offset:2304\n global_store_b32 v10, v8, s[0:1] offset:2432")},
    {"global_atomics", VOPALL(
     "v_mov_b32 v20, 0\n v_mov_b32 v21, 1\n"
     "global_atomic_add_u32 v4, v20, v21, s[0:1] offset:2048 glc\n"
     "global_atomic_max_i32 v20, v1, s[0:1] offset:2052\n"
     "v_mov_b32 v22, 5\n v_mov_b32 v23, 0\n"
     "global_atomic_cmpswap_b32 v5, v20, v[22:23], s[0:1] offset:2056 glc\n"
     "global_atomic_xor_b32 v20, v1, s[0:1] offset:2060\n"
     "global_atomic_add_f32 v20, v2, s[0:1] offset:2064\n"
     "v_mov_b32 v24, 1\n v_mov_b32 v25, 0\n"
     "global_atomic_add_u64 v20, v[24:25], s[0:1] offset:2072\n"
     "s_waitcnt vmcnt(0)\n"
     "global_store_b32 v10, v5, s[0:1] offset:2176")},
    {"scratch_rw",
     "v_lshlrev_b32 v1, 2, v0\n v_add_nc_u32 v2, 1000, v0\n"
     "scratch_store_b32 off, v2, off offset:16\n"
     "v_mov_b32 v3, 8\n scratch_store_b64 v3, v[1:2], off\n"
     "s_mov_b32 s8, 4\n scratch_load_b32 v4, off, s8 offset:12\n"
     "scratch_load_b64 v[5:6], v3, off\n"
     "v_mov_b32 v12, 0x10\n v_mov_b32 v13, src_private_base\n flat_load_b32 v7, v[12:13]\n"
     "s_waitcnt vmcnt(0)\n"
     "global_store_b32 v1, v4, s[0:1] offset:2048\n global_store_b32 v1, v6, s[0:1] offset:2176\n"
     "global_store_b32 v1, v7, s[0:1] offset:2304\n"
     "s_endpgm"},
    {"scratch_oob", "v_mov_b32 v1, 1\n scratch_store_b32 off, v1, off offset:64\n s_endpgm"},
    {"flat_lds",
     "v_lshlrev_b32 v1, 2, v0\n v_mov_b32 v2, src_shared_base\n v_add_nc_u32 v3, 500, v0\n"
     "flat_store_b32 v[1:2], v3\n s_waitcnt vmcnt(0) lgkmcnt(0)\n"
     "ds_load_b32 v4, v1\n s_waitcnt lgkmcnt(0)\n"
     "global_store_b32 v1, v4, s[0:1] offset:2048\n s_endpgm"},

    /* ---- launch state ---- */
    {"launch_sgprs",
     /* flat work-item index in the workgroup from the packed ids */
     "v_and_b32 v1, 0x3ff, v0\n v_bfe_u32 v2, v0, 10, 10\n v_bfe_u32 v3, v0, 20, 10\n"
     "v_lshlrev_b32 v2, 3, v2\n v_lshlrev_b32 v3, 5, v3\n v_add3_u32 v4, v1, v2, v3\n"
     "s_lshl_b32 s20, s3, 1\n s_add_u32 s20, s20, s2\n s_lshl_b32 s21, s20, 6\n"
     "v_add_nc_u32 v5, s21, v4\n v_lshlrev_b32 v6, 2, v5\n"
     "global_store_b32 v6, v0, s[0:1] offset:1024\n"
     /* lane 0 of each wave: s2..s6 and EXEC at data[wg * 16 + wave * 8 + i] */
     "s_mov_b32 s25, exec_lo\n s_bfe_u32 s22, s4, 0x50014\n s_lshl_b32 s23, s20, 4\n"
     "s_lshl_b32 s24, s22, 3\n s_add_u32 s23, s23, s24\n s_lshl_b32 s23, s23, 2\n"
     "s_mov_b32 exec_lo, 1\n v_mov_b32 v7, s23\n"
     "v_mov_b32 v8, s2\n global_store_b32 v7, v8, s[0:1]\n"
     "v_mov_b32 v8, s3\n global_store_b32 v7, v8, s[0:1] offset:4\n"
     "v_mov_b32 v8, s4\n global_store_b32 v7, v8, s[0:1] offset:8\n"
     "v_mov_b32 v8, s5\n global_store_b32 v7, v8, s[0:1] offset:12\n"
     "v_mov_b32 v8, s6\n global_store_b32 v7, v8, s[0:1] offset:16\n"
     "v_mov_b32 v8, s25\n global_store_b32 v7, v8, s[0:1] offset:20\n"
     "s_endpgm"},
    {"launch_partial",
     "s_mov_b32 s25, exec_lo\n v_lshlrev_b32 v1, 2, v0\n global_store_b32 v1, v0, s[0:1] offset:1024\n"
     "s_bfe_u32 s22, s2, 0x50014\n s_lshl_b32 s23, s22, 2\n v_mov_b32 v7, s23\n v_mov_b32 v8, s25\n"
     "s_mov_b32 exec_lo, 1\n global_store_b32 v7, v8, s[0:1]\n s_endpgm"},
    {"grid_ids",
     "v_mov_b32 v20, 0\n"
     "s_mul_i32 s8, s4, 1\n s_mul_i32 s9, s3, 4\n s_add_u32 s8, s8, s9\n s_mul_i32 s9, s2, 12\n"
     "s_add_u32 s8, s8, s9\n s_lshl_b32 s8, s8, 2\n v_mov_b32 v1, s8\n"
     "v_mov_b32 v2, s2\n v_lshlrev_b32 v3, 8, v2\n v_mov_b32 v4, s3\n v_lshl_or_b32 v3, v4, 4, v3\n"
     "v_or_b32 v3, s4, v3\n"
     "global_atomic_add_u32 v1, v3, s[0:1]\n s_endpgm"},

    /* ---- workgroups, barriers ---- */
    {"barrier_rounds",
     /* 4 waves of 32; each round every work-item writes LDS[tid] = its value,
      * barrier, reads its neighbour's LDS[(tid+1)%128], barrier, adds */
     "v_lshlrev_b32 v10, 2, v0\n v_add_nc_u32 v11, 1, v0\n v_and_b32 v11, 127, v11\n"
     "v_lshlrev_b32 v11, 2, v11\n v_mov_b32 v1, v0\n s_mov_b32 s8, 5\n"
     "1:\n ds_store_b32 v10, v1\n s_waitcnt lgkmcnt(0)\n s_barrier\n"
     "ds_load_b32 v2, v11\n s_waitcnt lgkmcnt(0)\n s_barrier\n"
     "v_add_nc_u32 v1, v1, v2\n s_sub_u32 s8, s8, 1\n s_cmp_lg_u32 s8, 0\n s_cbranch_scc1 1b\n"
     "global_store_b32 v10, v1, s[0:1]\n s_endpgm"},
    {"barrier_early_end",
     /* wave 1 ends before the barrier; the others must not wait for it */
     "s_bfe_u32 s8, s2, 0x50014\n s_cmp_eq_u32 s8, 1\n s_cbranch_scc1 1f\n"
     "s_barrier\n v_lshlrev_b32 v10, 2, v0\n v_mov_b32 v1, 1\n global_store_b32 v10, v1, s[0:1]\n"
     "1:\n s_endpgm"},

    /* ---- aids and faults ---- */
    {"strict_missing_wait",
     "v_lshlrev_b32 v10, 2, v0\n global_load_b32 v1, v10, s[0:1]\n"
     "v_add_nc_u32 v2, 1, v1\n s_waitcnt vmcnt(0)\n v_add_nc_u32 v3, 1, v1\n"
     "global_store_b32 v10, v2, s[0:1] offset:2048\n global_store_b32 v10, v3, s[0:1] offset:2176\n"
     "s_endpgm"},
    {"strict_lgkm_order",
     "v_lshlrev_b32 v10, 2, v0\n v_add_nc_u32 v1, 10, v0\n ds_store_b32 v10, v1\n s_waitcnt lgkmcnt(0)\n"
     "ds_load_b32 v2, v10\n ds_load_b32 v3, v10\n s_waitcnt lgkmcnt(1)\n"
     "v_mov_b32 v4, v2\n v_mov_b32 v5, v3\n s_waitcnt lgkmcnt(0)\n"
     "global_store_b32 v10, v4, s[0:1] offset:2048\n global_store_b32 v10, v5, s[0:1] offset:2176\n"
     "s_endpgm"},
    {"strict_d16_halves",
     /* two d16 loads into the halves of v1 (global) and of v2 (LDS), in
      * flight together; a wait between them for v3 */
     "v_lshlrev_b32 v10, 2, v0\n v_mov_b32 v1, 0\n v_mov_b32 v2, 0\n"
     "ds_store_b32 v10, v0\n s_waitcnt lgkmcnt(0)\n"
     "global_load_d16_b16 v1, v10, s[0:1]\n global_load_d16_hi_b16 v1, v10, s[0:1] offset:2\n"
     "ds_load_u16_d16_hi v2, v10\n ds_load_u16_d16 v2, v10 offset:2\n"
     "v_mov_b32 v3, 0x11112222\n global_load_d16_hi_b16 v3, v10, s[0:1]\n"
     "global_load_d16_b16 v3, v10, s[0:1] offset:2\n s_waitcnt vmcnt(1) lgkmcnt(0)\n"
     "v_mov_b32 v4, v3\n s_waitcnt vmcnt(0)\n"
     "global_store_b32 v10, v1, s[0:1] offset:2048\n global_store_b32 v10, v2, s[0:1] offset:2176\n"
     "global_store_b32 v10, v4, s[0:1] offset:2304\n global_store_b32 v10, v3, s[0:1] offset:2432\n"
     "s_endpgm"},
    {"fault_unmapped", "v_mov_b32 v1, 0x1000\n v_mov_b32 v2, 0\n global_load_b32 v3, v[1:2], off\n s_endpgm"},
    {"fault_readonly", "v_mov_b32 v1, 0\n s_getpc_b64 s[2:3]\n global_store_b32 v1, v1, s[2:3]\n s_endpgm"},
    {"hang", "1:\n s_branch 1b"},
    {"unimplemented", "s_nop 0\n v_interp_p10_f32 v0, v1, v2, v3\n s_endpgm"},
    {"buffer_tfe", "s_nop 0\n buffer_load_format_x v[1:2], off, s[4:7], 0 tfe\n s_endpgm"},
    {"illegal", "s_nop 0\n .long 0xffffffff\n s_endpgm"},
    {"past_end", "s_nop 0\n"},
    {"vgpr_range", "v_mov_b32 v100, 0\n s_endpgm"},
    /* ---- NaN model (errata NAN_DEFAULT / NAN_PROPAGATE) ---- */
    {"nan_f32", VOPALL(
     "v_mul_f32 v4, v1, v2\n v_add_f32 v5, v1, v2\n v_fma_f32 v6, v1, v2, v3\n"
     "v_mov_b32 v7, v3\n v_fmac_f32 v7, v1, v2\n v_sqrt_f32 v8, v1\n v_sub_f32 v9, v1, v2\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048\n global_store_b32 v10, v6, s[0:1] offset:2176\n"
     "global_store_b32 v10, v7, s[0:1] offset:2304\n global_store_b32 v10, v8, s[0:1] offset:2432\n"
     "global_store_b32 v10, v9, s[0:1] offset:2560")},
    {"nan_trans", VOPALL(
     "v_rsq_f32 v4, v1\n v_log_f32 v5, v1\n v_rcp_f32 v6, v1\n v_sin_f32 v7, v1\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048\n global_store_b32 v10, v6, s[0:1] offset:2176\n"
     "global_store_b32 v10, v7, s[0:1] offset:2304")},
    {"nan_cvt", VOPALL(
     "v_cvt_f32_f16 v4, v1\n v_mov_b32 v5, 0\n v_cvt_f16_f32 v5, v2\n v_cvt_f64_f32 v[6:7], v3\n"
     "v_cvt_f32_f64 v8, v[1:2]\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048\n global_store_b32 v10, v6, s[0:1] offset:2176\n"
     "global_store_b32 v10, v7, s[0:1] offset:2304\n global_store_b32 v10, v8, s[0:1] offset:2432")},
    {"nan_f16", VOPALL(
     "v_add_f16 v4, v1, v2\n v_mov_b32 v5, 0\n v_sqrt_f16 v5, v1\n v_pk_add_f16 v6, v1, v2\n"
     "v_mov_b32 v7, 0\n v_fma_f16 v7, v1, v2, v3\n"
     "global_store_b32 v10, v5, s[0:1] offset:2048\n global_store_b32 v10, v6, s[0:1] offset:2176\n"
     "global_store_b32 v10, v7, s[0:1] offset:2304")},
    {"nan_f64",
     "v_lshlrev_b32 v10, 3, v0\n global_load_b64 v[1:2], v10, s[0:1]\n"
     "global_load_b64 v[3:4], v10, s[0:1] offset:256\n s_waitcnt vmcnt(0)\n"
     "v_add_f64 v[5:6], v[1:2], v[3:4]\n v_mul_f64 v[7:8], v[1:2], v[3:4]\n"
     "v_fma_f64 v[11:12], v[1:2], v[3:4], v[3:4]\n"
     "global_store_b64 v10, v[5:6], s[0:1] offset:2048\n global_store_b64 v10, v[7:8], s[0:1] offset:2304\n"
     "global_store_b64 v10, v[11:12], s[0:1] offset:2560\n s_endpgm"},
    {"decode_cache",
     "v_mov_b32 v1, 0x1234\n v_mov_b32 v20, 0\n global_store_b32 v20, v1, s[0:1] offset:2048\n"
     "s_endpgm"},
    {"stats_mix",
     "v_lshlrev_b32 v10, 2, v0\n global_load_b32 v1, v10, s[0:1]\n s_waitcnt vmcnt(0)\n"
     "v_dual_add_f32 v2, v1, v1 :: v_dual_mov_b32 v3, v10\n ds_store_b32 v10, v1\n s_waitcnt lgkmcnt(0)\n"
     "s_barrier\n v_exp_f32 v4, v1\n global_store_b32 v10, v2, s[0:1] offset:512\n s_endpgm"},
};

#define NPROGS (sizeof(progs) / sizeof(progs[0]))

static struct xh H;
static int h_state;         /* 0 not yet, 1 ready, -1 failed */
static char h_err[4096];

/* Unchecked fixture: assemble everything once for the whole suite (it runs
 * in the runner's process before the per-test forks). */
static void suite_setup(void)
{
    if (!h_state)
        h_state = xh_init(&H, progs, NPROGS, h_err, sizeof(h_err)) ? -1 : 1;
}

static uint32_t *D32(void)
{
    return (uint32_t *)H.data;
}

static void ready(void)
{
    ck_assert_msg(h_state == 1, "harness: %s", h_err);
    memset(H.data, 0, 64 * 1024);
    memset(H.scratch, 0, XH_SCRATCH_BYTES);
}

/* Run prog with inputs for the first n lanes (rest 0).  Fails the test on a
 * fault. */
static void run_abc(const char *prog, const uint32_t *a, const uint32_t *b, const uint32_t *c,
                    unsigned n, uint32_t rsrc1)
{
    struct xh_launch l = {.prog = prog, .rsrc1 = rsrc1};
    struct sim_fault f;
    struct sim_dispatch_stats st;
    int r;

    ready();
    for (unsigned i = 0; i < n; i++) {
        D32()[A_DW + i] = a ? a[i] : 0;
        D32()[B_DW + i] = b ? b[i] : 0;
        D32()[C_DW + i] = c ? c[i] : 0;
    }
    r = xh_run(&H, &l, &f, &st);
    ck_assert_msg(r == 0, "%s: %s", prog, f.msg);
}

/* Compare D[0..n) with exp; lanes 16..31 (inactive in VOP()) keep KEEP. */
static void check_d(const char *what, const uint32_t *exp, unsigned n, unsigned off_dw)
{
    for (unsigned i = 0; i < n; i++)
        ck_assert_msg(D32()[off_dw + i] == exp[i], "%s lane %u: got 0x%08x, want 0x%08x", what, i,
                      D32()[off_dw + i], exp[i]);
}

static void check_inactive(const char *what)
{
    for (unsigned i = 16; i < 32; i++)
        ck_assert_msg(D32()[D_DW + i] == KEEP, "%s: inactive lane %u written (0x%08x)", what, i,
                      D32()[D_DW + i]);
}

static bool is_nan32(uint32_t u)
{
    return (u & 0x7f800000u) == 0x7f800000u && (u & 0x7fffffu);
}

/* within ulps of want (same sign, finite) */
static void check_ulp(const char *what, unsigned lane, uint32_t got, uint32_t want, unsigned ulps)
{
    int64_t d = (int64_t)got - (int64_t)want;
    ck_assert_msg((got >> 31) == (want >> 31) && d <= (int64_t)ulps && d >= -(int64_t)ulps,
                  "%s lane %u: got 0x%08x (%g), want 0x%08x (%g) within %u ulp", what, lane, got,
                  uf(got), want, uf(want), ulps);
}

/* ================================================================ SALU */

static void run_scalar(const char *prog, const uint32_t in[4])
{
    ready();
    memcpy(D32(), in, 4 * sizeof(uint32_t));
    {
        struct xh_launch l = {.prog = prog};
        struct sim_fault f;
        struct sim_dispatch_stats st;
        int r = xh_run(&H, &l, &f, &st);
        ck_assert_msg(r == 0, "%s: %s", prog, f.msg);
    }
}

START_TEST(salu_arith_carry_overflow)
{
    static const uint32_t in[4] = {0xffffffffu, 2, 5, 6};
    /* s_add_u32 carry, s_addc_u32, s_sub_u32/s_subb_u32 borrow, s_add_i32
     * signed overflow, mul_hi, min/max, absdiff, lshl2_add */
    static const uint32_t want[] = {1, 1, 12, 0, 3, 0xfffffffeu, 1, 1, 0, 0x80000000u, 1,
                                    0xfffffffeu, 0xffffffffu, 0xfffffffeu, 0xffffffffu,
                                    0xffffffffu, 3, 26};
    run_scalar("salu_arith", in);
    check_d("salu_arith", want, sizeof(want) / 4, SOUT_DW);
}
END_TEST

START_TEST(salu_bit_ops_64bit)
{
    static const uint32_t in[4] = {0xffffffffu, 2, 5, 6};
    static const uint32_t want[] = {
        0, 0xfffffff0u,             /* s_lshl_b64 -1, 36 */
        0xf, 0,                     /* s_lshr_b64 -1, 60 */
        0xffff0000u, 0xffffffffu,   /* s_ashr_i64 */
        0xff, 0,                    /* s_bfe_u64 offset 4 width 8 */
        0xffffffffu, 0xf,           /* s_bfe_i32 / s_bfe_u32 of 0xf000, 12, 4 */
        16, 15, 0xffffffffu, 20,    /* ctz, clz, ctz(0) = -1, cls(0xfffff000) */
        36, 60,                     /* ctz_b64, clz_u64 */
        1, 0,                       /* bitcmp1 bit 1 of 2; bitcmp0 bit 63 of -1 */
        0x80000000u, 28, 0xffffff80u, 0xf00u, 0x0000ffffu, 0xffffffffu, 0xfffffffdu,
        0xfffffff0u, 0xfu,          /* s_xnor_b64 */
        0x22,                       /* s_quadmask_b32 0x00f00010 */
    };
    run_scalar("salu_bits", in);
    check_d("salu_bits", want, sizeof(want) / 4, SOUT_DW);
}
END_TEST

START_TEST(salu_sopk_cmov)
{
    static const uint32_t in[4] = {0};
    static const uint32_t want[] = {0xffff8000u, 24, 0, 1, 9};
    run_scalar("salu_sopk", in);
    check_d("salu_sopk", want, 5, SOUT_DW);
}
END_TEST

START_TEST(salu_getpc_setpc_swappc)
{
    static const uint32_t in[4] = {0};
    /* s44: 0 + 2 (setpc skipped "= 1") + 10 (called) + 100 (after return);
     * return address minus the later s_getpc: -(8 + 4 + 8 + 4) */
    static const uint32_t want[] = {112, 0xffffffe8u};
    run_scalar("salu_pc", in);
    check_d("salu_pc", want, 2, SOUT_DW);
}
END_TEST

START_TEST(salu_getreg_setreg_mode)
{
    static const uint32_t in[4] = {0};
    /* MODE from RSRC1: FLOAT_MODE 0xf0, DX10_CLAMP (bit 8), IEEE (bit 9) */
    static const uint32_t want[] = {0x3f0, 0xff, 0xd, 0xf0};
    run_scalar("salu_mode", in);
    check_d("salu_mode", want, 4, SOUT_DW);
}
END_TEST

START_TEST(salu_movrel_m0)
{
    struct xh_launch l = {.prog = "salu_movrel"};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    /* s[10+2], s[21+2] = s11, s[30+1] = s[10+1]; then M0 = 200 runs off s105 */
    ck_assert_int_eq(xh_run(&H, &l, &f, &st), -EINVAL);
    ck_assert_uint_eq(D32()[SOUT_DW + 0], 33);
    ck_assert_uint_eq(D32()[SOUT_DW + 1], 22);
    ck_assert_uint_eq(D32()[SOUT_DW + 2], 22);
    ck_assert_msg(strstr(f.msg, "s210"), "%s", f.msg);
}
END_TEST

START_TEST(salu_getreg_unsimulated_register_faults)
{
    struct xh_launch l = {.prog = "salu_getreg_bad"};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    ck_assert_int_lt(xh_run(&H, &l, &f, &st), 0);
    ck_assert_int_eq(f.kind, SIM_FAULT_UNSUPPORTED);
    ck_assert_msg(strstr(f.msg, "HW_REG_PERF_SNAPSHOT_DATA"), "%s", f.msg);
}
END_TEST

START_TEST(salu_getreg_hw_id_alloc)
{
    /* 50 workgroups of two waves, CU mode, 64 VGPRs, 1024 bytes of LDS */
    struct xh_launch l = {.prog = "salu_hwid", .rsrc2 = XH_RSRC2_DEFAULT | 0x80u | 2u << 15,
                          .wg = {64, 1, 1}, .grid = {50, 1, 1}};
    struct sim_fault f;
    struct sim_dispatch_stats st;
    const uint32_t *d = D32();

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    /* HW_ID1: workgroup i on WGP i % 48 = SE * 8 + SA * 4 + WGP; wave w on
     * SIMD w % 2 (CU mode), slot w / 2 */
    ck_assert_uint_eq(d[4 * (2 * 0 + 0)], 0);
    ck_assert_uint_eq(d[4 * (2 * 0 + 1)], 0x00000100);          /* SIMD 1 */
    ck_assert_uint_eq(d[4 * (2 * 13 + 0)], 0x00050400);         /* SE 1, SA 1, WGP 1 */
    ck_assert_uint_eq(d[4 * (2 * 47 + 1)], 0x00150d00);         /* SE 5, SA 1, WGP 3, SIMD 1 */
    ck_assert_uint_eq(d[4 * (2 * 48 + 0)], 0);                  /* round again */
    ck_assert_uint_eq(d[4 * (2 * 49 + 1)], 0x00000500);         /* WGP 1, SIMD 1 */
    for (unsigned i = 0; i < 100; i++) {
        ck_assert_uint_eq(d[4 * i + 1], 0x01000000);    /* HW_ID2: gfx_0.0.0, VM_ID 1 */
        ck_assert_uint_eq(d[4 * i + 2], 0x00000f00);    /* GPR_ALLOC: 64 / 4 - 1 */
        ck_assert_uint_eq(d[4 * i + 3], 0x00004000);    /* LDS_ALLOC: 1024 / 256 */
    }

    /* WGP mode, 16 VGPRs, 8 waves: SIMD w % 4, slot w / 4 */
    ready();
    l.rsrc1 = (XH_RSRC1_DEFAULT & ~0x3fu) | 1u | 1u << 29;
    l.wg[0] = 256;
    l.grid[0] = 1;
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(d[4 * 3], 0x00000300);
    ck_assert_uint_eq(d[4 * 5], 0x00000101);
    ck_assert_uint_eq(d[4 * 7], 0x00000301);
    ck_assert_uint_eq(d[4 * 7 + 2], 0x00000300);         /* GPR_ALLOC: 16 / 4 - 1 */
}
END_TEST

START_TEST(exec_mask_saveexec_branches)
{
    uint32_t want[32];
    run_abc("salu_saveexec", NULL, NULL, NULL, 0, 0);
    for (int i = 0; i < 32; i++)
        want[i] = i < 8 ? 11 : 12;
    check_d("saveexec", want, 32, D_DW);
    for (int i = 0; i < 32; i++)
        want[i] = 0xffffffffu;  /* s_or_saveexec saved EXEC */
    check_d("saveexec s21", want, 32, SOUT_DW);
}
END_TEST

START_TEST(smem_b32_to_b512)
{
    static const uint32_t want[] = {0x1001, 0x1002, 0x1003, 0x1007, 0x1008, 0x100f, 0x1010,
                                    0x101f, 0x1021, 0x1000};
    struct xh_launch l = {.prog = "smem_loads"};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    for (int i = 0; i < 64; i++)
        D32()[i] = 0x1000 + i;
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    check_d("smem", want, 10, SOUT_DW);
    ck_assert_uint_eq(st.smem_bytes_loaded, 4 + 8 + 16 + 32 + 64 + 4 + 4);
}
END_TEST

/* ================================================================ VALU f32 */

#define RSRC1_FLUSH_ALL 0x00a00007u     /* FLOAT_MODE 0: flush f32 and f16/f64 denormals */
#define RSRC1_NO_IEEE 0x002f0007u       /* IEEE_MODE off */
#define RSRC1_FP16_OVFL 0x04af0007u     /* FP16_OVFL on */
#define RSRC1_FLUSH_F16 0x00a30007u     /* FLOAT_MODE 0x30: f32 kept, f16/f64 flushed */

START_TEST(valu_add_f32_specials)
{
    static const uint32_t a[] = {0x3f800000, 0x7f800000, 0x7f61b1e6, 0x00000001, 0x7fc00001,
                                 0x80000000, 0x80000000, 0x3f800000, 0x3f800000, 0x00800001,
                                 0x3f800000};
    static const uint32_t b[] = {0x40000000, 0xff800000, 0x7f61b1e6, 0x00000000, 0x3f800000,
                                 0x00000000, 0x80000000, 0x33800000, 0x34400000, 0x80800000,
                                 0xbf800000};
    /* 1+2, inf-inf, overflow, denormal kept, NaN, -0+0, -0+-0, tie to even,
     * 1.5 ulp, exact denormal result, x-x */
    static const uint32_t want[] = {0x40400000, 0, 0x7f800000, 0x00000001, 0, 0x00000000,
                                    0x80000000, 0x3f800000, 0x3f800002, 0x00000001, 0x00000000};
    run_abc("v_add_f32", a, b, NULL, 11, 0);
    for (unsigned i = 0; i < 11; i++) {
        if (i == 1 || i == 4)
            ck_assert_msg(is_nan32(D32()[D_DW + i]), "lane %u not NaN", i);
        else
            check_d("v_add_f32", &want[i], 1, D_DW + i);
    }
    check_inactive("v_add_f32");
    /* FLOAT_MODE 0: denormal inputs and results flush to zero (on the
     * host: DAZ/FTZ for the wave, the calling thread's MXCSR untouched) */
    {
        unsigned host = _mm_getcsr();
        run_abc("v_add_f32", a, b, NULL, 11, RSRC1_FLUSH_ALL);
        ck_assert_uint_eq(_mm_getcsr(), host);
    }
    ck_assert_uint_eq(D32()[D_DW + 3], 0);
    ck_assert_uint_eq(D32()[D_DW + 9], 0);
    ck_assert_uint_eq(D32()[D_DW + 0], 0x40400000);
}
END_TEST

START_TEST(valu_fma_fused)
{
    static const uint32_t a[] = {0x40000000, 0x3f800001, 0x7f800000, 0xc0000000, 0x3f800001};
    static const uint32_t b[] = {0x40400000, 0x3f7fffff, 0x00000000, 0x40400000, 0x3f800001};
    static const uint32_t c[] = {0x3f800000, 0xbf800000, 0x3f800000, 0x40c00000, 0xbf800000};
    /* 2*3+1; (1+2^-23)(1-2^-24)-1 = 2^-24-2^-47 = 2^-25(2-2^-22) exactly (unfused: 0);
     * inf*0+1 = NaN; -2*3+6 = +0; (1+2^-23)^2-1 = 2^-22+2^-46 ties to 2^-22 */
    static const uint32_t want[] = {0x40e00000, 0x337ffffe, 0, 0x00000000, 0x34800000};
    const char *progs_[] = {"v_fma_f32", "v_fmac_f32"};

    for (int p = 0; p < 2; p++) {
        run_abc(progs_[p], a, b, c, 5, 0);
        for (unsigned i = 0; i < 5; i++) {
            if (i == 2)
                ck_assert_msg(is_nan32(D32()[D_DW + i]), "%s lane 2 not NaN", progs_[p]);
            else
                check_d(progs_[p], &want[i], 1, D_DW + i);
        }
        check_inactive(progs_[p]);
    }
}
END_TEST

START_TEST(valu_min_max_ieee_nan)
{
    static const uint32_t a[] = {0x3f800000, 0x00000000, 0x80000000, 0x7fc00000, 0x3f800000,
                                 0x7f800001, 0x3f800000, 0xff800000, 0x00000001, 0x7fc00000};
    static const uint32_t b[] = {0x40000000, 0x80000000, 0x00000000, 0x3f800000, 0x7fc00000,
                                 0x3f800000, 0xff800002, 0xc0a00000, 0x00000000, 0x7fc00001};
    /* IEEE mode: a signalling NaN is quieted and returned, a quiet NaN
     * loses to a number; +0 > -0 */
    static const uint32_t want_max[] = {0x40000000, 0x00000000, 0x00000000, 0x3f800000,
                                        0x3f800000, 0x7fc00001, 0xffc00002, 0xc0a00000,
                                        0x00000001, 0x7fc00000};
    static const uint32_t want_min[] = {0x3f800000, 0x80000000, 0x80000000, 0x3f800000,
                                        0x3f800000, 0x7fc00001, 0xffc00002, 0xff800000,
                                        0x00000000, 0x7fc00000};

    run_abc("v_max_f32", a, b, NULL, 10, 0);
    check_d("v_max_f32", want_max, 10, D_DW);
    check_inactive("v_max_f32");
    run_abc("v_min_f32", a, b, NULL, 10, 0);
    check_d("v_min_f32", want_min, 10, D_DW);
    /* IEEE off: a signalling NaN is just a NaN, the number wins */
    run_abc("v_max_f32", a, b, NULL, 10, RSRC1_NO_IEEE);
    ck_assert_uint_eq(D32()[D_DW + 5], 0x3f800000);
    ck_assert_uint_eq(D32()[D_DW + 6], 0x3f800000);
    ck_assert_uint_eq(D32()[D_DW + 0], 0x40000000);
}
END_TEST

START_TEST(valu_med3_f32)
{
    static const uint32_t a[] = {0x3f800000, 0x40a00000, 0x7fc00000, 0xbf800000};
    static const uint32_t b[] = {0x40400000, 0x3f800000, 0x3f800000, 0xbf800000};
    static const uint32_t c[] = {0x40000000, 0x40400000, 0x40000000, 0x00000000};
    /* med3(1,3,2)=2, med3(5,1,3)=3, NaN -> min3 = 1, med3(-1,-1,0) = -1 */
    static const uint32_t want[] = {0x40000000, 0x40400000, 0x3f800000, 0xbf800000};
    run_abc("v_med3_f32", a, b, c, 4, 0);
    check_d("v_med3_f32", want, 4, D_DW);
}
END_TEST

START_TEST(valu_vop3_modifiers)
{
    static const uint32_t a1[] = {0x40000000, 0xc0000000};
    static const uint32_t b1[] = {0xc0400000, 0xc0400000};
    static const uint32_t w1[] = {0xc0c00000, 0x40c00000};     /* -a * |b| */
    static const uint32_t a2[] = {0x3f333333, 0xbf000000, 0x3e800000, 0x7fc00000, 0x80000000};
    static const uint32_t b2[] = {0x3f19999a, 0x00000000, 0x3e800000, 0x00000000, 0x00000000};
    /* clamp: 1.3 -> 1, -0.5 -> 0, 0.5, NaN -> 0 (DX10_CLAMP), -0 + 0 = +0 */
    static const uint32_t w2[] = {0x3f800000, 0x00000000, 0x3f000000, 0x00000000, 0x00000000};
    static const uint32_t a3[] = {0x3f800000}, b3[] = {0x40000000};

    run_abc("v_mul_f32_mods", a1, b1, NULL, 2, 0);
    check_d("neg/abs", w1, 2, D_DW);
    run_abc("v_add_f32_clamp", a2, b2, NULL, 5, 0);
    check_d("clamp", w2, 5, D_DW);
    run_abc("v_add_f32_omod2", a3, b3, NULL, 1, 0);
    ck_assert_uint_eq(D32()[D_DW], 0x40c00000);        /* (1+2)*2 */
    run_abc("v_add_f32_omod_half", a3, b3, NULL, 1, 0);
    ck_assert_uint_eq(D32()[D_DW], 0x3fc00000);        /* (1+2)/2 */
}
END_TEST

START_TEST(valu_cvt_int_saturation)
{
    static const uint32_t a[] = {0x3fd9999a, 0xbfd9999a, 0x4f32d05e, 0xcf32d05e, 0x7fc00000,
                                 0x7f800000, 0xbf000000};
    /* 1.7, -1.7, 3e9, -3e9, NaN, inf, -0.5: truncation toward zero, saturated */
    static const uint32_t wi[] = {1, 0xffffffff, 0x7fffffff, 0x80000000, 0, 0x7fffffff, 0};
    static const uint32_t au[] = {0xbf800000, 0x4f9502f9, 0x4079999a, 0x7fc00000, 0x4f7fffff};
    /* -1 -> 0, 5e9 -> max, 3.9 -> 3, NaN -> 0, 2^32-256 */
    static const uint32_t wu[] = {0, 0xffffffff, 3, 0, 0xffffff00};
    static const uint32_t af[] = {0x01000001, 0xffffffff, 0x7fffffff};
    static const uint32_t wf[] = {0x4b800000, 0xbf800000, 0x4f000000};

    run_abc("v_cvt_i32_f32", a, NULL, NULL, 7, 0);
    check_d("v_cvt_i32_f32", wi, 7, D_DW);
    run_abc("v_cvt_u32_f32", au, NULL, NULL, 5, 0);
    check_d("v_cvt_u32_f32", wu, 5, D_DW);
    run_abc("v_cvt_f32_i32", af, NULL, NULL, 3, 0);
    check_d("v_cvt_f32_i32", wf, 3, D_DW);
}
END_TEST

START_TEST(valu_cvt_f16)
{
    static const uint32_t a[] = {0x3f800000, 0x477ff000, 0x477fef00, 0x33000000, 0x33400000,
                                 0xc0000000, 0x7fc00000, 0x7f800000};
    /* 1.0; 65520 (ties up to overflow) -> inf; 65519 -> 65504; 2^-25 ties to
     * 0; 0.75*2^-24 -> 2^-24; -2; NaN; inf.  The high half is kept. */
    static const uint32_t want[] = {0x5a5a3c00, 0x5a5a7c00, 0x5a5a7bff, 0x5a5a0000, 0x5a5a0001,
                                    0x5a5ac000, 0x5a5a7e00, 0x5a5a7c00};
    static const uint32_t h[] = {0x00003c00, 0x00000001, 0x00007c00, 0xabcd3555};
    static const uint32_t wh[] = {0x3f800000, 0x33800000, 0x7f800000, 0x3eaaa000};
    static const uint32_t pa[] = {0x3f800000, 0x477ff000, 0x3f801000};
    static const uint32_t pb[] = {0x40000000, 0xc77ff000, 0x3f801800};
    static const uint32_t wp[] = {0x40003c00, 0xfbff7bff, 0x3c003c00};

    run_abc("v_cvt_f16_f32", a, NULL, NULL, 8, 0);
    check_d("v_cvt_f16_f32", want, 8, D_DW);
    check_inactive("v_cvt_f16_f32");
    /* FP16_OVFL: overflow clamps to 65504, a true inf stays inf */
    run_abc("v_cvt_f16_f32", a, NULL, NULL, 8, RSRC1_FP16_OVFL);
    ck_assert_uint_eq(D32()[D_DW + 1], 0x5a5a7bff);
    ck_assert_uint_eq(D32()[D_DW + 7], 0x5a5a7c00);
    run_abc("v_cvt_f32_f16", h, NULL, NULL, 4, 0);
    check_d("v_cvt_f32_f16", wh, 4, D_DW);
    /* f16 denormal inputs flushed by FLOAT_MODE */
    run_abc("v_cvt_f32_f16", h, NULL, NULL, 4, RSRC1_FLUSH_F16);
    ck_assert_uint_eq(D32()[D_DW + 1], 0);
    /* v_cvt_pk_rtz_f16_f32: round toward zero whatever MODE says */
    run_abc("v_cvt_pk_rtz", pa, pb, NULL, 3, 0);
    check_d("v_cvt_pk_rtz", wp, 3, D_DW);
}
END_TEST

START_TEST(valu_transcendental)
{
    /* exact where the result is representable, else within 1 ULP (the
     * guide's precision); denormals flushed in and out */
    static const struct { const char *prog; uint32_t in, want; unsigned ulp; } c[] = {
        {"v_exp_f32", 0x40400000, 0x41000000, 0}, {"v_exp_f32", 0x00000000, 0x3f800000, 0},
        {"v_exp_f32", 0xbf800000, 0x3f000000, 0}, {"v_exp_f32", 0xff800000, 0x00000000, 0},
        {"v_exp_f32", 0x43480000, 0x7f800000, 0}, {"v_exp_f32", 0x3f000000, 0x3fb504f3, 1},
        {"v_exp_f32", 0xc3480000, 0x00000000, 0},
        {"v_log_f32", 0x41000000, 0x40400000, 0}, {"v_log_f32", 0x3f800000, 0x00000000, 0},
        {"v_log_f32", 0x00000000, 0xff800000, 0}, {"v_log_f32", 0x00000001, 0xff800000, 0},
        {"v_log_f32", 0x7f800000, 0x7f800000, 0},
        {"v_rcp_f32", 0x40800000, 0x3e800000, 0}, {"v_rcp_f32", 0x00000000, 0x7f800000, 0},
        {"v_rcp_f32", 0x80000000, 0xff800000, 0}, {"v_rcp_f32", 0x40400000, 0x3eaaaaab, 1},
        {"v_rcp_f32", 0x00000001, 0x7f800000, 0}, {"v_rcp_f32", 0x7f000000, 0x00000000, 0},
        {"v_rsq_f32", 0x40800000, 0x3f000000, 0}, {"v_rsq_f32", 0x00000000, 0x7f800000, 0},
        {"v_rsq_f32", 0x7f800000, 0x00000000, 0}, {"v_rsq_f32", 0x40000000, 0x3f3504f3, 1},
        {"v_sqrt_f32", 0x40800000, 0x40000000, 0}, {"v_sqrt_f32", 0x40000000, 0x3fb504f3, 1},
        {"v_sqrt_f32", 0x80000000, 0x80000000, 0}, {"v_sqrt_f32", 0x7f800000, 0x7f800000, 0},
        {"v_sin_f32", 0x3e800000, 0x3f800000, 1}, {"v_sin_f32", 0x00000000, 0x00000000, 0},
        {"v_sin_f32", 0x3f400000, 0xbf800000, 1}, {"v_sin_f32", 0x3e000000, 0x3f3504f3, 1},
        {"v_sin_f32", 0x3fa00000, 0x3f800000, 1}, {"v_sin_f32", 0xbe800000, 0xbf800000, 1},
        {"v_cos_f32", 0x00000000, 0x3f800000, 0}, {"v_cos_f32", 0x3f000000, 0xbf800000, 1},
        {"v_cos_f32", 0x3f800000, 0x3f800000, 1}, {"v_cos_f32", 0x3e000000, 0x3f3504f3, 1},
    };
    static const struct { const char *prog; uint32_t in; } nan[] = {
        {"v_log_f32", 0xbf800000}, {"v_rsq_f32", 0xbf800000}, {"v_sqrt_f32", 0xbf800000},
        {"v_sin_f32", 0x7f800000}, {"v_exp_f32", 0x7fc00000},
    };

    for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        run_abc(c[i].prog, &c[i].in, NULL, NULL, 1, 0);
        check_ulp(c[i].prog, i, D32()[D_DW], c[i].want, c[i].ulp);
    }
    for (unsigned i = 0; i < sizeof(nan) / sizeof(nan[0]); i++) {
        run_abc(nan[i].prog, &nan[i].in, NULL, NULL, 1, 0);
        ck_assert_msg(is_nan32(D32()[D_DW]), "%s(0x%08x) = 0x%08x, not NaN", nan[i].prog,
                      nan[i].in, D32()[D_DW]);
    }
}
END_TEST

START_TEST(valu_fract_floor_rndne)
{
    static const uint32_t a[] = {0x3fe00000, 0xbfa00000, 0x40200000, 0xb0800000};
    /* 1.75, -1.25, 2.5, -2^-30 (fract stays below 1.0) */
    static const uint32_t fr[] = {0x3f400000, 0x3f400000, 0x3f000000, 0x3f7fffff};
    static const uint32_t fl[] = {0x3f800000, 0xc0000000, 0x40000000, 0xbf800000};
    static const uint32_t rn[] = {0x40000000, 0xbf800000, 0x40000000, 0x80000000};
    static const uint32_t inf = 0x7f800000;

    run_abc("v_fract_floor", a, NULL, NULL, 4, 0);
    check_d("v_fract_f32", fr, 4, D_DW);
    check_d("v_floor_f32", fl, 4, SOUT_DW);
    check_d("v_rndne_f32", rn, 4, SOUT_DW + 32);
    run_abc("v_fract_floor", &inf, NULL, NULL, 1, 0);
    ck_assert(is_nan32(D32()[D_DW]));
    ck_assert_uint_eq(D32()[SOUT_DW], 0x7f800000);
}
END_TEST

START_TEST(valu_frexp_ldexp)
{
    static const uint32_t a[] = {0x41400000, 0xbdcccccd, 0x7f800000, 0x00000000, 0x3f800000,
                                 0x3f800000};
    static const uint32_t b[] = {3, 0xfffffffe, 5, 100, 200, 0xffffff6b};
    static const uint32_t mant[] = {0x3f400000, 0xbf4ccccd, 0x7f800000, 0x00000000, 0x3f000000,
                                    0x3f000000};
    static const uint32_t ex[] = {4, 0xfffffffd, 0, 0, 1, 1};
    /* 12*2^3, -0.1*2^-2, inf, 0, 2^200 overflows, 2^-149 denormal */
    static const uint32_t ld[] = {0x42c00000, 0xbccccccd, 0x7f800000, 0x00000000, 0x7f800000,
                                  0x00000001};

    run_abc("v_frexp_ldexp", a, b, NULL, 6, 0);
    check_d("v_frexp_mant_f32", mant, 6, D_DW);
    check_d("v_frexp_exp_i32_f32", ex, 6, SOUT_DW);
    check_d("v_ldexp_f32", ld, 6, SOUT_DW + 32);
}
END_TEST

START_TEST(valu_round_modes)
{
    static const uint32_t a[] = {0x3f800000, 0xbf800000, 0x3f800000, 0x7f61b1e6};
    static const uint32_t b[] = {0x34400000, 0xb4400000, 0x33800000, 0x7f61b1e6};
    static const uint32_t rne[] = {0x3f800002, 0xbf800002, 0x3f800000, 0x7f800000};
    static const uint32_t rtz[] = {0x3f800001, 0xbf800001, 0x3f800000, 0x7f7fffff};
    static const uint32_t rup[] = {0x3f800002, 0xbf800001, 0x3f800001, 0x7f800000};
    static const uint32_t rdn[] = {0x3f800001, 0xbf800002, 0x3f800000, 0x7f7fffff};

    run_abc("round_modes", a, b, NULL, 4, 0);
    check_d("nearest even", rne, 4, D_DW);
    check_d("toward zero", rtz, 4, SOUT_DW);
    check_d("toward +inf", rup, 4, SOUT_DW + 32);
    check_d("toward -inf", rdn, 4, SOUT_DW + 64);
}
END_TEST

START_TEST(valu_denorm_mode_setreg)
{
    static const uint32_t a[] = {0x00000001, 0x00800001, 0x3f800000};
    static const uint32_t b[] = {0x00000000, 0x80800000, 0x3f800000};
    /* s_denorm_mode 0xc: f32 flush in and out; 0xe: flush in only */
    static const uint32_t both[] = {0, 0, 0x40000000};
    static const uint32_t in_only[] = {0, 0x00000001, 0x40000000};

    run_abc("denorm_setreg", a, b, NULL, 3, 0);
    check_d("flush in+out", both, 3, D_DW);
    check_d("flush in", in_only, 3, SOUT_DW);
}
END_TEST

#define RSRC1_FTZ_F32 0x00ac0007u       /* FLOAT_MODE 0xc0: f32 flushed, f16/f64 kept */

START_TEST(valu_division_sequence)
{
    /* 1/3, 10/4, 1/0, 0/0, -6/2, 7/7, 3*2^-149 / 2, 2^-126 / 3, 1 / FLT_MAX,
     * FLT_MAX / 0.5, 2^64 / 2^-60, 2^-149 / 2^-148, sNaN / 1, 5 / -inf,
     * inf / inf, 2^-149 / 2^127 */
    static const uint32_t a[16] = {0x3f800000, 0x41200000, 0x3f800000, 0x00000000, 0xc0c00000,
                                   0x40e00000, 0x00000003, 0x00800000, 0x3f800000, 0x7f7fffff,
                                   0x5f800000, 0x00000001, 0x7fa00000, 0x40a00000, 0x7f800000,
                                   0x00000001};
    static const uint32_t b[16] = {0x40400000, 0x40800000, 0x00000000, 0x00000000, 0x40000000,
                                   0x40e00000, 0x40000000, 0x40400000, 0x7f7fffff, 0x3f000000,
                                   0x21800000, 0x00000002, 0x3f800000, 0xff800000, 0x7f800000,
                                   0x7f000000};
    /* correctly rounded: 1.5 * 2^-149 ties to the even 2^-148; 2^-126 / 3 is
     * 2796202.67 * 2^-149; 1 / FLT_MAX is 2097152.1 * 2^-149; the sNaN
     * comes back quiet (MODE.IEEE); 0/0 and inf/inf the default NaN */
    static const uint32_t want[16] = {0x3eaaaaab, 0x40200000, 0x7f800000, 0xffc00000,
                                      0xc0400000, 0x3f800000, 0x00000002, 0x002aaaab,
                                      0x00200000, 0x7f800000, 0x7d800000, 0x3f000000,
                                      0x7fe00000, 0x80000000, 0xffc00000, 0x00000000};
    /* f32 denormals flushed: denormal operands read as 0 (3*2^-149 / 2 is
     * 0 / 2; 2^-149 / 2^-148 is 0/0) and denormal quotients are 0 */
    static const uint32_t want_ftz[16] = {0x3eaaaaab, 0x40200000, 0x7f800000, 0xffc00000,
                                          0xc0400000, 0x3f800000, 0x00000000, 0x00000000,
                                          0x00000000, 0x7f800000, 0x7d800000, 0xffc00000,
                                          0x7fe00000, 0x80000000, 0xffc00000, 0x00000000};

    run_abc("v_div_f32_seq", a, b, NULL, 16, 0);
    check_d("a / b", want, 16, D_DW);
    run_abc("v_div_f32_ftz_seq", a, b, NULL, 16, RSRC1_FTZ_F32);
    check_d("a / b, f32 denormals flushed", want_ftz, 16, D_DW);
}
END_TEST

START_TEST(valu_division_f64_trig_preop)
{
    /* 1/3, 10/4, 2^-1022 / 3, 1 / DBL_MAX, 0/0, 1/0, -7/2, 2^500 / 2^-500 */
    static const uint64_t a[8] = {0x3ff0000000000000ull, 0x4024000000000000ull,
                                  0x0010000000000000ull, 0x3ff0000000000000ull, 0,
                                  0x3ff0000000000000ull, 0xc01c000000000000ull,
                                  0x5f30000000000000ull};
    static const uint64_t b[8] = {0x4008000000000000ull, 0x4010000000000000ull,
                                  0x4008000000000000ull, 0x7fefffffffffffffull, 0, 0,
                                  0x4000000000000000ull, 0x20b0000000000000ull};
    /* 2^-1022 / 3 = 1501199875790165.3 * 2^-1074; 1 / DBL_MAX = 2^50 * (1 + 2^-53) * 2^-1074 */
    static const uint64_t want[8] = {0x3fd5555555555555ull, 0x4004000000000000ull,
                                     0x0005555555555555ull, 0x0004000000000000ull,
                                     0xfff8000000000000ull, 0x7ff0000000000000ull,
                                     0xc00c000000000000ull, 0x7e70000000000000ull};
    /* v_trig_preop_f64 (S0, segment): 1.0 with segments 0, 1, 2, 20, 21, 33;
     * 2^202 (exponent 1225: 148 bits further); 1e300 (exponent 2019 >= 1968:
     * 2^128 back); -2.5; 2^1023 segment 3 (bits 1128..1180); a NaN (only its
     * exponent counts) */
    static const uint64_t tp_a[11] = {0x3ff0000000000000ull, 0x3ff0000000000000ull,
                                      0x3ff0000000000000ull, 0x4c90000000000000ull,
                                      0x7e37e43c8800759cull, 0xc004000000000000ull,
                                      0x3ff0000000000000ull, 0x3ff0000000000000ull,
                                      0x7fe0000000000000ull, 0x7ff8000000000000ull,
                                      0x3ff0000000000000ull};
    static const uint32_t tp_seg[11] = {0, 1, 2, 0, 2, 5, 20, 21, 3, 0, 33};
    /* 53-bit chunks of 2/pi (0xa2f9836e4e441529 fc2757d1...) times
     * 2^(-53 - shift): segment 20 is bits 1060..1112 at 2^-1113, a denormal
     * 0x294a (truncated); segment 21 starts at bit 1113 and lies below
     * 2^-1074; segment 33 is segment 1 (S1[4:0]) */
    static const uint64_t tp_want[11] = {0x3fe45f306dc9c882ull, 0x3c94a7f09d5f47d4ull,
                                         0x394a6ee06db14accull, 0x369664f10e4107f8ull,
                                         0x066ef14a525d4d7full, 0x2f42371d2126e970ull,
                                         0x000000000000294aull, 0, 0x0161aba10ac06608ull,
                                         0x0b43dd63f5f2f8bdull, 0x3c94a7f09d5f47d4ull};
    uint64_t *q = (uint64_t *)H.data;
    struct xh_launch l = {.prog = "v_div_f64_seq"};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    for (unsigned i = 0; i < 8; i++)
        q[i] = a[i], q[32 + i] = b[i];
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    for (unsigned i = 0; i < 8; i++)
        ck_assert_msg(q[256 + i] == want[i], "lane %u: 0x%016llx, want 0x%016llx", i,
                      (unsigned long long)q[256 + i], (unsigned long long)want[i]);

    ready();
    for (unsigned i = 0; i < 11; i++)
        q[i] = tp_a[i], D32()[128 + i] = tp_seg[i];
    l.prog = "v_trig_preop";
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    for (unsigned i = 0; i < 11; i++)
        ck_assert_msg(q[256 + i] == tp_want[i], "trig_preop lane %u: 0x%016llx, want 0x%016llx",
                      i, (unsigned long long)q[256 + i], (unsigned long long)tp_want[i]);
    /* OMOD adds to the exponent; a denormal (lane 6) becomes 0 */
    ck_assert_uint_eq(q[288 + 0], 0x3ff45f306dc9c882ull);
    ck_assert_uint_eq(q[288 + 6], 0);
    ck_assert_uint_eq(q[320 + 0], 0x3fd45f306dc9c882ull);
    ck_assert_uint_eq(q[320 + 8], 0x0151aba10ac06608ull);
    /* clamp after OMOD: 4 * 0.6366 caps at 1.0 */
    ck_assert_uint_eq(q[352 + 0], 0x3ff0000000000000ull);
    ck_assert_uint_eq(q[352 + 1], 0x3cb4a7f09d5f47d4ull);
}
END_TEST

/* ================================================================ VALU integer */

START_TEST(valu_carry_chain_inactive_lanes)
{
    static const uint32_t a[] = {0xffffffff, 1, 0x80000000, 0};
    static const uint32_t b[] = {1, 2, 0x80000000, 0};
    static const uint32_t c[] = {5, 0xffffffff, 0xffffffff, 0};
    uint32_t lo[32], hi[32], sub[32], vcc[32], bor[32];

    run_abc("v_add_co", a, b, c, 4, 0);
    /* EXEC = 0xf: lanes 4-31 keep their values */
    for (int i = 0; i < 32; i++) {
        lo[i] = KEEP;
        hi[i] = sub[i] = 0;
        vcc[i] = 0x4;   /* carry out of the second add: lane 2 only */
        bor[i] = 0x1;   /* borrow of b - a: lane 0 only */
    }
    lo[0] = 0, lo[1] = 3, lo[2] = 0, lo[3] = 0;
    hi[0] = 6, hi[1] = 0xffffffff, hi[2] = 0, hi[3] = 0;
    sub[0] = 2, sub[1] = 1, sub[2] = 0, sub[3] = 0;
    check_d("v_add_co_u32", lo, 32, D_DW);
    check_d("v_add_co_ci_u32", hi, 32, SOUT_DW);
    check_d("v_sub_co_u32", sub, 32, SOUT_DW + 32);
    check_d("carry mask", vcc, 32, SOUT_DW + 64);
    check_d("borrow mask", bor, 32, SOUT_DW + 96);
}
END_TEST

START_TEST(valu_integer_clamp)
{
    static const uint32_t a[] = {0xfffffff0, 1, 0x80000000, 0x7fffffff};
    static const uint32_t b[] = {0x20, 2, 1, 0xffffffff};
    static const uint32_t add_u[] = {0xffffffff, 3, 0x80000001, 0xffffffff};
    static const uint32_t sub_i[] = {0xffffffd0, 0xffffffff, 0x80000000, 0x7fffffff};

    run_abc("v_add_nc_clamp", a, b, NULL, 4, 0);
    check_d("v_add_nc_u32 clamp", add_u, 4, D_DW);
    check_d("v_sub_nc_i32 clamp", sub_i, 4, SOUT_DW);
}
END_TEST

START_TEST(valu_mad_u64_u32_shift64)
{
    static const uint32_t a[] = {0xffffffff, 2, 0x10000};
    static const uint32_t b[] = {0xffffffff, 3, 0x10000};
    static const uint32_t c[] = {0xffffffff, 0, 1};
    /* a*b + {c:b}: lane 0 carries out of 64 bits */
    static const uint32_t lo[] = {0, 9, 0x10000}, hi[] = {0xfffffffe, 0, 2};
    static const uint32_t sa[] = {4, 36, 65};
    static const uint32_t sb[] = {0x80000001, 1, 3};
    static const uint32_t sc[] = {0x80000000, 0, 0};
    /* {c:b} << a[5:0] and >> (arithmetic) */
    static const uint32_t shl_lo[] = {0x10, 0, 6}, shl_hi[] = {8, 0x10, 0};
    static const uint32_t sar_lo[] = {0x08000000, 0, 1}, sar_hi[] = {0xf8000000, 0, 0};

    run_abc("v_mad_u64_u32", a, b, c, 3, 0);
    check_d("mad lo", lo, 3, D_DW);
    check_d("mad hi", hi, 3, SOUT_DW);
    ck_assert_uint_eq(D32()[SOUT_DW + 32], 1);         /* carry mask */
    run_abc("v_shift64", sa, sb, sc, 3, 0);
    check_d("lshlrev_b64 lo", shl_lo, 3, D_DW);
    check_d("lshlrev_b64 hi", shl_hi, 3, SOUT_DW);
    check_d("ashrrev_i64 lo", sar_lo, 3, SOUT_DW + 32);
    check_d("ashrrev_i64 hi", sar_hi, 3, SOUT_DW + 64);
}
END_TEST

START_TEST(valu_integer_misc)
{
    static const uint32_t a[] = {0x12345678, 0xffffff80, 0x00800000};
    static const uint32_t b[] = {0x9abcdef0, 2, 0x80000000};
    static const uint32_t c[] = {0x00010203, 0x0c0d0e0f, 0x08090a0b};
    static const uint32_t mulhi[] = {0x0b00ea4e, 1, 0x400000};
    static const uint32_t mullo[] = {0x242d2080, 0xffffff00, 0};
    static const uint32_t bfe[] = {0x67, 0xfffffff8, 0};
    static const uint32_t align[] = {0x789abcde, 0x80000000, 0x00800000};
    static const uint32_t perm[] = {0xf0debc9a, 0x00ffffff, 0x00ff0000};
    static const uint32_t bfi[] = {0x12bc56f0, 0xff00ff02, 0};
    static const uint32_t mad24[] = {0x9c2e2283, 0x0c0d0d0f, 0x08090a0b};

    run_abc("v_int_misc", a, b, c, 3, 0);
    check_d("v_mul_hi_u32", mulhi, 3, D_DW);
    check_d("v_mul_lo_u32", mullo, 3, SOUT_DW);
    check_d("v_bfe_i32", bfe, 3, SOUT_DW + 32);
    check_d("v_alignbit_b32", align, 3, SOUT_DW + 64);
    check_d("v_perm_b32", perm, 3, SOUT_DW + 96);
    check_d("v_bfi_b32", bfi, 3, SOUT_DW + 128);
    check_d("v_mad_i32_i24", mad24, 3, SOUT_DW + 160);
    check_d("v_cndmask_b32 (vcc 0)", a, 3, SOUT_DW + 192);
}
END_TEST

START_TEST(valu_bit_counts_mbcnt)
{
    static const uint32_t a[] = {0, 0x00f00000, 0x80000001};
    static const uint32_t bcnt[] = {1, 5, 3}, ctz[] = {0xffffffff, 20, 0};
    static const uint32_t clz[] = {0xffffffff, 8, 0}, rev[] = {0, 0x00000f00, 0x80000001};
    uint32_t lane[32];

    run_abc("v_bitcount", a, NULL, NULL, 3, 0);
    for (int i = 0; i < 32; i++)
        lane[i] = i;    /* v_mbcnt_lo_u32_b32 -1, 0: lanes below this one */
    check_d("v_mbcnt_lo", lane, 32, D_DW);
    check_d("v_bcnt_u32_b32", bcnt, 3, SOUT_DW);
    check_d("v_ctz_i32_b32", ctz, 3, SOUT_DW + 32);
    check_d("v_clz_i32_u32", clz, 3, SOUT_DW + 64);
    check_d("v_bfrev_b32", rev, 3, SOUT_DW + 96);
}
END_TEST

/* ================================================================ compares */

START_TEST(valu_compares_masks_cmpx_class)
{
    static const uint32_t a[] = {0x3f800000, 0x40000000, 0x7fc00000, 0x80000000, 0xff800000,
                                 0x00000001, 0x7f800001, 0xbf800000};
    static const uint32_t b[] = {0x40000000, 0x3f800000, 0x3f800000, 0x00000000, 0x3f800000,
                                 0x00000000, 0x00000000, 0xbf800000};
    static const uint32_t c[] = {0x100, 0x20, 0x2, 0x20, 0x4, 0x80, 0x1, 0x8};
    /* lt_f32 -> vcc; nlg_f32 -> sgpr; u_f32; gt_u32 and class under EXEC 0xff;
     * ge_i32; EXEC after cmpx_ne_u32; lt_i64 */
    static const uint32_t want[] = {0x11, 0xffffffcc, 0x44, 0x7e, 0xfd, 0xffffffe6, 0x7f, 0x80};
    uint32_t d[32];

    run_abc("v_cmp", a, b, c, 8, 0);
    check_d("compare masks", want, 8, SOUT_DW);
    for (int i = 0; i < 32; i++)
        d[i] = i < 7 ? 7 : KEEP;    /* v_mov under the EXEC v_cmpx left */
    check_d("after v_cmpx", d, 32, D_DW);
}
END_TEST

/* ================================================================ 16-bit */

START_TEST(valu_f16_arith)
{
    static const uint32_t a[] = {0x3c00, 0x7bff, 0x7bff, 0x0001, 0xabcd3c00, 0x7c00};
    static const uint32_t b[] = {0x4000, 0x3c00, 0x7bff, 0x0001, 0x12343c00, 0x3c00};
    /* 1+2; 65504+1 rounds back; overflow to inf; denormals kept; high
     * halves ignored; inf; the destination's high half is kept */
    static const uint32_t want[] = {0x5a5a4200, 0x5a5a7bff, 0x5a5a7c00, 0x5a5a0002, 0x5a5a4000,
                                    0x5a5a7c00};
    static const uint32_t oa[] = {0x3c000000, 0xc0001234}, ob[] = {0x4000ffff, 0x40000000};
    static const uint32_t oc[] = {0x00003c00, 0x00004400};
    static const uint32_t ow[] = {0x42005a5a, 0x00005a5a};

    run_abc("v_add_f16", a, b, NULL, 6, 0);
    check_d("v_add_f16", want, 6, D_DW);
    check_inactive("v_add_f16");
    run_abc("v_add_f16", a, b, NULL, 6, RSRC1_FP16_OVFL);
    ck_assert_uint_eq(D32()[D_DW + 2], 0x5a5a7bff);    /* overflow clamped */
    ck_assert_uint_eq(D32()[D_DW + 5], 0x5a5a7c00);    /* inf stays inf */
    /* op_sel:[1,1,0,1]: a.hi * b.hi + c.lo into the high half, low half kept */
    run_abc("v_fma_f16_opsel", oa, ob, oc, 2, 0);
    check_d("v_fma_f16 op_sel", ow, 2, D_DW);
}
END_TEST

START_TEST(valu_f16_fma_max_int)
{
    static const uint32_t fa[] = {0x4000, 0x3c01, 0x7c00};
    static const uint32_t fb[] = {0x4200, 0x3c01, 0x0000};
    static const uint32_t fc[] = {0x3c00, 0xbc00, 0x0000};
    static const uint32_t fw[] = {0x5a5a4700, 0x5a5a1800};
    static const uint32_t ma[] = {0x3c00, 0x7e00, 0x7c01, 0x8000};
    static const uint32_t mb[] = {0x4000, 0x3c00, 0x3c00, 0x0000};
    static const uint32_t mw[] = {0x5a5a4000, 0x5a5a3c00, 0x5a5a7e01, 0x5a5a0000};
    static const uint32_t ua[] = {0x100, 3, 0xffff}, ub[] = {0x100, 4, 1}, uc[] = {5, 5, 1};
    static const uint32_t uw[] = {0x5a5affff, 0x5a5a0011, 0x5a5affff};
    static const uint32_t ca[] = {0xffff, 3, 1025}, cb[] = {0xc580, 0x7e00, 0x7bff};
    static const uint32_t cw[] = {0x5a5a7c00, 0x5a5a4200, 0x5a5a6401};
    static const uint32_t cw2[] = {0x0000fffb, 0, 0x7fff};
    uint32_t lo;

    run_abc("v_fma_f16", fa, fb, fc, 3, 0);
    check_d("v_fma_f16", fw, 2, D_DW);
    lo = D32()[D_DW + 2] & 0xffff;
    ck_assert_msg((lo & 0x7c00) == 0x7c00 && (lo & 0x3ff), "inf*0 = 0x%04x", lo);
    run_abc("v_max_f16", ma, mb, NULL, 4, 0);
    check_d("v_max_f16", mw, 4, D_DW);
    run_abc("v_mad_u16_clamp", ua, ub, uc, 3, 0);
    check_d("v_mad_u16 clamp", uw, 3, D_DW);
    run_abc("v_cvt_f16_u16", ca, cb, NULL, 3, 0);
    check_d("v_cvt_f16_u16", cw, 3, D_DW);
    check_d("v_cvt_i16_f16", cw2, 3, SOUT_DW);
}
END_TEST

/* ================================================================ VOP3P */

START_TEST(vop3p_packed_math)
{
    static const uint32_t a[] = {0x40003c00, 0xbc003c00};
    static const uint32_t b[] = {0x42004000, 0x3c003c00};
    static const uint32_t c[] = {0x3c003c00, 0x00000000};
    static const uint32_t fma[] = {0x47004200, 0xbc003c00};
    static const uint32_t ia[] = {0xfffe0003}, ib[] = {0x00040005}, ic[] = {0x00010001};
    static const uint32_t ka[] = {0x3c004000}, ua[] = {0x00030005};

    run_abc("v_pk_fma_f16", a, b, c, 2, 0);
    check_d("v_pk_fma_f16", fma, 2, D_DW);
    /* op_sel:[1,0,0] op_sel_hi:[0,1,1] neg_lo:[0,0,1]: lo = a.hi*b.lo - c.lo,
     * hi = a.lo*b.hi + c.hi */
    run_abc("v_pk_fma_f16_sel", a, b, c, 1, 0);
    ck_assert_uint_eq(D32()[D_DW], 0x44004200);
    /* a float inline constant is f16 in the low half, 0 in the high half */
    run_abc("v_pk_add_f16_inline", ka, NULL, NULL, 1, 0);
    ck_assert_uint_eq(D32()[D_DW], 0x3c004200);
    /* for packed integers it is the 32-bit f32 pattern 0x40000000 */
    run_abc("v_pk_add_u16_inline", ua, NULL, NULL, 1, 0);
    ck_assert_uint_eq(D32()[D_DW], 0x40030005);
    run_abc("v_pk_mad_i16", ia, ib, ic, 1, 0);
    ck_assert_uint_eq(D32()[D_DW], 0xfff90010);
}
END_TEST

START_TEST(vop3p_dot_products)
{
    static const uint32_t a[] = {0x40003c00, 0x3c007c00}, b[] = {0x42004000, 0};
    static const uint32_t c[] = {0x3f800000, 0x3f800000};
    static const uint32_t ia[] = {0xff020304}, ib[] = {0x01020304}, ic[] = {10};

    run_abc("v_dot2_f32_f16", a, b, c, 2, 0);
    ck_assert_uint_eq(D32()[D_DW], 0x41100000);        /* 1 + 1*2 + 2*3 */
    ck_assert(is_nan32(D32()[D_DW + 1]));              /* inf * 0 */
    /* neg_lo[0]: A's bytes signed (0xff = -1); B unsigned */
    run_abc("v_dot4_i32_iu8", ia, ib, ic, 1, 0);
    ck_assert_uint_eq(D32()[D_DW], 38);                /* 10 + 16 + 9 + 4 - 1 */
    ck_assert_uint_eq(D32()[SOUT_DW], 294);            /* unsigned: ... + 255 */
}
END_TEST

/* ================================================================ VOPD, DPP, cross-lane */

START_TEST(vopd_reads_before_writes)
{
    static const uint32_t a[] = {0x3f800000, 0x40000000, 0x40400000, 0x40800000};
    static const uint32_t b[] = {0x40000000, 0x40000000, 0x40000000, 0x40000000};
    static const uint32_t sum[] = {0x40400000, 0x40800000, 0x40a00000, 0x40c00000};
    struct xh_launch l = {.prog = "vopd_swap"};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    run_abc("vopd_swap", a, b, NULL, 4, 0);
    check_d("X got Y's old source", b, 4, D_DW);       /* v4 = old v5 */
    check_d("Y got X's old source", a, 4, SOUT_DW);    /* v5 = old v4 */
    check_d("second pair", sum, 4, SOUT_DW + 32);
    ck_assert_int_eq(xh_run(&H, &l, &f, &st), 0);
    ck_assert_uint_eq(st.vopd_pairs, 2);
    ck_assert_uint_eq(st.by_class[SIM_ICLASS_VOPD], 2);
}
END_TEST

static void lanes_100(uint32_t *a)
{
    for (int i = 0; i < 32; i++)
        a[i] = 100 + i;
}

START_TEST(dpp16_shift_bound_ctrl_masks)
{
    uint32_t a[32], b[32], w[32];

    lanes_100(a);
    /* row_shr:1 without bound_ctrl: the first lane of each row keeps its value */
    run_abc("dpp_row_shr", a, NULL, NULL, 32, 0);
    for (int i = 0; i < 32; i++)
        w[i] = (i % 16) ? 99u + i : KEEP;
    check_d("row_shr:1", w, 32, D_DW);
    /* bound_ctrl:1: it reads 0 instead */
    run_abc("dpp_row_shr_bc", a, NULL, NULL, 32, 0);
    for (int i = 0; i < 32; i++)
        w[i] = (i % 16) ? 99u + i : 0;
    check_d("row_shr:1 bound_ctrl", w, 32, D_DW);
    /* quad_perm:[3,2,1,0] row_mask:0x1 bank_mask:0x5: row 0, banks 0 and 2 */
    for (int i = 0; i < 32; i++)
        b[i] = 1000;
    run_abc("dpp_masks", a, b, NULL, 32, 0);
    for (int i = 0; i < 32; i++)
        w[i] = KEEP;
    w[0] = 1103, w[1] = 1102, w[2] = 1101, w[3] = 1100;
    w[8] = 1111, w[9] = 1110, w[10] = 1109, w[11] = 1108;
    check_d("row/bank masks", w, 32, D_DW);
}
END_TEST

START_TEST(dpp16_row_patterns)
{
    uint32_t a[32];

    lanes_100(a);
    run_abc("dpp_ror_mirror", a, NULL, NULL, 32, 0);
    ck_assert_uint_eq(D32()[D_DW + 0], 112);   /* row_ror:4 */
    ck_assert_uint_eq(D32()[D_DW + 4], 100);
    ck_assert_uint_eq(D32()[D_DW + 5], 101);
    ck_assert_uint_eq(D32()[D_DW + 16], 128);
    ck_assert_uint_eq(D32()[D_DW + 20], 116);
    ck_assert_uint_eq(D32()[SOUT_DW + 0], 115);    /* row_mirror */
    ck_assert_uint_eq(D32()[SOUT_DW + 15], 100);
    ck_assert_uint_eq(D32()[SOUT_DW + 17], 130);
    ck_assert_uint_eq(D32()[SOUT_DW + 31], 116);
    run_abc("dpp_share_xmask", a, NULL, NULL, 32, 0);
    ck_assert_uint_eq(D32()[D_DW + 0], 103);   /* row_share:3 */
    ck_assert_uint_eq(D32()[D_DW + 15], 103);
    ck_assert_uint_eq(D32()[D_DW + 16], 119);
    ck_assert_uint_eq(D32()[SOUT_DW + 0], 105);    /* row_xmask:5 */
    ck_assert_uint_eq(D32()[SOUT_DW + 5], 100);
    ck_assert_uint_eq(D32()[SOUT_DW + 18], 123);
}
END_TEST

START_TEST(dpp_fetch_inactive_dpp8_vop3)
{
    uint32_t a[32], f[32];

    lanes_100(a);
    /* lane 1 inactive; quad_perm [1,1,1,1] reads it for lanes 0-3 */
    run_abc("dpp_inactive", a, NULL, NULL, 32, 0);
    ck_assert_uint_eq(D32()[D_DW + 0], KEEP);  /* fi:0: source inactive, lane disabled */
    ck_assert_uint_eq(D32()[D_DW + 1], KEEP);  /* inactive itself */
    ck_assert_uint_eq(D32()[D_DW + 2], KEEP);
    ck_assert_uint_eq(D32()[D_DW + 4], 105);
    ck_assert_uint_eq(D32()[SOUT_DW + 0], 101);    /* fi:1 fetches it */
    ck_assert_uint_eq(D32()[SOUT_DW + 1], 0);
    ck_assert_uint_eq(D32()[SOUT_DW + 3], 101);
    ck_assert_uint_eq(D32()[SOUT_DW + 7], 105);
    run_abc("dpp8", a, NULL, NULL, 32, 0);
    ck_assert_uint_eq(D32()[D_DW + 0], 107);
    ck_assert_uint_eq(D32()[D_DW + 7], 100);
    ck_assert_uint_eq(D32()[D_DW + 8], 115);
    ck_assert_uint_eq(D32()[D_DW + 31], 124);
    for (int i = 0; i < 32; i++) {
        a[i] = fu((float)i);
        f[i] = 0x3f000000;     /* 0.5 */
    }
    /* VOP3+DPP: -src0 broadcast from each quad's first lane, + 0.5 */
    run_abc("dpp_vop3", a, f, NULL, 32, 0);
    ck_assert_uint_eq(D32()[D_DW + 0], 0x3f000000);
    ck_assert_uint_eq(D32()[D_DW + 3], 0x3f000000);
    ck_assert_uint_eq(D32()[D_DW + 5], 0xc0600000);
    ck_assert_uint_eq(D32()[D_DW + 7], 0xc0600000);
}
END_TEST

START_TEST(lane_read_write_permlane)
{
    uint32_t a[32];

    lanes_100(a);
    run_abc("readlane", a, NULL, NULL, 32, 0);
    for (int i = 0; i < 32; i++) {
        ck_assert_uint_eq(D32()[D_DW + i], i == 5 ? 0xabcd : KEEP);   /* writelane ignores EXEC */
        ck_assert_uint_eq(D32()[SOUT_DW + i], 104);    /* readfirstlane: first active lane 4 */
        ck_assert_uint_eq(D32()[SOUT_DW + 32 + i], 131);   /* readlane 31 */
    }
    run_abc("permlane", a, NULL, NULL, 32, 0);
    ck_assert_uint_eq(D32()[D_DW + 0], 107);   /* selects 0x89abcdef:01234567 */
    ck_assert_uint_eq(D32()[D_DW + 7], 100);
    ck_assert_uint_eq(D32()[D_DW + 8], 115);
    ck_assert_uint_eq(D32()[D_DW + 15], 108);
    ck_assert_uint_eq(D32()[D_DW + 16], 123);
    ck_assert_uint_eq(D32()[D_DW + 31], 124);
    ck_assert_uint_eq(D32()[SOUT_DW + 0], 116);    /* x16: identity from the other row */
    ck_assert_uint_eq(D32()[SOUT_DW + 5], 121);
    ck_assert_uint_eq(D32()[SOUT_DW + 16], 100);
    ck_assert_uint_eq(D32()[SOUT_DW + 31], 115);
}
END_TEST

/* ================================================================ WMMA */

/* f16 bits of a small integer (|v| < 2048), for building inputs */
static uint32_t h_int(int v)
{
    uint32_t s = v < 0 ? 0x8000u : 0, m = (uint32_t)(v < 0 ? -v : v), e = 0;

    if (!m)
        return s;
    while (m >= 2u << e)
        e++;
    return s | (e + 15) << 10 | ((m << (10 - e)) & 0x3ffu);
}

/* A = 2 on the diagonal + 1 right of it (cyclic), B[k][n] = k - n, C = 1 */
static void wmma_inputs_f16(uint32_t c_word)
{
    for (unsigned l = 0; l < 32; l++) {
        unsigned m = l % 16, n = l % 16;
        for (unsigned j = 0; j < 8; j++) {
            unsigned k0 = 2 * j, k1 = 2 * j + 1;
            int a0 = k0 == m ? 2 : k0 == (m + 1) % 16 ? 1 : 0;
            int a1 = k1 == m ? 2 : k1 == (m + 1) % 16 ? 1 : 0;
            D32()[l * 8 + j] = h_int(a0) | h_int(a1) << 16;
            D32()[256 + l * 8 + j] = h_int((int)k0 - (int)n) | h_int((int)k1 - (int)n) << 16;
            D32()[512 + l * 8 + j] = c_word;
        }
    }
}

static void run_plain(const char *prog)
{
    struct xh_launch l = {.prog = prog};
    struct sim_fault f;
    struct sim_dispatch_stats st;
    int r = xh_run(&H, &l, &f, &st);

    ck_assert_msg(r == 0, "%s: %s", prog, f.msg);
    ck_assert_uint_eq(st.wmma_ops, 1);
}

/* D element [m = 2v + l/16][n = l%16] is dword 768 + l*8 + v */
#define WD(l, v) D32()[768 + (l) * 8 + (v)]

START_TEST(wmma_f32_f16_layout)
{
    ready();
    wmma_inputs_f16(0x3f800000);
    run_plain("wmma_f32_f16");
    /* D = 2*B[m][n] + B[m+1][n] + 1 */
    ck_assert_uint_eq(WD(0, 0), 0x40000000);   /* m 0, n 0: 2 */
    ck_assert_uint_eq(WD(3, 2), 0x40a00000);   /* m 4, n 3: 5 */
    ck_assert_uint_eq(WD(17, 0), 0x40000000);  /* m 1, n 1: 2 */
    ck_assert_uint_eq(WD(20, 7), 0x41980000);  /* m 15, n 4: 19 */
    ck_assert_uint_eq(WD(15, 0), 0xc22c0000);  /* m 0, n 15: -43 */
    ck_assert_uint_eq(WD(31, 7), 0xc1600000);  /* m 15, n 15: -14 */
    ck_assert_uint_eq(WD(26, 5), 0x40a00000);  /* m 11, n 10: 5 */
}
END_TEST

START_TEST(wmma_f16_op_sel_keeps_other_half)
{
    ready();
    wmma_inputs_f16(0x3c001234);        /* C = 1.0 in the high half */
    run_plain("wmma_f16_hi");
    ck_assert_uint_eq(WD(0, 0), 0x40001234);
    ck_assert_uint_eq(WD(15, 0), 0xd1601234);
    ck_assert_uint_eq(WD(20, 7), 0x4cc01234);
    ck_assert_uint_eq(WD(31, 7), 0xcb001234);
}
END_TEST

START_TEST(wmma_iu8_iu4)
{
    ready();
    /* iu8: A signed (neg_lo[0]) = -1 on the diagonal, 2 right of it;
     * B[k][n] = 3k + n unsigned; C = 100 */
    for (unsigned l = 0; l < 32; l++) {
        unsigned m = l % 16, n = l % 16;
        for (unsigned j = 0; j < 4; j++) {
            uint32_t wa = 0, wb = 0;
            for (unsigned t = 0; t < 4; t++) {
                unsigned k = 4 * j + t;
                uint32_t av = k == m ? 0xffu : k == (m + 1) % 16 ? 2u : 0u;
                wa |= av << (8 * t);
                wb |= (3 * k + n) << (8 * t);
            }
            D32()[l * 4 + j] = wa;
            D32()[256 + l * 4 + j] = wb;
        }
        for (unsigned v = 0; v < 8; v++)
            D32()[512 + l * 8 + v] = 100;
    }
    run_plain("wmma_iu8");
    ck_assert_uint_eq(WD(0, 0), 106);
    ck_assert_uint_eq(WD(15, 0), 121);
    ck_assert_uint_eq(WD(20, 7), 59);
    ck_assert_uint_eq(WD(31, 7), 70);
    ck_assert_uint_eq(WD(3, 2), 121);

    ready();
    /* iu4 unsigned: A = 1 on the diagonal, 3 right of it; B = (k + n) % 16; C = 0 */
    for (unsigned l = 0; l < 32; l++) {
        unsigned m = l % 16, n = l % 16;
        for (unsigned j = 0; j < 2; j++) {
            uint32_t wa = 0, wb = 0;
            for (unsigned t = 0; t < 8; t++) {
                unsigned k = 8 * j + t;
                uint32_t av = k == m ? 1u : k == (m + 1) % 16 ? 3u : 0u;
                wa |= av << (4 * t);
                wb |= ((k + n) % 16) << (4 * t);
            }
            D32()[l * 2 + j] = wa;
            D32()[256 + l * 2 + j] = wb;
        }
    }
    run_plain("wmma_iu4");
    ck_assert_uint_eq(WD(0, 0), 3);
    ck_assert_uint_eq(WD(15, 0), 15);
    ck_assert_uint_eq(WD(20, 7), 15);
    ck_assert_uint_eq(WD(31, 7), 59);
    ck_assert_uint_eq(WD(3, 2), 31);
}
END_TEST

/* ================================================================ LDS */

#define RSRC2_LDS(granules) (XH_RSRC2_DEFAULT | (granules) << 15)   /* LDS_SIZE: 512-byte granules */

static void run_lds(const char *prog, const uint32_t *a, const uint32_t *b, const uint32_t *c,
                    unsigned granules)
{
    struct xh_launch l = {.prog = prog, .rsrc2 = RSRC2_LDS(granules)};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    for (unsigned i = 0; i < 32; i++) {
        D32()[A_DW + i] = a ? a[i] : 0;
        D32()[B_DW + i] = b ? b[i] : 0;
        D32()[C_DW + i] = c ? c[i] : 0;
    }
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s: %s", prog, f.msg);
}

START_TEST(lds_loads_stores_2addr)
{
    uint32_t a[32], b[32], c[32];

    for (int i = 0; i < 32; i++) {
        a[i] = 0xa5b6c700u + i;
        b[i] = 0x1000 + i;
        c[i] = 0x2000 + i;
    }
    run_lds("lds_basic", a, b, c, 2);
    for (unsigned i = 0; i < 32; i++) {
        uint32_t b128 = i <= 7 ? 0xa5b6c700u + 4 * i + 1 : i == 8 ? 0x201f : 0;
        ck_assert_uint_eq(D32()[SOUT_DW + i], a[i]);           /* ds_load_b32 */
        ck_assert_uint_eq(D32()[SOUT_DW + 32 + i], a[i]);      /* 2addr offset1:64 = +256 bytes */
        ck_assert_msg(D32()[SOUT_DW + 64 + i] == b128, "b128 lane %u: 0x%08x", i,
                      D32()[SOUT_DW + 64 + i]);
        ck_assert_uint_eq(D32()[SOUT_DW + 96 + i], 0xc7);          /* ds_load_u8 offset:1 */
        ck_assert_uint_eq(D32()[SOUT_DW + 128 + i], 0xffffa5b6);  /* ds_load_i16 offset:2 */
    }
}
END_TEST

START_TEST(lds_atomics_rtn_and_not)
{
    uint32_t a[32];

    for (int i = 0; i < 32; i++)
        a[i] = (uint32_t)(7 * i - 50);
    run_lds("lds_atomics", a, NULL, NULL, 1);
    for (unsigned i = 0; i < 32; i++) {
        ck_assert_uint_eq(D32()[D_DW + i], 132 + i);           /* ds_add_rtn_u32 old values */
        ck_assert_uint_eq(D32()[SOUT_DW + i], i <= 8 ? 0 : 7 * (i - 1) - 50);  /* max_rtn_i32 */
        ck_assert_uint_eq(D32()[SOUT_DW + 32 + i], i == 0 ? 0 : 7);   /* cmpstore_rtn */
        ck_assert_uint_eq(D32()[SOUT_DW + 64 + i], 164);       /* 100 + 32 + 32 */
        ck_assert_uint_eq(D32()[SOUT_DW + 96 + i], 167);       /* max i32 */
        ck_assert_uint_eq(D32()[SOUT_DW + 128 + i], 0xffffffff);  /* max u32 */
        ck_assert_uint_eq(D32()[SOUT_DW + 160 + i], 7);        /* cmpstore result */
    }
}
END_TEST

START_TEST(lds_swizzle_permute)
{
    uint32_t a[32], b[32];

    for (int i = 0; i < 32; i++) {
        a[i] = 100 + i;
        b[i] = (i + 3) % 32;
    }
    run_lds("lds_xlane", a, b, NULL, 0);
    ck_assert_uint_eq(D32()[D_DW + 0], 103);       /* quad_perm 3,2,1,0 */
    ck_assert_uint_eq(D32()[D_DW + 1], 102);
    ck_assert_uint_eq(D32()[D_DW + 5], 106);
    ck_assert_uint_eq(D32()[SOUT_DW + 0], 108);    /* bitmask "01p0p": (l & 5) | 8 */
    ck_assert_uint_eq(D32()[SOUT_DW + 7], 113);
    ck_assert_uint_eq(D32()[SOUT_DW + 18], 108);
    ck_assert_uint_eq(D32()[SOUT_DW + 31], 113);
    ck_assert_uint_eq(D32()[SOUT_DW + 32 + 0], 129);   /* permute: lane l -> (l+3)%32 */
    ck_assert_uint_eq(D32()[SOUT_DW + 32 + 3], 100);
    ck_assert_uint_eq(D32()[SOUT_DW + 32 + 31], 128);
    ck_assert_uint_eq(D32()[SOUT_DW + 64 + 0], 103);   /* bpermute: lane l <- (l+3)%32 */
    ck_assert_uint_eq(D32()[SOUT_DW + 64 + 29], 100);
    ck_assert_uint_eq(D32()[SOUT_DW + 64 + 31], 102);
    ck_assert_uint_eq(D32()[SOUT_DW + 96 + 0], 103);   /* source lane 31 inactive: 0 */
    ck_assert_uint_eq(D32()[SOUT_DW + 96 + 28], 0);
    ck_assert_uint_eq(D32()[SOUT_DW + 96 + 31], 0);
    ck_assert_uint_eq(D32()[SOUT_DW + 128 + 0], 105);  /* rotate 5, direction 0: l <- l + 5 */
    ck_assert_uint_eq(D32()[SOUT_DW + 128 + 27], 100);
    ck_assert_uint_eq(D32()[SOUT_DW + 128 + 31], 104);
    ck_assert_uint_eq(D32()[SOUT_DW + 160 + 0], 129);  /* rotate 3, direction 1: l <- l - 3 */
    ck_assert_uint_eq(D32()[SOUT_DW + 160 + 3], 100);
    ck_assert_uint_eq(D32()[SOUT_DW + 160 + 31], 128);
}
END_TEST

/* ================================================================ global / flat / scratch */

START_TEST(global_offsets_saddr_subdword)
{
    uint32_t a[32], b[32], c[32];

    for (int i = 0; i < 32; i++) {
        a[i] = 0xc0a0b000u + i;
        b[i] = 0x5000 + i;
        c[i] = 0x6000 + i;
    }
    run_abc("global_saddr", a, b, c, 32, 0);
    for (unsigned i = 0; i < 32; i++) {
        ck_assert_uint_eq(D32()[D_DW + i], i < 31 ? a[i + 1] : b[0]);  /* offset:-4 */
        ck_assert_uint_eq(D32()[SOUT_DW + i], b[i]);                   /* vaddr 64-bit, saddr off */
        ck_assert_uint_eq(D32()[SOUT_DW + 32 + i], 0xb0);              /* load_u8 */
        ck_assert_uint_eq(D32()[SOUT_DW + 64 + i], 0xffffffc0);        /* load_i8 */
        ck_assert_uint_eq(D32()[SOUT_DW + 96 + i], (0x5000 + i) << 16 | (0x6000 + i));
        ck_assert_uint_eq(D32()[SOUT_DW + 128 + i], 0xb000 + i);       /* store_b16 */
        ck_assert_uint_eq(D32()[SOUT_DW + 160 + i], b[i]);             /* flat store */
    }
}
END_TEST

START_TEST(global_atomics)
{
    uint32_t a[32], b[32];
    struct xh_launch l = {.prog = "global_atomics"};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    for (int i = 0; i < 32; i++) {
        a[i] = (uint32_t)(7 * i - 50);
        b[i] = 0x3f000000;
        D32()[A_DW + i] = a[i];
        D32()[B_DW + i] = b[i];
    }
    D32()[518] = 0xfffffff0u;
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    for (unsigned i = 0; i < 32; i++) {
        ck_assert_uint_eq(D32()[D_DW + i], i);                 /* add glc: old values */
        ck_assert_uint_eq(D32()[SOUT_DW + 32 + i], i ? 5 : 0); /* cmpswap glc */
    }
    ck_assert_uint_eq(D32()[512], 32);
    ck_assert_uint_eq(D32()[513], 167);            /* max_i32 of 7i-50 */
    ck_assert_uint_eq(D32()[514], 5);
    ck_assert_uint_eq(D32()[515], 0x60);           /* xor of 7i-50 */
    ck_assert_uint_eq(D32()[516], 0x41800000);     /* 32 * 0.5 */
    ck_assert_uint_eq(D32()[518], 0x10);           /* 0xfffffff0 + 32, 64-bit */
    ck_assert_uint_eq(D32()[519], 1);
    ck_assert_uint_eq(st.by_class[SIM_ICLASS_VMEM_ATOMIC], 6);
}
END_TEST

#define RSRC2_SCRATCH (XH_RSRC2_DEFAULT | 1u)      /* SCRATCH_EN */
#define TMPRING(waves, units256) ((waves) | (units256) << 12)

START_TEST(scratch_private_per_lane)
{
    struct xh_launch l = {.prog = "scratch_rw", .rsrc2 = RSRC2_SCRATCH,
                          .tmpring = TMPRING(1, 4), .scratch_va = XH_SCRATCH_VA};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    for (unsigned i = 0; i < 32; i++) {
        ck_assert_uint_eq(D32()[SOUT_DW + i], 1000 + i);       /* scratch_load_b32 (saddr) */
        ck_assert_uint_eq(D32()[SOUT_DW + 32 + i], 1000 + i);  /* b64, second dword */
        ck_assert_uint_eq(D32()[SOUT_DW + 64 + i], 1000 + i);  /* flat, private aperture */
    }
    ck_assert_uint_eq(st.scratch_bytes_stored, 32 * 12);
    /* 32 bytes per lane: offset 64 is out of range */
    l.prog = "scratch_oob";
    ck_assert_int_lt(xh_run(&H, &l, &f, &st), 0);
    ck_assert_int_eq(f.kind, SIM_FAULT_VM);
    ck_assert_msg(strstr(f.msg, "WAVESIZE"), "%s", f.msg);
    /* without SCRATCH_EN */
    l.prog = "scratch_rw";
    l.rsrc2 = 0;
    ck_assert_int_lt(xh_run(&H, &l, &f, &st), 0);
    ck_assert_msg(strstr(f.msg, "SCRATCH_EN"), "%s", f.msg);
}
END_TEST

START_TEST(flat_to_lds_aperture)
{
    run_lds("flat_lds", NULL, NULL, NULL, 1);
    for (unsigned i = 0; i < 32; i++)
        ck_assert_uint_eq(D32()[SOUT_DW + i], 500 + i);
}
END_TEST

/* ================================================================ launch state */

START_TEST(launch_sgprs_vgpr0_exec)
{
    /* USER_SGPR 2, TGID_X_EN, TGID_Y_EN, TG_SIZE_EN, SCRATCH_EN,
     * TIDIG_COMP_CNT 2: s2 = wg x, s3 = wg y, s4 = workgroup info,
     * s5 = scratch wave offset */
    struct xh_launch l = {.prog = "launch_sgprs", .rsrc2 = 0x1585, .wg = {8, 4, 2},
                          .grid = {2, 3, 1}, .tmpring = TMPRING(4, 1),
                          .scratch_va = XH_SCRATCH_VA};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(st.workgroups, 6);
    ck_assert_uint_eq(st.waves, 12);
    for (unsigned wg = 0; wg < 6; wg++) {
        for (unsigned wave = 0; wave < 2; wave++) {
            const uint32_t *r = &D32()[wg * 16 + wave * 8];
            ck_assert_uint_eq(r[0], wg % 2);
            ck_assert_uint_eq(r[1], wg / 2);
            ck_assert_uint_eq(r[2], 2u | wave << 20);      /* 2 waves, wave id [24:20] */
            ck_assert_msg(r[3] % 256 == 0 && r[3] < 1024 && (r[3] / 256) % 2 == wave,
                          "scratch offset %u of wave %u", r[3], wave);
            ck_assert_uint_eq(r[4], 0);
            ck_assert_uint_eq(r[5], 0xffffffff);
        }
    }
    /* v0 = X | Y << 10 | Z << 20 */
    ck_assert_uint_eq(D32()[256 + 0], 0);
    ck_assert_uint_eq(D32()[256 + 9], 0x401);          /* x 1, y 1 */
    ck_assert_uint_eq(D32()[256 + 63], 0x100c07);      /* x 7, y 3, z 1 */
    ck_assert_uint_eq(D32()[256 + 64 + 42], 0x100402); /* wg 1: x 2, y 1, z 1 */
}
END_TEST

START_TEST(launch_partial_wave_tidig_x_only)
{
    /* 40 work-items: wave 1 has 8 live lanes; TIDIG_COMP_CNT 0; TG_SIZE_EN */
    struct xh_launch l = {.prog = "launch_partial", .rsrc2 = 0x404, .wg = {40, 1, 1}};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(D32()[0], 0xffffffff);
    ck_assert_uint_eq(D32()[1], 0x000000ff);
    for (unsigned i = 0; i < 40; i++)
        ck_assert_uint_eq(D32()[256 + i], i);
    ck_assert_uint_eq(D32()[256 + 40], 0);     /* no lane past the workgroup */
}
END_TEST

START_TEST(launch_grid_ids_start_partial)
{
    static const struct { unsigned idx; uint32_t v; } want[] = {
        {17, 0x20a0}, {18, 0x20c0}, {21, 0x22a0}, {22, 0x22c0}, {29, 0x40a0}, {30, 0x40c0},
        {33, 0x42a0}, {34, 0x42c0}, {41, 0x60a0}, {42, 0x60c0}, {45, 0x62a0}, {46, 0x62c0},
    };
    /* TGID_X/Y/Z_EN; 3x2x2 workgroups starting at (1, 0, 5) */
    struct xh_launch l = {.prog = "grid_ids", .rsrc2 = 0x384, .grid = {3, 2, 2},
                          .start = {1, 0, 5}};
    struct sim_fault f;
    struct sim_dispatch_stats st;
    unsigned found = 0;

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    for (unsigned i = 0; i < 48; i++) {
        uint32_t v = 0;
        for (unsigned k = 0; k < 12; k++)
            if (want[k].idx == i)
                v = want[k].v;
        found += v != 0;
        ck_assert_msg(D32()[i] == v, "index %u: 0x%x, want 0x%x", i, D32()[i], v);
    }
    ck_assert_uint_eq(found, 12);
    /* FORCE_START_AT_000 ignores COMPUTE_START_*: ids from 0 */
    ready();
    l.initiator = XH_INITIATOR_W32 | 0x4;
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(D32()[0], 0x20 * 0);             /* x 0, y 0, z 0: 32 * 0 */
    ck_assert_uint_eq(D32()[1], 32 * 0x001);           /* z 1 */
    ck_assert_uint_eq(D32()[4 + 12 * 2 + 1], 32 * 0x211);
    /* partial workgroups: 3 workgroups of 32 in X, the last has 5 (PARTIAL_TG_EN) */
    ready();
    l = (struct xh_launch){.prog = "grid_ids", .rsrc2 = 0x384, .grid = {3, 1, 1},
                           .partial = {5, 0, 0}, .initiator = XH_INITIATOR_W32 | 0x2};
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(D32()[0], 0);
    ck_assert_uint_eq(D32()[12], 32 * 0x100);
    ck_assert_uint_eq(D32()[24], 5 * 0x200);
    ck_assert_uint_eq(st.waves, 3);
}
END_TEST

START_TEST(launch_refusals)
{
    static const struct { struct xh_launch l; const char *needle; } c[] = {
        {{.prog = "v_add_f32", .initiator = 0x1}, "wave64"},
        {{.prog = "v_add_f32", .pgm_override = 0x10}, "not mapped"},
        {{.prog = "v_add_f32", .rsrc1 = 0x00af0028}, "VGPRS=40"},
        {{.prog = "v_add_f32", .rsrc2 = XH_RSRC2_DEFAULT | 200u << 15}, "LDS_SIZE=200"},
        {{.prog = "v_add_f32", .rsrc2 = 20u << 1}, "USER_SGPR=20"},
        {{.prog = "v_add_f32", .wg = {64, 32, 1}}, "exceeds 1024"},
        {{.prog = "v_add_f32", .rsrc2 = RSRC2_SCRATCH, .wg = {64, 1, 1}, .tmpring = TMPRING(1, 1)},
         "TMPRING_SIZE.WAVES=1"},
        {{.prog = "v_add_f32", .rsrc3 = 1u << 10}, "TRAP_ON_START"},
        {{.prog = "v_add_f32", .grid = {0xffffffffu, 0xffffffffu, 2}}, "more than 2^64"},
    };
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        int r = xh_run(&H, &c[i].l, &f, &st);
        ck_assert_msg(r == -EINVAL, "case %u: %d (%s)", i, r, f.msg);
        ck_assert_int_eq(f.kind, SIM_FAULT_DISPATCH);
        ck_assert_msg(strstr(f.msg, c[i].needle), "case %u: %s", i, f.msg);
    }
}
END_TEST

/* ================================================================ workgroups, barriers */

START_TEST(barriers_lds_across_waves)
{
    struct xh_launch l = {.prog = "barrier_rounds", .wg = {128, 1, 1}, .rsrc2 = RSRC2_LDS(1)};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    /* five rounds of v += v[(t+1) % 128]: sum_j C(5,j) v0[t+j] */
    ck_assert_uint_eq(D32()[0], 80);
    ck_assert_uint_eq(D32()[1], 112);
    ck_assert_uint_eq(D32()[64], 2128);
    ck_assert_uint_eq(D32()[126], 784);
    ck_assert_uint_eq(D32()[127], 176);
    ck_assert_uint_eq(st.barriers, 40);
    ck_assert_uint_eq(st.waves, 4);
}
END_TEST

START_TEST(barrier_ignores_ended_waves)
{
    struct xh_launch l = {.prog = "barrier_early_end", .wg = {64, 1, 1}, .rsrc2 = 0x404};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    for (unsigned i = 0; i < 64; i++)
        ck_assert_uint_eq(D32()[i], i < 32 ? 1 : 0);
}
END_TEST

START_TEST(many_workgroups_parallel)
{
    /* 256 workgroups on the thread pool: every one adds its ids once */
    struct xh_launch l = {.prog = "grid_ids", .rsrc2 = 0x384, .grid = {4, 4, 16}};
    struct sim_fault f;
    struct sim_dispatch_stats st;
    uint64_t sum = 0;

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(st.workgroups, 256);
    for (unsigned x = 0; x < 4; x++)
        for (unsigned y = 0; y < 4; y++)
            for (unsigned z = 0; z < 16; z++)
                sum += 32u * (x << 8 | y << 4 | z);
    /* indices collide (z + 4y + 12x), so compare the total */
    {
        uint64_t got = 0;
        for (unsigned i = 0; i < 128; i++)
            got += D32()[i];
        ck_assert_uint_eq(got, sum);
    }
}
END_TEST

/* ================================================================ strict waitcnt */

START_TEST(strict_waitcnt_poisons_missing_wait)
{
    struct xh_launch l = {.prog = "strict_missing_wait"};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    for (unsigned i = 0; i < 32; i++)
        D32()[i] = 1000 + i;
    /* without strict mode the missing wait goes unnoticed */
    unsetenv("AMDPM4_SIM_STRICT_WAITCNT");
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    for (unsigned i = 0; i < 32; i++)
        ck_assert_uint_eq(D32()[SOUT_DW + i], 1001 + i);
    /* strict: the register reads as the poison 0x7fc0dead until the wait */
    setenv("AMDPM4_SIM_STRICT_WAITCNT", "1", 1);
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    for (unsigned i = 0; i < 32; i++) {
        ck_assert_uint_eq(D32()[SOUT_DW + i], 0x7fc0deae);
        ck_assert_uint_eq(D32()[SOUT_DW + 32 + i], 1001 + i);
    }
    unsetenv("AMDPM4_SIM_STRICT_WAITCNT");
}
END_TEST

/* A d16 load writes one half of its VGPR when it completes; two of them in
 * flight into the halves of one VGPR both arrive (found by kernels/
 * matmul_f16.s, whose edge path loads fp16 pairs that way). */
START_TEST(strict_waitcnt_d16_halves)
{
    struct xh_launch l = {.prog = "strict_d16_halves", .rsrc2 = RSRC2_LDS(1)};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    for (unsigned i = 0; i < 32; i++)
        D32()[i] = 0xa0b0c0d0u + i;
    for (int strict = 0; strict < 2; strict++) {
        if (strict)
            setenv("AMDPM4_SIM_STRICT_WAITCNT", "1", 1);
        ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
        unsetenv("AMDPM4_SIM_STRICT_WAITCNT");
        for (unsigned i = 0; i < 32; i++) {
            uint32_t word = 0xa0b0c0d0u + i;
            ck_assert_uint_eq(D32()[SOUT_DW + i], word);
            /* LDS holds the work-item id: halves swapped */
            ck_assert_uint_eq(D32()[SOUT_DW + 32 + i], i << 16);
            /* after vmcnt(1) only the older load (the high half) has arrived:
             * the low half still reads as poison under strict waitcnt (without
             * it every load has arrived at once) */
            ck_assert_uint_eq(D32()[SOUT_DW + 64 + i],
                              (word << 16) | (strict ? 0xdeadu : word >> 16));
            ck_assert_uint_eq(D32()[SOUT_DW + 96 + i], (word << 16) | (word >> 16));
        }
    }
}
END_TEST

START_TEST(strict_waitcnt_lgkm_in_order)
{
    struct xh_launch l = {.prog = "strict_lgkm_order", .rsrc2 = RSRC2_LDS(1)};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    setenv("AMDPM4_SIM_STRICT_WAITCNT", "1", 1);
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    unsetenv("AMDPM4_SIM_STRICT_WAITCNT");
    /* lgkmcnt(1) covers the older of two LDS loads only */
    for (unsigned i = 0; i < 32; i++) {
        ck_assert_uint_eq(D32()[SOUT_DW + i], 10 + i);
        ck_assert_uint_eq(D32()[SOUT_DW + 32 + i], 0x7fc0dead);
    }
}
END_TEST

/* ================================================================ faults */

static void expect_fault(const char *prog, int err, enum sim_fault_kind kind, uint64_t pc_off,
                         const char *needle, struct sim_fault *f)
{
    struct xh_launch l = {.prog = prog, .deadline_ns = 0};
    struct sim_dispatch_stats st;
    uint64_t code = xh_find(&H, prog);
    char where[96];
    int r;

    ready();
    r = xh_run(&H, &l, f, &st);
    ck_assert_msg(r == err, "%s: returned %d (%s)", prog, r, f->msg);
    ck_assert_int_eq(f->kind, kind);
    ck_assert_uint_eq(f->pc_va, code + pc_off);
    ck_assert_msg(strstr(f->msg, needle), "%s: %s", prog, f->msg);
    snprintf(where, sizeof(where), "kernel 0x%llx, workgroup (0,0,0), wave 0, PC 0x%llx",
             (unsigned long long)code, (unsigned long long)(code + pc_off));
    ck_assert_msg(strstr(f->msg, where), "%s: %s", prog, f->msg);
}

START_TEST(fault_unmapped_reports_address_and_place)
{
    struct sim_fault f;

    expect_fault("fault_unmapped", -EFAULT, SIM_FAULT_VM, 12, "unmapped GPU address 0x1000", &f);
    ck_assert_uint_eq(f.va, 0x1000);
    expect_fault("fault_readonly", -EFAULT, SIM_FAULT_VM, 8, "read-only", &f);
}
END_TEST

START_TEST(fault_unimplemented_by_name_and_pc)
{
    struct sim_fault f;

    expect_fault("unimplemented", -ENOTSUP, SIM_FAULT_UNSUPPORTED, 4, "v_interp_p10_f32", &f);
    /* a MUBUF load with tfe (the status VGPR's contents are not established) */
    expect_fault("buffer_tfe", -ENOTSUP, SIM_FAULT_UNSUPPORTED, 4,
                 "instruction buffer_load_format_x uses an operand the simulated gfx1100 does "
                 "not support (tfe)", &f);
    expect_fault("illegal", -EINVAL, SIM_FAULT_ILLEGAL_INSN, 4, "0xffffffff", &f);
    expect_fault("past_end", -EINVAL, SIM_FAULT_ILLEGAL_INSN, 4, "s_code_end", &f);
    expect_fault("vgpr_range", -EINVAL, SIM_FAULT_ILLEGAL_INSN, 0, "v100", &f);
}
END_TEST

START_TEST(fault_hang_past_deadline)
{
    struct timespec ts;
    struct xh_launch l = {.prog = "hang"};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    clock_gettime(CLOCK_MONOTONIC, &ts);
    l.deadline_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec + 50000000ull;
    ck_assert_int_eq(xh_run(&H, &l, &f, &st), -ETIME);
    ck_assert_int_eq(f.kind, SIM_FAULT_HANG);
    ck_assert_msg(strstr(f.msg, "deadline"), "%s", f.msg);
}
END_TEST

/* A fixed-seed stream of random programs: instructions of the table with
 * random fields, format prefixes with random rest and fully random words
 * (tests/isa_rand.c), under random launches (xh_launch_from_bytes).  Every
 * dispatch must end with 0 or a fault that names itself; a loop ends as a
 * hang at a short deadline.  The programs sit at the end of the code buffer,
 * past the assembled ones. */
#define RAND_PROGS 3000u
#define RAND_INSTS_MAX 12u
#define RAND_CODE_OFFSET_BYTES (XH_CODE_BYTES - 65536u)
#define RAND_DEADLINE_NS 2000000ull

static uint64_t mono_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Run code (n words) under the launch hdr selects; fail the test unless it
 * ends as it may.  what: for the failure message.  Returns the dispatch's
 * value. */
static int run_any(const uint8_t hdr[XH_RAND_HDR_BYTES], const uint32_t *code, size_t n,
                    const char *what)
{
    struct xh_launch l;
    struct sim_fault f;
    struct sim_dispatch_stats st;
    const char *wrong;
    int r;

    xh_launch_from_bytes(hdr, &l);
    xh_env_from_bytes(hdr);
    l.pgm_override = xh_put_code(&H, RAND_CODE_OFFSET_BYTES, code, n);
    ck_assert_uint_ne(l.pgm_override, 0);
    l.deadline_ns = mono_ns() + RAND_DEADLINE_NS;
    r = xh_run(&H, &l, &f, &st);
    wrong = xh_result_wrong(r, &f);
    ck_assert_msg(!wrong, "%s: %s (returned %d, kind %d, \"%.*s\")", what, wrong, r, (int)f.kind,
                  (int)sizeof(f.msg), f.msg);
    return r;
}

START_TEST(random_programs_end_named)
{
    unsigned ended = 0;

    ready();
    isa_rand_seed(0xf022e8ecull);
    for (unsigned p = 0; p < RAND_PROGS; p++) {
        uint8_t hdr[XH_RAND_HDR_BYTES];
        uint32_t code[RAND_INSTS_MAX * 5];
        size_t n = 0;
        unsigned insts = 1 + isa_rand() % RAND_INSTS_MAX;
        char what[64];

        for (unsigned i = 0; i < XH_RAND_HDR_BYTES; i++)
            hdr[i] = (uint8_t)isa_rand();
        hdr[4] %= 64;       /* at most 64 work-items: thousands of programs in a second */
        if (p % 4)
            hdr[0] |= 31;   /* 256 VGPRs: random registers mostly exist */
        for (unsigned i = 0; i < insts; i++) {
            uint32_t w[5];
            struct isa_inst in;

            /* words the decoder refuses stay in a quarter of the draws:
             * most programs then get past their first instructions */
            do
                isa_rand_inst(w);
            while (!isa_decode(w, 5, &in) && isa_rand() % 4);
            memcpy(code + n, w, in.size_dw * 4u);
            n += in.size_dw;
        }
        snprintf(what, sizeof(what), "random program %u (seed 0xf022e8ec)", p);
        if (!run_any(hdr, code, n, what))
            ended++;
    }
    /* the stream reaches s_endpgm as well as faults, not only one of them */
    ck_assert_uint_gt(ended, RAND_PROGS / 20);
    ck_assert_uint_lt(ended, RAND_PROGS * 9 / 10);
}
END_TEST

/* Inputs the executor's fuzzer (tests/fuzz_exec.c) found, minimized: the
 * launch bytes (xh_launch_from_bytes) and the code as literal words.  Each
 * must end as any input may; the bug each found is named. */
static const struct {
    const char *bug;
    uint8_t hdr[XH_RAND_HDR_BYTES];
    uint32_t code[8];
    unsigned n;
} fuzz_found[] = {
    /* v_mul_i32_i24_e32 v81, 0.15915494, v0 with v0 = packed X/Y/Z ids */
    {"v_mul_i32_i24: signed 32-bit product overflow (UB)",
     {0xbe, 0x80, 0xfc, 0x00, 0xff, 0xfa, 0x4f, 0x4f, 0x45, 0x14, 0xbf, 0x3d},
     {0x12a200f8}, 1},
};

START_TEST(fuzz_found_inputs_end_named)
{
    ready();
    for (unsigned i = 0; i < sizeof(fuzz_found) / sizeof(fuzz_found[0]); i++)
        run_any(fuzz_found[i].hdr, fuzz_found[i].code, fuzz_found[i].n, fuzz_found[i].bug);
}
END_TEST

/* One wave of 32 work-items, 256 VGPRs, s[0:1] = the data buffer. */
static const uint8_t hdr_plain[XH_RAND_HDR_BYTES] = {31, 2, 0, 0, 31, 0, 0, 0xf0, 3, 0, 0, 0};

/* The signed 24-bit multiplies keep the low 32 bits of a 48-bit product
 * (0x7fffff^2 = 0x3fff_ff00_0001); the simulator once computed it as an
 * overflowing int32_t product. */
START_TEST(valu_i24_products_wrap)
{
    static const uint32_t code[] = {
        0x7e0202ff, 0x007fffff,     /* v_mov_b32 v1, 0x7fffff */
        0x7e060280,                 /* v_mov_b32 v3, 0 */
        0x12040301,                 /* v_mul_i32_i24 v2, v1, v1 */
        0xd60a0004, 0x02060301,     /* v_mad_i32_i24 v4, v1, v1, 1 */
        0xdc6e0000, 0x00000203,     /* global_store_b64 v3, v[2:3], s[0:1] */
        0xdc6a0008, 0x00000403,     /* global_store_b32 v3, v4, s[0:1] offset:8 */
    };

    ready();
    ck_assert_int_eq(run_any(hdr_plain, code, sizeof(code) / 4, "i24"), 0);
    ck_assert_uint_eq(D32()[0], 0xff000001u);
    ck_assert_uint_eq(D32()[2], 0xff000002u);
}
END_TEST

/* ================================================================ statistics, trace */

START_TEST(stats_by_class)
{
    struct xh_launch l = {.prog = "stats_mix", .wg = {64, 1, 1}, .rsrc2 = RSRC2_LDS(1)};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(st.insts, 20);
    /* per wave: v_lshlrev_b32 is VALU, v_exp_f32 runs on the transcendental
     * unit (isa/ ISA_F_TRANS) */
    ck_assert_uint_eq(st.by_class[SIM_ICLASS_VALU], 2);
    ck_assert_uint_eq(st.by_class[SIM_ICLASS_TRANS], 2);
    ck_assert_uint_eq(st.by_class[SIM_ICLASS_VMEM_LOAD], 2);
    ck_assert_uint_eq(st.by_class[SIM_ICLASS_VMEM_STORE], 2);
    ck_assert_uint_eq(st.by_class[SIM_ICLASS_SCTRL], 8);
    ck_assert_uint_eq(st.by_class[SIM_ICLASS_VOPD], 2);
    ck_assert_uint_eq(st.by_class[SIM_ICLASS_LDS], 2);
    ck_assert_uint_eq(st.vopd_pairs, 2);
    ck_assert_uint_eq(st.barriers, 2);
    ck_assert_uint_eq(st.waves, 2);
    ck_assert_uint_eq(st.workgroups, 1);
    ck_assert_uint_eq(st.global_bytes_loaded, 256);
    ck_assert_uint_eq(st.global_bytes_stored, 256);
    ck_assert_uint_eq(st.lds_bytes_written, 256);
    ck_assert_uint_eq(st.vgprs_allocated, 64);
    ck_assert_uint_eq(st.vgprs_used, 11);
    ck_assert_uint_eq(st.lds_bytes_allocated, 512);
    ck_assert_str_eq(sim_iclass_name(SIM_ICLASS_WMMA), "wmma");
    ck_assert_ptr_null(sim_iclass_name(SIM_ICLASS_COUNT));
}
END_TEST

START_TEST(decode_cache_across_dispatches)
{
    struct xh_launch l = {.prog = "decode_cache"};
    struct sim_fault f;
    struct sim_dispatch_stats st;
    uint8_t *code = H.code + (xh_find(&H, "decode_cache") - XH_CODE_VA);
    uint32_t lit;

    ready();
    /* the literal of v_mov_b32 v1, 0x1234 is the program's second dword */
    memcpy(&lit, code + 4, 4);
    ck_assert_uint_eq(lit, 0x1234);
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(D32()[SOUT_DW], 0x1234);
    ck_assert_uint_le(st.insts_decoded, 4);     /* 4 unless an earlier test ran it */
    ck_assert_uint_eq(st.vgprs_used, 21);

    /* the same code again: nothing decoded, the same statistics */
    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(D32()[SOUT_DW], 0x1234);
    ck_assert_uint_eq(st.insts_decoded, 0);
    ck_assert_uint_eq(st.vgprs_used, 21);

    /* rewritten code is decoded afresh, never run stale */
    lit = 0x5678;
    memcpy(code + 4, &lit, 4);
    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(D32()[SOUT_DW], 0x5678);
    ck_assert_uint_eq(st.insts_decoded, 4);

    /* another VGPR allocation is another entry (exec_bind checks registers
     * against it); the first one stays cached */
    ready();
    l.rsrc1 = (XH_RSRC1_DEFAULT & ~0x3fu) | 3u;     /* 32 VGPRs */
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(st.insts_decoded, 4);
    l.rsrc1 = 0;
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(st.insts_decoded, 0);

    lit = 0x1234;
    memcpy(code + 4, &lit, 4);
}
END_TEST

START_TEST(errata_table_complete)
{
    /* every row named once, each field said */
    for (unsigned i = 0; i < EXEC_ERRATA_COUNT; i++) {
        const struct exec_erratum_info *e = &exec_errata[i];

        ck_assert_msg(e->name && e->insts && e->what && e->basis, "row %u incomplete", i);
        ck_assert_msg(*e->insts && strlen(e->what) > 20 && strlen(e->basis) > 10,
                      "row %s has an empty field", e->name);
        for (unsigned k = 0; k < i; k++)
            ck_assert_str_ne(e->name, exec_errata[k].name);
    }
    ck_assert_str_eq(exec_errata[EXEC_ERRATUM_NAN_DEFAULT].name, "NAN_DEFAULT");
    ck_assert_uint_ge(EXEC_ERRATA_COUNT, 20);
}
END_TEST

START_TEST(trace_one_wave)
{
    char path[] = "/tmp/amdpm4-trace-XXXXXX", env[128], buf[65536];
    int fd = mkstemp(path);
    static const uint32_t a[] = {0x3f800000}, b[] = {0x40000000};
    FILE *f;
    size_t n;

    ck_assert_int_ge(fd, 0);
    close(fd);
    snprintf(env, sizeof(env), "wg=0.0.0,wave=0,out=%s", path);
    setenv("AMDPM4_SIM_TRACE", env, 1);
    run_abc("v_add_f32", a, b, NULL, 1, 0);
    unsetenv("AMDPM4_SIM_TRACE");
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = 0;
    fclose(f);
    unlink(path);
    ck_assert_msg(strstr(buf, "amdpm4 trace: dispatch 0 of submission 0"), "%s", buf);
    ck_assert_msg(strstr(buf, "v_add_f32"), "%s", buf);
    /* lane 0 = 1 + 2; lanes 1-15 0; lanes 16-31 outside EXEC and unchanged */
    ck_assert_msg(strstr(buf, "v4 = 40400000 00000000"), "%s", buf);
    ck_assert_msg(strstr(buf, "00000000 - - -"), "%s", buf);
    ck_assert_msg(strstr(buf, "exec_lo = 0x0000ffff"), "%s", buf);
    ck_assert_msg(strstr(buf, "end of program"), "%s", buf);
}
END_TEST

START_TEST(trace_spec_parsing)
{
    struct exec_trace_spec s;
    char err[256];

    ck_assert_int_eq(exec_trace_parse("1", &s, err, sizeof(err)), 0);
    ck_assert_uint_eq(s.wg[0] | s.wg[1] | s.wg[2] | s.wave, 0);
    ck_assert(s.any_seq && s.any_dispatch);
    ck_assert_int_eq(exec_trace_parse("wg=1.2.3,wave=4,seq=5,dispatch=6,out=/x", &s, err,
                                      sizeof(err)), 0);
    ck_assert_uint_eq(s.wg[0], 1);
    ck_assert_uint_eq(s.wg[1], 2);
    ck_assert_uint_eq(s.wg[2], 3);
    ck_assert_uint_eq(s.wave, 4);
    ck_assert(!s.any_seq && s.seq == 5);
    ck_assert(!s.any_dispatch && s.dispatch == 6);
    ck_assert_str_eq(s.out, "/x");
    ck_assert_int_eq(exec_trace_parse("wg=7", &s, err, sizeof(err)), 0);
    ck_assert_uint_eq(s.wg[0], 7);
    ck_assert_uint_eq(s.wg[1], 0);
    ck_assert_int_eq(exec_trace_parse("wg=1.2.3.4", &s, err, sizeof(err)), -EINVAL);
    ck_assert_int_eq(exec_trace_parse("wave=x", &s, err, sizeof(err)), -EINVAL);
    ck_assert_int_eq(exec_trace_parse("wave=99999999999", &s, err, sizeof(err)), -EINVAL);
    ck_assert_int_eq(exec_trace_parse("bogus=1", &s, err, sizeof(err)), -EINVAL);
    ck_assert_msg(strstr(err, "bogus=1"), "%s", err);
    ck_assert_int_eq(exec_trace_parse("wave=1,", &s, err, sizeof(err)), 0);
    ck_assert_int_eq(exec_trace_parse("out=", &s, err, sizeof(err)), -EINVAL);
    /* a bad spec refuses the dispatch */
    setenv("AMDPM4_SIM_TRACE", "wave=", 1);
    {
        struct xh_launch l = {.prog = "v_add_f32"};
        struct sim_fault f;
        struct sim_dispatch_stats st;
        ready();
        ck_assert_int_eq(xh_run(&H, &l, &f, &st), -EINVAL);
        ck_assert_msg(strstr(f.msg, "AMDPM4_SIM_TRACE"), "%s", f.msg);
    }
    unsetenv("AMDPM4_SIM_TRACE");
}
END_TEST


/* ================================================================ more coverage */

START_TEST(sopp_hints_vcc_branches_sendmsg)
{
    struct xh_launch l = {.prog = "sopp_misc"};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(D32()[SOUT_DW + 1], 3);  /* vccnz not taken, vccz not taken, vccnz taken */
    l.prog = "sendmsg_other";
    ck_assert_int_eq(xh_run(&H, &l, &f, &st), -ENOTSUP);
    ck_assert_msg(strstr(f.msg, "message id 1"), "%s", f.msg);

    /* s_sendmsg_rtn: the gfx ring's doorbell (0x8b << 1), the GPU clock, no
     * trap handler (TBA 0), dispatch 0; s_setkill 1 ends the wave */
    {
        uint64_t t0, t1, rt;

        ready();
        l.prog = "sendmsg_rtn";
        t0 = sim_gpu_clock();
        ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
        t1 = sim_gpu_clock();
        ck_assert_uint_eq(D32()[SOUT_DW + 0], 0x116);
        rt = D32()[SOUT_DW + 1] | (uint64_t)D32()[SOUT_DW + 2] << 32;
        ck_assert_msg(rt >= t0 && rt <= t1, "realtime %llu not in [%llu, %llu]",
                      (unsigned long long)rt, (unsigned long long)t0, (unsigned long long)t1);
        ck_assert_uint_eq(D32()[SOUT_DW + 3], 0);
        ck_assert_uint_eq(D32()[SOUT_DW + 4], 0);
        ck_assert_uint_eq(D32()[SOUT_DW + 5], 0);
        ck_assert_uint_eq(D32()[SOUT_DW + 6], 0);       /* after s_setkill 1: not stored */
    }
    /* s_sethalt 1 (LLVM's trap loop uses 5): a halted wave is a hang */
    l.prog = "sethalt";
    ck_assert_int_eq(xh_run(&H, &l, &f, &st), -ETIMEDOUT);
    ck_assert_int_eq(f.kind, SIM_FAULT_HANG);
    ck_assert_msg(strstr(f.msg, "s_sethalt halted the wave"), "%s", f.msg);
}
END_TEST

START_TEST(smem_buffer_range)
{
    static const uint32_t in[4] = {0x11, 0x22, 0x33, 0x44};
    static const uint32_t want[] = {0x22, 0x33, 0};  /* num_records 12: the dword at 12 reads 0 */

    run_scalar("smem_buffer", in);
    check_d("s_buffer_load", want, 3, SOUT_DW);
}
END_TEST

START_TEST(cndmask_sgpr_mask_and_neg)
{
    uint32_t a[32], b[32];

    for (int i = 0; i < 32; i++) {
        a[i] = 0x100 + i;
        b[i] = 0x3f800000;
    }
    run_abc("v_cndmask_sgpr", a, b, NULL, 32, 0);
    for (unsigned i = 0; i < 32; i++) {
        bool m = (0xf0f5u >> i) & 1;
        ck_assert_uint_eq(D32()[D_DW + i], m ? 0xbf800000 : 0x100 + i);
        ck_assert_uint_eq(D32()[SOUT_DW + i], i >= 16 ? 0x3f800000 : 0x100 + i);
    }
}
END_TEST

START_TEST(true16_e32_high_half)
{
    uint32_t b[32], c[32];

    for (int i = 0; i < 32; i++) {
        b[i] = 0x3c000000;      /* v2.h = 1.0 */
        c[i] = 0x00004000;      /* v3.l = 2.0 */
    }
    /* VGPR field 130 of a 16-bit e32 operand is v2.h */
    run_abc("true16_hi_src", NULL, b, c, 32, 0);
    for (unsigned i = 0; i < 32; i++)
        ck_assert_uint_eq(D32()[D_DW + i], 0x5a5a4200);
}
END_TEST

START_TEST(permlane_fetch_inactive_bound_ctrl)
{
    uint32_t a[32];

    lanes_100(a);
    run_abc("permlane_fi_bc", a, NULL, NULL, 32, 0);
    for (unsigned i = 0; i < 32; i++) {
        ck_assert_uint_eq(D32()[D_DW + i], i < 16 ? KEEP : 116);          /* lane 0 inactive: kept */
        ck_assert_uint_eq(D32()[SOUT_DW + i], i < 16 ? 0 : 116);          /* bound_ctrl: 0 */
        ck_assert_uint_eq(D32()[SOUT_DW + 32 + i], i == 0 ? 0 : i < 16 ? 100 : 116);  /* fi */
    }
}
END_TEST

/* bf16 bits of a small integer (exact: f32 with the low half dropped) */
static uint32_t bf_int(int v)
{
    return fu((float)v) >> 16;
}

START_TEST(wmma_bf16_forms)
{
    ready();
    for (unsigned l = 0; l < 32; l++) {
        unsigned m = l % 16, n = l % 16;
        for (unsigned j = 0; j < 8; j++) {
            unsigned k0 = 2 * j, k1 = 2 * j + 1;
            int a0 = k0 == m ? 2 : k0 == (m + 1) % 16 ? 1 : 0;
            int a1 = k1 == m ? 2 : k1 == (m + 1) % 16 ? 1 : 0;
            D32()[l * 8 + j] = bf_int(a0) | bf_int(a1) << 16;
            D32()[256 + l * 8 + j] = bf_int((int)k0 - (int)n) | bf_int((int)k1 - (int)n) << 16;
            D32()[512 + l * 8 + j] = 0x3f800000;
        }
    }
    {
        struct xh_launch l = {.prog = "wmma_bf16"};
        struct sim_fault f;
        struct sim_dispatch_stats st;
        ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
        ck_assert_uint_eq(st.wmma_ops, 2);
    }
    /* f32 result: 2*B[m][n] + B[m+1][n] + 1 */
    ck_assert_uint_eq(WD(0, 0), 0x40000000);
    ck_assert_uint_eq(WD(15, 0), 0xc22c0000);
    ck_assert_uint_eq(WD(20, 7), 0x41980000);
    ck_assert_uint_eq(WD(31, 7), 0xc1600000);
    /* bf16 result, C = 0 (zeroed VGPRs), low half */
    ck_assert_uint_eq(D32()[1792 + 0 * 8 + 0], 0x3f80);
    ck_assert_uint_eq(D32()[1792 + 15 * 8 + 0], 0xc230);
    ck_assert_uint_eq(D32()[1792 + 20 * 8 + 7], 0x4190);
    ck_assert_uint_eq(D32()[1792 + 31 * 8 + 7], 0xc170);
}
END_TEST

START_TEST(lds_zeroed_per_workgroup_2addr_stride64)
{
    /* TGID_X_EN, LDS_SIZE 2 (1 KiB); 4 workgroups */
    struct xh_launch l = {.prog = "lds_zero_2addr", .rsrc2 = 0x10084, .grid = {4, 1, 1}};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    for (unsigned i = 0; i < 128; i++) {
        ck_assert_uint_eq(D32()[i], 0);                    /* read before any write */
        ck_assert_uint_eq(D32()[512 + i], 100 + i % 32);   /* stride64 offset0:1 */
        ck_assert_uint_eq(D32()[640 + i], 1 + i % 32);     /* stride64 offset1:2 */
        ck_assert_uint_eq(D32()[768 + i], 100 + i % 32);   /* 2addr offset1:32 */
    }
}
END_TEST

START_TEST(global_atomics_more_ops)
{
    uint32_t a[32];
    struct xh_launch l = {.prog = "global_atomics2"};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    for (int i = 0; i < 32; i++)
        D32()[A_DW + i] = a[i] = (uint32_t)(3 * i - 40);
    D32()[512] = 1000;
    D32()[513] = 0xffffffff;
    D32()[514] = 0xffffffff;
    D32()[516] = 7;
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(D32()[512], 1000 - 3 * 32);          /* sub */
    ck_assert_uint_eq(D32()[513], 2);                      /* min_u32: 3*14-40 */
    ck_assert_uint_eq(D32()[514], 0xffff0000);             /* and */
    ck_assert_uint_eq(D32()[515], 31);                     /* or of lane ids */
    ck_assert_uint_eq(D32()[516], 31);                     /* swap: the last lane's */
    ck_assert_uint_eq(D32()[517], 2);                      /* 32 x inc wrapping at 5 */
    ck_assert_uint_eq(D32()[518], 4);                      /* 32 x dec wrapping at 5 */
    ck_assert_uint_eq(D32()[519], 0xffffffd8);             /* min_i32: -40 */
    for (unsigned i = 0; i < 32; i++) {
        ck_assert_uint_eq(D32()[D_DW + i], i ? i - 1 : 7); /* swap glc returns */
        ck_assert_uint_eq(D32()[640 + i], 2);              /* b96 dword 1, stored b64 */
        ck_assert_uint_eq(D32()[768 + i], 0xffffffd8);     /* b128 dword 3 */
    }
    ck_assert_uint_eq(D32()[672], 0xffff0000);             /* b64 second dword of lane 31 */
}
END_TEST

/* ================================================================ NaN model */

/* f32 lanes: (a, b, c) and the result of each op (errata NAN_DEFAULT,
 * NAN_PROPAGATE): an invalid operation gives 0xffc00000; a NaN source
 * propagates (the first one in operand order) with sign and payload, its
 * quiet bit set only with MODE.IEEE; fma's invalid product wins over a NaN
 * addend. */
#define NAN_LANES 10
static const uint32_t nan_a[NAN_LANES] = {0x00000000, 0x7f800000, 0x7fc12345, 0x3f800000,
                                          0x7f800001, 0x7fc00011, 0x7fa00000, 0xbf800000,
                                          0x3f800000, 0x7fc00044};
static const uint32_t nan_b[NAN_LANES] = {0x7f800000, 0xff800000, 0x3f800000, 0xffc00007,
                                          0x3f800000, 0xffc00022, 0x7fc00022, 0x40000000,
                                          0x40000000, 0x00000000};
static const uint32_t nan_c[NAN_LANES] = {0x7fc00033, 0x3f800000, 0x40000000, 0x40000000,
                                          0x40000000, 0x7fc00033, 0x3f800000, 0xff800001,
                                          0x40400000, 0x7f800000};

START_TEST(nan_f32_default_and_propagation)
{
    static const uint32_t mul[NAN_LANES] = {0xffc00000, 0xff800000, 0x7fc12345, 0xffc00007,
                                            0x7fc00001, 0x7fc00011, 0x7fe00000, 0xc0000000,
                                            0x40000000, 0x7fc00044};
    static const uint32_t add[NAN_LANES] = {0x7f800000, 0xffc00000, 0x7fc12345, 0xffc00007,
                                            0x7fc00001, 0x7fc00011, 0x7fe00000, 0x3f800000,
                                            0x40400000, 0x7fc00044};
    static const uint32_t fma[NAN_LANES] = {0xffc00000, 0xff800000, 0x7fc12345, 0xffc00007,
                                            0x7fc00001, 0x7fc00011, 0x7fe00000, 0xffc00001,
                                            0x40a00000, 0x7fc00044};
    static const uint32_t sqr[NAN_LANES] = {0x00000000, 0x7f800000, 0x7fc12345, 0x3f800000,
                                            0x7fc00001, 0x7fc00011, 0x7fe00000, 0xffc00000,
                                            0x3f800000, 0x7fc00044};
    static const uint32_t sub[NAN_LANES] = {0xff800000, 0x7f800000, 0x7fc12345, 0xffc00007,
                                            0x7fc00001, 0x7fc00011, 0x7fe00000, 0xc0400000,
                                            0xbf800000, 0x7fc00044};

    run_abc("nan_f32", nan_a, nan_b, nan_c, NAN_LANES, 0);
    check_d("v_mul_f32", mul, NAN_LANES, D_DW);
    check_d("v_add_f32", add, NAN_LANES, SOUT_DW);
    check_d("v_fma_f32", fma, NAN_LANES, SOUT_DW + 32);
    check_d("v_fmac_f32 (accumulator in place)", fma, NAN_LANES, SOUT_DW + 64);
    check_d("v_sqrt_f32", sqr, NAN_LANES, SOUT_DW + 96);
    check_d("v_sub_f32", sub, NAN_LANES, SOUT_DW + 128);

    /* MODE.IEEE off: a signalling NaN passes through unquieted */
    run_abc("nan_f32", nan_a, nan_b, nan_c, NAN_LANES, RSRC1_NO_IEEE);
    ck_assert_uint_eq(D32()[D_DW + 4], 0x7f800001);
    ck_assert_uint_eq(D32()[D_DW + 6], 0x7fa00000);
    ck_assert_uint_eq(D32()[D_DW + 0], 0xffc00000);
    ck_assert_uint_eq(D32()[SOUT_DW + 32 + 7], 0xff800001);  /* fma: the sNaN addend */
    ck_assert_uint_eq(D32()[SOUT_DW + 64 + 7], 0xff800001);  /* fmac, accumulator in place */
    ck_assert_uint_eq(D32()[SOUT_DW + 96 + 4], 0x7f800001);  /* sqrt */
    ck_assert_uint_eq(D32()[SOUT_DW + 96 + 7], 0xffc00000);
}
END_TEST

START_TEST(nan_transcendental_specials)
{
    /* -4, -inf, -0, +inf, sNaN, qNaN with sign */
    static const uint32_t a[] = {0xc0800000, 0xff800000, 0x80000000, 0x7f800000, 0x7f800005,
                                 0xffc00009};
    static const uint32_t rsq[] = {0xffc00000, 0xffc00000, 0xff800000, 0x00000000, 0x7fc00005,
                                   0xffc00009};
    static const uint32_t lg[] = {0xffc00000, 0xffc00000, 0xff800000, 0x7f800000, 0x7fc00005,
                                  0xffc00009};
    static const uint32_t rcp[] = {0xbe800000, 0x80000000, 0xff800000, 0x00000000, 0x7fc00005,
                                   0xffc00009};
    /* sin(-4 revolutions) = sin(0): +0; sin(-0) = -0 */
    static const uint32_t sn[] = {0x00000000, 0xffc00000, 0x80000000, 0xffc00000, 0x7fc00005,
                                  0xffc00009};

    run_abc("nan_trans", a, NULL, NULL, 6, 0);
    check_d("v_rsq_f32", rsq, 6, D_DW);
    check_d("v_log_f32", lg, 6, SOUT_DW);
    check_d("v_rcp_f32", rcp, 6, SOUT_DW + 32);
    check_d("v_sin_f32", sn, 6, SOUT_DW + 64);
    run_abc("nan_trans", a, NULL, NULL, 6, RSRC1_NO_IEEE);
    ck_assert_uint_eq(D32()[D_DW + 4], 0x7f800005);
}
END_TEST

START_TEST(nan_conversions)
{
    /* lanes 0-2: cvt_f32_f16 (A), cvt_f16_f32 (B), cvt_f64_f32 (C);
     * lanes 3-5: cvt_f32_f64 of {A, B} */
    static const uint32_t a[] = {0x0000fd01, 0x00007e00, 0x00003c00, 0x00000001, 0x20000000,
                                 0x00000000};
    static const uint32_t b[] = {0x7f800001, 0xffc12345, 0x3f800000, 0x7ff00000, 0xfff00000,
                                 0x3ff00000};
    static const uint32_t c[] = {0x7f800001, 0xffc12345, 0x3f800000, 0, 0, 0};
    static const uint32_t f32_f16[] = {0xffe02000, 0x7fc00000, 0x3f800000};
    static const uint32_t f16_f32[] = {0x00007e00, 0x0000fe09, 0x00003c00};  /* always quieted */
    static const uint32_t f64_lo[] = {0x20000000, 0xa0000000, 0x00000000};
    static const uint32_t f64_hi[] = {0x7ff80000, 0xfff82468, 0x3ff00000};
    static const uint32_t f32_f64[] = {0x7fc00000, 0xffc00001, 0x3f800000};

    run_abc("nan_cvt", a, b, c, 6, 0);
    check_d("v_cvt_f32_f16", f32_f16, 3, D_DW);
    check_d("v_cvt_f16_f32", f16_f32, 3, SOUT_DW);
    check_d("v_cvt_f64_f32 lo", f64_lo, 3, SOUT_DW + 32);
    check_d("v_cvt_f64_f32 hi", f64_hi, 3, SOUT_DW + 64);
    check_d("v_cvt_f32_f64", f32_f64, 3, SOUT_DW + 96 + 3);
    /* IEEE off: no quieting, except where the payload would vanish */
    run_abc("nan_cvt", a, b, c, 6, RSRC1_NO_IEEE);
    ck_assert_uint_eq(D32()[D_DW + 0], 0xffa02000);
    ck_assert_uint_eq(D32()[SOUT_DW + 0], 0x00007e00);
    ck_assert_uint_eq(D32()[SOUT_DW + 64 + 0], 0x7ff00000);
    ck_assert_uint_eq(D32()[SOUT_DW + 96 + 3], 0x7fc00000);
    ck_assert_uint_eq(D32()[SOUT_DW + 96 + 4], 0xff800001);
}
END_TEST

START_TEST(nan_f16_packed_f64)
{
    /* f16: sNaN + 1, inf + -inf, 1 + -qNaN, qNaN + sNaN, sqrt(-1);
     * v_pk_add_f16: lo = 1 + -qNaN, hi = sNaN + 1 */
    static const uint32_t a[] = {0x3c007d01, 0x00007c00, 0x00003c00, 0x00007e11, 0x0000bc00};
    static const uint32_t b[] = {0x7d013c00, 0x0000fc00, 0x0000fe33, 0x00007d22, 0x00003c00};
    static const uint32_t c[] = {0x00003c00, 0x00003c00, 0x00003c00, 0x00003c00, 0x00003c00};
    static const uint32_t add[] = {0x5a5a7f01, 0x5a5afe00, 0x5a5afe33, 0x5a5a7e11};
    uint64_t *q = (uint64_t *)H.data;
    struct xh_launch l = {.prog = "nan_f64"};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    run_abc("nan_f16", a, b, c, 5, 0);
    check_d("v_add_f16", add, 4, D_DW);
    ck_assert_uint_eq(D32()[SOUT_DW + 4], 0x0000fe00);          /* v_sqrt_f16(-1) */
    ck_assert_uint_eq(D32()[SOUT_DW + 0], 0x00007f01);          /* v_sqrt_f16(sNaN) */
    ck_assert_uint_eq(D32()[SOUT_DW + 32 + 0], 0x7f017f01);     /* pk: both halves' sNaN quieted */
    ck_assert_uint_eq(D32()[SOUT_DW + 64 + 1], 0x0000fc00);     /* fma_f16 inf * -inf + 1 = -inf */
    ck_assert_uint_eq(D32()[SOUT_DW + 64 + 2], 0x0000fe33);     /* fma_f16: b's NaN */
    run_abc("nan_f16", a, b, c, 5, RSRC1_NO_IEEE);
    ck_assert_uint_eq(D32()[D_DW + 0], 0x5a5a7d01);

    /* f64: inf + -inf; sNaN + 2; 1 * -qNaN; 0 * inf */
    ready();
    q[0] = 0x7ff0000000000000ull, q[32] = 0xfff0000000000000ull;
    q[1] = 0x7ff4000000000123ull, q[33] = 0x4000000000000000ull;
    q[2] = 0x3ff0000000000000ull, q[34] = 0xfff8000000000abcull;
    q[3] = 0x0000000000000000ull, q[35] = 0x7ff0000000000000ull;
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    ck_assert_uint_eq(q[256 + 0], 0xfff8000000000000ull);
    ck_assert_uint_eq(q[256 + 1], 0x7ffc000000000123ull);
    ck_assert_uint_eq(q[256 + 2], 0xfff8000000000abcull);
    ck_assert_uint_eq(q[288 + 3], 0xfff8000000000000ull);      /* v_mul_f64 0 * inf */
    ck_assert_uint_eq(q[320 + 3], 0xfff8000000000000ull);      /* v_fma_f64 0 * inf + inf */
    ck_assert_uint_eq(q[320 + 2], 0xfff8000000000abcull);      /* fma: b's NaN */
}
END_TEST

/* ================================================================ LDS out of range */

START_TEST(lds_out_of_range_reads_zero_drops_writes)
{
    static const uint32_t want[] = {
        0,                          /* ds_load_b32 at 512 */
        0x22222222, 0,              /* ds_load_b64 at 508: the dword at 512 reads 0 */
        0x22222222, 0,              /* 2addr: 508 in range, 512 not */
        0,                          /* ds_add_rtn_u32 at 512: nothing, 0 returned */
        0, 0,                       /* ds_add_rtn_u64 across the end: dropped whole */
        0x22222222,                 /* 508 unchanged by that add */
        0,                          /* 0xfffffffc + 8 is out of range, not 4 */
        0x77,                       /* ds_bpermute_b32 touches no LDS: address 2^26 is lane 0 */
    };
    struct xh_launch l = {.prog = "lds_oob_all", .rsrc2 = RSRC2_LDS(1)};
    struct sim_fault f;
    struct sim_dispatch_stats st;

    ready();
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    check_d("LDS out of range", want, 11, SOUT_DW);
    /* b128 (1), b32 store (1), b32 load (1), b64 (1), 2addr's second (1),
     * add_u32 (1), add_u64 (1), the non-wrapping load (1) */
    ck_assert_uint_eq(st.lds_oob_accesses, 8);
    ck_assert_uint_eq(st.lds_bytes_written, 8 + 4);  /* two dwords of the b128, the store at 4 */

    /* the author aid: the first out-of-range access faults, with its address */
    setenv("AMDPM4_SIM_STRICT_LDS", "1", 1);
    ready();
    ck_assert_int_eq(xh_run(&H, &l, &f, &st), -EFAULT);
    unsetenv("AMDPM4_SIM_STRICT_LDS");
    ck_assert_int_eq(f.kind, SIM_FAULT_VM);
    ck_assert_uint_eq(f.va, 0x1f8);
    ck_assert_uint_eq(f.pc_va, xh_find(&H, "lds_oob_all") + 48);
    ck_assert_msg(strstr(f.msg, "LDS write of 16 bytes at address 0x1f8 beyond the 512 bytes"),
                  "%s", f.msg);
    ck_assert_msg(strstr(f.msg, "AMDPM4_SIM_STRICT_LDS"), "%s", f.msg);
    ck_assert_msg(strstr(f.msg, "workgroup (0,0,0), wave 0, PC"), "%s", f.msg);
}
END_TEST

/* ================================================================ MUBUF */

START_TEST(buffer_raw_structured_swizzled_oob)
{
    struct xh_launch l = {.prog = "buffer_raw"};
    struct sim_fault f;
    struct sim_dispatch_stats st;
    uint32_t *d = D32();

    ready();
    for (unsigned i = 0; i < 64; i++)
        d[256 + i] = 0xc0de0000u | i;
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    for (unsigned i = 0; i < 32; i++) {
        /* 64 bytes: lanes 0-15 in range */
        ck_assert_uint_eq(d[512 + i], i < 16 ? (0xc0de0000u | i) : 0);
        /* SOFFSET 8: at +8, and the range shrinks to 56 bytes (lanes 0-13) */
        ck_assert_uint_eq(d[544 + i], i < 14 ? (0xc0de0000u | (i + 2)) : 0);
        /* b64 at 60: the first dword in range, the second (64..67) reads 0 */
        ck_assert_uint_eq(d[576 + i], 0xc0de000fu);
        ck_assert_uint_eq(d[608 + i], 0);
        /* u16 at 4l + 2: the high half */
        ck_assert_uint_eq(d[640 + i], i < 16 ? 0xc0de : 0);
        /* atomic add at 48 + 4l (lanes 0-3) after lane 4 + l's b32 store
         * wrote 0x1004 + l there; the others return 0 */
        ck_assert_uint_eq(d[672 + i], i < 4 ? 0x1004u + i : 0);
    }
    /* memory: b8 stores wrote byte 1 of dwords 0-15 (8-15 then overwritten
     * by the b32 stores of lanes 0-7: 0x1000 + i - 8), the atomics added 5
     * to 12-15, and nothing beyond 64 bytes changed */
    for (unsigned i = 0; i < 32; i++) {
        uint32_t want = i < 8 ? (0xc0de0000u | i << 8 | i) : i < 12 ? 0x0ff8u + i
                        : i < 16 ? 0x0ffdu + i : (0xc0de0000u | i);
        ck_assert_msg(d[256 + i] == want, "dword %u: 0x%08x, want 0x%08x", i, d[256 + i], want);
    }
    /* out-of-range lane elements: 16 + 18 + 32 + 16 loads, 16 + 24 stores, 28 atomics */
    ck_assert_uint_eq(st.buffer_oob_accesses, 150);

    ready();
    for (unsigned i = 0; i < 64; i++)
        d[256 + i] = 0xc0de0000u | i;
    l.prog = "buffer_struct";
    ck_assert_msg(xh_run(&H, &l, &f, &st) == 0, "%s", f.msg);
    for (unsigned i = 0; i < 32; i++) {
        /* OOB_SELECT 0: index < 4 and offset 4 + 4 within the 8-byte stride */
        ck_assert_uint_eq(d[768 + i], i < 4 ? (0xc0de0000u | (2 * i + 1)) : 0);
        /* offset 8 + 4 exceeds the stride */
        ck_assert_uint_eq(d[800 + i], 0);
        /* OOB_SELECT 1: the index alone */
        ck_assert_uint_eq(d[832 + i], i < 4 ? (0xc0de0000u | (2 * i + 2)) : 0);
        /* index 1 (8 bytes) + VOFFSET 4l, only the index checked */
        ck_assert_uint_eq(d[864 + i], 0xc0de0000u | (2 + i));
        /* OOB_SELECT 2 with NUM_RECORDS 0: nothing */
        ck_assert_uint_eq(d[896 + i], 0);
        /* swizzled: groups of 8 lanes, dword 0 of each then dword 1 */
        ck_assert_uint_eq(d[512 + 16 * (i / 8) + i % 8], 0x100 + i);
        ck_assert_uint_eq(d[512 + 16 * (i / 8) + 8 + i % 8], 0x200 + i);
    }
    ck_assert_uint_eq(st.buffer_oob_accesses, 28 + 32 + 28 + 32);
}
END_TEST

/* Run a buffer test program (rsrc2 0: the default) on data whose dwords
 * 256 + i, i < n, hold base + i * step (then poked by the caller through
 * fill, if any); fails the test on a fault. */
static void run_buf(const char *prog, uint32_t rsrc2, uint32_t base, uint32_t step, unsigned n,
                    void (*fill)(uint32_t *d), struct sim_dispatch_stats *st)
{
    struct xh_launch l = {.prog = prog, .rsrc2 = rsrc2};
    struct sim_fault f;

    ready();
    for (unsigned i = 0; i < n; i++)
        D32()[256 + i] = base + i * step;
    if (fill)
        fill(D32());
    ck_assert_msg(xh_run(&H, &l, &f, st) == 0, "%s", f.msg);
}

static void fill_fmt_load(uint32_t *d)
{
    static const uint32_t in[6] = {0x80ff7f01, 0x3c00c000, 0x7fff8000,
                                   0x40490fdb, 0x702003c0, 0x801803ff};
    memcpy(d + 256, in, sizeof(in));
    d[270] = 0x12345678;    /* bytes 56-63: in range, but their element is not */
    d[271] = 0x9abcdef0;
}

/* Format loads: each numeric format, component counts, absent components
 * (Y, Z 0, W 1), DST_SEL with constants, d16 and d16_hi, INVALID, the
 * all-or-nothing range check.  Floats
 * are the exact quotients rounded to nearest: 1/255 = 0x3b808081, 127/255 =
 * 0x3efefeff, 128/255 = 0x3f008081, 1/127 = 0x3c010204, 512/1023 =
 * 0x3f002008, 1/1023 = 0x3a802008, 2/3 = 0x3f2aaaab, 1/511 = 0x3b004020;
 * as f16: 1/255 = 0x1c04, 127/255 = 0x37f8, 128/255 = 0x3804. */
START_TEST(buffer_format_loads)
{
    static const uint32_t want[27][4] = {
        {0x3b808081, 0x3efefeff, 0x3f800000, 0x3f008081},   /* 8_8_8_8_UNORM 01 7f ff 80 */
        {0x3c010204, 0x3f800000, 0xbc010204, 0xbf800000},   /* SNORM: 0x80 -> -1.0 */
        {0x3f800000, 0x42fe0000, 0x437f0000, 0x43000000},   /* USCALED 1 127 255 128 */
        {0x3f800000, 0x42fe0000, 0xbf800000, 0xc3000000},   /* SSCALED 1 127 -1 -128 */
        {1, 0x7f, 0xff, 0x80},                              /* UINT */
        {1, 0x7f, 0xffffffff, 0xffffff80},                  /* SINT */
        {0xc0000000, 0x3f800000, 0, 0x3f800000},            /* 16_16_FLOAT c000 3c00 */
        {0xbf800000, 0x3f800000, 0, 0x3f800000},            /* 16_16_SNORM 8000 7fff */
        {0x40490fdb, 0, 0, 0x3f800000},                     /* 32_FLOAT */
        {0x3f800000, 0x40000000, 0x3f000000, 0x3f800000},   /* 10_11_11: 0x3c0 0x400 0x1c0 */
        {0x3f800000, 0x3f002008, 0x3a802008, 0x3f2aaaab},   /* 2_10_10_10_UNORM 3ff 200 1 2 */
        {0xbb004020, 0xbf800000, 0x3b004020, 0xbf800000},   /* SNORM -1 -512 1 -2 */
        {0xffffffff, 0xfffffe00, 1, 0xfffffffe},            /* SINT */
        {3, 0xff, 0x180, 0x200},                            /* 10_10_10_2_UINT of 0x801803ff */
        {1, 0, 0, 1},                                       /* 8_UINT: W integer 1 */
        {0x80, 1, 0, 1},                                    /* DST_SEL W, 1, 0, X */
        {0x3b808081, 0x11111111, 0x11111111, 0x11111111},   /* _x writes one VGPR */
        {0x37f81c04, 0x38043c00, 0x11111111, 0x11111111},   /* d16 xyzw UNORM8 */
        {0x447fc000, 0x44000000, 0x3f800000, 0x11111111},   /* _xyz USCALED 1023 512 1 */
        {0x3c00c000, 0x11118000, 0x11111111, 0x11111111},   /* d16 xyz: z low, high kept */
        {0x1111c000, 0x11111111, 0x11111111, 0x11111111},   /* d16 x 16_FLOAT */
        {0xc0001111, 0x11111111, 0x11111111, 0x11111111},   /* d16_hi x: low kept */
        {0x7c004248, 0x11111111, 0x11111111, 0x11111111},   /* d16 xy 32_32_FLOAT: pi, 2^97 */
        {0x47000000, 0x11111111, 0x11111111, 0x11111111},   /* 11_11_10 X (10 bits) 0x3c0 */
        {0, 0, 0, 0},                                       /* INVALID */
        {0, 0, 0, 0},           /* all or nothing: no dword of a straddling element */
        {0, 0, 1, 0},           /* out of range: W 0, not the absent-W 1; SEL_1 still 1 */
    };
    struct sim_dispatch_stats st;
    uint32_t *d = D32();

    run_buf("buffer_fmt_load", 0, 0, 0, 0, fill_fmt_load, &st);
    for (unsigned k = 0; k < 27; k++)
        for (unsigned c = 0; c < 4; c++)
            ck_assert_msg(d[512 + 4 * k + c] == want[k][c], "load %u component %u: 0x%08x, want 0x%08x",
                          k, c, d[512 + 4 * k + c], want[k][c]);
    ck_assert_uint_eq(st.buffer_oob_accesses, 3 * 32);   /* INVALID and the last two, every lane */
}
END_TEST

/* Format stores: clamping, rounding to nearest even, NaN, small floats,
 * partial components, d16 and d16_hi, INVALID. */
START_TEST(buffer_format_stores)
{
    static const uint32_t want[18] = {
        0x0000ff80,     /* UNORM8 0.5 1.5 NaN -0.25 */
        0x7f408181,     /* SNORM8 -1.0 -2.0 0.5 (63.5 -> 64) 1.0 */
        0x0200ff04,     /* USCALED8 3.5 300 -4 2.5 */
        0x017f80fc,     /* SSCALED8 -3.5 -300 200 1 */
        0x040302ff,     /* UINT8: the low bits of 0x1ff 2 3 0x104 */
        0x2345fffe,     /* 16_16_SINT -2 0x12345 */
        0x7c003c00,     /* 16_16_FLOAT 1.0 65520 (rounds to inf) */
        0xfc0003c0,     /* 10_11_11 1.0 -1.0 NaN */
        0x400803ff,     /* 2_10_10_10_UNORM 1.0 0.5 0 0.4 */
        0xaaaaaa55,     /* _x of 8_8_8_8: byte 0 only */
        0x0000ffff,     /* _xy of 16_16_16_16_UNORM: 4 bytes of 8 */
        0xaaaaaaaa,
        0x0000ff80,     /* d16 xyzw UNORM8 0.5 1.0 -1.0 NaN */
        0x3c003800,     /* d16 xyz 16_16_16_16_SINT: 6 bytes */
        0xaaaabc00,
        0xaaaa3c00,     /* d16_hi x 16_FLOAT */
        0xaaaaaaaa,     /* INVALID: nothing */
        0xaaaaaaaa,
    };
    struct sim_dispatch_stats st;
    uint32_t *d = D32();

    run_buf("buffer_fmt_store", 0, 0xaaaaaaaa, 0, 32, NULL, &st);
    for (unsigned i = 0; i < 18; i++)
        ck_assert_msg(d[256 + i] == want[i], "dword %u: 0x%08x, want 0x%08x", i, d[256 + i],
                      want[i]);
    /* bytes 124-131 of 128: all or nothing, so dword 31 is not written either */
    ck_assert_uint_eq(d[256 + 31], 0xaaaaaaaa);
    ck_assert_uint_eq(st.buffer_oob_accesses, 2 * 32);
}
END_TEST

/* Per lane: in-range lanes convert, out-of-range ones read 0 and store
 * nothing (OOB_SELECT 3), an inactive lane keeps its VGPRs and stores
 * nothing. */
START_TEST(buffer_format_lanes_oob)
{
    struct sim_dispatch_stats st;
    uint32_t *d = D32();

    run_buf("buffer_fmt_lanes", 0, 0xa0b0c0d0u, 1, 32, NULL, &st);
    for (unsigned i = 0; i < 32; i++) {
        uint32_t x = i == 0 ? 0x11111111u : i < 4 ? 0xd0u + i : 0;
        uint32_t w = i == 0 ? 0x11111111u : i < 4 ? 0xa0u : 0;
        uint32_t m = i >= 1 && i < 4 ? 0xa0b00000u | (0x40u + i) << 8 | (0x40u + i)
                                     : 0xa0b0c0d0u + i;

        ck_assert_msg(d[512 + i] == x, "lane %u x: 0x%08x", i, d[512 + i]);
        ck_assert_msg(d[544 + i] == w, "lane %u w: 0x%08x", i, d[544 + i]);
        ck_assert_msg(d[256 + i] == m, "dword %u: 0x%08x", i, d[256 + i]);
        /* structured, OOB_SELECT 1: record i's bytes 4-7 (dword 2i + 1), records 0-3 */
        ck_assert_uint_eq(d[576 + i], i == 0 ? 0x11111111u : i < 4 ? 0xc0d1u + 2 * i : 0);
        ck_assert_uint_eq(d[608 + i], i == 0 ? 0x11111111u : i < 4 ? 0xa0b0u : 0);
        /* OOB_SELECT 0: offset 8 + 4 is past the 8-byte stride for every record */
        ck_assert_uint_eq(d[640 + i], 0);
    }
    /* 28 lanes out of range for each of the raw load and two stores and the
     * OOB_SELECT 1 load, all 31 active lanes for the OOB_SELECT 0 one */
    ck_assert_uint_eq(st.buffer_oob_accesses, 28 * 4 + 31);
}
END_TEST

/* buffer_load_lds_*: lane l's value lands at LDS M0[15:0] + offset + 4l,
 * widened to a dword; lanes past NUM_RECORDS write 0. */
START_TEST(buffer_load_lds_forms)
{
    struct sim_dispatch_stats st;
    uint32_t *d = D32();

    run_buf("buffer_lds", RSRC2_LDS(2), 0xc3b2a1f0u, 1, 32, NULL, &st);
    for (unsigned i = 0; i < 32; i++) {
        bool in = i < 15;   /* bytes 4 + 4i .. 8 + 4i within 64 */

        ck_assert_uint_eq(d[512 + i], in ? 0xc3b2a1f1u + i : 0);            /* b32 */
        ck_assert_uint_eq(d[544 + i], in ? 0xf1u + i : 0);                  /* u8 */
        ck_assert_uint_eq(d[576 + i], in ? 0xfffffff1u + i : 0);            /* i8 */
        ck_assert_uint_eq(d[608 + i], in ? 0xa1f1u + i : 0);                /* u16 */
        ck_assert_uint_eq(d[640 + i], in ? 0xffffa1f1u + i : 0);            /* i16 */
    }
    ck_assert_uint_eq(d[672 + 0], 0x3f71f1f2);     /* format_x 8_8_8_8_UNORM: 0xf1 / 255 */
    ck_assert_uint_eq(d[672 + 14], 0x3f800000);    /* 0xff / 255 */
    ck_assert_uint_eq(d[672 + 15], 0);
}
END_TEST

/* ================================================================ suite */

Suite *exec_suite(void);
Suite *exec_suite(void)
{
    Suite *s = suite_create("exec");
    struct { const char *name; const TTest *tests[16]; } cases[] = {
        {"salu", {salu_arith_carry_overflow, salu_bit_ops_64bit, salu_sopk_cmov,
                  salu_getpc_setpc_swappc, salu_getreg_setreg_mode,
                  salu_getreg_unsimulated_register_faults, salu_getreg_hw_id_alloc,
                  exec_mask_saveexec_branches,
                  smem_b32_to_b512, sopp_hints_vcc_branches_sendmsg, smem_buffer_range,
                  salu_movrel_m0}},
        {"valu_f32", {valu_add_f32_specials, valu_fma_fused, valu_min_max_ieee_nan,
                      valu_med3_f32, valu_vop3_modifiers, valu_cvt_int_saturation,
                      valu_cvt_f16, valu_transcendental, valu_fract_floor_rndne,
                      valu_frexp_ldexp, valu_round_modes, valu_denorm_mode_setreg,
                      valu_division_sequence, valu_division_f64_trig_preop}},
        {"valu_int", {valu_carry_chain_inactive_lanes, valu_integer_clamp,
                      valu_mad_u64_u32_shift64, valu_integer_misc, valu_bit_counts_mbcnt,
                      valu_compares_masks_cmpx_class, cndmask_sgpr_mask_and_neg}},
        {"valu16_packed", {valu_f16_arith, valu_f16_fma_max_int, vop3p_packed_math,
                           vop3p_dot_products, true16_e32_high_half}},
        {"crosslane", {vopd_reads_before_writes, dpp16_shift_bound_ctrl_masks,
                       dpp16_row_patterns, dpp_fetch_inactive_dpp8_vop3,
                       lane_read_write_permlane, permlane_fetch_inactive_bound_ctrl}},
        {"wmma", {wmma_f32_f16_layout, wmma_f16_op_sel_keeps_other_half, wmma_iu8_iu4,
                  wmma_bf16_forms}},
        {"memory", {lds_loads_stores_2addr, lds_atomics_rtn_and_not, lds_swizzle_permute,
                    global_offsets_saddr_subdword, global_atomics, scratch_private_per_lane,
                    flat_to_lds_aperture, lds_zeroed_per_workgroup_2addr_stride64,
                    global_atomics_more_ops, lds_out_of_range_reads_zero_drops_writes,
                    buffer_raw_structured_swizzled_oob, buffer_format_loads,
                    buffer_format_stores, buffer_format_lanes_oob, buffer_load_lds_forms}},
        {"launch", {launch_sgprs_vgpr0_exec, launch_partial_wave_tidig_x_only,
                    launch_grid_ids_start_partial, launch_refusals, barriers_lds_across_waves,
                    barrier_ignores_ended_waves, many_workgroups_parallel}},
        {"nan", {nan_f32_default_and_propagation, nan_transcendental_specials, nan_conversions,
                 nan_f16_packed_f64}},
        {"aids", {strict_waitcnt_poisons_missing_wait, strict_waitcnt_lgkm_in_order,
                  strict_waitcnt_d16_halves,
                  fault_unmapped_reports_address_and_place, fault_unimplemented_by_name_and_pc,
                  fault_hang_past_deadline, stats_by_class, decode_cache_across_dispatches,
                  errata_table_complete, trace_one_wave,
                  trace_spec_parsing}},
        {"random", {random_programs_end_named, fuzz_found_inputs_end_named,
                    valu_i24_products_wrap}},
    };

    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_unchecked_fixture(tc, suite_setup, NULL);
        for (unsigned k = 0; k < 16 && cases[i].tests[k]; k++)
            tcase_add_test(tc, cases[i].tests[k]);
        suite_add_tcase(s, tc);
    }
    return s;
}
