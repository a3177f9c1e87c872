/*
 * tests/check_codeobj.c — code objects (isa/codeobj.c).
 *
 * Objects are assembled at test time with llvm-mc 19 + ld.lld 19, once per
 * run, into a temporary directory (unchecked fixture; removed at exit by the
 * process that made it).  Expected values are written out from llvm-readelf /
 * llvm-objdump output of the same sources, not computed with the loader's
 * tables.  The "fuzz" case (truncations, garbage, seeded mutations) also runs
 * under valgrind in the "valgrind" case.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "amdpm4.h"
#include "isa/codeobj.h"
#include "tests/testutil.h"

/* ------------------------------------------------------------------ sources */

#define HDR(cpu) ".amdgcn_target \"amdgcn-amd-amdhsa--" cpu "\"\n"
#define TEXT(name) \
    ".text\n.globl " name "\n.p2align 8\n.type " name ",@function\n" name ":\n  s_endpgm\n"
#define KD(name, extra)                                                         \
    ".rodata\n.p2align 6\n.amdhsa_kernel " name "\n" extra                      \
    "  .amdhsa_next_free_vgpr 1\n  .amdhsa_next_free_sgpr 1\n.end_amdhsa_kernel\n"
#define MD(minor, kernels)                                                      \
    ".amdgpu_metadata\n---\namdhsa.version: [ 1, " minor " ]\namdhsa.kernels:\n" \
    kernels "...\n.end_amdgpu_metadata\n"
#define MDK(name, kernarg, wave, extra)                                         \
    "  - .name: " name "\n    .symbol: " name ".kd\n"                           \
    "    .kernarg_segment_size: " kernarg "\n    .kernarg_segment_align: 8\n"   \
    "    .group_segment_fixed_size: 0\n    .private_segment_fixed_size: 0\n"    \
    "    .wavefront_size: " wave "\n    .sgpr_count: 1\n    .vgpr_count: 1\n"   \
    "    .max_flat_workgroup_size: 64\n" extra
#define ARG(name, off, size, kind) \
    "      - { .name: " name ", .offset: " off ", .size: " size ", .value_kind: " kind " }\n"

/* Two kernels: add1 (kernarg pointer, LDS, hidden arguments, no .size) and
 * scale (five user SGPR kinds, scratch, dynamic stack, .size 12). */
static const char good_s[] =
    HDR("gfx1100")
    ".text\n.globl add1\n.p2align 8\n.type add1,@function\nadd1:\n"
    "  s_load_b128 s[4:7], s[0:1], 0x0\n  s_waitcnt lgkmcnt(0)\n"
    "  v_lshlrev_b32 v0, 2, v0\n  global_load_b32 v1, v0, s[4:5]\n"
    "  s_waitcnt vmcnt(0)\n  v_add_nc_u32 v1, 1, v1\n"
    "  global_store_b32 v0, v1, s[6:7]\n  s_endpgm\n"
    ".globl scale\n.p2align 8\n.type scale,@function\nscale:\n"
    "  s_nop 0\n  s_nop 0\n  s_endpgm\n.size scale, .-scale\n"
    ".rodata\n.p2align 6\n.amdhsa_kernel add1\n"
    "  .amdhsa_user_sgpr_kernarg_segment_ptr 1\n  .amdhsa_next_free_vgpr 2\n"
    "  .amdhsa_next_free_sgpr 8\n  .amdhsa_kernarg_size 56\n"
    "  .amdhsa_group_segment_fixed_size 1024\n  .amdhsa_system_sgpr_workgroup_id_x 1\n"
    "  .amdhsa_wavefront_size32 1\n.end_amdhsa_kernel\n"
    ".p2align 6\n.amdhsa_kernel scale\n"
    "  .amdhsa_user_sgpr_dispatch_ptr 1\n  .amdhsa_user_sgpr_queue_ptr 1\n"
    "  .amdhsa_user_sgpr_kernarg_segment_ptr 1\n  .amdhsa_user_sgpr_dispatch_id 1\n"
    "  .amdhsa_user_sgpr_private_segment_size 1\n  .amdhsa_kernarg_size 4\n"
    "  .amdhsa_private_segment_fixed_size 16\n  .amdhsa_enable_private_segment 1\n"
    "  .amdhsa_uses_dynamic_stack 1\n  .amdhsa_next_free_vgpr 1\n"
    "  .amdhsa_next_free_sgpr 1\n.end_amdhsa_kernel\n"
    ".amdgpu_metadata\n---\namdhsa.version: [ 1, 2 ]\n"
    "amdhsa.target: amdgcn-amd-amdhsa--gfx1100\namdhsa.kernels:\n"
    "  - .name: add1\n    .symbol: add1.kd\n    .kernarg_segment_size: 56\n"
    "    .kernarg_segment_align: 8\n    .group_segment_fixed_size: 1024\n"
    "    .private_segment_fixed_size: 0\n    .wavefront_size: 32\n    .sgpr_count: 8\n"
    "    .vgpr_count: 2\n    .max_flat_workgroup_size: 256\n    .args:\n"
    "      - { .name: in, .offset: 0, .size: 8, .value_kind: global_buffer, "
    ".address_space: global }\n"
    "      - { .name: out, .offset: 8, .size: 8, .value_kind: global_buffer, "
    ".address_space: global }\n"
    ARG("count", "16", "4", "by_value")
    "      - { .offset: 24, .size: 4, .value_kind: hidden_block_count_x }\n"
    "      - { .offset: 36, .size: 2, .value_kind: hidden_group_size_x }\n"
    "      - { .offset: 48, .size: 4, .value_kind: hidden_dynamic_lds_size }\n"
    "  - .name: scale_source_name\n    .symbol: scale.kd\n    .kernarg_segment_size: 4\n"
    "    .kernarg_segment_align: 4\n    .group_segment_fixed_size: 0\n"
    "    .private_segment_fixed_size: 16\n    .wavefront_size: 32\n    .sgpr_count: 9\n"
    "    .vgpr_count: 1\n    .max_flat_workgroup_size: 1024\n    .args:\n"
    ARG("factor", "0", "4", "by_value")
    "...\n.end_amdgpu_metadata\n";

#define MINIMAL(cpu, kd_extra, md_minor, kernarg, wave, md_extra) \
    HDR(cpu) TEXT("k") KD("k", kd_extra) MD(md_minor, MDK("k", kernarg, wave, md_extra))

struct src {
    const char *name, *cpu, *text;
};

