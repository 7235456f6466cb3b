/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ephvol_audit() against the tests/fixtures/audit-* trees (each has a README saying what
 * it holds): every verdict, every accessor, reasons naming the devices, and storage that
 * cannot be followed (missing devices, cycles, garbage, too deep) without a crash.
 */
#include "unit.h"

#include "ephvol.h"
#include "macro.h"

#define E EPHVOL_PROTECTION_ENCRYPTED
#define R EPHVOL_PROTECTION_RAM_ONLY
#define P EPHVOL_PROTECTION_PLAINTEXT_ON_DISK
#define U EPHVOL_PROTECTION_UNKNOWN

struct expect {
	enum ephvol_audit_kind kind;
	const char *path, *type, *device, *volume;
	enum ephvol_protection protection;
	const char *reason;
};

static void assert_str_or_null(const char *what, const char *got, const char *expected) {
	if (!streq_ptr(got, expected))
		print_error("%s: \"%s\", expected \"%s\"\n", what, got ?: "(null)",
		            expected ?: "(null)");
	assert_true(streq_ptr(got, expected));
}

/* The whole audit of a fixture, entry by entry and in order. */
static void check_audit(const char *sub, const struct expect *x, size_t n_expected) {
	struct ephvol_ctx *ctx = unit_ctx_at(sub);
	struct ephvol_audit_entry **list = NULL;
	size_t n = 0;

	assert_int_equal(ephvol_audit(ctx, &list, &n), 0);
	assert_non_null(list);
	for (size_t i = 0; i < n && i < n_expected; i++) {
		const struct ephvol_audit_entry *e = list[i];

		assert_int_equal(ephvol_audit_entry_get_kind(e), x[i].kind);
		assert_str_or_null("path", ephvol_audit_entry_get_path(e), x[i].path);
		assert_str_or_null("type", ephvol_audit_entry_get_type(e), x[i].type);
		assert_str_or_null("device", ephvol_audit_entry_get_device(e), x[i].device);
		assert_str_or_null("volume", ephvol_audit_entry_get_volume(e), x[i].volume);
		/* the cipher comes from the live kernel only */
		assert_null(ephvol_audit_entry_get_cipher(e));
		assert_str_or_null("reason", ephvol_audit_entry_get_reason(e), x[i].reason);
		if (ephvol_audit_entry_get_protection(e) != x[i].protection)
			print_error(
			        "%s: protection %s\n", x[i].path,
			        ephvol_protection_to_string(ephvol_audit_entry_get_protection(e)));
		assert_int_equal(ephvol_audit_entry_get_protection(e), x[i].protection);
	}
	assert_int_equal(n, n_expected);
	assert_null(list[n]);
	ephvol_audit_list_free(list);
	ephvol_ctx_unref(ctx);
}

static void test_audit_crypt(void **state) {
	static const struct expect x[] = {
		{ EPHVOL_AUDIT_SWAP, "/dev/dm-0", "partition", "/dev/dm-0", "s1", E,
		  "dm-crypt (PLAIN) on vdb" },
		{ EPHVOL_AUDIT_SWAP, "/dev/dm-2", "partition", "/dev/dm-2", NULL, E,
		  "LVM on dm-crypt (LUKS2) dm-1 on sda3" },
		{ EPHVOL_AUDIT_SWAP, "/swapfile", "file", "/dev/dm-3", NULL, E,
		  "file on ext4 on LVM dm-3 on dm-crypt (LUKS2) dm-1 on sda3" },
		{ EPHVOL_AUDIT_SWAP, "/dev/zram0", "partition", "/dev/zram0", NULL, R,
		  "zram in RAM, no writeback" },
		{ EPHVOL_AUDIT_SWAP, "/dev/zram1", "partition", "/dev/zram1", "z1", E,
		  "zram writeback to dm-crypt (LUKS2) dm-4 on vdc" },
		{ EPHVOL_AUDIT_SWAP, "/dev/md0", "partition", "/dev/md0", NULL, E,
		  "md0 on dm-crypt (PLAIN) dm-5 on sdb1 and dm-crypt (PLAIN) dm-6 on sdc1" },
		{ EPHVOL_AUDIT_TMP, "/tmp", "tmpfs", NULL, NULL, R,
		  "tmpfs in RAM, swap encrypted" },
		{ EPHVOL_AUDIT_TMP, "/var/tmp", "ext4", "/dev/loop0", NULL, E,
		  "ext4 on loop0 over /srv/tmp.img on ext4 on LVM dm-3 on dm-crypt (LUKS2) dm-1 on "
		  "sda3" },
	};

	(void)state;
	check_audit("audit-crypt", x, ELEMENTSOF(x));
}

