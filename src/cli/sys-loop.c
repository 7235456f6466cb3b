/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "sys.h"

int backing_file_prepare(const char *path, uint64_t size, bool *ret_created) {
	_cleanup_close_ int fd = -EBADF;
	struct stat st;

	/* Without a size there is nothing to create: the file must exist. */
	if (size) {
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0) {
			/* Sparse: blocks are allocated only as the volume writes them. */
			if (ftruncate(fd, (off_t)size) < 0) {
				int r = -errno;
				(void)unlink(path);
				return r;
			}
			*ret_created = true;
			return 0;
		}
		if (errno != EEXIST)
			return -errno;
	}
	if (stat(path, &st) < 0)
		return -errno; /* -ENOENT: missing, and no size to create it with */
	if (!S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	if (size && (uint64_t)st.st_size != size)
		return -EFBIG;
	*ret_created = false;
	return 0;
}

int loop_find_by_file(const char *path, char **ret_loop) {
	struct stat want;
	char sysfs[64], dev[32];

	if (stat(path, &want) < 0)
		return -errno;
	for (unsigned i = 0; i < 4096; i++) {
		_cleanup_free_ char *backing = NULL;
		struct stat st;

		snprintf(sysfs, sizeof(sysfs), "/sys/block/loop%u/loop/backing_file", i);
		if (read_one_line_file(sysfs, &backing) < 0)
			continue;
		/* Compare inodes, not names: the file may be reached by several paths. */
		snprintf(dev, sizeof(dev), "/dev/loop%u", i);
		if (stat(backing, &st) == 0 && st.st_dev == want.st_dev &&
		    st.st_ino == want.st_ino) {
			*ret_loop = strdup(dev);
			return *ret_loop ? 1 : -ENOMEM;
		}
	}
	return 0;
}

int loop_attach(const char *path, unsigned block_size, char **ret_loop, int *ret_fd) {
	_cleanup_close_ int file_fd = -EBADF, ctl = -EBADF;
	int r;

	if (access("/dev/loop-control", F_OK) < 0) {
		r = module_load("loop", NULL);
		if (r < 0)
			return r;
	}
	file_fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (file_fd < 0)
		return -errno;
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;

	/* Another process may take the free device between GET_FREE and CONFIGURE. */
	for (int attempt = 0; attempt < 64; attempt++) {
		_cleanup_close_ int loop_fd = -EBADF;
		struct loop_config cfg = {
			.fd = (unsigned)file_fd,
			.block_size = block_size,
			/* Autoclear: the device goes away when its last user (dm-crypt) does.
			 * Direct I/O: no second copy of the ciphertext in the page cache. */
			.info.lo_flags = LO_FLAGS_AUTOCLEAR | LO_FLAGS_DIRECT_IO,
		};
		char dev[32];
		int nr = ioctl(ctl, LOOP_CTL_GET_FREE);

		if (nr < 0)
			return -errno;
		snprintf(dev, sizeof(dev), "/dev/loop%d", nr);
		loop_fd = open(dev, O_RDWR | O_CLOEXEC);
		if (loop_fd < 0)
			return -errno;
		if (ioctl(loop_fd, LOOP_CONFIGURE, &cfg) < 0) {
			if (errno == EBUSY)
				continue;
			if (errno == EINVAL && cfg.info.lo_flags & LO_FLAGS_DIRECT_IO) {
				/* The file system under the file cannot do O_DIRECT here. */
				cfg.info.lo_flags &= ~LO_FLAGS_DIRECT_IO;
				if (ioctl(loop_fd, LOOP_CONFIGURE, &cfg) < 0)
					return -errno;
			} else
				return -errno;
		}
		*ret_loop = strdup(dev);
		if (!*ret_loop)
			return -ENOMEM;
		*ret_fd = TAKE_FD(loop_fd);
		return 0;
	}
	return -EBUSY;
}

int loop_wait_released(const char *loop) {
	char sysfs[64];

	/* Autoclear detaches when the last opener closes; udev's probe may be one. */
	snprintf(sysfs, sizeof(sysfs), "/sys/block/%s/loop/backing_file", loop + strlen("/dev/"));
	for (int i = 0; i < 200; i++) {
		if (access(sysfs, F_OK) < 0)
			return 0;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
	return -EBUSY;
}
