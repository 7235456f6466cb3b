/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "zram-free.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>

#include "fileio.h"
#include "macro.h"
#include "parse.h"

static bool attr_is(const char *root, const char *dev, const char *attr, const char *want) {
	_cleanup_free_ char *path = NULL, *value = NULL;
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "/sys/block/%s/%s", dev, attr);
	path = path_rooted(root, rel);
	return path && read_one_line_file(path, &value) == 0 && streq(value, want);
}

static bool has_holders(const char *root, const char *dev) {
	_cleanup_free_ char *path = NULL;
	char rel[PATH_MAX];
	struct dirent *de;
	bool found = false;
	DIR *d;

	snprintf(rel, sizeof(rel), "/sys/block/%s/holders", dev);
	path = path_rooted(root, rel);
	d = path ? opendir(path) : NULL;
	if (!d)
		return false;
	while (!found && (de = readdir(d)))
		found = de->d_name[0] != '.';
	closedir(d);
	return found;
}

int zram_lowest_device(const char *root, bool (*filter)(const char *root, const char *dev),
                       unsigned *ret_index) {
	_cleanup_free_ char *dir = path_rooted(root, "/sys/block");
	unsigned best = UINT_MAX;
	struct dirent *de;
	DIR *d;

	if (!dir)
		return -ENOMEM;
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		uint64_t idx;

		if (strncmp(de->d_name, "zram", 4) != 0 || parse_u64(de->d_name + 4, &idx) < 0 ||
		    idx >= best)
			continue;
		if (!filter || filter(root, de->d_name))
			best = (unsigned)idx;
	}
	closedir(d);
	if (best == UINT_MAX)
		return -ENODEV;
	*ret_index = best;
	return 0;
}

static bool is_free(const char *root, const char *dev) {
	return attr_is(root, dev, "initstate", "0") && attr_is(root, dev, "disksize", "0") &&
	       !has_holders(root, dev);
}

int zram_find_free(const char *root, unsigned *ret_index) {
	return zram_lowest_device(root, is_free, ret_index);
}
