/* pm4/pm4_ib.c — IB builder and PM4 packet emitters; see pm4_ib.h. */
#include "pm4/pm4_ib.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm4/log.h"

/* ACQUIRE_MEM POLL_INTERVAL: the value Linux gfx_v11_0_emit_mem_sync and
 * Mesa's ac_emit_cp_acquire_mem write. */
#define ACQUIRE_MEM_POLL_INTERVAL 10u

/* ---------------------------------------------------------------- the stream */

int pm4_ib_init(struct pm4_ib *ib, size_t initial_dw)
{
    memset(ib, 0, sizeof(*ib));
    ib->growable = true;
    ib->limit_dw = PM4_IB_MAX_DW;
    if (initial_dw > ib->limit_dw)
        initial_dw = ib->limit_dw;
    if (initial_dw) {
        ib->buf = malloc(initial_dw * sizeof(uint32_t));
        if (!ib->buf)
            return amdpm4_seterr(-ENOMEM, "pm4: no memory for a %zu-dword IB", initial_dw);
        ib->max_dw = initial_dw;
    }
    return 0;
}

void pm4_ib_init_fixed(struct pm4_ib *ib, uint32_t *buf, size_t max_dw)
{
    memset(ib, 0, sizeof(*ib));
    ib->buf = buf;
    ib->max_dw = max_dw;
    ib->limit_dw = max_dw;
}

void pm4_ib_fini(struct pm4_ib *ib)
{
    if (ib->growable)
        free(ib->buf);
    memset(ib, 0, sizeof(*ib));
}

void pm4_ib_reset(struct pm4_ib *ib)
{
    ib->cdw = 0;
    ib->err = 0;
    ib->sealed = false;
    ib->errmsg[0] = '\0';
}

int pm4_ib_fail(struct pm4_ib *ib, int err, const char *fmt, ...)
{
    va_list ap;

    if (ib->err)
        return ib->err;
    ib->err = err;
    va_start(ap, fmt);
    vsnprintf(ib->errmsg, sizeof(ib->errmsg), fmt, ap);
    va_end(ap);
    return amdpm4_seterr(err, "%s", ib->errmsg);
}

int pm4_ib_finish(struct pm4_ib *ib)
{
    if (ib->err)
        amdpm4_seterr(ib->err, "%s", ib->errmsg);
    return ib->err;
}

uint32_t pm4_ib_field_refused(struct pm4_ib *ib, enum pm4_field f, uint64_t value)
{
    char name[96];

    pm4_ib_fail(ib, -ERANGE, "pm4: %s: 0x%llx does not fit its %u bits (max 0x%x)",
                pm4_field_fullname(f, name, sizeof(name)), (unsigned long long)value,
                (unsigned)pm4_fields[f].hi - pm4_fields[f].lo + 1u, pm4_field_max(f));
    return 0;
}

static int ib_grow(struct pm4_ib *ib, size_t need_dw)
{
    size_t cap = ib->max_dw ? ib->max_dw : 64;
    uint32_t *p;

    while (cap < need_dw)
        cap *= 2;
    if (cap > ib->limit_dw)
        cap = ib->limit_dw;
    p = realloc(ib->buf, cap * sizeof(uint32_t));
    if (!p)
        return pm4_ib_fail(ib, -ENOMEM, "pm4: no memory to grow the IB to %zu dwords", cap);
    ib->buf = p;
    ib->max_dw = cap;
    return 0;
}

/* Room for n more dwords at the end of the stream (not yet counted), or
 * NULL with the stream failed. */
static uint32_t *ib_claim(struct pm4_ib *ib, size_t n)
{
    if (ib->err)
        return NULL;
    if (ib->sealed) {
        pm4_ib_fail(ib, -EINVAL,
                    "pm4: the IB already ends with a chained INDIRECT_BUFFER; nothing may follow");
        return NULL;
    }
    if (n > ib->limit_dw || ib->cdw > ib->limit_dw - n) {
        pm4_ib_fail(ib, ib->growable ? -E2BIG : -ENOSPC,
                    "pm4: IB full: %zu + %zu dwords exceed its %zu-dword limit", ib->cdw, n,
                    ib->limit_dw);
        return NULL;
    }
    if (ib->cdw + n > ib->max_dw && ib_grow(ib, ib->cdw + n))
        return NULL;
    return ib->buf + ib->cdw;
}

int pm4_ib_put(struct pm4_ib *ib, const uint32_t *head, size_t n_head, const uint32_t *tail,
               size_t n_tail)
{
    uint32_t *p = ib_claim(ib, n_head + n_tail);

    if (!p)
        return ib->err;
    if (n_head)
        memcpy(p, head, n_head * sizeof(uint32_t));
    if (n_tail)
        memcpy(p + n_head, tail, n_tail * sizeof(uint32_t));
    ib->cdw += n_head + n_tail;
    return 0;
}

int pm4_ib_put_zeros(struct pm4_ib *ib, uint32_t header, size_t n_zero)
{
    uint32_t *p = ib_claim(ib, 1 + n_zero);

    if (!p)
        return ib->err;
    p[0] = header;
    memset(p + 1, 0, n_zero * sizeof(uint32_t));
    ib->cdw += 1 + n_zero;
    return 0;
}

/* Header of a packet with body_dw body dwords; refuses a body the table does
 * not allow for the packet. */
