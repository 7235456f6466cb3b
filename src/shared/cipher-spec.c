/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cipher-spec.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "macro.h"

/* Longer than any spec create accepts (two 64-byte halves). */
#define SPEC_MAX 160

/* The chaining mode and IV mode dm-crypt makes of the spec (crypt_ctr_cipher_old() and
 * crypt_ctr_cipher_new()), and whether it names cipher_null. */
struct spec_parts {
	char chain[SPEC_MAX]; /* "xts", "ecb"; for capi: the outer template */
	char iv[SPEC_MAX];    /* "plain64", "null"; "" if none */
	bool null_cipher;
};

static void copy_until(char *dst, const char *src, const char *stop) {
	size_t n = strcspn(src, stop);

	memcpy(dst, src, n);
	dst[n] = 0;
}

static int spec_split_parts(const char *cipher, const char *mode, struct spec_parts *ret) {
	struct spec_parts p = {};
	char spec[SPEC_MAX];
	const char *s;
	int n;

	n = snprintf(spec, sizeof(spec), "%s%s%s", cipher, mode && *mode ? "-" : "", mode ?: "");
	if (n < 0 || (size_t)n >= sizeof(spec))
		return -EINVAL;

	if (strncmp(spec, "capi:", STRLEN("capi:")) == 0) {
		/* "capi:API-IVMODE[:IVOPTS]": API may hold dashes (driver names), so the IV mode
		 * follows the last one. */
		char *colon, *dash;

		s = spec + STRLEN("capi:");
		p.null_cipher = strstr(s, "cipher_null") != NULL;
		colon = strrchr(s, ':');
		if (colon)
			*colon = 0;
		dash = strrchr(s, '-');
		if (dash) {
			*dash = 0;
			copy_until(p.iv, dash + 1, "");
		}
		copy_until(p.chain, s, "(");
	} else {
		/* "CIPHER[:KEYCOUNT]-CHAIN-IV[:IVOPTS]" */
		p.null_cipher = strncmp(spec, "cipher_null", STRLEN("cipher_null")) == 0;
		s = strchr(spec, '-');
		if (s) {
			copy_until(p.chain, s + 1, "-");
			s = strchr(s + 1, '-');
		}
		if (s)
			copy_until(p.iv, s + 1, ":");
		else if (!*p.chain || streq(p.chain, "plain")) {
			/* The original format: "aes" and "aes-plain" are cbc-plain. */
			strcpy(p.chain, "cbc");
			strcpy(p.iv, "plain");
		}
	}
	*ret = p;
	return 0;
}

int cipher_spec_check(const char *cipher, const char *mode, uint64_t area_bytes,
                      unsigned sector_size, const char **reason) {
	struct spec_parts p;
	uint64_t last_iv;

	if (!cipher || !reason || spec_split_parts(cipher, mode, &p) < 0)
		return -EINVAL;
	if (p.null_cipher) {
		*reason = "it does not encrypt";
		return -EINVAL;
	}
	if (streq(p.chain, "ecb")) {
		*reason = "ECB turns equal plaintext blocks into equal ciphertext blocks, so "
		          "patterns in the data show through; use xts-plain64";
		return -EINVAL;
	}
	if (streq(p.iv, "null")) {
		*reason = "a null IV is the same for every sector, so equal data at the same "
		          "place in two sectors encrypts alike; use plain64";
		return -EINVAL;
	}
	if (streq(p.iv, "plain") && area_bytes > 0) {
		if (sector_size == 0)
			sector_size = 512;
		/* The IV of the last sector: its first 512-byte sector's number. */
		last_iv = area_bytes > sector_size ? (area_bytes - sector_size) / 512 : 0;
		if (last_iv > UINT32_MAX) {
			*reason = "a plain IV holds only 32 bits of the sector number, which "
			          "repeat beyond 2 TiB; use plain64";
			return -EINVAL;
		}
	}
	return 0;
}
