/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/lib/cipher.c: the public CPU and cipher functions, against the
 * fixture roots of tests/fixtures/cpuinfo and tests/fixtures/crypto-drivers; a
 * volume's cipher_driver and its status column. */
#include "unit.h"

#include "cipher.h"
#include "cpu-features.h"
#include "libephvol-private.h"
#include "status-output.h"

#define UNTOUCHED_MASK 0xdeadbeefu
#define ICELAKE                                                                                    \
	(EPHVOL_CPU_AES | EPHVOL_CPU_PCLMULQDQ | EPHVOL_CPU_AVX | EPHVOL_CPU_AVX2 |                \
	 EPHVOL_CPU_VAES | EPHVOL_CPU_VPCLMULQDQ | EPHVOL_CPU_AVX512F)

static struct ephvol_ctx *ctx_at(const char *sub) {
	struct ephvol_ctx *ctx = NULL;
	char *root = sub ? unit_fixture_path(sub) : NULL;

	assert_int_equal(unit_ctx_new(&ctx), 0);
	ephvol_ctx_set_log_fn(ctx, NULL, NULL); /* the library must not print */
	if (sub) {
		assert_non_null(root);
		assert_int_equal(ephvol_ctx_set_root(ctx, root), 0);
	}
	free(root);
	return ctx;
}

/* ---- ephvol_cpu_get_features ---- */

static void expect_features(const char *root, enum ephvol_cpu_source src, int r, unsigned mask) {
	struct ephvol_ctx *ctx = ctx_at(root);
	unsigned f = UNTOUCHED_MASK;

	assert_int_equal(ephvol_cpu_get_features(ctx, src, &f), r);
	assert_int_equal(f, r < 0 ? UNTOUCHED_MASK : mask);
	ephvol_ctx_unref(ctx);
}

static void test_cpu_features_fixtures(void **state) {
	(void)state;
	expect_features("cpuinfo/icelake-xeon", EPHVOL_CPU_EFFECTIVE, 0, ICELAKE);
	expect_features("cpuinfo/icelake-xeon", EPHVOL_CPU_CPUINFO, 0, ICELAKE);
	expect_features("cpuinfo/core2", EPHVOL_CPU_EFFECTIVE, 0, 0);
	expect_features("cpuinfo/arm64", EPHVOL_CPU_EFFECTIVE, 0, EPHVOL_CPU_AES);
	/* CPUID is the machine's, not the fixture's */
	expect_features("cpuinfo/icelake-xeon", EPHVOL_CPU_CPUID, -EOPNOTSUPP, 0);
	expect_features("cpuinfo/empty", EPHVOL_CPU_EFFECTIVE, -ENODATA, 0);
	expect_features("cpuinfo/empty", EPHVOL_CPU_CPUINFO, -ENODATA, 0);
	expect_features("cpuinfo", EPHVOL_CPU_CPUINFO, -ENOENT, 0); /* no proc/cpuinfo */
	expect_features("cpuinfo/icelake-xeon", (enum ephvol_cpu_source)42, -EINVAL, 0);
	assert_int_equal(ephvol_cpu_get_features(NULL, EPHVOL_CPU_EFFECTIVE, &(unsigned){ 0 }),
	                 -EINVAL);
}

static void test_cpu_features_live(void **state) {
	struct ephvol_ctx *ctx = ctx_at(NULL);
	unsigned eff = 0, id = 0, info = 0;
	int r;

	(void)state;
	assert_int_equal(ephvol_cpu_get_features(ctx, EPHVOL_CPU_EFFECTIVE, &eff), 0);
	assert_int_equal(ephvol_cpu_get_features(ctx, EPHVOL_CPU_CPUINFO, &info), 0);
	r = ephvol_cpu_get_features(ctx, EPHVOL_CPU_CPUID, &id);
	if (cpu_features_have_cpuid()) {
		assert_int_equal(r, 0);
		/* effective: what both sources have */
		assert_int_equal(eff, id & info);
	} else {
		assert_int_equal(r, -EOPNOTSUPP);
		assert_int_equal(eff, info);
	}
	ephvol_ctx_unref(ctx);
}

static void test_cpu_feature_names(void **state) {
	(void)state;
	/* the public bits are the internal ones (also checked at compile time) */
	for (unsigned bit = 1; bit & CPU_FEATURE_ALL; bit <<= 1)
		assert_string_equal(ephvol_cpu_feature_to_string(bit), cpu_feature_to_string(bit));
	assert_string_equal(ephvol_cpu_feature_to_string(EPHVOL_CPU_AES), "aes");
	assert_string_equal(ephvol_cpu_feature_to_string(EPHVOL_CPU_AVX512F), "avx512f");
	assert_null(ephvol_cpu_feature_to_string(0));
	assert_null(ephvol_cpu_feature_to_string(EPHVOL_CPU_AES | EPHVOL_CPU_AVX));
	assert_null(ephvol_cpu_feature_to_string(EPHVOL_CPU_AVX512F << 1));
}

/* ---- ephvol_cipher_get_driver ---- */

static void expect_driver(const char *root, const char *spec, int r, const char *driver) {
	struct ephvol_ctx *ctx = ctx_at(root);
	char *d = (char *)"untouched";

	assert_int_equal(ephvol_cipher_get_driver(ctx, spec, &d), r);
	if (r < 0)
		assert_string_equal(d, "untouched");
	else {
		assert_string_equal(d, driver);
		free(d);
	}
	ephvol_ctx_unref(ctx);
}

