/*
 * sim/fakefs.h — the files the simulated device adds to the filesystem: its
 * nodes in /dev/dri and the sysfs entries libdrm's drmGetDevices2() and
 * drmGetDevice2() read, describing PCI device 1002:744C.
 *
 * Only absolute paths are recognised.  /dev/dri and /sys/dev/char/226:*
 * belong wholly to the simulator: real DRM nodes are hidden, so programs
 * under the simulator see exactly one GPU.
 */
#ifndef AMDPM4_SIM_FAKEFS_H
#define AMDPM4_SIM_FAKEFS_H

#include <stddef.h>

enum sim_path_kind {
    SIM_PATH_NONE,       /* not the simulator's: the real filesystem answers */
    SIM_PATH_MISSING,    /* hidden or absent: ENOENT */
    SIM_PATH_DIR,
    SIM_PATH_FILE,
    SIM_PATH_NODE,       /* a DRM device node */
    SIM_PATH_LINK,       /* a symbolic link */
};

#define SIM_PATH_MAX_ENTRIES 4

struct sim_path {
    enum sim_path_kind kind;
    int minor;                                   /* NODE */
    char content[256];                           /* FILE */
    size_t content_len;
    char target[256];                            /* LINK: what readlink() returns */
    char resolved[512];                          /* realpath() of the path */
    const char *entries[SIM_PATH_MAX_ENTRIES];   /* DIR: names, without "." and ".." */
    unsigned nentries;
};

/* Classify path (and fill what the kind needs).  Returns p->kind. */
enum sim_path_kind sim_fakefs_lookup(const char *path, struct sim_path *p);

#endif
