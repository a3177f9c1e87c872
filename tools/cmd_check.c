/* tools/cmd_check.c — `amdpm4 check OP [shape] [--json]`: run OP on the PM4
 * path, on the Vulkan path and on the CPU reference with the same seeded
 * inputs, compare element-wise, and agree or not (issue 7 item 5). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm4/log.h"
#include "tools/paths.h"
#include "tools/tool.h"

#define CMD "check"
/* Shapes whose reference costs more than this (FLOPs, or elements for
 * copy/fill) are checked on a seeded sample of rows unless --full. */
#define FULL_CHECK_FLOPS 4e9
#define FULL_CHECK_ELEMS (UINT64_C(1) << 28)
#define SAMPLE_ROWS 256u

enum { PM4, VK, N_PATHS };
static const char *const path_name[N_PATHS] = {"PM4", "Vulkan"};
static const char *const path_key[N_PATHS] = {"pm4", "vulkan"};

static void usage(FILE *f)
{
    fprintf(f, "usage: amdpm4 check OP [shape flags] [--seed N] [--json] [--trace F.json]\n"
               "                    [--full | --sample ROWS] [--co FILE.co] [--device auto|hw|sim]\n"
               "                    [--vk-device INDEX|NAME] [--vk-staging] [--vk-validation]\n\n"
               "Run OP on the PM4 path, on the Vulkan path and on the CPU reference (fp64\n"
               "accumulation) with the same seeded inputs; compare every output element-wise\n"
               "with the reference: max absolute and relative error, the largest error in\n"
               "ULPs of the output's largest value (f32/f16; meaningful for elements near\n"
               "zero too), the largest share of an element's tolerance used, and elements\n"
               "beyond the op's tolerance with the first of them; PM4 against Vulkan too.\n"
               "Shapes whose reference costs more than 4 GFLOP are checked on a seeded sample\n"
               "of %u rows (--sample ROWS: a sample of that many at any size; --full: all).\n"
               "\nops:\n", SAMPLE_ROWS);
    for (unsigned op = 0; op < KERN_OP_COUNT; op++)
        fprintf(f, "  %-14s %s\n  %-14s %s\n", kern_op_name(op), kern_op_summary(op), "",
                kern_op_usage(op));
    fprintf(f, "\n  --co FILE.co     run the PM4 path with the op's kernel from FILE.co instead of\n"
               "                   the built-in one: same kernel name, same argument names in\n"
               "                   its metadata, same launch plan (a kernel under development\n"
               "                   checked against the references)\n"
               "  --vk-staging     move Vulkan data through staging buffers even when not needed\n"
               "  --vk-validation  enable VK_LAYER_KHRONOS_validation; a message fails the check\n"
               "\nexit: 0 all three agree, 1 a mismatch or a failure, 2 usage (incl. a --co file\n"
               "that is missing or has no fitting kernel)\n");
}

struct check {
    struct tool_opts o;
    struct kern_shape shape;
    bool full, vk_staging, sample_given;
    uint32_t sample;
    const char *co;             /* --co FILE.co */
    struct kern_bufs buf[N_PATHS];
    char device[N_PATHS][320];
    double gpu_ns[N_PATHS];
    struct kern_cmp cmp[N_PATHS][KERN_MAX_ARGS];
    unsigned n_cmp;
    uint64_t *rows, n_rows, total_rows;
    /* PM4 vs Vulkan, per output */
    double diff[KERN_MAX_ARGS];
    uint64_t identical[KERN_MAX_ARGS], n_elems[KERN_MAX_ARGS];
    const char *vk_staged;      /* "staged", "mapped directly" */
};

