/*
 * amdpm4.h — the public API of amdpm4, a runtime that drives AMD RDNA3
 * (gfx11) GPUs by writing PM4 packets itself and submitting them through
 * libdrm_amdgpu.  This is the only header a user includes.
 *
 * Conventions
 *   - Every function that can fail returns 0 or a negative errno and leaves a
 *     one-line, human-readable message for the calling thread, read with
 *     amdpm4_last_error().  Functions returning void cannot fail.
 *   - Names say units: _dw (dwords), _bytes, _va (GPU virtual address), _ns,
 *     _khz.
 *   - Handles are opaque and used through pointers.  An object created by
 *     amdpm4_X_create/open/alloc/load is owned by the caller and released with
 *     the matching destroy/close/free; destroying NULL does nothing.
 *   - Objects live inside their device: close a device only after destroying
 *     its queues, programs and buffers (amdpm4_device_close frees what is
 *     left, but handles into it are then dangling).
 *
 * Threads
 *   - A device, its buffers and its programs may be used from any number of
 *     threads at once (allocation, free, map, upload, download, info, kernel
 *     lookup are internally synchronised).  Freeing an object while another
 *     thread still uses it is the caller's race.
 *   - A queue is used by one thread at a time: recording, submitting, waiting
 *     on its fences and destroying it must not overlap.  Different queues may
 *     be driven from different threads concurrently.  A fence belongs to its
 *     queue and follows the same rule (amdpm4_fence_wait_many takes fences of
 *     one device; their queues must not be in use by other threads meanwhile).
 *   - amdpm4_last_error() is per thread.
 *
 * A minimal session (error checks elided; see README.md for a full one):
 *
 *     amdpm4_device *dev;   amdpm4_device_open(0, &dev);
 *     amdpm4_bo *buf;       amdpm4_bo_alloc(dev, 4096, AMDPM4_VRAM, &buf);
 *     amdpm4_program *prog; amdpm4_program_load_file(dev, "k.co", &prog);
 *     const amdpm4_kernel *k; amdpm4_program_kernel(prog, "k", &k);
 *     amdpm4_queue *q;      amdpm4_queue_create(dev, AMDPM4_QUEUE_COMPUTE, &q);
 *     uint64_t va = amdpm4_bo_va(buf);
 *     amdpm4_bo *used[] = {buf};
 *     struct amdpm4_dispatch d = {k, {16, 1, 1}, {64, 1, 1}, &va, sizeof(va), 0, used, 1};
 *     amdpm4_queue_dispatch(q, &d);
 *     amdpm4_fence *f;      amdpm4_queue_submit(q, &f);
 *     amdpm4_fence_wait(f, AMDPM4_WAIT_FOREVER);  amdpm4_fence_release(f);
 */
#ifndef AMDPM4_H
#define AMDPM4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ================================================================ errors */

/* The message left by the last failing call on this thread ("no error" if
 * none).  The string is owned by the library and valid until the thread's
 * next failing call. */
const char *amdpm4_last_error(void);

/* ================================================================ devices */

typedef struct amdpm4_device amdpm4_device;

/* One AMD GPU driven by amdgpu, as found by enumeration. */
struct amdpm4_device_entry {
    char render_path[64];          /* "/dev/dri/renderD128" */
    char pci_slot[32];             /* "0000:03:00.0" */
    uint16_t vendor_id;            /* 0x1002 */
    uint16_t device_id;            /* PCI device id, e.g. 0x744C */
    uint8_t revision_id;           /* PCI revision */
};

/*
 * List the AMD render nodes (drmGetDevices2: PCI vendor 0x1002, kernel
 * driver "amdgpu").  Fills entries[0 .. min(*count, max_entries)) and sets
 * *count to the number found (which may exceed max_entries; entries may be
 * NULL when max_entries is 0).  The order is drmGetDevices2's and is the
 * index amdpm4_device_open() takes.  Non-gfx11 GPUs are listed too (opening
 * them is refused).  Errors: -EINVAL (count NULL), -ENODEV is NOT an error
 * here (*count = 0), other negative errnos from libdrm.
 */
