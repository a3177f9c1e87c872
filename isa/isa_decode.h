/*
 * isa/isa_decode.h — RDNA3 (gfx11) instruction decoder.
 *
 * isa_decode() turns the dwords at a PC into a fixed-size struct isa_inst:
 * the semantic op (enum isa_op, isa_table.h), the encoding used, the size in
 * dwords (literal, DPP and NSA dwords included) and every operand resolved to
 * a register file, index, size and the type it is read as, with all
 * modifiers.  No allocation; it never reads past the dwords it is given, and
 * a word LLVM 19 would not disassemble decodes as ISA_OP_INVALID.  One
 * format is not decoded: MIMG (image_*, bits 31:26 = 0x3C) decodes as
 * ISA_OP_INVALID although LLVM disassembles it.
 *
 * VOPD: op/dst[0]/src[] hold the X half, u.vopd the Y half; each half reads
 * like its VOP2/VOP1 instruction (fmac accumulator, fmaak/fmamk K, the VCC
 * of v_dual_cndmask_b32 included).
 *
 * Scalar register numbering (struct isa_operand.reg for ISA_OPND_SREG) is
 * the hardware's 7-bit encoding, so an executor can keep one 128-entry
 * scalar file:
 *     0..105 s0..s105   106/107 vcc_lo/vcc_hi   108..123 ttmp0..ttmp15
 *     124 null          125 m0                  126/127 exec_lo/exec_hi
 *
 * Implicit operands are materialised and marked ISA_MOD_IMPLICIT so that an
 * executor handles e32 and e64 forms alike: the VCC of v_cndmask_b32_e32,
 * v_add_co_ci_u32_e32 and VOPC_e32, the accumulator (src2 = vdst) of fmac and
 * dot2acc, the EXEC written by v_cmpx.  The fmamk/fmaak constant is a
 * literal operand in its printed position (fmamk: src1, fmaak: src2), so all
 * four compute fma(src0, src1, src2).
 */
#ifndef AMDPM4_ISA_DECODE_H
#define AMDPM4_ISA_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "isa/isa_table.h"

/* The encoding an instruction was found in. */
enum isa_enc {
    ISA_ENC_INVALID = 0,
    ISA_ENC_SOP1, ISA_ENC_SOP2, ISA_ENC_SOPK, ISA_ENC_SOPC, ISA_ENC_SOPP, ISA_ENC_SMEM,
    ISA_ENC_VOP1, ISA_ENC_VOP2, ISA_ENC_VOPC,
    ISA_ENC_VOP3,       /* VOP3 and VOP3SD (op flags ISA_F_VCC_OUT say which) */
    ISA_ENC_VOP3P, ISA_ENC_VOPD, ISA_ENC_VINTERP, ISA_ENC_LDSDIR,
    ISA_ENC_DS, ISA_ENC_FLAT, ISA_ENC_MUBUF, ISA_ENC_MTBUF, ISA_ENC_MIMG, ISA_ENC_EXP,
    ISA_ENC_COUNT
};

/* DPP form of a VOP1/VOP2/VOPC/VOP3/VOP3P instruction. */
enum isa_dpp {
    ISA_DPP_NONE = 0,
    ISA_DPP_16,         /* src0 = 0xFA, DPP16 dword follows */
    ISA_DPP_8,          /* src0 = 0xE9 (fi = 0) or 0xEA (fi = 1), DPP8 dword follows */
};

enum isa_opnd_kind {
    ISA_OPND_NONE = 0,
    ISA_OPND_SREG,      /* scalar register file; reg = 7-bit encoding (see above) */
    ISA_OPND_VGPR,      /* reg = VGPR index 0..255 */
    ISA_OPND_INLINE,    /* inline constant; imm = value as read at the operand's type */
    ISA_OPND_LITERAL,   /* the literal dword; imm = value as read at the operand's type */
    ISA_OPND_SPECIAL,   /* reg = source encoding: 235 src_shared_base, 236 src_shared_limit,
                           237 src_private_base, 238 src_private_limit,
                           239 src_pops_exiting_wave_id, 251 src_vccz, 252 src_execz,
                           253 src_scc, 254 src_lds_direct */
};

/* struct isa_operand.mods */
#define ISA_MOD_NEG       (1u << 0)   /* -x (float) */
#define ISA_MOD_ABS       (1u << 1)   /* |x| (float) */
#define ISA_MOD_SEXT      (1u << 2)   /* sext(x): the (VOP3 neg) bit on an integer input */
#define ISA_MOD_NEG_HI    (1u << 3)   /* VOP3P: negate the high half */
#define ISA_MOD_OPSEL     (1u << 4)   /* op_sel: high 16 bits (VOP3P: low half from high) */
#define ISA_MOD_OPSEL_HI  (1u << 5)   /* VOP3P: high half from high (op_sel_hi) */
#define ISA_MOD_IMPLICIT  (1u << 6)   /* not encoded: implied by the instruction */
#define ISA_MOD_HI16      (1u << 7)   /* true16 register half .h (v_mov_b16) */