static int parse(struct check *c, int argc, char **argv)
{
    int r, i;

    if ((r = tool_opts_init(&c->o, CMD, TOOL_OPT_DEVICE | TOOL_OPT_VK_DEVICE | TOOL_OPT_JSON |
                            TOOL_OPT_TRACE | TOOL_OPT_SEED | TOOL_OPT_VK_VALIDATION)))
        return r;
    c->sample = SAMPLE_ROWS;
    if (tool_wants_help(argc, argv)) {
        usage(stdout);
        return -1;
    }
    if ((r = tool_take_op(CMD, argc, argv, &c->shape)) != TOOL_OK)
        return r;
    for (i = 2; i < argc;) {
        const char *v;

        if ((r = tool_take_common(&c->o, argc, argv, &i)) ||
            (r = tool_take_shape(CMD, &c->shape, argc, argv, &i))) {
            if (r != 1)
                return r;
        } else if ((r = tool_take_flag(CMD, "full", false, argc, argv, &i, &v))) {
            if (r != 1)
                return r;
            c->full = true;
        } else if ((r = tool_take_flag(CMD, "sample", true, argc, argv, &i, &v))) {
            if (r != 1 || tool_parse_u32(CMD, "sample", v, 2, &c->sample))
                return TOOL_USAGE;
            c->sample_given = true;
        } else if ((r = tool_take_flag(CMD, "vk-staging", false, argc, argv, &i, &v))) {
            if (r != 1)
                return r;
            c->vk_staging = true;
        } else if ((r = tool_take_flag(CMD, "co", true, argc, argv, &i, &v))) {
            if (r != 1)
                return r;
            c->co = v;
        } else {
            return tool_unknown_arg(CMD, argv[i]);
        }
    }
    if (c->full && c->sample_given)
        return tool_error(CMD, TOOL_USAGE, "--full and --sample exclude each other");
    if (kern_shape_validate(&c->shape))
        return tool_error(CMD, TOOL_USAGE, "%s", amdpm4_last_error());
    if (kern_ref_rows(&c->shape) == 0)
        return tool_error(CMD, TOOL_USAGE, "%s has no output to compare (amdpm4 run %s times it)",
                          kern_op_name(c->shape.op), kern_op_name(c->shape.op));
    return TOOL_OK;
}

/* Which rows the comparison covers: all, or a seeded sample. */
static int choose_rows(struct check *c)
{
    const struct kern_shape *s = &c->shape;
    bool big = kern_op_flops(s) > FULL_CHECK_FLOPS ||
               (kern_op_flops(s) == 0 && kern_ref_rows(s) > FULL_CHECK_ELEMS);

    c->total_rows = kern_ref_rows(s);
    if (c->full || !(big || c->sample_given) || c->sample >= c->total_rows) {
        c->rows = NULL;
        c->n_rows = c->total_rows;
        return 0;
    }
    if (!(c->rows = calloc(c->sample, sizeof(*c->rows))))
        return amdpm4_seterr(-ENOMEM, "out of memory");
    return kern_sample_rows(s, c->o.seed, c->sample, c->rows, &c->n_rows);
}

/* PM4 against Vulkan directly: max |difference|, bit-identical elements. */
static void compare_paths(struct check *c)
{
    unsigned j = 0;

    for (unsigned i = 0; i < c->buf[PM4].n; i++) {
        const struct kern_arg *a = &c->buf[PM4].arg[i];
        const uint8_t *p = c->buf[PM4].data[i], *v = c->buf[VK].data[i];
        size_t eb = kern_dtype_bytes(a->dtype);

        if (a->dir != KERN_ARG_OUT)
            continue;
        c->diff[j] = 0;
        for (uint64_t e = 0; e < a->elems; e++) {
            double d = fabs(kern_value(a, p, e) - kern_value(a, v, e));
            if (!memcmp(p + e * eb, v + e * eb, eb))
                c->identical[j]++;
            else if (!(d <= c->diff[j]))
                c->diff[j] = isnan(d) ? INFINITY : d;
        }
        c->n_elems[j++] = a->elems;
    }
}

