/* sim/exec_hwreg.c — see exec_hwreg.h. */
#include "sim/exec_hwreg.h"

#include <errno.h>

/* STATUS bits the simulator keeps (AMD ISA guides' STATUS table). */
#define STATUS_SCC_BIT 0
#define STATUS_EXECZ_BIT 9
#define STATUS_VCCZ_BIT 10
#define STATUS_VALID_BIT 16

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
