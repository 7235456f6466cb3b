/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/conf-load.c: reading the files below a root, with the fixture trees in
 * tests/fixtures/conf and scratch trees. */
#include "unit.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf-helpers.h"

static void test_load_layers(void **state) {
	_cleanup_(conf_freep) struct conf *c = load_fixture("conf/layers");
	const struct conf_volume *p, *r, *late;

	(void)state;
	/* In order of first appearance; the masked drop-ins define nothing, the files that
	 * are not drop-ins (README, .hidden.conf, *.conf.disabled) are not read. */
	assert_int_equal(conf_n_volumes(c), 3);
	p = conf_volume_by_index(c, 0);
	r = conf_volume_by_index(c, 1);
	late = conf_volume_by_index(c, 2);
	assert_string_equal(conf_volume_name(p), "p");
	assert_string_equal(conf_volume_name(r), "r");
	assert_string_equal(conf_volume_name(late), "late");
	assert_null(conf_volume_by_index(c, 3));
	assert_null(conf_volume_by_name(c, "masked-null"));
	assert_null(conf_volume_by_name(c, "masked-empty"));
	assert_ptr_equal(conf_volume_by_name(c, "r"), r);

	/* Per key, the last source that sets it. /usr/lib's 99-* comes before /etc/ephvol.conf,
	 * which comes before all drop-ins of /etc and /run, those in one order of names. */
	expect_key(p, "role", "swap", USR "10-vendor.conf", 3);
	expect_key(p, "sector-size", "1024", USR "99-vendor-late.conf", 4);
	expect_key(p, "comp-algorithm", "zstd", MAIN, 4);
	expect_key(p, "cipher", "c-run", RUN "20-runtime.conf", 5);
	expect_key(p, "priority", "4", ETC "50-admin.conf", 3);
	expect_key(p, "mem-limit", "2G", ETC "50-admin.conf", 2);
	expect_key(p, "key-size", "512", RUN "70-runtime.conf", 2);
	/* an empty value resets to the default */
	expect_key(p, "recomp-algorithm", NULL, NULL, 0);
	expect_key(p, "fs", NULL, NULL, 0);

	/* /etc's 30-replaced.conf replaced /usr/lib's (whose cipher and priority are gone),
	 * and is read after /etc/ephvol.conf; /run's 60-twice.conf replaced /etc's. */
	expect_key(r, "role", "swap", ETC "30-replaced.conf", 3);
	expect_key(r, "mount", NULL, NULL, 0);
	expect_key(r, "cipher", NULL, NULL, 0);
	expect_key(r, "priority", NULL, NULL, 0);
	expect_key(r, "fs", "xfs", RUN "60-twice.conf", 2);

	/* Symlinked drop-ins are read through the link, below the root. */
	expect_key(late, "role", "raw", RUN "70-runtime.conf", 5);
	expect_key(late, "fs", "btrfs", RUN "75-relative-link.conf", 3);
	expect_key(late, "owner", "1:2", RUN "76-absolute-link.conf", 3);
}

static void test_load_spec_example(void **state) {
	_cleanup_(conf_freep) struct conf *c = load_fixture("conf/spec");

	(void)state;
	assert_int_equal(conf_n_volumes(c), 2);
	expect_key(conf_volume_by_index(c, 0), "size", "min(ram / 2, 4096M)", MAIN, 5);
	expect_argv(conf_volume_by_index(c, 0),
	            (const char *const[]){ "create", "swap", "--swap", "--zram=min(ram / 2, 4096M)",
	                                   "--priority", "100", NULL });
	expect_argv(conf_volume_by_index(c, 1),
	            (const char *const[]){ "create", "tmp", "--mount", "/tmp", "--device",
	                                   "PARTLABEL=scratch", "--fs", "ext4", NULL });
}

static void test_load_error(void **state) {
	_cleanup_free_ char *root = unit_fixture_path("conf/error");
	_cleanup_free_ char *error = NULL;
	struct conf *c = (struct conf *)0x1;

	(void)state;
	assert_non_null(root);
	assert_int_equal(conf_load(root, &c, &error), -EINVAL);
	assert_string_equal(error,
	                    "/etc/ephvol.conf.d/10-swap.conf:3: unknown key 'sise' in [swap]");
	assert_ptr_equal(c, (struct conf *)0x1); /* not written on failure */

	/* ret_error may be NULL */
	assert_int_equal(conf_load(root, &c, NULL), -EINVAL);
	assert_ptr_equal(c, (struct conf *)0x1);
}

static void test_load_nothing(void **state) {
	_cleanup_(conf_freep) struct conf *c = load_fixture("conf/none");
	_cleanup_(conf_freep) struct conf *c2 = NULL;
	_cleanup_free_ char *root = unit_fixture_path("conf/none");
	_cleanup_free_ char *missing = NULL;

	(void)state;
	assert_int_equal(conf_n_volumes(c), 0);
	assert_null(conf_volume_by_index(c, 0));

	/* A root that does not exist at all has no configuration either. */
	assert_non_null(root);
	assert_true(asprintf(&missing, "%s/does-not-exist", root) > 0);
	assert_int_equal(conf_load(missing, &c2, NULL), 0);
	assert_int_equal(conf_n_volumes(c2), 0);
}

/* A scratch root for what git cannot hold or should not: FIFOs, large files, dangling links. */
struct scratch {
	char root[64];
};

