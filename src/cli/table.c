/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"

int table_columns_parse(const char *list, const struct table_column *columns, size_t n_columns,
                        unsigned *ret, size_t max, size_t *ret_n, const char **ret_bad) {
	const char *item = list;
	size_t n = 0;

	if (!*list)
		return -EINVAL;
	do {
		size_t len = strcspn(item, ","), id = 0;

		while (id < n_columns && !(strlen(columns[id].name) == len &&
		                           strncasecmp(item, columns[id].name, len) == 0))
			id++;
		if (id == n_columns) {
			if (ret_bad)
				*ret_bad = item;
			return -EINVAL;
		}
		if (n == max)
			return -E2BIG;
		ret[n++] = (unsigned)id;
		item += len;
	} while (*item++ == ',');
	*ret_n = n;
	return 0;
}

size_t table_columns_pick(const struct table_column *columns, size_t n_columns,
                          const unsigned *asked, size_t n_asked, bool json, unsigned *ret) {
	size_t n = 0;

	if (asked) {
		memcpy(ret, asked, n_asked * sizeof(*ret));
		return n_asked;
	}
	for (size_t id = 0; id < n_columns; id++)
		if (json || columns[id].is_default)
			ret[n++] = (unsigned)id;
	return n;
}

int table_new(const char *name, const struct table_column *columns, const unsigned *ids,
              size_t n_ids, const struct table_format *f, struct libscols_table **ret) {
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *tb = NULL;
	int r;

	r = dlopen_smartcols();
	if (r < 0)
		return r;
	tb = sym_scols_new_table();
	if (!tb)
		return -ENOMEM;
	if (sym_scols_table_enable_json(tb, f->json) < 0 ||
	    sym_scols_table_set_name(tb, name) < 0 ||
	    sym_scols_table_enable_noheadings(tb, !f->headings) < 0 ||
	    sym_scols_table_enable_raw(tb, f->raw) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < n_ids; i++) {
		const struct table_column *c = &columns[ids[i]];
		struct libscols_column *cl;

		/* Flags such as SCOLS_FL_WRAP only shape an aligned table. */
		cl = sym_scols_table_new_column(tb,
		                                f->json && c->json_name ? c->json_name : c->name,
		                                c->width, f->json || f->raw ? 0 : c->flags);
		if (!cl)
			return -ENOMEM;
		/* "1.5G" is no JSON number. */
		if (sym_scols_column_set_json_type(cl, c->is_size && !f->bytes ? SCOLS_JSON_STRING
		                                                               : c->json_type) < 0)
			return -ENOMEM;
	}
	*ret = TAKE_PTR(tb);
	return 0;
}

int table_log_error(int r) {
	if (r == -EOPNOTSUPP)
		return log_error_errno(r, "Cannot load %s (needed for tables): %s",
		                       LIBSMARTCOLS_SONAME, dlopen_smartcols_error());
	return log_error_errno(r, "Out of memory.");
}

int table_add_row(struct libscols_table *tb, char **cells, size_t n_cells) {
	struct libscols_line *ln = sym_scols_table_new_line(tb, NULL);
	int r = ln ? 0 : -ENOMEM;

	for (size_t i = 0; i < n_cells; i++) {
		/* libsmartcols takes the text only when it succeeds. */
		if (r < 0 || !cells[i])
			free(cells[i]);
		else if (sym_scols_line_refer_data(ln, i, cells[i]) < 0) {
			free(cells[i]);
			r = -ENOMEM;
		}
		cells[i] = NULL;
	}
	return r;
}

int table_print(struct libscols_table *tb) {
	return sym_scols_print_table(tb) < 0 ? -EIO : 0;
}

/* As libsmartcols writes a cell of each type in its JSON. */
static void write_cell(struct json_writer *w, const char *key, int json_type, const char *data) {
	switch (json_type) {
	case SCOLS_JSON_NUMBER:
		json_literal(w, key, data);
		break;
	case SCOLS_JSON_BOOLEAN:
		json_bool(w, key, data && *data && !strchr("0Nn", *data));
		break;
	default:
		json_string(w, key, data);
	}
}

int table_write_json(struct libscols_table *tb, struct json_writer *w) {
	size_t n_cols = sym_scols_table_get_ncols(tb), n_lines = sym_scols_table_get_nlines(tb);

	if (!sym_scols_table_is_json(tb))
		return -EINVAL;
	json_array_open(w, sym_scols_table_get_name(tb), false);
	for (size_t k = 0; k < n_lines; k++) {
		struct libscols_line *ln = sym_scols_table_get_line(tb, k);

		json_object_open(w, NULL, false);
		for (size_t i = 0; i < n_cols; i++) {
			struct libscols_column *cl = sym_scols_table_get_column(tb, i);
			struct libscols_cell *ce = sym_scols_line_get_cell(ln, i);
			const char *name = sym_scols_column_get_name(cl);
			char key[64];
			size_t len = strlen(name);

			/* libsmartcols' own JSON names the member by the heading in lowercase,
			 * ASCII only, whatever the locale. */
			if (len >= sizeof(key))
				return -ENAMETOOLONG;
			for (size_t j = 0; j <= len; j++)
				key[j] = name[j] >= 'A' && name[j] <= 'Z' ? name[j] - 'A' + 'a'
				                                          : name[j];
			write_cell(w, key, sym_scols_column_get_json_type(cl),
			           ce ? sym_scols_cell_get_data(ce) : NULL);
		}
		json_close(w);
	}
	json_close(w);
	return 0;
}
