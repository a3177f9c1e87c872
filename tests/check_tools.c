/* tests/check_tools.c — the `amdpm4` command: dispatch, exit codes, error lines; the
 * choice of device (re-execution under the simulator); an installed tree. */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Every subcommand answers --help on stdout with exit 0. */
START_TEST(every_subcommand_has_help)
{
    static const char *const cmds[] = {"bench", "check", "disasm", "dump", "info", "launch",
                                       "run"};
    char want[64];

    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        char *argv[] = {(char *)test_build_path("amdpm4"), (char *)cmds[i], "--help", NULL};
        struct test_run r;

        ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
        ck_assert_msg(r.exit_code == 0, "%s --help: exit %d", cmds[i], r.exit_code);
        snprintf(want, sizeof(want), "usage: amdpm4 %s ", cmds[i]);
        ck_assert_msg(!strncmp(r.out, want, strlen(want)), "%s --help: %s", cmds[i], r.out);
        ck_assert_str_eq(r.err, "");
        test_run_free(&r);
    }
}
END_TEST

/* ---------------------------------------------------------------- device choice */

/* argv for `env -u LD_PRELOAD -u AMDPM4_DEVICE -u AMDPM4_SIM_REEXEC TOOL ARGS...`: the tool
 * as a user starts it, without the simulator that `make test` preloads. */
static int run_bare(struct test_run *r, const char *tool, const char *const *args,
                    char *const *env)
{
    char *argv[32];
    unsigned n = 0;

    argv[n++] = "/usr/bin/env";
    argv[n++] = "-u";
    argv[n++] = "LD_PRELOAD";
    argv[n++] = "-u";
    argv[n++] = "AMDPM4_DEVICE";
    argv[n++] = "-u";
    argv[n++] = "AMDPM4_SIM_REEXEC";
    argv[n++] = (char *)tool;
    for (; *args && n < 31; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    return test_run(r, argv, NULL, env);
}

/* The simulator library beside `dir`'s amdpm4, as realpath gives it. */
static void sim_path(const char *dir, char *out)
{
    char p[PATH_MAX];
    snprintf(p, sizeof(p), "%s/libamdpm4sim.so", dir);
    ck_assert_ptr_nonnull(realpath(p, out));
}

/* auto: a real gfx11 GPU is used as is; without one the tool re-executes
 * under the simulator found beside it and says so in one line. */
START_TEST(device_auto_reexecutes_under_simulator)
{
    char sim[PATH_MAX], want[PATH_MAX + 128];
    struct test_run r;

    ck_assert_int_eq(run_bare(&r, test_build_path("amdpm4"), (const char *const[]){"info", NULL},
                              NULL), 0);
    ck_assert_int_eq(r.exit_code, 0);
    if (strstr(r.out, "simulated      no (real hardware)")) {
        ck_assert_str_eq(r.err, "");
    } else {
        ck_assert_ptr_nonnull(strstr(r.out, "simulated      amdpm4 simulated gfx1100"));
        sim_path(test_build_dir(), sim);
        snprintf(want, sizeof(want), "; running on the simulated gfx1100 (%s)\n", sim);
        ck_assert_msg(!strncmp(r.err, "amdpm4 info: no gfx11 GPU found (", 33), "%s", r.err);
        ck_assert_msg(strlen(r.err) > strlen(want) &&
                      !strcmp(r.err + strlen(r.err) - strlen(want), want), "%s", r.err);
        ck_assert_ptr_eq(strchr(r.err, '\n'), r.err + strlen(r.err) - 1);
    }
    test_run_free(&r);
}
END_TEST

START_TEST(device_sim_and_environment)
{
    struct test_run r;

    /* --device sim: always simulated, nothing said */
    ck_assert_int_eq(run_bare(&r, test_build_path("amdpm4"),
                              (const char *const[]){"info", "--device", "sim", NULL}, NULL), 0);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "simulated      amdpm4 simulated gfx1100"));
    ck_assert_str_eq(r.err, "");
    test_run_free(&r);
    /* AMDPM4_DEVICE=sim does the same */
    {
        char *argv[] = {"/usr/bin/env", "-u", "LD_PRELOAD", "AMDPM4_DEVICE=sim",
                        (char *)test_build_path("amdpm4"), "run", "empty", NULL};
        ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
    }
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "run empty count=1 on gfx1100 (simulated: "));
    ck_assert_str_eq(r.err, "");
    test_run_free(&r);
}
END_TEST

