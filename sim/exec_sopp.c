/*
 * sim/exec_sopp.c — SOPP program control (branches, waits, barrier, end,
 * messages) and the strict-waitcnt bookkeeping every load goes through.
 */
#include <stdlib.h>

#include "sim/clock.h"
#include "sim/exec_emu.h"
#include "sim/navi31.h"

EMU_ANCHOR(sopp);

/* s_waitcnt SIMM16 on gfx11: vmcnt [15:10], lgkmcnt [9:4], expcnt [2:0]
 * (llvm-mc 19: `s_waitcnt vmcnt(1) expcnt(5) lgkmcnt(1)` is 0x0415). */
#define WAITCNT_VM(simm16) (((simm16) >> 10) & 0x3fu)
#define WAITCNT_LGKM(simm16) (((simm16) >> 4) & 0x3fu)
#define WAITCNT_MAX_VM 63u          /* the counters are 6 bits: a 64th load stalls */
#define WAITCNT_MAX_LGKM 63u

/* s_sendmsg message ids (llvm-mc 19: sendmsg(MSG_DEALLOC_VGPRS) is 3). */
#define MSG_ID(simm16) ((simm16) & 0xffu)
#define MSG_DEALLOC_VGPRS 3u

/* s_sendmsg_rtn message ids (llvm-mc 19, gfx1100). */
#define MSG_RTN_GET_DOORBELL 128u
#define MSG_RTN_GET_DDID 129u
#define MSG_RTN_GET_TMA 130u
#define MSG_RTN_GET_REALTIME 131u
#define MSG_RTN_SAVE_WAVE 132u
#define MSG_RTN_GET_TBA 133u

/* The kernel's doorbell assignment on navi1x-navi3x (Linux amdgpu_doorbell.h
 * AMDGPU_NAVI10_DOORBELL_*): its rings use index << 1 (dwords). */
#define DOORBELL_GFX_RING0 0x08bu
#define DOORBELL_MEC_RING0 0x003u

/* s_sethalt / s_setkill: SIMM16[0] sets the state, 0 clears it. */
#define HALT_KILL_BIT 1u

/* ---------------------------------------------------------------- strict waitcnt */

static void pending_complete(struct sim_wave *w, struct exec_pending *p)
{
    if (p->is_sgpr) {
        for (unsigned i = 0; i < p->count; i++)
            exec_sreg_write(w, p->reg + i, p->saved[i]);
    } else {
        uint32_t save_mask = w->dpp_mask;
        w->dpp_mask = ~0u;
        for (unsigned i = 0; i < p->count; i++) {
            uint32_t *d = w->v[p->reg + i];
            const uint32_t *s = p->saved + (size_t)i * SIM_WAVE_LANES;
            for (unsigned l = 0; l < SIM_WAVE_LANES; l++)
                if ((p->lanes >> l) & 1)
                    d[l] = (d[l] & ~p->bits) | (s[l] & p->bits);
            if (w->tracing)
                exec_trace_note_vgpr(w, p->reg + i);
        }
        w->dpp_mask = save_mask;
    }
}

/* Remove pending entry i, keeping issue order. */
static void pending_remove(struct sim_wave *w, unsigned i)
{
    struct exec_pending tmp = w->pend[i];

    memmove(&w->pend[i], &w->pend[i + 1], (w->npend - i - 1) * sizeof(w->pend[0]));
    w->pend[w->npend - 1] = tmp;        /* keep its buffer for reuse */
    w->npend--;
}

void exec_wait_counter(struct sim_wave *w, enum exec_counter c, unsigned n)
{
    unsigned k = 0;

    for (unsigned i = 0; i < w->npend; i++)
        k += w->pend[i].counter == c;
    /* The oldest k - n complete; SMEM returns out of order, so only a wait
     * for 0 proves an SMEM load done. */
    for (unsigned i = 0; i < w->npend && k > n;) {
        struct exec_pending *p = &w->pend[i];

        if (p->counter != c || (p->is_smem && n)) {
            i++;
            continue;
        }
        pending_complete(w, p);
        pending_remove(w, i);
        k--;
    }
}

