/*
 * sim/exec_valu16.c — 16-bit VALU (f16, i16, u16, b16) of VOP1, VOP2 and
 * VOP3.  Sources are the low halves (VOP3 op_sel picks the high half per
 * source); results go to the half op_sel[3] picks, the other half kept.
 * f16 arithmetic is computed in double — exact for add, sub, mul and, in
 * the f16 range, fma — and rounded once under MODE's f16 round mode,
 * denormal mode and FP16_OVFL.
 */
#include <limits.h>

#include "sim/exec_valu.h"

EMU_ANCHOR(valu16);

#define VH_1(name, EXPR)                                                \
    EMU(name)                                                           \
    {                                                                   \
        uint32_t A[SIM_WAVE_LANES], r[SIM_WAVE_LANES];                  \
        vs_f16(w, in, 0, A);                                            \
        LANES {                                                         \
            double a = h2d(w, A[l]);                                    \
            r[l] = d2h(w, EXPR);                                        \
            if (in->clamp)                                              \
                r[l] = f16_clamp(w, r[l]);                              \
        }                                                               \
        return vd16(w, in, r);                                          \
    }

#define VH_2(name, EXPR)                                                \
    EMU(name)                                                           \
    {                                                                   \
        uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES], r[SIM_WAVE_LANES]; \
        vs_f16(w, in, 0, A);                                            \
        vs_f16(w, in, 1, B);                                            \
        LANES {                                                         \
            double a = h2d(w, A[l]), b = h2d(w, B[l]);                  \
            r[l] = d2h(w, EXPR);                                        \
            if (in->clamp)                                              \
                r[l] = f16_clamp(w, r[l]);                              \
        }                                                               \
        return vd16(w, in, r);                                          \
    }

#define VH_3(name, EXPR)                                                \
    EMU(name)                                                           \
    {                                                                   \
        uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES], C[SIM_WAVE_LANES]; \
        uint32_t r[SIM_WAVE_LANES];                                     \
        vs_f16(w, in, 0, A);                                            \
        vs_f16(w, in, 1, B);                                            \
        vs_f16(w, in, 2, C);                                            \
        LANES {                                                         \
            double a = h2d(w, A[l]), b = h2d(w, B[l]), c = h2d(w, C[l]); \
            r[l] = d2h(w, EXPR);                                        \
            if (in->clamp)                                              \
                r[l] = f16_clamp(w, r[l]);                              \
        }                                                               \
        return vd16(w, in, r);                                          \
    }

/* Bit-pattern results (min/max/med: no rounding). */
#define VH_BITS(name, EXPR)                                             \
    EMU(name)                                                           \
    {                                                                   \
        uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES], C[SIM_WAVE_LANES]; \
        uint32_t r[SIM_WAVE_LANES];                                     \
        bool ieee = mode_ieee(w);                                       \
        (void)ieee;                                                     \
        vs_f16(w, in, 0, A);                                            \
        vs_f16(w, in, 1, B);                                            \
        if (in->nsrc > 2)                                               \
            vs_f16(w, in, 2, C);                                        \
        else                                                            \
            memset(C, 0, sizeof(C));                                    \
        LANES {                                                         \
            uint32_t a = A[l], b = B[l], c = C[l];                      \
            (void)c;                                                    \
            r[l] = (EXPR);                                              \
            if (in->clamp)                                              \
                r[l] = f16_clamp(w, r[l]);                              \
        }                                                               \
        return vd16(w, in, r);                                          \
    }

VH_2(v_add_f16, a + b)
VH_2(v_sub_f16, a - b)
VH_2(v_subrev_f16, b - a)
VH_2(v_mul_f16, a * b)
VH_3(v_fma_f16, a * b + c)
VH_3(v_fmac_f16, a * b + c)
VH_3(v_fmamk_f16, a * b + c)
VH_3(v_fmaak_f16, a * b + c)

