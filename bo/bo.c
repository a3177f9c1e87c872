/*
 * bo/bo.c — buffer objects: allocation in one placement, GPU VA mapping
 * through libdrm's VA manager, CPU mapping, accounting, and host transfers
 * (direct through the CPU mapping, else staged: bo/staging.c).
 *
 * Placement is exact.  amdgpu_gem_create_ioctl quietly retries a VRAM-only
 * request that does not fit with GTT added, and drops CPU_ACCESS_REQUIRED
 * when the visible window is full; the kernel records both in the BO's
 * creation info (GEM_OP GET_GEM_CREATE_INFO: preferred domains gain GTT,
 * the flag is gone).  amdpm4 reads that back and refuses such a buffer with
 * -ENOMEM naming the heap, so memory never silently lands in system RAM.
 */
#include "bo/bo.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <amdgpu_drm.h>

#include "pm4/log.h"

static const struct {
    uint32_t domain;                   /* AMDGPU_GEM_DOMAIN_* */
    uint64_t flags;                    /* AMDGPU_GEM_CREATE_* */
} placements[AMDPM4_PLACEMENT_COUNT] = {
    /* VRAM_CLEARED: new buffers read as zero, as the API promises. */
    [AMDPM4_VRAM] = {AMDGPU_GEM_DOMAIN_VRAM,
                     AMDGPU_GEM_CREATE_NO_CPU_ACCESS | AMDGPU_GEM_CREATE_VRAM_CLEARED},
    [AMDPM4_VRAM_VISIBLE] = {AMDGPU_GEM_DOMAIN_VRAM,
                             AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED |
                                 AMDGPU_GEM_CREATE_VRAM_CLEARED},
    /* Cached (not USWC) system pages: CPU reads of downloads stay fast. */
    [AMDPM4_GTT] = {AMDGPU_GEM_DOMAIN_GTT, 0},
};

/* Free bytes of the heap p allocates from, and its size.  The kernel's
 * usage counts what it keeps pinned, so free is size - usage (as the
 * kernel's VRAM and GTT managers decide). */
static int heap_free(amdpm4_device *dev, enum amdpm4_placement p, uint64_t *free_bytes,
                     uint64_t *total_bytes)
{
    struct amdpm4_heap_info h[3];
    const struct amdpm4_heap_info *x;
    int ret = bo_query_heaps(dev, &h[0], &h[1], &h[2]);

    if (ret)
        return ret;
    x = p == AMDPM4_VRAM ? &h[0] : p == AMDPM4_VRAM_VISIBLE ? &h[1] : &h[2];
    *total_bytes = x->total_bytes;
    *free_bytes = x->total_bytes > x->used_bytes ? x->total_bytes - x->used_bytes : 0;
    return 0;
}

static int out_of_memory(amdpm4_device *dev, enum amdpm4_placement p, uint64_t bytes,
                         const char *why)
{
    char asked[32], fr[32], of[32];
    uint64_t free_bytes = 0, total = 0;

    if (heap_free(dev, p, &free_bytes, &total))
        return amdpm4_seterr(-ENOMEM, "out of memory in %s: %s asked (%s)",
                             amdpm4_placement_name(p), bo_format_bytes(bytes, asked, sizeof(asked)),
                             why);
    return amdpm4_seterr(-ENOMEM, "out of memory in %s: %s asked, %s free of %s (%s)",
                         amdpm4_placement_name(p), bo_format_bytes(bytes, asked, sizeof(asked)),
                         bo_format_bytes(free_bytes, fr, sizeof(fr)),
                         bo_format_bytes(total, of, sizeof(of)), why);
}

/* Did the kernel put the buffer where it was asked to?  0, or -ENOMEM. */
static int check_placement(amdpm4_device *dev, amdgpu_bo_handle h, enum amdpm4_placement p,
                           uint64_t alloc_bytes)
{
    struct amdgpu_bo_info info;
    int ret;

    memset(&info, 0, sizeof(info));
    ret = amdgpu_bo_query_info(h, &info);
    if (ret)
        return amdpm4_seterr(ret, "cannot read back a new buffer's placement: %s",
                             strerror(-ret));
    if (info.preferred_heap != placements[p].domain)
        return out_of_memory(dev, p, alloc_bytes, "the kernel could only place it in GTT");
    if ((placements[p].flags & AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED) &&
        !(info.alloc_flags & AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED))
        return out_of_memory(dev, p, alloc_bytes,
                             "the kernel could only place it outside the CPU-visible window");
    return 0;
}

int amdpm4_bo_alloc_aligned(amdpm4_device *dev, uint64_t bytes, uint64_t align_bytes,
                            enum amdpm4_placement p, amdpm4_bo **out)
{
    struct amdgpu_bo_alloc_request req;
    amdgpu_bo_handle h = NULL;
    uint64_t free_bytes, total, alloc_bytes;
    amdpm4_bo *bo;
    int ret;

