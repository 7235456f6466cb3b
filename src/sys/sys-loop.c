/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "sys.h"
#include "sysfs-block.h"

void backing_file_done(struct backing_file *f) {
	if (!f)
		return;
	f->fd = safe_close(f->fd);
	f->dir_fd = safe_close(f->dir_fd);
	f->base = mfree(f->base);
	f->created = false;
}

/* A file that another user can replace or reach by a second name is not ours to
 * encrypt onto: the walk to it follows no link they could plant, the file itself
 * is opened without following one, and from here on only the descriptor counts. */
int backing_file_open(const char *path, uint64_t size, struct backing_file *ret,
                      char **ret_untrusted) {
	_cleanup_(backing_file_done) struct backing_file f = { .fd = -EBADF, .dir_fd = -EBADF };
	_cleanup_close_ int pfd = -EBADF;
	int r;

	r = path_open_trusted(path, true, &f.dir_fd, &f.base, ret_untrusted);
	if (r < 0)
		return r;
	/* Without a size there is nothing to create: the file must exist. */
	if (size) {
		f.fd = openat(f.dir_fd, f.base, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		              0600);
		if (f.fd >= 0) {
			f.created = true;
			/* Sparse: blocks are allocated only as the volume writes them. */
			if (ftruncate(f.fd, (off_t)size) < 0) {
				r = -errno;
				(void)unlinkat(f.dir_fd, f.base, 0);
				f.created = false;
				return r;
			}
		} else if (errno != EEXIST)
			return -errno;
	}
	if (!f.created) {
		/* O_PATH first: opening a FIFO or a device for writing could block or act. */
		pfd = openat(f.dir_fd, f.base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (pfd < 0)
			return -errno;
		if (fstat(pfd, &f.st) < 0)
			return -errno;
		if (S_ISLNK(f.st.st_mode))
			return -ELOOP;
		if (!S_ISREG(f.st.st_mode))
			return S_ISDIR(f.st.st_mode) ? -EISDIR : -EINVAL;
		f.fd = fd_reopen(pfd, O_RDWR);
		if (f.fd < 0)
			return f.fd;
	}
	if (fstat(f.fd, &f.st) < 0)
		return -errno;
	if (size && (uint64_t)f.st.st_size != size)
		return -EFBIG;
	/* Two commands must not both check the file free and then both attach it. The
	 * loop device holds the lock for as long as it holds the file: a volume just
	 * destroyed (or whose create was killed) lets go of it a moment later. */
	r = flock_wait(f.fd, 2000);
	if (r < 0)
		return r == -EWOULDBLOCK ? -EBUSY : r;
	*ret = f;
	f = (struct backing_file){ .fd = -EBADF, .dir_fd = -EBADF };
	return 0;
}

int backing_file_unlink(struct backing_file *f) {
	struct stat now;

	if (!f->created)
		return 0;
	/* Only if the name still leads to the file we made. */
	if (fstatat(f->dir_fd, f->base, &now, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (now.st_dev != f->st.st_dev || now.st_ino != f->st.st_ino)
		return 0;
	return unlinkat(f->dir_fd, f->base, 0) < 0 ? -errno : 0;
}

/* The kernel knows each loop device's backing file by device and inode number:
 * compare those, not names, which can be renamed or reused. */
int loop_find_by_inode(dev_t dev, ino_t ino, char **ret_loop) {
	_cleanup_(strv_freep) char **loops = NULL;
	int r;

	/* Whole devices only: a loop partition answers for its disk. */
	r = sysfs_block_list_disks("/", "loop", &loops);
	if (r < 0)
		return r;
	for (char **l = loops; *l; l++) {
		_cleanup_close_ int fd = -EBADF;
		struct loop_info64 info;
		char dev_path[300];

		snprintf(dev_path, sizeof(dev_path), "/dev/%s", *l);
		fd = open(dev_path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0 || ioctl(fd, LOOP_GET_STATUS64, &info) < 0)
			continue; /* not attached (ENXIO) */
		if ((dev_t)info.lo_device == dev && (ino_t)info.lo_inode == ino) {
			*ret_loop = strdup(dev_path);
			return *ret_loop ? 1 : -ENOMEM;
		}
	}
	return 0;
}

int loop_find_by_file(const char *path, char **ret_loop) {
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	return loop_find_by_inode(st.st_dev, st.st_ino, ret_loop);
}

/* Direct I/O spares a second copy of the ciphertext in the page cache, but a file
 * system may accept O_DIRECT and fail the I/O itself (overlayfs over tmpfs before
 * Linux 6.6 does): try one aligned read and its write back before trusting it. */
static bool direct_io_works(int fd) {
	_cleanup_close_ int dfd = fd_reopen(fd, O_RDWR | O_DIRECT);
	_cleanup_free_ void *buf = NULL;
	const size_t size = 4096;

	if (dfd < 0 || posix_memalign(&buf, size, size) != 0)
		return false;
	return pread(dfd, buf, size, 0) == (ssize_t)size &&
	       pwrite(dfd, buf, size, 0) == (ssize_t)size;
}

int loop_attach(int file_fd, unsigned block_size, char **ret_loop, int *ret_fd) {
	_cleanup_close_ int ctl = -EBADF;
	bool dio = direct_io_works(file_fd);
	int r;

	if (access("/dev/loop-control", F_OK) < 0) {
		r = module_load("loop", NULL);
		if (r < 0)
			return r;
	}
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;

	/* Another process may take the free device between GET_FREE and CONFIGURE. */
	for (int attempt = 0; attempt < 64; attempt++) {
		_cleanup_close_ int loop_fd = -EBADF;
		struct loop_config cfg = {
			.fd = (unsigned)file_fd,
			.block_size = block_size,
			/* Autoclear: the device goes away when its last user (dm-crypt) does. */
			.info.lo_flags = LO_FLAGS_AUTOCLEAR | (dio ? LO_FLAGS_DIRECT_IO : 0),
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
	const char *kname = loop + strlen("/dev/");

	/* Autoclear detaches when the last opener closes; udev's probe may be one. */
	for (int i = 0; i < 200; i++) {
		if (!sysfs_block_attr_exists("/", kname, "loop/backing_file"))
			return 0;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
	return -EBUSY;
}
