/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The audit: follows every active swap area and the filesystems at /tmp and /var/tmp
 * down to where their data ends up, from files below the context root only:
 * /proc/swaps, mountinfo, and per block device /sys/class/block/NAME (dm/uuid and
 * slaves/ for device-mapper and md, backing_dev for zram, loop/backing_file for loop
 * devices). A stack is as safe as its worst path to storage: one path that reaches a
 * disk in plaintext makes it plaintext-on-disk, whatever protects the others.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dir-util.h"
#include "fileio.h"
#include "holders.h"
#include "libephvol-private.h"
#include "proc-parse.h"
#include "volume-query.h"

/* Real stacks are a few layers deep; deeper means a cycle the kname check missed
 * (through filesystems) or a fixture made to loop. */
#define MAX_DEPTH 16

struct audit {
	struct ephvol_ctx *ctx;
	struct swap_entry *swaps;
	size_t n_swaps;
	struct mount_entry *mounts;
	size_t n_mounts;
	struct ephvol_volume **volumes;
	/* The devices being followed, outermost first, to stop at a cycle. */
	const char *stack[MAX_DEPTH];
	size_t depth;
	/* tmpfs pages can be swapped out: once every swap area is judged, the worst
	 * of them and its path. */
	bool swaps_judged;
	enum ephvol_protection swap_worst;
	const char *swap_worst_path;
};

struct verdict {
	enum ephvol_protection protection;
	char *text;     /* the storage, top down: "LVM on dm-crypt (LUKS2) dm-0 on sda3" */
	char *crypt_dm; /* dm name of the dm-crypt layer, whose cipher the entry reports */
	bool leaf;      /* a disk of its own: a partition names itself, not its disk */
	bool final;     /* the text says all (a cycle): layers above add nothing to it */
};

static void verdict_done(struct verdict *v) {
	free(v->text);
	free(v->crypt_dm);
	*v = (struct verdict){};
}

static void verdict_move(struct verdict *to, struct verdict *from) {
	verdict_done(to);
	*to = *from;
	*from = (struct verdict){};
}

static int verdict_set(struct verdict *v, enum ephvol_protection p, const char *format, ...)
        _printf_(3, 4);
