/*
 * sim/exec_lane.c — cross-lane VALU: the DPP16/DPP8 source permutation,
 * VOPD dual issue, v_readlane/v_writelane/v_readfirstlane, v_permlane16/x16,
 * and the M0-relative VGPR moves.
 */
#include "sim/exec_table.h"
#include "sim/exec_valu.h"

EMU_ANCHOR(lane);

/* ---------------------------------------------------------------- DPP */

/* DPP16 dpp_ctrl values (RDNA3 ISA guide "DPP16"; LLVM 19 gfx11_dasm_vop1_dpp16):
 * 0x000-0x0FF quad_perm, 0x101-0x10F row_shl, 0x111-0x11F row_shr,
 * 0x121-0x12F row_ror, 0x140 row_mirror, 0x141 row_half_mirror,
 * 0x150-0x15F row_share, 0x160-0x16F row_xmask. */
#define DPP_QUAD_PERM_LAST 0x0ffu
#define DPP_ROW_SHL 0x100u
#define DPP_ROW_SHR 0x110u
#define DPP_ROW_ROR 0x120u
#define DPP_ROW_MIRROR 0x140u
#define DPP_ROW_HALF_MIRROR 0x141u
#define DPP_ROW_SHARE 0x150u
#define DPP_ROW_XMASK 0x160u

/* Source lane of lane l; false if out of the row (a shift past its end). */
static bool dpp16_src(unsigned ctrl, unsigned l, unsigned *src)
{
    unsigned row = l & ~15u, lir = l & 15u, n = ctrl & 15u;

    if (ctrl <= DPP_QUAD_PERM_LAST) {
        *src = (l & ~3u) + ((ctrl >> (2 * (l & 3u))) & 3u);
        return true;
    }
    switch (ctrl & ~15u) {
    case DPP_ROW_SHL:
        *src = l + n;
        return n && lir + n < 16;
    case DPP_ROW_SHR:
        *src = l - n;
        return n && lir >= n;
    case DPP_ROW_ROR:
        *src = row + ((lir - n) & 15u);
        return n != 0;
    case DPP_ROW_SHARE:
        *src = row + n;
        return true;
    case DPP_ROW_XMASK:
        *src = row + (lir ^ n);
        return true;
    default:
        break;
    }
    if (ctrl == DPP_ROW_MIRROR) {
        *src = row + (15u - lir);
        return true;
    }
    if (ctrl == DPP_ROW_HALF_MIRROR) {
        *src = row + ((lir & 8u) | (7u - (lir & 7u)));
        return true;
    }
    *src = l;
    return false;
}

/* Permute src0 into w->dpp_src and narrow the lanes the op may write:
 * row_mask/bank_mask disable lanes; an out-of-row source, or an inactive
 * source lane without fi, reads 0 with bound_ctrl and disables the lane
 * without it (RDNA3 ISA guide, DPP: BOUND_CTRL / FI; errata DPP_FI). */
int exec_run_dpp(struct sim_wave *w, const struct exec_inst *in)
{
    const struct exec_dpp *p = &in->dpp;
    const uint32_t *v = w->v[p->vsrc0];
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO], mask = 0;
    int r;

    if (p->is_dpp8) {
        for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
            unsigned s = (l & ~7u) + p->sel8[l & 7u];
            bool live = p->fi || ((exec >> s) & 1);
            w->dpp_src[l] = live ? v[s] : 0;
        }
        mask = ~0u;
    } else {
        for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
            unsigned s;
            bool enabled = ((p->row_mask >> (l / 16)) & 1) && ((p->bank_mask >> ((l & 15) / 4)) & 1);
            bool valid = dpp16_src(p->ctrl, l, &s) && (p->fi || ((exec >> s) & 1));

            if (!enabled)
                continue;
            if (valid) {
                w->dpp_src[l] = v[s];
                mask |= 1u << l;
            } else if (p->bound_ctrl) {
                w->dpp_src[l] = 0;
                mask |= 1u << l;
            }
        }
    }
    w->st->dpp_ops++;
    w->dpp_mask = mask;
    r = in->inner(w, in);
    w->dpp_mask = ~0u;
    return r;
}

/* ---------------------------------------------------------------- VOPD */

int exec_run_vopd(struct sim_wave *w, const struct exec_inst *in)
{
    int r;

    w->st->vopd_pairs++;
    r = in->vopd_x->fn(w, in->vopd_x);     /* into the hidden row */
    if (r)
        return r;
    r = in->vopd_y->fn(w, in->vopd_y);
    if (r)
        return r;
    exec_vgpr_write(w, in->vdst, w->v[EXEC_VGPR_TEMP]);
    return EXEC_NEXT;
}

/* ---------------------------------------------------------------- lane access */

EMU(v_readfirstlane_b32)
{
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO];
    unsigned lane = exec ? (unsigned)__builtin_ctz(exec) : 0;
    const uint32_t *s = vs(w, in, 0);

    exec_sreg_write(w, in->sdst, s[lane]);
    return EXEC_NEXT;
}

EMU(v_readlane_b32)
{
    const uint32_t *s = vs(w, in, 0);
    unsigned lane = exec_opnd_u32(w, &in->src[1]) & 31u;

    exec_sreg_write(w, in->sdst, s[lane]);
    return EXEC_NEXT;
}

/* v_writelane_b32: one lane, whatever EXEC says. */
EMU(v_writelane_b32)
{
    uint32_t v = exec_opnd_u32(w, &in->src[0]);
    unsigned lane = exec_opnd_u32(w, &in->src[1]) & 31u;

    w->v[in->vdst][lane] = v;
    if (w->tracing)
        exec_trace_note_vgpr(w, in->vdst);
    return EXEC_NEXT;
}

