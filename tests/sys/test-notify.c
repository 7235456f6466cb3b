/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/sys/sys-notify.c notify_send(), to sockets of this test's own, bound as systemd
 * binds its notification socket (SO_PASSCRED): the message arrives whole, with our
 * PID, at a path and at an abstract name; no socket is no message and no error. */
#include "unit.h"

#include <sys/socket.h>
#include <sys/un.h>

#include "macro.h"
#include "sys.h"

/* A datagram socket bound at ADDR (LEN bytes of sun_path), as systemd's. */
static int receiver(const char *path, size_t len) {
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), one = 1;

	assert_true(fd >= 0);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)), 0);
	memcpy(sa.sun_path, path, len);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa,
	                      (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)),
	                 0);
	return fd;
}

/* The one datagram waiting on FD: its text and the sender's PID. */
static void assert_received(int fd, const char *expected) {
	char buf[256], control[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = { buf, sizeof(buf) - 1 };
	struct msghdr mh = { .msg_iov = &iov,
		             .msg_iovlen = 1,
		             .msg_control = control,
		             .msg_controllen = sizeof(control) };
	struct cmsghdr *c;
	struct ucred cred;
	ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);

	assert_true(n >= 0);
	buf[n] = 0;
	assert_string_equal(buf, expected);
	c = CMSG_FIRSTHDR(&mh);
	assert_non_null(c);
	assert_int_equal(c->cmsg_type, SCM_CREDENTIALS);
	memcpy(&cred, CMSG_DATA(c), sizeof(cred));
	assert_int_equal(cred.pid, getpid());
	/* nothing more */
	assert_int_equal(recv(fd, buf, sizeof(buf), MSG_DONTWAIT), -1);
	assert_int_equal(errno, EAGAIN);
}

static void test_path(void **state) {
	char dir[] = "/tmp/ephvol-notify-XXXXXX", path[64];
	_cleanup_close_ int fd = -EBADF;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/notify", dir);
	fd = receiver(path, strlen(path) + 1);
	assert_int_equal(setenv("NOTIFY_SOCKET", path, 1), 0);
	assert_int_equal(notify_send("READY=1"), 1);
	assert_received(fd, "READY=1");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	/* gone: the error, not a crash */
	assert_int_equal(notify_send("READY=1"), -ENOENT);
}

static void test_abstract(void **state) {
	char name[64];
	_cleanup_close_ int fd = -EBADF;

	(void)state;
	snprintf(name, sizeof(name), "@ephvol-notify-test-%d", (int)getpid());
	name[0] = 0;
	fd = receiver(name, strlen(name + 1) + 1);
	name[0] = '@';
	assert_int_equal(setenv("NOTIFY_SOCKET", name, 1), 0);
	assert_int_equal(notify_send("READY=1\nSTATUS=x"), 1);
	assert_received(fd, "READY=1\nSTATUS=x");
}

static void test_none(void **state) {
	(void)state;
	assert_int_equal(unsetenv("NOTIFY_SOCKET"), 0);
	assert_int_equal(notify_send("READY=1"), 0);
	assert_int_equal(setenv("NOTIFY_SOCKET", "", 1), 0);
	assert_int_equal(notify_send("READY=1"), 0);
	/* neither a path nor an abstract name (vsock: is a later systemd's) */
	assert_int_equal(setenv("NOTIFY_SOCKET", "run/notify", 1), 0);
	assert_int_equal(notify_send("READY=1"), -EAFNOSUPPORT);
	assert_int_equal(setenv("NOTIFY_SOCKET", "@", 1), 0);
	assert_int_equal(notify_send("READY=1"), -EAFNOSUPPORT);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_abstract),
		cmocka_unit_test(test_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
