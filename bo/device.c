/*
 * bo/device.c — device discovery, open/close, identity and heap info.
 *
 * Enumeration is drmGetDevices2 filtered to PCI vendor 0x1002 render nodes
 * whose kernel driver (DRM_IOCTL_VERSION) is amdgpu.  Opening initialises
 * libdrm_amdgpu on our own fd, reads the device info once (family, external
 * revision, CUs, clocks, timestamp rate, ring masks) and refuses anything
 * that is not a gfx11 chip of bo/gpu_ids.def.
 */
#include "bo/device.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <amdgpu_drm.h>
#include <xf86drm.h>

#include "bo/bo.h"
#include "isa/codeobj.h"
#include "pm4/log.h"
#include "pm4/queue.h"

/* PCI vendor id of AMD/ATI graphics. */
#define BO_PCI_VENDOR_AMD 0x1002u
/* The most devices amdpm4_enumerate looks at. */
#define BO_MAX_DRM_DEVICES 64
/* The simulated gfx1100 exports this string (sim/interpose.c). */
#define BO_SIM_MARKER_SYMBOL "amdpm4_sim_marker"

/* ---------------------------------------------------------------- the id table */

static const struct bo_chip chips[] = {
#define GPU_CHIP(family_id, rev_lo, rev_hi, target, chip) {family_id, rev_lo, rev_hi, target, chip},
#include "bo/gpu_ids.def"
};

static const struct {
    uint32_t id;
    const char *generation;
} families[] = {
#define GPU_FAMILY(id, name, generation) {id, generation},
#include "bo/gpu_ids.def"
};

const struct bo_chip *bo_chip_lookup(uint32_t family_id, uint32_t external_rev)
{
    for (size_t i = 0; i < sizeof(chips) / sizeof(chips[0]); i++)
        if (chips[i].family_id == family_id && external_rev >= chips[i].rev_lo &&
            external_rev < chips[i].rev_hi)
            return &chips[i];
    return NULL;
}

const char *bo_family_generation(uint32_t family_id)
{
    for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
        if (families[i].id == family_id)
            return families[i].generation;
    return NULL;
}

/* ---------------------------------------------------------------- lists, accounting */

void bo_link_init(struct bo_link *head)
{
    head->prev = head->next = head;
}

void bo_link_add(struct bo_link *head, struct bo_link *node)
{
    node->next = head->next;
    node->prev = head;
    head->next->prev = node;
    head->next = node;
}

void bo_link_del(struct bo_link *node)
{
    node->prev->next = node->next;
    node->next->prev = node->prev;
    node->prev = node->next = node;
}

void bo_account_alloc(amdpm4_device *dev, enum amdpm4_placement p, uint64_t alloc_bytes)
{
    struct amdpm4_heap_usage *u = &dev->usage;

    pthread_mutex_lock(&dev->lock);
    u->bytes[p] += alloc_bytes;
    if (u->bytes[p] > u->peak_bytes[p])
        u->peak_bytes[p] = u->bytes[p];
    u->buffers[p]++;
    u->allocations[p]++;
    pthread_mutex_unlock(&dev->lock);
}

void bo_account_free(amdpm4_device *dev, enum amdpm4_placement p, uint64_t alloc_bytes)
{
    pthread_mutex_lock(&dev->lock);
    dev->usage.bytes[p] -= alloc_bytes;
    dev->usage.buffers[p]--;
    pthread_mutex_unlock(&dev->lock);
}

const char *bo_format_bytes(uint64_t bytes, char *buf, size_t buf_bytes)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
    double v = (double)bytes;
    unsigned u = 0;

    if (bytes < 1024) {
        snprintf(buf, buf_bytes, "%" PRIu64 " bytes", bytes);
        return buf;
    }
    v /= 1024;
    while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
        v /= 1024;
        u++;
    }
    if (v == (double)(uint64_t)v)
        snprintf(buf, buf_bytes, "%" PRIu64 " %s", (uint64_t)v, units[u]);
    else
        snprintf(buf, buf_bytes, "%.1f %s", v, units[u]);
    return buf;
}

