/*
 * bo/device.h — the device object behind amdpm4_device (include/amdpm4.h)
 * and what the rest of the library shares about it.
 *
 * A device is one opened render node with its libdrm_amdgpu handle, the
 * identity and capabilities read once at open, the objects created in it
 * (buffers, programs, queues: closed with it) and this process's per-heap
 * accounting.  dev->lock guards the object lists and the accounting;
 * dev->staging_lock serialises staged uploads and downloads (bo/staging.c).
 */
#ifndef AMDPM4_BO_DEVICE_H
#define AMDPM4_BO_DEVICE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <amdgpu.h>

#include "amdpm4.h"

/* An intrusive doubly linked list (the device's object lists). */
struct bo_link {
    struct bo_link *prev, *next;
};

void bo_link_init(struct bo_link *head);
void bo_link_add(struct bo_link *head, struct bo_link *node);
void bo_link_del(struct bo_link *node);
static inline bool bo_link_empty(const struct bo_link *head)
{
    return head->next == head;
}

/* A chip of the gpu_ids.def table. */
struct bo_chip {
    uint32_t family_id;
    uint32_t rev_lo, rev_hi;   /* external_rev in [rev_lo, rev_hi) */
    const char *target;        /* "gfx1100" */
    const char *name;          /* "navi31" */
};

/* The gfx11 chip with this family and external revision, or NULL. */
const struct bo_chip *bo_chip_lookup(uint32_t family_id, uint32_t external_rev);
/* What a family is ("gfx10 (RDNA 1/2)"), or NULL when the table lacks it. */
const char *bo_family_generation(uint32_t family_id);

/* One hardware IP's rings as HW_IP_INFO reports them. */
struct bo_ip_rings {
    uint32_t available_mask;           /* available_rings */
    uint32_t ib_start_align_bytes;     /* ib_start_alignment */
    uint32_t ib_size_align_dw;         /* IB size granule in dwords (>= 1) */
};

struct amdpm4_device {
    amdgpu_device_handle adev;
    int fd;                            /* our open() of the node */
    char render_path[64];
    char pci_slot[32];
    uint32_t drm_version[3];
    struct amdgpu_gpu_info gpu;
    const struct bo_chip *chip;
    struct bo_ip_rings compute, dma;
    bool simulated;
    char simulator[64];

    pthread_mutex_t lock;              /* lists, accounting, next_queue_id */
    struct bo_link bos, programs, queues;
    struct amdpm4_heap_usage usage;
    unsigned next_queue_id;

    /* staged transfers (bo/staging.c), under staging_lock */
    pthread_mutex_t staging_lock;
    struct amdpm4_queue *staging_q;
    struct amdpm4_bo *staging_bo;
};

/* Heap accounting of one buffer (dev->lock taken inside). */
void bo_account_alloc(amdpm4_device *dev, enum amdpm4_placement p, uint64_t alloc_bytes);
void bo_account_free(amdpm4_device *dev, enum amdpm4_placement p, uint64_t alloc_bytes);

/* The three heaps as AMDGPU_INFO_MEMORY reports them now. */
int bo_query_heaps(amdpm4_device *dev, struct amdpm4_heap_info *vram,
                   struct amdpm4_heap_info *vram_visible, struct amdpm4_heap_info *gtt);

/* "1.5 GiB", "300 MiB", "4 KiB", "17 bytes" into buf. */
const char *bo_format_bytes(uint64_t bytes, char *buf, size_t buf_bytes);

/* Staging teardown at device close (bo/staging.c). */
void bo_staging_fini(amdpm4_device *dev);

#endif
