/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/parse.c and src/shared/format-util.c */
#include "unit.h"

#include "format-util.h"
#include "macro.h"
#include "parse.h"

#define KIB (UINT64_C(1) << 10)
#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)
#define TIB (UINT64_C(1) << 40)
#define PIB (UINT64_C(1) << 50)
#define EIB (UINT64_C(1) << 60)

/* ---- volume_name_is_valid ---- */

static void test_name_valid(void **state) {
	(void)state;
	assert_true(volume_name_is_valid("a"));
	assert_true(volume_name_is_valid("Z"));
	assert_true(volume_name_is_valid("9"));
	assert_true(volume_name_is_valid("_"));
	assert_true(volume_name_is_valid("swap"));
	assert_true(volume_name_is_valid("tmp.ci-runner_01"));
	assert_true(volume_name_is_valid("a.")); /* only the first character is restricted */
	assert_true(volume_name_is_valid("a-"));
	assert_true(volume_name_is_valid("_hidden"));
	/* exactly 32 characters */
	assert_true(volume_name_is_valid("abcdefghijklmnopqrstuvwxyz012345"));
}

static void test_name_invalid(void **state) {
	(void)state;
	assert_false(volume_name_is_valid(NULL));
	assert_false(volume_name_is_valid(""));
	/* 33 characters */
	assert_false(volume_name_is_valid("abcdefghijklmnopqrstuvwxyz0123456"));
	assert_false(volume_name_is_valid(".hidden"));
	assert_false(volume_name_is_valid("."));
	assert_false(volume_name_is_valid(".."));
	assert_false(volume_name_is_valid("-x"));
	assert_false(volume_name_is_valid("-"));
	assert_false(volume_name_is_valid("a/b"));
	assert_false(volume_name_is_valid("/"));
	assert_false(volume_name_is_valid("a b"));
	assert_false(volume_name_is_valid(" a"));
	assert_false(volume_name_is_valid("a\tb"));
	assert_false(volume_name_is_valid("a\n"));
	assert_false(volume_name_is_valid("a:b"));
	assert_false(volume_name_is_valid("a*"));
	assert_false(volume_name_is_valid("caf\xc3\xa9")); /* UTF-8 "café" */
	assert_false(volume_name_is_valid("\xff"));
}

/* ---- parse_size ---- */

static void expect_size(const char *s, uint64_t expected) {
	uint64_t v = 0xdeadbeef;
	int r = parse_size(s, &v);

	if (r != 0 || v != expected)
		print_error("parse_size(\"%s\"): r=%d v=%llu, expected %llu\n", s, r,
		            (unsigned long long)v, (unsigned long long)expected);
	assert_int_equal(r, 0);
	assert_true(v == expected);
}

static void expect_size_error(const char *s, int expected) {
	uint64_t v = 0xdeadbeef;
	int r = parse_size(s, &v);

	if (r != expected)
		print_error("parse_size(\"%s\"): r=%d, expected %d\n", s, r, expected);
	assert_int_equal(r, expected);
	assert_true(v == 0xdeadbeef); /* not written on failure */
}

static void test_parse_size_ok(void **state) {
	(void)state;
	expect_size("0", 0);
	expect_size("1", 1);
	expect_size("4096", 4096);
	expect_size("512K", 512 * KIB);
	expect_size("64M", 64 * MIB);
	expect_size("4G", 4 * GIB);
	expect_size("1T", TIB);
	expect_size("2P", 2 * PIB);
	expect_size("64MiB", 64 * MIB);
	expect_size("64MB", 64 * MIB); /* always binary units */
	expect_size("4096B", 4096);
	expect_size("1KiB", KIB);
	expect_size("512k", 512 * KIB);
	expect_size("64m", 64 * MIB);
	expect_size("4g", 4 * GIB);
	expect_size("1t", TIB);
	expect_size("64mB", 64 * MIB);
	expect_size("64miB", 64 * MIB);
	expect_size("007", 7); /* decimal, not octal */
	expect_size("16383P", 16383 * PIB);
	expect_size("18446744073709551615", UINT64_MAX);
}

