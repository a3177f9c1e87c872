/*
 * tests/check_pm4.c — the gfx11 PM4 layer: register/packet tables, field
 * access, every emitter's exact encoding, the dispatch/barrier/fence
 * sequences, emit -> parse/decode round trips, the decoder on good and
 * malformed streams (also under valgrind, through `amdpm4 dump`), the dump
 * tool, and the one-table rule over the sources.
 *
 * Expected encodings are literal hex worked out by hand from the packet
 * layouts (and, where noted, values printed by libdrm's gfx11 test, tinygrad
 * and the Linux driver), never built with the table under test.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "amdpm4.h"
#include "pm4/log.h"
#include "pm4/pm4_decode.h"
#include "pm4/pm4_ib.h"
#include "pm4/pm4_seq.h"
#include "pm4/pm4_table.h"
#include "pm4/sdma_emit.h"
#include "pm4/sdma_table.h"
#include "tests/testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- helpers */

static struct pm4_ib ib;

static void ib_setup(void)
{
    ck_assert_int_eq(pm4_ib_init(&ib, 16), 0);
}

static void ib_teardown(void)
{
    pm4_ib_fini(&ib);
}

/* The stream holds exactly exp[0..n). */
static void expect_dw(const struct pm4_ib *s, const uint32_t *exp, size_t n)
{
    ck_assert_msg(s->err == 0, "stream failed: %s", s->errmsg);
    ck_assert_msg(s->cdw == n, "stream has %zu dwords, expected %zu", s->cdw, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(s->buf[i] == exp[i], "dword %zu: 0x%08x, expected 0x%08x", i, s->buf[i],
                      exp[i]);
}

#define EXPECT(...)                                            \
    do {                                                       \
        static const uint32_t exp_[] = {__VA_ARGS__};          \
        expect_dw(&ib, exp_, N(exp_));                         \
    } while (0)

/* The stream failed with err, its message contains what, and nothing new
 * was written beyond cdw_before. */
static void expect_fail(int ret, int err, size_t cdw_before, const char *what)
{
    ck_assert_int_eq(ret, err);
    ck_assert_int_eq(ib.err, err);
    ck_assert_uint_eq(ib.cdw, cdw_before);
    ck_assert_msg(strstr(ib.errmsg, what), "message \"%s\" lacks \"%s\"", ib.errmsg, what);
    ck_assert_msg(strstr(amdpm4_last_error(), what), "last error \"%s\" lacks \"%s\"",
                  amdpm4_last_error(), what);
}

static char text[1 << 16];

/* Decode into text; returns the stats. */
static struct pm4_decode_stats decode(const uint32_t *dw, size_t n, const struct pm4_decode_opts *o,
                                      bool sdma)
{
    struct pm4_strbuf sb;
    struct pm4_decode_stats st;
    struct pm4_sink sink = pm4_sink_strbuf(&sb, text, sizeof(text));

    ck_assert_int_eq((sdma ? pm4_decode_sdma : pm4_decode)(dw, n, o, sink, &st), 0);
    ck_assert_uint_eq(sb.dropped, 0);
    return st;
}

static void expect_text_has(const char *needle)
{
    ck_assert_msg(strstr(text, needle), "decoded text lacks \"%s\":\n%s", needle, text);
}

/* ================================================================ table */

START_TEST(table_known_offsets)
{
    /* Absolute dword addresses (gc_11_0_0_offset.h + GC_BASE seg0 0x1260;
     * libdrm's gfx11 test uses 0x2E12 / 0x2E07). */
    ck_assert_uint_eq(PM4_DW_COMPUTE_DISPATCH_INITIATOR, 0x2E00);
    ck_assert_uint_eq(PM4_DW_COMPUTE_NUM_THREAD_X, 0x2E07);
    ck_assert_uint_eq(PM4_DW_COMPUTE_PGM_LO, 0x2E0C);
    ck_assert_uint_eq(PM4_DW_COMPUTE_DISPATCH_SCRATCH_BASE_LO, 0x2E10);
    ck_assert_uint_eq(PM4_DW_COMPUTE_PGM_RSRC1, 0x2E12);
    ck_assert_uint_eq(PM4_DW_COMPUTE_PGM_RSRC2, 0x2E13);
    ck_assert_uint_eq(PM4_DW_COMPUTE_RESOURCE_LIMITS, 0x2E15);
    ck_assert_uint_eq(PM4_DW_COMPUTE_TMPRING_SIZE, 0x2E18);
    ck_assert_uint_eq(PM4_DW_COMPUTE_RESTART_X, 0x2E1B);
    ck_assert_uint_eq(PM4_DW_COMPUTE_REQ_CTRL, 0x2E22);
    ck_assert_uint_eq(PM4_DW_COMPUTE_USER_ACCUM_0, 0x2E24);
    ck_assert_uint_eq(PM4_DW_COMPUTE_USER_DATA_0, 0x2E40);
    ck_assert_uint_eq(PM4_DW_COMPUTE_USER_DATA_15, 0x2E4F);
    ck_assert_uint_eq(PM4_DW_COMPUTE_STATIC_THREAD_MGMT_SE4, 0x2E2B);
    ck_assert_uint_eq(PM4_DW_GB_ADDR_CONFIG, 0x263E);
    ck_assert_uint_eq(PM4_DW_GRBM_GFX_INDEX, 0xC200);
    /* The RSRC3 pitfall: byte 0xB8A0, not 0xB858 (= STATIC_THREAD_MGMT_SE0). */
    ck_assert_uint_eq(PM4_DW_COMPUTE_PGM_RSRC3 * 4u, 0xB8A0);
    ck_assert_uint_eq(PM4_DW_COMPUTE_STATIC_THREAD_MGMT_SE0 * 4u, 0xB858);
    ck_assert_uint_eq(PM4_DW_COMPUTE_PGM_RSRC3 - PM4_SH_FIRST_DW, 0x228);
    ck_assert_uint_eq(PM4_SH_FIRST_DW, 0x2C00);
    ck_assert_uint_eq(PM4_UCONFIG_FIRST_DW, 0xC000);
    ck_assert_int_eq(pm4_reg_by_dw(0x2E28), PM4_REG_COMPUTE_PGM_RSRC3);
    ck_assert_int_eq(pm4_reg_by_dw(0x2E16), PM4_REG_COMPUTE_STATIC_THREAD_MGMT_SE0);
    ck_assert_int_eq(pm4_reg_by_dw(0x2E23), -1);
    ck_assert_int_eq(pm4_reg_by_dw(0), -1);
    ck_assert_int_eq(pm4_reg_by_dw(0xFFFFFFFF), -1);
    /* window edges: first and last dword of each, and just outside */
    ck_assert_int_eq(pm4_reg_by_dw(0x1FFF), -1);
    ck_assert_int_eq(pm4_reg_by_dw(0x2000), -1);
    ck_assert_int_eq(pm4_reg_by_dw(0x263E), PM4_REG_GB_ADDR_CONFIG);
    ck_assert_int_eq(pm4_reg_by_dw(0x2BFF), -1);
    ck_assert_int_eq(pm4_reg_by_dw(0x2C00), -1);
    ck_assert_int_eq(pm4_reg_by_dw(0x2E4F), PM4_REG_COMPUTE_USER_DATA_15);
    ck_assert_int_eq(pm4_reg_by_dw(0x2FFF), -1);
    ck_assert_int_eq(pm4_reg_by_dw(0x3000), -1);
    ck_assert_int_eq(pm4_reg_by_dw(0xBFFF), -1);
    ck_assert_int_eq(pm4_reg_by_dw(0xC040), PM4_REG_SCRATCH_REG0);
    ck_assert_int_eq(pm4_reg_by_dw(0xC200), PM4_REG_GRBM_GFX_INDEX);
    ck_assert_int_eq(pm4_reg_by_dw(0xFFFF), -1);
    ck_assert_int_eq(pm4_reg_by_dw(0x10000), -1);
    ck_assert_int_eq(pm4_reg_by_name("COMPUTE_PGM_RSRC1"), PM4_REG_COMPUTE_PGM_RSRC1);
    ck_assert_int_eq(pm4_reg_by_name("COMPUTE_PGM_RSRC9"), -1);
}
END_TEST

START_TEST(table_known_packets_and_fields)
{
    ck_assert_uint_eq(PM4_OP_NOP, 0x10);
    ck_assert_uint_eq(PM4_OP_SET_BASE, 0x11);
    ck_assert_uint_eq(PM4_OP_DISPATCH_DIRECT, 0x15);
    ck_assert_uint_eq(PM4_OP_DISPATCH_INDIRECT, 0x16);
    ck_assert_uint_eq(PM4_OP_CONTEXT_CONTROL, 0x28);
    ck_assert_uint_eq(PM4_OP_WRITE_DATA, 0x37);
    ck_assert_uint_eq(PM4_OP_WAIT_REG_MEM, 0x3C);
    ck_assert_uint_eq(PM4_OP_INDIRECT_BUFFER, 0x3F);
    ck_assert_uint_eq(PM4_OP_COPY_DATA, 0x40);
    ck_assert_uint_eq(PM4_OP_PFP_SYNC_ME, 0x42);
    ck_assert_uint_eq(PM4_OP_EVENT_WRITE, 0x46);
    ck_assert_uint_eq(PM4_OP_RELEASE_MEM, 0x49);
    ck_assert_uint_eq(PM4_OP_DMA_DATA, 0x50);
    ck_assert_uint_eq(PM4_OP_ACQUIRE_MEM, 0x58);
    ck_assert_uint_eq(PM4_OP_SET_SH_REG, 0x76);
    ck_assert_uint_eq(PM4_OP_SET_UCONFIG_REG, 0x79);
    ck_assert_uint_eq(PM4_OP_SET_SH_REG_INDEX, 0x9B);
    ck_assert_ptr_null(pm4_pkt_info(0xEE));
    ck_assert_ptr_null(pm4_pkt_info(256));
    ck_assert_str_eq(pm4_pkt_info(0x49)->name, "RELEASE_MEM");
    ck_assert_int_eq(pm4_pkt_by_name("ACQUIRE_MEM"), 0x58);
    ck_assert_int_eq(pm4_pkt_by_name("NO_SUCH"), -1);

    /* Field positions against the layouts. */
    ck_assert_uint_eq(pm4_field_mask(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE), 0x00FF8000);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_COMPUTE_PGM_RSRC2_USER_SGPR), 0x0000003E);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_COMPUTE_DISPATCH_INITIATOR_CS_W32_EN), 0x00008000);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_COMPUTE_TMPRING_SIZE_WAVESIZE), 0x07FFF000);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_PKT3_COUNT), 0x3FFF0000);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_PKT3_IT_OPCODE), 0x0000FF00);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_PKT3_RESET_FILTER_CAM), 0x00000004);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_RELEASE_MEM_DATA_SEL), 0xE0000000);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_RELEASE_MEM_INT_SEL), 0x07000000);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_RELEASE_MEM_GL2_WB), 0x00200000);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_ACQUIRE_MEM_GL2_WB), 0x00008000);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_INDIRECT_BUFFER_VALID), 0x00800000);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_INDIRECT_BUFFER_IB_SIZE), 0x000FFFFF);
    ck_assert_uint_eq(pm4_field_mask(PM4_F_DMA_DATA_BYTE_COUNT), 0x03FFFFFF);
    ck_assert_uint_eq(pm4_fields[PM4_F_RELEASE_MEM_DATA_SEL].dw, 2);
    ck_assert_uint_eq(pm4_fields[PM4_F_ACQUIRE_MEM_GLI_INV].dw, 7);
    ck_assert_uint_eq(pm4_nop_pad_header(), 0xFFFF1000);

    ck_assert_str_eq(pm4_enum_name(PM4_ENUMSET_DATA_SEL, 3), "SEND_GPU_CLOCK_COUNTER");
    ck_assert_ptr_null(pm4_enum_name(PM4_ENUMSET_DATA_SEL, 7));
    ck_assert_uint_eq(PM4_EVENT_TYPE_CS_PARTIAL_FLUSH, 7);
    ck_assert_uint_eq(PM4_EVENT_TYPE_CACHE_FLUSH_AND_INV_TS_EVENT, 20);

    ck_assert_int_eq(pm4_field_by_name(PM4_OWNER_REG, PM4_REG_COMPUTE_PGM_RSRC1, "WGP_MODE"),
                     PM4_F_COMPUTE_PGM_RSRC1_WGP_MODE);
    ck_assert_int_eq(pm4_field_by_name(PM4_OWNER_PKT, PM4_OP_RELEASE_MEM, "NOPE"), -1);

    /* Fields per owner: RSRC1 has 12 (VGPRS .. FWD_PROGRESS), DISPATCH_DIRECT
     * 4, the type-3 header 6; an owner the table lacks has none. */
    {
        unsigned first;

        ck_assert_uint_eq(pm4_owner_fields(PM4_OWNER_REG, PM4_REG_COMPUTE_PGM_RSRC1, &first), 12);
        ck_assert_uint_eq(first, PM4_F_COMPUTE_PGM_RSRC1_VGPRS);
        ck_assert_uint_eq(pm4_owner_fields(PM4_OWNER_PKT, PM4_OP_DISPATCH_DIRECT, &first), 4);
        ck_assert_uint_eq(first, PM4_F_DISPATCH_DIRECT_DIM_X);
        ck_assert_uint_eq(pm4_owner_fields(PM4_OWNER_HDR, PM4_HDR_PKT3, &first), 6);
        ck_assert_uint_eq(first, PM4_F_PKT3_TYPE);
        ck_assert_uint_eq(pm4_owner_fields(PM4_OWNER_PKT, 0xEE, &first), 0);
        ck_assert_uint_eq(pm4_owner_fields(PM4_OWNER_PKT, 256, &first), 0);
        ck_assert_uint_eq(pm4_owner_fields(PM4_OWNER_REG, PM4_REG_COUNT, &first), 0);
        ck_assert_uint_eq(pm4_owner_fields(PM4_OWNER_HDR, PM4_HDR_COUNT, &first), 0);
        /* ATOMIC_MEM is RAW: named, no fields */
        ck_assert_uint_eq(pm4_owner_fields(PM4_OWNER_PKT, PM4_OP_ATOMIC_MEM, &first), 0);
    }
}
END_TEST

