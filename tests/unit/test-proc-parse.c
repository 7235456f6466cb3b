/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/proc-parse.c: parsers of /proc/swaps, mountinfo, meminfo, sysfs choices. */
#include "unit.h"

#include "proc-parse.h"

#define SWAPS_HEADER "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"

/* ---- unescape_octal ---- */

static void expect_unescape(const char *in, size_t len, const char *expected) {
	char *out = unescape_octal(in, len);

	assert_non_null(out);
	assert_string_equal(out, expected);
	free(out);
}

static void test_unescape_octal(void **state) {
	(void)state;
	expect_unescape("", 0, "");
	expect_unescape("/dev/sda1", 9, "/dev/sda1");
	expect_unescape("/mnt/a\\040b", 11, "/mnt/a b");
	expect_unescape("a\\011b", 6, "a\tb");
	expect_unescape("a\\012b", 6, "a\nb");
	expect_unescape("a\\134b", 6, "a\\b");
	expect_unescape("\\040", 4, " ");         /* at the start and end */
	expect_unescape("x\\040", 5, "x ");       /* at the very end */
	expect_unescape("\\040\\040", 8, "  ");   /* adjacent */
	expect_unescape("\\0401", 5, " 1");       /* only three digits belong to it */
	expect_unescape("a\\04", 4, "a\\04");     /* too short: kept */
	expect_unescape("a\\", 2, "a\\");         /* lone backslash at the end */
	expect_unescape("a\\400", 5, "a\\400");   /* > 0377: not an escape */
	expect_unescape("a\\08x", 5, "a\\08x");   /* 8 is not octal */
	expect_unescape("a\\x41", 5, "a\\x41");   /* no hex escapes */
	expect_unescape("abc\\040def", 3, "abc"); /* len bounds the input */
	expect_unescape("ab\\040", 5, "ab\\04");  /* an escape cut by len is not decoded */
}

/* Regression (found by tests/fuzz/fuzz-mountinfo.c): \000 was decoded to a NUL, which
 * ended the string there: "/mnt/x\000y" read as "/mnt/x", and a field of just "\000" as
 * "", which no longer round-trips through the table's own format. The kernel never writes
 * it (it escapes the backslash), so it is kept as it is. */
static void test_unescape_octal_nul(void **state) {
	(void)state;
	expect_unescape("/mnt/x\\000y", 11, "/mnt/x\\000y");
	expect_unescape("\\000", 4, "\\000");
	expect_unescape("\\001", 4, "\001");
}

/* ---- parse_proc_swaps ---- */

static void test_swaps_header_only(void **state) {
	struct swap_entry *e = (void *)1;
	size_t n = 99;

	(void)state;
	assert_int_equal(parse_proc_swaps(SWAPS_HEADER, &e, &n), 0);
	assert_int_equal(n, 0);
	swap_entries_free(e, n);

	n = 99;
	assert_int_equal(parse_proc_swaps("", &e, &n), 0);
	assert_int_equal(n, 0);
	swap_entries_free(e, n);
}

static void test_swaps_two_entries(void **state) {
	struct swap_entry *e = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(parse_proc_swaps(SWAPS_HEADER
	                                  "/dev/dm-0                               partition\t"
	                                  "1048572\t\t0\t\t-2\n"
	                                  "/dev/zram1                              partition\t"
	                                  "524284\t\t1024\t\t100\n",
	                                  &e, &n),
	                 0);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].path, "/dev/dm-0");
	assert_string_equal(e[0].type, "partition");
	assert_true(e[0].size_bytes == UINT64_C(1048572) * 1024);
	assert_int_equal(e[0].priority, -2);
	assert_string_equal(e[1].path, "/dev/zram1");
	assert_string_equal(e[1].type, "partition");
	assert_true(e[1].size_bytes == UINT64_C(524284) * 1024);
	assert_int_equal(e[1].priority, 100);
	swap_entries_free(e, n);
}

static void test_swaps_escaped_path(void **state) {
	struct swap_entry *e = NULL;
	size_t n = 0;

	(void)state;
	/* no trailing newline, no header */
	assert_int_equal(parse_proc_swaps("/var/swap\\040file file 4096 0 -3", &e, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].path, "/var/swap file");
	assert_string_equal(e[0].type, "file");
	assert_true(e[0].size_bytes == 4096 * 1024);
	assert_int_equal(e[0].priority, -3);
	swap_entries_free(e, n);
}

