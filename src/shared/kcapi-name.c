/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "kcapi-name.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cpu-features.h"
#include "macro.h"
#include "parse.h"

/* A longer table cipher cannot give a name that fits KCAPI_NAME_MAX. */
#define DM_SPEC_MAX 256
/* drivers/md/dm-crypt.c: the elephant IV's own key is at most 32 bytes. */
#define ELEPHANT_MAX_KEY_SIZE 32

/* What dm-crypt makes of a table cipher, following crypt_ctr_cipher_old() and
 * crypt_ctr_cipher_new() of drivers/md/dm-crypt.c (unchanged from 5.4 to 6.1). */
struct dm_spec {
	char api[KCAPI_NAME_MAX]; /* the skcipher name it allocates */
	unsigned tfms;            /* instances, each with its own part of the key */
	char ivmode[16];          /* the IV generator that takes effect; "" if none */
};

/* crypt_ctr_ivmode(): every other IV mode is refused ("Invalid IV mode"). */
static bool iv_mode_is_known(const char *s) {
	static const char *const modes[] = { "plain", "plain64", "plain64be", "essiv",
		                             "benbi", "null",    "eboiv",     "elephant",
		                             "lmk",   "tcw",     "random" };

	for (size_t i = 0; i < ELEMENTSOF(modes); i++)
		if (streq(s, modes[i]))
			return true;
	return false;
}

static bool parens_balanced(const char *s) {
	int depth = 0;

	for (; *s; s++)
		if (*s == '(')
			depth++;
		else if (*s == ')' && --depth < 0)
			return false;
	return depth == 0;
}

static bool is_power_of_2(unsigned u) {
	return u && !(u & (u - 1));
}

static int dm_spec_parse(const char *cipher, const char *mode, struct dm_spec *ret) {
	const char *api = NULL, *ciph = NULL, *chainmode = NULL, *ivmode, *ivopts;
	char spec[DM_SPEC_MAX], *tmp;
	struct dm_spec s = { .tfms = 1 };
	bool capi;
	int n;

	if (!cipher)
		return -EINVAL;
	if (mode && *mode)
		n = snprintf(spec, sizeof(spec), "%s-%s", cipher, mode);
	else
		n = snprintf(spec, sizeof(spec), "%s", cipher);
	if (n < 0 || (size_t)n >= sizeof(spec))
		return -EINVAL;
	/* Blanks separate the arguments of a dm table line. */
	for (const char *p = spec; *p; p++)
		if (!isgraph((unsigned char)*p))
			return -EINVAL;

	capi = strncmp(spec, "capi:", STRLEN("capi:")) == 0;
	if (capi) {
		/* "capi:API-IVMODE:IVOPTS": the last ':' and then the last '-' split it,
		 * since API may contain dashes (driver names) and IVOPTS a hash name. */
		char *sep;

		api = tmp = spec + STRLEN("capi:");
		ivopts = ivmode = NULL;
		sep = strrchr(tmp, ':');
		if (sep) {
			*sep = 0;
			ivopts = sep + 1;
		}
		sep = strrchr(tmp, '-');
		if (sep) {
			*sep = 0;
			ivmode = sep + 1;
		}
		if (!*api || !parens_balanced(api))
			return -EINVAL;
		if (ivmode && streq(ivmode, "lmk"))
			s.tfms = 64;
	} else {
		char *keycount;

		/* "CIPHER[:KEYCOUNT]-CHAINMODE-IVMODE[:IVOPTS]"; no API names here. */
		if (strpbrk(spec, "()"))
			return -EINVAL;
		tmp = spec;
		keycount = strsep(&tmp, "-");
		ciph = strsep(&keycount, ":");
		if (keycount) {
			for (const char *p = keycount; *p; p++)
				if (!isdigit((unsigned char)*p))
					return -EINVAL;
			if (parse_uint(keycount, 10, &s.tfms) < 0 || !is_power_of_2(s.tfms))
				return -EINVAL;
		}
		chainmode = strsep(&tmp, "-");
		ivmode = strsep(&tmp, ":");
		ivopts = tmp;
		/* The original dm-crypt format: a bare cipher means cbc-plain. */
		if (!chainmode || (streq(chainmode, "plain") && !ivmode)) {
			chainmode = "cbc";
			ivmode = "plain";
		}
		if (!streq(chainmode, "ecb") && !ivmode)
			return -EINVAL; /* "IV mechanism required" */
		if (!*ciph || !*chainmode)
			return -EINVAL;
	}

	if (ivmode && streq(ivmode, "essiv")) {
		/* Since 5.4 ESSIV is the crypto API's essiv template, not dm-crypt's. */
		if (!ivopts || !*ivopts)
			return -EINVAL; /* "Digest algorithm missing for ESSIV mode" */
		/* The hash goes into the name as the API name does, and is checked as it is. */
		if (!parens_balanced(ivopts))
			return -EINVAL;
		n = capi ? snprintf(s.api, sizeof(s.api), "essiv(%s,%s)", api, ivopts)
		         : snprintf(s.api, sizeof(s.api), "essiv(%s(%s),%s)", chainmode, ciph,
		                    ivopts);
	} else
		n = capi ? snprintf(s.api, sizeof(s.api), "%s", api)
		         : snprintf(s.api, sizeof(s.api), "%s(%s)", chainmode, ciph);
	if (n < 0 || (size_t)n >= sizeof(s.api))
		return -EINVAL; /* the kernel's name limit, not the caller's buffer */

	/* ECB has no IV, and dm-crypt then ignores whatever IV mode was named. */
	if (!capi && streq(chainmode, "ecb"))
		ivmode = NULL;
	if (ivmode) {
		if (!iv_mode_is_known(ivmode))
			return -EINVAL;
		strcpy(s.ivmode, ivmode); /* known modes are all shorter than s.ivmode */
	}
	*ret = s;
	return 0;
}

