/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "format-util.h"

#include <inttypes.h>
#include <stdio.h>

char *format_size(char *buf, size_t size, uint64_t bytes) {
	static const char units[] = "BKMGTPE";
	unsigned u = 0, tenth;
	uint64_t whole, rem;

	while (u < sizeof(units) - 2 && bytes >> (10 * (u + 1)))
		u++;
	whole = bytes >> (10 * u);
	rem = bytes - (whole << (10 * u));
	/* Round to one decimal, shown when it is not zero, as lsblk does. */
	tenth = u ? (unsigned)((rem * 10 + (UINT64_C(1) << (10 * u - 1))) >> (10 * u)) : 0;
	if (tenth == 10) {
		whole++;
		tenth = 0;
	}
	if (tenth)
		snprintf(buf, size, "%" PRIu64 ".%u%c", whole, tenth, units[u]);
	else
		snprintf(buf, size, "%" PRIu64 "%c", whole, units[u]);
	return buf;
}

char *format_ratio(char *buf, size_t size, uint64_t orig, uint64_t compr) {
	/* Integer arithmetic: a locale's decimal comma must not reach JSON, and 64-bit
	 * sizes do not fit a double exactly. Rounded half up. */
	uint64_t whole = orig / compr, hundredths = (orig % compr * 100 + compr / 2) / compr;

	if (hundredths == 100) {
		whole++;
		hundredths = 0;
	}
	snprintf(buf, size, "%" PRIu64 ".%02" PRIu64, whole, hundredths);
	return buf;
}
