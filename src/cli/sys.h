/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The only part of the command that changes the system: kernel modules,
 * zram sysfs, device-mapper, block devices, mount(2)/swapon(2), mkfs.
 * Functions return 0 or a negative errno and never print errors: the caller
 * decides what failed and says so once.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "macro.h"

/* sys-kmod.c */
int module_load(const char *name, const char *options);

/* sys-zram.c */
/* A new zram device (hot_add), or without zram-control a free one the module
 * made; *ret_hot_added says which, and so whether destroy may hot-remove it. */
int zram_acquire(unsigned *ret_index, bool *ret_hot_added);
bool zram_has_attr(unsigned index, const char *attr);
int zram_has_algorithm(unsigned index, const char *alg);
struct zram_params {
	const char *comp_algorithm;   /* NULL: the kernel's default */
	const char *recomp_algorithm; /* secondary algorithm (Linux 6.2+), or NULL */
	const char *backing_dev;      /* writeback device, or NULL */
	uint64_t disksize;
	uint64_t mem_limit;       /* bytes, 0 = none */
	uint64_t writeback_limit; /* bytes, 0 = none */
};
int zram_configure(unsigned index, const struct zram_params *p);
/* Resets the device (retrying while short-lived openers go), then hot-removes it. */
int zram_remove(unsigned index, bool hot_remove);
/* TYPE is what the kernel's writeback attribute takes: "idle", "huge", "huge_idle". */
int zram_writeback(unsigned index, const char *type);
/* 1 if writeback_limit is enabled and used up, else 0. */
int zram_writeback_limit_reached(unsigned index);
/* Marks every stored page idle; a later "idle" writeback takes those not used since. */
int zram_mark_idle(unsigned index);
/* Bytes now stored on the writeback device, and written to it in all. */
int zram_bd_stat(unsigned index, uint64_t *ret_stored, uint64_t *ret_written);
int ram_total_bytes(uint64_t *ret);

/* sys-dmcrypt.c */
struct dmcrypt_params {
	const char *dmname;
	const char *device;
	const char *cipher;
	const char *cipher_mode;
	unsigned key_bits;
	unsigned sector_size;
	uint64_t data_offset; /* bytes; the encrypted area starts here (after a claim header) */
	bool workqueues;      /* use dm-crypt's read/write workqueues (default: bypass them) */
};
int dmcrypt_activate(const struct dmcrypt_params *p);
/* Suspends (the kernel wipes the key), then removes the mapping and its header. */
int dmcrypt_deactivate(const char *dmname, bool *ret_key_wiped);
/* For a mapping still in use: removed (and its key freed) when the last user closes it. */
int dmcrypt_deactivate_deferred(const char *dmname);
void dmcrypt_header_path(const char *dmname, char *buf, size_t size);

/* sys-keyring.c: invalidates the logon keys in our thread keyring whose
 * description starts with prefix; *ret_count says how many. */
int keyring_invalidate_logon_keys(const char *prefix, unsigned *ret_count);
/* Whether the kernel has keys at all (CONFIG_KEYS); creates no keyring. */
bool kernel_has_keyring(void);

/* sys-features.c: what this build and this kernel can do (version-features.h), asked
 * of the live kernel and libcryptsetup without creating anything. */
struct features;
int features_probe(struct features *ret);

/* sys-claim.c: the claim header (claim.h) on real devices. */
struct claim;
int claim_read(const char *path, struct claim *ret);
/* Writes a new header (random UUID) and zeroes the rest of the first MiB, to the disk. */
int claim_write(const char *path, const char *label);
/* Tells udev of the claim (a "change" uevent) and waits up to 5 s until udev's database
 * shows it (the ephvol rule's EPHVOL_CLAIM_LABEL=label); -ETIMEDOUT if it never does,
 * e.g. without the rule. Call it once the disk is unlocked: udev probes only then. */
int claim_announce(const char *path, const char *label);
/* The device claimed with LABEL; -ENOENT if none, -ENOTUNIQ if several. */
int claim_find_by_label(const char *label, char **ret_path);

