/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sys-crypt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dlopen-cryptsetup.h"
#include "macro.h"
#include "run-paths.h"
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

static int crypt_open_by_name(const char *dmname, crypt_log_fn log, void *userdata,
                              struct crypt_device **ret_cd) {
	struct crypt_device *cd = NULL;
	char header[128];
	int r;

	snprintf(header, sizeof(header), HEADER_DIR "/%s", dmname);
	r = sym_crypt_init_by_name_and_header(&cd, dmname,
	                                      access(header, F_OK) == 0 ? header : NULL);
	if (r < 0)
		return r;
	if (log)
		sym_crypt_set_log_callback(cd, log, userdata);
	*ret_cd = cd;
	return 0;
}

int dm_crypt_query(const char *dmname, crypt_log_fn log, void *userdata,
                   struct dm_crypt_info *ret) {
	/* Released last, after libcryptsetup let go of the mapping (sys.h). */
	_cleanup_close_ int wipe_lock = -EBADF;
	_cleanup_(sym_crypt_freep) struct crypt_device *cd = NULL;
	const char *cipher, *mode;
	struct crypt_active_device cad;
	struct dm_crypt_info info = {};
	int r;

	/* Only a dm-crypt mapping to look at loads the library: a scan of zram alone does not. */
	r = dlopen_cryptsetup();
	if (r < 0)
		return r;
	r = name_lock_shared(DM_WIPE_LOCK, &wipe_lock);
	if (r < 0)
		return r;
	r = crypt_open_by_name(dmname, log, userdata, &cd);
	if (r < 0)
		return r;
	cipher = sym_crypt_get_cipher(cd);
	mode = sym_crypt_get_cipher_mode(cd);
	if (cipher && mode && asprintf(&info.cipher, "%s-%s", cipher, mode) < 0)
		return -ENOMEM;
	info.key_bits = (unsigned)sym_crypt_get_volume_key_size(cd) * 8;
	if (info.key_bits == 0) {
		/* LUKS2 keeps the key size in keyslots, and ephvol's headers have none;
		 * without the header libcryptsetup reads it from the live table. */
		_cleanup_(sym_crypt_freep) struct crypt_device *table_cd = NULL;

		if (sym_crypt_init_by_name_and_header(&table_cd, dmname, NULL) == 0)
			info.key_bits = (unsigned)sym_crypt_get_volume_key_size(table_cd) * 8;
	}
	info.sector_size = (unsigned)sym_crypt_get_sector_size(cd);
	if (sym_crypt_get_active_device(cd, dmname, &cad) == 0) {
		info.has_key_location = true;
		info.key_in_keyring = cad.flags & CRYPT_ACTIVATE_KEYRING_KEY;
	}
	*ret = info;
	return 0;
}