START_TEST(table_invariants)
{
    char name[96];

    /* Registers: sorted, unique, inside their window. */
    for (int r = 0; r < PM4_REG_COUNT; r++) {
        const struct pm4_space_info *sp = &pm4_spaces[pm4_regs[r].space];

        if (r)
            ck_assert_msg(pm4_regs[r].abs_dw > pm4_regs[r - 1].abs_dw, "%s out of order",
                          pm4_regs[r].name);
        ck_assert_msg(pm4_regs[r].abs_dw >= sp->first_dw && pm4_regs[r].abs_dw < sp->end_dw,
                      "%s outside the %s window", pm4_regs[r].name, sp->name);
        ck_assert_int_eq(pm4_reg_by_dw(pm4_regs[r].abs_dw), r);
        ck_assert_int_eq(pm4_reg_by_name(pm4_regs[r].name), r);
    }
    /* Fields: sane bits, contiguous per owner, no overlap within a dword. */
    for (unsigned f = 0; f < PM4_FIELD_COUNT; f++) {
        const struct pm4_field_info *fi = &pm4_fields[f];
        unsigned first, n = pm4_owner_fields(fi->owner_kind, fi->owner, &first);

        pm4_field_fullname((enum pm4_field)f, name, sizeof(name));
        ck_assert_msg(fi->name && fi->lo <= fi->hi && fi->hi <= 31, "%s bits", name);
        ck_assert_msg(f >= first && f < first + n, "%s not contiguous with its owner", name);
        for (unsigned g = first; g < first + n; g++)
            if (g != f && pm4_fields[g].dw == fi->dw)
                ck_assert_msg(!(pm4_field_mask((enum pm4_field)f) & pm4_field_mask((enum pm4_field)g)),
                              "%s overlaps %s", name, pm4_fields[g].name);
        if (fi->owner_kind == PM4_OWNER_PKT) {
            const struct pm4_pkt_info *pi = pm4_pkt_info(fi->owner);
            ck_assert_ptr_nonnull(pi);
            ck_assert_msg(fi->dw >= 1 && fi->dw <= (pi->kind == PM4_BODY_DATA ? pi->body_min - 1u : pi->body_max),
                          "%s dword %u outside the body", name, fi->dw);
        } else {
            ck_assert_msg(fi->dw == 0, "%s: register/header fields are in dword 0", name);
        }
        if (fi->enumset != PM4_ENUMSET_NONE)
            for (uint32_t v = 0; v < 64; v++)
                if (pm4_enum_name(fi->enumset, v))
                    ck_assert_msg(pm4_fits((enum pm4_field)f, v), "%s: named value %u does not fit",
                                  name, v);
    }
    /* Packets: body ranges; REGS packets have REG_OFFSET in dw1. */
    for (unsigned op = 0; op < 256; op++) {
        const struct pm4_pkt_info *pi = pm4_pkt_info(op);
        if (!pi)
            continue;
        ck_assert_uint_eq(pi->opcode, op);
        ck_assert_msg(pi->body_min >= 1 && pi->body_min <= pi->body_max && pi->body_max <= 0x4000,
                      "%s body range", pi->name);
        if (pi->kind == PM4_BODY_REGS) {
            int f = pm4_field_by_name(PM4_OWNER_PKT, op, "REG_OFFSET");
            unsigned first;
            ck_assert_int_ge(f, 0);
            ck_assert_uint_eq(pm4_fields[f].dw, 1);
            ck_assert_uint_lt(pi->space, PM4_SPACE_COUNT);
            /* pm4_regs_first_dw reads the first field */
            ck_assert_uint_ge(pm4_owner_fields(PM4_OWNER_PKT, op, &first), 1);
            ck_assert_int_eq(first, f);
        }
    }
    /* SDMA: OP/SUB_OP first, unique (op, sub_op), count fields of their packet. */
    for (int p = 0; p < SDMA_PKT_COUNT; p++) {
        unsigned first, n = sdma_pkt_fields((enum sdma_pkt)p, &first);

        ck_assert_uint_ge(n, 2);
        ck_assert_str_eq(sdma_fields[first].name, "OP");
        ck_assert_uint_eq(sdma_field_mask((enum sdma_field)first), 0x000000FF);
        ck_assert_str_eq(sdma_fields[first + 1].name, "SUB_OP");
        ck_assert_uint_eq(sdma_field_mask((enum sdma_field)(first + 1)), 0x0000FF00);
        ck_assert_int_eq(sdma_pkt_lookup(sdma_pkts[p].op, sdma_pkts[p].sub_op), p);
        ck_assert_int_eq(sdma_pkt_by_name(sdma_pkts[p].name), p);
        if (sdma_pkts[p].count_field != SDMA_F_NONE)
            ck_assert_int_eq(sdma_fields[sdma_pkts[p].count_field].pkt, p);
        for (unsigned i = 0; i < n; i++)
            ck_assert(sdma_fields[first + i].lo <= sdma_fields[first + i].hi &&
                      sdma_fields[first + i].hi <= 31 && sdma_fields[first + i].dw < 8);
    }
    ck_assert_int_eq(sdma_pkt_lookup(13, 2), SDMA_PKT_TIMESTAMP_GET_GLOBAL);
    ck_assert_int_eq(sdma_pkt_lookup(13, 7), -1);
}
END_TEST

START_TEST(field_get_set)
{
    uint32_t dw = 0x12345678;

    /* RSRC2.LDS_SIZE [23:15]. */
    ck_assert_int_eq(pm4_set(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE, &dw, 0x1FF), 0);
    ck_assert_uint_eq(dw, 0x12FFD678);
    ck_assert_uint_eq(pm4_get(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE, dw), 0x1FF);
    ck_assert_int_eq(pm4_set(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE, &dw, 0x200), -ERANGE);
    ck_assert_uint_eq(dw, 0x12FFD678); /* unchanged */
    ck_assert_int_eq(pm4_set(PM4_F_COMPUTE_PGM_LO_DATA, &dw, 0x100000000ull), -ERANGE);
    ck_assert_int_eq(pm4_set(PM4_F_COMPUTE_PGM_LO_DATA, &dw, 0xFFFFFFFFull), 0);
    ck_assert_uint_eq(dw, 0xFFFFFFFF);
    ck_assert(pm4_fits(PM4_F_PKT3_SHADER_TYPE, 1));
    ck_assert(!pm4_fits(PM4_F_PKT3_SHADER_TYPE, 2));
    ck_assert_uint_eq(pm4_field_max(PM4_F_PKT3_COUNT), 0x3FFF);

    /* Packet getter reads the field's own dword. */
    {
        static const uint32_t pkt[] = {0xC0064900, 0x0070F514, 0x20000000, 0x10, 0x1, 0x55, 0, 0};
        ck_assert_uint_eq(pm4_pkt_get(PM4_F_RELEASE_MEM_EVENT_TYPE, pkt), 20);
        ck_assert_uint_eq(pm4_pkt_get(PM4_F_RELEASE_MEM_DATA_SEL, pkt), 1);
        ck_assert_uint_eq(pm4_pkt_get(PM4_F_RELEASE_MEM_DATA_LO, pkt), 0x55);
        ck_assert_uint_eq(pm4_pkt_get(PM4_F_PKT3_COUNT, pkt), 6);
    }
    dw = 0;
    ck_assert_int_eq(sdma_set(SDMA_F_POLL_REGMEM_FUNC, &dw, 8), -ERANGE);
    ck_assert_int_eq(sdma_set(SDMA_F_POLL_REGMEM_FUNC, &dw, 5), 0);
    ck_assert_uint_eq(dw, 0x50000000);
    ck_assert_uint_eq(sdma_get(SDMA_F_POLL_REGMEM_FUNC, dw), 5);
}
END_TEST

START_TEST(header_builder)
{
    uint32_t h = 0;

    ck_assert_int_eq(pm4_pkt3_header(0x76, 2, 1, &h), 0);
    ck_assert_uint_eq(h, 0xC0017602);
    ck_assert_int_eq(pm4_pkt3_header(0x49, 7, 0, &h), 0);
    ck_assert_uint_eq(h, 0xC0064900);
    ck_assert_int_eq(pm4_pkt3_header(0x49, 0, 0, &h), -ERANGE);
    ck_assert_int_eq(pm4_pkt3_header(0x49, 0x4001, 0, &h), -ERANGE);
    ck_assert_int_eq(pm4_pkt3_header(0x100, 1, 0, &h), -ERANGE);
    ck_assert_int_eq(pm4_pkt3_header(0x49, 1, 2, &h), -ERANGE);
    ck_assert_uint_eq(sdma_header(SDMA_PKT_TIMESTAMP_GET_GLOBAL), 0x0000020D);
}
END_TEST

/* ================================================================ encode */

START_TEST(enc_set_sh_reg)
{
    static const uint32_t pgm[] = {0x01000040, 0x00000000};
    static const uint32_t six[] = {0, 0, 0, 0x40, 1, 1};

    pm4_emit_set_sh_reg(&ib, PM4_REG_COMPUTE_PGM_RSRC1, 0x600C0041);
    pm4_emit_set_sh_regs(&ib, PM4_REG_COMPUTE_PGM_LO, pgm, 2);
    pm4_emit_set_sh_reg(&ib, PM4_REG_COMPUTE_PGM_RSRC3, 0x3F0);   /* libdrm gfx11 value */
    pm4_emit_set_sh_reg(&ib, PM4_REG_COMPUTE_USER_DATA_0, 0xCAFE);
    pm4_emit_set_sh_regs(&ib, PM4_REG_COMPUTE_START_X, six, 6);
    EXPECT(0xC0017602, 0x00000212, 0x600C0041,
           0xC0027602, 0x0000020C, 0x01000040, 0x00000000,
           0xC0017602, 0x00000228, 0x000003F0,
           0xC0017602, 0x00000240, 0x0000CAFE,
           0xC0067602, 0x00000204, 0, 0, 0, 0x40, 1, 1);
    ck_assert_uint_eq(pm4_set_sh_reg_dw(6), 8);
}
END_TEST

START_TEST(enc_set_sh_reg_index_and_uconfig)
{
    static const uint32_t ones[] = {0xFFFFFFFF, 0xFFFFFFFF};
    static const uint32_t scratch[] = {0x11, 0x22};

    pm4_emit_set_sh_reg_index(&ib, PM4_REG_COMPUTE_STATIC_THREAD_MGMT_SE0,
                              PM4_SH_INDEX_APPLY_KMD_CU_AND_MASK, ones, 2);
    pm4_emit_set_uconfig_regs(&ib, PM4_REG_SCRATCH_REG0, scratch, 2);
    pm4_emit_set_uconfig_regs(&ib, PM4_REG_GRBM_GFX_INDEX, &scratch[0], 1);
    /* libdrm write_cumask: SET_SH_REG_INDEX 0x30000216 {~0, ~0}. */
    EXPECT(0xC0029B02, 0x30000216, 0xFFFFFFFF, 0xFFFFFFFF,
           0xC0027900, 0x00000040, 0x00000011, 0x00000022,
           0xC0017900, 0x00000200, 0x00000011);
}
END_TEST

START_TEST(enc_dispatch_packets)
{
    pm4_emit_dispatch_direct(&ib, 4, 2, 1, 0x8045);
    pm4_emit_dispatch_indirect(&ib, 0x123456780ull, 0x8045);
    EXPECT(0xC0031502, 4, 2, 1, 0x00008045,
           0xC0021602, 0x23456780, 0x00000001, 0x00008045);
    ck_assert_uint_eq(pm4_dispatch_direct_dw(), 5);
    ck_assert_uint_eq(pm4_dispatch_indirect_dw(), 4);
}
END_TEST

START_TEST(enc_acquire_mem)
{
    pm4_emit_acquire_mem(&ib, PM4_CACHE_WB_INV);
    pm4_emit_acquire_mem(&ib, PM4_CACHE_INV);
    pm4_emit_acquire_mem(&ib, PM4_CACHE_WB);
    /* GCR_CNTL: everything = 0xC3F1 (tinygrad acquire_mem defaults);
     * INV = GLI_INV ALL | GLK_INV | GLV_INV | GL1_INV | GL2_INV = 0x4381;
     * WB = GLM_WB | GLM_INV | GLK_WB | GL2_WB = 0x8070. */
    EXPECT(0xC0065800, 0, 0xFFFFFFFF, 0x000000FF, 0, 0, 0x0000000A, 0x0000C3F1,
           0xC0065800, 0, 0xFFFFFFFF, 0x000000FF, 0, 0, 0x0000000A, 0x00004381,
           0xC0065800, 0, 0xFFFFFFFF, 0x000000FF, 0, 0, 0x0000000A, 0x00008070);
    ck_assert_uint_eq(pm4_acquire_mem_dw(), 8);
}
END_TEST

START_TEST(enc_release_mem)
{
    struct pm4_release_mem tg = {
        .event_type = PM4_EVENT_TYPE_CACHE_FLUSH_AND_INV_TS_EVENT, .cache = PM4_CACHE_WB_INV,
        .cache_policy = PM4_CACHE_POLICY_LRU, .data_sel = PM4_DATA_SEL_SEND_32_BIT_LOW,
        .int_sel = PM4_INT_SEL_NONE, .dst_va = 0x100000010ull, .data = 0x55};
    struct pm4_release_mem kern = {
        .event_type = PM4_EVENT_TYPE_CACHE_FLUSH_AND_INV_TS_EVENT, .cache = PM4_CACHE_WB,
        .cache_policy = PM4_CACHE_POLICY_BYPASS, .data_sel = PM4_DATA_SEL_SEND_64_BIT_DATA,
        .int_sel = PM4_INT_SEL_SEND_INTERRUPT_AFTER_WRITE_CONFIRM, .dst_va = 0x200000008ull,
        .data = 0x1122334455667788ull, .int_ctxid = 9};
    struct pm4_release_mem ts = {
        .event_type = PM4_EVENT_TYPE_BOTTOM_OF_PIPE_TS, .cache = PM4_CACHE_NONE,
        .data_sel = PM4_DATA_SEL_SEND_GPU_CLOCK_COUNTER, .dst_va = 0x3000};
    struct pm4_release_mem cs = {
        .event_type = PM4_EVENT_TYPE_CS_DONE, .cache = PM4_CACHE_INV, .data_sel = PM4_DATA_SEL_NONE};

    pm4_emit_release_mem(&ib, &tg);
    pm4_emit_release_mem(&ib, &kern);
    pm4_emit_release_mem(&ib, &ts);
    pm4_emit_release_mem(&ib, &cs);
    /* tinygrad's signal with cache flush: dw1 0x0070F514, dw2 0x20000000.
     * Linux gfx_v11_0_ring_emit_fence (64-bit, interrupt): dw1 0x06603514,
     * dw2 DATA_SEL 2 | INT_SEL 2 = 0x42000000.
     * Timestamp: BOTTOM_OF_PIPE_TS 0x28 | EOP 0x500; DATA_SEL 3 = 0x60000000.
     * CS_DONE 0x2F with SHADER_DONE index 6, INV = GLV|GL1|GL2_INV. */
    EXPECT(0xC0064900, 0x0070F514, 0x20000000, 0x00000010, 0x00000001, 0x00000055, 0, 0,
           0xC0064900, 0x06603514, 0x42000000, 0x00000008, 0x00000002, 0x55667788, 0x11223344, 9,
           0xC0064900, 0x00000528, 0x60000000, 0x00003000, 0, 0, 0, 0,
           0xC0064900, 0x0010C62F, 0x00000000, 0, 0, 0, 0, 0);
    ck_assert_uint_eq(pm4_release_mem_dw(), 8);
}
END_TEST

START_TEST(enc_event_write)
{
    pm4_emit_event_write(&ib, PM4_EVENT_TYPE_CS_PARTIAL_FLUSH, PM4_EVENT_INDEX_CS_PARTIAL_FLUSH);
    EXPECT(0xC0004600, 0x00000407);
    ck_assert_uint_eq(pm4_event_write_dw(), 2);
}
END_TEST

START_TEST(enc_write_data)
{
    static const uint32_t d[] = {0xAAAA5555, 0x12345678};

    pm4_emit_write_data(&ib, PM4_WD_DST_SEL_MEMORY, 0x100001000ull, d, 2, true);
    pm4_emit_write_data(&ib, PM4_WD_DST_SEL_MEM_MAPPED_REGISTER, 0xC040, d, 1, false);
    pm4_emit_write_data(&ib, PM4_WD_DST_SEL_TC_L2, 0x2004, &d[1], 1, false);
    EXPECT(0xC0043700, 0x00100500, 0x00001000, 0x00000001, 0xAAAA5555, 0x12345678,
           0xC0033700, 0x00000000, 0x0000C040, 0x00000000, 0xAAAA5555,
           0xC0033700, 0x00000200, 0x00002004, 0x00000000, 0x12345678);
    ck_assert_uint_eq(pm4_write_data_dw(2), 6);
}
END_TEST

