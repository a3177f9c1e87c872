/*
 * sim/exec_wave.h — the wave executor's internal state: decoded instructions,
 * waves, workgroups and the helpers every emu_<name> semantic function uses.
 *
 * Register files are laid out for the host's vector units: VGPRs are rows of
 * 32 lanes (v[reg][lane]), so every lane loop is a fixed-trip loop over
 * contiguous memory that the compiler vectorises.  Scalar registers live in
 * one array indexed by the hardware's 7-bit scalar operand encoding (s0..s105,
 * VCC, TTMP, NULL, M0, EXEC), so an operand field indexes it directly.
 */
#ifndef AMDPM4_SIM_EXEC_WAVE_H
#define AMDPM4_SIM_EXEC_WAVE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "isa/isa_enc.h"
#include "sim/exec.h"
#include "sim/exec_fp.h"
#include "sim/exec_stats.h"

#define SIM_WAVE_LANES 32
#define EXEC_VGPR_MAX 256           /* architectural VGPRs of a wave32 wave */
#define EXEC_VGPR_TEMP EXEC_VGPR_MAX /* hidden row: VOPD's X result before write-back */
#define EXEC_VGPR_ROWS (EXEC_VGPR_MAX + 1)
#define EXEC_SREG_COUNT 128         /* 7-bit scalar register encodings */
#define EXEC_POISON 0x7fc0deadu     /* strict waitcnt: a quiet NaN, an absurd address */

typedef uint32_t exec_lanes[SIM_WAVE_LANES];

struct sim_wave;
struct exec_inst;

/* Every semantic function: one instruction on one wave.  Returns
 * EXEC_NEXT to go on, or a reason to stop the wave's run loop. */
typedef int exec_fn(struct sim_wave *w, const struct exec_inst *in);

enum exec_status {
    EXEC_NEXT = 0,
    EXEC_BARRIER,   /* s_barrier: wait for the workgroup */
    EXEC_END,       /* s_endpgm */
    EXEC_FAULT,     /* w->disp->fault filled */
    EXEC_YIELD,     /* s_sleep: let the workgroup's other waves run */
};

/* A source operand, resolved when the instruction is decoded. */
enum exec_opnd_kind {
    EXEC_OPND_NONE = 0,
    EXEC_OPND_VGPR,     /* reg = VGPR number */
    EXEC_OPND_SREG,     /* reg = scalar register encoding (s0.., VCC, M0, EXEC, NULL, TTMP) */
    EXEC_OPND_CONST,    /* inline constant or literal: value, already in the operand's type */
    EXEC_OPND_SCC,
    EXEC_OPND_VCCZ,
    EXEC_OPND_EXECZ,
    EXEC_OPND_DPP,      /* src0 of a DPP instruction: lanes prepared in w->dpp_src */
};

struct exec_opnd {
    uint8_t kind;       /* enum exec_opnd_kind */
    uint16_t reg;
    uint64_t value;     /* EXEC_OPND_CONST: low dword, or 64-bit value for 64-bit operands */
};

/* DPP controls of a DPP16 / DPP8 instruction (VOP1/VOP2/VOPC/VOP3). */
struct exec_dpp {
    uint8_t is_dpp8;
    uint8_t row_mask, bank_mask, bound_ctrl, fi;
    uint16_t ctrl;          /* DPP16 dpp_ctrl */
    uint8_t sel8[8];        /* DPP8 lane selects */
    uint16_t vsrc0;         /* VGPR the permutation reads */
};

/* A decoded instruction as the executor runs it.  Built once per code
 * address (sim/exec_code.c) from the isa/ decoder's output. */
struct exec_inst {
    exec_fn *fn;            /* semantics (emu_<name>), or a wrapper (DPP, VOPD) */
    exec_fn *inner;         /* the wrapped emu_<name> for DPP */
    uint32_t op;            /* enum isa_op */
    uint8_t size_bytes;
    uint8_t cls;            /* enum sim_iclass */
    uint8_t nsrc;

    struct exec_opnd src[3];
    uint16_t vdst;          /* VGPR destination (VALU, loads) */
    uint16_t sdst;          /* scalar destination encoding (SALU, VOPC e64, VOP3SD) */

    /* VOP3 / VOP3P modifiers: bit i for source i */
    uint8_t abs, neg, neg_hi, op_sel, op_sel_hi, clamp, omod;

    uint32_t imm;           /* SOPK/SOPP simm16; DS offset1:offset0; the word of an
                               illegal instruction; which operand a refused one has;
                               MTBUF: the format field */

