/*
 * tests/check_isa.c — the RDNA3 instruction table, decoder and disassembler
 * (isa/).  The oracle is LLVM 19's disassembler, called in-process through
 * libLLVM-19's C API (llvm-c/Disassembler.h, amdgcn-amd-amdhsa, gfx1100,
 * +wavefrontsize32): our text and size must equal LLVM's, and we must call
 * invalid exactly the words LLVM calls invalid.
 *
 *   table   the rows and the maps derived from them agree
 *   exact   hand-picked words with their text and decoded fields written out
 *   list    the project's instruction list (every format, operand kind and
 *           modifier; words from llvm-mc 19) against LLVM at run time
 *   random  >= 100,000 random instructions per run against LLVM; the seed is
 *           printed on failure and can be set with AMDPM4_ISA_SEED
 *   bounds  truncated and hostile input: never read past the dwords given
 *   tool    `amdpm4 disasm` prints what llvm-objdump 19 prints for a code
 *           object assembled at test time (llvm-mc 19 + ld.lld 19)
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <llvm-c/Disassembler.h>
#include <llvm-c/Target.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "isa/isa_decode.h"
#include "isa/isa_disasm.h"
#include "isa/isa_enc.h"
#include "isa/isa_table.h"
#include "tests/isa_rand.h"
#include "tests/testutil.h"

/* ------------------------------------------------------------ the oracle */

static LLVMDisasmContextRef llvm_ctx(void)
{
    static LLVMDisasmContextRef dc;
    if (!dc) {
        LLVMInitializeAMDGPUTargetInfo();
        LLVMInitializeAMDGPUTargetMC();
        LLVMInitializeAMDGPUDisassembler();
        dc = LLVMCreateDisasmCPUFeatures("amdgcn-amd-amdhsa", "gfx1100", "+wavefrontsize32",
                                         NULL, 0, NULL, NULL);
    }
    ck_assert_msg(dc != NULL, "libLLVM-19 has no AMDGPU disassembler");
    return dc;
}

/* LLVM's text (its leading tab removed) and size in dwords; 0 = invalid. */
static unsigned llvm_text(const uint32_t *w, size_t avail_dw, char *buf, size_t n)
{
    uint8_t bytes[4 * 8];
    size_t len;

    memcpy(bytes, w, 4 * avail_dw);
    len = LLVMDisasmInstruction(llvm_ctx(), bytes, 4 * avail_dw, 0, buf, n);
    if (!len) {
        buf[0] = '\0';
        return 0;
    }
    size_t skip = strspn(buf, "\t ");
    memmove(buf, buf + skip, strlen(buf + skip) + 1);
    return (unsigned)(len / 4);
}

/* Words whose disagreement with LLVM is known and explained.  Keep it tiny. */
static const char *known_difference(const uint32_t *w)
{
    if ((w[0] >> 26) == ISA_MIMG_PREFIX)
        return "MIMG (image_*) is not decoded: the executor refuses it, the decoder says invalid";
    return NULL;
}

/* Compare one buffer; on a difference write a one-line report into msg. */
static int differs(const uint32_t *w, size_t avail_dw, char *msg, size_t n)
{
    char lt[1024], mt[1024];
    unsigned lsz = llvm_text(w, avail_dw, lt, sizeof(lt)), msz = 0;
    int r = isa_disasm_words(w, avail_dw, mt, sizeof(mt), &msz);

    if ((lsz != 0) == (r >= 0) && (!lsz || (lsz == msz && !strcmp(lt, mt))))
        return 0;
    if (known_difference(w))
        return 0;
    snprintf(msg, n, "words %08x %08x %08x %08x %08x (%zu dw): llvm(%u) \"%s\" ours(%u) \"%s\"",
             w[0], avail_dw > 1 ? w[1] : 0, avail_dw > 2 ? w[2] : 0, avail_dw > 3 ? w[3] : 0,
             avail_dw > 4 ? w[4] : 0, avail_dw, lsz, lsz ? lt : "<invalid>", r >= 0 ? msz : 0,
             r >= 0 ? mt : "<invalid>");
    return 1;
}

/* ------------------------------------------------------------ table */

START_TEST(table_maps_round_trip)
{
    unsigned n = 0;
    for (unsigned op = 1; op < ISA_OP_COUNT; op++) {
        const struct isa_op_info *in = &isa_op_info[op];
        ck_assert_ptr_nonnull(in->name);
        ck_assert_str_eq(isa_op_name(op), in->name);
        unsigned back = 0;
        switch (in->family) {
        case ISA_FAM_SOP1: back = isa_map_sop1[in->opcode]; break;
        case ISA_FAM_SOP2: back = isa_map_sop2[in->opcode]; break;
        case ISA_FAM_SOPK: back = isa_map_sopk[in->opcode]; break;
        case ISA_FAM_SOPC: back = isa_map_sopc[in->opcode]; break;
        case ISA_FAM_SOPP: back = isa_map_sopp[in->opcode]; break;
        case ISA_FAM_SMEM: back = isa_map_smem[in->opcode]; break;
        case ISA_FAM_VOP1: back = isa_map_vop1[in->opcode]; break;
        case ISA_FAM_VOP2: back = isa_map_vop2[in->opcode]; break;
        case ISA_FAM_VOPC: case ISA_FAM_VOPCX: back = isa_map_vopc[in->opcode]; break;
        case ISA_FAM_VOP3: back = isa_map_vop3[in->opcode]; break;
        case ISA_FAM_VOP3P: back = isa_map_vop3p[in->opcode]; break;
        case ISA_FAM_VINTERP: back = isa_map_vinterp[in->opcode]; break;
        case ISA_FAM_LDSDIR: back = isa_map_ldsdir[in->opcode]; break;
        case ISA_FAM_DS: back = isa_map_ds[in->opcode]; break;
        case ISA_FAM_FLAT: back = isa_map_flat[0][in->opcode]; break;
        case ISA_FAM_SCRATCH: back = isa_map_flat[1][in->opcode]; break;
        case ISA_FAM_GLOBAL: back = isa_map_flat[2][in->opcode]; break;
        case ISA_FAM_MUBUF: back = isa_map_mubuf[in->opcode]; break;
        case ISA_FAM_MTBUF: back = isa_map_mtbuf[in->opcode]; break;
        case ISA_FAM_EXP: back = isa_op_exp; break;
        default: ck_abort_msg("%s: unexpected family %u", in->name, in->family);
        }
        ck_assert_msg(back == op, "%s: opcode 0x%x maps to %s", in->name, in->opcode,
                      isa_op_name(back));
        /* the VOP3 form of a VOP1/VOP2/VOPC row sits at the implied opcode */
        if (in->family == ISA_FAM_VOP1 && !(in->flags & ISA_F_NO_E64))
            ck_assert_uint_eq(isa_map_vop3[ISA_VOP3_VOP1_BASE + in->opcode], op);
        if (in->family == ISA_FAM_VOP2 && !(in->flags & ISA_F_NO_E64))
            ck_assert_uint_eq(isa_map_vop3[ISA_VOP3_VOP2_BASE + in->opcode], op);
        if (in->family == ISA_FAM_VOPC || in->family == ISA_FAM_VOPCX)
            ck_assert_uint_eq(isa_map_vop3[in->opcode], op);
        for (unsigned j = op + 1; j < ISA_OP_COUNT; j++)
            ck_assert_msg(strcmp(in->name, isa_op_info[j].name), "duplicate name %s", in->name);
        n++;
    }
    ck_assert_uint_eq(n, isa_op_count());
    ck_assert_uint_ge(n, 1000);
    ck_assert_str_eq(isa_op_name(ISA_OP_INVALID), "<invalid>");
    ck_assert_str_eq(isa_op_name(ISA_OP_COUNT), "<invalid>");
    /* VOPD components name real ops; X takes 0-12, Y also 16-18 */
    for (unsigned i = 0; i < 32; i++)
        if (isa_vopd_info[i].op)
            ck_assert_uint_lt(isa_vopd_info[i].op, ISA_OP_COUNT);
    ck_assert_uint_eq(isa_vopd_info[0x12].op, ISA_OP_v_and_b32);
    ck_assert_uint_eq(isa_vopd_info[0x12].slots, ISA_VOPD_Y);
}
END_TEST

START_TEST(table_semantic_enum_is_by_name)
{
    /* the enum the executor dispatches on is the mnemonic */
    ck_assert_str_eq(isa_op_info[ISA_OP_v_add_f32].name, "v_add_f32");
    ck_assert_str_eq(isa_op_info[ISA_OP_v_cmpx_lt_f32].name, "v_cmpx_lt_f32");
    ck_assert_str_eq(isa_op_info[ISA_OP_global_load_b32].name, "global_load_b32");
    ck_assert_str_eq(isa_op_info[ISA_OP_scratch_store_b128].name, "scratch_store_b128");
    ck_assert_str_eq(isa_op_info[ISA_OP_v_wmma_i32_16x16x16_iu4].name, "v_wmma_i32_16x16x16_iu4");
    ck_assert_uint_eq(isa_op_info[ISA_OP_v_cmp_lt_f32].family, ISA_FAM_VOPC);
    ck_assert_uint_eq(isa_op_info[ISA_OP_v_cmpx_lt_f32].opcode, 0x91);
    ck_assert_uint_eq(isa_op_info[ISA_OP_v_fma_f32].opcode, 0x213);
    ck_assert(isa_op_info[ISA_OP_v_fmac_f32].flags & ISA_F_MAC);
    ck_assert(isa_op_info[ISA_OP_global_atomic_add_u32].flags & ISA_F_ATOMIC);
    ck_assert_uint_eq(isa_kind_info[isa_op_info[ISA_OP_v_fma_f64].src[2]].size_dw, 2);
    ck_assert_uint_eq(isa_kind_info[isa_op_info[ISA_OP_s_load_b256].dst[0]].size_dw, 8);
}
END_TEST

