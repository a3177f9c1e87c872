/* kernels/ops.c — op table, shapes and their flags, arguments, counts,
 * seeded inputs, fp16 conversion.  See ops.h. */
#include "kernels/ops.h"
#include "pm4/log.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name, *summary;
} op_table[KERN_OP_COUNT] = {
#define KERN_OP(id, name, summary) [KERN_OP_##id] = {#name, summary},
#include "kernels/ops.def"
#undef KERN_OP
};

const char *kern_op_name(enum kern_op op)
{
    return (unsigned)op < KERN_OP_COUNT ? op_table[op].name : NULL;
}

const char *kern_op_summary(enum kern_op op)
{
    return (unsigned)op < KERN_OP_COUNT ? op_table[op].summary : NULL;
}

int kern_op_from_name(const char *name, enum kern_op *op)
{
    char list[256] = "";
    size_t n = 0;

    for (unsigned i = 0; i < KERN_OP_COUNT; i++) {
        if (name && !strcmp(name, op_table[i].name)) {
            *op = (enum kern_op)i;
            return 0;
        }
        n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "", op_table[i].name);
        if (n >= sizeof(list))
            n = sizeof(list) - 1;
    }
    return amdpm4_seterr(-EINVAL, "unknown op '%s' (ops: %s)", name ? name : "(null)", list);
}

size_t kern_dtype_bytes(enum kern_dtype t)
{
    switch (t) {
    case KERN_U8: return 1;
    case KERN_F16: return 2;
    case KERN_F32: return 4;
    }
    return 0;
}

const char *kern_dtype_name(enum kern_dtype t)
{
    switch (t) {
    case KERN_U8: return "u8";
    case KERN_F16: return "f16";
    case KERN_F32: return "f32";
    }
    return "?";
}

static const char *const placement_names[] = {
    [KERN_PLACE_VRAM] = "vram",
    [KERN_PLACE_VIS_VRAM] = "vis-vram",
    [KERN_PLACE_GTT] = "gtt",
};

const char *kern_placement_name(enum kern_placement p)
{
    return (unsigned)p < sizeof(placement_names) / sizeof(placement_names[0]) ? placement_names[p]
                                                                               : "?";
}

/* ---------------------------------------------------------------- shape flags */

/* Bits of kern_shape.given: derived defaults stop following once given. */
enum { GIVEN_SEQ_KV = 1u << 0, GIVEN_SCALE = 1u << 1 };

enum flag_kind {
    FLAG_M, FLAG_N, FLAG_K, FLAG_OUT,
    FLAG_BATCH, FLAG_HEADS, FLAG_SEQ, FLAG_SEQ_KV, FLAG_DIM, FLAG_CAUSAL, FLAG_SCALE,
    FLAG_BYTES, FLAG_PLACEMENT,
    FLAG_COUNT,
};

/* Which op takes which flag.  One row per (op, flag). */
static const struct flag_def {
    enum kern_op op;
    const char *name;
    enum flag_kind kind;
} flag_defs[] = {
    {KERN_OP_MATMUL_F32, "m", FLAG_M},
    {KERN_OP_MATMUL_F32, "n", FLAG_N},
    {KERN_OP_MATMUL_F32, "k", FLAG_K},
    {KERN_OP_MATMUL_F16, "m", FLAG_M},
    {KERN_OP_MATMUL_F16, "n", FLAG_N},
    {KERN_OP_MATMUL_F16, "k", FLAG_K},
    {KERN_OP_MATMUL_F16, "out", FLAG_OUT},
    {KERN_OP_ATTENTION_F16, "batch", FLAG_BATCH},
    {KERN_OP_ATTENTION_F16, "heads", FLAG_HEADS},
    {KERN_OP_ATTENTION_F16, "seq", FLAG_SEQ},
    {KERN_OP_ATTENTION_F16, "seq-kv", FLAG_SEQ_KV},
    {KERN_OP_ATTENTION_F16, "dim", FLAG_DIM},
    {KERN_OP_ATTENTION_F16, "causal", FLAG_CAUSAL},
    {KERN_OP_ATTENTION_F16, "scale", FLAG_SCALE},
    {KERN_OP_COPY, "bytes", FLAG_BYTES},
    {KERN_OP_COPY, "placement", FLAG_PLACEMENT},
    {KERN_OP_FILL, "bytes", FLAG_BYTES},
    {KERN_OP_FILL, "placement", FLAG_PLACEMENT},
    {KERN_OP_EMPTY, "count", FLAG_COUNT},
};

