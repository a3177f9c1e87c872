/*
 * vkref/vkref.h — the Vulkan reference engine: the ops of kernels/ops.h as
 * GLSL compute shaders (vkref/shaders/, compiled to SPIR-V at build time and
 * embedded), run on any conformant Vulkan device through the loader.
 *
 *   struct vkref *vk;
 *   struct vkref_options o = {.device = "llvmpipe", .validation = true};
 *   vkref_open(&o, &vk);                       // instance, device, queue
 *   kern_bufs_alloc(&shape, seed, &bufs);      // same inputs as every path
 *   vkref_run(vk, &bufs, &(struct vkref_run_opts){.iters = 3}, &rep);
 *   kern_check(&bufs, NULL, 0, cmp, &n);       // outputs are in bufs
 *   vkref_report_free(&rep);
 *   vkref_close(vk);
 *
 * Device choice: by index or case-insensitive name substring, else the
 * first discrete GPU, then integrated, virtual, CPU.  While the simulated
 * gfx1100 is loaded (its global amdpm4_sim_marker is visible to dlsym), the
 * loader is restricted to lavapipe's ICD for the whole process
 * (VK_DRIVER_FILES and VK_ICD_FILENAMES, unless the user set either, and
 * NODEVICE_SELECT=1 so Mesa's device-select layer opens no DRM node), so
 * RADV never probes the simulated device, and no AMD device is ever chosen:
 * the reference must not check the simulator against itself.
 *
 * Memory: every argument lives in its own buffer in DEVICE_LOCAL memory
 * (copy/fill: as their placement asks).  When that memory is host-visible
 * it is mapped directly; otherwise, or with force_staging, data moves
 * through HOST_VISIBLE|HOST_COHERENT staging buffers and vkCmdCopyBuffer.
 * Non-coherent mappings are flushed/invalidated in nonCoherentAtomSize
 * units; buffers beyond maxStorageBufferRange or maxMemoryAllocationSize
 * are refused.  The report says where each buffer landed.
 *
 * Errors: 0 or a negative errno with a message (pm4/log.h); a VkResult is
 * named in the message.  Nothing prints.
 */
#ifndef AMDPM4_VKREF_VKREF_H
#define AMDPM4_VKREF_VKREF_H

#include <stdbool.h>
#include <stdint.h>

#include "kernels/ops.h"

struct vkref;

enum vkref_sim_policy {
    VKREF_SIM_AUTO = 0,     /* look for amdpm4_sim_marker with dlsym */
    VKREF_SIM_YES,          /* behave as if the simulator were loaded */
    VKREF_SIM_NO,           /* behave as if it were not */
};

struct vkref_options {
    const char *device;     /* NULL or "": default choice; digits: index; else name substring */
    bool validation;        /* enable VK_LAYER_KHRONOS_validation (+ synchronization checks) */
    bool force_staging;     /* move data through staging buffers even when not needed */
    bool force_fp32;        /* use the fp32-arithmetic shaders even where 16-bit is supported */
    bool force_flush;       /* flush/invalidate mapped memory as if non-coherent */
    enum vkref_sim_policy simulator;
};

#define VKREF_NAME_BYTES 256

struct vkref_device_info {
    uint32_t index;                         /* in vkEnumeratePhysicalDevices order */
    char name[VKREF_NAME_BYTES];
    char driver_name[VKREF_NAME_BYTES];     /* VkPhysicalDeviceDriverProperties */
    char driver_info[VKREF_NAME_BYTES];
    const char *type;                       /* "discrete GPU", "integrated GPU", "CPU", ... */
    uint32_t vk_type;                       /* VkPhysicalDeviceType */
    uint32_t vendor_id, device_id;
    uint32_t api_version;
    bool excluded;                          /* never chosen: an AMD device while simulating */
};

/* How the loader was set up for this process. */
struct vkref_loader_info {
    bool simulator;                 /* the simulated gfx1100 is loaded */
    bool restricted;                /* we set VK_DRIVER_FILES to lavapipe's ICD */
    char note[1536];                /* one line saying what was done and why, or "" */
};

/* The physical devices the loader offers.  *devs is malloc'd (free()). */
int vkref_list_devices(const struct vkref_options *o, struct vkref_device_info **devs,
                       uint32_t *n, struct vkref_loader_info *loader);

struct vkref_info {
    struct vkref_device_info dev;
    struct vkref_loader_info loader;
    uint32_t queue_family;
    bool validation;                /* layer enabled */
    bool f16_native;                /* 16-bit storage + shaderFloat16 shaders in use */
    bool timestamps;                /* GPU times available */
    double timestamp_period_ns;
    uint64_t max_storage_buffer_range_bytes;
    uint64_t max_allocation_bytes;
    uint64_t non_coherent_atom_bytes;
    uint64_t min_storage_buffer_offset_alignment_bytes;
    uint32_t max_shared_bytes;
    uint32_t max_group_count[3];
    /* The device's memory types and heaps (VkPhysicalDeviceMemoryProperties) */
    uint32_t n_memory_types, n_memory_heaps;
    struct {
        uint32_t flags;             /* VkMemoryPropertyFlags */
        uint32_t heap;
    } memory_type[32];
    struct {
        uint64_t bytes;
        uint32_t flags;             /* VkMemoryHeapFlags */
    } memory_heap[16];
};

