/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "libephvol-private.h"

/* ROOT/proc/crypto, whole. */
int cipher_read_proc_crypto(struct ephvol_ctx *ctx, char **ret_text);

/* The driver that /proc/crypto text gives dm-crypt's skcipher for the dm-crypt spec
 * CIPHER ("aes-xts-plain64"); -EINVAL for a spec dm-crypt refuses, -ENOENT if none is
 * listed. */
int cipher_driver_from_text(const char *proc_crypto, const char *cipher, char **ret_driver);

/* Sets cipher_driver of each volume that has a cipher (scan: dm volumes and zram
 * writeback mappings), from one read of ROOT/proc/crypto. Best effort. */
void volumes_fill_cipher_drivers(struct ephvol_ctx *ctx, struct ephvol_volume **volumes, size_t n);
