/* sim/exec_code.c — see exec_code.h. */
#include "sim/exec_code.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Longest gfx11 instruction: 64-bit encoding + 32-bit literal. */
#define MAX_INST_BYTES 12u

/* Decoded code kept across dispatches: at most this many (VM, VGPRs)
 * entries; the least recently used one no dispatch holds goes first. */
#define CODE_CACHE_ENTRIES 64u

/* ---------------------------------------------------------------- page tables */

/* An open-addressed table of pages keyed by page VA.  Each page starts
 * with its VA (struct code_page, struct src_page). */
struct page_table {
    void **pages;
    unsigned npages, cap;       /* cap: power of two */
};

static unsigned page_hash(uint64_t va, unsigned cap)
{
    uint64_t h = (va / EXEC_CODE_PAGE_BYTES) * 0x9e3779b97f4a7c15ull;
    return (unsigned)(h >> 32) & (cap - 1);
}

static int table_init(struct page_table *t)
{
    t->npages = 0;
    t->cap = 16;
    t->pages = calloc(t->cap, sizeof(*t->pages));
    return t->pages ? 0 : -ENOMEM;
}

static void table_free(struct page_table *t)
{
    for (unsigned i = 0; t->pages && i < t->cap; i++)
        free(t->pages[i]);
    free(t->pages);
    t->pages = NULL;
}

/* The page at page_va, or NULL. */
static void *table_find(const struct page_table *t, uint64_t page_va)
{
    for (unsigned i = page_hash(page_va, t->cap); t->pages[i]; i = (i + 1) & (t->cap - 1))
        if (*(const uint64_t *)t->pages[i] == page_va)
            return t->pages[i];
    return NULL;
}

/* Add page p (its VA not yet present).  Returns 0 or -ENOMEM. */
static int table_add(struct page_table *t, void *p)
{
    unsigned i;

    if ((t->npages + 1) * 2 > t->cap) {
        unsigned cap = t->cap * 2;
        void **n = calloc(cap, sizeof(*n));

        if (!n)
            return -ENOMEM;
        for (unsigned k = 0; k < t->cap; k++) {
            if (t->pages[k]) {
                unsigned j = page_hash(*(uint64_t *)t->pages[k], cap);
                while (n[j])
                    j = (j + 1) & (cap - 1);
                n[j] = t->pages[k];
            }
        }
        free(t->pages);
        t->pages = n;
        t->cap = cap;
    }
    for (i = page_hash(*(uint64_t *)p, t->cap); t->pages[i]; i = (i + 1) & (t->cap - 1))
        ;
    t->pages[i] = p;
    t->npages++;
    return 0;
}

/* ---------------------------------------------------------------- the shared cache */

/* A code page as decoded: the bytes it was decoded from (the executable
 * prefix of [va, va + page + MAX_INST_BYTES), so an instruction running
 * over the page's end is covered) and the instructions decoded so far. */
struct src_page {
    uint64_t va;
    unsigned nbytes;
    const struct exec_inst *slot[EXEC_CODE_PAGE_SLOTS];
    uint8_t bytes[EXEC_CODE_PAGE_BYTES + MAX_INST_BYTES];
};

struct inst_block {
    struct inst_block *next;
    unsigned used;
    struct exec_inst inst[128];
};

/* Everything decoded for one (VM, VGPRs): exec_bind's result depends only
 * on the bytes, their VA and the VGPR allocation. */
struct code_entry {
    struct sim_vm *vm;
    uint32_t vgprs;
    unsigned refs;              /* dispatches holding it (cache_lock) */
    bool detached;              /* replaced: freed when the last holder lets go */
    uint64_t last_use;          /* LRU tick (cache_lock) */
    pthread_mutex_t lock;       /* pages and blocks */
    struct page_table pages;    /* struct src_page */
    struct inst_block *blocks;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct code_entry *cache[CODE_CACHE_ENTRIES];
static uint64_t cache_tick;

/* The executable prefix of [va, va + max) (at most max bytes). */
static unsigned read_exec(struct sim_vm *vm, uint64_t va, uint8_t *buf, unsigned max)
{
    unsigned n = 0;

    while (n < max) {
        struct sim_vm_span s;
        uint64_t avail;

        if (sim_vm_lookup(vm, va + n, &s) || !(s.access & SIM_VM_EXEC))
            break;
        avail = s.va_end - (va + n);
        if (avail > max - n)
            avail = max - n;
        memcpy(buf + n, s.host + (va + n - s.va_start), avail);
        n += (unsigned)avail;
    }
    return n;
}

static void entry_free(struct code_entry *e)
{
    table_free(&e->pages);
    while (e->blocks) {
        struct inst_block *b = e->blocks;
        e->blocks = b->next;
        free(b);
    }
    pthread_mutex_destroy(&e->lock);
    free(e);
}

static struct code_entry *entry_new(struct sim_vm *vm, uint32_t vgprs)
{
    struct code_entry *e = calloc(1, sizeof(*e));

