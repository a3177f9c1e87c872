/*
 * sim/exec.c — the RDNA3 wave executor: dispatch set-up from the COMPUTE_*
 * registers, launch state, workgroup scheduling on the host thread pool.
 *
 * A workgroup runs on one host thread; its waves take turns in slices of
 * EXEC_SLICE_INSTS instructions or until they reach s_barrier / s_endpgm,
 * and a barrier releases when every wave that has not ended reached it (as
 * on the hardware, ended waves no longer count).  Different workgroups run
 * on different host threads at once.
 */
#include "sim/exec.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xmmintrin.h>

#include "sim/exec_code.h"
#include "sim/exec_launch.h"
#include "sim/exec_pool.h"
#include "sim/exec_trace.h"
#include "sim/exec_wave.h"

/* Instructions a wave runs before its workgroup's other waves get a turn
 * and the deadline is checked. */
#define EXEC_SLICE_INSTS 4096u

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int exec_fault(struct sim_wave *w, int err, enum sim_fault_kind kind, uint64_t va,
               const char *fmt, ...)
{
    struct exec_disp *dp = w->disp;
    pthread_mutex_t *lock = dp->fault_lock;
    char what[384];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    pthread_mutex_lock(lock);
    if (!atomic_load(&dp->stop)) {
        dp->fault_err = sim_fault_set(&dp->fault, err, kind, va, w->inst_pc_va,
                                      "%s: kernel 0x%llx, workgroup (%u,%u,%u), wave %u, PC 0x%llx "
                                      "(kernel+0x%llx)",
                                      what, (unsigned long long)dp->code_va, w->wg->id[0],
                                      w->wg->id[1], w->wg->id[2], w->id,
                                      (unsigned long long)w->inst_pc_va,
                                      (unsigned long long)(w->inst_pc_va - dp->code_va));
        atomic_store(&dp->stop, 1);
    }
    pthread_mutex_unlock(lock);
    return EXEC_FAULT;
}

void exec_mode_apply(struct sim_wave *w)
{
    uint32_t m = w->mode;
    uint32_t mx = exec_mxcsr_for(exec_mode_get(m, EXEC_MODE_FP_ROUND_32),
                                 exec_mode_get(m, EXEC_MODE_FP_DENORM_32));

    w->fp16.round = (uint8_t)exec_mode_get(m, EXEC_MODE_FP_ROUND_16_64);
    w->fp16.denorm = (uint8_t)exec_mode_get(m, EXEC_MODE_FP_DENORM_16_64);
    w->fp16.ovfl_clamp = exec_mode_get(m, EXEC_MODE_FP16_OVFL) != 0;
    w->ieee = exec_mode_get(m, EXEC_MODE_IEEE) != 0;
    w->mxcsr = mx;
    if (_mm_getcsr() != mx)
        _mm_setcsr(mx);
}

/* ---------------------------------------------------------------- running waves */

/* Run w for at most budget instructions, tracing each one when traced.
 * Returns an enum exec_status (EXEC_NEXT: the slice ran out).  Inlined
 * twice, so the untraced loop carries no trace test. */
static inline __attribute__((always_inline)) int wave_run_loop(struct sim_wave *w, unsigned budget,
                                                               bool traced)
{
    struct sim_dispatch_stats *st = w->st;

    if (_mm_getcsr() != w->mxcsr)
        _mm_setcsr(w->mxcsr);
    while (budget--) {
        const struct exec_inst *in = exec_code_fetch(w);
        int r;

        if (!in)
            return EXEC_FAULT;
        w->inst_pc_va = w->pc_va;
        w->pc_va += in->size_bytes;
        st->by_class[in->cls]++;   /* insts is their sum, made at the end */
        if (traced)
            exec_trace_before(w, in);
        r = in->fn(w, in);
        if (traced)
            exec_trace_after(w, in, r);
        if (r)
            return r;
    }
    return EXEC_NEXT;
}

static int wave_run(struct sim_wave *w, unsigned budget)
{
    return w->tracing ? wave_run_loop(w, budget, true) : wave_run_loop(w, budget, false);
}

