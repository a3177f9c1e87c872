/* kernels/run.c — one op on the PM4 path through the runtime.  See run.h. */
#include "kernels/run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pm4/log.h"

/* Dispatches per submission: a plan that repeats more (empty --count) is
 * split, which keeps every submission far below the IB size limit. */
#define KERN_RUN_BATCH 1024u

enum amdpm4_placement kern_run_placement(const struct kern_shape *s)
{
    if (s->op != KERN_OP_COPY && s->op != KERN_OP_FILL)
        return AMDPM4_VRAM;
    switch (s->mem.placement) {
    case KERN_PLACE_VIS_VRAM: return AMDPM4_VRAM_VISIBLE;
    case KERN_PLACE_GTT: return AMDPM4_GTT;
    case KERN_PLACE_VRAM: break;
    }
    return AMDPM4_VRAM;
}

/* One submission of n dispatches of d, timed; statistics added to res. */
static int submit_batch(amdpm4_device *dev, amdpm4_queue *q, const struct amdpm4_dispatch *d,
                        uint32_t n, bool simulated, struct kern_run_result *res)
{
    struct amdpm4_dispatch_stats *st = NULL;
    amdpm4_fence *f = NULL;
    uint64_t ticks[2];
    unsigned count = 0;
    int r = amdpm4_queue_timestamp(q, false, NULL);

    for (uint32_t i = 0; !r && i < n; i++)
        r = amdpm4_queue_dispatch(q, d);
    if (!r)
        r = amdpm4_queue_timestamp(q, true, NULL);
    if (!r)
        r = amdpm4_queue_submit(q, &f);
    if (!r)
        r = amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER);
    if (!r)
        r = amdpm4_fence_timestamps(f, ticks, 2, &count);
    if (!r && count == 2 && ticks[1] >= ticks[0])
        res->gpu_ns += amdpm4_device_ticks_to_ns(dev, ticks[1] - ticks[0]);
    if (!r && simulated && !(st = calloc(n, sizeof(*st))))
        r = amdpm4_seterr(-ENOMEM, "no memory for %u dispatches' statistics", n);
    if (!r && simulated) {
        r = amdpm4_fence_stats(f, st, n, &count);
        if (!r && count != n)
            r = amdpm4_seterr(-EIO, "the simulator reports %u dispatches of %u", count, n);
        for (unsigned i = 0; !r && i < count; i++)
            amdpm4_dispatch_stats_add(&res->stats, &st[i]);
        res->has_stats = !r;
    }
    amdpm4_fence_release(f);
    free(st);
    return r;
}

int kern_run(amdpm4_device *dev, amdpm4_queue *q, struct kern_bufs *b,
             struct kern_run_result *res)
{
    const struct kern_dispatch *d = &res->plan.dispatch;
    struct amdpm4_device_info info;
    amdpm4_program *prog = NULL;
    const amdpm4_kernel *k = NULL;
    amdpm4_bo *bos[KERN_MAX_ARGS] = {0};
    uint64_t va[KERN_MAX_ARGS] = {0};
    uint8_t kernarg[256];
    struct amdpm4_dispatch disp;
    struct amdpm4_kernel_info ki;
    int r;

    if (!dev || !q || !b || !res)
        return amdpm4_seterr(-EINVAL, "kern_run: NULL argument");
    memset(res, 0, sizeof(*res));
    if ((r = kern_bufs_match(b)) || (r = kern_plan_make(&b->shape, b->seed, &res->plan)) ||
        (r = amdpm4_device_info(dev, &info)) ||
        (r = amdpm4_program_load_builtin(dev, d->code_object, &prog)) ||
        (r = amdpm4_program_kernel(prog, d->kernel, &k)) || (r = amdpm4_kernel_info(k, &ki)))
        goto out;
    for (unsigned i = 0; i < b->n; i++) {
        r = amdpm4_bo_alloc(dev, b->arg[i].size_bytes, kern_run_placement(&b->shape), &bos[i]);
        if (!r)
            r = amdpm4_bo_upload(bos[i], 0, b->data[i], b->arg[i].size_bytes);
        if (r)
            goto out;
        va[i] = amdpm4_bo_va(bos[i]);
    }
    r = kern_plan_kernarg(d, k, va, b->n, kernarg, sizeof(kernarg));
    if (r)
        goto out;
    disp = (struct amdpm4_dispatch){
        .kernel = k,
        .grid = {d->grid[0], d->grid[1], d->grid[2]},
        .block = {d->block[0], d->block[1], d->block[2]},
        .kernarg = kernarg,
        .kernarg_bytes = ki.kernarg_bytes,
        .dynamic_lds_bytes = d->dynamic_lds_bytes,
        .bos = bos,
        .bo_count = b->n,
    };
    for (uint32_t done = 0; !r && done < res->plan.repeat;) {
        uint32_t n = res->plan.repeat - done < KERN_RUN_BATCH ? res->plan.repeat - done
                                                                 : KERN_RUN_BATCH;
        r = submit_batch(dev, q, &disp, n, info.simulated, res);
        done += n;
    }
    for (unsigned i = 0; !r && i < b->n; i++)
        if (b->arg[i].dir == KERN_ARG_OUT)
            r = amdpm4_bo_download(bos[i], 0, b->data[i], b->arg[i].size_bytes);
out:
    for (unsigned i = 0; i < KERN_MAX_ARGS; i++)
        amdpm4_bo_free(bos[i]);
    amdpm4_program_destroy(prog);
    return r;
}
