/*
 * sim/exec_div.c — the helpers of LLVM's division expansion
 * (v_div_scale, v_div_fmas, v_div_fixup in f32 and f64, v_div_fixup_f16)
 * and v_trig_preop_f64.
 *
 * The guide's pseudocode for the three division helpers does not match the
 * hardware (its DENORM predicates and fixed v_div_fmas factors are wrong).
 * The rules here are those AMD's rocjitsu emulator checked on physical
 * gfx1100 (ROCm/rocm-systems emulation/rocjitsu shared/division.h), which
 * agree with tinygrad's hardware-checked corrections (test/mockgpu/amd/
 * emu.py _pcode_fixes): errata DIV_SCALE, DIV_FMAS, DIV_FIXUP.  Everything
 * is computed on the bit patterns with one rounding (exec_round_sig), so
 * the host's rounding and flush state plays no part.
 */
#include "sim/exec_valu.h"

EMU_ANCHOR(div);

/* A format as the division rules see it. */
struct dfmt {
    struct exec_fmt f;
    int bias;
    int threshold;      /* exponent distance where the quotient leaves the range */
    int scale;          /* the power of two the pre- and post-scaling use */
    int tiny;           /* a numerator exponent at or below this is scaled up */
};

static const struct dfmt DF16 = {{10, 5}, 15, 0, 0, 0};     /* v_div_fixup_f16 only */
static const struct dfmt DF32 = {{23, 8}, 127, 96, 64, 24};
static const struct dfmt DF64 = {{52, 11}, 1023, 768, 128, 53};

static inline uint64_t d_sign(const struct dfmt *d)
{
    return 1ull << (d->f.exp_bits + d->f.mant_bits);
}

static inline uint64_t d_inf(const struct dfmt *d)
{
    return ((1ull << d->f.exp_bits) - 1) << d->f.mant_bits;
}

static inline uint64_t d_quiet(const struct dfmt *d)
{
    return 1ull << (d->f.mant_bits - 1);
}

static inline uint64_t d_mant(const struct dfmt *d, uint64_t x)
{
    return x & ((1ull << d->f.mant_bits) - 1);
}

/* The encoded exponent (0 for zeros and denormals). */
static inline int d_exp(const struct dfmt *d, uint64_t x)
{
    return (int)((x & ~d_sign(d)) >> d->f.mant_bits);
}

/* Significand with the hidden bit, and the exponent of its lsb. */
static inline uint64_t d_sig(const struct dfmt *d, uint64_t x, int *lsb_exp)
{
    int e = d_exp(d, x);
    *lsb_exp = (e ? e : 1) - d->bias - d->f.mant_bits;
    return d_mant(d, x) | (e ? 1ull << d->f.mant_bits : 0);
}

static inline uint64_t d_default_nan(const struct dfmt *d)
{
    return d_sign(d) | d_inf(d) | d_quiet(d);
}

/* Input denormals to signed zero unless the mode keeps them. */
static inline uint64_t d_flush_in(const struct dfmt *d, uint64_t x, const struct exec_fpmode *m)
{
    if (!(m->denorm & EXEC_DENORM_KEEP_IN) && d_exp(d, x) == 0)
        return x & d_sign(d);
    return x;
}

/* The MODE fields that round a result of the format. */
static struct exec_fpmode d_mode(const struct sim_wave *w, const struct dfmt *d)
{
    struct exec_fpmode m = w->fp16;

    if (d == &DF32) {
        m.round = (uint8_t)exec_mode_get(w->mode, EXEC_MODE_FP_ROUND_32);
        m.denorm = (uint8_t)exec_mode_get(w->mode, EXEC_MODE_FP_DENORM_32);
    }
    if (d != &DF16)
        m.ovfl_clamp = false;
    return m;
}

/* ---------------------------------------------------------------- v_div_scale */

/* Pre-scale S0 (the numerator or the denominator) for the division of
 * num by den; *post says whether v_div_fmas must scale back (VCC).  Zero
 * operands give the default NaN; an infinite or NaN S0 passes through
 * unchanged, a signalling NaN unquieted (LLVM PR 208733: pre-gfx12
 * v_div_scale does not quiet even in IEEE mode). */
