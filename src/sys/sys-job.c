/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sys-job.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "macro.h"
#include "parse.h"
#include "sys.h"

void job_signals(sigset_t *ret) {
	sigemptyset(ret);
	sigaddset(ret, SIGINT);
	sigaddset(ret, SIGTERM);
	sigaddset(ret, SIGHUP);
	sigaddset(ret, SIGQUIT);
	sigaddset(ret, SIGUSR1);
	sigaddset(ret, SIGUSR2);
}

static struct rlimit saved_core_limit;

/* A wait status as a shell reports it: the exit code, or 128+N for signal N. */
static int exit_status(int wstatus) {
	return WIFEXITED(wstatus)     ? WEXITSTATUS(wstatus)
	       : WIFSIGNALED(wstatus) ? 128 + WTERMSIG(wstatus)
	                              : 1;
}

void job_prepare(void) {
	sigset_t mask;

	job_signals(&mask);
	(void)sigprocmask(SIG_BLOCK, &mask, NULL);
	if (getrlimit(RLIMIT_CORE, &saved_core_limit) < 0)
		saved_core_limit = (struct rlimit){ 0, 0 };
}

int job_name_generate(char *buf, size_t size) {
	uint8_t b[4];

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return -EIO;
	return snprintf(buf, size, "run-%02x%02x%02x%02x", b[0], b[1], b[2], b[3]) < (int)size
	               ? 0
	               : -ENOBUFS;
}

