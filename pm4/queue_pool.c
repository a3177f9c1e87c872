/*
 * pm4/queue_pool.c — a queue's pools: GTT buffers for IBs and data in
 * power-of-two size classes, and submission records.  Buffers come back
 * when their submission retires; a class grows only when all its buffers
 * are in flight, so a steady state allocates nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bo/bo.h"
#include "pm4/log.h"
#include "pm4/queue.h"

/* The smallest class holding bytes, or -1 past the largest. */
static int size_class(uint64_t bytes)
{
    uint64_t size = PM4_POOL_MIN_BYTES;

    for (unsigned c = 0; c < PM4_POOL_CLASSES; c++, size *= 2)
        if (bytes <= size)
            return (int)c;
    return -1;
}

int pm4_pool_get(amdpm4_queue *q, uint64_t bytes, bool is_ib, struct pm4_pool_buf **out)
{
    int c = size_class(bytes);
    struct pm4_pool_buf *b;
    int ret;

    if (c < 0)
        return amdpm4_seterr(-E2BIG, "%llu bytes exceed the largest pool buffer (%llu)",
                             (unsigned long long)bytes,
                             (unsigned long long)PM4_POOL_MIN_BYTES << (PM4_POOL_CLASSES - 1));
    b = q->pool.free[c];
    if (b) {
        q->pool.free[c] = b->next;
        b->next = NULL;
        *out = b;
        return 0;
    }
    b = calloc(1, sizeof(*b));
    if (!b)
        return amdpm4_seterr(-ENOMEM, "no memory for a pool buffer");
    /* GTT: written by the CPU while recording, read by the CP / SDMA over
     * PCIe once per submission. */
    ret = amdpm4_bo_alloc(q->dev, (uint64_t)PM4_POOL_MIN_BYTES << c, AMDPM4_GTT, &b->bo);
    if (ret) {
        free(b);
        return ret;
    }
    b->cpu = b->bo->cpu;
    b->size_class = (unsigned)c;
    q->pool.bytes += b->bo->alloc_bytes;
    if (is_ib)
        q->pool.ib_created++;
    else
        q->pool.data_created++;
    *out = b;
    return 0;
}

void pm4_pool_put(amdpm4_queue *q, struct pm4_pool_buf *b)
{
    b->next = q->pool.free[b->size_class];
    q->pool.free[b->size_class] = b;
}

void pm4_pool_fini(amdpm4_queue *q)
{
    for (unsigned c = 0; c < PM4_POOL_CLASSES; c++) {
        while (q->pool.free[c]) {
            struct pm4_pool_buf *b = q->pool.free[c];

            q->pool.free[c] = b->next;
            amdpm4_bo_free(b->bo);
            free(b);
        }
    }
    while (q->all_fences) {
        struct amdpm4_fence *f = q->all_fences;

        q->all_fences = f->all_next;
        free((void *)f->ts_src);
        free(f->ts);
        free(f);
    }
    q->free_fences = NULL;
}

struct amdpm4_fence *pm4_fence_new(amdpm4_queue *q)
{
    struct amdpm4_fence *f = q->free_fences;

    if (f) {
        q->free_fences = f->next;
    } else {
        f = calloc(1, sizeof(*f));
        if (!f)
            return NULL;
        f->all_next = q->all_fences;
        q->all_fences = f;
        q->fences_created++;
    }
    /* keep the timestamp arrays (capacity) across uses */
    f->q = q;
    f->state = PM4_FENCE_RECORDING;
    f->error = 0;
    f->held = false;
    f->retired = false;
    f->serial = f->seq = 0;
    f->ib = NULL;
    f->data = NULL;
    f->dispatches = 0;
    f->last_kernel = NULL;
    f->last_kernel_name[0] = '\0';
    f->ts_count = 0;
    f->errmsg[0] = '\0';
    f->next = NULL;
    return f;
}

void pm4_fence_return_buffers(struct amdpm4_fence *f)
{
    while (f->data) {
        struct pm4_pool_buf *b = f->data;

        f->data = b->next;
        pm4_pool_put(f->q, b);
    }
    if (f->ib) {
        pm4_pool_put(f->q, f->ib);
        f->ib = NULL;
    }
}

void pm4_fence_recycle(struct amdpm4_fence *f)
{
    amdpm4_queue *q = f->q;

    f->next = q->free_fences;
    q->free_fences = f;
}
