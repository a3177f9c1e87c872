/*
 * tools/bench_overhead.c — `amdpm4 bench overhead`: what it costs to get
 * empty dispatches to the GPU and back, on the PM4 path and the Vulkan path
 * in one run (issue 8 item 4).
 *
 * Both paths run the same measurements through one interface (struct
 * ov_path): record cost per dispatch over batches; submit, wait and
 * submit->fence latency of one dispatch; chains of N = 1, 4, 16, ...
 * dependent and independent; GPU time per dispatch and the gaps between
 * dispatches from a timestamp around each one.  Every figure is the median
 * of --reps runs after one untimed warm-up.
 *
 *   PM4:    amdpm4_queue_dispatch of the builtin `empty` kernel (grid 1,
 *           block 32, no kernargs) with one 256-byte VRAM buffer in the BO
 *           list; amdpm4_queue_barrier before a dependent dispatch;
 *           timestamps: COPY_DATA of the GPU clock before, RELEASE_MEM
 *           bottom-of-pipe after; one CS ioctl per chain; fence wait.
 *   Vulkan: vkCmdBindPipeline + vkCmdBindDescriptorSets (one storage buffer)
 *           + vkCmdPushConstants (32 bytes) + vkCmdDispatch(1,1,1);
 *           vkCmdPipelineBarrier before a dependent dispatch; timestamp
 *           queries top-of-pipe before, bottom-of-pipe after; one
 *           vkQueueSubmit per chain; vkWaitForFences (vkref/overhead.c).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "amdpm4.h"
#include "pm4/log.h"
#include "tools/bench.h"
#include "tools/paths.h"
#include "tools/svg.h"
#include "vkref/vkref.h"

#define MAX_CHAINS 12           /* 1, 4, ..., 4^11 */
#define EMPTY_BLOCK 32          /* one wave32 */
#define SCRATCH_BYTES 256

/* One chain as measured. */
struct ov_times {
    uint64_t record_t0_ns, record_ns, submit_t0_ns, submit_ns, wait_ns;
    uint64_t gpu_ns;            /* first to last timestamp; 0 if none */
    unsigned n_ts;
    uint64_t *ts_ns;            /* device clock (malloc'd) */
};

struct ov_chain_result {
    uint32_t n;
    bool dep;
    double wall_ns, gpu_ns, record_ns;      /* per dispatch */
};

struct ov_result {
    double record_ns[2];        /* per dispatch, [independent, dependent] */
    double submit_ns, wait_ns, latency_ns;  /* one empty dispatch */
    double gpu_dispatch_ns[2], gpu_gap_ns[2];
    bool has_gpu;
    unsigned n_chains;
    struct ov_chain_result chain[2 * MAX_CHAINS];
};

struct ov_path {
    const char *key, *label;
    char device[300];
    int trace_cpu, trace_gpu;   /* trace tracks */
    void *ctx;
    int (*record)(void *ctx, uint32_t n, bool dep, uint64_t *ns);
    int (*chain)(void *ctx, uint32_t n, bool dep, bool per_ts, struct ov_times *t);
    struct ov_result res;
};

/* ---------------------------------------------------------------- PM4 path */

struct pm4_ctx {
    amdpm4_device *dev;
    amdpm4_program *prog;
    const amdpm4_kernel *k;
    amdpm4_queue *q;
    amdpm4_bo *scratch;
};

static int pm4_record_chain(struct pm4_ctx *c, uint32_t n, bool dep, bool per_ts, bool ts)
{
    struct amdpm4_dispatch d = {
        .kernel = c->k,
        .grid = {1, 1, 1},
        .block = {EMPTY_BLOCK, 1, 1},
        .bos = &c->scratch,
        .bo_count = 1,
    };
    int r = 0;

    for (uint32_t i = 0; i < n && !r; i++) {
        if (dep && i > 0)
            r = amdpm4_queue_barrier(c->q);
        if (!r && ts && (per_ts || i == 0))
            r = amdpm4_queue_timestamp(c->q, false, NULL);
        if (!r)
            r = amdpm4_queue_dispatch(c->q, &d);
        if (!r && ts && (per_ts || i == n - 1))
            r = amdpm4_queue_timestamp(c->q, true, NULL);
    }
    return r;
}

