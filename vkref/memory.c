/* vkref/memory.c — buffers, memory-type choice, mapping and the
 * non-coherent flush/invalidate rules. */
#include "vkref/vkref_int.h"
#include "pm4/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int vkref_memory_flags_str(uint32_t flags, char *buf, size_t n)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {
        {VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, "DEVICE_LOCAL"},
        {VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT, "HOST_VISIBLE"},
        {VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, "HOST_COHERENT"},
        {VK_MEMORY_PROPERTY_HOST_CACHED_BIT, "HOST_CACHED"},
        {VK_MEMORY_PROPERTY_LAZILY_ALLOCATED_BIT, "LAZILY_ALLOCATED"},
        {VK_MEMORY_PROPERTY_PROTECTED_BIT, "PROTECTED"},
        {VK_MEMORY_PROPERTY_DEVICE_COHERENT_BIT_AMD, "DEVICE_COHERENT_AMD"},
        {VK_MEMORY_PROPERTY_DEVICE_UNCACHED_BIT_AMD, "DEVICE_UNCACHED_AMD"},
    };
    size_t off = 0;
    uint32_t rest = flags;

    if (!n)
        return 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && off < n; i++)
        if (flags & names[i].bit) {
            off += (size_t)snprintf(buf + off, n - off, "%s%s", off ? "|" : "", names[i].name);
            rest &= ~names[i].bit;
        }
    if (rest && off < n)
        off += (size_t)snprintf(buf + off, n - off, "%s0x%x", off ? "|" : "", rest);
    if (!flags)
        off = (size_t)snprintf(buf, n, "0");
    return (int)off;
}

/* First type in `bits` with all of `required`, preferring all of
 * `preferred` and none of `avoided`; -1 if none has `required`. */
static int pick_type(const VkPhysicalDeviceMemoryProperties *mp, uint32_t bits,
                     VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred,
                     VkMemoryPropertyFlags avoided)
{
    int best = -1, best_score = -1;

    for (uint32_t i = 0; i < mp->memoryTypeCount; i++) {
        VkMemoryPropertyFlags f = mp->memoryTypes[i].propertyFlags;
        int score;
        if (!(bits & (1u << i)) || (f & required) != required)
            continue;
        score = 2 * !(f & avoided) + ((f & preferred) == preferred);
        if (score > best_score) {
            best = (int)i;
            best_score = score;
        }
    }
    return best;
}

