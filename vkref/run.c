/* vkref/run.c — running one op: the dispatch plan per op, buffers and
 * transfers, recording, timing. */
#include "vkref/vkref_int.h"
#include "pm4/log.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* A fence wait longer than this is reported as a hang. */
#define WAIT_TIMEOUT_NS (UINT64_C(600) * 1000000000u)

/* Tile sizes of the shaders, as declared there (matmul.glsl,
 * attention.glsl, copy.comp / fill.comp); used for the grid and the
 * shared-memory check. */
#define MATMUL_TILE 128         /* BM = BN */
#define MATMUL_BK 8
#define MATMUL_PAD 4            /* one 4-vector per tile row */
#define ATTN_BR 16              /* query rows per workgroup */
#define ATTN_BC 32              /* keys per block */
#define MEM_GROUP_SIZE 256
#define MEM_MAX_GROUPS 4096     /* grid-stride beyond this */

struct plan {
    const char *shader;
    uint32_t spec_dim;
    uint64_t groups[3];
    uint32_t dispatches;
    uint32_t shared_bytes;
    uint32_t push[VKREF_PUSH_BYTES / 4];
    VkMemoryPropertyFlags required, preferred, avoided;
};

static uint64_t ceil_div(uint64_t a, uint64_t b)
{
    return (a + b - 1) / b;
}

static void placement_flags(const struct kern_shape *s, struct plan *p)
{
    enum kern_placement place = (s->op == KERN_OP_COPY || s->op == KERN_OP_FILL)
                                    ? s->mem.placement : KERN_PLACE_VRAM;

    p->preferred = 0;
    switch (place) {
    case KERN_PLACE_VRAM:
        p->required = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
        p->avoided = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
        break;
    case KERN_PLACE_VIS_VRAM:
        p->required = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT | VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
        p->avoided = 0;
        break;
    case KERN_PLACE_GTT:
        p->required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
        p->preferred = VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        p->avoided = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
        break;
    }
}

static int plan_op(const struct vkref *vk, const struct kern_bufs *b, struct plan *p)
{
    const struct kern_shape *s = &b->shape;
    const struct vkref_info *in = &vk->info;
    const bool f16 = in->f16_native;

    memset(p, 0, sizeof(*p));
    p->dispatches = 1;
    p->groups[0] = p->groups[1] = p->groups[2] = 1;
    placement_flags(s, p);
    switch (s->op) {
    case KERN_OP_MATMUL_F32:
    case KERN_OP_MATMUL_F16: {
        size_t tile_elem = 4;
        if (s->op == KERN_OP_MATMUL_F32) {
            p->shader = "matmul_f32";
        } else if (s->mm.out == KERN_F32) {
            p->shader = f16 ? "matmul_f16_o32" : "matmul_f16_o32_fb";
            tile_elem = f16 ? 2 : 4;
        } else {
            p->shader = f16 ? "matmul_f16_o16" : "matmul_f16_o16_fb";
            tile_elem = f16 ? 2 : 4;
        }
        p->groups[0] = ceil_div(s->mm.n, MATMUL_TILE);
        p->groups[1] = ceil_div(s->mm.m, MATMUL_TILE);
        p->shared_bytes = (uint32_t)(2 * MATMUL_BK * (MATMUL_TILE + MATMUL_PAD) * tile_elem);
        p->push[0] = s->mm.m;
        p->push[1] = s->mm.n;
        p->push[2] = s->mm.k;
        break;
    }
    case KERN_OP_ATTENTION_F16: {
        const uint32_t pairs = s->attn.dim / 2;
        float scale_log2 = (float)(s->attn.scale * M_LOG2E);
        p->shader = f16 ? "attention_f16" : "attention_f16_fb";
        p->spec_dim = s->attn.dim;
        p->groups[0] = ceil_div(s->attn.seq, ATTN_BR);
        p->groups[1] = s->attn.heads;
        p->groups[2] = s->attn.batch;
        /* Qs (vec2) + Ks (pairs + 1 per row) + Vs + Ss + Ps (floats) */
        p->shared_bytes = ATTN_BR * pairs * 8 + ATTN_BC * (pairs + 1) * 4 + ATTN_BC * pairs * 4 +
                          2 * ATTN_BR * (ATTN_BC + 1) * 4;
        p->push[0] = s->attn.seq;
        p->push[1] = s->attn.seq_kv;
        p->push[2] = s->attn.heads;
        p->push[3] = s->attn.causal;
        memcpy(&p->push[4], &scale_log2, 4);
        break;
    }
    case KERN_OP_COPY:
    case KERN_OP_FILL: {
        uint64_t groups = ceil_div(s->mem.bytes / 16, MEM_GROUP_SIZE);
        if (s->mem.bytes > UINT32_MAX)
            return amdpm4_seterr(-E2BIG, "%s of %llu bytes: the shader counts bytes in 32 bits",
                                 kern_op_name(s->op), (unsigned long long)s->mem.bytes);
        p->shader = s->op == KERN_OP_COPY ? "copy" : "fill";
        p->groups[0] = groups < 1 ? 1 : groups > MEM_MAX_GROUPS ? MEM_MAX_GROUPS : groups;
        p->push[0] = (uint32_t)s->mem.bytes;
        p->push[1] = kern_fill_pattern(b->seed);
        break;
    }
    case KERN_OP_EMPTY:
        p->shader = "empty";
        p->dispatches = s->count;
        break;
    default:
        return amdpm4_seterr(-EINVAL, "unknown op %d", (int)s->op);
    }
    for (int i = 0; i < 3; i++)
        if (p->groups[i] > in->max_group_count[i])
            return amdpm4_seterr(-E2BIG, "%s needs %llu workgroups in dimension %c; %s allows %u "
                                         "(maxComputeWorkGroupCount)", kern_op_name(s->op),
                                 (unsigned long long)p->groups[i], "xyz"[i], in->dev.name,
                                 in->max_group_count[i]);
    if (p->shared_bytes > in->max_shared_bytes)
        return amdpm4_seterr(-E2BIG, "shader %s needs %u bytes of shared memory; %s has %u "
                                     "(maxComputeSharedMemorySize)", p->shader, p->shared_bytes,
                             in->dev.name, in->max_shared_bytes);
    return 0;
}