/* Submit what is recorded and wait: CPU times into t (may be NULL). */
static int pm4_submit_wait(struct pm4_ctx *c, struct ov_times *t)
{
    amdpm4_fence *f = NULL;
    uint64_t t0 = pm4_now_ns(), t1;
    int r = amdpm4_queue_submit(c->q, &f);

    t1 = pm4_now_ns();
    if (!r)
        r = amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER);
    if (t) {
        t->submit_t0_ns = t0;
        t->submit_ns = t1 - t0;
        t->wait_ns = pm4_now_ns() - t1;
    }
    if (!r && t && t->n_ts) {
        unsigned got = 0;
        r = amdpm4_fence_timestamps(f, t->ts_ns, t->n_ts, &got);
        if (!r && got != t->n_ts)
            r = amdpm4_seterr(-EIO, "%u timestamps came back, %u were recorded", got, t->n_ts);
        for (unsigned i = 0; !r && i < t->n_ts; i++)
            t->ts_ns[i] = amdpm4_device_ticks_to_ns(c->dev, t->ts_ns[i]);
        if (!r)
            t->gpu_ns = t->ts_ns[t->n_ts - 1] - t->ts_ns[0];
    }
    amdpm4_fence_release(f);
    return r;
}

static int pm4_record(void *ctx, uint32_t n, bool dep, uint64_t *ns)
{
    struct pm4_ctx *c = ctx;
    uint64_t t0 = pm4_now_ns();
    int r = pm4_record_chain(c, n, dep, false, false);

    *ns = pm4_now_ns() - t0;
    /* The batch runs (untimed) so the queue's pools are reused next time. */
    return r ? r : pm4_submit_wait(c, NULL);
}

static int pm4_chain(void *ctx, uint32_t n, bool dep, bool per_ts, struct ov_times *t)
{
    struct pm4_ctx *c = ctx;
    int r;

    t->n_ts = per_ts ? 2 * n : 2;
    if (!(t->ts_ns = calloc(t->n_ts, sizeof(*t->ts_ns))))
        return amdpm4_seterr(-ENOMEM, "out of memory");
    t->record_t0_ns = pm4_now_ns();
    r = pm4_record_chain(c, n, dep, per_ts, true);
    t->record_ns = pm4_now_ns() - t->record_t0_ns;
    return r ? r : pm4_submit_wait(c, t);
}

static int pm4_open(struct pm4_ctx *c, struct ov_path *p)
{
    int r;

    if ((r = amdpm4_device_open(tool_device_index(), &c->dev)) ||
        (r = amdpm4_program_load_builtin(c->dev, "empty", &c->prog)) ||
        (r = amdpm4_program_kernel(c->prog, "empty", &c->k)) ||
        (r = amdpm4_bo_alloc(c->dev, SCRATCH_BYTES, AMDPM4_VRAM, &c->scratch)) ||
        (r = amdpm4_queue_create(c->dev, AMDPM4_QUEUE_COMPUTE, &c->q)))
        return r;
    tool_pm4_describe(c->dev, p->device, sizeof(p->device));
    return 0;
}

static void pm4_close(struct pm4_ctx *c)
{
    amdpm4_queue_destroy(c->q);
    amdpm4_bo_free(c->scratch);
    amdpm4_program_destroy(c->prog);
    amdpm4_device_close(c->dev);
}

/* ---------------------------------------------------------------- Vulkan path */

struct vk_ctx {
    struct vkref *vk;
    struct vkref_overhead *ov;
};

static int vk_record(void *ctx, uint32_t n, bool dep, uint64_t *ns)
{
    struct vk_ctx *c = ctx;
    return vkref_overhead_record(c->ov, n, dep, ns);
}

static int vk_chain(void *ctx, uint32_t n, bool dep, bool per_ts, struct ov_times *t)
{
    struct vk_ctx *c = ctx;
    struct vkref_chain_times vt;
    int r = vkref_overhead_chain(c->ov, n, dep, per_ts, &vt);

    if (r)
        return r;
    *t = (struct ov_times){
        .record_t0_ns = vt.record_t0_ns, .record_ns = vt.record_ns,
        .submit_t0_ns = vt.submit_t0_ns, .submit_ns = vt.submit_ns, .wait_ns = vt.wait_ns,
        .gpu_ns = vt.gpu_ns, .n_ts = vt.n_ts, .ts_ns = vt.ts_ns,
    };
    return 0;
}

