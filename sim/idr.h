/*
 * sim/idr.h — small integer handles, allocated lowest-free-first the way the
 * kernel's idr_alloc() hands out GEM handles, context ids, BO list handles
 * and syncobj handles (so the ids a program sees match real amdgpu).
 *
 * Not thread safe: the owner holds its lock.
 */
#ifndef AMDPM4_SIM_IDR_H
#define AMDPM4_SIM_IDR_H

#include <stdint.h>

struct sim_idr {
    void **slots;      /* slots[id], NULL when free; id 0 is never used */
    uint32_t cap;      /* number of slots */
};

/* Store p under the lowest free id in [first, end) (end 0: no upper bound).
 * Returns the id, -ENOSPC when the range is full, or -ENOMEM. */
int64_t sim_idr_alloc(struct sim_idr *idr, void *p, uint32_t first, uint32_t end);

/* The pointer stored under id, or NULL. */
void *sim_idr_find(const struct sim_idr *idr, uint32_t id);

/* Remove id; returns what was stored there (NULL if nothing). */
void *sim_idr_remove(struct sim_idr *idr, uint32_t id);

/* Call fn on every stored pointer (fn may not modify the table). */
void sim_idr_for_each(const struct sim_idr *idr, void (*fn)(uint32_t id, void *p, void *arg),
                      void *arg);

void sim_idr_fini(struct sim_idr *idr);

#endif
