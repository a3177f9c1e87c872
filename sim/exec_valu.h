/*
 * sim/exec_valu.h — lane-loop helpers shared by the VALU semantic files.
 *
 * A VALU instruction reads each source as 32 lanes (a VGPR row, or a scalar
 * broadcast into a scratch row), applies the VOP3 input modifiers, computes
 * 32 results into a local row and writes it under EXEC (narrowed by DPP).
 * Every loop is a fixed 32-trip loop over contiguous dwords, with values
 * moved between uint32_t and float through memcpy (u2f/f2u), so the
 * compiler vectorises it and strict aliasing holds.
 */
#ifndef AMDPM4_SIM_EXEC_VALU_H
#define AMDPM4_SIM_EXEC_VALU_H

#include "sim/exec_emu.h"

#define LANES for (unsigned l = 0; l < SIM_WAVE_LANES; l++)

/* ---------------------------------------------------------------- 32-bit sources */

/* Source i as 32 raw lanes. */
static inline __attribute__((always_inline)) const uint32_t *vs(struct sim_wave *w,
                                                               const struct exec_inst *in, int i)
{
    return exec_src_lanes(w, &in->src[i], w->tmp[i]);
}

/* Source i as f32 lanes with VOP3 abs/neg applied (sign-bit operations,
 * as the hardware applies them: no canonicalisation). */
static inline __attribute__((always_inline)) const uint32_t *vs_f32(struct sim_wave *w,
                                                                   const struct exec_inst *in, int i)
{
    const uint32_t *s = vs(w, in, i);
    uint32_t and_m, xor_m;
    uint32_t *t;

    if (!(((in->abs | in->neg) >> i) & 1))
        return s;
    and_m = ((in->abs >> i) & 1) ? 0x7fffffffu : ~0u;
    xor_m = ((in->neg >> i) & 1) ? 0x80000000u : 0;
    t = w->tmp[i];
    LANES t[l] = (s[l] & and_m) ^ xor_m;
    return t;
}

/* ---------------------------------------------------------------- 32-bit results */

static inline __attribute__((always_inline)) int vd(struct sim_wave *w, const struct exec_inst *in,
                                                   const uint32_t *r)
{
    exec_vgpr_write(w, in->vdst, r);
    return EXEC_NEXT;
}

/* Output modifiers of an f32 result: omod (x2, x4, /2), then clamp to
 * [0, 1] (NaN becomes +0 when MODE.DX10_CLAMP is set). */
void exec_post_f32(struct sim_wave *w, const struct exec_inst *in, uint32_t *r);

static inline __attribute__((always_inline)) int vd_f32(struct sim_wave *w,
                                                       const struct exec_inst *in, uint32_t *r)
{
    if (__builtin_expect(in->clamp | in->omod, 0))
        exec_post_f32(w, in, r);
    exec_vgpr_write(w, in->vdst, r);
    return EXEC_NEXT;
}

/* Where an elementwise op computes its 32 results: straight into the
 * destination row when every lane is written and nothing follows (each lane
 * reads its sources before writing its result, so a source may be the
 * destination), else a scratch row that vd_end / vd_end_f32 write back. */
static inline __attribute__((always_inline)) uint32_t *vd_begin(struct sim_wave *w,
                                                               const struct exec_inst *in)
{
    if (exec_write_mask(w) == ~0u && !(in->clamp | in->omod) && !w->tracing)
        return w->v[in->vdst];
    return w->tmp[3];
}

static inline __attribute__((always_inline)) int vd_end(struct sim_wave *w,
                                                       const struct exec_inst *in, uint32_t *r)
{
    if (r != w->v[in->vdst])
        exec_vgpr_write(w, in->vdst, r);
    return EXEC_NEXT;
}

static inline __attribute__((always_inline)) int vd_end_f32(struct sim_wave *w,
                                                           const struct exec_inst *in, uint32_t *r)
{
    if (r != w->v[in->vdst])
        return vd_f32(w, in, r);
    return EXEC_NEXT;
}