static uint64_t div_scale(const struct dfmt *d, uint64_t v, uint64_t den, uint64_t num,
                          const struct exec_fpmode *m, bool *post)
{
    uint64_t sign = d_sign(d);
    int de, ne, delta, adj = 0, lsb;
    bool is_den;
    uint64_t sig;

    v = d_flush_in(d, v, m);
    den = d_flush_in(d, den, m);
    num = d_flush_in(d, num, m);
    de = d_exp(d, den);
    ne = d_exp(d, num);
    delta = ne - de;
    is_den = v == den;
    *post = false;
    if (delta >= d->threshold) {
        adj = is_den ? d->scale : 0;
        *post = true;
    } else if (de == 0) {
        adj = d->scale;
    } else if (de >= 2 * d->bias - 1) {
        *post = delta <= -d->threshold;
        adj = (*post && !is_den) ? 0 : -d->scale;
    } else if (delta <= -d->threshold) {
        adj = is_den ? 0 : d->scale;
        *post = true;
    } else if (ne <= d->tiny) {
        adj = d->scale;
    }
    if (!(den & ~sign) || !(num & ~sign))
        return d_default_nan(d);
    if ((v & ~sign) >= d_inf(d))
        return v;
    sig = d_sig(d, v, &lsb);
    return exec_round_sig(sig, lsb + adj, (v & sign) != 0, d->f, m);
}

/* ---------------------------------------------------------------- v_div_fmas */

/* value >> n with the bits shifted out ORed into bit 0 */
static unsigned __int128 shr_jam(unsigned __int128 x, int n)
{
    if (n <= 0)
        return x;
    if (n >= 128)
        return x != 0;
    return (x >> n) | ((x & (((unsigned __int128)1 << n) - 1)) != 0);
}

static int top_bit(unsigned __int128 x)
{
    return (uint64_t)(x >> 64) ? 127 - __builtin_clzll((uint64_t)(x >> 64))
                               : 63 - __builtin_clzll((uint64_t)x);
}

/* a * b + c, scaled by 2^+-scale when post (up if c's exponent is above the
 * bias, else down), rounded once.  Input denormals are kept whatever the
 * mode.  NaN order: a, b, an invalid product or sum, c (always quieted). */
static uint64_t div_fmas(const struct dfmt *d, uint64_t a, uint64_t b, uint64_t c, bool post,
                         const struct exec_fpmode *m)
{
    uint64_t sign = d_sign(d), inf = d_inf(d), q = d_quiet(d);
    uint64_t am = a & ~sign, bm = b & ~sign, cm = c & ~sign;
    bool pneg = ((a ^ b) & sign) != 0, cneg = (c & sign) != 0, neg;
    int pe, ce, ae, be, adj, e;
    unsigned __int128 p, s;

    if (am > inf)
        return a | q;
    if (bm > inf)
        return b | q;
    if ((am == inf && bm == 0) || (bm == inf && am == 0) ||
        ((am == inf || bm == inf) && cm == inf && pneg != cneg))
        return d_default_nan(d);
    if (cm > inf)
        return c | q;
    if (am == inf || bm == inf)
        return (pneg ? sign : 0) | inf;
    if (cm == inf)
        return c;
    p = (unsigned __int128)d_sig(d, a, &ae) * d_sig(d, b, &be);
    pe = ae + be;
    s = d_sig(d, c, &ce);
    adj = post ? (d_exp(d, c) > d->bias ? d->scale : -d->scale) : 0;
    if (!p && !s)   /* an exact zero: +0 unless both are -0 or rounding down */
        return (pneg == cneg ? pneg : m->round == EXEC_ROUND_MINUS_INF) ? sign : 0;
    if (!p)
        return exec_round_sig(s, ce + adj, cneg, d->f, m);
    if (!s)
        return exec_round_sig(p, pe + adj, pneg, d->f, m);
    /* align both at bit 126 of a common exponent, the smaller one jammed */
    e = pe + top_bit(p) > ce + top_bit(s) ? pe + top_bit(p) : ce + top_bit(s);
    p = shr_jam(p << (126 - top_bit(p)), e - pe - top_bit(p));
    s = shr_jam(s << (126 - top_bit(s)), e - ce - top_bit(s));
    if (pneg == cneg) {
        neg = pneg;
        s += p;
    } else if (p >= s) {
        neg = pneg;
        s = p - s;
    } else {
        neg = cneg;
        s -= p;
    }
    if (!s)
        return m->round == EXEC_ROUND_MINUS_INF ? sign : 0;
    return exec_round_sig(s, e - 126 + adj, neg, d->f, m);
}

/* ---------------------------------------------------------------- v_div_fixup */

/* The quotient q of num / den with the special cases and the sign put
 * right from the original operands. */
