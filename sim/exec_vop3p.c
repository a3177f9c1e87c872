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

#define PK_F(name, NSRC, FMA, EXPR)                                     \
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
                lo = f16_nan_fix(w, d2h(w, EXPR), NSRC, FMA, p.lo[0][l], p.lo[1][l], p.lo[2][l]); \
            }                                                           \
            {                                                           \
                double a = h2d(w, p.hi[0][l]), b = h2d(w, p.hi[1][l]), c = h2d(w, p.hi[2][l]); \
                (void)c;                                                \
                hi = f16_nan_fix(w, d2h(w, EXPR), NSRC, FMA, p.hi[0][l], p.hi[1][l], p.hi[2][l]); \
            }                                                           \
            if (in->clamp) {                                            \
                lo = f16_clamp(w, lo);                                  \
                hi = f16_clamp(w, hi);                                  \
            }                                                           \
            r[l] = lo | hi << 16;                                       \
        }                                                               \
        return vd(w, in, r);                                            \
    }

PK_F(v_pk_add_f16, 2, false, a + b)
PK_F(v_pk_mul_f16, 2, false, a * b)
PK_F(v_pk_fma_f16, 3, true, a * b + c)

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
        lo = f16_nan_fix(w, lo, 3, true, A[l], B[l], C[l]);
        hi = f16_nan_fix(w, hi, 3, true, A[l] >> 16, B[l] >> 16, C[l] >> 16);
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
 * products and S2 summed in double, rounded once to f32 (errata
 * DOT_WMMA_ROUNDING). */
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
 * prints neg_hi as abs for these; tinygrad test/amd/hw checks it).  Each
 * source is kept as its value (double, exact) and as its bit pattern
 * widened to f32 (for a NaN: sign and payload kept, quiet bit as it was). */
struct mix_src {
    double v[SIM_WAVE_LANES];
    uint32_t bits[SIM_WAVE_LANES];
};

static void mix_src(struct sim_wave *w, const struct exec_inst *in, int i, struct mix_src *o)
{
    const uint32_t *s = vs(w, in, i);
    bool f16 = (in->op_sel_hi >> i) & 1, hi = (in->op_sel >> i) & 1;
    uint32_t and_m = ((in->neg_hi >> i) & 1) ? 0x7fffffffu : ~0u;
    uint32_t xor_m = ((in->neg >> i) & 1) ? 0x80000000u : 0;

    LANES {
        uint32_t x;
        if (f16) {
            uint32_t h = hi ? s[l] >> 16 : s[l] & 0xffff;
            x = f16_is_nan((uint16_t)h) ? (h & 0x8000u) << 16 | 0x7f800000u | (h & 0x3ffu) << 13
                                        : f2u((float)h2d(w, h));
        } else {
            x = f32_in(w, s[l]);
        }
        x = (x & and_m) ^ xor_m;
        o->bits[l] = x;
        o->v[l] = (double)u2f(x);
    }
}

/* a * b + c of values of at most f32 precision, rounded to odd in double so
 * that one more rounding to f32 or f16 is the correctly rounded result
 * (one rounding, as the hardware: errata MIX_ROUNDING).  Runs under an RNE
 * MXCSR; infinities and NaNs go through the host's fma. */
static double mix_fma_odd(double a, double b, double c)
{
    double p, s, bb, e;

    if (!isfinite(a) || !isfinite(b) || !isfinite(c))
        return fma(a, b, c);
    p = a * b;                              /* exact: 24 + 24 bits */
    s = p + c;
    bb = s - p;
    e = (p - (s - bb)) + (c - bb);
    if (e != 0.0 && !(d2u(s) & 1))
        s = u2d(d2u(s) + ((e > 0.0) == (s > 0.0) ? 1 : (uint64_t)-1));
    return s;
}

/* The fma of lane l into the format fmt under mode m, NaNs as the hardware
 * gives them (struct exec_nan_rule over the sources' f32 patterns). */
static uint32_t mix_lane(const struct sim_wave *w, const struct mix_src *s, unsigned l,
                         struct exec_fmt fmt, const struct exec_fpmode *m)
{
    double r = mix_fma_odd(s[0].v[l], s[1].v[l], s[2].v[l]);
    struct exec_nan_rule rule = {3, true, w->ieee, false};
    uint64_t src[3] = {s[0].bits[l], s[1].bits[l], s[2].bits[l]};
    uint32_t n;

    if (r == r)
        return exec_round_fmt(r, fmt, m);
    n = (uint32_t)exec_nan_result(EXEC_FMT_F32, &rule, src);
    if (fmt.mant_bits == EXEC_FMT_F32.mant_bits)
        return n;
    /* f32 NaN to f16: sign and top payload bits; a payload lost below bit
     * 13 leaves the quiet bit set so the result stays a NaN */
    uint32_t h = (n >> 16 & 0x8000u) | 0x7c00u | ((n >> 13) & 0x3ffu);
    return (h & 0x3ffu) ? h : h | EXEC_F16_QUIET_BIT;
}

/* Run the lanes under an RNE MXCSR (mix_fma_odd needs it). */
static void mix_run(struct sim_wave *w, const struct exec_inst *in, struct exec_fmt fmt,
                    const struct exec_fpmode *m, uint32_t *r)
{
    struct mix_src ts[3];
    uint32_t rne = exec_mxcsr_for(EXEC_ROUND_NEAREST_EVEN, EXEC_DENORM_KEEP_IN | EXEC_DENORM_KEEP_OUT);

    for (int i = 0; i < 3; i++)
        mix_src(w, in, i, &ts[i]);
    __builtin_ia32_ldmxcsr(rne);
    LANES r[l] = mix_lane(w, ts, l, fmt, m);
    __builtin_ia32_ldmxcsr(w->mxcsr);
}

EMU(v_fma_mix_f32)
{
    uint32_t r[SIM_WAVE_LANES];
    struct exec_fpmode m = {(uint8_t)exec_mode_get(w->mode, EXEC_MODE_FP_ROUND_32),
                            (uint8_t)exec_mode_get(w->mode, EXEC_MODE_FP_DENORM_32), false};

    mix_run(w, in, EXEC_FMT_F32, &m, r);
    return vd_f32(w, in, r);
}

static int fma_mix16(struct sim_wave *w, const struct exec_inst *in, bool hi)
{
    uint32_t r[SIM_WAVE_LANES];
    const uint32_t *old = w->v[in->vdst];

    mix_run(w, in, EXEC_FMT_F16, &w->fp16, r);
    LANES {
        uint32_t h = r[l];
        if (in->clamp)
            h = f16_clamp(w, h);
        r[l] = hi ? (old[l] & 0xffffu) | h << 16 : (old[l] & 0xffff0000u) | h;
    }
    return vd(w, in, r);
}

EMU(v_fma_mixlo_f16) { return fma_mix16(w, in, false); }
EMU(v_fma_mixhi_f16) { return fma_mix16(w, in, true); }
