/*
 * isa/isa_disasm.c — isa_inst -> text, in LLVM 19's AMDGPU syntax.
 *
 * Every rule here was found by comparing with LLVM 19's disassembler
 * (libLLVM-19, -mcpu=gfx1100, +wavefrontsize32); tests/check_isa.c does so on
 * every run.  The printer reads the operands the decoder resolved; constants
 * are printed from their encoding (o->field) and the literal dword, the way
 * LLVM prints them for the operand's type.
 */
#include "isa/isa_disasm.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "isa/isa_enc.h"

struct out {
    char *buf;
    size_t cap;
    size_t len;         /* length of the full text (may exceed cap) */
    char warn[256];     /* LLVM's comment stream: "Warning: ..." strings */
    size_t wlen;
};

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    char tmp[256];
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof(tmp))
        n = sizeof(tmp) - 1;
    for (int i = 0; i < n; i++) {
        if (o->len + 1 < o->cap)
            o->buf[o->len] = tmp[i];
        o->len++;
    }
    if (o->cap)
        o->buf[o->len < o->cap ? o->len : o->cap - 1] = '\0';
}

__attribute__((format(printf, 2, 3)))
static void warn(struct out *o, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (o->wlen >= sizeof(o->warn) - 1)
        return;
    va_start(ap, fmt);
    n = vsnprintf(o->warn + o->wlen, sizeof(o->warn) - o->wlen, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->wlen += (size_t)n < sizeof(o->warn) - o->wlen ? (size_t)n
                                                         : sizeof(o->warn) - o->wlen - 1;
}

/* ------------------------------------------------------------ constants */

/* LLVM's formatHex: 0x + lowercase hex, "-0x.." for negatives. */
static void put_hex(struct out *o, int64_t v)
{
    if (v < 0)
        put(o, "-0x%llx", (unsigned long long)-(uint64_t)v);
    else
        put(o, "0x%llx", (unsigned long long)v);
}

/* The names LLVM gives the inline float constants 240..248 (their values
 * are isa_inline_value()'s), plus 0.0 for 32/64-bit operands. */
static const char *const inline_names[ISA_SRC_FLT_LAST - ISA_SRC_FLT_FIRST + 1] = {
    "0.5", "-0.5", "1.0", "-1.0", "2.0", "-2.0", "4.0", "-4.0", "0.15915494",
};

/* Print v by name if it is an inline float constant read as `type`. */
static bool named_float(struct out *o, uint64_t v, unsigned type)
{
    if (v == 0 && (type == ISA_T_F32 || type == ISA_T_F64)) {
        put(o, "0.0");
        return true;
    }
    for (unsigned e = ISA_SRC_FLT_FIRST; e <= ISA_SRC_FLT_LAST; e++)
        if (isa_inline_value(e, type) == v) {
            bool inv2pi_64 = e == ISA_SRC_FLT_LAST && type == ISA_T_F64;
            put(o, "%s", inv2pi_64 ? "0.15915494309189532" : inline_names[e - ISA_SRC_FLT_FIRST]);
            return true;
        }
    return false;
}

static bool named_f32(struct out *o, uint32_t v) { return named_float(o, v, ISA_T_F32); }
static bool named_f16(struct out *o, uint16_t v) { return named_float(o, v, ISA_T_F16); }
static bool named_f64(struct out *o, uint64_t v) { return named_float(o, v, ISA_T_F64); }

/* printImmediate32 */
static void put_imm32(struct out *o, uint32_t v)
{
    int32_t s = (int32_t)v;
    if (s >= -16 && s <= 64)
        put(o, "%d", s);
    else if (!named_f32(o, v))
        put_hex(o, v);
}

/* printImmediate64; fp: a float operand, whose literal is the high dword */
static void put_imm64(struct out *o, uint64_t v, bool fp)
{
    int64_t s = (int64_t)v;
    if (s >= -16 && s <= 64)
        put(o, "%lld", (long long)s);
    else if (named_f64(o, v))
        ;
    else if (fp)
        put_hex(o, (int64_t)(v >> 32));
    else
        put_hex(o, (int64_t)v);
}

/* printImmediateInt16 */
static void put_imm_i16(struct out *o, uint32_t v)
{
    int16_t s = (int16_t)v;
    if (s >= -16 && s <= 64)
        put(o, "%d", s);
    else
        put_hex(o, (uint16_t)v);
}

/* printImmediate16 (f16) */
static void put_imm_f16(struct out *o, uint32_t v)
{
    int16_t s = (int16_t)v;
    if (s >= -16 && s <= 64)
        put(o, "%d", s);
    else if (!named_f16(o, (uint16_t)v))
        put_hex(o, (uint16_t)v);
}

/* How LLVM prints a constant operand, by the type it is read as. */
enum pclass { PC_32, PC_64, PC_F64, PC_I16, PC_F16, PC_V2I16, PC_V2F16, PC_BF16, PC_V2BF16 };

static enum pclass pclass_of(unsigned type)
{
    switch (type) {
    case ISA_T_B16: case ISA_T_I16: case ISA_T_U16: return PC_I16;
    case ISA_T_F16: return PC_F16;
    case ISA_T_PK_B16: case ISA_T_PK_I16: case ISA_T_PK_U16: return PC_V2I16;
    case ISA_T_PK_F16: return PC_V2F16;
    case ISA_T_BF16: return PC_BF16;
    case ISA_T_PK_BF16: return PC_V2BF16;
    case ISA_T_B64: case ISA_T_I64: case ISA_T_U64: return PC_64;
    case ISA_T_F64: return PC_F64;
    default: return PC_32;
    }
}

/* The value LLVM's decoder gives an inline constant at a print class. */
static uint64_t inline_for(unsigned enc, enum pclass pc)
{
    switch (pc) {
    case PC_64: case PC_F64: return isa_inline_value(enc, ISA_T_F64);
    case PC_I16: case PC_F16: case PC_V2I16: case PC_V2F16:
        return isa_inline_value(enc, ISA_T_F16);
    case PC_BF16: case PC_V2BF16:
        return isa_inline_value(enc, ISA_T_BF16);
    default: return isa_inline_value(enc, ISA_T_F32);
    }
}

static void put_const(struct out *o, const struct isa_operand *op, uint32_t literal,
                      bool wide_inline, bool as32)
{
    enum pclass pc = pclass_of(op->type);
    bool lit = op->kind == ISA_OPND_LITERAL;
    if (wide_inline && !lit)    /* WMMA C: LLVM decodes inline constants as 64-bit */
        pc = PC_F64;
    if (as32)                   /* a constant where none is allowed: printed as 32-bit */
        pc = PC_32;
    uint64_t v = lit ? literal : inline_for(op->field, pc);

    if (!lit && op->field >= ISA_SRC_INT_FIRST && op->field <= ISA_SRC_INT_LAST && pc != PC_64 &&
        pc != PC_F64) {
        put(o, "%lld", (long long)(int64_t)v);
        return;
    }
    switch (pc) {
    case PC_32:
        put_imm32(o, (uint32_t)v);
        break;
    case PC_64:
        put_imm64(o, v, false);
        break;
    case PC_F64:
        put_imm64(o, lit ? v << 32 : v, true);
        break;
    case PC_I16:
        if (lit && !((int32_t)v >= -16 && (int32_t)v <= 64))
            put_hex(o, (uint16_t)v);    /* LLVM tests the whole literal */
        else
            put_imm_i16(o, (uint32_t)v);
        break;
    case PC_F16:
        put_imm_f16(o, (uint32_t)v);
        break;
    case PC_V2I16:
        if (!lit && op->field >= ISA_SRC_FLT_FIRST && op->field <= ISA_SRC_FLT_LAST)
            put_imm_f16(o, (uint32_t)v);
        else if (lit && v > 0xFFFF)
            put_imm32(o, (uint32_t)v);
        else
            put_imm_i16(o, (uint32_t)v);
        break;
    case PC_V2F16:
        if (lit && v > 0xFFFF)
            put_hex(o, (uint32_t)v);
        else
            put_imm_f16(o, (uint32_t)v);
        break;
    case PC_BF16:       /* integer test on the low half, name and hex on the whole */
        if ((int16_t)v >= -16 && (int16_t)v <= 64)
            put(o, "%d", (int16_t)v);
        else if (!named_float(o, (uint32_t)v, ISA_T_BF16))
            put_hex(o, (uint32_t)v);
        break;
    case PC_V2BF16:
        if ((int32_t)v >= -16 && (int32_t)v <= 64)
            put(o, "%d", (int32_t)v);
        else if (!named_float(o, (uint32_t)v, ISA_T_BF16))
            put_hex(o, (uint32_t)v);
        break;
    }
}

/* ------------------------------------------------------------ registers */

static const char *const ttmp_class[] = { "TTMP_32", "TTMP_64", "TTMP_96", "TTMP_128" };

static void put_range(struct out *o, const char *p, unsigned first, unsigned n)
{
    if (n == 1)
        put(o, "%s%u", p, first);
    else
        put(o, "%s[%u:%u]", p, first, first + n - 1);
}

static const char *sgpr_class_name(unsigned size)
{
    switch (size) {
    case 1: return "SGPR_32";
    case 2: return "SGPR_64";
    case 3: return "SGPR_96";
    case 4: return "SGPR_128";
    case 8: return "SGPR_256";
    default: return "SGPR_512";
    }
}

static const char *ttmp_class_name(unsigned size)
{
    switch (size) {
    case 1: return ttmp_class[0];
    case 2: return ttmp_class[1];
    case 3: return ttmp_class[2];
    case 4: return ttmp_class[3];
    case 8: return "TTMP_256";
    default: return "TTMP_512";
    }
}

/* A scalar register operand; warns like LLVM about misaligned tuples. */
static void put_sreg(struct out *o, const struct isa_operand *op)
{
    unsigned size = op->size_dw, reg = op->reg, field = op->field & 0x7F;
    unsigned align = size == 1 ? 1 : size == 2 ? 2 : 4;

    if (reg <= ISA_SREG_SGPR_LAST) {
        if (field % align)
            warn(o, "Warning: %s: scalar reg isn't aligned %u", sgpr_class_name(size), field);
        put_range(o, "s", reg, size);
        return;
    }
    if (reg >= ISA_SREG_TTMP_FIRST && reg <= ISA_SREG_TTMP_LAST) {
        unsigned t = field - ISA_SREG_TTMP_FIRST;
        if (t % align)
            warn(o, "Warning: %s: scalar reg isn't aligned %u", ttmp_class_name(size), t);
        put_range(o, "ttmp", reg - ISA_SREG_TTMP_FIRST, size);
        return;
    }
    switch (reg) {
    case ISA_SREG_VCC_LO: put(o, size >= 2 ? "vcc" : "vcc_lo"); break;
    case ISA_SREG_VCC_HI: put(o, "vcc_hi"); break;
    case ISA_SREG_NULL: put(o, "null"); break;
    case ISA_SREG_M0: put(o, "m0"); break;
    case ISA_SREG_EXEC_LO: put(o, size >= 2 ? "exec" : "exec_lo"); break;
    case ISA_SREG_EXEC_HI: put(o, "exec_hi"); break;
    default: put(o, "<sreg %u>", reg); break;
    }
}

static void put_special(struct out *o, unsigned enc)
{
    switch (enc) {
    case ISA_SRC_SHARED_BASE: put(o, "src_shared_base"); break;
    case ISA_SRC_SHARED_LIMIT: put(o, "src_shared_limit"); break;
    case ISA_SRC_PRIVATE_BASE: put(o, "src_private_base"); break;
    case ISA_SRC_PRIVATE_LIMIT: put(o, "src_private_limit"); break;
    case ISA_SRC_POPS_EXITING_WAVE_ID: put(o, "src_pops_exiting_wave_id"); break;
    case ISA_SRC_VCCZ: put(o, "src_vccz"); break;
    case ISA_SRC_EXECZ: put(o, "src_execz"); break;
    case ISA_SRC_SCC: put(o, "src_scc"); break;
    case ISA_SRC_LDS_DIRECT: put(o, "src_lds_direct"); break;
    default: put(o, "<special %u>", enc); break;
    }
}

/* LLVM register class of an operand slot, for its "Invalid register" remark. */
struct rclass {
    const char *name;       /* NULL: anything goes */
    bool vgpr, sgpr, imm;   /* what the class holds */
    bool no_m0_exec;        /* _XM0_XEXEC */
    bool no_exec_hi;        /* _XEXEC_HI */
    bool no_exec;           /* _XEXEC: neither exec half */
};

static struct rclass rc_make(const char *name, bool vgpr, bool sgpr, bool imm)
{
    struct rclass rc = { .name = name, .vgpr = vgpr, .sgpr = sgpr, .imm = imm };
    return rc;
}

static const char *vgpr_class_name(unsigned size)
{
    switch (size) {
    case 1: return "VGPR_32";
    case 2: return "VReg_64";
    case 3: return "VReg_96";
    case 4: return "VReg_128";
    case 8: return "VReg_256";
    default: return "VReg_512";
    }
}

static const char *sreg_class_name(unsigned size)
{
    switch (size) {
    case 1: return "SReg_32";
    case 2: return "SReg_64";
    case 3: return "SReg_96";
    case 4: return "SReg_128";
    case 8: return "SReg_256";
    default: return "SReg_512";
    }
}

static void put_opnd_rc(struct out *o, const struct isa_operand *op, uint32_t literal,
                        const struct rclass *rc)
{
    switch (op->kind) {
    case ISA_OPND_SREG:
        put_sreg(o, op);
        if (rc && rc->name && op->reg != ISA_SREG_NULL) {   /* null is always accepted */
            bool bad = !rc->sgpr;
            if (rc->no_m0_exec && (op->reg == ISA_SREG_M0 || op->reg == ISA_SREG_EXEC_LO ||
                                   op->reg == ISA_SREG_EXEC_HI))
                bad = true;
            if (rc->no_exec_hi && op->reg == ISA_SREG_EXEC_HI)
                bad = true;
            if (rc->no_exec && (op->reg == ISA_SREG_EXEC_LO || op->reg == ISA_SREG_EXEC_HI))
                bad = true;
            if (rc->sgpr && op->size_dw >= 3 && (op->reg == ISA_SREG_VCC_LO ||
                                                 op->reg == ISA_SREG_EXEC_LO))
                bad = true;
            if (bad)
                put(o, "/*Invalid register, operand has '%s' register class*/", rc->name);
        }
        break;
    case ISA_OPND_VGPR:
        put_range(o, "v", op->reg, op->size_dw);
        if (op->mods & ISA_MOD_HI16)
            put(o, ".h");
        else if (op->type == ISA_T_B16 && op->size_dw == 1 && rc && rc->name &&
                 !strcmp(rc->name, "VGPR_16"))
            put(o, ".l");
        if (rc && rc->name && !rc->vgpr)
            put(o, "/*Invalid register, operand has '%s' register class*/", rc->name);
        break;
    case ISA_OPND_SPECIAL:
        put_special(o, op->reg);
        if (rc && rc->name && op->reg == ISA_SRC_LDS_DIRECT && !strstr(rc->name, "OrLds"))
            put(o, "/*Invalid register, operand has '%s' register class*/", rc->name);
        break;
    case ISA_OPND_INLINE:
    case ISA_OPND_LITERAL:
        put_const(o, op, literal, rc && rc->vgpr && !rc->sgpr && rc->imm && op->size_dw == 8,
                  rc && rc->name && !rc->imm);
        if (rc && rc->name && !rc->imm)
            put(o, "/*Invalid immediate*/");
        break;
    default:
        put(o, "<none>");
        break;
    }
}

/* Register class LLVM declares for a VALU operand of this kind. */
static struct rclass valu_rc(unsigned kind, unsigned size)
{
    struct rclass rc = rc_make(NULL, true, true, true);
    switch (isa_kind_info[kind].rclass) {
    case ISA_RC_VGPR:
        rc = rc_make(vgpr_class_name(size), true, false, false);
        break;
    case ISA_RC_VGPR16:
        rc = rc_make("VGPR_16", true, false, true);
        break;
    case ISA_RC_SREG:
        rc = rc_make("SReg_32", false, true, true);
        break;
    case ISA_RC_SREG_LDS:
        rc = rc_make("SRegOrLds_32", false, true, true);
        break;
    case ISA_RC_SMASK:
        rc = rc_make("SReg_1_XEXEC", false, true, false);
        rc.no_exec = true;
        break;
    case ISA_RC_SDST:
        rc = rc_make("SReg_32", false, true, false);
        break;
    case ISA_RC_VGPR_LDS:
        rc = rc_make("VRegOrLds_32", true, false, false);
        break;
    case ISA_RC_VGPR_IMM:
        rc = rc_make(vgpr_class_name(size), true, false, true);
        break;
    default:
        break;
    }
    return rc;
}

/* A VALU source with its input modifiers. */
static void put_src_mods(struct out *o, const struct isa_operand *op, uint32_t literal,
                         unsigned kind, const char *lo128)
{
    struct rclass rc = valu_rc(kind, op->size_dw);
    if (kind == ISA_K_T16) {        /* v_mov_b16 src0: any source, VGPR halves named */
        if (op->kind == ISA_OPND_VGPR) {
            bool sx = (op->mods & ISA_MOD_SEXT) != 0;
            put(o, "%sv%u%s%s", sx ? "sext(" : "", op->reg, (op->mods & ISA_MOD_HI16) ? ".h" : ".l",
                sx ? ")" : "");
            return;
        }
        rc.name = NULL;
    }
    if (lo128 && op->kind == ISA_OPND_VGPR && op->reg >= 128)
        rc = rc_make(lo128, false, true, true);
    bool imm = op->kind == ISA_OPND_INLINE || op->kind == ISA_OPND_LITERAL;
    bool negf = (op->mods & ISA_MOD_NEG) != 0, abs = (op->mods & ISA_MOD_ABS) != 0;
    bool negfn = negf && !abs && imm;

    if (op->mods & ISA_MOD_SEXT)
        put(o, "sext(");
    if (negfn)
        put(o, "neg(");
    else if (negf)
        put(o, "-");
    if (abs)
        put(o, "|");
    put_opnd_rc(o, op, literal, &rc);
    if (abs)
        put(o, "|");
    if (negfn || (op->mods & ISA_MOD_SEXT))
        put(o, ")");
}

/* ------------------------------------------------------------ scalar */

static const char *hwreg_name(unsigned id)
{
    switch (id) {
    case ISA_HWREG_MODE: return "HW_REG_MODE";
    case ISA_HWREG_STATUS: return "HW_REG_STATUS";
    case ISA_HWREG_TRAPSTS: return "HW_REG_TRAPSTS";
    case ISA_HWREG_GPR_ALLOC: return "HW_REG_GPR_ALLOC";
    case ISA_HWREG_LDS_ALLOC: return "HW_REG_LDS_ALLOC";
    case ISA_HWREG_IB_STS: return "HW_REG_IB_STS";
    case ISA_HWREG_SH_MEM_BASES: return "HW_REG_SH_MEM_BASES";
    case ISA_HWREG_PERF_SNAPSHOT_PC_LO: return "HW_REG_PERF_SNAPSHOT_PC_LO";
    case ISA_HWREG_PERF_SNAPSHOT_PC_HI: return "HW_REG_PERF_SNAPSHOT_PC_HI";
    case ISA_HWREG_FLAT_SCR_LO: return "HW_REG_FLAT_SCR_LO";
    case ISA_HWREG_FLAT_SCR_HI: return "HW_REG_FLAT_SCR_HI";
    case ISA_HWREG_HW_ID1: return "HW_REG_HW_ID1";
    case ISA_HWREG_HW_ID2: return "HW_REG_HW_ID2";
    case ISA_HWREG_PERF_SNAPSHOT_DATA: return "HW_REG_PERF_SNAPSHOT_DATA";
    case ISA_HWREG_SHADER_CYCLES: return "HW_REG_SHADER_CYCLES";
    default: return NULL;
    }
}

/* hwreg(id[, offset, size]); the whole register (0, 32) prints as hwreg(id) */
static void put_hwreg(struct out *o, unsigned v)
{
    struct isa_hwreg h = isa_hwreg_decode(v);
    const char *n = hwreg_name(h.id);

    put(o, "hwreg(");
    if (n)
        put(o, "%s", n);
    else
        put(o, "%u", h.id);
    if (h.offset != 0 || h.size != 32)
        put(o, ", %u, %u", h.offset, h.size);
    put(o, ")");
}

static const char *sendmsg_name(unsigned id)
{
    switch (id) {
    case ISA_MSG_INTERRUPT: return "MSG_INTERRUPT";
    case ISA_MSG_HS_TESSFACTOR: return "MSG_HS_TESSFACTOR";
    case ISA_MSG_DEALLOC_VGPRS: return "MSG_DEALLOC_VGPRS";
    case ISA_MSG_STALL_WAVE_GEN: return "MSG_STALL_WAVE_GEN";
    case ISA_MSG_HALT_WAVES: return "MSG_HALT_WAVES";
    case ISA_MSG_GS_ALLOC_REQ: return "MSG_GS_ALLOC_REQ";
    case ISA_MSG_RTN_GET_DOORBELL: return "MSG_RTN_GET_DOORBELL";
    case ISA_MSG_RTN_GET_DDID: return "MSG_RTN_GET_DDID";
    case ISA_MSG_RTN_GET_TMA: return "MSG_RTN_GET_TMA";
    case ISA_MSG_RTN_GET_REALTIME: return "MSG_RTN_GET_REALTIME";
    case ISA_MSG_RTN_SAVE_WAVE: return "MSG_RTN_SAVE_WAVE";
    case ISA_MSG_RTN_GET_TBA: return "MSG_RTN_GET_TBA";
    case ISA_MSG_RTN_GET_TBA_TO_PC: return "MSG_RTN_GET_TBA_TO_PC";
    default: return NULL;
    }
}

/* gfx11 message id is bits [7:0] (the rest is ignored for a known id). */
static void put_sendmsg(struct out *o, unsigned v)
{
    const char *n = sendmsg_name(v & 0xFF);
    if (n)
        put(o, "sendmsg(%s)", n);
    else if (v <= 0xFF)
        put(o, "sendmsg(%u, 0, 0)", v);
    else
        put(o, "%u", v);
}

/* s_waitcnt: counters at their maximum (no wait) are left out unless all are. */
static void put_waitcnt(struct out *o, unsigned v)
{
    struct isa_waitcnt w = isa_waitcnt_decode(v);
    bool vm = w.vmcnt != ISA_WAITCNT_VM_MASK, exp = w.expcnt != ISA_WAITCNT_EXP_MASK;
    bool lgkm = w.lgkmcnt != ISA_WAITCNT_LGKM_MASK, all = !vm && !exp && !lgkm, sp = false;

    if (vm || all) {
        put(o, "vmcnt(%u)", w.vmcnt);
        sp = true;
    }
    if (exp || all) {
        put(o, "%sexpcnt(%u)", sp ? " " : "", w.expcnt);
        sp = true;
    }
    if (lgkm || all)
        put(o, "%slgkmcnt(%u)", sp ? " " : "", w.lgkmcnt);
}

/* s_delay_alu: instid0 [3:0], instskip [6:4], instid1 [10:7] */
static void put_delay(struct out *o, unsigned v)
{
    static const char *const ids[] = {
        "NO_DEP", "VALU_DEP_1", "VALU_DEP_2", "VALU_DEP_3", "VALU_DEP_4", "TRANS32_DEP_1",
        "TRANS32_DEP_2", "TRANS32_DEP_3", "FMA_ACCUM_CYCLE_1", "SALU_CYCLE_1",
        "SALU_CYCLE_2", "SALU_CYCLE_3" };
    static const char *const skips[] = { "SAME", "NEXT", "SKIP_1", "SKIP_2", "SKIP_3", "SKIP_4" };
    const char *sep = "";
    unsigned id0 = v & 0xF, skip = (v >> 4) & 7, id1 = (v >> 7) & 0xF;

    if (id0) {
        put(o, "instid0(%s)", id0 < 12 ? ids[id0] : "/* invalid instid value */");
        sep = " | ";
    }
    if (skip) {
        put(o, "%sinstskip(%s)", sep, skip < 6 ? skips[skip] : "/* invalid instskip value */");
        sep = " | ";
    }
    if (id1) {
        put(o, "%sinstid1(%s)", sep, id1 < 12 ? ids[id1] : "/* invalid instid value */");
        sep = " | ";
    }
    if (!*sep)
        put(o, "0");
}

/* s_waitcnt_depctr fields (gfx11): name, shift, width; default = all ones. */
static void put_depctr(struct out *o, unsigned v)
{
    static const struct { const char *name; unsigned shift, width; } f[] = {
        { "depctr_hold_cnt", 7, 1 }, { "depctr_sa_sdst", 0, 1 }, { "depctr_va_vdst", 12, 4 },
        { "depctr_va_sdst", 9, 3 }, { "depctr_va_ssrc", 8, 1 }, { "depctr_va_vcc", 1, 1 },
        { "depctr_vm_vsrc", 2, 3 },
    };
    unsigned used = 0;
    bool nondef = false, sp = false;

    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
        unsigned mask = ((1u << f[i].width) - 1) << f[i].shift;
        used |= mask;
        if (((v & mask) >> f[i].shift) != (1u << f[i].width) - 1)
            nondef = true;
    }
    if (v & ~used) {
        put_hex(o, v);
        return;
    }
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
        unsigned val = (v >> f[i].shift) & ((1u << f[i].width) - 1);
        bool def = val == (1u << f[i].width) - 1;
        if (!def || !nondef) {
            put(o, "%s%s(%u)", sp ? " " : "", f[i].name, val);
            sp = true;
        }
    }
}

