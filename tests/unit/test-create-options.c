/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/cli/create-options.c: `ephvol create` arguments and the sizes derived from them. */
#include "unit.h"

#include "create-options.h"
#include "kcapi-name.h"
#include "size-expr.h"
#include "log.h"

#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)

/* create_options_parse(argc, argv, o) on a literal argument list. */
#define PARSE(o, ...) create_options_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (o))

/* Usage errors are logged on stderr; keep the test output readable. */
static int quiet_setup(void **state) {
	(void)state;
	log_set_max_level(-1);
	return 0;
}

/* ---- successful parses ---- */

static void test_defaults_zram_swap(void **state) {
	struct create_options o;

	(void)state;
	memset(&o, 0xaa, sizeof(o));
	assert_int_equal(PARSE(&o, "create", "s1", "--swap"), 0);
	assert_string_equal(o.name, "s1");
	assert_int_equal(o.role, EPHVOL_ROLE_SWAP);
	assert_int_equal(o.backend, EPHVOL_BACKEND_ZRAM);
	assert_int_equal(o.priority, 100); /* zram swap default */
	assert_null(o.zram_size);          /* default size, resolved later */
	assert_null(o.writeback);
	assert_true(o.mem_limit == 0);
	assert_null(o.device);
	assert_null(o.mountpoint);
	assert_string_equal(o.fstype, "ext4");
	assert_int_equal(o.mode, 01777);
	assert_int_equal(o.uid, 0);
	assert_int_equal(o.gid, 0);
	assert_int_equal(o.key_bits, 0);
	assert_int_equal(o.sector_size, 0);
	assert_null(o.mount_options);
	assert_null(o.comp_algorithm);
	assert_false(o.json);
	assert_non_null(o.args);
	create_options_done(&o);
	assert_null(o.args);
}

static void test_defaults_zram_mount(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "t", "--mount", "/tmp"), 0);
	assert_int_equal(o.role, EPHVOL_ROLE_TMP);
	assert_string_equal(o.mountpoint, "/tmp");
	assert_int_equal(o.backend, EPHVOL_BACKEND_ZRAM);
	assert_int_equal(o.priority, -1); /* only swap has a priority */
	assert_string_equal(o.fstype, "ext4");
	assert_int_equal(o.mode, 01777);
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "r", "--raw"), 0);
	assert_int_equal(o.role, EPHVOL_ROLE_RAW);
	assert_int_equal(o.priority, -1);
	create_options_done(&o);
}

static void test_defaults_device(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "d", "--swap", "--device", "/dev/vda"), 0);
	assert_int_equal(o.backend, EPHVOL_BACKEND_DISK);
	assert_string_equal(o.device, "/dev/vda");
	assert_string_equal(o.cipher, "aes");
	assert_string_equal(o.cipher_mode, "xts-plain64");
	assert_int_equal(o.key_bits, 512);
	assert_int_equal(o.sector_size, 0);
	assert_int_equal(o.priority, -1); /* kernel default on disk */
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "d", "--raw", "--device=PARTLABEL=scratch"), 0);
	assert_string_equal(o.device, "PARTLABEL=scratch");
	create_options_done(&o);
}

static void test_file_backing(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "f", "--mount", "/scratch", "--file", "/var/f.img",
	                       "--size", "1G"),
	                 0);
	assert_int_equal(o.backend, EPHVOL_BACKEND_DISK);
	assert_string_equal(o.file, "/var/f.img");
	assert_null(o.device);
	assert_true(o.file_size == 1024 * MIB);
	assert_false(o.workqueues);
	assert_int_equal(o.key_bits, 512);
	create_options_done(&o);

	/* An existing file needs no --size; --workqueues keeps dm-crypt's queues. */
	assert_int_equal(PARSE(&o, "create", "f", "--raw", "--file=/var/f.img", "--workqueues"), 0);
	assert_true(o.file_size == 0);
	assert_true(o.workqueues);
	create_options_done(&o);
}

