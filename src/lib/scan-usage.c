/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What uses a volume: the swap areas of /proc/swaps and the mounts of mountinfo. */
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "scan.h"
#include "sysfs-block.h"

static int read_rooted(struct ephvol_ctx *ctx, const char *path, char **ret) {
	_cleanup_free_ char *p = ctx_path(ctx, path);

	if (!p)
		return -ENOMEM;
	return read_full_file(p, ret, NULL);
}

int scan_load_tables(struct scan *s) {
	_cleanup_free_ char *swaps = NULL, *mountinfo = NULL;
	int r;

	r = read_rooted(s->ctx, "/proc/swaps", &swaps);
	if (r < 0 && r != -ENOENT)
		return r;
	if (swaps) {
		r = parse_proc_swaps(swaps, &s->swaps, &s->n_swaps);
		if (r < 0)
			return r;
	}
	r = read_rooted(s->ctx, "/proc/self/mountinfo", &mountinfo);
	if (r < 0 && r != -ENOENT)
		return r;
	if (mountinfo) {
		r = parse_mountinfo(mountinfo, &s->mounts, &s->n_mounts);
		if (r < 0)
			return r;
	}
	return 0;
}

void scan_attach_usage(struct scan *s, struct ephvol_volume *v) {
	unsigned maj = 0, min = 0;
	bool have_devnum;
	ssize_t m;

	if (!v->kname)
		return; /* an incomplete volume with no device yet */

	for (size_t i = 0; i < s->n_swaps; i++)
		/* A swap *file* called like the device is not the device. */
		if (streq(s->swaps[i].type, "partition") &&
		    swap_path_names_device(s->swaps[i].path, v->device, v->kname)) {
			v->is_swap = true;
			v->swap_priority = s->swaps[i].priority;
			if (v->backend == EPHVOL_BACKEND_DISK)
				v->role = EPHVOL_ROLE_SWAP;
		}

	have_devnum = sysfs_block_devnum(s->root, v->kname, &maj, &min) == 0;
	m = mount_entries_find_device(s->mounts, s->n_mounts, have_devnum, maj, min, v->device,
	                              v->kname);
	if (m < 0)
		return;
	free(v->mountpoint);
	v->mountpoint = strdup(s->mounts[m].mount_point);
	if (v->backend == EPHVOL_BACKEND_DISK)
		v->role = EPHVOL_ROLE_TMP;
}