static const char *const op_usage[KERN_OP_COUNT] = {
    [KERN_OP_MATMUL_F32] = "--m M --n N --k K (256 each)",
    [KERN_OP_MATMUL_F16] = "--m M --n N --k K (256 each) --out f32|f16 (f32)",
    [KERN_OP_ATTENTION_F16] = "--batch B (1) --heads H (2) --seq SQ (128) --seq-kv SKV (= seq) "
                              "--dim 64|128 (64) --causal --scale X (1/sqrt(dim))",
    [KERN_OP_COPY] = "--bytes SIZE (64M) --placement vram|vis-vram|gtt (vram)",
    [KERN_OP_FILL] = "--bytes SIZE (64M) --placement vram|vis-vram|gtt (vram)",
    [KERN_OP_EMPTY] = "--count N (1)",
};

const char *kern_op_usage(enum kern_op op)
{
    return (unsigned)op < KERN_OP_COUNT ? op_usage[op] : NULL;
}

static const struct flag_def *find_flag(enum kern_op op, const char *name)
{
    for (size_t i = 0; i < sizeof(flag_defs) / sizeof(flag_defs[0]); i++)
        if (flag_defs[i].op == op && name && !strcmp(flag_defs[i].name, name))
            return &flag_defs[i];
    return NULL;
}

bool kern_shape_flag_has_value(enum kern_op op, const char *flag)
{
    const struct flag_def *f = find_flag(op, flag);
    return f && f->kind != FLAG_CAUSAL;
}

int kern_shape_default(enum kern_op op, struct kern_shape *s)
{
    if ((unsigned)op >= KERN_OP_COUNT)
        return amdpm4_seterr(-EINVAL, "unknown op %d", (int)op);
    memset(s, 0, sizeof(*s));
    s->op = op;
    s->mm = (struct kern_matmul_shape){.m = 256, .n = 256, .k = 256, .out = KERN_F32};
    s->attn = (struct kern_attention_shape){
        .batch = 1, .heads = 2, .seq = 128, .seq_kv = 128, .dim = 64, .causal = false,
        .scale = 0.125f,    /* 1/sqrt(64) */
    };
    s->mem = (struct kern_mem_shape){.bytes = UINT64_C(64) << 20, .placement = KERN_PLACE_VRAM};
    s->count = 1;
    return 0;
}

/* Unsigned decimal, digits only, no sign, no blanks. */
static int parse_u64(const char *v, uint64_t *out)
{
    uint64_t x = 0;

    if (!v || !*v)
        return -EINVAL;
    for (; *v; v++) {
        if (*v < '0' || *v > '9')
            return -EINVAL;
        if (x > (UINT64_MAX - (uint64_t)(*v - '0')) / 10)
            return -ERANGE;
        x = x * 10 + (uint64_t)(*v - '0');
    }
    *out = x;
    return 0;
}

/* A size: decimal with an optional k, M or G suffix (powers of 1024). */
static int parse_size(const char *v, uint64_t *out)
{
    char digits[32];
    size_t len = v ? strlen(v) : 0;
    unsigned shift = 0;
    uint64_t x = 0;
    int r;

    if (!len || len >= sizeof(digits))
        return len ? -ERANGE : -EINVAL;
    memcpy(digits, v, len + 1);
    switch (digits[len - 1]) {
    case 'k': case 'K': shift = 10; break;
    case 'M': shift = 20; break;
    case 'G': shift = 30; break;
    default: break;
    }
    if (shift)
        digits[len - 1] = '\0';
    r = parse_u64(digits, &x);
    if (r)
        return r;
    if (x > (UINT64_MAX >> shift))
        return -ERANGE;
    *out = x << shift;
    return 0;
}

