/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libephvol against fixture trees (tests/fixtures/ROOT): with a root other than "/",
 * the library only reads files below it. tests/fixtures/mixed holds ephvol's dm and
 * zram volumes next to foreign devices, stale zram records and malformed names.
 */
#include "unit.h"

#include <syslog.h>

#include "ephvol.h"

#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)

struct fixture {
	struct ephvol_ctx *ctx;
	char *root;
};

/* Messages received by the test log function. */
struct log_record {
	unsigned calls;
	int max_priority_seen; /* numerically largest = least severe */
	int min_priority_seen;
	char text[8192];
};

static void test_log_fn(void *userdata, int priority, const char *file, int line, const char *fn,
                        const char *format, va_list args) {
	struct log_record *l = userdata;
	size_t used = strlen(l->text);

	assert_non_null(file);
	assert_true(line > 0);
	assert_non_null(fn);
	if (l->calls == 0 || priority > l->max_priority_seen)
		l->max_priority_seen = priority;
	if (l->calls == 0 || priority < l->min_priority_seen)
		l->min_priority_seen = priority;
	l->calls++;
	if (used + 1 < sizeof(l->text)) {
		vsnprintf(l->text + used, sizeof(l->text) - used - 1, format, args);
		strcat(l->text, "\n");
	}
}

static struct fixture *fixture_new(const char *sub) {
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->root = unit_fixture_path(sub);
	assert_non_null(f->root);
	assert_int_equal(unit_ctx_new(&f->ctx), 0);
	assert_int_equal(ephvol_ctx_set_root(f->ctx, f->root), 0);
	return f;
}

static void fixture_free(struct fixture *f) {
	if (!f)
		return;
	ephvol_ctx_unref(f->ctx);
	free(f->root);
	free(f);
}

static int setup_mixed(void **state) {
	*state = fixture_new("mixed");
	return 0;
}

static int teardown(void **state) {
	fixture_free(*state);
	return 0;
}

/* The log priority must not come from the caller's environment. */
static int group_setup(void **state) {
	(void)state;
	unsetenv("EPHVOL_LOG");
	return 0;
}

static const char *const expected_names[] = { "data", "plain", "s1", "tmp", "z1", "zraw", "ztmp" };

static struct ephvol_volume *find(struct ephvol_volume **list, const char *name) {
	for (struct ephvol_volume **v = list; *v; v++)
		if (strcmp(ephvol_volume_get_name(*v), name) == 0)
			return *v;
	fail_msg("volume %s not listed", name);
	return NULL;
}

static void expect_no_swap(const struct ephvol_volume *v) {
	int prio = 12345;

	assert_int_equal(ephvol_volume_get_swap_priority(v, &prio), -ENODATA);
	assert_int_equal(prio, 12345);
}

static void expect_no_data_bytes(const struct ephvol_volume *v) {
	uint64_t orig = 1, compr = 2;

	assert_int_equal(ephvol_volume_get_data_bytes(v, &orig, &compr), -ENODATA);
	assert_true(orig == 1 && compr == 2);
}

static void expect_no_mem(const struct ephvol_volume *v) {
	uint64_t used = 3, limit = 4;

	assert_int_equal(ephvol_volume_get_mem_used(v, &used), -ENODATA);
	assert_int_equal(ephvol_volume_get_mem_limit(v, &limit), -ENODATA);
	assert_true(used == 3 && limit == 4);
}

static void expect_mem(const struct ephvol_volume *v, uint64_t used, uint64_t limit) {
	uint64_t got = used + 1;

	assert_int_equal(ephvol_volume_get_mem_used(v, &got), 0);
	assert_true(got == used);
	got = limit + 1;
	if (limit == 0) {
		assert_int_equal(ephvol_volume_get_mem_limit(v, &got), -ENODATA);
		assert_true(got == 1); /* not written */
	} else {
		assert_int_equal(ephvol_volume_get_mem_limit(v, &got), 0);
		assert_true(got == limit);
	}
}

static void expect_no_writeback_bytes(const struct ephvol_volume *v) {
	uint64_t bytes = 5;

	assert_int_equal(ephvol_volume_get_writeback_bytes(v, &bytes), -ENODATA);
	assert_true(bytes == 5);
}

static void expect_writeback_bytes(const struct ephvol_volume *v, uint64_t expected) {
	uint64_t bytes = expected + 1;

	assert_int_equal(ephvol_volume_get_writeback_bytes(v, &bytes), 0);
	assert_true(bytes == expected);
}

