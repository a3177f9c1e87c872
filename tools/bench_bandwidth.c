/*
 * tools/bench_bandwidth.c — `amdpm4 bench bandwidth`: copy and fill GB/s in
 * each placement (VRAM, visible VRAM, GTT) by the copy/fill kernels and by
 * SDMA, and host<->device transfers — the test that data really lives in
 * VRAM (on hardware VRAM copies approach the card's bandwidth while GTT is
 * bounded by PCIe).
 *
 *   shader copy / fill  the built-in copy and fill kernels on a compute
 *                       queue; GPU time between timestamps around the
 *                       dispatch; both buffers in the placement
 *   SDMA copy / fill    amdpm4_queue_copy / amdpm4_queue_fill on a transfer
 *                       queue; SDMA timestamps around it
 *   host->device        amdpm4_bo_upload / amdpm4_bo_download of the whole
 *   device->host        buffer, CPU wall time (through a GTT staging buffer
 *                       and SDMA for VRAM, which the CPU cannot map)
 *
 * GB/s are 10^9 bytes per second of the bytes copied or filled (a copy
 * reads and writes each byte: its memory traffic is twice that).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm4/log.h"
#include "tools/bench.h"
#include "tools/paths.h"

#define DEFAULT_BYTES_HW (UINT64_C(64) << 20)
#define DEFAULT_BYTES_SIM (UINT64_C(4) << 20)
#define DEFAULT_REPS 3

enum measure { SHADER_COPY, SHADER_FILL, SDMA_COPY, SDMA_FILL, HOST_TO_DEV, DEV_TO_HOST, N_MEASURES };

static const struct {
    const char *key, *label;
} measures[N_MEASURES] = {
    {"shader_copy", "shader copy"},
    {"shader_fill", "shader fill"},
    {"sdma_copy", "SDMA copy"},
    {"sdma_fill", "SDMA fill"},
    {"host_to_device", "host->device"},
    {"device_to_host", "device->host"},
};

static const struct {
    enum kern_placement kern;
    enum amdpm4_placement bo;
    const char *key;
} places[] = {
    {KERN_PLACE_VRAM, AMDPM4_VRAM, "vram"},
    {KERN_PLACE_VIS_VRAM, AMDPM4_VRAM_VISIBLE, "vis_vram"},
    {KERN_PLACE_GTT, AMDPM4_GTT, "gtt"},
};
#define N_PLACES (sizeof(places) / sizeof(places[0]))

struct bw {
    struct bench_opts *b;
    amdpm4_device *dev;
    double gbps[N_PLACES][N_MEASURES];
};

static double gbps(uint64_t bytes, double ns)
{
    return ns > 0 ? (double)bytes / ns : NAN;
}

/* The copy or fill kernel: median GPU time of reps iterations. */
static int shader(struct bw *w, unsigned p, enum kern_op op, double *out)
{
    struct kern_shape s;
    struct kern_bufs bufs;
    struct tool_pm4_report rep;
    uint64_t *v;
    int r;

    kern_shape_default(op, &s);
    s.mem.bytes = w->b->bytes;
    s.mem.placement = places[p].kern;
    if ((r = kern_bufs_alloc(&s, w->b->o.seed, &bufs)))
        return r;
    r = tool_pm4_run(w->dev, &bufs, &(struct kern_run_opts){.iters = w->b->reps, .warmup = 1},
                     &rep);
    kern_bufs_free(&bufs);
    if (r)
        return r;
    if (!(v = calloc(rep.n_iters, sizeof(*v)))) {
        tool_pm4_report_free(&rep);
        return amdpm4_seterr(-ENOMEM, "out of memory");
    }
    for (unsigned i = 0; i < rep.n_iters; i++)
        v[i] = rep.iter[i].gpu_ns;
    *out = gbps(w->b->bytes, (double)tool_median_u64(v, rep.n_iters));
    tool_pm4_trace(w->b->trace, 1, 2, kern_op_name(op), &rep);
    free(v);
    tool_pm4_report_free(&rep);
    return 0;
}