VH_BITS(v_max_f16, f16_max_bits(a, b, ieee, w))
VH_BITS(v_min_f16, f16_min_bits(a, b, ieee, w))
VH_BITS(v_max3_f16, f16_max_bits(f16_max_bits(a, b, ieee, w), c, ieee, w))
VH_BITS(v_min3_f16, f16_min_bits(f16_min_bits(a, b, ieee, w), c, ieee, w))
VH_BITS(v_maxmin_f16, f16_min_bits(f16_max_bits(a, b, ieee, w), c, ieee, w))
VH_BITS(v_minmax_f16, f16_max_bits(f16_min_bits(a, b, ieee, w), c, ieee, w))

static uint32_t med3_f16(const struct sim_wave *w, uint32_t a, uint32_t b, uint32_t c, bool ieee)
{
    uint32_t mx;

    if (f16_is_nan((uint16_t)a) || f16_is_nan((uint16_t)b) || f16_is_nan((uint16_t)c))
        return f16_min_bits(f16_min_bits(a, b, ieee, w), c, ieee, w);
    mx = f16_max_bits(f16_max_bits(a, b, ieee, w), c, ieee, w);
    if (mx == a)
        return f16_max_bits(b, c, ieee, w);
    if (mx == b)
        return f16_max_bits(a, c, ieee, w);
    return f16_max_bits(a, b, ieee, w);
}

VH_BITS(v_med3_f16, med3_f16(w, a, b, c, ieee))

/* v_ldexp_f16: S1 is an i16 exponent. */
EMU(v_ldexp_f16)
{
    uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES], r[SIM_WAVE_LANES];

    vs_f16(w, in, 0, A);
    vs16(w, in, 1, B);
    LANES {
        r[l] = d2h(w, ldexp(h2d(w, A[l]), (int16_t)B[l]));
        if (in->clamp)
            r[l] = f16_clamp(w, r[l]);
    }
    return vd16(w, in, r);
}

/* Rounding to integral values (exact). */
static double d_fract(double x)
{
    double f = x - floor(x);
    return f < 0x1.ffcp-1 || f != f ? f : 0x1.ffcp-1;  /* largest f16 below 1.0 */
}

VH_1(v_trunc_f16, trunc(a))
VH_1(v_ceil_f16, ceil(a))
VH_1(v_floor_f16, floor(a))
VH_1(v_rndne_f16, roundeven(a))
VH_1(v_fract_f16, d_fract(a))

/* f16 transcendentals: double precision, one rounding (within 1 ULP). */
static double sin_rev16(double x)
{
    if (isinf(x) || x != x)
        return NAN;
    return sin(2.0 * M_PI * (x - nearbyint(x)));
}

static double cos_rev16(double x)
{
    if (isinf(x) || x != x)
        return NAN;
    return cos(2.0 * M_PI * (x - nearbyint(x)));
}

VH_1(v_exp_f16, exp2(a))
VH_1(v_log_f16, log2(a))
VH_1(v_rcp_f16, 1.0 / a)
VH_1(v_rsq_f16, 1.0 / sqrt(a))
VH_1(v_sqrt_f16, sqrt(a))
VH_1(v_sin_f16, sin_rev16(a))
VH_1(v_cos_f16, cos_rev16(a))

static double frexp_mant(double x)
{
    int e;
    if (isinf(x) || x != x)
        return x;
    return frexp(x, &e);
}

VH_1(v_frexp_mant_f16, frexp_mant(a))

