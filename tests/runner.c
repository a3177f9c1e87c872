/*
 * tests/runner.c — the one test runner.  Every tests/check_<module>.c
 * defines <module>_suite(); the Makefile lists them in build/gen/test_suites.h.
 * `make test` runs it under the simulated gfx1100 (LD_PRELOAD).
 * CK_RUN_SUITE=<module> / CK_RUN_CASE=<tcase> select a part (Check's own
 * variables); CK_FORK=no runs in-process for a debugger.
 */
#include <check.h>
#include <stdlib.h>

#define TEST_SUITE(n) Suite *n##_suite(void);
#include "test_suites.h"
#undef TEST_SUITE

int main(void)
{
    SRunner *sr = srunner_create(NULL);
    int failed;

#define TEST_SUITE(n) srunner_add_suite(sr, n##_suite());
#include "test_suites.h"
#undef TEST_SUITE

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
