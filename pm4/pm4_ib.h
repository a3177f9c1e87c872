/*
 * pm4/pm4_ib.h — the IB builder: a dword stream with bound checks and a
 * sticky error, and one emitter per gfx11 PM4 packet.
 *
 * Each emitter computes its packet's header COUNT itself, builds every dword
 * from table fields (pm4_table.h), refuses a value that does not fit its
 * field or an address without the alignment the packet needs, and writes
 * nothing then.  The first failure sticks: later emitters do nothing and
 * return it, and pm4_ib_finish() reports it (errno and message), so a caller
 * may emit a whole sequence and check once.  Every emitter returns the
 * stream's error state (0 or a negative errno).
 *
 * Each packet has a size function (pm4_<packet>_dw) so budgets are computed,
 * never hand-summed.
 *
 * The stream is also the container for SDMA packets (pm4/sdma_emit.h).
 */
#ifndef AMDPM4_PM4_PM4_IB_H
#define AMDPM4_PM4_PM4_IB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pm4/pm4_table.h"

/* Largest IB the CP takes: INDIRECT_BUFFER IB_SIZE is 20 bits of dwords. */
#define PM4_IB_MAX_DW 0xFFFFFu

/* gfx11 CP DMA: largest DMA_DATA byte count amdpm4 emits (Mesa radeonsi/radv
 * cp_dma_max_byte_count uses 32767 on GFX11 although BYTE_COUNT is 26 bits). */
#define PM4_DMA_DATA_MAX_BYTES 32767u

struct pm4_ib {
    uint32_t *buf;
    size_t cdw;                /* dwords written */
    size_t max_dw;             /* capacity of buf */
    size_t limit_dw;           /* growth stops here */
    int err;                   /* first failure (negative errno), 0 if none */
    bool growable;             /* buf is ours (malloc) and may grow */
    bool sealed;               /* ended by a chained INDIRECT_BUFFER */
    char errmsg[240];          /* message of the first failure */
};

/* A growable stream in malloc'd memory (initial_dw may be 0).  Returns 0 or
 * -ENOMEM. */
int pm4_ib_init(struct pm4_ib *ib, size_t initial_dw);
/* A stream over caller memory (e.g. a CPU-mapped GTT buffer) of max_dw
 * dwords; it never grows (overflow is -ENOSPC). */
void pm4_ib_init_fixed(struct pm4_ib *ib, uint32_t *buf, size_t max_dw);
void pm4_ib_fini(struct pm4_ib *ib);
/* Empty the stream and clear its error; keeps the memory. */
void pm4_ib_reset(struct pm4_ib *ib);

static inline int pm4_ib_error(const struct pm4_ib *ib)
{
    return ib->err;
}

/* Returns the stream's error; when there is one, makes its message the
 * calling thread's amdpm4_last_error() (later failures may have replaced it). */
int pm4_ib_finish(struct pm4_ib *ib);

