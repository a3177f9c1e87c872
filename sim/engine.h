/*
 * sim/engine.h — what the command processor (sim/cp.c) and the SDMA engine
 * (sim/sdma.c) share: memory moves through the VM, the WAIT_REG_MEM /
 * POLL_REGMEM compare, and polling.
 */
#ifndef AMDPM4_SIM_ENGINE_H
#define AMDPM4_SIM_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/vm.h"

/* Copy bytes from src_va to dst_va through the VM, mapping by mapping (a
 * memmove, so overlapping ranges copy as if through a buffer).  Returns 0,
 * or -EFAULT with *fault_va the first byte that failed and *fault_write
 * whether it was the destination. */
int sim_engine_copy(struct sim_vm *vm, uint64_t dst_va, uint64_t src_va, uint64_t bytes,
                    uint64_t *fault_va, bool *fault_write);

/* Fill bytes at dst_va with the little-endian 32-bit pattern, byte i of the
 * range getting byte (i % 4) of the pattern.  Returns 0 or -EFAULT. */
int sim_engine_fill(struct sim_vm *vm, uint64_t dst_va, uint32_t pattern, uint64_t bytes,
                    uint64_t *fault_va);

/* WAIT_REG_MEM FUNCTION / POLL_REGMEM FUNC (pm4_enums.def FUNCTION): does
 * (value & mask) compare true against ref?  *valid false for a reserved
 * function code. */
bool sim_engine_compare(unsigned function, uint32_t value, uint32_t mask, uint32_t ref,
                        bool *valid);

/* Sleep between two polls: grows from 1 us to 1 ms with *backoff_ns
 * (start at 0), never past deadline_ns. */
void sim_engine_poll_sleep(uint64_t *backoff_ns, uint64_t deadline_ns);

#endif
