/*
 * sim/exec_valu64.c — f64 VALU and the f32/i32 <-> f64 conversions.  f64
 * arithmetic runs natively with MXCSR switched to the MODE's f16/f64 round
 * and denormal mode for the instruction.  (Not yet simulated, and reported
 * by name if reached: v_div_scale_f64, v_div_fmas_f64, v_div_fixup_f64,
 * v_trig_preop_f64.)
 */
#include <limits.h>

#include "sim/exec_valu.h"

EMU_ANCHOR(valu64);

/* f64 source i with abs/neg. */
static void vs_f64(struct sim_wave *w, const struct exec_inst *in, int i, double *out)
{
    uint64_t v[SIM_WAVE_LANES];
    uint64_t and_m = ((in->abs >> i) & 1) ? ~(1ull << 63) : ~0ull;
    uint64_t xor_m = ((in->neg >> i) & 1) ? 1ull << 63 : 0;

    vs64(w, in, i, v);
    LANES out[l] = u2d((v[l] & and_m) ^ xor_m);
}

static int vd_f64(struct sim_wave *w, const struct exec_inst *in, const double *r)
{
    uint64_t u[SIM_WAVE_LANES];
    bool dx10 = exec_mode_get(w->mode, EXEC_MODE_DX10_CLAMP);
    double k = in->omod == 1 ? 2.0 : in->omod == 2 ? 4.0 : in->omod == 3 ? 0.5 : 1.0;

    LANES {
        double x = r[l] * k;
        if (in->clamp)
            x = x != x ? (dx10 ? 0.0 : x) : !(x > 0.0) ? 0.0 : x > 1.0 ? 1.0 : x;
        u[l] = d2u(x);
    }
    return vd64(w, in, u);
}

#define VF64(name, NSRC, EXPR)                                          \
    EMU(name)                                                           \
    {                                                                   \
        double a[SIM_WAVE_LANES], b[SIM_WAVE_LANES] = {0}, c[SIM_WAVE_LANES] = {0}; \
        double r[SIM_WAVE_LANES];                                       \
        uint32_t m;                                                     \
        vs_f64(w, in, 0, a);                                            \
        if (NSRC > 1)                                                   \
            vs_f64(w, in, 1, b);                                        \
        if (NSRC > 2)                                                   \
            vs_f64(w, in, 2, c);                                        \
        m = fp64_enter(w);                                              \
        LANES {                                                         \
            double x = a[l], y = b[l], z = c[l];                        \
            (void)y;                                                    \
            (void)z;                                                    \
            r[l] = (EXPR);                                              \
        }                                                               \
        fp64_leave(w, m);                                               \
        return vd_f64(w, in, r);                                        \
    }

static double f64_minmax(double x, double y, bool ieee, bool max)
{
    uint64_t a = d2u(x), b = d2u(y);
    bool an = x != x, bn = y != y;

    if (an || bn) {
        if (ieee && an && !((a >> 51) & 1))
            return u2d(a | (1ull << 51));
        if (ieee && bn && !((b >> 51) & 1))
            return u2d(b | (1ull << 51));
        return bn ? x : y;
    }
    return (max ? x > y || (x == y && (a >> 63) < (b >> 63))
                : x < y || (x == y && (a >> 63) > (b >> 63))) ? x : y;
}

static double f64_fract(double x)
{
    double f = x - floor(x);
    return f < 0x1.fffffffffffffp-1 || f != f ? f : 0x1.fffffffffffffp-1;
}

static double f64_frexp_mant(double x)
{
    int e;
    return (isinf(x) || x != x) ? x : frexp(x, &e);
}

VF64(v_add_f64, 2, x + y)
VF64(v_mul_f64, 2, x * y)
VF64(v_fma_f64, 3, fma(x, y, z))
VF64(v_min_f64, 2, f64_minmax(x, y, mode_ieee(w), false))
VF64(v_max_f64, 2, f64_minmax(x, y, mode_ieee(w), true))
VF64(v_trunc_f64, 1, trunc(x))
VF64(v_ceil_f64, 1, ceil(x))
VF64(v_floor_f64, 1, floor(x))
VF64(v_rndne_f64, 1, roundeven(x))
VF64(v_fract_f64, 1, f64_fract(x))
VF64(v_frexp_mant_f64, 1, f64_frexp_mant(x))
VF64(v_rcp_f64, 1, 1.0 / x)
VF64(v_rsq_f64, 1, 1.0 / sqrt(x))
VF64(v_sqrt_f64, 1, sqrt(x))

EMU(v_ldexp_f64)
{
    double a[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    const uint32_t *B = vs(w, in, 1);
    uint32_t m;

    vs_f64(w, in, 0, a);
    m = fp64_enter(w);
    LANES r[l] = ldexp(a[l], (int32_t)B[l]);
    fp64_leave(w, m);
    return vd_f64(w, in, r);
}

EMU(v_frexp_exp_i32_f64)
{
    double a[SIM_WAVE_LANES];
    uint32_t r[SIM_WAVE_LANES];

    vs_f64(w, in, 0, a);
    LANES {
        int e = 0;
        if (!isinf(a[l]) && a[l] == a[l])
            frexp(a[l], &e);
        r[l] = (uint32_t)e;
    }
    return vd(w, in, r);
}

/* ---------------------------------------------------------------- conversions */

static inline uint32_t d_to_i32(double x)
{
    if (x != x)
        return 0;
    if (x >= 2147483647.0)
        return INT32_MAX;
    if (x <= -2147483648.0)
        return (uint32_t)INT32_MIN;
    return (uint32_t)(int32_t)x;
}

static inline uint32_t d_to_u32(double x)
{
    if (x != x || x <= 0.0)
        return 0;
    if (x >= 4294967295.0)
        return UINT32_MAX;
    return (uint32_t)x;
}

EMU(v_cvt_i32_f64)
{
    double a[SIM_WAVE_LANES];
    uint32_t r[SIM_WAVE_LANES];
    vs_f64(w, in, 0, a);
    LANES r[l] = d_to_i32(a[l]);
    return vd(w, in, r);
}

EMU(v_cvt_u32_f64)
{
    double a[SIM_WAVE_LANES];
    uint32_t r[SIM_WAVE_LANES];
    vs_f64(w, in, 0, a);
    LANES r[l] = d_to_u32(a[l]);
    return vd(w, in, r);
}

EMU(v_cvt_f64_i32)
{
    const uint32_t *A = vs(w, in, 0);
    double r[SIM_WAVE_LANES];
    LANES r[l] = (double)(int32_t)A[l];
    return vd_f64(w, in, r);
}

EMU(v_cvt_f64_u32)
{
    const uint32_t *A = vs(w, in, 0);
    double r[SIM_WAVE_LANES];
    LANES r[l] = (double)A[l];
    return vd_f64(w, in, r);
}

EMU(v_cvt_f64_f32)
{
    const uint32_t *A = vs_f32(w, in, 0);
    double r[SIM_WAVE_LANES];
    LANES {
        uint32_t u = f32_in(w, A[l]);
        r[l] = f32_is_nan(u) ? (double)u2f(f32_quiet(u)) : (double)u2f(u);
    }
    return vd_f64(w, in, r);
}

/* f64 -> f32 rounds under the f32 round mode (the host's MXCSR already). */
EMU(v_cvt_f32_f64)
{
    double a[SIM_WAVE_LANES];
    uint32_t r[SIM_WAVE_LANES];
    vs_f64(w, in, 0, a);
    LANES r[l] = f2u((float)a[l]);
    return vd_f32(w, in, r);
}
