/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/conf-parse.c: each value judged as create judges its option, with file:line. */
#include "unit.h"

#include "conf-helpers.h"

/* ---- values, judged as the line is read ---- */

static void test_parse_values(void **state) {
	_cleanup_(conf_freep) struct conf *c = NULL;
	const struct conf_volume *v;

	(void)state;
	expect_parse_error("[a]\nrole = Swap\n",
	                   FILE_NAME ":2: invalid role 'Swap' in [a]: expected swap, tmp or raw");
	expect_parse_error("[a]\nrole = mount\n",
	                   FILE_NAME ":2: invalid role 'mount' in [a]: expected swap, tmp or raw");
	expect_parse_error("[a]\nbackend = file\n",
	                   FILE_NAME ":2: invalid backend 'file' in [a]: expected zram or disk");
	expect_parse_error("[a]\nmount = tmp\n",
	                   FILE_NAME ":2: mount point 'tmp' in [a] is not an absolute path");
	expect_parse_error("[a]\nsize = 4X\n", FILE_NAME
	                   ":2: invalid size '4X' in [a]: invalid size suffix 'X' at offset 1 "
	                   "(expected e.g. 512M, 25% or min(ram / 2, 4096M))");
	expect_parse_error("[a]\nsize = min(ram / 2, 4096M\n", FILE_NAME
	                   ":2: invalid size 'min(ram / 2, 4096M' in [a]: expected ',' or ')' "
	                   "at offset 18 (expected e.g. 512M, 25% or min(ram / 2, "
	                   "4096M))");
	for (const char *const *k =
	             (const char *const[]){ "workqueues", "force", "discard", "nofail", NULL };
	     *k; k++) {
		char text[64], msg[256];

		snprintf(text, sizeof(text), "[a]\n%s = maybe\n", *k);
		snprintf(msg, sizeof(msg),
		         FILE_NAME ":2: invalid value 'maybe' for %s in [a]: expected yes, no, "
		                   "true, false, 1 or 0",
		         *k);
		expect_parse_error(text, msg);
	}
	expect_parse_error("[a]\nnofail = on\n",
	                   FILE_NAME ":2: invalid value 'on' for nofail in [a]: expected yes, no, "
	                             "true, false, 1 or 0");

	/* What depends on RAM or on other keys is no error yet. */
	c = parse_ok("[a]\nsize = 0\n[b]\nsize = 1.5G\n[c]\nnofail = Yes\ndiscard = FALSE\n"
	             "force = 1\nworkqueues = 0\n");
	v = conf_volume_by_name(c, "c");
	assert_true(conf_volume_get_bool(v, "nofail"));
	assert_false(conf_volume_get_bool(v, "discard"));
	assert_true(conf_volume_get_bool(v, "force"));
	assert_false(conf_volume_get_bool(v, "workqueues"));
	assert_false(conf_volume_get_bool(conf_volume_by_name(c, "a"), "nofail")); /* unset */
	assert_false(conf_volume_get_bool(v, "role"));                             /* not bool */
	assert_false(conf_volume_get_bool(v, "nonsense"));
	assert_false(conf_volume_get_bool(NULL, "nofail"));
}

/* Regression: mem-limit and writeback-limit were taken as any text, and a value near 2^64
 * reached the kernel, which takes it as "no limit" (or, rounded by ephvol, as none left). */
static void test_parse_zram_limits(void **state) {
	_cleanup_(conf_freep) struct conf *c = NULL;

	(void)state;
	expect_parse_error("[a]\nwriteback-limit = 18446744073709551615\n",
	                   FILE_NAME ":2: invalid writeback-limit '18446744073709551615' in [a]: "
	                             "expected 1 to 18446744073709486080 bytes, with an optional "
	                             "K, M, G, T or P suffix");
	expect_parse_error("[a]\nrole = swap\nmem-limit = 16384P\n",
	                   FILE_NAME ":3: invalid mem-limit '16384P' in [a]: expected 1 to "
	                             "18446744073709486080 bytes: a size with an optional K, M, "
	                             "G, T or P suffix, a share of RAM such as 10%, or an "
	                             "expression");
	expect_parse_error("[a]\nmem-limit = 0\n",
	                   FILE_NAME ":2: invalid mem-limit '0' in [a]: expected 1 to "
	                             "18446744073709486080 bytes: a size with an optional K, M, "
	                             "G, T or P suffix, a share of RAM such as 10%, or an "
	                             "expression");
	expect_parse_error("[a]\nmem-limit = lots\n",
	                   FILE_NAME ":2: invalid mem-limit 'lots' in [a]: unknown name 'lots' "
	                             "at offset 0 (expected e.g. 512M, 25% or min(ram / 2, "
	                             "4096M))");
	c = parse_ok("[a]\nmem-limit = 16383P\nwriteback-limit = 18446744073709486080\n"
	             "[b]\nmem-limit = 512M\nwriteback-limit =\n");
	assert_string_equal(conf_volume_get(conf_volume_by_name(c, "a"), "writeback-limit"),
	                    "18446744073709486080");
}

