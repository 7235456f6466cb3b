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