static int run_paths(struct check *c, struct tool_trace *trace)
{
    amdpm4_device *dev = NULL;
    struct vkref *vk = NULL;
    struct tool_pm4_report pr;
    struct vkref_report vr;
    unsigned n_cmp[N_PATHS];
    char what[160];
    int r;

    kern_shape_str(&c->shape, what, sizeof(what));
    if ((r = tool_open_device(CMD, c->o.device, &dev)) != TOOL_OK)
        return r;
    for (int p = 0; p < N_PATHS; p++)
        if (kern_bufs_alloc(&c->shape, c->o.seed, &c->buf[p])) {
            r = tool_error(CMD, TOOL_FAIL, "%s", amdpm4_last_error());
            goto out;
        }
    tool_pm4_describe(dev, c->device[PM4], sizeof(c->device[PM4]));
    if (tool_pm4_run(dev, &c->buf[PM4], &(struct kern_run_opts){.iters = 1, .code_object = c->co},
                     &pr)) {
        r = tool_error(CMD, pr.run.code_object_refused ? TOOL_USAGE : TOOL_FAIL, "%s",
                       amdpm4_last_error());
        goto out;
    }
    c->gpu_ns[PM4] = (double)pr.iter[0].gpu_ns;
    tool_pm4_trace(trace, 1, 2, what, &pr);
    tool_pm4_report_free(&pr);
    if (tool_vk_open(&c->o, c->vk_staging, &vk) ||
        vkref_run(vk, &c->buf[VK], &(struct vkref_run_opts){.iters = 1}, &vr)) {
        r = tool_error(CMD, TOOL_FAIL, "Vulkan path: %s", amdpm4_last_error());
        goto out;
    }
    tool_vk_describe(vk, c->device[VK], sizeof(c->device[VK]));
    c->gpu_ns[VK] = (double)vr.iter[0].gpu_ns;
    c->vk_staged = vr.staged ? "through staging buffers" : "mapped directly";
    tool_vk_trace(trace, 3, 4, what, &vr);
    vkref_report_free(&vr);
    if (tool_vk_validation(vk)) {
        r = tool_error(CMD, TOOL_FAIL, "Vulkan path: %s", amdpm4_last_error());
        goto out;
    }
    if (choose_rows(c)) {
        r = tool_error(CMD, TOOL_FAIL, "%s", amdpm4_last_error());
        goto out;
    }
    for (int p = 0; p < N_PATHS; p++)
        if (kern_check(&c->buf[p], c->rows, c->rows ? c->n_rows : 0, c->cmp[p], &n_cmp[p])) {
            r = tool_error(CMD, TOOL_FAIL, "comparison: %s", amdpm4_last_error());
            goto out;
        }
    c->n_cmp = n_cmp[PM4];
    compare_paths(c);
    r = TOOL_OK;
    if (trace) {
        tool_trace_track(trace, 1, "PM4 path CPU");
        tool_trace_track(trace, 2, c->device[PM4]);
        tool_trace_track(trace, 3, "Vulkan path CPU");
        tool_trace_track(trace, 4, c->device[VK]);
    }
out:
    vkref_close(vk);
    amdpm4_device_close(dev);
    return r;
}

/* The output argument behind cmp j. */
static const struct kern_arg *out_arg(const struct check *c, unsigned j)
{
    for (unsigned i = 0, k = 0; i < c->buf[PM4].n; i++)
        if (c->buf[PM4].arg[i].dir == KERN_ARG_OUT && k++ == j)
            return &c->buf[PM4].arg[i];
    return NULL;
}

static double ulps_of_scale(const struct kern_cmp *m)
{
    return m->max_abs_err / kern_ulp(m->dtype, m->max_abs_want);
}

