/*
 * tests/check_runtime.c — queues, submissions, fences, programs and
 * dispatches on the simulated gfx1100.
 *
 * "queue" and "failure" need only the command processor and the SDMA
 * engine: their work is raw packets built with pm4/'s emitters (WRITE_DATA,
 * WAIT_REG_MEM on a word the CPU controls, COPY_DATA, SDMA POLL_REGMEM),
 * which makes waits, overlap and dependencies deterministic.  "program"
 * loads code objects and checks what a recorded dispatch puts in the IB.
 * "dispatch" runs kernels assembled here with llvm-mc 19 and needs the
 * simulator's wave executor; "leaks" reruns the 10,000-dispatch stream in a
 * child under LeakSanitizer.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "amdpm4.h"
#include "bo/bo.h"
#include "bo/program.h"
#include "pm4/pm4_ib.h"
#include "pm4/pm4_seq.h"
#include "pm4/queue.h"
#include "pm4/sdma_emit.h"
#include "tests/testutil.h"

/* An address no buffer is mapped at: canonical, below 2^47, far above
 * where libdrm's VA manager hands out addresses (from 4 GiB up). */
#define UNMAPPED_VA 0x700000000000ull

static amdpm4_device *open_dev(void)
{
    amdpm4_device *dev = NULL;
    int r = amdpm4_device_open(0, &dev);

    ck_assert_msg(r == 0, "open: %d %s", r, amdpm4_last_error());
    return dev;
}

static amdpm4_queue *new_queue(amdpm4_device *dev, enum amdpm4_queue_kind kind)
{
    amdpm4_queue *q = NULL;
    int r = amdpm4_queue_create(dev, kind, &q);

    ck_assert_msg(r == 0, "queue: %d %s", r, amdpm4_last_error());
    return q;
}

static amdpm4_bo *new_bo(amdpm4_device *dev, uint64_t bytes, enum amdpm4_placement p, void **cpu)
{
    amdpm4_bo *bo = NULL;
    int r = amdpm4_bo_alloc(dev, bytes, p, &bo);

    ck_assert_msg(r == 0, "alloc: %s", amdpm4_last_error());
    if (cpu)
        ck_assert_int_eq(amdpm4_bo_map(bo, cpu), 0);
    return bo;
}

static void wait_ok(amdpm4_fence *f)
{
    int r = amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER);

    ck_assert_msg(r == 0, "wait: %d %s", r, amdpm4_last_error());
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = {0, (long)ms * 1000000L};

    nanosleep(&ts, NULL);
}

/* ---------------------------------------------------------------- raw packets */

struct raw {
    struct pm4_ib ib;
    uint32_t buf[256];
};

static struct pm4_ib *raw_begin(struct raw *r)
{
    pm4_ib_init_fixed(&r->ib, r->buf, 256);
    return &r->ib;
}

/* Append what was built to q's open submission, listing bo. */
static void raw_put(amdpm4_queue *q, struct raw *r, amdpm4_bo *bo)
{
    amdpm4_bo *bos[1] = {bo};

    ck_assert_int_eq(pm4_ib_finish(&r->ib), 0);
    ck_assert_int_eq(amdpm4_queue_raw(q, r->buf, r->ib.cdw, bos, bo ? 1 : 0), 0);
}

/* WRITE_DATA of one dword to va (compute). */
static void write_word(amdpm4_queue *q, amdpm4_bo *bo, uint64_t va, uint32_t value)
{
    struct raw r;

    pm4_emit_write_data(raw_begin(&r), PM4_WD_DST_SEL_MEMORY, va, &value, 1, true);
    raw_put(q, &r, bo);
}

/* Block the queue until the dword at va equals 1 (the CPU writes it). */
static void block_on(amdpm4_queue *q, amdpm4_bo *bo, uint64_t va)
{
    struct raw r;

    if (q->kind == AMDPM4_QUEUE_COMPUTE)
        pm4_emit_wait_reg_mem(raw_begin(&r), PM4_MEM_SPACE_MEMORY, PM4_FUNCTION_EQ, va, 1,
                              0xFFFFFFFFu, 10);
    else
        sdma_emit_poll_regmem(raw_begin(&r), va, 1, 0xFFFFFFFFu, PM4_FUNCTION_EQ, 10, 0xFFF);
    raw_put(q, &r, bo);
}

static void release(volatile uint32_t *word)
{
    __atomic_store_n(word, 1, __ATOMIC_RELEASE);
}

/* ================================================================ queue */

START_TEST(queue_create_refusals_and_ids)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *a = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_queue *b = new_queue(dev, AMDPM4_QUEUE_TRANSFER);
    amdpm4_queue *c = (amdpm4_queue *)1;

    ck_assert_uint_eq(amdpm4_queue_id(a), 0);
    ck_assert_uint_eq(amdpm4_queue_id(b), 1);
    ck_assert_int_eq(amdpm4_queue_create(dev, (enum amdpm4_queue_kind)7, &c), -EINVAL);
    ck_assert_ptr_null(c);
    ck_assert_str_eq(amdpm4_last_error(),
                     "amdpm4_queue_create: kind 7 is neither compute nor transfer");
    ck_assert_int_eq(amdpm4_queue_create(NULL, AMDPM4_QUEUE_COMPUTE, &c), -EINVAL);
    ck_assert_int_eq(amdpm4_queue_submit(NULL, NULL), -EINVAL);
    ck_assert_int_eq(amdpm4_queue_barrier(b), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "transfer queue 1: a barrier needs a compute queue");
    ck_assert_int_eq(amdpm4_fence_wait(NULL, 0), -EINVAL);
    ck_assert_int_eq(amdpm4_fence_poll(NULL), -EINVAL);
    amdpm4_queue_destroy(a);
    amdpm4_queue_destroy(b);
    amdpm4_queue_destroy(NULL);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(empty_submissions_signal)
{
    amdpm4_device *dev = open_dev();

    for (int k = 0; k < 2; k++) {
        amdpm4_queue *q = new_queue(dev, k ? AMDPM4_QUEUE_TRANSFER : AMDPM4_QUEUE_COMPUTE);
        amdpm4_fence *f1 = NULL, *f2 = NULL;

        ck_assert_int_eq(amdpm4_queue_submit(q, &f1), 0);
        ck_assert_int_eq(amdpm4_queue_submit(q, &f2), 0);
        ck_assert_uint_eq(amdpm4_fence_submission(f1), 1);
        ck_assert_uint_eq(amdpm4_fence_submission(f2), 2);
        ck_assert_uint_eq(amdpm4_queue_submissions(q), 2);
        wait_ok(f2);
        ck_assert_int_eq(amdpm4_fence_poll(f1), 1);   /* in order: f1 is done too */
        ck_assert_int_eq(amdpm4_fence_poll(f2), 1);
        ck_assert_int_eq(amdpm4_fence_wait(f1, 0), 0);
        amdpm4_fence_release(f1);
        amdpm4_fence_release(f2);
        amdpm4_fence_release(NULL);
        amdpm4_queue_destroy(q);
    }
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(raw_packets_on_compute)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    volatile uint32_t *cpu;
    amdpm4_bo *bo = new_bo(dev, 4096, AMDPM4_GTT, (void **)&cpu);
    amdpm4_fence *f = NULL;

    write_word(q, bo, amdpm4_bo_va(bo), 0xC0FFEE01u);
    ck_assert_int_eq(amdpm4_queue_barrier(q), 0);
    write_word(q, bo, amdpm4_bo_va(bo) + 4, 0xC0FFEE02u);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    ck_assert_uint_eq(cpu[0], 0xC0FFEE01u);
    ck_assert_uint_eq(cpu[1], 0xC0FFEE02u);
    amdpm4_fence_release(f);
    ck_assert_int_eq(amdpm4_queue_raw(q, NULL, 1, NULL, 0), -EINVAL);
    amdpm4_queue_destroy(q);
    amdpm4_bo_free(bo);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(copy_and_fill_on_transfer)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_TRANSFER);
    amdpm4_queue *cq = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    uint8_t *a_cpu, *c_cpu;
    amdpm4_bo *a = new_bo(dev, (1u << 20) + 8, AMDPM4_GTT, (void **)&a_cpu);
    amdpm4_bo *b = new_bo(dev, (1u << 20) + 8, AMDPM4_VRAM, NULL);
    amdpm4_bo *c = new_bo(dev, (1u << 20) + 8, AMDPM4_GTT, (void **)&c_cpu);
    amdpm4_fence *f = NULL;

    for (size_t i = 0; i < (1u << 20) + 8; i++)
        a_cpu[i] = (uint8_t)(i * 13 + 1);
    ck_assert_int_eq(amdpm4_queue_fill(q, a, 4, 0xA5A55A5Au, 1u << 20), 0);
    ck_assert_int_eq(amdpm4_queue_copy(q, b, 1, a, 0, (1u << 20) + 7), 0);
    ck_assert_int_eq(amdpm4_queue_copy(q, c, 0, b, 0, (1u << 20) + 8), 0);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    amdpm4_fence_release(f);
    /* c[1 + i] = a[i]: a is bytes 0..3 of the pattern, then the fill, then 4 bytes */
    for (size_t i = 0; i < 4; i++)
        ck_assert_uint_eq(c_cpu[1 + i], (uint8_t)(i * 13 + 1));
    for (size_t i = 4; i < (1u << 20) + 4; i++)
        ck_assert_uint_eq(c_cpu[1 + i], (uint8_t)(0xA5A55A5Au >> (8 * (i % 4))));
    for (size_t i = (1u << 20) + 4; i < (1u << 20) + 7; i++)
        ck_assert_uint_eq(c_cpu[1 + i], (uint8_t)(i * 13 + 1));

    ck_assert_int_eq(amdpm4_queue_copy(q, c, 8, a, 0, (1u << 20) + 1), -ERANGE);
    ck_assert_str_eq(amdpm4_last_error(), "transfer queue 0: copy destination: bytes [8, "
                     "+1048577) lie outside the 1048584-byte buffer");
    ck_assert_int_eq(amdpm4_queue_fill(q, a, 2, 0, 8), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "transfer queue 0: fill: offset 2 and size 8 must be "
                     "multiples of 4 bytes");
    ck_assert_int_eq(amdpm4_queue_copy(cq, c, 0, a, 0, 4), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "compute queue 1: a copy needs a transfer queue");
    ck_assert_int_eq(amdpm4_queue_copy(q, c, 0, NULL, 0, 4), -EINVAL);
    ck_assert_int_eq(amdpm4_queue_copy(q, c, 0, a, 0, 0), 0);
    amdpm4_queue_destroy(q);
    amdpm4_queue_destroy(cq);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(timestamps_in_order)
{
    amdpm4_device *dev = open_dev();

    for (int k = 0; k < 2; k++) {
        amdpm4_queue *q = new_queue(dev, k ? AMDPM4_QUEUE_TRANSFER : AMDPM4_QUEUE_COMPUTE);
        amdpm4_bo *bo = new_bo(dev, 4096, AMDPM4_GTT, NULL);
        amdpm4_fence *f = NULL;
        uint64_t t[4] = {0};
        unsigned idx[3], n = 0;

        ck_assert_int_eq(amdpm4_queue_timestamp(q, false, &idx[0]), 0);
        if (k)
            ck_assert_int_eq(amdpm4_queue_fill(q, bo, 0, 1, 4096), 0);
        else
            write_word(q, bo, amdpm4_bo_va(bo), 1);
        ck_assert_int_eq(amdpm4_queue_timestamp(q, true, &idx[1]), 0);
        ck_assert_int_eq(amdpm4_queue_timestamp(q, true, &idx[2]), 0);
        ck_assert_uint_eq(idx[0], 0);
        ck_assert_uint_eq(idx[2], 2);
        ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
        wait_ok(f);
        ck_assert_int_eq(amdpm4_fence_timestamps(f, t, 4, &n), 0);
        ck_assert_uint_eq(n, 3);
        ck_assert_uint_gt(t[0], 0);
        ck_assert_uint_le(t[0], t[1]);
        ck_assert_uint_le(t[1], t[2]);
        ck_assert_uint_eq(t[3], 0);
        ck_assert_int_eq(amdpm4_fence_timestamps(f, NULL, 0, &n), 0);
        ck_assert_uint_eq(n, 3);
        amdpm4_fence_release(f);
        amdpm4_queue_destroy(q);
        amdpm4_bo_free(bo);
    }
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(wait_timeout_poll_and_release)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    volatile uint32_t *cpu;
    amdpm4_bo *bo = new_bo(dev, 4096, AMDPM4_GTT, (void **)&cpu);
    amdpm4_fence *f = NULL;
    uint64_t t[1];
    unsigned n;

    block_on(q, bo, amdpm4_bo_va(bo));
    write_word(q, bo, amdpm4_bo_va(bo) + 4, 77);
    ck_assert_int_eq(amdpm4_queue_timestamp(q, true, NULL), 0);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    ck_assert_int_eq(amdpm4_fence_poll(f), 0);
    ck_assert_int_eq(amdpm4_fence_wait(f, 2000000), -ETIMEDOUT);
    ck_assert_str_eq(amdpm4_last_error(),
                     "compute queue 0, submission 1: still running after 2000000 ns");
    ck_assert_int_eq(amdpm4_fence_timestamps(f, t, 1, &n), -EBUSY);
    ck_assert_uint_eq(cpu[1], 0);
    release(&cpu[0]);
    wait_ok(f);
    ck_assert_uint_eq(cpu[1], 77);
    ck_assert_int_eq(amdpm4_fence_timestamps(f, t, 1, &n), 0);
    ck_assert_uint_eq(n, 1);
    amdpm4_fence_release(f);
    amdpm4_queue_destroy(q);
    amdpm4_device_close(dev);
}
END_TEST

