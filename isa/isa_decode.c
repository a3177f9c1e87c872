/*
 * isa/isa_decode.c — RDNA3 (gfx11) instruction decoder: words -> isa_inst.
 *
 * The encoding is found from the top bits of the first dword; the opcode is
 * looked up in the maps built from the rows (isa_table.c); the operands are
 * resolved from the row's operand kinds.  What LLVM 19 calls invalid is
 * invalid here (tests/check_isa.c compares the two on random words):
 *   - an opcode with no row, or a form the row does not have (NO_E64, NO_DPP)
 *   - a modifier bit outside the row's profile (isa_mods.def, isa_pmods.def)
 *   - a source encoding with no meaning (209..234, 249, 250 outside DPP, ...)
 *   - a register tuple past the end of its file (v255 as 64-bit, s[104:107])
 *   - a literal or DPP/extra dword past the words available
 */
#include "isa/isa_decode.h"

#include <stdbool.h>
#include <string.h>

#include "isa/isa_enc.h"

struct dctx {
    const uint32_t *w;
    size_t avail_dw;
    unsigned base_dw;       /* dwords of the encoding proper; a literal follows them */
    bool has_lit;
    uint32_t lit;
};

static inline uint32_t bits(uint32_t v, unsigned hi, unsigned lo)
{
    return (v >> lo) & ((hi - lo == 31) ? 0xFFFFFFFFu : ((1u << (hi - lo + 1)) - 1));
}

static bool type_is_16(unsigned t)
{
    return t == ISA_T_B16 || t == ISA_T_I16 || t == ISA_T_U16 || t == ISA_T_F16 ||
           t == ISA_T_BF16 || t == ISA_T_PK_B16 || t == ISA_T_PK_I16 || t == ISA_T_PK_U16 ||
           t == ISA_T_PK_F16 || t == ISA_T_PK_BF16;
}

static bool type_is_64(unsigned t)
{
    return t == ISA_T_B64 || t == ISA_T_I64 || t == ISA_T_U64 || t == ISA_T_F64;
}

bool isa_type_is_int(unsigned t)
{
    return t != ISA_T_F16 && t != ISA_T_BF16 && t != ISA_T_F32 && t != ISA_T_F64 &&
           t != ISA_T_PK_F16 && t != ISA_T_PK_BF16 && t != ISA_T_NONE;
}

/* Inline float constants 240..248 (0.5, -0.5, 1, -1, 2, -2, 4, -4, 1/(2*pi))
 * as f16, bf16, f32 and f64 bit patterns. */
static const uint16_t inl_f16[9] = { 0x3800, 0xB800, 0x3C00, 0xBC00, 0x4000, 0xC000,
                                     0x4400, 0xC400, 0x3118 };
static const uint16_t inl_bf16[9] = { 0x3F00, 0xBF00, 0x3F80, 0xBF80, 0x4000, 0xC000,
                                      0x4080, 0xC080, 0x3E22 };
static const uint32_t inl_f32[9] = { 0x3F000000, 0xBF000000, 0x3F800000, 0xBF800000,
                                     0x40000000, 0xC0000000, 0x40800000, 0xC0800000,
                                     0x3E22F983 };
static const uint64_t inl_f64[9] = {
    0x3FE0000000000000ull, 0xBFE0000000000000ull, 0x3FF0000000000000ull,
    0xBFF0000000000000ull, 0x4000000000000000ull, 0xC000000000000000ull,
    0x4010000000000000ull, 0xC010000000000000ull, 0x3FC45F306DC9C882ull };

uint64_t isa_inline_value(unsigned enc, unsigned type)
{
    if (enc >= ISA_SRC_INT_FIRST && enc <= ISA_SRC_INT_POS_LAST)
        return (uint64_t)(int64_t)(enc - ISA_SRC_INT_FIRST);
    if (enc > ISA_SRC_INT_POS_LAST && enc <= ISA_SRC_INT_LAST)
        return (uint64_t)(int64_t)((int)ISA_SRC_INT_POS_LAST - (int)enc);
    if (enc >= ISA_SRC_FLT_FIRST && enc <= ISA_SRC_FLT_LAST) {
        unsigned i = enc - ISA_SRC_FLT_FIRST;
        if (type == ISA_T_BF16 || type == ISA_T_PK_BF16)
            return inl_bf16[i];
        if (type_is_16(type))
            return inl_f16[i];
        if (type_is_64(type))
            return inl_f64[i];
        return inl_f32[i];
    }
    return 0;
}

/* Scalar register tuples: how many exist for a width (LLVM's SGPR_n / TTMP_n
 * classes; 3+ dword tuples start at multiples of 4). */
bool isa_sreg_tuple_ok(unsigned enc, unsigned size_dw)
{
    unsigned align = size_dw == 1 ? 1 : size_dw == 2 ? 2 : 4;
    if (enc <= ISA_SREG_SGPR_LAST) {
        unsigned first = enc & ~(align - 1);
        return first + size_dw <= ISA_SREG_SGPR_LAST + 1;
    }
    if (enc >= ISA_SREG_TTMP_FIRST && enc <= ISA_SREG_TTMP_LAST) {
        unsigned first = (enc - ISA_SREG_TTMP_FIRST) & ~(align - 1);
        return first + size_dw <= ISA_SREG_TTMP_LAST - ISA_SREG_TTMP_FIRST + 1;
    }
    return true;
}

/* Decode a source/destination encoding (9-bit: VGPRs at 256+; 8-bit: no
 * VGPRs; 7-bit: registers only) for an operand of the given kind. */
