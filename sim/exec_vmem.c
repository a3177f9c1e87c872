/*
 * sim/exec_vmem.c — vector memory: FLAT, GLOBAL and SCRATCH loads, stores
 * and atomics (RDNA3 ISA guide, "Flat, Scratch and Global Instructions").
 *
 * Addresses per lane:
 *   global  saddr + zext(vaddr[31:0]) + offset, or vaddr[63:0] + offset
 *           when saddr is off; offset is 13-bit signed
 *   flat    vaddr[63:0] + offset; an address in the shared aperture is LDS,
 *           in the private aperture this lane's scratch, else global memory
 *   scratch (vaddr if SVE) + (saddr if not off) + offset: an offset into
 *           the lane's private memory
 *   buffer  (MUBUF) the V#'s base + a swizzled or linear offset from the
 *           index (IDXEN: a VGPR; else ADD_TID: the lane), VOFFSET
 *           (OFFEN) + the 12-bit offset, and SOFFSET; range-checked per
 *           the V#'s OOB_SELECT (errata BUFFER_OOB)
 * Private memory is architected flat scratch: the wave's slot of
 * COMPUTE_DISPATCH_SCRATCH_BASE (TMPRING_SIZE.WAVESIZE bytes per wave), each
 * lane owning WAVESIZE/32 bytes interleaved by dword (dword k of lane l at
 * (k * 32 + l) * 4: errata SCRATCH_SWIZZLE).
 */
#include <math.h>

#include "isa/isa_table.h"
#include "sim/exec_fp.h"
#include "sim/exec_hwreg.h"
#include "sim/exec_mem.h"

EMU_ANCHOR(vmem);

enum vseg { SEG_FLAT, SEG_GLOBAL, SEG_SCRATCH, SEG_BUFFER };
enum vwhere { AT_GLOBAL, AT_LDS, AT_SCRATCH };

/* Where lane l's access goes: global VA, LDS offset or private offset.
 * addtid: global_*_addtid, saddr + offset + lane * 4. */
static void lane_addr(struct sim_wave *w, const struct exec_inst *in, enum vseg seg, bool addtid,
                      unsigned l, uint64_t *addr, enum vwhere *where)
{
    uint64_t a;

    if (addtid) {
        *addr = (in->saddr != EXEC_SADDR_OFF ? (w->s[in->saddr] | (uint64_t)w->s[in->saddr + 1] << 32) : 0) +
                (uint64_t)(int64_t)in->offset + l * 4u;
        *where = AT_GLOBAL;
        return;
    }
    if (seg == SEG_SCRATCH) {
        a = (in->addr != EXEC_SADDR_OFF ? w->v[in->addr][l] : 0) +
            (in->saddr != EXEC_SADDR_OFF ? w->s[in->saddr] : 0) + (uint32_t)in->offset;
        *addr = (uint32_t)a;
        *where = AT_SCRATCH;
        return;
    }
    if (seg == SEG_GLOBAL && in->saddr != EXEC_SADDR_OFF) {
        a = (w->s[in->saddr] | (uint64_t)w->s[in->saddr + 1] << 32) +
            (in->addr != EXEC_SADDR_OFF ? w->v[in->addr][l] : 0);
    } else {
        a = w->v[in->addr][l] | (uint64_t)w->v[in->addr + 1][l] << 32;
    }
    a += (uint64_t)(int64_t)in->offset;
    *addr = a;
    *where = AT_GLOBAL;
    if (seg == SEG_FLAT) {
        if (a - EXEC_SHARED_APERTURE_VA < EXEC_APERTURE_BYTES) {
            *addr = a - EXEC_SHARED_APERTURE_VA;
            *where = AT_LDS;
        } else if (a - EXEC_PRIVATE_APERTURE_VA < EXEC_APERTURE_BYTES) {
            *addr = a - EXEC_PRIVATE_APERTURE_VA;
            *where = AT_SCRATCH;
        }
    }
}

/* The GPU address of byte `off` of lane l's private memory. */
static int scratch_va(struct sim_wave *w, unsigned l, uint64_t off, unsigned bytes, uint64_t *va)
{
    const struct exec_disp *dp = w->disp;
    uint64_t per_lane = dp->scratch_wave_bytes / SIM_WAVE_LANES;

    if (!dp->scratch_en)
        return exec_fault(w, -EFAULT, SIM_FAULT_VM, off,
                          "scratch access while COMPUTE_PGM_RSRC2.SCRATCH_EN is 0");
    if (off + bytes > per_lane)
        return exec_fault(w, -EFAULT, SIM_FAULT_VM, off,
                          "scratch access of %u bytes at offset 0x%llx beyond the %llu bytes per "
                          "lane COMPUTE_TMPRING_SIZE.WAVESIZE gives", bytes,
                          (unsigned long long)off, (unsigned long long)per_lane);
    *va = w->flat_scratch_va + ((off / 4) * SIM_WAVE_LANES + l) * 4 + off % 4;
    return EXEC_NEXT;
}

/* Copy between lane l's memory and buf, dword piece by dword piece where the
 * scratch swizzle splits it. */
