/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/dm-crypt-table.c: a crypt target's table line, as the kernel's
 * crypt_status() prints it (Linux 6.1 and 6.12), into cipher, key size and place,
 * and sector size; and the line ephvol loads, which the parser must read back.
 */
#include "unit.h"

#include "dm-crypt-table.h"
#include "macro.h"

static void expect(const char *params, const char *cipher, unsigned key_bits, bool in_keyring,
                   unsigned sector_size, const char *flags) {
	struct dm_crypt_info info = {};

	assert_int_equal(dm_crypt_table_parse(params, &info), 0);
	assert_string_equal(info.cipher, cipher);
	assert_int_equal(info.key_bits, key_bits);
	assert_int_equal(info.key_in_keyring, in_keyring);
	assert_int_equal(info.sector_size, sector_size);
	assert_string_equal(info.flags, flags);
	dm_crypt_info_done(&info);
	assert_null(info.cipher);
	dm_crypt_info_done(&info); /* twice is harmless */
}

static void expect_error(const char *params) {
	struct dm_crypt_info info = { .cipher = (char *)"untouched", .key_bits = 7 };

	assert_int_equal(dm_crypt_table_parse(params, &info), -EINVAL);
	assert_string_equal(info.cipher, "untouched");
	assert_int_equal(info.key_bits, 7);
}

static void test_ephvol_mappings(void **state) {
	(void)state;
	/* what ephvol loads: the key by its keyring description */
	expect("aes-xts-plain64 :64:logon:ephvol:ephvol-kr1 0 254:0 0 3 no_read_workqueue "
	       "no_write_workqueue sector_size:4096",
	       "aes-xts-plain64", 512, true, 4096, "no_read_workqueue,no_write_workqueue");
	/* what its LUKS2 activation loaded up to 0.5 */
	expect("aes-xts-plain64 :64:logon:cryptsetup:0b5bd5d2-6c3e-4b8c-9b7e-0c6c0e6b2c49-d0 0 "
	       "7:0 0 3 no_read_workqueue no_write_workqueue sector_size:4096",
	       "aes-xts-plain64", 512, true, 4096, "no_read_workqueue,no_write_workqueue");
	expect("xchacha12,aes-adiantum-plain64 :32:logon:cryptsetup:x-d0 0 254:3 2048",
	       "xchacha12,aes-adiantum-plain64", 256, true, 512, "");
	expect("aes-xts-plain64 :32:logon:cryptsetup:x-d0 0 8:16 0 1 sector_size:512",
	       "aes-xts-plain64", 256, true, 512, "");
	/* Linux 6.12 with --workqueues: high_priority first, as crypt_status() prints it */
	expect("aes-xts-plain64 :64:logon:ephvol:ephvol-kr1 0 254:0 0 2 high_priority "
	       "sector_size:4096",
	       "aes-xts-plain64", 512, true, 4096, "high_priority");
}

static void test_other_mappings(void **state) {
	(void)state;
	/* cryptsetup open --type plain: the key itself, in hex */
	expect("aes-cbc-essiv:sha256 "
	       "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
	       "0 7:1 0",
	       "aes-cbc-essiv:sha256", 256, false, 512, "");
	expect("capi:xts(aes)-plain64 "
	       "00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff 0 /dev/sda 0 "
	       "2 allow_discards sector_size:4096",
	       "capi:xts(aes)-plain64", 256, false, 4096, "allow_discards");
	/* cipher_null has no key: "-" */
	expect("cipher_null-ecb - 0 7:2 0", "cipher_null-ecb", 0, false, 512, "");
	/* options dm-crypt prints that do not concern us */
	expect("aes-xts-plain64 :64:logon:k 0 8:1 0 4 allow_discards same_cpu_crypt "
	       "iv_large_sectors sector_size:4096",
	       "aes-xts-plain64", 512, true, 4096,
	       "allow_discards,same_cpu_crypt,iv_large_sectors");
}

static bool key_live(const char *params) {
	struct dm_crypt_info info = {};
	bool live;

	assert_int_equal(dm_crypt_table_parse(params, &info), 0);
	live = info.key_live;
	dm_crypt_info_done(&info);
	return live;
}

