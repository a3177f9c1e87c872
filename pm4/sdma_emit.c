/* pm4/sdma_emit.c — SDMA 6.0 packet emitters; see sdma_emit.h. */
#include "pm4/sdma_emit.h"

#include <errno.h>
#include <string.h>

uint32_t sdma_ib_field(struct pm4_ib *ib, enum sdma_field f, uint64_t value)
{
    uint32_t dw = 0;

    if (sdma_set(f, &dw, value)) {
        pm4_ib_fail(ib, -ERANGE, "sdma: %s.%s: 0x%llx does not fit its %u bits (max 0x%x)",
                    sdma_pkts[sdma_fields[f].pkt].name, sdma_fields[f].name,
                    (unsigned long long)value, (unsigned)sdma_fields[f].hi - sdma_fields[f].lo + 1u,
                    sdma_field_max(f));
        return 0;
    }
    return dw;
}

size_t sdma_copy_linear_dw(void)
{
    return sdma_pkts[SDMA_PKT_COPY_LINEAR].base_dw;
}

/* 0. BROADCAST 27 | BACKWARDS 25 | TMZ 18 | ENCRYPT 16 | SUB_OP [15:8] | OP [7:0]
 * 1. COUNT [29:0] = bytes - 1
 * 2. SRC_CACHE_POLICY [28:26] | SRC_SW [25:24] | DST_CACHE_POLICY [20:18] | DST_SW [17:16]
 * 3. SRC_ADDR_LO  4. SRC_ADDR_HI  5. DST_ADDR_LO  6. DST_ADDR_HI */
int sdma_emit_copy_linear(struct pm4_ib *ib, uint64_t dst_va, uint64_t src_va, uint32_t bytes)
{
    uint32_t pkt[7];

    if (ib->err)
        return ib->err;
    if (!bytes || bytes > SDMA_COPY_MAX_BYTES)
        return pm4_ib_fail(ib, -EINVAL, "sdma: COPY_LINEAR of %u bytes: 1..%u per packet", bytes,
                           SDMA_COPY_MAX_BYTES);
    pkt[0] = sdma_header(SDMA_PKT_COPY_LINEAR);
    pkt[1] = sdma_ib_field(ib, SDMA_F_COPY_LINEAR_COUNT, bytes - 1u);
    pkt[2] = 0; /* no swap, default cache policies */
    pkt[3] = sdma_ib_field(ib, SDMA_F_COPY_LINEAR_SRC_ADDR_LO, pm4_lo32(src_va));
    pkt[4] = sdma_ib_field(ib, SDMA_F_COPY_LINEAR_SRC_ADDR_HI, pm4_hi32(src_va));
    pkt[5] = sdma_ib_field(ib, SDMA_F_COPY_LINEAR_DST_ADDR_LO, pm4_lo32(dst_va));
    pkt[6] = sdma_ib_field(ib, SDMA_F_COPY_LINEAR_DST_ADDR_HI, pm4_hi32(dst_va));
    return pm4_ib_put(ib, pkt, sdma_copy_linear_dw(), NULL, 0);
}

size_t sdma_write_untiled_dw(unsigned n)
{
    return sdma_pkts[SDMA_PKT_WRITE_UNTILED].base_dw + n;
}

/* 0. TMZ 18 | ENCRYPT 16 | SUB_OP [15:8] | OP [7:0]
 * 1. DST_ADDR_LO  2. DST_ADDR_HI
 * 3. CACHE_POLICY [28:26] | SW [25:24] | COUNT [19:0] = dwords - 1
 * 4.. data */
int sdma_emit_write_untiled(struct pm4_ib *ib, uint64_t dst_va, const uint32_t *data, unsigned n)
{
    uint32_t pkt[4];

    if (ib->err)
        return ib->err;
    if (!n || !data)
        return pm4_ib_fail(ib, -EINVAL, "sdma: WRITE_UNTILED: no data");
    if (!pm4_ib_aligned(ib, "sdma: WRITE_UNTILED: DST_ADDR", dst_va, 4))
        return ib->err;
    pkt[0] = sdma_header(SDMA_PKT_WRITE_UNTILED);
    pkt[1] = sdma_ib_field(ib, SDMA_F_WRITE_UNTILED_DST_ADDR_LO, pm4_lo32(dst_va));
    pkt[2] = sdma_ib_field(ib, SDMA_F_WRITE_UNTILED_DST_ADDR_HI, pm4_hi32(dst_va));
    pkt[3] = sdma_ib_field(ib, SDMA_F_WRITE_UNTILED_COUNT, n - 1u);
    return pm4_ib_put(ib, pkt, 4, data, n);
}

size_t sdma_constant_fill_dw(void)
{
    return sdma_pkts[SDMA_PKT_CONSTANT_FILL].base_dw;
}

/* 0. FILLSIZE [31:30] | CACHE_POLICY [26:24] | SW [17:16] | SUB_OP [15:8] | OP [7:0]
 * 1. DST_ADDR_LO  2. DST_ADDR_HI  3. DATA
 * 4. COUNT [29:0] = bytes - 1 */
