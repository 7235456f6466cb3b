/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "step.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "macro.h"
#include "parse.h"

static unsigned n_steps;

/* The phase under way: its name (a string literal) and when it began. */
static const char *phase;
static struct timespec started, phase_started;

static double ms_between(const struct timespec *a, const struct timespec *b) {
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

void timeline_start(void) {
	(void)clock_gettime(CLOCK_MONOTONIC, &started);
	phase_started = started;
	phase = "start";
}

void timeline_mark(const char *name) {
	struct timespec now;

	if (!phase)
		return;
	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	log_debug("Timeline: %s %.2f ms", phase, ms_between(&phase_started, &now));
	phase = name;
	phase_started = now;
}

void timeline_end(void) {
	struct timespec now;

	/* Only a verb that marked something has a timeline worth printing. */
	if (!phase || streq(phase, "start"))
		return;
	timeline_mark(NULL);
	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	log_debug("Timeline: total %.2f ms", ms_between(&started, &now));
	phase = NULL;
}

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
	timeline_mark(name);
	log_debug("Step %u: %s", n_steps, name);
	test_hook_step(n_steps, name);
}