static void scratch_make(struct scratch *s) {
	char path[PATH_MAX];

	strcpy(s->root, "/tmp/ephvol-conf-XXXXXX");
	assert_non_null(mkdtemp(s->root));
	snprintf(path, sizeof(path), "%s/etc", s->root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc/ephvol.conf.d", s->root);
	assert_int_equal(mkdir(path, 0755), 0);
}

static void scratch_file(struct scratch *s, const char *name, const char *text) {
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", s->root, name);
	f = fopen(path, "we");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void scratch_remove(struct scratch *s) {
	assert_int_equal(nftw(s->root, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

static void expect_load_error(struct scratch *s, int expected_r, const char *expected) {
	_cleanup_free_ char *error = NULL;
	struct conf *c = NULL;
	int r;

	r = conf_load(s->root, &c, &error);
	if (r != expected_r || !error || strcmp(error, expected) != 0)
		print_error("got %d '%s'\nexpected %d '%s'\n", r, strna(error), expected_r,
		            expected);
	scratch_remove(s);
	assert_int_equal(r, expected_r);
	assert_null(c);
	assert_string_equal(error, expected);
}

/* A drop-in's name goes into the generated units (SourcePath=, a comment). */
static void test_load_control_character_in_name(void **state) {
	struct scratch s;

	(void)state;
	scratch_make(&s);
	scratch_file(&s, "etc/ephvol.conf.d/10-a\nb.conf", "[a]\nrole = raw\n");
	expect_load_error(&s, -EINVAL,
	                  "/etc/ephvol.conf.d/10-a\\x0ab.conf: control character in file name");
}

static void test_load_special_files(void **state) {
	_cleanup_free_ char *big = NULL;
	char path[PATH_MAX];
	struct scratch s;
	struct conf *c;

	(void)state;

	/* A directory where a drop-in should be. */
	scratch_make(&s);
	snprintf(path, sizeof(path), "%s/etc/ephvol.conf.d/10-dir.conf", s.root);
	assert_int_equal(mkdir(path, 0755), 0);
	expect_load_error(&s, -EINVAL, ETC "10-dir.conf: not a regular file");

	/* A FIFO is refused without waiting for a writer. */
	scratch_make(&s);
	snprintf(path, sizeof(path), "%s/etc/ephvol.conf", s.root);
	assert_int_equal(mkfifo(path, 0644), 0);
	expect_load_error(&s, -EINVAL, MAIN ": not a regular file");

	/* A dangling symlink. */
	scratch_make(&s);
	snprintf(path, sizeof(path), "%s/etc/ephvol.conf.d/20-gone.conf", s.root);
	assert_int_equal(symlink("/nowhere/20-gone.conf", path), 0);
	expect_load_error(&s, -ENOENT, ETC "20-gone.conf: cannot open: No such file or directory");

	/* Larger than CONF_FILE_MAX. */
	scratch_make(&s);
	big = malloc(CONF_FILE_MAX + 2);
	assert_non_null(big);
	/* comment lines: a line too long would be another error */
	for (size_t i = 0; i < CONF_FILE_MAX + 1; i++)
		big[i] = i % 64 == 63 ? '\n' : '#';
	big[CONF_FILE_MAX + 1] = 0;
	scratch_file(&s, "etc/ephvol.conf", big);
	expect_load_error(&s, -EFBIG, MAIN ": file too large (more than 1048576 bytes)");

	/* Exactly CONF_FILE_MAX is fine. */
	scratch_make(&s);
	big[CONF_FILE_MAX] = 0;
	scratch_file(&s, "etc/ephvol.conf", big);
	c = NULL;
	assert_int_equal(conf_load(s.root, &c, NULL), 0);
	conf_free(c);

	/* /etc/ephvol.conf masked, and a drop-in masked by /dev/null with no other of its name. */
	snprintf(path, sizeof(path), "%s/etc/ephvol.conf", s.root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("/dev/null", path), 0);
	snprintf(path, sizeof(path), "%s/etc/ephvol.conf.d/30-null.conf", s.root);
	assert_int_equal(symlink("/dev/null", path), 0);
	scratch_file(&s, "etc/ephvol.conf.d/40-real.conf", "[real]\nrole = raw\n");
	c = NULL;
	assert_int_equal(conf_load(s.root, &c, NULL), 0);
	assert_int_equal(conf_n_volumes(c), 1);
	expect_key(conf_volume_by_index(c, 0), "role", "raw", ETC "40-real.conf", 2);
	conf_free(c);

	/* ... and a root with "/etc/ephvol.conf.d" a file, not a directory: nothing there. */
	snprintf(path, sizeof(path), "%s/run", s.root);
	assert_int_equal(mkdir(path, 0755), 0);
	scratch_file(&s, "run/ephvol.conf.d", "[x]\nrole = raw\n");
	c = NULL;
	assert_int_equal(conf_load(s.root, &c, NULL), 0);
	assert_int_equal(conf_n_volumes(c), 1);
	conf_free(c);
	scratch_remove(&s);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_layers),
		cmocka_unit_test(test_load_spec_example),
		cmocka_unit_test(test_load_error),
		cmocka_unit_test(test_load_nothing),
		cmocka_unit_test(test_load_control_character_in_name),
		cmocka_unit_test(test_load_special_files),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
