/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/zram-limit.c: --mem-limit and --writeback-limit as the kernel takes them. */
#include "unit.h"

#include "size-expr.h"
#include "zram-limit.h"

static void test_to_4k_units(void **state) {
	(void)state;
	assert_true(zram_limit_to_4k_units(0) == 0);
	assert_true(zram_limit_to_4k_units(1) == 1);
	assert_true(zram_limit_to_4k_units(4095) == 1);
	assert_true(zram_limit_to_4k_units(4096) == 1);
	assert_true(zram_limit_to_4k_units(4097) == 2);
	assert_true(zram_limit_to_4k_units(UINT64_C(256) << 20) == 65536);
	/* Regression: (limit + 4095) / 4096 wrapped to 0, which with writeback_limit_enable
	 * allows no writeback at all. */
	assert_true(zram_limit_to_4k_units(UINT64_MAX) == UINT64_C(1) << 52);
	assert_true(zram_limit_to_4k_units(UINT64_MAX - 4094) == UINT64_C(1) << 52);
	assert_true(zram_limit_to_4k_units(UINT64_MAX - 4095) == (UINT64_C(1) << 52) - 1);
	assert_true(zram_limit_to_4k_units(ZRAM_LIMIT_MAX) == (UINT64_C(1) << 52) - 16);
}

static void test_parse(void **state) {
	uint64_t v = 42;

	(void)state;
	assert_int_equal(zram_limit_parse("1", &v), 0);
	assert_true(v == 1);
	assert_int_equal(zram_limit_parse("256M", &v), 0);
	assert_true(v == UINT64_C(256) << 20);
	assert_int_equal(zram_limit_parse("16383P", &v), 0);
	assert_true(v == UINT64_C(16383) << 50);
	assert_int_equal(zram_limit_parse("18446744073709486080", &v), 0);
	assert_true(v == ZRAM_LIMIT_MAX);
	assert_true(ZRAM_LIMIT_MAX % 65536 == 0);

	v = 42;
	/* PAGE_ALIGN() of these wraps to 0 in the kernel: "no limit". */
	assert_int_equal(zram_limit_parse("18446744073709486081", &v), -ERANGE);
	assert_int_equal(zram_limit_parse("18446744073709551615", &v), -ERANGE);
	assert_int_equal(zram_limit_parse("16384P", &v), -ERANGE); /* 2^64 */
	assert_int_equal(zram_limit_parse("99999999999999999999", &v), -ERANGE);
	assert_int_equal(zram_limit_parse("0", &v), -ERANGE);
	assert_int_equal(zram_limit_parse("0K", &v), -ERANGE);
	assert_int_equal(zram_limit_parse("", &v), -EINVAL);
	assert_int_equal(zram_limit_parse("-1", &v), -EINVAL);
	assert_int_equal(zram_limit_parse("lots", &v), -EINVAL);
	assert_int_equal(zram_limit_parse("1X", &v), -EINVAL);
	assert_true(v == 42); /* untouched on failure */
}

static void test_mem_limit_expressions(void **state) {
	struct size_expr_error e = {};
	uint64_t v = 42;

	(void)state;
	assert_int_equal(zram_mem_limit_eval("10%", UINT64_C(8) << 30, &v, &e), 0);
	assert_true(v == (UINT64_C(8) << 30) / 10);
	assert_int_equal(zram_mem_limit_eval("min(ram / 8, 2G)", UINT64_C(64) << 30, &v, &e), 0);
	assert_true(v == UINT64_C(2) << 30);
	assert_int_equal(zram_mem_limit_eval("256M", 0, &v, &e), 0);
	assert_true(v == UINT64_C(256) << 20);
	assert_int_equal(zram_mem_limit_eval("18446744073709486080", 1, &v, &e), 0);
	assert_true(v == ZRAM_LIMIT_MAX);

	v = 42;
	/* Beyond it the kernel's PAGE_ALIGN() wraps to 0: no limit. */
	assert_int_equal(zram_mem_limit_eval("18446744073709486081", 1, &v, &e), -ERANGE);
	assert_non_null(strstr(e.message, "no limit"));
	assert_int_equal(zram_mem_limit_eval("0%", UINT64_C(1) << 30, &v, &e), -ERANGE);
	assert_int_equal(zram_mem_limit_eval("10% *", UINT64_C(1) << 30, &v, &e), -EINVAL);
	assert_true(v == 42);

	/* Before RAM is known. */
	assert_int_equal(zram_mem_limit_check("10%", &e), 0);
	assert_int_equal(zram_mem_limit_check("16383P", &e), 0);
	assert_int_equal(zram_mem_limit_check("16384P", &e), -ERANGE);
	assert_int_equal(zram_mem_limit_check("0", &e), -ERANGE);
	assert_int_equal(zram_mem_limit_check("lots", &e), -EINVAL);
	/* Beyond on one machine, within on another: decided at create. */
	assert_int_equal(zram_mem_limit_check("ram * 20000000", &e), 0);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_to_4k_units),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_mem_limit_expressions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