static const struct src sources[] = {
    {"good", "gfx1100", good_s},
    {"nometa", "gfx1100",
     HDR("gfx1100") TEXT("k")
     KD("k", "  .amdhsa_user_sgpr_kernarg_segment_ptr 1\n  .amdhsa_kernarg_size 8\n")},
    {"v4", "gfx1100", ".amdhsa_code_object_version 4\n" MINIMAL("gfx1100", "", "1", "0", "32", "")},
    {"v4md", "gfx1100", ".amdhsa_code_object_version 4\n" MINIMAL("gfx1100", "", "2", "0", "32", "")},
    {"v6", "gfx1100", ".amdhsa_code_object_version 6\n" MINIMAL("gfx1100", "", "3", "0", "32", "")},
    {"gfx1030", "gfx1030", MINIMAL("gfx1030", "", "2", "0", "32", "")},
    {"gfx1101", "gfx1101", MINIMAL("gfx1101", "", "2", "0", "32", "")},
    {"wave64", "gfx1100",
     MINIMAL("gfx1100", "  .amdhsa_wavefront_size32 0\n", "2", "0", "64", "")},
    {"mdwave64", "gfx1100", MINIMAL("gfx1100", "", "2", "0", "64", "")},
    {"kernarg", "gfx1100", MINIMAL("gfx1100", "  .amdhsa_kernarg_size 8\n", "2", "16", "32", "")},
    {"unaligned", "gfx1100",
     HDR("gfx1100") ".text\n.p2align 8\n  s_nop 0\n.globl k\n.type k,@function\nk:\n"
     "  s_endpgm\n" KD("k", "") MD("2", MDK("k", "0", "32", ""))},
    {"mdtarget", "gfx1100",
     HDR("gfx1100") TEXT("k") KD("k", "")
     ".amdgpu_metadata\n---\namdhsa.version: [ 1, 2 ]\n"
     "amdhsa.target: amdgcn-amd-amdhsa--gfx1101\namdhsa.kernels:\n"
     MDK("k", "0", "32", "") "...\n.end_amdgpu_metadata\n"},
    {"argout", "gfx1100",
     MINIMAL("gfx1100", "  .amdhsa_kernarg_size 16\n", "2", "16", "32",
             "    .args:\n" ARG("a", "0", "8", "global_buffer") ARG("b", "12", "8", "by_value"))},
    {"overlap", "gfx1100",
     MINIMAL("gfx1100", "  .amdhsa_kernarg_size 16\n", "2", "16", "32",
             "    .args:\n" ARG("a", "8", "8", "global_buffer") ARG("b", "0", "12", "by_value"))},
    {"mdsym", "gfx1100",
     HDR("gfx1100") TEXT("k") KD("k", "")
     MD("2", "  - .name: k\n    .symbol: other.kd\n    .kernarg_segment_size: 0\n"
             "    .kernarg_segment_align: 8\n    .group_segment_fixed_size: 0\n"
             "    .private_segment_fixed_size: 0\n    .wavefront_size: 32\n"
             "    .sgpr_count: 1\n    .vgpr_count: 1\n    .max_flat_workgroup_size: 64\n")},
    {"dynstack", "gfx1100",
     MINIMAL("gfx1100", "", "2", "0", "32", "    .uses_dynamic_stack: true\n")},
    {"ctrlname", "gfx1100",
     HDR("gfx1100") TEXT("k") KD("k", "")
     MD("2", "  - .name: \"a\\tb\"\n    .symbol: k.kd\n    .kernarg_segment_size: 0\n"
             "    .kernarg_segment_align: 8\n    .group_segment_fixed_size: 0\n"
             "    .private_segment_fixed_size: 0\n    .wavefront_size: 32\n"
             "    .sgpr_count: 1\n    .vgpr_count: 1\n    .max_flat_workgroup_size: 64\n")},
    {"mdmissing", "gfx1100",
     HDR("gfx1100") TEXT("k") TEXT("k2") KD("k", "") KD("k2", "")
     MD("2", MDK("k", "0", "32", ""))},
};
#define NSOURCES (sizeof(sources) / sizeof(sources[0]))

/* ------------------------------------------------------------------ fixture */

static struct {
    char dir[64];
    pid_t owner;
    bool ready;
    char err[2048];
} fx;

static const char *path_of(const char *name, const char *ext)
{
    static char bufs[4][PATH_MAX];
    static unsigned n;
    char *p = bufs[n++ % 4];

    snprintf(p, PATH_MAX, "%s/%s.%s", fx.dir, name, ext);
    return p;
}

static void remove_dir(void)
{
    DIR *d;
    struct dirent *e;

    if (getpid() != fx.owner || !fx.dir[0])
        return;
    d = opendir(fx.dir);
    if (d) {
        while ((e = readdir(d)))
            if (e->d_name[0] != '.') {
                char p[PATH_MAX];
                snprintf(p, sizeof(p), "%s/%s", fx.dir, e->d_name);
                unlink(p);
            }
        closedir(d);
    }
    rmdir(fx.dir);
}

static bool write_file(const char *path, const void *data, size_t bytes)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(data, 1, bytes, f) == bytes;
    if (f && fclose(f))
        ok = false;
    return ok;
}

static bool run_tool(char *const argv[])
{
    struct test_run r;
    bool ok;

    if (test_run(&r, argv, NULL, NULL)) {
        snprintf(fx.err, sizeof(fx.err), "cannot run %s", argv[0]);
        return false;
    }
    ok = r.exit_code == 0;
    if (!ok)
        snprintf(fx.err, sizeof(fx.err), "%s exit %d: %.1500s", argv[0], r.exit_code, r.err);
    test_run_free(&r);
    return ok;
}

/* name.s -> name.o (llvm-mc) -> name.co (ld.lld -shared). */
static bool assemble(const char *name, const char *cpu, const char *text)
{
    char s[PATH_MAX], o[PATH_MAX], co[PATH_MAX], mcpu[64];
    char *mc[] = {LLVM_MC_PATH, "-triple=amdgcn-amd-amdhsa", mcpu, "-filetype=obj",
                  "-o", o, s, NULL};
    char *ld[] = {LLD_PATH, "-shared", "-o", co, o, NULL};

    snprintf(s, sizeof(s), "%s", path_of(name, "s"));
    snprintf(o, sizeof(o), "%s", path_of(name, "o"));
    snprintf(co, sizeof(co), "%s", path_of(name, "co"));
    snprintf(mcpu, sizeof(mcpu), "-mcpu=%s", cpu);
    if (!write_file(s, text, strlen(text))) {
        snprintf(fx.err, sizeof(fx.err), "cannot write %.1500s", s);
        return false;
    }
    return run_tool(mc) && run_tool(ld);
}

/* One kernel with one argument of every value kind in the loader's table, so
 * that LLVM 19's metadata verifier vouches for each string. */
static bool assemble_all_kinds(void)
{
    char text[8192], args[6144];
    size_t n = 0;
    unsigned kinds = ISA_ARG_KIND_COUNT;

    for (unsigned i = 0; i < kinds; i++)
        n += (size_t)snprintf(args + n, sizeof(args) - n,
                              "      - { .name: a%u, .offset: %u, .size: 8, .value_kind: %s }\n",
                              i, 8 * i, isa_arg_kind_name(i));
    snprintf(text, sizeof(text),
             HDR("gfx1100") TEXT("k") ".rodata\n.p2align 6\n.amdhsa_kernel k\n"
             "  .amdhsa_kernarg_size %u\n  .amdhsa_next_free_vgpr 1\n"
             "  .amdhsa_next_free_sgpr 1\n.end_amdhsa_kernel\n"
             ".amdgpu_metadata\n---\namdhsa.version: [ 1, 2 ]\namdhsa.kernels:\n"
             "  - .name: k\n    .symbol: k.kd\n    .kernarg_segment_size: %u\n"
             "    .kernarg_segment_align: 8\n    .group_segment_fixed_size: 0\n"
             "    .private_segment_fixed_size: 0\n    .wavefront_size: 32\n"
             "    .sgpr_count: 1\n    .vgpr_count: 1\n    .max_flat_workgroup_size: 64\n"
             "    .args:\n%s...\n.end_amdgpu_metadata\n",
             8 * kinds, 8 * kinds, args);
    return assemble("allkinds", "gfx1100", text);
}

static void setup_objects(void)
{
    if (fx.ready || fx.err[0])
        return;
    snprintf(fx.dir, sizeof(fx.dir), "/tmp/amdpm4-codeobj-XXXXXX");
    if (!mkdtemp(fx.dir)) {
        snprintf(fx.err, sizeof(fx.err), "mkdtemp: %s", strerror(errno));
        fx.dir[0] = '\0';
        return;
    }
    fx.owner = getpid();
    atexit(remove_dir);
    for (size_t i = 0; i < NSOURCES; i++)
        if (!assemble(sources[i].name, sources[i].cpu, sources[i].text))
            return;
    if (!assemble_all_kinds())
        return;
    fx.ready = true;
}

#define NEED_OBJECTS() ck_assert_msg(fx.ready, "assembling test objects failed: %s", fx.err)

static uint8_t *read_all(const char *path, size_t *bytes)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;

    ck_assert_msg(f, "open %s", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    ck_assert_int_gt(n, 0);
    rewind(f);
    buf = malloc((size_t)n);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *bytes = (size_t)n;
    return buf;
}

static struct isa_codeobj *load_ok(const char *name)
{
    struct isa_codeobj *co = NULL;
    int r = isa_codeobj_load_file(path_of(name, "co"), &co);
    ck_assert_msg(r == 0, "%s: %d %s", name, r, amdpm4_last_error());
    return co;
}

/* Loading name.co fails with -ENOEXEC and "<path>: <msg>". */
static void expect_refused(const char *name, const char *ext, const char *msg)
{
    struct isa_codeobj *co = (struct isa_codeobj *)1;
    char expect[1024];
    const char *path = path_of(name, ext);

    snprintf(expect, sizeof(expect), "%s: %s", path, msg);
    ck_assert_int_eq(isa_codeobj_load_file(path, &co), -ENOEXEC);
    ck_assert_ptr_null(co);
    ck_assert_str_eq(amdpm4_last_error(), expect);
}

