/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/size-expr.c */
#include "unit.h"

#include "size-expr.h"

#define KIB (UINT64_C(1) << 10)
#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)
#define TIB (UINT64_C(1) << 40)
#define PIB (UINT64_C(1) << 50)

#define RAM (8 * GIB)

static void expect_ram(const char *expr, uint64_t ram, uint64_t expected) {
	struct size_expr_error err = { .offset = 4711, .message = "untouched" };
	uint64_t v = 0xdeadbeef;
	int r = size_expr_eval(expr, ram, &v, &err);

	if (r != 0 || v != expected)
		print_error("size_expr_eval(\"%s\", %llu): r=%d v=%llu (%zu: %s), expected %llu\n",
		            expr, (unsigned long long)ram, r, (unsigned long long)v, err.offset,
		            err.message, (unsigned long long)expected);
	assert_int_equal(r, 0);
	assert_true(v == expected);
	/* not written on success */
	assert_int_equal(err.offset, 4711);
	assert_string_equal(err.message, "untouched");
}

static void expect(const char *expr, uint64_t expected) {
	expect_ram(expr, RAM, expected);
}

static void expect_error_ram(const char *expr, uint64_t ram, int expected, size_t offset,
                             const char *message) {
	struct size_expr_error err = { .offset = 4711, .message = "untouched" };
	uint64_t v = 0xdeadbeef;
	int r = size_expr_eval(expr, ram, &v, &err);

	if (r != expected || err.offset != offset || strcmp(err.message, message) != 0)
		print_error(
		        "size_expr_eval(\"%s\"): r=%d at %zu \"%s\", expected %d at %zu \"%s\"\n",
		        expr, r, err.offset, err.message, expected, offset, message);
	assert_int_equal(r, expected);
	assert_int_equal(err.offset, offset);
	assert_string_equal(err.message, message);
	assert_true(v == 0xdeadbeef); /* not written on failure */

	/* err is optional */
	assert_int_equal(size_expr_eval(expr, ram, &v, NULL), expected);
	assert_true(v == 0xdeadbeef);
}

static void expect_error(const char *expr, int expected, size_t offset, const char *message) {
	expect_error_ram(expr, RAM, expected, offset, message);
}

/* ---- plain sizes, as parse_size() accepts them ---- */

static void test_plain_sizes(void **state) {
	(void)state;
	expect("1", 1);
	expect("4096", 4096);
	expect("007", 7);
	expect("512K", 512 * KIB);
	expect("64M", 64 * MIB);
	expect("4G", 4 * GIB);
	expect("1T", TIB);
	expect("2P", 2 * PIB);
	expect("64MiB", 64 * MIB);
	expect("64MB", 64 * MIB); /* always binary units */
	expect("4096B", 4096);
	expect("4096b", 4096);
	expect("1KiB", KIB);
	expect("1kib", KIB);
	expect("1KIB", KIB);
	expect("512k", 512 * KIB);
	expect("64mB", 64 * MIB);
	expect("4g", 4 * GIB);
	expect("16383P", 16383 * PIB);
	expect("18446744073709551615", UINT64_MAX);
	expect("000000000000000000000000000001", 1); /* leading zeros are not "too big" */
}

static void test_fractions(void **state) {
	(void)state;
	expect("1.5G", GIB + GIB / 2);
	expect("1.5K", 1536);
	expect("0.5K", 512);
	expect("1.0G", GIB);
	expect("2.25M", 2 * MIB + MIB / 4);
	expect("1.5", 1);                            /* truncated to whole bytes */
	expect("1.999", 1);                          /* truncated, not rounded */
	expect("0.001K", 1);                         /* 1.024 bytes */
	expect("1.0009765625K", KIB + 1);            /* exactly 1025 bytes */
	expect("1.0009765624K", KIB);                /* a hair below */
	expect("0.1G", 107374182);                   /* 107374182.4 */
	expect("0.3333333333333333333G", 357913941); /* 19 decimals */
	/* zeros past 19 decimals change nothing */
	expect("1.50000000000000000000000000G", GIB + GIB / 2);
	expect("15.999999999999999999P", 16 * PIB - 1);
	expect("16383.999999999999999P", UINT64_MAX - 1); /* 2^50 * 10^-15 is 1.13 */
}

