/* sim/exec_fp.c — see exec_fp.h. */
#include "sim/exec_fp.h"

uint32_t exec_round_fmt(double x, struct exec_fmt f, const struct exec_fpmode *m)
{
    uint64_t b = d2u(x);
    uint32_t sign = (uint32_t)(b >> 63);
    int e = (int)((b >> 52) & 0x7ff);
    uint64_t mant = b & ((1ull << 52) - 1);
    int bias = (1 << (f.exp_bits - 1)) - 1;
    int emin = 1 - bias;
    uint32_t sbit = sign << (f.mant_bits + f.exp_bits);
    uint32_t inf = ((1u << f.exp_bits) - 1) << f.mant_bits;
    uint32_t max_finite = inf - 1;
    uint64_t sig, keep, rem = 0, half = 0;
    int big_e, q, shift;
    bool up = false;

    if (e == 0x7ff) {
        if (mant)   /* NaN: quiet, keep the top payload bits */
            return sbit | inf | (1u << (f.mant_bits - 1)) | (uint32_t)(mant >> (52 - f.mant_bits));
        return sbit | inf;
    }
    if (e == 0 && mant == 0)
        return sbit;
    if (e == 0) {
        big_e = -1022;
        sig = mant;
    } else {
        big_e = e - 1023;
        sig = mant | (1ull << 52);
    }
    /* value = sig * 2^(big_e - 52); the result's lsb has exponent q */
    q = (big_e > emin ? big_e : emin) - f.mant_bits;
    shift = q - (big_e - 52);
    if (shift >= 64) {
        keep = 0;
        rem = sig;          /* nonzero, below half an ulp */
        half = ~0ull;
    } else {
        keep = sig >> shift;
        rem = sig & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
    }
    switch (m->round) {
    case EXEC_ROUND_NEAREST_EVEN:
        up = rem > half || (rem == half && (keep & 1));
        break;
    case EXEC_ROUND_PLUS_INF:
        up = rem && !sign;
        break;
    case EXEC_ROUND_MINUS_INF:
        up = rem && sign;
        break;
    default:
        up = false;
        break;
    }
    keep += up;
    if (keep >> (f.mant_bits + 1)) {    /* carried into the next binade */
        keep >>= 1;
        q++;
    }
    if (keep >= (1ull << f.mant_bits)) {
        int res_e = q + f.mant_bits;

        if (res_e > bias) {
            bool to_inf;

            if (m->ovfl_clamp)
                return sbit | max_finite;
            switch (m->round) {
            case EXEC_ROUND_NEAREST_EVEN: to_inf = true; break;
            case EXEC_ROUND_PLUS_INF: to_inf = !sign; break;
            case EXEC_ROUND_MINUS_INF: to_inf = sign; break;
            default: to_inf = false; break;
            }
            return sbit | (to_inf ? inf : max_finite);
        }
        return sbit | ((uint32_t)(res_e + bias) << f.mant_bits) |
               (uint32_t)(keep - (1ull << f.mant_bits));
    }
    if (keep && !(m->denorm & EXEC_DENORM_KEEP_OUT))
        return sbit;                    /* denormal result flushed */
    return sbit | (uint32_t)keep;
}

double exec_widen_fmt(uint32_t bits, struct exec_fmt f, bool keep_in_denorm)
{
    uint32_t width = 1u + f.exp_bits + f.mant_bits;
    uint32_t sign = (bits >> (width - 1)) & 1;
    uint32_t e = (bits >> f.mant_bits) & ((1u << f.exp_bits) - 1);
    uint64_t mant = bits & ((1u << f.mant_bits) - 1);
    int bias = (1 << (f.exp_bits - 1)) - 1;
    uint64_t out = (uint64_t)sign << 63;

    if (e == (1u << f.exp_bits) - 1) {
        out |= 0x7ffull << 52 | mant << (52 - f.mant_bits);
        return u2d(out);
    }
    if (e == 0) {
        int sh = 0;

        if (!mant || !keep_in_denorm)
            return u2d(out);
        /* normalise: value = mant * 2^(1 - bias - mant_bits) */
        while (!(mant & (1ull << f.mant_bits))) {
            mant <<= 1;
            sh++;
        }
        mant &= (1ull << f.mant_bits) - 1;
        out |= (uint64_t)(1 - bias - sh + 1023) << 52 | mant << (52 - f.mant_bits);
        return u2d(out);
    }
    out |= (uint64_t)((int)e - bias + 1023) << 52 | mant << (52 - f.mant_bits);
    return u2d(out);
}

/* MXCSR: FTZ bit 15, RC [14:13] (0 nearest, 1 down, 2 up, 3 zero), exception
 * masks [12:7], DAZ bit 6 (Intel SDM vol. 1, 10.2.3). */
uint32_t exec_mxcsr_for(unsigned round32, unsigned denorm32)
{
    static const uint32_t rc[4] = {
        [EXEC_ROUND_NEAREST_EVEN] = 0u << 13,
        [EXEC_ROUND_PLUS_INF] = 2u << 13,
        [EXEC_ROUND_MINUS_INF] = 1u << 13,
        [EXEC_ROUND_ZERO] = 3u << 13,
    };
    uint32_t v = 0x1f80u | rc[round32 & 3];

    if (!(denorm32 & EXEC_DENORM_KEEP_IN))
        v |= 1u << 6;
    if (!(denorm32 & EXEC_DENORM_KEEP_OUT))
        v |= 1u << 15;
    return v;
}
