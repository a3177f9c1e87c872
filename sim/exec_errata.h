/*
 * sim/exec_errata.h — the executor's table of departures from, and choices
 * within, the RDNA3 ISA guide (rows: sim/exec_errata.def).
 */
#ifndef AMDPM4_SIM_EXEC_ERRATA_H
#define AMDPM4_SIM_EXEC_ERRATA_H

enum exec_erratum {
#define EXEC_ERRATUM(name, insts, what, basis) EXEC_ERRATUM_##name,
#include "sim/exec_errata.def"
#undef EXEC_ERRATUM
    EXEC_ERRATA_COUNT
};

struct exec_erratum_info {
    const char *name;       /* "NAN_DEFAULT" */
    const char *insts;      /* the instructions it concerns */
    const char *what;       /* what the simulator does */
    const char *basis;      /* the source, or "assumed: ..." */
};

extern const struct exec_erratum_info exec_errata[EXEC_ERRATA_COUNT];

#endif
