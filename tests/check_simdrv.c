/*
 * tests/check_simdrv.c — the simulated gfx1100's driver side, command
 * processor and SDMA engine, driven through the unchanged libdrm_amdgpu
 * (the runner runs under LD_PRELOAD of build/libamdpm4sim.so).
 *
 * Every test opens the device itself (Check forks per test, and engine
 * threads do not survive a fork).  Packets are written out as literal hex
 * with their decoding in comments, independently of the pm4/ tables the
 * simulator reads.
 */
#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <amdgpu.h>
#include <amdgpu_drm.h>
#include <xf86drm.h>

#include "tests/testutil.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

/* Navi31 facts the tests expect (Mesa's RX 7900 XTX dump, amdgpu_kms.c). */
#define N31_VRAM_USABLE 25681096704ull   /* 25753026560 - 63541248 - 8 MiB */
#define N31_VRAM_PIN 63541248ull
#define N31_GTT_TOTAL 33254252544ull
#define N31_GTT_USABLE 33240895488ull
#define N31_GART_PIN 13357056ull

/* ---------------------------------------------------------------- helpers */

struct tdev {
    int fd;
    amdgpu_device_handle dev;
    uint32_t major, minor;
    int drm_fd;
};

static void tdev_open(struct tdev *t)
{
    t->fd = open("/dev/dri/renderD128", O_RDWR | O_CLOEXEC);
    ck_assert_int_ge(t->fd, 0);
    ck_assert_int_eq(amdgpu_device_initialize(t->fd, &t->major, &t->minor, &t->dev), 0);
    t->drm_fd = amdgpu_device_get_fd(t->dev);
}

static void tdev_close(struct tdev *t)
{
    amdgpu_device_deinitialize(t->dev);
    close(t->fd);
}

struct tbo {
    amdgpu_bo_handle bo;
    amdgpu_va_handle va_handle;
    uint64_t va, size;
    void *cpu;
    bool user;   /* a userptr BO: cpu is the user memory behind it */
};

static int tbo_alloc(struct tdev *t, struct tbo *b, uint64_t size, uint32_t domain,
                     uint64_t flags, bool map)
{
    struct amdgpu_bo_alloc_request req = {.alloc_size = size, .phys_alignment = 4096,
                                          .preferred_heap = domain, .flags = flags};
    int r;

    memset(b, 0, sizeof(*b));
    b->size = size;
    r = amdgpu_bo_alloc(t->dev, &req, &b->bo);
    if (r)
        return r;
    ck_assert_int_eq(amdgpu_va_range_alloc(t->dev, amdgpu_gpu_va_range_general, size, 4096, 0,
                                           &b->va, &b->va_handle, 0), 0);
    ck_assert_int_eq(amdgpu_bo_va_op(b->bo, 0, size, b->va, 0, AMDGPU_VA_OP_MAP), 0);
    if (map)
        ck_assert_int_eq(amdgpu_bo_cpu_map(b->bo, &b->cpu), 0);
    return 0;
}

/* Anonymous user memory as a userptr BO, GPU-mapped. */
static void tbo_userptr(struct tdev *t, struct tbo *b, uint64_t size)
{
    memset(b, 0, sizeof(*b));
    b->size = size;
    b->user = true;
    b->cpu = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(b->cpu, MAP_FAILED);
    ck_assert_int_eq(amdgpu_create_bo_from_user_mem(t->dev, b->cpu, size, &b->bo), 0);
    ck_assert_int_eq(amdgpu_va_range_alloc(t->dev, amdgpu_gpu_va_range_general, size, 4096, 0,
                                           &b->va, &b->va_handle, 0), 0);
    ck_assert_int_eq(amdgpu_bo_va_op(b->bo, 0, size, b->va, 0, AMDGPU_VA_OP_MAP), 0);
}

static void tbo_free(struct tbo *b)
{
    if (b->cpu && !b->user)
        amdgpu_bo_cpu_unmap(b->bo);
    amdgpu_bo_va_op(b->bo, 0, b->size, b->va, 0, AMDGPU_VA_OP_UNMAP);
    amdgpu_va_range_free(b->va_handle);
    amdgpu_bo_free(b->bo);
    if (b->cpu && b->user)
        munmap(b->cpu, b->size);
}

/* What most tests start from: the device, a context, a 4 KiB GTT BO for
 * the IB and a CPU-mapped data BO. */
static void setup(struct tdev *t, amdgpu_context_handle *ctx, struct tbo *ib, struct tbo *data,
                  uint64_t data_bytes, uint32_t data_domain)
{
    tdev_open(t);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t->dev, ctx), 0);
    ck_assert_int_eq(tbo_alloc(t, ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    ck_assert_int_eq(tbo_alloc(t, data, data_bytes, data_domain, 0, true), 0);
}

static void teardown(struct tdev *t, amdgpu_context_handle ctx, struct tbo *ib, struct tbo *data)
{
    tbo_free(ib);
    tbo_free(data);
    amdgpu_cs_ctx_free(ctx);
    tdev_close(t);
}

/* Submit the first ndw dwords of ib on (ip, ring) with bos as the BO list. */
static int submit(struct tdev *t, amdgpu_context_handle ctx, unsigned ip, unsigned ring,
                  const struct tbo *ib, uint32_t ndw, struct tbo *const *bos, unsigned nbos,
                  uint64_t *seq)
{
    amdgpu_bo_handle handles[16];
    struct amdgpu_cs_ib_info ib_info = {.ib_mc_address = ib->va, .size = ndw};
    struct amdgpu_cs_request req = {.ip_type = ip, .ring = ring, .number_of_ibs = 1,
                                    .ibs = &ib_info};
    int r;

    for (unsigned i = 0; i < nbos; i++)
        handles[i] = bos[i]->bo;
    handles[nbos] = ib->bo;
    ck_assert_int_eq(amdgpu_bo_list_create(t->dev, nbos + 1, handles, NULL, &req.resources), 0);
    r = amdgpu_cs_submit(ctx, 0, &req, 1);
    amdgpu_bo_list_destroy(req.resources);
    *seq = req.seq_no;
    return r;
}

static int wait_seq(amdgpu_context_handle ctx, unsigned ip, unsigned ring, uint64_t seq,
                    uint64_t timeout_ns, uint32_t *expired)
{
    struct amdgpu_cs_fence f = {.context = ctx, .ip_type = ip, .ring = ring, .fence = seq};

    return amdgpu_cs_query_fence_status(&f, timeout_ns, 0, expired);
}

/* Submit and wait for the end; returns the fence status (0 or -errno). */
static int run(struct tdev *t, amdgpu_context_handle ctx, unsigned ip, const struct tbo *ib,
               uint32_t ndw, struct tbo *const *bos, unsigned nbos)
{
    uint32_t expired = 0;
    uint64_t seq;
    int r;

    ck_assert_int_eq(submit(t, ctx, ip, 0, ib, ndw, bos, nbos, &seq), 0);
    r = wait_seq(ctx, ip, 0, seq, AMDGPU_TIMEOUT_INFINITE, &expired);
    if (!r)
        ck_assert_uint_eq(expired, 1);
    return r;
}

static uint64_t info_u64(struct tdev *t, unsigned query)
{
    uint64_t v = ~0ull;

    ck_assert_int_eq(amdgpu_query_info(t->dev, query, sizeof(v), &v), 0);
    return v;
}

static uint32_t lo32(uint64_t v)
{
    return (uint32_t)v;
}

static uint32_t hi32(uint64_t v)
{
    return (uint32_t)(v >> 32);
}

/* Packets the tests use often, written out literally. */

/* WRITE_DATA of one dword to memory: PKT3 COUNT 3 IT_OPCODE 0x37;
 * CONTROL DST_SEL 5 (memory); DST_ADDR_LO/HI; the data. */
static void pkt_write_data(uint32_t *p, unsigned *n, uint64_t va, uint32_t value)
{
    p[(*n)++] = 0xC0033700;
    p[(*n)++] = 0x00000500;
    p[(*n)++] = lo32(va);
    p[(*n)++] = hi32(va);
    p[(*n)++] = value;
}

/* WAIT_REG_MEM until the dword at va equals ref: PKT3 COUNT 5 IT_OPCODE
 * 0x3C; FUNCTION 3 (==) | MEM_SPACE 1 (memory); POLL_ADDR_LO/HI;
 * REFERENCE; MASK all ones; POLL_INTERVAL 10. */
static void pkt_wait_eq(uint32_t *p, unsigned *n, uint64_t va, uint32_t ref)
{
    p[(*n)++] = 0xC0053C00;
    p[(*n)++] = 0x00000013;
    p[(*n)++] = lo32(va);
    p[(*n)++] = hi32(va);
    p[(*n)++] = ref;
    p[(*n)++] = 0xFFFFFFFF;
    p[(*n)++] = 0x0000000A;
}

/* COPY_DATA: PKT3 COUNT 4 IT_OPCODE 0x40; the CONTROL dword the caller
 * gives (SRC_SEL [3:0], DST_SEL [11:8], COUNT_SEL [16], WR_CONFIRM [20]);
 * SRC_ADDR_LO/HI (a register, an address or immediate data); DST_ADDR_LO/HI. */
static void pkt_copy_data(uint32_t *p, unsigned *n, uint32_t control, uint64_t src,
                          uint64_t dst)
{
    p[(*n)++] = 0xC0044000;
    p[(*n)++] = control;
    p[(*n)++] = lo32(src);
    p[(*n)++] = hi32(src);
    p[(*n)++] = lo32(dst);
    p[(*n)++] = hi32(dst);
}

/* stderr of this process, captured into an anonymous file. */
struct capture {
    int saved, fd;
};

static void capture_begin(struct capture *c)
{
    fflush(stderr);
    c->fd = memfd_create("stderr", 0);
    ck_assert_int_ge(c->fd, 0);
    c->saved = dup(2);
    ck_assert_int_eq(dup2(c->fd, 2), 2);
}

static char *capture_end(struct capture *c)
{
    static char buf[8192];
    ssize_t n;

    fflush(stderr);
    dup2(c->saved, 2);
    close(c->saved);
    n = pread(c->fd, buf, sizeof(buf) - 1, 0);
    close(c->fd);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

/* ---------------------------------------------------------------- identity */

START_TEST(identity_nodes_and_sysfs)
{
    struct stat st;
    char buf[256];
    FILE *fp;
    ssize_t n;
    int fd;

    ck_assert_int_eq(stat("/dev/dri/renderD128", &st), 0);
    ck_assert(S_ISCHR(st.st_mode));
    ck_assert_uint_eq(major(st.st_rdev), 226);
    ck_assert_uint_eq(minor(st.st_rdev), 128);
    ck_assert_int_eq(stat("/dev/dri/card0", &st), 0);
    ck_assert_uint_eq(minor(st.st_rdev), 0);
    ck_assert_int_eq(stat("/dev/dri/renderD129", &st), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(stat("/sys/dev/char/226:128/device/drm", &st), 0);
    ck_assert(S_ISDIR(st.st_mode));

    n = readlink("/sys/dev/char/226:128/device/subsystem", buf, sizeof(buf) - 1);
    ck_assert_int_gt(n, 0);
    buf[n] = '\0';
    ck_assert_str_eq(buf, "../../../../bus/pci");

    fp = fopen("/sys/dev/char/226:128/device/uevent", "r");
    ck_assert_ptr_nonnull(fp);
    n = (ssize_t)fread(buf, 1, sizeof(buf) - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    ck_assert_ptr_nonnull(strstr(buf, "PCI_ID=1002:744C\n"));
    ck_assert_ptr_nonnull(strstr(buf, "PCI_SLOT_NAME=0000:03:00.0\n"));
    fp = fopen("/sys/dev/char/226:128/device/device", "r");
    ck_assert_ptr_nonnull(fp);
    ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), fp));
    fclose(fp);
    ck_assert_str_eq(buf, "0x744c\n");
    ck_assert_ptr_null(fopen("/sys/dev/char/226:128/device/vendor", "w"));
    ck_assert_int_eq(errno, EACCES);

    /* fstat of the node, and of a dup of it, says character device 226:128 */
    fd = open("/dev/dri/renderD128", O_RDWR);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fstat(fd, &st), 0);
    ck_assert_uint_eq(st.st_rdev, makedev(226, 128));
    {
        int d = fcntl(fd, F_DUPFD_CLOEXEC, 0);

        ck_assert_int_ge(d, 0);
        ck_assert_int_eq(fstat(d, &st), 0);
        ck_assert(S_ISCHR(st.st_mode));
        close(d);
    }
    close(fd);
    /* everything else is the real filesystem */
    ck_assert_int_eq(stat("/dev/null", &st), 0);
    ck_assert_uint_ne(major(st.st_rdev), 226);
}
END_TEST

START_TEST(identity_drm_version_and_marker)
{
    int fd = open("/dev/dri/renderD128", O_RDWR);
    const char *marker;
    drmVersionPtr v;

    ck_assert_int_ge(fd, 0);
    v = drmGetVersion(fd);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->version_major, 3);
    ck_assert_int_eq(v->version_minor, 49);
    ck_assert_str_eq(v->name, "amdgpu");
    drmFreeVersion(v);
    /* an ioctl that is not DRM's: the kernel's -ENOTTY */
    {
        int x;

        ck_assert_int_eq(ioctl(fd, FIONREAD, &x), -1);
        ck_assert_int_eq(errno, ENOTTY);
    }
    close(fd);
    marker = dlsym(RTLD_DEFAULT, "amdpm4_sim_marker");
    ck_assert_ptr_nonnull(marker);
    ck_assert_int_eq(strncmp(marker, "amdpm4 simulated gfx1100 ", 25), 0);
}
END_TEST

