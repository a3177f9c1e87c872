/*
 * tests/check_cli.c — the amdpm4 subcommands that run work: run, launch,
 * check, bench.  Each test starts build/amdpm4 as a user would (under the
 * simulated gfx1100, which `make test` preloads) and asserts its exit code,
 * its exact error line, and what its output holds; --json output is parsed.
 * launch runs kernels this file assembles with llvm-mc/ld.lld 19.
 */
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/testutil.h"

/* ---------------------------------------------------------------- a small JSON reader */

/* Skips one JSON value (or a string/key) at *s; false if the text is not
 * JSON there.  Enough for the tool's output: objects, arrays, strings with
 * escapes, numbers, true/false/null. */
static const char *ws(const char *s)
{
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
        s++;
    return s;
}

static const char *skip_string(const char *s)
{
    if (*s != '"')
        return NULL;
    for (s++; *s && *s != '"'; s++) {
        if ((unsigned char)*s < 0x20)
            return NULL;
        if (*s == '\\' && !*++s)
            return NULL;
    }
    return *s == '"' ? s + 1 : NULL;
}

static const char *skip_value(const char *s, int depth)
{
    s = ws(s);
    if (depth > 32)
        return NULL;
    if (*s == '"')
        return skip_string(s);
    if (*s == '{' || *s == '[') {
        char close = *s == '{' ? '}' : ']';
        s = ws(s + 1);
        if (*s == close)
            return s + 1;
        for (;;) {
            if (close == '}') {
                if (!(s = skip_string(ws(s))) || *(s = ws(s)) != ':')
                    return NULL;
                s++;
            }
            if (!(s = skip_value(s, depth + 1)))
                return NULL;
            s = ws(s);
            if (*s == close)
                return s + 1;
            if (*s != ',')
                return NULL;
            s++;
        }
    }
    if (!strncmp(s, "true", 4) || !strncmp(s, "null", 4))
        return s + 4;
    if (!strncmp(s, "false", 5))
        return s + 5;
    {
        char *end;
        strtod(s, &end);
        return end > s && (*s == '-' || (*s >= '0' && *s <= '9')) ? end : NULL;
    }
}

static bool json_valid(const char *text)
{
    const char *e = skip_value(text, 0);
    return e && *ws(e) == '\0';
}

/* The value at path ("a.b[2].c") in text: its start, or NULL if absent. */
static const char *json_at(const char *text, const char *path)
{
    const char *s = ws(text);

    while (*path) {
        if (*path == '[') {
            long k = strtol(path + 1, (char **)&path, 10);
            if (*path++ != ']' || *s != '[')
                return NULL;
            s = ws(s + 1);
            for (; k > 0; k--) {
                if (!(s = skip_value(s, 0)) || *(s = ws(s)) != ',')
                    return NULL;
                s = ws(s + 1);
            }
            if (*s == ']')
                return NULL;
        } else {
            size_t n = strcspn(path, ".[");
            bool found = false;
            if (*s != '{')
                return NULL;
            s = ws(s + 1);
            while (*s == '"') {
                const char *k = s + 1, *e = skip_string(s);
                if (!e)
                    return NULL;
                s = ws(ws(e) + 1);      /* past ':' */
                if ((size_t)(e - 1 - k) == n && !strncmp(k, path, n)) {
                    found = true;
                    break;
                }
                if (!(s = skip_value(s, 0)))
                    return NULL;
                s = ws(s);
                if (*s == ',')
                    s = ws(s + 1);
            }
            if (!found)
                return NULL;
            path += n;
        }
        if (*path == '.')
            path++;
        s = ws(s);
    }
    return s;
}

static double json_num(const char *text, const char *path)
{
    const char *v = json_at(text, path);

    ck_assert_msg(v != NULL, "no %s in the JSON", path);
    ck_assert_msg((*v >= '0' && *v <= '9') || *v == '-', "%s is not a number: %.20s", path, v);
    return strtod(v, NULL);
}

/* The string at path equals want. */
static bool json_str_is(const char *text, const char *path, const char *want)
{
    const char *v = json_at(text, path);
    size_t n = strlen(want);

    return v && *v == '"' && !strncmp(v + 1, want, n) && v[1 + n] == '"';
}

/* ---------------------------------------------------------------- running the tool */

static struct test_run run_tool(const char *const *args, char *const *env)
{
    char *argv[48];
    struct test_run r;
    unsigned n = 0;

