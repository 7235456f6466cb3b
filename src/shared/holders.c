/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "holders.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dir-util.h"
#include "fileio.h"
#include "macro.h"
#include "parse.h"
#include "proc-parse.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(FILE *, fclose);

struct holder {
	pid_t pid;
	char comm[64]; /* 15 bytes for most tasks, longer for workqueue threads */
};

struct scan {
	const char *mountpoint;
	dev_t fs_dev;
	bool live;
	/* device_holders(): the block device, and the mount namespaces seen so far */
	bool device_mode;
	dev_t blk_dev;
	ino_t self_ns;
	ino_t seen_ns[64];
	size_t n_seen_ns;
	char *line; /* getline() buffer for maps, shared by all processes */
	size_t line_size;
	struct holder shown[HOLDERS_SHOWN]; /* the lowest PIDs so far, ascending */
	size_t n_shown, n_total;
	int error; /* the first thing we could not tell, see unknown() */
};

bool path_is_below(const char *path, const char *dir) {
	size_t n = strlen(dir);

	if (n == 0)
		return false;
	while (n > 0 && dir[n - 1] == '/')
		n--;
	/* dir "/" is left with n == 0 and then needs path[0] == '/', like any other dir. */
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || (n > 0 && path[n] == 0));
}

/* Processes exit and fds close while we look, and other users' processes are
 * ptrace-protected unless we are root: such links are skipped silently. Any other
 * error (a dead FUSE mount elsewhere answering ENOTCONN, ENOMEM) leaves one link
 * unknown: the scan goes on, since the holders it finds are still worth naming, but
 * it may no longer claim that nobody holds the filesystem. Returns "not held". */
static bool unknown(struct scan *s, int r) {
	if (r != -ENOENT && r != -ESRCH && r != -EACCES && r != -EPERM && s->error == 0)
		s->error = r;
	return false;
}

/* AT_STATX_DONT_SYNC: a hung NFS mount elsewhere must not hang the error path of
 * destroy; its cached attributes name its device just as well. */
static int live_dev(int dir_fd, const char *path, dev_t *ret) {
	struct statx stx;

	if (statx(dir_fd, path, AT_STATX_DONT_SYNC, 0, &stx) < 0)
		return -errno;
	*ret = makedev(stx.stx_dev_major, stx.stx_dev_minor);
	return 0;
}

/* Whether fd/N is the block device node itself (an open, not a mount). */
static bool link_is_device(struct scan *s, int dir_fd, const char *name) {
	struct statx stx;

	if (statx(dir_fd, name, AT_STATX_DONT_SYNC, STATX_TYPE, &stx) < 0)
		return unknown(s, -errno);
	return S_ISBLK(stx.stx_mode) &&
	       makedev(stx.stx_rdev_major, stx.stx_rdev_minor) == s->blk_dev;
}

/* Whether the link name in dir_fd (cwd, root, exe, fd/N) points into the filesystem. */
static bool link_holds(struct scan *s, int dir_fd, const char *name) {
	char target[PATH_MAX];
	ssize_t n;
	dev_t dev;
	int r;

	if (s->device_mode)
		return link_is_device(s, dir_fd, name);
	if (s->live) {
		/* Following the magic link reaches the open file itself, deleted or not. */
		r = live_dev(dir_fd, name, &dev);
		if (r < 0)
			return unknown(s, r);
		return dev == s->fs_dev;
	}

	n = readlinkat(dir_fd, name, target, sizeof(target) - 1);
	if (n < 0)
		return unknown(s, -errno);
	/* A target cut at PATH_MAX - 1 bytes is still longer than any mountpoint, so its
	 * prefix answers the question as well as the whole would. */
	target[n] = 0;
	return path_is_below(target, s->mountpoint);
}

static bool fds_hold(struct scan *s, int pid_fd) {
	_cleanup_(closedirp) DIR *d = NULL;
	struct dirent *de;
	int fd;

	fd = openat(pid_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return unknown(s, -errno);
	d = fdopendir(fd);
	if (!d) {
		safe_close(fd); /* keeps errno */
		return unknown(s, -errno);
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de)
			return errno != 0 ? unknown(s, -errno) : false;
		if (de->d_name[0] != '.' && link_holds(s, dirfd(d), de->d_name))
			return true;
	}
}

