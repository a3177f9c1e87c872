/*
 * tests/bench_kernels.c — the instruction-mix table of the built-in kernels
 * (`make bench`; not a test), as README.md shows it: every shape of
 * kern_mix_table_shape() on the simulated gfx1100, the figures of
 * kernels/mix.h.  The simulator's counts are exact, so the table is
 * reproducible digit for digit (the kernels suite checks README.md against
 * it).  `amdpm4 run OP --stats` prints the row of its own op and shape.
 */
#include <stdio.h>

#include "amdpm4.h"
#include "kernels/mix.h"

#define SEED 1

int main(void)
{
    amdpm4_device *dev = NULL;
    amdpm4_queue *q = NULL;
    char line[2048];

    if (amdpm4_device_open(0, &dev) || amdpm4_queue_create(dev, AMDPM4_QUEUE_COMPUTE, &q)) {
        fprintf(stderr, "bench_kernels: %s\n", amdpm4_last_error());
        return 1;
    }
    kern_mix_format_header(line, sizeof(line));
    printf("%s\n", line);
    for (unsigned i = 0; i < kern_mix_table_count(); i++) {
        struct kern_shape s;
        struct kern_mix m;

        if (kern_mix_table_shape(i, &s) || kern_mix_measure(dev, q, &s, SEED, &m)) {
            fprintf(stderr, "bench_kernels: %s\n", amdpm4_last_error());
            return 1;
        }
        kern_mix_format_row(&m, line, sizeof(line));
        printf("%s\n", line);
        fflush(stdout);
    }
    amdpm4_queue_destroy(q);
    amdpm4_device_close(dev);
    return 0;
}
