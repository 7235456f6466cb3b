/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <libcryptsetup.h>
#include <string.h>
#include <sys/random.h>

#include "log.h"
#include "sys.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct crypt_device *, crypt_free);

static void crypt_log_debug(int level, const char *msg, void *userdata _unused_) {
	/* libcryptsetup's errors are details of the one line the caller prints. */
	log_debug("libcryptsetup (%d): %.*s", level, (int)strcspn(msg, "\n"), msg);
}

static void crypt_safe_freep(char **p) {
	crypt_safe_free(*p); /* wipes before freeing; NULL is fine */
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

int dmcrypt_activate(const char *dmname, const char *device, const char *cipher,
                     const char *cipher_mode, unsigned key_bits, unsigned sector_size) {
	_cleanup_(crypt_freep) struct crypt_device *cd = NULL;
	_cleanup_(crypt_safe_freep) char *key = NULL;
	size_t key_size = key_bits / 8;
	struct crypt_params_plain params = { .sector_size = sector_size };
	int r;

	crypt_set_log_callback(NULL, crypt_log_debug, NULL);

	r = module_load("dm_crypt", NULL);
	if (r < 0)
		log_debug_errno(r, "Loading dm_crypt failed, device-mapper may still load it: %m");

	/* Locked, non-swappable memory that libcryptsetup wipes on free. */
	key = crypt_safe_alloc(key_size);
	if (!key)
		return -ENOMEM;
	r = random_key(key, key_size);
	if (r < 0)
		return r;

	r = crypt_init(&cd, device);
	if (r < 0)
		return r;
	crypt_set_log_callback(cd, crypt_log_debug, NULL);
	r = crypt_format(cd, CRYPT_PLAIN, cipher, cipher_mode, NULL, key, key_size, &params);
	if (r < 0)
		return r;
	r = crypt_activate_by_volume_key(cd, dmname, key, key_size, 0);
	/* The key lives on only in the kernel: wipe our copy and libcryptsetup's now. */
	crypt_safe_freep(&key);
	key = NULL;
	crypt_freep(&cd);
	cd = NULL;
	return r;
}

int dmcrypt_deactivate(const char *dmname) {
	_cleanup_(crypt_freep) struct crypt_device *cd = NULL;
	int r;

	crypt_set_log_callback(NULL, crypt_log_debug, NULL);
	r = crypt_init_by_name(&cd, dmname);
	if (r < 0)
		return r;
	crypt_set_log_callback(cd, crypt_log_debug, NULL);
	/* Removing the mapping makes dm-crypt free its key with kfree_sensitive(). */
	return crypt_deactivate(cd, dmname);
}
