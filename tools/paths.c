/* tools/paths.c — a built-in op on the PM4 path and the Vulkan path (see
 * paths.h). */
#include "tools/paths.h"
#include "tools/tool.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/plan.h"
#include "kernels/run.h"
#include "pm4/log.h"

/* Kernarg segments of the built-in kernels are small; this bounds them. */
#define KERNARG_MAX_BYTES 256u

void tool_pm4_report_free(struct tool_pm4_report *rep)
{
    free(rep->iter);
    memset(rep, 0, sizeof(*rep));
}

void tool_pm4_describe(amdpm4_device *dev, char *buf, size_t n)
{
    struct amdpm4_device_info di;

    if (amdpm4_device_info(dev, &di)) {
        snprintf(buf, n, "?");
        return;
    }
    if (di.simulated)
        snprintf(buf, n, "%s (simulated: %s)", di.gfx_target, di.simulator);
    else
        snprintf(buf, n, "%s %s (%s)", di.gfx_target,
                 di.marketing_name[0] ? di.marketing_name : di.chip_name, di.render_path);
}

/* Everything one run holds, for one clean-up path. */
struct pm4_run {
    amdpm4_device *dev;
    amdpm4_program *prog;
    const amdpm4_kernel *k;
    amdpm4_queue *q;
    amdpm4_bo *bo[KERN_MAX_ARGS];
    unsigned n_bo;
};

static void pm4_run_free(struct pm4_run *x)
{
    amdpm4_queue_destroy(x->q);
    for (unsigned i = 0; i < x->n_bo; i++)
        amdpm4_bo_free(x->bo[i]);
    amdpm4_program_destroy(x->prog);
}

/* Sum of the statistics of every dispatch of f. */
static int sum_stats(amdpm4_fence *f, uint32_t dispatches, struct amdpm4_dispatch_stats *sum)
{
    struct amdpm4_dispatch_stats *st = calloc(dispatches, sizeof(*st));
    unsigned n = 0;
    int r;

    if (!st)
        return amdpm4_seterr(-ENOMEM, "out of memory");
    r = amdpm4_fence_stats(f, st, dispatches, &n);
    memset(sum, 0, sizeof(*sum));
    for (unsigned d = 0; !r && d < n && d < dispatches; d++)
        amdpm4_dispatch_stats_add(sum, &st[d]);
    free(st);
    return r;
}

/* One submission: timestamp, the plan's dispatches, timestamp; submit;
 * wait; times into it.  Statistics of it when stats is not NULL. */
static int pm4_iterate(struct pm4_run *x, const struct amdpm4_dispatch *d, uint32_t repeat,
                       struct tool_pm4_iter *it, struct tool_pm4_report *stats)
{
    amdpm4_fence *f = NULL;
    uint64_t ts[2];
    unsigned n_ts = 0;
    int r;

    it->record_t0_ns = tool_now_ns();
    r = amdpm4_queue_timestamp(x->q, false, NULL);
    for (uint32_t i = 0; !r && i < repeat; i++)
        r = amdpm4_queue_dispatch(x->q, d);
    if (!r)
        r = amdpm4_queue_timestamp(x->q, true, NULL);
    it->record_ns = tool_now_ns() - it->record_t0_ns;
    if (r)
        return r;
    it->submit_t0_ns = tool_now_ns();
    r = amdpm4_queue_submit(x->q, &f);
    it->submit_ns = tool_now_ns() - it->submit_t0_ns;
    if (!r) {
        r = amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER);
        it->wait_ns = tool_now_ns() - it->submit_t0_ns - it->submit_ns;
    }
    if (!r && !(r = amdpm4_fence_timestamps(f, ts, 2, &n_ts)) && n_ts == 2) {
        it->gpu_t0_ns = amdpm4_device_ticks_to_ns(x->dev, ts[0]);
        it->gpu_ns = amdpm4_device_ticks_to_ns(x->dev, ts[1] - ts[0]);
    }
    if (!r && stats) {
        stats->has_stats = !sum_stats(f, repeat, &stats->stats);
        if (!stats->has_stats)
            snprintf(stats->stats_error, sizeof(stats->stats_error), "%s", amdpm4_last_error());
    }
    amdpm4_fence_release(f);
    return r;
}

