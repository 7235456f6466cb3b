/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the tests of src/shared/conf*.c share: parsing a literal, and expecting a key, an error
 * or create's arguments. Included once per test binary, after unit.h. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "create-options.h"
#include "log.h"

#define FILE_NAME "/etc/ephvol.conf.d/test.conf"

/* `--cipher auto` must not depend on the CPU the tests run on. */
static inline int no_cpu_features(unsigned *ret) {
	*ret = 0;
	return 0;
}

/* create_options_parse() logs usage errors on stderr; keep the test output readable. */
static inline int setup(void **state) {
	(void)state;
	log_set_max_level(-1);
	create_options_cpu_features = no_cpu_features;
	return 0;
}

/* conf_parse_string() on a string literal, as one more file. */
#define PARSE(c, text, file) conf_parse_string((c), (text), strlen(text), (file), NULL)

static inline struct conf *parse_ok(const char *text) {
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

static inline void expect_parse_error_n(const char *text, size_t size, int expected_r,
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

static inline void expect_parse_error(const char *text, const char *expected) {
	expect_parse_error_n(text, strlen(text), -EINVAL, expected);
}

/* For literals with a NUL byte in them. */
#define EXPECT_PARSE_ERROR_NUL(literal, expected)                                                  \
	expect_parse_error_n((literal), sizeof(literal) - 1, -EINVAL, (expected))

static inline void expect_key(const struct conf_volume *v, const char *key, const char *value,
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

static inline int argv_count(char **argv) {
	int n = 0;

	while (argv[n])
		n++;
	return n;
}

/* The vector is exactly `expected`, and `ephvol create` accepts it. */
static inline void expect_argv(const struct conf_volume *v, const char *const *expected) {
	_cleanup_(strv_freep) char **argv = NULL;
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

static inline void expect_argv_error(const char *text, const char *name, const char *expected) {
	_cleanup_(conf_freep) struct conf *c = parse_ok(text);
	_cleanup_(strv_freep) char **argv = NULL;
	_cleanup_free_ char *error = NULL;
	int r;

	r = conf_volume_to_argv(conf_volume_by_name(c, name), &argv, &error);
	if (r != -EINVAL || !error || strcmp(error, expected) != 0)
		print_error("got %d '%s'\nexpected '%s'\n", r, strna(error), expected);
	assert_int_equal(r, -EINVAL);
	assert_null(argv);
	assert_string_equal(error, expected);
}

static inline struct conf *load_fixture(const char *sub) {
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

#define USR  "/usr/lib/ephvol.conf.d/"
#define ETC  "/etc/ephvol.conf.d/"
#define RUN  "/run/ephvol.conf.d/"
#define MAIN "/etc/ephvol.conf"