static int verdict_set(struct verdict *v, enum ephvol_protection p, const char *format, ...) {
	va_list ap;
	char *text;
	int r;

	va_start(ap, format);
	r = vasprintf(&text, format, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	free(v->text);
	v->text = text;
	v->protection = p;
	return 0;
}

/* Worse is larger: what can leak in plaintext beats what cannot be followed beats
 * ciphertext on disk beats RAM. */
static int severity(enum ephvol_protection p) {
	switch (p) {
	case EPHVOL_PROTECTION_RAM_ONLY:
		return 0;
	case EPHVOL_PROTECTION_ENCRYPTED:
		return 1;
	case EPHVOL_PROTECTION_UNKNOWN:
		return 2;
	default:
		return 3;
	}
}

/* Partitions are only under /sys/class/block. */
static int read_block_attr(struct audit *a, const char *kname, const char *attr, char **ret) {
	return ctx_read_block_attr(a->ctx, "/sys/class/block", kname, attr, ret);
}

/* Names come from sysfs directories and from paths the kernel prints; a name that
 * could climb out of /sys/class/block is no device. */
static bool kname_is_sane(const char *kname) {
	return kname[0] && kname[0] != '.' && !strchr(kname, '/') && strlen(kname) < 64;
}

static bool block_exists(struct audit *a, const char *kname) {
	_cleanup_free_ char *dev = NULL;

	return kname_is_sane(kname) && read_block_attr(a, kname, "dev", &dev) == 0;
}

static int open_block_dir(struct audit *a, const char *sub, DIR **ret) {
	_cleanup_free_ char *rel = NULL, *path = NULL;
	DIR *d;

	if (asprintf(&rel, "/sys/class/block/%s", sub) < 0 || !(path = ctx_path(a->ctx, rel)))
		return -ENOMEM;
	d = opendir(path);
	if (!d)
		return -errno;
	*ret = d;
	return 0;
}

/* The device whose dev attribute is "major:minor", or whose dm/name is dm_name. */
static int find_block(struct audit *a, unsigned major, unsigned minor, const char *dm_name,
                      char **ret_kname) {
	_cleanup_(closedirp) DIR *d = NULL;
	struct dirent *de;
	int r;

	r = open_block_dir(a, "", &d);
	if (r < 0)
		return r;
	while ((de = readdir(d))) {
		_cleanup_free_ char *s = NULL;
		unsigned ma, mi;

		if (!kname_is_sane(de->d_name))
			continue;
		if (dm_name) {
			if (read_block_attr(a, de->d_name, "dm/name", &s) < 0 || !streq(s, dm_name))
				continue;
		} else if (read_block_attr(a, de->d_name, "dev", &s) < 0 ||
		           sscanf(s, "%u:%u", &ma, &mi) != 2 || ma != major || mi != minor)
			continue;
		*ret_kname = strdup(de->d_name);
		return *ret_kname ? 0 : -ENOMEM;
	}
	return -ENOENT;
}

/* The target of a symlink below the root, NUL-terminated; -ENOENT for anything else. */
static int readlink_rooted(struct audit *a, const char *path, char *buf, size_t size) {
	_cleanup_free_ char *p = ctx_path(a->ctx, path);
	ssize_t n;

	if (!p)
		return -ENOMEM;
	n = readlink(p, buf, size - 1);
	if (n <= 0)
		return -ENOENT;
	buf[n] = 0;
	return 0;
}

/* The kernel name of a device path as the kernel or mount(8) print it: /dev/sda3,
 * /dev/dm-0, /dev/mapper/NAME, or a udev symlink such as /dev/disk/by-uuid/... */
static int kname_of_path(struct audit *a, const char *path, char **ret_kname) {
	char target[256];
	const char *base;
	int r;

	if (strncmp(path, "/dev/mapper/", 12) == 0)
		return find_block(a, 0, 0, path + 12, ret_kname);
	if (strncmp(path, "/dev/", 5) == 0 && block_exists(a, path + 5)) {
		*ret_kname = strdup(path + 5);
		return *ret_kname ? 0 : -ENOMEM;
	}
	r = readlink_rooted(a, path, target, sizeof(target));
	if (r < 0)
		return r;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (!block_exists(a, base))
		return -ENOENT;
	*ret_kname = strdup(base);
	return *ret_kname ? 0 : -ENOMEM;
}

static void strip_deleted(char *path) {
	size_t n = strlen(path);

	if (n > STRLEN(" (deleted)") && streq(path + n - STRLEN(" (deleted)"), " (deleted)"))
		path[n - STRLEN(" (deleted)")] = 0;
}

/* The mount that holds path: the longest mount point above it, the last of equals
 * (later mounts hide earlier ones). skip: a mount not to consider, or SIZE_MAX. */
static const struct mount_entry *mount_holding(struct audit *a, const char *path, size_t skip) {
	const struct mount_entry *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; i < a->n_mounts; i++) {
		size_t len = strlen(a->mounts[i].mount_point);

		if (i != skip && path_is_below(path, a->mounts[i].mount_point) &&
		    (!best || len >= best_len)) {
			best = &a->mounts[i];
			best_len = len;
		}
	}
	return best;
}

/* The block device behind a mount: its device number, or for btrfs, whose number is
 * anonymous, the device its source names. No other source string is believed: any
 * user can name a FUSE mount "/dev/mapper/luks-...". */
static int mount_kname(struct audit *a, const struct mount_entry *m, char **ret_kname) {
	if (m->major != 0)
		return find_block(a, m->major, m->minor, NULL, ret_kname);
	if (streq(m->fstype, "btrfs") && strncmp(m->source, "/dev/", 5) == 0)
		return kname_of_path(a, m->source, ret_kname);
	return -ENOENT;
}

static int judge_device(struct audit *a, const char *kname, bool top, struct verdict *v);
static int judge_mount(struct audit *a, const struct mount_entry *m, struct verdict *v);

/* Data written to a file lands in the filesystem that holds it. */
static int judge_file(struct audit *a, const char *path, struct verdict *v) {
	const struct mount_entry *m = mount_holding(a, path, SIZE_MAX);

	if (!m)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "no mounted filesystem holds %s",
		                   path);
	return judge_mount(a, m, v);
}

static void strv_free(char **l) {
	for (char **p = l; p && *p; p++)
		free(*p);
	free(l);
}
DEFINE_TRIVIAL_CLEANUP_FUNC(char **, strv_free);

static int compare_names(const void *x, const void *y) {
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The names in a device's slaves/ directory, sorted (a reason must not depend on
 * directory order); NULL-terminated, empty when there is no such directory. */
