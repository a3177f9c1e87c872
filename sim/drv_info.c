/*
 * sim/drv_info.c — DRM_AMDGPU_INFO (amdgpu_kms.c amdgpu_info_ioctl(), Linux
 * 6.1): every answer is copied only up to the return_size the caller gave,
 * so older libdrm structs (2.4.114's DEV_INFO is 368 bytes) are never
 * overrun; unknown queries get -EINVAL.
 */
#include <errno.h>
#include <string.h>

#include <amdgpu_drm.h>

#include "sim/clock.h"
#include "sim/drv.h"

/* Copy min(size, bytes) of the answer, as amdgpu does. */
static int answer(const struct drm_amdgpu_info *info, const void *data, size_t bytes)
{
    size_t n = info->return_size < bytes ? info->return_size : bytes;

    return sim_copy_to_user(info->return_pointer, data, n);
}

static int answer_u32(const struct drm_amdgpu_info *info, uint32_t v)
{
    return answer(info, &v, sizeof(v));
}

static int answer_u64(const struct drm_amdgpu_info *info, uint64_t v)
{
    return answer(info, &v, sizeof(v));
}

/* The kernel's view of the heaps (amdgpu_kms.c VRAM_GTT / MEMORY). */
struct heaps {
    uint64_t vram_usable, vis_usable, gtt_usable;
};

static void heaps(const struct sim_mem *m, struct heaps *h)
{
    h->vram_usable = m->vram_bytes - m->vram_pin_bytes - sim_navi31.vm_reserved_vram_bytes;
    h->vis_usable = m->vis_bytes - m->vis_pin_bytes;
    if (h->vis_usable > h->vram_usable)
        h->vis_usable = h->vram_usable;
    h->gtt_usable = m->gtt_bytes - m->gart_pin_bytes;
}

static int info_hw_ip(const struct drm_amdgpu_info *info)
{
    struct drm_amdgpu_info_hw_ip ip;
    const struct sim_hw_ip *hw;

    if (info->query_hw_ip.ip_instance >= AMDGPU_HW_IP_INSTANCE_MAX_COUNT ||
        info->query_hw_ip.type >= AMDGPU_HW_IP_NUM)
        return -EINVAL;
    memset(&ip, 0, sizeof(ip));
    /* A known IP type the board has but the simulator does not (video
     * decode/encode) reads as absent: all zeros, as for a missing block. */
    hw = sim_navi31_hw_ip(info->query_hw_ip.type);
    if (hw) {
        ip.hw_ip_version_major = hw->version_major;
        ip.hw_ip_version_minor = hw->version_minor;
        ip.capabilities_flags = 0;
        ip.ib_start_alignment = hw->ib_start_alignment_bytes;
        ip.ib_size_alignment = hw->ib_size_alignment_dw;
        ip.available_rings = hw->available_rings;
        /* ip_discovery_version: Linux 6.1's name for the 2.4.114 _pad */
        ip._pad = hw->ip_discovery_version;
    }
    return answer(info, &ip, sizeof(ip));
}

static int info_fw(const struct drm_amdgpu_info *info)
{
    const struct drm_amdgpu_query_fw *q = &info->query_fw;
    struct drm_amdgpu_info_firmware fw = {0, 0};

    if (q->ip_instance != 0)
        return -EINVAL;
    /* amdgpu_firmware_info(): types 0x01..0x1b less 0x09 exist; MEC has two
     * indices, SDMA one per instance, TA six. */
    if (!q->fw_type || q->fw_type > 0x1b || q->fw_type == 0x09)
        return -EINVAL;
    if ((q->fw_type == AMDGPU_INFO_FW_GFX_MEC && q->index > 1) ||
        (q->fw_type == AMDGPU_INFO_FW_SDMA &&
         q->index >= (uint32_t)__builtin_popcount(sim_navi31_hw_ip(AMDGPU_HW_IP_DMA)
                                                   ->available_rings)) ||
        (q->fw_type == AMDGPU_INFO_FW_TA && q->index > 5))
        return -EINVAL;
    /* Versions not captured from the board read as 0 (the kernel's value
     * for firmware it did not load). */
    for (unsigned i = 0; i < sim_navi31.fw_count; i++) {
        const struct sim_fw *e = &sim_navi31.fw[i];

        if (e->fw_type == q->fw_type && e->index == q->index) {
            fw.ver = e->ver;
            fw.feature = e->feature;
        }
    }
    return answer(info, &fw, sizeof(fw));
}