static uint32_t header(struct pm4_ib *ib, unsigned opcode, size_t body_dw)
{
    const struct pm4_pkt_info *pi = pm4_pkt_info(opcode);
    uint32_t h = 0;

    if (!pi || body_dw < pi->body_min || body_dw > pi->body_max) {
        pm4_ib_fail(ib, -EINVAL, "pm4: %s: %zu body dwords, the packet takes %u..%u",
                    pi ? pi->name : "?", body_dw, pi ? pi->body_min : 0, pi ? pi->body_max : 0);
        return 0;
    }
    if (pm4_pkt3_header(opcode, (uint32_t)body_dw, pi->shader_type, &h))
        pm4_ib_fail(ib, -ERANGE, "pm4: %s: no header for %zu body dwords", pi->name, body_dw);
    return h;
}

bool pm4_ib_aligned(struct pm4_ib *ib, const char *what, uint64_t va, unsigned align_bytes)
{
    if (va % align_bytes == 0)
        return true;
    pm4_ib_fail(ib, -EINVAL, "%s 0x%llx is not %u-byte aligned", what, (unsigned long long)va,
                align_bytes);
    return false;
}

/* The absolute dword address reg_dw must name a register of the table. */
static bool known_reg(struct pm4_ib *ib, const char *what, uint64_t reg_dw)
{
    if (reg_dw <= UINT32_MAX && pm4_reg_by_dw((uint32_t)reg_dw) >= 0)
        return true;
    pm4_ib_fail(ib, -EINVAL, "pm4: %s: 0x%llx is no register of the gfx11 table", what,
                (unsigned long long)reg_dw);
    return false;
}

/* ---------------------------------------------------------------- SET_*_REG */

/* 0. header
 * 1. INDEX [31:28] | VMID_SHIFT [27:23] | REG_OFFSET [15:0] (from the window's FIRST_DW)
 * 2.. one value per consecutive register */
static int emit_regs(struct pm4_ib *ib, unsigned opcode, enum pm4_field f_offset, int f_index,
                     enum pm4_reg first, unsigned index, const uint32_t *values, unsigned n)
{
    const struct pm4_pkt_info *pi = pm4_pkt_info(opcode);
    const struct pm4_space_info *sp = &pm4_spaces[pi->space];
    uint32_t pkt[2];

    if (ib->err)
        return ib->err;
    if ((unsigned)first >= PM4_REG_COUNT)
        return pm4_ib_fail(ib, -EINVAL, "pm4: %s: register id %d is not in the table", pi->name,
                           (int)first);
    if (pm4_regs[first].space != pi->space)
        return pm4_ib_fail(ib, -EINVAL, "pm4: %s: %s is a %s register, not %s", pi->name,
                           pm4_regs[first].name, pm4_spaces[pm4_regs[first].space].name, sp->name);
    if (!n || !values)
        return pm4_ib_fail(ib, -EINVAL, "pm4: %s: no values for %s", pi->name,
                           pm4_regs[first].name);
    /* The table is sorted by address without repeats: the run is all table
     * registers of the window iff its last register is the row n - 1 after
     * the first one, n - 1 dwords on, in the same window. */
    if (n > PM4_REG_COUNT - (unsigned)first ||
        pm4_regs[first + n - 1].abs_dw != pm4_regs[first].abs_dw + (n - 1) ||
        pm4_regs[first + n - 1].space != pi->space) {
        uint32_t abs_dw = pm4_regs[first].abs_dw;
        int r;

        while ((r = pm4_reg_by_dw(abs_dw)) >= 0 && pm4_regs[r].space == pi->space)
            abs_dw++;
        return pm4_ib_fail(ib, -EINVAL,
                           "pm4: %s: a run of %u registers from %s reaches 0x%x, which is no %s "
                           "register of the table",
                           pi->name, n, pm4_regs[first].name, abs_dw, sp->name);
    }
    pkt[0] = header(ib, opcode, 1u + n);
    pkt[1] = pm4_ib_field(ib, f_offset, pm4_regs[first].abs_dw - sp->first_dw);
    if (f_index >= 0)
        pkt[1] |= pm4_ib_field(ib, (enum pm4_field)f_index, index);
    return pm4_ib_put(ib, pkt, 2, values, n);
}

size_t pm4_set_sh_reg_dw(unsigned n)
{
    return 2u + n;
}

int pm4_emit_set_sh_regs(struct pm4_ib *ib, enum pm4_reg first, const uint32_t *values,
                         unsigned n)
{
    return emit_regs(ib, PM4_OP_SET_SH_REG, PM4_F_SET_SH_REG_REG_OFFSET, -1, first, 0, values, n);
}

int pm4_emit_set_sh_reg(struct pm4_ib *ib, enum pm4_reg reg, uint32_t value)
{
    return pm4_emit_set_sh_regs(ib, reg, &value, 1);
}

size_t pm4_set_sh_reg_index_dw(unsigned n)
{
    return 2u + n;
}

int pm4_emit_set_sh_reg_index(struct pm4_ib *ib, enum pm4_reg first, unsigned index,
                              const uint32_t *values, unsigned n)
{
    return emit_regs(ib, PM4_OP_SET_SH_REG_INDEX, PM4_F_SET_SH_REG_INDEX_REG_OFFSET,
                     PM4_F_SET_SH_REG_INDEX_INDEX, first, index, values, n);
}

size_t pm4_set_uconfig_reg_dw(unsigned n)
{
    return 2u + n;
}

