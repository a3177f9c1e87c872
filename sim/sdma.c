/*
 * sim/sdma.c — the SDMA 6.0 engine of the DMA rings: reads each packet of
 * an IB with the pm4/ SDMA table (sdma_packet_parse, field ids) and
 * executes it with one function per packet.  Memory is reached only through
 * the VM; an unknown packet, a bad address or a variant the simulator does
 * not implement is a named fault.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm4/sdma_table.h"
#include "sim/clock.h"
#include "sim/drv.h"
#include "sim/engine.h"

/* Dwords fetched at once; longer packets (WRITE_UNTILED data, long NOPs) are
 * streamed from memory rather than held in the window. */
#define SDMA_WINDOW_DW 1024u

struct sdma {
    struct sim_engine_ctx *e;
    struct sim_vm *vm;
    struct sim_fault *fault;
    uint64_t ib_va;
    uint32_t ib_size_dw, pos_dw;         /* pos: the packet being executed */
    uint32_t win_start_dw, win_len_dw;
    uint32_t *win;
    const char *pkt_name;
};

typedef int (*sdma_pkt_fn)(struct sdma *s, const uint32_t *pkt, const struct sdma_packet *p);

static int sdma_fault(struct sdma *s, int err, enum sim_fault_kind kind, uint64_t va,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int sdma_fault(struct sdma *s, int err, enum sim_fault_kind kind, uint64_t va,
                      const char *fmt, ...)
{
    uint64_t pkt_va = s->ib_va + (uint64_t)s->pos_dw * 4;
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return sim_fault_set(s->fault, err, kind, va, pkt_va,
                         "SDMA %s at 0x%" PRIx64 " (IB 0x%" PRIx64 " +0x%" PRIx64 "): %s",
                         s->pkt_name, pkt_va, s->ib_va, pkt_va - s->ib_va, msg);
}

static int sdma_unsupported(struct sdma *s, const char *what)
{
    return sdma_fault(s, -ENOTSUP, SIM_FAULT_UNSUPPORTED, 0, "%s is not simulated", what);
}

static int sdma_aligned(struct sdma *s, uint64_t va, unsigned bytes)
{
    if (va & (bytes - 1))
        return sdma_fault(s, -EINVAL, SIM_FAULT_PACKET, va, "address 0x%" PRIx64
                          " is not %u-byte aligned", va, bytes);
    return 0;
}

static int sdma_vm_fault(struct sdma *s, uint64_t fva, bool write)
{
    return sdma_fault(s, -EFAULT, SIM_FAULT_VM, fva, "0x%" PRIx64 " is not mapped %s", fva,
                      write ? "writable" : "readable");
}

static int sdma_write(struct sdma *s, uint64_t va, const void *src, uint64_t bytes)
{
    uint64_t fva;

    return sim_vm_write(s->vm, va, src, bytes, &fva) ? sdma_vm_fault(s, fva, true) : 0;
}

static uint64_t lo_hi(uint32_t lo, uint32_t hi)
{
    return (uint64_t)hi << 32 | lo;
}

/* ---------------------------------------------------------------- packets */

static int pkt_nop(struct sdma *s, const uint32_t *pkt, const struct sdma_packet *p)
{
    (void)s;
    (void)pkt;
    (void)p;
    return 0;
}

static int pkt_copy_linear(struct sdma *s, const uint32_t *pkt, const struct sdma_packet *p)
{
    uint64_t src = lo_hi(sdma_pkt_get(SDMA_F_COPY_LINEAR_SRC_ADDR_LO, pkt),
                         sdma_pkt_get(SDMA_F_COPY_LINEAR_SRC_ADDR_HI, pkt));
    uint64_t dst = lo_hi(sdma_pkt_get(SDMA_F_COPY_LINEAR_DST_ADDR_LO, pkt),
                         sdma_pkt_get(SDMA_F_COPY_LINEAR_DST_ADDR_HI, pkt));
    uint64_t bytes = (uint64_t)sdma_pkt_get(SDMA_F_COPY_LINEAR_COUNT, pkt) + 1, fva;
    bool fwrite;

    (void)p;
    if (sdma_pkt_get(SDMA_F_COPY_LINEAR_ENCRYPT, pkt) || sdma_pkt_get(SDMA_F_COPY_LINEAR_TMZ, pkt))
        return sdma_unsupported(s, "an encrypted (TMZ) COPY_LINEAR");
    if (sdma_pkt_get(SDMA_F_COPY_LINEAR_BACKWARDS, pkt))
        return sdma_unsupported(s, "a backwards COPY_LINEAR");
    if (sdma_pkt_get(SDMA_F_COPY_LINEAR_BROADCAST, pkt))
        return sdma_unsupported(s, "a broadcast COPY_LINEAR");
    if (sim_engine_copy(s->vm, dst, src, bytes, &fva, &fwrite))
        return sdma_vm_fault(s, fva, fwrite);
    return 0;
}

/* The data dwords follow the 4-dword head in the IB itself: copied from
 * there through the VM. */
static int pkt_write_untiled(struct sdma *s, const uint32_t *pkt, const struct sdma_packet *p)
{
    uint64_t dst = lo_hi(sdma_pkt_get(SDMA_F_WRITE_UNTILED_DST_ADDR_LO, pkt),
                         sdma_pkt_get(SDMA_F_WRITE_UNTILED_DST_ADDR_HI, pkt));
    uint64_t n = (uint64_t)sdma_pkt_get(SDMA_F_WRITE_UNTILED_COUNT, pkt) + 1, fva;
    uint64_t data_va = s->ib_va + ((uint64_t)s->pos_dw + sdma_pkts[SDMA_PKT_WRITE_UNTILED].base_dw) * 4;
    bool fwrite;
    int ret;

    (void)p;
    if (sdma_pkt_get(SDMA_F_WRITE_UNTILED_ENCRYPT, pkt) ||
        sdma_pkt_get(SDMA_F_WRITE_UNTILED_TMZ, pkt))
        return sdma_unsupported(s, "an encrypted (TMZ) WRITE_UNTILED");
    if ((ret = sdma_aligned(s, dst, 4)))
        return ret;
    if (sim_engine_copy(s->vm, dst, data_va, n * 4, &fva, &fwrite))
        return sdma_vm_fault(s, fva, fwrite);
    return 0;
}

static int pkt_indirect(struct sdma *s, const uint32_t *pkt, const struct sdma_packet *p)
{
    (void)pkt;
    (void)p;
    return sdma_unsupported(s, "an INDIRECT packet inside an SDMA IB (IBs do not nest)");
}

static int pkt_fence(struct sdma *s, const uint32_t *pkt, const struct sdma_packet *p)
{
    uint64_t va = lo_hi(sdma_pkt_get(SDMA_F_FENCE_ADDR_LO, pkt),
                        sdma_pkt_get(SDMA_F_FENCE_ADDR_HI, pkt));
    uint32_t data = sdma_pkt_get(SDMA_F_FENCE_DATA, pkt);
    int ret;

    (void)p;
    if ((ret = sdma_aligned(s, va, 4)))
        return ret;
    return sdma_write(s, va, &data, 4);
}

static int pkt_trap(struct sdma *s, const uint32_t *pkt, const struct sdma_packet *p)
{
    /* the trap interrupt only wakes the kernel's fence processing, which the
     * simulator does when the job ends */
    (void)s;
    (void)pkt;
    (void)p;
    return 0;
}

/* RETRY_COUNT is not modelled: the engine polls until the condition holds
 * or the job's deadline passes (a hang). */
static int pkt_poll_regmem(struct sdma *s, const uint32_t *pkt, const struct sdma_packet *p)
{
    uint32_t fn = sdma_pkt_get(SDMA_F_POLL_REGMEM_FUNC, pkt);
    uint64_t va = lo_hi(sdma_pkt_get(SDMA_F_POLL_REGMEM_ADDR_LO, pkt),
                        sdma_pkt_get(SDMA_F_POLL_REGMEM_ADDR_HI, pkt));
    uint32_t ref = sdma_pkt_get(SDMA_F_POLL_REGMEM_VALUE, pkt);
    uint32_t mask = sdma_pkt_get(SDMA_F_POLL_REGMEM_MASK, pkt);
    uint64_t backoff = 0, fva;
    uint32_t v = 0;
    bool valid;
    int ret;

    (void)p;
    if (sdma_pkt_get(SDMA_F_POLL_REGMEM_HDP_FLUSH, pkt))
        return 0;   /* an HDP flush request: host-path caches are not modelled */
    if (!sdma_pkt_get(SDMA_F_POLL_REGMEM_MEM_POLL, pkt))
        return sdma_unsupported(s, "POLL_REGMEM on a register (MEM_POLL 0)");
    sim_engine_compare(fn, 0, 0, 0, &valid);
    if (!valid)
        return sdma_fault(s, -EINVAL, SIM_FAULT_PACKET, 0, "reserved FUNC %u", fn);
    if ((ret = sdma_aligned(s, va, 4)))
        return ret;
    for (;;) {
        if (sim_vm_read(s->vm, va, &v, 4, &fva))
            return sdma_vm_fault(s, fva, false);
        if (sim_engine_compare(fn, v, mask, ref, &valid))
            return 0;
        if (sim_now_ns() >= s->e->deadline_ns)
            return sdma_fault(s, -ETIME, SIM_FAULT_HANG, va,
                              "waited %" PRIu64 " ms for (0x%08x & 0x%08x) %s 0x%08x at address "
                              "0x%" PRIx64 "; it stayed 0x%08x", s->e->dev->timeout_ns / 1000000,
                              v, mask, pm4_enum_name(PM4_ENUMSET_FUNCTION, fn), ref, va,
                              v & mask);
        sim_engine_poll_sleep(&backoff, s->e->deadline_ns);
    }
}

static int pkt_constant_fill(struct sdma *s, const uint32_t *pkt, const struct sdma_packet *p)
{
    uint64_t dst = lo_hi(sdma_pkt_get(SDMA_F_CONSTANT_FILL_DST_ADDR_LO, pkt),
                         sdma_pkt_get(SDMA_F_CONSTANT_FILL_DST_ADDR_HI, pkt));
    uint64_t bytes = (uint64_t)sdma_pkt_get(SDMA_F_CONSTANT_FILL_COUNT, pkt) + 1, fva;
    uint32_t data = sdma_pkt_get(SDMA_F_CONSTANT_FILL_DATA, pkt);
    uint32_t size = sdma_pkt_get(SDMA_F_CONSTANT_FILL_FILLSIZE, pkt);
    int ret;

    (void)p;
    if (size != PM4_SDMA_FILLSIZE_DWORD)
        return sdma_unsupported(s, "a CONSTANT_FILL with a FILLSIZE other than DWORD");
    if ((ret = sdma_aligned(s, dst, 4)))
        return ret;
    if (bytes & 3)
        return sdma_fault(s, -EINVAL, SIM_FAULT_PACKET, dst,
                          "a DWORD fill of %" PRIu64 " bytes (not a multiple of 4)", bytes);
    if (sim_engine_fill(s->vm, dst, data, bytes, &fva))
        return sdma_vm_fault(s, fva, true);
    return 0;
}

static int pkt_timestamp(struct sdma *s, const uint32_t *pkt, const struct sdma_packet *p)
{
    uint64_t va = lo_hi(sdma_pkt_get(SDMA_F_TIMESTAMP_GET_GLOBAL_WRITE_ADDR_LO, pkt),
                        sdma_pkt_get(SDMA_F_TIMESTAMP_GET_GLOBAL_WRITE_ADDR_HI, pkt));
    uint64_t t;
    int ret;

    (void)p;
    if ((ret = sdma_aligned(s, va, 8)))
        return ret;
    t = sim_gpu_clock();
    return sdma_write(s, va, &t, 8);
}

static const sdma_pkt_fn sdma_pkt_fns[SDMA_PKT_COUNT] = {
    [SDMA_PKT_NOP] = pkt_nop,
    [SDMA_PKT_COPY_LINEAR] = pkt_copy_linear,
    [SDMA_PKT_WRITE_UNTILED] = pkt_write_untiled,
    [SDMA_PKT_INDIRECT] = pkt_indirect,
    [SDMA_PKT_FENCE] = pkt_fence,
    [SDMA_PKT_TRAP] = pkt_trap,
    [SDMA_PKT_POLL_REGMEM] = pkt_poll_regmem,
    [SDMA_PKT_CONSTANT_FILL] = pkt_constant_fill,
    [SDMA_PKT_TIMESTAMP_GET_GLOBAL] = pkt_timestamp,
};

/* ---------------------------------------------------------------- the fetch loop */

/* Make [pos, pos + need_dw) of the IB available (fetching ahead, but
 * faulting only on dwords that are needed). */
static int sdma_fetch(struct sdma *s, uint32_t need_dw, const uint32_t **ptr, uint32_t *avail_dw)
{
    uint32_t pos = s->pos_dw, left = s->ib_size_dw - pos;
    uint64_t fva;

    if (need_dw > left)
        need_dw = left;
    if (pos < s->win_start_dw || pos + need_dw > s->win_start_dw + s->win_len_dw) {
        uint32_t want = left < SDMA_WINDOW_DW ? left : SDMA_WINDOW_DW;

        if (sim_vm_read(s->vm, s->ib_va + (uint64_t)pos * 4, s->win, (uint64_t)want * 4, &fva)) {
            want = need_dw;
            if (sim_vm_read(s->vm, s->ib_va + (uint64_t)pos * 4, s->win, (uint64_t)want * 4,
                            &fva)) {
                s->pkt_name = "IB fetch";
                return sdma_fault(s, -EFAULT, SIM_FAULT_VM, fva, "the IB at 0x%" PRIx64
                                  " (%u dw) is not mapped readable at 0x%" PRIx64, s->ib_va,
                                  s->ib_size_dw, fva);
            }
        }
        s->win_start_dw = pos;
        s->win_len_dw = want;
    }
    *ptr = s->win + (pos - s->win_start_dw);
    *avail_dw = s->win_start_dw + s->win_len_dw - pos;
    return 0;
}

static int sdma_exec(struct sdma *s)
{
    while (s->pos_dw < s->ib_size_dw) {
        uint32_t left = s->ib_size_dw - s->pos_dw, avail;
        const uint32_t *pkt;
        struct sdma_packet p;
        char why[160];
        int ret;

        s->pkt_name = "packet";
        if (sim_now_ns() >= s->e->deadline_ns)
            return sdma_fault(s, -ETIME, SIM_FAULT_HANG, 0,
                              "the submission ran past AMDPM4_SIM_TIMEOUT_MS (%" PRIu64 " ms)",
                              s->e->dev->timeout_ns / 1000000);
        if ((ret = sdma_fetch(s, 1, &pkt, &avail)))
            return ret;
        ret = sdma_packet_parse(pkt, avail, &p, why, sizeof(why));
        if (ret == -EOVERFLOW && p.pkt >= 0 && avail < sdma_pkts[p.pkt].base_dw &&
            avail < left) {
            /* the packet's fixed head continues past the fetched window */
            if ((ret = sdma_fetch(s, sdma_pkts[p.pkt].base_dw, &pkt, &avail)))
                return ret;
            ret = sdma_packet_parse(pkt, avail, &p, why, sizeof(why));
        }
        if (p.pkt >= 0)
            s->pkt_name = sdma_pkts[p.pkt].name;
        /* A packet longer than the window (long NOP, WRITE_UNTILED data) is
         * fine once its fixed head is held and it ends inside the IB: its
         * tail is read from memory where it lies. */
        if (ret == -EOVERFLOW && p.pkt >= 0 && avail >= sdma_pkts[p.pkt].base_dw &&
            p.total_dw <= left)
            ret = 0;
        if (ret)
            return sdma_fault(s, -EINVAL, SIM_FAULT_PACKET, 0, "0x%08x: %s", pkt[0], why);
        if ((ret = sdma_pkt_fns[p.pkt](s, pkt, &p)))
            return ret;
        s->pos_dw += (uint32_t)p.total_dw;
    }
    return 0;
}

int sim_sdma_run(struct sim_engine_ctx *e, struct sim_fault *fault)
{
    struct sim_ring *r = e->ring;
    struct sim_job *job = e->job;
    struct sdma s;

    if (!r->engine_scratch) {
        r->engine_scratch = malloc(SDMA_WINDOW_DW * sizeof(uint32_t));
        if (!r->engine_scratch)
            return sim_fault_set(fault, -ENOMEM, SIM_FAULT_UNSUPPORTED, 0, 0,
                                 "out of host memory for the SDMA fetch buffer");
    }
    for (unsigned i = 0; i < job->nibs; i++) {
        int ret;

        memset(&s, 0, sizeof(s));
        s.e = e;
        s.vm = job->file->vm;
        s.fault = fault;
        s.win = r->engine_scratch;
        s.ib_va = job->ibs[i].va;
        s.ib_size_dw = job->ibs[i].size_dw;
        if ((ret = sdma_exec(&s)))
            return ret;
    }
    return 0;
}
