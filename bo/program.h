/*
 * bo/program.h — programs (a code object uploaded to the GPU) and their
 * kernels, as the queues (pm4/queue.c) read them.
 */
#ifndef AMDPM4_BO_PROGRAM_H
#define AMDPM4_BO_PROGRAM_H

#include <stdint.h>

#include "amdpm4.h"
#include "bo/device.h"
#include "isa/codeobj.h"
#include "pm4/pm4_seq.h"

/* An embedded file: the tables tools/gen-embed writes (amdpm4_kernel_blobs:
 * the code objects built from kernels/NAME.s), ended by an entry with a
 * NULL name. */
struct amdpm4_blob {
    const char *name;
    const uint8_t *data;
    uint64_t size_bytes;
};
extern const struct amdpm4_blob amdpm4_kernel_blobs[];

struct amdpm4_kernel {
    struct amdpm4_program *prog;
    const struct isa_kernel *isa;
    struct isa_dispatch_info di;       /* with no dynamic LDS */
    uint64_t code_va;
    uint32_t max_workgroup_items;
    /* Why the runtime cannot launch it (a user SGPR or scratch it does not
     * provide), or NULL. */
    const char *unsupported;
    /* What every dispatch of it writes, checked and encoded at load; when
     * that was refused, why ("" otherwise): its dispatches are refused. */
    struct pm4_kernel_regs regs;
    char refused[200];
    /* User SGPRs: zeros (the padding), with these pairs filled per
     * dispatch: the first SGPR of each pointer, or -1 when not asked for. */
    int8_t kernarg_sgpr, packet_sgpr, id_sgpr;
};

struct amdpm4_program {
    struct bo_link link;               /* in dev->programs */
    amdpm4_device *dev;
    struct isa_codeobj *co;
    struct amdpm4_bo *code;            /* the image, in VRAM */
    unsigned kernel_count;
    struct amdpm4_kernel *kernels;
};

#endif
