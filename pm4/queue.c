/*
 * pm4/queue.c — queues: creation, recording (dispatches, barriers,
 * timestamps, copies, fills, raw packets, cross-queue waits) and submission
 * with one CS ioctl.  See pm4/queue.h for the design.
 */
#include "pm4/queue.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bo/bo.h"
#include "bo/program.h"
#include "pm4/log.h"
#include "pm4/pm4_seq.h"
#include "pm4/sdma_emit.h"

/* SDMA IBs are padded to 8 dwords (Linux sdma_v6_0_ring_pad_ib). */
#define PM4_SDMA_IB_ALIGN_DW 8u
/* Timestamp slots: 64-bit values, 8-byte aligned for RELEASE_MEM, COPY_DATA
 * and the SDMA TIMESTAMP packet; 32 bytes keeps each in its own L2 sector. */
#define PM4_TIMESTAMP_ALIGN_BYTES 32u
/* The fence word's buffer: one page of GTT. */
#define PM4_FENCE_BUF_BYTES 4096u

/* HSA kernel dispatch packet (hsa_kernel_dispatch_packet_t, HSA Runtime
 * Specification 1.2 §2.8): the header's packet type and fence scopes. */
#define HSA_PACKET_TYPE_KERNEL_DISPATCH 2u
#define HSA_PACKET_HEADER_ACQUIRE_SCOPE_SHIFT 9u
#define HSA_PACKET_HEADER_RELEASE_SCOPE_SHIFT 11u
#define HSA_FENCE_SCOPE_SYSTEM 2u

struct hsa_dispatch_packet {
    uint16_t header;
    uint16_t setup;                    /* dimensions [1:0] */
    uint16_t workgroup_size[3];
    uint16_t reserved0;
    uint32_t grid_size[3];             /* work-items */
    uint32_t private_segment_size;
    uint32_t group_segment_size;
    uint64_t kernel_object;            /* the kernel descriptor's VA */
    uint64_t kernarg_address;
    uint64_t reserved2;
    uint64_t completion_signal;
};
_Static_assert(sizeof(struct hsa_dispatch_packet) == PM4_AQL_PACKET_BYTES,
               "the HSA kernel dispatch packet is 64 bytes");

const char *pm4_queue_kind_name(enum amdpm4_queue_kind kind)
{
    return kind == AMDPM4_QUEUE_COMPUTE ? "compute" : "transfer";
}