/* s_version: with bits [12:8] clear, LLVM prints the code symbolically as
 * version | UC_VERSION_W64_BIT (13) | _W32_BIT (14) | _MDP_BIT (15). */
static void put_version(struct out *o, unsigned v)
{
    static const char *const flag[3] = { "UC_VERSION_W64_BIT", "UC_VERSION_W32_BIT",
                                         "UC_VERSION_MDP_BIT" };
    char expr[160];
    unsigned base = v & 0xFF;
    int n;

    if (v & 0x1F00) {
        put_hex(o, v);
        return;
    }
    switch (base) {
    case 0: n = snprintf(expr, sizeof(expr), "UC_VERSION_GFX7"); break;
    case 4: n = snprintf(expr, sizeof(expr), "UC_VERSION_GFX10"); break;
    case 6: n = snprintf(expr, sizeof(expr), "UC_VERSION_GFX11"); break;
    case 9: n = snprintf(expr, sizeof(expr), "UC_VERSION_GFX12"); break;
    default: n = snprintf(expr, sizeof(expr), "%u", base); break;
    }
    bool compound = false;
    for (unsigned i = 0; i < 3 && n > 0; i++) {
        char tmp[160];
        if (!(v & (0x2000u << i)))
            continue;
        snprintf(tmp, sizeof(tmp), compound ? "(%s)|%s" : "%s|%s", expr, flag[i]);
        memcpy(expr, tmp, sizeof(expr));
        compound = true;
    }
    put(o, "%s", expr);
}

