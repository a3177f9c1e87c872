/* kernels/plan.c — launch plans and kernarg packing.  See plan.h; the
 * kernels' tile schemes are described at the top of each kernels/NAME.s. */
#include "kernels/plan.h"
#include "pm4/log.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* Every kernel loads its buffers with 128-bit accesses from the base. */
#define KERN_BUFFER_ALIGN_BYTES 16u

/* Work-items per workgroup and the output block one workgroup covers. */
#define MATMUL_F32_BLOCK 128u      /* 4 waves, 128x128 of C */
#define MATMUL_F32_TILE 128u
#define MATMUL_F32_BK 8u
#define MATMUL_F16_BLOCK 128u      /* 4 waves, 128x128 of C */
#define MATMUL_F16_TILE 128u
#define MATMUL_F16_BK 16u
#define ATTN_BLOCK 128u            /* 4 waves, 16 queries each */
#define ATTN_QUERIES 64u
#define ATTN_KEYS 32u              /* keys per block of the online softmax */
#define MEM_BLOCK 256u             /* copy/fill: 8 waves */
#define MEM_CHUNK_BYTES 16384u     /* one workgroup trip: 256 lanes x 4 x 16 B */
/* copy/fill grid: enough workgroups to fill a 7900 XTX twice over (96 CUs
 * x 4 workgroups of 8 waves resident), the rest by the grid-stride loop. */
#define MEM_MAX_GROUPS 768u
#define EMPTY_BLOCK 32u            /* one wave */

static uint32_t ceil_div(uint64_t a, uint64_t b)
{
    return (uint32_t)((a + b - 1) / b);
}

static void set_kernel(struct kern_dispatch *d, const char *co, const char *kernel,
                       uint32_t block, uint32_t gx, uint32_t gy)
{
    d->code_object = co;
    d->kernel = kernel;
    d->grid[0] = gx;
    d->grid[1] = gy;
    d->grid[2] = 1;
    d->block[0] = block;
    d->block[1] = 1;
    d->block[2] = 1;
    d->dynamic_lds_bytes = 0;
    d->buffer_align_bytes = KERN_BUFFER_ALIGN_BYTES;
}

static void add_buf(struct kern_dispatch *d, const char *name, unsigned buffer)
{
    d->karg[d->n_kargs++] = (struct kern_karg){.name = name, .kind = KERN_KARG_BUFFER,
                                               .buffer = buffer};
}

static void add_val(struct kern_dispatch *d, const char *name, enum kern_karg_kind kind,
                    uint64_t value)
{
    d->karg[d->n_kargs++] = (struct kern_karg){.name = name, .kind = kind, .value = value};
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* The matmul kernels keep per-block base addresses in SGPRs and per-lane
 * offsets in 32 bits: the largest offset a block can reach is `rows` (at
 * most one block) rows of `pitch_bytes`. */
static int check_offset(const char *op, const char *what, uint64_t rows, uint64_t pitch_bytes)
{
    if (rows * pitch_bytes >= (UINT64_C(1) << 32))
        return amdpm4_seterr(-EOVERFLOW, "%s: %llu rows of %s (%llu bytes each) exceed the "
                                         "kernel's 32-bit per-block offsets",
                             op, (unsigned long long)rows, what,
                             (unsigned long long)pitch_bytes);
    return 0;
}

static int plan_matmul(const struct kern_shape *s, struct kern_dispatch *d)
{
    const struct kern_matmul_shape *mm = &s->mm;
    const bool f16 = s->op == KERN_OP_MATMUL_F16;
    const uint64_t elem = f16 ? 2 : 4;
    const uint64_t tile = f16 ? MATMUL_F16_TILE : MATMUL_F32_TILE;
    const uint64_t bk = f16 ? MATMUL_F16_BK : MATMUL_F32_BK;
    const uint64_t rows = min_u64(mm->m, tile);
    const char *name = kern_op_name(s->op);
    int r;

    if ((r = check_offset(name, "A", rows, mm->k * elem)) ||
        (r = check_offset(name, "B", min_u64(mm->k, bk), mm->n * elem)) ||
        (r = check_offset(name, "C", rows, mm->n * (uint64_t)kern_dtype_bytes(mm->out))))
        return r;
    set_kernel(d, name, name, f16 ? MATMUL_F16_BLOCK : MATMUL_F32_BLOCK,
               ceil_div(mm->n, tile), ceil_div(mm->m, tile));
    add_buf(d, "A", 0);
    add_buf(d, "B", 1);
    add_buf(d, "C", 2);
    add_val(d, "size_m", KERN_KARG_U32, mm->m);
    add_val(d, "size_n", KERN_KARG_U32, mm->n);
    add_val(d, "size_k", KERN_KARG_U32, mm->k);
    if (f16)
        add_val(d, "out_f16", KERN_KARG_U32, mm->out == KERN_F16);
    return 0;
}

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof(u));
    return u;
}

