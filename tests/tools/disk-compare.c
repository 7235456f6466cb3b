/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* disk-compare - for tests/guest/safety_test.sh: "save DEVICE FILE" copies the whole
 * device to FILE, "diff DEVICE FILE" prints how many bytes of the device differ from
 * FILE now (bytes one has and the other lacks count too). The device is read with
 * O_DIRECT, so the page cache cannot answer for the disk. In C because under TCG the
 * comparison of a 256 MiB disk took 2.3 s in Python and takes 1.0 s here. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (4u << 20)

/* Reads up to n bytes, fewer only at the end. */
static ssize_t read_full(int fd, uint8_t *buf, size_t n) {
	size_t got = 0;

	while (got < n) {
		ssize_t k = read(fd, buf + got, n - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

static int fail(const char *what, const char *path) {
	fprintf(stderr, "disk-compare: %s %s: %s\n", what, path, strerror(errno));
	return 1;
}

int main(int argc, char **argv) {
	static uint8_t zeros[CHUNK]; /* in .bss, not in the binary */
	uint8_t *dev_buf, *file_buf;
	uint64_t changed = 0;
	int dev, file;
	bool save;

	if (argc != 4 || (strcmp(argv[1], "save") != 0 && strcmp(argv[1], "diff") != 0)) {
		fprintf(stderr, "usage: disk-compare save|diff DEVICE FILE\n");
		return 2;
	}
	save = strcmp(argv[1], "save") == 0;
	/* O_DIRECT wants aligned buffers. */
	if (posix_memalign((void **)&dev_buf, 4096, CHUNK) != 0 ||
	    posix_memalign((void **)&file_buf, 4096, CHUNK) != 0)
		return fail("cannot allocate for", argv[2]);
	dev = open(argv[2], O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (dev < 0)
		return fail("cannot open", argv[2]);
	file = save ? open(argv[3], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)
	            : open(argv[3], O_RDONLY | O_CLOEXEC);
	if (file < 0)
		return fail("cannot open", argv[3]);

	for (;;) {
		ssize_t d = read_full(dev, dev_buf, CHUNK), f;

		if (d < 0)
			return fail("cannot read", argv[2]);
		/* Zeros are a hole in the copy: a scratch disk is mostly zeros, and
		 * filling tmpfs with them took longer than the read. */
		if (save && d > 0 && memcmp(dev_buf, zeros, (size_t)d) == 0) {
			if (lseek(file, d, SEEK_CUR) < 0)
				return fail("cannot seek in", argv[3]);
		} else if (save && d > 0 && write(file, dev_buf, (size_t)d) != d)
			return fail("cannot write", argv[3]);
		if (!save && d > 0) {
			f = read_full(file, file_buf, (size_t)d);
			if (f < 0)
				return fail("cannot read", argv[3]);
			if (f < d) /* the copy ended first: the rest of the device is new */
				changed += (uint64_t)(d - f);
			if (memcmp(dev_buf, file_buf, (size_t)f) != 0)
				for (ssize_t i = 0; i < f; i++)
					changed += dev_buf[i] != file_buf[i];
		}
		if (d < (ssize_t)CHUNK)
			break;
	}
	/* The device ended first: what the copy has beyond it changed. */
	for (ssize_t f; !save && (f = read_full(file, file_buf, CHUNK)) != 0;) {
		if (f < 0)
			return fail("cannot read", argv[3]);
		changed += (uint64_t)f;
	}
	/* The copy is as long as the device, also when it ends in a hole. */
	if (save && ftruncate(file, lseek(file, 0, SEEK_CUR)) < 0)
		return fail("cannot size", argv[3]);
	if (close(file) < 0)
		return fail("cannot close", argv[3]);
	if (!save)
		printf("%llu\n", (unsigned long long)changed);
	return 0;
}