static inline __attribute__((always_inline)) int lane_access(struct sim_wave *w, unsigned l,
                                                            uint64_t addr, enum vwhere where,
                                                            uint8_t *buf, unsigned bytes,
                                                            bool write)
{
    switch (where) {
    case AT_GLOBAL: {
        uint8_t *p = exec_mem_cached(w, addr, bytes, write ? SIM_VM_WRITE : SIM_VM_READ);
        if (__builtin_expect(p != NULL, 1)) {
            if (write) {
                exec_copy_small(p, buf, bytes);
                w->st->global_bytes_stored += bytes;
            } else {
                exec_copy_small(buf, p, bytes);
                w->st->global_bytes_loaded += bytes;
            }
            return EXEC_NEXT;
        }
        /* not in the cached mapping: find it, or fault */
        if (write) {
            w->st->global_bytes_stored += bytes;
            return exec_mem_write(w, addr, buf, bytes);
        }
        w->st->global_bytes_loaded += bytes;
        return exec_mem_read(w, addr, buf, bytes);
    }
    case AT_LDS:
        return exec_lds_xfer(w, addr, buf, bytes, write, false);
    default:
        for (unsigned done = 0; done < bytes;) {
            uint64_t off = addr + done, va = 0;
            unsigned n = 4 - (unsigned)(off % 4);
            int r;

            if (n > bytes - done)
                n = bytes - done;
            r = scratch_va(w, l, addr, bytes, &va);     /* the whole access in range */
            if (!r)
                r = scratch_va(w, l, off, n, &va);
            if (!r)
                r = write ? exec_mem_write(w, va, buf + done, n) : exec_mem_read(w, va, buf + done, n);
            if (r)
                return r;
            done += n;
        }
        if (write)
            w->st->scratch_bytes_stored += bytes;
        else
            w->st->scratch_bytes_loaded += bytes;
        return EXEC_NEXT;
    }
}

/* ---------------------------------------------------------------- buffers */

/* One MUBUF lane's buffer coordinates (rocjitsu shared/addr_calc_buffer.h,
 * modelled on physical gfx11). */
struct vbuf_lane {
    uint32_t index;     /* the record: IDXEN's VGPR, else the lane with ADD_TID, else 0 */
    uint32_t offset;    /* VOFFSET + the instruction's offset, in 32 bits */
    uint32_t soffset;
    bool swizzled;      /* SWIZZLE_ENABLE with an index source */
};

static struct vbuf_lane buf_lane(const struct sim_wave *w, const struct exec_inst *in,
                                 const struct exec_vsharp *v, unsigned l)
{
    bool idxen = in->offset1 & EXEC_BUF_IDXEN, offen = in->offset1 & EXEC_BUF_OFFEN;
    uint32_t a0 = in->addr != EXEC_SADDR_OFF ? w->v[in->addr][l] : 0;
    uint32_t voffset = offen ? (idxen ? w->v[in->addr + 1][l] : a0) : 0;

    return (struct vbuf_lane){
        .index = idxen ? a0 : v->add_tid ? l : 0,
        .offset = voffset + (uint32_t)in->offset,
        .soffset = exec_opnd_u32(w, &in->src[0]),
        .swizzled = v->swizzle && (idxen || v->add_tid),
    };
}

/* The GPU address of byte `off` (an offset as VOFFSET + offset give it) of
 * the lane's record.  Swizzled: records interleave in groups of
 * INDEX_STRIDE by 4- or 16-byte elements; SOFFSET is added outside. */
static uint64_t buf_va(const struct exec_vsharp *v, const struct vbuf_lane *b, uint32_t off)
{
    uint32_t size = v->swizzle == 3 ? 16 : 4, g = v->index_stride;

    if (!b->swizzled)
        return v->base + (uint64_t)b->index * v->stride + off + b->soffset;
    return v->base + ((uint64_t)(b->index / g) * v->stride + (uint64_t)(off / size) * size) * g +
           (b->index % g) * size + off % size + b->soffset;
}

/* Whether the lane's bytes up to offset + end pass the V#'s OOB_SELECT
 * check: 0 index and offset within the record, 1 index only, 2 any access
 * unless NUM_RECORDS is 0, 3 (raw) the byte range against NUM_RECORDS less
 * SOFFSET, or index and offset for a swizzled strided buffer. */
static bool buf_in_range(const struct exec_vsharp *v, const struct vbuf_lane *b, uint64_t end)
{
    uint32_t records = v->records;

    switch (v->oob_select) {
    case 0: return b->index < records && end <= v->stride;
    case 1: return b->index < records;
    case 2: return records != 0;
    default:
        records -= records < b->soffset ? records : b->soffset;
        return b->swizzled && v->stride ? b->index < records && end <= v->stride
                                        : end <= records;
    }
}

/* Lane l's buffer access of bytes into or out of buf: a b64/b96/b128
 * load or store is checked dword by dword, anything narrower as a whole.
 * Out of range reads 0 and writes nothing. */
static int buf_xfer(struct sim_wave *w, const struct exec_inst *in, const struct exec_vsharp *v,
                    unsigned l, uint8_t *buf, unsigned bytes, bool write)
{
    struct vbuf_lane b = buf_lane(w, in, v, l);
    unsigned step = bytes > 4 ? 4 : bytes;

    for (unsigned k = 0; k < bytes; k += step) {
        uint64_t va = buf_va(v, &b, b.offset + k);
        uint8_t *p;

        if (step > bytes - k)
            step = bytes - k;   /* 6 bytes of a 16_16_16_16 element: its last piece */
        if (!buf_in_range(v, &b, (uint64_t)b.offset + k + step)) {
            if (!write)
                memset(buf + k, 0, step);
            w->st->buffer_oob_accesses++;
            continue;
        }
        p = exec_mem_cached(w, va, step, write ? SIM_VM_WRITE : SIM_VM_READ);
        if (p && write)
            exec_copy_small(p, buf + k, step);
        else if (p)
            exec_copy_small(buf + k, p, step);
        else if (write ? exec_mem_write(w, va, buf + k, step) : exec_mem_read(w, va, buf + k, step))
            return EXEC_FAULT;
        if (write)
            w->st->global_bytes_stored += step;
        else
            w->st->global_bytes_loaded += step;
    }
    return EXEC_NEXT;
}