static int set_u32(const char *flag, const char *v, uint32_t *dst)
{
    uint64_t x = 0;
    int r = parse_u64(v, &x);

    if (r == -EINVAL)
        return amdpm4_seterr(-EINVAL, "--%s '%s': not an unsigned decimal number", flag,
                             v ? v : "");
    if (r || x > UINT32_MAX)
        return amdpm4_seterr(-EINVAL, "--%s %s: too large (at most %u)", flag, v, UINT32_MAX);
    if (x == 0)
        return amdpm4_seterr(-EINVAL, "--%s 0: every size must be at least 1", flag);
    *dst = (uint32_t)x;
    return 0;
}

static void list_flags(enum kern_op op, char *buf, size_t n)
{
    size_t off = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(flag_defs) / sizeof(flag_defs[0]) && off < n; i++)
        if (flag_defs[i].op == op)
            off += (size_t)snprintf(buf + off, n - off, "%s--%s", off ? " " : "",
                                    flag_defs[i].name);
}

int kern_shape_set(struct kern_shape *s, const char *flag, const char *v)
{
    const struct flag_def *f = find_flag(s->op, flag);
    uint64_t x = 0;
    int r;

    if (!f) {
        char names[160];
        list_flags(s->op, names, sizeof(names));
        return amdpm4_seterr(-ENOENT, "%s has no flag --%s (its flags: %s)",
                             kern_op_name(s->op) ? kern_op_name(s->op) : "?", flag ? flag : "",
                             names[0] ? names : "none");
    }
    if (f->kind == FLAG_CAUSAL) {
        if (v)
            return amdpm4_seterr(-EINVAL, "--causal takes no value (got '%s')", v);
        s->attn.causal = true;
        return 0;
    }
    if (!v)
        return amdpm4_seterr(-EINVAL, "--%s needs a value", flag);

    switch (f->kind) {
    case FLAG_M: return set_u32(flag, v, &s->mm.m);
    case FLAG_N: return set_u32(flag, v, &s->mm.n);
    case FLAG_K: return set_u32(flag, v, &s->mm.k);
    case FLAG_BATCH: return set_u32(flag, v, &s->attn.batch);
    case FLAG_HEADS: return set_u32(flag, v, &s->attn.heads);
    case FLAG_COUNT: return set_u32(flag, v, &s->count);
    case FLAG_OUT:
        if (!strcmp(v, "f32"))
            s->mm.out = KERN_F32;
        else if (!strcmp(v, "f16"))
            s->mm.out = KERN_F16;
        else
            return amdpm4_seterr(-EINVAL, "--out '%s': must be f32 or f16", v);
        return 0;
    case FLAG_SEQ:
        r = set_u32(flag, v, &s->attn.seq);
        if (!r && !(s->given & GIVEN_SEQ_KV))
            s->attn.seq_kv = s->attn.seq;
        return r;
    case FLAG_SEQ_KV:
        r = set_u32(flag, v, &s->attn.seq_kv);
        if (!r)
            s->given |= GIVEN_SEQ_KV;
        return r;
    case FLAG_DIM:
        if (parse_u64(v, &x) || (x != 64 && x != 128))
            return amdpm4_seterr(-EINVAL, "--dim '%s': must be 64 or 128", v);
        s->attn.dim = (uint32_t)x;
        if (!(s->given & GIVEN_SCALE))
            s->attn.scale = (float)(1.0 / sqrt((double)x));
        return 0;
    case FLAG_SCALE: {
        char *end;
        double d = strtod(v, &end);
        if (end == v || *end || !isfinite(d) || d <= 0 || d > 3.4e38 || (float)d == 0)
            return amdpm4_seterr(-EINVAL, "--scale '%s': must be a positive finite number", v);
        s->attn.scale = (float)d;
        s->given |= GIVEN_SCALE;
        return 0;
    }
    case FLAG_BYTES:
        r = parse_size(v, &x);
        if (r == -EINVAL)
            return amdpm4_seterr(-EINVAL, "--bytes '%s': not a size (digits with an optional "
                                          "k, M or G suffix)", v);
        if (r || x > KERN_MAX_BUFFER_BYTES)
            return amdpm4_seterr(-EINVAL, "--bytes %s: too large (at most 2^48, the GPU "
                                          "address space)", v);
        if (x == 0)
            return amdpm4_seterr(-EINVAL, "--bytes 0: every size must be at least 1");
        s->mem.bytes = x;
        return 0;
    case FLAG_PLACEMENT:
        for (unsigned p = 0; p < sizeof(placement_names) / sizeof(placement_names[0]); p++)
            if (!strcmp(v, placement_names[p])) {
                s->mem.placement = (enum kern_placement)p;
                return 0;
            }
        return amdpm4_seterr(-EINVAL, "--placement '%s': must be vram, vis-vram or gtt", v);
    case FLAG_CAUSAL:
        break;
    }
    return amdpm4_seterr(-EINVAL, "--%s: unhandled flag", flag);
}

