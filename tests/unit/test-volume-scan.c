/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libephvol against fixture trees (tests/fixtures/ROOT): with a root other than "/",
 * the library only reads files below it. tests/fixtures/mixed holds ephvol's dm and
 * zram volumes next to foreign devices, stale zram records and malformed names.
 */
#include "volume-fixture.h"

#include "macro.h"

/* ---- listing ---- */

static void test_list_names_sorted(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	size_t n = 0;

	assert_int_equal(ephvol_volume_list(f->ctx, &list, &n), 0);
	assert_non_null(list);
	assert_int_equal(n, sizeof(expected_names) / sizeof(expected_names[0]));
	for (size_t i = 0; i < n; i++) {
		assert_non_null(list[i]);
		assert_string_equal(ephvol_volume_get_name(list[i]), expected_names[i]);
	}
	assert_null(list[n]); /* NULL-terminated */
	ephvol_volume_list_free(list);

	/* ret_n is optional */
	list = NULL;
	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	assert_non_null(list);
	assert_string_equal(ephvol_volume_get_name(list[0]), "data");
	ephvol_volume_list_free(list);
}

static void test_list_ignores_foreign(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	size_t n = 0;

	assert_int_equal(ephvol_volume_list(f->ctx, &list, &n), 0);
	for (size_t i = 0; i < n; i++) {
		const char *name = ephvol_volume_get_name(list[i]);
		const char *dev = ephvol_volume_get_device(list[i]);

		/* dm-1 "cryptswap1", dm-7 "ephvolx-s2", dm-3 "ephvol-.bad", dm-5 "ephvol-" */
		assert_string_not_equal(name, "cryptswap1");
		assert_string_not_equal(name, "s2");
		assert_string_not_equal(name, ".bad");
		assert_string_not_equal(name, "");
		assert_true(ephvol_volume_is_valid_name(name));
		/* zram0 (no record, and a record with an invalid name), stale zram2/zram3,
		 * missing zram9 */
		assert_string_not_equal(dev, "/dev/zram0");
		assert_string_not_equal(dev, "/dev/zram2");
		assert_string_not_equal(dev, "/dev/zram3");
		assert_string_not_equal(dev, "/dev/zram9");
		assert_string_not_equal(name, "stale1");
		assert_string_not_equal(name, "stale2");
		assert_string_not_equal(name, "gone");
		assert_string_not_equal(name, "garbage");
		assert_string_not_equal(name, ".hidden");
	}
	ephvol_volume_list_free(list);
}

static void test_dm_swap(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct ephvol_volume *v;
	int prio = 0;

	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	v = find(list, "s1");
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_DISK);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_SWAP); /* from /proc/swaps */
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-s1");
	assert_string_equal(ephvol_volume_get_backing(v), "/dev/vda");
	assert_true(ephvol_volume_get_size(v) == GIB); /* 2097152 sectors */
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_DM_TABLE);
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_ENCRYPTED);
	assert_null(ephvol_volume_get_mountpoint(v));
	assert_int_equal(ephvol_volume_get_swap_priority(v, &prio), 0);
	assert_int_equal(prio, -2);
	assert_null(ephvol_volume_get_comp_algorithm(v));
	expect_no_data_bytes(v);
	expect_no_mem(v);
	expect_no_writeback(v);
	expect_no_dm_details(v);
	ephvol_volume_list_free(list);
}

static void test_dm_tmp(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct ephvol_volume *v;

	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	v = find(list, "tmp");
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_DISK);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_TMP); /* from mountinfo */
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-tmp");
	assert_string_equal(ephvol_volume_get_backing(v), "/dev/vdb");
	assert_true(ephvol_volume_get_size(v) == 2 * GIB);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_DM_TABLE);
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_ENCRYPTED);
	assert_string_equal(ephvol_volume_get_mountpoint(v), "/tmp");
	expect_no_swap(v);
	assert_null(ephvol_volume_get_comp_algorithm(v));
	expect_no_data_bytes(v);
	expect_no_dm_details(v);
	ephvol_volume_list_free(list);
}

