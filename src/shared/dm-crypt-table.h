/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * A dm-crypt mapping as its table line tells it (dmsetup table; the kernel's
 * crypt_status()): "<cipher> <key> <iv_offset> <device> <offset> [<#opt> <opt>...]".
 * Pure, so that the status of a mapping needs no more than the table ioctl, and the
 * parser is unit-tested (test-dm-crypt-table.c).
 */

#include <stdbool.h>

struct dm_crypt_info {
	char *cipher; /* the spec as the table has it, "aes-xts-plain64" */
	unsigned key_bits;
	unsigned sector_size;
	bool key_in_keyring; /* else in the table itself, or none (cipher_null) */
};

/* Fills *ret (ret->cipher allocated) from PARAMS, the crypt target's table line.
 * The key field is only measured, never copied: a key kept in the table (a mapping
 * ephvol did not make) is the caller's to wipe. -EINVAL for a line dm-crypt would
 * not have printed; -ENOMEM. */
int dm_crypt_table_parse(const char *params, struct dm_crypt_info *ret);
