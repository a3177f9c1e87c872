/* tools/trace.c — Chrome/Perfetto trace writer (see trace.h). */
#include "tools/trace.h"
#include "tools/tool.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define TRACE_PID 1
#define TRACE_NAME_BYTES 48
#define TRACE_MAX_NOTES 16
#define TRACE_MAX_TRACKS 16

struct gpu_span {
    int track;
    char name[TRACE_NAME_BYTES];
    uint64_t submit_cpu_ns, begin_ns, end_ns;
};

struct tool_trace {
    const char *cmd, *path;
    FILE *f;
    bool any;                   /* an event written (comma before the next) */
    bool oom;
    uint64_t t0_ns;             /* trace time 0 (CLOCK_MONOTONIC) */
    size_t n_gpu, cap_gpu;
    struct gpu_span *gpu;
    unsigned n_notes;
    char *note[TRACE_MAX_NOTES][2];
};

int tool_trace_open(const char *cmd, const char *path, struct tool_trace **out)
{
    struct tool_trace *t;

    *out = NULL;
    if (!path)
        return TOOL_OK;
    if (!(t = calloc(1, sizeof(*t))))
        return tool_error(cmd, TOOL_FAIL, "out of memory");
    t->cmd = cmd;
    t->path = path;
    if (!(t->f = tool_open_out(cmd, path))) {
        free(t);
        return TOOL_FAIL;
    }
    t->t0_ns = pm4_now_ns();
    fputs("{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n", t->f);
    fprintf(t->f, "{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": %d, \"args\": "
                  "{\"name\": \"amdpm4 %s\"}}", TRACE_PID, cmd);
    t->any = true;
    *out = t;
    return TOOL_OK;
}

static void sep(struct tool_trace *t)
{
    fputs(t->any ? ",\n" : "", t->f);
    t->any = true;
}

void tool_trace_track(struct tool_trace *t, int track, const char *name)
{
    if (!t)
        return;
    sep(t);
    fprintf(t->f, "{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": %d, \"tid\": %d, "
                  "\"args\": {\"name\": ", TRACE_PID, track);
    tool_json_string(t->f, name);
    fputs("}}", t->f);
    sep(t);
    fprintf(t->f, "{\"name\": \"thread_sort_index\", \"ph\": \"M\", \"pid\": %d, \"tid\": %d, "
                  "\"args\": {\"sort_index\": %d}}", TRACE_PID, track, track);
}

/* Trace times are microseconds from t0 with nanosecond digits. */
static void span(struct tool_trace *t, int track, const char *cat, const char *name, double ts_ns,
                 uint64_t dur_ns, const char *args)
{
    sep(t);
    fputs("{\"name\": ", t->f);
    tool_json_string(t->f, name);
    fprintf(t->f, ", \"cat\": \"%s\", \"ph\": \"X\", \"pid\": %d, \"tid\": %d, \"ts\": %.3f, "
                  "\"dur\": %.3f", cat, TRACE_PID, track, ts_ns / 1e3, (double)dur_ns / 1e3);
    if (args && *args)
        fprintf(t->f, ", \"args\": {%s}", args);
    fputc('}', t->f);
}

void tool_trace_cpu(struct tool_trace *t, int track, const char *name, uint64_t t0_ns,
                    uint64_t dur_ns, const char *args)
{
    if (!t)
        return;
    span(t, track, "cpu", name, (double)t0_ns - (double)t->t0_ns, dur_ns, args);
}

void tool_trace_gpu(struct tool_trace *t, int track, const char *name, uint64_t submit_cpu_ns,
                    uint64_t begin_ns, uint64_t end_ns)
{
    struct gpu_span *s;

    if (!t || t->oom)
        return;
    if (t->n_gpu == t->cap_gpu) {
        size_t cap = t->cap_gpu ? 2 * t->cap_gpu : 1024;
        struct gpu_span *g = realloc(t->gpu, cap * sizeof(*g));
        if (!g) {
            t->oom = true;
            return;
        }
        t->gpu = g;
        t->cap_gpu = cap;
    }
    s = &t->gpu[t->n_gpu++];
    s->track = track;
    snprintf(s->name, sizeof(s->name), "%s", name);
    s->submit_cpu_ns = submit_cpu_ns;
    s->begin_ns = begin_ns;
    s->end_ns = end_ns < begin_ns ? begin_ns : end_ns;
}

void tool_trace_note(struct tool_trace *t, const char *key, const char *value)
{
    if (!t || t->n_notes == TRACE_MAX_NOTES)
        return;
    t->note[t->n_notes][0] = strdup(key);
    t->note[t->n_notes][1] = strdup(value);
    if (!t->note[t->n_notes][0] || !t->note[t->n_notes][1]) {
        free(t->note[t->n_notes][0]);
        free(t->note[t->n_notes][1]);
        t->oom = true;
        return;
    }
    t->n_notes++;
}

/* Per track: the smallest offset (device clock -> CPU clock) at which no
 * span starts before its submit call began. */
static void write_gpu(struct tool_trace *t)
{
    int tracks[TRACE_MAX_TRACKS];
    double offset[TRACE_MAX_TRACKS];
    unsigned n_tracks = 0;

    for (size_t i = 0; i < t->n_gpu; i++) {
        const struct gpu_span *s = &t->gpu[i];
        double need = (double)s->submit_cpu_ns - (double)s->begin_ns;
        unsigned k = 0;

        while (k < n_tracks && tracks[k] != s->track)
            k++;
        if (k == n_tracks) {
            if (n_tracks == TRACE_MAX_TRACKS)
                continue;
            tracks[n_tracks] = s->track;
            offset[n_tracks++] = need;
        } else if (need > offset[k]) {
            offset[k] = need;
        }
    }
    for (size_t i = 0; i < t->n_gpu; i++) {
        const struct gpu_span *s = &t->gpu[i];
        unsigned k = 0;

        while (k < n_tracks && tracks[k] != s->track)
            k++;
        if (k == n_tracks)
            continue;
        span(t, s->track, "gpu", s->name, (double)s->begin_ns + offset[k] - (double)t->t0_ns,
             s->end_ns - s->begin_ns, NULL);
    }
}

int tool_trace_close(struct tool_trace *t)
{
    int r;

    if (!t)
        return TOOL_OK;
    write_gpu(t);
    fputs("\n],\n\"otherData\": {\"clock\": \"CPU spans: CLOCK_MONOTONIC. GPU spans: GPU "
          "timestamps, exact relative to each other; each GPU track is placed at the earliest "
          "offset where no dispatch starts before its submit call\"", t->f);
    for (unsigned i = 0; i < t->n_notes; i++) {
        fputs(", ", t->f);
        tool_json_string(t->f, t->note[i][0]);
        fputs(": ", t->f);
        tool_json_string(t->f, t->note[i][1]);
        free(t->note[i][0]);
        free(t->note[i][1]);
    }
    fputs("}}\n", t->f);
    r = tool_close_out(t->cmd, t->path, t->f);
    if (r == TOOL_OK && t->oom)
        r = tool_error(t->cmd, TOOL_FAIL, "out of memory writing the trace %s", t->path);
    free(t->gpu);
    free(t);
    return r;
}

int tool_finish(const char *cmd, int r, struct tool_trace *t)
{
    int tr = tool_trace_close(t);

    if (r < 0)
        return TOOL_OK;
    if (r == TOOL_OK && tr != TOOL_OK)
        r = tr;
    if (r == TOOL_OK && fflush(stdout))
        r = tool_error(cmd, TOOL_FAIL, "writing the output failed");
    return r;
}
