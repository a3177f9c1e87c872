/* sim/mem.c — see mem.h. */
#include "sim/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <amdgpu_drm.h>

#include "sim/navi31.h"

int sim_mem_init(struct sim_mem *m, uint64_t visible_bytes)
{
    const struct sim_navi31 *d = &sim_navi31;

    memset(m, 0, sizeof(*m));
    m->memfd = (int)syscall(SYS_memfd_create, "amdpm4-sim-memory", MFD_CLOEXEC);
    if (m->memfd < 0)
        return -errno;
    for (m->span_bytes = SIM_MEM_SPAN_BYTES;; m->span_bytes /= 2) {
        if (ftruncate(m->memfd, (off_t)m->span_bytes) < 0)
            goto fail;
        m->base = mmap(NULL, m->span_bytes, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_NORESERVE, m->memfd, 0);
        if (m->base != MAP_FAILED)
            break;
        if (m->span_bytes <= SIM_MEM_SPAN_MIN_BYTES)
            goto fail;
    }
    m->free = malloc(64 * sizeof(*m->free));
    if (!m->free) {
        munmap(m->base, m->span_bytes);
        errno = ENOMEM;
        goto fail;
    }
    m->capfree = 64;
    m->nfree = 1;
    m->free[0] = (struct sim_mem_extent){0, m->span_bytes};
    pthread_mutex_init(&m->lock, NULL);

    m->vram_bytes = d->real_vram_bytes;
    m->vis_bytes = visible_bytes < m->vram_bytes ? visible_bytes & ~(SIM_MEM_PAGE_BYTES - 1)
                                                 : m->vram_bytes;
    /* What the kernel keeps pinned for itself (firmware, page tables) sits in
     * the visible window. */
    m->vram_pin_bytes = d->vram_pin_bytes;
    m->vis_pin_bytes = d->vram_pin_bytes < m->vis_bytes ? d->vram_pin_bytes : m->vis_bytes;
    m->gtt_bytes = d->gtt_bytes;
    m->gart_pin_bytes = d->gart_pin_bytes;
    m->vram_used = m->vram_pin_bytes;
    m->vis_used = m->vis_pin_bytes;
    m->gtt_used = m->gart_pin_bytes;
    return 0;
fail:
    {
        int e = errno;
        close(m->memfd);
        m->memfd = -1;
        return -e;
    }
}

void sim_mem_fini(struct sim_mem *m)
{
    if (m->base)
        munmap(m->base, m->span_bytes);
    if (m->memfd >= 0)
        close(m->memfd);
    free(m->free);
    pthread_mutex_destroy(&m->lock);
    memset(m, 0, sizeof(*m));
    m->memfd = -1;
}

/* ---------------------------------------------------------------- backing extents */

int sim_mem_backing_alloc(struct sim_mem *m, uint64_t bytes, uint64_t *off)
{
    int ret = -ENOMEM;

    if (!bytes || bytes & (SIM_MEM_PAGE_BYTES - 1))
        return -EINVAL;
    pthread_mutex_lock(&m->lock);
    for (unsigned i = 0; i < m->nfree; i++) {
        struct sim_mem_extent *e = &m->free[i];

        if (e->len < bytes)
            continue;
        *off = e->off;
        e->off += bytes;
        e->len -= bytes;
        if (!e->len) {
            memmove(e, e + 1, (m->nfree - i - 1) * sizeof(*e));
            m->nfree--;
        }
        ret = 0;
        break;
    }
    pthread_mutex_unlock(&m->lock);
    return ret;
}

void sim_mem_backing_free(struct sim_mem *m, uint64_t off, uint64_t bytes)
{
    unsigned i;

    /* Give the pages back and make the range read as zeros. */
    if (fallocate(m->memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off,
                  (off_t)bytes) < 0)
        memset(m->base + off, 0, bytes);
    pthread_mutex_lock(&m->lock);
    for (i = 0; i < m->nfree && m->free[i].off < off; i++)
        ;
    /* merge with the previous and/or next extent, else insert */
    if (i > 0 && m->free[i - 1].off + m->free[i - 1].len == off) {
        m->free[i - 1].len += bytes;
        if (i < m->nfree && off + bytes == m->free[i].off) {
            m->free[i - 1].len += m->free[i].len;
            memmove(&m->free[i], &m->free[i + 1], (m->nfree - i - 1) * sizeof(m->free[0]));
            m->nfree--;
        }
    } else if (i < m->nfree && off + bytes == m->free[i].off) {
        m->free[i].off = off;
        m->free[i].len += bytes;
    } else {
        if (m->nfree == m->capfree) {
            struct sim_mem_extent *f = realloc(m->free, 2 * m->capfree * sizeof(*f));

            if (!f) {
                /* Out of host memory for bookkeeping: the extent is leaked
                 * (its pages were already returned above). */
                pthread_mutex_unlock(&m->lock);
                return;
            }
            m->free = f;
            m->capfree *= 2;
        }
        memmove(&m->free[i + 1], &m->free[i], (m->nfree - i) * sizeof(m->free[0]));
        m->free[i] = (struct sim_mem_extent){off, bytes};
        m->nfree++;
    }
    pthread_mutex_unlock(&m->lock);
}

/* ---------------------------------------------------------------- heaps */

