/* tests/check_ops.c — op definitions (kernels/ops.h): names, shape flags
 * and validation, arguments and counts, the seeded generator, fp16
 * conversion, the CPU reference against hand-computed results, the
 * tolerances, and the comparison.  Expected values are literals worked out
 * by hand or with an independent script, never with the code under test. */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "amdpm4.h"
#include "kernels/ops.h"

/* ---------------------------------------------------------------- names */

START_TEST(op_names)
{
    enum kern_op op;

    ck_assert_str_eq(kern_op_name(KERN_OP_MATMUL_F32), "matmul_f32");
    ck_assert_str_eq(kern_op_name(KERN_OP_ATTENTION_F16), "attention_f16");
    ck_assert_ptr_null(kern_op_name(KERN_OP_COUNT));
    ck_assert_int_eq(kern_op_from_name("matmul_f16", &op), 0);
    ck_assert_int_eq(op, KERN_OP_MATMUL_F16);
    ck_assert_int_eq(kern_op_from_name("empty", &op), 0);
    ck_assert_int_eq(op, KERN_OP_EMPTY);
    ck_assert_int_eq(kern_op_from_name("gemm", &op), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "unknown op 'gemm' (ops: matmul_f32, matmul_f16, "
                                          "attention_f16, copy, fill, empty)");
    ck_assert_int_eq(kern_op_from_name(NULL, &op), -EINVAL);
    ck_assert_str_eq(kern_op_usage(KERN_OP_EMPTY), "--count N (1)");
}
END_TEST

/* ---------------------------------------------------------------- shapes */

START_TEST(shape_defaults)
{
    struct kern_shape s;

    ck_assert_int_eq(kern_shape_default(KERN_OP_MATMUL_F16, &s), 0);
    ck_assert_uint_eq(s.mm.m, 256);
    ck_assert_uint_eq(s.mm.n, 256);
    ck_assert_uint_eq(s.mm.k, 256);
    ck_assert_int_eq(s.mm.out, KERN_F32);
    ck_assert_int_eq(kern_shape_default(KERN_OP_ATTENTION_F16, &s), 0);
    ck_assert_uint_eq(s.attn.batch, 1);
    ck_assert_uint_eq(s.attn.heads, 2);
    ck_assert_uint_eq(s.attn.seq, 128);
    ck_assert_uint_eq(s.attn.seq_kv, 128);
    ck_assert_uint_eq(s.attn.dim, 64);
    ck_assert(!s.attn.causal);
    ck_assert(s.attn.scale == 0.125f);
    ck_assert_int_eq(kern_shape_default(KERN_OP_COPY, &s), 0);
    ck_assert_uint_eq(s.mem.bytes, 67108864);
    ck_assert_int_eq(s.mem.placement, KERN_PLACE_VRAM);
    ck_assert_int_eq(kern_shape_default(KERN_OP_EMPTY, &s), 0);
    ck_assert_uint_eq(s.count, 1);
    ck_assert_int_eq(kern_shape_default(KERN_OP_COUNT, &s), -EINVAL);
}
END_TEST

START_TEST(shape_flags)
{
    struct kern_shape s;
    char buf[160];

    kern_shape_default(KERN_OP_MATMUL_F32, &s);
    ck_assert_int_eq(kern_shape_set(&s, "m", "300"), 0);
    ck_assert_int_eq(kern_shape_set(&s, "n", "200"), 0);
    ck_assert_int_eq(kern_shape_set(&s, "k", "100"), 0);
    kern_shape_str(&s, buf, sizeof(buf));
    ck_assert_str_eq(buf, "m=300 n=200 k=100");
    ck_assert_int_eq(kern_shape_set(&s, "k", "4294967295"), 0);
    ck_assert_uint_eq(s.mm.k, 4294967295u);

    kern_shape_default(KERN_OP_MATMUL_F16, &s);
    ck_assert_int_eq(kern_shape_set(&s, "out", "f16"), 0);
    ck_assert_int_eq(s.mm.out, KERN_F16);
    ck_assert(kern_shape_flag_has_value(KERN_OP_MATMUL_F16, "out"));
    ck_assert(!kern_shape_flag_has_value(KERN_OP_MATMUL_F32, "out"));

    /* seq-kv and scale follow seq and dim until given */
    kern_shape_default(KERN_OP_ATTENTION_F16, &s);
    ck_assert_int_eq(kern_shape_set(&s, "seq", "100"), 0);
    ck_assert_uint_eq(s.attn.seq_kv, 100);
    ck_assert_int_eq(kern_shape_set(&s, "seq-kv", "77"), 0);
    ck_assert_int_eq(kern_shape_set(&s, "seq", "50"), 0);
    ck_assert_uint_eq(s.attn.seq, 50);
    ck_assert_uint_eq(s.attn.seq_kv, 77);
    ck_assert_int_eq(kern_shape_set(&s, "dim", "128"), 0);
    ck_assert(s.attn.scale == 0.0883883461f);   /* 1/sqrt(128) rounded to fp32 */
    ck_assert_int_eq(kern_shape_set(&s, "scale", "0.5"), 0);
    ck_assert_int_eq(kern_shape_set(&s, "dim", "64"), 0);
    ck_assert(s.attn.scale == 0.5f);
    ck_assert(!kern_shape_flag_has_value(KERN_OP_ATTENTION_F16, "causal"));
    ck_assert_int_eq(kern_shape_set(&s, "causal", NULL), 0);
    ck_assert(s.attn.causal);
    kern_shape_str(&s, buf, sizeof(buf));
    ck_assert_str_eq(buf, "batch=1 heads=2 seq=50 seq_kv=77 dim=64 causal=1 scale=0.5");

    kern_shape_default(KERN_OP_COPY, &s);
    ck_assert_int_eq(kern_shape_set(&s, "bytes", "1k"), 0);
    ck_assert_uint_eq(s.mem.bytes, 1024);
    ck_assert_int_eq(kern_shape_set(&s, "bytes", "3M"), 0);
    ck_assert_uint_eq(s.mem.bytes, 3145728);
    ck_assert_int_eq(kern_shape_set(&s, "bytes", "2G"), 0);
    ck_assert_uint_eq(s.mem.bytes, 2147483648u);
    ck_assert_int_eq(kern_shape_set(&s, "bytes", "17"), 0);
    ck_assert_uint_eq(s.mem.bytes, 17);
    ck_assert_int_eq(kern_shape_set(&s, "placement", "vis-vram"), 0);
    ck_assert_int_eq(s.mem.placement, KERN_PLACE_VIS_VRAM);
    kern_shape_str(&s, buf, sizeof(buf));
    ck_assert_str_eq(buf, "bytes=17 placement=vis-vram");
}
END_TEST