START_TEST(enc_wait_reg_mem)
{
    pm4_emit_wait_reg_mem(&ib, PM4_MEM_SPACE_MEMORY, PM4_FUNCTION_EQ, 0x100002000ull, 1,
                          0xFFFFFFFF, 4);
    pm4_emit_wait_reg_mem(&ib, PM4_MEM_SPACE_REGISTER, PM4_FUNCTION_GE, 0xC041, 7, 0xFF, 10);
    EXPECT(0xC0053C00, 0x00000013, 0x00002000, 0x00000001, 0x00000001, 0xFFFFFFFF, 0x00000004,
           0xC0053C00, 0x00000005, 0x0000C041, 0x00000000, 0x00000007, 0x000000FF, 0x0000000A);
    ck_assert_uint_eq(pm4_wait_reg_mem_dw(), 7);
}
END_TEST

START_TEST(enc_copy_data)
{
    pm4_emit_copy_data(&ib, PM4_CD_SRC_SEL_GPU_CLOCK_COUNT, 0, PM4_CD_DST_SEL_MEMORY,
                       0x100003008ull, true, true);
    pm4_emit_copy_data(&ib, PM4_CD_SRC_SEL_MEM_MAPPED_REGISTER, 0xC042, PM4_CD_DST_SEL_TC_L2,
                       0x4000, false, false);
    pm4_emit_copy_data(&ib, PM4_CD_SRC_SEL_IMMEDIATE_DATA, 0xDEADBEEF,
                       PM4_CD_DST_SEL_MEM_MAPPED_REGISTER, 0xC043, false, false);
    EXPECT(0xC0044000, 0x00110509, 0, 0, 0x00003008, 0x00000001,
           0xC0044000, 0x00000200, 0x0000C042, 0, 0x00004000, 0,
           0xC0044000, 0x00000005, 0xDEADBEEF, 0, 0x0000C043, 0);
    ck_assert_uint_eq(pm4_copy_data_dw(), 6);
}
END_TEST

START_TEST(enc_dma_data)
{
    pm4_emit_dma_data(&ib, PM4_DMA_SRC_SEL_SRC_ADDR_USING_L2, 0x100000000ull,
                      PM4_DMA_DST_SEL_DST_ADDR_USING_L2, 0x200000040ull, 4096, true);
    pm4_emit_dma_data(&ib, PM4_DMA_SRC_SEL_DATA, 0x01020304, PM4_DMA_DST_SEL_DST_ADDR_USING_L2,
                      0x5000, 32764, false);
    EXPECT(0xC0055000, 0xE0300000, 0x00000000, 0x00000001, 0x00000040, 0x00000002, 0x00001000,
           0xC0055000, 0x40300000, 0x01020304, 0x00000000, 0x00005000, 0x00000000, 0x00007FFC);
    ck_assert_uint_eq(pm4_dma_data_dw(), 7);
}
END_TEST

START_TEST(enc_indirect_buffer_nop_pad)
{
    pm4_emit_indirect_buffer(&ib, 0x123456780ull, 0x40);
    pm4_emit_nop(&ib, 1);
    pm4_emit_nop(&ib, 3);
    pm4_ib_pad(&ib, 8);
    /* 4 + 1 + 3 = 8: already aligned, no pad. */
    EXPECT(0xC0023F00, 0x23456780, 0x00000001, 0x00800040,
           0xFFFF1000,
           0xC0011000, 0, 0);
    pm4_emit_nop(&ib, 1);
    pm4_ib_pad(&ib, 8);
    ck_assert_uint_eq(ib.cdw, 16);
    for (int i = 8; i < 16; i++)
        ck_assert_uint_eq(ib.buf[i], 0xFFFF1000);
    ck_assert_uint_eq(pm4_pad_dw(3, 8), 5);
    ck_assert_uint_eq(pm4_pad_dw(8, 8), 0);
    ck_assert_uint_eq(pm4_indirect_buffer_dw(), 4);
}
END_TEST

START_TEST(enc_chain)
{
    pm4_emit_event_write(&ib, PM4_EVENT_TYPE_CS_PARTIAL_FLUSH, PM4_EVENT_INDEX_CS_PARTIAL_FLUSH);
    ck_assert_uint_eq(pm4_chain_dw(2, 8), 6);
    ck_assert_int_eq(pm4_emit_chain(&ib, 0x10000ull, 0x20, 8), 0);
    /* 2 + 2 pad + 4 = 8: the chain packet ends the aligned IB. */
    EXPECT(0xC0004600, 0x00000407, 0xFFFF1000, 0xFFFF1000,
           0xC0023F00, 0x00010000, 0x00000000, 0x00900020);
    ck_assert(ib.sealed);
    expect_fail(pm4_emit_nop(&ib, 1), -EINVAL, 8, "chained INDIRECT_BUFFER");
}
END_TEST

START_TEST(enc_nop_sizes)
{
    pm4_emit_nop(&ib, 2);
    pm4_emit_nop(&ib, 0x4000);
    ck_assert_int_eq(ib.err, 0);
    ck_assert_uint_eq(ib.cdw, 2 + 0x4000);
    ck_assert_uint_eq(ib.buf[0], 0xC0001000);
    ck_assert_uint_eq(ib.buf[1], 0);
    ck_assert_uint_eq(ib.buf[2], 0xFFFE1000); /* COUNT 0x3FFE: 0x3FFF body dwords */
}
END_TEST

/* ================================================================ sdma encode */

START_TEST(enc_sdma)
{
    static const uint32_t one = 0xDEADBEEF;

    sdma_emit_copy_linear(&ib, 0x2000, 0x100001000ull, 0x100);
    sdma_emit_write_untiled(&ib, 0x3000, &one, 1);
    sdma_emit_constant_fill(&ib, 0x4000, 0x01020304, 256);
    sdma_emit_fence(&ib, 0x5000, 7);
    sdma_emit_trap(&ib, 0x42);
    sdma_emit_poll_regmem(&ib, 0x6000, 1, 0xFFFFFFFF, PM4_FUNCTION_EQ, 4, 0xFFF);
    sdma_emit_timestamp(&ib, 0x7000);
    sdma_emit_indirect(&ib, 0x8000, 16);
    sdma_emit_nop(&ib, 3);
    sdma_ib_pad(&ib, 8);
    /* Linux sdma_v6_0: copy COUNT = bytes - 1 with a zero parameter dword;
     * ring test WRITE_UNTILED COUNT 0; fence MTYPE UC (3 << 16);
     * POLL_REGMEM FUNC 3 MEM_POLL 1, RETRY 0xfff, INTERVAL 4.
     * CONSTANT_FILL FILLSIZE 2 (dword, Mesa). GET_GLOBAL = op 13 sub-op 2. */
    EXPECT(0x00000001, 0x000000FF, 0x00000000, 0x00001000, 0x00000001, 0x00002000, 0x00000000,
           0x00000002, 0x00003000, 0x00000000, 0x00000000, 0xDEADBEEF,
           0x8000000B, 0x00004000, 0x00000000, 0x01020304, 0x000000FF,
           0x00030005, 0x00005000, 0x00000000, 0x00000007,
           0x00000006, 0x00000042,
           0xB0000008, 0x00006000, 0x00000000, 0x00000001, 0xFFFFFFFF, 0x0FFF0004,
           0x0000020D, 0x00007000, 0x00000000,
           0x00000004, 0x00008000, 0x00000000, 0x00000010, 0x00000000, 0x00000000,
           0x00020000, 0x00000000, 0x00000000,
           0, 0, 0, 0, 0, 0, 0);                                   /* 41 -> 48 */
    ck_assert_uint_eq(sdma_copy_linear_dw(), 7);
    ck_assert_uint_eq(sdma_write_untiled_dw(1), 5);
    ck_assert_uint_eq(sdma_constant_fill_dw(), 5);
    ck_assert_uint_eq(sdma_fence_dw(), 4);
    ck_assert_uint_eq(sdma_trap_dw(), 2);
    ck_assert_uint_eq(sdma_poll_regmem_dw(), 6);
    ck_assert_uint_eq(sdma_timestamp_dw(), 3);
    ck_assert_uint_eq(sdma_indirect_dw(), 6);
}
END_TEST

START_TEST(sdma_refusals)
{
    static const uint32_t one = 1;

    expect_fail(sdma_emit_copy_linear(&ib, 0, 0, 0), -EINVAL, 0, "COPY_LINEAR of 0 bytes");
    pm4_ib_reset(&ib);
    expect_fail(sdma_emit_copy_linear(&ib, 0, 0, 0x40000000u), -EINVAL, 0, "1..1073741568");
    pm4_ib_reset(&ib);
    expect_fail(sdma_emit_write_untiled(&ib, 0x1002, &one, 1), -EINVAL, 0, "not 4-byte aligned");
    pm4_ib_reset(&ib);
    expect_fail(sdma_emit_constant_fill(&ib, 0x1000, 0, 6), -EINVAL, 0, "whole dwords");
    pm4_ib_reset(&ib);
    expect_fail(sdma_emit_trap(&ib, 0x10000000), -ERANGE, 0, "TRAP.INT_CONTEXT");
    pm4_ib_reset(&ib);
    expect_fail(sdma_emit_poll_regmem(&ib, 0x1000, 0, 0, 7, 4, 0xfff), -EINVAL, 0, "reserved");
    pm4_ib_reset(&ib);
    expect_fail(sdma_emit_poll_regmem(&ib, 0x1000, 0, 0, 3, 4, 0x1000), -ERANGE, 0,
                "POLL_REGMEM.RETRY_COUNT");
    pm4_ib_reset(&ib);
    expect_fail(sdma_emit_timestamp(&ib, 0x1004), -EINVAL, 0, "8-byte aligned");
    pm4_ib_reset(&ib);
    expect_fail(sdma_emit_indirect(&ib, 0x1010, 8), -EINVAL, 0, "32-byte aligned");
    pm4_ib_reset(&ib);
    expect_fail(sdma_emit_nop(&ib, 0), -EINVAL, 0, "NOP of 0 dwords");
}
END_TEST

/* ================================================================ limits */

START_TEST(refuse_register_runs)
{
    static const uint32_t v[2] = {1, 2};

    expect_fail(pm4_emit_set_sh_reg(&ib, PM4_REG_SCRATCH_REG0, 1), -EINVAL, 0,
                "SCRATCH_REG0 is a UCONFIG register, not SH");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_set_uconfig_regs(&ib, PM4_REG_COMPUTE_PGM_LO, v, 1), -EINVAL, 0,
                "is a SH register, not UCONFIG");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_set_sh_regs(&ib, PM4_REG_COMPUTE_USER_DATA_15, v, 2), -EINVAL, 0,
                "reaches 0x2e50, which is no SH register");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_set_sh_regs(&ib, PM4_REG_COMPUTE_REQ_CTRL, v, 2), -EINVAL, 0,
                "reaches 0x2e23");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_set_sh_regs(&ib, PM4_REG_COMPUTE_PGM_LO, v, 0), -EINVAL, 0, "no values");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_set_sh_regs(&ib, (enum pm4_reg)PM4_REG_COUNT, v, 1), -EINVAL, 0,
                "not in the table");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_set_sh_reg_index(&ib, PM4_REG_COMPUTE_STATIC_THREAD_MGMT_SE0, 16, v, 2),
                -ERANGE, 0, "SET_SH_REG_INDEX.INDEX: 0x10 does not fit its 4 bits");
}
END_TEST

START_TEST(refuse_packet_fields)
{
    struct pm4_release_mem rm = {.event_type = PM4_EVENT_TYPE_CACHE_FLUSH_AND_INV_TS_EVENT,
                                 .data_sel = PM4_DATA_SEL_SEND_64_BIT_DATA, .dst_va = 0x1004};
    static const uint32_t d = 1;

    expect_fail(pm4_emit_release_mem(&ib, &rm), -EINVAL, 0,
                "ADDR (64-bit data) 0x1004 is not 8-byte aligned");
    pm4_ib_reset(&ib);
    rm.data_sel = PM4_DATA_SEL_SEND_32_BIT_LOW;
    rm.data = 0x100000000ull;
    expect_fail(pm4_emit_release_mem(&ib, &rm), -ERANGE, 0, "no 32-bit value");
    pm4_ib_reset(&ib);
    rm.data = 1;
    rm.cache_policy = 4;
    expect_fail(pm4_emit_release_mem(&ib, &rm), -ERANGE, 0,
                "RELEASE_MEM.CACHE_POLICY: 0x4 does not fit its 2 bits (max 0x3)");
    pm4_ib_reset(&ib);
    rm.cache_policy = 0;
    rm.event_type = PM4_EVENT_TYPE_CS_PARTIAL_FLUSH;
    expect_fail(pm4_emit_release_mem(&ib, &rm), -EINVAL, 0, "no end-of-pipe");
    pm4_ib_reset(&ib);
    rm.event_type = PM4_EVENT_TYPE_BOTTOM_OF_PIPE_TS;
    rm.data_sel = 6;
    expect_fail(pm4_emit_release_mem(&ib, &rm), -EINVAL, 0, "DATA_SEL 6");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_event_write(&ib, 64, 0), -ERANGE, 0, "EVENT_WRITE.EVENT_TYPE: 0x40");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_acquire_mem(&ib, PM4_CACHE_NONE), -EINVAL, 0, "does nothing");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_wait_reg_mem(&ib, PM4_MEM_SPACE_MEMORY, 7, 0x1000, 0, 0, 1), -EINVAL, 0,
                "FUNCTION 7 is reserved");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_wait_reg_mem(&ib, PM4_MEM_SPACE_REGISTER, 3, 0x2E23, 0, 0, 1), -EINVAL, 0,
                "0x2e23 is no register");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_wait_reg_mem(&ib, PM4_MEM_SPACE_MEMORY, 3, 0x1000, 0, 0, 0x10000), -ERANGE,
                0, "WAIT_REG_MEM.POLL_INTERVAL");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_wait_reg_mem(&ib, 2, 3, 0x1000, 0, 0, 1), -EINVAL, 0, "MEM_SPACE 2");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_write_data(&ib, PM4_WD_DST_SEL_MEMORY, 0x1000, &d, 0, false), -EINVAL, 0,
                "no data");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_write_data(&ib, PM4_WD_DST_SEL_GDS, 0x1000, &d, 1, false), -EINVAL, 0,
                "DST_SEL 3");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_write_data(&ib, PM4_WD_DST_SEL_MEMORY, 0x1001, &d, 1, false), -EINVAL, 0,
                "not 4-byte aligned");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_copy_data(&ib, PM4_CD_SRC_SEL_IMMEDIATE_DATA, 0x100000000ull,
                                   PM4_CD_DST_SEL_MEMORY, 0x1000, false, false),
                -ERANGE, 0, "no 32-bit immediate");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_copy_data(&ib, PM4_CD_SRC_SEL_GPU_CLOCK_COUNT, 0, PM4_CD_DST_SEL_MEMORY,
                                   0x1004, true, false),
                -EINVAL, 0, "pm4: COPY_DATA: DST 0x1004 is not 8-byte aligned");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_copy_data(&ib, PM4_CD_SRC_SEL_GDS, 0, PM4_CD_DST_SEL_MEMORY, 0x1000,
                                   false, false),
                -EINVAL, 0, "SRC_SEL 3");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_dma_data(&ib, PM4_DMA_SRC_SEL_SRC_ADDR_USING_L2, 0,
                                  PM4_DMA_DST_SEL_DST_ADDR_USING_L2, 0, 32768, false),
                -EINVAL, 0, "32768 bytes");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_dma_data(&ib, PM4_DMA_SRC_SEL_DATA, 0, PM4_DMA_DST_SEL_DST_ADDR_USING_L2,
                                  0x1000, 6, false),
                -EINVAL, 0, "no whole dwords");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_dma_data(&ib, PM4_DMA_SRC_SEL_GDS, 0, PM4_DMA_DST_SEL_DST_ADDR_USING_L2,
                                  0x1000, 4, false),
                -EINVAL, 0, "SRC_SEL 1");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_indirect_buffer(&ib, 0x1000, 0x100000), -ERANGE, 0,
                "INDIRECT_BUFFER.IB_SIZE: 0x100000 does not fit its 20 bits");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_indirect_buffer(&ib, 0x1002, 8), -EINVAL, 0, "IB_BASE 0x1002");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_indirect_buffer(&ib, 0x1000, 0), -EINVAL, 0, "empty IB");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_dispatch_indirect(&ib, 0x1002, 0), -EINVAL, 0, "not 4-byte aligned");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_nop(&ib, 0), -EINVAL, 0, "NOP of 0 dwords");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_nop(&ib, 0x4001), -EINVAL, 0, "NOP of 16385 dwords");
    pm4_ib_reset(&ib);
    expect_fail(pm4_ib_pad(&ib, 6), -EINVAL, 0, "not a power of two");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_chain(&ib, 0x1000, 8, 0), -EINVAL, 0, "not a power of two");
}
END_TEST

