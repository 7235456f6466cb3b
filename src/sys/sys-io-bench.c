/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sys-io-bench.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "macro.h"

#define RAND_BLOCK  4096u
#define SEQ_BLOCK   (1024u * 1024u)
#define EDGE        (1024u * 1024u) /* left alone at each end */
#define STOP_EVERY  64u             /* operations between two stop() calls */
#define SAMPLES_MAX (UINT32_C(1) << 24)

struct io_run {
	int fd;
	uint8_t *buf;        /* SEQ_BLOCK bytes, page-aligned */
	uint64_t start, end; /* [start, end): where the measurements may go */
	uint64_t limit_ns;
	bool (*stop)(void);
};

static uint64_t now_ns(void) {
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

static int transfer(int fd, bool write, void *buf, size_t len, uint64_t off) {
	ssize_t k = write ? pwrite(fd, buf, len, (off_t)off) : pread(fd, buf, len, (off_t)off);

	if (k < 0)
		return -errno;
	return (size_t)k == len ? 0 : -EIO;
}

/* 1 MiB blocks from start on, until the time is up or END; *ret_end where it stopped. */
static int seq_pass(struct io_run *run, bool write, uint64_t end, double *ret_mibs,
                    uint64_t *ret_end) {
	uint64_t off = run->start, t0 = now_ns(), ns;
	unsigned n = 0;
	int r;

	while (off + SEQ_BLOCK <= end && now_ns() - t0 < run->limit_ns) {
		if (++n % STOP_EVERY == 0 && run->stop())
			return -EINTR;
		r = transfer(run->fd, write, run->buf, SEQ_BLOCK, off);
		if (r < 0)
			return r;
		off += SEQ_BLOCK;
	}
	/* Written is on the device, not in its cache. */
	if (write && fdatasync(run->fd) < 0)
		return -errno;
	ns = now_ns() - t0;
	*ret_mibs = io_mibs(off - run->start, ns);
	*ret_end = off;
	return 0;
}

/* 4 KiB at random block offsets in [start, end), one at a time, until the time is up. */
static int rand_pass(struct io_run *run, bool write, uint64_t end, struct io_prng *prng,
                     double *ret_iops, double *ret_lat_us) {
	_cleanup_free_ uint64_t *lat = NULL;
	uint64_t blocks = (end - run->start) / RAND_BLOCK, t0 = now_ns(), t1 = t0;
	size_t n = 0, cap = 0;
	int r;

	while (t1 - t0 < run->limit_ns) {
		uint64_t off = run->start + io_prng_below(prng, blocks) * RAND_BLOCK, t;

		if (n % STOP_EVERY == STOP_EVERY - 1 && run->stop())
			return -EINTR;
		if (n == cap) {
			uint64_t *p;

			if (cap == SAMPLES_MAX)
				break;
			cap = cap ? cap * 2 : 4096;
			p = realloc(lat, cap * sizeof(*lat));
			if (!p)
				return -ENOMEM;
			lat = p;
		}
		t = now_ns();
		r = transfer(run->fd, write, run->buf, RAND_BLOCK, off);
		if (r < 0)
			return r;
		t1 = now_ns();
		lat[n++] = t1 - t;
	}
	*ret_iops = io_per_second(n, t1 - t0);
	*ret_lat_us = io_median_u64(lat, n) / 1000.0;
	return 0;
}

int io_bench_run(const struct io_bench_params *p, struct io_figures *ret) {
	_cleanup_close_ int fd = -EBADF;
	_cleanup_free_ void *buf = NULL;
	struct io_figures f = {};
	struct io_prng prng;
	struct io_run run;
	uint64_t size, written;
	int ssz, r;

	fd = open(p->device, O_RDWR | O_DIRECT | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, BLKGETSIZE64, &size) < 0 || ioctl(fd, BLKSSZGET, &ssz) < 0)
		return -errno;
	f.sector_size = (unsigned)ssz;
	size -= size % SEQ_BLOCK;
	if (size < 2 * EDGE + SEQ_BLOCK)
		return -ENOSPC;
	if (posix_memalign(&buf, 4096, SEQ_BLOCK) != 0)
		return -ENOMEM;
	/* Not zeros: nothing below may take a shortcut for them. */
	io_prng_seed(&prng, (uint64_t)now_ns());
	for (size_t i = 0; i < SEQ_BLOCK / sizeof(uint64_t); i++)
		((uint64_t *)buf)[i] = io_prng_next(&prng);

	run = (struct io_run){ .fd = fd,
		               .buf = buf,
		               .start = EDGE,
		               .end = size - EDGE,
		               .limit_ns = (uint64_t)p->seconds * UINT64_C(1000000000),
		               .stop = p->stop };
	r = seq_pass(&run, true, run.end, &f.seq_write_mibs, &written);
	if (r >= 0 && p->stop())
		r = -EINTR;
	if (r >= 0)
		r = seq_pass(&run, false, written, &f.seq_read_mibs, &(uint64_t){ 0 });
	if (r >= 0 && p->stop())
		r = -EINTR;
	if (r >= 0)
		r = rand_pass(&run, true, written, &prng, &f.write_iops, &f.write_lat_us);
	if (r >= 0 && p->stop())
		r = -EINTR;
	if (r >= 0)
		r = rand_pass(&run, false, written, &prng, &f.read_iops, &f.read_lat_us);
	if (r < 0)
		return r;
	*ret = f;
	return 0;
}
