/*
 * sim/exec_valu.c — 32-bit VALU: f32, i32/u32 and bit operations of VOP1,
 * VOP2 and VOP3 (RDNA3 ISA guide pseudocode per instruction).
 */
#include <fenv.h>
#include <float.h>
#include <limits.h>

#include "sim/exec_valu.h"

EMU_ANCHOR(valu);

void exec_post_f32(struct sim_wave *w, const struct exec_inst *in, uint32_t *r)
{
    if (in->omod) {
        /* OMOD: 1 = x2, 2 = x4, 3 = /2 */
        float k = in->omod == 1 ? 2.0f : in->omod == 2 ? 4.0f : 0.5f;
        LANES {
            float x = u2f(r[l]);
            if (!f32_nan(x))
                r[l] = f2u(x * k);
        }
    }
    if (in->clamp) {
        bool dx10 = exec_mode_get(w->mode, EXEC_MODE_DX10_CLAMP);
        LANES {
            float x = u2f(r[l]);
            if (f32_nan(x))
                r[l] = dx10 ? 0 : r[l];
            else if (!(x > 0.0f))
                r[l] = 0;
            else if (x > 1.0f)
                r[l] = 0x3f800000u;
        }
    }
}

void exec_f32_nan_fix(const struct sim_wave *w, const struct exec_nan_rule *rule, uint32_t *r,
                      const uint32_t *A, const uint32_t *B, const uint32_t *C)
{
    struct exec_nan_rule rl = *rule;

    rl.quiet = w->ieee;
    LANES {
        if ((r[l] & 0x7fffffffu) > 0x7f800000u) {
            uint64_t s[3] = {A[l], B ? B[l] : 0, C ? C[l] : 0};
            r[l] = (uint32_t)exec_nan_result(EXEC_FMT_F32, &rl, s);
        }
    }
}

/* ---------------------------------------------------------------- f32 arithmetic */

/* Elementwise f32 arithmetic: the host computes every lane (MXCSR holds the
 * MODE's round and denormal mode); a lane whose result is a NaN is then
 * given the NaN the hardware returns (exec_f32_nan_fix).  RULE is the
 * struct exec_nan_rule without its quiet field; ALIAS the sources that may
 * be the destination row when the result is written in place (the NaN rule
 * still sees what it needs, see vd_begin_nan). */
#define NAN_RULE(nsrc, fma, dx9) {(nsrc), (fma), false, (dx9)}

/* All ones iff the f32 pattern x is a NaN (a float compare: one compare and
 * one or per vector when OR-reduced over the lanes). */
#define F32_NAN_MASK(x) (-(uint32_t)(u2f(x) != u2f(x)))

#define VF32_1(name, EXPR)                                              \
    EMU_VEC(name)                                                       \
    {                                                                   \
        static const struct exec_nan_rule rule = NAN_RULE(1, false, false); \
        const uint32_t *A = vs_f32(w, in, 0);                           \
        uint32_t *r = vd_begin_nan(w, in, 0), nan = 0;                  \
        LANES_INPLACE {                                                         \
            float a = u2f(A[l]);                                        \
            uint32_t x = f2u(EXPR);                                     \
            r[l] = x;                                                   \
            nan |= F32_NAN_MASK(x);                                     \
        }                                                               \
        if (__builtin_expect(nan != 0, 0))                              \
            exec_f32_nan_fix(w, &rule, r, A, NULL, NULL);               \
        return vd_end_f32(w, in, r);                                    \
    }

#define VF32_2(name, NANSRC, EXPR) EMU_VEC(name) VF32_2_BODY(NANSRC, EXPR)
#define VF32_2_BODY(NANSRC, EXPR)                                       \
    {                                                                   \
        static const struct exec_nan_rule rule = NAN_RULE(NANSRC, false, false); \
        const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);    \
        uint32_t *r = vd_begin_nan(w, in, 0), nan = 0;                  \
        LANES_INPLACE {                                                         \
            float a = u2f(A[l]), b = u2f(B[l]);                         \
            uint32_t x = f2u(EXPR);                                     \
            r[l] = x;                                                   \
            nan |= F32_NAN_MASK(x);                                     \
        }                                                               \
        if (__builtin_expect(nan != 0, 0))                              \
            exec_f32_nan_fix(w, &rule, r, A, B, NULL);                  \
        return vd_end_f32(w, in, r);                                    \
    }

/* IEEE arithmetic (add, sub, mul): with MODE.IEEE the host's NaN is the
 * hardware's (a NaN source quieted, sign and payload kept; the default NaN
 * for an invalid operation) except when both sources are NaNs, where the
 * host may take either: src0's is chosen per lane, which costs less than
 * finding the NaN lanes afterwards.  Without MODE.IEEE the generic body. */
#define VF32_ARITH2(name, EXPR)                                         \
    static int name##_no_ieee(struct sim_wave *w, const struct exec_inst *in) \
        VF32_2_BODY(2, EXPR)                                            \
    EMU_VEC(name)                                                       \
    {                                                                   \
        const uint32_t *A, *B;                                          \
        uint32_t *r;                                                    \
                                                                        \
        if (__builtin_expect(!w->ieee, 0))                              \
            return name##_no_ieee(w, in);                               \
        A = vs_f32(w, in, 0);                                           \
        B = vs_f32(w, in, 1);                                           \
        r = vd_begin(w, in);                                            \
        LANES_INPLACE {                                                 \
            uint32_t ua = A[l];                                         \
            float a = u2f(ua), b = u2f(B[l]);                           \
            uint32_t x = f2u(EXPR);                                     \
            /* a select by masks: GCC keeps the loop vectorized (a        \
             * conditional would move the float op into a branch) */     \
            uint32_t m = -(uint32_t)((ua & 0x7fffffffu) > 0x7f800000u); \
            r[l] = (m & (ua | EXEC_F32_QUIET_BIT)) | (~m & x);          \
        }                                                               \
        return vd_end_f32(w, in, r);                                    \
    }