int vkref_buf_create(struct vkref *vk, const char *what, uint64_t bytes, VkBufferUsageFlags usage,
                     VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred,
                     VkMemoryPropertyFlags avoided, bool map, struct vkref_buf *b)
{
    const struct vkref_info *in = &vk->info;
    VkBufferCreateInfo bci = {
        .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
        .usage = usage,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
    };
    VkMemoryRequirements req;
    VkMemoryAllocateInfo ai = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    char flags[160];
    VkResult vr;
    int type;

    memset(b, 0, sizeof(*b));
    b->bytes = bytes;
    b->buffer_bytes = (bytes + VKREF_BUFFER_ALIGN_BYTES - 1) / VKREF_BUFFER_ALIGN_BYTES *
                      VKREF_BUFFER_ALIGN_BYTES;
    if ((usage & VK_BUFFER_USAGE_STORAGE_BUFFER_BIT) &&
        b->buffer_bytes > in->max_storage_buffer_range_bytes)
        return amdpm4_seterr(-E2BIG, "%s needs a %llu-byte storage buffer; %s binds at most %llu "
                                     "bytes (maxStorageBufferRange): use a smaller shape",
                             what, (unsigned long long)b->buffer_bytes, in->dev.name,
                             (unsigned long long)in->max_storage_buffer_range_bytes);
    if (in->max_allocation_bytes && b->buffer_bytes > in->max_allocation_bytes)
        return amdpm4_seterr(-E2BIG, "%s needs %llu bytes; %s allocates at most %llu bytes at "
                                     "once (maxMemoryAllocationSize)",
                             what, (unsigned long long)b->buffer_bytes, in->dev.name,
                             (unsigned long long)in->max_allocation_bytes);
    bci.size = b->buffer_bytes;
    if ((vr = vkCreateBuffer(vk->dev, &bci, NULL, &b->buf)) != VK_SUCCESS)
        return amdpm4_adderr(vkref_fail(vr, "vkCreateBuffer"), "%s: ", what);
    vkGetBufferMemoryRequirements(vk->dev, b->buf, &req);
    type = pick_type(&vk->mem, req.memoryTypeBits, required, preferred, avoided);
    if (type < 0) {
        vkref_memory_flags_str(required, flags, sizeof(flags));
        vkref_buf_destroy(vk, b);
        return amdpm4_seterr(-ENOMEM, "%s: %s has no memory type with %s for this buffer", what,
                             in->dev.name, flags);
    }
    b->type = (uint32_t)type;
    b->alloc_bytes = req.size;
    ai.allocationSize = req.size;
    ai.memoryTypeIndex = (uint32_t)type;
    if ((vr = vkAllocateMemory(vk->dev, &ai, NULL, &b->mem)) != VK_SUCCESS) {
        vkref_buf_destroy(vk, b);
        return amdpm4_adderr(vkref_fail(vr, "vkAllocateMemory"), "%s (%llu bytes, type %d): ",
                             what, (unsigned long long)req.size, type);
    }
    if ((vr = vkBindBufferMemory(vk->dev, b->buf, b->mem, 0)) != VK_SUCCESS) {
        vkref_buf_destroy(vk, b);
        return amdpm4_adderr(vkref_fail(vr, "vkBindBufferMemory"), "%s: ", what);
    }
    b->coherent = (vk->mem.memoryTypes[type].propertyFlags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT)
                  && !vk->opts.force_flush;
    if (map && (vk->mem.memoryTypes[type].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)) {
        if ((vr = vkMapMemory(vk->dev, b->mem, 0, VK_WHOLE_SIZE, 0, &b->map)) != VK_SUCCESS) {
            vkref_buf_destroy(vk, b);
            return amdpm4_adderr(vkref_fail(vr, "vkMapMemory"), "%s: ", what);
        }
    }
    return 0;
}

void vkref_buf_destroy(struct vkref *vk, struct vkref_buf *b)
{
    if (b->map)
        vkUnmapMemory(vk->dev, b->mem);
    vkDestroyBuffer(vk->dev, b->buf, NULL);
    vkFreeMemory(vk->dev, b->mem, NULL);
    memset(b, 0, sizeof(*b));
}

/* The mapped range covering [0, bytes): its size rounded up to
 * nonCoherentAtomSize, or the rest of the allocation where rounding would
 * pass its end (both are what VkMappedMemoryRange allows). */
static VkMappedMemoryRange mapped_range(const struct vkref *vk, const struct vkref_buf *b)
{
    uint64_t atom = vk->info.non_coherent_atom_bytes ? vk->info.non_coherent_atom_bytes : 1;
    uint64_t size = (b->bytes + atom - 1) / atom * atom;

    return (VkMappedMemoryRange){
        .sType = VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE,
        .memory = b->mem,
        .offset = 0,
        .size = size > b->alloc_bytes ? VK_WHOLE_SIZE : size,
    };
}

/* Flush or invalidate [0, bytes) of a non-coherent mapping; nothing to do
 * on coherent memory. */
static int sync_mapping(struct vkref *vk, struct vkref_buf *b, PFN_vkFlushMappedMemoryRanges fn,
                        const char *name)
{
    VkMappedMemoryRange range;
    VkResult vr;

    if (b->coherent || !b->map)
        return 0;
    range = mapped_range(vk, b);
    vr = fn(vk->dev, 1, &range);
    return vr == VK_SUCCESS ? 0 : vkref_fail(vr, name);
}

int vkref_buf_flush(struct vkref *vk, struct vkref_buf *b)
{
    return sync_mapping(vk, b, vkFlushMappedMemoryRanges, "vkFlushMappedMemoryRanges");
}

int vkref_buf_invalidate(struct vkref *vk, struct vkref_buf *b)
{
    /* same signature as the flush */
    return sync_mapping(vk, b, vkInvalidateMappedMemoryRanges, "vkInvalidateMappedMemoryRanges");
}
