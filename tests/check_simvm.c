/* tests/check_simvm.c — the simulated GPU's VM (sim/vm.c), white-box. */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "sim/vm.h"

#define PG SIM_VM_PAGE_BYTES

static uint8_t mem_a[4 * 4096] __attribute__((aligned(4096)));
static uint8_t mem_b[4 * 4096] __attribute__((aligned(4096)));

START_TEST(map_lookup_unmap)
{
    struct sim_vm *vm = sim_vm_create();
    struct sim_vm_span s;

    ck_assert_int_eq(sim_vm_map(vm, 0x100000000ull, 4 * PG, mem_a, SIM_VM_READ | SIM_VM_WRITE, 7, 0), 0);
    ck_assert_int_eq(sim_vm_lookup(vm, 0x100000000ull + 3 * PG + 5, &s), 0);
    ck_assert_uint_eq(s.va_start, 0x100000000ull);
    ck_assert_uint_eq(s.va_end, 0x100004000ull);
    ck_assert_ptr_eq(s.host, mem_a);
    ck_assert_uint_eq(s.bo_handle, 7);
    ck_assert_int_eq(sim_vm_lookup(vm, 0x100004000ull, &s), -EFAULT);
    ck_assert_int_eq(sim_vm_lookup(vm, 0x0ffffffffull, &s), -EFAULT);
    /* unmap needs the exact start and the owning BO */
    ck_assert_int_eq(sim_vm_unmap(vm, 0x100001000ull, 7), -ENOENT);
    ck_assert_int_eq(sim_vm_unmap(vm, 0x100000000ull, 8), -ENOENT);
    ck_assert_int_eq(sim_vm_unmap(vm, 0x100000000ull, 7), 0);
    ck_assert_uint_eq(sim_vm_count(vm), 0);
    sim_vm_destroy(vm);
}
END_TEST

START_TEST(map_refuses_bad_ranges)
{
    struct sim_vm *vm = sim_vm_create();

    ck_assert_int_eq(sim_vm_map(vm, 0x1000, 0, mem_a, SIM_VM_READ, 1, 0), -EINVAL);
    ck_assert_int_eq(sim_vm_map(vm, 0x1001, PG, mem_a, SIM_VM_READ, 1, 0), -EINVAL);
    ck_assert_int_eq(sim_vm_map(vm, 0x1000, PG + 1, mem_a, SIM_VM_READ, 1, 0), -EINVAL);
    /* crosses the top of the low half */
    ck_assert_int_eq(sim_vm_map(vm, 0x7FFFFFFFF000ull, 2 * PG, mem_a, SIM_VM_READ, 1, 0), -EINVAL);
    /* non-canonical */
    ck_assert_int_eq(sim_vm_map(vm, 0x800000000000ull, PG, mem_a, SIM_VM_READ, 1, 0), -EINVAL);
    /* the high half is fine */
    ck_assert_int_eq(sim_vm_map(vm, 0xFFFF800000000000ull, PG, mem_a, SIM_VM_READ, 1, 0), 0);
    /* overlaps */
    ck_assert_int_eq(sim_vm_map(vm, 0x10000, 2 * PG, mem_a, SIM_VM_READ, 2, 0), 0);
    ck_assert_int_eq(sim_vm_map(vm, 0x11000, PG, mem_b, SIM_VM_READ, 3, 0), -EINVAL);
    ck_assert_int_eq(sim_vm_map(vm, 0xF000, 2 * PG, mem_b, SIM_VM_READ, 3, 0), -EINVAL);
    ck_assert_int_eq(sim_vm_map(vm, 0x12000, PG, mem_b, SIM_VM_READ, 3, 0), 0);
    ck_assert_int_eq(sim_vm_map(vm, 0xF000, PG, mem_b, SIM_VM_READ, 3, 0), 0);
    ck_assert_uint_eq(sim_vm_count(vm), 4);
    sim_vm_destroy(vm);
}
END_TEST

