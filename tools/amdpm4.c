/* tools/amdpm4.c — the `amdpm4` command: dispatch to a subcommand. */
#include "tools/tool.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TOOL_CMD(n) extern const struct tool_cmd cmd_##n;
#include "tool_cmds.h"
#undef TOOL_CMD

static const struct tool_cmd *const commands[] = {
#define TOOL_CMD(n) &cmd_##n,
#include "tool_cmds.h"
#undef TOOL_CMD
    NULL,
};

char **tool_argv;

int tool_error(const char *cmd, int code, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "amdpm4 %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: amdpm4 SUBCOMMAND [OPTIONS]   (amdpm4 SUBCOMMAND --help for its options)\n\n"
               "Drive AMD RDNA3 (gfx11) GPUs with hand-written PM4 packets through libdrm_amdgpu;\n"
               "without a gfx11 GPU it runs on the simulated gfx1100.\n\nsubcommands:\n");
    for (const struct tool_cmd *const *c = commands; *c; c++)
        fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
}

int main(int argc, char **argv)
{
    tool_argv = argv;
    if (argc < 2) {
        usage(stderr);
        return TOOL_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return TOOL_OK;
    }
    for (const struct tool_cmd *const *c = commands; *c; c++)
        if (!strcmp((*c)->name, argv[1]))
            return (*c)->main(argc - 1, argv + 1);
    fprintf(stderr, "amdpm4: unknown subcommand '%s' (see amdpm4 --help)\n", argv[1]);
    return TOOL_USAGE;
}
