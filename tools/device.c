/*
 * tools/device.c — device selection for the subcommands that touch a GPU
 * (../shared/design/cli.md, "Device selection"):
 *
 *   --device auto|hw|sim   (environment AMDPM4_DEVICE; default auto)
 *   auto  a real gfx11 GPU when one is present; otherwise re-execute the tool
 *         under the simulated gfx1100 (LD_PRELOAD of libamdpm4sim.so found
 *         beside the executable or in ../lib), saying so in one line;
 *   hw    a real gfx11 GPU or fail;
 *   sim   always the simulated gfx1100.
 *
 * Whether the simulator is loaded is told by its exported marker string.
 */
#include "tools/tool.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amdpm4.h"

#define TOOL_SIM_LIBRARY "libamdpm4sim.so"
#define TOOL_SIM_MARKER "amdpm4_sim_marker"

char **tool_argv;

static bool simulator_loaded(void)
{
    return dlsym(RTLD_DEFAULT, TOOL_SIM_MARKER) != NULL;
}

/* libamdpm4sim.so beside the executable (build tree) or in ../lib (an
 * installed prefix), into path. */
static bool find_simulator(char *path, size_t bytes)
{
    static const char *const rel[] = {"/" TOOL_SIM_LIBRARY, "/../lib/" TOOL_SIM_LIBRARY};
    char exe[PATH_MAX - 32];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;

    if (n <= 0)
        return false;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
        snprintf(path, bytes, "%s%s", exe, rel[i]);
        if (!access(path, R_OK))
            return true;
    }
    return false;
}

/* Run this command again with the simulator preloaded.  Returns only on
 * failure (a tool exit code). */
static int reexec_simulated(const char *cmd, bool announce)
{
    char lib[PATH_MAX], preload[PATH_MAX * 2];
    const char *old = getenv("LD_PRELOAD");

    if (!find_simulator(lib, sizeof(lib)))
        return tool_error(cmd, TOOL_FAIL, "the simulated gfx1100 (%s) is neither beside the "
                          "executable nor in ../lib", TOOL_SIM_LIBRARY);
    snprintf(preload, sizeof(preload), "%s%s%s", lib, old && *old ? ":" : "", old ? old : "");
    if (setenv("LD_PRELOAD", preload, 1) || setenv("AMDPM4_DEVICE", "sim", 1))
        return tool_error(cmd, TOOL_FAIL, "cannot set the environment: %s", strerror(errno));
    if (announce)
        fprintf(stderr, "amdpm4 %s: no gfx11 GPU found; running on the simulated gfx1100\n", cmd);
    fflush(NULL);
    execv("/proc/self/exe", tool_argv);
    return tool_error(cmd, TOOL_FAIL, "cannot re-execute under the simulator: %s",
                      strerror(errno));
}

/* The first device that opens (a gfx11 GPU), or a negative errno. */
static int open_first(amdpm4_device **dev)
{
    struct amdpm4_device_entry e[16];
    unsigned n = 0;
    int ret = amdpm4_enumerate(e, 16, &n);

    if (ret)
        return ret;
    ret = -ENODEV;
    for (unsigned i = 0; i < n && i < 16; i++) {
        ret = amdpm4_device_open_path(e[i].render_path, dev);
        if (!ret)
            return 0;
    }
    if (!n)
        amdpm4_device_open(0, dev);   /* leaves the "no AMD GPU" message */
    return ret;
}

int tool_open_device(const char *cmd, const char *mode, amdpm4_device **dev)
{
    int ret;

    *dev = NULL;
    if (!mode)
        mode = getenv("AMDPM4_DEVICE");
    if (!mode || !*mode)
        mode = "auto";
    if (strcmp(mode, "auto") && strcmp(mode, "hw") && strcmp(mode, "sim"))
        return tool_error(cmd, TOOL_USAGE, "--device %s: use auto, hw or sim", mode);
    if (!strcmp(mode, "sim") && !simulator_loaded())
        return reexec_simulated(cmd, false);
    if (!strcmp(mode, "hw") && simulator_loaded())
        return tool_error(cmd, TOOL_FAIL, "--device hw, but the simulated gfx1100 is loaded "
                          "(LD_PRELOAD=%s)", getenv("LD_PRELOAD") ? getenv("LD_PRELOAD") : "");
    ret = open_first(dev);
    if (!ret)
        return TOOL_OK;
    if (!strcmp(mode, "auto") && !simulator_loaded())
        return reexec_simulated(cmd, true);
    return tool_error(cmd, TOOL_FAIL, "%s", amdpm4_last_error());
}
