/*
 * pm4/queue_fence.c — fences: polling, waiting (one, many), retirement of
 * finished submissions, and failures reported with their context.
 *
 * A submission has finished when the queue's fence word has reached its
 * serial (written by its closing RELEASE_MEM / SDMA FENCE: no ioctl
 * needed), or when the kernel says so (WAIT_CS / WAIT_FENCES).  A job the
 * kernel stopped (a hang or VM fault: -ETIME) or cancelled (a later job of
 * a guilty context: -ECANCELED) never writes the fence word; only the
 * kernel's answer tells, and then the failure is described with the queue,
 * the submission, the last kernel it dispatched, the context's reset state
 * (AMDGPU_CTX_OP_QUERY_STATE2) and, on the simulated device, the
 * simulator's own fault report (SIM_DRM_AMDPM4_QUERY).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xf86drm.h>

#include "bo/bo.h"
#include "bo/program.h"
#include "pm4/log.h"
#include "pm4/queue.h"
#include "sim/exec_stats.h"
#include "sim/sim_ioctl.h"

/* Fences waited for at once without allocating. */
#define PM4_WAIT_STACK_FENCES 64u

void pm4_fence_cs(const struct amdpm4_fence *f, struct amdgpu_cs_fence *out)
{
    memset(out, 0, sizeof(*out));
    out->context = f->q->ctx;
    out->ip_type = f->q->ip_type;
    out->ip_instance = 0;
    out->ring = f->q->ring;
    out->fence = f->seq;
}

/* Has the fence word reached f's serial?  Serials are compared modulo 2^32
 * (the word is 32 bits; far fewer than 2^31 submissions are ever in flight). */
static bool word_passed(const struct amdpm4_fence *f)
{
    uint32_t w = __atomic_load_n(f->q->fence_cpu, __ATOMIC_ACQUIRE);

    return (int32_t)(w - (uint32_t)f->serial) >= 0;
}

/* Return a finished submission's buffers to the pool, keep its timestamps. */
static void retire(struct amdpm4_fence *f)
{
    for (unsigned i = 0; i < f->ts_count; i++)
        f->ts[i] = *f->ts_src[i];
    pm4_fence_return_buffers(f);
    f->retired = true;
    if (!f->held)
        pm4_fence_recycle(f);
}

void pm4_queue_collect(amdpm4_queue *q)
{
    while (q->fly_head) {
        struct amdpm4_fence *f = q->fly_head;

        if (f->state == PM4_FENCE_IN_FLIGHT) {
            if (!word_passed(f))
                break;
            f->state = PM4_FENCE_DONE;
        }
        q->fly_head = f->next;
        if (!q->fly_head)
            q->fly_tail = NULL;
        f->next = NULL;
        q->in_flight--;
        retire(f);
    }
}

/* A ring runs a context's jobs in order: when f has finished, so have all
 * submissions before it. */
static void done_up_to(struct amdpm4_fence *f)
{
    for (struct amdpm4_fence *g = f->q->fly_head; g; g = g->next) {
        if (g->state == PM4_FENCE_IN_FLIGHT)
            g->state = PM4_FENCE_DONE;
        if (g == f)
            break;
    }
}

/* ---------------------------------------------------------------- failures */

/* The simulator's record of a submission; false on real hardware. */
static bool sim_query(const amdpm4_queue *q, uint64_t seq, struct drm_amdpm4_sim_query *out)
{
    memset(out, 0, sizeof(*out));
    if (!q->dev->simulated)
        return false;
    out->ctx_id = q->ctx_id;
    out->ip_type = q->ip_type;
    out->ip_instance = 0;
    out->ring = q->ring;
    out->seq = seq;
    return drmCommandWriteRead(amdgpu_device_get_fd(q->dev->adev), SIM_DRM_AMDPM4_QUERY, out,
                               sizeof(*out)) == 0;
}