static void test_dm_plaintext_raw(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct ephvol_volume *v;

	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	/* no dm/uuid file, no slaves directory, not used */
	v = find(list, "plain");
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_DISK);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_RAW);
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-plain");
	assert_null(ephvol_volume_get_backing(v));
	assert_true(ephvol_volume_get_size(v) == 100 * MIB);
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_PLAINTEXT_ON_DISK);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_NONE);
	assert_null(ephvol_volume_get_mountpoint(v));
	expect_no_swap(v);
	expect_no_data_bytes(v);
	expect_no_dm_details(v);

	/* a non-CRYPT uuid, mounted twice: the later mount is reported, escapes decoded */
	v = find(list, "data");
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_DISK);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_TMP);
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-data");
	assert_string_equal(ephvol_volume_get_backing(v), "/dev/loop0");
	assert_true(ephvol_volume_get_size(v) == 1000 * 512);
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_PLAINTEXT_ON_DISK);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_NONE);
	assert_string_equal(ephvol_volume_get_mountpoint(v), "/mnt/a b");
	expect_no_swap(v);
	ephvol_volume_list_free(list);
}

static void test_zram_swap(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct ephvol_volume *v;
	uint64_t orig = 0, compr = 0;
	int prio = 0;

	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	v = find(list, "z1");
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_ZRAM);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_SWAP);
	assert_string_equal(ephvol_volume_get_device(v), "/dev/zram1");
	assert_null(ephvol_volume_get_backing(v));
	assert_true(ephvol_volume_get_size(v) == 512 * MIB);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_NONE);
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_RAM_ONLY);
	assert_null(ephvol_volume_get_mountpoint(v));
	assert_int_equal(ephvol_volume_get_swap_priority(v, &prio), 0);
	assert_int_equal(prio, 100);
	assert_string_equal(ephvol_volume_get_comp_algorithm(v), "lz4");
	assert_int_equal(ephvol_volume_get_data_bytes(v, &orig, &compr), 0);
	assert_true(orig == 1048576);
	assert_true(compr == 262144);
	expect_mem(v, 327680, 0); /* mm_stat: 1048576 262144 327680 0 ... */
	expect_no_writeback(v);   /* no backing_dev file */
	expect_no_dm_details(v);
	ephvol_volume_list_free(list);
}

static void test_zram_tmp_and_raw(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct ephvol_volume *v;

	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	v = find(list, "ztmp");
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_ZRAM);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_TMP);
	assert_string_equal(ephvol_volume_get_device(v), "/dev/zram4");
	assert_null(ephvol_volume_get_backing(v));
	assert_true(ephvol_volume_get_size(v) == 256 * MIB);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_NONE);
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_RAM_ONLY);
	assert_string_equal(ephvol_volume_get_mountpoint(v), "/var/tmp");
	expect_no_swap(v);
	assert_string_equal(ephvol_volume_get_comp_algorithm(v), "zstd");
	expect_no_data_bytes(v); /* no mm_stat file */
	expect_no_mem(v);

	v = find(list, "zraw");
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_ZRAM);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_RAW);
	assert_string_equal(ephvol_volume_get_device(v), "/dev/zram5");
	assert_true(ephvol_volume_get_size(v) == MIB);
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_RAM_ONLY);
	assert_null(ephvol_volume_get_mountpoint(v));
	expect_no_swap(v);
	assert_null(ephvol_volume_get_comp_algorithm(v)); /* "lzo lz4": no active entry */
	expect_no_data_bytes(v);                          /* unreadable mm_stat */
	expect_no_mem(v);
	ephvol_volume_list_free(list);
}

static void test_root_trailing_slash(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	char *root;
	size_t n = 0;

	assert_true(asprintf(&root, "%s/", f->root) > 0);
	assert_int_equal(ephvol_ctx_set_root(f->ctx, root), 0);
	assert_string_equal(ephvol_ctx_get_root(f->ctx), root);
	free(root);
	assert_int_equal(ephvol_volume_list(f->ctx, &list, &n), 0);
	assert_int_equal(n, sizeof(expected_names) / sizeof(expected_names[0]));
	ephvol_volume_list_free(list);
}

/* ---- tests/fixtures/usage-edge: a btrfs mount and a swap file named like a dm device ---- */

/* A LUKS2 mapping (ephvol's keyring activation) over a loop device. */
static int setup_luks_loop(void **state) {
	*state = fixture_new("luks-loop");
	return 0;
}