/* SDMA copy (src != NULL) or fill of dst: median GPU time of reps. */
static int sdma(struct bw *w, amdpm4_bo *dst, amdpm4_bo *src, double *out)
{
    const uint64_t bytes = w->b->bytes & ~UINT64_C(3);      /* fill: whole dwords */
    uint64_t *v = calloc(w->b->reps, sizeof(*v));
    amdpm4_queue *q = NULL;
    int r = 0;

    if (!v)
        return amdpm4_seterr(-ENOMEM, "out of memory");
    if ((r = amdpm4_queue_create(w->dev, AMDPM4_QUEUE_TRANSFER, &q)))
        goto out;
    for (uint32_t i = 0; i <= w->b->reps && !r; i++) {
        amdpm4_fence *f = NULL;
        uint64_t ts[2], t0;
        unsigned n = 0;

        if ((r = amdpm4_queue_timestamp(q, false, NULL)) ||
            (r = src ? amdpm4_queue_copy(q, dst, 0, src, 0, bytes)
                     : amdpm4_queue_fill(q, dst, 0, 0xA5A5A5A5u, bytes)) ||
            (r = amdpm4_queue_timestamp(q, true, NULL)))
            break;
        t0 = pm4_now_ns();
        if (!(r = amdpm4_queue_submit(q, &f)) && !(r = amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER)) &&
            !(r = amdpm4_fence_timestamps(f, ts, 2, &n)) && n == 2 && i > 0) {
            v[i - 1] = amdpm4_device_ticks_to_ns(w->dev, ts[1] - ts[0]);
            tool_trace_gpu(w->b->trace, 4, src ? "SDMA copy" : "SDMA fill", t0,
                           amdpm4_device_ticks_to_ns(w->dev, ts[0]),
                           amdpm4_device_ticks_to_ns(w->dev, ts[1]));
        }
        amdpm4_fence_release(f);
    }
    if (!r)
        *out = gbps(bytes, (double)tool_median_u64(v, w->b->reps));
out:
    amdpm4_queue_destroy(q);
    free(v);
    return r;
}

/* Upload (up) or download the whole buffer: median CPU wall time. */
static int host(struct bw *w, amdpm4_bo *bo, void *data, bool up, double *out)
{
    uint64_t *v = calloc(w->b->reps, sizeof(*v));
    int r = 0;

    if (!v)
        return amdpm4_seterr(-ENOMEM, "out of memory");
    for (uint32_t i = 0; i <= w->b->reps && !r; i++) {
        uint64_t t0 = pm4_now_ns();
        r = up ? amdpm4_bo_upload(bo, 0, data, w->b->bytes)
               : amdpm4_bo_download(bo, 0, data, w->b->bytes);
        if (!r && i > 0) {
            v[i - 1] = pm4_now_ns() - t0;
            tool_trace_cpu(w->b->trace, 3, up ? "upload" : "download", t0, v[i - 1], NULL);
        }
    }
    if (!r)
        *out = gbps(w->b->bytes, (double)tool_median_u64(v, w->b->reps));
    free(v);
    return r;
}

static int placement(struct bw *w, unsigned p)
{
    amdpm4_bo *a = NULL, *c = NULL;
    void *data = malloc((size_t)w->b->bytes);
    int r;

    if (!data)
        return amdpm4_seterr(-ENOMEM, "out of memory");
    memset(data, 0x5A, (size_t)w->b->bytes);
    if (!(r = shader(w, p, KERN_OP_COPY, &w->gbps[p][SHADER_COPY])) &&
        !(r = shader(w, p, KERN_OP_FILL, &w->gbps[p][SHADER_FILL])) &&
        !(r = amdpm4_bo_alloc(w->dev, w->b->bytes, places[p].bo, &a)) &&
        !(r = amdpm4_bo_alloc(w->dev, w->b->bytes, places[p].bo, &c)) &&
        !(r = sdma(w, c, a, &w->gbps[p][SDMA_COPY])) &&
        !(r = sdma(w, c, NULL, &w->gbps[p][SDMA_FILL])) &&
        !(r = host(w, a, data, true, &w->gbps[p][HOST_TO_DEV])))
        r = host(w, a, data, false, &w->gbps[p][DEV_TO_HOST]);
    amdpm4_bo_free(c);
    amdpm4_bo_free(a);
    free(data);
    if (r)
        amdpm4_adderr(r, "%s: ", amdpm4_placement_name(places[p].bo));
    return r;
}

