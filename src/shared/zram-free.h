/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

/* The lowest-numbered zram device below ROOT for which FILTER (if not NULL) is true;
 * -ENODEV when there is none, another negative errno when /sys/class/block cannot be read. */
int zram_lowest_device(const char *root, bool (*filter)(const char *root, const char *dev),
                       unsigned *ret_index);

/* For kernels or containers without /sys/class/zram-control: the lowest zram
 * device below ROOT that nobody has set up (initstate 0, disksize 0, no
 * holder).  ephvol may take such a device; it never touches an initialised
 * one.  -ENODEV when there is none. */
int zram_find_free(const char *root, unsigned *ret_index);
