/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ephvol's disk volumes: the device-mapper devices whose dm/name is ephvol-NAME. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aead.h"
#include "dm-name.h"
#include "scan.h"
#include "sysfs-block.h"

/* The device under a mapping's dm-integrity mapping (--integrity aead), which is named
 * after it: "ephvol-NAME:integrity". */
static bool is_integrity_of(const char *root, const char *slave, const char *kname) {
	_cleanup_free_ char *name = NULL, *under = NULL;
	char expected[DM_NAME_MAX + 16];

	if (strncmp(slave, "dm-", 3) != 0 || sysfs_block_read(root, kname, "dm/name", &name) < 0 ||
	    sysfs_block_read(root, slave, "dm/name", &under) < 0)
		return false;
	integrity_dm_name(name, expected, sizeof(expected));
	return streq(under, expected);
}

int dm_backing(const char *root, const char *kname, char **ret) {
	_cleanup_(strv_freep) char **slaves = NULL;
	int r;

	r = sysfs_block_slaves(root, kname, &slaves);
	if (r < 0)
		return r;
	if (!slaves[0])
		return -ENOENT;
	if (is_integrity_of(root, slaves[0], kname))
		return dm_backing(root, slaves[0], ret);
	if (strncmp(slaves[0], "loop", 4) == 0) {
		_cleanup_free_ char *file = NULL;

		if (sysfs_block_read(root, slaves[0], "loop/backing_file", &file) == 0) {
			*ret = TAKE_PTR(file);
			return 0;
		}
	}
	return asprintf(ret, "/dev/%s", slaves[0]) < 0 ? -ENOMEM : 0;
}

bool dm_is_suspended(const char *root, const char *kname) {
	_cleanup_free_ char *s = NULL;

	return sysfs_block_read(root, kname, "dm/suspended", &s) == 0 && streq(s, "1");
}

void protection_from_dm_uuid(struct ephvol_volume *v, const char *uuid) {
	if (uuid && strncmp(uuid, "CRYPT-", 6) == 0) {
		v->protection = EPHVOL_PROTECTION_ENCRYPTED;
		/* ephvol activates LUKS2 through the keyring; a live scan checks. */
		v->key_location = strncmp(uuid, "CRYPT-LUKS2-", 12) == 0 ? EPHVOL_KEY_KEYRING
		                                                         : EPHVOL_KEY_DM_TABLE;
	} else {
		v->protection = EPHVOL_PROTECTION_PLAINTEXT_ON_DISK;
		v->key_location = EPHVOL_KEY_NONE;
	}
}

/* Disk volume NAME, the dm device KNAME called DMNAME: its device, size and backing. */
static int dm_volume_new(struct scan *s, const char *name, const char *kname, const char *dmname,
                         struct ephvol_volume **ret) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = volume_new(name);
	uint64_t sectors;

	if (!v)
		return -ENOMEM;
	v->backend = EPHVOL_BACKEND_DISK;
	v->role = EPHVOL_ROLE_RAW;
	v->kname = strdup(kname);
	if (asprintf(&v->device, "/dev/mapper/%s", dmname) < 0 || !v->kname)
		return -ENOMEM;
	if (sysfs_block_read_u64(s->root, kname, "size", &sectors) == 0)
		v->size = sectors * 512;
	(void)dm_backing(s->root, kname, &v->backing);
	*ret = TAKE_PTR(v);
	return 0;
}

static int scan_dm_one(struct scan *s, const char *kname, const char *dmname) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	_cleanup_free_ char *uuid = NULL;
	const char *name;
	int r;

	if (!(name = volume_name_of_dm(dmname)) || (s->only && !streq(name, s->only)))
		return 0;
	(void)sysfs_block_read(s->root, kname, "dm/uuid", &uuid);

	r = dm_volume_new(s, name, kname, dmname, &v);
	if (r < 0)
		return r;
	protection_from_dm_uuid(v, uuid);
	v->suspended = dm_is_suspended(s->root, kname);

	r = scan_add(s, v);
	if (r < 0)
		return r;
	TAKE_PTR(v);
	return 0;
}

/* NAME of an integrity mapping "ephvol-NAME:integrity" (of a disk volume; zram's
 * writeback has a record of its own), in BUF; NULL for any other dm name. */
static const char *volume_name_of_integrity(const char *dmname, char *buf, size_t size) {
	size_t n = strlen(dmname), k = STRLEN(INTEGRITY_DM_SUFFIX);

	if (n <= k || n - k >= size || !streq(dmname + n - k, INTEGRITY_DM_SUFFIX))
		return NULL;
	memcpy(buf, dmname, n - k);
	buf[n - k] = 0;
	return volume_name_of_dm(buf);
}

/* An integrity mapping whose crypt mapping is gone: a destroy killed after the key
 * and the crypt mapping went, before the integrity mapping did (or a create killed
 * before its crypt mapping was made: then its intent record makes it incomplete). It
 * still holds the disk, so it is listed, as a volume whose destroy stopped after the
 * key wipe (suspended): one destroy finishes it. */
static int scan_integrity_left(struct scan *s, const char *kname, const char *dmname) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	char buf[DM_NAME_MAX + 1];
	const char *name;
	int r;

	if (!(name = volume_name_of_integrity(dmname, buf, sizeof(buf))) ||
	    (s->only && !streq(name, s->only)) || scan_find(s, name))
		return 0;
	r = dm_volume_new(s, name, kname, dmname, &v);
	if (r < 0)
		return r;
	/* What is left is ciphertext and tags; the key is gone with the crypt mapping. */
	v->protection = EPHVOL_PROTECTION_ENCRYPTED;
	v->key_location = EPHVOL_KEY_NONE;
	v->suspended = true;
	v->integrity_left = true;
	r = scan_add(s, v);
	if (r < 0)
		return r;
	TAKE_PTR(v);
	return 0;
}

int scan_dm(struct scan *s) {
	_cleanup_(strv_freep) char **knames = NULL, **dmnames = NULL;
	size_t n = 0;
	int r;

	r = sysfs_block_list(s->root, "dm-", &knames);
	if (r < 0)
		return r == -ENOENT ? 0 : r;
	while (knames[n])
		n++;
	/* Each name read once, for both passes ("" where it cannot be read). */
	dmnames = calloc(n + 1, sizeof(*dmnames));
	if (!dmnames)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (sysfs_block_read(s->root, knames[i], "dm/name", &dmnames[i]) < 0 &&
		    !(dmnames[i] = strdup("")))
			return -ENOMEM;
		r = scan_dm_one(s, knames[i], dmnames[i]);
		if (r < 0)
			return r;
	}
	/* Once every crypt mapping is known. */
	for (size_t i = 0; i < n; i++) {
		r = scan_integrity_left(s, knames[i], dmnames[i]);
		if (r < 0)
			return r;
	}
	return 0;
}