START_TEST(identity_drmdevice_tool)
{
    char *argv[] = {"/usr/bin/drmdevice", NULL};
    char preload[4200];
    char *env[] = {preload, NULL};
    struct test_run r;

    snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", test_build_path("libamdpm4sim.so"));
    ck_assert_int_eq(test_run(&r, argv, NULL, env), 0);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "--- Devices reported 1 ---"));
    ck_assert_ptr_nonnull(strstr(r.out, "|   +-> nodes[2] /dev/dri/renderD128\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "        +-> vendor_id     1002\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "        +-> device_id     744c\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "        +-> revision_id   c8\n"));
    test_run_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- INFO */

START_TEST(info_device)
{
    struct drm_amdgpu_info_device di;
    struct amdgpu_gpu_info gi;
    struct tdev t;
    uint8_t small[16];

    tdev_open(&t);
    ck_assert_uint_eq(t.major, 3);
    ck_assert_uint_eq(t.minor, 49);
    ck_assert_int_eq(amdgpu_query_gpu_info(t.dev, &gi), 0);
    ck_assert_uint_eq(gi.asic_id, 0x744C);
    ck_assert_uint_eq(gi.family_id, 145);
    ck_assert_uint_eq(gi.pci_rev_id, 0xC8);
    ck_assert_uint_eq(gi.gb_addr_cfg, 0x545);

    memset(&di, 0xAA, sizeof(di));
    ck_assert_int_eq(amdgpu_query_info(t.dev, AMDGPU_INFO_DEV_INFO, sizeof(di), &di), 0);
    ck_assert_uint_eq(di.device_id, 0x744C);
    ck_assert_uint_eq(di.gpu_counter_freq, 100000);   /* kHz: 100 MHz */
    ck_assert_uint_eq(di.cu_active_number, 96);
    ck_assert_uint_eq(di.num_shader_engines, 6);
    ck_assert_uint_eq(di.wave_front_size, 32);
    ck_assert_uint_eq(di.virtual_address_offset, 0x200000);
    ck_assert_uint_eq(di.virtual_address_max, 0x800000000000);
    ck_assert_uint_eq(di.high_va_max, 0xffffffffffe00000);
    ck_assert_uint_eq(di.vram_bit_width, 384);

    /* only return_size bytes are written */
    memset(small, 0x5A, sizeof(small));
    ck_assert_int_eq(amdgpu_query_info(t.dev, AMDGPU_INFO_DEV_INFO, 6, small), 0);
    ck_assert_uint_eq(small[0], 0x4C);
    ck_assert_uint_eq(small[1], 0x74);
    ck_assert_uint_eq(small[5], 0x00);
    ck_assert_uint_eq(small[6], 0x5A);
    tdev_close(&t);
}
END_TEST

START_TEST(info_ip_fw_mmr)
{
    struct drm_amdgpu_info_hw_ip ip;
    uint32_t count, ver, feature, reg;
    struct tdev t;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_query_hw_ip_info(t.dev, AMDGPU_HW_IP_COMPUTE, 0, &ip), 0);
    ck_assert_uint_eq(ip.hw_ip_version_major, 11);
    ck_assert_uint_eq(ip.available_rings, 0xf);
    ck_assert_uint_eq(ip.ib_start_alignment, 32);
    ck_assert_uint_eq(ip._pad, 0xb0000);   /* ip_discovery_version 11.0.0 */
    ck_assert_int_eq(amdgpu_query_hw_ip_info(t.dev, AMDGPU_HW_IP_GFX, 0, &ip), 0);
    ck_assert_uint_eq(ip.available_rings, 0x1);
    ck_assert_int_eq(amdgpu_query_hw_ip_info(t.dev, AMDGPU_HW_IP_DMA, 0, &ip), 0);
    ck_assert_uint_eq(ip.hw_ip_version_major, 6);
    ck_assert_uint_eq(ip.available_rings, 0x3);
    ck_assert_uint_eq(ip.ib_start_alignment, 256);
    ck_assert_uint_eq(ip.ib_size_alignment, 4);
    /* video is not simulated: an absent block reads as zeros */
    ck_assert_int_eq(amdgpu_query_hw_ip_info(t.dev, AMDGPU_HW_IP_VCN_DEC, 0, &ip), 0);
    ck_assert_uint_eq(ip.available_rings, 0);
    ck_assert_int_eq(amdgpu_query_hw_ip_info(t.dev, AMDGPU_HW_IP_NUM, 0, &ip), -EINVAL);
    ck_assert_int_eq(amdgpu_query_hw_ip_info(t.dev, AMDGPU_HW_IP_GFX, 1, &ip), -EINVAL);
    ck_assert_int_eq(amdgpu_query_hw_ip_count(t.dev, AMDGPU_HW_IP_DMA, &count), 0);
    ck_assert_uint_eq(count, 1);

    ck_assert_int_eq(amdgpu_query_firmware_version(t.dev, AMDGPU_INFO_FW_GFX_MEC, 0, 0, &ver,
                                                   &feature), 0);
    ck_assert_uint_eq(ver, 494);
    ck_assert_uint_eq(feature, 29);
    ck_assert_int_eq(amdgpu_query_firmware_version(t.dev, AMDGPU_INFO_FW_GFX_MEC, 0, 2, &ver,
                                                   &feature), -EINVAL);
    ck_assert_int_eq(amdgpu_query_firmware_version(t.dev, 0x09, 0, 0, &ver, &feature), -EINVAL);

    ck_assert_int_eq(amdgpu_read_mm_registers(t.dev, 0x263E, 1, 0xffffffff, 0, &reg), 0);
    ck_assert_uint_eq(reg, 0x545);
    /* a register outside the allowed list: the kernel's -EFAULT */
    ck_assert_int_eq(amdgpu_read_mm_registers(t.dev, 0x2000, 1, 0xffffffff, 0, &reg), -EFAULT);
    ck_assert_int_eq(amdgpu_read_mm_registers(t.dev, 0x263E, 129, 0xffffffff, 0, &reg), -EINVAL);
    /* unknown query, and a return pointer that is not memory */
    ck_assert_int_eq(amdgpu_query_info(t.dev, 0x7f, 4, &reg), -EINVAL);
    ck_assert_int_eq(amdgpu_query_info(t.dev, AMDGPU_INFO_ACCEL_WORKING, 4, (void *)16), -EFAULT);
    ck_assert_int_eq(amdgpu_query_info(t.dev, AMDGPU_INFO_ACCEL_WORKING, 0, &reg), -EINVAL);
    tdev_close(&t);
}
END_TEST

START_TEST(info_drm_core_ioctls)
{
    struct drm_get_cap cap = {.capability = DRM_CAP_SYNCOBJ};
    struct drm_client client = {0};
    struct drm_set_client_cap scc = {.capability = 3, .value = 1};
    struct drm_prime_handle ph = {.handle = 1, .fd = -1};
    struct capture c;
    struct tdev t;
    char *err;
    int card;

    tdev_open(&t);
    ck_assert_int_eq(drmIoctl(t.drm_fd, DRM_IOCTL_GET_CAP, &cap), 0);
    ck_assert_uint_eq(cap.value, 1);
    cap.capability = DRM_CAP_SYNCOBJ_TIMELINE;   /* timeline syncobjs: not simulated */
    ck_assert_int_eq(drmIoctl(t.drm_fd, DRM_IOCTL_GET_CAP, &cap), 0);
    ck_assert_uint_eq(cap.value, 0);
    cap.capability = 0x7777;
    ck_assert_int_eq(drmIoctl(t.drm_fd, DRM_IOCTL_GET_CAP, &cap), -1);
    ck_assert_int_eq(errno, EINVAL);
    /* render nodes run only DRM_RENDER_ALLOW ioctls */
    ck_assert_int_eq(drmIoctl(t.drm_fd, DRM_IOCTL_GET_CLIENT, &client), -1);
    ck_assert_int_eq(errno, EACCES);
    ck_assert_int_eq(drmIoctl(t.drm_fd, DRM_IOCTL_SET_CLIENT_CAP, &scc), -1);
    ck_assert_int_eq(errno, EACCES);
    /* the primary node's client may */
    card = open("/dev/dri/card0", O_RDWR);
    ck_assert_int_ge(card, 0);
    ck_assert_int_eq(drmIoctl(card, DRM_IOCTL_GET_CLIENT, &client), 0);
    ck_assert_int_eq(client.auth, 1);
    ck_assert_uint_eq(client.pid, (unsigned long)getpid());
    client.idx = 1;
    ck_assert_int_eq(drmIoctl(card, DRM_IOCTL_GET_CLIENT, &client), -1);
    ck_assert_int_eq(errno, EINVAL);
    close(card);
    /* an ioctl number DRM does not have */
    ck_assert_int_eq(drmIoctl(t.drm_fd, DRM_IOWR(0x3f, struct drm_get_cap), &cap), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(drmIoctl(t.drm_fd, DRM_IOWR(DRM_COMMAND_BASE + 0x0a, struct drm_get_cap),
                              &cap), -1);
    ck_assert_int_eq(errno, EINVAL);
    /* PRIME is not simulated: refused, with one note on stderr */
    capture_begin(&c);
    ck_assert_int_eq(drmIoctl(t.drm_fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &ph), -1);
    ck_assert_int_eq(errno, EOPNOTSUPP);
    ck_assert_int_eq(drmIoctl(t.drm_fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &ph), -1);
    err = capture_end(&c);
    ck_assert_str_eq(err, "amdgpu 0000:03:00.0: [amdpm4 sim] DRM_IOCTL_PRIME_HANDLE_TO_FD is "
                          "not simulated (refused with EOPNOTSUPP)\n");
    /* VMIDs are not modelled: reserving one is accepted */
    ck_assert_int_eq(amdgpu_vm_reserve_vmid(t.dev, 0), 0);
    ck_assert_int_eq(amdgpu_vm_unreserve_vmid(t.dev, 0), 0);
    /* a NULL argument is a bad address, not a crash */
    ck_assert_int_eq(ioctl(t.drm_fd, DRM_IOCTL_AMDGPU_INFO, NULL), -1);
    ck_assert_int_eq(errno, EFAULT);
    tdev_close(&t);
}
END_TEST

START_TEST(mem_gem_op_and_metadata)
{
    struct amdgpu_bo_metadata md = {.flags = 0, .tiling_info = 0x1234, .size_metadata = 8,
                                    .umd_metadata = {0xAB, 0xCD}};
    struct amdgpu_bo_info info;
    struct drm_amdgpu_gem_op op = {0};
    struct tdev t;
    struct tbo a;
    uint32_t h;

    tdev_open(&t);
    ck_assert_int_eq(tbo_alloc(&t, &a, 8192, AMDGPU_GEM_DOMAIN_VRAM,
                               AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED, false), 0);
    ck_assert_int_eq(amdgpu_bo_set_metadata(a.bo, &md), 0);
    ck_assert_int_eq(amdgpu_bo_query_info(a.bo, &info), 0);
    ck_assert_uint_eq(info.alloc_size, 8192);
    ck_assert_uint_eq(info.preferred_heap, AMDGPU_GEM_DOMAIN_VRAM);
    ck_assert_uint_eq(info.alloc_flags, AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED);
    ck_assert_uint_eq(info.metadata.tiling_info, 0x1234);
    ck_assert_uint_eq(info.metadata.size_metadata, 8);
    ck_assert_uint_eq(info.metadata.umd_metadata[1], 0xCD);
    ck_assert_int_eq(amdgpu_bo_export(a.bo, amdgpu_bo_handle_type_kms, &h), 0);
    op.handle = h;
    op.op = AMDGPU_GEM_OP_SET_PLACEMENT;
    op.value = AMDGPU_GEM_DOMAIN_GTT;
    ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_GEM_OP, &op, sizeof(op)), 0);
    ck_assert_int_eq(amdgpu_bo_query_info(a.bo, &info), 0);
    ck_assert_uint_eq(info.preferred_heap, AMDGPU_GEM_DOMAIN_GTT);
    op.op = 7;
    ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_GEM_OP, &op, sizeof(op)), -EINVAL);
    op.op = AMDGPU_GEM_OP_GET_GEM_CREATE_INFO;
    op.value = 24;   /* not memory */
    ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_GEM_OP, &op, sizeof(op)), -EFAULT);
    op.handle = 999;
    ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_GEM_OP, &op, sizeof(op)), -ENOENT);
    md.size_metadata = 300;
    ck_assert_int_eq(amdgpu_bo_set_metadata(a.bo, &md), -EINVAL);
    tbo_free(&a);
    tdev_close(&t);
}
END_TEST

/* ---------------------------------------------------------------- memory */