/* A new message, prefixed "compute queue 3: ". */
static int qerr(const amdpm4_queue *q, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int qerr(const amdpm4_queue *q, int err, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return amdpm4_seterr(err, "%s queue %u: %s", pm4_queue_kind_name(q->kind), q->id, msg);
}

/* The thread's current message, prefixed "compute queue 3: <what>". */
static int qctx(const amdpm4_queue *q, int err, const char *what)
{
    return amdpm4_adderr(err, "%s queue %u: %s", pm4_queue_kind_name(q->kind), q->id, what);
}

/* ---------------------------------------------------------------- create / destroy */

static int queue_create(amdpm4_device *dev, enum amdpm4_queue_kind kind, bool internal,
                        amdpm4_queue **out)
{
    const struct bo_ip_rings *rings;
    struct amdgpu_cs_fence cf;
    struct drm_amdgpu_cs_chunk_dep dep;
    unsigned nrings, pick;
    amdpm4_queue *q;
    int ret;

    if (!dev || !out)
        return amdpm4_seterr(-EINVAL, "amdpm4_queue_create: NULL argument");
    *out = NULL;
    if (kind != AMDPM4_QUEUE_COMPUTE && kind != AMDPM4_QUEUE_TRANSFER)
        return amdpm4_seterr(-EINVAL, "amdpm4_queue_create: kind %d is neither compute nor "
                             "transfer", (int)kind);
    q = calloc(1, sizeof(*q));
    if (!q)
        return amdpm4_seterr(-ENOMEM, "no memory for a queue");
    q->dev = dev;
    q->kind = kind;
    q->internal = internal;
    bo_link_init(&q->link);
    pthread_mutex_lock(&dev->lock);
    q->id = dev->next_queue_id++;
    pthread_mutex_unlock(&dev->lock);

    /* Spread queues over the rings the kernel offers, so that two compute
     * queues can run side by side. */
    rings = kind == AMDPM4_QUEUE_COMPUTE ? &dev->compute : &dev->dma;
    q->ip_type = kind == AMDPM4_QUEUE_COMPUTE ? AMDGPU_HW_IP_COMPUTE : AMDGPU_HW_IP_DMA;
    nrings = (unsigned)__builtin_popcount(rings->available_mask);
    pick = q->id % nrings;
    for (q->ring = 0; q->ring < 32; q->ring++)
        if ((rings->available_mask >> q->ring & 1) && pick-- == 0)
            break;
    q->ib_align_dw = rings->ib_size_align_dw;
    if (kind == AMDPM4_QUEUE_TRANSFER && q->ib_align_dw < PM4_SDMA_IB_ALIGN_DW)
        q->ib_align_dw = PM4_SDMA_IB_ALIGN_DW;

    ret = amdgpu_cs_ctx_create(dev->adev, &q->ctx);
    if (ret) {
        q->ctx = NULL;
        ret = qerr(q, ret, "amdgpu_cs_ctx_create failed: %s", strerror(-ret));
        goto fail;
    }
    /* libdrm keeps the kernel's context id private; a dependency built from
     * a fence of the context carries it (the simulator's queries need it). */
    memset(&cf, 0, sizeof(cf));
    cf.context = q->ctx;
    amdgpu_cs_chunk_fence_to_dep(&cf, &dep);
    q->ctx_id = dep.ctx_id;
    if (kind == AMDPM4_QUEUE_COMPUTE) {
        struct pm4_ib b;

        pm4_ib_init_fixed(&b, q->barrier, PM4_BARRIER_DW);
        pm4_emit_barrier(&b);
        /* constant packets: nothing to refuse */
        assert(!b.err && b.cdw == PM4_BARRIER_DW && pm4_barrier_dw() == PM4_BARRIER_DW);
    }
    ret = pm4_ib_init(&q->ib, 0);
    if (ret)
        goto fail;
    q->ib.limit_dw = (size_t)PM4_QUEUE_MAX_IBS * PM4_IB_MAX_DW;   /* each IB is checked */
    ret = amdpm4_bo_alloc(dev, PM4_FENCE_BUF_BYTES, AMDPM4_GTT, &q->fence_bo);
    if (ret) {
        qctx(q, ret, "its fence buffer: ");
        goto fail;
    }
    q->fence_cpu = q->fence_bo->cpu;
    pthread_mutex_lock(&dev->lock);
    bo_link_add(&dev->queues, &q->link);
    pthread_mutex_unlock(&dev->lock);
    *out = q;
    return 0;

fail:
    pm4_ib_fini(&q->ib);
    if (q->ctx)
        amdgpu_cs_ctx_free(q->ctx);
    free(q);
    return ret;
}

int amdpm4_queue_create(amdpm4_device *dev, enum amdpm4_queue_kind kind, amdpm4_queue **out)
{
    return queue_create(dev, kind, false, out);
}

int pm4_queue_create_internal(amdpm4_device *dev, enum amdpm4_queue_kind kind,
                              amdpm4_queue **out)
{
    return queue_create(dev, kind, true, out);
}

/* Drop the open submission: its buffers go back to the pool. */
static void discard_recording(amdpm4_queue *q)
{
    struct amdpm4_fence *r = q->cur;

    q->cur = NULL;
    q->data_cur = NULL;
    q->bo_count = 0;
    q->gen++;
    pm4_ib_reset(&q->ib);
    if (!r)
        return;
    r->retired = true;
    r->held = false;
    pm4_fence_return_buffers(r);
    pm4_fence_recycle(r);
}

void amdpm4_queue_destroy(amdpm4_queue *q)
{
    amdpm4_device *dev;

    if (!q)
        return;
    dev = q->dev;
    discard_recording(q);
    pm4_queue_drain(q);
    pm4_pool_fini(q);
    pthread_mutex_lock(&dev->lock);
    bo_link_del(&q->link);
    pthread_mutex_unlock(&dev->lock);
    amdpm4_bo_free(q->fence_bo);
    amdgpu_cs_ctx_free(q->ctx);
    pm4_ib_fini(&q->ib);
    free(q->bos);
    free(q->set_key);
    free(q->set_gen);
    free(q->deps);
    free(q);
}

unsigned amdpm4_queue_id(const amdpm4_queue *q)
{
    return q ? q->id : 0;
}

uint64_t amdpm4_queue_submissions(const amdpm4_queue *q)
{
    return q ? q->submitted : 0;
}

int amdpm4_queue_pool_stats(const amdpm4_queue *q, struct amdpm4_queue_pool_stats *stats)
{
    if (!q || !stats)
        return amdpm4_seterr(-EINVAL, "amdpm4_queue_pool_stats: NULL argument");
    memset(stats, 0, sizeof(*stats));
    stats->ib_buffers = q->pool.ib_created;
    stats->data_buffers = q->pool.data_created;
    stats->fences = q->fences_created;
    stats->pool_bytes = q->pool.bytes;
    stats->in_flight = q->in_flight;
    return 0;
}

/* ---------------------------------------------------------------- the buffer list */

static int grow(void **p, unsigned *cap, unsigned need, size_t elem)
{
    unsigned n = *cap ? *cap : 16;
    void *np;

    if (need <= *cap)
        return 0;
    while (n < need)
        n *= 2;
    np = realloc(*p, (size_t)n * elem);
    if (!np)
        return -ENOMEM;
    *p = np;
    *cap = n;
    return 0;
}

static unsigned set_slot(const amdpm4_queue *q, uint32_t key)
{
    return (key * 2654435761u) & (q->set_cap - 1);   /* Knuth's multiplicative hash */
}

/* Rebuild the set at twice the size from the list. */
static int set_grow(amdpm4_queue *q)
{
    unsigned cap = q->set_cap ? q->set_cap * 2 : 64;
    uint32_t *key = calloc(cap, sizeof(*key)), *gen = calloc(cap, sizeof(*gen));

    if (!key || !gen) {
        free(key);
        free(gen);
        return -ENOMEM;
    }
    free(q->set_key);
    free(q->set_gen);
    q->set_key = key;
    q->set_gen = gen;
    q->set_cap = cap;
    for (unsigned i = 0; i < q->bo_count; i++) {
        unsigned s = set_slot(q, q->bos[i].bo_handle);

        while (q->set_gen[s] == q->gen)
            s = (s + 1) & (cap - 1);
        q->set_key[s] = q->bos[i].bo_handle;
        q->set_gen[s] = q->gen;
    }
    return 0;
}

/* Add a buffer to the open submission's BO list (once). */
static int list_bo(amdpm4_queue *q, const amdpm4_bo *bo)
{
    uint32_t key = bo->kms_handle;
    unsigned s;

    if ((q->bo_count + 1) * 2 > q->set_cap && set_grow(q))
        return qerr(q, -ENOMEM, "no memory for the submission's buffer list");
    for (s = set_slot(q, key); q->set_gen[s] == q->gen; s = (s + 1) & (q->set_cap - 1))
        if (q->set_key[s] == key)
            return 0;
    if (grow((void **)&q->bos, &q->bo_cap, q->bo_count + 1, sizeof(*q->bos)))
        return qerr(q, -ENOMEM, "no memory for the submission's buffer list");
    q->set_key[s] = key;
    q->set_gen[s] = q->gen;
    q->bos[q->bo_count].bo_handle = key;
    q->bos[q->bo_count].bo_priority = 0;
    q->bo_count++;
    return 0;
}

/* A caller's buffer list: an array of count buffers of this device. */
static int check_bos(amdpm4_queue *q, amdpm4_bo *const *bos, unsigned count)
{
    if (count && !bos)
        return qerr(q, -EINVAL, "%u buffers given but no array", count);
    for (unsigned i = 0; i < count; i++) {
        if (!bos[i])
            return qerr(q, -EINVAL, "buffer %u of the list is NULL", i);
        if (bos[i]->dev != q->dev)
            return qerr(q, -EINVAL, "buffer %u of the list belongs to another device", i);
    }
    return 0;
}

/* List a checked caller's list. */
static int list_bos(amdpm4_queue *q, amdpm4_bo *const *bos, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        int ret = list_bo(q, bos[i]);

        if (ret)
            return ret;
    }
    return 0;
}

