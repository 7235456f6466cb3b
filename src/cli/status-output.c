/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "status-output.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format-util.h"
#include "log.h"
#include "macro.h"
#include "table.h"
#include "verbs.h"

/* Widths as libsmartcols takes them: below 1 a fraction of the terminal. */
static const struct table_column columns[_COL_MAX] = {
	[COL_NAME] = { "NAME", NULL, 0.1, 0, SCOLS_JSON_STRING, false, true },
	[COL_BACKEND] = { "BACKEND", NULL, 4, 0, SCOLS_JSON_STRING, false, true },
	[COL_ROLE] = { "ROLE", NULL, 4, 0, SCOLS_JSON_STRING, false, true },
	[COL_DEVICE] = { "DEVICE", NULL, 0.2, 0, SCOLS_JSON_STRING, false, true },
	[COL_BACKING] = { "BACKING", NULL, 0.2, 0, SCOLS_JSON_STRING, false, true },
	[COL_SIZE] = { "SIZE", NULL, 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, true, true },
	[COL_CIPHER] = { "CIPHER", NULL, 0.1, 0, SCOLS_JSON_STRING, false, true },
	[COL_KEY_BITS] = { "KEY_BITS", NULL, 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false, false },
	[COL_SECTOR_SIZE] = { "SECTOR_SIZE", NULL, 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false,
	                      false },
	[COL_KEY_LOCATION] = { "KEY_LOCATION", NULL, 8, 0, SCOLS_JSON_STRING, false, false },
	[COL_CIPHER_DRIVER] = { "CIPHER_DRIVER", NULL, 0.1, 0, SCOLS_JSON_STRING, false, false },
	[COL_CRYPT_FLAGS] = { "CRYPT_FLAGS", NULL, 0.1, 0, SCOLS_JSON_STRING, false, false },
	[COL_INTEGRITY] = { "INTEGRITY", NULL, 0.1, 0, SCOLS_JSON_STRING, false, false },
	[COL_MOUNTPOINT] = { "MOUNTPOINT", NULL, 0.2, 0, SCOLS_JSON_STRING, false, true },
	[COL_SWAP_PRIORITY] = { "SWAP_PRIORITY", NULL, 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false,
	                        false },
	[COL_COMP_ALGORITHM] = { "COMP_ALGORITHM", NULL, 4, 0, SCOLS_JSON_STRING, false, false },
	[COL_ORIG_DATA] = { "ORIG_DATA", NULL, 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, true, false },
	[COL_COMPR_DATA] = { "COMPR_DATA", NULL, 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, true,
	                     false },
	[COL_RATIO] = { "RATIO", NULL, 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false, false },
	[COL_MEM_USED] = { "MEM_USED", NULL, 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, true, false },
	[COL_MEM_LIMIT] = { "MEM_LIMIT", NULL, 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, true, false },
	[COL_WRITEBACK] = { "WRITEBACK", NULL, 0.1, 0, SCOLS_JSON_STRING, false, false },
	[COL_WRITEBACK_BACKING] = { "WRITEBACK_BACKING", NULL, 0.1, 0, SCOLS_JSON_STRING, false,
	                            false },
	[COL_WRITEBACK_BYTES] = { "WRITEBACK_BYTES", NULL, 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
	                          true, false },
	[COL_WRITEBACK_WRITTEN] = { "WRITEBACK_WRITTEN", NULL, 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
	                            true, false },
	[COL_WRITEBACK_IDLE_AGE] = { "WRITEBACK_IDLE_AGE", NULL, 5, SCOLS_FL_RIGHT,
	                             SCOLS_JSON_NUMBER, false, false },
	[COL_PROTECTION] = { "PROTECTION", NULL, 8, 0, SCOLS_JSON_STRING, false, true },
	[COL_STATE] = { "STATE", NULL, 8, 0, SCOLS_JSON_STRING, false, true },
	/* Shown by default only when a run volume is listed (volumes_print()). */
	[COL_OWNER_PID] = { "OWNER_PID", NULL, 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false, false },
	[COL_COMMAND] = { "COMMAND", NULL, 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, false, false },
};

int columns_parse(const char *list, enum column_id *ret, size_t max, size_t *ret_n,
                  const char **ret_bad) {
	/* The enum's type is unsigned int (no negative values), so the ids go straight
	 * into the caller's array. */
	_Static_assert(sizeof(enum column_id) == sizeof(unsigned), "enum column_id");
	return table_columns_parse(list, columns, _COL_MAX, (unsigned *)ret, max, ret_n, ret_bad);
}

static char *u64_str(uint64_t v, bool human) {
	char buf[FORMAT_SIZE_MAX], *s;

	if (human)
		return strdup(format_size(buf, sizeof(buf), v));
	return asprintf(&s, "%" PRIu64, v) < 0 ? NULL : s;
}

/* 0 is "not set": an empty cell. */
static char *nonzero_str(unsigned v) {
	return v ? u64_str(v, false) : NULL;
}