START_TEST(mem_heaps_and_usage)
{
    struct amdgpu_heap_info h;
    struct drm_amdgpu_info_vram_gtt vg;
    uint64_t v0, g0, v1, g1;
    struct tbo a, b;
    struct tdev t;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_query_heap_info(t.dev, AMDGPU_GEM_DOMAIN_VRAM, 0, &h), 0);
    ck_assert_uint_eq(h.heap_size, N31_VRAM_USABLE);
    ck_assert_uint_eq(h.max_allocation, N31_VRAM_USABLE);   /* libdrm: the heap size */
    {
        struct drm_amdgpu_memory_info mi;

        ck_assert_int_eq(amdgpu_query_info(t.dev, AMDGPU_INFO_MEMORY, sizeof(mi), &mi), 0);
        ck_assert_uint_eq(mi.vram.total_heap_size, 25753026560ull);
        ck_assert_uint_eq(mi.vram.usable_heap_size, N31_VRAM_USABLE);
        ck_assert_uint_eq(mi.vram.max_allocation, N31_VRAM_USABLE * 3 / 4);
        ck_assert_uint_eq(mi.gtt.total_heap_size, N31_GTT_TOTAL);
        ck_assert_uint_eq(mi.gtt.usable_heap_size, N31_GTT_USABLE);
        ck_assert_uint_eq(mi.cpu_accessible_vram.usable_heap_size, N31_VRAM_USABLE);
    }
    ck_assert_int_eq(amdgpu_query_heap_info(t.dev, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
    ck_assert_uint_eq(h.heap_size, N31_GTT_USABLE);
    ck_assert_int_eq(amdgpu_query_info(t.dev, AMDGPU_INFO_VRAM_GTT, sizeof(vg), &vg), 0);
    ck_assert_uint_eq(vg.vram_size, N31_VRAM_USABLE);
    ck_assert_uint_eq(vg.vram_cpu_accessible_size, N31_VRAM_USABLE);   /* resizable BAR */

    v0 = info_u64(&t, AMDGPU_INFO_VRAM_USAGE);
    g0 = info_u64(&t, AMDGPU_INFO_GTT_USAGE);
    ck_assert_uint_eq(v0, N31_VRAM_PIN);   /* only what the kernel pins */
    ck_assert_uint_eq(g0, N31_GART_PIN);
    ck_assert_int_eq(tbo_alloc(&t, &a, 64 * MiB, AMDGPU_GEM_DOMAIN_VRAM, 0, false), 0);
    ck_assert_int_eq(tbo_alloc(&t, &b, 3 * MiB + 100, AMDGPU_GEM_DOMAIN_GTT, 0, false), 0);
    v1 = info_u64(&t, AMDGPU_INFO_VRAM_USAGE);
    g1 = info_u64(&t, AMDGPU_INFO_GTT_USAGE);
    ck_assert_uint_eq(v1 - v0, 64 * MiB);
    ck_assert_uint_eq(g1 - g0, 3 * MiB + 4096);   /* page granular */
    ck_assert_uint_eq(info_u64(&t, AMDGPU_INFO_VIS_VRAM_USAGE) - N31_VRAM_PIN, 64 * MiB);
    tbo_free(&a);
    tbo_free(&b);
    ck_assert_uint_eq(info_u64(&t, AMDGPU_INFO_VRAM_USAGE), v0);
    ck_assert_uint_eq(info_u64(&t, AMDGPU_INFO_GTT_USAGE), g0);
    tdev_close(&t);
}
END_TEST

START_TEST(mem_domains_and_limits)
{
    struct amdgpu_bo_alloc_request req = {.alloc_size = 4096, .phys_alignment = 4096};
    struct amdgpu_bo_info info;
    amdgpu_bo_handle bo;
    struct tbo c;
    struct tdev t;
    uint64_t g0;

    tdev_open(&t);
    /* the CPU domain counts in no GPU heap */
    g0 = info_u64(&t, AMDGPU_INFO_GTT_USAGE);
    ck_assert_int_eq(tbo_alloc(&t, &c, 1 * MiB, AMDGPU_GEM_DOMAIN_CPU, 0, true), 0);
    ck_assert_uint_eq(info_u64(&t, AMDGPU_INFO_GTT_USAGE), g0);
    memset(c.cpu, 0x11, 1 * MiB);
    tbo_free(&c);

    /* bigger than VRAM but not than GTT: amdgpu retries in VRAM|GTT */
    req.alloc_size = 25 * GiB;
    req.preferred_heap = AMDGPU_GEM_DOMAIN_VRAM;
    ck_assert_int_eq(amdgpu_bo_alloc(t.dev, &req, &bo), 0);
    ck_assert_uint_eq(info_u64(&t, AMDGPU_INFO_GTT_USAGE), g0 + 25 * GiB);
    ck_assert_int_eq(amdgpu_bo_query_info(bo, &info), 0);
    ck_assert_uint_eq(info.preferred_heap, AMDGPU_GEM_DOMAIN_VRAM | AMDGPU_GEM_DOMAIN_GTT);
    ck_assert_uint_eq(info.alloc_size, 25 * GiB);
    amdgpu_bo_free(bo);
    /* bigger than both heaps */
    req.alloc_size = 32 * GiB;
    ck_assert_int_eq(amdgpu_bo_alloc(t.dev, &req, &bo), -ENOMEM);
    req.alloc_size = 31 * GiB;
    req.preferred_heap = AMDGPU_GEM_DOMAIN_GTT;
    ck_assert_int_eq(amdgpu_bo_alloc(t.dev, &req, &bo), -ENOMEM);
    /* refused arguments */
    req.alloc_size = 4096;
    req.preferred_heap = 0x40;
    ck_assert_int_eq(amdgpu_bo_alloc(t.dev, &req, &bo), -EINVAL);
    req.preferred_heap = AMDGPU_GEM_DOMAIN_VRAM;
    req.flags = 1ull << 20;
    ck_assert_int_eq(amdgpu_bo_alloc(t.dev, &req, &bo), -EINVAL);
    req.flags = AMDGPU_GEM_CREATE_ENCRYPTED;   /* no TMZ on navi31 */
    ck_assert_int_eq(amdgpu_bo_alloc(t.dev, &req, &bo), -EINVAL);
    tdev_close(&t);
}
END_TEST

/* 24 GiB of VRAM costs nothing until touched. */
START_TEST(mem_lazy_backing)
{
    struct amdgpu_bo_alloc_request req = {.alloc_size = 16 * GiB, .phys_alignment = 4096,
                                          .preferred_heap = AMDGPU_GEM_DOMAIN_VRAM};
    long rss0, rss1, pages;
    amdgpu_bo_handle bo;
    struct tdev t;
    uint8_t *p;
    FILE *fp;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_bo_alloc(t.dev, &req, &bo), 0);
    ck_assert_int_eq(amdgpu_bo_cpu_map(bo, (void **)&p), 0);
    fp = fopen("/proc/self/statm", "r");
    ck_assert_int_eq(fscanf(fp, "%ld %ld", &pages, &rss0), 2);
    fclose(fp);
    p[0] = 1;
    p[8 * GiB] = 2;
    p[16 * GiB - 1] = 3;
    fp = fopen("/proc/self/statm", "r");
    ck_assert_int_eq(fscanf(fp, "%ld %ld", &pages, &rss1), 2);
    fclose(fp);
    /* three touched pages, not gigabytes */
    ck_assert_int_lt((rss1 - rss0) * sysconf(_SC_PAGESIZE), 1 * MiB);
    ck_assert_uint_eq(p[8 * GiB], 2);
    ck_assert_uint_eq(p[4 * GiB], 0);   /* fresh VRAM reads as zeros */
    amdgpu_bo_cpu_unmap(bo);
    amdgpu_bo_free(bo);
    tdev_close(&t);
}
END_TEST

/* AMDPM4_SIM_VISIBLE_VRAM=256M: a small BAR. */
START_TEST(mem_small_bar)
{
    struct drm_amdgpu_info_vram_gtt vg;
    struct tbo big, hidden;
    uint64_t v0, g0;
    struct tdev t;
    void *p;

    setenv("AMDPM4_SIM_VISIBLE_VRAM", "256M", 1);
    tdev_open(&t);
    ck_assert_int_eq(amdgpu_query_info(t.dev, AMDGPU_INFO_VRAM_GTT, sizeof(vg), &vg), 0);
    ck_assert_uint_eq(vg.vram_cpu_accessible_size, 256 * MiB - N31_VRAM_PIN);

    /* NO_CPU_ACCESS: no CPU mapping at all */
    ck_assert_int_eq(tbo_alloc(&t, &hidden, 1 * MiB, AMDGPU_GEM_DOMAIN_VRAM,
                               AMDGPU_GEM_CREATE_NO_CPU_ACCESS, false), 0);
    ck_assert_int_eq(amdgpu_bo_cpu_map(hidden.bo, &p), -EPERM);

    /* 512 MiB with CPU_ACCESS_REQUIRED cannot lie in the window: amdgpu drops
     * the flag and places it in invisible VRAM; mapping it for the CPU
     * moves it to GTT, as a CPU page fault does */
    v0 = info_u64(&t, AMDGPU_INFO_VRAM_USAGE);
    g0 = info_u64(&t, AMDGPU_INFO_GTT_USAGE);
    ck_assert_int_eq(tbo_alloc(&t, &big, 512 * MiB, AMDGPU_GEM_DOMAIN_VRAM,
                               AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED, false), 0);
    ck_assert_uint_eq(info_u64(&t, AMDGPU_INFO_VRAM_USAGE), v0 + 512 * MiB);
    ck_assert_uint_eq(info_u64(&t, AMDGPU_INFO_VIS_VRAM_USAGE), N31_VRAM_PIN);
    ck_assert_int_eq(amdgpu_bo_cpu_map(big.bo, &big.cpu), 0);
    ck_assert_uint_eq(info_u64(&t, AMDGPU_INFO_VRAM_USAGE), v0);
    ck_assert_uint_eq(info_u64(&t, AMDGPU_INFO_GTT_USAGE), g0 + 512 * MiB);
    ck_assert_uint_eq(info_u64(&t, AMDGPU_INFO_NUM_VRAM_CPU_PAGE_FAULTS), 1);
    memset(big.cpu, 0x33, 4096);
    tbo_free(&big);
    tbo_free(&hidden);
    tdev_close(&t);
}
END_TEST

START_TEST(mem_cpu_map_and_va)
{
    struct tdev t;
    struct tbo a;
    uint32_t h;
    int fd;

    tdev_open(&t);
    fd = t.drm_fd;
    ck_assert_int_eq(tbo_alloc(&t, &a, 64 * 1024, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    for (unsigned i = 0; i < 64 * 1024 / 4; i++)
        ((uint32_t *)a.cpu)[i] = i * 2654435761u;
    /* a second mapping of the same BO sees the same bytes */
    {
        void *p2;
        union drm_amdgpu_gem_mmap mm = {0};
        uint32_t handle;

        ck_assert_int_eq(amdgpu_bo_export(a.bo, amdgpu_bo_handle_type_kms, &handle), 0);
        mm.in.handle = handle;
        ck_assert_int_eq(drmCommandWriteRead(fd, DRM_AMDGPU_GEM_MMAP, &mm, sizeof(mm)), 0);
        p2 = mmap(NULL, 64 * 1024, PROT_READ, MAP_SHARED, fd, (off_t)mm.out.addr_ptr);
        ck_assert_ptr_ne(p2, MAP_FAILED);
        ck_assert_uint_eq(((uint32_t *)p2)[1000], 1000 * 2654435761u);
        munmap(p2, 64 * 1024);
        /* an mmap offset that is no BO's, and a mapping longer than the BO */
        ck_assert_ptr_eq(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0x1000), MAP_FAILED);
        ck_assert_int_eq(errno, EINVAL);
        ck_assert_ptr_eq(mmap(NULL, 128 * 1024, PROT_READ, MAP_SHARED, fd,
                              (off_t)mm.out.addr_ptr), MAP_FAILED);
        ck_assert_int_eq(errno, EINVAL);
        mm.in.handle = 999;
        ck_assert_int_eq(drmCommandWriteRead(fd, DRM_AMDGPU_GEM_MMAP, &mm, sizeof(mm)), -ENOENT);
        h = handle;
    }
    /* GEM_VA refusals (amdgpu_gem_va_ioctl / amdgpu_vm_bo_map) */
    {
        struct drm_amdgpu_gem_va va = {.handle = h, .operation = AMDGPU_VA_OP_MAP,
                                       .flags = AMDGPU_VM_PAGE_READABLE, .map_size = 4096};

        va.va_address = 0x1000;                       /* below the reserved 2 MiB */
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), -EINVAL);
        va.va_address = 0x900000000000;               /* in the hole */
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), -EINVAL);
        va.va_address = 0x400001000 + 8;              /* unaligned */
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), -EINVAL);
        va.va_address = 0x400000000;
        va.offset_in_bo = 64 * 1024;                  /* past the BO */
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), -EINVAL);
        va.offset_in_bo = 0;
        va.va_address = a.va + 4096;                  /* overlaps the existing mapping */
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), -EINVAL);
        va.va_address = 0x400000000;
        va.handle = 4242;
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), -ENOENT);
        va.handle = h;
        va.flags = 1u << 30;                          /* unknown flag */
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), -EINVAL);
        va.flags = AMDGPU_VM_PAGE_READABLE;
        va.operation = 9;
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), -EINVAL);
        /* a second mapping in the high half, then unmap by start address */
        va.operation = AMDGPU_VA_OP_MAP;
        va.va_address = 0xffff800000100000;
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), 0);
        va.operation = AMDGPU_VA_OP_UNMAP;
        va.va_address = 0xffff800000200000;
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), -ENOENT);
        va.va_address = 0xffff800000100000;
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), 0);
        /* CLEAR needs no BO; REPLACE maps over whatever was there */
        va.operation = AMDGPU_VA_OP_CLEAR;
        va.handle = 0;
        va.va_address = a.va;
        va.map_size = 4096;
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), 0);
        va.operation = AMDGPU_VA_OP_REPLACE;
        va.handle = h;
        va.map_size = 8192;
        ck_assert_int_eq(drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &va, sizeof(va)), 0);
    }
    tbo_free(&a);
    /* GEM_CLOSE of an unknown handle */
    {
        struct drm_gem_close gc = {.handle = h};

        ck_assert_int_eq(drmIoctl(fd, DRM_IOCTL_GEM_CLOSE, &gc), -1);
        ck_assert_int_eq(errno, EINVAL);
    }
    tdev_close(&t);
}
END_TEST

/* ---------------------------------------------------------------- the command processor */

