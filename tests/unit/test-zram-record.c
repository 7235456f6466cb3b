/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/zram-record.c: the /run/ephvol/zram/NAME record. */
#include "unit.h"

#include "macro.h"
#include "zram-record.h"

static void roundtrip_full(unsigned index, enum ephvol_role role, uint64_t disksize,
                           const char *writeback, bool hot_added, const char *expected_text) {
	struct zram_record in = {
		.index = index, .role = role, .disksize = disksize, .hot_added = hot_added
	};
	struct zram_record out = { .index = 12345,
		                   .role = (enum ephvol_role)99,
		                   .disksize = 1,
		                   .writeback = "untouched",
		                   .hot_added = !hot_added };
	char *text = NULL;

	snprintf(in.writeback, sizeof(in.writeback), "%s", writeback);
	assert_int_equal(zram_record_format(&in, &text), 0);
	assert_non_null(text);
	if (expected_text)
		assert_string_equal(text, expected_text);
	assert_int_equal(zram_record_parse(text, &out), 0);
	assert_int_equal(out.index, index);
	assert_int_equal(out.role, role);
	assert_true(out.disksize == disksize);
	assert_string_equal(out.writeback, writeback);
	assert_int_equal(out.hot_added, hot_added);
	free(text);
}

static void roundtrip(unsigned index, enum ephvol_role role, uint64_t disksize,
                      const char *expected_text) {
	roundtrip_full(index, role, disksize, "", true, expected_text);
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

static void test_roundtrip_writeback_and_hot_added(void **state) {
	(void)state;
	roundtrip_full(2, EPHVOL_ROLE_SWAP, 4096, "ephvol-zs:writeback", true,
	               "device=zram2\nrole=swap\ndisksize=4096\nwriteback=ephvol-zs:writeback\n");
	roundtrip_full(0, EPHVOL_ROLE_TMP, 4096, "", false,
	               "device=zram0\nrole=tmp\ndisksize=4096\nhot_added=no\n");
	roundtrip_full(7, EPHVOL_ROLE_RAW, 8192, "ephvol-a.b-c_D9:writeback", false,
	               "device=zram7\nrole=raw\ndisksize=8192\n"
	               "writeback=ephvol-a.b-c_D9:writeback\nhot_added=no\n");
	/* the longest volume name still fits the record's field */
	roundtrip_full(3, EPHVOL_ROLE_SWAP, 1, "ephvol-abcdefghijklmnopqrstuvwxyz012345:writeback",
	               true, NULL);
}

/* What format refuses, parse would refuse: a written record always reads back. */
static void expect_bad(const char *text);

static void test_writeback_idle_age(void **state) {
	struct zram_record rec = { .index = 4,
		                   .role = EPHVOL_ROLE_SWAP,
		                   .disksize = 4096,
		                   .writeback = "ephvol-zs:writeback",
		                   .writeback_idle_age = 3600,
		                   .hot_added = false };
	_cleanup_free_ char *text = NULL;
	struct zram_record out;

	(void)state;
	assert_int_equal(zram_record_format(&rec, &text), 0);
	assert_string_equal(text, "device=zram4\nrole=swap\ndisksize=4096\n"
	                          "writeback=ephvol-zs:writeback\nwriteback_idle_age=3600\n"
	                          "hot_added=no\n");
	assert_int_equal(zram_record_parse(text, &out), 0);
	assert_true(out.writeback_idle_age == 3600);
	assert_false(out.hot_added);

	/* An age without writeback, 0, or out of its place is not a record of ours. */
	expect_bad("device=zram4\nrole=swap\ndisksize=4096\nwriteback_idle_age=3600\n");
	expect_bad("device=zram4\nrole=swap\ndisksize=4096\n"
	           "writeback=ephvol-zs:writeback\nwriteback_idle_age=0\n");
	expect_bad("device=zram4\nrole=swap\ndisksize=4096\n"
	           "writeback=ephvol-zs:writeback\nwriteback_idle_age=036\n");
	expect_bad("device=zram4\nrole=swap\ndisksize=4096\n"
	           "writeback=ephvol-zs:writeback\nhot_added=no\nwriteback_idle_age=36\n");
	rec.writeback[0] = 0;
	free(text);
	text = (char *)"untouched";
	assert_int_equal(zram_record_format(&rec, &text), -EINVAL);
	assert_string_equal(text, "untouched");
	text = NULL;
}

static void test_format_rejects_invalid(void **state) {
	static const char *const bad_writeback[] = {
		"zs",
		"ephvol-zs",
		"ephvol-zs:writebackx",
		"ephvol-:writeback",
		"ephvol-.x:writeback",
		"ephvol-a/b:writeback",
		"other-zs:writeback",
	};
	struct zram_record rec = { .index = 1, .role = EPHVOL_ROLE_SWAP, .disksize = 1 };
	char *text = (char *)"untouched";

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(bad_writeback); i++) {
		snprintf(rec.writeback, sizeof(rec.writeback), "%s", bad_writeback[i]);
		if (zram_record_format(&rec, &text) != -EINVAL)
			print_error("zram_record_format accepted writeback \"%s\"\n",
			            bad_writeback[i]);
		assert_int_equal(zram_record_format(&rec, &text), -EINVAL);
	}
	/* not NUL-terminated */
	memset(rec.writeback, 'a', sizeof(rec.writeback));
	assert_int_equal(zram_record_format(&rec, &text), -EINVAL);
	rec.writeback[0] = 0;
	rec.role = (enum ephvol_role)3;
	assert_int_equal(zram_record_format(&rec, &text), -EINVAL);
	assert_string_equal(text, "untouched");
}

