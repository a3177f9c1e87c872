/*
 * tests/exec_harness.h — running assembled RDNA3 code on the wave executor
 * directly (white-box): a VM with a code buffer and a data buffer, an SH
 * register snapshot, sim_exec_dispatch().  Used by tests/check_exec.c and
 * tests/bench_exec.c.
 *
 * Programs are assembled with llvm-mc 19 all at once (one process for a
 * whole table of programs), each under its own symbol; their code is copied
 * into the code buffer once.
 */
#ifndef AMDPM4_TESTS_EXEC_HARNESS_H
#define AMDPM4_TESTS_EXEC_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/exec.h"
#include "sim/exec_stats.h"

#define XH_CODE_VA 0x100000000ull       /* code buffer */
#define XH_CODE_BYTES (1u << 20)
#define XH_DATA_VA 0x200000000ull       /* data buffer, read/write */
#define XH_DATA_BYTES (4u << 20)
#define XH_SCRATCH_VA 0x300000000ull    /* scratch buffer, read/write */
#define XH_SCRATCH_BYTES (1u << 20)

struct xh_prog {
    const char *name;   /* symbol; also the key for xh_find */
    const char *src;    /* body, llvm-mc syntax; must end the wave itself */
};

struct xh {
    struct sim_vm *vm;
    uint8_t *code, *data, *scratch;
    const struct xh_prog *progs;
    size_t nprogs;
    uint64_t *offset;   /* code offset of each program */
};

/* Assemble every program (one llvm-mc run) and map the buffers.  Returns 0,
 * or -1 with a message in err. */
int xh_init(struct xh *h, const struct xh_prog *progs, size_t n, char *err, size_t err_bytes);
void xh_fini(struct xh *h);

/* Code VA of a program, 0 if unknown. */
uint64_t xh_find(const struct xh *h, const char *name);

/* One dispatch's registers.  Zero fields take the defaults: RSRC1 64 VGPRs,
 * FLOAT_MODE 0xF0 (no denormal flushing), IEEE and DX10_CLAMP on; RSRC2 with
 * 2 user SGPRs (s[0:1] = XH_DATA_VA); one workgroup of 32 work-items;
 * wave32 initiator. */
struct xh_launch {
    const char *prog;
    uint32_t rsrc1, rsrc2, rsrc3;
    uint32_t wg[3];             /* NUM_THREAD_X/Y/Z (full) */
    uint32_t partial[3];        /* NUM_THREAD_*.NUM_THREAD_PARTIAL */
    uint32_t grid[3];           /* dim X/Y/Z */
    uint32_t start[3];
    uint32_t user[16];          /* USER_DATA (default s0/s1 = data VA) */
    int set_user;               /* user[] given */
    uint32_t initiator;         /* 0 = COMPUTE_SHADER_EN | CS_W32_EN */
    uint32_t tmpring;
    uint64_t scratch_va;
    uint64_t deadline_ns;
    uint32_t pgm_override;      /* nonzero: PGM_LO as given (bad code VA tests) */
};

/* Run it.  Returns sim_exec_dispatch's value; *f and *st filled. */
int xh_run(struct xh *h, const struct xh_launch *l, struct sim_fault *f,
           struct sim_dispatch_stats *st);

/* Machine code handed in as words (fuzzing, random programs): copy n words
 * to the code buffer at offset_bytes (256-byte aligned, inside the buffer),
 * followed by XH_ENDPGM_PAD_DW s_endpgm words, so that code running off its
 * end stops.  Returns the PGM_LO value for xh_launch.pgm_override, or 0 when
 * it does not fit. */
#define XH_ENDPGM_PAD_DW 16u
uint32_t xh_put_code(struct xh *h, uint64_t offset_bytes, const uint32_t *words, size_t n);

/* Random launches (fuzz_exec, the exec suite's random programs): a launch
 * from XH_RAND_HDR_BYTES bytes, every value in a range the executor accepts
 * or refuses by name.  Bytes:
 *   0  RSRC1.VGPRS (low 5 bits: 8..256 VGPRs)
 *   1  RSRC2.USER_SGPR (mod 17)
 *   2  bit 0-2 TGID_X/Y/Z_EN, 3 TG_SIZE_EN, 4 SCRATCH_EN, 5-6 TIDIG_COMP_CNT,
 *      7 two workgroups in X instead of one
 *   3  RSRC2.LDS_SIZE (mod 129: 0..64 KiB)
 *   4  NUM_THREAD_X 1..128
 *   5  NUM_THREAD_Y 1..4 (low 2 bits), NUM_THREAD_Z 1..2 (bit 2)
 *   6  NUM_THREAD_X.PARTIAL (mod 128; 0 = none)
 *   7  RSRC1.FLOAT_MODE
 *   8  bit 0 DX10_CLAMP, 1 IEEE_MODE, 2 FP16_OVFL; bits 3-5: xh_env_from_bytes
 *   9-11 USER_DATA beyond s[0:1]: data-buffer pointers at offsets byte << 8
 * Scratch: 32 waves of 32 KiB in the scratch buffer.  pgm_override and
 * deadline_ns are left 0. */
#define XH_RAND_HDR_BYTES 12u
void xh_launch_from_bytes(const uint8_t hdr[XH_RAND_HDR_BYTES], struct xh_launch *l);

/* The executor's switches from byte 8 of the launch bytes, each set or
 * unset: bit 3 AMDPM4_SIM_STRICT_WAITCNT=1, bit 4 AMDPM4_SIM_STRICT_LDS=1,
 * bit 5 AMDPM4_SIM_TRACE=out=/dev/null (the trace of wave 0). */
void xh_env_from_bytes(const uint8_t hdr[XH_RAND_HDR_BYTES]);

/* NULL when a dispatch ended as it may on any input (0 and no fault, or a
 * negative errno with a fault kind and a non-empty message), else what is
 * wrong with it. */
const char *xh_result_wrong(int r, const struct sim_fault *f);

/* Default register values (documented above), for tests that change one field. */
#define XH_RSRC1_DEFAULT 0x00af0007u    /* VGPRS 7 (64), FLOAT_MODE 0xF0, DX10_CLAMP, IEEE_MODE */
#define XH_RSRC2_DEFAULT 0x00000004u    /* USER_SGPR 2 */
#define XH_INITIATOR_W32 0x00008001u    /* COMPUTE_SHADER_EN | CS_W32_EN */

#endif
