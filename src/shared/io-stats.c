/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "io-stats.h"

#include <stdlib.h>

void io_prng_seed(struct io_prng *p, uint64_t seed) {
	p->state = seed;
}

uint64_t io_prng_next(struct io_prng *p) {
	uint64_t z = (p->state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

uint64_t io_prng_below(struct io_prng *p, uint64_t n) {
	return (uint64_t)(((unsigned __int128)io_prng_next(p) * n) >> 64);
}

static int cmp_u64(const void *a, const void *b) {
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

double io_median_u64(uint64_t *v, size_t n) {
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_u64);
	if (n % 2)
		return (double)v[n / 2];
	return ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2;
}

double io_per_second(uint64_t count, uint64_t ns) {
	return ns ? (double)count * 1e9 / (double)ns : 0;
}

double io_mibs(uint64_t bytes, uint64_t ns) {
	return io_per_second(bytes, ns) / (1024.0 * 1024.0);
}
