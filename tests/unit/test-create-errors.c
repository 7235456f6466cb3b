/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/cli/create-options.c: the arguments `ephvol create` refuses, and how it says so. */
#include "unit.h"

#include "create-helpers.h"

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
	assert_string_equal(o.mem_limit, "512M");
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
	assert_string_equal(o.mem_limit, "16383P");
	create_options_done(&o);
	/* A share of RAM, or an expression, as --zram takes: resolved at create. */
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--mem-limit", "10%"), 0);
	assert_string_equal(o.mem_limit, "10%");
	create_options_done(&o);
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--mem-limit", "min(ram / 8, 2G)"), 0);
	assert_string_equal(o.mem_limit, "min(ram / 8, 2G)");
	create_options_done(&o);
	EXPECT_EINVAL("create", "z", "--swap", "--mem-limit", "0%");
	EXPECT_EINVAL("create", "z", "--swap", "--mem-limit", "10% +");
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--writeback", "/wb",
	                       "--writeback-idle-age", "1h30min"),
	                 0);
	assert_true(o.writeback_idle_age == 5400);
	create_options_done(&o);
	EXPECT_EINVAL("create", "z", "--swap", "--writeback", "/wb", "--writeback-idle-age", "0");
	EXPECT_EINVAL("create", "z", "--swap", "--writeback", "/wb", "--writeback-idle-age",
	              "1.5h");
	EXPECT_EINVAL("create", "z", "--swap", "--writeback", "/wb", "--writeback-idle-age",
	              "soon");
	EXPECT_EINVAL("create", "z", "--swap", "--writeback-idle-age", "1h");
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

/* --integrity aead: each wrong combination is one line naming it, before anything is built. */
static void test_integrity_refusals(void **state) {
	static const struct {
		const char *args[6];
		const char *message;
	} cases[] = {
		{ { "--integrity", "hmac-sha256" },
		  "Invalid --integrity 'hmac-sha256': expected aead" },
		{ { "--integrity", "aead", "--cipher", "aes-xts-plain64" },
		  "Volume x: --integrity aead takes --cipher aegis128-random, aes-gcm-random, "
		  "chacha20-poly1305-random or aes-xts-hmac-sha256-random, not aes-xts-plain64." },
		{ { "--integrity", "aead", "--key-size", "256" },
		  "Volume x: cipher aegis128-random takes a 128-bit key, not 256." },
		{ { "--cipher", "aes-gcm-random" },
		  "Volume x: cipher aes-gcm-random needs --integrity aead." },
	};
	char *err;

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
		char *argv[12] = { (char *)"create", (char *)"x", (char *)"--raw",
			           (char *)"--device", (char *)"/dev/vda" };
		int argc = 5;

		for (size_t k = 0; k < ELEMENTSOF(cases[i].args) && cases[i].args[k]; k++)
			argv[argc++] = (char *)cases[i].args[k];
		err = parse_refused(argc, argv);
		if (!strstr(err, cases[i].message))
			fail_msg("case %zu: got '%s'", i, err);
		assert_int_equal(count_lines(err), 1);
		free(err);
	}
	/* A file system whose reads before writes were not measured. */
	err = PARSE_REFUSED("create", "x", "--mount", "/mnt", "--device", "/dev/vda", "--fs", "xfs",
	                    "--integrity", "aead");
	assert_non_null(strstr(err, "Volume x: --integrity aead takes --fs ext4 or ext2."));
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

/* The refusals of an option on the wrong kind of volume name every option of the rule, in one
 * line, as create has always named them. */
static void test_need_messages(void **state) {
	static const struct {
		const char *option, *value, *message;
	} cases[] = {
		{ "--size", "64M",
		  "Volume x: --size applies to --file only (use --zram SIZE for zram).\n" },
		{ "--priority", "5", "Volume x: --priority applies to --swap only.\n" },
		{ "--mount-options", "noatime",
		  "Volume x: --mount-options applies to --mount only.\n" },
		{ "--writeback-limit", "1M",
		  "Volume x: --writeback-limit and --writeback-idle-age need --writeback.\n" },
		{ "--writeback-idle-age", "1h",
		  "Volume x: --writeback-limit and --writeback-idle-age need --writeback.\n" },
		{ "--key-size", "256",
		  "Volume x: --cipher, --key-size, --sector-size, --integrity, --workqueues and "
		  "--force apply to --device, --file and --writeback only (zram keeps data in "
		  "RAM).\n" },
		{ "--integrity", "aead",
		  "Volume x: --cipher, --key-size, --sector-size, --integrity, --workqueues and "
		  "--force apply to --device, --file and --writeback only (zram keeps data in "
		  "RAM).\n" },
	};
	char *err;

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
		err = PARSE_REFUSED("create", "x", "--raw", (char *)cases[i].option,
		                    (char *)cases[i].value);
		assert_non_null(strstr(err, cases[i].message));
		assert_int_equal(count_lines(err), 1);
		free(err);
	}
	err = PARSE_REFUSED("create", "x", "--raw", "--device", "/dev/vda", "--mem-limit", "1M");
	assert_non_null(strstr(err, "Volume x: --comp-algorithm, --recomp-algorithm, --comp-level, "
	                            "--comp-dict, --mem-limit and --writeback apply to --zram "
	                            "only.\n"));
	free(err);
}

/* --comp-algorithm auto picks the level too: refused with the options, before anything
 * is built (it was found after the zram device had been added). */
static void test_auto_with_level(void **state) {
	struct create_options o;
	char *err;

	(void)state;
	err = PARSE_REFUSED("create", "z", "--swap", "--comp-algorithm", "auto", "--comp-level",
	                    "3");
	assert_non_null(strstr(
	        err, "Volume z: --comp-level: --comp-algorithm auto picks the level as well.\n"));
	assert_int_equal(count_lines(err), 1);
	free(err);
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--comp-algorithm", "auto"), 0);
	create_options_done(&o);
	assert_int_equal(
	        PARSE(&o, "create", "z", "--swap", "--comp-algorithm", "zstd", "--comp-level", "3"),
	        0);
	create_options_done(&o);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors_options),
		cmocka_unit_test(test_errors_name),
		cmocka_unit_test(test_errors_role),
		cmocka_unit_test(test_errors_backend),
		cmocka_unit_test(test_errors_values),
		cmocka_unit_test(test_errors_backend_specific),
		cmocka_unit_test(test_zram_writeback_options),
		cmocka_unit_test(test_reparse),
		cmocka_unit_test(test_error_messages),
		cmocka_unit_test(test_need_messages),
		cmocka_unit_test(test_auto_with_level),
		cmocka_unit_test(test_weak_cipher_message),
		cmocka_unit_test(test_integrity_refusals),
		cmocka_unit_test(test_error_message_missing_argument),
	};

	return cmocka_run_group_tests(tests, quiet_setup, NULL);
}
