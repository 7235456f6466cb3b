/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/conf-parse.c and conf.c: one file's text, and the queries. */
#include "unit.h"

#include "conf-helpers.h"

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
	strv_free(NULL);
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

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_syntax),
		cmocka_unit_test(test_parse_line_limits),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_utf8),
		cmocka_unit_test(test_parse_set_twice),
		cmocka_unit_test(test_parse_control_characters),
		cmocka_unit_test(test_parse_boolean),
		cmocka_unit_test(test_parse_sections),
		cmocka_unit_test(test_parse_too_large),
		cmocka_unit_test(test_accessors),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