/* Lane l's access of its memory, buffers (v) included. */
static inline __attribute__((always_inline)) int lane_xfer(struct sim_wave *w,
                                                          const struct exec_inst *in,
                                                          enum vseg seg, bool addtid,
                                                          const struct exec_vsharp *v, unsigned l,
                                                          uint8_t *buf, unsigned bytes, bool write)
{
    uint64_t a;
    enum vwhere where;

    if (seg == SEG_BUFFER)
        return buf_xfer(w, in, v, l, buf, bytes, write);
    lane_addr(w, in, seg, addtid, l, &a, &where);
    return lane_access(w, l, a, where, buf, bytes, write);
}

/* The V# of a buffer instruction (zeros otherwise). */
static struct exec_vsharp seg_vsharp(const struct sim_wave *w, const struct exec_inst *in,
                                     enum vseg seg)
{
    return seg == SEG_BUFFER ? exec_vsharp_read(w, in->saddr) : (struct exec_vsharp){0};
}

/* ---------------------------------------------------------------- loads */

static int vmem_load(struct sim_wave *w, const struct exec_inst *in, enum vseg seg,
                     unsigned bytes, enum exec_load_ext ext, bool addtid)
{
    uint32_t rows[4][SIM_WAVE_LANES];
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO];
    unsigned ndw = ext == EXEC_LX_NONE ? (bytes + 3) / 4 : 1;
    struct exec_vsharp vs = seg_vsharp(w, in, seg);

    memset(rows, 0, sizeof(rows));
    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint8_t buf[16] = {0};
        uint32_t v, old;
        int r;

        if (!((exec >> l) & 1))
            continue;
        r = lane_xfer(w, in, seg, addtid, &vs, l, buf, bytes, false);
        if (r)
            return r;
        v = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 24;
        old = w->v[in->vdst][l];
        if (ext == EXEC_LX_NONE) {
            for (unsigned k = 0; k < ndw; k++)
                memcpy(&rows[k][l], buf + 4 * k, 4);
        } else {
            rows[0][l] = exec_load_ext_value(ext, bytes, v, old);
        }
    }
    return exec_load_result_bits(w, EXEC_CNT_VM, in->vdst, ndw, exec, exec_load_ext_bits(ext),
                                 (const uint32_t(*)[SIM_WAVE_LANES])rows);
}

/* ---------------------------------------------------------------- stores */

enum sext_part { SX_ALL, SX_LO8, SX_LO16, SX_HI8, SX_HI16 };

static int vmem_store(struct sim_wave *w, const struct exec_inst *in, enum vseg seg,
                      unsigned bytes, enum sext_part part, bool addtid)
{
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO];
    struct exec_vsharp vs = seg_vsharp(w, in, seg);

    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint8_t buf[16];
        int r;

        if (!((exec >> l) & 1))
            continue;
        if (part == SX_ALL) {
            for (unsigned k = 0; k < (bytes + 3) / 4; k++)
                memcpy(buf + 4 * k, &w->v[in->data0 + k][l], 4);
        } else {
            uint32_t v = w->v[in->data0][l];
            if (part == SX_HI8 || part == SX_HI16)
                v >>= 16;
            memcpy(buf, &v, 4);
        }
        r = lane_xfer(w, in, seg, addtid, &vs, l, buf, bytes, true);
        if (r)
            return r;
    }
    return EXEC_NEXT;
}

/* ---------------------------------------------------------------- atomics */