START_TEST(device_errors)
{
    char *argv[] = {(char *)test_build_path("amdpm4"), "info", "--device", "hw", NULL};
    char want[4096];
    struct test_run r;

    /* hw never uses the simulator `make test` preloads */
    ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
    ck_assert_int_eq(r.exit_code, 1);
    snprintf(want, sizeof(want), "amdpm4 info: --device hw, but the simulated gfx1100 is loaded "
             "(LD_PRELOAD='%s'): unset LD_PRELOAD to use a real GPU\n", getenv("LD_PRELOAD"));
    ck_assert_str_eq(r.err, want);
    ck_assert_str_eq(r.out, "");
    test_run_free(&r);
    {
        char *a[] = {(char *)test_build_path("amdpm4"), "info", "--device", "gpu", NULL};
        ck_assert_int_eq(test_run(&r, a, NULL, NULL), 0);
        ck_assert_int_eq(r.exit_code, 2);
        ck_assert_str_eq(r.err, "amdpm4 info: --device 'gpu': must be auto, hw or sim\n");
        test_run_free(&r);
    }
    {
        char *a[] = {(char *)test_build_path("amdpm4"), "run", "empty", NULL};
        char *env[] = {"AMDPM4_DEVICE=hardware", NULL};
        ck_assert_int_eq(test_run(&r, a, NULL, env), 0);
        ck_assert_int_eq(r.exit_code, 2);
        ck_assert_str_eq(r.err, "amdpm4 run: AMDPM4_DEVICE='hardware': must be auto, hw or sim\n");
        test_run_free(&r);
    }
}
END_TEST

/* A copy of the tool with no simulator beside it or in ../lib. */
START_TEST(device_simulator_missing)
{
    char dir[] = "/tmp/amdpm4-nosim-XXXXXX", tool[64], cmd[PATH_MAX + 128], want[512];
    struct test_run r;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(tool, sizeof(tool), "%s/amdpm4", dir);
    snprintf(cmd, sizeof(cmd), "cp %s %s", test_build_path("amdpm4"), tool);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(run_bare(&r, tool, (const char *const[]){"info", "--device", "sim", NULL},
                              NULL), 0);
    ck_assert_int_eq(r.exit_code, 1);
    snprintf(want, sizeof(want), "amdpm4 info: the simulated gfx1100 (libamdpm4sim.so) is "
             "neither in %s nor in %s/../lib\n", dir, dir);
    ck_assert_str_eq(r.err, want);
    test_run_free(&r);
    unlink(tool);
    rmdir(dir);
}
END_TEST

/* ---------------------------------------------------------------- install */

/* `make install PREFIX=tmp`: the tool finds the installed simulator, the
 * pkg-config file and the installed header and library build a program. */