int pm4_emit_set_uconfig_regs(struct pm4_ib *ib, enum pm4_reg first, const uint32_t *values,
                              unsigned n)
{
    return emit_regs(ib, PM4_OP_SET_UCONFIG_REG, PM4_F_SET_UCONFIG_REG_REG_OFFSET, -1, first, 0,
                     values, n);
}

/* ---------------------------------------------------------------- dispatch */

size_t pm4_dispatch_direct_dw(void)
{
    return 1u + PM4_BODY_MIN_DISPATCH_DIRECT;
}

/* 0. header
 * 1. DIM_X  2. DIM_Y  3. DIM_Z (workgroups)
 * 4. COMPUTE_DISPATCH_INITIATOR */
int pm4_emit_dispatch_direct(struct pm4_ib *ib, uint32_t dim_x, uint32_t dim_y, uint32_t dim_z,
                             uint32_t initiator)
{
    uint32_t pkt[1 + PM4_BODY_MIN_DISPATCH_DIRECT];

    pkt[0] = header(ib, PM4_OP_DISPATCH_DIRECT, PM4_BODY_MIN_DISPATCH_DIRECT);
    pkt[1] = pm4_ib_field(ib, PM4_F_DISPATCH_DIRECT_DIM_X, dim_x);
    pkt[2] = pm4_ib_field(ib, PM4_F_DISPATCH_DIRECT_DIM_Y, dim_y);
    pkt[3] = pm4_ib_field(ib, PM4_F_DISPATCH_DIRECT_DIM_Z, dim_z);
    pkt[4] = pm4_ib_field(ib, PM4_F_DISPATCH_DIRECT_DISPATCH_INITIATOR, initiator);
    return pm4_ib_put(ib, pkt, 1 + PM4_BODY_MIN_DISPATCH_DIRECT, NULL, 0);
}

size_t pm4_dispatch_indirect_dw(void)
{
    return 1u + PM4_BODY_MIN_DISPATCH_INDIRECT;
}

/* 0. header
 * 1. ADDR_LO  2. ADDR_HI  (of {dim_x, dim_y, dim_z}, 4-byte aligned)
 * 3. COMPUTE_DISPATCH_INITIATOR */
int pm4_emit_dispatch_indirect(struct pm4_ib *ib, uint64_t args_va, uint32_t initiator)
{
    uint32_t pkt[1 + PM4_BODY_MIN_DISPATCH_INDIRECT];

    if (!pm4_ib_aligned(ib, "pm4: DISPATCH_INDIRECT: ADDR", args_va, 4))
        return ib->err;
    pkt[0] = header(ib, PM4_OP_DISPATCH_INDIRECT, PM4_BODY_MIN_DISPATCH_INDIRECT);
    pkt[1] = pm4_ib_field(ib, PM4_F_DISPATCH_INDIRECT_ADDR_LO, pm4_lo32(args_va));
    pkt[2] = pm4_ib_field(ib, PM4_F_DISPATCH_INDIRECT_ADDR_HI, pm4_hi32(args_va));
    pkt[3] = pm4_ib_field(ib, PM4_F_DISPATCH_INDIRECT_DISPATCH_INITIATOR, initiator);
    return pm4_ib_put(ib, pkt, 1 + PM4_BODY_MIN_DISPATCH_INDIRECT, NULL, 0);
}

/* ---------------------------------------------------------------- caches */

size_t pm4_acquire_mem_dw(void)
{
    return 1u + PM4_BODY_MIN_ACQUIRE_MEM;
}

/* 0. header
 * 1. COHER_CNTL (0 on compute)
 * 2. COHER_SIZE [31:0]  3. COHER_SIZE_HI [7:0]    (all ones: everything)
 * 4. COHER_BASE_LO      5. COHER_BASE_HI [23:0]   (0)
 * 6. POLL_INTERVAL [15:0]
 * 7. GCR_CNTL: SEQ [17:16] | GL2_WB 15 | GL2_INV 14 | ... | GLM_INV 5 |
 *    GLM_WB 4 | GL1_RANGE [3:2] | GLI_INV [1:0] */
int pm4_emit_acquire_mem(struct pm4_ib *ib, enum pm4_cache_action cache)
{
    uint32_t pkt[1 + PM4_BODY_MIN_ACQUIRE_MEM];
    bool wb = cache == PM4_CACHE_WB || cache == PM4_CACHE_WB_INV;
    bool inv = cache == PM4_CACHE_INV || cache == PM4_CACHE_WB_INV;

    if (!wb && !inv)
        return pm4_ib_fail(ib, -EINVAL, "pm4: ACQUIRE_MEM with no cache action does nothing");
    pkt[0] = header(ib, PM4_OP_ACQUIRE_MEM, PM4_BODY_MIN_ACQUIRE_MEM);
    pkt[1] = pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_COHER_CNTL, 0);
    pkt[2] = pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_COHER_SIZE, pm4_field_max(PM4_F_ACQUIRE_MEM_COHER_SIZE));
    pkt[3] = pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_COHER_SIZE_HI,
                          pm4_field_max(PM4_F_ACQUIRE_MEM_COHER_SIZE_HI));
    pkt[4] = pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_COHER_BASE_LO, 0);
    pkt[5] = pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_COHER_BASE_HI, 0);
    pkt[6] = pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_POLL_INTERVAL, ACQUIRE_MEM_POLL_INTERVAL);
    pkt[7] = pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_GLI_INV, inv ? PM4_GCR_GLI_INV_ALL : PM4_GCR_GLI_INV_NOP) |
             pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_GLK_INV, inv) |
             pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_GLV_INV, inv) |
             pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_GL1_INV, inv) |
             pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_GL2_INV, inv) |
             pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_GLM_WB, wb) |
             pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_GLM_INV, wb) /* must be set with GLM_WB */ |
             pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_GLK_WB, wb) |
             pm4_ib_field(ib, PM4_F_ACQUIRE_MEM_GL2_WB, wb);
    return pm4_ib_put(ib, pkt, 1 + PM4_BODY_MIN_ACQUIRE_MEM, NULL, 0);
}

