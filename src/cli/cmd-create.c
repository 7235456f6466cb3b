/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * create: checks, then the backend (create-backing.c, create-zram.c), with every
 * step that changes the system recorded in struct build (create-build.h) and
 * undone in reverse on failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claim.h"
#include "create-build.h"
#include "fileio.h"
#include "intent.h"
#include "log.h"
#include "mount-options.h"
#include "size-expr.h"
#include "step.h"
#include "sys-dm.h"
#include "sys-kcapi.h"
#include "sys.h"
#include "verbs.h"
#include "zram-record.h"

#define MIB (UINT64_C(1024) * 1024)

static void build_rollback(struct build *b) {
	int r;

	if (b->swap_active && (r = swap_off(b->swap_node)) < 0)
		log_error_errno(r, "Rollback: cannot deactivate swap on %s: %m", b->device);
	/* zram first: it holds its writeback mapping open. */
	if (b->zram_added && (r = zram_remove(b->zram_index, b->zram_hot_added)) < 0)
		log_error_errno(r, "Rollback: cannot remove zram%u: %m", b->zram_index);
	if (b->dm_active) {
		bool wiped;

		/* udev first, or its rules would run on a mapping being removed. */
		dm_cookie_wait(b->dm_udev_cookie);
		r = dmcrypt_deactivate(b->dmname, &wiped);
		if (r < 0)
			log_error_errno(r, "Rollback: cannot remove mapping %s: %m", b->dmname);
	}
	if (b->record_written && (r = zram_record_remove(b->o->name)) < 0)
		log_error_errno(r, "Rollback: cannot remove the zram record of %s: %m", b->o->name);
	if ((r = backing_file_unlink(&b->file)) < 0)
		log_error_errno(r, "Rollback: cannot remove the backing file %s: %m", b->file.base);
	/* Last: until everything above is undone, the volume is incomplete. */
	if (b->intent_written && (r = record_remove(INTENT_DIR, b->o->name)) < 0)
		log_error_errno(r, "Rollback: cannot remove the intent record of %s: %m",
		                b->o->name);
}

static void announce(struct build *b) {
	int r = device_announce(b->device);

	if (r < 0)
		log_warning_errno(r, "Cannot tell udev that %s was formatted: %m", b->device);
}

int volume_mount_options(const struct create_options *o, char **ret) {
	/* zram: freed blocks go back to RAM at once. */
	const char *base = o->backend == EPHVOL_BACKEND_ZRAM ? "discard" : NULL;
	char *opts = NULL;

	if (o->mount_options && base) {
		if (asprintf(&opts, "%s,%s", base, o->mount_options) < 0)
			return -ENOMEM;
	} else if ((o->mount_options || base) && !(opts = strdup(o->mount_options ?: base)))
		return -ENOMEM;
	*ret = opts;
	return 0;
}

/* Where to zero and format the volume: udev runs its rules for a new mapping
 * meanwhile (build_mapping_settle() waits for them), and neither needs any of them, so
 * until then the kernel's node; messages name b->device all the same. */
static const char *build_node(const struct build *b) {
	return b->dm_udev_pending ? b->dm_node : b->device;
}

