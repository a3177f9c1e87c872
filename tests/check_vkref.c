/* tests/check_vkref.c — the Vulkan reference engine on lavapipe, with the
 * validation layer on (any message fails the test): every op against the
 * CPU reference on the shapes of issue 6 (1×1×1, primes, off-tile sizes,
 * 512³ once; attention with Sq != Skv, causal or not, D 64 and 128,
 * B·H > 1, Skv off the key block; copy/fill off 16 bytes), with staging
 * forced and not, the 16-bit and the fp32-fallback shaders; device choice,
 * the loader restriction under the simulator, limits.
 *
 * Each test opens its own device (Check forks per test), so pipelines are
 * compiled per test: shapes are grouped to keep the suite near 20 s. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amdpm4.h"
#include "kernels/ops.h"
#include "vkref/vkref.h"
#include "vkref/vkref_int.h"

#define LAVAPIPE "llvmpipe"

static struct vkref *open_lvp(bool staging, bool fp32, bool flush)
{
    struct vkref_options o = {
        .device = LAVAPIPE,
        .validation = true,
        .force_staging = staging,
        .force_fp32 = fp32,
        .force_flush = flush,
    };
    struct vkref *vk = NULL;
    int r = vkref_open(&o, &vk);

    ck_assert_msg(r == 0, "vkref_open(lavapipe): %s", amdpm4_last_error());
    ck_assert(vkref_info(vk)->validation);
    ck_assert_int_eq(vkref_info(vk)->f16_native, !fp32);
    return vk;
}

static void no_messages(struct vkref *vk)
{
    const char *first;
    uint32_t n = vkref_validation_count(vk, &first);
    ck_assert_msg(n == 0, "%u validation message(s), first: %s", n, first ? first : "");
}

/* Run s once on vk, check every output against the CPU reference. */
static void run_and_check(struct vkref *vk, const struct kern_shape *s, bool staged)
{
    struct kern_bufs b;
    struct vkref_report rep;
    struct kern_cmp c[KERN_MAX_ARGS];
    char shape[160], idx[64];
    unsigned n;
    int r;

    kern_shape_str(s, shape, sizeof(shape));
    ck_assert_int_eq(kern_bufs_alloc(s, 1, &b), 0);
    r = vkref_run(vk, &b, &(struct vkref_run_opts){.iters = 1}, &rep);
    ck_assert_msg(r == 0, "%s %s: %s", kern_op_name(s->op), shape, amdpm4_last_error());
    ck_assert_msg(rep.staged == staged, "%s %s: staged %d", kern_op_name(s->op), shape,
                  rep.staged);
    ck_assert_uint_eq(rep.n_placements, b.n);
    for (unsigned i = 0; i < rep.n_placements; i++) {
        ck_assert_uint_eq(rep.placement[i].staged, staged);
        ck_assert_uint_eq(rep.placement[i].size_bytes, b.arg[i].size_bytes);
        ck_assert_uint_eq(rep.placement[i].buffer_bytes % 16, 0);
        if (staged)
            ck_assert_uint_eq(rep.placement[i].staging_flags &
                                  (VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                   VK_MEMORY_PROPERTY_HOST_COHERENT_BIT),
                              VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                  VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    }
    ck_assert_uint_eq(rep.n_iters, 1);
    ck_assert_msg(rep.iter[0].gpu_ns > 0, "no GPU time");
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
    for (unsigned j = 0; j < n; j++) {
        unsigned a = b.n - n + j;       /* outputs come last */
        if (c[j].n_shown)
            kern_index_str(&b.arg[a], c[j].shown[0].index, idx, sizeof(idx));
        ck_assert_msg(c[j].pass, "%s %s (%s): %s: %llu of %llu beyond tolerance, first %s got %.9g "
                      "want %.9g tol %.3g", kern_op_name(s->op), shape, rep.shader, c[j].arg,
                      (unsigned long long)c[j].n_bad, (unsigned long long)c[j].n_compared,
                      c[j].n_shown ? idx : "-", c[j].n_shown ? c[j].shown[0].got : 0,
                      c[j].n_shown ? c[j].shown[0].want : 0, c[j].n_shown ? c[j].shown[0].tol : 0);
    }
    vkref_report_free(&rep);
    kern_bufs_free(&b);
    no_messages(vk);
}

static struct kern_shape matmul(enum kern_op op, uint32_t m, uint32_t n, uint32_t k,
                                enum kern_dtype out)
{
    struct kern_shape s;
    kern_shape_default(op, &s);
    s.mm.m = m;
    s.mm.n = n;
    s.mm.k = k;
    s.mm.out = out;
    return s;
}

static struct kern_shape attention(uint32_t b, uint32_t h, uint32_t sq, uint32_t skv, uint32_t d,
                                   bool causal)
{
    struct kern_shape s;
    char dim[8];
    kern_shape_default(KERN_OP_ATTENTION_F16, &s);
    s.attn.batch = b;
    s.attn.heads = h;
    s.attn.seq = sq;
    s.attn.seq_kv = skv;
    s.attn.causal = causal;
    snprintf(dim, sizeof(dim), "%u", d);
    ck_assert_int_eq(kern_shape_set(&s, "dim", dim), 0);      /* scale = 1/sqrt(d) */
    return s;
}

static struct kern_shape mem(enum kern_op op, uint64_t bytes, enum kern_placement p)
{
    struct kern_shape s;
    kern_shape_default(op, &s);
    s.mem.bytes = bytes;
    s.mem.placement = p;
    return s;
}

/* ---------------------------------------------------------------- matmul */

START_TEST(matmul_f32_shapes)
{
    struct vkref *vk = open_lvp(false, false, false);
    const uint32_t shapes[][3] = {{1, 1, 1}, {127, 65, 33}, {129, 257, 17}, {512, 512, 512}};

    for (unsigned i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        struct kern_shape s = matmul(KERN_OP_MATMUL_F32, shapes[i][0], shapes[i][1],
                                     shapes[i][2], KERN_F32);
        run_and_check(vk, &s, false);
    }
    vkref_close(vk);
}
END_TEST

START_TEST(matmul_f32_staged)
{
    struct vkref *vk = open_lvp(true, false, false);
    struct kern_shape s = matmul(KERN_OP_MATMUL_F32, 1, 1, 1, KERN_F32);

    run_and_check(vk, &s, true);
    s = matmul(KERN_OP_MATMUL_F32, 127, 65, 33, KERN_F32);
    run_and_check(vk, &s, true);
    vkref_close(vk);
}
END_TEST

/* fp16 shapes: N odd (131) puts fp16 output pairs across rows. */
static void matmul_f16_shapes(bool staging, bool fp32)
{
    struct vkref *vk = open_lvp(staging, fp32, false);
    const uint32_t shapes[][3] = {{1, 1, 1}, {127, 65, 33}, {130, 131, 129}};

    for (int out = 0; out < 2; out++)
        for (unsigned i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
            struct kern_shape s = matmul(KERN_OP_MATMUL_F16, shapes[i][0], shapes[i][1],
                                         shapes[i][2], out ? KERN_F16 : KERN_F32);
            if (staging && i == 2)
                continue;
            run_and_check(vk, &s, staging);
        }
    vkref_close(vk);
}

START_TEST(matmul_f16_native)
{
    matmul_f16_shapes(false, false);
}
END_TEST

START_TEST(matmul_f16_fallback)
{
    matmul_f16_shapes(false, true);
}
END_TEST

START_TEST(matmul_f16_staged)
{
    matmul_f16_shapes(true, false);
}
END_TEST

/* ---------------------------------------------------------------- attention */

/* B, H, Sq, Skv, D, causal.  Skv 47, 20, 100, 72: not multiples of the
 * 32-key block; Sq 50 > Skv 20 causal: the first 30 rows see no key. */
static const uint32_t attn_shapes[][6] = {
    {1, 1, 1, 1, 64, 0},
    {2, 3, 33, 47, 64, 1},
    {1, 2, 50, 20, 128, 1},
    {1, 1, 17, 100, 128, 0},
    {1, 1, 40, 72, 64, 1},
};

static void attention_shapes(bool staging, bool fp32, unsigned first, unsigned count)
{
    struct vkref *vk = open_lvp(staging, fp32, false);

    for (unsigned i = first; i < first + count; i++) {
        const uint32_t *a = attn_shapes[i];
        struct kern_shape s = attention(a[0], a[1], a[2], a[3], a[4], a[5]);
        run_and_check(vk, &s, staging);
    }
    vkref_close(vk);
}

START_TEST(attention_native)
{
    attention_shapes(false, false, 0, 5);
}
END_TEST

START_TEST(attention_fallback)
{
    attention_shapes(false, true, 1, 2);
}
END_TEST

START_TEST(attention_staged)
{
    attention_shapes(true, false, 1, 2);
}
END_TEST

/* ---------------------------------------------------------------- copy, fill, empty */

static const uint64_t mem_sizes[] = {1, 3, 15, 17, 4097, 1000003};

static void mem_shapes(bool staging, bool flush)
{
    struct vkref *vk = open_lvp(staging, false, flush);

    for (int op = 0; op < 2; op++)
        for (unsigned i = 0; i < sizeof(mem_sizes) / sizeof(mem_sizes[0]); i++) {
            struct kern_shape s = mem(op ? KERN_OP_FILL : KERN_OP_COPY, mem_sizes[i],
                                      KERN_PLACE_VRAM);
            run_and_check(vk, &s, staging);
        }
    vkref_close(vk);
}

START_TEST(copy_fill)
{
    mem_shapes(false, false);
}
END_TEST

START_TEST(copy_fill_staged)
{
    mem_shapes(true, false);
}
END_TEST

/* Mapped memory handled as non-coherent: the validation layer checks every
 * flush/invalidate range against nonCoherentAtomSize. */
START_TEST(noncoherent_flush)
{
    struct vkref *vk = open_lvp(false, false, true);
    struct kern_shape s = mem(KERN_OP_COPY, 4097, KERN_PLACE_VRAM);

    ck_assert_uint_eq(vkref_info(vk)->non_coherent_atom_bytes, 64);  /* lavapipe's */
    run_and_check(vk, &s, false);
    s = matmul(KERN_OP_MATMUL_F32, 3, 5, 7, KERN_F32);
    run_and_check(vk, &s, false);
    vkref_close(vk);
}
END_TEST

/* Placements map to memory properties; lavapipe has one memory type
 * (DEVICE_LOCAL|HOST_VISIBLE|HOST_COHERENT|HOST_CACHED), which satisfies
 * all three. */
START_TEST(placements)
{
    struct vkref *vk = open_lvp(false, false, false);
    const enum kern_placement places[] = {KERN_PLACE_VRAM, KERN_PLACE_VIS_VRAM, KERN_PLACE_GTT};
    char flags[128];

    for (unsigned i = 0; i < 3; i++) {
        struct kern_shape s = mem(KERN_OP_FILL, 100, places[i]);
        struct kern_bufs b;
        struct vkref_report rep;
        ck_assert_int_eq(kern_bufs_alloc(&s, 1, &b), 0);
        ck_assert_int_eq(vkref_run(vk, &b, NULL, &rep), 0);
        ck_assert_uint_eq(rep.n_placements, 1);
        ck_assert_str_eq(rep.placement[0].arg, "dst");
        ck_assert_uint_eq(rep.placement[0].buffer_bytes, 112);
        ck_assert_uint_eq(rep.placement[0].memory_type, 0);
        ck_assert_uint_eq(rep.placement[0].heap, 0);
        vkref_memory_flags_str(rep.placement[0].type_flags, flags, sizeof(flags));
        ck_assert_str_eq(flags, "DEVICE_LOCAL|HOST_VISIBLE|HOST_COHERENT|HOST_CACHED");
        ck_assert(rep.placement[0].heap_flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT);
        vkref_report_free(&rep);
        kern_bufs_free(&b);
    }
    no_messages(vk);
    vkref_close(vk);
}
END_TEST

START_TEST(empty_dispatches)
{
    struct vkref *vk = open_lvp(false, false, false);
    struct kern_shape s;
    struct kern_bufs b;
    struct vkref_report rep;
    struct kern_cmp c[KERN_MAX_ARGS];
    unsigned n;

    kern_shape_default(KERN_OP_EMPTY, &s);
    s.count = 3;
    ck_assert_int_eq(kern_bufs_alloc(&s, 1, &b), 0);
    ck_assert_int_eq(vkref_run(vk, &b, &(struct vkref_run_opts){.iters = 4, .warmup = 1}, &rep),
                     0);
    ck_assert_str_eq(rep.shader, "empty");
    ck_assert_uint_eq(rep.dispatches, 3);
    ck_assert_uint_eq(rep.n_placements, 0);
    ck_assert_uint_eq(rep.n_iters, 4);
    for (unsigned i = 0; i < 4; i++)
        ck_assert(rep.iter[i].gpu_ns > 0 && rep.iter[i].wait_ns > 0);
    ck_assert(vkref_median_ns(&rep, offsetof(struct vkref_iter_ns, gpu_ns)) > 0);
    ck_assert_int_eq(kern_check(&b, NULL, 0, c, &n), 0);
    ck_assert_uint_eq(n, 0);
    vkref_report_free(&rep);
    kern_bufs_free(&b);
    no_messages(vk);
    vkref_close(vk);
}
END_TEST

/* ---------------------------------------------------------------- limits, errors */

START_TEST(beyond_max_storage_buffer_range)
{
    struct vkref *vk = open_lvp(false, false, false);
    const uint64_t range = vkref_info(vk)->max_storage_buffer_range_bytes;
    struct kern_shape s = mem(KERN_OP_FILL, range + 1, KERN_PLACE_VRAM);
    struct kern_bufs b;
    struct vkref_report rep;
    char want[768];

    ck_assert_uint_eq(range, 134217728);        /* lavapipe's: 128 MiB */
    ck_assert_int_eq(kern_bufs_alloc(&s, 1, &b), 0);
    ck_assert_int_eq(vkref_run(vk, &b, NULL, &rep), -E2BIG);
    snprintf(want, sizeof(want), "fill on %s: dst needs a 134217744-byte storage buffer; %s binds "
             "at most 134217728 bytes (maxStorageBufferRange): use a smaller shape",
             vkref_info(vk)->dev.name, vkref_info(vk)->dev.name);
    ck_assert_str_eq(amdpm4_last_error(), want);
    ck_assert_ptr_null(rep.iter);
    /* the device is still usable */
    kern_bufs_free(&b);
    s.mem.bytes = 16;
    run_and_check(vk, &s, false);
    vkref_close(vk);
}
END_TEST

START_TEST(run_bad_input)
{
    struct vkref *vk = open_lvp(false, false, false);
    struct kern_shape s = matmul(KERN_OP_MATMUL_F32, 2, 2, 2, KERN_F32);
    struct kern_bufs b;
    struct vkref_report rep;
    void *saved;

    ck_assert_int_eq(kern_bufs_alloc(&s, 1, &b), 0);
    saved = b.data[1];
    b.data[1] = NULL;
    ck_assert_int_eq(vkref_run(vk, &b, NULL, &rep), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "argument B has no host buffer");
    b.data[1] = saved;
    b.shape.mm.k = 0;
    ck_assert_int_eq(vkref_run(vk, &b, NULL, &rep), -EINVAL);
    kern_bufs_free(&b);
    no_messages(vk);
    vkref_close(vk);
}
END_TEST

/* ---------------------------------------------------------------- devices */

static struct vkref_device_info fake(uint32_t index, const char *name, const char *type,
                                     VkPhysicalDeviceType t, bool excluded)
{
    struct vkref_device_info d = {.index = index, .type = type, .vk_type = (uint32_t)t,
                                  .excluded = excluded};
    snprintf(d.name, sizeof(d.name), "%s", name);
    return d;
}

START_TEST(choose_device)
{
    struct vkref_device_info d[4] = {
        fake(0, "llvmpipe (LLVM 15.0.6, 256 bits)", "CPU", VK_PHYSICAL_DEVICE_TYPE_CPU, false),
        fake(1, "Intel(R) UHD Graphics 770", "integrated GPU",
             VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU, false),
        fake(2, "NVIDIA H100 80GB HBM3", "discrete GPU", VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU,
             false),
        fake(3, "AMD Radeon RX 7900 XTX (RADV NAVI31)", "discrete GPU",
             VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU, true),
    };
    uint32_t pick = 99;

    /* default: discrete over integrated over CPU, never an excluded one */
    ck_assert_int_eq(vkref_choose_device(d, 4, NULL, &pick), 0);
    ck_assert_uint_eq(pick, 2);
    ck_assert_int_eq(vkref_choose_device(d, 2, "", &pick), 0);
    ck_assert_uint_eq(pick, 1);
    ck_assert_int_eq(vkref_choose_device(d, 1, NULL, &pick), 0);
    ck_assert_uint_eq(pick, 0);
    /* by index, by name substring (case-insensitive) */
    ck_assert_int_eq(vkref_choose_device(d, 4, "1", &pick), 0);
    ck_assert_uint_eq(pick, 1);
    ck_assert_int_eq(vkref_choose_device(d, 4, "h100", &pick), 0);
    ck_assert_uint_eq(pick, 2);
    ck_assert_int_eq(vkref_choose_device(d, 4, "LLVMPIPE", &pick), 0);
    ck_assert_uint_eq(pick, 0);
    /* the excluded AMD device cannot be chosen, even by name or index */
    ck_assert_int_eq(vkref_choose_device(d, 4, "radv", &pick), -EPERM);
    ck_assert_str_eq(amdpm4_last_error(), "Vulkan device 3 (AMD Radeon RX 7900 XTX (RADV NAVI31))"
                     " is an AMD GPU while the simulated gfx1100 is loaded: it could be the "
                     "simulated device, which the reference must never run on");
    ck_assert_int_eq(vkref_choose_device(d, 4, "3", &pick), -EPERM);
    ck_assert_int_eq(vkref_choose_device(&d[3], 1, NULL, &pick), -ENODEV);
    ck_assert_str_eq(amdpm4_last_error(), "no usable Vulkan device (devices: 0: AMD Radeon RX "
                     "7900 XTX (RADV NAVI31) (discrete GPU, excluded))");
    ck_assert_int_eq(vkref_choose_device(d, 2, "7", &pick), -ENODEV);
    ck_assert_str_eq(amdpm4_last_error(), "no Vulkan device 7 (devices: 0: llvmpipe (LLVM 15.0.6, "
                     "256 bits) (CPU); 1: Intel(R) UHD Graphics 770 (integrated GPU))");
    ck_assert_int_eq(vkref_choose_device(d, 1, "geforce", &pick), -ENODEV);
    ck_assert_str_eq(amdpm4_last_error(), "no Vulkan device matches 'geforce' (devices: 0: "
                     "llvmpipe (LLVM 15.0.6, 256 bits) (CPU))");
    ck_assert_int_eq(vkref_choose_device(d, 0, NULL, &pick), -ENODEV);
    ck_assert_str_eq(amdpm4_last_error(), "no Vulkan device found");
}
END_TEST

START_TEST(open_errors)
{
    struct vkref *vk = (struct vkref *)1;

    ck_assert_int_eq(vkref_open(&(struct vkref_options){.device = "99"}, &vk), -ENODEV);
    ck_assert_ptr_null(vk);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "no Vulkan device 99"));
    ck_assert_int_eq(vkref_open(&(struct vkref_options){.device = "no-such-gpu"}, &vk), -ENODEV);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "no Vulkan device matches 'no-such-gpu'"));
    vkref_close(NULL);
}
END_TEST

