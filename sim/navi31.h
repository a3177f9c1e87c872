/*
 * sim/navi31.h — identity and fixed properties of the simulated Radeon
 * RX 7900 XTX (navi31, gfx1100), as the amdgpu kernel driver reports them.
 * One table of facts (sim/navi31.c); every answer the driver side gives
 * about the device is read from here.
 */
#ifndef AMDPM4_SIM_NAVI31_H
#define AMDPM4_SIM_NAVI31_H

#include <stdint.h>

#include <amdgpu_drm.h>

/* libdrm 2.4.114's amdgpu_drm.h predates gfx11. */
#ifndef AMDGPU_FAMILY_GC_11_0_0
#define AMDGPU_FAMILY_GC_11_0_0 145
#endif

/* Hardware rings the simulator runs, each one engine thread.  The ring index
 * a submission names maps onto these: GFX ring 0, COMPUTE rings 0..3, DMA
 * rings 0..1 (available_rings of HW_IP_INFO). */
enum sim_ring_id {
    SIM_RING_GFX0,
    SIM_RING_COMP0, SIM_RING_COMP1, SIM_RING_COMP2, SIM_RING_COMP3,
    SIM_RING_SDMA0, SIM_RING_SDMA1,
    SIM_RING_COUNT
};

struct sim_hw_ip {
    uint32_t hw_ip_type;       /* AMDGPU_HW_IP_* */
    uint32_t version_major, version_minor;
    uint32_t ib_start_alignment_bytes, ib_size_alignment_dw;
    uint32_t available_rings;  /* bit mask */
    uint32_t ip_discovery_version;
    uint32_t first_ring;       /* enum sim_ring_id of ring 0 */
    const char *ring_names[4]; /* the kernel's ring names, for fault lines */
};

struct sim_fw {
    uint32_t fw_type, index, ver, feature;
};

struct sim_mmr {
    const char *name;
    uint32_t dword_offset, value;
};

struct sim_navi31 {
    /* PCI identity (sysfs) */
    uint16_t vendor_id, device_id, subvendor_id, subdevice_id;
    uint8_t revision_id;
    uint32_t pci_class;
    const char *pci_slot;      /* domain:bus:dev.fn */
    const char *pci_path;      /* realpath of /sys/dev/char/226:N/device */
    /* DRM_IOCTL_VERSION */
    int version_major, version_minor, version_patchlevel;
    const char *driver_name, *driver_date, *driver_desc;
    /* AMDGPU_INFO_DEV_INFO (the 2.4.114 layout; newer fields stay 0) */
    struct drm_amdgpu_info_device dev_info;
    /* heaps (bytes): what the kernel reports and keeps pinned for itself */
    uint64_t real_vram_bytes, vram_pin_bytes, vm_reserved_vram_bytes;
    uint64_t gtt_bytes, gart_pin_bytes;
    /* IP blocks, firmware, readable registers */
    struct sim_hw_ip hw_ip[3];            /* GFX, COMPUTE, DMA */
    const struct sim_fw *fw;
    unsigned fw_count;
    const struct sim_mmr *mmr;
    unsigned mmr_count;
};

extern const struct sim_navi31 sim_navi31;

/* The hw_ip entry for an AMDGPU_HW_IP_* type, or NULL. */
const struct sim_hw_ip *sim_navi31_hw_ip(uint32_t hw_ip_type);

/* Map (ip type, instance, ring) to an enum sim_ring_id; -EINVAL if the device
 * has no such ring (amdgpu_ctx_get_entity's checks). */
int sim_navi31_ring(uint32_t hw_ip_type, uint32_t ip_instance, uint32_t ring);

/* The kernel's name of a ring ("comp_1.0.0") and its AMDGPU_HW_IP_* type. */
const char *sim_navi31_ring_name(unsigned ring_id);
uint32_t sim_navi31_ring_ip(unsigned ring_id);

#endif
