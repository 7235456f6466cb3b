/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device-mapper through libdevmapper: a mapping's creation, its table, the key wipe, the
 * removal. libcryptsetup does the same through the same library, but first initialises
 * its crypto backend for every device it is handed (OpenSSL and its providers: about
 * 100 ms under emulation), which none of these uses: the kernel does the crypto. Every
 * change of a mapping's state that udev sees carries a cookie and waits for udev's rules,
 * as libcryptsetup's do.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "aead.h"
#include "dlopen-devmapper.h"
#include "dm-crypt-table.h"
#include "log.h"
#include "sys-crypt.h"
#include "sys-dm.h"

static void dm_log_debug(int level _unused_, const char *file _unused_, int line _unused_,
                         int dm_errno _unused_, const char *format, ...) {
	_cleanup_free_ char *msg = NULL;
	va_list ap;

	/* Its errors are details of the one line the caller prints. */
	va_start(ap, format);
	if (vasprintf(&msg, format, ap) >= 0 && strncmp(msg, "<backtrace>", 11) != 0)
		log_debug("libdevmapper: %s", msg);
	va_end(ap);
}

static int devmapper_load(void) {
	int r = dlopen_devmapper();

	if (r < 0)
		return r;
	sym_dm_log_with_errno_init(dm_log_debug);
	return 0;
}

/* Why the task failed, as an errno: the ioctl's, else EINVAL (a task it never ran). */
static int task_error(struct dm_task *dmt) {
	int e = sym_dm_task_get_errno(dmt);

	return e > 0 ? -e : -EINVAL;
}

/* A task of TYPE for DMNAME; loads the library first. */
static int task_new(int type, const char *dmname, struct dm_task **ret) {
	struct dm_task *dmt;
	int r;

	r = devmapper_load();
	if (r < 0)
		return r;
	dmt = sym_dm_task_create(type);
	if (!dmt)
		return -ENOMEM;
	if (!sym_dm_task_set_name(dmt, dmname)) {
		sym_dm_task_destroy(dmt);
		return -EINVAL;
	}
	*ret = dmt;
	return 0;
}

/* Runs DMT with a udev cookie; *cookie is what to wait on (also after a failure).
 * Without udev (or its sync support), libdevmapper makes or removes the node itself. */
static int task_run_cookie(struct dm_task *dmt, uint32_t *cookie) {
	*cookie = 0;
	if (!sym_dm_task_set_cookie(dmt, cookie, DM_UDEV_DISABLE_LIBRARY_FALLBACK))
		return -EINVAL;
	return sym_dm_task_run(dmt) ? 0 : task_error(dmt);
}

/* Runs DMT with a udev cookie and waits for udev to process its events. */
static int task_run_udev(struct dm_task *dmt) {
	uint32_t cookie;
	int r = task_run_cookie(dmt, &cookie);

	dm_cookie_wait(cookie);
	return r;
}

int dm_control_check(void) {
	_cleanup_close_ int fd = open("/dev/mapper/control", O_RDWR | O_CLOEXEC | O_NOCTTY);

	return fd < 0 ? -errno : 0;
}

int dm_cookie_wait(uint32_t cookie) {
	if (!cookie)
		return 0;
	/* Also releases the cookie. */
	return sym_dm_udev_wait(cookie) ? 1 : -ETIMEDOUT;
}

/* The single target of DMNAME's live table: its type, length and parameters, handed
 * to FN while the task (whose buffers libdevmapper wipes: a table may hold a key)
 * lives. -ENODEV when there is no such mapping, -EMEDIUMTYPE for another table. */
