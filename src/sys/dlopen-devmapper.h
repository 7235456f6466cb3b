/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * libdevmapper, loaded by the paths that make a mapping, take it down or read its table
 * (create, destroy, status): dlopen_devmapper() first, then sym_dm_*() in place of
 * dm_*(). libcryptsetup is built on it; for these paths it is all that is needed,
 * without the crypto backend libcryptsetup initialises for every device it is handed
 * (sys-dm.c).
 */

#include <libdevmapper.h>

#include "macro.h"
#include "sys.h" /* dlopen_devmapper(), dlopen_devmapper_error() */

extern typeof(dm_get_next_target) *sym_dm_get_next_target;
extern typeof(dm_log_with_errno_init) *sym_dm_log_with_errno_init;
extern typeof(dm_task_add_target) *sym_dm_task_add_target;
extern typeof(dm_task_create) *sym_dm_task_create;
extern typeof(dm_task_deferred_remove) *sym_dm_task_deferred_remove;
extern typeof(dm_task_destroy) *sym_dm_task_destroy;
extern typeof(dm_task_get_errno) *sym_dm_task_get_errno;
extern typeof(dm_task_get_info) *sym_dm_task_get_info;
extern typeof(dm_task_get_versions) *sym_dm_task_get_versions;
extern typeof(dm_task_no_open_count) *sym_dm_task_no_open_count;
extern typeof(dm_task_retry_remove) *sym_dm_task_retry_remove;
extern typeof(dm_task_run) *sym_dm_task_run;
extern typeof(dm_task_secure_data) *sym_dm_task_secure_data;
extern typeof(dm_task_set_cookie) *sym_dm_task_set_cookie;
extern typeof(dm_task_set_message) *sym_dm_task_set_message;
extern typeof(dm_task_set_name) *sym_dm_task_set_name;
extern typeof(dm_task_set_ro) *sym_dm_task_set_ro;
extern typeof(dm_task_set_sector) *sym_dm_task_set_sector;
extern typeof(dm_task_set_uuid) *sym_dm_task_set_uuid;
extern typeof(dm_udev_wait) *sym_dm_udev_wait;

/* A task exists only once the library is loaded: this runs only then. */
DEFINE_TRIVIAL_CLEANUP_FUNC(struct dm_task *, sym_dm_task_destroy);
