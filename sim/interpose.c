/*
 * sim/interpose.c — the libc entry points libdrm (and programs enumerating
 * DRM devices) use, interposed by LD_PRELOAD of libamdpm4sim.so.
 *
 * The simulator's paths (sim/fakefs.h) are answered here; an opened device
 * node is a /dev/null fd registered as a DRM file of the simulated device,
 * and ioctl / mmap / fstat / dup / close on it go to sim/drv.c.  Everything
 * else passes straight to libc: the simulator starts nothing until a node
 * is opened, so child processes that inherit LD_PRELOAD are unaffected.
 *
 * Only this file defines libc symbols; it is linked into the shared object
 * alone (never into libamdpm4sim.a).
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sim/drv.h"
#include "sim/fakefs.h"

/* Lets other code tell it runs on the simulated device (dlsym), rather than
 * guessing from LD_PRELOAD. */
__attribute__((visibility("default")))
const char amdpm4_sim_marker[] = "amdpm4 simulated gfx1100 0.1";

/* glibc < 2.33 stat entry points; glibc 2.36 keeps them as compat symbols. */
int __xstat(int ver, const char *path, struct stat *buf);
int __xstat64(int ver, const char *path, struct stat64 *buf);
int __lxstat(int ver, const char *path, struct stat *buf);
int __lxstat64(int ver, const char *path, struct stat64 *buf);
int __fxstat(int ver, int fd, struct stat *buf);
int __fxstat64(int ver, int fd, struct stat64 *buf);
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen);
char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen);
void __chk_fail(void) __attribute__((noreturn));

/* ---------------------------------------------------------------- libc's own functions */

