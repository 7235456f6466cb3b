/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fileio.h"
#include "log.h"
#include "proc-parse.h"
#include "sys.h"
#include "dlopen-blkid.h"
#include "sysfs-block.h"

/* Whether DEV carries the tag TYPE (PARTUUID or PARTLABEL) with VALUE. */
static bool dev_has_tag(blkid_dev dev, const char *type, const char *value) {
	blkid_tag_iterate iter = sym_blkid_tag_iterate_begin(dev);
	const char *t, *v;
	bool found = false;

	if (!iter)
		return false;
	while (!found && sym_blkid_tag_next(iter, &t, &v) == 0)
		/* GPT UUIDs are hex, which people write in either case; udev's links and
		 * libblkid use lower case. A partition name is taken as it is. */
		found = streq(t, type) &&
		        (streq(type, "PARTUUID") ? strcasecmp(v, value) == 0 : streq(v, value));
	sym_blkid_tag_iterate_end(iter);
	return found;
}

/* The one block device with PARTUUID= or PARTLABEL= (TYPE) VALUE, from a probe of every
 * device: udev's /dev/disk/by-* link, and so blkid_evaluate_tag(), names just one of
 * several, whichever udev saw last. -ENOTUNIQ if several carry it. */
static int device_find_by_tag(const char *type, const char *value, char **ret_path) {
	_cleanup_(sym_blkid_put_cachep) blkid_cache cache = NULL;
	_cleanup_free_ char *found = NULL;
	blkid_dev_iterate iter;
	blkid_dev dev;
	int r;

	r = dlopen_blkid();
	if (r < 0)
		return r;
	/* No cache file: its entries may be of devices long gone or rewritten. */
	if (sym_blkid_get_cache(&cache, "/dev/null") < 0)
		return -ENOMEM;
	if (sym_blkid_probe_all(cache) < 0)
		return -EIO;
	iter = sym_blkid_dev_iterate_begin(cache);
	if (!iter)
		return -ENOMEM;
	while (r == 0 && sym_blkid_dev_next(iter, &dev) == 0) {
		if (!dev_has_tag(dev, type, value))
			continue;
		if (found)
			r = -ENOTUNIQ;
		else if (!(found = strdup(sym_blkid_dev_devname(dev))))
			r = -ENOMEM;
	}
	sym_blkid_dev_iterate_end(iter);
	if (r < 0)
		return r;
	if (!found)
		return -ENOENT;
	*ret_path = TAKE_PTR(found);
	return 0;
}

int device_resolve(const char *spec, char **ret_path) {
	_cleanup_free_ char *path = NULL;
	struct stat st;
	int r;

	if (strncmp(spec, "LABEL=", 6) == 0) {
		/* LABEL= names an ephvol claim label, not a file system label. */
		r = claim_find_by_label(spec + 6, &path);
		if (r < 0)
			return r;
	} else if (strncmp(spec, "PARTUUID=", 9) == 0) {
		r = device_find_by_tag("PARTUUID", spec + 9, &path);
		if (r < 0)
			return r;
	} else if (strncmp(spec, "PARTLABEL=", 10) == 0) {
		r = device_find_by_tag("PARTLABEL", spec + 10, &path);
		if (r < 0)
			return r;
	} else if (spec[0] != '/')
		return -EINVAL;
	else {
		path = realpath(spec, NULL);
		if (!path)
			return -errno;
	}
	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISBLK(st.st_mode))
		return -ENOTBLK;
	*ret_path = TAKE_PTR(path);
	return 0;
}

int device_check_unused(const char *path) {
	/* O_EXCL on a block device fails with EBUSY while the kernel has it claimed:
	 * mounted, an active swap, or a holder such as dm, md or bcache. */
	_cleanup_close_ int fd = open(path, O_RDONLY | O_EXCL | O_CLOEXEC | O_NONBLOCK);

	return fd < 0 ? -errno : 0;
}

/* Appends ", item" (or "item" first) to a growing list. */
static int list_append(char **list, const char *item) {
	char *n;

	if (asprintf(&n, "%s%s%s", *list ?: "", *list ? ", " : "", item) < 0)
		return -ENOMEM;
	free(*list);
	*list = n;
	return 0;
}

