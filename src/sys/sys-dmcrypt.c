/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dm-crypt mappings, with the volume key kept out of the dm table.
 *
 * A plain mapping (cryptsetup open --type plain, crypttab's swap) puts the key into the
 * table, where `dmsetup table --showkeys` reads it back. dm-crypt can instead take its
 * key from the kernel keyring: the table then names a logon key, whose payload the
 * kernel never hands to user space (sys-keyring.c). libcryptsetup does that only for
 * LUKS2, and would need a header and its crypto backend (about 100 ms under emulation)
 * for it; the table is ours to write (dm-crypt-table.c) and load (sys-dm.c). Nothing on
 * the device or in /run says LUKS: the whole device is ciphertext, and the key exists
 * only in dm-crypt. libcryptsetup stays for the key's memory, crypt_safe_alloc().
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "aead.h"
#include "dlopen-cryptsetup.h"
#include "dm-crypt-table.h"
#include "dm-name.h"
#include "log.h"
#include "run-paths.h"
#include "step.h"
#include "sys-dm.h"
#include "sysfs-block.h"
#include "sys.h"

static void crypt_safe_freep(char **p) {
	if (*p)                          /* else the library may not even be loaded */
		sym_crypt_safe_free(*p); /* wipes before freeing */
}

static int random_key(char *key, size_t size) {
	size_t done = 0;

	while (done < size) {
		ssize_t k = getrandom(key + done, size - done, 0);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		done += (size_t)k;
	}
	return 0;
}

/* What the udev rule needs before the activation's events: the link name, the
 * mapping's name without its prefix (also for a writeback mapping). A function
 * of the file's name alone, so one left by a crash is never wrong. */
int dm_udev_name_write(const char *dmname) {
	_cleanup_free_ char *text = NULL;

	if (strncmp(dmname, DM_NAME_PREFIX, strlen(DM_NAME_PREFIX)) != 0)
		return 0;
	if (asprintf(&text, "EPHVOL_NAME=%s\n", dmname + strlen(DM_NAME_PREFIX)) < 0)
		return -ENOMEM;
	return record_write(UDEV_NAME_DIR, dmname, text);
}

void dm_udev_name_remove(const char *dmname) {
	int r = record_remove(UDEV_NAME_DIR, dmname);

	if (r < 0)
		log_debug_errno(r, "Cannot remove %s/%s: %m", UDEV_NAME_DIR, dmname);
}

#ifdef EPHVOL_TEST_HOOKS
/* Test builds only: hand the key to the test suite so it can prove the key is
 * found nowhere after destroy. Never compiled into a real build. Every byte is
 * inverted, so that the file (in the guest's RAM) is not itself a copy of the key
 * that a search of all memory would find. */
static void test_hook_leak_key(const char *key, size_t size) {
	const char *path = getenv("EPHVOL_TEST_KEY_FILE");
	_cleanup_close_ int fd = -EBADF;

	if (!path)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	for (size_t i = 0; fd >= 0 && i < size; i++) {
		unsigned char inv = (unsigned char)~key[i];

		if (write(fd, &inv, 1) != 1) {
			log_warning("test hook: short write to %s", path);
			break;
		}
	}
}
#else
static void test_hook_leak_key(const char *key _unused_, size_t size _unused_) {
}
#endif

/* The data device as device-mapper names it, and the length of the encrypted area, from
 * one descriptor: the node is looked at once. */
static int data_device(const struct dmcrypt_params *p, dev_t *ret_dev, uint64_t *ret_sectors) {
	_cleanup_close_ int fd = open(p->device, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	struct stat st;
	uint64_t bytes;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISBLK(st.st_mode))
		return -ENOTBLK;
	if (ioctl(fd, BLKGETSIZE64, &bytes) < 0)
		return -errno;
	if (bytes <= p->data_offset || (bytes - p->data_offset) % p->sector_size)
		return -EINVAL;
	*ret_dev = st.st_rdev;
	*ret_sectors = (bytes - p->data_offset) / 512;
	return 0;
}

/* With its workqueues kept, a mapping's crypto work runs at high priority where dm-crypt
 * can (1.26, Linux 6.10): swap and /tmp are what a loaded machine waits on. */
static bool crypt_has_high_priority(void) {
	unsigned v[3];
	int r = dm_target_version("crypt", v);

	if (r < 0) {
		log_debug_errno(r, "Cannot tell dm-crypt's version: %m");
		return false;
	}
	log_debug("dm-crypt %u.%u.%u.", v[0], v[1], v[2]);
	return dm_crypt_version_at_least(v, DM_CRYPT_HIGH_PRIORITY_VERSION);
}

static int load_table(const struct dmcrypt_params *p, const char *key_description,
                      unsigned key_size, dev_t dev, uint64_t offset, uint64_t sectors,
                      bool no_workqueues, bool high_priority, uint32_t *ret_cookie,
                      dev_t *ret_devnum) {
	_cleanup_free_ char *params = NULL;
	char uuid[sizeof("CRYPT-PLAIN-") + DM_NAME_MAX];
	int r;

	r = dm_crypt_table_format(
	        &(struct dm_crypt_table){
	                .cipher = p->cipher,
	                .cipher_mode = p->cipher_mode,
	                .key_bytes = key_size,
	                .key_description = key_description,
	                .major = major(dev),
	                .minor = minor(dev),
	                .offset_sectors = offset / 512,
	                .sector_size = p->sector_size,
	                .no_workqueues = no_workqueues,
	                .high_priority = high_priority,
	                .integrity_tag_bytes = p->integrity_tag_bytes,
	        },
	        &params);
	if (r < 0)
		return r;
	/* The type cryptsetup gives a mapping with no header, so that `cryptsetup status`
	 * reads it: "PLAIN". */
	snprintf(uuid, sizeof(uuid), "CRYPT-PLAIN-%s", p->dmname);
	return dm_create(p->dmname, uuid, sectors, "crypt", params, ret_cookie, ret_devnum);
}

/* devtmpfs makes the node as the kernel adds the device, named as the kernel names it
 * (dm-MINOR); udev's names come later. Only root writes /dev, but it must still be
 * that device. */
static int kernel_node(dev_t devnum, char *buf, size_t size) {
	struct stat st;

	snprintf(buf, size, "/dev/dm-%u", minor(devnum));
	if (lstat(buf, &st) < 0)
		return -errno;
	return S_ISBLK(st.st_mode) && st.st_rdev == devnum ? 0 : -ENODEV;
}

static void integrity_undop(const char **crypt_dmname) {
	int r;

	if (*crypt_dmname && (r = integrity_deactivate(*crypt_dmname, false)) < 0)
		log_debug_errno(r, "Cannot remove the integrity mapping of %s: %m", *crypt_dmname);
}

int dmcrypt_activate(const struct dmcrypt_params *p, struct dmcrypt_active *ret) {
	struct dmcrypt_active a = {};
	dev_t devnum = 0;
	_cleanup_(crypt_safe_freep) char *key = NULL;
	_cleanup_(keyring_invalidatep) int32_t key_id = 0;
	/* The crypt mapping whose integrity mapping is to go if this fails. */
	_cleanup_(integrity_undop) const char *integrity_built = NULL;
	size_t key_size = p->key_bits / 8;
	uint64_t offset;
	char description[DM_NAME_MAX + 16];
	uint64_t sectors = 0;
	bool high_priority;
	dev_t dev = 0;
	int r;

	/* crypt_safe_alloc() is the library's (libdevmapper, one of its own, is loaded by
	 * dm_create()). */
	r = dlopen_cryptsetup();
	if (r < 0)
		return r;
	r = data_device(p, &dev, &sectors);
	if (r < 0)
		return r;
	offset = p->data_offset;

	/* As the other callers of module_load(): only when it is not there, so that
	 * libkmod is loaded (and its indexes read) only then. */
	if (access("/sys/module/dm_crypt", F_OK) < 0) {
		r = module_load("dm_crypt", NULL);
		if (r < 0)
			log_debug_errno(
			        r, "Loading dm_crypt failed, device-mapper may still load it: %m");
	}

	if (p->integrity_tag_bytes) {
		/* The crypt mapping then spans what dm-integrity provides, from its start. */
		r = integrity_activate(
		        &(struct integrity_params){
		                .crypt_dmname = p->dmname,
		                .device = p->device,
		                .dev = dev,
		                .offset = p->data_offset,
		                .tag_bytes = p->integrity_tag_bytes,
		                .block_size = p->sector_size,
		        },
		        &dev, &sectors);
		if (r < 0)
			return r;
		integrity_built = p->dmname;
		offset = 0;
	}

	step("dm-key");
	/* Locked, non-swappable memory that libcryptsetup wipes on free. */
	key = sym_crypt_safe_alloc(key_size);
	if (!key)
		return -ENOMEM;
	r = random_key(key, key_size);
	if (r < 0)
		return r;
	test_hook_leak_key(key, key_size);
	snprintf(description, sizeof(description), "ephvol:%s", p->dmname);
	r = keyring_add_logon_key(description, key, key_size, &key_id);
	/* From here the kernel's copy is the only one. */
	sym_crypt_safe_free(TAKE_PTR(key));
	if (r < 0)
		return r;

	r = dm_udev_name_write(p->dmname);
	if (r < 0)
		return r;
	high_priority = p->workqueues && crypt_has_high_priority();
	step("dm-activate");
	r = load_table(p, description, key_size, dev, offset, sectors, !p->workqueues,
	               high_priority, &a.udev_cookie, &devnum);
	if (r == -EINVAL && !p->workqueues) {
		/* Kernels before 5.9 do not know the no-workqueue options. */
		log_debug("Activating %s without the no-workqueue options.", p->dmname);
		r = load_table(p, description, key_size, dev, offset, sectors, false, false,
		               &a.udev_cookie, &devnum);
	}
	if (r < 0) {
		dm_udev_name_remove(p->dmname);
		return r;
	}
	integrity_built = NULL; /* removed with the crypt mapping from now on */
	if (kernel_node(devnum, a.node, sizeof(a.node)) < 0) {
		/* Then by udev's name, once udev is done. */
		log_debug("No devtmpfs node for %s; waiting for udev.", p->dmname);
		dm_cookie_wait(a.udev_cookie);
		a.udev_cookie = 0;
		snprintf(a.node, sizeof(a.node), "/dev/mapper/%s", p->dmname);
	}
	/* dm-crypt has its copy: the keyring's goes as this scope ends. */
	*ret = a;
	return 0;
}

/* The kernel's own view, by name: dm/suspended of the device whose dm/name it is.
 * 1 or 0; -ENODEV if there is no such mapping. */
static int dm_sysfs_suspended(const char *dmname) {
	_cleanup_free_ char *kname = NULL, *susp = NULL;
	int r;

	r = sysfs_block_find_dm("/", dmname, &kname);
	if (r < 0)
		return r == -ENOENT ? -ENODEV : r;
	if (sysfs_block_read("/", kname, "dm/suspended", &susp) < 0)
		return -ENODATA;
	return streq(susp, "1");
}

bool dmcrypt_exists(const char *dmname) {
	return dm_sysfs_suspended(dmname) >= 0 || integrity_exists(dmname);
}

/* What a mapping leaves in /run, which nothing reads once device-mapper has let go of it
 * (or will, for a deferred removal): its udev name file, and the LUKS2 header that ephvol
 * up to 0.5 kept there, for a volume it made before an upgrade. Tries both: 1 if there
 * was any, else 0, or the first error. */
static int mapping_files_unlink(const char *dmname) {
	const char *dirs[] = { UDEV_NAME_DIR, LEGACY_HEADER_DIR };
	int found = 0, r = 0;

	for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
		char path[256];

		snprintf(path, sizeof(path), "%s/%s", dirs[i], dmname);
		if (unlink(path) == 0)
			found = 1;
		else if (errno != ENOENT) {
			int e = -errno;

			log_debug_errno(e, "Cannot remove %s: %m", path);
			if (r == 0)
				r = e;
		}
	}
	return r < 0 ? r : found;
}