static void expect_no_writeback(const struct ephvol_volume *v) {
	assert_null(ephvol_volume_get_writeback(v));
	assert_null(ephvol_volume_get_writeback_backing(v));
	expect_no_writeback_bytes(v);
}

/* With a fixture root, nothing comes from device-mapper: cipher details stay unknown. */
static void expect_no_dm_details(const struct ephvol_volume *v) {
	assert_null(ephvol_volume_get_cipher(v));
	assert_int_equal(ephvol_volume_get_key_bits(v), 0);
	assert_int_equal(ephvol_volume_get_sector_size(v), 0);
}

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

/* ---- other roots ---- */

static void test_empty_root(void **state) {
	struct ephvol_ctx *ctx = NULL;
	struct ephvol_volume **list = NULL;
	struct ephvol_volume *v = (void *)1;
	char *root = unit_fixture_path("empty");
	size_t n = 99;

	(void)state;
	assert_non_null(root);
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_int_equal(ephvol_ctx_set_root(ctx, root), 0);
	assert_int_equal(ephvol_volume_list(ctx, &list, &n), 0);
	assert_int_equal(n, 0);
	assert_non_null(list);
	assert_null(list[0]);
	ephvol_volume_list_free(list);
	assert_int_equal(ephvol_volume_lookup(ctx, "s1", &v), -ENOENT);

	/* a root that does not exist reads as an empty system too */
	assert_int_equal(ephvol_ctx_set_root(ctx, "/nonexistent/ephvol-unit-test"), 0);
	n = 99;
	assert_int_equal(ephvol_volume_list(ctx, &list, &n), 0);
	assert_int_equal(n, 0);
	ephvol_volume_list_free(list);
	ephvol_ctx_unref(ctx);
	free(root);
}

static void expect_state_error(const char *sub, int expected) {
	struct ephvol_ctx *ctx = NULL;
	struct ephvol_volume **list = (void *)1;
	struct ephvol_volume *v = (void *)1;
	struct log_record log = { 0 };
	char *root = unit_fixture_path(sub);
	size_t n = 99;

	assert_non_null(root);
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_int_equal(ephvol_ctx_set_root(ctx, root), 0);
	ephvol_ctx_set_log_fn(ctx, test_log_fn, &log);
	assert_int_equal(ephvol_volume_list(ctx, &list, &n), expected);
	assert_ptr_equal(list, (void *)1);
	assert_int_equal(n, 99);
	assert_int_equal(ephvol_volume_lookup(ctx, "s1", &v), expected);
	assert_ptr_equal(v, (void *)1);
	/* reported once per call at LOG_ERR through the log function */
	assert_int_equal(log.calls, 2);
	assert_int_equal(log.max_priority_seen, LOG_ERR);
	assert_non_null(strstr(log.text, "cannot read"));

	/* without a log function the library is silent, and still fails */
	ephvol_ctx_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(ephvol_volume_list(ctx, &list, &n), expected);
	ephvol_ctx_unref(ctx);
	free(root);
}

static void test_malformed_tables(void **state) {
	(void)state;
	expect_state_error("badswaps", -EBADMSG);
	expect_state_error("badmountinfo", -EBADMSG);
}

/* ---- context ---- */

static void test_ctx_root(void **state) {
	struct ephvol_ctx *ctx = NULL;

	(void)state;
	assert_int_equal(unit_ctx_new(NULL), -EINVAL);
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_non_null(ctx);
	assert_string_equal(ephvol_ctx_get_root(ctx), "/");
	assert_int_equal(ephvol_ctx_set_root(ctx, "tests/fixtures/mixed"), -EINVAL);
	assert_int_equal(ephvol_ctx_set_root(ctx, "./mixed"), -EINVAL);
	assert_int_equal(ephvol_ctx_set_root(ctx, ""), -EINVAL);
	assert_int_equal(ephvol_ctx_set_root(ctx, NULL), -EINVAL);
	assert_int_equal(ephvol_ctx_set_root(NULL, "/x"), -EINVAL);
	assert_string_equal(ephvol_ctx_get_root(ctx), "/"); /* unchanged */
	assert_int_equal(ephvol_ctx_set_root(ctx, "/srv/root"), 0);
	assert_string_equal(ephvol_ctx_get_root(ctx), "/srv/root");
	assert_int_equal(ephvol_ctx_set_root(ctx, "/"), 0);
	assert_string_equal(ephvol_ctx_get_root(ctx), "/");
	assert_null(ephvol_ctx_get_root(NULL));
	assert_int_equal(ephvol_volume_list(NULL, (struct ephvol_volume ***)&ctx, NULL), -EINVAL);
	assert_int_equal(ephvol_volume_list(ctx, NULL, NULL), -EINVAL);
	ephvol_ctx_unref(ctx);
}