START_TEST(shape_flag_errors)
{
    struct kern_shape s;

    kern_shape_default(KERN_OP_MATMUL_F32, &s);
    ck_assert_int_eq(kern_shape_set(&s, "m", "0"), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "--m 0: every size must be at least 1");
    ck_assert_int_eq(kern_shape_set(&s, "m", "12x"), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "--m '12x': not an unsigned decimal number");
    ck_assert_int_eq(kern_shape_set(&s, "m", "-5"), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "m", ""), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "m", "4294967296"), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "--m 4294967296: too large (at most 4294967295)");
    ck_assert_int_eq(kern_shape_set(&s, "m", "99999999999999999999999"), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "m", NULL), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "--m needs a value");
    ck_assert_uint_eq(s.mm.m, 256);         /* untouched by the failures */
    ck_assert_int_eq(kern_shape_set(&s, "out", "f16"), -ENOENT);
    ck_assert_str_eq(amdpm4_last_error(), "matmul_f32 has no flag --out (its flags: --m --n --k)");

    kern_shape_default(KERN_OP_MATMUL_F16, &s);
    ck_assert_int_eq(kern_shape_set(&s, "out", "bf16"), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "--out 'bf16': must be f32 or f16");

    kern_shape_default(KERN_OP_ATTENTION_F16, &s);
    ck_assert_int_eq(kern_shape_set(&s, "dim", "96"), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "--dim '96': must be 64 or 128");
    ck_assert_int_eq(kern_shape_set(&s, "causal", "yes"), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "seq-kv", "0"), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "scale", "0"), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "scale", "nan"), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "scale", "1e99"), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "scale", "1e-50"), -EINVAL);   /* 0 in fp32 */
    ck_assert_int_eq(kern_shape_set(&s, "scale", "0.1x"), -EINVAL);

    kern_shape_default(KERN_OP_FILL, &s);
    ck_assert_int_eq(kern_shape_set(&s, "bytes", "0"), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "bytes", "0k"), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "bytes", "k"), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "bytes", "1T"), -EINVAL);
    ck_assert_int_eq(kern_shape_set(&s, "bytes", "262145G"), -EINVAL);     /* > 2^48 */
    ck_assert_int_eq(kern_shape_set(&s, "bytes", "262144G"), 0);           /* = 2^48 */
    ck_assert_int_eq(kern_shape_set(&s, "placement", "sram"), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "--placement 'sram': must be vram, vis-vram or gtt");

    kern_shape_default(KERN_OP_EMPTY, &s);
    ck_assert_int_eq(kern_shape_set(&s, "m", "4"), -ENOENT);
    ck_assert_int_eq(kern_shape_set(&s, "count", "0"), -EINVAL);
}
END_TEST

START_TEST(shape_validate)
{
    struct kern_shape s;

    kern_shape_default(KERN_OP_MATMUL_F32, &s);
    ck_assert_int_eq(kern_shape_validate(&s), 0);
    s.mm.n = 0;
    ck_assert_int_eq(kern_shape_validate(&s), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "n is 0: every size must be at least 1");
    s.mm.n = 1;
    s.mm.out = KERN_F16;
    ck_assert_int_eq(kern_shape_validate(&s), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "matmul_f32 cannot write f16 output");

    /* 2^24 · 2^24 fp32 = 2^50 bytes: beyond the 48-bit address space */
    kern_shape_default(KERN_OP_MATMUL_F32, &s);
    s.mm.m = 1u << 24;
    s.mm.k = 1u << 24;
    ck_assert_int_eq(kern_shape_validate(&s), -EOVERFLOW);
    ck_assert_str_eq(amdpm4_last_error(),
                     "A[M,K] would need more than 2^48 bytes (the GPU address space)");
    /* 2^23 · 2^23 fp32 = 2^48 bytes: just fits */
    s.mm.m = 1u << 23;
    s.mm.k = 1u << 23;
    s.mm.n = 1;
    ck_assert_int_eq(kern_shape_validate(&s), 0);

    /* every dimension at its maximum: the element count overflows 64 bits */
    kern_shape_default(KERN_OP_ATTENTION_F16, &s);
    s.attn.batch = s.attn.heads = s.attn.seq = UINT32_MAX;
    ck_assert_int_eq(kern_shape_validate(&s), -EOVERFLOW);
    ck_assert_str_eq(amdpm4_last_error(), "Q[B,H,Sq,D]: element count overflows 64 bits");

    kern_shape_default(KERN_OP_ATTENTION_F16, &s);
    s.attn.dim = 32;
    ck_assert_int_eq(kern_shape_validate(&s), -EINVAL);
    s.attn.dim = 64;
    s.attn.scale = -1;
    ck_assert_int_eq(kern_shape_validate(&s), -EINVAL);
    s.attn.scale = 1;
    s.attn.seq_kv = 0;
    ck_assert_int_eq(kern_shape_validate(&s), -EINVAL);

    kern_shape_default(KERN_OP_COPY, &s);
    s.mem.bytes = (UINT64_C(1) << 48) + 1;
    ck_assert_int_eq(kern_shape_validate(&s), -EOVERFLOW);
    s.op = KERN_OP_COUNT;
    ck_assert_int_eq(kern_shape_validate(&s), -EINVAL);
}
END_TEST

