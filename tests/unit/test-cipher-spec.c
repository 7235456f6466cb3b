/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/cipher-spec.c: specs split, and those ephvol refuses whatever the kernel offers. */
#include "unit.h"

#include <inttypes.h>

#include "cipher-spec.h"

#define TIB (UINT64_C(1) << 40)

/* ---- cipher_spec_split ---- */

static void expect_split(const char *spec, const char *cipher, const char *mode) {
	char c[64] = "", m[64] = "";

	assert_int_equal(cipher_spec_split(spec, c, sizeof(c), m, sizeof(m)), 0);
	assert_string_equal(c, cipher);
	assert_string_equal(m, mode);
}

static void test_cipher_spec_split(void **state) {
	char c[8] = "unset", m[16] = "unset";

	(void)state;
	expect_split("auto", "aes", "xts-plain64");
	expect_split("aes-xts-plain64", "aes", "xts-plain64");
	expect_split("xchacha12,aes-adiantum-plain64", "xchacha12,aes", "adiantum-plain64");
	expect_split("xchacha20,aes-adiantum-plain64", "xchacha20,aes", "adiantum-plain64");
	expect_split("serpent-xts-plain64", "serpent", "xts-plain64");
	expect_split("aes-cbc-plain", "aes", "cbc-plain");
	expect_split("twofish-ecb", "twofish", "ecb");
	expect_split("capi_x-y", "capi_x", "y");

	assert_int_equal(cipher_spec_split("aes", c, sizeof(c), m, sizeof(m)), -EINVAL);
	assert_int_equal(cipher_spec_split("-xts", c, sizeof(c), m, sizeof(m)), -EINVAL);
	assert_int_equal(cipher_spec_split("aes-", c, sizeof(c), m, sizeof(m)), -EINVAL);
	assert_int_equal(cipher_spec_split("", c, sizeof(c), m, sizeof(m)), -EINVAL);
	assert_int_equal(cipher_spec_split("Aes-xts", c, sizeof(c), m, sizeof(m)), -EINVAL);
	assert_int_equal(cipher_spec_split("aes-xts plain", c, sizeof(c), m, sizeof(m)), -EINVAL);
	/* ESSIV names its hash after a colon, as cryptsetup spells it. */
	expect_split("aes-cbc-essiv:sha256", "aes", "cbc-essiv:sha256");
	assert_int_equal(cipher_spec_split("aes-xts/plain", c, sizeof(c), m, sizeof(m)), -EINVAL);
	/* too long for the buffers: refused, not truncated */
	assert_int_equal(cipher_spec_split("aesaesaes-xts", c, sizeof(c), m, sizeof(m)), -EINVAL);
	assert_int_equal(cipher_spec_split("aesaesa-xts", c, sizeof(c), m, sizeof(m)), 0);
	assert_string_equal(c, "aesaesa");
	/* m[16] holds 15 characters */
	assert_int_equal(cipher_spec_split("aes-xts-plain64-plai", c, sizeof(c), m, sizeof(m)),
	                 -EINVAL);
	assert_int_equal(cipher_spec_split("aes-xts-plain64-pla", c, sizeof(c), m, sizeof(m)), 0);
	assert_string_equal(m, "xts-plain64-pla");
}

/* ---- cipher_spec_check ---- */

struct spec_case {
	const char *cipher, *mode;
	uint64_t area;
	unsigned sector;
	const char *why; /* a part of the reason; NULL: accepted */
};

static void check_cases(const struct spec_case *cases, size_t n) {
	for (size_t i = 0; i < n; i++) {
		const struct spec_case *t = &cases[i];
		const char *reason = "untouched";
		int r = cipher_spec_check(t->cipher, t->mode, t->area, t->sector, &reason);

		if (t->why ? r != -EINVAL || !strstr(reason, t->why) : r != 0)
			print_error("%s-%s (%" PRIu64 " bytes, sector %u): %d '%s', expected %s\n",
			            t->cipher, t->mode ?: "", t->area, t->sector, r, reason,
			            t->why ?: "acceptance");
		assert_int_equal(r, t->why ? -EINVAL : 0);
		assert_non_null(strstr(reason, t->why ?: "untouched"));
	}
}

#define CHECK_CASES(...)                                                                           \
	check_cases((const struct spec_case[]){ __VA_ARGS__ },                                     \
	            sizeof((const struct spec_case[]){ __VA_ARGS__ }) / sizeof(struct spec_case))

