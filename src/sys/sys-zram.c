/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "proc-parse.h"
#include "zram-free.h"
#include "step.h"
#include "zram-limit.h"
#include "zram-params.h"
#include "sys.h"
#include "sysfs-block.h"

#define ZRAM_CONTROL "/sys/class/zram-control"

/* The kernel's name for zram device INDEX. */
static void zram_kname(unsigned index, char *buf, size_t size) {
	snprintf(buf, size, "zram%u", index);
}

static void zram_attr_path(unsigned index, const char *attr, char *buf, size_t size) {
	snprintf(buf, size, "/sys/block/zram%u/%s", index, attr);
}

/* zram attributes are small decimal numbers or words: format and write one. */
static int zram_write_attr(unsigned index, const char *attr, const char *value) {
	char path[96];

	zram_attr_path(index, attr, path, sizeof(path));
	return write_string_file(path, value);
}

int zram_read_attr(unsigned index, const char *attr, char **ret) {
	char kname[32];

	zram_kname(index, kname, sizeof(kname));
	return sysfs_block_read("/", kname, attr, ret);
}

static int zram_write_u64(unsigned index, const char *attr, uint64_t value) {
	char s[32];

	snprintf(s, sizeof(s), "%" PRIu64, value);
	return zram_write_attr(index, attr, s);
}

int zram_acquire(unsigned *ret_index, bool *ret_hot_added) {
	_cleanup_free_ char *s = NULL;
	unsigned idx;
	int r;

	if (access(ZRAM_CONTROL, F_OK) < 0 && access("/sys/module/zram", F_OK) < 0) {
		/* No spare zram0: every device ephvol uses is one it added itself. */
		r = module_load("zram", "num_devices=0");
		if (r < 0)
			return r;
	}
	/* Reading hot_add allocates a new device and returns its index. */
	r = read_one_line_file(ZRAM_CONTROL "/hot_add", &s);
	if (r == 0) {
		if (sscanf(s, "%u", &idx) != 1)
			return -EBADMSG;
		*ret_index = idx;
		*ret_hot_added = true;
		return 0;
	}
	if (r != -ENOENT)
		return r;
	/* A kernel without zram-control (before 4.2): take a device the module made
	 * that nobody has set up; setting its disksize is what claims it. */
	r = zram_find_free("/", &idx);
	if (r < 0)
		return r;
	*ret_index = idx;
	*ret_hot_added = false;
	return 0;
}

int zram_predict_next(unsigned *ret_index) {
	char kname[32];

	for (unsigned i = 0; i < 1U << 20; i++) {
		zram_kname(i, kname, sizeof(kname));
		if (!sysfs_block_exists("/", kname)) {
			*ret_index = i;
			return 0;
		}
	}
	return -ENOSPC;
}

int zram_remove_unrecorded(unsigned index, uint64_t diskseq_floor) {
	_cleanup_free_ char *initstate = NULL;
	char kname[32];
	uint64_t seq;
	int r;

	zram_kname(index, kname, sizeof(kname));
	r = block_get_diskseq(kname, &seq);
	if (r == -ENOENT)
		return 0; /* not there, or a kernel without diskseq: nothing to tell it by */
	if (r < 0)
		return r;
	/* Older: it existed before the create; configured: someone set it up. */
	if (seq <= diskseq_floor)
		return 0;
	r = zram_read_attr(index, "initstate", &initstate);
	if (r < 0)
		return r == -ENOENT ? 0 : r;
	if (!streq(initstate, "0"))
		return 0;
	r = zram_remove(index, true);
	return r < 0 ? r : 1;
}

bool zram_has_attr(unsigned index, const char *attr) {
	char kname[32];

	zram_kname(index, kname, sizeof(kname));
	return sysfs_block_attr_exists("/", kname, attr);
}

int zram_has_algorithm(unsigned index, const char *alg) {
	_cleanup_free_ char *s = NULL;
	char *save = NULL;
	int r;

	r = zram_read_attr(index, "comp_algorithm", &s);
	if (r < 0)
		return r;
	for (char *t = strtok_r(s, " []", &save); t; t = strtok_r(NULL, " []", &save))
		if (streq(t, alg))
			return 1;
	return 0;
}