static void test_cipher_driver(void **state) {
	(void)state;
	expect_driver("crypto-drivers/aesni", "aes-xts-plain64", 0, "xts-aes-aesni");
	expect_driver("crypto-drivers/aesni", "aes-xts-plain64be", 0, "xts-aes-aesni");
	expect_driver("crypto-drivers/aesni", "xchacha12,aes-adiantum-plain64", 0,
	              "adiantum(xchacha12-simd,aes-aesni,nhpoly1305-avx2)");
	expect_driver("crypto-drivers/aesni", "aes-cbc-essiv:sha256", 0,
	              "essiv(cbc-aes-aesni,sha256-avx2)");
	expect_driver("crypto-drivers/aesni", "capi:xts(aes)-plain64", 0, "xts-aes-aesni");
	expect_driver("crypto-drivers/aesni", "capi:xts(ecb(aes-generic))-plain64", 0,
	              "xts(ecb(aes-generic))");
	expect_driver("crypto-drivers/generic", "aes-xts-plain64", 0, "xts(ecb(aes-generic))");
	expect_driver("crypto-drivers/lskcipher", "aes-cbc-plain64", 0, "cbc(ecb(aes-fixed-time))");
	/* listed only once used */
	expect_driver("crypto-drivers/generic", "aes-cbc-essiv:sha256", -ENOENT, NULL);
	expect_driver("crypto-drivers/lskcipher", "aes-xts-plain64", -ENOENT, NULL);
	expect_driver("crypto-drivers/aesni", "serpent-xts-plain64", -ENOENT, NULL);
	/* a spec dm-crypt refuses, whatever the root */
	expect_driver("crypto-drivers/aesni", "aes-xts", -EINVAL, NULL);
	expect_driver("crypto-drivers/aesni", "aes-xts-bogus", -EINVAL, NULL);
	expect_driver("cpuinfo", "aes-xts", -EINVAL, NULL);
	/* no /proc/crypto at all */
	expect_driver("cpuinfo", "aes-xts-plain64", -ENOENT, NULL);
	assert_int_equal(ephvol_cipher_get_driver(NULL, "aes-xts-plain64", &(char *){ NULL }),
	                 -EINVAL);
}

/* ---- ephvol_cipher_recommend ---- */

static void expect_recommend(const char *root, int r, const char *cipher, unsigned bits) {
	struct ephvol_ctx *ctx = ctx_at(root);
	char *c = (char *)"untouched";
	unsigned b = 7;

	assert_int_equal(ephvol_cipher_recommend(ctx, &c, &b), r);
	if (r < 0) {
		assert_string_equal(c, "untouched");
		assert_int_equal(b, 7);
	} else {
		assert_string_equal(c, cipher);
		assert_int_equal(b, bits);
		free(c);
		/* ret_key_bits may be NULL */
		assert_int_equal(ephvol_cipher_recommend(ctx, &c, NULL), 0);
		free(c);
	}
	ephvol_ctx_unref(ctx);
}

static void test_recommend(void **state) {
	(void)state;
	expect_recommend("cpuinfo/icelake-xeon", 0, "aes-xts-plain64", 512);
	expect_recommend("cpuinfo/arm64", 0, "aes-xts-plain64", 512);
	expect_recommend("cpuinfo/core2", 0, "xchacha12,aes-adiantum-plain64", 256);
	expect_recommend("cpuinfo/empty", -ENODATA, NULL, 0);
	expect_recommend("cpuinfo", -ENOENT, NULL, 0);
}

/* ---- a volume's cipher_driver, and its status column ---- */

static void test_volume_cipher_driver(void **state) {
	struct ephvol_ctx *ctx = ctx_at("crypto-drivers/aesni");
	struct ephvol_volume *v[4] = { volume_new("a"), volume_new("b"), volume_new("c"),
		                       volume_new("d") };
	char *cell;

	(void)state;
	v[0]->cipher = strdup("aes-xts-plain64");
	v[1]->cipher = strdup("xchacha12,aes-adiantum-plain64");
	v[2]->cipher = strdup("serpent-xts-plain64"); /* not listed */
	/* v[3]: no cipher (a zram volume without writeback) */
	volumes_fill_cipher_drivers(ctx, v, ELEMENTSOF(v));
	assert_string_equal(ephvol_volume_get_cipher_driver(v[0]), "xts-aes-aesni");
	assert_string_equal(ephvol_volume_get_cipher_driver(v[1]),
	                    "adiantum(xchacha12-simd,aes-aesni,nhpoly1305-avx2)");
	assert_null(ephvol_volume_get_cipher_driver(v[2]));
	assert_null(ephvol_volume_get_cipher_driver(v[3]));

	cell = column_value(v[0], COL_CIPHER_DRIVER, false);
	assert_string_equal(cell, "xts-aes-aesni");
	free(cell);
	assert_null(column_value(v[3], COL_CIPHER_DRIVER, false));

	for (size_t i = 0; i < ELEMENTSOF(v); i++)
		ephvol_volume_unref(v[i]);
	ephvol_ctx_unref(ctx);

	/* no /proc/crypto: nothing filled, nothing fails */
	ctx = ctx_at("cpuinfo");
	v[0] = volume_new("a");
	v[0]->cipher = strdup("aes-xts-plain64");
	volumes_fill_cipher_drivers(ctx, v, 1);
	assert_null(ephvol_volume_get_cipher_driver(v[0]));
	ephvol_volume_unref(v[0]);
	ephvol_ctx_unref(ctx);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_features_fixtures),
		cmocka_unit_test(test_cpu_features_live),
		cmocka_unit_test(test_cpu_feature_names),
		cmocka_unit_test(test_cipher_driver),
		cmocka_unit_test(test_recommend),
		cmocka_unit_test(test_volume_cipher_driver),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
