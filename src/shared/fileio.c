/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "macro.h"

#define READ_FULL_MAX (16u * 1024 * 1024)

int read_full_fd(int fd, size_t max, char **ret_contents, size_t *ret_size) {
	_cleanup_free_ char *buf = NULL;
	size_t n = 0, allocated = 0;

	for (;;) {
		ssize_t k;

		if (allocated - n < 4096) {
			char *p;

			if (allocated > max)
				return -EFBIG;
			allocated = allocated ? allocated * 2 : 4096;
			p = realloc(buf, allocated + 1);
			if (!p)
				return -ENOMEM;
			buf = p;
		}
		k = read(fd, buf + n, allocated - n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	/* Refused, not cut: half a file parses as something else. */
	if (n > max)
		return -EFBIG;
	if (!buf && !(buf = malloc(1)))
		return -ENOMEM;
	buf[n] = 0;
	if (ret_size)
		*ret_size = n;
	*ret_contents = TAKE_PTR(buf);
	return 0;
}

int read_full_file(const char *path, char **ret_contents, size_t *ret_size) {
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -errno;
	return read_full_fd(fd, READ_FULL_MAX, ret_contents, ret_size);
}

int read_one_line_file(const char *path, char **ret_line) {
	_cleanup_free_ char *s = NULL;
	int r;

	r = read_full_file(path, &s, NULL);
	if (r < 0)
		return r;
	s[strcspn(s, "\n")] = 0;
	*ret_line = TAKE_PTR(s);
	return 0;
}

char *path_join(const char *a, const char *b) {
	size_t la = strlen(a);
	char *p;

	while (la > 0 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	p = malloc(la + 1 + strlen(b) + 1);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	strcpy(p + la + 1, b);
	return p;
}

char *path_rooted(const char *root, const char *path) {
	if (!root || streq(root, "/"))
		return strdup(path);
	return path_join(root, path);
}

bool path_startswith_dir(const char *path, const char *dir) {
	/* Word by word: "." and "//" do not change a path's place. ".." is not
	 * resolved: a path that passes through DIR counts as below it. */
	for (;;) {
		size_t lp, ld;

		path += strspn(path, "/");
		while (path[0] == '.' && (path[1] == '/' || path[1] == '\0'))
			path += 1 + strspn(path + 1, "/");
		dir += strspn(dir, "/");
		if (!*dir)
			return true;
		lp = strcspn(path, "/");
		ld = strcspn(dir, "/");
		if (lp != ld || strncmp(path, dir, lp) != 0)
			return false;
		path += lp;
		dir += ld;
	}
}
