/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * What `ephvol bench --io` found, and how it is shown: one table (libsmartcols), then
 * for each cipher which queue setting won; or one JSON object. Pure: cmd-bench-io.c
 * measures.
 */

#include <stdbool.h>
#include <stddef.h>

#include "aead.h"
#include "bench-options.h"
#include "io-stats.h"

#define BENCH_IO_ROWS_MAX (2 * BENCH_MAX_CIPHERS + 1)

struct bench_io_row {
	char cipher[BENCH_SPEC_MAX]; /* resolved: "aes-xts-plain64"; "aes-gcm-random" */
	unsigned key_bits;
	bool workqueues;
	bool plain_defaults;            /* the row of cryptsetup's plain defaults */
	bool baseline;                  /* --integrity: ephvol's default, without */
	const struct aead_cipher *aead; /* --integrity aead with this cipher; NULL: none */
	char config[160];               /* "ephvol default", "--workqueues", ... */
	bool measured;
	struct io_figures fig;
};

struct bench_io_report {
	const char *device;
	unsigned seconds;
	struct bench_io_row rows[BENCH_IO_ROWS_MAX];
	size_t n_rows;
};

/* For one cipher and key size: which queue setting won, and by what factor (>= 1). */
struct bench_io_verdict {
	const char *cipher;
	unsigned key_bits;
	bool latency_workqueues;    /* lower sum of the 4 KiB read and write medians */
	double latency_factor;      /* the loser's sum over the winner's */
	bool throughput_workqueues; /* higher sum of the sequential read and write MiB/s */
	double throughput_factor;
};

/* The CONFIG cell: the create options that make this row from create's defaults
 * here (DEFAULT_CIPHER and DEFAULT_BITS, the pick of --cipher auto; NULL if unknown),
 * "ephvol default" for none; "cryptsetup plain defaults" for that row; "--integrity
 * aead" and the cipher when not aead.h's default for an AEAD row. */
void bench_io_config_text(struct bench_io_row *row, const char *default_cipher,
                          unsigned default_bits);

/* One verdict for each measured pair of rows that differ only in their queues, in the
 * order of the rows; the count. ret has room for BENCH_IO_ROWS_MAX / 2. */
size_t bench_io_verdicts(const struct bench_io_report *r, struct bench_io_verdict *ret);

/* "aes-xts-plain64 (512-bit key): bypass won 4 KiB latency by 1.31x; workqueues won
 * sequential throughput by 1.74x." */
int bench_io_verdict_line(const struct bench_io_verdict *v, char **ret);

/* --integrity: what an AEAD cipher with integrity costs against the baseline row. */
struct bench_io_cost {
	const char *cipher;         /* the AEAD cipher */
	const char *baseline;       /* the baseline's cipher */
	double seq_read, seq_write; /* its sequential MiB/s over the baseline's */
	double read_lat, write_lat; /* its 4 KiB median latencies over the baseline's */
};

/* One cost for each measured AEAD row, in the order of the rows, when the baseline was
 * measured; the count. ret has room for BENCH_IO_ROWS_MAX. */
size_t bench_io_costs(const struct bench_io_report *r, struct bench_io_cost *ret);

/* "aes-gcm-random with integrity: sequential reads 0.52x and writes 0.41x the speed of
 * aes-xts-plain64 without; 4 KiB latency 1.85x (reads) and 2.10x (writes)." */
int bench_io_cost_line(const struct bench_io_cost *c, char **ret);

int bench_io_print_text(const struct bench_io_report *r);
int bench_io_print_json(const struct bench_io_report *r);
