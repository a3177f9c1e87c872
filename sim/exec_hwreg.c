/* sim/exec_hwreg.c — see exec_hwreg.h. */
#include "sim/exec_hwreg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim/exec_regs.h"
#include "sim/navi31.h"

/* STATUS bits the simulator keeps (AMD ISA guides' STATUS table). */
#define STATUS_SCC_BIT 0
#define STATUS_EXECZ_BIT 9
#define STATUS_VCCZ_BIT 10
#define STATUS_VALID_BIT 16

/* HW_ID1, HW_ID2 fields (Linux gc_11_0_0_sh_mask.h SQ_WAVE_HW_ID1 / _HW_ID2). */
#define HW_ID1_WAVE_ID_SHIFT 0      /* [4:0] the wave's slot on its SIMD */
#define HW_ID1_SIMD_ID_SHIFT 8      /* [9:8] the SIMD within the WGP */
#define HW_ID1_WGP_ID_SHIFT 10      /* [13:10] the WGP within the shader array */
#define HW_ID1_SA_ID_SHIFT 16       /* [16] the shader array within the SE */
#define HW_ID1_SE_ID_SHIFT 18       /* [20:18] the shader engine */
#define HW_ID2_QUEUE_ID_SHIFT 0     /* [3:0] */
#define HW_ID2_PIPE_ID_SHIFT 4      /* [5:4] */
#define HW_ID2_ME_ID_SHIFT 8        /* [9:8] 0 graphics, 1-2 compute (MEC) */
#define HW_ID2_VM_ID_SHIFT 24       /* [27:24] */
#define HW_VM_ID 1                  /* the VMID the driver's first client gets (assumed) */
#define SIMDS_PER_WGP 4
#define SIMDS_PER_CU 2
#define CUS_PER_WGP 2

/* GPR_ALLOC, LDS_ALLOC (the gfx10/gfx11 CWSR trap handler, Linux
 * amdkfd/cwsr_trap_handler_gfx10.asm: VGPR_SIZE [15:8] in 4-VGPR units
 * minus 1; LDS_SIZE [20:12] in 256-byte units). */
#define GPR_ALLOC_VGPR_SIZE_SHIFT 8
#define GPR_ALLOC_VGPR_UNIT 4
#define LDS_ALLOC_LDS_SIZE_SHIFT 12
#define LDS_ALLOC_UNIT_BYTES 256

/* Where the wave runs (errata HW_ID): a dispatch's workgroups go round the
 * device's WGPs in order (SE, then shader array, then WGP), a workgroup's
 * waves round the SIMDs of its WGP (of one CU in CU mode). */
static uint32_t hw_id1(const struct sim_wave *w)
{
    const struct drm_amdgpu_info_device *di = &sim_navi31.dev_info;
    const struct exec_disp *dp = w->disp;
    uint32_t wgps_per_sa = di->num_cu_per_sh / CUS_PER_WGP;
    uint32_t per_se = di->num_shader_arrays_per_engine * wgps_per_sa;
    uint64_t wg = ((uint64_t)(w->wg->id[2] - dp->start[2]) * dp->grid_wgs[1] +
                   (w->wg->id[1] - dp->start[1])) * dp->grid_wgs[0] +
                  (w->wg->id[0] - dp->start[0]);
    uint32_t g = (uint32_t)(wg % (per_se * di->num_shader_engines));
    uint32_t simds = EXEC_FIELD(COMPUTE_PGM_RSRC1, WGP_MODE, dp->rsrc1) ? SIMDS_PER_WGP
                                                                        : SIMDS_PER_CU;

    return (uint32_t)(w->id / simds) << HW_ID1_WAVE_ID_SHIFT |
           (uint32_t)(w->id % simds) << HW_ID1_SIMD_ID_SHIFT |
           (g % wgps_per_sa) << HW_ID1_WGP_ID_SHIFT |
           (g % per_se / wgps_per_sa) << HW_ID1_SA_ID_SHIFT |
           (g / per_se) << HW_ID1_SE_ID_SHIFT;
}

/* The queue the dispatch came from: the kernel names its rings
 * "<ip>_<me>.<pipe>.<queue>" (sim/navi31.c). */
static uint32_t hw_id2(const struct sim_wave *w)
{
    const struct sim_dispatch *d = w->disp->d;
    const struct sim_hw_ip *ip = sim_navi31_hw_ip(d->ring >> 8);
    const char *name = ip ? sim_navi31_ring_name(ip->first_ring + (d->ring & 0xff)) : "";
    const char *us = strchr(name, '_');
    unsigned me = 0, pipe = 0, queue = 0;

    if (us)
        sscanf(us + 1, "%u.%u.%u", &me, &pipe, &queue);
    return queue << HW_ID2_QUEUE_ID_SHIFT | pipe << HW_ID2_PIPE_ID_SHIFT |
           me << HW_ID2_ME_ID_SHIFT | (uint32_t)HW_VM_ID << HW_ID2_VM_ID_SHIFT;
}