    if (!e)
        return NULL;
    if (table_init(&e->pages)) {
        free(e);
        return NULL;
    }
    pthread_mutex_init(&e->lock, NULL);
    e->vm = vm;
    e->vgprs = vgprs;
    return e;
}

/* Whether every page of e still holds the bytes it was decoded from. */
static bool entry_valid(struct code_entry *e)
{
    static __thread uint8_t buf[EXEC_CODE_PAGE_BYTES + MAX_INST_BYTES];
    bool ok = true;

    pthread_mutex_lock(&e->lock);
    for (unsigned i = 0; ok && i < e->pages.cap; i++) {
        const struct src_page *p = e->pages.pages[i];

        if (p && (read_exec(e->vm, p->va, buf, sizeof(buf)) != p->nbytes ||
                  memcmp(buf, p->bytes, p->nbytes)))
            ok = false;
    }
    pthread_mutex_unlock(&e->lock);
    return ok;
}

/* With cache_lock held: take slot i's entry out of the table. */
static void entry_drop(unsigned i)
{
    struct code_entry *e = cache[i];

    cache[i] = NULL;
    if (e->refs)
        e->detached = true;
    else
        entry_free(e);
}

/* The cache entry for (vm, vgprs), its pages checked against memory (a
 * page rewritten since it was decoded replaces the entry), held until
 * entry_put.  NULL only when out of memory. */
static struct code_entry *entry_get(struct sim_vm *vm, uint32_t vgprs)
{
    struct code_entry *e = NULL;
    unsigned free_slot = CODE_CACHE_ENTRIES, lru = CODE_CACHE_ENTRIES;

    pthread_mutex_lock(&cache_lock);
    for (unsigned i = 0; i < CODE_CACHE_ENTRIES; i++) {
        if (!cache[i]) {
            free_slot = i;
            continue;
        }
        if (cache[i]->vm == vm && cache[i]->vgprs == vgprs) {
            if (entry_valid(cache[i])) {
                e = cache[i];
                break;
            }
            entry_drop(i);
            free_slot = i;
            continue;
        }
        if (!cache[i]->refs && (lru == CODE_CACHE_ENTRIES ||
                                cache[i]->last_use < cache[lru]->last_use))
            lru = i;
    }
    if (!e) {
        if (free_slot == CODE_CACHE_ENTRIES && lru != CODE_CACHE_ENTRIES) {
            entry_drop(lru);
            free_slot = lru;
        }
        e = entry_new(vm, vgprs);
        if (e && free_slot < CODE_CACHE_ENTRIES)
            cache[free_slot] = e;
        else if (e)
            e->detached = true;     /* every entry busy: this one lives one dispatch */
    }
    if (e) {
        e->refs++;
        e->last_use = ++cache_tick;
    }
    pthread_mutex_unlock(&cache_lock);
    return e;
}

static void entry_put(struct code_entry *e)
{
    pthread_mutex_lock(&cache_lock);
    if (--e->refs == 0 && e->detached)
        entry_free(e);
    pthread_mutex_unlock(&cache_lock);
}

static struct exec_inst *inst_alloc(void *ctx)
{
    struct code_entry *e = ctx;

