/*
 * kernels/mix.h — instruction-mix figures of the built-in kernels, from the
 * simulated gfx1100's dynamic statistics (amdpm4_fence_stats): what issue 6
 * asks to be shown per op and size, computed one way for every caller
 * (tests/bench_kernels.c, the README table, `amdpm4 run --stats`).
 *
 * The main loop is measured by difference: the op runs on its shape and on
 * the same shape with half the loop trips (matmul: K/2; attention: Skv/2,
 * both whole tiles); prologue and epilogue are identical in the two runs and
 * cancel, so the difference is exactly the instructions of the extra trips.
 */
#ifndef AMDPM4_KERNELS_MIX_H
#define AMDPM4_KERNELS_MIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "amdpm4.h"
#include "kernels/ops.h"

/* gfx1100 wave32 (LLVM AMDGPUBaseInfo: Feature1_5xVGPRs): 1536 VGPRs per
 * SIMD, allocated in granules of 24, at most 16 waves per SIMD. */
#define KERN_SIMD_VGPRS 1536u
#define KERN_VGPR_ALLOC_GRANULE 24u
#define KERN_SIMD_MAX_WAVES 16u

struct kern_mix {
    struct kern_shape shape;
    struct amdpm4_dispatch_stats all;   /* the whole run */
    bool has_loop;                      /* the op has a main loop and the shape
                                           allows halving it */
    struct amdpm4_dispatch_stats loop;  /* the extra trips (see above) */
    uint64_t loop_valu;                 /* VALU instructions in them: valu,
                                           trans, vop3p, vopd, wmma classes */
    double loop_work_share;             /* of loop_valu: FMA or WMMA work (WMMAs;
                                           matmul_f32: its VOPD pairs, all
                                           v_dual_fmac_f32) */
    double loop_vopd_share;             /* of loop_valu: VOPD pairs */
    uint32_t vgprs_used;                /* per wave: highest VGPR the kernel touched + 1 */
    uint32_t vgprs;                     /* per wave, as the descriptor allocates */
    uint32_t waves_per_simd;            /* as VGPRs allow */
    double lds_bytes_per_fma;           /* LDS read + written, per FMA (FLOP/2);
                                           negative when the op does none */
    double global_bytes_per_flop;       /* global loaded + stored; negative likewise */
};

/* Waves per SIMD that vgprs per wave allow. */
uint32_t kern_waves_per_simd(uint32_t vgprs);

/* Measure the mix of s (inputs from seed) on q of dev, which must be the
 * simulated device (-ENOTSUP otherwise).  Runs kern_run once or twice. */
int kern_mix_measure(amdpm4_device *dev, amdpm4_queue *q, const struct kern_shape *s,
                     uint64_t seed, struct kern_mix *m);

/* The shapes of the README's table (tests/bench_kernels.c prints it, the
 * kernels suite checks README.md against it): count, and the i-th. */
unsigned kern_mix_table_count(void);
int kern_mix_table_shape(unsigned i, struct kern_shape *s);

/* The table's header lines (Markdown) and one row for m, in buf (what
 * snprintf returns). */
int kern_mix_format_header(char *buf, size_t buf_bytes);
int kern_mix_format_row(const struct kern_mix *m, char *buf, size_t buf_bytes);

#endif