/* amdgpu_bo_validate_size(): the request must be smaller than the heap it
 * may fall back to (GTT if allowed, else VRAM); CPU is not checked by the
 * kernel, the simulator bounds it by the GTT size. */
static bool size_valid(const struct sim_mem *m, uint64_t bytes, uint32_t domains)
{
    if (domains & AMDGPU_GEM_DOMAIN_GTT)
        return bytes < m->gtt_bytes;
    if (domains & AMDGPU_GEM_DOMAIN_VRAM)
        return bytes < m->vram_bytes;
    return bytes < m->gtt_bytes;
}

static bool try_vram(struct sim_mem *m, uint64_t bytes, bool cpu_access, struct sim_placement *p)
{
    uint64_t free_vis = m->vis_bytes - m->vis_used;
    uint64_t free_all = m->vram_bytes - m->vram_used;
    uint64_t free_invis = free_all - free_vis;
    uint64_t vis;

    if (cpu_access) {
        if (free_vis < bytes)
            return false;
        vis = bytes;
    } else {
        /* top-down: invisible VRAM first, the rest from the window */
        uint64_t invis = bytes < free_invis ? bytes : free_invis;

        vis = bytes - invis;
        if (free_vis < vis)
            return false;
    }
    m->vram_used += bytes;
    m->vis_used += vis;
    p->domain = AMDGPU_GEM_DOMAIN_VRAM;
    p->vis_bytes = vis;
    return true;
}

static int try_place(struct sim_mem *m, uint64_t bytes, uint32_t domains, uint64_t flags,
                     struct sim_placement *p)
{
    if (!size_valid(m, bytes, domains))
        return -ENOMEM;
    if ((domains & AMDGPU_GEM_DOMAIN_VRAM) &&
        try_vram(m, bytes, flags & AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED, p))
        return 0;
    if ((domains & AMDGPU_GEM_DOMAIN_GTT) && m->gtt_bytes - m->gtt_used >= bytes) {
        m->gtt_used += bytes;
        *p = (struct sim_placement){AMDGPU_GEM_DOMAIN_GTT, 0};
        return 0;
    }
    if ((domains & AMDGPU_GEM_DOMAIN_CPU || !(domains & (AMDGPU_GEM_DOMAIN_VRAM |
                                                          AMDGPU_GEM_DOMAIN_GTT))) &&
        m->gtt_bytes - m->cpu_used >= bytes) {
        m->cpu_used += bytes;
        *p = (struct sim_placement){AMDGPU_GEM_DOMAIN_CPU, 0};
        return 0;
    }
    return -ENOMEM;
}

int sim_mem_place(struct sim_mem *m, uint64_t bytes, uint32_t domains, uint64_t flags,
                  struct sim_placement *out)
{
    int ret;

    pthread_mutex_lock(&m->lock);
    for (;;) {
        ret = try_place(m, bytes, domains, flags, out);
        if (!ret)
            break;
        /* amdgpu_gem_create_ioctl's retries */
        if (flags & AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED) {
            flags &= ~(uint64_t)AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED;
            continue;
        }
        if (domains == AMDGPU_GEM_DOMAIN_VRAM) {
            domains |= AMDGPU_GEM_DOMAIN_GTT;
            continue;
        }
        break;
    }
    pthread_mutex_unlock(&m->lock);
    return ret;
}

static void unplace_locked(struct sim_mem *m, uint64_t bytes, const struct sim_placement *p)
{
    switch (p->domain) {
    case AMDGPU_GEM_DOMAIN_VRAM:
        m->vram_used -= bytes;
        m->vis_used -= p->vis_bytes;
        break;
    case AMDGPU_GEM_DOMAIN_GTT:
        m->gtt_used -= bytes;
        break;
    default:
        m->cpu_used -= bytes;
        break;
    }
}

void sim_mem_unplace(struct sim_mem *m, uint64_t bytes, const struct sim_placement *p)
{
    pthread_mutex_lock(&m->lock);
    unplace_locked(m, bytes, p);
    pthread_mutex_unlock(&m->lock);
}

int sim_mem_make_cpu_visible(struct sim_mem *m, uint64_t bytes, struct sim_placement *p)
{
    int ret = 0;

    pthread_mutex_lock(&m->lock);
    if (p->domain == AMDGPU_GEM_DOMAIN_VRAM && p->vis_bytes < bytes) {
        m->vram_cpu_page_faults++;
        /* TTM allocates the new placement before it frees the old one. */
        if (m->vis_bytes - m->vis_used >= bytes) {
            m->vis_used += bytes - p->vis_bytes;
            m->bytes_moved += bytes - p->vis_bytes;
            p->vis_bytes = bytes;
        } else if (m->gtt_bytes - m->gtt_used >= bytes) {
            unplace_locked(m, bytes, p);
            m->gtt_used += bytes;
            m->bytes_moved += bytes;
            *p = (struct sim_placement){AMDGPU_GEM_DOMAIN_GTT, 0};
        } else {
            ret = -ENOMEM;
        }
    }
    pthread_mutex_unlock(&m->lock);
    return ret;
}

void sim_mem_usage(struct sim_mem *m, struct sim_mem_usage *u)
{
    pthread_mutex_lock(&m->lock);
    u->vram_used = m->vram_used;
    u->vis_used = m->vis_used;
    u->gtt_used = m->gtt_used;
    pthread_mutex_unlock(&m->lock);
}
