/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * What `ephvol bench` found, and how it is shown: tables (libsmartcols) for people,
 * one JSON object for scripts. Pure: the figures are measured elsewhere.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bench_cipher {
	const char *spec; /* "aes-xts-plain64" */
	unsigned key_bits;
	bool reference; /* shown for comparison, not a candidate */
	char *driver;   /* /proc/crypto's driver, NULL if unknown */
	bool measured;
	double encrypt_mibs, decrypt_mibs;
	char *error; /* why not measured, NULL if it was */
};

struct bench_compressor {
	char *algorithm;
	unsigned level; /* 0: the algorithm's default */
	bool measured;
	double compress_mibs, decompress_mibs;
	uint64_t orig_bytes, compr_bytes;
	char *error;
};

struct bench_report {
	/* EPHVOL_CPU_* masks; has_*: whether that source could be read. */
	unsigned cpu_effective, cpu_cpuid, cpu_cpuinfo;
	bool has_effective, has_cpuid, has_cpuinfo;

	struct bench_cipher *ciphers;
	size_t n_ciphers;

	char *features;     /* the kernel's and libraries' (features_format()), NULL if unknown */
	const char *sample; /* "synthetic" or the --sample path */
	uint64_t sample_bytes;
	struct bench_compressor *compressors;
	size_t n_compressors;
	char *compressors_skipped; /* why there are none, or NULL */

	char *recommended_cipher; /* ephvol_cipher_recommend(), NULL if it failed */
	unsigned recommended_key_bits;
	char *recommended_compressor; /* NULL if unknown */
	/* What `--comp-algorithm auto` picks from these figures (zram_pick_compressor()),
	 * an index into compressors; n_compressors when nothing was measured. */
	size_t auto_compressor;
	char *recommendation_note; /* bench_recommendation_note() */
};

/* A note when the measured ciphers disagree with the recommendation: another
 * candidate (not a reference) measured faster by more than 10%, both ways averaged,
 * than the best of the recommended cipher. NULL (returned 0) if they agree or the
 * recommended cipher was not measured. */
int bench_recommendation_note(const struct bench_report *r, char **ret_note);

/* "CPUID reports avx512f, which /proc/cpuinfo does not list: ..." or NULL. */
int bench_cpu_note(const struct bench_report *r, char **ret_note);

/* A bench table: n rows, each row_size bytes after the previous one, whose cells
 * cell() makes (malloc()ed text, or NULL: empty, null in JSON); the default columns,
 * or in JSON every column. At most BENCH_COLUMNS_MAX columns. */
#define BENCH_COLUMNS_MAX 12
struct libscols_table;
struct table_column;
typedef char *(*bench_cell_fn)(const void *row, unsigned id, bool json);
int bench_table(const char *name, const struct table_column *columns, size_t n_columns,
                const void *rows, size_t row_size, size_t n, bench_cell_fn cell, bool json,
                struct libscols_table **ret);

int bench_print_text(const struct bench_report *r);
int bench_print_json(const struct bench_report *r);

void bench_report_done(struct bench_report *r);
