/*
 * tools/cmd_info.c — `amdpm4 info [--json] [--device auto|hw|sim]`: the
 * device, its gfx target, compute units, clocks, and VRAM / visible VRAM /
 * GTT sizes and usage (amdpm4_device_info).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "amdpm4.h"
#include "tools/tool.h"

static const char usage_text[] =
    "usage: amdpm4 info [--json] [--device auto|hw|sim]\n"
    "\n"
    "Show the GPU amdpm4 drives: name, gfx target, compute units, clocks, and the\n"
    "sizes and current usage (all processes) of VRAM, CPU-visible VRAM and GTT.\n"
    "\n"
    "  --json             one JSON object instead of the table\n"
    "  --device MODE      auto (default; environment AMDPM4_DEVICE), hw or sim\n";

/* "1.5 GiB" for the table. */
static const char *human(uint64_t bytes, char *buf, size_t n)
{
    static const char *const unit[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double v = (double)bytes;
    unsigned u = 0;

    while (v >= 1024 && u + 1 < sizeof(unit) / sizeof(unit[0])) {
        v /= 1024;
        u++;
    }
    snprintf(buf, n, u ? "%.1f %s" : "%.0f %s", v, unit[u]);
    return buf;
}

static void heap_line(const char *name, const struct amdpm4_heap_info *h)
{
    char a[32], b[32], c[32];

    printf("%-14s %s usable of %s, %s used\n", name, human(h->usable_bytes, a, sizeof(a)),
           human(h->total_bytes, b, sizeof(b)), human(h->used_bytes, c, sizeof(c)));
}

static void print_table(const struct amdpm4_device_info *i)
{
    printf("%-14s %s (PCI %s, 1002:%04x rev %02x)\n", "device", i->render_path,
           i->pci_slot[0] ? i->pci_slot : "?", i->pci_device_id, i->pci_revision_id);
    printf("%-14s %s\n", "name", i->marketing_name[0] ? i->marketing_name
                                                      : "(not listed in amdgpu.ids)");
    printf("%-14s %s (%s, amdgpu family %u, external revision 0x%02x)\n", "gfx target",
           i->gfx_target, i->chip_name, i->family_id, i->chip_external_rev);
    printf("%-14s %s\n", "simulated", i->simulated ? i->simulator : "no (real hardware)");
    printf("%-14s %u (%u shader engines x %u arrays), wave%u\n", "compute units", i->cu_count,
           i->shader_engines, i->shader_arrays_per_engine, i->wave_lanes);
    printf("%-14s %u MHz max\n", "engine clock", i->max_engine_clock_khz / 1000);
    printf("%-14s %u MHz max, %u-bit\n", "memory clock", i->max_memory_clock_khz / 1000,
           i->vram_bit_width);
    if (i->timestamp_freq_khz % 1000)
        printf("%-14s %llu kHz\n", "timestamps", (unsigned long long)i->timestamp_freq_khz);
    else
        printf("%-14s %llu MHz\n", "timestamps", (unsigned long long)i->timestamp_freq_khz / 1000);
    printf("%-14s %u compute, %u DMA\n", "rings", i->compute_rings, i->dma_rings);
    printf("%-14s amdgpu %u.%u.%u\n", "kernel driver", i->drm_version_major,
           i->drm_version_minor, i->drm_version_patchlevel);
    heap_line("VRAM", &i->vram);
    heap_line("visible VRAM", &i->vram_visible);
    heap_line("GTT", &i->gtt);
}

/* A JSON string (the fields hold printable ASCII; quote and backslash are
 * escaped, anything else below 0x20 dropped). */
static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s >= 0x20)
            putchar(*s);
    }
    putchar('"');
}

static void json_heap(const char *name, const struct amdpm4_heap_info *h, bool last)
{
    printf("    \"%s\": {\"total_bytes\": %llu, \"usable_bytes\": %llu, \"used_bytes\": %llu, "
           "\"max_allocation_bytes\": %llu}%s\n", name, (unsigned long long)h->total_bytes,
           (unsigned long long)h->usable_bytes, (unsigned long long)h->used_bytes,
           (unsigned long long)h->max_allocation_bytes, last ? "" : ",");
}

static void print_json(const struct amdpm4_device_info *i)
{
    printf("{\n  \"render_path\": ");
    json_str(i->render_path);
    printf(",\n  \"pci_slot\": ");
    json_str(i->pci_slot);
    printf(",\n  \"pci_device_id\": %u,\n  \"pci_revision_id\": %u,\n  \"marketing_name\": ",
           i->pci_device_id, i->pci_revision_id);
    json_str(i->marketing_name);
    printf(",\n  \"gfx_target\": ");
    json_str(i->gfx_target);
    printf(",\n  \"chip\": ");
    json_str(i->chip_name);
    printf(",\n  \"family_id\": %u,\n  \"chip_external_rev\": %u,\n  \"simulated\": %s,\n"
           "  \"simulator\": ", i->family_id, i->chip_external_rev,
           i->simulated ? "true" : "false");
    json_str(i->simulator);
    printf(",\n  \"cu_count\": %u,\n  \"shader_engines\": %u,\n  \"shader_arrays_per_engine\": %u,"
           "\n  \"wave_lanes\": %u,\n  \"max_engine_clock_khz\": %u,\n"
           "  \"max_memory_clock_khz\": %u,\n  \"vram_bit_width\": %u,\n"
           "  \"timestamp_freq_khz\": %llu,\n  \"compute_rings\": %u,\n  \"dma_rings\": %u,\n"
           "  \"drm_version\": \"%u.%u.%u\",\n  \"heaps\": {\n",
           i->cu_count, i->shader_engines, i->shader_arrays_per_engine, i->wave_lanes,
           i->max_engine_clock_khz, i->max_memory_clock_khz, i->vram_bit_width,
           (unsigned long long)i->timestamp_freq_khz, i->compute_rings, i->dma_rings,
           i->drm_version_major, i->drm_version_minor, i->drm_version_patchlevel);
    json_heap("vram", &i->vram, false);
    json_heap("vram_visible", &i->vram_visible, false);
    json_heap("gtt", &i->gtt, true);
    printf("  }\n}\n");
}

static int info_main(int argc, char **argv)
{
    struct amdpm4_device_info info;
    struct tool_opts o;
    amdpm4_device *dev;
    bool json = false;
    int ret;

    if ((ret = tool_opts_init(&o, "info", TOOL_OPT_DEVICE)) != TOOL_OK)
        return ret;
    for (int i = 1; i < argc;) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage_text, stdout);
            return TOOL_OK;
        } else if (!strcmp(argv[i], "--json")) {
            json = true;
            i++;
        } else if ((ret = tool_take_common(&o, argc, argv, &i)) != 1) {
            return ret ? ret : tool_error("info", TOOL_USAGE, "unknown argument '%s' (see "
                                          "amdpm4 info --help)", argv[i]);
        }
    }
    ret = tool_open_device("info", o.device, &dev);
    if (ret != TOOL_OK)
        return ret;
    ret = amdpm4_device_info(dev, &info);
    if (ret) {
        tool_error("info", TOOL_FAIL, "%s", amdpm4_last_error());
        amdpm4_device_close(dev);
        return TOOL_FAIL;
    }
    if (json)
        print_json(&info);
    else
        print_table(&info);
    amdpm4_device_close(dev);
    return fflush(stdout) ? TOOL_FAIL : TOOL_OK;
}

const struct tool_cmd cmd_info = {"info", "device, gfx target, CUs, clocks, VRAM / GTT sizes and usage",
                                  info_main};
