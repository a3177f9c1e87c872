/*
 * sim/mem.h — the simulated GPU's memory: where buffer objects live and how
 * much of each heap they use.
 *
 * Backing: one memfd of SIM_MEM_SPAN_BYTES, mapped once in the simulator and
 * never unmapped, carved into page-granular extents.  Nothing is reserved
 * until touched; a freed extent is hole-punched, so it returns its memory
 * and reads as zeros to its next owner (amdgpu clears VRAM too).  CPU
 * mappings of a BO map the same memfd range, so the CPU and the GPU see the
 * same bytes.
 *
 * Heaps (accounting only, all backed by the memfd): VRAM with a CPU-visible
 * window at its start, GTT, and CPU.  Placement follows amdgpu_gem_create_ioctl
 * and amdgpu_bo_placement_from_domain: VRAM before GTT before CPU; a VRAM BO
 * with CPU_ACCESS_REQUIRED must lie in the visible window, other VRAM BOs are
 * placed top-down (invisible VRAM first); a failed VRAM-only request is
 * retried without CPU_ACCESS_REQUIRED, then with GTT added.  Simplification:
 * heaps never evict (no TTM eviction or swapping), so a full heap fails over
 * to the next allowed domain, or fails with -ENOMEM.
 */
#ifndef AMDPM4_SIM_MEM_H
#define AMDPM4_SIM_MEM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* The memfd's size: room for every heap full at once.  Where the host
 * refuses to reserve that much address space (ulimit -v, valgrind), the
 * simulator halves it down to SIM_MEM_SPAN_MIN_BYTES; allocations that do
 * not fit the smaller span fail with -ENOMEM. */
#define SIM_MEM_SPAN_BYTES (128ull << 30)
#define SIM_MEM_SPAN_MIN_BYTES (1ull << 30)
#define SIM_MEM_PAGE_BYTES 4096ull

struct sim_mem_extent {
    uint64_t off, len;
};

struct sim_mem {
    pthread_mutex_t lock;
    int memfd;
    uint8_t *base;                    /* the memfd, mapped in the simulator */
    uint64_t span_bytes;
    struct sim_mem_extent *free;      /* free extents sorted by offset, coalesced */
    unsigned nfree, capfree;
    /* heap sizes, bytes */
    uint64_t vram_bytes, vis_bytes, vram_pin_bytes, vis_pin_bytes;
    uint64_t gtt_bytes, gart_pin_bytes;
    /* usage, bytes, including what the kernel keeps pinned */
    uint64_t vram_used, vis_used, gtt_used, cpu_used;
    /* migrations made by CPU mappings (AMDGPU_INFO_NUM_BYTES_MOVED,
     * NUM_VRAM_CPU_PAGE_FAULTS) */
    uint64_t bytes_moved, vram_cpu_page_faults;
};

/* Where one BO lies. */
struct sim_placement {
    uint32_t domain;                  /* one AMDGPU_GEM_DOMAIN_* (VRAM, GTT or CPU) */
    uint64_t vis_bytes;               /* VRAM only: the part in the visible window */
};

/* visible_bytes: the CPU-visible VRAM window (clamped to the VRAM size). */
int sim_mem_init(struct sim_mem *m, uint64_t visible_bytes);
void sim_mem_fini(struct sim_mem *m);

/* Reserve / release `bytes` (page multiple) of backing.  Returns 0 and the
 * memfd offset, or -ENOMEM. */
int sim_mem_backing_alloc(struct sim_mem *m, uint64_t bytes, uint64_t *off);
void sim_mem_backing_free(struct sim_mem *m, uint64_t off, uint64_t bytes);

/* Choose and account a placement for a new BO of `bytes` (page multiple) as
 * amdgpu_gem_create_ioctl would.  domains: AMDGPU_GEM_DOMAIN_* bits (0 means
 * CPU); flags: AMDGPU_GEM_CREATE_*.  Returns 0 or -ENOMEM. */
int sim_mem_place(struct sim_mem *m, uint64_t bytes, uint32_t domains, uint64_t flags,
                  struct sim_placement *out);
void sim_mem_unplace(struct sim_mem *m, uint64_t bytes, const struct sim_placement *p);

/* Make a BO CPU-accessible before the CPU maps it, as a CPU page fault does
 * (amdgpu_bo_fault_reserve_notify): a VRAM BO not wholly in the visible
 * window moves into it if there is room, else to GTT.  Returns 0 (p updated)
 * or -ENOMEM when neither has room (the kernel's SIGBUS). */
int sim_mem_make_cpu_visible(struct sim_mem *m, uint64_t bytes, struct sim_placement *p);

/* Usage snapshot (under the lock). */
struct sim_mem_usage {
    uint64_t vram_used, vis_used, gtt_used;
};
void sim_mem_usage(struct sim_mem *m, struct sim_mem_usage *u);

#endif
