/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/conf-argv.c: a volume as the arguments of `ephvol create`, and the fuzzers'
 * seed corpus. */
#include "unit.h"

#include <dirent.h>

#include "conf-helpers.h"

/* ---- conf_volume_to_argv ---- */

static void test_argv_every_key(void **state) {
	_cleanup_(conf_freep) struct conf *c = NULL;

	(void)state;
	/* Keys come out in one fixed order, whatever the order of the lines. */
	c = parse_ok("[zs]\n"
	             "nofail = yes\n"
	             "discard = yes\n"
	             "force = yes\n"
	             "workqueues = yes\n"
	             "writeback-limit = 8G\n"
	             "writeback = PARTLABEL=zram-wb\n"
	             "mem-limit = 2G\n"
	             "recomp-algorithm = lz4hc\n"
	             "comp-algorithm = zstd\n"
	             "priority = 5\n"
	             "sector-size = 4096\n"
	             "key-size = 256\n"
	             "cipher = xchacha12,aes-adiantum-plain64\n"
	             "size = 25%\n"
	             "backend = zram\n"
	             "role = swap\n"
	             "\n"
	             "[scratch]\n"
	             "role = tmp\n"
	             "mount = /scratch\n"
	             "backend = disk\n"
	             "file = /var/tmp/scratch.img\n"
	             "size = 8G\n"
	             "cipher = aes-xts-plain64\n"
	             "key-size = 512\n"
	             "sector-size = 512\n"
	             "fs = xfs\n"
	             "mode = 1770\n"
	             "owner = 1000:100\n"
	             "mount-options = noatime,uid=1\n"
	             "workqueues = no\n"
	             "force = false\n"
	             "discard = no\n"
	             "nofail = 0\n"
	             "\n"
	             "[r]\n"
	             "role = raw\n"
	             "device = /dev/disk/by-partlabel/r\n"
	             "\n"
	             "[file-only]\n"
	             "role = raw\n"
	             "file = /var/tmp/f.img\n"
	             "\n"
	             "[z]\n"
	             "role = raw\n");

	expect_argv(conf_volume_by_name(c, "zs"),
	            (const char *const[]){ "create",
	                                   "zs",
	                                   "--swap",
	                                   "--zram=25%",
	                                   "--cipher",
	                                   "xchacha12,aes-adiantum-plain64",
	                                   "--key-size",
	                                   "256",
	                                   "--sector-size",
	                                   "4096",
	                                   "--priority",
	                                   "5",
	                                   "--comp-algorithm",
	                                   "zstd",
	                                   "--recomp-algorithm",
	                                   "lz4hc",
	                                   "--mem-limit",
	                                   "2G",
	                                   "--writeback",
	                                   "PARTLABEL=zram-wb",
	                                   "--writeback-limit",
	                                   "8G",
	                                   "--workqueues",
	                                   "--force",
	                                   NULL });
	expect_argv(conf_volume_by_name(c, "scratch"),
	            (const char *const[]){ "create",
	                                   "scratch",
	                                   "--mount",
	                                   "/scratch",
	                                   "--file",
	                                   "/var/tmp/scratch.img",
	                                   "--size",
	                                   "8G",
	                                   "--cipher",
	                                   "aes-xts-plain64",
	                                   "--key-size",
	                                   "512",
	                                   "--sector-size",
	                                   "512",
	                                   "--fs",
	                                   "xfs",
	                                   "--mode",
	                                   "1770",
	                                   "--owner",
	                                   "1000:100",
	                                   "--mount-options",
	                                   "noatime,uid=1",
	                                   NULL });
	/* no backend: device or file make it disk, else zram with the default size */
	expect_argv(conf_volume_by_name(c, "r"),
	            (const char *const[]){ "create", "r", "--raw", "--device",
	                                   "/dev/disk/by-partlabel/r", NULL });
	expect_argv(conf_volume_by_name(c, "file-only"),
	            (const char *const[]){ "create", "file-only", "--raw", "--file",
	                                   "/var/tmp/f.img", NULL });
	expect_argv(conf_volume_by_name(c, "z"),
	            (const char *const[]){ "create", "z", "--raw", "--zram", NULL });
}

/* Values that look like options stay values: each is its own word after its option. */
static void test_argv_values_stay_values(void **state) {
	_cleanup_(conf_freep) struct conf *c = NULL;
	_cleanup_(strv_freep) char **argv = NULL;

	(void)state;
	c = parse_ok("[x]\nrole = raw\nbackend = disk\ndevice = --force\nmount-options = --\n");
	assert_int_equal(conf_volume_to_argv(conf_volume_by_index(c, 0), &argv, NULL), 0);
	assert_string_equal(argv[3], "--device");
	assert_string_equal(argv[4], "--force");
	assert_string_equal(argv[5], "--mount-options");
	assert_string_equal(argv[6], "--");
	assert_null(argv[7]);
}