#define DECLARE_REAL(name)                                                       \
    static __typeof__(name) *real_##name;                                        \
    static __typeof__(name) *get_real_##name(void)                               \
    {                                                                            \
        __typeof__(name) *p = __atomic_load_n(&real_##name, __ATOMIC_ACQUIRE);   \
        if (!p) {                                                                \
            p = (__typeof__(name) *)dlsym(RTLD_NEXT, #name);                     \
            __atomic_store_n(&real_##name, p, __ATOMIC_RELEASE);                 \
        }                                                                        \
        return p;                                                                \
    }
#define RESOLVE(name) get_real_##name()

DECLARE_REAL(open)
DECLARE_REAL(open64)
DECLARE_REAL(openat)
DECLARE_REAL(openat64)
DECLARE_REAL(close)
DECLARE_REAL(stat)
DECLARE_REAL(lstat)
DECLARE_REAL(fstat)
DECLARE_REAL(fstatat)
DECLARE_REAL(statx)
DECLARE_REAL(access)
DECLARE_REAL(faccessat)
DECLARE_REAL(ioctl)
DECLARE_REAL(mmap)
DECLARE_REAL(munmap)
DECLARE_REAL(fcntl)
DECLARE_REAL(fcntl64)
DECLARE_REAL(dup)
DECLARE_REAL(dup2)
DECLARE_REAL(dup3)
DECLARE_REAL(opendir)
DECLARE_REAL(readdir)
DECLARE_REAL(readdir64)
DECLARE_REAL(closedir)
DECLARE_REAL(readlink)
DECLARE_REAL(realpath)
DECLARE_REAL(fopen)
DECLARE_REAL(fopen64)

/* The compat-only stat symbols are found by version. */
static void *real_versioned(const char *name)
{
    void *p = dlvsym(RTLD_NEXT, name, "GLIBC_2.2.5");

    return p ? p : dlsym(RTLD_NEXT, name);
}

/* ---------------------------------------------------------------- device fds */

static pthread_mutex_t fd_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sim_file **fd_files;     /* indexed by fd */
static dev_t *fd_ino_dev;              /* what the fd was when registered */
static ino_t *fd_ino;
static int fd_cap;
static atomic_int dev_fds;             /* fds in the table: 0 means "pass everything" */

/* Register fd as referring to f (one more fd of the file). */
static int fd_register(int fd, struct sim_file *f)
{
    struct stat st;
    int ret = 0;

    if (RESOLVE(fstat)(fd, &st))
        memset(&st, 0, sizeof(st));
    pthread_mutex_lock(&fd_lock);
    if (fd >= fd_cap) {
        int cap = fd_cap ? fd_cap : 64;
        struct sim_file **nf;
        dev_t *nd;
        ino_t *ni;

        while (cap <= fd)
            cap *= 2;
        nf = realloc(fd_files, (size_t)cap * sizeof(*nf));
        if (nf)
            fd_files = nf;
        nd = realloc(fd_ino_dev, (size_t)cap * sizeof(*nd));
        if (nd)
            fd_ino_dev = nd;
        ni = realloc(fd_ino, (size_t)cap * sizeof(*ni));
        if (ni)
            fd_ino = ni;
        if (!nf || !nd || !ni) {
            ret = -ENOMEM;
            goto out;
        }
        memset(fd_files + fd_cap, 0, (size_t)(cap - fd_cap) * sizeof(*fd_files));
        fd_cap = cap;
    }
    fd_files[fd] = f;
    fd_ino_dev[fd] = st.st_dev;
    fd_ino[fd] = st.st_ino;
    f->nfds++;
    atomic_fetch_add(&dev_fds, 1);
out:
    pthread_mutex_unlock(&fd_lock);
    return ret;
}

/* Forget fd; returns its file if that was the file's last fd. */
static struct sim_file *fd_unregister(int fd)
{
    struct sim_file *f = NULL;

    if (fd < 0 || !atomic_load(&dev_fds))
        return NULL;
    pthread_mutex_lock(&fd_lock);
    if (fd < fd_cap && fd_files[fd]) {
        f = fd_files[fd];
        fd_files[fd] = NULL;
        atomic_fetch_sub(&dev_fds, 1);
        if (--f->nfds)
            f = NULL;
    }
    pthread_mutex_unlock(&fd_lock);
    return f;
}

/* The file fd refers to, referenced (sim_file_put when done), or NULL.  An
 * fd closed behind the interposer's back (close_range) and reused is
 * noticed by its inode and forgotten. */
static struct sim_file *fd_file(int fd)
{
    struct sim_file *f = NULL, *stale = NULL;
    dev_t dev = 0;
    ino_t ino = 0;
    struct stat st;

    if (fd < 0 || !atomic_load(&dev_fds))
        return NULL;
    pthread_mutex_lock(&fd_lock);
    if (fd < fd_cap && fd_files[fd]) {
        f = fd_files[fd];
        dev = fd_ino_dev[fd];
        ino = fd_ino[fd];
    }
    pthread_mutex_unlock(&fd_lock);
    if (!f)
        return NULL;
    if (RESOLVE(fstat)(fd, &st) || st.st_dev != dev || st.st_ino != ino) {
        stale = fd_unregister(fd);
        if (stale)
            sim_drv_close(stale);
        return NULL;
    }
    pthread_mutex_lock(&fd_lock);
    f = fd < fd_cap ? fd_files[fd] : NULL;
    if (f)
        sim_file_get(f);
    pthread_mutex_unlock(&fd_lock);
    return f;
}

/* fork(): the child must not inherit the tables' locks held by another
 * thread. */
static pthread_mutex_t dir_lock = PTHREAD_MUTEX_INITIALIZER;

static void lock_tables(void)
{
    pthread_mutex_lock(&fd_lock);
    pthread_mutex_lock(&dir_lock);
}

static void unlock_tables(void)
{
    pthread_mutex_unlock(&dir_lock);
    pthread_mutex_unlock(&fd_lock);
}

__attribute__((constructor)) static void interpose_init(void)
{
    pthread_atfork(lock_tables, unlock_tables, unlock_tables);
}

/* A new fd (from a real open) may reuse a number the table still holds. */
static void fd_fresh(int fd)
{
    struct sim_file *stale = fd_unregister(fd);

    if (stale)
        sim_drv_close(stale);
}

static int fail(int err)
{
    errno = err;
    return -1;
}

/* ---------------------------------------------------------------- opening */

static int open_node(int minor, int flags)
{
    struct sim_file *f;
    int fd, ret;

    if (flags & O_DIRECTORY)
        return fail(ENOTDIR);
    fd = RESOLVE(open)("/dev/null", O_RDWR | (flags & (O_CLOEXEC | O_NONBLOCK)));
    if (fd < 0)
        return -1;
    fd_fresh(fd);
    f = sim_drv_open(minor);
    if (!f) {
        int e = errno;

        RESOLVE(close)(fd);
        return fail(e);
    }
    ret = fd_register(fd, f);
    if (ret) {
        sim_drv_close(f);
        RESOLVE(close)(fd);
        return fail(-ret);
    }
    return fd;
}

/* A sysfs attribute: an anonymous file holding its contents. */
static int open_content(const struct sim_path *p, int flags)
{
    int fd;

    if ((flags & O_ACCMODE) != O_RDONLY)
        return fail(EACCES);
    fd = (int)syscall(SYS_memfd_create, "amdpm4-sim-sysfs", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    if (fd < 0)
        return -1;
    if (write(fd, p->content, p->content_len) != (ssize_t)p->content_len ||
        lseek(fd, 0, SEEK_SET) != 0) {
        int e = errno;

        RESOLVE(close)(fd);
        return fail(e ? e : EIO);
    }
    fd_fresh(fd);
    return fd;
}

typedef int (*open_fn)(const char *, int, ...);

static int open_common(const char *path, int flags, mode_t mode, open_fn real)
{
    struct sim_path p;
    int fd;

    switch (sim_fakefs_lookup(path, &p)) {
    case SIM_PATH_NONE:
        fd = real(path, flags, mode);
        if (fd >= 0)
            fd_fresh(fd);
        return fd;
    case SIM_PATH_MISSING:
        return fail(ENOENT);
    case SIM_PATH_NODE:
        return open_node(p.minor, flags);
    case SIM_PATH_FILE:
        return open_content(&p, flags);
    case SIM_PATH_LINK:
        fd = real(p.resolved, flags, mode);
        if (fd >= 0)
            fd_fresh(fd);
        return fd;
    default: /* SIM_PATH_DIR: directories are listed with opendir() only */
        return fail((flags & O_ACCMODE) != O_RDONLY ? EISDIR : ENOENT);
    }
}

static mode_t open_mode(int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;

    va_start(ap, flags);
    mode = open_mode(flags, ap);
    va_end(ap);
    return open_common(path, flags, mode, RESOLVE(open));
}

int open64(const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;

    va_start(ap, flags);
    mode = open_mode(flags, ap);
    va_end(ap);
    return open_common(path, flags, mode, RESOLVE(open64));
}

int __open_2(const char *path, int flags)
{
    return open_common(path, flags, 0, RESOLVE(open));
}

int __open64_2(const char *path, int flags)
{
    return open_common(path, flags, 0, RESOLVE(open64));
}

static int openat_common(int dirfd, const char *path, int flags, mode_t mode,
                         __typeof__(openat) *real)
{
    int fd;

    if (path && path[0] == '/') {
        struct sim_path p;

        if (sim_fakefs_lookup(path, &p) != SIM_PATH_NONE)
            return open_common(path, flags, mode, RESOLVE(open));
    }
    fd = real(dirfd, path, flags, mode);
    if (fd >= 0)
        fd_fresh(fd);
    return fd;
}

int openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;

    va_start(ap, flags);
    mode = open_mode(flags, ap);
    va_end(ap);
    return openat_common(dirfd, path, flags, mode, RESOLVE(openat));
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;

    va_start(ap, flags);
    mode = open_mode(flags, ap);
    va_end(ap);
    return openat_common(dirfd, path, flags, mode, RESOLVE(openat64));
}

static FILE *fopen_common(const char *path, const char *mode, __typeof__(fopen) *real)
{
    struct sim_path p;
    FILE *fp;
    int fd;

    switch (sim_fakefs_lookup(path, &p)) {
    case SIM_PATH_NONE:
        return real(path, mode);
    case SIM_PATH_LINK:
        return real(p.resolved, mode);
    case SIM_PATH_FILE:
        if (strpbrk(mode, "wa+")) {
            errno = EACCES;
            return NULL;
        }
        fd = open_content(&p, strchr(mode, 'e') ? O_CLOEXEC : 0);
        break;
    case SIM_PATH_NODE:
        fd = open_node(p.minor, strchr(mode, 'e') ? O_CLOEXEC : 0);
        break;
    case SIM_PATH_DIR:
        errno = EISDIR;
        return NULL;
    default:
        errno = ENOENT;
        return NULL;
    }
    if (fd < 0)
        return NULL;
    fp = fdopen(fd, p.kind == SIM_PATH_FILE ? "r" : mode);
    if (!fp) {
        int e = errno;

        close(fd);
        errno = e;
    }
    return fp;
}

FILE *fopen(const char *path, const char *mode)
{
    return fopen_common(path, mode, RESOLVE(fopen));
}

FILE *fopen64(const char *path, const char *mode)
{
    return fopen_common(path, mode, RESOLVE(fopen64));
}

/* ---------------------------------------------------------------- closing, duplicating */

int close(int fd)
{
    struct sim_file *last = fd_unregister(fd);
    int ret = RESOLVE(close)(fd);

    if (last)
        sim_drv_close(last);
    return ret;
}

/* After a successful dup of oldfd into newfd: newfd refers to the same file. */
static int dup_done(int oldfd, int newfd)
{
    struct sim_file *f;

    if (newfd < 0 || newfd == oldfd)
        return newfd;
    fd_fresh(newfd);   /* dup2/dup3 closed whatever newfd was */
    f = fd_file(oldfd);
    if (f) {
        if (fd_register(newfd, f)) {
            RESOLVE(close)(newfd);
            sim_file_put(f);
            return fail(ENOMEM);
        }
        sim_file_put(f);
    }
    return newfd;
}

int dup(int fd)
{
    return dup_done(fd, RESOLVE(dup)(fd));
}

int dup2(int oldfd, int newfd)
{
    return dup_done(oldfd, RESOLVE(dup2)(oldfd, newfd));
}

int dup3(int oldfd, int newfd, int flags)
{
    return dup_done(oldfd, RESOLVE(dup3)(oldfd, newfd, flags));
}

static int fcntl_common(int fd, int cmd, void *arg, __typeof__(fcntl) *real)
{
    int ret = real(fd, cmd, arg);

    if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
        return dup_done(fd, ret);
    return ret;
}

int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    void *arg;

    va_start(ap, cmd);
    arg = va_arg(ap, void *);
    va_end(ap);
    return fcntl_common(fd, cmd, arg, RESOLVE(fcntl));
}

int fcntl64(int fd, int cmd, ...)
{
    va_list ap;
    void *arg;

    va_start(ap, cmd);
    arg = va_arg(ap, void *);
    va_end(ap);
    return fcntl_common(fd, cmd, arg, RESOLVE(fcntl64));
}

/* ---------------------------------------------------------------- ioctl, mmap */

int ioctl(int fd, unsigned long request, ...)
{
    struct sim_file *f;
    va_list ap;
    void *arg;
    int ret;

    va_start(ap, request);
    arg = va_arg(ap, void *);
    va_end(ap);
    f = fd_file(fd);
    if (!f)
        return RESOLVE(ioctl)(fd, request, arg);
    ret = sim_drv_ioctl(f, request, arg);
    sim_file_put(f);
    return ret < 0 ? fail(-ret) : ret;
}

static void *real_mmap_any(void *addr, size_t len, int prot, int flags, int fd, long off)
{
    return RESOLVE(mmap)(addr, len, prot, flags, fd, off);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    struct sim_file *f = (flags & MAP_ANONYMOUS) ? NULL : fd_file(fd);
    void *p;

    /* MAP_FIXED replaces whatever was mapped there, as munmap would */
    if (flags & MAP_FIXED)
        sim_drv_munmap_begin((uintptr_t)addr, len);

    if (!f)
        return RESOLVE(mmap)(addr, len, prot, flags, fd, off);
    p = sim_drv_mmap(f, addr, len, prot, flags, (uint64_t)off, real_mmap_any);
    sim_file_put(f);
    return p;
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off64_t off)
{
    return mmap(addr, len, prot, flags, fd, (off_t)off);
}

int munmap(void *addr, size_t len)
{
    sim_drv_munmap_begin((uintptr_t)addr, len);
    return RESOLVE(munmap)(addr, len);
}

/* ---------------------------------------------------------------- stat */

static uint64_t path_ino(const char *s)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a */

    while (*s)
        h = (h ^ (uint8_t)*s++) * 1099511628211ull;
    return h ? h : 1;
}

/* Fill *st for a path of ours; returns 0, or -1 with errno. */
static int fake_stat(const struct sim_path *p, struct stat *st, bool follow)
{
    if (p->kind == SIM_PATH_MISSING)
        return fail(ENOENT);
    if (p->kind == SIM_PATH_LINK && follow)
        return RESOLVE(stat)(p->resolved, st);
    memset(st, 0, sizeof(*st));
    st->st_ino = (ino_t)path_ino(p->resolved);
    st->st_blksize = 4096;
    switch (p->kind) {
    case SIM_PATH_DIR:
        st->st_mode = S_IFDIR | 0755;
        st->st_nlink = 2;
        break;
    case SIM_PATH_FILE:
        st->st_mode = S_IFREG | 0444;
        st->st_nlink = 1;
        st->st_size = 4096;   /* what sysfs reports for an attribute */
        break;
    case SIM_PATH_NODE:
        st->st_mode = S_IFCHR | 0666;
        st->st_nlink = 1;
        st->st_rdev = makedev(SIM_DRM_MAJOR, (unsigned)p->minor);
        break;
    default: /* an unfollowed link */
        st->st_mode = S_IFLNK | 0777;
        st->st_nlink = 1;
        st->st_size = (off_t)strlen(p->target);
        break;
    }
    return 0;
}

/* An AT_EMPTY_PATH call on the fd itself (path "" — checked out of line:
 * libc declares the path nonnull, but a NULL must reach the kernel, which
 * answers EFAULT). */
__attribute__((noinline)) static bool empty_path(const char *path)
{
    return path && !*path;
}

/* fstat of a device fd: the /dev/null fd dressed as the DRM node. */
static int fake_fstat(struct sim_file *f, int fd, struct stat *st)
{
    if (RESOLVE(fstat)(fd, st))
        return -1;
    st->st_mode = S_IFCHR | 0666;
    st->st_rdev = makedev(SIM_DRM_MAJOR, (unsigned)f->minor);
    return 0;
}

int stat(const char *path, struct stat *st)
{
    struct sim_path p;

    if (sim_fakefs_lookup(path, &p) == SIM_PATH_NONE)
        return RESOLVE(stat)(path, st);
    return fake_stat(&p, st, true);
}

int lstat(const char *path, struct stat *st)
{
    struct sim_path p;

    if (sim_fakefs_lookup(path, &p) == SIM_PATH_NONE)
        return RESOLVE(lstat)(path, st);
    return fake_stat(&p, st, false);
}

int fstat(int fd, struct stat *st)
{
    struct sim_file *f = fd_file(fd);
    int ret;

    if (!f)
        return RESOLVE(fstat)(fd, st);
    ret = fake_fstat(f, fd, st);
    sim_file_put(f);
    return ret;
}

/* On x86-64 struct stat64 and struct stat are the same layout. */
_Static_assert(sizeof(struct stat) == sizeof(struct stat64), "stat64 is stat");

int stat64(const char *path, struct stat64 *st)
{
    return stat(path, (struct stat *)st);
}

int lstat64(const char *path, struct stat64 *st)
{
    return lstat(path, (struct stat *)st);
}

int fstat64(int fd, struct stat64 *st)
{
    return fstat(fd, (struct stat *)st);
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    struct sim_path p;

    if ((flags & AT_EMPTY_PATH) && empty_path(path)) {
        struct sim_file *f = fd_file(dirfd);
        int ret;

        if (!f)
            return RESOLVE(fstatat)(dirfd, path, st, flags);
        ret = fake_fstat(f, dirfd, st);
        sim_file_put(f);
        return ret;
    }
    if (sim_fakefs_lookup(path, &p) == SIM_PATH_NONE)
        return RESOLVE(fstatat)(dirfd, path, st, flags);
    return fake_stat(&p, st, !(flags & AT_SYMLINK_NOFOLLOW));
}

int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
    return fstatat(dirfd, path, (struct stat *)st, flags);
}

