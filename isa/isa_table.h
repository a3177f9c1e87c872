/*
 * isa/isa_table.h — the RDNA3 (gfx11) instruction table.
 *
 * One row per instruction lives in the X-macro files isa_sop.def (scalar),
 * isa_vop.def (vector ALU) and isa_mem.def (memory, export, interpolation).
 * Everything here is derived from those rows: the semantic op enum, the
 * per-op info table, the opcode maps the decoder indexes, and the name list
 * (ISA_OP(name) for every instruction) that executors use to generate their
 * dispatch, e.g.
 *
 *     #define ISA_OP(name) \
 *         void emu_##name(struct wave *, const struct isa_inst *) __attribute__((weak));
 *     #include "isa/isa_opnames.h"
 *
 * The rows were written by hand and checked against LLVM 19's disassembler
 * (tests/check_isa.c compares the decoder with libLLVM-19 on every run).
 */
#ifndef AMDPM4_ISA_TABLE_H
#define AMDPM4_ISA_TABLE_H

#include <stdint.h>

/* How an operand's bits are read.  Also decides the value an inline constant
 * takes (f16/bf16/f32/f64 bit pattern or integer) and how LLVM prints it. */
enum isa_type {
    ISA_T_NONE = 0,
    ISA_T_B16, ISA_T_I16, ISA_T_U16, ISA_T_F16, ISA_T_BF16,
    ISA_T_B32, ISA_T_I32, ISA_T_U32, ISA_T_F32,
    ISA_T_PK_B16, ISA_T_PK_I16, ISA_T_PK_U16, ISA_T_PK_F16, ISA_T_PK_BF16,
    ISA_T_B64, ISA_T_I64, ISA_T_U64, ISA_T_F64,
    ISA_T_COUNT
};

/* Register classes a field may name (beyond what the encoding implies). */
enum isa_rclass {
    ISA_RC_SRC = 0,     /* the field's natural class */
    ISA_RC_VGPR,        /* VGPRs only (a constant or SGPR is decoded but flagged) */
    ISA_RC_VGPR16,      /* true16 VGPR halves (v_mov_b16) */
    ISA_RC_SREG,        /* SGPRs and constants, no VGPR (SReg_32) */
    ISA_RC_SREG_LDS,    /* SRegOrLds_32 */
    ISA_RC_SMASK,       /* a lane mask in SGPRs (SReg_1_XEXEC) */
    ISA_RC_SDST,        /* a scalar destination in a VALU field */
    ISA_RC_VGPR_LDS,    /* VGPRs or lds_direct (VRegOrLds_32) */
    ISA_RC_SREG_ONLY,   /* SALU: scalar registers, no constants (SReg_32/64) */
    ISA_RC_VGPR_IMM,    /* VGPRs or a constant, no SGPR (WMMA C) */
};

/* Operand kinds: the tokens the rows use (isa_kinds.def). */
enum isa_kind {
#define ISA_KIND(tok, type, size_dw, rc) ISA_K_##tok,
#include "isa/isa_kinds.def"
#undef ISA_KIND
    ISA_K_COUNT
};

struct isa_kind_info {
    uint8_t type;       /* enum isa_type */
    uint8_t size_dw;
    uint8_t rclass;     /* enum isa_rclass */
};
extern const struct isa_kind_info isa_kind_info[ISA_K_COUNT];

/* VOP3 modifier bits (ISA_MODS masks, struct isa_inst.mods_raw). */
#define ISA_MB_ABS(i)     (1u << (i))          /* abs on src i */
#define ISA_MB_OPSEL(i)   (1u << (3 + (i)))    /* op_sel on src i (i = 3: dst) */
#define ISA_MB_CLAMP      (1u << 7)
#define ISA_MB_OMOD       (1u << 8)
#define ISA_MB_NEG(i)     (1u << (9 + (i)))    /* neg on src i */

enum isa_mods {
#define ISA_MODS(tok, ok, shown, sext) ISA_##tok,
#include "isa/isa_mods.def"
#undef ISA_MODS
    ISA_MODS_COUNT
};
struct isa_mods_info { uint16_t ok, shown, sext; };
extern const struct isa_mods_info isa_mods_info[ISA_MODS_COUNT];

/* VOP3P modifier profiles (isa_pmods.def): bits ISA_PB_*. */
#define ISA_PB_NEG_LO(i)  (1u << (i))
#define ISA_PB_NEG_HI(i)  (1u << (3 + (i)))
#define ISA_PB_OPSEL(i)   (1u << (6 + (i)))
#define ISA_PB_OPSEL_HI(i) (1u << (9 + (i)))
#define ISA_PB_CLAMP      (1u << 12)

