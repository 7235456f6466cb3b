/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * src/sys: the only layer that talks to the kernel and to the libraries that reach it
 * (libcryptsetup, libblkid, libudev, libkmod): kernel modules, zram sysfs,
 * device-mapper, block and loop devices, mount(2)/swapon(2), mkfs, /run records.
 * `make lint` holds every other directory to an include allow-list, and the unit tests
 * link without this archive. Functions return 0 or a negative errno and never print
 * errors: the caller decides what failed and says so once.
 */

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "macro.h"

/* sys-sysfs.c: one write(2), as sysfs attributes want; no O_CREAT. The only writer of
 * sysfs and procfs files. */
int write_string_file(const char *path, const char *s);

/* sys-kmod.c: loads libkmod (dlopen-kmod.c) only when it has a module to load. */
int module_load(const char *name, const char *options);

/* dlopen-cryptsetup.c: libcryptsetup, loaded by the first path that needs it (its
 * sym_crypt_* pointers are in dlopen-cryptsetup.h, for src/sys alone). Loads it and
 * resolves every symbol ephvol uses, once: 0, or -EOPNOTSUPP when the library or a
 * symbol is missing, or -ENOMEM. */
#define LIBCRYPTSETUP_SONAME "libcryptsetup.so.12"
int dlopen_cryptsetup(void);
/* Why the last dlopen_cryptsetup() failed, in dlerror()'s words; "" if it did not. */
const char *dlopen_cryptsetup_error(void);
/* dlopen-blkid.c and dlopen-udev.c alike: libblkid for the probes of devices, libudev
 * for the waits on udev (their sym_* pointers in dlopen-blkid.h, dlopen-udev.h). Each
 * loads its library and resolves every symbol, once: 0, or -EOPNOTSUPP when the library
 * or a symbol is missing (logged at debug level with dlerror()'s words), or -ENOMEM. */
#define LIBBLKID_SONAME "libblkid.so.1"
int dlopen_blkid(void);
const char *dlopen_blkid_error(void);
#define LIBUDEV_SONAME "libudev.so.1"
int dlopen_udev(void);
const char *dlopen_udev_error(void);
/* dlopen-devmapper.c: libdevmapper, for the paths that read a mapping's table or take
 * it down (sys-dm.c); libcryptsetup, which create needs, is built on it. */
#define LIBDEVMAPPER_SONAME "libdevmapper.so.1.02.1"
int dlopen_devmapper(void);
const char *dlopen_devmapper_error(void);

/* sys-zram.c */
/* A new zram device (hot_add), or without zram-control a free one the module
 * made; *ret_hot_added says which, and so whether destroy may hot-remove it. */
int zram_acquire(unsigned *ret_index, bool *ret_hot_added);
/* The index the next hot_add will give (the lowest free: the kernel's idr_alloc). */
int zram_predict_next(unsigned *ret_index);
/* What is left of a device a create made (zram_acquire) but did not record: the
 * device at INDEX, if it is newer than DISKSEQ_FLOOR and unconfigured, is reset and
 * removed. 1 if it was, 0 if there was none to remove. */
int zram_remove_unrecorded(unsigned index, uint64_t diskseq_floor);
bool zram_has_attr(unsigned index, const char *attr);
/* Attribute ATTR of zram device INDEX, without its newline. */
int zram_read_attr(unsigned index, const char *attr, char **ret);
int zram_has_algorithm(unsigned index, const char *alg);
/* The largest compression dictionary ephvol gives zram (the kernel's limit is INT_MAX
 * bytes, kept in its memory for as long as the device lives). */
#define ZRAM_DICT_MAX (UINT64_C(16) << 20)
/* Opens the dictionary file PATH for zram_configure() (read-only, without following a
 * link someone other than root may have planted: -EPERM and *ret_untrusted, as
 * path_open_trusted()). -EINVAL: not a regular file; -EFBIG: empty or larger than
 * ZRAM_DICT_MAX. */
