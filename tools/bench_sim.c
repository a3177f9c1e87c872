/*
 * tools/bench_sim.c — `amdpm4 bench sim`: how fast the simulated gfx1100
 * executes each built-in op at fixed sizes (wave-instructions per second
 * and simulated FLOP/s or bytes/s, host wall time of the submission), beside
 * the same op on the Vulkan path on the CPU (lavapipe) in the same run, as
 * a ratio: how many times slower simulating the GPU is than running the op
 * on the CPU through Vulkan.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm4/log.h"
#include "tools/bench.h"
#include "tools/paths.h"

#define DEFAULT_REPS 1

/* The fixed sizes; --quick takes the second. */
static const struct {
    enum kern_op op;
    const char *flags[2][4];            /* name, value pairs */
} cases[] = {
    {KERN_OP_MATMUL_F32, {{"m", "256", NULL}, {"m", "128", NULL}}},
    {KERN_OP_MATMUL_F16, {{"m", "256", NULL}, {"m", "128", NULL}}},
    {KERN_OP_ATTENTION_F16, {{"seq", "128", NULL}, {"seq", "64", NULL}}},
    {KERN_OP_COPY, {{"bytes", "4M", NULL}, {"bytes", "1M", NULL}}},
    {KERN_OP_FILL, {{"bytes", "4M", NULL}, {"bytes", "1M", NULL}}},
    {KERN_OP_EMPTY, {{"count", "64", NULL}, {"count", "16", NULL}}},
};
#define N_CASES (sizeof(cases) / sizeof(cases[0]))

struct sim_result {
    char shape[160];
    double work;                /* FLOP, or bytes for copy/fill, per iteration */
    bool flops;
    double sim_ns, vk_ns;       /* medians */
    uint64_t insts;             /* wave-instructions per iteration */
    bool has_stats;
};

static int make_shape(unsigned c, bool quick, struct kern_shape *s)
{
    kern_shape_default(cases[c].op, s);
    for (unsigned k = 0; cases[c].flags[quick][k]; k += 2) {
        const char *name = cases[c].flags[quick][k], *v = cases[c].flags[quick][k + 1];
        int r;
        /* matmul: one size for m, n and k */
        if (!strcmp(name, "m")) {
            if ((r = kern_shape_set(s, "m", v)) || (r = kern_shape_set(s, "n", v)) ||
                (r = kern_shape_set(s, "k", v)))
                return r;
        } else if ((r = kern_shape_set(s, name, v))) {
            return r;
        }
    }
    return 0;
}

static int one(struct bench_opts *b, amdpm4_device *dev, struct vkref *vk, unsigned c,
               struct sim_result *res)
{
    struct kern_shape s;
    struct kern_bufs bp = {0}, bv = {0};
    struct tool_pm4_report pr = {0};
    struct vkref_report vr = {0};
    uint64_t *v = calloc(b->reps, sizeof(*v));
    int r;

    if (!v)
        return amdpm4_seterr(-ENOMEM, "out of memory");
    if ((r = make_shape(c, b->quick, &s)) || (r = kern_bufs_alloc(&s, b->o.seed, &bp)) ||
        (r = kern_bufs_alloc(&s, b->o.seed, &bv)))
        goto out;
    kern_shape_str(&s, res->shape, sizeof(res->shape));
    res->flops = kern_op_flops(&s) > 0;
    res->work = res->flops ? kern_op_flops(&s) : (double)kern_op_traffic_bytes(&s);
    if ((r = tool_pm4_run(dev, &bp, &(struct kern_run_opts){.iters = b->reps, .stats = true},
                          &pr)))
        goto out;
    for (unsigned i = 0; i < pr.n_iters; i++)
        v[i] = pr.iter[i].gpu_ns;
    res->sim_ns = (double)tool_median_u64(v, pr.n_iters);
    res->has_stats = pr.run.has_stats;
    res->insts = pr.run.stats.insts;
    tool_pm4_trace(b->trace, 1, 2, res->shape, &pr);
    if ((r = vkref_run(vk, &bv, &(struct vkref_run_opts){.iters = b->reps}, &vr)))
        goto out;
    for (unsigned i = 0; i < vr.n_iters; i++)
        v[i] = vr.iter[i].gpu_ns;
    res->vk_ns = (double)tool_median_u64(v, vr.n_iters);
    tool_vk_trace(b->trace, 3, 4, res->shape, &vr);
out:
    if (r)
        amdpm4_adderr(r, "%s: ", kern_op_name(cases[c].op));
    vkref_report_free(&vr);
    tool_pm4_report_free(&pr);
    kern_bufs_free(&bp);
    kern_bufs_free(&bv);
    free(v);
    return r;
}

