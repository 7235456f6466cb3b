/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sys-zram-bench.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench-sample.h"
#include "bench-zram.h"
#include "sys.h"

/* 1 MiB requests, like dd bs=1M oflag=direct: large enough that the syscall is not
 * what is measured. */
#define IO_CHUNK (1024u * 1024)
/* Repeat passes until each direction took this long (fast hosts), but at most
 * MAX_PASSES times (a slow guest is done after one). */
#define MIN_NS     (UINT64_C(250) * 1000 * 1000)
#define MAX_PASSES 64

static uint64_t now_ns(void) {
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int zram_bench_open(struct zram_bench_dev *ret, char ***ret_algorithms, char **ret_active) {
	struct zram_bench_dev d;
	_cleanup_free_ char *text = NULL;
	int r;

	r = zram_acquire(&d.index, &d.hot_added);
	if (r < 0)
		return r;
	r = zram_read_attr(d.index, "comp_algorithm", &text);
	if (r >= 0)
		r = zram_algorithms_split(text, ret_algorithms, ret_active);
	if (r < 0) {
		(void)zram_bench_close(&d);
		return r;
	}
	*ret = d;
	return 0;
}

int zram_bench_close(const struct zram_bench_dev *d) {
	return zram_remove(d->index, d->hot_added);
}

static int read_mm_stat(unsigned index, uint64_t *ret_orig, uint64_t *ret_compr) {
	_cleanup_free_ char *s = NULL;
	uint64_t orig, compr;
	int r;

	r = zram_read_attr(index, "mm_stat", &s);
	if (r < 0)
		return r;
	if (sscanf(s, "%" SCNu64 " %" SCNu64, &orig, &compr) != 2)
		return -EBADMSG;
	*ret_orig = orig;
	*ret_compr = compr;
	return 0;
}

/* One pass over the device: the sample written (write) or read back into buf; the
 * nanoseconds spent in the I/O calls are added to *ns. */
static int pass(int fd, bool write, const uint8_t *sample, uint8_t *buf, size_t size,
                const volatile sig_atomic_t *stop, uint64_t *ns) {
	for (size_t off = 0; off < size; off += IO_CHUNK) {
		size_t len = size - off < IO_CHUNK ? size - off : IO_CHUNK;
		uint64_t t0;
		ssize_t k;

		if (*stop)
			return -EINTR;
		t0 = now_ns();
		k = write ? pwrite(fd, sample + off, len, (off_t)off)
		          : pread(fd, buf, len, (off_t)off);
		*ns += now_ns() - t0;
		if (k < 0)
			return -errno;
		if ((size_t)k != len)
			return -EIO;
		/* What comes back must be what went in: else the speed means nothing. */
		if (!write && memcmp(buf, sample + off, len) != 0)
			return -EBADMSG;
	}
	return 0;
}

static int measure(const struct zram_bench_dev *d, const char *alg, unsigned level,
                   const uint8_t *sample, size_t size, unsigned max_passes,
                   const volatile sig_atomic_t *stop, struct zram_bench_result *ret) {
	_cleanup_(freep) void *buf = NULL;
	_cleanup_close_ int fd = -EBADF;
	uint64_t wns = 0, rns = 0, orig = 0, compr = 0;
	unsigned wpasses = 0, rpasses = 0;
	char dev[32];
	int r;

	r = zram_configure(d->index, &(struct zram_params){ .comp_algorithm = alg,
	                                                    .comp_level = level,
	                                                    .disksize = size });
	if (r < 0)
		return r;
	if (posix_memalign(&buf, BENCH_PAGE, IO_CHUNK) != 0)
		return -ENOMEM;
	snprintf(dev, sizeof(dev), "/dev/zram%u", d->index);
	/* O_EXCL keeps mkfs & co. away; O_DIRECT keeps the page cache out of the figures. */
	fd = open(dev, O_RDWR | O_DIRECT | O_EXCL | O_CLOEXEC);
	if (fd < 0)
		return -errno;

	do {
		r = pass(fd, true, sample, buf, size, stop, &wns);
		if (r < 0)
			return r;
		if (wpasses++ == 0) {
			r = read_mm_stat(d->index, &orig, &compr);
			if (r < 0)
				return r;
		}
	} while (wns < MIN_NS && wpasses < max_passes);
	do {
		r = pass(fd, false, sample, buf, size, stop, &rns);
		if (r < 0)
			return r;
		rpasses++;
	} while (rns < MIN_NS && rpasses < max_passes);

	*ret = (struct zram_bench_result){
		.compress_mibs = speed_mibs((uint64_t)size * wpasses, wns),
		.decompress_mibs = speed_mibs((uint64_t)size * rpasses, rns),
		.orig_bytes = orig,
		.compr_bytes = compr,
	};
	return 0;
}

int zram_bench_measure(const struct zram_bench_dev *d, const char *alg, unsigned level,
                       const uint8_t *sample, size_t size, bool one_pass,
                       const volatile sig_atomic_t *stop, struct zram_bench_result *ret) {
	struct zram_bench_result res;
	int r, k;

	if (!sample || size == 0 || size % BENCH_PAGE || ((uintptr_t)sample % BENCH_PAGE))
		return -EINVAL;
	r = measure(d, alg, level, sample, size, one_pass ? 1 : MAX_PASSES, stop, &res);
	/* The device is closed by now: reset it for the next compressor. */
	k = zram_remove(d->index, false);
	if (r < 0)
		return r;
	if (k < 0)
		return k;
	*ret = res;
	return 0;
}
