/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * libudev, loaded when ephvol waits for udev (a new mapping, a claimed disk, a settle
 * before a suspend): dlopen_udev() first, then sym_udev_*() in place of udev_*(). A
 * zram volume never waits for udev, so it never maps the library.
 */

#include <libudev.h>

#include "macro.h"
#include "sys.h" /* dlopen_udev(), dlopen_udev_error() */

extern typeof(udev_device_get_is_initialized) *sym_udev_device_get_is_initialized;
extern typeof(udev_device_get_property_value) *sym_udev_device_get_property_value;
extern typeof(udev_device_new_from_devnum) *sym_udev_device_new_from_devnum;
extern typeof(udev_device_unref) *sym_udev_device_unref;
extern typeof(udev_new) *sym_udev_new;
extern typeof(udev_queue_get_queue_is_empty) *sym_udev_queue_get_queue_is_empty;
extern typeof(udev_queue_new) *sym_udev_queue_new;
extern typeof(udev_queue_unref) *sym_udev_queue_unref;
extern typeof(udev_unref) *sym_udev_unref;

DEFINE_TRIVIAL_CLEANUP_FUNC(struct udev *, sym_udev_unref);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct udev_device *, sym_udev_device_unref);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct udev_queue *, sym_udev_queue_unref);
