/*
 * sim/exec_table.h — the dispatch from enum isa_op to semantics.
 */
#ifndef AMDPM4_SIM_EXEC_TABLE_H
#define AMDPM4_SIM_EXEC_TABLE_H

#include "sim/exec_wave.h"

/* emu_<name> of an op, or NULL when the simulator has none (the weak
 * reference found no definition). */
exec_fn *exec_emu_table(unsigned op);

/* Wrappers the bind step puts in front of semantics: DPP16/DPP8 source
 * permutation and write masks (in->inner runs the op), and VOPD dual issue
 * (both halves read their sources before either writes). */
int exec_run_dpp(struct sim_wave *w, const struct exec_inst *in);
int exec_run_vopd(struct sim_wave *w, const struct exec_inst *in);

#endif