/* A blocked compute queue does not hold up a transfer queue. */
START_TEST(compute_and_transfer_overlap)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *cq = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_queue *tq = new_queue(dev, AMDPM4_QUEUE_TRANSFER);
    volatile uint32_t *word;
    uint32_t *dst;
    amdpm4_bo *ctl = new_bo(dev, 4096, AMDPM4_GTT, (void **)&word);
    amdpm4_bo *src = new_bo(dev, 8u << 20, AMDPM4_VRAM, NULL);
    amdpm4_bo *out = new_bo(dev, 8u << 20, AMDPM4_GTT, (void **)&dst);
    amdpm4_fence *cf = NULL, *tf = NULL;

    block_on(cq, ctl, amdpm4_bo_va(ctl));
    write_word(cq, ctl, amdpm4_bo_va(ctl) + 4, 5);
    ck_assert_int_eq(amdpm4_queue_submit(cq, &cf), 0);
    ck_assert_int_eq(amdpm4_queue_fill(tq, src, 0, 0x01020304u, 8u << 20), 0);
    ck_assert_int_eq(amdpm4_queue_copy(tq, out, 0, src, 0, 8u << 20), 0);
    ck_assert_int_eq(amdpm4_queue_submit(tq, &tf), 0);
    wait_ok(tf);                                    /* the transfer finished ... */
    ck_assert_int_eq(amdpm4_fence_poll(cf), 0);     /* ... while compute still waits */
    ck_assert_uint_eq(dst[0], 0x01020304u);
    ck_assert_uint_eq(dst[(8u << 20) / 4 - 1], 0x01020304u);
    ck_assert_uint_eq(word[1], 0);
    release(&word[0]);
    wait_ok(cf);
    ck_assert_uint_eq(word[1], 5);
    amdpm4_fence_release(cf);
    amdpm4_fence_release(tf);
    amdpm4_device_close(dev);   /* frees the queues and buffers left */
}
END_TEST

/* amdpm4_queue_wait_fence: the compute submission starts after the
 * transfer one, whatever the order the engines would pick. */
START_TEST(cross_queue_dependency)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *tq = new_queue(dev, AMDPM4_QUEUE_TRANSFER);
    amdpm4_queue *cq = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    volatile uint32_t *w;
    amdpm4_bo *bo = new_bo(dev, 4096, AMDPM4_GTT, (void **)&w);
    amdpm4_fence *tf = NULL, *cf = NULL;
    struct raw r;

    block_on(tq, bo, amdpm4_bo_va(bo));
    ck_assert_int_eq(amdpm4_queue_fill(tq, bo, 64, 0x11111111u, 4), 0);
    ck_assert_int_eq(amdpm4_queue_submit(tq, &tf), 0);
    ck_assert_int_eq(amdpm4_queue_wait_fence(cq, tf), 0);
    pm4_emit_copy_data(raw_begin(&r), PM4_CD_SRC_SEL_TC_L2, amdpm4_bo_va(bo) + 64,
                       PM4_CD_DST_SEL_MEMORY, amdpm4_bo_va(bo) + 128, false, true);
    raw_put(cq, &r, bo);
    ck_assert_int_eq(amdpm4_queue_submit(cq, &cf), 0);
    sleep_ms(20);
    ck_assert_int_eq(amdpm4_fence_poll(cf), 0);
    ck_assert_uint_eq(w[32], 0);
    release(&w[0]);
    wait_ok(cf);
    ck_assert_int_eq(amdpm4_fence_poll(tf), 1);
    ck_assert_uint_eq(w[32], 0x11111111u);
    ck_assert_int_eq(amdpm4_queue_wait_fence(cq, NULL), -EINVAL);
    ck_assert_int_eq(amdpm4_queue_wait_fence(cq, tf), 0);   /* done: nothing to wait for */
    amdpm4_fence_release(tf);
    amdpm4_fence_release(cf);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(wait_many_all_and_any)
{
    amdpm4_device *dev = open_dev(), *other = open_dev();
    amdpm4_queue *a = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_queue *b = new_queue(dev, AMDPM4_QUEUE_TRANSFER);
    amdpm4_queue *o = new_queue(other, AMDPM4_QUEUE_COMPUTE);
    volatile uint32_t *w;
    amdpm4_bo *bo = new_bo(dev, 4096, AMDPM4_GTT, (void **)&w);
    amdpm4_fence *f[4] = {NULL}, *of = NULL, *mixed[2];
    unsigned first = 99;

    block_on(a, bo, amdpm4_bo_va(bo));
    ck_assert_int_eq(amdpm4_queue_submit(a, &f[0]), 0);   /* blocked */
    ck_assert_int_eq(amdpm4_queue_submit(b, &f[1]), 0);
    ck_assert_int_eq(amdpm4_queue_fill(b, bo, 256, 9, 256), 0);
    ck_assert_int_eq(amdpm4_queue_submit(b, &f[2]), 0);
    ck_assert_int_eq(amdpm4_fence_wait_many(f, 3, true, 1000000, NULL), -ETIMEDOUT);
    ck_assert_int_eq(amdpm4_fence_wait_many(f + 1, 2, true, AMDPM4_WAIT_FOREVER, NULL), 0);
    ck_assert_int_eq(amdpm4_fence_wait_many(f, 3, false, AMDPM4_WAIT_FOREVER, &first), 0);
    ck_assert_uint_ge(first, 1);
    ck_assert_uint_le(first, 2);
    release(&w[0]);
    ck_assert_int_eq(amdpm4_fence_wait_many(f, 3, true, AMDPM4_WAIT_FOREVER, NULL), 0);
    ck_assert_int_eq(amdpm4_fence_poll(f[0]), 1);
    ck_assert_uint_eq(w[64], 9);
    ck_assert_int_eq(amdpm4_queue_submit(o, &of), 0);
    mixed[0] = f[0];
    mixed[1] = of;
    ck_assert_int_eq(amdpm4_fence_wait_many(mixed, 2, true, 0, NULL), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(),
                     "amdpm4_fence_wait_many: fences of different devices");
    ck_assert_int_eq(amdpm4_fence_wait_many(f, 0, true, 0, NULL), -EINVAL);
    ck_assert_int_eq(amdpm4_fence_wait_many(NULL, 1, true, 0, NULL), -EINVAL);
    for (int i = 0; i < 3; i++)
        amdpm4_fence_release(f[i]);
    amdpm4_fence_release(of);
    amdpm4_device_close(other);
    amdpm4_device_close(dev);
}
END_TEST

/* Several submissions in flight; pools stop growing once warm.  The first
 * submission waits for the CPU until three are in flight, so the pools reach
 * their most before the warm-up snapshot, whatever the timing. */
START_TEST(pools_reach_a_steady_state)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    volatile uint32_t *w;
    amdpm4_bo *bo = new_bo(dev, 4096, AMDPM4_GTT, (void **)&w);
    amdpm4_fence *ring[3] = {NULL};
    struct amdpm4_queue_pool_stats warm, end;
    struct amdpm4_heap_usage u0, u1;

    for (unsigned s = 0; s < 300; s++) {
        amdpm4_fence **slot = &ring[s % 3];

        if (s == 3) {
            ck_assert_int_eq(amdpm4_fence_poll(ring[0]), 0);
            release(&w[64]);
        }
        if (*slot) {   /* triple buffering: wait for the submission 3 back */
            wait_ok(*slot);
            amdpm4_fence_release(*slot);
        }
        if (s == 0)
            block_on(q, bo, amdpm4_bo_va(bo) + 256);
        ck_assert_int_eq(amdpm4_queue_timestamp(q, false, NULL), 0);
        for (unsigned i = 0; i < 8; i++)
            write_word(q, bo, amdpm4_bo_va(bo) + 4 * i, s * 8 + i);
        ck_assert_int_eq(amdpm4_queue_timestamp(q, true, NULL), 0);
        ck_assert_int_eq(amdpm4_queue_submit(q, slot), 0);
        if (s == 3) {
            ck_assert_int_eq(amdpm4_queue_pool_stats(q, &warm), 0);
            ck_assert_int_eq(amdpm4_device_heap_usage(dev, &u0), 0);
        }
    }
    for (unsigned i = 0; i < 3; i++) {
        wait_ok(ring[i]);
        amdpm4_fence_release(ring[i]);
    }
    ck_assert_int_eq(amdpm4_queue_pool_stats(q, &end), 0);
    ck_assert_int_eq(amdpm4_device_heap_usage(dev, &u1), 0);
    ck_assert_uint_eq(end.ib_buffers, warm.ib_buffers);
    ck_assert_uint_eq(end.data_buffers, warm.data_buffers);
    ck_assert_uint_eq(end.fences, warm.fences);
    ck_assert_uint_eq(end.pool_bytes, warm.pool_bytes);
    ck_assert_uint_eq(warm.ib_buffers, 3);      /* 2 in flight + the one being submitted */
    ck_assert_uint_eq(warm.data_buffers, 3);
    ck_assert_uint_le(end.fences, 4);
    ck_assert_uint_eq(end.in_flight, 0);
    ck_assert_uint_eq(u1.allocations[AMDPM4_GTT], u0.allocations[AMDPM4_GTT]);
    ck_assert_uint_eq(amdpm4_queue_submissions(q), 300);
    for (unsigned i = 0; i < 8; i++)
        ck_assert_uint_eq(w[i], 299 * 8 + i);
    amdpm4_queue_destroy(q);
    amdpm4_device_close(dev);
}
END_TEST

/* A submission larger than one IB continues in further IBs of the same CS
 * ioctl; past PM4_QUEUE_MAX_IBS it is refused. */