/* ---------------------------------------------------------------- enumeration */

/* Is the node at path driven by amdgpu?  0 yes, -ENODEV no (driver named
 * in the message), other negative errnos if it cannot be opened. */
static int node_is_amdgpu(const char *path, int fd_or_neg)
{
    int fd = fd_or_neg >= 0 ? fd_or_neg : open(path, O_RDWR | O_CLOEXEC);
    drmVersionPtr v;
    int ret = 0;

    if (fd < 0)
        return amdpm4_seterr(-errno, "cannot open %s: %s", path, strerror(errno));
    v = drmGetVersion(fd);
    if (!v)
        ret = amdpm4_seterr(-ENODEV, "%s is not a DRM device (DRM_IOCTL_VERSION failed)", path);
    else if (!v->name || strcmp(v->name, "amdgpu"))
        ret = amdpm4_seterr(-ENODEV, "%s is driven by %s, not amdgpu", path,
                            v->name ? v->name : "an unnamed driver");
    drmFreeVersion(v);
    if (fd_or_neg < 0)
        close(fd);
    return ret;
}

int amdpm4_enumerate(struct amdpm4_device_entry *entries, unsigned max_entries, unsigned *count)
{
    drmDevicePtr devs[BO_MAX_DRM_DEVICES];
    unsigned found = 0;
    int n;

    if (!count || (max_entries && !entries))
        return amdpm4_seterr(-EINVAL, "amdpm4_enumerate: NULL argument");
    n = drmGetDevices2(DRM_DEVICE_GET_PCI_REVISION, devs, BO_MAX_DRM_DEVICES);
    if (n < 0) {
        /* no DRM devices at all is not an error */
        *count = 0;
        /* no DRM node at all (no /dev/dri) is not an error */
        return n == -ENODEV || n == -ENOENT ? 0
                                            : amdpm4_seterr(n, "drmGetDevices2 failed: %s",
                                                            strerror(-n));
    }
    for (int i = 0; i < n; i++) {
        const drmDevicePtr d = devs[i];
        const char *path;

        if (d->bustype != DRM_BUS_PCI || !(d->available_nodes & (1 << DRM_NODE_RENDER)) ||
            d->deviceinfo.pci->vendor_id != BO_PCI_VENDOR_AMD)
            continue;
        path = d->nodes[DRM_NODE_RENDER];
        if (node_is_amdgpu(path, -1))
            continue;
        if (found < max_entries) {
            struct amdpm4_device_entry *e = &entries[found];
            const drmPciBusInfoPtr b = d->businfo.pci;

            memset(e, 0, sizeof(*e));
            snprintf(e->render_path, sizeof(e->render_path), "%s", path);
            snprintf(e->pci_slot, sizeof(e->pci_slot), "%04x:%02x:%02x.%u", b->domain, b->bus,
                     b->dev, b->func);
            e->vendor_id = d->deviceinfo.pci->vendor_id;
            e->device_id = d->deviceinfo.pci->device_id;
            e->revision_id = d->deviceinfo.pci->revision_id;
        }
        found++;
    }
    drmFreeDevices(devs, n);
    amdpm4_clearerr();
    *count = found;
    return 0;
}

/* ---------------------------------------------------------------- open / close */

static int query_rings(amdpm4_device *dev, unsigned ip, struct bo_ip_rings *r)
{
    struct drm_amdgpu_info_hw_ip info;
    int ret = amdgpu_query_hw_ip_info(dev->adev, ip, 0, &info);

    if (ret)
        return amdpm4_seterr(ret, "%s: AMDGPU_INFO_HW_IP_INFO (%s) failed: %s", dev->render_path,
                             ip == AMDGPU_HW_IP_DMA ? "DMA" : "COMPUTE", strerror(-ret));
    r->available_mask = info.available_rings;
    r->ib_start_align_bytes = info.ib_start_alignment;
    /* ib_size_alignment is in bytes (amdgpu_kms.c: 32 for GFX/COMPUTE, 4 for
     * SDMA); a granule below one dword is one dword. */
    r->ib_size_align_dw = info.ib_size_alignment >= 4 ? info.ib_size_alignment / 4 : 1;
    if (!r->available_mask)
        return amdpm4_seterr(-ENODEV, "%s has no %s ring available", dev->render_path,
                             ip == AMDGPU_HW_IP_DMA ? "DMA" : "COMPUTE");
    return 0;
}