int kern_shape_str(const struct kern_shape *s, char *buf, size_t n)
{
    switch (s->op) {
    case KERN_OP_MATMUL_F32:
        return snprintf(buf, n, "m=%u n=%u k=%u", s->mm.m, s->mm.n, s->mm.k);
    case KERN_OP_MATMUL_F16:
        return snprintf(buf, n, "m=%u n=%u k=%u out=%s", s->mm.m, s->mm.n, s->mm.k,
                        kern_dtype_name(s->mm.out));
    case KERN_OP_ATTENTION_F16:
        return snprintf(buf, n, "batch=%u heads=%u seq=%u seq_kv=%u dim=%u causal=%d scale=%.9g",
                        s->attn.batch, s->attn.heads, s->attn.seq, s->attn.seq_kv, s->attn.dim,
                        s->attn.causal, (double)s->attn.scale);
    case KERN_OP_COPY:
    case KERN_OP_FILL:
        return snprintf(buf, n, "bytes=%llu placement=%s", (unsigned long long)s->mem.bytes,
                        kern_placement_name(s->mem.placement));
    case KERN_OP_EMPTY:
        return snprintf(buf, n, "count=%u", s->count);
    case KERN_OP_COUNT:
        break;
    }
    return snprintf(buf, n, "?");
}

/* ---------------------------------------------------------------- arguments */

static int add_arg(struct kern_arg *args, unsigned *n, const char *name, enum kern_arg_dir dir,
                   enum kern_dtype t, const char *dim_names, uint64_t row_elems, unsigned rank,
                   const uint64_t *dims)
{
    struct kern_arg *a = &args[(*n)++];
    uint64_t elems = 1, bytes;

    memset(a, 0, sizeof(*a));
    a->name = name;
    a->dir = dir;
    a->dtype = t;
    a->rank = rank;
    a->dim_names = dim_names;
    a->row_elems = row_elems;
    for (unsigned i = 0; i < rank; i++) {
        a->dims[i] = dims[i];
        if (__builtin_mul_overflow(elems, dims[i], &elems))
            return amdpm4_seterr(-EOVERFLOW, "%s[%s]: element count overflows 64 bits", name,
                                 dim_names);
    }
    if (__builtin_mul_overflow(elems, (uint64_t)kern_dtype_bytes(t), &bytes) ||
        bytes > KERN_MAX_BUFFER_BYTES)
        return amdpm4_seterr(-EOVERFLOW, "%s[%s] would need more than 2^48 bytes (the GPU "
                                         "address space)", name, dim_names);
    a->elems = elems;
    a->size_bytes = bytes;
    return 0;
}

#define DIMS(...) (sizeof((uint64_t[]){__VA_ARGS__}) / sizeof(uint64_t)), (uint64_t[]){__VA_ARGS__}

