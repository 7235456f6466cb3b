/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "zram-free.h"

#include <errno.h>
#include <limits.h>

#include "macro.h"
#include "parse.h"
#include "sysfs-block.h"

static bool attr_is(const char *root, const char *dev, const char *attr, const char *want) {
	_cleanup_free_ char *value = NULL;

	return sysfs_block_read(root, dev, attr, &value) == 0 && streq(value, want);
}

static bool has_holders(const char *root, const char *dev) {
	_cleanup_(strv_freep) char **holders = NULL;

	return sysfs_block_holders(root, dev, &holders) == 0 && holders[0];
}

int zram_lowest_device(const char *root, bool (*filter)(const char *root, const char *dev),
                       unsigned *ret_index) {
	_cleanup_(strv_freep) char **names = NULL;
	unsigned best = UINT_MAX;
	int r;

	r = sysfs_block_list(root, "zram", &names);
	if (r < 0)
		return r;
	for (char **n = names; *n; n++) {
		uint64_t idx;

		if (parse_u64(*n + 4, &idx) < 0 || idx >= best)
			continue;
		if (!filter || filter(root, *n))
			best = (unsigned)idx;
	}
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
