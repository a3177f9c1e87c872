/* vkref/device.c — loader set-up under the simulator, instance and
 * validation messages, device listing and choice, device and queue. */
#include "vkref/vkref_int.h"
#include "pm4/log.h"

#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* PCI vendor of AMD: the only devices that could be the simulated one. */
#define VENDOR_AMD 0x1002

const char *vkref_result_str(VkResult r)
{
    switch (r) {
#define R(x) case x: return #x;
    R(VK_SUCCESS) R(VK_NOT_READY) R(VK_TIMEOUT) R(VK_INCOMPLETE)
    R(VK_ERROR_OUT_OF_HOST_MEMORY) R(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    R(VK_ERROR_INITIALIZATION_FAILED) R(VK_ERROR_DEVICE_LOST) R(VK_ERROR_MEMORY_MAP_FAILED)
    R(VK_ERROR_LAYER_NOT_PRESENT) R(VK_ERROR_EXTENSION_NOT_PRESENT)
    R(VK_ERROR_FEATURE_NOT_PRESENT) R(VK_ERROR_INCOMPATIBLE_DRIVER)
    R(VK_ERROR_TOO_MANY_OBJECTS) R(VK_ERROR_FORMAT_NOT_SUPPORTED) R(VK_ERROR_FRAGMENTED_POOL)
    R(VK_ERROR_OUT_OF_POOL_MEMORY) R(VK_ERROR_INVALID_SHADER_NV) R(VK_ERROR_UNKNOWN)
#undef R
    default: return "VkResult (unnamed)";
    }
}

int vkref_fail(VkResult r, const char *what)
{
    int err = r == VK_ERROR_OUT_OF_HOST_MEMORY || r == VK_ERROR_OUT_OF_DEVICE_MEMORY ? -ENOMEM
                                                                                     : -EIO;
    return amdpm4_seterr(err, "%s: %s (%d)", what, vkref_result_str(r), (int)r);
}

bool vkref_simulator_present(void)
{
    return dlsym(RTLD_DEFAULT, "amdpm4_sim_marker") != NULL;
}

/* ---------------------------------------------------------------- loader */

/* The value this process gave VK_DRIVER_FILES, to recognise it later. */
static char our_driver_files[1024];

/* Lavapipe's manifests (lvp_icd*.json) in the first directory of the
 * loader's search path that holds any, ':'-separated. */
static int find_lavapipe_icds(char *out, size_t n)
{
    const char *cfg = getenv("XDG_CONFIG_DIRS"), *data = getenv("XDG_DATA_DIRS");
    char dirs[2048];

    snprintf(dirs, sizeof(dirs), "%s:/etc:%s", cfg && *cfg ? cfg : "/etc/xdg",
             data && *data ? data : "/usr/local/share:/usr/share");
    out[0] = '\0';
    for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        char path[1024];
        DIR *dir;
        struct dirent *e;
        size_t off = 0;

        snprintf(path, sizeof(path), "%s/vulkan/icd.d", d);
        if (!(dir = opendir(path)))
            continue;
        while ((e = readdir(dir))) {
            size_t len = strlen(e->d_name);
            if (strncmp(e->d_name, "lvp_icd", 7) || len < 5 || strcmp(e->d_name + len - 5, ".json"))
                continue;
            off += (size_t)snprintf(out + off, off < n ? n - off : 0, "%s%s/%s", off ? ":" : "",
                                    path, e->d_name);
        }
        closedir(dir);
        if (off >= n)
            return amdpm4_seterr(-ENAMETOOLONG, "lavapipe ICD paths too long");
        if (off)
            return 0;
    }
    return amdpm4_seterr(-ENOENT, "the simulated gfx1100 is loaded and lavapipe's Vulkan ICD "
                                  "(vulkan/icd.d/lvp_icd*.json) was not found: install "
                                  "mesa-vulkan-drivers, or set VK_DRIVER_FILES to a driver that "
                                  "is not the simulated GPU");
}

