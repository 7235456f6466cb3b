/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/dm-crypt-table.c: a crypt target's table line, as the kernel's
 * crypt_status() prints it (Linux 6.1 and 6.12), into cipher, key size and place,
 * and sector size.
 */
#include "unit.h"

#include "dm-crypt-table.h"

static void expect(const char *params, const char *cipher, unsigned key_bits, bool in_keyring,
                   unsigned sector_size) {
	struct dm_crypt_info info = {};

	assert_int_equal(dm_crypt_table_parse(params, &info), 0);
	assert_string_equal(info.cipher, cipher);
	assert_int_equal(info.key_bits, key_bits);
	assert_int_equal(info.key_in_keyring, in_keyring);
	assert_int_equal(info.sector_size, sector_size);
	free(info.cipher);
}

static void expect_error(const char *params) {
	struct dm_crypt_info info = { .cipher = (char *)"untouched", .key_bits = 7 };

	assert_int_equal(dm_crypt_table_parse(params, &info), -EINVAL);
	assert_string_equal(info.cipher, "untouched");
	assert_int_equal(info.key_bits, 7);
}

static void test_ephvol_mappings(void **state) {
	(void)state;
	/* what ephvol's LUKS2 activation loads: the key by its keyring description */
	expect("aes-xts-plain64 :64:logon:cryptsetup:0b5bd5d2-6c3e-4b8c-9b7e-0c6c0e6b2c49-d0 0 "
	       "7:0 0 3 no_read_workqueue no_write_workqueue sector_size:4096",
	       "aes-xts-plain64", 512, true, 4096);
	expect("xchacha12,aes-adiantum-plain64 :32:logon:cryptsetup:x-d0 0 254:3 2048",
	       "xchacha12,aes-adiantum-plain64", 256, true, 512);
	expect("aes-xts-plain64 :32:logon:cryptsetup:x-d0 0 8:16 0 1 sector_size:512",
	       "aes-xts-plain64", 256, true, 512);
}

static void test_other_mappings(void **state) {
	(void)state;
	/* cryptsetup open --type plain: the key itself, in hex */
	expect("aes-cbc-essiv:sha256 "
	       "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
	       "0 7:1 0",
	       "aes-cbc-essiv:sha256", 256, false, 512);
	expect("capi:xts(aes)-plain64 "
	       "00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff 0 /dev/sda 0 "
	       "2 allow_discards sector_size:4096",
	       "capi:xts(aes)-plain64", 256, false, 4096);
	/* cipher_null has no key: "-" */
	expect("cipher_null-ecb - 0 7:2 0", "cipher_null-ecb", 0, false, 512);
	/* options dm-crypt prints that do not concern us */
	expect("aes-xts-plain64 :64:logon:k 0 8:1 0 4 allow_discards same_cpu_crypt "
	       "iv_large_sectors sector_size:4096",
	       "aes-xts-plain64", 512, true, 4096);
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

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ephvol_mappings),
		cmocka_unit_test(test_other_mappings),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
