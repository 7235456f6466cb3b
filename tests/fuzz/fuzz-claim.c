/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/claim.c: the claim header, which `ephvol probe` reads as root from any
 * disk udev sees, a USB stick someone plugs in included (claim_read() hands the first
 * 4 KiB to claim_header_parse()).
 */
#include "fuzz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "macro.h"

/* The layout of claim.h. */
#define OFF_DATA  16
#define OFF_UUID  24
#define OFF_LABEL 40
#define OFF_CRC   (CLAIM_HEADER_SIZE - 4)

static uint64_t get_le(const uint8_t *p, unsigned bytes) {
	uint64_t v = 0;

	for (unsigned i = bytes; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

/* A header the formatter wrote for the parsed label and uuid reads back as the same
 * claim, at the formatter's data offset. */
static void check_rebuilt(const struct claim *c) {
	uint8_t buf[CLAIM_HEADER_SIZE];
	struct claim again;

	if (claim_header_build(c->label, c->uuid, buf) != 0 || claim_header_parse(buf, &again) != 0)
		abort();
	if (!streq(again.label, c->label) || memcmp(again.uuid, c->uuid, sizeof(c->uuid)) != 0 ||
	    again.data_offset != CLAIM_DATA_OFFSET)
		abort();
}

static void check(const uint8_t *buf) {
	struct claim c, untouched;
	char uuid[37];
	int r;

	memset(&c, 0xa5, sizeof(c));
	memset(&untouched, 0xa5, sizeof(untouched));
	r = claim_header_parse(buf, &c);
	/* Without the magic a disk holds no header; with it, any damage is reported. */
	if ((r == -ENODATA) != (memcmp(buf, "EPHVOLCL", 8) != 0))
		abort();
	if (r < 0) {
		if ((r != -ENODATA && r != -EBADMSG) || memcmp(&c, &untouched, sizeof(c)) != 0)
			abort();
		return;
	}
	if (r != 0 || get_le(buf + OFF_CRC, 4) != crc32_ieee(buf, OFF_CRC))
		abort();

	/* The label becomes /dev/disk/by-ephvol/LABEL: valid, and the whole field, not a
	 * shortened copy that could name another device's link. */
	if (!claim_label_is_valid(c.label) || strlen(c.label) > CLAIM_LABEL_MAX ||
	    memcmp(buf + OFF_LABEL, c.label, strlen(c.label) + 1) != 0)
		abort();
	if (memcmp(c.uuid, buf + OFF_UUID, sizeof(c.uuid)) != 0)
		abort();
	/* create and dm-crypt take the encrypted area to start here: past the header, on a
	 * 4 KiB boundary, as read. */
	if (c.data_offset != get_le(buf + OFF_DATA, 8) || c.data_offset < CLAIM_HEADER_SIZE ||
	    c.data_offset % 4096 != 0)
		abort();
	claim_uuid_to_string(c.uuid, uuid);
	if (strlen(uuid) != 36)
		abort();
	check_rebuilt(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	_cleanup_free_ uint8_t *buf = NULL;
	uint32_t crc;

	/* claim_read() refuses a device shorter than a header, and reads nothing past it;
	 * shorter inputs are padded with zeros, which most of a header is. */
	buf = calloc(1, CLAIM_HEADER_SIZE);
	if (!buf)
		return 0;
	memcpy(buf, data, size < CLAIM_HEADER_SIZE ? size : CLAIM_HEADER_SIZE);
	check(buf);

	/* Random bytes almost never carry the right CRC: with it set, the fields behind it
	 * are reached too. */
	crc = crc32_ieee(buf, OFF_CRC);
	if (get_le(buf + OFF_CRC, 4) != crc) {
		for (int i = 0; i < 4; i++)
			buf[OFF_CRC + i] = (uint8_t)(crc >> (8 * i));
		check(buf);
	}
	return 0;
}
