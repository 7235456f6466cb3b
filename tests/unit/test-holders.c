/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/holders.c: who keeps a filesystem busy. Fixture trees under
 * tests/fixtures/holders (proc/PID/{comm,cwd,root,exe,fd/N,maps}, links as symlinks)
 * test the path comparison; forked children holding a temporary directory test the
 * st_dev comparison on the live /proc.
 */
#include "unit.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "holders.h"

#define UNTOUCHED ((char *)"untouched")

/* ---- path_is_below ---- */

static void test_path_is_below(void **state) {
	(void)state;
	assert_true(path_is_below("/mnt/a", "/mnt/a"));
	assert_true(path_is_below("/mnt/a/x", "/mnt/a"));
	assert_true(path_is_below("/mnt/a/x/y", "/mnt/a"));
	assert_true(path_is_below("/mnt/a/", "/mnt/a"));
	assert_true(path_is_below("/mnt/a/x (deleted)", "/mnt/a"));
	/* a sibling whose name merely starts with the same letters */
	assert_false(path_is_below("/mnt/ab", "/mnt/a"));
	assert_false(path_is_below("/mnt/ab/x", "/mnt/a"));
	assert_false(path_is_below("/mnt/a (deleted)", "/mnt/a"));
	assert_false(path_is_below("/mnt", "/mnt/a"));
	assert_false(path_is_below("/", "/mnt/a"));
	assert_false(path_is_below("/mnt/b/a", "/mnt/a"));
	/* trailing slashes on dir do not matter */
	assert_true(path_is_below("/mnt/a", "/mnt/a/"));
	assert_true(path_is_below("/mnt/a/x", "/mnt/a//"));
	assert_false(path_is_below("/mnt/ab", "/mnt/a/"));
	/* "/" contains every absolute path and nothing else */
	assert_true(path_is_below("/", "/"));
	assert_true(path_is_below("/x", "/"));
	assert_true(path_is_below("/x", "//"));
	assert_false(path_is_below("", "/"));
	assert_false(path_is_below("pipe:[1234]", "/"));
	/* link targets that are not paths */
	assert_false(path_is_below("socket:[5]", "/mnt/a"));
	assert_false(path_is_below("anon_inode:[eventfd]", "/mnt/a"));
	assert_false(path_is_below("", "/mnt/a"));
	/* an empty dir contains nothing */
	assert_false(path_is_below("/mnt/a", ""));
	assert_false(path_is_below("", ""));
}

/* ---- fixture trees ---- */

/* mount_holders() on tests/fixtures/holders/SUB; expects r, and text when r == 0. */
static void expect_holders(const char *sub, const char *mountpoint, int r, const char *expected) {
	char *root = unit_fixture_path(sub), *text = UNTOUCHED;

	assert_non_null(root);
	assert_int_equal(mount_holders(root, mountpoint, 0, &text), r);
	if (r < 0)
		assert_ptr_equal(text, UNTOUCHED);
	else if (!expected)
		assert_null(text);
	else {
		assert_non_null(text);
		assert_string_equal(text, expected);
	}
	if (text != UNTOUCHED)
		free(text);
	free(root);
}

static void test_fixture_each_kind_of_hold(void **state) {
	(void)state;
	/* 35 maps a library, 61 runs an executable, 100 has its cwd, 2000 an open
	 * (deleted) file, 9000 its root there. Not 400 (everything at /mnt/ab), 7 or 2
	 * (elsewhere), 77 (no comm: exited), 12x and self (not PIDs). Exactly
	 * HOLDERS_SHOWN, so nothing is left out. */
	expect_holders("holders/basic", "/mnt/a", 0,
	               "PID 35 (python3), PID 61 (tool), PID 100 (bash), PID 2000 (sleep), "
	               "PID 9000 (chrooted)");
	expect_holders("holders/basic", "/mnt/a/", 0,
	               "PID 35 (python3), PID 61 (tool), PID 100 (bash), PID 2000 (sleep), "
	               "PID 9000 (chrooted)");
}

static void test_fixture_prefix_is_not_below(void **state) {
	(void)state;
	/* 400's cwd, fd and mapping are at /mnt/ab; /mnt/a's holders are not below it */
	expect_holders("holders/basic", "/mnt/ab", 0, "PID 400 (cat)");
	expect_holders("holders/basic", "/mnt/a/work", 0, "PID 100 (bash)");
	expect_holders("holders/basic", "/mnt/a/lib", 0, "PID 35 (python3)");
}

