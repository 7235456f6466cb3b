/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libephvol's view of where a zram volume's pages go, against tests/fixtures/zram-writeback
 * (see its README): only the dm-crypt mapping its record names counts as encrypted.
 */
#include "volume-fixture.h"

/* ---- tests/fixtures/zram-writeback: where zram pages go (see its README) ---- */

static int setup_writeback(void **state) {
	*state = fixture_new("zram-writeback");
	return 0;
}

static const char *const writeback_names[] = { "d",    "foreign",    "impostor", "nc", "none",
	                                       "nowb", "unreadable", "wb",       "wbm" };

/* The mapping behind a zram device is not a disk volume: ':' is in no volume name. */
static void test_writeback_mappings_not_volumes(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct ephvol_volume *v = (void *)1;
	size_t n = 0;

	assert_int_equal(ephvol_volume_list(f->ctx, &list, &n), 0);
	assert_int_equal(n, sizeof(writeback_names) / sizeof(writeback_names[0]));
	for (size_t i = 0; i < n; i++) {
		const char *dev = ephvol_volume_get_device(list[i]);

		assert_string_equal(ephvol_volume_get_name(list[i]), writeback_names[i]);
		assert_null(strchr(ephvol_volume_get_name(list[i]), ':'));
		assert_null(strstr(dev, "writeback"));
		assert_true(strncmp(dev, "/dev/dm-", 8) != 0);
	}
	ephvol_volume_list_free(list);
	assert_int_equal(ephvol_volume_lookup(f->ctx, "wb:writeback", &v), -EINVAL);
	assert_int_equal(ephvol_volume_lookup(f->ctx, "other", &v), -ENOENT);
	assert_ptr_equal(v, (void *)1);

	/* the disk volume beside them is itself */
	assert_int_equal(ephvol_volume_lookup(f->ctx, "d", &v), 0);
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_DISK);
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-d");
	assert_string_equal(ephvol_volume_get_backing(v), "/dev/vda");
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_ENCRYPTED);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_KEYRING);
	expect_no_writeback(v);
	expect_no_mem(v);
	ephvol_volume_unref(v);
}

static void test_zram_writeback_encrypted(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;
	uint64_t orig = 0, compr = 0;
	int prio = 0;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "wb", &v), 0);
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_ZRAM);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_SWAP);
	assert_string_equal(ephvol_volume_get_device(v), "/dev/zram0");
	assert_null(ephvol_volume_get_backing(v));
	assert_true(ephvol_volume_get_size(v) == GIB);
	assert_int_equal(ephvol_volume_get_swap_priority(v, &prio), 0);
	assert_int_equal(prio, 100);
	assert_string_equal(ephvol_volume_get_comp_algorithm(v), "zstd");
	/* backing_dev /dev/dm-3 is ephvol-wb:writeback, the mapping the record names */
	assert_string_equal(ephvol_volume_get_writeback(v), "/dev/mapper/ephvol-wb:writeback");
	/* dm-3 is over loop2, whose file is what users know */
	assert_string_equal(ephvol_volume_get_writeback_backing(v), "/var/tmp/wb.img");
	expect_writeback_bytes(v, 256 * 4096); /* bd_stat counts 4 KiB pages */
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_ENCRYPTED);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_KEYRING); /* CRYPT-LUKS2- */
	/* blank-padded mm_stat, as the kernel prints it */
	assert_int_equal(ephvol_volume_get_data_bytes(v, &orig, &compr), 0);
	assert_true(orig == 8 * MIB);
	assert_true(compr == 2 * MIB);
	expect_mem(v, 2359296, 256 * MIB);
	expect_no_dm_details(v);
	ephvol_volume_unref(v);
}