    if (!dev || !out)
        return amdpm4_seterr(-EINVAL, "amdpm4_bo_alloc: NULL argument");
    *out = NULL;
    if ((unsigned)p >= AMDPM4_PLACEMENT_COUNT)
        return amdpm4_seterr(-EINVAL, "amdpm4_bo_alloc: placement %d is not one of VRAM, "
                             "visible VRAM, GTT", (int)p);
    if (!bytes)
        return amdpm4_seterr(-EINVAL, "amdpm4_bo_alloc: a buffer of 0 bytes");
    if (bytes > UINT64_MAX - (BO_PAGE_BYTES - 1))
        return amdpm4_seterr(-EOVERFLOW, "amdpm4_bo_alloc: %" PRIu64 " bytes overflow when "
                             "rounded up to whole pages", bytes);
    if (align_bytes & (align_bytes - 1) || align_bytes > BO_MAX_ALIGN_BYTES)
        return amdpm4_seterr(-EINVAL, "amdpm4_bo_alloc: alignment %" PRIu64 " is not a power "
                             "of two up to 1 GiB", align_bytes);
    alloc_bytes = (bytes + BO_PAGE_BYTES - 1) & ~(uint64_t)(BO_PAGE_BYTES - 1);
    if (align_bytes < BO_PAGE_BYTES)
        align_bytes = BO_PAGE_BYTES;   /* VA granule; >= AMDPM4_BO_MIN_ALIGN_BYTES */

    /* Refuse what the heap cannot hold before asking the kernel. */
    ret = heap_free(dev, p, &free_bytes, &total);
    if (ret)
        return ret;
    if (alloc_bytes > free_bytes)
        return out_of_memory(dev, p, alloc_bytes, alloc_bytes > total ? "larger than the heap"
                                                                      : "not enough is free");

    bo = calloc(1, sizeof(*bo));
    if (!bo)
        return amdpm4_seterr(-ENOMEM, "no host memory for a buffer object");
    memset(&req, 0, sizeof(req));
    req.alloc_size = alloc_bytes;
    req.phys_alignment = align_bytes;
    req.preferred_heap = placements[p].domain;
    req.flags = placements[p].flags;
    ret = amdgpu_bo_alloc(dev->adev, &req, &h);
    if (ret) {
        h = NULL;
        ret = ret == -ENOMEM ? out_of_memory(dev, p, alloc_bytes, "GEM_CREATE refused it")
                             : amdpm4_seterr(ret, "GEM_CREATE of %" PRIu64 " bytes in %s failed: "
                                             "%s", alloc_bytes, amdpm4_placement_name(p),
                                             strerror(-ret));
        goto fail;
    }
    if ((ret = check_placement(dev, h, p, alloc_bytes)))
        goto fail;
    ret = amdgpu_va_range_alloc(dev->adev, amdgpu_gpu_va_range_general, alloc_bytes, align_bytes,
                                0, &bo->va, &bo->va_handle, 0);
    if (ret) {
        bo->va_handle = NULL;
        ret = amdpm4_seterr(ret, "no GPU virtual address range of %" PRIu64 " bytes: %s",
                            alloc_bytes, strerror(-ret));
        goto fail;
    }
    ret = amdgpu_bo_va_op(h, 0, alloc_bytes, bo->va, 0, AMDGPU_VA_OP_MAP);
    if (ret) {
        ret = amdpm4_seterr(ret, "GEM_VA map at 0x%" PRIx64 " failed: %s", bo->va,
                            strerror(-ret));
        goto fail_va;
    }
    ret = amdgpu_bo_export(h, amdgpu_bo_handle_type_kms, &bo->kms_handle);
    if (ret) {
        ret = amdpm4_seterr(ret, "cannot get the buffer's GEM handle: %s", strerror(-ret));
        goto fail_map;
    }
    if (p != AMDPM4_VRAM) {
        ret = amdgpu_bo_cpu_map(h, &bo->cpu);
        if (ret) {
            bo->cpu = NULL;
            ret = amdpm4_seterr(ret, "cannot map a %s buffer of %" PRIu64 " bytes for the CPU: %s",
                                amdpm4_placement_name(p), alloc_bytes, strerror(-ret));
            goto fail_map;
        }
    }
    bo->dev = dev;
    bo->handle = h;
    bo->size_bytes = bytes;
    bo->alloc_bytes = alloc_bytes;
    bo->placement = p;
    bo_account_alloc(dev, p, alloc_bytes);
    pthread_mutex_lock(&dev->lock);
    bo_link_add(&dev->bos, &bo->link);
    pthread_mutex_unlock(&dev->lock);
    *out = bo;
    return 0;

fail_map:
    amdgpu_bo_va_op(h, 0, alloc_bytes, bo->va, 0, AMDGPU_VA_OP_UNMAP);
fail_va:
    amdgpu_va_range_free(bo->va_handle);
fail:
    if (h)
        amdgpu_bo_free(h);
    free(bo);
    return ret;
}