static int vmem_atomic(struct sim_wave *w, const struct exec_inst *in, enum vseg seg,
                       enum exec_atomic op, bool is64)
{
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO];
    uint32_t rows[2][SIM_WAVE_LANES];
    bool two = op == EXEC_AT_CMPSWAP || op == EXEC_AT_CMPSWAP_F;
    unsigned dw = is64 ? 2 : 1;
    struct exec_vsharp vs = seg_vsharp(w, in, seg);

    memset(rows, 0, sizeof(rows));
    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint64_t a, d, d2 = 0, old;
        enum vwhere where = AT_GLOBAL;
        int r;

        if (!((exec >> l) & 1))
            continue;
        if (seg == SEG_BUFFER) {
            /* an atomic is range-checked as a whole: outside, nothing, 0 returned */
            struct vbuf_lane b = buf_lane(w, in, &vs, l);

            if (!buf_in_range(&vs, &b, (uint64_t)b.offset + dw * 4)) {
                w->st->buffer_oob_accesses++;
                rows[0][l] = rows[1][l] = 0;
                continue;
            }
            a = buf_va(&vs, &b, b.offset);
        } else {
            lane_addr(w, in, seg, false, l, &a, &where);
        }
        d = w->v[in->data0][l];
        if (is64)
            d |= (uint64_t)w->v[in->data0 + 1][l] << 32;
        if (two) {
            d2 = w->v[in->data0 + dw][l];
            if (is64)
                d2 |= (uint64_t)w->v[in->data0 + dw + 1][l] << 32;
        }
        if (where == AT_GLOBAL) {
            void *p = exec_mem_atomic_ptr(w, a, dw * 4, SIM_VM_READ | SIM_VM_WRITE);
            if (!p)
                return EXEC_FAULT;
            old = is64 ? exec_atomic64_at(p, op, d, d2)
                       : exec_atomic32_at(p, op, (uint32_t)d, (uint32_t)d2);
            w->st->global_bytes_loaded += dw * 4;
            w->st->global_bytes_stored += dw * 4;
        } else {
            /* LDS and scratch belong to this workgroup's host thread */
            uint8_t buf[8];
            uint64_t nv;

            if (where == AT_LDS && !exec_lds_in_range(w, a, dw * 4)) {
                /* an atomic beyond the LDS allocation: dropped whole, 0 returned */
                r = exec_lds_oob(w, a, dw * 4, true);
                if (r)
                    return r;
                rows[0][l] = rows[1][l] = 0;
                continue;
            }
            r = lane_access(w, l, a, where, buf, dw * 4, false);
            if (r)
                return r;
            old = 0;
            memcpy(&old, buf, dw * 4);
            nv = is64 ? exec_atomic64(op, old, d, d2)
                      : exec_atomic32(op, (uint32_t)old, (uint32_t)d, (uint32_t)d2);
            memcpy(buf, &nv, dw * 4);
            r = lane_access(w, l, a, where, buf, dw * 4, true);
            if (r)
                return r;
        }
        rows[0][l] = (uint32_t)old;
        rows[1][l] = (uint32_t)(old >> 32);
    }
    if (!in->has_rtn)
        return EXEC_NEXT;
    return exec_load_result(w, EXEC_CNT_VM, in->vdst, dw, exec, (const uint32_t(*)[SIM_WAVE_LANES])rows);
}

/* ---------------------------------------------------------------- formats */

/* The buffer format instructions (RDNA3 guide, "Buffer Instructions"; the
 * formats in isa/isa_bufmt.def): MTBUF takes the unified format from the
 * instruction, MUBUF _format_ from V# word 3 FORMAT.  A load reads the whole
 * element, converts each component (errata BUFFER_FORMAT), supplies absent
 * components (Y, Z: 0; W: 1), applies the V#'s DST_SEL and writes the
 * first 1-4 results; a store converts the components it is given and
 * writes their bytes. */

/* DST_SEL codes (Mesa sid.h V_008F0C_SQ_SEL_*): 0 constant 0, 1 constant
 * 1, 4-7 component X-W; 2 and 3 are reserved (read as 0 here). */
#define SQ_SEL_1 1u
#define SQ_SEL_X 4u

static const struct exec_fpmode fmt_mode = {EXEC_ROUND_NEAREST_EVEN,
                                             EXEC_DENORM_KEEP_IN | EXEC_DENORM_KEEP_OUT, false};

static bool fmt_is_float(unsigned num)
{
    return num != ISA_BUFNUM_UINT && num != ISA_BUFNUM_SINT;
}

/* Bits of an unsigned small float (10_11_11 / 11_11_10): 5 exponent bits,
 * the rest mantissa, no sign. */
static struct exec_fmt small_fmt(unsigned bits)
{
    return (struct exec_fmt){(uint8_t)(bits - 5), 5};
}

/* One component of `bits` read from memory (raw) as a load returns it: a
 * 32-bit value, or with d16 a 16-bit one. */
static uint32_t fmt_load_comp(unsigned num, unsigned bits, uint32_t raw, bool d16)
{
    uint32_t mask = bits == 32 ? ~0u : (1u << bits) - 1;
    int32_t sx = bits == 32 ? (int32_t)raw : (int32_t)(raw << (32 - bits)) >> (32 - bits);
    double x;

    raw &= mask;
    switch (num) {
    case ISA_BUFNUM_UNORM: x = (double)raw / (double)mask; break;
    case ISA_BUFNUM_SNORM:
        x = (double)sx / (double)(mask >> 1);
        if (x < -1.0)
            x = -1.0;       /* the most negative code is -1.0 as well */
        break;
    case ISA_BUFNUM_USCALED: x = (double)raw; break;
    case ISA_BUFNUM_SSCALED: x = (double)sx; break;
    case ISA_BUFNUM_UINT: return d16 ? raw & 0xffffu : raw;
    case ISA_BUFNUM_SINT: return d16 ? (uint32_t)sx & 0xffffu : (uint32_t)sx;
    default:                /* FLOAT */
        if (bits == 32)
            return d16 ? f64_to_f16(u2f(raw), &fmt_mode) : raw;
        if (bits == 16)
            return d16 ? raw : f2u((float)f16_to_f64((uint16_t)raw, true));
        x = exec_widen_fmt(raw, small_fmt(bits), true);
        break;
    }
    return d16 ? f64_to_f16(x, &fmt_mode) : f2u((float)x);
}

/* Float to integer, NaN to 0, clamped to [lo, hi], rounded to nearest even. */
static uint32_t fmt_float_to_int(double x, double lo, double hi)
{
    if (x != x)
        return 0;
    x = x < lo ? lo : x > hi ? hi : x;
    return (uint32_t)(int64_t)nearbyint(x);
}

/* One component as a store writes it: v the VGPR's dword (d16: its 16
 * bits); the result's low `bits` bits. */
