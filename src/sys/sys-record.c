/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The small records ephvol keeps below /run/ephvol (zram-record.h, intent.h,
 * run-record.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dir-util.h"
#include "fileio.h"
#include "run-paths.h"
#include "strv.h"
#include "sys.h"
#include "zram-record.h"

int write_file_atomic_at(int dirfd, const char *name, const char *text, bool sync) {
	_cleanup_close_ int fd = -EBADF;
	char tmp[NAME_MAX + 1];
	size_t len = strlen(text);
	int r;

	if (snprintf(tmp, sizeof(tmp), ".%s.tmp", name) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	/* Left by a writer killed while writing it; unlinkat() removes a link, not what
	 * it names. */
	(void)unlinkat(dirfd, tmp, 0);
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len || (sync && fsync(fd) < 0)) {
		r = errno > 0 ? -errno : -EIO;
		(void)unlinkat(dirfd, tmp, 0);
		return r;
	}
	/* rename(2) makes the file appear whole or not at all. */
	if (renameat(dirfd, tmp, dirfd, name) < 0) {
		r = -errno;
		(void)unlinkat(dirfd, tmp, 0);
		return r;
	}
	return 0;
}

int record_write(const char *dir, const char *name, const char *text) {
	_cleanup_close_ int dirfd = -EBADF;
	int r;

	r = run_dir_prepare(dir);
	if (r < 0)
		return r;
	dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	return write_file_atomic_at(dirfd, name, text, false);
}

int record_read(const char *dir, const char *name, char **ret_text) {
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return read_full_file(path, ret_text, NULL);
}

int record_remove(const char *dir, const char *name) {
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
}

int zram_record_save(const char *name, const struct zram_record *rec) {
	_cleanup_free_ char *text = NULL;
	int r;

	r = zram_record_format(rec, &text);
	if (r < 0)
		return r;
	return record_write(ZRAM_RECORD_DIR, name, text);
}

int zram_record_load(const char *name, struct zram_record *ret) {
	_cleanup_free_ char *text = NULL;
	int r;

	r = record_read(ZRAM_RECORD_DIR, name, &text);
	if (r < 0)
		return r;
	return zram_record_parse(text, ret);
}

int zram_record_remove(const char *name) {
	return record_remove(ZRAM_RECORD_DIR, name);
}

int record_create(const char *dir, const char *name, const char *text) {
	char tmp[PATH_MAX], path[PATH_MAX];
	int r;

	/* Written whole under a name of its own, then linked: link(2), unlike rename(2),
	 * never replaces a record that is there. */
	snprintf(tmp, sizeof(tmp), ".%s.%d", name, (int)getpid());
	r = record_write(dir, tmp, text);
	if (r < 0)
		return r;
	snprintf(tmp, sizeof(tmp), "%s/.%s.%d", dir, name, (int)getpid());
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	r = link(tmp, path) < 0 ? -errno : 0;
	(void)unlink(tmp);
	return r;
}

int record_lock(const char *dir, const char *name, int *ret_fd, char **ret_text) {
	_cleanup_close_ int fd = -EBADF;
	char path[PATH_MAX];
	struct stat st;
	int r;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0)
		return -errno;
	/* Removed by the holder before us: a name that may already be in use again. */
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_nlink == 0 || !S_ISREG(st.st_mode))
		return -ENOENT;
	r = read_full_fd(fd, 4096, ret_text, NULL);
	if (r < 0)
		return r;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

int record_list(const char *dir, char ***ret_names) {
	_cleanup_(closedirp) DIR *d = NULL;
	_cleanup_(strv_freep) char **names = NULL;
	struct dirent *de;

	d = opendir(dir);
	if (!d && errno != ENOENT)
		return -errno;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && strv_extend(&names, de->d_name) < 0)
			return -ENOMEM;
	if (!names && !(names = calloc(1, sizeof(char *))))
		return -ENOMEM;
	*ret_names = TAKE_PTR(names);
	return 0;
}