    argv[n++] = (char *)test_build_path("amdpm4");
    for (; *args && n < 47; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    ck_assert_int_eq(test_run(&r, argv, NULL, env), 0);
    return r;
}

#define TOOL(...) run_tool((const char *const[]){__VA_ARGS__, NULL}, NULL)

/* Exit code 2 or 1 and exactly this stderr, nothing on stdout. */
static void expect_error(struct test_run r, int code, const char *line)
{
    ck_assert_msg(r.exit_code == code, "exit %d, expected %d; stderr: %s", r.exit_code, code,
                  r.err);
    ck_assert_str_eq(r.err, line);
    ck_assert_str_eq(r.out, "");
    test_run_free(&r);
}

/* A directory for one test's files, removed by rm_dir. */
static void make_dir(char *dir, size_t n)
{
    snprintf(dir, n, "%s/amdpm4-cli-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

static void rm_dir(const char *dir)
{
    nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(fread(buf, 1, (size_t)n, f), n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

static void spit(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fwrite(data, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
}

/* ---------------------------------------------------------------- run */

START_TEST(run_empty)
{
    struct test_run r = TOOL("run", "empty", "--count", "3", "--iters", "2");

    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "run empty count=3 on gfx1100 (simulated: "));
    ck_assert_ptr_nonnull(strstr(r.out, "  kernel empty: grid 1,1,1 x block 32,1,1, 3 dispatches "
                                        "per iteration, no buffers\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "  2 iterations (0 untimed before): GPU time "));
    test_run_free(&r);
}
END_TEST

START_TEST(run_json_and_trace)
{
    char dir[256], trace[300];
    struct test_run r;
    char *t;

    make_dir(dir, sizeof(dir));
    snprintf(trace, sizeof(trace), "%s/run.json", dir);
    r = TOOL("run", "copy", "--bytes", "64k", "--placement", "gtt", "--iters", "3", "--json",
             "--trace", trace);
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_msg(json_valid(r.out), "not JSON: %s", r.out);
    ck_assert(json_str_is(r.out, "op", "copy"));
    ck_assert(json_str_is(r.out, "shape", "bytes=65536 placement=gtt"));
    ck_assert(json_str_is(r.out, "kernel", "copy"));
    ck_assert(json_str_is(r.out, "placement", "GTT"));
    ck_assert_int_eq(json_num(r.out, "iterations"), 3);
    ck_assert_double_gt(json_num(r.out, "gpu_ns[2]"), 0);
    ck_assert_double_gt(json_num(r.out, "gbytes_per_s"), 0);
    ck_assert_ptr_null(json_at(r.out, "gpu_ns[3]"));
    test_run_free(&r);
    /* the trace: CPU spans for each iteration's record/submit/wait, one GPU span each */
    t = slurp(trace, NULL);
    ck_assert_msg(json_valid(t), "trace is not JSON");
    ck_assert_ptr_nonnull(json_at(t, "traceEvents[0].ph"));
    {
        unsigned rec = 0, gpu = 0;
        for (const char *p = t; (p = strstr(p, "\"name\": \"record\", \"cat\": \"cpu\"")); p++)
            rec++;
        for (const char *p = t; (p = strstr(p, "\"name\": \"copy\", \"cat\": \"gpu\"")); p++)
            gpu++;
        ck_assert_uint_eq(rec, 3);
        ck_assert_uint_eq(gpu, 3);
    }
    free(t);
    rm_dir(dir);
}
END_TEST

START_TEST(run_stats)
{
    struct test_run r = TOOL("run", "matmul_f32", "--m", "32", "--n", "16", "--k", "8",
                             "--stats", "--json");

    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_msg(json_valid(r.out), "not JSON: %s", r.out);
    ck_assert_double_gt(json_num(r.out, "stats.wave_instructions"), 0);
    /* the fp32 matmul's main loop is VOPD pairs of FMACs */
    ck_assert_double_gt(json_num(r.out, "stats.by_class.vopd"), 0);
    ck_assert_double_gt(json_num(r.out, "stats.vopd_pairs"), 0);
    ck_assert_int_eq(json_num(r.out, "stats.workgroups"), 1);
    ck_assert_double_gt(json_num(r.out, "stats.global_bytes_stored"), 32 * 16 * 4 - 1);
    ck_assert_double_eq(json_num(r.out, "stats.lds_oob_accesses"), 0);
    ck_assert_double_eq(json_num(r.out, "stats.buffer_oob_accesses"), 0);
    ck_assert_double_ge(json_num(r.out, "stats.insts_decoded"), 0);
    test_run_free(&r);
    r = TOOL("run", "copy", "--bytes", "4k", "--stats");
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "simulator statistics of one iteration:\n  "
                                        "wave-instructions "));
    ck_assert_ptr_nonnull(strstr(r.out, "global bytes loaded 4096, stored 4096"));
    ck_assert_ptr_nonnull(strstr(r.out, "  out-of-range accesses: LDS 0, buffer 0; "));
    ck_assert_ptr_null(strstr(r.out, "WARNING"));
    test_run_free(&r);
}
END_TEST

/* `run --stats` prints the instruction-mix row of README.md's table (issue 6:
 * the README's figures are what `amdpm4 run OP --stats` prints). */
START_TEST(run_stats_row_is_readme_row)
{
    struct test_run r = TOOL("run", "matmul_f32", "--m", "300", "--n", "200", "--k", "96",
                             "--stats");
    const char *row, *end;
    char *readme, *line;

    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    row = strstr(r.out, "\n| matmul_f32 | m=300 n=200 k=96 |");
    ck_assert_msg(row != NULL, "no mix row in: %s", r.out);
    row++;
    end = strchr(row, '\n');
    ck_assert_ptr_nonnull(end);
    line = strndup(row, (size_t)(end - row + 1));
    readme = slurp("README.md", NULL);
    ck_assert_msg(strstr(readme, line) != NULL, "README.md lacks the row %s", line);
    free(line);
    free(readme);
    test_run_free(&r);
    r = TOOL("run", "matmul_f32", "--m", "300", "--n", "200", "--k", "96", "--stats", "--json");
    ck_assert_msg(json_valid(r.out), "not JSON: %s", r.out);
    ck_assert_int_eq(json_num(r.out, "mix.vgprs"), 208);
    ck_assert_int_eq(json_num(r.out, "mix.waves_per_simd"), 7);
    ck_assert_double_ge(json_num(r.out, "mix.loop_vopd_share"), 0.85);
    test_run_free(&r);
}
END_TEST

START_TEST(run_errors)
{
    expect_error(TOOL("run", "nope"), 2, "amdpm4 run: unknown op 'nope' (ops: matmul_f32, "
                 "matmul_f16, attention_f16, copy, fill, empty)\n");
    expect_error(TOOL("run"), 2, "amdpm4 run: which op? (see amdpm4 run --help)\n");
    expect_error(TOOL("run", "matmul_f32", "--bogus"), 2,
                 "amdpm4 run: unknown flag '--bogus' (see amdpm4 run --help)\n");
    expect_error(TOOL("run", "matmul_f32", "--m", "0"), 2,
                 "amdpm4 run: --m 0: every size must be at least 1\n");
    expect_error(TOOL("run", "matmul_f32", "--m"), 2, "amdpm4 run: --m needs a value\n");
    expect_error(TOOL("run", "empty", "--iters", "0"), 2,
                 "amdpm4 run: --iters 0: must be at least 1\n");
    expect_error(TOOL("run", "empty", "--iters", "x"), 2,
                 "amdpm4 run: --iters 'x': not an unsigned decimal number\n");
    expect_error(TOOL("run", "copy", "--causal"), 2,
                 "amdpm4 run: unknown flag '--causal' (see amdpm4 run --help)\n");
    expect_error(TOOL("run", "empty", "--trace", "/nonexistent-dir/t.json"), 1,
                 "amdpm4 run: cannot write /nonexistent-dir/t.json: No such file or directory\n");
}
END_TEST

START_TEST(run_help)
{
    struct test_run r = TOOL("run", "--help");

    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "usage: amdpm4 run OP"));
    ck_assert_ptr_nonnull(strstr(r.out, "--m M --n N --k K (256 each)"));
    ck_assert_str_eq(r.err, "");
    test_run_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- launch */

/*
 * echo: writes its kernarg segment (9 dwords) to its first argument.
 * addin: inout[i] += in[i] for 64 lanes.
 * fault: writes to GPU address 0x1000 (unmapped).   spin: never ends.
 */
static const char kernels_s[] =
    ".amdgcn_target \"amdgcn-amd-amdhsa--gfx1100\"\n"
    ".text\n"
    ".globl echo\n.p2align 8\n.type echo,@function\n"
    "echo:\n"
    "  s_load_b256 s[4:11], s[0:1], 0x0\n"
    "  s_load_b32 s12, s[0:1], 0x20\n"
    "  v_mov_b32 v0, 0\n"
    "  s_waitcnt lgkmcnt(0)\n"
    "  v_mov_b32 v1, s4\n  v_mov_b32 v2, s5\n  v_mov_b32 v3, s6\n  v_mov_b32 v4, s7\n"
    "  v_mov_b32 v5, s8\n  v_mov_b32 v6, s9\n  v_mov_b32 v7, s10\n  v_mov_b32 v8, s11\n"
    "  v_mov_b32 v9, s12\n"
    "  global_store_b128 v0, v[1:4], s[4:5]\n"
    "  global_store_b128 v0, v[5:8], s[4:5] offset:16\n"
    "  global_store_b32 v0, v9, s[4:5] offset:32\n"
    "  s_endpgm\n"
    ".size echo, .-echo\n"
    ".globl addin\n.p2align 8\n.type addin,@function\n"
    "addin:\n"
    "  s_load_b128 s[4:7], s[0:1], 0x0\n"
    "  v_lshlrev_b32 v1, 2, v0\n"
    "  s_waitcnt lgkmcnt(0)\n"
    "  global_load_b32 v2, v1, s[4:5]\n"
    "  global_load_b32 v3, v1, s[6:7]\n"
    "  s_waitcnt vmcnt(0)\n"
    "  v_add_nc_u32 v3, v3, v2\n"
    "  global_store_b32 v1, v3, s[6:7]\n"
    "  s_endpgm\n"
    ".size addin, .-addin\n"
    ".globl fault\n.p2align 8\n.type fault,@function\n"
    "fault:\n"
    "  v_mov_b32 v1, 0\n  v_mov_b32 v2, 0x1000\n  v_mov_b32 v3, 0\n"
    "  global_store_b32 v[2:3], v1, off\n"
    "  s_endpgm\n"
    ".size fault, .-fault\n"
    ".globl spin\n.p2align 8\n.type spin,@function\n"
    "spin:\n"
    "  s_branch spin\n"
    ".size spin, .-spin\n"
    ".rodata\n"
    ".p2align 6\n.amdhsa_kernel echo\n  .amdhsa_user_sgpr_count 2\n"
    "  .amdhsa_user_sgpr_kernarg_segment_ptr 1\n  .amdhsa_kernarg_size 36\n"
    "  .amdhsa_next_free_vgpr 10\n  .amdhsa_next_free_sgpr 16\n  .amdhsa_reserve_vcc 0\n"
    ".end_amdhsa_kernel\n"
    ".p2align 6\n.amdhsa_kernel addin\n  .amdhsa_user_sgpr_count 2\n"
    "  .amdhsa_user_sgpr_kernarg_segment_ptr 1\n  .amdhsa_kernarg_size 16\n"
    "  .amdhsa_next_free_vgpr 4\n  .amdhsa_next_free_sgpr 8\n  .amdhsa_reserve_vcc 0\n"
    ".end_amdhsa_kernel\n"
    ".p2align 6\n.amdhsa_kernel fault\n  .amdhsa_next_free_vgpr 4\n  .amdhsa_next_free_sgpr 1\n"
    "  .amdhsa_reserve_vcc 0\n.end_amdhsa_kernel\n"
    ".p2align 6\n.amdhsa_kernel spin\n  .amdhsa_next_free_vgpr 1\n  .amdhsa_next_free_sgpr 1\n"
    "  .amdhsa_reserve_vcc 0\n.end_amdhsa_kernel\n";

/* 512 bytes of LDS; every lane loads the dword at its id * 16, so lanes
 * 32-63 of a 64-wide block reach beyond the allocation. */
static const char ldsoob_s[] =
    ".amdgcn_target \"amdgcn-amd-amdhsa--gfx1100\"\n"
    ".text\n"
    ".globl ldsoob\n.p2align 8\n.type ldsoob,@function\n"
    "ldsoob:\n"
    "  v_lshlrev_b32 v1, 4, v0\n"
    "  ds_load_b32 v2, v1\n"
    "  s_waitcnt lgkmcnt(0)\n"
    "  s_endpgm\n"
    ".size ldsoob, .-ldsoob\n"
    ".rodata\n"
    ".p2align 6\n.amdhsa_kernel ldsoob\n  .amdhsa_group_segment_fixed_size 512\n"
    "  .amdhsa_next_free_vgpr 4\n  .amdhsa_next_free_sgpr 1\n  .amdhsa_reserve_vcc 0\n"
    ".end_amdhsa_kernel\n";

/* Assemble and link text into dir/NAME.co; its path into co. */
static void build_co(const char *dir, const char *name, const char *text, char *co, size_t n)
{
    char src[300], obj[300];
    struct test_run r;

    snprintf(src, sizeof(src), "%s/%s.s", dir, name);
    snprintf(obj, sizeof(obj), "%s/%s.o", dir, name);
    snprintf(co, n, "%s/%s.co", dir, name);
    spit(src, text, strlen(text));
    {
        char *argv[] = {LLVM_MC_PATH, "-triple=amdgcn-amd-amdhsa", "-mcpu=gfx1100",
                        "-filetype=obj", "-o", obj, src, NULL};
        ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
        ck_assert_msg(r.exit_code == 0, "llvm-mc: %s", r.err);
        test_run_free(&r);
    }
    {
        char *argv[] = {LLD_PATH, "-shared", "-o", co, obj, NULL};
        ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
        ck_assert_msg(r.exit_code == 0, "ld.lld: %s", r.err);
        test_run_free(&r);
    }
}

/* kernels_s into dir/k.co */
static void build_kernels(const char *dir, char *co, size_t n)
{
    build_co(dir, "k", kernels_s, co, n);
}

/* An out-of-range LDS access is counted and stands out in --stats. */
START_TEST(launch_stats_show_lds_out_of_range)
{
    char dir[256], co[300];
    struct test_run r;

    make_dir(dir, sizeof(dir));
    build_co(dir, "oob", ldsoob_s, co, sizeof(co));
    r = TOOL("launch", co, "ldsoob", "--grid", "2", "--block", "64", "--stats");
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "simulator statistics:\n  WARNING: 64 LDS accesses "
                                        "beyond the workgroup's 512-byte allocation (read as 0, "
                                        "writes dropped; AMDPM4_SIM_STRICT_LDS=1 faults at the "
                                        "first)\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "  out-of-range accesses: LDS 64, buffer 0; "));
    ck_assert_ptr_nonnull(strstr(r.out, "  LDS bytes read 256, written 0; "));
    ck_assert_ptr_null(strstr(r.out, "buffer access"));
    test_run_free(&r);
    /* without --stats: no statistics */
    r = TOOL("launch", co, "ldsoob", "--grid", "2", "--block", "64");
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_ptr_null(strstr(r.out, "statistics"));
    test_run_free(&r);
    rm_dir(dir);
}
END_TEST

START_TEST(launch_packs_arguments)
{
    char dir[256], co[300], out[300], arg[400];
    uint32_t w[16];
    size_t n;
    char *bytes;
    struct test_run r;

    make_dir(dir, sizeof(dir));
    build_kernels(dir, co, sizeof(co));
    snprintf(out, sizeof(out), "%s/echo.bin", dir);
    snprintf(arg, sizeof(arg), "buf:out=%s:64", out);
    /* buffer @0, buffer @8, u32 @16, i32 @20, u64 @24, f32 @32: 36 bytes */
    r = TOOL("launch", co, "echo", "--grid", "1", "--block", "1", "--arg", arg, "--arg",
             "buf:zero=4k", "--arg", "u32:7", "--arg", "i32:-2", "--arg", "u64:0x123456789",
             "--arg", "f32:1.5");
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "kernel echo ("));
    ck_assert_ptr_nonnull(strstr(r.out, "grid 1,1,1 x block 1,1,1, 36 kernarg bytes"));
    test_run_free(&r);
    bytes = slurp(out, &n);
    ck_assert_uint_eq(n, 64);
    memcpy(w, bytes, sizeof(w));
    ck_assert(w[0] != 0 || w[1] != 0);                 /* the output buffer's own address */
    ck_assert(w[2] != 0 || w[3] != 0);                 /* the scratch buffer's */
    ck_assert(w[0] != w[2] || w[1] != w[3]);
    ck_assert_uint_eq(w[0] % 16, 0);
    ck_assert_uint_eq(w[4], 7);
    ck_assert_uint_eq(w[5], 0xFFFFFFFEu);
    ck_assert_uint_eq(w[6], 0x23456789u);
    ck_assert_uint_eq(w[7], 0x1u);
    ck_assert_uint_eq(w[8], 0x3FC00000u);              /* 1.5f */
    for (int i = 9; i < 16; i++)
        ck_assert_uint_eq(w[i], 0);                    /* the rest of a zeroed buffer */
    free(bytes);
    rm_dir(dir);
}
END_TEST

START_TEST(launch_in_and_inout)
{
    char dir[256], co[300], in[300], io[300], a1[400], a2[400];
    uint32_t v[64], got[64];
    size_t n;
    char *bytes;
    struct test_run r;

    make_dir(dir, sizeof(dir));
    build_kernels(dir, co, sizeof(co));
    snprintf(in, sizeof(in), "%s/in.bin", dir);
    snprintf(io, sizeof(io), "%s/io.bin", dir);
    for (int i = 0; i < 64; i++)
        v[i] = (uint32_t)i;
    spit(in, v, sizeof(v));
    for (int i = 0; i < 64; i++)
        v[i] = 1000u + (uint32_t)i * 3u;
    spit(io, v, sizeof(v));
    snprintf(a1, sizeof(a1), "buf:in=%s", in);
    snprintf(a2, sizeof(a2), "buf:inout=%s", io);
    r = TOOL("launch", co, "addin", "--grid=1", "--block=64", "--arg", a1, "--arg", a2);
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "wrote "));
    test_run_free(&r);
    bytes = slurp(io, &n);
    ck_assert_uint_eq(n, sizeof(got));
    memcpy(got, bytes, sizeof(got));
    for (int i = 0; i < 64; i++)
        ck_assert_uint_eq(got[i], 1000u + (uint32_t)i * 4u);
    free(bytes);
    rm_dir(dir);
}
END_TEST