static void test_good_specs(void **state) {
	(void)state;
	CHECK_CASES({ "aes", "xts-plain64", 0, 0, NULL },
	            { "aes", "xts-plain64", 64 * TIB, 4096, NULL },
	            { "xchacha12,aes", "adiantum-plain64", 64 * TIB, 4096, NULL },
	            { "aes", "cbc-essiv:sha256", 64 * TIB, 512, NULL },
	            { "serpent", "xts-plain64be", 0, 0, NULL },
	            { "twofish", "lrw-benbi", 0, 0, NULL }, { "aes:64", "cbc-lmk", 0, 0, NULL },
	            { "aes", "cbc-eboiv", 0, 0, NULL }, { "capi:xts(aes)", "plain64", 0, 0, NULL },
	            { "capi:xts-aes-aesni", "plain64", 0, 0, NULL },
	            /* ECB inside another mode's driver name is that mode, not ECB */
	            { "capi:xts(ecb(aes-generic))", "plain64", 0, 0, NULL },
	            /* "null" is the IV mode only where dm-crypt takes it as such */
	            { "aes", "xts-nullish", 0, 0, NULL },
	            /* a plain IV is fine as long as it does not repeat */
	            { "aes", "xts-plain", 0, 0, NULL }, { "aes", "xts-plain", 2 * TIB, 512, NULL },
	            { "aes", "xts-plain", 2 * TIB, 4096, NULL },
	            { "aes", "xts-plain", 2 * TIB, 0, NULL }, { "aes", "plain", TIB, 512, NULL },
	            { "aes", "cbc-plain", 512, 512, NULL }, { "aes", "cbc-plain", 1, 4096, NULL },
	            /* plain64 and plain64be are 64 bits, up to the largest area */
	            { "aes", "xts-plain64", UINT64_MAX - 4095, 4096, NULL },
	            { "aes", "xts-plain64be", UINT64_MAX - 511, 512, NULL });
}

static void test_weak_specs(void **state) {
	(void)state;
	CHECK_CASES({ "cipher_null", "ecb", 0, 0, "does not encrypt" },
	            { "cipher_null", "ecb-null", 0, 0, "does not encrypt" },
	            { "cipher_null", "cbc-plain64", 0, 0, "does not encrypt" },
	            { "capi:ecb(cipher_null)", "plain64", 0, 0, "does not encrypt" },
	            { "aes", "ecb", 0, 0, "ECB" },
	            /* dm-crypt ignores an IV mode after ECB */
	            { "aes", "ecb-plain64", 0, 0, "ECB" }, { "aes:2", "ecb", 0, 0, "ECB" },
	            { "xchacha12,aes", "ecb", 0, 0, "ECB" },
	            { "capi:ecb(aes)", "plain64", 0, 0, "ECB" },
	            { "capi:ecb(aes)", "plain64:sha256", 0, 0, "use xts-plain64" },
	            { "aes", "cbc-null", 0, 0, "null IV" }, { "aes", "xts-null", 0, 0, "null IV" },
	            { "aes", "xts-null", 64 * TIB, 4096, "use plain64" },
	            { "capi:xts(aes)", "null", 0, 0, "null IV" });
}

/* Regression: a plain IV (32 bits of the 512-byte sector number) repeats beyond 2 TiB. */
static void test_plain_iv_over_2tib(void **state) {
	(void)state;
	CHECK_CASES({ "aes", "xts-plain", 2 * TIB + 512, 512, "beyond 2 TiB" },
	            { "aes", "xts-plain", 2 * TIB + 4096, 4096, "use plain64" },
	            { "aes", "xts-plain", 2 * TIB + 512, 0, "32 bits" },
	            { "aes", "cbc-plain", 3 * TIB, 512, "32 bits" },
	            { "aes", "cbc-plain:ignored", 3 * TIB, 512, "32 bits" },
	            { "capi:xts(aes)", "plain", 3 * TIB, 512, "32 bits" },
	            /* the original formats: a bare cipher and "aes-plain" are cbc-plain */
	            { "aes", "plain", 3 * TIB, 512, "32 bits" },
	            { "aes", "", 3 * TIB, 512, "32 bits" },
	            { "aes", NULL, 3 * TIB, 512, "32 bits" },
	            /* the largest area: no overflow in the arithmetic */
	            { "aes", "xts-plain", UINT64_MAX - 4095, 4096, "32 bits" });
}

static void test_bad_arguments(void **state) {
	const char *reason = "untouched";
	char long_cipher[200];

	(void)state;
	memset(long_cipher, 'a', sizeof(long_cipher) - 1);
	long_cipher[sizeof(long_cipher) - 1] = 0;
	assert_int_equal(cipher_spec_check(NULL, "xts-plain64", 0, 0, &reason), -EINVAL);
	assert_int_equal(cipher_spec_check("aes", "xts-plain64", 0, 0, NULL), -EINVAL);
	assert_int_equal(cipher_spec_check(long_cipher, "xts-plain64", 0, 0, &reason), -EINVAL);
	assert_string_equal(reason, "untouched");
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cipher_spec_split), cmocka_unit_test(test_good_specs),
		cmocka_unit_test(test_weak_specs),        cmocka_unit_test(test_plain_iv_over_2tib),
		cmocka_unit_test(test_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
