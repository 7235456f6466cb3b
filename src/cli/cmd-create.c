/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * create: every step that changes the system is recorded in struct build, and
 * a failure at any step undoes them in reverse, so a failed create leaves the
 * system as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backing-check.h"
#include "claim.h"
#include "create-options.h"
#include "fileio.h"
#include "log.h"
#include "size-expr.h"
#include "sys-kcapi.h"
#include "sys.h"
#include "verbs.h"
#include "zram-record.h"

struct build {
	const struct create_options *o;
	char dmname[64];          /* the dm-crypt mapping: the volume, or zram's writeback */
	char dm_device[PATH_MAX]; /* /dev/mapper/dmname */
	char device[PATH_MAX];    /* the volume's own block device */
	bool dm_active;
	bool zram_added;
	bool zram_hot_added; /* false: a device the module already had; reset, not removed */
	unsigned zram_index;
	char record_path[PATH_MAX];
	bool record_written;
	bool swap_active;
	bool mounted;
	bool file_created;
	char file_path[PATH_MAX]; /* a backing file this create made, removed on failure */
	int disk_lock_fd;         /* flock on the whole disk while we check and write it */
	uint64_t data_offset;     /* where the encrypted area starts (after a claim header) */
};

static void build_rollback(struct build *b) {
	int r;

	if (b->mounted && (r = fs_umount(b->o->mountpoint, false)) < 0)
		log_error_errno(r, "Rollback: cannot unmount %s: %m", b->o->mountpoint);
	if (b->swap_active && (r = swap_off(b->device)) < 0)
		log_error_errno(r, "Rollback: cannot deactivate swap on %s: %m", b->device);
	/* zram first: it holds its writeback mapping open. */
	if (b->zram_added && (r = zram_remove(b->zram_index, b->zram_hot_added)) < 0)
		log_error_errno(r, "Rollback: cannot remove zram%u: %m", b->zram_index);
	if (b->dm_active) {
		bool wiped;

		r = dmcrypt_deactivate(b->dmname, &wiped);
		if (r < 0)
			log_error_errno(r, "Rollback: cannot remove mapping %s: %m", b->dmname);
	}
	if (b->record_written && unlink(b->record_path) < 0 && errno != ENOENT)
		log_error_errno(-errno, "Rollback: cannot remove %s: %m", b->record_path);
	if (b->file_created && unlink(b->file_path) < 0 && errno != ENOENT)
		log_error_errno(-errno, "Rollback: cannot remove %s: %m", b->file_path);
}

/* Keys must not end up in a core dump, and no other process of ours may ptrace us. */
static void harden_process(void) {
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
}

static void announce(struct build *b) {
	int r = device_announce(b->device);

	if (r < 0)
		log_warning_errno(r, "Cannot tell udev that %s was formatted: %m", b->device);
}

/* --no-activate: the .mount unit will mount the file system where the users are,
 * but its root must already have the mode and owner asked for; so mount it once
 * where nobody looks, set them, and unmount. */
static int prepare_root_unmounted(struct build *b) {
	const struct create_options *o = b->o;
	char dir[PATH_MAX];
	int r, k;

	r = run_dir_prepare(EPHVOL_RUN_DIR);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot create %s: %m", EPHVOL_RUN_DIR);
	snprintf(dir, sizeof(dir), EPHVOL_RUN_DIR "/.prepare-%s", o->name);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return log_fail(EXIT_RUNTIME, -errno, "Cannot create %s: %m", dir);
	r = fs_mount(b->device, dir, o->fstype, NULL);
	if (r < 0) {
		(void)rmdir(dir);
		return log_fail(EXIT_RUNTIME, r, "Failed to mount %s on %s: %m", b->device, dir);
	}
	r = dir_prepare_root(dir, o->mode, o->uid, o->gid);
	k = fs_umount(dir, false);
	(void)rmdir(dir);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to set mode and owner of %s: %m",
		                b->device);
	if (k < 0)
		return log_fail(EXIT_RUNTIME, k, "Failed to unmount %s from %s: %m", b->device,
		                dir);
	return 0;
}

