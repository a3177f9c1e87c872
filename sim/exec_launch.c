/* sim/exec_launch.c — see exec_launch.h. */
#include "sim/exec_launch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/exec_regs.h"
#include "sim/exec_trace.h"

#define MAX_WG_THREADS 1024u
#define MAX_USER_SGPRS 16u          /* COMPUTE_USER_DATA_0..15 */
#define VGPR_GRANULE_W32 8u         /* RSRC1.VGPRS = VGPRs / 8 - 1 in wave32 (LLVM getVGPREncodingGranule) */
#define LDS_GRANULE_BYTES 512u      /* RSRC2.LDS_SIZE unit: 128 dwords */
#define LDS_MAX_BYTES 65536u
#define SCRATCH_GRANULE_BYTES 256u  /* TMPRING_SIZE.WAVESIZE unit on gfx11 */
#define ADDR_SHIFT_BYTES 8u         /* PGM_LO/HI and DISPATCH_SCRATCH_BASE hold address >> 8 */

/* The workgroup-info SGPR (RSRC2.TG_SIZE_EN): waves in the workgroup in
 * [5:0], this wave's index in [24:20] on gfx10.3+ (Mesa ac_nir_to_llvm.c
 * visit_load_num_subgroups / visit_load_subgroup_id). */
#define TG_INFO_NUM_WAVES_SHIFT 0
#define TG_INFO_WAVE_ID_SHIFT 20

/* v0: work-item ids X [9:0], Y [19:10], Z [29:20] (gfx11 FeaturePackedTID). */
#define TID_BITS 10

static int refuse(struct sim_fault *f, const struct sim_dispatch *d, const char *what)
{
    return sim_fault_set(f, -EINVAL, SIM_FAULT_DISPATCH, 0, 0,
                         "dispatch %u of submission %llu refused: %s", d->index,
                         (unsigned long long)d->seq, what);
}

static uint64_t sign_extend_va(uint64_t va)
{
    return (va & (1ull << (SIM_VM_VA_BITS - 1))) ? va | ~((1ull << SIM_VM_VA_BITS) - 1) : va;
}