struct isa_operand {
    uint8_t kind;       /* enum isa_opnd_kind */
    uint8_t type;       /* enum isa_type: how the value is read */
    uint8_t size_dw;    /* registers occupied */
    uint8_t mods;       /* ISA_MOD_* */
    uint16_t reg;       /* SREG: 0..127, VGPR: 0..255, SPECIAL: encoding */
    uint16_t field;     /* the raw field value as encoded */
    uint64_t imm;       /* INLINE: the value at the operand's type: integers sign-
                           extended, float constants as f16/bf16 (bits 15:0, packed
                           types too), f32 or f64 patterns.  LITERAL: the dword
                           zero-extended (a 16-bit operand reads bits 15:0); for an
                           f64 operand the dword << 32 (as LLVM decodes it) */
};

/* The Y half of a VOPD instruction (X is op/dst[0]/src[] of the inst). */
struct isa_vopd_y {
    uint16_t op;
    uint8_t nsrc;
    struct isa_operand dst;
    struct isa_operand src[3];
};

struct isa_inst {
    uint16_t op;            /* enum isa_op; ISA_OP_INVALID if the words are no instruction */
    uint8_t enc;            /* enum isa_enc */
    uint8_t size_dw;        /* dwords consumed (1 for an invalid word) */
    uint8_t dpp;            /* enum isa_dpp */
    uint8_t ndst, nsrc;     /* entries used in dst[] and src[] */
    uint8_t has_literal;
    uint32_t literal;       /* the literal dword when has_literal */
    struct isa_operand dst[ISA_MAX_DST];
    struct isa_operand src[ISA_MAX_SRC];

    /* VALU modifiers as encoded; their effect per operand is in .mods. */
    uint8_t clamp;          /* VOP3/VOP3P/VINTERP clamp */
    uint8_t omod;           /* 0 none, 1 mul:2, 2 mul:4, 3 div:2 */
    uint8_t op_sel;         /* VOP3: bits 0-2 src0-2, bit 3 dst; VOP3P: bits 0-2 */
    uint8_t op_sel_hi;      /* VOP3P: bits 0-2 */
    uint8_t neg, abs;       /* VOP3: per-source bits; VOP3P: neg = neg_lo */
    uint8_t neg_hi;         /* VOP3P */
    uint16_t mods_raw;      /* VOP3: ISA_MB_* as encoded; VOP3P: ISA_PB_* as encoded */

    union {
        struct {            /* SOPP, SOPK */
            uint16_t simm16;
        } sopp;
        struct {            /* SMEM */
            int32_t offset;         /* 21-bit signed byte offset */
            uint8_t glc, dlc;
            uint8_t has_soffset;    /* soffset != null */
            uint8_t sdata;          /* the sdata field (s_atc_probe: an immediate) */
        } smem;
        struct {            /* DPP16 / DPP8 (enc VOP1/VOP2/VOPC/VOP3/VOP3P) */
            uint16_t ctrl;          /* DPP16 dpp_ctrl */
            uint8_t row_mask, bank_mask, bound_ctrl, fi;
            uint32_t sel;           /* DPP8: 8 x 3-bit lane selects */
        } dpp;
        struct isa_vopd_y vopd;
        struct {            /* DS */
            uint8_t offset0, offset1, gds;
            uint16_t offset;        /* offset1 << 8 | offset0 for single-offset ops */
        } ds;
        struct {            /* FLAT, GLOBAL, SCRATCH */
            int16_t offset;         /* 13-bit byte offset: signed (global/scratch), unsigned (flat) */
            uint8_t seg;            /* 0 flat, 1 scratch, 2 global */
            uint8_t glc, slc, dlc;
            uint8_t sve;            /* scratch: vaddr used */
            uint8_t saddr_off;      /* saddr field is null/off */
        } flat;
        struct {            /* MUBUF, MTBUF */
            uint16_t offset;        /* 12-bit unsigned byte offset */
            uint8_t offen, idxen, glc, slc, dlc, tfe;
            uint8_t format;         /* MTBUF unified format */
        } buf;
        struct {            /* VINTERP */
            uint8_t waitexp;
        } vinterp;
        struct {            /* LDSDIR */
            uint8_t attr, chan, waitvdst;
        } ldsdir;
        struct {            /* EXP */
            uint8_t target, en, done, row;
        } exp;
    } u;
};

/* Decode the instruction at words[0 .. avail_dw).  Returns the dwords it
 * occupies (1..5), or 0 with inst->op = ISA_OP_INVALID and inst->size_dw = 1
 * when the words are not a valid gfx11 instruction (LLVM 19's notion,
 * including a literal or extra dword cut off by avail_dw). */
int isa_decode(const uint32_t *words, size_t avail_dw, struct isa_inst *inst);

const char *isa_enc_name(unsigned enc);

#endif
