/* tools/cmd_dump.c — `amdpm4 dump FILE|-`: decode a stream of little-endian
 * PM4 (or, with --sdma, SDMA) dwords to text on stdout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm4/pm4_decode.h"
#include "tools/tool.h"

#define DUMP_MAX_BYTES (1ull << 30)

static void usage(FILE *f)
{
    fprintf(f,
            "usage: amdpm4 dump [--sdma] FILE|-\n\n"
            "Decode a file (or stdin, -) of little-endian dwords as a gfx11 PM4 stream: one\n"
            "line per packet (dword offset, header, opcode, COUNT), every register write and\n"
            "packet field by name.  INDIRECT_BUFFERs are listed, not followed (a file has\n"
            "no GPU memory).  Problems in the stream are lines starting with \"!!\".\n\n"
            "  --sdma    decode as an SDMA 6.0 stream instead\n\n"
            "exit: 0 stream decoded cleanly, 1 stream has problems or cannot be read,\n"
            "      2 usage error (bad flag, missing file)\n");
}

/* Read all of f into *buf; returns 0, -EFBIG or -errno. */
static int slurp(FILE *f, unsigned char **buf, size_t *len)
{
    size_t cap = 0, n = 0;
    unsigned char *p = NULL;

    for (;;) {
        size_t k;

        if (n == cap) {
            unsigned char *q;

            if (cap >= DUMP_MAX_BYTES) {
                free(p);
                return -EFBIG;
            }
            cap = cap ? cap * 2 : 65536;
            q = realloc(p, cap);
            if (!q) {
                free(p);
                return -ENOMEM;
            }
            p = q;
        }
        k = fread(p + n, 1, cap - n, f);
        n += k;
        if (k == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(p);
                return -e;
            }
            break;
        }
    }
    *buf = p;
    *len = n;
    return 0;
}

static int dump_main(int argc, char **argv)
{
    const char *path = NULL;
    bool sdma = false;
    unsigned char *bytes = NULL;
    uint32_t *dw = NULL;
    struct pm4_decode_stats st;
    size_t len = 0, n_dw;
    FILE *f;
    int r;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return TOOL_OK;
        } else if (!strcmp(argv[i], "--sdma")) {
            sdma = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return tool_error("dump", TOOL_USAGE, "unknown option '%s' (see amdpm4 dump --help)",
                              argv[i]);
        } else if (path) {
            return tool_error("dump", TOOL_USAGE, "one FILE only ('%s' and '%s')", path, argv[i]);
        } else {
            path = argv[i];
        }
    }
    if (!path)
        return tool_error("dump", TOOL_USAGE, "no FILE given (use - for stdin; see --help)");

    f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return tool_error("dump", TOOL_USAGE, "%s: %s", path, strerror(errno));
    r = slurp(f, &bytes, &len);
    if (f != stdin)
        fclose(f);
    if (r == -EFBIG)
        return tool_error("dump", TOOL_FAIL, "%s: larger than %llu bytes", path, DUMP_MAX_BYTES);
    if (r)
        return tool_error("dump", TOOL_FAIL, "%s: %s", path, strerror(-r));
    if (len % 4) {
        free(bytes);
        return tool_error("dump", TOOL_FAIL,
                          "%s: %zu bytes is not a whole number of dwords (PM4 streams are "
                          "little-endian 32-bit words)",
                          path, len);
    }

    n_dw = len / 4;
    dw = malloc(n_dw ? n_dw * sizeof(uint32_t) : 1);
    if (!dw) {
        free(bytes);
        return tool_error("dump", TOOL_FAIL, "%s: out of memory", path);
    }
    for (size_t i = 0; i < n_dw; i++)
        dw[i] = (uint32_t)bytes[4 * i] | (uint32_t)bytes[4 * i + 1] << 8 |
                (uint32_t)bytes[4 * i + 2] << 16 | (uint32_t)bytes[4 * i + 3] << 24;
    free(bytes);

    r = (sdma ? pm4_decode_sdma : pm4_decode)(dw, n_dw, NULL, pm4_sink_file(stdout), &st);
    free(dw);
    if (r)
        return tool_error("dump", TOOL_FAIL, "%s: decoder failed: %s", path, strerror(-r));
    printf("-- %zu dwords, %llu packets, %llu problems\n", n_dw, (unsigned long long)st.packets,
           (unsigned long long)st.errors);
    if (fflush(stdout))
        return tool_error("dump", TOOL_FAIL, "writing the output: %s", strerror(errno));
    if (st.errors)
        return tool_error("dump", TOOL_FAIL, "%s: %llu problems in the stream (lines with !!)",
                          path, (unsigned long long)st.errors);
    return TOOL_OK;
}

const struct tool_cmd cmd_dump = {"dump", "decode a stream of little-endian PM4 (or SDMA) dwords",
                                  dump_main};