int job_user_resolve(const char *user, struct job_user *ret) {
	struct job_user u = {};
	struct passwd *pw;
	uint64_t n;
	int ngroups = 0;

	errno = 0;
	if (parse_u64(user, &n) == 0 && n < UINT32_MAX)
		pw = getpwuid((uid_t)n);
	else
		pw = getpwnam(user);
	if (!pw)
		return errno > 0 ? -errno : -ESRCH;
	u.uid = pw->pw_uid;
	u.gid = pw->pw_gid;
	u.name = strdup(pw->pw_name);
	u.home = strdup(pw->pw_dir);
	u.shell = strdup(pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh");
	if (!u.name || !u.home || !u.shell) {
		job_user_done(&u);
		return -ENOMEM;
	}
	/* initgroups(3)'s list, learned here: the job's process must not load NSS. */
	(void)getgrouplist(u.name, u.gid, NULL, &ngroups);
	u.groups = calloc((size_t)ngroups + 1, sizeof(gid_t));
	if (!u.groups || getgrouplist(u.name, u.gid, u.groups, &ngroups) < 0) {
		job_user_done(&u);
		return -ENOMEM;
	}
	u.n_groups = ngroups;
	*ret = u;
	return 0;
}

void job_user_done(struct job_user *u) {
	free(u->groups);
	free(u->name);
	free(u->home);
	free(u->shell);
	*u = (struct job_user){};
}

/* In the namespace's init and the job, before the job runs: one failure, for ephvol
 * to print, then exit. */
static _noreturn_ _printf_(4, 5) void fail(int fd, int error, int status, const char *format, ...) {
	struct job_error e = { .error = error, .status = status };
	va_list ap;

	va_start(ap, format);
	vsnprintf(e.what, sizeof(e.what), format, ap);
	va_end(ap);
	(void)!write(fd, &e, sizeof(e));
	_exit(status);
}

static _noreturn_ void job_exec(const struct job_spec *spec, const char *cwd, int cwd_fd,
                                int err_fd) {
	const struct job_user *u = spec->user;
	sigset_t none;

	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	(void)setrlimit(RLIMIT_CORE, &saved_core_limit);
	if (u) {
		/* All of root goes: groups, then gid, then uid (real, effective, saved),
		 * which also clears every capability. */
		if (setgroups((size_t)u->n_groups, u->groups) < 0 ||
		    setresgid(u->gid, u->gid, u->gid) < 0 || setresuid(u->uid, u->uid, u->uid) < 0)
			fail(err_fd, errno, 1, "cannot become user %s", u->name);
		if (setenv("HOME", u->home, 1) < 0 || setenv("USER", u->name, 1) < 0 ||
		    setenv("LOGNAME", u->name, 1) < 0 || setenv("SHELL", u->shell, 1) < 0)
			fail(err_fd, ENOMEM, 1, "cannot set the environment");
	}
	if (setenv("TMPDIR", "/tmp", 1) < 0)
		fail(err_fd, ENOMEM, 1, "cannot set the environment");
	/* Entered again: a volume mounted over the directory (--at .) is seen through.
	 * Where a scratch directory hides it (a job started below /tmp), the one it was. */
	if (chdir(cwd) < 0 && (errno != ENOENT || fchdir(cwd_fd) < 0))
		fail(err_fd, errno, 1, "cannot enter the working directory %s%s%s", cwd,
		     u ? " as user " : "", u ? u->name : "");
	execvp(spec->argv[0], spec->argv);
	fail(err_fd, errno, errno == ENOENT ? 127 : 126, "cannot execute %s", spec->argv[0]);
}

static int open_mount_point(const char *path, const char *cwd, int *ret_fd, char **ret_link) {
	_cleanup_free_ char *abs = NULL;
	struct stat st;
	int r;

	abs = path[0] == '/' ? strdup(path) : path_join(cwd, path);
	if (!abs)
		return -ENOMEM;
	r = path_open_trusted(abs, false, ret_fd, NULL, ret_link);
	if (r < 0)
		return r;
	if (fstat(*ret_fd, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

/* The job's own namespace: private mounts, its /proc, the volume on each scratch
 * directory. Then the job, and this process stays as the namespace's init. */
static int job_reap(pid_t main_pid, int *ret_status);

static _noreturn_ void job_init(const struct job_spec *spec, const char *cwd, int err_fd,
                                int alive_fd) {
	size_t n = 0;
	int fds[64], status = 1, sfd, cwd_fd;
	_cleanup_free_ char *reason = NULL;
	sigset_t mask;
	pid_t pid;
	int r;

	/* ephvol's death is ours, and with ours the whole job's. ephvol may have died
	 * before the line above took effect: then its end of the pipe is closed. */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (poll(&(struct pollfd){ .fd = alive_fd, .events = POLLIN }, 1, 0) != 0)
		_exit(1);

	cwd_fd = open(cwd, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cwd_fd < 0)
		fail(err_fd, errno, 1, "cannot open the working directory %s", cwd);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		fail(err_fd, errno, 1, "cannot make the job's mounts private");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		fail(err_fd, errno, 1, "cannot mount the job's /proc");
	for (char **p = spec->mount_points; *p; p++) {
		_cleanup_free_ char *link = NULL;

		if (n >= ELEMENTSOF(fds))
			fail(err_fd, E2BIG, 2, "too many mount points");
		r = open_mount_point(*p, cwd, &fds[n], &link);
		if (r == -EPERM && link)
			fail(err_fd, EPERM, 3,
			     "refusing to mount on %s: %s is a symbolic link that a user other "
			     "than "
			     "root could have planted",
			     *p, link);
		if (r < 0)
			fail(err_fd, -r, r == -ENOENT || r == -ENOTDIR ? 2 : 1, "mount point %s",
			     *p);
		n++;
	}
	r = fs_mount_fds(spec->device, fds, n, spec->fstype, spec->mount_options, spec->mode,
	                 spec->uid, spec->gid, &reason);
	if (r < 0)
		fail(err_fd, -r, 1, "cannot mount %s in the job's namespace%s%s", spec->device,
		     reason ? ": " : "", reason ?: "");
	for (size_t i = 0; i < n; i++)
		(void)close(fds[i]);

	job_signals(&mask);
	sigaddset(&mask, SIGCHLD);
	(void)sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0)
		fail(err_fd, errno, 1, "cannot watch signals");
	pid = fork();
	if (pid < 0)
		fail(err_fd, errno, 1, "cannot start the job");
	if (pid == 0)
		job_exec(spec, cwd, cwd_fd, err_fd);
	(void)close(err_fd);

	for (;;) {
		struct signalfd_siginfo si;

		if (read(sfd, &si, sizeof(si)) != sizeof(si)) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		if (si.ssi_signo == SIGCHLD) {
			if (job_reap(pid, &status) > 0)
				_exit(status);
			continue;
		}
		/* A terminal's signal (SI_KERNEL) has reached the job's process group
		 * already; only one sent to us by a process is passed on. */
		if (si.ssi_code != SI_KERNEL)
			(void)kill(pid, (int)si.ssi_signo);
	}
}

/* Reaps every child that ended; 1 and the job's status once MAIN_PID is among them. */
static int job_reap(pid_t main_pid, int *ret_status) {
	int status, found = 0;
	pid_t p;

	while ((p = waitpid(-1, &status, WNOHANG)) > 0)
		if (p == main_pid) {
			*ret_status = exit_status(status);
			found = 1;
		}
	return found;
}

int job_start(const struct job_spec *spec, struct job *ret, struct job_error *err) {
	_cleanup_close_ int err_r = -EBADF, err_w = -EBADF, alive_r = -EBADF, alive_w = -EBADF;
	char cwd[PATH_MAX];
	struct job_error e = {};
	sigset_t mask;
	ssize_t k;
	pid_t pid;
	int p[2];

	/* Before the child exists: none of its signals may be missed, by it or by us. */
	job_signals(&mask);
	sigaddset(&mask, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -errno;

	if (!getcwd(cwd, sizeof(cwd))) {
		*err = (struct job_error){ .error = errno, .status = 1 };
		snprintf(err->what, sizeof(err->what), "cannot tell the working directory");
		return -err->error;
	}
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	err_r = p[0];
	err_w = p[1];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	alive_r = p[0];
	alive_w = p[1];

	fflush(stdout);
	fflush(stderr);
	/* fork(2) with two new namespaces for the child, as systemd's raw_clone(). */
	pid = (pid_t)syscall(SYS_clone, SIGCHLD | CLONE_NEWNS | CLONE_NEWPID, NULL, NULL, NULL,
	                     NULL);
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		(void)close(err_r);
		(void)close(alive_w);
		job_init(spec, cwd, err_w, alive_r);
	}
	err_w = safe_close(err_w);
	/* Until the job has exec'd (or failed to), the pipe says how its start went. */
	while ((k = read(err_r, &e, sizeof(e))) < 0 && errno == EINTR)
		;
	if (k == (ssize_t)sizeof(e)) {
		int status;

		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		e.what[sizeof(e.what) - 1] = '\0';
		*err = e;
		return -(e.error ?: EIO);
	}
	ret->pid = pid;
	ret->alive_fd = TAKE_FD(alive_w);
	return 0;
}

int job_wait(struct job *j, int *ret_status) {
	_cleanup_close_ int sfd = -EBADF;
	sigset_t mask;

	job_signals(&mask);
	sigaddset(&mask, SIGCHLD);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0)
		return -errno;
	for (;;) {
		struct signalfd_siginfo si;
		int status;
		pid_t p;

		/* SIGCHLD may have come before the signalfd: look first. */
		p = waitpid(j->pid, &status, WNOHANG);
		if (p < 0 && errno != EINTR)
			return -errno;
		if (p == j->pid) {
			*ret_status = exit_status(status);
			j->alive_fd = safe_close(j->alive_fd);
			return 0;
		}
		if (read(sfd, &si, sizeof(si)) != sizeof(si)) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (si.ssi_signo != SIGCHLD && si.ssi_code != SI_KERNEL)
			(void)kill(j->pid, (int)si.ssi_signo);
	}
}