static int list_signatures(blkid_probe pr, char **ret_list) {
	_cleanup_free_ char *list = NULL;
	int n = 0, r;

	sym_blkid_probe_enable_superblocks(pr, 1);
	sym_blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_MAGIC |
	                                                  BLKID_SUBLKS_BADCSUM);
	sym_blkid_probe_enable_partitions(pr, 1);
	/* FORCE_GPT: a GPT without its protective MBR still counts, as does a
	 * backup GPT whose primary header is gone. */
	sym_blkid_probe_set_partitions_flags(pr, BLKID_PARTS_FORCE_GPT | BLKID_PARTS_MAGIC);

	/* Not a safe probe, which stops at the first hit or gives up when two
	 * signatures disagree: like wipefs, go on until every prober has spoken. */
	while ((r = sym_blkid_do_probe(pr)) == 0) {
		const char *type = NULL, *off = NULL;
		char item[128];

		if (sym_blkid_probe_lookup_value(pr, "TYPE", &type, NULL) == 0)
			(void)sym_blkid_probe_lookup_value(pr, "SBMAGIC_OFFSET", &off, NULL);
		else if (sym_blkid_probe_lookup_value(pr, "PTTYPE", &type, NULL) == 0)
			(void)sym_blkid_probe_lookup_value(pr, "PTMAGIC_OFFSET", &off, NULL);
		else
			continue;
		snprintf(item, sizeof(item), "%s%s%s", type, off ? " at offset " : "", off ?: "");
		r = list_append(&list, item);
		if (r < 0)
			return r;
		n++;
	}
	if (r < 0)
		return -EIO;
	if (n > 0)
		*ret_list = TAKE_PTR(list);
	return n;
}

int device_list_signatures(const char *path, char **ret_list) {
	_cleanup_(sym_blkid_free_probep) blkid_probe pr = NULL;
	int r;

	r = dlopen_blkid();
	if (r < 0)
		return r;
	errno = 0;
	pr = sym_blkid_new_probe_from_filename(path);
	if (!pr)
		return errno > 0 ? -errno : -EIO;
	return list_signatures(pr, ret_list);
}

int fd_list_signatures(int fd, char **ret_list) {
	_cleanup_(sym_blkid_free_probep) blkid_probe pr = NULL;
	int r;

	r = dlopen_blkid();
	if (r < 0)
		return r;
	pr = sym_blkid_new_probe();
	if (!pr)
		return -ENOMEM;
	if (sym_blkid_probe_set_device(pr, fd, 0, 0) < 0)
		return -EIO;
	return list_signatures(pr, ret_list);
}

/* The kernel name of a block device node. */
static int kname_of_node(const char *path, char **ret_kname) {
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISBLK(st.st_mode))
		return -ENOTBLK;
	return sysfs_block_from_devnum("/", major(st.st_rdev), minor(st.st_rdev), ret_kname);
}

int device_list_partitions(const char *path, char **ret_list) {
	_cleanup_free_ char *kname = NULL, *list = NULL;
	_cleanup_(strv_freep) char **parts = NULL;
	int n = 0, r;

	r = kname_of_node(path, &kname);
	if (r < 0)
		return r;
	r = sysfs_block_partitions("/", kname, &parts);
	if (r < 0)
		return r;
	for (char **p = parts; *p; p++, n++) {
		r = list_append(&list, *p);
		if (r < 0)
			return r;
	}
	if (n > 0)
		*ret_list = TAKE_PTR(list);
	return n;
}

