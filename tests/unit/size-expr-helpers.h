/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the tests of src/shared/size-expr.c share: the units, a fixed RAM, and expecting a
 * value or an error (with its offset and message) of size_expr_eval(). Included once per test
 * binary, after unit.h. Not inline: inlined, expect_error(NULL, ...) would have gcc warn about
 * the NULL it prints; each binary uses some of them, hence _unused_. */

#include "macro.h"
#include "size-expr.h"

#define KIB (UINT64_C(1) << 10)
#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)
#define TIB (UINT64_C(1) << 40)
#define PIB (UINT64_C(1) << 50)

#define RAM (8 * GIB)

static _unused_ void expect_ram(const char *expr, uint64_t ram, uint64_t expected) {
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

static _unused_ void expect(const char *expr, uint64_t expected) {
	expect_ram(expr, RAM, expected);
}

static _unused_ void expect_error_ram(const char *expr, uint64_t ram, int expected, size_t offset,
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

static _unused_ void expect_error(const char *expr, int expected, size_t offset,
                                  const char *message) {
	expect_error_ram(expr, RAM, expected, offset, message);
}