static void test_audit_plain(void **state) {
	static const struct expect x[] = {
		{ EPHVOL_AUDIT_SWAP, "/dev/sda2", "partition", "/dev/sda2", NULL, P,
		  "sda2, not encrypted" },
		{ EPHVOL_AUDIT_SWAP, "/data/swapfile", "file", "/dev/sdb1", NULL, P,
		  "file on ext4 on sdb1, not encrypted" },
		{ EPHVOL_AUDIT_SWAP, "/dev/zram2", "partition", "/dev/zram2", NULL, P,
		  "zram writeback to sdc1, not encrypted" },
		{ EPHVOL_AUDIT_SWAP, "/dev/loop1p1", "partition", "/dev/loop1p1", NULL, P,
		  "loop1p1 on loop1 over /data/disk.img on ext4 on sdb1, not encrypted" },
		/* one encrypted slave does not make up for a plain one */
		{ EPHVOL_AUDIT_SWAP, "/dev/dm-5", "partition", "/dev/dm-5", NULL, P,
		  "LVM on sde, not encrypted" },
		{ EPHVOL_AUDIT_TMP, "/tmp", "tmpfs", NULL, NULL, P,
		  "tmpfs in RAM, but swap /dev/sda2 is not encrypted" },
		/* not a mount of its own; /var/tmpfoo is no parent of it */
		{ EPHVOL_AUDIT_TMP, "/var/tmp", "ext4", "/dev/sda1", NULL, P,
		  "ext4 on sda1, not encrypted (part of /)" },
	};

	(void)state;
	check_audit("audit-plain", x, ELEMENTSOF(x));
}

static void test_audit_unknown(void **state) {
	static const struct expect x[] = {
		{ EPHVOL_AUDIT_SWAP, "/dev/dm-99", "partition", "/dev/dm-99", NULL, U,
		  "/dev/dm-99 not in sysfs" },
		{ EPHVOL_AUDIT_SWAP, "/dev/dm-0", "partition", "/dev/dm-0", NULL, U,
		  "device cycle through dm-0" },
		{ EPHVOL_AUDIT_SWAP, "/dev/dm-2", "partition", "/dev/dm-2", NULL, U,
		  "dm dm-2 without a device below it" },
		{ EPHVOL_AUDIT_SWAP, "/dev/zram3", "partition", "/dev/zram3", NULL, U,
		  "zram writeback to /dev/nonexistent, not in sysfs" },
		{ EPHVOL_AUDIT_SWAP, "/dev/loop2", "partition", "/dev/loop2", NULL, U,
		  "device cycle through loop2" },
		{ EPHVOL_AUDIT_SWAP, "/dev/dm-6", "partition", "/dev/dm-6", NULL, U,
		  "devices nested more than 16 deep at dm-22" },
		{ EPHVOL_AUDIT_SWAP, "/dev/loop3", "partition", "/dev/loop3", NULL, U,
		  "loop over /var/swap.img on overlay upper directory /var/lib/docker/x/diff not "
		  "visible" },
		{ EPHVOL_AUDIT_TMP, "/tmp", "nfs4", NULL, NULL, U,
		  "nfs4 server:/export/tmp, storage not visible" },
		/* A user's FUSE mount names a disk as its source: that says nothing. */
		{ EPHVOL_AUDIT_TMP, "/var/tmp", "fuse.sshfs", NULL, NULL, U,
		  "fuse.sshfs /dev/sda1, storage not visible" },
	};

	(void)state;
	check_audit("audit-unknown", x, ELEMENTSOF(x));
}

