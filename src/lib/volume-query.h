/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "libephvol-private.h"

/* What only the kernel knows of a live volume (device-mapper through the context's
 * kernel): best effort, what cannot be read stays unknown; nothing for a context
 * without a kernel (fixture trees). */

/* Cipher, key and sector size and key location of a dm volume; and the role of an
 * inactive one, from what its content says it was made for. */
void volume_query_dm(struct ephvol_ctx *ctx, struct ephvol_volume *v);
/* The same cipher and key details for a zram volume, from its encrypted writeback
 * mapping (v->writeback_dm); nothing when it has none. */
void volume_query_writeback(struct ephvol_ctx *ctx, struct ephvol_volume *v);
/* The cipher spec ("aes-xts-plain64") of the live dm-crypt mapping DMNAME: 0, or a
 * negative errno when device-mapper does not tell. */
int volume_query_crypt_cipher(struct ephvol_ctx *ctx, const char *dmname, char **ret_cipher);