static int vk_open(struct vk_ctx *c, struct ov_path *p, const struct bench_opts *b,
                   uint32_t max_dispatches)
{
    int r;

    if ((r = tool_vk_open(&b->o, false, &c->vk)))
        return r;
    tool_vk_describe(c->vk, p->device, sizeof(p->device));
    return vkref_overhead_open(c->vk, max_dispatches, &c->ov);
}

static void vk_close(struct vk_ctx *c)
{
    vkref_overhead_close(c->ov);
    vkref_close(c->vk);
}

/* ---------------------------------------------------------------- measuring */

static double median(uint64_t *v, unsigned n)
{
    return (double)tool_median_u64(v, n);
}

/* CPU and GPU spans of one chain for --trace. */
static void trace_chain(const struct bench_opts *b, const struct ov_path *p, const char *what,
                        const struct ov_times *t, bool per_ts)
{
    char args[96];

    if (!b->trace)
        return;
    snprintf(args, sizeof(args), "\"chain\": \"%s\"", what);
    tool_trace_cpu(b->trace, p->trace_cpu, "record", t->record_t0_ns, t->record_ns, args);
    tool_trace_cpu(b->trace, p->trace_cpu, "submit", t->submit_t0_ns, t->submit_ns, args);
    tool_trace_cpu(b->trace, p->trace_cpu, "wait", t->submit_t0_ns + t->submit_ns, t->wait_ns,
                   args);
    if (!t->n_ts)
        return;
    if (per_ts)
        for (unsigned i = 0; i + 1 < t->n_ts; i += 2)
            tool_trace_gpu(b->trace, p->trace_gpu, "dispatch", t->submit_t0_ns, t->ts_ns[i],
                           t->ts_ns[i + 1]);
    else
        tool_trace_gpu(b->trace, p->trace_gpu, what, t->submit_t0_ns, t->ts_ns[0],
                       t->ts_ns[t->n_ts - 1]);
}

/* Run one chain (reps + 1 warm-up); the medians into res; the submit and
 * wait times of each rep into submit_ns / wait_ns if not NULL. */
static int measure_chain(const struct bench_opts *b, struct ov_path *p, uint32_t n, bool dep,
                         struct ov_chain_result *res, uint64_t *submit_ns, uint64_t *wait_ns)
{
    uint64_t *v = calloc(3 * (size_t)b->reps, sizeof(*v));
    uint64_t *wall = v, *gpu = v + b->reps, *rec = v + 2 * b->reps;
    char what[48];
    int r = 0;

    if (!v)
        return amdpm4_seterr(-ENOMEM, "out of memory");
    snprintf(what, sizeof(what), "%u %s", n, dep ? "dependent" : "independent");
    for (uint32_t i = 0; i <= b->reps && !r; i++) {
        struct ov_times t = {0};
        if ((r = p->chain(p->ctx, n, dep, false, &t)) == 0 && i > 0) {
            wall[i - 1] = t.submit_ns + t.wait_ns;
            gpu[i - 1] = t.gpu_ns;
            rec[i - 1] = t.record_ns;
            if (submit_ns)
                submit_ns[i - 1] = t.submit_ns;
            if (wait_ns)
                wait_ns[i - 1] = t.wait_ns;
            trace_chain(b, p, what, &t, false);
        }
        free(t.ts_ns);
    }
    if (!r)
        *res = (struct ov_chain_result){
            .n = n, .dep = dep,
            .wall_ns = median(wall, b->reps) / n,
            .gpu_ns = median(gpu, b->reps) / n,
            .record_ns = median(rec, b->reps) / n,
        };
    free(v);
    return r;
}

/* A timestamp around each of gap_chain dispatches: median dispatch time
 * and median gap (next begin - this end; negative when they overlap). */