START_TEST(submission_spans_several_ibs)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    volatile uint32_t *w;
    amdpm4_bo *bo = new_bo(dev, 4096, AMDPM4_GTT, (void **)&w);
    uint32_t *nop = malloc(16384 * 4);
    struct pm4_ib ib;
    amdpm4_fence *f = NULL;
    unsigned i;
    int r = 0;

    ck_assert_ptr_nonnull(nop);
    pm4_ib_init_fixed(&ib, nop, 16384);
    ck_assert_int_eq(pm4_emit_nop(&ib, 16384), 0);   /* the largest NOP: 16384 dwords */
    write_word(q, bo, amdpm4_bo_va(bo), 1);
    for (i = 0; i < 70; i++)   /* 1146880 dwords: two IBs */
        ck_assert_int_eq(amdpm4_queue_raw(q, nop, 16384, NULL, 0), 0);
    write_word(q, bo, amdpm4_bo_va(bo) + 4, 2);
    ck_assert_uint_eq(q->ib_count, 2);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    amdpm4_fence_release(f);
    ck_assert_uint_eq(w[0], 1);
    ck_assert_uint_eq(w[1], 2);
    for (i = 0; i < 8 * 64 + 8 && !r; i++)
        r = amdpm4_queue_raw(q, nop, 16384, NULL, 0);
    ck_assert_int_eq(r, -E2BIG);
    ck_assert_str_eq(amdpm4_last_error(), "compute queue 0: submission full: 8 IBs of up to "
                     "1048575 dwords; submit and record the rest in another submission");
    ck_assert_uint_eq(q->ib_count, 8);
    free(nop);
    amdpm4_device_close(dev);   /* discards the open submission */
}
END_TEST

/* One queue per thread on a shared device, with staged transfers of shared
 * buffers interleaved (the header's thread rules). */
struct qworker {
    amdpm4_device *dev;
    amdpm4_bo *shared;             /* VRAM: staged uploads and downloads */
    unsigned id;
    char err[256];
};

static void *qworker_main(void *arg)
{
    struct qworker *w = arg;
    amdpm4_queue *q = NULL;
    amdpm4_bo *bo = NULL;
    volatile uint32_t *cpu = NULL;
    uint32_t v, back;

    if (amdpm4_queue_create(w->dev, AMDPM4_QUEUE_COMPUTE, &q) ||
        amdpm4_bo_alloc(w->dev, 4096, AMDPM4_GTT, &bo) || amdpm4_bo_map(bo, (void **)&cpu)) {
        snprintf(w->err, sizeof(w->err), "set-up: %s", amdpm4_last_error());
        goto out;
    }
    for (unsigned s = 0; s < 50 && !w->err[0]; s++) {
        struct raw r;
        amdpm4_bo *bos[1] = {bo};
        amdpm4_fence *f = NULL;

        v = w->id * 1000 + s;
        pm4_emit_write_data(raw_begin(&r), PM4_WD_DST_SEL_MEMORY, amdpm4_bo_va(bo), &v, 1, true);
        if (pm4_ib_finish(&r.ib) || amdpm4_queue_raw(q, r.buf, r.ib.cdw, bos, 1) ||
            amdpm4_queue_submit(q, &f) || amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER))
            snprintf(w->err, sizeof(w->err), "submission %u: %s", s, amdpm4_last_error());
        else if (cpu[0] != v)
            snprintf(w->err, sizeof(w->err), "submission %u wrote %u, not %u", s, cpu[0], v);
        amdpm4_fence_release(f);
        /* each thread owns 4 bytes of the shared VRAM buffer */
        if (!w->err[0] && (amdpm4_bo_upload(w->shared, 4 * w->id, &v, 4) ||
                           amdpm4_bo_download(w->shared, 4 * w->id, &back, 4) || back != v))
            snprintf(w->err, sizeof(w->err), "staged round trip %u: %s", s, amdpm4_last_error());
    }
out:
    amdpm4_queue_destroy(q);
    amdpm4_bo_free(bo);
    return NULL;
}

START_TEST(queues_on_threads)
{
    amdpm4_device *dev = open_dev();
    amdpm4_bo *shared = new_bo(dev, 64, AMDPM4_VRAM, NULL);
    struct qworker w[3];
    pthread_t t[3];

    for (unsigned i = 0; i < 3; i++) {
        w[i] = (struct qworker){dev, shared, i, ""};
        ck_assert_int_eq(pthread_create(&t[i], NULL, qworker_main, &w[i]), 0);
    }
    for (unsigned i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
        ck_assert_msg(!w[i].err[0], "thread %u: %s", i, w[i].err);
    }
    amdpm4_device_close(dev);
}
END_TEST

/* ================================================================ failure */

static void short_timeout(void)
{
    setenv("AMDPM4_SIM_TIMEOUT_MS", "300", 1);
}

/* A submission that never ends: reported with its context; the queue is
 * lost; a new queue works. */
START_TEST(hang_reported_then_new_queue)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    volatile uint32_t *w;
    amdpm4_bo *bo = new_bo(dev, 4096, AMDPM4_GTT, (void **)&w);
    amdpm4_fence *f1 = NULL, *f2 = NULL, *f3 = NULL;
    const char *e;

    block_on(q, bo, amdpm4_bo_va(bo));   /* never released */
    ck_assert_int_eq(amdpm4_queue_submit(q, &f1), 0);
    write_word(q, bo, amdpm4_bo_va(bo) + 4, 1);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f2), 0);
    ck_assert_int_eq(amdpm4_fence_wait(f2, AMDPM4_WAIT_FOREVER), -ECANCELED);
    e = amdpm4_last_error();
    ck_assert_msg(!strncmp(e, "compute queue 0, submission 2: cancelled: submission 1 of this "
                           "queue hung or faulted before it (ECANCELED); context reset state: "
                           "guilty, no GPU reset, VRAM intact; last kernel dispatched: none (no "
                           "dispatch in the submission)", 230), "%s", e);
    ck_assert_int_eq(amdpm4_fence_wait(f1, 0), -ETIME);
    e = amdpm4_last_error();
    ck_assert_msg(!strncmp(e, "compute queue 0, submission 1: the GPU hung or faulted: the "
                           "kernel driver timed the job out and stopped it (ETIME); context "
                           "reset state: guilty, no GPU reset, VRAM intact; last kernel "
                           "dispatched: none (no dispatch in the submission); simulator: "
                           "WAIT_REG_MEM at 0x", 257), "%s", e);
    ck_assert_msg(strstr(e, "waited 300 ms for"), "%s", e);
    ck_assert_int_eq(amdpm4_fence_poll(f1), -ETIME);
    ck_assert_uint_eq(w[1], 0);
    /* the queue is lost */
    ck_assert_int_eq(amdpm4_queue_submit(q, &f3), -ECANCELED);
    ck_assert_ptr_null(f3);
    ck_assert_msg(!strncmp(amdpm4_last_error(), "compute queue 0 is lost (submission 1 failed); "
                           "destroy it and create a new queue. compute queue 0, submission 1: "
                           "the GPU hung", 120), "%s", amdpm4_last_error());
    ck_assert_int_eq(amdpm4_queue_barrier(q), -ECANCELED);
    amdpm4_fence_release(f1);
    amdpm4_fence_release(f2);
    amdpm4_queue_destroy(q);

    q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    write_word(q, bo, amdpm4_bo_va(bo) + 8, 42);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f3), 0);
    wait_ok(f3);
    ck_assert_uint_eq(w[2], 42);
    amdpm4_fence_release(f3);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(fault_reported_then_new_queue)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_queue *t = new_queue(dev, AMDPM4_QUEUE_TRANSFER);
    volatile uint32_t *w;
    amdpm4_bo *bo = new_bo(dev, 4096, AMDPM4_GTT, (void **)&w);
    amdpm4_fence *f = NULL;
    struct raw r;
    const char *e;

    write_word(q, NULL, UNMAPPED_VA, 1);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    ck_assert_int_eq(amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER), -ETIME);
    e = amdpm4_last_error();
    ck_assert_msg(!strncmp(e, "compute queue 0, submission 1: the GPU hung or faulted", 54), "%s",
                  e);
    ck_assert_msg(strstr(e, "; simulator: WRITE_DATA at 0x"), "%s", e);
    ck_assert_msg(strstr(e, "0x700000000000 is not mapped writable"), "%s", e);
    amdpm4_fence_release(f);
    amdpm4_queue_destroy(q);

    /* the same on the SDMA engine */
    sdma_emit_constant_fill(raw_begin(&r), UNMAPPED_VA, 0, 64);
    raw_put(t, &r, NULL);
    ck_assert_int_eq(amdpm4_queue_submit(t, &f), 0);
    ck_assert_int_eq(amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER), -ETIME);
    e = amdpm4_last_error();
    ck_assert_msg(strstr(e, "transfer queue 1, submission 1: the GPU hung or faulted"), "%s", e);
    ck_assert_msg(strstr(e, "last kernel dispatched: none (a transfer queue); simulator: "), "%s",
                  e);
    amdpm4_fence_release(f);
    amdpm4_queue_destroy(t);

    q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    t = new_queue(dev, AMDPM4_QUEUE_TRANSFER);
    write_word(q, bo, amdpm4_bo_va(bo), 3);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    amdpm4_fence_release(f);
    ck_assert_int_eq(amdpm4_queue_fill(t, bo, 4, 4, 4), 0);
    ck_assert_int_eq(amdpm4_queue_submit(t, &f), 0);
    wait_ok(f);
    amdpm4_fence_release(f);
    ck_assert_uint_eq(w[0], 3);
    ck_assert_uint_eq(w[1], 4);
    amdpm4_device_close(dev);
}
END_TEST

/* A failed staging copy loses the internal queue; the next transfer uses a
 * new one. */
START_TEST(staging_recovers)
{
    amdpm4_device *dev = open_dev();
    amdpm4_bo *bo = new_bo(dev, 4096, AMDPM4_VRAM, NULL);
    uint32_t v = 0x1234, out = 0;

    ck_assert_int_eq(amdpm4_bo_upload(bo, 0, &v, 4), 0);
    /* break the staging queue by hand: a fault on it */
    {
        struct raw r;
        amdpm4_fence *f = NULL;

        sdma_emit_constant_fill(raw_begin(&r), UNMAPPED_VA, 0, 64);
        raw_put(dev->staging_q, &r, NULL);
        ck_assert_int_eq(amdpm4_queue_submit(dev->staging_q, &f), 0);
        ck_assert_int_eq(amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER), -ETIME);
        amdpm4_fence_release(f);
    }
    ck_assert(dev->staging_q->lost);
    ck_assert_int_eq(amdpm4_bo_download(bo, 0, &out, 4), 0);
    ck_assert_uint_eq(out, 0x1234);
    amdpm4_device_close(dev);
}
END_TEST

/* ================================================================ programs */

#define HDR ".amdgcn_target \"amdgcn-amd-amdhsa--gfx1100\"\n"
#define FUNC(name) ".text\n.globl " name "\n.p2align 8\n.type " name ",@function\n" name ":\n"
#define KD_BEGIN(name) ".rodata\n.p2align 6\n.amdhsa_kernel " name "\n"
#define KD_END ".end_amdhsa_kernel\n"

/* buf[global id] += 1 for blocks of 64; kernarg: the buffer's address. */
static const char add1_src[] =
    HDR FUNC("add1")
    "  s_load_b64 s[4:5], s[0:1], 0x0\n"
    "  s_lshl_b32 s3, s2, 6\n"
    "  v_add_nc_u32 v0, s3, v0\n"
    "  v_lshlrev_b32 v0, 2, v0\n"
    "  s_waitcnt lgkmcnt(0)\n"
    "  global_load_b32 v1, v0, s[4:5]\n"
    "  s_waitcnt vmcnt(0)\n"
    "  v_add_nc_u32 v1, 1, v1\n"
    "  global_store_b32 v0, v1, s[4:5]\n"
    "  s_endpgm\n"
    KD_BEGIN("add1")
    "  .amdhsa_user_sgpr_kernarg_segment_ptr 1\n"
    "  .amdhsa_kernarg_size 8\n"
    "  .amdhsa_next_free_vgpr 2\n"
    "  .amdhsa_next_free_sgpr 6\n"
    KD_END;