/* Under the simulator, keep the loader away from RADV and the simulated
 * node: restrict it to lavapipe for the whole process (the loader reads
 * these variables at every instance creation), unless the user chose
 * drivers already. */
static int setup_loader(const struct vkref_options *o, struct vkref_loader_info *li)
{
    const char *df = getenv("VK_DRIVER_FILES"), *icd = getenv("VK_ICD_FILENAMES");
    char files[sizeof(our_driver_files)];
    int r;

    memset(li, 0, sizeof(*li));
    li->simulator = o->simulator == VKREF_SIM_YES ||
                    (o->simulator == VKREF_SIM_AUTO && vkref_simulator_present());
    if (!li->simulator)
        return 0;
    if (df && our_driver_files[0] && !strcmp(df, our_driver_files)) {
        li->restricted = true;
    } else if ((df && *df) || (icd && *icd)) {
        snprintf(li->note, sizeof(li->note),
                 "simulated gfx1100 loaded: the Vulkan drivers chosen by %s=%.1024s are kept; AMD "
                 "devices are excluded from the reference", df && *df ? "VK_DRIVER_FILES"
                                                                     : "VK_ICD_FILENAMES",
                 df && *df ? df : icd);
        return 0;
    } else {
        r = find_lavapipe_icds(files, sizeof(files));
        if (r)
            return r;
        if (setenv("VK_DRIVER_FILES", files, 1) || setenv("VK_ICD_FILENAMES", files, 1))
            return amdpm4_seterr(-errno, "setenv VK_DRIVER_FILES: %s", strerror(errno));
        setenv("NODEVICE_SELECT", "1", 0);
        memcpy(our_driver_files, files, sizeof(files));
        li->restricted = true;
    }
    snprintf(li->note, sizeof(li->note),
             "simulated gfx1100 loaded: Vulkan loader restricted to lavapipe for this process "
             "(VK_DRIVER_FILES=%s)", our_driver_files);
    return 0;
}

/* ---------------------------------------------------------------- instance */

static VKAPI_ATTR VkBool32 VKAPI_CALL on_message(VkDebugUtilsMessageSeverityFlagBitsEXT sev,
                                                 VkDebugUtilsMessageTypeFlagsEXT type,
                                                 const VkDebugUtilsMessengerCallbackDataEXT *d,
                                                 void *user)
{
    struct vkref *vk = user;

    (void)type;
    if (sev < VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT)
        return VK_FALSE;
    atomic_fetch_add(&vk->n_messages, 1);
    if (!atomic_flag_test_and_set(&vk->first_taken))
        snprintf(vk->first_msg, sizeof(vk->first_msg), "%s",
                 d && d->pMessage ? d->pMessage : "(no text)");
    return VK_FALSE;
}

static bool has_layer(const char *name)
{
    uint32_t n = 0;
    VkLayerProperties *p;
    bool found = false;

    if (vkEnumerateInstanceLayerProperties(&n, NULL) != VK_SUCCESS || !n)
        return false;
    if (!(p = calloc(n, sizeof(*p))))
        return false;
    if (vkEnumerateInstanceLayerProperties(&n, p) == VK_SUCCESS)
        for (uint32_t i = 0; i < n; i++)
            found |= !strcmp(p[i].layerName, name);
    free(p);
    return found;
}

static bool has_instance_ext(const char *layer, const char *name)
{
    uint32_t n = 0;
    VkExtensionProperties *p;
    bool found = false;

    if (vkEnumerateInstanceExtensionProperties(layer, &n, NULL) != VK_SUCCESS || !n)
        return false;
    if (!(p = calloc(n, sizeof(*p))))
        return false;
    if (vkEnumerateInstanceExtensionProperties(layer, &n, p) == VK_SUCCESS)
        for (uint32_t i = 0; i < n; i++)
            found |= !strcmp(p[i].extensionName, name);
    free(p);
    return found;
}

