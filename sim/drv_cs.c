/*
 * sim/drv_cs.c — submission and synchronization: DRM_AMDGPU_CS, WAIT_CS,
 * WAIT_FENCES, FENCE_TO_HANDLE (amdgpu_cs.c, Linux 6.1) and the DRM syncobj
 * ioctls libdrm_amdgpu uses (drm_syncobj.c, binary syncobjs only).
 *
 * CS validates everything up front (the errnos of amdgpu_cs_pass1/2 and
 * amdgpu_cs_parser_bos), assigns the context entity's next sequence number,
 * queues one job per ring of the gang and returns; the engine threads run
 * the jobs (sim/ring.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "sim/clock.h"
#include "sim/drv.h"

#define SIM_CS_GANG_SIZE 4u            /* AMDGPU_CS_GANG_SIZE */
#define SIM_IB_MAX_DW 0xFFFFFu         /* INDIRECT_BUFFER IB_SIZE is 20 bits */

/* amdgpu_ring_max_ibs(): IBs one job may carry. */
static unsigned ring_max_ibs(uint32_t ip_type)
{
    switch (ip_type) {
    case AMDGPU_HW_IP_GFX: return 192;
    case AMDGPU_HW_IP_COMPUTE: return 125;
    default: return 49;
    }
}

struct cs_chunk {
    uint32_t id, length_dw;
    void *kdata;
};

struct cs_parser {
    struct sim_file *f;
    struct sim_dev *dev;
    struct sim_ctx *ctx;
    unsigned nchunks;
    struct cs_chunk *chunks;
    unsigned gang_size, leader;
    unsigned gang_ring[SIM_CS_GANG_SIZE];
    unsigned num_ibs[SIM_CS_GANG_SIZE];
    struct sim_job *jobs[SIM_CS_GANG_SIZE];
    struct sim_bo *uf_bo;
    uint32_t uf_offset;
    struct sim_bo_list *bo_list;
    struct sim_fence **deps, **sched_deps;
    unsigned ndeps, nsched_deps, capdeps, capsched;
    struct sim_syncobj **post;
    unsigned npost;
    bool have_post;
};

static int add_fence(struct sim_fence ***arr, unsigned *n, unsigned *cap, struct sim_fence *fc)
{
    if (*n == *cap) {
        unsigned c = *cap ? *cap * 2 : 8;
        struct sim_fence **a = realloc(*arr, c * sizeof(*a));

        if (!a)
            return -ENOMEM;
        *arr = a;
        *cap = c;
    }
    (*arr)[(*n)++] = fc;
    return 0;
}

static struct sim_syncobj *syncobj_get(struct sim_file *f, uint32_t handle)
{
    struct sim_syncobj *s;

    pthread_mutex_lock(&f->lock);
    s = sim_idr_find(&f->syncobjs, handle);
    if (s)
        atomic_fetch_add(&s->refs, 1);
    pthread_mutex_unlock(&f->lock);
    return s;
}

static void syncobj_put(struct sim_syncobj *s)
{
    if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
        sim_fence_put(s->fence);
        free(s);
    }
}

/* Replace a syncobj's fence (drm_syncobj_replace_fence). */
static void syncobj_replace(struct sim_dev *dev, struct sim_syncobj *s, struct sim_fence *fc)
{
    struct sim_fence *old;

    pthread_mutex_lock(&dev->fence_lock);
    old = s->fence;
    s->fence = sim_fence_get(fc);
    pthread_cond_broadcast(&dev->fence_cond);
    pthread_mutex_unlock(&dev->fence_lock);
    sim_fence_put(old);
}

static struct sim_fence *stub_fence(struct sim_dev *dev)
{
    struct sim_fence *fc = sim_fence_new(0, 0);

    if (fc)
        sim_fence_signal(dev, fc, 0);
    return fc;
}

static struct sim_ctx *ctx_lookup(struct sim_file *f, uint32_t id)
{
    struct sim_ctx *ctx;

    pthread_mutex_lock(&f->lock);
    ctx = sim_idr_find(&f->ctxs, id);
    if (ctx)
        sim_ctx_get(ctx);
    pthread_mutex_unlock(&f->lock);
    return ctx;
}

/* amdgpu_cs_get_fence(): the fence a {ctx, ip, ring, seq} names; *out NULL
 * when long signaled. */
