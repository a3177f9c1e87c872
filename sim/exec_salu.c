/*
 * sim/exec_salu.c — scalar ALU: SOP1, SOP2, SOPK and SOPC instructions
 * (RDNA3 ISA guide, "Scalar ALU Operations").
 */
#include "sim/exec_emu.h"
#include "sim/exec_hwreg.h"

EMU_ANCHOR(salu);

#define S0 exec_opnd_u32(w, &in->src[0])
#define S1 exec_opnd_u32(w, &in->src[1])
#define S0_64 exec_opnd_u64(w, &in->src[0])
#define S1_64 exec_opnd_u64(w, &in->src[1])

/* D = expr(a, b), SCC = scc_expr: 32-bit operands a, b and result d. */
#define SOP2_32(name, dexpr, sccexpr)                                   \
    EMU(name)                                                           \
    {                                                                   \
        uint32_t a = S0, b = S1, scc_in = w->scc;                       \
        uint32_t d = (dexpr);                                           \
        (void)scc_in;                                                   \
        w->scc = (sccexpr);                                             \
        emu_sd32(w, in, d);                                             \
        return EXEC_NEXT;                                               \
    }

/* 32-bit result, SCC untouched. */
#define SOP2_32N(name, dexpr)                                           \
    EMU(name)                                                           \
    {                                                                   \
        uint32_t a = S0, b = S1;                                        \
        emu_sd32(w, in, (dexpr));                                       \
        return EXEC_NEXT;                                               \
    }

#define SOP2_64(name, dexpr)                                            \
    EMU(name)                                                           \
    {                                                                   \
        uint64_t a = S0_64, b = S1_64;                                  \
        uint64_t d = (dexpr);                                           \
        w->scc = d != 0;                                                \
        emu_sd64(w, in, d);                                             \
        return EXEC_NEXT;                                               \
    }

/* ---------------------------------------------------------------- SOP2 */

SOP2_32(s_add_u32, a + b, (uint64_t)a + b > 0xffffffffull)
SOP2_32(s_sub_u32, a - b, b > a)
SOP2_32(s_add_i32, a + b, ((a ^ b) >> 31 == 0) && ((a ^ d) >> 31))
SOP2_32(s_sub_i32, a - b, ((a ^ b) >> 31) && ((a ^ d) >> 31))
SOP2_32(s_addc_u32, a + b + scc_in, (uint64_t)a + b + scc_in > 0xffffffffull)
SOP2_32(s_subb_u32, a - b - scc_in, (uint64_t)b + scc_in > a)
SOP2_32(s_absdiff_i32,
        (int32_t)(a - b) < 0 ? (uint32_t)0 - (a - b) : a - b, d != 0)
SOP2_32(s_lshl_b32, a << (b & 31), d != 0)
SOP2_32(s_lshr_b32, a >> (b & 31), d != 0)
SOP2_32(s_ashr_i32, (uint32_t)((int32_t)a >> (b & 31)), d != 0)
SOP2_32(s_lshl1_add_u32, (a << 1) + b, ((uint64_t)a << 1) + b > 0xffffffffull)
SOP2_32(s_lshl2_add_u32, (a << 2) + b, ((uint64_t)a << 2) + b > 0xffffffffull)
SOP2_32(s_lshl3_add_u32, (a << 3) + b, ((uint64_t)a << 3) + b > 0xffffffffull)
SOP2_32(s_lshl4_add_u32, (a << 4) + b, ((uint64_t)a << 4) + b > 0xffffffffull)
SOP2_32(s_min_i32, (int32_t)a < (int32_t)b ? a : b, (int32_t)a < (int32_t)b)
SOP2_32(s_min_u32, a < b ? a : b, a < b)
SOP2_32(s_max_i32, (int32_t)a >= (int32_t)b ? a : b, (int32_t)a >= (int32_t)b)
SOP2_32(s_max_u32, a >= b ? a : b, a >= b)
SOP2_32(s_and_b32, a & b, d != 0)
SOP2_32(s_or_b32, a | b, d != 0)
SOP2_32(s_xor_b32, a ^ b, d != 0)
SOP2_32(s_nand_b32, ~(a & b), d != 0)
SOP2_32(s_nor_b32, ~(a | b), d != 0)
SOP2_32(s_xnor_b32, ~(a ^ b), d != 0)
SOP2_32(s_and_not1_b32, a & ~b, d != 0)
SOP2_32(s_or_not1_b32, a | ~b, d != 0)
SOP2_32(s_bfe_u32, (a >> (b & 31)) & mask32((b >> 16) & 0x7f), d != 0)
SOP2_32(s_bfe_i32,
        (uint32_t)sext64((a >> (b & 31)) & mask32((b >> 16) & 0x7f), (b >> 16) & 0x7f), d != 0)