int sdma_emit_constant_fill(struct pm4_ib *ib, uint64_t dst_va, uint32_t value, uint32_t bytes)
{
    uint32_t pkt[5];

    if (ib->err)
        return ib->err;
    if (!bytes || bytes % 4 || bytes > SDMA_FILL_MAX_BYTES)
        return pm4_ib_fail(ib, -EINVAL,
                           "sdma: CONSTANT_FILL of %u bytes: whole dwords, 4..%u per packet", bytes,
                           SDMA_FILL_MAX_BYTES);
    if (!pm4_ib_aligned(ib, "sdma: CONSTANT_FILL: DST_ADDR", dst_va, 4))
        return ib->err;
    pkt[0] = sdma_header(SDMA_PKT_CONSTANT_FILL) |
             sdma_ib_field(ib, SDMA_F_CONSTANT_FILL_FILLSIZE, PM4_SDMA_FILLSIZE_DWORD);
    pkt[1] = sdma_ib_field(ib, SDMA_F_CONSTANT_FILL_DST_ADDR_LO, pm4_lo32(dst_va));
    pkt[2] = sdma_ib_field(ib, SDMA_F_CONSTANT_FILL_DST_ADDR_HI, pm4_hi32(dst_va));
    pkt[3] = sdma_ib_field(ib, SDMA_F_CONSTANT_FILL_DATA, value);
    pkt[4] = sdma_ib_field(ib, SDMA_F_CONSTANT_FILL_COUNT, bytes - 1u);
    return pm4_ib_put(ib, pkt, sdma_constant_fill_dw(), NULL, 0);
}

size_t sdma_fence_dw(void)
{
    return sdma_pkts[SDMA_PKT_FENCE].base_dw;
}

/* 0. LLC_POLICY 26 | L2_POLICY [25:24] | GPA 23 | SNP 22 | SYS 20 | GCC 19 |
 *    MTYPE [18:16] | SUB_OP [15:8] | OP [7:0]
 * 1. ADDR_LO  2. ADDR_HI  3. DATA */
int sdma_emit_fence(struct pm4_ib *ib, uint64_t va, uint32_t value)
{
    uint32_t pkt[4];

    if (ib->err)
        return ib->err;
    if (!pm4_ib_aligned(ib, "sdma: FENCE: ADDR", va, 4))
        return ib->err;
    pkt[0] = sdma_header(SDMA_PKT_FENCE) | sdma_ib_field(ib, SDMA_F_FENCE_MTYPE, PM4_SDMA_MTYPE_UC);
    pkt[1] = sdma_ib_field(ib, SDMA_F_FENCE_ADDR_LO, pm4_lo32(va));
    pkt[2] = sdma_ib_field(ib, SDMA_F_FENCE_ADDR_HI, pm4_hi32(va));
    pkt[3] = sdma_ib_field(ib, SDMA_F_FENCE_DATA, value);
    return pm4_ib_put(ib, pkt, sdma_fence_dw(), NULL, 0);
}

size_t sdma_trap_dw(void)
{
    return sdma_pkts[SDMA_PKT_TRAP].base_dw;
}

/* 0. SUB_OP [15:8] | OP [7:0]
 * 1. INT_CONTEXT [27:0] */
int sdma_emit_trap(struct pm4_ib *ib, uint32_t int_context)
{
    uint32_t pkt[2];

    pkt[0] = sdma_header(SDMA_PKT_TRAP);
    pkt[1] = sdma_ib_field(ib, SDMA_F_TRAP_INT_CONTEXT, int_context);
    return pm4_ib_put(ib, pkt, sdma_trap_dw(), NULL, 0);
}

size_t sdma_poll_regmem_dw(void)
{
    return sdma_pkts[SDMA_PKT_POLL_REGMEM].base_dw;
}

/* 0. MEM_POLL 31 | FUNC [30:28] | HDP_FLUSH 26 | CACHE_POLICY [22:20] |
 *    SUB_OP [15:8] | OP [7:0]
 * 1. ADDR_LO  2. ADDR_HI  3. VALUE  4. MASK
 * 5. RETRY_COUNT [27:16] | INTERVAL [15:0] */