static int fence_lookup(struct sim_file *f, uint32_t ctx_id, uint32_t ip_type,
                        uint32_t ip_instance, uint32_t ring, uint64_t seq,
                        struct sim_fence **out)
{
    struct sim_ctx *ctx = ctx_lookup(f, ctx_id);
    int r, ret;

    *out = NULL;
    if (!ctx)
        return -EINVAL;
    r = sim_navi31_ring(ip_type, ip_instance, ring);
    if (r < 0 && ip_type < AMDGPU_HW_IP_NUM && ip_instance == 0 && ring == 0) {
        /* an IP the board has but the simulator does not run: its entity
         * exists and never emitted anything */
        ret = seq == ~0ull || seq == 0 ? 0 : -EINVAL;
    } else if (r < 0) {
        ret = r;
    } else {
        pthread_mutex_lock(&f->dev->fence_lock);
        ret = sim_ctx_fence(ctx, (unsigned)r, seq, out);
        pthread_mutex_unlock(&f->dev->fence_lock);
    }
    sim_ctx_put(ctx);
    return ret;
}

/* ---------------------------------------------------------------- CS: pass 1 */

static int p1_ib(struct cs_parser *p, const struct drm_amdgpu_cs_chunk_ib *ib)
{
    int r = sim_navi31_ring(ib->ip_type, ib->ip_instance, ib->ring);
    unsigned i;

    if (r < 0)
        return -EINVAL;   /* no entity, or an entity without a run queue */
    for (i = 0; i < p->gang_size && p->gang_ring[i] != (unsigned)r; i++)
        ;
    if (i == p->gang_size) {
        if (i == SIM_CS_GANG_SIZE)
            return -EINVAL;
        p->gang_ring[i] = (unsigned)r;
        p->gang_size++;
    }
    if (p->num_ibs[i] >= ring_max_ibs(ib->ip_type))
        return -EINVAL;
    p->num_ibs[i]++;
    p->leader = i;
    return 0;
}

static int p1_user_fence(struct cs_parser *p, const struct drm_amdgpu_cs_chunk_fence *fc)
{
    struct sim_bo *bo;

    pthread_mutex_lock(&p->f->lock);
    bo = sim_file_bo(p->f, fc->handle);
    if (bo)
        sim_bo_get(bo);
    pthread_mutex_unlock(&p->f->lock);
    if (!bo)
        return -EINVAL;
    p->uf_bo = bo;
    if (bo->size_bytes != SIM_MEM_PAGE_BYTES || fc->offset > bo->size_bytes - 8 || bo->userptr)
        return -EINVAL;
    /* the fence is a 64-bit write: gfx_v11_0_ring_emit_fence() requires 8-byte
     * alignment (a kernel WARN/BUG); the simulator refuses it */
    if (fc->offset & 7)
        return -EINVAL;
    p->uf_offset = fc->offset;
    return 0;
}

static int cs_pass1(struct cs_parser *p, const struct drm_amdgpu_cs_in *in)
{
    uint64_t *ptrs;
    int ret = 0;

    ptrs = malloc((size_t)in->num_chunks * sizeof(*ptrs));
    p->chunks = calloc(in->num_chunks, sizeof(*p->chunks));
    if (!ptrs || !p->chunks) {
        free(ptrs);
        return -ENOMEM;
    }
    ret = sim_copy_from_user(ptrs, in->chunks, (size_t)in->num_chunks * sizeof(*ptrs));
    for (unsigned i = 0; !ret && i < in->num_chunks; i++) {
        struct drm_amdgpu_cs_chunk uc;
        struct cs_chunk *c = &p->chunks[i];
        size_t size;

        ret = sim_copy_from_user(&uc, ptrs[i], sizeof(uc));
        if (ret)
            break;
        c->id = uc.chunk_id;
        c->length_dw = uc.length_dw;
        size = (size_t)uc.length_dw * 4;
        c->kdata = malloc(size ? size : 1);
        p->nchunks = i + 1;
        if (!c->kdata) {
            ret = -ENOMEM;
            break;
        }
        ret = sim_copy_from_user(c->kdata, uc.chunk_data, size);
        if (ret)
            break;
        ret = -EINVAL;   /* assume the worst, as amdgpu_cs_pass1 does */
        switch (c->id) {
        case AMDGPU_CHUNK_ID_IB:
            if (size < sizeof(struct drm_amdgpu_cs_chunk_ib))
                break;
            ret = p1_ib(p, c->kdata);
            break;
        case AMDGPU_CHUNK_ID_FENCE:
            if (size < sizeof(struct drm_amdgpu_cs_chunk_fence) || p->uf_bo)
                break;
            ret = p1_user_fence(p, c->kdata);
            break;
        case AMDGPU_CHUNK_ID_BO_HANDLES:
            if (size < sizeof(struct drm_amdgpu_bo_list_in) || p->bo_list)
                break;
            ret = sim_bo_list_from_user(p->f, c->kdata, &p->bo_list);
            break;
        case AMDGPU_CHUNK_ID_DEPENDENCIES:
        case AMDGPU_CHUNK_ID_SYNCOBJ_IN:
        case AMDGPU_CHUNK_ID_SYNCOBJ_OUT:
        case AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES:
            ret = 0;
            break;
        default:
            /* includes the timeline syncobj chunks: timeline syncobjs are
             * not simulated */
            break;
        }
    }
    free(ptrs);
    if (!ret && !p->gang_size)
        ret = -EINVAL;
    return ret;
}

