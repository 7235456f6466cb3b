/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/bench-zram.c: the levels the bench measures and the rule of
 * `--comp-algorithm auto`. */
#include "unit.h"

#include "bench-zram.h"
#include "zram-params.h"

static void test_levels(void **state) {
	const unsigned *l;
	size_t n = 42;

	(void)state;
	l = zram_bench_levels("zstd", &n);
	assert_int_equal(n, 2);
	assert_int_equal(l[0], 1);
	assert_int_equal(l[1], 8);
	l = zram_bench_levels("lz4hc", &n);
	assert_int_equal(n, 1);
	assert_int_equal(l[0], 12);
	l = zram_bench_levels("deflate", &n);
	assert_int_equal(n, 2);
	assert_null(zram_bench_levels("lz4", &n));
	assert_int_equal(n, 0);
	assert_null(zram_bench_levels("lzo-rle", &n));
	assert_null(zram_bench_levels(NULL, &n));
}

static void test_candidates(void **state) {
	char *algs[] = { (char *)"lz4", (char *)"zstd", (char *)"lz4hc", NULL };
	struct zram_candidate *c = NULL;
	size_t n = 42;

	(void)state;
	/* With algorithm_params: each at its default, then its other levels. */
	assert_int_equal(zram_candidates(algs, true, &c, &n), 0);
	assert_int_equal(n, 6);
	assert_string_equal(c[0].algorithm, "lz4");
	assert_int_equal(c[0].level, 0);
	assert_string_equal(c[1].algorithm, "zstd");
	assert_int_equal(c[1].level, 0);
	assert_int_equal(c[2].level, 1);
	assert_int_equal(c[3].level, 8);
	assert_string_equal(c[4].algorithm, "lz4hc");
	assert_int_equal(c[5].level, 12);
	for (size_t i = 0; i < n; i++)
		assert_false(c[i].measured);
	free(c);
	/* Without: the defaults only. */
	assert_int_equal(zram_candidates(algs, false, &c, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(c[1].level, 0);
	free(c);
	assert_int_equal(zram_candidates(NULL, true, &c, &n), 0);
	assert_int_equal(n, 0);
	free(c);
}

#define C(alg, lvl, c, d, compr)                                                                   \
	{                                                                                          \
		.algorithm = alg, .level = lvl, .measured = true, .compress_mibs = c,              \
		.decompress_mibs = d, .orig_bytes = 1000, .compr_bytes = compr                     \
	}

static void test_pick(void **state) {
	/* Figures like a modern x86 core's: lz4 fastest, zstd a third as fast to
	 * decompress, lz4hc slow to compress. */
	struct zram_candidate c[] = {
		C("lzo-rle", 0, 900, 1800, 420), C("lz4", 0, 1000, 3000, 450),
		C("lz4hc", 0, 60, 3100, 400),    C("zstd", 0, 400, 1000, 300),
		C("zstd", 1, 500, 1100, 320),
	};
	size_t i = 42;

	(void)state;
	/* zstd and lz4hc are out (decompression, compression): lzo-rle stores least. */
	assert_int_equal(zram_pick_compressor(c, ELEMENTSOF(c), &i), 0);
	assert_int_equal(i, 0);
	/* Where zstd decompresses half as fast as the fastest, it wins by its ratio; of
	 * its levels, the one that stores least. */
	c[3].decompress_mibs = 1600;
	c[4].decompress_mibs = 1700;
	assert_int_equal(zram_pick_compressor(c, ELEMENTSOF(c), &i), 0);
	assert_int_equal(i, 3);
	/* A tie in bytes: the faster to decompress. */
	c[4].compr_bytes = 300;
	assert_int_equal(zram_pick_compressor(c, ELEMENTSOF(c), &i), 0);
	assert_int_equal(i, 4);
	/* What was not measured does not count, not even for the fastest. */
	c[1].measured = false;
	c[2].measured = false;
	c[0].measured = false;
	c[4].measured = false;
	assert_int_equal(zram_pick_compressor(c, ELEMENTSOF(c), &i), 0);
	assert_int_equal(i, 3);
	c[3].measured = false;
	i = 42;
	/* Not one fast enough both ways (as measured under emulation: lz4 compresses
	 * fastest, lz4hc at level 12 decompresses more than twice as fast as lz4):
	 * of those fast enough to compress, the fastest to decompress. */
	{
		struct zram_candidate e[] = {
			C("lz4", 0, 76.8, 232.9, 510),    C("lz4hc", 0, 15.2, 318.1, 465),
			C("lz4hc", 12, 14.7, 623.6, 465), C("zstd", 0, 36.3, 119.1, 384),
			C("zstd", 1, 41.7, 122.7, 388),
		};
		assert_int_equal(zram_pick_compressor(e, ELEMENTSOF(e), &i), 0);
		assert_int_equal(i, 0);
		/* ... a tie: the one that stores less */
		e[4].decompress_mibs = 232.9;
		assert_int_equal(zram_pick_compressor(e, ELEMENTSOF(e), &i), 0);
		assert_int_equal(i, 4);
		i = 42;
	}
	assert_int_equal(zram_pick_compressor(c, ELEMENTSOF(c), &i), -ENODATA);
	assert_int_equal(i, 42);
	assert_int_equal(zram_pick_compressor(NULL, 0, &i), -ENODATA);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_pick),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
