/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/mount-options.c */
#include "unit.h"

#include <linux/mount.h>

#include "macro.h"
#include "mount-options.h"

static void test_empty(void **state) {
	struct mount_options o;

	(void)state;
	assert_int_equal(mount_options_parse(NULL, &o), 0);
	assert_int_equal(o.attr, 0);
	assert_int_equal(o.n_params, 0);
	mount_options_done(&o);
}

static void test_split(void **state) {
	struct mount_options o;

	(void)state;
	assert_int_equal(mount_options_parse("discard,noatime,errors=remount-ro,noexec,data=", &o),
	                 0);
	assert_int_equal(o.attr, MOUNT_ATTR_NOATIME | MOUNT_ATTR_NOEXEC);
	assert_int_equal(o.n_params, 3);
	assert_string_equal(o.params[0].key, "discard");
	assert_null(o.params[0].value);
	assert_string_equal(o.params[1].key, "errors");
	assert_string_equal(o.params[1].value, "remount-ro");
	/* An empty value is a value, not a flag. */
	assert_string_equal(o.params[2].key, "data");
	assert_string_equal(o.params[2].value, "");
	mount_options_done(&o);
	mount_options_done(&o); /* idempotent */
	mount_options_done(NULL);
}

/* Later options win, as with mount(8); atime modes exclude each other. */
static void test_later_wins(void **state) {
	struct mount_options o;

	(void)state;
	assert_int_equal(mount_options_parse("ro,noexec,rw,exec,noatime,strictatime", &o), 0);
	assert_int_equal(o.attr, MOUNT_ATTR_STRICTATIME);
	mount_options_done(&o);
	assert_int_equal(mount_options_parse("noatime,relatime,nodiratime,nosymfollow", &o), 0);
	assert_int_equal(o.attr,
	                 MOUNT_ATTR_RELATIME | MOUNT_ATTR_NODIRATIME | MOUNT_ATTR_NOSYMFOLLOW);
	mount_options_done(&o);
}

static void test_refused(void **state) {
	static const char *const bad[] = { "",      ",",    "a,,b",     "a,",
		                           ",a",    "=x",   "a\nb",     "a=\tx",
		                           "a\x7f", "x=\r", "noatime,", "errors=\x01" };
	struct mount_options o = { .attr = 42 };

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
		assert_int_equal(mount_options_parse(bad[i], &o), -EINVAL);
		assert_int_equal(o.attr, 42); /* untouched on failure */
	}
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_later_wins),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