static void test_fixture_nobody(void **state) {
	(void)state;
	expect_holders("holders/basic", "/nowhere", 0, NULL);
	expect_holders("holders/basic", "/mnt/a/work/x", 0, NULL);
	expect_holders("holders/basic", "/mn", 0, NULL);
}

static void test_fixture_truncated_and_sorted(void **state) {
	(void)state;
	/* Seven holders in directory order, not PID order; 1000 sorts after 300 as a
	 * number. 40's comm has an escape sequence, which must not reach a terminal. */
	expect_holders("holders/many", "/srv/scratch", 0,
	               "PID 5 (init), PID 40 (evil?[31m), PID 300 (make), PID 1000 (cc1), "
	               "PID 1001 (as), and 2 more");
	/* five: all shown */
	expect_holders("holders/many", "/srv/scratch/build", 0,
	               "PID 300 (make), PID 1000 (cc1), PID 1001 (as), PID 20000 (ld), "
	               "PID 4194304 (tail)");
	expect_holders("holders/many", "/srv/scratch2", 0, "PID 3 (unrelated)");
	/* six: one more than shown, and 9000 is the one left out */
	expect_holders("holders/basic", "/mnt", 0,
	               "PID 35 (python3), PID 61 (tool), PID 100 (bash), PID 400 (cat), "
	               "PID 2000 (sleep), and 1 more");
}

static void test_fixture_unreadable_link(void **state) {
	(void)state;
	/* 10's cwd is a regular file: readlink() says EINVAL. That does not hide 11... */
	expect_holders("holders/broken", "/mnt/a", 0, "PID 11 (bash)");
	/* ...but without holders it must not be reported as "nobody". */
	expect_holders("holders/broken", "/nowhere", -EINVAL, NULL);
}

static void test_bad_arguments(void **state) {
	char *root = unit_fixture_path("holders/basic"), *text = UNTOUCHED;

	(void)state;
	assert_non_null(root);
	assert_int_equal(mount_holders(root, NULL, 0, &text), -EINVAL);
	assert_int_equal(mount_holders(root, "/mnt/a", 0, NULL), -EINVAL);
	assert_ptr_equal(text, UNTOUCHED);
	free(root);
	assert_int_equal(mount_holders("/nonexistent-ephvol-root", "/mnt/a", 0, &text), -ENOENT);
	assert_ptr_equal(text, UNTOUCHED);
}

/* ---- the live system ---- */

enum hold { HOLD_FD, HOLD_CWD, HOLD_MAP };

#define N_CHILDREN 3

struct live {
	char dir[PATH_MAX], file[PATH_MAX + 8];
	int fd; /* the test's own hold, which must not count */
	dev_t dev;
	pid_t children[N_CHILDREN];
};

/* A tmpfs like /dev/shm is usually held by nobody, so the children are shown; on
 * the root filesystem lower PIDs (init, kernel threads) may fill the list first. */
