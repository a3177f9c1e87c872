/*
 * bo/staging.c — uploads and downloads for buffers the CPU cannot map
 * (AMDPM4_VRAM): through a GTT staging buffer and SDMA copies on the
 * device's internal transfer queue.
 *
 * SDMA rather than CP DMA: one SDMA COPY_LINEAR moves up to ~1 GiB and the
 * SDMA engines run beside the compute rings, so staging never occupies a
 * compute queue; CP DMA (DMA_DATA) moves at most 32767 bytes per packet on
 * gfx11 (the limit Mesa uses) and runs on the command processor of the ring
 * that carries it.
 *
 * The staging buffer has two halves: while the SDMA engine copies one, the
 * CPU fills (upload) or empties (download) the other.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "bo/bo.h"
#include "pm4/log.h"
#include "pm4/queue.h"

#define BO_STAGING_SLOT_BYTES (4u << 20)
#define BO_STAGING_SLOTS 2u

static int staging_init(amdpm4_device *dev)
{
    int ret;

    if (dev->staging_q && dev->staging_q->lost) {
        /* a failed copy lost the queue: start over on a new one */
        amdpm4_queue_destroy(dev->staging_q);
        dev->staging_q = NULL;
    }
    if (!dev->staging_bo) {
        ret = amdpm4_bo_alloc(dev, BO_STAGING_SLOTS * BO_STAGING_SLOT_BYTES, AMDPM4_GTT,
                              &dev->staging_bo);
        if (ret)
            return amdpm4_adderr(ret, "the staging buffer: ");
    }
    if (!dev->staging_q) {
        ret = pm4_queue_create_internal(dev, AMDPM4_QUEUE_TRANSFER, &dev->staging_q);
        if (ret)
            return amdpm4_adderr(ret, "the staging queue: ");
    }
    return 0;
}

void bo_staging_fini(amdpm4_device *dev)
{
    pthread_mutex_lock(&dev->staging_lock);
    amdpm4_queue_destroy(dev->staging_q);
    amdpm4_bo_free(dev->staging_bo);
    dev->staging_q = NULL;
    dev->staging_bo = NULL;
    pthread_mutex_unlock(&dev->staging_lock);
}

/* Submit the copy of chunk [done, done + n) through slot s. */
static int submit_chunk(amdpm4_device *dev, amdpm4_bo *bo, uint64_t bo_off, unsigned s,
                        uint64_t n, bool to_bo, amdpm4_fence **fence)
{
    amdpm4_queue *q = dev->staging_q;
    uint64_t slot_off = (uint64_t)s * BO_STAGING_SLOT_BYTES;
    int ret = to_bo ? amdpm4_queue_copy(q, bo, bo_off, dev->staging_bo, slot_off, n)
                    : amdpm4_queue_copy(q, dev->staging_bo, slot_off, bo, bo_off, n);

    return ret ? ret : amdpm4_queue_submit(q, fence);
}

static int finish(amdpm4_fence **f)
{
    int ret = 0;

    if (*f) {
        ret = amdpm4_fence_wait(*f, AMDPM4_WAIT_FOREVER);
        amdpm4_fence_release(*f);
        *f = NULL;
    }
    return ret;
}

static int copy_chunks(amdpm4_device *dev, amdpm4_bo *bo, uint64_t offset, uint8_t *host,
                       uint64_t bytes, bool to_bo, amdpm4_fence *slot[BO_STAGING_SLOTS])
{
    uint8_t *stage = dev->staging_bo->cpu;
    uint64_t chunks = (bytes + BO_STAGING_SLOT_BYTES - 1) / BO_STAGING_SLOT_BYTES;
    int ret;

    if (to_bo) {
        /* fill a slot once its previous copy has finished, then copy it */
        for (uint64_t i = 0; i < chunks; i++) {
            unsigned s = (unsigned)(i % BO_STAGING_SLOTS);
            uint64_t done = i * BO_STAGING_SLOT_BYTES;
            uint64_t n = bytes - done < BO_STAGING_SLOT_BYTES ? bytes - done
                                                              : BO_STAGING_SLOT_BYTES;

            if ((ret = finish(&slot[s])))
                return ret;
            memcpy(stage + (uint64_t)s * BO_STAGING_SLOT_BYTES, host + done, n);
            if ((ret = submit_chunk(dev, bo, offset + done, s, n, true, &slot[s])))
                return ret;
        }
        return 0;
    }
    /* download: keep both slots busy; empty each once its copy is done */
    for (uint64_t i = 0; i < chunks + BO_STAGING_SLOTS; i++) {
        if (i >= BO_STAGING_SLOTS && i - BO_STAGING_SLOTS < chunks) {
            uint64_t j = i - BO_STAGING_SLOTS, done = j * BO_STAGING_SLOT_BYTES;
            unsigned s = (unsigned)(j % BO_STAGING_SLOTS);
            uint64_t n = bytes - done < BO_STAGING_SLOT_BYTES ? bytes - done
                                                              : BO_STAGING_SLOT_BYTES;

            if ((ret = finish(&slot[s])))
                return ret;
            memcpy(host + done, stage + (uint64_t)s * BO_STAGING_SLOT_BYTES, n);
        }
        if (i < chunks) {
            uint64_t done = i * BO_STAGING_SLOT_BYTES;
            uint64_t n = bytes - done < BO_STAGING_SLOT_BYTES ? bytes - done
                                                              : BO_STAGING_SLOT_BYTES;

            if ((ret = submit_chunk(dev, bo, offset + done, (unsigned)(i % BO_STAGING_SLOTS), n,
                                    false, &slot[i % BO_STAGING_SLOTS])))
                return ret;
        }
    }
    return 0;
}

int bo_staged_copy(amdpm4_bo *bo, uint64_t offset_bytes, void *host, uint64_t bytes, bool to_bo)
{
    amdpm4_device *dev = bo->dev;
    amdpm4_fence *slot[BO_STAGING_SLOTS] = {NULL};
    int ret, ret2 = 0;

    pthread_mutex_lock(&dev->staging_lock);
    ret = staging_init(dev);
    if (!ret)
        ret = copy_chunks(dev, bo, offset_bytes, host, bytes, to_bo, slot);
    for (unsigned s = 0; s < BO_STAGING_SLOTS; s++) {
        int r = finish(&slot[s]);

        if (!ret2)
            ret2 = r;
    }
    if (!ret)
        ret = ret2;
    pthread_mutex_unlock(&dev->staging_lock);
    if (ret)
        amdpm4_adderr(ret, "staged %s of %" PRIu64 " bytes %s a %s buffer: ",
                      to_bo ? "upload" : "download", bytes, to_bo ? "to" : "from",
                      amdpm4_placement_name(bo->placement));
    return ret;
}