/* ------------------------------------------------------------ exact */

/* Words and text written out (text as llvm-mc 19 prints it). */
static const struct { uint32_t w[3]; unsigned n; const char *text; } exact[] = {
    { { 0xbe800001 }, 1, "s_mov_b32 s0, s1" },
    { { 0xbe8000ff, 0x12345678 }, 2, "s_mov_b32 s0, 0x12345678" },
    { { 0xbefd00c1 }, 1, "s_mov_b32 m0, -1" },
    { { 0xbeea01f0 }, 1, "s_mov_b64 vcc, 0.5" },
    { { 0xbe8201f8 }, 1, "s_mov_b64 s[2:3], 0.15915494309189532" },
    { { 0xbe8200f8 }, 1, "s_mov_b32 s2, 0.15915494" },
    { { 0xbe8401eb }, 1, "s_mov_b64 s[4:5], src_shared_base" },
    { { 0x80020903 }, 1, "s_add_u32 s2, s3, s9" },
    { { 0x84820302 }, 1, "s_lshl_b64 s[2:3], s[2:3], s3" },
    { { 0xb0001234 }, 1, "s_movk_i32 s0, 0x1234" },
    { { 0xb8801801 }, 1, "s_getreg_b32 s0, hwreg(HW_REG_MODE, 0, 4)" },
    { { 0xb9801901, 0x0000000f }, 2, "s_setreg_imm32_b32 hwreg(HW_REG_MODE, 4, 4), 15" },
    { { 0xbf800007 }, 1, "s_nop 7" },
    { { 0xbf89fc07 }, 1, "s_waitcnt lgkmcnt(0)" },
    { { 0xbf890415 }, 1, "s_waitcnt vmcnt(1) expcnt(5) lgkmcnt(1)" },
    { { 0xbf870091 }, 1, "s_delay_alu instid0(VALU_DEP_1) | instskip(NEXT) | instid1(VALU_DEP_1)" },
    { { 0xbfa00005 }, 1, "s_branch 5" },
    { { 0xbfb60003 }, 1, "s_sendmsg sendmsg(MSG_DEALLOC_VGPRS)" },
    { { 0xbfb00000 }, 1, "s_endpgm" },
    { { 0xf4000000, 0xf8000010 }, 2, "s_load_b32 s0, s[0:1], 0x10" },
    { { 0xf4080100, 0x0a000020 }, 2, "s_load_b128 s[4:7], s[0:1], s5 offset:0x20" },
    { { 0x7e000301 }, 1, "v_mov_b32_e32 v0, v1" },
    { { 0x7e0202f2 }, 1, "v_mov_b32_e32 v1, 1.0" },
    { { 0x7e0402ff, 0x3f000001 }, 2, "v_mov_b32_e32 v2, 0x3f000001" },
    { { 0xd5ae8100, 0x28000101 }, 2, "v_rsq_f32_e64 v0, -|v1| clamp mul:2" },
    { { 0x7e0002fa, 0xff00b101 }, 2, "v_mov_b32_dpp v0, v1 quad_perm:[1,0,3,2] row_mask:0xf bank_mask:0xf" },
    { { 0x7e0002e9, 0x05397701 }, 2, "v_mov_b32_dpp v0, v1 dpp8:[7,6,5,4,3,2,1,0]" },
    { { 0x060004fa, 0xa59d0101 }, 2, "v_add_f32_dpp v0, -v1, |v2| row_shl:1 row_mask:0xa bank_mask:0x5 bound_ctrl:1 fi:1" },
    { { 0x02000501 }, 1, "v_cndmask_b32_e32 v0, v1, v2, vcc_lo" },
    { { 0x40000501 }, 1, "v_add_co_ci_u32_e32 v0, vcc_lo, v1, v2, vcc_lo" },
    { { 0x58000501, 0x3f800000 }, 2, "v_fmamk_f32 v0, v1, 0x3f800000, v2" },
    { { 0x5a000501, 0x40000000 }, 2, "v_fmaak_f32 v0, v1, v2, 0x40000000" },
    { { 0x7c220501 }, 1, "v_cmp_lt_f32_e32 vcc_lo, v1, v2" },
    { { 0x7d220501 }, 1, "v_cmpx_lt_f32_e32 v1, v2" },
    { { 0xd6138000, 0x33c80501 }, 2, "v_fma_f32 v0, -v1, s2, 1.0 clamp mul:4" },
    { { 0xd6485800, 0x040e0501 }, 2, "v_fma_f16 v0, v1, v2, v3 op_sel:[1,1,0,1]" },
    { { 0xd6fe7c00, 0x04120702 }, 2, "v_mad_u64_u32 v[0:1], null, v2, v3, v[4:5]" },
    { { 0xd7270000, 0x000208f4 }, 2, "v_add_f64 v[0:1], 2.0, v[4:5]" },
    { { 0xd7030000, 0x000202ff, 0x00003c00 }, 3, "v_add_nc_u16 v0, 0x3c00, v1" },
    { { 0xd5320000, 0x000202f2 }, 2, "v_add_f16_e64 v0, 1.0, v1" },
    { { 0xd7600000, 0x00010b01 }, 2, "v_readlane_b32 s0, v1, 5" },
    { { 0xd71c0000, 0x60020501 }, 2, "v_ldexp_f32 v0, -v1, sext(v2)" },
    { { 0xcc0fca00, 0x30020501 }, 2, "v_pk_add_f16 v0, v1, v2 op_sel:[1,0] op_sel_hi:[0,1] neg_lo:[1,0] neg_hi:[0,1] clamp" },
    { { 0xcc0a4000, 0x1801ff01, 0x00010001 }, 3, "v_pk_add_u16 v0, v1, 0x10001" },
    { { 0xcc210100, 0x240e0501 }, 2, "v_fma_mixlo_f16 v0, -|v1|, v2, v3" },
    { { 0xcc404000, 0x1c622108 }, 2, "v_wmma_f32_16x16x16_f16 v[0:7], v[8:15], v[16:23], v[24:31]" },
    { { 0xcc426000, 0x1bca2108 }, 2, "v_wmma_f16_16x16x16_f16 v[0:7], v[8:15], v[16:23], 1.0 op_sel:[0,0,1]" },
    { { 0xca100101, 0x00000102 }, 2, "v_dual_mov_b32 v0, v1 :: v_dual_mov_b32 v1, v2" },
    { { 0xc8020501, 0x00020b04, 0x3f800000 }, 3, "v_dual_fmac_f32 v0, v1, v2 :: v_dual_fmaak_f32 v3, v4, v5, 0x3f800000" },
    { { 0xd8340000, 0x00000100 }, 2, "ds_store_b32 v0, v1" },
    { { 0xdbfc0010, 0x00000004 }, 2, "ds_load_b128 v[0:3], v4 offset:16" },
    { { 0xd8dcff01, 0x00000002 }, 2, "ds_load_2addr_b32 v[0:1], v2 offset0:1 offset1:255" },
    { { 0xd8d4401f, 0x00000001 }, 2, "ds_swizzle_b32 v0, v1 offset:swizzle(SWAP,16)" },
    { { 0xdc521000, 0x00040002 }, 2, "global_load_b32 v0, v2, s[4:5] offset:-4096" },
    { { 0xdcd44000, 0x007c0402 }, 2, "flat_atomic_add_u32 v0, v[2:3], v4 glc" },
    { { 0xdc510010, 0x00fc0001 }, 2, "scratch_load_b32 v0, v1, off offset:16" },
    { { 0xe0504000, 0x80010000 }, 2, "buffer_load_b32 v0, off, s[4:7], 0 glc" },
    { { 0xe8b00000, 0x80010000 }, 2, "tbuffer_load_format_x v0, off, s[4:7], 0 format:[BUF_FMT_32_FLOAT]" },
    { { 0xf80008c1, 0x00000000 }, 2, "exp pos0 v0, off, off, off done" },
    { { 0xcd000100, 0x040e0501 }, 2, "v_interp_p10_f32 v0, v1, v2, v3 wait_exp:1" },
    { { 0xce000400 }, 1, "lds_param_load v0, attr1.x wait_vdst:0" },
    { { 0x84830301 }, 1, "s_lshl_b64 s[2:3], s[0:1], s3 ; Warning: SGPR_64: scalar reg isn't "
                         "aligned 3Warning: SGPR_64: scalar reg isn't aligned 1" },
    { { 0xb0808006 }, 1, "s_version UC_VERSION_GFX11|UC_VERSION_MDP_BIT" },
    { { 0xd5030000, 0x0000d4ff, 0x0000aaaa }, 3, "v_add_f32_e64 v0, 0xaaaa, vcc_lo" },
    { { 0x7e0002ff, 0x3f800000 }, 2, "v_mov_b32_e32 v0, 1.0" },
};

START_TEST(exact_text)
{
    for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
        char buf[256];
        unsigned sz = 0;
        int n = isa_disasm_words(exact[i].w, exact[i].n, buf, sizeof(buf), &sz);
        ck_assert_msg(n >= 0, "case %zu: %s decoded as invalid", i, exact[i].text);
        ck_assert_msg(!strcmp(buf, exact[i].text), "case %zu: got \"%s\", want \"%s\"", i, buf,
                      exact[i].text);
        ck_assert_uint_eq(sz, exact[i].n);
        ck_assert_int_eq(n, (int)strlen(exact[i].text));
    }
}
END_TEST

