/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* Reads FD to its end, NUL-terminated; -EFBIG beyond MAX bytes. */
int read_full_fd(int fd, size_t max, char **ret_contents, size_t *ret_size);
/* Reads all of a file whose size stat() cannot tell (proc, sysfs). NUL-terminated. */
int read_full_file(const char *path, char **ret_contents, size_t *ret_size);
/* First line, without its newline. */
int read_one_line_file(const char *path, char **ret_line);

/* "a" + "/" + "b" with exactly one slash between; NULL on OOM. */
char *path_join(const char *a, const char *b);
/* Whether PATH is DIR or below it, by its words: "/tmp//x/" is below "/tmp", "/tmpx"
 * is not. No link is resolved. */
bool path_startswith_dir(const char *path, const char *dir);
/* Rooted: root "/" or NULL returns a copy of path. */
char *path_rooted(const char *root, const char *path);

/* For a file that must not outlive a failed operation: unlinked and freed at
 * scope end unless the caller takes the pointer (TAKE_PTR) on success. */
static inline void unlink_and_freep(char **p) {
	if (*p) {
		(void)unlink(*p);
		free(*p);
	}
}
