/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define BENCH_MAX_CIPHERS 16

struct bench_candidate {
	const char *spec; /* "aes-xts-plain64"; "auto" until resolved */
	unsigned key_bits;
	bool reference;
};

struct bench_options {
	bool json;
	const char *sample; /* --sample FILE, NULL: the synthetic one */
	struct bench_candidate ciphers[BENCH_MAX_CIPHERS];
	size_t n_ciphers;
	bool ciphers_given; /* --cipher: only those, else the default candidates */
};

/* Parses `bench` arguments (argv[0] is "bench"). Logs one line and returns -EINVAL on
 * a usage error (bad option, malformed cipher spec or key size); 1 if --help was
 * printed; 0 otherwise. Strings point into argv. */
int bench_options_parse(int argc, char **argv, struct bench_options *ret);

void bench_help(void);