/* 512 bytes of LDS; every lane loads the dword at its id * 16, so lanes
 * 32-63 of a 64-wide block reach beyond the allocation (32 per workgroup). */
static const char ldsoob_src[] =
    HDR FUNC("ldsoob")
    "  v_lshlrev_b32 v1, 4, v0\n"
    "  ds_load_b32 v2, v1\n"
    "  s_waitcnt lgkmcnt(0)\n"
    "  s_endpgm\n"
    KD_BEGIN("ldsoob")
    "  .amdhsa_group_segment_fixed_size 512\n"
    "  .amdhsa_next_free_vgpr 4\n"
    "  .amdhsa_next_free_sgpr 1\n"
    KD_END;

/* Every work-item adds 1 to the counter at the kernarg address. */
static const char count_src[] =
    HDR FUNC("count")
    "  s_load_b64 s[4:5], s[0:1], 0x0\n"
    "  v_mov_b32 v0, 0\n"
    "  v_mov_b32 v1, 1\n"
    "  s_waitcnt lgkmcnt(0)\n"
    "  global_atomic_add_u32 v0, v1, s[4:5]\n"
    "  s_endpgm\n"
    KD_BEGIN("count")
    "  .amdhsa_user_sgpr_kernarg_segment_ptr 1\n"
    "  .amdhsa_kernarg_size 8\n"
    "  .amdhsa_next_free_vgpr 2\n"
    "  .amdhsa_next_free_sgpr 6\n"
    KD_END;

/* Copies what the runtime gives it: dwords 0..3 of the dispatch packet, its
 * group segment size and kernarg address, the kernarg pointer SGPRs and the
 * dispatch id, to the buffer at kernarg 0. */
static const char packet_src[] =
    HDR FUNC("packet")
    "  s_load_b64 s[8:9], s[2:3], 0x0\n"
    "  s_load_b128 s[12:15], s[0:1], 0x0\n"
    "  s_load_b32 s16, s[0:1], 0x1c\n"
    "  s_load_b64 s[10:11], s[0:1], 0x28\n"
    "  v_mov_b32 v0, 0\n"
    "  s_waitcnt lgkmcnt(0)\n"
    "  v_mov_b32 v1, s12\n"
    "  v_mov_b32 v2, s13\n"
    "  v_mov_b32 v3, s14\n"
    "  v_mov_b32 v4, s15\n"
    "  global_store_b128 v0, v[1:4], s[8:9]\n"
    "  v_mov_b32 v1, s16\n"
    "  v_mov_b32 v2, s10\n"
    "  v_mov_b32 v3, s11\n"
    "  v_mov_b32 v4, s2\n"
    "  global_store_b128 v0, v[1:4], s[8:9] offset:16\n"
    "  v_mov_b32 v1, s3\n"
    "  v_mov_b32 v2, s4\n"
    "  v_mov_b32 v3, s5\n"
    "  v_mov_b32 v4, 0\n"
    "  global_store_b128 v0, v[1:4], s[8:9] offset:32\n"
    "  s_endpgm\n"
    KD_BEGIN("packet")
    "  .amdhsa_user_sgpr_dispatch_ptr 1\n"
    "  .amdhsa_user_sgpr_kernarg_segment_ptr 1\n"
    "  .amdhsa_user_sgpr_dispatch_id 1\n"
    "  .amdhsa_kernarg_size 8\n"
    "  .amdhsa_next_free_vgpr 5\n"
    "  .amdhsa_next_free_sgpr 17\n"
    KD_END;

/* Loops forever. */
static const char spin_src[] =
    HDR FUNC("spin")
    ".Lagain:\n"
    "  s_branch .Lagain\n"
    "  s_endpgm\n"
    KD_BEGIN("spin")
    "  .amdhsa_next_free_vgpr 1\n"
    "  .amdhsa_next_free_sgpr 1\n"
    KD_END;

/* Stores to an address no buffer is mapped at. */
static const char wild_src[] =
    HDR FUNC("wild")
    "  s_mov_b32 s4, 0\n"
    "  s_mov_b32 s5, 0x7000\n"
    "  v_mov_b32 v0, 0\n"
    "  v_mov_b32 v1, 42\n"
    "  global_store_b32 v0, v1, s[4:5]\n"
    "  s_endpgm\n"
    KD_BEGIN("wild")
    "  .amdhsa_next_free_vgpr 2\n"
    "  .amdhsa_next_free_sgpr 6\n"
    KD_END;

/* Asks for the HSA queue pointer. */
static const char queueptr_src[] =
    HDR FUNC("qp")
    "  s_endpgm\n"
    KD_BEGIN("qp")
    "  .amdhsa_user_sgpr_queue_ptr 1\n"
    "  .amdhsa_next_free_vgpr 1\n"
    "  .amdhsa_next_free_sgpr 2\n"
    KD_END;

/* Asks for 20 user SGPRs: more COMPUTE_USER_DATA registers than gfx11 has. */
static const char many_sgprs_src[] =
    HDR FUNC("many")
    "  s_endpgm\n"
    KD_BEGIN("many")
    "  .amdhsa_user_sgpr_count 20\n"
    "  .amdhsa_next_free_vgpr 1\n"
    "  .amdhsa_next_free_sgpr 24\n"
    KD_END;

static amdpm4_program *load_src(amdpm4_device *dev, const char *src, const char *name)
{
    amdpm4_program *prog = NULL;
    char err[2048];
    uint8_t *co;
    size_t bytes;
    int r = test_assemble(src, "gfx1100", &co, &bytes, err, sizeof(err));

    ck_assert_msg(r == 0, "assembling %s: %s", name, err);
    r = amdpm4_program_load_memory(dev, co, bytes, name, &prog);
    ck_assert_msg(r == 0, "loading %s: %s", name, amdpm4_last_error());
    free(co);
    return prog;
}

static const amdpm4_kernel *kernel_of(const amdpm4_program *prog, const char *name)
{
    const amdpm4_kernel *k = NULL;

    ck_assert_int_eq(amdpm4_program_kernel(prog, name, &k), 0);
    return k;
}

START_TEST(program_load_and_lookup)
{
    amdpm4_device *dev = open_dev();
    amdpm4_program *prog = load_src(dev, add1_src, "add1.co");
    const amdpm4_kernel *k = kernel_of(prog, "add1"), *k2 = NULL;
    struct amdpm4_kernel_info ki;

    ck_assert_int_eq(amdpm4_program_kernel(prog, "add1.kd", &k2), 0);
    ck_assert_ptr_eq(k, k2);
    ck_assert_uint_eq(amdpm4_program_kernel_count(prog), 1);
    ck_assert_ptr_eq(amdpm4_program_kernel_at(prog, 0), k);
    ck_assert_ptr_null(amdpm4_program_kernel_at(prog, 1));
    ck_assert_int_eq(amdpm4_program_kernel(prog, "nope", &k2), -ENOENT);
    ck_assert_str_eq(amdpm4_last_error(), "add1.co: no kernel 'nope' (it has: add1)");
    ck_assert_int_eq(amdpm4_kernel_info(k, &ki), 0);
    ck_assert_str_eq(ki.name, "add1");
    ck_assert_uint_eq(ki.kernarg_bytes, 8);
    ck_assert_uint_eq(ki.lds_bytes, 0);
    ck_assert_uint_eq(ki.scratch_bytes_per_lane, 0);
    ck_assert_uint_eq(ki.max_workgroup_items, 1024);   /* no metadata */
    ck_assert_uint_eq(ki.user_sgprs, 2);
    ck_assert_uint_eq(ki.code_va % 256, 0);
    ck_assert_uint_eq(ki.code_va, prog->code->va + prog->co->kernels[0].code_offset_bytes);
    /* RSRC2: USER_SGPR [5:1] = 2, TGID_X_EN [7] (llvm-mc's default) */
    ck_assert_uint_eq(ki.compute_pgm_rsrc2 & 0xBE, 0x84);
    /* the code went to VRAM */
    ck_assert_int_eq(amdpm4_bo_placement(prog->code), AMDPM4_VRAM);
    /* no metadata: no arguments to list */
    {
        struct amdpm4_kernel_arg arg;
        ck_assert(!ki.has_metadata);
        ck_assert_uint_eq(ki.arg_count, 0);
        ck_assert_int_eq(amdpm4_kernel_arg(k, 0, &arg), -ERANGE);
        ck_assert_str_eq(amdpm4_last_error(), "kernel add1 has 0 arguments in its metadata; "
                                              "no argument 0");
        ck_assert_int_eq(amdpm4_kernel_arg(NULL, 0, &arg), -EINVAL);
        ck_assert_int_eq(amdpm4_kernel_arg(k, 0, NULL), -EINVAL);
    }
    amdpm4_program_destroy(prog);
    amdpm4_program_destroy(NULL);
    amdpm4_device_close(dev);
}
END_TEST

/* The metadata's argument list through the public API: attention_f16_d64
 * as kernels/attention_f16.s declares it. */