enum isa_pmods {
#define ISA_PMODS(tok, ok, shown, hi_default) ISA_##tok,
#include "isa/isa_pmods.def"
#undef ISA_PMODS
    ISA_PMODS_COUNT
};
struct isa_pmods_info { uint16_t ok, shown; uint8_t hi_default; };
extern const struct isa_pmods_info isa_pmods_info[ISA_PMODS_COUNT];

/* Instruction families: the row macro an instruction comes from. */
enum isa_family {
    ISA_FAM_NONE = 0,
    ISA_FAM_SOP1, ISA_FAM_SOP2, ISA_FAM_SOPK, ISA_FAM_SOPC, ISA_FAM_SOPP, ISA_FAM_SMEM,
    ISA_FAM_VOP1, ISA_FAM_VOP2, ISA_FAM_VOPC, ISA_FAM_VOPCX, ISA_FAM_VOP3, ISA_FAM_VOP3P,
    ISA_FAM_VOPD,       /* exists only as a VOPD component */
    ISA_FAM_VINTERP, ISA_FAM_LDSDIR,
    ISA_FAM_DS, ISA_FAM_FLAT, ISA_FAM_GLOBAL, ISA_FAM_SCRATCH,
    ISA_FAM_MUBUF, ISA_FAM_MTBUF, ISA_FAM_MIMG, ISA_FAM_EXP,
    ISA_FAM_COUNT
};

/* How a row's immediate is read and printed (struct isa_op_info.form). */
enum isa_form {
    ISA_FORM_STD = 0,           /* operands only */
    ISA_FORM_SENDMSG_RTN,       /* SOP1: ssrc0 is a message id, sendmsg(...) */
    ISA_FORM_K_HEX,             /* SOPK: simm16 printed as 16-bit hex */
    ISA_FORM_K_IMM,             /* SOPK: simm16 printed as an integer constant */
    ISA_FORM_K_HWREG,           /* SOPK: simm16 is hwreg(id, offset, size) */
    ISA_FORM_K_HWREG_IMM32,     /* SOPK: hwreg(...) and a 32-bit literal */
    ISA_FORM_K_BRANCH,          /* SOPK: simm16 is a branch offset in dwords */
    ISA_FORM_P_NONE,            /* SOPP: no operand; simm16 must be 0 */
    ISA_FORM_P_IMM,             /* SOPP: integer constant */
    ISA_FORM_P_HEX,             /* SOPP: 16-bit hex */
    ISA_FORM_P_BRANCH,          /* SOPP: branch offset in dwords */
    ISA_FORM_P_WAITCNT,         /* SOPP: vmcnt/expcnt/lgkmcnt */
    ISA_FORM_P_DELAY,           /* SOPP: s_delay_alu instid0/instskip/instid1 */
    ISA_FORM_P_DEPCTR,          /* SOPP: s_waitcnt_depctr fields */
    ISA_FORM_P_SENDMSG,         /* SOPP: sendmsg(...) */
    ISA_FORM_P_ENDPGM,          /* SOPP: s_endpgm, optional immediate */
    ISA_FORM_SM_LOAD,           /* SMEM: sdata, sbase, offset/soffset */
    ISA_FORM_SM_NONE,           /* SMEM: no operands (cache invalidation) */
    ISA_FORM_SM_PROBE,          /* SMEM: sdata field is an immediate */
};

/* Row flags (struct isa_op_info.flags). */
#define ISA_F_NO_E64      (1u << 0)   /* VALU: no VOP3 form */
#define ISA_F_NO_DPP      (1u << 1)   /* VALU: no DPP16/DPP8 forms */
#define ISA_F_NO_SUFFIX   (1u << 2)   /* VALU: printed without _e32/_e64 */
#define ISA_F_MAC         (1u << 3)   /* VALU: src2 is the destination (fmac) */
#define ISA_F_VCC_IN      (1u << 4)   /* VALU: reads a lane mask as src2 (VCC in e32) */
#define ISA_F_VCC_OUT        (1u << 5)   /* VALU: writes a lane mask (VCC in e32, sdst in VOP3SD) */
#define ISA_F_FMAMK       (1u << 6)   /* VOP2: literal K is the second multiplicand */
#define ISA_F_FMAAK       (1u << 7)   /* VOP2: literal K is the addend */
#define ISA_F_LOAD        (1u << 8)   /* memory: reads memory into a register */
#define ISA_F_STORE       (1u << 9)   /* memory: writes memory from a register */
#define ISA_F_ATOMIC      (1u << 10)  /* memory: read-modify-write */
#define ISA_F_RTN         (1u << 11)  /* atomic returns the old value */
#define ISA_F_2ADDR       (1u << 12)  /* DS: two offsets (offset0/offset1) */
#define ISA_F_WRITES_EXEC (1u << 13)  /* v_cmpx: writes EXEC */
#define ISA_F_TRANS       (1u << 14)  /* VALU: runs on the transcendental unit (LLVM TRANS = 1) */
#define ISA_F_BRANCH      (1u << 15)  /* SOPP/SOPK: simm16 is a branch offset */
#define ISA_F_LDS         (1u << 16)  /* MUBUF: loads into LDS */
/* e32/DPP forms of 16-bit VALU ops can only name v0..v127 (the true16
 * encoding spends bit 7 on the register half); LLVM 19 decodes them so: */