START_TEST(launch_fault_and_hang)
{
    char dir[256], co[300];
    char *env[] = {"AMDPM4_SIM_TIMEOUT_MS=200", NULL};
    struct test_run r;

    make_dir(dir, sizeof(dir));
    build_kernels(dir, co, sizeof(co));
    r = TOOL("launch", co, "fault", "--grid", "1", "--block", "1");
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_str_eq(r.out, "");
    /* the kernel's name, the PC and the faulting address, on the tool's line */
    {
        const char *line = strstr(r.err, "amdpm4 launch: kernel fault failed: ");
        ck_assert_msg(line != NULL, "%s", r.err);
        ck_assert_ptr_nonnull(strstr(line, "last kernel dispatched: fault"));
        ck_assert_ptr_nonnull(strstr(line, "write of 4 bytes at unmapped GPU address 0x1000"));
        ck_assert_ptr_nonnull(strstr(line, ", PC 0x"));
        ck_assert_ptr_nonnull(strstr(line, "(kernel+0x10)"));
    }
    test_run_free(&r);
    r = run_tool((const char *const[]){"launch", co, "spin", "--grid", "1", "--block", "1",
                                       NULL}, env);
    ck_assert_int_eq(r.exit_code, 1);
    {
        const char *line = strstr(r.err, "amdpm4 launch: kernel spin failed: ");
        ck_assert_msg(line != NULL, "%s", r.err);
        ck_assert_ptr_nonnull(strstr(line, "last kernel dispatched: spin"));
        ck_assert_ptr_nonnull(strstr(line, "ran past its deadline (AMDPM4_SIM_TIMEOUT_MS)"));
        ck_assert_ptr_nonnull(strstr(line, ", PC 0x"));
    }
    test_run_free(&r);
    rm_dir(dir);
}
END_TEST

