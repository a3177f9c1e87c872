/*
 * sim/drv.h — the simulated amdgpu kernel driver: its objects and the entry
 * points the interposer (sim/interpose.c) calls.
 *
 * One device per process (the simulated RX 7900 XTX), created when a device
 * node is first opened.  Each open() of a node is one DRM file with its own
 * GPU VM, GEM handles, contexts, BO lists and syncobjs; dup()ed fds share it.
 * Ioctls take the arguments the way drm_ioctl() does (copy in _IOC_SIZE
 * bytes, zero-extend to the driver's struct, call the handler, copy out) and
 * return 0 or a negative errno.
 *
 * Locks, outermost first: file->lock (handle tables, contexts), dev->lock
 * (mmap records, device-wide lists), dev->fence_lock (fence states, BO
 * fences, entity fence slots; waits sleep on dev->fence_cond), ring->lock
 * (job queue), mem->lock (heaps).  Engine threads take fence_lock,
 * ring->lock and mem->lock, and dev->lock only to drop a finished job's
 * userptr BO, holding nothing else; they never take file->lock.
 */
#ifndef AMDPM4_SIM_DRV_H
#define AMDPM4_SIM_DRV_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pm4/pm4_table.h"
#include "sim/exec.h"
#include "sim/fault.h"
#include "sim/idr.h"
#include "sim/mem.h"
#include "sim/navi31.h"
#include "sim/vm.h"

/* DRM minors of the two nodes. */
#define SIM_MINOR_PRIMARY 0     /* /dev/dri/card0 */
#define SIM_MINOR_RENDER 128    /* /dev/dri/renderD128 */
#define SIM_DRM_MAJOR 226

/* drm_vma_manager's start of mmap offsets (DRM_FILE_PAGE_OFFSET_START, in
 * bytes): a BO's mmap offset is this plus its memfd offset. */
#define SIM_MMAP_OFFSET_BASE 0x100000000ull

/* amdgpu_sched_jobs (module default 32): fences kept per context entity and
 * the most jobs one entity may have in flight. */
#define SIM_SCHED_JOBS 32u

/* AMDGPU_VM_MAX_NUM_CTX: context ids are 1..4095. */
#define SIM_MAX_CTX 4096u

/* ---------------------------------------------------------------- fences */

struct sim_fence {
    atomic_int refs;
    /* under dev->fence_lock */
    bool scheduled;            /* the job started (SCHEDULED_DEPENDENCIES) */
    bool signaled;
    int error;                 /* 0, or -ETIME / -ECANCELED once signaled */
    uint64_t seq;              /* entity sequence number (0: a stub fence) */
    uint32_t ring;             /* enum sim_ring_id */
    /* What the job leaves for SIM_DRM_AMDPM4_QUERY (sim/sim_ioctl.h),
     * written by its engine thread before the fence signals. */
    uint32_t dispatches;       /* dispatches run */
    struct sim_fault *fault;   /* its fault (owned), NULL if none */
    /* per dispatch run (owned), nstats of them, in chunks (see below);
     * stats is stats_few until more chunks are needed */
    struct sim_dispatch_stats **stats, *stats_few[4];
    uint32_t nstats, capchunks;
};

/* A fence's statistics records are kept in chunks: the first of
 * SIM_STATS_FIRST records (one page: most submissions), the rest of
 * SIM_STATS_CHUNK (33 KiB).  One contiguous array for a 10000-dispatch
 * submission was one mapping whose munmap (a TLB shootdown) landed on the
 * CS ioctl that dropped the fence 32 submissions later: 150-270 us on that
 * submit (amdpm4 bench overhead, chains of 4 after its record batches).
 * Chunks below glibc's mmap threshold go back to the heap instead. */
#define SIM_STATS_FIRST 15u
#define SIM_STATS_CHUNK 128u

/* The chunk holding record i, and its index there. */
static inline uint32_t sim_stats_chunk(uint32_t i, uint32_t *at)
{
    if (i < SIM_STATS_FIRST) {
        *at = i;
        return 0;
    }
    *at = (i - SIM_STATS_FIRST) % SIM_STATS_CHUNK;
    return 1 + (i - SIM_STATS_FIRST) / SIM_STATS_CHUNK;
}

