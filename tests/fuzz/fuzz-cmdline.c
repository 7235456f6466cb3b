/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/proc-parse.c: cmdline_get_value() on /proc/cmdline, which whoever sits at
 * the boot loader may edit; the generator reads ephvol= from it as root at boot, create
 * reads resume= to keep off the hibernation device.
 */
#include "fuzz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "proc-parse.h"

/* The kernel keeps at most a few KiB (COMMAND_LINE_SIZE). */
#define INPUT_MAX 8192

static const char *const keys[] = { "ephvol", "resume" };

/* Quotes group words and are dropped; the quoted part may hold blanks. */
static void check_value(const char *v) {
	if (strchr(v, '"') || strlen(v) >= 4096)
		abort();
}

static void check(const char *cmdline, const char *key) {
	_cleanup_free_ char *value = NULL, *before = NULL, *after = NULL, *v1 = NULL, *v2 = NULL;
	char *got = (char *)0x1;
	size_t quotes = 0;
	int r;

	r = cmdline_get_value(cmdline, key, &got);
	if (r == -ENOMEM)
		return;
	/* Nothing is returned with the error. */
	if (r < 0 && (r != -ENOENT || got != (char *)0x1))
		abort();
	if (r == 0) {
		value = got;
		check_value(value);
	}

	/* The last word wins: one put before the text does not change the text's value,
	 * and one put after it (once its quotes are closed) is the value. */
	if (asprintf(&before, "%s=first %s", key, cmdline) < 0)
		return;
	r = cmdline_get_value(before, key, &v1);
	if (r == -ENOMEM)
		return;
	if (r != 0 || !streq(v1, value ?: "first"))
		abort();
	for (const char *p = cmdline; *p; p++)
		quotes += *p == '"';
	if (quotes % 2 != 0 || asprintf(&after, "%s %s=last", cmdline, key) < 0)
		return;
	r = cmdline_get_value(after, key, &v2);
	if (r == -ENOMEM)
		return;
	if (r != 0 || !streq(v2, "last"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	_cleanup_free_ char *s = NULL;

	s = fuzz_string(data, size, INPUT_MAX);
	if (!s)
		return 0;
	for (size_t i = 0; i < ELEMENTSOF(keys); i++)
		check(s, keys[i]);
	return 0;
}
