/*
 * sim/exec_bind.c — from the isa/ decoder's struct isa_inst to the
 * executor's struct exec_inst: operands resolved to register files and
 * constants, modifiers gathered into per-source bit masks, the semantic
 * function picked from the table (sim/exec_table.c), DPP and VOPD wrapped.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "isa/isa_decode.h"
#include "isa/isa_disasm.h"
#include "isa/isa_enc.h"
#include "sim/exec_code.h"
#include "sim/exec_hwreg.h"
#include "sim/exec_table.h"

/* ---------------------------------------------------------------- faulting stand-ins */

static int run_illegal(struct sim_wave *w, const struct exec_inst *in)
{
    return exec_fault(w, -EINVAL, SIM_FAULT_ILLEGAL_INSN, 0,
                      "illegal instruction word 0x%08x (not a gfx11 instruction)", in->imm);
}

static int run_unimplemented(struct sim_wave *w, const struct exec_inst *in)
{
    return exec_fault(w, -ENOTSUP, SIM_FAULT_UNSUPPORTED, 0,
                      "instruction %s is not implemented by the simulated gfx1100",
                      isa_op_name(in->op));
}

static int run_unsupported_operand(struct sim_wave *w, const struct exec_inst *in)
{
    static const char *const what[] = {
        [EXEC_REFUSE_LDS_DIRECT] = "lds_direct",
        [EXEC_REFUSE_SEXT] = "an integer sext() modifier",
        [EXEC_REFUSE_GDS] = "GDS",
        [EXEC_REFUSE_TFE] = "tfe",
    };

    return exec_fault(w, -ENOTSUP, SIM_FAULT_UNSUPPORTED, 0,
                      "instruction %s uses an operand the simulated gfx1100 does not "
                      "support (%s)", isa_op_name(in->op), what[in->imm]);
}

static int run_vgpr_range(struct sim_wave *w, const struct exec_inst *in)
{
    return exec_fault(w, -EINVAL, SIM_FAULT_ILLEGAL_INSN, 0,
                      "%s uses v%u, beyond the %u VGPRs COMPUTE_PGM_RSRC1.VGPRS allocates",
                      isa_op_name(in->op), in->vgpr_hi - 1u, w->disp->vgprs);
}

/* ---------------------------------------------------------------- operands */

static bool type_is_pk_int(unsigned t)
{
    return t == ISA_T_PK_B16 || t == ISA_T_PK_I16 || t == ISA_T_PK_U16;
}

/* Returns false for an operand the simulator cannot read (lds_direct). */
static bool bind_opnd(struct exec_opnd *e, const struct isa_operand *o)
{
    memset(e, 0, sizeof(*e));
    switch (o->kind) {
    case ISA_OPND_SREG:
        e->kind = EXEC_OPND_SREG;
        e->reg = o->reg;
        return true;
    case ISA_OPND_VGPR:
        e->kind = EXEC_OPND_VGPR;
        e->reg = o->reg;
        return true;
    case ISA_OPND_INLINE:
        e->kind = EXEC_OPND_CONST;
        e->value = o->imm;
        /* Packed-integer operands read a float inline constant as its f32
         * bit pattern (tinygrad test/amd/hw/test_vop3p.py,
         * test_v_pk_add_u16_float_inline_const_opsel, checked on RDNA3). */
        if (type_is_pk_int(o->type) && o->field >= ISA_SRC_FLT_FIRST && o->field <= ISA_SRC_FLT_LAST)
            e->value = isa_inline_value(o->field, ISA_T_F32);
        return true;
    case ISA_OPND_LITERAL:
        e->kind = EXEC_OPND_CONST;
        e->value = o->imm;
        return true;
    case ISA_OPND_SPECIAL: {
        uint64_t v;
        e->kind = EXEC_OPND_CONST;
        switch (o->reg) {
        case ISA_SRC_SHARED_BASE: v = EXEC_SHARED_APERTURE_VA; break;
        case ISA_SRC_SHARED_LIMIT: v = EXEC_SHARED_APERTURE_VA + EXEC_APERTURE_BYTES - 1; break;
        case ISA_SRC_PRIVATE_BASE: v = EXEC_PRIVATE_APERTURE_VA; break;
        case ISA_SRC_PRIVATE_LIMIT: v = EXEC_PRIVATE_APERTURE_VA + EXEC_APERTURE_BYTES - 1; break;
        case ISA_SRC_POPS_EXITING_WAVE_ID: v = 0; break;
        case ISA_SRC_VCCZ: e->kind = EXEC_OPND_VCCZ; return true;
        case ISA_SRC_EXECZ: e->kind = EXEC_OPND_EXECZ; return true;
        case ISA_SRC_SCC: e->kind = EXEC_OPND_SCC; return true;
        default: return false;     /* lds_direct */
        }
        /* a 32-bit read of an aperture register gives its high dword */
        e->value = o->size_dw >= 2 ? v : v >> 32;
        return true;
    }
    default:
        return true;
    }
}