/* Under the simulator the loader is restricted to lavapipe for the process:
 * the default choice is then lavapipe, and the report says so. */
START_TEST(simulator_restricts_loader)
{
    struct vkref_options o = {.validation = true, .simulator = VKREF_SIM_YES};
    struct vkref_device_info *devs;
    struct vkref_loader_info li;
    struct vkref *vk;
    const char *df;
    uint32_t n;

    unsetenv("VK_DRIVER_FILES");
    unsetenv("VK_ICD_FILENAMES");
    ck_assert_int_eq(vkref_list_devices(&o, &devs, &n, &li), 0);
    ck_assert(li.simulator && li.restricted);
    df = getenv("VK_DRIVER_FILES");
    ck_assert_ptr_nonnull(df);
    ck_assert_ptr_nonnull(strstr(df, "/lvp_icd"));
    ck_assert_str_eq(getenv("VK_ICD_FILENAMES"), df);
    ck_assert_ptr_nonnull(strstr(li.note, "Vulkan loader restricted to lavapipe"));
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(devs[0].type, "CPU");
    ck_assert_str_eq(devs[0].driver_name, "llvmpipe");
    free(devs);

    ck_assert_int_eq(vkref_open(&o, &vk), 0);
    ck_assert(vkref_info(vk)->loader.restricted);
    ck_assert_ptr_nonnull(strstr(vkref_info(vk)->dev.name, "llvmpipe"));
    no_messages(vk);
    vkref_close(vk);
}
END_TEST