START_TEST(kernel_arguments_from_metadata)
{
    static const struct {
        const char *name, *kind;
        uint32_t offset, size;
    } want[] = {
        {"Q", "global_buffer", 0, 8},       {"K", "global_buffer", 8, 8},
        {"V", "global_buffer", 16, 8},      {"O", "global_buffer", 24, 8},
        {"LSE", "global_buffer", 32, 8},    {"seq_q", "by_value", 40, 4},
        {"seq_kv", "by_value", 44, 4},      {"scale_log2e", "by_value", 48, 4},
        {"causal", "by_value", 52, 4},
    };
    const size_t n = sizeof(want) / sizeof(want[0]);
    amdpm4_device *dev = open_dev();
    amdpm4_program *prog = NULL;
    const amdpm4_kernel *k;
    struct amdpm4_kernel_info ki;
    struct amdpm4_kernel_arg arg;

    ck_assert_int_eq(amdpm4_program_load_builtin(dev, "attention_f16", &prog), 0);
    k = kernel_of(prog, "attention_f16_d64");
    ck_assert_int_eq(amdpm4_kernel_info(k, &ki), 0);
    ck_assert(ki.has_metadata);
    ck_assert_uint_eq(ki.arg_count, n);
    ck_assert_uint_eq(ki.kernarg_bytes, 56);
    for (uint32_t i = 0; i < n; i++) {
        ck_assert_int_eq(amdpm4_kernel_arg(k, i, &arg), 0);
        ck_assert_str_eq(arg.name, want[i].name);
        ck_assert_str_eq(arg.value_kind, want[i].kind);
        ck_assert_uint_eq(arg.offset_bytes, want[i].offset);
        ck_assert_uint_eq(arg.size_bytes, want[i].size);
        ck_assert(!arg.hidden);
    }
    ck_assert_int_eq(amdpm4_kernel_arg(k, (uint32_t)n, &arg), -ERANGE);
    ck_assert_str_eq(amdpm4_last_error(), "kernel attention_f16_d64 has 9 arguments in its "
                                          "metadata; no argument 9");
    amdpm4_program_destroy(prog);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(program_errors_surface)
{
    amdpm4_device *dev = open_dev();
    amdpm4_program *prog = (amdpm4_program *)1;
    uint8_t *co, garbage[512];
    char err[2048];
    size_t bytes;

    /* another target */
    ck_assert_msg(!test_assemble(".amdgcn_target \"amdgcn-amd-amdhsa--gfx1030\"\n" FUNC("k")
                                 "  s_endpgm\n" KD_BEGIN("k") "  .amdhsa_next_free_vgpr 1\n"
                                 "  .amdhsa_next_free_sgpr 1\n" KD_END, "gfx1030", &co, &bytes,
                                 err, sizeof(err)), "%s", err);
    ck_assert_int_eq(amdpm4_program_load_memory(dev, co, bytes, "rdna2.co", &prog), -ENOEXEC);
    ck_assert_ptr_null(prog);
    ck_assert_msg(strstr(amdpm4_last_error(), "rdna2.co") &&
                  strstr(amdpm4_last_error(), "gfx1030"), "%s", amdpm4_last_error());
    free(co);
    /* wave64 */
    ck_assert_msg(!test_assemble(HDR FUNC("k") "  s_endpgm\n" KD_BEGIN("k")
                                 "  .amdhsa_wavefront_size32 0\n  .amdhsa_next_free_vgpr 1\n"
                                 "  .amdhsa_next_free_sgpr 1\n" KD_END, "gfx1100", &co, &bytes,
                                 err, sizeof(err)), "%s", err);
    ck_assert_int_eq(amdpm4_program_load_memory(dev, co, bytes, "w64.co", &prog), -ENOEXEC);
    ck_assert_msg(strstr(amdpm4_last_error(), "wave64"), "%s", amdpm4_last_error());
    /* truncated */
    ck_assert_int_eq(amdpm4_program_load_memory(dev, co, 100, "cut.co", &prog), -ENOEXEC);
    ck_assert_msg(strstr(amdpm4_last_error(), "cut.co"), "%s", amdpm4_last_error());
    free(co);
    /* garbage */
    for (size_t i = 0; i < sizeof(garbage); i++)
        garbage[i] = (uint8_t)(i * 151 + 7);
    ck_assert_int_eq(amdpm4_program_load_memory(dev, garbage, sizeof(garbage), "junk", &prog),
                     -ENOEXEC);
    /* files and builtins */
    ck_assert_int_eq(amdpm4_program_load_file(dev, "/nonexistent/k.co", &prog), -ENOENT);
    ck_assert_int_eq(amdpm4_program_load_builtin(dev, "no-such-kernel", &prog), -ENOENT);
    ck_assert_msg(!strncmp(amdpm4_last_error(), "no builtin kernel object 'no-such-kernel'", 40),
                  "%s", amdpm4_last_error());
    ck_assert_int_eq(amdpm4_program_load_memory(dev, NULL, 4, "x", &prog), -EINVAL);
    ck_assert_int_eq(amdpm4_program_load_file(NULL, "x", &prog), -EINVAL);
    /* every builtin loads */
    for (unsigned i = 0; amdpm4_builtin_name(i); i++) {
        ck_assert_msg(amdpm4_program_load_builtin(dev, amdpm4_builtin_name(i), &prog) == 0,
                      "%s: %s", amdpm4_builtin_name(i), amdpm4_last_error());
        amdpm4_program_destroy(prog);
    }
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(dispatch_refusals)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_queue *t = new_queue(dev, AMDPM4_QUEUE_TRANSFER);
    amdpm4_program *prog = load_src(dev, add1_src, "add1.co");
    amdpm4_program *qp = load_src(dev, queueptr_src, "qp.co");
    uint64_t arg = 0;
    struct amdpm4_dispatch d = {kernel_of(prog, "add1"), {1, 1, 1}, {64, 1, 1}, &arg, 8, 0,
                                NULL, 0};
    struct amdpm4_dispatch bad;

    bad = d;
    bad.grid[1] = 0;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &bad), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "compute queue 0: kernel add1: grid 1×0×1 workgroups "
                     "of 64×1×1 work-items has a zero dimension (use 1)");
    bad = d;
    bad.block[0] = 32;
    bad.block[1] = 64;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &bad), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "compute queue 0: kernel add1: a block of 32×64×1 = "
                     "2048 work-items exceeds its 1024");
    bad = d;
    bad.kernarg_bytes = 4;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &bad), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "compute queue 0: kernel add1 takes 8 bytes of "
                     "kernargs, 4 given");
    bad = d;
    bad.kernarg = NULL;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &bad), -EINVAL);
    bad = d;
    bad.dynamic_lds_bytes = 65537;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &bad), -EINVAL);
    ck_assert_msg(strstr(amdpm4_last_error(), "65537 bytes of dynamic LDS exceed gfx1100's "
                         "65536"), "%s", amdpm4_last_error());
    bad = d;
    bad.bo_count = 1;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &bad), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "compute queue 0: 1 buffers given but no array");
    bad = d;
    bad.kernel = NULL;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &bad), -EINVAL);
    ck_assert_int_eq(amdpm4_queue_dispatch(t, &d), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "transfer queue 1: a dispatch needs a compute queue");
    bad = d;
    bad.kernel = kernel_of(qp, "qp");
    bad.kernarg = NULL;
    bad.kernarg_bytes = 0;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &bad), -ENOTSUP);
    ck_assert_str_eq(amdpm4_last_error(), "compute queue 0: kernel qp cannot be launched: it "
                     "asks for the HSA queue pointer (.amdhsa_user_sgpr_queue_ptr): amdpm4 "
                     "queues are amdgpu CS queues, not HSA queues");
    /* refused when the program was loaded: the dispatch says why */
    bad.kernel = kernel_of(load_src(dev, many_sgprs_src, "many.co"), "many");
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &bad), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "compute queue 0: kernel many cannot be launched: "
                     "RSRC2.USER_SGPR asks for 20 user SGPRs, at most 16 "
                     "(COMPUTE_USER_DATA_0..15)");
    ck_assert_int_eq(amdpm4_queue_dispatch(q, NULL), -EINVAL);
    /* nothing was recorded by the refusals */
    ck_assert_ptr_null(q->cur);
    amdpm4_device_close(dev);
}
END_TEST

/* The SH registers and the dispatch a recorded dispatch puts in the IB
 * (white box: the queue's open IB, parsed with the pm4 table). */
START_TEST(dispatch_registers_in_the_ib)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_program *prog = load_src(dev, add1_src, "add1.co");
    amdpm4_bo *buf = new_bo(dev, 4096, AMDPM4_VRAM, NULL);
    uint64_t arg = 0x1122334455667788ull, kernarg_va;
    amdpm4_bo *bos[2] = {buf, buf};
    struct amdpm4_dispatch d = {kernel_of(prog, "add1"), {16, 2, 1}, {64, 1, 1}, &arg, 8, 1000,
                                bos, 2};
    uint32_t sh[PM4_SH_END_DW - PM4_SH_FIRST_DW] = {0}, dim[3] = {0}, initiator = 0;
    struct amdpm4_kernel_info ki;
    unsigned dispatches = 0, listed = 0;

    ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);
    for (size_t at = 0; at < q->ib.cdw;) {
        const uint32_t *pkt = q->ib.buf + at;
        struct pm4_packet p;

        ck_assert_int_eq(pm4_packet_parse(pkt, q->ib.cdw - at, &p, NULL, 0), 0);
        if (p.opcode == PM4_OP_SET_SH_REG || p.opcode == PM4_OP_SET_SH_REG_INDEX) {
            uint32_t first = pm4_regs_first_dw(&p, pkt);

            for (uint32_t i = 0; i + 1 < p.body_dw; i++)
                sh[first + i - PM4_SH_FIRST_DW] = pkt[2 + i];
        } else if (p.opcode == PM4_OP_DISPATCH_DIRECT) {
            dim[0] = pkt[1];
            dim[1] = pkt[2];
            dim[2] = pkt[3];
            initiator = pkt[4];
            dispatches++;
        }
        at += p.total_dw;
    }
    ck_assert_uint_eq(dispatches, 1);
    ck_assert_uint_eq(dim[0], 16);
    ck_assert_uint_eq(dim[1], 2);
    ck_assert_uint_eq(dim[2], 1);
    ck_assert_uint_eq(initiator, 0x8045);   /* wave32, as radeonsi (reference §1.4) */
    ck_assert_int_eq(amdpm4_kernel_info(d.kernel, &ki), 0);
#define SH(name) sh[PM4_DW_##name - PM4_SH_FIRST_DW]
    ck_assert_uint_eq(SH(COMPUTE_PGM_LO), (uint32_t)(ki.code_va >> 8));
    ck_assert_uint_eq(SH(COMPUTE_PGM_HI), (uint32_t)(ki.code_va >> 40));
    ck_assert_uint_eq(SH(COMPUTE_PGM_RSRC1), ki.compute_pgm_rsrc1);
    /* RSRC2 gains LDS_SIZE [23:15] = ceil(1000 / 512) = 2 */
    ck_assert_uint_eq(SH(COMPUTE_PGM_RSRC2), ki.compute_pgm_rsrc2 | 2u << 15);
    ck_assert_uint_eq(SH(COMPUTE_NUM_THREAD_X), 64);
    ck_assert_uint_eq(SH(COMPUTE_NUM_THREAD_Y), 1);
    kernarg_va = (uint64_t)SH(COMPUTE_USER_DATA_1) << 32 | SH(COMPUTE_USER_DATA_0);
    ck_assert_uint_eq(kernarg_va % 64, 0);
    ck_assert_uint_eq(kernarg_va, q->data_cur->bo->va);   /* first use of the data buffer */
    ck_assert_int_eq(memcmp(q->data_cur->cpu, &arg, 8), 0);
#undef SH
    /* the BO list: fence word, data buffer, code, the user's buffer (once) */
    for (unsigned i = 0; i < q->bo_count; i++)
        listed += q->bos[i].bo_handle == buf->kms_handle ||
                  q->bos[i].bo_handle == prog->code->kms_handle ||
                  q->bos[i].bo_handle == q->fence_bo->kms_handle ||
                  q->bos[i].bo_handle == q->data_cur->bo->kms_handle;
    ck_assert_uint_eq(q->bo_count, 4);
    ck_assert_uint_eq(listed, 4);
    amdpm4_queue_destroy(q);   /* discards the recording */
    amdpm4_device_close(dev);
}
END_TEST

/* What the IB's packets in [from, to) do: how often each SH register is
 * written, how many DISPATCH_DIRECTs there are. */
struct ib_scan {
    unsigned writes[PM4_SH_END_DW - PM4_SH_FIRST_DW];
    unsigned dispatches;
};

static void scan_ib(const amdpm4_queue *q, size_t from, size_t to, struct ib_scan *s)
{
    memset(s, 0, sizeof(*s));
    for (size_t at = from; at < to;) {
        const uint32_t *pkt = q->ib.buf + at;
        struct pm4_packet p;

        ck_assert_int_eq(pm4_packet_parse(pkt, to - at, &p, NULL, 0), 0);
        if (p.opcode == PM4_OP_SET_SH_REG || p.opcode == PM4_OP_SET_SH_REG_INDEX) {
            uint32_t first = pm4_regs_first_dw(&p, pkt);

            for (uint32_t i = 0; i + 1 < p.body_dw; i++)
                s->writes[first + i - PM4_SH_FIRST_DW]++;
        } else if (p.opcode == PM4_OP_DISPATCH_DIRECT) {
            s->dispatches++;
        }
        at += p.total_dw;
    }
}

#define WRITES(s, name) ((s).writes[PM4_DW_##name - PM4_SH_FIRST_DW])

/* Dispatches in one IB write what the registers do not hold yet: the
 * second dispatch of a kernel only its new kernarg pointer; another kernel
 * its own block; after raw packets, in a new submission and in a new IB of
 * the same submission, everything. */