static const char *hwreg_name(uint32_t id)
{
    switch (id) {
#define EXEC_HWREG(name, i) case i: return "HW_REG_" #name;
#include "sim/exec_hwreg.def"
#undef EXEC_HWREG
    default: return NULL;
    }
}

static int unsupported(struct sim_wave *w, uint32_t id, const char *how)
{
    const char *n = hwreg_name(id);

    if (n)
        return exec_fault(w, -ENOTSUP, SIM_FAULT_UNSUPPORTED, 0,
                          "%s of %s is not simulated", how, n);
    return exec_fault(w, -EINVAL, SIM_FAULT_ILLEGAL_INSN, 0,
                      "%s of hardware register %u, which gfx11 does not have", how, id);
}

/* The whole register, or a fault. */
static int whole_read(struct sim_wave *w, uint32_t id, uint32_t *v)
{
    switch (id) {
    case EXEC_HWREG_MODE:
        *v = w->mode;
        return 0;
    case EXEC_HWREG_STATUS:
        *v = (w->scc & 1u) << STATUS_SCC_BIT |
             (uint32_t)(w->s[EXEC_SREG_EXEC_LO] == 0) << STATUS_EXECZ_BIT |
             (uint32_t)(w->s[EXEC_SREG_VCC_LO] == 0) << STATUS_VCCZ_BIT |
             1u << STATUS_VALID_BIT;
        return 0;
    case EXEC_HWREG_SH_MEM_BASES:
        *v = (uint32_t)(EXEC_SHARED_APERTURE_VA >> 48) << 16 |
             (uint32_t)(EXEC_PRIVATE_APERTURE_VA >> 48);
        return 0;
    case EXEC_HWREG_FLAT_SCR_LO:
        *v = (uint32_t)w->flat_scratch_va;
        return 0;
    case EXEC_HWREG_FLAT_SCR_HI:
        *v = (uint32_t)(w->flat_scratch_va >> 32);
        return 0;
    case EXEC_HWREG_HW_ID1:
        *v = hw_id1(w);
        return 0;
    case EXEC_HWREG_HW_ID2:
        *v = hw_id2(w);
        return 0;
    case EXEC_HWREG_GPR_ALLOC:
        *v = (w->disp->vgprs / GPR_ALLOC_VGPR_UNIT - 1) << GPR_ALLOC_VGPR_SIZE_SHIFT;
        return 0;
    case EXEC_HWREG_LDS_ALLOC:
        *v = (w->wg->lds_bytes / LDS_ALLOC_UNIT_BYTES) << LDS_ALLOC_LDS_SIZE_SHIFT;
        return 0;
    case EXEC_HWREG_SHADER_CYCLES: {
        /* a 20-bit counter: the simulator counts instructions executed */
        uint64_t n = 0;
        for (unsigned i = 0; i < SIM_ICLASS_COUNT; i++)
            n += w->st->by_class[i];
        *v = (uint32_t)n & 0xfffffu;
        return 0;
    }
    default:
        return unsupported(w, id, "s_getreg_b32");
    }
}

int exec_hwreg_read(struct sim_wave *w, uint32_t simm16, uint32_t *out)
{
    uint32_t v = 0, id = EXEC_HWREG_ID(simm16);
    int r = whole_read(w, id, &v);

    if (r)
        return r;
    *out = (v >> EXEC_HWREG_OFFSET(simm16)) & (EXEC_HWREG_SIZE(simm16) >= 32
                                                   ? ~0u
                                                   : (1u << EXEC_HWREG_SIZE(simm16)) - 1);
    return 0;
}

int exec_hwreg_write(struct sim_wave *w, uint32_t simm16, uint32_t v)
{
    uint32_t id = EXEC_HWREG_ID(simm16), off = EXEC_HWREG_OFFSET(simm16);
    uint32_t size = EXEC_HWREG_SIZE(simm16);
    uint32_t mask = (size >= 32 ? ~0u : (1u << size) - 1) << off;
    uint32_t bits = (v << off) & mask;

    switch (id) {
    case EXEC_HWREG_MODE:
        w->mode = (w->mode & ~mask) | bits;
        exec_mode_apply(w);
        return EXEC_NEXT;
    case EXEC_HWREG_FLAT_SCR_LO:
        w->flat_scratch_va = (w->flat_scratch_va & ~(uint64_t)mask) | bits;
        return EXEC_NEXT;
    case EXEC_HWREG_FLAT_SCR_HI:
        w->flat_scratch_va = (w->flat_scratch_va & ~((uint64_t)mask << 32)) | (uint64_t)bits << 32;
        return EXEC_NEXT;
    default:
        return unsupported(w, id, "s_setreg_b32");
    }
}
