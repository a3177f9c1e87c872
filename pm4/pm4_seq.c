/* pm4/pm4_seq.c — dispatch, barrier and fence sequences; see pm4_seq.h. */
#include "pm4/pm4_seq.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>


_Static_assert(PM4_REG_COMPUTE_USER_DATA_15 - PM4_REG_COMPUTE_USER_DATA_0 == 15 &&
               PM4_DW_COMPUTE_USER_DATA_15 - PM4_DW_COMPUTE_USER_DATA_0 == 15,
               "COMPUTE_USER_DATA_0..15 are consecutive rows and registers");
_Static_assert(PM4_MAX_USER_SGPRS == 16, "one value per COMPUTE_USER_DATA_n");

/* Zero values for the kernel-independent registers. */
static const uint32_t zeros[4];

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

/* ---------------------------------------------------------------- the kernel's part */

/* The kernel-independent registers written before a kernel block:
 * COMPUTE_REQ_CTRL, COMPUTE_USER_ACCUM_0..3, the CU masks. */
static size_t fixed_head_dw(void)
{
    return pm4_set_sh_reg_dw(1) + pm4_set_sh_reg_dw(4) + pm4_set_sh_reg_index_dw(2) +
           pm4_set_sh_reg_index_dw(2) + pm4_set_sh_reg_index_dw(4);
}

static void emit_fixed_head(struct pm4_ib *ib)
{
    uint32_t cus[4];

    for (int i = 0; i < 4; i++)
        cus[i] = all_cus();
    pm4_emit_set_sh_regs(ib, PM4_REG_COMPUTE_REQ_CTRL, zeros, 1);
    pm4_emit_set_sh_regs(ib, PM4_REG_COMPUTE_USER_ACCUM_0, zeros, 4);
    pm4_emit_set_sh_reg_index(ib, PM4_REG_COMPUTE_STATIC_THREAD_MGMT_SE0,
                              PM4_SH_INDEX_APPLY_KMD_CU_AND_MASK, cus, 2);
    pm4_emit_set_sh_reg_index(ib, PM4_REG_COMPUTE_STATIC_THREAD_MGMT_SE2,
                              PM4_SH_INDEX_APPLY_KMD_CU_AND_MASK, cus, 2);
    pm4_emit_set_sh_reg_index(ib, PM4_REG_COMPUTE_STATIC_THREAD_MGMT_SE4,
                              PM4_SH_INDEX_APPLY_KMD_CU_AND_MASK, cus, 4);
}

/* Check the kernel's part of its dispatches.  0, or -EINVAL with the
 * reason in msg. */
static int check_kernel(const struct pm4_kernel_desc *k, char *msg, size_t bytes)
{
    uint32_t sgprs = pm4_get(PM4_F_COMPUTE_PGM_RSRC2_USER_SGPR, k->rsrc2);
    uint32_t lds_size = pm4_get(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE, k->rsrc2);

    if (k->code_va % PM4_CODE_ALIGN_BYTES)
        return refuse(msg, bytes, "code VA 0x%llx is not %u-byte aligned",
                      (unsigned long long)k->code_va, PM4_CODE_ALIGN_BYTES);
    /* Addresses >> 8 into LO (bits [39:8]) and HI (bits [47:40]). */
    if (!pm4_fits(PM4_F_COMPUTE_PGM_HI_DATA, k->code_va >> 40))
        return refuse(msg, bytes, "code VA 0x%llx is above 2^48", (unsigned long long)k->code_va);
    if (sgprs > PM4_MAX_USER_SGPRS)
        return refuse(msg, bytes, "RSRC2.USER_SGPR asks for %u user SGPRs, at most %u "
                      "(COMPUTE_USER_DATA_0..15)", sgprs, PM4_MAX_USER_SGPRS);
    if ((uint64_t)lds_size * PM4_LDS_GRANULE_BYTES > PM4_MAX_LDS_BYTES)
        return refuse(msg, bytes, "RSRC2.LDS_SIZE %u asks for more than %u bytes of LDS", lds_size,
                      PM4_MAX_LDS_BYTES);
    if (pm4_get(PM4_F_COMPUTE_PGM_RSRC2_SCRATCH_EN, k->rsrc2) &&
        (!k->scratch_va || !k->tmpring_size))
        return refuse(msg, bytes, "the kernel uses scratch (RSRC2.SCRATCH_EN) but no scratch "
                      "base or COMPUTE_TMPRING_SIZE was given");
    if (k->scratch_va % PM4_SCRATCH_ALIGN_BYTES)
        return refuse(msg, bytes, "scratch VA 0x%llx is not %u-byte aligned",
                      (unsigned long long)k->scratch_va, PM4_SCRATCH_ALIGN_BYTES);
    if (!pm4_fits(PM4_F_COMPUTE_DISPATCH_SCRATCH_BASE_HI_DATA, k->scratch_va >> 40))
        return refuse(msg, bytes, "scratch VA 0x%llx is above 2^48",
                      (unsigned long long)k->scratch_va);
    return 0;
}

