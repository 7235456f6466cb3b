/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/conf.c: the boot-time configuration, with the fixture trees in tests/fixtures/conf. */
#include "unit.h"

#include <dirent.h>
#include <ftw.h>
#include <sys/stat.h>

#include "conf.h"
#include "create-options.h"
#include "log.h"

#define FILE_NAME "/etc/ephvol.conf.d/test.conf"

/* `--cipher auto` must not depend on the CPU the tests run on. */
static int no_cpu_features(unsigned *ret) {
	*ret = 0;
	return 0;
}

/* create_options_parse() logs usage errors on stderr; keep the test output readable. */
static int setup(void **state) {
	(void)state;
	log_set_max_level(-1);
	create_options_cpu_features = no_cpu_features;
	return 0;
}

/* conf_parse_string() on a string literal, as one more file. */
#define PARSE(c, text, file) conf_parse_string((c), (text), strlen(text), (file), NULL)

/* ---- helpers ---- */

static struct conf *parse_ok(const char *text) {
	struct conf *c = conf_new();
	char *error = NULL;
	int r;

	assert_non_null(c);
	r = conf_parse_string(c, text, strlen(text), FILE_NAME, &error);
	if (r != 0)
		print_error("conf_parse_string: %d %s\n", r, strna(error));
	assert_int_equal(r, 0);
	assert_null(error);
	return c;
}

static void expect_parse_error_n(const char *text, size_t size, int expected_r,
                                 const char *expected) {
	_cleanup_(conf_freep) struct conf *c = conf_new();
	_cleanup_free_ char *error = NULL;
	int r;

	assert_non_null(c);
	r = conf_parse_string(c, text, size, FILE_NAME, &error);
	if (r != expected_r || !error || strcmp(error, expected) != 0)
		print_error("got %d '%s'\nexpected %d '%s'\n", r, strna(error), expected_r,
		            expected);
	assert_int_equal(r, expected_r);
	assert_non_null(error);
	assert_string_equal(error, expected);

	/* The message is optional; the result is the same without it. */
	conf_free(c);
	c = conf_new();
	assert_non_null(c);
	assert_int_equal(conf_parse_string(c, text, size, FILE_NAME, NULL), expected_r);
}

static void expect_parse_error(const char *text, const char *expected) {
	expect_parse_error_n(text, strlen(text), -EINVAL, expected);
}

/* For literals with a NUL byte in them. */
#define EXPECT_PARSE_ERROR_NUL(literal, expected)                                                  \
	expect_parse_error_n((literal), sizeof(literal) - 1, -EINVAL, (expected))

static void expect_key(const struct conf_volume *v, const char *key, const char *value,
                       const char *file, unsigned line) {
	const char *f = "untouched";
	unsigned l = 4711;
	int r;

	assert_non_null(v);
	r = conf_volume_get_source(v, key, &f, &l);
	if (!value) {
		if (conf_volume_get(v, key))
			print_error("[%s] %s = '%s', expected unset\n", conf_volume_name(v), key,
			            conf_volume_get(v, key));
		assert_null(conf_volume_get(v, key));
		assert_int_equal(r, -ENOENT);
		assert_string_equal(f, "untouched");
		assert_int_equal(l, 4711);
		return;
	}
	if (!conf_volume_get(v, key) || strcmp(conf_volume_get(v, key), value) != 0 || r != 0 ||
	    strcmp(f, file) != 0 || l != line)
		print_error("[%s] %s = '%s' from %s:%u (r=%d), expected '%s' from %s:%u\n",
		            conf_volume_name(v), key, strna(conf_volume_get(v, key)), f, l, r,
		            value, file, line);
	assert_string_equal(conf_volume_get(v, key), value);
	assert_int_equal(r, 0);
	assert_string_equal(f, file);
	assert_int_equal(l, line);
}

static int argv_count(char **argv) {
	int n = 0;

	while (argv[n])
		n++;
	return n;
}

