/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/cli/create-options.c: the sizes derived from `ephvol create` arguments. */
#include "unit.h"

#include "create-helpers.h"
#include "size-expr.h"

/* ---- zram sizes ---- */

static uint64_t resolve(const char *expr, uint64_t ram) {
	struct create_options o = { .zram_size = expr };
	struct size_expr_error e = {};
	uint64_t size = 7;

	assert_int_equal(zram_size_resolve(&o, ram, &size, &e), 0);
	assert_string_equal(e.message, "");
	return size;
}

static void expect_resolve_error(const char *expr, uint64_t ram, int error) {
	struct create_options o = { .zram_size = expr };
	struct size_expr_error e = {};
	uint64_t size = 7;

	assert_int_equal(zram_size_resolve(&o, ram, &size, &e), error);
	assert_true(size == 7); /* untouched on failure */
}

static void test_zram_size_resolve(void **state) {
	(void)state;
	/* the default, min(ram / 2, 4096M), in whole pages */
	assert_true(resolve(NULL, 8 * GIB) == 4 * GIB);
	assert_true(resolve(NULL, 64 * GIB) == 4 * GIB); /* capped */
	assert_true(resolve(NULL, 2 * GIB) == GIB);
	assert_true(resolve(NULL, 6 * GIB + 12345) == 3 * GIB + 8192); /* rounded up */
	assert_true(resolve(ZRAM_DEFAULT_SIZE, GIB) == GIB / 2);

	/* percent of RAM, whole pages rounded up */
	assert_true(resolve("25%", 8 * GIB) == 2 * GIB);
	assert_true(resolve("100%", 8 * GIB) == 8 * GIB);
	assert_true(resolve("150%", 2 * GIB) == 3 * GIB); /* zram compresses */
	assert_true(resolve("33%", 1000 * MIB) % 4096 == 0);
	assert_true(resolve("33%", 1000 * MIB) >= 330 * MIB);
	assert_true(resolve("33%", 1000 * MIB) <= 330 * MIB + 4096);

	/* absolute, rounded up to a page, not limited by RAM */
	assert_true(resolve("64M", 4 * GIB) == 64 * MIB);
	assert_true(resolve("1048577", 4 * GIB) == MIB + 4096);
	assert_true(resolve("1M", 4 * GIB) == MIB);
	assert_true(resolve("16G", 4 * GIB) == 16 * GIB);
	assert_true(resolve("min(ram / 4, 1G) + 64M", 2 * GIB) == 512 * MIB + 64 * MIB);

	/* too small, too large, or wrong only for this RAM */
	expect_resolve_error("1000000", 4 * GIB, -ERANGE); /* 1003520 < 1 MiB */
	expect_resolve_error("4096", 4 * GIB, -ERANGE);
	expect_resolve_error("18446744073709551615", 4 * GIB, -ERANGE);
	expect_resolve_error("1%", 64 * MIB, -ERANGE);
	expect_resolve_error(NULL, MIB, -ERANGE);
	expect_resolve_error("ram - 8G", 4 * GIB, -ERANGE);
	expect_resolve_error("ram / (ram - ram)", 4 * GIB, -EDOM);
	expect_resolve_error("min(ram", 4 * GIB, -EINVAL);
}

/* ---- sector_size_pick ---- */

static void test_sector_size_pick(void **state) {
	unsigned s = 7;

	(void)state;
	/* default: 4096 when the size allows */
	assert_int_equal(sector_size_pick(GIB, 512, 0, &s), 0);
	assert_int_equal(s, 4096);
	assert_int_equal(sector_size_pick(GIB, 4096, 0, &s), 0);
	assert_int_equal(s, 4096);
	/* sizes that are only multiples of smaller powers of two */
	assert_int_equal(sector_size_pick(GIB + 512, 512, 0, &s), 0);
	assert_int_equal(s, 512);
	assert_int_equal(sector_size_pick(GIB + 1024, 512, 0, &s), 0);
	assert_int_equal(s, 1024);
	assert_int_equal(sector_size_pick(GIB + 2048, 512, 0, &s), 0);
	assert_int_equal(s, 2048);
	assert_int_equal(sector_size_pick(GIB + 2048, 1024, 0, &s), 0);
	assert_int_equal(s, 2048);
	/* requests */
	assert_int_equal(sector_size_pick(GIB, 512, 512, &s), 0);
	assert_int_equal(s, 512);
	assert_int_equal(sector_size_pick(GIB, 512, 1024, &s), 0);
	assert_int_equal(s, 1024);
	assert_int_equal(sector_size_pick(GIB, 4096, 4096, &s), 0);
	assert_int_equal(s, 4096);

	s = 7;
	/* below the logical block size */
	assert_int_equal(sector_size_pick(GIB, 4096, 512, &s), -EINVAL);
	assert_int_equal(sector_size_pick(GIB, 4096, 2048, &s), -EINVAL);
	/* size not a multiple of the request */
	assert_int_equal(sector_size_pick(GIB + 512, 512, 4096, &s), -EINVAL);
	/* no sector size fits: 4096-byte logical blocks, size a multiple of 512 only */
	assert_int_equal(sector_size_pick(GIB + 512, 4096, 0, &s), -EINVAL);
	/* size not even a multiple of 512 */
	assert_int_equal(sector_size_pick(GIB + 100, 512, 0, &s), -EINVAL);
	assert_int_equal(s, 7);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zram_size_resolve),
		cmocka_unit_test(test_sector_size_pick),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
