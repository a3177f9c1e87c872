/*
 * isa/isa_table.c — tables derived from the instruction rows (isa_*.def):
 * operand kinds, modifier profiles, per-op information and the opcode maps
 * the decoder indexes.  Everything is built at compile time; a duplicate
 * opcode in the rows is a compile error (-Werror=override-init below).
 */
#include "isa/isa_table.h"

#include <stddef.h>

#include "isa/isa_enc.h"

#pragma GCC diagnostic error "-Woverride-init"

const struct isa_kind_info isa_kind_info[ISA_K_COUNT] = {
#define ISA_KIND(tok, type, size_dw, rc) [ISA_K_##tok] = { ISA_T_##type, size_dw, ISA_RC_##rc },
#include "isa/isa_kinds.def"
#undef ISA_KIND
};

const struct isa_mods_info isa_mods_info[ISA_MODS_COUNT] = {
#define ISA_MODS(tok, ok, shown, sext) [ISA_##tok] = { ok, shown, sext },
#include "isa/isa_mods.def"
#undef ISA_MODS
};

const struct isa_pmods_info isa_pmods_info[ISA_PMODS_COUNT] = {
#define ISA_PMODS(tok, ok, shown, hi) [ISA_##tok] = { ok, shown, hi },
#include "isa/isa_pmods.def"
#undef ISA_PMODS
};

/* Short flag names used in the rows. */
#define NO_E64      ISA_F_NO_E64
#define NO_DPP      ISA_F_NO_DPP
#define NO_SUFFIX   ISA_F_NO_SUFFIX
#define MAC         ISA_F_MAC
#define VCC_IN      ISA_F_VCC_IN
#define VCC_OUT     ISA_F_VCC_OUT
#define FMAMK       ISA_F_FMAMK
#define FMAAK       ISA_F_FMAAK
#define LOAD        ISA_F_LOAD
#define STORE       ISA_F_STORE
#define ATOMIC      ISA_F_ATOMIC
#define RTN         ISA_F_RTN
#define LDS         ISA_F_LDS
#define TWO_ADDR    ISA_F_2ADDR
#define TRANS       ISA_F_TRANS
#define L128_D      ISA_F_L128_D
#define OPSEL       ISA_F_OPSEL
#define DPP_S1_INT  ISA_F_DPP_S1_INT
#define L128_S0     ISA_F_L128_S0
#define L128_S1     ISA_F_L128_S1
#define L128_S1X    ISA_F_L128_S1X

#define K(k) ISA_K_##k
#define INFO(nm, fam, frm, opc, d0, d1, s0, s1, s2, s3, md, fl) \
    [ISA_OP_##nm] = { #nm, ISA_FAM_##fam, frm, opc, { K(d0), K(d1) }, \
                      { K(s0), K(s1), K(s2), K(s3) }, md, fl },