size_t pm4_release_mem_dw(void)
{
    return 1u + PM4_BODY_MIN_RELEASE_MEM;
}

/* 0. header
 * 1. EXECUTE 28 | CACHE_POLICY [26:25] | GLK_WB 24 | SEQ [23:22] | GL2_WB 21 |
 *    GL2_INV 20 | GL2_DISCARD 19 | GL2_RANGE [18:17] | GL2_US 16 | GL1_INV 15 |
 *    GLV_INV 14 | GLM_INV 13 | GLM_WB 12 | EVENT_INDEX [11:8] | EVENT_TYPE [5:0]
 * 2. DATA_SEL [31:29] | INT_SEL [26:24] | DST_SEL [17:16]
 * 3. ADDR_LO  4. ADDR_HI  5. DATA_LO  6. DATA_HI  7. INT_CTXID */
int pm4_emit_release_mem(struct pm4_ib *ib, const struct pm4_release_mem *rm)
{
    uint32_t pkt[1 + PM4_BODY_MIN_RELEASE_MEM];
    bool wb = rm->cache == PM4_CACHE_WB || rm->cache == PM4_CACHE_WB_INV;
    bool inv = rm->cache == PM4_CACHE_INV || rm->cache == PM4_CACHE_WB_INV;
    unsigned event_index;

    switch (rm->event_type) {
    case PM4_EVENT_TYPE_CACHE_FLUSH_TS:
    case PM4_EVENT_TYPE_CACHE_FLUSH_AND_INV_TS_EVENT:
    case PM4_EVENT_TYPE_BOTTOM_OF_PIPE_TS:
        event_index = PM4_RM_EVENT_INDEX_END_OF_PIPE;
        break;
    case PM4_EVENT_TYPE_CS_DONE:
        event_index = PM4_RM_EVENT_INDEX_SHADER_DONE;
        break;
    default:
        return pm4_ib_fail(ib, -EINVAL, "pm4: RELEASE_MEM: event %u is no end-of-pipe or "
                           "shader-done event", rm->event_type);
    }
    switch (rm->data_sel) {
    case PM4_DATA_SEL_NONE:
        break;
    case PM4_DATA_SEL_SEND_32_BIT_LOW:
        if (rm->data > UINT32_MAX)
            return pm4_ib_fail(ib, -ERANGE, "pm4: RELEASE_MEM: 0x%llx is no 32-bit value",
                               (unsigned long long)rm->data);
        if (!pm4_ib_aligned(ib, "pm4: RELEASE_MEM: ADDR (32-bit data)", rm->dst_va, 4))
            return ib->err;
        break;
    case PM4_DATA_SEL_SEND_64_BIT_DATA:
    case PM4_DATA_SEL_SEND_GPU_CLOCK_COUNTER:
        if (!pm4_ib_aligned(ib, "pm4: RELEASE_MEM: ADDR (64-bit data)", rm->dst_va, 8))
            return ib->err;
        break;
    default:
        return pm4_ib_fail(ib, -EINVAL, "pm4: RELEASE_MEM: DATA_SEL %u is not emitted by amdpm4",
                           rm->data_sel);
    }
    pkt[0] = header(ib, PM4_OP_RELEASE_MEM, PM4_BODY_MIN_RELEASE_MEM);
    pkt[1] = pm4_ib_field(ib, PM4_F_RELEASE_MEM_EVENT_TYPE, rm->event_type) |
             pm4_ib_field(ib, PM4_F_RELEASE_MEM_EVENT_INDEX, event_index) |
             pm4_ib_field(ib, PM4_F_RELEASE_MEM_GLM_WB, wb) |
             pm4_ib_field(ib, PM4_F_RELEASE_MEM_GLM_INV, wb) /* must be set with GLM_WB */ |
             pm4_ib_field(ib, PM4_F_RELEASE_MEM_GL2_WB, wb) |
             pm4_ib_field(ib, PM4_F_RELEASE_MEM_GLV_INV, inv) |
             pm4_ib_field(ib, PM4_F_RELEASE_MEM_GL1_INV, inv) |
             pm4_ib_field(ib, PM4_F_RELEASE_MEM_GL2_INV, inv) |
             pm4_ib_field(ib, PM4_F_RELEASE_MEM_SEQ, wb ? PM4_GCR_SEQ_FORWARD : PM4_GCR_SEQ_PARALLEL) |
             pm4_ib_field(ib, PM4_F_RELEASE_MEM_CACHE_POLICY, rm->cache_policy);
    pkt[2] = pm4_ib_field(ib, PM4_F_RELEASE_MEM_DST_SEL, PM4_RM_DST_SEL_MEMORY_CONTROLLER) |
             pm4_ib_field(ib, PM4_F_RELEASE_MEM_INT_SEL, rm->int_sel) |
             pm4_ib_field(ib, PM4_F_RELEASE_MEM_DATA_SEL, rm->data_sel);
    pkt[3] = pm4_ib_field(ib, PM4_F_RELEASE_MEM_ADDR_LO, pm4_lo32(rm->dst_va));
    pkt[4] = pm4_ib_field(ib, PM4_F_RELEASE_MEM_ADDR_HI, pm4_hi32(rm->dst_va));
    pkt[5] = pm4_ib_field(ib, PM4_F_RELEASE_MEM_DATA_LO, pm4_lo32(rm->data));
    pkt[6] = pm4_ib_field(ib, PM4_F_RELEASE_MEM_DATA_HI, pm4_hi32(rm->data));
    pkt[7] = pm4_ib_field(ib, PM4_F_RELEASE_MEM_INT_CTXID, rm->int_ctxid);
    return pm4_ib_put(ib, pkt, 1 + PM4_BODY_MIN_RELEASE_MEM, NULL, 0);
}