#define VF32_3X(name, FMA, DX9, ALIAS, EXPR)                            \
    EMU_VEC(name)                                                       \
    {                                                                   \
        static const struct exec_nan_rule rule = NAN_RULE(3, FMA, DX9); \
        const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);    \
        const uint32_t *C = vs_f32(w, in, 2);                           \
        uint32_t *r = vd_begin_nan(w, in, ALIAS), nan = 0;              \
        LANES_INPLACE {                                                         \
            float a = u2f(A[l]), b = u2f(B[l]), c = u2f(C[l]);          \
            uint32_t x = f2u(EXPR);                                     \
            r[l] = x;                                                   \
            nan |= F32_NAN_MASK(x);                                     \
        }                                                               \
        if (__builtin_expect(nan != 0, 0))                              \
            exec_f32_nan_fix(w, &rule, r, A, B, C);                     \
        return vd_end_f32(w, in, r);                                    \
    }

/* OPS: fma rule?, DX9 zero rule?, sources that may alias the destination */
#define VF32_3(name, OPS, EXPR) VF32_3X(name, OPS, EXPR)
#define FMA_OPS true, false, 4u     /* fused; the addend may be the destination */
#define DX9_FMA_OPS true, true, 4u
#define PLAIN3 false, false, 0u

/* Bitwise min/max on f32 bit patterns (pseudocode NaN and ±0 rules). */
#define VF32_2BITS(name, EXPR)                                          \
    EMU_VEC(name)                                                           \
    {                                                                   \
        const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);    \
        bool ieee = mode_ieee(w);                                       \
        uint32_t r[SIM_WAVE_LANES];                                     \
        (void)ieee;                                                     \
        LANES {                                                         \
            uint32_t a = f32_in(w, A[l]), b = f32_in(w, B[l]);          \
            r[l] = (EXPR);                                              \
        }                                                               \
        return vd_f32(w, in, r);                                        \
    }

#define VF32_3BITS(name, EXPR)                                          \
    EMU_VEC(name)                                                           \
    {                                                                   \
        const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);    \
        const uint32_t *C = vs_f32(w, in, 2);                           \
        bool ieee = mode_ieee(w);                                       \
        uint32_t r[SIM_WAVE_LANES];                                     \
        (void)ieee;                                                     \
        LANES {                                                         \
            uint32_t a = f32_in(w, A[l]), b = f32_in(w, B[l]);          \
            uint32_t c = f32_in(w, C[l]);                               \
            r[l] = (EXPR);                                              \
        }                                                               \
        return vd_f32(w, in, r);                                        \
    }

VF32_ARITH2(v_add_f32, a + b)
VF32_ARITH2(v_sub_f32, a - b)
VF32_ARITH2(v_subrev_f32, b - a)
VF32_ARITH2(v_mul_f32, a * b)
VF32_2(v_mul_dx9_zero_f32, 2, (a == 0.0f || b == 0.0f) ? 0.0f : a * b)
VF32_3(v_fma_f32, FMA_OPS, fmaf(a, b, c))
VF32_3(v_fmac_f32, FMA_OPS, fmaf(a, b, c))           /* src2 is vdst (bind) */
VF32_3(v_fmamk_f32, FMA_OPS, fmaf(a, b, c))          /* src1 is the literal K (bind) */
VF32_3(v_fmaak_f32, FMA_OPS, fmaf(a, b, c))          /* src2 is the literal K (bind) */
VF32_3(v_fma_dx9_zero_f32, DX9_FMA_OPS, (a == 0.0f || b == 0.0f) ? c : fmaf(a, b, c))
VF32_3(v_fmac_dx9_zero_f32, DX9_FMA_OPS, (a == 0.0f || b == 0.0f) ? c : fmaf(a, b, c))
VF32_2(v_ldexp_f32, 1, ldexpf(a, (int)f2u(b)))

/* v_min_f32 / v_max_f32: without a NaN in any lane, a select per lane that
 * vectorises; with one, the pseudocode's NaN rules lane by lane. */
static inline uint32_t f32_minmax_nonan(uint32_t a, uint32_t b, bool max)
{
    float x = u2f(a), y = u2f(b);
    bool first = max ? x > y || (x == y && (a >> 31) < (b >> 31))
                     : x < y || (x == y && (a >> 31) > (b >> 31));
    return first ? a : b;
}

static inline uint32_t f32_min_nonan(uint32_t a, uint32_t b)
{
    return f32_minmax_nonan(a, b, false);
}

static inline uint32_t f32_max_nonan(uint32_t a, uint32_t b)
{
    return f32_minmax_nonan(a, b, true);
}

#define VF32_MINMAX(name, FAST, SLOW)                                   \
    EMU_VEC(name)                                                       \
    {                                                                   \
        const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);    \
        uint32_t *r = vd_begin(w, in), nan = 0, den = 0;                \
        bool ieee = mode_ieee(w);                                       \
        LANES {                                                         \
            uint32_t x = A[l] & 0x7fffffffu, y = B[l] & 0x7fffffffu;    \
            nan |= (uint32_t)(x > 0x7f800000u) | (uint32_t)(y > 0x7f800000u); \
            den |= (uint32_t)(x - 1u < 0x7fffffu) | (uint32_t)(y - 1u < 0x7fffffu); \
        }                                                               \
        if (!(nan | den)) {                                             \
            LANES r[l] = FAST(A[l], B[l]);                              \
        } else {                                                        \
            LANES r[l] = SLOW(f32_in(w, A[l]), f32_in(w, B[l]), ieee);  \
        }                                                               \
        return vd_end_f32(w, in, r);                                    \
    }