SOP2_32N(s_bfm_b32, mask32(a & 31) << (b & 31))
SOP2_32N(s_mul_i32, (uint32_t)((int64_t)(int32_t)a * (int32_t)b))
SOP2_32N(s_mul_hi_u32, (uint32_t)(((uint64_t)a * b) >> 32))
SOP2_32N(s_mul_hi_i32, (uint32_t)((uint64_t)((int64_t)(int32_t)a * (int32_t)b) >> 32))
SOP2_32N(s_pack_ll_b32_b16, (a & 0xffff) | (b << 16))
SOP2_32N(s_pack_lh_b32_b16, (a & 0xffff) | (b & 0xffff0000u))
SOP2_32N(s_pack_hh_b32_b16, (a >> 16) | (b & 0xffff0000u))
SOP2_32N(s_pack_hl_b32_b16, (a >> 16) | (b << 16))

EMU(s_cselect_b32)
{
    emu_sd32(w, in, w->scc ? S0 : S1);
    return EXEC_NEXT;
}

EMU(s_cselect_b64)
{
    emu_sd64(w, in, w->scc ? S0_64 : S1_64);
    return EXEC_NEXT;
}

SOP2_64(s_lshl_b64, a << (b & 63))
SOP2_64(s_lshr_b64, a >> (b & 63))
SOP2_64(s_ashr_i64, (uint64_t)((int64_t)a >> (b & 63)))
SOP2_64(s_and_b64, a & b)
SOP2_64(s_or_b64, a | b)
SOP2_64(s_xor_b64, a ^ b)
SOP2_64(s_nand_b64, ~(a & b))
SOP2_64(s_nor_b64, ~(a | b))
SOP2_64(s_xnor_b64, ~(a ^ b))
SOP2_64(s_and_not1_b64, a & ~b)
SOP2_64(s_or_not1_b64, a | ~b)
SOP2_64(s_bfe_u64, (a >> (b & 63)) & mask64((b >> 16) & 0x7f))
SOP2_64(s_bfe_i64, sext64((a >> (b & 63)) & mask64((b >> 16) & 0x7f), (b >> 16) & 0x7f))

EMU(s_bfm_b64)
{
    /* widths and offsets from the low bits of two 32-bit sources */
    uint32_t a = S0, b = S1;
    emu_sd64(w, in, mask64(a & 63) << (b & 63));
    return EXEC_NEXT;
}

/* ---------------------------------------------------------------- SOP1 */

#define SOP1_32(name, dexpr, sccexpr)                                   \
    EMU(name)                                                           \
    {                                                                   \
        uint32_t a = S0;                                                \
        uint32_t d = (dexpr);                                           \
        w->scc = (sccexpr);                                             \
        emu_sd32(w, in, d);                                             \
        return EXEC_NEXT;                                               \
    }

#define SOP1_32N(name, dexpr)                                           \
    EMU(name)                                                           \
    {                                                                   \
        uint32_t a = S0;                                                \
        emu_sd32(w, in, (dexpr));                                       \
        return EXEC_NEXT;                                               \
    }

#define SOP1_64N(name, dexpr)                                           \
    EMU(name)                                                           \
    {                                                                   \
        uint64_t a = S0_64;                                             \
        emu_sd64(w, in, (dexpr));                                       \
        return EXEC_NEXT;                                               \
    }

static uint32_t brev32(uint32_t v)
{
    v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
    v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
    v = ((v >> 4) & 0x0f0f0f0fu) | ((v & 0x0f0f0f0fu) << 4);
    v = ((v >> 8) & 0x00ff00ffu) | ((v & 0x00ff00ffu) << 8);
    return (v >> 16) | (v << 16);
}