static void test_ctx_refcount(void **state) {
	struct ephvol_ctx *ctx = NULL;

	(void)state;
	assert_null(ephvol_ctx_unref(NULL));
	assert_null(ephvol_ctx_ref(NULL));
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_ptr_equal(ephvol_ctx_ref(ctx), ctx);
	assert_ptr_equal(ephvol_ctx_ref(ctx), ctx);
	assert_null(ephvol_ctx_unref(ctx));
	assert_null(ephvol_ctx_unref(ctx));
	/* still alive with the last reference: usable */
	assert_int_equal(ephvol_ctx_set_root(ctx, "/still/alive"), 0);
	assert_string_equal(ephvol_ctx_get_root(ctx), "/still/alive");
	assert_null(ephvol_ctx_unref(ctx)); /* freed here; valgrind checks */
}

static void test_ctx_log_priority(void **state) {
	struct ephvol_ctx *ctx = NULL;
	static const struct {
		const char *env;
		int expected;
	} cases[] = {
		{ "debug", LOG_DEBUG }, { "DEBUG", LOG_DEBUG },     { "7", LOG_DEBUG },
		{ "info", LOG_INFO },   { "warning", LOG_WARNING }, { "0", LOG_EMERG },
		{ "emerg", LOG_EMERG }, { "err", LOG_ERR },         { "bogus", LOG_ERR },
		{ "8", LOG_ERR },       { "10", LOG_ERR },          { "", LOG_ERR },
		{ "-1", LOG_ERR },
	};

	(void)state;
	unsetenv("EPHVOL_LOG");
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_int_equal(ephvol_ctx_get_log_priority(ctx), LOG_ERR);
	ephvol_ctx_set_log_priority(ctx, LOG_INFO);
	assert_int_equal(ephvol_ctx_get_log_priority(ctx), LOG_INFO);
	ephvol_ctx_unref(ctx);
	assert_int_equal(ephvol_ctx_get_log_priority(NULL), -EINVAL);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(setenv("EPHVOL_LOG", cases[i].env, 1), 0);
		assert_int_equal(unit_ctx_new(&ctx), 0);
		if (ephvol_ctx_get_log_priority(ctx) != cases[i].expected)
			print_error("EPHVOL_LOG=%s\n", cases[i].env);
		assert_int_equal(ephvol_ctx_get_log_priority(ctx), cases[i].expected);
		ephvol_ctx_unref(ctx);
	}
	unsetenv("EPHVOL_LOG");
}

/* ---- logging ---- */

static void test_log_stale_records_debug(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct log_record log = { 0 };
	size_t n = 0;

	ephvol_ctx_set_log_fn(f->ctx, test_log_fn, &log);
	ephvol_ctx_set_log_priority(f->ctx, LOG_DEBUG);
	assert_int_equal(ephvol_volume_list(f->ctx, &list, &n), 0);
	ephvol_volume_list_free(list);
	assert_int_equal(n, sizeof(expected_names) / sizeof(expected_names[0]));
	/* stale1 (zram2 reset), stale2 (zram3 other disksize), gone (no zram9), garbage */
	assert_true(log.calls >= 4);
	assert_int_equal(log.min_priority_seen, LOG_DEBUG);
	assert_non_null(strstr(log.text, "stale1"));
	assert_non_null(strstr(log.text, "zram2"));
	assert_non_null(strstr(log.text, "stale2"));
	assert_non_null(strstr(log.text, "zram3"));
	assert_non_null(strstr(log.text, "gone"));
	assert_non_null(strstr(log.text, "garbage"));
	/* the live records are not complained about */
	assert_null(strstr(log.text, "z1 "));
	assert_null(strstr(log.text, "ztmp"));
}

static void test_log_default_priority_silent(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct log_record log = { 0 };

	assert_int_equal(ephvol_ctx_get_log_priority(f->ctx), LOG_ERR);
	ephvol_ctx_set_log_fn(f->ctx, test_log_fn, &log);
	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	ephvol_volume_list_free(list);
	assert_int_equal(log.calls, 0);

	/* LOG_INFO is not enough for debug messages either */
	ephvol_ctx_set_log_priority(f->ctx, LOG_INFO);
	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	ephvol_volume_list_free(list);
	assert_int_equal(log.calls, 0);
}

