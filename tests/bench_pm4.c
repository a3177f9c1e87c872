/*
 * tests/bench_pm4.c — host cost of the PM4 path (`make bench`; not a test):
 * what amdpm4_queue_dispatch costs to record, how many IB dwords each
 * dispatch takes, what the simulated CP pays to read those packets with the
 * pm4 table, and submit -> fence of a whole batch on the simulated gfx1100.
 *
 *   build/bench/pm4 [--batch N] [--reps N]
 *
 * Recording is timed alone (clock_gettime around the loop of N dispatches);
 * each batch is then submitted and waited for untimed, so the queue's pools
 * are warm as in a steady state.  Figures are medians of --reps batches
 * after one warm-up batch.  White-box (pm4/queue.h) only to read how many
 * dwords the IB holds.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "amdpm4.h"
#include "pm4/pm4_table.h"
#include "pm4/queue.h"

#define MAX_REPS 101

struct ctx {
    amdpm4_device *dev;
    amdpm4_program *empty_prog, *mem_prog;
    const amdpm4_kernel *empty, *copy;
    amdpm4_queue *q;
    amdpm4_bo *buf;
    uint32_t batch, reps;
};

enum scenario {
    SC_EMPTY,                  /* `empty`: no kernargs, grid 1, block 32, one buffer */
    SC_EMPTY_DEP,              /* the same with a barrier before each dispatch */
    SC_COPY,                   /* `copy`: 32 bytes of kernargs, grid 1, block 32 */
    SC_SWITCH,                 /* `empty` and `copy` alternately */
    SC_COUNT,
};

static const char *const sc_name[SC_COUNT] = {
    "empty, independent",
    "empty, dependent (barrier before each)",
    "copy (32 B kernargs), independent",
    "empty / copy alternating",
};

static uint64_t now_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, unsigned n)
{
    qsort(v, n, sizeof(*v), cmp_u64);
    return v[n / 2];
}

static int record(struct ctx *c, enum scenario sc)
{
    /* copy's kernargs: src, dst, bytes, groups (0 bytes: the waves end at once) */
    struct {
        uint64_t src_va, dst_va, bytes;
        uint32_t groups, pad;
    } karg = {amdpm4_bo_va(c->buf), amdpm4_bo_va(c->buf) + 128, 0, 1, 0};
    struct amdpm4_dispatch e = {
        .kernel = c->empty, .grid = {1, 1, 1}, .block = {32, 1, 1}, .bos = &c->buf, .bo_count = 1,
    };
    struct amdpm4_dispatch k = {
        .kernel = c->copy, .grid = {1, 1, 1}, .block = {32, 1, 1}, .kernarg = &karg,
        .kernarg_bytes = sizeof(karg), .bos = &c->buf, .bo_count = 1,
    };
    int r = 0;

    for (uint32_t i = 0; i < c->batch && !r; i++) {
        if (sc == SC_EMPTY_DEP && i > 0)
            r = amdpm4_queue_barrier(c->q);
        if (!r)
            r = amdpm4_queue_dispatch(c->q, sc == SC_COPY || (sc == SC_SWITCH && i % 2) ? &k : &e);
    }
    return r;
}

/* The CP's table work on the IB just recorded: every packet read with
 * pm4_packet_parse, the first register of each register packet found. */
static uint64_t decode_ns(const struct pm4_ib *ib, uint64_t *packets)
{
    uint64_t t0 = now_ns(), sum = 0;
    size_t pos = 0;

    *packets = 0;
    while (pos < ib->cdw) {
        struct pm4_packet p;

        if (pm4_packet_parse(ib->buf + pos, ib->cdw - pos, &p, NULL, 0))
            break;
        if (p.info && p.info->kind == PM4_BODY_REGS)
            sum += pm4_regs_first_dw(&p, ib->buf + pos);
        pos += p.total_dw;
        ++*packets;
    }
    if (sum == 1)   /* keep the loop */
        fputc(' ', stderr);
    return now_ns() - t0;
}

static int run(struct ctx *c, enum scenario sc)
{
    uint64_t rec[MAX_REPS], dec[MAX_REPS], sub[MAX_REPS], dw = 0, packets = 0;
    int r = 0;

    for (uint32_t rep = 0; rep <= c->reps && !r; rep++) {
        amdpm4_fence *f = NULL;
        uint64_t t0 = now_ns(), t1;

        if ((r = record(c, sc)))
            break;
        t1 = now_ns();
        dw = c->q->ib.cdw;
        if (rep)
            dec[rep - 1] = decode_ns(&c->q->ib, &packets);
        r = amdpm4_queue_submit(c->q, &f);
        if (!r)
            r = amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER);
        amdpm4_fence_release(f);
        if (rep) {
            rec[rep - 1] = t1 - t0;
            sub[rep - 1] = now_ns() - t1;
        }
    }
    if (r) {
        fprintf(stderr, "bench_pm4: %s: %s\n", sc_name[sc], amdpm4_last_error());
        return r;
    }
    printf("%-40s %8.1f ns %8.1f dw %10.1f ns %8.2f us\n", sc_name[sc],
           (double)median(rec, c->reps) / c->batch, (double)dw / c->batch,
           (double)median(dec, c->reps) / (double)packets,
           (double)median(sub, c->reps) / c->batch / 1000.0);
    return 0;
}

int main(int argc, char **argv)
{
    struct ctx c = {.batch = 10000, .reps = 7};
    int r;

    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--batch"))
            c.batch = (uint32_t)strtoul(argv[++i], NULL, 0);
        else if (i + 1 < argc && !strcmp(argv[i], "--reps"))
            c.reps = (uint32_t)strtoul(argv[++i], NULL, 0);
        else {
            fprintf(stderr, "usage: bench_pm4 [--batch N] [--reps N]\n");
            return 2;
        }
    }
    if (!c.batch || !c.reps || c.reps > MAX_REPS) {
        fprintf(stderr, "bench_pm4: --batch >= 1, --reps 1..%u\n", MAX_REPS);
        return 2;
    }
    if ((r = amdpm4_device_open(0, &c.dev)) ||
        (r = amdpm4_program_load_builtin(c.dev, "empty", &c.empty_prog)) ||
        (r = amdpm4_program_kernel(c.empty_prog, "empty", &c.empty)) ||
        (r = amdpm4_program_load_builtin(c.dev, "memory", &c.mem_prog)) ||
        (r = amdpm4_program_kernel(c.mem_prog, "copy", &c.copy)) ||
        (r = amdpm4_bo_alloc(c.dev, 4096, AMDPM4_VRAM, &c.buf)) ||
        (r = amdpm4_queue_create(c.dev, AMDPM4_QUEUE_COMPUTE, &c.q))) {
        fprintf(stderr, "bench_pm4: %s\n", amdpm4_last_error());
        return 1;
    }
    printf("batches of %u dispatches, medians of %u: host time to record a dispatch, IB\n"
           "dwords per dispatch, the CP's table work per packet, submit -> fence per dispatch\n",
           c.batch, c.reps);
    printf("%-40s %11s %11s %13s %11s\n", "", "record", "IB", "CP parse", "sub->fence");
    for (int sc = 0; sc < SC_COUNT && !r; sc++)
        r = run(&c, (enum scenario)sc);
    amdpm4_queue_destroy(c.q);
    amdpm4_bo_free(c.buf);
    amdpm4_program_destroy(c.mem_prog);
    amdpm4_program_destroy(c.empty_prog);
    amdpm4_device_close(c.dev);
    return r ? 1 : 0;
}
