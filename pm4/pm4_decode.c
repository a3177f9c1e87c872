/* pm4/pm4_decode.c — PM4 / SDMA streams to text; see pm4_decode.h. */
#include "pm4/pm4_decode.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "pm4/pm4_table.h"
#include "pm4/sdma_table.h"

#define LINE_BYTES 512
#define BODY_INDENT "        "
#define FIELD_INDENT "            "

/* ---------------------------------------------------------------- sinks */

static void strbuf_write(void *ctx, const char *text, size_t n)
{
    struct pm4_strbuf *sb = ctx;
    size_t room = sb->size > sb->len + 1 ? sb->size - sb->len - 1 : 0;
    size_t k = n < room ? n : room;

    if (k) {
        memcpy(sb->buf + sb->len, text, k);
        sb->len += k;
        sb->buf[sb->len] = '\0';
    }
    sb->dropped += n - k;
}

struct pm4_sink pm4_sink_strbuf(struct pm4_strbuf *sb, char *buf, size_t size)
{
    sb->buf = buf;
    sb->size = size;
    sb->len = 0;
    sb->dropped = 0;
    if (size)
        buf[0] = '\0';
    return (struct pm4_sink){strbuf_write, sb};
}

static void file_write(void *ctx, const char *text, size_t n)
{
    fwrite(text, 1, n, (FILE *)ctx);
}

struct pm4_sink pm4_sink_file(FILE *f)
{
    return (struct pm4_sink){file_write, f};
}

/* ---------------------------------------------------------------- context */

struct dctx {
    struct pm4_sink sink;
    pm4_resolve_fn resolve;
    void *resolve_user;
    unsigned max_depth;
    uint64_t budget_dw;        /* dwords left to decode */
    bool stop;                 /* budget exhausted */
    struct pm4_decode_stats st;
};