/* ---------------------------------------------------------------- recording */

/* Open a submission if none is open. */
static int begin(amdpm4_queue *q)
{
    struct amdpm4_fence *r;

    if (q->lost)
        return amdpm4_seterr(-ECANCELED, "%s", q->lost_msg);
    if (q->cur)
        return 0;
    pm4_queue_collect(q);
    r = pm4_fence_new(q);
    if (!r)
        return qerr(q, -ENOMEM, "no memory for a submission record");
    r->state = PM4_FENCE_RECORDING;
    q->cur = r;
    q->data_cur = NULL;
    q->bo_count = 0;
    if (!++q->gen) {   /* after 2^32 submissions: clear the stamps once */
        if (q->set_gen)
            memset(q->set_gen, 0, q->set_cap * sizeof(*q->set_gen));
        q->gen = 1;
    }
    pm4_ib_reset(&q->ib);
    pm4_dispatch_state_reset(&q->dstate);
    q->ib_start[0] = 0;
    q->ib_count = 1;
    return list_bo(q, q->fence_bo);
}

/* Dwords the end of a submission needs (fence, padding). */
static size_t tail_dw(const amdpm4_queue *q)
{
    struct pm4_fence f = {0};

    return (q->kind == AMDPM4_QUEUE_COMPUTE ? pm4_fence_dw(&f) : sdma_fence_dw()) +
           q->ib_align_dw;
}

/* Pad the IB being written to the ring's size granule. */
static int pad_ib(amdpm4_queue *q)
{
    return q->kind == AMDPM4_QUEUE_COMPUTE ? pm4_ib_pad(&q->ib, q->ib_align_dw)
                                           : sdma_ib_pad(&q->ib, q->ib_align_dw);
}

/* Room for a command of need_dw dwords (and the submission's tail) in the
 * IB being written; when it is full, the submission continues in a new IB. */
static int ib_room(amdpm4_queue *q, size_t need_dw)
{
    size_t in_ib = q->ib.cdw - q->ib_start[q->ib_count - 1];

    if (in_ib + need_dw + tail_dw(q) <= PM4_IB_MAX_DW)
        return 0;
    if (need_dw + tail_dw(q) > PM4_IB_MAX_DW)
        return qerr(q, -E2BIG, "a command of %zu dwords does not fit one IB (%u dwords)",
                    need_dw, PM4_IB_MAX_DW);
    if (q->ib_count == PM4_QUEUE_MAX_IBS)
        return qerr(q, -E2BIG, "submission full: %u IBs of up to %u dwords; submit and record "
                    "the rest in another submission", PM4_QUEUE_MAX_IBS, PM4_IB_MAX_DW);
    if (pad_ib(q))
        return qctx(q, pm4_ib_finish(&q->ib), "");
    q->ib_start[q->ib_count++] = q->ib.cdw;
    /* the new IB assumes nothing of the registers */
    pm4_dispatch_state_reset(&q->dstate);
    return 0;
}