START_TEST(dispatches_write_only_what_changed)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_program *prog = load_src(dev, add1_src, "add1.co");
    amdpm4_program *cprog = load_src(dev, count_src, "count.co");
    amdpm4_bo *buf = new_bo(dev, 4096, AMDPM4_VRAM, NULL);
    uint64_t arg = amdpm4_bo_va(buf), kva;
    amdpm4_bo *bos[1] = {buf};
    struct amdpm4_dispatch d = {kernel_of(prog, "add1"), {16, 2, 1}, {64, 1, 1}, &arg, 8, 0,
                                bos, 1};
    struct amdpm4_dispatch c = {kernel_of(cprog, "count"), {1, 1, 1}, {1, 1, 1}, &arg, 8, 0,
                                bos, 1};
    uint32_t nop = pm4_nop_pad_header(), *nops = malloc(16384 * 4);
    struct pm4_ib nib;
    struct ib_scan sc;
    amdpm4_fence *f = NULL;
    size_t at;

    ck_assert_ptr_nonnull(nops);
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);
    kva = q->data_cur->bo->va;             /* the first kernarg segment */
    at = q->ib.cdw;
    ck_assert_uint_eq(at, d.kernel->regs.full_dw);
    scan_ib(q, 0, at, &sc);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_REQ_CTRL), 1);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_PGM_LO), 1);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_USER_DATA_1), 1);
    ck_assert_uint_eq(sc.dispatches, 1);

    /* (a) the same kernel again: the kernarg pointer's low half (the next
     * 64-byte segment), then DISPATCH_DIRECT */
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);
    ck_assert_uint_eq(q->ib.cdw, at + 8);
    ck_assert_uint_eq(q->ib.buf[at + 0], 0xC0017602);
    ck_assert_uint_eq(q->ib.buf[at + 1], 0x00000240);
    ck_assert_uint_eq(q->ib.buf[at + 2], (uint32_t)(kva + 64));
    ck_assert_uint_eq(q->ib.buf[at + 3], 0xC0031502);
    ck_assert_uint_eq(q->ib.buf[at + 4], 16);
    ck_assert_uint_eq(q->ib.buf[at + 5], 2);
    ck_assert_uint_eq(q->ib.buf[at + 6], 1);
    ck_assert_uint_eq(q->ib.buf[at + 7], 0x00008045);
    /* a barrier in between changes no register */
    ck_assert_int_eq(amdpm4_queue_barrier(q), 0);
    at = q->ib.cdw;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);
    ck_assert_uint_eq(q->ib.cdw, at + 8);

    /* (b) another kernel: its block, not the kernel-independent registers */
    at = q->ib.cdw;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &c), 0);
    scan_ib(q, at, q->ib.cdw, &sc);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_REQ_CTRL), 0);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_PGM_LO), 1);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_PGM_RSRC2), 1);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_NUM_THREAD_X), 1);
    ck_assert_uint_eq(sc.dispatches, 1);

    /* raw packets may have written anything: everything again */
    ck_assert_int_eq(amdpm4_queue_raw(q, &nop, 1, NULL, 0), 0);
    at = q->ib.cdw;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &c), 0);
    ck_assert_uint_eq(q->ib.cdw - at, c.kernel->regs.full_dw);
    scan_ib(q, at, q->ib.cdw, &sc);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_REQ_CTRL), 1);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_STATIC_THREAD_MGMT_SE7), 1);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_PGM_LO), 1);

    /* (c) a new submission starts from nothing */
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    amdpm4_fence_release(f);
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &c), 0);
    ck_assert_uint_eq(q->ib.cdw, c.kernel->regs.full_dw);
    scan_ib(q, 0, q->ib.cdw, &sc);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_REQ_CTRL), 1);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_PGM_LO), 1);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_START_X), 1);

    /* ... and so does each IB of a submission: fill the first IB up to a
     * few dispatches before its end (NOPs, then one dispatch to leave the
     * raw packets behind), and dispatch on into the second */
    pm4_ib_init_fixed(&nib, nops, 16384);
    ck_assert_int_eq(pm4_emit_nop(&nib, 16384), 0);
    while (q->ib.cdw + 16384 + 64 < PM4_IB_MAX_DW)
        ck_assert_int_eq(amdpm4_queue_raw(q, nops, 16384, NULL, 0), 0);
    ck_assert_int_eq(amdpm4_queue_raw(q, nops, PM4_IB_MAX_DW - 64 - q->ib.cdw, NULL, 0), 0);
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &c), 0);
    while (q->ib_count == 1)
        ck_assert_int_eq(amdpm4_queue_dispatch(q, &c), 0);
    ck_assert_uint_eq(q->ib.cdw - q->ib_start[1], c.kernel->regs.full_dw);
    scan_ib(q, q->ib_start[1], q->ib.cdw, &sc);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_REQ_CTRL), 1);
    ck_assert_uint_eq(WRITES(sc, COMPUTE_PGM_LO), 1);
    ck_assert_uint_eq(sc.dispatches, 1);
    free(nops);
    amdpm4_device_close(dev);   /* discards the open submission */
}
END_TEST

/* ================================================================ dispatch (executor) */

START_TEST(add1_on_vram)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_program *prog = load_src(dev, add1_src, "add1.co");
    amdpm4_bo *buf = new_bo(dev, 1024 * 4, AMDPM4_VRAM, NULL);
    uint32_t in[1024], out[1024];
    uint64_t va = amdpm4_bo_va(buf), t[2];
    amdpm4_bo *bos[1] = {buf};
    struct amdpm4_dispatch d = {kernel_of(prog, "add1"), {16, 1, 1}, {64, 1, 1}, &va, 8, 0,
                                bos, 1};
    amdpm4_fence *f = NULL;
    unsigned n;

    for (unsigned i = 0; i < 1024; i++)
        in[i] = i * 3;
    ck_assert_int_eq(amdpm4_bo_upload(buf, 0, in, sizeof(in)), 0);
    ck_assert_int_eq(amdpm4_queue_timestamp(q, false, NULL), 0);
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);
    ck_assert_int_eq(amdpm4_queue_barrier(q), 0);   /* dependent: the same buffer */
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);
    ck_assert_int_eq(amdpm4_queue_timestamp(q, true, NULL), 0);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    ck_assert_int_eq(amdpm4_fence_timestamps(f, t, 2, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_le(t[0], t[1]);
    amdpm4_fence_release(f);
    ck_assert_int_eq(amdpm4_bo_download(buf, 0, out, sizeof(out)), 0);
    for (unsigned i = 0; i < 1024; i++)
        ck_assert_uint_eq(out[i], i * 3 + 2);
    amdpm4_device_close(dev);
}
END_TEST

/* Dispatches that write only what changed compute what full ones do: add1
 * three times and count twice in one submission (kernel switches in
 * between, barriers where they depend), add1 once more in the next (which
 * finds the simulated CP's SH registers stale and must write them all). */
START_TEST(batched_dispatches_compute_right)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_program *prog = load_src(dev, add1_src, "add1.co");
    amdpm4_program *cprog = load_src(dev, count_src, "count.co");
    amdpm4_bo *buf = new_bo(dev, 1024 * 4, AMDPM4_VRAM, NULL);
    uint32_t *counter, in[1024], out[1024];
    amdpm4_bo *cbo = new_bo(dev, 4096, AMDPM4_GTT, (void **)&counter);
    uint64_t va = amdpm4_bo_va(buf), cva = amdpm4_bo_va(cbo);
    amdpm4_bo *bos[2] = {buf, cbo};
    struct amdpm4_dispatch a = {kernel_of(prog, "add1"), {16, 1, 1}, {64, 1, 1}, &va, 8, 0,
                                bos, 1};
    struct amdpm4_dispatch c = {kernel_of(cprog, "count"), {1, 1, 1}, {32, 1, 1}, &cva, 8, 0,
                                bos + 1, 1};
    amdpm4_fence *f = NULL;

    for (unsigned i = 0; i < 1024; i++)
        in[i] = i * 5;
    ck_assert_int_eq(amdpm4_bo_upload(buf, 0, in, sizeof(in)), 0);
    counter[0] = 0;
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &a), 0);
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &c), 0);
    ck_assert_int_eq(amdpm4_queue_barrier(q), 0);
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &a), 0);
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &c), 0);
    ck_assert_int_eq(amdpm4_queue_barrier(q), 0);
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &a), 0);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    amdpm4_fence_release(f);
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &a), 0);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    amdpm4_fence_release(f);
    ck_assert_int_eq(amdpm4_bo_download(buf, 0, out, sizeof(out)), 0);
    for (unsigned i = 0; i < 1024; i++)
        ck_assert_uint_eq(out[i], i * 5 + 4);
    ck_assert_uint_eq(counter[0], 64);     /* 2 dispatches of 32 work-items */
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(dispatch_packet_and_id)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_program *prog = load_src(dev, packet_src, "packet.co");
    uint32_t *o;
    amdpm4_bo *out = new_bo(dev, 4096, AMDPM4_GTT, (void **)&o);
    uint64_t va = amdpm4_bo_va(out), kernarg_va, code_kd;
    amdpm4_bo *bos[1] = {out};
    struct amdpm4_dispatch d = {kernel_of(prog, "packet"), {3, 1, 1}, {5, 1, 1}, &va, 8, 1000,
                                bos, 1};
    amdpm4_fence *f = NULL;

    ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);   /* dispatch id 0 */
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);   /* dispatch id 1: its values stay */
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    amdpm4_fence_release(f);
    /* header: KERNEL_DISPATCH (2) | system acquire (2 << 9) | system release (2 << 11);
     * setup: 1 dimension */
    ck_assert_uint_eq(o[0], 0x00011402u);
    ck_assert_uint_eq(o[1], 0x00010005u);   /* workgroup 5 x 1 */
    ck_assert_uint_eq(o[2], 0x00000001u);   /* workgroup z 1 */
    ck_assert_uint_eq(o[3], 15);            /* grid x: 3 workgroups of 5 */
    ck_assert_uint_eq(o[4], 1000);          /* group segment: the dynamic LDS */
    kernarg_va = (uint64_t)o[6] << 32 | o[5];
    ck_assert_uint_eq(o[7], (uint32_t)kernarg_va);   /* s[2:3] = kernarg_address */
    ck_assert_uint_eq(o[8], (uint32_t)(kernarg_va >> 32));
    ck_assert_uint_eq(o[9], 1);             /* dispatch id */
    ck_assert_uint_eq(o[10], 0);
    (void)code_kd;
    amdpm4_device_close(dev);
}
END_TEST

/* The simulator keeps a submission's records in chunks (15, then 128 each):
 * 300 dispatches, each with its own grid, come back in order, whole or cut
 * short at a count that ends inside a chunk. */
START_TEST(simulator_statistics_many_dispatches)
{
    enum { N = 300 };
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_program *prog = load_src(dev, add1_src, "add1.co");
    amdpm4_bo *buf = new_bo(dev, 4096, AMDPM4_VRAM, NULL);
    uint64_t va = amdpm4_bo_va(buf);
    amdpm4_bo *bos[1] = {buf};
    struct amdpm4_dispatch_stats *st = calloc(N + 1, sizeof(*st));
    amdpm4_fence *f = NULL;
    unsigned n = 0;

    ck_assert_ptr_nonnull(st);
    for (unsigned i = 0; i < N; i++) {
        struct amdpm4_dispatch d = {kernel_of(prog, "add1"), {i % 7 + 1, 1, 1}, {64, 1, 1}, &va,
                                    8, 0, bos, 1};
        ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);
    }
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    ck_assert_int_eq(amdpm4_fence_stats(f, st, N + 1, &n), 0);
    ck_assert_uint_eq(n, N);
    for (unsigned i = 0; i < N; i++)
        ck_assert_uint_eq(st[i].workgroups, i % 7 + 1);
    ck_assert_uint_eq(st[N].workgroups, 0);                    /* not written */
    memset(st, 0, (N + 1) * sizeof(*st));
    ck_assert_int_eq(amdpm4_fence_stats(f, st, 150, &n), 0);   /* ends inside chunk 2 */
    ck_assert_uint_eq(n, N);
    for (unsigned i = 0; i < 150; i++)
        ck_assert_uint_eq(st[i].workgroups, i % 7 + 1);
    ck_assert_uint_eq(st[150].workgroups, 0);
    free(st);
    amdpm4_fence_release(f);
    amdpm4_device_close(dev);
}
END_TEST

