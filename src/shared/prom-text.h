/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Prometheus's text exposition format (version 0.0.4), as node_exporter's textfile
 * collector and `promtool check metrics` read it: each metric family once, its HELP
 * and TYPE lines first, then its samples, all together. A family is written when its
 * first sample is, so one without samples leaves no lines.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct prom_family {
	const char *name; /* with its unit: ephvol_volume_size_bytes */
	const char *type; /* "gauge", "counter" */
	const char *help;
	bool started;
};
#define PROM_FAMILY(n, t, h)                                                                       \
	{ .name = (n), .type = (t), .help = (h) }

/* A sample of FAMILY: LABELS are name, value pairs ending in NULL (NULL itself for
 * none); a NULL value is written as "", which Prometheus takes for no label. Values
 * are escaped, and bytes that are not UTF-8 become '?': a path is whatever the
 * kernel shows, and one bad byte must not make the whole file unreadable. */
void prom_sample_u64(FILE *f, struct prom_family *family, const char *const *labels,
                     uint64_t value);
/* VALUE, finite, to the millisecond: timestamps in seconds. */
void prom_sample(FILE *f, struct prom_family *family, const char *const *labels, double value);

/* Writes S as a label value (without the quotes). */
void prom_label_value(FILE *f, const char *s);