static void test_swaps_malformed(void **state) {
	struct swap_entry *e = (void *)1;
	size_t n = 99;

	(void)state;
	/* too few fields */
	assert_int_equal(parse_proc_swaps(SWAPS_HEADER "/dev/sda2 partition 100 0\n", &e, &n),
	                 -EBADMSG);
	/* size is not a number */
	assert_int_equal(parse_proc_swaps(SWAPS_HEADER "/dev/sda2 partition big 0 -2\n", &e, &n),
	                 -EBADMSG);
	/* priority is not a number */
	assert_int_equal(parse_proc_swaps(SWAPS_HEADER "/dev/sda2 partition 100 0 high\n", &e, &n),
	                 -EBADMSG);
	/* size overflows when converted to bytes */
	assert_int_equal(
	        parse_proc_swaps("/dev/sda2 partition 18446744073709551615 0 -2\n", &e, &n),
	        -EBADMSG);
	/* a good line, then a bad one: everything is rejected (and freed) */
	assert_int_equal(
	        parse_proc_swaps(SWAPS_HEADER "/dev/sda2 partition 100 0 -2\ngarbage\n", &e, &n),
	        -EBADMSG);
	/* outputs untouched on failure */
	assert_ptr_equal(e, (void *)1);
	assert_int_equal(n, 99);
}

/* Regression (was a bug): parse_proc_swaps() (src/shared/proc-parse.c, swaps_line/split_fields)
 * accepts malformed lines: split_fields() stops at 5 fields so a sixth is silently dropped, the
 * "Used" column is never checked, and sscanf("%llu") accepts trailing garbage in Size.
 * Input "/dev/sda2 partition 100 0 -2 extra", "/dev/sda2 partition 100 used -2",
 * "/dev/sda2 partition 100abc 0 -2": expected -EBADMSG, actual 0. */
static void test_swaps_malformed_fields(void **state) {
	struct swap_entry *e = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(parse_proc_swaps("/dev/sda2 partition 100 0 -2 extra\n", &e, &n),
	                 -EBADMSG);
	assert_int_equal(parse_proc_swaps("/dev/sda2 partition 100 used -2\n", &e, &n), -EBADMSG);
	assert_int_equal(parse_proc_swaps("/dev/sda2 partition 100abc 0 -2\n", &e, &n), -EBADMSG);
}

/* ---- parse_mountinfo ---- */

static void test_mountinfo(void **state) {
	struct mount_entry *e = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(
	        parse_mountinfo(
	                "22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 "
	                "rw,errors=remount-ro\n"
	                "25 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc "
	                "rw\n"
	                "40 22 254:2 / /tmp rw,nosuid,nodev,relatime shared:20 master:2 - ext4 "
	                "/dev/mapper/ephvol-tmp rw\n"
	                "41 22 254:6 / /mnt/a\\040b rw,relatime - ext4 /dev/disk\\040x rw\n"
	                "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 propagate_from:2 unbindable - "
	                "ext3 /dev/root rw,errors=continue\n",
	                &e, &n),
	        0);
	assert_int_equal(n, 5);

	assert_int_equal(e[0].major, 253);
	assert_int_equal(e[0].minor, 1);
	assert_string_equal(e[0].mount_point, "/");
	assert_string_equal(e[0].fstype, "ext4");
	assert_string_equal(e[0].source, "/dev/vda1");
	assert_string_equal(e[0].super_options, "rw,errors=remount-ro");

	assert_int_equal(e[1].major, 0);
	assert_int_equal(e[1].minor, 21);
	assert_string_equal(e[1].mount_point, "/proc");
	assert_string_equal(e[1].fstype, "proc");
	assert_string_equal(e[1].source, "proc");

	/* two optional fields */
	assert_int_equal(e[2].major, 254);
	assert_int_equal(e[2].minor, 2);
	assert_string_equal(e[2].mount_point, "/tmp");
	assert_string_equal(e[2].fstype, "ext4");
	assert_string_equal(e[2].source, "/dev/mapper/ephvol-tmp");

	/* no optional field, escapes in mount point and source */
	assert_int_equal(e[3].major, 254);
	assert_int_equal(e[3].minor, 6);
	assert_string_equal(e[3].mount_point, "/mnt/a b");
	assert_string_equal(e[3].source, "/dev/disk x");
	assert_string_equal(e[3].super_options, "rw");

	/* the example of proc(5): mount point is field 5, not the root field 4 */
	assert_int_equal(e[4].major, 98);
	assert_int_equal(e[4].minor, 0);
	assert_string_equal(e[4].mount_point, "/mnt2");
	assert_string_equal(e[4].fstype, "ext3");
	assert_string_equal(e[4].source, "/dev/root");
	mount_entries_free(e, n);
}