static uint32_t fmt_store_comp(unsigned num, unsigned bits, uint32_t v, bool d16)
{
    uint32_t mask = bits == 32 ? ~0u : (1u << bits) - 1;
    double half = (double)(mask >> 1), x;

    if (fmt_is_float(num))
        x = d16 ? f16_to_f64((uint16_t)v, true) : (double)u2f(v);
    else
        x = 0;
    switch (num) {
    case ISA_BUFNUM_UNORM: return fmt_float_to_int(x * mask, 0.0, (double)mask);
    case ISA_BUFNUM_SNORM: return fmt_float_to_int(x * half, -half, half) & mask;
    case ISA_BUFNUM_USCALED: return fmt_float_to_int(x, 0.0, (double)mask);
    case ISA_BUFNUM_SSCALED: return fmt_float_to_int(x, -half - 1.0, half) & mask;
    case ISA_BUFNUM_UINT: return v & mask;
    case ISA_BUFNUM_SINT: return (d16 ? (uint32_t)(int32_t)(int16_t)v : v) & mask;
    default:                /* FLOAT */
        if (bits == 32)
            return d16 ? f2u((float)x) : v;
        if (bits == 16)
            return d16 ? v & 0xffffu : f64_to_f16(x, &fmt_mode);
        if (x != x)
            return 0x1fu << (bits - 5) | 1u << (bits - 6);     /* quiet NaN */
        if (x <= 0)
            return 0;       /* no sign bit: negatives (and -inf) store 0 */
        return exec_round_fmt(x, small_fmt(bits), &fmt_mode) & mask;
    }
}

/* The element size and each component's bit position of format f. */
static unsigned fmt_layout(const struct isa_bufmt *f, unsigned shift[4])
{
    unsigned at = 0;

    for (unsigned c = 0; c < 4; c++) {
        shift[c] = at;
        at += c < f->comps ? f->bits[c] : 0;
    }
    return at / 8;
}

/* Component c of the element in buf (little-endian, up to 16 bytes). */
static uint32_t fmt_extract(const uint8_t *buf, unsigned shift, unsigned bits)
{
    uint64_t w = 0;

    memcpy(&w, buf + shift / 8, bits == 32 ? 4 : (shift % 8 + bits + 7) / 8);
    return (uint32_t)(w >> (shift % 8)) & (bits == 32 ? ~0u : (1u << bits) - 1);
}

/* The format of a format instruction: MTBUF's field or the V#'s; values
 * past the table (MTBUF's field is 7 bits) are INVALID. */
static const struct isa_bufmt *fmt_of(const struct exec_inst *in, const struct exec_vsharp *v,
                                      bool typed)
{
    unsigned f = typed ? in->imm : v->format;

    return &isa_bufmt[f < ISA_BUFMT_COUNT ? f : 0];
}

/* A format instruction's access of lane l: range-checked all or nothing
 * over the element's elem_bytes (RDNA ISA guide, "Range Checking": format
 * loads/stores and atomics are checked entirely in or out, dword x2/x3/x4
 * per component), then `bytes` of it moved.  *oob: it was out of range
 * (a load reads zeros, a store writes nothing). */
static int buf_fmt_xfer(struct sim_wave *w, const struct exec_inst *in,
                        const struct exec_vsharp *v, unsigned l, uint8_t *buf,
                        unsigned elem_bytes, unsigned bytes, bool write, bool *oob)
{
    struct vbuf_lane b = buf_lane(w, in, v, l);

    *oob = !buf_in_range(v, &b, (uint64_t)b.offset + elem_bytes);
    if (*oob) {
        if (!write)
            memset(buf, 0, bytes);
        w->st->buffer_oob_accesses++;
        return EXEC_NEXT;
    }
    return buf_xfer(w, in, v, l, buf, bytes, write);   /* every piece in range */
}

/* How the results go to the VGPRs. */
enum fmt_dst { FD_32, FD_D16, FD_D16_HI };