/* Decoded fields, written out. */
START_TEST(exact_fields_valu)
{
    struct isa_inst in;
    /* v_fma_f32 v0, -v1, s2, 1.0 clamp mul:4 */
    static const uint32_t fma[] = { 0xd6138000, 0x33c80501 };
    ck_assert_int_eq(isa_decode(fma, 2, &in), 2);
    ck_assert_uint_eq(in.op, ISA_OP_v_fma_f32);
    ck_assert_uint_eq(in.enc, ISA_ENC_VOP3);
    ck_assert_uint_eq(in.ndst, 1);
    ck_assert_uint_eq(in.nsrc, 3);
    ck_assert_uint_eq(in.dst[0].kind, ISA_OPND_VGPR);
    ck_assert_uint_eq(in.dst[0].reg, 0);
    ck_assert_uint_eq(in.src[0].kind, ISA_OPND_VGPR);
    ck_assert_uint_eq(in.src[0].reg, 1);
    ck_assert_uint_eq(in.src[0].mods, ISA_MOD_NEG);
    ck_assert_uint_eq(in.src[1].kind, ISA_OPND_SREG);
    ck_assert_uint_eq(in.src[1].reg, 2);
    ck_assert_uint_eq(in.src[2].kind, ISA_OPND_INLINE);
    ck_assert_uint_eq(in.src[2].imm, 0x3f800000);
    ck_assert_uint_eq(in.src[2].type, ISA_T_F32);
    ck_assert_uint_eq(in.clamp, 1);
    ck_assert_uint_eq(in.omod, 2);

    /* v_add_f16_e64 v0, 1.0, v1: the inline constant is read as f16 */
    static const uint32_t addh[] = { 0xd5320000, 0x000202f2 };
    ck_assert_int_eq(isa_decode(addh, 2, &in), 2);
    ck_assert_uint_eq(in.src[0].imm, 0x3c00);

    /* v_add_f64 v[0:1], 0x40000000, v[4:5]: an f64 literal is the high dword */
    static const uint32_t addd[] = { 0xd7270000, 0x000208ff, 0x40000000 };
    ck_assert_int_eq(isa_decode(addd, 3, &in), 3);
    ck_assert_uint_eq(in.src[0].kind, ISA_OPND_LITERAL);
    ck_assert_uint_eq(in.src[0].imm, 0x4000000000000000ull);
    ck_assert_uint_eq(in.src[1].size_dw, 2);
    ck_assert_uint_eq(in.src[1].reg, 4);
    ck_assert_uint_eq(in.has_literal, 1);

    /* s_mov_b64 s[2:3], -1: integer inline constants sign-extend */
    static const uint32_t movm[] = { 0xbe8201c1 };
    ck_assert_int_eq(isa_decode(movm, 1, &in), 1);
    ck_assert_uint_eq(in.src[0].imm, 0xffffffffffffffffull);
    ck_assert_uint_eq(in.dst[0].size_dw, 2);

    /* v_cndmask_b32_e32 v0, v1, v2, vcc_lo: the implicit vcc is src2 */
    static const uint32_t cnd[] = { 0x02000501 };
    ck_assert_int_eq(isa_decode(cnd, 1, &in), 1);
    ck_assert_uint_eq(in.nsrc, 3);
    ck_assert_uint_eq(in.src[2].kind, ISA_OPND_SREG);
    ck_assert_uint_eq(in.src[2].reg, ISA_SREG_VCC_LO);
    ck_assert(in.src[2].mods & ISA_MOD_IMPLICIT);

    /* v_fmac_f32_e32 v0, v1, v2: the accumulator is src2 = vdst */
    static const uint32_t fmac[] = { 0x56000501 };
    ck_assert_int_eq(isa_decode(fmac, 1, &in), 1);
    ck_assert_uint_eq(in.op, ISA_OP_v_fmac_f32);
    ck_assert_uint_eq(in.nsrc, 3);
    ck_assert_uint_eq(in.src[2].kind, ISA_OPND_VGPR);
    ck_assert_uint_eq(in.src[2].reg, 0);

    /* v_fmamk_f32 v0, v1, 0x3f800000, v2: K is src1 */
    static const uint32_t fmamk[] = { 0x58000501, 0x3f800000 };
    ck_assert_int_eq(isa_decode(fmamk, 2, &in), 2);
    ck_assert_uint_eq(in.src[1].kind, ISA_OPND_LITERAL);
    ck_assert_uint_eq(in.src[1].imm, 0x3f800000);
    ck_assert_uint_eq(in.src[2].reg, 2);

    /* v_cmpx_lt_f32_e32 v1, v2 writes exec */
    static const uint32_t cmpx[] = { 0x7d220501 };
    ck_assert_int_eq(isa_decode(cmpx, 1, &in), 1);
    ck_assert_uint_eq(in.dst[0].reg, ISA_SREG_EXEC_LO);
    ck_assert(isa_op_info[in.op].flags & ISA_F_WRITES_EXEC);

    /* v_add_co_u32 v0, s4, v1, v2 (VOP3SD) */
    static const uint32_t addco[] = { 0xd7000400, 0x00020501 };
    ck_assert_int_eq(isa_decode(addco, 2, &in), 2);
    ck_assert_uint_eq(in.ndst, 2);
    ck_assert_uint_eq(in.dst[1].reg, 4);

    /* v_mov_b32_dpp v0, v1 quad_perm:[1,0,3,2] row_mask:0xf bank_mask:0xf */
    static const uint32_t dpp[] = { 0x7e0002fa, 0xff00b101 };
    ck_assert_int_eq(isa_decode(dpp, 2, &in), 2);
    ck_assert_uint_eq(in.dpp, ISA_DPP_16);
    ck_assert_uint_eq(in.u.dpp.ctrl, 0xb1);
    ck_assert_uint_eq(in.u.dpp.row_mask, 0xf);
    ck_assert_uint_eq(in.src[0].reg, 1);

    /* v_pk_add_f16 v0, v1, v2 op_sel:[1,0] op_sel_hi:[0,1] neg_lo:[1,0] neg_hi:[0,1] clamp */
    static const uint32_t pk[] = { 0xcc0fca00, 0x30020501 };
    ck_assert_int_eq(isa_decode(pk, 2, &in), 2);
    ck_assert_uint_eq(in.src[0].mods, ISA_MOD_NEG | ISA_MOD_OPSEL);
    ck_assert_uint_eq(in.src[1].mods, ISA_MOD_NEG_HI | ISA_MOD_OPSEL_HI);
    ck_assert_uint_eq(in.clamp, 1);

    /* v_dual_fmac_f32 v0, v1, v2 :: v_dual_fmaak_f32 v3, v4, v5, 0x3f800000 */
    static const uint32_t vopd[] = { 0xc8020501, 0x00020b04, 0x3f800000 };
    ck_assert_int_eq(isa_decode(vopd, 3, &in), 3);
    ck_assert_uint_eq(in.enc, ISA_ENC_VOPD);
    ck_assert_uint_eq(in.op, ISA_OP_v_fmac_f32);
    ck_assert_uint_eq(in.u.vopd.op, ISA_OP_v_fmaak_f32);
    ck_assert_uint_eq(in.u.vopd.dst.reg, 3);
    ck_assert_uint_eq(in.u.vopd.src[2].imm, 0x3f800000);
}
END_TEST

START_TEST(exact_fields_memory)
{
    struct isa_inst in;
    /* s_load_b128 s[4:7], s[0:1], s5 offset:0x20 */
    static const uint32_t sl[] = { 0xf4080100, 0x0a000020 };
    ck_assert_int_eq(isa_decode(sl, 2, &in), 2);
    ck_assert_uint_eq(in.dst[0].reg, 4);
    ck_assert_uint_eq(in.dst[0].size_dw, 4);
    ck_assert_int_eq(in.u.smem.offset, 0x20);
    ck_assert_uint_eq(in.u.smem.has_soffset, 1);
    ck_assert_uint_eq(in.src[1].reg, 5);

    /* global_load_b32 v0, v2, s[4:5] offset:-4096 */
    static const uint32_t gl[] = { 0xdc521000, 0x00040002 };
    ck_assert_int_eq(isa_decode(gl, 2, &in), 2);
    ck_assert_uint_eq(in.op, ISA_OP_global_load_b32);
    ck_assert_int_eq(in.u.flat.offset, -4096);
    ck_assert_uint_eq(in.u.flat.saddr_off, 0);
    ck_assert_uint_eq(in.src[0].size_dw, 1);
    ck_assert_uint_eq(in.src[2].reg, 4);

    /* ds_load_2addr_b32 v[0:1], v2 offset0:1 offset1:255 */
    static const uint32_t ds[] = { 0xd8dcff01, 0x00000002 };
    ck_assert_int_eq(isa_decode(ds, 2, &in), 2);
    ck_assert_uint_eq(in.u.ds.offset0, 1);
    ck_assert_uint_eq(in.u.ds.offset1, 255);
    ck_assert_uint_eq(in.dst[0].size_dw, 2);

    /* s_waitcnt vmcnt(1) expcnt(5) lgkmcnt(1) */
    static const uint32_t wc[] = { 0xbf890415 };
    ck_assert_int_eq(isa_decode(wc, 1, &in), 1);
    ck_assert_uint_eq(in.op, ISA_OP_s_waitcnt);
    ck_assert_uint_eq(in.u.sopp.simm16, 0x0415);
}
END_TEST

START_TEST(exact_buffer_truncation)
{
    static const uint32_t w[] = { 0xbe8000ff, 0x12345678 };
    char buf[8];
    int n = isa_disasm_words(w, 2, buf, sizeof(buf), NULL);
    ck_assert_int_eq(n, (int)strlen("s_mov_b32 s0, 0x12345678"));
    ck_assert_str_eq(buf, "s_mov_b");
    ck_assert_int_eq(isa_disasm_words(w, 2, NULL, 0, NULL), n);
}
END_TEST