/* sys-loop.c */
/* Creates PATH sparse with SIZE if missing; an existing file must have SIZE (if nonzero). */
int backing_file_prepare(const char *path, uint64_t size, bool *ret_created);
/* 1 and the loop device if a loop device is already backed by PATH, else 0. */
int loop_find_by_file(const char *path, char **ret_loop);
/* Autoclear + direct I/O loop device; keep *ret_fd open until something else holds it. */
int loop_attach(const char *path, unsigned block_size, char **ret_loop, int *ret_fd);
int loop_wait_released(const char *loop);

/* sys-device.c */
/* LABEL= (an ephvol claim), PARTUUID=, PARTLABEL= or a path (symlinks
 * resolved) to a block device node. -ENOTUNIQ when several devices carry
 * the LABEL=, PARTUUID= or PARTLABEL=, -ENOENT when none does. */
int device_resolve(const char *spec, char **ret_path);
/* -EBUSY when mounted, an active swap or held by another device (exclusive open fails). */
int device_check_unused(const char *path);
/* Every signature libblkid finds (superblocks and partition tables, by full
 * enumeration): the count, and "ext4 at offset 1080, swap at offset 4086". */
int device_list_signatures(const char *path, char **ret_list);
/* For a whole disk: the count of its partitions and "vdb1, vdb2". */
int device_list_partitions(const char *path, char **ret_list);
/* 1 and the resume= value if the kernel command line names this device for hibernation. */
int device_is_resume(const char *path, char **ret_spec);
/* flock(LOCK_EX) on the whole disk holding path; keep *ret_fd open while working. */
int device_lock_whole_disk(const char *path, int *ret_fd);
int device_get_size(const char *path, uint64_t *ret_bytes, unsigned *ret_logical_block);
/* Zeroes the first and last MiB: random ciphertext can look like a signature. */
int device_zero_edges(const char *path);
/* Waits (up to 5 s) until udev's database shows key=value for the device (no-op without udev). */
int udev_wait_property(dev_t devnum, const char *key, const char *value);
/* Waits (up to 5 s) until udev has no event queued (no-op without udev). */
int udev_settle(void);
/* BLKDISCARD a block device, or punch a regular file, from offset to the end. */
int backing_discard(const char *path, uint64_t offset);
/* Waits until udev has processed the device node (no-op when udev is not running). */
int device_wait_udev(const char *path);
/* A "change" uevent for the device, once it holds its file system or swap: udev runs
 * its rules again (our dm-crypt devices have no inotify watch) so it learns the new
 * signature (systemd takes a dm-crypt device without one as not ready yet, see
 * 99-systemd.rules) and, for zram, `ephvol probe` finds the record that names it. */
int device_announce(const char *path);

/* sys-format.c */
/* Runs argv with stdin/stdout on /dev/null; on failure *ret_reason says why. */
int run_program(const char *const *argv, char **ret_reason);
int format_swap(const char *device, char **ret_reason);
int format_fs(const char *device, const char *fstype, char **ret_reason);

/* sys-mount.c */
int swap_on(const char *device, int priority, bool discard);
int swap_off(const char *device);
int fs_mount(const char *device, const char *dir, const char *fstype, const char *options);
int fs_umount(const char *dir, bool lazy);
int dir_prepare_root(const char *dir, mode_t mode, uid_t uid, gid_t gid);

/* sys-lock.c: serialises all operations on one volume name. */
int name_lock(const char *name, int *ret_fd);

/* sys-run-dir.c: makes EPHVOL_RUN_DIR (0755) and, if PATH is one of its directories
 * (run-paths.h), that one, with its own mode (ZRAM_RECORD_DIR 0755, LOCK_DIR and HEADER_DIR
 * 0700). An existing one gets its mode back; a symlink is never followed (-ELOOP or
 * -ENOTDIR), one not owned by root is refused (-EPERM). -EINVAL for another PATH. */
int run_dir_prepare(const char *path);
