/* vkref/vkref_int.h — what the vkref/ files share; not for users. */
#ifndef AMDPM4_VKREF_VKREF_INT_H
#define AMDPM4_VKREF_VKREF_INT_H

#include <stdatomic.h>
#include <vulkan/vulkan.h>

#include "pm4/clock.h"
#include "vkref/vkref.h"

/* Every buffer is bound whole with its size rounded up to this, so the
 * shaders' 128-bit and fp16-pair views stay inside it. */
#define VKREF_BUFFER_ALIGN_BYTES 16

/* Push constants of every shader fit in this many bytes (the guaranteed
 * minimum of maxPushConstantsSize is 128). */
#define VKREF_PUSH_BYTES 32

#define VKREF_MAX_PIPES 16
#define VKREF_MSG_BYTES 1024

struct vkref_pipe {
    const char *shader;
    uint32_t spec_dim;              /* specialization constant 0, or 0 if none */
    unsigned n_bindings;
    VkPipeline pipeline;
};

struct vkref {
    struct vkref_options opts;
    struct vkref_info info;
    VkInstance instance;
    VkDebugUtilsMessengerEXT messenger;
    VkPhysicalDevice phys;
    VkPhysicalDeviceMemoryProperties mem;
    VkDevice dev;
    VkQueue queue;
    VkCommandPool cmd_pool;
    VkCommandBuffer cmd;
    VkFence fence;
    VkQueryPool queries;            /* 2 timestamps, or VK_NULL_HANDLE */
    uint64_t timestamp_mask;
    VkDescriptorPool desc_pool;
    VkDescriptorSetLayout set_layout[KERN_MAX_ARGS + 1];    /* by binding count */
    VkPipelineLayout pipe_layout[KERN_MAX_ARGS + 1];
    unsigned n_pipes;
    struct vkref_pipe pipes[VKREF_MAX_PIPES];
    atomic_uint n_messages;
    atomic_flag first_taken;
    char first_msg[VKREF_MSG_BYTES];
};

/* "VK_ERROR_OUT_OF_DEVICE_MEMORY", ... */
const char *vkref_result_str(VkResult r);
/* amdpm4_seterr(-EIO or -ENOMEM, "what: VK_ERROR_..."). */
int vkref_fail(VkResult r, const char *what);

/* A buffer and its memory (memory.c). */
struct vkref_buf {
    VkBuffer buf;
    VkDeviceMemory mem;
    void *map;                      /* persistent mapping, or NULL */
    uint64_t bytes;                 /* requested */
    uint64_t buffer_bytes;          /* the VkBuffer's size */
    uint64_t alloc_bytes;           /* the allocation's size */
    uint32_t type;
    bool coherent;                  /* no flush/invalidate needed */
};

/* Create a buffer in the first memory type allowing it that has all of
 * `required`, preferring one with none of `avoided`.  Mapped if
 * host-visible and map is true. */
int vkref_buf_create(struct vkref *vk, const char *what, uint64_t bytes, VkBufferUsageFlags usage,
                     VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred,
                     VkMemoryPropertyFlags avoided, bool map, struct vkref_buf *b);
void vkref_buf_destroy(struct vkref *vk, struct vkref_buf *b);
/* Make host writes to [0, bytes) visible to the device / device writes
 * visible to the host; no-ops on coherent memory. */
int vkref_buf_flush(struct vkref *vk, struct vkref_buf *b);
int vkref_buf_invalidate(struct vkref *vk, struct vkref_buf *b);

/* The pipeline for an embedded shader (pipeline.c), created on first use. */
int vkref_pipeline(struct vkref *vk, const char *shader, uint32_t spec_dim, unsigned n_bindings,
                   const struct vkref_pipe **out);
void vkref_pipelines_destroy(struct vkref *vk);

/* Reset cmd and begin recording it for one submission (run.c). */
int vkref_cmd_begin(VkCommandBuffer cmd);

/* Pick a device (device.c): `want` as in vkref_options.device; never an
 * excluded one.  0, or -ENODEV / -EPERM with a message. */
int vkref_choose_device(const struct vkref_device_info *d, uint32_t n, const char *want,
                        uint32_t *pick);

#endif
