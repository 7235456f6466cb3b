/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "proc-parse.h"
#include "sys.h"

#define ZRAM_CONTROL "/sys/class/zram-control"

int zram_hot_add(unsigned *ret_index) {
	_cleanup_free_ char *s = NULL;
	unsigned idx;
	int r;

	if (access(ZRAM_CONTROL, F_OK) < 0) {
		/* No spare zram0: every device ephvol uses is one it added itself. */
		r = module_load("zram", "num_devices=0");
		if (r < 0)
			return r;
	}
	/* Reading hot_add allocates a new device and returns its index. */
	r = read_one_line_file(ZRAM_CONTROL "/hot_add", &s);
	if (r < 0)
		return r;
	if (sscanf(s, "%u", &idx) != 1)
		return -EBADMSG;
	*ret_index = idx;
	return 0;
}

int zram_has_algorithm(unsigned index, const char *alg) {
	_cleanup_free_ char *s = NULL;
	char path[64];
	char *save = NULL;
	int r;

	snprintf(path, sizeof(path), "/sys/block/zram%u/comp_algorithm", index);
	r = read_one_line_file(path, &s);
	if (r < 0)
		return r;
	for (char *t = strtok_r(s, " []", &save); t; t = strtok_r(NULL, " []", &save))
		if (streq(t, alg))
			return 1;
	return 0;
}

int zram_configure(unsigned index, const char *comp_algorithm, uint64_t disksize) {
	char path[64], value[32];
	int r;

	/* The algorithm can only be set before disksize initialises the device. */
	if (comp_algorithm) {
		snprintf(path, sizeof(path), "/sys/block/zram%u/comp_algorithm", index);
		r = write_string_file(path, comp_algorithm);
		if (r < 0)
			return r;
	}
	snprintf(path, sizeof(path), "/sys/block/zram%u/disksize", index);
	snprintf(value, sizeof(value), "%" PRIu64, disksize);
	return write_string_file(path, value);
}

int zram_remove(unsigned index) {
	char path[64], value[16];
	int r = 0;

	/* reset fails with EBUSY while something still has the device open, e.g. udev's
	 * blkid probe right after swapoff; give such short-lived holders time to go. */
	snprintf(path, sizeof(path), "/sys/block/zram%u/reset", index);
	for (int attempt = 0; attempt < 50; attempt++) {
		r = write_string_file(path, "1");
		if (r != -EBUSY)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = 20 * 1000 * 1000 }, NULL);
	}
	if (r < 0 && r != -ENOENT)
		return r;

	snprintf(value, sizeof(value), "%u", index);
	for (int attempt = 0; attempt < 50; attempt++) {
		r = write_string_file(ZRAM_CONTROL "/hot_remove", value);
		if (r != -EBUSY)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = 20 * 1000 * 1000 }, NULL);
	}
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
