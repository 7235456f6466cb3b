/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * zram devices carry no name, so ephvol records which zram device it created for
 * which volume in /run/ephvol/zram/NAME (tmpfs: gone at reboot, like the device).
 * The record is a claim, never trusted alone: it counts only while the kernel
 * still shows that very device, known by its disk sequence number (diskseq,
 * Linux 5.15+), which no later device gets again, not by its index, which the
 * next hot_add reuses. This is also what keeps ephvol away from zram devices it
 * did not create. (Without diskseq: the device must be initialised with the
 * recorded disksize.) create writes it right after hot_add, before configuring
 * the device, so a create killed at any later step leaves a device destroy knows.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ephvol.h"

#include "dm-name.h"
#include "run-paths.h"

/* The record itself is ZRAM_RECORD_DIR/NAME, read and written by sys-record.c. */

struct zram_record {
	unsigned index;
	enum ephvol_role role;
	uint64_t disksize;
	uint64_t diskseq; /* 0: the kernel has none */
	/* dm name of the encrypted writeback mapping ("ephvol-NAME:writeback"), or "". */
	char writeback[64];
	/* --writeback-idle-age: seconds a page must be unused before `ephvol writeback`
	 * moves it; 0: the idle cycle (pages unused since the previous run). */
	uint64_t writeback_idle_age;
	/* false when the device was one the module already had (no zram-control):
	 * destroy then resets it and leaves it in place instead of hot-removing it. */
	bool hot_added;
};

int zram_record_parse(const char *text, struct zram_record *ret);
/* Returns a newly allocated "key=value\n" text. */
int zram_record_format(const struct zram_record *rec, char **ret);

/* Whether the record's device is still the one create made: the same diskseq, which
 * no later device gets (a stale record and a reused index cannot adopt a stranger);
 * without diskseq, initialised with the recorded size. A device of the same diskseq
 * that is not configured (yet) belongs to a create that stopped. 1, 0, or -errno. Reads
 * /sys below ROOT. */
int zram_record_matches(const char *root, const struct zram_record *rec, bool *ret_incomplete);

int role_from_string(const char *s, enum ephvol_role *ret);