int cipher_spec_split(const char *spec, char *cipher, size_t cipher_size, char *mode,
                      size_t mode_size) {
	const char *dash;

	if (streq(spec, "auto"))
		spec = "aes-xts-plain64";
	for (const char *p = spec; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    !strchr("-,_:", *p))
			return -EINVAL;
	/* The kernel cipher may itself contain a comma ("xchacha12,aes"), never a dash. */
	dash = strchr(spec, '-');
	if (!dash || dash == spec || !dash[1] || (size_t)(dash - spec) >= cipher_size ||
	    strlen(dash + 1) >= mode_size)
		return -EINVAL;
	memcpy(cipher, spec, (size_t)(dash - spec));
	cipher[dash - spec] = 0;
	strcpy(mode, dash + 1);
	return 0;
}

int dm_cipher_to_kcapi(const char *cipher, const char *mode, char *buf, size_t size) {
	struct dm_spec s;
	size_t len;
	int r;

	r = dm_spec_parse(cipher, mode, &s);
	if (r < 0)
		return r;
	len = strlen(s.api);
	if (!buf || len >= size)
		return -ENOBUFS;
	memcpy(buf, s.api, len + 1);
	return 0;
}

int dm_cipher_tfm_key_bytes(const char *cipher, const char *mode, unsigned key_bytes,
                            unsigned *ret) {
	unsigned parts, extra = 0, sub;
	struct dm_spec s;
	int r;

	r = dm_spec_parse(cipher, mode, &s);
	if (r < 0)
		return r;
	parts = s.tfms;
	/* crypt_ctr_ivmode(): IVs with a key of their own take it off the volume key. */
	if (streq(s.ivmode, "tcw"))
		return -EOPNOTSUPP; /* the skcipher's IV size + 16 bytes of whitening */
	if (streq(s.ivmode, "elephant")) {
		extra = key_bytes / 2;
		if (extra > ELEPHANT_MAX_KEY_SIZE)
			return -EINVAL;
	} else if (streq(s.ivmode, "lmk") && key_bytes % parts) {
		/* lmk version 3: one more key of the same size seeds the IV. */
		parts++;
		extra = key_bytes / parts;
	}
	/* crypt_subkey_size(): what is left, split evenly among the instances. */
	sub = (key_bytes - extra) / s.tfms;
	if (key_bytes && !sub)
		return -EINVAL;
	*ret = sub;
	return 0;
}