START_TEST(cp_write_data_lands)
{
    amdgpu_context_handle ctx;
    struct tbo ib, dst, *bos[1] = {&dst};
    struct tdev t;
    uint32_t *p;

    setup(&t, &ctx, &ib, &dst, 4096, AMDGPU_GEM_DOMAIN_VRAM);
    p = ib.cpu;
    /* WRITE_DATA, 3 data dwords: PKT3 COUNT 5 IT_OPCODE 0x37 SHADER_TYPE 1 */
    p[0] = 0xC0053702;
    p[1] = 0x00100500;            /* DST_SEL 5 (memory), WR_CONFIRM */
    p[2] = lo32(dst.va + 16);
    p[3] = hi32(dst.va + 16);
    p[4] = 0xCAFE0001;
    p[5] = 0xCAFE0002;
    p[6] = 0xCAFE0003;
    p[7] = 0xFFFF1000;            /* one-dword NOP */
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_COMPUTE, &ib, 8, bos, 1), 0);
    p = dst.cpu;
    ck_assert_uint_eq(p[3], 0);
    ck_assert_uint_eq(p[4], 0xCAFE0001);
    ck_assert_uint_eq(p[5], 0xCAFE0002);
    ck_assert_uint_eq(p[6], 0xCAFE0003);
    ck_assert_uint_eq(p[7], 0);
    /* on the GFX ring, after CONTEXT_CONTROL (PKT3 COUNT 1 IT_OPCODE 0x28:
     * LOAD_ENABLE 0x80000000, SHADOW_ENABLE 0x80000000, as libdrm's gfx
     * tests open their IBs) */
    p = ib.cpu;
    memmove(p + 3, p, 8 * 4);
    p[0] = 0xC0012800;
    p[1] = 0x80000000;
    p[2] = 0x80000000;
    p[7] = 0xBEEF0001;
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_GFX, &ib, 11, bos, 1), 0);
    ck_assert_uint_eq(((uint32_t *)dst.cpu)[4], 0xBEEF0001);
    teardown(&t, ctx, &ib, &dst);
}
END_TEST

START_TEST(cp_release_mem_fence_and_timestamp)
{
    amdgpu_context_handle ctx;
    struct tbo ib, dst, *bos[1] = {&dst};
    uint64_t t0, t1, ts;
    struct tdev t;
    uint32_t *p;

    setup(&t, &ctx, &ib, &dst, 4096, AMDGPU_GEM_DOMAIN_GTT);
    p = ib.cpu;
    /* RELEASE_MEM: PKT3 COUNT 6 IT_OPCODE 0x49 */
    p[0] = 0xC0064900;
    p[1] = 0x00000514;            /* EVENT_TYPE 0x14 CACHE_FLUSH_AND_INV_TS, EVENT_INDEX 5 */
    p[2] = 0x20000000;            /* DATA_SEL 1 (32-bit), DST_SEL 0, INT_SEL 0 */
    p[3] = lo32(dst.va);
    p[4] = hi32(dst.va);
    p[5] = 0x12345678;
    p[6] = 0x9ABCDEF0;
    p[7] = 0;
    /* RELEASE_MEM with DATA_SEL 3: the 64-bit GPU clock */
    p[8] = 0xC0064900;
    p[9] = 0x00000514;
    p[10] = 0x60000000;
    p[11] = lo32(dst.va + 8);
    p[12] = hi32(dst.va + 8);
    p[13] = 0;
    p[14] = 0;
    p[15] = 0;
    /* RELEASE_MEM with DATA_SEL 2: 64-bit data */
    p[16] = 0xC0064900;
    p[17] = 0x00000514;
    p[18] = 0x40000000;
    p[19] = lo32(dst.va + 16);
    p[20] = hi32(dst.va + 16);
    p[21] = 0x11111111;
    p[22] = 0x22222222;
    p[23] = 0;
    t0 = info_u64(&t, AMDGPU_INFO_TIMESTAMP);
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_COMPUTE, &ib, 24, bos, 1), 0);
    t1 = info_u64(&t, AMDGPU_INFO_TIMESTAMP);
    p = dst.cpu;
    ck_assert_uint_eq(p[0], 0x12345678);
    ck_assert_uint_eq(p[1], 0);   /* 32-bit data: the high dword is not written */
    memcpy(&ts, &p[2], 8);
    ck_assert_uint_le(t0, ts);
    ck_assert_uint_le(ts, t1);
    ck_assert_uint_eq(p[4], 0x11111111);
    ck_assert_uint_eq(p[5], 0x22222222);
    /* the clock counts at 100 MHz: between two readings 20 ms apart, the
     * ticks lie within the CLOCK_MONOTONIC intervals around them / 10 ns */
    {
        struct timespec d = {0, 20000000}, m0, m1, m2, m3;
        uint64_t a, b, inner_ns, outer_ns;

        clock_gettime(CLOCK_MONOTONIC, &m0);
        a = info_u64(&t, AMDGPU_INFO_TIMESTAMP);
        clock_gettime(CLOCK_MONOTONIC, &m1);
        nanosleep(&d, NULL);
        clock_gettime(CLOCK_MONOTONIC, &m2);
        b = info_u64(&t, AMDGPU_INFO_TIMESTAMP);
        clock_gettime(CLOCK_MONOTONIC, &m3);
        inner_ns = (uint64_t)((m2.tv_sec - m1.tv_sec) * 1000000000L + (m2.tv_nsec - m1.tv_nsec));
        outer_ns = (uint64_t)((m3.tv_sec - m0.tv_sec) * 1000000000L + (m3.tv_nsec - m0.tv_nsec));
        ck_assert_uint_ge(inner_ns, 20000000);
        ck_assert_uint_ge(b - a + 1, inner_ns / 10);
        ck_assert_uint_le(b - a, outer_ns / 10 + 1);
    }
    teardown(&t, ctx, &ib, &dst);
}
END_TEST

/* SET_SH_REG / SET_UCONFIG_REG land in the CP's register file: COPY_DATA
 * reads them back to memory.  Also COPY_DATA immediate and DMA_DATA. */
START_TEST(cp_registers_copy_and_dma)
{
    amdgpu_context_handle ctx;
    struct tbo ib, buf, *bos[1] = {&buf};
    struct tdev t;
    uint32_t *p, *b;
    unsigned n = 0;

    setup(&t, &ctx, &ib, &buf, 65536, AMDGPU_GEM_DOMAIN_VRAM);
    p = ib.cpu;
    b = buf.cpu;
    for (unsigned i = 0; i < 256; i++)
        b[1024 + i] = 0x01010101u * i;
    /* SET_SH_REG COMPUTE_USER_DATA_0 (offset 0x240) = 0xA5A5F00D */
    p[n++] = 0xC0017602;
    p[n++] = 0x00000240;
    p[n++] = 0xA5A5F00D;
    /* SET_SH_REG_INDEX INDEX 3 (APPLY_KMD_CU_AND_MASK), offset 0x216
     * (COMPUTE_STATIC_THREAD_MGMT_SE0, SE1) = {0xFFFFFFFF, 0x0000FFFF}, as
     * libdrm's gfx11 test writes CU masks */
    p[n++] = 0xC0029B02;
    p[n++] = 0x30000216;
    p[n++] = 0xFFFFFFFF;
    p[n++] = 0x0000FFFF;
    pkt_copy_data(p, &n, 0x00110500, 0x00002E16, buf.va + 16);
    /* SET_UCONFIG_REG SCRATCH_REG0 (0xC040: offset 0x40) = 0x5EED0001 */
    p[n++] = 0xC0017900;
    p[n++] = 0x00000040;
    p[n++] = 0x5EED0001;
    /* COPY_DATA register 0x2E40 -> memory buf+0: SRC_SEL 0, DST_SEL 5, WR_CONFIRM */
    pkt_copy_data(p, &n, 0x00100500, 0x00002E40, buf.va);
    /* COPY_DATA register 0xC040 -> memory buf+4 */
    pkt_copy_data(p, &n, 0x00100500, 0x0000C040, buf.va + 4);
    /* COPY_DATA immediate 64-bit -> memory buf+8: SRC_SEL 5, DST_SEL 5, COUNT_SEL 1 */
    pkt_copy_data(p, &n, 0x00110505, (uint64_t)0x01234567 << 32 | 0x89ABCDEF, buf.va + 8);
    /* DMA_DATA copy 1024 bytes buf+4096 -> buf+8192: SRC_SEL 0, DST_SEL 0, CP_SYNC */
    p[n++] = 0xC0055000;
    p[n++] = 0x80000000;
    p[n++] = lo32(buf.va + 4096);
    p[n++] = hi32(buf.va + 4096);
    p[n++] = lo32(buf.va + 8192);
    p[n++] = hi32(buf.va + 8192);
    p[n++] = 1024;
    /* DMA_DATA fill 256 bytes at buf+12288 with 0x77665544: SRC_SEL 2 (data) */
    p[n++] = 0xC0055000;
    p[n++] = 0xC0000000;
    p[n++] = 0x77665544;
    p[n++] = 0;
    p[n++] = lo32(buf.va + 12288);
    p[n++] = hi32(buf.va + 12288);
    p[n++] = 256;
    /* ACQUIRE_MEM (everything invalidated and written back) and EVENT_WRITE
     * CS_PARTIAL_FLUSH: accepted, nothing to do */
    p[n++] = 0xC0065800;
    p[n++] = 0;
    p[n++] = 0xFFFFFFFF;
    p[n++] = 0x00FFFFFF;
    p[n++] = 0;
    p[n++] = 0;
    p[n++] = 0x0000000A;
    p[n++] = 0x0000C3F1;
    p[n++] = 0xC0004600;
    p[n++] = 0x00000407;
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_COMPUTE, &ib, n, bos, 1), 0);
    ck_assert_uint_eq(b[0], 0xA5A5F00D);
    ck_assert_uint_eq(b[1], 0x5EED0001);
    ck_assert_uint_eq(b[2], 0x89ABCDEF);
    ck_assert_uint_eq(b[3], 0x01234567);
    ck_assert_uint_eq(b[4], 0xFFFFFFFF);
    ck_assert_uint_eq(b[5], 0x0000FFFF);
    ck_assert_int_eq(memcmp(&b[2048], &b[1024], 1024), 0);
    ck_assert_uint_eq(b[2048 + 255], 0x01010101u * 255);
    for (unsigned i = 0; i < 64; i++)
        ck_assert_uint_eq(b[3072 + i], 0x77665544);
    ck_assert_uint_eq(b[3072 + 64], 0);
    teardown(&t, ctx, &ib, &buf);
}
END_TEST

/* INDIRECT_BUFFER: IB1 calls IB2, IB2 chains to IB3; a third level faults. */
START_TEST(cp_nested_and_chained_ibs)
{
    unsigned n;
    amdgpu_context_handle ctx;
    struct tbo ib, dst, *bos[1] = {&dst};
    struct tdev t;
    uint32_t *p, *ib2, *ib3;
    uint64_t ib2_va, ib3_va;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &ctx), 0);
    ck_assert_int_eq(tbo_alloc(&t, &ib, 8192, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    ck_assert_int_eq(tbo_alloc(&t, &dst, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    p = ib.cpu;
    ib2 = p + 256;
    ib3 = p + 512;
    ib2_va = ib.va + 1024;
    ib3_va = ib.va + 2048;
    /* IB1: INDIRECT_BUFFER (PKT3 COUNT 2 IT_OPCODE 0x3F) to IB2, 10 dw, VALID */
    p[0] = 0xC0023F00;
    p[1] = lo32(ib2_va);
    p[2] = hi32(ib2_va);
    p[3] = 0x0080000A;
    /* back in IB1: WRITE_DATA dst+0 = 3 */
    n = 4;
    pkt_write_data(p, &n, dst.va, 3);
    /* IB2: WRITE_DATA dst+4 = 2, a NOP, then INDIRECT_BUFFER to IB3 with
     * CHAIN (bit 20): IB2 ends there and IB3 runs in its place */
    n = 0;
    pkt_write_data(ib2, &n, dst.va + 4, 2);
    ib2[5] = 0xFFFF1000;
    ib2[6] = 0xC0023F00;
    ib2[7] = lo32(ib3_va);
    ib2[8] = hi32(ib3_va);
    ib2[9] = 0x00900005;   /* VALID | CHAIN | 5 dw */
    /* IB3: WRITE_DATA dst+8 = 1 */
    n = 0;
    pkt_write_data(ib3, &n, dst.va + 8, 1);
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_COMPUTE, &ib, 9, bos, 1), 0);
    ck_assert_uint_eq(((uint32_t *)dst.cpu)[0], 3);
    ck_assert_uint_eq(((uint32_t *)dst.cpu)[1], 2);
    ck_assert_uint_eq(((uint32_t *)dst.cpu)[2], 1);

    /* without CHAIN, IB2 calls IB3 below it: a third level, refused */
    ib2[9] = 0x00800005;
    {
        struct capture c;
        char *err;

        capture_begin(&c);
        ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_COMPUTE, &ib, 9, bos, 1), -ETIME);
        err = capture_end(&c);
        ck_assert_ptr_nonnull(strstr(err, "INDIRECT_BUFFER at 0x"));
        ck_assert_ptr_nonnull(strstr(err, "(IB2 0x"));
        ck_assert_ptr_nonnull(strstr(err, "IB nesting deeper than two levels"));
    }
    teardown(&t, ctx, &ib, &dst);
}
END_TEST

/* DISPATCH_DIRECT / DISPATCH_INDIRECT load the grid and initiator into the
 * COMPUTE_DIM_* and COMPUTE_DISPATCH_INITIATOR registers; a grid with a zero
 * dimension launches nothing (so the executor is not asked). */