static void identify(amdpm4_device *dev)
{
    drmDevicePtr d = NULL;
    const char *marker = dlsym(RTLD_DEFAULT, BO_SIM_MARKER_SYMBOL);

    if (!drmGetDevice2(dev->fd, 0, &d) && d) {
        if (d->bustype == DRM_BUS_PCI)
            snprintf(dev->pci_slot, sizeof(dev->pci_slot), "%04x:%02x:%02x.%u",
                     d->businfo.pci->domain, d->businfo.pci->bus, d->businfo.pci->dev,
                     d->businfo.pci->func);
        drmFreeDevice(&d);
    }
    dev->simulated = marker != NULL;
    if (marker)
        snprintf(dev->simulator, sizeof(dev->simulator), "%s", marker);
}

int amdpm4_device_open_path(const char *render_path, amdpm4_device **out)
{
    amdpm4_device *dev;
    drmVersionPtr v;
    uint32_t major, minor;
    int ret;

    if (!render_path || !out)
        return amdpm4_seterr(-EINVAL, "amdpm4_device_open_path: NULL argument");
    *out = NULL;
    dev = calloc(1, sizeof(*dev));
    if (!dev)
        return amdpm4_seterr(-ENOMEM, "no memory for a device");
    snprintf(dev->render_path, sizeof(dev->render_path), "%s", render_path);
    bo_link_init(&dev->bos);
    bo_link_init(&dev->programs);
    bo_link_init(&dev->queues);
    pthread_mutex_init(&dev->lock, NULL);
    pthread_mutex_init(&dev->staging_lock, NULL);
    dev->fd = open(render_path, O_RDWR | O_CLOEXEC);
    if (dev->fd < 0) {
        ret = amdpm4_seterr(errno == ENOENT ? -ENODEV : -errno, "cannot open %s: %s",
                            render_path, strerror(errno));
        goto fail;
    }
    ret = node_is_amdgpu(render_path, dev->fd);
    if (ret)
        goto fail;
    v = drmGetVersion(dev->fd);
    if (v) {
        dev->drm_version[0] = (uint32_t)v->version_major;
        dev->drm_version[1] = (uint32_t)v->version_minor;
        dev->drm_version[2] = (uint32_t)v->version_patchlevel;
        drmFreeVersion(v);
    }
    ret = amdgpu_device_initialize(dev->fd, &major, &minor, &dev->adev);
    if (ret) {
        dev->adev = NULL;
        ret = amdpm4_seterr(ret, "%s: amdgpu_device_initialize failed: %s", render_path,
                            strerror(-ret));
        goto fail;
    }
    ret = amdgpu_query_gpu_info(dev->adev, &dev->gpu);
    if (ret) {
        ret = amdpm4_seterr(ret, "%s: amdgpu_query_gpu_info failed: %s", render_path,
                            strerror(-ret));
        goto fail;
    }
    dev->chip = bo_chip_lookup(dev->gpu.family_id, dev->gpu.chip_external_rev);
    if (!dev->chip) {
        const char *gen = bo_family_generation(dev->gpu.family_id);

        ret = amdpm4_seterr(-ENOTSUP, "%s is not a gfx11 GPU: PCI device 0x%04x, amdgpu family "
                            "%u (%s), external revision 0x%02x; amdpm4 drives gfx11 (RDNA 3) only",
                            render_path, dev->gpu.asic_id, dev->gpu.family_id,
                            gen ? gen : "unknown to amdpm4", dev->gpu.chip_external_rev);
        goto fail;
    }
    if ((ret = query_rings(dev, AMDGPU_HW_IP_COMPUTE, &dev->compute)) ||
        (ret = query_rings(dev, AMDGPU_HW_IP_DMA, &dev->dma)))
        goto fail;
    identify(dev);
    *out = dev;
    return 0;

fail:
    if (dev->adev)
        amdgpu_device_deinitialize(dev->adev);
    if (dev->fd >= 0)
        close(dev->fd);
    pthread_mutex_destroy(&dev->lock);
    pthread_mutex_destroy(&dev->staging_lock);
    free(dev);
    return ret;
}

