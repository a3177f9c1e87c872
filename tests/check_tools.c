/* tests/check_tools.c — the `amdpm4` command: dispatch, exit codes, error lines. */
#include <check.h>
#include <string.h>

#include "tests/testutil.h"

START_TEST(help_lists_subcommands)
{
    char *argv[] = {(char *)test_build_path("amdpm4"), "--help", NULL};
    struct test_run r;

    ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "usage: amdpm4 SUBCOMMAND"));
    ck_assert_str_eq(r.err, "");
    test_run_free(&r);
}
END_TEST

START_TEST(unknown_subcommand_is_usage_error)
{
    char *argv[] = {(char *)test_build_path("amdpm4"), "frobnicate", NULL};
    struct test_run r;

    ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, "amdpm4: unknown subcommand 'frobnicate' (see amdpm4 --help)\n");
    test_run_free(&r);
}
END_TEST

START_TEST(no_subcommand_is_usage_error)
{
    char *argv[] = {(char *)test_build_path("amdpm4"), NULL};
    struct test_run r;

    ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "usage: amdpm4"));
    test_run_free(&r);
}
END_TEST

Suite *tools_suite(void);
Suite *tools_suite(void)
{
    Suite *s = suite_create("tools");
    TCase *tc = tcase_create("dispatch");

    tcase_add_test(tc, help_lists_subcommands);
    tcase_add_test(tc, unknown_subcommand_is_usage_error);
    tcase_add_test(tc, no_subcommand_is_usage_error);
    suite_add_tcase(s, tc);
    return s;
}
