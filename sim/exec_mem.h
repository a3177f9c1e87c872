/*
 * sim/exec_mem.h — the executor's memory path: GPU virtual memory through
 * sim/vm.h (every access translated and bounds-checked, the last mapping
 * cached per wave), LDS, scratch, and the atomic operations they share.
 */
#ifndef AMDPM4_SIM_EXEC_MEM_H
#define AMDPM4_SIM_EXEC_MEM_H

#include "sim/exec_emu.h"

/* Read / write bytes of GPU memory.  Returns EXEC_NEXT, or EXEC_FAULT with
 * a VM fault naming the address and the access. */
int exec_mem_read(struct sim_wave *w, uint64_t va, void *dst, unsigned bytes);
int exec_mem_write(struct sim_wave *w, uint64_t va, const void *src, unsigned bytes);

/* The host address of [va, va+bytes) when it lies in the mapping the wave
 * used last with the access, else NULL (then exec_mem_read/write find the
 * mapping or report the fault). */
static inline uint8_t *exec_mem_cached(const struct sim_wave *w, uint64_t va, unsigned bytes,
                                       uint32_t access)
{
    if (va >= w->mem_va_start && va + bytes <= w->mem_va_end && va + bytes >= va &&
        (w->mem_access & access) == access)
        return w->mem_host + (va - w->mem_va_start);
    return NULL;
}

/* memcpy of the sizes lanes move, each inlined. */
static inline void exec_copy_small(void *d, const void *s, unsigned bytes)
{
    switch (bytes) {
    case 1: memcpy(d, s, 1); break;
    case 2: memcpy(d, s, 2); break;
    case 4: memcpy(d, s, 4); break;
    case 8: memcpy(d, s, 8); break;
    case 12: memcpy(d, s, 12); break;
    case 16: memcpy(d, s, 16); break;
    default: memcpy(d, s, bytes); break;
    }
}

/* A host pointer to [va, va+bytes) with the access, for atomics (one
 * mapping, natural alignment); NULL with a fault recorded otherwise. */
void *exec_mem_atomic_ptr(struct sim_wave *w, uint64_t va, unsigned bytes, uint32_t access);

/* One lane's LDS access of bytes at LDS address addr (workgroup-relative),
 * into or out of buf.  The hardware checks LDS addresses against the
 * workgroup's allocation (COMPUTE_PGM_RSRC2.LDS_SIZE) and does not fault
 * (errata LDS_OOB): each dword of a wider access (or the whole of a sub-dword
 * one, or of an atomic when whole is set) that lies beyond it reads as 0 and
 * is not written.  Such an access is counted (sim_dispatch_stats
 * .lds_oob_accesses) or, with AMDPM4_SIM_STRICT_LDS, faults.  Returns
 * EXEC_NEXT, or EXEC_FAULT. */
/* Whether [addr, addr + bytes) lies in the workgroup's LDS allocation. */
static inline bool exec_lds_in_range(const struct sim_wave *w, uint64_t addr, unsigned bytes)
{
    return addr + bytes <= w->wg->lds_bytes;
}

/* exec_lds_xfer's out-of-range part. */
int exec_lds_xfer_oob(struct sim_wave *w, uint64_t addr, void *buf, unsigned bytes, bool write,
                      bool whole);

static inline __attribute__((always_inline)) int exec_lds_xfer(struct sim_wave *w, uint64_t addr,
                                                              void *buf, unsigned bytes,
                                                              bool write, bool whole)
{
    if (__builtin_expect(!exec_lds_in_range(w, addr, bytes), 0))
        return exec_lds_xfer_oob(w, addr, buf, bytes, write, whole);
    if (write) {
        exec_copy_small(w->wg->lds + addr, buf, bytes);
        w->st->lds_bytes_written += bytes;
    } else {
        exec_copy_small(buf, w->wg->lds + addr, bytes);
        w->st->lds_bytes_read += bytes;
    }
    return EXEC_NEXT;
}

/* Record an out-of-range LDS access that an instruction drops as a whole
 * (an atomic): counted, or a fault under AMDPM4_SIM_STRICT_LDS.  Returns
 * EXEC_NEXT or EXEC_FAULT. */
int exec_lds_oob(struct sim_wave *w, uint64_t addr, unsigned bytes, bool write);

/* How a load puts its bytes into its VGPR: whole dwords; zero- or
 * sign-extended to 32 bits; or (d16) zero- or sign-extended to 16 bits into
 * the low or the high half, the other half kept. */
enum exec_load_ext {
    EXEC_LX_NONE, EXEC_LX_U, EXEC_LX_I,
    EXEC_LX_D16_U, EXEC_LX_D16_I, EXEC_LX_D16_HI_U, EXEC_LX_D16_HI_I,
};

/* The dword a load of `bytes` (1 or 2) with ext leaves in a VGPR that held
 * old, v the bytes read. */
static inline uint32_t exec_load_ext_value(enum exec_load_ext ext, unsigned bytes, uint32_t v,
                                           uint32_t old)
{
    uint32_t z = v & (bytes == 1 ? 0xffu : 0xffffu);
    uint32_t s = bytes == 1 ? (uint32_t)(int8_t)v : (uint32_t)(int16_t)v;

    switch (ext) {
    case EXEC_LX_U: return z;
    case EXEC_LX_I: return s;
    case EXEC_LX_D16_U: return (old & 0xffff0000u) | z;
    case EXEC_LX_D16_I: return (old & 0xffff0000u) | (s & 0xffffu);
    case EXEC_LX_D16_HI_U: return (old & 0xffffu) | z << 16;
    case EXEC_LX_D16_HI_I: return (old & 0xffffu) | s << 16;
    default: return v;
    }
}