static int build_args(const struct kern_shape *s, struct kern_arg *args, unsigned *n)
{
    const struct kern_matmul_shape *mm = &s->mm;
    const struct kern_attention_shape *at = &s->attn;
    int r = 0;

    *n = 0;
    switch (s->op) {
    case KERN_OP_MATMUL_F32:
    case KERN_OP_MATMUL_F16: {
        enum kern_dtype in = s->op == KERN_OP_MATMUL_F32 ? KERN_F32 : KERN_F16;
        r = add_arg(args, n, "A", KERN_ARG_IN, in, "M,K", 0, DIMS(mm->m, mm->k));
        if (!r)
            r = add_arg(args, n, "B", KERN_ARG_IN, in, "K,N", 0, DIMS(mm->k, mm->n));
        if (!r)
            r = add_arg(args, n, "C", KERN_ARG_OUT, mm->out, "M,N", mm->n, DIMS(mm->m, mm->n));
        break;
    }
    case KERN_OP_ATTENTION_F16: {
        uint64_t b = at->batch, h = at->heads;
        r = add_arg(args, n, "Q", KERN_ARG_IN, KERN_F16, "B,H,Sq,D", 0,
                    DIMS(b, h, at->seq, at->dim));
        if (!r)
            r = add_arg(args, n, "K", KERN_ARG_IN, KERN_F16, "B,H,Skv,D", 0,
                        DIMS(b, h, at->seq_kv, at->dim));
        if (!r)
            r = add_arg(args, n, "V", KERN_ARG_IN, KERN_F16, "B,H,Skv,D", 0,
                        DIMS(b, h, at->seq_kv, at->dim));
        if (!r)
            r = add_arg(args, n, "O", KERN_ARG_OUT, KERN_F16, "B,H,Sq,D", at->dim,
                        DIMS(b, h, at->seq, at->dim));
        if (!r)
            r = add_arg(args, n, "LSE", KERN_ARG_OUT, KERN_F32, "B,H,Sq", 1,
                        DIMS(b, h, at->seq));
        break;
    }
    case KERN_OP_COPY:
        r = add_arg(args, n, "src", KERN_ARG_IN, KERN_U8, "bytes", 0, DIMS(s->mem.bytes));
        if (!r)
            r = add_arg(args, n, "dst", KERN_ARG_OUT, KERN_U8, "bytes", 1, DIMS(s->mem.bytes));
        break;
    case KERN_OP_FILL:
        r = add_arg(args, n, "dst", KERN_ARG_OUT, KERN_U8, "bytes", 1, DIMS(s->mem.bytes));
        break;
    case KERN_OP_EMPTY:
        break;
    case KERN_OP_COUNT:
        return amdpm4_seterr(-EINVAL, "unknown op %d", (int)s->op);
    }
    return r;
}

static int zero_size(const char *what)
{
    return amdpm4_seterr(-EINVAL, "%s is 0: every size must be at least 1", what);
}

int kern_shape_validate(const struct kern_shape *s)
{
    struct kern_arg args[KERN_MAX_ARGS];
    unsigned n;

    switch (s->op) {
    case KERN_OP_MATMUL_F32:
    case KERN_OP_MATMUL_F16:
        if (!s->mm.m) return zero_size("m");
        if (!s->mm.n) return zero_size("n");
        if (!s->mm.k) return zero_size("k");
        if (s->mm.out != KERN_F32 && !(s->op == KERN_OP_MATMUL_F16 && s->mm.out == KERN_F16))
            return amdpm4_seterr(-EINVAL, "%s cannot write %s output", kern_op_name(s->op),
                                 kern_dtype_name(s->mm.out));
        break;
    case KERN_OP_ATTENTION_F16:
        if (!s->attn.batch) return zero_size("batch");
        if (!s->attn.heads) return zero_size("heads");
        if (!s->attn.seq) return zero_size("seq");
        if (!s->attn.seq_kv) return zero_size("seq-kv");
        if (s->attn.dim != 64 && s->attn.dim != 128)
            return amdpm4_seterr(-EINVAL, "dim %u: must be 64 or 128", s->attn.dim);
        if (!isfinite(s->attn.scale) || !(s->attn.scale > 0))
            return amdpm4_seterr(-EINVAL, "scale %g: must be a positive finite number",
                                 (double)s->attn.scale);
        break;
    case KERN_OP_COPY:
    case KERN_OP_FILL:
        if (!s->mem.bytes) return zero_size("bytes");
        if ((unsigned)s->mem.placement >= sizeof(placement_names) / sizeof(placement_names[0]))
            return amdpm4_seterr(-EINVAL, "placement %d unknown", (int)s->mem.placement);
        break;
    case KERN_OP_EMPTY:
        if (!s->count) return zero_size("count");
        break;
    case KERN_OP_COUNT:
    default:
        return amdpm4_seterr(-EINVAL, "unknown op %d", (int)s->op);
    }
    return build_args(s, args, &n);
}