static int target_get(int task, const char *dmname,
                      int (*fn)(uint64_t length, const char *type, const char *params,
                                void *userdata),
                      void *userdata) {
	_cleanup_(sym_dm_task_destroyp) struct dm_task *dmt = NULL;
	struct dm_info info;
	uint64_t start, length;
	char *type = NULL, *params = NULL;
	void *next;
	int r;

	r = task_new(task, dmname, &dmt);
	if (r < 0)
		return r;
	if (!sym_dm_task_secure_data(dmt))
		return -EINVAL;
	if (!sym_dm_task_run(dmt)) {
		r = task_error(dmt);
		return r == -ENXIO ? -ENODEV : r;
	}
	if (!sym_dm_task_get_info(dmt, &info))
		return -EINVAL;
	if (!info.exists)
		return -ENODEV;
	next = sym_dm_get_next_target(dmt, NULL, &start, &length, &type, &params);
	if (next || !type || start != 0)
		return -EMEDIUMTYPE; /* none, or more than one target */
	return fn(length, type, params ?: "", userdata);
}

static int table_get(const char *dmname,
                     int (*fn)(uint64_t length, const char *type, const char *params,
                               void *userdata),
                     void *userdata) {
	return target_get(DM_DEVICE_TABLE, dmname, fn, userdata);
}

static int integrity_status(uint64_t length _unused_, const char *type, const char *params,
                            void *userdata) {
	if (!streq(type, "integrity"))
		return -EMEDIUMTYPE;
	return dm_integrity_status_parse(params, userdata);
}

struct integrity_where {
	unsigned major, minor;
	uint64_t offset;
};

static int integrity_table(uint64_t length _unused_, const char *type, const char *params,
                           void *userdata) {
	struct integrity_where *w = userdata;

	if (!streq(type, "integrity"))
		return -EMEDIUMTYPE;
	return dm_integrity_table_parse(params, &w->major, &w->minor, &w->offset);
}

int dm_integrity_data_device(const char *dmname, dev_t *ret_dev, uint64_t *ret_offset_sectors) {
	struct integrity_where w;
	int r = table_get(dmname, integrity_table, &w);

	if (r < 0)
		return r;
	*ret_dev = makedev(w.major, w.minor);
	*ret_offset_sectors = w.offset;
	return 0;
}

int dm_integrity_provided_sectors(const char *dmname, uint64_t *ret) {
	return target_get(DM_DEVICE_STATUS, dmname, integrity_status, ret);
}

int dm_reload(const char *dmname, uint64_t sectors, const char *type, const char *params) {
	_cleanup_(sym_dm_task_destroyp) struct dm_task *dmt = NULL;
	int r;

	r = task_new(DM_DEVICE_RELOAD, dmname, &dmt);
	if (r < 0)
		return r;
	if (!sym_dm_task_secure_data(dmt) || !sym_dm_task_add_target(dmt, 0, sectors, type, params))
		return -EINVAL;
	if (!sym_dm_task_run(dmt))
		return task_error(dmt);
	return dm_resume(dmname);
}

static int crypt_table(uint64_t length _unused_, const char *type, const char *params,
                       void *userdata) {
	if (!streq(type, "crypt"))
		return -EMEDIUMTYPE;
	return dm_crypt_table_parse(params, userdata);
}

int dm_target_version(const char *type, unsigned ret_version[3]) {
	_cleanup_(sym_dm_task_destroyp) struct dm_task *dmt = NULL;
	struct dm_versions *v, *last;
	int r;

	r = devmapper_load();
	if (r < 0)
		return r;
	dmt = sym_dm_task_create(DM_DEVICE_LIST_VERSIONS);
	if (!dmt)
		return -ENOMEM;
	if (!sym_dm_task_run(dmt))
		return task_error(dmt);
	v = sym_dm_task_get_versions(dmt);
	if (!v)
		return -ENOENT;
	/* A list chained by offsets; the last entry's next is 0. */
	do {
		last = v;
		if (streq(v->name, type)) {
			for (int i = 0; i < 3; i++)
				ret_version[i] = v->version[i];
			return 0;
		}
		v = (struct dm_versions *)((char *)v + v->next);
	} while (last != v);
	return -ENOENT;
}

int dm_crypt_query(const char *dmname, struct dm_crypt_info *ret) {
	return table_get(dmname, crypt_table, ret);
}

