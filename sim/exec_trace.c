/* sim/exec_trace.c — see exec_trace.h. */
#include "sim/exec_trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/exec_code.h"

static bool parse_u64(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;

    if (!n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

static bool parse_u32(const char *s, size_t n, uint32_t *out)
{
    uint64_t v;

    if (!parse_u64(s, n, &v) || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

int exec_trace_parse(const char *s, struct exec_trace_spec *spec, char *err, unsigned err_bytes)
{
    memset(spec, 0, sizeof(*spec));
    spec->any_seq = spec->any_dispatch = true;
    if (!strchr(s, '='))
        return 0;
    while (*s) {
        const char *end = strchr(s, ',');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *eq = memchr(s, '=', len);
        size_t klen = eq ? (size_t)(eq - s) : len;
        const char *val = eq ? eq + 1 : s + len;
        size_t vlen = eq ? len - klen - 1 : 0;
        bool ok = eq != NULL;

        if (!ok) {
        } else if (klen == 2 && !memcmp(s, "wg", 2)) {
            const char *p = val;
            for (int k = 0; k < 3 && ok; k++) {
                const char *dot = memchr(p, '.', (size_t)(val + vlen - p));
                size_t n = dot ? (size_t)(dot - p) : (size_t)(val + vlen - p);
                ok = parse_u32(p, n, &spec->wg[k]);
                if (!dot) {
                    p = val + vlen;
                    break;
                }
                p = dot + 1;
                if (k == 2)
                    ok = false;     /* a fourth component */
            }
        } else if (klen == 4 && !memcmp(s, "wave", 4)) {
            ok = parse_u32(val, vlen, &spec->wave);
        } else if (klen == 3 && !memcmp(s, "seq", 3)) {
            ok = parse_u64(val, vlen, &spec->seq);
            spec->any_seq = false;
        } else if (klen == 8 && !memcmp(s, "dispatch", 8)) {
            ok = parse_u32(val, vlen, &spec->dispatch);
            spec->any_dispatch = false;
        } else if (klen == 3 && !memcmp(s, "out", 3)) {
            ok = vlen > 0 && vlen < sizeof(spec->out);
            if (ok)
                memcpy(spec->out, val, vlen);
        } else {
            ok = false;
        }
        if (!ok) {
            snprintf(err, err_bytes, "AMDPM4_SIM_TRACE: bad item \"%.*s\" (expected wg=X.Y.Z, "
                     "wave=N, seq=N, dispatch=N or out=PATH)", (int)len, s);
            return -EINVAL;
        }
        s += len;
        if (*s == ',')
            s++;
    }
    return 0;
}

int exec_trace_open(struct exec_disp *dp, struct sim_fault *f)
{
    const char *e = getenv("AMDPM4_SIM_TRACE");
    struct exec_trace_spec spec;
    char err[300];

    dp->trace = false;
    if (!e || !*e || !strcmp(e, "0"))
        return 0;
    if (exec_trace_parse(e, &spec, err, sizeof(err)))
        return sim_fault_set(f, -EINVAL, SIM_FAULT_DISPATCH, 0, 0, "%s", err);
    if ((!spec.any_seq && spec.seq != dp->d->seq) ||
        (!spec.any_dispatch && spec.dispatch != dp->d->index))
        return 0;
    memcpy(dp->trace_wg, spec.wg, sizeof(spec.wg));
    dp->trace_wave = spec.wave;
    dp->trace_out = stderr;
    if (spec.out[0]) {
        dp->trace_out = fopen(spec.out, "a");
        if (!dp->trace_out)
            return sim_fault_set(f, -errno, SIM_FAULT_DISPATCH, 0, 0,
                                 "AMDPM4_SIM_TRACE: cannot open %s: %s", spec.out, strerror(errno));
        dp->trace_close = true;
    }
    dp->trace_vsnap = calloc(EXEC_VGPR_ROWS, sizeof(dp->trace_vsnap[0]));
    if (!dp->trace_vsnap) {
        exec_trace_close(dp);
        return sim_fault_set(f, -ENOMEM, SIM_FAULT_DISPATCH, 0, 0, "AMDPM4_SIM_TRACE: out of memory");
    }
    dp->trace = true;
    return 0;
}

void exec_trace_close(struct exec_disp *dp)
{
    if (dp->trace_out && dp->trace_close)
        fclose(dp->trace_out);
    else if (dp->trace_out)
        fflush(dp->trace_out);
    dp->trace_out = NULL;
    free(dp->trace_vsnap);
    dp->trace_vsnap = NULL;
    dp->trace = false;
}

bool exec_trace_selects(const struct exec_disp *dp, const struct exec_wg *wg, uint32_t i)
{
    return dp->trace && i == dp->trace_wave && wg->id[0] == dp->trace_wg[0] &&
           wg->id[1] == dp->trace_wg[1] && wg->id[2] == dp->trace_wg[2];
}

void exec_trace_wave_start(struct sim_wave *w)
{
    struct exec_disp *dp = w->disp;
    FILE *o = dp->trace_out;

    fprintf(o, "amdpm4 trace: dispatch %u of submission %llu, kernel 0x%llx, workgroup (%u,%u,%u), "
            "wave %u, EXEC 0x%08x\n", dp->d->index, (unsigned long long)dp->d->seq,
            (unsigned long long)dp->code_va, w->wg->id[0], w->wg->id[1], w->wg->id[2], w->id,
            w->s[EXEC_SREG_EXEC_LO]);
    for (unsigned r = 0; r < EXEC_SREG_COUNT; r++)
        if (w->s[r])
            fprintf(o, "    s%u = 0x%08x\n", r, w->s[r]);
}

void exec_trace_note_vgpr(struct sim_wave *w, unsigned reg)
{
    if (reg < EXEC_VGPR_ROWS)
        w->trace_vgpr[reg / 64] |= 1ull << (reg % 64);
}

void exec_trace_before(struct sim_wave *w, const struct exec_inst *in)
{
    struct exec_disp *dp = w->disp;

    memset(w->trace_vgpr, 0, sizeof(w->trace_vgpr));
    memset(w->trace_sreg, 0, sizeof(w->trace_sreg));
    memcpy(dp->trace_ssnap, w->s, sizeof(w->s));
    memcpy(dp->trace_vsnap, w->v, (size_t)dp->vgprs * sizeof(w->v[0]));
    dp->trace_scc = w->scc;
}

static const char *sreg_name(unsigned r, char *buf, size_t n)
{
    switch (r) {
    case EXEC_SREG_VCC_LO: return "vcc_lo";
    case EXEC_SREG_VCC_HI: return "vcc_hi";
    case EXEC_SREG_M0: return "m0";
    case EXEC_SREG_EXEC_LO: return "exec_lo";
    case EXEC_SREG_EXEC_HI: return "exec_hi";
    case EXEC_SREG_NULL: return "null";
    default: break;
    }
    snprintf(buf, n, "s%u", r);
    return buf;
}

void exec_trace_after(struct sim_wave *w, const struct exec_inst *in, int status)
{
    struct exec_disp *dp = w->disp;
    FILE *o = dp->trace_out;
    char text[160], nb[16];
    uint32_t exec = w->s[EXEC_SREG_EXEC_LO];

    exec_disasm(dp, w->inst_pc_va, text, sizeof(text));
    fprintf(o, "  0x%012" PRIx64 " +0x%04" PRIx64 "  %s\n", w->inst_pc_va,
            w->inst_pc_va - dp->code_va, text);
    for (unsigned r = 0; r < EXEC_SREG_COUNT; r++) {
        bool noted = (w->trace_sreg[r / 64] >> (r % 64)) & 1;
        if (noted || w->s[r] != dp->trace_ssnap[r])
            fprintf(o, "      %s = 0x%08x\n", sreg_name(r, nb, sizeof(nb)), w->s[r]);
    }
    if (w->scc != dp->trace_scc)
        fprintf(o, "      scc = %u\n", w->scc);
    for (unsigned r = 0; r < dp->vgprs; r++) {
        bool noted = (w->trace_vgpr[r / 64] >> (r % 64)) & 1;
        if (!noted && !memcmp(w->v[r], dp->trace_vsnap[r], sizeof(w->v[r])))
            continue;
        fprintf(o, "      v%u =", r);
        for (unsigned l = 0; l < SIM_WAVE_LANES; l++) {
            if ((exec >> l) & 1 || w->v[r][l] != dp->trace_vsnap[r][l])
                fprintf(o, " %08x", w->v[r][l]);
            else
                fprintf(o, " -");
        }
        fputc('\n', o);
    }
    if (status == EXEC_FAULT)
        fprintf(o, "      fault: %s\n", dp->fault.msg);
    else if (status == EXEC_END)
        fprintf(o, "      end of program\n");
}
