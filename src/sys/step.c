/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "step.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "parse.h"

static unsigned n_steps;

#ifdef EPHVOL_TEST_HOOKS
static void test_hook_step(unsigned n, const char *name) {
	const char *log = getenv("EPHVOL_TEST_STEP_LOG"), *kill_at = getenv("EPHVOL_TEST_KILL_AT");
	unsigned at;

	if (log) {
		_cleanup_close_ int fd =
		        open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

		if (fd >= 0)
			dprintf(fd, "%u %s\n", n, name);
	}
	if (kill_at && parse_uint(kill_at, 10, &at) == 0 && at == n)
		(void)raise(SIGKILL);
}
#else
static void test_hook_step(unsigned n _unused_, const char *name _unused_) {
}
#endif

void step(const char *name) {
	n_steps++;
	log_debug("Step %u: %s", n_steps, name);
	test_hook_step(n_steps, name);
}
