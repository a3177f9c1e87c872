/*
 * pm4/sdma_table.h — the SDMA 6.0 packet table (gfx11 system DMA), generated
 * by the C preprocessor from sdma_packets.def.
 *
 *   SDMA_PKT_<NAME>        packet ids (enum sdma_pkt), sdma_pkts[] info
 *   SDMA_OP_<NAME>, SDMA_SUBOP_<NAME>   header OP / SUB_OP of packet NAME
 *   SDMA_F_<PKT>_<NAME>    fields (enum sdma_field), sdma_fields[] info
 *
 * Field values use the named sets of pm4_enums.def (PM4_FUNCTION_EQ, ...).
 * Self-contained (the simulator links it): no libdrm, no pm4/log.c.
 */
#ifndef AMDPM4_PM4_SDMA_TABLE_H
#define AMDPM4_PM4_SDMA_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pm4/pm4_table.h"

enum sdma_pkt {
#define SDMA_PKT(name, op, sub_op, base_dw, count_field, count_bias) SDMA_PKT_##name,
#include "pm4/sdma_packets.def"
    SDMA_PKT_COUNT,
};

enum sdma_opcodes {
#define SDMA_PKT(name, op, sub_op, base_dw, count_field, count_bias) \
    SDMA_OP_##name = (op), SDMA_SUBOP_##name = (sub_op),
#include "pm4/sdma_packets.def"
};

enum sdma_field {
#define SDMA_FIELD(pkt, name, dw, lo, hi, enumset) SDMA_F_##pkt##_##name,
#include "pm4/sdma_packets.def"
    SDMA_FIELD_COUNT,
    SDMA_F_NONE = SDMA_FIELD_COUNT, /* a packet of fixed size */
};

struct sdma_pkt_info {
    const char *name;
    uint8_t op, sub_op;
    uint8_t base_dw;           /* dwords of the fixed part */
    uint16_t count_field;      /* enum sdma_field adding to the size, or SDMA_F_NONE */
    uint8_t count_bias;        /* total = base_dw + count + count_bias */
};

struct sdma_field_info {
    const char *name;
    uint8_t pkt;               /* enum sdma_pkt */
    uint8_t dw;                /* packet dword holding it (header = 0) */
    uint8_t lo, hi;            /* bits [hi:lo] */
    uint8_t enumset;           /* enum pm4_enumset */
};

extern const struct sdma_pkt_info sdma_pkts[SDMA_PKT_COUNT];
extern const struct sdma_field_info sdma_fields[SDMA_FIELD_COUNT];

/* The packet with this OP and SUB_OP, or -1. */
int sdma_pkt_lookup(unsigned op, unsigned sub_op);
/* The packet called name ("COPY_LINEAR"), or -1. */
int sdma_pkt_by_name(const char *name);
/* Fields of a packet (contiguous); returns how many, *first the first one. */
unsigned sdma_pkt_fields(enum sdma_pkt pkt, unsigned *first);

static inline uint32_t sdma_field_mask(enum sdma_field f)
{
    return pm4_bits_mask(sdma_fields[f].lo, sdma_fields[f].hi);
}

static inline uint32_t sdma_field_max(enum sdma_field f)
{
    return sdma_field_mask(f) >> sdma_fields[f].lo;
}

static inline bool sdma_fits(enum sdma_field f, uint64_t value)
{
    return value <= sdma_field_max(f);
}

/* The field's value in the dword that holds it. */
static inline uint32_t sdma_get(enum sdma_field f, uint32_t dword)
{
    return (dword & sdma_field_mask(f)) >> sdma_fields[f].lo;
}

/* The field's value in a packet (pkt[0] = header); the caller has checked
 * the packet's length (sdma_packet_parse). */
static inline uint32_t sdma_pkt_get(enum sdma_field f, const uint32_t *pkt)
{
    return sdma_get(f, pkt[sdma_fields[f].dw]);
}

/* Insert value into the field of *dword: 0, or -ERANGE (unchanged) when it
 * does not fit. */
int sdma_set(enum sdma_field f, uint32_t *dword, uint64_t value);

/* Header dword with OP and SUB_OP of pkt and every other field 0. */
uint32_t sdma_header(enum sdma_pkt pkt);

/* One SDMA packet found at the start of a stream. */
struct sdma_packet {
    uint32_t header;
    unsigned op, sub_op;
    int pkt;                   /* enum sdma_pkt, or -1 if unknown */
    uint64_t total_dw;         /* dwords it occupies (1 if unknown) */
};

/*
 * Read the SDMA packet at dw[0] (avail_dw > 0 available).  Returns 0, or
 *   -ENOENT     OP / SUB_OP not in the table (total_dw = 1)
 *   -EOVERFLOW  the packet runs past avail_dw
 * with a one-line reason in why.  Reads only dw[0 .. avail_dw).
 */
int sdma_packet_parse(const uint32_t *dw, size_t avail_dw, struct sdma_packet *p, char *why,
                      size_t why_bytes);

#endif
