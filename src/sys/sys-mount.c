/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/swap.h>
#include <unistd.h>

#include "fileio.h"
#include "mount-options.h"
#include "proc-parse.h"
#include "sysfs-block.h"
#include "sys.h"

/* The kernel's (include/linux/swap.h, Linux 3.11+); glibc's <sys/swap.h> lacks it. */
#ifndef SWAP_FLAG_DISCARD_PAGES
#define SWAP_FLAG_DISCARD_PAGES 0x40000
#endif

int swap_on(const char *device, int priority, bool discard) {
	int flags = 0;

	if (priority >= 0)
		flags |= SWAP_FLAG_PREFER |
		         ((priority << SWAP_FLAG_PRIO_SHIFT) & SWAP_FLAG_PRIO_MASK);
	/* SWAP_FLAG_DISCARD alone also makes swapon(2) discard the whole area once
	 * (mm/swapfile.c: SWP_AREA_DISCARD): on a fresh zram device, that frees nothing
	 * and took ~10 ms for 1 GiB. With SWAP_FLAG_DISCARD_PAGES the kernel drops the
	 * whole-area pass and keeps discarding each cluster as it is freed, which returns
	 * that RAM to the system. DISCARD_PAGES without DISCARD means nothing: every
	 * discard policy is read only under SWAP_FLAG_DISCARD. */
	if (discard)
		flags |= SWAP_FLAG_DISCARD | SWAP_FLAG_DISCARD_PAGES;
	return swapon(device, flags) < 0 ? -errno : 0;
}

int swap_off(const char *device) {
	return swapoff(device) < 0 ? -errno : 0;
}