/* Everything one run creates, for one clean-up path. */
struct run_ctx {
    struct vkref *vk;
    unsigned n;
    struct vkref_buf dev[KERN_MAX_ARGS];
    struct vkref_buf stage[KERN_MAX_ARGS];
    VkDescriptorSet set;
};

static void run_ctx_free(struct run_ctx *c)
{
    for (unsigned i = 0; i < c->n; i++) {
        vkref_buf_destroy(c->vk, &c->stage[i]);
        vkref_buf_destroy(c->vk, &c->dev[i]);
    }
    if (c->set)
        vkFreeDescriptorSets(c->vk->dev, c->vk->desc_pool, 1, &c->set);
}

int vkref_cmd_begin(VkCommandBuffer cmd)
{
    VkCommandBufferBeginInfo bi = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
        .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
    };
    VkResult vr = vkResetCommandBuffer(cmd, 0);

    if (vr == VK_SUCCESS)
        vr = vkBeginCommandBuffer(cmd, &bi);
    return vr == VK_SUCCESS ? 0 : vkref_fail(vr, "vkBeginCommandBuffer");
}

static void barrier(struct vkref *vk, VkPipelineStageFlags src_stage, VkAccessFlags src,
                    VkPipelineStageFlags dst_stage, VkAccessFlags dst)
{
    VkMemoryBarrier mb = {
        .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
        .srcAccessMask = src,
        .dstAccessMask = dst,
    };
    vkCmdPipelineBarrier(vk->cmd, src_stage, dst_stage, 0, 1, &mb, 0, NULL, 0, NULL);
}

/* End, submit, wait; when the submit began and the CPU times of the submit
 * and the wait, if asked. */
