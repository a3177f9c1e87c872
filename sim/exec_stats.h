/*
 * sim/exec_stats.h — per-dispatch dynamic statistics of the wave executor.
 *
 * sim_exec_dispatch() fills a struct sim_dispatch_stats when the caller
 * passes one (struct sim_dispatch.stats); counts are of wave-instructions
 * (one instruction executed by one wave), summed over the whole dispatch.
 */
#ifndef AMDPM4_SIM_EXEC_STATS_H
#define AMDPM4_SIM_EXEC_STATS_H

#include <stdint.h>

/* Instruction classes: X(enum suffix, printed name). */
#define SIM_ICLASSES(X)                                                          \
    X(SALU, "salu")             /* SOP1/SOP2/SOPK/SOPC */                        \
    X(SMEM, "smem")             /* scalar memory loads */                        \
    X(BRANCH, "branch")         /* s_branch, s_cbranch_*, s_setpc/swappc */      \
    X(SCTRL, "sctrl")           /* other SOPP: waits, nop, sleep, sendmsg, ... */ \
    X(VALU, "valu")             /* VOP1/VOP2/VOPC/VOP3 (not transcendental) */   \
    X(TRANS, "trans")           /* transcendental VALU (exp, log, rcp, ...) */   \
    X(VALU_PACKED, "vop3p")     /* VOP3P packed math and dot products */         \
    X(VOPD, "vopd")             /* dual-issue pairs (one per pair) */            \
    X(WMMA, "wmma")             /* matrix ops */                                 \
    X(LDS, "lds")               /* DS: LDS access and cross-lane permutes */     \
    X(VMEM_LOAD, "vmem_load")   /* global/flat/scratch loads */                  \
    X(VMEM_STORE, "vmem_store") /* global/flat/scratch stores */                 \
    X(VMEM_ATOMIC, "vmem_atomic")

enum sim_iclass {
#define X(e, n) SIM_ICLASS_##e,
    SIM_ICLASSES(X)
#undef X
    SIM_ICLASS_COUNT
};

struct sim_dispatch_stats {
    uint64_t insts;                         /* wave-instructions executed */
    uint64_t by_class[SIM_ICLASS_COUNT];    /* the same, by enum sim_iclass */
    uint64_t vopd_pairs;                    /* VOPD instructions (two ops each) */
    uint64_t wmma_ops;                      /* WMMA instructions */
    uint64_t dpp_ops;                       /* VALU instructions with DPP16/DPP8 */
    uint64_t lds_bytes_read, lds_bytes_written;   /* within the allocation */
    uint64_t lds_oob_accesses;              /* lane accesses reaching beyond the LDS allocation */
    uint64_t global_bytes_loaded, global_bytes_stored;   /* global, flat (to memory), buffer */
    uint64_t buffer_oob_accesses;           /* MUBUF lane elements outside the V#'s range */
    uint64_t scratch_bytes_loaded, scratch_bytes_stored;
    uint64_t smem_bytes_loaded;
    uint64_t barriers;                      /* s_barrier instructions executed (per wave) */
    uint64_t insts_decoded;                 /* instructions decoded (not cached from an earlier
                                               dispatch of the same code, sim/exec_code.h) */
    uint64_t waves, workgroups;
    uint32_t vgprs_allocated;               /* per wave, from COMPUTE_PGM_RSRC1.VGPRS */
    uint32_t vgprs_used;                    /* highest VGPR referenced by executed code + 1 */
    uint32_t lds_bytes_allocated;           /* per workgroup, from COMPUTE_PGM_RSRC2.LDS_SIZE */
    uint32_t scratch_bytes_per_wave;        /* COMPUTE_TMPRING_SIZE.WAVESIZE */
};

/* "valu", "lds", ... for an enum sim_iclass (NULL if out of range). */
const char *sim_iclass_name(unsigned cls);

/* Add b into a (sums; maxima for the per-wave sizes). */
void sim_dispatch_stats_add(struct sim_dispatch_stats *a, const struct sim_dispatch_stats *b);

#endif