static const struct rclass rc_sreg32 = { .name = "SReg_32", .sgpr = true, .imm = true };

static void put_salu_opnd(struct out *o, const struct isa_operand *op, uint32_t lit,
                          unsigned kind)
{
    struct rclass rc = rc_make(sreg_class_name(op->size_dw), false, true,
                               isa_kind_info[kind].rclass != ISA_RC_SREG_ONLY);
    put_opnd_rc(o, op, lit, &rc);
}

static void print_sop(struct out *o, const struct isa_inst *in, const struct isa_op_info *info)
{
    unsigned simm = in->u.sopp.simm16;

    put(o, "%s", info->name);
    switch (in->enc) {
    case ISA_ENC_SOP1:
        put(o, " ");
        if (in->ndst)
            put_salu_opnd(o, &in->dst[0], in->literal, info->dst[0]);
        if (info->form == ISA_FORM_SENDMSG_RTN) {
            put(o, ", ");
            put_sendmsg(o, simm);
            break;
        }
        if (in->ndst && in->nsrc)
            put(o, ", ");
        if (in->nsrc)
            put_salu_opnd(o, &in->src[0], in->literal, info->src[0]);
        break;
    case ISA_ENC_SOP2:
        put(o, " ");
        put_salu_opnd(o, &in->dst[0], in->literal, info->dst[0]);
        put(o, ", ");
        put_salu_opnd(o, &in->src[0], in->literal, info->src[0]);
        put(o, ", ");
        put_salu_opnd(o, &in->src[1], in->literal, info->src[1]);
        break;
    case ISA_ENC_SOPC:
        put(o, " ");
        put_salu_opnd(o, &in->src[0], in->literal, info->src[0]);
        put(o, ", ");
        put_salu_opnd(o, &in->src[1], in->literal, info->src[1]);
        break;
    case ISA_ENC_SOPK: {
        const struct isa_operand *r = in->ndst ? &in->dst[0] : in->nsrc ? &in->src[0] : NULL;
        put(o, " ");
        switch (info->form) {
        case ISA_FORM_K_HEX:
            put_salu_opnd(o, r, 0, in->ndst ? info->dst[0] : info->src[0]);
            put(o, ", 0x%x", simm);
            break;
        case ISA_FORM_K_IMM:
            put_version(o, simm);
            break;
        case ISA_FORM_K_HWREG:
            if (in->ndst) {
                put_salu_opnd(o, r, 0, in->ndst ? info->dst[0] : info->src[0]);
                put(o, ", ");
                put_hwreg(o, simm);
            } else {
                put_hwreg(o, simm);
                put(o, ", ");
                put_salu_opnd(o, r, 0, in->ndst ? info->dst[0] : info->src[0]);
            }
            break;
        case ISA_FORM_K_HWREG_IMM32:
            put_hwreg(o, simm);
            put(o, ", ");
            put_imm32(o, in->literal);
            break;
        case ISA_FORM_K_BRANCH:
            put_salu_opnd(o, r, 0, in->ndst ? info->dst[0] : info->src[0]);
            put(o, ", %u", simm);
            break;
        default:
            break;
        }
        break;
    }
    case ISA_ENC_SOPP:
        switch (info->form) {
        case ISA_FORM_P_NONE: break;
        case ISA_FORM_P_IMM: put(o, " "); put_imm32(o, simm); break;
        case ISA_FORM_P_HEX: put(o, " 0x%x", simm); break;
        case ISA_FORM_P_BRANCH: put(o, " %u", simm); break;
        case ISA_FORM_P_WAITCNT: put(o, " "); put_waitcnt(o, simm); break;
        case ISA_FORM_P_DELAY: put(o, " "); put_delay(o, simm); break;
        case ISA_FORM_P_DEPCTR: put(o, " "); put_depctr(o, simm); break;
        case ISA_FORM_P_SENDMSG: put(o, " "); put_sendmsg(o, simm); break;
        case ISA_FORM_P_ENDPGM: if (simm) put(o, " %u", simm); break;
        default: break;
        }
        break;
    default:
        break;
    }
}