/* Whether the kernel holds a key: what ephvol_keys_live counts. */
static void test_key_live(void **state) {
	(void)state;
	assert_true(key_live("aes-xts-plain64 :64:logon:ephvol:ephvol-kr1 0 254:0 0"));
	assert_true(key_live("aes-cbc-essiv:sha256 00010203040506070809 0 7:1 0"));
	assert_true(key_live("aes-xts-plain64 00000000000000000001 0 7:1 0"));
	assert_true(key_live("aes-xts-plain64 10000000000000000000 0 7:1 0"));
	/* after dm-crypt's "key wipe": zeros, whether the key was named or given */
	assert_false(
	        key_live("aes-xts-plain64 "
	                 "0000000000000000000000000000000000000000000000000000000000000000"
	                 "0000000000000000000000000000000000000000000000000000000000000000"
	                 " 0 254:0 0 3 no_read_workqueue no_write_workqueue sector_size:4096"));
	/* zeros followed by a zero offset: the field ends at its blank */
	assert_false(key_live("aes-xts-plain64 0000 0 7:1 0"));
	/* cipher_null has none */
	assert_false(key_live("cipher_null-ecb - 0 7:2 0"));
}

static void test_refused(void **state) {
	(void)state;
	expect_error(NULL);
	expect_error("");
	expect_error("   ");
	expect_error("aes-xts-plain64");
	expect_error("aes-xts-plain64 :64:logon:k 0 8:1");  /* no offset */
	expect_error("aes-xts-plain64 0011g2 0 8:1 0");     /* not hex */
	expect_error("aes-xts-plain64 001 0 8:1 0");        /* odd length */
	expect_error("aes-xts-plain64 :0:logon:k 0 8:1 0"); /* no key size */
	expect_error("aes-xts-plain64 :x:logon:k 0 8:1 0"); /* not a number */
	expect_error("aes-xts-plain64 :64 0 8:1 0");        /* no type */
	expect_error("aes-xts-plain64 :99999999999:logon:k 0 8:1 0");
	expect_error("aes-xts-plain64 :64:logon:k 0 8:1 0 2 allow_discards"); /* count */
	expect_error("aes-xts-plain64 :64:logon:k 0 8:1 0 1 a b");            /* extra */
	expect_error("aes-xts-plain64 :64:logon:k 0 8:1 0 x allow_discards");
	expect_error("aes-xts-plain64 :64:logon:k 0 8:1 0 1 sector_size:");
	expect_error("aes-xts-plain64 :64:logon:k 0 8:1 0 1 sector_size:4k");
	expect_error("aes-xts-plain64 :64:logon:k 0 8:1 0 1 sector_size:256");
}

static void expect_format(const struct dm_crypt_table *t, const char *line) {
	_cleanup_free_ char *s = NULL;
	struct dm_crypt_info info = {};

	assert_int_equal(dm_crypt_table_format(t, &s), 0);
	assert_string_equal(s, line);
	/* read back as status reads it */
	assert_int_equal(dm_crypt_table_parse(s, &info), 0);
	assert_int_equal(info.key_bits, t->key_bytes * 8);
	assert_true(info.key_in_keyring);
	assert_int_equal(info.sector_size, t->sector_size);
	assert_int_equal(strstr(info.flags, "high_priority") != NULL, t->high_priority);
	assert_int_equal(strstr(info.flags, "no_read_workqueue,no_write_workqueue") != NULL,
	                 t->no_workqueues);
	dm_crypt_info_done(&info);
}

static void test_format(void **state) {
	struct dm_crypt_table t = {
		.cipher = "aes",
		.cipher_mode = "xts-plain64",
		.key_bytes = 64,
		.key_description = "ephvol:ephvol-kr1",
		.major = 7,
		.minor = 3,
		.sector_size = 4096,
		.no_workqueues = true,
	};

	(void)state;
	expect_format(&t, "aes-xts-plain64 :64:logon:ephvol:ephvol-kr1 0 7:3 0 3 "
	                  "no_read_workqueue no_write_workqueue sector_size:4096");
	t.no_workqueues = false;
	expect_format(&t, "aes-xts-plain64 :64:logon:ephvol:ephvol-kr1 0 7:3 0 1 sector_size:4096");
	t.sector_size = 512;
	t.offset_sectors = 2048; /* after a claim header */
	expect_format(&t, "aes-xts-plain64 :64:logon:ephvol:ephvol-kr1 0 7:3 2048");
	t.no_workqueues = true;
	expect_format(&t, "aes-xts-plain64 :64:logon:ephvol:ephvol-kr1 0 7:3 2048 2 "
	                  "no_read_workqueue no_write_workqueue");
	t.cipher = "xchacha12,aes";
	t.cipher_mode = "adiantum-plain64";
	t.key_bytes = 32;
	t.key_description = "ephvol:ephvol-wb1:writeback";
	t.major = 259;
	t.minor = 1048575;
	t.offset_sectors = UINT64_MAX;
	expect_format(&t,
	              "xchacha12,aes-adiantum-plain64 :32:logon:ephvol:ephvol-wb1:writeback 0 "
	              "259:1048575 18446744073709551615 2 no_read_workqueue no_write_workqueue");
	t.no_workqueues = false;
	t.high_priority = true;
	t.sector_size = 4096;
	expect_format(&t, "xchacha12,aes-adiantum-plain64 :32:logon:ephvol:ephvol-wb1:writeback 0 "
	                  "259:1048575 18446744073709551615 2 high_priority sector_size:4096");
}