static int measure_gaps(const struct bench_opts *b, struct ov_path *p, bool dep)
{
    const uint32_t n = b->gap_chain;
    uint64_t *dur = calloc((size_t)b->reps * n, sizeof(*dur));
    int64_t *gap = calloc((size_t)b->reps * n, sizeof(*gap));
    size_t nd = 0, ng = 0;
    int r = 0;

    if (!dur || !gap) {
        r = amdpm4_seterr(-ENOMEM, "out of memory");
        goto out;
    }
    for (uint32_t i = 0; i <= b->reps && !r; i++) {
        struct ov_times t = {0};
        if ((r = p->chain(p->ctx, n, dep, true, &t)) == 0 && i > 0 && t.n_ts == 2 * n) {
            for (uint32_t d = 0; d < n; d++) {
                dur[nd++] = t.ts_ns[2 * d + 1] - t.ts_ns[2 * d];
                if (d + 1 < n)
                    gap[ng++] = (int64_t)(t.ts_ns[2 * d + 2] - t.ts_ns[2 * d + 1]);
            }
            trace_chain(b, p, dep ? "timestamped dependent" : "timestamped independent", &t,
                        true);
        }
        free(t.ts_ns);
    }
    if (!r && nd) {
        /* The median of signed gaps: shift to unsigned order and back. */
        uint64_t *g = (uint64_t *)gap;
        for (size_t i = 0; i < ng; i++)
            g[i] = (uint64_t)gap[i] ^ (UINT64_C(1) << 63);
        p->res.gpu_dispatch_ns[dep] = median(dur, (unsigned)nd);
        p->res.gpu_gap_ns[dep] = ng ? (double)(int64_t)(tool_median_u64(g, ng) ^
                                                        (UINT64_C(1) << 63)) : NAN;
        p->res.has_gpu = true;
    }
out:
    free(dur);
    free(gap);
    return r;
}

static int measure(const struct bench_opts *b, struct ov_path *p)
{
    uint64_t *v = calloc(3 * (size_t)b->reps, sizeof(*v));
    uint64_t *sub = v + b->reps, *wt = v + 2 * b->reps;
    struct ov_result *res = &p->res;
    struct ov_chain_result one;
    int r = 0;

    if (!v)
        return amdpm4_seterr(-ENOMEM, "out of memory");
    /* Record cost: one warm-up batch, then reps batches. */
    for (int dep = 0; dep < 2 && !r; dep++) {
        for (uint32_t i = 0; i <= b->reps && !r; i++) {
            uint64_t t0 = pm4_now_ns(), ns = 0;
            if ((r = p->record(p->ctx, b->batch, dep, &ns)) == 0 && i > 0) {
                v[i - 1] = ns;
                tool_trace_cpu(b->trace, p->trace_cpu, dep ? "record batch (dependent)"
                                                           : "record batch", t0, ns, NULL);
            }
        }
        if (!r)
            res->record_ns[dep] = median(v, b->reps) / b->batch;
    }
    /* One empty dispatch: submit, wait, latency. */
    if (!r && !(r = measure_chain(b, p, 1, false, &one, sub, wt))) {
        res->latency_ns = one.wall_ns;
        res->submit_ns = median(sub, b->reps);
        res->wait_ns = median(wt, b->reps);
    }
    free(v);
    /* Chains, then GPU time per dispatch and gaps. */
    res->n_chains = 0;
    for (uint64_t n = 1; !r && n <= b->max_chain && res->n_chains < 2 * MAX_CHAINS; n *= 4)
        for (int dep = 0; dep < 2 && !r; dep++)
            r = measure_chain(b, p, (uint32_t)n, dep, &res->chain[res->n_chains++], NULL, NULL);
    for (int dep = 0; dep < 2 && !r; dep++)
        r = measure_gaps(b, p, dep);
    return r;
}

/* ---------------------------------------------------------------- output */

static const char *const dep_name[2] = {"independent", "dependent"};