static void print_smem(struct out *o, const struct isa_inst *in, const struct isa_op_info *info)
{
    put(o, "%s", info->name);
    if (info->form == ISA_FORM_SM_NONE)
        return;
    put(o, " ");
    if (info->form == ISA_FORM_SM_PROBE) {
        put_imm32(o, in->u.smem.sdata);
        put(o, ", ");
    } else {
        unsigned sz = in->dst[0].size_dw;
        struct rclass rc = rc_make(sz == 1 ? "SReg_32_XM0_XEXEC" : sz == 2 ? "SReg_64_XEXEC"
                                                                  : sreg_class_name(sz),
                                   false, true, true);
        rc.no_m0_exec = sz <= 2;
        put_opnd_rc(o, &in->dst[0], 0, &rc);
        put(o, ", ");
    }
    struct rclass rb = rc_make(sreg_class_name(in->src[0].size_dw), false, true, true);
    put_opnd_rc(o, &in->src[0], 0, &rb);
    put(o, ", ");
    /* soffset (null included) when there is no offset, else the offset,
     * after soffset when soffset is not null */
    if (in->u.smem.has_soffset || !in->u.smem.offset) {
        put_opnd_rc(o, &in->src[1], 0, &rc_sreg32);
        if (in->u.smem.offset) {
            put(o, " offset:");
            put_hex(o, in->u.smem.offset);
        }
    } else {
        put_hex(o, in->u.smem.offset);
    }
    if (in->u.smem.glc)
        put(o, " glc");
    if (in->u.smem.dlc)
        put(o, " dlc");
}

