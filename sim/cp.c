/*
 * sim/cp.c — the command processor of the GFX ring (ME) and the compute
 * rings (MEC): fetches IBs through the VM, reads each type-3 packet with the
 * pm4/ table (pm4_packet_parse, field ids), and executes it with one
 * function per packet, dispatched by opcode.
 *
 * Dispatches run to completion in the executor (sim/exec.h) before the CP
 * reads the next packet, so end-of-pipe events (RELEASE_MEM) and waits on
 * earlier work are exact.  Caches are not modelled: all memory is coherent,
 * so ACQUIRE_MEM's and RELEASE_MEM's cache actions have nothing to do.
 * Anything the CP cannot execute faithfully is refused with a fault that
 * names the packet and where it sits.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <amdgpu_drm.h>

#include "pm4/pm4_table.h"
#include "sim/clock.h"
#include "sim/drv.h"
#include "sim/engine.h"
#include "sim/exec.h"
#include "sim/exec_stats.h"

_Static_assert(PM4_SH_END_DW - PM4_SH_FIRST_DW == SIM_SH_REG_COUNT &&
               PM4_SH_FIRST_DW == SIM_SH_REG_FIRST,
               "sim/exec.h's SH register file is the pm4 table's SH window");

/* What a job finds in the SH registers is whatever the ring's previous job
 * (maybe another process's) left there: nothing a submission may count on.
 * The simulated CP makes that visible: every SH register starts each job as
 * this value (COMPUTE_PGM_LO/HI then name unmapped code, RSRC2 a refused
 * user SGPR count), so a dispatch that relies on an earlier submission's
 * registers faults instead of silently working. */
#define CP_SH_STALE 0xDEADBEEFu
/* Dwords fetched at once: at least the largest packet (header + 0x4000). */
#define CP_WINDOW_DW 0x5000u
/* IB levels: the submitted IB (IB1) and one INDIRECT_BUFFER below it (IB2). */
#define CP_IB_LEVELS 2u

struct cp_ib {
    uint64_t va;
    uint32_t size_dw, pos_dw;
    uint32_t win_start_dw, win_len_dw;   /* the part of the IB held in win */
    uint32_t *win;
};

struct cp {
    struct sim_engine_ctx *e;
    struct sim_ring *ring;
    struct sim_vm *vm;
    struct sim_fault *fault;
    bool mec;                            /* a compute ring; else the GFX ring */
    unsigned level;
    struct cp_ib ib[CP_IB_LEVELS];
    uint32_t dispatch_index;
    /* the packet being executed, for fault messages */
    const char *pkt_name;
    uint64_t pkt_va;
};

typedef int (*cp_pkt_fn)(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p);

/* ---------------------------------------------------------------- faults */