/* The vector is exactly `expected`, and `ephvol create` accepts it. */
static void expect_argv(const struct conf_volume *v, const char *const *expected) {
	_cleanup_(conf_argv_freep) char **argv = NULL;
	_cleanup_free_ char *error = NULL;
	struct create_options o;
	size_t i;
	int r;

	assert_non_null(v);
	r = conf_volume_to_argv(v, &argv, &error);
	if (r != 0)
		print_error("conf_volume_to_argv [%s]: %d %s\n", conf_volume_name(v), r,
		            strna(error));
	assert_int_equal(r, 0);
	assert_null(error);
	for (i = 0; expected[i]; i++) {
		if (!argv[i] || strcmp(argv[i], expected[i]) != 0)
			print_error("argv[%zu] = '%s', expected '%s'\n", i, strna(argv[i]),
			            expected[i]);
		assert_non_null(argv[i]);
		assert_string_equal(argv[i], expected[i]);
	}
	if (argv[i])
		print_error("argv[%zu] = '%s', expected the end\n", i, argv[i]);
	assert_null(argv[i]);

	r = create_options_parse(argv_count(argv), argv, &o);
	assert_int_equal(r, 0);
	create_options_done(&o);
}

static void expect_argv_error(const char *text, const char *name, const char *expected) {
	_cleanup_(conf_freep) struct conf *c = parse_ok(text);
	_cleanup_(conf_argv_freep) char **argv = NULL;
	_cleanup_free_ char *error = NULL;
	int r;

	r = conf_volume_to_argv(conf_volume_by_name(c, name), &argv, &error);
	if (r != -EINVAL || !error || strcmp(error, expected) != 0)
		print_error("got %d '%s'\nexpected '%s'\n", r, strna(error), expected);
	assert_int_equal(r, -EINVAL);
	assert_null(argv);
	assert_string_equal(error, expected);
}

static struct conf *load_fixture(const char *sub) {
	_cleanup_free_ char *root = unit_fixture_path(sub);
	_cleanup_free_ char *error = NULL;
	struct conf *c = NULL;
	int r;

	assert_non_null(root);
	r = conf_load(root, &c, &error);
	if (r != 0)
		print_error("conf_load(%s): %d %s\n", sub, r, strna(error));
	assert_int_equal(r, 0);
	assert_null(error);
	assert_non_null(c);
	return c;
}

/* ---- conf_load over fixture trees ---- */

#define USR  "/usr/lib/ephvol.conf.d/"
#define ETC  "/etc/ephvol.conf.d/"
#define RUN  "/run/ephvol.conf.d/"
#define MAIN "/etc/ephvol.conf"

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

/* ---- conf_parse_string: syntax ---- */

static void test_parse_syntax(void **state) {
	_cleanup_(conf_freep) struct conf *c = NULL;
	const struct conf_volume *v;
	static const char text[] = "\xef\xbb\xbf# a comment\r\n"
	                           "; another\n"
	                           "   # indented comment\n"
	                           "\n"
	                           " \t \n"
	                           "[a]\n"
	                           "role=raw\n"
	                           "  \tdevice\t =   /dev/disk/by-id/x y  \r\n"
	                           "mount-options = uid=1,gid=2\n"
	                           "writeback = /wb # not a comment here\n"
	                           "[b]\n"
	                           "role = swap";

	(void)state;
	c = parse_ok(text);
	assert_int_equal(conf_n_volumes(c), 2);
	v = conf_volume_by_name(c, "a");
	expect_key(v, "role", "raw", FILE_NAME, 7);
	expect_key(v, "device", "/dev/disk/by-id/x y", FILE_NAME, 8);
	expect_key(v, "mount-options", "uid=1,gid=2", FILE_NAME, 9);
	expect_key(v, "writeback", "/wb # not a comment here", FILE_NAME, 10);
	/* the last line needs no newline */
	expect_key(conf_volume_by_name(c, "b"), "role", "swap", FILE_NAME, 12);

	/* Empty text, also as NULL, is an empty file. */
	conf_free(c);
	c = conf_new();
	assert_int_equal(conf_parse_string(c, NULL, 0, FILE_NAME, NULL), 0);
	assert_int_equal(conf_parse_string(c, "", 0, FILE_NAME, NULL), 0);
	assert_int_equal(conf_parse_string(c, "\xef\xbb\xbf", 3, FILE_NAME, NULL), 0);
	assert_int_equal(conf_n_volumes(c), 0);

	/* Text is taken by size, not up to a NUL: what follows the size is not read. */
	assert_int_equal(conf_parse_string(c, "[n]\nrole = raw\nGARBAGE",
	                                   STRLEN("[n]\nrole = raw\n"), FILE_NAME, NULL),
	                 0);
	expect_key(conf_volume_by_name(c, "n"), "role", "raw", FILE_NAME, 2);

	/* A BOM only counts at the start. */
	expect_parse_error("[a]\n\xef\xbb\xbfrole = raw\n",
	                   FILE_NAME ":2: unknown key '\xef\xbb\xbfrole' in [a]");
}

