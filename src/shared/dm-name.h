/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The device-mapper names ephvol gives its mappings: one spelling for create, destroy,
 * the scan and the zram record. */

#include <stddef.h>

#define DM_NAME_PREFIX "ephvol-"
/* zram's writeback mapping: a suffix no volume name can have (':' is not allowed in
 * names), so the mapping is never taken for a disk volume of its own. */
#define WRITEBACK_DM_SUFFIX ":writeback"
/* Room for the longest: prefix, VOLUME_NAME_MAX, suffix, NUL. */
#define DM_NAME_MAX 64

/* "ephvol-NAME", the mapping of a disk volume. */
void volume_dm_name(const char *volume, char *buf, size_t size);
/* "ephvol-NAME:writeback", the encrypted writeback mapping of a zram volume. */
void writeback_dm_name(const char *volume, char *buf, size_t size);
/* The volume NAME of a mapping named "ephvol-NAME" with a valid NAME, else NULL. */
const char *volume_name_of_dm(const char *dmname);
