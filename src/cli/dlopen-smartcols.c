/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dlopen-smartcols.h"

#include "dlopen-util.h"

typeof(scols_cell_get_data) *sym_scols_cell_get_data;
typeof(scols_column_get_json_type) *sym_scols_column_get_json_type;
typeof(scols_column_get_name) *sym_scols_column_get_name;
typeof(scols_column_set_json_type) *sym_scols_column_set_json_type;
typeof(scols_line_get_cell) *sym_scols_line_get_cell;
typeof(scols_line_refer_data) *sym_scols_line_refer_data;
typeof(scols_new_table) *sym_scols_new_table;
typeof(scols_print_table) *sym_scols_print_table;
typeof(scols_table_enable_json) *sym_scols_table_enable_json;
typeof(scols_table_enable_noheadings) *sym_scols_table_enable_noheadings;
typeof(scols_table_enable_raw) *sym_scols_table_enable_raw;
typeof(scols_table_get_column) *sym_scols_table_get_column;
typeof(scols_table_get_line) *sym_scols_table_get_line;
typeof(scols_table_get_name) *sym_scols_table_get_name;
typeof(scols_table_get_ncols) *sym_scols_table_get_ncols;
typeof(scols_table_get_nlines) *sym_scols_table_get_nlines;
typeof(scols_table_is_json) *sym_scols_table_is_json;
typeof(scols_table_new_column) *sym_scols_table_new_column;
typeof(scols_table_new_line) *sym_scols_table_new_line;
typeof(scols_table_set_name) *sym_scols_table_set_name;
typeof(scols_unref_table) *sym_scols_unref_table;

static const struct dlsym_arg syms[] = {
	DLSYM_ARG(scols_cell_get_data),     DLSYM_ARG(scols_column_get_json_type),
	DLSYM_ARG(scols_column_get_name),   DLSYM_ARG(scols_column_set_json_type),
	DLSYM_ARG(scols_line_get_cell),     DLSYM_ARG(scols_line_refer_data),
	DLSYM_ARG(scols_new_table),         DLSYM_ARG(scols_print_table),
	DLSYM_ARG(scols_table_enable_json), DLSYM_ARG(scols_table_enable_noheadings),
	DLSYM_ARG(scols_table_enable_raw),  DLSYM_ARG(scols_table_get_column),
	DLSYM_ARG(scols_table_get_line),    DLSYM_ARG(scols_table_get_name),
	DLSYM_ARG(scols_table_get_ncols),   DLSYM_ARG(scols_table_get_nlines),
	DLSYM_ARG(scols_table_is_json),     DLSYM_ARG(scols_table_new_column),
	DLSYM_ARG(scols_table_new_line),    DLSYM_ARG(scols_table_set_name),
	DLSYM_ARG(scols_unref_table),
};

static struct dlopen_lib smartcols = DLOPEN_LIB_INIT(LIBSMARTCOLS_SONAME, syms);

int dlopen_smartcols(void) {
	return dlopen_lib_load(&smartcols);
}

const char *dlopen_smartcols_error(void) {
	return smartcols.error;
}