static void test_parse_line_limits(void **state) {
	char line[CONF_LINE_MAX + 64];
	_cleanup_(conf_freep) struct conf *c = NULL;
	size_t prefix;

	(void)state;
	/* Exactly CONF_LINE_MAX bytes before the newline, then one more. */
	prefix = (size_t)snprintf(line, sizeof(line), "[a]\nmount-options = ");
	memset(line + prefix, 'x', CONF_LINE_MAX - (prefix - 4));
	strcpy(line + 4 + CONF_LINE_MAX, "\n");
	c = parse_ok(line);
	assert_int_equal(strlen(conf_volume_get(conf_volume_by_index(c, 0), "mount-options")),
	                 CONF_LINE_MAX - (prefix - 4));

	line[4 + CONF_LINE_MAX] = 'x';
	strcpy(line + 4 + CONF_LINE_MAX + 1, "\n");
	expect_parse_error(line, FILE_NAME ":2: line too long (more than 4096 bytes)");
	/* also when the long line is a comment, and the last line */
	line[4] = '#';
	line[4 + CONF_LINE_MAX + 1] = 0;
	expect_parse_error(line, FILE_NAME ":2: line too long (more than 4096 bytes)");
}

static void test_parse_errors(void **state) {
	(void)state;
	expect_parse_error("[swap]\nrole = swap\nsise = 4G\n",
	                   FILE_NAME ":3: unknown key 'sise' in [swap]");
	expect_parse_error("[swap]\nRole = swap\n", FILE_NAME ":2: unknown key 'Role' in [swap]");
	expect_parse_error("# comment\nrole = swap\n[swap]\n",
	                   FILE_NAME ":2: key 'role' outside of a section");
	expect_parse_error("sise = 4G\n", FILE_NAME ":1: key 'sise' outside of a section");
	expect_parse_error("[swap\n", FILE_NAME ":1: malformed section header, expected [NAME]");
	expect_parse_error("[swap] # comment\n",
	                   FILE_NAME ":1: malformed section header, expected [NAME]");
	expect_parse_error("[\n", FILE_NAME ":1: malformed section header, expected [NAME]");
	expect_parse_error("[]\n",
	                   FILE_NAME ":1: invalid volume name '' in section header: use "
	                             "1-32 characters of A-Z a-z 0-9 _ . - not starting with '.' "
	                             "or '-'");
	expect_parse_error("\n\n[ swap ]\n",
	                   FILE_NAME ":3: invalid volume name ' swap ' in section header: use "
	                             "1-32 characters of A-Z a-z 0-9 _ . - not starting with "
	                             "'.' or '-'");
	expect_parse_error("[-x]\n",
	                   FILE_NAME ":1: invalid volume name '-x' in section header: "
	                             "use 1-32 characters of A-Z a-z 0-9 _ . - not starting "
	                             "with '.' or '-'");
	expect_parse_error("[abcdefghijklmnopqrstuvwxyz0123456]\n",
	                   FILE_NAME ":1: invalid volume name 'abcdefghijklmnopqrstuvwxyz0123456' "
	                             "in section header: use 1-32 characters of A-Z a-z 0-9 _ . - "
	                             "not starting with '.' or '-'");
	expect_parse_error("[swap]\nrole swap\n",
	                   FILE_NAME ":2: expected 'key = value', '[NAME]' or a comment, got "
	                             "'role swap'");
	expect_parse_error("[swap]\n= swap\n", FILE_NAME ":2: missing key before '='");
	expect_parse_error("[swap]\nrole = swap\nrole = raw\n",
	                   FILE_NAME ":3: key 'role' set twice in [swap]");
	/* NUL bytes, at the start, in the middle, at the end of a line */
	EXPECT_PARSE_ERROR_NUL("[a]\n\0role = raw\n", FILE_NAME ":2: NUL byte in line");
	EXPECT_PARSE_ERROR_NUL("[a]\nrole = r\0aw\n", FILE_NAME ":2: NUL byte in line");
	EXPECT_PARSE_ERROR_NUL("[a]\nrole = raw\0", FILE_NAME ":2: NUL byte in line");
	/* control characters in a quoted key are escaped, long ones cut */
	expect_parse_error("[a]\nro\x1ble = raw\n", FILE_NAME ":2: unknown key 'ro\\x1ble' in [a]");
	expect_parse_error("[a]\n"
	                   "0123456789012345678901234567890123456789012345678901234567890123456789"
	                   " = 1\n",
	                   FILE_NAME
	                   ":2: unknown key "
	                   "'0123456789012345678901234567890123456789012345678901234567890"
	                   "123...' in [a]");
	/* cut at a character boundary: "é" is two bytes, at 63 and 64 */
	expect_parse_error("[a]\n"
	                   "012345678901234567890123456789012345678901234567890123456789012"
	                   "\xc3\xa9"
	                   " = 1\n",
	                   FILE_NAME
	                   ":2: unknown key "
	                   "'012345678901234567890123456789012345678901234567890123456789012"
	                   "...' in [a]");
}