/* Undo a refused emission: the stream goes back to cdw, without error. */
static int ib_rollback(amdpm4_queue *q, size_t cdw)
{
    int err = pm4_ib_finish(&q->ib);

    q->ib.cdw = cdw;
    q->ib.err = 0;
    q->ib.sealed = false;
    q->ib.errmsg[0] = '\0';
    return qctx(q, err, "");
}

/* bytes of data memory (align a power of two <= PM4_POOL_MIN_BYTES) for
 * the open submission. */
static int data_alloc(amdpm4_queue *q, uint64_t bytes, uint64_t align, uint8_t **cpu,
                      uint64_t *va)
{
    struct pm4_pool_buf *b = q->data_cur;
    uint64_t off = (q->data_off + align - 1) & ~(align - 1);
    int ret;

    if (!b || off > b->bo->alloc_bytes || bytes > b->bo->alloc_bytes - off) {
        ret = pm4_pool_get(q, bytes > PM4_DATA_BLOCK_BYTES ? bytes : PM4_DATA_BLOCK_BYTES, false,
                           &b);
        if (ret)
            return qctx(q, ret, "data buffer: ");
        b->next = q->cur->data;
        q->cur->data = b;
        q->data_cur = b;
        off = 0;
        if ((ret = list_bo(q, b->bo)))
            return ret;
    }
    *cpu = b->cpu + off;
    *va = b->bo->va + off;
    q->data_off = off + bytes;
    return 0;
}

static int need_kind(amdpm4_queue *q, enum amdpm4_queue_kind kind, const char *what)
{
    if (q->kind != kind)
        return qerr(q, -EINVAL, "%s needs a %s queue", what, pm4_queue_kind_name(kind));
    return 0;
}

/* Check a dispatch against its kernel; the LDS it needs (static + dynamic)
 * into *lds_bytes. */
static int check_dispatch(amdpm4_queue *q, const struct amdpm4_dispatch *d, uint32_t *lds_bytes)
{
    const struct amdpm4_kernel *k = d->kernel;
    uint64_t items = 1;
    int ret;

    if (!k)
        return qerr(q, -EINVAL, "dispatch without a kernel");
    if (k->prog->dev != q->dev)
        return qerr(q, -EINVAL, "kernel %s belongs to another device", k->isa->name);
    if (k->unsupported)
        return qerr(q, -ENOTSUP, "kernel %s cannot be launched: %s", k->isa->name,
                    k->unsupported);
    if (k->refused[0])
        return qerr(q, -EINVAL, "kernel %s cannot be launched: %s", k->isa->name, k->refused);
    for (int i = 0; i < 3; i++) {
        if (!d->grid[i] || !d->block[i])
            return qerr(q, -EINVAL, "kernel %s: grid %u×%u×%u workgroups of %u×%u×%u work-items "
                        "has a zero dimension (use 1)", k->isa->name, d->grid[0], d->grid[1],
                        d->grid[2], d->block[0], d->block[1], d->block[2]);
        items *= d->block[i];
    }
    if (items > k->max_workgroup_items)
        return qerr(q, -EINVAL, "kernel %s: a block of %u×%u×%u = %" PRIu64 " work-items exceeds "
                    "its %u", k->isa->name, d->block[0], d->block[1], d->block[2], items,
                    k->max_workgroup_items);
    if (d->kernarg_bytes != k->di.kernarg_bytes)
        return qerr(q, -EINVAL, "kernel %s takes %u bytes of kernargs, %u given", k->isa->name,
                    k->di.kernarg_bytes, d->kernarg_bytes);
    if (d->kernarg_bytes && !d->kernarg)
        return qerr(q, -EINVAL, "kernel %s: %u bytes of kernargs but no pointer", k->isa->name,
                    d->kernarg_bytes);
    if ((ret = check_bos(q, d->bos, d->bo_count)))
        return ret;
    *lds_bytes = k->di.lds_bytes;
    if (d->dynamic_lds_bytes) {
        struct isa_dispatch_info di;

        /* the code object's reader adds and checks the LDS */
        if ((ret = isa_kernel_dispatch_info(k->isa, d->dynamic_lds_bytes, &di)))
            return qctx(q, ret, "");
        *lds_bytes = di.lds_bytes;
    }
    return 0;
}

/* Number of dimensions of the launch, for the dispatch packet. */
static uint16_t dims(const struct amdpm4_dispatch *d)
{
    if (d->grid[2] > 1 || d->block[2] > 1)
        return 3;
    return d->grid[1] > 1 || d->block[1] > 1 ? 2 : 1;
}

