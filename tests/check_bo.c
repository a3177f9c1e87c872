/*
 * tests/check_bo.c — devices and buffer objects on the simulated gfx1100:
 * enumeration, open, info, the gfx11 id table, allocation in each
 * placement, exact placement and out-of-memory messages, accounting,
 * uploads and downloads (direct and staged through SDMA) of awkward sizes,
 * a small visible-VRAM window, and buffers shared between threads.
 *
 * Expected values are the simulated RX 7900 XTX's (sim/navi31.c, Mesa's
 * gfx1100 capture), written out here.  Each test opens its own device (Check
 * forks per test; the simulator's engine threads do not survive a fork).
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amdpm4.h"
#include "bo/device.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

/* The simulated board's heaps (sim/navi31.c). */
#define SIM_VRAM_BYTES 25753026560ull
#define SIM_VRAM_PIN_BYTES 63541248ull
#define SIM_GTT_BYTES 33254252544ull

static amdpm4_device *open_dev(void)
{
    amdpm4_device *dev = NULL;
    int r = amdpm4_device_open(0, &dev);

    ck_assert_msg(r == 0, "open: %d %s", r, amdpm4_last_error());
    return dev;
}

/* A byte pattern that differs at every offset of a 4 KiB page and between
 * buffers (seed). */
static void pattern(uint8_t *p, size_t n, unsigned seed)
{
    uint32_t x = 0x9E3779B9u * (seed + 1);

    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (uint8_t)x;
    }
}

/* ================================================================ devices */