static void test_parse_utf8(void **state) {
	_cleanup_(conf_freep) struct conf *c = NULL;
	static const char *const bad[] = {
		"\x80",             /* lone continuation byte */
		"\xc3",             /* truncated at the end of the line */
		"\xc3(",            /* bad continuation */
		"\xc0\x80",         /* overlong NUL */
		"\xc1\xbf",         /* overlong */
		"\xe0\x80\x80",     /* overlong 3-byte */
		"\xf0\x80\x80\x80", /* overlong 4-byte */
		"\xed\xa0\x80",     /* surrogate U+D800 */
		"\xed\xbf\xbf",     /* surrogate U+DFFF */
		"\xf4\x90\x80\x80", /* U+110000 */
		"\xf8\x88\x80\x80\x80",
		"\xff",
		"\xe2\x82",
	};

	(void)state;
	c = parse_ok("[a]\n"
	             "role = tmp\n"
	             "mount = /mnt/caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x92\xbe/\xef\xbf\xbf/"
	             "\xf4\x8f\xbf\xbf\n");
	expect_key(conf_volume_by_index(c, 0), "mount",
	           "/mnt/caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x92\xbe/\xef\xbf\xbf/\xf4\x8f\xbf\xbf",
	           FILE_NAME, 3);

	for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
		char text[64];

		snprintf(text, sizeof(text), "[a]\n# ok\ndevice = /dev/%s\n", bad[i]);
		expect_parse_error(text, FILE_NAME ":3: invalid UTF-8");
	}
	/* A comment is checked too: the whole file must be text. */
	expect_parse_error("# \xff\n", FILE_NAME ":1: invalid UTF-8");
}

static void test_parse_set_twice(void **state) {
	_cleanup_(conf_freep) struct conf *c = NULL;

	(void)state;
	/* one file, the section opened twice */
	expect_parse_error("[a]\nrole = raw\n[b]\nrole = raw\n[a]\nrole = swap\n",
	                   FILE_NAME ":6: key 'role' set twice in [a]");
	/* a reset counts as setting */
	expect_parse_error("[a]\nrole =\nrole = raw\n",
	                   FILE_NAME ":3: key 'role' set twice in [a]");
	expect_parse_error("[a]\nrole = raw\nrole =\n",
	                   FILE_NAME ":3: key 'role' set twice in [a]");
	/* the same key in another section is another key */
	c = parse_ok("[a]\nrole = raw\n[b]\nrole = swap\n[a]\nfs = xfs\n");
	expect_key(conf_volume_by_name(c, "a"), "role", "raw", FILE_NAME, 2);
	expect_key(conf_volume_by_name(c, "a"), "fs", "xfs", FILE_NAME, 6);

	/* another file, even of the same name, overrides */
	assert_int_equal(PARSE(c, "[a]\nrole = swap\n", FILE_NAME), 0);
	expect_key(conf_volume_by_name(c, "a"), "role", "swap", FILE_NAME, 2);
	assert_int_equal(PARSE(c, "\n[a]\nrole = tmp\n", "/run/x.conf"), 0);
	expect_key(conf_volume_by_name(c, "a"), "role", "tmp", "/run/x.conf", 3);
	expect_key(conf_volume_by_name(c, "a"), "fs", "xfs", FILE_NAME, 6);
	/* and may reset what an earlier one set */
	assert_int_equal(PARSE(c, "[a]\nfs=\n", "/run/y.conf"), 0);
	expect_key(conf_volume_by_name(c, "a"), "fs", NULL, NULL, 0);
	assert_int_equal(conf_n_volumes(c), 2);
}

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
	                             "18446744073709486080 bytes, with an optional K, M, G, T or "
	                             "P suffix");
	expect_parse_error("[a]\nmem-limit = 0\n",
	                   FILE_NAME ":2: invalid mem-limit '0' in [a]: expected 1 to "
	                             "18446744073709486080 bytes, with an optional K, M, G, T or "
	                             "P suffix");
	expect_parse_error("[a]\nmem-limit = lots\n",
	                   FILE_NAME ":2: invalid mem-limit 'lots' in [a]: expected 1 to "
	                             "18446744073709486080 bytes, with an optional K, M, G, T or "
	                             "P suffix");
	c = parse_ok("[a]\nmem-limit = 16383P\nwriteback-limit = 18446744073709486080\n"
	             "[b]\nmem-limit = 512M\nwriteback-limit =\n");
	assert_string_equal(conf_volume_get(conf_volume_by_name(c, "a"), "writeback-limit"),
	                    "18446744073709486080");
}

