/* vkref/overhead.c — chains of empty dispatches for driver-overhead
 * measurements (`amdpm4 bench overhead`; see vkref.h). */
#include "vkref/vkref_int.h"
#include "pm4/log.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A fence wait longer than this is reported as a hang. */
#define CHAIN_TIMEOUT_NS (UINT64_C(600) * 1000000000u)
#define SCRATCH_BYTES 256u

struct vkref_overhead {
    struct vkref *vk;
    uint32_t max_dispatches;
    const struct vkref_pipe *pipe;
    VkPipelineLayout layout;
    struct vkref_buf scratch;       /* bound to binding 0 of every dispatch */
    VkDescriptorPool pool;
    VkDescriptorSet set;
    VkCommandBuffer cmd;
    VkFence fence;
    VkQueryPool queries;            /* 2 per dispatch, or VK_NULL_HANDLE */
    uint32_t push[VKREF_PUSH_BYTES / 4];
};

void vkref_overhead_close(struct vkref_overhead *o)
{
    struct vkref *vk;

    if (!o)
        return;
    vk = o->vk;
    vkDeviceWaitIdle(vk->dev);
    if (o->queries)
        vkDestroyQueryPool(vk->dev, o->queries, NULL);
    if (o->fence)
        vkDestroyFence(vk->dev, o->fence, NULL);
    if (o->cmd)
        vkFreeCommandBuffers(vk->dev, vk->cmd_pool, 1, &o->cmd);
    if (o->pool)
        vkDestroyDescriptorPool(vk->dev, o->pool, NULL);
    vkref_buf_destroy(vk, &o->scratch);
    free(o);
}

static int create(struct vkref_overhead *o)
{
    struct vkref *vk = o->vk;
    VkResult vr;
    int r;

    if ((r = vkref_pipeline(vk, "empty", 0, 1, &o->pipe)))
        return r;
    o->layout = vk->pipe_layout[1];
    if ((r = vkref_buf_create(vk, "overhead scratch", SCRATCH_BYTES,
                              VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                              VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0, 0, false, &o->scratch)))
        return r;
    {
        VkDescriptorPoolSize size = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1};
        VkDescriptorPoolCreateInfo ci = {
            .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
            .maxSets = 1,
            .poolSizeCount = 1,
            .pPoolSizes = &size,
        };
        if ((vr = vkCreateDescriptorPool(vk->dev, &ci, NULL, &o->pool)) != VK_SUCCESS)
            return vkref_fail(vr, "vkCreateDescriptorPool");
    }
    {
        VkDescriptorSetAllocateInfo ai = {
            .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
            .descriptorPool = o->pool,
            .descriptorSetCount = 1,
            .pSetLayouts = &vk->set_layout[1],
        };
        VkDescriptorBufferInfo bi = {o->scratch.buf, 0, VK_WHOLE_SIZE};
        VkWriteDescriptorSet w = {
            .sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
            .descriptorCount = 1,
            .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
            .pBufferInfo = &bi,
        };
        if ((vr = vkAllocateDescriptorSets(vk->dev, &ai, &o->set)) != VK_SUCCESS)
            return vkref_fail(vr, "vkAllocateDescriptorSets");
        w.dstSet = o->set;
        vkUpdateDescriptorSets(vk->dev, 1, &w, 0, NULL);
    }
    {
        VkCommandBufferAllocateInfo ai = {
            .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
            .commandPool = vk->cmd_pool,
            .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
            .commandBufferCount = 1,
        };
        if ((vr = vkAllocateCommandBuffers(vk->dev, &ai, &o->cmd)) != VK_SUCCESS)
            return vkref_fail(vr, "vkAllocateCommandBuffers");
    }
    {
        VkFenceCreateInfo ci = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
        if ((vr = vkCreateFence(vk->dev, &ci, NULL, &o->fence)) != VK_SUCCESS)
            return vkref_fail(vr, "vkCreateFence");
    }
    if (vk->info.timestamps) {
        VkQueryPoolCreateInfo ci = {
            .sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
            .queryType = VK_QUERY_TYPE_TIMESTAMP,
            .queryCount = 2 * o->max_dispatches,
        };
        if ((vr = vkCreateQueryPool(vk->dev, &ci, NULL, &o->queries)) != VK_SUCCESS)
            return vkref_fail(vr, "vkCreateQueryPool");
    }
    return 0;
}

int vkref_overhead_open(struct vkref *vk, uint32_t max_dispatches, struct vkref_overhead **out)
{
    struct vkref_overhead *o;
    int r;

    *out = NULL;
    if (max_dispatches == 0 || max_dispatches > VKREF_OVERHEAD_MAX_DISPATCHES)
        return amdpm4_seterr(-EINVAL, "%u dispatches per chain: must be 1 to %u", max_dispatches,
                             VKREF_OVERHEAD_MAX_DISPATCHES);
    if (!(o = calloc(1, sizeof(*o))))
        return amdpm4_seterr(-ENOMEM, "out of memory");
    o->vk = vk;
    o->max_dispatches = max_dispatches;
    if ((r = create(o))) {
        vkref_overhead_close(o);
        return amdpm4_adderr(r, "overhead chain on %s: ", vk->info.dev.name);
    }
    *out = o;
    return 0;
}

/* A dependent dispatch waits for the one before and sees its writes. */
static void record_barrier(struct vkref_overhead *o)
{
    VkMemoryBarrier mb = {
        .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
        .srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT,
        .dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT,
    };
    vkCmdPipelineBarrier(o->cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                         VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 1, &mb, 0, NULL, 0, NULL);
}

/* One dispatch as an application records it: pipeline, descriptor set,
 * push constants, dispatch. */