VF32_MINMAX(v_min_f32, f32_min_nonan, f32_min_bits)
VF32_MINMAX(v_max_f32, f32_max_nonan, f32_max_bits)
VF32_3BITS(v_min3_f32, f32_min_bits(f32_min_bits(a, b, ieee), c, ieee))
VF32_3BITS(v_max3_f32, f32_max_bits(f32_max_bits(a, b, ieee), c, ieee))
VF32_3BITS(v_maxmin_f32, f32_min_bits(f32_max_bits(a, b, ieee), c, ieee))
VF32_3BITS(v_minmax_f32, f32_max_bits(f32_min_bits(a, b, ieee), c, ieee))

static uint32_t med3_f32(uint32_t a, uint32_t b, uint32_t c, bool ieee)
{
    uint32_t mx;

    if (f32_is_nan(a) || f32_is_nan(b) || f32_is_nan(c))
        return f32_min_bits(f32_min_bits(a, b, ieee), c, ieee);
    mx = f32_max_bits(f32_max_bits(a, b, ieee), c, ieee);
    if (mx == a)
        return f32_max_bits(b, c, ieee);
    if (mx == b)
        return f32_max_bits(a, c, ieee);
    return f32_max_bits(a, b, ieee);
}

VF32_3BITS(v_med3_f32, med3_f32(a, b, c, ieee))

/* Rounding to integral values: exact, independent of the round mode. */
static float f32_fract(float x)
{
    float f = x - floorf(x);
    return f < 0x1.fffffep-1f || f32_nan(f) ? f : 0x1.fffffep-1f;  /* stays below 1.0 */
}

VF32_1(v_trunc_f32, truncf(a))
VF32_1(v_ceil_f32, ceilf(a))
VF32_1(v_floor_f32, floorf(a))
VF32_1(v_rndne_f32, roundevenf(a))
VF32_1(v_fract_f32, f32_fract(a))

static float f32_frexp_mant(float x)
{
    int e;
    if (isinf(x) || f32_nan(x))
        return x;
    return frexpf(x, &e);
}

static uint32_t f32_frexp_exp(float x)
{
    int e = 0;
    if (isinf(x) || f32_nan(x))
        return 0;
    frexpf(x, &e);
    return (uint32_t)e;
}

VF32_1(v_frexp_mant_f32, f32_frexp_mant(a))

EMU(v_frexp_exp_i32_f32)
{
    const uint32_t *A = vs_f32(w, in, 0);
    uint32_t r[SIM_WAVE_LANES];
    LANES r[l] = f32_frexp_exp(u2f(f32_in(w, A[l])));
    return vd(w, in, r);
}

/* ---------------------------------------------------------------- transcendental f32 */

/* The transcendental unit flushes f32 denormals in and out whatever the
 * MODE (errata TRANS_DENORM).  Results are computed in double and rounded
 * once: within the guide's 1 ULP (errata TRANS_PRECISION).  A NaN source
 * comes back with its sign and payload, quieted in IEEE mode; an invalid
 * input (the log, rsq or sqrt of a negative number, sin/cos of an infinity)
 * gives the default NaN (errata NAN_DEFAULT: rsq/sqrt/log of -1 return
 * 0xffc00000 on gfx1100). */
static inline float trans_in(float x)
{
    uint32_t u = f2u(x);
    return f32_is_denorm(u) ? u2f(u & 0x80000000u) : x;
}

static inline uint32_t trans_out(double d)
{
    uint32_t u = f2u((float)d);
    return f32_is_denorm(u) ? u & 0x80000000u : u;
}

static inline double default_nan_d(void)
{
    return u2d(EXEC_F64_DEFAULT_NAN);
}

/* sin/cos of a revolution count: reduce to the fraction first (exact). */
static double sin_rev(double x)
{
    if (isinf(x))
        return default_nan_d();
    if (x == 0.0)
        return x;                   /* sin(-0) = -0 */
    return sin(2.0 * M_PI * (x - nearbyint(x)));
}

static double cos_rev(double x)
{
    if (isinf(x))
        return default_nan_d();
    return cos(2.0 * M_PI * (x - nearbyint(x)));
}

/* log2 / sqrt / rsq of a negative number (not -0): the default NaN. */
static inline double neg_invalid(double x, double y)
{
    return x < 0.0 ? default_nan_d() : y;
}

#define VTRANS32(name, EXPR)                                            \
    EMU(name)                                                           \
    {                                                                   \
        const uint32_t *A = vs_f32(w, in, 0);                           \
        uint32_t r[SIM_WAVE_LANES];                                     \
        LANES {                                                         \
            double a = trans_in(u2f(A[l]));                             \
            r[l] = f32_is_nan(A[l]) ? (w->ieee ? A[l] | EXEC_F32_QUIET_BIT : A[l]) \
                                    : trans_out(EXPR);                  \
        }                                                               \
        return vd_f32(w, in, r);                                        \
    }

VTRANS32(v_exp_f32, exp2(a))
VTRANS32(v_log_f32, neg_invalid(a, log2(a)))
VTRANS32(v_rcp_f32, 1.0 / a)
VTRANS32(v_rcp_iflag_f32, 1.0 / a)
VTRANS32(v_rsq_f32, neg_invalid(a, 1.0 / sqrt(a)))
VTRANS32(v_sqrt_f32, neg_invalid(a, sqrt(a)))
VTRANS32(v_sin_f32, sin_rev(a))
VTRANS32(v_cos_f32, cos_rev(a))

