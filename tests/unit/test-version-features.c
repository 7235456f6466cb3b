/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/version-features.c and src/cli/kernel-features.c: the second line of `ephvol
 * --version`. */
#include "unit.h"

#include "version-features.h"

#define Y FEATURE_YES
#define N FEATURE_NO
#define U FEATURE_UNKNOWN

/* zram_features_read() on fixture ROOT (below tests/fixtures/zram-features) and RELEASE. */
static void expect_zram(const char *root, const char *release, enum feature writeback,
                        enum feature recomp, enum feature algorithm_params, enum feature idle_age) {
	char *abs = unit_fixture_path(root);
	struct zram_features z = { 99, 99, 99, 99 };

	assert_non_null(abs);
	assert_int_equal(zram_features_read(abs, release, &z), 0);
	assert_int_equal(z.writeback, writeback);
	assert_int_equal(z.recomp, recomp);
	assert_int_equal(z.algorithm_params, algorithm_params);
	assert_int_equal(z.idle_age, idle_age);
	free(abs);
}

/* ---- zram_features_read ---- */

static void test_zram_device_has_all(void **state) {
	(void)state;
	/* zram0 counts, not zram10; the device outranks a configuration without zram. */
	expect_zram("zram-features/device-all", "6.1.0-test", Y, Y, Y, N);
	expect_zram("zram-features/device-all", NULL, Y, Y, Y, U);
}

static void test_zram_device_has_none(void **state) {
	(void)state;
	/* The configuration says =y, but this kernel's device shows none of them. */
	expect_zram("zram-features/device-bare", "6.12.0-test", N, N, N, N);
}

static void test_config_enabled(void **state) {
	(void)state;
	/* zram a module, both options =y, 6.12: algorithm_params too. */
	expect_zram("zram-features/config", "6.12.0-test", Y, Y, Y, Y);
}

static void test_config_not_set(void **state) {
	(void)state;
	/* "# ... is not set", and only look-alike names (CONFIG_ZRAM_WRITEBACK_LIMIT) =y;
	 * 6.1 is older than algorithm_params. */
	expect_zram("zram-features/config", "6.1.0-test", N, N, N, Y);
}

static void test_config_without_zram(void **state) {
	(void)state;
	/* No zram: no zram option counts, whatever the file says about them. */
	expect_zram("zram-features/config", "6.14.0-nozram", N, N, N, N);
}

static void test_config_release_not_a_version(void **state) {
	(void)state;
	/* Which Linux it is cannot be read from the release: algorithm_params unknown. */
	expect_zram("zram-features/config", "custom", Y, N, U, N);
}

static void test_modules_lists(void **state) {
	(void)state;
	/* Neither list names zram.ko (xzram.ko, zram.ko2, zram_helper.ko are others). */
	expect_zram("zram-features/modules", "6.1.0-nozram", N, N, N, N);
	/* zram exists, as a module or built in; which options it has, nothing says. */
	expect_zram("zram-features/modules", "6.1.0-module", U, U, U, U);
	expect_zram("zram-features/modules", "6.1.0-builtin", U, U, U, U);
	/* A list is missing: zram may be in it. */
	expect_zram("zram-features/modules", "6.1.0-nobuiltin", U, U, U, U);
	/* No lists at all for this release. */
	expect_zram("zram-features/modules", "6.9.0-other", U, U, U, U);
}

static void test_loaded_without_device(void **state) {
	(void)state;
	/* zram-control shows zram is there, whatever the module lists say. */
	expect_zram("zram-features/loaded", "6.1.0-test", U, U, U, U);
}

static void test_nothing_to_go_by(void **state) {
	(void)state;
	expect_zram("empty", "6.12.0-test", U, U, U, U);
	expect_zram("empty", NULL, U, U, U, U);
}

static void test_release_with_slash(void **state) {
	char *abs = unit_fixture_path("zram-features/config");
	struct zram_features z = { 99, 99, 99, 99 };

	(void)state;
	/* Not a release uname(2) gives; never a path out of /boot. */
	assert_int_equal(zram_features_read(abs, "../config-6.12.0-test", &z), -EINVAL);
	assert_int_equal(z.writeback, 99); /* ret_ is written only on success */
	free(abs);
}

/* ---- dm_crypt_features_read ---- */

static void expect_dm(const char *root, const char *release, const unsigned *version,
                      enum feature high_priority) {
	char *abs = unit_fixture_path(root);
	struct dm_crypt_features d = { 99 };

	assert_non_null(abs);
	assert_int_equal(dm_crypt_features_read(abs, release, version, &d), 0);
	assert_int_equal(d.high_priority, high_priority);
	free(abs);
}