int device_is_resume(const char *path, char **ret_spec) {
	_cleanup_free_ char *cmdline = NULL, *spec = NULL, *resolved = NULL;
	struct stat dev, res;
	unsigned maj, min;
	char tail;
	int r;

	r = read_full_file("/proc/cmdline", &cmdline, NULL);
	if (r < 0)
		return r;
	r = cmdline_get_value(cmdline, "resume", &spec);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	if (stat(path, &dev) < 0)
		return -errno;

	/* resume= takes MAJ:MIN, a path, or a tag such as UUID= (see swsusp). */
	if (sscanf(spec, "%u:%u%c", &maj, &min, &tail) == 2)
		res.st_rdev = makedev(maj, min);
	else {
		r = dlopen_blkid();
		if (r < 0)
			return r;
		resolved = sym_blkid_evaluate_spec(spec, NULL);
		if (!resolved || stat(resolved, &res) < 0)
			return 0; /* names nothing present: not this device */
	}
	if (res.st_rdev != dev.st_rdev)
		return 0;
	*ret_spec = TAKE_PTR(spec);
	return 1;
}

int device_lock_whole_disk(const char *path, int *ret_fd) {
	_cleanup_free_ char *kname = NULL, *disk = NULL;
	_cleanup_close_ int fd = -EBADF;
	char node[PATH_MAX];
	int r;

	r = kname_of_node(path, &kname);
	if (r < 0)
		return r;
	r = sysfs_block_whole_disk("/", kname, &disk);
	if (r < 0)
		return r;
	snprintf(node, sizeof(node), "/dev/%s", disk);

	fd = open(node, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	/* systemd's convention for "I am changing this disk": a BSD lock on the
	 * whole-disk node; udev holds back its probes while it is held. */
	r = flock_wait(fd, 10 * 1000);
	if (r < 0)
		return r;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

int device_get_size(const char *path, uint64_t *ret_bytes, unsigned *ret_logical_block) {
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	uint64_t bytes;
	int lbs;

	if (fd < 0)
		return -errno;
	if (ioctl(fd, BLKGETSIZE64, &bytes) < 0 || ioctl(fd, BLKSSZGET, &lbs) < 0)
		return -errno;
	*ret_bytes = bytes;
	*ret_logical_block = (unsigned)lbs;
	return 0;
}

static int write_zeroes(int fd, off_t offset, size_t len) {
	static const char zeroes[65536];

	while (len > 0) {
		size_t n = len < sizeof(zeroes) ? len : sizeof(zeroes);
		ssize_t k = pwrite(fd, zeroes, n, offset);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		offset += k;
		len -= (size_t)k;
	}
	return 0;
}

/* Zeroes LEN bytes at OFFSET: in the kernel (BLKZEROOUT: no copy, no page cache,
 * done when it returns) where the device takes it, else written and synced. */
static int zero_range(int fd, uint64_t offset, uint64_t len) {
	uint64_t range[2] = { offset, len };
	int r;

	if (ioctl(fd, BLKZEROOUT, range) == 0)
		return 0;
	if (errno != EOPNOTSUPP && errno != ENOTTY && errno != EINVAL)
		return -errno;
	r = write_zeroes(fd, (off_t)offset, len);
	if (r < 0)
		return r;
	return fdatasync(fd) < 0 ? -errno : 0;
}

int device_zero_edges(const char *path, uint64_t head, uint64_t tail) {
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
	uint64_t size;
	int r;

	if (fd < 0)
		return -errno;
	if (ioctl(fd, BLKGETSIZE64, &size) < 0)
		return -errno;
	if (size <= head + tail)
		return zero_range(fd, 0, size);
	r = zero_range(fd, 0, head);
	if (r < 0)
		return r;
	return zero_range(fd, size - tail, tail);
}

int backing_discard(const char *path, uint64_t offset) {
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISREG(st.st_mode))
		/* Give the blocks back to the file system: the file is sparse again. */
		return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)offset,
		                 st.st_size - (off_t)offset) < 0
		               ? -errno
		               : 0;
	if (!S_ISBLK(st.st_mode))
		return -ENOTBLK;
	{
		uint64_t range[2] = { offset, 0 };

		if (ioctl(fd, BLKGETSIZE64, &range[1]) < 0)
			return -errno;
		if (range[1] <= offset)
			return 0;
		range[1] -= offset; /* {start, length}: a claim header before offset stays */
		return ioctl(fd, BLKDISCARD, range) < 0 ? -errno : 0;
	}
}
