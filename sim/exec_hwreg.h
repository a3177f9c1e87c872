/*
 * sim/exec_hwreg.h — s_getreg_b32 / s_setreg_b32: the hardware registers a
 * wave can read and write, and the flat-address apertures.
 */
#ifndef AMDPM4_SIM_EXEC_HWREG_H
#define AMDPM4_SIM_EXEC_HWREG_H

#include <stdint.h>

#include "sim/exec_wave.h"

enum exec_hwreg {
#define EXEC_HWREG(name, id) EXEC_HWREG_##name = id,
#include "sim/exec_hwreg.def"
#undef EXEC_HWREG
};

/* SIMM16 of s_getreg/s_setreg: {size-1 [15:11], offset [10:6], id [5:0]}
 * (RDNA3 ISA guide, S_GETREG_B32 pseudocode). */
#define EXEC_HWREG_ID(simm16) ((simm16) & 0x3fu)
#define EXEC_HWREG_OFFSET(simm16) (((simm16) >> 6) & 0x1fu)
#define EXEC_HWREG_SIZE(simm16) ((((simm16) >> 11) & 0x1fu) + 1u)

/* Flat-address apertures the amdgpu kernel driver programs for gfx11
 * (Linux gmc_v11_0.c early_init: shared 0x2000000000000000, private
 * 0x1000000000000000, 4 GiB each; gfx_v11_0.c puts their top 16 bits in
 * SH_MEM_BASES SHARED_BASE [31:16] / PRIVATE_BASE [15:0]). */
#define EXEC_SHARED_APERTURE_VA 0x2000000000000000ull
#define EXEC_PRIVATE_APERTURE_VA 0x1000000000000000ull
#define EXEC_APERTURE_BYTES (4ull << 30)

/* Read the field SIMM16 selects.  Returns 0 or EXEC_FAULT. */
int exec_hwreg_read(struct sim_wave *w, uint32_t simm16, uint32_t *out);

/* Write the field SIMM16 selects with v.  Returns EXEC_NEXT or EXEC_FAULT. */
int exec_hwreg_write(struct sim_wave *w, uint32_t simm16, uint32_t v);

#endif
