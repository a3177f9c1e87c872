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

/*
 * The fields of struct sim_dispatch_stats, and of the public struct
 * amdpm4_dispatch_stats (include/amdpm4.h, the same names), besides
 * by_class (summed element-wise): those summed over workers and dispatches,
 * and the per-wave sizes that take the maximum.  X(field, ...) gets the
 * list's further arguments.  The one list of them: SIM_STATS_ADD (for
 * either struct) and the copy into the public struct use it, and the size
 * of each struct is checked against it, so a field missing here does not
 * compile.
 */
#define SIM_STATS_SUMMED(X, ...)                                                 \
    X(insts, __VA_ARGS__) X(vopd_pairs, __VA_ARGS__) X(wmma_ops, __VA_ARGS__)    \
    X(dpp_ops, __VA_ARGS__) X(lds_bytes_read, __VA_ARGS__)                       \
    X(lds_bytes_written, __VA_ARGS__) X(lds_oob_accesses, __VA_ARGS__)           \
    X(global_bytes_loaded, __VA_ARGS__) X(global_bytes_stored, __VA_ARGS__)      \
    X(buffer_oob_accesses, __VA_ARGS__) X(scratch_bytes_loaded, __VA_ARGS__)     \
    X(scratch_bytes_stored, __VA_ARGS__) X(smem_bytes_loaded, __VA_ARGS__)       \
    X(barriers, __VA_ARGS__) X(insts_decoded, __VA_ARGS__) X(waves, __VA_ARGS__) \
    X(workgroups, __VA_ARGS__)
#define SIM_STATS_MAXED(X, ...)                                                  \
    X(vgprs_allocated, __VA_ARGS__) X(vgprs_used, __VA_ARGS__)                   \
    X(lds_bytes_allocated, __VA_ARGS__) X(scratch_bytes_per_wave, __VA_ARGS__)

/* sizeof a stats struct with `classes` entries in by_class: the summed
 * fields are 64-bit, the maxima 32-bit (an even count, no padding). */
#define SIM_STATS_ONE_(f, _) +1
#define SIM_STATS_BYTES(classes)                                                 \
    (8 * ((classes) + 0 SIM_STATS_SUMMED(SIM_STATS_ONE_, _)) +                   \
     4 * (0 SIM_STATS_MAXED(SIM_STATS_ONE_, _)))

/* *a += *b (pointers to either struct; classes: entries of by_class). */
#define SIM_STATS_SUM_(f, a, b) (a)->f += (b)->f;
#define SIM_STATS_MAX_(f, a, b) if ((b)->f > (a)->f) (a)->f = (b)->f;
#define SIM_STATS_ADD(a, b, classes)                                             \
    do {                                                                         \
        for (unsigned c_ = 0; c_ < (classes); c_++)                              \
            (a)->by_class[c_] += (b)->by_class[c_];                              \
        SIM_STATS_SUMMED(SIM_STATS_SUM_, a, b)                                   \
        SIM_STATS_MAXED(SIM_STATS_MAX_, a, b)                                    \
    } while (0)

/* "valu", "lds", ... for an enum sim_iclass (NULL if out of range). */
const char *sim_iclass_name(unsigned cls);

/* Add b into a (sums; maxima for the per-wave sizes). */
void sim_dispatch_stats_add(struct sim_dispatch_stats *a, const struct sim_dispatch_stats *b);

#endif
