/*
 * sim/drv_gem.c — buffer objects: GEM_CREATE, GEM_MMAP, GEM_CLOSE, GEM_VA,
 * GEM_WAIT_IDLE, GEM_OP, GEM_USERPTR, GEM_METADATA (amdgpu_gem.c and
 * amdgpu_vm.c of Linux 6.1, errno for errno).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "sim/drv.h"

#define PAGE SIM_MEM_PAGE_BYTES

/* AMDGPU_GEM_CREATE_DISCARDABLE (Linux 6.0) is newer than libdrm 2.4.114. */
#define SIM_GEM_CREATE_DISCARDABLE (1u << 12)

/* amdgpu_vm.h / amdgpu_gmc.h, Linux 6.1 */
#define SIM_VA_RESERVED_BYTES (2ull << 20)              /* AMDGPU_VA_RESERVED_SIZE */
#define SIM_GMC_HOLE_START 0x0000800000000000ull
#define SIM_GMC_HOLE_END 0xffff800000000000ull
#define SIM_GMC_HOLE_MASK 0x0000ffffffffffffull
#define SIM_VM_MAX_BYTES (1ull << SIM_VM_VA_BITS)       /* max_pfn * 4096 on gfx11 */

static int bo_handle_create(struct sim_file *f, struct sim_bo *bo, uint32_t *handle)
{
    int64_t id;

    pthread_mutex_lock(&f->lock);
    id = sim_idr_alloc(&f->bos, bo, 1, 0);
    pthread_mutex_unlock(&f->lock);
    if (id < 0)
        return (int)id;
    *handle = (uint32_t)id;
    return 0;
}

/* ---------------------------------------------------------------- GEM_CREATE */

int sim_ioctl_gem_create(struct sim_file *f, void *data)
{
    union drm_amdgpu_gem_create *args = data;
    struct sim_dev *dev = f->dev;
    uint64_t flags = args->in.domain_flags, size = args->in.bo_size;
    uint64_t domains = args->in.domains;
    const uint64_t valid_flags = AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED |
        AMDGPU_GEM_CREATE_NO_CPU_ACCESS | AMDGPU_GEM_CREATE_CPU_GTT_USWC |
        AMDGPU_GEM_CREATE_VRAM_CLEARED | AMDGPU_GEM_CREATE_VM_ALWAYS_VALID |
        AMDGPU_GEM_CREATE_EXPLICIT_SYNC | AMDGPU_GEM_CREATE_ENCRYPTED |
        SIM_GEM_CREATE_DISCARDABLE;
    struct sim_placement place;
    struct sim_bo *bo;
    uint32_t handle = 0;
    int ret;

    if (flags & ~valid_flags)
        return -EINVAL;
    if (domains & ~(uint64_t)AMDGPU_GEM_DOMAIN_MASK)
        return -EINVAL;
    if (flags & AMDGPU_GEM_CREATE_ENCRYPTED)
        return -EINVAL;   /* no TMZ on navi31 */
    /* GDS, GWS and OA (on-chip) are not simulated. */
    if (domains & (AMDGPU_GEM_DOMAIN_GDS | AMDGPU_GEM_DOMAIN_GWS | AMDGPU_GEM_DOMAIN_OA))
        return -EINVAL;
    if (!size || size > UINT64_MAX - (PAGE - 1))
        return -EINVAL;
    size = (size + PAGE - 1) & ~(PAGE - 1);

    ret = sim_mem_place(&dev->mem, size, (uint32_t)domains, flags, &place);
    if (ret)
        return ret;
    bo = calloc(1, sizeof(*bo));
    if (!bo) {
        sim_mem_unplace(&dev->mem, size, &place);
        return -ENOMEM;
    }
    ret = sim_mem_backing_alloc(&dev->mem, size, &bo->mem_off_bytes);
    if (ret) {
        sim_mem_unplace(&dev->mem, size, &place);
        free(bo);
        return ret;
    }
    atomic_init(&bo->refs, 1);
    bo->dev = dev;
    bo->size_bytes = size;
    bo->alignment_bytes = (args->in.alignment + PAGE - 1) & ~(PAGE - 1);
    bo->host = dev->mem.base + bo->mem_off_bytes;
    bo->place = place;
    /* What amdgpu_gem_create_ioctl's retries left: a VRAM-only request that
     * landed in GTT became VRAM|GTT; CPU_ACCESS_REQUIRED that could not be
     * honoured was dropped. */
    bo->preferred_domains = (uint32_t)domains;
    if (domains == AMDGPU_GEM_DOMAIN_VRAM && place.domain != AMDGPU_GEM_DOMAIN_VRAM)
        bo->preferred_domains |= AMDGPU_GEM_DOMAIN_GTT;
    if ((flags & AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED) &&
        !(place.domain == AMDGPU_GEM_DOMAIN_VRAM && place.vis_bytes == size))
        flags &= ~(uint64_t)AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED;
    bo->flags = flags;
    bo->allowed_domains = bo->preferred_domains;
    if (bo->allowed_domains == AMDGPU_GEM_DOMAIN_VRAM && !(flags & SIM_GEM_CREATE_DISCARDABLE))
        bo->allowed_domains |= AMDGPU_GEM_DOMAIN_GTT;

    ret = bo_handle_create(f, bo, &handle);
    if (ret) {
        sim_bo_put(bo);
        return ret;
    }
    memset(args, 0, sizeof(*args));
    args->out.handle = handle;
    return 0;
}