START_TEST(sticky_error)
{
    pm4_emit_event_write(&ib, PM4_EVENT_TYPE_CS_PARTIAL_FLUSH, PM4_EVENT_INDEX_CS_PARTIAL_FLUSH);
    ck_assert_int_eq(pm4_emit_event_write(&ib, 99, 0), -ERANGE);
    /* Later emitters write nothing and report the first failure. */
    ck_assert_int_eq(pm4_emit_nop(&ib, 1), -ERANGE);
    ck_assert_int_eq(pm4_emit_indirect_buffer(&ib, 0x1002, 8), -ERANGE);
    ck_assert_uint_eq(ib.cdw, 2);
    ck_assert_str_eq(ib.errmsg, "pm4: EVENT_WRITE.EVENT_TYPE: 0x63 does not fit its 6 bits (max 0x3f)");
    amdpm4_clearerr();
    ck_assert_int_eq(pm4_ib_finish(&ib), -ERANGE);
    ck_assert_str_eq(amdpm4_last_error(), ib.errmsg);
    pm4_ib_reset(&ib);
    ck_assert_int_eq(pm4_ib_finish(&ib), 0);
    ck_assert_uint_eq(ib.cdw, 0);
}
END_TEST

START_TEST(fixed_buffer_bounds)
{
    uint32_t mem[6];
    struct pm4_ib f;

    memset(mem, 0xAB, sizeof(mem));
    pm4_ib_init_fixed(&f, mem, 5);
    ck_assert_int_eq(pm4_emit_event_write(&f, 7, 4), 0);
    ck_assert_int_eq(pm4_emit_event_write(&f, 7, 4), 0);
    ck_assert_int_eq(pm4_emit_event_write(&f, 7, 4), -ENOSPC);
    ck_assert_uint_eq(f.cdw, 4);
    ck_assert_str_eq(f.errmsg, "pm4: IB full: 4 + 2 dwords exceed its 5-dword limit");
    ck_assert_uint_eq(mem[4], 0xABABABAB); /* nothing past the packets that fit */
    ck_assert_uint_eq(mem[5], 0xABABABAB);
    pm4_ib_fini(&f); /* does not free caller memory */
}
END_TEST

START_TEST(growth_and_limit)
{
    struct pm4_ib g;

    ck_assert_int_eq(pm4_ib_init(&g, 0), 0);
    for (int i = 0; i < 1000; i++)
        pm4_emit_event_write(&g, 7, 4);
    ck_assert_int_eq(g.err, 0);
    ck_assert_uint_eq(g.cdw, 2000);
    ck_assert_uint_eq(g.buf[1998], 0xC0004600);
    ck_assert_uint_eq(g.buf[1999], 0x00000407);
    /* The IB stops at IB_SIZE's 20 bits. */
    for (int i = 0; i < 64 && !g.err; i++)
        pm4_emit_nop(&g, 0x4000);
    ck_assert_int_eq(g.err, -E2BIG);
    ck_assert_uint_le(g.cdw, PM4_IB_MAX_DW);
    ck_assert_uint_eq(PM4_IB_MAX_DW, 0xFFFFF);
    pm4_ib_fini(&g);
}
END_TEST

/* ================================================================ sequences */

static const uint32_t test_user_sgprs[2] = {0x12345678, 0x00000009};

static struct pm4_dispatch test_dispatch(void)
{
    return (struct pm4_dispatch){
        .kernel = {
            .code_va = 0x100004000ull,
            .rsrc1 = 0x600C0041,
            .rsrc2 = 0x00000084,        /* USER_SGPR 2, TGID_X_EN */
            .rsrc3 = 0x000003F0,
        },
        .launch = {
            .lds_bytes = 1000,          /* 2 granules of 512 bytes */
            .user_sgprs = test_user_sgprs,
            .num_user_sgprs = 2,
            .grid = {4, 2, 1},
            .block = {64, 1, 1},
            .last_block = {16, 0, 0},
        },
    };
}

/* The full sequence of test_dispatch(): what a launch from a reset state
 * writes (seq_dispatch_exact). */
#define TEST_FULL_DISPATCH                                                                \
    0xC0017602, 0x00000222, 0x00000000,                                   /* REQ_CTRL */  \
    0xC0047602, 0x00000224, 0, 0, 0, 0,                                   /* USER_ACCUM */\
    0xC0029B02, 0x30000216, 0xFFFFFFFF, 0xFFFFFFFF,                       /* SE0..1 */    \
    0xC0029B02, 0x30000219, 0xFFFFFFFF, 0xFFFFFFFF,                       /* SE2..3 */    \
    0xC0049B02, 0x3000022B, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, /* SE4..7 */  \
    0xC0027602, 0x0000020C, 0x01000040, 0x00000000,                       /* PGM_LO/HI */ \
    0xC0027602, 0x00000212, 0x600C0041, 0x00010084,                       /* RSRC1/2 */   \
    0xC0017602, 0x00000228, 0x000003F0,                                   /* RSRC3 */     \
    0xC0017602, 0x00000218, 0x00000000,                                   /* TMPRING */   \
    0xC0027602, 0x00000210, 0x00000000, 0x00000000,                       /* SCRATCH */   \
    0xC0037602, 0x0000021B, 0, 0, 0,                                      /* RESTART */   \
    0xC0027602, 0x00000240, 0x12345678, 0x00000009,                       /* USER_DATA */ \
    0xC0017602, 0x00000215, 0x00000000,                                   /* LIMITS */    \
    0xC0067602, 0x00000204, 0, 0, 0, 0x00100040, 0x00010001, 0x00010001,  /* START, NT */ \
    0xC0031502, 0x00000004, 0x00000002, 0x00000001, 0x00008047            /* DISPATCH */

START_TEST(seq_dispatch_exact)
{
    struct pm4_dispatch d = test_dispatch();

    ck_assert_int_eq(pm4_emit_dispatch(&ib, &d), 0);
    EXPECT(TEST_FULL_DISPATCH);
    ck_assert_uint_eq(pm4_dispatch_dw(&d), ib.cdw);
}
END_TEST

START_TEST(seq_dispatch_variants)
{
    struct pm4_dispatch d = test_dispatch();

    /* Full last workgroups: no PARTIAL_TG_EN, NUM_THREAD_PARTIAL 0. */
    d.launch.last_block[0] = 64;
    d.launch.num_user_sgprs = 0;
    d.kernel.rsrc2 = 0x00000080;
    d.launch.lds_bytes = 0;
    d.kernel.tmpring_size = 0x00001004;     /* 4 waves, 1 * 256 bytes */
    d.kernel.scratch_va = 0x7F00000100ull;
    d.kernel.rsrc2 |= 1;                    /* SCRATCH_EN */
    ck_assert_int_eq(pm4_emit_dispatch(&ib, &d), 0);
    ck_assert_uint_eq(ib.cdw, pm4_dispatch_dw(&d));
    ck_assert_uint_eq(ib.cdw, 62);          /* no USER_DATA packet */
    ck_assert_uint_eq(ib.buf[61], 0x00008045);
    ck_assert_uint_eq(ib.buf[54], 0x00000040);
    ck_assert_uint_eq(ib.buf[55], 0x00000001);
    ck_assert_uint_eq(ib.buf[30], 0x00000081); /* RSRC2 unchanged: no LDS */
    ck_assert_uint_eq(ib.buf[36], 0x00001004); /* TMPRING_SIZE */
    ck_assert_uint_eq(ib.buf[39], 0x7F000001); /* scratch >> 8 */
    ck_assert_uint_eq(ib.buf[40], 0x00000000);
    ck_assert_uint_eq(pm4_dispatch_initiator(false), 0x8045);
    ck_assert_uint_eq(pm4_dispatch_initiator(true), 0x8047);

    /* LDS already in RSRC2 and larger than asked: kept. */
    pm4_ib_reset(&ib);
    d = test_dispatch();
    d.kernel.rsrc2 |= 4u << 15;
    ck_assert_int_eq(pm4_emit_dispatch(&ib, &d), 0);
    ck_assert_uint_eq(ib.buf[30], 0x00020084);
    /* 64 KiB of LDS = 128 granules. */
    pm4_ib_reset(&ib);
    d = test_dispatch();
    d.launch.lds_bytes = 65536;
    ck_assert_int_eq(pm4_emit_dispatch(&ib, &d), 0);
    ck_assert_uint_eq(ib.buf[30], 0x00400084);
}
END_TEST

static void expect_dispatch_refused(struct pm4_dispatch *d, const char *what)
{
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_dispatch(&ib, d), -EINVAL, 0, what);
    ck_assert_uint_eq(pm4_dispatch_dw(d), 0);
}

START_TEST(seq_dispatch_refusals)
{
    struct pm4_dispatch d;
    uint32_t many[17] = {0};

    d = test_dispatch(); d.launch.grid[1] = 0;
    expect_dispatch_refused(&d, "dispatch refused: grid 4×0×1 has a zero dimension");
    d = test_dispatch(); d.launch.block[0] = 32; d.launch.block[1] = 32; d.launch.block[2] = 2;
    d.launch.last_block[0] = 0;
    expect_dispatch_refused(&d, "block 32×32×2 = 2048 work-items, more than 1024");
    d = test_dispatch(); d.launch.block[0] = 1025; d.launch.last_block[0] = 0;
    expect_dispatch_refused(&d, "1025×1×1 = 1025 work-items");
    d = test_dispatch(); d.launch.block[2] = 0;
    expect_dispatch_refused(&d, "dimension Z must be 1..1024");
    d = test_dispatch(); d.launch.block[0] = 70000; d.launch.last_block[0] = 0;
    expect_dispatch_refused(&d, "dimension X must be 1..1024");
    d = test_dispatch(); d.kernel.code_va = 0x100004080ull;
    expect_dispatch_refused(&d, "code VA 0x100004080 is not 256-byte aligned");
    d = test_dispatch(); d.kernel.code_va = 0x1000000000000ull;
    expect_dispatch_refused(&d, "code VA 0x1000000000000 is above 2^48");
    d = test_dispatch(); d.launch.user_sgprs = many; d.launch.num_user_sgprs = 17;
    expect_dispatch_refused(&d, "17 user SGPRs, at most 16");
    d = test_dispatch(); d.launch.num_user_sgprs = 3;
    expect_dispatch_refused(&d, "RSRC2.USER_SGPR says 2 user SGPRs, 3 values given");
    d = test_dispatch(); d.launch.user_sgprs = NULL;
    expect_dispatch_refused(&d, "2 user SGPRs but no values");
    d = test_dispatch(); d.launch.lds_bytes = 65537;
    expect_dispatch_refused(&d, "65537 bytes of LDS, more than 65536");
    d = test_dispatch(); d.kernel.rsrc2 |= 0x1FFu << 15;
    expect_dispatch_refused(&d, "RSRC2.LDS_SIZE 511 asks for more than 65536 bytes");
    d = test_dispatch(); d.kernel.rsrc2 |= 1;
    expect_dispatch_refused(&d, "uses scratch (RSRC2.SCRATCH_EN) but no scratch base");
    d = test_dispatch(); d.kernel.scratch_va = 0x1080;
    expect_dispatch_refused(&d, "scratch VA 0x1080 is not 256-byte aligned");
    d = test_dispatch(); d.launch.last_block[0] = 65;
    expect_dispatch_refused(&d, "last workgroup of 65 work-items in X exceeds the block's 64");
    expect_dispatch_refused(NULL, "no dispatch");
}
END_TEST

/* A kernel's register block (code below 2^40, no scratch), written out. */
#define TEST_KERNEL_BLOCK(pgm_lo, rsrc1, rsrc2, rsrc3)                                  \
    0xC0027602, 0x0000020C, (pgm_lo), 0x00000000,                   /* PGM_LO/HI */      \
    0xC0027602, 0x00000212, (rsrc1), (rsrc2),                       /* RSRC1/2 */        \
    0xC0017602, 0x00000228, (rsrc3),                                /* RSRC3 */          \
    0xC0017602, 0x00000218, 0x00000000,                             /* TMPRING_SIZE */   \
    0xC0027602, 0x00000210, 0x00000000, 0x00000000                  /* SCRATCH_BASE */

/* The stream's dwords from `from` on are exactly the list. */
#define EXPECT_FROM(from, ...)                                                     \
    do {                                                                           \
        static const uint32_t exp_[] = {__VA_ARGS__};                              \
        ck_assert_msg(ib.err == 0, "stream failed: %s", ib.errmsg);                \
        ck_assert_uint_eq(ib.cdw, (from) + N(exp_));                               \
        for (size_t i_ = 0; i_ < N(exp_); i_++)                                    \
            ck_assert_msg(ib.buf[(from) + i_] == exp_[i_],                         \
                          "dword %zu: 0x%08x, expected 0x%08x", (size_t)(from) + i_, \
                          ib.buf[(from) + i_], exp_[i_]);                          \
    } while (0)

/* (a) Dispatches of one kernel in one IB: the first writes everything, the
 * next ones only the user SGPRs, NUM_THREAD and RSRC2 that change. */
START_TEST(seq_launch_batch)
{
    struct pm4_dispatch d = test_dispatch();
    static const uint32_t user2[2] = {0x12345678, 0x0000000A};
    struct pm4_kernel_regs kr;
    struct pm4_dispatch_state st;
    struct pm4_launch l = d.launch;
    size_t at;

    ck_assert_int_eq(pm4_kernel_regs_init(&kr, &d.kernel, NULL, 0), 0);
    ck_assert_uint_eq(kr.full_dw, pm4_dispatch_dw(&d));
    ck_assert_uint_eq(kr.num_user_sgprs, 2);
    pm4_dispatch_state_reset(&st);
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &kr, &l), 0);
    l.user_sgprs = user2;           /* s1 changes */
    l.grid[0] = 8;
    l.grid[1] = 1;
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &kr, &l), 0);
    EXPECT(TEST_FULL_DISPATCH,
           0xC0017602, 0x00000241, 0x0000000A,                  /* USER_DATA_1 */
           0xC0031502, 0x00000008, 0x00000001, 0x00000001, 0x00008047);

    /* the same again: DISPATCH_DIRECT alone */
    at = ib.cdw;
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &kr, &l), 0);
    EXPECT_FROM(at, 0xC0031502, 0x00000008, 0x00000001, 0x00000001, 0x00008047);

    /* another block, full last workgroups: NUM_THREAD_X..Z, no PARTIAL_TG_EN */
    at = ib.cdw;
    l.block[0] = 32;
    l.block[1] = 2;
    l.last_block[0] = 0;
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &kr, &l), 0);
    EXPECT_FROM(at, 0xC0037602, 0x00000207, 0x00000020, 0x00000002, 0x00000001,
                0xC0031502, 0x00000008, 0x00000001, 0x00000001, 0x00008045);

    /* more LDS (4 KiB = 8 granules): the kernel block again, RSRC2 patched */
    at = ib.cdw;
    l.lds_bytes = 4096;
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &kr, &l), 0);
    EXPECT_FROM(at, TEST_KERNEL_BLOCK(0x01000040, 0x600C0041, 0x00040084, 0x000003F0),
                0xC0031502, 0x00000008, 0x00000001, 0x00000001, 0x00008045);
    /* the block it was built from is unchanged */
    ck_assert_uint_eq(kr.block[kr.rsrc2_dw], 0x00000084);
}
END_TEST