START_TEST(cp_dispatch_registers)
{
    amdgpu_context_handle ctx;
    struct tbo ib, buf, *bos[1] = {&buf};
    struct tdev t;
    uint32_t *p, *b;
    unsigned n = 0;

    setup(&t, &ctx, &ib, &buf, 4096, AMDGPU_GEM_DOMAIN_GTT);
    p = ib.cpu;
    b = buf.cpu;
    b[256] = 9;   /* indirect grid {9, 7, 0} */
    b[257] = 7;
    b[258] = 0;
    /* DISPATCH_DIRECT 5 x 0 x 3, initiator 0x8045 */
    p[n++] = 0xC0031502;
    p[n++] = 5;
    p[n++] = 0;
    p[n++] = 3;
    p[n++] = 0x00008045;
    /* COPY_DATA 64-bit registers 0x2E01..0x2E02 (DIM_X, DIM_Y) -> buf+0 */
    pkt_copy_data(p, &n, 0x00110500, 0x00002E01, buf.va);
    /* COPY_DATA register 0x2E00 (DISPATCH_INITIATOR) -> buf+8 */
    pkt_copy_data(p, &n, 0x00100500, 0x00002E00, buf.va + 8);
    /* DISPATCH_INDIRECT from buf+1024, initiator 1 */
    p[n++] = 0xC0021602;
    p[n++] = lo32(buf.va + 1024);
    p[n++] = hi32(buf.va + 1024);
    p[n++] = 0x00000001;
    /* WRITE_DATA to register COMPUTE_USER_DATA_1 (DST_SEL 0) = 0x77 */
    p[n++] = 0xC0033700;
    p[n++] = 0x00000000;
    p[n++] = 0x00002E41;
    p[n++] = 0;
    p[n++] = 0x77;
    /* COPY_DATA 64-bit registers 0x2E01, 0x2E02 -> buf+16; 0x2E41 -> buf+24 */
    pkt_copy_data(p, &n, 0x00110500, 0x00002E01, buf.va + 16);
    pkt_copy_data(p, &n, 0x00100500, 0x00002E41, buf.va + 24);
    /* WAIT_REG_MEM on a register: USER_DATA_1 == 0x77 holds at once */
    p[n++] = 0xC0053C00;
    p[n++] = 0x00000003;   /* FUNCTION 3 (==), MEM_SPACE 0 (register) */
    p[n++] = 0x00002E41;
    p[n++] = 0;
    p[n++] = 0x77;
    p[n++] = 0xFFFFFFFF;
    p[n++] = 0x0000000A;
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_COMPUTE, &ib, n, bos, 1), 0);
    ck_assert_uint_eq(b[0], 5);
    ck_assert_uint_eq(b[1], 0);
    ck_assert_uint_eq(b[2], 0x8045);
    ck_assert_uint_eq(b[4], 9);
    ck_assert_uint_eq(b[5], 7);
    ck_assert_uint_eq(b[6], 0x77);
    teardown(&t, ctx, &ib, &buf);
}
END_TEST

/* ---------------------------------------------------------------- SDMA */

static void sdma_fill(uint32_t *p, unsigned *n, uint64_t va, uint32_t data, uint32_t bytes)
{
    /* CONSTANT_FILL: OP 11, FILLSIZE 2 (dword) in [31:30]; COUNT = bytes - 1 */
    p[(*n)++] = 0x8000000B;
    p[(*n)++] = lo32(va);
    p[(*n)++] = hi32(va);
    p[(*n)++] = data;
    p[(*n)++] = bytes - 1;
}

static void sdma_copy(uint32_t *p, unsigned *n, uint64_t dst, uint64_t src, uint32_t bytes)
{
    /* COPY_LINEAR: OP 1 SUB_OP 0; COUNT = bytes - 1; parameters 0 */
    p[(*n)++] = 0x00000001;
    p[(*n)++] = bytes - 1;
    p[(*n)++] = 0;
    p[(*n)++] = lo32(src);
    p[(*n)++] = hi32(src);
    p[(*n)++] = lo32(dst);
    p[(*n)++] = hi32(dst);
}

START_TEST(sdma_copy_fill_vram_gtt)
{
    const uint32_t bytes = 4 * MiB;
    amdgpu_context_handle ctx;
    struct tbo ib, vram, gtt, *bos[2] = {&vram, &gtt};
    struct tdev t;
    uint32_t *p, *g;
    unsigned n = 0;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &ctx), 0);
    ck_assert_int_eq(tbo_alloc(&t, &ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    ck_assert_int_eq(tbo_alloc(&t, &vram, bytes, AMDGPU_GEM_DOMAIN_VRAM,
                               AMDGPU_GEM_CREATE_NO_CPU_ACCESS, false), 0);
    ck_assert_int_eq(tbo_alloc(&t, &gtt, 2 * bytes, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    g = gtt.cpu;
    for (uint32_t i = 0; i < bytes / 4; i++)
        g[i] = i * 2654435761u ^ 0x5bd1e995u;
    p = ib.cpu;
    /* fill VRAM, copy a pattern over its middle from GTT, copy it all back */
    sdma_fill(p, &n, vram.va, 0xD00DFEED, bytes);
    sdma_copy(p, &n, vram.va + 4096, gtt.va + 4096, bytes - 8192);
    sdma_copy(p, &n, gtt.va + bytes, vram.va, bytes);
    p[n++] = 0;   /* NOP */
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_DMA, &ib, n, bos, 2), 0);
    for (uint32_t i = 0; i < bytes / 4; i++) {
        uint32_t want = i < 1024 || i >= bytes / 4 - 1024 ? 0xD00DFEED : g[i];

        if (g[bytes / 4 + i] != want)
            ck_abort_msg("dword %u: 0x%08x, expected 0x%08x", i, g[bytes / 4 + i], want);
    }
    tbo_free(&ib);
    tbo_free(&vram);
    tbo_free(&gtt);
    amdgpu_cs_ctx_free(ctx);
    tdev_close(&t);
}
END_TEST

START_TEST(sdma_write_fence_timestamp_poll)
{
    amdgpu_context_handle ctx;
    struct tbo ib, dst, *bos[1] = {&dst};
    uint64_t t0, t1, ts;
    struct tdev t;
    uint32_t *p, *d;
    unsigned n = 0;

    setup(&t, &ctx, &ib, &dst, 4096, AMDGPU_GEM_DOMAIN_VRAM);
    p = ib.cpu;
    d = dst.cpu;
    d[64] = 7;
    /* WRITE_UNTILED: OP 2; COUNT = dwords - 1 */
    p[n++] = 0x00000002;
    p[n++] = lo32(dst.va);
    p[n++] = hi32(dst.va);
    p[n++] = 2;
    p[n++] = 0xAAAA0000;
    p[n++] = 0xAAAA0001;
    p[n++] = 0xAAAA0002;
    /* POLL_REGMEM: OP 8, FUNC 3 (==) [30:28], MEM_POLL [31]; dst+256 == 7 */
    p[n++] = 0xB0000008;
    p[n++] = lo32(dst.va + 256);
    p[n++] = hi32(dst.va + 256);
    p[n++] = 7;
    p[n++] = 0xFFFFFFFF;
    p[n++] = 0x0FFF000A;   /* INTERVAL 10, RETRY_COUNT 0xfff */
    /* FENCE: OP 5, MTYPE 3 (UC) [18:16]; dst+16 = 0xFE11CE */
    p[n++] = 0x00030005;
    p[n++] = lo32(dst.va + 16);
    p[n++] = hi32(dst.va + 16);
    p[n++] = 0x00FE11CE;
    /* TIMESTAMP GET_GLOBAL: OP 13 SUB_OP 2 -> dst+24 */
    p[n++] = 0x0000020D;
    p[n++] = lo32(dst.va + 24);
    p[n++] = hi32(dst.va + 24);
    /* TRAP: OP 6 */
    p[n++] = 0x00000006;
    p[n++] = 0;
    /* NOP with COUNT 2: skips the two following dwords */
    p[n++] = 0x00020000;
    p[n++] = 0xDEADBEEF;
    p[n++] = 0xDEADBEEF;
    t0 = info_u64(&t, AMDGPU_INFO_TIMESTAMP);
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_DMA, &ib, n, bos, 1), 0);
    t1 = info_u64(&t, AMDGPU_INFO_TIMESTAMP);
    ck_assert_uint_eq(d[0], 0xAAAA0000);
    ck_assert_uint_eq(d[2], 0xAAAA0002);
    ck_assert_uint_eq(d[3], 0);
    ck_assert_uint_eq(d[4], 0x00FE11CE);
    memcpy(&ts, &d[6], 8);
    ck_assert_uint_le(t0, ts);
    ck_assert_uint_le(ts, t1);
    teardown(&t, ctx, &ib, &dst);
}
END_TEST

START_TEST(sdma_amdgpu_stress_tool)
{
    char *argv[] = {"/usr/bin/amdgpu_stress", "-b", "v", "64m", "-b", "g", "64m",
                    "-c", "1", "2", "64m", "4", NULL};
    char preload[4200];
    char *env[] = {preload, NULL};
    struct test_run r;

    snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", test_build_path("libamdpm4sim.so"));
    ck_assert_int_eq(test_run(&r, argv, NULL, env), 0);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "Allocated BO number 1 at 0x"));
    ck_assert_ptr_nonnull(strstr(r.out, ", domain 0x4, size 67108864\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "Submitted 4 IBs to copy from 1("));
    ck_assert_ptr_nonnull(strstr(r.out, " 67108864 bytes took "));
    test_run_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- submission and waits */

/* A job that waits on memory: busy until the CPU writes the value. */
START_TEST(cs_wait_busy_then_signaled)
{
    unsigned n;
    amdgpu_context_handle ctx;
    struct tbo ib, flag, *bos[1] = {&flag};
    uint32_t expired = 7, *p;
    struct timespec a, b;
    struct tdev t;
    uint64_t seq;

    setup(&t, &ctx, &ib, &flag, 4096, AMDGPU_GEM_DOMAIN_GTT);
    p = ib.cpu;
    /* WAIT_REG_MEM: PKT3 COUNT 5 IT_OPCODE 0x3C; FUNCTION 3 (==), MEM_SPACE 1 */
    n = 0;
    pkt_wait_eq(p, &n, flag.va, 0x600D);
    ck_assert_int_eq(submit(&t, ctx, AMDGPU_HW_IP_COMPUTE, 0, &ib, 7, bos, 1, &seq), 0);
    ck_assert_uint_eq(seq, 1);   /* the entity's first sequence number */
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 0, seq, 0, &expired), 0);
    ck_assert_uint_eq(expired, 0);
    /* a relative 30 ms wait times out after 30 ms */
    clock_gettime(CLOCK_MONOTONIC, &a);
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 0, seq, 30000000, &expired), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    ck_assert_uint_eq(expired, 0);
    ck_assert_int_ge((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec), 30000000L);
    /* GEM_WAIT_IDLE on the listed BO: busy */
    {
        bool busy = false;

        ck_assert_int_eq(amdgpu_bo_wait_for_idle(flag.bo, 0, &busy), 0);
        ck_assert(busy);
    }
    __atomic_store_n((uint32_t *)flag.cpu, 0x600D, __ATOMIC_SEQ_CST);
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 0, seq, AMDGPU_TIMEOUT_INFINITE,
                              &expired), 0);
    ck_assert_uint_eq(expired, 1);
    {
        bool busy = true;

        ck_assert_int_eq(amdgpu_bo_wait_for_idle(flag.bo, 0, &busy), 0);
        ck_assert(!busy);
    }
    /* WAIT_CS refusals: a sequence never emitted, an unknown context, a ring
     * the device does not have */
    {
        union drm_amdgpu_wait_cs w = {0};

        w.in.handle = 2;
        w.in.ip_type = AMDGPU_HW_IP_COMPUTE;
        w.in.ctx_id = 1;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_WAIT_CS, &w, sizeof(w)),
                         -EINVAL);
        w.in.handle = 1;
        w.in.ctx_id = 77;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_WAIT_CS, &w, sizeof(w)),
                         -EINVAL);
        w.in.ctx_id = 1;
        w.in.ring = 4;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_WAIT_CS, &w, sizeof(w)),
                         -EINVAL);
        w.in.ring = 0;
        w.in.handle = 1;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_WAIT_CS, &w, sizeof(w)), 0);
        ck_assert_uint_eq(w.out.status, 0);   /* signaled */
    }
    teardown(&t, ctx, &ib, &flag);
}
END_TEST

