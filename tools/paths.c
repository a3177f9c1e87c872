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

void tool_pm4_report_free(struct tool_pm4_report *rep)
{
    free(rep->iter);
    rep->iter = NULL;
    rep->n_iters = 0;
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

int tool_pm4_run(amdpm4_device *dev, struct kern_bufs *b, const struct kern_run_opts *o,
                 struct tool_pm4_report *rep)
{
    struct kern_run_opts opts = *o;
    amdpm4_queue *q = NULL;
    int r;

    memset(rep, 0, sizeof(*rep));
    opts.iters = o->iters ? o->iters : 1;
    if (!(rep->iter = calloc(opts.iters, sizeof(*rep->iter))))
        return amdpm4_seterr(-ENOMEM, "out of memory");
    rep->n_iters = opts.iters;
    opts.iter = rep->iter;
    rep->placement = kern_run_placement(&b->shape);
    rep->n_buffers = b->n;
    if (!(r = amdpm4_queue_create(dev, AMDPM4_QUEUE_COMPUTE, &q)))
        r = kern_run_with(dev, q, b, &opts, &rep->run);
    amdpm4_queue_destroy(q);
    if (r) {
        tool_pm4_report_free(rep);
        return amdpm4_adderr(r, "%s on the PM4 path: ", kern_op_name(b->shape.op));
    }
    return 0;
}

/* Spans of one iteration: record, submit, wait on the CPU track, the
 * dispatches on the GPU track. */
static void trace_iter(struct tool_trace *t, int cpu, int gpu, const char *gpu_name,
                       const char *what, unsigned i, const struct kern_run_iter *it)
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
        trace_iter(t, cpu, gpu, rep->run.plan.dispatch.kernel, what, i, &rep->iter[i]);
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
        const struct kern_run_iter it = {
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
