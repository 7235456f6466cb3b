/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit-output.h"
#include "log.h"
#include "status-output.h"
#include "verbs.h"

static void status_help(void) {
	printf("Usage: ephvol status [NAME...] [--json] [--output COLS] [--noheadings] [--raw] "
	       "[--bytes]\n"
	       "       ephvol status --audit [--json] [--output COLS] [--noheadings] [--raw]\n"
	       "\n"
	       "List ephemeral volumes, found from the kernel's own state.\n"
	       "\n"
	       "  -a, --audit          every active swap area and the filesystems at /tmp and\n"
	       "                       /var/tmp, ephvol's or not: is their data protected?\n"
	       "  -J, --json           JSON: {\"volumes\": [...]} with every field\n"
	       "                       (with --audit: {\"audit\": [...]})\n"
	       "  -o, --output COLS    columns to show, comma-separated (see below)\n"
	       "  -n, --noheadings     no header line\n"
	       "  -r, --raw            raw output, no alignment\n"
	       "  -b, --bytes          sizes in bytes\n"
	       "  -h, --help           show this help\n"
	       "\n"
	       "Columns: NAME BACKEND ROLE DEVICE BACKING SIZE CIPHER KEY_BITS SECTOR_SIZE\n"
	       "  KEY_LOCATION CIPHER_DRIVER CRYPT_FLAGS MOUNTPOINT SWAP_PRIORITY COMP_ALGORITHM\n"
	       "  ORIG_DATA COMPR_DATA RATIO MEM_USED MEM_LIMIT WRITEBACK WRITEBACK_BACKING\n"
	       "  WRITEBACK_BYTES WRITEBACK_WRITTEN WRITEBACK_IDLE_AGE PROTECTION STATE\n"
	       "  OWNER_PID COMMAND\n"
	       "Audit columns: KIND PATH TYPE DEVICE VOLUME CIPHER PROTECTION REASON\n"
	       "  (all but CIPHER by default); PROTECTION is encrypted, ram-only,\n"
	       "  plaintext-on-disk or unknown\n");
}

/* --audit: what holds the swap areas, /tmp and /var/tmp, whoever made them. */
static int status_audit(struct ephvol_ctx *ctx, const char *cols, struct audit_format *f) {
	_cleanup_(ephvol_audit_list_freep) struct ephvol_audit_entry **entries = NULL;
	enum audit_column_id ids[_ACOL_MAX * 2];
	const char *bad = NULL;
	int r;

	if (cols) {
		if (audit_columns_parse(cols, ids, ELEMENTSOF(ids), &f->n_columns, &bad) < 0)
			return log_usage("Unknown audit column in '%s'%s%.*s; see 'ephvol status "
			                 "--help'.",
			                 cols, bad ? " at " : "", bad ? (int)strcspn(bad, ",") : 0,
			                 bad ?: "");
		f->columns = ids;
	}
	r = ephvol_audit(ctx, &entries, NULL);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the swap areas and mounts: %m");
	return audit_print(entries, f);
}

int verb_status(struct ephvol_ctx *ctx, int argc, char **argv) {
	static const struct option options[] = { GLOBAL_OPTIONS,
		                                 { "help", no_argument, NULL, 'h' },
		                                 { "json", no_argument, NULL, 'J' },
		                                 { "output", required_argument, NULL, 'o' },
		                                 { "noheadings", no_argument, NULL, 'n' },
		                                 { "raw", no_argument, NULL, 'r' },
		                                 { "bytes", no_argument, NULL, 'b' },
		                                 { "audit", no_argument, NULL, 'a' },
		                                 {} };
	_cleanup_(ephvol_volume_list_freep) struct ephvol_volume **list = NULL;
	_cleanup_free_ struct ephvol_volume **selected = NULL;
	struct status_format f = { .headings = true };
	const char *cols = NULL;
	bool audit = false;
	enum column_id ids[_COL_MAX * 2];
	size_t n = 0, k = 0;
	int c, r;

	verb_getopt_begin();
	while ((c = verb_getopt(argc, argv, GLOBAL_SHORTOPTS "hJo:nrba", options, "status")) > 0)
		switch (c) {
		case 'h':
			status_help();
			return 0;
		case 'J':
			f.json = true;
			break;
		case 'o':
			/* Which columns exist depends on --audit, which may come later. */
			cols = optarg;
			break;
		case 'n':
			f.headings = false;
			break;
		case 'r':
			f.raw = true;
			break;
		case 'b':
			f.bytes = true;
			break;
		case 'a':
			audit = true;
			break;
		}
	if (c < 0)
		return c;

	if (audit && optind < argc)
		return log_usage("--audit looks at the whole system; it takes no volume names "
		                 "('%s').",
		                 argv[optind]);
	if (audit)
		return status_audit(ctx, cols,
		                    &(struct audit_format){
		                            .json = f.json, .headings = f.headings, .raw = f.raw });
	if (cols) {
		const char *bad = NULL;

		r = columns_parse(cols, ids, ELEMENTSOF(ids), &f.n_columns, &bad);
		if (r < 0)
			return log_usage(
			        "Unknown column in '%s'%s%.*s; see 'ephvol status --help'.", cols,
			        bad ? " at " : "", bad ? (int)strcspn(bad, ",") : 0, bad ?: "");
		f.columns = ids;
	}

	for (int i = optind; i < argc; i++)
		if (!ephvol_volume_is_valid_name(argv[i]))
			return log_usage("Invalid volume name '%s'.", argv[i]);

	r = ephvol_volume_list(ctx, &list, &n);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read volume state: %m");

	selected = calloc(n + 1, sizeof(*selected));
	if (!selected)
		return log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
	if (optind >= argc)
		memcpy(selected, list, n * sizeof(*selected));
	else
		for (int i = optind; i < argc; i++) {
			bool found = false;

			for (size_t j = 0; j < n; j++)
				if (streq(ephvol_volume_get_name(list[j]), argv[i])) {
					selected[k++] = list[j];
					found = true;
				}
			if (!found)
				return log_fail(EXIT_RUNTIME, -ENOENT, "No volume named %s.",
				                argv[i]);
		}

	if (f.json && !f.columns)
		f.bytes = true;
	return volumes_print(selected, &f);
}
