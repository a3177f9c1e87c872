/* kernels/run.c — one op on the PM4 path through the runtime.  See run.h. */
#include "kernels/run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm4/clock.h"
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

/* Statistics of the n dispatches of f, added to *sum. */
static int add_stats(amdpm4_fence *f, uint32_t n, struct amdpm4_dispatch_stats *sum)
{
    struct amdpm4_dispatch_stats *st = calloc(n, sizeof(*st));
    unsigned count = 0;
    int r;

    if (!st)
        return amdpm4_seterr(-ENOMEM, "no memory for %u dispatches' statistics", n);
    r = amdpm4_fence_stats(f, st, n, &count);
    if (!r && count != n)
        r = amdpm4_seterr(-EIO, "the simulator reports %u dispatches of %u", count, n);
    for (unsigned i = 0; !r && i < count; i++)
        amdpm4_dispatch_stats_add(sum, &st[i]);
    free(st);
    return r;
}

/* One submission of n dispatches of d between two timestamps; its times
 * added to it (gpu_t0 from the first); statistics added to res when
 * stats. */
static int submit_batch(amdpm4_device *dev, amdpm4_queue *q, const struct amdpm4_dispatch *d,
                        uint32_t n, struct kern_run_iter *it, bool stats,
                        struct kern_run_result *res)
{
    amdpm4_fence *f = NULL;
    uint64_t ticks[2], t0 = pm4_now_ns(), t1;
    unsigned count = 0;
    int r = amdpm4_queue_timestamp(q, false, NULL);

    for (uint32_t i = 0; !r && i < n; i++)
        r = amdpm4_queue_dispatch(q, d);
    if (!r)
        r = amdpm4_queue_timestamp(q, true, NULL);
    t1 = pm4_now_ns();
    if (!it->record_t0_ns)
        it->record_t0_ns = t0;
    it->record_ns += t1 - t0;
    if (r)
        return r;
    r = amdpm4_queue_submit(q, &f);
    t0 = pm4_now_ns();
    if (!it->submit_t0_ns)
        it->submit_t0_ns = t1;
    it->submit_ns += t0 - t1;
    if (!r) {
        r = amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER);
        it->wait_ns += pm4_now_ns() - t0;
    }
    if (!r)
        r = amdpm4_fence_timestamps(f, ticks, 2, &count);
    if (!r && count == 2 && ticks[1] >= ticks[0]) {
        if (!it->gpu_t0_ns)
            it->gpu_t0_ns = amdpm4_device_ticks_to_ns(dev, ticks[0]);
        it->gpu_ns += amdpm4_device_ticks_to_ns(dev, ticks[1] - ticks[0]);
    }
    if (!r && stats && res->has_stats) {
        int e = add_stats(f, n, &res->stats);
        if (e) {
            res->has_stats = false;
            snprintf(res->stats_error, sizeof(res->stats_error), "%s", amdpm4_last_error());
        }
    }
    amdpm4_fence_release(f);
    return r;
}

/* One iteration: the plan's dispatches in batches. */
static int iterate(amdpm4_device *dev, amdpm4_queue *q, const struct amdpm4_dispatch *d,
                   uint32_t repeat, struct kern_run_iter *it, bool stats,
                   struct kern_run_result *res)
{
    int r = 0;

    memset(it, 0, sizeof(*it));
    if (stats) {
        memset(&res->stats, 0, sizeof(res->stats));
        res->has_stats = true;
        res->stats_error[0] = '\0';
    }
    for (uint32_t done = 0; !r && done < repeat;) {
        uint32_t n = repeat - done < KERN_RUN_BATCH ? repeat - done : KERN_RUN_BATCH;
        r = submit_batch(dev, q, d, n, it, stats, res);
        done += n;
    }
    return r;
}

