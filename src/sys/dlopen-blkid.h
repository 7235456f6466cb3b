/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * libblkid, loaded when a device is probed (the safety checks of a backing device, the
 * role of an unmounted mapping, resume= by tag): dlopen_blkid() first, then
 * sym_blkid_*() in place of blkid_*(). A zram volume and its status never map it.
 */

#include <blkid.h>

#include "macro.h"
#include "sys.h" /* dlopen_blkid(), dlopen_blkid_error() */

extern typeof(blkid_dev_devname) *sym_blkid_dev_devname;
extern typeof(blkid_dev_iterate_begin) *sym_blkid_dev_iterate_begin;
extern typeof(blkid_dev_iterate_end) *sym_blkid_dev_iterate_end;
extern typeof(blkid_dev_next) *sym_blkid_dev_next;
extern typeof(blkid_do_probe) *sym_blkid_do_probe;
extern typeof(blkid_do_safeprobe) *sym_blkid_do_safeprobe;
extern typeof(blkid_evaluate_spec) *sym_blkid_evaluate_spec;
extern typeof(blkid_free_probe) *sym_blkid_free_probe;
extern typeof(blkid_get_cache) *sym_blkid_get_cache;
extern typeof(blkid_new_probe) *sym_blkid_new_probe;
extern typeof(blkid_new_probe_from_filename) *sym_blkid_new_probe_from_filename;
extern typeof(blkid_probe_all) *sym_blkid_probe_all;
extern typeof(blkid_probe_enable_partitions) *sym_blkid_probe_enable_partitions;
extern typeof(blkid_probe_enable_superblocks) *sym_blkid_probe_enable_superblocks;
extern typeof(blkid_probe_lookup_value) *sym_blkid_probe_lookup_value;
extern typeof(blkid_probe_set_device) *sym_blkid_probe_set_device;
extern typeof(blkid_probe_set_partitions_flags) *sym_blkid_probe_set_partitions_flags;
extern typeof(blkid_probe_set_superblocks_flags) *sym_blkid_probe_set_superblocks_flags;
extern typeof(blkid_put_cache) *sym_blkid_put_cache;
extern typeof(blkid_tag_iterate_begin) *sym_blkid_tag_iterate_begin;
extern typeof(blkid_tag_iterate_end) *sym_blkid_tag_iterate_end;
extern typeof(blkid_tag_next) *sym_blkid_tag_next;

DEFINE_TRIVIAL_CLEANUP_FUNC(blkid_probe, sym_blkid_free_probe);
DEFINE_TRIVIAL_CLEANUP_FUNC(blkid_cache, sym_blkid_put_cache);
