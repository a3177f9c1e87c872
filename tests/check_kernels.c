/*
 * tests/check_kernels.c — the hand-written kernels (kernels/NAME.s) and their
 * launch plans (kernels/plan.c), run through the runtime API on the
 * simulated gfx1100 with AMDPM4_SIM_STRICT_WAITCNT=1 (a missing s_waitcnt
 * reads poison), every output element compared with the CPU reference
 * within the op's tolerance (kernels/ops_ref.c).
 *
 * "plan": grids, kernarg bytes (written out by hand), refusals.
 * "memory", "empty", "matmul_f32", "matmul_f16", "attention": the shapes
 * issue 6 asks for: 1x1x1, primes, sizes off every tile multiple, several
 * workgroups (512^3 once per matmul), attention with Sq != Skv, causal and
 * not, D 64 and 128, B·H > 1, Skv off the 32-key block; copy/fill of sizes
 * that are not multiples of 16 bytes, in every placement.
 * "mix": the instruction-mix targets of issue 6, from the simulator's
 * statistics, and README.md's table of them checked against the kernels.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amdpm4.h"
#include "bo/program.h"
#include "isa/codeobj.h"
#include "kernels/mix.h"
#include "kernels/ops.h"
#include "kernels/plan.h"
#include "kernels/run.h"

#define SEED 1

static void strict_waitcnt(void)
{
    setenv("AMDPM4_SIM_STRICT_WAITCNT", "1", 1);
}

/* "m=3 n=4" style: flag=value pairs, "causal" alone. */
static struct kern_shape shape_of(enum kern_op op, const char *flags)
{
    struct kern_shape s;
    char buf[256], *save = NULL;

    ck_assert_int_eq(kern_shape_default(op, &s), 0);
    snprintf(buf, sizeof(buf), "%s", flags);
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(t, '=');
        if (eq)
            *eq++ = '\0';
        ck_assert_msg(kern_shape_set(&s, t, eq) == 0, "%s: %s", flags, amdpm4_last_error());
    }
    return s;
}

/* Run op on flags through the runtime and compare every output element. */
static void run_and_check(enum kern_op op, const char *flags, struct kern_run_result *res_out)
{
    struct kern_shape s = shape_of(op, flags);
    struct kern_run_result res;
    struct kern_bufs b;
    struct kern_cmp cmp[KERN_MAX_ARGS];
    unsigned n_cmp = 0;
    amdpm4_device *dev = NULL;
    amdpm4_queue *q = NULL;
    int r;

    ck_assert_msg(amdpm4_device_open(0, &dev) == 0, "%s", amdpm4_last_error());
    ck_assert_msg(amdpm4_queue_create(dev, AMDPM4_QUEUE_COMPUTE, &q) == 0, "%s",
                  amdpm4_last_error());
    ck_assert_msg(kern_bufs_alloc(&s, SEED, &b) == 0, "%s", amdpm4_last_error());
    r = kern_run(dev, q, &b, &res);
    ck_assert_msg(r == 0, "%s %s: %s", kern_op_name(op), flags, amdpm4_last_error());
    ck_assert_msg(kern_check(&b, NULL, 0, cmp, &n_cmp) == 0, "%s", amdpm4_last_error());
    for (unsigned i = 0; i < n_cmp; i++) {
        char msg[512] = "";
        size_t off = 0;
        for (unsigned k = 0; k < cmp[i].n_shown && off < sizeof(msg); k++)
            off += (size_t)snprintf(msg + off, sizeof(msg) - off, " [%llu] got %.9g want %.9g",
                                    (unsigned long long)cmp[i].shown[k].index,
                                    cmp[i].shown[k].got, cmp[i].shown[k].want);
        ck_assert_msg(cmp[i].pass, "%s %s: %s: %llu of %llu beyond tolerance:%s",
                      kern_op_name(op), flags, cmp[i].arg, (unsigned long long)cmp[i].n_bad,
                      (unsigned long long)cmp[i].n_compared, msg);
    }
    ck_assert_msg(res.has_stats, "no statistics from the simulated device");
    ck_assert_uint_eq(res.stats.scratch_bytes_per_wave, 0);
    if (res_out)
        *res_out = res;
    kern_bufs_free(&b);
    amdpm4_queue_destroy(q);
    amdpm4_device_close(dev);
}