static void test_dm_crypt_features(void **state) {
	static const unsigned v1_24[3] = { 1, 24, 0 }, v1_27[3] = { 1, 27, 0 };
	char *abs = unit_fixture_path("zram-features/modules");
	struct dm_crypt_features d = { 99 };

	(void)state;
	/* Loaded: the module's version decides, whatever the release says. */
	expect_dm("zram-features/modules", "6.12.0-test", v1_24, N);
	expect_dm("zram-features/modules", "6.1.0-module", v1_27, Y);
	/* Not loaded: dm-crypt.ko in the lists, then the release. */
	expect_dm("zram-features/modules", "6.1.0-module", NULL, N);
	expect_dm("zram-features/modules", "6.12.0-dm", NULL, Y);
	/* Both lists read, no dm-crypt (look-alikes only): none. */
	expect_dm("zram-features/modules", "6.1.0-nozram", NULL, N);
	/* A list is missing, or no lists, or no release: cannot tell. */
	expect_dm("zram-features/modules", "6.1.0-nobuiltin", NULL, U);
	expect_dm("zram-features/modules", "6.18.0-nolists", NULL, U);
	expect_dm("zram-features/modules", NULL, NULL, U);
	assert_non_null(abs);
	assert_int_equal(dm_crypt_features_read(abs, "../6.1.0-module", NULL, &d), -EINVAL);
	assert_int_equal(d.high_priority, 99);
	free(abs);
}

/* ---- cryptsetup_facts_learn ---- */

static void test_cryptsetup_version(void **state) {
	struct cryptsetup_facts f = {};

	(void)state;
	assert_int_equal(cryptsetup_facts_learn(&f, "Allocating context for crypt device "
	                                            "(none).\n"),
	                 0);
	assert_null(f.version);
	/* 2.6 */
	assert_int_equal(cryptsetup_facts_learn(&f, "Crypto backend (OpenSSL 3.0.11 19 Sep 2023 "
	                                            "[default][legacy]) initialized in cryptsetup "
	                                            "library version 2.6.1.\n"),
	                 0);
	assert_string_equal(f.version, "2.6.1");
	/* Only the first initialisation logs it; a later one changes nothing. */
	assert_int_equal(cryptsetup_facts_learn(&f, "Crypto backend (x) initialized in "
	                                            "cryptsetup library version 9.9.9.\n"),
	                 0);
	assert_string_equal(f.version, "2.6.1");
	cryptsetup_facts_done(&f);
	assert_null(f.version);

	/* 2.7 names argon2 too; a release candidate; no newline. */
	assert_int_equal(cryptsetup_facts_learn(&f, "Crypto backend (OpenSSL 3.2.2 4 Jun 2024 "
	                                            "[default][legacy], argon2 [cryptsetup "
	                                            "libargon2]) initialized in cryptsetup "
	                                            "library version 2.8.0-rc1."),
	                 0);
	assert_string_equal(f.version, "2.8.0-rc1");
	cryptsetup_facts_done(&f);

	/* Nothing after the words: no version. */
	assert_int_equal(cryptsetup_facts_learn(&f, "initialized in cryptsetup library version "
	                                            ".\n"),
	                 0);
	assert_null(f.version);
	assert_int_equal(cryptsetup_facts_learn(&f, NULL), 0);
}

/* ---- features_format ---- */

static void test_format(void **state) {
	struct features f = {
		.cryptsetup = { .version = (char *)"2.6.1" },
		.keyring = Y,
		.af_alg = N,
		.zram = { .writeback = Y, .recomp = N, .algorithm_params = U, .idle_age = Y },
		.dm_crypt = { .high_priority = N },
	};
	char *line = NULL;

	(void)state;
	assert_int_equal(features_format(&f, &line), 0);
	assert_string_equal(line, "+LIBCRYPTSETUP(2.6.1) +KEYRING -AF_ALG +ZRAM_WRITEBACK -RECOMP "
	                          "?ALGORITHM_PARAMS +ZRAM_IDLE_AGE -DM_CRYPT_HIGH_PRIORITY");
	free(line);

	/* The library is loaded even when it does not say its version. */
	f.cryptsetup.version = NULL;
	f.keyring = U;
	f.af_alg = Y;
	f.zram = (struct zram_features){ N, Y, Y, U };
	f.dm_crypt.high_priority = Y;
	assert_int_equal(features_format(&f, &line), 0);
	assert_string_equal(line, "+LIBCRYPTSETUP ?KEYRING +AF_ALG -ZRAM_WRITEBACK +RECOMP "
	                          "+ALGORITHM_PARAMS ?ZRAM_IDLE_AGE +DM_CRYPT_HIGH_PRIORITY");
	free(line);

	/* It is loaded when asked (dlopen), and may be missing. */
	f.cryptsetup.missing = true;
	f.keyring = N;
	assert_int_equal(features_format(&f, &line), 0);
	assert_string_equal(line, "-LIBCRYPTSETUP -KEYRING +AF_ALG -ZRAM_WRITEBACK +RECOMP "
	                          "+ALGORITHM_PARAMS ?ZRAM_IDLE_AGE +DM_CRYPT_HIGH_PRIORITY");
	free(line);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zram_device_has_all),
		cmocka_unit_test(test_zram_device_has_none),
		cmocka_unit_test(test_config_enabled),
		cmocka_unit_test(test_config_not_set),
		cmocka_unit_test(test_config_without_zram),
		cmocka_unit_test(test_config_release_not_a_version),
		cmocka_unit_test(test_modules_lists),
		cmocka_unit_test(test_loaded_without_device),
		cmocka_unit_test(test_nothing_to_go_by),
		cmocka_unit_test(test_release_with_slash),
		cmocka_unit_test(test_dm_crypt_features),
		cmocka_unit_test(test_cryptsetup_version),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