static int kernel_regs_build(struct pm4_kernel_regs *kr, const struct pm4_kernel_desc *k,
                             char *msg, size_t bytes)
{
    static _Atomic uint64_t last_id;
    const uint32_t pgm[2] = {(uint32_t)(k->code_va >> 8), (uint32_t)(k->code_va >> 40)};
    const uint32_t scratch[2] = {(uint32_t)(k->scratch_va >> 8), (uint32_t)(k->scratch_va >> 40)};
    const uint32_t rsrc12[2] = {k->rsrc1, k->rsrc2};
    struct pm4_ib b;
    unsigned n;
    int ret;

    memset(kr, 0, sizeof(*kr));
    if ((ret = check_kernel(k, msg, bytes)))
        return ret;
    pm4_ib_init_fixed(&b, kr->block, PM4_KERNEL_BLOCK_DW);
    pm4_emit_set_sh_regs(&b, PM4_REG_COMPUTE_PGM_LO, pgm, 2);
    kr->rsrc2_dw = (unsigned)(b.cdw + pm4_set_sh_reg_dw(0)) +
                   (PM4_REG_COMPUTE_PGM_RSRC2 - PM4_REG_COMPUTE_PGM_RSRC1);
    pm4_emit_set_sh_regs(&b, PM4_REG_COMPUTE_PGM_RSRC1, rsrc12, 2);
    pm4_emit_set_sh_reg(&b, PM4_REG_COMPUTE_PGM_RSRC3, k->rsrc3);
    pm4_emit_set_sh_reg(&b, PM4_REG_COMPUTE_TMPRING_SIZE, k->tmpring_size);
    pm4_emit_set_sh_regs(&b, PM4_REG_COMPUTE_DISPATCH_SCRATCH_BASE_LO, scratch, 2);
    /* Whole register values into table registers: nothing to refuse. */
    assert(!b.err && b.cdw == PM4_KERNEL_BLOCK_DW);

    n = pm4_get(PM4_F_COMPUTE_PGM_RSRC2_USER_SGPR, k->rsrc2);
    kr->rsrc2 = k->rsrc2;
    kr->num_user_sgprs = n;
    kr->initiator[0] = pm4_dispatch_initiator(false);
    kr->initiator[1] = pm4_dispatch_initiator(true);
    kr->full_dw = fixed_head_dw() + PM4_KERNEL_BLOCK_DW + pm4_set_sh_reg_dw(3) +
                  (n ? pm4_set_sh_reg_dw(n) : 0) + pm4_set_sh_reg_dw(1) + pm4_set_sh_reg_dw(6) +
                  pm4_dispatch_direct_dw();
    kr->id = ++last_id;
    return 0;
}

int pm4_kernel_regs_init(struct pm4_kernel_regs *kr, const struct pm4_kernel_desc *k, char *why,
                         size_t why_bytes)
{
    char dummy[1];

    if (!why) {
        why = dummy;
        why_bytes = sizeof(dummy);
    }
    return kernel_regs_build(kr, k, why, why_bytes);
}

/* ---------------------------------------------------------------- a launch */

/* What a launch writes besides user SGPRs and the grid. */
struct launch_regs {
    uint32_t rsrc2;            /* the kernel's, LDS_SIZE raised to the launch's LDS */
    uint32_t num_thread[3];
    bool partial;
};

