/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ephvol's zram volumes: the devices claimed by a record in /run/ephvol/zram and still
 * alive in sysfs. A device's writeback goes to its backing_dev, which counts as
 * encrypted only when it is the dm-crypt mapping its record names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "scan.h"
#include "sysfs-block.h"
#include "zram-record.h"

/* zram counts written-back data in 4 KiB units whatever the page size. */
#define ZRAM_BD_UNIT UINT64_C(4096)

/* The leading decimal fields of a sysfs stat line (the kernel pads them with blanks);
 * returns how many of the first max fields are numbers. */
static size_t parse_u64_fields(const char *text, uint64_t *fields, size_t max) {
	size_t n = 0;

	for (const char *p = text; n < max;) {
		char buf[32];
		size_t len;

		p += strspn(p, " \t");
		len = strcspn(p, " \t\n");
		if (len == 0 || len >= sizeof(buf))
			break;
		memcpy(buf, p, len);
		buf[len] = 0;
		if (parse_u64(buf, &fields[n]) < 0)
			break;
		n++;
		p += len;
	}
	return n;
}

/* Where the zram device writes pages out to, and so whether its data stays in RAM. */
static int scan_zram_writeback(struct scan *s, struct ephvol_volume *v,
                               const struct zram_record *rec) {
	_cleanup_free_ char *bdev = NULL, *dmkname = NULL, *dmname = NULL, *uuid = NULL, *bd = NULL;
	uint64_t bd_fields[3];
	int r;

	r = sysfs_block_read(s->root, v->kname, "backing_dev", &bdev);
	if (r == -ENOENT) /* a kernel without CONFIG_ZRAM_WRITEBACK */
		return 0;
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		/* Not knowing where pages go is no proof that they stay in RAM. */
		ctx_debug(s->ctx, "cannot read backing_dev of %s: %s", v->kname, strerror(-r));
		v->protection = EPHVOL_PROTECTION_PLAINTEXT_ON_DISK;
		return 0;
	}
	if (streq(bdev, "none") || !bdev[0])
		return 0;

	if (rec->writeback[0] && sysfs_block_from_path(s->root, bdev, &dmkname) == 0 &&
	    sysfs_block_read(s->root, dmkname, "dm/name", &dmname) == 0 &&
	    streq(dmname, rec->writeback)) {
		if (asprintf(&v->writeback, "/dev/mapper/%s", dmname) < 0) {
			v->writeback = NULL;
			return -ENOMEM;
		}
		(void)dm_backing(s->root, dmkname, &v->writeback_backing);
		v->suspended = dm_is_suspended(s->root, dmkname);
		(void)sysfs_block_read(s->root, dmkname, "dm/uuid", &uuid);
		protection_from_dm_uuid(v, uuid);
		if (v->protection == EPHVOL_PROTECTION_ENCRYPTED)
			v->writeback_dm = TAKE_PTR(dmname);
	} else {
		/* Not the mapping ephvol made for it: nothing says the disk sees ciphertext. */
		v->writeback = strdup(bdev);
		if (!v->writeback)
			return -ENOMEM;
		v->protection = EPHVOL_PROTECTION_PLAINTEXT_ON_DISK;
	}

	/* bd_count bd_reads bd_writes */
	if (sysfs_block_read(s->root, v->kname, "bd_stat", &bd) == 0 &&
	    parse_u64_fields(bd, bd_fields, ELEMENTSOF(bd_fields)) == ELEMENTSOF(bd_fields)) {
		v->has_writeback_bytes = true;
		v->writeback_bytes = bd_fields[0] * ZRAM_BD_UNIT;
		v->writeback_written = bd_fields[2] * ZRAM_BD_UNIT;
	}
	v->writeback_idle_age = rec->writeback_idle_age;
	return 0;
}

static int scan_zram_orphan_writeback(struct scan *s, const char *name,
                                      const struct zram_record *rec) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	_cleanup_free_ char *path = NULL, *dmkname = NULL;
	int r;

	if (asprintf(&path, "/dev/mapper/%s", rec->writeback) < 0)
		return -ENOMEM;
	r = sysfs_block_from_path(s->root, path, &dmkname);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return 0; /* nothing left: the record alone is stale */
	v = volume_new(name);
	if (!v)
		return -ENOMEM;
	v->backend = EPHVOL_BACKEND_ZRAM;
	v->role = rec->role;
	v->incomplete = true;
	v->protection = EPHVOL_PROTECTION_ENCRYPTED;
	v->writeback = TAKE_PTR(path);
	/* Its key is still in the kernel, unless the destroy wiped it first. */
	v->writeback_dm = strdup(rec->writeback);
	if (!v->writeback_dm)
		return -ENOMEM;
	v->suspended = dm_is_suspended(s->root, dmkname);
	r = scan_add(s, v);
	if (r < 0)
		return r;
	TAKE_PTR(v);
	return 0;
}

int scan_zram_one(struct scan *s, const char *name, const char *record_text) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	_cleanup_free_ char *initstate = NULL, *algs = NULL, *mm = NULL;
	struct zram_record rec;
	char kname[32];
	uint64_t disksize;
	/* orig_data_size compr_data_size mem_used_total mem_limit ... */
	uint64_t mm_fields[4];
	size_t n_mm;
	bool incomplete;
	int r;

	if (zram_record_parse(record_text, &rec) < 0) {
		ctx_debug(s->ctx, "ignoring unreadable zram record for %s", name);
		return 0;
	}
	snprintf(kname, sizeof(kname), "zram%u", rec.index);
	r = zram_record_matches(s->root, &rec, &incomplete);
	if (r < 0)
		return r;
	if (r == 0) {
		ctx_debug(s->ctx,
		          "zram record for %s names %s, which the kernel no longer shows as ours",
		          name, kname);
		/* A destroy killed between the zram reset and the writeback mapping's
		 * removal: the device is gone, but a mapping and its key are not. */
		return rec.writeback[0] ? scan_zram_orphan_writeback(s, name, &rec) : 0;
	}
	disksize = rec.disksize;

	v = volume_new(name);
	if (!v)
		return -ENOMEM;
	v->backend = EPHVOL_BACKEND_ZRAM;
	v->role = rec.role;
	v->size = disksize;
	v->incomplete = incomplete;
	v->protection = EPHVOL_PROTECTION_RAM_ONLY;
	v->key_location = EPHVOL_KEY_NONE;
	v->kname = strdup(kname);
	if (!v->kname || asprintf(&v->device, "/dev/%s", kname) < 0)
		return -ENOMEM;
	if (sysfs_block_read(s->root, kname, "comp_algorithm", &algs) == 0)
		(void)parse_sysfs_choice(algs, &v->comp_algorithm);
	if (sysfs_block_read(s->root, kname, "mm_stat", &mm) == 0) {
		n_mm = parse_u64_fields(mm, mm_fields, ELEMENTSOF(mm_fields));
		if (n_mm >= 2) {
			v->has_data_bytes = true;
			v->orig_data = mm_fields[0];
			v->compr_data = mm_fields[1];
		}
		if (n_mm >= 4) {
			v->has_mem_used = true;
			v->mem_used = mm_fields[2];
			v->mem_limit = mm_fields[3];
		}
	}
	r = scan_zram_writeback(s, v, &rec);
	if (r < 0)
		return r;
	r = scan_add(s, v);
	if (r < 0)
		return r;
	TAKE_PTR(v);
	return 0;
}
