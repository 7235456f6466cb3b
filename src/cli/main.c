/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "step.h"
#include "sys.h"
#include "verbs.h"
#include "version-features.h"

static const struct verb {
	const char *name;
	int (*run)(struct ephvol_ctx *ctx, int argc, char **argv);
} verbs[] = {
	{ "create", verb_create }, { "destroy", verb_destroy }, { "status", verb_status },
	{ "claim", verb_claim },   { "probe", verb_probe },     { "writeback", verb_writeback },
	{ "up", verb_up },         { "down", verb_down },       { "bench", verb_bench },
	{ "run", verb_run },       { "gc", verb_gc },
};

static void help(void) {
	printf("Usage: ephvol [OPTIONS] COMMAND [ARGS...]\n"
	       "\n"
	       "Ephemeral encrypted scratch volumes: swap and temporary filesystems whose\n"
	       "contents are gone for good once destroyed, because the only key lived in RAM.\n"
	       "\n"
	       "Commands:\n"
	       "  create NAME (--swap | --mount DIR | --raw) [--zram [SIZE] | --device PATH |\n"
	       "                                            --file PATH]\n"
	       "  destroy NAME... | --all\n"
	       "  up [NAME...]           create the volumes of ephvol.conf(5) not yet there\n"
	       "  down [NAME...]         destroy the configured volumes that are there\n"
	       "  status [NAME...] [--json]\n"
	       "  writeback NAME... [--idle | --huge | --huge-idle | --all]\n"
	       "  claim DEVICE --label LABEL\n"
	       "  probe DEVICE           (for udev: print a device's claim)\n"
	       "  bench [--json] [--cipher SPEC]...  CPU features, cipher and zram speeds\n"
	       "  run [OPTIONS] [--] COMMAND [ARG...]\n"
	       "                         run COMMAND on a private scratch volume, then destroy it\n"
	       "  gc                     destroy the volumes of runs whose ephvol is gone\n"
	       "\n"
	       "Options:\n"
	       "  -q, --quiet      print nothing on success\n"
	       "  -v, --verbose    print debug messages\n"
	       "  -h, --help       show this help\n"
	       "  -V, --version    show the version, and what this build and kernel can do\n"
	       "\n"
	       "'ephvol COMMAND --help' describes each command. Exit status: 0 success,\n"
	       "1 failure, 2 usage or configuration error, 3 refused to protect data.\n");
}

/* Line 1 is for scripts that parse the version; line 2 lists the features, the way
 * `systemctl --version` does: +NAME available, -NAME not, ?NAME cannot be told. */
static int version(void) {
	_cleanup_(features_done) struct features f = {};
	_cleanup_free_ char *line = NULL;
	int r;

	/* The version line comes first and whatever happens next. */
	printf("ephvol %s\n", EPHVOL_VERSION);
	r = features_probe(&f);
	if (r >= 0)
		r = features_format(&f, &line);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot tell the features of this system: %m");
	printf("%s\n", line);
	return 0;
}

static int run(int argc, char **argv) {
	static const struct option options[] = { GLOBAL_OPTIONS,
		                                 { "help", no_argument, NULL, 'h' },
		                                 { "version", no_argument, NULL, 'V' },
		                                 {} };
	_cleanup_(ephvol_ctx_unrefp) struct ephvol_ctx *ctx = NULL;
	int c, r;

	/* '+': stop at the command; its own options are parsed by the verb. */
	verb_getopt_begin();
	while ((c = verb_getopt(argc, argv, "+" GLOBAL_SHORTOPTS "hV", options, NULL)) > 0)
		switch (c) {
		case 'h':
			help();
			return 0;
		case 'V':
			return version();
		}
	if (c < 0)
		return c;

	if (optind >= argc)
		return log_usage("Missing command; see 'ephvol --help'.");

	r = ephvol_ctx_new(&ctx);
	if (r < 0)
		return log_error_errno(r, "Cannot create the library context: %m");
	/* Everything the library says reaches our log, which filters it: a -v after the
	 * verb is only known once the verb has read its options. */
	ephvol_ctx_set_log_fn(ctx, log_libephvol, NULL);
	ephvol_ctx_set_log_priority(ctx, LOG_DEBUG);

	for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
		if (streq(argv[optind], verbs[i].name))
			return verbs[i].run(ctx, argc - optind, argv + optind);

	return log_usage("Unknown command '%s'; see 'ephvol --help'.", argv[optind]);
}

int main(int argc, char **argv) {
	int r;

	timeline_start();
	r = run(argc, argv);
	timeline_end();
	return log_exit_status(r);
}