/* ------------------------------------------------------------ vector */

static void put_dpp_ctrl(struct out *o, const struct isa_inst *in)
{
    if (in->dpp == ISA_DPP_8) {
        unsigned s = in->u.dpp.sel;
        put(o, " dpp8:[%u", s & 7);
        for (unsigned i = 1; i < 8; i++)
            put(o, ",%u", (s >> (3 * i)) & 7);
        put(o, "]");
        if (in->u.dpp.fi)
            put(o, " fi:1");
        return;
    }
    unsigned c = in->u.dpp.ctrl, a;
    put(o, " ");
    switch (isa_dpp_ctrl_decode(c, &a)) {
    case ISA_DPP_QUAD_PERM:
        put(o, "quad_perm:[%u,%u,%u,%u]", a & 3, (a >> 2) & 3, (a >> 4) & 3, (a >> 6) & 3);
        break;
    case ISA_DPP_ROW_SHL: put(o, "row_shl:%u", a); break;
    case ISA_DPP_ROW_SHR: put(o, "row_shr:%u", a); break;
    case ISA_DPP_ROW_ROR: put(o, "row_ror:%u", a); break;
    case ISA_DPP_ROW_MIRROR: put(o, "row_mirror"); break;
    case ISA_DPP_ROW_HALF_MIRROR: put(o, "row_half_mirror"); break;
    case ISA_DPP_ROW_SHARE: put(o, "row_share:%u", a); break;
    case ISA_DPP_ROW_XMASK: put(o, "row_xmask:%u", a); break;
    default:
        /* the GFX9 wave shifts and broadcasts have their own remarks */
        if (c == 0x130 || c == 0x134 || c == 0x138 || c == 0x13C)
            put(o, "/* wave_%s is not supported starting from GFX10 */",
                c == 0x130 ? "shl" : c == 0x134 ? "rol" : c == 0x138 ? "shr" : "ror");
        else if (c == 0x142 || c == 0x143)
            put(o, "/* row_bcast is not supported starting from GFX10 */");
        else
            put(o, "/* Invalid dpp_ctrl value */");
        break;
    }
    put(o, " row_mask:0x%x bank_mask:0x%x", in->u.dpp.row_mask, in->u.dpp.bank_mask);
    if (in->u.dpp.bound_ctrl)
        put(o, " bound_ctrl:1");
    if (in->u.dpp.fi)
        put(o, " fi:1");
}

static unsigned opsel_count(const struct isa_op_info *info)
{
    unsigned n = 0;
    for (unsigned i = 0; i < 3; i++)
        if (info->src[i])
            n = i + 1;
    if (info->flags & ISA_F_MAC)
        n = 3;
    return n;
}