static int format_and_activate(struct build *b) {
	const struct create_options *o = b->o;
	_cleanup_free_ char *reason = NULL;
	bool zram = o->backend == EPHVOL_BACKEND_ZRAM;
	int r;

	if (o->role == EPHVOL_ROLE_RAW)
		return 0;

	if (o->role == EPHVOL_ROLE_SWAP) {
		r = format_swap(b->device, &reason);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to format %s as swap: %s",
			                b->device, reason ?: strerror(-r));
		announce(b);
		if (o->no_activate)
			return 0;
		/* Freed swap pages are discarded on zram so their RAM is returned at once. */
		r = swap_on(b->device, o->priority, zram);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to activate swap on %s: %m",
			                b->device);
		b->swap_active = true;
		return 0;
	}

	r = format_fs(b->device, o->fstype, &reason);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to format %s as %s: %s", b->device,
		                o->fstype, reason ?: strerror(-r));
	announce(b);
	if (o->no_activate)
		return prepare_root_unmounted(b);
	{
		_cleanup_free_ char *opts = NULL;
		const char *base = zram ? "discard" : NULL;

		if (o->mount_options && base) {
			if (asprintf(&opts, "%s,%s", base, o->mount_options) < 0)
				return log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
		} else if (o->mount_options || base)
			opts = strdup(o->mount_options ?: base);
		r = fs_mount(b->device, o->mountpoint, o->fstype, opts);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to mount %s on %s: %m", b->device,
			                o->mountpoint);
	}
	b->mounted = true;
	r = dir_prepare_root(o->mountpoint, o->mode, o->uid, o->gid);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to set mode and owner of %s: %m",
		                o->mountpoint);
	return 0;
}

static int write_zram_record(struct build *b, uint64_t disksize) {
	struct zram_record rec = { .index = b->zram_index,
		                   .role = b->o->role,
		                   .disksize = disksize,
		                   .hot_added = b->zram_hot_added };
	_cleanup_free_ char *text = NULL;
	_cleanup_close_ int fd = -EBADF;
	char tmp[PATH_MAX];
	int r;

	if (b->dm_active)
		snprintf(rec.writeback, sizeof(rec.writeback), "%s", b->dmname);
	r = zram_record_format(&rec, &text);
	if (r < 0)
		return r;
	r = run_dir_prepare(ZRAM_RECORD_DIR);
	if (r < 0)
		return r;
	zram_record_path(b->o->name, b->record_path, sizeof(b->record_path));
	snprintf(tmp, sizeof(tmp), ZRAM_RECORD_DIR "/.%s.tmp", b->o->name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		r = errno > 0 ? -errno : -EIO;
		(void)unlink(tmp);
		return r;
	}
	/* rename(2) makes the record appear whole or not at all. */
	if (rename(tmp, b->record_path) < 0) {
		r = -errno;
		(void)unlink(tmp);
		return r;
	}
	b->record_written = true;
	return 0;
}

/* A claimed device keeps its header: the encrypted area starts after it. */
static int read_claim(const char *backing, uint64_t *ret_offset) {
	struct claim c;
	int r;

	r = claim_read(backing, &c);
	if (r == -ENODATA) {
		*ret_offset = 0;
		return 0;
	}
	if (r == -EBADMSG)
		return log_fail(
		        EXIT_REFUSED, r,
		        "Refusing to use %s: its ephvol claim header is damaged; claim it again.",
		        backing);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the start of %s: %m", backing);
	*ret_offset = c.data_offset;
	return 0;
}

/* What a dm-crypt mapping sits on: a device (path or tag), or a file with a
 * size for when it has to be created (0: it must exist). */
struct backing_spec {
	const char *device;
	const char *file;
	uint64_t file_size;
};

/* The block device dm-crypt will sit on: the partition itself, or a loop device
 * over the file (attached here, kept open in *loop_fd until dm-crypt holds it). */
