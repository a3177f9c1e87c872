/* tools/cmd_launch.c — `amdpm4 launch FILE.co KERNEL --grid … --block …
 * [--arg SPEC]… [--lds BYTES] [--stats]`: run any kernel of a code object once, its
 * arguments packed into the kernarg segment as cli.md says. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amdpm4.h"
#include "tools/paths.h"
#include "tools/tool.h"
#include "tools/trace.h"

#define CMD "launch"
#define MAX_ARGS 64
#define MAX_FILE_BYTES (UINT64_C(1) << 32)

static void usage(FILE *f)
{
    fputs("usage: amdpm4 launch FILE.co KERNEL --grid X[,Y[,Z]] --block X[,Y[,Z]]\n"
          "                     [--arg SPEC]... [--lds BYTES] [--stats] [--device auto|hw|sim]\n\n"
          "Run KERNEL of a gfx1100 code object once on the PM4 path.  --grid counts\n"
          "workgroups, --block work-items per workgroup.  Each --arg is packed into the\n"
          "kernarg segment in the order given, at its natural alignment; the total must\n"
          "equal the kernel's kernarg size (or fall short of it by the padding to 8\n"
          "bytes that assemblers add).  Where the code object has metadata, each --arg\n"
          "must also sit where its argument is listed, with its size, a buf: spec exactly\n"
          "where a global_buffer is listed.\n\n"
          "  buf:in=PATH          buffer filled from the file (its GPU address, 8 bytes)\n"
          "  buf:out=PATH:SIZE    zeroed buffer of SIZE bytes, written to PATH after the run\n"
          "  buf:inout=PATH       filled from the file, written back to it after the run\n"
          "  buf:zero=SIZE        zeroed scratch buffer\n"
          "  u32:N  i32:N  u64:N  scalars (decimal, or hex with 0x)\n"
          "  f32:X                a float\n\n"
          "  --lds BYTES          dynamic LDS per workgroup beyond the kernel's own\n"
          "  --stats              the simulator's dynamic statistics of the dispatch\n"
          "                       (instructions by class, bytes, out-of-range accesses)\n"
          "SIZE and BYTES accept k, M and G suffixes (powers of 1024).  Buffers live in\n"
          "VRAM.  A fault or hang is reported with the kernel name, the PC and the address\n"
          "and exits 1.\n\n"
          "exit: 0 ran, 1 fault/hang/failure, 2 usage (bad flag or spec, missing file,\n"
          "      unknown kernel, kernarg size mismatch)\n", f);
}

enum arg_kind { ARG_IN, ARG_OUT, ARG_INOUT, ARG_ZERO, ARG_U32, ARG_I32, ARG_U64, ARG_F32 };

struct launch_arg {
    enum arg_kind kind;
    const char *spec;
    char *path;                 /* buffers from/to files */
    uint64_t size_bytes;        /* buffer size */
    void *data;                 /* contents read from path */
    uint64_t bits;              /* scalar value */
    uint32_t align_bytes, offset_bytes;
    amdpm4_bo *bo;
};

static bool is_buf(enum arg_kind k)
{
    return k <= ARG_ZERO;
}

static int parse_int(const char *spec, const char *text, bool is_signed, uint64_t max,
                     uint64_t *bits)
{
    char *end;
    int base = !strncmp(text, "0x", 2) || !strncmp(text, "0X", 2) ? 16 : 10;

    errno = 0;
    if (is_signed && base == 10) {
        long long v = strtoll(text, &end, 10);
        if (!*text || *end || errno || v < INT32_MIN || v > INT32_MAX)
            return tool_error(CMD, TOOL_USAGE, "--arg %s: not a 32-bit signed integer", spec);
        *bits = (uint32_t)(int32_t)v;
        return TOOL_OK;
    }
    if (!*text || *text == '-' || *text == '+' || *text == ' ')
        return tool_error(CMD, TOOL_USAGE, "--arg %s: not an unsigned integer", spec);
    {
        unsigned long long v = strtoull(text, &end, base);
        if (*end || errno || end == text || v > max)
            return tool_error(CMD, TOOL_USAGE, "--arg %s: not an integer from 0 to %" PRIu64,
                              spec, max);
        *bits = v;
    }
    return TOOL_OK;
}

