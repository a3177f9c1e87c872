/*
 * pm4/clock.h — the CPU clock every host-side time in the project is taken
 * with (record, submit and wait times, trace spans): CLOCK_MONOTONIC in ns.
 */
#ifndef AMDPM4_PM4_CLOCK_H
#define AMDPM4_PM4_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t pm4_now_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

#endif
