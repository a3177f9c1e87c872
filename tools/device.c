/* tools/device.c — which device a subcommand runs on (cli.md "Device
 * selection"): a real gfx11 GPU, or the simulated gfx1100 loaded by
 * re-executing the tool with libamdpm4sim.so in LD_PRELOAD. */
#include "tools/tool.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amdpm4.h"

#define SIM_LIB "libamdpm4sim.so"
/* Set across the re-execution: a child that still finds no simulator
 * reports it instead of re-executing again. */
#define REEXEC_ENV "AMDPM4_SIM_REEXEC"
#define MAX_PROBED 16u

static unsigned chosen_index;

int tool_device_parse(const char *s, enum tool_device *d)
{
    static const char *const names[] = {"auto", "hw", "sim"};

    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(s, names[i])) {
            *d = (enum tool_device)i;
            return 0;
        }
    return -EINVAL;
}

bool tool_simulated(void)
{
    /* The simulator exports this one data symbol (sim/sim.map). */
    return dlsym(RTLD_DEFAULT, "amdpm4_sim_marker") != NULL;
}

unsigned tool_device_index(void)
{
    return chosen_index;
}

/* The first amdpm4_enumerate() entry that opens as a gfx11 device: 1 and
 * *index, or 0 with why it found none in why. */
static int probe_gfx11(unsigned *index, char *why, size_t why_bytes)
{
    struct amdpm4_device_entry e[MAX_PROBED];
    unsigned count = 0;
    int r = amdpm4_enumerate(e, MAX_PROBED, &count);

    if (r) {
        snprintf(why, why_bytes, "enumeration failed: %.300s", amdpm4_last_error());
        return 0;
    }
    snprintf(why, why_bytes, "no AMD GPU");
    for (unsigned i = 0; i < count && i < MAX_PROBED; i++) {
        amdpm4_device *dev;
        if (amdpm4_device_open(i, &dev) == 0) {
            amdpm4_device_close(dev);
            *index = i;
            return 1;
        }
        snprintf(why, why_bytes, "%.60s: %.300s", e[i].render_path, amdpm4_last_error());
    }
    return 0;
}

/* The simulator library beside the executable, else in ../lib (an
 * installed tree: PREFIX/bin/amdpm4, PREFIX/lib/libamdpm4sim.so). */
static int find_sim(char *path, size_t path_bytes, char *exe_dir, size_t dir_bytes)
{
    static const char *const rel[] = {"/" SIM_LIB, "/../lib/" SIM_LIB};
    char exe[PATH_MAX], cand[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;

    if (n <= 0)
        return -errno;
    exe[n] = '\0';
    if ((slash = strrchr(exe, '/')))
        *slash = '\0';
    snprintf(exe_dir, dir_bytes, "%s", exe);
    for (unsigned i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
        snprintf(cand, sizeof(cand), "%s%s", exe, rel[i]);
        if (access(cand, R_OK) == 0 && realpath(cand, path) && strlen(path) < path_bytes)
            return 0;
    }
    return -ENOENT;
}

static int reexec_under_sim(const char *cmd, const char *announce_why)
{
    char sim[PATH_MAX], dir[PATH_MAX], *preload;
    const char *old = getenv("LD_PRELOAD");
    size_t n;

    if (getenv(REEXEC_ENV))
        return tool_error(cmd, TOOL_FAIL, "the simulated gfx1100 did not load under "
                          "LD_PRELOAD='%s' (see the dynamic loader's message above)",
                          old ? old : "");
    if (find_sim(sim, sizeof(sim), dir, sizeof(dir)))
        return tool_error(cmd, TOOL_FAIL, "%s%sthe simulated gfx1100 (" SIM_LIB ") is neither "
                          "in %s nor in %s/../lib", announce_why ? announce_why : "",
                          announce_why ? "; " : "", dir, dir);
    n = strlen(sim) + (old ? strlen(old) + 1 : 0) + 1;
    if (!(preload = malloc(n)))
        return tool_error(cmd, TOOL_FAIL, "out of memory");
    snprintf(preload, n, "%s%s%s", sim, old && *old ? " " : "", old ? old : "");
    if (setenv("LD_PRELOAD", preload, 1) || setenv(REEXEC_ENV, "1", 1)) {
        free(preload);
        return tool_error(cmd, TOOL_FAIL, "cannot set LD_PRELOAD: %s", strerror(errno));
    }
    free(preload);
    if (announce_why)
        fprintf(stderr, "amdpm4 %s: %s; running on the simulated gfx1100 (%s)\n", cmd,
                announce_why, sim);
    fflush(NULL);
    execv("/proc/self/exe", tool_argv);
    return tool_error(cmd, TOOL_FAIL, "cannot re-execute under the simulator: %s",
                      strerror(errno));
}

int tool_device_select(const char *cmd, enum tool_device d)
{
    char why[400], msg[440];

    if (tool_simulated()) {
        unsetenv(REEXEC_ENV);
        if (d == TOOL_DEVICE_HW)
            return tool_error(cmd, TOOL_FAIL, "--device hw, but the simulated gfx1100 is loaded "
                              "(LD_PRELOAD='%s'): unset LD_PRELOAD to use a real GPU",
                              getenv("LD_PRELOAD") ? getenv("LD_PRELOAD") : "");
        chosen_index = 0;
        return TOOL_OK;
    }
    if (d == TOOL_DEVICE_SIM)
        return reexec_under_sim(cmd, NULL);
    if (probe_gfx11(&chosen_index, why, sizeof(why)))
        return TOOL_OK;
    if (d == TOOL_DEVICE_HW)
        return tool_error(cmd, TOOL_FAIL, "--device hw: no gfx11 GPU found (%s)", why);
    snprintf(msg, sizeof(msg), "no gfx11 GPU found (%s)", why);
    return reexec_under_sim(cmd, msg);
}

int tool_open_device(const char *cmd, enum tool_device d, amdpm4_device **dev)
{
    int r = tool_device_select(cmd, d);

    *dev = NULL;
    if (r != TOOL_OK)
        return r;
    if (amdpm4_device_open(chosen_index, dev))
        return tool_error(cmd, TOOL_FAIL, "%s", amdpm4_last_error());
    return TOOL_OK;
}