int zram_dict_open(const char *path, int *ret_fd, char **ret_untrusted) {
	_cleanup_close_ int pfd = -EBADF, fd = -EBADF;
	struct stat st;
	int r;

	r = path_open_trusted(path, false, &pfd, NULL, ret_untrusted);
	if (r < 0)
		return r;
	/* Before opening it: a FIFO would block the open, a device is not a file. */
	if (fstat(pfd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	fd = fd_reopen(pfd, O_RDONLY);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_size <= 0 || (uint64_t)st.st_size > ZRAM_DICT_MAX)
		return -EFBIG;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

/* The kernel opens the dictionary by path, in the writer's context: our descriptor's
 * /proc/self/fd link leads it to the very file zram_dict_open() checked. */
static int zram_write_params(unsigned index, const struct zram_params *p) {
	char value[96], dict[32];
	int r;

	if (p->comp_dict_fd)
		snprintf(dict, sizeof(dict), "/proc/self/fd/%d", *p->comp_dict_fd);
	r = zram_algorithm_params_format(p->comp_level > 0, (int)p->comp_level,
	                                 p->comp_dict_fd ? dict : NULL, value, sizeof(value));
	if (r < 0)
		return r;
	return zram_write_attr(index, "algorithm_params", value);
}

int zram_configure(unsigned index, const struct zram_params *p) {
	int r;

	/* Algorithms and the backing device can only be set before disksize
	 * initialises the device; the limits can be set at any time. */
	if (p->comp_algorithm) {
		r = zram_write_attr(index, "comp_algorithm", p->comp_algorithm);
		if (r < 0)
			return r;
	}
	/* After the algorithm: the parameters belong to the algorithm set when written. */
	if (p->comp_level > 0 || p->comp_dict_fd) {
		r = zram_write_params(index, p);
		if (r < 0)
			return r;
	}
	if (p->recomp_algorithm) {
		char value[96];

		snprintf(value, sizeof(value), "algo=%s", p->recomp_algorithm);
		r = zram_write_attr(index, "recomp_algorithm", value);
		if (r < 0)
			return r;
	}
	if (p->backing_dev) {
		r = zram_write_attr(index, "backing_dev", p->backing_dev);
		if (r < 0)
			return r;
	}
	r = zram_write_u64(index, "disksize", p->disksize);
	if (r < 0)
		return r;
	if (p->mem_limit) {
		r = zram_write_u64(index, "mem_limit", p->mem_limit);
		if (r < 0)
			return r;
	}
	if (p->writeback_limit) {
		/* The kernel counts the limit in 4 KiB units, whatever the page size. */
		r = zram_write_u64(index, "writeback_limit",
		                   zram_limit_to_4k_units(p->writeback_limit));
		if (r < 0)
			return r;
		r = zram_write_attr(index, "writeback_limit_enable", "1");
		if (r < 0)
			return r;
	}
	return 0;
}

int zram_writeback(unsigned index, const char *type) {
	return zram_write_attr(index, "writeback", type);
}

int zram_writeback_limit_reached(unsigned index) {
	_cleanup_free_ char *enabled = NULL, *left = NULL;
	int r;

	r = zram_read_attr(index, "writeback_limit_enable", &enabled);
	if (r < 0)
		return r;
	r = zram_read_attr(index, "writeback_limit", &left);
	if (r < 0)
		return r;
	return streq(enabled, "1") && streq(left, "0");
}

int zram_mark_idle(unsigned index, uint64_t age) {
	char value[32] = "all";

	if (age > 0)
		snprintf(value, sizeof(value), "%" PRIu64, age);
	return zram_write_attr(index, "idle", value);
}

int zram_bd_stat(unsigned index, uint64_t *ret_stored, uint64_t *ret_written) {
	_cleanup_free_ char *s = NULL;
	uint64_t count, reads, writes;
	int r;

	r = zram_read_attr(index, "bd_stat", &s);
	if (r < 0)
		return r;
	if (sscanf(s, "%" SCNu64 " %" SCNu64 " %" SCNu64, &count, &reads, &writes) != 3)
		return -EBADMSG;
	/* bd_stat counts 4 KiB units. */
	*ret_stored = count * 4096;
	*ret_written = writes * 4096;
	return 0;
}

/* reset and hot_remove fail with EBUSY while something still has the device
 * open, e.g. udev's blkid probe right after swapoff: give such short-lived
 * holders a second to go. */
static int write_while_busy(const char *path, const char *value) {
	int r = 0;

	for (int attempt = 0; attempt < 50; attempt++) {
		r = write_string_file(path, value);
		if (r != -EBUSY)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = 20 * 1000 * 1000 }, NULL);
	}
	return r;
}

int zram_remove(unsigned index, bool hot_remove) {
	char path[96], value[16];
	int r;

	zram_attr_path(index, "reset", path, sizeof(path));
	step("zram-reset");
	r = write_while_busy(path, "1");
	if (r < 0 && r != -ENOENT)
		return r;
	if (!hot_remove)
		return 0; /* the module's own device: left as we found it, reset */

	snprintf(value, sizeof(value), "%u", index);
	step("zram-hot-remove");
	r = write_while_busy(ZRAM_CONTROL "/hot_remove", value);
	/* zram0 of a module loaded with default options cannot be removed on older kernels. */
	return r == -ENODEV ? 0 : r;
}

int ram_total_bytes(uint64_t *ret) {
	_cleanup_free_ char *s = NULL;
	int r;

	r = read_full_file("/proc/meminfo", &s, NULL);
	if (r < 0)
		return r;
	return parse_meminfo_total(s, ret);
}