static void record_dispatch(struct vkref_overhead *o)
{
    VkCommandBuffer cmd = o->cmd;

    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, o->pipe->pipeline);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, o->layout, 0, 1, &o->set, 0,
                            NULL);
    vkCmdPushConstants(cmd, o->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, VKREF_PUSH_BYTES, o->push);
    vkCmdDispatch(cmd, 1, 1, 1);
}

static int check_n(const struct vkref_overhead *o, uint32_t n)
{
    if (n == 0 || n > o->max_dispatches)
        return amdpm4_seterr(-EINVAL, "%u dispatches: this chain holds 1 to %u", n,
                             o->max_dispatches);
    return 0;
}

int vkref_overhead_record(struct vkref_overhead *o, uint32_t n, bool dependent,
                          uint64_t *record_ns)
{
    uint64_t t0;
    VkResult vr;
    int r;

    if ((r = check_n(o, n)) || (r = vkref_cmd_begin(o->cmd)))
        return r;
    t0 = pm4_now_ns();
    for (uint32_t i = 0; i < n; i++) {
        if (dependent && i > 0)
            record_barrier(o);
        record_dispatch(o);
    }
    *record_ns = pm4_now_ns() - t0;
    if ((vr = vkEndCommandBuffer(o->cmd)) != VK_SUCCESS)
        return vkref_fail(vr, "vkEndCommandBuffer");
    if ((vr = vkResetCommandBuffer(o->cmd, 0)) != VK_SUCCESS)
        return vkref_fail(vr, "vkResetCommandBuffer");
    return 0;
}

int vkref_overhead_chain(struct vkref_overhead *o, uint32_t n, bool dependent,
                         bool per_dispatch_ts, struct vkref_chain_times *t)
{
    struct vkref *vk = o->vk;
    const uint32_t n_ts = !o->queries ? 0 : per_dispatch_ts ? 2 * n : 2;
    VkSubmitInfo si = {
        .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
        .commandBufferCount = 1,
        .pCommandBuffers = &o->cmd,
    };
    uint64_t t1;
    VkResult vr;
    int r;

    memset(t, 0, sizeof(*t));
    if ((r = check_n(o, n)) || (r = vkref_cmd_begin(o->cmd)))
        return r;
    if (n_ts && !(t->ts_ns = calloc(n_ts, sizeof(*t->ts_ns))))
        return amdpm4_seterr(-ENOMEM, "out of memory");
    t->record_t0_ns = pm4_now_ns();
    if (n_ts)
        vkCmdResetQueryPool(o->cmd, o->queries, 0, n_ts);
    for (uint32_t i = 0; i < n; i++) {
        if (dependent && i > 0)
            record_barrier(o);
        if (n_ts && (per_dispatch_ts || i == 0))
            vkCmdWriteTimestamp(o->cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, o->queries,
                                per_dispatch_ts ? 2 * i : 0);
        record_dispatch(o);
        if (n_ts && (per_dispatch_ts || i == n - 1))
            vkCmdWriteTimestamp(o->cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, o->queries,
                                per_dispatch_ts ? 2 * i + 1 : 1);
    }
    vr = vkEndCommandBuffer(o->cmd);
    t->record_ns = pm4_now_ns() - t->record_t0_ns;
    if (vr != VK_SUCCESS) {
        r = vkref_fail(vr, "vkEndCommandBuffer");
        goto fail;
    }
    t->submit_t0_ns = pm4_now_ns();
    vr = vkQueueSubmit(vk->queue, 1, &si, o->fence);
    t1 = pm4_now_ns();
    t->submit_ns = t1 - t->submit_t0_ns;
    if (vr != VK_SUCCESS) {
        r = vkref_fail(vr, "vkQueueSubmit");
        goto fail;
    }
    vr = vkWaitForFences(vk->dev, 1, &o->fence, VK_TRUE, CHAIN_TIMEOUT_NS);
    t->wait_ns = pm4_now_ns() - t1;
    if (vr == VK_TIMEOUT) {
        r = amdpm4_seterr(-ETIME, "a chain of %u empty dispatches did not finish within %llu s", n,
                          (unsigned long long)(CHAIN_TIMEOUT_NS / 1000000000u));
        goto fail;
    }
    if (vr != VK_SUCCESS || (vr = vkResetFences(vk->dev, 1, &o->fence)) != VK_SUCCESS) {
        r = vkref_fail(vr, "vkWaitForFences");
        goto fail;
    }
    if (n_ts) {
        vr = vkGetQueryPoolResults(vk->dev, o->queries, 0, n_ts, n_ts * sizeof(uint64_t),
                                   t->ts_ns, sizeof(uint64_t),
                                   VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
        if (vr != VK_SUCCESS) {
            r = vkref_fail(vr, "vkGetQueryPoolResults");
            goto fail;
        }
        /* Ticks -> ns on the device's clock, unwrapped relative to the
         * first timestamp. */
        for (uint32_t i = n_ts; i-- > 0;)
            t->ts_ns[i] = (uint64_t)llround((double)t->ts_ns[0] * vk->info.timestamp_period_ns) +
                          (uint64_t)llround((double)((t->ts_ns[i] - t->ts_ns[0]) &
                                                     vk->timestamp_mask) *
                                            vk->info.timestamp_period_ns);
        t->n_ts = n_ts;
        t->gpu_ns = t->ts_ns[n_ts - 1] - t->ts_ns[0];
    }
    return 0;
fail:
    free(t->ts_ns);
    t->ts_ns = NULL;
    return amdpm4_adderr(r, "%s: ", vk->info.dev.name);
}