/* ---------------------------------------------------------------- CS: pass 2 */

static int p2_ib(struct cs_parser *p, const struct drm_amdgpu_cs_chunk_ib *ib,
                 unsigned *ce_preempt, unsigned *de_preempt)
{
    unsigned r = (unsigned)sim_navi31_ring(ib->ip_type, ib->ip_instance, ib->ring), i;
    struct sim_job *job;

    for (i = 0; p->gang_ring[i] != r; i++)
        ;
    job = p->jobs[i];
    if (ib->ip_type == AMDGPU_HW_IP_GFX && ib->flags & AMDGPU_IB_FLAG_PREEMPT) {
        if (ib->flags & AMDGPU_IB_FLAG_CE)
            (*ce_preempt)++;
        else
            (*de_preempt)++;
        if (*ce_preempt > 1 || *de_preempt > 1)
            return -EINVAL;
    }
    /* The kernel does not check these: gfx11 BUG_ONs (later WARN_ONs) on a
     * non-dword-aligned IB, and SDMA 6 drops the low 5 bits of the IB base
     * ("base must be 32 byte aligned", sdma_v6_0_ring_emit_ib).  The
     * simulator refuses both, and an IB too long for IB_SIZE's 20 bits. */
    if ((ib->ip_type == AMDGPU_HW_IP_DMA ? ib->va_start & 31 : ib->va_start & 3) ||
        ib->ib_bytes / 4 > SIM_IB_MAX_DW)
        return -EINVAL;
    job->ibs[job->nibs++] = (struct sim_ib){ib->va_start, ib->ib_bytes / 4, ib->flags};
    return 0;
}

static int p2_deps(struct cs_parser *p, const struct cs_chunk *c, bool scheduled)
{
    const struct drm_amdgpu_cs_chunk_dep *deps = c->kdata;
    unsigned n = c->length_dw * 4 / sizeof(*deps);

    for (unsigned i = 0; i < n; i++) {
        struct sim_fence *fc;
        int ret = fence_lookup(p->f, deps[i].ctx_id, deps[i].ip_type, deps[i].ip_instance,
                               deps[i].ring, deps[i].handle, &fc);

        if (ret)
            return ret;
        if (!fc)
            continue;
        ret = scheduled ? add_fence(&p->sched_deps, &p->nsched_deps, &p->capsched, fc)
                        : add_fence(&p->deps, &p->ndeps, &p->capdeps, fc);
        if (ret) {
            sim_fence_put(fc);
            return ret;
        }
    }
    return 0;
}

