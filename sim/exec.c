/*
 * sim/exec.c — entry point of the RDNA3 wave executor.
 *
 * The executor is not built yet: every dispatch is refused with a fault that
 * says so, rather than pretending to run.  (Replaced by the executor issue.)
 */
#include "sim/exec.h"

#include <errno.h>

int sim_exec_dispatch(const struct sim_dispatch *d, struct sim_fault *fault)
{
    return sim_fault_set(fault, -ENOTSUP, SIM_FAULT_UNSUPPORTED, 0, 0,
                         "dispatch %u of submission %llu refused: this build of the simulated "
                         "gfx1100 has no RDNA3 wave executor yet",
                         d->index, (unsigned long long)d->seq);
}