/* Record a failure (the first one sticks) and return the stream's error. */
int pm4_ib_fail(struct pm4_ib *ib, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The failure of pm4_ib_field: a sticky -ERANGE naming the field; 0. */
uint32_t pm4_ib_field_refused(struct pm4_ib *ib, enum pm4_field f, uint64_t value);

/* value shifted into field f, or 0 with a sticky -ERANGE naming the field
 * when it does not fit. */
static inline uint32_t pm4_ib_field(struct pm4_ib *ib, enum pm4_field f, uint64_t value)
{
    uint32_t dw = 0;

    if (__builtin_expect(pm4_set(f, &dw, value) == 0, 1))
        return dw;
    return pm4_ib_field_refused(ib, f, value);
}

/* Append head[0..n_head) then tail[0..n_tail) (tail may be NULL when
 * n_tail is 0), or nothing if the stream has failed or has no room. */
int pm4_ib_put(struct pm4_ib *ib, const uint32_t *head, size_t n_head, const uint32_t *tail,
               size_t n_tail);

/* Append header then n_zero zero dwords (a NOP body), all or nothing. */
int pm4_ib_put_zeros(struct pm4_ib *ib, uint32_t header, size_t n_zero);

/* Append one-dword NOPs (nop_dw) up to a multiple of align_dw (a power of
 * two).  pm4_ib_pad and sdma_ib_pad give the engine's NOP. */
int pm4_ib_pad_with(struct pm4_ib *ib, uint32_t align_dw, uint32_t nop_dw);

/* true if va is a multiple of align_bytes, else a sticky -EINVAL
 * "<what> 0x.. is not N-byte aligned". */
bool pm4_ib_aligned(struct pm4_ib *ib, const char *what, uint64_t va, unsigned align_bytes);

static inline uint32_t pm4_lo32(uint64_t v)
{
    return (uint32_t)v;
}

static inline uint32_t pm4_hi32(uint64_t v)
{
    return (uint32_t)(v >> 32);
}

/* Which caches an ACQUIRE_MEM / RELEASE_MEM acts on. */
enum pm4_cache_action {
    PM4_CACHE_NONE,
    PM4_CACHE_WB,              /* write back GL2 (and GLM): results reach memory */
    PM4_CACHE_INV,             /* invalidate I$/K$/GLV/GL1/GL2: later reads see memory */
    PM4_CACHE_WB_INV,          /* both */
};

/* ---------------------------------------------------------------- packets */

/* SET_SH_REG: n consecutive SH registers from first (all in the table). */
size_t pm4_set_sh_reg_dw(unsigned n);
int pm4_emit_set_sh_regs(struct pm4_ib *ib, enum pm4_reg first, const uint32_t *values,
                         unsigned n);
int pm4_emit_set_sh_reg(struct pm4_ib *ib, enum pm4_reg reg, uint32_t value);

/* SET_SH_REG_INDEX: as SET_SH_REG with INDEX (PM4_SH_INDEX_*). */
size_t pm4_set_sh_reg_index_dw(unsigned n);
int pm4_emit_set_sh_reg_index(struct pm4_ib *ib, enum pm4_reg first, unsigned index,
                              const uint32_t *values, unsigned n);

/* SET_UCONFIG_REG: n consecutive UCONFIG registers from first. */
size_t pm4_set_uconfig_reg_dw(unsigned n);
int pm4_emit_set_uconfig_regs(struct pm4_ib *ib, enum pm4_reg first, const uint32_t *values,
                              unsigned n);

/* DISPATCH_DIRECT: dim workgroups, then the COMPUTE_DISPATCH_INITIATOR value. */
size_t pm4_dispatch_direct_dw(void);
int pm4_emit_dispatch_direct(struct pm4_ib *ib, uint32_t dim_x, uint32_t dim_y, uint32_t dim_z,
                             uint32_t initiator);

/* DISPATCH_INDIRECT (MEC form): {dim_x, dim_y, dim_z} at args_va (4-byte aligned). */
size_t pm4_dispatch_indirect_dw(void);
int pm4_emit_dispatch_indirect(struct pm4_ib *ib, uint64_t args_va, uint32_t initiator);

/* ACQUIRE_MEM (gfx10+ form) over the whole address space with GCR_CNTL from
 * cache (NONE is refused: the packet would do nothing). */
size_t pm4_acquire_mem_dw(void);
int pm4_emit_acquire_mem(struct pm4_ib *ib, enum pm4_cache_action cache);

/* RELEASE_MEM. */
struct pm4_release_mem {
    unsigned event_type;       /* PM4_EVENT_TYPE_* end-of-pipe event */
    enum pm4_cache_action cache;
    unsigned cache_policy;     /* PM4_CACHE_POLICY_* of the data write */
    unsigned data_sel;         /* PM4_DATA_SEL_* */
    unsigned int_sel;          /* PM4_INT_SEL_* */
    uint64_t dst_va;           /* 4-byte aligned for 32-bit data, 8 for 64-bit data / clocks */
    uint64_t data;             /* SEND_32_BIT_LOW: low 32 bits; SEND_64_BIT_DATA: all */
    uint32_t int_ctxid;
};
size_t pm4_release_mem_dw(void);
int pm4_emit_release_mem(struct pm4_ib *ib, const struct pm4_release_mem *rm);

/* EVENT_WRITE without address (e.g. CS_PARTIAL_FLUSH with index
 * PM4_EVENT_INDEX_CS_PARTIAL_FLUSH). */
size_t pm4_event_write_dw(void);
int pm4_emit_event_write(struct pm4_ib *ib, unsigned event_type, unsigned event_index);

/* WRITE_DATA of n dwords.  dst_sel PM4_WD_DST_SEL_MEMORY / _TC_L2: dst is a
 * 4-byte aligned VA; _MEM_MAPPED_REGISTER: dst is the absolute dword address
 * of a table register. */
size_t pm4_write_data_dw(unsigned n);
int pm4_emit_write_data(struct pm4_ib *ib, unsigned dst_sel, uint64_t dst, const uint32_t *data,
                        unsigned n, bool wr_confirm);

/* WAIT_REG_MEM: wait until (*addr & mask) function ref.  mem_space
 * PM4_MEM_SPACE_MEMORY: addr a 4-byte aligned VA; _REGISTER: the absolute
 * dword address of a table register. */
size_t pm4_wait_reg_mem_dw(void);
int pm4_emit_wait_reg_mem(struct pm4_ib *ib, unsigned mem_space, unsigned function, uint64_t addr,
                          uint32_t ref, uint32_t mask, uint32_t poll_interval);

/* COPY_DATA of 32 (or 64, count_64) bits.  src by src_sel (PM4_CD_SRC_SEL_*):
 * a table register's dword address, a VA (4-byte aligned, 8 for 64 bits), the
 * immediate value, or unused (clocks); dst likewise by dst_sel. */
size_t pm4_copy_data_dw(void);
int pm4_emit_copy_data(struct pm4_ib *ib, unsigned src_sel, uint64_t src, unsigned dst_sel,
                       uint64_t dst, bool count_64, bool wr_confirm);

/* DMA_DATA (CP DMA): copy bytes (1..PM4_DMA_DATA_MAX_BYTES) from src to
 * dst_va (src_sel PM4_DMA_SRC_SEL_SRC_ADDR_USING_L2 / _SAS), or fill with the
 * 32-bit src (src_sel PM4_DMA_SRC_SEL_DATA: dst 4-byte aligned, bytes a
 * multiple of 4).  dst_sel PM4_DMA_DST_SEL_*.  cp_sync: later packets wait
 * for the copy. */
size_t pm4_dma_data_dw(void);
int pm4_emit_dma_data(struct pm4_ib *ib, unsigned src_sel, uint64_t src, unsigned dst_sel,
                      uint64_t dst_va, uint32_t bytes, bool cp_sync);

/* INDIRECT_BUFFER: run size_dw (1..PM4_IB_MAX_DW) dwords at va (4-byte
 * aligned), then continue here. */
size_t pm4_indirect_buffer_dw(void);
int pm4_emit_indirect_buffer(struct pm4_ib *ib, uint64_t va, uint32_t size_dw);

/* Chained INDIRECT_BUFFER: end this IB by continuing in the one at va.  Pads
 * with NOPs first so the IB ends on a multiple of align_dw with the chain
 * packet last, then seals the stream (later emitters fail).  Dwords it adds
 * to a stream of cdw dwords: */
size_t pm4_chain_dw(size_t cdw, uint32_t align_dw);
int pm4_emit_chain(struct pm4_ib *ib, uint64_t va, uint32_t size_dw, uint32_t align_dw);

/* NOP of total_dw dwords (1: the one-dword 0xFFFF1000; n: header + n-1
 * ignored zero dwords). */
int pm4_emit_nop(struct pm4_ib *ib, uint32_t total_dw);

/* Pad with one-dword NOPs to a multiple of align_dw (a power of two: the
 * ring's IB size alignment in dwords, 8 on gfx11).  Dwords it adds: */
size_t pm4_pad_dw(size_t cdw, uint32_t align_dw);
int pm4_ib_pad(struct pm4_ib *ib, uint32_t align_dw);

#endif