static int open_backing(struct build *b, const struct backing_spec *spec, char **ret_backing,
                        char **ret_blockdev, int *loop_fd) {
	const struct create_options *o = b->o;
	_cleanup_free_ char *backing = NULL, *loop = NULL;
	int r;

	if (spec->device) {
		r = device_resolve(spec->device, &backing);
		if (r == -ENOTBLK)
			return log_fail(EXIT_USAGE, r, "Device %s is not a block device.",
			                spec->device);
		if (r == -EINVAL)
			return log_fail(EXIT_USAGE, r,
			                "Device %s: expected an absolute path, LABEL=, PARTUUID= "
			                "or PARTLABEL=.",
			                spec->device);
		if (r == -ENOTUNIQ)
			return log_fail(EXIT_REFUSED, r,
			                "Refusing to use %s: more than one device matches it.",
			                spec->device);
		if (r == -ENOENT && strncmp(spec->device, "LABEL=", 6) == 0)
			return log_fail(EXIT_RUNTIME, r,
			                "No device is claimed with %s (see ephvol claim).",
			                spec->device);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Device %s: %m", spec->device);
		/* Lock first, so nothing changes the disk between our checks and our writes. */
		r = device_lock_whole_disk(backing, &b->disk_lock_fd);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot lock the disk holding %s: %m",
			                backing);
		r = backing_check(backing, false, o->force, "use");
		if (r != 0)
			return r;
		r = read_claim(backing, &b->data_offset);
		if (r != 0)
			return r;
		*ret_blockdev = strdup(backing);
		*ret_backing = TAKE_PTR(backing);
		return *ret_blockdev ? 0 : log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
	}

	r = backing_file_prepare(spec->file, spec->file_size, &b->file_created);
	if (r == -EFBIG)
		return log_fail(EXIT_USAGE, r,
		                "Backing file %s exists with another size than --size.",
		                spec->file);
	if (r == -ENOENT)
		return log_fail(EXIT_USAGE, r,
		                "Backing file %s does not exist; give --size to create it.",
		                spec->file);
	if (r == -EINVAL || r == -EISDIR)
		return log_fail(EXIT_USAGE, r, "Backing file %s is not a regular file.",
		                spec->file);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot create backing file %s: %m", spec->file);
	if (b->file_created)
		snprintf(b->file_path, sizeof(b->file_path), "%s", spec->file);
	if (!b->file_created) {
		r = backing_check(spec->file, true, o->force, "use");
		if (r != 0)
			return r;
	}

	r = loop_attach(spec->file, 0, &loop, loop_fd);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to attach a loop device to %s: %m",
		                spec->file);
	backing = strdup(spec->file);
	if (!backing)
		return log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
	*ret_backing = TAKE_PTR(backing);
	*ret_blockdev = TAKE_PTR(loop);
	return 0;
}

/* The dm-crypt mapping b->dmname over the backing; *loop_fd is closed once
 * dm-crypt holds the loop device. */
static int activate_mapping(struct build *b, const struct backing_spec *spec) {
	const struct create_options *o = b->o;
	_cleanup_free_ char *backing = NULL, *blockdev = NULL;
	/* Holds an autoclear loop device alive until dm-crypt opens it. */
	_cleanup_close_ int loop_fd = -EBADF;
	uint64_t size;
	unsigned lbs, sector_size;
	int r;

	r = open_backing(b, spec, &backing, &blockdev, &loop_fd);
	if (r != 0)
		return r;

	r = device_get_size(blockdev, &size, &lbs);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the size of %s: %m", blockdev);
	if (b->data_offset >= size)
		return log_fail(EXIT_RUNTIME, 0, "%s is too small for its claim header.", backing);
	size -= b->data_offset;
	if (size < 2 * 1024 * 1024)
		return log_fail(EXIT_RUNTIME, 0,
		                "%s is too small (%" PRIu64 " bytes): at least 2M is needed.",
		                backing, size);
	r = sector_size_pick(size, lbs, o->sector_size, &sector_size);
	if (r < 0)
		return log_fail(EXIT_USAGE, r,
		                "%s cannot use sector size %u (logical block size %u, %" PRIu64
		                " bytes).",
		                backing, o->sector_size, lbs, size);

	r = dmcrypt_activate(&(struct dmcrypt_params){
	        .dmname = b->dmname,
	        .device = blockdev,
	        .cipher = o->cipher,
	        .cipher_mode = o->cipher_mode,
	        .key_bits = o->key_bits,
	        .sector_size = sector_size,
	        .data_offset = b->data_offset,
	        .workqueues = o->workqueues,
	});
	if (r < 0)
		return log_fail(
		        EXIT_RUNTIME, r,
		        "Failed to activate dm-crypt mapping %s (%s-%s, %u-bit key) on %s: %m",
		        b->dmname, o->cipher, o->cipher_mode, o->key_bits, blockdev);
	b->dm_active = true;
	loop_fd = safe_close(loop_fd);
	snprintf(b->dm_device, sizeof(b->dm_device), "/dev/mapper/%s", b->dmname);

	r = device_wait_udev(b->dm_device);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "udev did not finish with %s: %m", b->dm_device);
	return 0;
}