static int p2_syncobj_in(struct cs_parser *p, const struct cs_chunk *c)
{
    const struct drm_amdgpu_cs_chunk_sem *sem = c->kdata;
    unsigned n = c->length_dw * 4 / sizeof(*sem);

    for (unsigned i = 0; i < n; i++) {
        struct sim_syncobj *s = syncobj_get(p->f, sem[i].handle);
        struct sim_fence *fc;
        int ret;

        if (!s)
            return -ENOENT;   /* drm_syncobj_find_fence() */
        pthread_mutex_lock(&p->dev->fence_lock);
        fc = sim_fence_get(s->fence);
        pthread_mutex_unlock(&p->dev->fence_lock);
        syncobj_put(s);
        if (!fc)
            return -EINVAL;   /* no fence and no WAIT_FOR_SUBMIT */
        ret = add_fence(&p->deps, &p->ndeps, &p->capdeps, fc);
        if (ret) {
            sim_fence_put(fc);
            return ret;
        }
    }
    return 0;
}

static int p2_syncobj_out(struct cs_parser *p, const struct cs_chunk *c)
{
    const struct drm_amdgpu_cs_chunk_sem *sem = c->kdata;
    unsigned n = c->length_dw * 4 / sizeof(*sem);

    if (p->have_post)
        return -EINVAL;
    p->have_post = true;
    p->post = calloc(n ? n : 1, sizeof(*p->post));
    if (!p->post)
        return -ENOMEM;
    for (unsigned i = 0; i < n; i++) {
        p->post[i] = syncobj_get(p->f, sem[i].handle);
        if (!p->post[i])
            return -EINVAL;
        p->npost++;
    }
    return 0;
}

static int cs_pass2(struct cs_parser *p)
{
    unsigned ce_preempt = 0, de_preempt = 0;
    int ret = 0;

    for (unsigned i = 0; i < p->gang_size; i++) {
        struct sim_job *job = calloc(1, sizeof(*job));

        if (!job || !(job->ibs = calloc(p->num_ibs[i], sizeof(*job->ibs)))) {
            free(job);
            return -ENOMEM;
        }
        job->ring = p->gang_ring[i];
        p->jobs[i] = job;
    }
    for (unsigned i = 0; !ret && i < p->nchunks; i++) {
        const struct cs_chunk *c = &p->chunks[i];

        switch (c->id) {
        case AMDGPU_CHUNK_ID_IB:
            ret = p2_ib(p, c->kdata, &ce_preempt, &de_preempt);
            break;
        case AMDGPU_CHUNK_ID_DEPENDENCIES:
        case AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES:
            ret = p2_deps(p, c, c->id == AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES);
            break;
        case AMDGPU_CHUNK_ID_SYNCOBJ_IN:
            ret = p2_syncobj_in(p, c);
            break;
        case AMDGPU_CHUNK_ID_SYNCOBJ_OUT:
            ret = p2_syncobj_out(p, c);
            break;
        default:
            break;
        }
    }
    return ret;
}

/* amdgpu_cs_parser_bos(): the BO list, and the pages behind userptr BOs. */
static int cs_bos(struct cs_parser *p, const struct drm_amdgpu_cs_in *in)
{
    if (in->bo_list_handle) {
        struct sim_bo_list *l;

        if (p->bo_list)
            return -EINVAL;
        pthread_mutex_lock(&p->f->lock);
        l = sim_idr_find(&p->f->bo_lists, in->bo_list_handle);
        if (l) {
            p->bo_list = calloc(1, sizeof(*p->bo_list));
            if (p->bo_list && (p->bo_list->bos = calloc(l->count ? l->count : 1,
                                                        sizeof(struct sim_bo *)))) {
                for (unsigned i = 0; i < l->count; i++)
                    p->bo_list->bos[p->bo_list->count++] = sim_bo_get(l->bos[i]);
            } else {
                free(p->bo_list);
                p->bo_list = NULL;
            }
        }
        pthread_mutex_unlock(&p->f->lock);
        if (!l)
            return -ENOENT;
        if (!p->bo_list)
            return -ENOMEM;
    }
    for (unsigned i = 0; p->bo_list && i < p->bo_list->count; i++) {
        const struct sim_bo *bo = p->bo_list->bos[i];
        int ret;

        if (!bo->userptr)
            continue;
        ret = sim_userptr_check(bo->userptr_addr, bo->size_bytes,
                                !(bo->userptr_flags & AMDGPU_GEM_USERPTR_READONLY), false);
        if (ret)
            return ret;
    }
    return 0;
}