int build_format_and_activate(struct build *b) {
	const struct create_options *o = b->o;
	_cleanup_free_ char *reason = NULL;
	bool zram = o->backend == EPHVOL_BACKEND_ZRAM;
	int r;

	if (o->role == EPHVOL_ROLE_RAW)
		return build_mapping_settle(b);

	if (o->role == EPHVOL_ROLE_SWAP) {
		uint8_t uuid[16];
		char uuid_str[37];

		/* The step keeps mkswap's name, though no mkswap runs: the header is ours. */
		step("mkswap");
		r = format_swap(build_node(b), uuid, &reason);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to format %s as swap: %s",
			                b->device, reason ?: strerror(-r));
		claim_uuid_to_string(uuid, uuid_str);
		log_debug("Swap area on %s has UUID %s.", b->device, uuid_str);
		if (!o->no_activate) {
			/* On the kernel's node, while udev works on the mapping: swap needs
			 * none of its names. Freed swap pages are discarded on zram so their
			 * RAM is returned at once (sys-mount.c: without discarding the whole
			 * fresh device first). */
			step("swapon");
			b->swap_node = build_node(b);
			r = swap_on(b->swap_node, o->priority, zram);
			if (r < 0)
				return log_fail(EXIT_RUNTIME, r,
				                "Failed to activate swap on %s: %m", b->device);
			b->swap_active = true;
			/* At boot, swap.target waits for this, not for udev (unit-gen.h). */
			up_notify_ready();
		}
		r = build_mapping_settle(b);
		if (r != 0)
			return r;
		announce(b);
		return 0;
	}

	step("mkfs");
	/* Authenticated: a block never written reads as an error, and mke2fs updates
	 * inode tables in place; written whole, they are valid when read. */
	r = format_fs(build_node(b), o->fstype, o->aead && !zram, &reason);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to format %s as %s: %s", b->device,
		                o->fstype, reason ?: strerror(-r));
	reason = mfree(reason);
	if (o->no_activate) {
		/* The .mount unit mounts it later, but its root must already have the
		 * owner and mode asked for: set them on a mount attached nowhere. Before
		 * the wait for udev, which meanwhile works on the mapping (at boot, the
		 * mount and the wait took 0.9 s and 0.7 s one after the other). */
		timeline_mark("root-mode");
		r = fs_mount_fd(build_node(b), -EBADF, o->fstype, NULL, o->mode, o->uid, o->gid,
		                &reason);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to set mode and owner of %s: %s",
			                b->device, reason ?: strerror(-r));
	}
	r = build_mapping_settle(b);
	if (r != 0)
		return r;
	announce(b);
	if (o->no_activate)
		return 0;
	{
		_cleanup_free_ char *opts = NULL;

		if (volume_mount_options(o, &opts) < 0)
			return log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
		/* The last step: nothing after it can fail and need an unmount. */
		step("mount");
		r = fs_mount_fd(b->device, b->mount_fd, o->fstype, opts, o->mode, o->uid, o->gid,
		                &reason);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to mount %s on %s: %s", b->device,
			                o->mountpoint, reason ?: strerror(-r));
	}
	return 0;
}

int build_zero_edges(struct build *b) {
	const struct create_options *o = b->o;
	int r;

	step("zero-edges");
	/* Authenticated, a block never written reads as an error (and dm-crypt logs it), and
	 * udev's probe reads these before anything else writes them: libblkid reads as far
	 * as 4 MiB + 4 KiB from the start (LUKS2's last secondary header) and 1.5 MiB back
	 * from the end, and the kernel reads ahead 128 KiB past a read (measured:
	 * integrity_test.sh). */
	r = device_zero_edges(build_node(b), o->aead ? 5 * MIB : MIB, o->aead ? 2 * MIB : MIB);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to clear the edges of %s: %m",
		                b->dm_device);
	return 0;
}

static int create_disk(struct build *b) {
	const struct create_options *o = b->o;
	int r;

	volume_dm_name(o->name, b->dmname, sizeof(b->dmname));
	r = build_activate_mapping(b, &(struct backing_spec){ o->device, o->file, o->file_size });
	if (r != 0)
		return r;
	snprintf(b->device, sizeof(b->device), "%s", b->dm_device);
	r = build_zero_edges(b);
	if (r != 0)
		return r;
	return build_format_and_activate(b);
}

/* Before the first change to the system: "NAME is being built" (intent.h). */
static int write_intent(struct build *b) {
	const struct create_options *o = b->o;
	struct intent i = { .backend = o->backend, .role = o->role };
	_cleanup_free_ char *text = NULL;
	int r;

	/* Where the kernel tells disks apart (diskseq), say which zram device will be
	 * ours before hot_add gives it; no other create may take it meanwhile. */
	if (o->backend == EPHVOL_BACKEND_ZRAM) {
		r = name_lock(ZRAM_ADD_LOCK, &b->zram_add_lock_fd);
		if (r < 0)
			return r;
		if (zram_predict_next(&i.zram_index) == 0 &&
		    block_diskseq_max(&i.diskseq_floor) == 0 && i.diskseq_floor > 0)
			i.zram_expected = true;
	}
	r = intent_format(&i, &text);
	if (r < 0)
		return r;
	step("intent");
	r = record_write(INTENT_DIR, o->name, text);
	if (r < 0)
		return r;
	b->intent_written = true;
	return 0;
}

