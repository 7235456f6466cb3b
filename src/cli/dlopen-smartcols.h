/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * libsmartcols, loaded when a table is printed (status, the audit, bench): a create or
 * destroy never maps it. dlopen_smartcols() first (table_new() calls it), then
 * sym_scols_*() in place of scols_*().
 */

#include <libsmartcols.h>

#include "macro.h"

#define LIBSMARTCOLS_SONAME "libsmartcols.so.1"

extern typeof(scols_cell_get_data) *sym_scols_cell_get_data;
extern typeof(scols_column_get_json_type) *sym_scols_column_get_json_type;
extern typeof(scols_column_get_name) *sym_scols_column_get_name;
extern typeof(scols_column_set_json_type) *sym_scols_column_set_json_type;
extern typeof(scols_line_get_cell) *sym_scols_line_get_cell;
extern typeof(scols_line_refer_data) *sym_scols_line_refer_data;
extern typeof(scols_new_table) *sym_scols_new_table;
extern typeof(scols_print_table) *sym_scols_print_table;
extern typeof(scols_table_enable_json) *sym_scols_table_enable_json;
extern typeof(scols_table_enable_noheadings) *sym_scols_table_enable_noheadings;
extern typeof(scols_table_enable_raw) *sym_scols_table_enable_raw;
extern typeof(scols_table_get_column) *sym_scols_table_get_column;
extern typeof(scols_table_get_line) *sym_scols_table_get_line;
extern typeof(scols_table_get_name) *sym_scols_table_get_name;
extern typeof(scols_table_get_ncols) *sym_scols_table_get_ncols;
extern typeof(scols_table_get_nlines) *sym_scols_table_get_nlines;
extern typeof(scols_table_is_json) *sym_scols_table_is_json;
extern typeof(scols_table_new_column) *sym_scols_table_new_column;
extern typeof(scols_table_new_line) *sym_scols_table_new_line;
extern typeof(scols_table_set_name) *sym_scols_table_set_name;
extern typeof(scols_unref_table) *sym_scols_unref_table;

/* Loads libsmartcols and resolves every sym_scols_*, once. 0, or -EOPNOTSUPP when the
 * library or a symbol is missing (dlopen_smartcols_error() says why), or -ENOMEM. */
int dlopen_smartcols(void);
const char *dlopen_smartcols_error(void);

DEFINE_TRIVIAL_CLEANUP_FUNC(struct libscols_table *, sym_scols_unref_table);
