/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* sys-dm.c: a mapping's state changes through libdevmapper, each waiting for udev.
 * 0 or a negative errno (the ioctl's). */

#include <stdbool.h>
#include <stdint.h>

/* Creates DMNAME with UUID and the one target TYPE over SECTORS with PARAMS, resumed;
 * device-mapper's buffers of PARAMS are wiped. If the table is refused, nothing is left. */
int dm_create(const char *dmname, const char *uuid, uint64_t sectors, const char *type,
              const char *params);

/* Suspends DMNAME (flushing what is in flight) and has dm-crypt overwrite its key.
 * If the wipe fails the mapping is resumed, not left frozen. */
int dm_suspend_wipe_key(const char *dmname);
int dm_resume(const char *dmname);
/* Removes DMNAME, retrying for a few seconds while a short-lived opener holds it;
 * DEFERRED: device-mapper removes it when its last opener closes it. */
int dm_remove(const char *dmname, bool deferred);
/* Swaps in a read-only error table of the same size and resumes: I/O waiting on a
 * suspended mapping fails, so its openers let go. */
int dm_replace_with_error(const char *dmname);
