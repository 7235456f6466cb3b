/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Which optional zram attributes and dm-crypt flags this kernel has, without creating a
 * device or loading a module to look (`--version` must change nothing):
 * zram_features_read() and dm_crypt_features_read() in version-features.h.
 */
#include "version-features.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dm-crypt-table.h"
#include "fileio.h"
#include "macro.h"
#include "sysfs-block.h"
#include "zram-free.h"

/* algorithm_params came with Linux 6.12 and, unlike the other two, depends on no
 * configuration option: every zram of 6.12 or later has it. */
#define ALGORITHM_PARAMS_MAJOR 6
#define ALGORITHM_PARAMS_MINOR 12

static void zram_features_set_all(struct zram_features *z, enum feature f) {
	*z = (struct zram_features){
		.writeback = f, .recomp = f, .algorithm_params = f, .idle_age = f
	};
}

static int rooted_exists(const char *root, const char *path) {
	_cleanup_free_ char *p = path_rooted(root, path);

	if (!p)
		return -ENOMEM;
	return access(p, F_OK) == 0;
}

/* The attributes of the lowest-numbered zram device below ROOT; -ENODEV if none. */
static int from_device(const char *root, struct zram_features *ret) {
	struct zram_features z;
	const struct {
		const char *attr;
		enum feature *feature;
	} attrs[] = {
		{ "backing_dev", &z.writeback },
		{ "recomp_algorithm", &z.recomp },
		{ "algorithm_params", &z.algorithm_params },
	};
	char kname[32];
	unsigned idx;
	int r;

	r = zram_lowest_device(root, NULL, &idx);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return -ENODEV; /* none, or no /sys/class/block to look in */

	/* Every device of a kernel has the same attributes: one tells for all. Whether
	 * one exists, not whether it reads: algorithm_params only takes writes. */
	snprintf(kname, sizeof(kname), "zram%u", idx);
	for (size_t i = 0; i < ELEMENTSOF(attrs); i++)
		*attrs[i].feature = sysfs_block_attr_exists(root, kname, attrs[i].attr)
		                            ? FEATURE_YES
		                            : FEATURE_NO;
	/* No attribute tells whether "idle" takes an age; the configuration may. */
	z.idle_age = FEATURE_UNKNOWN;
	*ret = z;
	return 0;
}

/* NAME's value in a kernel .config: 'y', 'm', or 0 when "# NAME is not set" or absent. */
static char kconfig_value(const char *text, const char *name) {
	size_t n = strlen(name);

	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');

		if (strncmp(line, name, n) == 0 && line[n] == '=')
			return line[n + 1] == 'y' || line[n + 1] == 'm' ? line[n + 1] : 0;
		if (!nl)
			break;
		line = nl + 1;
	}
	return 0;
}

/* 1 if RELEASE ("6.12.3-amd64") is at least MAJOR.MINOR, 0 if older, -EINVAL if it
 * does not start with a version. */
static int release_at_least(const char *release, unsigned major, unsigned minor) {
	unsigned a, b;

	if (sscanf(release, "%u.%u", &a, &b) != 2)
		return -EINVAL;
	return a > major || (a == major && b >= minor);
}

/* From /boot/config-RELEASE; -ENOENT when there is no readable one. */
static int from_config(const char *root, const char *release, struct zram_features *ret) {
	_cleanup_free_ char *path = NULL, *text = NULL;
	char rel[PATH_MAX];
	int r;

	if (!release)
		return -ENOENT;
	snprintf(rel, sizeof(rel), "/boot/config-%s", release);
	path = path_rooted(root, rel);
	if (!path)
		return -ENOMEM;
	r = read_full_file(path, &text, NULL);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return -ENOENT; /* missing, or only root may read it: no evidence either way */

	if (!kconfig_value(text, "CONFIG_ZRAM")) {
		zram_features_set_all(ret, FEATURE_NO);
		return 0;
	}
	/* Both are bool options: =y or nothing. */
	ret->writeback = kconfig_value(text, "CONFIG_ZRAM_WRITEBACK") ? FEATURE_YES : FEATURE_NO;
	ret->recomp = kconfig_value(text, "CONFIG_ZRAM_MULTI_COMP") ? FEATURE_YES : FEATURE_NO;
	/* The option's name before Linux 6.9 was CONFIG_ZRAM_MEMORY_TRACKING. */
	ret->idle_age = kconfig_value(text, "CONFIG_ZRAM_TRACK_ENTRY_ACTIME") ||
	                                kconfig_value(text, "CONFIG_ZRAM_MEMORY_TRACKING")
	                        ? FEATURE_YES
	                        : FEATURE_NO;
	r = release_at_least(release, ALGORITHM_PARAMS_MAJOR, ALGORITHM_PARAMS_MINOR);
	ret->algorithm_params = r < 0 ? FEATURE_UNKNOWN : r ? FEATURE_YES : FEATURE_NO;
	return 0;
}

