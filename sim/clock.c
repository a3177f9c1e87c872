/* sim/clock.c — see clock.h. */
#include "sim/clock.h"

#include <errno.h>
#include <time.h>

#include "sim/navi31.h"

uint64_t sim_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t sim_gpu_clock(void)
{
    /* gpu_counter_freq is in kHz: ticks = ns * kHz / 1e6. */
    unsigned __int128 t = (unsigned __int128)sim_now_ns() * sim_navi31.dev_info.gpu_counter_freq;

    return (uint64_t)(t / 1000000u);
}

void sim_sleep_until_ns(uint64_t deadline_ns)
{
    struct timespec ts = {
        .tv_sec = (time_t)(deadline_ns / 1000000000ull),
        .tv_nsec = (long)(deadline_ns % 1000000000ull),
    };

    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}
