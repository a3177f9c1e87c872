/*
 * sim/fakefs.c — see fakefs.h.  The layout follows a real amdgpu board:
 *
 *   /dev/dri/{card0,renderD128}                  character devices 226:0, 226:128
 *   /sys/dev/char/226:N/device  -> <pci_path>    the PCI function
 *   <pci_path>/{uevent,vendor,device,subsystem_vendor,subsystem_device,
 *               revision,config}                  what drmParsePci* read
 *   <pci_path>/subsystem        -> ../../../../bus/pci
 *   <pci_path>/drm/{card0,renderD128}            drmGetMinorNameForFD()
 */
#include "sim/fakefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/drv.h"
#include "sim/navi31.h"

static const char *const dri_entries[] = {"card0", "renderD128"};

/* Copy path into out with repeated and trailing slashes removed. */
static void normalize(const char *path, char *out, size_t n)
{
    size_t j = 0;

    for (size_t i = 0; path[i] && j + 1 < n; i++) {
        if (path[i] == '/' && j && out[j - 1] == '/')
            continue;
        out[j++] = path[i];
    }
    while (j > 1 && out[j - 1] == '/')
        j--;
    out[j] = '\0';
}

static void set_dir(struct sim_path *p, const char *const *entries, unsigned n)
{
    p->kind = SIM_PATH_DIR;
    for (unsigned i = 0; i < n && i < SIM_PATH_MAX_ENTRIES; i++)
        p->entries[i] = entries[i];
    p->nentries = n;
}

static void set_file(struct sim_path *p, const char *fmt, unsigned v)
{
    p->kind = SIM_PATH_FILE;
    p->content_len = (size_t)snprintf(p->content, sizeof(p->content), fmt, v);
}

/* The first 64 bytes of PCI configuration space (what an unprivileged
 * reader of sysfs "config" gets): IDs, revision, class, subsystem. */
static void set_config(struct sim_path *p)
{
    const struct sim_navi31 *d = &sim_navi31;
    uint8_t *c = (uint8_t *)p->content;

    memset(c, 0, 64);
    c[0] = (uint8_t)d->vendor_id;
    c[1] = (uint8_t)(d->vendor_id >> 8);
    c[2] = (uint8_t)d->device_id;
    c[3] = (uint8_t)(d->device_id >> 8);
    c[8] = d->revision_id;
    c[9] = (uint8_t)d->pci_class;
    c[10] = (uint8_t)(d->pci_class >> 8);
    c[11] = (uint8_t)(d->pci_class >> 16);
    c[44] = (uint8_t)d->subvendor_id;
    c[45] = (uint8_t)(d->subvendor_id >> 8);
    c[46] = (uint8_t)d->subdevice_id;
    c[47] = (uint8_t)(d->subdevice_id >> 8);
    p->kind = SIM_PATH_FILE;
    p->content_len = 64;
}

/* rest: what follows the PCI device directory ("" for the directory). */
static void pci_entry(const char *rest, struct sim_path *p)
{
    const struct sim_navi31 *d = &sim_navi31;
    static const char *const dev_entries[] = {"drm", "subsystem", "uevent", "vendor"};

    snprintf(p->resolved, sizeof(p->resolved), "%s%s", d->pci_path, rest);
    if (!*rest) {
        set_dir(p, dev_entries, 4);
    } else if (!strcmp(rest, "/drm")) {
        set_dir(p, dri_entries, 2);
    } else if (!strcmp(rest, "/subsystem")) {
        p->kind = SIM_PATH_LINK;
        snprintf(p->target, sizeof(p->target), "../../../../bus/pci");
        snprintf(p->resolved, sizeof(p->resolved), "/sys/bus/pci");
    } else if (!strcmp(rest, "/uevent")) {
        p->kind = SIM_PATH_FILE;
        p->content_len = (size_t)snprintf(
            p->content, sizeof(p->content),
            "DRIVER=amdgpu\nPCI_CLASS=%X\nPCI_ID=%04X:%04X\nPCI_SUBSYS_ID=%04X:%04X\n"
            "PCI_SLOT_NAME=%s\nMODALIAS=pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X\n",
            d->pci_class, d->vendor_id, d->device_id, d->subvendor_id, d->subdevice_id,
            d->pci_slot, d->vendor_id, d->device_id, d->subvendor_id, d->subdevice_id,
            d->pci_class >> 16, (d->pci_class >> 8) & 0xff, d->pci_class & 0xff);
    } else if (!strcmp(rest, "/vendor")) {
        set_file(p, "0x%04x\n", d->vendor_id);
    } else if (!strcmp(rest, "/device")) {
        set_file(p, "0x%04x\n", d->device_id);
    } else if (!strcmp(rest, "/subsystem_vendor")) {
        set_file(p, "0x%04x\n", d->subvendor_id);
    } else if (!strcmp(rest, "/subsystem_device")) {
        set_file(p, "0x%04x\n", d->subdevice_id);
    } else if (!strcmp(rest, "/revision")) {
        set_file(p, "0x%02x\n", d->revision_id);
    } else if (!strcmp(rest, "/config")) {
        set_config(p);
    } else if (!strncmp(rest, "/drm/", 5) &&
               (!strcmp(rest + 5, dri_entries[0]) || !strcmp(rest + 5, dri_entries[1]))) {
        set_dir(p, NULL, 0);
    } else {
        p->kind = SIM_PATH_MISSING;
    }
}

enum sim_path_kind sim_fakefs_lookup(const char *path, struct sim_path *p)
{
    char n[384];
    const char *pci = sim_navi31.pci_path;
    size_t pci_len = strlen(pci);

    memset(p, 0, sizeof(*p));
    if (!path || path[0] != '/')
        return p->kind = SIM_PATH_NONE;
    /* cheap rejection of everything else */
    if (strncmp(path, "/dev", 4) && strncmp(path, "/sys", 4))
        return p->kind = SIM_PATH_NONE;
    normalize(path, n, sizeof(n));
    snprintf(p->resolved, sizeof(p->resolved), "%s", n);

    if (!strcmp(n, "/dev/dri")) {
        set_dir(p, dri_entries, 2);
    } else if (!strncmp(n, "/dev/dri/", 9)) {
        p->kind = SIM_PATH_NODE;
        if (!strcmp(n + 9, dri_entries[0]))
            p->minor = SIM_MINOR_PRIMARY;
        else if (!strcmp(n + 9, dri_entries[1]))
            p->minor = SIM_MINOR_RENDER;
        else
            p->kind = SIM_PATH_MISSING;
    } else if (!strncmp(n, "/sys/dev/char/226:", 18)) {
        const char *rest = n + 18;
        size_t ml;

        if (!strncmp(rest, "0", 1) && (rest[1] == '/' || !rest[1]))
            ml = 1;
        else if (!strncmp(rest, "128", 3) && (rest[3] == '/' || !rest[3]))
            ml = 3;
        else
            return p->kind = SIM_PATH_MISSING;
        rest += ml;
        if (!*rest) {
            static const char *const e[] = {"dev", "device", "uevent"};

            set_dir(p, e, 3);
        } else if (!strncmp(rest, "/device", 7) && (rest[7] == '/' || !rest[7])) {
            pci_entry(rest + 7, p);   /* "device" leads to the PCI function */
        } else {
            p->kind = SIM_PATH_MISSING;
        }
    } else if (!strncmp(n, pci, pci_len) && (n[pci_len] == '/' || !n[pci_len])) {
        pci_entry(n + pci_len, p);
    } else {
        p->kind = SIM_PATH_NONE;
    }
    return p->kind;
}
