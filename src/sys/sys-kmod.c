/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>

#include "dlopen-kmod.h"
#include "log.h"
#include "sys.h"

/* Like `modprobe NAME OPTIONS`: a module that is built in or already loaded is success.
 * Callers ask only when the module is not there, so libkmod is loaded only then. */
int module_load(const char *name, const char *options) {
	_cleanup_(sym_kmod_unrefp) struct kmod_ctx *kctx = NULL;
	_cleanup_(sym_kmod_module_unref_listp) struct kmod_list *list = NULL;
	struct kmod_list *l;
	int r;

	r = dlopen_kmod();
	if (r < 0)
		return r;
	kctx = sym_kmod_new(NULL, NULL);
	if (!kctx)
		return -ENOMEM;
	sym_kmod_load_resources(kctx);

	r = sym_kmod_module_new_from_lookup(kctx, name, &list);
	if (r < 0)
		return r;
	if (!list)
		return -ENOENT;

	sym_kmod_list_foreach (l, list) {
		struct kmod_module *mod = sym_kmod_module_get_module(l);
		int state = sym_kmod_module_get_initstate(mod);

		if (state == KMOD_MODULE_BUILTIN || state == KMOD_MODULE_LIVE) {
			sym_kmod_module_unref(mod);
			return 0;
		}
		r = sym_kmod_module_probe_insert_module(mod, KMOD_PROBE_APPLY_BLACKLIST, options,
		                                        NULL, NULL, NULL);
		sym_kmod_module_unref(mod);
		if (r == 0 || r == -EEXIST)
			return 0;
		log_debug_errno(r, "Loading module %s failed: %m", name);
	}
	return r < 0 ? r : -ENOENT;
}
