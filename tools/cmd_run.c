/* tools/cmd_run.c — `amdpm4 run OP [shape] [--iters N] [--stats] [--trace F]`:
 * run a built-in op on the PM4 path; time per iteration from GPU
 * timestamps; GFLOP/s or GB/s; with --stats the simulator's dynamic
 * statistics. */
#include <inttypes.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/mix.h"
#include "tools/paths.h"
#include "tools/tool.h"

#define CMD "run"
#define DEFAULT_ITERS 10
#define DEFAULT_ITERS_SIM 1

static void usage(FILE *f)
{
    fprintf(f, "usage: amdpm4 run OP [shape flags] [--iters N] [--warmup N] [--stats]\n"
               "                  [--co FILE.co] [--seed N] [--json] [--trace F.json]\n"
               "                  [--device auto|hw|sim]\n\n"
               "Run OP on the PM4 path: its hand-written kernel by its launch plan, inputs from\n"
               "--seed.  Reports the GPU time per iteration (timestamps before the first and\n"
               "after the last dispatch of each submission), GFLOP/s or GB/s, and the CPU time\n"
               "to record, submit and wait.  Results are not checked: see amdpm4 check.\n\n"
               "  --iters N    timed iterations (%d; %d on the simulated device)\n"
               "  --warmup N   untimed iterations first (1; 0 on the simulated device)\n"
               "  --stats      the simulator's dynamic statistics of one iteration\n"
               "               (instructions by class, VOPD pairs, WMMA, LDS and memory bytes)\n"
               "  --co FILE.co take the op's kernel from FILE.co instead of the built-in one:\n"
               "               a kernel of the same name whose metadata names the same\n"
               "               arguments, run by the same launch plan (grid, block, LDS);\n"
               "               --stats then counts it (the instruction-mix figures of the\n"
               "               built-in kernels are left out)\n\n"
               "ops:\n", DEFAULT_ITERS, DEFAULT_ITERS_SIM);
    for (unsigned op = 0; op < KERN_OP_COUNT; op++)
        fprintf(f, "  %-14s %s\n  %-14s %s\n", kern_op_name(op), kern_op_summary(op), "",
                kern_op_usage(op));
    fprintf(f, "\nexit: 0 ran, 1 failure (fault, hang), 2 usage (incl. a --co file that is\n"
               "missing or has no fitting kernel)\n");
}

struct run {
    struct tool_opts o;
    struct kern_shape shape;
    uint32_t iters, warmup;
    bool iters_given, warmup_given, stats;
    const char *co;             /* --co FILE.co */
};

static int parse(struct run *x, int argc, char **argv)
{
    int r;

    if ((r = tool_opts_init(&x->o, CMD, TOOL_OPT_DEVICE | TOOL_OPT_JSON | TOOL_OPT_TRACE |
                            TOOL_OPT_SEED)))
        return r;
    if (tool_wants_help(argc, argv)) {
        usage(stdout);
        return -1;
    }
    if ((r = tool_take_op(CMD, argc, argv, &x->shape)) != TOOL_OK)
        return r;
    for (int i = 2; i < argc;) {
        const char *v;

        if ((r = tool_take_common(&x->o, argc, argv, &i)) ||
            (r = tool_take_shape(CMD, &x->shape, argc, argv, &i))) {
            if (r != 1)
                return r;
        } else if ((r = tool_take_flag(CMD, "iters", true, argc, argv, &i, &v))) {
            if (r != 1 || tool_parse_u32(CMD, "iters", v, 1, &x->iters))
                return TOOL_USAGE;
            x->iters_given = true;
        } else if ((r = tool_take_flag(CMD, "warmup", true, argc, argv, &i, &v))) {
            if (r != 1 || tool_parse_u32(CMD, "warmup", v, 0, &x->warmup))
                return TOOL_USAGE;
            x->warmup_given = true;
        } else if ((r = tool_take_flag(CMD, "stats", false, argc, argv, &i, &v))) {
            if (r != 1)
                return r;
            x->stats = true;
        } else if ((r = tool_take_flag(CMD, "co", true, argc, argv, &i, &v))) {
            if (r != 1)
                return r;
            x->co = v;
        } else {
            return tool_unknown_arg(CMD, argv[i]);
        }
    }
    if (kern_shape_validate(&x->shape))
        return tool_error(CMD, TOOL_USAGE, "%s", amdpm4_last_error());
    return TOOL_OK;
}

struct summary {
    double gpu_med_ns, gpu_min_ns, gpu_max_ns;
    double record_ns, submit_ns, wait_ns;
    double flops, bytes;        /* per iteration */
};

static double med(const struct tool_pm4_report *rep, size_t off, double *lo, double *hi)
{
    uint64_t *v = malloc(rep->n_iters * sizeof(*v));
    double m;

    if (!v)
        return NAN;
    for (unsigned i = 0; i < rep->n_iters; i++)
        memcpy(&v[i], (const char *)&rep->iter[i] + off, sizeof(*v));
    m = (double)tool_median_u64(v, rep->n_iters);
    if (lo)
        *lo = (double)v[0];
    if (hi)
        *hi = (double)v[rep->n_iters - 1];
    free(v);
    return m;
}