#define ISA_F_L128_D      (1u << 17)  /* vdst >= v128 is invalid */
#define ISA_F_L128_S0     (1u << 18)  /* src0 >= v128 decodes, flagged */
#define ISA_F_L128_S1     (1u << 19)  /* vsrc1 >= v128 decodes, flagged */
#define ISA_F_L128_S1X    (1u << 20)  /* vsrc1 >= v128 is invalid */
#define ISA_F_OPSEL       (1u << 21)  /* VINTERP: takes op_sel */
#define ISA_F_DPP_S1_INT  (1u << 22)  /* e32 DPP form reads src1 as an integer (neg = sext) */

/* The semantic op: one per instruction name. */
enum isa_op {
    ISA_OP_INVALID = 0,
#define ISA_OP(name) ISA_OP_##name,
#include "isa/isa_opnames.h"
#undef ISA_OP
    ISA_OP_COUNT
};

#define ISA_MAX_DST 2
#define ISA_MAX_SRC 4

struct isa_op_info {
    const char *name;           /* LLVM mnemonic without _e32/_e64/_dpp */
    uint8_t family;             /* enum isa_family */
    uint8_t form;               /* family-specific operand layout (ISA_FORM_*) */
    uint16_t opcode;            /* opcode in the family's own encoding */
    uint8_t dst[ISA_MAX_DST];   /* enum isa_kind of each destination */
    uint8_t src[ISA_MAX_SRC];   /* enum isa_kind of each source */
    uint8_t mods;               /* VOP3: enum isa_mods; VOP3P: enum isa_pmods */
    uint32_t flags;             /* ISA_F_* */
};
extern const struct isa_op_info isa_op_info[ISA_OP_COUNT];

/* Opcode maps the decoder indexes: opcode -> enum isa_op (0 = no such
 * instruction).  Built at compile time from the rows. */
extern const uint16_t isa_map_sop1[256], isa_map_sop2[128], isa_map_sopk[32],
    isa_map_sopc[128], isa_map_sopp[128], isa_map_smem[256];
extern const uint16_t isa_map_vop1[256], isa_map_vop2[64], isa_map_vopc[256],
    isa_map_vop3[1024], isa_map_vop3p[128], isa_map_vinterp[128], isa_map_ldsdir[4];
extern const uint16_t isa_map_ds[256], isa_map_flat[3][128], isa_map_mubuf[256],
    isa_map_mtbuf[16];
extern const uint16_t isa_op_exp;

/* The gfx11 unified buffer formats (isa/isa_bufmt.def): the MTBUF FORMAT
 * field and V# word 3 FORMAT.  Numeric formats: how a component converts. */
enum isa_bufmt_num {
    ISA_BUFNUM_INVALID, ISA_BUFNUM_UNORM, ISA_BUFNUM_SNORM, ISA_BUFNUM_USCALED,
    ISA_BUFNUM_SSCALED, ISA_BUFNUM_UINT, ISA_BUFNUM_SINT, ISA_BUFNUM_FLOAT,
};
#define ISA_BUFMT_COUNT 64
struct isa_bufmt {
    const char *name;       /* "8_8_8_8_UNORM" (LLVM: BUF_FMT_<name>) */
    uint8_t comps;          /* components, 0 for INVALID */
    uint8_t bits[4];        /* per component, X first (lowest bits) */
    uint8_t num;            /* enum isa_bufmt_num */
};
extern const struct isa_bufmt isa_bufmt[ISA_BUFMT_COUNT];

/* VOPD components by code: the op each half runs and its v_dual_ name. */
#define ISA_VOPD_X 1u
#define ISA_VOPD_Y 2u
struct isa_vopd_info {
    uint16_t op;            /* enum isa_op, 0 = no such component */
    uint8_t slots;          /* ISA_VOPD_X | ISA_VOPD_Y */
    const char *name;       /* "v_dual_fmac_f32" */
};
extern const struct isa_vopd_info isa_vopd_info[32];

/* Name of an op ("v_add_f32"); "<invalid>" for ISA_OP_INVALID or out of range. */
const char *isa_op_name(unsigned op);

/* Number of rows (valid ops), for tests and tools. */
unsigned isa_op_count(void);

#endif
