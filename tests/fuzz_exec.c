/*
 * tests/fuzz_exec.c — libFuzzer target for the wave executor (`make fuzz`;
 * never part of `make check`, whose exec suite runs a fixed-seed stream of
 * random programs instead).  Any machine code, with any of the launch
 * parameters below, must end its dispatch with 0 or a fault that names
 * itself (kind and message); a loop ends as a hang at the deadline.
 *
 * Input: XH_RAND_HDR_BYTES launch bytes (tests/exec_harness.h says what
 * each selects), then the code (little-endian words; a trailing partial word
 * is dropped), followed in the code buffer by XH_ENDPGM_PAD_DW s_endpgm
 * words.  An input shorter than the header runs with the missing bytes 0.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "isa/isa_decode.h"
#include "tests/exec_harness.h"
#include "tests/isa_rand.h"

#define DEADLINE_NS 50000000ull        /* loops end as hangs after 50 ms */
#define LATE_NS 2000000000ull          /* a dispatch this far past it ignored the deadline */
#define MAX_CODE_DW 16384u

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

static struct xh H;
static size_t code_dw_last;

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[4096];

    (void)argc;
    (void)argv;
    /* one host thread: the fuzzer's own jobs are the parallelism */
    setenv("AMDPM4_SIM_THREADS", "1", 0);
    if (xh_init(&H, NULL, 0, err, sizeof(err))) {
        fprintf(stderr, "fuzz_exec: harness: %s\n", err);
        exit(1);
    }
    return 0;
}

/* Half the mutations are libFuzzer's own; the other half insert or overwrite
 * one instruction from the table with random fields (tests/isa_rand.c) at a
 * word boundary of the code, which byte mutations rarely make. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    uint32_t w[5];
    struct isa_inst in;
    size_t code_dw, at, k;

    isa_rand_seed(seed);
    if (isa_rand() % 2 || size < XH_RAND_HDR_BYTES || max_size < XH_RAND_HDR_BYTES + 20)
        return LLVMFuzzerMutate(data, size, max_size);
    isa_rand_inst(w);
    isa_decode(w, 5, &in);
    k = in.size_dw * 4u;
    code_dw = (size - XH_RAND_HDR_BYTES) / 4;
    at = XH_RAND_HDR_BYTES + 4 * (isa_rand() % (code_dw + 1));
    if (isa_rand() % 2 && size + k <= max_size) {          /* insert */
        memmove(data + at + k, data + at, size - at);
        size += k;
    } else if (at + k > size) {                             /* overwrite, growing */
        if (at + k > max_size)
            return LLVMFuzzerMutate(data, size, max_size);
        size = at + k;
    }
    memcpy(data + at, w, k);
    return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t hdr[XH_RAND_HDR_BYTES] = {0};
    uint32_t code[MAX_CODE_DW];
    size_t n = size > XH_RAND_HDR_BYTES ? (size - XH_RAND_HDR_BYTES) / 4 : 0;
    struct xh_launch l;
    struct sim_fault f;
    struct sim_dispatch_stats st;
    const char *what;
    uint64_t t0;
    int r;

    memcpy(hdr, data, size < XH_RAND_HDR_BYTES ? size : XH_RAND_HDR_BYTES);
    if (n > MAX_CODE_DW)
        n = MAX_CODE_DW;
    if (n)
        memcpy(code, data + XH_RAND_HDR_BYTES, n * 4);

    xh_launch_from_bytes(hdr, &l);
    xh_env_from_bytes(hdr);
    memset(H.code, 0, (code_dw_last + XH_ENDPGM_PAD_DW) * 4);
    code_dw_last = n;
    l.pgm_override = xh_put_code(&H, 0, code, n);
    memset(H.data, 0, XH_DATA_BYTES);
    memset(H.scratch, 0, XH_SCRATCH_BYTES);
    t0 = now_ns();
    l.deadline_ns = t0 + DEADLINE_NS;
    r = xh_run(&H, &l, &f, &st);
    if (now_ns() - t0 > DEADLINE_NS + LATE_NS) {
        fprintf(stderr, "fuzz_exec: the dispatch ran %llu ms past its deadline (r %d: %s)\n",
                (unsigned long long)((now_ns() - t0 - DEADLINE_NS) / 1000000), r, f.msg);
        abort();
    }
    what = xh_result_wrong(r, &f);
    if (!what)
        return 0;
    fprintf(stderr, "fuzz_exec: %s (returned %d, fault kind %d, message \"%.*s\")\n", what, r,
            (int)f.kind, (int)sizeof(f.msg), f.msg);
    abort();
}