/* ------------------------------------------------------------ list */

/* The project's instruction list: every format, operand kind and modifier.
 * Words from llvm-mc 19 -show-encoding of the assembly in the comments. */
static const struct { uint32_t w[3]; unsigned n; } list[] = {
    { { 0xbe800001 }, 1 }, /* s_mov_b32 s0, s1 */
    { { 0xbe8000ff, 0x12345678 }, 2 }, /* s_mov_b32 s0, 0x12345678 */
    { { 0xbefd00c1 }, 1 }, /* s_mov_b32 m0, -1 */
    { { 0xbe82017e }, 1 }, /* s_mov_b64 s[2:3], exec */
    { { 0xbeea01f0 }, 1 }, /* s_mov_b64 vcc, 0.5 */
    { { 0xbefe006b }, 1 }, /* s_mov_b32 exec_lo, vcc_hi */
    { { 0xbe85006f }, 1 }, /* s_mov_b32 s5, ttmp3 */
    { { 0xbe8401eb }, 1 }, /* s_mov_b64 s[4:5], src_shared_base */
    { { 0xbe8600fd }, 1 }, /* s_mov_b32 s6, src_scc */
    { { 0xbefc00c0 }, 1 }, /* s_mov_b32 null, 64 */
    { { 0xbe8700d0 }, 1 }, /* s_mov_b32 s7, -16 */
    { { 0xbe8700f8 }, 1 }, /* s_mov_b32 s7, 0.15915494 */
    { { 0xbe801f02 }, 1 }, /* s_not_b64 s[0:1], s[2:3] */
    { { 0xbe80206a }, 1 }, /* s_and_saveexec_b32 s0, vcc_lo */
    { { 0xbe844700 }, 1 }, /* s_getpc_b64 s[4:5] */
    { { 0xbe804804 }, 1 }, /* s_setpc_b64 s[4:5] */
    { { 0xbe9e4904 }, 1 }, /* s_swappc_b64 s[30:31], s[4:5] */
    { { 0xbe804c83 }, 1 }, /* s_sendmsg_rtn_b32 s0, sendmsg(MSG_RTN_GET_REALTIME) */
    { { 0xbe800902 }, 1 }, /* s_ctz_i32_b64 s0, s[2:3] */
    { { 0x8000ff01, 0xffff0000 }, 2 }, /* s_add_u32 s0, s1, 0xffff0000 */
    { { 0x82018002 }, 1 }, /* s_addc_u32 s1, s2, 0 */
    { { 0x84808302 }, 1 }, /* s_lshl_b64 s[0:1], s[2:3], 3 */
    { { 0x988080c1 }, 1 }, /* s_cselect_b64 s[0:1], -1, 0 */
    { { 0x9300ff01, 0x00080008 }, 2 }, /* s_bfe_u32 s0, s1, 0x80008 */
    { { 0x96800201 }, 1 }, /* s_mul_hi_u32 s0, s1, s2 */
    { { 0x99800201 }, 1 }, /* s_pack_lh_b32_b16 s0, s1, s2 */
    { { 0xb0001234 }, 1 }, /* s_movk_i32 s0, 0x1234 */
    { { 0xb4818000 }, 1 }, /* s_cmpk_eq_u32 s1, 0x8000 */
    { { 0xb782fff0 }, 1 }, /* s_addk_i32 s2, 0xfff0 */
    { { 0xb8801801 }, 1 }, /* s_getreg_b32 s0, hwreg(HW_REG_MODE, 0, 4) */
    { { 0xb901f801 }, 1 }, /* s_setreg_b32 hwreg(HW_REG_MODE), s1 */
    { { 0xb9801901, 0x0000000f }, 2 }, /* s_setreg_imm32_b32 hwreg(HW_REG_MODE, 4, 4), 15 */
    { { 0xba1e0010 }, 1 }, /* s_call_b64 s[30:31], 16 */
    { { 0xbc7c0000 }, 1 }, /* s_waitcnt_vscnt null, 0x0 */
    { { 0xb0800006 }, 1 }, /* s_version 0x6 */
    { { 0xbf068500 }, 1 }, /* s_cmp_eq_u32 s0, 5 */
    { { 0xbf118000 }, 1 }, /* s_cmp_lg_u64 s[0:1], 0 */
    { { 0xbf0d9f00 }, 1 }, /* s_bitcmp1_b32 s0, 31 */
    { { 0xbf800007 }, 1 }, /* s_nop 7 */
    { { 0xbf890007 }, 1 }, /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    { { 0xbf89fff2 }, 1 }, /* s_waitcnt expcnt(2) */
    { { 0xbf870491 }, 1 }, /* s_delay_alu instid0(VALU_DEP_1) | instskip(NEXT) | instid1(SALU_CYCLE_1) */
    { { 0xbf880f9f }, 1 }, /* s_waitcnt_depctr depctr_va_vdst(0) */
    { { 0xbfa00005 }, 1 }, /* s_branch 5 */
    { { 0xbfa1ffff }, 1 }, /* s_cbranch_scc0 65535 */
    { { 0xbfa50003 }, 1 }, /* s_cbranch_execz 3 */
    { { 0xbfbd0000 }, 1 }, /* s_barrier */
    { { 0xbfb60003 }, 1 }, /* s_sendmsg sendmsg(MSG_DEALLOC_VGPRS) */
    { { 0xbfb00000 }, 1 }, /* s_endpgm */
    { { 0xbf830002 }, 1 }, /* s_sleep 2 */
    { { 0xbf850003 }, 1 }, /* s_clause 0x3 */
    { { 0xbfb50003 }, 1 }, /* s_setprio 3 */
    { { 0xbfbc0000 }, 1 }, /* s_icache_inv */
    { { 0xf4000000, 0xf8000010 }, 2 }, /* s_load_b32 s0, s[0:1], 0x10 */
    { { 0xf4040082, 0xf81ffff8 }, 2 }, /* s_load_b64 s[2:3], s[4:5], -0x8 */
    { { 0xf4080100, 0x0a000020 }, 2 }, /* s_load_b128 s[4:7], s[0:1], s5 offset:0x20 */
    { { 0xf40c6200, 0xf8000000 }, 2 }, /* s_load_b256 s[8:15], s[0:1], 0x0 glc dlc */
    { { 0xf4100401, 0xf8000040 }, 2 }, /* s_load_b512 s[16:31], s[2:3], 0x40 */
    { { 0xf4200002, 0x02000000 }, 2 }, /* s_buffer_load_b32 s0, s[4:7], s1 */
    { { 0xf4840000, 0x00000000 }, 2 }, /* s_dcache_inv */
    { { 0x7e000301 }, 1 }, /* v_mov_b32_e32 v0, v1 */
    { { 0x7e000200 }, 1 }, /* v_mov_b32_e32 v0, s0 */
    { { 0x7e0202f2 }, 1 }, /* v_mov_b32_e32 v1, 1.0 */
    { { 0x7e0402ff, 0x3f000001 }, 2 }, /* v_mov_b32_e32 v2, 0x3f000001 */
    { { 0x7ffe02f7 }, 1 }, /* v_mov_b32_e32 v255, -4.0 */
    { { 0xd5810000, 0x00000101 }, 2 }, /* v_mov_b32_e64 v0, v1 */
    { { 0x7e000501 }, 1 }, /* v_readfirstlane_b32 s0, v1 */
    { { 0x7e000b01 }, 1 }, /* v_cvt_f32_i32_e32 v0, v1 */
    { { 0x7e001501 }, 1 }, /* v_cvt_f16_f32_e32 v0, v1 */
    { { 0x7e002102 }, 1 }, /* v_cvt_f64_f32_e32 v[0:1], v2 */
    { { 0x7e000702 }, 1 }, /* v_cvt_i32_f64_e32 v0, v[2:3] */
    { { 0x7e005501 }, 1 }, /* v_rcp_f32_e32 v0, v1 */
    { { 0xd5ae8100, 0x28000101 }, 2 }, /* v_rsq_f32_e64 v0, -|v1| clamp mul:2 */
    { { 0x7e004b01 }, 1 }, /* v_exp_f32_e32 v0, v1 */
    { { 0x7e00aaf2 }, 1 }, /* v_sqrt_f16_e32 v0, 1.0 */
    { { 0x7e007cf2 }, 1 }, /* v_fract_f64_e32 v[0:1], 1.0 */
    { { 0x7e006eff, 0x12345678 }, 2 }, /* v_not_b32_e32 v0, 0x12345678 */
    { { 0x7f003901 }, 1 }, /* v_mov_b16_e32 v0.h, v1.l */
    { { 0x7e000000 }, 1 }, /* v_nop */
    { { 0x7e00cb01 }, 1 }, /* v_swap_b32 v0, v1 */
    { { 0x7e00cf01 }, 1 }, /* v_permlane64_b32 v0, v1 */
    { { 0x7e002701 }, 1 }, /* v_cvt_f32_ubyte2_e32 v0, v1 */
    { { 0x7e0002fa, 0xff00b101 }, 2 }, /* v_mov_b32_dpp v0, v1 quad_perm:[1,0,3,2] row_mask:0xf bank_mask:0xf */
    { { 0x7e0002fa, 0xa5090101 }, 2 }, /* v_mov_b32_dpp v0, v1 row_shl:1 row_mask:0xa bank_mask:0x5 bound_ctrl:1 */
    { { 0x7e0002e9, 0x05397701 }, 2 }, /* v_mov_b32_dpp v0, v1 dpp8:[7,6,5,4,3,2,1,0] */
    { { 0x7e0002ea, 0x00000001 }, 2 }, /* v_mov_b32_dpp v0, v1 dpp8:[0,0,0,0,0,0,0,0] fi:1 */
    { { 0x060004fa, 0xff914001 }, 2 }, /* v_add_f32_dpp v0, -v1, |v2| row_mirror row_mask:0xf bank_mask:0xf */
    { { 0x060004fa, 0xff055301 }, 2 }, /* v_add_f32_dpp v0, v1, v2 row_share:3 row_mask:0xf bank_mask:0xf fi:1 */
    { { 0x060004fa, 0xff016f01 }, 2 }, /* v_add_f32_dpp v0, v1, v2 row_xmask:15 row_mask:0xf bank_mask:0xf */
    { { 0x06000501 }, 1 }, /* v_add_f32_e32 v0, v1, v2 */
    { { 0x060004f0 }, 1 }, /* v_add_f32_e32 v0, 0.5, v2 */
    { { 0x06000405 }, 1 }, /* v_add_f32_e32 v0, s5, v2 */
    { { 0xd5030000, 0x00000501 }, 2 }, /* v_add_f32_e64 v0, v1, s2 */
    { { 0xd5038200, 0x20000501 }, 2 }, /* v_add_f32_e64 v0, -v1, |s2| clamp */
    { { 0xd5030000, 0x18020501 }, 2 }, /* v_add_f32_e64 v0, v1, v2 div:2 */
    { { 0xd5080000, 0x000204ff, 0x40490fdb }, 3 }, /* v_mul_f32_e64 v0, 0x40490fdb, v2 */
    { { 0x02000501 }, 1 }, /* v_cndmask_b32_e32 v0, v1, v2, vcc_lo */
    { { 0xd5010000, 0x00120501 }, 2 }, /* v_cndmask_b32_e64 v0, v1, v2, s4 */
    { { 0x40000501 }, 1 }, /* v_add_co_ci_u32_e32 v0, vcc_lo, v1, v2, vcc_lo */
    { { 0xd5200400, 0x00160501 }, 2 }, /* v_add_co_ci_u32_e64 v0, s4, v1, v2, s5 */
    { { 0xd7000400, 0x00020501 }, 2 }, /* v_add_co_u32 v0, s4, v1, v2 */
    { { 0xd7016a00, 0x00010901 }, 2 }, /* v_sub_co_u32 v0, vcc_lo, v1, 4 */
    { { 0x56000501 }, 1 }, /* v_fmac_f32_e32 v0, v1, v2 */
    { { 0xd52b0000, 0x20020501 }, 2 }, /* v_fmac_f32_e64 v0, -v1, v2 */
    { { 0x58000501, 0x3f800000 }, 2 }, /* v_fmamk_f32 v0, v1, 0x3f800000, v2 */
    { { 0x5a000501, 0x40000000 }, 2 }, /* v_fmaak_f32 v0, v1, v2, 0x40000000 */
    { { 0xd5364800, 0x00020501 }, 2 }, /* v_fmac_f16_e64 v0, v1, v2 op_sel:[1,0,0,1] */
    { { 0x64000501 }, 1 }, /* v_add_f16_e32 v0, v1, v2 */
    { { 0x76000501 }, 1 }, /* v_ldexp_f16_e32 v0, v1, v2 */
    { { 0x30000282 }, 1 }, /* v_lshlrev_b32_e32 v0, 2, v1 */
    { { 0x4a000401 }, 1 }, /* v_add_nc_u32_e32 v0, s1, v2 */
    { { 0xd5258000, 0x00020501 }, 2 }, /* v_add_nc_u32_e64 v0, v1, v2 clamp */
    { { 0x360002ff, 0x000000ff }, 2 }, /* v_and_b32_e32 v0, 0xff, v1 */
    { { 0x04000501 }, 1 }, /* v_dot2acc_f32_f16 v0, v1, v2 */
    { { 0x78000501 }, 1 }, /* v_pk_fmac_f16 v0, v1, v2 */
    { { 0x5e000501 }, 1 }, /* v_cvt_pk_rtz_f16_f32_e32 v0, v1, v2 */
    { { 0x7c220501 }, 1 }, /* v_cmp_lt_f32_e32 vcc_lo, v1, v2 */
    { { 0xd4110000, 0x00020501 }, 2 }, /* v_cmp_lt_f32_e64 s0, v1, v2 */
    { { 0xd4110200, 0x20020501 }, 2 }, /* v_cmp_lt_f32_e64 s0, -v1, |v2| */
    { { 0x7c940280 }, 1 }, /* v_cmp_eq_u32_e32 vcc_lo, 0, v1 */
    { { 0x7cfc0501 }, 1 }, /* v_cmp_class_f32_e32 vcc_lo, v1, v2 */
    { { 0x7c7a0501 }, 1 }, /* v_cmp_ne_u16_e32 vcc_lo, v1, v2 */
    { { 0x7d220501 }, 1 }, /* v_cmpx_lt_f32_e32 v1, v2 */
    { { 0xd4ca007e, 0x00020401 }, 2 }, /* v_cmpx_eq_u32_e64 s1, v2 */
    { { 0x7c2204fa, 0xff00e401 }, 2 }, /* v_cmp_lt_f32 vcc_lo, v1, v2 quad_perm:[0,1,2,3] row_mask:0xf bank_mask:0xf */
    { { 0x7d8804e9, 0x24924901 }, 2 }, /* v_cmpx_gt_i32 v1, v2 dpp8:[1,1,1,1,1,1,1,1] */
    { { 0xd6130000, 0x040e0501 }, 2 }, /* v_fma_f32 v0, v1, v2, v3 */
    { { 0xd6138000, 0x33c80501 }, 2 }, /* v_fma_f32 v0, -v1, s2, 1.0 clamp mul:4 */
    { { 0xd6140000, 0x041a0902 }, 2 }, /* v_fma_f64 v[0:1], v[2:3], v[4:5], v[6:7] */
    { { 0xd6481800, 0x040e0501 }, 2 }, /* v_fma_f16 v0, v1, v2, v3 op_sel:[1,1,0,0] */
    { { 0xd6fe7c00, 0x04120702 }, 2 }, /* v_mad_u64_u32 v[0:1], null, v2, v3, v[4:5] */
    { { 0xd6ff0000, 0x04120702 }, 2 }, /* v_mad_i64_i32 v[0:1], s0, v2, v3, v[4:5] */
    { { 0xd6fc6a00, 0x04060501 }, 2 }, /* v_div_scale_f32 v0, vcc_lo, v1, v2, v1 */
    { { 0xd6370000, 0x040e0501 }, 2 }, /* v_div_fmas_f32 v0, v1, v2, v3 */
    { { 0xd6280000, 0x041a0902 }, 2 }, /* v_div_fixup_f64 v[0:1], v[2:3], v[4:5], v[6:7] */
    { { 0xd6100000, 0x02211101 }, 2 }, /* v_bfe_u32 v0, v1, 8, 8 */
    { { 0xd6120000, 0x040e0501 }, 2 }, /* v_bfi_b32 v0, v1, v2, v3 */
    { { 0xd6160000, 0x02420501 }, 2 }, /* v_alignbit_b32 v0, v1, v2, 16 */
    { { 0xd6460000, 0x040d0501 }, 2 }, /* v_lshl_add_u32 v0, v1, 2, v3 */
    { { 0xd6550000, 0x040e0501 }, 2 }, /* v_add3_u32 v0, v1, v2, v3 */
    { { 0xd61f0000, 0x040e0501 }, 2 }, /* v_med3_f32 v0, v1, v2, v3 */
    { { 0xd61d0000, 0x03160501 }, 2 }, /* v_max3_i32 v0, v1, v2, -5 */
    { { 0xd6440000, 0x03fe0501, 0x05040100 }, 3 }, /* v_perm_b32 v0, v1, v2, 0x5040100 */
    { { 0xd72c0000, 0x00020501 }, 2 }, /* v_mul_lo_u32 v0, v1, v2 */
    { { 0xd72d0000, 0x00000501 }, 2 }, /* v_mul_hi_u32 v0, v1, s2 */
    { { 0xd73c0000, 0x00020483 }, 2 }, /* v_lshlrev_b64 v[0:1], 3, v[2:3] */
    { { 0xd7270000, 0x40020902 }, 2 }, /* v_add_f64 v[0:1], v[2:3], -v[4:5] */
    { { 0xd7270000, 0x0001e902 }, 2 }, /* v_add_f64 v[0:1], v[2:3], 2.0 */
    { { 0xd71c0000, 0x00020501 }, 2 }, /* v_ldexp_f32 v0, v1, v2 */
    { { 0xd71c0000, 0x60020501 }, 2 }, /* v_ldexp_f32 v0, -v1, sext(v2) */
    { { 0xd6260000, 0x04090101 }, 2 }, /* v_cvt_pk_u8_f32 v0, v1, 0, v2 */
    { { 0xd7600000, 0x00010b01 }, 2 }, /* v_readlane_b32 s0, v1, 5 */
    { { 0xd7610000, 0x00013e01 }, 2 }, /* v_writelane_b32 v0, s1, 31 */
    { { 0xd65b0000, 0x000c0501 }, 2 }, /* v_permlane16_b32 v0, v1, s2, s3 */
    { { 0xd65c1800, 0x000c0501 }, 2 }, /* v_permlanex16_b32 v0, v1, s2, s3 op_sel:[1,1] */
    { { 0xd71f0000, 0x000100c1 }, 2 }, /* v_mbcnt_lo_u32_b32 v0, -1, 0 */
    { { 0xd71e0000, 0x00010101 }, 2 }, /* v_bcnt_u32_b32 v0, v1, 0 */
    { { 0xd7111800, 0x00020501 }, 2 }, /* v_pack_b32_f16 v0, v1, v2 op_sel:[1,1,0] */
    { { 0xd7210000, 0x00020501 }, 2 }, /* v_cvt_pk_norm_i16_f32 v0, v1, v2 */
    { { 0xd7035800, 0x00020501 }, 2 }, /* v_add_nc_u16 v0, v1, v2 op_sel:[1,1,1] */
    { { 0xd6410000, 0x040e0501 }, 2 }, /* v_mad_u16 v0, v1, v2, v3 */
    { { 0xd6660000, 0x040e0501 }, 2 }, /* v_dot2_f16_f16 v0, v1, v2, v3 */
    { { 0xd65d0000, 0x000e0501 }, 2 }, /* v_cndmask_b16 v0, v1, v2, s3 */
    { { 0xd65e0000, 0x040e0501 }, 2 }, /* v_maxmin_f32 v0, v1, v2, v3 */
    { { 0xd6130000, 0x040e04fa, 0xff00e401 }, 3 }, /* v_fma_f32_e64_dpp v0, v1, v2, v3 quad_perm:[0,1,2,3] row_mask:0xf bank_mask:0xf */
    { { 0xd5038000, 0x200204e9, 0xfac68801 }, 3 }, /* v_add_f32_e64_dpp v0, -v1, v2 clamp dpp8:[0,1,2,3,4,5,6,7] */
    { { 0xd4110000, 0x000204fa, 0xff011201 }, 3 }, /* v_cmp_lt_f32_e64_dpp s0, v1, v2 row_shr:2 row_mask:0xf bank_mask:0xf */
    { { 0xcc0f4000, 0x18020501 }, 2 }, /* v_pk_add_f16 v0, v1, v2 */
    { { 0xcc0fca00, 0x30020501 }, 2 }, /* v_pk_add_f16 v0, v1, v2 op_sel:[1,0] op_sel_hi:[0,1] neg_lo:[1,0] neg_hi:[0,1] clamp */
    { { 0xcc0e4000, 0x1c0e0501 }, 2 }, /* v_pk_fma_f16 v0, v1, v2, v3 */
    { { 0xcc014000, 0x18010501 }, 2 }, /* v_pk_mul_lo_u16 v0, v1, 2 */
    { { 0xcc0a4000, 0x1801ff01, 0x00010001 }, 3 }, /* v_pk_add_u16 v0, v1, 0x10001 */
    { { 0xcc134000, 0x1c0e0501 }, 2 }, /* v_dot2_f32_f16 v0, v1, v2, v3 */
    { { 0xcc164000, 0x7c0e0501 }, 2 }, /* v_dot4_i32_iu8 v0, v1, v2, v3 neg_lo:[1,1,0] */
    { { 0xcc194000, 0x1c0e0501 }, 2 }, /* v_dot8_u32_u4 v0, v1, v2, v3 */
    { { 0xcc204000, 0x1c0e0501 }, 2 }, /* v_fma_mix_f32 v0, v1, v2, v3 op_sel_hi:[1,1,1] */
    { { 0xcc210100, 0x240e0501 }, 2 }, /* v_fma_mixlo_f16 v0, -|v1|, v2, v3 */
    { { 0xcc404000, 0x1c622108 }, 2 }, /* v_wmma_f32_16x16x16_f16 v[0:7], v[8:15], v[16:23], v[24:31] */
    { { 0xcc404000, 0x1bca2108 }, 2 }, /* v_wmma_f32_16x16x16_f16 v[0:7], v[8:15], v[16:23], 1.0 */
    { { 0xcc426000, 0x1c622108 }, 2 }, /* v_wmma_f16_16x16x16_f16 v[0:7], v[8:15], v[16:23], v[24:31] op_sel:[0,0,1] */
    { { 0xcc44c000, 0x7c021908 }, 2 }, /* v_wmma_i32_16x16x16_iu8 v[0:7], v[8:11], v[12:15], v[0:7] neg_lo:[1,1,0] clamp */
    { { 0xcc454000, 0x1c021508 }, 2 }, /* v_wmma_i32_16x16x16_iu4 v[0:7], v[8:9], v[10:11], v[0:7] */
    { { 0xcc434000, 0x1c622108 }, 2 }, /* v_wmma_bf16_16x16x16_bf16 v[0:7], v[8:15], v[16:23], v[24:31] */
    { { 0xca100101, 0x00000102 }, 2 }, /* v_dual_mov_b32 v0, v1 :: v_dual_mov_b32 v1, v2 */
    { { 0xc9060501, 0x00020b04 }, 2 }, /* v_dual_add_f32 v0, v1, v2 :: v_dual_mul_f32 v3, v4, v5 */
    { { 0xc8020501, 0x00020b04, 0x3f800000 }, 3 }, /* v_dual_fmac_f32 v0, v1, v2 :: v_dual_fmaak_f32 v3, v4, v5, 0x3f800000 */
    { { 0xca620501, 0x00020a82 }, 2 }, /* v_dual_cndmask_b32 v0, v1, v2 :: v_dual_lshlrev_b32 v3, 2, v5 */
    { { 0xc8a00501, 0x00000401, 0x40000000 }, 3 }, /* v_dual_fmamk_f32 v0, v1, 0x40000000, v2 :: v_dual_add_nc_u32 v1, s1, v2 */
    { { 0xcb240501, 0x00020b04 }, 2 }, /* v_dual_dot2acc_f32_f16 v0, v1, v2 :: v_dual_and_b32 v3, v4, v5 */
    { { 0xcd000100, 0x040e0501 }, 2 }, /* v_interp_p10_f32 v0, v1, v2, v3 wait_exp:1 */
    { { 0xcd030f00, 0x240e0501 }, 2 }, /* v_interp_p2_f16_f32 v0, -v1, v2, v3 op_sel:[1,0,0,0] wait_exp:7 */
    { { 0xce000400 }, 1 }, /* lds_param_load v0, attr1.x wait_vdst:0 */
    { { 0xce120001 }, 1 }, /* lds_direct_load v1 wait_vdst:2 */
    { { 0xd8340000, 0x00000100 }, 2 }, /* ds_store_b32 v0, v1 */
    { { 0xd8340100, 0x00000100 }, 2 }, /* ds_store_b32 v0, v1 offset:256 */
    { { 0xd8d8ffff, 0x00000001 }, 2 }, /* ds_load_b32 v0, v1 offset:65535 */
    { { 0xd9d80000, 0x00000002 }, 2 }, /* ds_load_b64 v[0:1], v2 */
    { { 0xdbfc0010, 0x00000004 }, 2 }, /* ds_load_b128 v[0:3], v4 offset:16 */
    { { 0xdb7c0000, 0x00000400 }, 2 }, /* ds_store_b128 v0, v[4:7] */
    { { 0xd8dcff01, 0x00000002 }, 2 }, /* ds_load_2addr_b32 v[0:1], v2 offset0:1 offset1:255 */
    { { 0xd83c0403, 0x00020100 }, 2 }, /* ds_store_2addr_stride64_b32 v0, v1, v2 offset0:3 offset1:4 */
    { { 0xd8000000, 0x00000100 }, 2 }, /* ds_add_u32 v0, v1 */
    { { 0xd8800004, 0x00000201 }, 2 }, /* ds_add_rtn_u32 v0, v1, v2 offset:4 */
    { { 0xd8c00000, 0x00030201 }, 2 }, /* ds_cmpstore_rtn_b32 v0, v1, v2, v3 */
    { { 0xd8cc0000, 0x00000201 }, 2 }, /* ds_max_rtn_f32 v0, v1, v2 */
    { { 0xd8d4401f, 0x00000001 }, 2 }, /* ds_swizzle_b32 v0, v1 offset:swizzle(SWAP,16) */
    { { 0xd8d480e4, 0x00000001 }, 2 }, /* ds_swizzle_b32 v0, v1 offset:swizzle(QUAD_PERM,0,1,2,3) */
    { { 0xd8d40906, 0x00000001 }, 2 }, /* ds_swizzle_b32 v0, v1 offset:swizzle(BITMASK_PERM,"01pi0") */
    { { 0xdac80000, 0x00000201 }, 2 }, /* ds_permute_b32 v0, v1, v2 */
    { { 0xdacc0008, 0x00000201 }, 2 }, /* ds_bpermute_b32 v0, v1, v2 offset:8 */
    { { 0xd8f80000, 0x00000000 }, 2 }, /* ds_append v0 */
    { { 0xd8500000, 0x00000000 }, 2 }, /* ds_nop */
    { { 0xda800000, 0x00000100 }, 2 }, /* ds_store_b8_d16_hi v0, v1 */
    { { 0xda9c0000, 0x00000001 }, 2 }, /* ds_load_u16_d16_hi v0, v1 */
    { { 0xdc500000, 0x007c0002 }, 2 }, /* flat_load_b32 v0, v[2:3] */
    { { 0xdc54efff, 0x007c0002 }, 2 }, /* flat_load_b64 v[0:1], v[2:3] offset:4095 glc slc dlc */
    { { 0xdc740000, 0x007c0402 }, 2 }, /* flat_store_b128 v[2:3], v[4:7] */
    { { 0xdcd40000, 0x007c0402 }, 2 }, /* flat_atomic_add_u32 v[2:3], v4 */
    { { 0xdcd44000, 0x007c0402 }, 2 }, /* flat_atomic_add_u32 v0, v[2:3], v4 glc */
    { { 0xdd084000, 0x007c0402 }, 2 }, /* flat_atomic_cmpswap_b64 v[0:1], v[2:3], v[4:7] glc */
    { { 0xdc520000, 0x007c0002 }, 2 }, /* global_load_b32 v0, v[2:3], off */
    { { 0xdc521000, 0x00040002 }, 2 }, /* global_load_b32 v0, v2, s[4:5] offset:-4096 */
    { { 0xdc420fff, 0x00000001 }, 2 }, /* global_load_u8 v0, v1, s[0:1] offset:4095 */
    { { 0xdc6a0008, 0x007c0402 }, 2 }, /* global_store_b32 v[2:3], v4, off offset:8 */
    { { 0xdc6e0000, 0x00020402 }, 2 }, /* global_store_b64 v2, v[4:5], s[2:3] */
    { { 0xdcd64000, 0x00020201 }, 2 }, /* global_atomic_add_u32 v0, v1, v2, s[2:3] glc */
    { { 0xdcde4000, 0x00020201 }, 2 }, /* global_atomic_csub_u32 v0, v1, v2, s[2:3] glc */
    { { 0xdd4a0000, 0x00020201 }, 2 }, /* global_atomic_max_f32 v1, v2, s[2:3] */
    { { 0xdca20000, 0x00020000 }, 2 }, /* global_load_addtid_b32 v0, s[2:3] */
    { { 0xdc510000, 0x00020000 }, 2 }, /* scratch_load_b32 v0, off, s2 */
    { { 0xdc510010, 0x00fc0001 }, 2 }, /* scratch_load_b32 v0, v1, off offset:16 */
    { { 0xdc691ff0, 0x00030100 }, 2 }, /* scratch_store_b32 off, v1, s3 offset:-16 */
    { { 0xdc6d0000, 0x00fc0200 }, 2 }, /* scratch_store_b64 v0, v[2:3], off */
    { { 0xe0500000, 0x80010000 }, 2 }, /* buffer_load_b32 v0, off, s[4:7], 0 */
    { { 0xe0500fff, 0x08410001 }, 2 }, /* buffer_load_b32 v0, v1, s[4:7], s8 offen offset:4095 */
    { { 0xe00c4000, 0x80c20004 }, 2 }, /* buffer_load_format_xyzw v[0:3], v[4:5], s[8:11], 0 idxen offen glc */
    { { 0xe0680000, 0x80810001 }, 2 }, /* buffer_store_b32 v0, v1, s[4:7], 0 idxen */
    { { 0xe0d44000, 0x80010000 }, 2 }, /* buffer_atomic_add_u32 v0, off, s[4:7], 0 glc */
    { { 0xe0d00000, 0x80410002 }, 2 }, /* buffer_atomic_cmpswap_b32 v[0:1], v2, s[4:7], 0 offen */
    { { 0xe0500000, 0x80210000 }, 2 }, /* buffer_load_b32 v[0:1], off, s[4:7], 0 tfe */
    { { 0xe0ac0000, 0x00000000 }, 2 }, /* buffer_gl0_inv */
    { { 0xe0b00000, 0x00000000 }, 2 }, /* buffer_gl1_inv */
    { { 0xe8b00000, 0x80010000 }, 2 }, /* tbuffer_load_format_x v0, off, s[4:7], 0 format:[BUF_FMT_32_FLOAT] */
    { { 0xe9828010, 0x03410002 }, 2 }, /* tbuffer_store_format_xy v[0:1], v2, s[4:7], s3 format:[BUF_FMT_32_32_UINT] offen offset:16 */
    { { 0xf800000f, 0x03020100 }, 2 }, /* exp mrt0 v0, v1, v2, v3 */
    { { 0xf80008c1, 0x00000000 }, 2 }, /* exp pos0 v0, off, off, off done */
};

