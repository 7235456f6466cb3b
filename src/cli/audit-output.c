/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "audit-output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "macro.h"
#include "table.h"

/* Widths as libsmartcols takes them: below 1 a fraction of the terminal. The cipher
 * is in JSON and on request only: most lines have none, and the reason says which
 * layer encrypts. */
static const struct table_column audit_columns[_ACOL_MAX] = {
	[ACOL_KIND] = { "KIND", NULL, 4, 0, SCOLS_JSON_STRING, false, true },
	[ACOL_PATH] = { "PATH", NULL, 0.15, 0, SCOLS_JSON_STRING, false, true },
	[ACOL_TYPE] = { "TYPE", NULL, 5, 0, SCOLS_JSON_STRING, false, true },
	[ACOL_DEVICE] = { "DEVICE", NULL, 0.1, 0, SCOLS_JSON_STRING, false, true },
	[ACOL_VOLUME] = { "VOLUME", NULL, 0.1, 0, SCOLS_JSON_STRING, false, true },
	[ACOL_CIPHER] = { "CIPHER", NULL, 0.1, 0, SCOLS_JSON_STRING, false, false },
	[ACOL_PROTECTION] = { "PROTECTION", NULL, 10, 0, SCOLS_JSON_STRING, false, true },
	[ACOL_REASON] = { "REASON", NULL, 0.3, SCOLS_FL_WRAP, SCOLS_JSON_STRING, false, true },
};

int audit_columns_parse(const char *list, enum audit_column_id *ret, size_t max, size_t *ret_n,
                        const char **ret_bad) {
	/* As columns_parse(): the enum's type is unsigned int. */
	_Static_assert(sizeof(enum audit_column_id) == sizeof(unsigned), "enum audit_column_id");
	return table_columns_parse(list, audit_columns, _ACOL_MAX, (unsigned *)ret, max, ret_n,
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
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *tb = NULL;
	const struct table_format tf = { .json = f->json, .headings = f->headings, .raw = f->raw };
	unsigned ids[_ACOL_MAX];
	size_t n = table_columns_pick(audit_columns, _ACOL_MAX, (const unsigned *)f->columns,
	                              f->n_columns, f->json, ids);
	int r;

	r = table_new("audit", audit_columns, ids, n, &tf, &tb);
	if (r < 0)
		return table_log_error(r);
	for (struct ephvol_audit_entry *const *e = entries; *e; e++) {
		char *cells[_ACOL_MAX];
		bool oom = false;

		for (size_t i = 0; i < n; i++) {
			const char *s = audit_column_value(*e, ids[i]);

			cells[i] = s ? strdup(s) : NULL;
			oom = oom || (s && !cells[i]);
		}
		r = table_add_row(tb, cells, n);
		if (oom || r < 0)
			return log_error_errno(-ENOMEM, "Out of memory.");
	}
	r = table_print(tb);
	if (r < 0)
		return log_error_errno(r, "Failed to print the audit.");
	return 0;
}
