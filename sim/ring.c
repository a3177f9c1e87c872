/*
 * sim/ring.c — the hardware rings: one engine thread each, running queued
 * jobs in order (as the kernel's scheduler feeds one hardware ring).  A job
 * waits for its dependencies, runs its IBs on the CP or the SDMA engine
 * under the AMDPM4_SIM_TIMEOUT_MS deadline, writes its user fence and
 * signals its fence.  A fault stops the job: the fence signals with -ETIME
 * (as after amdgpu_job_timedout()), the context becomes guilty, and queued
 * jobs of a guilty context are cancelled with -ECANCELED; everything else
 * goes on.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <amdgpu_drm.h>

#include "sim/clock.h"
#include "sim/drv.h"
#include "sim/exec.h"

void sim_ring_init(struct sim_dev *dev, struct sim_ring *r, unsigned id)
{
    pthread_condattr_t ca;

    memset(r, 0, sizeof(*r));
    r->dev = dev;
    r->id = id;
    pthread_mutex_init(&r->lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&r->cond, &ca);
    pthread_condattr_destroy(&ca);
}

void sim_job_free(struct sim_job *job)
{
    if (!job)
        return;
    for (unsigned i = 0; i < job->ndeps; i++)
        sim_fence_put(job->deps[i]);
    for (unsigned i = 0; i < job->nsched_deps; i++)
        sim_fence_put(job->sched_deps[i]);
    for (unsigned i = 0; i < job->nbos; i++)
        sim_bo_put(job->bos[i]);
    free(job->deps);
    free(job->sched_deps);
    free(job->bos);
    free(job->ibs);
    sim_bo_put(job->uf_bo);
    sim_fence_put(job->fence);
    sim_ctx_put(job->ctx);
    if (job->file)
        sim_file_put(job->file);
    free(job);
}

static bool is_sdma(unsigned ring_id)
{
    return sim_navi31_ring_ip(ring_id) == AMDGPU_HW_IP_DMA;
}

void sim_ring_fault(struct sim_engine_ctx *e, int err, const struct sim_fault *fault)
{
    struct sim_dev *dev = e->dev;
    const char *ring = sim_navi31_ring_name(e->ring->id);
    struct sim_job *job = e->job;
    char line[1024];

    (void)err;
    atomic_store(&job->ctx->guilty, 1);
    /* One line in the style of the kernel's log for the event. */
    switch (fault->kind) {
    case SIM_FAULT_VM:
        snprintf(line, sizeof(line),
                 "amdgpu %s: amdgpu: [%s] page fault (ring %s, ctx %u, seq %" PRIu64 ") in page "
                 "starting at address 0x%016" PRIx64 ": %s",
                 sim_navi31.pci_slot, is_sdma(e->ring->id) ? "mmhub" : "gfxhub", ring,
                 job->ctx->id, job->seq, (uint64_t)(fault->va & ~(SIM_VM_PAGE_BYTES - 1)), fault->msg);
        break;
    case SIM_FAULT_HANG:
        snprintf(line, sizeof(line),
                 "amdgpu %s: amdgpu: ring %s timeout, signaled seq=%" PRIu64 ", emitted seq=%"
                 PRIu64 " (ctx %u, seq %" PRIu64 "): %s",
                 sim_navi31.pci_slot, ring, e->ring->signaled, e->ring->emitted, job->ctx->id,
                 job->seq, fault->msg);
        break;
    default:
        snprintf(line, sizeof(line),
                 "amdgpu %s: amdgpu: ring %s %s (ctx %u, seq %" PRIu64 "): %s",
                 sim_navi31.pci_slot, ring, sim_fault_kind_name(fault->kind), job->ctx->id,
                 job->seq, fault->msg);
        break;
    }
    fprintf(stderr, "%s\n", line);
    /* kept with the job's fence for SIM_DRM_AMDPM4_QUERY */
    if (!job->fence->fault && (job->fence->fault = malloc(sizeof(*fault))))
        *job->fence->fault = *fault;
    pthread_mutex_lock(&dev->fence_lock);
    dev->faults++;
    dev->last_fault = *fault;
    pthread_mutex_unlock(&dev->fence_lock);
}