static void parser_fini(struct cs_parser *p)
{
    for (unsigned i = 0; i < p->nchunks; i++)
        free(p->chunks[i].kdata);
    free(p->chunks);
    for (unsigned i = 0; i < p->gang_size; i++)
        if (p->jobs[i])
            sim_job_free(p->jobs[i]);
    sim_bo_put(p->uf_bo);
    sim_bo_list_free(p->bo_list);
    for (unsigned i = 0; i < p->ndeps; i++)
        sim_fence_put(p->deps[i]);
    for (unsigned i = 0; i < p->nsched_deps; i++)
        sim_fence_put(p->sched_deps[i]);
    free(p->deps);
    free(p->sched_deps);
    for (unsigned i = 0; i < p->npost; i++)
        syncobj_put(p->post[i]);
    free(p->post);
    sim_ctx_put(p->ctx);
}

/* Give every job of the gang its fence, BOs and dependencies; the leader
 * takes the entity's next sequence number (amdgpu_ctx_add_fence). */
static int cs_submit(struct cs_parser *p, uint64_t *seq_out)
{
    struct sim_dev *dev = p->dev;
    struct sim_job *leader = p->jobs[p->leader];
    struct sim_ctx_entity *ent = &p->ctx->ent[leader->ring];
    uint64_t seq;

    for (unsigned i = 0; i < p->gang_size; i++) {
        struct sim_job *job = p->jobs[i];

        job->fence = sim_fence_new(job->ring, 0);
        if (!job->fence)
            return -ENOMEM;
        job->nbos = p->bo_list ? p->bo_list->count : 0;
        job->bos = calloc(job->nbos ? job->nbos : 1, sizeof(*job->bos));
        if (!job->bos)
            return -ENOMEM;
        for (unsigned k = 0; k < job->nbos; k++)
            job->bos[k] = sim_bo_get(p->bo_list->bos[k]);
        sim_file_get(p->f);
        job->file = p->f;
        job->ctx = sim_ctx_get(p->ctx);
    }
    /* Everything but the leader depends on nothing extra; the leader waits
     * for the submission's dependencies and for the gang to have started. */
    leader->deps = p->deps;
    leader->ndeps = p->ndeps;
    p->deps = NULL;
    p->ndeps = 0;
    for (unsigned i = 0; i < p->gang_size; i++) {
        if (p->jobs[i] == leader)
            continue;
        if (add_fence(&p->sched_deps, &p->nsched_deps, &p->capsched,
                      sim_fence_get(p->jobs[i]->fence))) {
            sim_fence_put(p->jobs[i]->fence);
            return -ENOMEM;
        }
    }
    leader->sched_deps = p->sched_deps;
    leader->nsched_deps = p->nsched_deps;
    p->sched_deps = NULL;
    p->nsched_deps = 0;
    if (p->uf_bo) {
        leader->uf_bo = p->uf_bo;
        leader->uf_offset_bytes = p->uf_offset;
        p->uf_bo = NULL;
    }

    /* amdgpu_ctx_wait_prev_fence(): at most SIM_SCHED_JOBS in flight */
    for (;;) {
        struct sim_fence *prev;

        pthread_mutex_lock(&dev->fence_lock);
        prev = ent->fences[ent->sequence % SIM_SCHED_JOBS];
        if (!prev || prev->signaled)
            break;
        sim_fence_get(prev);
        pthread_mutex_unlock(&dev->fence_lock);
        sim_fence_wait(dev, prev, UINT64_MAX, false);
        sim_fence_put(prev);
    }
    /* (fence_lock held) */
    seq = ent->sequence++;
    leader->fence->seq = seq;
    sim_fence_put(ent->fences[seq % SIM_SCHED_JOBS]);
    ent->fences[seq % SIM_SCHED_JOBS] = sim_fence_get(leader->fence);
    for (unsigned i = 0; i < p->gang_size; i++) {
        struct sim_job *job = p->jobs[i];

        job->seq = job == leader ? seq : 0;
        for (unsigned k = 0; k < job->nbos; k++) {
            struct sim_bo *bo = job->bos[k];

            sim_fence_put(bo->fences[job->ring]);
            bo->fences[job->ring] = sim_fence_get(job->fence);
        }
    }
    pthread_mutex_unlock(&dev->fence_lock);

    for (unsigned i = 0; i < p->npost; i++)
        syncobj_replace(dev, p->post[i], leader->fence);
    /* Non-leaders first, so the leader's scheduled-dependencies can start. */
    for (unsigned i = 0; i < p->gang_size; i++) {
        if (p->jobs[i] != leader)
            sim_ring_push(&dev->rings[p->jobs[i]->ring], p->jobs[i]);
    }
    sim_ring_push(&dev->rings[leader->ring], leader);
    for (unsigned i = 0; i < p->gang_size; i++)
        p->jobs[i] = NULL;
    *seq_out = seq;
    return 0;
}