    /* SMEM, DS, FLAT/GLOBAL/SCRATCH, MUBUF (SMEM: sbase in src[0], soffset in
     * src[1]; MUBUF: soffset in src[0]) */
    int32_t offset;         /* SMEM 21-bit / FLAT 13-bit signed / MUBUF 12-bit byte
                               offset, DS offset0 */
    uint16_t offset1;       /* DS offset1; MUBUF EXEC_BUF_OFFEN | EXEC_BUF_IDXEN */
    uint16_t addr;          /* VGPR address (DS, FLAT, MUBUF; EXEC_SADDR_OFF: none) */
    uint16_t data0, data1;  /* VGPR data (DS, FLAT, MUBUF); SMEM: first sdata SGPR, dwords */
    uint16_t saddr;         /* FLAT/GLOBAL/SCRATCH: SGPR base (EXEC_SADDR_OFF if none);
                               MUBUF: the first SGPR of the V# */
    uint8_t has_rtn;        /* FLAT/MUBUF atomic: returns the old value (glc) */

    struct exec_dpp dpp;
    const struct exec_inst *vopd_x, *vopd_y;   /* VOPD halves */

    uint8_t vdst_alias;     /* bit i: VGPR source i is the destination row */
    uint16_t vgpr_hi;       /* highest VGPR referenced + 1 (statistics, bounds) */
    uint64_t pc_va;         /* where it was decoded (trace, faults) */
};

#define EXEC_SADDR_OFF 0xffffu
#define EXEC_BUF_OFFEN 1u       /* MUBUF: vaddr (its last VGPR) holds an offset */
#define EXEC_BUF_IDXEN 2u       /* MUBUF: vaddr's first VGPR holds an index */

/* Why an instruction was refused as run_unsupported_operand (in imm). */
enum exec_refusal {
    EXEC_REFUSE_LDS_DIRECT = 1,     /* 0: none (a VOPD half takes the other's) */
    EXEC_REFUSE_SEXT,
    EXEC_REFUSE_GDS,
    EXEC_REFUSE_TFE,
};

/* Strict waitcnt: a load whose result is held back until a wait covers it. */
enum exec_counter { EXEC_CNT_VM, EXEC_CNT_LGKM, EXEC_CNT_COUNT };

struct exec_pending {
    uint8_t counter;        /* enum exec_counter */
    uint8_t is_smem;        /* SMEM returns out of order: only a wait for 0 covers it */
    uint8_t is_sgpr;        /* destination is SGPRs (SMEM) rather than VGPRs */
    uint16_t reg, count;    /* destination registers [reg, reg+count) */
    uint32_t lanes;         /* VGPR destinations: lanes written */
    uint32_t bits;          /* VGPR destinations: bits of each dword written (a d16
                               load writes one half and keeps the other) */
    uint32_t *saved;        /* the real values: count dwords (SGPR) or count*32 (VGPR) */
};

enum exec_wave_state {
    EXEC_WAVE_READY = 0,
    EXEC_WAVE_BARRIER,
    EXEC_WAVE_DONE,
};

struct exec_disp;
struct exec_wg;

struct sim_wave {
    uint32_t (*v)[SIM_WAVE_LANES];  /* [EXEC_VGPR_ROWS][32], 64-byte aligned */
    uint32_t s[EXEC_SREG_COUNT];
    uint32_t scc;
    uint32_t mode;                  /* MODE hardware register */
    uint32_t dpp_mask;              /* lanes a DPP instruction may write (else all) */
    uint64_t pc_va;                 /* next instruction */
    uint64_t inst_pc_va;            /* the instruction executing */
    uint64_t flat_scratch_va;       /* this wave's private segment (architected flat scratch) */
    struct exec_fpmode fp16;        /* MODE as it applies to f16 results */
    uint32_t mxcsr;                 /* MODE as it applies to f32 (host MXCSR) */
    uint8_t ieee;                   /* MODE.IEEE: NaN results from NaN sources are quieted */
    uint8_t state;                  /* enum exec_wave_state */
    uint8_t tracing;
    uint16_t id;                    /* wave index in the workgroup */
    uint32_t lanes_live;            /* lanes that hold work-items at launch */
    struct exec_disp *disp;
    struct exec_wg *wg;

    /* decoded-code page cache */
    uint64_t code_page_va;
    const struct exec_inst *const *code_page;

    /* memory: last mapping used */
    uint64_t mem_va_start, mem_va_end;
    uint8_t *mem_host;
    uint32_t mem_access;

    /* strict waitcnt */
    struct exec_pending *pend;
    unsigned npend, cap_pend;

    struct sim_dispatch_stats *st;  /* the worker's accumulator */

    /* trace: registers written by the instruction executing */
    uint64_t trace_vgpr[(EXEC_VGPR_ROWS + 63) / 64];
    uint64_t trace_sreg[EXEC_SREG_COUNT / 64];

    exec_lanes dpp_src;             /* src0 of a DPP instruction, permuted */
    exec_lanes tmp[4];              /* scratch rows for broadcast scalars */
};

