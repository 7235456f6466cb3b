/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Identities of block devices that names cannot forge or repeat. */
#include "macro.h"
#include "sys.h"
#include "sysfs-block.h"

int block_get_diskseq(const char *kname, uint64_t *ret) {
	return sysfs_block_read_u64("/", kname, "diskseq", ret);
}

int block_diskseq_max(uint64_t *ret) {
	_cleanup_(strv_freep) char **disks = NULL;
	uint64_t max = 0, seq;
	int r;

	/* Partitions have no diskseq of their own: the disks carry it. */
	r = sysfs_block_list_disks("/", NULL, &disks);
	if (r < 0)
		return r;
	for (char **d = disks; *d; d++)
		if (block_get_diskseq(*d, &seq) == 0 && seq > max)
			max = seq;
	*ret = max;
	return 0;
}