/* ---- volume objects ---- */

static void test_volume_refcount(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct ephvol_volume *v;

	assert_null(ephvol_volume_unref(NULL));
	assert_null(ephvol_volume_ref(NULL));
	ephvol_volume_list_free(NULL);

	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	v = find(list, "s1");
	assert_ptr_equal(ephvol_volume_ref(v), v);
	assert_ptr_equal(ephvol_volume_ref(v), v);
	ephvol_volume_list_free(list);
	/* two references left */
	assert_string_equal(ephvol_volume_get_name(v), "s1");
	assert_null(ephvol_volume_unref(v));
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-s1");
	assert_null(ephvol_volume_unref(v)); /* freed; valgrind checks */
}

static void test_to_string(void **state) {
	(void)state;
	assert_string_equal(ephvol_backend_to_string(EPHVOL_BACKEND_DISK), "disk");
	assert_string_equal(ephvol_backend_to_string(EPHVOL_BACKEND_ZRAM), "zram");
	assert_null(ephvol_backend_to_string((enum ephvol_backend)2));
	assert_null(ephvol_backend_to_string((enum ephvol_backend) - 1));

	assert_string_equal(ephvol_role_to_string(EPHVOL_ROLE_SWAP), "swap");
	assert_string_equal(ephvol_role_to_string(EPHVOL_ROLE_TMP), "tmp");
	assert_string_equal(ephvol_role_to_string(EPHVOL_ROLE_RAW), "raw");
	assert_null(ephvol_role_to_string((enum ephvol_role)3));
	assert_null(ephvol_role_to_string((enum ephvol_role) - 1));

	assert_string_equal(ephvol_key_location_to_string(EPHVOL_KEY_NONE), "none");
	assert_string_equal(ephvol_key_location_to_string(EPHVOL_KEY_DM_TABLE), "dm-table");
	assert_string_equal(ephvol_key_location_to_string(EPHVOL_KEY_KEYRING), "keyring");
	assert_null(ephvol_key_location_to_string((enum ephvol_key_location)3));

	assert_string_equal(ephvol_protection_to_string(EPHVOL_PROTECTION_ENCRYPTED), "encrypted");
	assert_string_equal(ephvol_protection_to_string(EPHVOL_PROTECTION_RAM_ONLY), "ram-only");
	assert_string_equal(ephvol_protection_to_string(EPHVOL_PROTECTION_PLAINTEXT_ON_DISK),
	                    "plaintext-on-disk");
	assert_string_equal(ephvol_protection_to_string(EPHVOL_PROTECTION_UNKNOWN), "unknown");
	assert_null(ephvol_protection_to_string((enum ephvol_protection)4));
	assert_null(ephvol_protection_to_string((enum ephvol_protection) - 1));
}

static void test_is_valid_name(void **state) {
	(void)state;
	assert_true(ephvol_volume_is_valid_name("swap"));
	assert_true(ephvol_volume_is_valid_name("a.b-c_D9"));
	assert_true(ephvol_volume_is_valid_name("abcdefghijklmnopqrstuvwxyz012345"));
	assert_false(ephvol_volume_is_valid_name("abcdefghijklmnopqrstuvwxyz0123456"));
	assert_false(ephvol_volume_is_valid_name(""));
	assert_false(ephvol_volume_is_valid_name(NULL));
	assert_false(ephvol_volume_is_valid_name(".x"));
	assert_false(ephvol_volume_is_valid_name("-x"));
	assert_false(ephvol_volume_is_valid_name("a b"));
	assert_false(ephvol_volume_is_valid_name("a/b"));
	assert_false(ephvol_volume_is_valid_name("\xc3\xa9"));
	assert_int_equal(EPHVOL_NAME_MAX, 32);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_names_sorted, setup_mixed, teardown),
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
		cmocka_unit_test_setup_teardown(test_lookup, setup_mixed, teardown),
		cmocka_unit_test(test_empty_root),
		cmocka_unit_test(test_malformed_tables),
		cmocka_unit_test(test_ctx_root),
		cmocka_unit_test(test_ctx_refcount),
		cmocka_unit_test(test_ctx_log_priority),
		cmocka_unit_test_setup_teardown(test_log_stale_records_debug, setup_mixed,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_log_default_priority_silent, setup_mixed,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_volume_refcount, setup_mixed, teardown),
		cmocka_unit_test(test_to_string),
		cmocka_unit_test(test_is_valid_name),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