/* v_permlane16: lane i of each row of 16 takes src0[row*16 + sel(i)],
 * sel = {S2, S1} as 16 nibbles; x16 reads the other row.  op_sel[0] is fi
 * and op_sel[1] bound_ctrl (LLVM 19: v_permlane16_b32 ... op_sel:[1,1]):
 * without fi an inactive source lane is invalid, and an invalid lane keeps
 * its old value unless bound_ctrl makes it read 0. */
static int permlane(struct sim_wave *w, const struct exec_inst *in, bool x16)
{
    const uint32_t *s = w->v[in->src[0].reg];
    uint64_t sel = exec_opnd_u32(w, &in->src[1]) | (uint64_t)exec_opnd_u32(w, &in->src[2]) << 32;
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO], r[SIM_WAVE_LANES], keep = 0;
    bool fi = in->op_sel & 1, bc = (in->op_sel >> 1) & 1;

    LANES {
        unsigned row = l / 16 ^ (x16 ? 1u : 0u);
        unsigned src = row * 16 + (unsigned)((sel >> (4 * (l & 15))) & 15);
        if (fi || ((exec >> src) & 1)) {
            r[l] = s[src];
        } else if (bc) {
            r[l] = 0;
        } else {
            r[l] = w->v[in->vdst][l];
            keep |= 1u << l;
        }
    }
    (void)keep;
    return vd(w, in, r);
}

EMU(v_permlane16_b32) { return permlane(w, in, false); }
EMU(v_permlanex16_b32) { return permlane(w, in, true); }

/* v_permlane64: wave64 only; a no-op in wave32 (ISA guide pseudocode). */
EMU(v_permlane64_b32) { return EXEC_NEXT; }

/* ---------------------------------------------------------------- M0-relative VGPRs */

/* The VGPR reg + M0 of each... one index for the whole wave; past the
 * allocation is a fault (the hardware's result is undefined there). */
static int rel_vgpr(struct sim_wave *w, unsigned base, uint32_t m0, unsigned *out)
{
    uint64_t i = (uint64_t)base + m0;

    if (i >= w->disp->vgprs)
        return exec_fault(w, -EINVAL, SIM_FAULT_ILLEGAL_INSN, 0,
                          "M0-relative VGPR index v%llu is beyond the %u VGPRs allocated",
                          (unsigned long long)i, w->disp->vgprs);
    *out = (unsigned)i;
    return EXEC_NEXT;
}

EMU(v_movrels_b32)
{
    unsigned s = 0;
    int r = rel_vgpr(w, in->src[0].reg, w->s[EXEC_SREG_M0], &s);
    if (r)
        return r;
    return vd(w, in, w->v[s]);
}

EMU(v_movreld_b32)
{
    unsigned d = 0;
    const uint32_t *src = vs(w, in, 0);
    int r = rel_vgpr(w, in->vdst, w->s[EXEC_SREG_M0], &d);
    if (r)
        return r;
    exec_vgpr_write(w, d, src);
    return EXEC_NEXT;
}

EMU(v_movrelsd_b32)
{
    unsigned s = 0, d = 0;
    uint32_t tmp[SIM_WAVE_LANES];
    int r = rel_vgpr(w, in->src[0].reg, w->s[EXEC_SREG_M0], &s);
    if (!r)
        r = rel_vgpr(w, in->vdst, w->s[EXEC_SREG_M0], &d);
    if (r)
        return r;
    memcpy(tmp, w->v[s], sizeof(tmp));
    exec_vgpr_write(w, d, tmp);
    return EXEC_NEXT;
}

EMU(v_movrelsd_2_b32)
{
    unsigned s = 0, d = 0;
    uint32_t m0 = w->s[EXEC_SREG_M0], tmp[SIM_WAVE_LANES];
    int r = rel_vgpr(w, in->src[0].reg, m0 & 0x3ffu, &s);
    if (!r)
        r = rel_vgpr(w, in->vdst, (m0 >> 16) & 0x3ffu, &d);
    if (r)
        return r;
    memcpy(tmp, w->v[s], sizeof(tmp));
    exec_vgpr_write(w, d, tmp);
    return EXEC_NEXT;
}

EMU(v_swaprel_b32)
{
    unsigned s = 0, d = 0;
    uint32_t m0 = w->s[EXEC_SREG_M0], a[SIM_WAVE_LANES], b[SIM_WAVE_LANES];
    int r = rel_vgpr(w, in->src[0].reg, m0 & 0x3ffu, &s);
    if (!r)
        r = rel_vgpr(w, in->vdst, (m0 >> 16) & 0x3ffu, &d);
    if (r)
        return r;
    memcpy(a, w->v[s], sizeof(a));
    memcpy(b, w->v[d], sizeof(b));
    exec_vgpr_write(w, d, a);
    exec_vgpr_write(w, s, b);
    return EXEC_NEXT;
}

/* v_swap_b32: D <-> S0, both under EXEC. */
EMU(v_swap_b32)
{
    uint32_t a[SIM_WAVE_LANES], b[SIM_WAVE_LANES];

    memcpy(a, w->v[in->src[0].reg], sizeof(a));
    memcpy(b, w->v[in->vdst], sizeof(b));
    exec_vgpr_write(w, in->vdst, a);
    exec_vgpr_write(w, in->src[0].reg, b);
    return EXEC_NEXT;
}

EMU(v_nop) { return EXEC_NEXT; }
EMU(v_pipeflush) { return EXEC_NEXT; }