static void test_zram_size_spellings(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--zram", "64M"), 0);
	assert_string_equal(o.zram_size, "64M");
	assert_string_equal(o.name, "z");
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--zram=64M"), 0);
	assert_string_equal(o.zram_size, "64M");
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--zram", "25%"), 0);
	assert_string_equal(o.zram_size, "25%");
	create_options_done(&o);

	/* expressions: the word after --zram holds characters no NAME can */
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--zram", "min(ram / 2, 4096M)"), 0);
	assert_string_equal(o.zram_size, "min(ram / 2, 4096M)");
	assert_string_equal(o.name, "z");
	create_options_done(&o);
	assert_int_equal(PARSE(&o, "create", "--swap", "--zram", "ram/4", "z"), 0);
	assert_string_equal(o.zram_size, "ram/4");
	assert_string_equal(o.name, "z");
	create_options_done(&o);
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--zram=ram"), 0);
	assert_string_equal(o.zram_size, "ram");
	create_options_done(&o);

	/* --zram without a size; a following NAME is not taken as its SIZE */
	assert_int_equal(PARSE(&o, "create", "--swap", "--zram", "z"), 0);
	assert_string_equal(o.name, "z");
	assert_null(o.zram_size);
	assert_int_equal(o.backend, EPHVOL_BACKEND_ZRAM);
	create_options_done(&o);
}

static void test_name_position(void **state) {
	struct create_options o;

	(void)state;
	/* NAME first, last, and in the middle */
	assert_int_equal(PARSE(&o, "create", "vol1", "--zram", "1G", "--swap"), 0);
	assert_string_equal(o.name, "vol1");
	assert_string_equal(o.zram_size, "1G");
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "--swap", "--zram", "1G", "vol2"), 0);
	assert_string_equal(o.name, "vol2");
	assert_string_equal(o.zram_size, "1G");
	assert_int_equal(o.role, EPHVOL_ROLE_SWAP);
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "--mount", "/srv/s", "vol3", "--fs", "xfs"), 0);
	assert_string_equal(o.name, "vol3");
	assert_string_equal(o.mountpoint, "/srv/s");
	assert_string_equal(o.fstype, "xfs");
	create_options_done(&o);

	/* after "--", a NAME may look like anything valid */
	assert_int_equal(PARSE(&o, "create", "--raw", "--", "vol4"), 0);
	assert_string_equal(o.name, "vol4");
	create_options_done(&o);
}

static void test_all_options(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "scratch", "--mount", "/srv/scratch", "--device",
	                       "/dev/disk/by-partlabel/scratch", "--cipher", "aes-xts-plain64",
	                       "--key-size", "256", "--sector-size", "512", "--fs", "btrfs",
	                       "--mode", "0750", "--owner", "1000:100", "--mount-options",
	                       "noatime,discard", "--json"),
	                 0);
	assert_string_equal(o.name, "scratch");
	assert_int_equal(o.role, EPHVOL_ROLE_TMP);
	assert_string_equal(o.mountpoint, "/srv/scratch");
	assert_int_equal(o.backend, EPHVOL_BACKEND_DISK);
	assert_string_equal(o.device, "/dev/disk/by-partlabel/scratch");
	assert_string_equal(o.cipher, "aes");
	assert_string_equal(o.cipher_mode, "xts-plain64");
	assert_int_equal(o.key_bits, 256);
	assert_int_equal(o.sector_size, 512);
	assert_string_equal(o.fstype, "btrfs");
	assert_int_equal(o.mode, 0750);
	assert_int_equal(o.uid, 1000);
	assert_int_equal(o.gid, 100);
	assert_string_equal(o.mount_options, "noatime,discard");
	assert_true(o.json);
	create_options_done(&o);

	assert_int_equal(
	        PARSE(&o, "create", "z", "--swap", "--priority", "5", "--comp-algorithm", "zstd"),
	        0);
	assert_int_equal(o.priority, 5);
	assert_string_equal(o.comp_algorithm, "zstd");
	create_options_done(&o);

	/* an explicit 0 is kept, not replaced by the zram default */
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--priority", "0"), 0);
	assert_int_equal(o.priority, 0);
	create_options_done(&o);

	assert_int_equal(
	        PARSE(&o, "create", "d", "--swap", "--device", "/dev/vdb", "--priority", "32767"),
	        0);
	assert_int_equal(o.priority, 32767);
	create_options_done(&o);

	/* "auto" is accepted on zram: it is the default */
	assert_int_equal(PARSE(&o, "create", "z", "--raw", "--cipher", "auto"), 0);
	create_options_done(&o);

	for (size_t i = 0; i < 3; i++) {
		static const char *const fs[] = { "ext2", "ext4", "xfs" };

		assert_int_equal(PARSE(&o, "create", "t", "--mount", "/t", "--fs", (char *)fs[i]),
		                 0);
		assert_string_equal(o.fstype, fs[i]);
		create_options_done(&o);
	}
}

