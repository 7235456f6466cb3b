/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * libkmod, loaded only when a kernel module has to be loaded (zram, loop, dm_crypt not
 * there yet): dlopen_kmod() first, then sym_kmod_*() in place of kmod_*().
 */

#include <libkmod.h>

#include "macro.h"

#define LIBKMOD_SONAME "libkmod.so.2"

extern typeof(kmod_list_next) *sym_kmod_list_next;
extern typeof(kmod_load_resources) *sym_kmod_load_resources;
extern typeof(kmod_module_get_initstate) *sym_kmod_module_get_initstate;
extern typeof(kmod_module_get_module) *sym_kmod_module_get_module;
extern typeof(kmod_module_new_from_lookup) *sym_kmod_module_new_from_lookup;
extern typeof(kmod_module_probe_insert_module) *sym_kmod_module_probe_insert_module;
extern typeof(kmod_module_unref) *sym_kmod_module_unref;
extern typeof(kmod_module_unref_list) *sym_kmod_module_unref_list;
extern typeof(kmod_new) *sym_kmod_new;
extern typeof(kmod_unref) *sym_kmod_unref;

/* Loads libkmod and resolves every sym_kmod_*, once. 0, or -EOPNOTSUPP when the library
 * or a symbol is missing (logged at debug level with dlerror()'s words), or -ENOMEM. */
int dlopen_kmod(void);

/* kmod_list_foreach(), through the loaded library. */
#define sym_kmod_list_foreach(entry, first)                                                        \
	for ((entry) = (first); (entry); (entry) = sym_kmod_list_next((first), (entry)))

DEFINE_TRIVIAL_CLEANUP_FUNC(struct kmod_ctx *, sym_kmod_unref);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct kmod_list *, sym_kmod_module_unref_list);