/* ---------------------------------------------------------------- conversions */

static inline uint32_t f32_to_i32(float x)
{
    if (f32_nan(x))
        return 0;
    if (x >= 2147483648.0f)
        return INT32_MAX;
    if (x <= -2147483648.0f)
        return (uint32_t)INT32_MIN;
    return (uint32_t)(int32_t)x;
}

static inline uint32_t f32_to_u32(float x)
{
    if (f32_nan(x) || x <= 0.0f)
        return 0;
    if (x >= 4294967296.0f)
        return UINT32_MAX;
    return (uint32_t)x;
}

#define VCVT(name, EXPR)                                                \
    EMU(name)                                                           \
    {                                                                   \
        const uint32_t *A = vs_f32(w, in, 0);                           \
        uint32_t r[SIM_WAVE_LANES];                                     \
        LANES {                                                         \
            uint32_t u = A[l];                                          \
            float a = u2f(u);                                           \
            (void)a;                                                    \
            (void)u;                                                    \
            r[l] = (EXPR);                                              \
        }                                                               \
        return vd(w, in, r);                                            \
    }

VCVT(v_cvt_i32_f32, f32_to_i32(a))
VCVT(v_cvt_u32_f32, f32_to_u32(a))
VCVT(v_cvt_nearest_i32_f32, f32_to_i32(floorf(a + 0.5f)))
VCVT(v_cvt_floor_i32_f32, f32_to_i32(floorf(a)))

#define VCVT_F(name, EXPR)                                              \
    EMU(name)                                                           \
    {                                                                   \
        const uint32_t *A = vs(w, in, 0);                               \
        uint32_t r[SIM_WAVE_LANES];                                     \
        LANES {                                                         \
            uint32_t u = A[l];                                          \
            r[l] = f2u(EXPR);                                           \
        }                                                               \
        return vd_f32(w, in, r);                                        \
    }

VCVT_F(v_cvt_f32_i32, (float)(int32_t)u)
VCVT_F(v_cvt_f32_u32, (float)u)
VCVT_F(v_cvt_f32_ubyte0, (float)(u & 0xff))
VCVT_F(v_cvt_f32_ubyte1, (float)((u >> 8) & 0xff))
VCVT_F(v_cvt_f32_ubyte2, (float)((u >> 16) & 0xff))
VCVT_F(v_cvt_f32_ubyte3, (float)(u >> 24))
/* a signed 4-bit value / 16: 0, 1/16, ..., 7/16, -8/16, ..., -1/16 */
VCVT_F(v_cvt_off_f32_i4, (float)((int32_t)(u << 28) >> 28) / 16.0f)

/* f32 -> f16 under the f16 round mode (and RTZ for v_cvt_pk_rtz). */
static inline uint32_t f32_to_f16_mode(const struct sim_wave *w, uint32_t u, const struct exec_fpmode *m)
{
    (void)w;
    return f64_to_f16((double)u2f(u), m);
}

EMU(v_cvt_f16_f32)
{
    const uint32_t *A = vs_f32(w, in, 0);
    uint32_t r[SIM_WAVE_LANES];
    LANES r[l] = f32_to_f16_mode(w, f32_in(w, A[l]), &w->fp16);
    if (in->clamp)
        LANES r[l] = f16_clamp(w, r[l]);
    return vd16(w, in, r);
}

EMU(v_cvt_f32_f16)
{
    uint32_t h[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs_f16(w, in, 0, h);
    LANES {
        /* a NaN keeps its sign and payload (shifted up), quieted in IEEE
         * mode (errata NAN_PROPAGATE) */
        r[l] = f16_is_nan((uint16_t)h[l])
                   ? ((h[l] & 0x8000u) << 16 | 0x7f800000u | (h[l] & 0x3ffu) << 13 |
                      (w->ieee ? EXEC_F32_QUIET_BIT : 0))
                   : f2u((float)h2d(w, h[l]));
    }
    return vd_f32(w, in, r);
}

EMU(v_cvt_pk_rtz_f16_f32)
{
    const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);
    struct exec_fpmode rtz = w->fp16;
    uint32_t r[SIM_WAVE_LANES];

    rtz.round = EXEC_ROUND_ZERO;
    LANES r[l] = f32_to_f16_mode(w, f32_in(w, A[l]), &rtz) |
                 f32_to_f16_mode(w, f32_in(w, B[l]), &rtz) << 16;
    return vd(w, in, r);
}

/* norm conversions: clamp to [-1,1] / [0,1], scale, round to nearest even */
static inline uint32_t f32_to_snorm16(float x)
{
    if (f32_nan(x))
        return 0;
    x = x < -1.0f ? -1.0f : x > 1.0f ? 1.0f : x;
    return (uint32_t)(int32_t)floorf(x * 32767.0f + 0.5f) & 0xffffu;  /* tinygrad: floor(x*32767+0.5) on hardware */
}

static inline uint32_t f32_to_unorm16(float x)
{
    if (f32_nan(x))
        return 0;
    x = x < 0.0f ? 0.0f : x > 1.0f ? 1.0f : x;
    return (uint32_t)floorf(x * 65535.0f + 0.5f);
}

EMU(v_cvt_pk_norm_i16_f32)
{
    const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);
    uint32_t r[SIM_WAVE_LANES];
    LANES r[l] = f32_to_snorm16(u2f(A[l])) | f32_to_snorm16(u2f(B[l])) << 16;
    return vd(w, in, r);
}

EMU(v_cvt_pk_norm_u16_f32)
{
    const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);
    uint32_t r[SIM_WAVE_LANES];
    LANES r[l] = f32_to_unorm16(u2f(A[l])) | f32_to_unorm16(u2f(B[l])) << 16;
    return vd(w, in, r);
}

