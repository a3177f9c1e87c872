/*
 * tests/bench_vkref.c — the Vulkan reference path on one device, for the
 * record: the device and its driver, its memory types and heaps, where each
 * buffer landed and whether staging was used, the check of every op against
 * the CPU reference (a seeded sample of rows for large shapes), and GPU
 * times (timestamps) with CPU record/submit/wait times.
 *
 *   build/bench/vkref [--vk-device INDEX|NAME] [--validation] [--staging]
 *                     [--fp32] [--full | --quick] [--iters N]
 *
 * The device comes from --vk-device or AMDPM4_VK_DEVICE (default: the
 * first discrete GPU, then integrated, then CPU).  On a GPU the shapes are
 * the ones to report (matmul_f32 2048³, matmul_f16 4096³, ...); on a CPU
 * device (lavapipe, what `make bench` gets here) they are reduced unless
 * --full.  Needs only a Vulkan loader and driver: no libdrm device, no
 * simulator.  Exit 0 if every check passed, 1 if one failed, 2 on usage.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amdpm4.h"
#include "kernels/ops.h"
#include "vkref/vkref.h"

#include <vulkan/vulkan.h>

#define SAMPLE_ROWS 64          /* reference rows checked on large shapes */
#define SAMPLE_BYTES 65536      /* copy/fill: a row is one byte */
#define FULL_CHECK_ELEMS (UINT64_C(1) << 22)    /* smaller outputs are checked whole */

struct bench_opts {
    const char *device;
    bool validation, staging, fp32, full, quick;
    unsigned iters;
};

static int usage(const char *msg)
{
    fprintf(stderr, "bench vkref: %s\nusage: vkref [--vk-device INDEX|NAME] [--validation] "
                    "[--staging] [--fp32] [--full|--quick] [--iters N]\n", msg);
    return 2;
}

static void print_memory(const struct vkref_info *in)
{
    char f[160];

    printf("memory heaps:\n");
    for (uint32_t h = 0; h < in->n_memory_heaps; h++) {
        printf("  heap %u: %8.2f GiB%s\n", h, (double)in->memory_heap[h].bytes / (1u << 30),
               (in->memory_heap[h].flags & 1u) ? "  DEVICE_LOCAL" : "");
    }
    printf("memory types:\n");
    for (uint32_t t = 0; t < in->n_memory_types; t++) {
        vkref_memory_flags_str(in->memory_type[t].flags, f, sizeof(f));
        printf("  type %2u: heap %u  %s\n", t, in->memory_type[t].heap, f);
    }
}

static void print_placements(const struct vkref_report *rep)
{
    char f[160], sf[160];

    for (unsigned i = 0; i < rep->n_placements; i++) {
        const struct vkref_placement *p = &rep->placement[i];
        vkref_memory_flags_str(p->type_flags, f, sizeof(f));
        printf("    %-4s %12llu bytes: type %u heap %u (%s)", p->arg,
               (unsigned long long)p->size_bytes, p->memory_type, p->heap, f);
        if (p->staged) {
            vkref_memory_flags_str(p->staging_flags, sf, sizeof(sf));
            printf(", staged through type %u heap %u (%s)", p->staging_type, p->staging_heap,
                   sf);
        } else {
            printf(", mapped directly");
        }
        printf("\n");
    }
}

/* Check all rows of small outputs, a seeded sample of large ones. */
static int check(struct kern_bufs *b, bool *pass)
{
    struct kern_cmp c[KERN_MAX_ARGS];
    static uint64_t rows[SAMPLE_BYTES];
    const bool bytes = b->shape.op == KERN_OP_COPY || b->shape.op == KERN_OP_FILL;
    uint64_t n_rows = 0, elems = 0;
    unsigned n;
    char idx[64], how[64] = "all";
    int r;

    for (unsigned i = 0; i < b->n; i++)
        if (b->arg[i].dir == KERN_ARG_OUT)
            elems += b->arg[i].elems;
    if (elems > FULL_CHECK_ELEMS) {
        r = kern_sample_rows(&b->shape, b->seed, bytes ? SAMPLE_BYTES : SAMPLE_ROWS, rows,
                             &n_rows);
        if (r)
            return r;
        snprintf(how, sizeof(how), "%llu sampled %s", (unsigned long long)n_rows,
                 bytes ? "bytes" : "rows");
    }
    if ((r = kern_check(b, elems > FULL_CHECK_ELEMS ? rows : NULL, n_rows, c, &n)))
        return r;
    *pass = kern_cmp_all_pass(c, n);
    if (!n)
        printf("    check: no outputs\n");
    for (unsigned j = 0; j < n; j++) {
        const struct kern_arg *a = &b->arg[b->n - n + j];
        printf("    check %-4s %s: %llu elements (%s), max abs %.3g, max rel %.3g",
               c[j].arg, c[j].pass ? "PASS" : "FAIL", (unsigned long long)c[j].n_compared, how,
               c[j].max_abs_err,
               c[j].max_rel_err);
        if (c[j].has_ulp)
            printf(", max %llu ulp", (unsigned long long)c[j].max_ulp);
        printf(", largest tolerance %.3g", c[j].max_tol);
        if (c[j].n_bad) {
            kern_index_str(a, c[j].shown[0].index, idx, sizeof(idx));
            printf("; %llu beyond tolerance, first %s got %.9g want %.9g tol %.3g",
                   (unsigned long long)c[j].n_bad, idx, c[j].shown[0].got, c[j].shown[0].want,
                   c[j].shown[0].tol);
        }
        printf("\n");
    }
    return 0;
}

