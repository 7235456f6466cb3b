/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Common header of the cmocka unit tests. Each tests/unit/test-*.c is its own
 * binary, linked with every pure object (src/shared, the library but its kernel
 * binding, the command but its verbs) and nothing of src/sys; this header is
 * included exactly once per binary.
 */
#pragma once

/* cmocka.h needs these first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A library context without a kernel: unit tests link neither src/sys nor
 * src/lib/kernel.c (which makes ephvol_ctx_new()'s contexts), so theirs read only the
 * files below their root. */
struct ephvol_ctx;
struct ctx_kernel;
int ctx_new_with_kernel(const struct ctx_kernel *kernel, struct ephvol_ctx **ret_ctx);
#define unit_ctx_new(ret) ctx_new_with_kernel(NULL, (ret))

/* argv for a parser: ARGV("create", "x", "--swap") is a NULL-terminated char *[]. */
#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))

/* The fixture tree, as an absolute path: $EPHVOL_TEST_FIXTURES (set by tests/run-unit),
 * else tests/fixtures next to this header. The result is malloc()ed. */
static inline char *unit_fixture_path(const char *sub) {
	const char *env = getenv("EPHVOL_TEST_FIXTURES");
	char rel[PATH_MAX], *abs;

	if (env && *env)
		snprintf(rel, sizeof(rel), "%s/%s", env, sub);
	else {
		/* __FILE__ is "tests/unit/unit.h", relative to the top directory. */
		const char *file = __FILE__, *slash = strrchr(file, '/');
		int dirlen = slash ? (int)(slash - file) : 1;

		snprintf(rel, sizeof(rel), "%.*s/../fixtures/%s", dirlen, slash ? file : ".", sub);
	}
	abs = realpath(rel, NULL);
	if (!abs)
		fprintf(stderr,
		        "unit: fixture %s not found (run from the top directory or set "
		        "EPHVOL_TEST_FIXTURES)\n",
		        rel);
	return abs;
}

/* A library context without a kernel, reading below the fixture tree SUB. */
int ephvol_ctx_set_root(struct ephvol_ctx *ctx, const char *root);
static inline struct ephvol_ctx *unit_ctx_at(const char *sub) {
	struct ephvol_ctx *ctx = NULL;
	char *root = unit_fixture_path(sub);

	assert_non_null(root);
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_int_equal(ephvol_ctx_set_root(ctx, root), 0);
	free(root);
	return ctx;
}

/* Captures what is written to fd (1 or 2) between capture_begin and capture_end.
 * Restore before asserting: a failed assertion jumps out of the test. */
struct unit_capture {
	int fd, saved, tmp;
};

static inline void capture_begin(struct unit_capture *c, int fd) {
	char path[] = "/tmp/ephvol-unit-XXXXXX";

	fflush(stdout);
	fflush(stderr);
	c->fd = fd;
	c->tmp = mkstemp(path);
	assert_true(c->tmp >= 0);
	unlink(path);
	c->saved = dup(fd);
	assert_true(c->saved >= 0);
	assert_true(dup2(c->tmp, fd) >= 0);
}

/* Returns the captured text (malloc()ed, NUL-terminated). */
static inline char *capture_end(struct unit_capture *c) {
	off_t size;
	char *text;
	ssize_t k;

	fflush(stdout);
	fflush(stderr);
	dup2(c->saved, c->fd);
	close(c->saved);
	size = lseek(c->tmp, 0, SEEK_END);
	text = calloc(1, (size_t)(size > 0 ? size : 0) + 1);
	if (text && size > 0) {
		k = pread(c->tmp, text, (size_t)size, 0);
		text[k > 0 ? k : 0] = 0;
	}
	close(c->tmp);
	return text;
}
