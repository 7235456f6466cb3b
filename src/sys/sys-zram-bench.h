/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Compressor speed on a zram device of the benchmark's own: the sample written with
 * O_DIRECT (compression), read back with O_DIRECT (decompression), the ratio from
 * mm_stat. The device is reset after each compressor and removed at the end.
 */

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct zram_bench_dev {
	unsigned index;
	bool hot_added;
};

struct zram_bench_result {
	double compress_mibs, decompress_mibs;
	uint64_t orig_bytes, compr_bytes; /* mm_stat after the sample was written */
};

/* A new zram device and the compressors it offers (see zram_algorithms_split()). */
int zram_bench_open(struct zram_bench_dev *ret, char ***ret_algorithms, char **ret_active);
/* Measures ALG at LEVEL (0: its default; else through algorithm_params) with SAMPLE (SIZE
 * bytes, page-aligned memory and size): passes in each direction until 250 ms are
 * timed, or one pass with ONE_PASS (create's `--comp-algorithm auto`); -EINTR as soon
 * as *stop is set. The device is reset again before this returns, whatever happened. */
int zram_bench_measure(const struct zram_bench_dev *d, const char *alg, unsigned level,
                       const uint8_t *sample, size_t size, bool one_pass,
                       const volatile sig_atomic_t *stop, struct zram_bench_result *ret);
/* Resets and removes the device. */
int zram_bench_close(const struct zram_bench_dev *d);