static int live_setup(void **state) {
	static const char *const bases[] = { "/dev/shm", NULL, "/tmp" };
	struct live *l = calloc(1, sizeof(*l));
	struct stat st;

	if (!l)
		return -1;
	l->fd = -1;
	for (size_t i = 0; i < ELEMENTSOF(bases) && !l->dir[0]; i++) {
		const char *base = bases[i] ?: getenv("TMPDIR");

		if (!base || !*base)
			continue;
		snprintf(l->dir, sizeof(l->dir), "%s/ephvol-holders-XXXXXX", base);
		if (!mkdtemp(l->dir))
			l->dir[0] = 0;
	}
	if (!l->dir[0]) {
		free(l);
		return -1;
	}
	snprintf(l->file, sizeof(l->file), "%s/data", l->dir);
	l->fd = open(l->file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (l->fd < 0 || write(l->fd, "held\n", 5) != 5 || fstat(l->fd, &st) < 0) {
		rmdir(l->dir);
		free(l);
		return -1;
	}
	l->dev = st.st_dev;
	*state = l;
	return 0;
}

static void live_kill_children(struct live *l) {
	for (size_t i = 0; i < N_CHILDREN; i++)
		if (l->children[i] > 0) {
			kill(l->children[i], SIGKILL);
			waitpid(l->children[i], NULL, 0);
			l->children[i] = 0;
		}
}

static int live_teardown(void **state) {
	struct live *l = *state;

	live_kill_children(l);
	if (l->fd >= 0)
		close(l->fd);
	unlink(l->file);
	rmdir(l->dir);
	free(l);
	return 0;
}

/* A child that holds l->dir as `how` says, names itself comm, says so through a
 * pipe and waits to be killed. */
static pid_t spawn_holder(const struct live *l, enum hold how, const char *comm) {
	int p[2], fd;
	pid_t pid;
	char c;

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		switch (how) {
		case HOLD_FD:
			if (open(l->file, O_RDONLY | O_CLOEXEC) < 0)
				_exit(1);
			break;
		case HOLD_CWD:
			if (chdir(l->dir) < 0)
				_exit(1);
			break;
		case HOLD_MAP:
			/* the mapping outlives the fd, so only maps shows it */
			fd = open(l->file, O_RDONLY | O_CLOEXEC);
			if (fd < 0 || mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED)
				_exit(1);
			close(fd);
			break;
		}
		/* the parent's own fd must not be the reason this child is found */
		close(l->fd);
		if (prctl(PR_SET_NAME, comm) < 0 || write(p[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	return pid;
}

static bool text_names_pid(const char *text, pid_t pid) {
	char needle[32];

	snprintf(needle, sizeof(needle), "PID %d (", (int)pid);
	return text && strstr(text, needle);
}

/* "PID pid (comm)" is in text, or left out only because HOLDERS_SHOWN lower PIDs
 * come first, as the sort order says. */
static void assert_listed(const char *text, pid_t pid, const char *comm) {
	char needle[64];
	unsigned shown = 0;

	assert_non_null(text);
	snprintf(needle, sizeof(needle), "PID %d (%s)", (int)pid, comm);
	if (strstr(text, needle))
		return;
	for (const char *p = text; (p = strstr(p, "PID ")); p += 4, shown++)
		assert_true(strtol(p + 4, NULL, 10) < pid);
	assert_int_equal(shown, HOLDERS_SHOWN);
	assert_non_null(strstr(text, " more"));
	print_message("holders: %s is busy; child %d is past the first %d: %s\n", needle, (int)pid,
	              HOLDERS_SHOWN, text);
}

static void test_live(void **state) {
	static const char *const comms[N_CHILDREN] = { "holder-fd", "holder-cwd", "holder-map" };
	struct live *l = *state;
	char *text = UNTOUCHED;

	/* The test itself has the file open: it does not count. */
	assert_int_equal(mount_holders("/", l->dir, l->dev, &text), 0);
	assert_false(text_names_pid(text, getpid()));
	free(text);

	for (size_t i = 0; i < N_CHILDREN; i++)
		l->children[i] = spawn_holder(l, (enum hold)i, comms[i]);

	text = UNTOUCHED;
	assert_int_equal(mount_holders("/", l->dir, l->dev, &text), 0);
	for (size_t i = 0; i < N_CHILDREN; i++)
		assert_listed(text, l->children[i], comms[i]);
	assert_false(text_names_pid(text, getpid()));
	free(text);

	/* NULL is the live system too */
	text = UNTOUCHED;
	assert_int_equal(mount_holders(NULL, l->dir, l->dev, &text), 0);
	for (size_t i = 0; i < N_CHILDREN; i++)
		assert_listed(text, l->children[i], comms[i]);
	free(text);

	/* gone once they exit */
	{
		pid_t gone[N_CHILDREN];

		memcpy(gone, l->children, sizeof(gone));
		live_kill_children(l);
		text = UNTOUCHED;
		assert_int_equal(mount_holders("/", l->dir, l->dev, &text), 0);
		for (size_t i = 0; i < N_CHILDREN; i++)
			assert_false(text_names_pid(text, gone[i]));
		free(text);
	}
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_is_below),
		cmocka_unit_test(test_fixture_each_kind_of_hold),
		cmocka_unit_test(test_fixture_prefix_is_not_below),
		cmocka_unit_test(test_fixture_nobody),
		cmocka_unit_test(test_fixture_truncated_and_sorted),
		cmocka_unit_test(test_fixture_unreadable_link),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test_setup_teardown(test_live, live_setup, live_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