static int info_mmr(const struct drm_amdgpu_info *info)
{
    uint32_t se = info->read_mmr_reg.instance >> AMDGPU_INFO_MMR_SE_INDEX_SHIFT &
                  AMDGPU_INFO_MMR_SE_INDEX_MASK;
    uint32_t sh = info->read_mmr_reg.instance >> AMDGPU_INFO_MMR_SH_INDEX_SHIFT &
                  AMDGPU_INFO_MMR_SH_INDEX_MASK;
    uint32_t count = info->read_mmr_reg.count, regs[128];

    /* AMDGPU_GFX_MAX_SE 6 shader engines, AMDGPU_GFX_MAX_SH_PER_SE 2 */
    if ((se != AMDGPU_INFO_MMR_SE_INDEX_MASK && se >= 6) ||
        (sh != AMDGPU_INFO_MMR_SH_INDEX_MASK && sh >= 2) || count > 128)
        return -EINVAL;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t off = info->read_mmr_reg.dword_offset + i;
        unsigned k;

        for (k = 0; k < sim_navi31.mmr_count && sim_navi31.mmr[k].dword_offset != off; k++)
            ;
        if (k == sim_navi31.mmr_count)
            return -EFAULT;   /* "unallowed offset" */
        regs[i] = sim_navi31.mmr[k].value;
    }
    return answer(info, regs, count * sizeof(uint32_t));
}

static int info_memory(struct sim_dev *dev, const struct drm_amdgpu_info *info)
{
    struct drm_amdgpu_memory_info mem;
    struct sim_mem_usage u;
    struct heaps h;

    heaps(&dev->mem, &h);
    sim_mem_usage(&dev->mem, &u);
    memset(&mem, 0, sizeof(mem));
    mem.vram.total_heap_size = dev->mem.vram_bytes;
    mem.vram.usable_heap_size = h.vram_usable;
    mem.vram.heap_usage = u.vram_used;
    mem.vram.max_allocation = h.vram_usable * 3 / 4;
    mem.cpu_accessible_vram.total_heap_size = dev->mem.vis_bytes;
    mem.cpu_accessible_vram.usable_heap_size = h.vis_usable;
    mem.cpu_accessible_vram.heap_usage = u.vis_used;
    mem.cpu_accessible_vram.max_allocation = h.vis_usable * 3 / 4;
    mem.gtt.total_heap_size = dev->mem.gtt_bytes;
    mem.gtt.usable_heap_size = h.gtt_usable;
    mem.gtt.heap_usage = u.gtt_used;
    mem.gtt.max_allocation = h.gtt_usable * 3 / 4;
    return answer(info, &mem, sizeof(mem));
}