static void run_all(enum kern_op op, const char *const *shapes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        run_and_check(op, shapes[i], NULL);
}
#define RUN_ALL(op, shapes) run_all(op, shapes, sizeof(shapes) / sizeof(shapes[0]))

/* ================================================================ plan */

/* A built-in kernel's descriptor and metadata, straight from the embedded
 * code object. */
static struct isa_codeobj *builtin_codeobj(const char *name)
{
    struct isa_codeobj *co = NULL;

    for (const struct amdpm4_blob *b = amdpm4_kernel_blobs; b->name; b++)
        if (!strcmp(b->name, name))
            ck_assert_int_eq(isa_codeobj_load_memory(b->data, (size_t)b->size_bytes, name, &co),
                             0);
    ck_assert_msg(co, "no builtin %s", name);
    return co;
}

/* A built-in code object loaded on the (simulated) device, as the tools
 * load it. */
struct loaded {
    amdpm4_device *dev;
    amdpm4_program *prog;
};

static struct loaded builtin(const char *name)
{
    struct loaded l = {0};

    ck_assert_msg(amdpm4_device_open(0, &l.dev) == 0, "%s", amdpm4_last_error());
    ck_assert_msg(amdpm4_program_load_builtin(l.dev, name, &l.prog) == 0, "%s",
                  amdpm4_last_error());
    return l;
}

static const amdpm4_kernel *kernel_in(struct loaded l, const char *name)
{
    const amdpm4_kernel *k = NULL;

    ck_assert_msg(amdpm4_program_kernel(l.prog, name, &k) == 0, "%s", amdpm4_last_error());
    return k;
}

static void unload(struct loaded l)
{
    amdpm4_program_destroy(l.prog);
    amdpm4_device_close(l.dev);
}

START_TEST(plan_matmul_f32_grid_and_kernarg)
{
    struct kern_shape s = shape_of(KERN_OP_MATMUL_F32, "m=300 n=200 k=100");
    struct kern_plan p;
    struct loaded co = builtin("matmul_f32");
    const uint64_t va[3] = {0x100000000ull, 0x123456789a00ull, 0x7ffff0000100ull};
    uint8_t ka[64];
    /* A, B, C addresses, then M, N, K: little-endian */
    static const uint8_t want[40] = {
        0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
        0x00, 0x9a, 0x78, 0x56, 0x34, 0x12, 0x00, 0x00,
        0x00, 0x01, 0x00, 0xf0, 0xff, 0x7f, 0x00, 0x00,
        0x2c, 0x01, 0x00, 0x00, 0xc8, 0x00, 0x00, 0x00,
        0x64, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };

    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), 0);
    ck_assert_str_eq(p.dispatch.code_object, "matmul_f32");
    ck_assert_str_eq(p.dispatch.kernel, "matmul_f32");
    ck_assert_uint_eq(p.repeat, 1);
    ck_assert_uint_eq(p.dispatch.grid[0], 2);       /* ceil(200/128) column blocks */
    ck_assert_uint_eq(p.dispatch.grid[1], 3);       /* ceil(300/128) row blocks */
    ck_assert_uint_eq(p.dispatch.grid[2], 1);
    ck_assert_uint_eq(p.dispatch.block[0], 128);
    ck_assert_uint_eq(p.dispatch.block[1] * p.dispatch.block[2], 1);
    ck_assert_uint_eq(p.dispatch.dynamic_lds_bytes, 0);
    memset(ka, 0xee, sizeof(ka));
    ck_assert_int_eq(kern_plan_kernarg(&p.dispatch, kernel_in(co, "matmul_f32"), va, 3, ka,
                                       sizeof(ka)), 0);
    ck_assert_mem_eq(ka, want, sizeof(want));
    ck_assert_uint_eq(ka[40], 0xee);                /* nothing past the segment */
    unload(co);
}
END_TEST

