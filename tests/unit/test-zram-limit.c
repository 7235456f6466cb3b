/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/zram-limit.c: --mem-limit and --writeback-limit as the kernel takes them. */
#include "unit.h"

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

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_to_4k_units),
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