static void print_table(const struct bench_opts *b, const struct sim_result *res,
                        const char *sim_dev, const char *vk_dev)
{
    char t1[32], t2[32];

    printf("bench sim: simulator throughput, medians of %u run%s\n", b->reps,
           b->reps == 1 ? "" : "s");
    printf("  simulated: %s\n  Vulkan:    %s\n", sim_dev, vk_dev);
    printf("  (time: host wall time of the work on each; rate: FLOP/s, or bytes/s for "
           "copy/fill)\n\n");
    {
        int w = 5;
        for (unsigned c = 0; c < N_CASES; c++)
            if ((int)strlen(res[c].shape) > w)
                w = (int)strlen(res[c].shape);
        printf("%-14s %-*s %10s %12s %10s %10s %10s %7s\n", "op", w, "shape", "sim time",
               "wave-inst/s", "sim rate", "Vk time", "Vk rate", "sim/Vk");
        for (unsigned c = 0; c < N_CASES; c++) {
            const struct sim_result *x = &res[c];
            char ips[32] = "-", sr[32] = "-", vr[32] = "-";
            if (x->has_stats)
                snprintf(ips, sizeof(ips), "%.3g", (double)x->insts / x->sim_ns * 1e9);
            if (x->work > 0) {
                snprintf(sr, sizeof(sr), "%.3g", x->work / x->sim_ns * 1e9);
                snprintf(vr, sizeof(vr), "%.3g", x->work / x->vk_ns * 1e9);
            }
            printf("%-14s %-*s %10s %12s %10s %10s %10s %7.3g\n", kern_op_name(cases[c].op), w,
                   x->shape, tool_fmt_ns(x->sim_ns, t1, sizeof(t1)), ips, sr,
                   tool_fmt_ns(x->vk_ns, t2, sizeof(t2)), vr, x->sim_ns / x->vk_ns);
        }
    }
    printf("\n(sim/Vk: how many times longer the simulator takes than the Vulkan path on the "
           "CPU for the same op)\n");
}

static void print_json(const struct bench_opts *b, const struct sim_result *res,
                       const char *sim_dev, const char *vk_dev)
{
    struct tool_json j;

    tj_begin(&j, stdout);
    tj_str(&j, "bench", "sim");
    tj_str(&j, "simulated_device", sim_dev);
    tj_str(&j, "vulkan_device", vk_dev);
    tj_u64(&j, "reps", b->reps);
    tj_arr(&j, "ops");
    for (unsigned c = 0; c < N_CASES; c++) {
        const struct sim_result *x = &res[c];
        tj_obj_line(&j, NULL);
        tj_str(&j, "op", kern_op_name(cases[c].op));
        tj_str(&j, "shape", x->shape);
        tj_num(&j, "sim_ns", x->sim_ns);
        tj_num(&j, "wave_instructions", x->has_stats ? (double)x->insts : NAN);
        tj_num(&j, "wave_instructions_per_s", x->has_stats ? (double)x->insts / x->sim_ns * 1e9
                                                            : NAN);
        tj_num(&j, x->flops ? "sim_flops_per_s" : "sim_bytes_per_s",
               x->work > 0 ? x->work / x->sim_ns * 1e9 : NAN);
        tj_num(&j, "vk_ns", x->vk_ns);
        tj_num(&j, x->flops ? "vk_flops_per_s" : "vk_bytes_per_s",
               x->work > 0 ? x->work / x->vk_ns * 1e9 : NAN);
        tj_num(&j, "sim_time_over_vk_time", x->sim_ns / x->vk_ns);
        tj_obj_end(&j);
    }
    tj_arr_end(&j);
    tj_end(&j);
}

static int write_csv(const struct bench_opts *b, const struct sim_result *res)
{
    FILE *f = tool_open_out(BENCH_CMD, b->o.csv_path);

    if (!f)
        return TOOL_FAIL;
    fprintf(f, "op,shape,sim_ns,wave_instructions,work,work_unit,vk_ns\n");
    for (unsigned c = 0; c < N_CASES; c++) {
        fprintf(f, "%s,", kern_op_name(cases[c].op));
        tool_csv_field(f, res[c].shape);
        fprintf(f, ",%.0f,", res[c].sim_ns);
        if (res[c].has_stats)
            fprintf(f, "%llu", (unsigned long long)res[c].insts);
        fprintf(f, ",%.0f,%s,%.0f\n", res[c].work, res[c].flops ? "flop" : "byte",
                res[c].vk_ns);
    }
    return tool_close_out(BENCH_CMD, b->o.csv_path, f);
}

int bench_sim(struct bench_opts *b)
{
    struct sim_result res[N_CASES];
    amdpm4_device *dev = NULL;
    struct vkref *vk = NULL;
    char sim_dev[320], vk_dev[320];
    int ret = TOOL_OK;

    memset(res, 0, sizeof(res));
    if (!b->given_reps)
        b->reps = DEFAULT_REPS;
    if (!tool_simulated())
        return tool_error(BENCH_CMD, TOOL_USAGE, "bench sim measures the simulated gfx1100; "
                          "this is a real GPU (use --device sim)");
    if (amdpm4_device_open(tool_device_index(), &dev) || tool_vk_open(&b->o, false, &vk)) {
        ret = tool_error(BENCH_CMD, TOOL_FAIL, "%s", amdpm4_last_error());
        goto out;
    }
    tool_pm4_describe(dev, sim_dev, sizeof(sim_dev));
    tool_vk_describe(vk, vk_dev, sizeof(vk_dev));
    for (unsigned c = 0; c < N_CASES; c++)
        if (one(b, dev, vk, c, &res[c])) {
            ret = tool_error(BENCH_CMD, TOOL_FAIL, "%s", amdpm4_last_error());
            goto out;
        }
    if (tool_vk_validation(vk)) {
        ret = tool_error(BENCH_CMD, TOOL_FAIL, "%s", amdpm4_last_error());
        goto out;
    }
    tool_trace_track(b->trace, 1, "PM4 path CPU");
    tool_trace_track(b->trace, 2, sim_dev);
    tool_trace_track(b->trace, 3, "Vulkan path CPU");
    tool_trace_track(b->trace, 4, vk_dev);
    if (b->o.json)
        print_json(b, res, sim_dev, vk_dev);
    else
        print_table(b, res, sim_dev, vk_dev);
    if (b->o.csv_path)
        ret = write_csv(b, res);
out:
    vkref_close(vk);
    amdpm4_device_close(dev);
    return ret;
}
