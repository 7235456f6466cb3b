/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/proc-parse.c: parse_mountinfo() and parse_proc_swaps(), on one text. Users
 * choose mount point names and FUSE sources and options, which the kernel writes with
 * blanks, newlines and backslashes as \ooo escapes; status and audit read the tables.
 */
#include "fuzz.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "proc-parse.h"

/* Longer input only makes each run slower; a table is a list of like lines. */
#define INPUT_MAX 16384

/* As the kernel's mangle() writes a string; with every_byte, each byte as \ooo. */
static void put_escaped(FILE *f, const char *s, bool every_byte) {
	for (; *s; s++)
		if (every_byte || strchr(" \t\n\\", *s))
			fprintf(f, "\\%03o", (unsigned char)*s);
		else
			fputc(*s, f);
}

/* The text write() gives for the entries; NULL without memory. */
static char *text_of(void (*write)(FILE *f, const void *entries, size_t n), const void *entries,
                     size_t n) {
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return NULL;
	write(f, entries, n);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* A table as the checks need it; entries are an array of its entry type. */
struct table {
	int (*parse)(const char *text, void **entries, size_t *n);
	void (*free)(void *entries, size_t n);
	/* Whether entry i has what every parsed entry has. */
	bool (*valid)(const void *entries, size_t i);
	/* Writes the entries back as the kernel would, each on copies lines. */
	void (*write)(FILE *f, const void *entries, size_t n);
	size_t copies;
	/* Whether again[j], parsed from copy k of entry i, is what that copy wrote. */
	bool (*same)(const void *again, size_t j, const void *entries, size_t i, size_t k);
};

/* ---- mountinfo ---- */

static int mounts_parse(const char *text, void **entries, size_t *n) {
	struct mount_entry *e = *entries;
	int r = parse_mountinfo(text, &e, n);

	*entries = e;
	return r;
}

static void mounts_free(void *entries, size_t n) {
	mount_entries_free(entries, n);
}

static bool mount_valid(const void *entries, size_t i) {
	const struct mount_entry *e = (const struct mount_entry *)entries + i;

	return e->mount_point && e->fstype && e->source && e->super_options && e->mount_point[0] &&
	       e->fstype[0];
}

/* One line as the kernel writes the entry, with source in place of its own. */
static void put_mount(FILE *f, size_t id, const struct mount_entry *e, const char *source) {
	fprintf(f, "%zu 1 %u:%u / ", id, e->major, e->minor);
	put_escaped(f, e->mount_point, false);
	fprintf(f, " rw shared:1 - %s ", e->fstype); /* the type is taken as it is */
	put_escaped(f, source, false);
	fputc(' ', f);
	put_escaped(f, e->super_options, false);
	fputc('\n', f);
}

/* Each entry twice: as it is, and with an empty source (mount(2) with ""), which the
 * kernel writes as nothing between two blanks. */
static void mounts_write(FILE *f, const void *entries, size_t n) {
	const struct mount_entry *e = entries;

	for (size_t i = 0; i < n; i++) {
		put_mount(f, 2 * i + 2, &e[i], e[i].source);
		put_mount(f, 2 * i + 3, &e[i], "");
	}
}

static bool mount_same(const void *again, size_t j, const void *entries, size_t i, size_t k) {
	const struct mount_entry *a = (const struct mount_entry *)again + j;
	const struct mount_entry *e = (const struct mount_entry *)entries + i;

	return a->major == e->major && a->minor == e->minor &&
	       streq(a->mount_point, e->mount_point) && streq(a->fstype, e->fstype) &&
	       streq(a->source, k == 0 ? e->source : "") &&
	       streq(a->super_options, e->super_options);
}

static const struct table mountinfo = {
	.parse = mounts_parse,
	.free = mounts_free,
	.valid = mount_valid,
	.write = mounts_write,
	.copies = 2,
	.same = mount_same,
};

/* ---- /proc/swaps ---- */

static int swaps_parse(const char *text, void **entries, size_t *n) {
	struct swap_entry *e = *entries;
	int r = parse_proc_swaps(text, &e, n);

	*entries = e;
	return r;
}

static void swaps_free(void *entries, size_t n) {
	swap_entries_free(entries, n);
}

static bool swap_valid(const void *entries, size_t i) {
	const struct swap_entry *e = (const struct swap_entry *)entries + i;

	return e->path && e->type && e->path[0] && e->type[0] && e->size_bytes % 1024 == 0;
}

/* Paths escaped byte by byte: the kernel's start with '/', and one that reads "Filename"
 * would be taken for the header line. */
static void swaps_write(FILE *f, const void *entries, size_t n) {
	const struct swap_entry *e = entries;

	fputs("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n", f);
	for (size_t i = 0; i < n; i++) {
		put_escaped(f, e[i].path, true);
		fprintf(f, " %s\t%" PRIu64 "\t0\t%d\n", e[i].type, e[i].size_bytes / 1024,
		        e[i].priority);
	}
}

static bool swap_same(const void *again, size_t j, const void *entries, size_t i, size_t k) {
	const struct swap_entry *a = (const struct swap_entry *)again + j;
	const struct swap_entry *e = (const struct swap_entry *)entries + i;

	(void)k;
	return streq(a->path, e->path) && streq(a->type, e->type) &&
	       a->size_bytes == e->size_bytes && a->priority == e->priority;
}

static const struct table swaps = {
	.parse = swaps_parse,
	.free = swaps_free,
	.valid = swap_valid,
	.write = swaps_write,
	.copies = 1,
	.same = swap_same,
};

/* Outputs a failed parse must leave alone. */
#define UNTOUCHED   ((void *)1)
#define N_UNTOUCHED 99

static void check(const struct table *t, const char *s) {
	_cleanup_free_ char *text = NULL;
	void *e = UNTOUCHED, *again = NULL;
	size_t n = N_UNTOUCHED, n_again = 0;
	int r;

	r = t->parse(s, &e, &n);
	if (r == -ENOMEM)
		return;
	if (r < 0) {
		/* A bad line fails the table, and leaves the outputs alone. */
		if (r != -EBADMSG || e != UNTOUCHED || n != N_UNTOUCHED)
			abort();
		return;
	}
	if (r != 0 || (n > 0 && !e))
		abort();
	for (size_t i = 0; i < n; i++)
		if (!t->valid(e, i))
			abort();

	/* Written back as the kernel writes them, the entries parse to the same entries. */
	text = text_of(t->write, e, n);
	r = text ? t->parse(text, &again, &n_again) : -ENOMEM;
	if (r != -ENOMEM) {
		if (r != 0 || n_again != t->copies * n)
			abort();
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < t->copies; k++)
				if (!t->same(again, t->copies * i + k, e, i, k))
					abort();
		t->free(again, n_again);
	}
	t->free(e, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	_cleanup_free_ char *s = NULL;

	s = fuzz_string(data, size, INPUT_MAX);
	if (!s)
		return 0;
	check(&mountinfo, s);
	check(&swaps, s);
	return 0;
}
