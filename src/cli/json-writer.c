/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "json-writer.h"

#include <errno.h>
#include <inttypes.h>

#define INDENT 3

void json_writer_init(struct json_writer *w, FILE *f) {
	*w = (struct json_writer){ .f = f };
}

static void fail(struct json_writer *w, int error) {
	if (w->error == 0)
		w->error = error;
}

static void write_quoted(FILE *f, const char *s) {
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	fputc('"', f);
}

/* What goes before a value: the separator from the previous member, the line break
 * and indentation of a multi-line container, and the member's name. */
static void member_begin(struct json_writer *w, const char *key) {
	if (w->depth > 0) {
		struct json_level *l = &w->level[w->depth - 1];

		if (!l->empty)
			fputc(',', w->f);
		if (l->one_line)
			fputs(l->empty ? "" : " ", w->f);
		else
			fprintf(w->f, "\n%*s", (int)(w->depth * INDENT), "");
		l->empty = false;
	}
	if (key) {
		write_quoted(w->f, key);
		fputs(": ", w->f);
	}
}

static void container_open(struct json_writer *w, const char *key, char open, char close,
                           bool one_line) {
	if (w->depth == JSON_DEPTH_MAX) {
		fail(w, -E2BIG);
		return;
	}
	member_begin(w, key);
	fputc(open, w->f);
	w->level[w->depth++] =
	        (struct json_level){ .close = close, .one_line = one_line, .empty = true };
}

void json_object_open(struct json_writer *w, const char *key, bool one_line) {
	container_open(w, key, '{', '}', one_line);
}

void json_array_open(struct json_writer *w, const char *key, bool one_line) {
	container_open(w, key, '[', ']', one_line);
}

void json_close(struct json_writer *w) {
	struct json_level *l;

	if (w->depth == 0) {
		fail(w, -EINVAL);
		return;
	}
	l = &w->level[--w->depth];
	/* An empty container stays "[]", on the line that opened it. */
	if (!l->one_line && !l->empty)
		fprintf(w->f, "\n%*s", (int)(w->depth * INDENT), "");
	fputc(l->close, w->f);
}

void json_string(struct json_writer *w, const char *key, const char *s) {
	member_begin(w, key);
	if (s)
		write_quoted(w->f, s);
	else
		fputs("null", w->f);
}

void json_literal(struct json_writer *w, const char *key, const char *text) {
	member_begin(w, key);
	fputs(text ?: "null", w->f);
}

void json_u64(struct json_writer *w, const char *key, uint64_t v) {
	member_begin(w, key);
	fprintf(w->f, "%" PRIu64, v);
}

void json_bool(struct json_writer *w, const char *key, bool b) {
	json_literal(w, key, b ? "true" : "false");
}

int json_writer_finish(struct json_writer *w) {
	if (w->depth != 0)
		fail(w, -EINVAL);
	fputc('\n', w->f);
	if (fflush(w->f) != 0 || ferror(w->f))
		fail(w, -EIO);
	return w->error;
}