#define VALIDATION_LAYER "VK_LAYER_KHRONOS_validation"

/* vk may be NULL (listing only: no messenger). */
static int create_instance(bool validation, struct vkref *vk, VkInstance *out)
{
    const char *layers[] = {VALIDATION_LAYER};
    const char *exts[2];
    uint32_t n_exts = 0;
    bool messages = false;
    VkApplicationInfo app = {
        .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
        .pApplicationName = "amdpm4-vkref",
        .apiVersion = VK_API_VERSION_1_2,
    };
    VkValidationFeatureEnableEXT enables[] = {
        VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT,
    };
    VkValidationFeaturesEXT features = {
        .sType = VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT,
        .enabledValidationFeatureCount = 1,
        .pEnabledValidationFeatures = enables,
    };
    VkDebugUtilsMessengerCreateInfoEXT msg = {
        .sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
        .messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                           VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
        .messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                       VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                       VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT,
        .pfnUserCallback = on_message,
        .pUserData = vk,
    };
    VkInstanceCreateInfo ci = {
        .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
        .pApplicationInfo = &app,
    };
    VkResult vr;

    if (validation) {
        if (!has_layer(VALIDATION_LAYER))
            return amdpm4_seterr(-ENOENT, "validation asked for but %s is not installed "
                                          "(Debian: vulkan-validationlayers)", VALIDATION_LAYER);
        ci.enabledLayerCount = 1;
        ci.ppEnabledLayerNames = layers;
        if (has_instance_ext(VALIDATION_LAYER, VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME)) {
            exts[n_exts++] = VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME;
            features.pNext = ci.pNext;
            ci.pNext = &features;
        }
    }
    if (vk && (has_instance_ext(NULL, VK_EXT_DEBUG_UTILS_EXTENSION_NAME) ||
               (validation && has_instance_ext(VALIDATION_LAYER,
                                               VK_EXT_DEBUG_UTILS_EXTENSION_NAME)))) {
        exts[n_exts++] = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
        msg.pNext = ci.pNext;
        ci.pNext = &msg;        /* messages of vkCreateInstance/vkDestroyInstance too */
        messages = true;
    } else if (vk && validation) {
        return amdpm4_seterr(-ENOENT, "validation asked for but %s is not available to "
                                      "collect its messages", VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    }
    ci.enabledExtensionCount = n_exts;
    ci.ppEnabledExtensionNames = n_exts ? exts : NULL;
    vr = vkCreateInstance(&ci, NULL, out);
    if (vr == VK_ERROR_INCOMPATIBLE_DRIVER)
        return amdpm4_seterr(-ENODEV, "vkCreateInstance: no Vulkan driver found "
                                      "(VK_ERROR_INCOMPATIBLE_DRIVER); install one, e.g. "
                                      "mesa-vulkan-drivers for lavapipe");
    if (vr != VK_SUCCESS)
        return vkref_fail(vr, "vkCreateInstance");
    if (messages) {
        PFN_vkCreateDebugUtilsMessengerEXT create = (PFN_vkCreateDebugUtilsMessengerEXT)
            vkGetInstanceProcAddr(*out, "vkCreateDebugUtilsMessengerEXT");
        msg.pNext = NULL;
        if (!create || (vr = create(*out, &msg, NULL, &vk->messenger)) != VK_SUCCESS) {
            vkDestroyInstance(*out, NULL);
            *out = VK_NULL_HANDLE;
            return vkref_fail(create ? vr : VK_ERROR_EXTENSION_NOT_PRESENT,
                              "vkCreateDebugUtilsMessengerEXT");
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- devices */

static const char *type_name(VkPhysicalDeviceType t)
{
    switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete GPU";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated GPU";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual GPU";
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return "CPU";
    default: return "other";
    }
}

/* Default preference: discrete, integrated, virtual, CPU, other. */
static int type_rank(VkPhysicalDeviceType t)
{
    switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 0;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 1;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return 3;
    default: return 4;
    }
}

static void device_info(VkPhysicalDevice pd, uint32_t index, bool simulator,
                        struct vkref_device_info *di)
{
    VkPhysicalDeviceDriverProperties drv = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES,
    };
    VkPhysicalDeviceProperties2 p = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    VkPhysicalDeviceProperties p1;

    memset(di, 0, sizeof(*di));
    vkGetPhysicalDeviceProperties(pd, &p1);
    /* Driver properties: core in 1.2; on older devices the names stay empty. */
    if (p1.apiVersion >= VK_API_VERSION_1_2)
        p.pNext = &drv;
    vkGetPhysicalDeviceProperties2(pd, &p);
    di->index = index;
    snprintf(di->name, sizeof(di->name), "%s", p.properties.deviceName);
    snprintf(di->driver_name, sizeof(di->driver_name), "%s",
             p.pNext ? drv.driverName : "unknown");
    snprintf(di->driver_info, sizeof(di->driver_info), "%s", p.pNext ? drv.driverInfo : "");
    di->type = type_name(p.properties.deviceType);
    di->vk_type = (uint32_t)p.properties.deviceType;
    di->vendor_id = p.properties.vendorID;
    di->device_id = p.properties.deviceID;
    di->api_version = p.properties.apiVersion;
    di->excluded = simulator && p.properties.vendorID == VENDOR_AMD;
}

static int enumerate(VkInstance inst, bool simulator, VkPhysicalDevice **pds,
                     struct vkref_device_info **infos, uint32_t *n)
{
    VkResult vr;

    *pds = NULL;
    *infos = NULL;
    *n = 0;
    vr = vkEnumeratePhysicalDevices(inst, n, NULL);
    if (vr != VK_SUCCESS)
        return vkref_fail(vr, "vkEnumeratePhysicalDevices");
    if (!*n)
        return 0;
    *pds = calloc(*n, sizeof(**pds));
    *infos = calloc(*n, sizeof(**infos));
    if (!*pds || !*infos) {
        free(*pds);
        free(*infos);
        *pds = NULL;
        *infos = NULL;
        return amdpm4_seterr(-ENOMEM, "out of memory");
    }
    vr = vkEnumeratePhysicalDevices(inst, n, *pds);
    if (vr != VK_SUCCESS && vr != VK_INCOMPLETE) {
        free(*pds);
        free(*infos);
        *pds = NULL;
        *infos = NULL;
        return vkref_fail(vr, "vkEnumeratePhysicalDevices");
    }
    for (uint32_t i = 0; i < *n; i++)
        device_info((*pds)[i], i, simulator, &(*infos)[i]);
    return 0;
}

int vkref_list_devices(const struct vkref_options *o, struct vkref_device_info **devs,
                       uint32_t *n, struct vkref_loader_info *loader)
{
    static const struct vkref_options none;
    struct vkref_loader_info li;
    VkInstance inst;
    VkPhysicalDevice *pds;
    int r;

    *devs = NULL;
    *n = 0;
    if (!o)
        o = &none;
    r = setup_loader(o, &li);
    if (loader)
        *loader = li;
    if (r)
        return r;
    r = create_instance(false, NULL, &inst);
    if (r)
        return r;
    r = enumerate(inst, li.simulator, &pds, devs, n);
    free(pds);
    vkDestroyInstance(inst, NULL);
    return r;
}

static void list_names(const struct vkref_device_info *d, uint32_t n, char *buf, size_t len)
{
    size_t off = 0;

    buf[0] = '\0';
    for (uint32_t i = 0; i < n && off < len; i++)
        off += (size_t)snprintf(buf + off, len - off, "%s%u: %s (%s%s)", i ? "; " : "", i,
                                d[i].name, d[i].type, d[i].excluded ? ", excluded" : "");
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

int vkref_choose_device(const struct vkref_device_info *d, uint32_t n, const char *want,
                        uint32_t *pick)
{
    char names[1024];
    int best = -1;

    list_names(d, n, names, sizeof(names));
    if (!n)
        return amdpm4_seterr(-ENODEV, "no Vulkan device found");
    if (want && *want) {
        if (all_digits(want)) {
            unsigned long i = strtoul(want, NULL, 10);
            if (i >= n)
                return amdpm4_seterr(-ENODEV, "no Vulkan device %s (devices: %s)", want, names);
            best = (int)i;
        } else {
            for (uint32_t i = 0; i < n && best < 0; i++)
                if (strcasestr(d[i].name, want))
                    best = (int)i;
            if (best < 0)
                return amdpm4_seterr(-ENODEV, "no Vulkan device matches '%s' (devices: %s)", want,
                                     names);
        }
        if (d[best].excluded)
            return amdpm4_seterr(-EPERM, "Vulkan device %d (%s) is an AMD GPU while the "
                                         "simulated gfx1100 is loaded: it could be the simulated "
                                         "device, which the reference must never run on", best,
                                 d[best].name);
        *pick = (uint32_t)best;
        return 0;
    }
    for (uint32_t i = 0; i < n; i++)
        if (!d[i].excluded && (best < 0 || type_rank((VkPhysicalDeviceType)d[i].vk_type) <
                                               type_rank((VkPhysicalDeviceType)d[best].vk_type)))
            best = (int)i;
    if (best < 0)
        return amdpm4_seterr(-ENODEV, "no usable Vulkan device (devices: %s)", names);
    *pick = (uint32_t)best;
    return 0;
}

/* ---------------------------------------------------------------- open / close */

/* A compute family; timestamps first, then compute-only (dedicated). */
static int pick_queue_family(VkPhysicalDevice pd, uint32_t *family, uint32_t *ts_bits)
{
    VkQueueFamilyProperties *q;
    uint32_t n = 0;
    int best = -1, best_score = -1;

    vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, NULL);
    if (!n || !(q = calloc(n, sizeof(*q))))
        return amdpm4_seterr(-ENODEV, "the device reports no queue families");
    vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, q);
    for (uint32_t i = 0; i < n; i++) {
        int score;
        if (!(q[i].queueFlags & VK_QUEUE_COMPUTE_BIT) || !q[i].queueCount)
            continue;
        score = (q[i].timestampValidBits ? 2 : 0) + !(q[i].queueFlags & VK_QUEUE_GRAPHICS_BIT);
        if (score > best_score) {
            best = (int)i;
            best_score = score;
        }
    }
    if (best >= 0) {
        *family = (uint32_t)best;
        *ts_bits = q[best].timestampValidBits;
    }
    free(q);
    return best < 0 ? amdpm4_seterr(-ENODEV, "the device has no compute queue") : 0;
}