/* -1 if none: the position of the lowest / highest set bit. */
static uint32_t ctz32(uint32_t v) { return v ? (uint32_t)__builtin_ctz(v) : ~0u; }
static uint32_t ctz64(uint64_t v) { return v ? (uint32_t)__builtin_ctzll(v) : ~0u; }
static uint32_t clz32(uint32_t v) { return v ? (uint32_t)__builtin_clz(v) : ~0u; }
static uint32_t clz64(uint64_t v) { return v ? (uint32_t)__builtin_clzll(v) : ~0u; }

/* Leading bits equal to the sign bit, not counting it... as a position:
 * the first i >= 1 from the top where the bit differs from bit 31, or -1. */
static uint32_t cls32(uint32_t v)
{
    uint32_t x = (v >> 31) ? ~v : v;
    return x ? (uint32_t)__builtin_clz(x) : ~0u;
}

static uint32_t cls64(uint64_t v)
{
    uint64_t x = (v >> 63) ? ~v : v;
    return x ? (uint32_t)__builtin_clzll(x) : ~0u;
}

static uint64_t quadmask(uint64_t v, unsigned quads)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < quads; i++)
        r |= (uint64_t)(((v >> (4 * i)) & 0xf) != 0) << i;
    return r;
}

static uint64_t wqm(uint64_t v, unsigned quads)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < quads; i++)
        if ((v >> (4 * i)) & 0xf)
            r |= 0xfull << (4 * i);
    return r;
}

SOP1_32N(s_mov_b32, a)
SOP1_64N(s_mov_b64, a)

EMU(s_cmov_b32)
{
    if (w->scc)
        emu_sd32(w, in, S0);
    return EXEC_NEXT;
}

EMU(s_cmov_b64)
{
    if (w->scc)
        emu_sd64(w, in, S0_64);
    return EXEC_NEXT;
}

SOP1_32N(s_brev_b32, brev32(a))
SOP1_64N(s_brev_b64, (uint64_t)brev32((uint32_t)a) << 32 | brev32((uint32_t)(a >> 32)))
SOP1_32N(s_ctz_i32_b32, ctz32(a))
SOP1_32N(s_clz_i32_u32, clz32(a))
SOP1_32N(s_cls_i32, cls32(a))
SOP1_32N(s_sext_i32_i8, (uint32_t)(int32_t)(int8_t)a)
SOP1_32N(s_sext_i32_i16, (uint32_t)(int32_t)(int16_t)a)
SOP1_32(s_abs_i32, (int32_t)a < 0 ? 0u - a : a, d != 0)
SOP1_32(s_bcnt0_i32_b32, 32u - (uint32_t)__builtin_popcount(a), d != 0)
SOP1_32(s_bcnt1_i32_b32, (uint32_t)__builtin_popcount(a), d != 0)
SOP1_32(s_quadmask_b32, (uint32_t)quadmask(a, 8), d != 0)
SOP1_32(s_wqm_b32, (uint32_t)wqm(a, 8), d != 0)
SOP1_32(s_not_b32, ~a, d != 0)

EMU(s_ctz_i32_b64) { emu_sd32(w, in, ctz64(S0_64)); return EXEC_NEXT; }
EMU(s_clz_i32_u64) { emu_sd32(w, in, clz64(S0_64)); return EXEC_NEXT; }
EMU(s_cls_i32_i64) { emu_sd32(w, in, cls64(S0_64)); return EXEC_NEXT; }

EMU(s_bcnt0_i32_b64)
{
    uint32_t d = 64u - (uint32_t)__builtin_popcountll(S0_64);
    w->scc = d != 0;
    emu_sd32(w, in, d);
    return EXEC_NEXT;
}

EMU(s_bcnt1_i32_b64)
{
    uint32_t d = (uint32_t)__builtin_popcountll(S0_64);
    w->scc = d != 0;
    emu_sd32(w, in, d);
    return EXEC_NEXT;
}