static void test_cipher_adiantum(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "d", "--swap", "--device", "/dev/vda", "--cipher",
	                       "xchacha12,aes-adiantum-plain64"),
	                 0);
	assert_string_equal(o.cipher, "xchacha12,aes");
	assert_string_equal(o.cipher_mode, "adiantum-plain64");
	assert_int_equal(o.key_bits, 256);
	create_options_done(&o);

	/* non-XTS modes default to 256 bits too */
	assert_int_equal(PARSE(&o, "create", "d", "--swap", "--device", "/dev/vda", "--cipher",
	                       "aes-cbc-plain64"),
	                 0);
	assert_string_equal(o.cipher, "aes");
	assert_string_equal(o.cipher_mode, "cbc-plain64");
	assert_int_equal(o.key_bits, 256);
	create_options_done(&o);
}

static void test_help(void **state) {
	struct create_options o;
	struct unit_capture c;
	char *out;
	int r1, r2;

	(void)state;
	capture_begin(&c, STDOUT_FILENO);
	r1 = PARSE(&o, "create", "--help");
	r2 = PARSE(&o, "create", "x", "--swap", "-h");
	out = capture_end(&c);
	assert_int_equal(r1, 1);
	assert_int_equal(r2, 1);
	assert_non_null(out);
	assert_non_null(strstr(out, "Usage: ephvol create NAME"));
	free(out);
}

/* ---- usage errors: all -EINVAL ---- */

static void expect_einval(int argc, char **argv) {
	struct create_options o;
	int r;

	memset(&o, 0, sizeof(o));
	r = create_options_parse(argc, argv, &o);
	if (r != -EINVAL) {
		print_error("create_options_parse(");
		for (int i = 0; i < argc; i++)
			print_error("%s'%s'", i ? ", " : "", argv[i]);
		print_error(") = %d, expected -EINVAL\n", r);
	}
	assert_int_equal(r, -EINVAL);
	assert_null(o.args); /* nothing handed out on failure */
}
#define EXPECT_EINVAL(...) expect_einval(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

static void test_errors_options(void **state) {
	(void)state;
	EXPECT_EINVAL("create", "x", "--swap", "--bogus");
	EXPECT_EINVAL("create", "x", "--swap", "-x");
	EXPECT_EINVAL("create", "x", "--swap=yes");
	EXPECT_EINVAL("create", "x", "--mount"); /* lacks its argument */
	EXPECT_EINVAL("create", "x", "--swap", "--device");
	EXPECT_EINVAL("create", "x", "--swap", "--device", "");
	/* --file rules */
	EXPECT_EINVAL("create", "x", "--swap", "--file", "relative.img", "--size", "64M");
	EXPECT_EINVAL("create", "x", "--swap", "--file", "/f.img", "--device", "/dev/vda");
	EXPECT_EINVAL("create", "x", "--swap", "--file", "/f.img", "--zram", "64M");
	EXPECT_EINVAL("create", "x", "--swap", "--size", "64M");
	EXPECT_EINVAL("create", "x", "--swap", "--file", "/f.img", "--size", "1000");
	EXPECT_EINVAL("create", "x", "--swap", "--file", "/f.img", "--size", "0");
	EXPECT_EINVAL("create", "x", "--swap", "--file", "/f.img", "--size", "12X");
	EXPECT_EINVAL("create", "x", "--swap", "--zram", "64M", "--workqueues");
}