static unsigned vgpr_end(const struct isa_operand *o)
{
    return o->kind == ISA_OPND_VGPR ? o->reg + (o->size_dw ? o->size_dw : 1u) : 0;
}

/* The highest VGPR + 1 that hi or any of the n operands reaches. */
static uint16_t vgprs_reached(uint16_t hi, const struct isa_operand *ops, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (vgpr_end(&ops[i]) > hi)
            hi = (uint16_t)vgpr_end(&ops[i]);
    return hi;
}

static unsigned iclass(const struct isa_inst *d)
{
    const struct isa_op_info *info = &isa_op_info[d->op];

    switch (info->family) {
    case ISA_FAM_SOP1: case ISA_FAM_SOP2: case ISA_FAM_SOPK: case ISA_FAM_SOPC:
        return (info->flags & ISA_F_BRANCH) || d->op == ISA_OP_s_setpc_b64 ||
                       d->op == ISA_OP_s_swappc_b64
                   ? SIM_ICLASS_BRANCH
                   : SIM_ICLASS_SALU;
    case ISA_FAM_SOPP:
        return (info->flags & ISA_F_BRANCH) ? SIM_ICLASS_BRANCH : SIM_ICLASS_SCTRL;
    case ISA_FAM_SMEM:
        return SIM_ICLASS_SMEM;
    case ISA_FAM_VOP3P:
        return !strncmp(info->name, "v_wmma", 6) ? SIM_ICLASS_WMMA : SIM_ICLASS_VALU_PACKED;
    case ISA_FAM_DS:
        return SIM_ICLASS_LDS;
    case ISA_FAM_FLAT: case ISA_FAM_GLOBAL: case ISA_FAM_SCRATCH: case ISA_FAM_MUBUF:
    case ISA_FAM_MTBUF:
        if (info->flags & ISA_F_ATOMIC)
            return SIM_ICLASS_VMEM_ATOMIC;
        return (info->flags & ISA_F_STORE) ? SIM_ICLASS_VMEM_STORE : SIM_ICLASS_VMEM_LOAD;
    default:
        return (info->flags & ISA_F_TRANS) ? SIM_ICLASS_TRANS : SIM_ICLASS_VALU;
    }
}

/* Fill a VALU / SALU instruction (one VOPD half included) from its
 * destination and source operands.  Returns false if an operand cannot be
 * simulated (out->imm says which). */