static void print_table(const struct bench_opts *b, struct ov_path *p, unsigned np, bool sim)
{
    char a[32], c[32];

    printf("bench overhead: empty dispatches, medians of %u runs\n", b->reps);
    for (unsigned i = 0; i < np; i++)
        printf("  %-7s path: %s\n", p[i].label, p[i].device);
    if (sim)
        printf("  note: %s\n", BENCH_SIM_NOTE);
    printf("\n%-52s %12s %12s\n", "", p[0].label, p[1].label);
    printf("host cost to record one dispatch (batches of %u)\n", b->batch);
    for (int d = 0; d < 2; d++)
        printf("  %-50s %12s %12s\n", d ? "dependent (with a barrier)" : "independent",
               tool_fmt_ns(p[0].res.record_ns[d], a, sizeof(a)),
               tool_fmt_ns(p[1].res.record_ns[d], c, sizeof(c)));
    printf("one empty dispatch\n");
    printf("  %-50s %12s %12s\n", "submit call (CS ioctl / vkQueueSubmit)",
           tool_fmt_ns(p[0].res.submit_ns, a, sizeof(a)), tool_fmt_ns(p[1].res.submit_ns, c, sizeof(c)));
    printf("  %-50s %12s %12s\n", "fence wait call", tool_fmt_ns(p[0].res.wait_ns, a, sizeof(a)),
           tool_fmt_ns(p[1].res.wait_ns, c, sizeof(c)));
    printf("  %-50s %12s %12s\n", "submit -> fence signalled (latency)",
           tool_fmt_ns(p[0].res.latency_ns, a, sizeof(a)),
           tool_fmt_ns(p[1].res.latency_ns, c, sizeof(c)));
    printf("GPU timestamps around each of %u dispatches\n", b->gap_chain);
    for (int d = 0; d < 2; d++) {
        char l1[64], l2[64];
        snprintf(l1, sizeof(l1), "%s: dispatch time", dep_name[d]);
        snprintf(l2, sizeof(l2), "%s: gap to the next (< 0: overlap)", dep_name[d]);
        printf("  %-50s %12s %12s\n", l1,
               p[0].res.has_gpu ? tool_fmt_ns(p[0].res.gpu_dispatch_ns[d], a, sizeof(a)) : "-",
               p[1].res.has_gpu ? tool_fmt_ns(p[1].res.gpu_dispatch_ns[d], c, sizeof(c)) : "-");
        printf("  %-50s %12s %12s\n", l2,
               p[0].res.has_gpu ? tool_fmt_ns(p[0].res.gpu_gap_ns[d], a, sizeof(a)) : "-",
               p[1].res.has_gpu ? tool_fmt_ns(p[1].res.gpu_gap_ns[d], c, sizeof(c)) : "-");
    }
    printf("\nchains: per dispatch, submit -> fence (GPU first -> last timestamp)\n");
    printf("%8s", "N");
    for (unsigned i = 0; i < np; i++)
        for (int d = 0; d < 2; d++) {
            char h[40];
            snprintf(h, sizeof(h), "%s %s", p[i].label, d ? "dep" : "indep");
            printf(" %24s", h);
        }
    printf("\n");
    for (unsigned k = 0; k < p[0].res.n_chains; k += 2) {
        printf("%8u", p[0].res.chain[k].n);
        for (unsigned i = 0; i < np; i++)
            for (int d = 0; d < 2; d++) {
                const struct ov_chain_result *ch = &p[i].res.chain[k + (unsigned)d];
                char cell[48];
                snprintf(cell, sizeof(cell), "%s (%s)", tool_fmt_ns(ch->wall_ns, a, sizeof(a)),
                         ch->gpu_ns > 0 ? tool_fmt_ns(ch->gpu_ns, c, sizeof(c)) : "-");
                printf(" %24s", cell);
            }
        printf("\n");
    }
}