static int parse_arg(const char *spec, struct launch_arg *a)
{
    const char *colon = strchr(spec, ':'), *v;
    size_t tn = colon ? (size_t)(colon - spec) : 0;

    memset(a, 0, sizeof(*a));
    a->spec = spec;
    if (!colon)
        return tool_error(CMD, TOOL_USAGE, "--arg '%s': expected TYPE:VALUE (see amdpm4 launch "
                          "--help)", spec);
    v = colon + 1;
    if (tn == 3 && !strncmp(spec, "buf", 3)) {
        a->align_bytes = 8;
        if (!strncmp(v, "in=", 3)) {
            a->kind = ARG_IN;
            v += 3;
        } else if (!strncmp(v, "inout=", 6)) {
            a->kind = ARG_INOUT;
            v += 6;
        } else if (!strncmp(v, "out=", 4)) {
            const char *last = strrchr(v + 4, ':');
            a->kind = ARG_OUT;
            if (!last || last == v + 4)
                return tool_error(CMD, TOOL_USAGE, "--arg %s: expected buf:out=PATH:SIZE", spec);
            if (tool_parse_size(CMD, "arg buf:out SIZE", last + 1, &a->size_bytes))
                return TOOL_USAGE;
            if (!(a->path = strndup(v + 4, (size_t)(last - v - 4))))
                return tool_error(CMD, TOOL_FAIL, "out of memory");
        } else if (!strncmp(v, "zero=", 5)) {
            a->kind = ARG_ZERO;
            if (tool_parse_size(CMD, "arg buf:zero SIZE", v + 5, &a->size_bytes))
                return TOOL_USAGE;
        } else {
            return tool_error(CMD, TOOL_USAGE, "--arg %s: a buffer is buf:in=PATH, "
                              "buf:out=PATH:SIZE, buf:inout=PATH or buf:zero=SIZE", spec);
        }
        if ((a->kind == ARG_IN || a->kind == ARG_INOUT) && !(a->path = strdup(v)))
            return tool_error(CMD, TOOL_FAIL, "out of memory");
        if (a->path && !a->path[0])
            return tool_error(CMD, TOOL_USAGE, "--arg %s: empty file name", spec);
        if ((a->kind == ARG_OUT || a->kind == ARG_ZERO) && a->size_bytes == 0)
            return tool_error(CMD, TOOL_USAGE, "--arg %s: a buffer needs at least 1 byte", spec);
        return TOOL_OK;
    }
    if (tn == 3 && !strncmp(spec, "u32", 3)) {
        a->kind = ARG_U32;
        a->align_bytes = 4;
        return parse_int(spec, v, false, UINT32_MAX, &a->bits);
    }
    if (tn == 3 && !strncmp(spec, "i32", 3)) {
        a->kind = ARG_I32;
        a->align_bytes = 4;
        return parse_int(spec, v, true, 0, &a->bits);
    }
    if (tn == 3 && !strncmp(spec, "u64", 3)) {
        a->kind = ARG_U64;
        a->align_bytes = 8;
        return parse_int(spec, v, false, UINT64_MAX, &a->bits);
    }
    if (tn == 3 && !strncmp(spec, "f32", 3)) {
        char *end;
        float x = strtof(v, &end);
        uint32_t u;
        if (!*v || *end)
            return tool_error(CMD, TOOL_USAGE, "--arg %s: not a number", spec);
        memcpy(&u, &x, sizeof(u));
        a->kind = ARG_F32;
        a->align_bytes = 4;
        a->bits = u;
        return TOOL_OK;
    }
    return tool_error(CMD, TOOL_USAGE, "--arg '%s': unknown type '%.*s' (buf, u32, i32, u64, "
                      "f32)", spec, (int)tn, spec);
}

