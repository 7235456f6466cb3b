/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "zram-limit.h"

#include <errno.h>

#include "parse.h"

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

uint64_t zram_limit_to_4k_units(uint64_t bytes) {
	/* (bytes + 4095) / 4096 wraps to 0 (no writeback at all) for the last 4095 values. */
	return bytes / 4096 + (bytes % 4096 != 0);
}
