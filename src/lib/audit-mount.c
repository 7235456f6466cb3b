/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Where data written to a mounted filesystem ends up: its block device, or RAM (tmpfs,
 * and swap below it), or an overlay's upper directory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "holders.h"
#include "sysfs-block.h"

void strip_deleted(char *path) {
	size_t n = strlen(path);

	if (n > STRLEN(" (deleted)") && streq(path + n - STRLEN(" (deleted)"), " (deleted)"))
		path[n - STRLEN(" (deleted)")] = 0;
}

const struct mount_entry *mount_holding(struct audit *a, const char *path, size_t skip) {
	const struct mount_entry *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; i < a->n_mounts; i++) {
		size_t len = strlen(a->mounts[i].mount_point);

		if (i != skip && path_is_below(path, a->mounts[i].mount_point) &&
		    (!best || len >= best_len)) {
			best = &a->mounts[i];
			best_len = len;
		}
	}
	return best;
}

/* The block device behind a mount: its device number, or for btrfs, whose number is
 * anonymous, the device its source names. No other source string is believed: any
 * user can name a FUSE mount "/dev/mapper/luks-...". */
int mount_kname(struct audit *a, const struct mount_entry *m, char **ret_kname) {
	if (m->major != 0)
		return sysfs_block_from_devnum(a->root, m->major, m->minor, ret_kname);
	if (streq(m->fstype, "btrfs") && strncmp(m->source, "/dev/", 5) == 0)
		return sysfs_block_from_path(a->root, m->source, ret_kname);
	return -ENOENT;
}

int judge_file(struct audit *a, const char *path, struct verdict *v) {
	const struct mount_entry *m = mount_holding(a, path, SIZE_MAX);

	if (!m)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "no mounted filesystem holds %s",
		                   path);
	return judge_mount(a, m, v);
}

/* tmpfs lives in RAM, and in swap when memory runs short. */
static int judge_tmpfs(struct audit *a, const char *fstype, struct verdict *v) {
	if (!a->swaps_judged)
		return verdict_set(v, EPHVOL_PROTECTION_RAM_ONLY, "%s in RAM", fstype);
	if (a->n_swaps == 0)
		return verdict_set(v, EPHVOL_PROTECTION_RAM_ONLY, "%s in RAM, no swap", fstype);
	switch (a->swap_worst) {
	case EPHVOL_PROTECTION_PLAINTEXT_ON_DISK:
		return verdict_set(v, a->swap_worst, "%s in RAM, but swap %s is not encrypted",
		                   fstype, a->swap_worst_path);
	case EPHVOL_PROTECTION_UNKNOWN:
		return verdict_set(v, a->swap_worst, "%s in RAM, but swap %s cannot be followed",
		                   fstype, a->swap_worst_path);
	default:
		return verdict_set(v, EPHVOL_PROTECTION_RAM_ONLY, "%s in RAM, swap %s", fstype,
		                   a->swap_worst == EPHVOL_PROTECTION_RAM_ONLY ? "in RAM too"
		                                                               : "encrypted");
	}
}

/* overlayfs writes into its upper directory, which another filesystem holds. */
static int judge_overlay(struct audit *a, const struct mount_entry *m, struct verdict *v) {
	_cleanup_free_ char *upper = NULL, *prefix = NULL;
	const struct mount_entry *holder;
	struct verdict c = {};
	int r;

	for (const char *o = m->super_options; *o;) {
		size_t len = strcspn(o, ",");

		if (strncmp(o, "upperdir=", 9) == 0) {
			upper = strndup(o + 9, len - 9);
			if (!upper)
				return -ENOMEM;
			break;
		}
		o += len + (o[len] == ',');
	}
	if (!upper)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN,
		                   "overlay without an upper directory");
	/* The path is from the mounter's namespace: when nothing but the overlay itself
	 * seems to hold it, the upper directory is out of sight (a container's root). */
	holder = mount_holding(a, upper, (size_t)(m - a->mounts));
	if (!holder || a->depth >= MAX_DEPTH)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN,
		                   "overlay upper directory %s not visible", upper);
	a->stack[a->depth++] = NULL; /* overlays on overlays: only the depth stops a loop */
	r = judge_mount(a, holder, &c);
	a->depth--;
	if (r < 0 || asprintf(&prefix, "overlay upper %s on ", upper) < 0) {
		verdict_done(&c);
		return r < 0 ? r : -ENOMEM;
	}
	return verdict_wrap(v, &c, prefix);
}

int judge_mount(struct audit *a, const struct mount_entry *m, struct verdict *v) {
	_cleanup_free_ char *kname = NULL, *prefix = NULL;
	struct verdict c = {};
	int r;

	if (streq(m->fstype, "tmpfs") || streq(m->fstype, "ramfs"))
		return judge_tmpfs(a, m->fstype, v);
	if (streq(m->fstype, "overlay"))
		return judge_overlay(a, m, v);
	r = mount_kname(a, m, &kname);
	if (r == -ENOMEM)
		return r;
	if (r < 0 && m->major != 0)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "%s on %u:%u, not in sysfs",
		                   m->fstype, m->major, m->minor);
	if (r < 0) /* network and FUSE filesystems, and others without a device */
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "%s %s, storage not visible",
		                   m->fstype, m->source);
	r = judge_device(a, kname, false, &c);
	if (r < 0 || asprintf(&prefix, "%s on ", m->fstype) < 0) {
		verdict_done(&c);
		return r < 0 ? r : -ENOMEM;
	}
	return verdict_wrap(v, &c, prefix);
}