START_TEST(list_matches_llvm)
{
    char msg[2600];
    for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++) {
        uint32_t w[5] = { 0 };
        memcpy(w, list[i].w, sizeof(list[i].w));
        /* exactly the instruction's dwords, then with trailing words */
        ck_assert_msg(!differs(w, list[i].n, msg, sizeof(msg)), "list %zu: %s", i, msg);
        ck_assert_msg(!differs(w, 5, msg, sizeof(msg)), "list %zu: %s", i, msg);
        unsigned sz;
        char buf[256];
        ck_assert_msg(isa_disasm_words(w, list[i].n, buf, sizeof(buf), &sz) >= 0 && sz == list[i].n,
                      "list %zu is invalid or has the wrong size", i);
    }
}
END_TEST

/* Every value of MTBUF's 7-bit format field (the 64 unified formats of
 * isa/isa_bufmt.def, then the numbers past them) prints as LLVM prints it. */
START_TEST(mtbuf_every_format_matches_llvm)
{
    char msg[2600], buf[256], want[64];
    unsigned sz;

    for (uint32_t f = 0; f < 128; f++) {
        /* tbuffer_load_format_x v0, off, s[4:7], 0 with FORMAT (bits 25:19) = f */
        uint32_t w[5] = { (0xe8b00000u & ~(0x7fu << 19)) | f << 19, 0x80010000u };

        ck_assert_msg(!differs(w, 2, msg, sizeof(msg)), "format %u: %s", f, msg);
        ck_assert(isa_disasm_words(w, 2, buf, sizeof(buf), &sz) >= 0);
        if (f == 1)
            continue;   /* the default, not printed */
        if (f < ISA_BUFMT_COUNT)
            snprintf(want, sizeof(want), " format:[BUF_FMT_%s]", isa_bufmt[f].name);
        else
            snprintf(want, sizeof(want), " format:%u", f);
        ck_assert_msg(strstr(buf, want), "format %u: %s", f, buf);
    }
    ck_assert_str_eq(isa_bufmt[42].name, "8_8_8_8_UNORM");
    ck_assert_uint_eq(isa_bufmt[30].bits[2], 10);   /* 10_11_11: Z is the 10-bit one */
}
END_TEST

