/*
 * sim/drv_query.c — SIM_DRM_AMDPM4_QUERY (sim/sim_ioctl.h): what the
 * simulator knows about one submission — whether it finished, how many
 * dispatches it ran, each one's executor statistics (struct
 * sim_dispatch_stats, the record sim/exec_stats.h defines), and the fault
 * that stopped it.  The submission is
 * found as AMDGPU_WAIT_CS finds it (context, ring, sequence number); the
 * context keeps the latest SIM_SCHED_JOBS submissions of each ring.
 */
#include <errno.h>
#include <string.h>

#include "sim/drv.h"
#include "sim/exec_stats.h"
#include "sim/sim_ioctl.h"

_Static_assert(sizeof(((struct drm_amdpm4_sim_query *)0)->fault_msg) ==
               sizeof(((struct sim_fault *)0)->msg), "a fault report fits the query");

int sim_ioctl_amdpm4_query(struct sim_file *f, void *data)
{
    struct drm_amdpm4_sim_query *q = data;
    struct sim_dev *dev = f->dev;
    struct sim_fence *fc = NULL;
    struct sim_ctx *ctx;
    int ring, ret;

    if (q->stats_max && (!q->stats_ptr || q->stats_bytes != sizeof(struct sim_dispatch_stats)))
        return -EINVAL;   /* no room, or built against another executor's record */
    ring = sim_navi31_ring(q->ip_type, q->ip_instance, q->ring);
    if (ring < 0)
        return ring;
    pthread_mutex_lock(&f->lock);
    ctx = sim_idr_find(&f->ctxs, q->ctx_id);
    if (ctx)
        sim_ctx_get(ctx);
    pthread_mutex_unlock(&f->lock);
    if (!ctx)
        return -EINVAL;
    pthread_mutex_lock(&dev->fence_lock);
    ret = sim_ctx_fence(ctx, (unsigned)ring, q->seq, &fc);
    q->status = SIM_QUERY_UNKNOWN;
    q->dispatches = q->stats_written = q->fault_kind = 0;
    q->fault_va = q->fault_pc_va = 0;
    q->fault_msg[0] = '\0';
    if (!ret && fc) {
        if (!fc->signaled) {
            q->status = SIM_QUERY_PENDING;
        } else {
            q->status = fc->error ? SIM_QUERY_FAILED : SIM_QUERY_DONE;
            q->dispatches = fc->dispatches;
            q->stats_written = q->stats_max < fc->nstats ? q->stats_max : fc->nstats;
            for (uint32_t i = 0, c = 0; !ret && i < q->stats_written;
                 i += sim_stats_chunk_len(c++)) {
                uint32_t n = q->stats_written - i;

                if (n > sim_stats_chunk_len(c))
                    n = sim_stats_chunk_len(c);
                ret = sim_copy_to_user(q->stats_ptr + (uint64_t)i * sizeof(**fc->stats),
                                       fc->stats[c], (size_t)n * sizeof(**fc->stats));
            }
            if (fc->fault) {
                q->fault_kind = fc->fault->kind;
                q->fault_va = fc->fault->va;
                q->fault_pc_va = fc->fault->pc_va;
                memcpy(q->fault_msg, fc->fault->msg, sizeof(q->fault_msg));
                q->fault_msg[sizeof(q->fault_msg) - 1] = '\0';
            }
        }
    }
    pthread_mutex_unlock(&dev->fence_lock);
    sim_fence_put(fc);
    sim_ctx_put(ctx);
    return ret;
}