int exec_launch_read(const struct sim_dispatch *d, struct exec_disp *dp, struct sim_fault *f)
{
    uint32_t init = d->initiator;
    uint32_t rsrc1 = EXEC_REG(d, COMPUTE_PGM_RSRC1);
    uint32_t rsrc2 = EXEC_REG(d, COMPUTE_PGM_RSRC2);
    uint32_t rsrc3 = EXEC_REG(d, COMPUTE_PGM_RSRC3);
    uint32_t tmpring = EXEC_REG(d, COMPUTE_TMPRING_SIZE);
    uint32_t nt[3] = {EXEC_REG(d, COMPUTE_NUM_THREAD_X), EXEC_REG(d, COMPUTE_NUM_THREAD_Y),
                      EXEC_REG(d, COMPUTE_NUM_THREAD_Z)};
    uint32_t start[3] = {EXEC_REG(d, COMPUTE_START_X), EXEC_REG(d, COMPUTE_START_Y),
                         EXEC_REG(d, COMPUTE_START_Z)};
    const uint32_t user_data[MAX_USER_SGPRS] = {
        EXEC_REG(d, COMPUTE_USER_DATA_0), EXEC_REG(d, COMPUTE_USER_DATA_1),
        EXEC_REG(d, COMPUTE_USER_DATA_2), EXEC_REG(d, COMPUTE_USER_DATA_3),
        EXEC_REG(d, COMPUTE_USER_DATA_4), EXEC_REG(d, COMPUTE_USER_DATA_5),
        EXEC_REG(d, COMPUTE_USER_DATA_6), EXEC_REG(d, COMPUTE_USER_DATA_7),
        EXEC_REG(d, COMPUTE_USER_DATA_8), EXEC_REG(d, COMPUTE_USER_DATA_9),
        EXEC_REG(d, COMPUTE_USER_DATA_10), EXEC_REG(d, COMPUTE_USER_DATA_11),
        EXEC_REG(d, COMPUTE_USER_DATA_12), EXEC_REG(d, COMPUTE_USER_DATA_13),
        EXEC_REG(d, COMPUTE_USER_DATA_14), EXEC_REG(d, COMPUTE_USER_DATA_15),
    };
    uint64_t threads = 1;
    char msg[256];
    struct sim_vm_span span;

    dp->d = d;
    dp->vm = d->vm;
    dp->deadline_ns = d->deadline_ns;
    dp->rsrc1 = rsrc1;
    dp->rsrc2 = rsrc2;
    dp->rsrc3 = rsrc3;

    if (!EXEC_FIELD(COMPUTE_DISPATCH_INITIATOR, COMPUTE_SHADER_EN, init))
        return refuse(f, d, "DISPATCH_INITIATOR.COMPUTE_SHADER_EN is 0");
    if (!EXEC_FIELD(COMPUTE_DISPATCH_INITIATOR, CS_W32_EN, init))
        return refuse(f, d, "wave64 (DISPATCH_INITIATOR.CS_W32_EN is 0): the simulated gfx1100 "
                            "runs wave32 kernels only");

    dp->code_va = sign_extend_va((uint64_t)EXEC_FIELD(COMPUTE_PGM_HI, DATA,
                                                      EXEC_REG(d, COMPUTE_PGM_HI)) << 32 << ADDR_SHIFT_BYTES |
                                 (uint64_t)EXEC_REG(d, COMPUTE_PGM_LO) << ADDR_SHIFT_BYTES);
    if (sim_vm_lookup(d->vm, dp->code_va, &span) || !(span.access & SIM_VM_EXEC)) {
        snprintf(msg, sizeof(msg), "COMPUTE_PGM_LO/HI point at 0x%llx, which is %s",
                 (unsigned long long)dp->code_va,
                 sim_vm_lookup(d->vm, dp->code_va, &span) ? "not mapped" : "not executable");
        return refuse(f, d, msg);
    }

    dp->vgprs = (EXEC_FIELD(COMPUTE_PGM_RSRC1, VGPRS, rsrc1) + 1) * VGPR_GRANULE_W32;
    if (dp->vgprs > EXEC_VGPR_MAX) {
        snprintf(msg, sizeof(msg), "COMPUTE_PGM_RSRC1.VGPRS=%u asks for %u VGPRs; a wave32 wave "
                 "has at most %u", EXEC_FIELD(COMPUTE_PGM_RSRC1, VGPRS, rsrc1), dp->vgprs,
                 EXEC_VGPR_MAX);
        return refuse(f, d, msg);
    }
    /* MODE starts as RSRC1 says: FLOAT_MODE is MODE[7:0]. */
    dp->mode0 = EXEC_FIELD(COMPUTE_PGM_RSRC1, FLOAT_MODE, rsrc1);
    dp->mode0 = exec_mode_set(dp->mode0, EXEC_MODE_DX10_CLAMP,
                              EXEC_FIELD(COMPUTE_PGM_RSRC1, DX10_CLAMP, rsrc1));
    dp->mode0 = exec_mode_set(dp->mode0, EXEC_MODE_IEEE,
                              EXEC_FIELD(COMPUTE_PGM_RSRC1, IEEE_MODE, rsrc1));
    dp->mode0 = exec_mode_set(dp->mode0, EXEC_MODE_FP16_OVFL,
                              EXEC_FIELD(COMPUTE_PGM_RSRC1, FP16_OVFL, rsrc1));

    dp->user_sgpr_count = EXEC_FIELD(COMPUTE_PGM_RSRC2, USER_SGPR, rsrc2);
    if (dp->user_sgpr_count > MAX_USER_SGPRS) {
        snprintf(msg, sizeof(msg), "COMPUTE_PGM_RSRC2.USER_SGPR=%u, but there are only %u "
                 "COMPUTE_USER_DATA registers", dp->user_sgpr_count, MAX_USER_SGPRS);
        return refuse(f, d, msg);
    }
    memcpy(dp->user_data, user_data, sizeof(user_data));
    dp->tgid_en[0] = EXEC_FIELD(COMPUTE_PGM_RSRC2, TGID_X_EN, rsrc2);
    dp->tgid_en[1] = EXEC_FIELD(COMPUTE_PGM_RSRC2, TGID_Y_EN, rsrc2);
    dp->tgid_en[2] = EXEC_FIELD(COMPUTE_PGM_RSRC2, TGID_Z_EN, rsrc2);
    dp->tg_size_en = EXEC_FIELD(COMPUTE_PGM_RSRC2, TG_SIZE_EN, rsrc2);
    dp->scratch_en = EXEC_FIELD(COMPUTE_PGM_RSRC2, SCRATCH_EN, rsrc2);
    dp->tidig_comp_cnt = EXEC_FIELD(COMPUTE_PGM_RSRC2, TIDIG_COMP_CNT, rsrc2);
    dp->lds_bytes = EXEC_FIELD(COMPUTE_PGM_RSRC2, LDS_SIZE, rsrc2) * LDS_GRANULE_BYTES;
    if (dp->lds_bytes > LDS_MAX_BYTES) {
        snprintf(msg, sizeof(msg), "COMPUTE_PGM_RSRC2.LDS_SIZE=%u asks for %u bytes of LDS; a "
                 "workgroup has at most %u", EXEC_FIELD(COMPUTE_PGM_RSRC2, LDS_SIZE, rsrc2),
                 dp->lds_bytes, LDS_MAX_BYTES);
        return refuse(f, d, msg);
    }
    if (EXEC_FIELD(COMPUTE_PGM_RSRC3, TRAP_ON_START, rsrc3) ||
        EXEC_FIELD(COMPUTE_PGM_RSRC3, TRAP_ON_END, rsrc3))
        return refuse(f, d, "COMPUTE_PGM_RSRC3.TRAP_ON_START/END set: the simulated gfx1100 has "
                            "no trap handler");
    if (EXEC_FIELD(COMPUTE_PGM_RSRC3, SHARED_VGPR_CNT, rsrc3))
        return refuse(f, d, "COMPUTE_PGM_RSRC3.SHARED_VGPR_CNT is not 0 (shared VGPRs are for "
                            "wave64)");

    dp->scratch_va = sign_extend_va(((uint64_t)EXEC_FIELD(COMPUTE_DISPATCH_SCRATCH_BASE_HI, DATA,
                                                          EXEC_REG(d, COMPUTE_DISPATCH_SCRATCH_BASE_HI)) << 32 |
                                     EXEC_REG(d, COMPUTE_DISPATCH_SCRATCH_BASE_LO)) << ADDR_SHIFT_BYTES);
    dp->scratch_wave_bytes = EXEC_FIELD(COMPUTE_TMPRING_SIZE, WAVESIZE, tmpring) * SCRATCH_GRANULE_BYTES;
    dp->scratch_waves = EXEC_FIELD(COMPUTE_TMPRING_SIZE, WAVES, tmpring);

    for (int i = 0; i < 3; i++) {
        static const char axis[3] = {'X', 'Y', 'Z'};
        static const enum pm4_field full_field[3] = {
            PM4_F_COMPUTE_NUM_THREAD_X_NUM_THREAD_FULL, PM4_F_COMPUTE_NUM_THREAD_Y_NUM_THREAD_FULL,
            PM4_F_COMPUTE_NUM_THREAD_Z_NUM_THREAD_FULL,
        };
        static const enum pm4_field partial_field[3] = {
            PM4_F_COMPUTE_NUM_THREAD_X_NUM_THREAD_PARTIAL,
            PM4_F_COMPUTE_NUM_THREAD_Y_NUM_THREAD_PARTIAL,
            PM4_F_COMPUTE_NUM_THREAD_Z_NUM_THREAD_PARTIAL,
        };
        bool thread_dims = EXEC_FIELD(COMPUTE_DISPATCH_INITIATOR, USE_THREAD_DIMENSIONS, init);
        bool partial = EXEC_FIELD(COMPUTE_DISPATCH_INITIATOR, PARTIAL_TG_EN, init);

        dp->wg_size[i] = pm4_get(full_field[i], nt[i]);
        dp->wg_partial[i] = partial ? pm4_get(partial_field[i], nt[i]) : 0;
        if (!dp->wg_size[i]) {
            snprintf(msg, sizeof(msg), "COMPUTE_NUM_THREAD_%c.NUM_THREAD_FULL is 0", axis[i]);
            return refuse(f, d, msg);
        }
        if (dp->wg_partial[i] > dp->wg_size[i]) {
            snprintf(msg, sizeof(msg), "COMPUTE_NUM_THREAD_%c.NUM_THREAD_PARTIAL=%u exceeds "
                     "NUM_THREAD_FULL=%u", axis[i], dp->wg_partial[i], dp->wg_size[i]);
            return refuse(f, d, msg);
        }
        threads *= dp->wg_size[i];
        if (thread_dims) {
            /* dims count work-items: a partial last workgroup only with PARTIAL_TG_EN */
            dp->grid_threads[i] = d->dim[i];
            dp->grid_wgs[i] = d->dim[i] / dp->wg_size[i];
            if (partial && d->dim[i] % dp->wg_size[i]) {
                dp->grid_wgs[i]++;
                dp->wg_partial[i] = d->dim[i] % dp->wg_size[i];
            } else {
                dp->wg_partial[i] = 0;
            }
        } else {
            dp->grid_wgs[i] = d->dim[i];
        }
        dp->start[i] = EXEC_FIELD(COMPUTE_DISPATCH_INITIATOR, FORCE_START_AT_000, init) ? 0 : start[i];
    }
    if (threads > MAX_WG_THREADS) {
        snprintf(msg, sizeof(msg), "a workgroup of %u x %u x %u work-items exceeds %u",
                 dp->wg_size[0], dp->wg_size[1], dp->wg_size[2], MAX_WG_THREADS);
        return refuse(f, d, msg);
    }
    if (__builtin_mul_overflow((uint64_t)dp->grid_wgs[0] * dp->grid_wgs[1], dp->grid_wgs[2],
                               &dp->nwgs)) {
        snprintf(msg, sizeof(msg), "a grid of %u x %u x %u workgroups is more than 2^64",
                 dp->grid_wgs[0], dp->grid_wgs[1], dp->grid_wgs[2]);
        return refuse(f, d, msg);
    }
    if (dp->scratch_en && dp->scratch_waves < exec_launch_max_waves(dp)) {
        snprintf(msg, sizeof(msg), "COMPUTE_TMPRING_SIZE.WAVES=%u cannot hold one workgroup of %u "
                 "waves with scratch (RSRC2.SCRATCH_EN)", dp->scratch_waves,
                 exec_launch_max_waves(dp));
        return refuse(f, d, msg);
    }
    {
        const char *e = getenv("AMDPM4_SIM_STRICT_WAITCNT");
        dp->strict_waitcnt = e && *e && strcmp(e, "0") != 0;
    }
    return exec_trace_open(dp, f);
}

