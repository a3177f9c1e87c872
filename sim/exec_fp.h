/*
 * sim/exec_fp.h — floating-point formats and rounding for the wave executor.
 *
 * f32 arithmetic runs natively on the host with MXCSR set from the wave's
 * MODE register (round mode, and DAZ/FTZ for the f32 denormal mode), which
 * matches the hardware exactly for the correctly rounded operations (add,
 * mul, fma, div, sqrt, conversions).  f16 and bf16 results are computed in
 * double (exact for add/sub/mul and, within the f16 range, fma) and rounded
 * here in software with the round mode, denormal mode and FP16_OVFL of the
 * MODE register.
 */
#ifndef AMDPM4_SIM_EXEC_FP_H
#define AMDPM4_SIM_EXEC_FP_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Round modes as MODE.FP_ROUND encodes them (2 bits per format group). */
enum exec_round {
    EXEC_ROUND_NEAREST_EVEN = 0,
    EXEC_ROUND_PLUS_INF = 1,
    EXEC_ROUND_MINUS_INF = 2,
    EXEC_ROUND_ZERO = 3,
};

/* Denormal modes as MODE.FP_DENORM encodes them (2 bits per format group):
 * bit 0 set keeps input denormals, bit 1 set keeps output denormals
 * (LLVM SIDefines.h FP_DENORM_FLUSH_IN_FLUSH_OUT 0, FLUSH_OUT 1, FLUSH_IN 2,
 * FLUSH_NONE 3). */
#define EXEC_DENORM_KEEP_IN 1u
#define EXEC_DENORM_KEEP_OUT 2u

/* How a narrow result is rounded: round mode, denormal mode, FP16_OVFL. */
struct exec_fpmode {
    uint8_t round;      /* enum exec_round */
    uint8_t denorm;     /* EXEC_DENORM_* bits */
    bool ovfl_clamp;    /* FP16_OVFL: overflow gives ±max finite, true inf stays inf */
};

static inline uint32_t f2u(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static inline float u2f(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static inline uint64_t d2u(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static inline double u2d(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}

/* Binary formats narrower than double. */
struct exec_fmt {
    uint8_t mant_bits;  /* stored fraction bits */
    uint8_t exp_bits;
};

#define EXEC_FMT_F16 ((struct exec_fmt){10, 5})
#define EXEC_FMT_BF16 ((struct exec_fmt){7, 8})
#define EXEC_FMT_F32 ((struct exec_fmt){23, 8})

/* Round a double to the format under *m.  NaN keeps its sign and the top
 * payload bits and is quieted; infinities pass through. */
uint32_t exec_round_fmt(double x, struct exec_fmt f, const struct exec_fpmode *m);

/* Widen a narrow value to double exactly; input denormals become ±0 unless
 * keep_in_denorm.  sNaN stays signalling (callers quiet as the op does). */
double exec_widen_fmt(uint32_t bits, struct exec_fmt f, bool keep_in_denorm);

static inline double f16_to_f64(uint16_t h, bool keep_in_denorm)
{
    return exec_widen_fmt(h, EXEC_FMT_F16, keep_in_denorm);
}

static inline uint16_t f64_to_f16(double x, const struct exec_fpmode *m)
{
    return (uint16_t)exec_round_fmt(x, EXEC_FMT_F16, m);
}

/* The quiet bit of an f16 NaN (top mantissa bit). */
#define EXEC_F16_QUIET_BIT (1u << 9)

static inline bool f16_is_nan(uint16_t h)
{
    return (h & 0x7c00) == 0x7c00 && (h & 0x3ff);
}

static inline bool f32_is_nan(uint32_t u)
{
    return (u & 0x7f800000u) == 0x7f800000u && (u & 0x7fffffu);
}

static inline bool f32_is_snan(uint32_t u)
{
    return f32_is_nan(u) && !(u & 0x400000u);
}

static inline bool f16_is_snan(uint16_t h)
{
    return f16_is_nan(h) && !(h & EXEC_F16_QUIET_BIT);
}

static inline bool f32_is_denorm(uint32_t u)
{
    return !(u & 0x7f800000u) && (u & 0x7fffffu);
}

/* MXCSR value for the f32 part of a MODE register: round mode, DAZ, FTZ,
 * every exception masked. */
uint32_t exec_mxcsr_for(unsigned round32, unsigned denorm32);

#endif
