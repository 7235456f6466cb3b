/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/kcapi-name.c: /proc/crypto, as create checks a cipher and status names its
 * driver. The kernel writes it, but any user adds entries: binding an AF_ALG socket
 * instantiates a template ("xts(serpent)") under the name asked for.
 *
 * Input: the name to look up on the first line, the /proc/crypto text after it.
 */
#include "fuzz.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kcapi-name.h"
#include "macro.h"

/* A real /proc/crypto is some 30 KiB; longer adds entries, not cases. */
#define INPUT_MAX 65536

static const unsigned key_bytes[] = { 1, 16, 32, 64, 4096 };

/* A driver name as the value of a "driver : NAME" line: one trimmed line, which fits the
 * kernel's limit on names. */
static void check_driver_name(const char *d) {
	size_t len = strlen(d);

	if (len == 0 || len >= KCAPI_NAME_MAX || strchr(d, '\n') || isspace((unsigned char)d[0]) ||
	    isspace((unsigned char)d[len - 1]))
		abort();
}

static void check_driver(const char *text, const char *name, int has) {
	char driver[KCAPI_NAME_MAX], small[KCAPI_NAME_MAX], again[KCAPI_NAME_MAX];
	size_t len;
	int r;

	r = proc_crypto_skcipher_driver(text, name, driver, sizeof(driver));
	if (r < 0) {
		if (r != -ENOENT)
			abort();
		return;
	}
	/* The driver picked is one of the entries that make the name usable. */
	if (r != 0 || has != 0)
		abort();
	check_driver_name(driver);
	/* Asked for by its own name, a driver is found, and is the answer itself. */
	if (proc_crypto_has_skcipher(text, driver, 0) != 0 ||
	    proc_crypto_skcipher_driver(text, driver, again, sizeof(again)) != 0 ||
	    !streq(again, driver))
		abort();
	/* -ENOBUFS depends on the buffer alone, and then nothing is written. */
	len = strlen(driver);
	memset(small, 'x', sizeof(small));
	if (proc_crypto_skcipher_driver(text, name, small, len) != -ENOBUFS || small[0] != 'x')
		abort();
	if (proc_crypto_skcipher_driver(text, name, small, len + 1) != 0 || !streq(small, driver))
		abort();
}

static void check(const char *text, const char *name) {
	int has;

	has = proc_crypto_has_skcipher(text, name, 0);
	if (!name[0]) {
		if (has != -EINVAL)
			abort();
		return;
	}
	/* Without a key length to check, an entry is usable or there is none. */
	if (has != 0 && has != -ENOENT)
		abort();
	for (size_t i = 0; i < ELEMENTSOF(key_bytes); i++) {
		int r = proc_crypto_has_skcipher(text, name, key_bytes[i]);

		/* A key length can only refuse entries that are there. */
		if ((r != 0 && r != -EINVAL && r != -ENOENT) || (r != -ENOENT) != (has == 0))
			abort();
	}
	check_driver(text, name, has);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	_cleanup_free_ char *s = NULL;
	char *text;

	s = fuzz_string(data, size, INPUT_MAX);
	if (!s)
		return 0;
	text = strchr(s, '\n');
	if (!text)
		return 0;
	*text++ = 0;
	check(text, s);
	return 0;
}