int amdpm4_enumerate(struct amdpm4_device_entry *entries, unsigned max_entries, unsigned *count);

/*
 * Open the index-th device of amdpm4_enumerate(), or the render node at
 * render_path.  The device is initialised through libdrm_amdgpu
 * (amdgpu_device_initialize) and checked: a GPU that is not gfx11 is refused
 * with -ENOTSUP and a message naming what it is ("family 143 (gfx10, RDNA1/2)").
 * Errors: -EINVAL (NULL out/path), -ENODEV (no such index / not an amdgpu
 * node), -ENOTSUP (not gfx11), -ENOMEM, errnos of open() and libdrm.
 * The device is released with amdpm4_device_close().
 */
int amdpm4_device_open(unsigned index, amdpm4_device **out);
int amdpm4_device_open_path(const char *render_path, amdpm4_device **out);

/* Release the device and everything still allocated in it (buffers,
 * programs, queues — waiting for their submissions).  NULL does nothing. */
void amdpm4_device_close(amdpm4_device *dev);

/* Where memory lives.  Each placement is a heap of its own in the accounting. */
enum amdpm4_placement {
    AMDPM4_VRAM,          /* device-local; never CPU-mapped (AMDGPU_GEM_CREATE_NO_CPU_ACCESS);
                             uploads and downloads go through a staging copy */
    AMDPM4_VRAM_VISIBLE,  /* device-local inside the CPU-visible window (the PCI BAR);
                             CPU-mapped (CPU_ACCESS_REQUIRED) */
    AMDPM4_GTT,           /* host memory the GPU reaches over PCIe; CPU-mapped, cached */
    AMDPM4_PLACEMENT_COUNT
};

/* "VRAM", "visible VRAM", "GTT" (NULL for an out-of-range value). */
const char *amdpm4_placement_name(enum amdpm4_placement p);

/* One heap as the kernel reports it (AMDGPU_INFO_MEMORY). */
struct amdpm4_heap_info {
    uint64_t total_bytes;          /* size of the heap */
    uint64_t usable_bytes;         /* what allocations may use (less the kernel's pins) */
    uint64_t used_bytes;           /* in use now, by every process */
    uint64_t max_allocation_bytes; /* the kernel's limit for one buffer */
};

struct amdpm4_device_info {
    char marketing_name[128];      /* from /usr/share/libdrm/amdgpu.ids; "" when absent there */
    char gfx_target[16];           /* "gfx1100" */
    char chip_name[16];            /* "navi31" */
    char render_path[64];          /* the node it was opened on */
    char pci_slot[32];             /* "0000:03:00.0"; "" if unknown */
    uint32_t pci_device_id, pci_revision_id;
    uint32_t family_id;            /* AMDGPU_FAMILY_*: 145 for gfx11.0 */
    uint32_t chip_external_rev;
    uint32_t drm_version_major, drm_version_minor, drm_version_patchlevel;
    uint32_t cu_count;             /* active compute units */
    uint32_t shader_engines;
    uint32_t shader_arrays_per_engine;
    uint32_t wave_lanes;           /* 32: amdpm4 launches wave32 only */
    uint32_t max_engine_clock_khz; /* shader clock */
    uint32_t max_memory_clock_khz;
    uint32_t vram_bit_width;
    uint64_t timestamp_freq_khz;   /* GPU timestamp counter rate (gpu_counter_freq) */
    uint32_t compute_rings, dma_rings;
    bool simulated;                /* the simulated gfx1100 (libamdpm4sim.so) answers */
    char simulator[64];            /* its identification string when simulated, else "" */
    /* Heaps, sizes and current usage by all processes (a snapshot taken by
     * this call).  vram covers all VRAM; vram_visible the CPU-visible window. */
    struct amdpm4_heap_info vram, vram_visible, gtt;
};

/* Describe the device; heap usage is read fresh on each call.
 * Errors: -EINVAL (NULL argument), errnos of the INFO ioctl. */