static void write_json(const struct bench_opts *b, struct ov_path *p, unsigned np, bool sim)
{
    struct tool_json j;

    tj_begin(&j, stdout);
    tj_str(&j, "bench", "overhead");
    tj_bool(&j, "simulated", sim);
    if (sim)
        tj_str(&j, "note", BENCH_SIM_NOTE);
    tj_u64(&j, "reps", b->reps);
    tj_u64(&j, "batch", b->batch);
    tj_u64(&j, "gap_chain", b->gap_chain);
    tj_obj(&j, "paths");
    for (unsigned i = 0; i < np; i++) {
        const struct ov_result *r = &p[i].res;
        tj_obj(&j, p[i].key);
        tj_str(&j, "device", p[i].device);
        tj_obj_line(&j, "record_ns_per_dispatch");
        tj_num(&j, "independent", r->record_ns[0]);
        tj_num(&j, "dependent", r->record_ns[1]);
        tj_obj_end(&j);
        tj_num(&j, "submit_ns", r->submit_ns);
        tj_num(&j, "wait_ns", r->wait_ns);
        tj_num(&j, "latency_ns", r->latency_ns);
        tj_obj(&j, "gpu_per_dispatch");
        for (int d = 0; d < 2; d++) {
            tj_obj_line(&j, dep_name[d]);
            tj_num(&j, "dispatch_ns", r->has_gpu ? r->gpu_dispatch_ns[d] : NAN);
            tj_num(&j, "gap_ns", r->has_gpu ? r->gpu_gap_ns[d] : NAN);
            tj_obj_end(&j);
        }
        tj_obj_end(&j);
        tj_arr(&j, "chains");
        for (unsigned k = 0; k < r->n_chains; k++) {
            tj_obj_line(&j, NULL);
            tj_u64(&j, "n", r->chain[k].n);
            tj_bool(&j, "dependent", r->chain[k].dep);
            tj_num(&j, "wall_ns_per_dispatch", r->chain[k].wall_ns);
            tj_num(&j, "gpu_ns_per_dispatch", r->chain[k].gpu_ns > 0 ? r->chain[k].gpu_ns : NAN);
            tj_num(&j, "record_ns_per_dispatch", r->chain[k].record_ns);
            tj_obj_end(&j);
        }
        tj_arr_end(&j);
        tj_obj_end(&j);
    }
    tj_obj_end(&j);
    tj_end(&j);
}

static void csv_row(FILE *f, const char *path, const char *measure, uint32_t n, int dep,
                    double ns)
{
    fprintf(f, "%s,%s,", path, measure);
    if (n)
        fprintf(f, "%u", n);
    fprintf(f, ",%s,", dep < 0 ? "" : dep ? "1" : "0");
    if (isfinite(ns))
        fprintf(f, "%.1f", ns);
    fputc('\n', f);
}

static int write_csv(const struct bench_opts *b, struct ov_path *p, unsigned np)
{
    FILE *f = tool_open_out(BENCH_CMD, b->o.csv_path);

    if (!f)
        return TOOL_FAIL;
    fprintf(f, "path,measure,chain_length,dependent,ns\n");
    for (unsigned i = 0; i < np; i++) {
        const struct ov_result *r = &p[i].res;
        for (int d = 0; d < 2; d++)
            csv_row(f, p[i].key, "record_per_dispatch", b->batch, d, r->record_ns[d]);
        csv_row(f, p[i].key, "submit", 1, 0, r->submit_ns);
        csv_row(f, p[i].key, "wait", 1, 0, r->wait_ns);
        csv_row(f, p[i].key, "latency", 1, 0, r->latency_ns);
        for (int d = 0; d < 2; d++) {
            csv_row(f, p[i].key, "gpu_dispatch", b->gap_chain, d,
                    r->has_gpu ? r->gpu_dispatch_ns[d] : NAN);
            csv_row(f, p[i].key, "gpu_gap", b->gap_chain, d, r->has_gpu ? r->gpu_gap_ns[d] : NAN);
        }
        for (unsigned k = 0; k < r->n_chains; k++) {
            const struct ov_chain_result *c = &r->chain[k];
            csv_row(f, p[i].key, "chain_wall_per_dispatch", c->n, c->dep, c->wall_ns);
            csv_row(f, p[i].key, "chain_gpu_per_dispatch", c->n, c->dep,
                    c->gpu_ns > 0 ? c->gpu_ns : NAN);
            csv_row(f, p[i].key, "chain_record_per_dispatch", c->n, c->dep, c->record_ns);
        }
    }
    return tool_close_out(BENCH_CMD, b->o.csv_path, f);
}

