/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/zram-record.c: the /run/ephvol/zram/NAME record. */
#include "unit.h"

#include "zram-record.h"

static void roundtrip(unsigned index, enum ephvol_role role, uint64_t disksize,
                      const char *expected_text) {
	struct zram_record in = { .index = index, .role = role, .disksize = disksize };
	struct zram_record out = { .index = 12345, .role = (enum ephvol_role)99, .disksize = 1 };
	char *text = NULL;

	assert_int_equal(zram_record_format(&in, &text), 0);
	assert_non_null(text);
	if (expected_text)
		assert_string_equal(text, expected_text);
	assert_int_equal(zram_record_parse(text, &out), 0);
	assert_int_equal(out.index, index);
	assert_int_equal(out.role, role);
	assert_true(out.disksize == disksize);
	free(text);
}

static void test_roundtrip_each_role(void **state) {
	(void)state;
	roundtrip(1, EPHVOL_ROLE_SWAP, UINT64_C(536870912),
	          "device=zram1\nrole=swap\ndisksize=536870912\n");
	roundtrip(0, EPHVOL_ROLE_TMP, UINT64_C(4294967296),
	          "device=zram0\nrole=tmp\ndisksize=4294967296\n");
	roundtrip(15, EPHVOL_ROLE_RAW, UINT64_C(1048576),
	          "device=zram15\nrole=raw\ndisksize=1048576\n");
}

static void test_roundtrip_extremes(void **state) {
	(void)state;
	roundtrip(UINT_MAX, EPHVOL_ROLE_SWAP, UINT64_MAX, NULL);
	roundtrip(0, EPHVOL_ROLE_RAW, 0, "device=zram0\nrole=raw\ndisksize=0\n");
}

static void expect_bad(const char *text) {
	struct zram_record r = { .index = 777, .role = EPHVOL_ROLE_RAW, .disksize = 777 };

	if (zram_record_parse(text, &r) != -EBADMSG)
		print_error("zram_record_parse accepted \"%s\"\n", text);
	assert_int_equal(zram_record_parse(text, &r), -EBADMSG);
	/* nothing written on failure */
	assert_int_equal(r.index, 777);
	assert_true(r.disksize == 777);
	assert_int_equal(r.role, EPHVOL_ROLE_RAW);
}

static void test_reject_garbage(void **state) {
	(void)state;
	expect_bad("");
	expect_bad("\n");
	expect_bad("hello\n");
	expect_bad("device=zram\nrole=swap\ndisksize=1\n"); /* no index */
	expect_bad("device=zramX\nrole=swap\ndisksize=1\n");
	expect_bad("device=loop1\nrole=swap\ndisksize=1\n");
	expect_bad("device=zram1\nrole=swap\n");             /* no disksize */
	expect_bad("device=zram1\ndisksize=1\n");            /* no role */
	expect_bad("role=swap\ndevice=zram1\ndisksize=1\n"); /* wrong order */
	expect_bad("device=zram1\nrole=swap\ndisksize=\n");
	expect_bad("device=zram1\nrole=swap\ndisksize=big\n");
	expect_bad("device=zram1\nrole=\ndisksize=1\n");
}

static void test_reject_trailing_data(void **state) {
	(void)state;
	expect_bad("device=zram1\nrole=swap\ndisksize=1\nextra=1\n");
	expect_bad("device=zram1\nrole=swap\ndisksize=1x\n");
	expect_bad("device=zram1\nrole=swap\ndisksize=1\n\ngarbage");
	expect_bad("device=zram1x\nrole=swap\ndisksize=1\n");
}

static void test_reject_unknown_role(void **state) {
	(void)state;
	expect_bad("device=zram1\nrole=boot\ndisksize=1\n");
	expect_bad("device=zram1\nrole=SWAP\ndisksize=1\n");
	expect_bad("device=zram1\nrole=swapper\ndisksize=1\n");
	expect_bad("device=zram1\nrole=swapperx\ndisksize=1\n");
	expect_bad("device=zram1\nrole=sw\ndisksize=1\n");
	expect_bad("device=zram1\nrole=tmp2\ndisksize=1\n");
}

/* Regression (was a bug): zram_record_parse() (src/shared/zram-record.c) is lenient where the
 * record has one exact format: sscanf's %u/%SCNu64 accept a sign and leading blanks, and "\n" in
 * the format matches any run of whitespace, even none. "device=zram-1\n..." parses with
 * index 4294967295, "disksize=-1" as 18446744073709551615, and
 * "device=zram1 role=swap disksize=5" is accepted. Expected -EBADMSG, actual 0. */
static void test_reject_signs_and_blanks(void **state) {
	(void)state;
	expect_bad("device=zram-1\nrole=swap\ndisksize=5\n");
	expect_bad("device=zram+1\nrole=swap\ndisksize=5\n");
	expect_bad("device=zram1\nrole=swap\ndisksize=-1\n");
	expect_bad("device=zram 1\nrole=swap\ndisksize=5\n");
	expect_bad("device=zram1 role=swap disksize=5");
}

static void test_role_from_string(void **state) {
	enum ephvol_role r = (enum ephvol_role)42;

	(void)state;
	assert_int_equal(role_from_string("swap", &r), 0);
	assert_int_equal(r, EPHVOL_ROLE_SWAP);
	assert_int_equal(role_from_string("tmp", &r), 0);
	assert_int_equal(r, EPHVOL_ROLE_TMP);
	assert_int_equal(role_from_string("raw", &r), 0);
	assert_int_equal(r, EPHVOL_ROLE_RAW);
	r = (enum ephvol_role)42;
	assert_int_equal(role_from_string("", &r), -EINVAL);
	assert_int_equal(role_from_string("Swap", &r), -EINVAL);
	assert_int_equal(role_from_string("mount", &r), -EINVAL);
	assert_int_equal(role_from_string("swap ", &r), -EINVAL);
	assert_int_equal(r, 42);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_each_role),
		cmocka_unit_test(test_roundtrip_extremes),
		cmocka_unit_test(test_reject_garbage),
		cmocka_unit_test(test_reject_trailing_data),
		cmocka_unit_test(test_reject_unknown_role),
		cmocka_unit_test(test_reject_signs_and_blanks),
		cmocka_unit_test(test_role_from_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
