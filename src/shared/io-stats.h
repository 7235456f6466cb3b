/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The arithmetic of `ephvol bench --io` (src/sys/sys-io-bench.c does the I/O): where
 * the next random block lies, the median latency, rates; and the figures of one run.
 */

#include <stddef.h>
#include <stdint.h>

/* splitmix64: cheap and well spread, for offsets only; never for keys. */
struct io_prng {
	uint64_t state;
};
void io_prng_seed(struct io_prng *p, uint64_t seed);
uint64_t io_prng_next(struct io_prng *p);
/* Uniform in [0, n) for n > 0 (multiply and shift: a bias below n / 2^64); 0 for n 0. */
uint64_t io_prng_below(struct io_prng *p, uint64_t n);

/* The median of V[0..n-1], which it sorts; the mean of the two middle values for an
 * even n; 0 for n 0. */
double io_median_u64(uint64_t *v, size_t n);
/* COUNT per second over NS nanoseconds; 0 when NS is 0. */
double io_per_second(uint64_t count, uint64_t ns);
/* MiB (2^20 bytes) per second. */
double io_mibs(uint64_t bytes, uint64_t ns);

/* One configuration's figures. */
struct io_figures {
	unsigned sector_size;            /* the mapping's logical block size: dm-crypt's sector */
	double read_iops, read_lat_us;   /* 4 KiB random reads, queue depth 1; median */
	double write_iops, write_lat_us; /* 4 KiB random writes */
	double seq_read_mibs, seq_write_mibs;
};
