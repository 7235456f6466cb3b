/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What device-mapper, libcryptsetup and libblkid tell the library about live devices;
 * the library reaches these only through src/lib/kernel.c. */

#include <stdbool.h>
#include <stddef.h>

#include "dm-crypt-table.h" /* struct dm_crypt_info */

/* libcryptsetup's log callback, with its userdata. */
typedef void (*crypt_log_fn)(int level, const char *msg, void *userdata);

/* The live dm-crypt mapping DMNAME, from its table (sys-dm.c): 0, -ENODEV when
 * device-mapper does not know it, -EMEDIUMTYPE when it is not one crypt target. */
int dm_crypt_query(const char *dmname, struct dm_crypt_info *ret);

/* The superblock type libblkid finds on DEVICE ("swap", "ext4"); -ENODATA if none;
 * -EAGAIN for a suspended mapping, which is never read. Under DM_WIPE_LOCK, shared. */
int device_probe_type(const char *device, char **ret_type);

/* crypt_benchmark() for CIPHER and MODE as cryptsetup's benchmark names them ("aes",
 * "xts"), its buffer doubled while the kernel is too fast to time it; MiB/s. */
int crypt_benchmark_mibs(const char *cipher, const char *mode, size_t key_bytes, crypt_log_fn log,
                         void *userdata, double *ret_encrypt_mibs, double *ret_decrypt_mibs);