static void put_vop3_mods(struct out *o, const struct isa_inst *in, const struct isa_op_info *info,
                          bool sd)
{
    const struct isa_mods_info *m = &isa_mods_info[info->mods];
    unsigned shown = sd ? m->shown & ~0x7Fu : m->shown;
    unsigned raw = in->mods_raw;

    if (info->mods == ISA_M_PERMLANE) {
        unsigned fi = (raw >> 3) & 1, bc = (raw >> 4) & 1;
        if (fi || bc)
            put(o, " op_sel:[%u,%u]", fi, bc);
    } else if (shown & 0x78) {
        unsigned n = opsel_count(info);
        unsigned v = raw & shown & 0x78;
        if (v) {
            put(o, " op_sel:[");
            for (unsigned i = 0; i < n; i++)
                put(o, "%s%u", i ? "," : "", (v >> (3 + i)) & 1);
            put(o, ",%u]", (v >> 6) & 1);
        }
    }
    if (raw & shown & ISA_MB_CLAMP)
        put(o, " clamp");
    if (shown & ISA_MB_OMOD) {
        if (in->omod == 1)
            put(o, " mul:2");
        else if (in->omod == 2)
            put(o, " mul:4");
        else if (in->omod == 3)
            put(o, " div:2");
    }
}

static void put_vop3p_mods(struct out *o, const struct isa_inst *in,
                           const struct isa_op_info *info)
{
    const struct isa_pmods_info *pm = &isa_pmods_info[info->mods];
    unsigned raw = in->mods_raw & pm->shown, n = 0;
    static const char *const names[4] = { " op_sel:[", " op_sel_hi:[", " neg_lo:[", " neg_hi:[" };
    static const unsigned shift[4] = { 6, 9, 0, 3 };

    for (unsigned i = 0; i < 3; i++)
        if (info->src[i])
            n = i + 1;
    for (unsigned k = 0; k < 4; k++) {
        unsigned def = (k == 1) ? pm->hi_default : 0, all = 1;
        if (info->mods == ISA_P_MIX && k >= 2)
            continue;       /* v_fma_mix: neg_lo is -x, neg_hi is |x| */
        unsigned mask = ((1u << n) - 1) << shift[k];
        if (!(pm->shown & mask))
            continue;
        for (unsigned i = 0; i < n; i++)
            if (((raw >> (shift[k] + i)) & 1) != def)
                all = 0;
        if (all)
            continue;
        put(o, "%s", names[k]);
        for (unsigned i = 0; i < n; i++)
            put(o, "%s%u", i ? "," : "", (raw >> (shift[k] + i)) & 1);
        put(o, "]");
    }
    if (raw & ISA_PB_CLAMP)
        put(o, " clamp");
}

static void put_vdst(struct out *o, const struct isa_operand *op, unsigned kind, uint32_t lit)
{
    struct rclass rc = valu_rc(kind, op->size_dw);
    if (kind == ISA_K_SDST)
        rc = rc_make("SReg_32", false, true, false);
    if (op->kind == ISA_OPND_VGPR && isa_kind_info[kind].rclass == ISA_RC_VGPR16) {
        put_range(o, "v", op->reg, 1);
        put(o, (op->mods & ISA_MOD_HI16) ? ".h" : ".l");
        return;
    }
    put_opnd_rc(o, op, lit, &rc);
}

static void print_valu(struct out *o, const struct isa_inst *in, const struct isa_op_info *info)
{
    bool vop3 = in->enc == ISA_ENC_VOP3, dpp = in->dpp != ISA_DPP_NONE;
    bool cmp = info->family == ISA_FAM_VOPC || info->family == ISA_FAM_VOPCX;
    bool sd = vop3 && (info->flags & ISA_F_VCC_OUT) && !cmp;
    bool e32able = info->family == ISA_FAM_VOP1 || info->family == ISA_FAM_VOP2 || cmp;
    const char *sfx = "";

    if (info->flags & ISA_F_NO_SUFFIX)
        sfx = "";
    else if (vop3)
        sfx = dpp ? "_e64_dpp" : e32able ? "_e64" : "";
    else if (dpp)
        sfx = cmp ? "" : "_dpp";
    else if (!(info->flags & ISA_F_NO_E64) || info->dst[0] == ISA_K_T16)
        sfx = "_e32";
    put(o, "%s%s", info->name, sfx);
    if (info->family == ISA_FAM_VOP1 && info->dst[0] == ISA_K_NONE)
        return;

    const char *sep = " ";
    /* destinations */
    if (cmp) {
        if (info->family == ISA_FAM_VOPC) {
            put(o, "%s", sep);
            if (vop3) {     /* LLVM names the VOPC_e64 sdst class SReg_1 */
                struct rclass rc = rc_make("SReg_1", false, true, false);
                put_opnd_rc(o, &in->dst[0], in->literal, &rc);
            }
            else
                put(o, "vcc_lo");
            sep = ", ";
        }
    } else if (in->ndst) {
        put(o, "%s", sep);
        put_vdst(o, &in->dst[0], info->dst[0], in->literal);
        sep = ", ";
        if (in->ndst > 1) {     /* carry out */
            put(o, ", ");
            if (in->dst[1].mods & ISA_MOD_IMPLICIT) {
                put(o, "vcc_lo");
            } else {
                struct rclass rc = rc_make("SReg_32", false, true, false);
                put_opnd_rc(o, &in->dst[1], 0, &rc);
            }
        }
    }
    /* sources */
    for (unsigned i = 0; i < in->nsrc; i++) {
        const struct isa_operand *s = &in->src[i];
        unsigned kind = i < 3 ? info->src[i] : ISA_K_NONE;
        if ((s->mods & ISA_MOD_IMPLICIT) && (info->flags & ISA_F_MAC) && i == 2)
            continue;
        put(o, "%s", sep);
        sep = ", ";
        if (s->mods & ISA_MOD_IMPLICIT) {
            put(o, "vcc_lo");
            continue;
        }
        if ((info->flags & ISA_F_FMAMK) && i == 1) {
            put_hex(o, in->literal);
            continue;
        }
        if ((info->flags & ISA_F_FMAAK) && i == 2) {
            put_hex(o, in->literal);
            continue;
        }
        if ((info->flags & ISA_F_FMAMK) && i == 2)
            kind = info->src[1];
        if (i == 2 && info->family == ISA_FAM_VOP2 && (info->flags & ISA_F_VCC_IN))
            kind = ISA_K_SMASK;
        const char *lo = NULL;
        if (!vop3 && i == 0 && (info->flags & ISA_F_L128_S0))
            lo = dpp ? "VGPR_32_Lo128" : "VS_32_Lo128";
        if (!vop3 && i == 1 && (info->flags & ISA_F_L128_S1))
            lo = "VGPR_32_Lo128";
        put_src_mods(o, s, in->literal, kind, lo);
    }
    if (vop3)
        put_vop3_mods(o, in, info, sd);
    if (dpp)
        put_dpp_ctrl(o, in);
}