static int submit_wait(struct vkref *vk, uint64_t *submit_t0_ns, uint64_t *submit_ns,
                       uint64_t *wait_ns)
{
    VkSubmitInfo si = {
        .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
        .commandBufferCount = 1,
        .pCommandBuffers = &vk->cmd,
    };
    uint64_t t0, t1, t2;
    VkResult vr = vkEndCommandBuffer(vk->cmd);

    if (vr != VK_SUCCESS)
        return vkref_fail(vr, "vkEndCommandBuffer");
    t0 = pm4_now_ns();
    vr = vkQueueSubmit(vk->queue, 1, &si, vk->fence);
    t1 = pm4_now_ns();
    if (vr != VK_SUCCESS)
        return vkref_fail(vr, "vkQueueSubmit");
    vr = vkWaitForFences(vk->dev, 1, &vk->fence, VK_TRUE, WAIT_TIMEOUT_NS);
    t2 = pm4_now_ns();
    if (vr == VK_TIMEOUT)
        return amdpm4_seterr(-ETIME, "the device did not finish within %llu s",
                             (unsigned long long)(WAIT_TIMEOUT_NS / 1000000000u));
    if (vr != VK_SUCCESS)
        return vkref_fail(vr, "vkWaitForFences");
    if ((vr = vkResetFences(vk->dev, 1, &vk->fence)) != VK_SUCCESS)
        return vkref_fail(vr, "vkResetFences");
    if (submit_t0_ns)
        *submit_t0_ns = t0;
    if (submit_ns)
        *submit_ns = t1 - t0;
    if (wait_ns)
        *wait_ns = t2 - t1;
    return 0;
}

static int create_buffers(struct run_ctx *c, const struct kern_bufs *b, const struct plan *p,
                          struct vkref_report *rep)
{
    struct vkref *vk = c->vk;
    int r;

    for (unsigned i = 0; i < b->n; i++) {
        struct vkref_placement *pl = &rep->placement[i];
        const VkMemoryType *t;
        r = vkref_buf_create(vk, b->arg[i].name, b->arg[i].size_bytes,
                             VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                                 VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                                 VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                             p->required, p->preferred, p->avoided, !vk->opts.force_staging,
                             &c->dev[i]);
        c->n = i + 1;
        if (r)
            return r;
        t = &vk->mem.memoryTypes[c->dev[i].type];
        *pl = (struct vkref_placement){
            .arg = b->arg[i].name,
            .size_bytes = b->arg[i].size_bytes,
            .buffer_bytes = c->dev[i].buffer_bytes,
            .memory_type = c->dev[i].type,
            .heap = t->heapIndex,
            .type_flags = t->propertyFlags,
            .heap_flags = vk->mem.memoryHeaps[t->heapIndex].flags,
            .heap_bytes = vk->mem.memoryHeaps[t->heapIndex].size,
            .staged = !c->dev[i].map,
        };
        rep->n_placements = i + 1;
        if (!pl->staged)
            continue;
        r = vkref_buf_create(vk, b->arg[i].name, b->arg[i].size_bytes,
                             VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                             VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                 VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
                             VK_MEMORY_PROPERTY_HOST_CACHED_BIT, 0, true, &c->stage[i]);
        if (r)
            return amdpm4_adderr(r, "staging for ");
        t = &vk->mem.memoryTypes[c->stage[i].type];
        pl->staging_type = c->stage[i].type;
        pl->staging_heap = t->heapIndex;
        pl->staging_flags = t->propertyFlags;
        rep->staged = true;
    }
    return 0;
}

static int bind_buffers(struct run_ctx *c, unsigned n_bindings)
{
    struct vkref *vk = c->vk;
    VkDescriptorBufferInfo info[KERN_MAX_ARGS];
    VkWriteDescriptorSet w[KERN_MAX_ARGS];
    VkDescriptorSetAllocateInfo ai = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
        .descriptorPool = vk->desc_pool,
        .descriptorSetCount = 1,
        .pSetLayouts = &vk->set_layout[n_bindings],
    };
    VkResult vr = vkAllocateDescriptorSets(vk->dev, &ai, &c->set);

    if (vr != VK_SUCCESS) {
        c->set = VK_NULL_HANDLE;
        return vkref_fail(vr, "vkAllocateDescriptorSets");
    }
    for (unsigned i = 0; i < n_bindings; i++) {
        /* Offset 0 (a multiple of any minStorageBufferOffsetAlignment), the
         * whole buffer (checked against maxStorageBufferRange). */
        info[i] = (VkDescriptorBufferInfo){c->dev[i].buf, 0, VK_WHOLE_SIZE};
        w[i] = (VkWriteDescriptorSet){
            .sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
            .dstSet = c->set,
            .dstBinding = i,
            .descriptorCount = 1,
            .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
            .pBufferInfo = &info[i],
        };
    }
    if (n_bindings)
        vkUpdateDescriptorSets(vk->dev, n_bindings, w, 0, NULL);
    return 0;
}

