/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The volume scan (scan.c), in parts: ephvol's dm-crypt mappings (scan-dm.c), its zram
 * devices from their records (scan-zram.c), and what uses each volume (scan-usage.c).
 * Every part reads below the context root, sysfs through sysfs-block.h.
 */

#include <stddef.h>

#include "libephvol-private.h"
#include "proc-parse.h"

struct scan {
	struct ephvol_ctx *ctx;
	const char *root; /* the context's */
	const char *only; /* NULL, or the one volume a lookup asks for: no other is read */
	struct ephvol_volume **volumes;
	size_t n;
	struct swap_entry *swaps;
	size_t n_swaps;
	struct mount_entry *mounts;
	size_t n_mounts;
};

/* Takes V into the scan's list. */
int scan_add(struct scan *s, struct ephvol_volume *v);
/* The volume called NAME in the scan's list, or NULL. */
struct ephvol_volume *scan_find(struct scan *s, const char *name);

/* Every live mapping named ephvol-NAME, as disk volume NAME; and an integrity mapping
 * ephvol-NAME:integrity without its crypt mapping, as volume NAME suspended. */
int scan_dm(struct scan *s);
/* What a dm device is stored on, as users know it: the partition (first slave), or
 * for a loop device the file behind it. */
int dm_backing(const char *root, const char *kname, char **ret);
/* A destroy killed between the key wipe and the removal leaves the mapping
 * suspended: reading it (a blkid probe) would wait forever. */
bool dm_is_suspended(const char *root, const char *kname);
/* dm-crypt names its mappings' uuids CRYPT-<type>-...; anything else stores plaintext. */
void protection_from_dm_uuid(struct ephvol_volume *v, const char *uuid);

/* The zram volume a record (in ZRAM_RECORD_DIR) names, if its device is still ours. */
int scan_zram_one(struct scan *s, const char *name, const char *record_text);

/* /proc/swaps and mountinfo, for scan_attach_usage(); missing files are empty. */
int scan_load_tables(struct scan *s);
/* Whether V is an active swap area or mounted, and where. */
void scan_attach_usage(struct scan *s, struct ephvol_volume *v);
