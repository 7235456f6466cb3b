/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Volume names end up in a dm name, a /dev path and a lock file name. */
#define VOLUME_NAME_MAX 32
bool volume_name_is_valid(const char *name);

/* "4096", "512K", "64M", "4G", "1T", also "64MiB"/"64MB" (always binary units). */
int parse_size(const char *s, uint64_t *ret);

/* Either an absolute size or "N%" of total. ret_percent is 0 for an absolute size. */
int parse_size_or_percent(const char *s, uint64_t *ret_bytes, unsigned *ret_percent);

/* A duration in whole seconds, as systemd writes them: one or more NUMBER UNIT terms,
 * "90", "30s", "5min", "1h30min", "2d", "1w" (s, sec, m, min, h, hr, d, day(s), w;
 * no unit: seconds; blanks between terms). -ERANGE beyond 2^32 seconds (136 years). */
int parse_duration_sec(const char *s, uint64_t *ret);

int parse_uint(const char *s, unsigned base, unsigned *ret);
/* Decimal digits only: no sign, no blanks, no suffix. */
int parse_u64(const char *s, uint64_t *ret);
int parse_int(const char *s, int *ret);

/* The small "KEY=VALUE\n" records ephvol keeps in /run: whether *p starts with KEY=,
 * and taking such a line off the front of *p (the value, 1 to size-1 bytes, into
 * buf). -EBADMSG when the line is not there or does not fit. */
bool key_line_has_key(const char *p, const char *key);
int key_line_take(const char **p, const char *key, char *buf, size_t size);