static void test_parse_size_errors(void **state) {
	(void)state;
	expect_size_error(NULL, -EINVAL);
	expect_size_error("", -EINVAL);
	expect_size_error("-1", -EINVAL);
	expect_size_error("+1", -EINVAL);
	expect_size_error(" 1", -EINVAL);
	expect_size_error("1 ", -EINVAL);
	expect_size_error("1 M", -EINVAL);
	expect_size_error("1X", -EINVAL);
	expect_size_error("M", -EINVAL);
	expect_size_error("B", -EINVAL);
	expect_size_error("1.5G", -EINVAL);
	expect_size_error("0x10", -EINVAL);
	expect_size_error("1MM", -EINVAL);
	expect_size_error("1iB", -EINVAL);
	expect_size_error("1Mi", -EINVAL);
	expect_size_error("1MiBx", -EINVAL);
	expect_size_error("1BB", -EINVAL);
	expect_size_error("1E", -EINVAL); /* exa is not a size suffix here */
	expect_size_error("1%", -EINVAL);
	expect_size_error("99999999999999999999", -ERANGE);
	expect_size_error("18446744073709551616", -ERANGE);
	expect_size_error("20000000P", -ERANGE);
	expect_size_error("16384P", -ERANGE);
	expect_size_error("16777216T", -ERANGE);
	expect_size_error("17179869184G", -ERANGE);
}

/* ---- parse_size_or_percent ---- */

static void test_parse_size_or_percent(void **state) {
	uint64_t bytes = 1;
	unsigned pct = 1;

	(void)state;
	assert_int_equal(parse_size_or_percent("25%", &bytes, &pct), 0);
	assert_int_equal(pct, 25);
	assert_true(bytes == 0);

	assert_int_equal(parse_size_or_percent("100%", &bytes, &pct), 0);
	assert_int_equal(pct, 100);
	assert_int_equal(parse_size_or_percent("1%", &bytes, &pct), 0);
	assert_int_equal(pct, 1);

	pct = 7;
	assert_int_equal(parse_size_or_percent("64M", &bytes, &pct), 0);
	assert_true(bytes == 64 * MIB);
	assert_int_equal(pct, 0);

	bytes = 42;
	pct = 42;
	assert_int_equal(parse_size_or_percent("0%", &bytes, &pct), -ERANGE);
	assert_int_equal(parse_size_or_percent("101%", &bytes, &pct), -ERANGE);
	assert_int_equal(parse_size_or_percent("99999999999999999999%", &bytes, &pct), -ERANGE);
	assert_int_equal(parse_size_or_percent("%", &bytes, &pct), -EINVAL);
	assert_int_equal(parse_size_or_percent("5%%", &bytes, &pct), -EINVAL);
	assert_int_equal(parse_size_or_percent("5 %", &bytes, &pct), -EINVAL);
	assert_int_equal(parse_size_or_percent(" 5%", &bytes, &pct), -EINVAL);
	assert_int_equal(parse_size_or_percent("-5%", &bytes, &pct), -EINVAL);
	assert_int_equal(parse_size_or_percent("5M%", &bytes, &pct), -EINVAL);
	assert_int_equal(parse_size_or_percent("2.5%", &bytes, &pct), -EINVAL);
	assert_int_equal(parse_size_or_percent("%5", &bytes, &pct), -EINVAL);
	assert_int_equal(parse_size_or_percent("", &bytes, &pct), -EINVAL);
	assert_int_equal(parse_size_or_percent(NULL, &bytes, &pct), -EINVAL);
	assert_int_equal(parse_size_or_percent("1X", &bytes, &pct), -EINVAL);
	assert_int_equal(parse_size_or_percent("20000000P", &bytes, &pct), -ERANGE);
	/* outputs untouched on failure */
	assert_true(bytes == 42);
	assert_int_equal(pct, 42);
}

/* ---- parse_uint / parse_int ---- */