static bool dec_val(struct dctx *c, unsigned val, unsigned kind, struct isa_operand *o)
{
    const struct isa_kind_info *k = &isa_kind_info[kind];
    unsigned size = k->size_dw;

    memset(o, 0, sizeof(*o));
    o->type = k->type;
    o->size_dw = (uint8_t)size;
    o->field = (uint16_t)val;
    if (val >= ISA_SRC_VGPR_FIRST) {
        unsigned r = val - ISA_SRC_VGPR_FIRST;
        if (r + size > 256)
            return false;
        o->kind = ISA_OPND_VGPR;
        o->reg = (uint16_t)r;
        return true;
    }
    if (val <= ISA_SREG_SGPR_LAST || (val >= ISA_SREG_TTMP_FIRST && val <= ISA_SREG_TTMP_LAST)) {
        if (!isa_sreg_tuple_ok(val, size))
            return false;
        unsigned align = size == 1 ? 1 : size == 2 ? 2 : 4;
        unsigned base = val <= ISA_SREG_SGPR_LAST ? 0 : ISA_SREG_TTMP_FIRST;
        o->kind = ISA_OPND_SREG;
        o->reg = (uint16_t)(base + ((val - base) & ~(align - 1)));
        return true;
    }
    if (val >= ISA_SRC_INT_FIRST && val <= ISA_SRC_INT_LAST) {
        o->kind = ISA_OPND_INLINE;
        o->imm = isa_inline_value(val, k->type);
        return true;
    }
    if (val >= ISA_SRC_FLT_FIRST && val <= ISA_SRC_FLT_LAST) {
        o->kind = ISA_OPND_INLINE;
        o->imm = isa_inline_value(val, k->type);
        return true;
    }
    if (val == ISA_SRC_LITERAL) {
        if (!c->has_lit) {
            if (c->avail_dw < c->base_dw + 1)
                return false;
            c->lit = c->w[c->base_dw];
            c->has_lit = true;
        }
        o->kind = ISA_OPND_LITERAL;
        o->imm = k->type == ISA_T_F64 ? (uint64_t)c->lit << 32 : c->lit;
        return true;
    }
    /* special registers; 64-bit and wider operands have no _hi halves, m0 or lds_direct */
    bool wide = size >= 2;
    switch (val) {
    case ISA_SREG_VCC_LO: case ISA_SREG_NULL: case ISA_SREG_EXEC_LO:
        o->kind = ISA_OPND_SREG;
        o->reg = (uint16_t)val;
        return true;
    case ISA_SREG_VCC_HI: case ISA_SREG_M0: case ISA_SREG_EXEC_HI:
        if (wide)
            return false;
        o->kind = ISA_OPND_SREG;
        o->reg = (uint16_t)val;
        return true;
    case ISA_SRC_SHARED_BASE: case ISA_SRC_SHARED_LIMIT: case ISA_SRC_PRIVATE_BASE:
    case ISA_SRC_PRIVATE_LIMIT: case ISA_SRC_POPS_EXITING_WAVE_ID:
    case ISA_SRC_VCCZ: case ISA_SRC_EXECZ: case ISA_SRC_SCC:
        o->kind = ISA_OPND_SPECIAL;
        o->reg = (uint16_t)val;
        return true;
    case ISA_SRC_LDS_DIRECT:
        if (wide)
            return false;
        o->kind = ISA_OPND_SPECIAL;
        o->reg = (uint16_t)val;
        return true;
    default:
        return false;
    }
}

/* A VGPR-only field (8 bits). */
static bool dec_vgpr(unsigned v, unsigned kind, struct isa_operand *o)
{
    return dec_val(NULL, ISA_SRC_VGPR_FIRST + v, kind, o);
}

static void implicit_sreg(struct isa_operand *o, unsigned reg, unsigned kind)
{
    memset(o, 0, sizeof(*o));
    o->kind = ISA_OPND_SREG;
    o->type = isa_kind_info[kind].type;
    o->size_dw = isa_kind_info[kind].size_dw;
    o->reg = (uint16_t)reg;
    o->field = (uint16_t)reg;
    o->mods = ISA_MOD_IMPLICIT;
}

/* The fmamk/fmaak constant K: the literal dword (shared with any other
 * literal operand), as an operand shaped like `like`. */
static bool literal_k(struct dctx *c, const struct isa_operand *like, struct isa_operand *o)
{
    if (!c->has_lit) {
        if (c->avail_dw < c->base_dw + 1)
            return false;
        c->has_lit = true;
        c->lit = c->w[c->base_dw];
    }
    *o = *like;
    o->kind = ISA_OPND_LITERAL;
    o->reg = 0;
    o->mods = 0;
    o->field = ISA_SRC_LITERAL;
    o->imm = c->lit;
    return true;
}

static int finish(struct dctx *c, struct isa_inst *in)
{
    in->has_literal = c->has_lit;
    in->literal = c->has_lit ? c->lit : 0;
    in->size_dw = (uint8_t)(c->base_dw + (c->has_lit ? 1 : 0));
    return in->size_dw;
}

static int fail(struct isa_inst *in)
{
    memset(in, 0, sizeof(*in));
    in->size_dw = 1;
    return 0;
}

/* ------------------------------------------------------------------ SALU */

static int dec_sop(struct dctx *c, struct isa_inst *in)
{
    uint32_t w = c->w[0];
    const struct isa_op_info *info;
    unsigned sdst = bits(w, 22, 16), s0 = bits(w, 7, 0), s1 = bits(w, 15, 8);

    if (bits(w, 31, 23) == ISA_SOP1_PREFIX) {
        in->enc = ISA_ENC_SOP1;
        in->op = isa_map_sop1[bits(w, 15, 8)];
    } else if (bits(w, 31, 23) == ISA_SOPC_PREFIX) {
        in->enc = ISA_ENC_SOPC;
        in->op = isa_map_sopc[bits(w, 22, 16)];
    } else if (bits(w, 31, 23) == ISA_SOPP_PREFIX) {
        in->enc = ISA_ENC_SOPP;
        in->op = isa_map_sopp[bits(w, 22, 16)];
    } else if (bits(w, 31, 28) == ISA_SOPK_PREFIX) {
        in->enc = ISA_ENC_SOPK;
        in->op = isa_map_sopk[bits(w, 27, 23)];
    } else {
        in->enc = ISA_ENC_SOP2;
        in->op = isa_map_sop2[bits(w, 29, 23)];
    }
    if (!in->op)
        return 0;
    info = &isa_op_info[in->op];

    switch (in->enc) {
    case ISA_ENC_SOP1:
        if (info->form == ISA_FORM_SENDMSG_RTN) {
            if (!dec_val(c, sdst, info->dst[0], &in->dst[0]))
                return 0;
            in->ndst = 1;
            in->u.sopp.simm16 = (uint16_t)s0;
            break;
        }
        /* a field the instruction does not use is ignored */
        if (info->dst[0]) {
            if (!dec_val(c, sdst, info->dst[0], &in->dst[0]))
                return 0;
            in->ndst = 1;
        }
        if (info->src[0]) {
            if (!dec_val(c, s0, info->src[0], &in->src[0]))
                return 0;
            in->nsrc = 1;
        }
        break;
    case ISA_ENC_SOP2:
        if (!dec_val(c, sdst, info->dst[0], &in->dst[0]) ||
            !dec_val(c, s0, info->src[0], &in->src[0]) ||
            !dec_val(c, s1, info->src[1], &in->src[1]))
            return 0;
        in->ndst = 1;
        in->nsrc = 2;
        break;
    case ISA_ENC_SOPC:
        if (!dec_val(c, s0, info->src[0], &in->src[0]) ||
            !dec_val(c, s1, info->src[1], &in->src[1]))
            return 0;
        in->nsrc = 2;
        break;
    case ISA_ENC_SOPK:
        in->u.sopp.simm16 = (uint16_t)bits(w, 15, 0);
        if (info->dst[0]) {
            if (!dec_val(c, sdst, info->dst[0], &in->dst[0]))
                return 0;
            in->ndst = 1;
        }
        if (info->src[0]) {
            if (!dec_val(c, sdst, info->src[0], &in->src[0]))
                return 0;
            in->nsrc = 1;
        }
        if (!info->dst[0] && !info->src[0] && sdst && info->form != ISA_FORM_K_IMM &&
            info->form != ISA_FORM_K_HWREG_IMM32)
            return 0;
        if (info->form == ISA_FORM_K_HWREG_IMM32) {
            if (c->avail_dw < 2)
                return 0;
            c->has_lit = true;
            c->lit = c->w[1];
        }
        break;
    case ISA_ENC_SOPP:
        in->u.sopp.simm16 = (uint16_t)bits(w, 15, 0);
        if (info->form == ISA_FORM_P_NONE && in->u.sopp.simm16)
            return 0;
        break;
    default:
        return 0;
    }
    return finish(c, in);
}

