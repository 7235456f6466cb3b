/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/zram-free.c: which zram device may be taken without zram-control. */
#include "unit.h"

#include "zram-free.h"

static void test_lowest_untouched_device(void **state) {
	char *root = unit_fixture_path("zram-free/mixed");
	unsigned idx = 999;

	(void)state;
	/* zram0 is initialised, zram1 held by dm-3, zram2 has a disksize: zram3.
	 * "zram03" and "zramx" are not kernel names; zram12 is higher. */
	assert_int_equal(zram_find_free(root, &idx), 0);
	assert_int_equal(idx, 3);
	free(root);
}

static void test_none_free(void **state) {
	char *root = unit_fixture_path("zram-free/busy");
	unsigned idx = 999;

	(void)state;
	/* zram0 is in use; zram1 shows no initstate, so it is not known to be free. */
	assert_int_equal(zram_find_free(root, &idx), -ENODEV);
	assert_int_equal(idx, 999);
	free(root);
}

static void test_no_sysfs(void **state) {
	char *root = unit_fixture_path("zram-free/busy");
	char *missing = NULL;
	unsigned idx = 999;

	(void)state;
	/* A root without /sys (a container): nothing to take. */
	assert_true(asprintf(&missing, "%s/sys/block/zram0", root) > 0);
	assert_int_equal(zram_find_free(missing, &idx), -ENOENT);
	assert_int_equal(idx, 999);
	free(missing);
	free(root);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lowest_untouched_device),
		cmocka_unit_test(test_none_free),
		cmocka_unit_test(test_no_sysfs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