/* ---- /proc/crypto ---- */

struct crypto_entry {
	char name[KCAPI_NAME_MAX], driver[KCAPI_NAME_MAX];
	char type[16], internal[8], selftest[16];
	unsigned min_key, max_key;
	int priority;
	bool has_min_key, has_max_key, seen;
};

/* A value longer than its field cannot be what we look for: it is left empty. */
static void set_field(char *dst, size_t size, const char *value, size_t len) {
	if (len >= size)
		len = 0;
	memcpy(dst, value, len);
	dst[len] = 0;
}

static void entry_add_line(struct crypto_entry *e, const char *line, size_t len) {
	const char *colon = memchr(line, ':', len), *value, *end = line + len;
	size_t klen, vlen;
	char num[16];

	if (!colon)
		return;
	klen = (size_t)(colon - line);
	while (klen > 0 && isspace((unsigned char)line[klen - 1]))
		klen--;
	value = colon + 1;
	while (value < end && isspace((unsigned char)*value))
		value++;
	while (end > value && isspace((unsigned char)end[-1]))
		end--;
	vlen = (size_t)(end - value);
	e->seen = true;

#define KEY_IS(k) (klen == STRLEN(k) && memcmp(line, k, klen) == 0)
	if (KEY_IS("name"))
		set_field(e->name, sizeof(e->name), value, vlen);
	else if (KEY_IS("driver"))
		set_field(e->driver, sizeof(e->driver), value, vlen);
	else if (KEY_IS("type"))
		set_field(e->type, sizeof(e->type), value, vlen);
	else if (KEY_IS("internal"))
		set_field(e->internal, sizeof(e->internal), value, vlen);
	else if (KEY_IS("selftest"))
		set_field(e->selftest, sizeof(e->selftest), value, vlen);
	else if (KEY_IS("min keysize")) {
		set_field(num, sizeof(num), value, vlen);
		e->has_min_key = parse_uint(num, 10, &e->min_key) >= 0;
	} else if (KEY_IS("max keysize")) {
		set_field(num, sizeof(num), value, vlen);
		e->has_max_key = parse_uint(num, 10, &e->max_key) >= 0;
	} else if (KEY_IS("priority")) {
		set_field(num, sizeof(num), value, vlen);
		if (sscanf(num, "%d", &e->priority) != 1)
			e->priority = 0;
	}
#undef KEY_IS
}

/* 0: usable and takes the key; -EINVAL: usable, not with that key; -ENOENT: no. */
static int entry_check(const struct crypto_entry *e, const char *name, unsigned key_bytes) {
	if (!e->seen || (!streq(e->name, name) && !streq(e->driver, name)))
		return -ENOENT;
	/* dm-crypt asks for an skcipher; since 6.7 the crypto API wraps an lskcipher
	 * (e.g. "cbc(aes)" on a kernel without AES-NI) into one. A larval entry is an
	 * algorithm being built or tested, "internal" ones are only for other drivers,
	 * and an algorithm whose self-test did not pass cannot be allocated. */
	if (!streq(e->type, "skcipher") && !streq(e->type, "lskcipher"))
		return -ENOENT;
	if (streq(e->internal, "yes") || (*e->selftest && !streq(e->selftest, "passed")))
		return -ENOENT;
	if (key_bytes && ((e->has_min_key && key_bytes < e->min_key) ||
	                  (e->has_max_key && key_bytes > e->max_key)))
		return -EINVAL;
	return 0;
}

/* Calls fn for each entry of /proc/crypto text until it returns non-zero, which is then
 * returned; 0 after the last entry. Entries are blocks of "key : value" lines, each
 * ended by an empty line. */