/* (b) A kernel switch writes the other kernel's block (and the user SGPRs
 * that differ), even with the same RSRC2; switching back writes the first
 * one's again. */
START_TEST(seq_launch_kernel_switch)
{
    struct pm4_dispatch a = test_dispatch();
    struct pm4_kernel_desc kb = {
        .code_va = 0x100008000ull,
        .rsrc1 = 0x600C0082,
        .rsrc2 = 0x00000084,        /* as kernel a's: USER_SGPR 2, TGID_X_EN */
    };
    static const uint32_t user_b[2] = {0x12345678, 0x00000077};
    struct pm4_kernel_regs kra, krb;
    struct pm4_dispatch_state st;
    struct pm4_launch lb = a.launch;
    size_t at;

    ck_assert_int_eq(pm4_kernel_regs_init(&kra, &a.kernel, NULL, 0), 0);
    ck_assert_int_eq(pm4_kernel_regs_init(&krb, &kb, NULL, 0), 0);
    ck_assert_uint_ne(kra.id, krb.id);
    lb.user_sgprs = user_b;
    pm4_dispatch_state_reset(&st);
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &kra, &a.launch), 0);
    at = ib.cdw;
    ck_assert_uint_eq(at, pm4_dispatch_dw(&a));
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &krb, &lb), 0);
    EXPECT_FROM(at, TEST_KERNEL_BLOCK(0x01000080, 0x600C0082, 0x00010084, 0), /* LDS 2 */
                0xC0017602, 0x00000241, 0x00000077,                   /* USER_DATA_1 */
                0xC0031502, 0x00000004, 0x00000002, 0x00000001, 0x00008047);
    at = ib.cdw;
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &kra, &a.launch), 0);
    EXPECT_FROM(at, TEST_KERNEL_BLOCK(0x01000040, 0x600C0041, 0x00010084, 0x000003F0),
                0xC0017602, 0x00000241, 0x00000009,
                0xC0031502, 0x00000004, 0x00000002, 0x00000001, 0x00008047);
    /* a kernel of more user SGPRs: only those beyond the registers' values */
    {
        static const uint32_t user_c[3] = {0x12345678, 0x00000009, 0x00000055};
        struct pm4_launch lc = a.launch;

        kb.rsrc2 = 0x00000086;      /* USER_SGPR 3 */
        ck_assert_int_eq(pm4_kernel_regs_init(&krb, &kb, NULL, 0), 0);
        lc.user_sgprs = user_c;
        lc.num_user_sgprs = 3;
        at = ib.cdw;
        ck_assert_int_eq(pm4_emit_launch(&ib, &st, &krb, &lc), 0);
        EXPECT_FROM(at, TEST_KERNEL_BLOCK(0x01000080, 0x600C0082, 0x00010086, 0),
                    0xC0017602, 0x00000242, 0x00000055,
                    0xC0031502, 0x00000004, 0x00000002, 0x00000001, 0x00008047);
    }
}
END_TEST

/* (c) A reset state (a new IB or submission) writes everything again; a
 * refused launch, or one the stream has no room for, leaves the state as
 * it was. */
START_TEST(seq_launch_state_reset_and_refusals)
{
    struct pm4_dispatch d = test_dispatch();
    struct pm4_kernel_regs kr;
    struct pm4_dispatch_state st;
    struct pm4_launch bad = d.launch;
    uint32_t small[8];
    struct pm4_ib tiny;
    char why[160];

    ck_assert_int_eq(pm4_kernel_regs_init(&kr, &d.kernel, why, sizeof(why)), 0);
    pm4_dispatch_state_reset(&st);
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &kr, &d.launch), 0);
    pm4_ib_reset(&ib);
    pm4_dispatch_state_reset(&st);
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &kr, &d.launch), 0);
    EXPECT(TEST_FULL_DISPATCH);

    /* refused: nothing written, the state as it was (the next launch is
     * DISPATCH_DIRECT alone) */
    bad.grid[2] = 0;
    expect_fail(pm4_emit_launch(&ib, &st, &kr, &bad), -EINVAL, ib.cdw,
                "dispatch refused: grid 4×2×0 has a zero dimension");
    pm4_ib_reset(&ib);
    bad = d.launch;
    bad.num_user_sgprs = 1;
    expect_fail(pm4_emit_launch(&ib, &st, &kr, &bad), -EINVAL, 0,
                "RSRC2.USER_SGPR says 2 user SGPRs, 1 values given");
    pm4_ib_reset(&ib);
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &kr, &d.launch), 0);
    EXPECT(0xC0031502, 0x00000004, 0x00000002, 0x00000001, 0x00008047);

    /* no room: -ENOSPC, and a state that still knows only what was written */
    pm4_dispatch_state_reset(&st);
    pm4_ib_init_fixed(&tiny, small, N(small));
    ck_assert_int_eq(pm4_emit_launch(&tiny, &st, &kr, &d.launch), -ENOSPC);
    ck_assert(!st.fixed_set && st.kernel_id == 0 && st.user_sgprs_set == 0 && !st.threads_set);
    pm4_ib_reset(&ib);
    ck_assert_int_eq(pm4_emit_launch(&ib, &st, &kr, &d.launch), 0);
    EXPECT(TEST_FULL_DISPATCH);

    /* the kernel's part is refused once, at init, with the reason */
    d.kernel.code_va += 0x80;
    ck_assert_int_eq(pm4_kernel_regs_init(&kr, &d.kernel, why, sizeof(why)), -EINVAL);
    ck_assert_str_eq(why, "code VA 0x100004080 is not 256-byte aligned");
    d = test_dispatch();
    d.kernel.rsrc2 |= 17u << 1;     /* USER_SGPR 19 */
    ck_assert_int_eq(pm4_kernel_regs_init(&kr, &d.kernel, why, sizeof(why)), -EINVAL);
    ck_assert_str_eq(why, "RSRC2.USER_SGPR asks for 19 user SGPRs, at most 16 "
                     "(COMPUTE_USER_DATA_0..15)");
    ck_assert_int_eq(pm4_kernel_regs_init(&kr, &d.kernel, NULL, 0), -EINVAL);
}
END_TEST

START_TEST(seq_barrier_fence)
{
    struct pm4_fence f32 = {.va = 0x100000100ull, .value = 7};
    struct pm4_fence f64 = {.va = 0x100000108ull, .value = 0x1122334455667788ull, .value_64 = true,
                            .timestamp_va = 0x100000200ull};

    pm4_emit_barrier(&ib);
    pm4_emit_fence(&ib, &f32);
    pm4_emit_fence(&ib, &f64);
    EXPECT(0xC0004600, 0x00000407,
           0xC0065800, 0, 0xFFFFFFFF, 0x000000FF, 0, 0, 0x0000000A, 0x0000C3F1,
           0xC0064900, 0x06603514, 0x20000000, 0x00000100, 0x00000001, 7, 0, 0,
           0xC0064900, 0x00000528, 0x60000000, 0x00000200, 0x00000001, 0, 0, 0,
           0xC0064900, 0x06603514, 0x40000000, 0x00000108, 0x00000001, 0x55667788, 0x11223344, 0);
    ck_assert_uint_eq(pm4_barrier_dw(), 10);
    ck_assert_uint_eq(pm4_fence_dw(&f32), 8);
    ck_assert_uint_eq(pm4_fence_dw(&f64), 16);

    pm4_ib_reset(&ib);
    f64.timestamp_va = 0x100000204ull;
    expect_fail(pm4_emit_fence(&ib, &f64), -EINVAL, 0, "0x100000204 is not 8-byte aligned");
    pm4_ib_reset(&ib);
    expect_fail(pm4_emit_fence(&ib, NULL), -EINVAL, 0, "no fence");
}
END_TEST

/* ================================================================ round trips */

/* Parse the single packet at s[0..n) and check its size and opcode. */
static const uint32_t *parsed(const uint32_t *s, size_t n, unsigned opcode, size_t total)
{
    struct pm4_packet p;
    char why[200];

    ck_assert_msg(pm4_packet_parse(s, n, &p, why, sizeof(why)) == 0, "parse: %s", why);
    ck_assert_uint_eq(p.opcode, opcode);
    ck_assert_uint_eq(p.total_dw, total);
    return s;
}

START_TEST(roundtrip_every_packet)
{
    static const uint32_t vals[3] = {0xA, 0xB, 0xC}, data[2] = {0x5, 0x6};
    struct pm4_release_mem rm = {.event_type = PM4_EVENT_TYPE_BOTTOM_OF_PIPE_TS,
                                 .cache = PM4_CACHE_WB, .cache_policy = PM4_CACHE_POLICY_STREAM,
                                 .data_sel = PM4_DATA_SEL_SEND_64_BIT_DATA,
                                 .int_sel = PM4_INT_SEL_SEND_DATA_AFTER_WRITE_CONFIRM,
                                 .dst_va = 0xABCD00001238ull, .data = 0xFEDCBA9876543210ull,
                                 .int_ctxid = 0x77};
    const uint32_t *p;
    size_t at;

    at = ib.cdw; pm4_emit_set_sh_regs(&ib, PM4_REG_COMPUTE_RESTART_X, vals, 3);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_SET_SH_REG, pm4_set_sh_reg_dw(3));
    {
        struct pm4_packet pk;
        pm4_packet_parse(p, 5, &pk, NULL, 0);
        ck_assert_uint_eq(pm4_regs_first_dw(&pk, p), PM4_DW_COMPUTE_RESTART_X);
        ck_assert(pk.shader_type);
        ck_assert_uint_eq(p[2], 0xA);
        ck_assert_uint_eq(p[4], 0xC);
    }
    at = ib.cdw; pm4_emit_set_sh_reg_index(&ib, PM4_REG_COMPUTE_STATIC_THREAD_MGMT_SE4, 1, vals, 3);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_SET_SH_REG_INDEX, 5);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_SET_SH_REG_INDEX_INDEX, p), 1);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_SET_SH_REG_INDEX_REG_OFFSET, p), 0x22B);
    at = ib.cdw; pm4_emit_set_uconfig_regs(&ib, PM4_REG_SCRATCH_REG5, vals, 3);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_SET_UCONFIG_REG, 5);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_SET_UCONFIG_REG_REG_OFFSET, p) + PM4_UCONFIG_FIRST_DW,
                      PM4_DW_SCRATCH_REG5);
    at = ib.cdw; pm4_emit_dispatch_direct(&ib, 7, 8, 9, 0x8047);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_DISPATCH_DIRECT, 5);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_DISPATCH_DIRECT_DIM_X, p), 7);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_DISPATCH_DIRECT_DIM_Z, p), 9);
    ck_assert_uint_eq(pm4_get(PM4_F_COMPUTE_DISPATCH_INITIATOR_PARTIAL_TG_EN,
                              pm4_pkt_get(PM4_F_DISPATCH_DIRECT_DISPATCH_INITIATOR, p)), 1);
    at = ib.cdw; pm4_emit_dispatch_indirect(&ib, 0xFFFF00000010ull, 0x8045);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_DISPATCH_INDIRECT, 4);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_DISPATCH_INDIRECT_ADDR_HI, p), 0xFFFF);
    at = ib.cdw; pm4_emit_acquire_mem(&ib, PM4_CACHE_INV);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_ACQUIRE_MEM, 8);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_ACQUIRE_MEM_GLI_INV, p), PM4_GCR_GLI_INV_ALL);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_ACQUIRE_MEM_GL2_WB, p), 0);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_ACQUIRE_MEM_GL2_INV, p), 1);
    at = ib.cdw; pm4_emit_release_mem(&ib, &rm);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_RELEASE_MEM, 8);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_RELEASE_MEM_EVENT_TYPE, p), rm.event_type);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_RELEASE_MEM_CACHE_POLICY, p), rm.cache_policy);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_RELEASE_MEM_DATA_SEL, p), rm.data_sel);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_RELEASE_MEM_INT_SEL, p), rm.int_sel);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_RELEASE_MEM_ADDR_LO, p) |
                      (uint64_t)pm4_pkt_get(PM4_F_RELEASE_MEM_ADDR_HI, p) << 32, rm.dst_va);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_RELEASE_MEM_DATA_LO, p) |
                      (uint64_t)pm4_pkt_get(PM4_F_RELEASE_MEM_DATA_HI, p) << 32, rm.data);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_RELEASE_MEM_INT_CTXID, p), 0x77);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_RELEASE_MEM_GL2_WB, p), 1);
    at = ib.cdw; pm4_emit_event_write(&ib, PM4_EVENT_TYPE_CS_PARTIAL_FLUSH, 4);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_EVENT_WRITE, 2);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_EVENT_WRITE_EVENT_INDEX, p), 4);
    at = ib.cdw; pm4_emit_write_data(&ib, PM4_WD_DST_SEL_MEMORY, 0x1234567890ull, data, 2, true);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_WRITE_DATA, 6);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_WRITE_DATA_DST_ADDR_LO, p), 0x34567890);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_WRITE_DATA_WR_CONFIRM, p), 1);
    ck_assert_uint_eq(p[5], 6);
    at = ib.cdw; pm4_emit_wait_reg_mem(&ib, PM4_MEM_SPACE_MEMORY, PM4_FUNCTION_NE, 0x40, 3, 0xF0, 99);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_WAIT_REG_MEM, 7);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_WAIT_REG_MEM_FUNCTION, p), PM4_FUNCTION_NE);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_WAIT_REG_MEM_MASK, p), 0xF0);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_WAIT_REG_MEM_POLL_INTERVAL, p), 99);
    at = ib.cdw; pm4_emit_copy_data(&ib, PM4_CD_SRC_SEL_SYSTEM_CLOCK_COUNT, 0, PM4_CD_DST_SEL_TC_L2,
                                    0x88, true, false);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_COPY_DATA, 6);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_COPY_DATA_SRC_SEL, p), PM4_CD_SRC_SEL_SYSTEM_CLOCK_COUNT);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_COPY_DATA_COUNT_SEL, p), PM4_COUNT_SEL_BITS_64);
    at = ib.cdw; pm4_emit_dma_data(&ib, PM4_DMA_SRC_SEL_SRC_ADDR_USING_SAS, 0x10, PM4_DMA_DST_SEL_DST_NOWHERE,
                                   0x20, 100, false);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_DMA_DATA, 7);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_DMA_DATA_BYTE_COUNT, p), 100);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_DMA_DATA_DST_SEL, p), PM4_DMA_DST_SEL_DST_NOWHERE);
    at = ib.cdw; pm4_emit_indirect_buffer(&ib, 0x7000, 0xFFFFF);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_INDIRECT_BUFFER, 4);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_INDIRECT_BUFFER_IB_SIZE, p), 0xFFFFF);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_INDIRECT_BUFFER_CHAIN, p), 0);
    at = ib.cdw; pm4_emit_nop(&ib, 5);
    parsed(ib.buf + at, ib.cdw - at, PM4_OP_NOP, 5);
    at = ib.cdw; pm4_emit_nop(&ib, 1);
    parsed(ib.buf + at, ib.cdw - at, PM4_OP_NOP, 1);
    at = ib.cdw; pm4_emit_chain(&ib, 0x9000, 12, 1);
    p = parsed(ib.buf + at, ib.cdw - at, PM4_OP_INDIRECT_BUFFER, 4);
    ck_assert_uint_eq(pm4_pkt_get(PM4_F_INDIRECT_BUFFER_CHAIN, p), 1);
    ck_assert_int_eq(ib.err, 0);

    /* The whole stream decodes without a problem, every packet named. */
    {
        struct pm4_decode_stats st = decode(ib.buf, ib.cdw, NULL, false);
        ck_assert_uint_eq(st.errors, 0);
        ck_assert_uint_eq(st.packets, 16);
        ck_assert_uint_eq(st.dwords, ib.cdw);
        expect_text_has("COMPUTE_RESTART_Z (0x2e1d) <- 0x0000000c\n");
        expect_text_has("SCRATCH_REG7 (0xc047) <- 0x0000000c\n");
        expect_text_has("            INT_SEL = SEND_DATA_AFTER_WRITE_CONFIRM (3)\n");
        expect_text_has("            DATA_HI = 4275878552 (0xfedcba98)\n");
        expect_text_has("            CHAIN = 1\n");
    }
}
END_TEST