/* Regression: a tab, a CR or another control character inside a value was taken, and went
 * into the command line and the unit files the generator writes. */
static void test_parse_control_characters(void **state) {
	_cleanup_(conf_freep) struct conf *c = NULL;

	(void)state;
	expect_parse_error("[t]\nrole = tmp\nmount = /srv/a\tb\n",
	                   FILE_NAME ":3: control character \\x09 in the value of mount in [t]");
	expect_parse_error("[t]\nmount = /srv/a\rb\r\n",
	                   FILE_NAME ":2: control character \\x0d in the value of mount in [t]");
	expect_parse_error("[t]\nmount-options = a\x01\n",
	                   FILE_NAME ":2: control character \\x01 in the value of mount-options in "
	                             "[t]");
	expect_parse_error("[t]\nfile = /a\x7f\n",
	                   FILE_NAME ":2: control character \\x7f in the value of file in [t]");
	expect_parse_error("[t]\ncipher = aes\x1b[31m\n",
	                   FILE_NAME ":2: control character \\x1b in the value of cipher in [t]");
	/* Blanks around the value, and the CR of a CRLF line end, are not part of it. */
	c = parse_ok("[t]\r\nrole = tmp\r\nmount =\t/srv/a b\t\r\n# \x01 in a comment\n");
	assert_string_equal(conf_volume_get(conf_volume_by_name(c, "t"), "mount"), "/srv/a b");
}

static void test_parse_boolean(void **state) {
	(void)state;
	assert_int_equal(conf_parse_boolean("yes"), 1);
	assert_int_equal(conf_parse_boolean("YES"), 1);
	assert_int_equal(conf_parse_boolean("true"), 1);
	assert_int_equal(conf_parse_boolean("True"), 1);
	assert_int_equal(conf_parse_boolean("1"), 1);
	assert_int_equal(conf_parse_boolean("no"), 0);
	assert_int_equal(conf_parse_boolean("No"), 0);
	assert_int_equal(conf_parse_boolean("false"), 0);
	assert_int_equal(conf_parse_boolean("FALSE"), 0);
	assert_int_equal(conf_parse_boolean("0"), 0);
	assert_int_equal(conf_parse_boolean(NULL), -EINVAL);
	assert_int_equal(conf_parse_boolean(""), -EINVAL);
	assert_int_equal(conf_parse_boolean("y"), -EINVAL);
	assert_int_equal(conf_parse_boolean("on"), -EINVAL);
	assert_int_equal(conf_parse_boolean("01"), -EINVAL);
	assert_int_equal(conf_parse_boolean(" yes"), -EINVAL);
}

static void test_parse_sections(void **state) {
	_cleanup_(conf_freep) struct conf *c = NULL;
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	/* first appearance decides the order; a section may be empty */
	c = parse_ok("[z]\n[a]\nrole = raw\n[m]\n[z]\nrole = swap\n");
	assert_int_equal(conf_n_volumes(c), 3);
	assert_string_equal(conf_volume_name(conf_volume_by_index(c, 0)), "z");
	assert_string_equal(conf_volume_name(conf_volume_by_index(c, 1)), "a");
	assert_string_equal(conf_volume_name(conf_volume_by_index(c, 2)), "m");
	assert_null(conf_volume_get(conf_volume_by_name(c, "m"), "role"));
	/* names are case-sensitive */
	assert_null(conf_volume_by_name(c, "Z"));

	/* CONF_VOLUMES_MAX sections, then one more */
	f = open_memstream(&text, &len);
	assert_non_null(f);
	for (int i = 0; i < CONF_VOLUMES_MAX; i++)
		fprintf(f, "[v%d]\n", i);
	assert_int_equal(fclose(f), 0);
	conf_free(c);
	c = parse_ok(text);
	assert_int_equal(conf_n_volumes(c), CONF_VOLUMES_MAX);
	assert_int_equal(PARSE(c, "[v0]\n[v1023]\n", "/run/more.conf"), 0);
	{
		_cleanup_free_ char *error = NULL;

		assert_int_equal(
		        conf_parse_string(c, "[v0]\n[new]\n", 11, "/run/more.conf", &error),
		        -EINVAL);
		assert_string_equal(error, "/run/more.conf:2: too many sections (more than 1024)");
	}
}