/* The bits of each destination dword such a load writes. */
static inline uint32_t exec_load_ext_bits(enum exec_load_ext ext)
{
    return ext == EXEC_LX_D16_U || ext == EXEC_LX_D16_I ? 0x0000ffffu
           : ext == EXEC_LX_D16_HI_U || ext == EXEC_LX_D16_HI_I ? 0xffff0000u
                                                                : ~0u;
}

/* A buffer resource (V#: RDNA3 guide "Buffer Resource", four SGPRs), the
 * fields gfx11 buffer addressing reads.  Word 3 on gfx11 (ROCR-Runtime
 * src/image/resource_gfx11.h SQ_BUF_RSRC_WORD3; Mesa sid.h S_008F0C_*):
 * DST_SEL_X [2:0] Y [5:3] Z [8:6] W [11:9], FORMAT [17:12] (6 bits),
 * INDEX_STRIDE [22:21], ADD_TID_ENABLE [23], LLC_NOALLOC [27:26],
 * OOB_SELECT [29:28], TYPE [31:30]. */
struct exec_vsharp {
    uint64_t base;          /* dwords 0-1 [47:0] */
    uint32_t stride;        /* dword 1 [29:16], bytes */
    uint32_t records;       /* NUM_RECORDS, dword 2: bytes, or records when index-checked */
    uint32_t swizzle;       /* dword 1 [31:30]: 0 linear, 3 16-byte, else 4-byte elements */
    uint32_t index_stride;  /* dword 3 [22:21]: 8 << it lanes per swizzle group */
    uint32_t add_tid;       /* dword 3 [23]: the lane is the index without IDXEN */
    uint32_t oob_select;    /* dword 3 [29:28]: the range check (errata BUFFER_OOB) */
    uint32_t dst_sel;       /* dword 3 [11:0]: DST_SEL_X/Y/Z/W, 3 bits each, X lowest */
    uint32_t format;        /* dword 3 [17:12]: unified format (isa/isa_bufmt.def) */
};

static inline struct exec_vsharp exec_vsharp_read(const struct sim_wave *w, unsigned sreg)
{
    const uint32_t *d = &w->s[sreg];

    return (struct exec_vsharp){
        .base = d[0] | (uint64_t)(d[1] & 0xffff) << 32,
        .stride = (d[1] >> 16) & 0x3fff,
        .records = d[2],
        .swizzle = d[1] >> 30,
        .index_stride = 8u << ((d[3] >> 21) & 3),
        .add_tid = (d[3] >> 23) & 1,
        .oob_select = (d[3] >> 28) & 3,
        .dst_sel = d[3] & 0xfff,
        .format = (d[3] >> 12) & 0x3f,
    };
}

/* Atomic read-modify-write operations (FLAT/GLOBAL atomics and DS). */
enum exec_atomic {
    EXEC_AT_SWAP, EXEC_AT_CMPSWAP, EXEC_AT_ADD, EXEC_AT_SUB, EXEC_AT_RSUB, EXEC_AT_CSUB,
    EXEC_AT_MIN_I, EXEC_AT_MIN_U, EXEC_AT_MAX_I, EXEC_AT_MAX_U,
    EXEC_AT_AND, EXEC_AT_OR, EXEC_AT_XOR, EXEC_AT_INC, EXEC_AT_DEC,
    EXEC_AT_MSKOR, EXEC_AT_WRAP,
    EXEC_AT_CMPSWAP_F, EXEC_AT_MIN_F, EXEC_AT_MAX_F, EXEC_AT_ADD_F,
};

/* The new memory value from the old one, the data and (CMPSWAP, MSKOR,
 * WRAP) the second operand, for 32- and 64-bit elements. */
uint32_t exec_atomic32(enum exec_atomic op, uint32_t old, uint32_t data, uint32_t data2);
uint64_t exec_atomic64(enum exec_atomic op, uint64_t old, uint64_t data, uint64_t data2);

/* Atomically apply op at host pointer p (shared with other host threads);
 * returns the old value. */
uint32_t exec_atomic32_at(uint32_t *p, enum exec_atomic op, uint32_t data, uint32_t data2);
uint64_t exec_atomic64_at(uint64_t *p, enum exec_atomic op, uint64_t data, uint64_t data2);

/* Deliver a load's result rows (rows[k][lane], k < count) to VGPRs
 * vdst.. for the lanes in mask: directly, or held back under strict
 * waitcnt.  Returns EXEC_NEXT or EXEC_FAULT. */
int exec_load_result(struct sim_wave *w, enum exec_counter c, unsigned vdst, unsigned count,
                     uint32_t mask, const uint32_t (*rows)[SIM_WAVE_LANES]);
/* The same for a load that writes only `bits` of each dword (d16 loads: one
 * half; rows hold the other half as it was at issue).  Under strict waitcnt
 * only those bits read as poison until the wait, and only they are written
 * when the load completes, so two d16 loads into the halves of one VGPR in
 * flight together both arrive, as on the hardware. */
int exec_load_result_bits(struct sim_wave *w, enum exec_counter c, unsigned vdst,
                          unsigned count, uint32_t mask, uint32_t bits,
                          const uint32_t (*rows)[SIM_WAVE_LANES]);

#endif