START_TEST(enumerate_finds_the_simulated_gpu)
{
    struct amdpm4_device_entry e[4];
    unsigned n = 99;

    memset(e, 0xAA, sizeof(e));
    ck_assert_int_eq(amdpm4_enumerate(e, 4, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(e[0].render_path, "/dev/dri/renderD128");
    ck_assert_str_eq(e[0].pci_slot, "0000:03:00.0");
    ck_assert_uint_eq(e[0].vendor_id, 0x1002);
    ck_assert_uint_eq(e[0].device_id, 0x744C);
    ck_assert_uint_eq(e[0].revision_id, 0xC8);
    /* counting only */
    n = 0;
    ck_assert_int_eq(amdpm4_enumerate(NULL, 0, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(amdpm4_enumerate(e, 4, NULL), -EINVAL);
    ck_assert_int_eq(amdpm4_enumerate(NULL, 2, &n), -EINVAL);
}
END_TEST

START_TEST(open_by_index_and_path)
{
    amdpm4_device *dev = (amdpm4_device *)1;

    ck_assert_int_eq(amdpm4_device_open(1, &dev), -ENODEV);
    ck_assert_ptr_null(dev);
    ck_assert_str_eq(amdpm4_last_error(), "no AMD GPU 1: 1 found (indices 0..0)");
    ck_assert_int_eq(amdpm4_device_open_path("/nonexistent/renderD200", &dev), -ENODEV);
    ck_assert_str_eq(amdpm4_last_error(),
                     "cannot open /nonexistent/renderD200: No such file or directory");
    ck_assert_int_eq(amdpm4_device_open_path("/dev/null", &dev), -ENODEV);
    ck_assert_str_eq(amdpm4_last_error(),
                     "/dev/null is not a DRM device (DRM_IOCTL_VERSION failed)");
    ck_assert_int_eq(amdpm4_device_open_path(NULL, &dev), -EINVAL);
    ck_assert_int_eq(amdpm4_device_open(0, NULL), -EINVAL);
    ck_assert_int_eq(amdpm4_device_open_path("/dev/dri/renderD128", &dev), 0);
    ck_assert_ptr_nonnull(dev);
    amdpm4_device_close(dev);
    amdpm4_device_close(NULL);
}
END_TEST

/* What /usr/share/libdrm/amdgpu.ids says about 744C rev C8 ("" if nothing):
 * read here with plain string matching, independently of bo/device.c. */
static void ids_name(char *out, size_t bytes)
{
    FILE *f = fopen("/usr/share/libdrm/amdgpu.ids", "r");
    char line[256];

    out[0] = '\0';
    while (f && fgets(line, sizeof(line), f)) {
        if (!strncmp(line, "744C,\tC8,\t", 10)) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(out, bytes, "%.127s", line + 10);
        }
    }
    if (f)
        fclose(f);
}

START_TEST(info_reports_the_board)
{
    amdpm4_device *dev = open_dev();
    struct amdpm4_device_info i;
    char name[128];

    ck_assert_int_eq(amdpm4_device_info(dev, &i), 0);
    ids_name(name, sizeof(name));
    ck_assert_str_eq(i.marketing_name, name);
    ck_assert_str_eq(i.gfx_target, "gfx1100");
    ck_assert_str_eq(i.chip_name, "navi31");
    ck_assert_str_eq(i.render_path, "/dev/dri/renderD128");
    ck_assert_str_eq(i.pci_slot, "0000:03:00.0");
    ck_assert_uint_eq(i.pci_device_id, 0x744C);
    ck_assert_uint_eq(i.pci_revision_id, 0xC8);
    ck_assert_uint_eq(i.family_id, 145);
    ck_assert_uint_eq(i.chip_external_rev, 0x01);
    ck_assert_uint_eq(i.drm_version_major, 3);
    ck_assert_uint_eq(i.drm_version_minor, 49);
    ck_assert_uint_eq(i.drm_version_patchlevel, 0);
    ck_assert_uint_eq(i.cu_count, 96);
    ck_assert_uint_eq(i.shader_engines, 6);
    ck_assert_uint_eq(i.shader_arrays_per_engine, 2);
    ck_assert_uint_eq(i.wave_lanes, 32);
    ck_assert_uint_eq(i.max_engine_clock_khz, 2371000);
    ck_assert_uint_eq(i.max_memory_clock_khz, 1249000);
    ck_assert_uint_eq(i.vram_bit_width, 384);
    ck_assert_uint_eq(i.timestamp_freq_khz, 100000);
    ck_assert_uint_eq(i.compute_rings, 4);
    ck_assert_uint_eq(i.dma_rings, 2);
    ck_assert(i.simulated);
    ck_assert_str_eq(i.simulator, "amdpm4 simulated gfx1100 0.1");
    ck_assert_uint_eq(i.vram.total_bytes, SIM_VRAM_BYTES);
    ck_assert_uint_eq(i.vram.usable_bytes, SIM_VRAM_BYTES - SIM_VRAM_PIN_BYTES - 8 * MiB);
    ck_assert_uint_eq(i.vram.used_bytes, SIM_VRAM_PIN_BYTES);
    ck_assert_uint_eq(i.vram_visible.total_bytes, SIM_VRAM_BYTES);   /* resizable BAR */
    ck_assert_uint_eq(i.gtt.total_bytes, SIM_GTT_BYTES);
    ck_assert_int_eq(amdpm4_device_info(dev, NULL), -EINVAL);
    ck_assert_int_eq(amdpm4_device_info(NULL, &i), -EINVAL);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(timestamp_ticks_to_ns)
{
    amdpm4_device *dev = open_dev();

    /* 100 MHz: 10 ns per tick */
    ck_assert_uint_eq(amdpm4_device_ticks_to_ns(dev, 0), 0);
    ck_assert_uint_eq(amdpm4_device_ticks_to_ns(dev, 12345), 123450);
    ck_assert_uint_eq(amdpm4_device_ticks_to_ns(dev, 1000000000000000ull), 10000000000000000ull);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(gfx_id_table)
{
    /* white box: the table that decides what is gfx11 (bo/gpu_ids.def) */
    ck_assert_str_eq(bo_chip_lookup(145, 0x01)->target, "gfx1100");
    ck_assert_str_eq(bo_chip_lookup(145, 0x0F)->name, "navi31");
    ck_assert_str_eq(bo_chip_lookup(145, 0x10)->target, "gfx1102");
    ck_assert_str_eq(bo_chip_lookup(145, 0x20)->target, "gfx1101");
    ck_assert_str_eq(bo_chip_lookup(148, 0x01)->target, "gfx1103");
    ck_assert_str_eq(bo_chip_lookup(150, 0xC1)->target, "gfx1151");
    ck_assert_ptr_null(bo_chip_lookup(145, 0x00));
    ck_assert_ptr_null(bo_chip_lookup(143, 0x28));   /* navi21 */
    ck_assert_ptr_null(bo_chip_lookup(152, 0x50));   /* gfx12 */
    ck_assert_str_eq(bo_family_generation(143), "gfx10 (RDNA 1/2)");
    ck_assert_str_eq(bo_family_generation(141), "gfx9 (Vega)");
    ck_assert_str_eq(bo_family_generation(152), "gfx12 (RDNA 4)");
    ck_assert_ptr_null(bo_family_generation(999));
}
END_TEST

/* ================================================================ allocation */

START_TEST(alloc_each_placement)
{
    amdpm4_device *dev = open_dev();
    static const enum amdpm4_placement ps[] = {AMDPM4_VRAM, AMDPM4_VRAM_VISIBLE, AMDPM4_GTT};
    struct amdpm4_heap_usage u0, u1, u2;

    ck_assert_int_eq(amdpm4_device_heap_usage(dev, &u0), 0);
    for (unsigned i = 0; i < 3; i++) {
        struct amdpm4_device_info before, after;
        amdpm4_bo *bo = NULL;
        void *cpu = NULL;
        int r;

        ck_assert_int_eq(amdpm4_device_info(dev, &before), 0);
        r = amdpm4_bo_alloc(dev, 4097, ps[i], &bo);
        ck_assert_msg(r == 0, "%s: %s", amdpm4_placement_name(ps[i]), amdpm4_last_error());
        ck_assert_uint_eq(amdpm4_bo_size(bo), 4097);
        ck_assert_uint_eq(amdpm4_bo_alloc_size(bo), 8192);
        ck_assert_int_eq(amdpm4_bo_placement(bo), ps[i]);
        ck_assert_uint_ne(amdpm4_bo_va(bo), 0);
        ck_assert_uint_eq(amdpm4_bo_va(bo) % 4096, 0);
        ck_assert_int_eq(amdpm4_device_info(dev, &after), 0);
        /* the kernel's usage grew in exactly the heap asked for */
        if (ps[i] == AMDPM4_GTT) {
            ck_assert_uint_eq(after.gtt.used_bytes, before.gtt.used_bytes + 8192);
            ck_assert_uint_eq(after.vram.used_bytes, before.vram.used_bytes);
        } else {
            ck_assert_uint_eq(after.vram.used_bytes, before.vram.used_bytes + 8192);
            ck_assert_uint_eq(after.gtt.used_bytes, before.gtt.used_bytes);
        }
        r = amdpm4_bo_map(bo, &cpu);
        if (ps[i] == AMDPM4_VRAM) {
            ck_assert_int_eq(r, -EPERM);
            ck_assert_str_eq(amdpm4_last_error(), "a VRAM buffer is not CPU-visible: use "
                             "amdpm4_bo_upload / amdpm4_bo_download");
        } else {
            ck_assert_int_eq(r, 0);
            ck_assert_ptr_nonnull(cpu);
            ((volatile uint8_t *)cpu)[4096] = 7;   /* both pages are mapped */
        }
        ck_assert_int_eq(amdpm4_device_heap_usage(dev, &u1), 0);
        ck_assert_uint_eq(u1.bytes[ps[i]], u0.bytes[ps[i]] + 8192);
        ck_assert_uint_eq(u1.buffers[ps[i]], u0.buffers[ps[i]] + 1);
        ck_assert_uint_eq(u1.allocations[ps[i]], u0.allocations[ps[i]] + 1);
        amdpm4_bo_free(bo);
        ck_assert_int_eq(amdpm4_device_heap_usage(dev, &u2), 0);
        ck_assert_uint_eq(u2.bytes[ps[i]], u0.bytes[ps[i]]);
        ck_assert_uint_eq(u2.buffers[ps[i]], u0.buffers[ps[i]]);
        ck_assert_uint_eq(u2.peak_bytes[ps[i]], u0.bytes[ps[i]] + 8192);
        ck_assert_uint_eq(u2.allocations[ps[i]], u0.allocations[ps[i]] + 1);
    }
    amdpm4_bo_free(NULL);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(alloc_alignment)
{
    amdpm4_device *dev = open_dev();
    amdpm4_bo *bo = NULL;

    ck_assert_int_eq(amdpm4_bo_alloc_aligned(dev, 100, 1 * MiB, AMDPM4_GTT, &bo), 0);
    ck_assert_uint_eq(amdpm4_bo_va(bo) % MiB, 0);
    ck_assert_uint_eq(amdpm4_bo_alloc_size(bo), 4096);
    amdpm4_bo_free(bo);
    ck_assert_int_eq(amdpm4_bo_alloc_aligned(dev, 100, 3000, AMDPM4_GTT, &bo), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(),
                     "amdpm4_bo_alloc: alignment 3000 is not a power of two up to 1 GiB");
    ck_assert_int_eq(amdpm4_bo_alloc_aligned(dev, 100, 2 * GiB, AMDPM4_GTT, &bo), -EINVAL);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(alloc_refusals)
{
    amdpm4_device *dev = open_dev();
    amdpm4_bo *bo = (amdpm4_bo *)1;

    ck_assert_int_eq(amdpm4_bo_alloc(dev, 0, AMDPM4_GTT, &bo), -EINVAL);
    ck_assert_ptr_null(bo);
    ck_assert_str_eq(amdpm4_last_error(), "amdpm4_bo_alloc: a buffer of 0 bytes");
    ck_assert_int_eq(amdpm4_bo_alloc(dev, UINT64_MAX, AMDPM4_GTT, &bo), -EOVERFLOW);
    ck_assert_str_eq(amdpm4_last_error(), "amdpm4_bo_alloc: 18446744073709551615 bytes "
                     "overflow when rounded up to whole pages");
    ck_assert_int_eq(amdpm4_bo_alloc(dev, UINT64_MAX - 4094, AMDPM4_GTT, &bo), -EOVERFLOW);
    ck_assert_int_eq(amdpm4_bo_alloc(dev, 4096, (enum amdpm4_placement)3, &bo), -EINVAL);
    ck_assert_str_eq(amdpm4_last_error(), "amdpm4_bo_alloc: placement 3 is not one of VRAM, "
                     "visible VRAM, GTT");
    ck_assert_int_eq(amdpm4_bo_alloc(NULL, 4096, AMDPM4_GTT, &bo), -EINVAL);
    ck_assert_int_eq(amdpm4_bo_alloc(dev, 4096, AMDPM4_GTT, NULL), -EINVAL);
    /* out of memory names the heap, the size and what is free:
     * VRAM 25753026560 bytes = 24.0 GiB, free = that - 63541248 pinned */
    ck_assert_int_eq(amdpm4_bo_alloc(dev, 32 * GiB, AMDPM4_VRAM, &bo), -ENOMEM);
    ck_assert_str_eq(amdpm4_last_error(), "out of memory in VRAM: 32 GiB asked, 23.9 GiB free "
                     "of 24.0 GiB (larger than the heap)");
    ck_assert_int_eq(amdpm4_bo_alloc(dev, 40 * GiB, AMDPM4_GTT, &bo), -ENOMEM);
    ck_assert_str_eq(amdpm4_last_error(), "out of memory in GTT: 40 GiB asked, 31.0 GiB free "
                     "of 31.0 GiB (larger than the heap)");
    amdpm4_device_close(dev);
}
END_TEST

/* VRAM filled up: the next buffer is refused, not placed in GTT. */
START_TEST(full_vram_is_refused_not_moved)
{
    amdpm4_device *dev = open_dev();
    struct amdpm4_device_info i;
    amdpm4_bo *big = NULL, *more = NULL;
    uint64_t free_bytes;

    ck_assert_int_eq(amdpm4_device_info(dev, &i), 0);
    free_bytes = i.vram.total_bytes - i.vram.used_bytes;
    ck_assert_int_eq(amdpm4_bo_alloc(dev, free_bytes - MiB, AMDPM4_VRAM, &big), 0);
    ck_assert_int_eq(amdpm4_bo_alloc(dev, 2 * MiB, AMDPM4_VRAM, &more), -ENOMEM);
    ck_assert_str_eq(amdpm4_last_error(), "out of memory in VRAM: 2 MiB asked, 1 MiB free of "
                     "24.0 GiB (not enough is free)");
    ck_assert_int_eq(amdpm4_bo_alloc(dev, MiB, AMDPM4_VRAM, &more), 0);
    amdpm4_bo_free(more);
    amdpm4_bo_free(big);
    amdpm4_device_close(dev);
}
END_TEST

/* ================================================================ transfers */

static void round_trip(amdpm4_device *dev, enum amdpm4_placement p, uint64_t size, uint64_t off,
                       uint64_t bytes, unsigned seed)
{
    uint8_t *in = malloc(bytes), *out = malloc(bytes);
    amdpm4_bo *bo = NULL;
    int r;

    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(out);
    pattern(in, bytes, seed);
    memset(out, 0x5A, bytes);
    r = amdpm4_bo_alloc(dev, size, p, &bo);
    ck_assert_msg(r == 0, "%s", amdpm4_last_error());
    r = amdpm4_bo_upload(bo, off, in, bytes);
    ck_assert_msg(r == 0, "upload: %s", amdpm4_last_error());
    r = amdpm4_bo_download(bo, off, out, bytes);
    ck_assert_msg(r == 0, "download: %s", amdpm4_last_error());
    ck_assert_msg(!memcmp(in, out, bytes), "%s: %llu bytes at %llu differ",
                  amdpm4_placement_name(p), (unsigned long long)bytes, (unsigned long long)off);
    amdpm4_bo_free(bo);
    free(in);
    free(out);
}

START_TEST(round_trips_awkward_sizes)
{
    amdpm4_device *dev = open_dev();

    for (int p = 0; p < AMDPM4_PLACEMENT_COUNT; p++) {
        round_trip(dev, p, 1, 0, 1, 1);
        round_trip(dev, p, 8192, 4095, 1, 2);          /* the last byte of a page */
        round_trip(dev, p, 4097, 0, 4097, 3);
        round_trip(dev, p, 3 * 4096, 4093, 4097, 4);   /* straddles three pages */
    }
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(round_trip_64mib)
{
    amdpm4_device *dev = open_dev();

    round_trip(dev, AMDPM4_VRAM, 64 * MiB, 0, 64 * MiB, 5);   /* staged: 16 SDMA copies */
    round_trip(dev, AMDPM4_GTT, 64 * MiB, 0, 64 * MiB, 6);    /* direct */
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(fresh_vram_reads_zero)
{
    amdpm4_device *dev = open_dev();
    uint8_t *out = malloc(MiB), *zero = calloc(1, MiB);
    amdpm4_bo *a = NULL, *b = NULL;

    ck_assert_int_eq(amdpm4_bo_alloc(dev, MiB, AMDPM4_VRAM, &a), 0);
    memset(out, 0xFF, MiB);
    ck_assert_int_eq(amdpm4_bo_upload(a, 0, out, MiB), 0);
    amdpm4_bo_free(a);
    ck_assert_int_eq(amdpm4_bo_alloc(dev, MiB, AMDPM4_VRAM, &b), 0);
    ck_assert_int_eq(amdpm4_bo_download(b, 0, out, MiB), 0);
    ck_assert(!memcmp(out, zero, MiB));
    amdpm4_bo_free(b);
    free(out);
    free(zero);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(transfer_refusals)
{
    amdpm4_device *dev = open_dev();
    amdpm4_bo *bo = NULL;
    uint8_t buf[16] = {0};

    ck_assert_int_eq(amdpm4_bo_alloc(dev, 10, AMDPM4_VRAM, &bo), 0);
    ck_assert_int_eq(amdpm4_bo_upload(bo, 0, buf, 11), -ERANGE);
    ck_assert_str_eq(amdpm4_last_error(), "amdpm4_bo_upload: bytes [0, 11) lie outside the "
                     "10-byte buffer");
    ck_assert_int_eq(amdpm4_bo_download(bo, 10, buf, 1), -ERANGE);
    ck_assert_int_eq(amdpm4_bo_download(bo, UINT64_MAX, buf, 2), -ERANGE);
    ck_assert_int_eq(amdpm4_bo_download(bo, 2, buf, UINT64_MAX), -ERANGE);
    ck_assert_int_eq(amdpm4_bo_upload(bo, 0, NULL, 1), -EINVAL);
    ck_assert_int_eq(amdpm4_bo_upload(NULL, 0, buf, 1), -EINVAL);
    ck_assert_int_eq(amdpm4_bo_upload(bo, 10, NULL, 0), 0);   /* nothing to do */
    ck_assert_int_eq(amdpm4_bo_map(bo, NULL), -EINVAL);
    amdpm4_bo_free(bo);
    amdpm4_device_close(dev);
}
END_TEST

/* ================================================================ a small BAR */

/* AMDPM4_SIM_VISIBLE_VRAM=256M: the simulator's CPU-visible window is 256
 * MiB, of which the kernel's own pins take 63541248 bytes (60.6 MiB). */
static void small_bar(void)
{
    setenv("AMDPM4_SIM_VISIBLE_VRAM", "256M", 1);
}

START_TEST(small_bar_heaps)
{
    amdpm4_device *dev = open_dev();
    struct amdpm4_device_info i;
    amdpm4_bo *bo = NULL, *vis = NULL;

    ck_assert_int_eq(amdpm4_device_info(dev, &i), 0);
    ck_assert_uint_eq(i.vram_visible.total_bytes, 256 * MiB);
    ck_assert_uint_eq(i.vram_visible.used_bytes, SIM_VRAM_PIN_BYTES);
    ck_assert_uint_eq(i.vram.total_bytes, SIM_VRAM_BYTES);
    /* more than the window */
    ck_assert_int_eq(amdpm4_bo_alloc(dev, 300 * MiB, AMDPM4_VRAM_VISIBLE, &vis), -ENOMEM);
    ck_assert_str_eq(amdpm4_last_error(), "out of memory in visible VRAM: 300 MiB asked, "
                     "195.4 MiB free of 256 MiB (larger than the heap)");
    /* invisible VRAM is plentiful and stays out of the window */
    ck_assert_int_eq(amdpm4_bo_alloc(dev, 1 * GiB, AMDPM4_VRAM, &bo), 0);
    ck_assert_int_eq(amdpm4_device_info(dev, &i), 0);
    ck_assert_uint_eq(i.vram_visible.used_bytes, SIM_VRAM_PIN_BYTES);
    ck_assert_uint_eq(i.vram.used_bytes, SIM_VRAM_PIN_BYTES + GiB);
    ck_assert_int_eq(amdpm4_bo_alloc(dev, 190 * MiB, AMDPM4_VRAM_VISIBLE, &vis), 0);
    amdpm4_bo_free(vis);
    amdpm4_bo_free(bo);
    amdpm4_device_close(dev);
}
END_TEST

START_TEST(small_bar_staged_round_trips)
{
    amdpm4_device *dev = open_dev();

    round_trip(dev, AMDPM4_VRAM, 1, 0, 1, 7);
    round_trip(dev, AMDPM4_VRAM, 4097, 0, 4097, 8);
    round_trip(dev, AMDPM4_VRAM, 64 * MiB, 0, 64 * MiB, 9);
    round_trip(dev, AMDPM4_VRAM, 64 * MiB + 4097, 4095, 64 * MiB + 2, 10);
    round_trip(dev, AMDPM4_VRAM_VISIBLE, 4097, 0, 4097, 11);
    amdpm4_device_close(dev);
}
END_TEST

/* ================================================================ threads */

struct worker {
    amdpm4_device *dev;
    unsigned seed;
    int failures;
    char msg[256];
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    uint8_t in[20000], out[20000];

    for (unsigned k = 0; k < 12; k++) {
        enum amdpm4_placement p = (enum amdpm4_placement)((w->seed + k) % 3);
        size_t n = 1000 + 1500 * k;
        amdpm4_bo *bo = NULL;

        pattern(in, n, w->seed * 100 + k);
        if (amdpm4_bo_alloc(w->dev, n, p, &bo) || amdpm4_bo_upload(bo, 0, in, n) ||
            amdpm4_bo_download(bo, 0, out, n) || memcmp(in, out, n)) {
            w->failures++;
            snprintf(w->msg, sizeof(w->msg), "thread %u, buffer %u: %s", w->seed, k,
                     amdpm4_last_error());
        }
        amdpm4_bo_free(bo);
    }
    return NULL;
}

START_TEST(buffers_shared_between_threads)
{
    amdpm4_device *dev = open_dev();
    struct worker w[4];
    pthread_t t[4];
    struct amdpm4_heap_usage u;

    for (unsigned i = 0; i < 4; i++) {
        w[i] = (struct worker){dev, i, 0, ""};
        ck_assert_int_eq(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
    }
    for (unsigned i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        ck_assert_msg(w[i].failures == 0, "%s", w[i].msg);
    }
    ck_assert_int_eq(amdpm4_device_heap_usage(dev, &u), 0);
    /* 4 threads x 12 buffers cycling through the placements: 16 each (the
     * runtime's own staging and pool buffers are GTT) */
    ck_assert_uint_eq(u.allocations[AMDPM4_VRAM], 16);
    ck_assert_uint_eq(u.allocations[AMDPM4_VRAM_VISIBLE], 16);
    ck_assert_uint_ge(u.allocations[AMDPM4_GTT], 16);
    ck_assert_uint_eq(u.buffers[AMDPM4_VRAM] + u.buffers[AMDPM4_VRAM_VISIBLE], 0);
    amdpm4_device_close(dev);
}
END_TEST

/* Closing a device frees what is still allocated in it. */
START_TEST(close_frees_leftovers)
{
    amdpm4_device *dev = open_dev();
    amdpm4_bo *bo = NULL;
    amdpm4_queue *q = NULL;
    uint8_t b = 1;

    ck_assert_int_eq(amdpm4_bo_alloc(dev, 4096, AMDPM4_VRAM, &bo), 0);
    ck_assert_int_eq(amdpm4_bo_upload(bo, 0, &b, 1), 0);
    ck_assert_int_eq(amdpm4_queue_create(dev, AMDPM4_QUEUE_TRANSFER, &q), 0);
    ck_assert_int_eq(amdpm4_queue_submit(q, NULL), 0);
    amdpm4_device_close(dev);   /* LeakSanitizer (check_runtime) sees the rest */
}
END_TEST

Suite *bo_suite(void);
Suite *bo_suite(void)
{
    Suite *s = suite_create("bo");
    TCase *tc;

    tc = tcase_create("device");
    tcase_add_test(tc, enumerate_finds_the_simulated_gpu);
    tcase_add_test(tc, open_by_index_and_path);
    tcase_add_test(tc, info_reports_the_board);
    tcase_add_test(tc, timestamp_ticks_to_ns);
    tcase_add_test(tc, gfx_id_table);
    suite_add_tcase(s, tc);

    tc = tcase_create("alloc");
    tcase_add_test(tc, alloc_each_placement);
    tcase_add_test(tc, alloc_alignment);
    tcase_add_test(tc, alloc_refusals);
    tcase_add_test(tc, full_vram_is_refused_not_moved);
    tcase_add_test(tc, close_frees_leftovers);
    suite_add_tcase(s, tc);

    tc = tcase_create("transfer");
    tcase_add_test(tc, round_trips_awkward_sizes);
    tcase_add_test(tc, round_trip_64mib);
    tcase_add_test(tc, fresh_vram_reads_zero);
    tcase_add_test(tc, transfer_refusals);
    tcase_add_test(tc, buffers_shared_between_threads);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("small_bar");
    tcase_add_checked_fixture(tc, small_bar, NULL);
    tcase_add_test(tc, small_bar_heaps);
    tcase_add_test(tc, small_bar_staged_round_trips);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