START_TEST(clear_splits_straddling_mappings)
{
    struct sim_vm *vm = sim_vm_create();
    struct sim_vm_span s;

    ck_assert_int_eq(sim_vm_map(vm, 0x100000, 4 * PG, mem_a, SIM_VM_READ, 1, 0), 0);
    ck_assert_int_eq(sim_vm_map(vm, 0x104000, 4 * PG, mem_b, SIM_VM_READ, 2, 0), 0);
    /* clear the middle page of the first mapping: it splits in two */
    ck_assert_int_eq(sim_vm_clear(vm, 0x101000, PG), 0);
    ck_assert_uint_eq(sim_vm_count(vm), 3);
    ck_assert_int_eq(sim_vm_lookup(vm, 0x101000, &s), -EFAULT);
    ck_assert_int_eq(sim_vm_lookup(vm, 0x102800, &s), 0);
    ck_assert_uint_eq(s.va_start, 0x102000);
    ck_assert_ptr_eq(s.host, mem_a + 2 * PG);
    ck_assert_uint_eq(s.bo_offset_bytes, 2 * PG);
    /* clear across the boundary of the two BOs: tail of one, head of the other */
    ck_assert_int_eq(sim_vm_clear(vm, 0x103000, 2 * PG), 0);
    ck_assert_int_eq(sim_vm_lookup(vm, 0x105000, &s), 0);
    ck_assert_uint_eq(s.va_start, 0x105000);
    ck_assert_ptr_eq(s.host, mem_b + PG);
    ck_assert_int_eq(sim_vm_lookup(vm, 0x103000, &s), -EFAULT);
    ck_assert_int_eq(sim_vm_lookup(vm, 0x104000, &s), -EFAULT);
    ck_assert_int_eq(sim_vm_unmap_bo(vm, 1), 2);
    ck_assert_uint_eq(sim_vm_count(vm), 1);
    sim_vm_destroy(vm);
}
END_TEST

START_TEST(read_write_across_mappings)
{
    struct sim_vm *vm = sim_vm_create();
    uint8_t buf[64];
    uint64_t fva = 0;

    memset(mem_a, 0, sizeof(mem_a));
    memset(mem_b, 0, sizeof(mem_b));
    ck_assert_int_eq(sim_vm_map(vm, 0x200000, PG, mem_a, SIM_VM_READ | SIM_VM_WRITE, 1, 0), 0);
    ck_assert_int_eq(sim_vm_map(vm, 0x201000, PG, mem_b, SIM_VM_READ | SIM_VM_WRITE, 2, 0), 0);
    ck_assert_int_eq(sim_vm_map(vm, 0x202000, PG, mem_b + PG, SIM_VM_READ, 2, PG), 0);
    for (int i = 0; i < 64; i++)
        buf[i] = (uint8_t)(i + 1);
    ck_assert_int_eq(sim_vm_write(vm, 0x200FE0, buf, 64, &fva), 0);
    ck_assert_uint_eq(mem_a[PG - 32], 1);
    ck_assert_uint_eq(mem_b[0], 33);
    ck_assert_uint_eq(mem_b[31], 64);
    memset(buf, 0, sizeof(buf));
    ck_assert_int_eq(sim_vm_read(vm, 0x200FE0, buf, 64, &fva), 0);
    ck_assert_uint_eq(buf[63], 64);
    /* the third page is read-only: the write faults on its first byte */
    ck_assert_int_eq(sim_vm_write(vm, 0x201FF0, buf, 32, &fva), -EFAULT);
    ck_assert_uint_eq(fva, 0x202000);
    /* reading past the last mapping faults at its end */
    ck_assert_int_eq(sim_vm_read(vm, 0x202FF0, buf, 32, &fva), -EFAULT);
    ck_assert_uint_eq(fva, 0x203000);
    ck_assert_ptr_eq(sim_vm_ptr(vm, 0x200010, 16, SIM_VM_READ), mem_a + 16);
    ck_assert_ptr_null(sim_vm_ptr(vm, 0x200FF0, 32, SIM_VM_READ));
    ck_assert_ptr_null(sim_vm_ptr(vm, 0x202000, 4, SIM_VM_WRITE));
    sim_vm_destroy(vm);
}
END_TEST

Suite *simvm_suite(void);
Suite *simvm_suite(void)
{
    Suite *s = suite_create("simvm");
    TCase *tc = tcase_create("vm");

    tcase_add_test(tc, map_lookup_unmap);
    tcase_add_test(tc, map_refuses_bad_ranges);
    tcase_add_test(tc, clear_splits_straddling_mappings);
    tcase_add_test(tc, read_write_across_mappings);
    suite_add_tcase(s, tc);
    return s;
}