size_t pm4_event_write_dw(void)
{
    return 1u + PM4_BODY_MIN_EVENT_WRITE;
}

/* 0. header
 * 1. EVENT_INDEX [11:8] | EVENT_TYPE [5:0] */
int pm4_emit_event_write(struct pm4_ib *ib, unsigned event_type, unsigned event_index)
{
    uint32_t pkt[1 + PM4_BODY_MIN_EVENT_WRITE];

    pkt[0] = header(ib, PM4_OP_EVENT_WRITE, PM4_BODY_MIN_EVENT_WRITE);
    pkt[1] = pm4_ib_field(ib, PM4_F_EVENT_WRITE_EVENT_TYPE, event_type) |
             pm4_ib_field(ib, PM4_F_EVENT_WRITE_EVENT_INDEX, event_index);
    return pm4_ib_put(ib, pkt, 1 + PM4_BODY_MIN_EVENT_WRITE, NULL, 0);
}

/* ---------------------------------------------------------------- memory */

/* Header and the fixed dwords before the data (DATA kind: BODY_MIN - 1). */
#define WRITE_DATA_HEAD_DW ((size_t)PM4_BODY_MIN_WRITE_DATA)

size_t pm4_write_data_dw(unsigned n)
{
    return WRITE_DATA_HEAD_DW + n;
}

/* 0. header
 * 1. CACHE_POLICY [26:25] | WR_CONFIRM 20 | ADDR_INCR 16 | DST_SEL [11:8]
 * 2. DST_ADDR_LO  3. DST_ADDR_HI
 * 4.. data */
int pm4_emit_write_data(struct pm4_ib *ib, unsigned dst_sel, uint64_t dst, const uint32_t *data,
                        unsigned n, bool wr_confirm)
{
    uint32_t pkt[WRITE_DATA_HEAD_DW];

    if (ib->err)
        return ib->err;
    if (!n || !data)
        return pm4_ib_fail(ib, -EINVAL, "pm4: WRITE_DATA: no data");
    switch (dst_sel) {
    case PM4_WD_DST_SEL_MEM_MAPPED_REGISTER:
        if (!known_reg(ib, "WRITE_DATA: DST_ADDR", dst))
            return ib->err;
        break;
    case PM4_WD_DST_SEL_MEMORY:
    case PM4_WD_DST_SEL_TC_L2:
        if (!pm4_ib_aligned(ib, "pm4: WRITE_DATA: DST_ADDR", dst, 4))
            return ib->err;
        break;
    default:
        return pm4_ib_fail(ib, -EINVAL, "pm4: WRITE_DATA: DST_SEL %u is not emitted by amdpm4",
                           dst_sel);
    }
    pkt[0] = header(ib, PM4_OP_WRITE_DATA, WRITE_DATA_HEAD_DW - 1u + n);
    pkt[1] = pm4_ib_field(ib, PM4_F_WRITE_DATA_DST_SEL, dst_sel) |
             pm4_ib_field(ib, PM4_F_WRITE_DATA_ADDR_INCR, PM4_ADDR_INCR_INCREMENT) |
             pm4_ib_field(ib, PM4_F_WRITE_DATA_WR_CONFIRM, wr_confirm);
    pkt[2] = pm4_ib_field(ib, PM4_F_WRITE_DATA_DST_ADDR_LO, pm4_lo32(dst));
    pkt[3] = pm4_ib_field(ib, PM4_F_WRITE_DATA_DST_ADDR_HI, pm4_hi32(dst));
    return pm4_ib_put(ib, pkt, WRITE_DATA_HEAD_DW, data, n);
}

size_t pm4_wait_reg_mem_dw(void)
{
    return 1u + PM4_BODY_MIN_WAIT_REG_MEM;
}

/* 0. header
 * 1. CACHE_POLICY [26:25] | OPERATION [7:6] | MEM_SPACE [5:4] | FUNCTION [2:0]
 * 2. POLL_ADDR_LO (VA, or register dword address)  3. POLL_ADDR_HI
 * 4. REFERENCE  5. MASK  6. POLL_INTERVAL [15:0] */
