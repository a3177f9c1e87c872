/*
 * sim/exec_vopc.c — vector compares (VOPC and their VOP3 forms): one bit
 * per lane, 0 for lanes outside EXEC, written to VCC (e32), an SGPR (e64)
 * or EXEC (v_cmpx: the bind step makes EXEC the destination).  Float
 * conditions follow IEEE ordered / unordered semantics as the guide's
 * pseudocode spells them (lg is ordered-not-equal, nlg its negation).
 */
#include "sim/exec_valu.h"

EMU_ANCHOR(vopc);

/* The 16 float conditions; x and y are doubles. */
#define FCOND_f(x, y) ((void)(x), (void)(y), false)
#define FCOND_lt(x, y) ((x) < (y))
#define FCOND_eq(x, y) ((x) == (y))
#define FCOND_le(x, y) ((x) <= (y))
#define FCOND_gt(x, y) ((x) > (y))
#define FCOND_lg(x, y) ((x) < (y) || (x) > (y))
#define FCOND_ge(x, y) ((x) >= (y))
#define FCOND_o(x, y) ((x) == (x) && (y) == (y))
#define FCOND_u(x, y) ((x) != (x) || (y) != (y))
#define FCOND_nge(x, y) (!((x) >= (y)))
#define FCOND_nlg(x, y) (!((x) < (y) || (x) > (y)))
#define FCOND_ngt(x, y) (!((x) > (y)))
#define FCOND_nle(x, y) (!((x) <= (y)))
#define FCOND_neq(x, y) (!((x) == (y)))
#define FCOND_nlt(x, y) (!((x) < (y)))
#define FCOND_t(x, y) ((void)(x), (void)(y), true)

#define ICOND_f(x, y) ((void)(x), (void)(y), false)
#define ICOND_lt(x, y) ((x) < (y))
#define ICOND_eq(x, y) ((x) == (y))
#define ICOND_le(x, y) ((x) <= (y))
#define ICOND_gt(x, y) ((x) > (y))
#define ICOND_ne(x, y) ((x) != (y))
#define ICOND_ge(x, y) ((x) >= (y))
#define ICOND_t(x, y) ((void)(x), (void)(y), true)

