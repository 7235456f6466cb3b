/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Finds ephvol volumes from the kernel's own state, read below the context root:
 * device-mapper names in /sys/block/dm-*, zram devices claimed by a record in
 * /run/ephvol/zram and still alive in /sys/block, /proc/swaps and mountinfo.
 * A zram device's writeback goes to its backing_dev, which counts as encrypted
 * only when it is the dm-crypt mapping its record names.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cipher.h"
#include "dir-util.h"
#include "fileio.h"
#include "intent.h"
#include "libephvol-private.h"
#include "parse.h"
#include "proc-parse.h"
#include "volume-query.h"
#include "zram-record.h"

#define DM_PREFIX "ephvol-"
/* zram counts written-back data in 4 KiB units whatever the page size. */
#define ZRAM_BD_UNIT UINT64_C(4096)

struct scan {
	struct ephvol_ctx *ctx;
	struct ephvol_volume **volumes;
	size_t n;
	struct swap_entry *swaps;
	size_t n_swaps;
	struct mount_entry *mounts;
	size_t n_mounts;
};

static void scan_done(struct scan *s) {
	for (size_t i = 0; i < s->n; i++)
		ephvol_volume_unref(s->volumes[i]);
	free(s->volumes);
	swap_entries_free(s->swaps, s->n_swaps);
	mount_entries_free(s->mounts, s->n_mounts);
}

static int read_rooted(struct ephvol_ctx *ctx, const char *path, char **ret) {
	_cleanup_free_ char *p = ctx_path(ctx, path);

	if (!p)
		return -ENOMEM;
	return read_full_file(p, ret, NULL);
}

static int read_sys_attr(struct ephvol_ctx *ctx, const char *kname, const char *attr, char **ret) {
	return ctx_read_block_attr(ctx, "/sys/block", kname, attr, ret);
}

static int read_sys_u64(struct ephvol_ctx *ctx, const char *kname, const char *attr,
                        uint64_t *ret) {
	_cleanup_free_ char *s = NULL;
	int r;

	r = read_sys_attr(ctx, kname, attr, &s);
	if (r < 0)
		return r;
	return parse_u64(s, ret) < 0 ? -EBADMSG : 0;
}

static int scan_add(struct scan *s, struct ephvol_volume *v) {
	struct ephvol_volume **a = realloc(s->volumes, (s->n + 1) * sizeof(*a));

	if (!a)
		return -ENOMEM;
	s->volumes = a;
	s->volumes[s->n++] = v;
	return 0;
}

/* What the dm device is stored on, as users know it: the partition (first slave),
 * or for a loop device the file behind it. */
static int dm_backing(struct ephvol_ctx *ctx, const char *kname, char **ret) {
	_cleanup_free_ char *rel = NULL, *dir = NULL;
	char slave[256] = "";
	DIR *d;
	struct dirent *de;

	if (asprintf(&rel, "/sys/block/%s/slaves", kname) < 0 || !(dir = ctx_path(ctx, rel)))
		return -ENOMEM;
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			snprintf(slave, sizeof(slave), "%s", de->d_name);
			break;
		}
	closedir(d);
	if (!slave[0])
		return -ENOENT;

	if (strncmp(slave, "loop", 4) == 0) {
		_cleanup_free_ char *file = NULL;

		if (read_sys_attr(ctx, slave, "loop/backing_file", &file) == 0) {
			*ret = TAKE_PTR(file);
			return 0;
		}
	}
	return asprintf(ret, "/dev/%s", slave) < 0 ? -ENOMEM : 0;
}

/* A destroy killed between the key wipe and the removal leaves the mapping
 * suspended: reading it (a blkid probe) would wait forever. */
static bool dm_is_suspended(struct ephvol_ctx *ctx, const char *kname) {
	_cleanup_free_ char *s = NULL;

	return read_sys_attr(ctx, kname, "dm/suspended", &s) == 0 && streq(s, "1");
}

