/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "audit-output.h"

#include <errno.h>
#include <libsmartcols.h>
#include <string.h>

#include "column-list.h"
#include "log.h"
#include "macro.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct libscols_table *, scols_unref_table);

/* Widths as libsmartcols takes them: below 1 a fraction of the terminal. The cipher
 * is in JSON and on request only: most lines have none, and the reason says which
 * layer encrypts. */
static const struct {
	const char *name;
	double width;
	int flags;
	bool is_default;
} audit_columns[_ACOL_MAX] = {
	[ACOL_KIND] = { "KIND", 4, 0, true },
	[ACOL_PATH] = { "PATH", 0.15, 0, true },
	[ACOL_TYPE] = { "TYPE", 5, 0, true },
	[ACOL_DEVICE] = { "DEVICE", 0.1, 0, true },
	[ACOL_VOLUME] = { "VOLUME", 0.1, 0, true },
	[ACOL_CIPHER] = { "CIPHER", 0.1, 0, false },
	[ACOL_PROTECTION] = { "PROTECTION", 10, 0, true },
	[ACOL_REASON] = { "REASON", 0.3, SCOLS_FL_WRAP, true },
};

static const char *audit_column_name(unsigned i) {
	return audit_columns[i].name;
}

int audit_columns_parse(const char *list, enum audit_column_id *ret, size_t max, size_t *ret_n,
                        const char **ret_bad) {
	/* As columns_parse(): the enum's type is unsigned int. */
	_Static_assert(sizeof(enum audit_column_id) == sizeof(unsigned), "enum audit_column_id");
	return column_list_parse(list, audit_column_name, _ACOL_MAX, (unsigned *)ret, max, ret_n,
	                         ret_bad);
}

const char *audit_column_value(const struct ephvol_audit_entry *e, enum audit_column_id id) {
	switch (id) {
	case ACOL_KIND:
		return ephvol_audit_kind_to_string(ephvol_audit_entry_get_kind(e));
	case ACOL_PATH:
		return ephvol_audit_entry_get_path(e);
	case ACOL_TYPE:
		return ephvol_audit_entry_get_type(e);
	case ACOL_DEVICE:
		return ephvol_audit_entry_get_device(e);
	case ACOL_VOLUME:
		return ephvol_audit_entry_get_volume(e);
	case ACOL_CIPHER:
		return ephvol_audit_entry_get_cipher(e);
	case ACOL_PROTECTION:
		return ephvol_protection_to_string(ephvol_audit_entry_get_protection(e));
	case ACOL_REASON:
		return ephvol_audit_entry_get_reason(e);
	default:
		return NULL;
	}
}

int audit_print(struct ephvol_audit_entry *const *entries, const struct audit_format *f) {
	_cleanup_(scols_unref_tablep) struct libscols_table *tb = scols_new_table();
	enum audit_column_id ids[_ACOL_MAX];
	size_t n = 0;

	if (!tb)
		return log_error_errno(-ENOMEM, "Out of memory.");
	for (enum audit_column_id c = 0; !f->columns && c < _ACOL_MAX; c++)
		if (f->json || audit_columns[c].is_default)
			ids[n++] = c;
	if (f->columns)
		n = f->n_columns;
	scols_table_enable_json(tb, f->json);
	scols_table_set_name(tb, "audit");
	scols_table_enable_noheadings(tb, !f->headings);
	scols_table_enable_raw(tb, f->raw);

	for (size_t i = 0; i < n; i++) {
		enum audit_column_id id = f->columns ? f->columns[i] : ids[i];

		if (!scols_table_new_column(tb, audit_columns[id].name, audit_columns[id].width,
		                            f->json || f->raw ? 0 : audit_columns[id].flags))
			return log_error_errno(-ENOMEM, "Out of memory.");
	}
	for (struct ephvol_audit_entry *const *e = entries; *e; e++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			return log_error_errno(-ENOMEM, "Out of memory.");
		for (size_t i = 0; i < n; i++) {
			const char *s = audit_column_value(*e, f->columns ? f->columns[i] : ids[i]);

			/* An unset cell prints empty, or null in JSON. */
			if (s && scols_line_set_data(ln, i, s) < 0)
				return log_error_errno(-ENOMEM, "Out of memory.");
		}
	}
	if (scols_print_table(tb) < 0)
		return log_error_errno(-EIO, "Failed to print the audit.");
	return 0;
}
