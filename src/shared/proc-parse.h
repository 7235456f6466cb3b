/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Pure parsers for the kernel's text tables; no I/O, so fixtures test them. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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

/* Whether PATH, from /proc/swaps or a mount's source, names the device DEVICE (the path
 * mount(8) records, e.g. /dev/mapper/NAME) that the kernel calls KNAME (/dev/dm-N). */
bool path_names_device(const char *path, const char *device, const char *kname);
/* The same for a /proc/swaps entry of type "partition" (only root activates swap, and a
 * block device only as a partition), which also names the device as "/KNAME" when it
 * was activated in a mount namespace that has since ended: the kernel shows the path
 * relative to that namespace's /dev, detached now. */
bool swap_path_names_device(const char *path, const char *device, const char *kname);
/* The index of the mount of that device that users see, -1 if none: by device number
 * (MAJ:MIN, if HAVE_DEVNUM), as a source string is whatever the mounter wrote (any user
 * can name a FUSE mount "/dev/zram0"); btrfs shows an anonymous device number, so for
 * it alone the source counts (only root mounts btrfs). Later lines are mounted later:
 * of several (bind mounts), the last. */
ssize_t mount_entries_find_device(const struct mount_entry *entries, size_t n, bool have_devnum,
                                  unsigned maj, unsigned min, const char *device,
                                  const char *kname);

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
