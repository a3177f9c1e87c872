/*
 * tools/paths.h — the two ways the tools run a built-in op: the PM4 path
 * (the runtime, the launch plans of kernels/plan.h and the hand-written
 * kernels) and the Vulkan reference path (vkref/).  run, check and bench
 * share them.
 */
#ifndef AMDPM4_TOOLS_PATHS_H
#define AMDPM4_TOOLS_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "amdpm4.h"
#include "kernels/ops.h"
#include "kernels/run.h"
#include "tools/trace.h"
#include "vkref/vkref.h"

/* ---------------------------------------------------------------- PM4 path */

struct tool_pm4_report {
    struct kern_run_result run;         /* the plan (kernel, grid, block, dispatches per
                                           iteration), transfer times, statistics, and
                                           whether a --co file was refused (a usage error) */
    enum amdpm4_placement placement;    /* of the op's buffers */
    unsigned n_buffers;
    unsigned n_iters;
    struct kern_run_iter *iter;         /* malloc'd: the timed iterations */
};

/*
 * Run b->shape on dev as kern_run_with does (kernels/run.h), on a compute
 * queue of its own, with o's warm-up, iterations (0 means 1), statistics
 * and code object; o->iter is ignored (rep->iter gets the times).  0 or a
 * negative errno (amdpm4_last_error()); rep->run is filled either way (its
 * code_object_refused tells a usage error), the rest on success; free with
 * tool_pm4_report_free.
 */
int tool_pm4_run(amdpm4_device *dev, struct kern_bufs *b, const struct kern_run_opts *o,
                 struct tool_pm4_report *rep);
void tool_pm4_report_free(struct tool_pm4_report *rep);

/* "gfx1100 AMD Radeon RX 7900 XTX (/dev/dri/renderD128)" or "gfx1100
 * (simulated: amdpm4 simulated gfx1100 0.1)". */
void tool_pm4_describe(amdpm4_device *dev, char *buf, size_t buf_bytes);

/* Trace spans (CPU: record/submit/wait, GPU: the dispatches) of each
 * iteration on tracks cpu and gpu. */
void tool_pm4_trace(struct tool_trace *t, int cpu, int gpu, const char *what,
                    const struct tool_pm4_report *rep);

/* ---------------------------------------------------------------- simulator statistics */

struct tool_json;
/* The simulator's statistics of a dispatch (or a sum of them) as text, two
 * spaces in; out-of-range LDS and buffer accesses first, as WARNING lines,
 * when there are any. */
void tool_stats_print(FILE *f, const struct amdpm4_dispatch_stats *st);
/* The same as the JSON object "stats". */
void tool_stats_json(struct tool_json *j, const struct amdpm4_dispatch_stats *st);

/* ---------------------------------------------------------------- Vulkan path */

struct tool_opts;
/* Open the Vulkan device --vk-device names (vkref's choice without it:
 * lavapipe under the simulator), with the validation layer if
 * --vk-validation; data through staging buffers if force_staging. */
int tool_vk_open(const struct tool_opts *o, bool force_staging, struct vkref **vk);

/* 0, or -EPROTO naming the first validation message seen. */
int tool_vk_validation(const struct vkref *vk);

/* "llvmpipe (LLVM 15.0.6, 256 bits) [llvmpipe, Mesa 22.3.6 (LLVM 15.0.6)]". */
void tool_vk_describe(const struct vkref *vk, char *buf, size_t buf_bytes);

void tool_vk_trace(struct tool_trace *t, int cpu, int gpu, const char *what,
                   const struct vkref_report *rep);

#endif
