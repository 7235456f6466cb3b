/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int max_level = LOG_NOTICE;

void log_set_max_level(int level) {
	max_level = level;
}

int log_get_max_level(void) {
	return max_level;
}

/* Expands %m ourselves: the error is a negative errno we were handed, not errno. */
static void expand_m(char *out, size_t size, const char *format, int error) {
	const char *reason = strerror(error < 0 ? -error : error ? error : errno);
	size_t o = 0;

	for (const char *p = format; *p && o + 1 < size; p++) {
		if (p[0] == '%' && p[1] == 'm') {
			size_t l = strlen(reason);

			if (o + l >= size)
				l = size - o - 1;
			memcpy(out + o, reason, l);
			o += l;
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			if (o + 2 >= size)
				break;
			out[o++] = '%';
			out[o++] = '%';
			p++;
		} else
			out[o++] = *p;
	}
	out[o] = 0;
}

static void log_va(int level, int error, const char *format, va_list ap) {
	char fmt[1024];

	if (level > max_level)
		return;
	expand_m(fmt, sizeof(fmt), format, error);
	fputs("ephvol: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int log_internal(int level, int error, const char *format, ...) {
	int saved = errno;
	va_list ap;

	va_start(ap, format);
	errno = saved;
	log_va(level, error, format, ap);
	va_end(ap);
	errno = saved;
	return error;
}

void log_libephvol(void *userdata _unused_, int priority, const char *file _unused_,
                   int line _unused_, const char *fn _unused_, const char *format, va_list args) {
	va_list copy;

	va_copy(copy, args);
	log_va(priority, 0, format, copy);
	va_end(copy);
}

int log_option_error(int c, int opt, const char *arg, const char *verb) {
	char shortopt[3] = { '-', (char)opt, 0 };
	/* For a long option optopt is its value, not what was typed: name the word. */
	const char *name = strncmp(arg, "--", 2) == 0 ? arg : shortopt;
	const char *space = verb ? " " : "";

	verb = verb ?: "";
	if (c == ':')
		return log_error_errno(-EINVAL,
		                       "Option '%s' needs an argument; see 'ephvol%s%s --help'.",
		                       name, space, verb);
	return log_error_errno(
	        -EINVAL, "Option '%s' is not known or takes no argument; see 'ephvol%s%s --help'.",
	        name, space, verb);
}