START_TEST(roundtrip_sdma)
{
    static const uint32_t data[3] = {1, 2, 3};
    struct sdma_packet p;
    struct pm4_decode_stats st;

    sdma_emit_write_untiled(&ib, 0x10000, data, 3);
    ck_assert_int_eq(sdma_packet_parse(ib.buf, ib.cdw, &p, NULL, 0), 0);
    ck_assert_int_eq(p.pkt, SDMA_PKT_WRITE_UNTILED);
    ck_assert_uint_eq(p.total_dw, sdma_write_untiled_dw(3));
    ck_assert_uint_eq(sdma_pkt_get(SDMA_F_WRITE_UNTILED_COUNT, ib.buf), 2);
    sdma_emit_copy_linear(&ib, 0xA000, 0xB000, 12345);
    ck_assert_int_eq(sdma_packet_parse(ib.buf + 7, ib.cdw - 7, &p, NULL, 0), 0);
    ck_assert_uint_eq(sdma_pkt_get(SDMA_F_COPY_LINEAR_COUNT, ib.buf + 7), 12344);
    sdma_ib_pad(&ib, 8);
    st = decode(ib.buf, ib.cdw, NULL, true);
    ck_assert_uint_eq(st.errors, 0);
    ck_assert_uint_eq(st.packets, 4);
    expect_text_has("0007: 00000001  COPY_LINEAR (7 dw)\n");
    expect_text_has("            COUNT = 12344 (0x3038)\n");
    expect_text_has("        data[2] 00000003\n");
    expect_text_has("000e: 00000000  NOP (1 dw)\n");
}
END_TEST

/* ================================================================ decode */

START_TEST(decode_exact_text)
{
    static const uint32_t s[] = {
        0xC0004600, 0x00000407,                          /* EVENT_WRITE CS_PARTIAL_FLUSH */
        0xC0017900, 0x00000200, 0xE0000001,              /* SET_UCONFIG_REG GRBM_GFX_INDEX */
        0xC0001000, 0x0BAD0BAD,                          /* NOP, 1 ignored dword */
        0xFFFF1000,                                      /* one-dword NOP */
        0xC0017603, 0x00000215, 0x00400000,              /* SET_SH_REG, predicated, RESOURCE_LIMITS */
    };
    struct pm4_decode_stats st = decode(s, N(s), NULL, false);

    ck_assert_str_eq(text,
                     "0000: c0004600  EVENT_WRITE count=0 (2 dw)\n"
                     "        dw1 00000407\n"
                     "            EVENT_TYPE = CS_PARTIAL_FLUSH (7)\n"
                     "            EVENT_INDEX = CS_PARTIAL_FLUSH (4)\n"
                     "0002: c0017900  SET_UCONFIG_REG count=1 (3 dw)\n"
                     "        dw1 00000200\n"
                     "            REG_OFFSET = 512 (0x200)\n"
                     "        GRBM_GFX_INDEX (0xc200) <- 0xe0000001\n"
                     "            INSTANCE_INDEX = 1\n"
                     "            SA_INDEX = 0\n"
                     "            SE_INDEX = 0\n"
                     "            SA_BROADCAST_WRITES = 1\n"
                     "            INSTANCE_BROADCAST_WRITES = 1\n"
                     "            SE_BROADCAST_WRITES = 1\n"
                     "0005: c0001000  NOP count=0 (2 dw)\n"
                     "        (1 ignored dwords)\n"
                     "0007: ffff1000  NOP (1 dw pad)\n"
                     "0008: c0017603  SET_SH_REG shader_type=compute predicate count=1 (3 dw)\n"
                     "        dw1 00000215\n"
                     "            REG_OFFSET = 533 (0x215)\n"
                     "            VMID_SHIFT = 0\n"
                     "            INDEX = DEFAULT (0)\n"
                     "        COMPUTE_RESOURCE_LIMITS (0x2e15) <- 0x00400000\n"
                     "            WAVES_PER_SH = 0\n"
                     "            TG_PER_CU = 0\n"
                     "            LOCK_THRESHOLD = 0\n"
                     "            SIMD_DEST_CNTL = 1\n"
                     "            FORCE_SIMD_DIST = 0\n"
                     "            CU_GROUP_COUNT = 0\n");
    ck_assert_uint_eq(st.packets, 5);
    ck_assert_uint_eq(st.errors, 0);
    ck_assert_uint_eq(st.dwords, N(s));
}
END_TEST

START_TEST(decode_reserved_bits_and_unknown_regs)
{
    static const uint32_t s[] = {
        0xC0027602, 0x00000233, 0x00000001, 0x00010203, /* 0x2E33, 0x2E34: not in the table */
        0xC0004600, 0x00F00407,                         /* EVENT_WRITE with stray bits */
        0xC0017602, 0x0000020D, 0x00000F01,             /* PGM_HI with bits above [7:0] */
    };
    struct pm4_decode_stats st = decode(s, N(s), NULL, false);

    ck_assert_uint_eq(st.errors, 0);
    expect_text_has("        0x2e33 (no register in the table) <- 0x00000001\n"
                    "        0x2e34 (no register in the table) <- 0x00010203\n");
    expect_text_has("            (bits 0x00f00000 outside the fields)\n");
    expect_text_has("        COMPUTE_PGM_HI (0x2e0d) <- 0x00000f01\n"
                    "            DATA = 1\n"
                    "            (bits 0x00000f00 outside the fields)\n");
}
END_TEST

START_TEST(decode_malformed)
{
    static const uint32_t trunc[] = {0xC0064900, 0x0070F514, 0x20000000, 0x10};
    static const uint32_t bad_count[] = {0xC0024900, 1, 2, 3, 0xFFFF1000};
    static const uint32_t past_end[] = {0xC3FE1000, 0, 0};
    static const uint32_t unknown[] = {0xC001EE00, 0x11, 0x22, 0xFFFF1000};
    static const uint32_t types[] = {0x00012E12, 0x1, 0x2, 0x80000000, 0x40000000, 0xFFFF1000};
    static const uint32_t window[] = {0xC0017602, 0x000003FF, 1, 0xC0027602, 0x000003FF, 1, 2};
    struct pm4_decode_stats st;

    st = decode(trunc, N(trunc), NULL, false);
    ck_assert_uint_eq(st.errors, 1);
    ck_assert_uint_eq(st.dwords, 4);
    ck_assert_str_eq(text, "0000: c0064900  RELEASE_MEM count=6 (8 dw)\n"
                           "        !! RELEASE_MEM with COUNT 6 needs 8 dw, only 4 left\n"
                           "        dw1 0070f514\n"
                           "        dw2 20000000\n"
                           "        dw3 00000010\n");

    st = decode(bad_count, N(bad_count), NULL, false);
    ck_assert_uint_eq(st.errors, 1);
    ck_assert_uint_eq(st.packets, 2);
    expect_text_has("        !! RELEASE_MEM with COUNT 2: needs COUNT 6 (7 body dw)\n");
    expect_text_has("0004: ffff1000  NOP (1 dw pad)\n");

    st = decode(past_end, N(past_end), NULL, false);
    ck_assert_uint_eq(st.errors, 1);
    expect_text_has("0000: c3fe1000  NOP count=1022 (1024 dw)\n"
                    "        !! NOP with COUNT 1022 needs 1024 dw, only 3 left\n");

    st = decode(unknown, N(unknown), NULL, false);
    ck_assert_uint_eq(st.errors, 1);
    ck_assert_uint_eq(st.packets, 2);
    ck_assert_str_eq(text, "0000: c001ee00  UNKNOWN(0xee) count=1 (3 dw)\n"
                           "        !! unknown opcode 0xee\n"
                           "        dw1 00000011\n"
                           "        dw2 00000022\n"
                           "0003: ffff1000  NOP (1 dw pad)\n");

    st = decode(types, N(types), NULL, false);
    ck_assert_uint_eq(st.errors, 3);
    ck_assert_uint_eq(st.packets, 4);
    expect_text_has("0000: 00012e12  type-0 packet\n"
                    "        !! type-0 packet (register write to 0x2e12, 2 dw): not accepted from an IB\n"
                    "        dw1 00000001\n"
                    "        dw2 00000002\n");
    expect_text_has("0003: 80000000  type-2 packet\n"
                    "        !! type-2 packet: gfx11 streams are type-3 packets (pad: 0xffff1000)\n");
    expect_text_has("0004: 40000000  type-1 packet\n");
    expect_text_has("0005: ffff1000  NOP (1 dw pad)\n");

    st = decode(window, N(window), NULL, false);
    ck_assert_uint_eq(st.errors, 1);
    expect_text_has("        0x2fff (no register in the table) <- 0x00000001\n");
    expect_text_has("        !! SET_SH_REG of 2 registers from 0x2fff leaves the SH window [0x2c00, 0x3000)\n");

    /* Bad arguments. */
    {
        struct pm4_strbuf sb;
        struct pm4_sink sink = pm4_sink_strbuf(&sb, text, sizeof(text));
        ck_assert_int_eq(pm4_decode(NULL, 1, NULL, sink, NULL), -EINVAL);
        ck_assert_int_eq(pm4_decode(NULL, 0, NULL, sink, NULL), 0);
        sink.write = NULL;
        ck_assert_int_eq(pm4_decode(trunc, 1, NULL, sink, NULL), -EINVAL);
        ck_assert_int_eq(pm4_decode_sdma(trunc, 1, NULL, sink, NULL), -EINVAL);
    }
}
END_TEST

/* A tiny GPU memory for the resolver: IBs at fixed VAs. */
struct fake_mem {
    uint64_t va[4];
    const uint32_t *dw[4];
    uint32_t n[4];
    unsigned calls;
};

static const uint32_t *fake_resolve(void *user, uint64_t va, uint32_t size_dw)
{
    struct fake_mem *m = user;

    m->calls++;
    for (int i = 0; i < 4; i++)
        if (m->dw[i] && m->va[i] == va && size_dw <= m->n[i])
            return m->dw[i];
    return NULL;
}

START_TEST(decode_nested_ibs)
{
    static const uint32_t inner[] = {0xC0004600, 0x00000407, 0xFFFF1000, 0xFFFF1000};
    static const uint32_t chained[] = {0xC0017602, 0x00000240, 0x0000BEEF, 0xFFFF1000};
    static const uint32_t outer[] = {
        0xC0023F00, 0x00010000, 0x00000000, 0x00800004, /* IB 0x10000, 4 dw */
        0xC0023F00, 0x00020000, 0x00000000, 0x00900004, /* chain to 0x20000, 4 dw */
        0xFFFF1000,                                     /* never runs */
    };
    struct fake_mem m = {.va = {0x10000, 0x20000}, .dw = {inner, chained}, .n = {4, 4}};
    struct pm4_decode_opts o = {.resolve = fake_resolve, .resolve_user = &m};
    struct pm4_decode_stats st = decode(outer, N(outer), &o, false);

    ck_assert_uint_eq(st.errors, 1);
    ck_assert_uint_eq(st.dwords, 8 + 4 + 4);
    expect_text_has("        >---- IB 0x10000 (4 dw)\n"
                    "    0000: c0004600  EVENT_WRITE count=0 (2 dw)\n"
                    "            dw1 00000407\n");
    expect_text_has("    0003: ffff1000  NOP (1 dw pad)\n"
                    "        <---- end of IB 0x10000\n"
                    "0004: c0023f00  INDIRECT_BUFFER count=2 (4 dw)\n");
    expect_text_has("        !! 1 dwords after the chained INDIRECT_BUFFER never run\n"
                    "        ---- chained to IB 0x20000 (4 dw)\n"
                    "0000: c0017602  SET_SH_REG shader_type=compute count=1 (3 dw)\n");
    expect_text_has("        COMPUTE_USER_DATA_0 (0x2e40) <- 0x0000beef\n");

    /* Without a resolver: listed, not followed, not an error. */
    st = decode(outer, N(outer), NULL, false);
    ck_assert_uint_eq(st.errors, 0);
    expect_text_has("        (IB 0x10000 not followed: no GPU memory to read it from)\n");

    /* Unreadable IB. */
    m.dw[0] = NULL;
    st = decode(outer, 4, &o, false);
    ck_assert_uint_eq(st.errors, 1);
    expect_text_has("        !! IB 0x10000 (4 dw) is not readable GPU memory\n");
}
END_TEST

START_TEST(decode_ib_limits)
{
    /* An IB that calls itself: nesting stops at max_depth. */
    static const uint32_t self[] = {0xC0023F00, 0x00030000, 0x00000000, 0x00800004};
    /* A chain to itself: the dword budget stops it. */
    static const uint32_t loop[] = {0xC0023F00, 0x00040000, 0x00000000, 0x00900004};
    static const uint32_t no_valid[] = {0xC0023F00, 0x00050002, 0x00000000, 0x00000000};
    struct fake_mem m = {.va = {0x30000, 0x40000}, .dw = {self, loop}, .n = {4, 4}};
    struct pm4_decode_opts o = {.resolve = fake_resolve, .resolve_user = &m, .max_depth = 2,
                                .max_total_dw = 400};
    struct pm4_decode_stats st;

    st = decode(self, N(self), &o, false);
    ck_assert_uint_eq(st.errors, 1);
    ck_assert_uint_eq(st.dwords, 12);
    expect_text_has("                !! IB 0x30000 not followed: nesting deeper than 2 levels\n");

    st = decode(loop, N(loop), &o, false);
    ck_assert_uint_eq(st.errors, 1);
    ck_assert_uint_eq(st.dwords, 400);
    expect_text_has("        !! decode limit reached: stopping (chained IBs that loop?)\n");

    st = decode(no_valid, N(no_valid), &o, false);
    ck_assert_uint_eq(st.errors, 3);
    expect_text_has("        !! INDIRECT_BUFFER without VALID\n"
                    "        !! IB_BASE 0x50002 is not 4-byte aligned\n"
                    "        !! IB of 0 dwords at 0x50002\n");
}
END_TEST

START_TEST(decode_sdma_text)
{
    static const uint32_t s[] = {0x00030005, 0x00005000, 0x00000000, 0x00000007,
                                 0x000000FF,                    /* unknown op 255 */
                                 0x00000002, 0x1000, 0, 5, 1};  /* WRITE_UNTILED of 6, 1 there */
    struct pm4_decode_stats st = decode(s, N(s), NULL, true);

    ck_assert_uint_eq(st.errors, 2);
    ck_assert_uint_eq(st.packets, 3);
    ck_assert_str_eq(text,
                     "0000: 00030005  FENCE (4 dw)\n"
                     "        dw0 00030005\n"
                     "            OP = 5\n"
                     "            SUB_OP = 0\n"
                     "            MTYPE = UC (3)\n"
                     "            GCC = 0\n"
                     "            SYS = 0\n"
                     "            SNP = 0\n"
                     "            GPA = 0\n"
                     "            L2_POLICY = 0\n"
                     "            LLC_POLICY = 0\n"
                     "        dw1 00005000\n"
                     "            ADDR_LO = 20480 (0x5000)\n"
                     "        dw2 00000000\n"
                     "            ADDR_HI = 0\n"
                     "        dw3 00000007\n"
                     "            DATA = 7\n"
                     "0004: 000000ff  UNKNOWN(op 255, sub-op 0)\n"
                     "        !! unknown SDMA op 255 sub-op 0\n"
                     "0005: 00000002  WRITE_UNTILED (10 dw)\n"
                     "        !! WRITE_UNTILED needs 10 dw, only 5 left\n"
                     "        dw1 00001000\n"
                     "        dw2 00000000\n"
                     "        dw3 00000005\n"
                     "        dw4 00000001\n");
}
END_TEST

