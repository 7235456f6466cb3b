/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Pure parsers for the kernel's text tables; no I/O, so fixtures test them. */

#include <stddef.h>
#include <stdint.h>

struct swap_entry {
	char *path;
	char *type; /* "partition" or "file" */
	uint64_t size_bytes;
	int priority;
};

struct mount_entry {
	unsigned major, minor;
	char *mount_point;
	char *fstype;
	char *source;
	char *super_options; /* "rw,lowerdir=...,upperdir=..." */
};

int parse_proc_swaps(const char *text, struct swap_entry **ret_entries, size_t *ret_n);
void swap_entries_free(struct swap_entry *entries, size_t n);

int parse_mountinfo(const char *text, struct mount_entry **ret_entries, size_t *ret_n);
void mount_entries_free(struct mount_entry *entries, size_t n);

/* One /proc/PID/maps line, "start-end perms offset major:minor inode   path", cut at its
 * newline in place: the device (hexadecimal in the line) and the path, which the kernel
 * pads to a column, with its own newlines as \012; *ret_path is NULL for an anonymous
 * mapping. -EBADMSG if the line is not one. */
int parse_maps_line(char *line, unsigned *ret_major, unsigned *ret_minor, const char **ret_path);

/* The "MemTotal:" line of /proc/meminfo, in bytes. */
int parse_meminfo_total(const char *text, uint64_t *ret_bytes);

/* Active entry of a sysfs choice list: "lzo [lz4] zstd" -> "lz4". */
int parse_sysfs_choice(const char *text, char **ret_active);

/* The kernel escapes ' ', '\t', '\n' and '\\' in paths as \ooo. */
char *unescape_octal(const char *s, size_t len);

/* The value of the last "key=value" word on a kernel command line (double
 * quotes group, as the kernel's own parser does). -ENOENT if absent. */
int cmdline_get_value(const char *cmdline, const char *key, char **ret_value);
