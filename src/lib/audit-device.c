/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Where data written to a block device ends up, from sysfs: device-mapper (dm-crypt
 * or a layer over its slaves), md and bcache, zram and its writeback, loop devices and
 * their backing files, partitions and plain disks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "sysfs-block.h"

/* The type dm-crypt tools put in the uuid, "CRYPT-LUKS2-<uuid>-<name>" -> "LUKS2"; NULL
 * for other targets and for the mappings those tools make that do not encrypt (the
 * integrity layer under authenticated encryption, dm-verity). */
static char *crypt_type(const char *uuid) {
	size_t len;

	if (!uuid || strncmp(uuid, "CRYPT-", 6) != 0)
		return NULL;
	len = strcspn(uuid + 6, "-");
	if (len == 0 || len > 16 || strncmp(uuid + 6, "SUBDEV", len) == 0 ||
	    strncmp(uuid + 6, "VERITY", len) == 0 || strncmp(uuid + 6, "INTEGRITY", len) == 0)
		return NULL;
	return strndup(uuid + 6, len);
}

/* What made a dm device, from its uuid's prefix ("LVM-...", "mpath-..."); "dm" when
 * the uuid says nothing readable. */
static void dm_kind(const char *uuid, char *buf, size_t size) {
	size_t len = uuid ? strcspn(uuid, "-") : 0;

	for (size_t i = 0; i < len; i++)
		if (!((uuid[i] >= 'A' && uuid[i] <= 'Z') || (uuid[i] >= 'a' && uuid[i] <= 'z') ||
		      (uuid[i] >= '0' && uuid[i] <= '9')))
			len = 0;
	if (len == 0 || len >= size || !uuid[len])
		snprintf(buf, size, "dm");
	else
		snprintf(buf, size, "%.*s", (int)len, uuid);
}

/* A layer that stores on all of its slaves (LVM, md, multipath): as safe as the worst
 * of them, and named after those that decide it. */
static int judge_slaves(struct audit *a, const char *kname, const char *what, bool top,
                        struct verdict *v) {
	_cleanup_(strv_freep) char **slaves = NULL;
	_cleanup_free_ char *prefix = NULL;
	struct verdict worst = {};
	int r;

	r = sysfs_block_slaves(a->root, kname, &slaves);
	if (r < 0)
		return r;
	if (!slaves[0])
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "%s %s without a device below it",
		                   what, kname);
	for (char **s = slaves; *s; s++) {
		struct verdict c = {};
		char *joined;

		r = judge_device(a, *s, false, &c);
		if (r >= 0 && (!worst.text || severity(c.protection) > severity(worst.protection)))
			verdict_move(&worst, &c);
		else if (r >= 0 && c.protection == worst.protection && !worst.final) {
			r = asprintf(&joined, "%s and %s", worst.text, c.text) < 0 ? -ENOMEM : 0;
			if (r >= 0) {
				free(worst.text);
				worst.text = joined;
			}
		}
		verdict_done(&c);
		if (r < 0) {
			verdict_done(&worst);
			return r;
		}
	}
	if ((top ? asprintf(&prefix, "%s on ", what)
	         : asprintf(&prefix, "%s %s on ", what, kname)) < 0) {
		verdict_done(&worst);
		return -ENOMEM;
	}
	return verdict_wrap(v, &worst, prefix);
}

static int judge_dm(struct audit *a, const char *kname, bool top, struct verdict *v) {
	_cleanup_free_ char *uuid = NULL, *type = NULL, *name = NULL, *on = NULL;
	_cleanup_(strv_freep) char **slaves = NULL;
	char what[24];
	int r;

	(void)sysfs_block_read(a->root, kname, "dm/uuid", &uuid);
	type = crypt_type(uuid);
	if (!type) {
		dm_kind(uuid, what, sizeof(what));
		return judge_slaves(a, kname, what, top, v);
	}

	/* Below dm-crypt only ciphertext is stored, whatever the storage: name it only. */
	r = sysfs_block_slaves(a->root, kname, &slaves);
	if (r < 0)
		return r;
	for (char **s = slaves; *s; s++) {
		char *joined;

		if (asprintf(&joined, "%s%s%s", on ?: " on ", on ? " and " : "", *s) < 0)
			return -ENOMEM;
		free(on);
		on = joined;
	}
	if (sysfs_block_read(a->root, kname, "dm/name", &name) < 0)
		name = NULL;
	free(v->crypt_dm);
	v->crypt_dm = TAKE_PTR(name);
	return top ? verdict_set(v, EPHVOL_PROTECTION_ENCRYPTED, "dm-crypt (%s)%s", type, on ?: "")
	           : verdict_set(v, EPHVOL_PROTECTION_ENCRYPTED, "dm-crypt (%s) %s%s", type, kname,
	                         on ?: "");
}