/* ---------------------------------------------------------------- GEM_USERPTR */

/* What amdgpu_ttm_tt_get_user_pages() checks: the range is mapped (with
 * write access unless read-only), and the first VMA is anonymous if
 * ANONONLY.  Read from /proc/self/maps.  Returns 0, -EFAULT or -EPERM. */
int sim_userptr_check(uint64_t addr, uint64_t size, bool need_write, bool anon_only)
{
    FILE *fp = fopen("/proc/self/maps", "re");
    uint64_t cur = addr, end = addr + size;
    char line[512];
    int ret = -EFAULT;

    if (!fp)
        return -EFAULT;
    while (cur < end && fgets(line, sizeof(line), fp)) {
        unsigned long long lo, hi, off, inode;
        char perms[8], devs[16], path[256] = "";
        int n = sscanf(line, "%llx-%llx %7s %llx %15s %llu %255s", &lo, &hi, perms, &off,
                       devs, &inode, path);

        if (n < 6 || hi <= cur)
            continue;
        if (lo > cur)
            break;   /* a gap */
        if (perms[0] != 'r' || (need_write && perms[1] != 'w'))
            break;
        if (cur == addr && anon_only && (inode != 0 || path[0] == '/')) {
            ret = -EPERM;
            goto out;
        }
        cur = hi;
    }
    if (cur >= end)
        ret = 0;
out:
    fclose(fp);
    return ret;
}

int sim_ioctl_gem_userptr(struct sim_file *f, void *data)
{
    struct drm_amdgpu_gem_userptr *args = data;
    struct sim_dev *dev = f->dev;
    const uint32_t valid = AMDGPU_GEM_USERPTR_READONLY | AMDGPU_GEM_USERPTR_ANONONLY |
                           AMDGPU_GEM_USERPTR_VALIDATE | AMDGPU_GEM_USERPTR_REGISTER;
    struct sim_placement place;
    struct sim_bo *bo;
    uint32_t handle = 0;
    int ret;

    if ((args->addr | args->size) & (PAGE - 1))
        return -EINVAL;
    if (args->flags & ~valid)
        return -EINVAL;
    /* writable user memory needs the MMU notifier (REGISTER) */
    if (!(args->flags & AMDGPU_GEM_USERPTR_READONLY) &&
        !(args->flags & AMDGPU_GEM_USERPTR_REGISTER))
        return -EACCES;
    if (!args->size || args->addr + args->size < args->addr)
        return -EINVAL;
    if (args->flags & AMDGPU_GEM_USERPTR_VALIDATE) {
        ret = sim_userptr_check(args->addr, args->size,
                                !(args->flags & AMDGPU_GEM_USERPTR_READONLY),
                                args->flags & AMDGPU_GEM_USERPTR_ANONONLY);
        if (ret)
            return ret;
    }
    /* The pages are bound into the GART: they count as GTT. */
    ret = sim_mem_place(&dev->mem, args->size, AMDGPU_GEM_DOMAIN_GTT, 0, &place);
    if (ret)
        return ret;
    bo = calloc(1, sizeof(*bo));
    if (!bo) {
        sim_mem_unplace(&dev->mem, args->size, &place);
        return -ENOMEM;
    }
    atomic_init(&bo->refs, 1);
    bo->dev = dev;
    bo->size_bytes = args->size;
    bo->alignment_bytes = PAGE;
    bo->preferred_domains = bo->allowed_domains = AMDGPU_GEM_DOMAIN_GTT;
    bo->place = place;
    bo->host = (uint8_t *)(uintptr_t)args->addr;
    bo->mem_off_bytes = ~0ull;
    bo->userptr = true;
    bo->userptr_addr = args->addr;
    bo->userptr_flags = args->flags;

    pthread_mutex_lock(&dev->lock);
    if (dev->nuserptrs == dev->capuserptrs) {
        unsigned cap = dev->capuserptrs ? dev->capuserptrs * 2 : 16;
        struct sim_bo **u = realloc(dev->userptrs, cap * sizeof(*u));

        if (!u) {
            pthread_mutex_unlock(&dev->lock);
            bo->userptr = false;   /* not listed yet */
            bo->mem_off_bytes = 0;
            sim_mem_unplace(&dev->mem, bo->size_bytes, &bo->place);
            free(bo);
            return -ENOMEM;
        }
        dev->userptrs = u;
        dev->capuserptrs = cap;
    }
    dev->userptrs[dev->nuserptrs++] = bo;
    pthread_mutex_unlock(&dev->lock);

    ret = bo_handle_create(f, bo, &handle);
    if (ret) {
        sim_bo_put(bo);
        return ret;
    }
    args->handle = handle;
    return 0;
}