static void test_luks2_over_loop(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "lf", &v), 0);
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_DISK);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_KEYRING);
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_ENCRYPTED);
	/* The file behind the loop device, not /dev/loop3, is what users know. */
	assert_string_equal(ephvol_volume_get_backing(v), "/var/tmp/scratch.img");
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-lf");
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_TMP);
	assert_string_equal(ephvol_volume_get_mountpoint(v), "/scratch");
	assert_true(ephvol_volume_get_size(v) == 131072ULL * 512);
	ephvol_volume_unref(v);
}

static int setup_usage_edge(void **state) {
	*state = fixture_new("usage-edge");
	return 0;
}

static void test_usage_edge_ext4_mount(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "t", &v), 0);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_TMP);
	assert_string_equal(ephvol_volume_get_mountpoint(v), "/tmp");
	assert_string_equal(ephvol_volume_get_backing(v), "/dev/vdc");
	ephvol_volume_unref(v);
}

/* Regression (was a bug): attach_usage() (src/lib/scan.c) finds mounts only by the major:minor of
 * mountinfo, which for btrfs is an anonymous device (0:45), never the dm device's
 * 254:0; the mount source "/dev/mapper/ephvol-bt" is parsed but not used. A tmp
 * volume made with "--fs btrfs" (a supported fs) is reported with no mount point and
 * role raw. Fixture usage-edge, volume "bt": expected role tmp and mount point
 * "/scratch", actual raw and NULL. */
static void test_usage_edge_btrfs_mount(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "bt", &v), 0);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_TMP);
	assert_non_null(ephvol_volume_get_mountpoint(v));
	assert_string_equal(ephvol_volume_get_mountpoint(v), "/scratch");
	ephvol_volume_unref(v);
}

/* Regression (was a bug): attach_usage() (src/lib/scan.c) takes any /proc/swaps entry whose last
 * path component equals the kernel name for the volume's own device: the swap FILE
 * "/tmp/dm-1" makes volume "t" (dm-1, mounted at /tmp) report itself as an active swap
 * with priority -2. Expected get_swap_priority() -ENODATA, actual 0. */
static void test_usage_edge_swapfile_named_like_kname(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;
	int prio = 12345;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "t", &v), 0);
	assert_int_equal(ephvol_volume_get_swap_priority(v, &prio), -ENODATA);
	ephvol_volume_unref(v);
}

/* Regression (was a bug): a swap area activated in a mount namespace that has since
 * ended (`unshare -m ephvol create`, a unit with a private /dev) is shown by /proc/swaps
 * relative to its detached /dev: "/dm-2", not "/dev/dm-2". Volume "ns" was reported
 * inactive and not swap, and destroy did no swapoff, so the removal failed (busy). */
static void test_usage_edge_swap_from_ended_namespace(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL;
	int prio = 0;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "ns", &v), 0);
	assert_int_equal(ephvol_volume_get_swap_priority(v, &prio), 0);
	assert_int_equal(prio, -3);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_SWAP);
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_ACTIVE);
	ephvol_volume_unref(v);
}

/* ---- lookup ---- */

static void test_lookup(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = NULL, *w = (void *)1;

	assert_int_equal(ephvol_volume_lookup(f->ctx, "tmp", &v), 0);
	assert_non_null(v);
	/* the volume outlives the list it was found in */
	assert_string_equal(ephvol_volume_get_name(v), "tmp");
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-tmp");
	assert_string_equal(ephvol_volume_get_mountpoint(v), "/tmp");
	assert_null(ephvol_volume_unref(v));

	assert_int_equal(ephvol_volume_lookup(f->ctx, "z1", &v), 0);
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_ZRAM);
	assert_null(ephvol_volume_unref(v));

	assert_int_equal(ephvol_volume_lookup(f->ctx, "missing", &w), -ENOENT);
	assert_int_equal(ephvol_volume_lookup(f->ctx, "stale1", &w), -ENOENT);
	assert_int_equal(ephvol_volume_lookup(f->ctx, "cryptswap1", &w), -ENOENT);
	assert_int_equal(ephvol_volume_lookup(f->ctx, "S1", &w), -ENOENT); /* case matters */
	assert_int_equal(ephvol_volume_lookup(f->ctx, ".bad", &w), -EINVAL);
	assert_int_equal(ephvol_volume_lookup(f->ctx, "", &w), -EINVAL);
	assert_int_equal(ephvol_volume_lookup(f->ctx, "a/b", &w), -EINVAL);
	assert_int_equal(ephvol_volume_lookup(f->ctx, NULL, &w), -EINVAL);
	assert_int_equal(ephvol_volume_lookup(f->ctx, "abcdefghijklmnopqrstuvwxyz0123456", &w),
	                 -EINVAL);
	assert_int_equal(ephvol_volume_lookup(NULL, "tmp", &w), -EINVAL);
	assert_int_equal(ephvol_volume_lookup(f->ctx, "tmp", NULL), -EINVAL);
	assert_ptr_equal(w, (void *)1); /* not written on failure */
}

