/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bench-options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "aead.h"
#include "create-options.h"
#include "kcapi-name.h"
#include "log.h"
#include "parse.h"
#include "verb-getopt.h"

/* Without --cipher: what --cipher auto picks on either kind of CPU, at both XTS key
 * sizes, and the cipher LUKS1 and old crypttab lines used, for comparison. */
static const struct bench_candidate default_candidates[] = {
	{ "aes-xts-plain64", 256, false, false },
	{ "aes-xts-plain64", 512, false, false },
	{ "xchacha12,aes-adiantum-plain64", 256, false, false },
	{ "aes-cbc-essiv:sha256", 256, true, false },
};

/* Without --cipher, --io measures the ciphers `create --cipher auto` picks: one on CPUs
 * with AES instructions, one on CPUs without. The 256-bit XTS key is no default, and the
 * LUKS1-era reference is cryptsetup's plain default, measured as the last row anyway. */
static const struct bench_candidate io_candidates[] = {
	{ "aes-xts-plain64", 512, false, false },
	{ "xchacha12,aes-adiantum-plain64", 256, false, false },
};

void bench_help(void) {
	printf("Usage: ephvol bench [--json] [--cipher SPEC]... [--key-size BITS] [--sample FILE]\n"
	       "       ephvol bench --io DEVICE [--integrity MODE] [--cipher SPEC[:BITS]]...\n"
	       "                    [--seconds N] [--force] [--json]\n"
	       "\n"
	       "Measure what makes encrypted and zram volumes fast on this machine: the CPU's\n"
	       "AES features, the kernel's ciphers (in memory, as 'cryptsetup benchmark'\n"
	       "measures them), and zram's compressors on a sample; then the cipher that\n"
	       "'ephvol create --cipher auto' picks here.\n"
	       "\n"
	       "  -c, --cipher SPEC      measure this dm-crypt cipher (repeatable; 'auto': the\n"
	       "                         one create would pick) instead of the default set\n"
	       "                         (aes-xts-plain64 256 and 512 bits,\n"
	       "                         xchacha12,aes-adiantum-plain64, aes-cbc-essiv:sha256)\n"
	       "  -s, --key-size BITS    key size for every --cipher (default as create's:\n"
	       "                         512 for XTS, 256 otherwise)\n"
	       "      --sample FILE      compress the first 256 MiB of FILE instead of the\n"
	       "                         built-in 32 MiB synthetic sample\n"
	       "      --io DEVICE        DESTROYS THE DATA ON DEVICE: measure 4 KiB random and\n"
	       "                         1 MiB sequential I/O through a raw ephvol volume\n"
	       "                         'bench-io' on it, for each cipher with dm-crypt's\n"
	       "                         workqueues bypassed and kept, then as 'cryptsetup\n"
	       "                         open --type plain' sets it up by default\n"
	       "      --integrity MODE   with --io, MODE aead: create's default without\n"
	       "                         integrity, then each AEAD cipher (or each --cipher)\n"
	       "                         with it (aegis128-random, aes-gcm-random,\n"
	       "                         chacha20-poly1305-random, aes-xts-hmac-sha256-random)\n"
	       "      --seconds N        with --io: each measurement's length (default 2)\n"
	       "      --force            with --io: as create's --force\n"
	       "  -J, --json             one JSON object: cpu, ciphers, compressors,\n"
	       "                         recommendation (with --io: device, seconds, io,\n"
	       "                         verdicts, integrity_costs)\n"
	       "  -h, --help             show this help\n"
	       "\n"
	       "Compressors are measured on a temporary zram device (root only). --io refuses\n"
	       "DEVICE as 'ephvol create bench-io --raw --device DEVICE' would; if bench is\n"
	       "killed, 'ephvol destroy bench-io' removes what it left. Exit status: 0\n"
	       "something was measured, 1 nothing could be, 2 usage error, 3 (--io) refused\n"
	       "to protect data on DEVICE.\n");
}

/* "SPEC:BITS": 1 and BITS when the part after the last colon is all digits (so
 * "aes-cbc-essiv:sha256" is a spec of its own); 0 when there is no such part; -EINVAL
 * for bits that are no key size. */