/* Dependencies, WAIT_FENCES, the user fence and syncobjs. */
START_TEST(cs_dependencies_fences_syncobjs)
{
    unsigned n;
    amdgpu_context_handle c1, c2;
    struct tbo ib, flag, uf, *bos[2] = {&flag, &uf};
    struct amdgpu_cs_fence fences[2];
    uint32_t expired, first, *p, sync;
    struct tdev t;
    uint64_t s1, s2;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &c1), 0);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &c2), 0);
    ck_assert_int_eq(tbo_alloc(&t, &ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    ck_assert_int_eq(tbo_alloc(&t, &flag, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    ck_assert_int_eq(tbo_alloc(&t, &uf, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    p = ib.cpu;
    /* IB A (dw 0..6): wait for flag == 1 */
    n = 0;
    pkt_wait_eq(p, &n, flag.va, 1);
    /* IB B (dw 8..12): write flag+4 = 2 */
    n = 8;
    pkt_write_data(p, &n, flag.va + 4, 2);
    ck_assert_int_eq(submit(&t, c1, AMDGPU_HW_IP_COMPUTE, 0, &ib, 7, bos, 1, &s1), 0);
    /* B on another context and ring, depending on A */
    {
        amdgpu_bo_handle handles[2] = {flag.bo, ib.bo};
        struct amdgpu_cs_fence dep = {.context = c1, .ip_type = AMDGPU_HW_IP_COMPUTE,
                                      .fence = s1};
        struct amdgpu_cs_ib_info ibi = {.ib_mc_address = ib.va + 32, .size = 5};
        struct amdgpu_cs_request req = {.ip_type = AMDGPU_HW_IP_COMPUTE, .ring = 1,
                                        .number_of_ibs = 1, .ibs = &ibi,
                                        .number_of_dependencies = 1, .dependencies = &dep,
                                        .fence_info = {.handle = uf.bo, .offset = 2}};

        ck_assert_int_eq(amdgpu_bo_list_create(t.dev, 2, handles, NULL, &req.resources), 0);
        ck_assert_int_eq(amdgpu_cs_submit(c2, 0, &req, 1), 0);
        amdgpu_bo_list_destroy(req.resources);
        s2 = req.seq_no;
    }
    ck_assert_int_eq(wait_seq(c2, AMDGPU_HW_IP_COMPUTE, 1, s2, 20000000, &expired), 0);
    ck_assert_uint_eq(expired, 0);   /* held back by its dependency */
    ck_assert_uint_eq(((uint32_t *)flag.cpu)[1], 0);
    fences[0] = (struct amdgpu_cs_fence){.context = c1, .ip_type = AMDGPU_HW_IP_COMPUTE,
                                         .fence = s1};
    fences[1] = (struct amdgpu_cs_fence){.context = c2, .ip_type = AMDGPU_HW_IP_COMPUTE,
                                         .ring = 1, .fence = s2};
    ck_assert_int_eq(amdgpu_cs_wait_fences(fences, 2, false, 0, &expired, &first), 0);
    ck_assert_uint_eq(expired, 0);
    /* a syncobj holding c2's fence */
    ck_assert_int_eq(amdgpu_cs_fence_to_handle(t.dev, &fences[1],
                                               AMDGPU_FENCE_TO_HANDLE_GET_SYNCOBJ, &sync), 0);
    ck_assert_int_eq(amdgpu_cs_syncobj_wait(t.dev, &sync, 1, 0, 0, &first), -ETIME);

    ((uint32_t *)flag.cpu)[0] = 1;
    ck_assert_int_eq(amdgpu_cs_wait_fences(fences, 2, true, AMDGPU_TIMEOUT_INFINITE, &expired,
                                           &first), 0);
    ck_assert_uint_eq(expired, 1);
    ck_assert_uint_eq(((uint32_t *)flag.cpu)[1], 2);
    /* the user fence: the 64-bit sequence number at offset 2 * 8 */
    ck_assert_uint_eq(((uint64_t *)uf.cpu)[2], s2);
    ck_assert_int_eq(amdgpu_cs_syncobj_wait(t.dev, &sync, 1, INT64_MAX, 0, &first), 0);
    ck_assert_int_eq(amdgpu_cs_destroy_syncobj(t.dev, sync), 0);
    ck_assert_int_eq(amdgpu_cs_destroy_syncobj(t.dev, sync), -1);   /* drmIoctl's -1 */
    ck_assert_int_eq(errno, EINVAL);
    {
        uint32_t s;

        ck_assert_int_eq(amdgpu_cs_create_syncobj2(t.dev, DRM_SYNCOBJ_CREATE_SIGNALED, &s), 0);
        ck_assert_int_eq(amdgpu_cs_syncobj_wait(t.dev, &s, 1, 0, 0, &first), 0);
        ck_assert_int_eq(amdgpu_cs_syncobj_reset(t.dev, &s, 1), 0);
        ck_assert_int_eq(amdgpu_cs_syncobj_wait(t.dev, &s, 1, 0, 0, &first), -EINVAL);
        ck_assert_int_eq(amdgpu_cs_syncobj_wait(t.dev, &s, 1, 0,
                                                DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, &first),
                         -ETIME);
        ck_assert_int_eq(amdgpu_cs_syncobj_signal(t.dev, &s, 1), 0);
        ck_assert_int_eq(amdgpu_cs_syncobj_wait(t.dev, &s, 1, 0, 0, &first), 0);
        ck_assert_int_eq(amdgpu_cs_create_syncobj2(t.dev, 2, &s), -1);
        ck_assert_int_eq(errno, EINVAL);
    }
    tbo_free(&ib);
    tbo_free(&flag);
    tbo_free(&uf);
    amdgpu_cs_ctx_free(c1);
    amdgpu_cs_ctx_free(c2);
    tdev_close(&t);
}
END_TEST

struct flag_later {
    volatile uint32_t *flag;
    uint32_t value;
    unsigned delay_ms;
};

static void *set_flag_later(void *arg)
{
    struct flag_later *fl = arg;
    struct timespec d = {0, (long)fl->delay_ms * 1000000L};

    nanosleep(&d, NULL);
    __atomic_store_n(fl->flag, fl->value, __ATOMIC_SEQ_CST);
    return NULL;
}

/* Raw CS chunks: an inline BO list (BO_HANDLES), SYNCOBJ_OUT then
 * SYNCOBJ_IN between two rings, and SCHEDULED_DEPENDENCIES, which wait for
 * a job to start rather than to finish. */
START_TEST(cs_syncobj_and_scheduled_chunks)
{
    amdgpu_context_handle ctx;
    struct drm_amdgpu_cs_chunk ch[3];
    struct drm_amdgpu_cs_chunk_ib ibc[3];
    struct drm_amdgpu_cs_chunk_sem sem;
    struct drm_amdgpu_cs_chunk_dep dep;
    struct drm_amdgpu_bo_list_in bl;
    struct drm_amdgpu_bo_list_entry ents[2] = {{0, 0}, {0, 0}};
    uint32_t syncobj, expired, first, *p;
    uint64_t s1, s2, s3;
    struct tbo ib, buf;
    struct tdev t;
    unsigned n;

    setup(&t, &ctx, &ib, &buf, 4096, AMDGPU_GEM_DOMAIN_GTT);
    ck_assert_int_eq(amdgpu_cs_create_syncobj2(t.dev, 0, &syncobj), 0);
    amdgpu_bo_export(ib.bo, amdgpu_bo_handle_type_kms, &ents[0].bo_handle);
    amdgpu_bo_export(buf.bo, amdgpu_bo_handle_type_kms, &ents[1].bo_handle);
    bl = (struct drm_amdgpu_bo_list_in){.bo_number = 2, .bo_info_size = sizeof(ents[0]),
                                        .bo_info_ptr = (uintptr_t)ents};
    p = ib.cpu;
    n = 0;
    pkt_wait_eq(p, &n, buf.va, 1);            /* IB at +0: wait buf[0] == 1 */
    n = 16;
    pkt_write_data(p, &n, buf.va + 4, 0x51);  /* IB at +64: buf[1] = 0x51 */
    n = 32;
    pkt_write_data(p, &n, buf.va + 8, 0x52);  /* IB at +128: buf[2] = 0x52 */
    for (unsigned i = 0; i < 3; i++) {
        memset(&ibc[i], 0, sizeof(ibc[i]));
        ibc[i].va_start = ib.va + 64 * i;
        ibc[i].ib_bytes = i ? 20 : 28;
        ibc[i].ip_type = AMDGPU_HW_IP_COMPUTE;
        ibc[i].ring = i;
    }
    /* job 1 (ring 0): waits for the CPU; signals the syncobj */
    sem.handle = syncobj;
    ch[0] = (struct drm_amdgpu_cs_chunk){AMDGPU_CHUNK_ID_IB, sizeof(ibc[0]) / 4,
                                         (uintptr_t)&ibc[0]};
    ch[1] = (struct drm_amdgpu_cs_chunk){AMDGPU_CHUNK_ID_SYNCOBJ_OUT, sizeof(sem) / 4,
                                         (uintptr_t)&sem};
    ch[2] = (struct drm_amdgpu_cs_chunk){AMDGPU_CHUNK_ID_BO_HANDLES, sizeof(bl) / 4,
                                         (uintptr_t)&bl};
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 3, ch, &s1), 0);
    /* job 2 (ring 1): after the syncobj */
    ch[0].chunk_data = (uintptr_t)&ibc[1];
    ch[1].chunk_id = AMDGPU_CHUNK_ID_SYNCOBJ_IN;
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 3, ch, &s2), 0);
    /* job 3 (ring 2): once job 1 has started */
    dep = (struct drm_amdgpu_cs_chunk_dep){.ip_type = AMDGPU_HW_IP_COMPUTE, .ring = 0,
                                           .ctx_id = 1, .handle = s1};
    ch[0].chunk_data = (uintptr_t)&ibc[2];
    ch[1] = (struct drm_amdgpu_cs_chunk){AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES,
                                         sizeof(dep) / 4, (uintptr_t)&dep};
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 3, ch, &s3), 0);
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 2, s3, AMDGPU_TIMEOUT_INFINITE,
                              &expired), 0);
    ck_assert_uint_eq(((uint32_t *)buf.cpu)[2], 0x52);   /* ran while job 1 waits */
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 1, s2, 20000000, &expired), 0);
    ck_assert_uint_eq(expired, 0);                       /* held by the syncobj */
    ck_assert_uint_eq(((uint32_t *)buf.cpu)[1], 0);
    ((uint32_t *)buf.cpu)[0] = 1;
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 1, s2, AMDGPU_TIMEOUT_INFINITE,
                              &expired), 0);
    ck_assert_uint_eq(((uint32_t *)buf.cpu)[1], 0x51);
    ck_assert_int_eq(amdgpu_cs_syncobj_wait(t.dev, &syncobj, 1, INT64_MAX, 0, &first), 0);
    /* an unknown syncobj in SYNCOBJ_IN: -ENOENT; in SYNCOBJ_OUT: -EINVAL */
    sem.handle = 4242;
    ch[1] = (struct drm_amdgpu_cs_chunk){AMDGPU_CHUNK_ID_SYNCOBJ_IN, sizeof(sem) / 4,
                                         (uintptr_t)&sem};
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 2, ch, &s3), -ENOENT);
    ch[1].chunk_id = AMDGPU_CHUNK_ID_SYNCOBJ_OUT;
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 2, ch, &s3), -EINVAL);
    /* WAIT_FENCES of nothing: wait-all is trivially true, wait-any refused */
    {
        union drm_amdgpu_wait_fences wf = {0};

        wf.in.wait_all = 1;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_WAIT_FENCES, &wf,
                                             sizeof(wf)), 0);
        ck_assert_uint_eq(wf.out.status, 1);
        memset(&wf, 0, sizeof(wf));
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_WAIT_FENCES, &wf,
                                             sizeof(wf)), -EINVAL);
    }
    /* FENCE_TO_HANDLE as a file descriptor: not simulated */
    {
        struct amdgpu_cs_fence f = {.context = ctx, .ip_type = AMDGPU_HW_IP_COMPUTE,
                                    .fence = s1};
        uint32_t h;

        ck_assert_int_eq(amdgpu_cs_fence_to_handle(t.dev, &f,
                                                   AMDGPU_FENCE_TO_HANDLE_GET_SYNC_FILE_FD,
                                                   &h), -EOPNOTSUPP);
        ck_assert_int_eq(amdgpu_cs_fence_to_handle(t.dev, &f, 9, &h), -EINVAL);
    }
    /* GEM_WAIT_IDLE of an unknown handle */
    {
        union drm_amdgpu_gem_wait_idle wi = {0};

        wi.in.handle = 999;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_GEM_WAIT_IDLE, &wi,
                                             sizeof(wi)), -ENOENT);
    }
    amdgpu_cs_destroy_syncobj(t.dev, syncobj);
    teardown(&t, ctx, &ib, &buf);
}
END_TEST

/* More than amdgpu_sched_jobs (32) submissions on one entity: CS waits for
 * the oldest to retire; every job runs, in order. */
START_TEST(cs_many_in_flight)
{
    unsigned n;
    amdgpu_context_handle ctx;
    struct tbo ib, buf, *bos[1] = {&buf};
    struct flag_later fl;
    uint64_t seq[40];
    uint32_t expired, *p;
    struct tdev t;
    pthread_t th;

    setup(&t, &ctx, &ib, &buf, 4096, AMDGPU_GEM_DOMAIN_GTT);
    p = ib.cpu;
    /* dw 0..6: WAIT_REG_MEM buf[0] == 1 */
    n = 0;
    pkt_wait_eq(p, &n, buf.va, 1);
    /* dw 8..12: WRITE_DATA buf+4 = 0xAB (jobs 2..40) */
    n = 8;
    pkt_write_data(p, &n, buf.va + 4, 0xAB);
    fl = (struct flag_later){(volatile uint32_t *)buf.cpu, 1, 30};
    ck_assert_int_eq(pthread_create(&th, NULL, set_flag_later, &fl), 0);
    ck_assert_int_eq(submit(&t, ctx, AMDGPU_HW_IP_COMPUTE, 0, &ib, 7, bos, 1, &seq[0]), 0);
    for (unsigned i = 1; i < 40; i++) {
        struct tbo ib2 = ib;

        ib2.va += 32;
        ck_assert_int_eq(submit(&t, ctx, AMDGPU_HW_IP_COMPUTE, 0, &ib2, 5, bos, 1, &seq[i]), 0);
        ck_assert_uint_eq(seq[i], i + 1);
    }
    pthread_join(th, NULL);
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 0, seq[39], AMDGPU_TIMEOUT_INFINITE,
                              &expired), 0);
    ck_assert_uint_eq(expired, 1);
    /* seq 1 retired long ago (more than 32 back): signaled without a fence */
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 0, seq[0], 0, &expired), 0);
    ck_assert_uint_eq(expired, 1);
    ck_assert_uint_eq(((uint32_t *)buf.cpu)[1], 0xAB);
    teardown(&t, ctx, &ib, &buf);
}
END_TEST

