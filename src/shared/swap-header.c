/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "swap-header.h"

#include <errno.h>
#include <string.h>

int swap_area_pages(uint64_t size, size_t pagesize, uint64_t *ret_pages) {
	uint64_t pages;

	/* Linux has no page smaller than 4 KiB; the header's fields need 1550 bytes. */
	if (pagesize < 4096 || (pagesize & (pagesize - 1)) != 0)
		return -EINVAL;
	pages = size / pagesize;
	if (pages < SWAP_MIN_PAGES)
		return -ENOSPC;
	*ret_pages = pages < SWAP_MAX_PAGES ? pages : SWAP_MAX_PAGES;
	return 0;
}

static void put_u32(uint8_t *p, uint32_t v) {
	memcpy(p, &v, sizeof(v)); /* the CPU's order: what the kernel reads first */
}

int swap_header_build(void *buf, size_t pagesize, uint64_t size, const uint8_t uuid[16],
                      const char *label) {
	uint8_t *p = buf;
	uint64_t pages;
	int r;

	if (label && strlen(label) > SWAP_HEADER_LABEL_MAX)
		return -EINVAL;
	r = swap_area_pages(size, pagesize, &pages);
	if (r < 0)
		return r;

	memset(p, 0, pagesize);
	put_u32(p + SWAP_HEADER_OFF_VERSION, 1);
	put_u32(p + SWAP_HEADER_OFF_LAST_PAGE, (uint32_t)(pages - 1));
	put_u32(p + SWAP_HEADER_OFF_BADPAGES, 0);
	memcpy(p + SWAP_HEADER_OFF_UUID, uuid, 16);
	if (label)
		memcpy(p + SWAP_HEADER_OFF_LABEL, label, strlen(label));
	memcpy(p + pagesize - SWAP_HEADER_MAGIC_SIZE, SWAP_HEADER_MAGIC, SWAP_HEADER_MAGIC_SIZE);
	return 0;
}