/* ---------------------------------------------------------------- GEM_MMAP, GEM_CLOSE */

int sim_ioctl_gem_mmap(struct sim_file *f, void *data)
{
    union drm_amdgpu_gem_mmap *args = data;
    uint32_t handle = args->in.handle;
    struct sim_bo *bo;
    int ret = 0;

    memset(args, 0, sizeof(*args));
    pthread_mutex_lock(&f->lock);
    bo = sim_file_bo(f, handle);
    if (!bo)
        ret = -ENOENT;
    else if (bo->userptr || (bo->flags & AMDGPU_GEM_CREATE_NO_CPU_ACCESS))
        ret = -EPERM;
    else
        args->out.addr_ptr = SIM_MMAP_OFFSET_BASE + bo->mem_off_bytes;
    pthread_mutex_unlock(&f->lock);
    return ret;
}

int sim_ioctl_gem_close(struct sim_file *f, void *data)
{
    struct drm_gem_close *args = data;
    struct sim_bo *bo;

    pthread_mutex_lock(&f->lock);
    bo = sim_idr_remove(&f->bos, args->handle);
    if (bo)
        sim_vm_unmap_bo(f->vm, args->handle);   /* amdgpu_gem_object_close() */
    pthread_mutex_unlock(&f->lock);
    if (!bo)
        return -EINVAL;
    sim_bo_put(bo);
    return 0;
}

static void release_bo(uint32_t handle, void *p, void *arg)
{
    struct sim_file *f = arg;

    sim_vm_unmap_bo(f->vm, handle);
    sim_bo_put(p);
}

void sim_file_release_bos(struct sim_file *f)
{
    sim_idr_for_each(&f->bos, release_bo, f);
    sim_idr_fini(&f->bos);
}

/* ---------------------------------------------------------------- GEM_VA */

static uint32_t vm_access(uint32_t va_flags, const struct sim_bo *bo)
{
    uint32_t a = 0;

    if (va_flags & AMDGPU_VM_PAGE_READABLE)
        a |= SIM_VM_READ;
    if (va_flags & AMDGPU_VM_PAGE_WRITEABLE)
        a |= SIM_VM_WRITE;
    if (va_flags & AMDGPU_VM_PAGE_EXECUTABLE)
        a |= SIM_VM_EXEC;
    /* amdgpu_ttm_tt_pte_flags(): read-only user memory is never writable */
    if (bo->userptr && (bo->userptr_flags & AMDGPU_GEM_USERPTR_READONLY))
        a &= ~(uint32_t)SIM_VM_WRITE;
    return a;
}

/* amdgpu_vm_bo_map()'s parameter checks (also REPLACE's). */
static int map_params_valid(const struct sim_bo *bo, uint64_t va_masked, uint64_t offset,
                            uint64_t size)
{
    if ((va_masked | offset | size) & (PAGE - 1))
        return -EINVAL;
    if (va_masked + size <= va_masked || offset + size <= offset)
        return -EINVAL;
    if (offset + size > bo->size_bytes || va_masked + size - 1 >= SIM_VM_MAX_BYTES)
        return -EINVAL;
    return 0;
}

/* amdgpu_vm_bo_clear_mappings(): clears every page [va, va+size) touches
 * (no alignment check in Linux 6.1). */
