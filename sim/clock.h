/*
 * sim/clock.h — time on the simulated GPU.
 *
 * The GPU clock (RELEASE_MEM / COPY_DATA "GPU clock", SDMA TIMESTAMP,
 * AMDGPU_INFO_TIMESTAMP) counts at DEV_INFO gpu_counter_freq (100 MHz on
 * navi31), derived from CLOCK_MONOTONIC, so it is monotonic and shared by
 * every ring.
 */
#ifndef AMDPM4_SIM_CLOCK_H
#define AMDPM4_SIM_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in ns (the kernel's ktime_get(): the clock amdgpu's
 * absolute timeouts are measured on). */
uint64_t sim_now_ns(void);

/* The GPU clock counter: ticks of gpu_counter_freq since CLOCK_MONOTONIC's 0. */
uint64_t sim_gpu_clock(void);

/* Sleep until the absolute CLOCK_MONOTONIC time deadline_ns. */
void sim_sleep_until_ns(uint64_t deadline_ns);

#endif
