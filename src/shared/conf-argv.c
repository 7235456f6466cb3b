/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A configured volume as the arguments of `ephvol create`, after the checks that need several
 * keys. */
#include "conf-internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "file:line: " of the key at fault, then the message. */
static _printf_(4, 5) int key_error(const struct conf_volume *v, enum volume_option_id k,
                                    char **ret_error, const char *format, ...) {
	va_list ap;
	int r;

	va_start(ap, format);
	r = conf_verror_at(ret_error, v->values[k].file, v->values[k].line, format, ap);
	va_end(ap);
	return r;
}

struct argv_builder {
	char **v;
	size_t n;
};

static int argv_add(struct argv_builder *b, const char *s) {
	char *copy = strdup(s);

	if (!copy)
		return -ENOMEM;
	b->v[b->n++] = copy;
	return 0;
}

static int argv_add_option(struct argv_builder *b, const char *key, const char *value) {
	char *s;

	if (asprintf(&s, "--%s", key) < 0)
		return -ENOMEM;
	b->v[b->n++] = s;
	return value ? argv_add(b, value) : 0;
}

/* The size, once the backend is known: as --zram judges it, or as --size does for the file. */
static int size_check(const struct conf_volume *v, bool zram, char **ret_error) {
	const struct conf_value *cv = &v->values[VOLUME_OPTION_SIZE_KEY];
	const struct volume_option *opt =
	        &volume_options[zram ? VOLUME_OPTION_ZRAM : VOLUME_OPTION_SIZE];
	struct volume_option_error e = {};
	union volume_value value;
	char q[QUOTE_BUF];
	int r;

	r = opt->parse(cv->value, &value, &e);
	if (r == -ENOMEM)
		return conf_oom(ret_error);
	if (r < 0 && zram)
		return conf_value_error(ret_error, cv->file, cv->line, VOLUME_OPTION_SIZE_KEY,
		                        cv->value, v->name, &e);
	if (r < 0)
		return key_error(v, VOLUME_OPTION_SIZE_KEY, ret_error,
		                 "invalid size '%s' for file in [%s]%s", conf_quote(cv->value, q),
		                 v->name, e.reason);
	if (!zram && value.bytes % 4096)
		return key_error(
		        v, VOLUME_OPTION_SIZE_KEY, ret_error,
		        "invalid size '%s' for file in [%s]: expected a multiple of 4096 bytes",
		        conf_quote(cv->value, q), v->name);
	return 0;
}

static int volume_check(const struct conf_volume *v, bool *ret_disk, char **ret_error) {
	const char *role = v->values[VOLUME_OPTION_ROLE].value,
	           *backend = v->values[VOLUME_OPTION_BACKEND].value;
	const char *mount = v->values[VOLUME_OPTION_MOUNT].value,
	           *size = v->values[VOLUME_OPTION_SIZE_KEY].value;
	bool device = v->values[VOLUME_OPTION_DEVICE].value,
	     file = v->values[VOLUME_OPTION_FILE].value;
	const char *name = v->name;
	char q[QUOTE_BUF];
	bool disk;

	if (!role)
		return conf_error(ret_error, "%s:%u: no role in [%s]: set role = swap, tmp or raw",
		                  v->file, v->line, name);
	if (streq(role, "tmp") && !mount)
		return key_error(v, VOLUME_OPTION_ROLE, ret_error,
		                 "role tmp in [%s] needs mount = DIR", name);
	if (mount && !streq(role, "tmp"))
		return key_error(v, VOLUME_OPTION_MOUNT, ret_error,
		                 "mount in [%s] applies to role tmp only, not %s", name, role);

	disk = backend ? streq(backend, "disk") : device || file;
	if (disk && !device && !file)
		return key_error(v, VOLUME_OPTION_BACKEND, ret_error,
		                 "backend disk in [%s] needs device or file", name);
	if (!disk && (device || file))
		return key_error(v, device ? VOLUME_OPTION_DEVICE : VOLUME_OPTION_FILE, ret_error,
		                 "%s in [%s] applies to backend disk only",
		                 device ? "device" : "file", name);
	if (device && file) {
		/* Blame the later line: that is most likely the one just added. */
		const struct conf_value *d = &v->values[VOLUME_OPTION_DEVICE],
		                        *f = &v->values[VOLUME_OPTION_FILE];
		bool file_later =
		        f->file_id > d->file_id || (f->file_id == d->file_id && f->line > d->line);

		return key_error(v, file_later ? VOLUME_OPTION_FILE : VOLUME_OPTION_DEVICE,
		                 ret_error, "device and file in [%s] exclude each other", name);
	}
	if (size && disk && !file)
		return key_error(v, VOLUME_OPTION_SIZE_KEY, ret_error,
		                 "size in [%s] applies to backend zram or to file, not to device",
		                 name);
	if (size) {
		int r = size_check(v, !disk, ret_error);

		if (r < 0)
			return r;
	}
	for (size_t k = 0; k < _VOLUME_OPTION_MAX; k++)
		if (volume_options[k].boolean && v->values[k].value &&
		    conf_parse_boolean(v->values[k].value) < 0)
			return key_error(v, (enum volume_option_id)k, ret_error,
			                 "invalid value '%s' for %s in [%s]",
			                 conf_quote(v->values[k].value, q), volume_options[k].key,
			                 name);
	*ret_disk = disk;
	return 0;
}