int kern_op_args(const struct kern_shape *s, struct kern_arg args[KERN_MAX_ARGS], unsigned *n)
{
    int r = kern_shape_validate(s);

    *n = 0;
    return r ? r : build_args(s, args, n);
}

/* Visible (query, key) pairs of one (batch, head): query i sees keys
 * j <= i + Skv - Sq when causal.  i + Skv - Sq + 1 reaches Skv at the last
 * query, so the count per query is max(0, i + Skv - Sq + 1): an arithmetic
 * series from the first query that sees anything. */
static double visible_pairs(const struct kern_attention_shape *at)
{
    double sq = at->seq, skv = at->seq_kv;
    double i0, first;

    if (!at->causal)
        return sq * skv;
    i0 = sq > skv ? sq - skv : 0;   /* first query with a visible key */
    first = i0 + skv - sq + 1;       /* keys it sees */
    return (first + skv) * (sq - i0) / 2;
}

double kern_op_flops(const struct kern_shape *s)
{
    switch (s->op) {
    case KERN_OP_MATMUL_F32:
    case KERN_OP_MATMUL_F16:
        return 2.0 * s->mm.m * s->mm.n * s->mm.k;
    case KERN_OP_ATTENTION_F16:
        return 4.0 * s->attn.dim * (double)s->attn.batch * s->attn.heads *
               visible_pairs(&s->attn);
    default:
        return 0;
    }
}

uint64_t kern_op_traffic_bytes(const struct kern_shape *s)
{
    struct kern_arg args[KERN_MAX_ARGS];
    unsigned n;
    uint64_t total = 0;

    if (build_args(s, args, &n))
        return 0;
    for (unsigned i = 0; i < n; i++)
        total += args[i].size_bytes;
    return total;
}

/* ---------------------------------------------------------------- inputs */

static uint64_t splitmix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xBF58476D1CE4E5B9);
    x ^= x >> 27;
    x *= UINT64_C(0x94D049BB133111EB);
    x ^= x >> 31;
    return x;
}

static uint64_t stream_key(uint64_t seed, unsigned arg)
{
    return splitmix64(seed ^ ((uint64_t)arg + 1) * UINT64_C(0xD1B54A32D192ED03));
}

static uint64_t stream_at(uint64_t key, uint64_t i)
{
    return splitmix64(key + i * UINT64_C(0x9E3779B97F4A7C15));
}

uint64_t kern_rand_u64(uint64_t seed, unsigned arg, uint64_t i)
{
    return stream_at(stream_key(seed, arg), i);
}

uint32_t kern_fill_pattern(uint64_t seed)
{
    return (uint32_t)(kern_rand_u64(seed, KERN_MAX_ARGS, 0) >> 32);
}

int kern_generate(const struct kern_shape *s, uint64_t seed, unsigned arg, void *data)
{
    struct kern_arg args[KERN_MAX_ARGS];
    unsigned n;
    uint64_t key;
    int r = kern_op_args(s, args, &n);

    if (r)
        return r;
    if (arg >= n || args[arg].dir != KERN_ARG_IN)
        return amdpm4_seterr(-EINVAL, "%s has no input argument %u", kern_op_name(s->op), arg);
    key = stream_key(seed, arg);
    switch (args[arg].dtype) {
    case KERN_F32: {
        float *p = data;
        for (uint64_t i = 0; i < args[arg].elems; i++)
            p[i] = (float)((double)((int64_t)(stream_at(key, i) >> 40) - (INT64_C(1) << 23)) *
                           0x1p-23);
        break;
    }
    case KERN_F16: {
        uint16_t *p = data;
        for (uint64_t i = 0; i < args[arg].elems; i++)
            p[i] = kern_f16_from_f64(
                (double)((int64_t)(stream_at(key, i) >> 53) - (INT64_C(1) << 10)) * 0x1p-10);
        break;
    }
    case KERN_U8: {
        uint8_t *p = data;
        for (uint64_t i = 0; i < args[arg].elems; i++)
            p[i] = (uint8_t)(stream_at(key, i) >> 56);
        break;
    }
    }
    return 0;
}

