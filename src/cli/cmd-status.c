/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit-output.h"
#include "log.h"
#include "status-output.h"
#include "sys.h"
#include "verbs.h"

static void status_help(void) {
	printf("Usage: ephvol status [NAME...] [--json] [--output COLS] [--noheadings] [--raw] "
	       "[--bytes]\n"
	       "       ephvol status --audit [--json] [--output COLS] [--noheadings] [--raw]\n"
	       "       ephvol status --audit --format prometheus [--write FILE]\n"
	       "\n"
	       "List ephemeral volumes, found from the kernel's own state.\n"
	       "\n"
	       "  -a, --audit          every active swap area and the filesystems at /tmp and\n"
	       "                       /var/tmp, ephvol's or not: is their data protected?\n"
	       "  -J, --json           JSON: {\"volumes\": [...]} with every field\n"
	       "                       (with --audit: {\"audit\": [...]})\n"
	       "      --format FORMAT  table (the default), json (as --json), or with --audit\n"
	       "                       prometheus: the audit and every volume as metrics for\n"
	       "                       node_exporter's textfile collector\n"
	       "      --write FILE     with --format prometheus: replace FILE atomically (a\n"
	       "                       whole new file or none) instead of printing\n"
	       "  -o, --output COLS    columns to show, comma-separated (see below)\n"
	       "  -n, --noheadings     no header line\n"
	       "  -r, --raw            raw output, no alignment\n"
	       "  -b, --bytes          sizes in bytes\n"
	       "  -h, --help           show this help\n"
	       "\n"
	       "Columns: NAME BACKEND ROLE DEVICE BACKING SIZE CIPHER KEY_BITS SECTOR_SIZE\n"
	       "  KEY_LOCATION CIPHER_DRIVER CRYPT_FLAGS INTEGRITY MOUNTPOINT SWAP_PRIORITY\n"
	       "  COMP_ALGORITHM ORIG_DATA COMPR_DATA RATIO MEM_USED MEM_LIMIT WRITEBACK\n"
	       "  WRITEBACK_BACKING\n"
	       "  WRITEBACK_BYTES WRITEBACK_WRITTEN WRITEBACK_IDLE_AGE PROTECTION STATE\n"
	       "  OWNER_PID COMMAND\n"
	       "Audit columns: KIND PATH TYPE DEVICE VOLUME CIPHER PROTECTION REASON\n"
	       "  (all but CIPHER by default); PROTECTION is encrypted, ram-only,\n"
	       "  plaintext-on-disk or unknown\n");
}

/* --format prometheus: printed, or written to FILE whole or not at all, so that
 * node_exporter never serves half of it. */
static int status_metrics(struct ephvol_ctx *ctx, const char *file) {
	_cleanup_free_ char *text = NULL, *link = NULL;
	int r;

	r = ephvol_metrics_format(ctx, EPHVOL_METRICS_PROMETHEUS_TEXT, &text);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the swap areas and mounts: %m");
	if (!file) {
		fputs(text, stdout);
		return 0;
	}
	r = file_replace_trusted(file, text, &link);
	if (r == -EPERM && link)
		return log_refused(r,
		                   "Refusing to write %s: %s is a symbolic link that a user other "
		                   "than root could have planted.",
		                   file, link);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot write %s: %m", file);
	return 0;
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
		                                 { "format", required_argument, NULL, 'F' },
		                                 { "write", required_argument, NULL, 'W' },
		                                 {} };
	_cleanup_(ephvol_volume_list_freep) struct ephvol_volume **list = NULL;
	_cleanup_free_ struct ephvol_volume **selected = NULL;
	struct status_format f = { .headings = true };
	const char *cols = NULL, *format = NULL, *write = NULL;
	bool audit = false, prometheus = false;
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
		case 'F':
			format = optarg;
			break;
		case 'W':
			write = optarg;
			break;
		}
	if (c < 0)
		return c;

	if (format) {
		if (streq(format, "prometheus"))
			prometheus = true;
		else if (streq(format, "json"))
			f.json = true;
		else if (!streq(format, "table"))
			return log_usage("Unknown format '%s'; use table, json or prometheus.",
			                 format);
		if (f.json != streq(format, "json"))
			return log_usage("--json and --format %s contradict each other.", format);
	}
	if (prometheus && !audit)
		return log_usage("--format prometheus is the audit's: ephvol status --audit "
		                 "--format prometheus.");
	if (prometheus && (cols || !f.headings || f.raw || f.bytes))
		return log_usage("--format prometheus has no columns: it takes no --output, "
		                 "--noheadings, --raw or --bytes.");
	if (write && !prometheus)
		return log_usage("--write FILE is for --format prometheus.");
	if (write && write[0] != '/')
		return log_usage("--write needs an absolute path, not '%s'.", write);

	if (audit && optind < argc)
		return log_usage("--audit looks at the whole system; it takes no volume names "
		                 "('%s').",
		                 argv[optind]);
	if (prometheus)
		return status_metrics(ctx, write);
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
