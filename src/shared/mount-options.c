/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "mount-options.h"

#include <errno.h>
#include <linux/mount.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

/* The flags mount(8) handles itself, as MOUNT_ATTR_* of the new API: a file
 * system given them as parameters would refuse them ("noatime" is not ext4's). */
static const struct {
	const char *name;
	uint64_t set, clear;
} generic[] = {
	{ "ro", MOUNT_ATTR_RDONLY, 0 },
	{ "rw", 0, MOUNT_ATTR_RDONLY },
	{ "nosuid", MOUNT_ATTR_NOSUID, 0 },
	{ "nodev", MOUNT_ATTR_NODEV, 0 },
	{ "noexec", MOUNT_ATTR_NOEXEC, 0 },
	{ "exec", 0, MOUNT_ATTR_NOEXEC },
	{ "noatime", MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME },
	{ "relatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
	{ "strictatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME },
	{ "nodiratime", MOUNT_ATTR_NODIRATIME, 0 },
	{ "diratime", 0, MOUNT_ATTR_NODIRATIME },
	{ "nosymfollow", MOUNT_ATTR_NOSYMFOLLOW, 0 },
};

static bool has_control_char(const char *s, size_t n) {
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

static int add_param(struct mount_options *o, const char *item, size_t len) {
	const char *eq = memchr(item, '=', len);
	struct mount_param *a, *p;

	a = realloc(o->params, (o->n_params + 1) * sizeof(*a));
	if (!a)
		return -ENOMEM;
	o->params = a;
	p = &o->params[o->n_params];
	*p = (struct mount_param){};
	p->key = strndup(item, eq ? (size_t)(eq - item) : len);
	if (eq)
		p->value = strndup(eq + 1, len - (size_t)(eq - item) - 1);
	if (!p->key || (eq && !p->value)) {
		free(p->key);
		free(p->value);
		return -ENOMEM;
	}
	o->n_params++;
	return 0;
}

static int add_item(struct mount_options *o, const char *item, size_t len) {
	if (len == 0 || item[0] == '=' || has_control_char(item, len))
		return -EINVAL;
	for (size_t i = 0; i < ELEMENTSOF(generic); i++)
		if (strlen(generic[i].name) == len && memcmp(generic[i].name, item, len) == 0) {
			/* Later options win, as with mount(8). */
			o->attr = (o->attr & ~generic[i].clear) | generic[i].set;
			return 0;
		}
	return add_param(o, item, len);
}

int mount_options_parse(const char *text, struct mount_options *ret) {
	_cleanup_(mount_options_done) struct mount_options o = {};
	int r;

	if (text)
		for (const char *p = text;;) {
			size_t len = strcspn(p, ",");

			r = add_item(&o, p, len);
			if (r < 0)
				return r;
			if (!p[len])
				break;
			p += len + 1;
		}
	*ret = o;
	o = (struct mount_options){};
	return 0;
}

void mount_options_done(struct mount_options *o) {
	if (!o)
		return;
	for (size_t i = 0; i < o->n_params; i++) {
		free(o->params[i].key);
		free(o->params[i].value);
	}
	free(o->params);
	*o = (struct mount_options){};
}
