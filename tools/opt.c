/* tools/opt.c — option parsing shared by the subcommands (see tool.h). */
#include "tools/tool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "amdpm4.h"
#include "kernels/ops.h"

int tool_opts_init(struct tool_opts *o, const char *cmd, unsigned mask)
{
    const char *env = getenv("AMDPM4_DEVICE");

    memset(o, 0, sizeof(*o));
    o->cmd = cmd;
    o->mask = mask;
    o->device = TOOL_DEVICE_AUTO;
    o->seed = 1;
    if ((mask & TOOL_OPT_DEVICE) && env && *env && tool_device_parse(env, &o->device))
        return tool_error(cmd, TOOL_USAGE, "AMDPM4_DEVICE='%s': must be auto, hw or sim", env);
    return TOOL_OK;
}

/* Does argv[i] name --name, alone or as --name=VALUE? */
static bool flag_is(const char *arg, const char *name, const char **inline_value)
{
    size_t n = strlen(name);

    *inline_value = NULL;
    if (strncmp(arg, "--", 2) || strncmp(arg + 2, name, n))
        return false;
    if (arg[2 + n] == '\0')
        return true;
    if (arg[2 + n] == '=') {
        *inline_value = arg + 3 + n;
        return true;
    }
    return false;
}

int tool_take_flag(const char *cmd, const char *name, bool want_value, int argc, char **argv,
                   int *i, const char **value)
{
    const char *inl;

    if (!flag_is(argv[*i], name, &inl))
        return 0;
    if (!want_value) {
        if (inl)
            return tool_error(cmd, TOOL_USAGE, "--%s takes no value (got '%s')", name, inl);
        *value = NULL;
        *i += 1;
        return 1;
    }
    if (inl) {
        *value = inl;
        *i += 1;
        return 1;
    }
    if (*i + 1 >= argc)
        return tool_error(cmd, TOOL_USAGE, "--%s needs a value", name);
    /* "--co --device sim": a forgotten value, not a file called --device
     * (a value that starts with "--" can still be given as --NAME=VALUE) */
    if (!strncmp(argv[*i + 1], "--", 2) && argv[*i + 1][2])
        return tool_error(cmd, TOOL_USAGE, "--%s needs a value (got the flag '%s'; write "
                          "--%s=%s if that is the value)", name, argv[*i + 1], name,
                          argv[*i + 1]);
    *value = argv[*i + 1];
    *i += 2;
    return 1;
}

int tool_take_common(struct tool_opts *o, int argc, char **argv, int *i)
{
    const char *v;
    int r;

    if ((o->mask & TOOL_OPT_DEVICE) &&
        (r = tool_take_flag(o->cmd, "device", true, argc, argv, i, &v))) {
        if (r == 1 && tool_device_parse(v, &o->device))
            return tool_error(o->cmd, TOOL_USAGE, "--device '%s': must be auto, hw or sim", v);
        return r;
    }
    if ((o->mask & TOOL_OPT_VK_DEVICE) &&
        (r = tool_take_flag(o->cmd, "vk-device", true, argc, argv, i, &v))) {
        if (r == 1 && !*v)
            return tool_error(o->cmd, TOOL_USAGE, "--vk-device needs an index or a name");
        if (r == 1)
            o->vk_device = v;
        return r;
    }
    if ((o->mask & TOOL_OPT_VK_VALIDATION) &&
        (r = tool_take_flag(o->cmd, "vk-validation", false, argc, argv, i, &v))) {
        if (r == 1)
            o->vk_validation = true;
        return r;
    }
    if ((o->mask & TOOL_OPT_JSON) && (r = tool_take_flag(o->cmd, "json", false, argc, argv, i, &v))) {
        if (r == 1)
            o->json = true;
        return r;
    }
    if ((o->mask & TOOL_OPT_SEED) && (r = tool_take_flag(o->cmd, "seed", true, argc, argv, i, &v)))
        return r == 1 ? (tool_parse_u64(o->cmd, "seed", v, &o->seed) ? TOOL_USAGE : 1) : r;
    {
        const struct {
            unsigned bit;
            const char *name;
            const char **dst;
        } paths[] = {
            {TOOL_OPT_TRACE, "trace", &o->trace_path},
            {TOOL_OPT_CSV, "csv", &o->csv_path},
            {TOOL_OPT_PLOT, "plot", &o->plot_path},
        };
        for (size_t k = 0; k < sizeof(paths) / sizeof(paths[0]); k++) {
            if (!(o->mask & paths[k].bit) ||
                !(r = tool_take_flag(o->cmd, paths[k].name, true, argc, argv, i, &v)))
                continue;
            if (r == 1 && !*v)
                return tool_error(o->cmd, TOOL_USAGE, "--%s needs a file name", paths[k].name);
            if (r == 1)
                *paths[k].dst = v;
            return r;
        }
    }
    return 0;
}

int tool_take_shape(const char *cmd, struct kern_shape *s, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *eq, *value = NULL;
    char name[64];
    size_t n;

    if (strncmp(arg, "--", 2))
        return 0;
    eq = strchr(arg + 2, '=');
    n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
    if (n == 0 || n >= sizeof(name))
        return 0;
    memcpy(name, arg + 2, n);
    name[n] = '\0';
    if (kern_shape_set(s, name, NULL) == -ENOENT)
        return 0;
    /* kern_shape_set with no value only changed s for a switch (--causal)
     * with no inline value; a flag that takes a value refused it. */
    if (kern_shape_flag_has_value(s->op, name)) {
        int r = tool_take_flag(cmd, name, true, argc, argv, i, &value);
        if (r != 1)
            return r;
    } else {
        *i += 1;
        if (!eq)
            return 1;
        value = eq + 1;
    }
    if (kern_shape_set(s, name, value))
        return tool_error(cmd, TOOL_USAGE, "%s", amdpm4_last_error());
    return 1;
}