int amdpm4_device_info(amdpm4_device *dev, struct amdpm4_device_info *info);

/* This process's allocations through amdpm4 on one device, per placement
 * (buffers, code, and the runtime's own staging and command pools). */
struct amdpm4_heap_usage {
    uint64_t bytes[AMDPM4_PLACEMENT_COUNT];       /* allocated now (page-rounded sizes) */
    uint64_t peak_bytes[AMDPM4_PLACEMENT_COUNT];  /* highest since the device was opened */
    uint32_t buffers[AMDPM4_PLACEMENT_COUNT];     /* buffer objects now */
    uint64_t allocations[AMDPM4_PLACEMENT_COUNT]; /* buffer objects created since open */
};
/* Errors: -EINVAL (NULL argument). */
int amdpm4_device_heap_usage(amdpm4_device *dev, struct amdpm4_heap_usage *usage);

/* Convert GPU timestamp ticks (amdpm4_fence_timestamps) to nanoseconds. */
uint64_t amdpm4_device_ticks_to_ns(const amdpm4_device *dev, uint64_t ticks);

/* ================================================================ buffer objects */

typedef struct amdpm4_bo amdpm4_bo;

/* Every buffer is mapped at a GPU VA aligned to at least this. */
#define AMDPM4_BO_MIN_ALIGN_BYTES 256u

/*
 * Allocate bytes (rounded up to whole 4 KiB pages) in placement p, mapped into
 * the device's GPU address space (libdrm's VA manager) at a VA aligned to a
 * page (at least AMDPM4_BO_MIN_ALIGN_BYTES).  Contents start as zero.  CPU-
 * visible placements are also mapped for the CPU (amdpm4_bo_map).
 * Memory never silently lands elsewhere: when the kernel could only place
 * the buffer outside the heap asked for, it is freed again and the call
 * fails with -ENOMEM.
 * Errors: -EINVAL (zero size, bad placement, NULL out), -EOVERFLOW (size
 * overflows when rounded up), -ENOMEM naming the heap, the size asked and
 * what is free ("out of memory in visible VRAM: 300 MiB asked, 212 MiB free
 * of 256 MiB"), errnos of libdrm.  Thread-safe.
 */
int amdpm4_bo_alloc(amdpm4_device *dev, uint64_t bytes, enum amdpm4_placement p,
                    amdpm4_bo **out);

/* As amdpm4_bo_alloc with a VA alignment (a power of two; values below
 * AMDPM4_BO_MIN_ALIGN_BYTES are raised to it).  -EINVAL if not a power of
 * two or above 1 GiB. */
int amdpm4_bo_alloc_aligned(amdpm4_device *dev, uint64_t bytes, uint64_t align_bytes,
                            enum amdpm4_placement p, amdpm4_bo **out);

/* Unmap and free.  The caller must have waited for submissions using the
 * buffer (a GPU access after free faults).  NULL does nothing. */
void amdpm4_bo_free(amdpm4_bo *bo);

uint64_t amdpm4_bo_va(const amdpm4_bo *bo);           /* GPU VA of byte 0 */
uint64_t amdpm4_bo_size(const amdpm4_bo *bo);         /* bytes asked for */
uint64_t amdpm4_bo_alloc_size(const amdpm4_bo *bo);   /* bytes allocated (page multiple) */
enum amdpm4_placement amdpm4_bo_placement(const amdpm4_bo *bo);

/* The CPU mapping of a CPU-visible buffer (valid until the buffer is
 * freed).  -EPERM for AMDPM4_VRAM (not CPU-visible: use upload/download),
 * -EINVAL for NULL arguments.  The CPU and GPU see the same bytes; order
 * CPU access against GPU work with fences. */
int amdpm4_bo_map(amdpm4_bo *bo, void **cpu_ptr);

