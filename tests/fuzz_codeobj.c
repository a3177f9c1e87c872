/*
 * tests/fuzz_codeobj.c — libFuzzer target for the code object loader
 * (`make fuzz`; never part of `make check`, which runs its own seeded
 * mutations under valgrind).  Any input must be refused with -ENOEXEC or
 * load into a code object whose offsets all lie inside its image.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "isa/codeobj.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct isa_codeobj *co = NULL;
    char *text = NULL;
    int r = isa_codeobj_load_memory(data, size, "fuzz", &co);

    if (r) {
        if (r != -ENOEXEC || co)
            abort();
        return 0;
    }
    for (uint32_t i = 0; i < co->kernel_count; i++) {
        const struct isa_kernel *k = &co->kernels[i];
        struct isa_dispatch_info di;

        if (isa_kernel_dispatch_info(k, 0, &di) ||
            k->kd_offset_bytes + ISA_KD_BYTES > co->image_bytes ||
            k->code_offset_bytes % ISA_CODE_ALIGN_BYTES ||
            k->code_offset_bytes + k->code_bytes > co->image_bytes)
            abort();
        for (uint32_t j = 0; j < k->arg_count; j++)
            if ((uint64_t)k->args[j].offset_bytes + k->args[j].size_bytes >
                k->kernarg_segment_bytes)
                abort();
    }
    if (isa_codeobj_listing(co, &text))
        abort();
    free(text);
    isa_codeobj_free(co);
    return 0;
}