/* ------------------------------------------------------------------ SMEM */

static int dec_smem(struct dctx *c, struct isa_inst *in)
{
    uint32_t w0 = c->w[0], w1 = c->w[1];
    const struct isa_op_info *info;
    unsigned sbase = bits(w0, 5, 0) << 1, sdata = bits(w0, 12, 6);
    unsigned soff = bits(w1, 31, 25);

    c->base_dw = 2;
    in->enc = ISA_ENC_SMEM;
    in->op = isa_map_smem[bits(w0, 25, 18)];
    if (!in->op)
        return 0;
    info = &isa_op_info[in->op];
    in->u.smem.glc = (uint8_t)bits(w0, 14, 14);
    in->u.smem.dlc = (uint8_t)bits(w0, 13, 13);
    in->u.smem.offset = (int32_t)(bits(w1, 20, 0) << 11) >> 11;
    in->u.smem.sdata = (uint8_t)sdata;
    if (info->form != ISA_FORM_SM_LOAD && (in->u.smem.glc || in->u.smem.dlc))
        return 0;
    if (info->form == ISA_FORM_SM_NONE)
        return finish(c, in);
    if (info->dst[0]) {
        if (!dec_val(c, sdata, info->dst[0], &in->dst[0]))
            return 0;
        in->ndst = 1;
    }
    if (!dec_val(c, sbase, info->src[0], &in->src[0]))
        return 0;
    if (!dec_val(c, soff, ISA_K_B32, &in->src[1]))
        return 0;
    in->nsrc = 2;
    in->u.smem.has_soffset = soff != ISA_SREG_NULL;
    return finish(c, in);
}

/* ------------------------------------------------------------------ VALU */

/* Apply the VOP3 modifier bits to the operands per the row's profile. */
static bool vop3_mods(struct isa_inst *in, const struct isa_op_info *info, unsigned raw,
                      bool sd)
{
    const struct isa_mods_info *m = &isa_mods_info[info->mods];
    unsigned ok = m->ok, shown = m->shown;

    if (sd) {   /* VOP3SD: abs/op_sel positions hold sdst */
        raw &= ~0x7Fu;
        ok &= ~0x7Fu;
        shown &= ~0x7Fu;
    }
    if (raw & ~ok)
        return false;
    in->mods_raw = (uint16_t)raw;
    in->clamp = (raw & ISA_MB_CLAMP) != 0;
    for (unsigned i = 0; i < 3; i++) {
        struct isa_operand *o = &in->src[i];
        if ((raw & shown & ISA_MB_NEG(i)))
            o->mods |= (m->sext & ISA_MB_NEG(i)) ? ISA_MOD_SEXT : ISA_MOD_NEG;
        if (raw & shown & ISA_MB_ABS(i))
            o->mods |= ISA_MOD_ABS;
        if (raw & shown & ISA_MB_OPSEL(i))
            o->mods |= ISA_MOD_OPSEL;
    }
    if (raw & shown & ISA_MB_OPSEL(3))
        in->dst[0].mods |= ISA_MOD_OPSEL;
    return true;
}

/* Fill the implicit operands of VOP2/VOPC e32 forms. */
static void implicit_e32(struct isa_inst *in, const struct isa_op_info *info)
{
    if (info->flags & ISA_F_VCC_OUT) {     /* carry out: vcc */
        implicit_sreg(&in->dst[1], ISA_SREG_VCC_LO, ISA_K_SMASK);
        in->ndst = 2;
    }
    if (info->flags & ISA_F_VCC_IN) {   /* cndmask / carry in: vcc */
        implicit_sreg(&in->src[2], ISA_SREG_VCC_LO, ISA_K_SMASK);
        in->nsrc = 3;
    }
}

static void implicit_mac(struct isa_inst *in, const struct isa_op_info *info)
{
    if (info->flags & ISA_F_MAC) {
        in->src[2] = in->dst[0];
        in->src[2].mods = ISA_MOD_IMPLICIT;
        in->src[2].type = isa_kind_info[info->src[0]].type == ISA_T_PK_F16 &&
                          info->dst[0] != ISA_K_PK_F16 ? isa_kind_info[info->dst[0]].type
                                                       : in->dst[0].type;
        in->nsrc = 3;
    }
}

/* DPP16/DPP8 dword. */
static bool dec_dpp(struct isa_inst *in, unsigned marker, uint32_t d, bool e32_mods)
{
    uint16_t field = in->src[0].field;
    unsigned v = bits(d, 7, 0);
    bool t16 = isa_op_info[in->op].src[0] == ISA_K_T16;
    if (!dec_vgpr(t16 ? v & 0x7F : v, isa_op_info[in->op].src[0], &in->src[0]))
        return false;
    if (t16 && (v & 0x80))
        in->src[0].mods |= ISA_MOD_HI16;
    in->src[0].field = field;
    if (marker == ISA_SRC_DPP16) {
        in->dpp = ISA_DPP_16;
        in->u.dpp.ctrl = (uint16_t)bits(d, 16, 8);
        in->u.dpp.fi = (uint8_t)bits(d, 18, 18);
        in->u.dpp.bound_ctrl = (uint8_t)bits(d, 19, 19);
        in->u.dpp.bank_mask = (uint8_t)bits(d, 27, 24);
        in->u.dpp.row_mask = (uint8_t)bits(d, 31, 28);
        if (e32_mods) {
            const struct isa_mods_info *m = &isa_mods_info[isa_op_info[in->op].mods];
            for (unsigned i = 0; i < 2; i++) {
                bool neg = bits(d, 20 + 2 * i, 20 + 2 * i), abs = bits(d, 21 + 2 * i, 21 + 2 * i);
                struct isa_operand *o = &in->src[i];
                if (i == 1 && (isa_op_info[in->op].flags & ISA_F_DPP_S1_INT)) {
                    if (neg)
                        o->mods |= ISA_MOD_SEXT;
                    continue;       /* abs is ignored */
                }
                if ((neg && !(m->ok & ISA_MB_NEG(i))) || (abs && !(m->ok & ISA_MB_ABS(i))))
                    return false;
                if (neg && (m->shown & ISA_MB_NEG(i)))
                    o->mods |= (m->sext & ISA_MB_NEG(i)) ? ISA_MOD_SEXT : ISA_MOD_NEG;
                if (abs && (m->shown & ISA_MB_ABS(i)))
                    o->mods |= ISA_MOD_ABS;
            }
        }
    } else {
        in->dpp = ISA_DPP_8;
        in->u.dpp.sel = bits(d, 31, 8);
        in->u.dpp.fi = marker == ISA_SRC_DPP8_FI;
    }
    return true;
}

