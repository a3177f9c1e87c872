/* pm4/pm4_table.c — table instances and lookups; see pm4_table.h. */
#include "pm4/pm4_table.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const struct pm4_space_info pm4_spaces[PM4_SPACE_COUNT] = {
#define PM4_SPACE(name, first_dw, end_dw) [PM4_SPACE_##name] = {#name, (first_dw), (end_dw)},
#include "pm4/pm4_regs.def"
};

const struct pm4_reg_info pm4_regs[PM4_REG_COUNT] = {
#define PM4_REG(name, space, abs_dw) [PM4_REG_##name] = {#name, (abs_dw), PM4_SPACE_##space},
#include "pm4/pm4_regs.def"
};

const char *const pm4_hdr_names[PM4_HDR_COUNT] = {
#define PM4_HDR(name) [PM4_HDR_##name] = #name,
#include "pm4/pm4_packets.def"
};

/* Indexed by IT_OPCODE; rows the table does not name stay zero (name NULL). */
static const struct pm4_pkt_info pkt_by_opcode[256] = {
#define PM4_PKT(name, opcode, body_min, body_max, kind, space, shader_type)                \
    [opcode] = {#name, (body_min), (body_max), (opcode), PM4_BODY_##kind, PM4_SPACE_##space, \
                PM4_SHADER_TYPE_##shader_type},
#include "pm4/pm4_packets.def"
};

const struct pm4_field_info pm4_fields[PM4_FIELD_COUNT] = {
#define PM4_RFIELD(reg, name, lo, hi, enumset) \
    [PM4_F_##reg##_##name] = {#name, PM4_REG_##reg, PM4_OWNER_REG, 0, (lo), (hi), PM4_ENUMSET_##enumset, -1},
#include "pm4/pm4_regs.def"
#define PM4_HFIELD(hdr, name, lo, hi, enumset) \
    [PM4_F_##hdr##_##name] = {#name, PM4_HDR_##hdr, PM4_OWNER_HDR, 0, (lo), (hi), PM4_ENUMSET_##enumset, -1},
#define PM4_PFIELD(pkt, name, dw, lo, hi, enumset) \
    [PM4_F_##pkt##_##name] = {#name, PM4_OP_##pkt, PM4_OWNER_PKT, (dw), (lo), (hi), PM4_ENUMSET_##enumset, -1},
#define PM4_PREG(pkt, name, dw, reg) \
    [PM4_F_##pkt##_##name] = {#name, PM4_OP_##pkt, PM4_OWNER_PKT, (dw), 0, 31, PM4_ENUMSET_NONE, PM4_REG_##reg},
#include "pm4/pm4_packets.def"
};

const char *const pm4_enumset_names[PM4_ENUMSET_COUNT] = {
#define PM4_ENUMSET(set) [PM4_ENUMSET_##set] = #set,
#include "pm4/pm4_enums.def"
};

struct enum_row {
    uint8_t set;
    uint32_t value;
    const char *name;
};

static const struct enum_row enum_rows[] = {
#define PM4_ENUM(set, name, value) {PM4_ENUMSET_##set, (value), #name},
#include "pm4/pm4_enums.def"
};

/* Register ids + 1 by absolute dword address (0: none), the windows one
 * after the other: window W's address a is at PM4_WBASE_W + a - W.FIRST_DW. */
enum pm4_window_base {
#define PM4_SPACE(name, first_dw, end_dw) \
    PM4_WBASE_##name, PM4_WBASE_##name##_LAST = PM4_WBASE_##name + ((end_dw) - (first_dw)) - 1,
#include "pm4/pm4_regs.def"
    PM4_WBASE_END,
};

static const uint16_t window_base[PM4_SPACE_COUNT] = {
#define PM4_SPACE(name, first_dw, end_dw) [PM4_SPACE_##name] = PM4_WBASE_##name,
#include "pm4/pm4_regs.def"
};

_Static_assert(PM4_REG_COUNT < UINT8_MAX, "register ids + 1 fit reg_by_window's bytes");

static const uint8_t reg_by_window[PM4_WBASE_END] = {
#define PM4_REG(name, space, abs_dw) \
    [PM4_WBASE_##space + (abs_dw) - PM4_##space##_FIRST_DW] = PM4_REG_##name + 1,
#include "pm4/pm4_regs.def"
};

int pm4_reg_by_dw(uint32_t abs_dw)
{
    for (unsigned s = 0; s < PM4_SPACE_COUNT; s++)
        if (abs_dw >= pm4_spaces[s].first_dw && abs_dw < pm4_spaces[s].end_dw)
            return (int)reg_by_window[window_base[s] + abs_dw - pm4_spaces[s].first_dw] - 1;
    return -1;
}

int pm4_reg_by_name(const char *name)
{
    for (int r = 0; r < PM4_REG_COUNT; r++)
        if (!strcmp(pm4_regs[r].name, name))
            return r;
    return -1;
}

const struct pm4_pkt_info *pm4_pkt_info(unsigned opcode)
{
    if (opcode >= 256 || !pkt_by_opcode[opcode].name)
        return NULL;
    return &pkt_by_opcode[opcode];
}

int pm4_pkt_by_name(const char *name)
{
    for (unsigned op = 0; op < 256; op++)
        if (pkt_by_opcode[op].name && !strcmp(pkt_by_opcode[op].name, name))
            return (int)op;
    return -1;
}

/* Field owners (registers, headers, packets) in .def order, which is the
 * order of their fields in enum pm4_field. */
enum pm4_owner_seq {
#define PM4_REG(name, space, abs_dw) PM4_SEQ_REG_##name,
#include "pm4/pm4_regs.def"
#define PM4_HDR(name) PM4_SEQ_HDR_##name,
#define PM4_PKT(name, opcode, body_min, body_max, kind, space, shader_type) PM4_SEQ_PKT_##name,
#include "pm4/pm4_packets.def"
    PM4_SEQ_COUNT,
};

/* The .def rows replayed: each owner row is a marker that takes the id of
 * the field row after it (the next enumerator steps back by one), so
 * PM4_FIRST_<owner> is the id of the owner's first field. */
enum pm4_field_first {
#define PM4_REG(name, space, abs_dw) \
    PM4_FIRST_REG_##name, PM4_FIRST_REG_##name##_BACK = PM4_FIRST_REG_##name - 1,
#define PM4_RFIELD(reg, name, lo, hi, enumset) PM4_FIRST_ROW_##reg##_##name,
#include "pm4/pm4_regs.def"
#define PM4_HDR(name) PM4_FIRST_HDR_##name, PM4_FIRST_HDR_##name##_BACK = PM4_FIRST_HDR_##name - 1,
#define PM4_PKT(name, opcode, body_min, body_max, kind, space, shader_type) \
    PM4_FIRST_PKT_##name, PM4_FIRST_PKT_##name##_BACK = PM4_FIRST_PKT_##name - 1,
#define PM4_HFIELD(hdr, name, lo, hi, enumset) PM4_FIRST_ROW_##hdr##_##name,
#define PM4_PFIELD(pkt, name, dw, lo, hi, enumset) PM4_FIRST_ROW_##pkt##_##name,
#define PM4_PREG(pkt, name, dw, reg) PM4_FIRST_ROW_##pkt##_##name,
#include "pm4/pm4_packets.def"
    PM4_FIRST_END,
};

_Static_assert((int)PM4_FIRST_END == (int)PM4_FIELD_COUNT, "the replay counts every field row once");

/* seq_first[s] .. seq_first[s + 1]: the fields of owner s. */
static const uint16_t seq_first[PM4_SEQ_COUNT + 1] = {
#define PM4_REG(name, space, abs_dw) [PM4_SEQ_REG_##name] = PM4_FIRST_REG_##name,
#include "pm4/pm4_regs.def"
#define PM4_HDR(name) [PM4_SEQ_HDR_##name] = PM4_FIRST_HDR_##name,
#define PM4_PKT(name, opcode, body_min, body_max, kind, space, shader_type) \
    [PM4_SEQ_PKT_##name] = PM4_FIRST_PKT_##name,
#include "pm4/pm4_packets.def"
    [PM4_SEQ_COUNT] = PM4_FIELD_COUNT,
};

static const uint16_t reg_seq[PM4_REG_COUNT] = {
#define PM4_REG(name, space, abs_dw) [PM4_REG_##name] = PM4_SEQ_REG_##name,
#include "pm4/pm4_regs.def"
};

static const uint16_t hdr_seq[PM4_HDR_COUNT] = {
#define PM4_HDR(name) [PM4_HDR_##name] = PM4_SEQ_HDR_##name,
#include "pm4/pm4_packets.def"
};

/* Indexed by IT_OPCODE: the owner + 1; 0 for opcodes the table does not name. */
static const uint16_t pkt_seq1[256] = {
#define PM4_PKT(name, opcode, body_min, body_max, kind, space, shader_type) \
    [opcode] = PM4_SEQ_PKT_##name + 1,
#include "pm4/pm4_packets.def"
};

unsigned pm4_owner_fields(enum pm4_owner_kind kind, unsigned owner, unsigned *first)
{
    unsigned s = PM4_SEQ_COUNT;

    switch (kind) {
    case PM4_OWNER_REG:
        if (owner < PM4_REG_COUNT)
            s = reg_seq[owner];
        break;
    case PM4_OWNER_PKT:
        if (owner < 256 && pkt_seq1[owner])
            s = pkt_seq1[owner] - 1u;
        break;
    case PM4_OWNER_HDR:
        if (owner < PM4_HDR_COUNT)
            s = hdr_seq[owner];
        break;
    }
    if (s == PM4_SEQ_COUNT) {
        *first = PM4_FIELD_COUNT;
        return 0;
    }
    *first = seq_first[s];
    return seq_first[s + 1] - seq_first[s];
}

int pm4_field_by_name(enum pm4_owner_kind kind, unsigned owner, const char *name)
{
    unsigned first, n = pm4_owner_fields(kind, owner, &first);

    for (unsigned i = 0; i < n; i++)
        if (!strcmp(pm4_fields[first + i].name, name))
            return (int)(first + i);
    return -1;
}

const char *pm4_enum_name(unsigned enumset, uint32_t value)
{
    for (size_t i = 0; i < sizeof(enum_rows) / sizeof(enum_rows[0]); i++)
        if (enum_rows[i].set == enumset && enum_rows[i].value == value)
            return enum_rows[i].name;
    return NULL;
}

const char *pm4_field_fullname(enum pm4_field f, char *buf, size_t bytes)
{
    const struct pm4_field_info *fi = &pm4_fields[f];
    const char *owner = "?";

    switch (fi->owner_kind) {
    case PM4_OWNER_REG: owner = pm4_regs[fi->owner].name; break;
    case PM4_OWNER_PKT: owner = pkt_by_opcode[fi->owner].name; break;
    case PM4_OWNER_HDR: owner = pm4_hdr_names[fi->owner]; break;
    }
    snprintf(buf, bytes, "%s.%s", owner, fi->name);
    return buf;
}

uint32_t pm4_nop_pad_header(void)
{
    uint32_t h = 0;

    /* Every value fits its field by construction. */
    pm4_set(PM4_F_PKT3_TYPE, &h, PM4_PKT_TYPE_TYPE3);
    pm4_set(PM4_F_PKT3_COUNT, &h, pm4_field_max(PM4_F_PKT3_COUNT));
    pm4_set(PM4_F_PKT3_IT_OPCODE, &h, PM4_OP_NOP);
    return h;
}

int pm4_pkt3_header(unsigned opcode, uint32_t body_dw, unsigned shader_type, uint32_t *hdr)
{
    uint32_t h = 0;
    int r;

    if (body_dw == 0)
        return -ERANGE;
    if ((r = pm4_set(PM4_F_PKT3_TYPE, &h, PM4_PKT_TYPE_TYPE3)) ||
        (r = pm4_set(PM4_F_PKT3_COUNT, &h, body_dw - 1u)) ||
        (r = pm4_set(PM4_F_PKT3_IT_OPCODE, &h, opcode)) ||
        (r = pm4_set(PM4_F_PKT3_SHADER_TYPE, &h, shader_type)))
        return r;
    *hdr = h;
    return 0;
}

int pm4_packet_parse(const uint32_t *dw, size_t avail_dw, struct pm4_packet *p, char *why,
                     size_t why_bytes)
{
    char dummy[1];
    uint32_t h;

    if (!why) {
        why = dummy;
        why_bytes = sizeof(dummy);
    }
    memset(p, 0, sizeof(*p));
    p->total_dw = 1;
    if (!avail_dw) {
        snprintf(why, why_bytes, "no dwords left");
        return -EOVERFLOW;
    }
    h = dw[0];
    p->header = h;
    p->type = pm4_get(PM4_F_PKT3_TYPE, h);
    p->count = pm4_get(PM4_F_PKT3_COUNT, h);

    if (p->type == PM4_PKT_TYPE_TYPE0) {
        p->body_dw = p->count + 1u;
        p->total_dw = p->body_dw + 1u;
        snprintf(why, why_bytes, "type-0 packet (register write to 0x%x, %u dw): not accepted from an IB",
                 pm4_get(PM4_F_PKT0_BASE_INDEX, h), p->body_dw);
        return -EPROTO;
    }
    if (p->type != PM4_PKT_TYPE_TYPE3) {
        snprintf(why, why_bytes, "type-%u packet: gfx11 streams are type-3 packets (pad: 0x%08x)",
                 p->type, pm4_nop_pad_header());
        return -EPROTO;
    }

    p->opcode = pm4_get(PM4_F_PKT3_IT_OPCODE, h);
    p->shader_type = pm4_get(PM4_F_PKT3_SHADER_TYPE, h);
    p->predicate = pm4_get(PM4_F_PKT3_PREDICATE, h);
    p->reset_filter_cam = pm4_get(PM4_F_PKT3_RESET_FILTER_CAM, h);
    p->info = pm4_pkt_info(p->opcode);
    if (p->opcode == PM4_OP_NOP && p->count == pm4_field_max(PM4_F_PKT3_COUNT)) {
        p->body_dw = 0; /* the header-only NOP */
        p->total_dw = 1;
        return 0;
    }
    p->body_dw = p->count + 1u;
    p->total_dw = p->body_dw + 1u;

    if (!p->info) {
        snprintf(why, why_bytes, "unknown opcode 0x%02x", p->opcode);
        return -ENOENT;
    }
    if (p->body_dw < p->info->body_min || p->body_dw > p->info->body_max) {
        if (p->info->body_min == p->info->body_max)
            snprintf(why, why_bytes, "%s with COUNT %u: needs COUNT %u (%u body dw)", p->info->name,
                     p->count, p->info->body_min - 1u, p->info->body_min);
        else
            snprintf(why, why_bytes, "%s with COUNT %u: needs %u..%u body dw", p->info->name,
                     p->count, p->info->body_min, p->info->body_max);
        return -EBADMSG;
    }
    if (p->total_dw > avail_dw) {
        snprintf(why, why_bytes, "%s with COUNT %u needs %u dw, only %zu left", p->info->name,
                 p->count, p->total_dw, avail_dw);
        return -EOVERFLOW;
    }
    if (p->info->kind == PM4_BODY_REGS) {
        const struct pm4_space_info *sp = &pm4_spaces[p->info->space];
        uint32_t first = pm4_regs_first_dw(p, dw);

        if ((uint64_t)first + (p->body_dw - 1u) > sp->end_dw) {
            snprintf(why, why_bytes, "%s of %u registers from 0x%x leaves the %s window [0x%x, 0x%x)",
                     p->info->name, p->body_dw - 1u, first, sp->name, sp->first_dw, sp->end_dw);
            return -EBADMSG;
        }
    }
    return 0;
}

uint32_t pm4_regs_first_dw(const struct pm4_packet *p, const uint32_t *pkt)
{
    unsigned f;

    /* Every REGS packet's first field is its dw1 REG_OFFSET (the pm4 suite
     * checks). */
    if (!p->info || p->info->kind != PM4_BODY_REGS || p->body_dw < 1 ||
        !pm4_owner_fields(PM4_OWNER_PKT, p->opcode, &f))
        return 0;
    return pm4_spaces[p->info->space].first_dw + pm4_get((enum pm4_field)f, pkt[1]);
}