static const char *reset_state(const amdpm4_queue *q, char *buf, size_t bytes)
{
    uint64_t flags = 0;
    int ret = amdgpu_cs_query_reset_state2(q->ctx, &flags);

    if (ret) {
        snprintf(buf, bytes, "unknown (QUERY_STATE2: %s)", strerror(-ret));
        return buf;
    }
    snprintf(buf, bytes, "%s, %s, %s",
             flags & AMDGPU_CTX_QUERY2_FLAGS_GUILTY ? "guilty" : "not guilty",
             flags & AMDGPU_CTX_QUERY2_FLAGS_RESET ? "the GPU was reset" : "no GPU reset",
             flags & AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST ? "VRAM lost" : "VRAM intact");
    return buf;
}

/* Record f's failure err with its full description; cause_serial names the
 * earlier submission that failed when f was cancelled (0: unknown). */
static int describe(struct amdpm4_fence *f, int err, uint64_t cause_serial)
{
    amdpm4_queue *q = f->q;
    struct drm_amdpm4_sim_query sq;
    char what[160], state[96], kernel[160], sim[700];

    switch (err) {
    case -ETIME:
        snprintf(what, sizeof(what), "the GPU hung or faulted: the kernel driver timed the job "
                 "out and stopped it (ETIME)");
        break;
    case -ECANCELED:
        if (cause_serial)
            snprintf(what, sizeof(what), "cancelled: submission %" PRIu64 " of this queue hung "
                     "or faulted before it (ECANCELED)", cause_serial);
        else
            snprintf(what, sizeof(what), "cancelled after a hang or fault of this queue's "
                     "context (ECANCELED)");
        break;
    case -ENODEV:
        snprintf(what, sizeof(what), "the GPU is gone (ENODEV)");
        break;
    default:
        snprintf(what, sizeof(what), "waiting for it failed: %s", strerror(-err));
        break;
    }
    if (q->kind == AMDPM4_QUEUE_TRANSFER)
        snprintf(kernel, sizeof(kernel), "none (a transfer queue)");
    else if (f->dispatches)
        snprintf(kernel, sizeof(kernel), "%s (%u dispatch%s in the submission)",
                 f->last_kernel_name, f->dispatches, f->dispatches == 1 ? "" : "es");
    else
        snprintf(kernel, sizeof(kernel), "none (no dispatch in the submission)");
    sim[0] = '\0';
    if (sim_query(q, f->seq, &sq) && sq.fault_msg[0])
        snprintf(sim, sizeof(sim), "; simulator: %s", sq.fault_msg);
    if (sim[0] && q->kind == AMDPM4_QUEUE_COMPUTE && sq.dispatches)
        snprintf(sim + strlen(sim), sizeof(sim) - strlen(sim), " (in dispatch %u of %u)",
                 sq.dispatches, f->dispatches);
    snprintf(f->errmsg, sizeof(f->errmsg),
             "%s queue %u, submission %" PRIu64 ": %s; context reset state: %s; last kernel "
             "dispatched: %s%s", pm4_queue_kind_name(q->kind), q->id, f->serial, what,
             reset_state(q, state, sizeof(state)), kernel, sim);
    f->state = PM4_FENCE_FAILED;
    f->error = err;
    if (!q->lost || f->serial < q->lost_serial) {
        q->lost = true;
        q->lost_serial = f->serial;
        snprintf(q->lost_msg, sizeof(q->lost_msg), "%s queue %u is lost (submission %" PRIu64
                 " failed); destroy it and create a new queue. %s", pm4_queue_kind_name(q->kind),
                 q->id, f->serial, f->errmsg);
    }
    return amdpm4_seterr(err, "%s", f->errmsg);
}

/* Ask the kernel about f (no waiting).  0 finished, -ETIMEDOUT running,
 * else the error (f not updated). */
static int kernel_status(const struct amdpm4_fence *f, uint64_t timeout_ns)
{
    struct amdgpu_cs_fence cf;
    uint32_t expired = 0;
    int ret;

    pm4_fence_cs(f, &cf);
    ret = amdgpu_cs_query_fence_status(&cf, timeout_ns, 0, &expired);
    if (ret)
        return ret;
    return expired ? 0 : -ETIMEDOUT;
}