static void mapping_files_remove(const char *dmname) {
	int r = mapping_files_unlink(dmname);

	if (r < 0)
		log_warning_errno(r, "Cannot remove the files of %s in " EPHVOL_RUN_DIR ": %m",
		                  dmname);
}

int dmcrypt_files_remove_orphan(const char *dmname) {
	char iname[DM_NAME_MAX + 16];
	int r, k;

	if (dmcrypt_exists(dmname))
		return 0;
	/* A create killed after it wrote the integrity mapping's udev file. */
	integrity_dm_name(dmname, iname, sizeof(iname));
	r = mapping_files_unlink(dmname);
	k = mapping_files_unlink(iname);
	return r < 0 ? r : k < 0 ? k : r || k;
}

int dmcrypt_deactivate(const char *dmname, bool *ret_key_wiped) {
	_cleanup_close_ int wipe_lock = -EBADF; /* released last */
	bool suspended;
	int r;

	/* Left suspended by a destroy that was killed: dm-crypt has already been told to
	 * wipe the key, or the removal frees it; a second suspend and wipe would change
	 * nothing. */
	int state = dm_sysfs_suspended(dmname);

	*ret_key_wiped = false;
	if (state == -ENODEV && integrity_exists(dmname)) {
		/* A destroy killed between the two removals: no key is left. */
		r = integrity_deactivate(dmname, false);
		return r < 0 ? r : 0;
	}
	suspended = state == 1;

	/* Crypto-erase first: suspend flushes and freezes the device, then dm-crypt
	 * overwrites its key ("key wipe"). What remains on disk is unreadable even
	 * if the removal below were to fail. */
	timeline_mark("wipe-lock");
	r = name_lock(DM_WIPE_LOCK, &wipe_lock);
	if (r < 0)
		return r;
	if (!suspended) {
		/* A probe still queued (udev after swapoff) would block on the suspended
		 * device and keep it open; let it run first. */
		timeline_mark("udev-settle");
		if (udev_settle() < 0)
			log_debug("udev did not settle before suspending %s.", dmname);
		step("suspend");
		r = dm_suspend_wipe_key(dmname);
		if (r < 0)
			log_debug_errno(r, "Suspending %s to wipe its key failed: %m", dmname);
		else
			*ret_key_wiped = true;
	}
	step("dm-remove");
	r = dm_remove(dmname, false);
	if (r == -EBUSY && (*ret_key_wiped || suspended)) {
		/* Only a transient opener is left (the file system or swap is gone), and
		 * its I/O waits on the suspended device. The key is already wiped, so
		 * nothing is lost by failing that I/O: swap in an error table. */
		log_debug("%s still open after its key was wiped; forcing removal.", dmname);
		r = dm_replace_with_error(dmname);
		if (r >= 0)
			r = dm_remove(dmname, false);
	}
	if (r < 0)
		return r;
	step("files-remove");
	mapping_files_remove(dmname);
	r = integrity_deactivate(dmname, false);
	return r < 0 ? r : 0;
}

int dmcrypt_deactivate_deferred(const char *dmname) {
	int r;

	r = dm_remove(dmname, true);
	if (r < 0)
		return r;
	mapping_files_remove(dmname);
	r = integrity_deactivate(dmname, true);
	return r < 0 ? r : 0;
}

int dmcrypt_remove_orphan_integrity(const char *dmname) {
	return dm_sysfs_suspended(dmname) == -ENODEV ? integrity_deactivate(dmname, false) : 0;
}
