/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdint.h>

/*
 * zram's mem_limit and writeback_limit, as `create --mem-limit/--writeback-limit` and the
 * configuration give them: bytes. The kernel rounds mem_limit up to whole pages
 * (PAGE_ALIGN, 64-bit) and a value that wraps there becomes 0, which zram takes as "no
 * limit"; writeback_limit counts 4 KiB units. Up to ZRAM_LIMIT_MAX, the largest multiple
 * of the largest page size (64 KiB), both round up to what was asked for.
 */
#define ZRAM_LIMIT_MAX (UINT64_MAX - UINT64_C(0xffff))

/* Bytes with an optional K, M, G, T or P suffix (parse_size()), 1 to ZRAM_LIMIT_MAX:
 * -EINVAL for anything else that is not a size, -ERANGE for 0 or more. */
int zram_limit_parse(const char *s, uint64_t *ret);

/* --mem-limit: a size expression as --zram takes ("512M", "10%" of RAM, "min(ram / 8,
 * 2G)"), evaluated against RAM_BYTES; -ERANGE also beyond ZRAM_LIMIT_MAX, with *err
 * saying so. Other errors as size_expr_eval(). */
struct size_expr_error;
int zram_mem_limit_eval(const char *expr, uint64_t ram_bytes, uint64_t *ret,
                        struct size_expr_error *err);
/* What can be said before RAM is known (size_expr_check(), and a limit beyond
 * ZRAM_LIMIT_MAX on a small and a large machine alike). */
int zram_mem_limit_check(const char *expr, struct size_expr_error *err);

/* BYTES in 4 KiB units, rounded up, for any value (no overflow near 2^64). */
uint64_t zram_limit_to_4k_units(uint64_t bytes);