/* A lookup scans only the volume it asks for (the scan's "only"): it must tell the same
 * of each volume as the full list does, whatever else the system holds. */
static void test_lookup_matches_list(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	size_t n = 0;

	assert_int_equal(ephvol_volume_list(f->ctx, &list, &n), 0);
	assert_true(n > 3);
	for (size_t i = 0; i < n; i++) {
		const struct ephvol_volume *a = list[i];
		struct ephvol_volume *b = NULL;
		int pa = -1, pb = -1;

		assert_int_equal(ephvol_volume_lookup(f->ctx, ephvol_volume_get_name(a), &b), 0);
		assert_string_equal(ephvol_volume_get_name(b), ephvol_volume_get_name(a));
		assert_int_equal(ephvol_volume_get_backend(b), ephvol_volume_get_backend(a));
		assert_int_equal(ephvol_volume_get_role(b), ephvol_volume_get_role(a));
		assert_int_equal(ephvol_volume_get_state(b), ephvol_volume_get_state(a));
		assert_int_equal(ephvol_volume_get_protection(b), ephvol_volume_get_protection(a));
		assert_int_equal(ephvol_volume_get_key_location(b),
		                 ephvol_volume_get_key_location(a));
		assert_true(streq_ptr(ephvol_volume_get_device(b), ephvol_volume_get_device(a)));
		assert_true(streq_ptr(ephvol_volume_get_mountpoint(b),
		                      ephvol_volume_get_mountpoint(a)));
		assert_true(streq_ptr(ephvol_volume_get_backing(b), ephvol_volume_get_backing(a)));
		assert_true(
		        streq_ptr(ephvol_volume_get_writeback(b), ephvol_volume_get_writeback(a)));
		assert_int_equal(ephvol_volume_get_swap_priority(b, &pb),
		                 ephvol_volume_get_swap_priority(a, &pa));
		assert_int_equal(pb, pa);
		assert_null(ephvol_volume_unref(b));
	}
	ephvol_volume_list_free(list);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_names_sorted, setup_mixed, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_matches_list, setup_mixed, teardown),
		cmocka_unit_test_setup_teardown(test_list_ignores_foreign, setup_mixed, teardown),
		cmocka_unit_test_setup_teardown(test_dm_swap, setup_mixed, teardown),
		cmocka_unit_test_setup_teardown(test_dm_tmp, setup_mixed, teardown),
		cmocka_unit_test_setup_teardown(test_dm_plaintext_raw, setup_mixed, teardown),
		cmocka_unit_test_setup_teardown(test_zram_swap, setup_mixed, teardown),
		cmocka_unit_test_setup_teardown(test_zram_tmp_and_raw, setup_mixed, teardown),
		cmocka_unit_test_setup_teardown(test_root_trailing_slash, setup_mixed, teardown),
		cmocka_unit_test_setup_teardown(test_usage_edge_ext4_mount, setup_usage_edge,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_luks2_over_loop, setup_luks_loop, teardown),
		cmocka_unit_test_setup_teardown(test_usage_edge_btrfs_mount, setup_usage_edge,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_usage_edge_swapfile_named_like_kname,
		                                setup_usage_edge, teardown),
		cmocka_unit_test_setup_teardown(test_lookup, setup_mixed, teardown),
		cmocka_unit_test_setup_teardown(test_usage_edge_swap_from_ended_namespace,
		                                setup_usage_edge, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