static int build_argv(const struct conf_volume *v, bool disk, struct argv_builder *b) {
	const char *role = v->values[VOLUME_OPTION_ROLE].value;
	const char *size = v->values[VOLUME_OPTION_SIZE_KEY].value;
	int r;

	if (argv_add(b, "create") < 0 || argv_add(b, v->name) < 0)
		return -ENOMEM;

	if (streq(role, "swap"))
		r = argv_add_option(b, "swap", NULL);
	else if (streq(role, "tmp"))
		r = argv_add_option(b, "mount", v->values[VOLUME_OPTION_MOUNT].value);
	else
		r = argv_add_option(b, "raw", NULL);
	if (r < 0)
		return r;

	if (!disk && size) {
		char *s;

		/* getopt knows an optional argument only in the "=" spelling. */
		if (asprintf(&s, "--zram=%s", size) < 0)
			return -ENOMEM;
		b->v[b->n++] = s;
	} else if (!disk)
		r = argv_add_option(b, "zram", NULL);
	else if (v->values[VOLUME_OPTION_DEVICE].value)
		r = argv_add_option(b, "device", v->values[VOLUME_OPTION_DEVICE].value);
	else {
		r = argv_add_option(b, "file", v->values[VOLUME_OPTION_FILE].value);
		if (r >= 0 && size)
			r = argv_add_option(b, "size", size);
	}
	if (r < 0)
		return r;

	for (size_t k = 0; k < _VOLUME_OPTION_MAX; k++) {
		const char *value = v->values[k].value;

		if (!value)
			continue;
		if (volume_options[k].conf_argv == VOLUME_ARGV_VALUE)
			r = argv_add_option(b, volume_options[k].key, value);
		else if (volume_options[k].conf_argv == VOLUME_ARGV_FLAG &&
		         conf_parse_boolean(value) > 0)
			r = argv_add_option(b, volume_options[k].key, NULL);
		if (r < 0)
			return r;
	}
	return 0;
}

int conf_volume_to_argv(const struct conf_volume *v, char ***ret_argv, char **ret_error) {
	/* "create" NAME, two words of role, three of backend, two per other key, NULL. */
	_cleanup_(strv_freep) char **argv = NULL;
	struct argv_builder b;
	bool disk;
	int r;

	if (!v || !ret_argv)
		return conf_error(ret_error, "conf_volume_to_argv: invalid arguments");
	r = volume_check(v, &disk, ret_error);
	if (r < 0)
		return r;

	argv = calloc(2 + 2 + 4 + 2 * _VOLUME_OPTION_MAX + 1, sizeof(char *));
	if (!argv)
		return conf_oom(ret_error);
	b = (struct argv_builder){ .v = argv };
	r = build_argv(v, disk, &b);
	if (r < 0)
		return conf_oom(ret_error);

	*ret_argv = TAKE_PTR(argv);
	return 0;
}
