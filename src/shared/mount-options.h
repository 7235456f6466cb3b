/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * A mount(8)-style option string, split for the kernel's new mount API: the
 * generic flags (noatime, ro, noexec, ...) are attributes of the mount, set by
 * fsmount(2); everything else is a parameter of the file system, set one by one
 * with fsconfig(2), where the file system itself accepts or refuses it.
 */

#include <stddef.h>
#include <stdint.h>

struct mount_param {
	char *key;
	char *value; /* NULL: a flag such as "discard" */
};

struct mount_options {
	uint64_t attr; /* MOUNT_ATTR_* for fsmount(2) */
	struct mount_param *params;
	size_t n_params;
};

/* -EINVAL for an empty option, or one with a control character (fsconfig
 * takes NUL-terminated strings; nothing else may reach the kernel). */
int mount_options_parse(const char *text, struct mount_options *ret);
void mount_options_done(struct mount_options *o);
