/*
 * sim/exec_pool.h — the executor's host thread pool.
 *
 * One pool per process, started on first use with one helper thread per
 * host core beyond the caller's (AMDPM4_SIM_THREADS=N overrides the total).
 * A job runs fn(arg, worker) on every worker at once, the calling thread
 * being worker 0; jobs from different threads run one after another.
 * Fork-safe: a child process starts a fresh pool.
 */
#ifndef AMDPM4_SIM_EXEC_POOL_H
#define AMDPM4_SIM_EXEC_POOL_H

typedef void exec_pool_fn(void *arg, unsigned worker);

/* Run fn on up to max_workers workers (at least the caller) and return when
 * all have returned.  Returns how many workers ran it. */
unsigned exec_pool_run(exec_pool_fn *fn, void *arg, unsigned max_workers);

/* Workers a job can get (helpers + the caller). */
unsigned exec_pool_size(void);

/* Per-worker storage that lives as long as the pool: a block of at least
 * bytes, 64-byte aligned, zero-filled on first allocation only; NULL if out
 * of memory.  slot < EXEC_POOL_SLOTS selects independent blocks. */
#define EXEC_POOL_SLOTS 4
void *exec_pool_scratch(unsigned worker, unsigned slot, unsigned long bytes);

#endif