START_TEST(decode_strbuf_truncates)
{
    static const uint32_t s[] = {0xC0004600, 0x00000407};
    char small[16];
    struct pm4_strbuf sb;
    struct pm4_sink sink = pm4_sink_strbuf(&sb, small, sizeof(small));

    ck_assert_int_eq(pm4_decode(s, N(s), NULL, sink, NULL), 0);
    ck_assert_uint_eq(sb.len, 15);
    ck_assert_str_eq(small, "0000: c0004600 ");
    ck_assert_uint_gt(sb.dropped, 0);
}
END_TEST

START_TEST(summaries)
{
    static const uint32_t rm[] = {0xC0064900, 0, 0, 0, 0, 0, 0, 0};
    static const uint32_t pad[] = {0xFFFF1000};
    static const uint32_t unk[] = {0xC000EE00, 0};
    static const uint32_t t0[] = {0x00000000};
    char buf[160];

    pm4_packet_summary(rm, 8, buf, sizeof(buf));
    ck_assert_str_eq(buf, "RELEASE_MEM count=6 (8 dw), header 0xc0064900");
    pm4_packet_summary(rm, 3, buf, sizeof(buf));
    ck_assert_str_eq(buf, "RELEASE_MEM count=6 (8 dw), header 0xc0064900: RELEASE_MEM with COUNT 6 "
                          "needs 8 dw, only 3 left");
    pm4_packet_summary(pad, 1, buf, sizeof(buf));
    ck_assert_str_eq(buf, "NOP (1 dw pad), header 0xffff1000");
    pm4_packet_summary(unk, 2, buf, sizeof(buf));
    ck_assert_str_eq(buf, "header 0xc000ee00: unknown opcode 0xee");
    pm4_packet_summary(t0, 1, buf, sizeof(buf));
    ck_assert_str_eq(buf, "header 0x00000000: type-0 packet (register write to 0x0, 1 dw): not "
                          "accepted from an IB");
    pm4_packet_summary(NULL, 0, buf, sizeof(buf));
    ck_assert_str_eq(buf, "no packet (0 dwords)");
    ck_assert_int_eq(pm4_packet_summary(rm, 8, buf, 4), 45);
    ck_assert_str_eq(buf, "REL");
    sdma_packet_summary(unk, 2, buf, sizeof(buf));
    ck_assert_str_eq(buf, "header 0xc000ee00: unknown SDMA op 0 sub-op 238");
    {
        static const uint32_t fence[] = {0x00030005, 0, 0, 7};
        sdma_packet_summary(fence, 4, buf, sizeof(buf));
        ck_assert_str_eq(buf, "SDMA FENCE (4 dw), header 0x00030005");
        sdma_packet_summary(fence, 2, buf, sizeof(buf));
        ck_assert_str_eq(buf, "SDMA FENCE (4 dw), header 0x00030005: FENCE needs 4 dw, only 2 left");
    }
}
END_TEST

/* xorshift64: the fuzz streams are reproducible. */
static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* Random dwords, biased towards plausible headers: known opcodes, small
 * counts, type-0/2 packets, IB packets pointing into the stream itself. */
static void random_stream(uint32_t *s, size_t n)
{
    static const uint8_t ops[] = {0x10, 0x11, 0x15, 0x16, 0x28, 0x37, 0x3C, 0x3F, 0x40,
                                  0x42, 0x46, 0x49, 0x50, 0x58, 0x76, 0x79, 0x9B, 0xEE};

    for (size_t i = 0; i < n; i++) {
        uint32_t r = rng();
        switch (r % 8) {
        case 0: case 1: case 2:
            s[i] = 0xC0000000u | ((r >> 8) % 12) << 16 | (uint32_t)ops[(r >> 4) % sizeof(ops)] << 8 |
                   (r >> 24 & 7);
            break;
        case 3:
            s[i] = rng() % 0x400;
            break;
        case 4:
            s[i] = (r & 1) ? 0xFFFF1000u : 0x80000000u;
            break;
        default:
            s[i] = rng();
        }
    }
}

static const uint32_t *self_resolve(void *user, uint64_t va, uint32_t size_dw)
{
    const uint32_t *s = user;

    /* Every VA below 4096 dwords maps into the stream itself. */
    if (va % 4 || va / 4 >= 4096 || size_dw > 4096 - va / 4)
        return NULL;
    return s + va / 4;
}

START_TEST(decode_fuzz_in_process)
{
    static uint32_t s[4096];
    char *out = malloc(1 << 22);
    struct pm4_decode_opts o = {.resolve = self_resolve, .resolve_user = s, .max_total_dw = 1 << 16};

    ck_assert_ptr_nonnull(out);
    rng_state = 0x9E3779B97F4A7C15ull;
    for (int iter = 0; iter < 200; iter++) {
        size_t n = 1 + rng() % 4096;
        struct pm4_strbuf sb;
        struct pm4_decode_stats st;
        char sum[128];

        random_stream(s, 4096);
        ck_assert_int_eq((iter & 1 ? pm4_decode_sdma : pm4_decode)(
                             s, n, &o, pm4_sink_strbuf(&sb, out, 1 << 22), &st),
                         0);
        ck_assert_uint_le(st.dwords, 1u << 16);
        ck_assert_uint_eq(strlen(out), sb.len);
        for (size_t i = 0; i < n; i += 97) {
            pm4_packet_summary(s + i, n - i, sum, sizeof(sum));
            sdma_packet_summary(s + i, n - i, sum, sizeof(sum));
        }
    }
    free(out);
}
END_TEST

/* ================================================================ dump tool + valgrind */

static char tmpdir[64];

static void tmp_setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/amdpm4-pm4-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    ib_setup();
}

static void tmp_teardown(void)
{
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    char p[512];

    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(p, sizeof(p), "%s/%s", tmpdir, e->d_name);
            unlink(p);
        }
    if (d)
        closedir(d);
    rmdir(tmpdir);
    ib_teardown();
}

/* Write bytes to tmpdir/name; returns the path (static buffer per call site). */
static const char *write_file(const char *name, const void *bytes, size_t n, char *path, size_t cap)
{
    FILE *f;

    snprintf(path, cap, "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static void run_dump(struct test_run *r, const char *a1, const char *a2, const char *stdin_text)
{
    char *argv[] = {(char *)test_build_path("amdpm4"), "dump", (char *)a1, (char *)a2, NULL};

    ck_assert_int_eq(test_run(r, argv, stdin_text, NULL), 0);
}

/* After the line "header" in out, the next lines start with the field names
 * of owner in table order. */
static void expect_block(const char *out, const char *header, enum pm4_owner_kind kind,
                         unsigned owner, int dwi)
{
    const char *at = strstr(out, header);
    unsigned first, n = pm4_owner_fields(kind, owner, &first);

    ck_assert_msg(at, "dump lacks \"%s\"", header);
    at = strchr(at, '\n') + 1;
    for (unsigned i = 0; i < n; i++) {
        char want[96];

        if (dwi >= 0 && pm4_fields[first + i].dw != (unsigned)dwi)
            continue;
        snprintf(want, sizeof(want), "            %s = ", pm4_fields[first + i].name);
        ck_assert_msg(!strncmp(at, want, strlen(want)), "after \"%s\" expected \"%s\", got \"%.60s\"",
                      header, want, at);
        at = strchr(at, '\n') + 1;
    }
}

/* The acceptance stream: barrier, a full dispatch, barrier, fence with a
 * timestamp, padded to 8 dwords. */
static void build_acceptance_ib(void)
{
    struct pm4_dispatch d = test_dispatch();
    struct pm4_fence f = {.va = 0x100000100ull, .value = 1, .timestamp_va = 0x100000108ull};

    pm4_emit_barrier(&ib);
    pm4_emit_dispatch(&ib, &d);
    pm4_emit_barrier(&ib);
    pm4_emit_fence(&ib, &f);
    pm4_ib_pad(&ib, 8);
    ck_assert_int_eq(pm4_ib_finish(&ib), 0);
}

START_TEST(dump_names_every_register_and_field)
{
    char path[256];
    struct test_run r;
    size_t off = 0;

    build_acceptance_ib();
    write_file("ib.bin", ib.buf, ib.cdw * 4, path, sizeof(path));
    run_dump(&r, path, NULL, NULL);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    ck_assert_str_eq(r.err, "");

    /* Walk the stream: every register written and every packet dword must be
     * printed with all of its fields, in table order. */
    while (off < ib.cdw) {
        struct pm4_packet p;
        const uint32_t *pk = ib.buf + off;
        char hdr[128];

        ck_assert_int_eq(pm4_packet_parse(pk, ib.cdw - off, &p, NULL, 0), 0);
        if (p.info && p.info->kind == PM4_BODY_REGS) {
            uint32_t first = pm4_regs_first_dw(&p, pk);
            char dline[32];
            const char *at;

            snprintf(hdr, sizeof(hdr), "%04zx: %08x  %s", off, p.header, p.info->name);
            at = strstr(r.out, hdr);
            ck_assert_msg(at, "dump lacks \"%s\"", hdr);
            snprintf(dline, sizeof(dline), "        dw1 %08x\n", pk[1]);
            at = strstr(at, dline);
            ck_assert_msg(at, "dump lacks \"%s\" after \"%s\"", dline, hdr);
            expect_block(at, dline, PM4_OWNER_PKT, p.opcode, 1);
            for (unsigned i = 0; i + 1 < p.body_dw; i++) {
                int reg = pm4_reg_by_dw(first + i);
                ck_assert_int_ge(reg, 0);
                snprintf(hdr, sizeof(hdr), "        %s (0x%04x) <- 0x%08x\n", pm4_regs[reg].name,
                         first + i, pk[2 + i]);
                expect_block(r.out, hdr, PM4_OWNER_REG, (unsigned)reg, -1);
            }
        } else if (p.info && p.info->kind == PM4_BODY_FIELDS) {
            snprintf(hdr, sizeof(hdr), "%04zx: %08x  %s", off, p.header, p.info->name);
            ck_assert_msg(strstr(r.out, hdr), "dump lacks \"%s\"", hdr);
            for (unsigned i = 1; i <= p.body_dw; i++) {
                unsigned f0, nf = pm4_owner_fields(PM4_OWNER_PKT, p.opcode, &f0);
                int preg = -1;
                for (unsigned k = 0; k < nf; k++)
                    if (pm4_fields[f0 + k].dw == i && pm4_fields[f0 + k].reg >= 0)
                        preg = pm4_fields[f0 + k].reg;
                if (preg >= 0) {
                    snprintf(hdr, sizeof(hdr), "        dw%u %s (0x%04x) <- 0x%08x\n", i,
                             pm4_regs[preg].name, pm4_regs[preg].abs_dw, pk[i]);
                    expect_block(r.out, hdr, PM4_OWNER_REG, (unsigned)preg, -1);
                } else {
                    snprintf(hdr, sizeof(hdr), "%04zx: %08x", off, p.header);
                    /* the packet's dword i follows its header line */
                    {
                        const char *at = strstr(r.out, hdr);
                        char dline[32];
                        snprintf(dline, sizeof(dline), "        dw%u %08x\n", i, pk[i]);
                        at = strstr(at, dline);
                        ck_assert_msg(at, "dump lacks \"%s\" after \"%s\"", dline, hdr);
                        expect_block(at, dline, PM4_OWNER_PKT, p.opcode, (int)i);
                    }
                }
            }
        }
        off += p.total_dw;
    }
    ck_assert_ptr_nonnull(strstr(r.out, "-- 104 dwords, 23 packets, 0 problems\n"));
    test_run_free(&r);
}
END_TEST

START_TEST(dump_stdin_sdma_and_errors)
{
    char path[256];
    struct test_run r;
    static const unsigned char odd[7] = {0};
    static const uint32_t bad[] = {0xC0064900, 0};
    static const uint32_t fence[] = {0x00030005, 0x5000, 0, 7};

    /* stdin ("-"): EVENT_WRITE with PREDICATE, CS_PARTIAL_FLUSH. */
    {
        static const uint32_t ev[] = {0xC0004601, 0x00000407};
        char *argv[] = {"/bin/sh", "-c", "exec \"$0\" dump - < \"$1\"",
                        (char *)test_build_path("amdpm4"), path, NULL};

        write_file("ev.bin", ev, sizeof(ev), path, sizeof(path));
        ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
        ck_assert_int_eq(r.exit_code, 0);
        ck_assert_ptr_nonnull(strstr(r.out, "0000: c0004601  EVENT_WRITE predicate count=0 (2 dw)\n"));
        test_run_free(&r);
    }

    write_file("fence.bin", fence, sizeof(fence), path, sizeof(path));
    run_dump(&r, "--sdma", path, NULL);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "0000: 00030005  FENCE (4 dw)\n"));
    test_run_free(&r);

    write_file("odd.bin", odd, sizeof(odd), path, sizeof(path));
    run_dump(&r, path, NULL, NULL);
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_str_eq(r.out, "");
    {
        char want[512];
        snprintf(want, sizeof(want), "amdpm4 dump: %s: 7 bytes is not a whole number of dwords (PM4 "
                 "streams are little-endian 32-bit words)\n", path);
        ck_assert_str_eq(r.err, want);
    }
    test_run_free(&r);

    write_file("bad.bin", bad, sizeof(bad), path, sizeof(path));
    run_dump(&r, path, NULL, NULL);
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_ptr_nonnull(strstr(r.out, "!! RELEASE_MEM with COUNT 6 needs 8 dw, only 2 left\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "-- 2 dwords, 1 packets, 1 problems\n"));
    {
        char want[512];
        snprintf(want, sizeof(want), "amdpm4 dump: %s: 1 problems in the stream (lines with !!)\n",
                 path);
        ck_assert_str_eq(r.err, want);
    }
    test_run_free(&r);

    write_file("empty.bin", "", 0, path, sizeof(path));
    run_dump(&r, path, NULL, NULL);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_str_eq(r.out, "-- 0 dwords, 0 packets, 0 problems\n");
    test_run_free(&r);

    run_dump(&r, "/nonexistent/ib.bin", NULL, NULL);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.err, "amdpm4 dump: /nonexistent/ib.bin: No such file or directory\n");
    test_run_free(&r);

    run_dump(&r, NULL, NULL, NULL);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.err, "amdpm4 dump: no FILE given (use - for stdin; see --help)\n");
    test_run_free(&r);

    run_dump(&r, "--frob", NULL, NULL);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.err, "amdpm4 dump: unknown option '--frob' (see amdpm4 dump --help)\n");
    test_run_free(&r);

    run_dump(&r, "a", "b", NULL);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.err, "amdpm4 dump: one FILE only ('a' and 'b')\n");
    test_run_free(&r);

    run_dump(&r, "--help", NULL, NULL);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "usage: amdpm4 dump [--sdma] FILE|-\n"));
    ck_assert_str_eq(r.err, "");
    test_run_free(&r);
}
END_TEST

/* `amdpm4 dump` on hostile streams under valgrind: no invalid read, no leak
 * (valgrind's exit 99), exit 0 or 1 from the tool itself. */
