/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bench-output.h"

#include <errno.h>
#include <inttypes.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-sample.h"
#include "ephvol.h"
#include "format-util.h"
#include "macro.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct libscols_table *, scols_unref_table);

/* Candidates more than this much faster than the recommendation are worth a note. */
#define DISAGREE_FACTOR 1.10

/* ---- notes ---- */

/* "aes avx2" for a mask; "" for none. */
static void features_words(unsigned mask, char *buf, size_t size) {
	size_t off = 0;

	buf[0] = 0;
	for (unsigned bit = 1; bit && off < size; bit <<= 1) {
		const char *w = (mask & bit) ? ephvol_cpu_feature_to_string(bit) : NULL;

		if (w)
			off += (size_t)snprintf(buf + off, size - off, "%s%s", off ? " " : "", w);
	}
}

int bench_cpu_note(const struct bench_report *r, char **ret_note) {
	char only_cpuid[128], only_info[128];
	char *note = NULL;
	int k = 0;

	if (!r->has_cpuid || !r->has_cpuinfo) {
		*ret_note = NULL;
		return 0;
	}
	features_words(r->cpu_cpuid & ~r->cpu_cpuinfo, only_cpuid, sizeof(only_cpuid));
	features_words(r->cpu_cpuinfo & ~r->cpu_cpuid, only_info, sizeof(only_info));
	if (*only_cpuid && *only_info)
		k = asprintf(&note,
		             "CPUID reports %s, which /proc/cpuinfo does not list (disabled by the "
		             "kernel), and /proc/cpuinfo lists %s, which CPUID does not report as "
		             "usable: neither is used.",
		             only_cpuid, only_info);
	else if (*only_cpuid)
		k = asprintf(&note,
		             "CPUID reports %s, which /proc/cpuinfo does not list (disabled by the "
		             "kernel): not used.",
		             only_cpuid);
	else if (*only_info)
		k = asprintf(&note,
		             "/proc/cpuinfo lists %s, which CPUID does not report as usable (the "
		             "OS does not save its registers): not used.",
		             only_info);
	if (k < 0)
		return -ENOMEM;
	*ret_note = note;
	return 0;
}

static double cipher_speed(const struct bench_cipher *c) {
	return (c->encrypt_mibs + c->decrypt_mibs) / 2;
}

int bench_recommendation_note(const struct bench_report *r, char **ret_note) {
	const struct bench_cipher *rec = NULL, *best = NULL;
	char *note;

	if (!r->recommended_cipher) {
		*ret_note = NULL;
		return 0;
	}
	/* The recommended cipher at its best key size against the fastest other one. */
	for (size_t i = 0; i < r->n_ciphers; i++) {
		const struct bench_cipher *c = &r->ciphers[i];

		if (!c->measured || c->reference)
			continue;
		if (streq(c->spec, r->recommended_cipher)) {
			if (!rec || cipher_speed(c) > cipher_speed(rec))
				rec = c;
		} else if (!best || cipher_speed(c) > cipher_speed(best))
			best = c;
	}
	if (!rec || !best || cipher_speed(best) <= cipher_speed(rec) * DISAGREE_FACTOR) {
		*ret_note = NULL;
		return 0;
	}
	if (asprintf(&note,
	             "%s (%u-bit key) measured faster here than %s (%.0f against %.0f MiB/s); the "
	             "recommendation goes by the CPU's features, not by these figures.",
	             best->spec, best->key_bits, rec->spec, cipher_speed(best),
	             cipher_speed(rec)) < 0)
		return -ENOMEM;
	*ret_note = note;
	return 0;
}

/* ---- tables ---- */

struct column {
	const char *text_name, *json_name;
	double width;
	int flags, json_type;
};

