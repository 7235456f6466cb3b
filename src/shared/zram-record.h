/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * zram devices carry no name, so ephvol records which zram device it created for
 * which volume in /run/ephvol/zram/NAME (tmpfs: gone at reboot, like the device).
 * The record is a claim, never trusted alone: it counts only while the kernel
 * still shows that device initialised with the recorded disksize. This is also
 * what keeps ephvol away from zram devices it did not create.
 */

#include <stdint.h>

#include "ephvol.h"

#define EPHVOL_RUN_DIR  "/run/ephvol"
#define ZRAM_RECORD_DIR EPHVOL_RUN_DIR "/zram"

struct zram_record {
	unsigned index;
	enum ephvol_role role;
	uint64_t disksize;
};

int zram_record_parse(const char *text, struct zram_record *ret);
/* Returns a newly allocated "key=value\n" text. */
int zram_record_format(const struct zram_record *rec, char **ret);

int role_from_string(const char *s, enum ephvol_role *ret);
