/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* dm-crypt cipher specs as `create --cipher` takes them ("aes-xts-plain64"). Pure. */

#include <stddef.h>
#include <stdint.h>

/* cipher_spec_split() */
#include "kcapi-name.h"

/*
 * The specs ephvol refuses because they do not protect the data, whatever the kernel
 * offers: cipher_null (no encryption), ECB (equal blocks give equal ciphertext), a null
 * IV (every sector has the same IV), and a plain IV (the sector number's low 32 bits) on
 * an area where it would repeat: beyond 2 TiB.
 *
 * CIPHER and MODE as cipher_spec_split() gives them ("aes", "xts-plain64"; dm-crypt's
 * original "aes" and "aes-plain" are cbc-plain). AREA_BYTES is the size of the encrypted
 * area, or 0 when it is not known yet (then only the size-independent rules apply);
 * SECTOR_SIZE its encryption sector (0: 512). dm-crypt counts IVs in 512-byte sectors
 * whatever the sector size (ephvol's LUKS2 mappings never set iv_large_sectors).
 *
 * Returns 0, or -EINVAL with *reason set to a static phrase that says why and what to use
 * instead, for "Cipher SPEC refused: REASON."; *reason is written only on a refusal.
 */
int cipher_spec_check(const char *cipher, const char *mode, uint64_t area_bytes,
                      unsigned sector_size, const char **reason);