static void test_mountinfo_no_superopts(void **state) {
	struct mount_entry *e = NULL;
	size_t n = 0;

	(void)state;
	/* the super options are not needed; empty input is no mounts */
	assert_int_equal(parse_mountinfo("1 0 8:1 / /boot rw - vfat /dev/sda1", &e, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].source, "/dev/sda1");
	assert_string_equal(e[0].fstype, "vfat");
	assert_string_equal(e[0].super_options, "");
	mount_entries_free(e, n);

	assert_int_equal(parse_mountinfo("", &e, &n), 0);
	assert_int_equal(n, 0);
	mount_entries_free(e, n);
}

/* Regression (found by tests/fuzz/fuzz-mountinfo.c): mount(2) with an empty source, as
 * some container runtimes call it, makes the kernel write nothing between the type and the
 * super options ("tmpfs  rw"). Blanks were merged, so the super options were taken for the
 * source, and an overlay mounted so lost its upperdir= for audit. */
static void expect_source(const char *line, const char *source, const char *super_options) {
	struct mount_entry *e = NULL;
	size_t n = 0;

	assert_int_equal(parse_mountinfo(line, &e, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].source, source);
	assert_string_equal(e[0].super_options, super_options);
	mount_entries_free(e, n);
}

static void test_mountinfo_empty_source(void **state) {
	(void)state;
	expect_source("74 25 0:59 / /mnt/t rw,relatime shared:38 - tmpfs  rw,size=4k\n", "",
	              "rw,size=4k");
	expect_source("75 25 0:60 / /mnt/o rw - overlay  rw,lowerdir=/l,upperdir=/u,workdir=/w\n",
	              "", "rw,lowerdir=/l,upperdir=/u,workdir=/w");
	/* and without super options after it */
	expect_source("76 25 0:61 / /mnt/n rw - tmpfs \n", "", "");
	expect_source("76 25 0:61 / /mnt/n rw - tmpfs  \n", "", "");
	/* the source is there, super options or not */
	expect_source("77 25 0:62 / /mnt/s rw - tmpfs tmp\n", "tmp", "");
}

/* Which mount of a device destroy unmounts and status shows: by device number, the
 * last (a bind mount of it comes later); a FUSE mount whose source names the device is
 * not it; btrfs (anonymous device number) by its source, as the device or its kname. */
