/* sim/exec_errata.c — see exec_errata.h. */
#include "sim/exec_errata.h"

const struct exec_erratum_info exec_errata[EXEC_ERRATA_COUNT] = {
#define EXEC_ERRATUM(n, i, w, b) [EXEC_ERRATUM_##n] = {#n, i, w, b},
#include "sim/exec_errata.def"
#undef EXEC_ERRATUM
};