/*
 * Copy bytes between host memory and [offset, offset + bytes) of the buffer,
 * for every placement.  First waits until no submitted GPU work uses the
 * buffer (GEM_WAIT_IDLE); then copies directly through the CPU mapping when
 * the buffer has one, else through a GTT staging buffer and SDMA copies on
 * the device's internal transfer context.  Returns when the data has
 * arrived.  bytes == 0 does nothing.
 * Errors: -EINVAL (NULL pointer with bytes > 0), -ERANGE (range outside
 * the buffer), -ETIME / -ECANCELED / -EIO when a staging copy failed on
 * the GPU, errnos of libdrm.  Thread-safe (staged copies of one device are
 * serialised).
 */
int amdpm4_bo_upload(amdpm4_bo *bo, uint64_t offset_bytes, const void *src, uint64_t bytes);
int amdpm4_bo_download(amdpm4_bo *bo, uint64_t offset_bytes, void *dst, uint64_t bytes);

/* ================================================================ programs and kernels */

typedef struct amdpm4_program amdpm4_program;  /* a code object uploaded to the GPU */
typedef struct amdpm4_kernel amdpm4_kernel;    /* one kernel of a program (owned by it) */

/*
 * Load a gfx1100 wave32 HSA code object (ELF from llvm-mc + ld.lld; see
 * isa/codeobj.h for what is accepted), upload its image into a VRAM buffer
 * at a 256-byte (or the image's larger) alignment and keep its kernels.
 * _memory copies data; name is used in messages (NULL: "code object").
 * _builtin loads a kernel object embedded in the library (kernels/NAME.s).
 * Errors: -ENOEXEC (not a code object this device can run: wrong target,
 * wave64, truncated, corrupt), -ENOENT (no such file / builtin), -EFBIG,
 * -ENOMEM, -EINVAL (NULL arguments), errors of the upload.
 */
int amdpm4_program_load_file(amdpm4_device *dev, const char *path, amdpm4_program **out);
int amdpm4_program_load_memory(amdpm4_device *dev, const void *data, size_t data_bytes,
                               const char *name, amdpm4_program **out);
int amdpm4_program_load_builtin(amdpm4_device *dev, const char *name, amdpm4_program **out);

/* Free the program and its code buffer.  Submissions using its kernels must
 * have finished.  NULL does nothing. */
void amdpm4_program_destroy(amdpm4_program *prog);

/* The index-th builtin kernel object's name (static); NULL past the last. */
const char *amdpm4_builtin_name(unsigned index);

/* The kernel called name (or "name.kd").  -ENOENT listing the kernels there
 * are, -EINVAL for NULL arguments. */
int amdpm4_program_kernel(const amdpm4_program *prog, const char *name,
                          const amdpm4_kernel **out);
unsigned amdpm4_program_kernel_count(const amdpm4_program *prog);
/* The index-th kernel (NULL when out of range). */
const amdpm4_kernel *amdpm4_program_kernel_at(const amdpm4_program *prog, unsigned index);

struct amdpm4_kernel_info {
    const char *name;              /* owned by the program */
    uint64_t code_va;              /* entry point */
    uint32_t kernarg_bytes;        /* what a dispatch must pass */
    uint32_t lds_bytes;            /* static LDS per workgroup */
    uint32_t scratch_bytes_per_lane;
    uint32_t max_workgroup_items;  /* from the metadata; 1024 without */
    uint32_t user_sgprs;           /* SGPRs preloaded from COMPUTE_USER_DATA */
    uint32_t compute_pgm_rsrc1, compute_pgm_rsrc2, compute_pgm_rsrc3;
    bool has_metadata;             /* the code object's metadata note describes it */
    uint32_t arg_count;            /* its .args (0 without metadata) */
};
/* -EINVAL for NULL arguments. */
int amdpm4_kernel_info(const amdpm4_kernel *k, struct amdpm4_kernel_info *info);

/* One kernel argument as the code object's metadata lists it (.args). */
struct amdpm4_kernel_arg {
    const char *name;              /* .name; "" when absent (owned by the program) */
    const char *value_kind;        /* .value_kind: "global_buffer", "by_value", ... (static) */
    uint32_t offset_bytes;         /* in the kernarg segment */
    uint32_t size_bytes;
    bool hidden;                   /* a hidden_* kind: an implicit argument a compiler
                                      appends; the runtime does not fill it */
};
/* The index-th argument, in metadata order.  -ERANGE when index is not
 * below amdpm4_kernel_info's arg_count, -EINVAL for NULL arguments. */
