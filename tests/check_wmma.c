/*
 * tests/check_wmma.c — the simulator's v_wmma_* semantics, white-box: the
 * emu_v_wmma_* functions are called on a hand-built wave.
 *
 * 1. Differential: the vectorised implementation (sim/exec_wmma.c) against
 *    ref_wmma below, a copy of the straightforward per-element formulation
 *    it replaced (sim/exec_wmma.c as of commit 01b2a2d: C widened to double,
 *    the 16 exact products added one by one in K order, one rounding), on
 *    random operands with NaNs, infinities, denormals and signed zeros, all
 *    six forms, every neg_lo / neg_hi / op_sel[2] / clamp combination, EXEC
 *    masks, C in a VGPR, an SGPR or a constant, D over C or over A, and the
 *    host rounding modes and FTZ / DAZ the executor sets from MODE.  Every
 *    VGPR bit must match.
 * 2. Literal expectations: results worked out by hand (written as hex).
 */
#include <check.h>
#include <fenv.h>
#include <string.h>
#include <xmmintrin.h>

#include "sim/exec_stats.h"
#include "sim/exec_valu.h"

int emu_v_wmma_f32_16x16x16_f16(struct sim_wave *w, const struct exec_inst *in);
int emu_v_wmma_f32_16x16x16_bf16(struct sim_wave *w, const struct exec_inst *in);
int emu_v_wmma_f16_16x16x16_f16(struct sim_wave *w, const struct exec_inst *in);
int emu_v_wmma_bf16_16x16x16_bf16(struct sim_wave *w, const struct exec_inst *in);
int emu_v_wmma_i32_16x16x16_iu8(struct sim_wave *w, const struct exec_inst *in);
int emu_v_wmma_i32_16x16x16_iu4(struct sim_wave *w, const struct exec_inst *in);

#define ROWS 48                 /* VGPRs the tests use */
#define LANES_N SIM_WAVE_LANES

/* ------------------------------------------------------------ reference */

enum ref_in { RI_F16, RI_BF16, RI_IU8, RI_IU4 };
enum ref_out { RO_F32, RO_F16, RO_BF16, RO_I32 };

typedef uint32_t vfile[ROWS][LANES_N];

static double ref_fp_elem(const vfile v, unsigned reg, unsigned lane, unsigned k, enum ref_in t,
                          bool neg_lo, bool neg_hi)
{
    uint32_t x = v[reg + k / 2][lane];
    uint32_t h = (k & 1) ? x >> 16 : x & 0xffff;
    double d = t == RI_F16 ? f16_to_f64((uint16_t)h, true) : exec_widen_fmt(h, EXEC_FMT_BF16, true);
    if ((k & 1) ? neg_hi : neg_lo)
        d = -d;
    return d;
}

static int64_t ref_int_elem(const vfile v, unsigned reg, unsigned lane, unsigned k, enum ref_in t,
                            bool sgn)
{
    unsigned bits = t == RI_IU8 ? 8 : 4, per = 32 / bits;
    uint32_t x = v[reg + k / per][lane];
    uint64_t e = (x >> ((k % per) * bits)) & ((1u << bits) - 1);
    return sgn ? (int64_t)sext64(e, bits) : (int64_t)e;
}

/* The 8 result rows of D for the VGPRs v (before the instruction) and the
 * scalar C value cs (used where C is not a VGPR). */
static void ref_wmma(const vfile v, uint32_t cs, const struct exec_inst *in, enum ref_in ti,
                     enum ref_out to, uint32_t out[8][LANES_N])
{
    const struct exec_opnd *a = &in->src[0], *b = &in->src[1], *c = &in->src[2];
    bool hi_half = (in->op_sel >> 2) & 1;

