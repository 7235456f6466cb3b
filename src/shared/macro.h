/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define _cleanup_(f)   __attribute__((cleanup(f)))
#define _unused_       __attribute__((unused))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _noreturn_     __attribute__((noreturn))
#define _pure_         __attribute__((pure))
#define _public_       __attribute__((visibility("default")))
#define _likely_(x)    __builtin_expect(!!(x), 1)
#define _unlikely_(x)  __builtin_expect(!!(x), 0)

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))
#define STRLEN(s)     (sizeof(s) - 1)

/* Take ownership of a pointer: return it and leave NULL behind, so a
 * cleanup attribute on the original variable no longer frees it. */
#define TAKE_PTR(p)                                                                                \
	({                                                                                         \
		__typeof__(p) _p_ = (p);                                                           \
		(p) = NULL;                                                                        \
		_p_;                                                                               \
	})
#define TAKE_FD(fd)                                                                                \
	({                                                                                         \
		int _fd_ = (fd);                                                                   \
		(fd) = -EBADF;                                                                     \
		_fd_;                                                                              \
	})

static inline void *mfree(void *p) {
	free(p);
	return NULL;
}

static inline void freep(void *p) {
	free(*(void **)p);
}
#define _cleanup_free_ _cleanup_(freep)

static inline int safe_close(int fd) {
	if (fd >= 0) {
		int saved = errno;
		(void)close(fd);
		errno = saved;
	}
	return -EBADF;
}
static inline void closep(int *fd) {
	*fd = safe_close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

/* Declares a NULL-tolerant "xxxp" helper for a destructor that takes T*. */
#define DEFINE_TRIVIAL_CLEANUP_FUNC(type, func)                                                    \
	static inline void func##p(type *p) {                                                      \
		if (*p)                                                                            \
			func(*p);                                                                  \
	}

#define RET_NERRNO(expr)                                                                           \
	({                                                                                         \
		int _r_ = (expr);                                                                  \
		_r_ < 0 ? -errno : _r_;                                                            \
	})

/* errno is sometimes left 0 by libraries on failure; never report success by accident. */
static inline int negative_errno(void) {
	return errno > 0 ? -errno : -EIO;
}

static inline const char *strna(const char *s) {
	return s ?: "n/a";
}
static inline int streq_ptr(const char *a, const char *b) {
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}
#define streq(a, b) (strcmp((a), (b)) == 0)
