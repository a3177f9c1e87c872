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

/* What a dispatch takes from its kernel: the same for all its dispatches. */
struct pm4_kernel_desc {
    uint64_t code_va;          /* kernel entry, 256-byte aligned, below 2^48 */
    uint32_t rsrc1, rsrc2, rsrc3; /* COMPUTE_PGM_RSRC1/2/3 from the kernel descriptor */
    uint32_t tmpring_size;     /* COMPUTE_TMPRING_SIZE (0: no scratch) */
    uint64_t scratch_va;       /* scratch base, 256-byte aligned; 0 with no scratch */
};

/* What changes from one dispatch of a kernel to the next. */
struct pm4_launch {
    uint32_t lds_bytes;        /* LDS per workgroup (0..64 KiB); RSRC2.LDS_SIZE is raised to hold it */
    const uint32_t *user_sgprs; /* COMPUTE_USER_DATA_0.. values (s0..); count must equal RSRC2.USER_SGPR */
    unsigned num_user_sgprs;
    uint32_t grid[3];          /* workgroups in X, Y, Z (each >= 1) */
    uint32_t block[3];         /* work-items per workgroup (each >= 1, product <= 1024) */
    uint32_t last_block[3];    /* work-items in the last, partial workgroup of each dimension;
                                  0 = the last workgroup is full */
};

struct pm4_dispatch {
    struct pm4_kernel_desc kernel;
    struct pm4_launch launch;
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
 * It is pm4_emit_launch from a reset pm4_dispatch_state.
 */
size_t pm4_dispatch_dw(const struct pm4_dispatch *d);
int pm4_emit_dispatch(struct pm4_ib *ib, const struct pm4_dispatch *d);

/* ---------------------------------------------------------------- dispatches within one IB */

/* Dwords of a kernel's register block: SET_SH_REG of COMPUTE_PGM_LO/HI,
 * RSRC1/2, RSRC3, TMPRING_SIZE, DISPATCH_SCRATCH_BASE_LO/HI (five packets
 * of header + REG_OFFSET + 8 values; building the block asserts it). */
#define PM4_KERNEL_BLOCK_DW 18u

/* A kernel's part of every dispatch, checked and encoded once (when the
 * kernel is loaded): a dispatch copies the block and patches RSRC2's LDS. */
struct pm4_kernel_regs {
    uint64_t id;               /* unique in the process, never 0 */
    uint32_t rsrc2;            /* the descriptor's COMPUTE_PGM_RSRC2 */
    unsigned num_user_sgprs;   /* RSRC2.USER_SGPR (<= PM4_MAX_USER_SGPRS) */
    unsigned rsrc2_dw;         /* where RSRC2's value sits in block */
    size_t full_dw;            /* a dispatch from a reset state: the most one takes */
    uint32_t initiator[2];     /* pm4_dispatch_initiator(false / true) */
    uint32_t block[PM4_KERNEL_BLOCK_DW];
};

/* Check k (code and scratch alignment and range, RSRC2's user SGPRs and
 * LDS) and encode its block.  0, or -EINVAL with the reason in why (if not
 * NULL; the thread's message is left alone). */
int pm4_kernel_regs_init(struct pm4_kernel_regs *kr, const struct pm4_kernel_desc *k, char *why,
                         size_t why_bytes);

/*
 * What the SH registers hold within one IB, as far as dispatches wrote
 * them.  The CP keeps SH registers from one dispatch to the next, so a
 * dispatch writes only what differs: the kernel-independent registers once
 * per IB, a kernel's block when the kernel (or its RSRC2 LDS size) changes,
 * the user SGPRs that differ, NUM_THREAD when the block shape changes, then
 * DISPATCH_DIRECT.  Nothing is assumed across IBs: reset the state at the
 * start of every IB and after anything else that may write SH registers
 * (raw packets).
 */
struct pm4_dispatch_state {
    bool fixed_set;            /* the kernel-independent registers are written */
    bool threads_set;          /* num_thread[] is written */
    uint64_t kernel_id;        /* the kernel block written (0: none) */
    uint32_t rsrc2;            /* COMPUTE_PGM_RSRC2 as written with it */
    unsigned user_sgprs_set;   /* COMPUTE_USER_DATA_0..user_sgprs_set-1 hold user_sgprs[] */
    uint32_t user_sgprs[PM4_MAX_USER_SGPRS];
    uint32_t num_thread[3];    /* COMPUTE_NUM_THREAD_X..Z */
};

void pm4_dispatch_state_reset(struct pm4_dispatch_state *st);

/* One dispatch of kernel kr with launch l, writing what st says is not yet
 * in the registers; st follows only when everything was emitted (on a
 * refusal or a full stream it is unchanged).  Takes at most kr->full_dw. */
int pm4_emit_launch(struct pm4_ib *ib, struct pm4_dispatch_state *st,
                    const struct pm4_kernel_regs *kr, const struct pm4_launch *l);

/* Wait for prior dispatches (EVENT_WRITE CS_PARTIAL_FLUSH), then write back
 * and invalidate every cache (ACQUIRE_MEM, GCR_CNTL 0xC3F1 as tinygrad's
 * acquire_mem): later dispatches see earlier results and fresh uploads. */
size_t pm4_barrier_dw(void);
/* The same as a constant (a barrier never changes: queues emit it once and
 * copy it), from the packets' body sizes. */
#define PM4_BARRIER_DW (2u + PM4_BODY_MIN_EVENT_WRITE + PM4_BODY_MIN_ACQUIRE_MEM)
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