    for (unsigned r = 0; r < 8; r++) {
        for (unsigned l = 0; l < LANES_N; l++) {
            unsigned half = l / 16, m = 2 * r + half, n = l % 16;
            unsigned alane = m + 16 * half, blane = n + 16 * half;
            uint32_t cv = c->kind == EXEC_OPND_VGPR ? v[c->reg + r][l] : cs;
            uint32_t old = v[in->vdst + r][l];

            if (to == RO_I32) {
                int64_t acc = (int32_t)cv;
                for (unsigned k = 0; k < 16; k++)
                    acc += ref_int_elem(v, a->reg, alane, k, ti, in->neg & 1) *
                           ref_int_elem(v, b->reg, blane, k, ti, (in->neg >> 1) & 1);
                if (in->clamp)
                    acc = acc > INT32_MAX ? INT32_MAX : acc < INT32_MIN ? INT32_MIN : acc;
                out[r][l] = (uint32_t)acc;
                continue;
            }
            double acc;
            if (to == RO_F32) {
                acc = u2f(cv);
            } else {
                uint32_t ch = hi_half ? cv >> 16 : cv & 0xffff;
                acc = to == RO_F16 ? f16_to_f64((uint16_t)ch, true)
                                   : exec_widen_fmt(ch, EXEC_FMT_BF16, true);
            }
            if ((in->neg_hi >> 2) & 1)
                acc = fabs(acc);
            if ((in->neg >> 2) & 1)
                acc = -acc;
            for (unsigned k = 0; k < 16; k++) {
                double pa = ref_fp_elem(v, a->reg, alane, k, ti, in->neg & 1, in->neg_hi & 1);
                double pb = ref_fp_elem(v, b->reg, blane, k, ti, (in->neg >> 1) & 1,
                                        (in->neg_hi >> 1) & 1);
                acc += pa * pb;
            }
            if (to == RO_F32) {
                out[r][l] = f2u((float)acc);
            } else {
                struct exec_fpmode rne = {EXEC_ROUND_NEAREST_EVEN,
                                          EXEC_DENORM_KEEP_IN | EXEC_DENORM_KEEP_OUT, false};
                uint32_t h = exec_round_fmt(acc, to == RO_F16 ? EXEC_FMT_F16 : EXEC_FMT_BF16, &rne);
                out[r][l] = hi_half ? (old & 0xffffu) | h << 16 : (old & 0xffff0000u) | h;
            }
        }
    }
}

/* ------------------------------------------------------------ harness */

struct form {
    const char *name;
    int (*fn)(struct sim_wave *, const struct exec_inst *);
    enum ref_in ti;
    enum ref_out to;
    unsigned ab_rows;           /* VGPRs of A and of B */
};

static const struct form forms[] = {
    {"f32_f16", emu_v_wmma_f32_16x16x16_f16, RI_F16, RO_F32, 8},
    {"f32_bf16", emu_v_wmma_f32_16x16x16_bf16, RI_BF16, RO_F32, 8},
    {"f16_f16", emu_v_wmma_f16_16x16x16_f16, RI_F16, RO_F16, 8},
    {"bf16_bf16", emu_v_wmma_bf16_16x16x16_bf16, RI_BF16, RO_BF16, 8},
    {"i32_iu8", emu_v_wmma_i32_16x16x16_iu8, RI_IU8, RO_I32, 4},
    {"i32_iu4", emu_v_wmma_i32_16x16x16_iu4, RI_IU4, RO_I32, 2},
};

static _Alignas(64) uint32_t vgprs[EXEC_VGPR_ROWS][LANES_N];
static struct sim_wave wave;
static struct sim_dispatch_stats wstats;

static struct sim_wave *fresh_wave(uint32_t exec)
{
    memset(&wave, 0, sizeof(wave));
    memset(&wstats, 0, sizeof(wstats));
    memset(vgprs, 0, sizeof(vgprs));
    wave.v = vgprs;
    wave.s[EXEC_SREG_EXEC_LO] = exec;
    wave.dpp_mask = ~0u;
    wave.st = &wstats;
    return &wave;
}

static struct exec_inst wmma_inst(unsigned a, unsigned b, unsigned c, unsigned d)
{
    struct exec_inst in;

