/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * libcryptsetup, loaded by the paths that use it (the key memory of a dm-crypt volume,
 * the cipher benchmark, the feature probe) and by no other: dlopen_cryptsetup() first,
 * then sym_crypt_*() in place of crypt_*(). The types, constants and structures are
 * the header's, as they were.
 */

#include <libcryptsetup.h>

#include "macro.h"
#include "sys.h" /* dlopen_cryptsetup(), dlopen_cryptsetup_error() */

extern typeof(crypt_benchmark) *sym_crypt_benchmark;
extern typeof(crypt_free) *sym_crypt_free;
extern typeof(crypt_init) *sym_crypt_init;
extern typeof(crypt_safe_alloc) *sym_crypt_safe_alloc;
extern typeof(crypt_safe_free) *sym_crypt_safe_free;
extern typeof(crypt_set_debug_level) *sym_crypt_set_debug_level;
extern typeof(crypt_set_log_callback) *sym_crypt_set_log_callback;
extern typeof(crypt_set_pbkdf_type) *sym_crypt_set_pbkdf_type;

/* A device exists only once the library is loaded: this runs only then. */
DEFINE_TRIVIAL_CLEANUP_FUNC(struct crypt_device *, sym_crypt_free);