static bool bind_alu(struct exec_inst *out, unsigned op, unsigned ndst,
                     const struct isa_operand *dst, unsigned nsrc,
                     const struct isa_operand *src, bool vop3p)
{
    out->op = op;
    out->nsrc = (uint8_t)nsrc;
    out->vdst = 0;
    out->sdst = EXEC_SREG_NULL;
    for (unsigned i = 0; i < ndst; i++) {
        if (dst[i].kind == ISA_OPND_VGPR)
            out->vdst = dst[i].reg;
        else if (dst[i].kind == ISA_OPND_SREG)
            out->sdst = dst[i].reg;
        if (dst[i].mods & (ISA_MOD_OPSEL | ISA_MOD_HI16))
            out->op_sel |= 1u << 3;
        if (vgpr_end(&dst[i]) > out->vgpr_hi)
            out->vgpr_hi = (uint16_t)vgpr_end(&dst[i]);
    }
    for (unsigned i = 0; i < nsrc && i < 3; i++) {
        const struct isa_operand *o = &src[i];
        if (!bind_opnd(&out->src[i], o)) {
            out->imm = EXEC_REFUSE_LDS_DIRECT;
            return false;
        }
        if ((o->mods & ISA_MOD_SEXT) && !vop3p) {
            out->imm = EXEC_REFUSE_SEXT;
            return false;
        }
        out->abs |= (uint8_t)(((o->mods & ISA_MOD_ABS) != 0) << i);
        out->neg |= (uint8_t)(((o->mods & ISA_MOD_NEG) != 0) << i);
        out->neg_hi |= (uint8_t)(((o->mods & ISA_MOD_NEG_HI) != 0) << i);
        out->op_sel |= (uint8_t)(((o->mods & (ISA_MOD_OPSEL | ISA_MOD_HI16)) != 0) << i);
        out->op_sel_hi |= (uint8_t)(((o->mods & ISA_MOD_OPSEL_HI) != 0) << i);
        if (vgpr_end(o) > out->vgpr_hi)
            out->vgpr_hi = (uint16_t)vgpr_end(o);
    }
    return true;
}

/* In the 32-bit VOP1/VOP2/VOPC encodings a 16-bit operand's 8-bit VGPR
 * field is true16: bit 7 picks the high half of v[field & 127] (the
 * hardware's reading; LLVM 19 keeps such operands below v128 and prints the
 * raw number — isa/'s ISA_F_L128_* flags mark them). */
static void bind_hi16_fields(struct exec_inst *out, const struct isa_inst *d)
{
    static const uint32_t flag[2] = {ISA_F_L128_S0, ISA_F_L128_S1};
    const struct isa_op_info *info = &isa_op_info[d->op];
    bool moved = false;

    for (unsigned i = 0; i < 2; i++) {
        struct exec_opnd *o = &out->src[i];
        if ((info->flags & flag[i]) && o->kind == EXEC_OPND_VGPR && o->reg >= 128) {
            o->reg -= 128;
            out->op_sel |= (uint8_t)(1u << i);
            moved = true;
        }
    }
    if (!moved)
        return;
    /* the highest VGPR is now that of the remapped operands */
    out->vgpr_hi = vgprs_reached(0, d->dst, d->ndst);
    for (unsigned i = 0; i < d->nsrc && i < 3; i++)
        if (out->src[i].kind == EXEC_OPND_VGPR && out->src[i].reg + d->src[i].size_dw > out->vgpr_hi)
            out->vgpr_hi = (uint16_t)(out->src[i].reg + d->src[i].size_dw);
}

/* Which VGPR sources are the destination row (a result computed in place
 * overwrites them before a NaN rule could read them). */
static void bind_alias(struct exec_inst *out)
{
    out->vdst_alias = 0;
    for (unsigned i = 0; i < 3; i++)
        if (out->src[i].kind == EXEC_OPND_VGPR && out->src[i].reg == out->vdst)
            out->vdst_alias |= (uint8_t)(1u << i);
}

static exec_fn *semantics(unsigned op)
{
    exec_fn *fn = exec_emu_table(op);
    return fn ? fn : run_unimplemented;
}

void exec_bind(const uint8_t *bytes, unsigned avail_bytes, uint64_t pc_va,
               const struct exec_disp *dp, struct exec_inst *out,
               struct exec_inst *(*alloc)(void *ctx), void *ctx)
{
    uint32_t words[5] = {0};
    struct isa_inst d;
    const struct isa_op_info *info;
    unsigned n = avail_bytes / 4 < 5 ? avail_bytes / 4 : 5;

    memcpy(words, bytes, n * 4);
    memset(out, 0, sizeof(*out));
    out->pc_va = pc_va;
    out->sdst = EXEC_SREG_NULL;
    out->saddr = EXEC_SADDR_OFF;
    if (!isa_decode(words, n, &d) || d.op == ISA_OP_INVALID) {
        out->fn = run_illegal;
        out->size_bytes = 4;
        out->imm = words[0];
        out->cls = SIM_ICLASS_SALU;
        return;
    }
    info = &isa_op_info[d.op];
    out->size_bytes = (uint8_t)(d.size_dw * 4);
    out->cls = (uint8_t)iclass(&d);
    out->clamp = d.clamp;
    out->omod = d.omod;
    out->fn = semantics(d.op);