/* Write the HSA dispatch packet the dispatch_ptr SGPRs point at. */
static int write_packet(amdpm4_queue *q, const struct amdpm4_dispatch *d, uint32_t lds_bytes,
                        uint64_t kernarg_va, uint8_t *cpu)
{
    const struct amdpm4_kernel *k = d->kernel;
    struct hsa_dispatch_packet p;

    memset(&p, 0, sizeof(p));
    p.header = HSA_PACKET_TYPE_KERNEL_DISPATCH |
               HSA_FENCE_SCOPE_SYSTEM << HSA_PACKET_HEADER_ACQUIRE_SCOPE_SHIFT |
               HSA_FENCE_SCOPE_SYSTEM << HSA_PACKET_HEADER_RELEASE_SCOPE_SHIFT;
    p.setup = dims(d);
    for (int i = 0; i < 3; i++) {
        uint64_t g = (uint64_t)d->grid[i] * d->block[i];

        if (g > UINT32_MAX)
            return qerr(q, -EINVAL, "kernel %s reads the dispatch packet, whose grid size is 32 "
                        "bits: %u workgroups of %u work-items overflow it", k->isa->name,
                        d->grid[i], d->block[i]);
        p.workgroup_size[i] = (uint16_t)d->block[i];
        p.grid_size[i] = (uint32_t)g;
    }
    p.group_segment_size = lds_bytes;
    p.kernel_object = k->prog->code->va + k->isa->kd_offset_bytes;
    p.kernarg_address = kernarg_va;
    memcpy(cpu, &p, sizeof(p));
    return 0;
}

/* A 64-bit value into user SGPRs s[first], s[first + 1]. */
static void put_sgpr_pair(uint32_t *sgprs, int first, uint64_t v)
{
    if (first < 0)
        return;
    sgprs[first] = (uint32_t)v;
    sgprs[first + 1] = (uint32_t)(v >> 32);
}

int amdpm4_queue_dispatch(amdpm4_queue *q, const struct amdpm4_dispatch *d)
{
    const struct amdpm4_kernel *k;
    uint32_t sgprs[PM4_MAX_USER_SGPRS] = {0};
    uint64_t kernarg_va = 0, packet_va = 0;
    struct pm4_launch l;
    uint32_t lds_bytes = 0;
    uint8_t *cpu;
    size_t cdw;
    int ret;

    if (!q || !d)
        return amdpm4_seterr(-EINVAL, "amdpm4_queue_dispatch: NULL argument");
    if ((ret = need_kind(q, AMDPM4_QUEUE_COMPUTE, "a dispatch")) ||
        (ret = check_dispatch(q, d, &lds_bytes)) || (ret = begin(q)))
        return ret;
    k = d->kernel;

    /* kernargs (and the packet in front of them) in the data buffer */
    if (d->kernarg_bytes || k->packet_sgpr >= 0) {
        uint64_t bytes = (uint64_t)d->kernarg_bytes + (k->packet_sgpr >= 0 ? PM4_AQL_PACKET_BYTES : 0);

        if ((ret = data_alloc(q, bytes, PM4_KERNARG_ALIGN_BYTES, &cpu, &kernarg_va)))
            return ret;
        if (k->packet_sgpr >= 0) {
            packet_va = kernarg_va;
            kernarg_va += PM4_AQL_PACKET_BYTES;
            if ((ret = write_packet(q, d, lds_bytes, kernarg_va, cpu)))
                return ret;
            cpu += PM4_AQL_PACKET_BYTES;
        }
        if (d->kernarg_bytes)
            memcpy(cpu, d->kernarg, d->kernarg_bytes);
    }

    /* user SGPRs where the descriptor's code properties put them; the
     * rest (gfx1100's padding, prepare_dispatch in bo/program.c) stays 0 */
    put_sgpr_pair(sgprs, k->kernarg_sgpr, kernarg_va);
    put_sgpr_pair(sgprs, k->packet_sgpr, packet_va);
    put_sgpr_pair(sgprs, k->id_sgpr, q->dispatch_id);
    l = (struct pm4_launch){
        .lds_bytes = lds_bytes,
        .user_sgprs = sgprs,
        .num_user_sgprs = k->regs.num_user_sgprs,
        .grid = {d->grid[0], d->grid[1], d->grid[2]},
        .block = {d->block[0], d->block[1], d->block[2]},
    };
    if ((ret = list_bo(q, k->prog->code)) || (ret = list_bos(q, d->bos, d->bo_count)) ||
        (ret = ib_room(q, k->regs.full_dw)))
        return ret;
    cdw = q->ib.cdw;
    if (pm4_emit_launch(&q->ib, &q->dstate, &k->regs, &l))
        return ib_rollback(q, cdw);
    q->dispatch_id++;
    q->cur->dispatches++;
    q->cur->last_kernel = k;
    return 0;
}

int amdpm4_queue_barrier(amdpm4_queue *q)
{
    size_t cdw;
    int ret;

    if (!q)
        return amdpm4_seterr(-EINVAL, "amdpm4_queue_barrier: NULL argument");
    if ((ret = need_kind(q, AMDPM4_QUEUE_COMPUTE, "a barrier")) || (ret = begin(q)) ||
        (ret = ib_room(q, PM4_BARRIER_DW)))
        return ret;
    cdw = q->ib.cdw;
    if (pm4_ib_put(&q->ib, q->barrier, PM4_BARRIER_DW, NULL, 0))
        return ib_rollback(q, cdw);
    return 0;
}

