/*
 * sim/exec_code.h — decoded code, kept across dispatches.
 *
 * Instructions are decoded the first time a wave reaches them and kept in
 * pages of slots indexed by dword address, so every later fetch of the same
 * PC is one load.  A dispatch's pages are shared by all its workers; a slot
 * is published with release/acquire order and never changes afterwards.
 *
 * The decoded instructions themselves outlive the dispatch: they are cached
 * per (VM, VGPR allocation) with a copy of the bytes of each code page they
 * came from, and a later dispatch on the same VM with the same VGPRS takes
 * them instead of decoding again — after comparing every cached page with
 * the memory it came from, so code rewritten (or remapped) in between is
 * decoded afresh, never run stale.  sim_dispatch_stats.insts_decoded counts
 * the instructions a dispatch had to decode.
 */
#ifndef AMDPM4_SIM_EXEC_CODE_H
#define AMDPM4_SIM_EXEC_CODE_H

#include <stdint.h>

#include "sim/exec_wave.h"

#define EXEC_CODE_PAGE_BYTES 4096u
#define EXEC_CODE_PAGE_SLOTS (EXEC_CODE_PAGE_BYTES / 4)

struct exec_code;

struct exec_code *exec_code_create(struct exec_disp *dp);
void exec_code_destroy(struct exec_code *c);

/* Decode (if not yet) the instruction at w->pc_va, point w->code_page at
 * its page and return it.  Returns NULL with a fault recorded when the code
 * cannot be read. */
const struct exec_inst *exec_code_fetch_slow(struct sim_wave *w);

/* The hot path: one load when the PC stays in the cached page. */
static inline const struct exec_inst *exec_code_fetch(struct sim_wave *w)
{
    uint64_t pc = w->pc_va;

    if ((pc & ~(uint64_t)(EXEC_CODE_PAGE_BYTES - 1)) == w->code_page_va && !(pc & 3)) {
        const struct exec_inst *in =
            __atomic_load_n(&w->code_page[(pc & (EXEC_CODE_PAGE_BYTES - 1)) >> 2], __ATOMIC_ACQUIRE);
        if (in)
            return in;
    }
    return exec_code_fetch_slow(w);
}

/* The highest VGPR + 1 any instruction the dispatch reached so far
 * references, and how many instructions it decoded (not found decoded by
 * an earlier dispatch). */
void exec_code_counts(struct exec_code *c, uint32_t *vgprs_used, uint64_t *insts_decoded);

/* Build the executor's form of the instruction whose bytes start at
 * bytes[0] (avail_bytes readable, at pc_va) into *out.  Never fails: an
 * invalid or unimplemented instruction becomes one that faults when run.
 * alloc(ctx) gives zeroed storage for the halves of a VOPD instruction.
 * (sim/exec_bind.c: the bridge from the isa/ decoder.) */
void exec_bind(const uint8_t *bytes, unsigned avail_bytes, uint64_t pc_va,
               const struct exec_disp *dp, struct exec_inst *out,
               struct exec_inst *(*alloc)(void *ctx), void *ctx);

/* The instruction at pc_va in LLVM syntax (re-read and decoded; for the
 * trace and messages). */
void exec_disasm(const struct exec_disp *dp, uint64_t pc_va, char *buf, unsigned buf_bytes);

#endif