int pm4_emit_wait_reg_mem(struct pm4_ib *ib, unsigned mem_space, unsigned function, uint64_t addr,
                          uint32_t ref, uint32_t mask, uint32_t poll_interval)
{
    uint32_t pkt[1 + PM4_BODY_MIN_WAIT_REG_MEM];

    if (ib->err)
        return ib->err;
    if (function > PM4_FUNCTION_GT)
        return pm4_ib_fail(ib, -EINVAL, "pm4: WAIT_REG_MEM: FUNCTION %u is reserved", function);
    if (mem_space == PM4_MEM_SPACE_MEMORY) {
        if (!pm4_ib_aligned(ib, "pm4: WAIT_REG_MEM: POLL_ADDR", addr, 4))
            return ib->err;
    } else if (mem_space == PM4_MEM_SPACE_REGISTER) {
        if (!known_reg(ib, "WAIT_REG_MEM: POLL_ADDR", addr))
            return ib->err;
    } else {
        return pm4_ib_fail(ib, -EINVAL, "pm4: WAIT_REG_MEM: MEM_SPACE %u is reserved", mem_space);
    }
    pkt[0] = header(ib, PM4_OP_WAIT_REG_MEM, PM4_BODY_MIN_WAIT_REG_MEM);
    pkt[1] = pm4_ib_field(ib, PM4_F_WAIT_REG_MEM_FUNCTION, function) |
             pm4_ib_field(ib, PM4_F_WAIT_REG_MEM_MEM_SPACE, mem_space) |
             pm4_ib_field(ib, PM4_F_WAIT_REG_MEM_OPERATION, PM4_WRM_OPERATION_WAIT_REG_MEM);
    pkt[2] = pm4_ib_field(ib, PM4_F_WAIT_REG_MEM_POLL_ADDR_LO, pm4_lo32(addr));
    pkt[3] = pm4_ib_field(ib, PM4_F_WAIT_REG_MEM_POLL_ADDR_HI, pm4_hi32(addr));
    pkt[4] = pm4_ib_field(ib, PM4_F_WAIT_REG_MEM_REFERENCE, ref);
    pkt[5] = pm4_ib_field(ib, PM4_F_WAIT_REG_MEM_MASK, mask);
    pkt[6] = pm4_ib_field(ib, PM4_F_WAIT_REG_MEM_POLL_INTERVAL, poll_interval);
    return pm4_ib_put(ib, pkt, 1 + PM4_BODY_MIN_WAIT_REG_MEM, NULL, 0);
}

size_t pm4_copy_data_dw(void)
{
    return 1u + PM4_BODY_MIN_COPY_DATA;
}

/* A COPY_DATA operand: register, memory or (source only) immediate / clock. */
static bool copy_operand(struct pm4_ib *ib, const char *what, bool is_src, unsigned sel,
                         uint64_t v, bool count_64)
{
    char where[64];

    snprintf(where, sizeof(where), "pm4: %s", what);
    switch (sel) {
    case PM4_CD_SRC_SEL_MEM_MAPPED_REGISTER: /* == PM4_CD_DST_SEL_MEM_MAPPED_REGISTER */
        return known_reg(ib, what, v);
    case PM4_CD_SRC_SEL_TC_L2: /* == PM4_CD_DST_SEL_TC_L2 */
        return pm4_ib_aligned(ib, where, v, count_64 ? 8 : 4);
    }
    if (is_src) {
        switch (sel) {
        case PM4_CD_SRC_SEL_IMMEDIATE_DATA:
            if (!count_64 && v > UINT32_MAX) {
                pm4_ib_fail(ib, -ERANGE, "pm4: %s: 0x%llx is no 32-bit immediate", what,
                            (unsigned long long)v);
                return false;
            }
            return true;
        case PM4_CD_SRC_SEL_GPU_CLOCK_COUNT:
        case PM4_CD_SRC_SEL_SYSTEM_CLOCK_COUNT:
            return true;
        }
    } else if (sel == PM4_CD_DST_SEL_MEMORY) {
        return pm4_ib_aligned(ib, where, v, count_64 ? 8 : 4);
    }
    pm4_ib_fail(ib, -EINVAL, "pm4: %s: %s %u is not emitted by amdpm4", what,
                is_src ? "SRC_SEL" : "DST_SEL", sel);
    return false;
}

/* 0. header
 * 1. PQ_EXE_STATUS 29 | DST_CACHE_POLICY [26:25] | WR_CONFIRM 20 | COUNT_SEL 16 |
 *    SRC_CACHE_POLICY [14:13] | DST_SEL [11:8] | SRC_SEL [3:0]
 * 2. SRC_ADDR_LO (or register, or immediate)  3. SRC_ADDR_HI
 * 4. DST_ADDR_LO (or register)                5. DST_ADDR_HI */
