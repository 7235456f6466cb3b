/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"
#include "run-paths.h"
#include "sys.h"

/* One mode per directory, whoever makes it first: `status` as any user reads the zram
 * records, so the top and zram/ are 0755; locks and udev's names are root's business. */
static const struct {
	const char *path;
	mode_t mode;
} run_dirs[] = {
	{ ZRAM_RECORD_DIR, 0755 }, { INTENT_DIR, 0755 },
	{ RUN_RECORD_DIR, 0755 }, /* status by any user shows who owns a run volume */
	{ LOCK_DIR, 0700 },        { UDEV_NAME_DIR, 0700 }, /* read by udev, as root */
};

/* NAME below PARENT_FD as a root-owned directory of MODE, never through a symlink. */
static int dir_make_with_mode(int parent_fd, const char *name, mode_t mode, int *ret_fd) {
	_cleanup_close_ int fd = -EBADF;
	struct stat st;

	if (mkdirat(parent_fd, name, mode) < 0 && errno != EEXIST)
		return -errno;
	fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	/* Only root can make it below /run: anyone else's is not ours to trust. */
	if (st.st_uid != 0)
		return -EPERM;
	/* The umask cuts mkdir's mode, and an older ephvol made /run/ephvol 0700, which
	 * kept everyone else's `status` from the zram records. */
	if ((st.st_mode & 07777) != mode && fchmod(fd, mode) < 0)
		return -errno;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

int run_dir_prepare(const char *path) {
	_cleanup_close_ int top_fd = -EBADF, fd = -EBADF;
	int r;

	r = dir_make_with_mode(AT_FDCWD, EPHVOL_RUN_DIR, 0755, &top_fd);
	if (r < 0 || streq(path, EPHVOL_RUN_DIR))
		return r;
	for (size_t i = 0; i < ELEMENTSOF(run_dirs); i++)
		if (streq(path, run_dirs[i].path))
			return dir_make_with_mode(top_fd, path + STRLEN(EPHVOL_RUN_DIR "/"),
			                          run_dirs[i].mode, &fd);
	return -EINVAL;
}
