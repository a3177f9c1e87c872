/*
 * sim/exec.h — the narrow interface between the command processor and the
 * RDNA3 wave executor.
 *
 * The CP keeps the SH register file the packets wrote (SET_SH_REG ...) and,
 * on DISPATCH_DIRECT / DISPATCH_INDIRECT, hands the executor a snapshot of it
 * with the grid.  The executor reads every COMPUTE_* register it needs from
 * that snapshot through the pm4/ register table (never by a bare offset),
 * runs the dispatch to completion on the VM, and returns 0 or a negative
 * errno with *fault filled in.
 */
#ifndef AMDPM4_SIM_EXEC_H
#define AMDPM4_SIM_EXEC_H

#include <stdint.h>

#include "pm4/pm4_table.h"
#include "sim/fault.h"
#include "sim/vm.h"
#include "sim/exec_stats.h"    /* struct sim_dispatch_stats */

/* SH registers the CP tracks: absolute dword addresses [SIM_SH_REG_FIRST,
 * SIM_SH_REG_FIRST + SIM_SH_REG_COUNT) — the SET_SH_REG window of the pm4
 * register table. */
#define SIM_SH_REG_FIRST ((uint32_t)PM4_SH_FIRST_DW)
#define SIM_SH_REG_COUNT ((uint32_t)(PM4_SH_END_DW - PM4_SH_FIRST_DW))

struct sim_dispatch_stats;   /* defined by the executor (sim/exec*.h) */

struct sim_dispatch {
    struct sim_vm *vm;
    const uint32_t *sh_regs;   /* [SIM_SH_REG_COUNT], indexed by abs dword - SIM_SH_REG_FIRST */
    uint32_t dim[3];           /* workgroups in X, Y, Z (DISPATCH_* DIM_X/Y/Z) */
    uint32_t initiator;        /* DISPATCH_INITIATOR as the packet gave it */
    uint64_t deadline_ns;      /* CLOCK_MONOTONIC ns past which the dispatch is a hang; 0 = none */
    /* Identification, for fault messages and statistics. */
    uint32_t ring;             /* AMDGPU_HW_IP_* << 8 | ring index */
    uint32_t ctx_id;
    uint64_t seq;              /* submission sequence number on that ring */
    uint32_t index;            /* dispatch number within the submission */
    struct sim_dispatch_stats *stats;  /* out: filled if non-NULL */
};

/* Run one dispatch to completion.  Returns 0, or a negative errno with
 * *fault describing what stopped it (VM fault, illegal or unsupported
 * instruction, refused registers, hang).
 *
 * Environment (read per dispatch, AMDPM4_SIM_THREADS once per process):
 *   AMDPM4_SIM_THREADS=N         host threads running workgroups (default:
 *                                one per online CPU)
 *   AMDPM4_SIM_STRICT_WAITCNT=1  a register a load writes reads as
 *                                0x7fc0dead until the s_waitcnt covering it
 *   AMDPM4_SIM_TRACE=...         instruction trace of one wave (syntax:
 *                                sim/exec_trace.h) */
int sim_exec_dispatch(const struct sim_dispatch *d, struct sim_fault *fault);

#endif
