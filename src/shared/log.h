/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdarg.h>
#include <syslog.h>

#include "macro.h"

/* Exit statuses of the command line contract (docs/contract.md). */
#define EXIT_RUNTIME 1
#define EXIT_USAGE   2
#define EXIT_REFUSED 3

void log_set_max_level(int level);
int log_get_max_level(void);

/* Prints "ephvol: MESSAGE" on stderr if level is enabled. "%m" in format means
 * strerror(-error) (or errno when error is 0). Returns error, so a caller can write
 * `return log_error_errno(r, "Failed to activate %s: %m", name);`. An error-level line
 * is a runtime failure (exit 1) unless an earlier one said otherwise. */
int log_internal(int level, int error, const char *format, ...) _printf_(3, 4);

#define log_debug(...)            log_internal(LOG_DEBUG, 0, __VA_ARGS__)
#define log_info(...)             log_internal(LOG_INFO, 0, __VA_ARGS__)
#define log_notice(...)           log_internal(LOG_NOTICE, 0, __VA_ARGS__)
#define log_warning(...)          log_internal(LOG_WARNING, 0, __VA_ARGS__)
#define log_error(...)            log_internal(LOG_ERR, 0, __VA_ARGS__)
#define log_debug_errno(e, ...)   log_internal(LOG_DEBUG, (e), __VA_ARGS__)
#define log_warning_errno(e, ...) log_internal(LOG_WARNING, (e), __VA_ARGS__)
#define log_error_errno(e, ...)   log_internal(LOG_ERR, (e), __VA_ARGS__)

/*
 * The command's one error convention, as systemd's main-func: every function returns 0
 * (or a documented count) or a negative errno. A failure is logged once, in one line,
 * where the command decides it failed, and that log call also says which exit status
 * of the contract it means: log_error_errno() a runtime failure (1), log_usage() bad
 * usage (2), log_refused() a refusal to touch data (3). main() maps the verb's result
 * to the process's exit status once, with log_exit_status().
 */
int log_failure(int status, int error, const char *format, ...) _printf_(3, 4);
#define log_fail(status, e, ...) log_failure((status), (e), __VA_ARGS__)
#define log_usage(...)           log_failure(EXIT_USAGE, 0, __VA_ARGS__)
#define log_usage_errno(e, ...)  log_failure(EXIT_USAGE, (e), __VA_ARGS__)
#define log_refused(e, ...)      log_failure(EXIT_REFUSED, (e), __VA_ARGS__)
/* 0 or a positive status for R >= 0 (a verb's own verdict, e.g. probe's "not ours");
 * for a failure, the exit status of the first failure logged. */
int log_exit_status(int r);

/* Routes libephvol's diagnostics through this log, as debug messages (-v). */
void log_libephvol(void *userdata, int priority, const char *file, int line, const char *fn,
                   const char *format, va_list args);

/* One line for a getopt_long() error: c is ':' (missing argument) or '?'
 * (unknown option, or an argument given to one that takes none); arg is the
 * offending argv word. "verb" names the --help to point at. A usage failure: returns
 * -EINVAL. */
int log_option_error(int c, int opt, const char *arg, const char *verb);
