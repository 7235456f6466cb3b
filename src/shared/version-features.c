/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "version-features.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

/* libcryptsetup 2.x has no call that returns its version; the first crypto
 * initialisation of a process logs it at debug level (init_crypto(), unchanged in
 * wording since 2.0): "Crypto backend (...) initialized in cryptsetup library version
 * 2.6.1." */
#define VERSION_MARK "initialized in cryptsetup library version "

int cryptsetup_facts_learn(struct cryptsetup_facts *f, const char *msg) {
	const char *p;

	if (!msg)
		return 0;
	p = strstr(msg, VERSION_MARK);
	if (p && !f->version) {
		size_t len;

		p += STRLEN(VERSION_MARK);
		len = strcspn(p, " \t\n");
		/* The sentence's full stop is not part of the version. */
		if (len > 0 && p[len - 1] == '.')
			len--;
		if (len == 0)
			return 0;
		f->version = strndup(p, len);
		if (!f->version)
			return -ENOMEM;
	}
	return 0;
}

void cryptsetup_facts_done(struct cryptsetup_facts *f) {
	free(f->version);
	f->version = NULL;
}

void features_done(struct features *f) {
	cryptsetup_facts_done(&f->cryptsetup);
}

static char feature_sign(enum feature f) {
	switch (f) {
	case FEATURE_YES:
		return '+';
	case FEATURE_NO:
		return '-';
	default:
		return '?';
	}
}

int features_format(const struct features *f, char **ret_line) {
	char *line = NULL;
	int r;

	/* Loaded, it is there even when it does not say its version. */
	r = asprintf(&line,
	             "%cLIBCRYPTSETUP%s%s%s %cKEYRING %cAF_ALG %cZRAM_WRITEBACK %cRECOMP "
	             "%cALGORITHM_PARAMS %cZRAM_IDLE_AGE %cDM_CRYPT_HIGH_PRIORITY",
	             f->cryptsetup.missing ? '-' : '+', f->cryptsetup.version ? "(" : "",
	             f->cryptsetup.version ?: "", f->cryptsetup.version ? ")" : "",
	             feature_sign(f->keyring), feature_sign(f->af_alg),
	             feature_sign(f->zram.writeback), feature_sign(f->zram.recomp),
	             feature_sign(f->zram.algorithm_params), feature_sign(f->zram.idle_age),
	             feature_sign(f->dm_crypt.high_priority));
	if (r < 0)
		return -ENOMEM;
	*ret_line = line;
	return 0;
}