START_TEST(plan_matmul_f16_and_attention_kernargs)
{
    struct kern_shape mm = shape_of(KERN_OP_MATMUL_F16, "m=1 n=129 k=17 out=f16");
    struct kern_shape at = shape_of(KERN_OP_ATTENTION_F16,
                                    "batch=2 heads=3 seq=65 seq-kv=33 dim=64 causal");
    struct kern_plan p;
    struct loaded co = builtin("matmul_f16");
    struct loaded aco = builtin("attention_f16");
    const uint64_t va[5] = {0x1000, 0x2000, 0x3000, 0x4000, 0x5000};
    uint8_t ka[64];
    static const uint8_t want_mm[40] = {
        0x00, 0x10, 0, 0, 0, 0, 0, 0,  0x00, 0x20, 0, 0, 0, 0, 0, 0,
        0x00, 0x30, 0, 0, 0, 0, 0, 0,
        0x01, 0x00, 0x00, 0x00, 0x81, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00,
        0x01, 0x00, 0x00, 0x00,                     /* out_f16 */
    };
    /* Q K V O LSE, Sq 65, Skv 33, 0.125·log2(e) = 0x3e38aa3b, causal 1 */
    static const uint8_t want_at[56] = {
        0x00, 0x10, 0, 0, 0, 0, 0, 0,  0x00, 0x20, 0, 0, 0, 0, 0, 0,
        0x00, 0x30, 0, 0, 0, 0, 0, 0,  0x00, 0x40, 0, 0, 0, 0, 0, 0,
        0x00, 0x50, 0, 0, 0, 0, 0, 0,
        0x41, 0x00, 0x00, 0x00, 0x21, 0x00, 0x00, 0x00, 0x3b, 0xaa, 0x38, 0x3e,
        0x01, 0x00, 0x00, 0x00,
    };

    ck_assert_int_eq(kern_plan_make(&mm, SEED, &p), 0);
    ck_assert_uint_eq(p.dispatch.grid[0], 2);
    ck_assert_uint_eq(p.dispatch.grid[1], 1);
    ck_assert_int_eq(kern_plan_kernarg(&p.dispatch, kernel_in(co, "matmul_f16"), va, 3, ka,
                                       sizeof(ka)), 0);
    ck_assert_mem_eq(ka, want_mm, sizeof(want_mm));

    ck_assert_int_eq(kern_plan_make(&at, SEED, &p), 0);
    ck_assert_str_eq(p.dispatch.code_object, "attention_f16");
    ck_assert_str_eq(p.dispatch.kernel, "attention_f16_d64");
    ck_assert_uint_eq(p.dispatch.grid[0], 2);       /* ceil(65/64) query blocks */
    ck_assert_uint_eq(p.dispatch.grid[1], 6);       /* batch x heads */
    ck_assert_uint_eq(p.dispatch.block[0], 128);
    ck_assert_int_eq(kern_plan_kernarg(&p.dispatch, kernel_in(aco, "attention_f16_d64"), va, 5,
                                       ka, sizeof(ka)), 0);
    ck_assert_mem_eq(ka, want_at, sizeof(want_at));
    at = shape_of(KERN_OP_ATTENTION_F16, "dim=128");
    ck_assert_int_eq(kern_plan_make(&at, SEED, &p), 0);
    ck_assert_str_eq(p.dispatch.kernel, "attention_f16_d128");
    unload(co);
    unload(aco);
}
END_TEST

