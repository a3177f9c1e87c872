/*
 * tools/tool.h — what every `amdpm4` subcommand shares.
 *
 * A subcommand is one file, tools/cmd_<name>.c, defining
 *
 *     const struct tool_cmd cmd_<name> = { "name", "one-line summary", main_fn };
 *
 * The Makefile lists the files into build/gen/tool_cmds.h; tools/amdpm4.c
 * dispatches on argv[1].  Subcommands are thin: the work is in the library.
 *
 * Exit codes and error lines follow ../shared/design/cli.md.
 */
#ifndef AMDPM4_TOOLS_TOOL_H
#define AMDPM4_TOOLS_TOOL_H

enum tool_exit {
    TOOL_OK = 0,       /* success */
    TOOL_FAIL = 1,     /* failure or mismatch: a check that did not agree, a fault, a hang */
    TOOL_USAGE = 2,    /* usage error: bad flag, missing file, unknown op or kernel */
};

struct tool_cmd {
    const char *name;
    const char *summary;
    /* argv[0] is the subcommand's name; returns an enum tool_exit. */
    int (*main)(int argc, char **argv);
};

/* Print "amdpm4 <cmd>: <message>" as one line on stderr and return code. */
int tool_error(const char *cmd, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
