/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdbool.h>
#include <syslog.h>

#include "log.h"
#include "verb-getopt.h"

bool arg_quiet = false;

void verb_getopt_begin(void) {
	optind = 0;
	opterr = 0;
}

/* 1 if C was a global option (and is now in effect), else 0. */
int global_option(int c) {
	switch (c) {
	case 'q':
		arg_quiet = true;
		return 1;
	case 'v':
		log_set_max_level(LOG_DEBUG);
		return 1;
	default:
		return 0;
	}
}

int verb_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
                const char *verb) {
	int c;

	do
		c = getopt_long(argc, argv, shortopts, longopts, NULL);
	while (global_option(c));
	if (c < 0)
		return 0;
	if (c == '?' || c == ':')
		return log_option_error(c, optopt, argv[optind - 1], verb);
	return c;
}