/* Drivers the user chose are kept, and said to be kept. */
START_TEST(simulator_keeps_user_drivers)
{
    struct vkref_device_info *devs;
    struct vkref_loader_info li;
    uint32_t n;

    setenv("VK_DRIVER_FILES", "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json", 1);
    ck_assert_int_eq(vkref_list_devices(&(struct vkref_options){.simulator = VKREF_SIM_YES},
                                        &devs, &n, &li), 0);
    ck_assert(li.simulator && !li.restricted);
    ck_assert_str_eq(li.note, "simulated gfx1100 loaded: the Vulkan drivers chosen by "
                     "VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json are kept; AMD "
                     "devices are excluded from the reference");
    free(devs);
    /* the loader honours the variable: pointing it nowhere leaves no driver */
    setenv("VK_DRIVER_FILES", "/nonexistent/icd.json", 1);
    ck_assert_int_eq(vkref_list_devices(&(struct vkref_options){.simulator = VKREF_SIM_YES},
                                        &devs, &n, &li), -ENODEV);
    ck_assert_ptr_nonnull(strstr(amdpm4_last_error(), "no Vulkan driver found"));
    unsetenv("VK_DRIVER_FILES");
    /* without the simulator nothing is touched */
    ck_assert_int_eq(vkref_list_devices(&(struct vkref_options){.simulator = VKREF_SIM_NO},
                                        &devs, &n, &li), 0);
    ck_assert(!li.simulator && !li.restricted);
    ck_assert_str_eq(li.note, "");
    free(devs);
}
END_TEST

