/*
 * tests/isa_rand.h — random gfx11 instruction words for the suites that
 * throw them at the decoder (check_isa) and the wave executor (check_exec).
 * One xorshift stream per process; not thread-safe.
 */
#ifndef AMDPM4_TESTS_ISA_RAND_H
#define AMDPM4_TESTS_ISA_RAND_H

#include <stdint.h>

/* Restart the stream (seed 0 is taken as 1). */
void isa_rand_seed(uint64_t seed);

/* The next 32 random bits. */
uint32_t isa_rand(void);

/* Fill w[0..4] with a random instruction: an opcode of the table in its
 * fixed bits (any of its encodings) with random fields, a format prefix with
 * random rest, or fully random words. */
void isa_rand_inst(uint32_t w[5]);

#endif
