/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the volume scan's tests share (test-volume-scan.c, test-volume-writeback.c,
 * test-volume-ctx.c): a library context on a fixture tree, a log function that keeps
 * what it is told, and the checks of a volume's optional values.
 */
#pragma once

#include "unit.h"

#include <syslog.h>

#include "ephvol.h"

#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)

struct fixture {
	struct ephvol_ctx *ctx;
	char *root;
};

/* Messages received by the test log function. */
struct log_record {
	unsigned calls;
	int max_priority_seen; /* numerically largest = least severe */
	int min_priority_seen;
	char text[8192];
};

static inline void test_log_fn(void *userdata, int priority, const char *file, int line,
                               const char *fn, const char *format, va_list args) {
	struct log_record *l = userdata;
	size_t used = strlen(l->text);

	assert_non_null(file);
	assert_true(line > 0);
	assert_non_null(fn);
	if (l->calls == 0 || priority > l->max_priority_seen)
		l->max_priority_seen = priority;
	if (l->calls == 0 || priority < l->min_priority_seen)
		l->min_priority_seen = priority;
	l->calls++;
	if (used + 1 < sizeof(l->text)) {
		vsnprintf(l->text + used, sizeof(l->text) - used - 1, format, args);
		strcat(l->text, "\n");
	}
}

static inline struct fixture *fixture_new(const char *sub) {
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->root = unit_fixture_path(sub);
	assert_non_null(f->root);
	assert_int_equal(unit_ctx_new(&f->ctx), 0);
	assert_int_equal(ephvol_ctx_set_root(f->ctx, f->root), 0);
	return f;
}

static inline void fixture_free(struct fixture *f) {
	if (!f)
		return;
	ephvol_ctx_unref(f->ctx);
	free(f->root);
	free(f);
}

static inline int setup_mixed(void **state) {
	*state = fixture_new("mixed");
	return 0;
}

static inline int teardown(void **state) {
	fixture_free(*state);
	return 0;
}

/* The log priority must not come from the caller's environment. */
static inline int group_setup(void **state) {
	(void)state;
	unsetenv("EPHVOL_LOG");
	return 0;
}

static const char *const expected_names[] = { "data", "plain", "s1", "tmp", "z1", "zraw", "ztmp" };

static inline struct ephvol_volume *find(struct ephvol_volume **list, const char *name) {
	for (struct ephvol_volume **v = list; *v; v++)
		if (strcmp(ephvol_volume_get_name(*v), name) == 0)
			return *v;
	fail_msg("volume %s not listed", name);
	return NULL;
}

static inline void expect_no_swap(const struct ephvol_volume *v) {
	int prio = 12345;

	assert_int_equal(ephvol_volume_get_swap_priority(v, &prio), -ENODATA);
	assert_int_equal(prio, 12345);
}

static inline void expect_no_data_bytes(const struct ephvol_volume *v) {
	uint64_t orig = 1, compr = 2;

	assert_int_equal(ephvol_volume_get_data_bytes(v, &orig, &compr), -ENODATA);
	assert_true(orig == 1 && compr == 2);
}

static inline void expect_no_mem(const struct ephvol_volume *v) {
	uint64_t used = 3, limit = 4;

	assert_int_equal(ephvol_volume_get_mem_used(v, &used), -ENODATA);
	assert_int_equal(ephvol_volume_get_mem_limit(v, &limit), -ENODATA);
	assert_true(used == 3 && limit == 4);
}

static inline void expect_mem(const struct ephvol_volume *v, uint64_t used, uint64_t limit) {
	uint64_t got = used + 1;

	assert_int_equal(ephvol_volume_get_mem_used(v, &got), 0);
	assert_true(got == used);
	got = limit + 1;
	if (limit == 0) {
		assert_int_equal(ephvol_volume_get_mem_limit(v, &got), -ENODATA);
		assert_true(got == 1); /* not written */
	} else {
		assert_int_equal(ephvol_volume_get_mem_limit(v, &got), 0);
		assert_true(got == limit);
	}
}

static inline void expect_no_writeback_bytes(const struct ephvol_volume *v) {
	uint64_t bytes = 5;

	assert_int_equal(ephvol_volume_get_writeback_bytes(v, &bytes), -ENODATA);
	assert_true(bytes == 5);
}

static inline void expect_writeback_bytes(const struct ephvol_volume *v, uint64_t expected) {
	uint64_t bytes = expected + 1;

	assert_int_equal(ephvol_volume_get_writeback_bytes(v, &bytes), 0);
	assert_true(bytes == expected);
}

static inline void expect_no_writeback(const struct ephvol_volume *v) {
	assert_null(ephvol_volume_get_writeback(v));
	assert_null(ephvol_volume_get_writeback_backing(v));
	expect_no_writeback_bytes(v);
}

/* With a fixture root, nothing comes from device-mapper: cipher details stay unknown. */
static inline void expect_no_dm_details(const struct ephvol_volume *v) {
	assert_null(ephvol_volume_get_cipher(v));
	assert_int_equal(ephvol_volume_get_key_bits(v), 0);
	assert_int_equal(ephvol_volume_get_sector_size(v), 0);
}
