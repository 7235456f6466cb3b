/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <unistd.h>

#include "macro.h"
#include "sys.h"

int swap_on(const char *device, int priority, bool discard) {
	int flags = 0;

	if (priority >= 0)
		flags |= SWAP_FLAG_PREFER |
		         ((priority << SWAP_FLAG_PRIO_SHIFT) & SWAP_FLAG_PRIO_MASK);
	if (discard)
		flags |= SWAP_FLAG_DISCARD;
	return swapon(device, flags) < 0 ? -errno : 0;
}

int swap_off(const char *device) {
	return swapoff(device) < 0 ? -errno : 0;
}

int fs_mount(const char *device, const char *dir, const char *fstype, const char *options) {
	return mount(device, dir, fstype, MS_NOSUID | MS_NODEV, options) < 0 ? -errno : 0;
}

int fs_umount(const char *dir, bool lazy) {
	return umount2(dir, UMOUNT_NOFOLLOW | (lazy ? MNT_DETACH : 0)) < 0 ? -errno : 0;
}

int dir_prepare_root(const char *dir, mode_t mode, uid_t uid, gid_t gid) {
	/* chown first: it clears the sticky and set-id bits chmod sets. */
	if (chown(dir, uid, gid) < 0)
		return -errno;
	return chmod(dir, mode) < 0 ? -errno : 0;
}
