/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * libcryptsetup, loaded by the paths that use it (dm-crypt volumes, their status, the
 * cipher benchmark, the feature probe) and by no other: dlopen_cryptsetup() first,
 * then sym_crypt_*() in place of crypt_*(). The types, constants and structures are
 * the header's, as they were.
 */

#include <libcryptsetup.h>

#include "macro.h"
#include "sys.h" /* dlopen_cryptsetup(), dlopen_cryptsetup_error() */

extern typeof(crypt_activate_by_keyring) *sym_crypt_activate_by_keyring;
extern typeof(crypt_activate_by_volume_key) *sym_crypt_activate_by_volume_key;
extern typeof(crypt_benchmark) *sym_crypt_benchmark;
extern typeof(crypt_deactivate) *sym_crypt_deactivate;
extern typeof(crypt_deactivate_by_name) *sym_crypt_deactivate_by_name;
extern typeof(crypt_format) *sym_crypt_format;
extern typeof(crypt_free) *sym_crypt_free;
extern typeof(crypt_get_active_device) *sym_crypt_get_active_device;
extern typeof(crypt_get_cipher) *sym_crypt_get_cipher;
extern typeof(crypt_get_cipher_mode) *sym_crypt_get_cipher_mode;
extern typeof(crypt_get_sector_size) *sym_crypt_get_sector_size;
extern typeof(crypt_get_uuid) *sym_crypt_get_uuid;
extern typeof(crypt_get_volume_key_size) *sym_crypt_get_volume_key_size;
extern typeof(crypt_init) *sym_crypt_init;
extern typeof(crypt_init_by_name) *sym_crypt_init_by_name;
extern typeof(crypt_init_by_name_and_header) *sym_crypt_init_by_name_and_header;
extern typeof(crypt_init_data_device) *sym_crypt_init_data_device;
extern typeof(crypt_safe_alloc) *sym_crypt_safe_alloc;
extern typeof(crypt_safe_free) *sym_crypt_safe_free;
extern typeof(crypt_set_data_offset) *sym_crypt_set_data_offset;
extern typeof(crypt_set_debug_level) *sym_crypt_set_debug_level;
extern typeof(crypt_set_log_callback) *sym_crypt_set_log_callback;
extern typeof(crypt_set_metadata_size) *sym_crypt_set_metadata_size;
extern typeof(crypt_set_pbkdf_type) *sym_crypt_set_pbkdf_type;
extern typeof(crypt_suspend) *sym_crypt_suspend;

/* A device exists only once the library is loaded: this runs only then. */
DEFINE_TRIVIAL_CLEANUP_FUNC(struct crypt_device *, sym_crypt_free);
