/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "claim.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

#define MAGIC       "EPHVOLCL"
#define VERSION     1
#define OFF_VERSION 8
#define OFF_SIZE    12
#define OFF_DATA    16
#define OFF_UUID    24
#define OFF_LABEL   40
#define LABEL_FIELD 64
#define OFF_CRC     (CLAIM_HEADER_SIZE - 4)

uint32_t crc32_ieee(const void *data, size_t size) {
	const uint8_t *p = data;
	uint32_t crc = UINT32_MAX;

	/* Bitwise: the header is read once per probe, a table would be wasted. */
	while (size--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (UINT32_C(0xEDB88320) & (uint32_t) - (int32_t)(crc & 1));
	}
	return ~crc;
}

static void put_le32(uint8_t *p, uint32_t v) {
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static void put_le64(uint8_t *p, uint64_t v) {
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get_le32(const uint8_t *p) {
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get_le64(const uint8_t *p) {
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

/* Labels become /dev/disk/by-ephvol/LABEL and LABEL=: the volume name rules fit. */
bool claim_label_is_valid(const char *label) {
	return volume_name_is_valid(label);
}

int claim_header_build(const char *label, const uint8_t uuid[16], uint8_t buf[CLAIM_HEADER_SIZE]) {
	if (!claim_label_is_valid(label))
		return -EINVAL;
	memset(buf, 0, CLAIM_HEADER_SIZE);
	memcpy(buf, MAGIC, 8);
	put_le32(buf + OFF_VERSION, VERSION);
	put_le32(buf + OFF_SIZE, CLAIM_HEADER_SIZE);
	put_le64(buf + OFF_DATA, CLAIM_DATA_OFFSET);
	memcpy(buf + OFF_UUID, uuid, 16);
	memcpy(buf + OFF_LABEL, label, strlen(label));
	put_le32(buf + OFF_CRC, crc32_ieee(buf, OFF_CRC));
	return 0;
}

int claim_header_parse(const uint8_t buf[CLAIM_HEADER_SIZE], struct claim *ret) {
	struct claim c = {};
	uint64_t data;

	if (memcmp(buf, MAGIC, 8) != 0)
		return -ENODATA;
	if (get_le32(buf + OFF_CRC) != crc32_ieee(buf, OFF_CRC) ||
	    get_le32(buf + OFF_VERSION) != VERSION || get_le32(buf + OFF_SIZE) != CLAIM_HEADER_SIZE)
		return -EBADMSG;
	data = get_le64(buf + OFF_DATA);
	/* The encrypted area must start past the header, on a 4 KiB boundary. */
	if (data < CLAIM_HEADER_SIZE || data % 4096)
		return -EBADMSG;
	if (memchr(buf + OFF_LABEL, 0, LABEL_FIELD) == NULL)
		return -EBADMSG;
	snprintf(c.label, sizeof(c.label), "%.*s", CLAIM_LABEL_MAX, (const char *)buf + OFF_LABEL);
	if (strlen((const char *)buf + OFF_LABEL) > CLAIM_LABEL_MAX ||
	    !claim_label_is_valid(c.label))
		return -EBADMSG;
	memcpy(c.uuid, buf + OFF_UUID, 16);
	c.data_offset = data;
	*ret = c;
	return 0;
}

void uuid_make_v4(uint8_t uuid[16]) {
	uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40); /* version 4 */
	uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80); /* variant RFC 4122 */
}

void claim_uuid_to_string(const uint8_t u[16], char buf[37]) {
	snprintf(buf, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	         u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
	         u[13], u[14], u[15]);
}
