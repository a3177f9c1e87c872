/* sim/engine.c — see engine.h. */
#include "sim/engine.h"

#include <errno.h>
#include <string.h>

#include "pm4/pm4_table.h"
#include "sim/clock.h"

int sim_engine_copy(struct sim_vm *vm, uint64_t dst_va, uint64_t src_va, uint64_t bytes,
                    uint64_t *fault_va, bool *fault_write)
{
    while (bytes) {
        struct sim_vm_span s, d;
        uint64_t n;

        if (sim_vm_lookup(vm, src_va, &s) || !(s.access & SIM_VM_READ)) {
            *fault_va = src_va;
            *fault_write = false;
            return -EFAULT;
        }
        if (sim_vm_lookup(vm, dst_va, &d) || !(d.access & SIM_VM_WRITE)) {
            *fault_va = dst_va;
            *fault_write = true;
            return -EFAULT;
        }
        n = bytes;
        if (n > s.va_end - src_va)
            n = s.va_end - src_va;
        if (n > d.va_end - dst_va)
            n = d.va_end - dst_va;
        memmove(d.host + (dst_va - d.va_start), s.host + (src_va - s.va_start), n);
        src_va += n;
        dst_va += n;
        bytes -= n;
    }
    return 0;
}

int sim_engine_fill(struct sim_vm *vm, uint64_t dst_va, uint32_t pattern, uint64_t bytes,
                    uint64_t *fault_va)
{
    uint8_t pat[4];
    uint64_t done = 0;

    memcpy(pat, &pattern, 4);
    while (done < bytes) {
        struct sim_vm_span d;
        uint64_t va = dst_va + done, n;
        uint8_t *h;

        if (sim_vm_lookup(vm, va, &d) || !(d.access & SIM_VM_WRITE)) {
            *fault_va = va;
            return -EFAULT;
        }
        n = bytes - done;
        if (n > d.va_end - va)
            n = d.va_end - va;
        h = d.host + (va - d.va_start);
        if (pattern == 0) {
            memset(h, 0, n);
        } else {
            for (uint64_t i = 0; i < n; i++)
                h[i] = pat[(done + i) & 3];
        }
        done += n;
    }
    return 0;
}

bool sim_engine_compare(unsigned function, uint32_t value, uint32_t mask, uint32_t ref,
                        bool *valid)
{
    uint32_t v = value & mask;

    *valid = true;
    switch (function) {
    case PM4_FUNCTION_ALWAYS: return true;
    case PM4_FUNCTION_LT: return v < ref;
    case PM4_FUNCTION_LE: return v <= ref;
    case PM4_FUNCTION_EQ: return v == ref;
    case PM4_FUNCTION_NE: return v != ref;
    case PM4_FUNCTION_GE: return v >= ref;
    case PM4_FUNCTION_GT: return v > ref;
    default:
        *valid = false;
        return false;
    }
}

void sim_engine_poll_sleep(uint64_t *backoff_ns, uint64_t deadline_ns)
{
    uint64_t now = sim_now_ns(), until;

    *backoff_ns = *backoff_ns ? *backoff_ns * 2 : 1000;
    if (*backoff_ns > 1000000)
        *backoff_ns = 1000000;
    until = now + *backoff_ns;
    if (until > deadline_ns)
        until = deadline_ns;
    if (until > now)
        sim_sleep_until_ns(until);
}
