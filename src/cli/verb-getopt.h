/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <getopt.h>

/* The global options, which work before the verb and after it (as with git and
 * systemctl): put these first in a verb's short and long option tables. */
#define GLOBAL_SHORTOPTS ":qv"
#define GLOBAL_OPTIONS                                                                             \
	{ "quiet", no_argument, NULL, 'q' }, {                                                     \
		"verbose", no_argument, NULL, 'v'                                                  \
	}

/* Quiet (-q): only errors and warnings. Set by main() or by a verb's -q. */
extern bool arg_quiet;

/* Sets up getopt_long() for a verb's argv (argv[0] is the verb). */
void verb_getopt_begin(void);
/* The verb's next option, with the global ones taken on the way: the option's
 * character, 0 after the last, or a negative errno once the usage error (an unknown
 * option, a missing argument) has been logged, naming 'ephvol VERB --help'. */
int verb_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
                const char *verb);
/* The same for main(), whose options come before the verb. */
int global_option(int c);
