/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/aead.c: the AEAD ciphers by name and by the spec a crypt table prints; the
 * dm-integrity table ephvol loads and what the kernel prints back of it (Linux 6.1:
 * dmsetup table and status of a mapping made so); and the AEAD crypt table line, which
 * dm_crypt_table_parse() must read back.
 */
#include "unit.h"

#include "aead.h"
#include "dm-crypt-table.h"
#include "macro.h"

static void test_find(void **state) {
	const struct aead_cipher *a;

	(void)state;
	a = aead_cipher_find(AEAD_DEFAULT);
	assert_non_null(a);
	assert_string_equal(a->kernel, "capi:aegis128");
	assert_int_equal(a->key_bytes, 16);
	assert_int_equal(a->tag_bytes, 32);
	a = aead_cipher_find("aes-gcm-random");
	assert_non_null(a);
	assert_string_equal(a->kernel, "capi:gcm(aes)");
	assert_int_equal(a->key_bytes, 32);
	assert_int_equal(a->tag_bytes, 28);
	a = aead_cipher_find("aes-xts-hmac-sha256-random");
	assert_non_null(a);
	assert_int_equal(a->key_bytes, 96);
	assert_int_equal(a->tag_bytes, 48);
	assert_null(aead_cipher_find("aes-gcm"));
	assert_null(aead_cipher_find("aes-xts-plain64"));
	assert_null(aead_cipher_find(""));
	assert_null(aead_cipher_find(NULL));

	assert_ptr_equal(aead_cipher_find_kernel("capi:gcm(aes)-random"),
	                 aead_cipher_find("aes-gcm-random"));
	assert_ptr_equal(aead_cipher_find_kernel("capi:rfc7539(chacha20,poly1305)-random"),
	                 aead_cipher_find("chacha20-poly1305-random"));
	assert_null(aead_cipher_find_kernel("capi:gcm(aes)"));
	assert_null(aead_cipher_find_kernel("capi:gcm(aes)-random "));
	assert_null(aead_cipher_find_kernel("capi:gcm(aes)-plain64"));
	assert_null(aead_cipher_find_kernel("aes-xts-plain64"));
	assert_null(aead_cipher_find_kernel(NULL));
	/* Every name is in the list messages give. */
	for (const char *n = aead_cipher_names(); *n;
	     n += strcspn(n, " "), n += strspn(n, " ,or")) {
		char name[64];
		size_t len = strcspn(n, " ,");

		snprintf(name, sizeof(name), "%.*s", (int)len, n);
		assert_non_null(aead_cipher_find(name));
	}
	/* The table in the order of that list, and nothing past its end. */
	assert_ptr_equal(aead_cipher_at(0), aead_cipher_find(AEAD_DEFAULT));
	assert_string_equal(aead_cipher_at(3)->name, "aes-xts-hmac-sha256-random");
	assert_null(aead_cipher_at(4));
	assert_null(aead_cipher_at(SIZE_MAX));
}

static void test_integrity_table(void **state) {
	struct dm_integrity_table t = { .major = 254,
		                        .minor = 3,
		                        .offset_sectors = 2048,
		                        .tag_bytes = 28,
		                        .block_size = 4096 };
	_cleanup_free_ char *s = NULL, *s512 = NULL;
	unsigned ma, mi;
	uint64_t off;

	(void)state;
	assert_int_equal(dm_integrity_table_format(&t, &s), 0);
	assert_string_equal(s, "254:3 2048 28 D 3 block_size:4096 journal_sectors:1 fix_padding");
	t.block_size = 512;
	assert_int_equal(dm_integrity_table_format(&t, &s512), 0);
	assert_string_equal(s512, "254:3 2048 28 D 2 journal_sectors:1 fix_padding");
	for (unsigned bad = 0; bad < 4; bad++) {
		struct dm_integrity_table b = t;
		char *x = NULL;

		if (bad == 0)
			b.tag_bytes = 0;
		else if (bad == 1)
			b.block_size = 256;
		else if (bad == 2)
			b.block_size = 3072;
		else
			b.block_size = 8192;
		assert_int_equal(dm_integrity_table_format(&b, &x), -EINVAL);
		assert_null(x);
	}
	/* As the kernel prints the table back: its own defaults added. */
	assert_int_equal(dm_integrity_table_parse("254:0 0 28 D 5 block_size:4096 "
	                                          "journal_sectors:264 interleave_sectors:32768 "
	                                          "buffer_sectors:32 fix_padding",
	                                          &ma, &mi, &off),
	                 0);
	assert_int_equal(ma, 254);
	assert_int_equal(mi, 0);
	assert_int_equal(off, 0);
	assert_int_equal(dm_integrity_table_parse("8:17 2048 32 D 0", &ma, &mi, &off), 0);
	assert_int_equal(off, 2048);
	assert_int_equal(dm_integrity_table_parse("/dev/vda 0 28 D", &ma, &mi, &off), -EINVAL);
	assert_int_equal(dm_integrity_table_parse(NULL, &ma, &mi, &off), -EINVAL);
}