/* 64-bit results into vdst, vdst+1. */
static inline int vd64(struct sim_wave *w, const struct exec_inst *in, const uint64_t *r)
{
    uint32_t lo[SIM_WAVE_LANES], hi[SIM_WAVE_LANES];

    LANES {
        lo[l] = (uint32_t)r[l];
        hi[l] = (uint32_t)(r[l] >> 32);
    }
    exec_vgpr_write(w, in->vdst, lo);
    exec_vgpr_write(w, in->vdst + 1u, hi);
    return EXEC_NEXT;
}

/* ---------------------------------------------------------------- 64-bit sources */

/* Source i as 64-bit lanes (a VGPR pair, an SGPR pair, or a constant). */
static inline void vs64(struct sim_wave *w, const struct exec_inst *in, int i, uint64_t *out)
{
    const struct exec_opnd *o = &in->src[i];

    if (o->kind == EXEC_OPND_VGPR) {
        const uint32_t *lo = w->v[o->reg], *hi = w->v[(o->reg + 1u) % EXEC_VGPR_ROWS];
        LANES out[l] = lo[l] | (uint64_t)hi[l] << 32;
    } else {
        uint64_t x = exec_opnd_u64(w, o);
        LANES out[l] = x;
    }
}

/* ---------------------------------------------------------------- lane masks */

/* A lane-mask source (VCC, or an SGPR in VOP3 forms) as a 32-bit mask. */
static inline uint32_t vs_mask(struct sim_wave *w, const struct exec_inst *in, int i)
{
    return exec_opnd_u32(w, &in->src[i]);
}

/* Write a lane mask (VOPC result, carry-out) to sdst: lanes outside the
 * write mask read 0 (ISA guide: inactive lanes of a compare result are 0). */
static inline void vd_mask(struct sim_wave *w, const struct exec_inst *in, uint32_t m)
{
    exec_sreg_write(w, in->sdst, m & exec_write_mask(w));
}

/* ---------------------------------------------------------------- f32 helpers */

static inline bool f32_nan(float x)
{
    return x != x;
}

/* Quiet a NaN (set the top mantissa bit). */
static inline uint32_t f32_quiet(uint32_t u)
{
    return u | 0x400000u;
}

/* v_min_f32 / v_max_f32 per the ISA guide's pseudocode: IEEE mode quiets
 * and returns a signalling NaN, returns the other operand for a quiet NaN;
 * -0 < +0. */
static inline uint32_t f32_minmax_bits(uint32_t a, uint32_t b, bool ieee, bool max)
{
    if (__builtin_expect(f32_is_nan(a) | f32_is_nan(b), 0)) {
        if (ieee && f32_is_snan(a))
            return f32_quiet(a);
        if (ieee && f32_is_snan(b))
            return f32_quiet(b);
        return f32_is_nan(b) ? a : b;
    }
    float x = u2f(a), y = u2f(b);
    bool first = max ? x > y || (x == y && (a >> 31) < (b >> 31))
                     : x < y || (x == y && (a >> 31) > (b >> 31));
    return first ? a : b;
}

static inline uint32_t f32_min_bits(uint32_t a, uint32_t b, bool ieee)
{
    return f32_minmax_bits(a, b, ieee, false);
}

static inline uint32_t f32_max_bits(uint32_t a, uint32_t b, bool ieee)
{
    return f32_minmax_bits(a, b, ieee, true);
}

static inline bool mode_ieee(const struct sim_wave *w)
{
    return exec_mode_get(w->mode, EXEC_MODE_IEEE) != 0;
}

/* Denormal inputs of f32 as the MODE says (the host's DAZ does the same for
 * arithmetic; this is for values inspected bit by bit). */
static inline uint32_t f32_in(const struct sim_wave *w, uint32_t u)
{
    if (!(exec_mode_get(w->mode, EXEC_MODE_FP_DENORM_32) & EXEC_DENORM_KEEP_IN) &&
        f32_is_denorm(u))
        return u & 0x80000000u;
    return u;
}

/* ---------------------------------------------------------------- 16-bit operands */

/* 16-bit source i: the half op_sel picks (VOP3; the low half otherwise). */
static inline void vs16(struct sim_wave *w, const struct exec_inst *in, int i, uint32_t *out)
{
    const uint32_t *s = vs(w, in, i);
    unsigned sh = ((in->op_sel >> i) & 1) ? 16 : 0;
    LANES out[l] = (s[l] >> sh) & 0xffffu;
}