static int split_bits(const char *arg, size_t *ret_len, unsigned *ret_bits) {
	const char *colon = strrchr(arg, ':');

	*ret_len = strlen(arg);
	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return 0;
	if (parse_uint(colon + 1, 10, ret_bits) < 0 || *ret_bits == 0 || *ret_bits % 8 ||
	    *ret_bits > 4096)
		return -EINVAL;
	*ret_len = (size_t)(colon - arg);
	return 1;
}

static int add_cipher(struct bench_options *o, const char *arg) {
	char cipher[64], mode[64], name[KCAPI_NAME_MAX], spec[BENCH_SPEC_MAX];
	const struct aead_cipher *a;
	unsigned bits = 0;
	size_t len;
	int given;

	if (o->n_ciphers == BENCH_MAX_CIPHERS)
		return log_usage_errno(-E2BIG, "At most %d --cipher options.", BENCH_MAX_CIPHERS);
	given = split_bits(arg, &len, &bits);
	if (given < 0)
		return log_usage_errno(-EINVAL,
		                       "Invalid key size in '%s': expected a multiple of 8 bits, "
		                       "such as aes-xts-plain64:512.",
		                       arg);
	if (len >= sizeof(spec))
		return log_usage_errno(-EINVAL, "Invalid cipher '%s': too long.", arg);
	memcpy(spec, arg, len);
	spec[len] = 0;
	a = aead_cipher_find(spec);
	if (!a && !streq(spec, "auto") &&
	    (cipher_spec_split(spec, cipher, sizeof(cipher), mode, sizeof(mode)) < 0 ||
	     dm_cipher_to_kcapi(cipher, mode, name, sizeof(name)) < 0))
		return log_usage_errno(-EINVAL,
		                       "Invalid cipher '%s': expected a dm-crypt cipher spec such "
		                       "as aes-xts-plain64.",
		                       arg);
	o->ciphers[o->n_ciphers] = (struct bench_candidate){
		/* 0 for auto: the pick brings its own. */
		.key_bits = given                 ? bits
		            : a                   ? a->key_bytes * 8
		            : streq(spec, "auto") ? 0
		                                  : cipher_default_key_bits(mode),
		.bits_given = given,
	};
	memcpy(o->ciphers[o->n_ciphers++].spec, spec, len + 1);
	return 0;
}

/* --io DEVICE: one that exists must be a block device (as create's --device); a missing
 * one, or a tag (LABEL=, PARTUUID=...), is create's to judge. */
static int check_io_device(const char *path) {
	struct stat st;

	if (!*path)
		return log_usage_errno(-EINVAL, "--io needs a device.");
	if (stat(path, &st) == 0 && !S_ISBLK(st.st_mode))
		return log_fail(EXIT_USAGE, -ENOTBLK, "Device %s is not a block device.", path);
	return 0;
}

static struct bench_candidate aead_candidate(const struct aead_cipher *a) {
	struct bench_candidate c = { .key_bits = a->key_bytes * 8 };

	snprintf(c.spec, sizeof(c.spec), "%s", a->name);
	return c;
}

/* AEAD ciphers only with --integrity aead, and only they; each with its own key size. */
static int check_aead(const struct bench_options *o) {
	for (size_t i = 0; i < o->n_ciphers; i++) {
		const struct bench_candidate *c = &o->ciphers[i];
		const struct aead_cipher *a = aead_cipher_find(c->spec);

		if (a && !o->integrity)
			return log_usage_errno(-EINVAL, "Cipher %s needs --integrity aead.",
			                       c->spec);
		if (!a && o->integrity)
			return log_usage_errno(-EINVAL,
			                       "--integrity aead takes --cipher %s, not %s.",
			                       aead_cipher_names(), c->spec);
		if (a && c->key_bits != a->key_bytes * 8)
			return log_usage_errno(-EINVAL, "Cipher %s takes a %u-bit key, not %u.",
			                       c->spec, a->key_bytes * 8, c->key_bits);
	}
	return 0;
}

