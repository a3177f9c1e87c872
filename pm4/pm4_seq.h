/*
 * pm4/pm4_seq.h — the packet sequences a compute queue is made of: a complete
 * wave32 dispatch, a barrier and a fence.  They are separate so a caller
 * batches many dispatches into one IB with barriers only where a dispatch
 * reads what an earlier one wrote, and one fence at the end.
 *
 * A typical IB:  barrier (caches see fresh uploads) · dispatch · dispatch ·
 * barrier · dispatch · fence · pad.
 *
 * Each sequence reports its size in dwords (pm4_dispatch_dw: 0 for a dispatch
 * that would be refused).  Bad input is refused with -EINVAL and a message
 * (the stream's sticky error; nothing is written).
 */
#ifndef AMDPM4_PM4_PM4_SEQ_H
#define AMDPM4_PM4_PM4_SEQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pm4/pm4_ib.h"

/* Limits the dispatch enforces. */
#define PM4_MAX_BLOCK_ITEMS 1024u   /* work-items per workgroup */
#define PM4_MAX_USER_SGPRS 16u      /* COMPUTE_USER_DATA_0..15 */
#define PM4_MAX_LDS_BYTES 65536u    /* LDS per workgroup on gfx11 */
#define PM4_CODE_ALIGN_BYTES 256u   /* COMPUTE_PGM_LO/HI hold VA >> 8 */
#define PM4_SCRATCH_ALIGN_BYTES 256u /* COMPUTE_DISPATCH_SCRATCH_BASE holds VA >> 8 */
#define PM4_LDS_GRANULE_BYTES 512u  /* RSRC2.LDS_SIZE unit on gfx11 compute (LLVM AMDGPUUsage) */

struct pm4_dispatch {
    uint64_t code_va;          /* kernel entry, 256-byte aligned, below 2^48 */
    uint32_t rsrc1, rsrc2, rsrc3; /* COMPUTE_PGM_RSRC1/2/3 from the kernel descriptor */
    uint32_t lds_bytes;        /* LDS per workgroup (0..64 KiB); RSRC2.LDS_SIZE is raised to hold it */
    uint32_t tmpring_size;     /* COMPUTE_TMPRING_SIZE (0: no scratch) */
    uint64_t scratch_va;       /* scratch base, 256-byte aligned; 0 with no scratch */
    const uint32_t *user_sgprs; /* COMPUTE_USER_DATA_0.. values (s0..); count must equal RSRC2.USER_SGPR */
    unsigned num_user_sgprs;
    uint32_t grid[3];          /* workgroups in X, Y, Z (each >= 1) */
    uint32_t block[3];         /* work-items per workgroup (each >= 1, product <= 1024) */
    uint32_t last_block[3];    /* work-items in the last, partial workgroup of each dimension;
                                  0 = the last workgroup is full */
};

/* COMPUTE_DISPATCH_INITIATOR of a dispatch: COMPUTE_SHADER_EN |
 * FORCE_START_AT_000 | ORDER_MODE | CS_W32_EN, plus PARTIAL_TG_EN when a
 * last workgroup is partial (as radeonsi si_compute.c). */
uint32_t pm4_dispatch_initiator(bool partial);

/*
 * The complete wave32 dispatch, every register it depends on written (no
 * state carried over from earlier IBs):
 *   COMPUTE_REQ_CTRL, COMPUTE_USER_ACCUM_0..3 = 0          (libdrm dispatch_init_gfx11)
 *   COMPUTE_STATIC_THREAD_MGMT_SE0..7 = all CUs, SET_SH_REG_INDEX
 *     APPLY_KMD_CU_AND_MASK                                (libdrm write_cumask)
 *   COMPUTE_PGM_LO/HI, COMPUTE_PGM_RSRC1/2, COMPUTE_PGM_RSRC3,
 *   COMPUTE_TMPRING_SIZE, COMPUTE_DISPATCH_SCRATCH_BASE_LO/HI,
 *   COMPUTE_RESTART_X..Z = 0, COMPUTE_USER_DATA_0.., COMPUTE_RESOURCE_LIMITS = 0,
 *   COMPUTE_START_X..Z = 0 + COMPUTE_NUM_THREAD_X..Z, DISPATCH_DIRECT
 *                                                          (tinygrad AMDComputeQueue.exec order)
 */
size_t pm4_dispatch_dw(const struct pm4_dispatch *d);
int pm4_emit_dispatch(struct pm4_ib *ib, const struct pm4_dispatch *d);

/* Wait for prior dispatches (EVENT_WRITE CS_PARTIAL_FLUSH), then write back
 * and invalidate every cache (ACQUIRE_MEM, GCR_CNTL 0xC3F1 as tinygrad's
 * acquire_mem): later dispatches see earlier results and fresh uploads. */
size_t pm4_barrier_dw(void);
int pm4_emit_barrier(struct pm4_ib *ib);

struct pm4_fence {
    uint64_t va;               /* where the value lands (4-byte aligned, 8 for 64-bit) */
    uint64_t value;
    bool value_64;             /* write 64 bits (else the low 32) */
    uint64_t timestamp_va;     /* 8-byte aligned: also write the GPU clock there first; 0 = no */
};

/* When all prior work is done: optionally the GPU clock at bottom of pipe
 * (RELEASE_MEM BOTTOM_OF_PIPE_TS, GPU clock), then write back the caches
 * and write the value (RELEASE_MEM CACHE_FLUSH_AND_INV_TS_EVENT with GL2/GLM
 * write-back, cache policy BYPASS, as Linux gfx_v11_0_ring_emit_fence).  A CPU
 * that sees the value sees the results and the timestamp. */
size_t pm4_fence_dw(const struct pm4_fence *f);
int pm4_emit_fence(struct pm4_ib *ib, const struct pm4_fence *f);

#endif
