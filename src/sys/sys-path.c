/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Paths that other users may control, resolved as root without their help.
 *
 * A path is walked one component at a time with O_PATH|O_NOFOLLOW, so each step
 * holds the directory it found and nothing can be swapped in behind it. A
 * symbolic link is followed only if nobody but root can have made it or can
 * replace it: it is owned by root and lies in a root-owned directory that
 * others cannot write, or that is sticky (others cannot rename or remove root's
 * entries there). Any other link is refused, wherever it points: a user who
 * plants `scratch -> /etc/cron.d` in a directory of theirs must not get a
 * mount there. The result is a file descriptor; callers act on it, never on
 * the path again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys.h"

/* As the kernel's own limit on links followed in one lookup. */
#define MAX_LINKS 40

static bool link_is_trusted(const struct stat *dir, const struct stat *link) {
	if (link->st_uid != 0 || dir->st_uid != 0)
		return false;
	return !(dir->st_mode & (S_IWGRP | S_IWOTH)) || (dir->st_mode & S_ISVTX);
}

/* Replaces *todo by TARGET "/" REST (REST: what followed the link). */
static int splice_link(char **todo, const char *target, const char *rest) {
	char *n;

	if (asprintf(&n, "%s/%s", target, rest) < 0)
		return -ENOMEM;
	free(*todo);
	*todo = n;
	return 0;
}

static int open_root(int *fd) {
	safe_close(*fd);
	*fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	return *fd < 0 ? -errno : 0;
}

int path_open_trusted(const char *path, bool parent_only, int *ret_fd, char **ret_base,
                      char **ret_untrusted) {
	_cleanup_free_ char *todo = NULL, *done = NULL, *base = NULL;
	_cleanup_close_ int fd = -EBADF;
	unsigned links = 0;
	char *p;
	int r;

	if (!path || path[0] != '/')
		return -EINVAL;
	todo = strdup(path);
	done = strdup("");
	if (!todo || !done)
		return -ENOMEM;
	r = open_root(&fd);
	if (r < 0)
		return r;

	for (p = todo;;) {
		_cleanup_close_ int next = -EBADF;
		struct stat dst, st;
		char *comp, *end, target[PATH_MAX], *grown;
		ssize_t n;

		p += strspn(p, "/");
		if (!*p)
			break;
		comp = p;
		end = comp + strcspn(comp, "/");
		p = *end ? end + 1 : end;
		*end = 0;
		if (parent_only && !p[strspn(p, "/")]) {
			/* The last component: the caller opens it in the directory we hold. */
			if (streq(comp, ".") || streq(comp, ".."))
				return -EINVAL;
			base = strdup(comp);
			if (!base)
				return -ENOMEM;
			break;
		}
		if (streq(comp, "."))
			continue;
		next = openat(fd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0)
			return -errno;
		if (fstat(next, &st) < 0 || fstat(fd, &dst) < 0)
			return -errno;
		if (asprintf(&grown, "%s/%s", done, comp) < 0)
			return -ENOMEM;
		free(done);
		done = grown;

		if (S_ISLNK(st.st_mode)) {
			if (!link_is_trusted(&dst, &st)) {
				if (ret_untrusted)
					*ret_untrusted = TAKE_PTR(done);
				return -EPERM;
			}
			if (++links > MAX_LINKS)
				return -ELOOP;
			n = readlinkat(next, "", target, sizeof(target) - 1);
			if (n < 0)
				return -errno;
			target[n] = 0;
			r = splice_link(&todo, target, p);
			if (r < 0)
				return r;
			p = todo;
			if (target[0] == '/') {
				r = open_root(&fd);
				if (r < 0)
					return r;
			}
			/* "done" names where the walk is, for messages only. */
			continue;
		}
		if (*p && !S_ISDIR(st.st_mode))
			return -ENOTDIR;
		safe_close(fd);
		fd = TAKE_FD(next);
	}
	if (parent_only && !base)
		return -EINVAL; /* "/": no last component */
	*ret_fd = TAKE_FD(fd);
	if (ret_base)
		*ret_base = TAKE_PTR(base);
	return 0;
}

int file_replace_trusted(const char *path, const char *text, char **ret_untrusted) {
	_cleanup_close_ int dirfd = -EBADF, lock = -EBADF;
	_cleanup_free_ char *base = NULL;
	int r;

	r = path_open_trusted(path, true, &dirfd, &base, ret_untrusted);
	if (r < 0)
		return r;
	/* One writer at a time: they share the temporary name. */
	lock = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock < 0)
		return -errno;
	if (flock(lock, LOCK_EX) < 0)
		return -errno;
	r = write_file_atomic_at(dirfd, base, text, true);
	if (r < 0)
		return r;
	/* The rename itself, on disk: a crash leaves the old file or the new one. */
	return fsync(lock) < 0 ? -errno : 0;
}