EMU(s_quadmask_b64)
{
    uint64_t d = quadmask(S0_64, 16);
    w->scc = d != 0;
    emu_sd64(w, in, d);
    return EXEC_NEXT;
}

EMU(s_wqm_b64)
{
    uint64_t d = wqm(S0_64, 16);
    w->scc = d != 0;
    emu_sd64(w, in, d);
    return EXEC_NEXT;
}

EMU(s_not_b64)
{
    uint64_t d = ~S0_64;
    w->scc = d != 0;
    emu_sd64(w, in, d);
    return EXEC_NEXT;
}

/* s_bitset0/1: D.u32[S0[4:0]] = 0/1; the destination is read-modify-write. */
EMU(s_bitset0_b32)
{
    emu_sd32(w, in, exec_opnd_u32(w, &in->src[1]) & ~(1u << (S0 & 31)));
    return EXEC_NEXT;
}

EMU(s_bitset1_b32)
{
    emu_sd32(w, in, exec_opnd_u32(w, &in->src[1]) | (1u << (S0 & 31)));
    return EXEC_NEXT;
}

EMU(s_bitset0_b64)
{
    emu_sd64(w, in, exec_opnd_u64(w, &in->src[1]) & ~(1ull << (S0 & 63)));
    return EXEC_NEXT;
}

EMU(s_bitset1_b64)
{
    emu_sd64(w, in, exec_opnd_u64(w, &in->src[1]) | (1ull << (S0 & 63)));
    return EXEC_NEXT;
}

EMU(s_bitreplicate_b64_b32)
{
    uint32_t a = S0;
    uint64_t d = 0;
    for (unsigned i = 0; i < 32; i++)
        d |= (uint64_t)((a >> i) & 1) * 3ull << (2 * i);
    emu_sd64(w, in, d);
    return EXEC_NEXT;
}

/* saveexec / wrexec families: EXEC = f(S0, EXEC); D = the old EXEC
 * (saveexec) or the new one (wrexec); SCC = EXEC != 0.  Wave32: the _b32
 * forms; the _b64 forms act on both halves. */