/* Records in chunk c. */
static inline uint32_t sim_stats_chunk_len(uint32_t c)
{
    return c ? SIM_STATS_CHUNK : SIM_STATS_FIRST;
}

/* Chunks that hold n records. */
static inline uint32_t sim_stats_chunks(uint32_t n)
{
    uint32_t at;
    return n ? sim_stats_chunk(n - 1, &at) + 1 : 0;
}

/* ---------------------------------------------------------------- objects */

struct sim_dev;

struct sim_bo {
    atomic_int refs;
    struct sim_dev *dev;
    uint64_t size_bytes;              /* page multiple */
    uint64_t alignment_bytes;
    uint32_t preferred_domains, allowed_domains;
    uint64_t flags;                   /* AMDGPU_GEM_CREATE_* */
    struct sim_placement place;       /* under dev->mem.lock */
    uint8_t *host;                    /* the bytes (memfd range or user memory) */
    uint64_t mem_off_bytes;           /* memfd offset; ~0 for userptr */
    bool userptr;
    uint64_t userptr_addr;
    uint32_t userptr_flags;
    /* GEM_METADATA */
    uint64_t tiling_info;
    uint32_t metadata_flags, metadata_size_bytes;
    uint32_t metadata[64];
    /* the latest submission per ring that listed this BO (dev->fence_lock) */
    struct sim_fence *fences[SIM_RING_COUNT];
};

struct sim_ctx_entity {
    uint64_t sequence;                        /* next seq (first is 1) */
    struct sim_fence *fences[SIM_SCHED_JOBS]; /* fences[seq % SIM_SCHED_JOBS] */
};

struct sim_ctx {
    atomic_int refs;
    uint32_t id;
    int32_t priority;
    uint32_t stable_pstate;
    atomic_int guilty;
    atomic_int killed;                 /* its file closed: queued work is cancelled */
    uint32_t reset_counter, vram_lost_counter, reset_counter_query;
    struct sim_ctx_entity ent[SIM_RING_COUNT];   /* under dev->fence_lock */
};

struct sim_bo_list {
    unsigned count;
    struct sim_bo **bos;               /* referenced */
};

struct sim_syncobj {
    atomic_int refs;
    struct sim_fence *fence;           /* NULL: no fence (dev->fence_lock) */
};

struct sim_file {
    atomic_int refs;                   /* 1 while any fd is open, + users, + jobs */
    int nfds;                          /* fds referring to it (the interposer's count) */
    struct sim_dev *dev;
    int minor;
    struct sim_vm *vm;
    pthread_mutex_t lock;
    struct sim_idr bos, ctxs, bo_lists, syncobjs;
};

/* One indirect buffer of a job. */
struct sim_ib {
    uint64_t va;
    uint32_t size_dw;
    uint32_t flags;                    /* AMDGPU_IB_FLAG_* */
};

struct sim_job {
    struct sim_job *next;
    struct sim_file *file;             /* referenced: its VM */
    struct sim_ctx *ctx;               /* referenced */
    unsigned ring;
    uint64_t seq;
    struct sim_fence *fence;           /* referenced */
    unsigned nibs;
    struct sim_ib *ibs;
    unsigned ndeps;
    struct sim_fence **deps;           /* referenced; finished before the job runs */
    unsigned nsched_deps;
    struct sim_fence **sched_deps;     /* referenced; started before the job runs */
    struct sim_bo *uf_bo;              /* user fence BO (referenced) or NULL */
    uint64_t uf_offset_bytes;
    unsigned nbos;
    struct sim_bo **bos;               /* BO list, referenced while in flight */
};

/* What an engine thread runs: the CP (GFX, COMPUTE) or the SDMA engine.
 * Returns 0 or a negative errno with *fault filled. */
struct sim_engine_ctx {
    struct sim_dev *dev;
    struct sim_ring *ring;
    struct sim_job *job;
    uint64_t deadline_ns;              /* the job is a hang past this */
};

