/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

bool volume_name_is_valid(const char *name) {
	size_t n;

	if (!name)
		return false;
	n = strlen(name);
	if (n == 0 || n > VOLUME_NAME_MAX)
		return false;
	if (name[0] == '.' || name[0] == '-')
		return false;
	for (const char *p = name; *p; p++)
		if (!(isascii((unsigned char)*p) && isalnum((unsigned char)*p)) &&
		    !strchr("_.-", *p))
			return false;
	return true;
}

/* strtoull accepts leading space, signs and an empty string; a size must not. NULL is
 * refused here, for every caller. */
static int parse_digits(const char *s, char **ret_end, unsigned long long *ret) {
	unsigned long long v;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	*ret_end = end;
	*ret = v;
	return 0;
}

int parse_size(const char *s, uint64_t *ret) {
	static const struct {
		char suffix;
		unsigned shift;
	} units[] = {
		{ 'K', 10 }, { 'M', 20 }, { 'G', 30 }, { 'T', 40 }, { 'P', 50 },
	};
	unsigned long long v;
	unsigned shift = 0;
	char *end;
	int r;

	r = parse_digits(s, &end, &v);
	if (r < 0)
		return r;

	if (*end) {
		bool found = false;

		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (toupper((unsigned char)*end) == units[i].suffix) {
				shift = units[i].shift;
				found = true;
				break;
			}
		if (found)
			end++;
		/* Accept the spellings people type: 64M, 64MB, 64MiB, 4096B. */
		if (found && tolower((unsigned char)end[0]) == 'i' &&
		    tolower((unsigned char)end[1]) == 'b')
			end += 2;
		else if (tolower((unsigned char)*end) == 'b')
			end++;
		if (*end)
			return -EINVAL;
	}

	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*ret = (uint64_t)v << shift;
	return 0;
}

int parse_size_or_percent(const char *s, uint64_t *ret_bytes, unsigned *ret_percent) {
	unsigned long long v;
	uint64_t bytes;
	char *end;
	int r;

	if (!s)
		return -EINVAL;
	if (s[0] && s[strlen(s) - 1] == '%') {
		r = parse_digits(s, &end, &v);
		if (r < 0)
			return r;
		if (*end != '%' || end[1])
			return -EINVAL;
		if (v == 0 || v > 100)
			return -ERANGE;
		*ret_percent = (unsigned)v;
		*ret_bytes = 0;
		return 0;
	}
	r = parse_size(s, &bytes);
	if (r < 0)
		return r;
	*ret_bytes = bytes;
	*ret_percent = 0;
	return 0;
}

int parse_duration_sec(const char *s, uint64_t *ret) {
	static const struct {
		const char *unit;
		uint64_t sec;
	} units[] = {
		{ "sec", 1 },  { "s", 1 },        { "min", 60 },    { "m", 60 },    { "hr", 3600 },
		{ "h", 3600 }, { "days", 86400 }, { "day", 86400 }, { "d", 86400 }, { "w", 604800 },
	};
	uint64_t total = 0;
	bool any = false;

	if (!s)
		return -EINVAL;
	for (;;) {
		unsigned long long v;
		uint64_t mult = 1;
		char *end;
		size_t n;
		int r;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		r = parse_digits(s, &end, &v);
		if (r < 0)
			return r;
		n = strspn(end, "abcdefghijklmnopqrstuvwxyz");
		if (n > 0) {
			size_t i;

			for (i = 0; i < ELEMENTSOF(units); i++)
				if (strlen(units[i].unit) == n &&
				    strncmp(end, units[i].unit, n) == 0)
					break;
			if (i == ELEMENTSOF(units))
				return -EINVAL;
			mult = units[i].sec;
		}
		if (v > UINT32_MAX || v * mult > UINT32_MAX || total + v * mult > UINT32_MAX)
			return -ERANGE;
		total += v * mult;
		any = true;
		s = end + n;
		if (*s && *s != ' ' && !isdigit((unsigned char)*s))
			return -EINVAL;
	}
	if (!any)
		return -EINVAL;
	*ret = total;
	return 0;
}

int parse_uint(const char *s, unsigned base, unsigned *ret) {
	unsigned long v;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, base);
	if (errno == ERANGE || v > UINT_MAX)
		return -ERANGE;
	if (*end)
		return -EINVAL;
	*ret = (unsigned)v;
	return 0;
}

int parse_u64(const char *s, uint64_t *ret) {
	unsigned long long v;
	char *end;
	int r;

	r = parse_digits(s, &end, &v);
	if (r < 0)
		return r;
	if (*end)
		return -EINVAL;
	*ret = v;
	return 0;
}

int parse_int(const char *s, int *ret) {
	long v;
	char *end;

	if (!s || !*s || isspace((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno == ERANGE || v > INT_MAX || v < INT_MIN)
		return -ERANGE;
	if (*end)
		return -EINVAL;
	*ret = (int)v;
	return 0;
}

bool key_line_has_key(const char *p, const char *key) {
	size_t klen = strlen(key);

	return strncmp(p, key, klen) == 0 && p[klen] == '=';
}

/* Takes "KEY=VALUE\n" off the front of *p; the value is copied into buf. */
int key_line_take(const char **p, const char *key, char *buf, size_t size) {
	size_t klen = strlen(key), vlen;
	const char *nl;

	if (!key_line_has_key(*p, key))
		return -EBADMSG;
	nl = strchr(*p + klen + 1, '\n');
	if (!nl)
		return -EBADMSG;
	vlen = (size_t)(nl - (*p + klen + 1));
	if (vlen == 0 || vlen >= size)
		return -EBADMSG;
	memcpy(buf, *p + klen + 1, vlen);
	buf[vlen] = 0;
	*p = nl + 1;
	return 0;
}
