/*
 * sim/exec_vop3p.c — VOP3P packed math: two 16-bit lanes per dword, each
 * source's low / high operand picked by op_sel / op_sel_hi, negated by
 * neg_lo / neg_hi (float ops); the dot products and the f16/f32 mix fmas.
 * Inline constants of packed-float operands are an f16 value in the low
 * half (0 in the high half), of packed-integer operands the 32-bit pattern
 * (tinygrad test/amd/hw/test_vop3p.py, checked on RDNA3; see exec_bind.c).
 */
#include "sim/exec_valu.h"

EMU_ANCHOR(vop3p);

/* Source i as (lo, hi) 16-bit pairs per lane. */
static void pk_src(struct sim_wave *w, const struct exec_inst *in, int i, bool is_float,
                   uint32_t *lo, uint32_t *hi)
{
    const uint32_t *s = vs(w, in, i);
    unsigned sl = ((in->op_sel >> i) & 1) ? 16 : 0, sh = ((in->op_sel_hi >> i) & 1) ? 16 : 0;
    uint32_t nl = (is_float && ((in->neg >> i) & 1)) ? 0x8000u : 0;
    uint32_t nh = (is_float && ((in->neg_hi >> i) & 1)) ? 0x8000u : 0;

    LANES {
        lo[l] = ((s[l] >> sl) & 0xffff) ^ nl;
        hi[l] = ((s[l] >> sh) & 0xffff) ^ nh;
    }
}

/* The up-to-three sources of a packed op, split into halves. */
struct pk_srcs {
    uint32_t lo[3][SIM_WAVE_LANES], hi[3][SIM_WAVE_LANES];
};

static void pk_load(struct sim_wave *w, const struct exec_inst *in, bool is_float,
                    unsigned nsrc, struct pk_srcs *p)
{
    for (unsigned i = 0; i < 3; i++) {
        if (i < nsrc && i < in->nsrc) {
            pk_src(w, in, i, is_float, p->lo[i], p->hi[i]);
        } else {
            memset(p->lo[i], 0, sizeof(p->lo[i]));
            memset(p->hi[i], 0, sizeof(p->hi[i]));
        }
    }
}

#define PK_F(name, EXPR)                                                \
    EMU(name)                                                           \
    {                                                                   \
        struct pk_srcs p;                                               \
        uint32_t r[SIM_WAVE_LANES];                                     \
        pk_load(w, in, true, 3, &p);                                    \
        LANES {                                                         \
            uint32_t lo, hi;                                            \
            {                                                           \
                double a = h2d(w, p.lo[0][l]), b = h2d(w, p.lo[1][l]), c = h2d(w, p.lo[2][l]); \
                (void)c;                                                \
                lo = d2h(w, EXPR);                                      \
            }                                                           \
            {                                                           \
                double a = h2d(w, p.hi[0][l]), b = h2d(w, p.hi[1][l]), c = h2d(w, p.hi[2][l]); \
                (void)c;                                                \
                hi = d2h(w, EXPR);                                      \
            }                                                           \
            if (in->clamp) {                                            \
                lo = f16_clamp(w, lo);                                  \
                hi = f16_clamp(w, hi);                                  \
            }                                                           \
            r[l] = lo | hi << 16;                                       \
        }                                                               \
        return vd(w, in, r);                                            \
    }

PK_F(v_pk_add_f16, a + b)
PK_F(v_pk_mul_f16, a * b)
PK_F(v_pk_fma_f16, a * b + c)

#define PK_FBITS(name, FN)                                              \
    EMU(name)                                                           \
    {                                                                   \
        struct pk_srcs p;                                               \
        uint32_t r[SIM_WAVE_LANES];                                     \
        bool ieee = mode_ieee(w);                                       \
        pk_load(w, in, true, 2, &p);                                    \
        LANES {                                                         \
            uint32_t lo = FN(p.lo[0][l], p.lo[1][l], ieee, w), hi = FN(p.hi[0][l], p.hi[1][l], ieee, w); \
            if (in->clamp) {                                            \
                lo = f16_clamp(w, lo);                                  \
                hi = f16_clamp(w, hi);                                  \
            }                                                           \
            r[l] = lo | hi << 16;                                       \
        }                                                               \
        return vd(w, in, r);                                            \
    }

PK_FBITS(v_pk_min_f16, f16_min_bits)
PK_FBITS(v_pk_max_f16, f16_max_bits)

