/* tests/testutil.h — helpers shared by the suites. */
#ifndef AMDPM4_TESTS_TESTUTIL_H
#define AMDPM4_TESTS_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Directory holding the build outputs (env AMDPM4_BUILD, set by `make test`;
 * "build" otherwise). */
const char *test_build_dir(void);

/* Path of a build output: test_build_path("amdpm4") -> "<build>/amdpm4".
 * Returns a static buffer valid until the next call. */
const char *test_build_path(const char *name);

struct test_run {
    int exit_code;      /* exit status, or 128+signal if killed */
    char *out;          /* captured stdout (NUL-terminated, malloc'd) */
    char *err;          /* captured stderr (NUL-terminated, malloc'd) */
};

/* Run argv (argv[0] a path) with optional stdin text, capturing output.
 * extra_env: NULL or a NULL-terminated list of "NAME=VALUE" added to the
 * environment.  Returns 0, or -errno if it could not be started. */
int test_run(struct test_run *r, char *const argv[], const char *stdin_text,
             char *const extra_env[]);
void test_run_free(struct test_run *r);

/* Assemble RDNA3 source text for cpu (llvm-mc -mcpu=CPU, reading stdin)
 * and link it into a code object (ld.lld -shared), in a private temporary
 * directory that is removed again.  *co (malloc'd) receives the object.
 * Returns 0, or -1 with the tools' complaint in err. */
int test_assemble(const char *source, const char *cpu, uint8_t **co, size_t *co_bytes, char *err,
                  size_t err_bytes);

#endif
