/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "claim.h"
#include "fileio.h"
#include "sys.h"
#include "sysfs-block.h"

int claim_read(const char *path, struct claim *ret) {
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	uint8_t buf[CLAIM_HEADER_SIZE];
	ssize_t k;

	if (fd < 0)
		return -errno;
	k = pread(fd, buf, sizeof(buf), 0);
	if (k < 0)
		return -errno;
	if (k != sizeof(buf))
		return -ENODATA; /* too small to hold a header */
	return claim_header_parse(buf, ret);
}

int claim_write(const char *path, const char *label) {
	_cleanup_close_ int fd = -EBADF;
	uint8_t uuid[16], buf[CLAIM_HEADER_SIZE];
	int r;

	if (getrandom(uuid, sizeof(uuid), 0) != sizeof(uuid))
		return -EIO;
	uuid_make_v4(uuid);
	r = claim_header_build(label, uuid, buf);
	if (r < 0)
		return r;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* Header, then zeros up to the encrypted area: no old signature survives there. */
	if (pwrite(fd, buf, sizeof(buf), 0) != sizeof(buf))
		return errno > 0 ? -errno : -EIO;
	memset(buf, 0, sizeof(buf));
	for (uint64_t off = CLAIM_HEADER_SIZE; off < CLAIM_DATA_OFFSET; off += sizeof(buf))
		if (pwrite(fd, buf, sizeof(buf), (off_t)off) != sizeof(buf))
			return errno > 0 ? -errno : -EIO;
	if (fsync(fd) < 0)
		return -errno;
	return 0;
}

int claim_announce(const char *path, const char *label) {
	struct stat st;
	char uevent[96];
	int r;

	if (stat(path, &st) < 0)
		return -errno;
	/* udev's own watch fired at our close, while the disk was locked: udev may have
	 * skipped that event, so send one now. */
	snprintf(uevent, sizeof(uevent), "/sys/dev/block/%u:%u/uevent", major(st.st_rdev),
	         minor(st.st_rdev));
	r = write_string_file(uevent, "change");
	if (r < 0)
		return r;
	return udev_wait_property(st.st_rdev, "EPHVOL_CLAIM_LABEL", label);
}

/* Kernel names that can never carry a claim: virtual or ephvol's own devices. */
static bool never_claimed(const char *kname) {
	static const char *const skip[] = { "dm-", "loop", "zram", "ram", "sr", "md", "nbd", "fd" };

	for (size_t i = 0; i < ELEMENTSOF(skip); i++)
		if (strncmp(kname, skip[i], strlen(skip[i])) == 0)
			return true;
	return false;
}

int claim_find_by_label(const char *label, char **ret_path) {
	_cleanup_(strv_freep) char **devices = NULL;
	_cleanup_free_ char *found = NULL;
	int r;

	/* Read the headers themselves rather than trust /dev/disk/by-ephvol: the
	 * link may be stale or missing (no udev yet), and a label on two disks
	 * must be noticed, not resolved to whichever came first. */
	r = sysfs_block_list("/", NULL, &devices);
	if (r < 0)
		return r;
	for (char **k = devices; *k; k++) {
		struct claim c;
		char dev[PATH_MAX];

		if (never_claimed(*k))
			continue;
		snprintf(dev, sizeof(dev), "/dev/%s", *k);
		if (claim_read(dev, &c) < 0 || !streq(c.label, label))
			continue;
		if (found)
			return -ENOTUNIQ;
		found = strdup(dev);
		if (!found)
			return -ENOMEM;
	}
	if (!found)
		return -ENOENT;
	*ret_path = TAKE_PTR(found);
	return 0;
}