int pm4_emit_copy_data(struct pm4_ib *ib, unsigned src_sel, uint64_t src, unsigned dst_sel,
                       uint64_t dst, bool count_64, bool wr_confirm)
{
    uint32_t pkt[1 + PM4_BODY_MIN_COPY_DATA];

    if (ib->err)
        return ib->err;
    if (!copy_operand(ib, "COPY_DATA: SRC", true, src_sel, src, count_64) ||
        !copy_operand(ib, "COPY_DATA: DST", false, dst_sel, dst, count_64))
        return ib->err;
    pkt[0] = header(ib, PM4_OP_COPY_DATA, PM4_BODY_MIN_COPY_DATA);
    pkt[1] = pm4_ib_field(ib, PM4_F_COPY_DATA_SRC_SEL, src_sel) |
             pm4_ib_field(ib, PM4_F_COPY_DATA_DST_SEL, dst_sel) |
             pm4_ib_field(ib, PM4_F_COPY_DATA_COUNT_SEL,
                          count_64 ? PM4_COUNT_SEL_BITS_64 : PM4_COUNT_SEL_BITS_32) |
             pm4_ib_field(ib, PM4_F_COPY_DATA_WR_CONFIRM, wr_confirm);
    pkt[2] = pm4_ib_field(ib, PM4_F_COPY_DATA_SRC_ADDR_LO, pm4_lo32(src));
    pkt[3] = pm4_ib_field(ib, PM4_F_COPY_DATA_SRC_ADDR_HI, pm4_hi32(src));
    pkt[4] = pm4_ib_field(ib, PM4_F_COPY_DATA_DST_ADDR_LO, pm4_lo32(dst));
    pkt[5] = pm4_ib_field(ib, PM4_F_COPY_DATA_DST_ADDR_HI, pm4_hi32(dst));
    return pm4_ib_put(ib, pkt, 1 + PM4_BODY_MIN_COPY_DATA, NULL, 0);
}

size_t pm4_dma_data_dw(void)
{
    return 1u + PM4_BODY_MIN_DMA_DATA;
}

/* 0. header
 * 1. CP_SYNC 31 | SRC_SEL [30:29] | DST_CACHE_POLICY [26:25] | DST_SEL [21:20] |
 *    SRC_CACHE_POLICY [14:13] | ENGINE_SEL 0
 * 2. SRC_ADDR_LO (or DATA)  3. SRC_ADDR_HI
 * 4. DST_ADDR_LO            5. DST_ADDR_HI
 * 6. DIS_WC 31 | RAW_WAIT 30 | DAIC 29 | SAIC 28 | DAS 27 | SAS 26 | BYTE_COUNT [25:0] */
int pm4_emit_dma_data(struct pm4_ib *ib, unsigned src_sel, uint64_t src, unsigned dst_sel,
                      uint64_t dst_va, uint32_t bytes, bool cp_sync)
{
    uint32_t pkt[1 + PM4_BODY_MIN_DMA_DATA];

    if (ib->err)
        return ib->err;
    if (!bytes || bytes > PM4_DMA_DATA_MAX_BYTES)
        return pm4_ib_fail(ib, -EINVAL, "pm4: DMA_DATA: %u bytes, amdpm4 emits 1..%u per packet",
                           bytes, PM4_DMA_DATA_MAX_BYTES);
    switch (src_sel) {
    case PM4_DMA_SRC_SEL_SRC_ADDR_USING_SAS:
    case PM4_DMA_SRC_SEL_SRC_ADDR_USING_L2:
        break;
    case PM4_DMA_SRC_SEL_DATA:
        if (src > UINT32_MAX)
            return pm4_ib_fail(ib, -ERANGE, "pm4: DMA_DATA: fill value 0x%llx is no 32-bit value",
                               (unsigned long long)src);
        if (bytes % 4)
            return pm4_ib_fail(ib, -EINVAL, "pm4: DMA_DATA: a fill of %u bytes is no whole dwords",
                               bytes);
        if (!pm4_ib_aligned(ib, "pm4: DMA_DATA: DST_ADDR (fill)", dst_va, 4))
            return ib->err;
        break;
    default:
        return pm4_ib_fail(ib, -EINVAL, "pm4: DMA_DATA: SRC_SEL %u is not emitted by amdpm4",
                           src_sel);
    }
    if (dst_sel != PM4_DMA_DST_SEL_DST_ADDR_USING_DAS && dst_sel != PM4_DMA_DST_SEL_DST_ADDR_USING_L2 &&
        dst_sel != PM4_DMA_DST_SEL_DST_NOWHERE)
        return pm4_ib_fail(ib, -EINVAL, "pm4: DMA_DATA: DST_SEL %u is not emitted by amdpm4",
                           dst_sel);
    pkt[0] = header(ib, PM4_OP_DMA_DATA, PM4_BODY_MIN_DMA_DATA);
    pkt[1] = pm4_ib_field(ib, PM4_F_DMA_DATA_SRC_SEL, src_sel) |
             pm4_ib_field(ib, PM4_F_DMA_DATA_DST_SEL, dst_sel) |
             pm4_ib_field(ib, PM4_F_DMA_DATA_CP_SYNC, cp_sync);
    pkt[2] = pm4_ib_field(ib, PM4_F_DMA_DATA_SRC_ADDR_LO, pm4_lo32(src));
    pkt[3] = pm4_ib_field(ib, PM4_F_DMA_DATA_SRC_ADDR_HI, pm4_hi32(src));
    pkt[4] = pm4_ib_field(ib, PM4_F_DMA_DATA_DST_ADDR_LO, pm4_lo32(dst_va));
    pkt[5] = pm4_ib_field(ib, PM4_F_DMA_DATA_DST_ADDR_HI, pm4_hi32(dst_va));
    pkt[6] = pm4_ib_field(ib, PM4_F_DMA_DATA_BYTE_COUNT, bytes) |
             pm4_ib_field(ib, PM4_F_DMA_DATA_SAS, PM4_DMA_ADDR_SPACE_MEMORY) |
             pm4_ib_field(ib, PM4_F_DMA_DATA_DAS, PM4_DMA_ADDR_SPACE_MEMORY) |
             pm4_ib_field(ib, PM4_F_DMA_DATA_SAIC, PM4_ADDR_INCR_INCREMENT) |
             pm4_ib_field(ib, PM4_F_DMA_DATA_DAIC, PM4_ADDR_INCR_INCREMENT);
    return pm4_ib_put(ib, pkt, 1 + PM4_BODY_MIN_DMA_DATA, NULL, 0);
}