static void line(struct dctx *c, unsigned depth, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void line(struct dctx *c, unsigned depth, const char *fmt, ...)
{
    char buf[LINE_BYTES];
    size_t ind = 4u * depth, n;
    va_list ap;

    if (ind > 64)
        ind = 64;
    memset(buf, ' ', ind);
    va_start(ap, fmt);
    vsnprintf(buf + ind, sizeof(buf) - ind - 1, fmt, ap);
    va_end(ap);
    n = strlen(buf);
    buf[n++] = '\n';
    c->sink.write(c->sink.ctx, buf, n);
}

/* A "!!" line: a problem with the stream. */
static void problem(struct dctx *c, unsigned depth, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(struct dctx *c, unsigned depth, const char *fmt, ...)
{
    char msg[LINE_BYTES - 80];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    line(c, depth, BODY_INDENT "!! %s", msg);
    c->st.errors++;
}

static void init_ctx(struct dctx *c, const struct pm4_decode_opts *o, struct pm4_sink sink)
{
    memset(c, 0, sizeof(*c));
    c->sink = sink;
    c->max_depth = PM4_DECODE_MAX_DEPTH;
    c->budget_dw = PM4_DECODE_MAX_TOTAL_DW;
    if (o) {
        c->resolve = o->resolve;
        c->resolve_user = o->resolve_user;
        if (o->max_depth)
            c->max_depth = o->max_depth;
        if (o->max_total_dw)
            c->budget_dw = o->max_total_dw;
    }
}

/* Account for n dwords; false (and a problem line, once) when the budget is
 * spent. */
static bool spend(struct dctx *c, unsigned depth, uint64_t n)
{
    if (c->stop)
        return false;
    if (n > c->budget_dw) {
        problem(c, depth, "decode limit reached: stopping (chained IBs that loop?)");
        c->stop = true;
        return false;
    }
    c->budget_dw -= n;
    c->st.dwords += n;
    return true;
}

static void fmt_value(char *buf, size_t bytes, unsigned enumset, uint32_t v)
{
    const char *name = enumset < PM4_ENUMSET_COUNT ? pm4_enum_name(enumset, v) : NULL;

    if (name)
        snprintf(buf, bytes, "%s (%u)", name, v);
    else if (v <= 9)
        snprintf(buf, bytes, "%u", v);
    else
        snprintf(buf, bytes, "%u (0x%x)", v, v);
}

/* "FIELD = value" for the field at bits [hi:lo] of dword; returns its mask. */
static uint32_t field_line(struct dctx *c, unsigned depth, const char *name, unsigned lo,
                           unsigned hi, unsigned enumset, uint32_t dword)
{
    uint32_t mask = pm4_bits_mask(lo, hi);
    char v[64];

    fmt_value(v, sizeof(v), enumset, (dword & mask) >> lo);
    line(c, depth, FIELD_INDENT "%s = %s", name, v);
    return mask;
}

/* The bits of dword no field covered, if any. */
static void leftover_line(struct dctx *c, unsigned depth, uint32_t dword, uint32_t covered)
{
    if (dword & ~covered)
        line(c, depth, FIELD_INDENT "(bits 0x%08x outside the fields)", dword & ~covered);
}

static void raw_dwords(struct dctx *c, unsigned depth, const uint32_t *pk, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        line(c, depth, BODY_INDENT "dw%zu %08x", i, pk[i]);
}

/* "REGISTER (0xaddr) <- 0xvalue" and the register's fields. */
static void print_reg(struct dctx *c, unsigned depth, const char *prefix, uint32_t abs_dw,
                      int reg, uint32_t value)
{
    unsigned first, n;
    uint32_t covered = 0;

    if (reg < 0) {
        line(c, depth, BODY_INDENT "%s0x%04x (no register in the table) <- 0x%08x", prefix, abs_dw,
             value);
        return;
    }
    line(c, depth, BODY_INDENT "%s%s (0x%04x) <- 0x%08x", prefix, pm4_regs[reg].name, abs_dw,
         value);
    n = pm4_owner_fields(PM4_OWNER_REG, (unsigned)reg, &first);
    for (unsigned i = 0; i < n; i++) {
        const struct pm4_field_info *fi = &pm4_fields[first + i];
        covered |= field_line(c, depth, fi->name, fi->lo, fi->hi, fi->enumset, value);
    }
    leftover_line(c, depth, value, covered);
}

/* Body dword dwi of a PM4 packet with every field the table gives it. */
static void print_pkt_dword(struct dctx *c, unsigned depth, unsigned opcode, unsigned dwi,
                            uint32_t value)
{
    unsigned first, n = pm4_owner_fields(PM4_OWNER_PKT, opcode, &first);
    uint32_t covered = 0;
    bool any = false;

    for (unsigned i = 0; i < n; i++) {
        const struct pm4_field_info *fi = &pm4_fields[first + i];

        if (fi->dw == dwi && fi->reg >= 0) {
            char prefix[16];
            snprintf(prefix, sizeof(prefix), "dw%u ", dwi);
            print_reg(c, depth, prefix, pm4_regs[fi->reg].abs_dw, fi->reg, value);
            return;
        }
    }
    line(c, depth, BODY_INDENT "dw%u %08x", dwi, value);
    for (unsigned i = 0; i < n; i++) {
        const struct pm4_field_info *fi = &pm4_fields[first + i];

        if (fi->dw != dwi)
            continue;
        any = true;
        covered |= field_line(c, depth, fi->name, fi->lo, fi->hi, fi->enumset, value);
    }
    if (any)
        leftover_line(c, depth, value, covered);
}

/* ---------------------------------------------------------------- PM4 */

/* The dwords of an IB at va, or NULL after saying why not (nothing to
 * follow, no resolver, too deep when nesting, unreadable). */
static const uint32_t *resolve_ib(struct dctx *c, unsigned depth, uint64_t va, uint32_t size,
                                  bool nests)
{
    const uint32_t *data;

    if (!size) {
        problem(c, depth, "IB of 0 dwords at 0x%llx", (unsigned long long)va);
        return NULL;
    }
    if (!c->resolve) {
        line(c, depth, BODY_INDENT "(IB 0x%llx not followed: no GPU memory to read it from)",
             (unsigned long long)va);
        return NULL;
    }
    if (nests && depth + 1 > c->max_depth) {
        problem(c, depth, "IB 0x%llx not followed: nesting deeper than %u levels",
                (unsigned long long)va, c->max_depth);
        return NULL;
    }
    data = c->resolve(c->resolve_user, va, size);
    if (!data)
        problem(c, depth, "IB 0x%llx (%u dw) is not readable GPU memory", (unsigned long long)va,
                size);
    return data;
}

struct next_ib {
    const uint32_t *dw;
    uint32_t size_dw;
    uint64_t va;
};

static void decode_pm4_buf(struct dctx *c, const uint32_t *dw, size_t n, unsigned depth);

/* Follow the INDIRECT_BUFFER pk.  A chained one is returned in *chain for the
 * caller to continue with; a plain one is decoded here, one level deeper. */
static void follow_ib(struct dctx *c, unsigned depth, const uint32_t *pk, struct next_ib *chain)
{
    uint64_t va = pm4_pkt_get(PM4_F_INDIRECT_BUFFER_IB_BASE_LO, pk) |
                  (uint64_t)pm4_pkt_get(PM4_F_INDIRECT_BUFFER_IB_BASE_HI, pk) << 32;
    uint32_t size = pm4_pkt_get(PM4_F_INDIRECT_BUFFER_IB_SIZE, pk);
    bool chained = pm4_pkt_get(PM4_F_INDIRECT_BUFFER_CHAIN, pk);
    const uint32_t *data;

    if (!pm4_pkt_get(PM4_F_INDIRECT_BUFFER_VALID, pk))
        problem(c, depth, "INDIRECT_BUFFER without VALID");
    if (va % 4)
        problem(c, depth, "IB_BASE 0x%llx is not 4-byte aligned", (unsigned long long)va);
    data = resolve_ib(c, depth, va, size, !chained);
    if (!data)
        return;
    if (chained) {
        *chain = (struct next_ib){data, size, va};
        return;
    }
    line(c, depth, BODY_INDENT ">---- IB 0x%llx (%u dw)", (unsigned long long)va, size);
    decode_pm4_buf(c, data, size, depth + 1);
    line(c, depth, BODY_INDENT "<---- end of IB 0x%llx", (unsigned long long)va);
}

static void packet_line(struct dctx *c, unsigned depth, size_t off, const struct pm4_packet *p)
{
    char name[32];

    if (p->info)
        snprintf(name, sizeof(name), "%s", p->info->name);
    else
        snprintf(name, sizeof(name), "UNKNOWN(0x%02x)", p->opcode);
    if (p->opcode == PM4_OP_NOP && p->body_dw == 0) {
        line(c, depth, "%04zx: %08x  NOP (1 dw pad)", off, p->header);
        return;
    }
    line(c, depth, "%04zx: %08x  %s%s%s%s count=%u (%u dw)", off, p->header, name,
         p->shader_type ? " shader_type=compute" : "", p->predicate ? " predicate" : "",
         p->reset_filter_cam ? " reset_filter_cam" : "", p->count, p->total_dw);
}

static void decode_body(struct dctx *c, unsigned depth, const struct pm4_packet *p,
                        const uint32_t *pk)
{
    const struct pm4_pkt_info *pi = p->info;

    switch (pi->kind) {
    case PM4_BODY_NOP:
        if (p->body_dw)
            line(c, depth, BODY_INDENT "(%u ignored dwords)", p->body_dw);
        break;
    case PM4_BODY_FIELDS:
        for (unsigned i = 1; i <= p->body_dw; i++)
            print_pkt_dword(c, depth, p->opcode, i, pk[i]);
        break;
    case PM4_BODY_DATA:
        for (unsigned i = 1; i <= p->body_dw; i++) {
            if (i < pi->body_min)
                print_pkt_dword(c, depth, p->opcode, i, pk[i]);
            else
                line(c, depth, BODY_INDENT "data[%u] %08x", i - pi->body_min, pk[i]);
        }
        break;
    case PM4_BODY_REGS: {
        uint32_t first = pm4_regs_first_dw(p, pk);

        print_pkt_dword(c, depth, p->opcode, 1, pk[1]);
        for (unsigned i = 2; i <= p->body_dw; i++) {
            uint32_t abs_dw = first + (i - 2u);
            int r = pm4_reg_by_dw(abs_dw);

            if (r >= 0 && pm4_regs[r].space != pi->space)
                r = -1;
            print_reg(c, depth, "", abs_dw, r, pk[i]);
        }
        break;
    }
    case PM4_BODY_RAW:
        line(c, depth, BODY_INDENT "(layout not in the table)");
        raw_dwords(c, depth, pk, 1, p->total_dw);
        break;
    }
}

static void decode_pm4_buf(struct dctx *c, const uint32_t *dw, size_t n, unsigned depth)
{
    size_t off = 0;

    while (off < n && !c->stop) {
        const uint32_t *pk = dw + off;
        size_t avail = n - off;
        struct next_ib chain = {NULL, 0, 0};
        struct pm4_packet p;
        char why[LINE_BYTES - 100];
        int r = pm4_packet_parse(pk, avail, &p, why, sizeof(why));
        size_t have = p.total_dw < avail ? p.total_dw : avail;

        if (!spend(c, depth, have))
            return;
        c->st.packets++;
        if (r == -EPROTO) {
            line(c, depth, "%04zx: %08x  type-%u packet", off, p.header, p.type);
            problem(c, depth, "%s", why);
            raw_dwords(c, depth, pk, 1, have);
        } else if (r) {
            packet_line(c, depth, off, &p);
            problem(c, depth, "%s", why);
            raw_dwords(c, depth, pk, 1, have);
        } else {
            packet_line(c, depth, off, &p);
            decode_body(c, depth, &p, pk);
            if (p.opcode == PM4_OP_INDIRECT_BUFFER)
                follow_ib(c, depth, pk, &chain);
        }
        if (p.total_dw > avail)
            return; /* truncated: nothing after it */
        off += p.total_dw;
        if (chain.dw) {
            if (off < n)
                problem(c, depth, "%zu dwords after the chained INDIRECT_BUFFER never run",
                        n - off);
            line(c, depth, BODY_INDENT "---- chained to IB 0x%llx (%u dw)",
                 (unsigned long long)chain.va, chain.size_dw);
            dw = chain.dw;
            n = chain.size_dw;
            off = 0;
        }
    }
}

typedef void (*decode_buf_fn)(struct dctx *c, const uint32_t *dw, size_t n, unsigned depth);

static int run_decode(decode_buf_fn fn, const uint32_t *dw, size_t n_dw,
                      const struct pm4_decode_opts *opts, struct pm4_sink sink,
                      struct pm4_decode_stats *stats)
{
    struct dctx c;

    if ((!dw && n_dw) || !sink.write)
        return -EINVAL;
    init_ctx(&c, opts, sink);
    fn(&c, dw, n_dw, 0);
    if (stats)
        *stats = c.st;
    return 0;
}

int pm4_decode(const uint32_t *dw, size_t n_dw, const struct pm4_decode_opts *opts,
               struct pm4_sink sink, struct pm4_decode_stats *stats)
{
    return run_decode(decode_pm4_buf, dw, n_dw, opts, sink, stats);
}

/* ---------------------------------------------------------------- SDMA */

static void print_sdma_dword(struct dctx *c, unsigned depth, int pkt, unsigned dwi, uint32_t value)
{
    unsigned first, n = sdma_pkt_fields((enum sdma_pkt)pkt, &first);
    uint32_t covered = 0;
    bool any = false;

    line(c, depth, BODY_INDENT "dw%u %08x", dwi, value);
    for (unsigned i = 0; i < n; i++) {
        const struct sdma_field_info *fi = &sdma_fields[first + i];

        if (fi->dw != dwi)
            continue;
        any = true;
        covered |= field_line(c, depth, fi->name, fi->lo, fi->hi, fi->enumset, value);
    }
    if (any)
        leftover_line(c, depth, value, covered);
}

static void decode_sdma_buf(struct dctx *c, const uint32_t *dw, size_t n, unsigned depth);

static void follow_sdma_ib(struct dctx *c, unsigned depth, const uint32_t *pk)
{
    uint64_t va = sdma_pkt_get(SDMA_F_INDIRECT_IB_BASE_LO, pk) |
                  (uint64_t)sdma_pkt_get(SDMA_F_INDIRECT_IB_BASE_HI, pk) << 32;
    uint32_t size = sdma_pkt_get(SDMA_F_INDIRECT_IB_SIZE, pk);
    const uint32_t *data;

    if (va % 32)
        problem(c, depth, "IB_BASE 0x%llx is not 32-byte aligned", (unsigned long long)va);
    data = resolve_ib(c, depth, va, size, true);
    if (!data)
        return;
    line(c, depth, BODY_INDENT ">---- IB 0x%llx (%u dw)", (unsigned long long)va, size);
    decode_sdma_buf(c, data, size, depth + 1);
    line(c, depth, BODY_INDENT "<---- end of IB 0x%llx", (unsigned long long)va);
}

static void decode_sdma_buf(struct dctx *c, const uint32_t *dw, size_t n, unsigned depth)
{
    size_t off = 0;

    while (off < n && !c->stop) {
        const uint32_t *pk = dw + off;
        size_t avail = n - off;
        struct sdma_packet p;
        char why[LINE_BYTES - 100];
        int r = sdma_packet_parse(pk, avail, &p, why, sizeof(why));
        size_t have = p.total_dw < avail ? (size_t)p.total_dw : avail;

        if (!spend(c, depth, have))
            return;
        c->st.packets++;
        if (r == -ENOENT) {
            line(c, depth, "%04zx: %08x  UNKNOWN(op %u, sub-op %u)", off, p.header, p.op, p.sub_op);
            problem(c, depth, "%s", why);
        } else {
            const struct sdma_pkt_info *pi = &sdma_pkts[p.pkt];

            line(c, depth, "%04zx: %08x  %s (%llu dw)", off, p.header, pi->name,
                 (unsigned long long)p.total_dw);
            if (r) {
                problem(c, depth, "%s", why);
                raw_dwords(c, depth, pk, 1, have);
                return; /* truncated: nothing after it */
            }
            for (unsigned i = 0; i < pi->base_dw; i++)
                print_sdma_dword(c, depth, p.pkt, i, pk[i]);
            if (p.pkt == SDMA_PKT_NOP) {
                if (p.total_dw > 1)
                    line(c, depth, BODY_INDENT "(%llu ignored dwords)",
                         (unsigned long long)p.total_dw - 1u);
            } else {
                for (uint64_t i = pi->base_dw; i < p.total_dw; i++)
                    line(c, depth, BODY_INDENT "data[%llu] %08x",
                         (unsigned long long)(i - pi->base_dw), pk[i]);
            }
            if (p.pkt == SDMA_PKT_INDIRECT)
                follow_sdma_ib(c, depth, pk);
        }
        off += p.total_dw;
    }
}

int pm4_decode_sdma(const uint32_t *dw, size_t n_dw, const struct pm4_decode_opts *opts,
                    struct pm4_sink sink, struct pm4_decode_stats *stats)
{
    return run_decode(decode_sdma_buf, dw, n_dw, opts, sink, stats);
}

/* ---------------------------------------------------------------- summaries */

int pm4_packet_summary(const uint32_t *dw, size_t avail_dw, char *buf, size_t bytes)
{
    struct pm4_packet p;
    char why[200];
    int r;

    if (!dw || !avail_dw)
        return snprintf(buf, bytes, "no packet (0 dwords)");
    r = pm4_packet_parse(dw, avail_dw, &p, why, sizeof(why));
    if (r == -EPROTO)
        return snprintf(buf, bytes, "header 0x%08x: %s", p.header, why);
    if (p.opcode == PM4_OP_NOP && p.body_dw == 0 && !r)
        return snprintf(buf, bytes, "NOP (1 dw pad), header 0x%08x", p.header);
    if (p.info)
        return snprintf(buf, bytes, "%s count=%u (%u dw), header 0x%08x%s%s", p.info->name,
                        p.count, p.total_dw, p.header, r ? ": " : "", r ? why : "");
    return snprintf(buf, bytes, "header 0x%08x: %s", p.header, why);
}

int sdma_packet_summary(const uint32_t *dw, size_t avail_dw, char *buf, size_t bytes)
{
    struct sdma_packet p;
    char why[200];
    int r;

    if (!dw || !avail_dw)
        return snprintf(buf, bytes, "no packet (0 dwords)");
    r = sdma_packet_parse(dw, avail_dw, &p, why, sizeof(why));
    if (p.pkt < 0)
        return snprintf(buf, bytes, "header 0x%08x: %s", p.header, why);
    return snprintf(buf, bytes, "SDMA %s (%llu dw), header 0x%08x%s%s", sdma_pkts[p.pkt].name,
                    (unsigned long long)p.total_dw, p.header, r ? ": " : "", r ? why : "");
}