uint32_t exec_launch_max_waves(const struct exec_disp *dp)
{
    uint32_t t = dp->wg_size[0] * dp->wg_size[1] * dp->wg_size[2];
    return (t + SIM_WAVE_LANES - 1) / SIM_WAVE_LANES;
}

static void wave_init(struct exec_disp *dp, struct exec_wg *wg, struct sim_wave *w, uint32_t i,
                      struct sim_dispatch_stats *st)
{
    uint32_t threads = wg->size[0] * wg->size[1] * wg->size[2];
    uint32_t first = i * SIM_WAVE_LANES;
    uint32_t live = threads - first < SIM_WAVE_LANES ? threads - first : SIM_WAVE_LANES;
    uint32_t slot = wg->scratch_slot0 + i;
    uint32_t n = 0;
    uint32_t(*v)[SIM_WAVE_LANES] = w->v;
    struct exec_pending *pend = w->pend;
    unsigned cap_pend = w->cap_pend;

    memset(w, 0, sizeof(*w));
    w->v = v;
    w->pend = pend;
    w->cap_pend = cap_pend;
    w->disp = dp;
    w->wg = wg;
    w->id = (uint16_t)i;
    w->st = st;
    w->dpp_mask = ~0u;
    w->code_page_va = ~0ull;
    w->pc_va = dp->code_va;
    w->inst_pc_va = dp->code_va;
    w->lanes_live = live == SIM_WAVE_LANES ? ~0u : (1u << live) - 1;