static bool is_dpp_marker(unsigned v)
{
    return v == ISA_SRC_DPP16 || v == ISA_SRC_DPP8 || v == ISA_SRC_DPP8_FI;
}

/* VOP1, VOP2, VOPC in their 32-bit forms (plus DPP16/DPP8 dword). */
static int dec_vop_e32(struct dctx *c, struct isa_inst *in)
{
    uint32_t w = c->w[0];
    const struct isa_op_info *info;
    unsigned src0 = bits(w, 8, 0), vsrc1 = bits(w, 16, 9), vdst = bits(w, 24, 17);
    bool dpp = is_dpp_marker(src0);

    if (bits(w, 31, 25) == ISA_VOP1_PREFIX) {
        in->enc = ISA_ENC_VOP1;
        in->op = isa_map_vop1[bits(w, 16, 9)];
    } else if (bits(w, 31, 25) == ISA_VOPC_PREFIX) {
        in->enc = ISA_ENC_VOPC;
        in->op = isa_map_vopc[bits(w, 24, 17)];
    } else {
        in->enc = ISA_ENC_VOP2;
        in->op = isa_map_vop2[bits(w, 30, 25)];
    }
    if (!in->op)
        return 0;
    info = &isa_op_info[in->op];
    if (in->enc == ISA_ENC_VOP1 && info->dst[0] == ISA_K_NONE)     /* v_nop, v_pipeflush */
        return vdst ? 0 : finish(c, in);    /* src0 is not decoded at all */
    if (dpp) {
        if ((info->flags & ISA_F_NO_DPP) || c->avail_dw < 2)
            return 0;
        c->base_dw = 2;
    }

    if ((info->flags & ISA_F_L128_D) && vdst >= 128 && in->enc != ISA_ENC_VOPC)
        return 0;
    if ((info->flags & ISA_F_L128_S1X) && vsrc1 >= 128)
        return 0;
    switch (in->enc) {
    case ISA_ENC_VOP1:
        if (info->dst[0] == ISA_K_T16) {
            if (!dec_vgpr(vdst & 0x7F, ISA_K_T16, &in->dst[0]))
                return 0;
            if (vdst & 0x80)
                in->dst[0].mods |= ISA_MOD_HI16;
        } else if (info->dst[0] == ISA_K_SDST) {
            if (!dec_val(c, vdst, ISA_K_SDST, &in->dst[0]))
                return 0;
        } else if (!dec_vgpr(vdst, info->dst[0], &in->dst[0])) {
            return 0;
        }
        in->ndst = 1;
        if (!dpp) {
            if (info->src[0] == ISA_K_T16 && src0 >= ISA_SRC_VGPR_FIRST) {
                if (!dec_vgpr(src0 & 0x7F, ISA_K_T16, &in->src[0]))
                    return 0;
                if (src0 & 0x80)
                    in->src[0].mods |= ISA_MOD_HI16;
                in->src[0].field = (uint16_t)src0;
            } else if (!dec_val(c, src0, info->src[0], &in->src[0])) {
                return 0;
            }
        }
        in->nsrc = 1;
        break;
    case ISA_ENC_VOP2:
        if (!dec_vgpr(vdst, info->dst[0], &in->dst[0]))
            return 0;
        in->ndst = 1;
        if (info->flags & ISA_F_FMAMK) {
            /* src0, K (literal), vsrc1 */
            if (!dpp && !dec_val(c, src0, info->src[0], &in->src[0]))
                return 0;
            if (!dec_vgpr(vsrc1, info->src[1], &in->src[2]) ||
                !literal_k(c, &in->src[2], &in->src[1]))
                return 0;
            in->nsrc = 3;
            break;
        }
        if (!dpp && !dec_val(c, src0, info->src[0], &in->src[0]))
            return 0;
        if (!dec_vgpr(vsrc1, info->src[1], &in->src[1]))
            return 0;
        in->nsrc = 2;
        if (info->flags & ISA_F_FMAAK) {
            if (!literal_k(c, &in->src[1], &in->src[2]))
                return 0;
            in->nsrc = 3;
            break;
        }
        implicit_e32(in, info);
        implicit_mac(in, info);
        break;
    case ISA_ENC_VOPC:
        if (!dpp && !dec_val(c, src0, info->src[0], &in->src[0]))
            return 0;
        if (!dec_vgpr(vsrc1, info->src[1], &in->src[1]))
            return 0;
        in->nsrc = 2;
        if (info->flags & ISA_F_WRITES_EXEC)
            implicit_sreg(&in->dst[0], ISA_SREG_EXEC_LO, ISA_K_SMASK);
        else
            implicit_sreg(&in->dst[0], ISA_SREG_VCC_LO, ISA_K_SMASK);
        in->ndst = 1;
        break;
    default:
        return 0;
    }
    if (dpp) {
        in->src[0].field = (uint16_t)src0;
        if (!dec_dpp(in, src0, c->w[1], true))
            return 0;
        if (in->enc == ISA_ENC_VOP2 && (info->flags & ISA_F_MAC))
            implicit_mac(in, info);
    }
    return finish(c, in);
}

