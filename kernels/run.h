/*
 * kernels/run.h — run a built-in op on the PM4 path through the runtime
 * (include/amdpm4.h): its launch plan (kernels/plan.h), buffers, one
 * submission, the results back in host memory.  Used by the tests, the
 * benchmarks and the tools.
 */
#ifndef AMDPM4_KERNELS_RUN_H
#define AMDPM4_KERNELS_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "amdpm4.h"
#include "kernels/ops.h"
#include "kernels/plan.h"

/* CPU and GPU times of one iteration: the plan's dispatches between two
 * timestamps (one submission, or several of KERN_RUN_BATCH dispatches when
 * the plan repeats more; times then add up). */
struct kern_run_iter {
    uint64_t record_t0_ns, record_ns;   /* CPU, CLOCK_MONOTONIC */
    uint64_t submit_t0_ns, submit_ns;   /* amdpm4_queue_submit (the CS ioctl) */
    uint64_t wait_ns;                   /* amdpm4_fence_wait, right after */
    uint64_t gpu_t0_ns, gpu_ns;         /* device clock: the first timestamp, and from it to
                                           the last; 0 without timestamps */
};

struct kern_run_opts {
    unsigned warmup;                    /* untimed iterations first */
    unsigned iters;                     /* timed iterations (0 means 1) */
    bool stats;                         /* the simulator's statistics of the last iteration */
    const char *code_object;            /* the plan's kernel from this file instead of the
                                           built-in code object, or NULL */
    struct kern_run_iter *iter;         /* iters entries filled, or NULL */
};

struct kern_run_result {
    struct kern_plan plan;
    uint64_t gpu_ns;                    /* GPU time of the last iteration's dispatches */
    uint64_t upload_ns, download_ns;    /* CPU wall time of the buffer transfers */
    bool has_stats;                     /* asked for, and the device answered with them */
    struct amdpm4_dispatch_stats stats; /* summed over the last iteration's dispatches; the
                                           per-wave sizes (VGPRs, LDS, scratch) are maxima */
    char stats_error[256];              /* why not, when asked for ("... real hardware") */
    bool code_object_refused;           /* opts.code_object cannot stand in for the built-in
                                           kernel (no such file or kernel, other arguments) */
};

/*
 * Run b->shape with b's inputs on q (a compute queue of dev): load the
 * kernel's code object (built in, or o->code_object: a kernel of the same
 * name whose metadata names the arguments the plan fills, with their
 * sizes), allocate a buffer per argument (copy and fill in the shape's
 * placement, every other op in VRAM; at the plan's alignment), upload the
 * inputs and the outputs as b holds them (poisoned by kern_bufs_alloc, so
 * an element the kernel never writes cannot pass), run o->warmup +
 * o->iters iterations, download the outputs into b.  Statistics that
 * cannot be had are not an error (res->stats_error says why).  Returns 0
 * or a negative errno with a message (a fault or hang of the kernel is
 * one, after which q is lost: destroy it and create another); everything
 * allocated is freed.
 */
int kern_run_with(amdpm4_device *dev, amdpm4_queue *q, struct kern_bufs *b,
                  const struct kern_run_opts *o, struct kern_run_result *res);

/* kern_run_with one iteration, with statistics on the simulated device. */
int kern_run(amdpm4_device *dev, amdpm4_queue *q, struct kern_bufs *b,
             struct kern_run_result *res);

/* Where the buffers of s live: copy and fill in the shape's placement,
 * every other op in VRAM. */
enum amdpm4_placement kern_run_placement(const struct kern_shape *s);

#endif
