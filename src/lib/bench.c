/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Cipher speed through libcryptsetup's crypt_benchmark(), called exactly as
 * `cryptsetup benchmark --cipher SPEC --key-size BITS` (cryptsetup 2.6,
 * src/cryptsetup.c: benchmark_cipher_loop()) calls it, so that the figures can be
 * compared with that command's: the spec split at its first dash into cipher and
 * mode, the IV generator dropped from the mode, the key size in bytes, IV size 0
 * (crypt_benchmark() uses the cipher's own), a 1 MiB buffer doubled while the
 * kernel is too fast to time it.
 */
#include <stdio.h>
#include <string.h>

#include "kcapi-name.h"
#include "libephvol-private.h"

/* "aes-xts-plain64" -> "aes" + "xts", as crypt_parse_name_and_mode() and the IV
 * stripping of cryptsetup's benchmark do; "aes" and "aes-plain" mean cbc-plain.
 * -EOPNOTSUPP for what crypt_benchmark() cannot take. */
static int split_like_cryptsetup(const char *spec, char *cipher, size_t csize, char *mode,
                                 size_t msize) {
	size_t clen = strcspn(spec, "-"), mlen;
	const char *m = spec[clen] ? spec + clen + 1 : "cbc";

	/* crypt_benchmark() builds "MODE(CIPHER)" itself: the crypto API's own names
	 * ("capi:") and key counts ("aes:64") have no such form. */
	if (memchr(spec, ':', clen))
		return -EOPNOTSUPP;
	mlen = strcspn(m, "-");
	if (mlen == STRLEN("plain") && strncmp(m, "plain", mlen) == 0)
		m = "cbc", mlen = 3;
	if (clen == 0 || clen >= csize || mlen == 0 || mlen >= msize)
		return -EINVAL;
	memcpy(cipher, spec, clen);
	cipher[clen] = 0;
	memcpy(mode, m, mlen);
	mode[mlen] = 0;
	return 0;
}

_public_ int ephvol_cipher_benchmark(struct ephvol_ctx *ctx, const char *cipher, unsigned key_bits,
                                     double *ret_encrypt_mibs, double *ret_decrypt_mibs) {
	char name[KCAPI_NAME_MAX], c[KCAPI_NAME_MAX], mode[KCAPI_NAME_MAX];
	const struct ctx_kernel *k;
	double enc = 0, dec = 0;
	int r;

	if (!ctx || !cipher || !ret_encrypt_mibs || !ret_decrypt_mibs)
		return -EINVAL;
	if (key_bits == 0 || key_bits % 8 ||
	    dm_cipher_to_kcapi(cipher, NULL, name, sizeof(name)) < 0)
		return -EINVAL;
	k = ctx_kernel(ctx);
	if (!k)
		return -EOPNOTSUPP;
	r = split_like_cryptsetup(cipher, c, sizeof(c), mode, sizeof(mode));
	if (r < 0) {
		ctx_debug(ctx, "crypt_benchmark() cannot measure %s", cipher);
		return r;
	}

	/* What dm-crypt itself would allocate, with its key length: this also makes the
	 * kernel list the template (essiv(...) is more than the cbc(aes) measured below),
	 * so that ephvol_cipher_get_driver() finds it afterwards. */
	r = k->cipher_check(cipher, key_bits);
	if (r < 0) {
		ctx_debug(ctx, "the kernel refuses %s (%s, %u-bit key): %s", cipher, name, key_bits,
		          strerror(-r));
		return r;
	}

	r = k->cipher_benchmark(ctx, c, mode, key_bits / 8, &enc, &dec);
	if (r < 0) {
		ctx_debug(ctx, "crypt_benchmark(%s, %s, %u bytes) failed: %s", c, mode,
		          key_bits / 8, strerror(-r));
		return r;
	}
	ctx_debug(ctx, "%s %u bits (%s(%s)): %.1f / %.1f MiB/s", cipher, key_bits, mode, c, enc,
	          dec);
	*ret_encrypt_mibs = enc;
	*ret_decrypt_mibs = dec;
	return 0;
}
