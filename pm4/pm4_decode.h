/*
 * pm4/pm4_decode.h — PM4 and SDMA streams to readable text.
 *
 * Any dword stream is accepted: the decoder reads only the dwords it is
 * given (and those a resolver hands it), follows INDIRECT_BUFFER to a bounded
 * depth and dword budget, and reports what is wrong in the text instead of
 * failing.  Self-contained (the simulator links it for fault messages).
 *
 * Format (PM4):
 *
 *   0000: c0027602  SET_SH_REG shader_type=compute count=2 (4 dw)
 *           dw1 0000020c
 *               REG_OFFSET = 524 (0x20c)
 *               VMID_SHIFT = 0
 *               INDEX = DEFAULT (0)
 *           COMPUTE_PGM_LO (0x2e0c) <- 0x00004000
 *               DATA = 16384 (0x4000)
 *           ...
 *   0004: c0064900  RELEASE_MEM count=6 (8 dw)
 *           dw1 0070f514
 *               EVENT_TYPE = CACHE_FLUSH_AND_INV_TS_EVENT (20)
 *               ...
 *   0014: ffff1000  NOP (1 dw pad)
 *   0015: c0ee0300  !! unknown opcode 0xee
 *
 * One line per packet: dword offset in the buffer, raw header, opcode name,
 * shader_type / predicate / reset_filter_cam when set, COUNT and the packet's
 * size.  Body dwords follow as "dwN value" with every field of the table on
 * its own line ("NAME = value", the enum name when the value has one; values
 * above 9 also in hex); a dword holding a register image and each register a
 * SET_*_REG writes print as "REGISTER (0xaddr) <- 0xvalue" with the
 * register's fields.  Bits no field covers are shown ("bits 0x... outside
 * the fields").  Problems are lines with "!! " and count as errors.
 * A followed INDIRECT_BUFFER is framed by ">---- IB 0x... (N dw)" and
 * "<---- end of IB 0x..." and indented by 4 per level; a chained one by
 * "---- chained to IB 0x... (N dw)".
 */
#ifndef AMDPM4_PM4_PM4_DECODE_H
#define AMDPM4_PM4_PM4_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Where text goes: write(ctx, text, n) for every piece. */
struct pm4_sink {
    void (*write)(void *ctx, const char *text, size_t n);
    void *ctx;
};

/* Text into a caller buffer of size bytes, always NUL-terminated; what does
 * not fit is dropped and counted. */
struct pm4_strbuf {
    char *buf;
    size_t size, len;
    size_t dropped;            /* bytes that did not fit */
};
struct pm4_sink pm4_sink_strbuf(struct pm4_strbuf *sb, char *buf, size_t size);
struct pm4_sink pm4_sink_file(FILE *f);

/* The dwords at GPU address va, size_dw of them readable, or NULL when the
 * address is not mapped (then the decoder reports it). */
typedef const uint32_t *(*pm4_resolve_fn)(void *user, uint64_t va, uint32_t size_dw);

struct pm4_decode_opts {
    pm4_resolve_fn resolve;    /* NULL: INDIRECT_BUFFERs are listed, not followed */
    void *resolve_user;
    unsigned max_depth;        /* nested IB levels followed; 0: PM4_DECODE_MAX_DEPTH */
    uint64_t max_total_dw;     /* dwords decoded in all (cycles of chained IBs end here);
                                  0: PM4_DECODE_MAX_TOTAL_DW */
};

#define PM4_DECODE_MAX_DEPTH 4u
#define PM4_DECODE_MAX_TOTAL_DW (16ull << 20)

struct pm4_decode_stats {
    uint64_t packets;          /* packets listed */
    uint64_t errors;           /* "!!" lines */
    uint64_t dwords;           /* dwords decoded, nested IBs included */
};

/* Decode n_dw PM4 dwords.  opts may be NULL (defaults), stats too.  Returns
 * 0, or -EINVAL when dw is NULL with n_dw > 0 or sink.write is NULL. */
int pm4_decode(const uint32_t *dw, size_t n_dw, const struct pm4_decode_opts *opts,
               struct pm4_sink sink, struct pm4_decode_stats *stats);

/* The same for an SDMA 6.0 stream. */
int pm4_decode_sdma(const uint32_t *dw, size_t n_dw, const struct pm4_decode_opts *opts,
                    struct pm4_sink sink, struct pm4_decode_stats *stats);

/* One line about the packet at dw[0] (avail_dw dwords readable) for fault
 * messages: "RELEASE_MEM count=6 (8 dw), header 0xc0064900", and the
 * problem when it is malformed.  snprintf-like: returns the length the full
 * text needs. */
int pm4_packet_summary(const uint32_t *dw, size_t avail_dw, char *buf, size_t bytes);
int sdma_packet_summary(const uint32_t *dw, size_t avail_dw, char *buf, size_t bytes);

#endif