START_TEST(install_tree_works)
{
    char prefix[] = "/tmp/amdpm4-prefix-XXXXXX", cmd[4096], path[PATH_MAX], want[PATH_MAX + 64];
    struct test_run r;

    ck_assert_ptr_nonnull(mkdtemp(prefix));
    snprintf(cmd, sizeof(cmd), "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s install "
             "PREFIX=%s BUILD=%s >%s/make.log 2>&1", prefix, test_build_dir(), prefix);
    ck_assert_msg(system(cmd) == 0, "%s failed", cmd);
    {
        static const char *const files[] = {"bin/amdpm4", "lib/libamdpm4.so", "lib/libamdpm4.a",
                                            "lib/libamdpm4sim.so", "include/amdpm4.h",
                                            "lib/pkgconfig/amdpm4.pc"};
        for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
            snprintf(path, sizeof(path), "%s/%s", prefix, files[i]);
            ck_assert_msg(access(path, R_OK) == 0, "%s missing", path);
        }
    }
    /* the installed tool, started bare, runs on the installed simulator */
    snprintf(path, sizeof(path), "%s/bin/amdpm4", prefix);
    ck_assert_int_eq(run_bare(&r, path, (const char *const[]){"run", "empty", NULL}, NULL), 0);
    ck_assert_msg(r.exit_code == 0, "%s", r.err);
    if (!strstr(r.out, "(simulated: ")) {
        ck_assert_str_eq(r.err, "");        /* a real gfx11 GPU */
    } else {
        snprintf(want, sizeof(want), "; running on the simulated gfx1100 (%s/lib/libamdpm4sim.so)\n",
                 prefix);
        ck_assert_msg(strstr(r.err, want) != NULL, "%s", r.err);
    }
    test_run_free(&r);
    /* pkg-config and a program built against the installed tree */
    snprintf(path, sizeof(path), "%s/prog.c", prefix);
    {
        FILE *f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fputs("#include <stdio.h>\n#include <amdpm4.h>\n"
              "int main(void) {\n"
              "    amdpm4_device *dev; struct amdpm4_device_info in;\n"
              "    if (amdpm4_device_open(0, &dev) || amdpm4_device_info(dev, &in)) {\n"
              "        puts(amdpm4_last_error()); return 1; }\n"
              "    printf(\"%s %d\\n\", in.gfx_target, in.simulated);\n"
              "    amdpm4_device_close(dev); return 0; }\n", f);
        ck_assert_int_eq(fclose(f), 0);
    }
    snprintf(cmd, sizeof(cmd), "PKG_CONFIG_PATH=%s/lib/pkgconfig pkg-config --cflags --libs amdpm4",
             prefix);
    {
        char *argv[] = {"/bin/sh", "-c", cmd, NULL};
        ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
        ck_assert_int_eq(r.exit_code, 0);
        snprintf(want, sizeof(want), "-I%s/include ", prefix);
        ck_assert_msg(!strncmp(r.out, want, strlen(want)), "%s", r.out);
        snprintf(want, sizeof(want), " -L%s/lib -lamdpm4", prefix);
        ck_assert_msg(strstr(r.out, want) != NULL, "%s", r.out);
        test_run_free(&r);
    }
    snprintf(cmd, sizeof(cmd), "cc -o %s/prog %s/prog.c $(PKG_CONFIG_PATH=%s/lib/pkgconfig "
             "pkg-config --cflags --libs amdpm4) && LD_LIBRARY_PATH=%s/lib "
             "LD_PRELOAD=%s/lib/libamdpm4sim.so %s/prog", prefix, prefix, prefix, prefix,
             prefix, prefix);
    {
        char *argv[] = {"/bin/sh", "-c", cmd, NULL};
        ck_assert_int_eq(test_run(&r, argv, NULL, NULL), 0);
        ck_assert_msg(r.exit_code == 0, "%s%s", r.out, r.err);
        ck_assert_str_eq(r.out, "gfx1100 1\n");
        test_run_free(&r);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf %s", prefix);
    ck_assert_int_eq(system(cmd), 0);
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
    tcase_add_test(tc, every_subcommand_has_help);
    suite_add_tcase(s, tc);
    tc = tcase_create("device");
    tcase_add_test(tc, device_auto_reexecutes_under_simulator);
    tcase_add_test(tc, device_sim_and_environment);
    tcase_add_test(tc, device_errors);
    tcase_add_test(tc, device_simulator_missing);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    tc = tcase_create("install");
    tcase_add_test(tc, install_tree_works);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    return s;
}
