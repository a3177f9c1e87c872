/*
 * sim/exec_regs.h — how the executor reads COMPUTE_* registers and their
 * fields from the CP's SH register snapshot: by name, through pm4/'s
 * register table (pm4/pm4_regs.def), never by a bare offset.
 *
 *   EXEC_REG(d, COMPUTE_PGM_RSRC2)                    the register's value
 *   EXEC_FIELD(COMPUTE_PGM_RSRC2, LDS_SIZE, value)    one field of a value
 */
#ifndef AMDPM4_SIM_EXEC_REGS_H
#define AMDPM4_SIM_EXEC_REGS_H

#include <stdint.h>

#include "sim/exec.h"

#undef PM4_SPACE
#undef PM4_REG
#undef PM4_RFIELD

enum exec_reg_addr {
#define PM4_REG(name, space, abs_dw) EXEC_REG_ADDR_##name = abs_dw,
#define PM4_RFIELD(reg, name, lo, hi, enumset)
#include "sim/exec_regs_tmp.def"
#undef PM4_REG
#undef PM4_RFIELD
};

enum exec_field_lo {
#define PM4_REG(name, space, abs_dw)
#define PM4_RFIELD(reg, name, lo, hi, enumset) EXEC_FIELD_LO_##reg##_##name = lo,
#include "sim/exec_regs_tmp.def"
#undef PM4_REG
#undef PM4_RFIELD
};

enum exec_field_hi {
#define PM4_REG(name, space, abs_dw)
#define PM4_RFIELD(reg, name, lo, hi, enumset) EXEC_FIELD_HI_##reg##_##name = hi,
#include "sim/exec_regs_tmp.def"
#undef PM4_REG
#undef PM4_RFIELD
};

static inline uint32_t exec_reg_read(const struct sim_dispatch *d, unsigned abs_dw)
{
    return d->sh_regs[abs_dw - SIM_SH_REG_FIRST];
}

static inline uint32_t exec_field_get(uint32_t v, unsigned lo, unsigned hi)
{
    return (uint32_t)(((uint64_t)v >> lo) & ((1ull << (hi - lo + 1)) - 1));
}

#define EXEC_REG(d, name) exec_reg_read((d), EXEC_REG_ADDR_##name)
#define EXEC_FIELD(reg, name, v) \
    exec_field_get((v), EXEC_FIELD_LO_##reg##_##name, EXEC_FIELD_HI_##reg##_##name)

#endif
