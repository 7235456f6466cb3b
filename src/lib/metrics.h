/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdio.h>

#include "libephvol-private.h"

/* The metrics of ephvol_metrics_format() from what the audit and the volume list found,
 * with NOW (seconds since the epoch) as the audit's time: apart from the clock, pure. */
void metrics_write_prometheus(FILE *f, double now, struct ephvol_audit_entry *const *entries,
                              struct ephvol_volume *const *volumes);
