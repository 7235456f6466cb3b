/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The tables of status, status --audit and bench: a libsmartcols table built from a
 * description of its columns and rows of cells, printed as text or as libsmartcols'
 * JSON document {"NAME": [ {ROW}, ... ]}, or written as one member of a larger
 * JSON document (bench's) through json-writer.h.
 */

#include <stdbool.h>
#include <stddef.h>

#include "dlopen-smartcols.h"
#include "json-writer.h"
#include "macro.h"

struct table_column {
	const char *name;      /* the heading, and in lowercase the member name in JSON */
	const char *json_name; /* the member name in JSON when not the lowercase heading */
	double width;          /* libsmartcols' hint: below 1, a fraction of the terminal */
	int flags;             /* SCOLS_FL_*: the layout of text, so not in JSON or raw */
	int json_type;         /* SCOLS_JSON_STRING, _NUMBER or _BOOLEAN */
	bool is_size;          /* human-readable unless in bytes: then a string in JSON */
	bool is_default;       /* shown when no list of columns is given, and not JSON */
};

struct table_format {
	bool json, headings, raw;
	bool bytes; /* sizes in bytes, not human-readable */
};

/*
 * The -o COLS list of a table, as lsblk takes it: "name,SIZE" -> the index of each
 * item among columns[0..n_columns-1], by name in any case. One parser, so that every
 * table accepts and refuses the same lists.
 * -EINVAL at an unknown or empty item (ret_bad, if given, then points at it; an
 * empty list names nothing and leaves ret_bad alone); -E2BIG for more than max
 * items. ret_n is written only on success.
 */
int table_columns_parse(const char *list, const struct table_column *columns, size_t n_columns,
                        unsigned *ret, size_t max, size_t *ret_n, const char **ret_bad);

/* The columns to show: those asked for (n_asked of them, from table_columns_parse()),
 * or without a list every one in JSON, else the defaults. ret has room for n_columns
 * and n_asked; returns how many were picked. */
size_t table_columns_pick(const struct table_column *columns, size_t n_columns,
                          const unsigned *asked, size_t n_asked, bool json, unsigned *ret);

/* A table called name (in JSON, the member holding the rows) of the columns
 * columns[ids[0..n_ids-1]], in that order. Loads libsmartcols: -EOPNOTSUPP if it
 * cannot (table_log_error() says so). */
int table_new(const char *name, const struct table_column *columns, const unsigned *ids,
              size_t n_ids, const struct table_format *f, struct libscols_table **ret);

/* Logs the one line for R, a failure of table_new() or table_add_row(), and returns R. */
int table_log_error(int r);

/* Appends a row: cells[i] is the text of the table's column i, malloc()ed or NULL
 * (empty; null in JSON). The table takes every cell, also on failure. */
int table_add_row(struct libscols_table *tb, char **cells, size_t n_cells);

/* Text or libsmartcols' JSON document, as the table's format says, on stdout. */
int table_print(struct libscols_table *tb);

/* The rows as the member NAME: [ {ROW}, ... ] of w's current object, each cell
 * typed as libsmartcols types it. The table must have been made for JSON. */
int table_write_json(struct libscols_table *tb, struct json_writer *w);