int amdpm4_kernel_arg(const amdpm4_kernel *k, uint32_t index, struct amdpm4_kernel_arg *arg);

/* ================================================================ queues and fences */

typedef struct amdpm4_queue amdpm4_queue;
typedef struct amdpm4_fence amdpm4_fence;

enum amdpm4_queue_kind {
    AMDPM4_QUEUE_COMPUTE,          /* an amdgpu context on a COMPUTE ring (the MEC) */
    AMDPM4_QUEUE_TRANSFER,         /* an amdgpu context on a DMA ring (SDMA) */
};

/*
 * A queue records commands into an open submission and submits it with
 * one CS ioctl (its IBs and the list of every buffer it uses).  Any number of
 * submissions may be in flight; their IB and kernarg memory comes from pools
 * owned by the queue and returns there when the submission's fence signals,
 * so a steady stream of submissions allocates nothing.  Compute and transfer
 * queues run concurrently; order work between them with
 * amdpm4_queue_wait_fence().
 * Errors: -EINVAL, -ENOMEM, errnos of the CTX ioctl.
 */
int amdpm4_queue_create(amdpm4_device *dev, enum amdpm4_queue_kind kind, amdpm4_queue **out);

/* Wait for every submission of the queue, discard what is being recorded,
 * free the queue and every fence of it not yet released.  Works on a lost
 * queue.  NULL does nothing. */
void amdpm4_queue_destroy(amdpm4_queue *q);

/* A small number naming the queue in messages ("compute queue 3"). */
unsigned amdpm4_queue_id(const amdpm4_queue *q);

/* One kernel launch. */
struct amdpm4_dispatch {
    const amdpm4_kernel *kernel;
    uint32_t grid[3];              /* workgroups in X, Y, Z (each >= 1) */
    uint32_t block[3];             /* work-items per workgroup (each >= 1, product <= the
                                      kernel's max_workgroup_items) */
    const void *kernarg;           /* kernarg_bytes, copied at record time */
    uint32_t kernarg_bytes;        /* must equal the kernel's kernarg_bytes */
    uint32_t dynamic_lds_bytes;    /* LDS beyond the kernel's static LDS */
    amdpm4_bo *const *bos;         /* every buffer the kernel accesses (the submission's
                                      BO list keeps them resident); may repeat */
    unsigned bo_count;
};

/*
 * Record a dispatch into the open submission (opening one if none is).
 * The kernel's user SGPRs are laid out from its descriptor's code properties:
 * the kernarg segment pointer, the dispatch packet pointer (an HSA kernel
 * dispatch packet amdpm4 writes beside the kernargs), the dispatch id; a
 * kernel asking for the queue pointer, the private segment buffer or flat
 * scratch (scratch memory) is refused with -ENOTSUP.
 * No barrier is added: dispatches of one submission may overlap unless
 * separated by amdpm4_queue_barrier().
 * A submission holds up to 8 IBs of 2^20 dwords (over 100,000 dispatches).
 * Errors: -EINVAL (bad dispatch: zero grid, block too large, kernarg size
 * mismatch, a transfer queue), -ENOTSUP, -E2BIG (the submission is full:
 * submit it and go on in the next), -ENOMEM, -ECANCELED (the queue is lost).
 */
int amdpm4_queue_dispatch(amdpm4_queue *q, const struct amdpm4_dispatch *d);

/* Make later dispatches of the submission wait for earlier ones and see
 * their results (CS_PARTIAL_FLUSH + cache write-back/invalidate).  Only
 * between dependent dispatches.  Compute queues only (-EINVAL otherwise). */
int amdpm4_queue_barrier(amdpm4_queue *q);