static void summarize(const struct run *x, const struct tool_pm4_report *rep, struct summary *s)
{
    s->gpu_med_ns = med(rep, offsetof(struct kern_run_iter, gpu_ns), &s->gpu_min_ns,
                        &s->gpu_max_ns);
    s->record_ns = med(rep, offsetof(struct kern_run_iter, record_ns), NULL, NULL);
    s->submit_ns = med(rep, offsetof(struct kern_run_iter, submit_ns), NULL, NULL);
    s->wait_ns = med(rep, offsetof(struct kern_run_iter, wait_ns), NULL, NULL);
    s->flops = kern_op_flops(&x->shape);
    s->bytes = (double)kern_op_traffic_bytes(&x->shape);
}

static void print_text(const struct run *x, const char *device, const struct tool_pm4_report *rep,
                       const struct summary *s, bool sim, const struct kern_mix *mix)
{
    const struct kern_dispatch *d = &rep->run.plan.dispatch;
    char shape[160], a[32], b[32], c[32];

    kern_shape_str(&x->shape, shape, sizeof(shape));
    printf("run %s %s on %s\n", kern_op_name(x->shape.op), shape, device);
    printf("  kernel %s%s%s: grid %u,%u,%u x block %u,%u,%u, %u dispatch%s per iteration, %s%s\n",
           d->kernel, x->co ? " from " : "", x->co ? x->co : "", d->grid[0], d->grid[1],
           d->grid[2], d->block[0], d->block[1], d->block[2], rep->run.plan.repeat,
           rep->run.plan.repeat == 1 ? "" : "es",
           rep->n_buffers ? "buffers in " : "no buffers",
           rep->n_buffers ? amdpm4_placement_name(rep->placement) : "");
    printf("  %u iteration%s (%u untimed before): GPU time %s median (min %s, max %s)\n",
           rep->n_iters, rep->n_iters == 1 ? "" : "s", x->warmup,
           tool_fmt_ns(s->gpu_med_ns, a, sizeof(a)), tool_fmt_ns(s->gpu_min_ns, b, sizeof(b)),
           tool_fmt_ns(s->gpu_max_ns, c, sizeof(c)));
    if (s->gpu_med_ns > 0 && s->flops > 0)
        printf("  %.4g GFLOP/s (%.4g GFLOP per iteration)\n", s->flops / s->gpu_med_ns,
               s->flops / 1e9);
    else if (s->gpu_med_ns > 0 && s->bytes > 0)
        printf("  %.4g GB/s (%.4g MB moved per iteration)\n", s->bytes / s->gpu_med_ns,
               s->bytes / 1e6);
    printf("  CPU per iteration: record %s, submit %s, wait %s\n",
           tool_fmt_ns(s->record_ns, a, sizeof(a)), tool_fmt_ns(s->submit_ns, b, sizeof(b)),
           tool_fmt_ns(s->wait_ns, c, sizeof(c)));
    if (sim)
        printf("  note: on the simulated gfx1100 GPU time is the simulator's (host) time\n");
    if (x->stats && !rep->run.has_stats)
        printf("simulator statistics: none (%s)\n", rep->run.stats_error);
    if (rep->run.has_stats) {
        printf("simulator statistics of one iteration:\n");
        tool_stats_print(stdout, &rep->run.stats);
    }
    if (mix) {
        char line[2048];

        /* The same row as README.md's instruction-mix table (kernels/mix.h). */
        printf("instruction mix (the README table's columns; main loop by difference with "
               "half the loop trips):\n");
        kern_mix_format_header(line, sizeof(line));
        printf("%s\n", line);
        kern_mix_format_row(mix, line, sizeof(line));
        printf("%s\n", line);
    }
}