/* VOP3 and VOP3SD, with or without DPP (dword 2). */
static int dec_vop3(struct dctx *c, struct isa_inst *in, bool dpp)
{
    uint32_t w0 = c->w[0], w1 = c->w[1];
    unsigned opc = bits(w0, 25, 16), vdst = bits(w0, 7, 0);
    unsigned src[3] = { bits(w1, 8, 0), bits(w1, 17, 9), bits(w1, 26, 18) };
    const struct isa_op_info *info;
    unsigned raw, nsrc = 0;
    bool sd;

    in->enc = ISA_ENC_VOP3;
    in->op = isa_map_vop3[opc];
    if (!in->op)
        return 0;
    info = &isa_op_info[in->op];
    if (dpp && (info->flags & ISA_F_NO_DPP))
        return 0;
    if (info->flags & (ISA_F_FMAMK | ISA_F_FMAAK))
        return 0;
    sd = (info->flags & ISA_F_VCC_OUT) && info->family != ISA_FAM_VOPC;
    c->base_dw = dpp ? 3 : 2;

    /* destinations */
    if (info->family == ISA_FAM_VOPC) {
        if (!dec_val(c, vdst, ISA_K_SDST, &in->dst[0]))
            return 0;
        in->ndst = 1;
    } else if (info->family == ISA_FAM_VOPCX) {    /* vdst field ignored */
        implicit_sreg(&in->dst[0], ISA_SREG_EXEC_LO, ISA_K_SMASK);
        in->ndst = 1;
    } else if (info->dst[0] == ISA_K_NONE) {
        if (vdst)
            return 0;
    } else if (info->dst[0] == ISA_K_SDST) {
        if (!dec_val(c, vdst, ISA_K_SDST, &in->dst[0]))
            return 0;
        in->ndst = 1;
    } else {
        if (!dec_vgpr(vdst, info->dst[0], &in->dst[0]))
            return 0;
        in->ndst = 1;
    }
    if (sd) {
        if (!dec_val(c, bits(w0, 14, 8), ISA_K_SMASK, &in->dst[1]))
            return 0;
        in->ndst = 2;
    }

    /* sources: the row's kinds; VOP2 carry/cndmask rows take src2 as a mask */
    uint8_t kinds[3] = { info->src[0], info->src[1], info->src[2] };
    if (info->family == ISA_FAM_VOP2 && (info->flags & ISA_F_VCC_IN))
        kinds[2] = ISA_K_SMASK;
    for (unsigned i = 0; i < 3; i++) {
        if (kinds[i] == ISA_K_NONE) {
            if (src[i])
                return 0;
            continue;
        }
        if (i == 0 && dpp) {
            nsrc = 1;
            continue;
        }
        if (!dec_val(c, src[i], kinds[i], &in->src[i]))
            return 0;
        nsrc = i + 1;
    }
    in->nsrc = (uint8_t)nsrc;
    if (info->flags & ISA_F_MAC) {
        if (src[2])
            return 0;
        implicit_mac(in, info);
    }

    raw = bits(w0, 10, 8) | bits(w0, 14, 11) << 3 | bits(w0, 15, 15) << 7 |
          (bits(w1, 28, 27) ? ISA_MB_OMOD : 0) | bits(w1, 31, 29) << 9;
    in->omod = (uint8_t)bits(w1, 28, 27);
    in->neg = (uint8_t)bits(w1, 31, 29);
    in->abs = sd ? 0 : (uint8_t)bits(w0, 10, 8);
    in->op_sel = sd ? 0 : (uint8_t)bits(w0, 14, 11);
    if (!vop3_mods(in, info, raw, sd))
        return 0;
    if (!(isa_mods_info[info->mods].shown & ISA_MB_OMOD))
        in->omod = 0;

    if (dpp) {
        if (c->avail_dw < 3)
            return 0;
        in->src[0].field = (uint16_t)src[0];
        uint8_t m = in->src[0].mods;
        if (!dec_dpp(in, src[0], c->w[2], false))
            return 0;
        in->src[0].mods |= m;
        const struct isa_mods_info *mi = &isa_mods_info[info->mods];
        if (info->mods == ISA_M_I16X2_OPSEL || info->mods == ISA_M_I16X3_OPSEL) {
            /* the DPP forms of the 16-bit integer ops take sext() (LLVM 19) */
            for (unsigned i = 0; i < 3; i++)
                if (raw & ISA_MB_NEG(i))
                    in->src[i].mods |= ISA_MOD_SEXT;
        }
        if (raw & mi->shown & ISA_MB_NEG(0))
            in->src[0].mods |= (mi->sext & ISA_MB_NEG(0)) ? ISA_MOD_SEXT : ISA_MOD_NEG;
        if (raw & mi->shown & ISA_MB_ABS(0))
            in->src[0].mods |= ISA_MOD_ABS;
        if (raw & isa_mods_info[info->mods].shown & ISA_MB_OPSEL(0))
            in->src[0].mods |= ISA_MOD_OPSEL;
    }
    return finish(c, in);
}

static int dec_vop3p(struct dctx *c, struct isa_inst *in, bool dpp)
{
    uint32_t w0 = c->w[0], w1 = c->w[1];
    unsigned vdst = bits(w0, 7, 0);
    unsigned src[3] = { bits(w1, 8, 0), bits(w1, 17, 9), bits(w1, 26, 18) };
    const struct isa_op_info *info;
    const struct isa_pmods_info *pm;
    unsigned raw, nsrc = 0;

    in->enc = ISA_ENC_VOP3P;
    in->op = isa_map_vop3p[bits(w0, 22, 16)];
    if (!in->op || bits(w0, 23, 23))
        return 0;
    info = &isa_op_info[in->op];
    if (dpp && (info->flags & ISA_F_NO_DPP))
        return 0;
    c->base_dw = dpp ? 3 : 2;
    if (!dec_vgpr(vdst, info->dst[0], &in->dst[0]))
        return 0;
    in->ndst = 1;
    for (unsigned i = 0; i < 3; i++) {
        if (info->src[i] == ISA_K_NONE) {
            if (src[i])
                return 0;
            continue;
        }
        if (i == 0 && dpp) {
            nsrc = 1;
            continue;
        }
        if (!dec_val(c, src[i], info->src[i], &in->src[i]))
            return 0;
        nsrc = i + 1;
    }
    in->nsrc = (uint8_t)nsrc;

    raw = bits(w1, 31, 29) | bits(w0, 10, 8) << 3 | bits(w0, 13, 11) << 6 |
          bits(w1, 28, 27) << 9 | bits(w0, 14, 14) << 11 | bits(w0, 15, 15) << 12;
    pm = &isa_pmods_info[info->mods];
    if (raw & ~pm->ok)
        return 0;
    in->mods_raw = (uint16_t)raw;
    in->neg = (uint8_t)bits(w1, 31, 29);
    in->neg_hi = (uint8_t)bits(w0, 10, 8);
    in->op_sel = (uint8_t)bits(w0, 13, 11);
    in->op_sel_hi = (uint8_t)(bits(w1, 28, 27) | bits(w0, 14, 14) << 2);
    in->clamp = (raw & pm->shown & ISA_PB_CLAMP) != 0;
    for (unsigned i = 0; i < 3; i++) {
        struct isa_operand *o = &in->src[i];
        if (raw & pm->shown & ISA_PB_NEG_LO(i))
            o->mods |= ISA_MOD_NEG;
        if (raw & pm->shown & ISA_PB_NEG_HI(i))
            o->mods |= info->mods == ISA_P_MIX ? ISA_MOD_ABS : ISA_MOD_NEG_HI;
        if (raw & pm->shown & ISA_PB_OPSEL(i))
            o->mods |= ISA_MOD_OPSEL;
        if (raw & pm->shown & ISA_PB_OPSEL_HI(i))
            o->mods |= ISA_MOD_OPSEL_HI;
    }
    if (dpp) {
        if (c->avail_dw < 3)
            return 0;
        uint8_t m = in->src[0].mods;
        in->src[0].field = (uint16_t)src[0];
        if (!dec_dpp(in, src[0], c->w[2], false))
            return 0;
        in->src[0].mods |= m;
        for (unsigned b = 0; b < 12; b += 3)
            if (raw & pm->shown & (1u << b))
                in->src[0].mods |= b == 0 ? ISA_MOD_NEG
                                 : b == 3 ? (info->mods == ISA_P_MIX ? ISA_MOD_ABS : ISA_MOD_NEG_HI)
                                 : b == 6 ? ISA_MOD_OPSEL : ISA_MOD_OPSEL_HI;
    }
    return finish(c, in);
}

