/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>

#include "backing-check.h"
#include "log.h"
#include "step.h"
#include "macro.h"
#include "sys.h"
#include "verbs.h"

/* One data-protection refusal that --force may override: exit 3 without it,
 * a line saying what is destroyed with it. */
static int refuse_or_force(bool force, const char *verb, const char *backing, const char *why,
                           const char *destroyed) {
	if (!force)
		return log_fail(EXIT_REFUSED, 0, "Refusing to %s %s: %s; use --force to override.",
		                verb, backing, why);
	log_warning("--force: destroying %s on %s.", destroyed, backing);
	return 0;
}

/* Another user who owns the file, can write it, or reaches it by a second name
 * could read and alter the ciphertext under the volume. */
static int check_file_owner(const char *path, const struct stat *st, const char *verb) {
	if (st->st_uid != 0)
		return log_fail(EXIT_REFUSED, -EPERM,
		                "Refusing to %s %s: it is owned by uid %u, not root.", verb, path,
		                (unsigned)st->st_uid);
	if (st->st_nlink != 1)
		return log_fail(EXIT_REFUSED, -EMLINK,
		                "Refusing to %s %s: it has %ju hard links; a backing file must "
		                "have one name.",
		                verb, path, (uintmax_t)st->st_nlink);
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return log_fail(EXIT_REFUSED, -EACCES,
		                "Refusing to %s %s: users other than root may write it (mode "
		                "%04o); chmod 0600 it.",
		                verb, path, (unsigned)(st->st_mode & 07777));
	return 0;
}

int backing_check(const char *backing, const struct backing_file *file, bool force,
                  const char *verb) {
	_cleanup_free_ char *sigs = NULL, *parts = NULL, *resume = NULL, *loop = NULL;
	char why[1024], destroyed[1024];
	int r;

	/* Before anything is read: not one probe of them can be done without it. */
	timeline_mark("load-libblkid");
	r = require_blkid();
	if (r != 0)
		return r;
	timeline_mark("in-use");

	if (file) {
		r = check_file_owner(backing, &file->st, verb);
		if (r != 0)
			return r;
		r = loop_find_by_inode(file->st.st_dev, file->st.st_ino, &loop);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot check whether %s is in use: %m",
			                backing);
		if (r > 0)
			return log_fail(EXIT_REFUSED, -EBUSY,
			                "Refusing to %s %s: it is in use (backing %s).", verb,
			                backing, loop);
	} else {
		r = device_check_unused(backing);
		if (r == -EBUSY)
			return log_fail(EXIT_REFUSED, r,
			                "Refusing to %s %s: it is in use (mounted, an active "
			                "swap, or held by another device).",
			                verb, backing);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot open %s: %m", backing);

		r = device_list_partitions(backing, &parts);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot list the partitions of %s: %m",
			                backing);
		if (r > 0) {
			snprintf(why, sizeof(why), "it is a whole disk with partitions (%s)",
			         parts);
			snprintf(destroyed, sizeof(destroyed), "the partitions %s", parts);
			r = refuse_or_force(force, verb, backing, why, destroyed);
			if (r != 0)
				return r;
		}

		r = device_is_resume(backing, &resume);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot read the kernel command line: %m");
		if (r > 0) {
			snprintf(why, sizeof(why),
			         "the kernel command line names it for hibernation (resume=%s)",
			         resume);
			snprintf(destroyed, sizeof(destroyed), "the hibernation device (resume=%s)",
			         resume);
			r = refuse_or_force(force, verb, backing, why, destroyed);
			if (r != 0)
				return r;
		}
	}

	timeline_mark("signatures");
	r = file ? fd_list_signatures(file->fd, &sigs) : device_list_signatures(backing, &sigs);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot probe %s for signatures: %m", backing);
	if (r > 0) {
		snprintf(why, sizeof(why), "it holds %s, which would be destroyed", sigs);
		r = refuse_or_force(force, verb, backing, why, sigs);
		if (r != 0)
			return r;
	}
	/* Only ciphertext, but who watches it change learns which blocks are in use. */
	if (file && file->st.st_mode & (S_IRGRP | S_IROTH))
		log_warning("%s is readable by users other than root (mode %04o); chmod 0600 it.",
		            backing, (unsigned)(file->st.st_mode & 07777));
	return 0;
}
