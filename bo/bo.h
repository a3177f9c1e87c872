/*
 * bo/bo.h — buffer objects (amdpm4_bo) and programs (amdpm4_program) as the
 * rest of the library sees them.
 */
#ifndef AMDPM4_BO_BO_H
#define AMDPM4_BO_BO_H

#include <stddef.h>
#include <stdint.h>

#include <amdgpu.h>

#include "amdpm4.h"
#include "bo/device.h"

#define BO_PAGE_BYTES 4096u
/* Largest VA alignment a caller may ask for. */
#define BO_MAX_ALIGN_BYTES (1ull << 30)

struct amdpm4_bo {
    struct bo_link link;               /* in dev->bos */
    amdpm4_device *dev;
    amdgpu_bo_handle handle;
    amdgpu_va_handle va_handle;
    uint32_t kms_handle;               /* GEM handle, for BO lists */
    uint64_t va;
    uint64_t size_bytes;               /* asked for */
    uint64_t alloc_bytes;              /* page multiple */
    enum amdpm4_placement placement;
    void *cpu;                         /* CPU mapping; NULL for AMDPM4_VRAM */
};

static inline amdpm4_bo *bo_from_link(struct bo_link *l)
{
    return (amdpm4_bo *)((char *)l - offsetof(amdpm4_bo, link));
}

/* Copy between the host and a buffer through the staging path (bo/staging.c):
 * to_bo true uploads host -> bo.  The range is already checked. */
int bo_staged_copy(amdpm4_bo *bo, uint64_t offset_bytes, void *host, uint64_t bytes, bool to_bo);

/* Programs (bo/program.c). */
struct amdpm4_program;
struct amdpm4_program *bo_program_from_link(struct bo_link *l);

#endif