/* Read the whole file; a usage error if it cannot be read. */
static int read_file(struct launch_arg *a)
{
    FILE *f = fopen(a->path, "rb");
    long n;

    if (!f)
        return tool_error(CMD, TOOL_USAGE, "--arg %s: cannot read %s: %s", a->spec, a->path,
                          strerror(errno));
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
        fclose(f);
        return tool_error(CMD, TOOL_USAGE, "--arg %s: %s is not a regular file", a->spec,
                          a->path);
    }
    if (n == 0 || (uint64_t)n > MAX_FILE_BYTES) {
        fclose(f);
        return tool_error(CMD, TOOL_USAGE, "--arg %s: %s has %ld bytes (a buffer takes 1 byte "
                          "to 4 GiB)", a->spec, a->path, n);
    }
    a->size_bytes = (uint64_t)n;
    if (!(a->data = malloc((size_t)n)) || fread(a->data, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        return tool_error(CMD, TOOL_FAIL, "cannot read %s", a->path);
    }
    fclose(f);
    return TOOL_OK;
}

/* Offsets at natural alignment; the packed size. */
static uint32_t pack_layout(struct launch_arg *a, unsigned n)
{
    uint32_t off = 0;

    for (unsigned i = 0; i < n; i++) {
        off = (off + a[i].align_bytes - 1) & ~(a[i].align_bytes - 1);
        a[i].offset_bytes = off;
        off += a[i].align_bytes;
    }
    return off;
}

struct launch {
    const char *co_path, *kernel_name;
    uint32_t grid[3], block[3];
    uint64_t lds_bytes;
    unsigned n;
    struct launch_arg arg[MAX_ARGS];
    struct tool_opts o;
    bool grid_given, block_given, stats;
};

static int parse(struct launch *L, int argc, char **argv)
{
    int r;

    if ((r = tool_opts_init(&L->o, CMD, TOOL_OPT_DEVICE)) != TOOL_OK)
        return r;
    for (int i = 1; i < argc;) {
        const char *v;

        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return -1;
        }
        if ((r = tool_take_common(&L->o, argc, argv, &i))) {
            if (r != 1)
                return r;
        } else if ((r = tool_take_flag(CMD, "grid", true, argc, argv, &i, &v))) {
            if (r != 1 || tool_parse_dim3(CMD, "grid", v, L->grid))
                return TOOL_USAGE;
            L->grid_given = true;
        } else if ((r = tool_take_flag(CMD, "block", true, argc, argv, &i, &v))) {
            if (r != 1 || tool_parse_dim3(CMD, "block", v, L->block))
                return TOOL_USAGE;
            L->block_given = true;
        } else if ((r = tool_take_flag(CMD, "lds", true, argc, argv, &i, &v))) {
            if (r != 1 || tool_parse_size(CMD, "lds", v, &L->lds_bytes))
                return TOOL_USAGE;
            if (L->lds_bytes > UINT32_MAX)
                return tool_error(CMD, TOOL_USAGE, "--lds %s: too large", v);
        } else if ((r = tool_take_flag(CMD, "stats", false, argc, argv, &i, &v))) {
            if (r != 1)
                return r;
            L->stats = true;
        } else if ((r = tool_take_flag(CMD, "arg", true, argc, argv, &i, &v))) {
            if (r != 1)
                return r;
            if (L->n == MAX_ARGS)
                return tool_error(CMD, TOOL_USAGE, "more than %d --arg", MAX_ARGS);
            if ((r = parse_arg(v, &L->arg[L->n++])) != TOOL_OK)
                return r;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return tool_unknown_arg(CMD, argv[i]);
        } else if (!L->co_path) {
            L->co_path = argv[i++];
        } else if (!L->kernel_name) {
            L->kernel_name = argv[i++];
        } else {
            return tool_unknown_arg(CMD, argv[i]);
        }
    }
    if (!L->co_path || !L->kernel_name)
        return tool_error(CMD, TOOL_USAGE, "expected FILE.co and KERNEL (see amdpm4 launch "
                          "--help)");
    if (!L->grid_given || !L->block_given)
        return tool_error(CMD, TOOL_USAGE, "--%s is required (see amdpm4 launch --help)",
                          L->grid_given ? "block" : "grid");
    return TOOL_OK;
}

