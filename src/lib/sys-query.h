/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "libephvol-private.h"

/* Fills cipher, key and role details of a live dm volume from the kernel
 * (device-mapper through libcryptsetup, the device's signature through libblkid).
 * Best effort: what cannot be read stays unknown. */
void sys_query_dm(struct ephvol_ctx *ctx, struct ephvol_volume *v);
/* The same cipher and key details for a zram volume, from its encrypted writeback
 * mapping (v->writeback_dm); nothing when it has none. */
void sys_query_writeback(struct ephvol_ctx *ctx, struct ephvol_volume *v);
/* The cipher spec ("aes-xts-plain64") of the live dm-crypt mapping dmname.
 * Returns 0, or a negative errno when device-mapper does not tell. */
int sys_query_crypt_cipher(struct ephvol_ctx *ctx, const char *dmname, char **ret_cipher);
/* libcryptsetup's log callback (userdata: the ctx): its messages go to the context's
 * log as debug messages, never to stderr. */
void crypt_log_to_ctx(int level, const char *msg, void *userdata);