static void test_mount_find_device(void **state) {
	const char *text = "20 1 253:1 / / rw - ext4 /dev/vda1 rw\n"
	                   "30 20 254:0 / /mnt/a rw - ext4 /dev/mapper/ephvol-t rw\n"
	                   "31 20 0:40 / /mnt/fuse rw - fuse.x /dev/mapper/ephvol-t rw\n"
	                   "32 20 254:0 /sub /mnt/b rw - ext4 /dev/mapper/ephvol-t rw\n"
	                   "33 20 0:41 / /mnt/c rw - btrfs /dev/dm-3 rw\n"
	                   "34 20 0:42 / /mnt/d rw - btrfs /dev/mapper/ephvol-u rw\n";
	struct mount_entry *e = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(parse_mountinfo(text, &e, &n), 0);
	assert_int_equal(
	        mount_entries_find_device(e, n, true, 254, 0, "/dev/mapper/ephvol-t", "dm-0"), 3);
	/* without its number, the FUSE mount that names it does not count */
	assert_int_equal(
	        mount_entries_find_device(e, n, false, 0, 0, "/dev/mapper/ephvol-t", "dm-0"), -1);
	assert_int_equal(
	        mount_entries_find_device(e, n, true, 254, 3, "/dev/mapper/ephvol-v", "dm-3"), 4);
	assert_int_equal(
	        mount_entries_find_device(e, n, true, 254, 4, "/dev/mapper/ephvol-u", NULL), 5);
	assert_int_equal(
	        mount_entries_find_device(e, n, true, 254, 9, "/dev/mapper/ephvol-w", "dm-9"), -1);
	assert_true(path_names_device("/dev/zram1", "/dev/zram1", "zram1"));
	assert_true(path_names_device("/dev/dm-2", "/dev/mapper/ephvol-x", "dm-2"));
	assert_false(path_names_device("/dev/dm-20", "/dev/mapper/ephvol-x", "dm-2"));
	assert_false(path_names_device("/tmp/zram1", "/dev/zram1", "zram1"));
	/* a swap area activated in a mount namespace that has ended */
	assert_false(path_names_device("/zram1", "/dev/zram1", "zram1"));
	assert_true(swap_path_names_device("/zram1", "/dev/zram1", "zram1"));
	assert_true(swap_path_names_device("/dev/zram1", "/dev/zram1", "zram1"));
	assert_false(swap_path_names_device("/zram10", "/dev/zram1", "zram1"));
	assert_false(swap_path_names_device("/x/zram1", "/dev/zram1", "zram1"));
	assert_false(swap_path_names_device("/zram1", "/dev/zram1", NULL));
	mount_entries_free(e, n);
}

static void test_mountinfo_malformed(void **state) {
	struct mount_entry *e = (void *)1;
	size_t n = 99;

	(void)state;
	/* no "-" separator */
	assert_int_equal(parse_mountinfo("22 1 253:1 / / rw shared:1 ext4 /dev/vda1 rw\n", &e, &n),
	                 -EBADMSG);
	/* nothing after the separator but the fs type */
	assert_int_equal(parse_mountinfo("22 1 253:1 / / rw - ext4\n", &e, &n), -EBADMSG);
	/* too few fields */
	assert_int_equal(parse_mountinfo("22 1 253:1 /\n", &e, &n), -EBADMSG);
	assert_int_equal(parse_mountinfo("garbage\n", &e, &n), -EBADMSG);
	/* device number is not MAJ:MIN */
	assert_int_equal(parse_mountinfo("22 1 sda / / rw - ext4 /dev/sda rw\n", &e, &n), -EBADMSG);
	/* the separator may not stand in for the options field */
	assert_int_equal(parse_mountinfo("22 1 8:1 / / - ext4 /dev/sda rw\n", &e, &n), -EBADMSG);
	/* one bad line among good ones */
	assert_int_equal(
	        parse_mountinfo("22 1 253:1 / / rw - ext4 /dev/vda1 rw\nbad line\n", &e, &n),
	        -EBADMSG);
	assert_ptr_equal(e, (void *)1);
	assert_int_equal(n, 99);
}

/* ---- parse_maps_line ---- */

static void expect_maps(const char *line, int r, unsigned major, unsigned minor, const char *path) {
	char *copy = strdup(line);
	unsigned maj = 77, min = 77;
	const char *p = "untouched";

	assert_non_null(copy);
	assert_int_equal(parse_maps_line(copy, &maj, &min, &p), r);
	if (r == 0) {
		assert_int_equal(maj, major);
		assert_int_equal(min, minor);
		if (path)
			assert_string_equal(p, path);
		else
			assert_null(p);
	} else {
		assert_int_equal(maj, 77);
		assert_string_equal(p, "untouched");
	}
	free(copy);
}

