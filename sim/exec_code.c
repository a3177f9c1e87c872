/* sim/exec_code.c — see exec_code.h. */
#include "sim/exec_code.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Longest gfx11 instruction: 64-bit encoding + 32-bit literal. */
#define MAX_INST_BYTES 12u

struct code_page {
    uint64_t va;
    const struct exec_inst *slot[EXEC_CODE_PAGE_SLOTS];
};

struct inst_block {
    struct inst_block *next;
    unsigned used;
    struct exec_inst inst[128];
};

struct exec_code {
    pthread_mutex_t lock;
    struct exec_disp *dp;
    struct code_page **pages;   /* open-addressed by page number */
    unsigned npages, cap;       /* cap: power of two */
    struct inst_block *blocks;
    uint32_t vgprs_used;
};

struct exec_code *exec_code_create(struct exec_disp *dp)
{
    struct exec_code *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->cap = 16;
    c->pages = calloc(c->cap, sizeof(*c->pages));
    if (!c->pages) {
        free(c);
        return NULL;
    }
    pthread_mutex_init(&c->lock, NULL);
    c->dp = dp;
    return c;
}

void exec_code_destroy(struct exec_code *c)
{
    if (!c)
        return;
    for (unsigned i = 0; i < c->cap; i++)
        free(c->pages[i]);
    while (c->blocks) {
        struct inst_block *b = c->blocks;
        c->blocks = b->next;
        free(b);
    }
    free(c->pages);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

uint32_t exec_code_vgprs_used(struct exec_code *c)
{
    uint32_t v;

    pthread_mutex_lock(&c->lock);
    v = c->vgprs_used;
    pthread_mutex_unlock(&c->lock);
    return v;
}

static unsigned page_hash(uint64_t va, unsigned cap)
{
    uint64_t h = (va / EXEC_CODE_PAGE_BYTES) * 0x9e3779b97f4a7c15ull;
    return (unsigned)(h >> 32) & (cap - 1);
}

/* With c->lock held: the page holding va, created if absent. */
static struct code_page *page_get(struct exec_code *c, uint64_t page_va)
{
    unsigned i;

    for (i = page_hash(page_va, c->cap); c->pages[i]; i = (i + 1) & (c->cap - 1))
        if (c->pages[i]->va == page_va)
            return c->pages[i];
    if ((c->npages + 1) * 2 > c->cap) {
        unsigned cap = c->cap * 2;
        struct code_page **n = calloc(cap, sizeof(*n));

        if (!n)
            return NULL;
        for (unsigned k = 0; k < c->cap; k++) {
            if (c->pages[k]) {
                unsigned j = page_hash(c->pages[k]->va, cap);
                while (n[j])
                    j = (j + 1) & (cap - 1);
                n[j] = c->pages[k];
            }
        }
        free(c->pages);
        c->pages = n;
        c->cap = cap;
        for (i = page_hash(page_va, c->cap); c->pages[i]; i = (i + 1) & (c->cap - 1))
            ;
    }
    c->pages[i] = calloc(1, sizeof(struct code_page));
    if (!c->pages[i])
        return NULL;
    c->pages[i]->va = page_va;
    c->npages++;
    return c->pages[i];
}

static struct exec_inst *inst_alloc(void *ctx)
{
    struct exec_code *c = ctx;

    if (!c->blocks || c->blocks->used == sizeof(c->blocks->inst) / sizeof(c->blocks->inst[0])) {
        struct inst_block *b = calloc(1, sizeof(*b));
        if (!b)
            return NULL;
        b->next = c->blocks;
        c->blocks = b;
    }
    return &c->blocks->inst[c->blocks->used++];
}

/* Read up to MAX_INST_BYTES of code at pc: as many as are mapped
 * executable (the decoder says whether that is enough).  Returns the count,
 * 0 if not even the first dword is readable (*fault_va set). */
static unsigned read_code(struct sim_vm *vm, uint64_t pc, uint8_t *buf, uint64_t *fault_va)
{
    unsigned n = 0;

    while (n < MAX_INST_BYTES) {
        struct sim_vm_span s;
        uint64_t va = pc + n;
        uint64_t avail;

        if (sim_vm_lookup(vm, va, &s) || !(s.access & SIM_VM_EXEC)) {
            if (!n)
                *fault_va = va;
            break;
        }
        avail = s.va_end - va;
        if (avail > MAX_INST_BYTES - n)
            avail = MAX_INST_BYTES - n;
        memcpy(buf + n, s.host + (va - s.va_start), avail);
        n += (unsigned)avail;
    }
    return n & ~3u;
}

const struct exec_inst *exec_code_fetch_slow(struct sim_wave *w)
{
    struct exec_disp *dp = w->disp;
    struct exec_code *c = dp->code;
    uint64_t pc = w->pc_va, page_va = pc & ~(uint64_t)(EXEC_CODE_PAGE_BYTES - 1);
    unsigned idx = (unsigned)(pc & (EXEC_CODE_PAGE_BYTES - 1)) >> 2;
    struct code_page *p;
    const struct exec_inst *in;

    w->inst_pc_va = pc;
    if (pc & 3)
        return exec_fault(w, -EFAULT, SIM_FAULT_VM, pc, "misaligned PC"), NULL;
    pthread_mutex_lock(&c->lock);
    p = page_get(c, page_va);
    if (!p) {
        pthread_mutex_unlock(&c->lock);
        exec_fault(w, -ENOMEM, SIM_FAULT_UNSUPPORTED, pc, "out of host memory decoding code");
        return NULL;
    }
    in = p->slot[idx];
    if (!in) {
        uint8_t buf[MAX_INST_BYTES];
        uint64_t fault_va = pc;
        unsigned n = read_code(dp->vm, pc, buf, &fault_va);
        struct exec_inst *ni;

        if (!n) {
            pthread_mutex_unlock(&c->lock);
            exec_fault(w, -EFAULT, SIM_FAULT_VM, fault_va,
                       "instruction fetch from %s GPU address 0x%llx",
                       sim_vm_lookup(dp->vm, fault_va, &(struct sim_vm_span){0}) ? "unmapped"
                                                                                  : "non-executable",
                       (unsigned long long)fault_va);
            return NULL;
        }
        ni = inst_alloc(c);
        if (!ni) {
            pthread_mutex_unlock(&c->lock);
            exec_fault(w, -ENOMEM, SIM_FAULT_UNSUPPORTED, pc, "out of host memory decoding code");
            return NULL;
        }
        exec_bind(buf, n, pc, dp, ni, inst_alloc, c);
        if (ni->vgpr_hi > c->vgprs_used)
            c->vgprs_used = ni->vgpr_hi;
        __atomic_store_n(&p->slot[idx], ni, __ATOMIC_RELEASE);
        in = ni;
    }
    pthread_mutex_unlock(&c->lock);
    w->code_page_va = page_va;
    w->code_page = p->slot;
    return in;
}