/* Loading bytes (a patched good object) fails with "patched: <msg>". */
static void expect_patch_refused(const uint8_t *bytes, size_t n, const char *msg)
{
    struct isa_codeobj *co = NULL;
    char expect[1024];

    snprintf(expect, sizeof(expect), "patched: %s", msg);
    ck_assert_int_eq(isa_codeobj_load_memory(bytes, n, "patched", &co), -ENOEXEC);
    ck_assert_ptr_null(co);
    ck_assert_str_eq(amdpm4_last_error(), expect);
}

static void put_le(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* ------------------------------------------------------------------ tables */

START_TEST(kd_table_matches_llvm_layout)
{
    /* AMDHSAKernelDescriptor.h: *_OFFSET enumerators. */
    static const struct { enum isa_kd_field f; const char *name; unsigned off, width; } want[] = {
        {ISA_KD_GROUP_SEGMENT_FIXED_SIZE, "GROUP_SEGMENT_FIXED_SIZE", 0, 4},
        {ISA_KD_PRIVATE_SEGMENT_FIXED_SIZE, "PRIVATE_SEGMENT_FIXED_SIZE", 4, 4},
        {ISA_KD_KERNARG_SIZE, "KERNARG_SIZE", 8, 4},
        {ISA_KD_RESERVED0, "RESERVED0", 12, 4},
        {ISA_KD_KERNEL_CODE_ENTRY_BYTE_OFFSET, "KERNEL_CODE_ENTRY_BYTE_OFFSET", 16, 8},
        {ISA_KD_RESERVED1, "RESERVED1", 24, 20},
        {ISA_KD_COMPUTE_PGM_RSRC3, "COMPUTE_PGM_RSRC3", 44, 4},
        {ISA_KD_COMPUTE_PGM_RSRC1, "COMPUTE_PGM_RSRC1", 48, 4},
        {ISA_KD_COMPUTE_PGM_RSRC2, "COMPUTE_PGM_RSRC2", 52, 4},
        {ISA_KD_KERNEL_CODE_PROPERTIES, "KERNEL_CODE_PROPERTIES", 56, 2},
        {ISA_KD_KERNARG_PRELOAD, "KERNARG_PRELOAD", 58, 2},
        {ISA_KD_RESERVED3, "RESERVED3", 60, 4},
    };

    ck_assert_int_eq(ISA_KD_FIELD_COUNT, 12);
    for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const struct isa_kd_field_info *fi = isa_kd_field_info(want[i].f);
        ck_assert_str_eq(fi->name, want[i].name);
        ck_assert_uint_eq(fi->offset_bytes, want[i].off);
        ck_assert_uint_eq(fi->width_bytes, want[i].width);
        ck_assert(fi->reserved == !strncmp(want[i].name, "RESERVED", 8));
    }
    ck_assert_ptr_null(isa_kd_field_info(ISA_KD_FIELD_COUNT));
}
END_TEST

START_TEST(kd_props_match_llvm)
{
    /* KERNEL_CODE_PROPERTY(...) shifts; user SGPR counts from AMDGPUUsage. */
    static const struct { enum isa_kd_prop p; const char *name; unsigned shift, sgprs; } want[] = {
        {ISA_KD_PROP_ENABLE_SGPR_PRIVATE_SEGMENT_BUFFER, "private_segment_buffer", 0, 4},
        {ISA_KD_PROP_ENABLE_SGPR_DISPATCH_PTR, "dispatch_ptr", 1, 2},
        {ISA_KD_PROP_ENABLE_SGPR_QUEUE_PTR, "queue_ptr", 2, 2},
        {ISA_KD_PROP_ENABLE_SGPR_KERNARG_SEGMENT_PTR, "kernarg_segment_ptr", 3, 2},
        {ISA_KD_PROP_ENABLE_SGPR_DISPATCH_ID, "dispatch_id", 4, 2},
        {ISA_KD_PROP_ENABLE_SGPR_FLAT_SCRATCH_INIT, "flat_scratch_init", 5, 2},
        {ISA_KD_PROP_ENABLE_SGPR_PRIVATE_SEGMENT_SIZE, "private_segment_size", 6, 1},
        {ISA_KD_PROP_ENABLE_WAVEFRONT_SIZE32, "wavefront_size32", 10, 0},
        {ISA_KD_PROP_USES_DYNAMIC_STACK, "uses_dynamic_stack", 11, 0},
    };

    for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const struct isa_kd_prop_info *pi = isa_kd_prop_info(want[i].p);
        ck_assert_str_eq(pi->name, want[i].name);
        ck_assert_uint_eq(pi->shift, want[i].shift);
        ck_assert_uint_eq(pi->width, 1);
        ck_assert_uint_eq(pi->user_sgprs, want[i].sgprs);
        ck_assert(!pi->reserved);
        ck_assert_uint_eq(isa_kd_prop_get(1u << want[i].shift, want[i].p), 1);
        ck_assert_uint_eq(isa_kd_prop_get((uint16_t)~(1u << want[i].shift), want[i].p), 0);
    }
    ck_assert(isa_kd_prop_info(ISA_KD_PROP_RESERVED0)->reserved);
    ck_assert_uint_eq(isa_kd_prop_get(0x0380, ISA_KD_PROP_RESERVED0), 7);
    ck_assert_uint_eq(isa_kd_prop_get(0xf000, ISA_KD_PROP_RESERVED1), 15);
}
END_TEST

START_TEST(kd_decode_literal)
{
    static const uint8_t kd[64] = {
        0x00, 0x04, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x38, 0x00, 0x00, 0x00, 0xaa, 0xbb,
        0xcc, 0xdd, 0x40, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,
        [44] = 0xf0, 0x03, 0x00, 0x00, 0x41, 0x00, 0x0c, 0x60, 0x93, 0x00, 0x00, 0x00,
        0x5e, 0x0c, 0x01, 0x00, 0x77, 0x77, 0x77, 0x77,
    };
    struct isa_kd d;

    isa_kd_decode(kd, &d);
    ck_assert_uint_eq(d.group_segment_fixed_bytes, 0x400);
    ck_assert_uint_eq(d.private_segment_fixed_bytes, 0x10);
    ck_assert_uint_eq(d.kernarg_bytes, 0x38);
    ck_assert_int_eq(d.kernel_code_entry_byte_offset, (int64_t)0x8000000000001140ull);
    ck_assert_uint_eq(d.compute_pgm_rsrc3, 0x3f0);
    ck_assert_uint_eq(d.compute_pgm_rsrc1, 0x600c0041);
    ck_assert_uint_eq(d.compute_pgm_rsrc2, 0x93);
    ck_assert_uint_eq(d.kernel_code_properties, 0x0c5e);
    ck_assert_uint_eq(d.kernarg_preload, 1);
}
END_TEST

START_TEST(name_tables)
{
    ck_assert_str_eq(isa_arg_kind_name(ISA_ARG_BY_VALUE), "by_value");
    ck_assert_str_eq(isa_arg_kind_name(ISA_ARG_HIDDEN_QUEUE_PTR), "hidden_queue_ptr");
    ck_assert_str_eq(isa_arg_kind_name(ISA_ARG_KIND_COUNT), "?");
    ck_assert(!isa_arg_kind_hidden(ISA_ARG_GLOBAL_BUFFER));
    ck_assert(isa_arg_kind_hidden(ISA_ARG_HIDDEN_NONE));
    ck_assert(!isa_arg_kind_hidden(ISA_ARG_KIND_COUNT));
    ck_assert_str_eq(isa_addr_space_name(ISA_AS_NONE), "");
    ck_assert_str_eq(isa_addr_space_name(ISA_AS_GLOBAL), "global");
    ck_assert_str_eq(isa_addr_space_name(ISA_AS_REGION), "region");
    ck_assert_str_eq(isa_addr_space_name(ISA_AS_COUNT), "?");
}
END_TEST

/* ------------------------------------------------------------------ good objects */

/* add1.kd and scale.kd as llvm-objdump -s -j .rodata prints them. */
static const uint8_t add1_kd[64] = {
    0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x38, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x40, 0x11, 0x00, 0x00, [48] = 0x00, 0x00, 0xac, 0x60, 0x84, 0x00, 0x00,
    0x00, 0x08, 0x04,
};