/* dm-crypt names its mappings' uuids CRYPT-<type>-...; anything else stores plaintext. */
static void protection_from_dm_uuid(struct ephvol_volume *v, const char *uuid) {
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

static int scan_dm(struct scan *s) {
	_cleanup_free_ char *dir = ctx_path(s->ctx, "/sys/block");
	DIR *d;
	struct dirent *de;
	int r = 0;

	if (!dir)
		return -ENOMEM;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;

	while ((de = readdir(d))) {
		_cleanup_free_ char *dmname = NULL, *uuid = NULL;
		_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
		uint64_t sectors;

		if (strncmp(de->d_name, "dm-", 3) != 0)
			continue;
		if (read_sys_attr(s->ctx, de->d_name, "dm/name", &dmname) < 0 ||
		    strncmp(dmname, DM_PREFIX, STRLEN(DM_PREFIX)) != 0 ||
		    !volume_name_is_valid(dmname + STRLEN(DM_PREFIX)))
			continue;
		(void)read_sys_attr(s->ctx, de->d_name, "dm/uuid", &uuid);

		v = volume_new(dmname + STRLEN(DM_PREFIX));
		if (!v) {
			r = -ENOMEM;
			break;
		}
		v->backend = EPHVOL_BACKEND_DISK;
		v->role = EPHVOL_ROLE_RAW;
		v->kname = strdup(de->d_name);
		if (asprintf(&v->device, "/dev/mapper/%s", dmname) < 0 || !v->kname) {
			r = -ENOMEM;
			break;
		}
		if (read_sys_u64(s->ctx, de->d_name, "size", &sectors) == 0)
			v->size = sectors * 512;
		(void)dm_backing(s->ctx, de->d_name, &v->backing);
		protection_from_dm_uuid(v, uuid);
		v->suspended = dm_is_suspended(s->ctx, de->d_name);

		r = scan_add(s, v);
		if (r < 0)
			break;
		TAKE_PTR(v);
	}
	closedir(d);
	return r;
}

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

/* The dm device a backing_dev path names. The kernel shows the path of the file it
 * opened: /dev/dm-N when it followed udev's /dev/mapper symlink, /dev/mapper/NAME
 * when that is a device node of its own (no udev). */
static int dm_kname_of_path(struct ephvol_ctx *ctx, const char *path, char **ret_kname) {
	_cleanup_free_ char *dir = NULL;
	const char *mapper_name;
	uint64_t n;
	DIR *d;
	struct dirent *de;
	int r = -ENOENT;

	if (strncmp(path, "/dev/dm-", 8) == 0 && parse_u64(path + 8, &n) == 0) {
		char *k = strdup(path + 5);

		if (!k)
			return -ENOMEM;
		*ret_kname = k;
		return 0;
	}
	if (strncmp(path, "/dev/mapper/", 12) != 0)
		return -ENOENT;
	mapper_name = path + 12;
	dir = ctx_path(ctx, "/sys/block");
	if (!dir)
		return -ENOMEM;
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		_cleanup_free_ char *dmname = NULL;

		if (strncmp(de->d_name, "dm-", 3) != 0 ||
		    read_sys_attr(ctx, de->d_name, "dm/name", &dmname) < 0 ||
		    !streq(dmname, mapper_name))
			continue;
		*ret_kname = strdup(de->d_name);
		r = *ret_kname ? 0 : -ENOMEM;
		break;
	}
	closedir(d);
	return r;
}

/* Where the zram device writes pages out to, and so whether its data stays in RAM. */
static int scan_zram_writeback(struct scan *s, struct ephvol_volume *v,
                               const struct zram_record *rec) {
	_cleanup_free_ char *bdev = NULL, *dmkname = NULL, *dmname = NULL, *uuid = NULL, *bd = NULL;
	uint64_t bd_count;
	int r;

	r = read_sys_attr(s->ctx, v->kname, "backing_dev", &bdev);
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

	if (rec->writeback[0] && dm_kname_of_path(s->ctx, bdev, &dmkname) == 0 &&
	    read_sys_attr(s->ctx, dmkname, "dm/name", &dmname) == 0 &&
	    streq(dmname, rec->writeback)) {
		if (asprintf(&v->writeback, "/dev/mapper/%s", dmname) < 0) {
			v->writeback = NULL;
			return -ENOMEM;
		}
		(void)dm_backing(s->ctx, dmkname, &v->writeback_backing);
		v->suspended = dm_is_suspended(s->ctx, dmkname);
		(void)read_sys_attr(s->ctx, dmkname, "dm/uuid", &uuid);
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

	if (read_sys_attr(s->ctx, v->kname, "bd_stat", &bd) == 0 &&
	    parse_u64_fields(bd, &bd_count, 1) == 1) {
		v->has_writeback_bytes = true;
		v->writeback_bytes = bd_count * ZRAM_BD_UNIT;
	}
	return 0;
}

/* Whether the record's device is still the one create made: the same diskseq, which
 * no later device gets (a stale record and a reused index cannot adopt a stranger);
 * without diskseq, initialised with the recorded size. A device of the same diskseq
 * that is not configured (yet) belongs to a create that stopped. 1, 0, or -errno. */
static int zram_record_matches(struct ephvol_ctx *ctx, const struct zram_record *rec,
                               const char *kname, bool *ret_incomplete) {
	_cleanup_free_ char *initstate = NULL;
	uint64_t seq, disksize;
	bool configured;
	int r;

	r = read_sys_attr(ctx, kname, "initstate", &initstate);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return 0; /* no such device */
	configured = streq(initstate, "1") &&
	             read_sys_u64(ctx, kname, "disksize", &disksize) == 0 &&
	             disksize == rec->disksize;
	if (rec->diskseq == 0) {
		*ret_incomplete = false;
		return configured;
	}
	if (read_sys_u64(ctx, kname, "diskseq", &seq) < 0 || seq != rec->diskseq)
		return 0;
	*ret_incomplete = !configured;
	return 1;
}

static int scan_zram_orphan_writeback(struct scan *s, const char *name,
                                      const struct zram_record *rec) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	_cleanup_free_ char *path = NULL, *dmkname = NULL;
	int r;

	if (asprintf(&path, "/dev/mapper/%s", rec->writeback) < 0)
		return -ENOMEM;
	r = dm_kname_of_path(s->ctx, path, &dmkname);
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
	v->suspended = dm_is_suspended(s->ctx, dmkname);
	r = scan_add(s, v);
	if (r < 0)
		return r;
	TAKE_PTR(v);
	return 0;
}