int vkref_open(const struct vkref_options *o, struct vkref **out);
void vkref_close(struct vkref *vk);
const struct vkref_info *vkref_info(const struct vkref *vk);

/* Validation messages (warnings and errors) seen since vkref_open; the
 * first one's text in *first (may be NULL). */
uint32_t vkref_validation_count(const struct vkref *vk, const char **first);

/* Where one argument's buffer landed. */
struct vkref_placement {
    const char *arg;
    uint64_t size_bytes;            /* the argument's bytes */
    uint64_t buffer_bytes;          /* the VkBuffer (rounded up to 16 bytes) */
    uint32_t memory_type, heap;
    uint32_t type_flags;            /* VkMemoryPropertyFlags */
    uint32_t heap_flags;            /* VkMemoryHeapFlags */
    uint64_t heap_bytes;
    bool staged;                    /* data moved through a staging buffer */
    uint32_t staging_type, staging_heap;
    uint32_t staging_flags;
};

struct vkref_iter_ns {
    uint64_t record_ns;             /* CPU: record the command buffer */
    uint64_t submit_ns;             /* CPU: vkQueueSubmit */
    uint64_t wait_ns;               /* CPU: vkWaitForFences */
    uint64_t gpu_ns;                /* timestamps around the dispatch(es); 0 if unavailable */
    /* When each began (CLOCK_MONOTONIC, for traces) and the first
     * timestamp on the device's clock in ns (0 if unavailable). */
    uint64_t record_t0_ns, submit_t0_ns, wait_t0_ns, gpu_t0_ns;
};

struct vkref_report {
    const char *shader;             /* embedded SPIR-V used */
    uint32_t groups[3];             /* workgroups per dispatch */
    uint32_t dispatches;            /* per iteration */
    unsigned n_placements;
    struct vkref_placement placement[KERN_MAX_ARGS];
    bool staged;                    /* any buffer staged */
    uint64_t upload_ns, download_ns;        /* CPU wall time incl. GPU copies */
    unsigned n_iters;
    struct vkref_iter_ns *iter;     /* n_iters entries (malloc'd) */
};

struct vkref_run_opts {
    unsigned iters;                 /* timed runs (0 means 1) */
    unsigned warmup;                /* untimed runs first */
};

/* Run b->shape on the device: upload b's inputs, dispatch warmup + iters
 * times, download the outputs into b->data.  rep is filled (free with
 * vkref_report_free) on success. */
int vkref_run(struct vkref *vk, struct kern_bufs *b, const struct vkref_run_opts *ro,
              struct vkref_report *rep);
void vkref_report_free(struct vkref_report *rep);

/* Median of the iterations' field (offsetof into vkref_iter_ns). */
uint64_t vkref_median_ns(const struct vkref_report *rep, size_t field_offset);

/* "DEVICE_LOCAL|HOST_VISIBLE|HOST_COHERENT" for VkMemoryPropertyFlags. */
int vkref_memory_flags_str(uint32_t flags, char *buf, size_t buf_bytes);

/* ---------------------------------------------------------------- driver overhead */

/*
 * Chains of empty dispatches (the "empty" shader: one 32-item workgroup
 * that ends at once) for `amdpm4 bench overhead`.  Each dispatch is
 * recorded as an application would: vkCmdBindPipeline,
 * vkCmdBindDescriptorSets (one storage buffer), vkCmdPushConstants and
 * vkCmdDispatch(1, 1, 1); a dependent dispatch is preceded by a
 * compute-to-compute memory barrier (vkCmdPipelineBarrier).
 */
#define VKREF_OVERHEAD_MAX_DISPATCHES 65536u
struct vkref_overhead;

/* Pipeline, buffer, descriptor set, command buffer, fence and a query pool
 * for chains of up to max_dispatches.  -EINVAL outside 1..VKREF_OVERHEAD_MAX_DISPATCHES. */
int vkref_overhead_open(struct vkref *vk, uint32_t max_dispatches, struct vkref_overhead **out);
void vkref_overhead_close(struct vkref_overhead *o);

/* CPU time to record n dispatches (the command buffer is then reset, not
 * submitted). */
int vkref_overhead_record(struct vkref_overhead *o, uint32_t n, bool dependent,
                          uint64_t *record_ns);

struct vkref_chain_times {
    uint64_t record_t0_ns, record_ns;   /* CPU (CLOCK_MONOTONIC): recording */
    uint64_t submit_t0_ns, submit_ns;   /* vkQueueSubmit */
    uint64_t wait_ns;                   /* vkWaitForFences, right after the submit */
    uint64_t gpu_ns;                    /* first to last timestamp; 0 without timestamps */
    uint32_t n_ts;                      /* entries of ts_ns */
    uint64_t *ts_ns;                    /* device clock in ns (malloc'd, caller frees):
                                           per dispatch begin,end (top/bottom of pipe) when
                                           asked, else begin of the first, end of the last */
};

/* Record, submit and wait for a chain of n dispatches. */
int vkref_overhead_chain(struct vkref_overhead *o, uint32_t n, bool dependent,
                         bool per_dispatch_ts, struct vkref_chain_times *t);

/* True if the simulated gfx1100 is loaded in this process. */
bool vkref_simulator_present(void);

#endif