int zram_dict_open(const char *path, int *ret_fd, char **ret_untrusted);
struct zram_params {
	const char *comp_algorithm;   /* NULL: the kernel's default */
	const char *recomp_algorithm; /* secondary algorithm (Linux 6.2+), or NULL */
	unsigned comp_level;          /* level of comp_algorithm (Linux 6.12+), 0 = default */
	/* Its dictionary (zram_dict_open()); NULL: none. A pointer, so that a caller who
	 * leaves it out means no dictionary, not fd 0. */
	const int *comp_dict_fd;
	const char *backing_dev; /* writeback device, or NULL */
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
/* Marks idle the stored pages not used for AGE seconds, or every one with AGE 0; a later
 * "idle" writeback takes those not used since. -EINVAL for an AGE when the kernel does not
 * track access times. */
int zram_mark_idle(unsigned index, uint64_t age);
/* Bytes now stored on the writeback device, and written to it in all. */
int zram_bd_stat(unsigned index, uint64_t *ret_stored, uint64_t *ret_written);
int ram_total_bytes(uint64_t *ret);

/* sys-block.c */
/* The kernel's disk sequence number of /sys/block/KNAME (Linux 5.15+: -ENOENT before):
 * unique to this device since boot, never given to another. */
int block_get_diskseq(const char *kname, uint64_t *ret);
/* The highest diskseq of all block devices now: every later device has a higher one. */
int block_diskseq_max(uint64_t *ret);

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
	/* AEAD (aead.h): cipher "capi:gcm(aes)", mode "random", over a dm-integrity mapping
	 * (sys-integrity.c) keeping this many bytes per sector; 0: none. */
	unsigned integrity_tag_bytes;
};
/* A mapping the kernel has, for which udev may still be running its rules. */
struct dmcrypt_active {
	uint32_t udev_cookie; /* dm_cookie_wait() it (sys-dm.h) before relying on udev */
	char node[96];        /* until then its devtmpfs node, /dev/dm-N, checked to be it */
};
/* The mapping p->dmname, its key fresh from getrandom and named in the table as a
 * logon key (sys-keyring.c), never written into it. */
int dmcrypt_activate(const struct dmcrypt_params *p, struct dmcrypt_active *ret);
/* Suspends (dm-crypt wipes the key), then removes the mapping, through libdevmapper
 * (sys-dm.c), whoever made it: a mapping ephvol did not make has its key wiped too. A
 * mapping already suspended (a destroy killed midway) is removed without a second
 * suspend, and forced out if something still holds it: the removal frees its key. */
int dmcrypt_deactivate(const char *dmname, bool *ret_key_wiped);
/* Whether DMNAME, or the dm-integrity mapping under it, exists. */
bool dmcrypt_exists(const char *dmname);
/* For a mapping still in use: removed (and its key freed) when the last user closes it. */
int dmcrypt_deactivate_deferred(const char *dmname);
/* Removes what a mapping that does not exist left in /run (a create killed before its
 * table was loaded, a destroy killed after the removal): 1 if there was anything. */
int dmcrypt_files_remove_orphan(const char *dmname);
/* Removes the integrity mapping of DMNAME if DMNAME itself is gone (a destroy killed
 * between the two removals): 1 if it did, else 0. */
int dmcrypt_remove_orphan_integrity(const char *dmname);

/* sys-dmcrypt.c: the file the udev rule reads for mapping DMNAME's link name. */
int dm_udev_name_write(const char *dmname);
void dm_udev_name_remove(const char *dmname);

/* sys-integrity.c: the dm-integrity mapping under crypt mapping CRYPT_DMNAME. */
struct integrity_params {
	const char *crypt_dmname;
	const char *device; /* the backing, and its device number */
	dev_t dev;
	uint64_t offset; /* bytes: where it starts on the device (after a claim header) */
	unsigned tag_bytes;
	unsigned block_size; /* the crypt mapping's sector size */
};
/* Formats (the superblock cleared, then written by the kernel) and activates it; its
 * device number and the sectors it provides. Nothing is left on failure. */
int integrity_activate(const struct integrity_params *p, dev_t *ret_devnum, uint64_t *ret_sectors);
bool integrity_exists(const char *crypt_dmname);
/* Removes it (DEFERRED: once the crypt mapping above has gone; its superblock stays):
 * 1, or 0 if there was none. */
int integrity_deactivate(const char *crypt_dmname, bool deferred);

/* sys-keyring.c: KEY as the logon key DESCRIPTION in our thread keyring; its id. */
int keyring_add_logon_key(const char *description, const void *key, size_t size, int32_t *ret_id);
/* Invalidates key *ID (if > 0) and sets *ID to 0; a failure is logged. */
void keyring_invalidatep(int32_t *id);
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
/* A backing file, resolved without following planted links (sys-path.c), opened
 * O_RDWR without following a link, and flock()ed so no other ephvol attaches it
 * meanwhile. CREATED: made by this open (sparse, SIZE bytes, mode 0600). */
struct backing_file {
	int fd;
	int dir_fd; /* the directory holding it, for unlinking exactly this name */
	char *base;
	struct stat st;
	bool created;
};
/* Opens PATH, or creates it with SIZE if missing (SIZE 0: it must exist; an existing
 * file must have SIZE if nonzero: -EFBIG). -ELOOP: PATH is a symbolic link; -EPERM: a
 * link on the way that someone other than root may have planted (*ret_untrusted);
 * -EBUSY: another ephvol holds it. */
int backing_file_open(const char *path, uint64_t size, struct backing_file *ret,
                      char **ret_untrusted);