    /* SGPRs: user data, then the enabled system values in this order. */
    for (uint32_t k = 0; k < dp->user_sgpr_count; k++)
        w->s[n++] = dp->user_data[k];
    for (int k = 0; k < 3; k++)
        if (dp->tgid_en[k])
            w->s[n++] = wg->id[k];
    if (dp->tg_size_en)
        w->s[n++] = wg->nwaves << TG_INFO_NUM_WAVES_SHIFT | i << TG_INFO_WAVE_ID_SHIFT;
    if (dp->scratch_en)
        w->s[n++] = slot * dp->scratch_wave_bytes;
    w->flat_scratch_va = dp->scratch_va + (uint64_t)slot * dp->scratch_wave_bytes;
    w->s[EXEC_SREG_EXEC_LO] = w->lanes_live;

    /* VGPRs: zero, v0 = packed work-item ids (as many components as
     * RSRC2.TIDIG_COMP_CNT asks for). */
    memset(v, 0, (size_t)(dp->vgprs + 1) * sizeof(v[0]));
    memset(v[EXEC_VGPR_TEMP], 0, sizeof(v[0]));
    for (uint32_t l = 0; l < live; l++) {
        uint32_t t = first + l;
        uint32_t x = t % wg->size[0];
        uint32_t y = (t / wg->size[0]) % wg->size[1];
        uint32_t z = t / (wg->size[0] * wg->size[1]);

        v[0][l] = x | (dp->tidig_comp_cnt >= 1 ? y << TID_BITS : 0) |
                  (dp->tidig_comp_cnt >= 2 ? z << (2 * TID_BITS) : 0);
    }
    w->mode = dp->mode0;
    exec_mode_apply(w);
    w->tracing = exec_trace_selects(dp, wg, i);
    if (w->tracing)
        exec_trace_wave_start(w);
}