/* Check l against kernel kr and work out its registers.  0, or -EINVAL with
 * the reason in msg. */
static int check_launch(const struct pm4_kernel_regs *kr, const struct pm4_launch *l,
                        struct launch_regs *out, char *msg, size_t bytes)
{
    static const char axis[3] = {'X', 'Y', 'Z'};
    uint64_t items = 1;
    uint32_t lds_granules;

    out->partial = false;
    if (l->grid[0] == 0 || l->grid[1] == 0 || l->grid[2] == 0)
        return refuse(msg, bytes, "grid %u×%u×%u has a zero dimension", l->grid[0], l->grid[1],
                      l->grid[2]);
    for (int i = 0; i < 3; i++) {
        if (l->block[i] == 0 || !pm4_fits(PM4_F_COMPUTE_NUM_THREAD_X_NUM_THREAD_FULL, l->block[i]))
            return refuse(msg, bytes, "block %u×%u×%u: dimension %c must be 1..%u", l->block[0],
                          l->block[1], l->block[2], axis[i], PM4_MAX_BLOCK_ITEMS);
        if (l->last_block[i] > l->block[i])
            return refuse(msg, bytes, "last workgroup of %u work-items in %c exceeds the block's %u",
                          l->last_block[i], axis[i], l->block[i]);
        if (l->last_block[i] && l->last_block[i] != l->block[i])
            out->partial = true;
        items *= l->block[i];
    }
    if (items > PM4_MAX_BLOCK_ITEMS)
        return refuse(msg, bytes, "block %u×%u×%u = %llu work-items, more than %u", l->block[0],
                      l->block[1], l->block[2], (unsigned long long)items, PM4_MAX_BLOCK_ITEMS);
    if (l->num_user_sgprs > PM4_MAX_USER_SGPRS)
        return refuse(msg, bytes, "%u user SGPRs, at most %u (COMPUTE_USER_DATA_0..15)",
                      l->num_user_sgprs, PM4_MAX_USER_SGPRS);
    if (l->num_user_sgprs && !l->user_sgprs)
        return refuse(msg, bytes, "%u user SGPRs but no values", l->num_user_sgprs);
    if (l->num_user_sgprs != kr->num_user_sgprs)
        return refuse(msg, bytes, "RSRC2.USER_SGPR says %u user SGPRs, %u values given",
                      kr->num_user_sgprs, l->num_user_sgprs);
    if (l->lds_bytes > PM4_MAX_LDS_BYTES)
        return refuse(msg, bytes, "%u bytes of LDS, more than %u", l->lds_bytes,
                      PM4_MAX_LDS_BYTES);

    /* RSRC2.LDS_SIZE: the larger of the descriptor's and the LDS asked for
     * (LLVM leaves it 0 for amdhsa: the dispatcher fills it in). */
    out->rsrc2 = kr->rsrc2;
    lds_granules = (l->lds_bytes + PM4_LDS_GRANULE_BYTES - 1) / PM4_LDS_GRANULE_BYTES;
    if (lds_granules > pm4_get(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE, out->rsrc2))
        pm4_set(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE, &out->rsrc2, lds_granules); /* <= 128: fits 9 bits */
    /* NUM_THREAD_X..Z: FULL = block, PARTIAL = the last workgroup's size, or
     * the full size when it is not partial (radeonsi). */
    for (int i = 0; i < 3; i++) {
        uint32_t last = l->last_block[i] ? l->last_block[i] : l->block[i];

        out->num_thread[i] = 0;
        pm4_set(PM4_F_COMPUTE_NUM_THREAD_X_NUM_THREAD_FULL, &out->num_thread[i], l->block[i]);
        pm4_set(PM4_F_COMPUTE_NUM_THREAD_X_NUM_THREAD_PARTIAL, &out->num_thread[i],
                out->partial ? last : 0);
    }
    return 0;
}

void pm4_dispatch_state_reset(struct pm4_dispatch_state *st)
{
    st->fixed_set = false;
    st->threads_set = false;
    st->kernel_id = 0;
    st->rsrc2 = 0;
    st->user_sgprs_set = 0;
}

