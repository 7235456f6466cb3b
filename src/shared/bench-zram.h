/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The pure parts of the compressor benchmark: which compressors a zram device offers,
 * and what the measured numbers mean.
 */

#include <stddef.h>
#include <stdint.h>

#include "strv.h"

/* The words of a zram comp_algorithm attribute, "lzo [lzo-rle] lz4 zstd\n" -> lzo,
 * lzo-rle, lz4, zstd (NULL-terminated; free each and the array); the active one (in
 * brackets) in *ret_active if not NULL. -EBADMSG if there is no word. */
int zram_algorithms_split(const char *text, char ***ret_list, char **ret_active);

/* BYTES in NS nanoseconds, in MiB/s; 0 when nothing was timed. */
double speed_mibs(uint64_t bytes, uint64_t ns);

/* The compressor `ephvol create` uses where LIST offers it: lz4 if there, else the
 * kernel's default (ACTIVE). NULL when neither is known. */
const char *zram_default_algorithm(char *const *list, const char *active);