    memset(&in, 0, sizeof(in));
    in.nsrc = 3;
    in.src[0] = (struct exec_opnd){.kind = EXEC_OPND_VGPR, .reg = (uint16_t)a};
    in.src[1] = (struct exec_opnd){.kind = EXEC_OPND_VGPR, .reg = (uint16_t)b};
    in.src[2] = (struct exec_opnd){.kind = EXEC_OPND_VGPR, .reg = (uint16_t)c};
    in.vdst = (uint16_t)d;
    return in;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* A 16-bit float of format t (f16 or bf16): specials with probability
 * 1/special_1in (0: never), else a value with a moderate exponent, or any
 * bit pattern. */
static uint32_t rnd_h(enum ref_in t, unsigned special_1in, bool wide)
{
    static const uint16_t sp_f16[] = {0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7d55, 0xfe01,
                                      0x0001, 0x83ff, 0x7bff, 0xfbff, 0x0400, 0x3c00};
    static const uint16_t sp_bf16[] = {0x0000, 0x8000, 0x7f80, 0xff80, 0x7fc0, 0x7f81, 0xffa5,
                                       0x0001, 0x807f, 0x7f7f, 0xff7f, 0x0080, 0x3f80};
    unsigned mant = t == RI_F16 ? 10 : 7, bias = t == RI_F16 ? 15 : 127;

    if (special_1in && rnd() % special_1in == 0)
        return t == RI_F16 ? sp_f16[rnd() % 13] : sp_bf16[rnd() % 13];
    if (wide)
        return rnd() & 0xffff;
    return (rnd() & 0x8000) | (bias - 6 + rnd() % 12) << mant | (rnd() & ((1u << mant) - 1));
}

static uint32_t rnd_f32(unsigned special_1in)
{
    static const uint32_t sp[] = {0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000,
                                  0x7f800001, 0xffc12345, 0x00000001, 0x807fffff, 0x7f7fffff,
                                  0xff7fffff, 0x00800000};

    if (special_1in && rnd() % special_1in == 0)
        return sp[rnd() % 12];
    if (rnd() % 4 == 0)
        return rnd();
    return (rnd() & 0x80000000u) | (127 - 8 + rnd() % 16) << 23 | (rnd() & 0x7fffffu);
}

/* A word of C for the form: f32, a pair of 16-bit floats, or an integer
 * (near the int32 limits now and then, for clamp). */
static uint32_t rnd_c(const struct form *f, unsigned special_1in)
{
    switch (f->to) {
    case RO_F32: return rnd_f32(special_1in);
    case RO_F16: return rnd_h(RI_F16, special_1in, false) | rnd_h(RI_F16, special_1in, false) << 16;
    case RO_BF16:
        return rnd_h(RI_BF16, special_1in, false) | rnd_h(RI_BF16, special_1in, false) << 16;
    default: return rnd() % 3 == 0 ? (rnd() & 1 ? 0x7fffff00u : 0x80000100u) + rnd() % 512 : rnd();
    }
}

static void fill_ab(const struct form *f, unsigned reg, unsigned special_1in, bool wide)
{
    for (unsigned r = 0; r < f->ab_rows; r++)
        for (unsigned l = 0; l < LANES_N; l++)
            vgprs[reg + r][l] = f->to == RO_I32 ? rnd()
                                                : rnd_h(f->ti, special_1in, wide) |
                                                      rnd_h(f->ti, special_1in, wide) << 16;
}

static const int round_modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};

/* One random instruction of form f; returns the number of differing dwords
 * and describes the first. */
static unsigned diff_trial(const struct form *f, unsigned trial, char *why, size_t why_bytes)
{
    static vfile before;
    uint32_t out[8][LANES_N], expect[ROWS][LANES_N];
    uint32_t exec = trial % 5 == 4 ? rnd() : ~0u;
    unsigned special_1in = (unsigned[]){0, 0, 97, 13, 3}[trial % 5];
    bool wide = trial % 7 == 3;
    unsigned mode = trial % 4, csr = _mm_getcsr(), bad = 0;
    /* A at 0, B at 8, C at 16; D at 24, over C, or over A */
    unsigned dreg = (unsigned[]){24, 24, 16, 0}[trial % 4 == 3 ? 3 : rnd() % 3];
    struct sim_wave *w = fresh_wave(exec);
    struct exec_inst in = wmma_inst(0, 8, 16, dreg);
    uint32_t cs = rnd_c(f, special_1in);

    fill_ab(f, 0, special_1in, wide);
    fill_ab(f, 8, special_1in, wide);
    for (unsigned r = 16; r < ROWS; r++)
        for (unsigned l = 0; l < LANES_N; l++)
            vgprs[r][l] = r < 24 ? rnd_c(f, special_1in) : rnd();
    switch (rnd() % 6) {
    case 0: in.src[2] = (struct exec_opnd){.kind = EXEC_OPND_CONST, .value = cs}; break;
    case 1:
        in.src[2] = (struct exec_opnd){.kind = EXEC_OPND_SREG, .reg = 7};
        w->s[7] = cs;
        break;
    default: break;
    }
    in.neg = (uint8_t)(rnd() & 7);
    in.neg_hi = f->to == RO_I32 ? 0 : (uint8_t)(rnd() & 7);
    in.op_sel = (uint8_t)(rnd() & 4);
    in.clamp = f->to == RO_I32 ? (uint8_t)(rnd() & 1) : 0;
    memcpy(before, vgprs, sizeof(before));

    fesetround(round_modes[mode]);
    if (trial % 11 == 5)
        _mm_setcsr(csr | 0x8040);       /* FTZ, DAZ */
    ref_wmma((const uint32_t (*)[LANES_N])before, cs, &in, f->ti, f->to, out);
    ck_assert_int_eq(f->fn(w, &in), EXEC_NEXT);
    _mm_setcsr(csr);
    fesetround(FE_TONEAREST);

    memcpy(expect, before, sizeof(expect));
    for (unsigned r = 0; r < 8; r++)
        for (unsigned l = 0; l < LANES_N; l++)
            if ((exec >> l) & 1)
                expect[dreg + r][l] = out[r][l];
    for (unsigned r = 0; r < ROWS; r++)
        for (unsigned l = 0; l < LANES_N; l++)
            if (vgprs[r][l] != expect[r][l] && bad++ == 0)
                snprintf(why, why_bytes,
                         "%s trial %u: v%u lane %u: 0x%08x, reference 0x%08x (neg %u neg_hi %u "
                         "op_sel %u clamp %u exec 0x%08x round %u dreg %u)",
                         f->name, trial, r, l, vgprs[r][l], expect[r][l], in.neg, in.neg_hi,
                         in.op_sel, in.clamp, exec, mode, dreg);
    ck_assert_uint_eq(wstats.wmma_ops, 1);
    return bad;
}