    if (!e->blocks || e->blocks->used == sizeof(e->blocks->inst) / sizeof(e->blocks->inst[0])) {
        struct inst_block *b = calloc(1, sizeof(*b));
        if (!b)
            return NULL;
        b->next = e->blocks;
        e->blocks = b;
    }
    return &e->blocks->inst[e->blocks->used++];
}

/* With e->lock held: the instruction at pc, decoded from its page's bytes
 * if not yet (*decoded counts it).  NULL with *err: -ENOMEM, or -EFAULT
 * when the first dword is not executable memory. */
static const struct exec_inst *entry_inst(struct code_entry *e, const struct exec_disp *dp,
                                          uint64_t pc, uint64_t *decoded, int *err)
{
    uint64_t page_va = pc & ~(uint64_t)(EXEC_CODE_PAGE_BYTES - 1);
    unsigned off = (unsigned)(pc - page_va);
    struct src_page *p = table_find(&e->pages, page_va);
    struct exec_inst *ni;

    if (!p) {
        p = calloc(1, sizeof(*p));
        if (p) {
            p->va = page_va;
            p->nbytes = read_exec(e->vm, page_va, p->bytes, sizeof(p->bytes));
        }
        if (!p || table_add(&e->pages, p)) {
            free(p);
            *err = -ENOMEM;
            return NULL;
        }
    }
    if (p->slot[off / 4])
        return p->slot[off / 4];
    if (p->nbytes < off + 4) {
        *err = -EFAULT;
        return NULL;
    }
    ni = inst_alloc(e);
    if (!ni) {
        *err = -ENOMEM;
        return NULL;
    }
    exec_bind(p->bytes + off, (p->nbytes - off < MAX_INST_BYTES ? p->nbytes - off
                                                                : MAX_INST_BYTES) & ~3u,
              pc, dp, ni, inst_alloc, e);
    (*decoded)++;
    p->slot[off / 4] = ni;
    return ni;
}

/* ---------------------------------------------------------------- one dispatch */

/* The dispatch's own index of the instructions its waves reached: filled
 * from the shared entry, so that the statistics count this dispatch's code. */
struct code_page {
    uint64_t va;
    const struct exec_inst *slot[EXEC_CODE_PAGE_SLOTS];
};

struct exec_code {
    pthread_mutex_t lock;
    struct exec_disp *dp;
    struct code_entry *entry;
    struct page_table pages;    /* struct code_page */
    uint32_t vgprs_used;
    uint64_t decoded;
};

struct exec_code *exec_code_create(struct exec_disp *dp)
{
    struct exec_code *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    if (table_init(&c->pages)) {
        free(c);
        return NULL;
    }
    c->entry = entry_get(dp->vm, dp->vgprs);
    if (!c->entry) {
        table_free(&c->pages);
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
    entry_put(c->entry);
    table_free(&c->pages);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void exec_code_counts(struct exec_code *c, uint32_t *vgprs_used, uint64_t *insts_decoded)
{
    pthread_mutex_lock(&c->lock);
    *vgprs_used = c->vgprs_used;
    *insts_decoded = c->decoded;
    pthread_mutex_unlock(&c->lock);
}

const struct exec_inst *exec_code_fetch_slow(struct sim_wave *w)
{
    struct exec_disp *dp = w->disp;
    struct exec_code *c = dp->code;
    uint64_t pc = w->pc_va, page_va = pc & ~(uint64_t)(EXEC_CODE_PAGE_BYTES - 1);
    unsigned idx = (unsigned)(pc & (EXEC_CODE_PAGE_BYTES - 1)) >> 2;
    struct code_page *p;
    const struct exec_inst *in;
    int err = 0;

    w->inst_pc_va = pc;
    if (pc & 3)
        return exec_fault(w, -EFAULT, SIM_FAULT_VM, pc, "misaligned PC"), NULL;
    pthread_mutex_lock(&c->lock);
    p = table_find(&c->pages, page_va);
    if (!p) {
        p = calloc(1, sizeof(*p));
        if (p)
            p->va = page_va;
        if (!p || table_add(&c->pages, p)) {
            free(p);
            pthread_mutex_unlock(&c->lock);
            exec_fault(w, -ENOMEM, SIM_FAULT_UNSUPPORTED, pc, "out of host memory decoding code");
            return NULL;
        }
    }
    in = p->slot[idx];
    if (!in) {
        pthread_mutex_lock(&c->entry->lock);
        in = entry_inst(c->entry, dp, pc, &c->decoded, &err);
        pthread_mutex_unlock(&c->entry->lock);
        if (!in) {
            pthread_mutex_unlock(&c->lock);
            if (err == -EFAULT)
                exec_fault(w, -EFAULT, SIM_FAULT_VM, pc,
                           "instruction fetch from %s GPU address 0x%llx",
                           sim_vm_lookup(dp->vm, pc, &(struct sim_vm_span){0}) ? "unmapped"
                                                                               : "non-executable",
                           (unsigned long long)pc);
            else
                exec_fault(w, -ENOMEM, SIM_FAULT_UNSUPPORTED, pc,
                           "out of host memory decoding code");
            return NULL;
        }
        if (in->vgpr_hi > c->vgprs_used)
            c->vgprs_used = in->vgpr_hi;
        __atomic_store_n(&p->slot[idx], in, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&c->lock);
    w->code_page_va = page_va;
    w->code_page = p->slot;
    return in;
}
