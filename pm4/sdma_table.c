/* pm4/sdma_table.c — SDMA 6.0 table instances and lookups; see sdma_table.h. */
#include "pm4/sdma_table.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const struct sdma_pkt_info sdma_pkts[SDMA_PKT_COUNT] = {
#define SDMA_PKT(name, op, sub_op, base_dw, count_field, count_bias) \
    [SDMA_PKT_##name] = {#name, (op), (sub_op), (base_dw), SDMA_F_##count_field, (count_bias)},
#include "pm4/sdma_packets.def"
};

const struct sdma_field_info sdma_fields[SDMA_FIELD_COUNT] = {
#define SDMA_FIELD(pkt, name, dw, lo, hi, enumset) \
    [SDMA_F_##pkt##_##name] = {#name, SDMA_PKT_##pkt, (dw), (lo), (hi), PM4_ENUMSET_##enumset},
#include "pm4/sdma_packets.def"
};

int sdma_pkt_lookup(unsigned op, unsigned sub_op)
{
    for (int p = 0; p < SDMA_PKT_COUNT; p++)
        if (sdma_pkts[p].op == op && sdma_pkts[p].sub_op == sub_op)
            return p;
    return -1;
}

int sdma_pkt_by_name(const char *name)
{
    for (int p = 0; p < SDMA_PKT_COUNT; p++)
        if (!strcmp(sdma_pkts[p].name, name))
            return p;
    return -1;
}

unsigned sdma_pkt_fields(enum sdma_pkt pkt, unsigned *first)
{
    unsigned f = 0, n = 0;

    while (f < SDMA_FIELD_COUNT && sdma_fields[f].pkt != pkt)
        f++;
    *first = f;
    while (f + n < SDMA_FIELD_COUNT && sdma_fields[f + n].pkt == pkt)
        n++;
    return n;
}

int sdma_set(enum sdma_field f, uint32_t *dword, uint64_t value)
{
    return pm4_bits_set(sdma_fields[f].lo, sdma_fields[f].hi, dword, value);
}

uint32_t sdma_header(enum sdma_pkt pkt)
{
    unsigned first;
    uint32_t h = 0;

    /* The first two fields of every packet are OP [7:0] and SUB_OP [15:8]
     * (checked by the pm4 suite); op and sub_op fit them by construction. */
    sdma_pkt_fields(pkt, &first);
    sdma_set((enum sdma_field)first, &h, sdma_pkts[pkt].op);
    sdma_set((enum sdma_field)(first + 1), &h, sdma_pkts[pkt].sub_op);
    return h;
}

int sdma_packet_parse(const uint32_t *dw, size_t avail_dw, struct sdma_packet *p, char *why,
                      size_t why_bytes)
{
    const struct sdma_pkt_info *pi;
    char dummy[1];
    unsigned first;

    if (!why) {
        why = dummy;
        why_bytes = sizeof(dummy);
    }
    memset(p, 0, sizeof(*p));
    p->pkt = -1;
    p->total_dw = 1;
    if (!avail_dw) {
        snprintf(why, why_bytes, "no dwords left");
        return -EOVERFLOW;
    }
    p->header = dw[0];
    /* OP and SUB_OP sit at the same bits in every header: read them through
     * the NOP's fields. */
    sdma_pkt_fields(SDMA_PKT_NOP, &first);
    p->op = sdma_get((enum sdma_field)first, dw[0]);
    p->sub_op = sdma_get((enum sdma_field)(first + 1), dw[0]);
    p->pkt = sdma_pkt_lookup(p->op, p->sub_op);
    if (p->pkt < 0) {
        snprintf(why, why_bytes, "unknown SDMA op %u sub-op %u", p->op, p->sub_op);
        return -ENOENT;
    }
    pi = &sdma_pkts[p->pkt];
    p->total_dw = pi->base_dw;
    if (pi->count_field != SDMA_F_NONE) {
        const struct sdma_field_info *cf = &sdma_fields[pi->count_field];

        if (cf->dw >= avail_dw) {
            snprintf(why, why_bytes, "%s needs at least %u dw, only %zu left", pi->name,
                     (unsigned)cf->dw + 1u, avail_dw);
            p->total_dw = (uint64_t)cf->dw + 1u;
            return -EOVERFLOW;
        }
        p->total_dw += (uint64_t)sdma_get((enum sdma_field)pi->count_field, dw[cf->dw]) +
                       pi->count_bias;
    }
    if (p->total_dw > avail_dw) {
        snprintf(why, why_bytes, "%s needs %llu dw, only %zu left", pi->name,
                 (unsigned long long)p->total_dw, avail_dw);
        return -EOVERFLOW;
    }
    return 0;
}
