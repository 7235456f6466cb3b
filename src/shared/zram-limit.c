/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "zram-limit.h"

#include <errno.h>
#include <stdio.h>

#include "parse.h"
#include "size-expr.h"

int zram_limit_parse(const char *s, uint64_t *ret) {
	uint64_t v;
	int r;

	r = parse_size(s, &v);
	if (r < 0)
		return r; /* -ERANGE: beyond 64 bits */
	if (v == 0 || v > ZRAM_LIMIT_MAX)
		return -ERANGE;
	*ret = v;
	return 0;
}

static int beyond_max(struct size_expr_error *err) {
	if (err) {
		*err = (struct size_expr_error){ .offset = 0 };
		snprintf(err->message, sizeof(err->message),
		         "more than %llu bytes, which zram would take as no limit",
		         (unsigned long long)ZRAM_LIMIT_MAX);
	}
	return -ERANGE;
}

int zram_mem_limit_eval(const char *expr, uint64_t ram_bytes, uint64_t *ret,
                        struct size_expr_error *err) {
	uint64_t v;
	int r;

	r = size_expr_eval(expr, ram_bytes, &v, err);
	if (r < 0)
		return r;
	if (v > ZRAM_LIMIT_MAX)
		return beyond_max(err);
	*ret = v;
	return 0;
}

int zram_mem_limit_check(const char *expr, struct size_expr_error *err) {
	uint64_t small, large;
	int r;

	r = size_expr_check(expr, err);
	if (r < 0)
		return r;
	if (zram_mem_limit_eval(expr, UINT64_C(1) << 30, &small, NULL) == -ERANGE &&
	    zram_mem_limit_eval(expr, UINT64_C(1) << 40, &large, NULL) == -ERANGE)
		return beyond_max(err);
	return 0;
}

uint64_t zram_limit_to_4k_units(uint64_t bytes) {
	/* (bytes + 4095) / 4096 wraps to 0 (no writeback at all) for the last 4095 values. */
	return bytes / 4096 + (bytes % 4096 != 0);
}
