/*
 * sim/exec_regs.h — how the executor reads COMPUTE_* registers and their
 * fields from the CP's SH register snapshot: by name, through pm4/'s
 * register table (pm4/pm4_regs.def via pm4/pm4_table.h), never by a bare
 * offset or shift.
 *
 *   EXEC_REG(d, COMPUTE_PGM_RSRC2)                    the register's value
 *   EXEC_FIELD(COMPUTE_PGM_RSRC2, LDS_SIZE, value)    one field of a value
 */
#ifndef AMDPM4_SIM_EXEC_REGS_H
#define AMDPM4_SIM_EXEC_REGS_H

#include "pm4/pm4_table.h"
#include "sim/exec.h"

#define EXEC_REG(d, name) ((d)->sh_regs[PM4_DW_##name - SIM_SH_REG_FIRST])
#define EXEC_FIELD(reg, name, v) pm4_get(PM4_F_##reg##_##name, (v))

#endif
