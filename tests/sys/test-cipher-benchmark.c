/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/lib/bench.c through src/lib/kernel.c and src/sys/sys-crypt-bench.c: the public
 * ephvol_cipher_benchmark() on this host's kernel, and what it refuses before measuring. */
#include "unit.h"

#include "ephvol.h"

static void test_benchmark_refusals(void **state) {
	struct ephvol_ctx *fixture = NULL, *live = NULL;
	char *root = unit_fixture_path("crypto-drivers/aesni");
	double e = -1, d = -1;
	int r;

	(void)state;
	/* Real contexts (src/lib/kernel.c), one of them rooted at a fixture tree. */
	assert_non_null(root);
	assert_int_equal(ephvol_ctx_new(&fixture), 0);
	assert_int_equal(ephvol_ctx_set_root(fixture, root), 0);
	assert_int_equal(ephvol_ctx_new(&live), 0);
	ephvol_ctx_set_log_fn(fixture, NULL, NULL); /* the library must not print */
	ephvol_ctx_set_log_fn(live, NULL, NULL);
	free(root);
	/* only the live system */
	assert_int_equal(ephvol_cipher_benchmark(fixture, "aes-xts-plain64", 512, &e, &d),
	                 -EOPNOTSUPP);
	/* specs and key sizes dm-crypt refuses, anywhere */
	assert_int_equal(ephvol_cipher_benchmark(fixture, "aes-xts", 512, &e, &d), -EINVAL);
	assert_int_equal(ephvol_cipher_benchmark(live, "aes-xts", 512, &e, &d), -EINVAL);
	assert_int_equal(ephvol_cipher_benchmark(live, "aes-xts-plain64", 0, &e, &d), -EINVAL);
	assert_int_equal(ephvol_cipher_benchmark(live, "aes-xts-plain64", 511, &e, &d), -EINVAL);
	assert_int_equal(ephvol_cipher_benchmark(live, NULL, 512, &e, &d), -EINVAL);
	assert_int_equal(ephvol_cipher_benchmark(live, "aes-xts-plain64", 512, NULL, &d), -EINVAL);
	/* what crypt_benchmark() cannot take: crypto API names, key counts */
	assert_int_equal(ephvol_cipher_benchmark(live, "capi:xts(aes)-plain64", 512, &e, &d),
	                 -EOPNOTSUPP);
	assert_int_equal(ephvol_cipher_benchmark(live, "aes:2-xts-plain64", 1024, &e, &d),
	                 -EOPNOTSUPP);
	assert_true(e == -1 && d == -1);

	/* This host's kernel: measured, or no AF_ALG (development machines) */
	r = ephvol_cipher_benchmark(live, "aes-cbc-plain64", 256, &e, &d);
	print_message("host: aes-cbc-plain64 256 -> %d, %.1f / %.1f MiB/s\n", r, e, d);
	if (r == 0)
		assert_true(e > 0 && d > 0);
	else {
		assert_int_equal(r, -EAFNOSUPPORT);
		assert_true(e == -1 && d == -1);
	}
	ephvol_ctx_unref(fixture);
	ephvol_ctx_unref(live);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_benchmark_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
