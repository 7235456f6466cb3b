/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ephvol-generator: turns each volume of ephvol.conf(5) into systemd units at boot and at
 * every daemon-reload (systemd.generator(7)). The units themselves come from unit-gen.c;
 * this file reads the kernel command line and the configuration, and writes files.
 *
 * EPHVOL_GENERATOR_ROOT (for tests, as zram-generator's ZRAM_GENERATOR_ROOT) roots the
 * reads of /proc/cmdline, /proc/cpuinfo and of the configuration elsewhere.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "cpu-features.h"
#include "fileio.h"
#include "macro.h"
#include "proc-parse.h"
#include "unit-gen.h"

#ifndef EPHVOL_SBINDIR
#error "EPHVOL_SBINDIR must be defined"
#endif

/* systemd passes generator output to the kernel log; one line per message. */
static _printf_(1, 2) void log_err(const char *format, ...) {
	va_list ap;

	va_start(ap, format);
	fputs("ephvol-generator: ", stderr);
	vfprintf(stderr, format, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ephvol=0 (or no, false) on the kernel command line turns all volumes off; "ephvol=1"
 * or no word at all leaves them on. */
static bool enabled_by_cmdline(const char *root) {
	_cleanup_free_ char *path = path_rooted(root, "/proc/cmdline"), *cmdline = NULL,
	                    *value = NULL;
	int r;

	if (!path || read_one_line_file(path, &cmdline) < 0)
		return true;
	if (cmdline_get_value(cmdline, "ephvol", &value) < 0)
		return true;
	r = conf_parse_boolean(value);
	if (r < 0) {
		log_err("Ignoring ephvol=%s on the kernel command line: not a boolean.", value);
		return true;
	}
	return r > 0;
}

static int write_file(const char *dir, const char *name, const char *text) {
	_cleanup_free_ char *path = path_join(dir, name);
	size_t len = strlen(text);
	int fd, r = 0;

	if (!path)
		return -ENOMEM;
	/* O_EXCL: another generator (fstab's, for a /tmp also in /etc/fstab) may have
	 * written the same unit; neither is to be overwritten silently. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		r = errno > 0 ? -errno : -EIO;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r < 0)
		(void)unlink(path);
	return r;
}

static int link_unit(const char *dir, const char *link_from, const char *name) {
	_cleanup_free_ char *d = path_join(dir, link_from), *link = NULL, *target = NULL;

	if (!d)
		return -ENOMEM;
	if (mkdir(d, 0755) < 0 && errno != EEXIST)
		return -errno;
	link = path_join(d, name);
	if (!link || asprintf(&target, "../%s", name) < 0)
		return -ENOMEM;
	return symlink(target, link) < 0 ? -errno : 0;
}

/* All of a volume's units, or none: a service without its .swap would build a volume that
 * nobody uses. */
static int write_units(const char *dir, const struct conf_volume *v, const struct unit_file *units,
                       size_t n) {
	int r = 0;

	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *path = path_join(dir, units[i].name);

		if (!path)
			return -ENOMEM;
		if (access(path, F_OK) == 0) {
			log_err("Skipping volume %s: unit %s already exists (is %s also in "
			        "/etc/fstab?).",
			        conf_volume_name(v), units[i].name,
			        conf_volume_get(v, "mount") ?: "it");
			return -EEXIST;
		}
	}
	for (size_t i = 0; i < n && r >= 0; i++) {
		r = write_file(dir, units[i].name, units[i].text);
		if (r < 0)
			log_err("Cannot write %s/%s: %s", dir, units[i].name, strerror(-r));
		else if (units[i].link_from &&
		         (r = link_unit(dir, units[i].link_from, units[i].name)) < 0)
			log_err("Cannot link %s from %s: %s", units[i].name, units[i].link_from,
			        strerror(-r));
	}
	return r;
}

static int write_volume(const char *dir, const struct conf_volume *v,
                        const unsigned *cpu_features) {
	struct unit_file *units = NULL;
	_cleanup_free_ char *error = NULL;
	size_t n = 0;
	int r;

	r = unit_gen_volume(v, EPHVOL_SBINDIR, cpu_features, &units, &n, &error);
	if (r < 0) {
		log_err("Skipping volume %s: %s", conf_volume_name(v), error ?: strerror(-r));
		return r;
	}
	r = write_units(dir, v, units, n);
	unit_files_free(units, n);
	return r;
}

int main(int argc, char **argv) {
	_cleanup_(conf_freep) struct conf *c = NULL;
	_cleanup_free_ char *error = NULL;
	const char *root = getenv("EPHVOL_GENERATOR_ROOT") ?: "/";
	unsigned cpu_features;
	bool cpu_known;
	int r, ret = EXIT_SUCCESS;

	if (argc != 2 && argc != 4) {
		log_err("Usage: %s NORMAL_DIR [EARLY_DIR LATE_DIR] (a systemd generator)", argv[0]);
		return EXIT_FAILURE;
	}
	if (!enabled_by_cmdline(root))
		return EXIT_SUCCESS;

	r = conf_load(root, &c, &error);
	if (r < 0) {
		log_err("No volumes: %s", error ?: strerror(-r));
		return EXIT_FAILURE;
	}
	/* What `cipher = auto` picks, as create will; unknown, the cipher's modules are
	 * left for the kernel to ask for. */
	cpu_known = cpu_features_get(root, &cpu_features) >= 0;
	/* One bad volume does not keep the others from booting. */
	for (size_t i = 0; i < conf_n_volumes(c); i++)
		if (write_volume(argv[1], conf_volume_by_index(c, i),
		                 cpu_known ? &cpu_features : NULL) < 0)
			ret = EXIT_FAILURE;
	return ret;
}
