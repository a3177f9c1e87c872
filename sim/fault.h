/*
 * sim/fault.h — how the simulated gfx1100 reports what it refused.
 *
 * A fault stops the submission it happened in; the driver side records it,
 * marks the context guilty and prints msg as one line to stderr in the style
 * of the kernel's VM-fault log.  Faults are data: nothing in sim/ aborts or
 * crashes on what a user can hand in.
 */
#ifndef AMDPM4_SIM_FAULT_H
#define AMDPM4_SIM_FAULT_H

#include <stdint.h>

enum sim_fault_kind {
    SIM_FAULT_NONE = 0,
    SIM_FAULT_VM,           /* access to an unmapped GPU VA, or without the permission */
    SIM_FAULT_PACKET,       /* unknown or malformed PM4 / SDMA packet */
    SIM_FAULT_ILLEGAL_INSN, /* a word that is no valid gfx11 instruction */
    SIM_FAULT_UNSUPPORTED,  /* valid on the hardware, not implemented by the simulator */
    SIM_FAULT_DISPATCH,     /* dispatch refused from its registers (wave64, bad code VA, ...) */
    SIM_FAULT_HANG,         /* ran past AMDPM4_SIM_TIMEOUT_MS */
};

struct sim_fault {
    enum sim_fault_kind kind;
    uint64_t va;            /* faulting GPU address (VM faults), else 0 */
    uint64_t pc_va;         /* shader PC (executor) or packet address (CP/SDMA), else 0 */
    char msg[512];          /* one line, no trailing newline */
};

/* Fill *f (which may be NULL) and return -EFAULT, -EINVAL, -ETIME... as the
 * caller passes in `err`.  msg is printf-formatted. */
int sim_fault_set(struct sim_fault *f, int err, enum sim_fault_kind kind, uint64_t va,
                  uint64_t pc_va, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

const char *sim_fault_kind_name(enum sim_fault_kind kind);

#endif