static int plan_attention(const struct kern_shape *s, struct kern_dispatch *d)
{
    const struct kern_attention_shape *at = &s->attn;
    const uint64_t bh = (uint64_t)at->batch * at->heads;
    /* exp(x) = exp2(x·log2 e): the kernel works in base 2 throughout. */
    const float scale_log2e = (float)((double)at->scale * M_LOG2E);

    /* The kernel compares key and query indices as signed 32-bit values. */
    if (at->seq > INT32_MAX || at->seq_kv > INT32_MAX)
        return amdpm4_seterr(-EOVERFLOW, "attention_f16: seq %u / seq-kv %u: the kernel "
                                         "handles up to 2^31 - 1 rows", at->seq, at->seq_kv);
    if (bh > UINT32_MAX)
        return amdpm4_seterr(-EOVERFLOW, "attention_f16: batch x heads = %llu exceeds the "
                                         "grid's %u workgroups in Y",
                             (unsigned long long)bh, UINT32_MAX);
    if (!isfinite(scale_log2e))
        return amdpm4_seterr(-EOVERFLOW, "attention_f16: scale %g times log2(e) overflows "
                                         "fp32", (double)at->scale);
    set_kernel(d, "attention_f16", at->dim == 64 ? "attention_f16_d64" : "attention_f16_d128",
               ATTN_BLOCK, ceil_div(at->seq, ATTN_QUERIES), (uint32_t)bh);
    add_buf(d, "Q", 0);
    add_buf(d, "K", 1);
    add_buf(d, "V", 2);
    add_buf(d, "O", 3);
    add_buf(d, "LSE", 4);
    add_val(d, "seq_q", KERN_KARG_U32, at->seq);
    add_val(d, "seq_kv", KERN_KARG_U32, at->seq_kv);
    add_val(d, "scale_log2e", KERN_KARG_F32, f32_bits(scale_log2e));
    add_val(d, "causal", KERN_KARG_U32, at->causal);
    return 0;
}

static int plan_mem(const struct kern_shape *s, uint64_t seed, struct kern_dispatch *d)
{
    const uint64_t chunks = (s->mem.bytes + MEM_CHUNK_BYTES - 1) / MEM_CHUNK_BYTES;
    const uint32_t groups = (uint32_t)min_u64(chunks, MEM_MAX_GROUPS);
    const char *name = kern_op_name(s->op);

    set_kernel(d, "memory", name, MEM_BLOCK, groups, 1);
    if (s->op == KERN_OP_COPY) {
        add_buf(d, "src", 0);
        add_buf(d, "dst", 1);
    } else {
        add_buf(d, "dst", 0);
    }
    add_val(d, "bytes", KERN_KARG_U64, s->mem.bytes);
    if (s->op == KERN_OP_FILL)
        add_val(d, "pattern", KERN_KARG_U32, kern_fill_pattern(seed));
    add_val(d, "groups", KERN_KARG_U32, groups);
    return 0;
}

int kern_plan_make(const struct kern_shape *s, uint64_t seed, struct kern_plan *p)
{
    int r = kern_shape_validate(s);

    if (r)
        return r;
    memset(p, 0, sizeof(*p));
    p->op = s->op;
    p->repeat = 1;
    switch (s->op) {
    case KERN_OP_MATMUL_F32:
    case KERN_OP_MATMUL_F16:
        return plan_matmul(s, &p->dispatch);
    case KERN_OP_ATTENTION_F16:
        return plan_attention(s, &p->dispatch);
    case KERN_OP_COPY:
    case KERN_OP_FILL:
        return plan_mem(s, seed, &p->dispatch);
    case KERN_OP_EMPTY:
        set_kernel(&p->dispatch, "empty", "empty", EMPTY_BLOCK, 1, 1);
        p->repeat = s->count;
        return 0;
    case KERN_OP_COUNT:
        break;
    }
    return amdpm4_seterr(-EINVAL, "unknown op %d", (int)s->op);
}

