/*
 * pm4/sdma_emit.h — emitters for SDMA 6.0 packets (the gfx11 system DMA
 * engine), one per packet, into the same dword stream as PM4 (struct pm4_ib:
 * bound checks, sticky error).  Fields come from pm4/sdma_packets.def;
 * values that do not fit and misaligned addresses are refused.
 */
#ifndef AMDPM4_PM4_SDMA_EMIT_H
#define AMDPM4_PM4_SDMA_EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "pm4/pm4_ib.h"
#include "pm4/sdma_table.h"

/* Largest COPY_LINEAR: COUNT is 30 bits of bytes - 1; Mesa's
 * SDMA_V5_2_COPY_MAX_BYTES stops 256 bytes short of 1 GiB. */
#define SDMA_COPY_MAX_BYTES 0x3fffff00u
/* Largest CONSTANT_FILL: COUNT is 30 bits of bytes - 1, whole dwords. */
#define SDMA_FILL_MAX_BYTES 0x3ffffffcu

/* value shifted into field f, or 0 with a sticky -ERANGE naming the field. */
uint32_t sdma_ib_field(struct pm4_ib *ib, enum sdma_field f, uint64_t value);

size_t sdma_copy_linear_dw(void);
int sdma_emit_copy_linear(struct pm4_ib *ib, uint64_t dst_va, uint64_t src_va, uint32_t bytes);

/* n (1..2^20) dwords to dst_va (4-byte aligned). */
size_t sdma_write_untiled_dw(unsigned n);
int sdma_emit_write_untiled(struct pm4_ib *ib, uint64_t dst_va, const uint32_t *data, unsigned n);

/* Fill bytes (a multiple of 4) at dst_va (4-byte aligned) with value. */
size_t sdma_constant_fill_dw(void);
int sdma_emit_constant_fill(struct pm4_ib *ib, uint64_t dst_va, uint32_t value, uint32_t bytes);

/* Write value to va (4-byte aligned, uncached: MTYPE UC as Linux
 * sdma_v6_0_ring_emit_fence) after all prior packets. */
size_t sdma_fence_dw(void);
int sdma_emit_fence(struct pm4_ib *ib, uint64_t va, uint32_t value);

size_t sdma_trap_dw(void);
int sdma_emit_trap(struct pm4_ib *ib, uint32_t int_context);

/* Wait until (*va & mask) function ref (PM4_FUNCTION_*), polling memory at
 * va (4-byte aligned) every interval, retry_count times (0xfff: forever). */
size_t sdma_poll_regmem_dw(void);
int sdma_emit_poll_regmem(struct pm4_ib *ib, uint64_t va, uint32_t ref, uint32_t mask,
                          unsigned function, uint32_t interval, uint32_t retry_count);

/* The 64-bit global GPU timestamp to va (8-byte aligned). */
size_t sdma_timestamp_dw(void);
int sdma_emit_timestamp(struct pm4_ib *ib, uint64_t va);

/* Run size_dw dwords at va (32-byte aligned). */
size_t sdma_indirect_dw(void);
int sdma_emit_indirect(struct pm4_ib *ib, uint64_t va, uint32_t size_dw);

/* NOP of total_dw dwords (1..0x4000): header COUNT total_dw - 1, then zeros. */
int sdma_emit_nop(struct pm4_ib *ib, uint32_t total_dw);

/* Pad with one-dword NOPs (0) to a multiple of align_dw (a power of two; 8 for
 * SDMA IBs, Linux sdma_v6_0_ring_pad_ib).  Dwords it adds: pm4_pad_dw(). */
int sdma_ib_pad(struct pm4_ib *ib, uint32_t align_dw);

#endif
