/*
 * sim/exec_table.c — enum isa_op -> emu_<name>, generated from the isa/
 * instruction table (isa/isa_opnames.h).  Every reference is weak: an
 * instruction whose semantics are not written resolves to NULL and is
 * reported by name and PC when a wave reaches it (sim/exec_bind.c).
 */
#include "sim/exec_table.h"

#include "isa/isa_table.h"

#define ISA_OP(name) extern exec_fn emu_##name __attribute__((weak));
#include "isa/isa_opnames.h"
#undef ISA_OP

static exec_fn *const table[ISA_OP_COUNT] = {
#define ISA_OP(name) [ISA_OP_##name] = emu_##name,
#include "isa/isa_opnames.h"
#undef ISA_OP
};

/* Each semantics file's anchor: referenced strongly so that linking from a
 * static archive pulls the file in (weak references alone would not). */
#define EXEC_EMU_FILES(X) X(salu) X(sopp) X(valu) X(lane) X(mem) X(vmem) X(smem) X(lds) \
    X(valu16) X(vop3p) X(vopc) X(wmma) X(valu64)
#define X(f) extern const int exec_emu_anchor_##f;
EXEC_EMU_FILES(X)
#undef X
const int *const exec_emu_anchors[] = {
#define X(f) &exec_emu_anchor_##f,
    EXEC_EMU_FILES(X)
#undef X
};

exec_fn *exec_emu_table(unsigned op)
{
    return op < ISA_OP_COUNT ? table[op] : NULL;
}