static void test_errors_name(void **state) {
	(void)state;
	EXPECT_EINVAL("create");
	EXPECT_EINVAL("create", "--swap");
	EXPECT_EINVAL("create", "a", "b", "--swap");
	EXPECT_EINVAL("create", "a", "--swap", "b");
	EXPECT_EINVAL("create", ".x", "--swap");
	EXPECT_EINVAL("create", "a/b", "--swap");
	EXPECT_EINVAL("create", "", "--swap");
	EXPECT_EINVAL("create", "abcdefghijklmnopqrstuvwxyz0123456", "--swap");
	EXPECT_EINVAL("create", "--swap", "--", "-x");
}

static void test_errors_role(void **state) {
	(void)state;
	EXPECT_EINVAL("create", "x");
	EXPECT_EINVAL("create", "x", "--zram", "64M");
	EXPECT_EINVAL("create", "x", "--swap", "--raw");
	EXPECT_EINVAL("create", "x", "--swap", "--mount", "/tmp");
	EXPECT_EINVAL("create", "x", "--mount", "/tmp", "--raw");
	EXPECT_EINVAL("create", "x", "--swap", "--swap");
	EXPECT_EINVAL("create", "x", "--mount", "tmp");
	EXPECT_EINVAL("create", "x", "--mount", "");
	EXPECT_EINVAL("create", "x", "--mount", "./tmp");
}

static void test_errors_backend(void **state) {
	(void)state;
	EXPECT_EINVAL("create", "x", "--swap", "--zram", "--device", "/dev/vda");
	EXPECT_EINVAL("create", "x", "--swap", "--device", "/dev/vda", "--zram");
	EXPECT_EINVAL("create", "x", "--swap", "--device", "/dev/vda", "--zram=64M");
	EXPECT_EINVAL("create", "x", "--swap", "--zram", "12X");
	EXPECT_EINVAL("create", "x", "--swap", "--zram=");
	EXPECT_EINVAL("create", "x", "--swap", "--zram", "0%");
	EXPECT_EINVAL("create", "x", "--swap", "--zram", "2G - 4G");
	EXPECT_EINVAL("create", "x", "--swap", "--zram", "1/0");
	EXPECT_EINVAL("create", "x", "--swap", "--zram", "max(ram, 1G");
	EXPECT_EINVAL("create", "x", "--swap", "--zram", "99999999999999999999");
	/* a word starting with a digit after --zram is its SIZE (documented in --help) */
	EXPECT_EINVAL("create", "--swap", "--zram", "1vol");
}

static void test_errors_values(void **state) {
	(void)state;
	EXPECT_EINVAL("create", "x", "--swap", "--priority", "32768");
	EXPECT_EINVAL("create", "x", "--swap", "--priority", "-1");
	EXPECT_EINVAL("create", "x", "--swap", "--priority", "high");
	EXPECT_EINVAL("create", "x", "--raw", "--priority", "5");
	EXPECT_EINVAL("create", "x", "--mount", "/tmp", "--priority", "5");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--fs", "ntfs");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--fs", "EXT4");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--mode", "8888");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--mode", "17777");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--mode", "u+rwx");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--owner", "root");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--owner", "1000");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--owner", "a:b");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--owner", ":100");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--owner", "100:");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--owner", "4294967295:0");
	EXPECT_EINVAL("create", "x", "--mount", "/t", "--owner", "-1:0");
	EXPECT_EINVAL("create", "x", "--swap", "--mount-options", "noatime");
	EXPECT_EINVAL("create", "x", "--raw", "--device", "/dev/vda", "--key-size", "100");
	EXPECT_EINVAL("create", "x", "--raw", "--device", "/dev/vda", "--key-size", "2048");
	EXPECT_EINVAL("create", "x", "--raw", "--device", "/dev/vda", "--key-size", "260");
	EXPECT_EINVAL("create", "x", "--raw", "--device", "/dev/vda", "--sector-size", "1000");
	EXPECT_EINVAL("create", "x", "--raw", "--device", "/dev/vda", "--sector-size", "8192");
	EXPECT_EINVAL("create", "x", "--raw", "--device", "/dev/vda", "--sector-size", "256");
}