static int fmt_load(struct sim_wave *w, const struct exec_inst *in, bool typed, unsigned n,
                    enum fmt_dst fd)
{
    uint32_t rows[4][SIM_WAVE_LANES];
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO];
    struct exec_vsharp vs = exec_vsharp_read(w, in->saddr);
    const struct isa_bufmt *f = fmt_of(in, &vs, typed);
    bool d16 = fd != FD_32;
    unsigned shift[4], bytes = fmt_layout(f, shift);
    unsigned ndw = d16 ? (n + 1) / 2 : n;
    uint32_t one = fmt_is_float(f->num) ? (d16 ? 0x3c00u : 0x3f800000u) : 1u;

    memset(rows, 0, sizeof(rows));
    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint8_t buf[16] = {0};
        uint32_t comp[4] = {0, 0, 0, 0}, res[4];
        bool oob = true;

        if (!((exec >> l) & 1))
            continue;
        if (!f->comps) {
            /* INVALID: as out of range, no memory access (errata BUFFER_FORMAT) */
            w->st->buffer_oob_accesses++;
        } else if (buf_fmt_xfer(w, in, &vs, l, buf, bytes, bytes, false, &oob)) {
            return EXEC_FAULT;
        }
        /* out of range: every component 0, only a DST_SEL constant 1 gives 1
         * (RDNA ISA guide, "Range Checking"); in range: absent W is 1 */
        if (!oob) {
            comp[3] = one;
            for (unsigned c = 0; c < f->comps; c++)
                comp[c] = fmt_load_comp(f->num, f->bits[c],
                                        fmt_extract(buf, shift[c], f->bits[c]), d16);
        }
        for (unsigned c = 0; c < 4; c++) {
            unsigned sel = (vs.dst_sel >> (3 * c)) & 7;
            res[c] = sel >= SQ_SEL_X ? comp[sel - SQ_SEL_X] : sel == SQ_SEL_1 ? one : 0;
        }
        if (fd == FD_32) {
            for (unsigned c = 0; c < n; c++)
                rows[c][l] = res[c];
        } else if (fd == FD_D16_HI) {
            rows[0][l] = (w->v[in->vdst][l] & 0xffffu) | res[0] << 16;
        } else {
            for (unsigned k = 0; k < ndw; k++) {
                uint32_t hi = 2 * k + 1 < n ? res[2 * k + 1] << 16
                                            : w->v[in->vdst + k][l] & 0xffff0000u;
                rows[k][l] = (res[2 * k] & 0xffffu) | hi;
            }
        }
    }
    if (fd == FD_32 || n % 2 == 0)
        return exec_load_result(w, EXEC_CNT_VM, in->vdst, ndw, exec,
                                (const uint32_t(*)[SIM_WAVE_LANES])rows);
    if (fd == FD_D16_HI)
        return exec_load_result_bits(w, EXEC_CNT_VM, in->vdst, 1, exec, 0xffff0000u,
                                     (const uint32_t(*)[SIM_WAVE_LANES])rows);
    /* d16 _x / _xyz: the last dword's high half is kept */
    if (ndw > 1 && exec_load_result(w, EXEC_CNT_VM, in->vdst, ndw - 1, exec,
                                    (const uint32_t(*)[SIM_WAVE_LANES])rows))
        return EXEC_FAULT;
    return exec_load_result_bits(w, EXEC_CNT_VM, in->vdst + ndw - 1, 1, exec, 0x0000ffffu,
                                 (const uint32_t(*)[SIM_WAVE_LANES])&rows[ndw - 1]);
}

static int fmt_store(struct sim_wave *w, const struct exec_inst *in, bool typed, unsigned n,
                     enum fmt_dst fd)
{
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO];
    struct exec_vsharp vs = exec_vsharp_read(w, in->saddr);
    const struct isa_bufmt *f = fmt_of(in, &vs, typed);
    unsigned shift[4], elem = fmt_layout(f, shift), bytes = elem;
    unsigned given = n < f->comps ? n : f->comps;
    bool aligned = true, oob;

    for (unsigned c = 0; c < f->comps; c++)
        aligned &= f->bits[c] % 8 == 0;
    /* byte-aligned components: only the given ones' bytes are written;
     * packed formats: the whole element, absent components 0 (errata
     * BUFFER_FORMAT) */
    if (aligned && f->comps)
        bytes = (shift[given - 1] + f->bits[given - 1]) / 8;
    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint8_t buf[16] = {0};
        uint64_t packed[2] = {0, 0};

        if (!((exec >> l) & 1))
            continue;
        if (!f->comps) {
            w->st->buffer_oob_accesses++;   /* INVALID: nothing written */
            continue;
        }
        for (unsigned c = 0; c < given; c++) {
            uint32_t v = fd == FD_32 ? w->v[in->data0 + c][l]
                         : fd == FD_D16_HI ? w->v[in->data0][l] >> 16
                                           : (w->v[in->data0 + c / 2][l] >> (16 * (c % 2))) & 0xffffu;
            uint64_t bitsv = fmt_store_comp(f->num, f->bits[c], v, fd != FD_32);

            packed[shift[c] / 64] |= bitsv << (shift[c] % 64);
        }
        memcpy(buf, packed, 16);
        if (buf_fmt_xfer(w, in, &vs, l, buf, elem, bytes, true, &oob))
            return EXEC_FAULT;
    }
    return EXEC_NEXT;
}