static void print_text(const struct check *c, bool agree)
{
    char shape[160], t[32];

    kern_shape_str(&c->shape, shape, sizeof(shape));
    printf("check %s %s, seed %" PRIu64 "\n", kern_op_name(c->shape.op), shape, c->o.seed);
    for (int p = 0; p < N_PATHS; p++)
        printf("  %-7s path: %s; GPU time %s%s%s\n", path_name[p], c->device[p],
               c->gpu_ns[p] > 0 ? tool_fmt_ns(c->gpu_ns[p], t, sizeof(t)) : "-",
               p == VK ? "; data " : "", p == VK ? c->vk_staged : "");
    if (c->co)
        printf("  PM4 kernel from %s (--co), not the built-in one\n", c->co);
    printf("  CPU reference: %s, %s%" PRIu64 " of %" PRIu64 " rows\n",
           kern_op_flops(&c->shape) > 0 ? "fp64 accumulation" : "exact bytes",
           c->rows ? "a seeded sample of " : "all ", c->n_rows, c->total_rows);
    for (unsigned j = 0; j < c->n_cmp; j++) {
        const struct kern_arg *a = out_arg(c, j);
        char idx[64];

        printf("\n  output %s[%s] %s: %" PRIu64 " elements compared, tolerance up to %.3g\n",
               a->name, a->dim_names, kern_dtype_name(a->dtype), c->cmp[PM4][j].n_compared,
               c->cmp[PM4][j].max_tol);
        printf("    %-7s %11s %11s %18s %13s %17s\n", "path", "max |err|", "max rel",
               "max |err| in ULPs", "of tolerance", "beyond tolerance");
        for (int p = 0; p < N_PATHS; p++) {
            const struct kern_cmp *m = &c->cmp[p][j];
            char ulp[32] = "-";
            if (m->has_ulp)
                snprintf(ulp, sizeof(ulp), "%.3g", ulps_of_scale(m));
            printf("    %-7s %11.3g %11.3g %18s %12.3g%% %17" PRIu64 "\n", path_name[p],
                   m->max_abs_err, m->max_rel_err, ulp, 100 * m->max_err_over_tol, m->n_bad);
        }
        if (c->cmp[PM4][j].has_ulp)
            printf("    (ULPs: of the largest expected |%s|, %.4g, so that elements near zero\n"
                   "     do not inflate them; of tolerance: the largest share of an element's own\n"
                   "     tolerance used)\n", a->name, c->cmp[PM4][j].max_abs_want);
        for (int p = 0; p < N_PATHS; p++) {
            const struct kern_cmp *m = &c->cmp[p][j];
            for (unsigned k = 0; k < m->n_shown; k++) {
                kern_index_str(a, m->shown[k].index, idx, sizeof(idx));
                printf("    %s %s%s: got %.9g, expected %.9g (tolerance %.3g)\n", path_name[p],
                       a->name, idx, m->shown[k].got, m->shown[k].want, m->shown[k].tol);
            }
        }
        printf("    PM4 vs Vulkan: max |difference| %.3g, %" PRIu64 " of %" PRIu64
               " elements bit-identical\n", c->diff[j], c->identical[j], c->n_elems[j]);
    }
    printf("\nverdict: %s\n", agree ? "AGREE" : "MISMATCH");
    for (int p = 0; p < N_PATHS; p++) {
        uint64_t bad = 0;
        for (unsigned j = 0; j < c->n_cmp; j++)
            bad += c->cmp[p][j].n_bad;
        printf("  %s path on %s: %s\n", path_name[p], c->device[p],
               bad ? "elements beyond tolerance" : "matches the CPU reference within tolerance");
        if (bad)
            printf("    %" PRIu64 " element%s beyond tolerance\n", bad, bad == 1 ? "" : "s");
    }
}

