/*
 * kernels/ops.h — what each built-in op computes, independent of any GPU.
 *
 * One definition per op, shared by the PM4 path (the .s kernels and the
 * runtime), the Vulkan reference (vkref/) and the tests:
 *
 *   - the shape: sizes with the defaults of ../shared/design/cli.md, parsed
 *     from "--flag value" pairs and validated (every size >= 1; nothing whose
 *     byte count overflows or exceeds the 48-bit GPU address space);
 *   - the argument buffers: name, direction, element type, dimensions
 *     (row-major, last dimension fastest) and size in bytes, in the order
 *     the kernels bind them;
 *   - seeded inputs, identical on every path (kern_generate);
 *   - the CPU reference in plain C with fp64 accumulation, which yields for
 *     every output element the expected value and its tolerance;
 *   - the comparison: max abs / rel error, ULPs, elements beyond tolerance,
 *     the first few of them, a verdict;
 *   - FLOP and byte counts.
 *
 * No libdrm, no Vulkan: every path can use it.  Functions that can fail
 * return 0 or a negative errno with a message (pm4/log.h).
 */
#ifndef AMDPM4_KERNELS_OPS_H
#define AMDPM4_KERNELS_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kern_op {
#define KERN_OP(id, name, summary) KERN_OP_##id,
#include "kernels/ops.def"
#undef KERN_OP
    KERN_OP_COUNT
};

/* "matmul_f32", ...; NULL for a value outside the enum. */
const char *kern_op_name(enum kern_op op);
/* One line saying what the op computes. */
const char *kern_op_summary(enum kern_op op);
/* The shape flags of the op with their defaults, for --help:
 * "--m M --n N --k K (256 each)". */
const char *kern_op_usage(enum kern_op op);
/* Look an op up by name; -EINVAL (message lists the ops) if unknown. */
int kern_op_from_name(const char *name, enum kern_op *op);

enum kern_dtype {
    KERN_U8,    /* raw bytes: compared bit-exactly */
    KERN_F16,   /* IEEE binary16 */
    KERN_F32,   /* IEEE binary32 */
};
size_t kern_dtype_bytes(enum kern_dtype t);
const char *kern_dtype_name(enum kern_dtype t);

/* Where copy/fill buffers live on the PM4 path (cli.md --placement); the
 * Vulkan path maps it to memory properties (vkref/). */
enum kern_placement {
    KERN_PLACE_VRAM,        /* device memory the CPU cannot see */
    KERN_PLACE_VIS_VRAM,    /* device memory the CPU can map */
    KERN_PLACE_GTT,         /* system memory the GPU reaches over PCIe */
};
const char *kern_placement_name(enum kern_placement p);

/* The largest buffer any op accepts: gfx11 GPU virtual addresses are 48
 * bits, so nothing larger can be mapped. */
#define KERN_MAX_BUFFER_BYTES (UINT64_C(1) << 48)

struct kern_matmul_shape {
    uint32_t m, n, k;
    enum kern_dtype out;        /* KERN_F32, or KERN_F16 (matmul_f16 only) */
};

struct kern_attention_shape {
    uint32_t batch, heads;
    uint32_t seq;               /* Sq: query rows */
    uint32_t seq_kv;            /* Skv: keys/values; follows seq unless given */
    uint32_t dim;               /* D: 64 or 128 */
    bool causal;                /* query i sees keys j <= i + Skv - Sq */
    float scale;                /* softmax scale; follows 1/sqrt(dim) unless given */
};

struct kern_mem_shape {
    uint64_t bytes;
    enum kern_placement placement;
};

/* A shape is always complete: kern_shape_default fills every field, and
 * kern_shape_set keeps derived defaults (seq_kv, scale) in step until they
 * are given explicitly. */
struct kern_shape {
    enum kern_op op;
    struct kern_matmul_shape mm;        /* matmul_f32, matmul_f16 */
    struct kern_attention_shape attn;   /* attention_f16 */
    struct kern_mem_shape mem;          /* copy, fill */
    uint32_t count;                     /* empty: dispatches */
    uint32_t given;                     /* flags set explicitly (internal) */
};

/* The cli.md defaults for op.  -EINVAL for an unknown op. */
int kern_shape_default(enum kern_op op, struct kern_shape *s);

/* Apply one shape flag, named without its dashes ("m", "seq-kv", "causal").
 * value is NULL for switches (causal).  Returns 0; -ENOENT if op has no such
 * flag (the caller may try its own flags; the message names the op's
 * flags); -EINVAL for a bad value (zero, not a number, too large, a dim
 * other than 64/128, ...), with a message naming the flag. */
