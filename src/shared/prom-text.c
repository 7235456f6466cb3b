/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "prom-text.h"

#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "utf8.h"

/* Label values escape \, " and newline; HELP text \ and newline. */
static void write_escaped(FILE *f, const char *s, bool quote) {
	const char *end = s + strlen(s);

	for (const char *p = s; p < end;) {
		size_t n = utf8_sequence_length(p, (size_t)(end - p));

		if (n == 0) {
			fputc('?', f);
			p++;
		} else if (*p == '\\')
			fputs("\\\\", f), p++;
		else if (*p == '\n')
			fputs("\\n", f), p++;
		else if (*p == '"' && quote)
			fputs("\\\"", f), p++;
		else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
}

void prom_label_value(FILE *f, const char *s) {
	write_escaped(f, s ?: "", true);
}

static void sample_start(FILE *f, struct prom_family *family, const char *const *labels) {
	if (!family->started) {
		fprintf(f, "# HELP %s ", family->name);
		write_escaped(f, family->help, false);
		fprintf(f, "\n# TYPE %s %s\n", family->name, family->type);
		family->started = true;
	}
	fputs(family->name, f);
	if (labels && labels[0]) {
		fputc('{', f);
		for (const char *const *l = labels; l[0]; l += 2) {
			fprintf(f, "%s%s=\"", l == labels ? "" : ",", l[0]);
			prom_label_value(f, l[1]);
			fputc('"', f);
		}
		fputc('}', f);
	}
	fputc(' ', f);
}

void prom_sample(FILE *f, struct prom_family *family, const char *const *labels, double value) {
	sample_start(f, family, labels);
	fprintf(f, "%.3f\n", value);
}

void prom_sample_u64(FILE *f, struct prom_family *family, const char *const *labels,
                     uint64_t value) {
	sample_start(f, family, labels);
	/* Exact: Prometheus parses the integer into a float64 itself. */
	fprintf(f, "%" PRIu64 "\n", value);
}