/* A workgroup as one host thread runs it. */
struct exec_wg {
    uint32_t id[3];             /* workgroup id X, Y, Z (with COMPUTE_START_*) */
    uint32_t size[3];           /* work-items in X, Y, Z (partial at the grid's edge) */
    uint32_t nwaves;
    uint8_t *lds;
    uint32_t lds_bytes;
    struct sim_wave *waves;
    uint32_t scratch_slot0;     /* first scratch wave slot of this worker */
};

/* Everything a dispatch needs, read once from the registers. */
struct exec_disp {
    const struct sim_dispatch *d;
    struct sim_vm *vm;
    uint64_t code_va;
    uint32_t rsrc1, rsrc2, rsrc3;
    uint32_t user_sgpr_count;
    uint32_t user_data[32];
    bool tgid_en[3], tg_size_en, scratch_en;
    uint32_t tidig_comp_cnt;
    uint32_t wg_size[3];        /* NUM_THREAD_*.NUM_THREAD_FULL */
    uint32_t wg_partial[3];     /* NUM_THREAD_*.NUM_THREAD_PARTIAL */
    uint32_t grid_wgs[3];       /* workgroups in each dimension */
    uint32_t grid_threads[3];   /* USE_THREAD_DIMENSIONS: total work-items; else 0 */
    uint32_t start[3];          /* COMPUTE_START_X/Y/Z */
    uint64_t nwgs;
    uint32_t vgprs;             /* VGPRs allocated per wave (RSRC1.VGPRS granules) */
    uint32_t lds_bytes;         /* RSRC2.LDS_SIZE granules */
    uint64_t scratch_va;        /* COMPUTE_DISPATCH_SCRATCH_BASE */
    uint32_t scratch_wave_bytes;/* TMPRING_SIZE.WAVESIZE */
    uint32_t scratch_waves;     /* TMPRING_SIZE.WAVES */
    uint32_t mode0;             /* initial MODE from RSRC1 */
    bool strict_waitcnt;
    bool strict_lds;            /* AMDPM4_SIM_STRICT_LDS: out-of-range LDS faults */
    uint64_t deadline_ns;

    /* trace: which wave */
    bool trace;
    uint32_t trace_wg[3], trace_wave;
    FILE *trace_out;
    bool trace_close;           /* trace_out is ours (out=PATH) */
    uint32_t (*trace_vsnap)[SIM_WAVE_LANES];  /* VGPRs before the traced instruction */
    uint32_t trace_ssnap[EXEC_SREG_COUNT];
    uint32_t trace_scc;

    struct exec_code *code;     /* decoded instructions (sim/exec_code.c) */

    /* the first fault stops everything */
    atomic_int stop;
    atomic_uint_fast64_t next_wg;
    struct sim_fault fault;
    int fault_err;
    void *fault_lock;           /* pthread_mutex_t, see exec.c */
};

/* ---------------------------------------------------------------- faults */

/* Record a fault for the wave's dispatch (the first one wins) with the
 * kernel, workgroup, wave and PC appended; returns EXEC_FAULT. */
