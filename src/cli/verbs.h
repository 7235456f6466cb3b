/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "ephvol-cleanup.h"
#include "verb-getopt.h"

/* Each verb returns 0, a positive exit status that is its verdict (probe), or a negative
 * errno once the failure has been logged in one line (log.h's convention); main() maps
 * that to the exit status. */
int verb_create(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_destroy(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_status(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_claim(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_probe(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_writeback(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_up(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_down(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_bench(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_run(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_gc(struct ephvol_ctx *ctx, int argc, char **argv);

/* cmd-up.c: READY=1 to the service manager (sys-notify.c), once, for `up` in a
 * Type=notify unit (unit-gen.h): create says it the moment its swap is on, when up
 * builds that one volume; up says it at the end otherwise. */
void up_notify_ready(void);

/* cmd-create.c: builds the volume O describes (checks, then every step, undone on
 * failure), logging any failure once; its block device into ret_device. */
struct create_options;
/* The directory PATH (absolute) as an O_PATH fd, opened as a mount point must be; logs
 * why not: a planted link is a refusal (3), not a directory bad usage (2). */
int mountpoint_open(const char *path, int *ret_fd);
int create_volume(const struct create_options *o, char *ret_device, size_t size);
/* libcryptsetup, loaded when a dm-crypt mapping is to be made, before the first change:
 * logs the one line of a failure. A zram volume without writeback never asks. */
int require_cryptsetup(void);
/* libdevmapper, when one is to be taken down (its key wiped, then removed): likewise. */
int require_devmapper(void);
/* libblkid, for the data-protection checks of a backing (backing-check.h) and the
 * LABEL=, PARTUUID= and PARTLABEL= of a device: likewise. */
int require_blkid(void);
/* The options a tmp volume is mounted with: --mount-options, after "discard" on zram.
 * *ret NULL when none. */
int volume_mount_options(const struct create_options *o, char **ret);

/* cmd-bench-io.c: `bench --io DEVICE`, once bench_options_parse() took its options. */
struct bench_options;
int bench_io_run(struct ephvol_ctx *ctx, const struct bench_options *o);

/* cmd-gc.c: destroys the run volumes whose owner is gone; the count, or the first
 * failure (each logged, and gc goes on). PRINT: a line for each on stdout. */
int gc_run_volumes(struct ephvol_ctx *ctx, bool print);

/* cmd-destroy.c: tears down one volume by name, logging any failure once; with
 * absent_ok, a volume that is not there is success (down). */
int destroy_name(struct ephvol_ctx *ctx, const char *name, bool lazy, bool discard, bool absent_ok);
/* The same without its line on success, for a caller that says what it did (run, gc). */
int destroy_name_silently(struct ephvol_ctx *ctx, const char *name, bool absent_ok);

/* status-output.c: shared by status and create --json. */
int volumes_print_json(struct ephvol_volume *const *volumes);