void exec_launch_wg(struct exec_disp *dp, struct exec_wg *wg, uint64_t index,
                    struct sim_dispatch_stats *st)
{
    uint64_t pos[3];

    pos[0] = index % dp->grid_wgs[0];
    pos[1] = (index / dp->grid_wgs[0]) % dp->grid_wgs[1];
    pos[2] = index / ((uint64_t)dp->grid_wgs[0] * dp->grid_wgs[1]);
    for (int k = 0; k < 3; k++) {
        wg->id[k] = dp->start[k] + (uint32_t)pos[k];
        wg->size[k] = (pos[k] == dp->grid_wgs[k] - 1 && dp->wg_partial[k]) ? dp->wg_partial[k]
                                                                             : dp->wg_size[k];
    }
    wg->nwaves = (wg->size[0] * wg->size[1] * wg->size[2] + SIM_WAVE_LANES - 1) / SIM_WAVE_LANES;
    if (dp->lds_bytes)
        memset(wg->lds, 0, dp->lds_bytes);
    for (uint32_t i = 0; i < wg->nwaves; i++)
        wave_init(dp, wg, &wg->waves[i], i, st);
}

void exec_launch_wave_release(struct sim_wave *w)
{
    for (unsigned i = 0; i < w->cap_pend; i++)
        free(w->pend[i].saved);
    free(w->pend);
    w->pend = NULL;
    w->npend = w->cap_pend = 0;
}