static void test_errors_backend_specific(void **state) {
	(void)state;
	/* dm-crypt options on zram */
	EXPECT_EINVAL("create", "x", "--swap", "--cipher", "aes-xts-plain64");
	EXPECT_EINVAL("create", "x", "--swap", "--zram", "1G", "--key-size", "256");
	EXPECT_EINVAL("create", "x", "--swap", "--sector-size", "4096");
	/* zram options on disk */
	EXPECT_EINVAL("create", "x", "--swap", "--device", "/dev/vda", "--comp-algorithm", "lz4");
	/* bad compressor names */
	EXPECT_EINVAL("create", "x", "--swap", "--comp-algorithm", "");
	EXPECT_EINVAL("create", "x", "--swap", "--comp-algorithm", "lz4 zstd");
	EXPECT_EINVAL("create", "x", "--swap", "--comp-algorithm", "../x");
	/* bad cipher specs on disk */
	EXPECT_EINVAL("create", "x", "--swap", "--device", "/dev/vda", "--cipher", "aes");
	EXPECT_EINVAL("create", "x", "--swap", "--device", "/dev/vda", "--cipher",
	              "AES-XTS-PLAIN64");
	EXPECT_EINVAL("create", "x", "--swap", "--device", "/dev/vda", "--cipher", "aes-");
	/* Regression: specs that do not protect the data were taken (cipher_null only at
	 * create, after the lock and the state scan). */
	EXPECT_EINVAL("create", "x", "--swap", "--device", "/dev/vda", "--cipher", "aes-ecb");
	EXPECT_EINVAL("create", "x", "--swap", "--device", "/dev/vda", "--cipher",
	              "aes-ecb-plain64");
	EXPECT_EINVAL("create", "x", "--swap", "--device", "/dev/vda", "--cipher", "aes-cbc-null");
	EXPECT_EINVAL("create", "x", "--swap", "--device", "/dev/vda", "--cipher", "aes-xts-null");
	EXPECT_EINVAL("create", "x", "--swap", "--file", "/f", "--cipher", "cipher_null-ecb");
	EXPECT_EINVAL("create", "z", "--swap", "--writeback", "/wb", "--cipher", "aes-xts-null");
}