/* VOPD: two VOP2-like halves sharing one literal. */
static int dec_vopd(struct dctx *c, struct isa_inst *in)
{
    uint32_t w0 = c->w[0], w1 = c->w[1];
    unsigned opx = bits(w0, 25, 22), opy = bits(w0, 21, 17);
    const struct isa_vopd_info *vx = &isa_vopd_info[opx], *vy = &isa_vopd_info[opy];
    unsigned vdstx = bits(w1, 31, 24), vdsty = bits(w1, 23, 17) << 1 | ((vdstx & 1) ^ 1);

    c->base_dw = 2;
    in->enc = ISA_ENC_VOPD;
    if (!vx->op || !(vx->slots & ISA_VOPD_X) || !vy->op || !(vy->slots & ISA_VOPD_Y))
        return 0;
    struct {
        unsigned op, src0, vsrc1, vdst;
        struct isa_operand *dst, *src;
        uint8_t *nsrc;
    } h[2] = {
        { vx->op, bits(w0, 8, 0), bits(w0, 16, 9), vdstx, &in->dst[0], in->src, &in->nsrc },
        { vy->op, bits(w1, 8, 0), bits(w1, 16, 9), vdsty, &in->u.vopd.dst, in->u.vopd.src,
          &in->u.vopd.nsrc },
    };
    in->op = (uint16_t)vx->op;
    in->u.vopd.op = (uint16_t)vy->op;
    in->ndst = 1;
    for (unsigned i = 0; i < 2; i++) {
        const struct isa_op_info *info = &isa_op_info[h[i].op];
        if (!dec_vgpr(h[i].vdst, info->dst[0], h[i].dst))
            return 0;
        if (!dec_val(c, h[i].src0, info->src[0], &h[i].src[0]))
            return 0;
        if (info->flags & ISA_F_FMAMK) {
            if (!dec_vgpr(h[i].vsrc1, info->src[1], &h[i].src[2]))
                return 0;
        } else if (info->src[1]) {
            if (!dec_vgpr(h[i].vsrc1, info->src[1], &h[i].src[1]))
                return 0;
        } else if (h[i].vsrc1) {
            return 0;
        }
        *h[i].nsrc = info->src[1] ? 2 : 1;
        if (info->flags & (ISA_F_FMAMK | ISA_F_FMAAK)) {
            unsigned k = (info->flags & ISA_F_FMAMK) ? 1 : 2;
            if (!literal_k(c, &h[i].src[k == 1 ? 2 : 1], &h[i].src[k]))
                return 0;
            *h[i].nsrc = 3;
        } else if (info->flags & ISA_F_MAC) {
            h[i].src[2] = *h[i].dst;
            h[i].src[2].mods = ISA_MOD_IMPLICIT;
            *h[i].nsrc = 3;
        } else if (info->flags & ISA_F_VCC_IN) {
            implicit_sreg(&h[i].src[2], ISA_SREG_VCC_LO, ISA_K_SMASK);
            *h[i].nsrc = 3;
        }
    }
    return finish(c, in);
}

static int dec_vinterp(struct dctx *c, struct isa_inst *in)
{
    uint32_t w0 = c->w[0], w1 = c->w[1];
    const struct isa_op_info *info;

    c->base_dw = 2;
    in->enc = ISA_ENC_VINTERP;
    in->op = isa_map_vinterp[bits(w0, 22, 16)];
    if (!in->op)
        return 0;
    info = &isa_op_info[in->op];
    if (!dec_vgpr(bits(w0, 7, 0), info->dst[0], &in->dst[0]))
        return 0;
    in->ndst = 1;
    for (unsigned i = 0; i < 3; i++)
        if (!dec_val(c, bits(w1, 8 + 9 * i, 9 * i), info->src[i], &in->src[i]))
            return 0;
    in->nsrc = 3;
    in->u.vinterp.waitexp = (uint8_t)bits(w0, 10, 8);
    in->op_sel = (uint8_t)bits(w0, 14, 11);
    if (in->op_sel && !(info->flags & ISA_F_OPSEL))
        return 0;
    for (unsigned i = 0; i < 3; i++)
        if (in->op_sel & (1u << i))
            in->src[i].mods |= ISA_MOD_OPSEL;
    if (in->op_sel & 8)
        in->dst[0].mods |= ISA_MOD_OPSEL;
    in->clamp = (uint8_t)bits(w0, 15, 15);
    in->neg = (uint8_t)bits(w1, 31, 29);
    for (unsigned i = 0; i < 3; i++)
        if (in->neg & (1u << i))
            in->src[i].mods |= ISA_MOD_NEG;
    return finish(c, in);
}

static int dec_ldsdir(struct dctx *c, struct isa_inst *in)
{
    uint32_t w = c->w[0];
    const struct isa_op_info *info;

    in->enc = ISA_ENC_LDSDIR;
    in->op = isa_map_ldsdir[bits(w, 21, 20)];
    if (!in->op || bits(w, 23, 22))
        return 0;
    info = &isa_op_info[in->op];
    if (!dec_vgpr(bits(w, 7, 0), info->dst[0], &in->dst[0]))
        return 0;
    in->ndst = 1;
    in->u.ldsdir.chan = (uint8_t)bits(w, 9, 8);
    in->u.ldsdir.attr = (uint8_t)bits(w, 15, 10);
    in->u.ldsdir.waitvdst = (uint8_t)bits(w, 19, 16);
    return finish(c, in);
}

/* ------------------------------------------------------------------ memory */

