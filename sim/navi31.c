/*
 * sim/navi31.c — the facts behind sim/navi31.h.
 *
 * Sources:
 *  - DEV_INFO, HW_IP_INFO (GFX/COMPUTE), FW versions, GB_ADDR_CONFIG and the
 *    heap sizes: Mesa src/amd/drm-shim/amdgpu_devices.c, entry "gfx1100",
 *    captured from an RX 7900 XTX.  The pinned sizes follow from that dump
 *    with amdgpu_kms.c's formulas: usable = real - vram_pin - 8 MiB
 *    (AMDGPU_VM_RESERVED_VRAM), gtt usable = gtt - gart_pin.
 *  - DMA (SDMA 6.0.0, two instances on navi31): ib alignment 256 bytes / 4 dw
 *    from amdgpu_kms.c amdgpu_hw_ip_info(); ip_discovery_version is
 *    IP_VERSION(6, 0, 0).
 *  - DRM version 3.49.0: Linux 6.1 (Debian 12), whose amdgpu this simulates.
 *  - Subsystem 1002:0e3b: the AMD reference board (pci.ids).
 *  - gpu_counter_freq is in kHz (amdgpu_kms.c: xclk * 10): 100 MHz.
 */
#include "sim/navi31.h"

#include <errno.h>
#include <stddef.h>

#include "pm4/pm4_table.h"

static const struct sim_fw navi31_fw[] = {
    {AMDGPU_INFO_FW_GFX_ME, 0, 1486, 29},
    {AMDGPU_INFO_FW_GFX_PFP, 0, 1525, 29},
    {AMDGPU_INFO_FW_GFX_MEC, 0, 494, 29},
};

/* Registers AMDGPU_INFO_READ_MMR_REG may read, with the value the board
 * returned.  Everything else is refused (-EFAULT, as the kernel refuses an
 * offset outside its allowed list). */
static const struct sim_mmr navi31_mmr[] = {
    {"GB_ADDR_CONFIG", PM4_DW_GB_ADDR_CONFIG, 0x00000545},
};

const struct sim_navi31 sim_navi31 = {
    .vendor_id = 0x1002,
    .device_id = 0x744C,
    .subvendor_id = 0x1002,
    .subdevice_id = 0x0E3B,
    .revision_id = 0xC8,
    .pci_class = 0x030000,   /* one-table-ok: PCI class code (display controller) */
    .pci_slot = "0000:03:00.0",
    .pci_path = "/sys/devices/pci0000:00/0000:00:01.1/0000:01:00.0/0000:02:00.0/0000:03:00.0",
    .version_major = 3,
    .version_minor = 49,
    .version_patchlevel = 0,
    .driver_name = "amdgpu",
    .driver_date = "20150101",
    .driver_desc = "AMD GPU",
    .dev_info = {
        .device_id = 0x744C,
        .chip_rev = 0x00,
        .external_rev = 0x01,
        .pci_rev = 0xC8,
        .family = AMDGPU_FAMILY_GC_11_0_0,
        .num_shader_engines = 6,
        .num_shader_arrays_per_engine = 2,
        .gpu_counter_freq = 100000,
        .max_engine_clock = 2371000,
        .max_memory_clock = 1249000,
        .cu_active_number = 96,
        .cu_ao_mask = 0x0,
        .cu_bitmap = {
            {0xff, 0xff, 0xff, 0xff},
            {0xff, 0xff, 0xff, 0xff},
            {0xff, 0xff, 0x00, 0x00},
            {0xff, 0xff, 0x00, 0x00},
        },
        .enabled_rb_pipes_mask = 0xffffff,
        .num_rb_pipes = 24,
        .num_hw_gfx_contexts = 8,
        .ids_flags = 0,
        .virtual_address_offset = 0x200000,
        .virtual_address_max = 0x800000000000,
        .virtual_address_alignment = 4096,
        .pte_fragment_size = 2097152,
        .gart_page_size = 4096,
        .ce_ram_size = 0,
        .vram_type = AMDGPU_VRAM_TYPE_GDDR6,
        .vram_bit_width = 384,
        .vce_harvest_config = 0,
        .gc_double_offchip_lds_buf = 0,
        .wave_front_size = 32,
        .num_shader_visible_vgprs = 1536,
        .num_cu_per_sh = 8,
        .num_tcc_blocks = 24,
        .gs_vgt_table_depth = 32,
        .gs_prim_buffer_depth = 1792,
        .max_gs_waves_per_vgt = 32,
        .high_va_offset = 0xffff800000000000,
        .high_va_max = 0xffffffffffe00000,
        .pa_sc_tile_steering_override = 0,
        .tcc_disabled_mask = 0,
    },
    .real_vram_bytes = 25753026560ull,
    .vram_pin_bytes = 63541248ull,
    .vm_reserved_vram_bytes = 8ull << 20,
    .gtt_bytes = 33254252544ull,
    .gart_pin_bytes = 13357056ull,
    .hw_ip = {
        {AMDGPU_HW_IP_GFX, 11, 0, 32, 32, 0x1, 0xb0000, SIM_RING_GFX0, {"gfx_0.0.0"}},
        {AMDGPU_HW_IP_COMPUTE, 11, 0, 32, 32, 0xf, 0xb0000, SIM_RING_COMP0,
         {"comp_1.0.0", "comp_1.1.0", "comp_1.2.0", "comp_1.3.0"}},
        {AMDGPU_HW_IP_DMA, 6, 0, 256, 4, 0x3, 0x60000, SIM_RING_SDMA0, {"sdma0", "sdma1"}},
    },
    .fw = navi31_fw,
    .fw_count = sizeof(navi31_fw) / sizeof(navi31_fw[0]),
    .mmr = navi31_mmr,
    .mmr_count = sizeof(navi31_mmr) / sizeof(navi31_mmr[0]),
};

const struct sim_hw_ip *sim_navi31_hw_ip(uint32_t hw_ip_type)
{
    for (unsigned i = 0; i < 3; i++)
        if (sim_navi31.hw_ip[i].hw_ip_type == hw_ip_type)
            return &sim_navi31.hw_ip[i];
    return NULL;
}

int sim_navi31_ring(uint32_t hw_ip_type, uint32_t ip_instance, uint32_t ring)
{
    const struct sim_hw_ip *ip = sim_navi31_hw_ip(hw_ip_type);

    if (!ip || ip_instance != 0 || ring >= 32 || !(ip->available_rings & (1u << ring)))
        return -EINVAL;
    return (int)(ip->first_ring + ring);
}

static const struct sim_hw_ip *ring_ip(unsigned ring_id)
{
    for (unsigned i = 0; i < 3; i++) {
        const struct sim_hw_ip *ip = &sim_navi31.hw_ip[i];
        unsigned n = (unsigned)__builtin_popcount(ip->available_rings);

        if (ring_id >= ip->first_ring && ring_id < ip->first_ring + n)
            return ip;
    }
    return NULL;
}

const char *sim_navi31_ring_name(unsigned ring_id)
{
    const struct sim_hw_ip *ip = ring_ip(ring_id);

    return ip ? ip->ring_names[ring_id - ip->first_ring] : "?";
}

uint32_t sim_navi31_ring_ip(unsigned ring_id)
{
    const struct sim_hw_ip *ip = ring_ip(ring_id);

    return ip ? ip->hw_ip_type : ~0u;
}
