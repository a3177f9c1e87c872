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

int pm4_reg_by_dw(uint32_t abs_dw)
{
    int lo = 0, hi = PM4_REG_COUNT - 1;

    /* pm4_regs.def is sorted by address (checked by the pm4 suite). */
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (pm4_regs[mid].abs_dw == abs_dw)
            return mid;
        if (pm4_regs[mid].abs_dw < abs_dw)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
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

unsigned pm4_owner_fields(enum pm4_owner_kind kind, unsigned owner, unsigned *first)
{
    unsigned f = 0, n = 0;

    while (f < PM4_FIELD_COUNT && !(pm4_fields[f].owner_kind == kind && pm4_fields[f].owner == owner))
        f++;
    *first = f;
    while (f + n < PM4_FIELD_COUNT && pm4_fields[f + n].owner_kind == kind &&
           pm4_fields[f + n].owner == owner)
        n++;
    return n;
}

int pm4_field_by_name(enum pm4_owner_kind kind, unsigned owner, const char *name)
{
    unsigned first, n = pm4_owner_fields(kind, owner, &first);

    for (unsigned i = 0; i < n; i++)
        if (!strcmp(pm4_fields[first + i].name, name))
            return (int)(first + i);
    return -1;
}

int pm4_bits_set(unsigned lo, unsigned hi, uint32_t *dword, uint64_t value)
{
    uint32_t mask = pm4_bits_mask(lo, hi);

    if (value > (mask >> lo))
        return -ERANGE;
    *dword = (*dword & ~mask) | ((uint32_t)value << lo);
    return 0;
}

int pm4_set(enum pm4_field f, uint32_t *dword, uint64_t value)
{
    return pm4_bits_set(pm4_fields[f].lo, pm4_fields[f].hi, dword, value);
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
    /* Every REGS packet names its dw1 offset field REG_OFFSET. */
    int f = pm4_field_by_name(PM4_OWNER_PKT, p->opcode, "REG_OFFSET");

    if (!p->info || p->info->kind != PM4_BODY_REGS || f < 0 || p->body_dw < 1)
        return 0;
    return pm4_spaces[p->info->space].first_dw + pm4_get((enum pm4_field)f, pkt[1]);
}
