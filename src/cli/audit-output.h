/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* `ephvol status --audit`: the audit entries as a table or as {"audit": [...]}. */

#include <stdbool.h>
#include <stddef.h>

#include "ephvol.h"

enum audit_column_id {
	ACOL_KIND,
	ACOL_PATH,
	ACOL_TYPE,
	ACOL_DEVICE,
	ACOL_VOLUME,
	ACOL_CIPHER,
	ACOL_PROTECTION,
	ACOL_REASON,
	_ACOL_MAX,
};

/* "path,protection" -> ids, as table_columns_parse() (table.h) takes the list. */
int audit_columns_parse(const char *list, enum audit_column_id *ret, size_t max, size_t *ret_n,
                        const char **ret_bad);
/* The text of one cell; NULL when not applicable. */
const char *audit_column_value(const struct ephvol_audit_entry *e, enum audit_column_id id);

struct audit_format {
	const enum audit_column_id *columns; /* NULL: the defaults (table) or all (JSON) */
	size_t n_columns;
	bool json, headings, raw;
};
int audit_print(struct ephvol_audit_entry *const *entries, const struct audit_format *f);