/* Without udev the kernel shows the /dev/mapper node it opened. */
static void test_zram_writeback_mapper_path(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "wbm", &v), 0);
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_ZRAM);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_TMP);
	assert_string_equal(ephvol_volume_get_mountpoint(v), "/scratch");
	assert_string_equal(ephvol_volume_get_writeback(v), "/dev/mapper/ephvol-wbm:writeback");
	assert_string_equal(ephvol_volume_get_writeback_backing(v), "/dev/vdc");
	expect_writeback_bytes(v, 0); /* set up, nothing written yet */
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_ENCRYPTED);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_DM_TABLE); /* CRYPT-PLAIN- */
	expect_mem(v, 8192, 0);
	expect_no_dm_details(v);
	ephvol_volume_unref(v);
}

static void test_zram_without_writeback_support(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "nowb", &v), 0);
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_ZRAM);
	expect_no_writeback(v);
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_RAM_ONLY);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_NONE);
	expect_mem(v, 327680, 0); /* mem_limit 0: no limit */
	ephvol_volume_unref(v);
}

static void test_zram_backing_dev_none(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;
	uint64_t orig = 1, compr = 1;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "none", &v), 0);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_RAW);
	expect_no_writeback(v); /* "none", though bd_stat is there */
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_RAM_ONLY);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_NONE);
	assert_int_equal(ephvol_volume_get_data_bytes(v, &orig, &compr), 0);
	assert_true(orig == 0 && compr == 0);
	expect_mem(v, 0, 0);
	ephvol_volume_unref(v);
}

static void test_zram_foreign_backing_dev(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "foreign", &v), 0);
	assert_string_equal(ephvol_volume_get_writeback(v), "/dev/vdb");
	assert_null(ephvol_volume_get_writeback_backing(v));
	expect_writeback_bytes(v, 100 * 4096); /* plaintext already on the disk */
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_PLAINTEXT_ON_DISK);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_NONE);
	expect_mem(v, 400000, 100 * MIB);
	ephvol_volume_unref(v);
}

/* The record names ephvol-impostor:writeback; backing_dev is a mapping of another name,
 * encrypted or not, so nothing vouches for it. */
static void test_zram_writeback_other_mapping(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "impostor", &v), 0);
	assert_string_equal(ephvol_volume_get_writeback(v), "/dev/dm-5");
	assert_null(ephvol_volume_get_writeback_backing(v));
	expect_writeback_bytes(v, 7 * 4096);
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_PLAINTEXT_ON_DISK);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_NONE);
	ephvol_volume_unref(v);
}

/* The mapping the record names, but not a dm-crypt one (no CRYPT- uuid). */
static void test_zram_writeback_not_crypt(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "nc", &v), 0);
	assert_string_equal(ephvol_volume_get_writeback(v), "/dev/mapper/ephvol-nc:writeback");
	assert_string_equal(ephvol_volume_get_writeback_backing(v), "/dev/vde");
	expect_no_writeback_bytes(v); /* no bd_stat */
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_PLAINTEXT_ON_DISK);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_NONE);
	expect_no_data_bytes(v); /* an mm_stat of one field */
	expect_no_mem(v);
	ephvol_volume_unref(v);
}

static void test_zram_backing_dev_unreadable(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;
	uint64_t orig = 0, compr = 0;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "unreadable", &v), 0);
	expect_no_writeback(v);
	/* not knowing where pages go is no proof that they stay in RAM */
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_PLAINTEXT_ON_DISK);
	/* mm_stat: two sizes, then a field too long to be a number */
	assert_int_equal(ephvol_volume_get_data_bytes(v, &orig, &compr), 0);
	assert_true(orig == 4096 && compr == 1024);
	expect_no_mem(v);
	ephvol_volume_unref(v);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writeback_mappings_not_volumes,
		                                setup_writeback, teardown),
		cmocka_unit_test_setup_teardown(test_zram_writeback_encrypted, setup_writeback,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_zram_writeback_mapper_path, setup_writeback,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_zram_without_writeback_support,
		                                setup_writeback, teardown),
		cmocka_unit_test_setup_teardown(test_zram_backing_dev_none, setup_writeback,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_zram_foreign_backing_dev, setup_writeback,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_zram_writeback_other_mapping, setup_writeback,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_zram_writeback_not_crypt, setup_writeback,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_zram_backing_dev_unreadable, setup_writeback,
		                                teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