START_TEST(dump_under_valgrind)
{
    static uint32_t s[2048];
    char path[256];
    const char *valgrind = "/usr/bin/valgrind";
    struct pm4_dispatch d = test_dispatch();

    ck_assert_msg(access(valgrind, X_OK) == 0,
                  "valgrind is missing (tools/setup-deps installs it): the decoder's memory "
                  "checks cannot run");
    rng_state = 0xD1B54A32D192ED03ull;
    for (int k = 0; k < 4; k++) {
        struct test_run r;
        size_t n = 2048;

        if (k < 2) {
            random_stream(s, n);
        } else if (k == 2) {
            /* A real IB cut mid-packet. */
            pm4_ib_reset(&ib);
            pm4_emit_dispatch(&ib, &d);
            pm4_emit_barrier(&ib);
            n = ib.cdw - 3;
            memcpy(s, ib.buf, n * 4);
        } else {
            for (size_t i = 0; i < n; i++)
                s[i] = rng();
        }
        write_file("fuzz.bin", s, n * 4, path, sizeof(path));
        {
            char *argv[] = {"/usr/bin/env", "-u", "LD_PRELOAD", (char *)valgrind, "-q",
                            "--error-exitcode=99", "--leak-check=full",
                            "--errors-for-leak-kinds=definite,indirect",
                            (char *)test_build_path("amdpm4"), "dump", k == 1 ? "--sdma" : path,
                            k == 1 ? path : NULL, NULL};
            ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
        }
        ck_assert_msg(r.exit_code == 0 || r.exit_code == 1, "stream %d: exit %d\n%s", k,
                      r.exit_code, r.err);
        ck_assert_msg(!strstr(r.err, "=="), "stream %d: valgrind reported:\n%s", k, r.err);
        test_run_free(&r);
    }
}
END_TEST

/* ================================================================ the one-table rule */

/*
 * No register offset, register byte address, window base or PKT3 header may
 * appear as a number in code outside the .def tables.  The check reads C
 * code with comments and string/character literals removed and flags:
 *   - hex literals equal to a register's absolute dword address, its byte
 *     address, or its offset in its window (offsets >= 0x100 only: small
 *     numbers are too common to mean a register), or to the SH / UCONFIG
 *     window bases (dwords or bytes);
 *   - decimal literals equal to a register's dword or byte address;
 *   - hex literals that are a PKT3 header of a known opcode (0xC0017602,
 *     0xFFFF1000: pre-encoded packets);
 *   - a known opcode written as a number where a header is built by hand:
 *     "0x76 << 8" or the first argument of PKT3( / PACKET3( /
 *     PACKET3_COMPUTE( (a bare 0x76 elsewhere is too common to mean SET_SH_REG).
 * A line that must hold such a number anyway says "one-table-ok" in a
 * comment and gives the reason.
 */
struct hit {
    char what[160];
};

static bool is_fact(uint64_t v, bool hex, char *why, size_t bytes)
{
    for (int r = 0; r < PM4_REG_COUNT; r++) {
        uint32_t a = pm4_regs[r].abs_dw, rel = a - pm4_spaces[pm4_regs[r].space].first_dw;

        if (v == a || v == (uint64_t)a * 4 || (hex && rel >= 0x100 && v == rel)) {
            snprintf(why, bytes, "register %s", pm4_regs[r].name);
            return true;
        }
    }
    if (hex && (v == PM4_SH_FIRST_DW || v == PM4_UCONFIG_FIRST_DW || v == PM4_SH_FIRST_DW * 4ull ||
                v == PM4_UCONFIG_FIRST_DW * 4ull)) {
        snprintf(why, bytes, "a register window base");
        return true;
    }
    if (hex && v <= UINT32_MAX && pm4_get(PM4_F_PKT3_TYPE, (uint32_t)v) == PM4_PKT_TYPE_TYPE3 &&
        pm4_pkt_info(pm4_get(PM4_F_PKT3_IT_OPCODE, (uint32_t)v))) {
        snprintf(why, bytes, "a %s header", pm4_pkt_info(pm4_get(PM4_F_PKT3_IT_OPCODE, (uint32_t)v))->name);
        return true;
    }
    return false;
}

static bool ident_char(char ch)
{
    return ch == '_' || ((ch | 32) >= 'a' && (ch | 32) <= 'z') || (ch >= '0' && ch <= '9');
}

/* code[start, end) is the number v: is it a known opcode being put into a
 * PKT3 header by hand? */
static bool opcode_in_header_context(const char *code, size_t start, size_t end, uint64_t v,
                                     char *why, size_t bytes)
{
    static const char *const makers[] = {"PKT3(", "PACKET3(", "PACKET3_COMPUTE("};
    const char *after = code + end;
    size_t b = start;

    if (v > 0xFF || !pm4_pkt_info((unsigned)v))
        return false;
    while (*after == ' ' || *after == 'u' || *after == 'U')
        after++;
    if (after[0] == '<' && after[1] == '<') {
        after += 2;
        while (*after == ' ')
            after++;
        if (after[0] == '8' && !(after[1] >= '0' && after[1] <= '9')) {
            snprintf(why, bytes, "the %s opcode shifted into a header", pm4_pkt_info((unsigned)v)->name);
            return true;
        }
    }
    while (b > 0 && code[b - 1] == ' ')
        b--;
    for (size_t m = 0; m < sizeof(makers) / sizeof(makers[0]); m++) {
        size_t ml = strlen(makers[m]);
        if (b >= ml && !strncmp(code + b - ml, makers[m], ml) && (b == ml || !ident_char(code[b - ml - 1]))) {
            snprintf(why, bytes, "the %s opcode in %.*s", pm4_pkt_info((unsigned)v)->name,
                     (int)(ml - 1), makers[m]);
            return true;
        }
    }
    return false;
}

/* Scan C source text; append "file:line: 0x.. (why)" for each violation. */
static unsigned scan_source(const char *name, const char *src, char *report, size_t cap)
{
    bool in_block = false;
    unsigned lineno = 0, hits = 0;
    const char *lp = src;

    while (*lp) {
        const char *le = strchr(lp, '\n');
        size_t len = le ? (size_t)(le - lp) : strlen(lp);
        char code[4096];
        size_t k = 0;

        lineno++;
        if (len >= sizeof(code))
            len = sizeof(code) - 1;
        {
            char raw[4096];
            memcpy(raw, lp, len);
            raw[len] = '\0';
            if (strstr(raw, "one-table-ok")) {
                /* still track comment state */
                for (size_t i = 0; i + 1 < len; i++) {
                    if (!in_block && raw[i] == '/' && raw[i + 1] == '*') { in_block = true; i++; }
                    else if (in_block && raw[i] == '*' && raw[i + 1] == '/') { in_block = false; i++; }
                }
                lp += len + (le ? 1 : 0);
                if (!le) break;
                continue;
            }
        }
        /* Strip comments and literals from the line. */
        for (size_t i = 0; i < len; i++) {
            char ch = lp[i], nx = i + 1 < len ? lp[i + 1] : '\0';

            if (in_block) {
                if (ch == '*' && nx == '/') { in_block = false; i++; }
                continue;
            }
            if (ch == '/' && nx == '*') { in_block = true; i++; continue; }
            if (ch == '/' && nx == '/') break;
            if (ch == '"' || ch == '\'') {
                char q = ch;
                for (i++; i < len && lp[i] != q; i++)
                    if (lp[i] == '\\') i++;
                code[k++] = ' ';
                continue;
            }
            code[k++] = ch;
        }
        code[k] = '\0';
        /* Number tokens. */
        for (size_t i = 0; i < k; i++) {
            if (!(code[i] >= '0' && code[i] <= '9') || (i > 0 && ident_char(code[i - 1])))
                continue;
            {
                char *end;
                bool hex = code[i] == '0' && (code[i + 1] | 32) == 'x';
                unsigned long long v = strtoull(code + i, &end, hex ? 16 : 10);
                char why[96];

                if (is_fact(v, hex, why, sizeof(why)) ||
                    (hex && opcode_in_header_context(code, i, (size_t)(end - code), v, why, sizeof(why)))) {
                    size_t used = strlen(report);
                    snprintf(report + used, cap - used, "%s:%u: %.*s (%s)\n", name, lineno,
                             (int)(end - (code + i)), code + i, why);
                    hits++;
                }
                while (i < k && ident_char(code[i]))
                    i++;
            }
        }
        lp += len + (le ? 1 : 0);
        if (!le)
            break;
    }
    return hits;
}

START_TEST(one_table_checker_catches)
{
    char report[1024] = "";

    ck_assert_uint_eq(scan_source("t.c", "int r = 0x2E12;\n", report, sizeof(report)), 1);
    ck_assert_str_eq(report, "t.c:1: 0x2E12 (register COMPUTE_PGM_RSRC1)\n");
    report[0] = '\0';
    ck_assert_uint_eq(scan_source("t.c", "x = 0xb8a0u; y = 0x228; z = 11794;\n", report, sizeof(report)), 3);
    report[0] = '\0';
    ck_assert_uint_eq(scan_source("t.c", "w[0] = 0xC0017602;\nw[1] = 0xffff1000;\n", report, sizeof(report)), 2);
    ck_assert_str_eq(report, "t.c:1: 0xC0017602 (a SET_SH_REG header)\nt.c:2: 0xffff1000 (a NOP header)\n");
    report[0] = '\0';
    ck_assert_uint_eq(scan_source("t.c", "#define BASE 0x2C00u\n", report, sizeof(report)), 1);
    report[0] = '\0';
    ck_assert_uint_eq(scan_source("t.c", "h = 3u << 30 | (0x49 << 8);\nq(PACKET3( 0x76, 1));\n",
                                  report, sizeof(report)), 2);
    ck_assert_str_eq(report, "t.c:1: 0x49 (the RELEASE_MEM opcode shifted into a header)\n"
                             "t.c:2: 0x76 (the SET_SH_REG opcode in PACKET3)\n");
    report[0] = '\0';
    ck_assert_uint_eq(scan_source("t.c", "a = 0x76; b = 0x49 << 16; c = MYPKT3(0x10);\n", report,
                                  sizeof(report)), 0);
    report[0] = '\0';
    /* Not code: comments, strings, identifiers; small numbers; opt-out. */
    ck_assert_uint_eq(scan_source("t.c",
                                  "/* 0x2E12 */ // 0x2E12\nprintf(\"0x2e12\"); char c = '\\'';\n"
                                  "/* a\n 0x2E28\n*/ int x2E12 = v_0x2E12 + 0x10 + 0x200000 + 4096;\n"
                                  "int y = 0x2E12; /* one-table-ok: test */\n",
                                  report, sizeof(report)),
                      0);
    ck_assert_str_eq(report, "");
}
END_TEST

static unsigned scan_dir(const char *dir, char *report, size_t cap, unsigned *files)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    unsigned hits = 0;

    if (!d)
        return 0; /* a module not written yet has nothing to check */
    while ((e = readdir(d))) {
        char path[512];
        struct stat sbuf;
        size_t nl = strlen(e->d_name);

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (stat(path, &sbuf))
            continue;
        if (S_ISDIR(sbuf.st_mode)) {
            hits += scan_dir(path, report, cap, files);
        } else if (nl > 2 && (!strcmp(e->d_name + nl - 2, ".c") || !strcmp(e->d_name + nl - 2, ".h"))) {
            FILE *f = fopen(path, "rb");
            char *src;

            ck_assert_ptr_nonnull(f);
            src = calloc(1, (size_t)sbuf.st_size + 1);
            ck_assert_ptr_nonnull(src);
            ck_assert_uint_eq(fread(src, 1, (size_t)sbuf.st_size, f), (size_t)sbuf.st_size);
            fclose(f);
            hits += scan_source(path, src, report, cap);
            (*files)++;
            free(src);
        }
    }
    closedir(d);
    return hits;
}

START_TEST(one_table_rule_holds)
{
    static const char *const dirs[] = {"pm4", "tools", "sim", "bo", "include"};
    static char report[16384];
    unsigned hits = 0, files = 0;

    report[0] = '\0';
    for (size_t i = 0; i < N(dirs); i++)
        hits += scan_dir(dirs[i], report, sizeof(report), &files);
    ck_assert_msg(files >= 10, "scanned only %u files: run from the repository root", files);
    ck_assert_msg(hits == 0, "register offsets / packet headers outside the .def tables:\n%s", report);
}
END_TEST

/* ================================================================ suite */

Suite *pm4_suite(void);
Suite *pm4_suite(void)
{
    Suite *s = suite_create("pm4");
    TCase *tc;

    tc = tcase_create("table");
    tcase_add_test(tc, table_known_offsets);
    tcase_add_test(tc, table_known_packets_and_fields);
    tcase_add_test(tc, table_invariants);
    tcase_add_test(tc, field_get_set);
    tcase_add_test(tc, header_builder);
    suite_add_tcase(s, tc);

    tc = tcase_create("encode");
    tcase_add_checked_fixture(tc, ib_setup, ib_teardown);
    tcase_add_test(tc, enc_set_sh_reg);
    tcase_add_test(tc, enc_set_sh_reg_index_and_uconfig);
    tcase_add_test(tc, enc_dispatch_packets);
    tcase_add_test(tc, enc_acquire_mem);
    tcase_add_test(tc, enc_release_mem);
    tcase_add_test(tc, enc_event_write);
    tcase_add_test(tc, enc_write_data);
    tcase_add_test(tc, enc_wait_reg_mem);
    tcase_add_test(tc, enc_copy_data);
    tcase_add_test(tc, enc_dma_data);
    tcase_add_test(tc, enc_indirect_buffer_nop_pad);
    tcase_add_test(tc, enc_chain);
    tcase_add_test(tc, enc_nop_sizes);
    tcase_add_test(tc, enc_sdma);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_add_checked_fixture(tc, ib_setup, ib_teardown);
    tcase_add_test(tc, refuse_register_runs);
    tcase_add_test(tc, refuse_packet_fields);
    tcase_add_test(tc, sdma_refusals);
    tcase_add_test(tc, sticky_error);
    tcase_add_test(tc, fixed_buffer_bounds);
    tcase_add_test(tc, growth_and_limit);
    suite_add_tcase(s, tc);

    tc = tcase_create("sequences");
    tcase_add_checked_fixture(tc, ib_setup, ib_teardown);
    tcase_add_test(tc, seq_dispatch_exact);
    tcase_add_test(tc, seq_dispatch_variants);
    tcase_add_test(tc, seq_dispatch_refusals);
    tcase_add_test(tc, seq_launch_batch);
    tcase_add_test(tc, seq_launch_kernel_switch);
    tcase_add_test(tc, seq_launch_state_reset_and_refusals);
    tcase_add_test(tc, seq_barrier_fence);
    suite_add_tcase(s, tc);

    tc = tcase_create("roundtrip");
    tcase_add_checked_fixture(tc, ib_setup, ib_teardown);
    tcase_add_test(tc, roundtrip_every_packet);
    tcase_add_test(tc, roundtrip_sdma);
    suite_add_tcase(s, tc);

    tc = tcase_create("decode");
    tcase_add_test(tc, decode_exact_text);
    tcase_add_test(tc, decode_reserved_bits_and_unknown_regs);
    tcase_add_test(tc, decode_malformed);
    tcase_add_test(tc, decode_nested_ibs);
    tcase_add_test(tc, decode_ib_limits);
    tcase_add_test(tc, decode_sdma_text);
    tcase_add_test(tc, decode_strbuf_truncates);
    tcase_add_test(tc, summaries);
    tcase_add_test(tc, decode_fuzz_in_process);
    suite_add_tcase(s, tc);

    tc = tcase_create("dump");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_add_test(tc, dump_names_every_register_and_field);
    tcase_add_test(tc, dump_stdin_sdma_and_errors);
    tcase_add_test(tc, dump_under_valgrind);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("onetable");
    tcase_add_test(tc, one_table_checker_catches);
    tcase_add_test(tc, one_table_rule_holds);
    suite_add_tcase(s, tc);
    return s;
}
