/* kernels/ops_cmp.c — comparing device outputs with the CPU reference;
 * row sampling; index formatting.  See ops.h. */
#include "kernels/ops.h"
#include "pm4/log.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The reference runs in chunks of at most this many output elements (all
 * outputs together), so a check needs bounded memory at any size. */
#define CHUNK_ELEMS (UINT64_C(1) << 20)
#define MAX_SAMPLE_ROWS (UINT64_C(1) << 16)

double kern_value(const struct kern_arg *a, const void *data, uint64_t i)
{
    switch (a->dtype) {
    case KERN_F32: return ((const float *)data)[i];
    case KERN_F16: return kern_f16_to_f64(((const uint16_t *)data)[i]);
    case KERN_U8: return ((const uint8_t *)data)[i];
    }
    return NAN;
}

/* IEEE bits -> an integer that orders like the values (-0 and +0 meet). */
static int64_t ordered(uint32_t bits, unsigned width)
{
    uint32_t sign = 1u << (width - 1);
    return (bits & sign) ? -(int64_t)(bits & (sign - 1)) : (int64_t)bits;
}

static uint64_t ulp_distance(enum kern_dtype t, double got, double want)
{
    int64_t a, b;

    if (isnan(got) || isnan(want))
        return UINT64_MAX;
    if (t == KERN_F32) {
        float g = (float)got, w = (float)want;
        uint32_t gb, wb;
        memcpy(&gb, &g, 4);
        memcpy(&wb, &w, 4);
        a = ordered(gb, 32);
        b = ordered(wb, 32);
    } else {
        a = ordered(kern_f16_from_f64(got), 16);
        b = ordered(kern_f16_from_f64(want), 16);
    }
    return (uint64_t)(a > b ? a - b : b - a);
}

static void cmp_element(struct kern_cmp *c, uint64_t index, double got, double want, double tol)
{
    double err;
    bool bad;

    if (isnan(got))
        err = INFINITY;
    else if (isinf(got) || isinf(want))
        err = got == want ? 0 : INFINITY;
    else
        err = fabs(got - want);
    bad = !(err <= tol);
    c->n_compared++;
    if (err > c->max_abs_err)
        c->max_abs_err = err;
    if (want != 0 && !isinf(want)) {
        double rel = err / fabs(want);
        if (rel > c->max_rel_err)
            c->max_rel_err = rel;
    }
    if (fabs(want) > c->max_abs_want && !isinf(want))
        c->max_abs_want = fabs(want);
    if (err > 0 && !(err / tol <= c->max_err_over_tol))
        c->max_err_over_tol = tol > 0 ? err / tol : INFINITY;
    if (c->has_ulp) {
        uint64_t u = ulp_distance(c->dtype, got, want);
        if (u > c->max_ulp)
            c->max_ulp = u;
    }
    if (tol > c->max_tol)
        c->max_tol = tol;
    if (bad) {
        if (c->n_shown < KERN_CMP_SHOWN)
            c->shown[c->n_shown++] = (struct kern_mismatch){index, got, want, tol};
        c->n_bad++;
    }
}

struct check_ctx {
    const struct kern_bufs *b;
    unsigned n_out;
    unsigned out[KERN_MAX_ARGS];        /* argument index of each output */
    double *want[KERN_MAX_ARGS], *tol[KERN_MAX_ARGS];
    struct kern_cmp *cmp;
};

static int check_run(struct check_ctx *x, uint64_t row0, uint64_t n_rows)
{
    int r = kern_reference_rows(x->b, row0, n_rows, x->want, x->tol);

    if (r)
        return r;
    for (unsigned j = 0; j < x->n_out; j++) {
        const struct kern_arg *a = &x->b->arg[x->out[j]];
        const void *data = x->b->data[x->out[j]];
        uint64_t base = row0 * a->row_elems, n = n_rows * a->row_elems;
        for (uint64_t e = 0; e < n; e++)
            cmp_element(&x->cmp[j], base + e, kern_value(a, data, base + e), x->want[j][e],
                        x->tol[j][e]);
    }
    return 0;
}

int kern_check(const struct kern_bufs *b, const uint64_t *rows, uint64_t n_rows,
               struct kern_cmp cmp[KERN_MAX_ARGS], unsigned *n_cmp)
{
    struct check_ctx x = {.b = b, .cmp = cmp};
    const uint64_t total_rows = kern_ref_rows(&b->shape);
    uint64_t row_elems = 0, chunk_rows;
    int r = kern_bufs_match(b);

