/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The pure parts of the compressor benchmark: which compressors a zram device offers,
 * and what the measured numbers mean.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strv.h"

/* The words of a zram comp_algorithm attribute, "lzo [lzo-rle] lz4 zstd\n" -> lzo,
 * lzo-rle, lz4, zstd (NULL-terminated; free each and the array); the active one (in
 * brackets) in *ret_active if not NULL. -EBADMSG if there is no word. */
int zram_algorithms_split(const char *text, char ***ret_list, char **ret_active);

/* BYTES in NS nanoseconds, in MiB/s; 0 when nothing was timed. */
double speed_mibs(uint64_t bytes, uint64_t ns);

/* The compressor `ephvol create` uses where LIST offers it: lz4 if there, else the
 * kernel's default (ACTIVE). NULL when neither is known. */
const char *zram_default_algorithm(char *const *list, const char *active);

/* One measured compressor and level, as `--comp-algorithm auto` weighs them. */
struct zram_candidate {
	const char *algorithm;
	unsigned level; /* 0: the algorithm's default */
	bool measured;
	double compress_mibs, decompress_mibs;
	uint64_t orig_bytes, compr_bytes;
};

/* The pairs `bench` and `--comp-algorithm auto` measure: each of ALGS at its default
 * level, and with HAS_PARAMS (zram has algorithm_params) at zram_bench_levels() too, in
 * that order; not measured yet. *ret is allocated, its algorithm fields point into
 * ALGS. */
int zram_candidates(char *const *algs, bool has_params, struct zram_candidate **ret, size_t *ret_n);

/* The rule of `--comp-algorithm auto`: of the candidates that decompress at least half
 * as fast as the fastest one (a swap-in waits on decompression) and compress at least a
 * quarter as fast as the fastest (swap-out runs in reclaim), the one that stores the
 * sample in the fewest bytes; on a tie, the faster to decompress. -ENODATA when none
 * was measured. */
int zram_pick_compressor(const struct zram_candidate *c, size_t n, size_t *ret_index);
