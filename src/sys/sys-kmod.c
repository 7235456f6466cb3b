/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <libkmod.h>

#include "log.h"
#include "sys.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct kmod_ctx *, kmod_unref);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct kmod_list *, kmod_module_unref_list);

/* Like `modprobe NAME OPTIONS`: a module that is built in or already loaded is success. */
int module_load(const char *name, const char *options) {
	_cleanup_(kmod_unrefp) struct kmod_ctx *kctx = NULL;
	_cleanup_(kmod_module_unref_listp) struct kmod_list *list = NULL;
	struct kmod_list *l;
	int r;

	kctx = kmod_new(NULL, NULL);
	if (!kctx)
		return -ENOMEM;
	kmod_load_resources(kctx);

	r = kmod_module_new_from_lookup(kctx, name, &list);
	if (r < 0)
		return r;
	if (!list)
		return -ENOENT;

	kmod_list_foreach (l, list) {
		struct kmod_module *mod = kmod_module_get_module(l);
		int state = kmod_module_get_initstate(mod);

		if (state == KMOD_MODULE_BUILTIN || state == KMOD_MODULE_LIVE) {
			kmod_module_unref(mod);
			return 0;
		}
		r = kmod_module_probe_insert_module(mod, KMOD_PROBE_APPLY_BLACKLIST, options, NULL,
		                                    NULL, NULL);
		kmod_module_unref(mod);
		if (r == 0 || r == -EEXIST)
			return 0;
		log_debug_errno(r, "Loading module %s failed: %m", name);
	}
	return r < 0 ? r : -ENOENT;
}
