/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * CPU features and ciphers, from files below the context root: /proc/cpuinfo (plus
 * CPUID on the live system) and /proc/crypto. The benchmark, which needs the
 * kernel, is in bench.c (measured by src/sys/sys-crypt-bench.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cipher.h"
#include "cpu-features.h"
#include "fileio.h"
#include "kcapi-name.h"
#include "libephvol-private.h"

/* The public bits are the internal ones: values pass through unchanged. */
_Static_assert((unsigned)EPHVOL_CPU_AES == (unsigned)CPU_FEATURE_AES, "EPHVOL_CPU_AES");
_Static_assert((unsigned)EPHVOL_CPU_PCLMULQDQ == (unsigned)CPU_FEATURE_PCLMULQDQ,
               "EPHVOL_CPU_PCLMULQDQ");
_Static_assert((unsigned)EPHVOL_CPU_AVX == (unsigned)CPU_FEATURE_AVX, "EPHVOL_CPU_AVX");
_Static_assert((unsigned)EPHVOL_CPU_AVX2 == (unsigned)CPU_FEATURE_AVX2, "EPHVOL_CPU_AVX2");
_Static_assert((unsigned)EPHVOL_CPU_VAES == (unsigned)CPU_FEATURE_VAES, "EPHVOL_CPU_VAES");
_Static_assert((unsigned)EPHVOL_CPU_VPCLMULQDQ == (unsigned)CPU_FEATURE_VPCLMULQDQ,
               "EPHVOL_CPU_VPCLMULQDQ");
_Static_assert((unsigned)EPHVOL_CPU_AVX512F == (unsigned)CPU_FEATURE_AVX512F, "EPHVOL_CPU_AVX512F");
_Static_assert((unsigned)CPU_FEATURE_ALL == ((unsigned)EPHVOL_CPU_AVX512F << 1) - 1,
               "a bit without EPHVOL_CPU_");

_public_ int ephvol_cpu_get_features(struct ephvol_ctx *ctx, enum ephvol_cpu_source source,
                                     unsigned *ret_features) {
	const char *root;
	unsigned f;
	int r;

	if (!ctx || !ret_features)
		return -EINVAL;
	root = ephvol_ctx_get_root(ctx);
	switch (source) {
	case EPHVOL_CPU_EFFECTIVE:
		r = cpu_features_get(root, &f);
		break;
	case EPHVOL_CPU_CPUID:
		if (!ctx_is_live(ctx) || !cpu_features_have_cpuid())
			return -EOPNOTSUPP;
		f = cpu_features_cpuid();
		r = 0;
		break;
	case EPHVOL_CPU_CPUINFO:
		r = cpu_features_read_cpuinfo(root, &f);
		break;
	default:
		return -EINVAL;
	}
	if (r < 0) {
		ctx_debug(ctx, "cannot read the CPU features: %s", strerror(-r));
		return r;
	}
	*ret_features = f;
	return 0;
}

_public_ const char *ephvol_cpu_feature_to_string(unsigned feature) {
	return cpu_feature_to_string(feature);
}

int cipher_driver_from_text(const char *proc_crypto, const char *cipher, char **ret_driver) {
	char name[KCAPI_NAME_MAX], driver[KCAPI_NAME_MAX];
	char *d;
	int r;

	/* The whole spec as the cipher: dm_cipher_to_kcapi() splits it as dm-crypt does. */
	r = dm_cipher_to_kcapi(cipher, NULL, name, sizeof(name));
	if (r < 0)
		return -EINVAL;
	r = proc_crypto_skcipher_driver(proc_crypto, name, driver, sizeof(driver));
	if (r < 0)
		return r == -ENOBUFS ? -ENOENT : r; /* longer than the kernel allows: not one */
	d = strdup(driver);
	if (!d)
		return -ENOMEM;
	*ret_driver = d;
	return 0;
}

int cipher_read_proc_crypto(struct ephvol_ctx *ctx, char **ret_text) {
	_cleanup_free_ char *path = ctx_path(ctx, "/proc/crypto");

	if (!path)
		return -ENOMEM;
	return read_full_file(path, ret_text, NULL);
}

_public_ int ephvol_cipher_get_driver(struct ephvol_ctx *ctx, const char *cipher,
                                      char **ret_driver) {
	_cleanup_free_ char *text = NULL;
	char name[KCAPI_NAME_MAX];
	int r;

	if (!ctx || !cipher || !ret_driver)
		return -EINVAL;
	/* A bad spec is the caller's error whatever /proc/crypto says. */
	if (dm_cipher_to_kcapi(cipher, NULL, name, sizeof(name)) < 0)
		return -EINVAL;
	r = cipher_read_proc_crypto(ctx, &text);
	if (r < 0) {
		ctx_debug(ctx, "cannot read /proc/crypto: %s", strerror(-r));
		return r;
	}
	r = cipher_driver_from_text(text, cipher, ret_driver);
	if (r == -ENOENT)
		ctx_debug(ctx, "/proc/crypto lists no usable skcipher %s (yet)", name);
	return r;
}

_public_ int ephvol_cipher_recommend(struct ephvol_ctx *ctx, char **ret_cipher,
                                     unsigned *ret_key_bits) {
	char cipher[32], mode[32], *spec;
	unsigned features, bits;
	int r;

	if (!ctx || !ret_cipher)
		return -EINVAL;
	r = ephvol_cpu_get_features(ctx, EPHVOL_CPU_EFFECTIVE, &features);
	if (r < 0)
		return r;
	r = cipher_pick_auto(features, cipher, sizeof(cipher), mode, sizeof(mode), &bits);
	if (r < 0)
		return r;
	if (asprintf(&spec, "%s-%s", cipher, mode) < 0)
		return -ENOMEM;
	*ret_cipher = spec;
	if (ret_key_bits)
		*ret_key_bits = bits;
	return 0;
}

void volumes_fill_cipher_drivers(struct ephvol_ctx *ctx, struct ephvol_volume **volumes, size_t n) {
	_cleanup_free_ char *text = NULL;
	int r;

	for (size_t i = 0; i < n; i++) {
		struct ephvol_volume *v = volumes[i];

		if (!v->cipher || v->cipher_driver)
			continue;
		/* Read once, and only when some volume is encrypted. */
		if (!text) {
			r = cipher_read_proc_crypto(ctx, &text);
			if (r < 0) {
				ctx_debug(ctx, "cannot read /proc/crypto: %s", strerror(-r));
				return;
			}
		}
		r = cipher_driver_from_text(text, v->cipher, &v->cipher_driver);
		if (r < 0)
			ctx_debug(ctx, "no crypto driver found for %s (%s): %s", v->name, v->cipher,
			          strerror(-r));
	}
}