static void test_version_at_least(void **state) {
	static const unsigned v6_1[3] = { 1, 24, 0 }, v6_12[3] = { 1, 27, 0 }, v2[3] = { 2, 0, 0 },
	                      v1_26[3] = { 1, 26, 0 };

	(void)state;
	assert_false(dm_crypt_version_at_least(v6_1, DM_CRYPT_HIGH_PRIORITY_VERSION));
	assert_true(dm_crypt_version_at_least(v6_1, DM_CRYPT_NO_WORKQUEUE_VERSION));
	assert_true(dm_crypt_version_at_least(v1_26, DM_CRYPT_HIGH_PRIORITY_VERSION));
	assert_true(dm_crypt_version_at_least(v6_12, DM_CRYPT_HIGH_PRIORITY_VERSION));
	assert_true(dm_crypt_version_at_least(v2, DM_CRYPT_HIGH_PRIORITY_VERSION));
}

static void expect_format_error(const struct dm_crypt_table *base, const char *what,
                                void (*change)(struct dm_crypt_table *t)) {
	struct dm_crypt_table t = *base;
	char *s = (char *)"untouched";

	change(&t);
	if (dm_crypt_table_format(&t, &s) != -EINVAL)
		fail_msg("%s: not refused", what);
	assert_string_equal(s, "untouched");
}

static void no_cipher(struct dm_crypt_table *t) {
	t->cipher = "";
}
static void null_mode(struct dm_crypt_table *t) {
	t->cipher_mode = NULL;
}
static void spaced_mode(struct dm_crypt_table *t) {
	t->cipher_mode = "xts-plain64 0";
}
static void spaced_desc(struct dm_crypt_table *t) {
	t->key_description = "ephvol:a b";
}
static void newline_desc(struct dm_crypt_table *t) {
	t->key_description = "ephvol:a\n";
}
static void no_desc(struct dm_crypt_table *t) {
	t->key_description = "";
}
static void no_key(struct dm_crypt_table *t) {
	t->key_bytes = 0;
}
static void huge_key(struct dm_crypt_table *t) {
	t->key_bytes = 1025;
}
static void small_sector(struct dm_crypt_table *t) {
	t->sector_size = 256;
}
static void odd_sector(struct dm_crypt_table *t) {
	t->sector_size = 1536;
}
static void big_sector(struct dm_crypt_table *t) {
	t->sector_size = 8192;
}

static void test_format_refused(void **state) {
	const struct dm_crypt_table t = {
		.cipher = "aes",
		.cipher_mode = "xts-plain64",
		.key_bytes = 64,
		.key_description = "ephvol:ephvol-kr1",
		.sector_size = 512,
	};
	char *s = NULL;

	(void)state;
	/* the base is valid: each refusal below is its one change */
	assert_int_equal(dm_crypt_table_format(&t, &s), 0);
	free(s);
	expect_format_error(&t, "empty cipher", no_cipher);
	expect_format_error(&t, "no mode", null_mode);
	expect_format_error(&t, "space in mode", spaced_mode);
	expect_format_error(&t, "space in description", spaced_desc);
	expect_format_error(&t, "newline in description", newline_desc);
	expect_format_error(&t, "empty description", no_desc);
	expect_format_error(&t, "no key", no_key);
	expect_format_error(&t, "key too large", huge_key);
	expect_format_error(&t, "sector 256", small_sector);
	expect_format_error(&t, "sector 1536", odd_sector);
	expect_format_error(&t, "sector 8192", big_sector);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ephvol_mappings),  cmocka_unit_test(test_other_mappings),
		cmocka_unit_test(test_key_live),         cmocka_unit_test(test_refused),
		cmocka_unit_test(test_format),           cmocka_unit_test(test_format_refused),
		cmocka_unit_test(test_version_at_least),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
