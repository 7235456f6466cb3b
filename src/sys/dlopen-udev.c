/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dlopen-udev.h"

#include "dlopen-util.h"

typeof(udev_device_get_is_initialized) *sym_udev_device_get_is_initialized;
typeof(udev_device_get_property_value) *sym_udev_device_get_property_value;
typeof(udev_device_new_from_devnum) *sym_udev_device_new_from_devnum;
typeof(udev_device_unref) *sym_udev_device_unref;
typeof(udev_new) *sym_udev_new;
typeof(udev_queue_get_queue_is_empty) *sym_udev_queue_get_queue_is_empty;
typeof(udev_queue_new) *sym_udev_queue_new;
typeof(udev_queue_unref) *sym_udev_queue_unref;
typeof(udev_unref) *sym_udev_unref;

static const struct dlsym_arg syms[] = {
	DLSYM_ARG(udev_device_get_is_initialized),
	DLSYM_ARG(udev_device_get_property_value),
	DLSYM_ARG(udev_device_new_from_devnum),
	DLSYM_ARG(udev_device_unref),
	DLSYM_ARG(udev_new),
	DLSYM_ARG(udev_queue_get_queue_is_empty),
	DLSYM_ARG(udev_queue_new),
	DLSYM_ARG(udev_queue_unref),
	DLSYM_ARG(udev_unref),
};

static struct dlopen_lib udev = DLOPEN_LIB_INIT(LIBUDEV_SONAME, syms);

int dlopen_udev(void) {
	return dlopen_lib_load(&udev);
}

const char *dlopen_udev_error(void) {
	return udev.error;
}