static int read_slaves(struct audit *a, const char *kname, char ***ret) {
	_cleanup_(closedirp) DIR *d = NULL;
	_cleanup_(strv_freep) char **names = NULL;
	_cleanup_free_ char *sub = NULL;
	size_t n = 0;
	struct dirent *de;
	int r;

	if (asprintf(&sub, "%s/slaves", kname) < 0)
		return -ENOMEM;
	r = open_block_dir(a, sub, &d);
	if (r < 0 && r != -ENOENT && r != -ENOTDIR)
		return r;
	names = calloc(1, sizeof(*names));
	if (!names)
		return -ENOMEM;
	while (d && (de = readdir(d))) {
		char **grown;

		if (!kname_is_sane(de->d_name))
			continue;
		grown = realloc(names, (n + 2) * sizeof(*names));
		if (!grown)
			return -ENOMEM;
		names = grown;
		names[n + 1] = NULL;
		names[n] = strdup(de->d_name);
		if (!names[n])
			return -ENOMEM;
		n++;
	}
	qsort(names, n, sizeof(*names), compare_names);
	*ret = TAKE_PTR(names);
	return 0;
}

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

/* Moves what the lower layer c found into v, its text after prefix. */
static int verdict_wrap(struct verdict *v, struct verdict *c, const char *prefix) {
	int r = verdict_set(v, c->protection, "%s%s", c->final ? "" : prefix, c->text);

	if (r >= 0) {
		free(v->crypt_dm);
		v->crypt_dm = TAKE_PTR(c->crypt_dm);
		v->final = c->final;
	}
	verdict_done(c);
	return r;
}

/* A layer that stores on all of its slaves (LVM, md, multipath): as safe as the worst
 * of them, and named after those that decide it. */
static int judge_slaves(struct audit *a, const char *kname, const char *what, bool top,
                        struct verdict *v) {
	_cleanup_(strv_freep) char **slaves = NULL;
	_cleanup_free_ char *prefix = NULL;
	struct verdict worst = {};
	int r;

	r = read_slaves(a, kname, &slaves);
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

	(void)read_block_attr(a, kname, "dm/uuid", &uuid);
	type = crypt_type(uuid);
	if (!type) {
		dm_kind(uuid, what, sizeof(what));
		return judge_slaves(a, kname, what, top, v);
	}

	/* Below dm-crypt only ciphertext is stored, whatever the storage: name it only. */
	r = read_slaves(a, kname, &slaves);
	if (r < 0)
		return r;
	for (char **s = slaves; *s; s++) {
		char *joined;

		if (asprintf(&joined, "%s%s%s", on ?: " on ", on ? " and " : "", *s) < 0)
			return -ENOMEM;
		free(on);
		on = joined;
	}
	if (read_block_attr(a, kname, "dm/name", &name) < 0)
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

	r = read_block_attr(a, kname, "backing_dev", &bdev);
	if (r == -ENOMEM)
		return r;
	/* No backing_dev at all: a kernel without CONFIG_ZRAM_WRITEBACK. */
	if (r == -ENOENT || (r >= 0 && (streq(bdev, "none") || !bdev[0])))
		return top ? verdict_set(v, EPHVOL_PROTECTION_RAM_ONLY, "zram in RAM, no writeback")
		           : verdict_set(v, EPHVOL_PROTECTION_RAM_ONLY, "%s in RAM", kname);
	if (r < 0)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "cannot read the writeback of %s",
		                   kname);
	r = kname_of_path(a, bdev, &wb);
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

	r = read_block_attr(a, kname, "loop/backing_file", &file);
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

/* The device a partition is part of: the directory above its own in sysfs, where
 * /sys/class/block/NAME links to. */
static int partition_parent(struct audit *a, const char *kname, char **ret_parent) {
	_cleanup_free_ char *rel = NULL;
	char target[512], *slash, *parent;
	int r;

	if (asprintf(&rel, "/sys/class/block/%s", kname) < 0)
		return -ENOMEM;
	r = readlink_rooted(a, rel, target, sizeof(target));
	if (r < 0)
		return r;
	slash = strrchr(target, '/');
	if (!slash)
		return -ENOENT;
	*slash = 0;
	parent = strrchr(target, '/');
	parent = parent ? parent + 1 : target;
	if (!block_exists(a, parent))
		return -ENOENT;
	*ret_parent = strdup(parent);
	return *ret_parent ? 0 : -ENOMEM;
}

/* A partition of a plain disk is named itself; one of a loop, md or dm device tells
 * that device's story. */
