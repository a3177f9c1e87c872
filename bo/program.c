/*
 * bo/program.c — programs: a code object (isa/codeobj.h) uploaded into a
 * VRAM buffer and its kernels made ready to dispatch.
 *
 * The image goes to device-local memory: instruction and descriptor fetches
 * then never cross PCIe.  Its VA is aligned to the image's alignment (at
 * least 256 bytes, as COMPUTE_PGM_LO/HI hold VA >> 8), so every kernel entry
 * keeps the 256-byte alignment the loader checked.
 */
#include "bo/program.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bo/bo.h"
#include "pm4/log.h"
#include "pm4/pm4_seq.h"
#include "pm4/pm4_table.h"

/* The user SGPRs and features a dispatch can be given (pm4/queue.c fills
 * kernarg segment pointer, dispatch packet pointer and dispatch id). */
static const char *unsupported(const struct isa_kernel *k, const struct isa_dispatch_info *di)
{
    for (uint32_t i = 0; i < di->user_sgpr_ranges; i++) {
        switch (di->user_sgprs[i].what) {
        case ISA_KD_PROP_ENABLE_SGPR_KERNARG_SEGMENT_PTR:
        case ISA_KD_PROP_ENABLE_SGPR_DISPATCH_PTR:
        case ISA_KD_PROP_ENABLE_SGPR_DISPATCH_ID:
            break;
        case ISA_KD_PROP_ENABLE_SGPR_QUEUE_PTR:
            return "it asks for the HSA queue pointer (.amdhsa_user_sgpr_queue_ptr): amdpm4 "
                   "queues are amdgpu CS queues, not HSA queues";
        case ISA_KD_PROP_ENABLE_SGPR_PRIVATE_SEGMENT_BUFFER:
            return "it asks for a private segment buffer descriptor "
                   "(.amdhsa_user_sgpr_private_segment_buffer): scratch is not supported";
        case ISA_KD_PROP_ENABLE_SGPR_FLAT_SCRATCH_INIT:
            return "it asks for flat scratch (.amdhsa_user_sgpr_flat_scratch_init): scratch is "
                   "not supported";
        case ISA_KD_PROP_ENABLE_SGPR_PRIVATE_SEGMENT_SIZE:
            return "it asks for the private segment size (.amdhsa_user_sgpr_private_segment_size): "
                   "scratch is not supported";
        default:
            return "it asks for a user SGPR amdpm4 does not provide";
        }
    }
    if (di->scratch_bytes_per_lane || di->uses_dynamic_stack ||
        pm4_get(PM4_F_COMPUTE_PGM_RSRC2_SCRATCH_EN, di->compute_pgm_rsrc2))
        return "it uses scratch memory (private segment), which amdpm4 does not provide yet";
    (void)k;
    return NULL;
}

/* Encode what every dispatch of k writes and where its user SGPRs go; a
 * kernel whose registers are refused keeps the reason in k->refused. */
static void prepare_dispatch(struct amdpm4_kernel *k)
{
    const struct pm4_kernel_desc kd = {
        .code_va = k->code_va,
        .rsrc1 = k->di.compute_pgm_rsrc1,
        .rsrc2 = k->di.compute_pgm_rsrc2,
        .rsrc3 = k->di.compute_pgm_rsrc3,
    };

    k->kernarg_sgpr = k->packet_sgpr = k->id_sgpr = -1;
    k->refused[0] = '\0';
    if (pm4_kernel_regs_init(&k->regs, &kd, k->refused, sizeof(k->refused)))
        return;
    /* RSRC2.USER_SGPR may count more SGPRs than the descriptor enables: on
     * gfx1100/gfx1102 LLVM pads user plus workgroup-id SGPRs to 16
     * (UserSGPRInit16Bug; CodeGen/AMDGPU/user-sgpr-init16-bug.ll), so every
     * kernel built for gfx1100 carries padding.  It is loaded with zeros. */
    if (k->di.user_sgpr_count > k->regs.num_user_sgprs) {
        snprintf(k->refused, sizeof(k->refused), "RSRC2.USER_SGPR says %u user SGPRs, the "
                 "descriptor enables %u", k->regs.num_user_sgprs, k->di.user_sgpr_count);
        return;
    }
    for (uint32_t i = 0; i < k->di.user_sgpr_ranges; i++) {
        const struct isa_user_sgpr *u = &k->di.user_sgprs[i];

        switch (u->what) {
        case ISA_KD_PROP_ENABLE_SGPR_KERNARG_SEGMENT_PTR:
            k->kernarg_sgpr = (int8_t)u->first_sgpr;
            break;
        case ISA_KD_PROP_ENABLE_SGPR_DISPATCH_PTR:
            k->packet_sgpr = (int8_t)u->first_sgpr;
            break;
        case ISA_KD_PROP_ENABLE_SGPR_DISPATCH_ID:
            k->id_sgpr = (int8_t)u->first_sgpr;
            break;
        default:
            break;     /* k->unsupported says why it cannot be launched */
        }
    }
}