/* f failed with err: describe it, first finding which earlier submission
 * failed when f was only cancelled. */
static int fail(struct amdpm4_fence *f, int err)
{
    uint64_t cause = 0;

    if (err == -ECANCELED) {
        for (struct amdpm4_fence *g = f->q->fly_head; g && g != f; g = g->next) {
            int e = g->state == PM4_FENCE_IN_FLIGHT ? kernel_status(g, 0) : g->error;

            if (g->state == PM4_FENCE_IN_FLIGHT && e && e != -ETIMEDOUT)
                describe(g, e, 0);
            if (g->state == PM4_FENCE_FAILED && g->error != -ECANCELED) {
                cause = g->serial;
                break;
            }
        }
        if (!cause && f->q->lost && f->q->lost_serial < f->serial)
            cause = f->q->lost_serial;
    }
    return describe(f, err, cause);
}

/* The state of f, asking the kernel when the fence word does not tell. */
static int check(struct amdpm4_fence *f, uint64_t timeout_ns, bool collect)
{
    int ret;

    switch (f->state) {
    case PM4_FENCE_DONE:
        return 0;
    case PM4_FENCE_FAILED:
        return amdpm4_seterr(f->error, "%s", f->errmsg);
    case PM4_FENCE_RECORDING:
        return amdpm4_seterr(-EINVAL, "the fence's submission has not been submitted");
    case PM4_FENCE_IN_FLIGHT:
        break;
    }
    if (word_passed(f)) {
        ret = 0;
    } else {
        ret = kernel_status(f, timeout_ns);
        if (ret == -ETIMEDOUT)
            return ret;
    }
    if (ret)
        ret = fail(f, ret);
    else
        done_up_to(f);
    if (collect)
        pm4_queue_collect(f->q);
    return ret;
}

int pm4_fence_check(struct amdpm4_fence *f, uint64_t timeout_ns)
{
    return check(f, timeout_ns, true);
}

/* Bring every in-flight submission's state up to date, waiting up to
 * timeout_ns for each, then retire what finished. */
static void check_all(amdpm4_queue *q, uint64_t timeout_ns)
{
    for (struct amdpm4_fence *f = q->fly_head; f; f = f->next)
        if (f->state == PM4_FENCE_IN_FLIGHT)
            check(f, timeout_ns, false);
    pm4_queue_collect(q);
}

void pm4_queue_probe(amdpm4_queue *q)
{
    check_all(q, 0);
}

void pm4_queue_drain(amdpm4_queue *q)
{
    /* Every submission ends: finished, stopped or cancelled by the kernel. */
    check_all(q, AMDGPU_TIMEOUT_INFINITE);
}

/* ---------------------------------------------------------------- the API */

int amdpm4_fence_poll(amdpm4_fence *f)
{
    int ret;

    if (!f)
        return amdpm4_seterr(-EINVAL, "amdpm4_fence_poll: NULL fence");
    ret = check(f, 0, true);
    return ret == 0 ? 1 : ret == -ETIMEDOUT ? 0 : ret;
}

int amdpm4_fence_wait(amdpm4_fence *f, uint64_t timeout_ns)
{
    int ret;

    if (!f)
        return amdpm4_seterr(-EINVAL, "amdpm4_fence_wait: NULL fence");
    ret = check(f, timeout_ns, true);
    if (ret == -ETIMEDOUT)
        amdpm4_seterr(ret, "%s queue %u, submission %" PRIu64 ": still running after %" PRIu64
                      " ns", pm4_queue_kind_name(f->q->kind), f->q->id, f->serial, timeout_ns);
    return ret;
}

/* After a WAIT_FENCES failure: the first fence that failed, described. */
static int first_failure(amdpm4_fence *const *fences, unsigned count, int err)
{
    for (unsigned i = 0; i < count; i++) {
        int ret = check(fences[i], 0, true);

        if (ret && ret != -ETIMEDOUT)
            return ret;
    }
    return amdpm4_seterr(err, "waiting for %u fences failed: %s", count, strerror(-err));
}