static int proc_crypto_foreach(const char *text,
                               int (*fn)(const struct crypto_entry *e, void *userdata),
                               void *userdata) {
	struct crypto_entry e = {};
	int r;

	for (const char *line = text;;) {
		size_t len = strcspn(line, "\n");
		bool blank = true;

		for (size_t i = 0; i < len; i++)
			blank = blank && isspace((unsigned char)line[i]);
		if (blank || !line[len]) {
			if (!blank)
				entry_add_line(&e, line, len);
			r = fn(&e, userdata);
			if (r != 0)
				return r;
			memset(&e, 0, sizeof(e));
		} else
			entry_add_line(&e, line, len);
		if (!line[len])
			break;
		line += len + 1;
	}
	return 0;
}

struct has_skcipher {
	const char *name;
	unsigned key_bytes;
	int verdict;
};

static int has_skcipher_one(const struct crypto_entry *e, void *userdata) {
	struct has_skcipher *h = userdata;
	int r = entry_check(e, h->name, h->key_bytes);

	if (r == 0)
		return 1;
	if (r == -EINVAL)
		h->verdict = -EINVAL;
	return 0;
}

int proc_crypto_has_skcipher(const char *text, const char *name, unsigned key_bytes) {
	struct has_skcipher h = { .name = name, .key_bytes = key_bytes, .verdict = -ENOENT };

	if (!text || !name || !*name)
		return -EINVAL;
	return proc_crypto_foreach(text, has_skcipher_one, &h) > 0 ? 0 : h.verdict;
}

struct pick_driver {
	const char *name;
	const struct crypto_entry *best; /* points into found */
	struct crypto_entry found;
	bool exact;
};

static int pick_driver_one(const struct crypto_entry *e, void *userdata) {
	struct pick_driver *p = userdata;

	if (entry_check(e, p->name, 0) < 0)
		return 0;
	/* crypto_alg_lookup(): a driver named exactly wins at once; otherwise the highest
	 * priority, and among equals the one registered last, which /proc/crypto lists
	 * first (new algorithms go to the head of the list). */
	if (streq(e->driver, p->name)) {
		p->found = *e;
		p->best = &p->found;
		return 1;
	}
	if (!p->best || e->priority > p->best->priority) {
		p->found = *e;
		p->best = &p->found;
	}
	return 0;
}

int proc_crypto_skcipher_driver(const char *text, const char *name, char *buf, size_t size) {
	struct pick_driver p = { .name = name };
	size_t len;

	if (!text || !name || !*name)
		return -EINVAL;
	(void)proc_crypto_foreach(text, pick_driver_one, &p);
	if (!p.best || !*p.best->driver)
		return -ENOENT;
	len = strlen(p.best->driver);
	if (!buf || len >= size)
		return -ENOBUFS;
	memcpy(buf, p.best->driver, len + 1);
	return 0;
}

int cipher_pick_auto(unsigned cpu_features, char *cipher, size_t cipher_size, char *mode,
                     size_t mode_size, unsigned *ret_key_bits) {
	const char *c, *m;
	unsigned bits;

	if (cpu_features & CPU_FEATURE_AES) {
		c = "aes";
		m = "xts-plain64";
		bits = 512; /* two AES-256 keys */
	} else {
		/* Without AES instructions AES is slow and, table-driven, leaks through
		 * cache timing; Adiantum was designed for exactly these CPUs. */
		c = "xchacha12,aes";
		m = "adiantum-plain64";
		bits = 256; /* the only key size Adiantum has */
	}
	if (strlen(c) >= cipher_size || strlen(m) >= mode_size)
		return -ENOBUFS;
	strcpy(cipher, c);
	strcpy(mode, m);
	*ret_key_bits = bits;
	return 0;
}

unsigned cipher_default_key_bits(const char *mode) {
	return mode && strstr(mode, "xts") ? 512 : 256;
}
