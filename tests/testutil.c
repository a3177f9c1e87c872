/* tests/testutil.c — see testutil.h. */
#include "tests/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

const char *test_build_dir(void)
{
    const char *d = getenv("AMDPM4_BUILD");
    return d && *d ? d : "build";
}

const char *test_build_path(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof(path), "%s/%s", test_build_dir(), name);
    return path;
}

struct growbuf {
    char *p;
    size_t n, cap;
};

static int grow_append(struct growbuf *b, const char *src, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        char *p;
        while (cap < b->n + n + 1)
            cap *= 2;
        p = realloc(b->p, cap);
        if (!p)
            return -ENOMEM;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

static char **merged_env(char *const extra[])
{
    size_t n = 0, m = 0;
    char **env;

    while (environ[n])
        n++;
    while (extra && extra[m])
        m++;
    env = calloc(n + m + 1, sizeof(*env));
    if (!env)
        return NULL;
    for (size_t i = 0; i < m; i++)
        env[i] = extra[i];
    for (size_t i = 0; i < n; i++)
        env[m + i] = environ[i];
    return env;
}

int test_run(struct test_run *r, char *const argv[], const char *stdin_text,
             char *const extra_env[])
{
    int in[2], out[2], err[2], status = 0, ret = 0;
    posix_spawn_file_actions_t fa;
    struct growbuf ob = {0}, eb = {0};
    size_t in_off = 0, in_len = stdin_text ? strlen(stdin_text) : 0;
    char **env;
    pid_t pid;

    memset(r, 0, sizeof(*r));
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
        return -errno;
    env = merged_env(extra_env);
    if (!env)
        return -ENOMEM;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    ret = posix_spawn(&pid, argv[0], &fa, NULL, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (ret) {
        close(in[1]);
        close(out[0]);
        close(err[0]);
        return -ret;
    }
    signal(SIGPIPE, SIG_IGN);
    if (!in_len) {
        close(in[1]);
        in[1] = -1;
    }
    for (;;) {
        struct pollfd p[3] = {
            {.fd = out[0], .events = POLLIN},
            {.fd = err[0], .events = POLLIN},
            {.fd = in[1], .events = POLLOUT},
        };
        char buf[65536];
        ssize_t k;

        if (p[0].fd < 0 && p[1].fd < 0)
            break;
        if (poll(p, 3, -1) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; i++) {
            if (p[i].fd >= 0 && (p[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                k = read(p[i].fd, buf, sizeof(buf));
                if (k > 0) {
                    grow_append(i ? &eb : &ob, buf, (size_t)k);
                } else {
                    close(p[i].fd);
                    if (i)
                        err[0] = -1;
                    else
                        out[0] = -1;
                }
            }
        }
        if (in[1] >= 0 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            k = write(in[1], stdin_text + in_off, in_len - in_off);
            if (k > 0)
                in_off += (size_t)k;
            if (k <= 0 || in_off == in_len) {
                close(in[1]);
                in[1] = -1;
            }
        }
    }
    if (in[1] >= 0)
        close(in[1]);
    waitpid(pid, &status, 0);
    r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r->out = ob.p ? ob.p : strdup("");
    r->err = eb.p ? eb.p : strdup("");
    return 0;
}

void test_run_free(struct test_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

static int read_whole(const char *path, uint8_t **data, size_t *bytes)
{
    FILE *f = fopen(path, "rb");
    uint8_t *p = NULL;
    long n;

    if (!f)
        return -1;
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) ||
        !(p = malloc((size_t)n)) || fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        fclose(f);
        return -1;
    }
    fclose(f);
    *data = p;
    *bytes = (size_t)n;
    return 0;
}

int test_assemble(const char *source, const char *cpu, uint8_t **co, size_t *co_bytes, char *err,
                  size_t err_bytes)
{
    char dir[] = "/tmp/amdpm4-asm-XXXXXX", obj[64], out[64], mcpu[64];
    char *mc[] = {LLVM_MC_PATH, "-triple=amdgcn-amd-amdhsa", mcpu, "-filetype=obj", "-o", obj,
                  "-", NULL};
    char *ld[] = {LLD_PATH, "-shared", "-o", out, obj, NULL};
    char *const *steps[] = {mc, ld};
    int ret = 0;

    *co = NULL;
    err[0] = '\0';
    if (!mkdtemp(dir)) {
        snprintf(err, err_bytes, "mkdtemp: %s", strerror(errno));
        return -1;
    }
    snprintf(obj, sizeof(obj), "%s/k.o", dir);
    snprintf(out, sizeof(out), "%s/k.co", dir);
    snprintf(mcpu, sizeof(mcpu), "-mcpu=%s", cpu);
    for (unsigned i = 0; i < 2 && !ret; i++) {
        struct test_run r;

        if (test_run(&r, steps[i], i ? NULL : source, NULL)) {
            snprintf(err, err_bytes, "cannot run %s", steps[i][0]);
            ret = -1;
            break;
        }
        if (r.exit_code) {
            snprintf(err, err_bytes, "%s: exit %d: %s", steps[i][0], r.exit_code, r.err);
            ret = -1;
        }
        test_run_free(&r);
    }
    if (!ret && read_whole(out, co, co_bytes)) {
        snprintf(err, err_bytes, "cannot read %s", out);
        ret = -1;
    }
    unlink(obj);
    unlink(out);
    rmdir(dir);
    return ret;
}
