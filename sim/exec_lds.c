/*
 * sim/exec_lds.c — DS instructions: LDS loads, stores and atomics of the
 * workgroup's LDS (zeroed at launch, COMPUTE_PGM_RSRC2.LDS_SIZE bytes), and
 * the cross-lane ds_swizzle_b32 / ds_permute_b32 / ds_bpermute_b32.
 *
 * LDS address per lane: VGPR addr + offset (offset1:offset0, 16 bits), or
 * for the 2addr forms addr + offset0 * size and addr + offset1 * size
 * (x64 for stride64).  An access beyond the workgroup's allocation does not
 * fault (errata LDS_OOB, exec_lds_xfer): its out-of-range dwords read as 0
 * and are not written, counted in the statistics; AMDPM4_SIM_STRICT_LDS=1
 * makes it a fault.  The lanes of one instruction are applied in lane
 * order; a workgroup runs on one host thread, so LDS atomics need no host
 * atomics.
 */
#include "sim/exec_mem.h"

EMU_ANCHOR(lds);

/* ds_swizzle_b32 offset modes (LLVM SIDefines.h Swizzle; RDNA3 ISA guide):
 * offset[15:8] == 0x80: quad_perm, offset[7:0] = four 2-bit selects;
 * offset[15] == 0: bitmask, and [4:0], or [9:5], xor [14:10];
 * offset >= 0xE000: FFT; 0xC000..0xDFFF: rotate by [9:5] lanes within 32,
 * [10] the direction (errata SWIZZLE_ROTATE). */
#define SWZ_QUAD_PERM_MASK 0xff00u
#define SWZ_QUAD_PERM_ENC 0x8000u
#define SWZ_BITMASK_MODE_BIT 0x8000u
#define SWZ_ROTATE_FIRST 0xc000u    /* one-table-ok: a swizzle mode, not the SH window */
#define SWZ_FFT_FIRST 0xe000u
#define SWZ_ROTATE_SIZE_SHIFT 5
#define SWZ_ROTATE_DIR_BIT 0x400u

static int lds_rd(struct sim_wave *w, uint64_t addr, void *dst, unsigned bytes)
{
    return exec_lds_xfer(w, addr, dst, bytes, false, false);
}

static int lds_wr(struct sim_wave *w, uint64_t addr, const void *src, unsigned bytes)
{
    return exec_lds_xfer(w, addr, (void *)src, bytes, true, false);
}

/* The first half of a read-modify-write of bytes at addr, which the
 * hardware applies as a whole: *old is the old value, or 0 with *ok false
 * (nothing to write) when it lies beyond the allocation (errata LDS_OOB). */
static int lds_rmw_read(struct sim_wave *w, uint64_t addr, void *old, unsigned bytes, bool *ok)
{
    *ok = exec_lds_in_range(w, addr, bytes);
    if (*ok)
        return exec_lds_xfer(w, addr, old, bytes, false, true);
    memset(old, 0, bytes);
    return exec_lds_oob(w, addr, bytes, true);
}

/* ADDR + OFFSET, without wrapping at 2^32 (errata LDS_OOB) */
static inline uint64_t lane_addr(const struct sim_wave *w, const struct exec_inst *in, unsigned l)
{
    return (uint64_t)w->v[in->addr][l] + in->imm;
}

static inline uint64_t data_lane(const struct sim_wave *w, unsigned reg, unsigned l, bool is64)
{
    uint64_t v = w->v[reg][l];
    if (is64)
        v |= (uint64_t)w->v[reg + 1][l] << 32;
    return v;
}

/* ---------------------------------------------------------------- loads and stores */

static int ds_load(struct sim_wave *w, const struct exec_inst *in, unsigned bytes,
                   enum exec_load_ext ext)
{
    uint32_t rows[4][SIM_WAVE_LANES], exec = w->s[EXEC_SREG_EXEC_LO];
    unsigned ndw = ext == EXEC_LX_NONE ? bytes / 4 : 1;

    memset(rows, 0, sizeof(rows));
    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint8_t b[16] = {0};
        uint32_t v, old;
        int r;

        if (!((exec >> l) & 1))
            continue;
        r = lds_rd(w, lane_addr(w, in, l), b, bytes);
        if (r)
            return r;
        memcpy(&v, b, 4);
        old = w->v[in->vdst][l];
        if (ext == EXEC_LX_NONE) {
            for (unsigned k = 0; k < ndw; k++)
                memcpy(&rows[k][l], b + 4 * k, 4);
        } else {
            rows[0][l] = exec_load_ext_value(ext, bytes, v, old);
        }
    }
    return exec_load_result_bits(w, EXEC_CNT_LGKM, in->vdst, ndw, exec, exec_load_ext_bits(ext),
                                 (const uint32_t(*)[SIM_WAVE_LANES])rows);
}