/* R from a dlopen_*() of SONAME: 0, or the exit status of the one line that says
 * what it was needed for and why it could not be loaded (ERROR, dlerror()'s). */
static int require_library(int r, const char *soname, const char *needed_for, const char *error) {
	if (r == -EOPNOTSUPP)
		return log_fail(EXIT_RUNTIME, r, "Cannot load %s (needed %s): %s", soname,
		                needed_for, error);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot load %s: %m", soname);
	return 0;
}

int require_cryptsetup(void) {
	return require_library(dlopen_cryptsetup(), LIBCRYPTSETUP_SONAME, "for dm-crypt volumes",
	                       dlopen_cryptsetup_error());
}

int require_devmapper(void) {
	return require_library(dlopen_devmapper(), LIBDEVMAPPER_SONAME,
	                       "to take dm-crypt volumes down", dlopen_devmapper_error());
}

int require_blkid(void) {
	return require_library(dlopen_blkid(), LIBBLKID_SONAME, "to probe devices",
	                       dlopen_blkid_error());
}

/* Before anything is built: does this kernel do the cipher, with that key size? */
static int check_cipher(const struct create_options *o) {
	int r;

	if (strncmp(o->cipher, "cipher_null", 11) == 0)
		return log_fail(EXIT_USAGE, 0, "Cipher %s-%s does not encrypt; ephvol refuses it.",
		                o->cipher, o->cipher_mode);
	/* Exit 2 is for what the caller chose. ephvol's own pick for this CPU is left to
	 * dm-crypt (build_activate_mapping() names the cause if it refuses): asked before
	 * the volume's driver is registered, as in a boot's setup service, AF_ALG has the
	 * kernel run modprobe for af_alg and algif_skcipher, 0.6-2.9 s, for nothing. */
	if (o->cipher_picked || o->aead)
		return 0;
	r = kernel_cipher_check(o->cipher, o->cipher_mode, o->key_bits);
	if (r == -ENOENT)
		return log_fail(EXIT_USAGE, r, "Cipher %s-%s is not offered by this kernel.",
		                o->cipher, o->cipher_mode);
	if (r == -EINVAL)
		return log_fail(EXIT_USAGE, r, "Cipher %s-%s cannot use a %u-bit key.", o->cipher,
		                o->cipher_mode, o->key_bits);
	if (r < 0)
		/* No AF_ALG and not in /proc/crypto yet: dm-crypt will have the last word. */
		log_debug_errno(r, "Cannot check cipher %s-%s in advance: %m", o->cipher,
		                o->cipher_mode);
	return 0;
}

/* The mount point is resolved once, here, and mounted on by its fd. */
int mountpoint_open(const char *path, int *ret_fd) {
	_cleanup_free_ char *link = NULL;
	_cleanup_close_ int fd = -EBADF;
	struct stat st;
	int r;

	r = path_open_trusted(path, false, &fd, NULL, &link);
	if (r == -EPERM)
		return log_fail(EXIT_REFUSED, r,
		                "Refusing to mount on %s: %s is a symbolic link that a user other "
		                "than root could have planted.",
		                path, link);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Mount point %s: %m", path);
	if (fstat(fd, &st) < 0)
		return log_fail(EXIT_RUNTIME, -errno, "Mount point %s: %m", path);
	if (!S_ISDIR(st.st_mode))
		return log_fail(EXIT_USAGE, -ENOTDIR, "Mount point %s: %m", path);
	*ret_fd = TAKE_FD(fd);
	return 0;
}

/* Whether NAME is taken, from what marks a volume in the kernel or in /run: its
 * mappings (sysfs, whether or not udev made their nodes), its zram device as its
 * record names it (a record whose device is gone is stale, as for status), the
 * intent of a create that stopped midway. Not the full scan status does (swaps,
 * mounts, every mapping's state): create needs only the name. */