static void test_audit_overlay(void **state) {
	static const struct expect x[] = {
		/* the later of two mounts on /tmp is the one in sight */
		{ EPHVOL_AUDIT_TMP, "/tmp", "tmpfs", NULL, NULL, R, "tmpfs in RAM, no swap" },
		{ EPHVOL_AUDIT_TMP, "/var/tmp", "overlay", NULL, NULL, P,
		  "overlay upper /data/upper on btrfs on vda, not encrypted" },
	};

	(void)state;
	check_audit("audit-overlay", x, ELEMENTSOF(x));
}

/* Both tables are needed: without them there is no answer, not an empty one. */
static void test_audit_errors(void **state) {
	struct ephvol_audit_entry **list = (void *)0x1;
	struct ephvol_ctx *ctx;
	size_t n = 42;

	(void)state;
	ctx = unit_ctx_at("empty");
	ephvol_ctx_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(ephvol_audit(ctx, &list, &n), -ENOENT);
	assert_ptr_equal(list, (void *)0x1); /* not written on failure */
	assert_int_equal(n, 42);
	ephvol_ctx_unref(ctx);

	ctx = unit_ctx_at("badswaps");
	ephvol_ctx_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(ephvol_audit(ctx, &list, &n), -EBADMSG);
	assert_int_equal(ephvol_audit(NULL, &list, &n), -EINVAL);
	assert_int_equal(ephvol_audit(ctx, NULL, &n), -EINVAL);
	ephvol_ctx_unref(ctx);

	ctx = unit_ctx_at("badmountinfo");
	ephvol_ctx_set_log_fn(ctx, NULL, NULL);
	assert_true(ephvol_audit(ctx, &list, &n) < 0);
	assert_int_equal(n, 42);
	ephvol_ctx_unref(ctx);
}

static void test_audit_objects(void **state) {
	struct ephvol_ctx *ctx = unit_ctx_at("audit-overlay");
	struct ephvol_audit_entry **list = NULL, *e;

	(void)state;
	/* ret_n is optional */
	assert_int_equal(ephvol_audit(ctx, &list, NULL), 0);
	assert_non_null(list[0]);
	assert_non_null(list[1]);
	assert_null(list[2]);
	/* a reference outlives the list */
	e = ephvol_audit_entry_ref(list[1]);
	assert_ptr_equal(e, list[1]);
	ephvol_audit_list_free(list);
	assert_string_equal(ephvol_audit_entry_get_path(e), "/var/tmp");
	assert_null(ephvol_audit_entry_unref(e));

	assert_null(ephvol_audit_entry_ref(NULL));
	assert_null(ephvol_audit_entry_unref(NULL));
	ephvol_audit_list_free(NULL);
	assert_string_equal(ephvol_audit_kind_to_string(EPHVOL_AUDIT_SWAP), "swap");
	assert_string_equal(ephvol_audit_kind_to_string(EPHVOL_AUDIT_TMP), "tmp");
	assert_null(ephvol_audit_kind_to_string((enum ephvol_audit_kind)2));
	assert_string_equal(ephvol_protection_to_string(EPHVOL_PROTECTION_UNKNOWN), "unknown");
	assert_null(ephvol_protection_to_string((enum ephvol_protection)4));
	ephvol_ctx_unref(ctx);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_crypt),   cmocka_unit_test(test_audit_plain),
		cmocka_unit_test(test_audit_unknown), cmocka_unit_test(test_audit_overlay),
		cmocka_unit_test(test_audit_errors),  cmocka_unit_test(test_audit_objects),
	};

	unsetenv("EPHVOL_LOG");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