int amdpm4_fence_wait_many(amdpm4_fence *const *fences, unsigned count, bool wait_all,
                           uint64_t timeout_ns, unsigned *first)
{
    struct amdgpu_cs_fence stack[PM4_WAIT_STACK_FENCES], *cf = stack;
    uint32_t status = 0, first_idx = 0;
    amdpm4_device *dev;
    int ret;

    if (!fences || !count)
        return amdpm4_seterr(-EINVAL, "amdpm4_fence_wait_many: no fences");
    for (unsigned i = 0; i < count; i++)
        if (!fences[i])
            return amdpm4_seterr(-EINVAL, "amdpm4_fence_wait_many: fence %u is NULL", i);
    dev = fences[0]->q->dev;
    /* What is known without the kernel: failures, and finished fences. */
    for (unsigned i = 0; i < count; i++) {
        const amdpm4_fence *f = fences[i];

        if (f->q->dev != dev)
            return amdpm4_seterr(-EINVAL, "amdpm4_fence_wait_many: fences of different devices");
        if (f->state == PM4_FENCE_RECORDING)
            return amdpm4_seterr(-EINVAL, "amdpm4_fence_wait_many: fence %u has not been "
                                 "submitted", i);
        if (f->state == PM4_FENCE_FAILED)
            return amdpm4_seterr(f->error, "%s", f->errmsg);
        if (!wait_all && (f->state == PM4_FENCE_DONE || word_passed(f))) {
            check(fences[i], 0, true);
            if (first)
                *first = i;
            return 0;
        }
    }
    if (count > PM4_WAIT_STACK_FENCES) {
        cf = malloc(count * sizeof(*cf));
        if (!cf)
            return amdpm4_seterr(-ENOMEM, "no memory to wait for %u fences", count);
    }
    for (unsigned i = 0; i < count; i++)
        pm4_fence_cs(fences[i], &cf[i]);
    ret = amdgpu_cs_wait_fences(cf, count, wait_all, timeout_ns, &status, &first_idx);
    if (cf != stack)
        free(cf);
    if (ret)
        return first_failure(fences, count, ret);
    if (!status)
        return amdpm4_seterr(-ETIMEDOUT, "%u fences: %s still running after %" PRIu64 " ns",
                             count, wait_all ? "some are" : "all are", timeout_ns);
    if (wait_all) {
        for (unsigned i = 0; i < count; i++)
            check(fences[i], 0, true);   /* finished: records them as done */
    } else {
        if (first_idx >= count)
            first_idx = 0;
        check(fences[first_idx], 0, true);
        if (first)
            *first = first_idx;
    }
    return 0;
}

void amdpm4_fence_release(amdpm4_fence *f)
{
    if (!f)
        return;
    f->held = false;
    if (f->retired)
        pm4_fence_recycle(f);
}

uint64_t amdpm4_fence_submission(const amdpm4_fence *f)
{
    return f ? f->serial : 0;
}

int amdpm4_fence_timestamps(amdpm4_fence *f, uint64_t *ticks, unsigned max, unsigned *count)
{
    int ret;

    if (!f || !count || (max && !ticks))
        return amdpm4_seterr(-EINVAL, "amdpm4_fence_timestamps: NULL argument");
    ret = check(f, 0, true);
    if (ret == -ETIMEDOUT)
        return amdpm4_seterr(-EBUSY, "%s queue %u, submission %" PRIu64 ": timestamps are read "
                             "once it has finished", pm4_queue_kind_name(f->q->kind), f->q->id,
                             f->serial);
    if (ret)
        return ret;
    if (!f->retired)   /* finished but behind an unfinished one: keep its values now */
        for (unsigned i = 0; i < f->ts_count; i++)
            f->ts[i] = *f->ts_src[i];
    for (unsigned i = 0; i < f->ts_count && i < max; i++)
        ticks[i] = f->ts[i];
    *count = f->ts_count;
    return 0;
}

