/*
 * tests/bench_exec.c — wave-instructions per second of the RDNA3 wave
 * executor (`make bench`; not a test).  Each loop runs on every host core
 * through sim_exec_dispatch, white-box like tests/check_exec.c.  Reported:
 * wave-instructions executed / wall time, best of a few runs.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tests/exec_harness.h"

/* 32 dependent-free VALU instructions per iteration: the VALU-heavy mix
 * of an f32 kernel's inner loop (fma, mul, add, integer index math). */
#define VALU_BODY                                                        \
    "v_fmac_f32 v1, v2, v3\n v_fmac_f32 v4, v2, v3\n v_mul_f32 v5, v2, v3\n" \
    "v_add_f32 v6, v5, v2\n v_fmac_f32 v7, v5, v6\n v_add_nc_u32 v8, 4, v8\n" \
    "v_and_b32 v9, 0xff, v8\n v_max_f32 v10, v6, v7\n"

/* WMMA operands: A and B (v[8:23]) hold f16 1.0 / 0.5 pairs (also read as
 * iu8 bytes), the accumulator v[24:31] starts at 0. */
#define WMMA_INIT                                                                     \
    "v_mov_b32 v8, 0x38003c00\n v_mov_b32 v9, 0x38003c00\n v_mov_b32 v10, 0x38003c00\n"     \
    "v_mov_b32 v11, 0x38003c00\n v_mov_b32 v12, 0x38003c00\n v_mov_b32 v13, 0x38003c00\n"   \
    "v_mov_b32 v14, 0x38003c00\n v_mov_b32 v15, 0x38003c00\n v_mov_b32 v16, 0x3c003800\n"   \
    "v_mov_b32 v17, 0x3c003800\n v_mov_b32 v18, 0x3c003800\n v_mov_b32 v19, 0x3c003800\n"   \
    "v_mov_b32 v20, 0x3c003800\n v_mov_b32 v21, 0x3c003800\n v_mov_b32 v22, 0x3c003800\n"   \
    "v_mov_b32 v23, 0x3c003800\n"
#define WMMA_LOOP(inst)                                                                   \
    "s_mov_b32 s2, 16\n" WMMA_INIT "1:\n" inst "\n" inst "\n" inst "\n" inst "\n" inst "\n" \
    inst "\n" inst "\n" inst "\n"                                                        \
    "s_sub_u32 s2, s2, 1\n s_cmp_lg_u32 s2, 0\n s_cbranch_scc1 1b\n s_endpgm"