int amdpm4_bo_alloc(amdpm4_device *dev, uint64_t bytes, enum amdpm4_placement p, amdpm4_bo **out)
{
    return amdpm4_bo_alloc_aligned(dev, bytes, 0, p, out);
}

void amdpm4_bo_free(amdpm4_bo *bo)
{
    amdpm4_device *dev;

    if (!bo)
        return;
    dev = bo->dev;
    pthread_mutex_lock(&dev->lock);
    bo_link_del(&bo->link);
    pthread_mutex_unlock(&dev->lock);
    if (bo->cpu)
        amdgpu_bo_cpu_unmap(bo->handle);
    amdgpu_bo_va_op(bo->handle, 0, bo->alloc_bytes, bo->va, 0, AMDGPU_VA_OP_UNMAP);
    amdgpu_va_range_free(bo->va_handle);
    amdgpu_bo_free(bo->handle);
    bo_account_free(dev, bo->placement, bo->alloc_bytes);
    free(bo);
}

uint64_t amdpm4_bo_va(const amdpm4_bo *bo)
{
    return bo ? bo->va : 0;
}

uint64_t amdpm4_bo_size(const amdpm4_bo *bo)
{
    return bo ? bo->size_bytes : 0;
}

uint64_t amdpm4_bo_alloc_size(const amdpm4_bo *bo)
{
    return bo ? bo->alloc_bytes : 0;
}

enum amdpm4_placement amdpm4_bo_placement(const amdpm4_bo *bo)
{
    return bo ? bo->placement : AMDPM4_PLACEMENT_COUNT;
}

int amdpm4_bo_map(amdpm4_bo *bo, void **cpu_ptr)
{
    if (!bo || !cpu_ptr)
        return amdpm4_seterr(-EINVAL, "amdpm4_bo_map: NULL argument");
    if (!bo->cpu)
        return amdpm4_seterr(-EPERM, "a %s buffer is not CPU-visible: use amdpm4_bo_upload / "
                             "amdpm4_bo_download", amdpm4_placement_name(bo->placement));
    *cpu_ptr = bo->cpu;
    return 0;
}

/* Check a host transfer's arguments; 1 if there is nothing to do. */
static int check_range(const amdpm4_bo *bo, uint64_t offset, const void *host, uint64_t bytes,
                       const char *what)
{
    if (!bo || (bytes && !host))
        return amdpm4_seterr(-EINVAL, "%s: NULL argument", what);
    if (offset > bo->size_bytes || bytes > bo->size_bytes - offset)
        return amdpm4_seterr(-ERANGE, "%s: bytes [%" PRIu64 ", %" PRIu64 ") lie outside the "
                             "%" PRIu64 "-byte buffer", what, offset,
                             offset + (bytes > UINT64_MAX - offset ? 0 : bytes), bo->size_bytes);
    return bytes == 0;
}

/* Wait until no submission uses the buffer (GEM_WAIT_IDLE). */
static int wait_idle(amdpm4_bo *bo)
{
    bool busy = true;
    int ret = amdgpu_bo_wait_for_idle(bo->handle, AMDGPU_TIMEOUT_INFINITE, &busy);

    if (ret)
        return amdpm4_seterr(ret, "waiting for the GPU to finish with a buffer failed: %s",
                             strerror(-ret));
    return 0;
}

static int transfer(amdpm4_bo *bo, uint64_t offset, void *host, uint64_t bytes, bool to_bo,
                    const char *what)
{
    int ret = check_range(bo, offset, host, bytes, what);

    if (ret)
        return ret < 0 ? ret : 0;
    if ((ret = wait_idle(bo)))
        return ret;
    if (!bo->cpu)
        return bo_staged_copy(bo, offset, host, bytes, to_bo);
    if (to_bo)
        memcpy((uint8_t *)bo->cpu + offset, host, bytes);
    else
        memcpy(host, (uint8_t *)bo->cpu + offset, bytes);
    return 0;
}

int amdpm4_bo_upload(amdpm4_bo *bo, uint64_t offset_bytes, const void *src, uint64_t bytes)
{
    /* src is only read: to_bo copies from it */
    return transfer(bo, offset_bytes, (void *)(uintptr_t)src, bytes, true, "amdpm4_bo_upload");
}

int amdpm4_bo_download(amdpm4_bo *bo, uint64_t offset_bytes, void *dst, uint64_t bytes)
{
    return transfer(bo, offset_bytes, dst, bytes, false, "amdpm4_bo_download");
}
