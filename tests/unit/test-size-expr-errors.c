/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/size-expr.c: what it refuses, at which offset and with which message; the
 * checks before the RAM is known; random input. */
#include "unit.h"

#include "size-expr-helpers.h"

/* ---- errors ---- */

static void test_syntax_errors(void **state) {
	(void)state;
	expect_error("", -EINVAL, 0, "empty expression");
	expect_error("   ", -EINVAL, 0, "empty expression");
	expect_error(NULL, -EINVAL, 0, "empty expression");
	expect_error("1 +", -EINVAL, 3, "unexpected end of expression");
	expect_error("1 + ", -EINVAL, 4, "unexpected end of expression");
	expect_error("(", -EINVAL, 1, "unexpected end of expression");
	expect_error("(1", -EINVAL, 2, "expected ')'");
	expect_error("((1)", -EINVAL, 4, "expected ')'");
	expect_error("(1 2)", -EINVAL, 3, "expected ')'");
	expect_error("1)", -EINVAL, 1, "unexpected ')'");
	expect_error("(1))", -EINVAL, 3, "unexpected ')'");
	expect_error(")", -EINVAL, 0, "expected a number, 'ram', 'min', 'max' or '('");
	expect_error("1 2", -EINVAL, 2, "unexpected '2'");
	expect_error("4G ram", -EINVAL, 3, "unexpected 'r'");
	expect_error("4G5", -EINVAL, 2, "unexpected '5'");
	expect_error("1 # comment", -EINVAL, 2, "unexpected '#'");
	expect_error("1\x01", -EINVAL, 1, "unexpected byte 0x01");
	expect_error("1\xff", -EINVAL, 1, "unexpected byte 0xff");
	expect_error("*2", -EINVAL, 0, "expected a number, 'ram', 'min', 'max' or '('");
	expect_error("1 ** 2", -EINVAL, 3, "expected a number, 'ram', 'min', 'max' or '('");
	expect_error("-1", -EINVAL, 0,
	             "expected a number, 'ram', 'min', 'max' or '('"); /* no unary minus */
	expect_error("+1", -EINVAL, 0, "expected a number, 'ram', 'min', 'max' or '('");
	expect_error(".5G", -EINVAL, 0, "expected a number, 'ram', 'min', 'max' or '('");
	expect_error("1.G", -EINVAL, 2, "expected a digit after '.'");
	expect_error("1.", -EINVAL, 2, "expected a digit after '.'");
	expect_error("1..5", -EINVAL, 2, "expected a digit after '.'");
	expect_error("1.5.5", -EINVAL, 3, "unexpected '.'");
	expect_error("1,5G", -EINVAL, 1, "unexpected ','");
	expect_error("0x10", -EINVAL, 1, "invalid size suffix 'x'");
	expect_error("1X", -EINVAL, 1, "invalid size suffix 'X'");
	expect_error("1E", -EINVAL, 1, "invalid size suffix 'E'");
	expect_error("1MM", -EINVAL, 1, "invalid size suffix 'MM'");
	expect_error("1iB", -EINVAL, 1, "invalid size suffix 'iB'");
	expect_error("1Mi", -EINVAL, 1, "invalid size suffix 'Mi'");
	expect_error("1MiBx", -EINVAL, 1, "invalid size suffix 'MiBx'");
	expect_error("1BB", -EINVAL, 1, "invalid size suffix 'BB'");
	expect_error("2ram", -EINVAL, 1, "invalid size suffix 'ram'");
	expect_error("1 M", -EINVAL, 2, "unexpected 'M'"); /* no blank inside a number */
	expect_error("1.5 G", -EINVAL, 4, "unexpected 'G'");
	expect_error("5 %", -EINVAL, 2, "unexpected '%'");
	expect_error("5%%", -EINVAL, 2, "unexpected '%'");
	expect_error("%", -EINVAL, 0, "expected a number, 'ram', 'min', 'max' or '('");
	expect_error("5M%", -EINVAL, 2, "a percentage takes no size suffix");
	expect_error("1.5G%", -EINVAL, 4, "a percentage takes no size suffix");
	expect_error("1.00000000000000000001G", -EINVAL, 21, "more than 19 digits after '.'");
	expect_error("1 / 0.00000000000000000001", -EINVAL, 25, "more than 19 digits after '.'");
}

static void test_name_errors(void **state) {
	(void)state;
	expect_error("rom", -EINVAL, 0, "unknown name 'rom'");
	expect_error("min(rom, 4G)", -EINVAL, 4, "unknown name 'rom'");
	expect_error("RAM", -EINVAL, 0, "unknown name 'RAM'"); /* names are lowercase */
	expect_error("Min(1)", -EINVAL, 0, "unknown name 'Min'");
	expect_error("ram2", -EINVAL, 0, "unknown name 'ram2'");
	expect_error("_ram", -EINVAL, 0, "unknown name '_ram'");
	expect_error("ram_", -EINVAL, 0, "unknown name 'ram_'");
	expect_error("mem / 2", -EINVAL, 0, "unknown name 'mem'");
	expect_error("sqrt(4)", -EINVAL, 0, "unknown name 'sqrt'");
	/* long names are quoted, but cut short */
	expect_error("abcdefghijabcdefghijabcdefghijabcdefghij", -EINVAL, 0,
	             "unknown name 'abcdefghijabcdefghijabcdefghijab'");
	expect_error("1abcdefghijabcdefghijabcdefghijabcdefghij", -EINVAL, 1,
	             "invalid size suffix 'abcdefghijabcdefghijabcdefghijab'");
	expect_error("ram(1)", -EINVAL, 3, "unexpected '('");
	expect_error("min", -EINVAL, 3, "expected '(' after 'min'");
	expect_error("max 1", -EINVAL, 4, "expected '(' after 'max'");
	expect_error("min + 1", -EINVAL, 4, "expected '(' after 'min'");
}

