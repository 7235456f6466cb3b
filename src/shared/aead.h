/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Authenticated encryption (--integrity aead): dm-crypt in AEAD mode over dm-integrity,
 * which keeps each sector's IV and tag beside it. The ciphers ephvol offers, by the names
 * cryptsetup gives them, with what dm-crypt's table needs of each; and the dm-integrity
 * table and status lines. Pure: unit-tested in test-aead.c.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct aead_cipher {
	const char *name;   /* cryptsetup's name: "aes-gcm-random" */
	const char *kernel; /* dm-crypt's cipher, before "-random": "capi:gcm(aes)" */
	unsigned key_bytes; /* the whole key dm-crypt takes (authenc: cipher, then MAC) */
	unsigned tag_bytes; /* per sector in dm-integrity: the random IV and the tag */
};

/* The default: AEGIS-128. Its random nonces have 128 bits, where GCM's 96 bits reach
 * their bound after 2^32 writes (16 TiB of sectors, days of a busy swap: see
 * docs/security.md); and of the four it was the fastest, also faster than XTS without
 * integrity, on Linux 6.1 and 6.12 (bench --io --integrity aead, docs/speed.md). */
#define AEAD_DEFAULT "aegis128-random"

/* The cipher called NAME, or NULL. */
const struct aead_cipher *aead_cipher_find(const char *name);
/* The cipher whose dm-crypt spec (as a crypt table prints it) is SPEC, or NULL. */
const struct aead_cipher *aead_cipher_find_kernel(const char *spec);
/* The I-th cipher of the table, in the order of aead_cipher_names(); NULL past its end. */
const struct aead_cipher *aead_cipher_at(size_t i);
/* "aegis128-random, aes-gcm-random, ...": every name, for messages and --help. */
const char *aead_cipher_names(void);

/* The dm-integrity target ephvol loads under the crypt mapping: direct mode (no
 * journal: the data dies with the key, and a journal would double every write), no
 * recalculation, tags of TAG_BYTES per BLOCK_SIZE bytes, the least journal space. */
struct dm_integrity_table {
	unsigned major, minor; /* the data device */
	uint64_t offset_sectors;
	unsigned tag_bytes;
	unsigned block_size; /* 512 to 4096: the crypt mapping's sector size */
};
/* *ret (allocated): the target's parameters; -EINVAL for a value the kernel refuses. */
int dm_integrity_table_format(const struct dm_integrity_table *t, char **ret);
/* From dm-integrity's status line ("<mismatches> <provided sectors> <recalc>"): the
 * sectors it provides, which the crypt mapping above it spans. -EINVAL otherwise. */
int dm_integrity_status_parse(const char *status, uint64_t *ret_provided_sectors);

/* From an integrity table line (as the kernel prints it back): its data device and where
 * on it the mapping starts. -EINVAL otherwise. */
int dm_integrity_table_parse(const char *params, unsigned *ret_major, unsigned *ret_minor,
                             uint64_t *ret_offset_sectors);

/* The mapping that carries the tags of crypt mapping DMNAME: DMNAME ":integrity". */
#define INTEGRITY_DM_SUFFIX ":integrity"
void integrity_dm_name(const char *crypt_dmname, char *buf, size_t size);
