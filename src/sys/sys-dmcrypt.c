/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dm-crypt through libcryptsetup, with the volume key kept out of the dm table.
 *
 * A plain mapping puts the key into the table, where `dmsetup table --showkeys`
 * reads it back. A LUKS2 device instead gets its key through the kernel keyring
 * (a logon key: the kernel will not hand its payload to user space) and its
 * table only names that key. So each volume gets a LUKS2 header that exists
 * only in /run, is detached from the data (the whole device is ciphertext, with
 * no header on disk) and has no keyslot: nothing can unlock it but the key we
 * hold for a moment. libcryptsetup loads the key into our thread keyring for
 * the table load; dm-crypt keeps its own copy; the keyring dies with the thread.
 * The header holds a PBKDF2 digest of the key, which reveals nothing of a
 * random 512-bit key, and is what crypt_suspend() needs to wipe the key later.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dlopen-cryptsetup.h"
#include "dm-name.h"
#include "fileio.h"
#include "log.h"
#include "run-paths.h"
#include "step.h"
#include "sys-dm.h"
#include "sysfs-block.h"
#include "sys.h"

/* The smallest LUKS2 header: two 16 KiB metadata copies and an (unused) 4 KiB
 * keyslot area, 36 KiB of tmpfs per volume. */
#define HEADER_METADATA_SIZE 16384
#define HEADER_KEYSLOTS_SIZE 4096

static void crypt_log_debug(int level, const char *msg, void *userdata _unused_) {
	/* libcryptsetup's errors are details of the one line the caller prints. */
	log_debug("libcryptsetup (%d): %.*s", level, (int)strcspn(msg, "\n"), msg);
}

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

void dmcrypt_header_path(const char *dmname, char *buf, size_t size) {
	snprintf(buf, size, HEADER_DIR "/%s", dmname);
}

/* What the udev rule needs before the activation's events: the link name, the
 * mapping's name without its prefix (also for a writeback mapping). A function
 * of the file's name alone, so one left by a crash is never wrong. */
static int udev_name_write(const char *dmname) {
	_cleanup_free_ char *text = NULL;

	if (strncmp(dmname, DM_NAME_PREFIX, strlen(DM_NAME_PREFIX)) != 0)
		return 0;
	if (asprintf(&text, "EPHVOL_NAME=%s\n", dmname + strlen(DM_NAME_PREFIX)) < 0)
		return -ENOMEM;
	return record_write(UDEV_NAME_DIR, dmname, text);
}