START_TEST(launch_errors)
{
    char dir[256], co[300], msg[1024], missing[300], arg[400];

    make_dir(dir, sizeof(dir));
    build_kernels(dir, co, sizeof(co));
    snprintf(msg, sizeof(msg), "amdpm4 launch: %s: no kernel 'nope' (it has: addin, fault, "
             "spin, echo)\n", co);
    expect_error(TOOL("launch", co, "nope", "--grid", "1", "--block", "1"), 2, msg);
    expect_error(TOOL("launch", co, "addin", "--grid", "1", "--block", "64", "--arg", "u32:1"), 2,
                 "amdpm4 launch: kernel addin takes 16 kernarg bytes, but the --arg values "
                 "pack to 4 (u32:1@0)\n");
    expect_error(TOOL("launch", co, "addin", "--grid", "1", "--block", "64", "--arg", "u32:1",
                      "--arg", "buf:zero=1k", "--arg", "u32:2"), 2,
                 "amdpm4 launch: kernel addin takes 16 kernarg bytes, but the --arg values "
                 "pack to 20 (u32:1@0, buf:zero=1k@8, u32:2@16)\n");
    snprintf(missing, sizeof(missing), "%s/missing.co", dir);
    snprintf(msg, sizeof(msg), "amdpm4 launch: cannot read %s: No such file or directory\n",
             missing);
    expect_error(TOOL("launch", missing, "echo", "--grid", "1", "--block", "1"), 2, msg);
    snprintf(arg, sizeof(arg), "buf:in=%s/none.bin", dir);
    snprintf(msg, sizeof(msg), "amdpm4 launch: --arg %s: cannot read %s/none.bin: No such file "
             "or directory\n", arg, dir);
    expect_error(TOOL("launch", co, "addin", "--grid", "1", "--block", "1", "--arg", arg), 2, msg);
    expect_error(TOOL("launch", co, "echo", "--grid", "1", "--block", "1", "--arg", "x:1"), 2,
                 "amdpm4 launch: --arg 'x:1': unknown type 'x' (buf, u32, i32, u64, f32)\n");
    expect_error(TOOL("launch", co, "echo", "--grid", "1", "--block", "1", "--arg", "u32:-1"), 2,
                 "amdpm4 launch: --arg u32:-1: not an unsigned integer\n");
    expect_error(TOOL("launch", co, "echo", "--grid", "1", "--block", "1", "--arg",
                      "i32:3000000000"), 2,
                 "amdpm4 launch: --arg i32:3000000000: not a 32-bit signed integer\n");
    expect_error(TOOL("launch", co, "echo", "--grid", "1", "--block", "1", "--arg",
                      "buf:out=x.bin"), 2,
                 "amdpm4 launch: --arg buf:out=x.bin: expected buf:out=PATH:SIZE\n");
    expect_error(TOOL("launch", co, "echo", "--grid", "1", "--block", "1", "--arg",
                      "buf:zero=0"), 2,
                 "amdpm4 launch: --arg buf:zero=0: a buffer needs at least 1 byte\n");
    expect_error(TOOL("launch", co, "echo", "--grid", "0", "--block", "1"), 2,
                 "amdpm4 launch: --grid '0': each count must be 1 to 4294967295\n");
    expect_error(TOOL("launch", co, "echo", "--grid", "1,2,3,4", "--block", "1"), 2,
                 "amdpm4 launch: --grid '1,2,3,4': at most three counts (X,Y,Z)\n");
    expect_error(TOOL("launch", co, "echo", "--grid", "1"), 2,
                 "amdpm4 launch: --block is required (see amdpm4 launch --help)\n");
    expect_error(TOOL("launch", co), 2,
                 "amdpm4 launch: expected FILE.co and KERNEL (see amdpm4 launch --help)\n");
    expect_error(TOOL("launch", co, "echo", "--grid", "1", "--block", "1", "--bogus"), 2,
                 "amdpm4 launch: unknown flag '--bogus' (see amdpm4 launch --help)\n");
    expect_error(TOOL("launch", co, "echo", "--grid", "1", "--block", "1", "--lds", "1x"), 2,
                 "amdpm4 launch: --lds '1x': not a size (digits with an optional k, M or G "
                 "suffix)\n");
    /* a file that is no code object */
    snprintf(msg, sizeof(msg), "amdpm4 launch: %s/k.s: not an ELF file\n", dir);
    {
        char s[300];
        snprintf(s, sizeof(s), "%s/k.s", dir);
        expect_error(TOOL("launch", s, "echo", "--grid", "1", "--block", "1"), 2, msg);
    }
    rm_dir(dir);
}
END_TEST

/* ---------------------------------------------------------------- check */

/* A user's matmul_f32 for --co: one work-item per column of the plan's
 * 128x128 tile, rows in a loop, K in an inner loop (s_load of A's element,
 * global_load of B's, v_fmac).  %u rows at the bottom of each tile are
 * left unwritten (a bug to catch); the last argument is named %s. */
static const char user_matmul_fmt[] =
    ".amdgcn_target \"amdgcn-amd-amdhsa--gfx1100\"\n.text\n"
    ".globl matmul_f32\n.p2align 8\n.type matmul_f32,@function\n"
    "matmul_f32:\n"
    "  s_load_b256 s[4:11], s[0:1], 0x0\n"      /* A, B, C, size_m, size_n */
    "  s_load_b32 s12, s[0:1], 0x20\n"          /* size_k */
    "  v_and_b32 v0, 0x3ff, v0\n"
    "  s_lshl_b32 s13, s2, 7\n"
    "  v_add_nc_u32 v1, s13, v0\n"              /* column */
    "  s_waitcnt lgkmcnt(0)\n"
    "  v_cmp_gt_u32 vcc_lo, s11, v1\n"
    "  s_and_saveexec_b32 s14, vcc_lo\n"
    "  s_cbranch_execz done\n"
    "  s_lshl_b32 s15, s3, 7\n"                 /* first row */
    "  s_add_u32 s16, s15, 128\n"
    "  s_min_u32 s16, s16, s10\n"
    "  s_sub_u32 s16, s16, %u\n"                /* end row */
    "  s_lshl_b32 s19, s11, 2\n"
    "rows:\n"
    "  s_cmp_ge_u32 s15, s16\n"
    "  s_cbranch_scc1 done\n"
    "  v_mov_b32 v2, 0\n"
    "  s_mov_b32 s17, 0\n"
    "  s_mul_i32 s18, s15, s12\n"
    "  s_lshl_b32 s18, s18, 2\n"
    "  s_add_u32 s20, s4, s18\n"
    "  s_addc_u32 s21, s5, 0\n"
    "  v_lshlrev_b32 v3, 2, v1\n"
    "ks:\n"
    "  s_cmp_ge_u32 s17, s12\n"
    "  s_cbranch_scc1 store\n"
    "  s_load_b32 s22, s[20:21], 0x0\n"
    "  global_load_b32 v4, v3, s[6:7]\n"
    "  s_waitcnt vmcnt(0) lgkmcnt(0)\n"
    "  v_fmac_f32 v2, s22, v4\n"
    "  v_add_nc_u32 v3, s19, v3\n"
    "  s_add_u32 s20, s20, 4\n"
    "  s_addc_u32 s21, s21, 0\n"
    "  s_add_u32 s17, s17, 1\n"
    "  s_branch ks\n"
    "store:\n"
    "  s_mul_i32 s23, s15, s11\n"
    "  v_add_nc_u32 v5, s23, v1\n"
    "  v_lshlrev_b32 v5, 2, v5\n"
    "  global_store_b32 v5, v2, s[8:9]\n"
    "  s_add_u32 s15, s15, 1\n"
    "  s_branch rows\n"
    "done:\n"
    "  s_endpgm\n"
    ".size matmul_f32, .-matmul_f32\n"
    ".rodata\n.p2align 6\n.amdhsa_kernel matmul_f32\n"
    "  .amdhsa_user_sgpr_count 2\n  .amdhsa_user_sgpr_kernarg_segment_ptr 1\n"
    "  .amdhsa_system_sgpr_workgroup_id_x 1\n  .amdhsa_system_sgpr_workgroup_id_y 1\n"
    "  .amdhsa_kernarg_size 40\n  .amdhsa_next_free_vgpr 6\n  .amdhsa_next_free_sgpr 24\n"
    ".end_amdhsa_kernel\n"
    ".amdgpu_metadata\n---\namdhsa.version: [ 1, 2 ]\namdhsa.kernels:\n"
    "  - .name: matmul_f32\n    .symbol: matmul_f32.kd\n    .kernarg_segment_size: 40\n"
    "    .kernarg_segment_align: 8\n    .group_segment_fixed_size: 0\n"
    "    .private_segment_fixed_size: 0\n    .wavefront_size: 32\n    .sgpr_count: 24\n"
    "    .vgpr_count: 6\n    .max_flat_workgroup_size: 128\n    .args:\n"
    "      - { .name: A, .offset: 0, .size: 8, .value_kind: global_buffer }\n"
    "      - { .name: B, .offset: 8, .size: 8, .value_kind: global_buffer }\n"
    "      - { .name: C, .offset: 16, .size: 8, .value_kind: global_buffer }\n"
    "      - { .name: size_m, .offset: 24, .size: 4, .value_kind: by_value }\n"
    "      - { .name: size_n, .offset: 28, .size: 4, .value_kind: by_value }\n"
    "      - { .name: %s, .offset: 32, .size: 4, .value_kind: by_value }\n"
    "...\n.end_amdgpu_metadata\n";