static void test_call_errors(void **state) {
	(void)state;
	expect_error("min()", -EINVAL, 4, "'min' needs at least one argument");
	expect_error("max( )", -EINVAL, 5, "'max' needs at least one argument");
	expect_error("min(", -EINVAL, 4, "unexpected end of expression");
	expect_error("min(1", -EINVAL, 5, "expected ',' or ')'");
	expect_error("min(1,", -EINVAL, 6, "unexpected end of expression");
	expect_error("min(1,)", -EINVAL, 6, "expected a number, 'ram', 'min', 'max' or '('");
	expect_error("min(,1)", -EINVAL, 4, "expected a number, 'ram', 'min', 'max' or '('");
	expect_error("min(1,,2)", -EINVAL, 6, "expected a number, 'ram', 'min', 'max' or '('");
	expect_error("min(1 2)", -EINVAL, 6, "expected ',' or ')'");
	expect_error("min(1;2)", -EINVAL, 5, "expected ',' or ')'");
	expect_error("(1, 2)", -EINVAL, 2, "expected ')'");
	expect_error("1, 2", -EINVAL, 1, "unexpected ','");
}

static void test_division_by_zero(void **state) {
	(void)state;
	expect_error("1/0", -EDOM, 1, "division by zero");
	expect_error("4G / (ram - ram)", -EDOM, 3, "division by zero");
	expect_error("4G / 0.5", -EDOM, 3, "division by zero"); /* 0.5 is 0 bytes */
	expect_error("4G / 0%", -EDOM, 3, "division by zero");
	expect_error("min(4G, 1 / 0)", -EDOM, 10, "division by zero");
	expect_error_ram("4G / ram", 0, -EDOM, 3, "division by zero");
	/* the first arithmetic error is the one reported */
	expect_error("1/0 + 2/0", -EDOM, 1, "division by zero");
	expect_error("18446744073709551615 * 2 + 1/0", -ERANGE, 21, "result out of range");
	/* a syntax error anywhere wins */
	expect_error("1/0 + )", -EINVAL, 6, "expected a number, 'ram', 'min', 'max' or '('");
	expect_error("1/0 + rom", -EINVAL, 6, "unknown name 'rom'");
	expect_error("1/0)", -EINVAL, 3, "unexpected ')'");
}

static void test_overflow(void **state) {
	(void)state;
	/* literals */
	expect_error("18446744073709551616", -ERANGE, 0, "number out of range");
	expect_error("99999999999999999999999999999999999999999999", -ERANGE, 0,
	             "number out of range");
	expect_error("1 + 16384P", -ERANGE, 4, "number out of range");
	expect_error("16777216T", -ERANGE, 0, "number out of range");
	expect_error("17179869184G", -ERANGE, 0, "number out of range");
	expect("16383.999999999999999999P", UINT64_MAX); /* 18 decimals: short by 0.001 byte */
	expect_error("16383.99999999999999999999P", -EINVAL, 25, "more than 19 digits after '.'");
	expect_error("16384.0P", -ERANGE, 0, "number out of range");
	expect_error("18446744073709551615.9K", -ERANGE, 0, "number out of range");
	expect_error("18446744073709551616%", -ERANGE, 0, "number out of range");
	/* percent of a huge RAM */
	expect_error_ram("201%", UINT64_MAX / 2, -ERANGE, 0, "number out of range");
	expect_ram("200%", UINT64_MAX / 2, UINT64_MAX - 1);
	/* each operator */
	expect("18446744073709551614 + 1", UINT64_MAX);
	expect_error("18446744073709551615 + 1", -ERANGE, 21, "result out of range");
	expect_error("1 + 18446744073709551615", -ERANGE, 2, "result out of range");
	expect("0 - 18446744073709551615 + 18446744073709551615 + 1", 1);
	expect_error("0 - 18446744073709551615 - 1", -ERANGE, 25, "result out of range");
	expect("4294967295 * 4294967297", UINT64_MAX);
	expect_error("4294967296 * 4294967296", -ERANGE, 11, "result out of range");
	expect_error("8P * 2048", -ERANGE, 3, "result out of range");
	expect_error("ram * ram", -ERANGE, 4, "result out of range");
	expect_error("(0 - 4294967296) * 4294967296", -ERANGE, 17, "result out of range");
	expect_error("18446744073709551615 * 18446744073709551615", -ERANGE, 21,
	             "result out of range");
	expect_error("(0 - 18446744073709551615) * (0 - 18446744073709551615)", -ERANGE, 27,
	             "result out of range");
	/* '/' never overflows, so ram * 3 / 4 is exact where it fits */
	expect_ram("ram * 3 / 4", UINT64_MAX / 3, UINT64_MAX / 4);
	expect_error_ram("ram * 3 / 4", UINT64_MAX / 2, -ERANGE, 4, "result out of range");
	/* an overflow inside min() is not hidden by a smaller argument */
	expect_error("min(1G, ram * ram)", -ERANGE, 12, "result out of range");
}

