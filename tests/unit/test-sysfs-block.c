/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/sysfs-block.c against tests/fixtures/sysfs-block (see its README). */
#include "unit.h"

#include "sysfs-block.h"

static char *root;

static int group_setup(void **state) {
	(void)state;
	root = unit_fixture_path("sysfs-block");
	return root ? 0 : -1;
}

static int group_teardown(void **state) {
	(void)state;
	free(root);
	return 0;
}

/* L is exactly the names given, in this order; freed. */
static void expect_strv(char **l, const char *const *want, size_t n) {
	assert_non_null(l);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(l[i]);
		assert_string_equal(l[i], want[i]);
	}
	assert_null(l[n]);
	strv_free(l);
}
static void expect_empty(char **l) {
	assert_non_null(l);
	assert_null(l[0]);
	strv_free(l);
}
#define EXPECT_STRV(l, ...)                                                                        \
	expect_strv((l), (const char *const[]){ __VA_ARGS__ },                                     \
	            sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

static void test_kname_is_valid(void **state) {
	(void)state;
	assert_true(sysfs_kname_is_valid("sda1"));
	assert_true(sysfs_kname_is_valid("dm-0"));
	assert_false(sysfs_kname_is_valid(NULL));
	assert_false(sysfs_kname_is_valid(""));
	assert_false(sysfs_kname_is_valid("."));
	assert_false(sysfs_kname_is_valid(".."));
	assert_false(sysfs_kname_is_valid("sda/../../x"));
	assert_false(sysfs_kname_is_valid("disk/by-label/data"));
	assert_false(sysfs_kname_is_valid(
	        "a123456789012345678901234567890123456789012345678901234567890123"));
}

static void test_read(void **state) {
	char *s = (void *)1;
	uint64_t u = 7;

	(void)state;
	/* without the newline; partitions are found, being in /sys/class/block */
	assert_int_equal(sysfs_block_read(root, "dm-0", "dm/name", &s), 0);
	assert_string_equal(s, "ephvol-x");
	free(s);
	assert_int_equal(sysfs_block_read(root, "sda2", "partition", &s), 0);
	assert_string_equal(s, "2");
	free(s);
	assert_int_equal(sysfs_block_read(root, "loop0", "loop/backing_file", &s), 0);
	assert_string_equal(s, "/srv/disk.img");
	free(s);

	s = (void *)1;
	assert_int_equal(sysfs_block_read(root, "sda", "dm/name", &s), -ENOENT);
	assert_int_equal(sysfs_block_read(root, "nothing", "dev", &s), -ENOENT);
	assert_int_equal(sysfs_block_read(root, "../block/sda", "dev", &s), -EINVAL);
	assert_int_equal(sysfs_block_read(root, ".", "sda/dev", &s), -EINVAL);
	assert_ptr_equal(s, (void *)1);

	assert_int_equal(sysfs_block_read_u64(root, "sda1", "size", &u), 0);
	assert_true(u == 1024);
	u = 7;
	assert_int_equal(sysfs_block_read_u64(root, "dm-0", "dm/name", &u), -EBADMSG);
	assert_int_equal(sysfs_block_read_u64(root, "dm-0", "nothing", &u), -ENOENT);
	assert_true(u == 7);

	assert_true(sysfs_block_has(root, "sda1", "partition"));
	assert_false(sysfs_block_has(root, "sda", "partition"));
	assert_true(sysfs_block_exists(root, "sdz1"));
	assert_false(sysfs_block_exists(root, "gone"));
	assert_false(sysfs_block_exists(root, ".."));
}

static void test_attr_exists(void **state) {
	(void)state;
	assert_true(sysfs_block_attr_exists(root, "loop0", "loop/backing_file"));
	assert_true(sysfs_block_attr_exists(root, "sda2", "partition"));
	/* there, though no read gives it (as a write-only attribute) */
	assert_true(sysfs_block_attr_exists(root, "dm-0", "slaves"));
	assert_false(sysfs_block_has(root, "dm-0", "slaves"));
	assert_false(sysfs_block_attr_exists(root, "sda", "partition"));
	assert_false(sysfs_block_attr_exists(root, "gone", "dev"));
	assert_false(sysfs_block_attr_exists(root, "..", "block/sda/dev"));
}

static void test_devnum(void **state) {
	unsigned ma = 1, mi = 2;

	(void)state;
	assert_int_equal(sysfs_block_devnum(root, "sda2", &ma, &mi), 0);
	assert_true(ma == 8 && mi == 2);
	assert_int_equal(sysfs_block_devnum(root, "dm-1", &ma, &mi), 0);
	assert_true(ma == 254 && mi == 1);
	ma = 1, mi = 2;
	assert_int_equal(sysfs_block_devnum(root, "bad0", &ma, &mi), -EBADMSG);
	assert_int_equal(sysfs_block_devnum(root, "gone", &ma, &mi), -ENOENT);
	assert_true(ma == 1 && mi == 2);
}

static void test_list(void **state) {
	char **l = NULL;
	char *missing = NULL;

	(void)state;
	assert_int_equal(sysfs_block_list(root, NULL, &l), 0);
	EXPECT_STRV(l, "bad0", "dm-0", "dm-1", "loop0", "sda", "sda1", "sda2", "sdz1");
	assert_int_equal(sysfs_block_list(root, "dm-", &l), 0);
	EXPECT_STRV(l, "dm-0", "dm-1");
	assert_int_equal(sysfs_block_list(root, "zram", &l), 0);
	expect_empty(l);
	/* whole disks only, as /sys/block has them */
	assert_int_equal(sysfs_block_list_disks(root, NULL, &l), 0);
	EXPECT_STRV(l, "bad0", "dm-0", "dm-1", "loop0", "sda");
	assert_int_equal(sysfs_block_list_disks(root, "sd", &l), 0);
	EXPECT_STRV(l, "sda");

	l = (void *)1;
	assert_true(asprintf(&missing, "%s/sys", root) > 0);
	assert_int_equal(sysfs_block_list(missing, NULL, &l), -ENOENT);
	assert_int_equal(sysfs_block_list_disks(missing, NULL, &l), -ENOENT);
	assert_ptr_equal(l, (void *)1);
	free(missing);
}

static void test_slaves_holders(void **state) {
	char **l = NULL;

	(void)state;
	/* sorted, not in directory order */
	assert_int_equal(sysfs_block_slaves(root, "dm-1", &l), 0);
	EXPECT_STRV(l, "dm-0", "loop0");
	assert_int_equal(sysfs_block_slaves(root, "dm-0", &l), 0);
	EXPECT_STRV(l, "sda2");
	assert_int_equal(sysfs_block_holders(root, "loop0", &l), 0);
	EXPECT_STRV(l, "dm-1");
	/* no slaves/ directory at all: none */
	assert_int_equal(sysfs_block_slaves(root, "sda", &l), 0);
	expect_empty(l);
	assert_int_equal(sysfs_block_holders(root, "dm-1", &l), 0);
	expect_empty(l);

	l = (void *)1;
	assert_int_equal(sysfs_block_slaves(root, "../..", &l), -EINVAL);
	assert_ptr_equal(l, (void *)1);
}

static void test_find_dm(void **state) {
	char *k = (void *)1;

	(void)state;
	assert_int_equal(sysfs_block_find_dm(root, "lv", &k), 0);
	assert_string_equal(k, "dm-1");
	free(k);
	assert_int_equal(sysfs_block_find_dm(root, "ephvol-x", &k), 0);
	assert_string_equal(k, "dm-0");
	free(k);
	k = (void *)1;
	assert_int_equal(sysfs_block_find_dm(root, "ephvol", &k), -ENOENT);
	assert_int_equal(sysfs_block_find_dm(root, "", &k), -ENOENT);
	assert_ptr_equal(k, (void *)1);
}

static void test_from_devnum(void **state) {
	char *k = (void *)1;

	(void)state;
	assert_int_equal(sysfs_block_from_devnum(root, 8, 1, &k), 0);
	assert_string_equal(k, "sda1");
	free(k);
	assert_int_equal(sysfs_block_from_devnum(root, 254, 0, &k), 0);
	assert_string_equal(k, "dm-0");
	free(k);
	k = (void *)1;
	/* a link to a device that is gone, and no link */
	assert_int_equal(sysfs_block_from_devnum(root, 9, 9, &k), -ENOENT);
	assert_int_equal(sysfs_block_from_devnum(root, 8, 3, &k), -ENOENT);
	assert_ptr_equal(k, (void *)1);
}

static void test_from_path(void **state) {
	char *k = (void *)1;

	(void)state;
	assert_int_equal(sysfs_block_from_path(root, "/dev/mapper/ephvol-x", &k), 0);
	assert_string_equal(k, "dm-0");
	free(k);
	assert_int_equal(sysfs_block_from_path(root, "/dev/sda2", &k), 0);
	assert_string_equal(k, "sda2");
	free(k);
	/* udev's symlink, read below the root */
	assert_int_equal(sysfs_block_from_path(root, "/dev/disk/by-label/data", &k), 0);
	assert_string_equal(k, "sda1");
	free(k);
	k = (void *)1;
	assert_int_equal(sysfs_block_from_path(root, "/dev/mapper/nothing", &k), -ENOENT);
	assert_int_equal(sysfs_block_from_path(root, "/dev/disk/by-label/gone", &k), -ENOENT);
	assert_int_equal(sysfs_block_from_path(root, "/dev/gone", &k), -ENOENT);
	assert_int_equal(sysfs_block_from_path(root, "/dev/sda1/dev", &k), -ENOENT);
	assert_int_equal(sysfs_block_from_path(root, "none", &k), -ENOENT);
	assert_ptr_equal(k, (void *)1);
}

static void test_whole_disk(void **state) {
	char *d = (void *)1;

	(void)state;
	assert_int_equal(sysfs_block_whole_disk(root, "sda2", &d), 0);
	assert_string_equal(d, "sda");
	free(d);
	/* not a partition: itself */
	assert_int_equal(sysfs_block_whole_disk(root, "sda", &d), 0);
	assert_string_equal(d, "sda");
	free(d);
	assert_int_equal(sysfs_block_whole_disk(root, "dm-1", &d), 0);
	assert_string_equal(d, "dm-1");
	free(d);
	d = (void *)1;
	/* a partition whose sysfs entry is no link: its disk is not known */
	assert_int_equal(sysfs_block_whole_disk(root, "sdz1", &d), -ENOENT);
	assert_ptr_equal(d, (void *)1);
}

static int compare_names(const void *x, const void *y) {
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void test_partitions(void **state) {
	char **l = NULL;

	(void)state;
	/* in the kernel's order, which a fixture's directory does not keep */
	assert_int_equal(sysfs_block_partitions(root, "sda", &l), 0);
	assert_non_null(l[0]);
	assert_non_null(l[1]);
	qsort(l, 2, sizeof(*l), compare_names);
	EXPECT_STRV(l, "sda1", "sda2");
	/* a partition's, and a device's without any */
	assert_int_equal(sysfs_block_partitions(root, "sda1", &l), 0);
	expect_empty(l);
	assert_int_equal(sysfs_block_partitions(root, "dm-0", &l), 0);
	expect_empty(l);

	l = (void *)1;
	assert_int_equal(sysfs_block_partitions(root, "gone", &l), -ENOENT);
	assert_int_equal(sysfs_block_partitions(root, "", &l), -EINVAL);
	assert_ptr_equal(l, (void *)1);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kname_is_valid), cmocka_unit_test(test_read),
		cmocka_unit_test(test_attr_exists),    cmocka_unit_test(test_devnum),
		cmocka_unit_test(test_list),           cmocka_unit_test(test_slaves_holders),
		cmocka_unit_test(test_find_dm),        cmocka_unit_test(test_from_devnum),
		cmocka_unit_test(test_from_path),      cmocka_unit_test(test_whole_disk),
		cmocka_unit_test(test_partitions),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