static int create_disk(struct build *b) {
	const struct create_options *o = b->o;
	int r;

	snprintf(b->dmname, sizeof(b->dmname), "ephvol-%s", o->name);
	r = activate_mapping(b, &(struct backing_spec){ o->device, o->file, o->file_size });
	if (r != 0)
		return r;
	snprintf(b->device, sizeof(b->device), "%s", b->dm_device);
	r = device_zero_edges(b->device);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to clear the edges of %s: %m", b->device);
	return format_and_activate(b);
}

/* zram writes back through dm-crypt, to a device or to a file (made sparse,
 * as large as the zram device, if it does not exist). */
static int create_writeback(struct build *b, uint64_t disksize) {
	const struct create_options *o = b->o;
	struct backing_spec spec = {};
	struct stat st;
	int r = o->writeback[0] == '/' && stat(o->writeback, &st) < 0 ? -errno : 0;

	if (o->writeback[0] != '/' || (r == 0 && S_ISBLK(st.st_mode)))
		spec.device = o->writeback;
	else {
		spec.file = o->writeback;
		if (r == -ENOENT)
			spec.file_size = disksize;
	}
	writeback_dm_name(o->name, b->dmname, sizeof(b->dmname));
	return activate_mapping(b, &spec);
}

/* A feature of the kernel's zram, asked for by an option: exit 2 without it. */
static int zram_require(struct build *b, const char *attr, const char *option, const char *needs) {
	if (zram_has_attr(b->zram_index, attr))
		return 0;
	return log_fail(EXIT_USAGE, -EOPNOTSUPP,
	                "Volume %s: %s: this kernel's zram has no %s (%s).", b->o->name, option,
	                attr, needs);
}

static int zram_check_algorithm(struct build *b, const char *alg) {
	int r = zram_has_algorithm(b->zram_index, alg);

	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the algorithms of %s: %m", b->device);
	if (r == 0)
		return log_fail(EXIT_USAGE, 0,
		                "Volume %s: the kernel's zram does not offer compression algorithm "
		                "'%s'.",
		                b->o->name, alg);
	return 0;
}

static int create_zram(struct build *b) {
	const struct create_options *o = b->o;
	struct size_expr_error e = {};
	const char *alg = o->comp_algorithm;
	uint64_t ram, size;
	int r;

	r = ram_total_bytes(&ram);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r,
		                "Cannot read the amount of RAM from /proc/meminfo: %m");
	r = zram_size_resolve(o, ram, &size, &e);
	if (r == -ERANGE && !e.message[0])
		return log_fail(EXIT_USAGE, r, "Volume %s: zram size must be at least 1M.",
		                o->name);
	if (r < 0)
		return log_fail(EXIT_USAGE, r, "Invalid size '%s' for volume %s: %s.",
		                o->zram_size ?: ZRAM_DEFAULT_SIZE, o->name, e.message);

	r = zram_acquire(&b->zram_index, &b->zram_hot_added);
	if (r == -ENODEV)
		return log_fail(EXIT_RUNTIME, r,
		                "No zram device for %s: the kernel cannot add one and has none "
		                "free.",
		                o->name);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to add a zram device for %s: %m", o->name);
	b->zram_added = true;
	snprintf(b->device, sizeof(b->device), "/dev/zram%u", b->zram_index);

	if (alg) {
		r = zram_check_algorithm(b, alg);
		if (r != 0)
			return r;
	} else if (zram_has_algorithm(b->zram_index, "lz4") > 0)
		alg = "lz4"; /* fast enough to keep swap-in latency low; else the kernel default */
	if (o->recomp_algorithm) {
		r = zram_require(b, "recomp_algorithm", "--recomp-algorithm",
		                 "CONFIG_ZRAM_MULTI_COMP, Linux 6.2 or later");
		if (r == 0)
			r = zram_check_algorithm(b, o->recomp_algorithm);
		if (r != 0)
			return r;
	}
	if (o->writeback) {
		r = zram_require(b, "backing_dev", "--writeback", "CONFIG_ZRAM_WRITEBACK");
		if (r != 0)
			return r;
		r = create_writeback(b, size);
		if (r != 0)
			return r;
	}

	r = zram_configure(b->zram_index, &(struct zram_params){
	                                          .comp_algorithm = alg,
	                                          .recomp_algorithm = o->recomp_algorithm,
	                                          .backing_dev = o->writeback ? b->dm_device : NULL,
	                                          .disksize = size,
	                                          .mem_limit = o->mem_limit,
	                                          .writeback_limit = o->writeback_limit,
	                                  });
	if (r < 0)
		return log_fail(
		        EXIT_RUNTIME, r, "Failed to configure %s (%" PRIu64 " bytes, %s%s%s): %m",
		        b->device, size, alg ?: "default compressor",
		        o->writeback ? ", writeback to " : "", o->writeback ? b->dm_device : "");
	r = write_zram_record(b, size);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to record %s as volume %s in %s: %m",
		                b->device, o->name, ZRAM_RECORD_DIR);
	return format_and_activate(b);
}