static void test_argv_errors(void **state) {
	(void)state;
	expect_argv_error("[a]\nfs = xfs\n", "a",
	                  FILE_NAME ":1: no role in [a]: set role = swap, tmp or raw");
	expect_argv_error("\n[a]\nrole =\n", "a",
	                  FILE_NAME ":2: no role in [a]: set role = swap, tmp or raw");
	expect_argv_error("[a]\nfs = xfs\nrole = tmp\n", "a",
	                  FILE_NAME ":3: role tmp in [a] needs mount = DIR");
	expect_argv_error("[a]\nmount = /x\nrole = swap\n", "a",
	                  FILE_NAME ":2: mount in [a] applies to role tmp only, not swap");
	expect_argv_error("[a]\nrole = raw\nbackend = disk\n", "a",
	                  FILE_NAME ":3: backend disk in [a] needs device or file");
	expect_argv_error("[a]\nrole = raw\nbackend = zram\ndevice = /dev/sdz1\n", "a",
	                  FILE_NAME ":4: device in [a] applies to backend disk only");
	expect_argv_error("[a]\nrole = raw\nfile = /f\nbackend = zram\n", "a",
	                  FILE_NAME ":3: file in [a] applies to backend disk only");
	expect_argv_error("[a]\nrole = raw\ndevice = /dev/sdz1\nfile = /f\n", "a",
	                  FILE_NAME ":4: device and file in [a] exclude each other");
	expect_argv_error("[a]\nrole = raw\nfile = /f\ndevice = /dev/sdz1\n", "a",
	                  FILE_NAME ":4: device and file in [a] exclude each other");
	expect_argv_error("[a]\nrole = raw\ndevice = /dev/sdz1\nsize = 4G\n", "a",
	                  FILE_NAME ":4: size in [a] applies to backend zram or to file, not to "
	                            "device");
	expect_argv_error("[a]\nrole = raw\nfile = /f\nsize = min(ram, 4G)\n", "a",
	                  FILE_NAME ":4: invalid size 'min(ram, 4G)' for file in [a]: expected "
	                            "bytes with an optional K, M, G or T suffix");
}

/* Cross-key errors name the file where the key at fault was set. */
static void test_argv_errors_across_files(void **state) {
	_cleanup_(conf_freep) struct conf *c = parse_ok("[a]\nrole = swap\n");
	_cleanup_(strv_freep) char **argv = NULL;
	_cleanup_free_ char *error = NULL;

	(void)state;
	assert_int_equal(PARSE(c, "[a]\n\nmount = /m\n", "/run/m.conf"), 0);
	assert_int_equal(conf_volume_to_argv(conf_volume_by_index(c, 0), &argv, &error), -EINVAL);
	assert_string_equal(error,
	                    "/run/m.conf:3: mount in [a] applies to role tmp only, not swap");
	free(error);
	error = NULL;
	assert_int_equal(PARSE(c, "[a]\nrole = tmp\n", "/run/n.conf"), 0);
	assert_int_equal(conf_volume_to_argv(conf_volume_by_index(c, 0), &argv, &error), 0);
	assert_null(error);
	assert_string_equal(argv[2], "--mount");
	assert_string_equal(argv[3], "/m");
}

/* ---- the fuzzers' seed corpus: ok-* parse and convert, bad-* fail with file:line ---- */

static void corpus_one(const char *dir, const char *name) {
	_cleanup_(conf_freep) struct conf *c = conf_new();
	_cleanup_free_ char *path = NULL, *text = NULL, *error = NULL;
	size_t size = 0;
	int r;

	assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
	{
		FILE *f = fopen(path, "re");
		char buf[4096];
		size_t k;

		assert_non_null(f);
		text = malloc(CONF_FILE_MAX);
		assert_non_null(text);
		while ((k = fread(buf, 1, sizeof(buf), f)) > 0) {
			assert_true(size + k <= CONF_FILE_MAX);
			memcpy(text + size, buf, k);
			size += k;
		}
		fclose(f);
	}
	r = conf_parse_string(c, text, size, name, &error);
	if (strncmp(name, "ok-", 3) == 0) {
		if (r != 0)
			print_error("%s: %d %s\n", name, r, strna(error));
		assert_int_equal(r, 0);
		assert_true(conf_n_volumes(c) > 0);
		for (size_t i = 0; i < conf_n_volumes(c); i++) {
			_cleanup_(strv_freep) char **argv = NULL;
			struct create_options o;

			assert_int_equal(
			        conf_volume_to_argv(conf_volume_by_index(c, i), &argv, NULL), 0);
			assert_int_equal(create_options_parse(argv_count(argv), argv, &o), 0);
			create_options_done(&o);
		}
	} else {
		char prefix[256];

		snprintf(prefix, sizeof(prefix), "%s:", name);
		if (r != -EINVAL || !error || strncmp(error, prefix, strlen(prefix)) != 0)
			print_error("%s: %d %s\n", name, r, strna(error));
		assert_int_equal(r, -EINVAL);
		assert_non_null(error);
		assert_memory_equal(error, prefix, strlen(prefix));
	}
}

static void test_corpus(void **state) {
	_cleanup_free_ char *dir = unit_fixture_path("../fuzz/corpus/conf");
	struct dirent **names = NULL;
	int n, n_ok = 0, n_bad = 0;

	(void)state;
	assert_non_null(dir);
	n = scandir(dir, &names, NULL, alphasort);
	assert_true(n > 0);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (strncmp(name, "ok-", 3) == 0 || strncmp(name, "bad-", 4) == 0) {
			n_ok += name[0] == 'o';
			n_bad += name[0] == 'b';
			corpus_one(dir, name);
		}
		free(names[i]);
	}
	free(names);
	assert_true(n_ok >= 3);
	assert_true(n_bad >= 5);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_every_key),
		cmocka_unit_test(test_argv_values_stay_values),
		cmocka_unit_test(test_argv_errors),
		cmocka_unit_test(test_argv_errors_across_files),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