static void check_good(const struct isa_codeobj *co)
{
    const struct isa_kernel *k;
    const struct isa_kernel_arg *a;

    ck_assert_uint_eq(co->version, 5);
    ck_assert_uint_eq(co->e_flags, 0x41);
    ck_assert_str_eq(co->target, "gfx1100");
    /* llvm-readelf -l: LOADs at 0x0 (0x740), 0x1800 (0x10c), 0x2910 (0x70/0x6f0), align 0x1000 */
    ck_assert_uint_eq(co->image_bytes, 0x3000);
    ck_assert_uint_eq(co->image_align_bytes, 0x1000);
    ck_assert_uint_eq(co->image_vaddr, 0);
    ck_assert(co->has_metadata);
    ck_assert_uint_eq(co->md_version_major, 1);
    ck_assert_uint_eq(co->md_version_minor, 2);
    ck_assert_str_eq(co->md_target, "amdgcn-amd-amdhsa--gfx1100");
    ck_assert_uint_eq(co->kernel_count, 2);

    /* llvm-objdump -d: add1 at 0x1800 starts F4080100 F8000000; s_endpgm BFB00000 at 0x1828 */
    ck_assert_mem_eq(co->image + 0x1800, "\x00\x01\x08\xf4\x00\x00\x00\xf8", 8);
    ck_assert_mem_eq(co->image + 0x1828, "\x00\x00\xb0\xbf", 4);
    ck_assert_mem_eq(co->image + 0x06c0, add1_kd, 64);
    for (uint64_t i = 0x2980; i < 0x3000; i++)     /* .relro_padding: NOBITS, zero */
        ck_assert_uint_eq(co->image[i], 0);

    k = &co->kernels[0];
    ck_assert_str_eq(k->name, "add1");
    ck_assert_str_eq(k->symbol, "add1.kd");
    ck_assert_uint_eq(k->kd_offset_bytes, 0x6c0);
    ck_assert_uint_eq(k->code_offset_bytes, 0x1800);
    ck_assert_uint_eq(k->code_bytes, 0x100);       /* no .size: up to scale */
    ck_assert_mem_eq(k->kd_bytes, add1_kd, 64);
    ck_assert_uint_eq(k->kd.group_segment_fixed_bytes, 1024);
    ck_assert_uint_eq(k->kd.private_segment_fixed_bytes, 0);
    ck_assert_uint_eq(k->kd.kernarg_bytes, 56);
    ck_assert_int_eq(k->kd.kernel_code_entry_byte_offset, 0x1140);
    ck_assert_uint_eq(k->kd.compute_pgm_rsrc1, 0x60ac0000);
    ck_assert_uint_eq(k->kd.compute_pgm_rsrc2, 0x84);
    ck_assert_uint_eq(k->kd.compute_pgm_rsrc3, 0);
    ck_assert_uint_eq(k->kd.kernel_code_properties, 0x0408);
    ck_assert_uint_eq(k->kd.kernarg_preload, 0);
    ck_assert(k->has_metadata);
    ck_assert_str_eq(k->md_name, "add1");
    ck_assert_uint_eq(k->kernarg_segment_bytes, 56);
    ck_assert_uint_eq(k->kernarg_segment_align_bytes, 8);
    ck_assert_uint_eq(k->group_segment_fixed_bytes, 1024);
    ck_assert_uint_eq(k->private_segment_fixed_bytes, 0);
    ck_assert_uint_eq(k->wavefront_size, 32);
    ck_assert_uint_eq(k->sgpr_count, 8);
    ck_assert_uint_eq(k->vgpr_count, 2);
    ck_assert_uint_eq(k->max_flat_workgroup_size, 256);
    ck_assert_uint_eq(k->arg_count, 6);
    a = k->args;
    ck_assert_str_eq(a[0].name, "in");
    ck_assert_uint_eq(a[0].offset_bytes, 0);
    ck_assert_uint_eq(a[0].size_bytes, 8);
    ck_assert_int_eq(a[0].kind, ISA_ARG_GLOBAL_BUFFER);
    ck_assert_int_eq(a[0].address_space, ISA_AS_GLOBAL);
    ck_assert_str_eq(a[1].name, "out");
    ck_assert_uint_eq(a[1].offset_bytes, 8);
    ck_assert_int_eq(a[1].kind, ISA_ARG_GLOBAL_BUFFER);
    ck_assert_str_eq(a[2].name, "count");
    ck_assert_uint_eq(a[2].offset_bytes, 16);
    ck_assert_uint_eq(a[2].size_bytes, 4);
    ck_assert_int_eq(a[2].kind, ISA_ARG_BY_VALUE);
    ck_assert_int_eq(a[2].address_space, ISA_AS_NONE);
    ck_assert_str_eq(a[3].name, "");
    ck_assert_uint_eq(a[3].offset_bytes, 24);
    ck_assert_int_eq(a[3].kind, ISA_ARG_HIDDEN_BLOCK_COUNT_X);
    ck_assert_uint_eq(a[4].offset_bytes, 36);
    ck_assert_uint_eq(a[4].size_bytes, 2);
    ck_assert_int_eq(a[4].kind, ISA_ARG_HIDDEN_GROUP_SIZE_X);
    ck_assert_uint_eq(a[5].offset_bytes, 48);
    ck_assert_int_eq(a[5].kind, ISA_ARG_HIDDEN_DYNAMIC_LDS_SIZE);

    k = &co->kernels[1];
    ck_assert_str_eq(k->name, "scale");
    ck_assert_str_eq(k->md_name, "scale_source_name");
    ck_assert_uint_eq(k->kd_offset_bytes, 0x700);
    ck_assert_uint_eq(k->code_offset_bytes, 0x1900);
    ck_assert_uint_eq(k->code_bytes, 12);          /* .size scale */
    ck_assert_int_eq(k->kd.kernel_code_entry_byte_offset, 0x1200);
    ck_assert_uint_eq(k->kd.private_segment_fixed_bytes, 16);
    ck_assert_uint_eq(k->kd.kernarg_bytes, 4);
    ck_assert_uint_eq(k->kd.compute_pgm_rsrc2, 0x93);
    ck_assert_uint_eq(k->kd.kernel_code_properties, 0x0c5e);
    ck_assert_uint_eq(k->sgpr_count, 9);
    ck_assert_uint_eq(k->max_flat_workgroup_size, 1024);
    ck_assert_uint_eq(k->arg_count, 1);
    ck_assert_str_eq(k->args[0].name, "factor");
}

START_TEST(good_from_file)
{
    struct isa_codeobj *co;

    NEED_OBJECTS();
    co = load_ok("good");
    ck_assert_str_eq(co->source, path_of("good", "co"));
    check_good(co);
    isa_codeobj_free(co);
}
END_TEST

START_TEST(good_from_memory)
{
    struct isa_codeobj *co = NULL;
    uint8_t *bytes;
    size_t n;

    NEED_OBJECTS();
    bytes = read_all(path_of("good", "co"), &n);
    ck_assert_uint_eq(n, 3656);                    /* ls -l good.co */
    ck_assert_int_eq(isa_codeobj_load_memory(bytes, n, "mem.co", &co), 0);
    memset(bytes, 0, n);                           /* the loader kept its own copy */
    free(bytes);
    ck_assert_str_eq(co->source, "mem.co");
    check_good(co);
    isa_codeobj_free(co);

    bytes = read_all(path_of("good", "co"), &n);
    ck_assert_int_eq(isa_codeobj_load_memory(bytes, n, NULL, &co), 0);
    ck_assert_str_eq(co->source, "code object");
    isa_codeobj_free(co);
    free(bytes);
}
END_TEST