/* Counts add, per-wave sizes take the maximum, every field of the struct. */
START_TEST(dispatch_stats_add)
{
    struct amdpm4_dispatch_stats a, b;

    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    a.insts = 1, b.insts = 2;
    a.by_class[3] = 2, b.by_class[3] = 4, b.by_class[AMDPM4_STATS_CLASSES - 1] = 9;
    a.lds_oob_accesses = 5, b.lds_oob_accesses = 1;
    b.buffer_oob_accesses = 7;
    a.insts_decoded = 11, b.insts_decoded = 0;
    a.workgroups = 3, b.workgroups = 4;
    a.vgprs_used = 10, b.vgprs_used = 7;
    a.scratch_bytes_per_wave = 0, b.scratch_bytes_per_wave = 64;
    amdpm4_dispatch_stats_add(&a, &b);
    ck_assert_uint_eq(a.insts, 3);
    ck_assert_uint_eq(a.by_class[3], 6);
    ck_assert_uint_eq(a.by_class[AMDPM4_STATS_CLASSES - 1], 9);
    ck_assert_uint_eq(a.lds_oob_accesses, 6);
    ck_assert_uint_eq(a.buffer_oob_accesses, 7);
    ck_assert_uint_eq(a.insts_decoded, 11);
    ck_assert_uint_eq(a.workgroups, 7);
    ck_assert_uint_eq(a.vgprs_used, 10);
    ck_assert_uint_eq(a.scratch_bytes_per_wave, 64);
    /* every byte of a struct of all-ones adds into one of zeros as all-ones */
    memset(&a, 0, sizeof(a));
    memset(&b, 0xff, sizeof(b));
    amdpm4_dispatch_stats_add(&a, &b);
    ck_assert_mem_eq(&a, &b, sizeof(a));
}
END_TEST

/* Out-of-range LDS reads are counted, not faulted (the hardware reads 0). */
START_TEST(simulator_statistics_lds_out_of_range)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_program *prog = load_src(dev, ldsoob_src, "ldsoob.co");
    struct amdpm4_dispatch d = {kernel_of(prog, "ldsoob"), {3, 1, 1}, {64, 1, 1}, NULL, 0, 0,
                                NULL, 0};
    struct amdpm4_dispatch_stats st;
    amdpm4_fence *f = NULL;
    unsigned n = 0;

    ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    ck_assert_int_eq(amdpm4_fence_stats(f, &st, 1, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(st.lds_oob_accesses, 3 * 32);
    ck_assert_uint_eq(st.lds_bytes_read, 3 * 32 * 4);
    ck_assert_uint_eq(st.lds_bytes_allocated, 512);
    ck_assert_uint_eq(st.buffer_oob_accesses, 0);
    amdpm4_fence_release(f);
    amdpm4_device_close(dev);
}
END_TEST

/* The executor's statistics of each dispatch, through the simulator's query:
 * add1 over 16 workgroups of 64 work-items = 32 waves, each executing its
 * 10 instructions once (s_load_b64, s_lshl_b32, v_add_nc_u32, v_lshlrev_b32,
 * s_waitcnt, global_load_b32, s_waitcnt, v_add_nc_u32, global_store_b32,
 * s_endpgm). */
START_TEST(simulator_statistics)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_program *prog = load_src(dev, add1_src, "add1.co");
    amdpm4_bo *buf = new_bo(dev, 4096, AMDPM4_VRAM, NULL);
    uint64_t va = amdpm4_bo_va(buf);
    amdpm4_bo *bos[1] = {buf};
    struct amdpm4_dispatch d = {kernel_of(prog, "add1"), {16, 1, 1}, {64, 1, 1}, &va, 8, 0,
                                bos, 1};
    struct amdpm4_dispatch_stats st[3];
    amdpm4_fence *f = NULL, *g = NULL;
    unsigned n = 0, named = 0;
    uint64_t sum = 0;

    ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);
    ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);
    ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
    wait_ok(f);
    ck_assert_int_eq(amdpm4_fence_stats(f, st, 3, &n), 0);
    ck_assert_uint_eq(n, 2);
    for (unsigned i = 0; i < 2; i++) {
        ck_assert_uint_eq(st[i].workgroups, 16);
        ck_assert_uint_eq(st[i].waves, 32);
        ck_assert_uint_eq(st[i].insts, 320);
        ck_assert_uint_eq(st[i].global_bytes_loaded, 4096);
        ck_assert_uint_eq(st[i].global_bytes_stored, 4096);
        ck_assert_uint_eq(st[i].smem_bytes_loaded, 32 * 8);
        ck_assert_uint_eq(st[i].lds_bytes_read + st[i].lds_bytes_written, 0);
    }
    for (unsigned c = 0; amdpm4_stats_class_name(c); c++) {
        sum += st[0].by_class[c];
        named++;
    }
    ck_assert_uint_eq(sum, 320);
    ck_assert_uint_gt(named, 0);
    ck_assert_str_eq(amdpm4_stats_class_name(0), "salu");
    ck_assert_ptr_null(amdpm4_stats_class_name(AMDPM4_STATS_CLASSES));
    /* the same code again in the same submission: decoded by the first */
    ck_assert_uint_le(st[0].insts_decoded, 10);
    ck_assert_uint_eq(st[1].insts_decoded, 0);
    ck_assert_uint_eq(st[0].lds_oob_accesses + st[0].buffer_oob_accesses, 0);
    ck_assert_int_eq(amdpm4_fence_stats(f, NULL, 0, &n), 0);   /* counting only */
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(amdpm4_fence_stats(f, NULL, 1, &n), -EINVAL);
    /* the simulator keeps the latest 32 submissions of a queue */
    for (unsigned i = 0; i < 40; i++) {
        ck_assert_int_eq(amdpm4_queue_submit(q, &g), 0);
        wait_ok(g);
        amdpm4_fence_release(g);
    }
    ck_assert_int_eq(amdpm4_fence_stats(f, st, 3, &n), -ENOENT);
    ck_assert_str_eq(amdpm4_last_error(), "compute queue 0, submission 1: the simulator no "
                     "longer holds its statistics (it keeps the latest submissions of each queue)");
    amdpm4_fence_release(f);
    amdpm4_device_close(dev);
}
END_TEST

/* 10,000 dispatches of a trivial kernel in 100 submissions, at most three
 * in flight; the first waits for the CPU until three are queued, so the
 * pools are at their most before the warm-up snapshot. */
static void stream(void)
{
    amdpm4_device *dev = open_dev();
    amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
    amdpm4_program *prog = load_src(dev, count_src, "count.co");
    uint32_t *counter;
    amdpm4_bo *cbo = new_bo(dev, 4096, AMDPM4_GTT, (void **)&counter);
    uint64_t va = amdpm4_bo_va(cbo);
    amdpm4_bo *bos[1] = {cbo};
    struct amdpm4_dispatch d = {kernel_of(prog, "count"), {1, 1, 1}, {1, 1, 1}, &va, 8, 0, bos, 1};
    amdpm4_fence *all[100] = {NULL};
    struct amdpm4_queue_pool_stats warm, end;

    for (unsigned s = 0; s < 100; s++) {
        if (s == 3)
            release(&counter[16]);
        if (s >= 3)   /* at most 3 in flight */
            wait_ok(all[s - 3]);
        if (s == 0)
            block_on(q, cbo, va + 64);
        for (unsigned i = 0; i < 100; i++)
            ck_assert_int_eq(amdpm4_queue_dispatch(q, &d), 0);
        ck_assert_int_eq(amdpm4_queue_submit(q, &all[s]), 0);
        if (s == 3)
            ck_assert_int_eq(amdpm4_queue_pool_stats(q, &warm), 0);
    }
    ck_assert_int_eq(amdpm4_fence_wait_many(all, 100, true, AMDPM4_WAIT_FOREVER, NULL), 0);
    for (unsigned s = 0; s < 100; s++) {
        ck_assert_int_eq(amdpm4_fence_poll(all[s]), 1);
        amdpm4_fence_release(all[s]);
    }
    ck_assert_uint_eq(counter[0], 10000);
    ck_assert_int_eq(amdpm4_queue_pool_stats(q, &end), 0);
    ck_assert_uint_eq(end.ib_buffers, warm.ib_buffers);
    ck_assert_uint_eq(end.data_buffers, warm.data_buffers);
    ck_assert_uint_eq(end.pool_bytes, warm.pool_bytes);
    ck_assert_uint_le(end.ib_buffers, 4);
    amdpm4_queue_destroy(q);
    amdpm4_program_destroy(prog);
    amdpm4_bo_free(cbo);
    amdpm4_device_close(dev);
}

START_TEST(ten_thousand_dispatches)
{
    stream();
}
END_TEST

START_TEST(kernel_fault_and_hang_reported)
{
    amdpm4_device *dev = open_dev();
    amdpm4_program *wild = load_src(dev, wild_src, "wild.co");
    amdpm4_program *spin = load_src(dev, spin_src, "spin.co");
    amdpm4_program *add1 = load_src(dev, add1_src, "add1.co");
    amdpm4_bo *buf = new_bo(dev, 256, AMDPM4_GTT, NULL);
    uint64_t va = amdpm4_bo_va(buf);
    amdpm4_bo *bos[1] = {buf};
    struct amdpm4_dispatch ok = {kernel_of(add1, "add1"), {1, 1, 1}, {64, 1, 1}, &va, 8, 0, bos, 1};
    struct amdpm4_dispatch dw = {kernel_of(wild, "wild"), {1, 1, 1}, {32, 1, 1}, NULL, 0, 0, NULL, 0};
    struct amdpm4_dispatch ds = {kernel_of(spin, "spin"), {1, 1, 1}, {32, 1, 1}, NULL, 0, 0, NULL, 0};
    const struct amdpm4_dispatch *bad[2] = {&dw, &ds};
    const char *e;

    for (int k = 0; k < 2; k++) {
        amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
        amdpm4_fence *f = NULL;

        ck_assert_int_eq(amdpm4_queue_dispatch(q, &ok), 0);
        ck_assert_int_eq(amdpm4_queue_dispatch(q, bad[k]), 0);
        ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
        ck_assert_int_eq(amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER), -ETIME);
        e = amdpm4_last_error();
        ck_assert_msg(strstr(e, k ? "last kernel dispatched: spin (2 dispatches in the submission)"
                                  : "last kernel dispatched: wild (2 dispatches in the submission)"),
                      "%s", e);
        ck_assert_msg(strstr(e, "context reset state: guilty"), "%s", e);
        ck_assert_msg(strstr(e, "(in dispatch 2 of 2)"), "%s", e);
        amdpm4_fence_release(f);
        amdpm4_queue_destroy(q);
    }
    {
        amdpm4_queue *q = new_queue(dev, AMDPM4_QUEUE_COMPUTE);
        amdpm4_fence *f = NULL;

        ck_assert_int_eq(amdpm4_queue_dispatch(q, &ok), 0);
        ck_assert_int_eq(amdpm4_queue_submit(q, &f), 0);
        wait_ok(f);
        amdpm4_fence_release(f);
    }
    amdpm4_device_close(dev);
}
END_TEST