int amdpm4_device_open(unsigned index, amdpm4_device **out)
{
    struct amdpm4_device_entry e[BO_MAX_DRM_DEVICES];
    unsigned n;
    int ret;

    if (!out)
        return amdpm4_seterr(-EINVAL, "amdpm4_device_open: NULL argument");
    *out = NULL;
    ret = amdpm4_enumerate(e, BO_MAX_DRM_DEVICES, &n);
    if (ret)
        return ret;
    if (index >= n || index >= BO_MAX_DRM_DEVICES)
        return n ? amdpm4_seterr(-ENODEV, "no AMD GPU %u: %u found (indices 0..%u)", index, n,
                                 n - 1)
                 : amdpm4_seterr(-ENODEV, "no AMD GPU driven by amdgpu was found (no amdgpu "
                                 "render node under /dev/dri)");
    return amdpm4_device_open_path(e[index].render_path, out);
}

void amdpm4_device_close(amdpm4_device *dev)
{
    if (!dev)
        return;
    /* Queues first (they wait for their work and return pool buffers; the
     * staging queue is one of them), then programs and the buffers left. */
    bo_staging_fini(dev);
    while (!bo_link_empty(&dev->queues))
        amdpm4_queue_destroy(pm4_queue_from_link(dev->queues.next));
    while (!bo_link_empty(&dev->programs))
        amdpm4_program_destroy(bo_program_from_link(dev->programs.next));
    while (!bo_link_empty(&dev->bos))
        amdpm4_bo_free(bo_from_link(dev->bos.next));
    amdgpu_device_deinitialize(dev->adev);
    close(dev->fd);
    pthread_mutex_destroy(&dev->lock);
    pthread_mutex_destroy(&dev->staging_lock);
    free(dev);
}

/* ---------------------------------------------------------------- info */

/* libdrm's table of marketing names: lines "DEVICE_ID,\tREVISION,\tNAME"
 * (hex), '#' comments, a version line first.  libdrm answers a generic
 * name for devices it lacks; amdpm4 reads the file itself so that "not
 * listed" stays visible (an empty name). */
#define BO_AMDGPU_IDS_PATH "/usr/share/libdrm/amdgpu.ids"

static void marketing_name(const amdpm4_device *dev, char *out, size_t bytes)
{
    FILE *f = fopen(BO_AMDGPU_IDS_PATH, "r");
    char line[256];

    out[0] = '\0';
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        unsigned id, rev;
        int name_at = 0;

        if (line[0] == '#' || sscanf(line, "%x , %x ,%n", &id, &rev, &name_at) != 2 || !name_at)
            continue;
        if (id == dev->gpu.asic_id && rev == dev->gpu.pci_rev_id) {
            char *name = line + name_at;

            name += strspn(name, " \t");
            name[strcspn(name, "\r\n")] = '\0';
            snprintf(out, bytes, "%s", name);
            break;
        }
    }
    fclose(f);
}

static void heap(struct amdpm4_heap_info *h, const struct drm_amdgpu_heap_info *k)
{
    h->total_bytes = k->total_heap_size;
    h->usable_bytes = k->usable_heap_size;
    h->used_bytes = k->heap_usage;
    h->max_allocation_bytes = k->max_allocation;
}