static void stat_to_statx(const struct stat *st, struct statx *sx)
{
    memset(sx, 0, sizeof(*sx));
    sx->stx_mask = STATX_BASIC_STATS;
    sx->stx_blksize = (uint32_t)st->st_blksize;
    sx->stx_nlink = (uint32_t)st->st_nlink;
    sx->stx_uid = st->st_uid;
    sx->stx_gid = st->st_gid;
    sx->stx_mode = (uint16_t)st->st_mode;
    sx->stx_ino = st->st_ino;
    sx->stx_size = (uint64_t)st->st_size;
    sx->stx_blocks = (uint64_t)st->st_blocks;
    sx->stx_rdev_major = major(st->st_rdev);
    sx->stx_rdev_minor = minor(st->st_rdev);
    sx->stx_dev_major = major(st->st_dev);
    sx->stx_dev_minor = minor(st->st_dev);
}

int statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *sx)
{
    struct sim_path p;
    struct stat st;
    int ret;

    if ((flags & AT_EMPTY_PATH) && empty_path(path)) {
        struct sim_file *f = fd_file(dirfd);

        if (!f)
            return RESOLVE(statx)(dirfd, path, flags, mask, sx);
        ret = fake_fstat(f, dirfd, &st);
        sim_file_put(f);
    } else if (sim_fakefs_lookup(path, &p) == SIM_PATH_NONE) {
        return RESOLVE(statx)(dirfd, path, flags, mask, sx);
    } else {
        ret = fake_stat(&p, &st, !(flags & AT_SYMLINK_NOFOLLOW));
    }
    if (!ret)
        stat_to_statx(&st, sx);
    return ret;
}

