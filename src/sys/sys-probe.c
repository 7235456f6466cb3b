/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sys-crypt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "macro.h"
#include "sys.h"
#include "dlopen-blkid.h"
#include "sysfs-block.h"

int device_probe_type(const char *device, char **ret_type) {
	/* Released last: no destroy suspends a mapping while we read it (sys.h). */
	_cleanup_close_ int wipe_lock = -EBADF;
	_cleanup_(sym_blkid_free_probep) blkid_probe pr = NULL;
	_cleanup_free_ char *kname = NULL, *suspended = NULL;
	const char *type = NULL;
	char *copy;
	int r;

	r = name_lock_shared(DM_WIPE_LOCK, &wipe_lock);
	if (r < 0)
		return r;
	/* Looked at again under the lock: a read of a suspended mapping waits, in D
	 * state, for a resume that never comes once its key is wiped, and keeps it
	 * open so that its removal fails. */
	if (sysfs_block_from_path("/", device, &kname) == 0 &&
	    sysfs_block_read("/", kname, "dm/suspended", &suspended) == 0 && streq(suspended, "1"))
		return -EAGAIN;

	r = dlopen_blkid();
	if (r < 0)
		return r;
	errno = 0;
	pr = sym_blkid_new_probe_from_filename(device);
	if (!pr)
		return errno > 0 ? -errno : -ENOMEM;
	sym_blkid_probe_enable_superblocks(pr, 1);
	sym_blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	if (sym_blkid_do_safeprobe(pr) != 0 ||
	    sym_blkid_probe_lookup_value(pr, "TYPE", &type, NULL) < 0)
		return -ENODATA;
	copy = strdup(type);
	if (!copy)
		return -ENOMEM;
	*ret_type = copy;
	return 0;
}
