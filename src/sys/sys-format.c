/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "sys.h"

/* Programs run with a fixed, minimal environment: nothing of ours leaks into them. */
static char *const clean_env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL };

static _noreturn_ void exec_child(const char *const *argv, int err_fd) {
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0 ||
	    dup2(err_fd, STDERR_FILENO) < 0)
		_exit(127);
	execve(argv[0], (char *const *)argv, clean_env);
	/* Not found under the given path: let PATH decide, like a shell would. */
	execvpe(strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0], (char *const *)argv,
	        clean_env);
	dprintf(STDERR_FILENO, "%s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* The last non-empty line a failing tool printed is usually its reason. */
static char *last_line(char *buf) {
	char *end = buf + strlen(buf);

	while (end > buf && (end[-1] == '\n' || end[-1] == ' '))
		*--end = 0;
	char *nl = strrchr(buf, '\n');
	return strdup(nl ? nl + 1 : buf);
}

int run_program(const char *const *argv, char **ret_reason) {
	char buf[4096];
	size_t n = 0;
	int pipefd[2], status;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int r = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return r;
	}
	if (pid == 0)
		exec_child(argv, pipefd[1]);

	close(pipefd[1]);
	for (;;) {
		ssize_t k = read(pipefd[0], buf + n, sizeof(buf) - 1 - n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		n += (size_t)k;
		if (n == sizeof(buf) - 1) /* keep the tail, where the reason is */
			n = 0;
	}
	buf[n] = 0;
	close(pipefd[0]);

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;

	if (ret_reason) {
		_cleanup_free_ char *line = last_line(buf);

		/* asprintf() leaves its pointer undefined on failure: no reason then. */
		if (line && *line)
			*ret_reason = TAKE_PTR(line);
		else if (WIFEXITED(status)) {
			if (asprintf(ret_reason, "%s exited with status %d", argv[0],
			             WEXITSTATUS(status)) < 0)
				*ret_reason = NULL;
		} else if (asprintf(ret_reason, "%s killed by signal %d", argv[0],
		                    WTERMSIG(status)) < 0)
			*ret_reason = NULL;
	}
	return -EPROTO;
}

int format_swap(const char *device, char **ret_reason) {
	const char *argv[] = { "/sbin/mkswap", "--", device, NULL };

	return run_program(argv, ret_reason);
}

int format_fs(const char *device, const char *fstype, char **ret_reason) {
	char prog[64];

	snprintf(prog, sizeof(prog), "/sbin/mkfs.%s", fstype);
	if (streq(fstype, "ext4") || streq(fstype, "ext2")) {
		/* Scratch space needs no journal, no reserved blocks and no discard pass
		 * (the device is new); inode tables are initialised lazily. */
		const char *argv[] = { prog,
			               "-q",
			               device,
			               "-F",
			               "-m",
			               "0",
			               "-E",
			               "nodiscard,lazy_itable_init=1",
			               streq(fstype, "ext4") ? "-O" : NULL,
			               "^has_journal",
			               NULL };
		return run_program(argv, ret_reason);
	}
	if (streq(fstype, "xfs")) {
		const char *argv[] = { prog, "-q", "-f", "-K", device, NULL };
		return run_program(argv, ret_reason);
	}
	if (streq(fstype, "btrfs")) {
		const char *argv[] = { prog, "-q", "-f", "--nodiscard", device, NULL };
		return run_program(argv, ret_reason);
	}
	return -EOPNOTSUPP;
}