typedef int (*xstat_fn)(int, const char *, struct stat *);
typedef int (*fxstat_fn)(int, int, struct stat *);

static int xstat_common(const char *name, int ver, const char *path, struct stat *st, bool follow)
{
    struct sim_path p;
    xstat_fn real;

    if (sim_fakefs_lookup(path, &p) != SIM_PATH_NONE)
        return fake_stat(&p, st, follow);
    real = (xstat_fn)real_versioned(name);
    return real ? real(ver, path, st) : fail(ENOSYS);
}

int __xstat(int ver, const char *path, struct stat *st)
{
    return xstat_common("__xstat", ver, path, st, true);
}

int __xstat64(int ver, const char *path, struct stat64 *st)
{
    return xstat_common("__xstat64", ver, path, (struct stat *)st, true);
}

int __lxstat(int ver, const char *path, struct stat *st)
{
    return xstat_common("__lxstat", ver, path, st, false);
}

int __lxstat64(int ver, const char *path, struct stat64 *st)
{
    return xstat_common("__lxstat64", ver, path, (struct stat *)st, false);
}

static int fxstat_common(const char *name, int ver, int fd, struct stat *st)
{
    struct sim_file *f = fd_file(fd);
    fxstat_fn real;
    int ret;

    if (f) {
        ret = fake_fstat(f, fd, st);
        sim_file_put(f);
        return ret;
    }
    real = (fxstat_fn)real_versioned(name);
    return real ? real(ver, fd, st) : fail(ENOSYS);
}