/* The user fence: the 64-bit sequence number, written when the job ends
 * (gfx_v11_0_ring_emit_fence with AMDGPU_FENCE_FLAG_64BIT). */
static void write_user_fence(struct sim_job *job)
{
    uint64_t seq = job->seq;

    memcpy(job->uf_bo->host + job->uf_offset_bytes, &seq, sizeof(seq));
}

static void run_job(struct sim_ring *r, struct sim_job *job)
{
    struct sim_dev *dev = r->dev;
    struct sim_engine_ctx e = {dev, r, job, 0};
    struct sim_fault fault;
    int ret;

    /* the submission's dependencies (earlier submissions only) */
    for (unsigned i = 0; i < job->ndeps; i++)
        sim_fence_wait(dev, job->deps[i], UINT64_MAX, false);
    for (unsigned i = 0; i < job->nsched_deps; i++)
        sim_fence_wait(dev, job->sched_deps[i], UINT64_MAX, true);

    r->emitted++;
    if (atomic_load(&job->ctx->guilty) || atomic_load(&job->ctx->killed)) {
        /* drm_sched: jobs of a guilty or killed entity are cancelled, not run */
        r->signaled++;
        sim_fence_signal(dev, job->fence, -ECANCELED);
        return;
    }
    sim_fence_set_scheduled(dev, job->fence);
    memset(&fault, 0, sizeof(fault));
    e.deadline_ns = sim_now_ns() + dev->timeout_ns;
    ret = is_sdma(r->id) ? sim_sdma_run(&e, &fault) : sim_cp_run(&e, &fault);
    if (ret) {
        sim_ring_fault(&e, ret, &fault);
        r->signaled++;
        sim_fence_signal(dev, job->fence, -ETIME);
        return;
    }
    if (job->uf_bo)
        write_user_fence(job);
    r->signaled++;
    sim_fence_signal(dev, job->fence, 0);
}

static void *ring_thread(void *arg)
{
    struct sim_ring *r = arg;

    for (;;) {
        struct sim_job *job;

        pthread_mutex_lock(&r->lock);
        while (!r->head)
            pthread_cond_wait(&r->cond, &r->lock);
        job = r->head;
        r->head = job->next;
        if (!r->head)
            r->tail = NULL;
        r->running = job;
        pthread_mutex_unlock(&r->lock);
        run_job(r, job);
        pthread_mutex_lock(&r->lock);
        r->running = NULL;
        pthread_mutex_unlock(&r->lock);
        sim_job_free(job);
    }
    return NULL;
}

int sim_ring_push(struct sim_ring *r, struct sim_job *job)
{
    int ret = 0;

    job->next = NULL;
    pthread_mutex_lock(&r->lock);
    if (!r->started) {
        if (!is_sdma(r->id) && !r->sh_regs) {
            r->sh_regs = calloc(SIM_SH_REG_COUNT, sizeof(*r->sh_regs));
            r->uconfig_regs = calloc(SIM_UCONFIG_REG_COUNT, sizeof(*r->uconfig_regs));
            if (!r->sh_regs || !r->uconfig_regs)
                ret = -ENOMEM;
        }
        if (!ret && pthread_create(&r->thread, NULL, ring_thread, r))
            ret = -EAGAIN;
        if (!ret) {
            pthread_detach(r->thread);
            r->started = true;
        }
    }
    if (!ret) {
        if (r->tail)
            r->tail->next = job;
        else
            r->head = job;
        r->tail = job;
        pthread_cond_signal(&r->cond);
    }
    pthread_mutex_unlock(&r->lock);
    if (ret) {
        /* no engine: the job fails as a hung one would */
        sim_fence_signal(r->dev, job->fence, -ETIME);
        sim_job_free(job);
    }
    return ret;
}
