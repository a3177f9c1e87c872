/*
 * sim/drv_ctx.c — contexts (DRM_AMDGPU_CTX, amdgpu_ctx.c) and BO lists
 * (DRM_AMDGPU_BO_LIST, amdgpu_bo_list.c) of Linux 6.1.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>
#include <amdgpu_drm.h>

#include "sim/drv.h"

/* ---------------------------------------------------------------- contexts */

static bool priority_valid(int32_t p)
{
    switch (p) {
    case AMDGPU_CTX_PRIORITY_UNSET: case AMDGPU_CTX_PRIORITY_VERY_LOW:
    case AMDGPU_CTX_PRIORITY_LOW: case AMDGPU_CTX_PRIORITY_NORMAL:
    case AMDGPU_CTX_PRIORITY_HIGH: case AMDGPU_CTX_PRIORITY_VERY_HIGH:
        return true;
    default:
        return false;
    }
}

/* amdgpu_ctx_priority_permit(): above NORMAL needs CAP_SYS_NICE (or DRM
 * master: the primary node's client). */
static bool priority_permitted(const struct sim_file *f, int32_t p)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct caps[2];

    if (p <= AMDGPU_CTX_PRIORITY_NORMAL || f->minor < SIM_MINOR_RENDER)
        return true;
    if (syscall(SYS_capget, &hdr, caps))
        return false;
    return caps[CAP_SYS_NICE / 32].effective & (1u << (CAP_SYS_NICE % 32));
}

static int ctx_alloc(struct sim_file *f, int32_t priority, uint32_t *id)
{
    struct sim_ctx *ctx;
    int64_t r;

    if (priority == AMDGPU_CTX_PRIORITY_UNSET)
        priority = AMDGPU_CTX_PRIORITY_NORMAL;
    if (!priority_permitted(f, priority))
        return -EACCES;
    ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return -ENOMEM;
    atomic_init(&ctx->refs, 1);
    atomic_init(&ctx->guilty, 0);
    atomic_init(&ctx->killed, 0);
    ctx->priority = priority;
    for (unsigned i = 0; i < SIM_RING_COUNT; i++)
        ctx->ent[i].sequence = 1;
    pthread_mutex_lock(&f->dev->fence_lock);
    ctx->reset_counter = ctx->reset_counter_query = f->dev->gpu_reset_counter;
    ctx->vram_lost_counter = f->dev->vram_lost_counter;
    pthread_mutex_unlock(&f->dev->fence_lock);
    pthread_mutex_lock(&f->lock);
    r = sim_idr_alloc(&f->ctxs, ctx, 1, SIM_MAX_CTX);
    if (r > 0)
        ctx->id = (uint32_t)r;
    pthread_mutex_unlock(&f->lock);
    if (r < 0) {
        free(ctx);
        return (int)r;
    }
    *id = (uint32_t)r;
    return 0;
}