/* ================================================================ README and tool */

/* The code block after "<!-- example: NAME -->" in README.md (malloc'd). */
static char *readme_block(const char *name)
{
    FILE *f = fopen("README.md", "r");
    char marker[128], line[512], *out = calloc(1, 65536);
    size_t len = 0;
    int state = 0;   /* 0 before the marker, 1 before the fence, 2 inside */

    ck_assert_msg(f, "README.md (run from the repository root, as make test does)");
    ck_assert_ptr_nonnull(out);
    snprintf(marker, sizeof(marker), "<!-- example: %s -->", name);
    while (fgets(line, sizeof(line), f) && state < 3) {
        if (state == 0 && !strncmp(line, marker, strlen(marker)))
            state = 1;
        else if (state == 1 && !strncmp(line, "```", 3))
            state = 2;
        else if (state == 2 && !strncmp(line, "```", 3))
            state = 3;
        else if (state == 2 && len + strlen(line) < 65535)
            len += (size_t)snprintf(out + len, 65536 - len, "%s", line);
    }
    fclose(f);
    ck_assert_msg(state == 3, "README.md has no complete block for %s", name);
    return out;
}

START_TEST(readme_example_builds_and_runs)
{
    char dir[] = "/tmp/amdpm4-readme-XXXXXX", c_path[64], exe[64], co_path[64], cmd[4096], err[2048];
    char *sh[] = {"/bin/sh", "-c", cmd, NULL}, *run[] = {exe, co_path, NULL};
    char *asm_text = readme_block("add1.s"), *c_text = readme_block("example.c");
    uint8_t *co;
    size_t co_bytes;
    struct test_run r;
    FILE *f;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(c_path, sizeof(c_path), "%s/example.c", dir);
    snprintf(exe, sizeof(exe), "%s/example", dir);
    snprintf(co_path, sizeof(co_path), "%s/add1.co", dir);
    ck_assert_msg(!test_assemble(asm_text, "gfx1100", &co, &co_bytes, err, sizeof(err)), "%s", err);
    f = fopen(co_path, "wb");
    ck_assert_uint_eq(fwrite(co, 1, co_bytes, f), co_bytes);
    fclose(f);
    f = fopen(c_path, "w");
    fputs(c_text, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "cc -std=c11 -Wall -Wextra -Werror -Iinclude -o %s %s %s/libamdpm4.a "
             "$(pkg-config --libs libdrm_amdgpu libdrm libelf msgpack vulkan) -lpthread -ldl -lm",
             exe, c_path, test_build_dir());
    ck_assert_int_eq(test_run(&r, sh, NULL, NULL), 0);
    ck_assert_msg(r.exit_code == 0, "compiling the README example: %.3000s", r.err);
    test_run_free(&r);
    ck_assert_int_eq(test_run(&r, run, NULL, NULL), 0);   /* the simulator stays preloaded */
    ck_assert_msg(r.exit_code == 0, "%.1000s%.2000s", r.out, r.err);
    ck_assert_str_eq(r.out, "out[i] = in[i] + 1 for all 1024 elements\n");
    test_run_free(&r);
    unlink(c_path);
    unlink(exe);
    unlink(co_path);
    rmdir(dir);
    free(co);
    free(asm_text);
    free(c_text);
}
END_TEST

static void run_info(struct test_run *r, bool preload, const char *a1, const char *a2)
{
    char *argv[8];
    int n = 0;

    if (!preload) {
        argv[n++] = "/usr/bin/env";
        argv[n++] = "-u";
        argv[n++] = "LD_PRELOAD";
    }
    argv[n++] = (char *)test_build_path("amdpm4");
    argv[n++] = "info";
    if (a1)
        argv[n++] = (char *)a1;
    if (a2)
        argv[n++] = (char *)a2;
    argv[n] = NULL;
    ck_assert_int_eq(test_run(r, argv, NULL, (char *[]){"AMDPM4_DEVICE=", NULL}), 0);
}

START_TEST(info_tool)
{
    struct test_run r;

    run_info(&r, true, NULL, NULL);
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_str_eq(r.err, "");
    ck_assert_msg(strstr(r.out, "device         /dev/dri/renderD128 (PCI 0000:03:00.0, 1002:744c "
                         "rev c8)\n"), "%s", r.out);
    ck_assert_msg(strstr(r.out, "gfx target     gfx1100 (navi31, amdgpu family 145, external "
                         "revision 0x01)\n"), "%s", r.out);
    ck_assert_msg(strstr(r.out, "simulated      amdpm4 simulated gfx1100 0.1\n"), "%s", r.out);
    ck_assert_msg(strstr(r.out, "compute units  96 (6 shader engines x 2 arrays), wave32\n"), "%s",
                  r.out);
    ck_assert_msg(strstr(r.out, "engine clock   2371 MHz max\n"), "%s", r.out);
    ck_assert_msg(strstr(r.out, "timestamps     100 MHz\n"), "%s", r.out);
    ck_assert_msg(strstr(r.out, "VRAM           23.9 GiB usable of 24.0 GiB, 60.6 MiB used\n"),
                  "%s", r.out);
    ck_assert_msg(strstr(r.out, "GTT            31.0 GiB usable of 31.0 GiB, 12.7 MiB used\n"),
                  "%s", r.out);
    test_run_free(&r);

    run_info(&r, true, "--json", NULL);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_msg(strstr(r.out, "\"gfx_target\": \"gfx1100\""), "%s", r.out);
    ck_assert_msg(strstr(r.out, "\"cu_count\": 96,"), "%s", r.out);
    ck_assert_msg(strstr(r.out, "\"vram\": {\"total_bytes\": 25753026560, \"usable_bytes\": "
                         "25681096704, \"used_bytes\": 63541248,"), "%s", r.out);
    ck_assert_msg(strstr(r.out, "\"simulated\": true,"), "%s", r.out);
    test_run_free(&r);

    run_info(&r, true, "--frobnicate", NULL);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.err, "amdpm4 info: unknown argument '--frobnicate' (see amdpm4 info "
                     "--help)\n");
    test_run_free(&r);
    run_info(&r, true, "--device", "gpu");
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.err, "amdpm4 info: --device 'gpu': must be auto, hw or sim\n");
    test_run_free(&r);
    run_info(&r, true, "--device", NULL);
    ck_assert_int_eq(r.exit_code, 2);
    test_run_free(&r);
    run_info(&r, true, "--device", "hw");
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_msg(!strncmp(r.err, "amdpm4 info: --device hw, but the simulated gfx1100 is loaded",
                           61), "%s", r.err);
    test_run_free(&r);
    run_info(&r, true, "--help", NULL);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_msg(!strncmp(r.out, "usage: amdpm4 info [--json] [--device auto|hw|sim]\n", 51), "%s",
                  r.out);
    test_run_free(&r);

    /* without the preload: --device sim re-executes under the simulator,
     * silently; auto does so saying why (on a machine without a gfx11 GPU) */
    run_info(&r, false, "--device=sim", NULL);
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_str_eq(r.err, "");
    ck_assert_msg(strstr(r.out, "simulated      amdpm4 simulated gfx1100 0.1\n"), "%s", r.out);
    test_run_free(&r);
    run_info(&r, false, NULL, NULL);
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    if (strstr(r.out, "simulated      no (real hardware)"))
        ck_assert_str_eq(r.err, "");
    else
        ck_assert_msg(!strncmp(r.err, "amdpm4 info: no gfx11 GPU found (", 33) &&
                      strstr(r.err, "); running on the simulated gfx1100 ("), "%s", r.err);
    test_run_free(&r);
}
END_TEST

/* ================================================================ leaks */

/* The 10,000-dispatch stream case again, in a child under LeakSanitizer
 * (liblsan preloaded before the simulator): any leak fails it. */
START_TEST(stream_under_leak_sanitizer)
{
    char preload[4096];
    char *argv[] = {"/usr/bin/env", "-u", "CK_RUN_SUITE", "-u", "CK_RUN_CASE", "-u", "CK_FORK",
                    "-u", "CK_VERBOSITY", "CK_RUN_SUITE=runtime", "CK_RUN_CASE=stream",
                    "CK_FORK=no", "CK_VERBOSITY=normal", "LSAN_OPTIONS=exitcode=23",
                    preload, (char *)test_build_path("tests/check_all"), NULL};
    const char *sim = getenv("LD_PRELOAD");
    struct test_run r;

    ck_assert_msg(sim && strstr(sim, "libamdpm4sim.so"), "run under the simulator (make test)");
    snprintf(preload, sizeof(preload), "LD_PRELOAD=liblsan.so.0:%s", sim);
    ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
    ck_assert_msg(r.exit_code == 0, "exit %d:\n%.1500s%.1500s", r.exit_code, r.out, r.err);
    ck_assert_msg(!strstr(r.err, "LeakSanitizer"), "%.3000s", r.err);
    ck_assert_msg(strstr(r.out, "100%: Checks: 1, Failures: 0, Errors: 0"), "%.3000s", r.out);
    test_run_free(&r);
}
END_TEST

Suite *runtime_suite(void);
Suite *runtime_suite(void)
{
    Suite *s = suite_create("runtime");
    TCase *tc;

    tc = tcase_create("queue");
    tcase_add_test(tc, queue_create_refusals_and_ids);
    tcase_add_test(tc, empty_submissions_signal);
    tcase_add_test(tc, raw_packets_on_compute);
    tcase_add_test(tc, copy_and_fill_on_transfer);
    tcase_add_test(tc, timestamps_in_order);
    tcase_add_test(tc, wait_timeout_poll_and_release);
    tcase_add_test(tc, compute_and_transfer_overlap);
    tcase_add_test(tc, cross_queue_dependency);
    tcase_add_test(tc, wait_many_all_and_any);
    tcase_add_test(tc, pools_reach_a_steady_state);
    tcase_add_test(tc, submission_spans_several_ibs);
    tcase_add_test(tc, queues_on_threads);
    suite_add_tcase(s, tc);

    tc = tcase_create("failure");
    tcase_add_checked_fixture(tc, short_timeout, NULL);
    tcase_add_test(tc, hang_reported_then_new_queue);
    tcase_add_test(tc, fault_reported_then_new_queue);
    tcase_add_test(tc, staging_recovers);
    suite_add_tcase(s, tc);

    tc = tcase_create("program");
    tcase_add_test(tc, program_load_and_lookup);
    tcase_add_test(tc, kernel_arguments_from_metadata);
    tcase_add_test(tc, program_errors_surface);
    tcase_add_test(tc, dispatch_refusals);
    tcase_add_test(tc, dispatch_registers_in_the_ib);
    tcase_add_test(tc, dispatches_write_only_what_changed);
    suite_add_tcase(s, tc);

    tc = tcase_create("dispatch");
    tcase_add_checked_fixture(tc, short_timeout, NULL);
    tcase_add_test(tc, add1_on_vram);
    tcase_add_test(tc, batched_dispatches_compute_right);
    tcase_add_test(tc, dispatch_packet_and_id);
    tcase_add_test(tc, kernel_fault_and_hang_reported);
    tcase_add_test(tc, simulator_statistics);
    tcase_add_test(tc, simulator_statistics_lds_out_of_range);
    tcase_add_test(tc, dispatch_stats_add);
    tcase_add_test(tc, simulator_statistics_many_dispatches);
    suite_add_tcase(s, tc);

    tc = tcase_create("example");
    tcase_add_test(tc, readme_example_builds_and_runs);
    tcase_add_test(tc, info_tool);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("stream");
    tcase_add_test(tc, ten_thousand_dispatches);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("leaks");
    tcase_add_test(tc, stream_under_leak_sanitizer);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    return s;
}