START_TEST(find_kernel)
{
    struct isa_codeobj *co;
    const struct isa_kernel *k = NULL;
    char expect[PATH_MAX + 64];

    NEED_OBJECTS();
    co = load_ok("good");
    ck_assert_int_eq(isa_codeobj_find_kernel(co, "add1", &k), 0);
    ck_assert_ptr_eq(k, &co->kernels[0]);
    ck_assert_int_eq(isa_codeobj_find_kernel(co, "scale.kd", &k), 0);
    ck_assert_ptr_eq(k, &co->kernels[1]);
    ck_assert_int_eq(isa_codeobj_find_kernel(co, "scale_source_name", &k), -ENOENT);
    ck_assert_ptr_null(k);
    ck_assert_int_eq(isa_codeobj_find_kernel(co, "add", &k), -ENOENT);
    snprintf(expect, sizeof(expect), "%s: no kernel 'add' (it has: add1, scale)",
             path_of("good", "co"));
    ck_assert_str_eq(amdpm4_last_error(), expect);
    ck_assert_int_eq(isa_codeobj_find_kernel(co, NULL, &k), -EINVAL);
    ck_assert_int_eq(isa_codeobj_find_kernel(NULL, "add1", &k), -EINVAL);
    isa_codeobj_free(co);
    isa_codeobj_free(NULL);
}
END_TEST

START_TEST(dispatch_values)
{
    struct isa_codeobj *co;
    struct isa_dispatch_info di;
    const struct isa_kernel *add1, *scale;

    NEED_OBJECTS();
    co = load_ok("good");
    add1 = &co->kernels[0];
    scale = &co->kernels[1];

    ck_assert_int_eq(isa_kernel_dispatch_info(add1, 0, &di), 0);
    ck_assert_uint_eq(di.compute_pgm_rsrc1, 0x60ac0000);
    ck_assert_uint_eq(di.compute_pgm_rsrc2, 0x84);
    ck_assert_uint_eq(di.compute_pgm_rsrc3, 0);
    ck_assert_uint_eq(di.lds_bytes, 1024);
    ck_assert_uint_eq(di.lds_granules, 2);
    ck_assert_uint_eq(di.scratch_bytes_per_lane, 0);
    ck_assert_uint_eq(di.scratch_bytes_per_wave, 0);
    ck_assert(!di.uses_dynamic_stack);
    ck_assert_uint_eq(di.kernarg_bytes, 56);
    ck_assert_uint_eq(di.user_sgpr_count, 2);
    ck_assert_uint_eq(di.user_sgpr_ranges, 1);
    ck_assert_int_eq(di.user_sgprs[0].what, ISA_KD_PROP_ENABLE_SGPR_KERNARG_SEGMENT_PTR);
    ck_assert_uint_eq(di.user_sgprs[0].first_sgpr, 0);
    ck_assert_uint_eq(di.user_sgprs[0].count, 2);

    ck_assert_int_eq(isa_kernel_dispatch_info(add1, 1, &di), 0);
    ck_assert_uint_eq(di.lds_bytes, 1025);
    ck_assert_uint_eq(di.lds_granules, 3);
    ck_assert_int_eq(isa_kernel_dispatch_info(add1, 65536 - 1024, &di), 0);
    ck_assert_uint_eq(di.lds_bytes, 65536);
    ck_assert_uint_eq(di.lds_granules, 128);
    ck_assert_int_eq(isa_kernel_dispatch_info(add1, 65536 - 1023, &di), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "kernel add1: 1024 bytes of static + 64513 bytes "
                     "of dynamic LDS exceed gfx1100's 65536");
    ck_assert_int_eq(isa_kernel_dispatch_info(add1, UINT32_MAX, &di), -EINVAL);
    ck_assert_int_eq(isa_kernel_dispatch_info(NULL, 0, &di), -EINVAL);

    /* s[0:1] dispatch_ptr, s[2:3] queue_ptr, s[4:5] kernarg, s[6:7] dispatch_id,
     * s8 private_segment_size: 9 = RSRC2 0x93 USER_SGPR [5:1] */
    ck_assert_int_eq(isa_kernel_dispatch_info(scale, 0, &di), 0);
    ck_assert_uint_eq(di.user_sgpr_count, 9);
    ck_assert_uint_eq(di.user_sgpr_ranges, 5);
    ck_assert_int_eq(di.user_sgprs[0].what, ISA_KD_PROP_ENABLE_SGPR_DISPATCH_PTR);
    ck_assert_int_eq(di.user_sgprs[1].what, ISA_KD_PROP_ENABLE_SGPR_QUEUE_PTR);
    ck_assert_uint_eq(di.user_sgprs[1].first_sgpr, 2);
    ck_assert_int_eq(di.user_sgprs[2].what, ISA_KD_PROP_ENABLE_SGPR_KERNARG_SEGMENT_PTR);
    ck_assert_uint_eq(di.user_sgprs[2].first_sgpr, 4);
    ck_assert_int_eq(di.user_sgprs[3].what, ISA_KD_PROP_ENABLE_SGPR_DISPATCH_ID);
    ck_assert_uint_eq(di.user_sgprs[3].first_sgpr, 6);
    ck_assert_int_eq(di.user_sgprs[4].what, ISA_KD_PROP_ENABLE_SGPR_PRIVATE_SEGMENT_SIZE);
    ck_assert_uint_eq(di.user_sgprs[4].first_sgpr, 8);
    ck_assert_uint_eq(di.user_sgprs[4].count, 1);
    ck_assert_uint_eq(di.scratch_bytes_per_lane, 16);
    ck_assert_uint_eq(di.scratch_bytes_per_wave, 512);
    ck_assert(di.uses_dynamic_stack);
    ck_assert_uint_eq(di.lds_granules, 0);

    isa_codeobj_free(co);
}
END_TEST

START_TEST(all_user_sgprs_in_order)
{
    struct isa_codeobj *co = NULL;
    struct isa_dispatch_info di;
    uint8_t *bytes;
    size_t n;
    static const struct { enum isa_kd_prop p; unsigned first, count; } want[] = {
        {ISA_KD_PROP_ENABLE_SGPR_PRIVATE_SEGMENT_BUFFER, 0, 4},
        {ISA_KD_PROP_ENABLE_SGPR_DISPATCH_PTR, 4, 2},
        {ISA_KD_PROP_ENABLE_SGPR_QUEUE_PTR, 6, 2},
        {ISA_KD_PROP_ENABLE_SGPR_KERNARG_SEGMENT_PTR, 8, 2},
        {ISA_KD_PROP_ENABLE_SGPR_DISPATCH_ID, 10, 2},
        {ISA_KD_PROP_ENABLE_SGPR_FLAT_SCRATCH_INIT, 12, 2},
        {ISA_KD_PROP_ENABLE_SGPR_PRIVATE_SEGMENT_SIZE, 14, 1},
    };

    NEED_OBJECTS();
    bytes = read_all(path_of("good", "co"), &n);
    put_le(bytes + 0x6c0 + 56, 0x047f, 2);         /* add1: bits 0-6 + wavefront_size32 */
    ck_assert_int_eq(isa_codeobj_load_memory(bytes, n, "patched", &co), 0);
    ck_assert_int_eq(isa_kernel_dispatch_info(&co->kernels[0], 0, &di), 0);
    ck_assert_uint_eq(di.user_sgpr_ranges, 7);
    ck_assert_uint_eq(di.user_sgpr_count, 15);
    for (unsigned i = 0; i < 7; i++) {
        ck_assert_int_eq(di.user_sgprs[i].what, want[i].p);
        ck_assert_uint_eq(di.user_sgprs[i].first_sgpr, want[i].first);
        ck_assert_uint_eq(di.user_sgprs[i].count, want[i].count);
    }
    isa_codeobj_free(co);
    free(bytes);
}
END_TEST

START_TEST(code_va)
{
    struct isa_codeobj *co;
    uint64_t va = 0;
    char expect[PATH_MAX + 64];

    NEED_OBJECTS();
    co = load_ok("good");
    ck_assert_int_eq(isa_kernel_code_va(co, &co->kernels[0], 0x100000000ull, &va), 0);
    ck_assert_uint_eq(va, 0x100001800ull);
    ck_assert_int_eq(isa_kernel_code_va(co, &co->kernels[1], 0x7fff00000000ull, &va), 0);
    ck_assert_uint_eq(va, 0x7fff00001900ull);
    ck_assert_int_eq(isa_kernel_code_va(co, &co->kernels[0], 0x100000100ull, &va), -EINVAL);
    snprintf(expect, sizeof(expect), "%s: image VA 0x100000100 is not 4096-byte aligned",
             path_of("good", "co"));
    ck_assert_str_eq(amdpm4_last_error(), expect);
    ck_assert_int_eq(isa_kernel_code_va(co, &co->kernels[0], 0xfffffffffffff000ull, &va),
                     -EINVAL);
    isa_codeobj_free(co);
}
END_TEST