static const struct xh_prog progs[] = {
    {"valu_loop",
     "s_mov_b32 s2, 256\n v_cvt_f32_u32 v2, v0\n v_mov_b32 v3, 1.0\n"
     "1:\n" VALU_BODY VALU_BODY VALU_BODY VALU_BODY
     "s_sub_u32 s2, s2, 1\n s_cmp_lg_u32 s2, 0\n s_cbranch_scc1 1b\n s_endpgm"},
    {"valu_fma_only",
     "s_mov_b32 s2, 256\n v_cvt_f32_u32 v2, v0\n v_mov_b32 v3, 1.0\n"
     "1:\n"
     "v_fmac_f32 v1, v2, v3\n v_fmac_f32 v4, v2, v3\n v_fmac_f32 v5, v2, v3\n v_fmac_f32 v6, v2, v3\n"
     "v_fmac_f32 v7, v2, v3\n v_fmac_f32 v8, v2, v3\n v_fmac_f32 v9, v2, v3\n v_fmac_f32 v10, v2, v3\n"
     "v_fmac_f32 v1, v2, v3\n v_fmac_f32 v4, v2, v3\n v_fmac_f32 v5, v2, v3\n v_fmac_f32 v6, v2, v3\n"
     "v_fmac_f32 v7, v2, v3\n v_fmac_f32 v8, v2, v3\n v_fmac_f32 v9, v2, v3\n v_fmac_f32 v10, v2, v3\n"
     "s_sub_u32 s2, s2, 1\n s_cmp_lg_u32 s2, 0\n s_cbranch_scc1 1b\n s_endpgm"},
    {"vopd_loop",
     "s_mov_b32 s2, 256\n v_cvt_f32_u32 v2, v0\n v_mov_b32 v3, 1.0\n"
     "1:\n"
     "v_dual_fmac_f32 v4, v2, v3 :: v_dual_fmac_f32 v5, v3, v2\n"
     "v_dual_mul_f32 v6, v2, v3 :: v_dual_add_f32 v7, v3, v2\n"
     "v_dual_fmac_f32 v4, v2, v3 :: v_dual_fmac_f32 v5, v3, v2\n"
     "v_dual_mul_f32 v6, v2, v3 :: v_dual_add_f32 v7, v3, v2\n"
     "s_sub_u32 s2, s2, 1\n s_cmp_lg_u32 s2, 0\n s_cbranch_scc1 1b\n s_endpgm"},
    {"lds_loop",
     "s_mov_b32 s2, 256\n v_lshlrev_b32 v1, 2, v0\n v_mov_b32 v2, 7\n"
     "1:\n"
     "ds_store_b32 v1, v2\n ds_load_b32 v3, v1\n s_waitcnt lgkmcnt(0)\n"
     "v_add_nc_u32 v2, v3, v2\n s_barrier\n"
     "s_sub_u32 s2, s2, 1\n s_cmp_lg_u32 s2, 0\n s_cbranch_scc1 1b\n s_endpgm"},
    {"global_loop",
     "s_mov_b32 s2, 64\n v_lshlrev_b32 v1, 2, v0\n"
     "1:\n"
     "global_load_b32 v2, v1, s[0:1]\n s_waitcnt vmcnt(0)\n v_add_nc_u32 v2, 1, v2\n"
     "global_store_b32 v1, v2, s[0:1]\n"
     "s_sub_u32 s2, s2, 1\n s_cmp_lg_u32 s2, 0\n s_cbranch_scc1 1b\n s_endpgm"},
    {"wmma_f32_f16", WMMA_LOOP("v_wmma_f32_16x16x16_f16 v[24:31], v[8:15], v[16:23], v[24:31]")},
    {"wmma_f16_f16", WMMA_LOOP("v_wmma_f16_16x16x16_f16 v[24:31], v[8:15], v[16:23], v[24:31]")},
    {"wmma_i32_iu8", WMMA_LOOP("v_wmma_i32_16x16x16_iu8 v[24:31], v[8:11], v[16:19], v[24:31]")},
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void bench(struct xh *h, const char *prog, uint32_t wg, uint32_t grid, uint32_t rsrc2)
{
    struct xh_launch l = {.prog = prog, .wg = {wg, 1, 1}, .grid = {grid, 1, 1}, .rsrc2 = rsrc2};
    double best = 0;
    uint64_t insts = 0, wmma = 0;

    for (int rep = 0; rep < 3; rep++) {
        struct sim_fault f;
        struct sim_dispatch_stats st;
        double t0 = now_s(), dt;
        int r = xh_run(h, &l, &f, &st);

        dt = now_s() - t0;
        if (r) {
            printf("%-14s failed: %s\n", prog, f.msg);
            return;
        }
        insts = st.insts;
        wmma = st.wmma_ops;
        if (insts / dt > best)
            best = insts / dt;
    }
    printf("%-14s %8.1f M wave-instructions/s  (%llu per dispatch, %u x %u work-items)\n", prog,
           best / 1e6, (unsigned long long)insts, grid, wg);
    if (wmma)
        printf("%-14s %8.3f M WMMA/s (%.2f us each)\n", "", best / 1e6 * (double)wmma / (double)insts,
               1e6 * (double)insts / (best * (double)wmma));
}

int main(void)
{
    struct xh h;
    char err[1024];

    if (xh_init(&h, progs, sizeof(progs) / sizeof(progs[0]), err, sizeof(err))) {
        fprintf(stderr, "bench_exec: %s\n", err);
        return 1;
    }
    bench(&h, "valu_loop", 256, 64, 0);
    bench(&h, "valu_fma_only", 256, 64, 0);
    bench(&h, "vopd_loop", 256, 64, 0);
    /* LDS_SIZE 2 (1 KiB) for 256 work-items x 4 bytes */
    bench(&h, "lds_loop", 256, 64, 0x00010004u);
    bench(&h, "global_loop", 256, 64, 0);
    bench(&h, "wmma_f32_f16", 32, 64, 0);
    bench(&h, "wmma_f16_f16", 32, 64, 0);
    bench(&h, "wmma_i32_iu8", 32, 64, 0);
    xh_fini(&h);
    return 0;
}