int sim_ioctl_cs(struct sim_file *f, void *data)
{
    union drm_amdgpu_cs *cs = data;
    struct drm_amdgpu_cs_in in = cs->in;
    struct cs_parser p;
    uint64_t seq = 0;
    int ret;

    if (in.num_chunks == 0)
        return -EINVAL;
    memset(&p, 0, sizeof(p));
    p.f = f;
    p.dev = f->dev;
    p.ctx = ctx_lookup(f, in.ctx_id);
    if (!p.ctx)
        return -EINVAL;
    if (atomic_load(&p.ctx->guilty)) {
        sim_ctx_put(p.ctx);
        return -ECANCELED;
    }
    ret = cs_pass1(&p, &in);
    if (!ret)
        ret = cs_pass2(&p);
    if (!ret)
        ret = cs_bos(&p, &in);
    if (!ret)
        ret = cs_submit(&p, &seq);
    if (!ret)
        cs->out.handle = seq;
    parser_fini(&p);
    return ret;
}

/* ---------------------------------------------------------------- waits */

int sim_ioctl_wait_cs(struct sim_file *f, void *data)
{
    union drm_amdgpu_wait_cs *wait = data;
    uint64_t deadline = sim_user_deadline_ns(wait->in.timeout);
    struct sim_fence *fc;
    bool signaled = true;
    int ret;

    ret = fence_lookup(f, wait->in.ctx_id, wait->in.ip_type, wait->in.ip_instance,
                       wait->in.ring, wait->in.handle, &fc);
    if (ret)
        return ret;
    if (fc) {
        signaled = sim_fence_wait(f->dev, fc, deadline, false);
        ret = signaled ? fc->error : 0;
        sim_fence_put(fc);
        if (ret)
            return ret;   /* a faulted or cancelled submission */
    }
    memset(wait, 0, sizeof(*wait));
    wait->out.status = !signaled;
    return 0;
}

int sim_ioctl_wait_fences(struct sim_file *f, void *data)
{
    union drm_amdgpu_wait_fences *wait = data;
    uint32_t count = wait->in.fence_count, first = ~0u;
    uint64_t deadline = sim_user_deadline_ns(wait->in.timeout_ns);
    struct drm_amdgpu_fence *uf;
    struct sim_fence **fcs;
    bool done = false;
    int ret = 0;

    uf = calloc(count ? count : 1, sizeof(*uf));
    fcs = calloc(count ? count : 1, sizeof(*fcs));
    if (!uf || !fcs) {
        free(uf);
        free(fcs);
        return -ENOMEM;
    }
    ret = sim_copy_from_user(uf, wait->in.fences, (size_t)count * sizeof(*uf));
    for (uint32_t i = 0; !ret && i < count; i++) {
        ret = fence_lookup(f, uf[i].ctx_id, uf[i].ip_type, uf[i].ip_instance, uf[i].ring,
                           uf[i].seq_no, &fcs[i]);
        if (!ret && !fcs[i] && !wait->in.wait_all) {
            first = i;   /* already signaled: the kernel looks no further */
            break;
        }
    }
    if (ret)
        goto out;

    if (wait->in.wait_all) {
        /* amdgpu_cs_wait_all_fences() */
        done = true;
        for (uint32_t i = 0; i < count && done; i++) {
            if (!fcs[i])
                continue;
            done = sim_fence_wait(f->dev, fcs[i], deadline, false);
            if (done && fcs[i]->error) {
                ret = fcs[i]->error;
                goto out;
            }
        }
        memset(wait, 0, sizeof(*wait));
        wait->out.status = done;
    } else {
        /* amdgpu_cs_wait_any_fence() */
        struct sim_dev *dev = f->dev;

        if (!count) {
            ret = -EINVAL;
            goto out;
        }
        if (first != ~0u) {
            done = true;
        } else {
            pthread_mutex_lock(&dev->fence_lock);
            for (;;) {
                for (uint32_t i = 0; i < count && first == ~0u; i++)
                    if (fcs[i]->signaled)
                        first = i;
                if (first != ~0u || (deadline != UINT64_MAX && sim_now_ns() >= deadline))
                    break;
                if (deadline == UINT64_MAX) {
                    pthread_cond_wait(&dev->fence_cond, &dev->fence_lock);
                } else {
                    struct timespec ts = {.tv_sec = (time_t)(deadline / 1000000000ull),
                                          .tv_nsec = (long)(deadline % 1000000000ull)};

                    pthread_cond_timedwait(&dev->fence_cond, &dev->fence_lock, &ts);
                }
            }
            pthread_mutex_unlock(&dev->fence_lock);
            done = first != ~0u;
        }
        memset(wait, 0, sizeof(*wait));
        wait->out.status = done;
        wait->out.first_signaled = first;
        if (first < count && fcs[first])
            ret = fcs[first]->error;
    }
out:
    for (uint32_t i = 0; i < count; i++)
        sim_fence_put(fcs[i]);
    free(fcs);
    free(uf);
    return ret;
}

