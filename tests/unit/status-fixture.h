/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the tests of src/cli/status-output.c share: the volumes of a fixture tree, listed once
 * per test. Included once per test binary, after unit.h. */

#include "ephvol.h"

struct fixture {
	struct ephvol_ctx *ctx;
	struct ephvol_volume **list;
	size_t n;
};

static inline int setup_root(void **state, const char *sub, size_t n) {
	struct fixture *f = calloc(1, sizeof(*f));
	char *root = unit_fixture_path(sub);

	if (!f || !root)
		return -1;
	unsetenv("EPHVOL_LOG");
	if (unit_ctx_new(&f->ctx) < 0 || ephvol_ctx_set_root(f->ctx, root) < 0 ||
	    ephvol_volume_list(f->ctx, &f->list, &f->n) < 0 || f->n != n)
		return -1;
	free(root);
	*state = f;
	return 0;
}

static inline int setup(void **state) {
	return setup_root(state, "mixed", 7);
}

/* zram volumes with every kind of writeback; see tests/fixtures/zram-writeback/README. */
static inline int setup_writeback(void **state) {
	return setup_root(state, "zram-writeback", 9);
}

static inline int teardown(void **state) {
	struct fixture *f = *state;

	ephvol_volume_list_free(f->list);
	ephvol_ctx_unref(f->ctx);
	free(f);
	return 0;
}
