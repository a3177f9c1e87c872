/* sim/exec_bind.c — TEMPORARY until the isa/ decoder lands. */
#include <stdio.h>
#include <string.h>
#include "sim/exec_code.h"

static int illegal(struct sim_wave *w, const struct exec_inst *in)
{
    return exec_fault(w, -22, SIM_FAULT_ILLEGAL_INSN, 0, "no decoder yet");
}

void exec_bind(const uint8_t *bytes, unsigned avail_bytes, uint64_t pc_va,
               const struct exec_disp *dp, struct exec_inst *out)
{
    memset(out, 0, sizeof(*out));
    out->fn = illegal;
    out->size_bytes = 4;
    out->pc_va = pc_va;
}

void exec_disasm(const struct exec_disp *dp, uint64_t pc_va, char *buf, unsigned n)
{
    snprintf(buf, n, "?");
}