int mount_open(const char *path, dev_t dev, struct mount_at *ret) {
	_cleanup_free_ char *base = NULL;
	_cleanup_close_ int dir_fd = -EBADF, fd = -EBADF;
	struct statx stx;
	struct statfs sfs;
	int r;

	r = path_open_trusted(path, true, &dir_fd, &base, NULL);
	if (r < 0)
		return r;
	/* Looked at, then let go: a descriptor of the mount's root would keep it busy. */
	fd = openat(dir_fd, base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (statx(fd, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_BASIC_STATS, &stx) < 0)
		return -errno;
	/* What the path shows now must be the root of a mount of this very device: not
	 * another file system mounted over it since, nor a directory inside it. */
	if (makedev(stx.stx_dev_major, stx.stx_dev_minor) != dev &&
	    /* btrfs shows an anonymous device number; only root mounts btrfs */
	    (fstatfs(fd, &sfs) < 0 || sfs.f_type != BTRFS_SUPER_MAGIC))
		return -EXDEV;
	if ((stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
	    !(stx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
		return -EXDEV;
	ret->dir_fd = TAKE_FD(dir_fd);
	ret->base = TAKE_PTR(base);
	ret->fs_dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
	return 0;
}

void mount_at_done(struct mount_at *m) {
	m->dir_fd = safe_close(m->dir_fd);
	m->base = mfree(m->base);
}

int fs_umount_at(const struct mount_at *m, bool lazy) {
	char p[PATH_MAX];

	/* Through the directory we hold, not the path: nothing renamed above it since
	 * can redirect the unmount. Its own entry cannot change while it is mounted on. */
	snprintf(p, sizeof(p), "/proc/self/fd/%d/%s", m->dir_fd, m->base);
	return umount2(p, UMOUNT_NOFOLLOW | (lazy ? MNT_DETACH : 0)) < 0 ? -errno : 0;
}

int fd_reopen(int fd, int flags) {
	char p[32];
	int r;

	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	r = open(p, flags | O_CLOEXEC);
	return r < 0 ? -errno : r;
}

static int root_set_owner(int mnt_fd, mode_t mode, uid_t uid, gid_t gid) {
	/* fsmount() gives an O_PATH descriptor; the root directory itself is "." there. */
	_cleanup_close_ int fd = openat(mnt_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	/* chown first: it clears the sticky and set-id bits chmod sets. */
	if (fchown(fd, uid, gid) < 0)
		return -errno;
	return fchmod(fd, mode) < 0 ? -errno : 0;
}

/* The kernel explains a refused parameter in the context's log ("e ext4: Unknown
 * parameter 'x'"): the last message is the reason to show. */
static void fs_context_reason(int fs_fd, char **ret_reason) {
	char buf[512], last[512] = "";
	ssize_t n;

	if (!ret_reason)
		return;
	while ((n = read(fs_fd, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		buf[strcspn(buf, "\n")] = 0;
		snprintf(last, sizeof(last), "%s", buf[1] == ' ' ? buf + 2 : buf);
	}
	if (last[0])
		*ret_reason = strdup(last);
}

static int fs_configure(int fs_fd, const char *device, const struct mount_options *mo) {
	if (fsconfig(fs_fd, FSCONFIG_SET_STRING, "source", device, 0) < 0)
		return -errno;
	for (size_t i = 0; i < mo->n_params; i++) {
		const struct mount_param *p = &mo->params[i];
		int k = p->value ? fsconfig(fs_fd, FSCONFIG_SET_STRING, p->key, p->value, 0)
		                 : fsconfig(fs_fd, FSCONFIG_SET_FLAG, p->key, NULL, 0);
		if (k < 0)
			return -errno;
	}
	return fsconfig(fs_fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ? -errno : 0;
}

int fs_mount_fds(const char *device, const int *dir_fds, size_t n_dirs, const char *fstype,
                 const char *options, mode_t mode, uid_t uid, gid_t gid, char **ret_reason) {
	_cleanup_(mount_options_done) struct mount_options mo = {};
	_cleanup_close_ int fs_fd = -EBADF, mnt_fd = -EBADF;
	int r;

	r = mount_options_parse(options, &mo);
	if (r < 0)
		return r;
	fs_fd = fsopen(fstype, FSOPEN_CLOEXEC);
	if (fs_fd < 0)
		return -errno;
	r = fs_configure(fs_fd, device, &mo);
	if (r < 0) {
		fs_context_reason(fs_fd, ret_reason);
		return r;
	}
	mnt_fd = fsmount(fs_fd, FSMOUNT_CLOEXEC,
	                 (unsigned)mo.attr | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	if (mnt_fd < 0)
		return -errno;
	/* The file system is mounted nowhere yet: its root gets its owner and mode
	 * before anyone can see it, through the descriptor, not a path. */
	r = root_set_owner(mnt_fd, mode, uid, gid);
	if (r < 0 || n_dirs == 0)
		return r; /* closing mnt_fd unmounts the detached file system */
	if (move_mount(mnt_fd, "", dir_fds[0], "",
	               MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return -errno;
	/* The others are bind mounts of the first: only an attached mount can be cloned. */
	for (size_t i = 1; i < n_dirs; i++) {
		_cleanup_close_ int clone_fd =
		        open_tree(mnt_fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);

		if (clone_fd < 0)
			return -errno;
		if (move_mount(clone_fd, "", dir_fds[i], "",
		               MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
			return -errno;
	}
	return 0;
}

int fs_mount_fd(const char *device, int dir_fd, const char *fstype, const char *options,
                mode_t mode, uid_t uid, gid_t gid, char **ret_reason) {
	return fs_mount_fds(device, &dir_fd, dir_fd < 0 ? 0 : 1, fstype, options, mode, uid, gid,
	                    ret_reason);
}

int mount_find_device(const char *device, dev_t dev, char **ret_mountpoint) {
	_cleanup_free_ char *text = NULL, *kname = NULL;
	struct mount_entry *mounts = NULL;
	size_t n = 0;
	struct stat st;
	ssize_t i;
	int r;

	if (stat(device, &st) < 0 || !S_ISBLK(st.st_mode) || st.st_rdev != dev)
		return -ENODEV;
	(void)sysfs_block_from_devnum("/", major(dev), minor(dev), &kname);
	r = read_full_file("/proc/self/mountinfo", &text, NULL);
	if (r < 0)
		return r;
	r = parse_mountinfo(text, &mounts, &n);
	if (r < 0)
		return r;
	i = mount_entries_find_device(mounts, n, true, major(dev), minor(dev), device, kname);
	r = 0;
	if (i < 0)
		*ret_mountpoint = NULL;
	else if (!(*ret_mountpoint = strdup(mounts[i].mount_point)))
		r = -ENOMEM;
	mount_entries_free(mounts, n);
	return r;
}