START_TEST(wmma_matches_reference)
{
    const struct form *f = &forms[_i];
    char why[256] = "";

    for (unsigned t = 0; t < 2000; t++) {
        unsigned bad = diff_trial(f, t, why, sizeof(why));
        ck_assert_msg(bad == 0, "%u dwords differ; first: %s", bad, why);
    }
}
END_TEST

/* ------------------------------------------------------------ literals */

/* A = row m of A in lanes m and m + 16 (the halves repeat), B likewise per
 * column; set element k of A row m / B column n. */
static void set_h(unsigned reg, unsigned row_or_col, unsigned k, uint32_t h)
{
    for (unsigned half = 0; half < 2; half++) {
        uint32_t *x = &vgprs[reg + k / 2][row_or_col + 16 * half];
        *x = (k & 1) ? (*x & 0xffffu) | h << 16 : (*x & 0xffff0000u) | h;
    }
}

/* D element [m][n] at VGPR d + m/2, lane n + 16 * (m % 2) */
#define DEL(d, m, n) vgprs[(d) + (m) / 2][(n) + 16 * ((m) % 2)]

START_TEST(wmma_f32_nan_choice_and_c_modifiers)
{
    struct sim_wave *w = fresh_wave(~0u);
    struct exec_inst in = wmma_inst(0, 8, 16, 24);

    /* [0][0]: A k3 = f16 -NaN 0xfe01, B k3 = f16 sNaN 0x7d55: B's NaN, quieted */
    set_h(0, 0, 3, 0xfe01);
    set_h(8, 0, 3, 0x7d55);
    /* [1][1]: A k0 = 1.0, B k0 = NaN 0x7e01, C = sNaN 0x7fa00001: the product's NaN */
    set_h(0, 1, 0, 0x3c00);
    set_h(8, 1, 0, 0x7e01);
    DEL(16, 1, 1) = 0x7fa00001;
    /* [4][2]: A k5 = +inf, B k5 = 0: the default NaN */
    set_h(0, 4, 5, 0x7c00);
    /* [2][4]: C = sNaN 0x7f800001 and finite products: C quieted */
    DEL(16, 2, 4) = 0x7f800001;
    /* [2][3]: C = -2.0 under neg_hi[2] (abs) and neg_lo[2] (negate): -2 */
    DEL(16, 2, 3) = 0xc0000000;
    /* [3][3]: A k0 = 2.0 (even K: negated by neg_lo[0]), B k0 = 3.0, C = -|-1|: -7 */
    set_h(0, 3, 0, 0x4000);
    set_h(8, 3, 0, 0x4200);
    DEL(16, 3, 3) = 0xbf800000;
    in.neg = 1 | 4;
    in.neg_hi = 4;
    ck_assert_int_eq(emu_v_wmma_f32_16x16x16_f16(w, &in), EXEC_NEXT);
    ck_assert_uint_eq(DEL(24, 0, 0), 0x7feaa000);
    ck_assert_uint_eq(DEL(24, 1, 1), 0x7fc02000);
    ck_assert_uint_eq(DEL(24, 4, 2), 0xffc00000);
    ck_assert_uint_eq(DEL(24, 2, 4), 0xffc00001);     /* quieted, abs, negated */
    ck_assert_uint_eq(DEL(24, 2, 3), 0xc0000000);
    ck_assert_uint_eq(DEL(24, 3, 3), 0xc0e00000);
    /* [5][5]: C = -|+0| = -0; the products are -0 (even K, A negated), +0 (odd K); -0 + +0 = +0 */
    ck_assert_uint_eq(DEL(24, 5, 5), 0x00000000);
}
END_TEST