/* shift: 0 for the low bits, 16 for the d16_hi stores */
static int ds_store(struct sim_wave *w, const struct exec_inst *in, unsigned bytes, unsigned shift)
{
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO];

    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint32_t b[4];
        int r;

        if (!((exec >> l) & 1))
            continue;
        for (unsigned k = 0; k < (bytes + 3) / 4; k++)
            b[k] = w->v[in->data0 + k][l] >> shift;
        r = lds_wr(w, lane_addr(w, in, l), b, bytes);
        if (r)
            return r;
    }
    return EXEC_NEXT;
}

/* 2addr: elem bytes each at addr + offset0 * elem * mul, addr + offset1 * elem * mul */
static int ds_load2(struct sim_wave *w, const struct exec_inst *in, unsigned elem, unsigned mul)
{
    uint32_t rows[4][SIM_WAVE_LANES], exec = w->s[EXEC_SREG_EXEC_LO];
    unsigned edw = elem / 4;

    memset(rows, 0, sizeof(rows));
    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint64_t base = w->v[in->addr][l];
        int r;

        if (!((exec >> l) & 1))
            continue;
        for (unsigned h = 0; h < 2; h++) {
            uint32_t b[2];
            uint32_t off = (h ? in->offset1 : (uint32_t)in->offset) * elem * mul;
            r = lds_rd(w, base + off, b, elem);
            if (r)
                return r;
            for (unsigned k = 0; k < edw; k++)
                rows[h * edw + k][l] = b[k];
        }
    }
    return exec_load_result(w, EXEC_CNT_LGKM, in->vdst, 2 * edw, exec,
                            (const uint32_t(*)[SIM_WAVE_LANES])rows);
}

static int ds_store2(struct sim_wave *w, const struct exec_inst *in, unsigned elem, unsigned mul)
{
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO];

    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint64_t base = w->v[in->addr][l];

        if (!((exec >> l) & 1))
            continue;
        for (unsigned h = 0; h < 2; h++) {
            uint32_t b[2];
            unsigned reg = h ? in->data1 : in->data0;
            uint32_t off = (h ? in->offset1 : (uint32_t)in->offset) * elem * mul;
            int r;

            for (unsigned k = 0; k < elem / 4; k++)
                b[k] = w->v[reg + k][l];
            r = lds_wr(w, base + off, b, elem);
            if (r)
                return r;
        }
    }
    return EXEC_NEXT;
}

/* ---------------------------------------------------------------- atomics */

static int ds_atomic(struct sim_wave *w, const struct exec_inst *in, enum exec_atomic op,
                     bool is64, bool rtn)
{
    uint32_t rows[2][SIM_WAVE_LANES], exec = w->s[EXEC_SREG_EXEC_LO];
    unsigned bytes = is64 ? 8 : 4;
    bool two = op == EXEC_AT_CMPSWAP || op == EXEC_AT_CMPSWAP_F || op == EXEC_AT_MSKOR ||
               op == EXEC_AT_WRAP;

    memset(rows, 0, sizeof(rows));
    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint64_t a = lane_addr(w, in, l), old = 0, nv;
        bool ok;
        int r;

        if (!((exec >> l) & 1))
            continue;
        r = lds_rmw_read(w, a, &old, bytes, &ok);
        if (r)
            return r;
        uint64_t d = data_lane(w, in->data0, l, is64);
        uint64_t d2 = two ? data_lane(w, in->data1, l, is64) : 0;
        nv = is64 ? exec_atomic64(op, old, d, d2)
                  : exec_atomic32(op, (uint32_t)old, (uint32_t)d, (uint32_t)d2);
        r = ok ? lds_wr(w, a, &nv, bytes) : EXEC_NEXT;
        if (r)
            return r;
        rows[0][l] = (uint32_t)old;
        rows[1][l] = (uint32_t)(old >> 32);
    }
    if (!rtn)
        return EXEC_NEXT;
    return exec_load_result(w, EXEC_CNT_LGKM, in->vdst, is64 ? 2 : 1, exec,
                            (const uint32_t(*)[SIM_WAVE_LANES])rows);
}