/* Load the program holding the plan's kernel. */
static int load(amdpm4_device *dev, const struct kern_dispatch *d, const char *path,
                amdpm4_program **prog, const amdpm4_kernel **k, struct kern_run_result *res)
{
    int r = path ? amdpm4_program_load_file(dev, path, prog)
                 : amdpm4_program_load_builtin(dev, d->code_object, prog);

    if (!r)
        r = amdpm4_program_kernel(*prog, d->kernel, k);
    if (r && path && r != -ENOMEM && r != -EIO)
        res->code_object_refused = true;
    return r;
}

int kern_run_with(amdpm4_device *dev, amdpm4_queue *q, struct kern_bufs *b,
                  const struct kern_run_opts *o, struct kern_run_result *res)
{
    const struct kern_dispatch *d = &res->plan.dispatch;
    const unsigned iters = o && o->iters ? o->iters : 1;
    amdpm4_program *prog = NULL;
    const amdpm4_kernel *k = NULL;
    amdpm4_bo *bos[KERN_MAX_ARGS] = {0};
    uint64_t va[KERN_MAX_ARGS] = {0}, t0;
    uint8_t kernarg[256];
    struct amdpm4_dispatch disp;
    struct amdpm4_kernel_info ki;
    struct kern_run_iter scratch;
    int r;

    if (!dev || !q || !b || !o || !res)
        return amdpm4_seterr(-EINVAL, "kern_run: NULL argument");
    memset(res, 0, sizeof(*res));
    if ((r = kern_bufs_match(b)) || (r = kern_plan_make(&b->shape, b->seed, &res->plan)) ||
        (r = load(dev, d, o->code_object, &prog, &k, res)) || (r = amdpm4_kernel_info(k, &ki)))
        goto out;
    t0 = pm4_now_ns();
    for (unsigned i = 0; i < b->n; i++) {
        enum amdpm4_placement p = kern_run_placement(&b->shape);
        r = d->buffer_align_bytes
                ? amdpm4_bo_alloc_aligned(dev, b->arg[i].size_bytes, d->buffer_align_bytes, p,
                                          &bos[i])
                : amdpm4_bo_alloc(dev, b->arg[i].size_bytes, p, &bos[i]);
        if (!r)
            r = amdpm4_bo_upload(bos[i], 0, b->data[i], b->arg[i].size_bytes);
        if (r)
            goto out;
        va[i] = amdpm4_bo_va(bos[i]);
    }
    res->upload_ns = pm4_now_ns() - t0;
    if ((r = kern_plan_kernarg(d, k, va, b->n, kernarg, sizeof(kernarg)))) {
        res->code_object_refused = o->code_object != NULL;
        goto out;
    }
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
    for (unsigned i = 0; !r && i < o->warmup + iters; i++) {
        bool timed = i >= o->warmup, last = i + 1 == o->warmup + iters;
        struct kern_run_iter *it = timed && o->iter ? &o->iter[i - o->warmup] : &scratch;
        r = iterate(dev, q, &disp, res->plan.repeat, it, o->stats && last, res);
        if (!r && last)
            res->gpu_ns = it->gpu_ns;
    }
    t0 = pm4_now_ns();
    for (unsigned i = 0; !r && i < b->n; i++)
        if (b->arg[i].dir == KERN_ARG_OUT)
            r = amdpm4_bo_download(bos[i], 0, b->data[i], b->arg[i].size_bytes);
    res->download_ns = pm4_now_ns() - t0;
out:
    for (unsigned i = 0; i < KERN_MAX_ARGS; i++)
        amdpm4_bo_free(bos[i]);
    amdpm4_program_destroy(prog);
    return r;
}

int kern_run(amdpm4_device *dev, amdpm4_queue *q, struct kern_bufs *b,
             struct kern_run_result *res)
{
    struct amdpm4_device_info info;
    int r;

    if (!dev)
        return amdpm4_seterr(-EINVAL, "kern_run: NULL argument");
    if ((r = amdpm4_device_info(dev, &info)))
        return r;
    return kern_run_with(dev, q, b, &(struct kern_run_opts){.stats = info.simulated}, res);
}