/* ---------------------------------------------------------------- simulator statistics */

_Static_assert(SIM_ICLASS_COUNT <= AMDPM4_STATS_CLASSES,
               "amdpm4_dispatch_stats holds every instruction class of the executor");

/* The executor's instruction classes (sim/exec_stats.h, the one list). */
static const char *const class_names[SIM_ICLASS_COUNT] = {
#define X(e, n) n,
    SIM_ICLASSES(X)
#undef X
};

const char *amdpm4_stats_class_name(unsigned i)
{
    return i < SIM_ICLASS_COUNT ? class_names[i] : NULL;
}

_Static_assert(sizeof(struct amdpm4_dispatch_stats) == SIM_STATS_BYTES(AMDPM4_STATS_CLASSES),
               "every field of amdpm4_dispatch_stats is in SIM_STATS_SUMMED or SIM_STATS_MAXED");

static void stats_from_sim(struct amdpm4_dispatch_stats *o, const struct sim_dispatch_stats *s)
{
    memset(o, 0, sizeof(*o));
    for (unsigned c = 0; c < SIM_ICLASS_COUNT; c++)
        o->by_class[c] = s->by_class[c];
#define COPY(f, dst, src) (dst)->f = (src)->f;
    SIM_STATS_SUMMED(COPY, o, s)
    SIM_STATS_MAXED(COPY, o, s)
#undef COPY
}

void amdpm4_dispatch_stats_add(struct amdpm4_dispatch_stats *sum,
                               const struct amdpm4_dispatch_stats *b)
{
    SIM_STATS_ADD(sum, b, AMDPM4_STATS_CLASSES);
}

int amdpm4_fence_stats(amdpm4_fence *f, struct amdpm4_dispatch_stats *stats, unsigned max,
                       unsigned *count)
{
    struct drm_amdpm4_sim_query sq;
    struct sim_dispatch_stats *raw = NULL;
    amdpm4_queue *q;
    int ret;

    if (!f || !count || (max && !stats))
        return amdpm4_seterr(-EINVAL, "amdpm4_fence_stats: NULL argument");
    q = f->q;
    ret = check(f, 0, true);
    if (ret == -ETIMEDOUT)
        return amdpm4_seterr(-EBUSY, "%s queue %u, submission %" PRIu64 ": statistics are read "
                             "once it has finished", pm4_queue_kind_name(q->kind), q->id,
                             f->serial);
    /* a failed submission still has the statistics of what it ran */
    if (max && !(raw = calloc(max, sizeof(*raw))))
        return amdpm4_seterr(-ENOMEM, "no memory for %u statistics records", max);
    memset(&sq, 0, sizeof(sq));
    sq.ctx_id = q->ctx_id;
    sq.ip_type = q->ip_type;
    sq.ring = q->ring;
    sq.seq = f->seq;
    sq.stats_ptr = (uintptr_t)raw;
    sq.stats_max = max;
    sq.stats_bytes = sizeof(*raw);
    ret = drmCommandWriteRead(amdgpu_device_get_fd(q->dev->adev), SIM_DRM_AMDPM4_QUERY, &sq,
                              sizeof(sq));
    if (ret == -EINVAL && !q->dev->simulated)
        ret = amdpm4_seterr(-ENOTSUP, "no statistics on real hardware (they come from the "
                            "simulated gfx1100)");
    else if (ret)
        ret = amdpm4_seterr(ret, "the simulator's query failed: %s", strerror(-ret));
    else if (sq.status == SIM_QUERY_UNKNOWN)
        ret = amdpm4_seterr(-ENOENT, "%s queue %u, submission %" PRIu64 ": the simulator no "
                            "longer holds its statistics (it keeps the latest submissions of "
                            "each queue)", pm4_queue_kind_name(q->kind), q->id, f->serial);
    if (!ret) {
        for (unsigned i = 0; i < sq.stats_written && i < max; i++)
            stats_from_sim(&stats[i], &raw[i]);
        *count = sq.dispatches;
    }
    free(raw);
    return ret;
}