static void test_result_not_positive(void **state) {
	(void)state;
	expect_error("0", -ERANGE, 0, "result is zero");
	expect_error("0G", -ERANGE, 0, "result is zero");
	expect_error("0%", -ERANGE, 0, "result is zero");
	expect_error("0.5", -ERANGE, 0, "result is zero");
	expect_error("1G - 1G", -ERANGE, 0, "result is zero");
	expect_error("1 / 2", -ERANGE, 0, "result is zero");
	expect_error("  1 - 2", -ERANGE, 0, "result is negative");
	expect_error("min(1G, 1 - 2)", -ERANGE, 0, "result is negative");
	expect_error("ram - 16G", -ERANGE, 0, "result is negative");
	expect_error_ram("25%", 0, -ERANGE, 0, "result is zero");
	expect_error_ram("ram", 0, -ERANGE, 0, "result is zero");
	expect_error_ram("12.5%", 7, -ERANGE, 0, "result is zero");
}

/* ---- robustness ---- */

/* Random strings of tokens and stray bytes. Each is copied to a heap block of exactly its
 * length, so that valgrind sees any read past the NUL. */
static void test_random(void **state) {
	static const char *const tokens[] = {
		"0",
		"1",
		"7",
		"42",
		"4096",
		"18446744073709551615",
		"99999999999999999999",
		".",
		"5",
		"K",
		"M",
		"G",
		"T",
		"P",
		"E",
		"B",
		"iB",
		"k",
		"%",
		"ram",
		"min",
		"max",
		"rom",
		"(",
		")",
		",",
		"+",
		"-",
		"*",
		"/",
		" ",
		"\t",
		"_",
		"x",
		"\xff",
		"#",
		"1.5",
		"0.",
		"12.5%",
		"min(",
		"max(",
		"ram/2",
	};
	unsigned seed = 20240611;
	unsigned ok = 0, failed = 0;

	(void)state;
	for (unsigned i = 0; i < 2000; i++) {
		struct size_expr_error err = { .offset = 4711, .message = "untouched" };
		char text[256];
		size_t n = 0, len;
		uint64_t v = 0;
		unsigned count;
		char *copy;
		int r;

		count = 1 + (unsigned)rand_r(&seed) % 12;
		text[0] = 0;
		for (unsigned t = 0; t < count; t++) {
			const char *tok = tokens[(unsigned)rand_r(&seed) %
			                         (sizeof(tokens) / sizeof(tokens[0]))];

			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s", tok);
			assert_true(n < sizeof(text));
		}
		len = strlen(text);
		copy = malloc(len + 1);
		assert_non_null(copy);
		memcpy(copy, text, len + 1);

		r = size_expr_eval(copy, RAM, &v, &err);
		if (r == 0) {
			assert_true(v > 0);
			assert_int_equal(err.offset, 4711);
			ok++;
		} else {
			if (r != -EINVAL && r != -ERANGE && r != -EDOM)
				print_error("\"%s\": r=%d\n", text, r);
			assert_true(r == -EINVAL || r == -ERANGE || r == -EDOM);
			assert_true(err.offset <= len);
			assert_true(err.message[0] != 0);
			assert_string_not_equal(err.message, "untouched");
			assert_non_null(memchr(err.message, 0, sizeof(err.message)));
			failed++;
		}
		free(copy);
	}
	/* the alphabet is rich enough to exercise both paths */
	assert_true(ok > 20);
	assert_true(failed > 20);
}

/* size_expr_check(): what is wrong whatever the RAM, before the RAM is known. */
static void test_check_before_ram_is_known(void **state) {
	struct size_expr_error e = {};

	(void)state;
	assert_int_equal(size_expr_check("min(ram / 2, 4096M)", &e), 0);
	assert_int_equal(size_expr_check("ram - 8G", &e), 0);  /* fine on a large machine */
	assert_int_equal(size_expr_check("16G - ram", &e), 0); /* fine on a small one */
	assert_int_equal(size_expr_check("0%", &e), -ERANGE);
	assert_string_equal(e.message, "result is zero");
	assert_int_equal(size_expr_check("2G - 4G", &e), -ERANGE);
	assert_int_equal(size_expr_check("1/0", &e), -EDOM);
	assert_int_equal(size_expr_check("min(ram", &e), -EINVAL);
	assert_int_equal(e.offset, 7);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_name_errors),
		cmocka_unit_test(test_call_errors),
		cmocka_unit_test(test_division_by_zero),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_result_not_positive),
		cmocka_unit_test(test_check_before_ram_is_known),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
