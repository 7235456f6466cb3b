/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bench-options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "create-options.h"
#include "kcapi-name.h"
#include "log.h"
#include "parse.h"
#include "verb-getopt.h"

/* Without --cipher: what --cipher auto picks on either kind of CPU, at both XTS key
 * sizes, and the cipher LUKS1 and old crypttab lines used, for comparison. */
static const struct bench_candidate default_candidates[] = {
	{ "aes-xts-plain64", 256, false },
	{ "aes-xts-plain64", 512, false },
	{ "xchacha12,aes-adiantum-plain64", 256, false },
	{ "aes-cbc-essiv:sha256", 256, true },
};

void bench_help(void) {
	printf("Usage: ephvol bench [--json] [--cipher SPEC]... [--key-size BITS] [--sample FILE]\n"
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
	       "  -J, --json             one JSON object: cpu, ciphers, compressors,\n"
	       "                         recommendation\n"
	       "  -h, --help             show this help\n"
	       "\n"
	       "Compressors are measured on a temporary zram device (root only). Exit status:\n"
	       "0 something was measured, 1 nothing could be, 2 usage error.\n");
}

static int add_cipher(struct bench_options *o, const char *spec) {
	char cipher[64], mode[64], name[KCAPI_NAME_MAX];

	if (o->n_ciphers == BENCH_MAX_CIPHERS)
		return log_usage_errno(-E2BIG, "At most %d --cipher options.", BENCH_MAX_CIPHERS);
	if (!streq(spec, "auto") &&
	    (cipher_spec_split(spec, cipher, sizeof(cipher), mode, sizeof(mode)) < 0 ||
	     dm_cipher_to_kcapi(cipher, mode, name, sizeof(name)) < 0))
		return log_usage_errno(-EINVAL,
		                       "Invalid cipher '%s': expected a dm-crypt cipher spec such "
		                       "as aes-xts-plain64.",
		                       spec);
	o->ciphers[o->n_ciphers++] = (struct bench_candidate){
		.spec = spec,
		/* 0 for auto: the pick brings its own. */
		.key_bits = streq(spec, "auto") ? 0 : cipher_default_key_bits(mode),
	};
	return 0;
}

int bench_options_parse(int argc, char **argv, struct bench_options *ret) {
	enum { ARG_SAMPLE = 0x100 };
	static const struct option options[] = {
		GLOBAL_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'J' },
		{ "cipher", required_argument, NULL, 'c' },
		{ "key-size", required_argument, NULL, 's' },
		{ "sample", required_argument, NULL, ARG_SAMPLE },
		{},
	};
	struct bench_options o = {};
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
	if (key_bits)
		for (size_t i = 0; i < o.n_ciphers; i++)
			o.ciphers[i].key_bits = key_bits;
	if (!o.ciphers_given) {
		memcpy(o.ciphers, default_candidates, sizeof(default_candidates));
		o.n_ciphers = ELEMENTSOF(default_candidates);
	}
	*ret = o;
	return 0;
}
