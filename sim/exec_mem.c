/* sim/exec_mem.c — see exec_mem.h. */
#include "sim/exec_mem.h"

#include <stdlib.h>

EMU_ANCHOR(mem);

static const char *why(struct sim_vm *vm, uint64_t va, uint32_t access)
{
    struct sim_vm_span s;

    if (!sim_vm_va_canonical(va))
        return "non-canonical";
    if (sim_vm_lookup(vm, va, &s))
        return "unmapped";
    if ((access & SIM_VM_WRITE) && !(s.access & SIM_VM_WRITE))
        return "read-only";
    return "unreadable";
}

static int mem_fault(struct sim_wave *w, uint64_t va, unsigned bytes, uint32_t access)
{
    return exec_fault(w, -EFAULT, SIM_FAULT_VM, va, "%s of %u bytes at %s GPU address 0x%llx",
                      (access & SIM_VM_WRITE) ? "write" : "read", bytes,
                      why(w->disp->vm, va, access), (unsigned long long)va);
}

/* The host address of [va, va+bytes) if it lies in one mapping with the
 * access (caching that mapping in the wave), else NULL. */
static uint8_t *span_ptr(struct sim_wave *w, uint64_t va, unsigned bytes, uint32_t access)
{
    struct sim_vm_span s;

    if (va >= w->mem_va_start && va + bytes <= w->mem_va_end && va + bytes >= va &&
        (w->mem_access & access) == access)
        return w->mem_host + (va - w->mem_va_start);
    if (sim_vm_lookup(w->disp->vm, va, &s) || (s.access & access) != access)
        return NULL;
    w->mem_va_start = s.va_start;
    w->mem_va_end = s.va_end;
    w->mem_host = s.host;
    w->mem_access = s.access;
    if (va + bytes > s.va_end || va + bytes < va)
        return NULL;
    return s.host + (va - s.va_start);
}

int exec_mem_read(struct sim_wave *w, uint64_t va, void *dst, unsigned bytes)
{
    uint8_t *p = span_ptr(w, va, bytes, SIM_VM_READ);
    uint64_t fva = va;

    if (__builtin_expect(p != NULL, 1)) {
        memcpy(dst, p, bytes);
        return EXEC_NEXT;
    }
    if (sim_vm_read(w->disp->vm, va, dst, bytes, &fva))
        return mem_fault(w, fva, bytes, SIM_VM_READ);
    return EXEC_NEXT;
}

int exec_mem_write(struct sim_wave *w, uint64_t va, const void *src, unsigned bytes)
{
    uint8_t *p = span_ptr(w, va, bytes, SIM_VM_WRITE);
    uint64_t fva = va;

    if (__builtin_expect(p != NULL, 1)) {
        memcpy(p, src, bytes);
        return EXEC_NEXT;
    }
    if (sim_vm_write(w->disp->vm, va, src, bytes, &fva))
        return mem_fault(w, fva, bytes, SIM_VM_WRITE);
    return EXEC_NEXT;
}

void *exec_mem_atomic_ptr(struct sim_wave *w, uint64_t va, unsigned bytes, uint32_t access)
{
    uint8_t *p;

    if (va & (bytes - 1)) {
        exec_fault(w, -EFAULT, SIM_FAULT_VM, va, "misaligned %u-byte atomic at GPU address 0x%llx",
                   bytes, (unsigned long long)va);
        return NULL;
    }
    p = span_ptr(w, va, bytes, access);
    if (!p)
        mem_fault(w, va, bytes, access);
    return p;
}

/* ---------------------------------------------------------------- LDS */

int exec_lds_oob(struct sim_wave *w, uint64_t addr, unsigned bytes, bool write)
{
    if (w->disp->strict_lds)
        return exec_fault(w, -EFAULT, SIM_FAULT_VM, addr,
                          "LDS %s of %u bytes at address 0x%llx beyond the %u bytes "
                          "COMPUTE_PGM_RSRC2.LDS_SIZE allocates (AMDPM4_SIM_STRICT_LDS)",
                          write ? "write" : "read", bytes, (unsigned long long)addr,
                          w->wg->lds_bytes);
    w->st->lds_oob_accesses++;
    return EXEC_NEXT;
}

int exec_lds_xfer_oob(struct sim_wave *w, uint64_t addr, void *buf, unsigned bytes, bool write,
                      bool whole)
{
    uint8_t *lds = w->wg->lds, *b = buf;
    unsigned elem = (whole || bytes < 4) ? bytes : 4, in = 0;
    int r = exec_lds_oob(w, addr, bytes, write);

    if (r)
        return r;
    for (unsigned k = 0; k < bytes; k += elem) {
        if (exec_lds_in_range(w, addr + k, elem)) {
            if (write)
                memcpy(lds + addr + k, b + k, elem);
            else
                memcpy(b + k, lds + addr + k, elem);
            in += elem;
        } else if (!write) {
            memset(b + k, 0, elem);
        }
    }
    if (write)
        w->st->lds_bytes_written += in;
    else
        w->st->lds_bytes_read += in;
    return EXEC_NEXT;
}