START_TEST(listing_good)
{
    struct isa_codeobj *co;
    char *text = NULL, expect[4096];

    NEED_OBJECTS();
    co = load_ok("good");
    ck_assert_int_eq(isa_codeobj_listing(co, &text), 0);
    snprintf(expect, sizeof(expect),
             "%s: code object v5, gfx1100, image 12288 bytes (align 4096), 2 kernels\n"
             "kernel add1 (add1.kd)\n"
             "  descriptor  image+0x06c0\n"
             "  code        image+0x1800, 256 bytes\n"
             "  registers   SGPRs 8, VGPRs 2, wave32\n"
             "  workgroup   at most 256 work-items\n"
             "  lds         1024 bytes (2 granules of 512)\n"
             "  scratch     0 bytes per work-item\n"
             "  rsrc        RSRC1 0x60ac0000  RSRC2 0x00000084  RSRC3 0x00000000\n"
             "  properties  0x0408 kernarg_segment_ptr wavefront_size32\n"
             "  user sgprs  s[0:1] kernarg_segment_ptr\n"
             "  kernarg     56 bytes, aligned 8, 6 arguments\n"
             "    offset  size  name   kind                     space\n"
             "    0x0000     8  in     global_buffer            global\n"
             "    0x0008     8  out    global_buffer            global\n"
             "    0x0010     4  count  by_value                 -\n"
             "    0x0018     4         hidden_block_count_x     -\n"
             "    0x0024     2         hidden_group_size_x      -\n"
             "    0x0030     4         hidden_dynamic_lds_size  -\n"
             "kernel scale (scale.kd)\n"
             "  source name scale_source_name\n"
             "  descriptor  image+0x0700\n"
             "  code        image+0x1900, 12 bytes\n"
             "  registers   SGPRs 9, VGPRs 1, wave32\n"
             "  workgroup   at most 1024 work-items\n"
             "  lds         0 bytes (0 granules of 512)\n"
             "  scratch     16 bytes per work-item + dynamic stack\n"
             "  rsrc        RSRC1 0x60ac0000  RSRC2 0x00000093  RSRC3 0x00000000\n"
             "  properties  0x0c5e dispatch_ptr queue_ptr kernarg_segment_ptr dispatch_id "
             "private_segment_size wavefront_size32 uses_dynamic_stack\n"
             "  user sgprs  s[0:1] dispatch_ptr, s[2:3] queue_ptr, s[4:5] kernarg_segment_ptr, "
             "s[6:7] dispatch_id, s8 private_segment_size\n"
             "  kernarg     4 bytes, aligned 4, 1 argument\n"
             "    offset  size  name    kind      space\n"
             "    0x0000     4  factor  by_value  -\n",
             path_of("good", "co"));
    ck_assert_str_eq(text, expect);
    free(text);
    ck_assert_int_eq(isa_codeobj_listing(co, NULL), -EINVAL);
    isa_codeobj_free(co);
}
END_TEST

START_TEST(no_metadata)
{
    struct isa_codeobj *co;
    char *text = NULL, expect[2048];
    const struct isa_kernel *k;

    NEED_OBJECTS();
    co = load_ok("nometa");
    ck_assert(!co->has_metadata);
    ck_assert_ptr_null(co->md_target);
    ck_assert_uint_eq(co->kernel_count, 1);
    k = &co->kernels[0];
    ck_assert(!k->has_metadata);
    ck_assert_ptr_null(k->md_name);
    ck_assert_uint_eq(k->arg_count, 0);
    ck_assert_uint_eq(k->kd.kernarg_bytes, 8);
    ck_assert_uint_eq(k->code_bytes, 4);           /* s_endpgm to the end of .text */
    ck_assert_int_eq(isa_codeobj_listing(co, &text), 0);
    snprintf(expect, sizeof(expect),
             "%s: code object v5, gfx1100, image %llu bytes (align 4096), 1 kernel, "
             "no metadata\n"
             "kernel k (k.kd)\n"
             "  descriptor  image+0x%04llx\n"
             "  code        image+0x%04llx, 4 bytes\n"
             "  registers   wave32 (no metadata: SGPR/VGPR counts unknown)\n"
             "  lds         0 bytes (0 granules of 512)\n"
             "  scratch     0 bytes per work-item\n"
             "  rsrc        RSRC1 0x60ac0000  RSRC2 0x00000084  RSRC3 0x00000000\n"
             "  properties  0x0408 kernarg_segment_ptr wavefront_size32\n"
             "  user sgprs  s[0:1] kernarg_segment_ptr\n"
             "  kernarg     8 bytes (no metadata: layout unknown)\n",
             path_of("nometa", "co"), (unsigned long long)co->image_bytes,
             (unsigned long long)k->kd_offset_bytes, (unsigned long long)k->code_offset_bytes);
    ck_assert_str_eq(text, expect);
    free(text);
    isa_codeobj_free(co);
}
END_TEST

START_TEST(code_object_v4)
{
    struct isa_codeobj *co;

    NEED_OBJECTS();
    co = load_ok("v4");
    ck_assert_uint_eq(co->version, 4);
    ck_assert_uint_eq(co->md_version_minor, 1);
    ck_assert_str_eq(co->kernels[0].name, "k");
    isa_codeobj_free(co);
}
END_TEST

START_TEST(every_value_kind)
{
    struct isa_codeobj *co;
    const struct isa_kernel *k;
    char name[16];

    NEED_OBJECTS();
    co = load_ok("allkinds");
    k = &co->kernels[0];
    ck_assert_uint_eq(k->arg_count, ISA_ARG_KIND_COUNT);
    ck_assert_uint_eq(ISA_ARG_KIND_COUNT, 31);
    for (unsigned i = 0; i < k->arg_count; i++) {
        snprintf(name, sizeof(name), "a%u", i);
        ck_assert_str_eq(k->args[i].name, name);
        ck_assert_int_eq(k->args[i].kind, (int)i);
        ck_assert_uint_eq(k->args[i].offset_bytes, 8 * i);
    }
    isa_codeobj_free(co);
}
END_TEST

START_TEST(file_errors)
{
    struct isa_codeobj *co = (struct isa_codeobj *)1;

    ck_assert_int_eq(isa_codeobj_load_file("/nonexistent/x.co", &co), -ENOENT);
    ck_assert_ptr_null(co);
    ck_assert_str_eq(amdpm4_last_error(),
                     "/nonexistent/x.co: cannot open: No such file or directory");
    ck_assert_int_eq(isa_codeobj_load_file("/", &co), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "/: not a regular file");
    ck_assert_int_eq(isa_codeobj_load_file(NULL, &co), -EINVAL);
    ck_assert_int_eq(isa_codeobj_load_memory(NULL, 4, "x", &co), -EINVAL);
    ck_assert_int_eq(isa_codeobj_load_memory("x", 1, "x", NULL), -EINVAL);
    ck_assert_int_eq(isa_codeobj_load_memory(NULL, 0, "empty", &co), -ENOEXEC);
    ck_assert_str_eq(amdpm4_last_error(),
                     "empty: truncated: 0 bytes, shorter than an ELF64 header (64)");
    /* refused on size alone, before the bytes are touched */
    ck_assert_int_eq(isa_codeobj_load_memory("x", (256u << 20) + 1, "big", &co), -EFBIG);
    ck_assert_str_eq(amdpm4_last_error(), "big: 268435457 bytes, larger than any code "
                     "object amdpm4 loads (256 MiB)");
}
END_TEST

START_TEST(file_too_big)
{
    struct isa_codeobj *co = NULL;
    const char *path;
    char expect[PATH_MAX + 128];
    FILE *f;

    NEED_OBJECTS();
    path = path_of("sparse", "co");
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(ftruncate(fileno(f), (256 << 20) + 1), 0);    /* sparse */
    fclose(f);
    ck_assert_int_eq(isa_codeobj_load_file(path, &co), -EFBIG);
    snprintf(expect, sizeof(expect), "%s: 268435457 bytes, larger than any code object "
             "amdpm4 loads (256 MiB)", path);
    ck_assert_str_eq(amdpm4_last_error(), expect);
    unlink(path);
}
END_TEST

/* ------------------------------------------------------------------ refusals */