/*
 * Record a GPU timestamp; *index (may be NULL) receives its position among
 * the submission's timestamps (0, 1, ...), read back with
 * amdpm4_fence_timestamps().  end_of_pipe true: taken when all earlier work
 * of the submission has finished (compute: RELEASE_MEM bottom-of-pipe);
 * false: taken when the command processor reaches it (compute: COPY_DATA
 * of the GPU clock), i.e. before later dispatches start.  Transfer queues
 * take the SDMA timestamp, which follows the earlier copies.  A range is
 * timed with a top-of-pipe timestamp before and an end-of-pipe one after.
 */
int amdpm4_queue_timestamp(amdpm4_queue *q, bool end_of_pipe, unsigned *index);

/* Transfer queues: copy bytes from src to dst, or fill bytes (a multiple of
 * 4, offset 4-byte aligned) with a 32-bit value.  Ranges are checked
 * against the buffers (-ERANGE).  -EINVAL on a compute queue. */
int amdpm4_queue_copy(amdpm4_queue *q, amdpm4_bo *dst, uint64_t dst_offset_bytes,
                      amdpm4_bo *src, uint64_t src_offset_bytes, uint64_t bytes);
int amdpm4_queue_fill(amdpm4_queue *q, amdpm4_bo *dst, uint64_t dst_offset_bytes,
                      uint32_t value, uint64_t bytes);

/* Append raw dwords (PM4 type-3 packets on a compute queue, SDMA packets on a
 * transfer queue) built by the caller, e.g. with pm4/'s emitters.  The
 * runtime does not inspect them; bos lists buffers they access.  They may
 * write any register: the next dispatch writes all the registers it uses.
 * For experiments and tests: a malformed packet faults the queue. */
int amdpm4_queue_raw(amdpm4_queue *q, const uint32_t *dw, size_t count_dw,
                     amdpm4_bo *const *bos, unsigned bo_count);

/* The next submission of q starts only after f has signaled (a GPU-side
 * dependency; f may belong to another queue of the same device). */
int amdpm4_queue_wait_fence(amdpm4_queue *q, const amdpm4_fence *f);

/*
 * Close the open submission and submit it with one CS ioctl.  *fence (if
 * fence is not NULL) receives a fence owned by the caller, released with
 * amdpm4_fence_release(); pass NULL not to keep one.  Submitting with
 * nothing recorded submits an empty submission (its fence still signals).
 * Errors: -ECANCELED (the queue is lost after a hang or fault: destroy it
 * and create a new one), -ENOMEM, errnos of the CS ioctl with the queue and
 * submission named.
 */
int amdpm4_queue_submit(amdpm4_queue *q, amdpm4_fence **fence);

/* Number of submissions submitted on q. */
uint64_t amdpm4_queue_submissions(const amdpm4_queue *q);

/* What the queue's pools hold: every count only grows when a submission
 * needs more than the pools have, so a steady state leaves them constant. */
struct amdpm4_queue_pool_stats {
    uint32_t ib_buffers;           /* IB buffers created */
    uint32_t data_buffers;         /* kernarg/timestamp buffers created */
    uint32_t fences;               /* fence records created */
    uint64_t pool_bytes;           /* GPU memory the pools hold */
    uint32_t in_flight;            /* submissions not yet retired */
};
int amdpm4_queue_pool_stats(const amdpm4_queue *q, struct amdpm4_queue_pool_stats *stats);

/* Timeouts are relative, in nanoseconds. */
#define AMDPM4_WAIT_FOREVER UINT64_MAX

/*
 * 1 if the submission has finished, 0 if not yet; negative if it failed.
 * A failure (a GPU hang or VM fault: -ETIME; a submission cancelled because
 * an earlier one of its queue failed: -ECANCELED) leaves a message naming
 * the queue, the submission, the last kernel dispatched in it and the
 * context's reset state (guilty / reset / VRAM lost), plus the simulator's
 * fault report on the simulated device.  The queue is then lost: destroy it
 * and create a new one to carry on.
 */
int amdpm4_fence_poll(amdpm4_fence *f);