int dm_create(const char *dmname, const char *uuid, uint64_t sectors, const char *type,
              const char *params, uint32_t *ret_cookie, dev_t *ret_devnum) {
	_cleanup_(sym_dm_task_destroyp) struct dm_task *dmt = NULL;
	struct dm_info info;
	uint32_t cookie;
	int r;

	r = task_new(DM_DEVICE_CREATE, dmname, &dmt);
	if (r < 0)
		return r;
	/* With a table, libdevmapper creates, loads and resumes; a load the kernel refuses
	 * removes the new device again. */
	if (!sym_dm_task_set_uuid(dmt, uuid) || !sym_dm_task_secure_data(dmt) ||
	    !sym_dm_task_add_target(dmt, 0, sectors, type, params))
		return -EINVAL;
	r = task_run_cookie(dmt, &cookie);
	if (r >= 0 && (!sym_dm_task_get_info(dmt, &info) || !info.exists))
		r = -ENODEV; /* cannot happen after a create that succeeded */
	if (r < 0) {
		dm_cookie_wait(cookie);
		return r;
	}
	*ret_devnum = makedev(info.major, info.minor);
	*ret_cookie = cookie;
	return 0;
}

int dm_suspend_wipe_key(const char *dmname) {
	_cleanup_(sym_dm_task_destroyp) struct dm_task *suspend = NULL, *wipe = NULL;
	int r;

	/* With a flush: what is in flight reaches the device before the key goes. */
	r = task_new(DM_DEVICE_SUSPEND, dmname, &suspend);
	if (r < 0)
		return r;
	if (!sym_dm_task_run(suspend))
		return task_error(suspend);

	r = task_new(DM_DEVICE_TARGET_MSG, dmname, &wipe);
	if (r < 0)
		return r;
	if (!sym_dm_task_secure_data(wipe) || !sym_dm_task_set_sector(wipe, 0) ||
	    !sym_dm_task_set_message(wipe, "key wipe"))
		return -EINVAL;
	if (!sym_dm_task_run(wipe)) {
		/* Not left frozen with its key: whoever uses it would hang. */
		r = task_error(wipe);
		if (dm_resume(dmname) < 0)
			log_debug("Cannot resume %s after its key wipe failed.", dmname);
		return r;
	}
	return 0;
}

int dm_resume(const char *dmname) {
	_cleanup_(sym_dm_task_destroyp) struct dm_task *dmt = NULL;
	int r;

	r = task_new(DM_DEVICE_RESUME, dmname, &dmt);
	if (r < 0)
		return r;
	return task_run_udev(dmt);
}

int dm_remove(const char *dmname, bool deferred) {
	_cleanup_(sym_dm_task_destroyp) struct dm_task *dmt = NULL;
	int r;

	r = task_new(DM_DEVICE_REMOVE, dmname, &dmt);
	if (r < 0)
		return r;
	/* A short-lived opener (udev's probe): libdevmapper retries for a few seconds. */
	if (!sym_dm_task_retry_remove(dmt))
		return -EINVAL;
	if (deferred && !sym_dm_task_deferred_remove(dmt))
		return -EINVAL;
	return task_run_udev(dmt);
}

static int load_error_table(uint64_t length, const char *type _unused_, const char *params _unused_,
                            void *userdata) {
	_cleanup_(sym_dm_task_destroyp) struct dm_task *dmt = NULL;
	int r;

	r = task_new(DM_DEVICE_RELOAD, userdata, &dmt);
	if (r < 0)
		return r;
	if (!sym_dm_task_add_target(dmt, 0, length, "error", "") || !sym_dm_task_set_ro(dmt) ||
	    !sym_dm_task_no_open_count(dmt))
		return -EINVAL;
	return sym_dm_task_run(dmt) ? 0 : task_error(dmt);
}

int dm_replace_with_error(const char *dmname) {
	int r;

	r = table_get(dmname, load_error_table, (void *)dmname);
	if (r < 0)
		return r;
	return dm_resume(dmname);
}