struct sim_ring {
    struct sim_dev *dev;
    unsigned id;                       /* enum sim_ring_id */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t thread;
    bool started;
    struct sim_job *head, *tail;       /* queued jobs */
    struct sim_job *running;           /* the job the engine executes (ring->lock) */
    uint64_t emitted, signaled;        /* hardware fence counters (fault lines) */
    uint32_t *sh_regs;                 /* CP rings: SH register file (sim/exec.h) */
    uint32_t *uconfig_regs;            /* CP rings: UCONFIG register file */
    void *engine_scratch;              /* the engine's buffers (engine thread only) */
};

/* The UCONFIG register file the CP keeps (SET_UCONFIG_REG window). */
#define SIM_UCONFIG_REG_COUNT (PM4_UCONFIG_END_DW - PM4_UCONFIG_FIRST_DW)

struct sim_mmap_rec {
    uintptr_t addr;
    size_t len;
    struct sim_bo *bo;                 /* referenced while mapped */
};

struct sim_dev {
    pthread_mutex_t lock;
    struct sim_mem mem;
    pthread_mutex_t fence_lock;
    pthread_cond_t fence_cond;
    struct sim_ring rings[SIM_RING_COUNT];
    uint64_t timeout_ns;               /* AMDPM4_SIM_TIMEOUT_MS */
    uint32_t gpu_reset_counter, vram_lost_counter;
    struct sim_mmap_rec *mmaps;        /* CPU mappings of BOs (dev->lock) */
    unsigned nmmaps, capmmaps;
    struct sim_bo **userptrs;          /* live userptr BOs (dev->lock) */
    unsigned nuserptrs, capuserptrs;
    uint64_t faults;                   /* faults recorded */
    struct sim_fault last_fault;       /* the latest one (dev->fence_lock) */
};

/* ---------------------------------------------------------------- entry points */

/* Open a DRM file on the node with this minor (creating the device on first
 * use).  Returns NULL with errno set on failure. */
struct sim_file *sim_drv_open(int minor);

/* Another fd refers to the file (dup/fcntl). */
void sim_file_get(struct sim_file *f);
/* One fd of the file closed; the last one releases it. */
void sim_drv_close(struct sim_file *f);

/* DRM ioctl: returns 0 or a negative errno. */
int sim_drv_ioctl(struct sim_file *f, unsigned long request, void *arg);

/* mmap on the DRM fd.  Returns the address, or MAP_FAILED with errno set.
 * real_mmap is libc's mmap (the interposer's pass-through). */
typedef void *(*sim_mmap_fn)(void *, size_t, int, int, int, long);
void *sim_drv_mmap(struct sim_file *f, void *addr, size_t len, int prot, int flags,
                   uint64_t offset, sim_mmap_fn real_mmap);

/* Before any munmap(addr, len) (on any fd): waits for the GPU to stop using
 * userptr BOs in the range (amdgpu's MMU notifier) and drops the records
 * of BO mappings it removes. */
void sim_drv_munmap_begin(uintptr_t addr, size_t len);

/* The process's device, or NULL if no node was ever opened. */
struct sim_dev *sim_drv_device(void);

/* ---------------------------------------------------------------- internals */

int sim_copy_from_user(void *dst, uint64_t user_ptr, size_t bytes);
int sim_copy_to_user(uint64_t user_ptr, const void *src, size_t bytes);

struct sim_fence *sim_fence_new(uint32_t ring, uint64_t seq);
struct sim_fence *sim_fence_get(struct sim_fence *fence);
void sim_fence_put(struct sim_fence *fence);
/* Mark started / signaled (with error) and wake waiters. */
void sim_fence_set_scheduled(struct sim_dev *dev, struct sim_fence *fence);
void sim_fence_signal(struct sim_dev *dev, struct sim_fence *fence, int error);
bool sim_fence_is_signaled(struct sim_dev *dev, struct sim_fence *fence);
/* Wait until signaled (or scheduled, if `scheduled`) or the absolute
 * CLOCK_MONOTONIC deadline (UINT64_MAX: forever).  Returns true if it
 * happened. */
bool sim_fence_wait(struct sim_dev *dev, struct sim_fence *fence, uint64_t deadline_ns,
                    bool scheduled);

/* amdgpu_gem_timeout(): the absolute ns deadline of a user timeout, where a
 * negative (as int64) timeout means forever. */
uint64_t sim_user_deadline_ns(uint64_t timeout_ns);

