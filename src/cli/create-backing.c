/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* create: the dm-crypt mapping of a disk volume or of zram's writeback, over a
 * partition or a loop device over a file. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backing-check.h"
#include "claim.h"
#include "create-build.h"
#include "log.h"
#include "step.h"
#include "sys-dm.h"
#include "sys-kcapi.h"
#include "verbs.h"

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

/* The backing file, held open (and locked) from its checks to the loop attach. */
static int open_backing_file(struct build *b, const struct backing_spec *spec) {
	_cleanup_free_ char *link = NULL;
	int r;

	step("file-open");
	r = backing_file_open(spec->file, spec->file_size, &b->file, &link);
	if (r == -EPERM)
		return log_fail(EXIT_REFUSED, r,
		                "Refusing to use %s: %s is a symbolic link that a user other than "
		                "root could have planted.",
		                spec->file, link);
	if (r == -ELOOP)
		return log_fail(EXIT_REFUSED, r, "Refusing to use %s: it is a symbolic link.",
		                spec->file);
	if (r == -EBUSY)
		return log_fail(EXIT_REFUSED, r,
		                "Refusing to use %s: another ephvol command is using it.",
		                spec->file);
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
		return log_fail(EXIT_RUNTIME, r, "Cannot open backing file %s: %m", spec->file);
	/* A file this create made is new: nothing on it to protect. */
	return b->file.created ? 0 : backing_check(spec->file, &b->file, b->o->force, "use");
}

/* The block device dm-crypt will sit on: the partition itself, or a loop device
 * over the file (attached here, kept open in *loop_fd until dm-crypt holds it). */
static int open_backing(struct build *b, const struct backing_spec *spec, char **ret_backing,
                        char **ret_blockdev, int *loop_fd) {
	const struct create_options *o = b->o;
	_cleanup_free_ char *backing = NULL, *loop = NULL;
	int r;

	if (spec->device) {
		timeline_mark("resolve");
		r = device_resolve(spec->device, &backing);
		if (r == -EOPNOTSUPP) /* a tag is found by a probe of every device */
			return require_blkid();
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
		timeline_mark("disk-lock");
		r = device_lock_whole_disk(backing, &b->disk_lock_fd);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot lock the disk holding %s: %m",
			                backing);
		r = backing_check(backing, NULL, o->force, "use");
		if (r != 0)
			return r;
		timeline_mark("claim-read");
		r = read_claim(backing, &b->data_offset);
		if (r != 0)
			return r;
		*ret_blockdev = strdup(backing);
		*ret_backing = TAKE_PTR(backing);
		return *ret_blockdev ? 0 : log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
	}

	r = open_backing_file(b, spec);
	if (r != 0)
		return r;
	step("loop-attach");
	r = loop_attach(b->file.fd, 0, &loop, loop_fd);
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
int build_activate_mapping(struct build *b, const struct backing_spec *spec) {
	const struct create_options *o = b->o;
	_cleanup_free_ char *backing = NULL, *blockdev = NULL;
	/* Holds an autoclear loop device alive until dm-crypt opens it. */
	_cleanup_close_ int loop_fd = -EBADF;
	struct dmcrypt_active active;
	const char *reason;
	uint64_t size;
	unsigned lbs, sector_size;
	int r;

	r = open_backing(b, spec, &backing, &blockdev, &loop_fd);
	if (r != 0)
		return r;

	timeline_mark("size");
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
	/* A plain IV repeats past 2 TiB: known only now that the size is. */
	r = o->aead ? 0 : cipher_spec_check(o->cipher, o->cipher_mode, size, sector_size, &reason);
	if (r < 0)
		return log_fail(EXIT_USAGE, r,
		                "Cipher %s-%s refused for %s (%" PRIu64 " bytes): %s.", o->cipher,
		                o->cipher_mode, backing, size, reason);

	/* Only now, for the key's memory: the safety probe above (libblkid reads about a MiB
	 * of the device) has freed its buffers, so the two never add up in our peak RSS. A
	 * failure is undone like any other. */
	timeline_mark("load-libcryptsetup");
	r = require_cryptsetup();
	if (r != 0)
		return r;
	r = dmcrypt_activate(
	        &(struct dmcrypt_params){
	                .dmname = b->dmname,
	                .device = blockdev,
	                .cipher = o->cipher,
	                .cipher_mode = o->cipher_mode,
	                .key_bits = o->key_bits,
	                .sector_size = sector_size,
	                .data_offset = b->data_offset,
	                .workqueues = o->workqueues,
	                .integrity_tag_bytes = o->aead ? o->aead->tag_bytes : 0,
	        },
	        &active);
	if (r < 0) {
		/* libdevmapper without a driver to talk to says ENOMEM: name the cause. */
		int c = dm_control_check();

		if (c < 0)
			return log_fail(EXIT_RUNTIME, c,
			                "Failed to activate dm-crypt mapping %s on %s: this kernel "
			                "has no device-mapper (/dev/mapper/control: %m).",
			                b->dmname, blockdev);
		if (o->cipher_picked) {
			c = kernel_cipher_check(o->cipher, o->cipher_mode, o->key_bits);
			if (c == -ENOENT || c == -EINVAL)
				return log_fail(
				        EXIT_RUNTIME, r,
				        "Failed to activate dm-crypt mapping %s on %s: this "
				        "kernel does not offer %s-%s with a %u-bit key, the "
				        "cipher picked for this CPU.",
				        b->dmname, blockdev, o->cipher, o->cipher_mode,
				        o->key_bits);
		}
		return log_fail(
		        EXIT_RUNTIME, r,
		        "Failed to activate dm-crypt mapping %s (%s-%s, %u-bit key) on %s: %m",
		        b->dmname, o->cipher, o->cipher_mode, o->key_bits, blockdev);
	}
	b->dm_active = true;
	b->dm_udev_pending = true;
	b->dm_udev_cookie = active.udev_cookie;
	loop_fd = safe_close(loop_fd);
	snprintf(b->dm_device, sizeof(b->dm_device), "/dev/mapper/%s", b->dmname);
	snprintf(b->dm_node, sizeof(b->dm_node), "%s", active.node);
	return 0;
}

int build_mapping_settle(struct build *b) {
	int r;

	if (!b->dm_udev_pending)
		return 0;
	timeline_mark("udev-wait");
	r = dm_cookie_wait(b->dm_udev_cookie);
	b->dm_udev_cookie = 0;
	b->dm_udev_pending = false;
	/* udev completes a cookie from the last of its rules, once it has made the names and
	 * written the database: only without that is there still something to wait for. */
	if (r <= 0)
		r = device_wait_udev(b->dm_device);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "udev did not finish with %s: %m", b->dm_device);
	return 0;
}