/* f32 -> i16 / u16 saturating, truncating */
static inline uint32_t f32_to_i16(float x)
{
    if (f32_nan(x))
        return 0;
    if (x >= 32767.0f)
        return 0x7fffu;
    if (x <= -32768.0f)
        return 0x8000u;
    return (uint32_t)(int32_t)x & 0xffffu;
}

static inline uint32_t f32_to_u16(float x)
{
    if (f32_nan(x) || x <= 0.0f)
        return 0;
    if (x >= 65535.0f)
        return 0xffffu;
    return (uint32_t)x;
}

EMU(v_cvt_pk_i16_f32)
{
    const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);
    uint32_t r[SIM_WAVE_LANES];
    LANES r[l] = f32_to_i16(u2f(A[l])) | f32_to_i16(u2f(B[l])) << 16;
    return vd(w, in, r);
}

EMU(v_cvt_pk_u16_f32)
{
    const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);
    uint32_t r[SIM_WAVE_LANES];
    LANES r[l] = f32_to_u16(u2f(A[l])) | f32_to_u16(u2f(B[l])) << 16;
    return vd(w, in, r);
}

static inline uint32_t f32_to_u8(float x)
{
    if (f32_nan(x) || x <= 0.0f)
        return 0;
    if (x >= 255.0f)
        return 255;
    return (uint32_t)x;
}

EMU(v_cvt_pk_u8_f32)
{
    const uint32_t *A = vs_f32(w, in, 0), *B = vs(w, in, 1), *C = vs(w, in, 2);
    uint32_t r[SIM_WAVE_LANES];
    LANES {
        unsigned sh = (B[l] & 3) * 8;
        r[l] = (C[l] & ~(0xffu << sh)) | (f32_to_u8(u2f(A[l])) << sh);
    }
    return vd(w, in, r);
}

/* ---------------------------------------------------------------- integer and bit ops */

#define VU32_1(name, EXPR)                                              \
    EMU_VEC(name)                                                           \
    {                                                                   \
        const uint32_t *A = vs(w, in, 0);                               \
        uint32_t *r = vd_begin(w, in);                                     \
        LANES_INPLACE {                                                         \
            uint32_t a = A[l];                                          \
            r[l] = (EXPR);                                              \
        }                                                               \
        return vd_end(w, in, r);                                            \
    }

#define VU32_2(name, EXPR)                                              \
    EMU_VEC(name)                                                           \
    {                                                                   \
        const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1);            \
        uint32_t *r = vd_begin(w, in);                                     \
        LANES_INPLACE {                                                         \
            uint32_t a = A[l], b = B[l];                                \
            r[l] = (EXPR);                                              \
        }                                                               \
        return vd_end(w, in, r);                                            \
    }

#define VU32_3(name, EXPR)                                              \
    EMU_VEC(name)                                                           \
    {                                                                   \
        const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1);            \
        const uint32_t *C = vs(w, in, 2);                               \
        uint32_t *r = vd_begin(w, in);                                     \
        LANES_INPLACE {                                                         \
            uint32_t a = A[l], b = B[l], c = C[l];                      \
            r[l] = (EXPR);                                              \
        }                                                               \
        return vd_end(w, in, r);                                            \
    }

/* With the VOP3 clamp bit, unsigned / signed results saturate. */
#define VU32_2SAT(name, EXPR, SATEXPR)                                  \
    EMU_VEC(name)                                                           \
    {                                                                   \
        const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1);            \
        uint32_t r[SIM_WAVE_LANES];                                     \
        if (in->clamp) {                                                \
            LANES {                                                     \
                uint32_t a = A[l], b = B[l];                            \
                r[l] = (SATEXPR);                                       \
            }                                                           \
        } else {                                                        \
            LANES {                                                     \
                uint32_t a = A[l], b = B[l];                            \
                r[l] = (EXPR);                                          \
            }                                                           \
        }                                                               \
        return vd(w, in, r);                                            \
    }

static inline uint32_t sat_i32(int64_t v)
{
    return v > INT32_MAX ? (uint32_t)INT32_MAX : v < INT32_MIN ? (uint32_t)INT32_MIN : (uint32_t)v;
}

static inline uint32_t sat_u32(int64_t v)
{
    return v > (int64_t)UINT32_MAX ? UINT32_MAX : v < 0 ? 0 : (uint32_t)v;
}

static inline uint32_t brev32(uint32_t v)
{
    v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
    v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
    v = ((v >> 4) & 0x0f0f0f0fu) | ((v & 0x0f0f0f0fu) << 4);
    v = ((v >> 8) & 0x00ff00ffu) | ((v & 0x00ff00ffu) << 8);
    return (v >> 16) | (v << 16);
}

static inline uint32_t i24(uint32_t v)
{
    return (uint32_t)((int32_t)(v << 8) >> 8);
}

VU32_1(v_mov_b32, a)
VU32_1(v_not_b32, ~a)
VU32_1(v_bfrev_b32, brev32(a))
VU32_1(v_clz_i32_u32, a ? (uint32_t)__builtin_clz(a) : ~0u)
VU32_1(v_ctz_i32_b32, a ? (uint32_t)__builtin_ctz(a) : ~0u)
VU32_1(v_cls_i32, ((a >> 31) ? ~a : a) ? (uint32_t)__builtin_clz((a >> 31) ? ~a : a) : ~0u)

/* The low 32 bits of a product are the same signed or unsigned: multiplied
 * as uint32_t, where a 24 x 24-bit product cannot overflow into UB. */