/* ds_storexchg_2addr_rtn: two swaps, returning both old values */
static int ds_xchg2(struct sim_wave *w, const struct exec_inst *in, unsigned elem, unsigned mul)
{
    uint32_t rows[4][SIM_WAVE_LANES], exec = w->s[EXEC_SREG_EXEC_LO];
    unsigned edw = elem / 4;

    memset(rows, 0, sizeof(rows));
    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint64_t base = w->v[in->addr][l];

        if (!((exec >> l) & 1))
            continue;
        for (unsigned h = 0; h < 2; h++) {
            uint32_t old[2], nv[2];
            unsigned reg = h ? in->data1 : in->data0;
            uint64_t a = base + (h ? in->offset1 : (uint32_t)in->offset) * elem * mul;
            bool ok;
            int r = lds_rmw_read(w, a, old, elem, &ok);

            if (r)
                return r;
            for (unsigned k = 0; k < edw; k++) {
                nv[k] = w->v[reg + k][l];
                rows[h * edw + k][l] = old[k];
            }
            r = ok ? lds_wr(w, a, nv, elem) : EXEC_NEXT;
            if (r)
                return r;
        }
    }
    return exec_load_result(w, EXEC_CNT_LGKM, in->vdst, 2 * edw, exec,
                            (const uint32_t(*)[SIM_WAVE_LANES])rows);
}

