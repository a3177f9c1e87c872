/*
 * isa/isa_disasm.h — RDNA3 (gfx11) disassembler in LLVM 19's syntax.
 *
 * The text is what llvm-mc -disassemble / llvm-objdump -d --mcpu=gfx1100
 * print for the instruction (without their leading tab), including the
 * comments LLVM appends after " ; " (misaligned scalar register warnings) and
 * the inline "Invalid register" remarks.  Branch targets are the raw
 * simm16, as LLVM prints them without a symbolizer.
 */
#ifndef AMDPM4_ISA_DISASM_H
#define AMDPM4_ISA_DISASM_H

#include <stddef.h>
#include <stdint.h>

#include "isa/isa_decode.h"

/* Write the text of a decoded instruction into buf (always NUL-terminated
 * when buf_bytes > 0).  Returns the length of the full text, like snprintf;
 * an invalid inst gives "<invalid>". */
int isa_disasm(const struct isa_inst *inst, char *buf, size_t buf_bytes);

/* Decode the instruction at words[0 .. avail_dw) and write its text.
 * *size_dw (may be NULL) receives the dwords it occupies (1 for an invalid
 * word).  Returns the text length, or -1 if the words are no instruction
 * (buf then holds "<invalid>"). */
int isa_disasm_words(const uint32_t *words, size_t avail_dw, char *buf, size_t buf_bytes,
                     unsigned *size_dw);

#endif
