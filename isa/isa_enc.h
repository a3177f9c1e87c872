/*
 * isa/isa_enc.h — RDNA3 (gfx11) encoding constants: the fixed prefix bits of
 * each instruction format and the meaning of the operand encodings.  The
 * decoder, the disassembler and the simulator use these names; the layouts
 * of the fields are documented beside the rows (isa_*.def).
 * Source: AMD "RDNA3 Instruction Set Architecture" guide, ch. "Microcode
 * formats" and "Scalar/vector operand encodings"; checked against LLVM 19.
 */
#ifndef AMDPM4_ISA_ENC_H
#define AMDPM4_ISA_ENC_H

#include <stdbool.h>
#include <stdint.h>

/* Format prefixes. */
enum {
    ISA_SOP2_PREFIX     = 0x2,      /* [31:30] (SOPK/SOP1/SOPC/SOPP carve it up) */
    ISA_SOPK_PREFIX     = 0xB,      /* [31:28] */
    ISA_SOP1_PREFIX     = 0x17D,    /* [31:23] */
    ISA_SOPC_PREFIX     = 0x17E,    /* [31:23] */
    ISA_SOPP_PREFIX     = 0x17F,    /* [31:23] */
    ISA_VOP2_PREFIX     = 0x0,      /* [31] */
    ISA_VOPC_PREFIX     = 0x3E,     /* [31:25] */
    ISA_VOP1_PREFIX     = 0x3F,     /* [31:25] */
    ISA_VOPD_PREFIX     = 0x32,     /* [31:26] */
    ISA_VOP3P_PREFIX8   = 0xCC,     /* [31:24] */
    ISA_VINTERP_PREFIX8 = 0xCD,     /* [31:24] */
    ISA_LDSDIR_PREFIX8  = 0xCE,     /* [31:24] */
    ISA_VOP3_PREFIX     = 0x35,     /* [31:26] */
    ISA_DS_PREFIX       = 0x36,     /* [31:26] */
    ISA_FLAT_PREFIX     = 0x37,     /* [31:26] */
    ISA_MUBUF_PREFIX    = 0x38,     /* [31:26] */
    ISA_MTBUF_PREFIX    = 0x3A,     /* [31:26] */
    ISA_MIMG_PREFIX     = 0x3C,     /* [31:26] */
    ISA_SMEM_PREFIX     = 0x3D,     /* [31:26] */
    ISA_EXP_PREFIX      = 0x3E,     /* [31:26] */
};

/* VOP3 opcodes of the VOP1/VOP2/VOPC forms; cmpx = cmp + this bit. */
enum {
    ISA_VOP3_VOPC_BASE  = 0x000,    /* v_cmp*_e64 at the VOPC opcode */
    ISA_VOP3_VOP2_BASE  = 0x100,    /* VOP2 op n is VOP3 op 0x100 + n */
    ISA_VOP3_VOP1_BASE  = 0x180,    /* VOP1 op n is VOP3 op 0x180 + n */
    ISA_VOPC_CMPX_BIT   = 0x80,     /* v_cmpx_<c> is v_cmp_<c> | 0x80 */
};

/* Scalar register encodings (7-bit fields, and 0..127 of 8/9-bit ones). */
enum {
    ISA_SREG_SGPR_LAST  = 105,      /* s0..s105 */
    ISA_SREG_VCC_LO     = 106,
    ISA_SREG_VCC_HI     = 107,
    ISA_SREG_TTMP_FIRST = 108,      /* ttmp0..ttmp15 */
    ISA_SREG_TTMP_LAST  = 123,
    ISA_SREG_NULL       = 124,      /* gfx11 swapped null and m0 relative to gfx10 */
    ISA_SREG_M0         = 125,
    ISA_SREG_EXEC_LO    = 126,
    ISA_SREG_EXEC_HI    = 127,
};

/* Source operand encodings (8-bit SALU, 9-bit VALU). */
enum {
    ISA_SRC_INT_FIRST       = 128,  /* inline 0 */
    ISA_SRC_INT_POS_LAST    = 192,  /* inline 64 */
    ISA_SRC_INT_LAST        = 208,  /* inline -16 (193 = -1) */
    ISA_SRC_DPP8            = 233,  /* VALU src0: DPP8, fi = 0 */
    ISA_SRC_DPP8_FI         = 234,  /* VALU src0: DPP8, fi = 1 */
    ISA_SRC_SHARED_BASE     = 235,
    ISA_SRC_SHARED_LIMIT    = 236,
    ISA_SRC_PRIVATE_BASE    = 237,
    ISA_SRC_PRIVATE_LIMIT   = 238,
    ISA_SRC_POPS_EXITING_WAVE_ID = 239,
    ISA_SRC_FLT_FIRST       = 240,  /* 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 4.0, -4.0 */
    ISA_SRC_FLT_LAST        = 248,  /* 1/(2*pi) */
    ISA_SRC_DPP16           = 250,  /* VALU src0: DPP16 */
    ISA_SRC_VCCZ            = 251,
    ISA_SRC_EXECZ           = 252,
    ISA_SRC_SCC             = 253,
    ISA_SRC_LDS_DIRECT      = 254,
    ISA_SRC_LITERAL         = 255,  /* a 32-bit literal dword follows */
    ISA_SRC_VGPR_FIRST      = 256,  /* v0 (9-bit fields only) */
};