int tool_pm4_run(amdpm4_device *dev, struct kern_bufs *b, const struct tool_pm4_opts *o,
                 struct tool_pm4_report *rep)
{
    struct pm4_run x = {.dev = dev};
    struct kern_plan plan;
    const unsigned iters = o->iters ? o->iters : 1;
    uint64_t va[KERN_MAX_ARGS], t0;
    uint8_t kernarg[KERNARG_MAX_BYTES];
    struct amdpm4_kernel_info ki;
    int r;

    memset(rep, 0, sizeof(*rep));
    if ((r = kern_bufs_match(b)) || (r = kern_plan_make(&b->shape, b->seed, &plan)))
        return r;
    rep->placement = kern_run_placement(&b->shape);
    rep->n_buffers = b->n;
    rep->dispatches = plan.repeat;
    snprintf(rep->kernel, sizeof(rep->kernel), "%s", plan.dispatch.kernel);
    memcpy(rep->grid, plan.dispatch.grid, sizeof(rep->grid));
    memcpy(rep->block, plan.dispatch.block, sizeof(rep->block));
    if (!(rep->iter = calloc(iters, sizeof(*rep->iter))))
        return amdpm4_seterr(-ENOMEM, "out of memory");
    rep->n_iters = iters;

    if (o->code_object)
        r = amdpm4_program_load_file(dev, o->code_object, &x.prog);
    else
        r = amdpm4_program_load_builtin(dev, plan.dispatch.code_object, &x.prog);
    if (!r)
        r = amdpm4_program_kernel(x.prog, plan.dispatch.kernel, &x.k);
    if (r && o->code_object && r != -ENOMEM && r != -EIO)
        rep->code_object_refused = true;
    if (r || (r = amdpm4_kernel_info(x.k, &ki)))
        goto fail;
    if (ki.kernarg_bytes > sizeof(kernarg)) {
        rep->code_object_refused = o->code_object != NULL;
        r = amdpm4_seterr(-E2BIG, "kernel %s takes %u kernarg bytes (at most %u here)", ki.name,
                          ki.kernarg_bytes, KERNARG_MAX_BYTES);
        goto fail;
    }
    t0 = tool_now_ns();
    for (unsigned i = 0; i < b->n; i++) {
        r = amdpm4_bo_alloc_aligned(dev, b->arg[i].size_bytes, plan.dispatch.buffer_align_bytes,
                                    rep->placement, &x.bo[i]);
        if (r)
            goto fail;
        x.n_bo = i + 1;
        va[i] = amdpm4_bo_va(x.bo[i]);
        /* Outputs go up poisoned too: an element never written cannot pass. */
        if ((r = amdpm4_bo_upload(x.bo[i], 0, b->data[i], b->arg[i].size_bytes)))
            goto fail;
    }
    rep->upload_ns = tool_now_ns() - t0;
    if ((r = kern_plan_kernarg(&plan.dispatch, x.k, va, b->n, kernarg, sizeof(kernarg)))) {
        rep->code_object_refused = o->code_object != NULL;
        goto fail;
    }
    if ((r = amdpm4_queue_create(dev, AMDPM4_QUEUE_COMPUTE, &x.q)))
        goto fail;
    {
        const struct amdpm4_dispatch d = {
            .kernel = x.k,
            .grid = {plan.dispatch.grid[0], plan.dispatch.grid[1], plan.dispatch.grid[2]},
            .block = {plan.dispatch.block[0], plan.dispatch.block[1], plan.dispatch.block[2]},
            .kernarg = kernarg,
            .kernarg_bytes = ki.kernarg_bytes,
            .dynamic_lds_bytes = plan.dispatch.dynamic_lds_bytes,
            .bos = x.bo,
            .bo_count = x.n_bo,
        };
        for (unsigned i = 0; !r && i < o->warmup + iters; i++) {
            struct tool_pm4_iter scratch;
            bool last = i + 1 == o->warmup + iters;
            r = pm4_iterate(&x, &d, plan.repeat, i < o->warmup ? &scratch : &rep->iter[i - o->warmup],
                            o->stats && last ? rep : NULL);
        }
    }
    if (r)
        goto fail;
    t0 = tool_now_ns();
    for (unsigned i = 0; !r && i < b->n; i++)
        if (b->arg[i].dir == KERN_ARG_OUT)
            r = amdpm4_bo_download(x.bo[i], 0, b->data[i], b->arg[i].size_bytes);
    rep->download_ns = tool_now_ns() - t0;
    if (r)
        goto fail;
    pm4_run_free(&x);
    return 0;
fail:
    pm4_run_free(&x);
    {
        bool refused = rep->code_object_refused;
        tool_pm4_report_free(rep);
        rep->code_object_refused = refused;
    }
    return amdpm4_adderr(r, "%s on the PM4 path: ", kern_op_name(b->shape.op));
}