static int judge_partition(struct audit *a, const char *kname, struct verdict *v) {
	_cleanup_free_ char *parent = NULL, *prefix = NULL;
	struct verdict c = {};
	int r;

	r = partition_parent(a, kname, &parent);
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

static bool has_attr(struct audit *a, const char *kname, const char *attr) {
	_cleanup_free_ char *s = NULL;

	return read_block_attr(a, kname, attr, &s) == 0;
}

static int judge_kind(struct audit *a, const char *kname, bool top, struct verdict *v) {
	_cleanup_(strv_freep) char **slaves = NULL;
	bool partition = has_attr(a, kname, "partition");
	int r;

	if (has_attr(a, kname, "dm/name"))
		return judge_dm(a, kname, top, v);
	if (strncmp(kname, "zram", 4) == 0 && !partition)
		return judge_zram(a, kname, top, v);
	if (strncmp(kname, "loop", 4) == 0 && !partition)
		return judge_loop(a, kname, top, v);
	r = read_slaves(a, kname, &slaves);
	if (r < 0)
		return r;
	if (slaves[0]) /* md, bcache */
		return judge_slaves(a, kname, kname, true, v);
	if (partition)
		return judge_partition(a, kname, v);
	v->leaf = true;
	return verdict_set(v, EPHVOL_PROTECTION_PLAINTEXT_ON_DISK, "%s", kname);
}

/* Where data written to the block device kname ends up. top: it is the entry's own
 * device, which the entry names already. */
static int judge_device(struct audit *a, const char *kname, bool top, struct verdict *v) {
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
	if (!block_exists(a, kname))
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "%s not in sysfs", kname);
	a->stack[a->depth++] = kname;
	r = judge_kind(a, kname, top, v);
	a->depth--;
	return r;
}

/* tmpfs lives in RAM, and in swap when memory runs short. */
static int judge_tmpfs(struct audit *a, const char *fstype, struct verdict *v) {
	if (!a->swaps_judged)
		return verdict_set(v, EPHVOL_PROTECTION_RAM_ONLY, "%s in RAM", fstype);
	if (a->n_swaps == 0)
		return verdict_set(v, EPHVOL_PROTECTION_RAM_ONLY, "%s in RAM, no swap", fstype);
	switch (a->swap_worst) {
	case EPHVOL_PROTECTION_PLAINTEXT_ON_DISK:
		return verdict_set(v, a->swap_worst, "%s in RAM, but swap %s is not encrypted",
		                   fstype, a->swap_worst_path);
	case EPHVOL_PROTECTION_UNKNOWN:
		return verdict_set(v, a->swap_worst, "%s in RAM, but swap %s cannot be followed",
		                   fstype, a->swap_worst_path);
	default:
		return verdict_set(v, EPHVOL_PROTECTION_RAM_ONLY, "%s in RAM, swap %s", fstype,
		                   a->swap_worst == EPHVOL_PROTECTION_RAM_ONLY ? "in RAM too"
		                                                               : "encrypted");
	}
}

/* overlayfs writes into its upper directory, which another filesystem holds. */
static int judge_overlay(struct audit *a, const struct mount_entry *m, struct verdict *v) {
	_cleanup_free_ char *upper = NULL, *prefix = NULL;
	const struct mount_entry *holder;
	struct verdict c = {};
	int r;

	for (const char *o = m->super_options; *o;) {
		size_t len = strcspn(o, ",");

		if (strncmp(o, "upperdir=", 9) == 0) {
			upper = strndup(o + 9, len - 9);
			if (!upper)
				return -ENOMEM;
			break;
		}
		o += len + (o[len] == ',');
	}
	if (!upper)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN,
		                   "overlay without an upper directory");
	/* The path is from the mounter's namespace: when nothing but the overlay itself
	 * seems to hold it, the upper directory is out of sight (a container's root). */
	holder = mount_holding(a, upper, (size_t)(m - a->mounts));
	if (!holder || a->depth >= MAX_DEPTH)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN,
		                   "overlay upper directory %s not visible", upper);
	a->stack[a->depth++] = NULL; /* overlays on overlays: only the depth stops a loop */
	r = judge_mount(a, holder, &c);
	a->depth--;
	if (r < 0 || asprintf(&prefix, "overlay upper %s on ", upper) < 0) {
		verdict_done(&c);
		return r < 0 ? r : -ENOMEM;
	}
	return verdict_wrap(v, &c, prefix);
}