static void test_maps_line(void **state) {
	(void)state;
	expect_maps("7f0a12a00000-7f0a12a04000 r-xp 00001000 fd:01 131                        "
	            "/mnt/a/lib/libfoo.so\n",
	            0, 0xfd, 1, "/mnt/a/lib/libfoo.so");
	/* blanks in the path are its own; a newline in it is \012 */
	expect_maps("1000-2000 r--p 00000000 103:1a 5 /home/u/my lib\\012x.so (deleted)", 0, 0x103,
	            0x1a, "/home/u/my lib\\012x.so (deleted)");
	expect_maps("7f0a10000000-7f0a10021000 rw-p 00000000 00:00 0\n", 0, 0, 0, NULL);
	expect_maps("7ffd1000-7ffd2000 rw-p 00000000 00:00 0                          [stack]", 0,
	            0, 0, "[stack]");
	expect_maps("1000-2000 r--p 00000000 fd:01", -EBADMSG, 0, 0, NULL);
	expect_maps("1000-2000 r--p 00000000 fd 5 /x", -EBADMSG, 0, 0, NULL);
	expect_maps("1000-2000 r--p 00000000 -1:01 5 /x", -EBADMSG, 0, 0, NULL);
	expect_maps("1000-2000 r--p 00000000 fd:100000000 5 /x", -EBADMSG, 0, 0, NULL);
	expect_maps("garbage", -EBADMSG, 0, 0, NULL);
	expect_maps("", -EBADMSG, 0, 0, NULL);
}

/* ---- parse_meminfo_total ---- */

static void test_meminfo(void **state) {
	uint64_t v = 1;

	(void)state;
	assert_int_equal(parse_meminfo_total("MemTotal:       16314844 kB\n"
	                                     "MemFree:         1203444 kB\n"
	                                     "MemAvailable:    9811444 kB\n",
	                                     &v),
	                 0);
	assert_true(v == UINT64_C(16314844) * 1024);

	/* not the first line */
	assert_int_equal(parse_meminfo_total("Foo: 1 kB\nMemTotal: 2048 kB\n", &v), 0);
	assert_true(v == 2048 * 1024);

	v = 1;
	assert_int_equal(parse_meminfo_total("", &v), -EBADMSG);
	assert_int_equal(parse_meminfo_total("MemFree: 100 kB\n", &v), -EBADMSG);
	assert_int_equal(parse_meminfo_total("MemTotal: 0 kB\n", &v), -EBADMSG);
	assert_int_equal(parse_meminfo_total("MemTotal: lots kB\n", &v), -EBADMSG);
	assert_int_equal(parse_meminfo_total("MemTotal:\n", &v), -EBADMSG);
	/* must start a line */
	assert_int_equal(parse_meminfo_total("XMemTotal: 100 kB\n", &v), -EBADMSG);
	assert_int_equal(parse_meminfo_total("MemTotal: 18446744073709551615 kB\n", &v), -EBADMSG);
	assert_true(v == 1);
}

/* ---- parse_sysfs_choice ---- */

static void expect_choice(const char *text, const char *expected) {
	char *s = NULL;

	assert_int_equal(parse_sysfs_choice(text, &s), 0);
	assert_non_null(s);
	assert_string_equal(s, expected);
	free(s);
}

static void test_sysfs_choice(void **state) {
	char *s = (char *)"untouched";

	(void)state;
	expect_choice("lzo [lz4] zstd", "lz4");
	expect_choice("lzo lzo-rle lz4 lz4hc 842 [zstd]\n", "zstd");
	expect_choice("[lzo-rle] lzo", "lzo-rle");
	expect_choice("[none] mq-deadline kyber bfq", "none");

	assert_int_equal(parse_sysfs_choice("lzo lz4 zstd", &s), -EBADMSG);
	assert_int_equal(parse_sysfs_choice("", &s), -EBADMSG);
	assert_int_equal(parse_sysfs_choice("lzo []", &s), -EBADMSG);
	assert_int_equal(parse_sysfs_choice("lzo [lz4", &s), -EBADMSG);
	assert_int_equal(parse_sysfs_choice("lzo lz4] zstd", &s), -EBADMSG);
	assert_string_equal(s, "untouched");
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unescape_octal),
		cmocka_unit_test(test_unescape_octal_nul),
		cmocka_unit_test(test_swaps_header_only),
		cmocka_unit_test(test_swaps_two_entries),
		cmocka_unit_test(test_swaps_escaped_path),
		cmocka_unit_test(test_swaps_malformed),
		cmocka_unit_test(test_swaps_malformed_fields),
		cmocka_unit_test(test_mountinfo),
		cmocka_unit_test(test_mountinfo_no_superopts),
		cmocka_unit_test(test_mountinfo_empty_source),
		cmocka_unit_test(test_mountinfo_malformed),
		cmocka_unit_test(test_mount_find_device),
		cmocka_unit_test(test_maps_line),
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_sysfs_choice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
