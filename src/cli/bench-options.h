/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define BENCH_MAX_CIPHERS 16
#define BENCH_SPEC_MAX    128

struct bench_candidate {
	char spec[BENCH_SPEC_MAX]; /* "aes-xts-plain64"; "auto" until resolved */
	unsigned key_bits;
	bool reference;
	bool bits_given; /* --cipher SPEC:BITS: not changed by --key-size */
};

/* --io: the longest a measurement may run, in seconds. */
#define BENCH_IO_SECONDS_DEFAULT 2
#define BENCH_IO_SECONDS_MAX     3600

struct bench_options {
	bool json;
	const char *sample; /* --sample FILE, NULL: the synthetic one */
	struct bench_candidate ciphers[BENCH_MAX_CIPHERS];
	size_t n_ciphers;
	bool ciphers_given;    /* --cipher: only those, else the default candidates */
	const char *io_device; /* --io DEVICE: the I/O benchmark (cmd-bench-io.c) instead */
	unsigned seconds;      /* --seconds N: per measurement, with --io */
	bool force;            /* --force: as create's, with --io */
	bool integrity;        /* --integrity aead, with --io: the ciphers are aead.h's */
};

/* Parses `bench` arguments (argv[0] is "bench"). Logs one line and returns -EINVAL on
 * a usage error (bad option, malformed cipher spec or key size, --io DEVICE that exists
 * and is not a block device); 1 if --help was printed; 0 otherwise. Strings point into
 * argv. --cipher SPEC:BITS gives that cipher its own key size. With --io and without
 * --cipher the candidates are those `create --cipher auto` may pick (not the key-size
 * variants nor the reference: the last row of --io is cryptsetup's plain default); with
 * --integrity aead, every AEAD cipher (or those given, which must be AEAD ciphers, each
 * with its own key size). */
int bench_options_parse(int argc, char **argv, struct bench_options *ret);

void bench_help(void);
