/* kernels/mix.c — instruction-mix figures.  See mix.h. */
#include "kernels/mix.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernels/plan.h"
#include "kernels/run.h"
#include "pm4/log.h"

uint32_t kern_waves_per_simd(uint32_t vgprs)
{
    uint32_t alloc = (vgprs + KERN_VGPR_ALLOC_GRANULE - 1) / KERN_VGPR_ALLOC_GRANULE *
                     KERN_VGPR_ALLOC_GRANULE;
    uint32_t waves = alloc ? KERN_SIMD_VGPRS / alloc : KERN_SIMD_MAX_WAVES;

    return waves < KERN_SIMD_MAX_WAVES ? waves : KERN_SIMD_MAX_WAVES;
}

static int class_index(const char *name)
{
    for (unsigned i = 0; i < AMDPM4_STATS_CLASSES; i++)
        if (amdpm4_stats_class_name(i) && !strcmp(amdpm4_stats_class_name(i), name))
            return (int)i;
    return -1;
}

static uint64_t class_count(const struct amdpm4_dispatch_stats *st, const char *name)
{
    int i = class_index(name);
    return i < 0 ? 0 : st->by_class[i];
}

static int run_stats(amdpm4_device *dev, amdpm4_queue *q, const struct kern_shape *s,
                     uint64_t seed, struct amdpm4_dispatch_stats *st)
{
    struct kern_run_result res;
    struct kern_bufs b;
    int r = kern_bufs_alloc(s, seed, &b);

    if (r)
        return r;
    r = kern_run(dev, q, &b, &res);
    kern_bufs_free(&b);
    if (r)
        return r;
    if (!res.has_stats)
        return amdpm4_seterr(-ENOTSUP, "instruction-mix figures need the simulated device's "
                                       "statistics");
    *st = res.stats;
    return 0;
}

/* The shape with half the loop trips, if the loop can be halved exactly. */
static bool half_loop(const struct kern_shape *s, struct kern_shape *h)
{
    uint32_t step = kern_plan_loop_step(s->op);

    *h = *s;
    switch (s->op) {
    case KERN_OP_MATMUL_F32:
    case KERN_OP_MATMUL_F16:
        if (s->mm.k % (2 * step))
            return false;
        h->mm.k = s->mm.k / 2;
        return true;
    case KERN_OP_ATTENTION_F16:
        /* causal: halving Skv moves the diagonal, not just the trip count */
        if (s->attn.causal || s->attn.seq_kv % (2 * step))
            return false;
        h->attn.seq_kv = s->attn.seq_kv / 2;
        return true;
    default:
        return false;
    }
}

int kern_mix_measure(amdpm4_device *dev, amdpm4_queue *q, const struct kern_shape *s,
                     uint64_t seed, struct kern_mix *m)
{
    struct amdpm4_dispatch_stats half;
    struct kern_shape hs;
    double flops;
    int r;

    if (!s || !m)
        return amdpm4_seterr(-EINVAL, "kern_mix_measure: NULL argument");
    memset(m, 0, sizeof(*m));
    m->shape = *s;
    if ((r = run_stats(dev, q, s, seed, &m->all)))
        return r;
    m->has_loop = half_loop(s, &hs);
    if (m->has_loop) {
        if ((r = run_stats(dev, q, &hs, seed, &half)))
            return r;
        m->loop.insts = m->all.insts - half.insts;
        for (unsigned i = 0; i < AMDPM4_STATS_CLASSES; i++)
            m->loop.by_class[i] = m->all.by_class[i] - half.by_class[i];
        m->loop.vopd_pairs = m->all.vopd_pairs - half.vopd_pairs;
        m->loop.wmma_ops = m->all.wmma_ops - half.wmma_ops;
        m->loop.lds_bytes_read = m->all.lds_bytes_read - half.lds_bytes_read;
        m->loop.lds_bytes_written = m->all.lds_bytes_written - half.lds_bytes_written;
        m->loop.global_bytes_loaded = m->all.global_bytes_loaded - half.global_bytes_loaded;
        m->loop_valu = class_count(&m->loop, "valu") + class_count(&m->loop, "trans") +
                       class_count(&m->loop, "vop3p") + m->loop.vopd_pairs +
                       m->loop.wmma_ops;
        if (m->loop_valu) {
            /* matmul_f32's loop issues no VOPD but v_dual_fmac_f32 */
            uint64_t work = m->loop.wmma_ops +
                            (s->op == KERN_OP_MATMUL_F32 ? m->loop.vopd_pairs : 0);
            m->loop_work_share = (double)work / (double)m->loop_valu;
            m->loop_vopd_share = (double)m->loop.vopd_pairs / (double)m->loop_valu;
        }
    }
    m->vgprs_used = m->all.vgprs_used;
    m->vgprs = m->all.vgprs_allocated;
    m->waves_per_simd = kern_waves_per_simd(m->vgprs);
    flops = kern_op_flops(s);
    m->lds_bytes_per_fma = flops > 0 ? (double)(m->all.lds_bytes_read + m->all.lds_bytes_written) /
                                           (flops / 2)
                                     : -1;
    m->global_bytes_per_flop =
        flops > 0 ? (double)(m->all.global_bytes_loaded + m->all.global_bytes_stored) / flops
                  : -1;
    return 0;
}

