/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "aead.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "parse.h"

/* Tag sizes are dm-crypt's on-disk tag: the random IV, then the authentication tag
 * (cryptsetup's integrity:N:aead). Random IVs because a sector is rewritten in place:
 * a counter IV would repeat with the same key. */
static const struct aead_cipher ciphers[] = {
	/* 128-bit nonce: no birthday bound on random IVs in any volume's life. */
	{ "aegis128-random", "capi:aegis128", 16, 16 + 16 },
	/* 96-bit IV + 128-bit tag. */
	{ "aes-gcm-random", "capi:gcm(aes)", 32, 12 + 16 },
	/* For CPUs without AES instructions. */
	{ "chacha20-poly1305-random", "capi:rfc7539(chacha20,poly1305)", 32, 12 + 16 },
	/* XTS for the data, an HMAC over it: an XTS key, then a 256-bit MAC key. */
	{ "aes-xts-hmac-sha256-random", "capi:authenc(hmac(sha256),xts(aes))", 64 + 32, 16 + 32 },
};

const struct aead_cipher *aead_cipher_find(const char *name) {
	for (size_t i = 0; name && i < ELEMENTSOF(ciphers); i++)
		if (streq(ciphers[i].name, name))
			return &ciphers[i];
	return NULL;
}

const struct aead_cipher *aead_cipher_find_kernel(const char *spec) {
	for (size_t i = 0; spec && i < ELEMENTSOF(ciphers); i++) {
		size_t n = strlen(ciphers[i].kernel);

		if (strncmp(spec, ciphers[i].kernel, n) == 0 && streq(spec + n, "-random"))
			return &ciphers[i];
	}
	return NULL;
}

const struct aead_cipher *aead_cipher_at(size_t i) {
	return i < ELEMENTSOF(ciphers) ? &ciphers[i] : NULL;
}

const char *aead_cipher_names(void) {
	return "aegis128-random, aes-gcm-random, chacha20-poly1305-random or "
	       "aes-xts-hmac-sha256-random";
}

int dm_integrity_table_format(const struct dm_integrity_table *t, char **ret) {
	char *line;
	int n;

	if (t->tag_bytes == 0 || t->tag_bytes > 255 || t->block_size < 512 ||
	    t->block_size > 4096 || (t->block_size & (t->block_size - 1)))
		return -EINVAL;
	/* "D": no journal, "fix_padding": the layout of kernels since 5.7. One journal
	 * sector: the kernel still reserves journal space in direct mode, which nothing
	 * reads or writes. */
	if (t->block_size == 512)
		n = asprintf(&line, "%u:%u %" PRIu64 " %u D 2 journal_sectors:1 fix_padding",
		             t->major, t->minor, t->offset_sectors, t->tag_bytes);
	else
		n = asprintf(&line,
		             "%u:%u %" PRIu64 " %u D 3 block_size:%u journal_sectors:1 fix_padding",
		             t->major, t->minor, t->offset_sectors, t->tag_bytes, t->block_size);
	if (n < 0)
		return -ENOMEM;
	*ret = line;
	return 0;
}

int dm_integrity_status_parse(const char *status, uint64_t *ret_provided_sectors) {
	uint64_t mismatches, provided;
	char recalc[32];
	int end = 0;

	if (!status ||
	    sscanf(status, "%" SCNu64 " %" SCNu64 " %31s%n", &mismatches, &provided, recalc,
	           &end) != 3 ||
	    status[end + strspn(status + end, " ")] || provided == 0 || status[0] == '-')
		return -EINVAL;
	*ret_provided_sectors = provided;
	return 0;
}

int dm_integrity_table_parse(const char *params, unsigned *ret_major, unsigned *ret_minor,
                             uint64_t *ret_offset_sectors) {
	unsigned ma, mi;
	uint64_t offset;

	if (!params || sscanf(params, "%u:%u %" SCNu64 " ", &ma, &mi, &offset) != 3)
		return -EINVAL;
	*ret_major = ma;
	*ret_minor = mi;
	*ret_offset_sectors = offset;
	return 0;
}

void integrity_dm_name(const char *crypt_dmname, char *buf, size_t size) {
	snprintf(buf, size, "%s" INTEGRITY_DM_SUFFIX, crypt_dmname);
}