/* One maps line: "start-end perms offset major:minor inode   path". */
static bool maps_line_holds(const struct scan *s, char *line) {
	unsigned major, minor;
	const char *p;
	dev_t dev;

	if (parse_maps_line(line, &major, &minor, &p) < 0 || !p)
		return false; /* not a mapping, or an anonymous one */

	if (!s->live)
		return path_is_below(p, s->mountpoint);
	if (makedev(major, minor) == s->fs_dev)
		return true;
	/* The column is the superblock's device; btrfs gives stat() a per-subvolume
	 * device instead. Ask stat() about the path then, but only for paths that can
	 * be ours: this runs for few lines, and a nested mount below mountpoint is
	 * still told apart by its device. */
	return path_is_below(p, s->mountpoint) && live_dev(AT_FDCWD, p, &dev) == 0 &&
	       dev == s->fs_dev;
}

/* /proc/PID/NAME as a stream; NULL with errno if it cannot be opened. */
static FILE *proc_fopen_errno(int pid_fd, const char *name) {
	int fd = openat(pid_fd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "r");
	if (!f)
		safe_close(fd); /* keeps errno */
	return f;
}

/* The same, the error noted. */
static FILE *proc_fopen(struct scan *s, int pid_fd, const char *name) {
	FILE *f = proc_fopen_errno(pid_fd, name);

	if (!f)
		unknown(s, -errno);
	return f;
}

static bool maps_hold(struct scan *s, int pid_fd) {
	_cleanup_(fclosep) FILE *f = proc_fopen(s, pid_fd, "maps");

	if (!f)
		return false;
	while (getline(&s->line, &s->line_size, f) >= 0)
		if (maps_line_holds(s, s->line))
			return true;
	return ferror(f) ? unknown(s, negative_errno()) : false;
}

/* The first process met in a mount namespace other than ours stands for it: does
 * that namespace mount the device? (A mount there is invisible in our mountinfo.) */
static bool namespace_mounts(struct scan *s, int pid_fd) {
	_cleanup_(fclosep) FILE *f = NULL;
	struct stat st;

	if (fstatat(pid_fd, "ns/mnt", &st, 0) < 0)
		return unknown(s, -errno);
	if (st.st_ino == s->self_ns)
		return false;
	for (size_t i = 0; i < s->n_seen_ns; i++)
		if (s->seen_ns[i] == st.st_ino)
			return false;
	/* A task on its way out lets go of its namespaces after ns/mnt was read: the
	 * kernel then refuses its mountinfo with EINVAL (fs/proc_namespace.c). It mounts
	 * nothing any more, and its namespace is not "seen": another of its processes,
	 * if any, is read for it. (16 concurrent `ephvol run`s met this.) */
	f = proc_fopen_errno(pid_fd, "mountinfo");
	if (!f)
		return errno == EINVAL ? false : unknown(s, -errno);
	if (s->n_seen_ns < ELEMENTSOF(s->seen_ns))
		s->seen_ns[s->n_seen_ns++] = st.st_ino;
	while (getline(&s->line, &s->line_size, f) >= 0) {
		unsigned major, minor;

		/* "ID PARENT MAJOR:MINOR ..." */
		if (sscanf(s->line, "%*u %*u %u:%u", &major, &minor) == 2 &&
		    makedev(major, minor) == s->blk_dev)
			return true;
	}
	return ferror(f) ? unknown(s, negative_errno()) : false;
}

/* Cheapest first; the first hit decides. */
static bool process_holds(struct scan *s, int pid_fd) {
	if (s->device_mode)
		return fds_hold(s, pid_fd) || namespace_mounts(s, pid_fd);
	return link_holds(s, pid_fd, "cwd") || link_holds(s, pid_fd, "root") ||
	       link_holds(s, pid_fd, "exe") || fds_hold(s, pid_fd) || maps_hold(s, pid_fd);
}

/* Any task can set its comm to anything (prctl PR_SET_NAME); it must not put
 * control characters on root's terminal. */