/* ---------------------------------------------------------------- atomic operations */

/* One definition for both element widths: T the unsigned type, S the
 * signed one, F the float type and TOF/FROMF its bit conversions. */
#define ATOMIC_OP(name, T, S, F, TOF, FROMF)                                   \
    T name(enum exec_atomic op, T old, T d, T d2)                              \
    {                                                                          \
        switch (op) {                                                          \
        case EXEC_AT_SWAP: return d;                                           \
        case EXEC_AT_CMPSWAP: return old == d2 ? d : old;                      \
        case EXEC_AT_ADD: return old + d;                                      \
        case EXEC_AT_SUB: return old - d;                                      \
        case EXEC_AT_RSUB: return d - old;                                     \
        case EXEC_AT_CSUB: return old < d ? 0 : old - d;                       \
        case EXEC_AT_MIN_I: return (S)d < (S)old ? d : old;                    \
        case EXEC_AT_MIN_U: return d < old ? d : old;                          \
        case EXEC_AT_MAX_I: return (S)d >= (S)old ? d : old;                   \
        case EXEC_AT_MAX_U: return d >= old ? d : old;                         \
        case EXEC_AT_AND: return old & d;                                      \
        case EXEC_AT_OR: return old | d;                                       \
        case EXEC_AT_XOR: return old ^ d;                                      \
        case EXEC_AT_INC: return old >= d ? 0 : old + 1;                       \
        case EXEC_AT_DEC: return (old == 0 || old > d) ? d : old - 1;          \
        case EXEC_AT_MSKOR: return (old & ~d) | d2;                            \
        case EXEC_AT_WRAP: return old >= d ? old - d : old + d2;               \
        case EXEC_AT_CMPSWAP_F: return TOF(old) == TOF(d2) ? d : old;          \
        case EXEC_AT_MIN_F: return TOF(d) < TOF(old) ? d : old;                \
        case EXEC_AT_MAX_F: return TOF(d) > TOF(old) ? d : old;                \
        case EXEC_AT_ADD_F: return FROMF((F)(TOF(old) + TOF(d)));              \
        }                                                                      \
        return old;                                                            \
    }

ATOMIC_OP(exec_atomic32, uint32_t, int32_t, float, u2f, f2u)
ATOMIC_OP(exec_atomic64, uint64_t, int64_t, double, u2d, d2u)

#define ATOMIC_AT(name, T, apply)                                                   \
    T name(T *p, enum exec_atomic op, T d, T d2)                                    \
    {                                                                               \
        T old = __atomic_load_n(p, __ATOMIC_RELAXED);                               \
                                                                                    \
        while (!__atomic_compare_exchange_n(p, &old, apply(op, old, d, d2), false,  \
                                            __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))    \
            ;                                                                       \
        return old;                                                                 \
    }

ATOMIC_AT(exec_atomic32_at, uint32_t, exec_atomic32)
ATOMIC_AT(exec_atomic64_at, uint64_t, exec_atomic64)

/* ---------------------------------------------------------------- load results */

int exec_load_result(struct sim_wave *w, enum exec_counter c, unsigned vdst, unsigned count,
                     uint32_t mask, const uint32_t (*rows)[SIM_WAVE_LANES])
{
    return exec_load_result_bits(w, c, vdst, count, mask, ~0u, rows);
}

int exec_load_result_bits(struct sim_wave *w, enum exec_counter c, unsigned vdst,
                          unsigned count, uint32_t mask, uint32_t bits,
                          const uint32_t (*rows)[SIM_WAVE_LANES])
{
    /* Without strict waitcnt the rows already hold the kept half. */
    if (w->disp->strict_waitcnt)
        return exec_pending_add(w, c, false, false, vdst, count, mask, bits, &rows[0][0]);
    for (unsigned k = 0; k < count; k++) {
        uint32_t *d = w->v[vdst + k];
        if (mask == ~0u) {
            memcpy(d, rows[k], sizeof(rows[k]));
        } else {
            for (unsigned l = 0; l < SIM_WAVE_LANES; l++)
                if ((mask >> l) & 1)
                    d[l] = rows[k][l];
        }
        if (w->tracing)
            exec_trace_note_vgpr(w, vdst + k);
    }
    return EXEC_NEXT;
}
