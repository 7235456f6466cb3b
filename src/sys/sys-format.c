/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "claim.h"
#include "log.h"
#include "swap-header.h"
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

/* *ret_reason for a refusal of format_swap(), which runs no tool that could say it. */
static int swap_fail(int r, char **ret_reason, const char *format, ...) _printf_(3, 4);
static int swap_fail(int r, char **ret_reason, const char *format, ...) {
	va_list ap;

	if (ret_reason) {
		va_start(ap, format);
		if (vasprintf(ret_reason, format, ap) < 0)
			*ret_reason = NULL;
		va_end(ap);
	}
	return r;
}

int format_swap(const char *device, uint8_t ret_uuid[16], char **ret_reason) {
	_cleanup_close_ int fd = -EBADF;
	_cleanup_free_ uint8_t *page = NULL;
	long pagesize = sysconf(_SC_PAGESIZE);
	uint8_t uuid[16];
	uint64_t size;
	struct stat st;
	ssize_t k;
	int r;

	if (pagesize <= 0)
		return -EINVAL;
	/* Exclusive, as mkswap opens it: a block device that is mounted, an active swap
	 * or held by another device is refused (EBUSY) before anything is written. */
	fd = open(device, O_RDWR | O_EXCL | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		r = -errno;
		if (r == -EBUSY)
			return swap_fail(r, ret_reason,
			                 "%s is in use (mounted, an active swap or held by "
			                 "another device)",
			                 device);
		return swap_fail(r, ret_reason, "cannot open %s: %s", device, strerror(-r));
	}
	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &size) < 0)
			return -errno;
	} else if (S_ISREG(st.st_mode))
		size = (uint64_t)st.st_size;
	else
		return swap_fail(-ENOTBLK, ret_reason,
		                 "%s is neither a block device nor a regular file", device);

	if (getrandom(uuid, sizeof(uuid), 0) != sizeof(uuid))
		return -EIO;
	uuid_make_v4(uuid);
	page = malloc((size_t)pagesize);
	if (!page)
		return -ENOMEM;
	r = swap_header_build(page, (size_t)pagesize, size, uuid, NULL);
	if (r == -ENOSPC)
		return swap_fail(r, ret_reason,
		                 "%s is too small for swap: %" PRIu64 " KiB, at least %ld KiB",
		                 device, size / 1024, SWAP_MIN_PAGES * pagesize / 1024);
	if (r < 0)
		return r;

	/* The whole first page: boot bits zeroed too, so no older signature there stays. */
	k = pwrite(fd, page, (size_t)pagesize, 0);
	if (k < 0)
		return -errno;
	if (k != pagesize)
		return -EIO;
	/* On the device before swapon(2) reads it, as mkswap makes sure: older kernels
	 * read the header past the page cache. */
	if (fsync(fd) < 0 || close(TAKE_FD(fd)) < 0)
		return -errno;
	if (ret_uuid)
		memcpy(ret_uuid, uuid, sizeof(uuid));
	return 0;
}

int format_fs(const char *device, const char *fstype, bool whole_inode_tables, char **ret_reason) {
	char prog[64];

	snprintf(prog, sizeof(prog), "/sbin/mkfs.%s", fstype);
	if (streq(fstype, "ext4") || streq(fstype, "ext2")) {
		/* Scratch space needs no journal, no reserved blocks and no discard pass
		 * (the device is new); inode tables are initialised lazily. Authenticated,
		 * every block mke2fs writes in part (a backup superblock: 1 KiB of a block)
		 * it reads first, and one never written reads as an error: no backups,
		 * which a volume that dies with its key has no use for, and the inode
		 * tables written whole. Nor room to
		 * grow (resize_inode): a volume lives at the size it was made, and its
		 * reserved group descriptor blocks cost 12% of mkfs on 4 GiB of zram. */
		const char *argv[] = {
			prog,
			"-q",
			device,
			"-F",
			"-m",
			"0",
			"-E",
			whole_inode_tables ? "nodiscard,lazy_itable_init=0,num_backup_sb=0"
			                   : "nodiscard,lazy_itable_init=1",
			"-O",
			whole_inode_tables ? (streq(fstype, "ext4")
			                              ? "^has_journal,^resize_inode,sparse_super2"
			                              : "^resize_inode,sparse_super2")
			                   : (streq(fstype, "ext4") ? "^has_journal,^resize_inode"
			                                            : "^resize_inode"),
			NULL
		};
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