static int create_device(struct vkref *vk, uint32_t ts_bits)
{
    VkPhysicalDeviceVulkan11Features f11 = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES,
    };
    VkPhysicalDeviceVulkan12Features f12 = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES,
        .pNext = &f11,
    };
    VkPhysicalDeviceFeatures2 f = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    VkPhysicalDeviceMaintenance3Properties m3 = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES,
    };
    VkPhysicalDeviceProperties2 p = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2,
        .pNext = &m3,
    };
    const float prio = 1.0f;
    VkDeviceQueueCreateInfo qci = {
        .sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
        .queueFamilyIndex = vk->info.queue_family,
        .queueCount = 1,
        .pQueuePriorities = &prio,
    };
    VkDeviceCreateInfo dci = {
        .sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
        .queueCreateInfoCount = 1,
        .pQueueCreateInfos = &qci,
    };
    const VkPhysicalDeviceLimits *lim = &p.properties.limits;
    struct vkref_info *in = &vk->info;
    VkResult vr;

    if (in->dev.api_version < VK_API_VERSION_1_1)
        return amdpm4_seterr(-ENODEV, "%s supports Vulkan %u.%u; the reference needs 1.1",
                             in->dev.name, VK_API_VERSION_MAJOR(in->dev.api_version),
                             VK_API_VERSION_MINOR(in->dev.api_version));
    vkGetPhysicalDeviceProperties2(vk->phys, &p);
    vkGetPhysicalDeviceMemoryProperties(vk->phys, &vk->mem);
    in->n_memory_types = vk->mem.memoryTypeCount;
    in->n_memory_heaps = vk->mem.memoryHeapCount;
    for (uint32_t i = 0; i < vk->mem.memoryTypeCount; i++) {
        in->memory_type[i].flags = vk->mem.memoryTypes[i].propertyFlags;
        in->memory_type[i].heap = vk->mem.memoryTypes[i].heapIndex;
    }
    for (uint32_t i = 0; i < vk->mem.memoryHeapCount; i++) {
        in->memory_heap[i].bytes = vk->mem.memoryHeaps[i].size;
        in->memory_heap[i].flags = vk->mem.memoryHeaps[i].flags;
    }
    in->timestamp_period_ns = lim->timestampPeriod;
    in->max_storage_buffer_range_bytes = lim->maxStorageBufferRange;
    in->max_allocation_bytes = m3.maxMemoryAllocationSize;
    in->non_coherent_atom_bytes = lim->nonCoherentAtomSize;
    in->min_storage_buffer_offset_alignment_bytes = lim->minStorageBufferOffsetAlignment;
    in->max_shared_bytes = lim->maxComputeSharedMemorySize;
    for (int i = 0; i < 3; i++)
        in->max_group_count[i] = lim->maxComputeWorkGroupCount[i];

    /* 16-bit shaders need 16-bit storage and shaderFloat16 (core in 1.2;
     * 1.1 devices take the fp32 fallback). */
    if (in->dev.api_version >= VK_API_VERSION_1_2) {
        f.pNext = &f12;
        vkGetPhysicalDeviceFeatures2(vk->phys, &f);
        in->f16_native = !vk->opts.force_fp32 && f11.storageBuffer16BitAccess && f12.shaderFloat16;
        memset(&f11, 0, sizeof(f11));
        memset(&f12, 0, sizeof(f12));
        f11.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES;
        f12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES;
        f12.pNext = &f11;
        f11.storageBuffer16BitAccess = in->f16_native;
        f12.shaderFloat16 = in->f16_native;
        memset(&f.features, 0, sizeof(f.features));
        dci.pNext = &f;
    }
    vr = vkCreateDevice(vk->phys, &dci, NULL, &vk->dev);
    if (vr != VK_SUCCESS)
        return vkref_fail(vr, "vkCreateDevice");
    vkGetDeviceQueue(vk->dev, in->queue_family, 0, &vk->queue);

    {
        VkCommandPoolCreateInfo ci = {
            .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
            .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
            .queueFamilyIndex = in->queue_family,
        };
        if ((vr = vkCreateCommandPool(vk->dev, &ci, NULL, &vk->cmd_pool)) != VK_SUCCESS)
            return vkref_fail(vr, "vkCreateCommandPool");
    }
    {
        VkCommandBufferAllocateInfo ai = {
            .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
            .commandPool = vk->cmd_pool,
            .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
            .commandBufferCount = 1,
        };
        if ((vr = vkAllocateCommandBuffers(vk->dev, &ai, &vk->cmd)) != VK_SUCCESS)
            return vkref_fail(vr, "vkAllocateCommandBuffers");
    }
    {
        VkFenceCreateInfo ci = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
        if ((vr = vkCreateFence(vk->dev, &ci, NULL, &vk->fence)) != VK_SUCCESS)
            return vkref_fail(vr, "vkCreateFence");
    }
    if (ts_bits) {
        VkQueryPoolCreateInfo ci = {
            .sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
            .queryType = VK_QUERY_TYPE_TIMESTAMP,
            .queryCount = 2,
        };
        if ((vr = vkCreateQueryPool(vk->dev, &ci, NULL, &vk->queries)) != VK_SUCCESS)
            return vkref_fail(vr, "vkCreateQueryPool");
        vk->timestamp_mask = ts_bits >= 64 ? UINT64_MAX : (UINT64_C(1) << ts_bits) - 1;
        in->timestamps = true;
    }
    {
        VkDescriptorPoolSize size = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, KERN_MAX_ARGS};
        VkDescriptorPoolCreateInfo ci = {
            .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
            .flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT,
            .maxSets = 1,
            .poolSizeCount = 1,
            .pPoolSizes = &size,
        };
        if ((vr = vkCreateDescriptorPool(vk->dev, &ci, NULL, &vk->desc_pool)) != VK_SUCCESS)
            return vkref_fail(vr, "vkCreateDescriptorPool");
    }
    return 0;
}