VU32_2(v_mul_i32_i24, i24(a) * i24(b))
VU32_2(v_mul_hi_i32_i24, (uint32_t)((uint64_t)((int64_t)(int32_t)i24(a) * (int32_t)i24(b)) >> 32))
VU32_2(v_mul_u32_u24, (a & 0xffffff) * (b & 0xffffff))
VU32_2(v_mul_hi_u32_u24, (uint32_t)(((uint64_t)(a & 0xffffff) * (b & 0xffffff)) >> 32))
VU32_2(v_min_i32, (int32_t)a < (int32_t)b ? a : b)
VU32_2(v_max_i32, (int32_t)a >= (int32_t)b ? a : b)
VU32_2(v_min_u32, a < b ? a : b)
VU32_2(v_max_u32, a >= b ? a : b)
VU32_2(v_lshlrev_b32, b << (a & 31))
VU32_2(v_lshrrev_b32, b >> (a & 31))
VU32_2(v_ashrrev_i32, (uint32_t)((int32_t)b >> (a & 31)))
VU32_2(v_and_b32, a & b)
VU32_2(v_or_b32, a | b)
VU32_2(v_xor_b32, a ^ b)
VU32_2(v_xnor_b32, ~(a ^ b))
VU32_2SAT(v_add_nc_u32, a + b, sat_u32((int64_t)a + b))
VU32_2SAT(v_sub_nc_u32, a - b, sat_u32((int64_t)a - b))
VU32_2SAT(v_subrev_nc_u32, b - a, sat_u32((int64_t)b - a))
VU32_2SAT(v_add_nc_i32, a + b, sat_i32((int64_t)(int32_t)a + (int32_t)b))
VU32_2SAT(v_sub_nc_i32, a - b, sat_i32((int64_t)(int32_t)a - (int32_t)b))
VU32_2(v_mul_lo_u32, a * b)
VU32_2(v_mul_hi_u32, (uint32_t)(((uint64_t)a * b) >> 32))
VU32_2(v_mul_hi_i32, (uint32_t)((uint64_t)((int64_t)(int32_t)a * (int32_t)b) >> 32))
VU32_2(v_bfm_b32, mask32(a & 31) << (b & 31))
VU32_2(v_bcnt_u32_b32, (uint32_t)__builtin_popcount(a) + b)
VU32_2(v_cvt_pk_u16_u32, (a > 0xffff ? 0xffffu : a) | (b > 0xffff ? 0xffffu : b) << 16)
VU32_2(v_cvt_pk_i16_i32,
       ((uint32_t)((int32_t)a > 32767 ? 32767 : (int32_t)a < -32768 ? -32768 : (int32_t)a) & 0xffffu) |
       ((uint32_t)((int32_t)b > 32767 ? 32767 : (int32_t)b < -32768 ? -32768 : (int32_t)b) << 16))

VU32_3(v_mad_i32_i24, i24(a) * i24(b) + c)
VU32_3(v_mad_u32_u24, (a & 0xffffff) * (b & 0xffffff) + c)
VU32_3(v_bfe_u32, (a >> (b & 31)) & mask32(c & 31))
VU32_3(v_bfe_i32, (uint32_t)sext64((a >> (b & 31)) & mask32(c & 31), c & 31))
VU32_3(v_bfi_b32, (a & b) | (~a & c))
VU32_3(v_alignbit_b32, (uint32_t)((((uint64_t)a << 32) | b) >> (c & 31)))
VU32_3(v_alignbyte_b32, (uint32_t)((((uint64_t)a << 32) | b) >> ((c & 3) * 8)))
VU32_3(v_xor3_b32, a ^ b ^ c)
VU32_3(v_or3_b32, a | b | c)
VU32_3(v_and_or_b32, (a & b) | c)
VU32_3(v_lshl_or_b32, (a << (b & 31)) | c)
VU32_3(v_lshl_add_u32, (a << (b & 31)) + c)
VU32_3(v_add_lshl_u32, (a + b) << (c & 31))
VU32_3(v_add3_u32, a + b + c)
VU32_3(v_xad_u32, (a ^ b) + c)
VU32_3(v_mad_u32_u16, (a & 0xffff) * (b & 0xffff) + c)
VU32_3(v_mad_i32_i16, (uint32_t)((int32_t)(int16_t)a * (int32_t)(int16_t)b) + c)
VU32_3(v_min3_i32, (uint32_t)((int32_t)a < (int32_t)b ? ((int32_t)a < (int32_t)c ? a : c)
                                                      : ((int32_t)b < (int32_t)c ? b : c)))
VU32_3(v_max3_i32, (uint32_t)((int32_t)a >= (int32_t)b ? ((int32_t)a >= (int32_t)c ? a : c)
                                                       : ((int32_t)b >= (int32_t)c ? b : c)))
VU32_3(v_min3_u32, a < b ? (a < c ? a : c) : (b < c ? b : c))
VU32_3(v_max3_u32, a >= b ? (a >= c ? a : c) : (b >= c ? b : c))
VU32_3(v_maxmin_u32, (a >= b ? a : b) < c ? (a >= b ? a : b) : c)
VU32_3(v_minmax_u32, (a < b ? a : b) >= c ? (a < b ? a : b) : c)
VU32_3(v_maxmin_i32, (int32_t)((int32_t)a >= (int32_t)b ? a : b) < (int32_t)c
                          ? ((int32_t)a >= (int32_t)b ? a : b) : c)
VU32_3(v_minmax_i32, (int32_t)((int32_t)a < (int32_t)b ? a : b) >= (int32_t)c
                          ? ((int32_t)a < (int32_t)b ? a : b) : c)

