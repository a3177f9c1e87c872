/*
 * tools/trace.h — `--trace F.json`: a Chrome trace (the JSON Trace Event
 * Format that Perfetto and chrome://tracing open).
 *
 * CPU spans (record, submit, wait) come with CLOCK_MONOTONIC times.  GPU
 * spans come from GPU timestamps on the device's own clock; each track's
 * clock is placed on the CPU's by the smallest offset at which no GPU span
 * starts before the CPU began submitting it (GPU work cannot start earlier),
 * so GPU spans are exact relative to each other and bounded against the CPU.
 * The trace's otherData says so.
 */
#ifndef AMDPM4_TOOLS_TRACE_H
#define AMDPM4_TOOLS_TRACE_H

#include <stdint.h>

struct tool_trace;

/* Create path and start the trace; NULL path: *t = NULL and every other
 * call does nothing.  Returns TOOL_OK or TOOL_FAIL (printed). */
int tool_trace_open(const char *cmd, const char *path, struct tool_trace **t);

/* Name a track (one row in the viewer). */
void tool_trace_track(struct tool_trace *t, int track, const char *name);

/* A CPU span [t0_ns, t0_ns + dur_ns) (CLOCK_MONOTONIC); args: NULL or the
 * body of a JSON object ("\"iter\": 3"). */
void tool_trace_cpu(struct tool_trace *t, int track, const char *name, uint64_t t0_ns,
                    uint64_t dur_ns, const char *args);

/* A GPU span [begin_ns, end_ns) on the track's device clock, from a
 * submission whose submit call began at submit_cpu_ns. */
void tool_trace_gpu(struct tool_trace *t, int track, const char *name, uint64_t submit_cpu_ns,
                    uint64_t begin_ns, uint64_t end_ns);

/* A line of context stored in otherData ("device": "..."). */
void tool_trace_note(struct tool_trace *t, const char *key, const char *value);

/* Write the GPU spans and the end of the file, close it and free t.
 * Returns TOOL_OK or TOOL_FAIL (printed).  NULL does nothing. */
int tool_trace_close(struct tool_trace *t);

/* The end of a subcommand: close the trace (NULL: none), flush stdout.
 * Returns the exit code: r, or TOOL_FAIL if r was TOOL_OK and writing
 * failed; r < 0 (the subcommand printed --help) is TOOL_OK. */
int tool_finish(const char *cmd, int r, struct tool_trace *t);

#endif