START_TEST(memory_flag_names)
{
    char buf[128];

    vkref_memory_flags_str(VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, buf, sizeof(buf));
    ck_assert_str_eq(buf, "DEVICE_LOCAL");
    vkref_memory_flags_str(VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                               VK_MEMORY_PROPERTY_HOST_COHERENT_BIT | 0x8000u, buf, sizeof(buf));
    ck_assert_str_eq(buf, "HOST_VISIBLE|HOST_COHERENT|0x8000");
    vkref_memory_flags_str(0, buf, sizeof(buf));
    ck_assert_str_eq(buf, "0");
}
END_TEST

Suite *vkref_suite(void);
Suite *vkref_suite(void)
{
    Suite *s = suite_create("vkref");
    TCase *ops = tcase_create("ops");
    TCase *mem_tc = tcase_create("memory");
    TCase *dev = tcase_create("devices");

    /* lavapipe on 2 cores: compiles take seconds, not Check's default 4 */
    tcase_set_timeout(ops, 120);
    tcase_set_timeout(mem_tc, 60);
    tcase_set_timeout(dev, 60);
    tcase_add_test(ops, matmul_f32_shapes);
    tcase_add_test(ops, matmul_f32_staged);
    tcase_add_test(ops, matmul_f16_native);
    tcase_add_test(ops, matmul_f16_fallback);
    tcase_add_test(ops, matmul_f16_staged);
    tcase_add_test(ops, attention_native);
    tcase_add_test(ops, attention_fallback);
    tcase_add_test(ops, attention_staged);
    tcase_add_test(ops, copy_fill);
    tcase_add_test(ops, copy_fill_staged);
    tcase_add_test(ops, empty_dispatches);
    tcase_add_test(mem_tc, noncoherent_flush);
    tcase_add_test(mem_tc, placements);
    tcase_add_test(mem_tc, beyond_max_storage_buffer_range);
    tcase_add_test(mem_tc, run_bad_input);
    tcase_add_test(mem_tc, memory_flag_names);
    tcase_add_test(dev, choose_device);
    tcase_add_test(dev, open_errors);
    tcase_add_test(dev, simulator_restricts_loader);
    tcase_add_test(dev, simulator_keeps_user_drivers);
    suite_add_tcase(s, ops);
    suite_add_tcase(s, mem_tc);
    suite_add_tcase(s, dev);
    return s;
}