int exec_pending_add(struct sim_wave *w, enum exec_counter c, bool is_smem, bool is_sgpr,
                     unsigned reg, unsigned count, uint32_t lanes, uint32_t bits,
                     const uint32_t *data)
{
    size_t words = is_sgpr ? count : (size_t)count * SIM_WAVE_LANES;
    unsigned outstanding = 0;
    struct exec_pending *p;

    for (unsigned i = 0; i < w->npend; i++)
        outstanding += w->pend[i].counter == c;
    if (outstanding >= (c == EXEC_CNT_VM ? WAITCNT_MAX_VM : WAITCNT_MAX_LGKM))
        exec_wait_counter(w, c, outstanding - 1);   /* the issue stalls until one returns */
    if (w->npend == w->cap_pend) {
        unsigned cap = w->cap_pend ? w->cap_pend * 2 : 8;
        struct exec_pending *np = realloc(w->pend, cap * sizeof(*np));

        if (!np)
            return exec_fault(w, -ENOMEM, SIM_FAULT_UNSUPPORTED, 0,
                              "out of host memory tracking loads (AMDPM4_SIM_STRICT_WAITCNT)");
        memset(np + w->cap_pend, 0, (cap - w->cap_pend) * sizeof(*np));
        w->pend = np;
        w->cap_pend = cap;
    }
    p = &w->pend[w->npend];
    free(p->saved);
    p->saved = malloc(words * sizeof(uint32_t));
    if (!p->saved)
        return exec_fault(w, -ENOMEM, SIM_FAULT_UNSUPPORTED, 0,
                          "out of host memory tracking loads (AMDPM4_SIM_STRICT_WAITCNT)");
    memcpy(p->saved, data, words * sizeof(uint32_t));
    p->counter = (uint8_t)c;
    p->is_smem = is_smem;
    p->is_sgpr = is_sgpr;
    p->reg = (uint16_t)reg;
    p->count = (uint16_t)count;
    p->lanes = lanes;
    p->bits = bits;
    w->npend++;

    /* the registers read as poison until a wait covers the load */
    if (is_sgpr) {
        for (unsigned i = 0; i < count; i++)
            exec_sreg_write(w, reg + i, EXEC_POISON);
    } else {
        for (unsigned i = 0; i < count; i++) {
            for (unsigned l = 0; l < SIM_WAVE_LANES; l++)
                if ((lanes >> l) & 1)
                    w->v[reg + i][l] = (w->v[reg + i][l] & ~bits) | (EXEC_POISON & bits);
            if (w->tracing)
                exec_trace_note_vgpr(w, reg + i);
        }
    }
    return EXEC_NEXT;
}

/* ---------------------------------------------------------------- waits and hints */

EMU(s_waitcnt)
{
    if (w->npend) {
        exec_wait_counter(w, EXEC_CNT_VM, WAITCNT_VM(in->imm));
        exec_wait_counter(w, EXEC_CNT_LGKM, WAITCNT_LGKM(in->imm));
    }
    return EXEC_NEXT;
}

/* SOPK waits: the count is S0[5:0] + SIMM16[5:0] (S0 is the SGPR field,
 * normally null). */
EMU(s_waitcnt_vmcnt)
{
    if (w->npend)
        exec_wait_counter(w, EXEC_CNT_VM, ((exec_opnd_u32(w, &in->src[0]) & 0x3f) + (in->imm & 0x3f)) & 0x3f);
    return EXEC_NEXT;
}

EMU(s_waitcnt_lgkmcnt)
{
    if (w->npend)
        exec_wait_counter(w, EXEC_CNT_LGKM, ((exec_opnd_u32(w, &in->src[0]) & 0x3f) + (in->imm & 0x3f)) & 0x3f);
    return EXEC_NEXT;
}

/* Stores and export counters: memory is written at issue here. */
EMU(s_waitcnt_vscnt) { return EXEC_NEXT; }
EMU(s_waitcnt_expcnt) { return EXEC_NEXT; }
EMU(s_waitcnt_depctr) { return EXEC_NEXT; }

