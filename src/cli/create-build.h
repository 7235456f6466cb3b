/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * One create in progress: every step that changes the system is recorded in
 * struct build, and a failure at any step undoes them in reverse (cmd-create.c),
 * so a failed create leaves the system as it was. The backends share it:
 * create-backing.c makes dm-crypt mappings, create-zram.c zram devices.
 */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "create-options.h"
#include "dm-name.h"
#include "sys.h"

struct build {
	const struct create_options *o;
	char dmname[DM_NAME_MAX]; /* the dm-crypt mapping: the volume, or zram's writeback */
	char dm_device[PATH_MAX]; /* /dev/mapper/dmname */
	char dm_node[96];         /* the kernel's node, /dev/dm-N, until udev is done */
	char device[PATH_MAX];    /* the volume's own block device */
	bool dm_active;
	/* udev may still be running its rules for the new mapping (its cookie, if any) */
	bool dm_udev_pending;
	uint32_t dm_udev_cookie;
	bool zram_added;
	bool zram_hot_added; /* false: a device the module already had; reset, not removed */
	unsigned zram_index;
	bool record_written; /* the zram record */
	bool intent_written;
	bool swap_active;
	const char *swap_node;    /* what swap_active was turned on by: device or dm_node */
	int mount_fd;             /* O_PATH fd of the mount point, resolved once (sys-path.c) */
	struct backing_file file; /* --file or a --writeback file; removed on failure if made */
	int disk_lock_fd;         /* flock on the whole disk while we check and write it */
	int zram_add_lock_fd;     /* ZRAM_ADD_LOCK, from the intent to the zram record */
	uint64_t data_offset;     /* where the encrypted area starts (after a claim header) */
};

/* What a dm-crypt mapping sits on: a device (path or tag), or a file with a
 * size for when it has to be created (0: it must exist). */
struct backing_spec {
	const char *device;
	const char *file;
	uint64_t file_size;
};

/* The dm-crypt mapping b->dmname over the backing (create-backing.c). It returns while
 * udev still runs its rules for the new mapping, which take most of an activation's
 * time: b->dm_node is the kernel's node meanwhile, for work that needs no udev (the
 * zeroing, the format). */
int build_activate_mapping(struct build *b, const struct backing_spec *spec);
/* Zeroes the edges of the new mapping b->dmname (wider when authenticated, where udev's
 * probe must find them written); logs the one line of a failure. */
int build_zero_edges(struct build *b);
/* Waits for udev to be done with the mapping, if it is not yet; from then on it is used
 * by its /dev/mapper name. Logs the one line of a failure. */
int build_mapping_settle(struct build *b);
/* The swap header (no mkswap runs) or mkfs, then swapon or mount unless --no-activate
 * (cmd-create.c). */
int build_format_and_activate(struct build *b);
/* The zram backend, from hot_add to activation (create-zram.c). */
int create_zram(struct build *b);