int pm4_emit_launch(struct pm4_ib *ib, struct pm4_dispatch_state *st,
                    const struct pm4_kernel_regs *kr, const struct pm4_launch *l)
{
    struct launch_regs lr;
    unsigned n = kr->num_user_sgprs, u_first = n, u_end = 0;
    bool fixed, kernel, threads;
    char msg[200];

    if (ib->err)
        return ib->err;
    if (check_launch(kr, l, &lr, msg, sizeof(msg)))
        return pm4_ib_fail(ib, -EINVAL, "pm4: dispatch refused: %s", msg);

    /* What the registers do not hold yet. */
    fixed = !st->fixed_set;
    kernel = fixed || st->kernel_id != kr->id || st->rsrc2 != lr.rsrc2;
    threads = fixed || !st->threads_set ||
              memcmp(st->num_thread, lr.num_thread, sizeof(lr.num_thread));
    for (unsigned i = 0; i < n; i++) {
        if (i < st->user_sgprs_set && st->user_sgprs[i] == l->user_sgprs[i])
            continue;
        if (u_first == n)
            u_first = i;
        u_end = i + 1;
    }

    /* In the order of the full sequence (pm4_seq.h). */
    if (fixed)
        emit_fixed_head(ib);
    if (kernel) {
        size_t at = ib->cdw;

        if (!pm4_ib_put(ib, kr->block, PM4_KERNEL_BLOCK_DW, NULL, 0))
            ib->buf[at + kr->rsrc2_dw] = lr.rsrc2;
    }
    if (fixed)
        pm4_emit_set_sh_regs(ib, PM4_REG_COMPUTE_RESTART_X, zeros, 3);
    if (u_first < u_end)
        pm4_emit_set_sh_regs(ib, (enum pm4_reg)(PM4_REG_COMPUTE_USER_DATA_0 + u_first),
                             l->user_sgprs + u_first, u_end - u_first);
    if (fixed) {
        uint32_t start_threads[6] = {0, 0, 0, lr.num_thread[0], lr.num_thread[1],
                                     lr.num_thread[2]};

        pm4_emit_set_sh_regs(ib, PM4_REG_COMPUTE_RESOURCE_LIMITS, zeros, 1);
        pm4_emit_set_sh_regs(ib, PM4_REG_COMPUTE_START_X, start_threads, 6);
    } else if (threads) {
        pm4_emit_set_sh_regs(ib, PM4_REG_COMPUTE_NUM_THREAD_X, lr.num_thread, 3);
    }
    pm4_emit_dispatch_direct(ib, l->grid[0], l->grid[1], l->grid[2], kr->initiator[lr.partial]);
    if (ib->err)
        return ib->err;

    st->fixed_set = true;
    st->kernel_id = kr->id;
    st->rsrc2 = lr.rsrc2;
    if (u_first < u_end)
        memcpy(st->user_sgprs + u_first, l->user_sgprs + u_first,
               (u_end - u_first) * sizeof(uint32_t));
    if (u_end > st->user_sgprs_set)
        st->user_sgprs_set = u_end;
    st->threads_set = true;
    memcpy(st->num_thread, lr.num_thread, sizeof(lr.num_thread));
    return 0;
}

size_t pm4_dispatch_dw(const struct pm4_dispatch *d)
{
    struct pm4_kernel_regs kr;
    struct launch_regs lr;
    char msg[8];

    if (!d || kernel_regs_build(&kr, &d->kernel, msg, sizeof(msg)) ||
        check_launch(&kr, &d->launch, &lr, msg, sizeof(msg)))
        return 0; /* refused: emits nothing */
    return kr.full_dw;
}

int pm4_emit_dispatch(struct pm4_ib *ib, const struct pm4_dispatch *d)
{
    struct pm4_kernel_regs kr;
    struct pm4_dispatch_state st;
    char msg[200];

    if (ib->err)
        return ib->err;
    if (!d)
        return pm4_ib_fail(ib, -EINVAL, "pm4: dispatch refused: no dispatch");
    if (kernel_regs_build(&kr, &d->kernel, msg, sizeof(msg)))
        return pm4_ib_fail(ib, -EINVAL, "pm4: dispatch refused: %s", msg);
    pm4_dispatch_state_reset(&st);
    return pm4_emit_launch(ib, &st, &kr, &d->launch);
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
