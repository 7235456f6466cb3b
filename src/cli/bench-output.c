/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bench-output.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-sample.h"
#include "ephvol.h"
#include "format-util.h"
#include "json-writer.h"
#include "macro.h"
#include "table.h"

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

/* The columns that are not defaults are in JSON only; KEY and NOTE are named for
 * people in the table, for scripts in JSON. */
enum { CIPHER_SPEC, CIPHER_KEY, CIPHER_DRIVER, CIPHER_ENC, CIPHER_DEC, CIPHER_REF, CIPHER_NOTE };
static const struct table_column cipher_columns[] = {
	[CIPHER_SPEC] = { "CIPHER", NULL, 0.3, 0, SCOLS_JSON_STRING, false, true },
	[CIPHER_KEY] = { "KEY", "key_bits", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false, true },
	[CIPHER_DRIVER] = { "DRIVER", NULL, 0.3, 0, SCOLS_JSON_STRING, false, true },
	[CIPHER_ENC] = { "ENCRYPT", "encrypt_mibs", 12, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false,
	                 true },
	[CIPHER_DEC] = { "DECRYPT", "decrypt_mibs", 12, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false,
	                 true },
	[CIPHER_REF] = { "REFERENCE", NULL, 1, 0, SCOLS_JSON_BOOLEAN, false, false },
	[CIPHER_NOTE] = { "NOTE", "error", 0.3, 0, SCOLS_JSON_STRING, false, true },
};

enum { COMP_ALG, COMP_LEVEL, COMP_C, COMP_D, COMP_RATIO, COMP_ORIG, COMP_COMPR, COMP_NOTE };
static const struct table_column comp_columns[] = {
	[COMP_ALG] = { "ALGORITHM", NULL, 0.2, 0, SCOLS_JSON_STRING, false, true },
	[COMP_LEVEL] = { "LEVEL", NULL, 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false, true },
	[COMP_C] = { "COMPRESS", "compress_mibs", 12, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false,
	             true },
	[COMP_D] = { "DECOMPRESS", "decompress_mibs", 12, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false,
	             true },
	[COMP_RATIO] = { "RATIO", NULL, 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false, true },
	[COMP_ORIG] = { "ORIG_BYTES", NULL, 5, 0, SCOLS_JSON_NUMBER, false, false },
	[COMP_COMPR] = { "COMPR_BYTES", NULL, 5, 0, SCOLS_JSON_NUMBER, false, false },
	[COMP_NOTE] = { "NOTE", "error", 0.3, 0, SCOLS_JSON_STRING, false, true },
};
_Static_assert(ELEMENTSOF(cipher_columns) <= BENCH_COLUMNS_MAX, "cipher_columns");
_Static_assert(ELEMENTSOF(comp_columns) <= BENCH_COLUMNS_MAX, "comp_columns");

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
		return c->reference ? strdup("true") : NULL; /* no text is false */
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
	case COMP_LEVEL:
		/* JSON: null for the default; people read "default". */
		if (c->level)
			return asprintf(&s, "%u", c->level) < 0 ? NULL : s;
		return json ? NULL : strdup("default");
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

static char *cipher_cell_fn(const void *row, unsigned id, bool json) {
	return cipher_cell(row, id, json);
}
static char *comp_cell_fn(const void *row, unsigned id, bool json) {
	return comp_cell(row, id, json);
}

int bench_table(const char *name, const struct table_column *columns, size_t n_columns,
                const void *rows, size_t row_size, size_t n, bench_cell_fn cell, bool json,
                struct libscols_table **ret) {
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *tb = NULL;
	unsigned ids[BENCH_COLUMNS_MAX];
	size_t n_ids = table_columns_pick(columns, n_columns, NULL, 0, json, ids);
	int k;

	k = table_new(name, columns, ids, n_ids,
	              &(const struct table_format){ .json = json, .headings = true }, &tb);
	if (k < 0)
		return k;
	for (size_t row = 0; row < n; row++) {
		char *cells[BENCH_COLUMNS_MAX];

		for (size_t i = 0; i < n_ids; i++)
			cells[i] = cell((const char *)rows + row * row_size, ids[i], json);
		k = table_add_row(tb, cells, n_ids);
		if (k < 0)
			return k;
	}
	*ret = TAKE_PTR(tb);
	return 0;
}

static int cipher_table(const struct bench_report *r, bool json, struct libscols_table **ret) {
	return bench_table("ciphers", cipher_columns, ELEMENTSOF(cipher_columns), r->ciphers,
	                   sizeof(*r->ciphers), r->n_ciphers, cipher_cell_fn, json, ret);
}