static int judge_mount(struct audit *a, const struct mount_entry *m, struct verdict *v) {
	_cleanup_free_ char *kname = NULL, *prefix = NULL;
	struct verdict c = {};
	int r;

	if (streq(m->fstype, "tmpfs") || streq(m->fstype, "ramfs"))
		return judge_tmpfs(a, m->fstype, v);
	if (streq(m->fstype, "overlay"))
		return judge_overlay(a, m, v);
	r = mount_kname(a, m, &kname);
	if (r == -ENOMEM)
		return r;
	if (r < 0 && m->major != 0)
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "%s on %u:%u, not in sysfs",
		                   m->fstype, m->major, m->minor);
	if (r < 0) /* network and FUSE filesystems, and others without a device */
		return verdict_set(v, EPHVOL_PROTECTION_UNKNOWN, "%s %s, storage not visible",
		                   m->fstype, m->source);
	r = judge_device(a, kname, false, &c);
	if (r < 0 || asprintf(&prefix, "%s on ", m->fstype) < 0) {
		verdict_done(&c);
		return r < 0 ? r : -ENOMEM;
	}
	return verdict_wrap(v, &c, prefix);
}

/* ---- entries ---- */

static bool ends_with(const char *s, const char *suffix) {
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && streq(s + n - k, suffix);
}

/* Fills the entry from the verdict on its storage; kname: its block device, if any. */
static int entry_finish(struct audit *a, struct ephvol_audit_entry *e, const char *kname,
                        struct verdict *v, const char *note) {
	const char *tail = "";

	e->protection = v->protection;
	if (kname) {
		if (!e->device && asprintf(&e->device, "/dev/%s", kname) < 0) {
			e->device = NULL;
			return -ENOMEM;
		}
		for (struct ephvol_volume **p = a->volumes; p && *p; p++)
			if ((*p)->kname && streq((*p)->kname, kname)) {
				e->volume = strdup((*p)->name);
				if (!e->volume)
					return -ENOMEM;
				break;
			}
	}
	/* Only the kernel knows the cipher; a fixture tree does not. */
	if (v->crypt_dm && ctx_is_live(a->ctx) &&
	    volume_query_crypt_cipher(a->ctx, v->crypt_dm, &e->cipher) == 0 &&
	    strncmp(e->cipher, "cipher_null", 11) == 0 &&
	    e->protection != EPHVOL_PROTECTION_RAM_ONLY) {
		e->protection = EPHVOL_PROTECTION_PLAINTEXT_ON_DISK;
		tail = " with cipher_null";
	}
	if (e->protection == EPHVOL_PROTECTION_PLAINTEXT_ON_DISK &&
	    !ends_with(v->text, "not encrypted"))
		tail = *tail ? " with cipher_null, not encrypted" : ", not encrypted";
	if (asprintf(&e->reason, "%s%s%s", v->text, tail, note ?: "") < 0) {
		e->reason = NULL;
		return -ENOMEM;
	}
	ctx_debug(a->ctx, "%s %s: %s: %s", ephvol_audit_kind_to_string(e->kind), e->path,
	          ephvol_protection_to_string(e->protection), e->reason);
	return 0;
}

static int audit_swap(struct audit *a, const struct swap_entry *s, struct ephvol_audit_entry *e) {
	_cleanup_free_ char *kname = NULL, *file = NULL;
	struct verdict v = {};
	int r;

	e->path = strdup(s->path);
	e->type = strdup(s->type);
	if (!e->path || !e->type)
		return -ENOMEM;
	if (streq(s->type, "file")) {
		const struct mount_entry *m;

		file = strdup(s->path);
		if (!file)
			return -ENOMEM;
		strip_deleted(file);
		m = mount_holding(a, file, SIZE_MAX);
		if (!m)
			r = verdict_set(&v, EPHVOL_PROTECTION_UNKNOWN,
			                "no mounted filesystem holds it");
		else {
			r = mount_kname(a, m, &kname);
			if (r != -ENOMEM)
				r = judge_mount(a, m, &v);
			if (r >= 0 && !v.final)
				r = verdict_set(&v, v.protection, "file on %s", v.text);
		}
	} else {
		r = kname_of_path(a, s->path, &kname);
		if (r == -ENOENT) {
			e->device = strdup(s->path);
			r = e->device ? verdict_set(&v, EPHVOL_PROTECTION_UNKNOWN,
			                            "%s not in sysfs", s->path)
			              : -ENOMEM;
		} else if (r >= 0)
			r = judge_device(a, kname, true, &v);
	}
	if (r >= 0)
		r = entry_finish(a, e, kname, &v, NULL);
	verdict_done(&v);
	return r;
}