START_TEST(wmma_f16_rounding_at_the_edges)
{
    struct sim_wave *w = fresh_wave(~0u);
    struct exec_inst in = wmma_inst(0, 8, 16, 24);

    /* [0][0]: 65504 + 16 = 65520, the tie between 65504 and 2^16: to even, +inf */
    set_h(0, 0, 0, 0x7bff);
    set_h(8, 0, 0, 0x3c00);
    set_h(0, 0, 1, 0x4c00);     /* 16 */
    set_h(8, 0, 1, 0x3c00);
    /* [0][1]: 65504 + 15 = 65519: 65504 */
    set_h(8, 1, 0, 0x3c00);
    set_h(8, 1, 1, 0x3b80);     /* 0.9375 -> 15 */
    /* [2][2]: 2^-12 * 2^-13 = 2^-25, the tie between 0 and 2^-24: +0 */
    set_h(0, 2, 2, 0x0c00);
    set_h(8, 2, 2, 0x0800);
    /* [2][3]: 2^-25 + 2^-26 = 0.75 * 2^-24 -> 2^-24 (denormal 0x0001) */
    set_h(0, 2, 4, 0x0c00);
    set_h(8, 3, 4, 0x0800);
    set_h(0, 2, 6, 0x0c00);
    set_h(8, 3, 6, 0x0400);
    in.op_sel = 4;              /* results in the high halves */
    for (unsigned r = 0; r < 8; r++)
        for (unsigned l = 0; l < LANES_N; l++)
            vgprs[24 + r][l] = 0xbeef;
    ck_assert_int_eq(emu_v_wmma_f16_16x16x16_f16(w, &in), EXEC_NEXT);
    ck_assert_uint_eq(DEL(24, 0, 0), 0x7c00beef);
    ck_assert_uint_eq(DEL(24, 0, 1), 0x7bffbeef);
    ck_assert_uint_eq(DEL(24, 2, 2), 0x0000beef);
    ck_assert_uint_eq(DEL(24, 2, 3), 0x0001beef);
}
END_TEST

START_TEST(wmma_iu8_clamp_and_sign)
{
    struct sim_wave *w = fresh_wave(~0u);
    struct exec_inst in = wmma_inst(0, 8, 16, 24);

    /* every A and B byte 0xff: unsigned 255 * 255 * 16 = 1040400 = 0xfe010;
     * A signed (neg_lo[0]): -1 * 255 * 16 = -4080 */
    for (unsigned r = 0; r < 4; r++)
        for (unsigned l = 0; l < LANES_N; l++)
            vgprs[r][l] = vgprs[8 + r][l] = 0xffffffffu;
    for (unsigned l = 0; l < LANES_N; l++) {
        vgprs[16][l] = 0x7ffffff0u;             /* rows 0, 1: C near INT32_MAX */
        vgprs[17][l] = 5;
    }
    in.clamp = 1;
    ck_assert_int_eq(emu_v_wmma_i32_16x16x16_iu8(w, &in), EXEC_NEXT);
    ck_assert_uint_eq(DEL(24, 0, 0), 0x7fffffffu);
    ck_assert_uint_eq(DEL(24, 2, 7), 0x000fe015u);
    in.clamp = 0;
    in.neg = 1;
    ck_assert_int_eq(emu_v_wmma_i32_16x16x16_iu8(w, &in), EXEC_NEXT);
    ck_assert_uint_eq(DEL(24, 1, 9), 0x7ffff000u);     /* 0x7ffffff0 - 4080 */
    ck_assert_uint_eq(DEL(24, 3, 0), 0xfffff015u);     /* 5 - 4080 */
}
END_TEST

Suite *wmma_suite(void);
Suite *wmma_suite(void)
{
    Suite *s = suite_create("wmma");
    TCase *tc = tcase_create("wmma");

    tcase_add_loop_test(tc, wmma_matches_reference, 0, (int)(sizeof(forms) / sizeof(forms[0])));
    tcase_add_test(tc, wmma_f32_nan_choice_and_c_modifiers);
    tcase_add_test(tc, wmma_f16_rounding_at_the_edges);
    tcase_add_test(tc, wmma_iu8_clamp_and_sign);
    suite_add_tcase(s, tc);
    return s;
}