static int add_timestamp_slot(amdpm4_queue *q, uint64_t *va)
{
    struct amdpm4_fence *r = q->cur;
    uint8_t *cpu;
    int ret;

    if (r->ts_count == r->ts_cap) {
        unsigned cap = r->ts_cap ? r->ts_cap * 2 : 8;
        const volatile uint64_t **src = realloc((void *)r->ts_src, cap * sizeof(*src));
        uint64_t *ts;

        if (!src)
            return qerr(q, -ENOMEM, "no memory for timestamps");
        r->ts_src = src;
        ts = realloc(r->ts, cap * sizeof(*ts));
        if (!ts)
            return qerr(q, -ENOMEM, "no memory for timestamps");
        r->ts = ts;
        r->ts_cap = cap;
    }
    if ((ret = data_alloc(q, sizeof(uint64_t), PM4_TIMESTAMP_ALIGN_BYTES, &cpu, va)))
        return ret;
    memset(cpu, 0, sizeof(uint64_t));
    r->ts_src[r->ts_count] = (const volatile uint64_t *)(void *)cpu;
    return 0;
}

int amdpm4_queue_timestamp(amdpm4_queue *q, bool end_of_pipe, unsigned *index)
{
    uint64_t va;
    size_t cdw;
    int ret;

    if (!q)
        return amdpm4_seterr(-EINVAL, "amdpm4_queue_timestamp: NULL argument");
    if ((ret = begin(q)) ||
        (ret = ib_room(q, q->kind == AMDPM4_QUEUE_COMPUTE ? pm4_release_mem_dw()
                                                          : sdma_timestamp_dw())) ||
        (ret = add_timestamp_slot(q, &va)))
        return ret;
    cdw = q->ib.cdw;
    if (q->kind == AMDPM4_QUEUE_TRANSFER) {
        sdma_emit_timestamp(&q->ib, va);
    } else if (end_of_pipe) {
        /* the GPU clock when all earlier work has finished */
        struct pm4_release_mem rm = {
            .event_type = PM4_EVENT_TYPE_BOTTOM_OF_PIPE_TS,
            .cache = PM4_CACHE_NONE,
            .cache_policy = PM4_CACHE_POLICY_LRU,
            .data_sel = PM4_DATA_SEL_SEND_GPU_CLOCK_COUNTER,
            .int_sel = PM4_INT_SEL_NONE,
            .dst_va = va,
        };
        pm4_emit_release_mem(&q->ib, &rm);
    } else {
        /* the GPU clock when the CP reaches the packet; the write goes
         * through L2, written back by the submission's closing fence */
        pm4_emit_copy_data(&q->ib, PM4_CD_SRC_SEL_GPU_CLOCK_COUNT, 0, PM4_CD_DST_SEL_TC_L2, va,
                           true, true);
    }
    if (pm4_ib_error(&q->ib))
        return ib_rollback(q, cdw);
    if (index)
        *index = q->cur->ts_count;
    q->cur->ts_count++;
    return 0;
}

/* A transfer's range of bo: -ERANGE outside it. */
static int check_bo_range(amdpm4_queue *q, const amdpm4_bo *bo, uint64_t off, uint64_t bytes,
                          const char *what)
{
    if (!bo)
        return qerr(q, -EINVAL, "%s: NULL buffer", what);
    if (bo->dev != q->dev)
        return qerr(q, -EINVAL, "%s: the buffer belongs to another device", what);
    if (off > bo->size_bytes || bytes > bo->size_bytes - off)
        return qerr(q, -ERANGE, "%s: bytes [%" PRIu64 ", +%" PRIu64 ") lie outside the %" PRIu64
                    "-byte buffer", what, off, bytes, bo->size_bytes);
    return 0;
}

int amdpm4_queue_copy(amdpm4_queue *q, amdpm4_bo *dst, uint64_t dst_offset_bytes, amdpm4_bo *src,
                      uint64_t src_offset_bytes, uint64_t bytes)
{
    uint64_t packets;
    size_t cdw;
    int ret;

    if (!q)
        return amdpm4_seterr(-EINVAL, "amdpm4_queue_copy: NULL argument");
    if ((ret = need_kind(q, AMDPM4_QUEUE_TRANSFER, "a copy")) ||
        (ret = check_bo_range(q, dst, dst_offset_bytes, bytes, "copy destination")) ||
        (ret = check_bo_range(q, src, src_offset_bytes, bytes, "copy source")))
        return ret;
    if (!bytes)
        return 0;
    packets = (bytes + SDMA_COPY_MAX_BYTES - 1) / SDMA_COPY_MAX_BYTES;
    if ((ret = begin(q)) || (ret = ib_room(q, packets * sdma_copy_linear_dw())) ||
        (ret = list_bo(q, dst)) || (ret = list_bo(q, src)))
        return ret;
    cdw = q->ib.cdw;
    for (uint64_t done = 0; done < bytes;) {
        uint64_t n = bytes - done < SDMA_COPY_MAX_BYTES ? bytes - done : SDMA_COPY_MAX_BYTES;

        sdma_emit_copy_linear(&q->ib, dst->va + dst_offset_bytes + done,
                              src->va + src_offset_bytes + done, (uint32_t)n);
        done += n;
    }
    if (pm4_ib_error(&q->ib))
        return ib_rollback(q, cdw);
    return 0;
}

