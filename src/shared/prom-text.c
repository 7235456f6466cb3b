/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "prom-text.h"

#include <inttypes.h>
#include <stddef.h>

/* The length of the UTF-8 sequence at s (1-4), or 0 if it is not one: overlong forms,
 * surrogates and code points beyond U+10FFFF are not UTF-8 either. */
static size_t utf8_length(const unsigned char *s) {
	size_t n;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) /* also stops at the terminating NUL */
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return n;
}

/* Label values escape \, " and newline; HELP text \ and newline. */
static void write_escaped(FILE *f, const char *s, bool quote) {
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_length(p);

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