static int dec_ds(struct dctx *c, struct isa_inst *in)
{
    uint32_t w0 = c->w[0], w1 = c->w[1];
    const struct isa_op_info *info;
    unsigned f[4] = { bits(w1, 7, 0), bits(w1, 15, 8), bits(w1, 23, 16), bits(w1, 31, 24) };

    c->base_dw = 2;
    in->enc = ISA_ENC_DS;
    in->op = isa_map_ds[bits(w0, 25, 18)];
    if (!in->op)
        return 0;
    info = &isa_op_info[in->op];
    in->u.ds.offset0 = (uint8_t)bits(w0, 7, 0);
    in->u.ds.offset1 = (uint8_t)bits(w0, 15, 8);
    in->u.ds.offset = (uint16_t)bits(w0, 15, 0);
    in->u.ds.gds = (uint8_t)bits(w0, 17, 17);
    if (in->u.ds.gds && (in->op == ISA_OP_ds_bvh_stack_rtn_b32 || in->op == ISA_OP_ds_nop ||
                         in->op == ISA_OP_ds_permute_b32 || in->op == ISA_OP_ds_bpermute_b32))
        return 0;   /* these have no GDS form */
    if (info->dst[0]) {
        if (!dec_vgpr(f[3], info->dst[0], &in->dst[0]))
            return 0;
        in->ndst = 1;
    } else if (f[3]) {
        return 0;
    }
    for (unsigned i = 0; i < 3; i++) {
        if (!info->src[i]) {
            if (f[i])
                return 0;
            continue;
        }
        if (!dec_vgpr(f[i], info->src[i], &in->src[i]))
            return 0;
        in->nsrc = (uint8_t)(i + 1);
    }
    return finish(c, in);
}

static int dec_flat(struct dctx *c, struct isa_inst *in)
{
    uint32_t w0 = c->w[0], w1 = c->w[1];
    unsigned seg = bits(w0, 17, 16);
    const struct isa_op_info *info;
    unsigned vaddr = bits(w1, 7, 0), data = bits(w1, 15, 8), saddr = bits(w1, 22, 16);
    unsigned vdst = bits(w1, 31, 24);

    c->base_dw = 2;
    in->enc = ISA_ENC_FLAT;
    if (seg == 3)
        return 0;
    in->op = isa_map_flat[seg][bits(w0, 24, 18)];
    if (!in->op)
        return 0;
    info = &isa_op_info[in->op];
    in->u.flat.seg = (uint8_t)seg;
    in->u.flat.dlc = (uint8_t)bits(w0, 13, 13);
    in->u.flat.glc = (uint8_t)bits(w0, 14, 14);
    in->u.flat.slc = (uint8_t)bits(w0, 15, 15);
    in->u.flat.sve = (uint8_t)bits(w1, 23, 23);
    in->u.flat.offset = seg == 0 ? (int16_t)bits(w0, 12, 0)
                                 : (int16_t)((int32_t)(bits(w0, 12, 0) << 19) >> 19);
    in->u.flat.saddr_off = saddr == ISA_SREG_NULL;
    if (seg != 1 && in->u.flat.sve)
        return 0;
    if (seg == 0 && !in->u.flat.saddr_off)
        return 0;

    bool rtn = (info->flags & ISA_F_ATOMIC) ? in->u.flat.glc : info->dst[0] != ISA_K_NONE;
    if (rtn) {
        if (!dec_vgpr(vdst, info->dst[0], &in->dst[0]))
            return 0;
        in->ndst = 1;
    }
    /* address: flat 64-bit vaddr; global vaddr 64-bit (saddr off) or 32-bit
     * offset + saddr; scratch vaddr 32-bit if sve, saddr 32-bit */
    bool addtid = in->op == ISA_OP_global_load_addtid_b32 ||
                  in->op == ISA_OP_global_store_addtid_b32;
    if (seg == 0) {
        if (!dec_vgpr(vaddr, ISA_K_B64, &in->src[0]))
            return 0;
    } else if (addtid) {    /* no vaddr */
        if (!in->u.flat.saddr_off && !dec_val(c, saddr, ISA_K_B64, &in->src[2]))
            return 0;
    } else if (seg == 2) {
        if (!dec_vgpr(vaddr, in->u.flat.saddr_off ? ISA_K_B64 : ISA_K_B32, &in->src[0]))
            return 0;
        if (!in->u.flat.saddr_off && !dec_val(c, saddr, ISA_K_B64, &in->src[2]))
            return 0;
    } else {
        if (in->u.flat.sve && !dec_vgpr(vaddr, ISA_K_B32, &in->src[0]))
            return 0;
        if (!in->u.flat.saddr_off && !dec_val(c, saddr, ISA_K_B32, &in->src[2]))
            return 0;
    }
    if (info->src[1] && !dec_vgpr(data, info->src[1], &in->src[1]))
        return 0;
    in->nsrc = 3;
    return finish(c, in);
}

static int dec_buf(struct dctx *c, struct isa_inst *in, bool mtbuf)
{
    uint32_t w0 = c->w[0], w1 = c->w[1];
    const struct isa_op_info *info;

    c->base_dw = 2;
    in->enc = mtbuf ? ISA_ENC_MTBUF : ISA_ENC_MUBUF;
    in->op = mtbuf ? isa_map_mtbuf[bits(w0, 18, 15)] : isa_map_mubuf[bits(w0, 25, 18)];
    if (!in->op)
        return 0;
    info = &isa_op_info[in->op];
    in->u.buf.offset = (uint16_t)bits(w0, 11, 0);
    in->u.buf.slc = (uint8_t)bits(w0, 12, 12);
    in->u.buf.dlc = (uint8_t)bits(w0, 13, 13);
    in->u.buf.glc = (uint8_t)bits(w0, 14, 14);
    in->u.buf.format = mtbuf ? (uint8_t)bits(w0, 25, 19) : 0;
    in->u.buf.tfe = (uint8_t)bits(w1, 21, 21);
    in->u.buf.offen = (uint8_t)bits(w1, 22, 22);
    in->u.buf.idxen = (uint8_t)bits(w1, 23, 23);
    if (in->op == ISA_OP_buffer_gl0_inv || in->op == ISA_OP_buffer_gl1_inv) {
        /* LLVM checks only these bits of the cache invalidations */
        if (in->u.buf.glc || in->u.buf.dlc || in->u.buf.tfe || in->u.buf.offen ||
            in->u.buf.idxen)
            return 0;
        return finish(c, in);
    }
    if (in->u.buf.tfe && (mtbuf || (info->flags & (ISA_F_ATOMIC | ISA_F_LDS))))
        return 0;
    if (info->src[0]) {
        if (!dec_vgpr(bits(w1, 15, 8), info->src[0], &in->src[0]))
            return 0;
        if (in->u.buf.tfe) {    /* the status dword follows the data */
            if (in->src[0].reg + in->src[0].size_dw >= 256)
                return 0;
            in->src[0].size_dw++;
        }
    }
    unsigned naddr = in->u.buf.offen + in->u.buf.idxen;
    if (naddr && !dec_vgpr(bits(w1, 7, 0), naddr == 2 ? ISA_K_B64 : ISA_K_B32, &in->src[1]))
        return 0;
    if (!dec_val(c, bits(w1, 20, 16) << 2, ISA_K_B128, &in->src[2]))
        return 0;
    if (!dec_val(c, bits(w1, 31, 24), ISA_K_B32, &in->src[3]))
        return 0;
    in->nsrc = 4;
    return finish(c, in);
}