static int write_back(const struct launch_arg *a)
{
    FILE *f = fopen(a->path, "wb");
    bool ok;

    if (!f)
        return tool_error(CMD, TOOL_FAIL, "cannot write %s: %s", a->path, strerror(errno));
    ok = fwrite(a->data, 1, (size_t)a->size_bytes, f) == a->size_bytes;
    ok = !fclose(f) && ok;
    if (!ok)
        return tool_error(CMD, TOOL_FAIL, "writing %s failed", a->path);
    printf("wrote %s (%" PRIu64 " bytes)\n", a->path, a->size_bytes);
    return TOOL_OK;
}

/* The kernel's metadata argument list, "NAME KIND SIZE@OFFSET, ..." (hidden
 * ones marked), into buf. */
static void metadata_layout(const amdpm4_kernel *k, uint32_t n, char *buf, size_t buf_bytes)
{
    size_t off = 0;

    buf[0] = '\0';
    for (uint32_t i = 0; i < n && off < buf_bytes; i++) {
        struct amdpm4_kernel_arg a;
        if (amdpm4_kernel_arg(k, i, &a))
            break;
        off += (size_t)snprintf(buf + off, buf_bytes - off, "%s%s %s %u@%u", i ? ", " : "",
                                a.name[0] ? a.name : "(unnamed)", a.value_kind, a.size_bytes,
                                a.offset_bytes);
    }
}

/* With metadata, the i-th --arg must be the i-th argument it lists: same
 * offset and size, and a buffer exactly where it lists a global_buffer. */
static int check_metadata(const struct launch *L, const amdpm4_kernel *k,
                          const struct amdpm4_kernel_info *ki)
{
    char layout[1024];

    for (uint32_t i = 0; i < ki->arg_count || i < L->n; i++) {
        struct amdpm4_kernel_arg a = {0};
        const struct launch_arg *g = i < L->n ? &L->arg[i] : NULL;
        bool listed = i < ki->arg_count && !amdpm4_kernel_arg(k, i, &a);
        bool buffer = listed && !strcmp(a.value_kind, "global_buffer");

        if (!listed || !g || g->offset_bytes != a.offset_bytes ||
            g->align_bytes != a.size_bytes || is_buf(g->kind) != buffer) {
            metadata_layout(k, ki->arg_count, layout, sizeof(layout));
            if (!g)
                return tool_error(CMD, TOOL_USAGE, "kernel %s lists %u arguments, %u --arg "
                                  "given (its metadata: %s)", ki->name, ki->arg_count, L->n,
                                  layout);
            if (i >= ki->arg_count)
                return tool_error(CMD, TOOL_USAGE, "--arg %s: kernel %s lists %u arguments "
                                  "(its metadata: %s)", g->spec, ki->name, ki->arg_count,
                                  layout);
            return tool_error(CMD, TOOL_USAGE, "--arg %s (%u bytes at %u) does not fit the "
                              "kernel's argument %u, %s (%s, %u bytes at %u%s) (its metadata: "
                              "%s)", g->spec, g->align_bytes, g->offset_bytes, i,
                              a.name[0] ? a.name : "(unnamed)", a.value_kind, a.size_bytes,
                              a.offset_bytes, buffer ? ": give a buf: spec" : "", layout);
        }
    }
    return TOOL_OK;
}