void backing_file_done(struct backing_file *f);
/* Removes the file if this create made it and the name still leads to it. */
int backing_file_unlink(struct backing_file *f);
/* 1 and the loop device whose backing file is that inode, else 0. */
int loop_find_by_inode(dev_t dev, ino_t ino, char **ret_loop);
int loop_find_by_file(const char *path, char **ret_loop);
/* Autoclear loop device over the open file (direct I/O where it really works); keep
 * *ret_fd open until something else holds it. */
int loop_attach(int file_fd, unsigned block_size, char **ret_loop, int *ret_fd);
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
/* The same for an open file. */
int fd_list_signatures(int fd, char **ret_list);
/* For a whole disk: the count of its partitions and "vdb1, vdb2". */
int device_list_partitions(const char *path, char **ret_list);
/* 1 and the resume= value if the kernel command line names this device for hibernation. */
int device_is_resume(const char *path, char **ret_spec);
/* flock(LOCK_EX) on the whole disk holding path; keep *ret_fd open while working. */
int device_lock_whole_disk(const char *path, int *ret_fd);
int device_get_size(const char *path, uint64_t *ret_bytes, unsigned *ret_logical_block);
/* Zeroes the first HEAD and the last TAIL bytes (all of a smaller device): random
 * ciphertext can look like a signature. */
int device_zero_edges(const char *path, uint64_t head, uint64_t tail);
/* BLKDISCARD a block device, or punch a regular file, from offset to the end. */
int backing_discard(const char *path, uint64_t offset);

/* sys-udev.c */
/* Waits (up to 5 s) until udev's database shows key=value for the device (no-op without udev). */
int udev_wait_property(dev_t devnum, const char *key, const char *value);
/* Waits (up to 5 s) until udev has no event queued (no-op without udev). */
int udev_settle(void);
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
/* Writes the header of a Linux swap area (swap-header.h) with a random UUID over the
 * whole of DEVICE (a block device, or a regular file), as mkswap would, without running
 * it: opened O_EXCL, so a device in use is refused (-EBUSY); -ENOSPC if it is too small.
 * *ret_uuid (may be NULL): the UUID written; on failure *ret_reason may say why. */
int format_swap(const char *device, uint8_t ret_uuid[16], char **ret_reason);
/* WHOLE_INODE_TABLES: written at mkfs time, not later (an authenticated volume, where
 * the kernel's update in place of a block never written would read an error). */
int format_fs(const char *device, const char *fstype, bool whole_inode_tables, char **ret_reason);

/* sys-notify.c */
/* Sends MESSAGE ("READY=1") to the service manager's $NOTIFY_SOCKET: 1 when sent, 0 when
 * there is no such socket (not started by a Type=notify unit), a negative errno when it
 * could not be sent. */
int notify_send(const char *message);

/* sys-mount.c */
int swap_on(const char *device, int priority, bool discard);
int swap_off(const char *device);
/* Mounts DEVICE (nosuid, nodev) on the directory DIR_FD holds, through the new mount
 * API: its root gets owner and mode while it is still detached. DIR_FD < 0: only sets
 * them, mounting nothing. OPTIONS as mount(8)'s (mount-options.h); on a refusal
 * *ret_reason may say why, in the kernel's words. */
int fs_mount_fd(const char *device, int dir_fd, const char *fstype, const char *options,
                mode_t mode, uid_t uid, gid_t gid, char **ret_reason);
/* The same on several directories: the first a mount, the others its bind mounts. On
 * failure part way, what was mounted stays: for a mount namespace of its own that dies. */
int fs_mount_fds(const char *device, const int *dir_fds, size_t n_dirs, const char *fstype,
                 const char *options, mode_t mode, uid_t uid, gid_t gid, char **ret_reason);
/* A mount known by the directory holding its mount point (an O_PATH fd) and the name
 * there: mount_open() resolves PATH as path_open_trusted() does and checks that it
 * leads to the root of a mount of DEV (for btrfs, whose device number is anonymous:
 * of a btrfs); -EXDEV when another file system is mounted over it, or PATH leads
 * elsewhere. fs_dev: the mounted file system's st_dev. */
struct mount_at {
	int dir_fd;
	char *base;
	dev_t fs_dev;
};
int mount_open(const char *path, dev_t dev, struct mount_at *ret);
/* Where our mount namespace shows the block device DEVICE (whose node is DEV) mounted,
 * the mount users see (mount_entries_find_device()): *ret_mountpoint, or NULL when it
 * is not mounted. -ENODEV when DEVICE is no longer that node (the device is gone). */