START_TEST(refuse_other_targets)
{
    NEED_OBJECTS();
    expect_refused("gfx1030", "co",
                   "built for gfx1030 (e_flags 0x36); amdpm4 runs gfx1100 code objects");
    expect_refused("gfx1101", "co",
                   "built for gfx1101 (e_flags 0x46); amdpm4 runs gfx1100 code objects");
}
END_TEST

START_TEST(refuse_wave64)
{
    NEED_OBJECTS();
    expect_refused("wave64", "co", "kernel k is wave64 (kernel descriptor "
                   "ENABLE_WAVEFRONT_SIZE32 clear); amdpm4 runs wave32 kernels");
    expect_refused("mdwave64", "co", "kernel k is wave64 (metadata .wavefront_size 64); "
                   "amdpm4 runs wave32 kernels");
}
END_TEST

START_TEST(refuse_versions_and_kinds)
{
    NEED_OBJECTS();
    expect_refused("v6", "co", "code object v6 (ELF ABI version 4) is not supported: "
                   "v4 and v5 are");
    expect_refused("v4md", "co", "metadata: amdhsa.version [1, 2] does not match "
                   "code object v4");
    expect_refused("good", "o", "a relocatable object (ET_REL), not a code object: "
                   "link it with ld.lld -shared");
    expect_refused("good", "s", "not an ELF file");
}
END_TEST

START_TEST(refuse_metadata_contradictions)
{
    NEED_OBJECTS();
    expect_refused("kernarg", "co", "metadata: kernel 'k': .kernarg_segment_size 16 "
                   "contradicts the kernel descriptor's kernarg_size 8");
    expect_refused("mdtarget", "co", "metadata: amdhsa.target 'amdgcn-amd-amdhsa--gfx1101' "
                   "is not amdgcn-amd-amdhsa--gfx1100");
    expect_refused("argout", "co", "metadata: kernel 'k': argument 1: bytes 12..20 lie "
                   "outside the 16-byte kernarg segment");
    expect_refused("overlap", "co", "metadata: kernel 'k': arguments 'b' and 'a' overlap "
                   "at kernarg byte 8");
    expect_refused("mdsym", "co", "metadata: kernel 'k': .symbol 'other.kd' is not a kernel "
                   "descriptor in the symbol table");
    expect_refused("mdmissing", "co", "kernel k2 has a kernel descriptor but no metadata");
    expect_refused("dynstack", "co", "metadata: kernel 'k': .uses_dynamic_stack true "
                   "contradicts the kernel descriptor's USES_DYNAMIC_STACK");
    expect_refused("ctrlname", "co", "metadata: kernel 0: .name contains control characters");
}
END_TEST

START_TEST(refuse_unaligned_entry)
{
    struct isa_codeobj *co = NULL;
    const char *msg;
    char prefix[PATH_MAX + 64];

    NEED_OBJECTS();
    ck_assert_int_eq(isa_codeobj_load_file(path_of("unaligned", "co"), &co), -ENOEXEC);
    msg = amdpm4_last_error();
    snprintf(prefix, sizeof(prefix), "%s: kernel k: code entry 0x", path_of("unaligned", "co"));
    ck_assert_msg(!strncmp(msg, prefix, strlen(prefix)), "%s", msg);
    ck_assert_ptr_nonnull(strstr(msg, "04 is not 256-byte aligned (COMPUTE_PGM_LO holds "
                                      "address >> 8; put .p2align 8 before it)"));
}
END_TEST

/* Patches of the good object: offsets from llvm-readelf (add1.kd at file
 * 0x6c0, the metadata note's descriptor at 0x200 + 12 + 8). */
START_TEST(refuse_patched)
{
    uint8_t *good, *b;
    size_t n;

    NEED_OBJECTS();
    good = read_all(path_of("good", "co"), &n);
    b = malloc(n);
    ck_assert_ptr_nonnull(b);
#define PATCH(off, val, bytes, msg)      \
    memcpy(b, good, n);                  \
    put_le(b + (off), (val), (bytes));   \
    expect_patch_refused(b, n, msg)

    PATCH(4, 1, 1, "ELF class 1, not ELF64");
    PATCH(5, 2, 1, "not a little-endian ELF file");
    PATCH(7, 65, 1, "OS ABI AMDGPU_PAL, not AMDGPU_HSA");
    PATCH(7, 0, 1, "OS ABI 0, not AMDGPU_HSA (64)");
    PATCH(8, 1, 1, "code object v3 (ELF ABI version 1) is not supported: v4 and v5 are");
    PATCH(18, 62, 2, "e_machine 62 is not EM_AMDGPU (224): not an AMDGPU code object");
    PATCH(48, 0x141, 4, "e_flags 0x141 sets xnack, which gfx1100 does not have");
    PATCH(48, 0x441, 4, "e_flags 0x441 sets sramecc, which gfx1100 does not have");
    PATCH(48, 0x1041, 4, "unknown e_flags bits 0x1041");
    PATCH(48, 0xff, 4, "built for an unknown target (e_flags machine 0x0ff); "
          "amdpm4 runs gfx1100 code objects");
    PATCH(48, 0x54, 4, "built for gfx11-generic (e_flags 0x54); amdpm4 runs gfx1100 "
          "code objects");
    PATCH(0x6c0 + 12, 1, 1, "kernel add1: kernel descriptor RESERVED0 (byte 12) is not zero");
    PATCH(0x6c0 + 43, 1, 1, "kernel add1: kernel descriptor RESERVED1 (byte 43) is not zero");
    PATCH(0x6c0 + 63, 1, 1, "kernel add1: kernel descriptor RESERVED3 (byte 63) is not zero");
    PATCH(0x6c0 + 56, 0x0488, 2, "kernel add1: kernel_code_properties 0x0488 sets "
          "reserved bits");
    PATCH(0x6c0 + 56, 0x8408, 2, "kernel add1: kernel_code_properties 0x8408 sets "
          "reserved bits");
    PATCH(0x6c0 + 56, 0x0008, 2, "kernel add1 is wave64 (kernel descriptor "
          "ENABLE_WAVEFRONT_SIZE32 clear); amdpm4 runs wave32 kernels");
    PATCH(0x6c0 + 58, 1, 2, "kernel add1: kernarg preload 0x0001; gfx1100 has no "
          "kernarg preload");
    PATCH(0x6c0, 65537, 4, "kernel add1: 65537 bytes of LDS exceed gfx1100's 65536");
    PATCH(0x6c0 + 16, 0, 8, "kernel add1: code entry 0x6c0 (descriptor +0) is outside "
          "the executable code");
    PATCH(0x6c0 + 16, 0x1140 + 0x10c, 8, "kernel add1: code entry 0x190c (descriptor "
          "+4684) is outside the executable code");
    PATCH(0x6c0 + 16, 0x8000000000000000ull, 8, "kernel add1: code entry offset "
          "-9223372036854775808 leaves the address space");
    PATCH(0x6c0 + 16, 0x7fffffffffffffffull, 8, "kernel add1: code entry 0x80000000000006bf "
          "(descriptor +9223372036854775807) is outside the executable code");
    PATCH(0x6c0 + 16, 0x1144, 8, "kernel add1: code entry 0x1804 is not 256-byte aligned "
          "(COMPUTE_PGM_LO holds address >> 8; put .p2align 8 before it)");
    /* metadata: a map header turned into an unused format byte, and into an
     * array32 claiming 4G elements (must not reach msgpack-c's allocator) */
    PATCH(0x214, 0xc1, 1, "metadata note is not valid msgpack (912 bytes)");
    PATCH(0x214, 0xffffffffddull, 5, "metadata note is not valid msgpack (912 bytes)");
#undef PATCH
    free(b);
    free(good);
}
END_TEST

/* ------------------------------------------------------------------ fuzz */

static uint64_t rng_state;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Load bytes; refusal must be -ENOEXEC with a "<name>: " message, acceptance
 * must give a code object whose every offset lies inside its image. */
