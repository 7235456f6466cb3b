/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The claim header: 4 KiB of plaintext at the start of a device that `ephvol
 * claim` marked as scratch space. It names the device by a label that survives
 * renamed disks (/dev/disk/by-ephvol/LABEL, LABEL=), and says where the
 * encrypted area starts. All integers little-endian.
 *
 *   0  magic "EPHVOLCL"         24  uuid[16]
 *   8  u32 version (1)          40  label[64], NUL-padded
 *  12  u32 header size (4096)  ...  zero
 *  16  u64 data offset (bytes) 4092 u32 CRC-32 of bytes 0..4091
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLAIM_HEADER_SIZE 4096
/* The encrypted area starts 1 MiB in: aligned for any sector size and disk. */
#define CLAIM_DATA_OFFSET (UINT64_C(1) << 20)
#define CLAIM_LABEL_MAX   32

struct claim {
	uint8_t uuid[16];
	char label[CLAIM_LABEL_MAX + 1];
	uint64_t data_offset;
};

bool claim_label_is_valid(const char *label);
/* Fills buf with a header for label and uuid. -EINVAL for an invalid label. */
int claim_header_build(const char *label, const uint8_t uuid[16], uint8_t buf[CLAIM_HEADER_SIZE]);
/* 0 and *ret for a valid header; -ENODATA if there is none (no magic);
 * -EBADMSG if the magic is there but the rest is damaged. */
int claim_header_parse(const uint8_t buf[CLAIM_HEADER_SIZE], struct claim *ret);
void claim_uuid_to_string(const uint8_t uuid[16], char buf[37]);
/* Marks 16 random bytes as an RFC 4122 version 4 (random) UUID: the claim's and a
 * swap area's. */
void uuid_make_v4(uint8_t uuid[16]);
uint32_t crc32_ieee(const void *data, size_t size);
