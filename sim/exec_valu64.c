/*
 * sim/exec_valu64.c — f64 VALU and the f32/i32 <-> f64 conversions.  f64
 * arithmetic runs natively with MXCSR switched to the MODE's f16/f64 round
 * and denormal mode for the instruction (errata F64_DENORM).  (The division helpers and
 * v_trig_preop_f64: sim/exec_div.c.)
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

/* Output modifiers, then the result into vdst, vdst+1.  omod scales under
 * the f64 round and denormal mode and leaves a NaN as it is. */
int exec_vd_f64(struct sim_wave *w, const struct exec_inst *in, const double *r)
{
    uint64_t u[SIM_WAVE_LANES];
    bool dx10 = exec_mode_get(w->mode, EXEC_MODE_DX10_CLAMP);
    double k = in->omod == 1 ? 2.0 : in->omod == 2 ? 4.0 : 0.5;
    uint32_t m = in->omod ? fp64_enter(w) : 0;

    LANES {
        double x = r[l];
        if (in->omod && x == x)
            x *= k;
        if (in->clamp)
            x = x != x ? (dx10 ? 0.0 : x) : !(x > 0.0) ? 0.0 : x > 1.0 ? 1.0 : x;
        u[l] = d2u(x);
    }
    if (in->omod)
        fp64_leave(w, m);
    return vd64(w, in, u);
}

/* A NaN result from the host becomes the NaN the hardware returns
 * (struct exec_nan_rule over the raw source bits). */
static void f64_nan_fix(const struct sim_wave *w, unsigned nsrc, bool fma, double *r,
                        const double *a, const double *b, const double *c)
{
    struct exec_nan_rule rule = {(uint8_t)nsrc, fma, w->ieee, false};

    LANES {
        if (r[l] != r[l]) {
            uint64_t s[3] = {d2u(a[l]), d2u(b[l]), d2u(c[l])};
            r[l] = u2d(exec_nan_result(EXEC_FMT_F64, &rule, s));
        }
    }
}

/* NAN: how a NaN result is chosen — NAN_RULE(nsrc, fma), or NAN_OWN when
 * EXPR already follows the pseudocode's NaN rules (min/max). */
#define NAN_RULE(nsrc, fma) (nsrc), (fma)
#define NAN_OWN 0, false

#define VF64(name, NSRC, NAN, EXPR) VF64X(name, NSRC, NAN, EXPR)
#define VF64X(name, NSRC, NAN_NSRC, NAN_FMA, EXPR)                      \
    EMU(name)                                                           \
    {                                                                   \
        double a[SIM_WAVE_LANES], b[SIM_WAVE_LANES] = {0}, c[SIM_WAVE_LANES] = {0}; \
        double r[SIM_WAVE_LANES];                                       \
        uint32_t m, nan = 0;                                            \
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
            nan |= r[l] != r[l];                                        \
        }                                                               \
        fp64_leave(w, m);                                               \
        if (NAN_NSRC && nan)                                            \
            f64_nan_fix(w, NAN_NSRC, NAN_FMA, r, a, b, c);              \
        return exec_vd_f64(w, in, r);                                        \
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

VF64(v_add_f64, 2, NAN_RULE(2, false), x + y)
VF64(v_mul_f64, 2, NAN_RULE(2, false), x * y)
VF64(v_fma_f64, 3, NAN_RULE(3, true), fma(x, y, z))
VF64(v_min_f64, 2, NAN_OWN, f64_minmax(x, y, mode_ieee(w), false))
VF64(v_max_f64, 2, NAN_OWN, f64_minmax(x, y, mode_ieee(w), true))
VF64(v_trunc_f64, 1, NAN_RULE(1, false), trunc(x))
VF64(v_ceil_f64, 1, NAN_RULE(1, false), ceil(x))
VF64(v_floor_f64, 1, NAN_RULE(1, false), floor(x))
VF64(v_rndne_f64, 1, NAN_RULE(1, false), roundeven(x))
VF64(v_fract_f64, 1, NAN_RULE(1, false), f64_fract(x))
VF64(v_frexp_mant_f64, 1, NAN_RULE(1, false), f64_frexp_mant(x))
VF64(v_rcp_f64, 1, NAN_RULE(1, false), 1.0 / x)
VF64(v_rsq_f64, 1, NAN_RULE(1, false), 1.0 / sqrt(x))
VF64(v_sqrt_f64, 1, NAN_RULE(1, false), sqrt(x))

EMU(v_ldexp_f64)
{
    double a[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    const uint32_t *B = vs(w, in, 1);
    uint32_t m;

    vs_f64(w, in, 0, a);
    m = fp64_enter(w);
    LANES r[l] = ldexp(a[l], (int32_t)B[l]);
    fp64_leave(w, m);
    f64_nan_fix(w, 1, false, r, a, a, a);
    return exec_vd_f64(w, in, r);
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
    return exec_vd_f64(w, in, r);
}

EMU(v_cvt_f64_u32)
{
    const uint32_t *A = vs(w, in, 0);
    double r[SIM_WAVE_LANES];
    LANES r[l] = (double)A[l];
    return exec_vd_f64(w, in, r);
}

EMU(v_cvt_f64_f32)
{
    const uint32_t *A = vs_f32(w, in, 0);
    double r[SIM_WAVE_LANES];
    LANES {
        uint32_t u = f32_in(w, A[l]);
        /* a NaN keeps its sign and payload, quieted in IEEE mode */
        r[l] = f32_is_nan(u) ? u2d((uint64_t)(u >> 31) << 63 | 0x7ff0000000000000ull |
                                   (uint64_t)(u & 0x7fffffu) << 29 |
                                   (w->ieee ? EXEC_F64_QUIET_BIT : 0))
                             : (double)u2f(u);
    }
    return exec_vd_f64(w, in, r);
}

/* f64 -> f32 rounds under the f32 round mode (the host's MXCSR already). */
EMU(v_cvt_f32_f64)
{
    double a[SIM_WAVE_LANES];
    uint32_t r[SIM_WAVE_LANES];
    vs_f64(w, in, 0, a);
    LANES {
        uint64_t u = d2u(a[l]);
        /* a NaN keeps its sign and the top payload bits, quieted in IEEE
         * mode; a signalling NaN whose payload is all below bit 29 keeps
         * the quiet bit rather than becoming an infinity */
        if (a[l] != a[l]) {
            uint32_t m = (uint32_t)((u >> 29) & 0x7fffffu);
            if (w->ieee || !m)
                m |= EXEC_F32_QUIET_BIT;
            r[l] = (uint32_t)(u >> 63) << 31 | 0x7f800000u | m;
        } else {
            r[l] = f2u((float)a[l]);
        }
    }
    return vd_f32(w, in, r);
}