static int dec_exp(struct dctx *c, struct isa_inst *in)
{
    uint32_t w0 = c->w[0], w1 = c->w[1];

    c->base_dw = 2;
    in->enc = ISA_ENC_EXP;
    in->op = isa_op_exp;
    in->u.exp.en = (uint8_t)bits(w0, 3, 0);
    in->u.exp.target = (uint8_t)bits(w0, 9, 4);
    in->u.exp.done = (uint8_t)bits(w0, 11, 11);
    in->u.exp.row = (uint8_t)bits(w0, 13, 13);
    for (unsigned i = 0; i < 4; i++)
        if (!dec_vgpr(bits(w1, 8 * i + 7, 8 * i), ISA_K_B32, &in->src[i]))
            return 0;
    in->nsrc = 4;
    return finish(c, in);
}

/* ------------------------------------------------------------------ fields */

struct isa_waitcnt isa_waitcnt_decode(unsigned simm16)
{
    struct isa_waitcnt w = {
        .vmcnt = (simm16 >> ISA_WAITCNT_VM_SHIFT) & ISA_WAITCNT_VM_MASK,
        .expcnt = (simm16 >> ISA_WAITCNT_EXP_SHIFT) & ISA_WAITCNT_EXP_MASK,
        .lgkmcnt = (simm16 >> ISA_WAITCNT_LGKM_SHIFT) & ISA_WAITCNT_LGKM_MASK,
    };
    return w;
}

struct isa_hwreg isa_hwreg_decode(unsigned simm16)
{
    struct isa_hwreg h = {
        .id = bits(simm16, 5, 0), .offset = bits(simm16, 10, 6), .size = bits(simm16, 15, 11) + 1,
    };
    return h;
}

enum isa_dpp_op isa_dpp_ctrl_decode(unsigned ctrl, unsigned *arg)
{
    static const struct { unsigned first, last; enum isa_dpp_op op; } r[] = {
        { 0x000, 0x0FF, ISA_DPP_QUAD_PERM }, { 0x101, 0x10F, ISA_DPP_ROW_SHL },
        { 0x111, 0x11F, ISA_DPP_ROW_SHR }, { 0x121, 0x12F, ISA_DPP_ROW_ROR },
        { 0x140, 0x140, ISA_DPP_ROW_MIRROR }, { 0x141, 0x141, ISA_DPP_ROW_HALF_MIRROR },
        { 0x150, 0x15F, ISA_DPP_ROW_SHARE }, { 0x160, 0x16F, ISA_DPP_ROW_XMASK },
    };
    for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
        if (ctrl >= r[i].first && ctrl <= r[i].last) {
            if (arg)
                *arg = r[i].op == ISA_DPP_QUAD_PERM ? ctrl : ctrl & 0xF;
            return r[i].op;
        }
    if (arg)
        *arg = 0;
    return ISA_DPP_INVALID;
}

/* ------------------------------------------------------------------ entry */

int isa_decode(const uint32_t *words, size_t avail_dw, struct isa_inst *inst)
{
    struct dctx c = { words, avail_dw, 1, false, 0 };
    int n = 0;

    memset(inst, 0, sizeof(*inst));
    if (!words || avail_dw == 0)
        return fail(inst);
    uint32_t w = words[0];
    unsigned top6 = w >> 26;

    if ((w >> 30) == 2) {
        n = dec_sop(&c, inst);
    } else if ((w >> 31) == 0) {
        n = dec_vop_e32(&c, inst);
    } else if ((w >> 24) == ISA_VOP3P_PREFIX8) {
        if (avail_dw >= 2)
            n = dec_vop3p(&c, inst, avail_dw >= 3 && is_dpp_marker(bits(words[1], 8, 0)));
    } else if ((w >> 24) == ISA_VINTERP_PREFIX8) {
        if (avail_dw >= 2)
            n = dec_vinterp(&c, inst);
    } else if ((w >> 24) == ISA_LDSDIR_PREFIX8) {
        n = dec_ldsdir(&c, inst);
    } else if (avail_dw >= 2) {
        switch (top6) {
        case ISA_VOP3_PREFIX:
            n = dec_vop3(&c, inst, avail_dw >= 3 && is_dpp_marker(bits(words[1], 8, 0)));
            break;
        case ISA_VOPD_PREFIX:  n = dec_vopd(&c, inst); break;
        case ISA_DS_PREFIX:    n = dec_ds(&c, inst); break;
        case ISA_FLAT_PREFIX:  n = dec_flat(&c, inst); break;
        case ISA_MUBUF_PREFIX: n = dec_buf(&c, inst, false); break;
        case ISA_MTBUF_PREFIX: n = dec_buf(&c, inst, true); break;
        case ISA_SMEM_PREFIX:  n = dec_smem(&c, inst); break;
        case ISA_EXP_PREFIX:   n = dec_exp(&c, inst); break;
        default: break;
        }
    }
    if (n <= 0)
        return fail(inst);
    return n;
}

const char *isa_enc_name(unsigned enc)
{
    static const char *const names[ISA_ENC_COUNT] = {
        [ISA_ENC_INVALID] = "invalid", [ISA_ENC_SOP1] = "SOP1", [ISA_ENC_SOP2] = "SOP2",
        [ISA_ENC_SOPK] = "SOPK", [ISA_ENC_SOPC] = "SOPC", [ISA_ENC_SOPP] = "SOPP",
        [ISA_ENC_SMEM] = "SMEM", [ISA_ENC_VOP1] = "VOP1", [ISA_ENC_VOP2] = "VOP2",
        [ISA_ENC_VOPC] = "VOPC", [ISA_ENC_VOP3] = "VOP3", [ISA_ENC_VOP3P] = "VOP3P",
        [ISA_ENC_VOPD] = "VOPD", [ISA_ENC_VINTERP] = "VINTERP", [ISA_ENC_LDSDIR] = "LDSDIR",
        [ISA_ENC_DS] = "DS", [ISA_ENC_FLAT] = "FLAT", [ISA_ENC_MUBUF] = "MUBUF",
        [ISA_ENC_MTBUF] = "MTBUF", [ISA_ENC_MIMG] = "MIMG", [ISA_ENC_EXP] = "EXP",
    };
    return enc < ISA_ENC_COUNT ? names[enc] : "invalid";
}
