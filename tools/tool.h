/*
 * tools/tool.h — what every `amdpm4` subcommand shares.
 *
 * A subcommand is one file, tools/cmd_<name>.c, defining
 *
 *     const struct tool_cmd cmd_<name> = { "name", "one-line summary", main_fn };
 *
 * The Makefile lists the files into build/gen/tool_cmds.h; tools/amdpm4.c
 * dispatches on argv[1].  Subcommands are thin: the work is in the library.
 * The other tools/ files are the helpers they share: option parsing
 * (opt.c), device choice and re-execution under the simulator (device.c),
 * JSON/CSV output (out.c), Chrome traces (trace.c), SVG plots (svg.c), and
 * running a built-in op on the PM4 path (pm4op.c).
 *
 * Exit codes and error lines follow ../shared/design/cli.md.
 */
#ifndef AMDPM4_TOOLS_TOOL_H
#define AMDPM4_TOOLS_TOOL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "pm4/clock.h"

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

/* The command line main() was given (argv[0] is the program), kept for
 * re-executing the tool under the simulator. */
extern char **tool_argv;


/* ---------------------------------------------------------------- devices (device.c) */

enum tool_device {
    TOOL_DEVICE_AUTO,   /* a real gfx11 GPU if present, else the simulated gfx1100 */
    TOOL_DEVICE_HW,     /* a real gfx11 GPU or fail */
    TOOL_DEVICE_SIM,    /* the simulated gfx1100 */
};

/* "auto", "hw", "sim" -> value; -EINVAL otherwise. */
int tool_device_parse(const char *s, enum tool_device *d);

/*
 * Make this process run on the device asked for, before it touches any GPU:
 *   auto: the simulator already loaded -> use it; a gfx11 GPU present -> use
 *         it; else re-execute under the simulator, saying so in one line on
 *         stderr;
 *   hw:   a gfx11 GPU, never the simulator (fails if it is preloaded);
 *   sim:  the simulator (re-execute under it unless loaded).
 * Re-execution prepends libamdpm4sim.so (beside the executable, else in
 * ../lib) to LD_PRELOAD and does not return.  Returns TOOL_OK, or an exit
 * code after printing the error line.
 */
int tool_device_select(const char *cmd, enum tool_device d);

struct amdpm4_device;
/* tool_device_select(cmd, d), then open the chosen device.  Returns TOOL_OK
 * with *dev set (amdpm4_device_close it), or an exit code after printing
 * the error line. */
int tool_open_device(const char *cmd, enum tool_device d, struct amdpm4_device **dev);

/* True if the simulated gfx1100 answers in this process. */
bool tool_simulated(void);

/* The amdpm4_enumerate() index of the gfx11 GPU chosen by
 * tool_device_select (0 under the simulator). */
unsigned tool_device_index(void);

/* ---------------------------------------------------------------- options (opt.c) */

/* The flags several subcommands share; each takes the ones in its mask. */
enum tool_opt_bit {
    TOOL_OPT_DEVICE = 1u << 0,      /* --device auto|hw|sim (AMDPM4_DEVICE) */
    TOOL_OPT_VK_DEVICE = 1u << 1,   /* --vk-device INDEX|NAME */
    TOOL_OPT_JSON = 1u << 2,        /* --json */
    TOOL_OPT_TRACE = 1u << 3,       /* --trace F.json */
    TOOL_OPT_SEED = 1u << 4,        /* --seed N */
    TOOL_OPT_CSV = 1u << 5,         /* --csv F */
    TOOL_OPT_PLOT = 1u << 6,        /* --plot F.svg */
    TOOL_OPT_VK_VALIDATION = 1u << 7, /* --vk-validation */
};

struct tool_opts {
    const char *cmd;
    unsigned mask;
    enum tool_device device;
    const char *vk_device;          /* NULL: vkref's default */
    bool vk_validation;             /* VK_LAYER_KHRONOS_validation; a message is a failure */
    bool json;
    const char *trace_path, *csv_path, *plot_path;
    uint64_t seed;
};

/* Defaults: device from AMDPM4_DEVICE (else auto), seed 1.  Returns TOOL_OK
 * or TOOL_USAGE (a bad AMDPM4_DEVICE, printed). */
int tool_opts_init(struct tool_opts *o, const char *cmd, unsigned mask);