START_TEST(plan_memory_and_empty)
{
    struct kern_plan p;
    struct kern_shape s = shape_of(KERN_OP_COPY, "bytes=1");
    struct loaded co = builtin("memory");
    const uint64_t va[1] = {0x10000};
    uint8_t ka[32];
    uint32_t pattern = kern_fill_pattern(SEED);

    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), 0);
    ck_assert_uint_eq(p.dispatch.grid[0], 1);
    ck_assert_uint_eq(p.dispatch.block[0], 256);
    s = shape_of(KERN_OP_COPY, "bytes=49153");     /* 3 chunks of 16 KiB and a byte */
    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), 0);
    ck_assert_uint_eq(p.dispatch.grid[0], 4);
    s = shape_of(KERN_OP_COPY, "bytes=1G");
    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), 0);
    ck_assert_uint_eq(p.dispatch.grid[0], 768);     /* the grid-stride loop does the rest */

    s = shape_of(KERN_OP_FILL, "bytes=4097");
    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), 0);
    ck_assert_int_eq(kern_plan_kernarg(&p.dispatch, kernel_in(co, "fill"), va, 1, ka,
                                       sizeof(ka)), 0);
    /* dst, bytes (64-bit), pattern, groups */
    ck_assert_mem_eq(ka, ((const uint8_t[]){0x00, 0x00, 0x01, 0, 0, 0, 0, 0,
                                            0x01, 0x10, 0, 0, 0, 0, 0, 0}), 16);
    ck_assert_uint_eq(ka[16] | ka[17] << 8 | ka[18] << 16 | (uint32_t)ka[19] << 24, pattern);
    ck_assert_mem_eq(ka + 20, ((const uint8_t[]){0x01, 0x00, 0x00, 0x00}), 4);

    s = shape_of(KERN_OP_EMPTY, "count=7");
    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), 0);
    ck_assert_str_eq(p.dispatch.kernel, "empty");
    ck_assert_uint_eq(p.repeat, 7);
    ck_assert_uint_eq(p.dispatch.grid[0] * p.dispatch.grid[1] * p.dispatch.grid[2], 1);
    ck_assert_uint_eq(p.dispatch.block[0], 32);
    ck_assert_uint_eq(p.dispatch.n_kargs, 0);
    unload(co);
}
END_TEST

START_TEST(plan_refusals)
{
    struct kern_plan p;
    struct kern_shape s = shape_of(KERN_OP_MATMUL_F32, "m=2 n=2 k=2");
    struct loaded co = builtin("matmul_f32");
    struct loaded fill = builtin("memory");
    const amdpm4_kernel *k = kernel_in(co, "matmul_f32");
    uint64_t va[3] = {0x1000, 0x2008, 0x3000};
    uint8_t ka[64];

    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), 0);
    /* a buffer off the 16-byte alignment of the 128-bit loads */
    ck_assert_int_eq(kern_plan_kernarg(&p.dispatch, k, va, 3, ka, sizeof(ka)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "'B': address 0x2008 is not 16-byte"));
    va[1] = 0x2000;
    /* too few buffers, too small a segment, the wrong kernel */
    ck_assert_int_eq(kern_plan_kernarg(&p.dispatch, k, va, 2, ka, sizeof(ka)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "needs buffer 2, 2 given"));
    ck_assert_int_eq(kern_plan_kernarg(&p.dispatch, k, va, 3, ka, 39), -EINVAL);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "needs 40 kernarg bytes, 39 given"));
    ck_assert_int_eq(kern_plan_kernarg(&p.dispatch, kernel_in(fill, "fill"), va, 3, ka,
                                       sizeof(ka)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "plan is for kernel matmul_f32, not fill"));
    /* an argument the kernel does not know; one it knows missing */
    p.dispatch.karg[3].name = "rows";
    ck_assert_int_eq(kern_plan_kernarg(&p.dispatch, k, va, 3, ka, sizeof(ka)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "argument 'size_m' has no value"));
    p.dispatch.karg[3].name = "size_m";
    p.dispatch.karg[4].kind = KERN_KARG_U64;
    ck_assert_int_eq(kern_plan_kernarg(&p.dispatch, k, va, 3, ka, sizeof(ka)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "'size_n': 4 bytes at offset 28"));
    p.dispatch.n_kargs--;
    p.dispatch.karg[4].kind = KERN_KARG_U32;
    ck_assert_int_eq(kern_plan_kernarg(&p.dispatch, k, va, 3, ka, sizeof(ka)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "'size_k' has no value"));

    /* shapes whose per-block offsets leave 32 bits: 128 rows of 2^23 fp32 */
    s = shape_of(KERN_OP_MATMUL_F32, "m=128 n=1 k=8388608");
    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), -EOVERFLOW);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "32-bit per-block offsets"));
    s = shape_of(KERN_OP_MATMUL_F32, "m=1 n=1 k=8388608");    /* one row: fits */
    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), 0);
    s = shape_of(KERN_OP_MATMUL_F16, "m=128 n=16777216 k=1");
    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), -EOVERFLOW);
    s = shape_of(KERN_OP_ATTENTION_F16, "seq=2147483648 batch=1 heads=1");
    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), -EOVERFLOW);
    /* an invalid shape is refused before planning */
    s.attn.seq = 0;
    ck_assert_int_eq(kern_plan_make(&s, SEED, &p), -EINVAL);
    unload(co);
    unload(fill);
}
END_TEST