static void test_percent(void **state) {
	(void)state;
	expect("25%", 2 * GIB);
	expect("100%", 8 * GIB);
	expect("50%", 4 * GIB);
	expect("200%", 16 * GIB); /* zram may be larger than RAM: it is compressed */
	expect("12.5%", GIB);
	expect("0.5%", 8 * GIB / 200);
	expect("007%", RAM * 7 / 100);
	/* exact, truncated: 1% of 999 is 9.99 */
	expect_ram("1%", 999, 9);
	expect_ram("33.3%", 1000, 333);
	expect_ram("33.33%", 1000, 333);
	expect_ram("33.39%", 1000, 333);
	expect_ram("33.4%", 1000, 334);
	expect_ram("12.5%", 8, 1);
	expect_ram("12.5%", 15, 1);
	expect_ram("12.5%", 16, 2);
	expect_ram("100%", UINT64_MAX, UINT64_MAX);
	expect_ram("50%", UINT64_MAX, UINT64_MAX / 2);
	expect_ram("99.9999999999999999999%", UINT64_MAX, UINT64_MAX - 1);
	/* inside expressions */
	expect("min(25%, 4G)", 2 * GIB);
	expect("max(25%, 4G)", 4 * GIB);
	expect("25% + 1G", 3 * GIB);
	expect("25%*2", 4 * GIB);
	expect("(25%)", 2 * GIB);
}

/* ---- operators ---- */

static void test_operators(void **state) {
	(void)state;
	expect("1+2", 3);
	expect("5-2", 3);
	expect("3*4", 12);
	expect("12/4", 3);
	expect("13/4", 3); /* integer division */
	expect("ram", RAM);
	expect("ram/2", 4 * GIB);
	expect("ram*3/4", 6 * GIB);
	expect("ram/4*3", 6 * GIB);
	expect("ram - 1G", 7 * GIB);
	expect("4G + 512M", 4 * GIB + 512 * MIB);
	expect("10 - 2 - 3", 5); /* left associative */
	expect("64 / 4 / 2", 8); /* left associative */
	expect("2 * 3 * 4", 24);
	expect("1.5 * 3", 3);         /* 1.5 is 1 byte before it is multiplied */
	expect_ram("ram*3/4", 10, 7); /* 30/4, not 10/4*3 */
	expect_ram("ram/4*3", 10, 6);
}

static void test_precedence(void **state) {
	(void)state;
	expect("2+3*4", 14);
	expect("2*3+4", 10);
	expect("(2+3)*4", 20);
	expect("2*(3+4)", 14);
	expect("20-8/4", 18);
	expect("(20-8)/4", 3);
	expect("20/4-3", 2);
	expect("1+2*3-4/2", 5);
	expect("((((7))))", 7);
	expect("2*(3+(4-1)*2)", 18);
}

static void test_negative_intermediates(void **state) {
	(void)state;
	/* only the result has to be a size */
	expect("1G - 2G + 2G", GIB);
	expect("(1 - 5) * (0 - 2)", 8);
	expect("max(1 - 5, 3)", 3);
	expect("min(1 - 5, 3) + 10", 6);
	expect("(1 - 5) / 2 + 3", 1); /* truncates toward zero, like C: -4/2 */
	expect("(1 - 4) / 2 + 2", 1); /* -3/2 is -1, not -2 */
	expect("(0 - 18446744073709551615) + 18446744073709551615 + 1", 1);
}

static void test_min_max(void **state) {
	(void)state;
	expect("min(5)", 5);
	expect("max(5)", 5);
	expect("min(5, 3)", 3);
	expect("max(5, 3)", 5);
	expect("min(3, 5)", 3);
	expect("max(3, 5)", 5);
	expect("min(4, 2, 9, 3)", 2);
	expect("max(4, 2, 9, 3)", 9);
	expect("min(7, 7)", 7);
	expect("min(1G, 2G, 3G, 4G, 5G, 6G, 7G, 8G, 9G, 10G, 11G, 12G, 13G, 14G, 15G)", GIB);
	expect("max(1G, 2G, 3G, 4G, 5G, 6G, 7G, 8G, 9G, 10G, 11G, 12G, 13G, 14G, 15G)", 15 * GIB);
	expect("min(max(1, 2), max(3, 4))", 2);
	expect("max(min(1, 2), min(3, 4))", 3);
	expect("min(ram / 2, 4G) * 2", 8 * GIB);
	expect("2 * max(1, 2) + 1", 5);
	expect("min (1, 2)", 1); /* a blank before '(' is fine */
	expect("min((1), (2 + 3))", 1);
}