const struct isa_op_info isa_op_info[ISA_OP_COUNT] = {
    [ISA_OP_INVALID] = { "<invalid>", ISA_FAM_NONE, 0, 0, { 0, 0 }, { 0, 0, 0, 0 }, 0, 0 },
/* Row -> INFO(name, family, form, opcode, dst0, dst1, src0..src3, mods, flags) */
#define SOP1(nm, op, d, s0, f) \
    INFO(nm, SOP1, ISA_FORM_##f, op, d, NONE, s0, NONE, NONE, NONE, 0, 0)
#define SOP2(nm, op, d, s0, s1, f) \
    INFO(nm, SOP2, ISA_FORM_##f, op, d, NONE, s0, s1, NONE, NONE, 0, 0)
#define SOPK(nm, op, d, s, f) \
    INFO(nm, SOPK, ISA_FORM_##f, op, d, NONE, s, NONE, NONE, NONE, 0, \
         ISA_FORM_##f == ISA_FORM_K_BRANCH ? ISA_F_BRANCH : 0)
#define SOPC(nm, op, s0, s1, f) \
    INFO(nm, SOPC, ISA_FORM_##f, op, NONE, NONE, s0, s1, NONE, NONE, 0, 0)
#define SOPP(nm, op, f) \
    INFO(nm, SOPP, ISA_FORM_##f, op, NONE, NONE, NONE, NONE, NONE, NONE, 0, \
         ISA_FORM_##f == ISA_FORM_P_BRANCH ? ISA_F_BRANCH : 0)
#define SMEM(nm, op, d, b, f) \
    INFO(nm, SMEM, ISA_FORM_##f, op, d, NONE, b, NONE, NONE, NONE, 0, \
         ISA_FORM_##f == ISA_FORM_SM_LOAD ? ISA_F_LOAD : 0)
#include "isa/isa_sop.def"

#define VOP1(nm, op, d, s0, m, f) \
    INFO(nm, VOP1, 0, op, d, NONE, s0, NONE, NONE, NONE, ISA_##m, f)
#define VOP2(nm, op, d, s0, s1, m, f) \
    INFO(nm, VOP2, 0, op, d, NONE, s0, s1, NONE, NONE, ISA_##m, f)
#define VOPC(c, op, s0, s1, m, f) \
    INFO(v_cmp_##c, VOPC, 0, op, SDST, NONE, s0, s1, NONE, NONE, ISA_##m, f) \
    INFO(v_cmpx_##c, VOPCX, 0, (op) | ISA_VOPC_CMPX_BIT, NONE, NONE, s0, s1, NONE, NONE, \
         ISA_##m, (f) | ISA_F_WRITES_EXEC)
#define VOP3(nm, op, d, s0, s1, s2, m, f) \
    INFO(nm, VOP3, 0, op, d, NONE, s0, s1, s2, NONE, ISA_##m, f)
#define VOP3P(nm, op, d, s0, s1, s2, m, f) \
    INFO(nm, VOP3P, 0, op, d, NONE, s0, s1, s2, NONE, ISA_##m, f)
#define VINTERP(nm, op, f) \
    INFO(nm, VINTERP, 0, op, F32, NONE, VF32, VF32, VF32, NONE, 0, f)
#define LDSDIR(nm, op) \
    INFO(nm, LDSDIR, 0, op, B32, NONE, NONE, NONE, NONE, NONE, 0, ISA_F_LOAD)
#include "isa/isa_vop.def"

/* FLAT-family sources: src0 the address, src1 the data (src2 saddr, decoded) */
#define DS(nm, op, d, a, d0, d1, f) \
    INFO(nm, DS, 0, op, d, NONE, a, d0, d1, NONE, 0, f)
#define FLAT(nm, op, d, dt, f) \
    INFO(flat_##nm, FLAT, 0, op, d, NONE, B64, dt, NONE, NONE, 0, f) \
    INFO(global_##nm, GLOBAL, 0, op, d, NONE, B64, dt, NONE, NONE, 0, f) \
    INFO(scratch_##nm, SCRATCH, 0, op, d, NONE, B32, dt, NONE, NONE, 0, f)
#define FLAT_GLOBAL(nm, op, d, dt, f) \
    INFO(flat_##nm, FLAT, 0, op, d, NONE, B64, dt, NONE, NONE, 0, f) \
    INFO(global_##nm, GLOBAL, 0, op, d, NONE, B64, dt, NONE, NONE, 0, f)
#define GLOBAL(nm, op, d, dt, f) \
    INFO(global_##nm, GLOBAL, 0, op, d, NONE, B64, dt, NONE, NONE, 0, f)
#define MUBUF(nm, op, dt, f) \
    INFO(nm, MUBUF, 0, op, NONE, NONE, dt, NONE, NONE, NONE, 0, f)
#define MTBUF(nm, op, dt, f) \
    INFO(nm, MTBUF, 0, op, NONE, NONE, dt, NONE, NONE, NONE, 0, f)
#define EXP(nm) \
    INFO(nm, EXP, 0, 0, NONE, NONE, B32, B32, B32, B32, 0, 0)
#include "isa/isa_mem.def"
};

/* ---- opcode maps ---- */

#define AT(opc, nm) [opc] = ISA_OP_##nm,

const uint16_t isa_map_sop1[256] = {
#define SOP1(nm, op, d, s0, f) AT(op, nm)
#include "isa/isa_sop.def"
};
const uint16_t isa_map_sop2[128] = {
#define SOP2(nm, op, d, s0, s1, f) AT(op, nm)
#include "isa/isa_sop.def"
};
const uint16_t isa_map_sopk[32] = {
#define SOPK(nm, op, d, s, f) AT(op, nm)
#include "isa/isa_sop.def"
};
const uint16_t isa_map_sopc[128] = {
#define SOPC(nm, op, s0, s1, f) AT(op, nm)
#include "isa/isa_sop.def"
};
const uint16_t isa_map_sopp[128] = {
#define SOPP(nm, op, f) AT(op, nm)
#include "isa/isa_sop.def"
};
const uint16_t isa_map_smem[256] = {
#define SMEM(nm, op, d, b, f) AT(op, nm)
#include "isa/isa_sop.def"
};

const uint16_t isa_map_vop1[256] = {
#define VOP1(nm, op, d, s0, m, f) AT(op, nm)
#include "isa/isa_vop.def"
};
const uint16_t isa_map_vop2[64] = {
#define VOP2(nm, op, d, s0, s1, m, f) AT(op, nm)
#include "isa/isa_vop.def"
};
const uint16_t isa_map_vopc[256] = {
#define VOPC(c, op, s0, s1, m, f) AT(op, v_cmp_##c) AT((op) | ISA_VOPC_CMPX_BIT, v_cmpx_##c)
#include "isa/isa_vop.def"
};
/* VOP3 opcodes: VOPC at op, VOP2 at 0x100 + op, VOP1 at 0x180 + op, then
 * the VOP3-only rows.  Rows without a VOP3 form leave their slot empty. */
const uint16_t isa_map_vop3[1024] = {
#define VOPC(c, op, s0, s1, m, f) \
    AT(ISA_VOP3_VOPC_BASE + (op), v_cmp_##c) \
    AT(ISA_VOP3_VOPC_BASE + ((op) | ISA_VOPC_CMPX_BIT), v_cmpx_##c)
#define VOP2(nm, op, d, s0, s1, m, f) \
    [ISA_VOP3_VOP2_BASE + (op)] = ((f) & ISA_F_NO_E64) ? 0 : ISA_OP_##nm,
#define VOP1(nm, op, d, s0, m, f) \
    [ISA_VOP3_VOP1_BASE + (op)] = ((f) & ISA_F_NO_E64) ? 0 : ISA_OP_##nm,
#define VOP3(nm, op, d, s0, s1, s2, m, f) AT(op, nm)
#include "isa/isa_vop.def"
};
const uint16_t isa_map_vop3p[128] = {
#define VOP3P(nm, op, d, s0, s1, s2, m, f) AT(op, nm)
#include "isa/isa_vop.def"
};
const uint16_t isa_map_vinterp[128] = {
#define VINTERP(nm, op, f) AT(op, nm)
#include "isa/isa_vop.def"
};
const uint16_t isa_map_ldsdir[4] = {
#define LDSDIR(nm, op) AT(op, nm)
#include "isa/isa_vop.def"
};
const struct isa_vopd_info isa_vopd_info[32] = {
#define VOPD(code, nm, opname, slots) \
    [code] = { ISA_OP_##opname, ISA_VOPD_##slots, "v_dual_" #nm },
#define ISA_VOPD_XY (ISA_VOPD_X | ISA_VOPD_Y)
#include "isa/isa_vop.def"
#undef ISA_VOPD_XY
};

const uint16_t isa_map_ds[256] = {
#define DS(nm, op, d, a, d0, d1, f) AT(op, nm)
#include "isa/isa_mem.def"
};
/* FLAT opcodes by segment: 0 flat, 1 scratch, 2 global. */
const uint16_t isa_map_flat[3][128] = {
    [0] = {
#define FLAT(nm, op, d, dt, f) AT(op, flat_##nm)
#define FLAT_GLOBAL(nm, op, d, dt, f) AT(op, flat_##nm)
#include "isa/isa_mem.def"
    },
    [1] = {
#define FLAT(nm, op, d, dt, f) AT(op, scratch_##nm)
#include "isa/isa_mem.def"
    },
    [2] = {
#define FLAT(nm, op, d, dt, f) AT(op, global_##nm)
#define FLAT_GLOBAL(nm, op, d, dt, f) AT(op, global_##nm)
#define GLOBAL(nm, op, d, dt, f) AT(op, global_##nm)
#include "isa/isa_mem.def"
    },
};
const uint16_t isa_map_mubuf[256] = {
#define MUBUF(nm, op, dt, f) AT(op, nm)
#include "isa/isa_mem.def"
};
const uint16_t isa_map_mtbuf[16] = {
#define MTBUF(nm, op, dt, f) AT(op, nm)
#include "isa/isa_mem.def"
};
const uint16_t isa_op_exp = ISA_OP_exp;

const struct isa_bufmt isa_bufmt[ISA_BUFMT_COUNT] = {
#define ISA_BUFMT(v, nm, n, x, y, z, w, num) [v] = {nm, n, {x, y, z, w}, ISA_BUFNUM_##num},
#include "isa/isa_bufmt.def"
#undef ISA_BUFMT
};

const char *isa_op_name(unsigned op)
{
    if (op == ISA_OP_INVALID || op >= ISA_OP_COUNT)
        return "<invalid>";
    return isa_op_info[op].name;
}

unsigned isa_op_count(void)
{
    return ISA_OP_COUNT - 1;
}