#define DS_AT(name, op, is64) \
    EMU(ds_##name) { return ds_atomic(w, in, op, is64, false); }
#define DS_AT_RTN(name, op, is64) \
    EMU(ds_##name) { return ds_atomic(w, in, op, is64, true); }

DS_AT(add_u32, EXEC_AT_ADD, false)
DS_AT(sub_u32, EXEC_AT_SUB, false)
DS_AT(rsub_u32, EXEC_AT_RSUB, false)
DS_AT(inc_u32, EXEC_AT_INC, false)
DS_AT(dec_u32, EXEC_AT_DEC, false)
DS_AT(min_i32, EXEC_AT_MIN_I, false)
DS_AT(max_i32, EXEC_AT_MAX_I, false)
DS_AT(min_u32, EXEC_AT_MIN_U, false)
DS_AT(max_u32, EXEC_AT_MAX_U, false)
DS_AT(and_b32, EXEC_AT_AND, false)
DS_AT(or_b32, EXEC_AT_OR, false)
DS_AT(xor_b32, EXEC_AT_XOR, false)
DS_AT(mskor_b32, EXEC_AT_MSKOR, false)
DS_AT(cmpstore_b32, EXEC_AT_CMPSWAP, false)
DS_AT(cmpstore_f32, EXEC_AT_CMPSWAP_F, false)
DS_AT(min_f32, EXEC_AT_MIN_F, false)
DS_AT(max_f32, EXEC_AT_MAX_F, false)
DS_AT(add_f32, EXEC_AT_ADD_F, false)
DS_AT_RTN(add_rtn_u32, EXEC_AT_ADD, false)
DS_AT_RTN(sub_rtn_u32, EXEC_AT_SUB, false)
DS_AT_RTN(rsub_rtn_u32, EXEC_AT_RSUB, false)
DS_AT_RTN(inc_rtn_u32, EXEC_AT_INC, false)
DS_AT_RTN(dec_rtn_u32, EXEC_AT_DEC, false)
DS_AT_RTN(min_rtn_i32, EXEC_AT_MIN_I, false)
DS_AT_RTN(max_rtn_i32, EXEC_AT_MAX_I, false)
DS_AT_RTN(min_rtn_u32, EXEC_AT_MIN_U, false)
DS_AT_RTN(max_rtn_u32, EXEC_AT_MAX_U, false)
DS_AT_RTN(and_rtn_b32, EXEC_AT_AND, false)
DS_AT_RTN(or_rtn_b32, EXEC_AT_OR, false)
DS_AT_RTN(xor_rtn_b32, EXEC_AT_XOR, false)
DS_AT_RTN(mskor_rtn_b32, EXEC_AT_MSKOR, false)
DS_AT_RTN(storexchg_rtn_b32, EXEC_AT_SWAP, false)
DS_AT_RTN(cmpstore_rtn_b32, EXEC_AT_CMPSWAP, false)
DS_AT_RTN(cmpstore_rtn_f32, EXEC_AT_CMPSWAP_F, false)
DS_AT_RTN(min_rtn_f32, EXEC_AT_MIN_F, false)
DS_AT_RTN(max_rtn_f32, EXEC_AT_MAX_F, false)
DS_AT_RTN(wrap_rtn_b32, EXEC_AT_WRAP, false)
DS_AT_RTN(add_rtn_f32, EXEC_AT_ADD_F, false)
DS_AT(add_u64, EXEC_AT_ADD, true)
DS_AT(sub_u64, EXEC_AT_SUB, true)
DS_AT(rsub_u64, EXEC_AT_RSUB, true)
DS_AT(inc_u64, EXEC_AT_INC, true)
DS_AT(dec_u64, EXEC_AT_DEC, true)
DS_AT(min_i64, EXEC_AT_MIN_I, true)
DS_AT(max_i64, EXEC_AT_MAX_I, true)
DS_AT(min_u64, EXEC_AT_MIN_U, true)
DS_AT(max_u64, EXEC_AT_MAX_U, true)
DS_AT(and_b64, EXEC_AT_AND, true)
DS_AT(or_b64, EXEC_AT_OR, true)
DS_AT(xor_b64, EXEC_AT_XOR, true)
DS_AT(mskor_b64, EXEC_AT_MSKOR, true)
DS_AT(cmpstore_b64, EXEC_AT_CMPSWAP, true)
DS_AT(cmpstore_f64, EXEC_AT_CMPSWAP_F, true)
DS_AT(min_f64, EXEC_AT_MIN_F, true)
DS_AT(max_f64, EXEC_AT_MAX_F, true)
DS_AT_RTN(add_rtn_u64, EXEC_AT_ADD, true)
DS_AT_RTN(sub_rtn_u64, EXEC_AT_SUB, true)
DS_AT_RTN(rsub_rtn_u64, EXEC_AT_RSUB, true)
DS_AT_RTN(inc_rtn_u64, EXEC_AT_INC, true)
DS_AT_RTN(dec_rtn_u64, EXEC_AT_DEC, true)
DS_AT_RTN(min_rtn_i64, EXEC_AT_MIN_I, true)
DS_AT_RTN(max_rtn_i64, EXEC_AT_MAX_I, true)
DS_AT_RTN(min_rtn_u64, EXEC_AT_MIN_U, true)
DS_AT_RTN(max_rtn_u64, EXEC_AT_MAX_U, true)
DS_AT_RTN(and_rtn_b64, EXEC_AT_AND, true)
DS_AT_RTN(or_rtn_b64, EXEC_AT_OR, true)
DS_AT_RTN(xor_rtn_b64, EXEC_AT_XOR, true)
DS_AT_RTN(mskor_rtn_b64, EXEC_AT_MSKOR, true)
DS_AT_RTN(storexchg_rtn_b64, EXEC_AT_SWAP, true)
DS_AT_RTN(cmpstore_rtn_b64, EXEC_AT_CMPSWAP, true)
DS_AT_RTN(cmpstore_rtn_f64, EXEC_AT_CMPSWAP_F, true)
DS_AT_RTN(min_rtn_f64, EXEC_AT_MIN_F, true)
DS_AT_RTN(max_rtn_f64, EXEC_AT_MAX_F, true)

EMU(ds_storexchg_2addr_rtn_b32) { return ds_xchg2(w, in, 4, 1); }
EMU(ds_storexchg_2addr_stride64_rtn_b32) { return ds_xchg2(w, in, 4, 64); }
EMU(ds_storexchg_2addr_rtn_b64) { return ds_xchg2(w, in, 8, 1); }
EMU(ds_storexchg_2addr_stride64_rtn_b64) { return ds_xchg2(w, in, 8, 64); }

EMU(ds_load_b32) { return ds_load(w, in, 4, EXEC_LX_NONE); }
EMU(ds_load_b64) { return ds_load(w, in, 8, EXEC_LX_NONE); }
EMU(ds_load_b96) { return ds_load(w, in, 12, EXEC_LX_NONE); }
EMU(ds_load_b128) { return ds_load(w, in, 16, EXEC_LX_NONE); }
EMU(ds_load_u8) { return ds_load(w, in, 1, EXEC_LX_U); }
EMU(ds_load_i8) { return ds_load(w, in, 1, EXEC_LX_I); }
EMU(ds_load_u16) { return ds_load(w, in, 2, EXEC_LX_U); }
EMU(ds_load_i16) { return ds_load(w, in, 2, EXEC_LX_I); }
EMU(ds_load_u8_d16) { return ds_load(w, in, 1, EXEC_LX_D16_U); }
EMU(ds_load_i8_d16) { return ds_load(w, in, 1, EXEC_LX_D16_I); }
EMU(ds_load_u8_d16_hi) { return ds_load(w, in, 1, EXEC_LX_D16_HI_U); }
EMU(ds_load_i8_d16_hi) { return ds_load(w, in, 1, EXEC_LX_D16_HI_I); }
EMU(ds_load_u16_d16) { return ds_load(w, in, 2, EXEC_LX_D16_U); }
EMU(ds_load_u16_d16_hi) { return ds_load(w, in, 2, EXEC_LX_D16_HI_U); }
EMU(ds_load_2addr_b32) { return ds_load2(w, in, 4, 1); }
EMU(ds_load_2addr_stride64_b32) { return ds_load2(w, in, 4, 64); }
EMU(ds_load_2addr_b64) { return ds_load2(w, in, 8, 1); }
EMU(ds_load_2addr_stride64_b64) { return ds_load2(w, in, 8, 64); }

EMU(ds_store_b8) { return ds_store(w, in, 1, 0); }
EMU(ds_store_b16) { return ds_store(w, in, 2, 0); }
EMU(ds_store_b32) { return ds_store(w, in, 4, 0); }
EMU(ds_store_b64) { return ds_store(w, in, 8, 0); }
EMU(ds_store_b96) { return ds_store(w, in, 12, 0); }
EMU(ds_store_b128) { return ds_store(w, in, 16, 0); }
EMU(ds_store_b8_d16_hi) { return ds_store(w, in, 1, 16); }
EMU(ds_store_b16_d16_hi) { return ds_store(w, in, 2, 16); }
EMU(ds_store_2addr_b32) { return ds_store2(w, in, 4, 1); }
EMU(ds_store_2addr_stride64_b32) { return ds_store2(w, in, 4, 64); }
EMU(ds_store_2addr_b64) { return ds_store2(w, in, 8, 1); }
EMU(ds_store_2addr_stride64_b64) { return ds_store2(w, in, 8, 64); }

EMU(ds_nop) { return EXEC_NEXT; }

/* addtid: address = offset + M0[15:0] + lane * 4 */
EMU(ds_load_addtid_b32)
{
    uint32_t rows[1][SIM_WAVE_LANES], exec = w->s[EXEC_SREG_EXEC_LO];

    memset(rows, 0, sizeof(rows));
    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        int r;
        if (!((exec >> l) & 1))
            continue;
        r = lds_rd(w, (uint64_t)in->imm + (w->s[EXEC_SREG_M0] & 0xffff) + l * 4, &rows[0][l], 4);
        if (r)
            return r;
    }
    return exec_load_result(w, EXEC_CNT_LGKM, in->vdst, 1, exec,
                            (const uint32_t(*)[SIM_WAVE_LANES])rows);
}

EMU(ds_store_addtid_b32)
{
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO];

    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        int r;
        if (!((exec >> l) & 1))
            continue;
        r = lds_wr(w, (uint64_t)in->imm + (w->s[EXEC_SREG_M0] & 0xffff) + l * 4, &w->v[in->data0][l], 4);
        if (r)
            return r;
    }
    return EXEC_NEXT;
}