/* ------------------------------------------------------------ random */

static uint64_t seed_of_run(void)
{
    const char *s = getenv("AMDPM4_ISA_SEED");
    if (s && *s)
        return strtoull(s, NULL, 0);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)ts.tv_nsec ^ (uint64_t)getpid();
}

START_TEST(random_words_match_llvm)
{
    enum { N = 120000 };
    uint64_t seed = seed_of_run();
    char msg[2600];
    unsigned valid = 0, bad = 0;

    isa_rand_seed(seed ? seed : 1);
    for (unsigned i = 0; i < N; i++) {
        uint32_t w[5];
        isa_rand_inst(w);
        size_t avail = (isa_rand() % 3) ? 5 : 1 + isa_rand() % 5;
        char lt[1024];
        if (llvm_text(w, avail, lt, sizeof(lt)))
            valid++;
        if (differs(w, avail, msg, sizeof(msg)) && bad++ == 0)
            fprintf(stderr, "check_isa: seed 0x%llx, first difference: %s\n",
                    (unsigned long long)seed, msg);
    }
    ck_assert_msg(bad == 0, "%u of %u random instructions differ from LLVM 19 (seed 0x%llx, "
                  "rerun with AMDPM4_ISA_SEED=0x%llx)", bad, N, (unsigned long long)seed,
                  (unsigned long long)seed);
    /* the generator must reach valid instructions, not just junk */
    ck_assert_uint_gt(valid, N / 3);
}
END_TEST

