/*
 * kernels/plan.h — launch plans: how each built-in op runs on the PM4 path.
 *
 * For an op and a shape, kern_plan_make says which hand-written kernel
 * (kernels/NAME.s, embedded in the library as code object NAME), the grid
 * and block, the LDS on top of what the kernel declares, how the buffers
 * must be aligned, and each kernel argument: a buffer (by its index in
 * kern_op_args order) or a value.  kern_plan_kernarg packs those arguments
 * into the kernarg segment by the kernel's own metadata (.args: name,
 * offset, size), so the layout is stated once, in the .s file beside the
 * code that reads it.
 *
 * No libdrm here: the runtime, the tools and the tests use the same plans.
 * Functions return 0 or a negative errno with a message (pm4/log.h).
 */
#ifndef AMDPM4_KERNELS_PLAN_H
#define AMDPM4_KERNELS_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "amdpm4.h"
#include "kernels/ops.h"

#define KERN_PLAN_MAX_KARGS 12

enum kern_karg_kind {
    KERN_KARG_BUFFER,       /* a buffer's 64-bit GPU address */
    KERN_KARG_U32,
    KERN_KARG_U64,
    KERN_KARG_F32,          /* value holds the float's bits */
};

struct kern_karg {
    const char *name;           /* the kernel's metadata .args[].name */
    enum kern_karg_kind kind;
    unsigned buffer;            /* KERN_KARG_BUFFER: index in kern_op_args order */
    uint64_t value;             /* U32/U64 value; F32 bits in the low 32 */
};

struct kern_dispatch {
    const char *code_object;    /* embedded code object (kernels/NAME.s) */
    const char *kernel;         /* kernel symbol in it */
    uint32_t grid[3];           /* workgroups */
    uint32_t block[3];          /* work-items per workgroup */
    uint32_t dynamic_lds_bytes; /* on top of the kernel's fixed LDS (the
                                   kernels here declare all of theirs: 0) */
    uint32_t buffer_align_bytes;    /* every buffer address a multiple of this */
    unsigned n_kargs;
    struct kern_karg karg[KERN_PLAN_MAX_KARGS];
};

struct kern_plan {
    enum kern_op op;
    uint32_t repeat;            /* dispatches of `dispatch` in a row (empty: --count) */
    struct kern_dispatch dispatch;
};

/* The plan for shape s (validated first) with inputs from seed (fill's
 * pattern is kern_fill_pattern(seed); no other op's plan depends on it).
 * -EINVAL for a bad shape, -EOVERFLOW for a shape a kernel cannot address
 * (the message says which limit). */
int kern_plan_make(const struct kern_shape *s, uint64_t seed, struct kern_plan *p);

/* The loop step of op's kernel: K per trip (matmul_f32 8, matmul_f16 16),
 * keys per block (attention_f16 32); 0 for ops without a main loop. */
uint32_t kern_plan_loop_step(enum kern_op op);

/* Pack d's arguments into out[0 .. k->kernarg_segment_bytes) for kernel k
 * (which must be d->kernel and carry metadata), buffer i at buffer_va[i]
 * (n_buffers of them).  Every argument the metadata lists must be given
 * with the size it declares, and every given argument must be listed;
 * hidden arguments are zeroed; bytes between arguments are zero.
 * -EINVAL (with the argument named) on any mismatch, a missing buffer, a
 * misaligned buffer address or out too small. */
int kern_plan_kernarg(const struct kern_dispatch *d, const amdpm4_kernel *k,
                      const uint64_t *buffer_va, unsigned n_buffers, void *out,
                      size_t out_bytes);

#endif