static void test_zram_writeback_options(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--zram", "1G", "--writeback",
	                       "PARTLABEL=wb", "--writeback-limit", "256M", "--mem-limit", "512M",
	                       "--recomp-algorithm", "zstd", "--cipher", "aes-xts-plain64",
	                       "--key-size", "256", "--force"),
	                 0);
	assert_string_equal(o.writeback, "PARTLABEL=wb");
	assert_true(o.writeback_limit == 256 * MIB);
	assert_true(o.mem_limit == 512 * MIB);
	assert_string_equal(o.recomp_algorithm, "zstd");
	/* the cipher is for the writeback mapping */
	assert_string_equal(o.cipher, "aes");
	assert_string_equal(o.cipher_mode, "xts-plain64");
	assert_int_equal(o.key_bits, 256);
	assert_true(o.force);
	create_options_done(&o);

	/* auto picks a cipher for the writeback mapping too */
	memset(&o, 0, sizeof(o));
	assert_int_equal(PARSE(&o, "create", "z", "--raw", "--writeback", "/var/tmp/wb.img"), 0);
	assert_int_equal(o.backend, EPHVOL_BACKEND_ZRAM);
	assert_string_not_equal(o.cipher, "");
	assert_true(o.key_bits >= 256);
	create_options_done(&o);

	EXPECT_EINVAL("create", "z", "--swap", "--writeback", "wb.img");
	EXPECT_EINVAL("create", "z", "--swap", "--writeback", "UUID=1234");
	EXPECT_EINVAL("create", "z", "--swap", "--writeback-limit", "1M");
	EXPECT_EINVAL("create", "z", "--swap", "--writeback", "/wb", "--writeback-limit", "0");
	EXPECT_EINVAL("create", "z", "--swap", "--mem-limit", "lots");
	EXPECT_EINVAL("create", "z", "--swap", "--mem-limit", "0");
	/* Regression: near 2^64 the writeback limit wrapped to 0 (no writeback at all) and the
	 * kernel's PAGE_ALIGN() turns such a mem_limit into "no limit". */
	EXPECT_EINVAL("create", "z", "--swap", "--writeback", "/wb", "--writeback-limit",
	              "18446744073709551615");
	EXPECT_EINVAL("create", "z", "--swap", "--writeback", "/wb", "--writeback-limit",
	              "18446744073709486081");
	EXPECT_EINVAL("create", "z", "--swap", "--mem-limit", "16384P");
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--writeback", "/wb",
	                       "--writeback-limit", "18446744073709486080", "--mem-limit",
	                       "16383P"),
	                 0);
	assert_true(o.writeback_limit == UINT64_C(18446744073709486080));
	assert_true(o.mem_limit == UINT64_C(16383) << 50);
	create_options_done(&o);
	EXPECT_EINVAL("create", "z", "--swap", "--recomp-algorithm", "zstd;x");
	EXPECT_EINVAL("create", "z", "--swap", "--device", "/dev/vda", "--mem-limit", "1M");
	EXPECT_EINVAL("create", "z", "--swap", "--device", "/dev/vda", "--writeback", "/x");
	EXPECT_EINVAL("create", "z", "--swap", "--file", "/f", "--recomp-algorithm", "lz4");
	/* without writeback, zram has no use for dm-crypt options or --force */
	EXPECT_EINVAL("create", "z", "--swap", "--cipher", "aes-xts-plain64");
	EXPECT_EINVAL("create", "z", "--swap", "--force");
	/* size syntax is checked at parse time */
	EXPECT_EINVAL("create", "z", "--swap", "--zram", "min(ram");
	EXPECT_EINVAL("create", "z", "--swap", "--zram=rom");
}

/* Repeated parses (getopt state is global) give the same result. */
static void test_reparse(void **state) {
	struct create_options o;

	(void)state;
	for (int i = 0; i < 3; i++) {
		EXPECT_EINVAL("create", "x", "--swap", "--bogus");
		assert_int_equal(PARSE(&o, "create", "--swap", "x", "--zram", "2G"), 0);
		assert_string_equal(o.name, "x");
		assert_string_equal(o.zram_size, "2G");
		create_options_done(&o);
	}
}

