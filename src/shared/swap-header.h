/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The first page of a Linux swap area, version 1, as the kernel's swapon(2) reads it
 * (include/linux/swap.h, union swap_header) and mkswap(8) writes it. Integers in the
 * CPU's byte order, as both do (the kernel also takes the other order, byte-swapped).
 *
 *     0  boot bits, zero (1024 bytes)
 *  1024  u32 version (1)                 1052  volume label[16], NUL-padded
 *  1028  u32 last_page                   1068  zero (padding, bad page list)
 *  1032  u32 nr_badpages (0)       pagesize-10 magic "SWAPSPACE2"
 *  1036  uuid[16]
 *
 * last_page is the index of the last page the kernel may use: the area holds
 * last_page + 1 pages, page 0 being this header.
 */

#include <stddef.h>
#include <stdint.h>

#define SWAP_HEADER_OFF_VERSION   1024
#define SWAP_HEADER_OFF_LAST_PAGE 1028
#define SWAP_HEADER_OFF_BADPAGES  1032
#define SWAP_HEADER_OFF_UUID      1036
#define SWAP_HEADER_OFF_LABEL     1052
#define SWAP_HEADER_LABEL_MAX     15 /* and a NUL, in 16 bytes */
#define SWAP_HEADER_MAGIC         "SWAPSPACE2"
#define SWAP_HEADER_MAGIC_SIZE    10
/* mkswap refuses fewer pages (its MIN_GOODPAGES); the kernel itself wants two (the
 * header and one page to swap to). */
#define SWAP_MIN_PAGES 10
/* last_page is a u32: a larger area is cut to this many pages, as mkswap does. */
#define SWAP_MAX_PAGES UINT32_MAX

/* The page count of an area of SIZE bytes, as its header states it: -ENOSPC below
 * SWAP_MIN_PAGES, -EINVAL for a page size that is not a power of two of 4096 or more. */
int swap_area_pages(uint64_t size, size_t pagesize, uint64_t *ret_pages);
/* Fills BUF (PAGESIZE bytes) with the header of a swap area of SIZE bytes. UUID is the
 * caller's (a random one: see uuid_make_v4()); LABEL may be NULL, -EINVAL if longer than
 * SWAP_HEADER_LABEL_MAX. BUF is left untouched on failure. */
int swap_header_build(void *buf, size_t pagesize, uint64_t size, const uint8_t uuid[16],
                      const char *label);