/* Two IB chunks on two rings: one gang; CS returns the last ring's seq. */
START_TEST(cs_gang_submit)
{
    unsigned n;
    amdgpu_context_handle ctx;
    struct drm_amdgpu_cs_chunk chunks[2];
    struct drm_amdgpu_cs_chunk_ib ibc[2];
    uint32_t expired, *p, list;
    struct tbo ib, buf;
    struct tdev t;
    uint64_t seq;

    setup(&t, &ctx, &ib, &buf, 4096, AMDGPU_GEM_DOMAIN_GTT);
    p = ib.cpu;
    for (unsigned i = 0; i < 2; i++) {
        uint32_t *q = p + 64 * i;

        n = 0;
        pkt_write_data(q, &n, buf.va + 4 * i, 0x60 + i);
        memset(&ibc[i], 0, sizeof(ibc[i]));
        ibc[i].va_start = ib.va + 256 * i;
        ibc[i].ib_bytes = 20;
        ibc[i].ip_type = i ? AMDGPU_HW_IP_GFX : AMDGPU_HW_IP_COMPUTE;
        chunks[i] = (struct drm_amdgpu_cs_chunk){AMDGPU_CHUNK_ID_IB, sizeof(ibc[i]) / 4,
                                                 (uintptr_t)&ibc[i]};
    }
    {
        struct drm_amdgpu_bo_list_entry e[2] = {{0, 0}, {0, 0}};
        uint32_t h;

        amdgpu_bo_export(ib.bo, amdgpu_bo_handle_type_kms, &h);
        e[0].bo_handle = h;
        amdgpu_bo_export(buf.bo, amdgpu_bo_handle_type_kms, &h);
        e[1].bo_handle = h;
        ck_assert_int_eq(amdgpu_bo_list_create_raw(t.dev, 2, e, &list), 0);
    }
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, list, 2, chunks, &seq), 0);
    ck_assert_uint_eq(seq, 1);
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_GFX, 0, seq, AMDGPU_TIMEOUT_INFINITE, &expired),
                     0);
    /* The sequence number is the leader's (the last IB's ring, GFX), and
     * the leader waits only for the gang to be scheduled, not finished:
     * the compute job is covered by the BOs' fences, so wait on the BO. */
    {
        bool busy = true;
        ck_assert_int_eq(amdgpu_bo_wait_for_idle(buf.bo, AMDGPU_TIMEOUT_INFINITE, &busy), 0);
        ck_assert(!busy);
    }
    ck_assert_uint_eq(((uint32_t *)buf.cpu)[0], 0x60);
    ck_assert_uint_eq(((uint32_t *)buf.cpu)[1], 0x61);
    amdgpu_bo_list_destroy_raw(t.dev, list);
    teardown(&t, ctx, &ib, &buf);
}
END_TEST

/* munmap of user memory behind a userptr BO waits for the GPU (amdgpu's
 * MMU notifier). */
START_TEST(cs_munmap_waits_for_gpu)
{
    amdgpu_context_handle ctx;
    struct tbo ib, user, *bos[1] = {&user};
    struct flag_later fl;
    uint32_t expired;
    struct tdev t;
    unsigned n = 0;
    uint64_t seq;
    pthread_t th;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &ctx), 0);
    tbo_userptr(&t, &user, 8192);
    ck_assert_int_eq(tbo_alloc(&t, &ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    pkt_wait_eq(ib.cpu, &n, user.va, 1);
    ck_assert_int_eq(submit(&t, ctx, AMDGPU_HW_IP_COMPUTE, 0, &ib, n, bos, 1, &seq), 0);
    fl = (struct flag_later){user.cpu, 1, 30};
    ck_assert_int_eq(pthread_create(&th, NULL, set_flag_later, &fl), 0);
    ck_assert_int_eq(munmap(user.cpu, 8192), 0);   /* returns once the job is done */
    user.cpu = NULL;
    pthread_join(th, NULL);
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 0, seq, 0, &expired), 0);
    ck_assert_uint_eq(expired, 1);
    tbo_free(&user);
    tbo_free(&ib);
    amdgpu_cs_ctx_free(ctx);
    tdev_close(&t);
}
END_TEST

/* Closing the device while a job waits: the close waits for the job
 * (amdgpu_ctx_mgr_fini flushes each entity) before the VM goes away. */
START_TEST(cs_close_waits_for_queued_work)
{
    amdgpu_context_handle ctx;
    struct tbo ib, user, *bos[1] = {&user};
    struct flag_later fl;
    struct tdev t;
    unsigned n = 0;
    uint32_t *mem;
    uint64_t seq;
    pthread_t th;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &ctx), 0);
    tbo_userptr(&t, &user, 4096);
    mem = user.cpu;
    ck_assert_int_eq(tbo_alloc(&t, &ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    pkt_wait_eq(ib.cpu, &n, user.va, 1);
    pkt_write_data(ib.cpu, &n, user.va + 4, 0xD0);
    ck_assert_int_eq(submit(&t, ctx, AMDGPU_HW_IP_COMPUTE, 0, &ib, n, bos, 1, &seq), 0);
    fl = (struct flag_later){mem, 1, 30};
    ck_assert_int_eq(pthread_create(&th, NULL, set_flag_later, &fl), 0);
    /* close without waiting (libdrm's handles are left behind on purpose) */
    tdev_close(&t);
    pthread_join(th, NULL);
    ck_assert_uint_eq(__atomic_load_n(&mem[1], __ATOMIC_SEQ_CST), 0xD0);
    munmap(mem, 4096);
}
END_TEST

/* Bad CS arguments get amdgpu's errnos; none of them runs anything. */
START_TEST(cs_refusals)
{
    amdgpu_context_handle ctx;
    struct drm_amdgpu_cs_chunk chunks[2];
    struct drm_amdgpu_cs_chunk_ib ibc;
    struct drm_amdgpu_cs_chunk_fence fc;
    uint64_t ptrs[2], seq;
    struct tbo ib;
    struct tdev t;
    uint32_t list;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &ctx), 0);
    ck_assert_int_eq(tbo_alloc(&t, &ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    ((uint32_t *)ib.cpu)[0] = 0xFFFF1000;
    memset(&ibc, 0, sizeof(ibc));
    ibc.va_start = ib.va;
    ibc.ib_bytes = 4;
    ibc.ip_type = AMDGPU_HW_IP_COMPUTE;
    chunks[0] = (struct drm_amdgpu_cs_chunk){AMDGPU_CHUNK_ID_IB, sizeof(ibc) / 4,
                                             (uintptr_t)&ibc};
    ptrs[0] = (uintptr_t)&chunks[0];
    ptrs[1] = (uintptr_t)&chunks[1];
    ck_assert_int_eq(amdgpu_bo_list_create_raw(t.dev, 0, NULL, &list), 0);

    ck_assert_int_eq(amdgpu_cs_submit_raw(t.dev, ctx, NULL, 1, chunks, &seq), 0);
    {
        uint32_t expired;

        ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 0, seq, AMDGPU_TIMEOUT_INFINITE,
                                  &expired), 0);
    }
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 0, chunks, &seq), -EINVAL);
    ibc.ring = 4;                                        /* COMPUTE has rings 0..3 */
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 1, chunks, &seq), -EINVAL);
    ibc.ring = 0;
    ibc.ip_type = AMDGPU_HW_IP_UVD;                      /* no such engine simulated */
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 1, chunks, &seq), -EINVAL);
    ibc.ip_type = AMDGPU_HW_IP_COMPUTE;
    ibc.va_start = ib.va + 2;                            /* not dword aligned */
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 1, chunks, &seq), -EINVAL);
    ibc.va_start = ib.va + 16;
    ibc.ip_type = AMDGPU_HW_IP_DMA;                      /* SDMA IBs: 32-byte aligned */
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 1, chunks, &seq), -EINVAL);
    ibc.va_start = ib.va;
    ibc.ip_type = AMDGPU_HW_IP_COMPUTE;
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 4242, 1, chunks, &seq), -ENOENT);
    chunks[0].length_dw = 2;                              /* shorter than an IB chunk */
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 1, chunks, &seq), -EINVAL);
    chunks[0].length_dw = sizeof(ibc) / 4;
    chunks[0].chunk_data = 8;                              /* not memory */
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 1, chunks, &seq), -EFAULT);
    chunks[0].chunk_data = (uintptr_t)&ibc;
    chunks[1] = (struct drm_amdgpu_cs_chunk){0x7f, 0, 0}; /* unknown chunk */
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 2, chunks, &seq), -EINVAL);
    /* a user fence BO must be one page */
    fc.handle = 4242;
    fc.offset = 0;
    chunks[1] = (struct drm_amdgpu_cs_chunk){AMDGPU_CHUNK_ID_FENCE, sizeof(fc) / 4,
                                             (uintptr_t)&fc};
    ck_assert_int_eq(amdgpu_cs_submit_raw2(t.dev, ctx, 0, 2, chunks, &seq), -EINVAL);
    /* an unknown context */
    {
        union drm_amdgpu_cs cs = {0};

        cs.in.ctx_id = 99;
        cs.in.num_chunks = 1;
        cs.in.chunks = (uintptr_t)ptrs;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_CS, &cs, sizeof(cs)),
                         -EINVAL);
    }
    /* CTX refusals */
    {
        union drm_amdgpu_ctx c = {0};

        c.in.op = AMDGPU_CTX_OP_FREE_CTX;
        c.in.ctx_id = 99;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_CTX, &c, sizeof(c)), -EINVAL);
        c.in.op = 42;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_CTX, &c, sizeof(c)), -EINVAL);
        c.in.op = AMDGPU_CTX_OP_ALLOC_CTX;
        c.in.flags = 1;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_CTX, &c, sizeof(c)), -EINVAL);
        /* QUERY_STATE (the first version): no reset since the last query */
        memset(&c, 0, sizeof(c));
        c.in.op = AMDGPU_CTX_OP_QUERY_STATE;
        c.in.ctx_id = 1;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_CTX, &c, sizeof(c)), 0);
        ck_assert_uint_eq(c.out.state.reset_status, AMDGPU_CTX_NO_RESET);
        /* stable power state: set, then read back */
        memset(&c, 0, sizeof(c));
        c.in.op = AMDGPU_CTX_OP_SET_STABLE_PSTATE;
        c.in.ctx_id = 1;
        c.in.flags = AMDGPU_CTX_STABLE_PSTATE_PEAK;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_CTX, &c, sizeof(c)), 0);
        memset(&c, 0, sizeof(c));
        c.in.op = AMDGPU_CTX_OP_GET_STABLE_PSTATE;
        c.in.ctx_id = 1;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_CTX, &c, sizeof(c)), 0);
        ck_assert_uint_eq(c.out.pstate.flags, AMDGPU_CTX_STABLE_PSTATE_PEAK);
        c.in.op = AMDGPU_CTX_OP_SET_STABLE_PSTATE;
        c.in.ctx_id = 1;
        c.in.flags = 5;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_CTX, &c, sizeof(c)), -EINVAL);
    }
    /* BO_LIST with an unknown handle */
    {
        uint32_t bad = 777, l2;

        ck_assert_int_eq(amdgpu_bo_list_create_raw(t.dev, 1,
                                                   (struct drm_amdgpu_bo_list_entry *)&bad,
                                                   &l2), -ENOENT);
    }
    amdgpu_bo_list_destroy_raw(t.dev, list);
    tbo_free(&ib);
    amdgpu_cs_ctx_free(ctx);
    tdev_close(&t);
}
END_TEST

/* ---------------------------------------------------------------- faults and hangs */

static void check_recovers(struct tdev *t)
{
    unsigned n;
    amdgpu_context_handle fresh;
    struct tbo ib, dst, *bos[1] = {&dst};
    uint32_t *p;

    ck_assert_int_eq(amdgpu_cs_ctx_create(t->dev, &fresh), 0);
    ck_assert_int_eq(tbo_alloc(t, &ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    ck_assert_int_eq(tbo_alloc(t, &dst, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    p = ib.cpu;
    n = 0;
    pkt_write_data(p, &n, dst.va, 0x0C0FFEE0);
    ck_assert_int_eq(run(t, fresh, AMDGPU_HW_IP_COMPUTE, &ib, 5, bos, 1), 0);
    ck_assert_uint_eq(((uint32_t *)dst.cpu)[0], 0x0C0FFEE0);
    tbo_free(&ib);
    tbo_free(&dst);
    amdgpu_cs_ctx_free(fresh);
}

START_TEST(fault_vm_guilty_context)
{
    unsigned n;
    amdgpu_context_handle ctx;
    struct capture c;
    uint64_t flags, seq;
    struct tdev t;
    struct tbo ib;
    uint32_t *p;
    char *err;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &ctx), 0);
    ck_assert_int_eq(tbo_alloc(&t, &ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    p = ib.cpu;
    /* a NOP, then WRITE_DATA to 0x7000_0000_1234: nothing is mapped there */
    p[0] = 0xFFFF1000;
    n = 1;
    pkt_write_data(p, &n, 0x700000001234, 1);
    capture_begin(&c);
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_COMPUTE, &ib, n, NULL, 0), -ETIME);
    err = capture_end(&c);
    ck_assert_ptr_nonnull(strstr(err, "amdgpu 0000:03:00.0: amdgpu: [gfxhub] page fault "
                                      "(ring comp_1.0.0, ctx 1, seq 1) in page starting at "
                                      "address 0x0000700000001000: WRITE_DATA at 0x"));
    ck_assert_ptr_nonnull(strstr(err, " +0x4): write of 4 bytes at 0x700000001234"));
    ck_assert_ptr_eq(strchr(err, '\n'), err + strlen(err) - 1);   /* one line */
    ck_assert_int_eq(amdgpu_cs_query_reset_state2(ctx, &flags), 0);
    ck_assert_uint_eq(flags, AMDGPU_CTX_QUERY2_FLAGS_GUILTY);
    ck_assert_int_eq(submit(&t, ctx, AMDGPU_HW_IP_COMPUTE, 0, &ib, 1, NULL, 0, &seq),
                     -ECANCELED);
    check_recovers(&t);
    tbo_free(&ib);
    amdgpu_cs_ctx_free(ctx);
    tdev_close(&t);
}
END_TEST

START_TEST(fault_sdma_vm)
{
    amdgpu_context_handle ctx;
    struct tbo ib, dst, *bos[1] = {&dst};
    struct capture c;
    struct tdev t;
    unsigned n = 0;
    char *err;

    setup(&t, &ctx, &ib, &dst, 8192, AMDGPU_GEM_DOMAIN_GTT);
    /* copy 8 KiB from a source whose second page is not mapped */
    sdma_copy(ib.cpu, &n, dst.va, dst.va + 4096, 8192);
    capture_begin(&c);
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_DMA, &ib, n, bos, 1), -ETIME);
    err = capture_end(&c);
    ck_assert_msg(strstr(err, "[mmhub] page fault (ring sdma0, ctx 1, seq 1) in page starting at "
                              "address 0x"), "%s", err);
    ck_assert_msg(strstr(err, ": SDMA COPY_LINEAR at 0x"), "%s", err);
    ck_assert_msg(strstr(err, "is not mapped readable"), "%s", err);
    teardown(&t, ctx, &ib, &dst);
}
END_TEST

