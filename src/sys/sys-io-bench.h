/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * `ephvol bench --io`'s I/O: O_DIRECT reads and writes on one block device (the
 * mapping of the volume the command made on the scratch device), timed. Writes
 * destroy what the device holds. The first and the last MiB are left alone: create
 * zeroed them, and no signature can appear there (cmd-create.c's zero-edges).
 */

#include <stdbool.h>

#include "io-stats.h"

struct io_bench_params {
	const char *device;
	unsigned seconds; /* each measurement's length at most; the device's end stops it too */
	/* Asked between measurements and every few operations: true stops with -EINTR. */
	bool (*stop)(void);
};

/* In this order: 1 MiB sequential writes from the first MiB on (then fdatasync), reads
 * of what they wrote, 4 KiB random writes, then reads, at queue depth 1, over what the
 * sequential writes reached: every read reads written sectors. -ENOSPC when the device
 * has less than 1 MiB between its edges; -EIO on a short transfer. */
int io_bench_run(const struct io_bench_params *p, struct io_figures *ret);