static int hang_fault(struct sim_wave *w)
{
    return exec_fault(w, -ETIME, SIM_FAULT_HANG, 0,
                      "dispatch %u of submission %llu ran past its deadline "
                      "(AMDPM4_SIM_TIMEOUT_MS)",
                      w->disp->d->index, (unsigned long long)w->disp->d->seq);
}

/* Run every wave of wg to the end.  Returns 0, or EXEC_FAULT. */
static int wg_run(struct exec_disp *dp, struct exec_wg *wg)
{
    uint32_t done = 0;

    while (done < wg->nwaves) {
        uint32_t at_barrier = 0;

        for (uint32_t i = 0; i < wg->nwaves; i++) {
            struct sim_wave *w = &wg->waves[i];
            int r;

            if (w->state != EXEC_WAVE_READY)
                continue;
            r = wave_run(w, EXEC_SLICE_INSTS);
            switch (r) {
            case EXEC_NEXT:
            case EXEC_YIELD:
                if (atomic_load_explicit(&dp->stop, memory_order_relaxed))
                    return EXEC_FAULT;
                if (dp->deadline_ns && now_ns() > dp->deadline_ns)
                    return hang_fault(w);
                break;
            case EXEC_BARRIER:
                w->state = EXEC_WAVE_BARRIER;
                break;
            case EXEC_END:
                w->state = EXEC_WAVE_DONE;
                done++;
                break;
            default:
                return EXEC_FAULT;
            }
        }
        for (uint32_t i = 0; i < wg->nwaves; i++)
            at_barrier += wg->waves[i].state == EXEC_WAVE_BARRIER;
        if (at_barrier && at_barrier + done == wg->nwaves) {
            for (uint32_t i = 0; i < wg->nwaves; i++)
                if (wg->waves[i].state == EXEC_WAVE_BARRIER)
                    wg->waves[i].state = EXEC_WAVE_READY;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- workers */

struct worker_ctx {
    struct exec_disp *dp;
    struct sim_dispatch_stats *stats;   /* [workers] */
    uint32_t waves_per_wg;
};

static void worker_main(void *arg, unsigned worker)
{
    struct worker_ctx *wc = arg;
    struct exec_disp *dp = wc->dp;
    struct sim_dispatch_stats *st = &wc->stats[worker];
    uint32_t nw = wc->waves_per_wg;
    struct exec_wg wg;
    uint32_t host_mxcsr = _mm_getcsr();     /* waves change it; the host thread's is restored */
    size_t vgpr_bytes = (size_t)EXEC_VGPR_ROWS * SIM_WAVE_LANES * 4;
    uint8_t *vmem = exec_pool_scratch(worker, 0, vgpr_bytes * nw);
    struct sim_wave *waves = exec_pool_scratch(worker, 1, sizeof(struct sim_wave) * nw);
    uint8_t *lds = exec_pool_scratch(worker, 2, dp->lds_bytes ? dp->lds_bytes : 64);

    memset(&wg, 0, sizeof(wg));
    if (!vmem || !waves || !lds) {
        pthread_mutex_lock(dp->fault_lock);
        if (!atomic_load(&dp->stop)) {
            dp->fault_err = sim_fault_set(&dp->fault, -ENOMEM, SIM_FAULT_UNSUPPORTED, 0,
                                          dp->code_va,
                                          "out of host memory for %u waves of kernel 0x%llx",
                                          nw, (unsigned long long)dp->code_va);
            atomic_store(&dp->stop, 1);
        }
        pthread_mutex_unlock(dp->fault_lock);
        return;
    }
    wg.waves = waves;
    wg.lds = lds;
    wg.lds_bytes = dp->lds_bytes;
    wg.scratch_slot0 = worker * nw;
    for (uint32_t i = 0; i < nw; i++)
        waves[i].v = (uint32_t(*)[SIM_WAVE_LANES])(vmem + vgpr_bytes * i);

    while (!atomic_load_explicit(&dp->stop, memory_order_relaxed)) {
        uint64_t i = atomic_fetch_add(&dp->next_wg, 1);

        if (i >= dp->nwgs)
            break;
        exec_launch_wg(dp, &wg, i, st);
        st->workgroups++;
        st->waves += wg.nwaves;
        if (wg_run(dp, &wg))
            break;
    }
    for (uint32_t i = 0; i < nw; i++)
        exec_launch_wave_release(&waves[i]);
    _mm_setcsr(host_mxcsr);
}

/* ---------------------------------------------------------------- entry point */

int sim_exec_dispatch(const struct sim_dispatch *d, struct sim_fault *fault)
{
    struct exec_disp *dp = calloc(1, sizeof(*dp));
    pthread_mutex_t fault_lock = PTHREAD_MUTEX_INITIALIZER;
    struct worker_ctx wc;
    unsigned workers, max_workers;
    int ret;

    if (!dp)
        return sim_fault_set(fault, -ENOMEM, SIM_FAULT_UNSUPPORTED, 0, 0,
                             "out of host memory for a dispatch");
    dp->fault_lock = &fault_lock;
    ret = exec_launch_read(d, dp, fault);
    if (ret || !dp->nwgs)
        goto out;
    dp->code = exec_code_create(dp);
    if (!dp->code) {
        ret = sim_fault_set(fault, -ENOMEM, SIM_FAULT_UNSUPPORTED, 0, dp->code_va,
                            "out of host memory for a dispatch");
        goto out;
    }
    wc.dp = dp;
    wc.waves_per_wg = exec_launch_max_waves(dp);
    max_workers = exec_pool_size();
    if (dp->nwgs < max_workers)
        max_workers = (unsigned)dp->nwgs;
    if (dp->scratch_en) {
        /* each running wave owns a TMPRING_SIZE.WAVES slot */
        unsigned by_slots = dp->scratch_waves / wc.waves_per_wg;
        if (by_slots < max_workers)
            max_workers = by_slots;
    }
    if (max_workers < 1)
        max_workers = 1;
    wc.stats = calloc(max_workers, sizeof(*wc.stats));
    if (!wc.stats) {
        ret = sim_fault_set(fault, -ENOMEM, SIM_FAULT_UNSUPPORTED, 0, dp->code_va,
                            "out of host memory for a dispatch");
        goto out;
    }
    workers = exec_pool_run(worker_main, &wc, max_workers);
    if (d->stats) {
        struct sim_dispatch_stats *s = d->stats;

        memset(s, 0, sizeof(*s));
        for (unsigned i = 0; i < workers; i++)
            sim_dispatch_stats_add(s, &wc.stats[i]);
        for (unsigned i = 0; i < SIM_ICLASS_COUNT; i++)
            s->insts += s->by_class[i];
        s->vgprs_allocated = dp->vgprs;
        exec_code_counts(dp->code, &s->vgprs_used, &s->insts_decoded);
        s->lds_bytes_allocated = dp->lds_bytes;
        s->scratch_bytes_per_wave = dp->scratch_wave_bytes;
    }
    free(wc.stats);
    if (atomic_load(&dp->stop)) {
        ret = dp->fault_err;
        if (fault)
            *fault = dp->fault;
    }
out:
    exec_trace_close(dp);
    exec_code_destroy(dp->code);
    pthread_mutex_destroy(&fault_lock);
    free(dp);
    return ret;
}

/* ---------------------------------------------------------------- statistics */

const char *sim_iclass_name(unsigned cls)
{
    static const char *const names[] = {
#define X(e, n) [SIM_ICLASS_##e] = n,
        SIM_ICLASSES(X)
#undef X
    };
    return cls < SIM_ICLASS_COUNT ? names[cls] : NULL;
}

_Static_assert(sizeof(struct sim_dispatch_stats) == SIM_STATS_BYTES(SIM_ICLASS_COUNT),
               "every field of sim_dispatch_stats is in SIM_STATS_SUMMED or SIM_STATS_MAXED");

void sim_dispatch_stats_add(struct sim_dispatch_stats *a, const struct sim_dispatch_stats *b)
{
    SIM_STATS_ADD(a, b, SIM_ICLASS_COUNT);
}
