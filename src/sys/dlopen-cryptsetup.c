/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dlopen-cryptsetup.h"

#include "dlopen-util.h"

typeof(crypt_activate_by_keyring) *sym_crypt_activate_by_keyring;
typeof(crypt_activate_by_volume_key) *sym_crypt_activate_by_volume_key;
typeof(crypt_benchmark) *sym_crypt_benchmark;
typeof(crypt_deactivate) *sym_crypt_deactivate;
typeof(crypt_deactivate_by_name) *sym_crypt_deactivate_by_name;
typeof(crypt_format) *sym_crypt_format;
typeof(crypt_free) *sym_crypt_free;
typeof(crypt_get_active_device) *sym_crypt_get_active_device;
typeof(crypt_get_cipher) *sym_crypt_get_cipher;
typeof(crypt_get_cipher_mode) *sym_crypt_get_cipher_mode;
typeof(crypt_get_sector_size) *sym_crypt_get_sector_size;
typeof(crypt_get_uuid) *sym_crypt_get_uuid;
typeof(crypt_get_volume_key_size) *sym_crypt_get_volume_key_size;
typeof(crypt_init) *sym_crypt_init;
typeof(crypt_init_by_name) *sym_crypt_init_by_name;
typeof(crypt_init_by_name_and_header) *sym_crypt_init_by_name_and_header;
typeof(crypt_init_data_device) *sym_crypt_init_data_device;
typeof(crypt_safe_alloc) *sym_crypt_safe_alloc;
typeof(crypt_safe_free) *sym_crypt_safe_free;
typeof(crypt_set_data_offset) *sym_crypt_set_data_offset;
typeof(crypt_set_debug_level) *sym_crypt_set_debug_level;
typeof(crypt_set_log_callback) *sym_crypt_set_log_callback;
typeof(crypt_set_metadata_size) *sym_crypt_set_metadata_size;
typeof(crypt_set_pbkdf_type) *sym_crypt_set_pbkdf_type;
typeof(crypt_suspend) *sym_crypt_suspend;

static const struct dlsym_arg syms[] = {
	DLSYM_ARG(crypt_activate_by_keyring),
	DLSYM_ARG(crypt_activate_by_volume_key),
	DLSYM_ARG(crypt_benchmark),
	DLSYM_ARG(crypt_deactivate),
	DLSYM_ARG(crypt_deactivate_by_name),
	DLSYM_ARG(crypt_format),
	DLSYM_ARG(crypt_free),
	DLSYM_ARG(crypt_get_active_device),
	DLSYM_ARG(crypt_get_cipher),
	DLSYM_ARG(crypt_get_cipher_mode),
	DLSYM_ARG(crypt_get_sector_size),
	DLSYM_ARG(crypt_get_uuid),
	DLSYM_ARG(crypt_get_volume_key_size),
	DLSYM_ARG(crypt_init),
	DLSYM_ARG(crypt_init_by_name),
	DLSYM_ARG(crypt_init_by_name_and_header),
	DLSYM_ARG(crypt_init_data_device),
	DLSYM_ARG(crypt_safe_alloc),
	DLSYM_ARG(crypt_safe_free),
	DLSYM_ARG(crypt_set_data_offset),
	DLSYM_ARG(crypt_set_debug_level),
	DLSYM_ARG(crypt_set_log_callback),
	DLSYM_ARG(crypt_set_metadata_size),
	DLSYM_ARG(crypt_set_pbkdf_type),
	DLSYM_ARG(crypt_suspend),
};

static struct dlopen_lib cryptsetup = DLOPEN_LIB_INIT(LIBCRYPTSETUP_SONAME, syms);

int dlopen_cryptsetup(void) {
	return dlopen_lib_load(&cryptsetup);
}

const char *dlopen_cryptsetup_error(void) {
	return cryptsetup.error;
}
