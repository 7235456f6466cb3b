/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dlopen-devmapper.h"

#include "dlopen-util.h"

typeof(dm_get_next_target) *sym_dm_get_next_target;
typeof(dm_log_with_errno_init) *sym_dm_log_with_errno_init;
typeof(dm_task_add_target) *sym_dm_task_add_target;
typeof(dm_task_create) *sym_dm_task_create;
typeof(dm_task_deferred_remove) *sym_dm_task_deferred_remove;
typeof(dm_task_destroy) *sym_dm_task_destroy;
typeof(dm_task_get_errno) *sym_dm_task_get_errno;
typeof(dm_task_get_info) *sym_dm_task_get_info;
typeof(dm_task_get_versions) *sym_dm_task_get_versions;
typeof(dm_task_no_open_count) *sym_dm_task_no_open_count;
typeof(dm_task_retry_remove) *sym_dm_task_retry_remove;
typeof(dm_task_run) *sym_dm_task_run;
typeof(dm_task_secure_data) *sym_dm_task_secure_data;
typeof(dm_task_set_cookie) *sym_dm_task_set_cookie;
typeof(dm_task_set_message) *sym_dm_task_set_message;
typeof(dm_task_set_name) *sym_dm_task_set_name;
typeof(dm_task_set_ro) *sym_dm_task_set_ro;
typeof(dm_task_set_sector) *sym_dm_task_set_sector;
typeof(dm_task_set_uuid) *sym_dm_task_set_uuid;
typeof(dm_udev_wait) *sym_dm_udev_wait;

static const struct dlsym_arg syms[] = {
	DLSYM_ARG(dm_get_next_target),      DLSYM_ARG(dm_log_with_errno_init),
	DLSYM_ARG(dm_task_add_target),      DLSYM_ARG(dm_task_create),
	DLSYM_ARG(dm_task_deferred_remove), DLSYM_ARG(dm_task_destroy),
	DLSYM_ARG(dm_task_get_errno),       DLSYM_ARG(dm_task_get_info),
	DLSYM_ARG(dm_task_get_versions),    DLSYM_ARG(dm_task_no_open_count),
	DLSYM_ARG(dm_task_retry_remove),    DLSYM_ARG(dm_task_run),
	DLSYM_ARG(dm_task_secure_data),     DLSYM_ARG(dm_task_set_cookie),
	DLSYM_ARG(dm_task_set_message),     DLSYM_ARG(dm_task_set_name),
	DLSYM_ARG(dm_task_set_ro),          DLSYM_ARG(dm_task_set_sector),
	DLSYM_ARG(dm_task_set_uuid),        DLSYM_ARG(dm_udev_wait),
};

static struct dlopen_lib devmapper = DLOPEN_LIB_INIT(LIBDEVMAPPER_SONAME, syms);

int dlopen_devmapper(void) {
	return dlopen_lib_load(&devmapper);
}

const char *dlopen_devmapper_error(void) {
	return devmapper.error;
}