static inline uint32_t med3_i32(int32_t a, int32_t b, int32_t c)
{
    int32_t mx = a >= b ? (a >= c ? a : c) : (b >= c ? b : c);
    if (mx == a)
        return (uint32_t)(b >= c ? b : c);
    if (mx == b)
        return (uint32_t)(a >= c ? a : c);
    return (uint32_t)(a >= b ? a : b);
}

static inline uint32_t med3_u32(uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t mx = a >= b ? (a >= c ? a : c) : (b >= c ? b : c);
    if (mx == a)
        return b >= c ? b : c;
    if (mx == b)
        return a >= c ? a : c;
    return a >= b ? a : b;
}

VU32_3(v_med3_i32, med3_i32((int32_t)a, (int32_t)b, (int32_t)c))
VU32_3(v_med3_u32, med3_u32(a, b, c))

static inline uint32_t absdiff(uint32_t x, uint32_t y)
{
    return x > y ? x - y : y - x;
}

static inline uint32_t sad_u8(uint32_t a, uint32_t b, uint32_t c)
{
    for (int i = 0; i < 32; i += 8)
        c += absdiff((a >> i) & 0xff, (b >> i) & 0xff);
    return c;
}

static inline uint32_t msad_u8(uint32_t a, uint32_t b, uint32_t c)
{
    for (int i = 0; i < 32; i += 8)
        if ((b >> i) & 0xff)
            c += absdiff((a >> i) & 0xff, (b >> i) & 0xff);
    return c;
}

VU32_3(v_sad_u8, sad_u8(a, b, c))
VU32_3(v_sad_hi_u8, (sad_u8(a, b, 0) << 16) + c)
VU32_3(v_sad_u16, c + absdiff(a & 0xffff, b & 0xffff) + absdiff(a >> 16, b >> 16))
VU32_3(v_sad_u32, absdiff(a, b) + c)
VU32_3(v_msad_u8, msad_u8(a, b, c))

static inline uint32_t lerp_u8(uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t r = 0;
    for (int i = 0; i < 32; i += 8)
        r |= ((((a >> i) & 0xff) + ((b >> i) & 0xff) + ((c >> i) & 1)) >> 1) << i;
    return r;
}

VU32_3(v_lerp_u8, lerp_u8(a, b, c))

static inline uint32_t perm_byte(uint64_t data, uint32_t sel)
{
    sel &= 0xff;
    if (sel >= 13)
        return 0xff;
    if (sel == 12)
        return 0;
    if (sel >= 8)   /* sign of byte 1, 3, 5 or 7, replicated */
        return ((data >> ((sel - 8) * 16 + 15)) & 1) ? 0xff : 0;
    return (uint32_t)(data >> (sel * 8)) & 0xff;
}

static inline uint32_t perm_b32(uint32_t a, uint32_t b, uint32_t c)
{
    uint64_t data = (uint64_t)a << 32 | b;
    return perm_byte(data, c) | perm_byte(data, c >> 8) << 8 | perm_byte(data, c >> 16) << 16 |
           perm_byte(data, c >> 24) << 24;
}

VU32_3(v_perm_b32, perm_b32(a, b, c))

/* mbcnt: bits of S0 below this lane (lo: lanes 0-31; hi: lanes 32-63,
 * none in wave32) plus S1. */
EMU(v_mbcnt_lo_u32_b32)
{
    const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1);
    uint32_t r[SIM_WAVE_LANES];
    LANES r[l] = (uint32_t)__builtin_popcount(A[l] & ((1u << l) - 1u)) + B[l];
    return vd(w, in, r);
}

EMU(v_mbcnt_hi_u32_b32)
{
    const uint32_t *B = vs(w, in, 1);
    uint32_t r[SIM_WAVE_LANES];
    LANES r[l] = B[l];              /* lane < 32: no bits of the high half below it */
    return vd(w, in, r);
}

/* ---------------------------------------------------------------- carry chains */

/* Carry-in mask: src[2] (VCC in e32, an SGPR in e64); carry-out to sdst. */
#define VCARRY(name, RES, CARRY)                                        \
    EMU(name)                                                           \
    {                                                                   \
        const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1);            \
        uint32_t cin = in->src[2].kind ? vs_mask(w, in, 2) : 0;         \
        uint32_t r[SIM_WAVE_LANES], cout = 0;                           \
        (void)cin;                                                      \
        LANES {                                                         \
            uint64_t a = A[l], b = B[l], ci = (cin >> l) & 1;           \
            (void)ci;                                                   \
            r[l] = (uint32_t)(RES);                                     \
            cout |= (uint32_t)((CARRY) != 0) << l;                      \
        }                                                               \
        if (in->clamp) {                                                \
            LANES if ((cout >> l) & 1) r[l] = (SATVAL);                 \
        }                                                               \
        vd_mask(w, in, cout);                                           \
        return vd(w, in, r);                                            \
    }

#define SATVAL 0xffffffffu
VCARRY(v_add_co_u32, a + b, a + b > 0xffffffffull)
VCARRY(v_add_co_ci_u32, a + b + ci, a + b + ci > 0xffffffffull)
#undef SATVAL
#define SATVAL 0u
VCARRY(v_sub_co_u32, a - b, b > a)
VCARRY(v_subrev_co_u32, b - a, a > b)
VCARRY(v_sub_co_ci_u32, a - b - ci, b + ci > a)
VCARRY(v_subrev_co_ci_u32, b - a - ci, a + ci > b)
#undef SATVAL

/* v_cndmask_b32: D = mask[lane] ? S1 : S0 (mask: VCC in e32, src2 in e64).
 * S0 and S1 may carry abs/neg in VOP3. */
EMU(v_cndmask_b32)
{
    const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);
    uint32_t m = vs_mask(w, in, 2);
    uint32_t r[SIM_WAVE_LANES];
    LANES r[l] = ((m >> l) & 1) ? B[l] : A[l];
    return vd(w, in, r);
}

