/*
 * sim/vm.h — the simulated GPU's virtual address space (one per DRM file,
 * as amdgpu gives each file its own VM).
 *
 * A VM is a sparse set of page-granular mappings [va_start, va_end) onto host
 * memory: the bytes of a buffer object, which the driver side keeps mapped in
 * the simulator for the BO's whole life.  The command processor, the SDMA
 * engine and the wave executor reach GPU memory only through here; a VA with
 * no mapping, or without the permission, is a VM fault.
 *
 * Thread safety: lookups may run on any engine thread concurrently with
 * map/unmap from the ioctl thread (a reader/writer lock).  A span returned by
 * sim_vm_lookup() stays safe to dereference after a concurrent unmap: BO
 * backing memory is never unmapped from the simulator while the process
 * lives, only recycled (as on hardware, racing an unmap against a running
 * kernel gives undefined data, never a host crash).
 */
#ifndef AMDPM4_SIM_VM_H
#define AMDPM4_SIM_VM_H

#include <stdbool.h>
#include <stdint.h>

#define SIM_VM_PAGE_BYTES 4096ull
#define SIM_VM_VA_BITS 48

enum sim_vm_access {
    SIM_VM_READ = 1u << 0,
    SIM_VM_WRITE = 1u << 1,
    SIM_VM_EXEC = 1u << 2,
};

/* One mapping, or the part of one a lookup found. */
struct sim_vm_span {
    uint64_t va_start, va_end;  /* [va_start, va_end), page aligned */
    uint8_t *host;              /* host address of va_start */
    uint32_t access;            /* enum sim_vm_access bits */
    uint32_t bo_handle;         /* the GEM handle mapped here (for messages) */
    uint64_t bo_offset_bytes;   /* offset of va_start inside the BO */
};

struct sim_vm;

struct sim_vm *sim_vm_create(void);
void sim_vm_destroy(struct sim_vm *vm);

/* Map [va, va+bytes) onto host.  va and bytes page aligned, bytes > 0, the
 * range inside the 48-bit space (or the high half, sign-extended) and free.
 * Returns 0, -EINVAL (unaligned, out of range, overlap) or -ENOMEM. */
int sim_vm_map(struct sim_vm *vm, uint64_t va, uint64_t bytes, uint8_t *host, uint32_t access,
               uint32_t bo_handle, uint64_t bo_offset_bytes);

/* Remove the mapping that starts exactly at va and belongs to bo_handle
 * (amdgpu's AMDGPU_VA_OP_UNMAP).  Returns 0 or -ENOENT. */
int sim_vm_unmap(struct sim_vm *vm, uint64_t va, uint32_t bo_handle);

/* Remove every mapping inside [va, va+bytes), splitting those that straddle
 * its ends (AMDGPU_VA_OP_CLEAR, and the first half of OP_REPLACE).
 * Returns 0 or -EINVAL / -ENOMEM. */
int sim_vm_clear(struct sim_vm *vm, uint64_t va, uint64_t bytes);

/* Remove every mapping of bo_handle (GEM_CLOSE).  Returns how many. */
int sim_vm_unmap_bo(struct sim_vm *vm, uint32_t bo_handle);

/* Find the mapping containing va.  Returns 0 and fills *out, or -EFAULT. */
int sim_vm_lookup(struct sim_vm *vm, uint64_t va, struct sim_vm_span *out);

/* Copy between GPU memory and the host, across mapping boundaries.  Each
 * needs the given access on every byte; on failure returns -EFAULT with
 * *fault_va (if non-NULL) the first byte that failed, and nothing is
 * guaranteed about how much was copied. */
int sim_vm_read(struct sim_vm *vm, uint64_t va, void *dst, uint64_t bytes, uint64_t *fault_va);
int sim_vm_write(struct sim_vm *vm, uint64_t va, const void *src, uint64_t bytes,
                 uint64_t *fault_va);

/* Fast path: a host pointer to [va, va+bytes) when it lies in one mapping
 * with the access, else NULL.  A NULL does not by itself mean a fault (the
 * range may continue in the next mapping): fall back to sim_vm_read/write,
 * which say precisely which byte faults. */
void *sim_vm_ptr(struct sim_vm *vm, uint64_t va, uint64_t bytes, uint32_t access);

/* Number of mappings (tests). */
unsigned sim_vm_count(struct sim_vm *vm);

/* Canonical form of a GPU VA: bits above 47 must all equal bit 47. */
bool sim_vm_va_canonical(uint64_t va);

#endif
