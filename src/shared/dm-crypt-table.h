/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * A dm-crypt mapping as its table line tells it (dmsetup table; the kernel's
 * crypt_status()): "<cipher> <key> <iv_offset> <device> <offset> [<#opt> <opt>...]".
 * Pure, so that the status of a mapping needs no more than the table ioctl, and the
 * parser is unit-tested (test-dm-crypt-table.c).
 */

#include <stdbool.h>
#include <stdint.h>

struct dm_crypt_info {
	char *cipher; /* the spec as the table has it, "aes-xts-plain64" */
	unsigned key_bits;
	unsigned sector_size;
	bool key_in_keyring; /* else in the table itself, or none (cipher_null) */
	/* The kernel holds a key for it: a keyring key, or one in the table that is not
	 * all zeros. dm-crypt's "key wipe" (a destroy) leaves the table with zeros. */
	bool key_live;
	/* The table's flags, the options without a value ("no_read_workqueue",
	 * "high_priority", "allow_discards", ...), comma-separated in the table's order;
	 * "" for none. */
	char *flags;
	/* integrity:N:TYPE: dm-crypt keeps N bytes per sector (IV and tag) in the
	 * dm-integrity device below, TYPE "aead"; 0 for none. */
	unsigned integrity_tag_bytes;
	bool integrity_aead;
};
void dm_crypt_info_done(struct dm_crypt_info *info);

/* Fills *ret (ret->cipher allocated) from PARAMS, the crypt target's table line.
 * The key field is only measured, never copied: a key kept in the table (a mapping
 * ephvol did not make) is the caller's to wipe. -EINVAL for a line dm-crypt would
 * not have printed; -ENOMEM. */
int dm_crypt_table_parse(const char *params, struct dm_crypt_info *ret);

/* The table ephvol loads: the key always named by its keyring description (a logon
 * key the caller added), never the key itself. */
struct dm_crypt_table {
	const char *cipher;      /* "aes", "xchacha12,aes" */
	const char *cipher_mode; /* "xts-plain64", "adiantum-plain64" */
	unsigned key_bytes;
	const char *key_description;
	unsigned major, minor; /* the data device */
	uint64_t offset_sectors;
	unsigned sector_size; /* encryption sector: 512 (no option) to 4096 */
	bool no_workqueues;   /* no_read_workqueue no_write_workqueue */
	bool high_priority;   /* its workqueues at high priority (dm-crypt 1.26, Linux 6.10) */
	unsigned integrity_tag_bytes; /* AEAD over dm-integrity: integrity:N:aead; 0 none */
};

/* The crypt target's versions that brought its optional flags. */
#define DM_CRYPT_NO_WORKQUEUE_VERSION  1, 22 /* no_read/write_workqueue: Linux 5.9 */
#define DM_CRYPT_HIGH_PRIORITY_VERSION 1, 26 /* high_priority: Linux 6.10 */
/* Whether the crypt target of VERSION (major, minor, patch) is MAJOR.MINOR or later. */
bool dm_crypt_version_at_least(const unsigned version[3], unsigned major, unsigned minor);

/* *ret (allocated): T as the crypt target's parameters, in the order the kernel prints
 * them back, so that dm_crypt_table_parse() reads it. -EINVAL for a field dm-crypt
 * would refuse or that would split the line (empty, or with a space). */
int dm_crypt_table_format(const struct dm_crypt_table *t, char **ret);