void kern_bufs_free(struct kern_bufs *b)
{
    for (unsigned i = 0; i < KERN_MAX_ARGS; i++) {
        free(b->data[i]);
        b->data[i] = NULL;
    }
    b->n = 0;
}

int kern_bufs_match(const struct kern_bufs *b)
{
    struct kern_arg args[KERN_MAX_ARGS];
    unsigned n;
    int r = kern_op_args(&b->shape, args, &n);

    if (r)
        return r;
    if (n != b->n)
        return amdpm4_seterr(-EINVAL, "%s needs %u buffers, %u given", kern_op_name(b->shape.op),
                             n, b->n);
    for (unsigned i = 0; i < n; i++) {
        if (!b->data[i])
            return amdpm4_seterr(-EINVAL, "argument %s has no host buffer", args[i].name);
        if (b->arg[i].size_bytes != args[i].size_bytes || b->arg[i].dtype != args[i].dtype ||
            b->arg[i].dir != args[i].dir || b->arg[i].row_elems != args[i].row_elems)
            return amdpm4_seterr(-EINVAL, "argument %s: buffer of %llu bytes does not match "
                                          "the shape (%llu bytes)", args[i].name,
                                 (unsigned long long)b->arg[i].size_bytes,
                                 (unsigned long long)args[i].size_bytes);
    }
    return 0;
}

int kern_bufs_alloc(const struct kern_shape *s, uint64_t seed, struct kern_bufs *b)
{
    int r;

    memset(b, 0, sizeof(*b));
    r = kern_op_args(s, b->arg, &b->n);
    if (r)
        return r;
    b->shape = *s;
    b->seed = seed;
    for (unsigned i = 0; i < b->n; i++) {
        if ((uint64_t)(size_t)b->arg[i].size_bytes != b->arg[i].size_bytes ||
            !(b->data[i] = malloc((size_t)b->arg[i].size_bytes))) {
            r = amdpm4_seterr(-ENOMEM, "%s: cannot allocate %llu bytes of host memory",
                              b->arg[i].name, (unsigned long long)b->arg[i].size_bytes);
            kern_bufs_free(b);
            return r;
        }
        if (b->arg[i].dir == KERN_ARG_IN)
            r = kern_generate(s, seed, i, b->data[i]);
        else
            memset(b->data[i], KERN_POISON_BYTE, (size_t)b->arg[i].size_bytes);
        if (r) {
            kern_bufs_free(b);
            return r;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- fp16 */

/* binary16: sign [15] | exponent [14:10] (bias 15) | mantissa [9:0]. */
double kern_f16_to_f64(uint16_t h)
{
    unsigned e = (h >> 10) & 0x1f, m = h & 0x3ff;
    double v;

    if (e == 0x1f)
        v = m ? NAN : INFINITY;
    else if (e == 0)
        v = ldexp((double)m, -24);              /* subnormal: m · 2^-24 */
    else
        v = ldexp((double)(m | 0x400), (int)e - 25);
    return (h & 0x8000) ? -v : v;
}

uint16_t kern_f16_from_f64(double x)
{
    uint16_t sign = signbit(x) ? 0x8000 : 0;
    double a = fabs(x), q;
    int e;

    if (isnan(x))
        return sign | 0x7e00;
    if (isinf(x))
        return sign | 0x7c00;
    if (a < 0x1p-14) {
        /* Subnormal range: steps of 2^-24; q == 1024 is the smallest normal,
         * whose encoding 0x0400 follows on naturally.  nearbyint rounds to
         * nearest even in the default rounding mode; a / 2^-24 is exact. */
        q = nearbyint(a * 0x1p24);
        return sign | (uint16_t)q;
    }
    frexp(a, &e);                                /* a = f · 2^e, f in [0.5, 1) */
    e -= 1;                                      /* a in [2^e, 2^(e+1)) */
    q = nearbyint(ldexp(a, 10 - e));             /* in [1024, 2048] */
    if (q == 2048) {
        q = 1024;
        e++;
    }
    if (e > 15)
        return sign | 0x7c00;
    return sign | (uint16_t)((unsigned)(e + 15) << 10) | (uint16_t)((unsigned)q - 1024);
}