/* Every kernel: no scratch, VGPRs and LDS within the hardware's limits, the
 * descriptor's VGPR count what the metadata states. */
START_TEST(kernels_declare_their_resources)
{
    static const char *const objs[] = {"matmul_f32", "matmul_f16", "attention_f16", "memory",
                                       "empty"};
    unsigned kernels = 0;

    for (unsigned i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
        struct isa_codeobj *co = builtin_codeobj(objs[i]);
        for (uint32_t j = 0; j < co->kernel_count; j++) {
            const struct isa_kernel *k = &co->kernels[j];
            /* RSRC1.VGPRS: granules of 8 for wave32, minus one */
            uint32_t vgpr_granules = (k->kd.compute_pgm_rsrc1 & 0x3f) + 1;

            ck_assert_msg(k->has_metadata, "%s", k->name);
            ck_assert_uint_eq(k->kd.private_segment_fixed_bytes, 0);
            ck_assert_uint_eq(k->kd.compute_pgm_rsrc2 & 1, 0);     /* SCRATCH_EN */
            ck_assert_msg(vgpr_granules == (k->vgpr_count + 7) / 8, "%s: %u granules, %u VGPRs",
                          k->name, vgpr_granules, k->vgpr_count);
            ck_assert_uint_le(k->vgpr_count, 256);
            ck_assert_uint_le(k->kd.group_segment_fixed_bytes, ISA_LDS_MAX_BYTES);
            ck_assert_uint_eq(k->kd.group_segment_fixed_bytes, k->group_segment_fixed_bytes);
            ck_assert_uint_eq(k->kd.kernarg_bytes, k->kernarg_segment_bytes);
            kernels++;
        }
        isa_codeobj_free(co);
    }
    ck_assert_uint_eq(kernels, 7);
}
END_TEST

/* kern_run and the mix helpers refuse what they cannot use, with a message. */
START_TEST(run_refusals)
{
    struct kern_shape s = shape_of(KERN_OP_COPY, "bytes=100");
    struct kern_run_result res;
    struct kern_bufs b;
    struct kern_mix m;
    amdpm4_device *dev = NULL;
    amdpm4_queue *q = NULL;
    char line[16];

    ck_assert_int_eq(amdpm4_device_open(0, &dev), 0);
    ck_assert_int_eq(amdpm4_queue_create(dev, AMDPM4_QUEUE_COMPUTE, &q), 0);
    ck_assert_int_eq(kern_bufs_alloc(&s, SEED, &b), 0);
    ck_assert_int_eq(kern_run(NULL, q, &b, &res), -EINVAL);
    ck_assert_int_eq(kern_run(dev, q, NULL, &res), -EINVAL);
    b.shape.mem.bytes = 200;        /* buffers no longer match the shape */
    ck_assert_int_eq(kern_run(dev, q, &b, &res), -EINVAL);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "does not match the shape"));
    b.shape.mem.bytes = 100;
    ck_assert_int_eq(kern_run(dev, q, &b, &res), 0);   /* and the queue still works */
    ck_assert_int_eq(kern_mix_measure(dev, q, NULL, SEED, &m), -EINVAL);
    ck_assert_int_eq(kern_mix_table_shape(kern_mix_table_count(), &s), -EINVAL);
    /* a row longer than the buffer: cut, terminated, the full length returned */
    ck_assert_int_eq(kern_mix_measure(dev, q, &s, SEED, &m), 0);
    ck_assert_int_gt(kern_mix_format_row(&m, line, sizeof(line)), (int)sizeof(line));
    ck_assert_uint_eq(strlen(line), sizeof(line) - 1);
    kern_bufs_free(&b);
    amdpm4_queue_destroy(q);
    amdpm4_device_close(dev);
}
END_TEST