static void print_table(const struct bw *w, const char *device, bool sim)
{
    char sz[32];

    printf("bench bandwidth: %s per transfer, medians of %u runs, GB/s (10^9 bytes/s of bytes "
           "copied or filled)\n", tool_fmt_bytes(w->b->bytes, sz, sizeof(sz)), w->b->reps);
    printf("  device: %s\n", device);
    if (sim)
        printf("  note: %s\n", BENCH_SIM_NOTE);
    printf("\n%-14s", "placement");
    for (unsigned m = 0; m < N_MEASURES; m++)
        printf(" %13s", measures[m].label);
    printf("\n");
    for (unsigned p = 0; p < N_PLACES; p++) {
        printf("%-14s", amdpm4_placement_name(places[p].bo));
        for (unsigned m = 0; m < N_MEASURES; m++)
            printf(" %13.3g", w->gbps[p][m]);
        printf("\n");
    }
}

static void print_json(const struct bw *w, const char *device, bool sim)
{
    struct tool_json j;

    tj_begin(&j, stdout);
    tj_str(&j, "bench", "bandwidth");
    tj_str(&j, "device", device);
    tj_bool(&j, "simulated", sim);
    if (sim)
        tj_str(&j, "note", BENCH_SIM_NOTE);
    tj_u64(&j, "bytes", w->b->bytes);
    tj_u64(&j, "reps", w->b->reps);
    tj_obj(&j, "gb_per_s");
    for (unsigned p = 0; p < N_PLACES; p++) {
        tj_obj_line(&j, places[p].key);
        for (unsigned m = 0; m < N_MEASURES; m++)
            tj_num(&j, measures[m].key, w->gbps[p][m]);
        tj_obj_end(&j);
    }
    tj_obj_end(&j);
    tj_end(&j);
}

static int write_csv(const struct bw *w)
{
    FILE *f = tool_open_out(BENCH_CMD, w->b->o.csv_path);

    if (!f)
        return TOOL_FAIL;
    fprintf(f, "placement,measure,bytes,gb_per_s\n");
    for (unsigned p = 0; p < N_PLACES; p++)
        for (unsigned m = 0; m < N_MEASURES; m++)
            fprintf(f, "%s,%s,%llu,%.4g\n", places[p].key, measures[m].key,
                    (unsigned long long)w->b->bytes, w->gbps[p][m]);
    return tool_close_out(BENCH_CMD, w->b->o.csv_path, f);
}

int bench_bandwidth(struct bench_opts *b)
{
    struct bw w = {.b = b};
    const bool sim = tool_simulated();
    char device[320];
    int ret = TOOL_OK;

    if (!b->given_reps)
        b->reps = DEFAULT_REPS;
    if (!b->bytes)
        b->bytes = sim ? DEFAULT_BYTES_SIM : DEFAULT_BYTES_HW;
    if (amdpm4_device_open(tool_device_index(), &w.dev))
        return tool_error(BENCH_CMD, TOOL_FAIL, "%s", amdpm4_last_error());
    tool_pm4_describe(w.dev, device, sizeof(device));
    for (unsigned p = 0; p < N_PLACES; p++)
        if (placement(&w, p)) {
            ret = tool_error(BENCH_CMD, TOOL_FAIL, "%s", amdpm4_last_error());
            goto out;
        }
    tool_trace_track(b->trace, 1, "compute queue CPU");
    tool_trace_track(b->trace, 2, "compute queue GPU (copy/fill kernels)");
    tool_trace_track(b->trace, 3, "host transfers");
    tool_trace_track(b->trace, 4, "transfer queue GPU (SDMA)");
    if (b->o.json)
        print_json(&w, device, sim);
    else
        print_table(&w, device, sim);
    if (b->o.csv_path)
        ret = write_csv(&w);
out:
    amdpm4_device_close(w.dev);
    return ret;
}