static int clear_range(struct sim_vm *vm, uint64_t va, uint64_t size)
{
    uint64_t first, last;

    if (!size) {
        if (!(va & (PAGE - 1)))
            return 0;
        first = last = va / PAGE;   /* eaddr = va - 1 still lands in va's page */
    } else {
        first = va / PAGE;
        last = (va + size - 1) / PAGE;
    }
    return sim_vm_clear(vm, first * PAGE, (last - first + 1) * PAGE);
}

static void note_once(const char *what)
{
    static _Atomic int noted;

    if (!atomic_exchange(&noted, 1))
        fprintf(stderr, "amdgpu %s: [amdpm4 sim] %s is not simulated (refused with "
                "EOPNOTSUPP)\n", sim_navi31.pci_slot, what);
}

int sim_ioctl_gem_va(struct sim_file *f, void *data)
{
    struct drm_amdgpu_gem_va *args = data;
    const uint32_t valid_flags = AMDGPU_VM_DELAY_UPDATE | AMDGPU_VM_PAGE_READABLE |
                                 AMDGPU_VM_PAGE_WRITEABLE | AMDGPU_VM_PAGE_EXECUTABLE |
                                 AMDGPU_VM_MTYPE_MASK;
    const uint32_t prt_flags = AMDGPU_VM_DELAY_UPDATE | AMDGPU_VM_PAGE_PRT;
    uint64_t va = args->va_address, va_masked, size = args->map_size;
    struct sim_bo *bo = NULL;
    int ret;

    if (va < SIM_VA_RESERVED_BYTES)
        return -EINVAL;
    if (va >= SIM_GMC_HOLE_START && va < SIM_GMC_HOLE_END)
        return -EINVAL;
    va_masked = va & SIM_GMC_HOLE_MASK;
    if (va_masked + size > SIM_VM_MAX_BYTES - SIM_VA_RESERVED_BYTES ||
        va_masked + size < va_masked)
        return -EINVAL;
    if ((args->flags & ~valid_flags) && (args->flags & ~prt_flags))
        return -EINVAL;
    switch (args->operation) {
    case AMDGPU_VA_OP_MAP:
    case AMDGPU_VA_OP_UNMAP:
    case AMDGPU_VA_OP_CLEAR:
    case AMDGPU_VA_OP_REPLACE:
        break;
    default:
        return -EINVAL;
    }
    if (args->flags & AMDGPU_VM_PAGE_PRT) {
        note_once("a PRT (partially resident) GEM_VA mapping");
        return -EOPNOTSUPP;
    }

    pthread_mutex_lock(&f->lock);
    if (args->operation != AMDGPU_VA_OP_CLEAR) {
        bo = sim_file_bo(f, args->handle);
        if (!bo) {
            ret = -ENOENT;
            goto out;
        }
    }
    switch (args->operation) {
    case AMDGPU_VA_OP_MAP:
        ret = map_params_valid(bo, va_masked, args->offset_in_bo, size);
        if (!ret)
            ret = sim_vm_map(f->vm, va, size, bo->host + args->offset_in_bo,
                             vm_access(args->flags, bo), args->handle, args->offset_in_bo);
        break;
    case AMDGPU_VA_OP_UNMAP:
        /* amdgpu_vm_bo_unmap(): the mapping starting in va's page */
        ret = sim_vm_unmap(f->vm, va & ~(PAGE - 1), args->handle);
        break;
    case AMDGPU_VA_OP_CLEAR:
        ret = clear_range(f->vm, va, size);
        break;
    default: /* AMDGPU_VA_OP_REPLACE */
        ret = map_params_valid(bo, va_masked, args->offset_in_bo, size);
        if (!ret)
            ret = sim_vm_clear(f->vm, va, size);
        if (!ret)
            ret = sim_vm_map(f->vm, va, size, bo->host + args->offset_in_bo,
                             vm_access(args->flags, bo), args->handle, args->offset_in_bo);
        break;
    }
out:
    pthread_mutex_unlock(&f->lock);
    return ret;
}

/* ---------------------------------------------------------------- GEM_WAIT_IDLE */