int bench_options_parse(int argc, char **argv, struct bench_options *ret) {
	enum { ARG_SAMPLE = 0x100, ARG_IO, ARG_SECONDS, ARG_FORCE, ARG_INTEGRITY };
	static const struct option options[] = {
		GLOBAL_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'J' },
		{ "cipher", required_argument, NULL, 'c' },
		{ "key-size", required_argument, NULL, 's' },
		{ "sample", required_argument, NULL, ARG_SAMPLE },
		{ "io", required_argument, NULL, ARG_IO },
		{ "seconds", required_argument, NULL, ARG_SECONDS },
		{ "force", no_argument, NULL, ARG_FORCE },
		{ "integrity", required_argument, NULL, ARG_INTEGRITY },
		{},
	};
	struct bench_options o = { .seconds = BENCH_IO_SECONDS_DEFAULT };
	bool seconds_given = false;
	unsigned key_bits = 0;
	int c, r;

	verb_getopt_begin();
	while ((c = verb_getopt(argc, argv, GLOBAL_SHORTOPTS "hJc:s:", options, "bench")) > 0)
		switch (c) {
		case 'h':
			bench_help();
			return 1;
		case 'J':
			o.json = true;
			break;
		case 'c':
			r = add_cipher(&o, optarg);
			if (r < 0)
				return r;
			o.ciphers_given = true;
			break;
		case 's':
			if (parse_uint(optarg, 10, &key_bits) < 0 || key_bits == 0 ||
			    key_bits % 8 || key_bits > 4096)
				return log_usage_errno(-EINVAL,
				                       "Invalid key size '%s': expected a multiple "
				                       "of 8 bits, such as 256 or 512.",
				                       optarg);
			break;
		case ARG_SAMPLE:
			if (!*optarg)
				return log_usage_errno(-EINVAL, "--sample needs a file name.");
			o.sample = optarg;
			break;
		case ARG_IO:
			r = check_io_device(optarg);
			if (r < 0)
				return r;
			o.io_device = optarg;
			break;
		case ARG_SECONDS:
			if (parse_uint(optarg, 10, &o.seconds) < 0 || o.seconds == 0 ||
			    o.seconds > BENCH_IO_SECONDS_MAX)
				return log_usage_errno(-EINVAL,
				                       "Invalid --seconds '%s': expected a whole "
				                       "number from 1 to %d.",
				                       optarg, BENCH_IO_SECONDS_MAX);
			seconds_given = true;
			break;
		case ARG_FORCE:
			o.force = true;
			break;
		case ARG_INTEGRITY:
			if (!streq(optarg, "aead"))
				return log_usage_errno(-EINVAL,
				                       "Invalid --integrity '%s': expected aead.",
				                       optarg);
			o.integrity = true;
			break;
		}
	if (c < 0)
		return c;
	if (optind < argc)
		return log_usage_errno(-EINVAL,
		                       "Unexpected argument '%s'; see 'ephvol bench --help'.",
		                       argv[optind]);
	if (key_bits && !o.ciphers_given)
		/* The default set has its own key sizes. */
		return log_usage_errno(-EINVAL, "--key-size applies to --cipher only.");
	if (!o.io_device && (seconds_given || o.force || o.integrity))
		return log_usage_errno(-EINVAL, "--%s applies to --io only.",
		                       seconds_given ? "seconds"
		                       : o.force     ? "force"
		                                     : "integrity");
	if (o.io_device && o.sample)
		return log_usage_errno(-EINVAL, "--sample does not apply to --io.");
	if (key_bits)
		for (size_t i = 0; i < o.n_ciphers; i++)
			if (!o.ciphers[i].bits_given)
				o.ciphers[i].key_bits = key_bits;
	r = check_aead(&o);
	if (r < 0)
		return r;
	if (!o.ciphers_given && o.integrity) {
		for (const struct aead_cipher *a; (a = aead_cipher_at(o.n_ciphers));)
			o.ciphers[o.n_ciphers++] = aead_candidate(a);
	} else if (!o.ciphers_given && o.io_device) {
		memcpy(o.ciphers, io_candidates, sizeof(io_candidates));
		o.n_ciphers = ELEMENTSOF(io_candidates);
	} else if (!o.ciphers_given) {
		memcpy(o.ciphers, default_candidates, sizeof(default_candidates));
		o.n_ciphers = ELEMENTSOF(default_candidates);
	}
	*ret = o;
	return 0;
}
