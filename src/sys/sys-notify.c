/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The service manager's readiness notification, sd_notify(3)'s protocol without
 * libsystemd: one datagram to the AF_UNIX socket $NOTIFY_SOCKET names, a path or
 * ('@') an abstract name. systemd documents the protocol as stable for other
 * implementations; the receiver's SO_PASSCRED gives it our PID, so there is nothing
 * else to send.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "macro.h"
#include "sys.h"

int notify_send(const char *message) {
	const char *e = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = -EBADF;
	size_t len, mlen = strlen(message);
	socklen_t salen;

	if (!e || !*e)
		return 0;
	len = strlen(e);
	if ((e[0] != '/' && e[0] != '@') || len < 2 || len >= sizeof(sa.sun_path))
		return -EAFNOSUPPORT;
	memcpy(sa.sun_path, e, len);
	if (e[0] == '@')
		sa.sun_path[0] = 0; /* abstract: no terminating NUL counts */
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (e[0] == '/'));

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (sendto(fd, message, mlen, MSG_NOSIGNAL, (struct sockaddr *)&sa, salen) < 0)
		return -errno;
	return 1;
}