int mount_find_device(const char *device, dev_t dev, char **ret_mountpoint);
void mount_at_done(struct mount_at *m);
int fs_umount_at(const struct mount_at *m, bool lazy);
/* open("/proc/self/fd/FD"): the same file, with new flags (e.g. from an O_PATH fd). */
int fd_reopen(int fd, int flags);

/* sys-path.c */
/* Opens PATH (absolute) as an O_PATH fd, following a symbolic link only when nobody but
 * root can have planted it (root-owned, in a root-owned directory others cannot write
 * or that is sticky). -EPERM for any other link, and *ret_untrusted names it. With
 * PARENT_ONLY the fd is of the directory holding the last component, which
 * *ret_base names (the caller opens it there, with O_NOFOLLOW). */
int path_open_trusted(const char *path, bool parent_only, int *ret_fd, char **ret_base,
                      char **ret_untrusted);
/* Replaces the file PATH by one with TEXT, atomically (write_file_atomic_at()), in the
 * directory path_open_trusted() finds: no link that others could have planted is
 * followed (-EPERM, *ret_untrusted names it). Writers of one directory wait for each
 * other. */
int file_replace_trusted(const char *path, const char *text, char **ret_untrusted);

/* sys-record.c: DIRFD/NAME written whole or not at all: into .NAME.tmp (a link there is
 * removed, not followed), mode 0644, synced to disk with SYNC, then renamed over NAME.
 * Writers of the same file must not run at once (they share the temporary name). */
int write_file_atomic_at(int dirfd, const char *name, const char *text, bool sync);
/* DIR/NAME below /run/ephvol, by write_file_atomic_at(). */
int record_write(const char *dir, const char *name, const char *text);
int record_read(const char *dir, const char *name, char **ret_text);
/* 0 also when there is none. */
int record_remove(const char *dir, const char *name);
/* Like record_write(), but -EEXIST if DIR/NAME is there: never replaces one. */
int record_create(const char *dir, const char *name, const char *text);
/* Opens DIR/NAME and locks it (flock, without waiting: -EWOULDBLOCK while another holds
 * it), with its text; -ENOENT also when it was removed while we waited. Unlocked by
 * closing *ret_fd, after removing the record or not. */
int record_lock(const char *dir, const char *name, int *ret_fd, char **ret_text);
/* The records' names in DIR (none when DIR is missing). */
int record_list(const char *dir, char ***ret_names);
/* The zram record of volume NAME (zram-record.h): one reader and writer for create,
 * destroy and writeback; the library parses the same text below its root. */
struct zram_record;
int zram_record_save(const char *name, const struct zram_record *rec);
int zram_record_load(const char *name, struct zram_record *ret);
int zram_record_remove(const char *name);

/* sys-process.c: keys must not end up in a core dump, and no other process of ours may
 * ptrace us (PR_SET_DUMPABLE 0, RLIMIT_CORE 0). */
void process_protect_keys(void);
/* The lowest signal of SET that is blocked and pending now, or 0: for a command that
 * blocks termination signals while it builds something, and looks between steps. */
int signal_pending_in(const sigset_t *set);

/* sys-lock.c: serialises all operations on one volume name. */
int name_lock(const char *name, int *ret_fd);
/* The few steps that must not overlap between volumes built or torn down at the same
 * time (the boot starts every volume's service at once), each under a lock of its own
 * in LOCK_DIR, named so that no volume can have it (a leading dot):
 * - ZRAM_ADD_LOCK, from predicting the index the next hot_add gives to recording the
 *   device: the prediction is how a killed create's device is found again (intent.h).
 * - DM_WIPE_LOCK, from the udev settle before a suspend to the removal of the mapping:
 *   while one mapping is suspended its I/O blocks, and a settle (or a probe) of another
 *   destroy would wait on it. Shared by whoever queries device-mapper state. */
#define ZRAM_ADD_LOCK ".zram-add"
#define DM_WIPE_LOCK  ".dm-wipe"
/* A shared lock on an existing lock file, for readers: *ret_fd is -EBADF (and 0
 * returned) where there is none or it cannot be opened (not root), as nothing can
 * then be in the window it guards against readers of ours. */
int name_lock_shared(const char *name, int *ret_fd);
/* flock(LOCK_EX) on FD, retried every 10 ms for up to TIMEOUT_MS: -EWOULDBLOCK after. */
int flock_wait(int fd, unsigned timeout_ms);

/* sys-run-dir.c: makes EPHVOL_RUN_DIR (0755) and, if PATH is one of its directories
 * (run-paths.h), that one, with its own mode (ZRAM_RECORD_DIR 0755, LOCK_DIR and
 * UDEV_NAME_DIR 0700). An existing one gets its mode back; a symlink is never followed (-ELOOP or
 * -ENOTDIR), one not owned by root is refused (-EPERM). -EINVAL for another PATH. */
int run_dir_prepare(const char *path);