static bool volume_exists(const char *name) {
	char dm[DM_NAME_MAX], wb[DM_NAME_MAX];
	_cleanup_free_ char *text = NULL;
	struct zram_record rec;
	bool incomplete;
	int r;

	volume_dm_name(name, dm, sizeof(dm));
	writeback_dm_name(name, wb, sizeof(wb));
	if (dmcrypt_exists(dm) || dmcrypt_exists(wb))
		return true;
	r = zram_record_load(name, &rec);
	if (r == 0 && zram_record_matches("/", &rec, &incomplete) != 0)
		return true;
	return record_read(INTENT_DIR, name, &text) != -ENOENT;
}

int create_volume(const struct create_options *o, char *ret_device, size_t size) {
	_cleanup_close_ int lock_fd = -EBADF, mount_fd = -EBADF;
	struct build b = { .o = o,
		           .disk_lock_fd = -EBADF,
		           .zram_add_lock_fd = -EBADF,
		           .mount_fd = -EBADF,
		           .file = { .fd = -EBADF, .dir_fd = -EBADF } };
	int r;

	if (o->mount_options) {
		_cleanup_(mount_options_done) struct mount_options mo = {};

		if (mount_options_parse(o->mount_options, &mo) < 0)
			/* Not echoed: it may hold the very control character. */
			return log_usage(
			        "Invalid --mount-options of volume %s: an empty option or a "
			        "control character.",
			        o->name);
	}
	timeline_mark("checks");
	if (o->mountpoint) {
		r = mountpoint_open(o->mountpoint, &mount_fd);
		if (r != 0)
			return r;
		b.mount_fd = mount_fd;
	}
	if (geteuid() != 0)
		return log_fail(EXIT_RUNTIME, -EPERM, "Creating volume %s needs root privileges.",
		                o->name);

	process_protect_keys();
	timeline_mark("lock");
	r = name_lock(o->name, &lock_fd);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot lock volume name %s: %m", o->name);
	timeline_mark("exists");
	if (volume_exists(o->name))
		return log_fail(EXIT_RUNTIME, -EEXIST, "Volume %s already exists.", o->name);

	if (o->backend == EPHVOL_BACKEND_DISK || o->writeback) {
		timeline_mark("cipher-check");
		r = check_cipher(o);
		if (r != 0)
			return r;
	}

	r = write_intent(&b);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to record the creation of %s in %s: %m",
		                o->name, INTENT_DIR);
	r = o->backend == EPHVOL_BACKEND_ZRAM ? create_zram(&b) : create_disk(&b);
	if (r == 0) {
		/* The volume is complete: the last step. */
		step("done");
		r = record_remove(INTENT_DIR, o->name);
		if (r < 0)
			r = log_fail(EXIT_RUNTIME, r,
			             "Failed to remove the intent record of %s: %m", o->name);
	}
	if (r != 0)
		build_rollback(&b);
	b.disk_lock_fd = safe_close(b.disk_lock_fd);
	b.zram_add_lock_fd = safe_close(b.zram_add_lock_fd);
	backing_file_done(&b.file);
	if (r == 0 && ret_device)
		snprintf(ret_device, size, "%s", b.device);
	return r;
}

int verb_create(struct ephvol_ctx *ctx, int argc, char **argv) {
	_cleanup_(create_options_done) struct create_options o = {};
	char device[PATH_MAX];
	int r;

	r = create_options_parse(argc, argv, &o);
	if (r != 0)
		return r > 0 ? 0 : r;
	r = create_volume(&o, device, sizeof(device));
	if (r != 0)
		return r;

	if (o.json) {
		_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
		struct ephvol_volume *list[2] = {};

		r = ephvol_volume_lookup(ctx, o.name, &v);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r,
			                "Volume %s was created but cannot be read back: %m",
			                o.name);
		list[0] = v;
		return volumes_print_json(list);
	}
	if (!arg_quiet)
		printf("%s %s volume %s on %s%s.\n", o.no_activate ? "Prepared" : "Created",
		       ephvol_role_to_string(o.role), o.name, device,
		       o.no_activate && o.role != EPHVOL_ROLE_RAW ? "; not activated" : "");
	return 0;
}