/* Regression: a value create refuses (key-size = 99, a cipher that is no spec or does not protect
 * the data, ...) was taken as the line was read, and refused only when the volume was built,
 * by create, without the file and line. */
static void test_parse_create_values(void **state) {
	_cleanup_(conf_freep) struct conf *c = NULL;

	(void)state;
	expect_parse_error("[a]\nrole = raw\nkey-size = 99\n", FILE_NAME
	                   ":3: invalid key-size '99' in [a]: expected bits, a multiple of "
	                   "8 from 128 to 1024");
	expect_parse_error("[a]\nsector-size = 1000\n",
	                   FILE_NAME ":2: invalid sector-size '1000' in [a]: expected 512, 1024, "
	                             "2048 or 4096");
	expect_parse_error("[a]\npriority = 40000\n",
	                   FILE_NAME ":2: invalid priority '40000' in [a]: expected 0 to 32767");
	expect_parse_error("[a]\nfs = ntfs\n", FILE_NAME
	                   ":2: invalid fs 'ntfs' in [a]: expected ext4, ext2, xfs or btrfs");
	expect_parse_error("[a]\nmode = 8888\n", FILE_NAME
	                   ":2: invalid mode '8888' in [a]: expected an octal mode such as "
	                   "1777");
	expect_parse_error("[a]\nowner = root\n",
	                   FILE_NAME ":2: invalid owner 'root' in [a]: expected UID:GID");
	expect_parse_error("[a]\ncomp-algorithm = lz4 zstd\n",
	                   FILE_NAME ":2: invalid comp-algorithm 'lz4 zstd' in [a]");
	expect_parse_error("[a]\nwriteback = wb.img\n",
	                   FILE_NAME ":2: invalid writeback 'wb.img' in [a]: expected an absolute "
	                             "path, LABEL=, PARTUUID= or PARTLABEL=");
	expect_parse_error("[a]\nfile = disk.img\n",
	                   FILE_NAME ":2: backing file 'disk.img' in [a] is not an absolute path");
	expect_parse_error("[a]\ncipher = AES-XTS-PLAIN64\n",
	                   FILE_NAME ":2: invalid cipher 'AES-XTS-PLAIN64' in [a]: expected a "
	                             "kernel cipher spec such as aes-xts-plain64");
	expect_parse_error("[a]\ncipher = aes-cbc-null\n", FILE_NAME
	                   ":2: invalid cipher 'aes-cbc-null' in [a]: a null IV is the "
	                   "same for every sector, so equal data at the same place in two "
	                   "sectors encrypts alike; use plain64");

	/* What create accepts is taken; auto is left to the CPU that creates the volume. */
	c = parse_ok("[a]\nkey-size = 256\nsector-size = 512\npriority = 0\nfs = btrfs\n"
	             "mode = 0750\nowner = 1000:100\ncomp-algorithm = lzo-rle\ncipher = auto\n"
	             "writeback = PARTUUID=1234\nfile = /var/tmp/f.img\n[b]\n"
	             "cipher = xchacha12,aes-adiantum-plain64\n");
	assert_string_equal(conf_volume_get(conf_volume_by_name(c, "a"), "owner"), "1000:100");
}

/* Regression: a size create refuses once the backend is known (0 for zram; for a file, not a
 * multiple of 4096) was taken, and refused by create without the file and line. */
static void test_argv_size_values(void **state) {
	(void)state;
	expect_argv_error("[a]\nrole = swap\n\nsize = 0\n", "a",
	                  FILE_NAME
	                  ":4: invalid size '0' in [a]: result is zero at offset 0 (expected e.g. "
	                  "512M, 25% or min(ram / 2, 4096M))");
	expect_argv_error("[a]\nrole = swap\nsize = 2G - 4G\n", "a",
	                  FILE_NAME
	                  ":3: invalid size '2G - 4G' in [a]: result is negative at offset 0 "
	                  "(expected e.g. 512M, 25% or min(ram / 2, 4096M))");
	expect_argv_error("[a]\nrole = raw\nfile = /f\nsize = 4097\n", "a",
	                  FILE_NAME
	                  ":4: invalid size '4097' for file in [a]: expected a multiple of "
	                  "4096 bytes");
	expect_argv_error("[a]\nrole = raw\nfile = /f\nsize = 0\n", "a",
	                  FILE_NAME ":4: invalid size '0' for file in [a]: expected bytes with an "
	                            "optional K, M, G or T suffix");
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_values),
		cmocka_unit_test(test_parse_zram_limits),
		cmocka_unit_test(test_parse_create_values),
		cmocka_unit_test(test_argv_size_values),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