static void print_vop3p(struct out *o, const struct isa_inst *in, const struct isa_op_info *info)
{
    put(o, "%s%s ", info->name, in->dpp ? "_e64_dpp" : "");
    put_vdst(o, &in->dst[0], info->dst[0], in->literal);
    for (unsigned i = 0; i < in->nsrc; i++) {
        struct isa_operand s = in->src[i];
        if (i == 2 && isa_kind_info[info->src[2]].size_dw == 8 && s.kind == ISA_OPND_LITERAL) {
            /* WMMA C as a literal: LLVM 19 prints it in hex, or 0x0 when A or
             * B already took the literal (found by comparing with LLVM) */
            bool first = in->src[0].kind != ISA_OPND_LITERAL && in->src[1].kind != ISA_OPND_LITERAL;
            put(o, ", ");
            put_hex(o, first ? in->literal : 0);
            continue;
        }
        if (in->dpp && i == 1 && s.kind != ISA_OPND_VGPR && info->mods == ISA_P_MIX) {
            /* v_fma_mix DPP: src1 must be a VGPR; a constant prints as 32-bit */
            struct rclass rv = rc_make("VGPR_32", true, false, false);
            s.type = ISA_T_B32;
            put(o, ", ");
            if (s.mods & ISA_MOD_NEG)
                put(o, (s.mods & ISA_MOD_ABS) || s.kind == ISA_OPND_SREG ||
                       s.kind == ISA_OPND_SPECIAL ? "-" : "neg(");
            if (s.mods & ISA_MOD_ABS)
                put(o, "|");
            put_opnd_rc(o, &s, in->literal, &rv);
            if (s.mods & ISA_MOD_ABS)
                put(o, "|");
            if ((s.mods & ISA_MOD_NEG) && !(s.mods & ISA_MOD_ABS) &&
                (s.kind == ISA_OPND_INLINE || s.kind == ISA_OPND_LITERAL))
                put(o, ")");
            continue;
        }
        if (info->mods != ISA_P_MIX)    /* packed: negation shows in neg_lo/neg_hi */
            s.mods &= (uint8_t)~(ISA_MOD_NEG | ISA_MOD_NEG_HI);
        else                            /* LLVM reads v_fma_mix sources as f16 */
            s.type = ISA_T_F16;
        put(o, ", ");
        put_src_mods(o, &s, in->literal, info->src[i], NULL);
    }
    put_vop3p_mods(o, in, info);
    if (in->dpp)
        put_dpp_ctrl(o, in);
}

static void print_vopd_half(struct out *o, const char *name, unsigned op,
                            const struct isa_operand *dst, const struct isa_operand *src,
                            unsigned nsrc, uint32_t lit)
{
    const struct isa_op_info *info = &isa_op_info[op];
    put(o, "%s ", name);
    put_vdst(o, dst, info->dst[0], lit);
    for (unsigned i = 0; i < nsrc; i++) {
        if (src[i].mods & ISA_MOD_IMPLICIT)
            continue;
        put(o, ", ");
        if (((info->flags & ISA_F_FMAMK) && i == 1) || ((info->flags & ISA_F_FMAAK) && i == 2)) {
            put_hex(o, lit);
            continue;
        }
        put_src_mods(o, &src[i], lit, i < 2 ? info->src[i] : info->src[1], NULL);
    }
}

static const char *vopd_name(unsigned op, unsigned slot)
{
    for (unsigned i = 0; i < 32; i++)
        if (isa_vopd_info[i].op == op && (isa_vopd_info[i].slots & slot))
            return isa_vopd_info[i].name;
    return "v_dual_?";
}

static void print_vopd(struct out *o, const struct isa_inst *in)
{
    print_vopd_half(o, vopd_name(in->op, ISA_VOPD_X), in->op, &in->dst[0], in->src, in->nsrc,
                    in->literal);
    put(o, " :: ");
    print_vopd_half(o, vopd_name(in->u.vopd.op, ISA_VOPD_Y), in->u.vopd.op, &in->u.vopd.dst,
                    in->u.vopd.src, in->u.vopd.nsrc, in->literal);
}

/* ------------------------------------------------------------ memory */

static void put_vgpr(struct out *o, const struct isa_operand *op)
{
    put_range(o, "v", op->reg, op->size_dw);
}

static void put_swizzle(struct out *o, unsigned v)
{
    if (!v)
        return;
    put(o, " offset:");
    /* offset[15:8] = 0x80: quad permute; offset[15] = 0: bitmask mode
     * (and [4:0], or [9:5], xor [14:10]); anything else prints as a number */
    if ((v & 0xFF00) == 0x8000) {
        put(o, "swizzle(QUAD_PERM,%u,%u,%u,%u)", v & 3, (v >> 2) & 3, (v >> 4) & 3, (v >> 6) & 3);
        return;
    }
    if (v & 0x8000) {
        put(o, "%u", v);
        return;
    }
    unsigned andm = v & 0x1F, orm = (v >> 5) & 0x1F, xorm = (v >> 10) & 0x1F;
    if (andm == 0x1F && orm == 0 && xorm && !(xorm & (xorm - 1))) {
        put(o, "swizzle(SWAP,%u)", xorm);
    } else if (andm == 0x1F && orm == 0 && xorm && !((xorm + 1) & xorm)) {
        put(o, "swizzle(REVERSE,%u)", xorm + 1);
    } else {
        unsigned group = 0x1F - andm + 1;
        if (group > 1 && !(group & (group - 1)) && orm < group && xorm == 0) {
            put(o, "swizzle(BROADCAST,%u,%u)", group, orm);
        } else {
            put(o, "swizzle(BITMASK_PERM,\"");
            for (unsigned m = 0x10; m; m >>= 1) {
                unsigned p0 = ((0 & andm) | orm) ^ xorm, p1 = ((0x1F & andm) | orm) ^ xorm;
                unsigned a = p0 & m, b = p1 & m;
                put(o, "%c", a == b ? (a ? '1' : '0') : (a ? 'i' : 'p'));
            }
            put(o, "\")");
        }
    }
}

static void print_ds(struct out *o, const struct isa_inst *in, const struct isa_op_info *info)
{
    const char *sep = " ";
    put(o, "%s", info->name);
    if (in->ndst) {
        put(o, "%s", sep);
        put_vgpr(o, &in->dst[0]);
        sep = ", ";
    }
    for (unsigned i = 0; i < in->nsrc; i++) {
        if (!info->src[i])
            continue;
        put(o, "%s", sep);
        put_vgpr(o, &in->src[i]);
        sep = ", ";
    }
    if (info->flags & ISA_F_2ADDR) {
        if (in->u.ds.offset0)
            put(o, " offset0:%u", in->u.ds.offset0);
        if (in->u.ds.offset1)
            put(o, " offset1:%u", in->u.ds.offset1);
    } else if (in->op == ISA_OP_ds_swizzle_b32) {
        put_swizzle(o, in->u.ds.offset);
    } else if (in->u.ds.offset) {
        put(o, " offset:%u", in->u.ds.offset);
    }
    if (in->u.ds.gds)
        put(o, " gds");
}

static void put_cpol(struct out *o, unsigned glc, unsigned slc, unsigned dlc)
{
    if (glc)
        put(o, " glc");
    if (slc)
        put(o, " slc");
    if (dlc)
        put(o, " dlc");
}