static void test_parse_too_large(void **state) {
	_cleanup_(conf_freep) struct conf *c = conf_new();
	_cleanup_free_ char *error = NULL, *text = calloc(1, CONF_FILE_MAX + 1);

	(void)state;
	assert_non_null(text);
	assert_int_equal(conf_parse_string(c, text, CONF_FILE_MAX + 1, "big.conf", &error), -EFBIG);
	assert_string_equal(error, "big.conf: file too large (more than 1048576 bytes)");
	assert_int_equal(conf_n_volumes(c), 0);
}

static void test_accessors(void **state) {
	_cleanup_(conf_freep) struct conf *c = parse_ok("[a]\nrole = raw\nfs =\n");
	const struct conf_volume *v = conf_volume_by_index(c, 0);
	const char *f = "untouched";
	unsigned l = 4711;
	char *error = NULL, **argv = NULL;

	(void)state;
	assert_null(conf_free(NULL));
	conf_argv_free(NULL);
	assert_int_equal(conf_n_volumes(NULL), 0);
	assert_null(conf_volume_by_index(NULL, 0));
	assert_null(conf_volume_by_name(NULL, "a"));
	assert_null(conf_volume_by_name(c, NULL));
	assert_null(conf_volume_name(NULL));
	assert_null(conf_volume_get(NULL, "role"));
	assert_null(conf_volume_get(v, NULL));
	assert_null(conf_volume_get(v, "sise"));
	assert_int_equal(conf_volume_get_source(v, "sise", &f, &l), -EINVAL);
	assert_int_equal(conf_volume_get_source(NULL, "role", &f, &l), -EINVAL);
	assert_int_equal(conf_volume_get_source(v, "fs", &f, &l), -ENOENT);
	assert_int_equal(conf_volume_get_source(v, "cipher", &f, &l), -ENOENT);
	assert_string_equal(f, "untouched");
	assert_int_equal(l, 4711);
	/* both out-parameters are optional */
	assert_int_equal(conf_volume_get_source(v, "role", NULL, NULL), 0);

	assert_int_equal(conf_volume_to_argv(NULL, &argv, &error), -EINVAL);
	assert_null(argv);
	assert_non_null(error);
	free(error);
	assert_int_equal(conf_parse_string(NULL, "", 0, "x", NULL), -EINVAL);
	assert_int_equal(conf_parse_string(c, NULL, 1, "x", NULL), -EINVAL);
	assert_int_equal(conf_parse_string(c, "", 0, NULL, NULL), -EINVAL);
	assert_int_equal(conf_load("/", NULL, NULL), -EINVAL);
}

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
	_cleanup_(conf_argv_freep) char **argv = NULL;

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
	_cleanup_(conf_argv_freep) char **argv = NULL;
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
			_cleanup_(conf_argv_freep) char **argv = NULL;
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
		cmocka_unit_test(test_load_layers),
		cmocka_unit_test(test_load_spec_example),
		cmocka_unit_test(test_load_error),
		cmocka_unit_test(test_load_nothing),
		cmocka_unit_test(test_load_special_files),
		cmocka_unit_test(test_load_control_character_in_name),
		cmocka_unit_test(test_parse_syntax),
		cmocka_unit_test(test_parse_line_limits),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_utf8),
		cmocka_unit_test(test_parse_set_twice),
		cmocka_unit_test(test_parse_values),
		cmocka_unit_test(test_parse_zram_limits),
		cmocka_unit_test(test_parse_control_characters),
		cmocka_unit_test(test_parse_boolean),
		cmocka_unit_test(test_parse_sections),
		cmocka_unit_test(test_parse_too_large),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_argv_every_key),
		cmocka_unit_test(test_argv_values_stay_values),
		cmocka_unit_test(test_argv_errors),
		cmocka_unit_test(test_argv_errors_across_files),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
