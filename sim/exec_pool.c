/* sim/exec_pool.c — see exec_pool.h. */
#include "sim/exec_pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define POOL_MAX_WORKERS 256

struct worker_mem {
    void *p[EXEC_POOL_SLOTS];
    unsigned long bytes[EXEC_POOL_SLOTS];
};

static struct {
    pthread_mutex_t job_lock;       /* one job at a time */
    pthread_mutex_t lock;           /* the fields below */
    pthread_cond_t start_cv, done_cv;
    unsigned nhelpers;              /* helper threads started */
    unsigned size;                  /* helpers + caller, once decided */
    unsigned long generation;       /* bumped per job */
    unsigned long born;             /* generation when the helpers were started */
    unsigned active;                /* workers the current job uses */
    unsigned running;               /* helpers still inside the current job */
    exec_pool_fn *fn;
    void *arg;
    struct worker_mem mem[POOL_MAX_WORKERS];
} pool = {
    .job_lock = PTHREAD_MUTEX_INITIALIZER,
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .start_cv = PTHREAD_COND_INITIALIZER,
    .done_cv = PTHREAD_COND_INITIALIZER,
};

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void pool_prepare(void)
{
    pthread_mutex_lock(&pool.job_lock);
    pthread_mutex_lock(&pool.lock);
}

static void pool_parent(void)
{
    pthread_mutex_unlock(&pool.lock);
    pthread_mutex_unlock(&pool.job_lock);
}

/* The child has only the forking thread: forget the helpers (their worker
 * memory stays allocated and is reused). */
static void pool_child(void)
{
    pthread_mutex_init(&pool.job_lock, NULL);
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.start_cv, NULL);
    pthread_cond_init(&pool.done_cv, NULL);
    pool.nhelpers = 0;
    pool.size = 0;
    pool.active = 0;
    pool.running = 0;
}

static void register_atfork(void)
{
    pthread_atfork(pool_prepare, pool_parent, pool_child);
}

static void *helper_main(void *p)
{
    unsigned worker = (unsigned)(unsigned long)p;
    unsigned long seen = 0;

    pthread_mutex_lock(&pool.lock);
    seen = pool.born;       /* a job started before this thread ran is still ours */
    for (;;) {
        while (pool.generation == seen)
            pthread_cond_wait(&pool.start_cv, &pool.lock);
        seen = pool.generation;
        if (worker < pool.active) {
            exec_pool_fn *fn = pool.fn;
            void *arg = pool.arg;

            pthread_mutex_unlock(&pool.lock);
            fn(arg, worker);
            pthread_mutex_lock(&pool.lock);
            if (--pool.running == 0)
                pthread_cond_signal(&pool.done_cv);
        }
    }
    return NULL;
}

static unsigned decide_size(void)
{
    const char *e = getenv("AMDPM4_SIM_THREADS");
    long n = 0;

    if (e && *e) {
        char *end;
        n = strtol(e, &end, 10);
        if (*end || n < 1)
            n = 0;
    }
    if (!n)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > POOL_MAX_WORKERS)
        n = POOL_MAX_WORKERS;
    return (unsigned)n;
}

/* With pool.lock held: start helpers up to the decided size (fewer if the
 * host refuses threads). */
static void ensure_started(void)
{
    if (pool.size)
        return;
    pool.size = decide_size();
    pool.born = pool.generation;
    while (pool.nhelpers + 1 < pool.size) {
        pthread_t t;
        pthread_attr_t a;
        int r;

        pthread_attr_init(&a);
        pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
        r = pthread_create(&t, &a, helper_main, (void *)(unsigned long)(pool.nhelpers + 1));
        pthread_attr_destroy(&a);
        if (r)
            break;
        pool.nhelpers++;
    }
    pool.size = pool.nhelpers + 1;
}

unsigned exec_pool_size(void)
{
    unsigned n;

    pthread_once(&atfork_once, register_atfork);
    pthread_mutex_lock(&pool.lock);
    ensure_started();
    n = pool.size;
    pthread_mutex_unlock(&pool.lock);
    return n;
}

unsigned exec_pool_run(exec_pool_fn *fn, void *arg, unsigned max_workers)
{
    unsigned n;

    pthread_once(&atfork_once, register_atfork);
    pthread_mutex_lock(&pool.job_lock);
    pthread_mutex_lock(&pool.lock);
    ensure_started();
    n = pool.size < max_workers ? pool.size : max_workers;
    if (n < 1)
        n = 1;
    if (n > 1) {
        pool.fn = fn;
        pool.arg = arg;
        pool.active = n;
        pool.running = n - 1;
        pool.generation++;
        pthread_cond_broadcast(&pool.start_cv);
    }
    pthread_mutex_unlock(&pool.lock);

    fn(arg, 0);

    if (n > 1) {
        pthread_mutex_lock(&pool.lock);
        while (pool.running)
            pthread_cond_wait(&pool.done_cv, &pool.lock);
        pool.active = 0;
        pthread_mutex_unlock(&pool.lock);
    }
    pthread_mutex_unlock(&pool.job_lock);
    return n;
}

void *exec_pool_scratch(unsigned worker, unsigned slot, unsigned long bytes)
{
    struct worker_mem *m;

    if (worker >= POOL_MAX_WORKERS || slot >= EXEC_POOL_SLOTS)
        return NULL;
    m = &pool.mem[worker];
    if (m->bytes[slot] < bytes) {
        void *p = NULL;

        bytes = (bytes + 63) & ~63ul;
        if (posix_memalign(&p, 64, bytes))
            return NULL;
        memset(p, 0, bytes);
        free(m->p[slot]);
        m->p[slot] = p;
        m->bytes[slot] = bytes;
    }
    return m->p[slot];
}