/* The default of docs/contract.md: "size = min(ram / 2, 4096M)". */
static void test_spec_default(void **state) {
	(void)state;
	expect_ram("min(ram / 2, 4096M)", 2 * GIB, GIB);
	expect_ram("min(ram / 2, 4096M)", 8 * GIB, 4 * GIB);
	expect_ram("min(ram / 2, 4096M)", 16 * GIB, 4 * GIB);
	/* odd RAM sizes, as MemTotal is */
	expect_ram("min(ram / 2, 4096M)", 2 * GIB - 12345, GIB - 6173);
}

static void test_whitespace(void **state) {
	(void)state;
	expect(" 4G", 4 * GIB);
	expect("4G ", 4 * GIB);
	expect("\t4G\n", 4 * GIB);
	expect("  min  (  ram  /  2  ,  4096M  )  ", 4 * GIB);
	expect("min(ram/2,4096M)", 4 * GIB);
	expect("\r\n1\v+\f2", 3);
	expect(" ( 1 ) ", 1);
}

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

/* ---- nesting ---- */

static void nested(char *buf, size_t size, unsigned depth, const char *open, const char *inner,
                   const char *close) {
	size_t n = 0;

	for (unsigned i = 0; i < depth; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s", open);
	n += (size_t)snprintf(buf + n, size - n, "%s", inner);
	for (unsigned i = 0; i < depth; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s", close);
	assert_true(n < size);
}

static void test_depth_limit(void **state) {
	char buf[8192];

	(void)state;
	nested(buf, sizeof(buf), SIZE_EXPR_DEPTH_MAX, "(", "1G", ")");
	expect(buf, GIB);
	nested(buf, sizeof(buf), SIZE_EXPR_DEPTH_MAX + 1, "(", "1G", ")");
	expect_error(buf, -EINVAL, SIZE_EXPR_DEPTH_MAX, "too deeply nested (more than 64 levels)");

	nested(buf, sizeof(buf), SIZE_EXPR_DEPTH_MAX, "min(", "1G", ", 2G)");
	expect(buf, GIB);
	nested(buf, sizeof(buf), SIZE_EXPR_DEPTH_MAX + 1, "max(", "1G", ")");
	expect_error(buf, -EINVAL, 4 * SIZE_EXPR_DEPTH_MAX + 3,
	             "too deeply nested (more than 64 levels)");

	/* mixed */
	nested(buf, sizeof(buf), SIZE_EXPR_DEPTH_MAX / 2, "(min(", "1G", "))");
	expect(buf, GIB);
	nested(buf, sizeof(buf), SIZE_EXPR_DEPTH_MAX / 2 + 1, "(max(", "1G", "))");
	expect_error(buf, -EINVAL, 5 * (SIZE_EXPR_DEPTH_MAX / 2),
	             "too deeply nested (more than 64 levels)");

	/* depth is nesting, not the number of parentheses */
	{
		size_t n = 0;

		for (unsigned i = 0; i < 3 * SIZE_EXPR_DEPTH_MAX; i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s(1)", i ? "+" : "");
		assert_true(n < sizeof(buf));
		expect(buf, 3 * SIZE_EXPR_DEPTH_MAX);
	}

	/* far too deep, unbalanced: refused before it recurses further */
	memset(buf, '(', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = 0;
	expect_error(buf, -EINVAL, SIZE_EXPR_DEPTH_MAX, "too deeply nested (more than 64 levels)");
}

/* ---- ret_bytes is optional ---- */

static void test_check_only(void **state) {
	struct size_expr_error err;

	(void)state;
	assert_int_equal(size_expr_eval("min(ram / 2, 4096M)", RAM, NULL, NULL), 0);
	assert_int_equal(size_expr_eval("min(", RAM, NULL, &err), -EINVAL);
	assert_int_equal(err.offset, 4);
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
		cmocka_unit_test(test_plain_sizes),
		cmocka_unit_test(test_fractions),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_negative_intermediates),
		cmocka_unit_test(test_min_max),
		cmocka_unit_test(test_spec_default),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_name_errors),
		cmocka_unit_test(test_call_errors),
		cmocka_unit_test(test_division_by_zero),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_result_not_positive),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_check_only),
		cmocka_unit_test(test_check_before_ram_is_known),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