static int read_comm(int pid_fd, char *buf, size_t size) {
	_cleanup_close_ int fd = -EBADF;
	ssize_t n;

	fd = openat(pid_fd, "comm", O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return 0;
}

/* Keeps the HOLDERS_SHOWN lowest PIDs in order without storing the others. */
static void holder_add(struct scan *s, pid_t pid, const char *comm) {
	size_t i;

	s->n_total++;
	if (s->n_shown == HOLDERS_SHOWN && pid > s->shown[HOLDERS_SHOWN - 1].pid)
		return;
	i = s->n_shown < HOLDERS_SHOWN ? s->n_shown++ : HOLDERS_SHOWN - 1;
	for (; i > 0 && s->shown[i - 1].pid > pid; i--)
		s->shown[i] = s->shown[i - 1];
	s->shown[i].pid = pid;
	snprintf(s->shown[i].comm, sizeof(s->shown[i].comm), "%s", comm);
}

static void scan_process(struct scan *s, int proc_fd, const char *name, pid_t pid) {
	_cleanup_close_ int pid_fd = -EBADF;
	char comm[sizeof(s->shown[0].comm)];
	int r;

	/* Everything below goes through this fd, so a process that exits during the scan
	 * makes the lookups fail instead of reading whoever reuses its PID. */
	pid_fd = openat(proc_fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pid_fd < 0) {
		unknown(s, -errno);
		return;
	}
	if (!process_holds(s, pid_fd))
		return;
	r = read_comm(pid_fd, comm, sizeof(comm));
	if (r < 0) {
		unknown(s, r);
		return;
	}
	holder_add(s, pid, comm);
}

static int holders_format(const struct scan *s, char **ret) {
	_cleanup_free_ char *text = NULL;
	size_t size = 0;
	FILE *f;
	bool failed;

	f = open_memstream(&text, &size);
	if (!f)
		return -ENOMEM;
	for (size_t i = 0; i < s->n_shown; i++)
		fprintf(f, "%sPID %d (%s)", i > 0 ? ", " : "", (int)s->shown[i].pid,
		        s->shown[i].comm);
	if (s->n_total > s->n_shown)
		fprintf(f, ", and %zu more", s->n_total - s->n_shown);
	failed = ferror(f);
	if (fclose(f) != 0 || failed)
		return -ENOMEM;
	*ret = TAKE_PTR(text);
	return 0;
}

static void scan_done(struct scan *s) {
	free(s->line);
}

static int scan_all(const char *root, struct scan *s, char **ret_text);

int mount_holders(const char *root, const char *mountpoint, dev_t fs_dev, char **ret_text) {
	_cleanup_(scan_done) struct scan s = {
		.mountpoint = mountpoint,
		.fs_dev = fs_dev,
		.live = !root || streq(root, "/"),
	};

	if (!mountpoint || !ret_text)
		return -EINVAL;
	return scan_all(root, &s, ret_text);
}

int device_holders(dev_t devnum, char **ret_text) {
	_cleanup_(scan_done) struct scan s = {
		.live = true,
		.device_mode = true,
		.blk_dev = devnum,
	};
	struct stat st;

	if (!ret_text)
		return -EINVAL;
	if (stat("/proc/self/ns/mnt", &st) < 0)
		return -errno;
	s.self_ns = st.st_ino;
	return scan_all("/", &s, ret_text);
}

static int scan_all(const char *root, struct scan *s, char **ret_text) {
	_cleanup_(closedirp) DIR *d = NULL;
	_cleanup_free_ char *proc = NULL;
	char *text = NULL;
	struct dirent *de;
	pid_t self = getpid();
	int fd, r;

	proc = path_rooted(root, "/proc");
	if (!proc)
		return -ENOMEM;
	fd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		safe_close(fd);
		return -errno;
	}

	for (;;) {
		uint64_t pid;

		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno != 0)
				return -errno;
			break;
		}
		if (parse_u64(de->d_name, &pid) < 0 || pid == 0 || pid > INT_MAX)
			continue; /* self, sys, meminfo, ... */
		if (s->live && (pid_t)pid == self)
			continue; /* it is about to unmount, not holding on */
		scan_process(s, dirfd(d), de->d_name, (pid_t)pid);
	}

	if (s->n_total > 0) {
		r = holders_format(s, &text);
		if (r < 0)
			return r;
	} else if (s->error < 0)
		return s->error;
	*ret_text = text;
	return 0;
}