static int audit_tmp(struct audit *a, const char *dir, struct ephvol_audit_entry *e) {
	_cleanup_free_ char *kname = NULL, *note = NULL;
	const struct mount_entry *m = NULL;
	struct verdict v = {};
	int r;

	e->path = strdup(dir);
	if (!e->path)
		return -ENOMEM;
	/* The last mount on the path is the one in sight. */
	for (size_t i = 0; i < a->n_mounts; i++)
		if (streq(a->mounts[i].mount_point, dir))
			m = &a->mounts[i];
	if (!m) {
		m = mount_holding(a, dir, SIZE_MAX);
		if (m && asprintf(&note, " (part of %s)", m->mount_point) < 0)
			return -ENOMEM;
	}
	if (!m)
		r = verdict_set(&v, EPHVOL_PROTECTION_UNKNOWN, "no mounted filesystem holds it");
	else {
		e->type = strdup(m->fstype);
		if (!e->type)
			return -ENOMEM;
		r = mount_kname(a, m, &kname);
		if (r != -ENOMEM)
			r = judge_mount(a, m, &v);
	}
	if (r >= 0)
		r = entry_finish(a, e, kname, &v, note);
	verdict_done(&v);
	return r;
}

static int load_tables(struct audit *a) {
	_cleanup_free_ char *swaps = NULL, *mountinfo = NULL, *p = NULL, *q = NULL;
	int r;

	p = ctx_path(a->ctx, "/proc/swaps");
	q = ctx_path(a->ctx, "/proc/self/mountinfo");
	if (!p || !q)
		return -ENOMEM;
	r = read_full_file(p, &swaps, NULL);
	if (r >= 0)
		r = parse_proc_swaps(swaps, &a->swaps, &a->n_swaps);
	if (r >= 0)
		r = read_full_file(q, &mountinfo, NULL);
	if (r >= 0)
		r = parse_mountinfo(mountinfo, &a->mounts, &a->n_mounts);
	return r;
}

static void audit_done(struct audit *a) {
	swap_entries_free(a->swaps, a->n_swaps);
	mount_entries_free(a->mounts, a->n_mounts);
	ephvol_volume_list_free(a->volumes);
}

_public_ int ephvol_audit(struct ephvol_ctx *ctx, struct ephvol_audit_entry ***ret_entries,
                          size_t *ret_n) {
	static const char *const tmp_dirs[] = { "/tmp", "/var/tmp" };
	_cleanup_(ephvol_audit_list_freep) struct ephvol_audit_entry **entries = NULL;
	struct audit a = { .ctx = ctx };
	size_t n = 0;
	int worst = -1, r;

	if (!ctx || !ret_entries)
		return -EINVAL;
	r = load_tables(&a);
	if (r < 0) {
		ctx_debug(ctx, "cannot read the swap areas and mounts: %s", strerror(-r));
		audit_done(&a);
		return r;
	}
	/* Only to name ephvol's volumes: an audit without names is still an audit. */
	r = ephvol_volume_list(ctx, &a.volumes, NULL);
	if (r < 0)
		ctx_debug(ctx, "cannot list ephvol's volumes: %s", strerror(-r));

	entries = calloc(a.n_swaps + ELEMENTSOF(tmp_dirs) + 1, sizeof(*entries));
	r = entries ? 0 : -ENOMEM;
	for (size_t i = 0; r >= 0 && i < a.n_swaps + ELEMENTSOF(tmp_dirs); i++) {
		bool swap = i < a.n_swaps;

		if (i == a.n_swaps)
			a.swaps_judged = true;
		entries[n] = audit_entry_new(swap ? EPHVOL_AUDIT_SWAP : EPHVOL_AUDIT_TMP);
		if (!entries[n]) {
			r = -ENOMEM;
			break;
		}
		r = swap ? audit_swap(&a, &a.swaps[i], entries[n])
		         : audit_tmp(&a, tmp_dirs[i - a.n_swaps], entries[n]);
		if (swap && r >= 0 && severity(entries[n]->protection) > worst) {
			worst = severity(entries[n]->protection);
			a.swap_worst = entries[n]->protection;
			a.swap_worst_path = entries[n]->path;
		}
		n++;
	}
	audit_done(&a);
	if (r < 0)
		return r;
	if (ret_n)
		*ret_n = n;
	*ret_entries = TAKE_PTR(entries);
	return 0;
}
