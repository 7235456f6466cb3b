/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "ephvol.h"

enum column_id {
	COL_NAME,
	COL_BACKEND,
	COL_ROLE,
	COL_DEVICE,
	COL_BACKING,
	COL_SIZE,
	COL_CIPHER,
	COL_KEY_BITS,
	COL_SECTOR_SIZE,
	COL_KEY_LOCATION,
	COL_CIPHER_DRIVER,
	COL_CRYPT_FLAGS,
	COL_INTEGRITY,
	COL_MOUNTPOINT,
	COL_SWAP_PRIORITY,
	COL_COMP_ALGORITHM,
	COL_ORIG_DATA,
	COL_COMPR_DATA,
	COL_RATIO,
	COL_MEM_USED,
	COL_MEM_LIMIT,
	COL_WRITEBACK,
	COL_WRITEBACK_BACKING,
	COL_WRITEBACK_BYTES,
	COL_WRITEBACK_WRITTEN,
	COL_WRITEBACK_IDLE_AGE,
	COL_PROTECTION,
	COL_STATE,
	COL_OWNER_PID,
	COL_COMMAND,
	_COL_MAX,
};

/* "name,size" -> ids, as table_columns_parse() (table.h) takes the list. */
int columns_parse(const char *list, enum column_id *ret, size_t max, size_t *ret_n,
                  const char **ret_bad);
/* The text of one cell, NULL when not applicable. bytes: sizes as plain numbers. */
char *column_value(const struct ephvol_volume *v, enum column_id id, bool bytes);

struct status_format {
	const enum column_id *columns; /* NULL: defaults (table) or all (JSON) */
	size_t n_columns;
	bool json, headings, raw, bytes;
};
int volumes_print(struct ephvol_volume *const *volumes, const struct status_format *f);
