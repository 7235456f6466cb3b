/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dlopen-udev.h"
#include "fileio.h"
#include "macro.h"
#include "sys.h"
#include "sysfs-block.h"

typedef bool (*udev_ready_fn)(struct udev *udev, const void *userdata);

/* Polls READY every 10 ms for up to TIMEOUT_MS.  Without a running udevd
 * (early boot, containers) there is nothing to wait for: the device node is
 * all there is, so that is success.  Polling, not a monitor: a uevent may
 * have been handled before a monitor could subscribe, and the database
 * entry is the truth either way. */
static int udev_poll(udev_ready_fn ready, const void *userdata, unsigned timeout_ms) {
	_cleanup_(sym_udev_unrefp) struct udev *udev = NULL;
	int r;

	if (access("/run/udev/control", F_OK) < 0)
		return 0;
	r = dlopen_udev();
	if (r < 0)
		return r;
	udev = sym_udev_new();
	if (!udev)
		return -ENOMEM;
	for (unsigned waited = 0; waited < timeout_ms; waited += 10) {
		if (ready(udev, userdata))
			return 0;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
	return -ETIMEDOUT;
}

static bool queue_is_empty(struct udev *udev, const void *userdata _unused_) {
	_cleanup_(sym_udev_queue_unrefp) struct udev_queue *queue = sym_udev_queue_new(udev);

	return queue && sym_udev_queue_get_queue_is_empty(queue);
}

int udev_settle(void) {
	return udev_poll(queue_is_empty, NULL, 5000);
}

struct property_match {
	dev_t devnum;
	const char *key, *value;
};

static bool has_property(struct udev *udev, const void *userdata) {
	const struct property_match *m = userdata;
	_cleanup_(sym_udev_device_unrefp) struct udev_device *d =
	        sym_udev_device_new_from_devnum(udev, 'b', m->devnum);
	const char *v = d ? sym_udev_device_get_property_value(d, m->key) : NULL;

	return v && streq(v, m->value);
}

int udev_wait_property(dev_t devnum, const char *key, const char *value) {
	/* An empty udev queue does not prove udevd has even seen a uevent we just
	 * sent; the device's own database entry does. */
	return udev_poll(has_property, &(struct property_match){ devnum, key, value }, 5000);
}

static bool is_initialized(struct udev *udev, const void *userdata) {
	_cleanup_(sym_udev_device_unrefp) struct udev_device *d = NULL;
	struct stat st;

	/* The node may not exist yet: it appears when devtmpfs learns of it. */
	if (stat(userdata, &st) < 0 || !S_ISBLK(st.st_mode))
		return false;
	d = sym_udev_device_new_from_devnum(udev, 'b', st.st_rdev);
	return d && sym_udev_device_get_is_initialized(d) > 0;
}

int device_wait_udev(const char *path) {
	/* 10 s is what udev itself allows a rule program; we need far less. */
	return udev_poll(is_initialized, path, 10000);
}

int device_announce(const char *path) {
	_cleanup_free_ char *real = realpath(path, NULL), *kname = NULL;
	char uevent[PATH_MAX];
	int r;

	if (!real)
		return -errno;
	if (strncmp(real, "/dev/", 5) != 0)
		return -EINVAL;
	r = sysfs_block_from_path("/", real, &kname);
	if (r < 0)
		return r;
	snprintf(uevent, sizeof(uevent), "/sys/class/block/%s/uevent", kname);
	return write_string_file(uevent, "change");
}