/* ---------------------------------------------------------------- IBs, NOPs */

size_t pm4_indirect_buffer_dw(void)
{
    return 1u + PM4_BODY_MIN_INDIRECT_BUFFER;
}

/* 0. header
 * 1. IB_BASE_LO (4-byte aligned)  2. IB_BASE_HI
 * 3. PRIV 31 | CACHE_POLICY [29:28] | VMID [27:24] | VALID 23 | CHAIN 20 | IB_SIZE [19:0] */
static int emit_ib(struct pm4_ib *ib, uint64_t va, uint32_t size_dw, bool chain)
{
    uint32_t pkt[1 + PM4_BODY_MIN_INDIRECT_BUFFER];

    if (ib->err)
        return ib->err;
    if (!size_dw)
        return pm4_ib_fail(ib, -EINVAL, "pm4: INDIRECT_BUFFER: empty IB at 0x%llx",
                           (unsigned long long)va);
    if (!pm4_ib_aligned(ib, "pm4: INDIRECT_BUFFER: IB_BASE", va, 4))
        return ib->err;
    pkt[0] = header(ib, PM4_OP_INDIRECT_BUFFER, PM4_BODY_MIN_INDIRECT_BUFFER);
    pkt[1] = pm4_ib_field(ib, PM4_F_INDIRECT_BUFFER_IB_BASE_LO, pm4_lo32(va));
    pkt[2] = pm4_ib_field(ib, PM4_F_INDIRECT_BUFFER_IB_BASE_HI, pm4_hi32(va));
    pkt[3] = pm4_ib_field(ib, PM4_F_INDIRECT_BUFFER_IB_SIZE, size_dw) |
             pm4_ib_field(ib, PM4_F_INDIRECT_BUFFER_CHAIN, chain) |
             pm4_ib_field(ib, PM4_F_INDIRECT_BUFFER_VALID, 1);
    return pm4_ib_put(ib, pkt, 1 + PM4_BODY_MIN_INDIRECT_BUFFER, NULL, 0);
}

int pm4_emit_indirect_buffer(struct pm4_ib *ib, uint64_t va, uint32_t size_dw)
{
    return emit_ib(ib, va, size_dw, false);
}

static bool pow2(uint32_t v)
{
    return v && !(v & (v - 1));
}

size_t pm4_chain_dw(size_t cdw, uint32_t align_dw)
{
    size_t body = pm4_indirect_buffer_dw();

    if (!pow2(align_dw))
        return body;
    return (align_dw - (cdw + body) % align_dw) % align_dw + body;
}

int pm4_emit_chain(struct pm4_ib *ib, uint64_t va, uint32_t size_dw, uint32_t align_dw)
{
    size_t pad;

    if (ib->err)
        return ib->err;
    if (!pow2(align_dw))
        return pm4_ib_fail(ib, -EINVAL, "pm4: IB alignment %u dwords is not a power of two",
                           align_dw);
    pad = pm4_chain_dw(ib->cdw, align_dw) - pm4_indirect_buffer_dw();
    for (size_t i = 0; i < pad; i++)
        pm4_emit_nop(ib, 1);
    if (emit_ib(ib, va, size_dw, true))
        return ib->err;
    ib->sealed = true;
    return 0;
}

/* 1 dword: the header-only NOP (COUNT 0x3FFF).
 * n dwords: header with COUNT n-2, then n-1 ignored dwords (0). */
int pm4_emit_nop(struct pm4_ib *ib, uint32_t total_dw)
{
    uint32_t h;

    if (ib->err)
        return ib->err;
    if (total_dw == 1) {
        h = pm4_nop_pad_header();
        return pm4_ib_put(ib, &h, 1, NULL, 0);
    }
    /* COUNT 0x3FFF is the one-dword form: the body stops one short of it. */
    if (total_dw < 2 || total_dw - 1u >= PM4_BODY_MAX_NOP)
        return pm4_ib_fail(ib, -EINVAL, "pm4: NOP of %u dwords: 1..%u", total_dw,
                           (unsigned)PM4_BODY_MAX_NOP);
    h = header(ib, PM4_OP_NOP, total_dw - 1u);
    return pm4_ib_put_zeros(ib, h, total_dw - 1u);
}

size_t pm4_pad_dw(size_t cdw, uint32_t align_dw)
{
    if (!pow2(align_dw))
        return 0;
    return (align_dw - cdw % align_dw) % align_dw;
}

int pm4_ib_pad_with(struct pm4_ib *ib, uint32_t align_dw, uint32_t nop_dw)
{
    size_t n;

    if (ib->err)
        return ib->err;
    if (!pow2(align_dw))
        return pm4_ib_fail(ib, -EINVAL, "pm4: IB alignment %u dwords is not a power of two",
                           align_dw);
    n = pm4_pad_dw(ib->cdw, align_dw);
    for (size_t i = 0; i < n; i++)
        pm4_ib_put(ib, &nop_dw, 1, NULL, 0);
    return ib->err;
}

int pm4_ib_pad(struct pm4_ib *ib, uint32_t align_dw)
{
    return pm4_ib_pad_with(ib, align_dw, pm4_nop_pad_header());
}