/* v_pk_fmac_f16 (VOP2): both halves, D = S0 * S1 + D, halves in place. */
EMU(v_pk_fmac_f16)
{
    const uint32_t *A = vs_f32(w, in, 0), *B = vs(w, in, 1), *C = vs(w, in, 2);
    uint32_t r[SIM_WAVE_LANES];

    LANES {
        uint32_t lo = d2h(w, h2d(w, A[l] & 0xffff) * h2d(w, B[l] & 0xffff) + h2d(w, C[l] & 0xffff));
        uint32_t hi = d2h(w, h2d(w, A[l] >> 16) * h2d(w, B[l] >> 16) + h2d(w, C[l] >> 16));
        r[l] = lo | hi << 16;
    }
    return vd(w, in, r);
}

/* ---------------------------------------------------------------- packed integer */

#define PK_I(name, EXPR)                                                \
    EMU(name)                                                           \
    {                                                                   \
        struct pk_srcs p;                                               \
        uint32_t r[SIM_WAVE_LANES];                                     \
        pk_load(w, in, false, 3, &p);                                    \
        LANES {                                                         \
            uint32_t lo, hi;                                            \
            {                                                           \
                uint32_t a = p.lo[0][l], b = p.lo[1][l], c = p.lo[2][l];               \
                (void)c;                                                \
                lo = (EXPR) & 0xffffu;                                  \
            }                                                           \
            {                                                           \
                uint32_t a = p.hi[0][l], b = p.hi[1][l], c = p.hi[2][l];               \
                (void)c;                                                \
                hi = (EXPR) & 0xffffu;                                  \
            }                                                           \
            r[l] = lo | hi << 16;                                       \
        }                                                               \
        return vd(w, in, r);                                            \
    }

#define S16(x) ((int32_t)(int16_t)(x))

static inline uint32_t satu(int64_t v, bool clamp)
{
    return !clamp ? (uint32_t)v : v < 0 ? 0 : v > 0xffff ? 0xffff : (uint32_t)v;
}

static inline uint32_t sati(int64_t v, bool clamp)
{
    return !clamp ? (uint32_t)v : (uint32_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v);
}

PK_I(v_pk_add_u16, satu((int64_t)a + b, in->clamp))
PK_I(v_pk_sub_u16, satu((int64_t)a - b, in->clamp))
PK_I(v_pk_add_i16, sati((int64_t)S16(a) + S16(b), in->clamp))
PK_I(v_pk_sub_i16, sati((int64_t)S16(a) - S16(b), in->clamp))
PK_I(v_pk_mul_lo_u16, a * b)
PK_I(v_pk_mad_u16, satu((int64_t)a * b + c, in->clamp))
PK_I(v_pk_mad_i16, sati((int64_t)S16(a) * S16(b) + S16(c), in->clamp))
PK_I(v_pk_max_u16, a >= b ? a : b)
PK_I(v_pk_min_u16, a < b ? a : b)
PK_I(v_pk_max_i16, S16(a) >= S16(b) ? a : b)
PK_I(v_pk_min_i16, S16(a) < S16(b) ? a : b)
PK_I(v_pk_lshlrev_b16, b << (a & 15))
PK_I(v_pk_lshrrev_b16, b >> (a & 15))
PK_I(v_pk_ashrrev_i16, (uint32_t)(S16(b) >> (a & 15)))

/* ---------------------------------------------------------------- dot products */

static inline double bf16d(uint32_t h)
{
    return exec_widen_fmt(h & 0xffff, EXEC_FMT_BF16, true);
}

/* v_dot2_f32_f16 / _bf16 (and v_dot2acc_f32_f16, src2 = vdst): the two
 * products and S2 summed in double, rounded once to f32. */
static int dot2_f32(struct sim_wave *w, const struct exec_inst *in, bool bf16)
{
    struct pk_srcs p;
    const uint32_t *C;
    uint32_t r[SIM_WAVE_LANES];
    bool vop3p = in->cls == SIM_ICLASS_VALU_PACKED;

    if (vop3p) {
        pk_load(w, in, true, 2, &p);
        C = vs(w, in, 2);
        if ((in->neg >> 2) & 1) {   /* neg on the f32 accumulator */
            uint32_t *t = w->tmp[2];
            LANES t[l] = C[l] ^ 0x80000000u;
            C = t;
        }
    } else {
        const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1);
        LANES {
            p.lo[0][l] = A[l] & 0xffff;
            p.hi[0][l] = A[l] >> 16;
            p.lo[1][l] = B[l] & 0xffff;
            p.hi[1][l] = B[l] >> 16;
        }
        C = vs_f32(w, in, 2);
    }
    LANES {
        double s = (double)u2f(f32_in(w, C[l]));
        if (bf16)
            s += bf16d(p.lo[0][l]) * bf16d(p.lo[1][l]) + bf16d(p.hi[0][l]) * bf16d(p.hi[1][l]);
        else
            s += h2d(w, p.lo[0][l]) * h2d(w, p.lo[1][l]) + h2d(w, p.hi[0][l]) * h2d(w, p.hi[1][l]);
        r[l] = f2u((float)s);
    }
    return vd_f32(w, in, r);
}