/* Spans of one iteration: record, submit, wait on the CPU track, the
 * dispatches on the GPU track. */
static void trace_iter(struct tool_trace *t, int cpu, int gpu, const char *gpu_name,
                       const char *what, unsigned i, const struct tool_pm4_iter *it)
{
    char args[96];

    snprintf(args, sizeof(args), "\"op\": \"%s\", \"iteration\": %u", what, i);
    tool_trace_cpu(t, cpu, "record", it->record_t0_ns, it->record_ns, args);
    tool_trace_cpu(t, cpu, "submit", it->submit_t0_ns, it->submit_ns, args);
    tool_trace_cpu(t, cpu, "wait", it->submit_t0_ns + it->submit_ns, it->wait_ns, args);
    if (it->gpu_ns)
        tool_trace_gpu(t, gpu, gpu_name, it->submit_t0_ns, it->gpu_t0_ns,
                       it->gpu_t0_ns + it->gpu_ns);
}

void tool_pm4_trace(struct tool_trace *t, int cpu, int gpu, const char *what,
                    const struct tool_pm4_report *rep)
{
    for (unsigned i = 0; t && i < rep->n_iters; i++)
        trace_iter(t, cpu, gpu, rep->kernel, what, i, &rep->iter[i]);
}

/* ---------------------------------------------------------------- Vulkan path */

int tool_vk_open(const struct tool_opts *o, bool force_staging, struct vkref **vk)
{
    struct vkref_options vo = {.device = o->vk_device, .validation = o->vk_validation,
                               .force_staging = force_staging};

    return vkref_open(&vo, vk);
}

int tool_vk_validation(const struct vkref *vk)
{
    const char *first = NULL;
    uint32_t n = vkref_validation_count(vk, &first);

    if (!n)
        return 0;
    return amdpm4_seterr(-EPROTO, "Vulkan validation reported %u message%s; the first: %s", n,
                         n == 1 ? "" : "s", first ? first : "?");
}

void tool_vk_describe(const struct vkref *vk, char *buf, size_t n)
{
    const struct vkref_info *in = vkref_info(vk);

    snprintf(buf, n, "%.100s [%.60s%s%.120s]", in->dev.name, in->dev.driver_name,
             in->dev.driver_info[0] ? ", " : "", in->dev.driver_info);
}

void tool_vk_trace(struct tool_trace *t, int cpu, int gpu, const char *what,
                   const struct vkref_report *rep)
{
    for (unsigned i = 0; t && i < rep->n_iters; i++) {
        const struct vkref_iter_ns *v = &rep->iter[i];
        /* vkref waits right after the submit, as the PM4 path does */
        const struct tool_pm4_iter it = {
            .record_t0_ns = v->record_t0_ns, .record_ns = v->record_ns,
            .submit_t0_ns = v->submit_t0_ns, .submit_ns = v->submit_ns, .wait_ns = v->wait_ns,
            .gpu_t0_ns = v->gpu_t0_ns, .gpu_ns = v->gpu_ns,
        };
        trace_iter(t, cpu, gpu, rep->shader, what, i, &it);
    }
}

/* ---------------------------------------------------------------- simulator statistics */