/* ---------------------------------------------------------------- syncobjs */

static int syncobj_create(struct sim_file *f, struct sim_fence *fc, uint32_t *handle)
{
    struct sim_syncobj *s = calloc(1, sizeof(*s));
    int64_t id;

    if (!s)
        return -ENOMEM;
    atomic_init(&s->refs, 1);
    s->fence = sim_fence_get(fc);
    pthread_mutex_lock(&f->lock);
    id = sim_idr_alloc(&f->syncobjs, s, 1, 0);
    pthread_mutex_unlock(&f->lock);
    if (id < 0) {
        syncobj_put(s);
        return (int)id;
    }
    *handle = (uint32_t)id;
    return 0;
}

int sim_ioctl_fence_to_handle(struct sim_file *f, void *data)
{
    union drm_amdgpu_fence_to_handle *info = data;
    const struct drm_amdgpu_fence *uf = &info->in.fence;
    struct sim_fence *fc;
    uint32_t handle;
    int ret;

    ret = fence_lookup(f, uf->ctx_id, uf->ip_type, uf->ip_instance, uf->ring, uf->seq_no, &fc);
    if (ret)
        return ret;
    if (!fc && !(fc = stub_fence(f->dev)))
        return -ENOMEM;
    switch (info->in.what) {
    case AMDGPU_FENCE_TO_HANDLE_GET_SYNCOBJ:
        ret = syncobj_create(f, fc, &handle);
        if (!ret)
            info->out.handle = handle;
        break;
    case AMDGPU_FENCE_TO_HANDLE_GET_SYNCOBJ_FD:
    case AMDGPU_FENCE_TO_HANDLE_GET_SYNC_FILE_FD:
        ret = -EOPNOTSUPP;   /* fds for fences are not simulated */
        break;
    default:
        ret = -EINVAL;
        break;
    }
    sim_fence_put(fc);
    return ret;
}

int sim_ioctl_syncobj_create(struct sim_file *f, void *data)
{
    struct drm_syncobj_create *args = data;
    struct sim_fence *fc = NULL;
    int ret;

    if (args->flags & ~(uint32_t)DRM_SYNCOBJ_CREATE_SIGNALED)
        return -EINVAL;
    if ((args->flags & DRM_SYNCOBJ_CREATE_SIGNALED) && !(fc = stub_fence(f->dev)))
        return -ENOMEM;
    ret = syncobj_create(f, fc, &args->handle);
    sim_fence_put(fc);
    return ret;
}

int sim_ioctl_syncobj_destroy(struct sim_file *f, void *data)
{
    struct drm_syncobj_destroy *args = data;
    struct sim_syncobj *s;

    if (args->pad)
        return -EINVAL;
    pthread_mutex_lock(&f->lock);
    s = sim_idr_remove(&f->syncobjs, args->handle);
    pthread_mutex_unlock(&f->lock);
    if (!s)
        return -EINVAL;
    syncobj_put(s);
    return 0;
}