uint32_t kern_plan_loop_step(enum kern_op op)
{
    switch (op) {
    case KERN_OP_MATMUL_F32: return MATMUL_F32_BK;
    case KERN_OP_MATMUL_F16: return MATMUL_F16_BK;
    case KERN_OP_ATTENTION_F16: return ATTN_KEYS;
    default: return 0;
    }
}

static const struct kern_karg *find_karg(const struct kern_dispatch *d, const char *name)
{
    for (unsigned i = 0; i < d->n_kargs; i++)
        if (!strcmp(d->karg[i].name, name))
            return &d->karg[i];
    return NULL;
}

static uint32_t karg_bytes(enum kern_karg_kind kind)
{
    return kind == KERN_KARG_U32 || kind == KERN_KARG_F32 ? 4 : 8;
}

int kern_plan_kernarg(const struct kern_dispatch *d, const amdpm4_kernel *k,
                      const uint64_t *buffer_va, unsigned n_buffers, void *out,
                      size_t out_bytes)
{
    struct amdpm4_kernel_info ki;
    uint8_t *bytes = out;
    unsigned used = 0;
    int r;

    if (!d || !k || !out)
        return amdpm4_seterr(-EINVAL, "kern_plan_kernarg: NULL argument");
    if ((r = amdpm4_kernel_info(k, &ki)))
        return r;
    if (strcmp(ki.name, d->kernel))
        return amdpm4_seterr(-EINVAL, "plan is for kernel %s, not %s", d->kernel, ki.name);
    if (!ki.has_metadata)
        return amdpm4_seterr(-EINVAL, "kernel %s has no metadata: its kernel arguments are "
                                      "unknown", ki.name);
    if (ki.kernarg_bytes > out_bytes)
        return amdpm4_seterr(-EINVAL, "kernel %s needs %u kernarg bytes, %zu given", ki.name,
                             ki.kernarg_bytes, out_bytes);
    memset(bytes, 0, ki.kernarg_bytes);
    for (uint32_t i = 0; i < ki.arg_count; i++) {
        struct amdpm4_kernel_arg a;
        const struct kern_karg *g;
        uint64_t v;

        if ((r = amdpm4_kernel_arg(k, i, &a)))
            return r;
        if (a.hidden)
            continue;       /* zero: none of these kernels reads one */
        if (!(g = find_karg(d, a.name)))
            return amdpm4_seterr(-EINVAL, "kernel %s argument '%s' has no value in the plan",
                                 ki.name, a.name);
        used++;
        if (a.size_bytes != karg_bytes(g->kind) ||
            (uint64_t)a.offset_bytes + a.size_bytes > ki.kernarg_bytes)
            return amdpm4_seterr(-EINVAL, "kernel %s argument '%s': %u bytes at offset %u, the "
                                          "plan has %u bytes (kernarg segment %u bytes)",
                                 ki.name, a.name, a.size_bytes, a.offset_bytes,
                                 karg_bytes(g->kind), ki.kernarg_bytes);
        if (g->kind == KERN_KARG_BUFFER) {
            if (g->buffer >= n_buffers || !buffer_va)
                return amdpm4_seterr(-EINVAL, "kernel %s argument '%s' needs buffer %u, %u given",
                                     ki.name, a.name, g->buffer, n_buffers);
            v = buffer_va[g->buffer];
            if (d->buffer_align_bytes && v % d->buffer_align_bytes)
                return amdpm4_seterr(-EINVAL, "kernel %s argument '%s': address 0x%llx is not "
                                              "%u-byte aligned", ki.name, a.name,
                                     (unsigned long long)v, d->buffer_align_bytes);
        } else {
            v = g->value;
        }
        for (uint32_t b = 0; b < a.size_bytes; b++)
            bytes[a.offset_bytes + b] = (uint8_t)(v >> (8 * b));     /* little-endian */
    }
    if (used != d->n_kargs)
        return amdpm4_seterr(-EINVAL, "kernel %s lists %u of the plan's %u arguments", ki.name,
                             used, d->n_kargs);
    return 0;
}
