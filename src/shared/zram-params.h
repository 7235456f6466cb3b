/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/*
 * zram's algorithm_params (Linux 6.12): a compression level and a dictionary for the
 * primary algorithm, written before disksize. The kernel passes the level to the backend
 * unchecked, and a level the backend refuses fails only when disksize is written, so
 * the ranges are checked here, from the backends' own limits. Pure.
 */

/* The levels ALG takes: zstd 1-22, lz4hc 1-12, deflate 1-9, lz4 1-65537 (lz4 calls it
 * "acceleration": higher is faster and compresses less). -EOPNOTSUPP for an algorithm
 * without levels (lzo, lzo-rle, 842) or one this table does not know. */
int zram_level_range(const char *alg, int *ret_min, int *ret_max);

/* Whether ALG's zram backend uses a dictionary: zstd, lz4, lz4hc. */
bool zram_alg_takes_dict(const char *alg);

/* The levels `ephvol bench` (and `--comp-algorithm auto`) measures besides ALG's default
 * where zram has algorithm_params: zstd 1 and 8 (its default is 3), lz4hc 12 (default 9),
 * deflate 1 and 9 (default 6). NULL and *ret_n 0 for the others. */
const unsigned *zram_bench_levels(const char *alg, size_t *ret_n);

/* The line written to algorithm_params: "level=N" and/or "dict=PATH" (for the primary
 * algorithm). HAS_LEVEL false: no level; DICT_PATH NULL: no dictionary. -ENOBUFS if it
 * does not fit, -EINVAL if there is nothing to write or the path has a space (the
 * kernel splits the line at spaces). */
int zram_algorithm_params_format(bool has_level, int level, const char *dict_path, char *buf,
                                 size_t size);