    *n_cmp = 0;
    if (r)
        return r;
    for (unsigned i = 0; i < b->n; i++) {
        if (b->arg[i].dir != KERN_ARG_OUT)
            continue;
        x.out[x.n_out] = i;
        memset(&cmp[x.n_out], 0, sizeof(cmp[0]));
        cmp[x.n_out].arg = b->arg[i].name;
        cmp[x.n_out].dtype = b->arg[i].dtype;
        cmp[x.n_out].has_ulp = b->arg[i].dtype != KERN_U8;
        row_elems += b->arg[i].row_elems;
        x.n_out++;
    }
    if (!x.n_out)
        return 0;
    if (rows) {
        for (uint64_t i = 0; i < n_rows; i++)
            if (rows[i] >= total_rows || (i && rows[i] <= rows[i - 1]))
                return amdpm4_seterr(-EINVAL, "check rows must ascend below %llu (row %llu is "
                                              "%llu)", (unsigned long long)total_rows,
                                     (unsigned long long)i, (unsigned long long)rows[i]);
    } else {
        n_rows = total_rows;
    }
    chunk_rows = CHUNK_ELEMS / row_elems ? CHUNK_ELEMS / row_elems : 1;
    if (chunk_rows > n_rows)
        chunk_rows = n_rows;
    for (unsigned j = 0; j < x.n_out; j++) {
        uint64_t n = chunk_rows * b->arg[x.out[j]].row_elems;
        x.want[j] = malloc(n * sizeof(double));
        x.tol[j] = malloc(n * sizeof(double));
        if (!x.want[j] || !x.tol[j]) {
            r = amdpm4_seterr(-ENOMEM, "check: out of memory");
            goto out;
        }
    }
    for (uint64_t i = 0; i < n_rows && !r;) {
        /* a run of consecutive rows, at most one chunk */
        uint64_t row0 = rows ? rows[i] : i, n = 1;
        while (n < chunk_rows && i + n < n_rows && (rows ? rows[i + n] == row0 + n : true))
            n++;
        r = check_run(&x, row0, n);
        i += n;
    }
    for (unsigned j = 0; j < x.n_out; j++)
        cmp[j].pass = cmp[j].n_bad == 0 && cmp[j].n_compared > 0;
    if (!r)
        *n_cmp = x.n_out;
out:
    for (unsigned j = 0; j < x.n_out; j++) {
        free(x.want[j]);
        free(x.tol[j]);
    }
    return r;
}

double kern_ulp(enum kern_dtype t, double x)
{
    int e;

    if (t == KERN_U8)
        return 1;
    x = fabs(x);
    if (!isfinite(x))
        return INFINITY;
    if (x == 0)
        return t == KERN_F32 ? ldexp(1, -149) : ldexp(1, -24);
    frexp(x, &e);       /* x = m * 2^e, m in [0.5, 1): the binade's exponent is e - 1 */
    if (t == KERN_F32)
        return ldexp(1, (e - 1 < -126 ? -126 : e - 1) - 23);
    return ldexp(1, (e - 1 < -14 ? -14 : e - 1) - 10);
}

bool kern_cmp_all_pass(const struct kern_cmp *cmp, unsigned n_cmp)
{
    for (unsigned j = 0; j < n_cmp; j++)
        if (!cmp[j].pass)
            return false;
    return true;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int kern_sample_rows(const struct kern_shape *s, uint64_t seed, uint64_t n, uint64_t *rows,
                     uint64_t *n_out)
{
    const uint64_t total = kern_ref_rows(s);
    uint64_t inner, want, k = 0, draw = 0;

    *n_out = 0;
    if (n > MAX_SAMPLE_ROWS)
        return amdpm4_seterr(-EINVAL, "sample of %llu rows: at most %llu",
                             (unsigned long long)n, (unsigned long long)MAX_SAMPLE_ROWS);
    if (n >= total) {
        for (uint64_t i = 0; i < total; i++)
            rows[i] = i;
        *n_out = total;
        return 0;
    }
    if (n <= 2) {
        if (n >= 1)
            rows[k++] = 0;
        if (n == 2)
            rows[k++] = total - 1;
        *n_out = k;
        return 0;
    }
    /* n - 2 distinct rows of the inner range [1, total - 2], ascending,
     * between the first and the last row. */
    inner = total - 2;
    want = n - 2;
    if (2 * n >= total) {
        /* dense: selection sampling (Knuth, TAOCP 3.4.2, Algorithm S) */
        for (uint64_t i = 0; i < inner && k < want; i++) {
            uint64_t r = kern_rand_u64(seed, KERN_MAX_ARGS + 1, draw++) % (inner - i);
            if (r < want - k)
                rows[1 + k++] = 1 + i;
        }
    } else {
        /* sparse: draw, sort, drop repeats, draw again for what is missing */
        while (k < want) {
            while (k < want)
                rows[1 + k++] = 1 + kern_rand_u64(seed, KERN_MAX_ARGS + 1, draw++) % inner;
            qsort(rows + 1, k, sizeof(*rows), cmp_u64);
            uint64_t u = 0;
            for (uint64_t i = 0; i < k; i++)
                if (!u || rows[1 + i] != rows[u])
                    rows[1 + u++] = rows[1 + i];
            k = u;
        }
    }
    rows[0] = 0;
    rows[1 + k] = total - 1;
    *n_out = k + 2;
    return 0;
}

int kern_index_str(const struct kern_arg *arg, uint64_t index, char *buf, size_t n)
{
    uint64_t coord[KERN_MAX_RANK];
    size_t off = 0;

    if (!n)
        return 0;
    for (unsigned d = arg->rank; d-- > 0;) {
        coord[d] = arg->dims[d] ? index % arg->dims[d] : 0;
        index = arg->dims[d] ? index / arg->dims[d] : 0;
    }
    buf[0] = '\0';
    for (unsigned d = 0; d < arg->rank && off < n; d++)
        off += (size_t)snprintf(buf + off, n - off, "%s%llu", d ? "," : "[",
                                (unsigned long long)coord[d]);
    if (off < n)
        off += (size_t)snprintf(buf + off, n - off, "]");
    return (int)off;
}