static size_t count_lines(const char *s) {
	size_t n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* create_options_parse() on a literal argument list that it must refuse: what it logged. */
static char *parse_refused(int argc, char **argv) {
	struct create_options o;
	struct unit_capture c;
	char *err;
	int r;

	log_set_max_level(LOG_NOTICE);
	capture_begin(&c, STDERR_FILENO);
	r = create_options_parse(argc, argv, &o);
	err = capture_end(&c);
	log_set_max_level(-1);
	assert_int_equal(r, -EINVAL);
	return err;
}
#define PARSE_REFUSED(...) parse_refused(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

/* Every failure prints one line that names what is wrong. */
static void test_error_messages(void **state) {
	char *err;

	(void)state;
	err = PARSE_REFUSED("create", "x", "--swap", "--bogus");
	assert_non_null(strstr(err, "--bogus"));
	assert_int_equal(count_lines(err), 1);
	free(err);

	err = PARSE_REFUSED("create", "x", "--swap", "--zram", "12X");
	assert_non_null(strstr(err, "'12X'"));
	assert_int_equal(count_lines(err), 1);
	free(err);

	err = PARSE_REFUSED("create", "x", "y", "--swap");
	assert_non_null(strstr(err, "'y'"));
	free(err);
}

/* The refusal names the spec and why, in one line; plain (size-dependent) passes parsing. */
static void test_weak_cipher_message(void **state) {
	struct create_options o;
	char *err;

	(void)state;
	err = PARSE_REFUSED("create", "x", "--raw", "--device", "/dev/vda", "--cipher",
	                    "aes-cbc-null");
	assert_non_null(strstr(err, "Cipher aes-cbc-null refused: a null IV"));
	assert_non_null(strstr(err, "use plain64.\n"));
	assert_int_equal(count_lines(err), 1);
	free(err);

	assert_int_equal(PARSE(&o, "create", "x", "--raw", "--device", "/dev/vda", "--cipher",
	                       "aes-xts-plain"),
	                 0);
	assert_string_equal(o.cipher_mode, "xts-plain");
	create_options_done(&o);
}

/* Regression (was a bug): create_options_parse() (src/cli/create-options.c, case '?') prints a
 * garbled message for a long option that lacks its argument or takes none: glibc sets optopt to the
 * option's val (ARG_MOUNT = 0x101, ARG_SWAP = 0x100), so the code prints "Option '-\x01' is not
 * known" (or a NUL byte) instead of naming --mount / --swap. Inputs: create x --mount; create x
 * --swap=yes. Expected a line naming the option. */
static void test_error_message_missing_argument(void **state) {
	struct create_options o;
	struct unit_capture c;
	char *err1, *err2;

	(void)state;
	log_set_max_level(LOG_NOTICE);
	capture_begin(&c, STDERR_FILENO);
	(void)PARSE(&o, "create", "x", "--mount");
	err1 = capture_end(&c);
	capture_begin(&c, STDERR_FILENO);
	(void)PARSE(&o, "create", "x", "--swap=yes");
	err2 = capture_end(&c);
	log_set_max_level(-1);
	assert_non_null(strstr(err1, "--mount"));
	assert_non_null(strstr(err2, "--swap"));
	free(err1);
	free(err2);
}

/* ---- zram sizes ---- */

static uint64_t resolve(const char *expr, uint64_t ram) {
	struct create_options o = { .zram_size = expr };
	struct size_expr_error e = {};
	uint64_t size = 7;

	assert_int_equal(zram_size_resolve(&o, ram, &size, &e), 0);
	assert_string_equal(e.message, "");
	return size;
}

static void expect_resolve_error(const char *expr, uint64_t ram, int error) {
	struct create_options o = { .zram_size = expr };
	struct size_expr_error e = {};
	uint64_t size = 7;

	assert_int_equal(zram_size_resolve(&o, ram, &size, &e), error);
	assert_true(size == 7); /* untouched on failure */
}

static void test_zram_size_resolve(void **state) {
	(void)state;
	/* the default, min(ram / 2, 4096M), in whole pages */
	assert_true(resolve(NULL, 8 * GIB) == 4 * GIB);
	assert_true(resolve(NULL, 64 * GIB) == 4 * GIB); /* capped */
	assert_true(resolve(NULL, 2 * GIB) == GIB);
	assert_true(resolve(NULL, 6 * GIB + 12345) == 3 * GIB + 8192); /* rounded up */
	assert_true(resolve(ZRAM_DEFAULT_SIZE, GIB) == GIB / 2);

	/* percent of RAM, whole pages rounded up */
	assert_true(resolve("25%", 8 * GIB) == 2 * GIB);
	assert_true(resolve("100%", 8 * GIB) == 8 * GIB);
	assert_true(resolve("150%", 2 * GIB) == 3 * GIB); /* zram compresses */
	assert_true(resolve("33%", 1000 * MIB) % 4096 == 0);
	assert_true(resolve("33%", 1000 * MIB) >= 330 * MIB);
	assert_true(resolve("33%", 1000 * MIB) <= 330 * MIB + 4096);

	/* absolute, rounded up to a page, not limited by RAM */
	assert_true(resolve("64M", 4 * GIB) == 64 * MIB);
	assert_true(resolve("1048577", 4 * GIB) == MIB + 4096);
	assert_true(resolve("1M", 4 * GIB) == MIB);
	assert_true(resolve("16G", 4 * GIB) == 16 * GIB);
	assert_true(resolve("min(ram / 4, 1G) + 64M", 2 * GIB) == 512 * MIB + 64 * MIB);

	/* too small, too large, or wrong only for this RAM */
	expect_resolve_error("1000000", 4 * GIB, -ERANGE); /* 1003520 < 1 MiB */
	expect_resolve_error("4096", 4 * GIB, -ERANGE);
	expect_resolve_error("18446744073709551615", 4 * GIB, -ERANGE);
	expect_resolve_error("1%", 64 * MIB, -ERANGE);
	expect_resolve_error(NULL, MIB, -ERANGE);
	expect_resolve_error("ram - 8G", 4 * GIB, -ERANGE);
	expect_resolve_error("ram / (ram - ram)", 4 * GIB, -EDOM);
	expect_resolve_error("min(ram", 4 * GIB, -EINVAL);
}

/* ---- sector_size_pick ---- */

static void test_sector_size_pick(void **state) {
	unsigned s = 7;

	(void)state;
	/* default: 4096 when the size allows */
	assert_int_equal(sector_size_pick(GIB, 512, 0, &s), 0);
	assert_int_equal(s, 4096);
	assert_int_equal(sector_size_pick(GIB, 4096, 0, &s), 0);
	assert_int_equal(s, 4096);
	/* sizes that are only multiples of smaller powers of two */
	assert_int_equal(sector_size_pick(GIB + 512, 512, 0, &s), 0);
	assert_int_equal(s, 512);
	assert_int_equal(sector_size_pick(GIB + 1024, 512, 0, &s), 0);
	assert_int_equal(s, 1024);
	assert_int_equal(sector_size_pick(GIB + 2048, 512, 0, &s), 0);
	assert_int_equal(s, 2048);
	assert_int_equal(sector_size_pick(GIB + 2048, 1024, 0, &s), 0);
	assert_int_equal(s, 2048);
	/* requests */
	assert_int_equal(sector_size_pick(GIB, 512, 512, &s), 0);
	assert_int_equal(s, 512);
	assert_int_equal(sector_size_pick(GIB, 512, 1024, &s), 0);
	assert_int_equal(s, 1024);
	assert_int_equal(sector_size_pick(GIB, 4096, 4096, &s), 0);
	assert_int_equal(s, 4096);

	s = 7;
	/* below the logical block size */
	assert_int_equal(sector_size_pick(GIB, 4096, 512, &s), -EINVAL);
	assert_int_equal(sector_size_pick(GIB, 4096, 2048, &s), -EINVAL);
	/* size not a multiple of the request */
	assert_int_equal(sector_size_pick(GIB + 512, 512, 4096, &s), -EINVAL);
	/* no sector size fits: 4096-byte logical blocks, size a multiple of 512 only */
	assert_int_equal(sector_size_pick(GIB + 512, 4096, 0, &s), -EINVAL);
	/* size not even a multiple of 512 */
	assert_int_equal(sector_size_pick(GIB + 100, 512, 0, &s), -EINVAL);
	assert_int_equal(s, 7);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_zram_swap),
		cmocka_unit_test(test_defaults_zram_mount),
		cmocka_unit_test(test_defaults_device),
		cmocka_unit_test(test_file_backing),
		cmocka_unit_test(test_zram_size_spellings),
		cmocka_unit_test(test_name_position),
		cmocka_unit_test(test_all_options),
		cmocka_unit_test(test_cipher_adiantum),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_errors_options),
		cmocka_unit_test(test_errors_name),
		cmocka_unit_test(test_errors_role),
		cmocka_unit_test(test_errors_backend),
		cmocka_unit_test(test_errors_values),
		cmocka_unit_test(test_errors_backend_specific),
		cmocka_unit_test(test_reparse),
		cmocka_unit_test(test_error_messages),
		cmocka_unit_test(test_weak_cipher_message),
		cmocka_unit_test(test_error_message_missing_argument),
		cmocka_unit_test(test_zram_size_resolve),
		cmocka_unit_test(test_zram_writeback_options),
		cmocka_unit_test(test_sector_size_pick),
	};

	return cmocka_run_group_tests(tests, quiet_setup, NULL);
}
