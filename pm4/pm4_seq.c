/* pm4/pm4_seq.c — dispatch, barrier and fence sequences; see pm4_seq.h. */
#include "pm4/pm4_seq.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* One SET_SH_REG(_INDEX) of the dispatch sequence. */
struct seq_step {
    enum pm4_reg first;
    unsigned n;
    bool cu_mask;              /* SET_SH_REG_INDEX APPLY_KMD_CU_AND_MASK */
    const uint32_t *values;
};

/* The dispatch as a list of register writes; the values live here. */
struct dispatch_seq {
    uint32_t zeros[4];
    uint32_t all_cus[4];
    uint32_t pgm[2], rsrc12[2], rsrc3, tmpring, scratch[2], start_threads[6];
    struct seq_step steps[16];
    unsigned n_steps;
    uint32_t initiator;
};

static void step(struct dispatch_seq *s, enum pm4_reg first, unsigned n, bool cu_mask,
                 const uint32_t *values)
{
    s->steps[s->n_steps++] = (struct seq_step){first, n, cu_mask, values};
}

static uint32_t all_cus(void)
{
    uint32_t v = 0;

    /* Every field takes its own maximum. */
    pm4_set(PM4_F_COMPUTE_STATIC_THREAD_MGMT_SE0_SA0_CU_EN, &v,
            pm4_field_max(PM4_F_COMPUTE_STATIC_THREAD_MGMT_SE0_SA0_CU_EN));
    pm4_set(PM4_F_COMPUTE_STATIC_THREAD_MGMT_SE0_SA1_CU_EN, &v,
            pm4_field_max(PM4_F_COMPUTE_STATIC_THREAD_MGMT_SE0_SA1_CU_EN));
    return v;
}

uint32_t pm4_dispatch_initiator(bool partial)
{
    uint32_t v = 0;

    /* One-bit fields set to 0 or 1: they always fit. */
    pm4_set(PM4_F_COMPUTE_DISPATCH_INITIATOR_COMPUTE_SHADER_EN, &v, 1);
    pm4_set(PM4_F_COMPUTE_DISPATCH_INITIATOR_PARTIAL_TG_EN, &v, partial);
    pm4_set(PM4_F_COMPUTE_DISPATCH_INITIATOR_FORCE_START_AT_000, &v, 1);
    pm4_set(PM4_F_COMPUTE_DISPATCH_INITIATOR_ORDER_MODE, &v, 1);
    pm4_set(PM4_F_COMPUTE_DISPATCH_INITIATOR_CS_W32_EN, &v, 1);
    return v;
}

static int refuse(char *msg, size_t bytes, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int refuse(char *msg, size_t bytes, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, bytes, fmt, ap);
    va_end(ap);
    return -EINVAL;
}

/* Check d and build its register writes into s.  Returns 0 or -EINVAL with
 * the reason in msg. */
