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
 * Float forms: every product is exact in double; C and the 16 products are
 * added in double one by one in K order and the sum rounded once (errata
 * DOT_WMMA_ROUNDING); a NaN sum is chosen as errata WMMA_NAN says.
 * neg_lo / neg_hi negate the even / odd K elements of A and B (float forms);
 * for C, neg_lo negates and neg_hi takes the absolute value (errata
 * WMMA_NEG).  For iu8/iu4, neg_lo[0] / neg_lo[1] make A / B signed and clamp
 * saturates.
 *
 * Speed: A and B are decoded once per instruction into [K][lane] tiles (the
 * 16-bit elements widened to double, the integers to int32), and each
 * result row is a 32-lane loop over K that the compiler vectorises; the
 * sequence of IEEE operations per element is the one the rule above fixes,
 * so the results do not depend on the vector width.
 */
#include <limits.h>

#include "sim/exec_valu.h"

EMU_ANCHOR(wmma);

#define TILE 16
#define WMMA_ROWS 8     /* C and D VGPRs: 16x16 elements over 32 lanes */

/* A and B, decoded: element K of lane l at [K][l]. */
typedef double wmma_ftile[TILE][SIM_WAVE_LANES];
typedef int32_t wmma_itile[TILE][SIM_WAVE_LANES];

/* The bits of exec_widen_fmt(h, f, true) for a 16-bit format (f16, bf16),
 * written without branches so that decoding vectorises. */
static inline __attribute__((always_inline)) uint64_t wmma_widen(uint32_t h, struct exec_fmt f)
{
    int bias = (1 << (f.exp_bits - 1)) - 1;
    uint32_t mag = h & 0x7fffu, e = mag >> f.mant_bits;
    uint64_t sign = (uint64_t)(h >> 15) << 63;
    uint64_t field = (uint64_t)mag << (52 - f.mant_bits);   /* exponent and fraction */
    uint64_t normal = field + ((uint64_t)(1023 - bias) << 52);
    uint64_t special = field | 0x7ffull << 52;              /* infinity, NaN (not quieted) */
    /* mag * 2^(1 - bias - mant_bits), exact; 0 stays 0 */
    uint64_t denorm = d2u((double)(int32_t)mag *
                          u2d((uint64_t)(1023 + 1 - bias - f.mant_bits) << 52));
    uint64_t is_sp = -(uint64_t)(e == (1u << f.exp_bits) - 1), is_den = -(uint64_t)(e == 0);

    return (normal & ~(is_sp | is_den)) | (special & is_sp) | (denorm & is_den) | sign;
}

/* Decode a float A or B operand (8 VGPRs from reg): even K in the low
 * halves, odd K in the high halves; neg_lo / neg_hi flip the signs. */
static inline __attribute__((always_inline)) void
wmma_decode_fp(const struct sim_wave *w, unsigned reg, struct exec_fmt f, bool neg_lo,
               bool neg_hi, wmma_ftile x)
{
    uint64_t slo = (uint64_t)neg_lo << 63, shi = (uint64_t)neg_hi << 63;

    for (unsigned j = 0; j < TILE / 2; j++) {
        const uint32_t *r = w->v[reg + j];
        LANES {
            x[2 * j][l] = u2d(wmma_widen(r[l] & 0xffffu, f) ^ slo);
            x[2 * j + 1][l] = u2d(wmma_widen(r[l] >> 16, f) ^ shi);
        }
    }
}

static inline double wmma_quiet(double x)
{
    return u2d(d2u(x) | EXEC_F64_QUIET_BIT);
}

/* One element whose sum is a NaN, summed again with the NaN chosen as
 * errata WMMA_NAN says rather than as the host's operand order happens to:
 * a product is B's element when that is a NaN, else A's, quieted; a NaN
 * product replaces the sum; a NaN sum stays (quieted) under a non-NaN
 * product.  Only which NaN differs from the vector loop. */
static double wmma_nan_sum(double c, const wmma_ftile A, const wmma_ftile B, unsigned alane,
                           unsigned blane)
{
    double acc = c;

    for (unsigned k = 0; k < TILE; k++) {
        double a = A[k][alane], b = B[k][blane];
        double p = isnan(b) ? wmma_quiet(b) : isnan(a) ? wmma_quiet(a) : a * b;
        acc = isnan(p) ? p : acc + p;
    }
    return acc;
}

/* exec_round_fmt(x, f, RNE with denormals kept, no clamp) for a 16-bit
 * format, without a call where |x| is 0 or in f's normal range (a carry out
 * of the top binade gives the infinity, as RNE overflow does); *slow is set
 * where the caller must call exec_round_fmt instead. */
