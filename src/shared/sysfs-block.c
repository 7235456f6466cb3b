/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sysfs-block.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dir-util.h"
#include "fileio.h"
#include "parse.h"

#define CLASS_BLOCK "/sys/class/block"

bool sysfs_kname_is_valid(const char *kname) {
	return kname && kname[0] && kname[0] != '.' && !strchr(kname, '/') && strlen(kname) < 64;
}

/* A copy of S in *RET; -ENOMEM leaves *RET alone. */
static int strdup_to(const char *s, char **ret) {
	char *copy = strdup(s);

	if (!copy)
		return -ENOMEM;
	*ret = copy;
	return 0;
}

/* ROOT/sys/class/block/KNAME[/SUB]; NULL on OOM. */
static char *block_path(const char *root, const char *kname, const char *sub) {
	_cleanup_free_ char *rel = NULL;

	if (asprintf(&rel, CLASS_BLOCK "/%s%s%s", kname, sub ? "/" : "", sub ?: "") < 0)
		return NULL;
	return path_rooted(root, rel);
}

int sysfs_block_read(const char *root, const char *kname, const char *attr, char **ret) {
	_cleanup_free_ char *path = NULL;

	if (!sysfs_kname_is_valid(kname))
		return -EINVAL;
	path = block_path(root, kname, attr);
	if (!path)
		return -ENOMEM;
	return read_one_line_file(path, ret);
}

int sysfs_block_read_u64(const char *root, const char *kname, const char *attr, uint64_t *ret) {
	_cleanup_free_ char *s = NULL;
	int r;

	r = sysfs_block_read(root, kname, attr, &s);
	if (r < 0)
		return r;
	return parse_u64(s, ret) < 0 ? -EBADMSG : 0;
}

bool sysfs_block_has(const char *root, const char *kname, const char *attr) {
	_cleanup_free_ char *s = NULL;

	return sysfs_block_read(root, kname, attr, &s) == 0;
}

bool sysfs_block_attr_exists(const char *root, const char *kname, const char *attr) {
	_cleanup_free_ char *path = NULL;

	if (!sysfs_kname_is_valid(kname))
		return false;
	path = block_path(root, kname, attr);
	return path && access(path, F_OK) == 0;
}

bool sysfs_block_exists(const char *root, const char *kname) {
	return sysfs_block_has(root, kname, "dev");
}

int sysfs_block_devnum(const char *root, const char *kname, unsigned *ret_major,
                       unsigned *ret_minor) {
	_cleanup_free_ char *s = NULL;
	unsigned ma, mi;
	int r;

	r = sysfs_block_read(root, kname, "dev", &s);
	if (r < 0)
		return r;
	if (sscanf(s, "%u:%u", &ma, &mi) != 2)
		return -EBADMSG;
	*ret_major = ma;
	*ret_minor = mi;
	return 0;
}

