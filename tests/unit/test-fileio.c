/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/fileio.c: path words. */
#include "unit.h"

#include "fileio.h"
#include "macro.h"

static void test_path_startswith_dir(void **state) {
	(void)state;
	assert_true(path_startswith_dir("/tmp", "/tmp"));
	assert_true(path_startswith_dir("/tmp/", "/tmp"));
	assert_true(path_startswith_dir("//tmp//x/", "/tmp"));
	assert_true(path_startswith_dir("/./tmp/./x", "/tmp"));
	assert_true(path_startswith_dir("/var/tmp/job", "/var/tmp"));
	assert_true(path_startswith_dir("/tmp/../home", "/tmp"));
	assert_true(path_startswith_dir("/anything", "/"));
	assert_false(path_startswith_dir("/tmpx", "/tmp"));
	assert_false(path_startswith_dir("/tm", "/tmp"));
	assert_false(path_startswith_dir("/", "/tmp"));
	assert_false(path_startswith_dir("/var/tmpfoo/x", "/var/tmp"));
	assert_false(path_startswith_dir("/home/runner/_work", "/tmp"));
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_startswith_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
