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

struct kern_run_result {
    struct kern_plan plan;
    uint64_t gpu_ns;                    /* GPU time of the dispatches (timestamps) */
    bool has_stats;                     /* the simulated device answered with statistics */
    struct amdpm4_dispatch_stats stats; /* summed over the plan's dispatches; the per-wave
                                           sizes (VGPRs, LDS, scratch) are maxima */
};

/*
 * Run b->shape with b's inputs on q (a compute queue of dev): load the
 * kernel's code object (built in), allocate a buffer per argument (copy and
 * fill in the shape's placement, every other op in VRAM), upload the inputs
 * and the outputs as b holds them (poisoned by kern_bufs_alloc, so an
 * element the kernel never writes cannot pass), record the plan's
 * dispatches between two timestamps in one submission, wait, download the
 * outputs into b.  Statistics are fetched when the device is simulated.
 * Returns 0 or a negative errno with a message (a fault or hang of the
 * kernel is one, after which q is lost: destroy it and create another);
 * everything allocated is freed.
 */
int kern_run(amdpm4_device *dev, amdpm4_queue *q, struct kern_bufs *b,
             struct kern_run_result *res);

/* Where the buffers of s live: copy and fill in the shape's placement,
 * every other op in VRAM. */
enum amdpm4_placement kern_run_placement(const struct kern_shape *s);

#endif