static void test_parse_uint(void **state) {
	unsigned u = 12345;

	(void)state;
	assert_int_equal(parse_uint("0", 10, &u), 0);
	assert_int_equal(u, 0);
	assert_int_equal(parse_uint("100", 10, &u), 0);
	assert_int_equal(u, 100);
	assert_int_equal(parse_uint("0100", 10, &u), 0);
	assert_int_equal(u, 100);
	assert_int_equal(parse_uint("4294967295", 10, &u), 0);
	assert_true(u == UINT_MAX);
	assert_int_equal(parse_uint("1777", 8, &u), 0);
	assert_int_equal(u, 01777);
	assert_int_equal(parse_uint("0700", 8, &u), 0);
	assert_int_equal(u, 0700);
	assert_int_equal(parse_uint("7", 8, &u), 0);
	assert_int_equal(u, 7);

	u = 12345;
	assert_int_equal(parse_uint("4294967296", 10, &u), -ERANGE);
	assert_int_equal(parse_uint("99999999999999999999999", 10, &u), -ERANGE);
	assert_int_equal(parse_uint("8", 8, &u), -EINVAL);
	assert_int_equal(parse_uint("8888", 8, &u), -EINVAL);
	assert_int_equal(parse_uint("178", 8, &u), -EINVAL);
	assert_int_equal(parse_uint("", 10, &u), -EINVAL);
	assert_int_equal(parse_uint(NULL, 10, &u), -EINVAL);
	assert_int_equal(parse_uint("-1", 10, &u), -EINVAL);
	assert_int_equal(parse_uint("+1", 10, &u), -EINVAL);
	assert_int_equal(parse_uint(" 1", 10, &u), -EINVAL);
	assert_int_equal(parse_uint("1 ", 10, &u), -EINVAL);
	assert_int_equal(parse_uint("12a", 10, &u), -EINVAL);
	assert_int_equal(parse_uint("1.0", 10, &u), -EINVAL);
	assert_int_equal(u, 12345);
}

static void test_parse_int(void **state) {
	int i = 777;

	(void)state;
	assert_int_equal(parse_int("0", &i), 0);
	assert_int_equal(i, 0);
	assert_int_equal(parse_int("100", &i), 0);
	assert_int_equal(i, 100);
	assert_int_equal(parse_int("-2", &i), 0);
	assert_int_equal(i, -2);
	assert_int_equal(parse_int("2147483647", &i), 0);
	assert_int_equal(i, INT_MAX);
	assert_int_equal(parse_int("-2147483648", &i), 0);
	assert_int_equal(i, INT_MIN);

	i = 777;
	assert_int_equal(parse_int("2147483648", &i), -ERANGE);
	assert_int_equal(parse_int("-2147483649", &i), -ERANGE);
	assert_int_equal(parse_int("99999999999999999999999", &i), -ERANGE);
	assert_int_equal(parse_int("", &i), -EINVAL);
	assert_int_equal(parse_int(NULL, &i), -EINVAL);
	assert_int_equal(parse_int(" 1", &i), -EINVAL);
	assert_int_equal(parse_int("1 ", &i), -EINVAL);
	assert_int_equal(parse_int("1x", &i), -EINVAL);
	assert_int_equal(parse_int("-", &i), -EINVAL);
	assert_int_equal(parse_int("x", &i), -EINVAL);
	assert_int_equal(i, 777);
}

/* ---- format_size ---- */

static void expect_format(uint64_t bytes, const char *expected) {
	char buf[FORMAT_SIZE_MAX];
	char *r;

	memset(buf, 'x', sizeof(buf));
	r = format_size(buf, sizeof(buf), bytes);
	assert_ptr_equal(r, buf);
	if (strcmp(buf, expected) != 0)
		print_error("format_size(%llu) = \"%s\", expected \"%s\"\n",
		            (unsigned long long)bytes, buf, expected);
	assert_string_equal(buf, expected);
}