/* Wait up to timeout_ns: 0 when finished, -ETIMEDOUT if still running, or a
 * failure as amdpm4_fence_poll. */
int amdpm4_fence_wait(amdpm4_fence *f, uint64_t timeout_ns);

/* Wait for all (wait_all) or any of count fences of one device, up to
 * timeout_ns, in one ioctl.  *first (if not NULL) receives the index of a
 * finished fence when waiting for any.  Returns 0, -ETIMEDOUT, -EINVAL
 * (NULL, count 0, fences of different devices) or a failure as
 * amdpm4_fence_poll (of the first failed fence found). */
int amdpm4_fence_wait_many(amdpm4_fence *const *fences, unsigned count, bool wait_all,
                           uint64_t timeout_ns, unsigned *first);

/* Release a fence (the submission goes on; its resources return to the
 * pools when it finishes).  NULL does nothing. */
void amdpm4_fence_release(amdpm4_fence *f);

/* The submission's number on its queue (1, 2, ...). */
uint64_t amdpm4_fence_submission(const amdpm4_fence *f);

/* After the fence has signaled: copy up to max timestamps (GPU ticks; see
 * amdpm4_device_ticks_to_ns) into ticks and set *count to how many the
 * submission recorded.  -EBUSY if not finished, -EINVAL for NULL. */
int amdpm4_fence_timestamps(amdpm4_fence *f, uint64_t *ticks, unsigned max, unsigned *count);

/* ================================================================ simulator statistics */

/* Dynamic statistics of one dispatch as the simulated gfx1100's executor
 * counts them (wave-instructions: one instruction executed by one wave). */
#define AMDPM4_STATS_CLASSES 16
struct amdpm4_dispatch_stats {
    uint64_t insts;                             /* wave-instructions executed */
    uint64_t by_class[AMDPM4_STATS_CLASSES];    /* by class: amdpm4_stats_class_name() */
    uint64_t vopd_pairs, wmma_ops, dpp_ops;
    uint64_t lds_bytes_read, lds_bytes_written;     /* within the allocation */
    uint64_t lds_oob_accesses;      /* lane accesses beyond the workgroup's LDS allocation (a
                                       read gives 0, a write is dropped): a kernel bug */
    uint64_t global_bytes_loaded, global_bytes_stored;
    uint64_t buffer_oob_accesses;   /* buffer (MUBUF) lane elements outside the V#'s range
                                       (read as 0, write dropped, as the hardware does) */
    uint64_t scratch_bytes_loaded, scratch_bytes_stored;
    uint64_t smem_bytes_loaded;
    uint64_t barriers, waves, workgroups;
    uint64_t insts_decoded;         /* instructions the simulator decoded for this dispatch
                                       (0 when an earlier dispatch of the code decoded them) */
    uint32_t vgprs_allocated, vgprs_used, lds_bytes_allocated, scratch_bytes_per_wave;
};

/* "salu", "valu", ... for class i; NULL when the simulator has no such class. */
const char *amdpm4_stats_class_name(unsigned i);

/* Add b into sum (several dispatches' statistics): counts add; the per-wave
 * sizes (vgprs_*, lds_bytes_allocated, scratch_bytes_per_wave) become the
 * maxima. */
void amdpm4_dispatch_stats_add(struct amdpm4_dispatch_stats *sum,
                               const struct amdpm4_dispatch_stats *b);

/*
 * Statistics of each dispatch of a finished submission on the simulated
 * device: fills stats[0 .. min(max, n)) and *count = n, the dispatches the
 * submission ran.  -ENOTSUP with "no statistics on real hardware" on a real
 * GPU; -EBUSY if not finished; -ENOENT if the simulator no longer holds them
 * (it keeps the latest submissions of each queue only); -EINVAL for NULL.
 */
int amdpm4_fence_stats(amdpm4_fence *f, struct amdpm4_dispatch_stats *stats, unsigned max,
                       unsigned *count);

#ifdef __cplusplus
}
#endif

#endif /* AMDPM4_H */
