/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Writes corpus/claim: headers made by claim_header_build(), whole or damaged in one
 * way each. The damaged ones get a correct CRC unless the CRC is the damage, so that
 * each reaches the check it is named after. Run from the top directory:
 *
 *   cc -std=gnu11 -D_GNU_SOURCE -Iinclude -Isrc/shared -o /tmp/gen-claim-corpus \
 *      tests/fuzz/gen-claim-corpus.c src/shared/claim.c src/shared/parse.c
 *   /tmp/gen-claim-corpus tests/fuzz/corpus/claim
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"

static const uint8_t uuid[16] = { 0x3f, 0x1e, 0x2d, 0x4c, 0x5b, 0x6a, 0x49, 0x88,
	                          0x97, 0x26, 0x35, 0x44, 0x53, 0x62, 0x71, 0x80 };
static const char *dir;

static void put_le(uint8_t *p, uint64_t v, unsigned bytes) {
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void fix_crc(uint8_t *buf) {
	put_le(buf + CLAIM_HEADER_SIZE - 4, crc32_ieee(buf, CLAIM_HEADER_SIZE - 4), 4);
}

static void save(const char *name, const void *data, size_t size) {
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void header(uint8_t *buf, const char *label) {
	if (claim_header_build(label, uuid, buf) != 0)
		exit(1);
}

/* A valid header with bytes [off, off + len) replaced and the CRC made right again. */
static void save_patched(const char *name, size_t off, const void *bytes, size_t len) {
	uint8_t buf[CLAIM_HEADER_SIZE];

	header(buf, "scratch");
	memcpy(buf + off, bytes, len);
	fix_crc(buf);
	save(name, buf, sizeof(buf));
}

static void save_offset(const char *name, uint64_t offset) {
	uint8_t le[8];

	put_le(le, offset, 8);
	save_patched(name, 16, le, sizeof(le));
}

int main(int argc, char *argv[]) {
	uint8_t buf[2 * CLAIM_HEADER_SIZE] = { 0 };
	uint8_t le[4], field[64];

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];

	header(buf, "scratch");
	save("ok-header", buf, CLAIM_HEADER_SIZE);
	/* A disk is longer than its header: what follows is not read. */
	memset(buf + CLAIM_HEADER_SIZE, 0xee, CLAIM_HEADER_SIZE);
	save("ok-header-then-data", buf, sizeof(buf));
	save("bad-truncated-100", buf, 100);
	save("bad-truncated-magic", buf, 8);
	save("bad-empty", buf, 0);
	header(buf, "abcdefghijklmnopqrstuvwxyz012345");
	save("ok-label-longest", buf, CLAIM_HEADER_SIZE);

	header(buf, "scratch");
	buf[0] = 'e';
	save("bad-magic", buf, CLAIM_HEADER_SIZE);
	header(buf, "scratch");
	buf[41] ^= 0x01;
	save("bad-crc", buf, CLAIM_HEADER_SIZE);
	memset(buf, 0, CLAIM_HEADER_SIZE);
	save("bad-zeros", buf, CLAIM_HEADER_SIZE);

	save_offset("ok-offset-2m", UINT64_C(2) << 20);
	save_offset("ok-offset-huge", UINT64_MAX - 4095);
	save_offset("bad-offset-zero", 0);
	save_offset("bad-offset-inside-header", 2048);
	save_offset("bad-offset-unaligned", (UINT64_C(1) << 20) + 512);
	save_offset("bad-offset-max", UINT64_MAX);

	put_le(le, 2, 4);
	save_patched("bad-version", 8, le, 4);
	put_le(le, 512, 4);
	save_patched("bad-header-size", 12, le, 4);

	save_patched("bad-label-control", 40, "scr\001tch", 8);
	save_patched("bad-label-escape", 40, "a\033[2Jb", 7);
	save_patched("bad-label-utf8", 40, "caf\xc3\xa9", 6);
	save_patched("bad-label-slash", 40, "../sda", 7);
	save_patched("bad-label-dot", 40, ".hidden", 8);
	save_patched("bad-label-empty", 40, "\0\0\0\0\0\0\0", 8);
	save_patched("bad-label-33", 40, "abcdefghijklmnopqrstuvwxyz0123456", 34);
	memset(field, 'a', sizeof(field));
	save_patched("bad-label-unterminated", 40, field, sizeof(field));
	return 0;
}