int exec_fault(struct sim_wave *w, int err, enum sim_fault_kind kind, uint64_t va,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* ---------------------------------------------------------------- strict waitcnt */

/* A load issued: with AMDPM4_SIM_STRICT_WAITCNT its destination reads as
 * EXEC_POISON until a wait covers it (data: the real result, count dwords
 * for SGPRs or count rows of 32 lanes for VGPRs, lanes the ones written,
 * bits the bits of each VGPR dword written: ~0u, or one half for d16 loads,
 * whose other half keeps whatever it holds when the load completes).
 * Returns EXEC_NEXT or EXEC_FAULT. */
int exec_pending_add(struct sim_wave *w, enum exec_counter c, bool is_smem, bool is_sgpr,
                     unsigned reg, unsigned count, uint32_t lanes, uint32_t bits,
                     const uint32_t *data);

/* s_waitcnt: complete pending loads of counter c until at most n remain. */
void exec_wait_counter(struct sim_wave *w, enum exec_counter c, unsigned n);

/* ---------------------------------------------------------------- scalar access */

/* Scalar registers the executor reads by name: the hardware's 7-bit
 * encodings from isa/isa_enc.h. */
enum {
    EXEC_SREG_VCC_LO = ISA_SREG_VCC_LO,
    EXEC_SREG_VCC_HI = ISA_SREG_VCC_HI,
    EXEC_SREG_NULL = ISA_SREG_NULL,
    EXEC_SREG_M0 = ISA_SREG_M0,
    EXEC_SREG_EXEC_LO = ISA_SREG_EXEC_LO,
    EXEC_SREG_EXEC_HI = ISA_SREG_EXEC_HI,
};

/* Write a scalar register; NULL discards. */
static inline void exec_sreg_write(struct sim_wave *w, unsigned reg, uint32_t v)
{
    if (reg < EXEC_SREG_COUNT && reg != EXEC_SREG_NULL)
        w->s[reg] = v;
    if (__builtin_expect(w->tracing, 0))
        w->trace_sreg[(reg / 64) & 1] |= 1ull << (reg % 64);
}

static inline uint32_t exec_opnd_u32(const struct sim_wave *w, const struct exec_opnd *o)
{
    switch (o->kind) {
    case EXEC_OPND_SREG: return w->s[o->reg];
    case EXEC_OPND_CONST: return (uint32_t)o->value;
    case EXEC_OPND_SCC: return w->scc;
    case EXEC_OPND_VCCZ: return w->s[EXEC_SREG_VCC_LO] == 0;
    case EXEC_OPND_EXECZ: return w->s[EXEC_SREG_EXEC_LO] == 0;
    default: return 0;
    }
}

static inline uint64_t exec_opnd_u64(const struct sim_wave *w, const struct exec_opnd *o)
{
    switch (o->kind) {
    case EXEC_OPND_SREG:
        return w->s[o->reg] | (uint64_t)w->s[(o->reg + 1) & (EXEC_SREG_COUNT - 1)] << 32;
    case EXEC_OPND_CONST: return o->value;
    case EXEC_OPND_SCC: return w->scc;
    case EXEC_OPND_VCCZ: return w->s[EXEC_SREG_VCC_LO] == 0;
    case EXEC_OPND_EXECZ: return w->s[EXEC_SREG_EXEC_LO] == 0;
    default: return 0;
    }
}

/* ---------------------------------------------------------------- vector access */

/* 32 lanes of a 32-bit source: the VGPR row itself, or a scalar broadcast
 * into tmp. */
static inline __attribute__((always_inline)) const uint32_t *
exec_src_lanes(struct sim_wave *w, const struct exec_opnd *o, uint32_t *tmp)
{
    if (o->kind == EXEC_OPND_VGPR)
        return w->v[o->reg];
    if (o->kind == EXEC_OPND_DPP)
        return w->dpp_src;
    uint32_t x = exec_opnd_u32(w, o);
    for (int l = 0; l < SIM_WAVE_LANES; l++)
        tmp[l] = x;
    return tmp;
}

/* Lanes a VALU instruction writes: EXEC, narrowed by DPP. */
static inline uint32_t exec_write_mask(const struct sim_wave *w)
{
    return w->s[EXEC_SREG_EXEC_LO] & w->dpp_mask;
}

void exec_trace_note_vgpr(struct sim_wave *w, unsigned reg);

/* Write 32 lanes to VGPR reg under the write mask. */
static inline __attribute__((always_inline)) void exec_vgpr_write(struct sim_wave *w, unsigned reg,
                                                                 const uint32_t *r)
{
    uint32_t m = exec_write_mask(w);
    uint32_t *d = w->v[reg];

    if (m == 0xffffffffu) {
        if (d != r)
            memcpy(d, r, SIM_WAVE_LANES * sizeof(uint32_t));
    } else {
        for (int l = 0; l < SIM_WAVE_LANES; l++) {
            uint32_t keep = (uint32_t)-(int32_t)((m >> l) & 1);
            d[l] = (r[l] & keep) | (d[l] & ~keep);
        }
    }
    if (__builtin_expect(w->tracing, 0))
        exec_trace_note_vgpr(w, reg);
}

/* ---------------------------------------------------------------- MODE */

enum exec_mode_field {
#define EXEC_MODE_FIELD(name, lo, bits) EXEC_MODE_##name,
#include "sim/exec_mode.def"
#undef EXEC_MODE_FIELD
    EXEC_MODE_FIELD_COUNT
};

struct exec_mode_field_info {
    uint8_t lo, bits;
};

static const struct exec_mode_field_info exec_mode_fields[EXEC_MODE_FIELD_COUNT] = {
#define EXEC_MODE_FIELD(name, l, b) {l, b},
#include "sim/exec_mode.def"
#undef EXEC_MODE_FIELD
};

static inline uint32_t exec_mode_get(uint32_t mode, enum exec_mode_field f)
{
    return (mode >> exec_mode_fields[f].lo) & ((1u << exec_mode_fields[f].bits) - 1);
}

static inline uint32_t exec_mode_set(uint32_t mode, enum exec_mode_field f, uint32_t v)
{
    uint32_t m = ((1u << exec_mode_fields[f].bits) - 1) << exec_mode_fields[f].lo;
    return (mode & ~m) | ((v << exec_mode_fields[f].lo) & m);
}

/* Recompute the derived FP state (w->fp16, w->mxcsr) after MODE changed,
 * and load the host MXCSR. */
void exec_mode_apply(struct sim_wave *w);

#endif