/* drm_syncobj_array_find(): copy the handles, look each up (-ENOENT). */
static int syncobj_array(struct sim_file *f, uint64_t user_handles, uint32_t count,
                         struct sim_syncobj ***out)
{
    uint32_t *handles = calloc(count, sizeof(*handles));
    struct sim_syncobj **objs = calloc(count, sizeof(*objs));
    int ret;

    if (!handles || !objs) {
        free(handles);
        free(objs);
        return -ENOMEM;
    }
    ret = sim_copy_from_user(handles, user_handles, (size_t)count * sizeof(*handles));
    for (uint32_t i = 0; !ret && i < count; i++)
        if (!(objs[i] = syncobj_get(f, handles[i])))
            ret = -ENOENT;
    free(handles);
    if (ret) {
        for (uint32_t i = 0; i < count; i++)
            syncobj_put(objs[i]);
        free(objs);
        return ret;
    }
    *out = objs;
    return 0;
}

static void syncobj_array_put(struct sim_syncobj **objs, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        syncobj_put(objs[i]);
    free(objs);
}

int sim_ioctl_syncobj_wait(struct sim_file *f, void *data)
{
    struct drm_syncobj_wait *args = data;
    struct sim_dev *dev = f->dev;
    bool all = args->flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL;
    bool for_submit = args->flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;
    /* drm_timeout_abs_to_jiffies(): 0 or a time already past polls */
    uint64_t deadline = args->timeout_nsec > 0 ? (uint64_t)args->timeout_nsec : 0;
    struct sim_syncobj **objs;
    uint32_t first = ~0u, count = args->count_handles;
    int ret;

    if (args->flags & ~(uint32_t)(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL |
                                  DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT))
        return -EINVAL;
    if (!count)
        return -EINVAL;
    ret = syncobj_array(f, args->handles, count, &objs);
    if (ret)
        return ret;
    pthread_mutex_lock(&dev->fence_lock);
    if (!for_submit)
        for (uint32_t i = 0; i < count; i++)
            if (!objs[i]->fence)
                ret = -EINVAL;
    while (!ret) {
        uint32_t n = 0;

        for (uint32_t i = 0; i < count; i++) {
            if (objs[i]->fence && objs[i]->fence->signaled) {
                n++;
                if (first == ~0u)
                    first = i;
            }
        }
        if (n == count || (n && !all))
            break;
        first = ~0u;
        if (sim_now_ns() >= deadline) {
            ret = -ETIME;
            break;
        }
        {
            struct timespec ts = {.tv_sec = (time_t)(deadline / 1000000000ull),
                                  .tv_nsec = (long)(deadline % 1000000000ull)};

            pthread_cond_timedwait(&dev->fence_cond, &dev->fence_lock, &ts);
        }
    }
    pthread_mutex_unlock(&dev->fence_lock);
    syncobj_array_put(objs, count);
    if (!ret)
        args->first_signaled = first;
    return ret;
}

static int syncobj_set_all(struct sim_file *f, void *data, bool signal)
{
    struct drm_syncobj_array *args = data;
    struct sim_syncobj **objs;
    int ret;

    if (args->pad)
        return -EINVAL;
    if (!args->count_handles)
        return -EINVAL;
    ret = syncobj_array(f, args->handles, args->count_handles, &objs);
    if (ret)
        return ret;
    for (uint32_t i = 0; i < args->count_handles; i++) {
        struct sim_fence *fc = signal ? stub_fence(f->dev) : NULL;

        if (signal && !fc) {
            ret = -ENOMEM;
            break;
        }
        syncobj_replace(f->dev, objs[i], fc);
        sim_fence_put(fc);
    }
    syncobj_array_put(objs, args->count_handles);
    return ret;
}

int sim_ioctl_syncobj_reset(struct sim_file *f, void *data)
{
    return syncobj_set_all(f, data, false);
}

int sim_ioctl_syncobj_signal(struct sim_file *f, void *data)
{
    return syncobj_set_all(f, data, true);
}

static void release_syncobj(uint32_t id, void *p, void *arg)
{
    (void)id;
    (void)arg;
    syncobj_put(p);
}

void sim_file_release_syncobjs(struct sim_file *f)
{
    sim_idr_for_each(&f->syncobjs, release_syncobj, NULL);
    sim_idr_fini(&f->syncobjs);
}