EMU(s_wait_idle)
{
    if (w->npend) {
        exec_wait_counter(w, EXEC_CNT_VM, 0);
        exec_wait_counter(w, EXEC_CNT_LGKM, 0);
    }
    return EXEC_NEXT;
}

/* Scheduling hints and performance controls: no effect on results. */
EMU(s_nop) { return EXEC_NEXT; }
EMU(s_delay_alu) { return EXEC_NEXT; }
EMU(s_clause) { return EXEC_NEXT; }
EMU(s_set_inst_prefetch_distance) { return EXEC_NEXT; }
EMU(s_setprio) { return EXEC_NEXT; }
EMU(s_icache_inv) { return EXEC_NEXT; }
EMU(s_incperflevel) { return EXEC_NEXT; }
EMU(s_decperflevel) { return EXEC_NEXT; }
EMU(s_ttracedata) { return EXEC_NEXT; }
EMU(s_ttracedata_imm) { return EXEC_NEXT; }
EMU(s_wakeup) { return EXEC_NEXT; }
EMU(s_wait_event) { return EXEC_NEXT; }

/* s_sleep: let the workgroup's other waves run (a spin-wait with s_sleep
 * makes progress).  Handled as a barrier-free yield by the scheduler. */
EMU(s_sleep)
{
    return EXEC_YIELD;
}

/* s_round_mode / s_denorm_mode: MODE[3:0] / MODE[7:4] = SIMM16[3:0]. */
EMU(s_round_mode)
{
    w->mode = exec_mode_set(w->mode, EXEC_MODE_FP_ROUND_32, in->imm & 3);
    w->mode = exec_mode_set(w->mode, EXEC_MODE_FP_ROUND_16_64, (in->imm >> 2) & 3);
    exec_mode_apply(w);
    return EXEC_NEXT;
}

EMU(s_denorm_mode)
{
    w->mode = exec_mode_set(w->mode, EXEC_MODE_FP_DENORM_32, in->imm & 3);
    w->mode = exec_mode_set(w->mode, EXEC_MODE_FP_DENORM_16_64, (in->imm >> 2) & 3);
    exec_mode_apply(w);
    return EXEC_NEXT;
}

/* ---------------------------------------------------------------- branches */

static inline int branch_if(struct sim_wave *w, const struct exec_inst *in, bool taken)
{
    if (taken)
        w->pc_va += (uint64_t)((int64_t)(int16_t)in->imm * 4);
    return EXEC_NEXT;
}

EMU(s_branch) { return branch_if(w, in, true); }
EMU(s_cbranch_scc0) { return branch_if(w, in, w->scc == 0); }
EMU(s_cbranch_scc1) { return branch_if(w, in, w->scc != 0); }
EMU(s_cbranch_vccz) { return branch_if(w, in, w->s[EXEC_SREG_VCC_LO] == 0); }
EMU(s_cbranch_vccnz) { return branch_if(w, in, w->s[EXEC_SREG_VCC_LO] != 0); }
EMU(s_cbranch_execz) { return branch_if(w, in, w->s[EXEC_SREG_EXEC_LO] == 0); }
EMU(s_cbranch_execnz) { return branch_if(w, in, w->s[EXEC_SREG_EXEC_LO] != 0); }
/* No debugger is attached: the conditional-debug bits are 0. */
EMU(s_cbranch_cdbgsys) { return branch_if(w, in, false); }
EMU(s_cbranch_cdbguser) { return branch_if(w, in, false); }
EMU(s_cbranch_cdbgsys_or_user) { return branch_if(w, in, false); }
EMU(s_cbranch_cdbgsys_and_user) { return branch_if(w, in, false); }

/* ---------------------------------------------------------------- end, barrier, messages */

EMU(s_endpgm)
{
    return EXEC_END;
}

EMU(s_barrier)
{
    w->st->barriers++;
    return EXEC_BARRIER;
}

EMU(s_code_end)
{
    return exec_fault(w, -EINVAL, SIM_FAULT_ILLEGAL_INSN, 0,
                      "s_code_end executed: the wave ran past the end of its program");
}

