/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "sys.h"

/* The data-protection rules, shared by every verb that writes to a backing:
 * in use (never overridable), a whole disk with partitions, the resume=
 * device, any signature (each overridable with --force, which says what it
 * destroys).  VERB names the action in the refusal ("use", "claim").
 * FILE: the backing is that open file (backing_file_open): it must also be root's,
 * with one link, writable by root only. Returns 0 when the backing may be written, else the exit
 * status, having logged the one line. */
int backing_check(const char *backing, const struct backing_file *file, bool force,
                  const char *verb);
