/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the tests of src/cli/create-options.c share. Included once per test binary, after
 * unit.h. */

#include "create-options.h"
#include "log.h"

#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)

/* create_options_parse(argc, argv, o) on a literal argument list. */
#define PARSE(o, ...) create_options_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (o))

/* Usage errors are logged on stderr; keep the test output readable. */
static inline int quiet_setup(void **state) {
	(void)state;
	log_set_max_level(-1);
	return 0;
}
