/* sim/fault.c — see fault.h. */
#include "sim/fault.h"

#include <stdarg.h>
#include <stdio.h>

int sim_fault_set(struct sim_fault *f, int err, enum sim_fault_kind kind, uint64_t va,
                  uint64_t pc_va, const char *fmt, ...)
{
    va_list ap;

    if (!f)
        return err;
    f->kind = kind;
    f->va = va;
    f->pc_va = pc_va;
    va_start(ap, fmt);
    vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
    va_end(ap);
    return err;
}

const char *sim_fault_kind_name(enum sim_fault_kind kind)
{
    switch (kind) {
    case SIM_FAULT_NONE: return "none";
    case SIM_FAULT_VM: return "vm fault";
    case SIM_FAULT_PACKET: return "bad packet";
    case SIM_FAULT_ILLEGAL_INSN: return "illegal instruction";
    case SIM_FAULT_UNSUPPORTED: return "unsupported";
    case SIM_FAULT_DISPATCH: return "dispatch refused";
    case SIM_FAULT_HANG: return "hang";
    }
    return "unknown";
}
