/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <time.h>

#include "macro.h"
#include "sys.h"
#include "run-paths.h"

/* Lock files are never unlinked: removing one while another process waits on
 * it would let two processes both believe they hold the lock. */
int name_lock(const char *name, int *ret_fd) {
	_cleanup_close_ int fd = -EBADF;
	char path[sizeof(LOCK_DIR) + 64];
	int r;

	r = run_dir_prepare(LOCK_DIR);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), LOCK_DIR "/%s", name);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX) < 0)
		return -errno;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

int name_lock_shared(const char *name, int *ret_fd) {
	_cleanup_close_ int fd = -EBADF;
	char path[sizeof(LOCK_DIR) + 64];

	snprintf(path, sizeof(path), LOCK_DIR "/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0 && flock(fd, LOCK_SH) < 0)
		return -errno;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

/* Some holders of a lock are on their way out and cannot be waited for by event:
 * a loop device whose last user closed it drops its backing file (and the lock
 * on it) from a kernel worker, a little after the close returned. */
int flock_wait(int fd, unsigned timeout_ms) {
	for (unsigned waited = 0;; waited += 10) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK)
			return -errno;
		if (waited >= timeout_ms)
			return -EWOULDBLOCK;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
}