int sim_ioctl_ctx(struct sim_file *f, void *data)
{
    union drm_amdgpu_ctx *args = data;
    struct sim_dev *dev = f->dev;
    uint32_t id = args->in.ctx_id, flags = args->in.flags;
    int32_t priority = args->in.priority;
    struct sim_ctx *ctx;
    int ret = 0;

    /* "For backwards compatibility reasons, we need to accept ioctls with
     * garbage in the priority field" (amdgpu_ctx_ioctl) */
    if (!priority_valid(priority))
        priority = AMDGPU_CTX_PRIORITY_NORMAL;

    switch (args->in.op) {
    case AMDGPU_CTX_OP_ALLOC_CTX:
        if (flags)
            return -EINVAL;
        ret = ctx_alloc(f, priority, &id);
        args->out.alloc.ctx_id = id;
        return ret;
    case AMDGPU_CTX_OP_FREE_CTX:
        if (flags)
            return -EINVAL;
        pthread_mutex_lock(&f->lock);
        ctx = sim_idr_remove(&f->ctxs, id);
        pthread_mutex_unlock(&f->lock);
        if (!ctx)
            return -EINVAL;
        sim_ctx_put(ctx);
        return 0;
    case AMDGPU_CTX_OP_QUERY_STATE:
    case AMDGPU_CTX_OP_QUERY_STATE2:
    case AMDGPU_CTX_OP_GET_STABLE_PSTATE:
        if (flags)
            return -EINVAL;
        break;
    case AMDGPU_CTX_OP_SET_STABLE_PSTATE:
        if (flags & ~(uint32_t)AMDGPU_CTX_STABLE_PSTATE_FLAGS_MASK ||
            (flags & AMDGPU_CTX_STABLE_PSTATE_FLAGS_MASK) > AMDGPU_CTX_STABLE_PSTATE_PEAK)
            return -EINVAL;
        break;
    default:
        return -EINVAL;
    }

    pthread_mutex_lock(&f->lock);
    ctx = sim_idr_find(&f->ctxs, id);
    if (!ctx) {
        ret = -EINVAL;
        goto out;
    }
    pthread_mutex_lock(&dev->fence_lock);
    switch (args->in.op) {
    case AMDGPU_CTX_OP_QUERY_STATE:
        /* amdgpu_ctx_query(): has the GPU been reset since the last call */
        args->out.state.flags = 0;
        args->out.state.hangs = 0;
        args->out.state.reset_status = ctx->reset_counter_query == dev->gpu_reset_counter
                                           ? AMDGPU_CTX_NO_RESET : AMDGPU_CTX_UNKNOWN_RESET;
        ctx->reset_counter_query = dev->gpu_reset_counter;
        break;
    case AMDGPU_CTX_OP_QUERY_STATE2:
        args->out.state.flags = 0;
        args->out.state.hangs = 0;
        args->out.state.reset_status = 0;
        if (ctx->reset_counter != dev->gpu_reset_counter)
            args->out.state.flags |= AMDGPU_CTX_QUERY2_FLAGS_RESET;
        if (ctx->vram_lost_counter != dev->vram_lost_counter)
            args->out.state.flags |= AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST;
        if (atomic_load(&ctx->guilty))
            args->out.state.flags |= AMDGPU_CTX_QUERY2_FLAGS_GUILTY;
        break;
    case AMDGPU_CTX_OP_GET_STABLE_PSTATE:
        args->out.pstate.flags = ctx->stable_pstate;
        break;
    default: /* SET_STABLE_PSTATE */
        ctx->stable_pstate = flags & AMDGPU_CTX_STABLE_PSTATE_FLAGS_MASK;
        break;
    }
    pthread_mutex_unlock(&dev->fence_lock);
out:
    pthread_mutex_unlock(&f->lock);
    return ret;
}

static void release_ctx(uint32_t id, void *p, void *arg)
{
    (void)id;
    (void)arg;
    sim_ctx_put(p);
}

void sim_file_release_ctxs(struct sim_file *f)
{
    sim_idr_for_each(&f->ctxs, release_ctx, NULL);
    sim_idr_fini(&f->ctxs);
}

int sim_ctx_fence(struct sim_ctx *ctx, unsigned ring, uint64_t seq, struct sim_fence **out)
{
    struct sim_ctx_entity *e = &ctx->ent[ring];

    *out = NULL;
    if (seq == ~0ull)
        seq = e->sequence - 1;   /* the latest */
    if (seq >= e->sequence)
        return -EINVAL;
    if (seq + SIM_SCHED_JOBS < e->sequence)
        return 0;               /* retired long ago: signaled */
    *out = sim_fence_get(e->fences[seq % SIM_SCHED_JOBS]);
    return 0;
}

/* ---------------------------------------------------------------- BO lists */

void sim_bo_list_free(struct sim_bo_list *l)
{
    if (!l)
        return;
    for (unsigned i = 0; i < l->count; i++)
        sim_bo_put(l->bos[i]);
    free(l->bos);
    free(l);
}

/* amdgpu_bo_create_list_entry_array(): entries of bo_info_size bytes each
 * (fields past the known struct are ignored, missing ones read as zero). */
static int copy_entries(const struct drm_amdgpu_bo_list_in *in,
                        struct drm_amdgpu_bo_list_entry **out)
{
    const size_t entry_bytes = sizeof(struct drm_amdgpu_bo_list_entry);
    size_t n = in->bo_number, copy = in->bo_info_size < entry_bytes ? in->bo_info_size
                                                                     : entry_bytes;
    struct drm_amdgpu_bo_list_entry *info = calloc(n ? n : 1, entry_bytes);
    int ret = 0;