/* Before anything is built: does this kernel do the cipher, with that key size? */
static int check_cipher(const struct create_options *o) {
	int r;

	if (strncmp(o->cipher, "cipher_null", 11) == 0)
		return log_fail(EXIT_USAGE, 0, "Cipher %s-%s does not encrypt; ephvol refuses it.",
		                o->cipher, o->cipher_mode);
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

static int volume_exists(struct ephvol_ctx *ctx, const char *name) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	char dm[PATH_MAX], wb[64];
	int r;

	r = ephvol_volume_lookup(ctx, name, &v);
	if (r == 0)
		return 1;
	if (r != -ENOENT)
		return r;
	/* A mapping whose kernel state the scan does not show as ours still takes the name. */
	snprintf(dm, sizeof(dm), "/dev/mapper/ephvol-%s", name);
	if (access(dm, F_OK) == 0)
		return 1;
	writeback_dm_name(name, wb, sizeof(wb));
	snprintf(dm, sizeof(dm), "/dev/mapper/%s", wb);
	return access(dm, F_OK) == 0;
}

int verb_create(struct ephvol_ctx *ctx, int argc, char **argv) {
	_cleanup_(create_options_done) struct create_options o = {};
	_cleanup_close_ int lock_fd = -EBADF;
	struct build b = { .o = &o, .disk_lock_fd = -EBADF };
	struct stat st;
	int r;

	r = create_options_parse(argc, argv, &o);
	if (r < 0)
		return EXIT_USAGE;
	if (r > 0)
		return 0;

	if (o.mountpoint) {
		if (stat(o.mountpoint, &st) < 0)
			return log_fail(EXIT_RUNTIME, -errno, "Mount point %s: %m", o.mountpoint);
		if (!S_ISDIR(st.st_mode))
			return log_fail(EXIT_USAGE, -ENOTDIR, "Mount point %s: %m", o.mountpoint);
	}
	if (geteuid() != 0)
		return log_fail(EXIT_RUNTIME, -EPERM, "Creating volume %s needs root privileges.",
		                o.name);

	harden_process();
	r = name_lock(o.name, &lock_fd);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot lock volume name %s: %m", o.name);
	r = volume_exists(ctx, o.name);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the state of volume %s: %m", o.name);
	if (r > 0)
		return log_fail(EXIT_RUNTIME, -EEXIST, "Volume %s already exists.", o.name);

	if (o.backend == EPHVOL_BACKEND_DISK || o.writeback) {
		r = check_cipher(&o);
		if (r != 0)
			return r;
	}

	r = o.backend == EPHVOL_BACKEND_ZRAM ? create_zram(&b) : create_disk(&b);
	if (r != 0)
		build_rollback(&b);
	b.disk_lock_fd = safe_close(b.disk_lock_fd);
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
		return volumes_print_json(list) < 0 ? EXIT_RUNTIME : 0;
	}
	if (!arg_quiet)
		printf("%s %s volume %s on %s%s.\n", o.no_activate ? "Prepared" : "Created",
		       ephvol_role_to_string(o.role), o.name, b.device,
		       o.no_activate && o.role != EPHVOL_ROLE_RAW ? "; not activated" : "");
	return 0;
}
