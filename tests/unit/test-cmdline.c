/* src/shared/proc-parse.c: cmdline_get_value() */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proc-parse.h"

static void check_value(const char *cmdline, const char *key, const char *expected) {
	char *v = NULL;

	assert_int_equal(cmdline_get_value(cmdline, key, &v), 0);
	assert_string_equal(v, expected);
	free(v);
}

static void test_found(void **state) {
	(void)state;
	check_value("BOOT_IMAGE=/vmlinuz root=/dev/vda1 resume=/dev/vdb quiet\n", "resume",
	            "/dev/vdb");
	check_value("resume=UUID=1234-abcd", "resume", "UUID=1234-abcd");
	check_value("root=/dev/sda1 resume=PARTUUID=0a1b resume=/dev/sdc2", "resume", "/dev/sdc2");
	check_value("a \"resume=/dev/disk/by-label/my swap\" b", "resume",
	            "/dev/disk/by-label/my swap");
	check_value("resume=", "resume", "");
	check_value("\tresume=254:3\t", "resume", "254:3");
}

static void test_absent(void **state) {
	char *v = (char *)0x1;

	(void)state;
	assert_int_equal(cmdline_get_value("", "resume", &v), -ENOENT);
	/* Prefixes and other keys are not the key. */
	assert_int_equal(
	        cmdline_get_value("noresume resume_offset=4096 myresume=/dev/x", "resume", &v),
	        -ENOENT);
	assert_int_equal(cmdline_get_value("resume", "resume", &v), -ENOENT);
	assert_ptr_equal(v, (char *)0x1); /* untouched on failure */
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_absent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
