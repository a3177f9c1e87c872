/*
 * sim/drv.c — the simulated amdgpu driver's core: the device, DRM files, the
 * ioctl dispatcher (drm_ioctl()'s argument handling and permission checks),
 * the DRM core ioctls, fences, object lifetimes and CPU mappings of BOs.
 */
#include "sim/drv.h"
#include "sim/sim_ioctl.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "sim/clock.h"

/* ---------------------------------------------------------------- user memory */

/* Copies to and from addresses the program handed in go through the kernel
 * (process_vm_readv/writev on ourselves), so a bad pointer is -EFAULT, as
 * with copy_from_user(), never a crash. */
int sim_copy_from_user(void *dst, uint64_t user_ptr, size_t bytes)
{
    struct iovec local = {dst, bytes}, remote = {(void *)(uintptr_t)user_ptr, bytes};
    ssize_t n;

    if (!bytes)
        return 0;
    n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
    if (n == (ssize_t)bytes)
        return 0;
    if (n < 0 && (errno == ENOSYS || errno == EPERM)) {
        /* no process_vm_*: trust the pointer */
        memcpy(dst, (const void *)(uintptr_t)user_ptr, bytes);
        return 0;
    }
    return -EFAULT;
}

int sim_copy_to_user(uint64_t user_ptr, const void *src, size_t bytes)
{
    struct iovec local = {(void *)src, bytes}, remote = {(void *)(uintptr_t)user_ptr, bytes};
    ssize_t n;

    if (!bytes)
        return 0;
    n = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
    if (n == (ssize_t)bytes)
        return 0;
    if (n < 0 && (errno == ENOSYS || errno == EPERM)) {
        memcpy((void *)(uintptr_t)user_ptr, src, bytes);
        return 0;
    }
    return -EFAULT;
}

/* ---------------------------------------------------------------- the device */

static struct sim_dev *the_dev;
static pthread_mutex_t dev_create_lock = PTHREAD_MUTEX_INITIALIZER;

struct sim_dev *sim_drv_device(void)
{
    return __atomic_load_n(&the_dev, __ATOMIC_ACQUIRE);
}

/* "256M", "1G", "4096", "512k": bytes, or -1. */
static int64_t parse_size(const char *s)
{
    char *end;
    unsigned long long v;

    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno || end == s)
        return -1;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end || v > (1ull << 50))
        return -1;
    return (int64_t)v;
}

/* fork(): the child has no engine threads.  The locks the engines take are
 * held across the fork (so the child never inherits one locked), and in the
 * child every ring starts afresh: queued jobs and the one that was running
 * are cancelled. */
static void atfork_prepare(void)
{
    struct sim_dev *dev = sim_drv_device();

    if (!dev)
        return;
    pthread_mutex_lock(&dev->lock);
    pthread_mutex_lock(&dev->fence_lock);
    for (unsigned i = 0; i < SIM_RING_COUNT; i++)
        pthread_mutex_lock(&dev->rings[i].lock);
    pthread_mutex_lock(&dev->mem.lock);
}

static void atfork_parent(void)
{
    struct sim_dev *dev = sim_drv_device();

    if (!dev)
        return;
    pthread_mutex_unlock(&dev->mem.lock);
    for (unsigned i = SIM_RING_COUNT; i-- > 0;)
        pthread_mutex_unlock(&dev->rings[i].lock);
    pthread_mutex_unlock(&dev->fence_lock);
    pthread_mutex_unlock(&dev->lock);
}

static void atfork_child(void)
{
    struct sim_dev *dev = sim_drv_device();

    if (!dev)
        return;
    atfork_parent();
    for (unsigned i = 0; i < SIM_RING_COUNT; i++) {
        struct sim_ring *r = &dev->rings[i];
        struct sim_job *job = r->head;

        r->head = r->tail = NULL;
        r->started = false;
        if (r->running)
            sim_fence_signal(dev, r->running->fence, -ECANCELED);   /* lost with its thread */
        r->running = NULL;
        while (job) {
            struct sim_job *next = job->next;

            sim_fence_signal(dev, job->fence, -ECANCELED);
            sim_job_free(job);
            job = next;
        }
    }
}