#define EXEC_UPDATE(name, fexpr, dexpr)                                 \
    EMU(name##_b32)                                                     \
    {                                                                   \
        uint32_t s = S0, e = w->s[EXEC_SREG_EXEC_LO];                   \
        uint32_t n = (fexpr);                                           \
        exec_sreg_write(w, EXEC_SREG_EXEC_LO, n);                       \
        emu_sd32(w, in, (dexpr));                                       \
        w->scc = n != 0;                                                \
        return EXEC_NEXT;                                               \
    }                                                                   \
    EMU(name##_b64)                                                     \
    {                                                                   \
        uint64_t s = S0_64;                                             \
        uint64_t e = w->s[EXEC_SREG_EXEC_LO] |                          \
                     (uint64_t)w->s[EXEC_SREG_EXEC_HI] << 32;           \
        uint64_t n = (fexpr);                                           \
        exec_sreg_write(w, EXEC_SREG_EXEC_LO, (uint32_t)n);             \
        exec_sreg_write(w, EXEC_SREG_EXEC_HI, (uint32_t)(n >> 32));     \
        emu_sd64(w, in, (dexpr));                                       \
        w->scc = n != 0;                                                \
        return EXEC_NEXT;                                               \
    }
#define SAVEEXEC(name, fexpr) EXEC_UPDATE(name, fexpr, e)
#define WREXEC(name, fexpr) EXEC_UPDATE(name, fexpr, n)

SAVEEXEC(s_and_saveexec, s & e)
SAVEEXEC(s_or_saveexec, s | e)
SAVEEXEC(s_xor_saveexec, s ^ e)
SAVEEXEC(s_nand_saveexec, ~(s & e))
SAVEEXEC(s_nor_saveexec, ~(s | e))
SAVEEXEC(s_xnor_saveexec, ~(s ^ e))
SAVEEXEC(s_and_not0_saveexec, ~s & e)
SAVEEXEC(s_or_not0_saveexec, ~s | e)
SAVEEXEC(s_and_not1_saveexec, s & ~e)
SAVEEXEC(s_or_not1_saveexec, s | ~e)
WREXEC(s_and_not0_wrexec, ~s & e)
WREXEC(s_and_not1_wrexec, s & ~e)

/* s_movrels/movreld: SGPR index relative to M0.  An index past the SGPR
 * file is a fault here (the hardware's behaviour is not defined). */
static int rel_index(struct sim_wave *w, unsigned base, unsigned count, unsigned *out)
{
    uint64_t i = (uint64_t)base + w->s[EXEC_SREG_M0];

    if (i + count > EXEC_SREG_VCC_LO)
        return exec_fault(w, -EINVAL, SIM_FAULT_ILLEGAL_INSN, 0,
                          "M0-relative SGPR index s%llu is outside s0..s105",
                          (unsigned long long)i);
    *out = (unsigned)i;
    return EXEC_NEXT;
}

EMU(s_movrels_b32)
{
    unsigned i = 0;
    int r = rel_index(w, in->src[0].reg, 1, &i);
    if (r)
        return r;
    emu_sd32(w, in, w->s[i]);
    return EXEC_NEXT;
}

EMU(s_movrels_b64)
{
    unsigned i = 0;
    int r = rel_index(w, in->src[0].reg, 2, &i);
    if (r)
        return r;
    emu_sd64(w, in, w->s[i] | (uint64_t)w->s[i + 1] << 32);
    return EXEC_NEXT;
}

EMU(s_movreld_b32)
{
    unsigned i = 0;
    uint32_t v = S0;
    int r = rel_index(w, in->sdst, 1, &i);
    if (r)
        return r;
    exec_sreg_write(w, i, v);
    return EXEC_NEXT;
}

EMU(s_movreld_b64)
{
    unsigned i = 0;
    uint64_t v = S0_64;
    int r = rel_index(w, in->sdst, 2, &i);
    if (r)
        return r;
    exec_sreg_write(w, i, (uint32_t)v);
    exec_sreg_write(w, i + 1, (uint32_t)(v >> 32));
    return EXEC_NEXT;
}

/* ---------------------------------------------------------------- program counter */

EMU(s_getpc_b64)
{
    emu_sd64(w, in, w->pc_va);      /* the next instruction */
    return EXEC_NEXT;
}

EMU(s_setpc_b64)
{
    w->pc_va = S0_64;
    return EXEC_NEXT;
}

EMU(s_swappc_b64)
{
    uint64_t target = S0_64;
    emu_sd64(w, in, w->pc_va);
    w->pc_va = target;
    return EXEC_NEXT;
}

EMU(s_call_b64)
{
    uint64_t ret = w->pc_va;
    w->pc_va = ret + (uint64_t)(int64_t)(int16_t)in->imm * 4;
    emu_sd64(w, in, ret);
    return EXEC_NEXT;
}

/* ---------------------------------------------------------------- SOPK */

#define SIMM_I ((int64_t)(int16_t)in->imm)
#define SIMM_U ((uint32_t)(uint16_t)in->imm)

EMU(s_movk_i32)
{
    emu_sd32(w, in, (uint32_t)SIMM_I);
    return EXEC_NEXT;
}

EMU(s_cmovk_i32)
{
    if (w->scc)
        emu_sd32(w, in, (uint32_t)SIMM_I);
    return EXEC_NEXT;
}

EMU(s_version)
{
    return EXEC_NEXT;
}

#define CMPK_I(name, op)                                                \
    EMU(name)                                                           \
    {                                                                   \
        w->scc = (int64_t)(int32_t)S0 op SIMM_I;                        \
        return EXEC_NEXT;                                               \
    }
#define CMPK_U(name, op)                                                \
    EMU(name)                                                           \
    {                                                                   \
        w->scc = S0 op SIMM_U;                                          \
        return EXEC_NEXT;                                               \
    }

CMPK_I(s_cmpk_eq_i32, ==)
CMPK_I(s_cmpk_lg_i32, !=)
CMPK_I(s_cmpk_gt_i32, >)
CMPK_I(s_cmpk_ge_i32, >=)
CMPK_I(s_cmpk_lt_i32, <)
CMPK_I(s_cmpk_le_i32, <=)
CMPK_U(s_cmpk_eq_u32, ==)
CMPK_U(s_cmpk_lg_u32, !=)
CMPK_U(s_cmpk_gt_u32, >)
CMPK_U(s_cmpk_ge_u32, >=)
CMPK_U(s_cmpk_lt_u32, <)
CMPK_U(s_cmpk_le_u32, <=)

EMU(s_addk_i32)
{
    uint32_t t = S0, k = (uint32_t)SIMM_I;
    uint32_t d = t + k;
    w->scc = ((t ^ k) >> 31 == 0) && ((t ^ d) >> 31);
    emu_sd32(w, in, d);
    return EXEC_NEXT;
}

EMU(s_mulk_i32)
{
    emu_sd32(w, in, (uint32_t)((int64_t)(int32_t)S0 * SIMM_I));
    return EXEC_NEXT;
}

/* s_getreg/s_setreg: SIMM16 = {size-1 [15:11], offset [10:6], id [5:0]}. */
EMU(s_getreg_b32)
{
    uint32_t v;
    int r = exec_hwreg_read(w, in->imm, &v);
    if (r)
        return r;
    emu_sd32(w, in, v);
    return EXEC_NEXT;
}

EMU(s_setreg_b32)
{
    return exec_hwreg_write(w, in->imm, S0);
}

EMU(s_setreg_imm32_b32)
{
    return exec_hwreg_write(w, in->imm, S0);
}

/* ---------------------------------------------------------------- SOPC */

#define CMP_I(name, op)                                                 \
    EMU(name)                                                           \
    {                                                                   \
        w->scc = (int32_t)S0 op (int32_t)S1;                            \
        return EXEC_NEXT;                                               \
    }
#define CMP_U(name, op)                                                 \
    EMU(name)                                                           \
    {                                                                   \
        w->scc = S0 op S1;                                              \
        return EXEC_NEXT;                                               \
    }

CMP_I(s_cmp_eq_i32, ==)
CMP_I(s_cmp_lg_i32, !=)
CMP_I(s_cmp_gt_i32, >)
CMP_I(s_cmp_ge_i32, >=)
CMP_I(s_cmp_lt_i32, <)
CMP_I(s_cmp_le_i32, <=)
CMP_U(s_cmp_eq_u32, ==)
CMP_U(s_cmp_lg_u32, !=)
CMP_U(s_cmp_gt_u32, >)
CMP_U(s_cmp_ge_u32, >=)
CMP_U(s_cmp_lt_u32, <)
CMP_U(s_cmp_le_u32, <=)

EMU(s_cmp_eq_u64) { w->scc = S0_64 == S1_64; return EXEC_NEXT; }
EMU(s_cmp_lg_u64) { w->scc = S0_64 != S1_64; return EXEC_NEXT; }
EMU(s_bitcmp0_b32) { w->scc = !((S0 >> (S1 & 31)) & 1); return EXEC_NEXT; }
EMU(s_bitcmp1_b32) { w->scc = (S0 >> (S1 & 31)) & 1; return EXEC_NEXT; }
EMU(s_bitcmp0_b64) { w->scc = !((S0_64 >> (S1 & 63)) & 1); return EXEC_NEXT; }
EMU(s_bitcmp1_b64) { w->scc = (S0_64 >> (S1 & 63)) & 1; return EXEC_NEXT; }

/* s_movrelsd_2_b32: s[dst + M0[25:16]] = s[src + M0[9:0]]. */
EMU(s_movrelsd_2_b32)
{
    uint32_t m0 = w->s[EXEC_SREG_M0];
    uint64_t src = (uint64_t)in->src[0].reg + (m0 & 0x3ffu);
    uint64_t dst = (uint64_t)in->sdst + ((m0 >> 16) & 0x3ffu);

    if (src >= EXEC_SREG_VCC_LO || dst >= EXEC_SREG_VCC_LO)
        return exec_fault(w, -EINVAL, SIM_FAULT_ILLEGAL_INSN, 0,
                          "M0-relative SGPR index s%llu / s%llu is outside s0..s105",
                          (unsigned long long)src, (unsigned long long)dst);
    exec_sreg_write(w, (unsigned)dst, w->s[src]);
    return EXEC_NEXT;
}
