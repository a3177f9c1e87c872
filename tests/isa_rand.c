/* tests/isa_rand.c — see isa_rand.h. */
#include "tests/isa_rand.h"

#include <stdbool.h>

#include "isa/isa_enc.h"
#include "isa/isa_table.h"

static uint64_t rng_state = 1;

void isa_rand_seed(uint64_t seed)
{
    rng_state = seed ? seed : 1;
}

uint32_t isa_rand(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* A 9-bit source operand, biased toward the interesting encodings. */
static uint32_t rnd_src9(void)
{
    switch (isa_rand() % 10) {
    case 0: case 1: case 2: return ISA_SRC_VGPR_FIRST + isa_rand() % 256;
    case 3: case 4: return isa_rand() % (ISA_SREG_EXEC_HI + 1);
    case 5: return ISA_SRC_INT_FIRST + isa_rand() % (ISA_SRC_INT_LAST - ISA_SRC_INT_FIRST + 1);
    case 6: return ISA_SRC_FLT_FIRST + isa_rand() % (ISA_SRC_FLT_LAST - ISA_SRC_FLT_FIRST + 1);
    case 7: return ISA_SRC_LITERAL;
    default: return isa_rand() % 512;
    }
}

/* Bits 31:26 patterns of the 64-bit formats, for the first dword. */
static const uint32_t prefix6[] = {
    ISA_VOPD_PREFIX, ISA_VOP3_PREFIX, ISA_DS_PREFIX, ISA_FLAT_PREFIX, ISA_MUBUF_PREFIX,
    ISA_MTBUF_PREFIX, ISA_SMEM_PREFIX, ISA_EXP_PREFIX,
};

/* Fill w[0..4] with a random instruction: an opcode of the table in its
 * fixed bits (any of its encodings), random fields, or fully random words. */
void isa_rand_inst(uint32_t w[5])
{
    for (int i = 0; i < 5; i++)
        w[i] = isa_rand();
    unsigned pick = isa_rand() % 16;
    if (pick == 0)
        return;                                         /* fully random */
    if (pick == 1) {                                    /* a format prefix, random rest */
        w[0] = (w[0] & 0x03FFFFFFu) | prefix6[isa_rand() % 8] << 26;
        return;
    }
    unsigned op = 1 + isa_rand() % (ISA_OP_COUNT - 1);
    const struct isa_op_info *in = &isa_op_info[op];
    unsigned opc = in->opcode;
    bool e64 = (in->family == ISA_FAM_VOP1 || in->family == ISA_FAM_VOP2 ||
                in->family == ISA_FAM_VOPC || in->family == ISA_FAM_VOPCX) && (isa_rand() & 1);

    switch (e64 ? ISA_FAM_VOP3 : in->family) {
    case ISA_FAM_SOP1:
        w[0] = (uint32_t)ISA_SOP1_PREFIX << 23 | (w[0] & 0x7F0000) | opc << 8 | (isa_rand() % 256);
        break;
    case ISA_FAM_SOP2:
        w[0] = (uint32_t)ISA_SOP2_PREFIX << 30 | opc << 23 | (w[0] & 0x7FFFFF);
        break;
    case ISA_FAM_SOPK:
        w[0] = (uint32_t)ISA_SOPK_PREFIX << 28 | opc << 23 | (w[0] & 0x7FFFFF);
        break;
    case ISA_FAM_SOPC:
        w[0] = (uint32_t)ISA_SOPC_PREFIX << 23 | opc << 16 | (w[0] & 0xFFFF);
        break;
    case ISA_FAM_SOPP:
        w[0] = (uint32_t)ISA_SOPP_PREFIX << 23 | opc << 16 | ((isa_rand() & 1) ? (w[0] & 0xFFFF) : (w[0] & 0xFF));
        break;
    case ISA_FAM_SMEM:
        w[0] = (uint32_t)ISA_SMEM_PREFIX << 26 | opc << 18 | (w[0] & 0x3FFF & ((isa_rand() & 1) ? 0xFFF : 0x7FFF));
        break;
    case ISA_FAM_VOP1:
        w[0] = (uint32_t)ISA_VOP1_PREFIX << 25 | (w[0] & 0x1FE0000) | opc << 9 | rnd_src9();
        break;
    case ISA_FAM_VOP2:
        w[0] = opc << 25 | (w[0] & 0x1FFFE00) | rnd_src9();
        break;
    case ISA_FAM_VOPC: case ISA_FAM_VOPCX:
        w[0] = (uint32_t)ISA_VOPC_PREFIX << 25 | opc << 17 | (w[0] & 0x1FE00) | rnd_src9();
        break;
    case ISA_FAM_VOP3: case ISA_FAM_VOP3P: {
        unsigned o3 = opc;
        if (e64)
            o3 = in->family == ISA_FAM_VOP1   ? ISA_VOP3_VOP1_BASE + opc
                 : in->family == ISA_FAM_VOP2 ? ISA_VOP3_VOP2_BASE + opc
                                              : ISA_VOP3_VOPC_BASE + opc;
        if (in->family == ISA_FAM_VOP3P)
            w[0] = (uint32_t)ISA_VOP3P_PREFIX8 << 24 | opc << 16 | (w[0] & 0xFFFF);
        else
            w[0] = (uint32_t)ISA_VOP3_PREFIX << 26 | o3 << 16 | (w[0] & 0xFFFF);
        w[1] = (w[1] & 0xF8000000u) | rnd_src9() | rnd_src9() << 9 | rnd_src9() << 18;
        if (isa_rand() & 1) {                                 /* no modifiers */
            w[0] &= ~0xFF00u;
            w[1] &= 0x07FFFFFFu;
        }
        if (isa_rand() % 4 == 0) {                           /* a DPP form */
            static const uint32_t mk[3] = { ISA_SRC_DPP16, ISA_SRC_DPP8, ISA_SRC_DPP8_FI };
            w[1] = (w[1] & ~0x1FFu) | mk[isa_rand() % 3];
        }
        break;
    }
    case ISA_FAM_VINTERP:
        w[0] = (uint32_t)ISA_VINTERP_PREFIX8 << 24 | opc << 16 | (w[0] & 0xFFFF & ((isa_rand() & 1) ? 0x87FF : 0xFFFF));
        break;
    case ISA_FAM_LDSDIR:
        w[0] = (uint32_t)ISA_LDSDIR_PREFIX8 << 24 | opc << 20 | (w[0] & 0xFFFFF);
        break;
    case ISA_FAM_DS:
        w[0] = (uint32_t)ISA_DS_PREFIX << 26 | opc << 18 | (w[0] & 0x3FFFF);
        if (isa_rand() & 1)                                  /* unused fields zero */
            w[1] &= (isa_rand() & 1) ? 0xFF00FFFFu : 0x0000FFFFu;
        break;
    case ISA_FAM_FLAT: case ISA_FAM_GLOBAL: case ISA_FAM_SCRATCH: {
        unsigned seg = in->family == ISA_FAM_FLAT ? 0 : in->family == ISA_FAM_SCRATCH ? 1 : 2;
        w[0] = (uint32_t)ISA_FLAT_PREFIX << 26 | opc << 18 | seg << 16 | (w[0] & 0xFFFF);
        if (isa_rand() & 1)
            w[1] = (w[1] & 0xFF00FFFFu) | (isa_rand() & 1 ? ISA_SREG_NULL : isa_rand() % 128) << 16;
        break;
    }
    case ISA_FAM_MUBUF:
        w[0] = (uint32_t)ISA_MUBUF_PREFIX << 26 | opc << 18 | (w[0] & 0x3FFFF);
        break;
    case ISA_FAM_MTBUF:
        w[0] = (uint32_t)ISA_MTBUF_PREFIX << 26 | (w[0] & 0x3F80000) | opc << 15 | (w[0] & 0x7FFF);
        break;
    case ISA_FAM_EXP:
        w[0] = (uint32_t)ISA_EXP_PREFIX << 26 | (w[0] & 0x3FFFFFF);
        break;
    default:
        break;
    }
}
