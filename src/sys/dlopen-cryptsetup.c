/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dlopen-cryptsetup.h"

#include "dlopen-util.h"

typeof(crypt_benchmark) *sym_crypt_benchmark;
typeof(crypt_free) *sym_crypt_free;
typeof(crypt_init) *sym_crypt_init;
typeof(crypt_safe_alloc) *sym_crypt_safe_alloc;
typeof(crypt_safe_free) *sym_crypt_safe_free;
typeof(crypt_set_debug_level) *sym_crypt_set_debug_level;
typeof(crypt_set_log_callback) *sym_crypt_set_log_callback;
typeof(crypt_set_pbkdf_type) *sym_crypt_set_pbkdf_type;

static const struct dlsym_arg syms[] = {
	DLSYM_ARG(crypt_benchmark),
	DLSYM_ARG(crypt_free),
	DLSYM_ARG(crypt_init),
	DLSYM_ARG(crypt_safe_alloc),
	DLSYM_ARG(crypt_safe_free),
	DLSYM_ARG(crypt_set_debug_level),
	DLSYM_ARG(crypt_set_log_callback),
	DLSYM_ARG(crypt_set_pbkdf_type),
};

static struct dlopen_lib cryptsetup = DLOPEN_LIB_INIT(LIBCRYPTSETUP_SONAME, syms);

int dlopen_cryptsetup(void) {
	return dlopen_lib_load(&cryptsetup);
}

const char *dlopen_cryptsetup_error(void) {
	return cryptsetup.error;
}