/* ================================================================ memory */

START_TEST(copy_and_fill_any_size_any_placement)
{
    static const char *const sizes[] = {"1", "15", "17", "4099", "16384", "49239", "1048593"};
    static const char *const places[] = {"vram", "vis-vram", "gtt"};

    for (unsigned p = 0; p < 3; p++)
        for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
            char flags[64];
            snprintf(flags, sizeof(flags), "bytes=%s placement=%s", sizes[i], places[p]);
            run_and_check(KERN_OP_COPY, flags, NULL);
            run_and_check(KERN_OP_FILL, flags, NULL);
        }
}
END_TEST

/* More chunks than workgroups: the grid-stride loop's later trips and a
 * tail taken by a workgroup other than the first. */
START_TEST(copy_and_fill_grid_stride)
{
    /* 768 workgroups x 16 KiB = 12 MiB a round: 2 rounds, 5 chunks, 100 bytes */
    run_and_check(KERN_OP_COPY, "bytes=25247844", NULL);
    run_and_check(KERN_OP_FILL, "bytes=25247844", NULL);
}
END_TEST

START_TEST(empty_one_wave_per_dispatch)
{
    struct kern_run_result res;

    run_and_check(KERN_OP_EMPTY, "count=5", &res);
    ck_assert_uint_eq(res.stats.waves, 5);
    ck_assert_uint_eq(res.stats.workgroups, 5);
    ck_assert_uint_eq(res.stats.insts, 5);         /* s_endpgm, once per wave */
}
END_TEST

/* ================================================================ matmul */

START_TEST(matmul_f32_shapes)
{
    static const char *const shapes[] = {
        "m=1 n=1 k=1",
        "m=127 n=65 k=33",          /* primes */
        "m=128 n=128 k=8",          /* one block, one tile: fast path only */
        "m=129 n=130 k=131",        /* one past every tile multiple */
        "m=300 n=200 k=100",        /* K % 8 = 4: aligned rows, partial last tile */
        "m=256 n=128 k=20",         /* fast blocks, edge loads for the K tail */
        "m=128 n=256 k=9",          /* K odd: every load on the edge path */
        "m=1 n=300 k=5",
        "m=200 n=1 k=7",
    };

    RUN_ALL(KERN_OP_MATMUL_F32, shapes);
}
END_TEST

START_TEST(matmul_f32_multi_workgroup)
{
    run_and_check(KERN_OP_MATMUL_F32, "m=512 n=512 k=512", NULL);
}
END_TEST

START_TEST(matmul_f16_shapes)
{
    static const char *const shapes[] = {
        "m=1 n=1 k=1 out=f32",
        "m=1 n=1 k=1 out=f16",
        "m=127 n=65 k=33 out=f16",
        "m=128 n=128 k=16 out=f32",     /* fast path only */
        "m=129 n=130 k=131 out=f32",
        "m=300 n=200 k=100 out=f16",    /* K % 16 = 4 */
        "m=128 n=128 k=24 out=f32",     /* fast block, edge loads for the K tail */
        "m=17 n=300 k=257 out=f16",
        "m=200 n=8 k=9 out=f32",
    };

    RUN_ALL(KERN_OP_MATMUL_F16, shapes);
}
END_TEST

START_TEST(matmul_f16_multi_workgroup)
{
    run_and_check(KERN_OP_MATMUL_F16, "m=512 n=512 k=512 out=f16", NULL);
    run_and_check(KERN_OP_MATMUL_F16, "m=256 n=384 k=64 out=f32", NULL);
}
END_TEST