static int cp_fault(struct cp *cp, int err, enum sim_fault_kind kind, uint64_t va,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int cp_fault(struct cp *cp, int err, enum sim_fault_kind kind, uint64_t va,
                    const char *fmt, ...)
{
    const struct cp_ib *ib = &cp->ib[cp->level];
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return sim_fault_set(cp->fault, err, kind, va, cp->pkt_va,
                         "%s at 0x%" PRIx64 " (IB%u 0x%" PRIx64 " +0x%" PRIx64 "): %s",
                         cp->pkt_name, cp->pkt_va, cp->level + 1, ib->va, cp->pkt_va - ib->va,
                         msg);
}

static int cp_unsupported(struct cp *cp, const char *what)
{
    return cp_fault(cp, -ENOTSUP, SIM_FAULT_UNSUPPORTED, 0, "%s is not simulated", what);
}

static int cp_bad(struct cp *cp, const char *what)
{
    return cp_fault(cp, -EINVAL, SIM_FAULT_PACKET, 0, "%s", what);
}

/* ---------------------------------------------------------------- memory and registers */

static int cp_read(struct cp *cp, uint64_t va, void *dst, uint64_t bytes)
{
    uint64_t fva;

    if (sim_vm_read(cp->vm, va, dst, bytes, &fva))
        return cp_fault(cp, -EFAULT, SIM_FAULT_VM, fva, "read of %" PRIu64 " bytes at 0x%"
                        PRIx64 ": 0x%" PRIx64 " is not mapped readable", bytes, va, fva);
    return 0;
}

static int cp_write(struct cp *cp, uint64_t va, const void *src, uint64_t bytes)
{
    uint64_t fva;

    if (sim_vm_write(cp->vm, va, src, bytes, &fva))
        return cp_fault(cp, -EFAULT, SIM_FAULT_VM, fva, "write of %" PRIu64 " bytes at 0x%"
                        PRIx64 ": 0x%" PRIx64 " is not mapped writable", bytes, va, fva);
    return 0;
}

static int cp_aligned(struct cp *cp, uint64_t va, unsigned bytes)
{
    if (va & (bytes - 1))
        return cp_fault(cp, -EINVAL, SIM_FAULT_PACKET, va, "address 0x%" PRIx64
                        " is not %u-byte aligned", va, bytes);
    return 0;
}

/* The register file the CP keeps: the SH and UCONFIG windows.  Other
 * register addresses are refused. */
static uint32_t *cp_reg(struct cp *cp, uint32_t abs_dw)
{
    if (abs_dw >= PM4_SH_FIRST_DW && abs_dw < PM4_SH_END_DW)
        return &cp->ring->sh_regs[abs_dw - PM4_SH_FIRST_DW];
    if (abs_dw >= PM4_UCONFIG_FIRST_DW && abs_dw < PM4_UCONFIG_END_DW)
        return &cp->ring->uconfig_regs[abs_dw - PM4_UCONFIG_FIRST_DW];
    return NULL;
}

static int cp_reg_bad(struct cp *cp, uint32_t abs_dw)
{
    return cp_fault(cp, -ENOTSUP, SIM_FAULT_UNSUPPORTED, 0,
                    "register 0x%x is outside the SH [0x%x, 0x%x) and UCONFIG [0x%x, 0x%x) "
                    "windows the simulated CP keeps", abs_dw, PM4_SH_FIRST_DW, PM4_SH_END_DW,
                    PM4_UCONFIG_FIRST_DW, PM4_UCONFIG_END_DW);
}

static uint64_t lo_hi(uint32_t lo, uint32_t hi)
{
    return (uint64_t)hi << 32 | lo;
}

/* ---------------------------------------------------------------- packets */

static int pkt_nop(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    (void)cp;
    (void)pkt;
    (void)p;
    return 0;
}

/* SET_SH_REG, SET_SH_REG_INDEX, SET_UCONFIG_REG: consecutive registers from
 * REG_OFFSET (pm4_packet_parse checked they stay in the window).
 * SET_SH_REG_INDEX's APPLY_KMD_CU_AND_MASK ANDs CU masks with the kernel's,
 * which enables every CU of the board: the values are kept as written. */
static int pkt_set_regs(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    uint32_t first = pm4_regs_first_dw(p, pkt);

    for (uint32_t i = 0; i + 1 < p->body_dw; i++)
        *cp_reg(cp, first + i) = pkt[2 + i];
    return 0;
}

static int pkt_gfx_only(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    (void)pkt;
    (void)p;
    if (cp->mec)
        return cp_fault(cp, -ENOTSUP, SIM_FAULT_PACKET, 0,
                        "a GFX-ring packet on a compute ring (the MEC has no such packet)");
    /* CONTEXT_CONTROL's load/shadow enables and PFP_SYNC_ME's ME/PFP
     * handshake have no effect on state the simulator keeps. */
    return 0;
}

static int pkt_set_base(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    /* The base serves only the GFX-ring forms of indirect packets, which
     * the simulated CP refuses; recording it changes nothing. */
    (void)cp;
    (void)pkt;
    (void)p;
    return 0;
}

static int pkt_acquire_mem(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    /* GCR_CNTL cache invalidations / write-backs: memory is coherent. */
    (void)cp;
    (void)pkt;
    (void)p;
    return 0;
}

static int pkt_event_write(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    (void)pkt;
    /* Flush and partial-flush events: earlier dispatches have finished. */
    if (p->body_dw > 1)
        return cp_unsupported(cp, "an EVENT_WRITE that writes to an address (ZPASS, "
                                  "pipeline statistics)");
    return 0;
}

static int pkt_release_mem(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    uint32_t dst_sel = pm4_pkt_get(PM4_F_RELEASE_MEM_DST_SEL, pkt);
    uint32_t data_sel = pm4_pkt_get(PM4_F_RELEASE_MEM_DATA_SEL, pkt);
    uint64_t va = lo_hi(pm4_pkt_get(PM4_F_RELEASE_MEM_ADDR_LO, pkt),
                        pm4_pkt_get(PM4_F_RELEASE_MEM_ADDR_HI, pkt));
    uint64_t v64;
    uint32_t v32;
    int ret;

    (void)p;
    /* The event is end-of-pipe: every earlier dispatch has finished. */
    if (data_sel != PM4_DATA_SEL_NONE && dst_sel != PM4_RM_DST_SEL_MEMORY_CONTROLLER &&
        dst_sel != PM4_RM_DST_SEL_TC_L2)
        return cp_unsupported(cp, "RELEASE_MEM to a queue write pointer (DST_SEL 2, 3)");
    switch (data_sel) {
    case PM4_DATA_SEL_NONE:
        return 0;
    case PM4_DATA_SEL_SEND_32_BIT_LOW:
        if ((ret = cp_aligned(cp, va, 4)))
            return ret;
        v32 = pm4_pkt_get(PM4_F_RELEASE_MEM_DATA_LO, pkt);
        return cp_write(cp, va, &v32, 4);
    case PM4_DATA_SEL_SEND_64_BIT_DATA:
        if ((ret = cp_aligned(cp, va, 8)))
            return ret;
        v64 = lo_hi(pm4_pkt_get(PM4_F_RELEASE_MEM_DATA_LO, pkt),
                    pm4_pkt_get(PM4_F_RELEASE_MEM_DATA_HI, pkt));
        return cp_write(cp, va, &v64, 8);
    case PM4_DATA_SEL_SEND_GPU_CLOCK_COUNTER:
        if ((ret = cp_aligned(cp, va, 8)))
            return ret;
        v64 = sim_gpu_clock();
        return cp_write(cp, va, &v64, 8);
    default:
        return cp_unsupported(cp, "RELEASE_MEM DATA_SEL other than none, 32-bit, 64-bit or "
                                  "the GPU clock");
    }
    /* INT_SEL: the interrupt only wakes the kernel's fence processing, which
     * the simulator does when the job ends. */
}

static int pkt_write_data(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    uint32_t dst_sel = pm4_pkt_get(PM4_F_WRITE_DATA_DST_SEL, pkt);
    bool no_incr = pm4_pkt_get(PM4_F_WRITE_DATA_ADDR_INCR, pkt) == PM4_ADDR_INCR_NO_INCREMENT;
    uint32_t lo = pm4_pkt_get(PM4_F_WRITE_DATA_DST_ADDR_LO, pkt);
    uint64_t va = lo_hi(lo, pm4_pkt_get(PM4_F_WRITE_DATA_DST_ADDR_HI, pkt));
    uint32_t n = p->body_dw - 3;   /* data dwords */
    const uint32_t *data = pkt + 4;
    int ret;

    switch (dst_sel) {
    case PM4_WD_DST_SEL_MEM_MAPPED_REGISTER:
        for (uint32_t i = 0; i < n; i++) {
            uint32_t *reg = cp_reg(cp, lo + (no_incr ? 0 : i));

            if (!reg)
                return cp_reg_bad(cp, lo + (no_incr ? 0 : i));
            *reg = data[i];
        }
        return 0;
    case PM4_WD_DST_SEL_TC_L2:
    case PM4_WD_DST_SEL_MEMORY:
        if ((ret = cp_aligned(cp, va, 4)))
            return ret;
        if (!n)
            return 0;
        if (no_incr)   /* every dword lands on the same address: the last stays */
            return cp_write(cp, va, &data[n - 1], 4);
        return cp_write(cp, va, data, (uint64_t)n * 4);
    case PM4_WD_DST_SEL_GDS:
        return cp_unsupported(cp, "WRITE_DATA to GDS");
    default:
        return cp_bad(cp, "WRITE_DATA with a reserved DST_SEL");
    }
}

static int pkt_wait_reg_mem(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    uint32_t fn = pm4_pkt_get(PM4_F_WAIT_REG_MEM_FUNCTION, pkt);
    uint32_t space = pm4_pkt_get(PM4_F_WAIT_REG_MEM_MEM_SPACE, pkt);
    uint32_t op = pm4_pkt_get(PM4_F_WAIT_REG_MEM_OPERATION, pkt);
    uint32_t lo = pm4_pkt_get(PM4_F_WAIT_REG_MEM_POLL_ADDR_LO, pkt);
    uint64_t va = lo_hi(lo, pm4_pkt_get(PM4_F_WAIT_REG_MEM_POLL_ADDR_HI, pkt));
    uint32_t ref = pm4_pkt_get(PM4_F_WAIT_REG_MEM_REFERENCE, pkt);
    uint32_t mask = pm4_pkt_get(PM4_F_WAIT_REG_MEM_MASK, pkt);
    uint64_t backoff = 0;
    uint32_t v = 0;
    bool valid;
    int ret;

    (void)p;
    if (op == PM4_WRM_OPERATION_WR_WAIT_WR_REG)
        return cp_unsupported(cp, "WAIT_REG_MEM write-wait-write");
    if (op != PM4_WRM_OPERATION_WAIT_REG_MEM && op != PM4_WRM_OPERATION_WAIT_MEM_PREEMPTABLE)
        return cp_bad(cp, "WAIT_REG_MEM with a reserved OPERATION");
    sim_engine_compare(fn, 0, 0, 0, &valid);
    if (!valid)
        return cp_bad(cp, "WAIT_REG_MEM with a reserved FUNCTION");
    if (space == PM4_MEM_SPACE_MEMORY) {
        if ((ret = cp_aligned(cp, va, 4)))
            return ret;
    } else if (space == PM4_MEM_SPACE_REGISTER) {
        if (!cp_reg(cp, lo))
            return cp_reg_bad(cp, lo);
    } else {
        return cp_bad(cp, "WAIT_REG_MEM with a reserved MEM_SPACE");
    }
    for (;;) {
        if (space == PM4_MEM_SPACE_MEMORY) {
            if ((ret = cp_read(cp, va, &v, 4)))
                return ret;
        } else {
            v = *cp_reg(cp, lo);
        }
        if (sim_engine_compare(fn, v, mask, ref, &valid))
            return 0;
        if (sim_now_ns() >= cp->e->deadline_ns)
            return cp_fault(cp, -ETIME, SIM_FAULT_HANG, space == PM4_MEM_SPACE_MEMORY ? va : 0,
                            "waited %" PRIu64 " ms for (0x%08x & 0x%08x) %s 0x%08x at %s 0x%"
                            PRIx64 "; it stayed 0x%08x", cp->e->dev->timeout_ns / 1000000, v,
                            mask, pm4_enum_name(PM4_ENUMSET_FUNCTION, fn), ref,
                            space == PM4_MEM_SPACE_MEMORY ? "address" : "register",
                            space == PM4_MEM_SPACE_MEMORY ? va : lo, v & mask);
        sim_engine_poll_sleep(&backoff, cp->e->deadline_ns);
    }
}

static int pkt_copy_data(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    uint32_t src_sel = pm4_pkt_get(PM4_F_COPY_DATA_SRC_SEL, pkt);
    uint32_t dst_sel = pm4_pkt_get(PM4_F_COPY_DATA_DST_SEL, pkt);
    bool wide = pm4_pkt_get(PM4_F_COPY_DATA_COUNT_SEL, pkt) == PM4_COUNT_SEL_BITS_64;
    uint32_t src_lo = pm4_pkt_get(PM4_F_COPY_DATA_SRC_ADDR_LO, pkt);
    uint32_t src_hi = pm4_pkt_get(PM4_F_COPY_DATA_SRC_ADDR_HI, pkt);
    uint32_t dst_lo = pm4_pkt_get(PM4_F_COPY_DATA_DST_ADDR_LO, pkt);
    uint64_t dst_va = lo_hi(dst_lo, pm4_pkt_get(PM4_F_COPY_DATA_DST_ADDR_HI, pkt));
    unsigned bytes = wide ? 8 : 4;
    uint64_t v = 0;
    int ret;

    (void)p;
    switch (src_sel) {
    case PM4_CD_SRC_SEL_MEM_MAPPED_REGISTER:
        for (unsigned i = 0; i < bytes / 4; i++) {
            uint32_t *reg = cp_reg(cp, src_lo + i);

            if (!reg)
                return cp_reg_bad(cp, src_lo + i);
            v |= (uint64_t)*reg << (32 * i);
        }
        break;
    case PM4_CD_SRC_SEL_TC_L2_OBSOLETE:
    case PM4_CD_SRC_SEL_TC_L2:
        if ((ret = cp_aligned(cp, lo_hi(src_lo, src_hi), bytes)) ||
            (ret = cp_read(cp, lo_hi(src_lo, src_hi), &v, bytes)))
            return ret;
        break;
    case PM4_CD_SRC_SEL_IMMEDIATE_DATA:
        v = wide ? lo_hi(src_lo, src_hi) : src_lo;
        break;
    case PM4_CD_SRC_SEL_GPU_CLOCK_COUNT:
    case PM4_CD_SRC_SEL_SYSTEM_CLOCK_COUNT:
        /* both count at gpu_counter_freq on navi31 (100 MHz) */
        v = sim_gpu_clock();
        if (!wide)
            v &= 0xFFFFFFFFu;
        break;
    case PM4_CD_SRC_SEL_GDS:
    case PM4_CD_SRC_SEL_PERFCOUNTERS:
    case PM4_CD_SRC_SEL_ATOMIC_RETURN_DATA:
        return cp_unsupported(cp, "COPY_DATA from GDS, performance counters or atomic "
                                  "return data");
    default:
        return cp_bad(cp, "COPY_DATA with a reserved SRC_SEL");
    }
    switch (dst_sel) {
    case PM4_CD_DST_SEL_MEM_MAPPED_REGISTER:
    case PM4_CD_DST_SEL_MEM_MAPPED_REG_DC:
        for (unsigned i = 0; i < bytes / 4; i++) {
            uint32_t *reg = cp_reg(cp, dst_lo + i);

            if (!reg)
                return cp_reg_bad(cp, dst_lo + i);
            *reg = (uint32_t)(v >> (32 * i));
        }
        return 0;
    case PM4_CD_DST_SEL_TC_L2:
    case PM4_CD_DST_SEL_MEMORY:
        if ((ret = cp_aligned(cp, dst_va, bytes)))
            return ret;
        return cp_write(cp, dst_va, &v, bytes);
    case PM4_CD_DST_SEL_GDS:
    case PM4_CD_DST_SEL_PERFCOUNTERS:
        return cp_unsupported(cp, "COPY_DATA to GDS or performance counters");
    default:
        return cp_bad(cp, "COPY_DATA with a reserved DST_SEL");
    }
}

static int cp_copy_fault(struct cp *cp, uint64_t fva, bool write)
{
    return cp_fault(cp, -EFAULT, SIM_FAULT_VM, fva, "%s at 0x%" PRIx64 " is not mapped %s",
                    write ? "destination" : "source", fva, write ? "writable" : "readable");
}

/* CP DMA.  The address-space bits select memory or registers; DMA to or from
 * registers and GDS is not simulated. */
static int pkt_dma_data(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    uint32_t src_sel = pm4_pkt_get(PM4_F_DMA_DATA_SRC_SEL, pkt);
    uint32_t dst_sel = pm4_pkt_get(PM4_F_DMA_DATA_DST_SEL, pkt);
    uint32_t src_lo = pm4_pkt_get(PM4_F_DMA_DATA_SRC_ADDR_LO, pkt);
    uint64_t src = lo_hi(src_lo, pm4_pkt_get(PM4_F_DMA_DATA_SRC_ADDR_HI, pkt));
    uint64_t dst = lo_hi(pm4_pkt_get(PM4_F_DMA_DATA_DST_ADDR_LO, pkt),
                         pm4_pkt_get(PM4_F_DMA_DATA_DST_ADDR_HI, pkt));
    uint64_t bytes = pm4_pkt_get(PM4_F_DMA_DATA_BYTE_COUNT, pkt), fva;
    bool src_reg = pm4_pkt_get(PM4_F_DMA_DATA_SAS, pkt) == PM4_DMA_ADDR_SPACE_REGISTER;
    bool dst_reg = pm4_pkt_get(PM4_F_DMA_DATA_DAS, pkt) == PM4_DMA_ADDR_SPACE_REGISTER;
    bool src_fixed = pm4_pkt_get(PM4_F_DMA_DATA_SAIC, pkt) == PM4_ADDR_INCR_NO_INCREMENT;
    bool dst_fixed = pm4_pkt_get(PM4_F_DMA_DATA_DAIC, pkt) == PM4_ADDR_INCR_NO_INCREMENT;
    bool from_data = src_sel == PM4_DMA_SRC_SEL_DATA, fwrite;
    uint32_t word = src_lo;
    int ret;

    (void)p;
    if (src_sel == PM4_DMA_SRC_SEL_GDS || dst_sel == PM4_DMA_DST_SEL_GDS)
        return cp_unsupported(cp, "DMA_DATA to or from GDS");
    if ((src_reg && !from_data) || (dst_reg && dst_sel != PM4_DMA_DST_SEL_DST_NOWHERE))
        return cp_unsupported(cp, "DMA_DATA to or from registers (SAS/DAS)");
    if (!bytes)
        return 0;
    if (src_fixed && !from_data) {
        /* the same source dword over and over: a fill */
        if ((ret = cp_read(cp, src, &word, 4)))
            return ret;
        from_data = true;
    }
    if (dst_sel == PM4_DMA_DST_SEL_DST_NOWHERE) {
        /* a prefetch: the source must be readable, nothing is written */
        for (uint64_t off = 0; !from_data && off < bytes;) {
            struct sim_vm_span s;

            if (sim_vm_lookup(cp->vm, src + off, &s) || !(s.access & SIM_VM_READ))
                return cp_copy_fault(cp, src + off, false);
            off += s.va_end - (src + off);
        }
        return 0;
    }
    if (dst_fixed) {
        /* every byte lands in the same dword: its last value stays */
        if (!from_data && (ret = cp_read(cp, src + ((bytes - 1) & ~3ull), &word, 4)))
            return ret;
        return cp_write(cp, dst, &word, bytes < 4 ? bytes : 4);
    }
    if (from_data) {
        ret = sim_engine_fill(cp->vm, dst, word, bytes, &fva);
        fwrite = true;
    } else {
        ret = sim_engine_copy(cp->vm, dst, src, bytes, &fva, &fwrite);
    }
    return ret ? cp_copy_fault(cp, fva, fwrite) : 0;
}

static int pkt_indirect_buffer(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    uint64_t va = lo_hi(pm4_pkt_get(PM4_F_INDIRECT_BUFFER_IB_BASE_LO, pkt),
                        pm4_pkt_get(PM4_F_INDIRECT_BUFFER_IB_BASE_HI, pkt));
    uint32_t size = pm4_pkt_get(PM4_F_INDIRECT_BUFFER_IB_SIZE, pkt);
    bool chain = pm4_pkt_get(PM4_F_INDIRECT_BUFFER_CHAIN, pkt);
    struct cp_ib *ib;
    int ret;

    (void)p;
    if ((ret = cp_aligned(cp, va, 4)))
        return ret;
    if (!pm4_pkt_get(PM4_F_INDIRECT_BUFFER_VALID, pkt))
        return cp_bad(cp, "INDIRECT_BUFFER without VALID");
    if (pm4_pkt_get(PM4_F_INDIRECT_BUFFER_PRIV, pkt))
        return cp_bad(cp, "a privileged INDIRECT_BUFFER (PRIV) from a user IB");
    if (!chain) {
        if (cp->level + 1 >= CP_IB_LEVELS)
            return cp_unsupported(cp, "an INDIRECT_BUFFER below IB2 (IB nesting deeper than "
                                      "two levels)");
        cp->level++;
    }
    /* CHAIN: the CP continues in the new buffer and never comes back */
    ib = &cp->ib[cp->level];
    ib->va = va;
    ib->size_dw = size;
    ib->pos_dw = 0;
    ib->win_start_dw = ib->win_len_dw = 0;
    return 0;
}

/* The job's next per-dispatch statistics record (SIM_DRM_AMDPM4_QUERY);
 * NULL when out of host memory: the dispatch then runs without. */
static struct sim_dispatch_stats *stats_slot(struct sim_fence *fc)
{
    uint32_t at, c = sim_stats_chunk(fc->nstats, &at);

    if (at == 0) {
        if (!fc->capchunks) {
            fc->stats = fc->stats_few;
            fc->capchunks = sizeof(fc->stats_few) / sizeof(fc->stats_few[0]);
        } else if (c == fc->capchunks) {
            struct sim_dispatch_stats **p = malloc(2 * c * sizeof(*p));

            if (!p)
                return NULL;
            memcpy(p, fc->stats, c * sizeof(*p));
            if (fc->stats != fc->stats_few)
                free(fc->stats);
            fc->stats = p;
            fc->capchunks = 2 * c;
        }
        if (!(fc->stats[c] = malloc(sim_stats_chunk_len(c) * sizeof(*fc->stats[c]))))
            return NULL;
    }
    fc->nstats++;
    return &fc->stats[c][at];
}

static int run_dispatch(struct cp *cp, const uint32_t dim[3], uint32_t initiator)
{
    const struct sim_hw_ip *ip = sim_navi31_hw_ip(sim_navi31_ring_ip(cp->ring->id));
    struct sim_job *job = cp->e->job;
    struct sim_dispatch d;
    struct sim_fault f;
    int ret;

    /* the CP loads the grid into the COMPUTE_DIM_* and initiator registers */
    cp->ring->sh_regs[PM4_DW_COMPUTE_DIM_X - PM4_SH_FIRST_DW] = dim[0];
    cp->ring->sh_regs[PM4_DW_COMPUTE_DIM_Y - PM4_SH_FIRST_DW] = dim[1];
    cp->ring->sh_regs[PM4_DW_COMPUTE_DIM_Z - PM4_SH_FIRST_DW] = dim[2];
    cp->ring->sh_regs[PM4_DW_COMPUTE_DISPATCH_INITIATOR - PM4_SH_FIRST_DW] = initiator;
    if (!dim[0] || !dim[1] || !dim[2])
        return 0;   /* no workgroups: nothing is launched */
    memset(&d, 0, sizeof(d));
    d.vm = cp->vm;
    d.sh_regs = cp->ring->sh_regs;
    memcpy(d.dim, dim, sizeof(d.dim));
    d.initiator = initiator;
    d.deadline_ns = cp->e->deadline_ns;
    d.ring = ip->hw_ip_type << 8 | (cp->ring->id - ip->first_ring);
    d.ctx_id = job->ctx->id;
    d.seq = job->seq;
    d.index = cp->dispatch_index++;
    memset(&f, 0, sizeof(f));
    d.stats = stats_slot(job->fence);
    ret = sim_exec_dispatch(&d, &f);
    job->fence->dispatches++;
    if (ret) {
        const struct cp_ib *ib = &cp->ib[cp->level];

        *cp->fault = f;
        /* the executor's message, with where the dispatch packet sits */
        snprintf(cp->fault->msg, sizeof(cp->fault->msg),
                 "%s at 0x%" PRIx64 " (IB%u 0x%" PRIx64 " +0x%" PRIx64 "): %.400s",
                 cp->pkt_name, cp->pkt_va, cp->level + 1, ib->va, cp->pkt_va - ib->va, f.msg);
        if (cp->fault->kind == SIM_FAULT_NONE)
            cp->fault->kind = SIM_FAULT_DISPATCH;
    }
    return ret;
}

static int pkt_dispatch_direct(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    uint32_t dim[3] = {pm4_pkt_get(PM4_F_DISPATCH_DIRECT_DIM_X, pkt),
                       pm4_pkt_get(PM4_F_DISPATCH_DIRECT_DIM_Y, pkt),
                       pm4_pkt_get(PM4_F_DISPATCH_DIRECT_DIM_Z, pkt)};

    (void)p;
    return run_dispatch(cp, dim, pm4_pkt_get(PM4_F_DISPATCH_DIRECT_DISPATCH_INITIATOR, pkt));
}

/* The MEC form: the grid comes from memory ({x, y, z} dwords at ADDR).  The
 * GFX ring's SET_BASE-relative form has another length and is refused by
 * the packet table. */
static int pkt_dispatch_indirect(struct cp *cp, const uint32_t *pkt, const struct pm4_packet *p)
{
    uint64_t va = lo_hi(pm4_pkt_get(PM4_F_DISPATCH_INDIRECT_ADDR_LO, pkt),
                        pm4_pkt_get(PM4_F_DISPATCH_INDIRECT_ADDR_HI, pkt));
    uint32_t dim[3];
    int ret;

    (void)p;
    if ((ret = cp_aligned(cp, va, 4)) || (ret = cp_read(cp, va, dim, sizeof(dim))))
        return ret;
    return run_dispatch(cp, dim, pm4_pkt_get(PM4_F_DISPATCH_INDIRECT_DISPATCH_INITIATOR, pkt));
}

/* One function per packet the CP executes; the rest of the table (and any
 * opcode outside it) is refused by name. */
static const cp_pkt_fn cp_pkts[256] = {
    [PM4_OP_NOP] = pkt_nop,
    [PM4_OP_SET_BASE] = pkt_set_base,
    [PM4_OP_DISPATCH_DIRECT] = pkt_dispatch_direct,
    [PM4_OP_DISPATCH_INDIRECT] = pkt_dispatch_indirect,
    [PM4_OP_CONTEXT_CONTROL] = pkt_gfx_only,
    [PM4_OP_WRITE_DATA] = pkt_write_data,
    [PM4_OP_WAIT_REG_MEM] = pkt_wait_reg_mem,
    [PM4_OP_INDIRECT_BUFFER] = pkt_indirect_buffer,
    [PM4_OP_COPY_DATA] = pkt_copy_data,
    [PM4_OP_PFP_SYNC_ME] = pkt_gfx_only,
    [PM4_OP_EVENT_WRITE] = pkt_event_write,
    [PM4_OP_RELEASE_MEM] = pkt_release_mem,
    [PM4_OP_DMA_DATA] = pkt_dma_data,
    [PM4_OP_ACQUIRE_MEM] = pkt_acquire_mem,
    [PM4_OP_SET_SH_REG] = pkt_set_regs,
    [PM4_OP_SET_UCONFIG_REG] = pkt_set_regs,
    [PM4_OP_SET_SH_REG_INDEX] = pkt_set_regs,
};

/* ---------------------------------------------------------------- the fetch loop */

/* Make [pos, pos + need_dw) of the current IB available; *avail_dw is how
 * many dwords from pos the window holds.  Fetches ahead, but a fault is
 * reported only for dwords that are needed. */
static int cp_fetch(struct cp *cp, struct cp_ib *ib, uint32_t need_dw, const uint32_t **ptr,
                    uint32_t *avail_dw)
{
    uint32_t pos = ib->pos_dw, left = ib->size_dw - pos, want;
    uint64_t fva;

    if (need_dw > left)
        need_dw = left;
    if (pos < ib->win_start_dw || pos + need_dw > ib->win_start_dw + ib->win_len_dw) {
        want = left < CP_WINDOW_DW ? left : CP_WINDOW_DW;
        if (sim_vm_read(cp->vm, ib->va + (uint64_t)pos * 4, ib->win, (uint64_t)want * 4, &fva)) {
            want = need_dw;
            if (sim_vm_read(cp->vm, ib->va + (uint64_t)pos * 4, ib->win, (uint64_t)want * 4,
                            &fva)) {
                cp->pkt_name = "IB fetch";
                cp->pkt_va = ib->va + (uint64_t)pos * 4;
                return cp_fault(cp, -EFAULT, SIM_FAULT_VM, fva,
                                "the IB at 0x%" PRIx64 " (%u dw) is not mapped readable at 0x%"
                                PRIx64, ib->va, ib->size_dw, fva);
            }
        }
        ib->win_start_dw = pos;
        ib->win_len_dw = want;
    }
    *ptr = ib->win + (pos - ib->win_start_dw);
    *avail_dw = ib->win_start_dw + ib->win_len_dw - pos;
    return 0;
}

static int cp_exec(struct cp *cp)
{
    for (;;) {
        struct cp_ib *ib = &cp->ib[cp->level];
        const uint32_t *pkt;
        struct pm4_packet p;
        uint32_t avail;
        char why[160];
        cp_pkt_fn fn;
        int ret;

        if (ib->pos_dw >= ib->size_dw) {
            if (cp->level == 0)
                return 0;
            cp->level--;
            continue;
        }
        cp->pkt_name = "packet";
        cp->pkt_va = ib->va + (uint64_t)ib->pos_dw * 4;
        if (sim_now_ns() >= cp->e->deadline_ns)
            return cp_fault(cp, -ETIME, SIM_FAULT_HANG, 0,
                            "the submission ran past AMDPM4_SIM_TIMEOUT_MS (%" PRIu64 " ms)",
                            cp->e->dev->timeout_ns / 1000000);
        if ((ret = cp_fetch(cp, ib, 1, &pkt, &avail)))
            return ret;
        ret = pm4_packet_parse(pkt, avail, &p, why, sizeof(why));
        if (ret == -EOVERFLOW && avail < ib->size_dw - ib->pos_dw) {
            /* the packet continues past the fetched window */
            if ((ret = cp_fetch(cp, ib, p.total_dw, &pkt, &avail)))
                return ret;
            ret = pm4_packet_parse(pkt, avail, &p, why, sizeof(why));
        }
        if (p.info)
            cp->pkt_name = p.info->name;
        if (ret)
            return cp_fault(cp, -EINVAL, SIM_FAULT_PACKET, 0, "0x%08x: %s", pkt[0], why);
        ib->pos_dw += p.total_dw;
        if (p.predicate)
            return cp_unsupported(cp, "a predicated packet (PREDICATE)");
        fn = cp_pkts[p.opcode];
        if (!fn)
            return cp_unsupported(cp, p.info->name);
        if ((ret = fn(cp, pkt, &p)))
            return ret;
    }
}

int sim_cp_run(struct sim_engine_ctx *e, struct sim_fault *fault)
{
    struct sim_ring *r = e->ring;
    struct sim_job *job = e->job;
    struct cp cp;

    if (!r->engine_scratch) {
        r->engine_scratch = malloc((size_t)CP_IB_LEVELS * CP_WINDOW_DW * sizeof(uint32_t));
        if (!r->engine_scratch)
            return sim_fault_set(fault, -ENOMEM, SIM_FAULT_UNSUPPORTED, 0, 0,
                                 "out of host memory for the CP's fetch buffers");
    }
    memset(&cp, 0, sizeof(cp));
    cp.e = e;
    cp.ring = r;
    cp.vm = job->file->vm;
    cp.fault = fault;
    cp.mec = sim_navi31_ring_ip(r->id) == AMDGPU_HW_IP_COMPUTE;
    for (unsigned l = 0; l < CP_IB_LEVELS; l++)
        cp.ib[l].win = (uint32_t *)r->engine_scratch + (size_t)l * CP_WINDOW_DW;
    for (unsigned i = 0; i < SIM_SH_REG_COUNT; i++)
        r->sh_regs[i] = CP_SH_STALE;
    for (unsigned i = 0; i < job->nibs; i++) {
        int ret;

        cp.level = 0;
        cp.ib[0].va = job->ibs[i].va;
        cp.ib[0].size_dw = job->ibs[i].size_dw;
        cp.ib[0].pos_dw = 0;
        cp.ib[0].win_start_dw = cp.ib[0].win_len_dw = 0;
        if ((ret = cp_exec(&cp)))
            return ret;
    }
    return 0;
}
