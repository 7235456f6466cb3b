/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "macro.h"
#include "sys.h"

int write_string_file(const char *path, const char *s) {
	_cleanup_close_ int fd = -EBADF;
	size_t len = strlen(s);
	ssize_t k;

	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	do
		k = write(fd, s, len);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return -errno;
	if ((size_t)k != len)
		return -EIO;
	return 0;
}
