/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Block devices as sysfs shows them, read below ROOT: "/" (or NULL) for the running
 * system, another directory for a copy of its files (a fixture tree). A device is its
 * kernel name (sda1, dm-3, zram0), looked up in /sys/class/block, which unlike
 * /sys/block has partitions too; /sys/dev/block maps device numbers to devices.
 * Nothing here writes, and nothing opens a device.
 */

#include <stdbool.h>
#include <stdint.h>

#include "strv.h"

/* Whether KNAME can be a kernel name: names come from directories and from paths the
 * kernel prints, and one that could climb out of /sys/class/block is no device. */
bool sysfs_kname_is_valid(const char *kname);

/* Attribute ATTR ("size", "dm/name", "loop/backing_file") of device KNAME, without
 * its trailing newline. -EINVAL for a name that is not a kernel name. */
int sysfs_block_read(const char *root, const char *kname, const char *attr, char **ret);
/* The same, as a decimal number; -EBADMSG if it is not one. */
int sysfs_block_read_u64(const char *root, const char *kname, const char *attr, uint64_t *ret);
/* Whether ATTR of KNAME can be read. */
bool sysfs_block_has(const char *root, const char *kname, const char *attr);
/* Whether ATTR of KNAME is there at all, readable or not: some attributes only take
 * writes (zram's algorithm_params, reset), and a feature is there all the same. */
bool sysfs_block_attr_exists(const char *root, const char *kname, const char *attr);
/* Whether KNAME is a block device at all (it has a device number). */
bool sysfs_block_exists(const char *root, const char *kname);
/* Its device number, from its dev attribute. */
int sysfs_block_devnum(const char *root, const char *kname, unsigned *ret_major,
                       unsigned *ret_minor);

/* Every block device whose name starts with PREFIX (NULL: all), partitions included,
 * sorted. */
int sysfs_block_list(const char *root, const char *prefix, char ***ret);
/* The same without partitions: the whole disks, as /sys/block lists them. */
int sysfs_block_list_disks(const char *root, const char *prefix, char ***ret);
/* The devices KNAME is stacked on (slaves/), and those stacked on it (holders/),
 * sorted: a message built from them must not depend on directory order. Empty when
 * the device has no such directory. */
int sysfs_block_slaves(const char *root, const char *kname, char ***ret);
int sysfs_block_holders(const char *root, const char *kname, char ***ret);

/* The device-mapper device whose dm/name is DM_NAME; -ENOENT if none. */
int sysfs_block_find_dm(const char *root, const char *dm_name, char **ret_kname);
/* The device with number MAJOR:MINOR; -ENOENT if none. */
int sysfs_block_from_devnum(const char *root, unsigned major, unsigned minor, char **ret_kname);
/* The device a path names as the kernel and mount(8) print it: /dev/sda3, /dev/dm-0,
 * /dev/mapper/NAME, or a symlink below ROOT such as /dev/disk/by-uuid/...; -ENOENT
 * if it names no block device. */
int sysfs_block_from_path(const char *root, const char *path, char **ret_kname);

/* The whole disk a partition is part of (the device above it in sysfs); for any
 * other device, the device itself. -ENOENT when a partition's disk is not found. */
int sysfs_block_whole_disk(const char *root, const char *kname, char **ret_disk);
/* The partitions of KNAME, in the kernel's order; empty for a partition. */
int sysfs_block_partitions(const char *root, const char *kname, char ***ret);
