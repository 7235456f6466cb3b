/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dm-crypt-table.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "parse.h"

/* The next space-separated field of *p: its start and length; *p moves past it. */
static bool next_field(const char **p, const char **ret_start, size_t *ret_len) {
	const char *s = *p + strspn(*p, " ");
	size_t n = strcspn(s, " ");

	if (n == 0)
		return false;
	*ret_start = s;
	*ret_len = n;
	*p = s + n;
	return true;
}

/* The decimal number of N characters at S. */
static int field_uint(const char *s, size_t n, unsigned *ret) {
	char num[16];

	if (n == 0 || n >= sizeof(num) || strspn(s, "0123456789") < n)
		return -EINVAL;
	memcpy(num, s, n);
	num[n] = '\0';
	return parse_uint(num, 10, ret);
}

/* ":<size>:<type>:<description>" names a key in the kernel keyring; a hex string is
 * the key itself; "-" is no key (cipher_null). */
static int key_field(const char *s, size_t n, struct dm_crypt_info *info) {
	unsigned bytes;

	if (n == 1 && s[0] == '-') {
		info->key_bits = 0;
		return 0;
	}
	if (s[0] == ':') {
		const char *colon = memchr(s + 1, ':', n - 1);

		if (!colon || field_uint(s + 1, (size_t)(colon - s - 1), &bytes) < 0 ||
		    bytes == 0 || bytes > 1024)
			return -EINVAL;
		info->key_bits = bytes * 8;
		info->key_in_keyring = true;
		info->key_live = true;
		return 0;
	}
	if (n % 2 || n > 2048 || strspn(s, "0123456789abcdefABCDEF") < n)
		return -EINVAL;
	info->key_bits = (unsigned)(n / 2) * 8;
	/* A wiped key prints as zeros (crypt_wipe_key() zeroes it, and drops the key
	 * string that named a keyring key). */
	info->key_live = strspn(s, "0") < n;
	return 0;
}

/* "[<#opt> <opt>...]": sector_size:N, and the flags (options without ':'). */
static int opt_params(const char *p, struct dm_crypt_info *info) {
	static const char sector_size[] = "sector_size:", integrity[] = "integrity:";
	_cleanup_free_ char *flags = NULL;
	size_t flags_len = 0;
	const char *s;
	size_t n;
	unsigned count;

	info->sector_size = 512;
	/* At most the line's length, for the flags and their commas. */
	flags = calloc(strlen(p) + 1, 1);
	if (!flags)
		return -ENOMEM;
	if (!next_field(&p, &s, &n))
		goto done;
	if (field_uint(s, n, &count) < 0)
		return -EINVAL;
	for (unsigned i = 0; i < count; i++) {
		if (!next_field(&p, &s, &n))
			return -EINVAL;
		if (n >= strlen(sector_size) && strncmp(s, sector_size, strlen(sector_size)) == 0 &&
		    (field_uint(s + strlen(sector_size), n - strlen(sector_size),
		                &info->sector_size) < 0 ||
		     info->sector_size < 512))
			return -EINVAL;
		if (n > strlen(integrity) && strncmp(s, integrity, strlen(integrity)) == 0) {
			const char *tag = s + strlen(integrity);
			const char *colon = memchr(tag, ':', n - strlen(integrity));

			if (!colon ||
			    field_uint(tag, (size_t)(colon - tag), &info->integrity_tag_bytes) <
			            0 ||
			    info->integrity_tag_bytes == 0)
				return -EINVAL;
			info->integrity_aead = (size_t)(s + n - colon - 1) == 4 &&
			                       strncmp(colon + 1, "aead", 4) == 0;
		}
		if (!memchr(s, ':', n)) {
			if (flags_len > 0)
				flags[flags_len++] = ',';
			memcpy(flags + flags_len, s, n);
			flags_len += n;
		}
	}
	if (next_field(&p, &s, &n))
		return -EINVAL;
done:
	info->flags = TAKE_PTR(flags);
	return 0;
}

void dm_crypt_info_done(struct dm_crypt_info *info) {
	info->cipher = mfree(info->cipher);
	info->flags = mfree(info->flags);
}

int dm_crypt_table_parse(const char *params, struct dm_crypt_info *ret) {
	struct dm_crypt_info info = {};
	_cleanup_free_ char *cipher = NULL;
	const char *p = params, *s;
	size_t n;
	int r;

	if (!params || !next_field(&p, &s, &n))
		return -EINVAL;
	cipher = strndup(s, n);
	if (!cipher)
		return -ENOMEM;
	if (!next_field(&p, &s, &n) || key_field(s, n, &info) < 0)
		return -EINVAL;
	/* iv_offset, device, offset: there, but not needed */
	for (int i = 0; i < 3; i++)
		if (!next_field(&p, &s, &n))
			return -EINVAL;
	r = opt_params(p, &info);
	if (r < 0)
		return r;
	info.cipher = TAKE_PTR(cipher);
	*ret = info;
	return 0;
}

bool dm_crypt_version_at_least(const unsigned version[3], unsigned major, unsigned minor) {
	return version[0] > major || (version[0] == major && version[1] >= minor);
}

/* A non-empty word: no space, tab or newline to split the table line. */
static bool is_word(const char *s) {
	return s && *s && !s[strcspn(s, " \t\n")];
}

int dm_crypt_table_format(const struct dm_crypt_table *t, char **ret) {
	char opts[128] = "";
	unsigned nopts = (t->no_workqueues ? 2 : 0) + t->high_priority + (t->sector_size != 512) +
	                 !!t->integrity_tag_bytes;
	char *line;

	if (!is_word(t->cipher) || !is_word(t->cipher_mode) || !is_word(t->key_description) ||
	    t->key_bytes == 0 || t->key_bytes > 1024 || t->sector_size < 512 ||
	    t->sector_size > 4096 || (t->sector_size & (t->sector_size - 1)) ||
	    t->integrity_tag_bytes > 255)
		return -EINVAL;
	if (nopts)
		snprintf(opts, sizeof(opts), " %u%s%s", nopts,
		         t->high_priority ? " high_priority" : "",
		         t->no_workqueues ? " no_read_workqueue no_write_workqueue" : "");
	if (t->integrity_tag_bytes)
		snprintf(opts + strlen(opts), sizeof(opts) - strlen(opts), " integrity:%u:aead",
		         t->integrity_tag_bytes);
	if (t->sector_size != 512)
		snprintf(opts + strlen(opts), sizeof(opts) - strlen(opts), " sector_size:%u",
		         t->sector_size);
	if (asprintf(&line, "%s-%s :%u:logon:%s 0 %u:%u %" PRIu64 "%s", t->cipher, t->cipher_mode,
	             t->key_bytes, t->key_description, t->major, t->minor, t->offset_sectors,
	             opts) < 0)
		return -ENOMEM;
	*ret = line;
	return 0;
}