/* Load, check, run once, write outputs. */
static int run(struct launch *L, amdpm4_device *dev)
{
    struct amdpm4_kernel_info ki;
    struct amdpm4_device_info di;
    amdpm4_program *prog = NULL;
    const amdpm4_kernel *k;
    amdpm4_queue *q = NULL;
    amdpm4_fence *fence = NULL;
    amdpm4_bo *bos[MAX_ARGS];
    unsigned n_bos = 0;
    uint8_t kernarg[MAX_ARGS * 8];
    uint32_t packed = pack_layout(L->arg, L->n);
    uint64_t ts[2];
    unsigned n_ts = 0;
    int r, ret = TOOL_FAIL;

    r = amdpm4_program_load_file(dev, L->co_path, &prog);
    if (r)
        return tool_error(CMD, r == -ENOMEM || r == -EIO ? TOOL_FAIL : TOOL_USAGE, "%s",
                          amdpm4_last_error());
    if (amdpm4_program_kernel(prog, L->kernel_name, &k)) {
        ret = tool_error(CMD, TOOL_USAGE, "%s", amdpm4_last_error());
        goto out;
    }
    amdpm4_kernel_info(k, &ki);
    if (packed != ki.kernarg_bytes && ((packed + 7) & ~7u) != ki.kernarg_bytes) {
        char layout[256] = "no --arg";
        size_t off = 0;
        for (unsigned i = 0; i < L->n && off < sizeof(layout); i++)
            off += (size_t)snprintf(layout + off, sizeof(layout) - off, "%s%s@%u",
                                    i ? ", " : "", L->arg[i].spec, L->arg[i].offset_bytes);
        char md[1024];
        metadata_layout(k, ki.arg_count, md, sizeof(md));
        ret = tool_error(CMD, TOOL_USAGE, "kernel %s takes %u kernarg bytes, but the --arg "
                         "values pack to %u (%s)%s%s", ki.name, ki.kernarg_bytes, packed, layout,
                         ki.has_metadata ? "; its metadata: " : "", md);
        goto out;
    }
    if (ki.has_metadata && (ret = check_metadata(L, k, &ki)) != TOOL_OK)
        goto out;
    ret = TOOL_FAIL;
    memset(kernarg, 0, sizeof(kernarg));
    for (unsigned i = 0; i < L->n; i++) {
        struct launch_arg *a = &L->arg[i];
        uint64_t v = a->bits;

        if (is_buf(a->kind)) {
            if (amdpm4_bo_alloc(dev, a->size_bytes, AMDPM4_VRAM, &a->bo) ||
                (a->data && amdpm4_bo_upload(a->bo, 0, a->data, a->size_bytes))) {
                ret = tool_error(CMD, TOOL_FAIL, "--arg %s: %s", a->spec, amdpm4_last_error());
                goto out;
            }
            bos[n_bos++] = a->bo;
            v = amdpm4_bo_va(a->bo);
        }
        memcpy(kernarg + a->offset_bytes, &v, a->align_bytes);
    }
    if (amdpm4_queue_create(dev, AMDPM4_QUEUE_COMPUTE, &q) ||
        amdpm4_queue_timestamp(q, false, NULL)) {
        ret = tool_error(CMD, TOOL_FAIL, "%s", amdpm4_last_error());
        goto out;
    }
    {
        struct amdpm4_dispatch d = {
            .kernel = k,
            .grid = {L->grid[0], L->grid[1], L->grid[2]},
            .block = {L->block[0], L->block[1], L->block[2]},
            .kernarg = kernarg,
            .kernarg_bytes = ki.kernarg_bytes,     /* with the tail padding, zero */
            .dynamic_lds_bytes = (uint32_t)L->lds_bytes,
            .bos = bos,
            .bo_count = n_bos,
        };
        if ((r = amdpm4_queue_dispatch(q, &d))) {
            ret = tool_error(CMD, r == -EINVAL || r == -ENOTSUP ? TOOL_USAGE : TOOL_FAIL,
                             "%s", amdpm4_last_error());
            goto out;
        }
    }
    if (amdpm4_queue_timestamp(q, true, NULL) || amdpm4_queue_submit(q, &fence)) {
        ret = tool_error(CMD, TOOL_FAIL, "%s", amdpm4_last_error());
        goto out;
    }
    if (amdpm4_fence_wait(fence, AMDPM4_WAIT_FOREVER)) {
        ret = tool_error(CMD, TOOL_FAIL, "kernel %s failed: %s", ki.name, amdpm4_last_error());
        goto out;
    }
    if (amdpm4_fence_timestamps(fence, ts, 2, &n_ts))
        n_ts = 0;
    amdpm4_device_info(dev, &di);
    {
        char t[32];
        printf("kernel %s (%s) on %s%s: grid %u,%u,%u x block %u,%u,%u, %u kernarg bytes, "
               "LDS %u + %" PRIu64 " bytes; GPU time %s\n", ki.name, L->co_path, di.gfx_target,
               di.simulated ? " (simulated)" : "", L->grid[0], L->grid[1], L->grid[2],
               L->block[0], L->block[1], L->block[2], ki.kernarg_bytes, ki.lds_bytes, L->lds_bytes,
               n_ts == 2 ? tool_fmt_ns((double)amdpm4_device_ticks_to_ns(dev, ts[1] - ts[0]), t,
                                       sizeof(t))
                         : "unknown");
    }
    if (L->stats) {
        struct amdpm4_dispatch_stats st;
        unsigned n_st = 0;

        if (amdpm4_fence_stats(fence, &st, 1, &n_st) || n_st != 1) {
            printf("simulator statistics: none (%s)\n",
                   n_st != 1 ? "no dispatch recorded" : amdpm4_last_error());
        } else {
            printf("simulator statistics:\n");
            tool_stats_print(stdout, &st);
        }
    }
    ret = TOOL_OK;
    for (unsigned i = 0; i < L->n && ret == TOOL_OK; i++) {
        struct launch_arg *a = &L->arg[i];
        if (a->kind != ARG_OUT && a->kind != ARG_INOUT)
            continue;
        if (!a->data && !(a->data = malloc((size_t)a->size_bytes))) {
            ret = tool_error(CMD, TOOL_FAIL, "out of memory");
            break;
        }
        if (amdpm4_bo_download(a->bo, 0, a->data, a->size_bytes)) {
            ret = tool_error(CMD, TOOL_FAIL, "--arg %s: %s", a->spec, amdpm4_last_error());
            break;
        }
        ret = write_back(a);
    }
out:
    amdpm4_fence_release(fence);
    amdpm4_queue_destroy(q);
    for (unsigned i = 0; i < L->n; i++) {
        amdpm4_bo_free(L->arg[i].bo);
        L->arg[i].bo = NULL;
    }
    amdpm4_program_destroy(prog);
    return ret;
}

static int launch_main(int argc, char **argv)
{
    struct launch *L = calloc(1, sizeof(*L));
    amdpm4_device *dev = NULL;
    int r;

    if (!L)
        return tool_error(CMD, TOOL_FAIL, "out of memory");
    r = parse(L, argc, argv);
    if (r == TOOL_OK && access(L->co_path, R_OK))
        r = tool_error(CMD, TOOL_USAGE, "cannot read %s: %s", L->co_path, strerror(errno));
    for (unsigned i = 0; r == TOOL_OK && i < L->n; i++)
        if (L->arg[i].kind == ARG_IN || L->arg[i].kind == ARG_INOUT)
            r = read_file(&L->arg[i]);
    if (r == TOOL_OK && (r = tool_open_device(CMD, L->o.device, &dev)) == TOOL_OK)
        r = run(L, dev);
    amdpm4_device_close(dev);
    for (unsigned i = 0; i < L->n; i++) {
        free(L->arg[i].path);
        free(L->arg[i].data);
    }
    free(L);
    return tool_finish(CMD, r, NULL);
}

const struct tool_cmd cmd_launch = {"launch", "run any kernel of a code object with packed "
                                    "arguments", launch_main};
