/*
 * sim/exec_wmma.c — wave32 WMMA: D = A x B + C on 16x16 tiles.
 *
 * Register layout (RDNA3 ISA guide "WMMA"; GPUOpen "How to accelerate AI
 * applications on RDNA 3 using WMMA"; see reference/rdna3-isa.md §4.1):
 *   A (src0): lane l holds row M = l % 16; 16-bit element K is in VGPR K/2,
 *             low half for even K.  8-bit (iu8): VGPR K/4, byte K%4;
 *             4-bit (iu4): VGPR K/8, nibble K%8.  Lanes 16-31 repeat 0-15.
 *   B (src1): the same with lane l holding column N = l % 16.
 *   C, D:     VGPR v of lane l is element [M = 2v + l/16][N = l % 16]; the
 *             f16/bf16-result forms hold it in the half op_sel[2] picks and
 *             keep the other half.
 * A lane in the upper half reads the A row and B column it needs from the
 * upper half of A and B (errata WMMA_HALVES).
 * Products are exact in double and summed with C before one rounding
 * (errata DOT_WMMA_ROUNDING).  neg_lo / neg_hi negate the even / odd K
 * elements of A and B (float forms); for C, neg_lo negates and neg_hi takes
 * the absolute value (errata WMMA_NEG).  For iu8/iu4, neg_lo[0] / neg_lo[1]
 * make A / B signed and clamp saturates.
 */
#include <limits.h>

#include "sim/exec_valu.h"

EMU_ANCHOR(wmma);

#define TILE 16

enum wmma_in { WI_F16, WI_BF16, WI_IU8, WI_IU4 };
enum wmma_out { WO_F32, WO_F16, WO_BF16, WO_I32 };

/* Element K of an A row / B column held by lane `lane` of the tuple at reg. */
static double fp_elem(struct sim_wave *w, unsigned reg, unsigned lane, unsigned k, enum wmma_in t,
                      uint32_t neg_lo, uint32_t neg_hi)
{
    uint32_t v = w->v[reg + k / 2][lane];
    uint32_t h = (k & 1) ? v >> 16 : v & 0xffff;
    double d = t == WI_F16 ? f16_to_f64((uint16_t)h, true) : exec_widen_fmt(h, EXEC_FMT_BF16, true);
    if ((k & 1) ? neg_hi : neg_lo)
        d = -d;
    return d;
}

static int64_t int_elem(struct sim_wave *w, unsigned reg, unsigned lane, unsigned k, enum wmma_in t,
                        bool sgn)
{
    unsigned bits = t == WI_IU8 ? 8 : 4, per = 32 / bits;
    uint32_t v = w->v[reg + k / per][lane];
    uint64_t e = (v >> ((k % per) * bits)) & ((1u << bits) - 1);
    return sgn ? (int64_t)sext64(e, bits) : (int64_t)e;
}

static int wmma(struct sim_wave *w, const struct exec_inst *in, enum wmma_in ti, enum wmma_out to)
{
    const struct exec_opnd *a = &in->src[0], *b = &in->src[1], *c = &in->src[2];
    bool hi_half = (in->op_sel >> 2) & 1;
    uint32_t out[8][SIM_WAVE_LANES];

    if (a->kind != EXEC_OPND_VGPR || b->kind != EXEC_OPND_VGPR)
        return exec_fault(w, -EINVAL, SIM_FAULT_ILLEGAL_INSN, 0,
                          "%s: A and B must be VGPRs", "v_wmma");
    for (unsigned v = 0; v < 8; v++) {
        for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
            unsigned half = l / 16, m = 2 * v + half, n = l % 16;
            unsigned alane = m + 16 * half, blane = n + 16 * half;
            uint32_t cv = c->kind == EXEC_OPND_VGPR ? w->v[c->reg + v][l] : exec_opnd_u32(w, c);
            uint32_t old = w->v[in->vdst + v][l];

            if (to == WO_I32) {
                int64_t acc = (int32_t)cv;
                for (unsigned k = 0; k < TILE; k++)
                    acc += int_elem(w, a->reg, alane, k, ti, in->neg & 1) *
                           int_elem(w, b->reg, blane, k, ti, (in->neg >> 1) & 1);
                if (in->clamp)
                    acc = acc > INT32_MAX ? INT32_MAX : acc < INT32_MIN ? INT32_MIN : acc;
                out[v][l] = (uint32_t)acc;
                continue;
            }
            double acc;
            if (to == WO_F32) {
                acc = u2f(cv);
            } else {
                uint32_t ch = hi_half ? cv >> 16 : cv & 0xffff;
                acc = to == WO_F16 ? f16_to_f64((uint16_t)ch, true)
                                   : exec_widen_fmt(ch, EXEC_FMT_BF16, true);
            }
            if ((in->neg_hi >> 2) & 1)
                acc = fabs(acc);
            if ((in->neg >> 2) & 1)
                acc = -acc;
            for (unsigned k = 0; k < TILE; k++)
                acc += fp_elem(w, a->reg, alane, k, ti, in->neg & 1, in->neg_hi & 1) *
                       fp_elem(w, b->reg, blane, k, ti, (in->neg >> 1) & 1, (in->neg_hi >> 1) & 1);
            if (to == WO_F32) {
                out[v][l] = f2u((float)acc);
            } else {
                struct exec_fpmode rne = {EXEC_ROUND_NEAREST_EVEN,
                                          EXEC_DENORM_KEEP_IN | EXEC_DENORM_KEEP_OUT, false};
                uint32_t h = exec_round_fmt(acc, to == WO_F16 ? EXEC_FMT_F16 : EXEC_FMT_BF16, &rne);
                out[v][l] = hi_half ? (old & 0xffffu) | h << 16 : (old & 0xffff0000u) | h;
            }
        }
    }
    for (unsigned v = 0; v < 8; v++)
        exec_vgpr_write(w, in->vdst + v, out[v]);
    w->st->wmma_ops++;
    return EXEC_NEXT;
}

EMU(v_wmma_f32_16x16x16_f16) { return wmma(w, in, WI_F16, WO_F32); }
EMU(v_wmma_f32_16x16x16_bf16) { return wmma(w, in, WI_BF16, WO_F32); }
EMU(v_wmma_f16_16x16x16_f16) { return wmma(w, in, WI_F16, WO_F16); }
EMU(v_wmma_bf16_16x16x16_bf16) { return wmma(w, in, WI_BF16, WO_BF16); }
EMU(v_wmma_i32_16x16x16_iu8) { return wmma(w, in, WI_IU8, WO_I32); }
EMU(v_wmma_i32_16x16x16_iu4) { return wmma(w, in, WI_IU4, WO_I32); }
