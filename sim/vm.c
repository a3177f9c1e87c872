/*
 * sim/vm.c — see vm.h.  Mappings are kept in an array sorted by va_start;
 * lookups are a binary search under a read lock.  A VM holds at most a few
 * thousand mappings (one per BO), so the array is the simplest structure that
 * is fast enough.
 */
#include "sim/vm.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct sim_vm {
    pthread_rwlock_t lock;
    struct sim_vm_span *spans;  /* sorted by va_start, non-overlapping */
    unsigned count, cap;
};

#define VA_LOW_END (1ull << (SIM_VM_VA_BITS - 1))        /* 0x0000_8000_0000_0000 */
#define VA_HIGH_START (~0ull << (SIM_VM_VA_BITS - 1))    /* 0xFFFF_8000_0000_0000 */

bool sim_vm_va_canonical(uint64_t va)
{
    return va < VA_LOW_END || va >= VA_HIGH_START;
}

struct sim_vm *sim_vm_create(void)
{
    struct sim_vm *vm = calloc(1, sizeof(*vm));

    if (!vm)
        return NULL;
    if (pthread_rwlock_init(&vm->lock, NULL)) {
        free(vm);
        return NULL;
    }
    return vm;
}

void sim_vm_destroy(struct sim_vm *vm)
{
    if (!vm)
        return;
    pthread_rwlock_destroy(&vm->lock);
    free(vm->spans);
    free(vm);
}