    switch (d.enc) {
    case ISA_ENC_SOP1: case ISA_ENC_SOP2: case ISA_ENC_SOPC: case ISA_ENC_SOPK:
    case ISA_ENC_SOPP:
        bind_alu(out, d.op, d.ndst, d.dst, d.nsrc, d.src, false);
        out->imm = d.u.sopp.simm16;
        if (d.enc == ISA_ENC_SOPK && info->form == ISA_FORM_K_HWREG_IMM32) {
            out->src[0].kind = EXEC_OPND_CONST;
            out->src[0].value = d.literal;
        }
        /* s_bitset0/1 read their destination: src[1] is it */
        if (d.op == ISA_OP_s_bitset0_b32 || d.op == ISA_OP_s_bitset1_b32 ||
            d.op == ISA_OP_s_bitset0_b64 || d.op == ISA_OP_s_bitset1_b64)
            bind_opnd(&out->src[1], &d.dst[0]);
        /* s_movrels/movreld: the raw register fields */
        return;
    case ISA_ENC_SMEM:
        bind_alu(out, d.op, d.ndst, d.dst, d.nsrc, d.src, false);
        out->offset = d.u.smem.offset;
        out->data0 = d.ndst ? d.dst[0].reg : EXEC_SREG_NULL;
        out->data1 = d.ndst ? d.dst[0].size_dw : 0;
        return;
    case ISA_ENC_DS:
        out->op = d.op;
        out->vdst = d.ndst ? d.dst[0].reg : 0;
        out->addr = d.src[0].reg;
        out->data0 = d.src[1].reg;
        out->data1 = d.src[2].reg;
        out->offset = d.u.ds.offset0;
        out->offset1 = d.u.ds.offset1;
        out->imm = d.u.ds.offset;
        out->vgpr_hi = vgprs_reached(vgprs_reached(0, d.dst, d.ndst), d.src, 3);
        if (d.u.ds.gds) {
            out->imm = EXEC_REFUSE_GDS;
            out->fn = run_unsupported_operand;
        }
        break;
    case ISA_ENC_FLAT:
        out->op = d.op;
        out->vdst = d.ndst ? d.dst[0].reg : 0;
        out->has_rtn = d.ndst != 0;
        out->addr = d.src[0].kind == ISA_OPND_VGPR ? d.src[0].reg : EXEC_SADDR_OFF;
        out->data0 = d.src[1].reg;
        out->saddr = (d.src[2].kind == ISA_OPND_SREG && d.src[2].reg != EXEC_SREG_NULL)
                         ? d.src[2].reg : EXEC_SADDR_OFF;
        out->offset = d.u.flat.offset;
        out->vgpr_hi = vgprs_reached(vgprs_reached(0, d.dst, d.ndst), d.src, 3);
        break;
    case ISA_ENC_MUBUF:
    case ISA_ENC_MTBUF:
        out->op = d.op;
        out->imm = d.u.buf.format;                  /* MTBUF: the unified format */
        out->vdst = out->data0 = d.src[0].reg;    /* vdata: loaded into, stored from */
        out->has_rtn = d.u.buf.glc;                 /* atomics: return the old value */
        out->addr = d.u.buf.offen || d.u.buf.idxen ? d.src[1].reg : EXEC_SADDR_OFF;
        out->saddr = d.src[2].reg;                  /* the V#: four SGPRs */
        bind_opnd(&out->src[0], &d.src[3]);         /* soffset */
        out->offset = d.u.buf.offset;
        out->offset1 = (uint16_t)((d.u.buf.offen ? EXEC_BUF_OFFEN : 0) |
                                  (d.u.buf.idxen ? EXEC_BUF_IDXEN : 0));
        out->vgpr_hi = vgprs_reached(0, d.src, 2);
        if (d.u.buf.tfe) {
            out->imm = EXEC_REFUSE_TFE;
            out->fn = run_unsupported_operand;
        }
        break;
    case ISA_ENC_VOPD: {
        struct exec_inst *x = alloc(ctx), *y = alloc(ctx);

        if (!x || !y) {
            out->fn = run_unimplemented;
            return;
        }
        memset(x, 0, sizeof(*x));
        memset(y, 0, sizeof(*y));
        x->pc_va = y->pc_va = pc_va;
        x->cls = y->cls = SIM_ICLASS_VOPD;
        if (!bind_alu(x, d.op, d.ndst, d.dst, d.nsrc, d.src, false) ||
            !bind_alu(y, d.u.vopd.op, 1, &d.u.vopd.dst, d.u.vopd.nsrc, d.u.vopd.src, false)) {
            out->fn = run_unsupported_operand;
            out->imm = x->imm ? x->imm : y->imm;
            return;
        }
        x->fn = semantics(x->op);
        y->fn = semantics(y->op);
        out->op = d.op;
        out->cls = SIM_ICLASS_VOPD;
        out->vdst = x->vdst;            /* X's real destination */
        x->vdst = EXEC_VGPR_TEMP;       /* X writes the hidden row first */
        bind_alias(x);
        bind_alias(y);
        out->vopd_x = x;
        out->vopd_y = y;
        out->vgpr_hi = x->vgpr_hi > y->vgpr_hi ? x->vgpr_hi : y->vgpr_hi;
        if (out->vdst + 1u > out->vgpr_hi)
            out->vgpr_hi = (uint16_t)(out->vdst + 1u);
        out->fn = exec_run_vopd;
        if (x->fn == run_unimplemented || y->fn == run_unimplemented) {
            out->fn = run_unimplemented;
            out->op = x->fn == run_unimplemented ? x->op : y->op;
        }
        break;
    }
    default:    /* VOP1, VOP2, VOPC, VOP3, VOP3P, VINTERP, LDSDIR, MUBUF, ... */
        if (!bind_alu(out, d.op, d.ndst, d.dst, d.nsrc, d.src, d.enc == ISA_ENC_VOP3P)) {
            out->fn = run_unsupported_operand;
            return;
        }
        if (d.enc == ISA_ENC_VOP3P) {
            /* packed modifiers as encoded: op_sel / op_sel_hi / neg_lo /
             * neg_hi per source (dot and mix forms give them other meanings) */
            out->op_sel = d.op_sel;
            out->op_sel_hi = d.op_sel_hi;
            out->neg = d.neg;
            out->neg_hi = d.neg_hi;
            out->abs = 0;
        }
        if (d.enc == ISA_ENC_VOP1 || d.enc == ISA_ENC_VOP2 || d.enc == ISA_ENC_VOPC)
            bind_hi16_fields(out, &d);
        bind_alias(out);
        if (d.dpp != ISA_DPP_NONE && out->fn != run_unimplemented) {
            out->dpp.is_dpp8 = d.dpp == ISA_DPP_8;
            out->dpp.row_mask = d.u.dpp.row_mask;
            out->dpp.bank_mask = d.u.dpp.bank_mask;
            out->dpp.bound_ctrl = d.u.dpp.bound_ctrl;
            out->dpp.fi = d.u.dpp.fi;
            out->dpp.ctrl = d.u.dpp.ctrl;
            for (unsigned i = 0; i < 8; i++)
                out->dpp.sel8[i] = (uint8_t)((d.u.dpp.sel >> (3 * i)) & 7);
            out->dpp.vsrc0 = out->src[0].reg;
            out->src[0].kind = EXEC_OPND_DPP;
            out->inner = out->fn;
            out->fn = exec_run_dpp;
        }
        break;
    }
    if (out->vgpr_hi > dp->vgprs && out->fn != run_unimplemented)
        out->fn = run_vgpr_range;
}

void exec_disasm(const struct exec_disp *dp, uint64_t pc_va, char *buf, unsigned buf_bytes)
{
    uint32_t words[5] = {0};
    unsigned n = 0;

    /* as many dwords as are readable, up to the longest instruction */
    while (n < 5 && !sim_vm_read(dp->vm, pc_va + 4u * n, &words[n], 4, NULL))
        n++;
    if (!n) {
        snprintf(buf, buf_bytes, "<unreadable>");
        return;
    }
    if (isa_disasm_words(words, n, buf, buf_bytes, NULL) < 0)
        snprintf(buf, buf_bytes, ".long 0x%08x", words[0]);
}
