/* tools/out.c — JSON and CSV writers, numbers formatted for people. */
#include "tools/tool.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- JSON */

void tool_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

/* Separator, indentation and key before a value at the current depth. */
static void tj_key(struct tool_json *j, const char *key)
{
    bool compact = j->compact[j->depth], was_first = j->first[j->depth];

    if (!was_first)
        fputc(',', j->f);
    j->first[j->depth] = false;
    if (compact) {
        if (!was_first)
            fputc(' ', j->f);
    } else {
        fputc('\n', j->f);
        for (int d = 0; d < j->depth; d++)
            fputs("  ", j->f);
    }
    if (key) {
        tool_json_string(j->f, key);
        fputs(": ", j->f);
    }
}

static void tj_open(struct tool_json *j, const char *key, char c, bool compact)
{
    tj_key(j, key);
    fputc(c, j->f);
    assert(j->depth + 1 < TOOL_JSON_DEPTH);
    j->depth++;
    j->first[j->depth] = true;
    j->compact[j->depth] = compact || j->compact[j->depth - 1];
}

static void tj_close(struct tool_json *j, char c)
{
    bool compact = j->compact[j->depth], empty = j->first[j->depth];

    assert(j->depth > 0);
    j->depth--;
    if (!compact && !empty) {
        fputc('\n', j->f);
        for (int d = 0; d < j->depth; d++)
            fputs("  ", j->f);
    }
    fputc(c, j->f);
}

void tj_begin(struct tool_json *j, FILE *f)
{
    memset(j, 0, sizeof(*j));
    j->f = f;
    fputc('{', f);
    j->depth = 1;
    j->first[1] = true;
}

void tj_end(struct tool_json *j)
{
    tj_close(j, '}');
    fputc('\n', j->f);
}

void tj_obj(struct tool_json *j, const char *key) { tj_open(j, key, '{', false); }
void tj_obj_line(struct tool_json *j, const char *key) { tj_open(j, key, '{', true); }
void tj_obj_end(struct tool_json *j) { tj_close(j, '}'); }
void tj_arr(struct tool_json *j, const char *key) { tj_open(j, key, '[', false); }
void tj_arr_line(struct tool_json *j, const char *key) { tj_open(j, key, '[', true); }
void tj_arr_end(struct tool_json *j) { tj_close(j, ']'); }

void tj_str(struct tool_json *j, const char *key, const char *v)
{
    tj_key(j, key);
    if (v)
        tool_json_string(j->f, v);
    else
        fputs("null", j->f);
}

void tj_u64(struct tool_json *j, const char *key, uint64_t v)
{
    tj_key(j, key);
    fprintf(j->f, "%" PRIu64, v);
}

void tj_i64(struct tool_json *j, const char *key, int64_t v)
{
    tj_key(j, key);
    fprintf(j->f, "%" PRId64, v);
}

void tj_num(struct tool_json *j, const char *key, double v)
{
    tj_key(j, key);
    if (isfinite(v))
        fprintf(j->f, "%.9g", v);
    else
        fputs("null", j->f);
}

void tj_bool(struct tool_json *j, const char *key, bool v)
{
    tj_key(j, key);
    fputs(v ? "true" : "false", j->f);
}

/* ---------------------------------------------------------------- CSV */

void tool_csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* ---------------------------------------------------------------- for people */

const char *tool_fmt_ns(double ns, char *buf, size_t n)
{
    if (!isfinite(ns))
        snprintf(buf, n, "-");
    else if (ns < 1e3)
        snprintf(buf, n, "%.0f ns", ns);
    else if (ns < 1e6)
        snprintf(buf, n, "%.3g µs", ns / 1e3);
    else if (ns < 1e9)
        snprintf(buf, n, "%.3g ms", ns / 1e6);
    else
        snprintf(buf, n, "%.3g s", ns / 1e9);
    return buf;
}

const char *tool_fmt_bytes(uint64_t bytes, char *buf, size_t n)
{
    static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    unsigned u = 0;
    double v = (double)bytes;

    while (v >= 1024 && u + 1 < sizeof(unit) / sizeof(unit[0]) && bytes % 1024 == 0) {
        v /= 1024;
        bytes /= 1024;
        u++;
    }
    if (u == 0)
        snprintf(buf, n, "%" PRIu64 " B", bytes);
    else
        snprintf(buf, n, "%.4g %s", v, unit[u]);
    return buf;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

uint64_t tool_median_u64(uint64_t *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof(*v), cmp_u64);
    return n % 2 ? v[n / 2] : v[n / 2 - 1] / 2 + v[n / 2] / 2 + (v[n / 2 - 1] % 2 + v[n / 2] % 2) / 2;
}
