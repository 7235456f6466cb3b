/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the parts of the configuration share: conf.c (the object, its queries, the error
 * messages), conf-parse.c (one file's text), conf-load.c (the files and drop-ins) and
 * conf-argv.c (a volume as `ephvol create` arguments). */

#include <stdarg.h>

#include "conf.h"
#include "macro.h"
#include "volume-options.h"

/* How much of a key or value an error message quotes: the message goes to the boot log. */
#define QUOTE_MAX 64
#define QUOTE_BUF (QUOTE_MAX * 4 + 4)

struct conf_value {
	char *value;      /* NULL: unset, or reset by an empty value */
	const char *file; /* where it was last set or reset; owned by the conf */
	unsigned line;
	unsigned file_id; /* which conf_parse_string() call set it; 0 = none */
};

struct conf_volume {
	char *name;
	const char *file; /* where the section first appeared */
	unsigned line;
	struct conf_value values[_VOLUME_OPTION_MAX]; /* by enum volume_option_id */
};

struct conf {
	struct conf_volume **volumes;
	size_t n_volumes, allocated_volumes;
	/* One entry per conf_parse_string() call; values point into it. */
	char **files;
	size_t n_files;
};

/* The index of the volume NAME, or -ENOENT. */
int conf_volume_find(const struct conf *c, const char *name);

/* Every error path ends in one of these, which set *ret_error (ret_error may be NULL) and
 * return -EINVAL, the given error, -EFBIG, or -ENOMEM when even the message failed. */
_printf_(2, 3) int conf_error(char **ret_error, const char *format, ...);
int conf_error_errno(char **ret_error, int error, const char *path, const char *what);
int conf_oom(char **ret_error);
int conf_file_too_large(const char *path, char **ret_error);
/* "file:line: message". */
int conf_verror_at(char **ret_error, const char *file, unsigned line, const char *format,
                   va_list ap);
/* "file:line: invalid KEY 'VALUE' in [SECTION]: reason", for the value of key K that its
 * volume option refused with *e. */
int conf_value_error(char **ret_error, const char *file, unsigned line, enum volume_option_id k,
                     const char *value, const char *section, const struct volume_option_error *e);

/* S cut and with control characters escaped, into buf. */
const char *conf_quote(const char *s, char buf[QUOTE_BUF]);
/* The first byte below 0x20 or 0x7f (DEL), or NULL. */
const char *conf_find_control(const char *s);