int tool_unknown_arg(const char *cmd, const char *arg)
{
    if (!strncmp(arg, "-", 1) && arg[1])
        return tool_error(cmd, TOOL_USAGE, "unknown flag '%s' (see amdpm4 %s --help)", arg, cmd);
    return tool_error(cmd, TOOL_USAGE, "unexpected argument '%s' (see amdpm4 %s --help)", arg,
                      cmd);
}

/* Decimal digits with an optional k/M/G suffix (shift 10/20/30) when
 * sized.  0, -EINVAL (not a number) or -ERANGE. */
static int parse_num(const char *text, bool sized, uint64_t *out)
{
    uint64_t x = 0;
    unsigned shift = 0;
    const char *p = text;

    if (!*p)
        return -EINVAL;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (x > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
            return -ERANGE;
        x = x * 10 + (uint64_t)(*p - '0');
    }
    if (p == text)
        return -EINVAL;
    if (sized && *p && !p[1])
        shift = *p == 'k' || *p == 'K' ? 10 : *p == 'M' ? 20 : *p == 'G' ? 30 : 0;
    if (*p && !shift)
        return -EINVAL;
    if (x > (UINT64_MAX >> shift))
        return -ERANGE;
    *out = x << shift;
    return 0;
}

int tool_parse_u64(const char *cmd, const char *flag, const char *text, uint64_t *out)
{
    int r = parse_num(text, false, out);

    if (r == -EINVAL)
        return tool_error(cmd, TOOL_USAGE, "--%s '%s': not an unsigned decimal number", flag, text);
    if (r)
        return tool_error(cmd, TOOL_USAGE, "--%s '%s': too large", flag, text);
    return TOOL_OK;
}

int tool_parse_size(const char *cmd, const char *flag, const char *text, uint64_t *out)
{
    int r = parse_num(text, true, out);

    if (r == -EINVAL)
        return tool_error(cmd, TOOL_USAGE, "--%s '%s': not a size (digits with an optional k, M "
                          "or G suffix)", flag, text);
    if (r)
        return tool_error(cmd, TOOL_USAGE, "--%s '%s': too large", flag, text);
    return TOOL_OK;
}

int tool_parse_u32(const char *cmd, const char *flag, const char *text, uint32_t min,
                   uint32_t *out)
{
    uint64_t x;
    int r = parse_num(text, false, &x);

    if (r == -EINVAL)
        return tool_error(cmd, TOOL_USAGE, "--%s '%s': not an unsigned decimal number", flag, text);
    if (r || x > UINT32_MAX)
        return tool_error(cmd, TOOL_USAGE, "--%s '%s': too large (at most %u)", flag, text,
                          UINT32_MAX);
    if (x < min)
        return tool_error(cmd, TOOL_USAGE, "--%s %s: must be at least %u", flag, text, min);
    *out = (uint32_t)x;
    return TOOL_OK;
}

int tool_parse_dim3(const char *cmd, const char *flag, const char *text, uint32_t out[3])
{
    const char *p = text;

    out[0] = out[1] = out[2] = 1;
    for (int d = 0; d < 3; d++) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char part[24];
        uint64_t x;

        if (n == 0 || n >= sizeof(part) || (memcpy(part, p, n), part[n] = '\0',
                                            parse_num(part, false, &x)))
            return tool_error(cmd, TOOL_USAGE, "--%s '%s': expected X[,Y[,Z]] of decimal "
                              "numbers", flag, text);
        if (x < 1 || x > UINT32_MAX)
            return tool_error(cmd, TOOL_USAGE, "--%s '%s': each count must be 1 to %u", flag,
                              text, UINT32_MAX);
        out[d] = (uint32_t)x;
        if (!comma)
            return TOOL_OK;
        p = comma + 1;
    }
    return tool_error(cmd, TOOL_USAGE, "--%s '%s': at most three counts (X,Y,Z)", flag, text);
}

FILE *tool_open_out(const char *cmd, const char *path)
{
    FILE *f;

    if (!strcmp(path, "-"))
        return stdout;
    if (!(f = fopen(path, "w")))
        tool_error(cmd, TOOL_FAIL, "cannot write %s: %s", path, strerror(errno));
    return f;
}

int tool_close_out(const char *cmd, const char *path, FILE *f)
{
    int bad;

    if (!f)
        return TOOL_FAIL;
    bad = ferror(f);
    if (f == stdout)
        bad |= fflush(f);
    else
        bad |= fclose(f);
    if (bad)
        return tool_error(cmd, TOOL_FAIL, "writing %s failed: %s", path,
                          errno ? strerror(errno) : "I/O error");
    return TOOL_OK;
}

bool tool_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return true;
    return false;
}

int tool_take_op(const char *cmd, int argc, char **argv, struct kern_shape *s)
{
    enum kern_op op;

    if (argc < 2 || argv[1][0] == '-')
        return tool_error(cmd, TOOL_USAGE, "which op? (see amdpm4 %s --help)", cmd);
    if (kern_op_from_name(argv[1], &op))
        return tool_error(cmd, TOOL_USAGE, "%s", amdpm4_last_error());
    kern_shape_default(op, s);
    return TOOL_OK;
}