static int make_program(amdpm4_device *dev, struct isa_codeobj *co, amdpm4_program **out)
{
    amdpm4_program *prog;
    int ret;

    prog = calloc(1, sizeof(*prog));
    if (prog)
        prog->kernels = calloc(co->kernel_count, sizeof(*prog->kernels));
    if (!prog || !prog->kernels) {
        free(prog);
        isa_codeobj_free(co);
        return amdpm4_seterr(-ENOMEM, "no memory for a program");
    }
    prog->dev = dev;
    prog->co = co;
    prog->kernel_count = co->kernel_count;
    ret = amdpm4_bo_alloc_aligned(dev, co->image_bytes, co->image_align_bytes, AMDPM4_VRAM,
                                  &prog->code);
    if (!ret)
        ret = amdpm4_bo_upload(prog->code, 0, co->image, co->image_bytes);
    for (unsigned i = 0; !ret && i < co->kernel_count; i++) {
        struct amdpm4_kernel *k = &prog->kernels[i];

        k->prog = prog;
        k->isa = &co->kernels[i];
        ret = isa_kernel_dispatch_info(k->isa, 0, &k->di);
        if (!ret)
            ret = isa_kernel_code_va(co, k->isa, prog->code->va, &k->code_va);
        k->max_workgroup_items = k->isa->has_metadata && k->isa->max_flat_workgroup_size
                                     ? k->isa->max_flat_workgroup_size : PM4_MAX_BLOCK_ITEMS;
        if (k->max_workgroup_items > PM4_MAX_BLOCK_ITEMS)
            k->max_workgroup_items = PM4_MAX_BLOCK_ITEMS;
        k->unsupported = unsupported(k->isa, &k->di);
        if (!ret)
            prepare_dispatch(k);
    }
    if (ret) {
        amdpm4_adderr(ret, "%s: ", co->source);
        amdpm4_bo_free(prog->code);
        free(prog->kernels);
        free(prog);
        isa_codeobj_free(co);
        return ret;
    }
    pthread_mutex_lock(&dev->lock);
    bo_link_add(&dev->programs, &prog->link);
    pthread_mutex_unlock(&dev->lock);
    *out = prog;
    return 0;
}

int amdpm4_program_load_file(amdpm4_device *dev, const char *path, amdpm4_program **out)
{
    struct isa_codeobj *co;
    int ret;

    if (!dev || !path || !out)
        return amdpm4_seterr(-EINVAL, "amdpm4_program_load_file: NULL argument");
    *out = NULL;
    ret = isa_codeobj_load_file(path, &co);
    return ret ? ret : make_program(dev, co, out);
}

int amdpm4_program_load_memory(amdpm4_device *dev, const void *data, size_t data_bytes,
                               const char *name, amdpm4_program **out)
{
    struct isa_codeobj *co;
    int ret;

    if (!dev || !data || !out)
        return amdpm4_seterr(-EINVAL, "amdpm4_program_load_memory: NULL argument");
    *out = NULL;
    ret = isa_codeobj_load_memory(data, data_bytes, name, &co);
    return ret ? ret : make_program(dev, co, out);
}

const char *amdpm4_builtin_name(unsigned index)
{
    for (unsigned i = 0; amdpm4_kernel_blobs[i].name; i++)
        if (i == index)
            return amdpm4_kernel_blobs[i].name;
    return NULL;
}