static int dev_create(struct sim_dev **out)
{
    const char *vis = getenv("AMDPM4_SIM_VISIBLE_VRAM");
    const char *tmo = getenv("AMDPM4_SIM_TIMEOUT_MS");
    uint64_t visible = sim_navi31.real_vram_bytes, timeout_ms = 10000;
    pthread_condattr_t ca;
    struct sim_dev *dev;
    int ret;

    if (vis && *vis) {
        int64_t v = parse_size(vis);

        if (v < (int64_t)SIM_MEM_PAGE_BYTES) {
            fprintf(stderr, "amdpm4 sim: AMDPM4_SIM_VISIBLE_VRAM=%s is not a size of at least "
                    "4K (use e.g. 256M)\n", vis);
            return -EINVAL;
        }
        visible = (uint64_t)v;
    }
    if (tmo && *tmo) {
        char *end;

        errno = 0;
        timeout_ms = strtoull(tmo, &end, 10);
        if (errno || end == tmo || *end || *tmo == '-' || !timeout_ms ||
            timeout_ms > 1000ull * 86400 * 365) {
            fprintf(stderr, "amdpm4 sim: AMDPM4_SIM_TIMEOUT_MS=%s is not a positive number of "
                    "milliseconds\n", tmo);
            return -EINVAL;
        }
    }
    dev = calloc(1, sizeof(*dev));
    if (!dev)
        return -ENOMEM;
    ret = sim_mem_init(&dev->mem, visible);
    if (ret) {
        free(dev);
        return ret;
    }
    pthread_mutex_init(&dev->lock, NULL);
    pthread_mutex_init(&dev->fence_lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&dev->fence_cond, &ca);
    pthread_condattr_destroy(&ca);
    dev->timeout_ns = timeout_ms * 1000000ull;
    for (unsigned i = 0; i < SIM_RING_COUNT; i++)
        sim_ring_init(dev, &dev->rings[i], i);
    pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
    *out = dev;
    return 0;
}

struct sim_file *sim_drv_open(int minor)
{
    struct sim_dev *dev;
    struct sim_file *f;
    int ret = 0;