int vkref_open(const struct vkref_options *o, struct vkref **out)
{
    static const struct vkref_options none;
    struct vkref *vk;
    struct vkref_device_info *infos = NULL;
    VkPhysicalDevice *pds = NULL;
    uint32_t n, pick = 0, ts_bits = 0;
    int r;

    *out = NULL;
    if (!(vk = calloc(1, sizeof(*vk))))
        return amdpm4_seterr(-ENOMEM, "out of memory");
    vk->opts = o ? *o : none;
    vk->opts.device = NULL;         /* the caller's string is not kept */
    atomic_init(&vk->n_messages, 0);
    atomic_flag_clear(&vk->first_taken);
    r = setup_loader(&vk->opts, &vk->info.loader);
    if (!r)
        r = create_instance(vk->opts.validation, vk, &vk->instance);
    vk->info.validation = !r && vk->opts.validation;
    if (!r)
        r = enumerate(vk->instance, vk->info.loader.simulator, &pds, &infos, &n);
    if (!r)
        r = vkref_choose_device(infos, n, o ? o->device : NULL, &pick);
    if (!r) {
        vk->phys = pds[pick];
        vk->info.dev = infos[pick];
        r = pick_queue_family(vk->phys, &vk->info.queue_family, &ts_bits);
    }
    if (!r)
        r = create_device(vk, ts_bits);
    free(pds);
    free(infos);
    if (r) {
        vkref_close(vk);
        return r;
    }
    *out = vk;
    return 0;
}

