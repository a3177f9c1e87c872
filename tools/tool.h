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

/* The command line main() was given (a subcommand may re-execute it). */
extern char **tool_argv;

struct amdpm4_device;
/* Open the device --device MODE selects (mode NULL: environment
 * AMDPM4_DEVICE, else auto), re-executing the tool under the simulated
 * gfx1100 when that is what it takes (tools/device.c).  Returns TOOL_OK with
 * *dev set, or an exit code after printing the error line. */
int tool_open_device(const char *cmd, const char *mode, struct amdpm4_device **dev);

/* Print "amdpm4 <cmd>: <message>" as one line on stderr and return code. */
int tool_error(const char *cmd, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