START_TEST(fault_bad_packets)
{
    static const struct {
        uint32_t dw[8];
        unsigned ndw;
        const char *msg;
    } cases[] = {
        {{0xC000FF00, 0}, 2, "unknown opcode 0xff"},
        {{0x80000000, 0}, 2, "type-2 packet"},
        {{0x00010000, 0, 0}, 3, "type-0 packet"},
        {{0xC0053C00, 0x13}, 2, "WAIT_REG_MEM with COUNT 5 needs 7 dw, only 2 left"},
        {{0xC0002300, 0}, 2, "PRED_EXEC is not simulated"},
        {{0xC0002802, 0}, 2, "CONTEXT_CONTROL with COUNT 0: needs COUNT 1 (2 body dw)"},
        {{0xC0003701, 0}, 2, "WRITE_DATA with COUNT 0: needs 4..16384 body dw"},
        /* CONTEXT_CONTROL on a compute ring */
        {{0xC0012800, 0x80000000, 0x80000000}, 3, "a GFX-ring packet on a compute ring"},
        /* WRITE_DATA to register GB_ADDR_CONFIG (DST_SEL 0) */
        {{0xC0033700, 0, 0x263E, 0, 1}, 5, "register 0x263e is outside the SH"},
        /* INDIRECT_BUFFER without VALID */
        {{0xC0023F00, 0x1000, 0, 4}, 4, "INDIRECT_BUFFER without VALID"},
        /* RELEASE_MEM 64-bit data to an address that is not 8-byte aligned */
        {{0xC0064900, 0x514, 0x40000000, 0x1004, 0, 0, 0, 0}, 8,
         "address 0x1004 is not 8-byte aligned"},
    };
    struct tdev t;
    struct tbo ib;

    tdev_open(&t);
    ck_assert_int_eq(tbo_alloc(&t, &ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        amdgpu_context_handle ctx;
        struct capture c;
        char *err;

        ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &ctx), 0);
        memcpy(ib.cpu, cases[i].dw, sizeof(cases[i].dw));
        capture_begin(&c);
        ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_COMPUTE, &ib, cases[i].ndw, NULL, 0), -ETIME);
        err = capture_end(&c);
        ck_assert_msg(strstr(err, cases[i].msg), "case %u: %s", i, err);
        amdgpu_cs_ctx_free(ctx);
    }
    check_recovers(&t);
    tbo_free(&ib);
    tdev_close(&t);
}
END_TEST

/* A dispatch goes to the executor.  No program is set (COMPUTE_PGM_LO/HI
 * are 0, an unmapped address), so any executor stops it — today's refuses
 * every dispatch — and that surfaces as a fault of the submission and a
 * guilty context. */
START_TEST(fault_dispatch_refused)
{
    amdgpu_context_handle ctx;
    struct capture c;
    struct tdev t;
    struct tbo ib;
    uint64_t flags;
    uint32_t *p;
    char *err;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &ctx), 0);
    ck_assert_int_eq(tbo_alloc(&t, &ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    p = ib.cpu;
    /* DISPATCH_DIRECT: PKT3 COUNT 3 IT_OPCODE 0x15 SHADER_TYPE 1; 4x1x1 groups,
     * initiator COMPUTE_SHADER_EN | FORCE_START_AT_000 | ORDER_MODE | CS_W32_EN */
    p[0] = 0xC0031502;
    p[1] = 4;
    p[2] = 1;
    p[3] = 1;
    p[4] = 0x00008045;
    capture_begin(&c);
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_COMPUTE, &ib, 5, NULL, 0), -ETIME);
    err = capture_end(&c);
    ck_assert_msg(strstr(err, "ring comp_1.0.0"), "%s", err);
    ck_assert_msg(strstr(err, "ctx 1, seq 1)"), "%s", err);
    ck_assert_msg(strstr(err, "DISPATCH_DIRECT at 0x"), "%s", err);
    ck_assert_msg(strstr(err, " (IB1 0x"), "%s", err);
    ck_assert_int_eq(amdgpu_cs_query_reset_state2(ctx, &flags), 0);
    ck_assert_uint_eq(flags, AMDGPU_CTX_QUERY2_FLAGS_GUILTY);
    check_recovers(&t);
    tbo_free(&ib);
    amdgpu_cs_ctx_free(ctx);
    tdev_close(&t);
}
END_TEST

START_TEST(fault_hang_times_out)
{
    unsigned n;
    amdgpu_context_handle ctx, other;
    struct tbo ib, flag, *bos[1] = {&flag};
    struct timespec a, b;
    struct capture c;
    struct tdev t;
    uint64_t flags;
    uint32_t *p;
    char *err;
    long ms;

    setenv("AMDPM4_SIM_TIMEOUT_MS", "150", 1);
    tdev_open(&t);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &ctx), 0);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &other), 0);
    ck_assert_int_eq(tbo_alloc(&t, &ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    ck_assert_int_eq(tbo_alloc(&t, &flag, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    p = ib.cpu;
    /* WAIT_REG_MEM for flag == 1, which never comes */
    n = 0;
    pkt_wait_eq(p, &n, flag.va, 1);
    capture_begin(&c);
    clock_gettime(CLOCK_MONOTONIC, &a);
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_COMPUTE, &ib, 7, bos, 1), -ETIME);
    clock_gettime(CLOCK_MONOTONIC, &b);
    err = capture_end(&c);
    ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    ck_assert_int_ge(ms, 150);
    ck_assert_int_lt(ms, 5000);
    ck_assert_msg(strstr(err, "amdgpu 0000:03:00.0: amdgpu: ring comp_1.0.0 timeout, "
                              "signaled seq=0, emitted seq=1 (ctx 1, seq 1): WAIT_REG_MEM at "),
                  "%s", err);
    ck_assert_ptr_nonnull(strstr(err, "waited 150 ms for (0x00000000 & 0xffffffff) EQ "
                                      "0x00000001"));
    ck_assert_int_eq(amdgpu_cs_query_reset_state2(ctx, &flags), 0);
    ck_assert_uint_eq(flags, AMDGPU_CTX_QUERY2_FLAGS_GUILTY);
    ck_assert_int_eq(amdgpu_cs_query_reset_state2(other, &flags), 0);
    ck_assert_uint_eq(flags, 0);
    check_recovers(&t);
    tbo_free(&ib);
    tbo_free(&flag);
    amdgpu_cs_ctx_free(ctx);
    amdgpu_cs_ctx_free(other);
    tdev_close(&t);
}
END_TEST

/* Queued work of a context that turns guilty is cancelled, not run. */
START_TEST(fault_cancels_queued_work)
{
    unsigned n;
    amdgpu_context_handle ctx;
    struct tbo ib, dst, *bos[1] = {&dst};
    uint64_t s1, s2;
    uint32_t expired, *p;
    struct capture c;
    struct tdev t;

    setenv("AMDPM4_SIM_TIMEOUT_MS", "100", 1);
    setup(&t, &ctx, &ib, &dst, 4096, AMDGPU_GEM_DOMAIN_GTT);
    p = ib.cpu;
    n = 0;
    pkt_wait_eq(p, &n, dst.va, 1);
    n = 8;
    pkt_write_data(p, &n, dst.va + 4, 5);
    capture_begin(&c);
    ck_assert_int_eq(submit(&t, ctx, AMDGPU_HW_IP_COMPUTE, 0, &ib, 7, bos, 1, &s1), 0);
    {
        struct tbo ib2 = ib;

        ib2.va += 32;
        ck_assert_int_eq(submit(&t, ctx, AMDGPU_HW_IP_COMPUTE, 0, &ib2, 5, bos, 1, &s2), 0);
    }
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 0, s2, AMDGPU_TIMEOUT_INFINITE,
                              &expired), -ECANCELED);
    ck_assert_int_eq(wait_seq(ctx, AMDGPU_HW_IP_COMPUTE, 0, s1, AMDGPU_TIMEOUT_INFINITE,
                              &expired), -ETIME);
    capture_end(&c);
    ck_assert_uint_eq(((uint32_t *)dst.cpu)[1], 0);
    teardown(&t, ctx, &ib, &dst);
}
END_TEST

/* ---------------------------------------------------------------- userptr */

START_TEST(userptr_sdma_writes_user_memory)
{
    amdgpu_context_handle ctx;
    struct tbo ib, user, *bos[1] = {&user};
    struct tdev t;
    unsigned n = 0;
    uint32_t *mem;

    tdev_open(&t);
    ck_assert_int_eq(amdgpu_cs_ctx_create(t.dev, &ctx), 0);
    tbo_userptr(&t, &user, 65536);
    mem = user.cpu;
    ck_assert_int_eq(tbo_alloc(&t, &ib, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, true), 0);
    sdma_fill(ib.cpu, &n, user.va + 4096, 0x12121212, 8192);
    ck_assert_int_eq(run(&t, ctx, AMDGPU_HW_IP_DMA, &ib, n, bos, 1), 0);
    ck_assert_uint_eq(mem[1023], 0);
    ck_assert_uint_eq(mem[1024], 0x12121212);
    ck_assert_uint_eq(mem[3071], 0x12121212);
    ck_assert_uint_eq(mem[3072], 0);
    /* refusals: unaligned, writable without REGISTER, unmapped memory, and a
     * file mapping with ANONONLY */
    {
        struct drm_amdgpu_gem_userptr up = {.addr = (uintptr_t)mem + 8, .size = 4096,
                                            .flags = AMDGPU_GEM_USERPTR_REGISTER};

        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_GEM_USERPTR, &up, sizeof(up)),
                         -EINVAL);
        up.addr = (uintptr_t)mem;
        up.flags = 0;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_GEM_USERPTR, &up, sizeof(up)),
                         -EACCES);
        up.addr = 0x10000;
        up.flags = AMDGPU_GEM_USERPTR_REGISTER | AMDGPU_GEM_USERPTR_VALIDATE;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_GEM_USERPTR, &up, sizeof(up)),
                         -EFAULT);
        up.addr = (uintptr_t)ib.cpu;   /* a mapping of the DRM file */
        up.flags |= AMDGPU_GEM_USERPTR_ANONONLY;
        ck_assert_int_eq(drmCommandWriteRead(t.drm_fd, DRM_AMDGPU_GEM_USERPTR, &up, sizeof(up)),
                         -EPERM);
    }
    tbo_free(&user);
    tbo_free(&ib);
    amdgpu_cs_ctx_free(ctx);
    tdev_close(&t);
}
END_TEST

Suite *simdrv_suite(void);
Suite *simdrv_suite(void)
{
    Suite *s = suite_create("simdrv");
    TCase *tc;

    tc = tcase_create("identity");
    tcase_add_test(tc, identity_nodes_and_sysfs);
    tcase_add_test(tc, identity_drm_version_and_marker);
    tcase_add_test(tc, identity_drmdevice_tool);
    suite_add_tcase(s, tc);

    tc = tcase_create("info");
    tcase_add_test(tc, info_device);
    tcase_add_test(tc, info_ip_fw_mmr);
    tcase_add_test(tc, info_drm_core_ioctls);
    suite_add_tcase(s, tc);

    tc = tcase_create("memory");
    tcase_add_test(tc, mem_heaps_and_usage);
    tcase_add_test(tc, mem_domains_and_limits);
    tcase_add_test(tc, mem_lazy_backing);
    tcase_add_test(tc, mem_small_bar);
    tcase_add_test(tc, mem_cpu_map_and_va);
    tcase_add_test(tc, mem_gem_op_and_metadata);
    tcase_add_test(tc, userptr_sdma_writes_user_memory);
    suite_add_tcase(s, tc);

    tc = tcase_create("cp");
    tcase_add_test(tc, cp_write_data_lands);
    tcase_add_test(tc, cp_release_mem_fence_and_timestamp);
    tcase_add_test(tc, cp_registers_copy_and_dma);
    tcase_add_test(tc, cp_nested_and_chained_ibs);
    tcase_add_test(tc, cp_dispatch_registers);
    suite_add_tcase(s, tc);

    tc = tcase_create("sdma");
    tcase_add_test(tc, sdma_copy_fill_vram_gtt);
    tcase_add_test(tc, sdma_write_fence_timestamp_poll);
    tcase_add_test(tc, sdma_amdgpu_stress_tool);
    suite_add_tcase(s, tc);

    tc = tcase_create("submission");
    tcase_add_test(tc, cs_wait_busy_then_signaled);
    tcase_add_test(tc, cs_dependencies_fences_syncobjs);
    tcase_add_test(tc, cs_syncobj_and_scheduled_chunks);
    tcase_add_test(tc, cs_many_in_flight);
    tcase_add_test(tc, cs_gang_submit);
    tcase_add_test(tc, cs_munmap_waits_for_gpu);
    tcase_add_test(tc, cs_close_waits_for_queued_work);
    tcase_add_test(tc, cs_refusals);
    suite_add_tcase(s, tc);

    tc = tcase_create("faults");
    tcase_add_test(tc, fault_vm_guilty_context);
    tcase_add_test(tc, fault_sdma_vm);
    tcase_add_test(tc, fault_bad_packets);
    tcase_add_test(tc, fault_dispatch_refused);
    tcase_add_test(tc, fault_hang_times_out);
    tcase_add_test(tc, fault_cancels_queued_work);
    suite_add_tcase(s, tc);
    return s;
}