int amdpm4_queue_fill(amdpm4_queue *q, amdpm4_bo *dst, uint64_t dst_offset_bytes, uint32_t value,
                      uint64_t bytes)
{
    uint64_t packets;
    size_t cdw;
    int ret;

    if (!q)
        return amdpm4_seterr(-EINVAL, "amdpm4_queue_fill: NULL argument");
    if ((ret = need_kind(q, AMDPM4_QUEUE_TRANSFER, "a fill")) ||
        (ret = check_bo_range(q, dst, dst_offset_bytes, bytes, "fill destination")))
        return ret;
    if (bytes % 4 || dst_offset_bytes % 4)
        return qerr(q, -EINVAL, "fill: offset %" PRIu64 " and size %" PRIu64 " must be multiples "
                    "of 4 bytes", dst_offset_bytes, bytes);
    if (!bytes)
        return 0;
    packets = (bytes + SDMA_FILL_MAX_BYTES - 1) / SDMA_FILL_MAX_BYTES;
    if ((ret = begin(q)) || (ret = ib_room(q, packets * sdma_constant_fill_dw())) ||
        (ret = list_bo(q, dst)))
        return ret;
    cdw = q->ib.cdw;
    for (uint64_t done = 0; done < bytes;) {
        uint64_t n = bytes - done < SDMA_FILL_MAX_BYTES ? bytes - done : SDMA_FILL_MAX_BYTES;

        sdma_emit_constant_fill(&q->ib, dst->va + dst_offset_bytes + done, value, (uint32_t)n);
        done += n;
    }
    if (pm4_ib_error(&q->ib))
        return ib_rollback(q, cdw);
    return 0;
}

int amdpm4_queue_raw(amdpm4_queue *q, const uint32_t *dw, size_t count_dw, amdpm4_bo *const *bos,
                     unsigned bo_count)
{
    size_t cdw;
    int ret;

    if (!q || (count_dw && !dw))
        return amdpm4_seterr(-EINVAL, "amdpm4_queue_raw: NULL argument");
    if ((ret = check_bos(q, bos, bo_count)) || (ret = begin(q)) || (ret = ib_room(q, count_dw)) ||
        (ret = list_bos(q, bos, bo_count)))
        return ret;
    cdw = q->ib.cdw;
    if (pm4_ib_put(&q->ib, dw, count_dw, NULL, 0))
        return ib_rollback(q, cdw);
    /* raw packets may write any register: later dispatches write all theirs */
    pm4_dispatch_state_reset(&q->dstate);
    return 0;
}

int amdpm4_queue_wait_fence(amdpm4_queue *q, const amdpm4_fence *f)
{
    struct amdgpu_cs_fence cf;

    if (!q || !f)
        return amdpm4_seterr(-EINVAL, "amdpm4_queue_wait_fence: NULL argument");
    if (f->q->dev != q->dev)
        return qerr(q, -EINVAL, "cannot wait for a fence of another device");
    if (f->state == PM4_FENCE_RECORDING)
        return qerr(q, -EINVAL, "the fence's submission has not been submitted");
    if (f->state != PM4_FENCE_IN_FLIGHT)
        return 0;   /* finished (or failed: the failure is reported by its own queue) */
    if (grow((void **)&q->deps, &q->dep_cap, q->dep_count + 1, sizeof(*q->deps)))
        return qerr(q, -ENOMEM, "no memory for a dependency");
    pm4_fence_cs(f, &cf);
    amdgpu_cs_chunk_fence_to_dep(&cf, &q->deps[q->dep_count++]);
    return 0;
}

/* ---------------------------------------------------------------- submit */

/* Where IB i of the closed submission lies in its IB buffer, and its size. */
static uint64_t ib_offset(const amdpm4_queue *q, unsigned i, uint32_t *size_dw)
{
    uint64_t off = 0;

    for (unsigned k = 0;; k++) {
        size_t end = k + 1 < q->ib_count ? q->ib_start[k + 1] : q->ib.cdw;
        uint32_t dw = (uint32_t)(end - q->ib_start[k]);

        if (k == i) {
            *size_dw = dw;
            return off;
        }
        off += ((uint64_t)dw * 4 + PM4_IB_START_ALIGN_BYTES - 1) &
               ~(uint64_t)(PM4_IB_START_ALIGN_BYTES - 1);
    }
}