int sim_ioctl_gem_wait_idle(struct sim_file *f, void *data)
{
    union drm_amdgpu_gem_wait_idle *args = data;
    uint64_t deadline = sim_user_deadline_ns(args->in.timeout);
    struct sim_dev *dev = f->dev;
    struct sim_fence *fences[SIM_RING_COUNT];
    struct sim_bo *bo;
    bool idle = true;

    pthread_mutex_lock(&f->lock);
    bo = sim_file_bo(f, args->in.handle);
    if (bo)
        sim_bo_get(bo);
    pthread_mutex_unlock(&f->lock);
    if (!bo)
        return -ENOENT;
    pthread_mutex_lock(&dev->fence_lock);
    for (unsigned r = 0; r < SIM_RING_COUNT; r++)
        fences[r] = sim_fence_get(bo->fences[r]);
    pthread_mutex_unlock(&dev->fence_lock);
    for (unsigned r = 0; r < SIM_RING_COUNT; r++) {
        if (fences[r] && idle && !sim_fence_wait(dev, fences[r], deadline, false))
            idle = false;
        sim_fence_put(fences[r]);
    }
    sim_bo_put(bo);
    memset(args, 0, sizeof(*args));
    args->out.status = !idle;
    return 0;
}

/* ---------------------------------------------------------------- GEM_OP, GEM_METADATA */

int sim_ioctl_gem_op(struct sim_file *f, void *data)
{
    struct drm_amdgpu_gem_op *args = data;
    struct drm_amdgpu_gem_create_in info;
    struct sim_bo *bo;
    int ret = 0;

    pthread_mutex_lock(&f->lock);
    bo = sim_file_bo(f, args->handle);
    if (!bo) {
        ret = -ENOENT;
        goto out;
    }
    switch (args->op) {
    case AMDGPU_GEM_OP_GET_GEM_CREATE_INFO:
        info.bo_size = bo->size_bytes;
        info.alignment = bo->alignment_bytes;
        info.domains = bo->preferred_domains;
        info.domain_flags = bo->flags;
        ret = sim_copy_to_user(args->value, &info, sizeof(info));
        break;
    case AMDGPU_GEM_OP_SET_PLACEMENT:
        /* Recorded for the next validation; the simulator does not migrate
         * BOs between heaps at submission time. */
        if (bo->userptr) {
            ret = -EPERM;
            break;
        }
        bo->preferred_domains = (uint32_t)args->value &
            (AMDGPU_GEM_DOMAIN_VRAM | AMDGPU_GEM_DOMAIN_GTT | AMDGPU_GEM_DOMAIN_CPU);
        bo->allowed_domains = bo->preferred_domains;
        if (bo->allowed_domains == AMDGPU_GEM_DOMAIN_VRAM)
            bo->allowed_domains |= AMDGPU_GEM_DOMAIN_GTT;
        break;
    default:
        ret = -EINVAL;
        break;
    }
out:
    pthread_mutex_unlock(&f->lock);
    return ret;
}

int sim_ioctl_gem_metadata(struct sim_file *f, void *data)
{
    struct drm_amdgpu_gem_metadata *args = data;
    struct sim_bo *bo;
    int ret = 0;

    pthread_mutex_lock(&f->lock);
    bo = sim_file_bo(f, args->handle);
    if (!bo) {
        ret = -ENOENT;
    } else if (args->op == AMDGPU_GEM_METADATA_OP_GET_METADATA) {
        args->data.tiling_info = bo->tiling_info;
        memcpy(args->data.data, bo->metadata, bo->metadata_size_bytes);
        args->data.data_size_bytes = bo->metadata_size_bytes;
        args->data.flags = bo->metadata_flags;
    } else if (args->op == AMDGPU_GEM_METADATA_OP_SET_METADATA) {
        if (args->data.data_size_bytes > sizeof(args->data.data)) {
            ret = -EINVAL;
        } else {
            bo->tiling_info = args->data.tiling_info;
            bo->metadata_size_bytes = args->data.data_size_bytes;
            memcpy(bo->metadata, args->data.data, bo->metadata_size_bytes);
            bo->metadata_flags = (uint32_t)args->data.flags;
        }
    }
    /* any other op: amdgpu_gem_metadata_ioctl() returns 0 doing nothing */
    pthread_mutex_unlock(&f->lock);
    return ret;
}

/* ---------------------------------------------------------------- VM */

int sim_ioctl_vm(struct sim_file *f, void *data)
{
    union drm_amdgpu_vm *args = data;

    (void)f;
    /* VMIDs are not modelled: reserving one changes nothing observable. */
    switch (args->in.op) {
    case AMDGPU_VM_OP_RESERVE_VMID:
    case AMDGPU_VM_OP_UNRESERVE_VMID:
        return 0;
    default:
        return -EINVAL;
    }
}
