/*
 * sim/exec_emu.h — what every file of emu_<name> semantic functions uses.
 *
 * One function per instruction, named after the instruction as LLVM spells
 * it (emu_s_add_u32, emu_v_fmac_f32, ...).  sim/exec_table.c finds them
 * through weak references generated from the isa/ instruction table, so an
 * instruction without its function is reported by name, never run as a
 * no-op.  Semantics follow the pseudocode of AMD's "RDNA3 Instruction Set
 * Architecture" guide; where a detail is not in the pseudocode, the comment
 * says where it comes from.
 */
#ifndef AMDPM4_SIM_EXEC_EMU_H
#define AMDPM4_SIM_EXEC_EMU_H

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "sim/exec_wave.h"

/* Define emu_<name> (declared here too, so it needs no header line). */
#define EMU(name)                                                        \
    int emu_##name(struct sim_wave *w, const struct exec_inst *in);      \
    int emu_##name(struct sim_wave *w, const struct exec_inst *in)

/* The same for lane loops worth a wider vector unit: GCC builds an
 * x86-64-v3 (AVX2, FMA) clone next to the baseline one and picks it when
 * the program loads on a host that has those.  Both compute the same bits
 * (IEEE operations, MXCSR rounding, no reassociation). */
#define EMU_VEC(name)                                                    \
    int emu_##name(struct sim_wave *w, const struct exec_inst *in);      \
    __attribute__((target_clones("default", "arch=x86-64-v3")))          \
    int emu_##name(struct sim_wave *w, const struct exec_inst *in)

/* Each file of semantics defines one anchor; sim/exec_table.c references
 * it strongly so the file is linked even from a static archive, where weak
 * references alone would not pull it in. */
#define EMU_ANCHOR(file) \
    extern const int exec_emu_anchor_##file; const int exec_emu_anchor_##file = 1

static inline uint64_t sext64(uint64_t v, unsigned bits)
{
    if (bits == 0)
        return 0;
    if (bits >= 64)
        return v;
    uint64_t m = 1ull << (bits - 1);
    v &= (m << 1) - 1;
    return (v ^ m) - m;
}

static inline uint32_t mask32(unsigned bits)
{
    return bits >= 32 ? ~0u : (1u << bits) - 1;
}

static inline uint64_t mask64(unsigned bits)
{
    return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

/* Scalar destination writes: one dword, or a pair (NULL discards both). */
static inline void emu_sd32(struct sim_wave *w, const struct exec_inst *in, uint32_t v)
{
    exec_sreg_write(w, in->sdst, v);
}

static inline void emu_sd64(struct sim_wave *w, const struct exec_inst *in, uint64_t v)
{
    if (in->sdst == EXEC_SREG_NULL)
        return;
    exec_sreg_write(w, in->sdst, (uint32_t)v);
    exec_sreg_write(w, in->sdst + 1u, (uint32_t)(v >> 32));
}

/* Write VCC (wave32: VCC_LO; VCC_HI is left alone). */
static inline void emu_vcc_write(struct sim_wave *w, uint32_t v)
{
    exec_sreg_write(w, EXEC_SREG_VCC_LO, v);
}

#endif