void tool_stats_print(FILE *f, const struct amdpm4_dispatch_stats *st)
{
    if (st->lds_oob_accesses)
        fprintf(f, "  WARNING: %" PRIu64 " LDS access%s beyond the workgroup's %u-byte "
                "allocation (read as 0, writes dropped; AMDPM4_SIM_STRICT_LDS=1 faults at the "
                "first)\n", st->lds_oob_accesses, st->lds_oob_accesses == 1 ? "" : "es",
                st->lds_bytes_allocated);
    if (st->buffer_oob_accesses)
        fprintf(f, "  WARNING: %" PRIu64 " buffer access%s outside the V#'s range (read as 0, "
                "writes dropped)\n", st->buffer_oob_accesses,
                st->buffer_oob_accesses == 1 ? "" : "es");
    fprintf(f, "  wave-instructions %" PRIu64 " in %" PRIu64 " wave%s of %" PRIu64
            " workgroup%s\n", st->insts, st->waves, st->waves == 1 ? "" : "s", st->workgroups,
            st->workgroups == 1 ? "" : "s");
    for (unsigned k = 0; k < AMDPM4_STATS_CLASSES; k++) {
        const char *name = amdpm4_stats_class_name(k);
        if (name && st->by_class[k])
            fprintf(f, "    %-10s %14" PRIu64 "  %5.1f%%\n", name, st->by_class[k],
                    st->insts ? 100.0 * (double)st->by_class[k] / (double)st->insts : 0.0);
    }
    fprintf(f, "  VOPD pairs %" PRIu64 ", WMMA %" PRIu64 ", DPP %" PRIu64 ", barriers %" PRIu64
            "\n", st->vopd_pairs, st->wmma_ops, st->dpp_ops, st->barriers);
    fprintf(f, "  LDS bytes read %" PRIu64 ", written %" PRIu64 "; global bytes loaded %" PRIu64
            ", stored %" PRIu64 "; scalar bytes loaded %" PRIu64 "\n", st->lds_bytes_read,
            st->lds_bytes_written, st->global_bytes_loaded, st->global_bytes_stored,
            st->smem_bytes_loaded);
    fprintf(f, "  out-of-range accesses: LDS %" PRIu64 ", buffer %" PRIu64 "; instructions "
            "decoded %" PRIu64 " (not cached from an earlier dispatch)\n", st->lds_oob_accesses,
            st->buffer_oob_accesses, st->insts_decoded);
    fprintf(f, "  VGPRs allocated %u (used %u), LDS %u bytes, scratch %u bytes per wave\n",
            st->vgprs_allocated, st->vgprs_used, st->lds_bytes_allocated,
            st->scratch_bytes_per_wave);
}

void tool_stats_json(struct tool_json *j, const struct amdpm4_dispatch_stats *st)
{
    tj_obj(j, "stats");
    tj_u64(j, "wave_instructions", st->insts);
    tj_obj_line(j, "by_class");
    for (unsigned k = 0; k < AMDPM4_STATS_CLASSES; k++)
        if (amdpm4_stats_class_name(k))
            tj_u64(j, amdpm4_stats_class_name(k), st->by_class[k]);
    tj_obj_end(j);
    tj_u64(j, "vopd_pairs", st->vopd_pairs);
    tj_u64(j, "wmma_ops", st->wmma_ops);
    tj_u64(j, "dpp_ops", st->dpp_ops);
    tj_u64(j, "lds_bytes_read", st->lds_bytes_read);
    tj_u64(j, "lds_bytes_written", st->lds_bytes_written);
    tj_u64(j, "lds_oob_accesses", st->lds_oob_accesses);
    tj_u64(j, "global_bytes_loaded", st->global_bytes_loaded);
    tj_u64(j, "global_bytes_stored", st->global_bytes_stored);
    tj_u64(j, "buffer_oob_accesses", st->buffer_oob_accesses);
    tj_u64(j, "scratch_bytes_loaded", st->scratch_bytes_loaded);
    tj_u64(j, "scratch_bytes_stored", st->scratch_bytes_stored);
    tj_u64(j, "smem_bytes_loaded", st->smem_bytes_loaded);
    tj_u64(j, "barriers", st->barriers);
    tj_u64(j, "waves", st->waves);
    tj_u64(j, "workgroups", st->workgroups);
    tj_u64(j, "insts_decoded", st->insts_decoded);
    tj_u64(j, "vgprs_allocated", st->vgprs_allocated);
    tj_u64(j, "vgprs_used", st->vgprs_used);
    tj_u64(j, "lds_bytes_allocated", st->lds_bytes_allocated);
    tj_u64(j, "scratch_bytes_per_wave", st->scratch_bytes_per_wave);
    tj_obj_end(j);
}
