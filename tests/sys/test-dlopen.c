/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/sys/dlopen-*.c and src/cli/dlopen-smartcols.c on this host: libcryptsetup, libkmod,
 * libblkid, libudev and libsmartcols load by their sonames with
 * every symbol ephvol uses; a missing library or symbol is -EOPNOTSUPP with its reason,
 * and sets no pointer. */
#include "unit.h"

#include <unistd.h>

#include "dlopen-blkid.h"
#include "dlopen-cryptsetup.h"
#include "dlopen-devmapper.h"
#include "dlopen-kmod.h"
#include "dlopen-smartcols.h"
#include "dlopen-udev.h"
#include "dlopen-util.h"

static typeof(getpid) *sym_getpid;
static typeof(getppid) *sym_getppid;
static void (*sym_ephvol_no_such_function)(void);

static const struct dlsym_arg libc_syms[] = { DLSYM_ARG(getpid), DLSYM_ARG(getppid) };
static const struct dlsym_arg libc_missing[] = { DLSYM_ARG(getppid),
	                                         DLSYM_ARG(ephvol_no_such_function) };
static const struct dlsym_arg none_syms[] = { DLSYM_ARG(getpid) };

static void test_missing(void **state) {
	struct dlopen_lib none = DLOPEN_LIB_INIT("libephvol-none.so.7", none_syms);
	struct dlopen_lib partial = DLOPEN_LIB_INIT("libc.so.6", libc_missing);

	(void)state;
	/* no such library, each time asked */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(dlopen_lib_load(&none), -EOPNOTSUPP);
		assert_null(none.handle);
		assert_null(sym_getpid);
		/* dlerror()'s words, without the soname the caller's line names */
		assert_non_null(strstr(none.error, "cannot open shared object file"));
		assert_null(strstr(none.error, "libephvol-none"));
	}
	/* a symbol missing: none is set, not even those found */
	assert_int_equal(dlopen_lib_load(&partial), -EOPNOTSUPP);
	assert_string_equal(partial.error, "it has no symbol ephvol_no_such_function");
	assert_null(partial.handle);
	assert_null(sym_getppid);
	assert_null(sym_ephvol_no_such_function);
}

static void test_found(void **state) {
	struct dlopen_lib libc = DLOPEN_LIB_INIT("libc.so.6", libc_syms);

	(void)state;
	assert_int_equal(dlopen_lib_load(&libc), 0);
	assert_non_null(libc.handle);
	assert_string_equal(libc.error, "");
	assert_int_equal(sym_getpid(), getpid());
	assert_int_equal(sym_getppid(), getppid());
	/* once: later calls change nothing */
	sym_getpid = NULL;
	assert_int_equal(dlopen_lib_load(&libc), 0);
	assert_null(sym_getpid);
}

static void test_cryptsetup_kmod(void **state) {
	(void)state;
	assert_null(sym_crypt_init);
	assert_int_equal(dlopen_cryptsetup(), 0);
	assert_string_equal(dlopen_cryptsetup_error(), "");
	assert_non_null(sym_crypt_init);
	assert_non_null(sym_crypt_safe_alloc);
	assert_non_null(sym_crypt_benchmark);
	assert_int_equal(dlopen_cryptsetup(), 0);

	/* what create, destroy and status use */
	assert_null(sym_dm_task_set_uuid);
	assert_int_equal(dlopen_devmapper(), 0);
	assert_string_equal(dlopen_devmapper_error(), "");
	assert_non_null(sym_dm_task_set_uuid);
	assert_non_null(sym_dm_task_add_target);

	assert_null(sym_kmod_new);
	assert_int_equal(dlopen_kmod(), 0);
	assert_non_null(sym_kmod_new);
	assert_non_null(sym_kmod_list_next);
	assert_int_equal(dlopen_kmod(), 0);
}

static void test_blkid_udev_smartcols(void **state) {
	(void)state;
	assert_null(sym_blkid_new_probe);
	assert_int_equal(dlopen_blkid(), 0);
	assert_non_null(sym_blkid_new_probe);
	assert_non_null(sym_blkid_evaluate_spec);

	assert_null(sym_udev_new);
	assert_int_equal(dlopen_udev(), 0);
	assert_non_null(sym_udev_new);
	assert_non_null(sym_udev_queue_get_queue_is_empty);

	assert_null(sym_scols_new_table);
	assert_int_equal(dlopen_smartcols(), 0);
	assert_string_equal(dlopen_smartcols_error(), "");
	assert_non_null(sym_scols_new_table);
	assert_non_null(sym_scols_print_table);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_cryptsetup_kmod),
		cmocka_unit_test(test_blkid_udev_smartcols),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