static void expect_bad(const char *text) {
	struct zram_record r = { .index = 777,
		                 .role = EPHVOL_ROLE_RAW,
		                 .disksize = 777,
		                 .writeback = "untouched",
		                 .hot_added = false };

	if (zram_record_parse(text, &r) != -EBADMSG)
		print_error("zram_record_parse accepted \"%s\"\n", text);
	assert_int_equal(zram_record_parse(text, &r), -EBADMSG);
	/* nothing written on failure */
	assert_int_equal(r.index, 777);
	assert_true(r.disksize == 777);
	assert_int_equal(r.role, EPHVOL_ROLE_RAW);
	assert_string_equal(r.writeback, "untouched");
	assert_false(r.hot_added);
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

/* Regression (found by tests/fuzz/fuzz-zram-record.c): leading zeros were accepted, so
 * "device=zram01" read as zram1, though format never writes it: not the one exact format,
 * and the record's text no longer what formatting it gives. */
static void test_reject_leading_zeros(void **state) {
	(void)state;
	expect_bad("device=zram01\nrole=swap\ndisksize=5\n");
	expect_bad("device=zram00\nrole=swap\ndisksize=5\n");
	expect_bad("device=zram1\nrole=swap\ndisksize=05\n");
	expect_bad("device=zram1\nrole=swap\ndisksize=00\n");
}

#define HEAD "device=zram1\nrole=swap\ndisksize=5\n"

static void test_reject_bad_writeback(void **state) {
	(void)state;
	expect_bad(HEAD "writeback=\n");
	expect_bad(HEAD "writeback=zs\n");
	expect_bad(HEAD "writeback=ephvol-zs\n");
	expect_bad(HEAD "writeback=zs:writeback\n");
	expect_bad(HEAD "writeback=ephvol-:writeback\n");
	expect_bad(HEAD "writeback=ephvol-.zs:writeback\n");
	expect_bad(HEAD "writeback=ephvol--zs:writeback\n");
	expect_bad(HEAD "writeback=ephvol-z s:writeback\n");
	expect_bad(HEAD "writeback=ephvol-z/s:writeback\n");
	expect_bad(HEAD "writeback=ephvol-zs:writeback:writeback\n");
	expect_bad(HEAD "writeback=ephvol-zs:writebac\n");
	expect_bad(HEAD "writeback=ephvol-zs:writeback \n");
	expect_bad(HEAD "writeback=/dev/mapper/ephvol-zs:writeback\n");
	expect_bad(HEAD "writeback=ephvol-zs:writeback"); /* no newline */
	/* a 33-character name */
	expect_bad(HEAD "writeback=ephvol-abcdefghijklmnopqrstuvwxyz0123456:writeback\n");
	/* longer than the field */
	expect_bad(HEAD "writeback=ephvol-abcdefghijklmnopqrstuvwxyz012345abcdefghijklmnopqr"
	                ":writeback\n");
}

static void test_reject_bad_hot_added(void **state) {
	(void)state;
	expect_bad(HEAD "hot_added=yes\n"); /* the default is never written */
	expect_bad(HEAD "hot_added=\n");
	expect_bad(HEAD "hot_added=No\n");
	expect_bad(HEAD "hot_added=no \n");
	expect_bad(HEAD "hot_added=0\n");
	expect_bad(HEAD "hot_added=no");
	expect_bad(HEAD "hot_added\n");
}

static void test_reject_duplicate_unknown_and_order(void **state) {
	(void)state;
	/* duplicates */
	expect_bad(HEAD "writeback=ephvol-a:writeback\nwriteback=ephvol-a:writeback\n");
	expect_bad(HEAD "hot_added=no\nhot_added=no\n");
	expect_bad(HEAD "writeback=ephvol-a:writeback\nhot_added=no\nhot_added=no\n");
	expect_bad("device=zram1\ndevice=zram1\nrole=swap\ndisksize=5\n");
	expect_bad("device=zram1\nrole=swap\nrole=swap\ndisksize=5\n");
	expect_bad(HEAD "disksize=5\n");
	/* unknown keys, before, between and after the optional ones */
	expect_bad(HEAD "backing=/dev/vdb\n");
	expect_bad(HEAD "writeback=ephvol-a:writeback\nextra=1\n");
	expect_bad(HEAD "extra=1\nwriteback=ephvol-a:writeback\n");
	expect_bad(HEAD "writeback=ephvol-a:writeback\nhot_added=no\nextra=1\n");
	expect_bad("device=zram1\nwriteback=ephvol-a:writeback\nrole=swap\ndisksize=5\n");
	expect_bad("writeback=ephvol-a:writeback\n" HEAD);
	expect_bad("hot_added=no\n" HEAD);
	expect_bad(HEAD "Writeback=ephvol-a:writeback\n");
	expect_bad(HEAD "writeback =ephvol-a:writeback\n");
	expect_bad(HEAD "hot_added_=no\n");
	expect_bad(HEAD "writebackx=ephvol-a:writeback\n");
	/* the optional keys in the wrong order */
	expect_bad(HEAD "hot_added=no\nwriteback=ephvol-a:writeback\n");
	/* blank lines and trailing data */
	expect_bad(HEAD "\nwriteback=ephvol-a:writeback\n");
	expect_bad(HEAD "writeback=ephvol-a:writeback\n\n");
	expect_bad(HEAD "hot_added=no\n\n");
	expect_bad(HEAD "hot_added=no\nx");
}

/* Records of the previous format, without the optional keys, still read. */
static void test_parse_defaults(void **state) {
	struct zram_record r = { .writeback = "untouched", .hot_added = false };

	(void)state;
	assert_int_equal(zram_record_parse(HEAD, &r), 0);
	assert_string_equal(r.writeback, "");
	assert_true(r.hot_added);
	assert_int_equal(zram_record_parse(HEAD "writeback=ephvol-a:writeback\n", &r), 0);
	assert_string_equal(r.writeback, "ephvol-a:writeback");
	assert_true(r.hot_added);
	assert_int_equal(zram_record_parse(HEAD "hot_added=no\n", &r), 0);
	assert_string_equal(r.writeback, "");
	assert_false(r.hot_added);
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
		cmocka_unit_test(test_roundtrip_writeback_and_hot_added),
		cmocka_unit_test(test_writeback_idle_age),
		cmocka_unit_test(test_format_rejects_invalid),
		cmocka_unit_test(test_reject_garbage),
		cmocka_unit_test(test_reject_trailing_data),
		cmocka_unit_test(test_reject_unknown_role),
		cmocka_unit_test(test_reject_signs_and_blanks),
		cmocka_unit_test(test_reject_leading_zeros),
		cmocka_unit_test(test_reject_bad_writeback),
		cmocka_unit_test(test_reject_bad_hot_added),
		cmocka_unit_test(test_reject_duplicate_unknown_and_order),
		cmocka_unit_test(test_parse_defaults),
		cmocka_unit_test(test_role_from_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
