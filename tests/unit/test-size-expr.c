/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/size-expr.c: the expressions it accepts and their values, nesting up to the
 * limit, and checking without a result. */
#include "unit.h"

#include "size-expr-helpers.h"

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

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_sizes), cmocka_unit_test(test_fractions),
		cmocka_unit_test(test_percent),     cmocka_unit_test(test_operators),
		cmocka_unit_test(test_precedence),  cmocka_unit_test(test_negative_intermediates),
		cmocka_unit_test(test_min_max),     cmocka_unit_test(test_spec_default),
		cmocka_unit_test(test_whitespace),  cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_check_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
