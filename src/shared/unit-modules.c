/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit-modules.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcapi-name.h"
#include "macro.h"
#include "strv.h"
#include "volume-options.h"

/* A module name as it can stand in a unit name (modprobe@NAME.service) without escapes. */
static bool module_name_is_plain(const char *s) {
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(isascii((unsigned char)*s) && isalnum((unsigned char)*s)) &&
		    !strchr("_-", *s))
			return false;
	return true;
}

static int add_module(char ***l, const char *prefix, const char *name, size_t len) {
	char buf[KCAPI_NAME_MAX + 16];

	if ((size_t)snprintf(buf, sizeof(buf), "%s%.*s", prefix, (int)len, name) >= sizeof(buf) ||
	    !module_name_is_plain(buf))
		return 0; /* nothing the kernel would ask for */
	for (char **p = *l; p && *p; p++)
		if (streq(*p, buf))
			return 0;
	return strv_extend(l, buf);
}

/* The cipher's algorithms, outermost first: "essiv(cbc(aes),sha256)" -> crypto-essiv,
 * crypto-cbc, crypto-aes, crypto-sha256; what the crypto API requests as it builds the
 * instance from templates, and so the aliases of the modules that provide them. */
static int add_cipher_modules(char ***l, const char *spec, const unsigned *cpu_features) {
	const struct volume_option *opt = &volume_options[VOLUME_OPTION_CIPHER];
	struct volume_option_error e = {};
	union volume_value v = {};
	char api[KCAPI_NAME_MAX];
	unsigned bits;
	int r;

	/* The configured value as create reads it, through the option's own parser; one
	 * that create refuses (with a reason, which the boot shows) names no module. */
	if (spec && opt->parse(spec, &v, &e) < 0)
		return 0;
	if (!v.cipher.cipher[0]) { /* auto */
		if (!cpu_features)
			return 0;
		r = cipher_pick_auto(*cpu_features, v.cipher.cipher, sizeof(v.cipher.cipher),
		                     v.cipher.cipher_mode, sizeof(v.cipher.cipher_mode), &bits);
		if (r < 0)
			return 0;
	}
	if (dm_cipher_to_kcapi(v.cipher.cipher, v.cipher.cipher_mode, api, sizeof(api)) < 0)
		return 0;
	for (const char *p = api; *p;) {
		size_t n = strcspn(p, "(),");

		if (n > 0) {
			r = add_module(l, "crypto-", p, n);
			if (r < 0)
				return r;
		}
		p += n;
		p += strspn(p, "(),");
	}
	return 0;
}

int unit_volume_modules(const struct conf_volume *v, const unsigned *cpu_features, char ***ret) {
	_cleanup_(strv_freep) char **l = NULL;
	const char *role = conf_volume_get(v, "role");
	bool zram = streq(conf_volume_backend(v), "zram");
	int r = 0;

	/* A zram volume uses dm-crypt only to write back through. */
	if (!zram || conf_volume_get(v, "writeback")) {
		r = add_module(&l, "", "dm_crypt", strlen("dm_crypt"));
		if (r >= 0)
			r = add_cipher_modules(&l, conf_volume_get(v, "cipher"), cpu_features);
	}
	if (r >= 0 && role && streq(role, "tmp")) {
		const char *fs = conf_volume_get(v, "fs") ?: "ext4";

		r = add_module(&l, "fs-", fs, strlen(fs));
	}
	if (r < 0)
		return r;
	if (!l) {
		l = calloc(1, sizeof(char *));
		if (!l)
			return -ENOMEM;
	}
	*ret = TAKE_PTR(l);
	return 0;
}
