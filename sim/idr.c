/* sim/idr.c — see idr.h.  A flat array: handle counts stay in the thousands. */
#include "sim/idr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int64_t sim_idr_alloc(struct sim_idr *idr, void *p, uint32_t first, uint32_t end)
{
    uint32_t id = first ? first : 1;

    for (; id < idr->cap; id++)
        if (!idr->slots[id])
            break;
    if (end && id >= end)
        return -ENOSPC;
    if (id >= idr->cap) {
        uint32_t cap = idr->cap ? idr->cap : 64;
        void **s;

        while (cap <= id) {
            if (cap > UINT32_MAX / 2)
                return -ENOSPC;
            cap *= 2;
        }
        s = realloc(idr->slots, (size_t)cap * sizeof(*s));
        if (!s)
            return -ENOMEM;
        memset(s + idr->cap, 0, (size_t)(cap - idr->cap) * sizeof(*s));
        idr->slots = s;
        idr->cap = cap;
    }
    idr->slots[id] = p;
    return id;
}

void *sim_idr_find(const struct sim_idr *idr, uint32_t id)
{
    return id && id < idr->cap ? idr->slots[id] : NULL;
}

void *sim_idr_remove(struct sim_idr *idr, uint32_t id)
{
    void *p = sim_idr_find(idr, id);

    if (p)
        idr->slots[id] = NULL;
    return p;
}

void sim_idr_for_each(const struct sim_idr *idr, void (*fn)(uint32_t id, void *p, void *arg),
                      void *arg)
{
    for (uint32_t id = 1; id < idr->cap; id++)
        if (idr->slots[id])
            fn(id, idr->slots[id], arg);
}

void sim_idr_fini(struct sim_idr *idr)
{
    free(idr->slots);
    idr->slots = NULL;
    idr->cap = 0;
}
