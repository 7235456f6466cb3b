/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/log.c: the command's one error convention. A failure is logged once, by
 * the call that says which exit status it means; the first one decides. Each case runs
 * in a child: the failure noted is the process's. */
#include "unit.h"

#include <sys/wait.h>

#include "log.h"

/* Runs FN in a child whose stderr is captured; its exit status, and what it printed. */
static int in_child(int (*fn)(void), char **ret_stderr) {
	struct unit_capture c;
	int status;
	pid_t pid;

	capture_begin(&c, STDERR_FILENO);
	pid = fork();
	if (pid == 0)
		_exit(log_exit_status(fn()));
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	*ret_stderr = capture_end(&c);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int ok(void) {
	return 0;
}
static int verdict(void) {
	return 1; /* probe: not ours */
}
static int runtime(void) {
	return log_error_errno(-ENOENT, "No volume named %s.", "x");
}
static int usage(void) {
	return log_usage("Unknown column in '%s'.", "bogus");
}
static int refused(void) {
	return log_refused(-EMLINK, "Refusing to use %s: %m", "/f");
}
static int refused_then_rollback(void) {
	int r = log_refused(0, "Refusing %s.", "/dev/vdb");

	log_error("Rollback: cannot remove %s.", "x"); /* later lines do not change it */
	return r;
}
static int unlogged(void) {
	return -EBUSY; /* a bug: still one line, and a failure */
}
static int option_error(void) {
	char *argv[] = { (char *)"status", (char *)"--bogus", NULL };

	return log_option_error('?', 0, argv[1], "status");
}

static void test_exit_status(void **state) {
	static const struct {
		int (*fn)(void);
		int status;
		const char *line;
	} cases[] = {
		{ ok, 0, "" },
		{ verdict, 1, "" },
		{ runtime, 1, "ephvol: No volume named x.\n" },
		{ usage, 2, "ephvol: Unknown column in 'bogus'.\n" },
		{ refused, 3, "ephvol: Refusing to use /f: Too many links\n" },
		{ refused_then_rollback, 3,
		  "ephvol: Refusing /dev/vdb.\nephvol: Rollback: cannot remove x.\n" },
		{ unlogged, 1, "ephvol: Failed: Device or resource busy\n" },
		{ option_error, 2,
		  "ephvol: Option '--bogus' is not known or takes no argument; see 'ephvol status "
		  "--help'.\n" },
	};

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
		char *err = NULL;

		assert_int_equal(in_child(cases[i].fn, &err), cases[i].status);
		assert_string_equal(err, cases[i].line);
		free(err);
	}
}

/* The value returned is a negative errno: the one given, else one for the kind. */
static void test_returns_errno(void **state) {
	struct unit_capture c;

	(void)state;
	capture_begin(&c, STDERR_FILENO);
	assert_int_equal(log_usage("u"), -EINVAL);
	assert_int_equal(log_usage_errno(-ENOTDIR, "u"), -ENOTDIR);
	assert_int_equal(log_refused(0, "r"), -EPERM);
	assert_int_equal(log_fail(EXIT_RUNTIME, 0, "f"), -EIO);
	assert_int_equal(log_error_errno(-ENOENT, "e"), -ENOENT);
	free(capture_end(&c));
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_returns_errno),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