static void build_user_matmul(const char *dir, const char *name, unsigned rows_skipped,
                              const char *last_arg, char *co, size_t n)
{
    char text[sizeof(user_matmul_fmt) + 64];

    snprintf(text, sizeof(text), user_matmul_fmt, rows_skipped, last_arg);
    build_co(dir, name, text, co, n);
}

/* --co: a user's kernel in place of the built-in one.  A correct one
 * agrees; one that leaves the last row unwritten is a MISMATCH (exit 1)
 * that names the path, the elements and the poison found there. */
START_TEST(check_user_kernel)
{
    char dir[256], good[300], bad[300], line[400];
    struct test_run r;

    make_dir(dir, sizeof(dir));
    build_user_matmul(dir, "good", 0, "size_k", good, sizeof(good));
    build_user_matmul(dir, "bad", 1, "size_k", bad, sizeof(bad));

    r = TOOL("check", "matmul_f32", "--m", "8", "--n", "8", "--k", "8", "--co", good);
    ck_assert_msg(r.exit_code == 0, "%s%s", r.out, r.err);
    snprintf(line, sizeof(line), "  PM4 kernel from %s (--co), not the built-in one\n", good);
    ck_assert_ptr_nonnull(strstr(r.out, line));
    ck_assert_ptr_nonnull(strstr(r.out, "\nverdict: AGREE\n"));
    test_run_free(&r);

    r = TOOL("check", "matmul_f32", "--m", "8", "--n", "8", "--k", "8", "--co", bad);
    ck_assert_msg(r.exit_code == 1, "exit %d: %s%s", r.exit_code, r.out, r.err);
    ck_assert_str_eq(r.err, "");
    ck_assert_ptr_nonnull(strstr(r.out, "    PM4             inf         inf                inf"
                                        "          inf%                 8\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "    PM4 C[7,0]: got -nan, expected "));
    ck_assert_ptr_null(strstr(r.out, "    PM4 C[6,"));
    ck_assert_ptr_nonnull(strstr(r.out, "\nverdict: MISMATCH\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "): elements beyond tolerance\n"
                                        "    8 elements beyond tolerance\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "]: matches the CPU reference within tolerance\n"));
    test_run_free(&r);

    /* JSON says which code object and fails the PM4 path only */
    r = TOOL("check", "matmul_f32", "--m", "8", "--n", "8", "--k", "8", "--co", bad, "--json");
    ck_assert_int_eq(r.exit_code, 1);
    snprintf(line, sizeof(line), "\"code_object\": \"%s\"", bad);
    ck_assert_ptr_nonnull(strstr(r.out, line));
    ck_assert_ptr_nonnull(strstr(r.out, "\"verdict\": \"mismatch\""));
    test_run_free(&r);

    /* run counts the user's kernel */
    r = TOOL("run", "matmul_f32", "--m", "8", "--n", "8", "--k", "8", "--co", good, "--stats");
    ck_assert_msg(r.exit_code == 0, "%s%s", r.out, r.err);
    snprintf(line, sizeof(line), "  kernel matmul_f32 from %s: grid 1,1,1 x block 128,1,1", good);
    ck_assert_ptr_nonnull(strstr(r.out, line));
    /* 8 columns live: one wave of the four has work; 8 rows x (8 K) */
    ck_assert_ptr_nonnull(strstr(r.out, "global bytes loaded 2048, stored 256;"));
    ck_assert_ptr_null(strstr(r.out, "instruction mix"));
    test_run_free(&r);
    rm_dir(dir);
}
END_TEST

/* With metadata, launch checks each --arg against the argument listed
 * there and accepts the assembler's tail padding (36 bytes of arguments,
 * a 40-byte segment); the user's matmul then computes a 2x2 product. */
START_TEST(launch_checks_metadata)
{
    char dir[256], co[300], a[300], b[300], c[300], in_a[320], in_b[320], out[320], msg[1200];
    static const float A[4] = {1, 2, 3, 4}, B[4] = {5, 6, 7, 8};
    static const char layout[] = "(its metadata: A global_buffer 8@0, B global_buffer 8@8, "
                                 "C global_buffer 8@16, size_m by_value 4@24, size_n by_value "
                                 "4@28, size_k by_value 4@32)\n";
    float C[4];
    size_t n;
    char *bytes;
    struct test_run r;

    make_dir(dir, sizeof(dir));
    build_user_matmul(dir, "mm", 0, "size_k", co, sizeof(co));
    snprintf(a, sizeof(a), "%s/a.bin", dir);
    snprintf(b, sizeof(b), "%s/b.bin", dir);
    snprintf(c, sizeof(c), "%s/c.bin", dir);
    spit(a, A, sizeof(A));
    spit(b, B, sizeof(B));
    snprintf(in_a, sizeof(in_a), "buf:in=%s", a);
    snprintf(in_b, sizeof(in_b), "buf:in=%s", b);
    snprintf(out, sizeof(out), "buf:out=%s:16", c);
    r = TOOL("launch", co, "matmul_f32", "--grid", "1", "--block", "128", "--arg", in_a, "--arg",
             in_b, "--arg", out, "--arg", "u32:2", "--arg", "u32:2", "--arg", "u32:2");
    ck_assert_msg(r.exit_code == 0, "%s%s", r.out, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "grid 1,1,1 x block 128,1,1, 40 kernarg bytes,"));
    test_run_free(&r);
    bytes = slurp(c, &n);
    ck_assert_uint_eq(n, sizeof(C));
    memcpy(C, bytes, sizeof(C));
    free(bytes);
    /* [1 2; 3 4] x [5 6; 7 8], exact in f32 */
    ck_assert(C[0] == 19 && C[1] == 22 && C[2] == 43 && C[3] == 50);

    /* a scalar where a buffer is listed */
    snprintf(msg, sizeof(msg), "amdpm4 launch: --arg u64:4 (8 bytes at 16) does not fit the "
                               "kernel's argument 2, C (global_buffer, 8 bytes at 16: give a "
                               "buf: spec) %s", layout);
    expect_error(TOOL("launch", co, "matmul_f32", "--grid", "1", "--block", "128", "--arg", in_a,
                      "--arg", in_b, "--arg", "u64:4", "--arg", "u32:2", "--arg", "u32:2",
                      "--arg", "u32:2"), 2, msg);
    /* the right total from the wrong pieces */
    snprintf(msg, sizeof(msg), "amdpm4 launch: --arg u64:4 (8 bytes at 24) does not fit the "
                               "kernel's argument 3, size_m (by_value, 4 bytes at 24) %s", layout);
    expect_error(TOOL("launch", co, "matmul_f32", "--grid", "1", "--block", "128", "--arg", in_a,
                      "--arg", in_b, "--arg", out, "--arg", "u64:4", "--arg", "u32:2"), 2, msg);
    /* one too many: 40 bytes, all padding used */
    snprintf(msg, sizeof(msg), "amdpm4 launch: --arg u32:9: kernel matmul_f32 lists 6 arguments "
                               "%s", layout);
    expect_error(TOOL("launch", co, "matmul_f32", "--grid", "1", "--block", "128", "--arg", in_a,
                      "--arg", in_b, "--arg", out, "--arg", "u32:2", "--arg", "u32:2", "--arg",
                      "u32:2", "--arg", "u32:9"), 2, msg);
    /* too short: the size message names the metadata too */
    snprintf(msg, sizeof(msg), "amdpm4 launch: kernel matmul_f32 takes 40 kernarg bytes, but the "
                               "--arg values pack to 8 (%s@0); its metadata: A global_buffer 8@0, "
                               "B global_buffer 8@8, C global_buffer 8@16, size_m by_value 4@24, "
                               "size_n by_value 4@28, size_k by_value 4@32\n", in_a);
    expect_error(TOOL("launch", co, "matmul_f32", "--grid", "1", "--block", "128", "--arg", in_a),
                 2, msg);
    rm_dir(dir);
}
END_TEST

START_TEST(user_kernel_errors)
{
    char dir[256], co[300], odd[300], msg[700];

    make_dir(dir, sizeof(dir));
    build_user_matmul(dir, "good", 0, "size_k", co, sizeof(co));
    build_user_matmul(dir, "odd", 0, "kk", odd, sizeof(odd));
    snprintf(msg, sizeof(msg), "amdpm4 check: matmul_f32 on the PM4 path: kernel matmul_f32 "
                               "argument 'kk' has no value in the plan\n");
    expect_error(TOOL("check", "matmul_f32", "--m", "8", "--n", "8", "--k", "8", "--co", odd), 2,
                 msg);
    snprintf(msg, sizeof(msg), "amdpm4 check: copy on the PM4 path: %s: no kernel 'copy' (it "
                               "has: matmul_f32)\n", co);
    expect_error(TOOL("check", "copy", "--bytes", "4k", "--co", co), 2, msg);
    snprintf(msg, sizeof(msg), "amdpm4 run: matmul_f32 on the PM4 path: %s/none.co: cannot "
                               "open: No such file or directory\n", dir);
    {
        char none[300];
        snprintf(none, sizeof(none), "%s/none.co", dir);
        expect_error(TOOL("run", "matmul_f32", "--co", none), 2, msg);
    }
    snprintf(msg, sizeof(msg), "amdpm4 run: matmul_f32 on the PM4 path: %s/good.s: not an ELF "
                               "file\n", dir);
    {
        char src[300];
        snprintf(src, sizeof(src), "%s/good.s", dir);
        expect_error(TOOL("run", "matmul_f32", "--co", src), 2, msg);
    }
    expect_error(TOOL("run", "matmul_f32", "--co"), 2,
                 "amdpm4 run: --co needs a value\n");
    expect_error(TOOL("run", "matmul_f32", "--co", "--stats"), 2,
                 "amdpm4 run: --co needs a value (got the flag '--stats'; write "
                 "--co=--stats if that is the value)\n");
    rm_dir(dir);
}
END_TEST

START_TEST(check_agrees)
{
    struct test_run r = TOOL("check", "matmul_f32", "--m", "300", "--n", "200", "--k", "100",
                             "--vk-validation");

    ck_assert_msg(r.exit_code == 0, "%s%s", r.out, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "check matmul_f32 m=300 n=200 k=100, seed 1\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "  PM4     path: gfx1100 (simulated: "));
    ck_assert_ptr_nonnull(strstr(r.out, "  Vulkan  path: llvmpipe"));
    ck_assert_ptr_nonnull(strstr(r.out, "  CPU reference: fp64 accumulation, all 300 of 300 "
                                        "rows\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "  output C[M,N] f32: 60000 elements compared"));
    ck_assert_ptr_nonnull(strstr(r.out, "\nverdict: AGREE\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "  PM4 path on gfx1100 (simulated: "));
    ck_assert_ptr_nonnull(strstr(r.out, "  Vulkan path on llvmpipe"));
    test_run_free(&r);
}
END_TEST

START_TEST(check_json)
{
    struct test_run r = TOOL("check", "matmul_f16", "--m", "33", "--n", "17", "--k", "40",
                             "--out", "f16", "--seed", "7", "--json");

    ck_assert_msg(r.exit_code == 0, "%s%s", r.out, r.err);
    ck_assert_msg(json_valid(r.out), "not JSON: %s", r.out);
    ck_assert(json_str_is(r.out, "op", "matmul_f16"));
    ck_assert(json_str_is(r.out, "shape", "m=33 n=17 k=40 out=f16"));
    ck_assert_int_eq(json_num(r.out, "seed"), 7);
    ck_assert(json_str_is(r.out, "verdict", "agree"));
    ck_assert(json_str_is(r.out, "outputs[0].name", "C"));
    ck_assert(json_str_is(r.out, "outputs[0].dtype", "f16"));
    ck_assert_int_eq(json_num(r.out, "outputs[0].dims[1]"), 17);
    for (int p = 0; p < 2; p++) {
        char path[96];
        const char *key = p ? "vulkan" : "pm4";
        snprintf(path, sizeof(path), "outputs[0].%s.compared", key);
        ck_assert_int_eq(json_num(r.out, path), 33 * 17);
        snprintf(path, sizeof(path), "outputs[0].%s.beyond_tolerance", key);
        ck_assert_int_eq(json_num(r.out, path), 0);
        snprintf(path, sizeof(path), "outputs[0].%s.max_err_over_tolerance", key);
        ck_assert_double_le(json_num(r.out, path), 1.0);
        snprintf(path, sizeof(path), "outputs[0].%s.max_err_ulps_of_largest", key);
        ck_assert_double_ge(json_num(r.out, path), 0);
        snprintf(path, sizeof(path), "devices.%s.device", key);
        ck_assert_ptr_nonnull(json_at(r.out, path));
    }
    ck_assert_int_eq(json_num(r.out, "outputs[0].pm4_vs_vulkan.elements"), 33 * 17);
    test_run_free(&r);
}
END_TEST

START_TEST(check_bytes_and_trace)
{
    char dir[256], trace[300];
    struct test_run r;
    char *t;

    make_dir(dir, sizeof(dir));
    snprintf(trace, sizeof(trace), "%s/check.json", dir);
    r = TOOL("check", "fill", "--bytes", "4097", "--placement", "vis-vram", "--trace", trace,
             "--vk-staging", "--vk-validation");
    ck_assert_msg(r.exit_code == 0, "%s%s", r.out, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "  CPU reference: exact bytes, all 4097 of 4097 rows\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "    PM4 vs Vulkan: max |difference| 0, 4097 of 4097 "
                                        "elements bit-identical\n"));
    test_run_free(&r);
    t = slurp(trace, NULL);
    ck_assert_msg(json_valid(t), "trace is not JSON");
    /* both paths: record/submit/wait on tracks 1 and 3, a GPU span on 2 and 4 */
    ck_assert_ptr_nonnull(strstr(t, "\"name\": \"submit\", \"cat\": \"cpu\", \"ph\": \"X\", "
                                    "\"pid\": 1, \"tid\": 1"));
    ck_assert_ptr_nonnull(strstr(t, "\"name\": \"wait\", \"cat\": \"cpu\", \"ph\": \"X\", "
                                    "\"pid\": 1, \"tid\": 3"));
    ck_assert_ptr_nonnull(strstr(t, "\"cat\": \"gpu\", \"ph\": \"X\", \"pid\": 1, \"tid\": 2"));
    ck_assert_ptr_nonnull(strstr(t, "\"cat\": \"gpu\", \"ph\": \"X\", \"pid\": 1, \"tid\": 4"));
    free(t);
    rm_dir(dir);
}
END_TEST

START_TEST(check_sampled)
{
    struct test_run r = TOOL("check", "matmul_f32", "--m", "300", "--n", "8", "--k", "8",
                             "--sample", "10", "--seed", "3");

    ck_assert_msg(r.exit_code == 0, "%s%s", r.out, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "  CPU reference: fp64 accumulation, a seeded sample of "
                                        "10 of 300 rows\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "  output C[M,N] f32: 80 elements compared"));
    test_run_free(&r);
    expect_error(TOOL("check", "copy", "--full", "--sample", "4"), 2,
                 "amdpm4 check: --full and --sample exclude each other\n");
}
END_TEST

START_TEST(check_errors)
{
    expect_error(TOOL("check", "matmul"), 2, "amdpm4 check: unknown op 'matmul' (ops: "
                 "matmul_f32, matmul_f16, attention_f16, copy, fill, empty)\n");
    expect_error(TOOL("check", "attention_f16", "--dim", "96"), 2,
                 "amdpm4 check: --dim '96': must be 64 or 128\n");
    expect_error(TOOL("check", "matmul_f16", "--out", "f64"), 2,
                 "amdpm4 check: --out 'f64': must be f32 or f16\n");
    expect_error(TOOL("check", "fill", "--bytes", "1T"), 2,
                 "amdpm4 check: --bytes '1T': not a size (digits with an optional k, M or G "
                 "suffix)\n");
    expect_error(TOOL("check", "empty"), 2,
                 "amdpm4 check: empty has no output to compare (amdpm4 run empty times it)\n");
    expect_error(TOOL("check", "copy", "--sample", "1"), 2,
                 "amdpm4 check: --sample 1: must be at least 2\n");
    expect_error(TOOL("check", "copy", "--device", "gpu"), 2,
                 "amdpm4 check: --device 'gpu': must be auto, hw or sim\n");
    {
        /* the device list's wording past the name is the driver's */
        static const char want[] = "amdpm4 check: Vulkan path: no Vulkan device matches "
                                   "'no-such-device' (devices: 0: llvmpipe";
        struct test_run r = TOOL("check", "copy", "--bytes", "4k", "--vk-device",
                                 "no-such-device");
        ck_assert_int_eq(r.exit_code, 1);
        ck_assert_msg(!strncmp(r.err, want, sizeof(want) - 1), "%s", r.err);
        ck_assert_msg(strchr(r.err, '\n') == r.err + strlen(r.err) - 1, "not one line: %s",
                      r.err);
        ck_assert_str_eq(r.out, "");
        test_run_free(&r);
    }
}
END_TEST

/* ---------------------------------------------------------------- bench */

START_TEST(bench_overhead_json_csv_plot)
{
    char dir[256], csv[300], svg[300], trace[300];
    struct test_run r;
    char *c, *s, *t;

    make_dir(dir, sizeof(dir));
    snprintf(csv, sizeof(csv), "%s/o.csv", dir);
    snprintf(svg, sizeof(svg), "%s/o.svg", dir);
    snprintf(trace, sizeof(trace), "%s/o.json", dir);
    r = TOOL("bench", "overhead", "--batch", "20", "--max-chain", "16", "--gap-chain", "4",
             "--reps", "2", "--json", "--csv", csv, "--plot", svg, "--trace", trace,
             "--vk-validation");
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_msg(json_valid(r.out), "not JSON: %s", r.out);
    ck_assert(json_at(r.out, "simulated") && !strncmp(json_at(r.out, "simulated"), "true", 4));
    ck_assert(json_str_is(r.out, "note", "on the simulated gfx1100 these figures measure host "
                          "software plus the simulator, not a GPU"));
    ck_assert_int_eq(json_num(r.out, "batch"), 20);
    for (int p = 0; p < 2; p++) {
        const char *key = p ? "paths.vulkan" : "paths.pm4";
        static const char *const fields[] = {
            "record_ns_per_dispatch.independent", "record_ns_per_dispatch.dependent",
            "submit_ns", "wait_ns", "latency_ns", "gpu_per_dispatch.independent.dispatch_ns",
            "gpu_per_dispatch.dependent.dispatch_ns",
        };
        char path[160];
        for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
            snprintf(path, sizeof(path), "%s.%s", key, fields[f]);
            ck_assert_msg(json_num(r.out, path) > 0, "%s", path);
        }
        /* chains 1, 4, 16, independent and dependent */
        for (int k = 0; k < 6; k++) {
            snprintf(path, sizeof(path), "%s.chains[%d].n", key, k);
            ck_assert_int_eq(json_num(r.out, path), k < 2 ? 1 : k < 4 ? 4 : 16);
            snprintf(path, sizeof(path), "%s.chains[%d].wall_ns_per_dispatch", key, k);
            ck_assert_double_gt(json_num(r.out, path), 0);
        }
        snprintf(path, sizeof(path), "%s.chains[6]", key);
        ck_assert_ptr_null(json_at(r.out, path));
        snprintf(path, sizeof(path), "%s.device", key);
        ck_assert_ptr_nonnull(json_at(r.out, path));
    }
    test_run_free(&r);

    c = slurp(csv, NULL);
    ck_assert(!strncmp(c, "path,measure,chain_length,dependent,ns\n", 39));
    ck_assert_ptr_nonnull(strstr(c, "\npm4,latency,1,0,"));
    ck_assert_ptr_nonnull(strstr(c, "\nvulkan,chain_wall_per_dispatch,16,1,"));
    {
        unsigned lines = 0;
        for (const char *p = c; *p; p++)
            lines += *p == '\n';
        /* header + per path: 2 record, submit, wait, latency, 4 gpu, 6 chains x 3 */
        ck_assert_uint_eq(lines, 1 + 2 * (2 + 3 + 4 + 6 * 3));
    }
    free(c);

    s = slurp(svg, NULL);
    ck_assert(!strncmp(s, "<?xml", 5));
    ck_assert_ptr_nonnull(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    ck_assert_ptr_nonnull(strstr(s, ">Cost per empty dispatch against chain length</text>"));
    ck_assert_ptr_nonnull(strstr(s, ">PM4 dependent, submit-&gt;fence</text>"));
    ck_assert_ptr_nonnull(strstr(s, ">Vulkan independent, GPU time</text>"));
    ck_assert_ptr_nonnull(strstr(s, ">dispatches per submission (chain length)</text>"));
    ck_assert_ptr_nonnull(strstr(s, "</svg>\n"));
    {
        unsigned lines = 0;
        for (const char *p = s; (p = strstr(p, "<polyline")); p++)
            lines++;
        ck_assert_uint_eq(lines, 8);
    }
    free(s);

    t = slurp(trace, NULL);
    ck_assert_msg(json_valid(t), "trace is not JSON");
    ck_assert_ptr_nonnull(strstr(t, "\"name\": \"record batch\", \"cat\": \"cpu\""));
    ck_assert_ptr_nonnull(strstr(t, "\"name\": \"dispatch\", \"cat\": \"gpu\""));
    free(t);
    rm_dir(dir);
}
END_TEST

START_TEST(bench_overhead_table)
{
    struct test_run r = TOOL("bench", "overhead", "--batch", "10", "--max-chain", "4",
                             "--gap-chain", "2", "--reps", "1");

    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "bench overhead: empty dispatches, medians of 1 runs\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "  note: on the simulated gfx1100 these figures measure "
                                        "host software plus the simulator, not a GPU\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "host cost to record one dispatch (batches of 10)\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "  submit call (CS ioctl / vkQueueSubmit)"));
    ck_assert_ptr_nonnull(strstr(r.out, "\n       1 "));
    ck_assert_ptr_nonnull(strstr(r.out, "\n       4 "));
    ck_assert_ptr_null(strstr(r.out, "\n      16 "));
    test_run_free(&r);
}
END_TEST

START_TEST(bench_bandwidth_json)
{
    struct test_run r = TOOL("bench", "bandwidth", "--bytes", "64k", "--reps", "1", "--json");
    static const char *const places[] = {"vram", "vis_vram", "gtt"};
    static const char *const measures[] = {"shader_copy", "shader_fill", "sdma_copy",
                                           "sdma_fill", "host_to_device", "device_to_host"};

    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_msg(json_valid(r.out), "not JSON: %s", r.out);
    ck_assert_int_eq(json_num(r.out, "bytes"), 65536);
    for (int p = 0; p < 3; p++)
        for (int m = 0; m < 6; m++) {
            char path[96];
            snprintf(path, sizeof(path), "gb_per_s.%s.%s", places[p], measures[m]);
            ck_assert_msg(json_num(r.out, path) > 0, "%s", path);
        }
    test_run_free(&r);
}
END_TEST

START_TEST(bench_sim_json)
{
    struct test_run r = TOOL("bench", "sim", "--quick", "--reps", "1", "--json",
                             "--vk-validation");
    static const char *const ops[] = {"matmul_f32", "matmul_f16", "attention_f16", "copy",
                                      "fill", "empty"};

    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_msg(json_valid(r.out), "not JSON: %s", r.out);
    ck_assert_ptr_nonnull(json_at(r.out, "vulkan_device"));
    for (int k = 0; k < 6; k++) {
        char path[64];
        snprintf(path, sizeof(path), "ops[%d].op", k);
        ck_assert(json_str_is(r.out, path, ops[k]));
        snprintf(path, sizeof(path), "ops[%d].wave_instructions_per_s", k);
        ck_assert_double_gt(json_num(r.out, path), 0);
        snprintf(path, sizeof(path), "ops[%d].sim_time_over_vk_time", k);
        ck_assert_double_gt(json_num(r.out, path), 0);
        snprintf(path, sizeof(path), k < 3 ? "ops[%d].sim_flops_per_s" : "ops[%d].vk_ns", k);
        ck_assert_double_gt(json_num(r.out, path), 0);
    }
    ck_assert_ptr_null(json_at(r.out, "ops[6]"));
    test_run_free(&r);
}
END_TEST

START_TEST(bench_errors)
{
    expect_error(TOOL("bench"), 2, "amdpm4 bench: which measurement? overhead, bandwidth or sim "
                 "(see amdpm4 bench --help)\n");
    expect_error(TOOL("bench", "latency"), 2,
                 "amdpm4 bench: unknown measurement 'latency' (overhead, bandwidth or sim)\n");
    expect_error(TOOL("bench", "overhead", "--reps", "0"), 2,
                 "amdpm4 bench: --reps 0: must be at least 1\n");
    expect_error(TOOL("bench", "overhead", "--plot"), 2, "amdpm4 bench: --plot needs a value\n");
    expect_error(TOOL("bench", "overhead", "--max-chain", "100000"), 2,
                 "amdpm4 bench: --batch, --max-chain and --gap-chain go up to 65536\n");
    expect_error(TOOL("bench", "bandwidth", "--plot", "x.svg"), 2,
                 "amdpm4 bench: --plot is for bench overhead\n");
    expect_error(TOOL("bench", "bandwidth", "--bytes", "2"), 2,
                 "amdpm4 bench: --bytes 2: at least 4\n");
    expect_error(TOOL("bench", "sim", "--device", "hw"), 2,
                 "amdpm4 bench: bench sim measures the simulated gfx1100: not with --device hw\n");
    expect_error(TOOL("bench", "overhead", "overhead"), 2,
                 "amdpm4 bench: unexpected argument 'overhead' (see amdpm4 bench --help)\n");
    expect_error(TOOL("bench", "overhead", "--csv", "/nonexistent-dir/x.csv", "--batch", "2",
                      "--max-chain", "1", "--gap-chain", "2", "--reps", "1", "--json"), 1,
                 "amdpm4 bench: cannot write /nonexistent-dir/x.csv: No such file or "
                 "directory\n");
}
END_TEST

/* ---------------------------------------------------------------- leaks */

/* Each subcommand, happy and failing, under LeakSanitizer (preloaded
 * before the simulator): a leak exits 23. */
START_TEST(no_leaks)
{
    char dir[256], co[300], preload[4096];
    const char *sim = getenv("LD_PRELOAD");
    static const struct {
        int exit_code;
        const char *args[24];
    } cases[] = {
        {0, {"launch", "CO", "echo", "--grid", "1", "--block", "1", "--arg", "buf:zero=64",
             "--arg", "buf:zero=4k", "--arg", "u32:1", "--arg", "i32:2", "--arg", "u64:3",
             "--arg", "f32:4"}},
        {1, {"launch", "CO", "fault", "--grid", "1", "--block", "1"}},
        {2, {"launch", "CO", "addin", "--grid", "1", "--block", "1", "--arg", "u32:1"}},
        {0, {"run", "fill", "--bytes", "8k", "--stats", "--json"}},
        {0, {"check", "attention_f16", "--seq", "20", "--causal", "--json"}},
        {2, {"check", "matmul_f32", "--m", "0"}},
        {0, {"bench", "overhead", "--batch", "4", "--max-chain", "4", "--gap-chain", "2",
             "--reps", "1"}},
    };

    ck_assert_ptr_nonnull(sim);
    snprintf(preload, sizeof(preload), "LD_PRELOAD=liblsan.so.0:%s", sim);
    make_dir(dir, sizeof(dir));
    build_kernels(dir, co, sizeof(co));
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        /* env replaces LD_PRELOAD (a second entry in the environment would not) */
        char *argv[30] = {"/usr/bin/env", preload, "LSAN_OPTIONS=exitcode=23",
                          (char *)test_build_path("amdpm4")};
        const char *const *args = (const char *const *)argv + 4;
        struct test_run r;
        size_t n = 4;
        for (size_t k = 0; k < 24 && cases[c].args[k]; k++)
            argv[n++] = (char *)(strcmp(cases[c].args[k], "CO") ? cases[c].args[k] : co);
        argv[n] = NULL;
        ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
        ck_assert_msg(r.exit_code == cases[c].exit_code, "%s %s: exit %d: %s", args[0], args[1],
                      r.exit_code, r.err);
        ck_assert_msg(!strstr(r.err, "LeakSanitizer"), "%s", r.err);
        test_run_free(&r);
    }
    rm_dir(dir);
}
END_TEST

Suite *cli_suite(void);
Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *run = tcase_create("run"), *launch = tcase_create("launch"),
          *check = tcase_create("check"), *bench = tcase_create("bench");

    tcase_add_test(run, run_empty);
    tcase_add_test(run, run_json_and_trace);
    tcase_add_test(run, run_stats);
    tcase_add_test(run, run_stats_row_is_readme_row);
    tcase_add_test(run, run_errors);
    tcase_add_test(run, run_help);
    tcase_add_test(launch, launch_packs_arguments);
    tcase_add_test(launch, launch_in_and_inout);
    tcase_add_test(launch, launch_fault_and_hang);
    tcase_add_test(launch, launch_errors);
    tcase_add_test(launch, launch_stats_show_lds_out_of_range);
    tcase_add_test(check, check_agrees);
    tcase_add_test(check, check_json);
    tcase_add_test(check, check_bytes_and_trace);
    tcase_add_test(check, check_sampled);
    tcase_add_test(check, check_errors);
    tcase_add_test(check, check_user_kernel);
    tcase_add_test(check, user_kernel_errors);
    tcase_add_test(check, launch_checks_metadata);
    tcase_add_test(bench, bench_overhead_json_csv_plot);
    tcase_add_test(bench, bench_overhead_table);
    tcase_add_test(bench, bench_bandwidth_json);
    tcase_add_test(bench, bench_sim_json);
    tcase_add_test(bench, bench_errors);
    {
        TCase *leaks = tcase_create("leaks");
        tcase_add_test(leaks, no_leaks);
        tcase_set_timeout(leaks, 60);
        suite_add_tcase(s, leaks);
    }
    tcase_set_timeout(run, 60);
    tcase_set_timeout(launch, 60);
    tcase_set_timeout(check, 60);
    tcase_set_timeout(bench, 60);
    suite_add_tcase(s, run);
    suite_add_tcase(s, launch);
    suite_add_tcase(s, check);
    suite_add_tcase(s, bench);
    return s;
}