int sim_ioctl_info(struct sim_file *f, void *data)
{
    const struct drm_amdgpu_info *info = data;
    struct sim_dev *dev = f->dev;
    struct sim_mem_usage u;
    struct heaps h;

    if (!info->return_size || !info->return_pointer)
        return -EINVAL;
    switch (info->query) {
    case AMDGPU_INFO_ACCEL_WORKING:
        return answer_u32(info, 1);
    case AMDGPU_INFO_CRTC_FROM_ID:
        return -EINVAL;   /* no display: no CRTC has that id */
    case AMDGPU_INFO_HW_IP_INFO:
        return info_hw_ip(info);
    case AMDGPU_INFO_HW_IP_COUNT:
        if (info->query_hw_ip.type >= AMDGPU_HW_IP_NUM)
            return -EINVAL;
        /* one GFX block (GFX and COMPUTE), one SDMA block */
        return answer_u32(info, sim_navi31_hw_ip(info->query_hw_ip.type) ? 1 : 0);
    case AMDGPU_INFO_TIMESTAMP:
        return answer_u64(info, sim_gpu_clock());
    case AMDGPU_INFO_FW_VERSION:
        return info_fw(info);
    case AMDGPU_INFO_NUM_BYTES_MOVED:
        return answer_u64(info, dev->mem.bytes_moved);
    case AMDGPU_INFO_NUM_EVICTIONS:
        return answer_u64(info, 0);   /* heaps never evict in the simulator */
    case AMDGPU_INFO_NUM_VRAM_CPU_PAGE_FAULTS:
        return answer_u64(info, dev->mem.vram_cpu_page_faults);
    case AMDGPU_INFO_VRAM_USAGE:
        sim_mem_usage(&dev->mem, &u);
        return answer_u64(info, u.vram_used);
    case AMDGPU_INFO_VIS_VRAM_USAGE:
        sim_mem_usage(&dev->mem, &u);
        return answer_u64(info, u.vis_used);
    case AMDGPU_INFO_GTT_USAGE:
        sim_mem_usage(&dev->mem, &u);
        return answer_u64(info, u.gtt_used);
    case AMDGPU_INFO_GDS_CONFIG: {
        /* GDS, GWS and OA are not simulated: the board reports none */
        struct drm_amdgpu_info_gds gds;

        memset(&gds, 0, sizeof(gds));
        return answer(info, &gds, sizeof(gds));
    }
    case AMDGPU_INFO_VRAM_GTT: {
        struct drm_amdgpu_info_vram_gtt vg;

        heaps(&dev->mem, &h);
        vg.vram_size = h.vram_usable;
        vg.vram_cpu_accessible_size = h.vis_usable;
        vg.gtt_size = h.gtt_usable;
        return answer(info, &vg, sizeof(vg));
    }
    case AMDGPU_INFO_READ_MMR_REG:
        return info_mmr(info);
    case AMDGPU_INFO_DEV_INFO:
        return answer(info, &sim_navi31.dev_info, sizeof(sim_navi31.dev_info));
    case AMDGPU_INFO_MEMORY:
        return info_memory(dev, info);
    case AMDGPU_INFO_VCE_CLOCK_TABLE: {
        struct drm_amdgpu_info_vce_clock_table t;   /* no VCE: no entries */

        memset(&t, 0, sizeof(t));
        return answer(info, &t, sizeof(t));
    }
    case AMDGPU_INFO_VBIOS:
        /* no video BIOS image in the simulator: size 0 */
        switch (info->vbios_info.type) {
        case AMDGPU_INFO_VBIOS_SIZE:
            return answer_u32(info, 0);
        case AMDGPU_INFO_VBIOS_IMAGE:
            return -EINVAL;   /* offset >= size */
        case AMDGPU_INFO_VBIOS_INFO: {
            struct drm_amdgpu_info_vbios vb;

            memset(&vb, 0, sizeof(vb));
            return answer(info, &vb, sizeof(vb));
        }
        default:
            return -EINVAL;
        }
    case AMDGPU_INFO_NUM_HANDLES:
        /* UVD handle counts exist only before Polaris */
        return info->query_hw_ip.type == AMDGPU_HW_IP_UVD ? -ENODATA : -EINVAL;
    case AMDGPU_INFO_SENSOR:
        return -ENOENT;   /* power management is not simulated (!dpm_enabled) */
    case AMDGPU_INFO_VRAM_LOST_COUNTER:
        return answer_u32(info, dev->vram_lost_counter);
    case AMDGPU_INFO_RAS_ENABLED_FEATURES:
        return -EINVAL;   /* no RAS on a consumer board */
    case AMDGPU_INFO_VIDEO_CAPS: {
        struct drm_amdgpu_info_video_caps caps;   /* video is not simulated: no codecs */

        if (info->video_cap.type != AMDGPU_INFO_VIDEO_CAPS_DECODE &&
            info->video_cap.type != AMDGPU_INFO_VIDEO_CAPS_ENCODE)
            return -EINVAL;
        memset(&caps, 0, sizeof(caps));
        return answer(info, &caps, sizeof(caps));
    }
    default:
        return -EINVAL;
    }
}