static void udev_name_remove(const char *dmname) {
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

int dmcrypt_activate(const struct dmcrypt_params *p) {
	_cleanup_(sym_crypt_freep) struct crypt_device *cd = NULL;
	_cleanup_(crypt_safe_freep) char *key = NULL;
	_cleanup_(unlink_and_freep) char *header_on_failure = NULL;
	_cleanup_close_ int hfd = -EBADF;
	size_t key_size = p->key_bits / 8;
	char header[256];
	/* The digest only has to tell our key from a wrong one; nobody types it. */
	struct crypt_pbkdf_type pbkdf = {
		.type = CRYPT_KDF_PBKDF2,
		.hash = "sha256",
		.iterations = 1000,
		.flags = CRYPT_PBKDF_NO_BENCHMARK,
	};
	struct crypt_params_luks2 params = {
		.pbkdf = &pbkdf,
		.sector_size = p->sector_size,
		.label = p->dmname,
		.subsystem = "ephvol",
	};
	uint32_t flags = 0;
	int r;

	/* Also for the key memory below: crypt_safe_alloc() is the library's. */
	r = dlopen_cryptsetup();
	if (r < 0)
		return r;
	sym_crypt_set_log_callback(NULL, crypt_log_debug, NULL);

	/* As the other callers of module_load(): only when it is not there, so that
	 * libkmod is loaded (and its indexes read) only then. */
	if (access("/sys/module/dm_crypt", F_OK) < 0) {
		r = module_load("dm_crypt", NULL);
		if (r < 0)
			log_debug_errno(
			        r, "Loading dm_crypt failed, device-mapper may still load it: %m");
	}

	r = run_dir_prepare(HEADER_DIR);
	if (r < 0)
		return r;
	dmcrypt_header_path(p->dmname, header, sizeof(header));
	step("dm-header");
	/* O_EXCL: a header left by a crashed run is not silently reused. */
	(void)unlink(header);
	hfd = open(header, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (hfd < 0)
		return -errno;
	header_on_failure = strdup(header);
	if (!header_on_failure)
		return -ENOMEM;
	/* libcryptsetup writes into the file but wants it as large as the header. */
	if (ftruncate(hfd, HEADER_METADATA_SIZE * 2 + HEADER_KEYSLOTS_SIZE) < 0)
		return -errno;

	/* Locked, non-swappable memory that libcryptsetup wipes on free. */
	key = sym_crypt_safe_alloc(key_size);
	if (!key)
		return -ENOMEM;
	r = random_key(key, key_size);
	if (r < 0)
		return r;
	test_hook_leak_key(key, key_size);

	r = sym_crypt_init_data_device(&cd, header, p->device);
	if (r < 0)
		return r;
	sym_crypt_set_log_callback(cd, crypt_log_debug, NULL);
	/* No keyslots ever: keep the header small, it lives in RAM. */
	r = sym_crypt_set_metadata_size(cd, HEADER_METADATA_SIZE, HEADER_KEYSLOTS_SIZE);
	if (r < 0)
		return r;
	if (p->data_offset) {
		r = sym_crypt_set_data_offset(cd, p->data_offset / 512);
		if (r < 0)
			return r;
	}
	r = sym_crypt_format(cd, CRYPT_LUKS2, p->cipher, p->cipher_mode, NULL, key, key_size,
	                     &params);
	if (r < 0)
		return r;

	r = udev_name_write(p->dmname);
	if (r < 0)
		return r;
	if (!p->workqueues)
		/* Skip dm-crypt's kcryptd queues: lower latency on fast devices. */
		flags |= CRYPT_ACTIVATE_NO_READ_WORKQUEUE | CRYPT_ACTIVATE_NO_WRITE_WORKQUEUE;
	step("dm-activate");
	r = sym_crypt_activate_by_volume_key(cd, p->dmname, key, key_size, flags);
	if (r == -EINVAL && flags) {
		/* Kernels before 5.9 do not know these flags. */
		log_debug("Activating %s without the no-workqueue flags.", p->dmname);
		r = sym_crypt_activate_by_volume_key(cd, p->dmname, key, key_size, 0);
	}
	if (r < 0) {
		udev_name_remove(p->dmname);
		return r;
	}

	{
		char prefix[128];
		unsigned n;

		/* libcryptsetup names the key "cryptsetup:<LUKS UUID>-d<digest>". */
		snprintf(prefix, sizeof(prefix), "cryptsetup:%s-", sym_crypt_get_uuid(cd));
		r = keyring_invalidate_logon_keys(prefix, &n);
		if (r < 0)
			log_warning_errno(r, "Cannot drop the keyring copy of the key of %s: %m",
			                  p->dmname);
		else
			log_debug("Invalidated %u keyring copies of the key of %s.", n, p->dmname);
	}
	/* The header stays; the key lives on only in the kernel: our copy and
	 * libcryptsetup's are wiped as this scope ends. */
	free(TAKE_PTR(header_on_failure));
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
	return dm_sysfs_suspended(dmname) >= 0;
}

int dmcrypt_header_remove_orphan(const char *dmname) {
	char header[256];

	dmcrypt_header_path(dmname, header, sizeof(header));
	if (dmcrypt_exists(dmname) || access(header, F_OK) < 0)
		return 0;
	udev_name_remove(dmname);
	return unlink(header) < 0 ? -errno : 1;
}

/* What a mapping leaves in /run once device-mapper has let go of it (or will, for a
 * deferred removal): nothing reads its header or udev name file any more. */
static void mapping_files_remove(const char *dmname) {
	char header[256];

	dmcrypt_header_path(dmname, header, sizeof(header));
	if (unlink(header) < 0 && errno != ENOENT)
		log_warning_errno(-errno, "Cannot remove %s: %m", header);
	udev_name_remove(dmname);
}

int dmcrypt_deactivate(const char *dmname, bool *ret_key_wiped) {
	_cleanup_close_ int wipe_lock = -EBADF; /* released last */
	bool suspended;
	int r;

	/* Left suspended by a destroy that was killed: dm-crypt has already been told to
	 * wipe the key, or the removal frees it; a second suspend and wipe would change
	 * nothing. */
	suspended = dm_sysfs_suspended(dmname) == 1;

	/* Crypto-erase first: suspend flushes and freezes the device, then dm-crypt
	 * overwrites its key ("key wipe"). What remains on disk is unreadable even
	 * if the removal below were to fail. */
	*ret_key_wiped = false;
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
	step("header-remove");
	mapping_files_remove(dmname);
	return 0;
}

int dmcrypt_deactivate_deferred(const char *dmname) {
	int r;

	r = dm_remove(dmname, true);
	if (r < 0)
		return r;
	mapping_files_remove(dmname);
	return 0;
}