void vkref_close(struct vkref *vk)
{
    if (!vk)
        return;
    if (vk->dev) {
        vkDeviceWaitIdle(vk->dev);
        vkref_pipelines_destroy(vk);
        vkDestroyDescriptorPool(vk->dev, vk->desc_pool, NULL);
        vkDestroyQueryPool(vk->dev, vk->queries, NULL);
        vkDestroyFence(vk->dev, vk->fence, NULL);
        if (vk->cmd)
            vkFreeCommandBuffers(vk->dev, vk->cmd_pool, 1, &vk->cmd);
        vkDestroyCommandPool(vk->dev, vk->cmd_pool, NULL);
        vkDestroyDevice(vk->dev, NULL);
    }
    if (vk->messenger) {
        PFN_vkDestroyDebugUtilsMessengerEXT destroy = (PFN_vkDestroyDebugUtilsMessengerEXT)
            vkGetInstanceProcAddr(vk->instance, "vkDestroyDebugUtilsMessengerEXT");
        if (destroy)
            destroy(vk->instance, vk->messenger, NULL);
    }
    if (vk->instance)
        vkDestroyInstance(vk->instance, NULL);
    free(vk);
}

const struct vkref_info *vkref_info(const struct vkref *vk)
{
    return &vk->info;
}

uint32_t vkref_validation_count(const struct vkref *vk, const char **first)
{
    uint32_t n = atomic_load(&((struct vkref *)vk)->n_messages);
    if (first)
        *first = n ? vk->first_msg : NULL;
    return n;
}