EMU(s_sendmsg)
{
    if (MSG_ID(in->imm) == MSG_DEALLOC_VGPRS)
        return EXEC_NEXT;       /* the VGPRs are freed when the wave ends here */
    return exec_fault(w, -ENOTSUP, SIM_FAULT_UNSUPPORTED, 0,
                      "s_sendmsg with message id %u is not simulated (only MSG_DEALLOC_VGPRS)",
                      MSG_ID(in->imm));
}

/* A wave that halts itself stays halted until a debugger resumes it: on the
 * hardware the dispatch never ends, here it stops at once (errata
 * SETHALT_SETKILL). */
static int halted(struct sim_wave *w, const char *how)
{
    return exec_fault(w, -ETIMEDOUT, SIM_FAULT_HANG, 0,
                      "%s halted the wave: nothing resumes it without a debugger, so the "
                      "dispatch would never end", how);
}

EMU(s_sethalt)
{
    return (in->imm & HALT_KILL_BIT) ? halted(w, "s_sethalt") : EXEC_NEXT;
}

EMU(s_setkill)
{
    return (in->imm & HALT_KILL_BIT) ? EXEC_END : EXEC_NEXT;
}

EMU(s_sendmsghalt)
{
    int r = emu_s_sendmsg(w, in);

    return r == EXEC_NEXT ? halted(w, "s_sendmsghalt") : r;
}

/* The ring's doorbell offset in dwords, as amdgpu programs it. */
static uint32_t ring_doorbell(const struct sim_dispatch *d)
{
    return (d->ring >> 8 == AMDGPU_HW_IP_COMPUTE ? DOORBELL_MEC_RING0 + (d->ring & 0xff)
                                                 : DOORBELL_GFX_RING0) << 1;
}

/* s_sendmsg_rtn: what each message returns (errata SENDMSG_RTN); the b32
 * form gets the low dword. */
static int sendmsg_rtn(struct sim_wave *w, const struct exec_inst *in, bool is64)
{
    uint64_t v;

    switch (in->imm & 0xffu) {
    case MSG_RTN_GET_DOORBELL: v = ring_doorbell(w->disp->d); break;
    case MSG_RTN_GET_DDID: v = w->disp->d->index; break;
    case MSG_RTN_GET_TMA: case MSG_RTN_GET_TBA: v = 0; break;   /* no trap handler */
    case MSG_RTN_GET_REALTIME: v = sim_gpu_clock(); break;
    case MSG_RTN_SAVE_WAVE:
        return exec_fault(w, -ENOTSUP, SIM_FAULT_UNSUPPORTED, 0,
                          "s_sendmsg_rtn MSG_RTN_SAVE_WAVE belongs to a context-save trap "
                          "handler, which the simulator does not run");
    default:
        return exec_fault(w, -EINVAL, SIM_FAULT_ILLEGAL_INSN, 0,
                          "s_sendmsg_rtn with message id %u, which gfx11 does not define",
                          in->imm & 0xffu);
    }
    if (w->disp->strict_waitcnt && in->sdst != EXEC_SREG_NULL) {
        /* the value comes back on LGKM_CNT like a scalar load */
        uint32_t data[2] = {(uint32_t)v, (uint32_t)(v >> 32)};
        return exec_pending_add(w, EXEC_CNT_LGKM, true, true, in->sdst, is64 ? 2 : 1, 0, ~0u,
                                data);
    }
    if (is64)
        emu_sd64(w, in, v);
    else
        emu_sd32(w, in, (uint32_t)v);
    return EXEC_NEXT;
}

EMU(s_sendmsg_rtn_b32) { return sendmsg_rtn(w, in, false); }
EMU(s_sendmsg_rtn_b64) { return sendmsg_rtn(w, in, true); }

EMU(s_trap)
{
    return exec_fault(w, -ENOTSUP, SIM_FAULT_UNSUPPORTED, 0,
                      "s_trap %u: the simulated gfx1100 has no trap handler", in->imm & 0xffu);
}