static void print_json(const struct run *x, const char *device, const struct tool_pm4_report *rep,
                       const struct summary *s, bool sim, const struct kern_mix *mix)
{
    char shape[160];
    struct tool_json j;

    kern_shape_str(&x->shape, shape, sizeof(shape));
    tj_begin(&j, stdout);
    tj_str(&j, "op", kern_op_name(x->shape.op));
    tj_str(&j, "shape", shape);
    tj_u64(&j, "seed", x->o.seed);
    tj_str(&j, "device", device);
    tj_bool(&j, "simulated", sim);
    tj_str(&j, "kernel", rep->run.plan.dispatch.kernel);
    tj_str(&j, "code_object", x->co ? x->co : "built-in");
    tj_arr_line(&j, "grid");
    for (int d = 0; d < 3; d++)
        tj_u64(&j, NULL, rep->run.plan.dispatch.grid[d]);
    tj_arr_end(&j);
    tj_arr_line(&j, "block");
    for (int d = 0; d < 3; d++)
        tj_u64(&j, NULL, rep->run.plan.dispatch.block[d]);
    tj_arr_end(&j);
    tj_u64(&j, "dispatches_per_iteration", rep->run.plan.repeat);
    tj_str(&j, "placement", amdpm4_placement_name(rep->placement));
    tj_u64(&j, "iterations", rep->n_iters);
    tj_u64(&j, "warmup", x->warmup);
    tj_num(&j, "gpu_ns_median", s->gpu_med_ns);
    tj_num(&j, "gpu_ns_min", s->gpu_min_ns);
    tj_num(&j, "gpu_ns_max", s->gpu_max_ns);
    tj_num(&j, "gflops", s->flops > 0 ? s->flops / s->gpu_med_ns : NAN);
    tj_num(&j, "gbytes_per_s", s->flops > 0 ? NAN : s->bytes / s->gpu_med_ns);
    tj_num(&j, "record_ns", s->record_ns);
    tj_num(&j, "submit_ns", s->submit_ns);
    tj_num(&j, "wait_ns", s->wait_ns);
    tj_arr_line(&j, "gpu_ns");
    for (unsigned i = 0; i < rep->n_iters; i++)
        tj_u64(&j, NULL, rep->iter[i].gpu_ns);
    tj_arr_end(&j);
    if (x->stats && !rep->run.has_stats)
        tj_str(&j, "stats_unavailable", rep->run.stats_error);
    if (rep->run.has_stats)
        tool_stats_json(&j, &rep->run.stats);
    if (mix) {
        tj_obj(&j, "mix");
        tj_bool(&j, "has_loop", mix->has_loop);
        if (mix->has_loop) {
            tj_u64(&j, "loop_valu", mix->loop_valu);
            tj_num(&j, "loop_work_share", mix->loop_work_share);
            tj_num(&j, "loop_vopd_share", mix->loop_vopd_share);
        }
        tj_u64(&j, "vgprs_used", mix->vgprs_used);
        tj_u64(&j, "vgprs", mix->vgprs);
        tj_u64(&j, "waves_per_simd", mix->waves_per_simd);
        tj_num(&j, "lds_bytes_per_fma", mix->lds_bytes_per_fma < 0 ? NAN : mix->lds_bytes_per_fma);
        tj_num(&j, "global_bytes_per_flop",
               mix->global_bytes_per_flop < 0 ? NAN : mix->global_bytes_per_flop);
        tj_obj_end(&j);
    }
    tj_end(&j);
}

static int run_main(int argc, char **argv)
{
    struct run x = {0};
    struct tool_trace *trace = NULL;
    struct tool_pm4_report rep = {0};
    struct kern_bufs bufs = {0};
    amdpm4_device *dev = NULL;
    char device[320], what[200];
    struct kern_mix mix;
    bool sim, have_mix = false;
    int r = parse(&x, argc, argv);

    if (r != TOOL_OK)
        return r < 0 ? TOOL_OK : r;
    if ((r = tool_open_device(CMD, x.o.device, &dev)) != TOOL_OK)
        return r;
    sim = tool_simulated();
    if (!x.iters_given)
        x.iters = sim ? DEFAULT_ITERS_SIM : DEFAULT_ITERS;
    if (!x.warmup_given)
        x.warmup = sim ? 0 : 1;
    tool_pm4_describe(dev, device, sizeof(device));
    if ((r = tool_trace_open(CMD, x.o.trace_path, &trace)) != TOOL_OK)
        goto out;
    if (kern_bufs_alloc(&x.shape, x.o.seed, &bufs) ||
        tool_pm4_run(dev, &bufs, &(struct kern_run_opts){.iters = x.iters, .warmup = x.warmup,
                                                         .stats = x.stats, .code_object = x.co},
                     &rep)) {
        r = tool_error(CMD, rep.run.code_object_refused ? TOOL_USAGE : TOOL_FAIL, "%s",
                       amdpm4_last_error());
        goto out;
    }
    /* With --stats on the simulated device, also the instruction-mix figures
     * of README.md's table (one or two more runs of the op). */
    if (x.stats && rep.run.has_stats && !x.co) {
        amdpm4_queue *q = NULL;

        if (amdpm4_queue_create(dev, AMDPM4_QUEUE_COMPUTE, &q) ||
            kern_mix_measure(dev, q, &x.shape, x.o.seed, &mix)) {
            amdpm4_queue_destroy(q);
            r = tool_error(CMD, TOOL_FAIL, "instruction mix: %s", amdpm4_last_error());
            goto out;
        }
        amdpm4_queue_destroy(q);
        have_mix = true;
    }
    {
        struct summary s;
        summarize(&x, &rep, &s);
        if (x.o.json)
            print_json(&x, device, &rep, &s, sim, have_mix ? &mix : NULL);
        else
            print_text(&x, device, &rep, &s, sim, have_mix ? &mix : NULL);
    }
    kern_shape_str(&x.shape, what, sizeof(what));
    tool_pm4_trace(trace, 1, 2, what, &rep);
    tool_trace_track(trace, 1, "PM4 path CPU");
    tool_trace_track(trace, 2, device);
    r = TOOL_OK;
out:
    tool_pm4_report_free(&rep);
    kern_bufs_free(&bufs);
    amdpm4_device_close(dev);
    return tool_finish(CMD, r, trace);
}

const struct tool_cmd cmd_run = {"run", "run a built-in op on the PM4 path: time, GFLOP/s or GB/s, "
                                 "simulator statistics", run_main};