enum { CIPHER_SPEC, CIPHER_KEY, CIPHER_DRIVER, CIPHER_ENC, CIPHER_DEC, CIPHER_REF, CIPHER_NOTE };
static const struct column cipher_columns[] = {
	[CIPHER_SPEC] = { "CIPHER", "cipher", 0.3, 0, SCOLS_JSON_STRING },
	[CIPHER_KEY] = { "KEY", "key_bits", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[CIPHER_DRIVER] = { "DRIVER", "driver", 0.3, 0, SCOLS_JSON_STRING },
	[CIPHER_ENC] = { "ENCRYPT", "encrypt_mibs", 12, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[CIPHER_DEC] = { "DECRYPT", "decrypt_mibs", 12, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[CIPHER_REF] = { NULL, "reference", 1, 0, SCOLS_JSON_BOOLEAN },
	[CIPHER_NOTE] = { "NOTE", "error", 0.3, 0, SCOLS_JSON_STRING },
};

enum { COMP_ALG, COMP_C, COMP_D, COMP_RATIO, COMP_ORIG, COMP_COMPR, COMP_NOTE };
static const struct column comp_columns[] = {
	[COMP_ALG] = { "ALGORITHM", "algorithm", 0.2, 0, SCOLS_JSON_STRING },
	[COMP_C] = { "COMPRESS", "compress_mibs", 12, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COMP_D] = { "DECOMPRESS", "decompress_mibs", 12, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COMP_RATIO] = { "RATIO", "ratio", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COMP_ORIG] = { NULL, "orig_bytes", 5, 0, SCOLS_JSON_NUMBER },
	[COMP_COMPR] = { NULL, "compr_bytes", 5, 0, SCOLS_JSON_NUMBER },
	[COMP_NOTE] = { "NOTE", "error", 0.3, 0, SCOLS_JSON_STRING },
};

/* Speeds with one decimal, as cryptsetup benchmark prints them; "MiB/s" for people. */
static char *speed_cell(double mibs, bool json) {
	char *s;

	return asprintf(&s, json ? "%.1f" : "%.1f MiB/s", mibs) < 0 ? NULL : s;
}

static char *cipher_cell(const struct bench_cipher *c, unsigned id, bool json) {
	char *s;

	switch (id) {
	case CIPHER_SPEC:
		return strdup(c->spec);
	case CIPHER_KEY:
		return asprintf(&s, "%u", c->key_bits) < 0 ? NULL : s;
	case CIPHER_DRIVER:
		return c->driver ? strdup(c->driver) : NULL;
	case CIPHER_ENC:
		return c->measured ? speed_cell(c->encrypt_mibs, json) : NULL;
	case CIPHER_DEC:
		return c->measured ? speed_cell(c->decrypt_mibs, json) : NULL;
	case CIPHER_REF:
		return c->reference ? strdup("true") : NULL; /* scols: no data is false */
	case CIPHER_NOTE:
		if (json)
			return c->error ? strdup(c->error) : NULL;
		if (c->reference && c->error)
			return asprintf(&s, "reference; %s", c->error) < 0 ? NULL : s;
		return strdup(c->error ?: c->reference ? "reference (LUKS1-era default)" : "");
	}
	return NULL;
}

static char *comp_cell(const struct bench_compressor *c, unsigned id, bool json) {
	char buf[FORMAT_RATIO_MAX], *s;

	switch (id) {
	case COMP_ALG:
		return strdup(c->algorithm);
	case COMP_C:
		return c->measured ? speed_cell(c->compress_mibs, json) : NULL;
	case COMP_D:
		return c->measured ? speed_cell(c->decompress_mibs, json) : NULL;
	case COMP_RATIO:
		return c->measured && c->compr_bytes
		               ? strdup(format_ratio(buf, sizeof(buf), c->orig_bytes,
		                                     c->compr_bytes))
		               : NULL;
	case COMP_ORIG:
		return c->measured && asprintf(&s, "%" PRIu64, c->orig_bytes) >= 0 ? s : NULL;
	case COMP_COMPR:
		return c->measured && asprintf(&s, "%" PRIu64, c->compr_bytes) >= 0 ? s : NULL;
	case COMP_NOTE:
		return c->error ? strdup(c->error) : json ? NULL : strdup("");
	}
	return NULL;
}

typedef char *(*cell_fn)(const void *row, unsigned id, bool json);

static char *cipher_cell_fn(const void *row, unsigned id, bool json) {
	return cipher_cell(row, id, json);
}
static char *comp_cell_fn(const void *row, unsigned id, bool json) {
	return comp_cell(row, id, json);
}

/* A table of n rows (each row_size bytes apart); columns without a text name are
 * JSON only. */
static struct libscols_table *make_table(const char *name, const struct column *cols,
                                         unsigned n_cols, const void *rows, size_t row_size,
                                         size_t n, cell_fn cell, bool json) {
	_cleanup_(scols_unref_tablep) struct libscols_table *tb = scols_new_table();
	unsigned ids[16], n_ids = 0;

	if (!tb)
		return NULL;
	scols_table_enable_json(tb, json);
	scols_table_set_name(tb, name);
	for (unsigned i = 0; i < n_cols; i++) {
		struct libscols_column *cl;
		const char *h = json ? cols[i].json_name : cols[i].text_name;

		if (!h)
			continue;
		cl = scols_table_new_column(tb, h, cols[i].width, cols[i].flags);
		if (!cl)
			return NULL;
		scols_column_set_json_type(cl, cols[i].json_type);
		ids[n_ids++] = i;
	}
	for (size_t k = 0; k < n; k++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			return NULL;
		for (unsigned i = 0; i < n_ids; i++) {
			char *v = cell((const char *)rows + k * row_size, ids[i], json);

			/* scols takes v; a NULL cell prints empty, or null in JSON. */
			if (v && scols_line_refer_data(ln, i, v) < 0) {
				free(v);
				return NULL;
			}
		}
	}
	return TAKE_PTR(tb);
}

static struct libscols_table *cipher_table(const struct bench_report *r, bool json) {
	return make_table("ciphers", cipher_columns, ELEMENTSOF(cipher_columns), r->ciphers,
	                  sizeof(*r->ciphers), r->n_ciphers, cipher_cell_fn, json);
}

static struct libscols_table *comp_table(const struct bench_report *r, bool json) {
	return make_table("compressors", comp_columns, ELEMENTSOF(comp_columns), r->compressors,
	                  sizeof(*r->compressors), r->n_compressors, comp_cell_fn, json);
}

/* ---- text ---- */

static void print_sample_line(const struct bench_report *r) {
	char size[FORMAT_SIZE_MAX];

	format_size(size, sizeof(size), r->sample_bytes);
	if (streq(r->sample, "synthetic"))
		printf("zram compressors, on a synthetic %s sample (%s):\n", size,
		       BENCH_SAMPLE_DESCRIPTION);
	else
		printf("zram compressors, on %s (%s):\n", r->sample, size);
}

int bench_print_text(const struct bench_report *r) {
	_cleanup_(scols_unref_tablep) struct libscols_table *ct = NULL, *zt = NULL;
	_cleanup_free_ char *cpu_note = NULL;
	char words[128];
	int k;

	k = bench_cpu_note(r, &cpu_note);
	if (k < 0)
		return k;
	if (r->has_effective) {
		features_words(r->cpu_effective, words, sizeof(words));
		printf("CPU features: %s\n", *words ? words : "none that speed up encryption");
	} else
		printf("CPU features: unknown (/proc/cpuinfo cannot be read)\n");
	if (cpu_note)
		printf("  %s\n", cpu_note);

	printf("\n");
	ct = cipher_table(r, false);
	if (!ct || scols_print_table(ct) < 0)
		return -ENOMEM;

	printf("\n");
	if (r->compressors_skipped)
		printf("zram compressors: not measured: %s\n", r->compressors_skipped);
	else {
		print_sample_line(r);
		zt = comp_table(r, false);
		if (!zt || scols_print_table(zt) < 0)
			return -ENOMEM;
	}

	printf("\n");
	if (r->recommended_cipher)
		printf("Recommended: %s with a %u-bit key (%s)", r->recommended_cipher,
		       r->recommended_key_bits,
		       r->cpu_effective & EPHVOL_CPU_AES ? "the CPU has AES instructions"
		                                         : "the CPU has no AES instructions");
	else
		printf("Recommended cipher: unknown (CPU features unknown)");
	if (r->recommended_compressor)
		printf("; zram compressor %s", r->recommended_compressor);
	printf(".\n");
	if (r->recommendation_note)
		printf("Note: %s\n", r->recommendation_note);
	return fflush(stdout) == 0 ? 0 : -EIO;
}

/* ---- JSON ---- */

static void json_string(const char *s) {
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	putchar('"');
}

static void json_features(unsigned mask, bool known) {
	bool first = true;

	if (!known) {
		fputs("null", stdout);
		return;
	}
	putchar('[');
	for (unsigned bit = 1; bit; bit <<= 1) {
		const char *w = (mask & bit) ? ephvol_cpu_feature_to_string(bit) : NULL;

		if (!w)
			continue;
		printf("%s\"%s\"", first ? "" : ", ", w);
		first = false;
	}
	putchar(']');
}

/* libsmartcols prints a JSON table as {"NAME": [...]}: what is inside the braces is
 * one member of the bench object. */
static int print_table_member(struct libscols_table *tb) {
	_cleanup_free_ char *s = NULL;
	const char *b, *e;

	if (!tb || scols_print_table_to_string(tb, &s) < 0 || !s)
		return -ENOMEM;
	b = strchr(s, '{');
	e = strrchr(s, '}');
	if (!b || !e || e <= b)
		return -EBADMSG;
	b++;
	b += strspn(b, "\n");
	while (e > b && (e[-1] == '\n' || e[-1] == ' '))
		e--;
	fwrite(b, 1, (size_t)(e - b), stdout);
	return 0;
}

int bench_print_json(const struct bench_report *r) {
	_cleanup_(scols_unref_tablep) struct libscols_table *ct = NULL, *zt = NULL;
	_cleanup_free_ char *cpu_note = NULL;
	int k;

	k = bench_cpu_note(r, &cpu_note);
	if (k < 0)
		return k;
	ct = cipher_table(r, true);
	zt = comp_table(r, true);

	printf("{\n   \"cpu\": {\"effective\": ");
	json_features(r->cpu_effective, r->has_effective);
	printf(", \"cpuid\": ");
	json_features(r->cpu_cpuid, r->has_cpuid);
	printf(", \"cpuinfo\": ");
	json_features(r->cpu_cpuinfo, r->has_cpuinfo);
	printf(", \"note\": ");
	json_string(cpu_note);
	printf("},\n");

	k = print_table_member(ct);
	if (k < 0)
		return k;
	printf(",\n   \"sample\": {\"source\": ");
	json_string(r->sample);
	printf(", \"bytes\": %" PRIu64 "},\n", r->sample_bytes);
	k = print_table_member(zt);
	if (k < 0)
		return k;
	printf(",\n   \"compressors_skipped\": ");
	json_string(r->compressors_skipped);

	printf(",\n   \"recommendation\": {\"cipher\": ");
	json_string(r->recommended_cipher);
	if (r->recommended_cipher)
		printf(", \"key_bits\": %u", r->recommended_key_bits);
	else
		printf(", \"key_bits\": null");
	printf(", \"comp_algorithm\": ");
	json_string(r->recommended_compressor);
	printf(", \"note\": ");
	json_string(r->recommendation_note);
	printf("}\n}\n");
	return fflush(stdout) == 0 ? 0 : -EIO;
}

void bench_report_done(struct bench_report *r) {
	for (size_t i = 0; i < r->n_ciphers; i++) {
		free(r->ciphers[i].driver);
		free(r->ciphers[i].error);
	}
	free(r->ciphers);
	for (size_t i = 0; i < r->n_compressors; i++) {
		free(r->compressors[i].algorithm);
		free(r->compressors[i].error);
	}
	free(r->compressors);
	free(r->compressors_skipped);
	free(r->recommended_cipher);
	free(r->recommended_compressor);
	free(r->recommendation_note);
	*r = (struct bench_report){};
}
