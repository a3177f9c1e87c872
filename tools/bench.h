/*
 * tools/bench.h — `amdpm4 bench overhead|bandwidth|sim`: what the three
 * measurements share (cmd_bench.c parses, bench_<name>.c measures).
 */
#ifndef AMDPM4_TOOLS_BENCH_H
#define AMDPM4_TOOLS_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "tools/tool.h"
#include "tools/trace.h"

#define BENCH_CMD "bench"

struct bench_opts {
    struct tool_opts o;             /* --device --vk-device --json --csv --plot --trace --seed */
    struct tool_trace *trace;       /* open when --trace was given */
    /* overhead */
    uint32_t batch;                 /* dispatches per record-cost batch (10000) */
    uint32_t max_chain;             /* longest chain: 1, 4, 16, ... up to it (4096) */
    uint32_t reps;                  /* repetitions of each measurement; the median is kept */
    uint32_t gap_chain;             /* chain with a timestamp around every dispatch (64) */
    /* bandwidth */
    uint64_t bytes;                 /* per transfer (0: 64 MiB on hardware, 4 MiB simulated) */
    /* sim */
    bool quick;                     /* smaller op sizes */
    bool given_reps;
};

int bench_overhead(struct bench_opts *b);
int bench_bandwidth(struct bench_opts *b);
int bench_sim(struct bench_opts *b);

/* The line every bench prints when the device is the simulator. */
#define BENCH_SIM_NOTE "on the simulated gfx1100 these figures measure host software plus " \
                       "the simulator, not a GPU"

#endif