/* The CS ioctl for the closed IBs of record r. */
static int cs_submit(amdpm4_queue *q, struct amdpm4_fence *r, uint64_t *seq)
{
    struct drm_amdgpu_cs_chunk chunks[PM4_QUEUE_MAX_IBS + 2];
    struct drm_amdgpu_cs_chunk_ib ibs[PM4_QUEUE_MAX_IBS];
    struct drm_amdgpu_bo_list_in bl;
    unsigned n = 0;

    for (unsigned i = 0; i < q->ib_count; i++) {
        uint32_t size_dw;
        uint64_t off = ib_offset(q, i, &size_dw);

        memset(&ibs[i], 0, sizeof(ibs[i]));
        ibs[i].va_start = r->ib->bo->va + off;
        ibs[i].ib_bytes = size_dw * 4;
        ibs[i].ip_type = q->ip_type;
        ibs[i].ip_instance = 0;
        ibs[i].ring = q->ring;
        chunks[n].chunk_id = AMDGPU_CHUNK_ID_IB;
        chunks[n].length_dw = sizeof(ibs[i]) / 4;
        chunks[n++].chunk_data = (uintptr_t)&ibs[i];
    }

    /* The buffer list travels in the CS ioctl itself (no BO_LIST object).
     * operation and list_handle are unused there; Mesa sets them to ~0. */
    memset(&bl, 0, sizeof(bl));
    bl.operation = ~0u;
    bl.list_handle = ~0u;
    bl.bo_number = q->bo_count;
    bl.bo_info_size = sizeof(struct drm_amdgpu_bo_list_entry);
    bl.bo_info_ptr = (uintptr_t)q->bos;
    chunks[n].chunk_id = AMDGPU_CHUNK_ID_BO_HANDLES;
    chunks[n].length_dw = sizeof(bl) / 4;
    chunks[n++].chunk_data = (uintptr_t)&bl;

    if (q->dep_count) {
        chunks[n].chunk_id = AMDGPU_CHUNK_ID_DEPENDENCIES;
        chunks[n].length_dw = q->dep_count * sizeof(*q->deps) / 4;
        chunks[n++].chunk_data = (uintptr_t)q->deps;
    }
    return amdgpu_cs_submit_raw2(q->dev->adev, q->ctx, 0, n, chunks, seq);
}

int amdpm4_queue_submit(amdpm4_queue *q, amdpm4_fence **fence)
{
    struct amdpm4_fence *r;
    uint64_t serial, seq = 0;
    int ret;

    if (!q)
        return amdpm4_seterr(-EINVAL, "amdpm4_queue_submit: NULL argument");
    if (fence)
        *fence = NULL;
    if ((ret = begin(q)))
        return ret;
    r = q->cur;
    serial = q->submitted + 1;

    /* the closing fence: the serial into the fence word once all is done */
    if (q->kind == AMDPM4_QUEUE_COMPUTE) {
        struct pm4_fence f = {.va = q->fence_bo->va, .value = (uint32_t)serial};

        pm4_emit_fence(&q->ib, &f);
    } else {
        sdma_emit_fence(&q->ib, q->fence_bo->va, (uint32_t)serial);
    }
    pad_ib(q);
    if ((ret = pm4_ib_finish(&q->ib))) {
        qctx(q, ret, "closing the submission: ");
        discard_recording(q);
        return ret;
    }
    {
        uint32_t last_dw;
        uint64_t bytes = ib_offset(q, q->ib_count - 1, &last_dw) + (uint64_t)last_dw * 4;

        ret = pm4_pool_get(q, bytes, true, &r->ib);
    }
    if (!ret)
        ret = list_bo(q, r->ib->bo);
    if (ret) {
        qctx(q, ret, "the submission's IB: ");
        discard_recording(q);
        return ret;
    }
    for (unsigned i = 0; i < q->ib_count; i++) {
        uint32_t size_dw;
        uint64_t off = ib_offset(q, i, &size_dw);

        memcpy(r->ib->cpu + off, q->ib.buf + q->ib_start[i], (size_t)size_dw * 4);
    }

    ret = cs_submit(q, r, &seq);
    if (ret) {
        if (ret == -ECANCELED) {
            /* the context is guilty: find out which submission failed */
            pm4_queue_probe(q);
            if (!q->lost) {
                q->lost = true;
                q->lost_serial = serial;
                snprintf(q->lost_msg, sizeof(q->lost_msg), "%s queue %u is lost: the kernel "
                         "refuses its submissions after a hang or fault (-ECANCELED); destroy "
                         "it and create a new queue", pm4_queue_kind_name(q->kind), q->id);
            }
            amdpm4_seterr(ret, "%s queue %u, submission %" PRIu64 " refused: %s",
                          pm4_queue_kind_name(q->kind), q->id, serial, q->lost_msg);
        } else {
            qerr(q, ret, "submission %" PRIu64 ": the CS ioctl failed: %s", serial,
                 strerror(-ret));
        }
        discard_recording(q);
        return ret;
    }

    q->submitted = serial;
    r->serial = serial;
    r->seq = seq;
    r->state = PM4_FENCE_IN_FLIGHT;
    if (r->last_kernel)
        snprintf(r->last_kernel_name, sizeof(r->last_kernel_name), "%s",
                 r->last_kernel->isa->name);
    r->last_kernel = NULL;
    r->next = NULL;
    if (q->fly_tail)
        q->fly_tail->next = r;
    else
        q->fly_head = r;
    q->fly_tail = r;
    q->in_flight++;
    q->cur = NULL;
    q->data_cur = NULL;
    q->dep_count = 0;
    r->held = fence != NULL;
    if (fence)
        *fence = r;
    return 0;
}
