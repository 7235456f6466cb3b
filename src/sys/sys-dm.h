/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* sys-dm.c: a mapping's state changes through libdevmapper, each waiting for udev.
 * 0 or a negative errno (the ioctl's). */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Creates DMNAME with UUID and the one target TYPE over SECTORS with PARAMS, resumed;
 * device-mapper's buffers of PARAMS are wiped. If the table is refused, nothing is left.
 * Returns as soon as the kernel has the mapping (*ret_devnum; devtmpfs has its node),
 * while udev may still run its rules: the caller waits for them with
 * dm_cookie_wait(*ret_cookie) before anything relies on udev's names or database. */
int dm_create(const char *dmname, const char *uuid, uint64_t sectors, const char *type,
              const char *params, uint32_t *ret_cookie, dev_t *ret_devnum);
/* Whether the kernel's device-mapper answers: 0, or why its control node cannot be
 * opened (-ENODEV: no driver, -ENOENT: no node). libdevmapper reports that case only
 * as ENOMEM, so a caller whose task failed asks this to name the cause. */
int dm_control_check(void);
/* The version of device-mapper target TYPE ("crypt"), as its module registered it:
 * -ENOENT while no module provides it. */
int dm_target_version(const char *type, unsigned ret_version[3]);
/* Waits until udev has processed the events of COOKIE, and releases it. 1 when udev
 * has (its names and database entry are there), 0 for cookie 0 (no udev sync: nothing
 * known), negative when the wait failed. */
int dm_cookie_wait(uint32_t cookie);
/* Suspends DMNAME (flushing what is in flight) and has dm-crypt overwrite its key.
 * If the wipe fails the mapping is resumed, not left frozen. */
int dm_suspend_wipe_key(const char *dmname);
int dm_resume(const char *dmname);
/* Loads a new table (one target TYPE over SECTORS with PARAMS) into DMNAME, and resumes it
 * with it; the old table stays if the new one is refused. */
int dm_reload(const char *dmname, uint64_t sectors, const char *type, const char *params);
/* The sectors the dm-integrity mapping DMNAME provides (its status); -EMEDIUMTYPE if it
 * is not one integrity target. */
int dm_integrity_provided_sectors(const char *dmname, uint64_t *ret);
/* The device the dm-integrity mapping DMNAME sits on, and where on it it starts. */
int dm_integrity_data_device(const char *dmname, dev_t *ret_dev, uint64_t *ret_offset_sectors);
/* Removes DMNAME, retrying for a few seconds while a short-lived opener holds it;
 * DEFERRED: device-mapper removes it when its last opener closes it. */
int dm_remove(const char *dmname, bool deferred);
/* Swaps in a read-only error table of the same size and resumes: I/O waiting on a
 * suspended mapping fails, so its openers let go. */
int dm_replace_with_error(const char *dmname);