static bool try_load(const uint8_t *bytes, size_t n, const char *name)
{
    struct isa_codeobj *co = NULL;
    size_t name_len = strlen(name);
    int r = isa_codeobj_load_memory(bytes, n, name, &co);

    if (r) {
        ck_assert_msg(r == -ENOEXEC, "%s: %d %s", name, r, amdpm4_last_error());
        ck_assert_ptr_null(co);
        ck_assert_msg(!strncmp(amdpm4_last_error(), name, name_len) &&
                      amdpm4_last_error()[name_len] == ':', "%s", amdpm4_last_error());
        return false;
    }
    ck_assert_uint_ge(co->kernel_count, 1);
    ck_assert_uint_ge(co->image_align_bytes, 256);
    for (uint32_t i = 0; i < co->kernel_count; i++) {
        const struct isa_kernel *k = &co->kernels[i];
        struct isa_dispatch_info di;
        const struct isa_kernel *found;

        ck_assert_uint_le(k->kd_offset_bytes + 64, co->image_bytes);
        ck_assert_uint_eq(k->code_offset_bytes % 256, 0);
        ck_assert_uint_le(k->code_offset_bytes + k->code_bytes, co->image_bytes);
        ck_assert_int_eq(isa_kernel_dispatch_info(k, 0, &di), 0);
        ck_assert_int_eq(isa_codeobj_find_kernel(co, k->name, &found), 0);
        for (uint32_t j = 0; j < k->arg_count; j++)
            ck_assert_uint_le((uint64_t)k->args[j].offset_bytes + k->args[j].size_bytes,
                              k->kernarg_segment_bytes);
    }
    {
        char *text = NULL;
        ck_assert_int_eq(isa_codeobj_listing(co, &text), 0);
        ck_assert_ptr_nonnull(text);
        free(text);
    }
    isa_codeobj_free(co);
    return true;
}

START_TEST(truncated_at_every_length)
{
    uint8_t *good;
    size_t n;

    NEED_OBJECTS();
    good = read_all(path_of("good", "co"), &n);
    for (size_t len = 0; len < n; len++) {
        /* a heap copy of exactly len bytes: reads past it are caught */
        uint8_t *t = malloc(len ? len : 1);
        ck_assert_ptr_nonnull(t);
        memcpy(t, good, len);
        ck_assert_msg(!try_load(t, len, "truncated"), "accepted at %zu bytes", len);
        ck_assert_msg(strstr(amdpm4_last_error(), ": truncated: "), "%zu: %s", len,
                      amdpm4_last_error());
        free(t);
    }
    free(good);
}
END_TEST

START_TEST(garbage)
{
    uint8_t buf[4096];

    rng_state = 0x9e3779b97f4a7c15ull;
    for (unsigned i = 0; i < 200; i++) {
        size_t n = rng() % sizeof(buf);
        for (size_t j = 0; j < n; j++)
            buf[j] = (uint8_t)rng();
        if (i & 1 && n >= 4)                 /* half of them start like an ELF file */
            memcpy(buf, "\177ELF", 4);
        ck_assert(!try_load(buf, n, "garbage"));
    }
}
END_TEST

/* Seeded mutations of the good object: a third anywhere, a third in the
 * headers and kernel descriptors, a third in the metadata note. */
START_TEST(mutations)
{
    static const uint64_t interesting[] = {
        0, 1, 0x40, 0xff, 0x100, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffffffffff0ull,
    };
    uint8_t *good, *b;
    size_t n;
    unsigned accepted = 0, refused = 0;

    NEED_OBJECTS();
    good = read_all(path_of("good", "co"), &n);
    b = malloc(n);
    ck_assert_ptr_nonnull(b);
    rng_state = 0x2545f4914f6cdd1dull;
    for (unsigned i = 0; i < 3000; i++) {
        unsigned edits = 1 + (unsigned)(rng() % 4);
        memcpy(b, good, n);
        for (unsigned e = 0; e < edits; e++) {
            size_t lo = 0, span = n, at;
            switch (rng() % 3) {
            case 1: lo = 0x000; span = 0x100; break;           /* ELF + program headers */
            case 2: lo = 0x200; span = 0x3a4; break;           /* .note (metadata) */
            default: break;
            }
            if (rng() % 4 == 0) {
                lo = 0x6c0;                                    /* the two KDs */
                span = 0x80;
            }
            at = lo + rng() % span;
            switch (rng() % 3) {
            case 0:
                b[at] = (uint8_t)rng();
                break;
            case 1:
                b[at] ^= (uint8_t)(1u << (rng() % 8));
                break;
            default:
                if (at + 8 <= n)
                    put_le(b + at, interesting[rng() % 9], 1u << (rng() % 4));
                break;
            }
        }
        if (try_load(b, n, "mutant"))
            accepted++;
        else
            refused++;
    }
    /* both paths exercised: measured 438 accepted, 2562 refused */
    ck_assert_uint_gt(accepted, 100);
    ck_assert_uint_gt(refused, 1000);
    free(b);
    free(good);
}
END_TEST

/* The fuzz case again, in-process under valgrind: any invalid read, use of
 * uninitialised memory or definite leak fails it. */
START_TEST(fuzz_under_valgrind)
{
    /* env(1) drops the simulator preload and any inherited CK_* selection
     * (which would make the child run this case again), then sets its own. */
    char *argv[] = {"/usr/bin/env", "-u", "LD_PRELOAD", "-u", "CK_RUN_SUITE", "-u", "CK_RUN_CASE",
                    "-u", "CK_FORK", "-u", "CK_VERBOSITY", "CK_RUN_SUITE=codeobj",
                    "CK_RUN_CASE=fuzz", "CK_FORK=no", "CK_VERBOSITY=normal",
                    "AMDPM4_CODEOBJ_UNDER_VALGRIND=1", "valgrind", "-q", "--error-exitcode=99",
                    "--exit-on-first-error=yes", "--leak-check=full",
                    "--errors-for-leak-kinds=definite,indirect",
                    (char *)test_build_path("tests/check_all"), NULL};
    struct test_run r;

    ck_assert_msg(!getenv("AMDPM4_CODEOBJ_UNDER_VALGRIND"), "recursive valgrind run");
    ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
    ck_assert_msg(r.exit_code == 0, "valgrind exit %d:\n%s%s", r.exit_code, r.out, r.err);
    ck_assert_str_eq(r.err, "");
    ck_assert_msg(strstr(r.out, "100%: Checks: 3, Failures: 0, Errors: 0"), "%s", r.out);
    test_run_free(&r);
}
END_TEST

Suite *codeobj_suite(void);
Suite *codeobj_suite(void)
{
    Suite *s = suite_create("codeobj");
    TCase *tc;

    tc = tcase_create("tables");
    tcase_add_test(tc, kd_table_matches_llvm_layout);
    tcase_add_test(tc, kd_props_match_llvm);
    tcase_add_test(tc, kd_decode_literal);
    tcase_add_test(tc, name_tables);
    suite_add_tcase(s, tc);

    tc = tcase_create("load");
    tcase_add_unchecked_fixture(tc, setup_objects, NULL);
    tcase_add_test(tc, good_from_file);
    tcase_add_test(tc, good_from_memory);
    tcase_add_test(tc, find_kernel);
    tcase_add_test(tc, dispatch_values);
    tcase_add_test(tc, all_user_sgprs_in_order);
    tcase_add_test(tc, code_va);
    tcase_add_test(tc, listing_good);
    tcase_add_test(tc, no_metadata);
    tcase_add_test(tc, code_object_v4);
    tcase_add_test(tc, every_value_kind);
    tcase_add_test(tc, file_errors);
    tcase_add_test(tc, file_too_big);
    suite_add_tcase(s, tc);

    tc = tcase_create("refuse");
    tcase_add_unchecked_fixture(tc, setup_objects, NULL);
    tcase_add_test(tc, refuse_other_targets);
    tcase_add_test(tc, refuse_wave64);
    tcase_add_test(tc, refuse_versions_and_kinds);
    tcase_add_test(tc, refuse_metadata_contradictions);
    tcase_add_test(tc, refuse_unaligned_entry);
    tcase_add_test(tc, refuse_patched);
    suite_add_tcase(s, tc);

    tc = tcase_create("fuzz");
    tcase_add_unchecked_fixture(tc, setup_objects, NULL);
    tcase_add_test(tc, truncated_at_every_length);
    tcase_add_test(tc, garbage);
    tcase_add_test(tc, mutations);
    suite_add_tcase(s, tc);

    tc = tcase_create("valgrind");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, fuzz_under_valgrind);
    suite_add_tcase(s, tc);
    return s;
}
