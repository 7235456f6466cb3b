/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Finds ephvol volumes from the kernel's own state, read below the context root:
 * device-mapper names in /sys/block/dm-*, zram devices claimed by a record in
 * /run/ephvol/zram and still alive in /sys/block, /proc/swaps and mountinfo.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "libephvol-private.h"
#include "parse.h"
#include "proc-parse.h"
#include "sys-query.h"
#include "zram-record.h"

#define DM_PREFIX "ephvol-"

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
	_cleanup_free_ char *p = NULL;
	_cleanup_free_ char *s = NULL;
	int r;

	if (asprintf(&p, "/sys/block/%s/%s", kname, attr) < 0)
		return -ENOMEM;
	r = read_rooted(ctx, p, &s);
	if (r < 0)
		return r;
	s[strcspn(s, "\n")] = 0;
	*ret = TAKE_PTR(s);
	return 0;
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
		if (uuid && strncmp(uuid, "CRYPT-", 6) == 0) {
			v->protection = EPHVOL_PROTECTION_ENCRYPTED;
			/* ephvol activates LUKS2 through the keyring; a live scan checks. */
			v->key_location = strncmp(uuid, "CRYPT-LUKS2-", 12) == 0
			                          ? EPHVOL_KEY_KEYRING
			                          : EPHVOL_KEY_DM_TABLE;
		} else
			v->protection = EPHVOL_PROTECTION_PLAINTEXT_ON_DISK;

		r = scan_add(s, v);
		if (r < 0)
			break;
		TAKE_PTR(v);
	}
	closedir(d);
	return r;
}

static int scan_zram_one(struct scan *s, const char *name, const char *record_text) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	_cleanup_free_ char *initstate = NULL, *algs = NULL, *mm = NULL;
	struct zram_record rec;
	char kname[32];
	uint64_t disksize;
	unsigned long long orig, compr;

	if (zram_record_parse(record_text, &rec) < 0) {
		ctx_debug(s->ctx, "ignoring unreadable zram record for %s", name);
		return 0;
	}
	snprintf(kname, sizeof(kname), "zram%u", rec.index);
	if (read_sys_attr(s->ctx, kname, "initstate", &initstate) < 0 || !streq(initstate, "1") ||
	    read_sys_u64(s->ctx, kname, "disksize", &disksize) < 0 || disksize != rec.disksize) {
		ctx_debug(s->ctx,
		          "zram record for %s names %s, which the kernel no longer shows as ours",
		          name, kname);
		return 0;
	}

	v = volume_new(name);
	if (!v)
		return -ENOMEM;
	v->backend = EPHVOL_BACKEND_ZRAM;
	v->role = rec.role;
	v->size = disksize;
	v->protection = EPHVOL_PROTECTION_RAM_ONLY;
	v->key_location = EPHVOL_KEY_NONE;
	v->kname = strdup(kname);
	if (!v->kname || asprintf(&v->device, "/dev/%s", kname) < 0)
		return -ENOMEM;
	if (read_sys_attr(s->ctx, kname, "comp_algorithm", &algs) == 0)
		(void)parse_sysfs_choice(algs, &v->comp_algorithm);
	if (read_sys_attr(s->ctx, kname, "mm_stat", &mm) == 0 &&
	    sscanf(mm, "%llu %llu", &orig, &compr) == 2) {
		v->has_data_bytes = true;
		v->orig_data = orig;
		v->compr_data = compr;
	}
	return scan_add(s, TAKE_PTR(v));
}

static int scan_zram(struct scan *s) {
	_cleanup_free_ char *dir = ctx_path(s->ctx, ZRAM_RECORD_DIR);
	DIR *d;
	struct dirent *de;
	int r = 0;

	if (!dir)
		return -ENOMEM;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d)) && r >= 0) {
		_cleanup_free_ char *p = NULL, *text = NULL;

		if (!volume_name_is_valid(de->d_name))
			continue;
		p = path_join(dir, de->d_name);
		if (!p) {
			r = -ENOMEM;
			break;
		}
		if (read_full_file(p, &text, NULL) < 0)
			continue;
		r = scan_zram_one(s, de->d_name, text);
	}
	closedir(d);
	return r;
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

		/* btrfs reports an anonymous device number, so the source counts too. */
		if (!(have_devnum && m->major == maj && m->minor == min) &&
		    !names_device(v, m->source))
			continue;
		free(v->mountpoint);
		/* Later lines are mounted later: the last one is what users see. */
		v->mountpoint = strdup(m->mount_point);
		if (v->backend == EPHVOL_BACKEND_DISK)
			v->role = EPHVOL_ROLE_TMP;
	}
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
		r = scan_zram(&s);
	if (r < 0) {
		ctx_err(ctx, "cannot read the system's volume state: %s", strerror(-r));
		scan_done(&s);
		return r;
	}

	for (size_t i = 0; i < s.n; i++) {
		struct ephvol_volume *v = s.volumes[i];

		attach_usage(&s, v);
		if (v->backend == EPHVOL_BACKEND_DISK && ctx_is_live(ctx))
			sys_query_dm(ctx, v);
	}

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
