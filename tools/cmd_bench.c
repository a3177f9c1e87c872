/* tools/cmd_bench.c — `amdpm4 bench overhead|bandwidth|sim`: parse the
 * command line, run one measurement (bench_overhead.c, bench_bandwidth.c,
 * bench_sim.c). */
#include <string.h>

#include "tools/bench.h"

static void usage(FILE *f)
{
    fputs("usage: amdpm4 bench overhead|bandwidth|sim [--json] [--csv F] [--plot F.svg]\n"
          "                    [--trace F.json] [--device auto|hw|sim] [--vk-device INDEX|NAME]\n"
          "                    [--vk-validation]\n\n"
          "overhead   driver overhead of the PM4 path and the Vulkan path, one run:\n"
          "           host cost to record a dispatch (batches of --batch), of the submit\n"
          "           call and of the fence wait; submit->fence latency of one empty\n"
          "           dispatch; chains of 1, 4, 16, ... --max-chain empty dispatches,\n"
          "           dependent (barrier between each) and independent, per dispatch;\n"
          "           GPU time per dispatch and gaps from timestamps (--gap-chain long)\n"
          "  --batch N       dispatches per record batch (10000)\n"
          "  --max-chain N   longest chain (4096)\n"
          "  --gap-chain N   chain with timestamps around every dispatch (64)\n"
          "  --reps N        repetitions; medians are reported (5)\n"
          "  --plot F.svg    per-dispatch cost against chain length, both paths\n\n"
          "bandwidth  copy and fill GB/s in VRAM, visible VRAM and GTT (shader and SDMA),\n"
          "           and host<->device transfers\n"
          "  --bytes SIZE    bytes per transfer (64M on hardware, 4M on the simulator)\n"
          "  --reps N        repetitions; the median is reported (3)\n\n"
          "sim        simulator throughput (wave-instructions/s, simulated FLOP/s) for each\n"
          "           op at fixed sizes, beside the same op on the Vulkan path, as a ratio\n"
          "  --quick         smaller sizes\n"
          "  --reps N        repetitions; the median is reported (1)\n\n"
          "--csv F writes the figures as CSV, --json prints them as JSON instead of tables,\n"
          "--trace F.json writes a Chrome/Perfetto trace, --vk-validation runs the Vulkan\n"
          "path under VK_LAYER_KHRONOS_validation (a message is a failure).  On the\n"
          "simulated gfx1100 the figures measure host software plus the simulator.\n\n"
          "exit: 0 measured, 1 failure, 2 usage\n", f);
}

static int bench_main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(struct bench_opts *b);
    } which[] = {
        {"overhead", bench_overhead},
        {"bandwidth", bench_bandwidth},
        {"sim", bench_sim},
    };
    struct bench_opts b = {.batch = 10000, .max_chain = 4096, .reps = 0, .gap_chain = 64};
    int w = -1, r;

    if ((r = tool_opts_init(&b.o, BENCH_CMD, TOOL_OPT_DEVICE | TOOL_OPT_VK_DEVICE | TOOL_OPT_JSON |
                            TOOL_OPT_CSV | TOOL_OPT_PLOT | TOOL_OPT_TRACE | TOOL_OPT_SEED |
                            TOOL_OPT_VK_VALIDATION)))
        return r;
    for (int i = 1; i < argc;) {
        const char *v;

        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return TOOL_OK;
        }
        if ((r = tool_take_common(&b.o, argc, argv, &i))) {
            if (r != 1)
                return r;
        } else if ((r = tool_take_flag(BENCH_CMD, "batch", true, argc, argv, &i, &v))) {
            if (r != 1 || tool_parse_u32(BENCH_CMD, "batch", v, 1, &b.batch))
                return TOOL_USAGE;
        } else if ((r = tool_take_flag(BENCH_CMD, "max-chain", true, argc, argv, &i, &v))) {
            if (r != 1 || tool_parse_u32(BENCH_CMD, "max-chain", v, 1, &b.max_chain))
                return TOOL_USAGE;
        } else if ((r = tool_take_flag(BENCH_CMD, "gap-chain", true, argc, argv, &i, &v))) {
            if (r != 1 || tool_parse_u32(BENCH_CMD, "gap-chain", v, 2, &b.gap_chain))
                return TOOL_USAGE;
        } else if ((r = tool_take_flag(BENCH_CMD, "reps", true, argc, argv, &i, &v))) {
            if (r != 1 || tool_parse_u32(BENCH_CMD, "reps", v, 1, &b.reps))
                return TOOL_USAGE;
            b.given_reps = true;
        } else if ((r = tool_take_flag(BENCH_CMD, "bytes", true, argc, argv, &i, &v))) {
            if (r != 1 || tool_parse_size(BENCH_CMD, "bytes", v, &b.bytes))
                return TOOL_USAGE;
            if (b.bytes < 4)
                return tool_error(BENCH_CMD, TOOL_USAGE, "--bytes %s: at least 4", v);
        } else if ((r = tool_take_flag(BENCH_CMD, "quick", false, argc, argv, &i, &v))) {
            if (r != 1)
                return r;
            b.quick = true;
        } else if (w < 0 && argv[i][0] != '-') {
            for (unsigned k = 0; k < sizeof(which) / sizeof(which[0]); k++)
                if (!strcmp(argv[i], which[k].name))
                    w = (int)k;
            if (w < 0)
                return tool_error(BENCH_CMD, TOOL_USAGE, "unknown measurement '%s' (overhead, "
                                  "bandwidth or sim)", argv[i]);
            i++;
        } else {
            return tool_unknown_arg(BENCH_CMD, argv[i]);
        }
    }
    if (w < 0)
        return tool_error(BENCH_CMD, TOOL_USAGE, "which measurement? overhead, bandwidth or sim "
                          "(see amdpm4 bench --help)");
    if (w != 0 && b.o.plot_path)
        return tool_error(BENCH_CMD, TOOL_USAGE, "--plot is for bench overhead");
    if (w == 2 && b.o.device == TOOL_DEVICE_HW)
        return tool_error(BENCH_CMD, TOOL_USAGE, "bench sim measures the simulated gfx1100: "
                          "not with --device hw");
    if (w == 2)
        b.o.device = TOOL_DEVICE_SIM;
    /* Output files must be writable before minutes of measuring. */
    {
        const char *paths[] = {b.o.csv_path, b.o.plot_path};
        for (unsigned k = 0; k < 2; k++) {
            FILE *f = paths[k] ? tool_open_out(BENCH_CMD, paths[k]) : NULL;
            if (paths[k] && (!f || tool_close_out(BENCH_CMD, paths[k], f)))
                return TOOL_FAIL;
        }
    }
    if ((r = tool_device_select(BENCH_CMD, b.o.device)) != TOOL_OK)
        return r;
    if ((r = tool_trace_open(BENCH_CMD, b.o.trace_path, &b.trace)) != TOOL_OK)
        return r;
    return tool_finish(BENCH_CMD, which[w].run(&b), b.trace);
}

const struct tool_cmd cmd_bench = {"bench", "measurements: driver overhead, bandwidth, simulator "
                                   "throughput", bench_main};