/* s_waitcnt simm16 (gfx11): expcnt [2:0], lgkmcnt [9:4], vmcnt [15:10]. */
#define ISA_WAITCNT_EXP_SHIFT   0
#define ISA_WAITCNT_EXP_MASK    0x7u
#define ISA_WAITCNT_LGKM_SHIFT  4
#define ISA_WAITCNT_LGKM_MASK   0x3Fu
#define ISA_WAITCNT_VM_SHIFT    10
#define ISA_WAITCNT_VM_MASK     0x3Fu

struct isa_waitcnt { unsigned vmcnt, expcnt, lgkmcnt; };
struct isa_waitcnt isa_waitcnt_decode(unsigned simm16);

/* hwreg(id, offset, size) in s_getreg/s_setreg simm16: id [5:0],
 * offset [10:6], size - 1 [15:11]. */
struct isa_hwreg { unsigned id, offset, size; };
struct isa_hwreg isa_hwreg_decode(unsigned simm16);
enum {  /* gfx11 hardware register ids with a name */
    ISA_HWREG_MODE = 1, ISA_HWREG_STATUS = 2, ISA_HWREG_TRAPSTS = 3,
    ISA_HWREG_GPR_ALLOC = 5, ISA_HWREG_LDS_ALLOC = 6, ISA_HWREG_IB_STS = 7,
    ISA_HWREG_SH_MEM_BASES = 15, ISA_HWREG_PERF_SNAPSHOT_PC_LO = 18,
    ISA_HWREG_PERF_SNAPSHOT_PC_HI = 19, ISA_HWREG_FLAT_SCR_LO = 20, ISA_HWREG_FLAT_SCR_HI = 21,
    ISA_HWREG_HW_ID1 = 23, ISA_HWREG_HW_ID2 = 24, ISA_HWREG_PERF_SNAPSHOT_DATA = 27,
    ISA_HWREG_SHADER_CYCLES = 29,
};

/* s_sendmsg message ids (gfx11: bits [7:0] of simm16). */
enum {
    ISA_MSG_INTERRUPT = 1, ISA_MSG_HS_TESSFACTOR = 2, ISA_MSG_DEALLOC_VGPRS = 3,
    ISA_MSG_STALL_WAVE_GEN = 5, ISA_MSG_HALT_WAVES = 6, ISA_MSG_GS_ALLOC_REQ = 9,
    ISA_MSG_RTN_GET_DOORBELL = 128, ISA_MSG_RTN_GET_DDID = 129, ISA_MSG_RTN_GET_TMA = 130,
    ISA_MSG_RTN_GET_REALTIME = 131, ISA_MSG_RTN_SAVE_WAVE = 132, ISA_MSG_RTN_GET_TBA = 133,
    ISA_MSG_RTN_GET_TBA_TO_PC = 134,
};

/* DPP16 dpp_ctrl values (gfx10+). */
enum isa_dpp_op {
    ISA_DPP_QUAD_PERM,      /* 0x000-0x0FF: arg = 4 x 2-bit lane selects */
    ISA_DPP_ROW_SHL,        /* 0x101-0x10F: arg = shift 1..15 */
    ISA_DPP_ROW_SHR,        /* 0x111-0x11F */
    ISA_DPP_ROW_ROR,        /* 0x121-0x12F */
    ISA_DPP_ROW_MIRROR,     /* 0x140 */
    ISA_DPP_ROW_HALF_MIRROR,/* 0x141 */
    ISA_DPP_ROW_SHARE,      /* 0x150-0x15F: arg = lane 0..15 */
    ISA_DPP_ROW_XMASK,      /* 0x160-0x16F: arg = mask 0..15 */
    ISA_DPP_INVALID,        /* anything else (GFX9 wave_* / row_bcast included) */
};
enum isa_dpp_op isa_dpp_ctrl_decode(unsigned ctrl, unsigned *arg);

/* The value inline constant `enc` (128..208, 240..248) takes for an operand
 * read as `type` (enum isa_type): integers sign-extended to 64 bits, float
 * constants as f16/bf16/f32/f64 bit patterns. */
uint64_t isa_inline_value(unsigned enc, unsigned type);

/* Whether an operand of `type` is an integer (VOP3 neg means sext()). */
bool isa_type_is_int(unsigned type);

/* Whether a scalar tuple of size_dw registers starting at encoding `enc`
 * (aligned down: 2-dword tuples to 2, wider ones to 4) exists. */
bool isa_sreg_tuple_ok(unsigned enc, unsigned size_dw);

#endif