/* Every argument goes up: inputs, and outputs in their poisoned state, so
 * an element the shader never writes cannot pass. */
static int upload(struct run_ctx *c, const struct kern_bufs *b, bool any_staged)
{
    struct vkref *vk = c->vk;
    int r;

    for (unsigned i = 0; i < b->n; i++) {
        struct vkref_buf *dst = c->dev[i].map ? &c->dev[i] : &c->stage[i];
        memcpy(dst->map, b->data[i], (size_t)b->arg[i].size_bytes);
        if ((r = vkref_buf_flush(vk, dst)))
            return r;
    }
    if (!any_staged)
        return 0;
    if ((r = vkref_cmd_begin(vk->cmd)))
        return r;
    for (unsigned i = 0; i < b->n; i++)
        if (!c->dev[i].map) {
            VkBufferCopy region = {0, 0, b->arg[i].size_bytes};
            vkCmdCopyBuffer(vk->cmd, c->stage[i].buf, c->dev[i].buf, 1, &region);
        }
    return submit_wait(vk, NULL, NULL, NULL);
}

static int download(struct run_ctx *c, struct kern_bufs *b, bool any_staged)
{
    struct vkref *vk = c->vk;
    int r;

    if ((r = vkref_cmd_begin(vk->cmd)))
        return r;
    barrier(vk, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
            VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_HOST_BIT,
            VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_HOST_READ_BIT);
    if (any_staged) {
        for (unsigned i = 0; i < b->n; i++)
            if (b->arg[i].dir == KERN_ARG_OUT && !c->dev[i].map) {
                VkBufferCopy region = {0, 0, b->arg[i].size_bytes};
                vkCmdCopyBuffer(vk->cmd, c->dev[i].buf, c->stage[i].buf, 1, &region);
            }
        barrier(vk, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
    }
    if ((r = submit_wait(vk, NULL, NULL, NULL)))
        return r;
    for (unsigned i = 0; i < b->n; i++) {
        struct vkref_buf *src = c->dev[i].map ? &c->dev[i] : &c->stage[i];
        if (b->arg[i].dir != KERN_ARG_OUT)
            continue;
        if ((r = vkref_buf_invalidate(vk, src)))
            return r;
        memcpy(b->data[i], src->map, (size_t)b->arg[i].size_bytes);
    }
    return 0;
}

static int iterate(struct run_ctx *c, const struct plan *p, const struct vkref_pipe *pipe,
                   struct vkref_iter_ns *it)
{
    struct vkref *vk = c->vk;
    VkPipelineLayout layout = vk->pipe_layout[pipe->n_bindings];
    uint64_t t0 = pm4_now_ns(), ts[2];
    int r;

    it->record_t0_ns = t0;
    if ((r = vkref_cmd_begin(vk->cmd)))
        return r;
    /* The previous iteration's (or the upload's) writes before this one's
     * accesses: queue order alone orders execution, not memory. */
    barrier(vk, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
            VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
            VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
    if (vk->queries) {
        vkCmdResetQueryPool(vk->cmd, vk->queries, 0, 2);
        vkCmdWriteTimestamp(vk->cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, vk->queries, 0);
    }
    vkCmdBindPipeline(vk->cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipe->pipeline);
    if (pipe->n_bindings)
        vkCmdBindDescriptorSets(vk->cmd, VK_PIPELINE_BIND_POINT_COMPUTE, layout, 0, 1, &c->set,
                                0, NULL);
    vkCmdPushConstants(vk->cmd, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, VKREF_PUSH_BYTES, p->push);
    for (uint32_t d = 0; d < p->dispatches; d++)
        vkCmdDispatch(vk->cmd, (uint32_t)p->groups[0], (uint32_t)p->groups[1],
                      (uint32_t)p->groups[2]);
    if (vk->queries)
        vkCmdWriteTimestamp(vk->cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, vk->queries, 1);
    it->record_ns = pm4_now_ns() - t0;
    if ((r = submit_wait(vk, &it->submit_t0_ns, &it->submit_ns, &it->wait_ns)))
        return r;
    it->wait_t0_ns = it->submit_t0_ns + it->submit_ns;
    it->gpu_ns = it->gpu_t0_ns = 0;
    if (vk->queries) {
        VkResult vr = vkGetQueryPoolResults(vk->dev, vk->queries, 0, 2, sizeof(ts), ts,
                                            sizeof(ts[0]),
                                            VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
        if (vr != VK_SUCCESS)
            return vkref_fail(vr, "vkGetQueryPoolResults");
        it->gpu_ns = (uint64_t)llround((double)((ts[1] - ts[0]) & vk->timestamp_mask) *
                                       vk->info.timestamp_period_ns);
        it->gpu_t0_ns = (uint64_t)llround((double)ts[0] * vk->info.timestamp_period_ns);
    }
    return 0;
}

int vkref_run(struct vkref *vk, struct kern_bufs *b, const struct vkref_run_opts *ro,
              struct vkref_report *rep)
{
    struct run_ctx c = {.vk = vk};
    const struct vkref_pipe *pipe;
    struct plan p;
    unsigned iters = ro && ro->iters ? ro->iters : 1, warmup = ro ? ro->warmup : 0;
    uint64_t t0;
    int r;

    memset(rep, 0, sizeof(*rep));
    if ((r = kern_bufs_match(b)))
        return r;
    if ((r = plan_op(vk, b, &p)))
        return r;
    if ((r = vkref_pipeline(vk, p.shader, p.spec_dim, b->n, &pipe)))
        return r;
    rep->shader = pipe->shader;
    rep->dispatches = p.dispatches;
    for (int i = 0; i < 3; i++)
        rep->groups[i] = (uint32_t)p.groups[i];
    if (!(rep->iter = calloc(iters, sizeof(*rep->iter))))
        return amdpm4_seterr(-ENOMEM, "out of memory");
    rep->n_iters = iters;

    t0 = pm4_now_ns();
    r = create_buffers(&c, b, &p, rep);
    if (!r && b->n)
        r = bind_buffers(&c, b->n);
    if (!r)
        r = upload(&c, b, rep->staged);
    rep->upload_ns = pm4_now_ns() - t0;
    for (unsigned i = 0; !r && i < warmup + iters; i++) {
        struct vkref_iter_ns scratch;
        r = iterate(&c, &p, pipe, i < warmup ? &scratch : &rep->iter[i - warmup]);
    }
    t0 = pm4_now_ns();
    if (!r)
        r = download(&c, b, rep->staged);
    rep->download_ns = pm4_now_ns() - t0;
    run_ctx_free(&c);
    if (r) {
        vkref_report_free(rep);
        return amdpm4_adderr(r, "%s on %s: ", kern_op_name(b->shape.op), vk->info.dev.name);
    }
    return 0;
}

void vkref_report_free(struct vkref_report *rep)
{
    free(rep->iter);
    memset(rep, 0, sizeof(*rep));
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

uint64_t vkref_median_ns(const struct vkref_report *rep, size_t field_offset)
{
    uint64_t v[64], *all = v, m;

    if (!rep->n_iters || field_offset + sizeof(uint64_t) > sizeof(struct vkref_iter_ns))
        return 0;
    if (rep->n_iters > 64 && !(all = malloc(rep->n_iters * sizeof(*all))))
        return 0;
    for (unsigned i = 0; i < rep->n_iters; i++)
        memcpy(&all[i], (const char *)&rep->iter[i] + field_offset, sizeof(uint64_t));
    qsort(all, rep->n_iters, sizeof(*all), cmp_u64);
    m = all[rep->n_iters / 2];
    if (all != v)
        free(all);
    return m;
}
