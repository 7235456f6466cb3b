/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The configuration object, its queries, and the error messages of all its parts. */
#include "conf-internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conf *conf_new(void) {
	return calloc(1, sizeof(struct conf));
}

static void conf_volume_free(struct conf_volume *v) {
	if (!v)
		return;
	for (size_t k = 0; k < _VOLUME_OPTION_MAX; k++)
		free(v->values[k].value);
	free(v->name);
	free(v);
}

struct conf *conf_free(struct conf *c) {
	if (!c)
		return NULL;
	for (size_t i = 0; i < c->n_volumes; i++)
		conf_volume_free(c->volumes[i]);
	free(c->volumes);
	for (size_t i = 0; i < c->n_files; i++)
		free(c->files[i]);
	free(c->files);
	free(c);
	return NULL;
}

int conf_volume_find(const struct conf *c, const char *name) {
	for (size_t i = 0; i < c->n_volumes; i++)
		if (streq(c->volumes[i]->name, name))
			return (int)i;
	return -ENOENT;
}

/* -ENOMEM when even the message fails: then the caller has nothing to print and should say so. */
_printf_(2, 3) int conf_error(char **ret_error, const char *format, ...) {
	va_list ap;
	char *s;
	int k;

	va_start(ap, format);
	k = vasprintf(&s, format, ap);
	va_end(ap);
	if (k < 0) {
		if (ret_error)
			*ret_error = NULL;
		return -ENOMEM;
	}
	if (ret_error)
		*ret_error = s;
	else
		free(s);
	return -EINVAL;
}

int conf_error_errno(char **ret_error, int error, const char *path, const char *what) {
	int r;

	errno = -error;
	r = conf_error(ret_error, "%s: %s: %m", path, what);
	return r == -ENOMEM ? r : error;
}

int conf_oom(char **ret_error) {
	if (ret_error)
		*ret_error = NULL;
	return -ENOMEM;
}

int conf_file_too_large(const char *path, char **ret_error) {
	int r = conf_error(ret_error, "%s: file too large (more than %u bytes)", path,
	                   CONF_FILE_MAX);

	return r == -ENOMEM ? r : -EFBIG;
}

/* Keys and values are arbitrary text: cut at a character boundary, control characters
 * escaped, so that one bad line cannot garble the log it is reported in. */
const char *conf_quote(const char *s, char buf[QUOTE_BUF]) {
	size_t n = strlen(s), cut = n < QUOTE_MAX ? n : QUOTE_MAX, o = 0;

	while (cut < n && cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	for (size_t i = 0; i < cut; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch == 0x7f)
			o += (size_t)snprintf(buf + o, QUOTE_BUF - o, "\\x%02x", ch);
		else
			buf[o++] = (char)ch;
	}
	if (cut < n) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = 0;
	return buf;
}

const char *conf_find_control(const char *s) {
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return s;
	return NULL;
}
/* "file:line: message" into *ret_error; returns -EINVAL (or -ENOMEM). */
int conf_verror_at(char **ret_error, const char *file, unsigned line, const char *format,
                   va_list ap) {
	_cleanup_free_ char *msg = NULL;

	if (vasprintf(&msg, format, ap) < 0)
		return conf_oom(ret_error);
	return conf_error(ret_error, "%s:%u: %s", file, line, msg);
}

int conf_value_error(char **ret_error, const char *file, unsigned line, enum volume_option_id k,
                     const char *value, const char *section, const struct volume_option_error *e) {
	const struct volume_option *opt = &volume_options[k];
	char q[QUOTE_BUF];

	conf_quote(value, q);
	if (opt->boolean)
		return conf_error(ret_error, "%s:%u: invalid value '%s' for %s in [%s]%s", file,
		                  line, q, opt->key, section, e->reason);
	if (opt->conf_subject)
		return conf_error(ret_error, "%s:%u: %s '%s' in [%s]%s", file, line,
		                  opt->conf_subject, q, section, e->reason);
	return conf_error(ret_error, "%s:%u: invalid %s '%s' in [%s]%s", file, line, opt->key, q,
	                  section, e->reason);
}

int conf_parse_boolean(const char *s) {
	return volume_parse_boolean(s);
}

/* ---- queries ---- */

size_t conf_n_volumes(const struct conf *c) {
	return c ? c->n_volumes : 0;
}

const struct conf_volume *conf_volume_by_index(const struct conf *c, size_t i) {
	if (!c || i >= c->n_volumes)
		return NULL;
	return c->volumes[i];
}

const struct conf_volume *conf_volume_by_name(const struct conf *c, const char *name) {
	int i;

	if (!c || !name)
		return NULL;
	i = conf_volume_find(c, name);
	return i < 0 ? NULL : c->volumes[i];
}

const char *conf_volume_name(const struct conf_volume *v) {
	return v ? v->name : NULL;
}

const char *conf_volume_get(const struct conf_volume *v, const char *key) {
	int k;

	if (!v || !key)
		return NULL;
	k = volume_option_from_key(key);
	return k < 0 ? NULL : v->values[k].value;
}

const char *conf_volume_backend(const struct conf_volume *v) {
	const char *backend = conf_volume_get(v, "backend");

	if (backend)
		return backend;
	return conf_volume_get(v, "device") || conf_volume_get(v, "file") ? "disk" : "zram";
}

bool conf_volume_get_bool(const struct conf_volume *v, const char *key) {
	return conf_parse_boolean(conf_volume_get(v, key)) > 0;
}

int conf_volume_get_source(const struct conf_volume *v, const char *key, const char **ret_file,
                           unsigned *ret_line) {
	int k;

	if (!v || !key)
		return -EINVAL;
	k = volume_option_from_key(key);
	if (k < 0)
		return -EINVAL;
	if (!v->values[k].value)
		return -ENOENT;
	if (ret_file)
		*ret_file = v->values[k].file;
	if (ret_line)
		*ret_line = v->values[k].line;
	return 0;
}