/* zram keeps pages in RAM, except those it writes back to its backing_dev. */
static int judge_zram(struct audit *a, const char *kname, bool top, struct verdict *v) {
	_cleanup_free_ char *bdev = NULL, *wb = NULL, *prefix = NULL;
	struct verdict c = {};
	int r;

	r = sysfs_block_read(a->root, kname, "backing_dev", &bdev);
	if (r == -ENOMEM)
		return r;
	/* No backing_dev at all: a kernel without CONFIG_ZRAM_WRITEBACK. */
	if (r == -ENOENT || (r >= 0 && (streq(bdev, "none") || !bdev[0])))
		return top ? verdict_set(v, EPHVOL_PROTECTION_RAM_ONLY, "zram in RAM, no writeback")
		           : verdict_set(v, EPHVOL_PROTECTION_RAM_ONLY, "%s in RAM", kname);
	if (r < 0)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "cannot read the writeback of %s",
		                   kname);
	r = sysfs_block_from_path(a->root, bdev, &wb);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN,
		                   "zram writeback to %s, not in sysfs", bdev);
	r = judge_device(a, wb, false, &c);
	if (r < 0 || (top ? asprintf(&prefix, "zram writeback to ")
	                  : asprintf(&prefix, "%s writeback to ", kname)) < 0) {
		verdict_done(&c);
		return r < 0 ? r : -ENOMEM;
	}
	/* Writeback to another zram device keeps the pages in RAM: c says so. */
	return verdict_wrap(v, &c, prefix);
}

static int judge_loop(struct audit *a, const char *kname, bool top, struct verdict *v) {
	_cleanup_free_ char *file = NULL, *prefix = NULL;
	struct verdict c = {};
	int r;

	r = sysfs_block_read(a->root, kname, "loop/backing_file", &file);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "%s without a backing file",
		                   kname);
	strip_deleted(file);
	r = judge_file(a, file, &c);
	if (r < 0 || (top ? asprintf(&prefix, "loop over %s on ", file)
	                  : asprintf(&prefix, "%s over %s on ", kname, file)) < 0) {
		verdict_done(&c);
		return r < 0 ? r : -ENOMEM;
	}
	return verdict_wrap(v, &c, prefix);
}

/* A partition of a plain disk is named itself; one of a loop, md or dm device tells
 * that device's story. */
static int judge_partition(struct audit *a, const char *kname, struct verdict *v) {
	_cleanup_free_ char *parent = NULL, *prefix = NULL;
	struct verdict c = {};
	int r;

	r = sysfs_block_whole_disk(a->root, kname, &parent);
	if (r == -ENOMEM)
		return r;
	if (r >= 0) {
		r = judge_device(a, parent, false, &c);
		if (r < 0 || (!c.leaf && asprintf(&prefix, "%s on ", kname) < 0)) {
			verdict_done(&c);
			return r < 0 ? r : -ENOMEM;
		}
		if (!c.leaf)
			return verdict_wrap(v, &c, prefix);
		verdict_done(&c);
	}
	v->leaf = true;
	return verdict_set(v, EPHVOL_PROTECTION_PLAINTEXT_ON_DISK, "%s", kname);
}

static int judge_kind(struct audit *a, const char *kname, bool top, struct verdict *v) {
	_cleanup_(strv_freep) char **slaves = NULL;
	bool partition = sysfs_block_has(a->root, kname, "partition");
	int r;

	if (sysfs_block_has(a->root, kname, "dm/name"))
		return judge_dm(a, kname, top, v);
	if (strncmp(kname, "zram", 4) == 0 && !partition)
		return judge_zram(a, kname, top, v);
	if (strncmp(kname, "loop", 4) == 0 && !partition)
		return judge_loop(a, kname, top, v);
	r = sysfs_block_slaves(a->root, kname, &slaves);
	if (r < 0)
		return r;
	if (slaves[0]) /* md, bcache */
		return judge_slaves(a, kname, kname, true, v);
	if (partition)
		return judge_partition(a, kname, v);
	v->leaf = true;
	return verdict_set(v, EPHVOL_PROTECTION_PLAINTEXT_ON_DISK, "%s", kname);
}

int judge_device(struct audit *a, const char *kname, bool top, struct verdict *v) {
	int r;

	v->final = true;
	if (a->depth >= MAX_DEPTH)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN,
		                   "devices nested more than %d deep at %s", MAX_DEPTH, kname);
	for (size_t i = 0; i < a->depth; i++)
		if (a->stack[i] && streq(a->stack[i], kname))
			return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "device cycle through %s",
			                   kname);
	v->final = false;
	if (!sysfs_block_exists(a->root, kname))
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "%s not in sysfs", kname);
	a->stack[a->depth++] = kname;
	r = judge_kind(a, kname, top, v);
	a->depth--;
	return r;
}
