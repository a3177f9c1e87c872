/*
 * tools/cmd_disasm.c — `amdpm4 disasm FILE.co [--kernel NAME]`: the machine
 * code of a code object's kernels in LLVM 19's syntax, laid out as
 * `llvm-objdump -d --mcpu=gfx1100` lays it out (text, then the address and
 * the instruction dwords; branches name their target).  The decoding and the
 * text are isa/isa_decode.c and isa/isa_disasm.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "amdpm4.h"
#include "isa/codeobj.h"
#include "isa/isa_disasm.h"
#include "tools/tool.h"

static const char usage[] =
    "usage: amdpm4 disasm FILE.co [--kernel NAME]\n"
    "Disassemble the kernels of a gfx1100 code object in LLVM's syntax.\n"
    "  --kernel NAME   only this kernel (NAME or NAME.kd)\n";

/* llvm-objdump puts the comment after the text padded to this column. */
#define DISASM_TEXT_COLUMN 59

static void print_kernel(const struct isa_codeobj *co, const struct isa_kernel *k)
{
    uint64_t start = k->code_offset_bytes;
    uint64_t end = start + k->code_bytes;

    if (end > co->image_bytes)
        end = co->image_bytes;
    printf("\n%016" PRIx64 " <%s>:\n", co->image_vaddr + start, k->name);
    for (uint64_t off = start; off + 4 <= end;) {
        uint32_t w[5] = { 0 };
        size_t avail = (size_t)((end - off) / 4);
        char text[512];
        unsigned size_dw = 1;
        struct isa_inst in;

        if (avail > 5)
            avail = 5;
        memcpy(w, co->image + off, avail * 4);
        if (isa_decode(w, avail, &in) > 0) {
            isa_disasm(&in, text, sizeof(text));
            size_dw = in.size_dw;
        } else {
            snprintf(text, sizeof(text), "<unknown>");
        }
        printf("\t%-*s// %012" PRIX64 ":", DISASM_TEXT_COLUMN, text, co->image_vaddr + off);
        for (unsigned i = 0; i < size_dw; i++)
            printf(" %08" PRIX32, w[i]);
        if (in.op != ISA_OP_INVALID && (isa_op_info[in.op].flags & ISA_F_BRANCH)) {
            /* target = next instruction + simm16 dwords */
            int64_t target = (int64_t)off + 4 + 4 * (int64_t)(int16_t)in.u.sopp.simm16;
            if (target >= (int64_t)start && target <= (int64_t)end)
                printf(" <%s+0x%" PRIx64 ">", k->name, (uint64_t)target - start);
        }
        printf("\n");
        off += 4u * size_dw;
    }
}

static int disasm_main(int argc, char **argv)
{
    const char *file = NULL, *kernel = NULL;
    struct isa_codeobj *co = NULL;
    int r;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return TOOL_OK;
        } else if (!strcmp(argv[i], "--kernel")) {
            if (++i >= argc)
                return tool_error("disasm", TOOL_USAGE, "--kernel needs a NAME");
            kernel = argv[i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return tool_error("disasm", TOOL_USAGE, "unknown option '%s' (see --help)", argv[i]);
        } else if (!file) {
            file = argv[i];
        } else {
            return tool_error("disasm", TOOL_USAGE, "one code object at a time ('%s')", argv[i]);
        }
    }
    if (!file)
        return tool_error("disasm", TOOL_USAGE, "no code object given (see --help)");

    r = isa_codeobj_load_file(file, &co);
    if (r < 0)
        return tool_error("disasm", r == -ENOENT ? TOOL_USAGE : TOOL_FAIL, "%s",
                          amdpm4_last_error());
    const struct isa_kernel *one = NULL;
    if (kernel && (r = isa_codeobj_find_kernel(co, kernel, &one)) < 0) {
        int code = tool_error("disasm", TOOL_USAGE, "%s", amdpm4_last_error());
        isa_codeobj_free(co);
        return code;
    }
    printf("%s:\t%s, code object v%" PRIu32 "\n", co->source, co->target ? co->target : "?",
           co->version);
    for (uint32_t i = 0; i < co->kernel_count; i++)
        if (!one || one == &co->kernels[i])
            print_kernel(co, &co->kernels[i]);
    isa_codeobj_free(co);
    return TOOL_OK;
}

const struct tool_cmd cmd_disasm = { "disasm", "disassemble a code object in LLVM's syntax",
                                     disasm_main };