int bo_query_heaps(amdpm4_device *dev, struct amdpm4_heap_info *vram,
                   struct amdpm4_heap_info *vram_visible, struct amdpm4_heap_info *gtt)
{
    struct drm_amdgpu_memory_info mem;
    int ret;

    memset(&mem, 0, sizeof(mem));
    ret = amdgpu_query_info(dev->adev, AMDGPU_INFO_MEMORY, sizeof(mem), &mem);
    if (ret)
        return amdpm4_seterr(ret, "%s: AMDGPU_INFO_MEMORY failed: %s", dev->render_path,
                             strerror(-ret));
    heap(vram, &mem.vram);
    heap(vram_visible, &mem.cpu_accessible_vram);
    heap(gtt, &mem.gtt);
    return 0;
}

int amdpm4_device_info(amdpm4_device *dev, struct amdpm4_device_info *info)
{
    if (!dev || !info)
        return amdpm4_seterr(-EINVAL, "amdpm4_device_info: NULL argument");
    memset(info, 0, sizeof(*info));
    marketing_name(dev, info->marketing_name, sizeof(info->marketing_name));
    snprintf(info->gfx_target, sizeof(info->gfx_target), "%s", dev->chip->target);
    snprintf(info->chip_name, sizeof(info->chip_name), "%s", dev->chip->name);
    snprintf(info->render_path, sizeof(info->render_path), "%s", dev->render_path);
    snprintf(info->pci_slot, sizeof(info->pci_slot), "%s", dev->pci_slot);
    info->pci_device_id = dev->gpu.asic_id;
    info->pci_revision_id = dev->gpu.pci_rev_id;
    info->family_id = dev->gpu.family_id;
    info->chip_external_rev = dev->gpu.chip_external_rev;
    info->drm_version_major = dev->drm_version[0];
    info->drm_version_minor = dev->drm_version[1];
    info->drm_version_patchlevel = dev->drm_version[2];
    info->cu_count = dev->gpu.cu_active_number;
    info->shader_engines = dev->gpu.num_shader_engines;
    info->shader_arrays_per_engine = dev->gpu.num_shader_arrays_per_engine;
    info->wave_lanes = ISA_WAVE_LANES;
    info->max_engine_clock_khz = (uint32_t)dev->gpu.max_engine_clk;
    info->max_memory_clock_khz = (uint32_t)dev->gpu.max_memory_clk;
    info->vram_bit_width = dev->gpu.vram_bit_width;
    info->timestamp_freq_khz = dev->gpu.gpu_counter_freq;
    info->compute_rings = (uint32_t)__builtin_popcount(dev->compute.available_mask);
    info->dma_rings = (uint32_t)__builtin_popcount(dev->dma.available_mask);
    info->simulated = dev->simulated;
    snprintf(info->simulator, sizeof(info->simulator), "%s", dev->simulator);
    return bo_query_heaps(dev, &info->vram, &info->vram_visible, &info->gtt);
}

int amdpm4_device_heap_usage(amdpm4_device *dev, struct amdpm4_heap_usage *usage)
{
    if (!dev || !usage)
        return amdpm4_seterr(-EINVAL, "amdpm4_device_heap_usage: NULL argument");
    pthread_mutex_lock(&dev->lock);
    *usage = dev->usage;
    pthread_mutex_unlock(&dev->lock);
    return 0;
}

uint64_t amdpm4_device_ticks_to_ns(const amdpm4_device *dev, uint64_t ticks)
{
    uint64_t khz = dev && dev->gpu.gpu_counter_freq ? dev->gpu.gpu_counter_freq : 1;

    /* ns = ticks * 1e6 / kHz, split so that the product cannot overflow */
    return ticks / khz * 1000000u + ticks % khz * 1000000u / khz;
}

const char *amdpm4_placement_name(enum amdpm4_placement p)
{
    switch (p) {
    case AMDPM4_VRAM: return "VRAM";
    case AMDPM4_VRAM_VISIBLE: return "visible VRAM";
    case AMDPM4_GTT: return "GTT";
    default: return NULL;
    }
}