#define FMT_OPS(pre, typed)                                                                \
    EMU(pre##load_format_x) { return fmt_load(w, in, typed, 1, FD_32); }                  \
    EMU(pre##load_format_xy) { return fmt_load(w, in, typed, 2, FD_32); }                 \
    EMU(pre##load_format_xyz) { return fmt_load(w, in, typed, 3, FD_32); }                \
    EMU(pre##load_format_xyzw) { return fmt_load(w, in, typed, 4, FD_32); }               \
    EMU(pre##store_format_x) { return fmt_store(w, in, typed, 1, FD_32); }                \
    EMU(pre##store_format_xy) { return fmt_store(w, in, typed, 2, FD_32); }               \
    EMU(pre##store_format_xyz) { return fmt_store(w, in, typed, 3, FD_32); }              \
    EMU(pre##store_format_xyzw) { return fmt_store(w, in, typed, 4, FD_32); }             \
    EMU(pre##load_d16_format_x) { return fmt_load(w, in, typed, 1, FD_D16); }             \
    EMU(pre##load_d16_format_xy) { return fmt_load(w, in, typed, 2, FD_D16); }            \
    EMU(pre##load_d16_format_xyz) { return fmt_load(w, in, typed, 3, FD_D16); }           \
    EMU(pre##load_d16_format_xyzw) { return fmt_load(w, in, typed, 4, FD_D16); }          \
    EMU(pre##store_d16_format_x) { return fmt_store(w, in, typed, 1, FD_D16); }           \
    EMU(pre##store_d16_format_xy) { return fmt_store(w, in, typed, 2, FD_D16); }          \
    EMU(pre##store_d16_format_xyz) { return fmt_store(w, in, typed, 3, FD_D16); }         \
    EMU(pre##store_d16_format_xyzw) { return fmt_store(w, in, typed, 4, FD_D16); }

FMT_OPS(buffer_, false)
FMT_OPS(tbuffer_, true)
EMU(buffer_load_d16_hi_format_x) { return fmt_load(w, in, false, 1, FD_D16_HI); }
EMU(buffer_store_d16_hi_format_x) { return fmt_store(w, in, false, 1, FD_D16_HI); }

/* ---------------------------------------------------------------- loads to LDS */

/* buffer_load_lds_*: each active lane's value, widened to a dword (u8/u16
 * zero-, i8/i16 sign-extended; format_x converted as buffer_load_format_x
 * without DST_SEL), goes to LDS at M0[15:0] + the instruction offset +
 * lane * 4 instead of a VGPR (errata BUFFER_LDS). */
static int buf_load_lds(struct sim_wave *w, const struct exec_inst *in, unsigned bytes,
                        enum exec_load_ext ext, bool format)
{
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO];
    struct exec_vsharp vs = exec_vsharp_read(w, in->saddr);
    const struct isa_bufmt *f = &isa_bufmt[vs.format];
    uint32_t base = (w->s[EXEC_SREG_M0] & 0xffffu) + (uint32_t)in->offset;

    for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
        uint8_t buf[16] = {0};
        uint32_t v;
        unsigned shift[4], elem = fmt_layout(f, shift);
        bool oob;

        if (!((exec >> l) & 1))
            continue;
        if (format && !f->comps) {
            w->st->buffer_oob_accesses++;
            v = 0;
        } else if (format) {
            if (buf_fmt_xfer(w, in, &vs, l, buf, elem, elem, false, &oob))
                return EXEC_FAULT;
            v = fmt_load_comp(f->num, f->bits[0], fmt_extract(buf, 0, f->bits[0]), false);
        } else {
            if (buf_xfer(w, in, &vs, l, buf, bytes, false))
                return EXEC_FAULT;
            memcpy(&v, buf, 4);
            v = exec_load_ext_value(ext, bytes, v, 0);
        }
        if (exec_lds_xfer(w, base + l * 4u, &v, 4, true, false))
            return EXEC_FAULT;
    }
    return EXEC_NEXT;
}

EMU(buffer_load_lds_u8) { return buf_load_lds(w, in, 1, EXEC_LX_U, false); }
EMU(buffer_load_lds_i8) { return buf_load_lds(w, in, 1, EXEC_LX_I, false); }
EMU(buffer_load_lds_u16) { return buf_load_lds(w, in, 2, EXEC_LX_U, false); }
EMU(buffer_load_lds_i16) { return buf_load_lds(w, in, 2, EXEC_LX_I, false); }
EMU(buffer_load_lds_b32) { return buf_load_lds(w, in, 4, EXEC_LX_NONE, false); }
EMU(buffer_load_lds_format_x) { return buf_load_lds(w, in, 4, EXEC_LX_NONE, true); }

/* ---------------------------------------------------------------- the instructions */

/* flat_, global_, scratch_ and buffer_ forms of one operation. */
#define VMEM4(name, call)                                                              \
    VMEM3(name, call)                                                                  \
    EMU(buffer_##name) { enum vseg seg = SEG_BUFFER; return call; }
#define VMEM3(name, call)                                                              \
    VMEM2(name, call)                                                                  \
    EMU(scratch_##name) { enum vseg seg = SEG_SCRATCH; return call; }
#define VMEM2(name, call)                                                              \
    EMU(flat_##name) { enum vseg seg = SEG_FLAT; return call; }                       \
    EMU(global_##name) { enum vseg seg = SEG_GLOBAL; return call; }
#define VMEM2B(name, call)                                                             \
    VMEM2(name, call)                                                                  \
    EMU(buffer_##name) { enum vseg seg = SEG_BUFFER; return call; }

VMEM4(load_u8, vmem_load(w, in, seg, 1, EXEC_LX_U, false))
VMEM4(load_i8, vmem_load(w, in, seg, 1, EXEC_LX_I, false))
VMEM4(load_u16, vmem_load(w, in, seg, 2, EXEC_LX_U, false))
VMEM4(load_i16, vmem_load(w, in, seg, 2, EXEC_LX_I, false))
VMEM4(load_b32, vmem_load(w, in, seg, 4, EXEC_LX_NONE, false))
VMEM4(load_b64, vmem_load(w, in, seg, 8, EXEC_LX_NONE, false))
VMEM4(load_b96, vmem_load(w, in, seg, 12, EXEC_LX_NONE, false))
VMEM4(load_b128, vmem_load(w, in, seg, 16, EXEC_LX_NONE, false))
VMEM4(load_d16_u8, vmem_load(w, in, seg, 1, EXEC_LX_D16_U, false))
VMEM4(load_d16_i8, vmem_load(w, in, seg, 1, EXEC_LX_D16_I, false))
VMEM4(load_d16_b16, vmem_load(w, in, seg, 2, EXEC_LX_D16_U, false))
VMEM4(load_d16_hi_u8, vmem_load(w, in, seg, 1, EXEC_LX_D16_HI_U, false))
VMEM4(load_d16_hi_i8, vmem_load(w, in, seg, 1, EXEC_LX_D16_HI_I, false))
VMEM4(load_d16_hi_b16, vmem_load(w, in, seg, 2, EXEC_LX_D16_HI_U, false))
VMEM4(store_b8, vmem_store(w, in, seg, 1, SX_LO8, false))
VMEM4(store_b16, vmem_store(w, in, seg, 2, SX_LO16, false))
VMEM4(store_b32, vmem_store(w, in, seg, 4, SX_ALL, false))
VMEM4(store_b64, vmem_store(w, in, seg, 8, SX_ALL, false))
VMEM4(store_b96, vmem_store(w, in, seg, 12, SX_ALL, false))
VMEM4(store_b128, vmem_store(w, in, seg, 16, SX_ALL, false))
VMEM4(store_d16_hi_b8, vmem_store(w, in, seg, 1, SX_HI8, false))
VMEM4(store_d16_hi_b16, vmem_store(w, in, seg, 2, SX_HI16, false))

EMU(global_load_addtid_b32) { return vmem_load(w, in, SEG_GLOBAL, 4, EXEC_LX_NONE, true); }
EMU(global_store_addtid_b32) { return vmem_store(w, in, SEG_GLOBAL, 4, SX_ALL, true); }

VMEM2B(atomic_swap_b32, vmem_atomic(w, in, seg, EXEC_AT_SWAP, false))
VMEM2B(atomic_cmpswap_b32, vmem_atomic(w, in, seg, EXEC_AT_CMPSWAP, false))
VMEM2B(atomic_add_u32, vmem_atomic(w, in, seg, EXEC_AT_ADD, false))
VMEM2B(atomic_sub_u32, vmem_atomic(w, in, seg, EXEC_AT_SUB, false))
VMEM2B(atomic_min_i32, vmem_atomic(w, in, seg, EXEC_AT_MIN_I, false))
VMEM2B(atomic_min_u32, vmem_atomic(w, in, seg, EXEC_AT_MIN_U, false))
VMEM2B(atomic_max_i32, vmem_atomic(w, in, seg, EXEC_AT_MAX_I, false))
VMEM2B(atomic_max_u32, vmem_atomic(w, in, seg, EXEC_AT_MAX_U, false))
VMEM2B(atomic_and_b32, vmem_atomic(w, in, seg, EXEC_AT_AND, false))
VMEM2B(atomic_or_b32, vmem_atomic(w, in, seg, EXEC_AT_OR, false))
VMEM2B(atomic_xor_b32, vmem_atomic(w, in, seg, EXEC_AT_XOR, false))
VMEM2B(atomic_inc_u32, vmem_atomic(w, in, seg, EXEC_AT_INC, false))
VMEM2B(atomic_dec_u32, vmem_atomic(w, in, seg, EXEC_AT_DEC, false))
VMEM2B(atomic_swap_b64, vmem_atomic(w, in, seg, EXEC_AT_SWAP, true))
VMEM2B(atomic_cmpswap_b64, vmem_atomic(w, in, seg, EXEC_AT_CMPSWAP, true))
VMEM2B(atomic_add_u64, vmem_atomic(w, in, seg, EXEC_AT_ADD, true))
VMEM2B(atomic_sub_u64, vmem_atomic(w, in, seg, EXEC_AT_SUB, true))
VMEM2B(atomic_min_i64, vmem_atomic(w, in, seg, EXEC_AT_MIN_I, true))
VMEM2B(atomic_min_u64, vmem_atomic(w, in, seg, EXEC_AT_MIN_U, true))
VMEM2B(atomic_max_i64, vmem_atomic(w, in, seg, EXEC_AT_MAX_I, true))
VMEM2B(atomic_max_u64, vmem_atomic(w, in, seg, EXEC_AT_MAX_U, true))
VMEM2B(atomic_and_b64, vmem_atomic(w, in, seg, EXEC_AT_AND, true))
VMEM2B(atomic_or_b64, vmem_atomic(w, in, seg, EXEC_AT_OR, true))
VMEM2B(atomic_xor_b64, vmem_atomic(w, in, seg, EXEC_AT_XOR, true))
VMEM2B(atomic_inc_u64, vmem_atomic(w, in, seg, EXEC_AT_INC, true))
VMEM2B(atomic_dec_u64, vmem_atomic(w, in, seg, EXEC_AT_DEC, true))
VMEM2B(atomic_cmpswap_f32, vmem_atomic(w, in, seg, EXEC_AT_CMPSWAP_F, false))
VMEM2B(atomic_min_f32, vmem_atomic(w, in, seg, EXEC_AT_MIN_F, false))
VMEM2B(atomic_max_f32, vmem_atomic(w, in, seg, EXEC_AT_MAX_F, false))
VMEM2B(atomic_add_f32, vmem_atomic(w, in, seg, EXEC_AT_ADD_F, false))
EMU(global_atomic_csub_u32) { return vmem_atomic(w, in, SEG_GLOBAL, EXEC_AT_CSUB, false); }
EMU(buffer_atomic_csub_u32) { return vmem_atomic(w, in, SEG_BUFFER, EXEC_AT_CSUB, false); }

/* The cache invalidations: memory is coherent here. */
EMU(buffer_gl0_inv) { return EXEC_NEXT; }
EMU(buffer_gl1_inv) { return EXEC_NEXT; }