/* Apply "--flag value --switch ..." as the command line would. */
static int set_flags(struct kern_shape *s, const char *flags)
{
    char buf[256], *save = NULL, *tok;
    int r;

    snprintf(buf, sizeof(buf), "%s", flags);
    for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        const char *name = tok + 2, *value = NULL;
        if (kern_shape_flag_has_value(s->op, name))
            value = strtok_r(NULL, " ", &save);
        if ((r = kern_shape_set(s, name, value)))
            return r;
    }
    return 0;
}

static int run_case(struct vkref *vk, enum kern_op op, const char *flags,
                    const struct bench_opts *bo, bool *all_pass)
{
    const struct vkref_info *in = vkref_info(vk);
    struct kern_shape s;
    struct kern_bufs b;
    struct vkref_report rep;
    struct vkref_run_opts ro;
    char shape[200];
    double gpu_ms, flops, bytes;
    uint64_t min_ns;
    bool pass = false;
    int r;

    kern_shape_default(op, &s);
    if ((r = set_flags(&s, flags)))
        return r;
    /* copy/fill are bound whole: keep them within the device's range */
    if ((op == KERN_OP_COPY || op == KERN_OP_FILL) &&
        s.mem.bytes > in->max_storage_buffer_range_bytes)
        s.mem.bytes = in->max_storage_buffer_range_bytes / 16 * 16;
    kern_shape_str(&s, shape, sizeof(shape));
    printf("\n%s %s\n", kern_op_name(op), shape);
    if ((r = kern_bufs_alloc(&s, 1, &b)))
        return r;
    ro.iters = bo->iters;
    ro.warmup = 2;
    if ((r = vkref_run(vk, &b, &ro, &rep))) {
        kern_bufs_free(&b);
        return r;
    }
    printf("    shader %s, %u×%u×%u workgroups × %u dispatch(es), %s\n", rep.shader, rep.groups[0],
           rep.groups[1], rep.groups[2], rep.dispatches,
           rep.staged ? "staging used" : "no staging (device memory mapped directly)");
    print_placements(&rep);
    gpu_ms = (double)vkref_median_ns(&rep, offsetof(struct vkref_iter_ns, gpu_ns)) / 1e6;
    min_ns = rep.iter[0].gpu_ns;
    for (unsigned i = 1; i < rep.n_iters; i++)
        if (rep.iter[i].gpu_ns < min_ns)
            min_ns = rep.iter[i].gpu_ns;
    flops = kern_op_flops(&s);
    bytes = (double)kern_op_traffic_bytes(&s);
    printf("    GPU %.4f ms median of %u (min %.4f ms)", gpu_ms, rep.n_iters,
           (double)min_ns / 1e6);
    if (flops > 0 && gpu_ms > 0)
        printf(", %.1f GFLOP/s", flops / (gpu_ms * 1e-3) / 1e9);
    else if (bytes > 0 && gpu_ms > 0)
        printf(", %.1f GB/s", bytes / (gpu_ms * 1e-3) / 1e9);
    printf("\n    CPU median: record %.1f us, submit %.1f us, wait %.1f us; upload %.1f ms, "
           "download %.1f ms\n",
           (double)vkref_median_ns(&rep, offsetof(struct vkref_iter_ns, record_ns)) / 1e3,
           (double)vkref_median_ns(&rep, offsetof(struct vkref_iter_ns, submit_ns)) / 1e3,
           (double)vkref_median_ns(&rep, offsetof(struct vkref_iter_ns, wait_ns)) / 1e3,
           (double)rep.upload_ns / 1e6, (double)rep.download_ns / 1e6);
    vkref_report_free(&rep);
    r = check(&b, &pass);
    kern_bufs_free(&b);
    if (!pass)
        *all_pass = false;
    fflush(stdout);
    return r;
}