int kern_shape_set(struct kern_shape *s, const char *flag, const char *value);

/* True if `flag` of op takes a value (false for switches and unknown
 * flags). */
bool kern_shape_flag_has_value(enum kern_op op, const char *flag);

/* 0 if every size is >= 1 and every buffer fits (KERN_MAX_BUFFER_BYTES);
 * else -EINVAL / -EOVERFLOW with a message. */
int kern_shape_validate(const struct kern_shape *s);

/* "m=300 n=200 k=100", "batch=1 heads=2 seq=128 seq_kv=128 dim=64 causal=0
 * scale=0.125", ...; returns what snprintf returns. */
int kern_shape_str(const struct kern_shape *s, char *buf, size_t buf_bytes);

/* ---------------------------------------------------------------- arguments */

#define KERN_MAX_ARGS 5
#define KERN_MAX_RANK 4

enum kern_arg_dir { KERN_ARG_IN, KERN_ARG_OUT };

struct kern_arg {
    const char *name;           /* "A", "B", "C", "Q", "K", "V", "O", "LSE", "src", "dst" */
    enum kern_arg_dir dir;
    enum kern_dtype dtype;
    uint32_t rank;
    uint64_t dims[KERN_MAX_RANK];       /* row-major, dims[rank-1] fastest */
    const char *dim_names;      /* "M,K", "B,H,Sq,D", ... */
    uint64_t elems;             /* product of dims */
    uint64_t size_bytes;        /* elems * element size */
    uint64_t row_elems;         /* outputs: elements per reference row (below) */
};

/* The argument buffers of s, in binding order (inputs first).  Validates s.
 * empty has none (*n_args = 0). */
int kern_op_args(const struct kern_shape *s, struct kern_arg args[KERN_MAX_ARGS],
                 unsigned *n_args);

/* Useful work: 2·M·N·K for matmul; 4·D per visible (query, key) pair for
 * attention (Q·Kᵀ and P·V; causal counts only visible pairs); 0 otherwise.
 * A double: 2·M·N·K overflows 64 bits for the largest valid shapes. */
double kern_op_flops(const struct kern_shape *s);

/* Bytes every implementation must move at least: each input read once,
 * each output written once (copy: 2·bytes; fill: bytes; empty: 0). */
uint64_t kern_op_traffic_bytes(const struct kern_shape *s);

/* ---------------------------------------------------------------- inputs */

/* Input element i of argument `arg` (its index in kern_op_args order) comes
 * from the counter-based generator
 *
 *     key = splitmix64(seed ^ (arg + 1) * 0xD1B54A32D192ED03)
 *     r_i = splitmix64(key + i * 0x9E3779B97F4A7C15)
 *
 * (splitmix64(x): x ^= x >> 30, x *= 0xBF58476D1CE4E5B9, x ^= x >> 27,
 *  x *= 0x94D049BB133111EB, x ^= x >> 31), mapped to
 *
 *     f32: ((r >> 40) - 2^23) / 2^23, in [-1, 1), step 2^-23 (no denormals)
 *     f16: ((r >> 53) - 2^10) / 2^10, in [-1, 1), step 2^-10, exact in fp16
 *     u8:   r >> 56
 *
 * so any element can be produced independently and every path gets the
 * same bits. */
uint64_t kern_rand_u64(uint64_t seed, unsigned arg, uint64_t i);

/* Fill input argument `arg` of s (size args[arg].size_bytes) from seed.
 * -EINVAL for an output argument. */
int kern_generate(const struct kern_shape *s, uint64_t seed, unsigned arg, void *data);

/* fill's 32-bit value: the high 32 bits of kern_rand_u64(seed,
 * KERN_MAX_ARGS, 0), repeated little-endian over the buffer (the last copy
 * cut short when bytes % 4 != 0). */
uint32_t kern_fill_pattern(uint64_t seed);

/* Output buffers start as this byte everywhere (an unwritten float reads
 * as NaN and can never pass). */
#define KERN_POISON_BYTE 0xFF

/* Host buffers for every argument of one run: inputs generated, outputs
 * poisoned. */
struct kern_bufs {
    struct kern_shape shape;
    uint64_t seed;
    unsigned n;
    struct kern_arg arg[KERN_MAX_ARGS];
    void *data[KERN_MAX_ARGS];
};
int kern_bufs_alloc(const struct kern_shape *s, uint64_t seed, struct kern_bufs *b);
void kern_bufs_free(struct kern_bufs *b);
/* 0 if b->shape is valid and b's arguments (count, types, sizes) and data
 * pointers are what it needs; else -EINVAL with a message.  Every user of
 * a kern_bufs calls it first, so a shape edited after allocation cannot
 * make anything read past a buffer. */