struct sim_bo *sim_bo_get(struct sim_bo *bo);
void sim_bo_put(struct sim_bo *bo);
/* Look a GEM handle up (f->lock held); NULL if unknown. */
struct sim_bo *sim_file_bo(struct sim_file *f, uint32_t handle);

struct sim_ctx *sim_ctx_get(struct sim_ctx *ctx);
void sim_ctx_put(struct sim_ctx *ctx);
void sim_file_put(struct sim_file *f);

/* amdgpu_ctx_get_fence(): the fence of seq on that entity: *out NULL when it
 * retired long ago (signaled), -EINVAL when seq was never emitted.
 * dev->fence_lock held. */
int sim_ctx_fence(struct sim_ctx *ctx, unsigned ring, uint64_t seq, struct sim_fence **out);

/* Engine side (sim/ring.c). */
void sim_ring_init(struct sim_dev *dev, struct sim_ring *r, unsigned id);
/* Queue a job (starting the engine thread on first use); takes ownership. */
int sim_ring_push(struct sim_ring *r, struct sim_job *job);
void sim_job_free(struct sim_job *job);
/* Record a fault of the running job: kernel-log line, guilty context. */
void sim_ring_fault(struct sim_engine_ctx *e, int err, const struct sim_fault *fault);

/* The engines: execute every IB of e->job.  0, or a negative errno with
 * *fault filled. */
int sim_cp_run(struct sim_engine_ctx *e, struct sim_fault *fault);
int sim_sdma_run(struct sim_engine_ctx *e, struct sim_fault *fault);

/* Ioctl handlers (argument already copied in). */
int sim_ioctl_info(struct sim_file *f, void *data);
int sim_ioctl_gem_create(struct sim_file *f, void *data);
int sim_ioctl_gem_mmap(struct sim_file *f, void *data);
int sim_ioctl_gem_close(struct sim_file *f, void *data);
int sim_ioctl_gem_va(struct sim_file *f, void *data);
int sim_ioctl_gem_wait_idle(struct sim_file *f, void *data);
int sim_ioctl_gem_op(struct sim_file *f, void *data);
int sim_ioctl_gem_userptr(struct sim_file *f, void *data);
int sim_ioctl_gem_metadata(struct sim_file *f, void *data);
int sim_ioctl_ctx(struct sim_file *f, void *data);
int sim_ioctl_bo_list(struct sim_file *f, void *data);
int sim_ioctl_vm(struct sim_file *f, void *data);
int sim_ioctl_cs(struct sim_file *f, void *data);
int sim_ioctl_wait_cs(struct sim_file *f, void *data);
int sim_ioctl_wait_fences(struct sim_file *f, void *data);
int sim_ioctl_fence_to_handle(struct sim_file *f, void *data);
int sim_ioctl_syncobj_create(struct sim_file *f, void *data);
int sim_ioctl_syncobj_destroy(struct sim_file *f, void *data);
int sim_ioctl_syncobj_wait(struct sim_file *f, void *data);
int sim_ioctl_syncobj_reset(struct sim_file *f, void *data);
int sim_ioctl_syncobj_signal(struct sim_file *f, void *data);
/* The driver-private query (sim/sim_ioctl.h, sim/drv_query.c). */
int sim_ioctl_amdpm4_query(struct sim_file *f, void *data);

/* amdgpu_ttm_tt_get_user_pages()'s checks of user memory behind a userptr
 * BO: mapped (writable unless read-only), anonymous if anon_only.
 * Returns 0, -EFAULT or -EPERM. */
int sim_userptr_check(uint64_t addr, uint64_t size, bool need_write, bool anon_only);

/* Release helpers used by file teardown. */
void sim_file_release_bos(struct sim_file *f);
void sim_file_release_ctxs(struct sim_file *f);
void sim_file_release_syncobjs(struct sim_file *f);
void sim_bo_list_free(struct sim_bo_list *l);
struct drm_amdgpu_bo_list_in;
/* A BO list from user entries (BO_LIST ioctl, CS BO_HANDLES chunk). */
int sim_bo_list_from_user(struct sim_file *f, const struct drm_amdgpu_bo_list_in *in,
                          struct sim_bo_list **out);

#endif