/* A compare's lane mask; the same body serves v_cmp_ and v_cmpx_. */
#define VCMP_PAIR(cond, type, ...)                                     \
    static uint32_t cmp_##cond##_##type(struct sim_wave *w, const struct exec_inst *in) \
    {                                                                   \
        uint32_t m = 0;                                                 \
        __VA_ARGS__                                                     \
        return m;                                                       \
    }                                                                   \
    EMU(v_cmp_##cond##_##type)                                          \
    {                                                                   \
        vd_mask(w, in, cmp_##cond##_##type(w, in));                     \
        return EXEC_NEXT;                                               \
    }                                                                   \
    EMU(v_cmpx_##cond##_##type)                                         \
    {                                                                   \
        vd_mask(w, in, cmp_##cond##_##type(w, in));                     \
        return EXEC_NEXT;                                               \
    }

#define BODY_F32(cond)                                                  \
    const uint32_t *A = vs_f32(w, in, 0), *B = vs_f32(w, in, 1);        \
    LANES {                                                             \
        double x = u2f(f32_in(w, A[l])), y = u2f(f32_in(w, B[l]));      \
        m |= (uint32_t)(FCOND_##cond(x, y)) << l;                       \
    }

#define BODY_F16(cond)                                                  \
    uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES];                      \
    vs_f16(w, in, 0, A);                                                \
    vs_f16(w, in, 1, B);                                                \
    LANES {                                                             \
        double x = h2d(w, A[l]), y = h2d(w, B[l]);                      \
        m |= (uint32_t)(FCOND_##cond(x, y)) << l;                       \
    }

#define BODY_F64(cond)                                                  \
    uint64_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES];                      \
    vs64(w, in, 0, A);                                                  \
    vs64(w, in, 1, B);                                                  \
    LANES {                                                             \
        uint64_t a = A[l], b = B[l];                                    \
        if ((in->abs >> 0) & 1) a &= ~(1ull << 63);                     \
        if ((in->neg >> 0) & 1) a ^= 1ull << 63;                        \
        if ((in->abs >> 1) & 1) b &= ~(1ull << 63);                     \
        if ((in->neg >> 1) & 1) b ^= 1ull << 63;                        \
        double x = u2d(a), y = u2d(b);                                  \
        m |= (uint32_t)(FCOND_##cond(x, y)) << l;                       \
    }

#define BODY_I32(cond, T)                                               \
    const uint32_t *A = vs(w, in, 0), *B = vs(w, in, 1);                \
    LANES {                                                             \
        T x = (T)A[l], y = (T)B[l];                                     \
        m |= (uint32_t)(ICOND_##cond(x, y)) << l;                       \
    }

#define BODY_I16(cond, T)                                               \
    uint32_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES];                      \
    vs16(w, in, 0, A);                                                  \
    vs16(w, in, 1, B);                                                  \
    LANES {                                                             \
        T x = (T)A[l], y = (T)B[l];                                     \
        m |= (uint32_t)(ICOND_##cond(x, y)) << l;                       \
    }

#define BODY_I64(cond, T)                                               \
    uint64_t A[SIM_WAVE_LANES], B[SIM_WAVE_LANES];                      \
    vs64(w, in, 0, A);                                                  \
    vs64(w, in, 1, B);                                                  \
    LANES {                                                             \
        T x = (T)A[l], y = (T)B[l];                                     \
        m |= (uint32_t)(ICOND_##cond(x, y)) << l;                       \
    }

#define FLOAT_CONDS(X) X(f) X(lt) X(eq) X(le) X(gt) X(lg) X(ge) X(o) X(u) \
    X(nge) X(nlg) X(ngt) X(nle) X(neq) X(nlt) X(t)

#define DEF_F32(c) VCMP_PAIR(c, f32, BODY_F32(c))
#define DEF_F16(c) VCMP_PAIR(c, f16, BODY_F16(c))
#define DEF_F64(c) VCMP_PAIR(c, f64, BODY_F64(c))
FLOAT_CONDS(DEF_F32)
FLOAT_CONDS(DEF_F16)
FLOAT_CONDS(DEF_F64)

#define INT_CONDS(X) X(f) X(lt) X(eq) X(le) X(gt) X(ne) X(ge) X(t)
#define INT16_CONDS(X) X(lt) X(eq) X(le) X(gt) X(ne) X(ge)

#define DEF_I32(c) VCMP_PAIR(c, i32, BODY_I32(c, int32_t))
#define DEF_U32(c) VCMP_PAIR(c, u32, BODY_I32(c, uint32_t))
#define DEF_I64(c) VCMP_PAIR(c, i64, BODY_I64(c, int64_t))
#define DEF_U64(c) VCMP_PAIR(c, u64, BODY_I64(c, uint64_t))
#define DEF_I16(c) VCMP_PAIR(c, i16, BODY_I16(c, int16_t))
#define DEF_U16(c) VCMP_PAIR(c, u16, BODY_I16(c, uint16_t))
INT_CONDS(DEF_I32)
INT_CONDS(DEF_U32)
INT_CONDS(DEF_I64)
INT_CONDS(DEF_U64)
INT16_CONDS(DEF_I16)
INT16_CONDS(DEF_U16)

/* v_cmp_class: S1 bit for S0's class: 0 sNaN, 1 qNaN, 2 -inf, 3 -normal,
 * 4 -denormal, 5 -0, 6 +0, 7 +denormal, 8 +normal, 9 +inf. */
static unsigned class_bit(bool neg, bool nan, bool snan, bool inf, bool normal, bool zero)
{
    if (nan)
        return snan ? 0 : 1;
    if (inf)
        return neg ? 2 : 9;
    if (normal)
        return neg ? 3 : 8;
    if (!zero)
        return neg ? 4 : 7;
    return neg ? 5 : 6;
}

VCMP_PAIR(class, f32,
    const uint32_t *A = vs_f32(w, in, 0);
    const uint32_t *B = vs(w, in, 1);
    LANES {
        uint32_t a = A[l], e = (a >> 23) & 0xff, f = a & 0x7fffff;
        unsigned k = class_bit(a >> 31, e == 0xff && f, !(a & 0x400000), e == 0xff && !f,
                               e && e != 0xff, !e && !f);
        m |= ((B[l] >> k) & 1) << l;
    })

VCMP_PAIR(class, f16,
    uint32_t A[SIM_WAVE_LANES];
    const uint32_t *B = vs(w, in, 1);
    vs_f16(w, in, 0, A);
    LANES {
        uint32_t a = A[l], e = (a >> 10) & 0x1f, f = a & 0x3ff;
        unsigned k = class_bit((a >> 15) & 1, e == 0x1f && f, !(a & EXEC_F16_QUIET_BIT), e == 0x1f && !f,
                               e && e != 0x1f, !e && !f);
        m |= ((B[l] >> k) & 1) << l;
    })

VCMP_PAIR(class, f64,
    uint64_t A[SIM_WAVE_LANES];
    const uint32_t *B = vs(w, in, 1);
    vs64(w, in, 0, A);
    LANES {
        uint64_t a = A[l], e = (a >> 52) & 0x7ff, f = a & ((1ull << 52) - 1);
        if (in->abs & 1) a &= ~(1ull << 63);
        if (in->neg & 1) a ^= 1ull << 63;
        unsigned k = class_bit(a >> 63, e == 0x7ff && f, !((a >> 51) & 1), e == 0x7ff && !f,
                               e && e != 0x7ff, !e && !f);
        m |= ((B[l] >> k) & 1) << l;
    })