int __fxstat(int ver, int fd, struct stat *st)
{
    return fxstat_common("__fxstat", ver, fd, st);
}

int __fxstat64(int ver, int fd, struct stat64 *st)
{
    return fxstat_common("__fxstat64", ver, fd, (struct stat *)st);
}

/* ---------------------------------------------------------------- access, links, realpath */

static int fake_access(const struct sim_path *p, int mode)
{
    switch (p->kind) {
    case SIM_PATH_MISSING:
        return fail(ENOENT);
    case SIM_PATH_LINK:
        return RESOLVE(access)(p->resolved, mode);
    case SIM_PATH_FILE:
        return (mode & (W_OK | X_OK)) ? fail(EACCES) : 0;
    case SIM_PATH_NODE:
        return (mode & X_OK) ? fail(EACCES) : 0;
    default:
        return (mode & W_OK) ? fail(EACCES) : 0;
    }
}

int access(const char *path, int mode)
{
    struct sim_path p;

    if (sim_fakefs_lookup(path, &p) == SIM_PATH_NONE)
        return RESOLVE(access)(path, mode);
    return fake_access(&p, mode);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
    struct sim_path p;

    if (sim_fakefs_lookup(path, &p) == SIM_PATH_NONE)
        return RESOLVE(faccessat)(dirfd, path, mode, flags);
    return fake_access(&p, mode);
}