int main(int argc, char **argv)
{
    struct bench_opts bo = {.device = getenv("AMDPM4_VK_DEVICE"), .iters = 0};
    struct vkref_options o = {0};
    struct vkref_device_info *devs;
    struct vkref_loader_info li;
    struct vkref *vk;
    const struct vkref_info *in;
    uint32_t n;
    bool big, all_pass = true;
    int r;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--vk-device") && i + 1 < argc)
            bo.device = argv[++i];
        else if (!strcmp(argv[i], "--validation"))
            bo.validation = true;
        else if (!strcmp(argv[i], "--staging"))
            bo.staging = true;
        else if (!strcmp(argv[i], "--fp32"))
            bo.fp32 = true;
        else if (!strcmp(argv[i], "--full"))
            bo.full = true;
        else if (!strcmp(argv[i], "--quick"))
            bo.quick = true;
        else if (!strcmp(argv[i], "--iters") && i + 1 < argc)
            bo.iters = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--help"))
            return usage("the Vulkan reference path: devices, memory, checks, GPU times"), 0;
        else
            return usage("unknown or incomplete option");
    }
    o.device = bo.device;
    o.validation = bo.validation;
    o.force_staging = bo.staging;
    o.force_fp32 = bo.fp32;

    if ((r = vkref_list_devices(&o, &devs, &n, &li))) {
        fprintf(stderr, "bench vkref: %s\n", amdpm4_last_error());
        return 1;
    }
    if (li.note[0])
        printf("%s\n", li.note);
    printf("Vulkan devices:\n");
    for (uint32_t i = 0; i < n; i++)
        printf("  %u: %s (%s, %s %s)%s\n", i, devs[i].name, devs[i].type, devs[i].driver_name,
               devs[i].driver_info, devs[i].excluded ? " [excluded: may be the simulated GPU]" : "");
    free(devs);
    if ((r = vkref_open(&o, &vk))) {
        fprintf(stderr, "bench vkref: %s\n", amdpm4_last_error());
        return 1;
    }
    in = vkref_info(vk);
    printf("\ndevice: %s\n  type %s, driver %s (%s), Vulkan %u.%u.%u, vendor 0x%04x device "
           "0x%04x\n", in->dev.name, in->dev.type, in->dev.driver_name, in->dev.driver_info,
           VK_API_VERSION_MAJOR(in->dev.api_version), VK_API_VERSION_MINOR(in->dev.api_version),
           VK_API_VERSION_PATCH(in->dev.api_version), in->dev.vendor_id, in->dev.device_id);
    printf("  queue family %u, timestamps %s (%.3f ns/tick), shaders: %s, validation %s\n",
           in->queue_family, in->timestamps ? "yes" : "no", in->timestamp_period_ns,
           in->f16_native ? "16-bit storage + arithmetic" : "fp32 fallback",
           in->validation ? "on" : "off");
    printf("  maxStorageBufferRange %llu, maxMemoryAllocationSize %llu, nonCoherentAtomSize "
           "%llu, minStorageBufferOffsetAlignment %llu, shared memory %u bytes\n",
           (unsigned long long)in->max_storage_buffer_range_bytes,
           (unsigned long long)in->max_allocation_bytes,
           (unsigned long long)in->non_coherent_atom_bytes,
           (unsigned long long)in->min_storage_buffer_offset_alignment_bytes,
           in->max_shared_bytes);
    print_memory(in);

    big = bo.full || (!bo.quick && strcmp(in->dev.type, "CPU") != 0);
    if (!bo.iters)
        bo.iters = big ? 10 : 3;
    printf("\nshapes: %s; %u timed iterations after 2 warm-up ones\n",
           big ? "full (the sizes to report)" : "reduced (CPU device or --quick; --full for "
                                                "the real-GPU sizes)", bo.iters);
    {
        static const struct {
            enum kern_op op;
            const char *full, *reduced;
        } cases[] = {
            {KERN_OP_MATMUL_F32, "--m 2048 --n 2048 --k 2048", "--m 512 --n 512 --k 512"},
            {KERN_OP_MATMUL_F16, "--m 4096 --n 4096 --k 4096", "--m 512 --n 512 --k 512"},
            {KERN_OP_MATMUL_F16, "--m 4096 --n 4096 --k 4096 --out f16",
             "--m 512 --n 512 --k 512 --out f16"},
            {KERN_OP_ATTENTION_F16, "--batch 4 --heads 16 --seq 1024 --dim 64",
             "--batch 1 --heads 2 --seq 256 --dim 64"},
            {KERN_OP_ATTENTION_F16, "--batch 4 --heads 16 --seq 1024 --dim 128 --causal",
             "--batch 1 --heads 2 --seq 256 --dim 128 --causal"},
            {KERN_OP_COPY, "--bytes 256M", "--bytes 16M"},
            {KERN_OP_FILL, "--bytes 256M", "--bytes 16M"},
            {KERN_OP_EMPTY, "--count 1", "--count 1"},
            {KERN_OP_EMPTY, "--count 100", "--count 100"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
            if ((r = run_case(vk, cases[i].op, big ? cases[i].full : cases[i].reduced, &bo,
                              &all_pass))) {
                fprintf(stderr, "bench vkref: %s\n", amdpm4_last_error());
                all_pass = false;
            }
    }
    if (in->validation) {
        const char *first;
        uint32_t m = vkref_validation_count(vk, &first);
        printf("\nvalidation messages: %u%s%s\n", m, m ? ", first: " : "", m ? first : "");
        if (m)
            all_pass = false;
    }
    printf("\nverdict: %s\n", all_pass ? "every check passed" : "FAILED");
    vkref_close(vk);
    return all_pass ? 0 : 1;
}