/* ------------------------------------------------------------ bounds */

/* Decoding words that end at a page boundary never touches the next page. */
START_TEST(bounds_never_read_past_avail)
{
    long page = sysconf(_SC_PAGESIZE);
    uint8_t *map = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                        -1, 0);
    ck_assert_ptr_ne(map, MAP_FAILED);
    ck_assert_int_eq(mprotect(map + page, (size_t)page, PROT_NONE), 0);
    uint32_t *end = (uint32_t *)(map + page);
    char buf[256];

    isa_rand_seed(0x5eed);
    for (unsigned i = 0; i < 20000; i++) {
        uint32_t w[5];
        isa_rand_inst(w);
        for (size_t avail = 1; avail <= 5; avail++) {
            memcpy(end - avail, w, 4 * avail);
            unsigned sz = 0;
            int n = isa_disasm_words(end - avail, avail, buf, sizeof(buf), &sz);
            ck_assert_uint_le(sz, avail);
            ck_assert(n >= 0 || sz == 1);
        }
    }
    munmap(map, 2 * (size_t)page);
}
END_TEST

START_TEST(bounds_truncated_and_empty)
{
    struct isa_inst in;
    char buf[64];
    /* a literal past the end is invalid, not read */
    static const uint32_t lit[] = { 0xbe8000ff };
    ck_assert_int_eq(isa_decode(lit, 1, &in), 0);
    ck_assert_uint_eq(in.op, ISA_OP_INVALID);
    ck_assert_uint_eq(in.size_dw, 1);
    /* a 64-bit format with one dword */
    static const uint32_t v3[] = { 0xd6130000 };
    ck_assert_int_eq(isa_decode(v3, 1, &in), 0);
    /* nothing at all */
    ck_assert_int_eq(isa_decode(NULL, 4, &in), 0);
    ck_assert_int_eq(isa_decode(lit, 0, &in), 0);
    ck_assert_int_eq(isa_disasm_words(lit, 1, buf, sizeof(buf), NULL), -1);
    ck_assert_str_eq(buf, "<invalid>");
    ck_assert_int_eq(isa_disasm(NULL, buf, sizeof(buf)), (int)strlen("<invalid>"));
    memset(&in, 0, sizeof(in));
    in.op = ISA_OP_COUNT;
    isa_disasm(&in, buf, sizeof(buf));
    ck_assert_str_eq(buf, "<invalid>");
}
END_TEST