static int build_dispatch(const struct pm4_dispatch *d, struct dispatch_seq *s, char *msg,
                          size_t bytes)
{
    static const char axis[3] = {'X', 'Y', 'Z'};
    uint64_t items = 1;
    uint32_t rsrc2, lds_granules;
    bool partial = false;

    memset(s, 0, sizeof(*s));
    if (!d)
        return refuse(msg, bytes, "no dispatch");
    if (d->code_va % PM4_CODE_ALIGN_BYTES)
        return refuse(msg, bytes, "code VA 0x%llx is not %u-byte aligned",
                      (unsigned long long)d->code_va, PM4_CODE_ALIGN_BYTES);
    if (d->grid[0] == 0 || d->grid[1] == 0 || d->grid[2] == 0)
        return refuse(msg, bytes, "grid %u×%u×%u has a zero dimension", d->grid[0], d->grid[1],
                      d->grid[2]);
    for (int i = 0; i < 3; i++) {
        if (d->block[i] == 0 || !pm4_fits(PM4_F_COMPUTE_NUM_THREAD_X_NUM_THREAD_FULL, d->block[i]))
            return refuse(msg, bytes, "block %u×%u×%u: dimension %c must be 1..%u", d->block[0],
                          d->block[1], d->block[2], axis[i], PM4_MAX_BLOCK_ITEMS);
        if (d->last_block[i] > d->block[i])
            return refuse(msg, bytes, "last workgroup of %u work-items in %c exceeds the block's %u",
                          d->last_block[i], axis[i], d->block[i]);
        if (d->last_block[i] && d->last_block[i] != d->block[i])
            partial = true;
        items *= d->block[i];
    }
    if (items > PM4_MAX_BLOCK_ITEMS)
        return refuse(msg, bytes, "block %u×%u×%u = %llu work-items, more than %u", d->block[0],
                      d->block[1], d->block[2], (unsigned long long)items, PM4_MAX_BLOCK_ITEMS);
    if (d->num_user_sgprs > PM4_MAX_USER_SGPRS)
        return refuse(msg, bytes, "%u user SGPRs, at most %u (COMPUTE_USER_DATA_0..15)",
                      d->num_user_sgprs, PM4_MAX_USER_SGPRS);
    if (d->num_user_sgprs && !d->user_sgprs)
        return refuse(msg, bytes, "%u user SGPRs but no values", d->num_user_sgprs);
    if (pm4_get(PM4_F_COMPUTE_PGM_RSRC2_USER_SGPR, d->rsrc2) != d->num_user_sgprs)
        return refuse(msg, bytes, "RSRC2.USER_SGPR says %u user SGPRs, %u values given",
                      pm4_get(PM4_F_COMPUTE_PGM_RSRC2_USER_SGPR, d->rsrc2), d->num_user_sgprs);
    if (d->lds_bytes > PM4_MAX_LDS_BYTES)
        return refuse(msg, bytes, "%u bytes of LDS, more than %u", d->lds_bytes,
                      PM4_MAX_LDS_BYTES);
    if (pm4_get(PM4_F_COMPUTE_PGM_RSRC2_SCRATCH_EN, d->rsrc2) &&
        (!d->scratch_va || !d->tmpring_size))
        return refuse(msg, bytes, "the kernel uses scratch (RSRC2.SCRATCH_EN) but no scratch "
                      "base or COMPUTE_TMPRING_SIZE was given");
    if (d->scratch_va % PM4_SCRATCH_ALIGN_BYTES)
        return refuse(msg, bytes, "scratch VA 0x%llx is not %u-byte aligned",
                      (unsigned long long)d->scratch_va, PM4_SCRATCH_ALIGN_BYTES);

    /* RSRC2.LDS_SIZE: the larger of the descriptor's and the LDS asked for
     * (LLVM leaves it 0 for amdhsa: the dispatcher fills it in). */
    rsrc2 = d->rsrc2;
    lds_granules = (d->lds_bytes + PM4_LDS_GRANULE_BYTES - 1) / PM4_LDS_GRANULE_BYTES;
    if (lds_granules > pm4_get(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE, rsrc2))
        pm4_set(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE, &rsrc2, lds_granules); /* <= 128: fits 9 bits */
    if ((uint64_t)pm4_get(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE, rsrc2) * PM4_LDS_GRANULE_BYTES >
        PM4_MAX_LDS_BYTES)
        return refuse(msg, bytes, "RSRC2.LDS_SIZE %u asks for more than %u bytes of LDS",
                      pm4_get(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE, rsrc2), PM4_MAX_LDS_BYTES);

    /* Addresses >> 8 into LO (bits [39:8]) and HI (bits [47:40]). */
    s->pgm[0] = (uint32_t)(d->code_va >> 8);
    s->pgm[1] = (uint32_t)(d->code_va >> 40);
    if (!pm4_fits(PM4_F_COMPUTE_PGM_HI_DATA, d->code_va >> 40))
        return refuse(msg, bytes, "code VA 0x%llx is above 2^48", (unsigned long long)d->code_va);
    s->scratch[0] = (uint32_t)(d->scratch_va >> 8);
    s->scratch[1] = (uint32_t)(d->scratch_va >> 40);
    if (!pm4_fits(PM4_F_COMPUTE_DISPATCH_SCRATCH_BASE_HI_DATA, d->scratch_va >> 40))
        return refuse(msg, bytes, "scratch VA 0x%llx is above 2^48",
                      (unsigned long long)d->scratch_va);
    s->rsrc12[0] = d->rsrc1;
    s->rsrc12[1] = rsrc2;
    s->rsrc3 = d->rsrc3;
    s->tmpring = d->tmpring_size;
    for (int i = 0; i < 4; i++)
        s->all_cus[i] = all_cus();
    /* START_X..Z = 0, then NUM_THREAD_X..Z: FULL = block, PARTIAL = the last
     * workgroup's size, or the full size when it is not partial (radeonsi). */
    for (int i = 0; i < 3; i++) {
        uint32_t nt = 0;
        uint32_t last = d->last_block[i] ? d->last_block[i] : d->block[i];

        pm4_set(PM4_F_COMPUTE_NUM_THREAD_X_NUM_THREAD_FULL, &nt, d->block[i]);
        pm4_set(PM4_F_COMPUTE_NUM_THREAD_X_NUM_THREAD_PARTIAL, &nt, partial ? last : 0);
        s->start_threads[3 + i] = nt;
    }
    s->initiator = pm4_dispatch_initiator(partial);

    step(s, PM4_REG_COMPUTE_REQ_CTRL, 1, false, s->zeros);
    step(s, PM4_REG_COMPUTE_USER_ACCUM_0, 4, false, s->zeros);
    step(s, PM4_REG_COMPUTE_STATIC_THREAD_MGMT_SE0, 2, true, s->all_cus);
    step(s, PM4_REG_COMPUTE_STATIC_THREAD_MGMT_SE2, 2, true, s->all_cus);
    step(s, PM4_REG_COMPUTE_STATIC_THREAD_MGMT_SE4, 4, true, s->all_cus);
    step(s, PM4_REG_COMPUTE_PGM_LO, 2, false, s->pgm);
    step(s, PM4_REG_COMPUTE_PGM_RSRC1, 2, false, s->rsrc12);
    step(s, PM4_REG_COMPUTE_PGM_RSRC3, 1, false, &s->rsrc3);
    step(s, PM4_REG_COMPUTE_TMPRING_SIZE, 1, false, &s->tmpring);
    step(s, PM4_REG_COMPUTE_DISPATCH_SCRATCH_BASE_LO, 2, false, s->scratch);
    step(s, PM4_REG_COMPUTE_RESTART_X, 3, false, s->zeros);
    if (d->num_user_sgprs)
        step(s, PM4_REG_COMPUTE_USER_DATA_0, d->num_user_sgprs, false, d->user_sgprs);
    step(s, PM4_REG_COMPUTE_RESOURCE_LIMITS, 1, false, s->zeros);
    step(s, PM4_REG_COMPUTE_START_X, 6, false, s->start_threads);
    return 0;
}

