/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "format-util.h"

#include <inttypes.h>
#include <stdio.h>

char *format_size(char *buf, size_t size, uint64_t bytes) {
	static const char units[] = "BKMGTPE";
	unsigned u = 0;
	uint64_t whole = bytes, rem = 0;

	while (whole >= 1024 && u < sizeof(units) - 2) {
		rem = whole % 1024;
		whole /= 1024;
		u++;
	}
	/* One decimal, rounded, like lsblk, where it adds information. */
	if (u > 0 && whole < 10) {
		unsigned tenth = (unsigned)((rem * 10 + 512) / 1024);

		if (tenth == 10) {
			whole++;
			tenth = 0;
		}
		if (tenth) {
			snprintf(buf, size, "%" PRIu64 ".%u%c", whole, tenth, units[u]);
			return buf;
		}
	}
	snprintf(buf, size, "%" PRIu64 "%c", whole, units[u]);
	return buf;
}