/* ---------------------------------------------------------------- arguments */

START_TEST(args_layout)
{
    struct kern_shape s;
    struct kern_arg a[KERN_MAX_ARGS];
    unsigned n;

    kern_shape_default(KERN_OP_MATMUL_F16, &s);
    s.mm.m = 3;
    s.mm.n = 5;
    s.mm.k = 7;
    s.mm.out = KERN_F16;
    ck_assert_int_eq(kern_op_args(&s, a, &n), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(a[0].name, "A");
    ck_assert_int_eq(a[0].dir, KERN_ARG_IN);
    ck_assert_int_eq(a[0].dtype, KERN_F16);
    ck_assert_uint_eq(a[0].size_bytes, 42);
    ck_assert_str_eq(a[1].dim_names, "K,N");
    ck_assert_uint_eq(a[1].dims[0], 7);
    ck_assert_uint_eq(a[1].dims[1], 5);
    ck_assert_uint_eq(a[1].size_bytes, 70);
    ck_assert_str_eq(a[2].name, "C");
    ck_assert_int_eq(a[2].dir, KERN_ARG_OUT);
    ck_assert_uint_eq(a[2].size_bytes, 30);
    ck_assert_uint_eq(a[2].row_elems, 5);

    kern_shape_default(KERN_OP_ATTENTION_F16, &s);
    s.attn.batch = 2;
    s.attn.heads = 3;
    s.attn.seq = 5;
    s.attn.seq_kv = 7;
    s.attn.dim = 128;
    ck_assert_int_eq(kern_op_args(&s, a, &n), 0);
    ck_assert_uint_eq(n, 5);
    ck_assert_str_eq(a[0].name, "Q");
    ck_assert_uint_eq(a[0].size_bytes, 2 * 3 * 5 * 128 * 2);
    ck_assert_str_eq(a[1].name, "K");
    ck_assert_uint_eq(a[1].size_bytes, 2 * 3 * 7 * 128 * 2);
    ck_assert_str_eq(a[2].name, "V");
    ck_assert_str_eq(a[3].name, "O");
    ck_assert_uint_eq(a[3].row_elems, 128);
    ck_assert_str_eq(a[4].name, "LSE");
    ck_assert_int_eq(a[4].dtype, KERN_F32);
    ck_assert_uint_eq(a[4].size_bytes, 2 * 3 * 5 * 4);
    ck_assert_uint_eq(a[4].rank, 3);

    kern_shape_default(KERN_OP_FILL, &s);
    s.mem.bytes = 13;
    ck_assert_int_eq(kern_op_args(&s, a, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(a[0].name, "dst");
    ck_assert_uint_eq(a[0].size_bytes, 13);

    kern_shape_default(KERN_OP_EMPTY, &s);
    ck_assert_int_eq(kern_op_args(&s, a, &n), 0);
    ck_assert_uint_eq(n, 0);

    kern_shape_default(KERN_OP_MATMUL_F32, &s);
    s.mm.k = 0;
    ck_assert_int_eq(kern_op_args(&s, a, &n), -EINVAL);
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(counts)
{
    struct kern_shape s;

    kern_shape_default(KERN_OP_MATMUL_F32, &s);
    s.mm.m = 300;
    s.mm.n = 200;
    s.mm.k = 100;
    ck_assert(kern_op_flops(&s) == 12000000.0);
    ck_assert_uint_eq(kern_op_traffic_bytes(&s), 4 * (300 * 100 + 100 * 200 + 300 * 200));
    s.mm.m = s.mm.n = s.mm.k = UINT32_MAX;     /* 2·(2^32-1)^3: beyond 64 bits */
    ck_assert(kern_op_flops(&s) > 1.5e29);

    kern_shape_default(KERN_OP_ATTENTION_F16, &s);
    s.attn.batch = 2;
    s.attn.heads = 3;
    s.attn.seq = 4;
    s.attn.seq_kv = 4;
    ck_assert(kern_op_flops(&s) == 4.0 * 64 * 6 * 16);
    /* causal, Sq = Skv = 4: rows see 1, 2, 3, 4 keys */
    s.attn.causal = true;
    ck_assert(kern_op_flops(&s) == 4.0 * 64 * 6 * 10);
    /* causal, Sq = 6, Skv = 4: rows see 0, 0, 1, 2, 3, 4 keys */
    s.attn.seq = 6;
    ck_assert(kern_op_flops(&s) == 4.0 * 64 * 6 * 10);
    /* causal, Sq = 3, Skv = 5: rows see 3, 4, 5 keys */
    s.attn.seq = 3;
    s.attn.seq_kv = 5;
    ck_assert(kern_op_flops(&s) == 4.0 * 64 * 6 * 12);
    ck_assert_uint_eq(kern_op_traffic_bytes(&s),
                      6 * (3 * 64 * 2 + 2 * 5 * 64 * 2 + 3 * 64 * 2 + 3 * 4));

    kern_shape_default(KERN_OP_COPY, &s);
    s.mem.bytes = 1000;
    ck_assert(kern_op_flops(&s) == 0);
    ck_assert_uint_eq(kern_op_traffic_bytes(&s), 2000);
    s.op = KERN_OP_FILL;
    ck_assert_uint_eq(kern_op_traffic_bytes(&s), 1000);
    kern_shape_default(KERN_OP_EMPTY, &s);
    ck_assert_uint_eq(kern_op_traffic_bytes(&s), 0);
}
END_TEST

/* ---------------------------------------------------------------- inputs */

/* Expected values from an independent script implementing the generator
 * as ops.h documents it. */
START_TEST(generator)
{
    struct kern_shape s;
    float f32[2];
    uint16_t f16[1];
    uint8_t u8[4];

    ck_assert_uint_eq(kern_rand_u64(1, 0, 0), UINT64_C(0x8522e150cb02e1da));
    ck_assert_uint_eq(kern_rand_u64(1, 0, 1), UINT64_C(0x077ca23776407269));
    ck_assert_uint_eq(kern_rand_u64(1, 1, 0), UINT64_C(0xb6bc1ac3d5e5c211));
    ck_assert_uint_eq(kern_rand_u64(42, 2, 12345), UINT64_C(0xb81c897a25cc7d8a));
    ck_assert_uint_eq(kern_fill_pattern(1), 0xa5af6778u);
    ck_assert_uint_eq(kern_fill_pattern(7), 0xa72d6eeeu);

    kern_shape_default(KERN_OP_MATMUL_F32, &s);
    s.mm.m = 1;
    s.mm.k = 2;
    ck_assert_int_eq(kern_generate(&s, 1, 0, f32), 0);
    ck_assert(f32[0] == 336609.0f / 8388608.0f);       /* 0x0522e1 · 2^-23 */
    ck_assert(f32[1] == -7897950.0f / 8388608.0f);     /* (0x077ca2 - 2^23) · 2^-23 */
    ck_assert_int_eq(kern_generate(&s, 1, 2, f32), -EINVAL);   /* C is an output */
    ck_assert_int_eq(kern_generate(&s, 1, 3, f32), -EINVAL);

    kern_shape_default(KERN_OP_MATMUL_F16, &s);
    s.mm.k = 1;
    s.mm.n = 1;
    ck_assert_int_eq(kern_generate(&s, 1, 1, f16), 0);
    ck_assert_uint_eq(f16[0], 0x36d4);                  /* 437/1024 */

    kern_shape_default(KERN_OP_COPY, &s);
    s.mem.bytes = 4;
    ck_assert_int_eq(kern_generate(&s, 1, 0, u8), 0);
    ck_assert_uint_eq(u8[0], 0x85);
    ck_assert_uint_eq(u8[1], 0x07);
    ck_assert_uint_eq(u8[2], 0x5b);
    ck_assert_uint_eq(u8[3], 0x80);
}
END_TEST

START_TEST(bufs_alloc)
{
    struct kern_shape s;
    struct kern_bufs a, b;

    kern_shape_default(KERN_OP_ATTENTION_F16, &s);
    s.attn.seq = 3;
    s.attn.seq_kv = 5;
    ck_assert_int_eq(kern_bufs_alloc(&s, 9, &a), 0);
    ck_assert_int_eq(kern_bufs_alloc(&s, 9, &b), 0);
    ck_assert_uint_eq(a.n, 5);
    for (unsigned i = 0; i < 3; i++)
        ck_assert_mem_eq(a.data[i], b.data[i], a.arg[i].size_bytes);
    for (unsigned i = 3; i < 5; i++)
        for (uint64_t j = 0; j < a.arg[i].size_bytes; j++)
            ck_assert_uint_eq(((uint8_t *)a.data[i])[j], KERN_POISON_BYTE);
    kern_bufs_free(&b);
    ck_assert_int_eq(kern_bufs_alloc(&s, 10, &b), 0);
    ck_assert(memcmp(a.data[0], b.data[0], a.arg[0].size_bytes) != 0);
    kern_bufs_free(&a);
    kern_bufs_free(&b);
    kern_bufs_free(&b);     /* twice is harmless */

    s.attn.dim = 7;
    ck_assert_int_eq(kern_bufs_alloc(&s, 1, &a), -EINVAL);
    ck_assert_uint_eq(a.n, 0);
}
END_TEST

/* A shape edited after allocation must not make anyone read past a buffer. */
START_TEST(bufs_mismatch)
{
    struct kern_shape s;
    struct kern_bufs b;
    struct kern_cmp c[KERN_MAX_ARGS];
    double want[64], tol[64];
    unsigned n;
    void *saved;

    kern_shape_default(KERN_OP_MATMUL_F32, &s);
    s.mm.m = s.mm.n = s.mm.k = 4;
    ck_assert_int_eq(kern_bufs_alloc(&s, 1, &b), 0);
    ck_assert_int_eq(kern_bufs_match(&b), 0);
    b.shape.mm.k = 5;
    ck_assert_int_eq(kern_bufs_match(&b), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(),
                     "argument A: buffer of 64 bytes does not match the shape (80 bytes)");
    ck_assert_int_eq(kern_reference_rows(&b, 0, 1, (double *[]){want}, (double *[]){tol}),
                     -EINVAL);
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), -EINVAL);
    b.shape.mm.k = 4;
    b.shape.op = KERN_OP_FILL;      /* 1 buffer expected, 3 given */
    ck_assert_int_eq(kern_bufs_match(&b), -EINVAL);
    b.shape.op = KERN_OP_MATMUL_F32;
    saved = b.data[0];
    b.data[0] = NULL;
    ck_assert_int_eq(kern_bufs_match(&b), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "argument A has no host buffer");
    b.data[0] = saved;
    kern_bufs_free(&b);
}
END_TEST

/* ---------------------------------------------------------------- fp16 */

START_TEST(f16_conversion)
{
    ck_assert_uint_eq(kern_f16_from_f64(1.0), 0x3c00);
    ck_assert_uint_eq(kern_f16_from_f64(-2.0), 0xc000);
    ck_assert_uint_eq(kern_f16_from_f64(0.0), 0x0000);
    ck_assert_uint_eq(kern_f16_from_f64(-0.0), 0x8000);
    ck_assert_uint_eq(kern_f16_from_f64(65504.0), 0x7bff);
    ck_assert_uint_eq(kern_f16_from_f64(65519.99), 0x7bff);
    ck_assert_uint_eq(kern_f16_from_f64(65520.0), 0x7c00);     /* ties to even: inf */
    ck_assert_uint_eq(kern_f16_from_f64(-1e10), 0xfc00);
    ck_assert_uint_eq(kern_f16_from_f64(INFINITY), 0x7c00);
    ck_assert_uint_eq(kern_f16_from_f64(NAN), 0x7e00);
    ck_assert_uint_eq(kern_f16_from_f64(0x1p-14), 0x0400);     /* smallest normal */
    ck_assert_uint_eq(kern_f16_from_f64(0x1p-24), 0x0001);     /* smallest subnormal */
    ck_assert_uint_eq(kern_f16_from_f64(0x1p-25), 0x0000);     /* tie to even: 0 */
    ck_assert_uint_eq(kern_f16_from_f64(0x3p-26), 0x0001);     /* 0.75 step: up */
    ck_assert_uint_eq(kern_f16_from_f64(0x3p-25), 0x0002);     /* 1.5 steps: tie to 2 */
    ck_assert_uint_eq(kern_f16_from_f64(0x1.ff8p-15), 0x03ff); /* largest subnormal */
    ck_assert_uint_eq(kern_f16_from_f64(0x1.ffcp-15), 0x0400); /* 1023.5 steps: tie to even */
    ck_assert_uint_eq(kern_f16_from_f64(0x1.ffap-15), 0x03ff); /* 1023.25 steps: down */
    ck_assert_uint_eq(kern_f16_from_f64(1.0 + 0x1p-11), 0x3c00);  /* tie to even */
    ck_assert_uint_eq(kern_f16_from_f64(1.0 + 0x3p-11), 0x3c02);  /* tie to even (up) */
    ck_assert_uint_eq(kern_f16_from_f64(0x1.ffep0), 0x4000);   /* carries into exponent */
    ck_assert_uint_eq(kern_f16_from_f64(0.1), 0x2e66);

    ck_assert(kern_f16_to_f64(0x3c00) == 1.0);
    ck_assert(kern_f16_to_f64(0xc000) == -2.0);
    ck_assert(kern_f16_to_f64(0x7bff) == 65504.0);
    ck_assert(kern_f16_to_f64(0x0001) == 0x1p-24);
    ck_assert(kern_f16_to_f64(0x03ff) == 0x1.ff8p-15);
    ck_assert(kern_f16_to_f64(0x2e66) == 0x1.998p-4);
    ck_assert(isinf(kern_f16_to_f64(0xfc00)) && kern_f16_to_f64(0xfc00) < 0);
    ck_assert(isnan(kern_f16_to_f64(0x7e00)));
    ck_assert(signbit(kern_f16_to_f64(0x8000)));
    /* every finite pattern survives the round trip */
    for (unsigned h = 0; h < 65536; h++)
        if ((h & 0x7c00) != 0x7c00)
            ck_assert_uint_eq(kern_f16_from_f64(kern_f16_to_f64((uint16_t)h)), h);
}
END_TEST

/* ---------------------------------------------------------------- reference */

static void bufs_for(struct kern_bufs *b, const struct kern_shape *s)
{
    ck_assert_int_eq(kern_bufs_alloc(s, 1, b), 0);
}

START_TEST(ref_matmul_f32_by_hand)
{
    struct kern_shape s;
    struct kern_bufs b;
    double want[4], tol[4];
    const float A[] = {1, 2, 3, 4}, B[] = {5, 6, 7, -8};

    kern_shape_default(KERN_OP_MATMUL_F32, &s);
    s.mm.m = s.mm.n = s.mm.k = 2;
    bufs_for(&b, &s);
    memcpy(b.data[0], A, sizeof(A));
    memcpy(b.data[1], B, sizeof(B));
    ck_assert_int_eq(kern_reference_rows(&b, 0, 2, (double *[]){want}, (double *[]){tol}), 0);
    ck_assert(want[0] == 19 && want[1] == -10 && want[2] == 43 && want[3] == -14);
    /* K = 2: the worst-case bound gamma_2 = 2u/(1-2u), u = 2^-23, times
     * Σ|a·b| (19, 22, 43, 50) */
    ck_assert_double_eq_tol(tol[0], 19 * 2.384186359449949e-07, 1e-20);
    ck_assert_double_eq_tol(tol[1], 22 * 2.384186359449949e-07, 1e-20);
    ck_assert_double_eq_tol(tol[3], 50 * 2.384186359449949e-07, 1e-20);
    /* one row alone */
    ck_assert_int_eq(kern_reference_rows(&b, 1, 1, (double *[]){want}, (double *[]){tol}), 0);
    ck_assert(want[0] == 43 && want[1] == -14);
    ck_assert_int_eq(kern_reference_rows(&b, 1, 2, (double *[]){want}, (double *[]){tol}),
                     -EINVAL);
    kern_bufs_free(&b);
}
END_TEST

START_TEST(ref_matmul_tolerance_grows_with_k)
{
    struct kern_shape s;
    struct kern_bufs b;
    double want, tol;

    /* 1×1×4096, A = B = 1/2: Σ|a·b| = 1024.  The probabilistic bound
     * expm1(8·√4096·u + 4096·u²/(1-u)) = 6.103707714426609e-05 is below
     * gamma_4096 = 4.9e-4 and is the one used. */
    kern_shape_default(KERN_OP_MATMUL_F16, &s);
    s.mm.m = s.mm.n = 1;
    s.mm.k = 4096;
    bufs_for(&b, &s);
    for (unsigned k = 0; k < 4096; k++) {
        ((uint16_t *)b.data[0])[k] = 0x3800;    /* 0.5 */
        ((uint16_t *)b.data[1])[k] = 0x3800;
    }
    ck_assert_int_eq(kern_reference_rows(&b, 0, 1, (double *[]){&want}, (double *[]){&tol}), 0);
    ck_assert(want == 1024);
    ck_assert_double_eq_tol(tol, 1024 * 6.103707714426609e-05, 1e-12);
    /* fp16 output adds one fp16 ulp of the result and the subnormal step:
     * tol·(1 + 2^-10) + 2^-10·1024 + 2^-24 */
    kern_bufs_free(&b);
    s.mm.out = KERN_F16;
    bufs_for(&b, &s);
    for (unsigned k = 0; k < 4096; k++) {
        ((uint16_t *)b.data[0])[k] = 0x3800;
        ((uint16_t *)b.data[1])[k] = 0x3800;
    }
    ck_assert_int_eq(kern_reference_rows(&b, 0, 1, (double *[]){&want}, (double *[]){&tol}), 0);
    ck_assert_double_eq_tol(tol, 1024 * 6.103707714426609e-05 * (1 + 0x1p-10) + 1 + 0x1p-24,
                            1e-12);
    kern_bufs_free(&b);
}
END_TEST

/* One query, two keys, D = 64, scale 1: s = (0, 1), so the weights are
 * 1/(1+e) and e/(1+e). */
START_TEST(ref_attention_by_hand)
{
    struct kern_shape s;
    struct kern_bufs b;
    double o[64], to[64], lse, tl;
    uint16_t *q, *k, *v;

    kern_shape_default(KERN_OP_ATTENTION_F16, &s);
    s.attn.heads = 1;
    s.attn.seq = 1;
    s.attn.seq_kv = 2;
    s.attn.scale = 1;
    bufs_for(&b, &s);
    q = b.data[0];
    k = b.data[1];
    v = b.data[2];
    memset(q, 0, 64 * 2);
    memset(k, 0, 2 * 64 * 2);
    memset(v, 0, 2 * 64 * 2);
    q[0] = 0x3c00;          /* q = e0 */
    k[64] = 0x3c00;         /* k1 = e0: s1 = 1; k0 = 0: s0 = 0 */
    v[0] = 0x3c00;          /* v0 = e0 */
    v[64 + 1] = 0xc000;     /* v1 = -2·e1 */
    ck_assert_int_eq(kern_reference_rows(&b, 0, 1, (double *[]){o, &lse},
                                         (double *[]){to, &tl}), 0);
    ck_assert_double_eq_tol(o[0], 0.2689414213699951, 1e-15);           /* 1/(1+e) */
    ck_assert_double_eq_tol(o[1], -2 * 0.7310585786300049, 1e-15);      /* -2e/(1+e) */
    ck_assert(o[2] == 0 && o[63] == 0);
    ck_assert_double_eq_tol(lse, 1.3132616875182228, 1e-15);            /* ln(1+e) */
    /* the fp16 terms dominate the tolerance: about 2·2^-10 of A_d, more
     * than one fp16 ulp of the result, far less than the result */
    ck_assert(to[0] > 2 * 0x1p-10 * 0.2689 && to[0] < 0.01);
    ck_assert(to[2] == 0x1p-24);        /* A_2 = 0, O = 0: only the subnormal step */
    ck_assert(tl > 0x1p-10 && tl < 0.01);
    kern_bufs_free(&b);
}
END_TEST

/* Causal with Sq = 2 > Skv = 1, one head: query 0 sees keys
 * j <= 0 + 1 - 2 = -1, none; query 1 sees key 0 alone. */
static void causal_empty_row(struct kern_bufs *b, float scale)
{
    struct kern_shape s;

    kern_shape_default(KERN_OP_ATTENTION_F16, &s);
    s.attn.heads = 1;
    s.attn.seq = 2;
    s.attn.seq_kv = 1;
    s.attn.causal = true;
    s.attn.scale = scale;
    bufs_for(b, &s);
}

/* The empty row: O = 0 and LSE = -inf exactly; the other: O = V0 and
 * LSE = s0. */
START_TEST(ref_attention_causal_empty_row)
{
    struct kern_bufs b;
    double o[128], to[128], lse[2], tl[2];
    uint16_t *q, *k, *v;

    causal_empty_row(&b, 0.5f);
    q = b.data[0];
    k = b.data[1];
    v = b.data[2];
    memset(q, 0, 2 * 64 * 2);
    memset(k, 0, 64 * 2);
    q[64] = 0x4000;         /* q1 = 2·e0 */
    k[0] = 0x3e00;          /* k0 = 1.5·e0: s = 0.5 · 3 = 1.5 */
    for (unsigned d = 0; d < 64; d++)
        v[d] = 0x3400;      /* 0.25 */
    ck_assert_int_eq(kern_reference_rows(&b, 0, 2, (double *[]){o, lse},
                                         (double *[]){to, tl}), 0);
    for (unsigned d = 0; d < 64; d++) {
        ck_assert(o[d] == 0 && to[d] == 0);
        ck_assert(o[64 + d] == 0.25);
    }
    ck_assert(isinf(lse[0]) && lse[0] < 0 && tl[0] == 0);
    ck_assert(lse[1] == 1.5);
    kern_bufs_free(&b);
}
END_TEST

START_TEST(ref_copy_fill)
{
    struct kern_shape s;
    struct kern_bufs b;
    double want[6], tol[6];

    kern_shape_default(KERN_OP_FILL, &s);
    s.mem.bytes = 6;
    ck_assert_int_eq(kern_bufs_alloc(&s, 1, &b), 0);
    ck_assert_int_eq(kern_reference_rows(&b, 0, 6, (double *[]){want}, (double *[]){tol}), 0);
    /* pattern 0xa5af6778, little-endian, repeated and cut short */
    ck_assert(want[0] == 0x78 && want[1] == 0x67 && want[2] == 0xaf && want[3] == 0xa5);
    ck_assert(want[4] == 0x78 && want[5] == 0x67);
    ck_assert(tol[0] == 0 && tol[5] == 0);
    kern_bufs_free(&b);

    s.op = KERN_OP_COPY;
    s.mem.bytes = 4;
    ck_assert_int_eq(kern_bufs_alloc(&s, 1, &b), 0);
    ck_assert_int_eq(kern_reference_rows(&b, 1, 3, (double *[]){want}, (double *[]){tol}), 0);
    ck_assert(want[0] == 0x07 && want[1] == 0x5b && want[2] == 0x80);
    kern_bufs_free(&b);
}
END_TEST

/* ---------------------------------------------------------------- comparison */

/* A 3×4×5 fp32 product whose output is set to the correctly rounded
 * reference, then damaged in known places. */
static void matmul_exact(struct kern_bufs *b, enum kern_op op, enum kern_dtype out)
{
    struct kern_shape s;
    double want[12], tol[12];

    kern_shape_default(op, &s);
    s.mm.m = 3;
    s.mm.n = 4;
    s.mm.k = 5;
    s.mm.out = out;
    bufs_for(b, &s);
    ck_assert_int_eq(kern_reference_rows(b, 0, 3, (double *[]){want}, (double *[]){tol}), 0);
    for (unsigned i = 0; i < 12; i++) {
        if (out == KERN_F32)
            ((float *)b->data[2])[i] = (float)want[i];
        else
            ((uint16_t *)b->data[2])[i] = kern_f16_from_f64(want[i]);
    }
}

START_TEST(compare_matmul)
{
    struct kern_bufs b;
    struct kern_cmp c[KERN_MAX_ARGS];
    unsigned n;
    float *C;
    double want[12], tol[12];

    matmul_exact(&b, KERN_OP_MATMUL_F32, KERN_F32);
    C = b.data[2];
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(c[0].arg, "C");
    ck_assert_uint_eq(c[0].n_compared, 12);
    ck_assert_uint_eq(c[0].n_bad, 0);
    ck_assert_uint_eq(c[0].max_ulp, 0);
    ck_assert(c[0].pass && kern_cmp_all_pass(c, n));

    /* one ulp off: still within tolerance, counted in ULPs */
    C[5] = nextafterf(C[5], INFINITY);
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
    ck_assert_uint_eq(c[0].max_ulp, 1);
    ck_assert(c[0].pass);

    /* beyond tolerance at 7 and NaN at 9 */
    kern_reference_rows(&b, 0, 3, (double *[]){want}, (double *[]){tol});
    C[7] = (float)(want[7] + 3 * tol[7] + 1e-3);
    C[9] = NAN;
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
    ck_assert_uint_eq(c[0].n_bad, 2);
    ck_assert(!c[0].pass && !kern_cmp_all_pass(c, n));
    ck_assert_uint_eq(c[0].n_shown, 2);
    ck_assert_uint_eq(c[0].shown[0].index, 7);
    ck_assert(c[0].shown[0].want == want[7]);
    ck_assert(c[0].shown[0].tol == tol[7]);
    ck_assert_uint_eq(c[0].shown[1].index, 9);
    ck_assert(isnan(c[0].shown[1].got));
    ck_assert(isinf(c[0].max_abs_err));
    ck_assert_uint_eq(c[0].max_ulp, UINT64_MAX);

    /* a sample of rows sees only those rows: row 0 is clean */
    ck_assert_int_eq(kern_check(&b, (uint64_t[]){0}, 1, c, &n), 0);
    ck_assert_uint_eq(c[0].n_compared, 4);
    ck_assert(c[0].pass);
    ck_assert_int_eq(kern_check(&b, (uint64_t[]){0, 2}, 2, c, &n), 0);
    ck_assert_uint_eq(c[0].n_compared, 8);
    ck_assert_uint_eq(c[0].n_bad, 1);
    ck_assert_uint_eq(c[0].shown[0].index, 9);
    ck_assert_int_eq(kern_check(&b, (uint64_t[]){2, 0}, 2, c, &n), -EINVAL);
    ck_assert_int_eq(kern_check(&b, (uint64_t[]){3}, 1, c, &n), -EINVAL);
    ck_assert_uint_eq(n, 0);
    kern_bufs_free(&b);

    /* an output nobody wrote is all NaN (poison): everything fails */
    {
        struct kern_shape s;
        kern_shape_default(KERN_OP_MATMUL_F32, &s);
        s.mm.m = 2;
        s.mm.n = 3;
        s.mm.k = 4;
        bufs_for(&b, &s);
        ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
        ck_assert_uint_eq(c[0].n_bad, 6);
        ck_assert_uint_eq(c[0].n_shown, 6);
        kern_bufs_free(&b);
    }
}
END_TEST

START_TEST(compare_f16_output)
{
    struct kern_bufs b;
    struct kern_cmp c[KERN_MAX_ARGS];
    unsigned n;
    uint16_t *C;

    matmul_exact(&b, KERN_OP_MATMUL_F16, KERN_F16);
    C = b.data[2];
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
    ck_assert(c[0].pass);
    ck_assert_uint_eq(c[0].max_ulp, 0);
    /* ULPs count in fp16 units: +3 ulp (in magnitude) */
    C[4] = (uint16_t)(C[4] + 3);
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
    ck_assert_uint_eq(c[0].max_ulp, 3);
    ck_assert(!c[0].pass);      /* 3 fp16 ulps exceed the one allowed */
    ck_assert_uint_eq(c[0].n_bad, 1);
    ck_assert_uint_eq(c[0].shown[0].index, 4);
    kern_bufs_free(&b);
}
END_TEST

START_TEST(compare_bytes_exact)
{
    struct kern_shape s;
    struct kern_bufs b;
    struct kern_cmp c[KERN_MAX_ARGS];
    unsigned n;

    kern_shape_default(KERN_OP_COPY, &s);
    s.mem.bytes = 37;
    bufs_for(&b, &s);
    memcpy(b.data[1], b.data[0], 37);
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
    ck_assert(c[0].pass && !c[0].has_ulp);
    ck_assert_uint_eq(c[0].n_compared, 37);
    ((uint8_t *)b.data[1])[36] ^= 1;
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
    ck_assert_uint_eq(c[0].n_bad, 1);
    ck_assert_uint_eq(c[0].shown[0].index, 36);
    ck_assert(c[0].max_abs_err == 1);
    kern_bufs_free(&b);
}
END_TEST

START_TEST(compare_lse_infinity)
{
    struct kern_bufs b;
    struct kern_cmp c[KERN_MAX_ARGS];
    double o[128], to[128], lse[2], tl[2];
    unsigned n;

    causal_empty_row(&b, 0.125f);       /* row 0: O = 0, LSE = -inf */
    kern_reference_rows(&b, 0, 2, (double *[]){o, lse}, (double *[]){to, tl});
    for (unsigned i = 0; i < 128; i++)
        ((uint16_t *)b.data[3])[i] = kern_f16_from_f64(o[i]);
    ((float *)b.data[4])[0] = -INFINITY;
    ((float *)b.data[4])[1] = (float)lse[1];
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(c[0].arg, "O");
    ck_assert_str_eq(c[1].arg, "LSE");
    ck_assert(c[0].pass && c[1].pass);
    ck_assert(c[1].max_abs_err < 1e-6);
    /* a finite LSE where -inf is expected fails; so does -0 -> +0 in O?
     * no: zeros of either sign are equal values */
    ((float *)b.data[4])[0] = -1e30f;
    ((uint16_t *)b.data[3])[0] = 0x8000;
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
    ck_assert(c[0].pass);
    ck_assert(!c[1].pass);
    ck_assert_uint_eq(c[1].shown[0].index, 0);
    kern_bufs_free(&b);
}
END_TEST

START_TEST(sample_rows)
{
    struct kern_shape s;
    uint64_t rows[16], again[16], n, n2;

    kern_shape_default(KERN_OP_MATMUL_F32, &s);
    s.mm.m = 1000;
    ck_assert_int_eq(kern_sample_rows(&s, 5, 16, rows, &n), 0);
    ck_assert_uint_eq(n, 16);
    ck_assert_uint_eq(rows[0], 0);
    ck_assert_uint_eq(rows[15], 999);
    for (unsigned i = 1; i < 16; i++)
        ck_assert_uint_lt(rows[i - 1], rows[i]);
    ck_assert_int_eq(kern_sample_rows(&s, 5, 16, again, &n2), 0);
    ck_assert_mem_eq(rows, again, sizeof(rows));
    ck_assert_int_eq(kern_sample_rows(&s, 6, 16, again, &n2), 0);
    ck_assert(memcmp(rows, again, sizeof(rows)) != 0);

    s.mm.m = 5;         /* fewer rows than asked: all of them */
    ck_assert_int_eq(kern_sample_rows(&s, 5, 16, rows, &n), 0);
    ck_assert_uint_eq(n, 5);
    ck_assert_uint_eq(rows[4], 4);
    s.mm.m = 3;         /* 2 of 3: first and last */
    ck_assert_int_eq(kern_sample_rows(&s, 5, 2, rows, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(rows[0], 0);
    ck_assert_uint_eq(rows[1], 2);
    s.mm.m = 4;         /* 3 of 4: first, last and one between */
    ck_assert_int_eq(kern_sample_rows(&s, 5, 3, rows, &n), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert(rows[1] == 1 || rows[1] == 2);
    ck_assert_int_eq(kern_sample_rows(&s, 5, 1 << 20, rows, &n), -EINVAL);

    /* dense (600 of 1000) and sparse (600 of 10^6): distinct, ascending */
    {
        uint64_t big[600];
        for (unsigned m = 1000; m <= 1000000; m *= 1000) {
            s.mm.m = m;
            ck_assert_int_eq(kern_sample_rows(&s, 3, 600, big, &n), 0);
            ck_assert_uint_eq(n, 600);
            ck_assert_uint_eq(big[0], 0);
            ck_assert_uint_eq(big[599], m - 1);
            for (unsigned i = 1; i < 600; i++)
                ck_assert_uint_lt(big[i - 1], big[i]);
        }
    }
}
END_TEST

START_TEST(index_str)
{
    struct kern_shape s;
    struct kern_arg a[KERN_MAX_ARGS];
    unsigned n;
    char buf[64];

    kern_shape_default(KERN_OP_ATTENTION_F16, &s);
    s.attn.batch = 2;
    s.attn.heads = 3;
    s.attn.seq = 5;
    kern_op_args(&s, a, &n);
    /* O[1,2,4,63] = ((1·3 + 2)·5 + 4)·64 + 63 */
    kern_index_str(&a[3], ((1 * 3 + 2) * 5 + 4) * 64 + 63, buf, sizeof(buf));
    ck_assert_str_eq(buf, "[1,2,4,63]");
    kern_index_str(&a[4], 7, buf, sizeof(buf));
    ck_assert_str_eq(buf, "[0,1,2]");
    kern_index_str(&a[4], 7, buf, 4);
    ck_assert_str_eq(buf, "[0,");
}
END_TEST

Suite *ops_suite(void);
Suite *ops_suite(void)
{
    Suite *s = suite_create("ops");
    TCase *shape = tcase_create("shape");
    TCase *gen = tcase_create("inputs");
    TCase *ref = tcase_create("reference");
    TCase *cmp = tcase_create("compare");

    tcase_add_test(shape, op_names);
    tcase_add_test(shape, shape_defaults);
    tcase_add_test(shape, shape_flags);
    tcase_add_test(shape, shape_flag_errors);
    tcase_add_test(shape, shape_validate);
    tcase_add_test(shape, args_layout);
    tcase_add_test(shape, counts);
    tcase_add_test(gen, generator);
    tcase_add_test(gen, bufs_alloc);
    tcase_add_test(gen, bufs_mismatch);
    tcase_add_test(gen, f16_conversion);
    tcase_add_test(ref, ref_matmul_f32_by_hand);
    tcase_add_test(ref, ref_matmul_tolerance_grows_with_k);
    tcase_add_test(ref, ref_attention_by_hand);
    tcase_add_test(ref, ref_attention_causal_empty_row);
    tcase_add_test(ref, ref_copy_fill);
    tcase_add_test(cmp, compare_matmul);
    tcase_add_test(cmp, compare_f16_output);
    tcase_add_test(cmp, compare_bytes_exact);
    tcase_add_test(cmp, compare_lse_infinity);
    tcase_add_test(cmp, sample_rows);
    tcase_add_test(cmp, index_str);
    suite_add_tcase(s, shape);
    suite_add_tcase(s, gen);
    suite_add_tcase(s, ref);
    suite_add_tcase(s, cmp);
    return s;
}