EMU(v_dot2_f32_f16) { return dot2_f32(w, in, false); }
EMU(v_dot2_f32_bf16) { return dot2_f32(w, in, true); }
EMU(v_dot2acc_f32_f16) { return dot2_f32(w, in, false); }
EMU(v_dot2acc_f32_bf16) { return dot2_f32(w, in, true); }

/* Integer dots: neg_lo[0] / neg_lo[1] make A / B signed (iu forms);
 * clamp saturates. */
static int dot_int(struct sim_wave *w, const struct exec_inst *in, unsigned bits, bool iu)
{
    const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1), *C = vs(w, in, 2);
    bool sa = iu && (in->neg & 1), sb = iu && (in->neg & 2);
    unsigned n = 32 / bits;
    uint32_t r[SIM_WAVE_LANES];

    LANES {
        int64_t acc = iu ? (int64_t)(int32_t)C[l] : (int64_t)C[l];
        for (unsigned k = 0; k < n; k++) {
            uint64_t ua = (A[l] >> (k * bits)) & ((1u << bits) - 1);
            uint64_t ub = (B[l] >> (k * bits)) & ((1u << bits) - 1);
            int64_t a = sa ? (int64_t)sext64(ua, bits) : (int64_t)ua;
            int64_t b = sb ? (int64_t)sext64(ub, bits) : (int64_t)ub;
            acc += a * b;
        }
        if (in->clamp)
            acc = iu ? (acc > INT32_MAX ? INT32_MAX : acc < INT32_MIN ? INT32_MIN : acc)
                     : (acc > (int64_t)UINT32_MAX ? (int64_t)UINT32_MAX : acc);
        r[l] = (uint32_t)acc;
    }
    return vd(w, in, r);
}

EMU(v_dot4_i32_iu8) { return dot_int(w, in, 8, true); }
EMU(v_dot4_u32_u8) { return dot_int(w, in, 8, false); }
EMU(v_dot8_i32_iu4) { return dot_int(w, in, 4, true); }
EMU(v_dot8_u32_u4) { return dot_int(w, in, 4, false); }

/* ---------------------------------------------------------------- mixed precision */

/* v_fma_mix*: source i is f32 unless op_sel_hi[i]; then an f16 half picked
 * by op_sel[i].  neg_lo negates, neg_hi takes the absolute value (LLVM
 * prints neg_hi as abs for these; tinygrad test/amd/hw checks it). */
static void mix_src(struct sim_wave *w, const struct exec_inst *in, int i, double *out)
{
    const uint32_t *s = vs(w, in, i);
    bool f16 = (in->op_sel_hi >> i) & 1, hi = (in->op_sel >> i) & 1;
    bool neg = (in->neg >> i) & 1, abs_ = (in->neg_hi >> i) & 1;

    LANES {
        double v = f16 ? h2d(w, hi ? s[l] >> 16 : s[l] & 0xffff) : (double)u2f(f32_in(w, s[l]));
        if (abs_)
            v = fabs(v);
        out[l] = neg ? -v : v;
    }
}

/* The f32 fma of the mixed inputs: exact inputs in double, fused. */
static inline float mix_fma(double a, double b, double c)
{
    return fmaf((float)a, (float)b, (float)c);
}

EMU(v_fma_mix_f32)
{
    double a[SIM_WAVE_LANES], b[SIM_WAVE_LANES], c[SIM_WAVE_LANES];
    uint32_t r[SIM_WAVE_LANES];

    mix_src(w, in, 0, a);
    mix_src(w, in, 1, b);
    mix_src(w, in, 2, c);
    LANES r[l] = f2u(mix_fma(a[l], b[l], c[l]));
    return vd_f32(w, in, r);
}

static int fma_mix16(struct sim_wave *w, const struct exec_inst *in, bool hi)
{
    double a[SIM_WAVE_LANES], b[SIM_WAVE_LANES], c[SIM_WAVE_LANES];
    uint32_t r[SIM_WAVE_LANES];
    const uint32_t *old = w->v[in->vdst];

    mix_src(w, in, 0, a);
    mix_src(w, in, 1, b);
    mix_src(w, in, 2, c);
    LANES {
        uint32_t h = d2h(w, (double)mix_fma(a[l], b[l], c[l]));
        if (in->clamp)
            h = f16_clamp(w, h);
        r[l] = hi ? (old[l] & 0xffffu) | h << 16 : (old[l] & 0xffff0000u) | h;
    }
    return vd(w, in, r);
}

EMU(v_fma_mixlo_f16) { return fma_mix16(w, in, false); }
EMU(v_fma_mixhi_f16) { return fma_mix16(w, in, true); }
