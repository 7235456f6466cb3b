/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int max_level = LOG_NOTICE;
/* The exit status of the first failure logged: that is where the command decided. */
static int failure_status;

static void note_failure(int status) {
	if (failure_status == 0)
		failure_status = status;
}

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

static const char prefix[] = "ephvol: ";

static void log_va(int level, int error, const char *format, va_list ap) {
	char fmt[1024], line[sizeof(prefix) + 8192];
	int n;

	if (level > max_level)
		return;
	expand_m(fmt, sizeof(fmt), format, error);
	/* One write per line: stderr is unbuffered, and a line written whole is not torn
	 * apart by another writer to the same journal stream. */
	memcpy(line, prefix, sizeof(prefix) - 1);
	n = vsnprintf(line + sizeof(prefix) - 1, sizeof(line) - sizeof(prefix), fmt, ap);
	if (n < 0)
		return;
	n += (int)sizeof(prefix) - 1;
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n] = '\n';
	line[n + 1] = 0;
	fputs(line, stderr);
}

/* Logging leaves errno as it was: a caller may still want it. */
static void log_va_keep_errno(int level, int error, const char *format, va_list ap) {
	int saved = errno;

	log_va(level, error, format, ap);
	errno = saved;
}

int log_internal(int level, int error, const char *format, ...) {
	va_list ap;

	if (level <= LOG_ERR)
		note_failure(EXIT_RUNTIME);
	va_start(ap, format);
	log_va_keep_errno(level, error, format, ap);
	va_end(ap);
	return error;
}

int log_failure(int status, int error, const char *format, ...) {
	va_list ap;

	note_failure(status);
	va_start(ap, format);
	log_va_keep_errno(LOG_ERR, error, format, ap);
	va_end(ap);
	if (error < 0)
		return error;
	return status == EXIT_USAGE ? -EINVAL : status == EXIT_REFUSED ? -EPERM : -EIO;
}

int log_exit_status(int r) {
	if (r >= 0)
		return r;
	/* Every failure says why in one line; a path that forgot to is a bug, not silence. */
	if (failure_status == 0)
		log_internal(LOG_ERR, r, "Failed: %m");
	return failure_status;
}

void log_libephvol(void *userdata _unused_, int priority _unused_, const char *file _unused_,
                   int line _unused_, const char *fn _unused_, const char *format, va_list args) {
	va_list copy;

	/* Debug detail only (-v): whatever the library reports, the command decides what
	 * failed and says so itself, in one line. */
	va_copy(copy, args);
	log_va(LOG_DEBUG, 0, format, copy);
	va_end(copy);
}

int log_option_error(int c, int opt, const char *arg, const char *verb) {
	char shortopt[3] = { '-', (char)opt, 0 };
	/* For a long option optopt is its value, not what was typed: name the word. */
	const char *name = strncmp(arg, "--", 2) == 0 ? arg : shortopt;
	const char *space = verb ? " " : "";

	verb = verb ?: "";
	if (c == ':')
		return log_usage("Option '%s' needs an argument; see 'ephvol%s%s --help'.", name,
		                 space, verb);
	return log_usage("Option '%s' is not known or takes no argument; see 'ephvol%s%s --help'.",
	                 name, space, verb);
}