static int comp_table(const struct bench_report *r, bool json, struct libscols_table **ret) {
	return bench_table("compressors", comp_columns, ELEMENTSOF(comp_columns), r->compressors,
	                   sizeof(*r->compressors), r->n_compressors, comp_cell_fn, json, ret);
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
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *ct = NULL, *zt = NULL;
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
	if (r->features)
		printf("Features: %s\n", r->features);

	printf("\n");
	k = cipher_table(r, false, &ct);
	if (k >= 0)
		k = table_print(ct);
	if (k < 0)
		return k;

	printf("\n");
	if (r->compressors_skipped)
		printf("zram compressors: not measured: %s\n", r->compressors_skipped);
	else {
		print_sample_line(r);
		k = comp_table(r, false, &zt);
		if (k >= 0)
			k = table_print(zt);
		if (k < 0)
			return k;
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
	if (r->auto_compressor < r->n_compressors) {
		const struct bench_compressor *a = &r->compressors[r->auto_compressor];

		if (a->level)
			printf("--comp-algorithm auto would take %s at level %u here.\n",
			       a->algorithm, a->level);
		else
			printf("--comp-algorithm auto would take %s here.\n", a->algorithm);
	}
	if (r->recommendation_note)
		printf("Note: %s\n", r->recommendation_note);
	return fflush(stdout) == 0 ? 0 : -EIO;
}

/* ---- JSON ---- */

/* ["aes", "avx2"], or null when unknown. */
static void json_features(struct json_writer *w, const char *key, unsigned mask, bool known) {
	if (!known) {
		json_literal(w, key, NULL);
		return;
	}
	json_array_open(w, key, true);
	for (unsigned bit = 1; bit; bit <<= 1) {
		const char *word = (mask & bit) ? ephvol_cpu_feature_to_string(bit) : NULL;

		if (word)
			json_string(w, NULL, word);
	}
	json_close(w);
}

/* One object whose members are small objects and two tables: libsmartcols prints a
 * table only as a document of its own, so the object is written by json-writer.h
 * and the tables into it by table_write_json(). */
int bench_print_json(const struct bench_report *r) {
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *ct = NULL, *zt = NULL;
	_cleanup_free_ char *cpu_note = NULL;
	struct json_writer w;
	int k;

	k = bench_cpu_note(r, &cpu_note);
	if (k < 0)
		return k;
	k = cipher_table(r, true, &ct);
	if (k < 0)
		return k;
	k = comp_table(r, true, &zt);
	if (k < 0)
		return k;

	json_writer_init(&w, stdout);
	json_object_open(&w, NULL, false);

	json_object_open(&w, "cpu", true);
	json_features(&w, "effective", r->cpu_effective, r->has_effective);
	json_features(&w, "cpuid", r->cpu_cpuid, r->has_cpuid);
	json_features(&w, "cpuinfo", r->cpu_cpuinfo, r->has_cpuinfo);
	json_string(&w, "note", cpu_note);
	json_close(&w);
	json_string(&w, "features", r->features);

	k = table_write_json(ct, &w);
	if (k < 0)
		return k;

	json_object_open(&w, "sample", true);
	json_string(&w, "source", r->sample);
	json_u64(&w, "bytes", r->sample_bytes);
	json_close(&w);

	k = table_write_json(zt, &w);
	if (k < 0)
		return k;
	json_string(&w, "compressors_skipped", r->compressors_skipped);

	json_object_open(&w, "recommendation", true);
	json_string(&w, "cipher", r->recommended_cipher);
	if (r->recommended_cipher)
		json_u64(&w, "key_bits", r->recommended_key_bits);
	else
		json_literal(&w, "key_bits", NULL);
	json_string(&w, "comp_algorithm", r->recommended_compressor);
	if (r->auto_compressor < r->n_compressors) {
		const struct bench_compressor *a = &r->compressors[r->auto_compressor];

		json_string(&w, "comp_auto_algorithm", a->algorithm);
		if (a->level)
			json_u64(&w, "comp_auto_level", a->level);
		else
			json_literal(&w, "comp_auto_level", NULL);
	} else {
		json_literal(&w, "comp_auto_algorithm", NULL);
		json_literal(&w, "comp_auto_level", NULL);
	}
	json_string(&w, "note", r->recommendation_note);
	json_close(&w);

	json_close(&w);
	return json_writer_finish(&w);
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
	free(r->features);
	free(r->recommended_cipher);
	free(r->recommended_compressor);
	free(r->recommendation_note);
	*r = (struct bench_report){};
}