/* ------------------------------------------------------------ tool */

static const char tool_s[] =
    ".amdgcn_target \"amdgcn-amd-amdhsa--gfx1100\"\n"
    ".text\n.globl two\n.p2align 8\n.type two,@function\ntwo:\n"
    "  s_load_b128 s[4:7], s[0:1], 0x0\n  s_waitcnt lgkmcnt(0)\n"
    "  v_mov_b32_e32 v1, 0x3fc00000\n  s_cbranch_execz .Lend\n"
    "  v_dual_add_f32 v2, v1, v0 :: v_dual_mov_b32 v3, 1.0\n"
    "  v_add_f32_dpp v0, v1, v2 quad_perm:[1,0,3,2] row_mask:0xf bank_mask:0xf\n"
    "  v_fma_f32 v4, -v1, s2, 0.5 clamp\n  v_pk_fma_f16 v5, v1, v2, v3 op_sel:[1,0,0]\n"
    "  ds_load_b64 v[6:7], v0 offset:8\n  global_store_b32 v0, v1, s[6:7] offset:-16\n"
    "  s_delay_alu instid0(VALU_DEP_1)\n"
    ".Lend:\n  s_endpgm\n.size two, .-two\n"
    ".globl one\n.p2align 8\n.type one,@function\none:\n  s_nop 3\n  s_endpgm\n.size one, .-one\n"
    ".rodata\n.p2align 6\n.amdhsa_kernel two\n  .amdhsa_user_sgpr_kernarg_segment_ptr 1\n"
    "  .amdhsa_next_free_vgpr 8\n  .amdhsa_next_free_sgpr 8\n.end_amdhsa_kernel\n"
    ".p2align 6\n.amdhsa_kernel one\n  .amdhsa_next_free_vgpr 1\n  .amdhsa_next_free_sgpr 1\n"
    ".end_amdhsa_kernel\n";

struct tool_fx {
    char dir[64];
    char co[96];
};

static void build_co(struct tool_fx *fx)
{
    char src[96], obj[96];
    struct test_run r;
    FILE *f;

    snprintf(fx->dir, sizeof(fx->dir), "/tmp/amdpm4-isa-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(fx->dir));
    snprintf(src, sizeof(src), "%s/k.s", fx->dir);
    snprintf(obj, sizeof(obj), "%s/k.o", fx->dir);
    snprintf(fx->co, sizeof(fx->co), "%s/k.co", fx->dir);
    f = fopen(src, "w");
    ck_assert_ptr_nonnull(f);
    fputs(tool_s, f);
    fclose(f);
    char *mc[] = { LLVM_MC_PATH, "-triple=amdgcn-amd-amdhsa", "-mcpu=gfx1100", "-filetype=obj",
                   "-o", obj, src, NULL };
    ck_assert_int_eq(test_run(&r, mc, NULL, NULL), 0);
    ck_assert_msg(r.exit_code == 0, "llvm-mc: %s", r.err);
    test_run_free(&r);
    char *ld[] = { LLD_PATH, "-shared", "-o", fx->co, obj, NULL };
    ck_assert_int_eq(test_run(&r, ld, NULL, NULL), 0);
    ck_assert_msg(r.exit_code == 0, "ld.lld: %s", r.err);
    test_run_free(&r);
}

static void remove_co(struct tool_fx *fx)
{
    char p[128];
    static const char *const names[] = { "k.s", "k.o", "k.co" };
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof(p), "%s/%s", fx->dir, names[i]);
        unlink(p);
    }
    rmdir(fx->dir);
}

/* The instruction lines (starting with a tab) that follow the label
 * "<name>:" in a listing; text is modified. */
static size_t block_lines(char *text, const char *name, char **lines, size_t max)
{
    char label[64];
    size_t n = 0;
    bool in = false;

    snprintf(label, sizeof(label), "<%s>:", name);
    for (char *l = strtok(text, "\n"); l && n < max; l = strtok(NULL, "\n")) {
        if (strstr(l, label) && l[0] != '\t') {
            in = true;
            continue;
        }
        if (in && l[0] != '\t')
            break;
        if (in)
            lines[n++] = l;
    }
    return n;
}

START_TEST(tool_matches_objdump)
{
    struct tool_fx fx;
    struct test_run ours, theirs;
    char *a[64], *b[64];

    build_co(&fx);
    char *dis[] = { (char *)test_build_path("amdpm4"), "disasm", fx.co, NULL };
    ck_assert_int_eq(test_run(&ours, dis, NULL, NULL), 0);
    ck_assert_msg(ours.exit_code == 0, "amdpm4 disasm: %s", ours.err);
    ck_assert_str_eq(ours.err, "");
    char *od[] = { LLVM_OBJDUMP_PATH, "-d", "--mcpu=gfx1100", fx.co, NULL };
    ck_assert_int_eq(test_run(&theirs, od, NULL, NULL), 0);
    ck_assert_int_eq(theirs.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(ours.out, "<one>:\n"));

    /* objdump goes on into the padding after .size; compare what we print */
    size_t na = block_lines(ours.out, "two", a, 64), nb = block_lines(theirs.out, "two", b, 64);
    ck_assert_uint_eq(na, 12);
    ck_assert_uint_ge(nb, na);
    for (size_t i = 0; i < na; i++)
        ck_assert_msg(!strcmp(a[i], b[i]), "line %zu:\n ours:    %s\n objdump: %s", i, a[i], b[i]);
    test_run_free(&ours);
    test_run_free(&theirs);

    /* --kernel picks one */
    char *one[] = { (char *)test_build_path("amdpm4"), "disasm", fx.co, "--kernel", "one", NULL };
    ck_assert_int_eq(test_run(&ours, one, NULL, NULL), 0);
    ck_assert_int_eq(ours.exit_code, 0);
    ck_assert_ptr_null(strstr(ours.out, "<two>"));
    ck_assert_uint_eq(block_lines(ours.out, "one", a, 64), 2);
    ck_assert_str_eq(a[0], "\ts_nop 3                                                    // "
                           "000000001500: BF800003");
    test_run_free(&ours);
    remove_co(&fx);
}
END_TEST

START_TEST(tool_errors)
{
    struct test_run r;
    struct tool_fx fx;

    build_co(&fx);
    char *nokernel[] = { (char *)test_build_path("amdpm4"), "disasm", fx.co, "--kernel", "nope",
                         NULL };
    ck_assert_int_eq(test_run(&r, nokernel, NULL, NULL), 0);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.out, "");
    ck_assert_ptr_nonnull(strstr(r.err, "amdpm4 disasm: "));
    ck_assert_ptr_nonnull(strstr(r.err, "no kernel 'nope'"));
    test_run_free(&r);

    char path[128];
    snprintf(path, sizeof(path), "%s/k.s", fx.dir);     /* not a code object */
    char *notco[] = { (char *)test_build_path("amdpm4"), "disasm", path, NULL };
    ck_assert_int_eq(test_run(&r, notco, NULL, NULL), 0);
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_ptr_nonnull(strstr(r.err, "amdpm4 disasm: "));
    ck_assert_ptr_eq(strchr(r.err, '\n'), r.err + strlen(r.err) - 1);     /* one line */
    test_run_free(&r);
    remove_co(&fx);

    char *missing[] = { (char *)test_build_path("amdpm4"), "disasm", "/nonexistent/x.co", NULL };
    ck_assert_int_eq(test_run(&r, missing, NULL, NULL), 0);
    ck_assert_int_eq(r.exit_code, 2);
    test_run_free(&r);

    char *none[] = { (char *)test_build_path("amdpm4"), "disasm", NULL };
    ck_assert_int_eq(test_run(&r, none, NULL, NULL), 0);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.err, "amdpm4 disasm: no code object given (see --help)\n");
    test_run_free(&r);

    char *badopt[] = { (char *)test_build_path("amdpm4"), "disasm", "--frob", NULL };
    ck_assert_int_eq(test_run(&r, badopt, NULL, NULL), 0);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.err, "amdpm4 disasm: unknown option '--frob' (see --help)\n");
    test_run_free(&r);

    char *help[] = { (char *)test_build_path("amdpm4"), "disasm", "--help", NULL };
    ck_assert_int_eq(test_run(&r, help, NULL, NULL), 0);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "usage: amdpm4 disasm FILE.co [--kernel NAME]"));
    test_run_free(&r);
}
END_TEST

Suite *isa_suite(void);

Suite *isa_suite(void)
{
    Suite *s = suite_create("isa");
    TCase *t;

    t = tcase_create("table");
    tcase_add_test(t, table_maps_round_trip);
    tcase_add_test(t, table_semantic_enum_is_by_name);
    suite_add_tcase(s, t);

    t = tcase_create("exact");
    tcase_add_test(t, exact_text);
    tcase_add_test(t, exact_fields_valu);
    tcase_add_test(t, exact_fields_memory);
    tcase_add_test(t, exact_buffer_truncation);
    suite_add_tcase(s, t);

    t = tcase_create("list");
    tcase_add_test(t, list_matches_llvm);
    tcase_add_test(t, mtbuf_every_format_matches_llvm);
    suite_add_tcase(s, t);

    t = tcase_create("random");
    tcase_add_test(t, random_words_match_llvm);
    tcase_set_timeout(t, 60);
    suite_add_tcase(s, t);

    t = tcase_create("bounds");
    tcase_add_test(t, bounds_never_read_past_avail);
    tcase_add_test(t, bounds_truncated_and_empty);
    suite_add_tcase(s, t);

    t = tcase_create("tool");
    tcase_add_test(t, tool_matches_objdump);
    tcase_add_test(t, tool_errors);
    suite_add_tcase(s, t);
    return s;
}
