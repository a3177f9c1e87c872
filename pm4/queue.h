/*
 * pm4/queue.h — queues, submissions and fences behind amdpm4_queue and
 * amdpm4_fence (include/amdpm4.h).
 *
 * A queue is one amdgpu context on one ring (COMPUTE or DMA).  Commands are
 * recorded into a host-side IB (struct pm4_ib, growable); kernargs, dispatch
 * packets and timestamp slots go straight into "data" buffers (CPU-mapped
 * GTT) so their GPU addresses are known while recording.  Submitting ends
 * the IB with a fence (RELEASE_MEM on compute, an SDMA FENCE on transfer)
 * that writes the submission's serial number into the queue's fence word,
 * copies the IBs (a new one starts when one reaches 2^20 dwords) into an IB
 * buffer and makes one CS ioctl with an IB chunk per IB, a BO_HANDLES chunk
 * (every buffer the submission uses, deduplicated) and optionally a
 * DEPENDENCIES chunk.
 *
 * Within an IB the CP keeps SH registers from one dispatch to the next: a
 * dispatch writes only what its IB does not hold yet (pm4_emit_launch with
 * the queue's pm4_dispatch_state), and the state is reset at every
 * submission, every new IB and after raw packets.  A dispatch of a kernel
 * already set up is its changed user SGPRs and DISPATCH_DIRECT.
 *
 * Every submission has a record (struct amdpm4_fence, also the fence handed
 * to the user) holding its IB and data buffers until it retires.  Records
 * retire in submission order once the fence word has reached their serial
 * (no ioctl) or the kernel says they finished; their buffers go back to the
 * queue's pool (power-of-two size classes), and a record the user has
 * released goes back to the record free list.  After warm-up nothing is
 * allocated per submission.
 */
#ifndef AMDPM4_PM4_QUEUE_H
#define AMDPM4_PM4_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <amdgpu.h>
#include <amdgpu_drm.h>

#include "amdpm4.h"
#include "bo/device.h"
#include "pm4/pm4_ib.h"
#include "pm4/pm4_seq.h"

/* Pool buffers are 16 KiB << class, class 0..PM4_POOL_CLASSES-1 (16 KiB .. 64 MiB). */
#define PM4_POOL_MIN_BYTES (16u << 10)
#define PM4_POOL_CLASSES 13u
/* Data buffers are at least this large (many dispatches' kernargs each). */
#define PM4_DATA_BLOCK_BYTES (64u << 10)
/* HSA kernel dispatch packet (the dispatch_ptr user SGPRs point at one). */
#define PM4_AQL_PACKET_BYTES 64u
/* Alignment of each kernarg segment in a data buffer. */
#define PM4_KERNARG_ALIGN_BYTES 64u
/* IBs one submission may carry (one CS IB chunk each, up to PM4_IB_MAX_DW
 * dwords each).  The kernel emits every IB of a job into the ring in one
 * frame, which has room for a few dozen; 8 keeps well inside it. */
#define PM4_QUEUE_MAX_IBS 8u
/* Start of each IB in the IB buffer (the strictest IB start alignment:
 * SDMA's 256 bytes, amdgpu_kms.c). */
#define PM4_IB_START_ALIGN_BYTES 256u

struct pm4_pool_buf {
    struct amdpm4_bo *bo;
    uint8_t *cpu;
    unsigned size_class;
    struct pm4_pool_buf *next;         /* free list, or the record's list */
};

enum pm4_fence_state {
    PM4_FENCE_RECORDING,               /* the queue's open submission */
    PM4_FENCE_IN_FLIGHT,
    PM4_FENCE_DONE,
    PM4_FENCE_FAILED,
};

struct amdpm4_fence {
    struct amdpm4_queue *q;
    enum pm4_fence_state state;
    int error;                         /* FAILED: the negative errno */
    bool held;                         /* the user holds it (not yet released) */
    bool retired;                      /* buffers returned, timestamps copied */
    uint64_t serial;                   /* 1, 2, ... on its queue */
    uint64_t seq;                      /* the kernel's sequence number */
    struct pm4_pool_buf *ib;           /* its IB buffer */
    struct pm4_pool_buf *data;         /* its data buffers (list) */
    uint32_t dispatches;
    const struct amdpm4_kernel *last_kernel;
    char last_kernel_name[64];         /* copied at submit: programs may go away */
    /* timestamps: where the GPU writes them, then (retired) their values */
    unsigned ts_count, ts_cap;
    const volatile uint64_t **ts_src;
    uint64_t *ts;
    char errmsg[1024];                 /* FAILED: the full message */
    struct amdpm4_fence *next;         /* in-flight list or free list */
    struct amdpm4_fence *all_next;     /* every record of the queue (destroy) */
};