EMU(v_frexp_exp_i16_f16)
{
    uint32_t A[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs_f16(w, in, 0, A);
    LANES {
        double a = h2d(w, A[l]);
        int e = 0;
        if (!isinf(a) && a == a)
            frexp(a, &e);
        r[l] = (uint32_t)e & 0xffff;
    }
    return vd16(w, in, r);
}

/* v_div_fixup_f16: the guide's special cases, else ±|S0|. */
static uint32_t div_fixup_f16(const struct sim_wave *w, uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t sign = (b ^ c) & 0x8000u;
    double fb = h2d(w, b), fc = h2d(w, c);

    if (f16_is_nan((uint16_t)c))
        return c | EXEC_F16_QUIET_BIT;
    if (f16_is_nan((uint16_t)b))
        return b | EXEC_F16_QUIET_BIT;
    if (fb == 0.0 && fc == 0.0)
        return 0xfe00u;
    if (isinf(fb) && isinf(fc))
        return 0xfe00u;
    if (fb == 0.0 || isinf(fc))
        return sign | 0x7c00u;
    if (isinf(fb) || fc == 0.0)
        return sign;
    return sign | (a & 0x7fffu);
}

VH_BITS(v_div_fixup_f16, div_fixup_f16(w, a, b, c))

/* ---------------------------------------------------------------- conversions */

static inline uint32_t d_to_i16(double x)
{
    if (x != x)
        return 0;
    if (x >= 32767.0)
        return 0x7fff;
    if (x <= -32768.0)
        return 0x8000;
    return (uint32_t)(int32_t)x & 0xffff;
}

static inline uint32_t d_to_u16(double x)
{
    if (x != x || x <= 0.0)
        return 0;
    if (x >= 65535.0)
        return 0xffff;
    return (uint32_t)x;
}

EMU(v_cvt_f16_u16)
{
    uint32_t A[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs16(w, in, 0, A);
    LANES r[l] = d2h(w, (double)A[l]);
    return vd16(w, in, r);
}

EMU(v_cvt_f16_i16)
{
    uint32_t A[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs16(w, in, 0, A);
    LANES r[l] = d2h(w, (double)(int16_t)A[l]);
    return vd16(w, in, r);
}

EMU(v_cvt_u16_f16)
{
    uint32_t A[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs_f16(w, in, 0, A);
    LANES r[l] = d_to_u16(h2d(w, A[l]));
    return vd16(w, in, r);
}

EMU(v_cvt_i16_f16)
{
    uint32_t A[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs_f16(w, in, 0, A);
    LANES r[l] = d_to_i16(h2d(w, A[l]));
    return vd16(w, in, r);
}

/* norm conversions: floor(x * scale + 0.5) after clamping to the range
 * (tinygrad's hardware-checked rounding; snorm reaches -32767, not -32768) */
static inline uint32_t d_to_snorm16(double x)
{
    if (x != x)
        return 0;
    x = x < -1.0 ? -1.0 : x > 1.0 ? 1.0 : x;
    return (uint32_t)(int32_t)floor(x * 32767.0 + 0.5) & 0xffff;
}

static inline uint32_t d_to_unorm16(double x)
{
    if (x != x)
        return 0;
    x = x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
    return (uint32_t)floor(x * 65535.0 + 0.5);
}

EMU(v_cvt_norm_i16_f16)
{
    uint32_t A[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs_f16(w, in, 0, A);
    LANES r[l] = d_to_snorm16(h2d(w, A[l]));
    return vd16(w, in, r);
}

EMU(v_cvt_norm_u16_f16)
{
    uint32_t A[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs_f16(w, in, 0, A);
    LANES r[l] = d_to_unorm16(h2d(w, A[l]));
    return vd16(w, in, r);
}

EMU(v_cvt_pk_norm_i16_f16)
{
    uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs_f16(w, in, 0, A);
    vs_f16(w, in, 1, B);
    LANES r[l] = d_to_snorm16(h2d(w, A[l])) | d_to_snorm16(h2d(w, B[l])) << 16;
    return vd(w, in, r);
}

EMU(v_cvt_pk_norm_u16_f16)
{
    uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs_f16(w, in, 0, A);
    vs_f16(w, in, 1, B);
    LANES r[l] = d_to_unorm16(h2d(w, A[l])) | d_to_unorm16(h2d(w, B[l])) << 16;
    return vd(w, in, r);
}

EMU(v_pack_b32_f16)
{
    uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs_f16(w, in, 0, A);
    vs_f16(w, in, 1, B);
    LANES r[l] = A[l] | B[l] << 16;
    return vd(w, in, r);
}

/* 32-bit results from 16-bit sources */
EMU(v_cvt_i32_i16)
{
    uint32_t A[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    vs16(w, in, 0, A);
    LANES r[l] = (uint32_t)(int32_t)(int16_t)A[l];
    return vd(w, in, r);
}

EMU(v_cvt_u32_u16)
{
    uint32_t A[SIM_WAVE_LANES];
    vs16(w, in, 0, A);
    return vd(w, in, A);
}

EMU(v_sat_pk_u8_i16)
{
    const uint32_t *A = vs(w, in, 0);
    uint32_t r[SIM_WAVE_LANES];
    LANES {
        int32_t lo = (int16_t)A[l], hi = (int16_t)(A[l] >> 16);
        uint32_t a = lo <= 0 ? 0 : lo >= 255 ? 255 : (uint32_t)lo;
        uint32_t b = hi <= 0 ? 0 : hi >= 255 ? 255 : (uint32_t)hi;
        r[l] = a | b << 8;
    }
    return vd16(w, in, r);
}

/* ---------------------------------------------------------------- integer 16-bit */

#define VI16_1(name, EXPR)                                              \
    EMU(name)                                                           \
    {                                                                   \
        uint32_t A[SIM_WAVE_LANES], r[SIM_WAVE_LANES];                  \
        vs16(w, in, 0, A);                                              \
        LANES {                                                         \
            uint32_t a = A[l];                                          \
            r[l] = (EXPR) & 0xffffu;                                    \
        }                                                               \
        return vd16(w, in, r);                                          \
    }

#define VI16_2(name, EXPR)                                              \
    EMU(name)                                                           \
    {                                                                   \
        uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES], r[SIM_WAVE_LANES]; \
        vs16(w, in, 0, A);                                              \
        vs16(w, in, 1, B);                                              \
        LANES {                                                         \
            uint32_t a = A[l], b = B[l];                                \
            r[l] = (EXPR) & 0xffffu;                                    \
        }                                                               \
        return vd16(w, in, r);                                          \
    }

#define VI16_3(name, EXPR)                                              \
    EMU(name)                                                           \
    {                                                                   \
        uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES], C[SIM_WAVE_LANES]; \
        uint32_t r[SIM_WAVE_LANES];                                     \
        vs16(w, in, 0, A);                                              \
        vs16(w, in, 1, B);                                              \
        vs16(w, in, 2, C);                                              \
        LANES {                                                         \
            uint32_t a = A[l], b = B[l], c = C[l];                      \
            r[l] = (EXPR) & 0xffffu;                                    \
        }                                                               \
        return vd16(w, in, r);                                          \
    }

#define S16(x) ((int32_t)(int16_t)(x))

/* clamp: saturate to the type's range */
static inline uint32_t satu16(int64_t v, bool clamp)
{
    if (!clamp)
        return (uint32_t)v & 0xffff;
    return v < 0 ? 0 : v > 0xffff ? 0xffff : (uint32_t)v;
}

static inline uint32_t sati16(int64_t v, bool clamp)
{
    if (!clamp)
        return (uint32_t)v & 0xffff;
    return (uint32_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v) & 0xffff;
}

VI16_1(v_not_b16, ~a)
VI16_1(v_mov_b16, a)
VI16_2(v_add_nc_u16, satu16((int64_t)a + b, in->clamp))
VI16_2(v_sub_nc_u16, satu16((int64_t)a - b, in->clamp))
VI16_2(v_add_nc_i16, sati16((int64_t)S16(a) + S16(b), in->clamp))
VI16_2(v_sub_nc_i16, sati16((int64_t)S16(a) - S16(b), in->clamp))
VI16_2(v_mul_lo_u16, a * b)
VI16_2(v_max_u16, a >= b ? a : b)
VI16_2(v_min_u16, a < b ? a : b)
VI16_2(v_max_i16, S16(a) >= S16(b) ? a : b)
VI16_2(v_min_i16, S16(a) < S16(b) ? a : b)
VI16_2(v_lshlrev_b16, b << (a & 15))
VI16_2(v_lshrrev_b16, b >> (a & 15))
VI16_2(v_ashrrev_i16, (uint32_t)(S16(b) >> (a & 15)))
VI16_2(v_and_b16, a & b)
VI16_2(v_or_b16, a | b)
VI16_2(v_xor_b16, a ^ b)
VI16_3(v_mad_u16, satu16((int64_t)a * b + c, in->clamp))
VI16_3(v_mad_i16, sati16((int64_t)S16(a) * S16(b) + S16(c), in->clamp))
VI16_3(v_min3_u16, a < b ? (a < c ? a : c) : (b < c ? b : c))
VI16_3(v_max3_u16, a >= b ? (a >= c ? a : c) : (b >= c ? b : c))
VI16_3(v_min3_i16, (uint32_t)(S16(a) < S16(b) ? (S16(a) < S16(c) ? S16(a) : S16(c))
                                              : (S16(b) < S16(c) ? S16(b) : S16(c))))
VI16_3(v_max3_i16, (uint32_t)(S16(a) >= S16(b) ? (S16(a) >= S16(c) ? S16(a) : S16(c))
                                               : (S16(b) >= S16(c) ? S16(b) : S16(c))))

static inline uint32_t med3_i(int32_t a, int32_t b, int32_t c)
{
    int32_t mx = a >= b ? (a >= c ? a : c) : (b >= c ? b : c);
    if (mx == a)
        return (uint32_t)(b >= c ? b : c);
    if (mx == b)
        return (uint32_t)(a >= c ? a : c);
    return (uint32_t)(a >= b ? a : b);
}

VI16_3(v_med3_i16, med3_i(S16(a), S16(b), S16(c)))
VI16_3(v_med3_u16, med3_i((int32_t)a, (int32_t)b, (int32_t)c))

/* v_cndmask_b16: mask from src2 (an SGPR); S0/S1 may have abs/neg. */
EMU(v_cndmask_b16)
{
    uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    uint32_t m = vs_mask(w, in, 2);
    vs_f16(w, in, 0, A);
    vs_f16(w, in, 1, B);
    LANES r[l] = ((m >> l) & 1) ? B[l] : A[l];
    return vd16(w, in, r);
}

/* ---------------------------------------------------------------- dot products */

/* v_dot2_f16_f16 / v_dot2_bf16_bf16: two products and S2 summed exactly in
 * double, rounded once (the hardware's internal rounding is not
 * documented). */
EMU(v_dot2_f16_f16)
{
    const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1);
    uint32_t C[SIM_WAVE_LANES], r[SIM_WAVE_LANES];

    vs_f16(w, in, 2, C);
    LANES {
        double s = h2d(w, C[l]) + h2d(w, A[l] & 0xffff) * h2d(w, B[l] & 0xffff) +
                   h2d(w, A[l] >> 16) * h2d(w, B[l] >> 16);
        r[l] = d2h(w, s);
        if (in->clamp)
            r[l] = f16_clamp(w, r[l]);
    }
    return vd16(w, in, r);
}

static inline double bf2d(uint32_t h)
{
    return exec_widen_fmt(h & 0xffff, EXEC_FMT_BF16, true);
}

EMU(v_dot2_bf16_bf16)
{
    const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1);
    uint32_t C[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    struct exec_fpmode m = {EXEC_ROUND_NEAREST_EVEN, EXEC_DENORM_KEEP_IN | EXEC_DENORM_KEEP_OUT,
                            false};

    vs16(w, in, 2, C);
    LANES {
        double s = bf2d(C[l]) + bf2d(A[l]) * bf2d(B[l]) + bf2d(A[l] >> 16) * bf2d(B[l] >> 16);
        r[l] = exec_round_fmt(s, EXEC_FMT_BF16, &m);
    }
    return vd16(w, in, r);
}