int kern_bufs_match(const struct kern_bufs *b);

/* ---------------------------------------------------------------- fp16 */

/* binary16 bits -> value (exact). */
double kern_f16_to_f64(uint16_t h);
/* value -> binary16 bits, rounded to nearest, ties to even; overflow to
 * ±inf; NaN to 0x7E00 (sign kept). */
uint16_t kern_f16_from_f64(double x);

/* ---------------------------------------------------------------- reference */

/* The reference works in rows: every output of an op has the same number of
 * rows (matmul: M; attention: B·H·Sq; copy/fill: bytes; empty: 0) and
 * args[a].row_elems elements per row (matmul C: N; attention O: D, LSE: 1;
 * copy/fill dst: 1). */
uint64_t kern_ref_rows(const struct kern_shape *s);

/* Expected values (fp64) and per-element tolerances for rows
 * [row0, row0 + n_rows) of every output of b->shape, computed from b's
 * inputs.  want[j] / tol[j] belong to the j-th output (in kern_op_args
 * order, outputs only) and hold n_rows · row_elems values.  The tolerance
 * of each op, and why, is stated at its reference in ops_ref.c.  An element
 * passes if |got - want| <= tol (bit-exact where tol is 0; equal infinities
 * pass). */
int kern_reference_rows(const struct kern_bufs *b, uint64_t row0, uint64_t n_rows,
                        double *const want[], double *const tol[]);

/* ---------------------------------------------------------------- comparison */

#define KERN_CMP_SHOWN 8

struct kern_mismatch {
    uint64_t index;     /* flat element index in the output buffer */
    double got, want, tol;
};

struct kern_cmp {
    const char *arg;            /* output name */
    enum kern_dtype dtype;
    uint64_t n_compared;
    uint64_t n_bad;             /* beyond tolerance (NaN always is) */
    double max_abs_err;         /* inf if a NaN or a wrong infinity was seen */
    double max_rel_err;         /* over elements whose expected value is not 0 */
    uint64_t max_ulp;           /* f32/f16: distance to the correctly rounded
                                   expected value, in the output's own ULPs */
    bool has_ulp;               /* false for bytes */
    /* max_ulp explodes for elements near zero (a sum that cancels leaves
     * a tiny value with a tiny ulp).  Measures that stay meaningful there:
     * max_abs_err / kern_ulp(dtype, max_abs_want), the error in ULPs of the
     * output's largest value, and max_err_over_tol, the share of each
     * element's own tolerance used (inf where a bit-exact element is off). */
    double max_abs_want;        /* the largest |expected value| compared */
    double max_err_over_tol;
    double max_tol;             /* the largest tolerance applied */
    unsigned n_shown;
    struct kern_mismatch shown[KERN_CMP_SHOWN];     /* the first mismatches */
    bool pass;                  /* n_bad == 0 and n_compared > 0 */
};

/* Element i of argument a held in data, as a double (exact for every
 * dtype). */
double kern_value(const struct kern_arg *a, const void *data, uint64_t i);

/* Compare the outputs in b (as a device left them) with the reference.
 * rows: ascending row indices to check, or NULL for all rows (a seeded
 * sample keeps the reference cheap for large shapes; kern_sample_rows).
 * Works in bounded memory.  cmp[j] for the j-th output; *n_cmp = outputs.
 * Returns 0 when the comparison ran (see cmp[].pass for the verdict). */
int kern_check(const struct kern_bufs *b, const uint64_t *rows, uint64_t n_rows,
               struct kern_cmp cmp[KERN_MAX_ARGS], unsigned *n_cmp);

/* The spacing of dtype's values at magnitude |x| (one ULP): f32 2^(e-23)
 * down to 2^-149, f16 2^(e-10) down to 2^-24, 1 for bytes.  With
 * max_abs_want it states an error in ULPs of the output's scale:
 * max_abs_err / kern_ulp(dtype, max_abs_want). */
double kern_ulp(enum kern_dtype t, double x);

/* true iff every cmp passed. */
bool kern_cmp_all_pass(const struct kern_cmp *cmp, unsigned n_cmp);

/* Pick n distinct rows of s (ascending) from seed: always the first and the
 * last, the rest uniformly.  n is clamped to the row count; *n_out says how
 * many were written. */
int kern_sample_rows(const struct kern_shape *s, uint64_t seed, uint64_t n, uint64_t *rows,
                     uint64_t *n_out);

/* Format a flat element index of arg as its coordinates: "[3,17]". */
int kern_index_str(const struct kern_arg *arg, uint64_t index, char *buf, size_t buf_bytes);

#endif