static void print_flat(struct out *o, const struct isa_inst *in, const struct isa_op_info *info)
{
    unsigned seg = in->u.flat.seg;
    const char *sep = " ";

    put(o, "%s", info->name);
    if (in->ndst) {
        put(o, "%s", sep);
        put_vgpr(o, &in->dst[0]);
        sep = ", ";
    }
    bool addtid = in->op == ISA_OP_global_load_addtid_b32 ||
                  in->op == ISA_OP_global_store_addtid_b32;
    if (!addtid) {
        put(o, "%s", sep);
        sep = ", ";
        if (seg == 1 && !in->u.flat.sve)
            put(o, "off");
        else
            put_vgpr(o, &in->src[0]);
    }
    if (info->src[1]) {
        put(o, "%s", sep);
        put_vgpr(o, &in->src[1]);
        sep = ", ";
    }
    if (seg != 0) {
        put(o, "%s", sep);
        if (in->u.flat.saddr_off) {
            put(o, "off");
        } else {
            struct rclass rc = rc_make(seg == 2 ? "SReg_64" : "SReg_32_XEXEC_HI", false, true,
                                       true);
            rc.no_exec_hi = seg == 1;
            put_opnd_rc(o, &in->src[2], 0, &rc);
        }
    }
    if (in->u.flat.offset)
        put(o, " offset:%d", in->u.flat.offset);
    put_cpol(o, in->u.flat.glc, in->u.flat.slc, in->u.flat.dlc);
}

static void print_buf(struct out *o, const struct isa_inst *in, const struct isa_op_info *info)
{
    put(o, "%s", info->name);
    if (in->op == ISA_OP_buffer_gl0_inv || in->op == ISA_OP_buffer_gl1_inv)
        return;
    put(o, " ");
    if (info->src[0]) {
        put_vgpr(o, &in->src[0]);
        put(o, ", ");
    }
    if (in->u.buf.offen || in->u.buf.idxen)
        put_vgpr(o, &in->src[1]);
    else
        put(o, "off");
    put(o, ", ");
    struct rclass rr = rc_make("SGPR_128", false, true, false);
    put_opnd_rc(o, &in->src[2], 0, &rr);
    put(o, ", ");
    put_opnd_rc(o, &in->src[3], in->literal, &rc_sreg32);
    if (in->enc == ISA_ENC_MTBUF && in->u.buf.format != 1) {
        if (in->u.buf.format < ISA_BUFMT_COUNT)
            put(o, " format:[BUF_FMT_%s]", isa_bufmt[in->u.buf.format].name);
        else
            put(o, " format:%u", in->u.buf.format);
    }
    if (in->u.buf.idxen)
        put(o, " idxen");
    if (in->u.buf.offen)
        put(o, " offen");
    if (in->u.buf.offset)
        put(o, " offset:%u", in->u.buf.offset);
    put_cpol(o, in->u.buf.glc, in->u.buf.slc, in->u.buf.dlc);
    if (in->u.buf.tfe)
        put(o, " tfe");
}

static void print_exp(struct out *o, const struct isa_inst *in)
{
    unsigned t = in->u.exp.target;
    put(o, "exp ");
    if (t <= 7)
        put(o, "mrt%u", t);
    else if (t == 8)
        put(o, "mrtz");
    else if (t >= 12 && t <= 16)
        put(o, "pos%u", t - 12);
    else if (t == 20)
        put(o, "prim");
    else if (t == 21 || t == 22)
        put(o, "dual_src_blend%u", t - 21);
    else
        put(o, "invalid_target_%u", t);
    for (unsigned i = 0; i < 4; i++) {
        put(o, " ");
        if (in->u.exp.en & (1u << i))
            put_vgpr(o, &in->src[i]);
        else
            put(o, "off");
        if (i < 3)
            put(o, ",");
    }
    if (in->u.exp.done)
        put(o, " done");
    if (in->u.exp.row)
        put(o, " row_en");
}

static void print_vinterp(struct out *o, const struct isa_inst *in, const struct isa_op_info *info)
{
    put(o, "%s ", info->name);
    put_vgpr(o, &in->dst[0]);
    for (unsigned i = 0; i < 3; i++) {
        put(o, ", ");
        put_src_mods(o, &in->src[i], in->literal, info->src[i], NULL);
    }
    if (in->clamp)
        put(o, " clamp");
    if (in->op_sel)
        put(o, " op_sel:[%u,%u,%u,%u]", in->op_sel & 1, (in->op_sel >> 1) & 1,
            (in->op_sel >> 2) & 1, (in->op_sel >> 3) & 1);
    put(o, " wait_exp:%u", in->u.vinterp.waitexp);
}

static void print_ldsdir(struct out *o, const struct isa_inst *in, const struct isa_op_info *info)
{
    put(o, "%s ", info->name);
    put_vgpr(o, &in->dst[0]);
    if (in->op == ISA_OP_lds_param_load)
        put(o, ", attr%u.%c", in->u.ldsdir.attr, "xyzw"[in->u.ldsdir.chan & 3]);
    put(o, " wait_vdst:%u", in->u.ldsdir.waitvdst);
}

/* ------------------------------------------------------------ entry */

int isa_disasm(const struct isa_inst *in, char *buf, size_t buf_bytes)
{
    struct out o = { buf, buf_bytes, 0, { 0 }, 0 };

    if (buf_bytes)
        buf[0] = '\0';
    if (!in || in->op == ISA_OP_INVALID || in->op >= ISA_OP_COUNT) {
        put(&o, "<invalid>");
        return (int)o.len;
    }
    const struct isa_op_info *info = &isa_op_info[in->op];
    switch (in->enc) {
    case ISA_ENC_SOP1: case ISA_ENC_SOP2: case ISA_ENC_SOPK: case ISA_ENC_SOPC:
    case ISA_ENC_SOPP:
        print_sop(&o, in, info);
        break;
    case ISA_ENC_SMEM: print_smem(&o, in, info); break;
    case ISA_ENC_VOP1: case ISA_ENC_VOP2: case ISA_ENC_VOPC: case ISA_ENC_VOP3:
        print_valu(&o, in, info);
        break;
    case ISA_ENC_VOP3P: print_vop3p(&o, in, info); break;
    case ISA_ENC_VOPD: print_vopd(&o, in); break;
    case ISA_ENC_VINTERP: print_vinterp(&o, in, info); break;
    case ISA_ENC_LDSDIR: print_ldsdir(&o, in, info); break;
    case ISA_ENC_DS: print_ds(&o, in, info); break;
    case ISA_ENC_FLAT: print_flat(&o, in, info); break;
    case ISA_ENC_MUBUF: case ISA_ENC_MTBUF: print_buf(&o, in, info); break;
    case ISA_ENC_EXP: print_exp(&o, in); break;
    default: put(&o, "<invalid>"); break;
    }
    if (o.wlen)
        put(&o, " ; %s", o.warn);
    return (int)o.len;
}

int isa_disasm_words(const uint32_t *words, size_t avail_dw, char *buf, size_t buf_bytes,
                     unsigned *size_dw)
{
    struct isa_inst in;
    int n = isa_decode(words, avail_dw, &in);

    if (size_dw)
        *size_dw = in.size_dw;
    if (n <= 0) {
        isa_disasm(&in, buf, buf_bytes);
        return -1;
    }
    return isa_disasm(&in, buf, buf_bytes);
}