static int write_plot(const struct bench_opts *b, struct ov_path *p, unsigned np, bool sim)
{
    static const char *const colors[2][2] = {{"#1f77b4", "#08306b"}, {"#fd8d3c", "#a63603"}};
    struct tool_plot_series s[8];
    double x[8][MAX_CHAINS], y[8][MAX_CHAINS];
    char labels[8][64], sub[480];
    unsigned ns = 0;

    for (unsigned i = 0; i < np; i++)
        for (int d = 0; d < 2; d++)
            for (int gpu = 0; gpu < 2; gpu++) {
                unsigned n = 0;
                for (unsigned k = (unsigned)d; k < p[i].res.n_chains; k += 2) {
                    x[ns][n] = p[i].res.chain[k].n;
                    y[ns][n++] = gpu ? p[i].res.chain[k].gpu_ns : p[i].res.chain[k].wall_ns;
                }
                snprintf(labels[ns], sizeof(labels[ns]), "%s %s, %s", p[i].label,
                         d ? "dependent" : "independent", gpu ? "GPU time" : "submit->fence");
                s[ns] = (struct tool_plot_series){labels[ns], colors[i][d], gpu, n, x[ns], y[ns]};
                ns++;
            }
    snprintf(sub, sizeof(sub), "PM4 path: %.150s\nVulkan path: %.150s%s", p[0].device,
             p[1].device, sim ? "\nsimulated gfx1100: the PM4 figures measure host software "
             "plus the simulator" : "");
    return tool_plot_svg(BENCH_CMD, b->o.plot_path, &(struct tool_plot){
        .title = "Cost per empty dispatch against chain length",
        .subtitle = sub,
        .x_label = "dispatches per submission (chain length)",
        .y_label = "time per dispatch",
        .y_is_ns = true,
        .n_series = ns,
        .series = s,
    });
}

int bench_overhead(struct bench_opts *b)
{
    struct pm4_ctx pc = {0};
    struct vk_ctx vc = {0};
    struct ov_path p[2] = {
        {.key = "pm4", .label = "PM4", .trace_cpu = 1, .trace_gpu = 2, .ctx = &pc,
         .record = pm4_record, .chain = pm4_chain},
        {.key = "vulkan", .label = "Vulkan", .trace_cpu = 3, .trace_gpu = 4, .ctx = &vc,
         .record = vk_record, .chain = vk_chain},
    };
    const bool sim = tool_simulated();
    uint32_t most = b->batch;
    int r, ret = TOOL_OK;

    if (!b->given_reps)
        b->reps = 5;
    if (b->max_chain > most)
        most = b->max_chain;
    if (b->gap_chain > most)
        most = b->gap_chain;
    if (most > VKREF_OVERHEAD_MAX_DISPATCHES)
        return tool_error(BENCH_CMD, TOOL_USAGE, "--batch, --max-chain and --gap-chain go up to "
                          "%u", VKREF_OVERHEAD_MAX_DISPATCHES);
    if ((r = pm4_open(&pc, &p[0])) || (r = measure(b, &p[0]))) {
        ret = tool_error(BENCH_CMD, TOOL_FAIL, "PM4 path: %s", amdpm4_last_error());
        goto out;
    }
    if ((r = vk_open(&vc, &p[1], b, most)) || (r = measure(b, &p[1])) ||
        (r = tool_vk_validation(vc.vk))) {
        ret = tool_error(BENCH_CMD, TOOL_FAIL, "Vulkan path: %s", amdpm4_last_error());
        goto out;
    }
    for (unsigned i = 0; i < 2; i++) {
        char name[360];
        snprintf(name, sizeof(name), "%s path CPU", p[i].label);
        tool_trace_track(b->trace, p[i].trace_cpu, name);
        snprintf(name, sizeof(name), "%s path GPU: %s", p[i].label, p[i].device);
        tool_trace_track(b->trace, p[i].trace_gpu, name);
    }
    if (sim)
        tool_trace_note(b->trace, "note", BENCH_SIM_NOTE);
    if (b->o.json)
        write_json(b, p, 2, sim);
    else
        print_table(b, p, 2, sim);
    if (b->o.csv_path && (ret = write_csv(b, p, 2)) != TOOL_OK)
        goto out;
    if (b->o.plot_path)
        ret = write_plot(b, p, 2, sim);
out:
    vk_close(&vc);
    pm4_close(&pc);
    return ret;
}