static uint64_t div_fixup(const struct dfmt *d, uint64_t q, uint64_t den, uint64_t num,
                          const struct exec_fpmode *m)
{
    uint64_t sgn = d_sign(d), inf = d_inf(d);
    uint64_t dm, nm, sign;

    den = d_flush_in(d, den, m);
    num = d_flush_in(d, num, m);
    dm = den & ~sgn;
    nm = num & ~sgn;
    sign = (den ^ num) & sgn;
    if (nm > inf)
        return num | d_quiet(d);
    if (dm > inf)
        return den | d_quiet(d);
    if ((!dm && !nm) || (dm == inf && nm == inf))
        return d_default_nan(d);
    if (!dm || nm == inf)
        return sign | inf;
    if (!nm || dm == inf)
        return sign;
    if (d_exp(d, num) - d_exp(d, den) < -(d->bias + d->f.mant_bits))
        /* underflow: a value far below the smallest denormal, rounded */
        return exec_round_sig(1, -2 * (d->bias + d->f.mant_bits), sign != 0, d->f, m);
    if ((q & ~sgn) >= inf)
        /* the estimate overflowed (or is NaN): infinity or the largest
         * finite value, as the round mode has it */
        return exec_round_sig(1, d->bias + 1, sign != 0, d->f, m);
    return sign | (q & ~sgn);
}

/* ---------------------------------------------------------------- the instructions */

EMU(v_div_scale_f32)
{
    const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1), *C = vs_f32(w, in, 2);
    struct exec_fpmode m = d_mode(w, &DF32);
    uint32_t r[SIM_WAVE_LANES], vcc = 0;

    LANES {
        bool post;
        r[l] = (uint32_t)div_scale(&DF32, A[l], B[l], C[l], &m, &post);
        vcc |= (uint32_t)post << l;
    }
    vd_mask(w, in, vcc);
    return vd_f32(w, in, r);
}

EMU(v_div_fmas_f32)
{
    const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1), *C = vs_f32(w, in, 2);
    struct exec_fpmode m = d_mode(w, &DF32);
    uint32_t vcc = w->s[EXEC_SREG_VCC_LO], r[SIM_WAVE_LANES];

    LANES r[l] = (uint32_t)div_fmas(&DF32, A[l], B[l], C[l], (vcc >> l) & 1, &m);
    return vd_f32(w, in, r);
}

EMU(v_div_fixup_f32)
{
    const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1), *C = vs_f32(w, in, 2);
    struct exec_fpmode m = d_mode(w, &DF32);
    uint32_t r[SIM_WAVE_LANES];

    LANES r[l] = (uint32_t)div_fixup(&DF32, A[l], B[l], C[l], &m);
    return vd_f32(w, in, r);
}

EMU(v_div_fixup_f16)
{
    uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES], C[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    struct exec_fpmode m = d_mode(w, &DF16);

    vs_f16(w, in, 0, A);
    vs_f16(w, in, 1, B);
    vs_f16(w, in, 2, C);
    LANES {
        r[l] = (uint32_t)div_fixup(&DF16, A[l], B[l], C[l], &m);
        if (in->clamp)
            r[l] = f16_clamp(w, r[l]);
    }
    return vd16(w, in, r);
}

/* f64 sources as raw bits with abs/neg; results through the f64 output
 * modifiers. */
static void vs_b64(struct sim_wave *w, const struct exec_inst *in, int i, uint64_t *out)
{
    uint64_t and_m = ((in->abs >> i) & 1) ? ~(1ull << 63) : ~0ull;
    uint64_t xor_m = ((in->neg >> i) & 1) ? 1ull << 63 : 0;

    vs64(w, in, i, out);
    LANES out[l] = (out[l] & and_m) ^ xor_m;
}

/* The three f64 sources of a division helper. */
static void vs3_b64(struct sim_wave *w, const struct exec_inst *in,
                    uint64_t (*s)[SIM_WAVE_LANES])
{
    for (int i = 0; i < 3; i++)
        vs_b64(w, in, i, s[i]);
}

static int vd_b64(struct sim_wave *w, const struct exec_inst *in, const uint64_t *r)
{
    double d[SIM_WAVE_LANES];

    LANES d[l] = u2d(r[l]);
    return exec_vd_f64(w, in, d);
}

