/*
 * sim/exec_launch.h — a dispatch's state from its registers, and the launch
 * state of each workgroup's waves (user and system SGPRs, v0, EXEC, LDS,
 * scratch), as the SPI sets them on gfx11.
 */
#ifndef AMDPM4_SIM_EXEC_LAUNCH_H
#define AMDPM4_SIM_EXEC_LAUNCH_H

#include "sim/exec_wave.h"

/* Read every COMPUTE_* register the dispatch depends on into *dp and check
 * them.  Returns 0, or a negative errno with *fault (SIM_FAULT_DISPATCH)
 * saying which register is refused and why. */
int exec_launch_read(const struct sim_dispatch *d, struct exec_disp *dp, struct sim_fault *fault);

/* Waves of the largest workgroup. */
uint32_t exec_launch_max_waves(const struct exec_disp *dp);

/* Set wg up as the dispatch's workgroup number index (X fastest): ids,
 * size, zeroed LDS, and every wave's launch state. */
void exec_launch_wg(struct exec_disp *dp, struct exec_wg *wg, uint64_t index,
                    struct sim_dispatch_stats *st);

/* Free what a wave allocated while running (strict-waitcnt buffers). */
void exec_launch_wave_release(struct sim_wave *w);

#endif