/* ================================================================ attention */

START_TEST(attention_shapes)
{
    static const char *const shapes[] = {
        "batch=1 heads=1 seq=1 dim=64",
        "batch=1 heads=1 seq=64 dim=128",
        "batch=1 heads=2 seq=100 seq-kv=77 dim=64",
        "batch=1 heads=2 seq=100 seq-kv=77 dim=128 causal",
        "batch=1 heads=2 seq=77 seq-kv=100 dim=64 causal",
        /* Skv < Sq causal: the first 97 rows see no key (O = 0, LSE = -inf) */
        "batch=2 heads=3 seq=130 seq-kv=33 dim=128 causal",
        "batch=2 heads=1 seq=33 seq-kv=130 dim=64 causal",
        "batch=1 heads=1 seq=128 dim=64 causal",
        "batch=1 heads=1 seq=5 seq-kv=3 dim=64 causal",
        "batch=1 heads=2 seq=256 seq-kv=200 dim=128",
        "batch=1 heads=1 seq=70 seq-kv=512 dim=64 scale=0.3",
    };

    RUN_ALL(KERN_OP_ATTENTION_F16, shapes);
}
END_TEST

/* ================================================================ mix */

/* The statistics of a K-loop trip alone: the difference of two runs that
 * differ only in the number of trips (prologue and epilogue cancel). */
static void loop_delta(enum kern_op op, const char *a, const char *b,
                       struct amdpm4_dispatch_stats *d)
{
    struct kern_run_result ra, rb;

    run_and_check(op, a, &ra);
    run_and_check(op, b, &rb);
    memset(d, 0, sizeof(*d));
    d->insts = rb.stats.insts - ra.stats.insts;
    for (unsigned i = 0; i < AMDPM4_STATS_CLASSES; i++)
        d->by_class[i] = rb.stats.by_class[i] - ra.stats.by_class[i];
    d->vopd_pairs = rb.stats.vopd_pairs - ra.stats.vopd_pairs;
    d->wmma_ops = rb.stats.wmma_ops - ra.stats.wmma_ops;
    d->vgprs_allocated = rb.stats.vgprs_allocated;
}

static uint64_t class_count(const struct amdpm4_dispatch_stats *st, const char *name)
{
    for (unsigned i = 0; i < AMDPM4_STATS_CLASSES; i++)
        if (amdpm4_stats_class_name(i) && !strcmp(amdpm4_stats_class_name(i), name))
            return st->by_class[i];
    ck_abort_msg("no statistics class %s", name);
    return 0;
}

/* Issue 6's target for matmul_f32: in the main loop at least 85% of the
 * VALU instructions are VOPD pairs of FMACs, within 224 VGPRs. */
START_TEST(matmul_f32_main_loop_is_dual_issue)
{
    struct amdpm4_dispatch_stats d;
    uint64_t valu;

    loop_delta(KERN_OP_MATMUL_F32, "m=256 n=256 k=256", "m=256 n=256 k=512", &d);
    valu = class_count(&d, "valu") + class_count(&d, "vopd");
    /* 4 workgroups x 4 waves x 32 tiles x 8 k x 64 pairs */
    ck_assert_uint_eq(d.vopd_pairs, 4 * 4 * 32 * 8 * 64);
    ck_assert_msg(d.vopd_pairs * 100 >= valu * 85, "%llu VOPD of %llu VALU",
                  (unsigned long long)d.vopd_pairs, (unsigned long long)valu);
    ck_assert_uint_le(d.vgprs_allocated, 224);
}
END_TEST

/* matmul_f16: one WMMA per 16x16x16 product; attention: 2·D/16 WMMAs per
 * 32-key block for Sᵀ and as many for Oᵀ. */
