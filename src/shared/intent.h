/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The intent record, /run/ephvol/intent/NAME: written by create before its first
 * change to the system and removed as its last step, so after a SIGKILL at any
 * step in between it says "NAME was being built, and was not finished". status
 * shows such a volume as incomplete; destroy NAME removes what exists of it; up
 * rebuilds it.
 *
 * One thing cannot be recorded after the fact: a zram device is allocated by
 * reading hot_add, and a create killed right then never learns its index. So the
 * record names beforehand the index the kernel will give (the lowest free one)
 * and a disk sequence number below the new device's: destroy removes that device
 * only if it is there, newer than the record and still unconfigured.
 */

#include <stdbool.h>
#include <stdint.h>

#include "ephvol.h"
#include "run-paths.h"

struct intent {
	enum ephvol_backend backend;
	enum ephvol_role role;
	bool zram_expected; /* zram_index and diskseq_floor are set */
	unsigned zram_index;
	uint64_t diskseq_floor; /* every block device now has diskseq <= this; 0: unknown */
};

void intent_path(const char *volume, char *buf, size_t size);
int intent_format(const struct intent *i, char **ret);
/* One exact format, as intent_format() writes it; -EBADMSG for anything else. */
int intent_parse(const char *text, struct intent *ret);