ssize_t readlink(const char *path, char *buf, size_t len)
{
    struct sim_path p;
    size_t n;

    switch (sim_fakefs_lookup(path, &p)) {
    case SIM_PATH_NONE:
        return RESOLVE(readlink)(path, buf, len);
    case SIM_PATH_MISSING:
        return fail(ENOENT);
    case SIM_PATH_LINK:
        n = strlen(p.target);
        if (n > len)
            n = len;
        memcpy(buf, p.target, n);   /* readlink() does not terminate */
        return (ssize_t)n;
    default:
        return fail(EINVAL);
    }
}

ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen)
{
    if (len > buflen)
        __chk_fail();   /* a buffer overflow in the caller, as glibc reports it */
    return readlink(path, buf, len);
}

char *realpath(const char *path, char *resolved)
{
    struct sim_path p;

    switch (sim_fakefs_lookup(path, &p)) {
    case SIM_PATH_NONE:
        return RESOLVE(realpath)(path, resolved);
    case SIM_PATH_MISSING:
        errno = ENOENT;
        return NULL;
    default:
        if (!resolved)
            return strdup(p.resolved);
        snprintf(resolved, PATH_MAX, "%s", p.resolved);
        return resolved;
    }
}

char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen)
{
    if (resolvedlen < PATH_MAX)
        __chk_fail();
    return realpath(path, resolved);
}