/* Index of the first span with va_end > va (the one containing va, if any). */
static unsigned first_ending_after(const struct sim_vm *vm, uint64_t va)
{
    unsigned lo = 0, hi = vm->count;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (vm->spans[mid].va_end <= va)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int reserve(struct sim_vm *vm, unsigned extra)
{
    if (vm->count + extra > vm->cap) {
        unsigned cap = vm->cap ? vm->cap * 2 : 64;
        struct sim_vm_span *s;

        while (cap < vm->count + extra)
            cap *= 2;
        s = realloc(vm->spans, cap * sizeof(*s));
        if (!s)
            return -ENOMEM;
        vm->spans = s;
        vm->cap = cap;
    }
    return 0;
}

static void insert_at(struct sim_vm *vm, unsigned i, const struct sim_vm_span *s)
{
    memmove(&vm->spans[i + 1], &vm->spans[i], (vm->count - i) * sizeof(*s));
    vm->spans[i] = *s;
    vm->count++;
}

static void remove_at(struct sim_vm *vm, unsigned i)
{
    memmove(&vm->spans[i], &vm->spans[i + 1], (vm->count - i - 1) * sizeof(vm->spans[0]));
    vm->count--;
}

static bool range_valid(uint64_t va, uint64_t bytes)
{
    uint64_t end = va + bytes;

    if (!bytes || (va | bytes) & (SIM_VM_PAGE_BYTES - 1) || end < va)
        return false;
    /* The whole range must sit in one canonical half. */
    if (va < VA_LOW_END)
        return end <= VA_LOW_END;
    return va >= VA_HIGH_START;  /* end cannot wrap: checked above */
}

int sim_vm_map(struct sim_vm *vm, uint64_t va, uint64_t bytes, uint8_t *host, uint32_t access,
               uint32_t bo_handle, uint64_t bo_offset_bytes)
{
    struct sim_vm_span s = {
        .va_start = va, .va_end = va + bytes, .host = host, .access = access,
        .bo_handle = bo_handle, .bo_offset_bytes = bo_offset_bytes,
    };
    unsigned i;
    int ret = 0;

    if (!range_valid(va, bytes) || !host)
        return -EINVAL;
    pthread_rwlock_wrlock(&vm->lock);
    i = first_ending_after(vm, va);
    if (i < vm->count && vm->spans[i].va_start < s.va_end)
        ret = -EINVAL;                          /* overlaps an existing mapping */
    else if (!(ret = reserve(vm, 1)))
        insert_at(vm, i, &s);
    pthread_rwlock_unlock(&vm->lock);
    return ret;
}

int sim_vm_unmap(struct sim_vm *vm, uint64_t va, uint32_t bo_handle)
{
    unsigned i;
    int ret = -ENOENT;

    pthread_rwlock_wrlock(&vm->lock);
    i = first_ending_after(vm, va);
    if (i < vm->count && vm->spans[i].va_start == va && vm->spans[i].bo_handle == bo_handle) {
        remove_at(vm, i);
        ret = 0;
    }
    pthread_rwlock_unlock(&vm->lock);
    return ret;
}

int sim_vm_clear(struct sim_vm *vm, uint64_t va, uint64_t bytes)
{
    uint64_t end = va + bytes;
    unsigned i;
    int ret = 0;

    if (!range_valid(va, bytes))
        return -EINVAL;
    pthread_rwlock_wrlock(&vm->lock);
    /* A span strictly containing the range splits in two: needs one slot. */
    if ((ret = reserve(vm, 1)))
        goto out;
    i = first_ending_after(vm, va);
    while (i < vm->count && vm->spans[i].va_start < end) {
        struct sim_vm_span *s = &vm->spans[i];

        if (s->va_start < va && s->va_end > end) {          /* split: keep both ends */
            struct sim_vm_span tail = *s;
            uint64_t cut = end - s->va_start;

            tail.va_start = end;
            tail.host += cut;
            tail.bo_offset_bytes += cut;
            s->va_end = va;
            insert_at(vm, i + 1, &tail);
            break;
        } else if (s->va_start < va) {                      /* keep the head */
            s->va_end = va;
            i++;
        } else if (s->va_end > end) {                       /* keep the tail */
            uint64_t cut = end - s->va_start;

            s->va_start = end;
            s->host += cut;
            s->bo_offset_bytes += cut;
            break;
        } else {                                            /* wholly inside */
            remove_at(vm, i);
        }
    }
out:
    pthread_rwlock_unlock(&vm->lock);
    return ret;
}

int sim_vm_unmap_bo(struct sim_vm *vm, uint32_t bo_handle)
{
    unsigned i = 0;
    int n = 0;

    pthread_rwlock_wrlock(&vm->lock);
    while (i < vm->count) {
        if (vm->spans[i].bo_handle == bo_handle) {
            remove_at(vm, i);
            n++;
        } else {
            i++;
        }
    }
    pthread_rwlock_unlock(&vm->lock);
    return n;
}

int sim_vm_lookup(struct sim_vm *vm, uint64_t va, struct sim_vm_span *out)
{
    unsigned i;
    int ret = -EFAULT;

    pthread_rwlock_rdlock(&vm->lock);
    i = first_ending_after(vm, va);
    if (i < vm->count && vm->spans[i].va_start <= va) {
        *out = vm->spans[i];
        ret = 0;
    }
    pthread_rwlock_unlock(&vm->lock);
    return ret;
}

/* Walk [va, va+bytes) mapping by mapping, calling fn on each host piece. */
static int walk(struct sim_vm *vm, uint64_t va, uint64_t bytes, uint32_t access,
                uint64_t *fault_va, void (*fn)(uint8_t *host, uint64_t done, uint64_t n, void *arg),
                void *arg)
{
    uint64_t done = 0;

    if (va + bytes < va) {
        if (fault_va)
            *fault_va = va;
        return -EFAULT;
    }
    while (done < bytes) {
        struct sim_vm_span s;
        uint64_t cur = va + done, n;

        if (sim_vm_lookup(vm, cur, &s) || (s.access & access) != access) {
            if (fault_va)
                *fault_va = cur;
            return -EFAULT;
        }
        n = s.va_end - cur;
        if (n > bytes - done)
            n = bytes - done;
        fn(s.host + (cur - s.va_start), done, n, arg);
        done += n;
    }
    return 0;
}

static void copy_out(uint8_t *host, uint64_t done, uint64_t n, void *arg)
{
    memcpy((uint8_t *)arg + done, host, n);
}

static void copy_in(uint8_t *host, uint64_t done, uint64_t n, void *arg)
{
    memcpy(host, (const uint8_t *)arg + done, n);
}

int sim_vm_read(struct sim_vm *vm, uint64_t va, void *dst, uint64_t bytes, uint64_t *fault_va)
{
    return walk(vm, va, bytes, SIM_VM_READ, fault_va, copy_out, dst);
}

int sim_vm_write(struct sim_vm *vm, uint64_t va, const void *src, uint64_t bytes,
                 uint64_t *fault_va)
{
    return walk(vm, va, bytes, SIM_VM_WRITE, fault_va, copy_in, (void *)src);
}

void *sim_vm_ptr(struct sim_vm *vm, uint64_t va, uint64_t bytes, uint32_t access)
{
    struct sim_vm_span s;

    if (sim_vm_lookup(vm, va, &s) || (s.access & access) != access || bytes > s.va_end - va)
        return NULL;
    return s.host + (va - s.va_start);
}

unsigned sim_vm_count(struct sim_vm *vm)
{
    unsigned n;

    pthread_rwlock_rdlock(&vm->lock);
    n = vm->count;
    pthread_rwlock_unlock(&vm->lock);
    return n;
}