static void test_integrity_status(void **state) {
	uint64_t n = 7;

	(void)state;
	/* dmsetup status, less "0 LENGTH integrity": mismatches, provided, recalc */
	assert_int_equal(dm_integrity_status_parse("0 520432 -", &n), 0);
	assert_int_equal(n, 520432);
	assert_int_equal(dm_integrity_status_parse("3 516736 - ", &n), 0);
	assert_int_equal(n, 516736);
	n = 7;
	assert_int_equal(dm_integrity_status_parse("0 0 -", &n), -EINVAL);
	assert_int_equal(dm_integrity_status_parse("0 520432", &n), -EINVAL);
	assert_int_equal(dm_integrity_status_parse("0 520432 - extra", &n), -EINVAL);
	assert_int_equal(dm_integrity_status_parse("-1 520432 -", &n), -EINVAL);
	assert_int_equal(dm_integrity_status_parse("", &n), -EINVAL);
	assert_int_equal(dm_integrity_status_parse(NULL, &n), -EINVAL);
	assert_int_equal(n, 7);
}

static void test_crypt_table(void **state) {
	const struct aead_cipher *a = aead_cipher_find("aes-gcm-random");
	struct dm_crypt_table t = {
		.cipher = a->kernel,
		.cipher_mode = "random",
		.key_bytes = a->key_bytes,
		.key_description = "ephvol:ephvol-is1",
		.major = 253,
		.minor = 0,
		.sector_size = 4096,
		.no_workqueues = true,
		.integrity_tag_bytes = a->tag_bytes,
	};
	_cleanup_free_ char *s = NULL;
	struct dm_crypt_info info = {};

	(void)state;
	assert_int_equal(dm_crypt_table_format(&t, &s), 0);
	/* Exactly what Linux 6.1 printed back for it (integrity_test.sh). */
	assert_string_equal(s, "capi:gcm(aes)-random :32:logon:ephvol:ephvol-is1 0 253:0 0 4 "
	                       "no_read_workqueue no_write_workqueue integrity:28:aead "
	                       "sector_size:4096");
	assert_int_equal(dm_crypt_table_parse(s, &info), 0);
	assert_string_equal(info.cipher, "capi:gcm(aes)-random");
	assert_ptr_equal(aead_cipher_find_kernel(info.cipher), a);
	assert_int_equal(info.key_bits, 256);
	assert_int_equal(info.integrity_tag_bytes, 28);
	assert_true(info.integrity_aead);
	assert_int_equal(info.sector_size, 4096);
	assert_string_equal(info.flags, "no_read_workqueue,no_write_workqueue");
	dm_crypt_info_done(&info);

	/* cryptsetup's HMAC mode names its MAC, not "aead". */
	assert_int_equal(dm_crypt_table_parse("capi:xts(aes)-random :64:logon:x 0 253:1 0 1 "
	                                      "integrity:48:hmac(sha256)",
	                                      &info),
	                 0);
	assert_int_equal(info.integrity_tag_bytes, 48);
	assert_false(info.integrity_aead);
	dm_crypt_info_done(&info);
	assert_int_equal(dm_crypt_table_parse("capi:gcm(aes)-random :32:logon:x 0 253:1 0 1 "
	                                      "integrity:x:aead",
	                                      &info),
	                 -EINVAL);
	assert_int_equal(dm_crypt_table_parse("capi:gcm(aes)-random :32:logon:x 0 253:1 0 1 "
	                                      "integrity:28",
	                                      &info),
	                 -EINVAL);
	/* Without integrity, none. */
	assert_int_equal(dm_crypt_table_parse("aes-xts-plain64 :64:logon:x 0 8:1 0", &info), 0);
	assert_int_equal(info.integrity_tag_bytes, 0);
	assert_false(info.integrity_aead);
	dm_crypt_info_done(&info);
}

static void test_names(void **state) {
	char buf[64];

	(void)state;
	integrity_dm_name("ephvol-is1", buf, sizeof(buf));
	assert_string_equal(buf, "ephvol-is1:integrity");
	integrity_dm_name("ephvol-wb:writeback", buf, sizeof(buf));
	assert_string_equal(buf, "ephvol-wb:writeback:integrity");
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_integrity_table),
		cmocka_unit_test(test_integrity_status),
		cmocka_unit_test(test_crypt_table),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