int amdpm4_program_load_builtin(amdpm4_device *dev, const char *name, amdpm4_program **out)
{
    if (!dev || !name || !out)
        return amdpm4_seterr(-EINVAL, "amdpm4_program_load_builtin: NULL argument");
    *out = NULL;
    for (const struct amdpm4_blob *b = amdpm4_kernel_blobs; b->name; b++)
        if (!strcmp(b->name, name))
            return amdpm4_program_load_memory(dev, b->data, (size_t)b->size_bytes, b->name, out);
    return amdpm4_seterr(-ENOENT, "no builtin kernel object '%s' (the library embeds %s%s)", name,
                         amdpm4_kernel_blobs[0].name ? "kernels/*.s: " : "none",
                         amdpm4_kernel_blobs[0].name ? "see amdpm4_builtin_name()" : "");
}

void amdpm4_program_destroy(amdpm4_program *prog)
{
    amdpm4_device *dev;

    if (!prog)
        return;
    dev = prog->dev;
    pthread_mutex_lock(&dev->lock);
    bo_link_del(&prog->link);
    pthread_mutex_unlock(&dev->lock);
    amdpm4_bo_free(prog->code);
    free(prog->kernels);
    isa_codeobj_free(prog->co);
    free(prog);
}

amdpm4_program *bo_program_from_link(struct bo_link *l)
{
    return (amdpm4_program *)((char *)l - offsetof(amdpm4_program, link));
}

int amdpm4_program_kernel(const amdpm4_program *prog, const char *name, const amdpm4_kernel **out)
{
    const struct isa_kernel *k;
    int ret;

    if (!prog || !name || !out)
        return amdpm4_seterr(-EINVAL, "amdpm4_program_kernel: NULL argument");
    *out = NULL;
    ret = isa_codeobj_find_kernel(prog->co, name, &k);
    if (ret)
        return ret;
    *out = &prog->kernels[k - prog->co->kernels];
    return 0;
}

unsigned amdpm4_program_kernel_count(const amdpm4_program *prog)
{
    return prog ? prog->kernel_count : 0;
}

const amdpm4_kernel *amdpm4_program_kernel_at(const amdpm4_program *prog, unsigned index)
{
    return prog && index < prog->kernel_count ? &prog->kernels[index] : NULL;
}

int amdpm4_kernel_info(const amdpm4_kernel *k, struct amdpm4_kernel_info *info)
{
    if (!k || !info)
        return amdpm4_seterr(-EINVAL, "amdpm4_kernel_info: NULL argument");
    memset(info, 0, sizeof(*info));
    info->name = k->isa->name;
    info->code_va = k->code_va;
    info->kernarg_bytes = k->di.kernarg_bytes;
    info->lds_bytes = k->di.lds_bytes;
    info->scratch_bytes_per_lane = k->di.scratch_bytes_per_lane;
    info->max_workgroup_items = k->max_workgroup_items;
    info->user_sgprs = k->di.user_sgpr_count;
    info->compute_pgm_rsrc1 = k->di.compute_pgm_rsrc1;
    info->compute_pgm_rsrc2 = k->di.compute_pgm_rsrc2;
    info->compute_pgm_rsrc3 = k->di.compute_pgm_rsrc3;
    info->has_metadata = k->isa->has_metadata;
    info->arg_count = k->isa->arg_count;
    return 0;
}

int amdpm4_kernel_arg(const amdpm4_kernel *k, uint32_t index, struct amdpm4_kernel_arg *arg)
{
    const struct isa_kernel_arg *a;

    if (!k || !arg)
        return amdpm4_seterr(-EINVAL, "amdpm4_kernel_arg: NULL argument");
    if (index >= k->isa->arg_count)
        return amdpm4_seterr(-ERANGE, "kernel %s has %u argument%s in its metadata; no argument "
                                      "%u", k->isa->name, k->isa->arg_count,
                             k->isa->arg_count == 1 ? "" : "s", index);
    a = &k->isa->args[index];
    *arg = (struct amdpm4_kernel_arg){
        .name = a->name,
        .value_kind = isa_arg_kind_name(a->kind),
        .offset_bytes = a->offset_bytes,
        .size_bytes = a->size_bytes,
        .hidden = isa_arg_kind_hidden(a->kind),
    };
    return 0;
}
