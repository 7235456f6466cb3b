/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The library's one binding to src/sys: the contexts that ephvol_ctx_new() makes ask the
 * running kernel through these. Everything else in the library reads files below the
 * context's root, so the unit tests link it without src/sys (and without this file).
 */
#include <string.h>

#include "libephvol-private.h"
#include "sys-crypt.h"
#include "sys-kcapi.h"

/* libcryptsetup's messages go to the context's log as debug messages, never to stderr. */
static void crypt_log_to_ctx(int level, const char *msg, void *userdata) {
	struct ephvol_ctx *ctx = userdata;

	ctx_debug(ctx, "libcryptsetup (%d): %.*s", level, (int)strcspn(msg, "\n"), msg);
}

static int crypt_query(struct ephvol_ctx *ctx, const char *dmname, struct dm_crypt_info *ret) {
	int r = dm_crypt_query(dmname, ret);

	if (r < 0)
		ctx_debug(ctx, "cannot query device-mapper for %s: %s", dmname, strerror(-r));
	return r;
}

static int cipher_check(const char *cipher, unsigned key_bits) {
	return kernel_cipher_check(cipher, NULL, key_bits);
}

static int cipher_benchmark(struct ephvol_ctx *ctx, const char *cipher, const char *mode,
                            size_t key_bytes, double *ret_encrypt_mibs, double *ret_decrypt_mibs) {
	return crypt_benchmark_mibs(cipher, mode, key_bytes, crypt_log_to_ctx, ctx,
	                            ret_encrypt_mibs, ret_decrypt_mibs);
}

static const struct ctx_kernel kernel = {
	.crypt_query = crypt_query,
	.probe_type = device_probe_type,
	.cipher_check = cipher_check,
	.cipher_benchmark = cipher_benchmark,
};

_public_ int ephvol_ctx_new(struct ephvol_ctx **ret_ctx) {
	return ctx_new_with_kernel(&kernel, ret_ctx);
}