EMU(v_div_scale_f64)
{
    uint64_t s[3][SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    struct exec_fpmode m = d_mode(w, &DF64);
    uint32_t vcc = 0;

    vs3_b64(w, in, s);
    LANES {
        bool post;
        r[l] = div_scale(&DF64, s[0][l], s[1][l], s[2][l], &m, &post);
        vcc |= (uint32_t)post << l;
    }
    vd_mask(w, in, vcc);
    return vd_b64(w, in, r);
}

EMU(v_div_fmas_f64)
{
    uint64_t s[3][SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    struct exec_fpmode m = d_mode(w, &DF64);
    uint32_t vcc = w->s[EXEC_SREG_VCC_LO];

    vs3_b64(w, in, s);
    LANES r[l] = div_fmas(&DF64, s[0][l], s[1][l], s[2][l], (vcc >> l) & 1, &m);
    return vd_b64(w, in, r);
}

EMU(v_div_fixup_f64)
{
    uint64_t s[3][SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    struct exec_fpmode m = d_mode(w, &DF64);

    vs3_b64(w, in, s);
    LANES r[l] = div_fixup(&DF64, s[0][l], s[1][l], s[2][l], &m);
    return vd_b64(w, in, r);
}

/* ---------------------------------------------------------------- v_trig_preop_f64 */

/* The fraction bits of 2/pi the hardware holds, most significant first,
 * left-aligned in 64-bit words: 1184 bits, the rest read as 0.  The
 * length is the one GFX1201 captures establish (goc, which follows
 * rocjitsu's execute_v_trig_preop_f64; the guide says 1201); the bits are
 * the 37-word table LLVM 19 folds llvm.amdgcn.trig.preop with (Machin's
 * formula at 1400 bits gives the same).  Errata TRIG_PREOP. */
static const uint64_t two_over_pi[19] = {
    0xa2f9836e4e441529ull, 0xfc2757d1f534ddc0ull, 0xdb6295993c439041ull, 0xfe5163abdebbc561ull,
    0xb7246e3a424dd2e0ull, 0x06492eea09d1921cull, 0xfe1deb1cb129a73eull, 0xe88235f52ebb4484ull,
    0xe99c7026b45f7e41ull, 0x3991d639835339f4ull, 0x9c845f8bbdf9283bull, 0x1ff897ffde05980full,
    0xef2f118b5a0a6d1full, 0x6d367ecf27cb09b7ull, 0x4f463f669e5fea2dull, 0x7527bac7ebe5f17bull,
    0x3d0739f78a5292eaull, 0x6bfb5fb11f8d5d08ull, 0x5603304600000000ull,
};

#define TRIG_PREOP_TABLE_BITS 1184u
#define TRIG_PREOP_BITS 53u
#define TRIG_PREOP_EXP_SHIFT 1077   /* exponents above this shift further */
#define TRIG_PREOP_EXP_RESCALE 1968 /* exponents from this up scale by 2^128 */

/* 53 bits of 2/pi from fraction bit `first` (0: the 2^-1 bit) on. */
static uint64_t two_over_pi_bits(unsigned first)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < TRIG_PREOP_BITS; i++) {
        unsigned b = first + i;
        uint64_t bit = b < TRIG_PREOP_TABLE_BITS ? (two_over_pi[b / 64] >> (63 - b % 64)) & 1 : 0;
        v = v << 1 | bit;
    }
    return v;
}

/* sig * 2^scale as a double: exact when normal, a denormal truncated (the
 * captured table holds truncated denormals), 0 below that. */
static uint64_t trig_preop_value(uint64_t sig, int scale)
{
    int top, e, adj;

    if (!sig)
        return 0;
    top = 63 - __builtin_clzll(sig);
    e = top + scale;
    if (e < -1022) {
        adj = scale + 1074;
        return adj >= 0 ? sig << adj : adj > -64 ? sig >> -adj : 0;
    }
    return (uint64_t)(e + 1023) << 52 | ((sig << (52 - top)) & ((1ull << 52) - 1));
}

/* D = the S1[4:0]-th 53-bit chunk of 2/pi, shifted further for large
 * |S0| (guide pseudocode: shift = 53 * S1[4:0] + max(0, exp(S0) - 1077),
 * D = chunk * 2^(-53 - shift), * 2^128 when exp(S0) >= 1968).  Only S0's
 * exponent field counts (a NaN or infinity included).  OMOD adds to the
 * exponent, a denormal before or after becoming 0; clamp caps at 1.0. */
EMU(v_trig_preop_f64)
{
    uint64_t A[SIM_WAVE_LANES], r[SIM_WAVE_LANES];
    const uint32_t *B = vs(w, in, 1);
    int64_t omod = in->omod == 1 ? 1 : in->omod == 2 ? 2 : in->omod == 3 ? -1 : 0;

    vs_b64(w, in, 0, A);
    LANES {
        int e = d_exp(&DF64, A[l]);
        unsigned shift = (B[l] & 31) * TRIG_PREOP_BITS +
                         (e > TRIG_PREOP_EXP_SHIFT ? (unsigned)(e - TRIG_PREOP_EXP_SHIFT) : 0);
        int scale = -(int)TRIG_PREOP_BITS - (int)shift + (e >= TRIG_PREOP_EXP_RESCALE ? 128 : 0);
        uint64_t v = trig_preop_value(two_over_pi_bits(shift), scale);

        if (omod) {
            v = v >> 52 ? v + (uint64_t)(omod * (int64_t)(1ull << 52)) : 0;
            if (!(v >> 52))
                v = 0;
        }
        if (in->clamp && v > 0x3ff0000000000000ull)
            v = 0x3ff0000000000000ull;
        r[l] = v;
    }
    return vd64(w, in, r);
}