static void print_json(const struct check *c, bool agree)
{
    struct tool_json j;
    char shape[160], idx[64];

    kern_shape_str(&c->shape, shape, sizeof(shape));
    tj_begin(&j, stdout);
    tj_str(&j, "op", kern_op_name(c->shape.op));
    tj_str(&j, "shape", shape);
    tj_u64(&j, "seed", c->o.seed);
    tj_obj(&j, "devices");
    for (int p = 0; p < N_PATHS; p++) {
        tj_obj_line(&j, path_key[p]);
        tj_str(&j, "device", c->device[p]);
        if (p == PM4)
            tj_str(&j, "code_object", c->co ? c->co : "built-in");
        tj_num(&j, "gpu_ns", c->gpu_ns[p] > 0 ? c->gpu_ns[p] : NAN);
        tj_obj_end(&j);
    }
    tj_obj_end(&j);
    tj_obj_line(&j, "reference");
    tj_bool(&j, "sampled", c->rows != NULL);
    tj_u64(&j, "rows_checked", c->n_rows);
    tj_u64(&j, "rows", c->total_rows);
    tj_obj_end(&j);
    tj_arr(&j, "outputs");
    for (unsigned o = 0; o < c->n_cmp; o++) {
        const struct kern_arg *a = out_arg(c, o);
        tj_obj(&j, NULL);
        tj_str(&j, "name", a->name);
        tj_str(&j, "dtype", kern_dtype_name(a->dtype));
        tj_arr_line(&j, "dims");
        for (unsigned d = 0; d < a->rank; d++)
            tj_u64(&j, NULL, a->dims[d]);
        tj_arr_end(&j);
        tj_num(&j, "max_tolerance", c->cmp[PM4][o].max_tol);
        for (int p = 0; p < N_PATHS; p++) {
            const struct kern_cmp *m = &c->cmp[p][o];
            tj_obj(&j, path_key[p]);
            tj_bool(&j, "pass", m->pass);
            tj_u64(&j, "compared", m->n_compared);
            tj_u64(&j, "beyond_tolerance", m->n_bad);
            tj_num(&j, "max_abs_err", m->max_abs_err);
            tj_num(&j, "max_rel_err", m->max_rel_err);
            tj_num(&j, "max_err_over_tolerance", m->max_err_over_tol);
            if (m->has_ulp) {
                tj_num(&j, "max_err_ulps_of_largest", ulps_of_scale(m));
                tj_num(&j, "max_abs_expected", m->max_abs_want);
                tj_u64(&j, "max_ulp_elementwise", m->max_ulp);
            }
            tj_arr(&j, "first_mismatches");
            for (unsigned k = 0; k < m->n_shown; k++) {
                tj_obj_line(&j, NULL);
                tj_u64(&j, "index", m->shown[k].index);
                kern_index_str(a, m->shown[k].index, idx, sizeof(idx));
                tj_str(&j, "at", idx);
                tj_num(&j, "got", m->shown[k].got);
                tj_num(&j, "expected", m->shown[k].want);
                tj_num(&j, "tolerance", m->shown[k].tol);
                tj_obj_end(&j);
            }
            tj_arr_end(&j);
            tj_obj_end(&j);
        }
        tj_obj_line(&j, "pm4_vs_vulkan");
        tj_num(&j, "max_abs_diff", c->diff[o]);
        tj_u64(&j, "bit_identical", c->identical[o]);
        tj_u64(&j, "elements", c->n_elems[o]);
        tj_obj_end(&j);
        tj_obj_end(&j);
    }
    tj_arr_end(&j);
    tj_str(&j, "verdict", agree ? "agree" : "mismatch");
    tj_end(&j);
}

static int check_main(int argc, char **argv)
{
    struct check *c = calloc(1, sizeof(*c));
    struct tool_trace *trace = NULL;
    int r;

    if (!c)
        return tool_error(CMD, TOOL_FAIL, "out of memory");
    r = parse(c, argc, argv);
    if (r == TOOL_OK)
        r = tool_device_select(CMD, c->o.device);
    if (r == TOOL_OK)
        r = tool_trace_open(CMD, c->o.trace_path, &trace);
    if (r == TOOL_OK)
        r = run_paths(c, trace);
    if (r == TOOL_OK) {
        bool agree = c->n_cmp > 0 && kern_cmp_all_pass(c->cmp[PM4], c->n_cmp) &&
                     kern_cmp_all_pass(c->cmp[VK], c->n_cmp);
        if (c->o.json)
            print_json(c, agree);
        else
            print_text(c, agree);
        r = agree ? TOOL_OK : TOOL_FAIL;
    }
    for (int p = 0; p < N_PATHS; p++)
        kern_bufs_free(&c->buf[p]);
    free(c->rows);
    free(c);
    return tool_finish(CMD, r, trace);
}

const struct tool_cmd cmd_check = {"check", "an op on the PM4 path, the Vulkan path and the CPU "
                                   "reference; agree or not", check_main};