/* ds_append / ds_consume: one counter at M0.base + offset, changed by the
 * number of active lanes; every active lane gets the old value. */
static int ds_counter(struct sim_wave *w, const struct exec_inst *in, bool add)
{
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO], a = (w->s[EXEC_SREG_M0] & 0xffff) + in->imm;
    uint32_t old = 0, nv, rows[1][SIM_WAVE_LANES];
    bool ok;
    int r = lds_rmw_read(w, a, &old, 4, &ok);

    if (r)
        return r;
    nv = add ? old + (uint32_t)__builtin_popcount(exec) : old - (uint32_t)__builtin_popcount(exec);
    r = ok ? lds_wr(w, a, &nv, 4) : EXEC_NEXT;
    if (r)
        return r;
    for (unsigned l = 0; l < SIM_WAVE_LANES; l++)
        rows[0][l] = old;
    return exec_load_result(w, EXEC_CNT_LGKM, in->vdst, 1, exec,
                            (const uint32_t(*)[SIM_WAVE_LANES])rows);
}

EMU(ds_append) { return ds_counter(w, in, true); }
EMU(ds_consume) { return ds_counter(w, in, false); }

/* ds_condxchg32_rtn_b64: two dwords at (addr + offset) & ~7; each is
 * replaced by DATA's dword (bit 31 cleared) when that dword's bit 31 is set. */