struct pm4_pool {
    struct pm4_pool_buf *free[PM4_POOL_CLASSES];
    uint32_t ib_created, data_created;
    uint64_t bytes;
};

struct amdpm4_queue {
    struct bo_link link;               /* in dev->queues */
    amdpm4_device *dev;
    enum amdpm4_queue_kind kind;
    unsigned id;
    bool internal;                     /* the device's staging queue */
    amdgpu_context_handle ctx;
    uint32_t ctx_id;                   /* the kernel's id of ctx */
    uint32_t ip_type, ring;
    uint32_t ib_align_dw;              /* IB size granule */

    /* the fence word: the serial of the last finished submission */
    struct amdpm4_bo *fence_bo;
    volatile uint32_t *fence_cpu;

    /* the open submission */
    struct amdpm4_fence *cur;
    struct pm4_ib ib;                  /* its IBs, one after the other */
    struct pm4_dispatch_state dstate;  /* SH registers the IB being written has set */
    uint32_t barrier[PM4_BARRIER_DW];  /* compute: pm4_emit_barrier's packets, emitted once */
    size_t ib_start[PM4_QUEUE_MAX_IBS]; /* dword where each IB begins in ib */
    unsigned ib_count;
    struct pm4_pool_buf *data_cur;     /* data buffer being filled */
    uint64_t data_off;
    struct drm_amdgpu_bo_list_entry *bos;
    unsigned bo_count, bo_cap;
    uint32_t *set_key, *set_gen;       /* open-addressing set of listed GEM handles */
    unsigned set_cap;
    uint32_t gen;
    struct drm_amdgpu_cs_chunk_dep *deps;
    unsigned dep_count, dep_cap;

    uint64_t submitted;                /* serial of the last submission */
    uint64_t dispatch_id;              /* next dispatch id (dispatch_id user SGPRs) */
    struct amdpm4_fence *fly_head, *fly_tail;   /* in flight, oldest first */
    unsigned in_flight;
    struct amdpm4_fence *free_fences;
    struct amdpm4_fence *all_fences;
    uint32_t fences_created;
    struct pm4_pool pool;

    /* after a hang or fault */
    bool lost;
    uint64_t lost_serial;
    char lost_msg[2048];
};

static inline amdpm4_queue *pm4_queue_from_link(struct bo_link *l)
{
    return (amdpm4_queue *)((char *)l - offsetof(amdpm4_queue, link));
}

/* "compute" / "transfer". */
const char *pm4_queue_kind_name(enum amdpm4_queue_kind kind);

/* An internal queue (the device's staging path): not counted among the
 * user's queues in messages, destroyed by bo_staging_fini. */
int pm4_queue_create_internal(amdpm4_device *dev, enum amdpm4_queue_kind kind,
                              amdpm4_queue **out);

/* ---------------------------------------------------------------- pools (pm4/queue_pool.c) */

/* A buffer of at least bytes from the pool (creating one if the class is
 * empty); is_ib says which counter grows.  Returns 0 or a negative errno. */
int pm4_pool_get(amdpm4_queue *q, uint64_t bytes, bool is_ib, struct pm4_pool_buf **out);
void pm4_pool_put(amdpm4_queue *q, struct pm4_pool_buf *b);
void pm4_pool_fini(amdpm4_queue *q);

/* Fence records: a new (or recycled) one; its IB and data buffers back to
 * the pool; the record back to the free list. */
struct amdpm4_fence *pm4_fence_new(amdpm4_queue *q);
void pm4_fence_return_buffers(struct amdpm4_fence *f);
void pm4_fence_recycle(struct amdpm4_fence *f);

/* ---------------------------------------------------------------- fences (pm4/queue_fence.c) */

/* Retire every in-flight submission whose fence word has passed (no ioctl). */
void pm4_queue_collect(amdpm4_queue *q);

/* Bring f's state up to date waiting up to timeout_ns (0: just look).
 * Returns 0 (finished), -ETIMEDOUT (running) or the failure. */
int pm4_fence_check(struct amdpm4_fence *f, uint64_t timeout_ns);

/* Ask the kernel about every in-flight submission (no waiting), recording
 * failures; then retire what finished. */
void pm4_queue_probe(amdpm4_queue *q);

/* Wait for every submission of q (destroy); failures are not reported. */
void pm4_queue_drain(amdpm4_queue *q);

/* The libdrm fence of a submission. */
void pm4_fence_cs(const struct amdpm4_fence *f, struct amdgpu_cs_fence *out);

#endif