static inline __attribute__((always_inline)) uint32_t wmma_round16(double x, struct exec_fmt f,
                                                                  uint32_t *slow)
{
    int bias = (1 << (f.exp_bits - 1)) - 1;
    unsigned sh = 52 - f.mant_bits;
    uint64_t b = d2u(x), mag = b & ~(1ull << 63);
    uint64_t lo = (uint64_t)(1023 + 1 - bias) << 52, hi = (uint64_t)(1023 + bias + 1) << 52;
    uint64_t r = (mag + ((1ull << (sh - 1)) - 1) + ((mag >> sh) & 1)) >> sh;

    r -= (uint64_t)(1023 - bias) << f.mant_bits;
    *slow = (mag - lo >= hi - lo) & (mag != 0);
    return (uint32_t)(b >> 63) << (f.mant_bits + f.exp_bits) | (mag ? (uint32_t)r : 0);
}

enum wmma_out { WO_F32, WO_F16, WO_BF16 };

/* A and B come from VGPRs only; a scalar or constant there is refused. */
static int wmma_refuse(struct sim_wave *w, const struct exec_inst *in)
{
    if (in->src[0].kind == EXEC_OPND_VGPR && in->src[1].kind == EXEC_OPND_VGPR)
        return EXEC_NEXT;
    return exec_fault(w, -EINVAL, SIM_FAULT_ILLEGAL_INSN, 0, "%s: A and B must be VGPRs",
                      "v_wmma");
}

/* Float forms.  The clones differ only in vector width. */
__attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4"))) static int
wmma_fp(struct sim_wave *w, const struct exec_inst *in, bool bf16_in, enum wmma_out to)
{
    const struct exec_opnd *c = &in->src[2];
    struct exec_fmt fin = bf16_in ? EXEC_FMT_BF16 : EXEC_FMT_F16;
    struct exec_fmt fout = to == WO_F16 ? EXEC_FMT_F16 : EXEC_FMT_BF16;
    bool hi_half = (in->op_sel >> 2) & 1;
    uint64_t c_and = (in->neg_hi >> 2) & 1 ? ~(1ull << 63) : ~0ull;
    uint64_t c_xor = (uint64_t)((in->neg >> 2) & 1) << 63;
    _Alignas(64) wmma_ftile A, B;
    _Alignas(64) uint32_t out[WMMA_ROWS][SIM_WAVE_LANES];

    if (wmma_refuse(w, in))
        return EXEC_FAULT;
    wmma_decode_fp(w, in->src[0].reg, fin, in->neg & 1, in->neg_hi & 1, A);
    wmma_decode_fp(w, in->src[1].reg, fin, (in->neg >> 1) & 1, (in->neg_hi >> 1) & 1, B);
    for (unsigned v = 0; v < WMMA_ROWS; v++) {
        const uint32_t *cr = c->kind == EXEC_OPND_VGPR ? w->v[c->reg + v] : NULL;
        uint32_t cs = exec_opnd_u32(w, c), nan = 0;
        _Alignas(64) double acc[SIM_WAVE_LANES], c0[SIM_WAVE_LANES];

        LANES {
            uint32_t cv = cr ? cr[l] : cs;
            double x;
            if (to == WO_F32)
                x = u2f(cv);
            else
                x = u2d(wmma_widen(hi_half ? cv >> 16 : cv & 0xffffu, fout));
            c0[l] = acc[l] = u2d((d2u(x) & c_and) ^ c_xor);
        }
        /* lane l: row M = 2v + l/16 of A from lane M + 16 * (l/16) */
        for (unsigned k = 0; k < TILE; k++) {
            double a_lo = A[k][2 * v], a_hi = A[k][TILE + 2 * v + 1];
            for (unsigned l = 0; l < TILE; l++)
                acc[l] = acc[l] + a_lo * B[k][l];
            for (unsigned l = TILE; l < SIM_WAVE_LANES; l++)
                acc[l] = acc[l] + a_hi * B[k][l];
        }
        LANES nan |= (uint32_t)isnan(acc[l]) << l;
        for (; nan; nan &= nan - 1) {
            unsigned l = (unsigned)__builtin_ctz(nan), half = l / TILE;
            acc[l] = wmma_nan_sum(c0[l], (const double (*)[SIM_WAVE_LANES])A,
                                  (const double (*)[SIM_WAVE_LANES])B,
                                  2 * v + half + TILE * half, l);
        }
        if (to == WO_F32) {
            LANES out[v][l] = f2u((float)acc[l]);
        } else {
            const uint32_t *old = w->v[in->vdst + v];
            uint32_t slow = 0;
            LANES {
                uint32_t s, h = wmma_round16(acc[l], fout, &s);
                slow |= s << l;
                out[v][l] = hi_half ? (old[l] & 0xffffu) | h << 16 : (old[l] & 0xffff0000u) | h;
            }
            for (; slow; slow &= slow - 1) {
                static const struct exec_fpmode rne = {
                    EXEC_ROUND_NEAREST_EVEN, EXEC_DENORM_KEEP_IN | EXEC_DENORM_KEEP_OUT, false};
                unsigned l = (unsigned)__builtin_ctz(slow);
                uint32_t h = exec_round_fmt(acc[l], fout, &rne);
                out[v][l] = hi_half ? (old[l] & 0xffffu) | h << 16 : (old[l] & 0xffff0000u) | h;
            }
        }
    }
    for (unsigned v = 0; v < WMMA_ROWS; v++)
        exec_vgpr_write(w, in->vdst + v, out[v]);
    w->st->wmma_ops++;
    return EXEC_NEXT;
}

