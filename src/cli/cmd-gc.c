/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gc: the volumes of `ephvol run`s that are gone. Each run record (run-record.h) is
 * taken under its lock, so two gcs never reclaim one volume twice, and a name is free
 * for a new run only once its record is removed, after its volume is destroyed.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "log.h"
#include "run-record.h"
#include "strv.h"
#include "sys.h"
#include "verbs.h"

static void gc_help(void) {
	printf("Usage: ephvol gc [-q]\n"
	       "\n"
	       "Destroy the volumes of 'ephvol run' jobs whose ephvol process is gone (killed,\n"
	       "or its machine's PID reused since): key wiped, device removed.\n"
	       "\n"
	       "  -q, --quiet  print nothing on success\n"
	       "  -h, --help   show this help\n");
}

/* 1 if NAME's volume was reclaimed, 0 if its owner lives (or another gc has it). */
static int gc_one(struct ephvol_ctx *ctx, const char *name, bool print) {
	_cleanup_free_ char *text = NULL;
	_cleanup_close_ int fd = -EBADF;
	struct run_record rec;
	int r;

	r = record_lock(RUN_RECORD_DIR, name, &fd, &text);
	if (r == -EWOULDBLOCK || r == -ENOENT)
		return 0;
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the run record of %s: %m", name);
	r = run_record_parse(text, &rec);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Run record %s/%s is not one ephvol wrote.",
		                RUN_RECORD_DIR, name);
	r = run_owner_alive("/", rec.pid, rec.start_time);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r,
		                "Cannot tell whether PID %d, owner of %s, lives: %m", (int)rec.pid,
		                name);
	if (r > 0)
		return 0;

	/* Its own line below says what happened. */
	r = destroy_name_silently(ctx, name, true);
	if (r != 0)
		return r;
	r = record_remove(RUN_RECORD_DIR, name);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to remove the run record of %s: %m", name);
	if (print && !arg_quiet)
		printf("Reclaimed volume %s of PID %d (%s).\n", name, (int)rec.pid, rec.command);
	return 1;
}

int gc_run_volumes(struct ephvol_ctx *ctx, bool print) {
	_cleanup_(strv_freep) char **names = NULL;
	int r, ret = 0, n = 0;

	r = record_list(RUN_RECORD_DIR, &names);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot list %s: %m", RUN_RECORD_DIR);
	/* Go on after a failure: every orphan holds memory or disk. */
	for (char **name = names; *name; name++) {
		if (!ephvol_volume_is_valid_name(*name))
			continue;
		r = gc_one(ctx, *name, print);
		if (r < 0)
			ret = ret ?: r;
		else
			n += r;
	}
	return ret < 0 ? ret : n;
}

int verb_gc(struct ephvol_ctx *ctx, int argc, char **argv) {
	static const struct option options[] = { GLOBAL_OPTIONS,
		                                 { "help", no_argument, NULL, 'h' },
		                                 {} };
	int c, r;

	verb_getopt_begin();
	while ((c = verb_getopt(argc, argv, GLOBAL_SHORTOPTS "h", options, "gc")) > 0)
		if (c == 'h') {
			gc_help();
			return 0;
		}
	if (c < 0)
		return c;
	if (optind < argc)
		return log_usage("Unexpected argument '%s'; gc takes none.", argv[optind]);
	if (geteuid() != 0)
		return log_fail(EXIT_RUNTIME, -EPERM, "Reclaiming volumes needs root privileges.");

	r = gc_run_volumes(ctx, true);
	return r < 0 ? r : 0;
}