/*
 * Flags are "--name VALUE" or "--name=VALUE".  The tool_take_* functions
 * look at argv[*i]: if it is theirs they consume it (and its value,
 * advancing *i past them) and return 1; 0 if it is not theirs; TOOL_USAGE
 * after printing the error line for a bad or missing value.
 */
int tool_take_common(struct tool_opts *o, int argc, char **argv, int *i);

struct kern_shape;
/* A shape flag of s->op (kernels/ops.h), e.g. --m 300, --causal. */
int tool_take_shape(const char *cmd, struct kern_shape *s, int argc, char **argv, int *i);

/* True if an argument is --help or -h. */
bool tool_wants_help(int argc, char **argv);

/* argv[1] names a built-in op: *s = its default shape.  TOOL_OK, or
 * TOOL_USAGE (printed: no op, or an unknown one). */
int tool_take_op(const char *cmd, int argc, char **argv, struct kern_shape *s);

/* argv[*i] is --name (or --name=VALUE): set *value (NULL for a bare
 * switch when want_value is false) and return 1; 0 if it is another flag;
 * TOOL_USAGE if the value is missing. */
int tool_take_flag(const char *cmd, const char *name, bool want_value, int argc, char **argv,
                   int *i, const char **value);

/* Numbers in flags: decimal; sizes may end in k, M or G (powers of 1024).
 * Each returns TOOL_OK or prints "--FLAG 'TEXT': ..." and returns TOOL_USAGE. */
int tool_parse_u32(const char *cmd, const char *flag, const char *text, uint32_t min,
                   uint32_t *out);
int tool_parse_u64(const char *cmd, const char *flag, const char *text, uint64_t *out);
int tool_parse_size(const char *cmd, const char *flag, const char *text, uint64_t *out);
/* "X[,Y[,Z]]", each >= 1; missing ones are 1. */
int tool_parse_dim3(const char *cmd, const char *flag, const char *text, uint32_t out[3]);

/* The usage error for an argument nobody took: "unknown flag '--x' (see
 * amdpm4 CMD --help)" or "unexpected argument 'x' (...)". */
int tool_unknown_arg(const char *cmd, const char *arg);

/* Open path for writing ("-" is stdout); prints the error line and returns
 * NULL on failure. */
FILE *tool_open_out(const char *cmd, const char *path);
/* Close f (not stdout) and report a write error: TOOL_OK or TOOL_FAIL. */
int tool_close_out(const char *cmd, const char *path, FILE *f);

/* ---------------------------------------------------------------- JSON (out.c) */

/* A streaming JSON writer: nesting and commas are tracked, numbers that are
 * not finite are written as null, strings are escaped. */
#define TOOL_JSON_DEPTH 16
struct tool_json {
    FILE *f;
    int depth;
    bool first[TOOL_JSON_DEPTH];
    bool compact[TOOL_JSON_DEPTH];   /* an object written on one line */
};

void tj_begin(struct tool_json *j, FILE *f);       /* opens the top-level object */
void tj_end(struct tool_json *j);                  /* closes it, then a newline */
/* key is NULL inside arrays.  _line variants keep the whole value on one line. */
void tj_obj(struct tool_json *j, const char *key);
void tj_obj_line(struct tool_json *j, const char *key);
void tj_obj_end(struct tool_json *j);
void tj_arr(struct tool_json *j, const char *key);
void tj_arr_line(struct tool_json *j, const char *key);
void tj_arr_end(struct tool_json *j);
void tj_str(struct tool_json *j, const char *key, const char *v);   /* NULL: null */
void tj_u64(struct tool_json *j, const char *key, uint64_t v);
void tj_i64(struct tool_json *j, const char *key, int64_t v);
void tj_num(struct tool_json *j, const char *key, double v);
void tj_bool(struct tool_json *j, const char *key, bool v);

/* Write s as a JSON string literal (quotes included). */
void tool_json_string(FILE *f, const char *s);

/* A CSV field: quoted when it holds a comma, quote or newline. */
void tool_csv_field(FILE *f, const char *s);

/* ---------------------------------------------------------------- numbers for people */

/* "812 ns", "3.41 µs", "12.0 ms", "1.52 s" into buf. */
const char *tool_fmt_ns(double ns, char *buf, size_t buf_bytes);
/* "64 MiB", "1.5 GiB", "4097 B". */
const char *tool_fmt_bytes(uint64_t bytes, char *buf, size_t buf_bytes);
/* Median of n values (sorted in place); 0 for n == 0. */
uint64_t tool_median_u64(uint64_t *v, size_t n);

#endif