static int scan_zram_one(struct scan *s, const char *name, const char *record_text) {
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
	r = zram_record_matches(s->ctx, &rec, kname, &incomplete);
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
	if (read_sys_attr(s->ctx, kname, "comp_algorithm", &algs) == 0)
		(void)parse_sysfs_choice(algs, &v->comp_algorithm);
	if (read_sys_attr(s->ctx, kname, "mm_stat", &mm) == 0) {
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

/* Each record in DIR (below the context root) named like a volume, handed to FN.
 * Records that vanish or cannot be read meanwhile are skipped. */
static int scan_records(struct scan *s, const char *dir_path,
                        int (*fn)(struct scan *s, const char *name, const char *text)) {
	_cleanup_free_ char *dir = ctx_path(s->ctx, dir_path);
	_cleanup_(closedirp) DIR *d = NULL;
	struct dirent *de;
	int r = 0;

	if (!dir)
		return -ENOMEM;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT || errno == EACCES ? 0 : -errno;
	while ((de = readdir(d)) && r >= 0) {
		_cleanup_free_ char *p = NULL, *text = NULL;

		if (!volume_name_is_valid(de->d_name))
			continue;
		p = path_join(dir, de->d_name);
		if (!p)
			return -ENOMEM;
		if (read_full_file(p, &text, NULL) < 0)
			continue;
		r = fn(s, de->d_name, text);
	}
	return r;
}

static struct ephvol_volume *scan_find(struct scan *s, const char *name) {
	for (size_t i = 0; i < s->n; i++)
		if (streq(s->volumes[i]->name, name))
			return s->volumes[i];
	return NULL;
}

/* A create that stopped before its end (intent.h): its volume is incomplete, and
 * listed even when nothing of it is in the kernel yet, so destroy can be told. */
static int scan_intent_one(struct scan *s, const char *name, const char *text) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	struct ephvol_volume *found = scan_find(s, name);
	struct intent i;
	int r;

	if (intent_parse(text, &i) < 0) {
		ctx_debug(s->ctx, "ignoring unreadable intent record for %s", name);
		return 0;
	}
	if (found) {
		found->incomplete = true;
		return 0;
	}
	v = volume_new(name);
	if (!v)
		return -ENOMEM;
	v->backend = i.backend;
	v->role = i.role;
	v->incomplete = true;
	/* Nothing is stored yet, so nothing can leak. */
	v->protection = i.backend == EPHVOL_BACKEND_ZRAM ? EPHVOL_PROTECTION_RAM_ONLY
	                                                 : EPHVOL_PROTECTION_ENCRYPTED;
	r = scan_add(s, v);
	if (r < 0)
		return r;
	TAKE_PTR(v);
	return 0;
}

static int load_tables(struct scan *s) {
	_cleanup_free_ char *swaps = NULL, *mountinfo = NULL;
	int r;

	r = read_rooted(s->ctx, "/proc/swaps", &swaps);
	if (r < 0 && r != -ENOENT)
		return r;
	if (swaps) {
		r = parse_proc_swaps(swaps, &s->swaps, &s->n_swaps);
		if (r < 0)
			return r;
	}
	r = read_rooted(s->ctx, "/proc/self/mountinfo", &mountinfo);
	if (r < 0 && r != -ENOENT)
		return r;
	if (mountinfo) {
		r = parse_mountinfo(mountinfo, &s->mounts, &s->n_mounts);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Whether a path from /proc/swaps or mountinfo names the volume's own device node:
 * the kernel shows /dev/dm-N or /dev/zramN, mount(8) records /dev/mapper/NAME. */
static bool names_device(const struct ephvol_volume *v, const char *path) {
	return streq(path, v->device) ||
	       (strncmp(path, "/dev/", 5) == 0 && streq(path + 5, v->kname));
}

static void attach_usage(struct scan *s, struct ephvol_volume *v) {
	_cleanup_free_ char *devnum = NULL;
	unsigned maj = 0, min = 0;
	bool have_devnum;

	if (!v->kname)
		return; /* an incomplete volume with no device yet */

	for (size_t i = 0; i < s->n_swaps; i++)
		/* A swap *file* called like the device is not the device. */
		if (streq(s->swaps[i].type, "partition") && names_device(v, s->swaps[i].path)) {
			v->is_swap = true;
			v->swap_priority = s->swaps[i].priority;
			if (v->backend == EPHVOL_BACKEND_DISK)
				v->role = EPHVOL_ROLE_SWAP;
		}

	have_devnum = read_sys_attr(s->ctx, v->kname, "dev", &devnum) == 0 &&
	              sscanf(devnum, "%u:%u", &maj, &min) == 2;
	for (size_t i = 0; i < s->n_mounts; i++) {
		const struct mount_entry *m = &s->mounts[i];

		/* By device number: a source string is whatever the mounter wrote (any user
		 * can name a FUSE mount "/dev/zram0"). btrfs shows an anonymous device
		 * number, so for it alone the source counts: only root mounts btrfs. */
		if (!(have_devnum && m->major == maj && m->minor == min) &&
		    !(m->major == 0 && streq_ptr(m->fstype, "btrfs") && names_device(v, m->source)))
			continue;
		free(v->mountpoint);
		/* Later lines are mounted later: the last one is what users see. */
		v->mountpoint = strdup(m->mount_point);
		if (v->backend == EPHVOL_BACKEND_DISK)
			v->role = EPHVOL_ROLE_TMP;
	}
}

static enum ephvol_state volume_state(const struct ephvol_volume *v) {
	if (v->suspended)
		return EPHVOL_STATE_SUSPENDED;
	if (v->incomplete)
		return EPHVOL_STATE_INCOMPLETE;
	if (v->is_swap || v->mountpoint || v->role == EPHVOL_ROLE_RAW)
		return EPHVOL_STATE_ACTIVE;
	return EPHVOL_STATE_INACTIVE;
}

static int compare_volumes(const void *a, const void *b) {
	const struct ephvol_volume *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

_public_ int ephvol_volume_list(struct ephvol_ctx *ctx, struct ephvol_volume ***ret_volumes,
                                size_t *ret_n) {
	struct scan s = { .ctx = ctx };
	struct ephvol_volume **result;
	int r;

	if (!ctx || !ret_volumes)
		return -EINVAL;

	r = load_tables(&s);
	if (r >= 0)
		r = scan_dm(&s);
	if (r >= 0)
		r = scan_records(&s, ZRAM_RECORD_DIR, scan_zram_one);
	/* After the volumes they may belong to. */
	if (r >= 0)
		r = scan_records(&s, INTENT_DIR, scan_intent_one);
	if (r < 0) {
		ctx_err(ctx, "cannot read the system's volume state: %s", strerror(-r));
		scan_done(&s);
		return r;
	}

	for (size_t i = 0; i < s.n; i++) {
		struct ephvol_volume *v = s.volumes[i];

		attach_usage(&s, v);
		if (ctx_is_live(ctx) && v->kname) {
			if (v->backend == EPHVOL_BACKEND_DISK)
				volume_query_dm(ctx, v);
			else if (v->writeback_dm)
				volume_query_writeback(ctx, v);
		}
		v->state = volume_state(v);
	}
	volumes_fill_cipher_drivers(ctx, s.volumes, s.n);

	if (s.n > 1) /* qsort(NULL, 0, ...) is undefined */
		qsort(s.volumes, s.n, sizeof(*s.volumes), compare_volumes);
	result = realloc(s.volumes, (s.n + 1) * sizeof(*result));
	if (!result) {
		scan_done(&s);
		return -ENOMEM;
	}
	result[s.n] = NULL;
	s.volumes = NULL;
	if (ret_n)
		*ret_n = s.n;
	*ret_volumes = result;
	s.n = 0;
	scan_done(&s);
	return 0;
}

_public_ int ephvol_volume_lookup(struct ephvol_ctx *ctx, const char *name,
                                  struct ephvol_volume **ret) {
	_cleanup_(ephvol_volume_list_freep) struct ephvol_volume **list = NULL;
	int r;

	if (!ctx || !ret)
		return -EINVAL;
	if (!volume_name_is_valid(name))
		return -EINVAL;
	r = ephvol_volume_list(ctx, &list, NULL);
	if (r < 0)
		return r;
	for (struct ephvol_volume **v = list; *v; v++)
		if (streq((*v)->name, name)) {
			*ret = ephvol_volume_ref(*v);
			return 0;
		}
	return -ENOENT;
}