START_TEST(wmma_counts)
{
    struct amdpm4_dispatch_stats d;

    loop_delta(KERN_OP_MATMUL_F16, "m=256 n=256 k=256", "m=256 n=256 k=512", &d);
    ck_assert_uint_eq(d.wmma_ops, (256 / 16) * (256 / 16) * (256 / 16));
    loop_delta(KERN_OP_ATTENTION_F16, "batch=1 heads=1 seq=64 seq-kv=128 dim=128",
               "batch=1 heads=1 seq=64 seq-kv=256 dim=128", &d);
    /* 4 waves x 4 more blocks x (16 + 16) */
    ck_assert_uint_eq(d.wmma_ops, 4 * 4 * (2 * 128 / 16 + 2 * 128 / 16));
}
END_TEST

/* README.md's instruction-mix table is what the kernels do now: the same
 * rows tests/bench_kernels.c prints, digit for digit. */
START_TEST(readme_mix_table_is_current)
{
    FILE *f = fopen("README.md", "r");
    static char text[1 << 16];
    char line[2048], *begin, *end, *cur;
    size_t n;
    amdpm4_device *dev = NULL;
    amdpm4_queue *q = NULL;

    ck_assert_msg(f, "README.md not found (run from the source tree)");
    n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    begin = strstr(text, "<!-- kernel-mix: begin -->\n");
    end = strstr(text, "<!-- kernel-mix: end -->");
    ck_assert_msg(begin && end && begin < end, "README.md has no kernel-mix markers");
    cur = begin + strlen("<!-- kernel-mix: begin -->\n");
    ck_assert_msg(amdpm4_device_open(0, &dev) == 0, "%s", amdpm4_last_error());
    ck_assert_msg(amdpm4_queue_create(dev, AMDPM4_QUEUE_COMPUTE, &q) == 0, "%s",
                  amdpm4_last_error());
    kern_mix_format_header(line, sizeof(line));
    for (unsigned i = 0; i <= kern_mix_table_count(); i++) {
        size_t len;

        if (i > 0) {
            struct kern_shape sh;
            struct kern_mix m;
            ck_assert_int_eq(kern_mix_table_shape(i - 1, &sh), 0);
            ck_assert_msg(kern_mix_measure(dev, q, &sh, SEED, &m) == 0, "%s",
                          amdpm4_last_error());
            kern_mix_format_row(&m, line, sizeof(line));
        }
        len = strlen(line);
        ck_assert_msg(cur + len < end && !strncmp(cur, line, len) && cur[len] == '\n',
                      "README.md's table is stale; `make bench` prints the current row:\n%s",
                      line);
        cur += len + 1;
    }
    ck_assert_msg(cur == end, "README.md's table has rows the kernels suite does not know");
    amdpm4_queue_destroy(q);
    amdpm4_device_close(dev);
}
END_TEST

Suite *kernels_suite(void);
Suite *kernels_suite(void)
{
    /* The "plan" tests need no device; the others run kernels with strict
     * waitcnt, a few seconds each at most on 2 host cores. */
    const struct {
        const char *name;
        bool runs_kernels;
        const TTest *tests[6];
    } cases[] = {
        {"plan", false, {plan_matmul_f32_grid_and_kernarg, plan_matmul_f16_and_attention_kernargs,
                         plan_memory_and_empty, plan_refusals, kernels_declare_their_resources}},
        {"memory", true, {copy_and_fill_any_size_any_placement, copy_and_fill_grid_stride,
                          empty_one_wave_per_dispatch, run_refusals}},
        {"matmul", true, {matmul_f32_shapes, matmul_f32_multi_workgroup, matmul_f16_shapes,
                          matmul_f16_multi_workgroup}},
        {"attention", true, {attention_shapes}},
        {"mix", true, {matmul_f32_main_loop_is_dual_issue, wmma_counts,
                       readme_mix_table_is_current}},
    };
    Suite *s = suite_create("kernels");

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        TCase *tc = tcase_create(cases[i].name);
        if (cases[i].runs_kernels) {
            tcase_add_checked_fixture(tc, strict_waitcnt, NULL);
            tcase_set_timeout(tc, 60);
        }
        for (size_t k = 0; k < 6 && cases[i].tests[k]; k++)
            tcase_add_test(tc, cases[i].tests[k]);
        suite_add_tcase(s, tc);
    }
    return s;
}
