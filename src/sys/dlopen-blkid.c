/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dlopen-blkid.h"

#include "dlopen-util.h"

typeof(blkid_dev_devname) *sym_blkid_dev_devname;
typeof(blkid_dev_iterate_begin) *sym_blkid_dev_iterate_begin;
typeof(blkid_dev_iterate_end) *sym_blkid_dev_iterate_end;
typeof(blkid_dev_next) *sym_blkid_dev_next;
typeof(blkid_do_probe) *sym_blkid_do_probe;
typeof(blkid_do_safeprobe) *sym_blkid_do_safeprobe;
typeof(blkid_evaluate_spec) *sym_blkid_evaluate_spec;
typeof(blkid_free_probe) *sym_blkid_free_probe;
typeof(blkid_get_cache) *sym_blkid_get_cache;
typeof(blkid_new_probe) *sym_blkid_new_probe;
typeof(blkid_new_probe_from_filename) *sym_blkid_new_probe_from_filename;
typeof(blkid_probe_all) *sym_blkid_probe_all;
typeof(blkid_probe_enable_partitions) *sym_blkid_probe_enable_partitions;
typeof(blkid_probe_enable_superblocks) *sym_blkid_probe_enable_superblocks;
typeof(blkid_probe_lookup_value) *sym_blkid_probe_lookup_value;
typeof(blkid_probe_set_device) *sym_blkid_probe_set_device;
typeof(blkid_probe_set_partitions_flags) *sym_blkid_probe_set_partitions_flags;
typeof(blkid_probe_set_superblocks_flags) *sym_blkid_probe_set_superblocks_flags;
typeof(blkid_put_cache) *sym_blkid_put_cache;
typeof(blkid_tag_iterate_begin) *sym_blkid_tag_iterate_begin;
typeof(blkid_tag_iterate_end) *sym_blkid_tag_iterate_end;
typeof(blkid_tag_next) *sym_blkid_tag_next;

static const struct dlsym_arg syms[] = {
	DLSYM_ARG(blkid_dev_devname),
	DLSYM_ARG(blkid_dev_iterate_begin),
	DLSYM_ARG(blkid_dev_iterate_end),
	DLSYM_ARG(blkid_dev_next),
	DLSYM_ARG(blkid_do_probe),
	DLSYM_ARG(blkid_do_safeprobe),
	DLSYM_ARG(blkid_evaluate_spec),
	DLSYM_ARG(blkid_free_probe),
	DLSYM_ARG(blkid_get_cache),
	DLSYM_ARG(blkid_new_probe),
	DLSYM_ARG(blkid_new_probe_from_filename),
	DLSYM_ARG(blkid_probe_all),
	DLSYM_ARG(blkid_probe_enable_partitions),
	DLSYM_ARG(blkid_probe_enable_superblocks),
	DLSYM_ARG(blkid_probe_lookup_value),
	DLSYM_ARG(blkid_probe_set_device),
	DLSYM_ARG(blkid_probe_set_partitions_flags),
	DLSYM_ARG(blkid_probe_set_superblocks_flags),
	DLSYM_ARG(blkid_put_cache),
	DLSYM_ARG(blkid_tag_iterate_begin),
	DLSYM_ARG(blkid_tag_iterate_end),
	DLSYM_ARG(blkid_tag_next),
};

static struct dlopen_lib blkid = DLOPEN_LIB_INIT(LIBBLKID_SONAME, syms);

int dlopen_blkid(void) {
	return dlopen_lib_load(&blkid);
}

const char *dlopen_blkid_error(void) {
	return blkid.error;
}
