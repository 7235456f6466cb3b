/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The dm-integrity mapping under an authenticated (AEAD) crypt mapping: it stores each
 * sector's random IV and tag, which dm-crypt writes and checks. No journal and no
 * initial wipe: a sector never written has no valid tag and reads as an error, so create
 * writes what each role reads before it reads it (cmd-create.c). The mapping holds no
 * key; it is named after its crypt mapping, "ephvol-NAME:integrity".
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "aead.h"
#include "dm-name.h"
#include "fileio.h"
#include "log.h"
#include "step.h"
#include "sys-dm.h"
#include "sysfs-block.h"
#include "sys.h"

/* Zeroes the 4 KiB at OFFSET of NODE, which must be block device DEV: the device is
 * known by its number (from the create's descriptor, or the integrity table), and the
 * node opened for it is checked to be that device before anything is written. */
static int superblock_clear(const char *node, dev_t dev, uint64_t offset) {
	_cleanup_close_ int fd = open(node, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	static const char zeros[4096];
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISBLK(st.st_mode) || st.st_rdev != dev)
		return -ENODEV;
	if (pwrite(fd, zeros, sizeof(zeros), (off_t)offset) != (ssize_t)sizeof(zeros))
		return errno ? -errno : -EIO;
	return fdatasync(fd) < 0 ? -errno : 0;
}

/* At teardown, with the crypt mapping (and its key) gone: the superblock is all that
 * says "DM_integrity" on the device, and would make the next create refuse it as
 * someone else's. Cleared while the mapping still holds the device (direct mode never
 * writes it again), so a destroy killed before or after leaves something the next one
 * finishes. The device is the one the table names, by its number. */
static int superblock_clear_under(const char *dmname) {
	_cleanup_free_ char *kname = NULL;
	char node[PATH_MAX];
	uint64_t offset;
	dev_t dev;
	int r;

	r = dm_integrity_data_device(dmname, &dev, &offset);
	if (r < 0)
		return r;
	r = sysfs_block_from_devnum("/", major(dev), minor(dev), &kname);
	if (r < 0)
		return r;
	snprintf(node, sizeof(node), "/dev/%s", kname);
	return superblock_clear(node, dev, offset * 512);
}

int integrity_activate(const struct integrity_params *p, dev_t *ret_devnum, uint64_t *ret_sectors) {
	_cleanup_free_ char *params = NULL;
	char dmname[DM_NAME_MAX + 16], uuid[sizeof("CRYPT-SUBDEV-") + DM_NAME_MAX + 16];
	uint64_t provided;
	uint32_t cookie;
	dev_t devnum;
	int r;

	r = dm_integrity_table_format(
	        &(struct dm_integrity_table){
	                .major = major(p->dev),
	                .minor = minor(p->dev),
	                .offset_sectors = p->offset / 512,
	                .tag_bytes = p->tag_bytes,
	                .block_size = p->block_size,
	        },
	        &params);
	if (r < 0)
		return r;
	integrity_dm_name(p->crypt_dmname, dmname, sizeof(dmname));
	/* cryptsetup's type for a device under another: lsblk and cryptsetup know it. */
	snprintf(uuid, sizeof(uuid), "CRYPT-SUBDEV-%s", dmname);

	step("integrity-format");
	/* dm-integrity formats a device whose superblock (its first 4 KiB) is all zeros,
	 * and refuses any other that is not its own: so zeros, also over a superblock left
	 * by an earlier volume, whose layout would otherwise be taken over. */
	r = superblock_clear(p->device, p->dev, p->offset);
	if (r < 0)
		return r;
	r = dm_udev_name_write(dmname);
	if (r < 0)
		return r;
	/* One block first: the kernel formats the superblock as it loads the table, and
	 * only then says (its status) how many sectors the layout leaves for data. */
	r = dm_create(dmname, uuid, p->block_size / 512, "integrity", params, &cookie, &devnum);
	if (r < 0) {
		dm_udev_name_remove(dmname);
		return r;
	}
	dm_cookie_wait(cookie);
	r = dm_integrity_provided_sectors(dmname, &provided);
	if (r >= 0 && provided < p->block_size / 512)
		r = -ENOSPC;
	if (r >= 0) {
		step("integrity-activate");
		r = dm_reload(dmname, provided, "integrity", params);
	}
	if (r < 0) {
		(void)integrity_deactivate(p->crypt_dmname, false);
		return r;
	}
	log_debug("%s provides %" PRIu64 " sectors.", dmname, provided);
	*ret_devnum = devnum;
	*ret_sectors = provided;
	return 0;
}

/* From sysfs, as dmcrypt_exists(): no library to load for a create's name check. */
bool integrity_exists(const char *crypt_dmname) {
	_cleanup_free_ char *kname = NULL;
	char dmname[DM_NAME_MAX + 16];

	integrity_dm_name(crypt_dmname, dmname, sizeof(dmname));
	return sysfs_block_find_dm("/", dmname, &kname) >= 0;
}

int integrity_deactivate(const char *crypt_dmname, bool deferred) {
	char dmname[DM_NAME_MAX + 16];
	int r;

	if (!integrity_exists(crypt_dmname))
		return 0;
	integrity_dm_name(crypt_dmname, dmname, sizeof(dmname));
	/* Also deferred, under a crypt mapping still in use: the superblock is read only
	 * when a mapping is made, so the one in use goes on, and once device-mapper
	 * removes it the device is free for the next create. */
	step("integrity-clear");
	r = superblock_clear_under(dmname);
	if (r < 0)
		log_warning_errno(r, "Cannot clear the integrity superblock under %s: %m", dmname);
	step("integrity-remove");
	r = dm_remove(dmname, deferred);
	if (r < 0 && r != -ENODEV && r != -ENXIO)
		return r;
	dm_udev_name_remove(dmname);
	return 1;
}
