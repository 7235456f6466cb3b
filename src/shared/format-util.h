/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* lsblk-style size: "0B", "512K", "1.5G", "10.9G" (binary units, one rounded decimal). */
char *format_size(char *buf, size_t size, uint64_t bytes);
#define FORMAT_SIZE_MAX 16

/* orig/compr with two decimals ("2.85"); compr must not be 0. */
char *format_ratio(char *buf, size_t size, uint64_t orig, uint64_t compr);
#define FORMAT_RATIO_MAX 24