EMU(ds_condxchg32_rtn_b64)
{
    uint32_t rows[2][SIM_WAVE_LANES], exec = w->s[EXEC_SREG_EXEC_LO];

    memset(rows, 0, sizeof(rows));
    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint64_t a = lane_addr(w, in, l) & ~(uint64_t)7;
        int r;
        if (!((exec >> l) & 1))
            continue;
        for (unsigned k = 0; k < 2; k++) {
            uint32_t d = w->v[in->data0 + k][l], old = 0;
            bool ok;
            r = lds_rmw_read(w, a + 4 * k, &old, 4, &ok);
            if (!r && ok && (d >> 31)) {
                uint32_t nv = d & 0x7fffffffu;
                r = lds_wr(w, a + 4 * k, &nv, 4);
            }
            if (r)
                return r;
            rows[k][l] = old;
        }
    }
    return exec_load_result(w, EXEC_CNT_LGKM, in->vdst, 2, exec,
                            (const uint32_t(*)[SIM_WAVE_LANES])rows);
}

/* ---------------------------------------------------------------- cross-lane */

static int crosslane_result(struct sim_wave *w, const struct exec_inst *in, const uint32_t *t)
{
    uint32_t rows[1][SIM_WAVE_LANES];

    memcpy(rows[0], t, sizeof(rows[0]));
    return exec_load_result(w, EXEC_CNT_LGKM, in->vdst, 1, w->s[EXEC_SREG_EXEC_LO],
                            (const uint32_t(*)[SIM_WAVE_LANES])rows);
}

/* ds_permute_b32: active lane i sends data0 to lane ((addr + offset) >> 2) & 31;
 * lanes nobody sends to get 0; a later lane wins. */
EMU(ds_permute_b32)
{
    uint32_t t[SIM_WAVE_LANES] = {0}, exec = w->s[EXEC_SREG_EXEC_LO];

    for (unsigned l = 0; l < SIM_WAVE_LANES; l++)
        if ((exec >> l) & 1)
            t[(lane_addr(w, in, l) >> 2) & 31] = w->v[in->data0][l];
    return crosslane_result(w, in, t);
}

/* ds_bpermute_b32: lane i reads data0 of lane ((addr + offset) >> 2) & 31,
 * 0 if that lane is inactive. */
EMU(ds_bpermute_b32)
{
    uint32_t t[SIM_WAVE_LANES] = {0}, exec = w->s[EXEC_SREG_EXEC_LO];

    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        unsigned s = (lane_addr(w, in, l) >> 2) & 31;
        t[l] = ((exec >> s) & 1) ? w->v[in->data0][s] : 0;
    }
    return crosslane_result(w, in, t);
}

EMU(ds_swizzle_b32)
{
    uint32_t t[SIM_WAVE_LANES], exec = w->s[EXEC_SREG_EXEC_LO], off = in->imm & 0xffffu;
    const uint32_t *d = w->v[in->addr];     /* the swizzled value is the ADDR operand */

    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        unsigned s;

        if ((off & SWZ_QUAD_PERM_MASK) == SWZ_QUAD_PERM_ENC) {
            s = (l & ~3u) | ((off >> (2 * (l & 3))) & 3u);
        } else if (!(off & SWZ_BITMASK_MODE_BIT)) {
            unsigned and_m = off & 31, or_m = (off >> 5) & 31, xor_m = (off >> 10) & 31;
            s = ((l & and_m) | or_m) ^ xor_m;
        } else if (off >= SWZ_FFT_FIRST) {
            unsigned mask = off & 31, j = 0;
            for (unsigned b = 0; b < 5; b++)     /* reverse 5 bits */
                j |= ((l >> b) & 1u) << (4 - b);
            j >>= __builtin_popcount(mask);
            s = (j | (l & mask)) & 31;
        } else if (off >= SWZ_ROTATE_FIRST) {
            /* direction 0: lane l reads lane l + n; 1: lane l - n */
            unsigned n = (off >> SWZ_ROTATE_SIZE_SHIFT) & 31;
            s = (off & SWZ_ROTATE_DIR_BIT ? l - n : l + n) & 31;
        } else {
            return exec_fault(w, -ENOTSUP, SIM_FAULT_UNSUPPORTED, 0,
                              "ds_swizzle_b32 offset 0x%04x (a reserved mode) is not simulated",
                              off);
        }
        t[l] = ((exec >> s) & 1) ? d[s] : 0;
    }
    return crosslane_result(w, in, t);
}
