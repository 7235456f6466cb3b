/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/conf.c: the configuration parser, on text as it could be in any file. */
#include "fuzz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "macro.h"

#define FILE1 "/etc/ephvol.conf.d/fuzz.conf"
#define FILE2 "/run/ephvol.conf.d/fuzz.conf"

/* Every failure but running out of memory is one line that names the file. */
static void check_error(int r, const char *error, const char *file) {
	if (r == -ENOMEM)
		return;
	if (r != -EINVAL && r != -EFBIG)
		abort();
	if (!error || strncmp(error, file, strlen(file)) != 0 || error[strlen(file)] != ':' ||
	    strchr(error, '\n'))
		abort();
}

static void check_volume(const struct conf_volume *v) {
	_cleanup_(strv_freep) char **argv = NULL;
	_cleanup_free_ char *error = NULL;
	const char *file;
	unsigned line;
	int r;

	/* The source of a value in effect is always one of the two files. */
	if (conf_volume_get(v, "role") &&
	    (conf_volume_get_source(v, "role", &file, &line) < 0 || line == 0 ||
	     (!streq(file, FILE1) && !streq(file, FILE2))))
		abort();
	(void)conf_volume_get_bool(v, "nofail");

	r = conf_volume_to_argv(v, &argv, &error);
	if (r < 0) {
		if (r != -ENOMEM &&
		    (r != -EINVAL || !error || error[0] != '/' || strchr(error, '\n')))
			abort();
		return;
	}
	if (error || !argv[0] || !streq(argv[0], "create") || !argv[1] ||
	    !streq(argv[1], conf_volume_name(v)) || !argv[2])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	_cleanup_(conf_freep) struct conf *c = NULL;
	_cleanup_free_ char *error = NULL;
	int r;

	c = conf_new();
	if (!c)
		return 0;
	r = conf_parse_string(c, (const char *)data, size, FILE1, &error);
	if (r < 0) {
		check_error(r, error, FILE1);
		return 0;
	}
	if (error)
		abort();

	/* The same text as a second file overrides every key it sets, which is no error
	 * ("set twice" is within one file), and adds no section. */
	{
		size_t n = conf_n_volumes(c);

		r = conf_parse_string(c, (const char *)data, size, FILE2, &error);
		if (r == -ENOMEM)
			return 0;
		if (r < 0 || error || conf_n_volumes(c) != n)
			abort();
	}

	for (size_t i = 0; i < conf_n_volumes(c); i++) {
		const struct conf_volume *v = conf_volume_by_index(c, i);

		if (!v || conf_volume_by_name(c, conf_volume_name(v)) != v)
			abort();
		check_volume(v);
	}
	if (conf_volume_by_index(c, conf_n_volumes(c)))
		abort();
	return 0;
}