/* f16 source i with abs/neg applied. */
static inline void vs_f16(struct sim_wave *w, const struct exec_inst *in, int i, uint32_t *out)
{
    vs16(w, in, i, out);
    if (((in->abs | in->neg) >> i) & 1) {
        uint32_t and_m = ((in->abs >> i) & 1) ? 0x7fffu : 0xffffu;
        uint32_t xor_m = ((in->neg >> i) & 1) ? 0x8000u : 0;
        LANES out[l] = (out[l] & and_m) ^ xor_m;
    }
}

/* Write 16-bit results to the half of vdst op_sel[3] picks, keeping the
 * other half (RDNA keeps it; GFX9 zeroed it). */
static inline int vd16(struct sim_wave *w, const struct exec_inst *in, const uint32_t *r)
{
    uint32_t out[SIM_WAVE_LANES];
    const uint32_t *old = w->v[in->vdst];

    if ((in->op_sel >> 3) & 1) {
        LANES out[l] = (old[l] & 0xffffu) | (r[l] << 16);
    } else {
        LANES out[l] = (old[l] & 0xffff0000u) | (r[l] & 0xffffu);
    }
    exec_vgpr_write(w, in->vdst, out);
    return EXEC_NEXT;
}

/* f16 value to double under the MODE's f16 input-denormal rule. */
static inline double h2d(const struct sim_wave *w, uint32_t h)
{
    return f16_to_f64((uint16_t)h, w->fp16.denorm & EXEC_DENORM_KEEP_IN);
}

/* double to f16 under the MODE's f16 round / denormal / overflow rules. */
static inline uint32_t d2h(const struct sim_wave *w, double x)
{
    return f64_to_f16(x, &w->fp16);
}

/* Clamp an f16 result to [0, 1] (NaN to +0 with DX10_CLAMP). */
static inline uint32_t f16_clamp(const struct sim_wave *w, uint32_t h)
{
    if (f16_is_nan((uint16_t)h))
        return exec_mode_get(w->mode, EXEC_MODE_DX10_CLAMP) ? 0 : h;
    if ((h & 0x8000u) || !(h & 0x7fffu))
        return 0;
    if (h > 0x3c00u)
        return 0x3c00u;
    return h;
}

/* v_min_f16 / v_max_f16: the f32 rules on f16 bit patterns. */
static inline uint32_t f16_minmax_bits(uint32_t a, uint32_t b, bool ieee,
                                       const struct sim_wave *w, bool max)
{
    if (f16_is_nan((uint16_t)a) || f16_is_nan((uint16_t)b)) {
        if (ieee && f16_is_snan((uint16_t)a))
            return a | EXEC_F16_QUIET_BIT;
        if (ieee && f16_is_snan((uint16_t)b))
            return b | EXEC_F16_QUIET_BIT;
        return f16_is_nan((uint16_t)b) ? a : b;
    }
    double x = h2d(w, a), y = h2d(w, b);
    bool first = max ? x > y || (x == y && (a >> 15) < (b >> 15))
                     : x < y || (x == y && (a >> 15) > (b >> 15));
    return first ? a : b;
}

static inline uint32_t f16_min_bits(uint32_t a, uint32_t b, bool ieee, const struct sim_wave *w)
{
    return f16_minmax_bits(a, b, ieee, w, false);
}

static inline uint32_t f16_max_bits(uint32_t a, uint32_t b, bool ieee, const struct sim_wave *w)
{
    return f16_minmax_bits(a, b, ieee, w, true);
}

/* ---------------------------------------------------------------- f64 */

/* f64 arithmetic runs with MXCSR set for the f16/f64 round and denormal
 * mode; these switch to it and back. */
static inline uint32_t fp64_enter(const struct sim_wave *w)
{
    uint32_t m = exec_mxcsr_for(exec_mode_get(w->mode, EXEC_MODE_FP_ROUND_16_64),
                                exec_mode_get(w->mode, EXEC_MODE_FP_DENORM_16_64));
    if (m != w->mxcsr)
        __builtin_ia32_ldmxcsr(m);
    return m;
}

static inline void fp64_leave(const struct sim_wave *w, uint32_t m)
{
    if (m != w->mxcsr)
        __builtin_ia32_ldmxcsr(w->mxcsr);
}

#endif