/* 1 if the module list REL below ROOT (modules.dep, modules.builtin) names MODULE
 * ("zram.ko"; also compressed: zram.ko.xz), 0 if not; negative if it cannot be read. */
static int modules_list_has(const char *root, const char *rel, const char *module) {
	_cleanup_free_ char *path = path_rooted(root, rel), *text = NULL;
	int r;

	if (!path)
		return -ENOMEM;
	r = read_full_file(path, &text, NULL);
	if (r < 0)
		return r;
	/* Each line starts with a module's path: "kernel/drivers/block/zram/zram.ko:". */
	for (const char *p = text; (p = strstr(p, module));) {
		bool at_start = p == text || p[-1] == '/' || p[-1] == '\n';

		p += strlen(module);
		if (at_start && (*p == 0 || strchr(":.\n", *p)))
			return 1;
	}
	return 0;
}

/* What RELEASE's module lists say of MODULE: 1 listed (built in or a module), 0 surely
 * absent (both lists read, neither names it), -ENODATA when a list cannot be read. */
static int module_listed(const char *root, const char *release, const char *module) {
	static const char *const lists[] = { "modules.builtin", "modules.dep" };
	char rel[PATH_MAX];
	bool unread = !release;
	int r;

	for (size_t i = 0; release && i < ELEMENTSOF(lists); i++) {
		snprintf(rel, sizeof(rel), "/lib/modules/%s/%s", release, lists[i]);
		r = modules_list_has(root, rel, module);
		if (r == -ENOMEM || r == 1)
			return r;
		if (r < 0)
			unread = true;
	}
	return unread ? -ENODATA : 0;
}

/* 1 when the kernel surely has no zram: not loaded, not built in, no module. */
static int zram_surely_absent(const char *root, const char *release) {
	int r;

	r = rooted_exists(root, "/sys/class/zram-control");
	if (r != 0)
		return r < 0 ? r : 0;
	r = rooted_exists(root, "/sys/module/zram");
	if (r != 0)
		return r < 0 ? r : 0;
	r = module_listed(root, release, "zram.ko");
	return r == -ENOMEM ? r : r == 0;
}

int zram_features_read(const char *root, const char *release, struct zram_features *ret) {
	struct zram_features z;
	int r;

	/* A release is a path component here; uname(2) never gives one with a slash. */
	if (release && strchr(release, '/'))
		return -EINVAL;

	r = from_device(root, &z);
	if (r == 0) {
		struct zram_features c;

		if (from_config(root, release, &c) == 0)
			z.idle_age = c.idle_age;
	} else if (r == -ENODEV)
		r = from_config(root, release, &z);
	if (r == -ENOENT) {
		r = zram_surely_absent(root, release);
		if (r >= 0)
			zram_features_set_all(&z, r ? FEATURE_NO : FEATURE_UNKNOWN);
	}
	if (r < 0)
		return r;
	*ret = z;
	return 0;
}

/* high_priority came with dm-crypt 1.26 in Linux 6.10 and depends on no configuration
 * option. */
#define HIGH_PRIORITY_MAJOR 6
#define HIGH_PRIORITY_MINOR 10

int dm_crypt_features_read(const char *root, const char *release, const unsigned *version,
                           struct dm_crypt_features *ret) {
	int r;

	if (release && strchr(release, '/'))
		return -EINVAL;
	/* The module's own word, when it is loaded. */
	if (version) {
		ret->high_priority =
		        dm_crypt_version_at_least(version, DM_CRYPT_HIGH_PRIORITY_VERSION)
		                ? FEATURE_YES
		                : FEATURE_NO;
		return 0;
	}
	r = module_listed(root, release, "dm-crypt.ko");
	if (r == -ENOMEM)
		return r;
	if (r == 1) /* there: its version is the release's */
		r = release_at_least(release, HIGH_PRIORITY_MAJOR, HIGH_PRIORITY_MINOR);
	else if (r == 0) /* surely no dm-crypt */
		r = 0;
	ret->high_priority = r < 0 ? FEATURE_UNKNOWN : r ? FEATURE_YES : FEATURE_NO;
	return 0;
}
