/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * A small streaming JSON writer, for the one document libsmartcols cannot print:
 * `bench --json`, an object whose members are tables and small objects. (libsmartcols
 * prints a table only as a whole document, {"NAME": [...]}; it has no call that puts
 * a table inside another object. status and audit are single tables and leave all
 * their JSON to libsmartcols.)
 *
 * Containers are written one member a line, indented by three spaces as libsmartcols
 * does, or all on one line ("one_line") for short objects and arrays. Write errors
 * are collected and returned once, by json_writer_finish().
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_DEPTH_MAX 8

struct json_level {
	char close; /* '}' or ']' */
	bool one_line, empty;
};

struct json_writer {
	FILE *f;
	unsigned depth; /* containers open */
	struct json_level level[JSON_DEPTH_MAX];
	int error; /* the first failure, a negative errno */
};

void json_writer_init(struct json_writer *w, FILE *f);

/* key is the member's name inside an object, NULL inside an array or at the top. */
void json_object_open(struct json_writer *w, const char *key, bool one_line);
void json_array_open(struct json_writer *w, const char *key, bool one_line);
void json_close(struct json_writer *w);

/* NULL is written as null. */
void json_string(struct json_writer *w, const char *key, const char *s);
/* A number, true or false as its text is written; NULL is null. */
void json_literal(struct json_writer *w, const char *key, const char *text);
void json_u64(struct json_writer *w, const char *key, uint64_t v);
void json_bool(struct json_writer *w, const char *key, bool b);

/* Ends the document with a newline and flushes it: 0, or the first error (-EIO when the
 * stream failed, -E2BIG for containers nested deeper than JSON_DEPTH_MAX, -EINVAL for
 * containers left open or closed too often). */
int json_writer_finish(struct json_writer *w);