int sdma_emit_poll_regmem(struct pm4_ib *ib, uint64_t va, uint32_t ref, uint32_t mask,
                          unsigned function, uint32_t interval, uint32_t retry_count)
{
    uint32_t pkt[6];

    if (ib->err)
        return ib->err;
    if (function > PM4_FUNCTION_GT)
        return pm4_ib_fail(ib, -EINVAL, "sdma: POLL_REGMEM: FUNC %u is reserved", function);
    if (!pm4_ib_aligned(ib, "sdma: POLL_REGMEM: ADDR", va, 4))
        return ib->err;
    pkt[0] = sdma_header(SDMA_PKT_POLL_REGMEM) | sdma_ib_field(ib, SDMA_F_POLL_REGMEM_FUNC, function) |
             sdma_ib_field(ib, SDMA_F_POLL_REGMEM_MEM_POLL, 1);
    pkt[1] = sdma_ib_field(ib, SDMA_F_POLL_REGMEM_ADDR_LO, pm4_lo32(va));
    pkt[2] = sdma_ib_field(ib, SDMA_F_POLL_REGMEM_ADDR_HI, pm4_hi32(va));
    pkt[3] = sdma_ib_field(ib, SDMA_F_POLL_REGMEM_VALUE, ref);
    pkt[4] = sdma_ib_field(ib, SDMA_F_POLL_REGMEM_MASK, mask);
    pkt[5] = sdma_ib_field(ib, SDMA_F_POLL_REGMEM_INTERVAL, interval) |
             sdma_ib_field(ib, SDMA_F_POLL_REGMEM_RETRY_COUNT, retry_count);
    return pm4_ib_put(ib, pkt, sdma_poll_regmem_dw(), NULL, 0);
}

size_t sdma_timestamp_dw(void)
{
    return sdma_pkts[SDMA_PKT_TIMESTAMP_GET_GLOBAL].base_dw;
}

/* 0. LLC_POLICY 26 | L2_POLICY [25:24] | SUB_OP [15:8] = GET_GLOBAL | OP [7:0]
 * 1. WRITE_ADDR_LO (8-byte aligned)  2. WRITE_ADDR_HI */
int sdma_emit_timestamp(struct pm4_ib *ib, uint64_t va)
{
    uint32_t pkt[3];

    if (ib->err)
        return ib->err;
    if (!pm4_ib_aligned(ib, "sdma: TIMESTAMP_GET_GLOBAL: WRITE_ADDR", va, 8))
        return ib->err;
    pkt[0] = sdma_header(SDMA_PKT_TIMESTAMP_GET_GLOBAL);
    pkt[1] = sdma_ib_field(ib, SDMA_F_TIMESTAMP_GET_GLOBAL_WRITE_ADDR_LO, pm4_lo32(va));
    pkt[2] = sdma_ib_field(ib, SDMA_F_TIMESTAMP_GET_GLOBAL_WRITE_ADDR_HI, pm4_hi32(va));
    return pm4_ib_put(ib, pkt, sdma_timestamp_dw(), NULL, 0);
}

size_t sdma_indirect_dw(void)
{
    return sdma_pkts[SDMA_PKT_INDIRECT].base_dw;
}

/* 0. PRIV 31 | VMID [19:16] | SUB_OP [15:8] | OP [7:0]
 * 1. IB_BASE_LO (32-byte aligned)  2. IB_BASE_HI
 * 3. IB_SIZE [19:0]  4. CSA_ADDR_LO  5. CSA_ADDR_HI */
int sdma_emit_indirect(struct pm4_ib *ib, uint64_t va, uint32_t size_dw)
{
    uint32_t pkt[6];

    if (ib->err)
        return ib->err;
    if (!size_dw)
        return pm4_ib_fail(ib, -EINVAL, "sdma: INDIRECT: empty IB at 0x%llx",
                           (unsigned long long)va);
    if (!pm4_ib_aligned(ib, "sdma: INDIRECT: IB_BASE", va, 32))
        return ib->err;
    pkt[0] = sdma_header(SDMA_PKT_INDIRECT);
    pkt[1] = sdma_ib_field(ib, SDMA_F_INDIRECT_IB_BASE_LO, pm4_lo32(va));
    pkt[2] = sdma_ib_field(ib, SDMA_F_INDIRECT_IB_BASE_HI, pm4_hi32(va));
    pkt[3] = sdma_ib_field(ib, SDMA_F_INDIRECT_IB_SIZE, size_dw);
    pkt[4] = 0; /* no context save area */
    pkt[5] = 0;
    return pm4_ib_put(ib, pkt, sdma_indirect_dw(), NULL, 0);
}

/* 0. COUNT [29:16] = dwords that follow | SUB_OP | OP
 * 1.. COUNT ignored dwords (0) */
int sdma_emit_nop(struct pm4_ib *ib, uint32_t total_dw)
{
    uint32_t h;

    if (ib->err)
        return ib->err;
    if (!total_dw || total_dw - 1u > sdma_field_max(SDMA_F_NOP_COUNT))
        return pm4_ib_fail(ib, -EINVAL, "sdma: NOP of %u dwords: 1..%u", total_dw,
                           sdma_field_max(SDMA_F_NOP_COUNT) + 1u);
    h = sdma_header(SDMA_PKT_NOP) | sdma_ib_field(ib, SDMA_F_NOP_COUNT, total_dw - 1u);
    return pm4_ib_put_zeros(ib, h, total_dw - 1u);
}

int sdma_ib_pad(struct pm4_ib *ib, uint32_t align_dw)
{
    return pm4_ib_pad_with(ib, align_dw, sdma_header(SDMA_PKT_NOP));
}
