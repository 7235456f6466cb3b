/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The audit (audit.c), in parts: what a verdict is (audit-verdict.c), where data
 * written to a block device ends up (audit-device.c), and to a mounted filesystem
 * (audit-mount.c). Every part reads below the context root, sysfs through
 * sysfs-block.h.
 */

#include <stdbool.h>
#include <stddef.h>

#include "libephvol-private.h"
#include "proc-parse.h"

/* Real stacks are a few layers deep; deeper means a cycle the kname check missed
 * (through filesystems) or a fixture made to loop. */
#define MAX_DEPTH 16

struct audit {
	struct ephvol_ctx *ctx;
	const char *root; /* the context's */
	struct swap_entry *swaps;
	size_t n_swaps;
	struct mount_entry *mounts;
	size_t n_mounts;
	struct ephvol_volume **volumes;
	/* The devices being followed, outermost first, to stop at a cycle. */
	const char *stack[MAX_DEPTH];
	size_t depth;
	/* tmpfs pages can be swapped out: once every swap area is judged, the worst
	 * of them and its path. */
	bool swaps_judged;
	enum ephvol_protection swap_worst;
	const char *swap_worst_path;
};

struct verdict {
	enum ephvol_protection protection;
	char *text;     /* the storage, top down: "LVM on dm-crypt (LUKS2) dm-0 on sda3" */
	char *crypt_dm; /* dm name of the dm-crypt layer, whose cipher the entry reports */
	bool leaf;      /* a disk of its own: a partition names itself, not its disk */
	bool final;     /* the text says all (a cycle): layers above add nothing to it */
};

void verdict_done(struct verdict *v);
void verdict_move(struct verdict *to, struct verdict *from);
int verdict_set(struct verdict *v, enum ephvol_protection p, const char *format, ...)
        _printf_(3, 4);
/* Moves what the lower layer c found into v, its text after prefix. */
int verdict_wrap(struct verdict *v, struct verdict *c, const char *prefix);
/* Worse is larger: what can leak in plaintext beats what cannot be followed beats
 * ciphertext on disk beats RAM. */
int severity(enum ephvol_protection p);

/* Where data written to the block device kname ends up. top: it is the entry's own
 * device, which the entry names already. */
int judge_device(struct audit *a, const char *kname, bool top, struct verdict *v);
/* Where data written to the filesystem of mount m ends up. */
int judge_mount(struct audit *a, const struct mount_entry *m, struct verdict *v);
/* Data written to a file lands in the filesystem that holds it. */
int judge_file(struct audit *a, const char *path, struct verdict *v);

/* The mount that holds path: the longest mount point above it, the last of equals
 * (later mounts hide earlier ones). skip: a mount not to consider, or SIZE_MAX. */
const struct mount_entry *mount_holding(struct audit *a, const char *path, size_t skip);
/* The block device behind a mount. */
int mount_kname(struct audit *a, const struct mount_entry *m, char **ret_kname);
/* A path as /proc shows a deleted file, without " (deleted)". */
void strip_deleted(char *path);
