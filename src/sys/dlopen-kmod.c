/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dlopen-kmod.h"

#include "dlopen-util.h"

typeof(kmod_list_next) *sym_kmod_list_next;
typeof(kmod_load_resources) *sym_kmod_load_resources;
typeof(kmod_module_get_initstate) *sym_kmod_module_get_initstate;
typeof(kmod_module_get_module) *sym_kmod_module_get_module;
typeof(kmod_module_new_from_lookup) *sym_kmod_module_new_from_lookup;
typeof(kmod_module_probe_insert_module) *sym_kmod_module_probe_insert_module;
typeof(kmod_module_unref) *sym_kmod_module_unref;
typeof(kmod_module_unref_list) *sym_kmod_module_unref_list;
typeof(kmod_new) *sym_kmod_new;
typeof(kmod_unref) *sym_kmod_unref;

static const struct dlsym_arg syms[] = {
	DLSYM_ARG(kmod_list_next),
	DLSYM_ARG(kmod_load_resources),
	DLSYM_ARG(kmod_module_get_initstate),
	DLSYM_ARG(kmod_module_get_module),
	DLSYM_ARG(kmod_module_new_from_lookup),
	DLSYM_ARG(kmod_module_probe_insert_module),
	DLSYM_ARG(kmod_module_unref),
	DLSYM_ARG(kmod_module_unref_list),
	DLSYM_ARG(kmod_new),
	DLSYM_ARG(kmod_unref),
};

static struct dlopen_lib kmod = DLOPEN_LIB_INIT(LIBKMOD_SONAME, syms);

int dlopen_kmod(void) {
	return dlopen_lib_load(&kmod);
}