static int compare_names(const void *x, const void *y) {
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The entries of directory PATH that are kernel names starting with PREFIX and, if
 * KEEP is given, for which it is true. A missing directory is an error only when
 * MUST_EXIST. */
static int list_dir(const char *path, const char *prefix,
                    bool (*keep)(const char *dir, const char *name), bool must_exist, bool sorted,
                    char ***ret) {
	_cleanup_(closedirp) DIR *d = NULL;
	_cleanup_(strv_freep) char **names = NULL;
	size_t n = 0;
	struct dirent *de;

	d = opendir(path);
	if (!d && (must_exist || (errno != ENOENT && errno != ENOTDIR)))
		return -errno;
	names = calloc(1, sizeof(*names));
	if (!names)
		return -ENOMEM;
	while (d && (de = readdir(d))) {
		char **grown;

		if (!sysfs_kname_is_valid(de->d_name) ||
		    (prefix && strncmp(de->d_name, prefix, strlen(prefix)) != 0) ||
		    (keep && !keep(path, de->d_name)))
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
	if (sorted)
		qsort(names, n, sizeof(*names), compare_names);
	*ret = TAKE_PTR(names);
	return 0;
}

static bool is_partition_entry(const char *dir, const char *name) {
	_cleanup_free_ char *path = NULL;

	return asprintf(&path, "%s/%s/partition", dir, name) >= 0 && access(path, F_OK) == 0;
}

static bool is_disk_entry(const char *dir, const char *name) {
	return !is_partition_entry(dir, name);
}

static int list_class(const char *root, const char *prefix,
                      bool (*keep)(const char *dir, const char *name), char ***ret) {
	_cleanup_free_ char *path = path_rooted(root, CLASS_BLOCK);

	if (!path)
		return -ENOMEM;
	return list_dir(path, prefix, keep, true, true, ret);
}

int sysfs_block_list(const char *root, const char *prefix, char ***ret) {
	return list_class(root, prefix, NULL, ret);
}

int sysfs_block_list_disks(const char *root, const char *prefix, char ***ret) {
	return list_class(root, prefix, is_disk_entry, ret);
}

static int list_sub(const char *root, const char *kname, const char *sub, char ***ret) {
	_cleanup_free_ char *path = NULL;

	if (!sysfs_kname_is_valid(kname))
		return -EINVAL;
	path = block_path(root, kname, sub);
	if (!path)
		return -ENOMEM;
	return list_dir(path, NULL, NULL, false, true, ret);
}

int sysfs_block_slaves(const char *root, const char *kname, char ***ret) {
	return list_sub(root, kname, "slaves", ret);
}

int sysfs_block_holders(const char *root, const char *kname, char ***ret) {
	return list_sub(root, kname, "holders", ret);
}

int sysfs_block_find_dm(const char *root, const char *dm_name, char **ret_kname) {
	_cleanup_(strv_freep) char **names = NULL;
	int r;

	r = sysfs_block_list(root, NULL, &names);
	if (r < 0)
		return r;
	for (char **n = names; *n; n++) {
		_cleanup_free_ char *s = NULL;

		if (sysfs_block_read(root, *n, "dm/name", &s) < 0 || !streq(s, dm_name))
			continue;
		return strdup_to(*n, ret_kname);
	}
	return -ENOENT;
}

/* The target of a symlink below ROOT, NUL-terminated; -ENOENT for anything else. */
static int readlink_rooted(const char *root, const char *path, char *buf, size_t size) {
	_cleanup_free_ char *p = path_rooted(root, path);
	ssize_t n;

	if (!p)
		return -ENOMEM;
	n = readlink(p, buf, size - 1);
	if (n <= 0)
		return -ENOENT;
	buf[n] = 0;
	return 0;
}

/* The device a sysfs or udev symlink points to: the last part of its target. */
static int kname_of_link(const char *root, const char *path, char **ret_kname) {
	char target[512];
	const char *base;
	int r;

	r = readlink_rooted(root, path, target, sizeof(target));
	if (r < 0)
		return r;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (!sysfs_block_exists(root, base))
		return -ENOENT;
	return strdup_to(base, ret_kname);
}

int sysfs_block_from_devnum(const char *root, unsigned major, unsigned minor, char **ret_kname) {
	char link[64];

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major, minor);
	return kname_of_link(root, link, ret_kname);
}

int sysfs_block_from_path(const char *root, const char *path, char **ret_kname) {

	if (strncmp(path, "/dev/mapper/", 12) == 0)
		return sysfs_block_find_dm(root, path + 12, ret_kname);
	if (strncmp(path, "/dev/", 5) == 0 && sysfs_block_exists(root, path + 5)) {
		return strdup_to(path + 5, ret_kname);
	}
	return kname_of_link(root, path, ret_kname);
}

int sysfs_block_whole_disk(const char *root, const char *kname, char **ret_disk) {
	_cleanup_free_ char *rel = NULL;
	char target[512], *slash;
	const char *base;
	int r;

	if (!sysfs_block_has(root, kname, "partition"))
		return strdup_to(kname, ret_disk);
	/* /sys/class/block/sda1 links to .../block/sda/sda1: the directory above. */
	if (asprintf(&rel, CLASS_BLOCK "/%s", kname) < 0)
		return -ENOMEM;
	r = readlink_rooted(root, rel, target, sizeof(target));
	if (r < 0)
		return r;
	slash = strrchr(target, '/');
	if (!slash)
		return -ENOENT;
	*slash = 0;
	slash = strrchr(target, '/');
	base = slash ? slash + 1 : target;
	if (!sysfs_block_exists(root, base))
		return -ENOENT;
	return strdup_to(base, ret_disk);
}

int sysfs_block_partitions(const char *root, const char *kname, char ***ret) {
	_cleanup_free_ char *path = NULL;

	if (!sysfs_kname_is_valid(kname))
		return -EINVAL;
	if (sysfs_block_has(root, kname, "partition")) {
		/* A partition has no partitions of its own. */
		char **none = calloc(1, sizeof(*none));

		if (!none)
			return -ENOMEM;
		*ret = none;
		return 0;
	}
	path = block_path(root, kname, NULL);
	if (!path)
		return -ENOMEM;
	return list_dir(path, NULL, is_partition_entry, true, false, ret);
}
