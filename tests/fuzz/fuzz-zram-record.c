/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/zram-record.c: /run/ephvol/zram/NAME, which root writes but status, run by
 * anyone, reads; a damaged one must be refused, never vouch for another device.
 */
#include "fuzz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "parse.h"
#include "zram-record.h"

/* A record is a few short lines. */
#define INPUT_MAX 1024

static bool records_equal(const struct zram_record *a, const struct zram_record *b) {
	return a->index == b->index && a->role == b->role && a->disksize == b->disksize &&
	       memcmp(a->writeback, b->writeback, sizeof(a->writeback)) == 0 &&
	       a->writeback_idle_age == b->writeback_idle_age && a->hot_added == b->hot_added;
}

/* A writeback= line may only name the mapping create makes for some volume, NAME: status
 * vouches for that device. */
static bool writeback_is_ours(const char *s) {
	size_t prefix = STRLEN("ephvol-"), len = strlen(s);
	char name[VOLUME_NAME_MAX + 1], expected[sizeof(((struct zram_record *)0)->writeback)];
	const char *colon = strrchr(s, ':');

	if (strncmp(s, "ephvol-", prefix) != 0 || !colon ||
	    (size_t)(colon - s) - prefix >= sizeof(name) || len >= sizeof(expected))
		return false;
	memcpy(name, s + prefix, (size_t)(colon - s) - prefix);
	name[colon - s - prefix] = 0;
	writeback_dm_name(name, expected, sizeof(expected));
	return volume_name_is_valid(name) && streq(expected, s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	_cleanup_free_ char *s = NULL, *text = NULL;
	struct zram_record rec, untouched, again;
	int r;

	s = fuzz_string(data, size, INPUT_MAX);
	if (!s)
		return 0;

	memset(&rec, 0xa5, sizeof(rec));
	memset(&untouched, 0xa5, sizeof(untouched));
	r = zram_record_parse(s, &rec);
	if (r < 0) {
		if (r != -EBADMSG || memcmp(&rec, &untouched, sizeof(rec)) != 0)
			abort();
		return 0;
	}
	if (r != 0 || !ephvol_role_to_string(rec.role) ||
	    !memchr(rec.writeback, 0, sizeof(rec.writeback)) ||
	    (rec.writeback[0] && !writeback_is_ours(rec.writeback)))
		abort();

	/* "One exact format": what parses formats, to text that parses to the same record,
	 * and that is the text read. */
	r = zram_record_format(&rec, &text);
	if (r == -ENOMEM)
		return 0;
	if (r != 0)
		abort();
	memset(&again, 0x5a, sizeof(again));
	if (zram_record_parse(text, &again) != 0 || !records_equal(&rec, &again))
		abort();
	if (!streq(text, s))
		abort();
	return 0;
}