/* Decode an integer A or B operand of `bits`-wide elements (8: iu8, 4: iu4),
 * signed when sgn. */
static inline __attribute__((always_inline)) void
wmma_decode_int(const struct sim_wave *w, unsigned reg, unsigned bits, bool sgn, wmma_itile x)
{
    unsigned per = 32 / bits;
    uint32_t m = (1u << bits) - 1, sbit = sgn ? 1u << (bits - 1) : 0;

    for (unsigned k = 0; k < TILE; k++) {
        const uint32_t *r = w->v[reg + k / per];
        unsigned sh = (k % per) * bits;
        LANES x[k][l] = (int32_t)(((r[l] >> sh) & m) ^ sbit) - (int32_t)sbit;
    }
}

/* Integer forms: the 16 products (|p| <= 255 * 255) sum exactly in int32,
 * C is added in int64 before the clamp. */
__attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4"))) static int
wmma_int(struct sim_wave *w, const struct exec_inst *in, unsigned bits)
{
    const struct exec_opnd *c = &in->src[2];
    _Alignas(64) wmma_itile A, B;
    _Alignas(64) uint32_t out[WMMA_ROWS][SIM_WAVE_LANES];

    if (wmma_refuse(w, in))
        return EXEC_FAULT;
    wmma_decode_int(w, in->src[0].reg, bits, in->neg & 1, A);
    wmma_decode_int(w, in->src[1].reg, bits, (in->neg >> 1) & 1, B);
    for (unsigned v = 0; v < WMMA_ROWS; v++) {
        const uint32_t *cr = c->kind == EXEC_OPND_VGPR ? w->v[c->reg + v] : NULL;
        uint32_t cs = exec_opnd_u32(w, c);
        int32_t sum[SIM_WAVE_LANES] = {0};

        for (unsigned k = 0; k < TILE; k++) {
            int32_t a_lo = A[k][2 * v], a_hi = A[k][TILE + 2 * v + 1];
            for (unsigned l = 0; l < TILE; l++)
                sum[l] += a_lo * B[k][l];
            for (unsigned l = TILE; l < SIM_WAVE_LANES; l++)
                sum[l] += a_hi * B[k][l];
        }
        LANES {
            int64_t acc = (int64_t)(int32_t)(cr ? cr[l] : cs) + sum[l];
            if (in->clamp)
                acc = acc > INT32_MAX ? INT32_MAX : acc < INT32_MIN ? INT32_MIN : acc;
            out[v][l] = (uint32_t)acc;
        }
    }
    for (unsigned v = 0; v < WMMA_ROWS; v++)
        exec_vgpr_write(w, in->vdst + v, out[v]);
    w->st->wmma_ops++;
    return EXEC_NEXT;
}

EMU(v_wmma_f32_16x16x16_f16) { return wmma_fp(w, in, false, WO_F32); }
EMU(v_wmma_f32_16x16x16_bf16) { return wmma_fp(w, in, true, WO_F32); }
EMU(v_wmma_f16_16x16x16_f16) { return wmma_fp(w, in, false, WO_F16); }
EMU(v_wmma_bf16_16x16x16_bf16) { return wmma_fp(w, in, true, WO_BF16); }
EMU(v_wmma_i32_16x16x16_iu8) { return wmma_int(w, in, 8); }
EMU(v_wmma_i32_16x16x16_iu4) { return wmma_int(w, in, 4); }