    if (!info)
        return -ENOMEM;
    if (copy == entry_bytes && in->bo_info_size == entry_bytes)
        ret = sim_copy_from_user(info, in->bo_info_ptr, n * entry_bytes);
    else
        for (size_t i = 0; i < n && !ret; i++)
            ret = sim_copy_from_user(&info[i], in->bo_info_ptr +
                                     i * (uint64_t)in->bo_info_size, copy);
    if (ret) {
        free(info);
        return ret;
    }
    *out = info;
    return 0;
}

/* amdgpu_bo_list_create(): every handle must exist (-ENOENT). */
static int list_create(struct sim_file *f, const struct drm_amdgpu_bo_list_entry *info,
                       size_t n, struct sim_bo_list **out)
{
    struct sim_bo_list *l = calloc(1, sizeof(*l));
    int ret = 0;

    if (!l || !(l->bos = calloc(n ? n : 1, sizeof(*l->bos)))) {
        free(l);
        return -ENOMEM;
    }
    pthread_mutex_lock(&f->lock);
    for (size_t i = 0; i < n; i++) {
        struct sim_bo *bo = sim_file_bo(f, info[i].bo_handle);

        if (!bo) {
            ret = -ENOENT;
            break;
        }
        l->bos[l->count++] = sim_bo_get(bo);
    }
    pthread_mutex_unlock(&f->lock);
    if (ret)
        sim_bo_list_free(l);
    else
        *out = l;
    return ret;
}

int sim_bo_list_from_user(struct sim_file *f, const struct drm_amdgpu_bo_list_in *in,
                          struct sim_bo_list **out)
{
    struct drm_amdgpu_bo_list_entry *info;
    int ret = copy_entries(in, &info);

    if (ret)
        return ret;
    ret = list_create(f, info, in->bo_number, out);
    free(info);
    return ret;
}

int sim_ioctl_bo_list(struct sim_file *f, void *data)
{
    union drm_amdgpu_bo_list *args = data;
    uint32_t handle = args->in.list_handle;
    struct drm_amdgpu_bo_list_entry *info;
    struct sim_bo_list *list = NULL, *old;
    int64_t id;
    int ret;

    /* the entries are read first, whatever the operation */
    ret = copy_entries(&args->in, &info);
    if (ret)
        return ret;
    switch (args->in.operation) {
    case AMDGPU_BO_LIST_OP_CREATE:
        ret = list_create(f, info, args->in.bo_number, &list);
        if (ret)
            break;
        pthread_mutex_lock(&f->lock);
        id = sim_idr_alloc(&f->bo_lists, list, 1, 0);
        pthread_mutex_unlock(&f->lock);
        if (id < 0) {
            sim_bo_list_free(list);
            ret = (int)id;
            break;
        }
        handle = (uint32_t)id;
        break;
    case AMDGPU_BO_LIST_OP_DESTROY:
        /* amdgpu_bo_list_destroy(): an unknown handle is not an error */
        pthread_mutex_lock(&f->lock);
        old = sim_idr_remove(&f->bo_lists, handle);
        pthread_mutex_unlock(&f->lock);
        sim_bo_list_free(old);
        handle = 0;
        break;
    case AMDGPU_BO_LIST_OP_UPDATE:
        ret = list_create(f, info, args->in.bo_number, &list);
        if (ret)
            break;
        pthread_mutex_lock(&f->lock);
        old = sim_idr_find(&f->bo_lists, handle);
        if (old)
            f->bo_lists.slots[handle] = list;
        pthread_mutex_unlock(&f->lock);
        if (!old) {
            sim_bo_list_free(list);
            ret = -ENOENT;   /* idr_replace() of a missing id */
            break;
        }
        sim_bo_list_free(old);
        break;
    default:
        ret = -EINVAL;
        break;
    }
    free(info);
    if (ret)
        return ret;
    memset(args, 0, sizeof(*args));
    args->out.list_handle = handle;
    return 0;
}