/* ---------------------------------------------------------------- directories */

/* A listing of one of our directories.  The DIR handed out is a real one
 * (of "/"), so every dirent function works on it; readdir answers from the
 * listing. */
struct fake_dir {
    struct fake_dir *next;
    DIR *dir;
    const char *names[SIM_PATH_MAX_ENTRIES + 2];
    unsigned n, pos;
    unsigned char type;              /* d_type of the entries */
    struct dirent de;
};

static struct fake_dir *fake_dirs;

static struct fake_dir *fake_dir_find(DIR *d)
{
    struct fake_dir *fd;

    pthread_mutex_lock(&dir_lock);
    for (fd = fake_dirs; fd && fd->dir != d; fd = fd->next)
        ;
    pthread_mutex_unlock(&dir_lock);
    return fd;
}

DIR *opendir(const char *path)
{
    struct sim_path p;
    struct fake_dir *fd;

    switch (sim_fakefs_lookup(path, &p)) {
    case SIM_PATH_NONE:
        return RESOLVE(opendir)(path);
    case SIM_PATH_LINK:
        return RESOLVE(opendir)(p.resolved);
    case SIM_PATH_DIR:
        break;
    case SIM_PATH_MISSING:
        errno = ENOENT;
        return NULL;
    default:
        errno = ENOTDIR;
        return NULL;
    }
    fd = calloc(1, sizeof(*fd));
    if (!fd) {
        errno = ENOMEM;
        return NULL;
    }
    fd->dir = RESOLVE(opendir)("/");
    if (!fd->dir) {
        free(fd);
        return NULL;
    }
    fd->names[fd->n++] = ".";
    fd->names[fd->n++] = "..";
    for (unsigned i = 0; i < p.nentries; i++)
        fd->names[fd->n++] = p.entries[i];
    fd->type = !strcmp(p.resolved, "/dev/dri") ? DT_CHR : DT_DIR;
    pthread_mutex_lock(&dir_lock);
    fd->next = fake_dirs;
    fake_dirs = fd;
    pthread_mutex_unlock(&dir_lock);
    return fd->dir;
}

static const char *fake_dir_next(struct fake_dir *fd, unsigned char *type, uint64_t *ino)
{
    const char *name;

    if (fd->pos >= fd->n)
        return NULL;
    name = fd->names[fd->pos];
    *type = fd->pos < 2 ? DT_DIR : fd->type;
    *ino = path_ino(name) + fd->pos;
    fd->pos++;
    return name;
}

/* On x86-64 struct dirent and struct dirent64 are the same layout. */
_Static_assert(sizeof(struct dirent) == sizeof(struct dirent64), "dirent64 is dirent");

struct dirent *readdir(DIR *d)
{
    struct fake_dir *fd = fake_dir_find(d);
    unsigned char type;
    const char *name;
    uint64_t ino;

    if (!fd)
        return RESOLVE(readdir)(d);
    name = fake_dir_next(fd, &type, &ino);
    if (!name)
        return NULL;
    memset(&fd->de, 0, sizeof(fd->de));
    fd->de.d_ino = (ino_t)ino;
    fd->de.d_type = type;
    fd->de.d_reclen = sizeof(fd->de);
    snprintf(fd->de.d_name, sizeof(fd->de.d_name), "%s", name);
    return &fd->de;
}

struct dirent64 *readdir64(DIR *d)
{
    if (!fake_dir_find(d))
        return RESOLVE(readdir64)(d);
    return (struct dirent64 *)readdir(d);
}

int closedir(DIR *d)
{
    struct fake_dir **pp, *fd = NULL;

    pthread_mutex_lock(&dir_lock);
    for (pp = &fake_dirs; *pp; pp = &(*pp)->next) {
        if ((*pp)->dir == d) {
            fd = *pp;
            *pp = fd->next;
            break;
        }
    }
    pthread_mutex_unlock(&dir_lock);
    free(fd);
    return RESOLVE(closedir)(d);
}
