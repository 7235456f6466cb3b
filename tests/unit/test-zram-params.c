/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/zram-params.c: --comp-level and --comp-dict as zram's algorithm_params takes them. */
#include "unit.h"

#include "zram-params.h"

static void test_level_range(void **state) {
	int lo = 42, hi = 42;

	(void)state;
	assert_int_equal(zram_level_range("zstd", &lo, &hi), 0);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 22);
	assert_int_equal(zram_level_range("lz4hc", &lo, &hi), 0);
	assert_int_equal(hi, 12);
	assert_int_equal(zram_level_range("deflate", &lo, &hi), 0);
	assert_int_equal(hi, 9);
	assert_int_equal(zram_level_range("lz4", &lo, &hi), 0);
	assert_int_equal(hi, 65537);

	lo = hi = 42;
	assert_int_equal(zram_level_range("lzo-rle", &lo, &hi), -EOPNOTSUPP);
	assert_int_equal(zram_level_range("lzo", &lo, &hi), -EOPNOTSUPP);
	assert_int_equal(zram_level_range("842", &lo, &hi), -EOPNOTSUPP);
	assert_int_equal(zram_level_range("ZSTD", &lo, &hi), -EOPNOTSUPP);
	assert_int_equal(zram_level_range(NULL, &lo, &hi), -EOPNOTSUPP);
	assert_int_equal(lo, 42); /* untouched on failure */
	assert_int_equal(hi, 42);
}

static void test_takes_dict(void **state) {
	(void)state;
	assert_true(zram_alg_takes_dict("zstd"));
	assert_true(zram_alg_takes_dict("lz4"));
	assert_true(zram_alg_takes_dict("lz4hc"));
	assert_false(zram_alg_takes_dict("deflate"));
	assert_false(zram_alg_takes_dict("lzo-rle"));
	assert_false(zram_alg_takes_dict(NULL));
}

static void test_format(void **state) {
	char buf[64];

	(void)state;
	assert_int_equal(zram_algorithm_params_format(true, 8, NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "level=8");
	assert_int_equal(
	        zram_algorithm_params_format(false, 0, "/proc/self/fd/5", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "dict=/proc/self/fd/5");
	assert_int_equal(zram_algorithm_params_format(true, 3, "/proc/self/fd/5", buf, sizeof(buf)),
	                 0);
	assert_string_equal(buf, "level=3 dict=/proc/self/fd/5");

	assert_int_equal(zram_algorithm_params_format(false, 3, NULL, buf, sizeof(buf)), -EINVAL);
	/* The kernel would read "/a" as the dictionary and "b" as a parameter. */
	assert_int_equal(zram_algorithm_params_format(false, 0, "/a b", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(zram_algorithm_params_format(false, 0, "", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(zram_algorithm_params_format(true, 3, "/proc/self/fd/5", buf, 12),
	                 -ENOBUFS);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_range),
		cmocka_unit_test(test_takes_dict),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