static void test_parse_duration(void **state) {
	static const struct {
		const char *s;
		uint64_t sec;
	} ok[] = {
		{ "90", 90 },     { "30s", 30 },       { "30sec", 30 },
		{ "5min", 300 },  { "5m", 300 },       { "1h", 3600 },
		{ "2hr", 7200 },  { "1h30min", 5400 }, { "1h 30min", 5400 },
		{ "2d", 172800 }, { "1day", 86400 },   { "3days", 259200 },
		{ "1w", 604800 }, { "0", 0 },          { "4294967295", 4294967295u },
	};
	static const char *const bad[] = { "",   " ",   "s",     "5x",   "5 min",   "1.5h",
		                           "-1", "5ms", "1h,2m", "min5", "5minutes" };
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(ok); i++) {
		v = 42;
		assert_int_equal(parse_duration_sec(ok[i].s, &v), 0);
		assert_true(v == ok[i].sec);
	}
	v = 42;
	for (size_t i = 0; i < ELEMENTSOF(bad); i++)
		assert_int_equal(parse_duration_sec(bad[i], &v), -EINVAL);
	assert_int_equal(parse_duration_sec("4294967296", &v), -ERANGE);
	assert_int_equal(parse_duration_sec("1000000w", &v), -ERANGE);
	assert_int_equal(parse_duration_sec("99999999999999999999999", &v), -ERANGE);
	assert_int_equal(parse_duration_sec(NULL, &v), -EINVAL);
	assert_true(v == 42);
}

static void test_format_size(void **state) {
	(void)state;
	expect_format(0, "0B");
	expect_format(1, "1B");
	expect_format(1023, "1023B");
	expect_format(1024, "1K");
	expect_format(1536, "1.5K");
	expect_format(1024 + 51, "1K");     /* 1.0498K rounds to 1.0 */
	expect_format(1024 + 52, "1.1K");   /* 1.0508K rounds to 1.1 */
	expect_format(10 * KIB - 1, "10K"); /* 9.999K rounds up into the next integer */
	expect_format(9 * KIB + 972, "9.9K");
	expect_format(10 * KIB, "10K");
	expect_format(512 * KIB, "512K");
	expect_format(MIB, "1M");
	expect_format(64 * MIB, "64M");
	expect_format(GIB + GIB / 4, "1.3G"); /* 1.25 rounds half up */
	expect_format(4 * GIB, "4G");
	expect_format(9 * GIB + GIB / 2, "9.5G");
	expect_format(TIB, "1T");
	expect_format(PIB, "1P");
	expect_format(EIB, "1E");
	expect_format(3 * EIB / 2, "1.5E");
}

/* Like lsblk: one rounded decimal whenever it is not zero, whatever the magnitude. */
static void test_format_size_decimal_from_10(void **state) {
	(void)state;
	expect_format(10 * GIB + GIB / 2, "10.5G");
	expect_format(100 * MIB + MIB / 2, "100.5M");
	expect_format(1000 * KIB, "1000K");
}

/* Regression: values of 10 units and more were truncated, not rounded
 * (10.9 GiB -> "10G", 1048575 -> "1023K", UINT64_MAX -> "15E"); lsblk rounds. */
static void test_format_size_rounds_from_10(void **state) {
	(void)state;
	expect_format(10 * GIB + GIB * 9 / 10, "10.9G");
	expect_format(MIB - 1, "1024K");
	expect_format(UINT64_MAX, "16E");
}

static void test_format_size_small_buffer(void **state) {
	char buf[4];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_ptr_equal(format_size(buf, sizeof(buf), 1536), buf);
	assert_string_equal(buf, "1.5"); /* truncated, still terminated */
	assert_ptr_equal(format_size(buf, sizeof(buf), 4 * GIB), buf);
	assert_string_equal(buf, "4G");
	/* the longest output fits FORMAT_SIZE_MAX */
	{
		char big[FORMAT_SIZE_MAX];

		format_size(big, sizeof(big), 1023);
		assert_string_equal(big, "1023B");
		format_size(big, sizeof(big), UINT64_MAX);
		assert_true(strlen(big) < FORMAT_SIZE_MAX - 1);
		assert_int_equal(big[strlen(big) - 1], 'E');
	}
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_valid),
		cmocka_unit_test(test_name_invalid),
		cmocka_unit_test(test_parse_size_ok),
		cmocka_unit_test(test_parse_size_errors),
		cmocka_unit_test(test_parse_size_or_percent),
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_parse_int),
		cmocka_unit_test(test_parse_duration),
		cmocka_unit_test(test_format_size),
		cmocka_unit_test(test_format_size_decimal_from_10),
		cmocka_unit_test(test_format_size_rounds_from_10),
		cmocka_unit_test(test_format_size_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