size_t pm4_dispatch_dw(const struct pm4_dispatch *d)
{
    struct dispatch_seq s;
    char msg[8];
    size_t dw = pm4_dispatch_direct_dw();

    if (build_dispatch(d, &s, msg, sizeof(msg)))
        return 0; /* refused: emits nothing */
    for (unsigned i = 0; i < s.n_steps; i++)
        dw += s.steps[i].cu_mask ? pm4_set_sh_reg_index_dw(s.steps[i].n)
                                 : pm4_set_sh_reg_dw(s.steps[i].n);
    return dw;
}

int pm4_emit_dispatch(struct pm4_ib *ib, const struct pm4_dispatch *d)
{
    struct dispatch_seq s;
    char msg[200];

    if (ib->err)
        return ib->err;
    if (build_dispatch(d, &s, msg, sizeof(msg)))
        return pm4_ib_fail(ib, -EINVAL, "pm4: dispatch refused: %s", msg);
    for (unsigned i = 0; i < s.n_steps; i++) {
        const struct seq_step *st = &s.steps[i];

        if (st->cu_mask)
            pm4_emit_set_sh_reg_index(ib, st->first, PM4_SH_INDEX_APPLY_KMD_CU_AND_MASK,
                                      st->values, st->n);
        else
            pm4_emit_set_sh_regs(ib, st->first, st->values, st->n);
    }
    return pm4_emit_dispatch_direct(ib, d->grid[0], d->grid[1], d->grid[2], s.initiator);
}

size_t pm4_barrier_dw(void)
{
    return pm4_event_write_dw() + pm4_acquire_mem_dw();
}

int pm4_emit_barrier(struct pm4_ib *ib)
{
    pm4_emit_event_write(ib, PM4_EVENT_TYPE_CS_PARTIAL_FLUSH, PM4_EVENT_INDEX_CS_PARTIAL_FLUSH);
    return pm4_emit_acquire_mem(ib, PM4_CACHE_WB_INV);
}

size_t pm4_fence_dw(const struct pm4_fence *f)
{
    return (f && f->timestamp_va ? 2 : 1) * pm4_release_mem_dw();
}

int pm4_emit_fence(struct pm4_ib *ib, const struct pm4_fence *f)
{
    struct pm4_release_mem rm;

    if (ib->err)
        return ib->err;
    if (!f)
        return pm4_ib_fail(ib, -EINVAL, "pm4: no fence");
    if (f->timestamp_va) {
        rm = (struct pm4_release_mem){
            .event_type = PM4_EVENT_TYPE_BOTTOM_OF_PIPE_TS,
            .cache = PM4_CACHE_NONE,
            .cache_policy = PM4_CACHE_POLICY_LRU,
            .data_sel = PM4_DATA_SEL_SEND_GPU_CLOCK_COUNTER,
            .int_sel = PM4_INT_SEL_NONE,
            .dst_va = f->timestamp_va,
        };
        pm4_emit_release_mem(ib, &rm);
    }
    rm = (struct pm4_release_mem){
        .event_type = PM4_EVENT_TYPE_CACHE_FLUSH_AND_INV_TS_EVENT,
        .cache = PM4_CACHE_WB,
        .cache_policy = PM4_CACHE_POLICY_BYPASS,
        .data_sel = f->value_64 ? PM4_DATA_SEL_SEND_64_BIT_DATA : PM4_DATA_SEL_SEND_32_BIT_LOW,
        .int_sel = PM4_INT_SEL_NONE,
        .dst_va = f->va,
        .data = f->value,
    };
    return pm4_emit_release_mem(ib, &rm);
}
