/*
 * sim/exec_trace.h — an instruction trace of one chosen wave.
 *
 * AMDPM4_SIM_TRACE selects the wave; its value is a comma-separated list of
 * key=value items, every one optional:
 *
 *   wg=X.Y.Z     workgroup id (as the kernel sees it; default 0.0.0;
 *                "wg=X" and "wg=X.Y" leave the rest 0)
 *   wave=N       wave index within the workgroup (default 0)
 *   seq=N        only the dispatches of submission N on the ring (default: all)
 *   dispatch=N   only dispatch N within a submission (default: all)
 *   out=PATH     append to PATH instead of stderr
 *
 * "AMDPM4_SIM_TRACE=1" (or any value without '=') traces wave 0 of workgroup
 * (0,0,0) of every dispatch to stderr.  Per instruction, one line with the
 * PC, its offset in the kernel and the instruction in LLVM syntax, then one
 * line per register it wrote: SGPRs, VCC, EXEC, M0 and SCC as hex, VGPRs as
 * 32 lanes of hex (lanes EXEC left unwritten shown as "-").  A malformed
 * value refuses the dispatch (SIM_FAULT_DISPATCH) saying which item is bad.
 */
#ifndef AMDPM4_SIM_EXEC_TRACE_H
#define AMDPM4_SIM_EXEC_TRACE_H

#include <stdbool.h>

#include "sim/exec_wave.h"

/* Parse AMDPM4_SIM_TRACE for the dispatch dp (dp->d set).  Returns 0 or
 * -EINVAL with *f filled. */
int exec_trace_open(struct exec_disp *dp, struct sim_fault *f);
void exec_trace_close(struct exec_disp *dp);

/* Whether wave i of wg is the traced one. */
bool exec_trace_selects(const struct exec_disp *dp, const struct exec_wg *wg, uint32_t i);

void exec_trace_wave_start(struct sim_wave *w);
void exec_trace_before(struct sim_wave *w, const struct exec_inst *in);
void exec_trace_after(struct sim_wave *w, const struct exec_inst *in, int status);

/* Parse a trace spec (exposed for tests).  Returns 0 or -EINVAL with a
 * message naming the bad item in err. */
struct exec_trace_spec {
    uint32_t wg[3], wave;
    bool any_seq, any_dispatch;
    uint64_t seq;
    uint32_t dispatch;
    char out[256];
};
int exec_trace_parse(const char *s, struct exec_trace_spec *spec, char *err, unsigned err_bytes);

#endif