    pthread_mutex_lock(&dev_create_lock);
    if (!the_dev) {
        ret = dev_create(&dev);
        if (!ret)
            __atomic_store_n(&the_dev, dev, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&dev_create_lock);
    if (ret) {
        errno = -ret;
        return NULL;
    }
    f = calloc(1, sizeof(*f));
    if (!f || !(f->vm = sim_vm_create())) {
        free(f);
        errno = ENOMEM;
        return NULL;
    }
    atomic_init(&f->refs, 1);
    f->dev = the_dev;
    f->minor = minor;
    pthread_mutex_init(&f->lock, NULL);
    return f;
}

void sim_file_get(struct sim_file *f)
{
    atomic_fetch_add(&f->refs, 1);
}

void sim_file_put(struct sim_file *f)
{
    if (atomic_fetch_sub(&f->refs, 1) != 1)
        return;
    sim_vm_destroy(f->vm);
    sim_idr_fini(&f->bos);
    sim_idr_fini(&f->ctxs);
    sim_idr_fini(&f->bo_lists);
    sim_idr_fini(&f->syncobjs);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

static void put_bo_list(uint32_t id, void *p, void *arg)
{
    (void)id;
    (void)arg;
    sim_bo_list_free(p);
}

/* The last fd closed: amdgpu_driver_postclose_kms().  Jobs still in flight
 * keep the file (its VM) alive until they finish. */
static void file_release(struct sim_file *f)
{
    struct sim_dev *dev = f->dev;
    uint64_t deadline = sim_now_ns() + 1000000000ull;

    pthread_mutex_lock(&f->lock);
    /* amdgpu_ctx_mgr_fini(): each context's work gets up to a second
     * (MAX_WAIT_SCHED_ENTITY_Q_EMPTY) to finish; what is still queued then
     * is cancelled.  Jobs of a ring finish in order, so waiting for each
     * entity's latest fence waits for all of them. */
    for (uint32_t id = 1; id < f->ctxs.cap; id++) {
        struct sim_ctx *ctx = f->ctxs.slots[id];

        if (!ctx)
            continue;
        for (unsigned r = 0; r < SIM_RING_COUNT; r++) {
            struct sim_fence *last;

            pthread_mutex_lock(&dev->fence_lock);
            sim_ctx_fence(ctx, r, ~0ull, &last);
            pthread_mutex_unlock(&dev->fence_lock);
            if (last) {
                sim_fence_wait(dev, last, deadline, false);
                sim_fence_put(last);
            }
        }
        atomic_store(&ctx->killed, 1);
    }
    sim_file_release_ctxs(f);
    sim_idr_for_each(&f->bo_lists, put_bo_list, NULL);
    sim_idr_fini(&f->bo_lists);
    sim_file_release_syncobjs(f);
    sim_file_release_bos(f);
    pthread_mutex_unlock(&f->lock);
    sim_file_put(f);
}

void sim_drv_close(struct sim_file *f)
{
    /* The interposer counts the fds and calls this for the last one. */
    file_release(f);
}

/* ---------------------------------------------------------------- fences */

struct sim_fence *sim_fence_new(uint32_t ring, uint64_t seq)
{
    struct sim_fence *fence = calloc(1, sizeof(*fence));

    if (!fence)
        return NULL;
    atomic_init(&fence->refs, 1);
    fence->ring = ring;
    fence->seq = seq;
    return fence;
}

struct sim_fence *sim_fence_get(struct sim_fence *fence)
{
    if (fence)
        atomic_fetch_add(&fence->refs, 1);
    return fence;
}

void sim_fence_put(struct sim_fence *fence)
{
    if (fence && atomic_fetch_sub(&fence->refs, 1) == 1) {
        free(fence->fault);
        for (uint32_t c = 0; c < sim_stats_chunks(fence->nstats); c++)
            free(fence->stats[c]);
        if (fence->stats != fence->stats_few)
            free(fence->stats);
        free(fence);
    }
}

void sim_fence_set_scheduled(struct sim_dev *dev, struct sim_fence *fence)
{
    pthread_mutex_lock(&dev->fence_lock);
    fence->scheduled = true;
    pthread_cond_broadcast(&dev->fence_cond);
    pthread_mutex_unlock(&dev->fence_lock);
}

void sim_fence_signal(struct sim_dev *dev, struct sim_fence *fence, int error)
{
    pthread_mutex_lock(&dev->fence_lock);
    fence->scheduled = true;
    fence->signaled = true;
    fence->error = error;
    pthread_cond_broadcast(&dev->fence_cond);
    pthread_mutex_unlock(&dev->fence_lock);
}

bool sim_fence_is_signaled(struct sim_dev *dev, struct sim_fence *fence)
{
    bool s;

    pthread_mutex_lock(&dev->fence_lock);
    s = fence->signaled;
    pthread_mutex_unlock(&dev->fence_lock);
    return s;
}

static struct timespec ns_to_ts(uint64_t ns)
{
    return (struct timespec){.tv_sec = (time_t)(ns / 1000000000ull),
                             .tv_nsec = (long)(ns % 1000000000ull)};
}

bool sim_fence_wait(struct sim_dev *dev, struct sim_fence *fence, uint64_t deadline_ns,
                    bool scheduled)
{
    bool done;

    pthread_mutex_lock(&dev->fence_lock);
    for (;;) {
        done = scheduled ? fence->scheduled : fence->signaled;
        if (done)
            break;
        if (deadline_ns == UINT64_MAX) {
            pthread_cond_wait(&dev->fence_cond, &dev->fence_lock);
        } else {
            struct timespec ts = ns_to_ts(deadline_ns);

            if (sim_now_ns() >= deadline_ns)
                break;
            pthread_cond_timedwait(&dev->fence_cond, &dev->fence_lock, &ts);
        }
    }
    pthread_mutex_unlock(&dev->fence_lock);
    return done;
}

uint64_t sim_user_deadline_ns(uint64_t timeout_ns)
{
    /* amdgpu_gem_timeout(): negative means forever; otherwise absolute on
     * CLOCK_MONOTONIC (a time already past means "poll"). */
    return (int64_t)timeout_ns < 0 ? UINT64_MAX : timeout_ns;
}

/* ---------------------------------------------------------------- object lifetimes */

struct sim_bo *sim_bo_get(struct sim_bo *bo)
{
    atomic_fetch_add(&bo->refs, 1);
    return bo;
}

void sim_bo_put(struct sim_bo *bo)
{
    struct sim_dev *dev;

    if (!bo || atomic_fetch_sub(&bo->refs, 1) != 1)
        return;
    dev = bo->dev;
    if (bo->userptr) {
        pthread_mutex_lock(&dev->lock);
        for (unsigned i = 0; i < dev->nuserptrs; i++) {
            if (dev->userptrs[i] == bo) {
                dev->userptrs[i] = dev->userptrs[--dev->nuserptrs];
                break;
            }
        }
        pthread_mutex_unlock(&dev->lock);
    } else {
        sim_mem_backing_free(&dev->mem, bo->mem_off_bytes, bo->size_bytes);
    }
    sim_mem_unplace(&dev->mem, bo->size_bytes, &bo->place);
    for (unsigned i = 0; i < SIM_RING_COUNT; i++)
        sim_fence_put(bo->fences[i]);
    free(bo);
}

struct sim_bo *sim_file_bo(struct sim_file *f, uint32_t handle)
{
    return sim_idr_find(&f->bos, handle);
}

struct sim_ctx *sim_ctx_get(struct sim_ctx *ctx)
{
    atomic_fetch_add(&ctx->refs, 1);
    return ctx;
}

void sim_ctx_put(struct sim_ctx *ctx)
{
    if (!ctx || atomic_fetch_sub(&ctx->refs, 1) != 1)
        return;
    for (unsigned r = 0; r < SIM_RING_COUNT; r++)
        for (unsigned i = 0; i < SIM_SCHED_JOBS; i++)
            sim_fence_put(ctx->ent[r].fences[i]);
    free(ctx);
}

/* ---------------------------------------------------------------- DRM core ioctls */

static int ioctl_version(struct sim_file *f, void *data)
{
    struct drm_version *v = data;
    const struct sim_navi31 *d = &sim_navi31;
    const char *str[3] = {d->driver_name, d->driver_date, d->driver_desc};
    size_t *lens[3] = {&v->name_len, &v->date_len, &v->desc_len};
    char *bufs[3] = {v->name, v->date, v->desc};

    (void)f;
    v->version_major = d->version_major;
    v->version_minor = d->version_minor;
    v->version_patchlevel = d->version_patchlevel;
    /* drm_copy_field(): copy what fits, no NUL, report the full length */
    for (int i = 0; i < 3; i++) {
        size_t len = strlen(str[i]), n = len < *lens[i] ? len : *lens[i];

        *lens[i] = len;
        if (n && bufs[i] && sim_copy_to_user((uintptr_t)bufs[i], str[i], n))
            return -EFAULT;
    }
    return 0;
}

static int ioctl_get_unique(struct sim_file *f, void *data)
{
    struct drm_unique *u = data;
    const char *s = sim_navi31.pci_slot;
    size_t len = strlen(s);

    (void)f;
    if (u->unique_len >= len && u->unique && sim_copy_to_user((uintptr_t)u->unique, s, len))
        return -EFAULT;
    u->unique_len = len;
    return 0;
}

static int ioctl_get_client(struct sim_file *f, void *data)
{
    struct drm_client *c = data;

    (void)f;
    if (c->idx != 0)
        return -EINVAL;
    c->auth = 1;
    c->pid = (unsigned long)getpid();
    c->uid = (unsigned long)getuid();
    c->magic = 0;
    c->iocs = 0;
    return 0;
}

static int ioctl_get_cap(struct sim_file *f, void *data)
{
    struct drm_get_cap *c = data;

    (void)f;
    c->value = 0;
    switch (c->capability) {
    case DRM_CAP_TIMESTAMP_MONOTONIC:
        c->value = 1;
        return 0;
    case DRM_CAP_PRIME:
        c->value = 0;   /* PRIME sharing is not simulated */
        return 0;
    case DRM_CAP_SYNCOBJ:
        c->value = 1;
        return 0;
    case DRM_CAP_SYNCOBJ_TIMELINE:
        c->value = 0;   /* timeline syncobjs are not simulated */
        return 0;
    case DRM_CAP_DUMB_BUFFER: case DRM_CAP_VBLANK_HIGH_CRTC: case DRM_CAP_DUMB_PREFERRED_DEPTH:
    case DRM_CAP_DUMB_PREFER_SHADOW: case DRM_CAP_ASYNC_PAGE_FLIP: case DRM_CAP_CURSOR_WIDTH:
    case DRM_CAP_CURSOR_HEIGHT: case DRM_CAP_ADDFB2_MODIFIERS: case DRM_CAP_PAGE_FLIP_TARGET:
    case DRM_CAP_CRTC_IN_VBLANK_EVENT:
        /* drm_getcap() of a driver without modesetting: the simulated
         * board has no display engine */
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
}

static int ioctl_set_client_cap(struct sim_file *f, void *data)
{
    (void)f;
    (void)data;
    return -EOPNOTSUPP;   /* drm_setclientcap() without modesetting */
}

static int ioctl_not_simulated(struct sim_file *f, void *data)
{
    (void)f;
    (void)data;
    return -EOPNOTSUPP;
}

/* ---------------------------------------------------------------- the dispatcher */

#define SIM_IOCTL_AUTH 1u           /* DRM_AUTH */
#define SIM_IOCTL_RENDER 2u         /* DRM_RENDER_ALLOW */
#define SIM_IOCTL_UNSIMULATED 4u    /* exists in amdgpu; refused with a note */

struct sim_ioctl_desc {
    unsigned long cmd;              /* the kernel's request code (size, direction) */
    const char *name;
    unsigned flags;
    int (*func)(struct sim_file *f, void *data);
};

#define CORE(nr_cmd, fn, fl) [_IOC_NR(DRM_IOCTL_##nr_cmd)] = \
    {DRM_IOCTL_##nr_cmd, "DRM_IOCTL_" #nr_cmd, (fl), (fn)}
#define AMD(nr_cmd, fn) [_IOC_NR(DRM_IOCTL_AMDGPU_##nr_cmd) - DRM_COMMAND_BASE] = \
    {DRM_IOCTL_AMDGPU_##nr_cmd, "DRM_IOCTL_AMDGPU_" #nr_cmd, \
     SIM_IOCTL_AUTH | SIM_IOCTL_RENDER, (fn)}

/* The DRM core ioctls the simulated device answers (drm_ioctls[] in
 * drm_ioctl.c, less the modesetting ones: the board has no display). */
static const struct sim_ioctl_desc core_ioctls[] = {
    CORE(VERSION, ioctl_version, SIM_IOCTL_RENDER),
    CORE(GET_UNIQUE, ioctl_get_unique, 0),
    CORE(GET_MAGIC, ioctl_not_simulated, SIM_IOCTL_UNSIMULATED),
    CORE(GET_CLIENT, ioctl_get_client, 0),
    CORE(GET_CAP, ioctl_get_cap, SIM_IOCTL_RENDER),
    CORE(SET_CLIENT_CAP, ioctl_set_client_cap, 0),
    CORE(AUTH_MAGIC, ioctl_not_simulated, SIM_IOCTL_AUTH | SIM_IOCTL_UNSIMULATED),
    CORE(GEM_CLOSE, sim_ioctl_gem_close, SIM_IOCTL_RENDER),
    CORE(GEM_FLINK, ioctl_not_simulated, SIM_IOCTL_AUTH | SIM_IOCTL_UNSIMULATED),
    CORE(GEM_OPEN, ioctl_not_simulated, SIM_IOCTL_AUTH | SIM_IOCTL_UNSIMULATED),
    CORE(PRIME_HANDLE_TO_FD, ioctl_not_simulated, SIM_IOCTL_RENDER | SIM_IOCTL_UNSIMULATED),
    CORE(PRIME_FD_TO_HANDLE, ioctl_not_simulated, SIM_IOCTL_RENDER | SIM_IOCTL_UNSIMULATED),
    CORE(SYNCOBJ_CREATE, sim_ioctl_syncobj_create, SIM_IOCTL_RENDER),
    CORE(SYNCOBJ_DESTROY, sim_ioctl_syncobj_destroy, SIM_IOCTL_RENDER),
    CORE(SYNCOBJ_HANDLE_TO_FD, ioctl_not_simulated, SIM_IOCTL_RENDER | SIM_IOCTL_UNSIMULATED),
    CORE(SYNCOBJ_FD_TO_HANDLE, ioctl_not_simulated, SIM_IOCTL_RENDER | SIM_IOCTL_UNSIMULATED),
    CORE(SYNCOBJ_WAIT, sim_ioctl_syncobj_wait, SIM_IOCTL_RENDER),
    CORE(SYNCOBJ_RESET, sim_ioctl_syncobj_reset, SIM_IOCTL_RENDER),
    CORE(SYNCOBJ_SIGNAL, sim_ioctl_syncobj_signal, SIM_IOCTL_RENDER),
    /* drm_syncobj.c answers these with -EOPNOTSUPP for a driver without
     * DRIVER_SYNCOBJ_TIMELINE, which is what the simulator is */
    CORE(SYNCOBJ_TIMELINE_WAIT, ioctl_not_simulated, SIM_IOCTL_RENDER),
    CORE(SYNCOBJ_QUERY, ioctl_not_simulated, SIM_IOCTL_RENDER),
    CORE(SYNCOBJ_TRANSFER, ioctl_not_simulated, SIM_IOCTL_RENDER),
    CORE(SYNCOBJ_TIMELINE_SIGNAL, ioctl_not_simulated, SIM_IOCTL_RENDER),
};

/* amdgpu_ioctls_kms[] (amdgpu_drv.c), Linux 6.1. */
static const struct sim_ioctl_desc amdgpu_ioctls[] = {
    AMD(GEM_CREATE, sim_ioctl_gem_create),
    AMD(CTX, sim_ioctl_ctx),
    AMD(VM, sim_ioctl_vm),
    [DRM_AMDGPU_SCHED] = {DRM_IOCTL_AMDGPU_SCHED, "DRM_IOCTL_AMDGPU_SCHED",
                          SIM_IOCTL_AUTH | SIM_IOCTL_RENDER | SIM_IOCTL_UNSIMULATED,
                          ioctl_not_simulated},
    AMD(BO_LIST, sim_ioctl_bo_list),
    AMD(FENCE_TO_HANDLE, sim_ioctl_fence_to_handle),
    AMD(GEM_USERPTR, sim_ioctl_gem_userptr),
    AMD(CS, sim_ioctl_cs),
    AMD(INFO, sim_ioctl_info),
    AMD(WAIT_CS, sim_ioctl_wait_cs),
    AMD(WAIT_FENCES, sim_ioctl_wait_fences),
    AMD(GEM_METADATA, sim_ioctl_gem_metadata),
    AMD(GEM_VA, sim_ioctl_gem_va),
    AMD(GEM_OP, sim_ioctl_gem_op),
    AMD(GEM_MMAP, sim_ioctl_gem_mmap),
    AMD(GEM_WAIT_IDLE, sim_ioctl_gem_wait_idle),
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The simulator's own command (sim/sim_ioctl.h), at an index amdgpu leaves
 * free. */
static const struct sim_ioctl_desc amdpm4_query_ioctl = {
    DRM_IOWR(DRM_COMMAND_BASE + SIM_DRM_AMDPM4_QUERY, struct drm_amdpm4_sim_query),
    "DRM_IOCTL_AMDPM4_SIM_QUERY", SIM_IOCTL_AUTH | SIM_IOCTL_RENDER, sim_ioctl_amdpm4_query};

static void note_unsimulated(const struct sim_ioctl_desc *d)
{
    static _Atomic uint64_t noted[5];
    size_t idx = d >= amdgpu_ioctls && d < amdgpu_ioctls + NELEM(amdgpu_ioctls)
                     ? 256 + (size_t)(d - amdgpu_ioctls) : (size_t)(d - core_ioctls);
    uint64_t bit = 1ull << (idx % 64);

    if (atomic_fetch_or(&noted[idx / 64], bit) & bit)
        return;
    fprintf(stderr, "amdgpu %s: [amdpm4 sim] %s is not simulated (refused with EOPNOTSUPP)\n",
            sim_navi31.pci_slot, d->name);
}

int sim_drv_ioctl(struct sim_file *f, unsigned long request, void *arg)
{
    unsigned nr = _IOC_NR(request);
    const struct sim_ioctl_desc *d = NULL;
    unsigned in_size, out_size, drv_size, ksize;
    uint8_t stack_buf[512], *kdata = stack_buf;
    int ret;

    /* drm_ioctl() */
    if (_IOC_TYPE(request) != DRM_IOCTL_BASE)
        return -ENOTTY;
    if (nr == DRM_COMMAND_BASE + SIM_DRM_AMDPM4_QUERY) {
        d = &amdpm4_query_ioctl;
    } else if (nr >= DRM_COMMAND_BASE && nr < DRM_COMMAND_END) {
        if (nr - DRM_COMMAND_BASE < NELEM(amdgpu_ioctls))
            d = &amdgpu_ioctls[nr - DRM_COMMAND_BASE];
    } else if (nr < NELEM(core_ioctls)) {
        d = &core_ioctls[nr];
    }
    if (!d || !d->func)
        return -EINVAL;

    drv_size = _IOC_SIZE(d->cmd);
    out_size = in_size = _IOC_SIZE(request);
    if (!(request & d->cmd & IOC_IN))
        in_size = 0;
    if (!(request & d->cmd & IOC_OUT))
        out_size = 0;
    ksize = in_size > out_size ? in_size : out_size;
    if (drv_size > ksize)
        ksize = drv_size;
    if (ksize > sizeof(stack_buf)) {
        kdata = malloc(ksize);
        if (!kdata)
            return -ENOMEM;
    }
    ret = sim_copy_from_user(kdata, (uintptr_t)arg, in_size);
    if (ret)
        goto out;
    memset(kdata + in_size, 0, ksize - in_size);

    /* drm_ioctl_permit(): render clients run only DRM_RENDER_ALLOW ioctls;
     * the primary node's client counts as authenticated (the simulator
     * makes it master, as the first opener of a card node is). */
    if (f->minor >= SIM_MINOR_RENDER && !(d->flags & SIM_IOCTL_RENDER)) {
        ret = -EACCES;
    } else {
        if (d->flags & SIM_IOCTL_UNSIMULATED)
            note_unsimulated(d);
        ret = d->func(f, kdata);
    }
    /* drm_ioctl() copies the argument back whatever the handler returned */
    if (sim_copy_to_user((uintptr_t)arg, kdata, out_size))
        ret = -EFAULT;
out:
    if (kdata != stack_buf)
        free(kdata);
    return ret;
}

/* ---------------------------------------------------------------- CPU mappings */

static int mmap_rec_add(struct sim_dev *dev, uintptr_t addr, size_t len, struct sim_bo *bo)
{
    if (dev->nmmaps == dev->capmmaps) {
        unsigned cap = dev->capmmaps ? dev->capmmaps * 2 : 64;
        struct sim_mmap_rec *r = realloc(dev->mmaps, cap * sizeof(*r));

        if (!r)
            return -ENOMEM;
        dev->mmaps = r;
        dev->capmmaps = cap;
    }
    dev->mmaps[dev->nmmaps++] = (struct sim_mmap_rec){addr, len, bo};
    return 0;
}

/* Find the BO of this file whose mmap offset is `offset` (drm_gem_mmap():
 * exact start, and the file must hold a handle). */
static struct sim_bo *bo_at_offset(struct sim_file *f, uint64_t offset)
{
    for (uint32_t h = 1; h < f->bos.cap; h++) {
        struct sim_bo *bo = f->bos.slots[h];

        if (bo && !bo->userptr && SIM_MMAP_OFFSET_BASE + bo->mem_off_bytes == offset)
            return bo;
    }
    return NULL;
}

void *sim_drv_mmap(struct sim_file *f, void *addr, size_t len, int prot, int flags,
                   uint64_t offset, sim_mmap_fn real_mmap)
{
    struct sim_dev *dev = f->dev;
    struct sim_bo *bo;
    void *p;
    int ret;

    pthread_mutex_lock(&f->lock);
    bo = offset >= SIM_MMAP_OFFSET_BASE ? bo_at_offset(f, offset) : NULL;
    if (!bo) {
        pthread_mutex_unlock(&f->lock);
        errno = EINVAL;
        return MAP_FAILED;
    }
    sim_bo_get(bo);
    pthread_mutex_unlock(&f->lock);

    /* drm_gem_mmap_obj(): the mapping may not be larger than the object;
     * amdgpu_gem_object_mmap(): no CPU access to NO_CPU_ACCESS BOs. */
    if (!len || len > bo->size_bytes) {
        ret = -EINVAL;
        goto fail;
    }
    if (bo->flags & AMDGPU_GEM_CREATE_NO_CPU_ACCESS) {
        ret = -EPERM;
        goto fail;
    }
    /* The first CPU touch moves invisible VRAM into the window, or to GTT. */
    ret = sim_mem_make_cpu_visible(&dev->mem, bo->size_bytes, &bo->place);
    if (ret)
        goto fail;
    p = real_mmap(addr, len, prot, flags, dev->mem.memfd, (long)bo->mem_off_bytes);
    if (p == MAP_FAILED) {
        ret = -errno;
        goto fail;
    }
    pthread_mutex_lock(&dev->lock);
    ret = mmap_rec_add(dev, (uintptr_t)p, len, bo);
    pthread_mutex_unlock(&dev->lock);
    if (ret) {
        munmap(p, len);
        goto fail;
    }
    return p;
fail:
    sim_bo_put(bo);
    errno = -ret;
    return MAP_FAILED;
}

void sim_drv_munmap_begin(uintptr_t addr, size_t len)
{
    struct sim_dev *dev = sim_drv_device();
    uintptr_t end = addr + len;
    struct sim_bo *drop[16];
    unsigned ndrop = 0;

    if (!dev || !len || end < addr)
        return;
    /* amdgpu_hmm_invalidate_gfx(): unmapping user memory a userptr BO
     * covers waits until the GPU is done with it.  The fences are collected
     * under the locks and waited for without them (an engine thread may
     * need dev->lock to finish the job before the one waited for). */
    for (;;) {
        struct sim_fence *wait = NULL;

        pthread_mutex_lock(&dev->lock);
        pthread_mutex_lock(&dev->fence_lock);
        for (unsigned i = 0; i < dev->nuserptrs && !wait; i++) {
            struct sim_bo *bo = dev->userptrs[i];
            uint64_t ua = bo->userptr_addr;

            if (ua >= end || addr >= ua + bo->size_bytes)
                continue;
            for (unsigned r = 0; r < SIM_RING_COUNT && !wait; r++)
                if (bo->fences[r] && !bo->fences[r]->signaled)
                    wait = sim_fence_get(bo->fences[r]);
        }
        pthread_mutex_unlock(&dev->fence_lock);
        pthread_mutex_unlock(&dev->lock);
        if (!wait)
            break;
        sim_fence_wait(dev, wait, UINT64_MAX, false);
        sim_fence_put(wait);
    }
    pthread_mutex_lock(&dev->lock);
    /* Records of BO mappings inside the range shrink, split or go. */
    for (unsigned i = 0; i < dev->nmmaps;) {
        struct sim_mmap_rec *r = &dev->mmaps[i];
        uintptr_t rs = r->addr, re = r->addr + r->len;

        if (re <= addr || rs >= end) {
            i++;
            continue;
        }
        if (addr <= rs && end >= re) {              /* wholly unmapped */
            if (ndrop == NELEM(drop)) {
                pthread_mutex_unlock(&dev->lock);
                for (unsigned k = 0; k < ndrop; k++)
                    sim_bo_put(drop[k]);
                ndrop = 0;
                pthread_mutex_lock(&dev->lock);
                continue;
            }
            drop[ndrop++] = r->bo;
            *r = dev->mmaps[--dev->nmmaps];
            continue;
        }
        if (addr > rs && end < re) {                /* a hole in the middle */
            struct sim_bo *bo = sim_bo_get(r->bo);

            r->len = addr - rs;
            if (mmap_rec_add(dev, end, re - end, bo))
                sim_bo_put(bo);   /* bookkeeping failed: the tail is forgotten */
            i++;
            continue;
        }
        if (addr <= rs) {                           /* the head goes */
            r->len = re - end;
            r->addr = end;
        } else {                                    /* the tail goes */
            r->len = addr - rs;
        }
        i++;
    }
    pthread_mutex_unlock(&dev->lock);
    for (unsigned k = 0; k < ndrop; k++)
        sim_bo_put(drop[k]);
}