/* The cells that are a getter's string as it is, and the sizes a getter may not have. */
static const char *(*const string_cells[_COL_MAX])(const struct ephvol_volume *) = {
	[COL_NAME] = ephvol_volume_get_name,
	[COL_DEVICE] = ephvol_volume_get_device,
	[COL_BACKING] = ephvol_volume_get_backing,
	[COL_CIPHER] = ephvol_volume_get_cipher,
	[COL_CIPHER_DRIVER] = ephvol_volume_get_cipher_driver,
	[COL_INTEGRITY] = ephvol_volume_get_integrity,
	[COL_MOUNTPOINT] = ephvol_volume_get_mountpoint,
	[COL_COMP_ALGORITHM] = ephvol_volume_get_comp_algorithm,
	[COL_WRITEBACK] = ephvol_volume_get_writeback,
	[COL_WRITEBACK_BACKING] = ephvol_volume_get_writeback_backing,
	[COL_COMMAND] = ephvol_volume_get_command,
};
static int (*const size_cells[_COL_MAX])(const struct ephvol_volume *, uint64_t *) = {
	[COL_WRITEBACK_BYTES] = ephvol_volume_get_writeback_bytes,
	[COL_WRITEBACK_WRITTEN] = ephvol_volume_get_writeback_written,
	[COL_MEM_USED] = ephvol_volume_get_mem_used,
	[COL_MEM_LIMIT] = ephvol_volume_get_mem_limit,
};

char *column_value(const struct ephvol_volume *v, enum column_id id, bool bytes) {
	const char *s = NULL;
	char ratio[FORMAT_RATIO_MAX];
	uint64_t orig, compr, n;
	pid_t pid;
	int prio;
	char *out;

	if ((unsigned)id >= _COL_MAX)
		return NULL;
	if (string_cells[id]) {
		s = string_cells[id](v);
		return s ? strdup(s) : NULL;
	}
	if (size_cells[id])
		return size_cells[id](v, &n) < 0 ? NULL : u64_str(n, !bytes);

	switch (id) {
	case COL_BACKEND:
		s = ephvol_backend_to_string(ephvol_volume_get_backend(v));
		break;
	case COL_ROLE:
		s = ephvol_role_to_string(ephvol_volume_get_role(v));
		break;
	case COL_KEY_LOCATION:
		s = ephvol_key_location_to_string(ephvol_volume_get_key_location(v));
		break;
	case COL_STATE:
		s = ephvol_state_to_string(ephvol_volume_get_state(v));
		break;
	case COL_PROTECTION:
		s = ephvol_protection_to_string(ephvol_volume_get_protection(v));
		break;
	case COL_SIZE:
		return u64_str(ephvol_volume_get_size(v), !bytes);
	case COL_KEY_BITS:
		return nonzero_str(ephvol_volume_get_key_bits(v));
	case COL_SECTOR_SIZE:
		return nonzero_str(ephvol_volume_get_sector_size(v));
	case COL_OWNER_PID:
		if (ephvol_volume_get_owner_pid(v, &pid) < 0)
			return NULL;
		return asprintf(&out, "%d", (int)pid) < 0 ? NULL : out;
	case COL_CRYPT_FLAGS:
		/* An empty cell reads as null (not applicable): a mapping without flags
		 * has the word "none". */
		s = ephvol_volume_get_crypt_flags(v);
		if (s && !*s)
			s = "none";
		break;
	case COL_WRITEBACK_IDLE_AGE:
		return ephvol_volume_get_writeback_idle_age(v, &n) < 0 ? NULL : u64_str(n, false);
	case COL_SWAP_PRIORITY:
		if (ephvol_volume_get_swap_priority(v, &prio) < 0)
			return NULL;
		return asprintf(&out, "%d", prio) < 0 ? NULL : out;
	case COL_ORIG_DATA:
	case COL_COMPR_DATA:
		if (ephvol_volume_get_data_bytes(v, &orig, &compr) < 0)
			return NULL;
		return u64_str(id == COL_ORIG_DATA ? orig : compr, !bytes);
	case COL_RATIO:
		if (ephvol_volume_get_data_bytes(v, &orig, &compr) < 0 || compr == 0)
			return NULL;
		return strdup(format_ratio(ratio, sizeof(ratio), orig, compr));
	default:
		return NULL;
	}
	return s ? strdup(s) : NULL;
}

int volumes_print(struct ephvol_volume *const *volumes, const struct status_format *f) {
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *tb = NULL;
	const struct table_format tf = {
		.json = f->json, .headings = f->headings, .raw = f->raw, .bytes = f->bytes
	};
	/* Without a list, JSON is for scripts: every column, sizes in bytes. */
	bool bytes = f->bytes || (f->json && !f->columns);
	unsigned ids[_COL_MAX];
	size_t n = table_columns_pick(columns, _COL_MAX, (const unsigned *)f->columns, f->n_columns,
	                              f->json, ids);
	int r;

	/* Whose a run volume is matters as much as its state, but is noise otherwise. */
	if (!f->columns && !f->json)
		for (struct ephvol_volume *const *v = volumes; *v; v++)
			if (ephvol_volume_get_owner_pid(*v, NULL) == 0) {
				ids[n++] = COL_OWNER_PID;
				ids[n++] = COL_COMMAND;
				break;
			}

	r = table_new("volumes", columns, ids, n, &tf, &tb);
	if (r < 0)
		return table_log_error(r);
	for (struct ephvol_volume *const *v = volumes; *v; v++) {
		char *cells[_COL_MAX];

		for (size_t i = 0; i < n; i++)
			cells[i] = column_value(*v, ids[i], bytes);
		r = table_add_row(tb, cells, n);
		if (r < 0)
			return log_error_errno(r, "Out of memory.");
	}
	r = table_print(tb);
	if (r < 0)
		return log_error_errno(r, "Failed to print the status table.");
	return 0;
}

int volumes_print_json(struct ephvol_volume *const *volumes) {
	return volumes_print(
	        volumes, &(struct status_format){ .json = true, .headings = true, .bytes = true });
}
