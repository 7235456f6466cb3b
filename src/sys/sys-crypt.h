/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What libcryptsetup and libblkid tell the library about live devices; the library
 * reaches these only through src/lib/kernel.c. */

#include <stdbool.h>
#include <stddef.h>

/* libcryptsetup's log callback, with its userdata. */
typedef void (*crypt_log_fn)(int level, const char *msg, void *userdata);

struct dm_crypt_info {
	char *cipher; /* the kernel's spec, "aes-xts-plain64"; NULL when not told */
	unsigned key_bits;
	unsigned sector_size;
	bool has_key_location;
	bool key_in_keyring;
};

/* The live dm-crypt mapping DMNAME, read with the detached LUKS2 header ephvol keeps
 * for its own mappings when there is one (without it libcryptsetup cannot read
 * their cipher). Returns 0, or a negative errno when device-mapper does not know it. */
int dm_crypt_query(const char *dmname, crypt_log_fn log, void *userdata, struct dm_crypt_info *ret);

/* The superblock type libblkid finds on DEVICE ("swap", "ext4"); -ENODATA if none;
 * -EAGAIN for a suspended mapping, which is never read. Under DM_WIPE_LOCK, shared. */
int device_probe_type(const char *device, char **ret_type);

/* crypt_benchmark() for CIPHER and MODE as cryptsetup's benchmark names them ("aes",
 * "xts"), its buffer doubled while the kernel is too fast to time it; MiB/s. */
int crypt_benchmark_mibs(const char *cipher, const char *mode, size_t key_bytes, crypt_log_fn log,
                         void *userdata, double *ret_encrypt_mibs, double *ret_decrypt_mibs);
