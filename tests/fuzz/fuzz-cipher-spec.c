/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/kcapi-name.c: the --cipher SPEC of create and bench, split by
 * cipher_spec_split() into dm-crypt's cipher and mode, and the crypto API name
 * dm_cipher_to_kcapi() makes of them; also a whole spec as one cipher, as the library
 * takes it from its callers (ephvol_cipher_get_driver()).
 */
#include "fuzz.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcapi-name.h"
#include "macro.h"

/* Longer specs are refused on their length alone. */
#define INPUT_MAX 1024

/* The sizes of struct create_options' cipher and cipher_mode. */
#define CIPHER_MAX 64

static const unsigned key_bytes[] = { 0, 1, 16, 32, 48, 64, 65, 128, 4096 };

/* A name goes into a dm table line and to the crypto API as it is: one word, which the
 * kernel accepts in length, with its parentheses in pairs. */
static void check_name(const char *name) {
	int depth = 0;

	if (!name[0] || strlen(name) >= KCAPI_NAME_MAX)
		abort();
	for (const char *p = name; *p; p++) {
		if (!isgraph((unsigned char)*p))
			abort();
		depth += *p == '(';
		depth -= *p == ')';
		if (depth < 0)
			abort();
	}
	if (depth != 0)
		abort();
}

static void check_key_bytes(const char *cipher, const char *mode, int name_result) {
	for (size_t i = 0; i < ELEMENTSOF(key_bytes); i++) {
		unsigned sub = UINT32_MAX;
		int r = dm_cipher_tfm_key_bytes(cipher, mode, key_bytes[i], &sub);

		/* One parser behind both: a spec refused for its name has no key size. */
		if (name_result < 0 && r != -EINVAL)
			abort();
		/* Each instance's part of the key is a part of it, and not nothing. */
		if (r == 0 && (sub > key_bytes[i] || (key_bytes[i] > 0 && sub == 0)))
			abort();
		if (r < 0 && r != -EINVAL && r != -EOPNOTSUPP)
			abort();
	}
}

static int check_kcapi(const char *cipher, const char *mode, char name[KCAPI_NAME_MAX]) {
	char small[KCAPI_NAME_MAX];
	size_t len;
	int r;

	r = dm_cipher_to_kcapi(cipher, mode, name, KCAPI_NAME_MAX);
	check_key_bytes(cipher, mode, r);
	if (r < 0) {
		if (r != -EINVAL)
			abort();
		return r;
	}
	check_name(name);
	/* -ENOBUFS depends on the buffer alone, and then nothing is written. */
	len = strlen(name);
	memset(small, 'x', sizeof(small));
	if (dm_cipher_to_kcapi(cipher, mode, small, len) != -ENOBUFS || small[0] != 'x')
		abort();
	if (dm_cipher_to_kcapi(cipher, mode, small, len + 1) != 0 || !streq(small, name))
		abort();
	return 0;
}

/* --cipher SPEC: CIPHER-MODE, with dashes only in the mode, or "auto". */
static void check_split(const char *spec) {
	char cipher[CIPHER_MAX], mode[CIPHER_MAX], joined[2 * CIPHER_MAX], name[KCAPI_NAME_MAX],
	        whole[KCAPI_NAME_MAX];
	int r;

	r = cipher_spec_split(spec, cipher, sizeof(cipher), mode, sizeof(mode));
	if (r < 0) {
		if (r != -EINVAL)
			abort();
		return;
	}
	if (r != 0 || !cipher[0] || !mode[0] || strchr(cipher, '-'))
		abort();
	snprintf(joined, sizeof(joined), "%s-%s", cipher, mode);
	if (!streq(joined, streq(spec, "auto") ? "aes-xts-plain64" : spec))
		abort();
	for (const char *p = joined; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    !strchr("-,_:", *p))
			abort();
	/* create hands dm-crypt the two parts, the library the whole spec: same name. */
	r = check_kcapi(cipher, mode, name);
	if (r != check_kcapi(joined, NULL, whole) || (r == 0 && !streq(name, whole)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	_cleanup_free_ char *s = NULL;
	char name[KCAPI_NAME_MAX];

	s = fuzz_string(data, size, INPUT_MAX);
	if (!s)
		return 0;

	(void)check_kcapi(s, NULL, name);
	check_split(s);
	return 0;
}