/* The README's table: op, then flag/value pairs (NULL value: a switch). */
static const struct {
    enum kern_op op;
    const char *flags[8];
} table_shapes[] = {
    {KERN_OP_MATMUL_F32, {"m", "512", "n", "512", "k", "512"}},
    {KERN_OP_MATMUL_F32, {"m", "300", "n", "200", "k", "96"}},
    {KERN_OP_MATMUL_F16, {"m", "512", "n", "512", "k", "512", "out", "f32"}},
    {KERN_OP_MATMUL_F16, {"m", "512", "n", "512", "k", "512", "out", "f16"}},
    {KERN_OP_ATTENTION_F16, {"seq", "512", "dim", "64"}},
    {KERN_OP_ATTENTION_F16, {"seq", "512", "dim", "128"}},
    {KERN_OP_ATTENTION_F16, {"seq", "512", "dim", "128", "causal"}},
    {KERN_OP_COPY, {"bytes", "64M"}},
    {KERN_OP_FILL, {"bytes", "64M"}},
    {KERN_OP_EMPTY, {"count", "1"}},
};

unsigned kern_mix_table_count(void)
{
    return sizeof(table_shapes) / sizeof(table_shapes[0]);
}

int kern_mix_table_shape(unsigned i, struct kern_shape *s)
{
    int r;

    if (i >= kern_mix_table_count() || !s)
        return amdpm4_seterr(-EINVAL, "no table shape %u", i);
    if ((r = kern_shape_default(table_shapes[i].op, s)))
        return r;
    for (unsigned f = 0; f < 8 && table_shapes[i].flags[f]; f++) {
        const char *flag = table_shapes[i].flags[f];
        const char *value = kern_shape_flag_has_value(s->op, flag) ? table_shapes[i].flags[++f]
                                                                   : NULL;
        if ((r = kern_shape_set(s, flag, value)))
            return r;
    }
    return 0;
}

/* The classes shown, in the simulator's order. */
static const char *const classes[] = {"salu", "smem", "branch", "sctrl", "valu", "trans",
                                      "vop3p", "vopd", "wmma", "lds", "vmem_load",
                                      "vmem_store"};
#define N_CLASSES (sizeof(classes) / sizeof(classes[0]))

#define APPEND(...)                                                              \
    do {                                                                         \
        int n_ = snprintf(buf + (off < buf_bytes ? off : buf_bytes),             \
                          off < buf_bytes ? buf_bytes - off : 0, __VA_ARGS__);   \
        if (n_ < 0)                                                              \
            return n_;                                                           \
        off += (size_t)n_;                                                       \
    } while (0)

int kern_mix_format_header(char *buf, size_t buf_bytes)
{
    size_t off = 0;

    APPEND("| op | shape | wave-insts |");
    for (unsigned i = 0; i < N_CLASSES; i++)
        APPEND(" %s |", classes[i]);
    APPEND(" loop VALU | loop FMA/WMMA | loop VOPD | VGPRs used/alloc | waves/SIMD |"
           " LDS B/FMA |"
           " global B/FLOP |\n|---|---|--:|");
    for (unsigned i = 0; i < N_CLASSES; i++)
        APPEND("--:|");
    APPEND("--:|--:|--:|--:|--:|--:|--:|");
    return (int)off;
}

int kern_mix_format_row(const struct kern_mix *m, char *buf, size_t buf_bytes)
{
    char shape[160];
    size_t off = 0;

    kern_shape_str(&m->shape, shape, sizeof(shape));
    APPEND("| %s | %s | %llu |", kern_op_name(m->shape.op), shape,
           (unsigned long long)m->all.insts);
    for (unsigned i = 0; i < N_CLASSES; i++)
        APPEND(" %llu |", (unsigned long long)class_count(&m->all, classes[i]));
    if (m->has_loop)
        APPEND(" %llu | %.1f%% | %.1f%% |", (unsigned long long)m->loop_valu,
               100 * m->loop_work_share, 100 * m->loop_vopd_share);
    else
        APPEND(" — | — | — |");
    APPEND(" %u/%u | %u |", m->vgprs_used, m->vgprs, m->waves_per_simd);
    if (m->lds_bytes_per_fma >= 0)
        APPEND(" %.3f | %.4f |", m->lds_bytes_per_fma, m->global_bytes_per_flop);
    else
        APPEND(" — | — |");
    return (int)off;
}