/* ---------------------------------------------------------------- 64-bit results */

EMU(v_mad_u64_u32)
{
    const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1);
    uint64_t C[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    uint32_t cout = 0;

    vs64(w, in, 2, C);
    LANES {
        unsigned __int128 t = (unsigned __int128)((uint64_t)A[l] * B[l]) + C[l];
        r[l] = (uint64_t)t;
        cout |= (uint32_t)(t >> 64) << l;
        if (in->clamp && (t >> 64))
            r[l] = UINT64_MAX;
    }
    vd_mask(w, in, cout);
    return vd64(w, in, r);
}

EMU(v_mad_i64_i32)
{
    const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1);
    uint64_t C[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    uint32_t cout = 0;

    vs64(w, in, 2, C);
    LANES {
        __int128 t = (__int128)((int64_t)(int32_t)A[l] * (int32_t)B[l]) + (int64_t)C[l];
        r[l] = (uint64_t)t;
        /* D1: bit 64 of the 65-bit signed result */
        cout |= (uint32_t)(((unsigned __int128)t >> 64) & 1) << l;
        if (in->clamp && (t > INT64_MAX || t < INT64_MIN))
            r[l] = t > 0 ? (uint64_t)INT64_MAX : (uint64_t)INT64_MIN;
    }
    vd_mask(w, in, cout);
    return vd64(w, in, r);
}

EMU(v_lshlrev_b64)
{
    const uint32_t *A = vs(w, in, 0);
    uint64_t B[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs64(w, in, 1, B);
    LANES r[l] = B[l] << (A[l] & 63);
    return vd64(w, in, r);
}

EMU(v_lshrrev_b64)
{
    const uint32_t *A = vs(w, in, 0);
    uint64_t B[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs64(w, in, 1, B);
    LANES r[l] = B[l] >> (A[l] & 63);
    return vd64(w, in, r);
}

EMU(v_ashrrev_i64)
{
    const uint32_t *A = vs(w, in, 0);
    uint64_t B[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs64(w, in, 1, B);
    LANES r[l] = (uint64_t)((int64_t)B[l] >> (A[l] & 63));
    return vd64(w, in, r);
}

/* qsad/mqsad: four SADs of sliding byte windows of S0:S0+1 against S1,
 * each accumulated into a 16-bit field of S2 (sad: sad_u8, msad: msad_u8). */
static int quad_sad(struct sim_wave *w, const struct exec_inst *in,
                    uint32_t (*sad)(uint32_t, uint32_t, uint32_t))
{
    uint64_t A[SIM_WAVE_LANES], C[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    const uint32_t *B = vs(w, in, 1);

    vs64(w, in, 0, A);
    vs64(w, in, 2, C);
    LANES {
        uint64_t t = 0;
        for (int k = 0; k < 4; k++)
            t |= (uint64_t)(sad((uint32_t)(A[l] >> (8 * k)), B[l],
                                (uint32_t)(C[l] >> (16 * k)) & 0xffff) & 0xffff) << (16 * k);
        r[l] = t;
    }
    return vd64(w, in, r);
}

EMU(v_qsad_pk_u16_u8) { return quad_sad(w, in, sad_u8); }
EMU(v_mqsad_pk_u16_u8) { return quad_sad(w, in, msad_u8); }

EMU(v_mqsad_u32_u8)
{
    uint64_t A[SIM_WAVE_LANES];
    const uint32_t *B = vs(w, in, 1);
    uint32_t r[4][SIM_WAVE_LANES];
    const struct exec_opnd *c = &in->src[2];

    vs64(w, in, 0, A);
    for (int k = 0; k < 4; k++) {
        LANES {
            uint32_t acc = c->kind == EXEC_OPND_VGPR ? w->v[c->reg + k][l]
                                                      : (k == 0 ? exec_opnd_u32(w, c) : 0);
            r[k][l] = msad_u8((uint32_t)(A[l] >> (8 * k)), B[l], acc);
        }
    }
    for (int k = 0; k < 4; k++)
        exec_vgpr_write(w, in->vdst + k, r[k]);
    return EXEC_NEXT;
}

/* ---------------------------------------------------------------- f32 specials */

VF32_3(v_cubeid_f32, PLAIN3,
       (fabsf(c) >= fabsf(a) && fabsf(c) >= fabsf(b)) ? (c < 0.0f ? 5.0f : 4.0f)
       : fabsf(b) >= fabsf(a) ? (b < 0.0f ? 3.0f : 2.0f) : (a < 0.0f ? 1.0f : 0.0f))
VF32_3(v_cubesc_f32, PLAIN3,
       (fabsf(c) >= fabsf(a) && fabsf(c) >= fabsf(b)) ? (c < 0.0f ? -a : a)
       : fabsf(b) >= fabsf(a) ? a : (a < 0.0f ? c : -c))
VF32_3(v_cubetc_f32, PLAIN3,
       (fabsf(c) >= fabsf(a) && fabsf(c) >= fabsf(b)) ? -b
       : fabsf(b) >= fabsf(a) ? (b < 0.0f ? -c : c) : -b)
VF32_3(v_cubema_f32, PLAIN3,
       (fabsf(c) >= fabsf(a) && fabsf(c) >= fabsf(b)) ? c * 2.0f
       : fabsf(b) >= fabsf(a) ? b * 2.0f : a * 2.0f)
VF32_3(v_mullit_f32, PLAIN3,
       (b == -FLT_MAX || (isinf(b) && b < 0) || f32_nan(b) || !(c > 0.0f)) ? -FLT_MAX : a * b)
