/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* One file's text into the configuration: lines, sections, `key = value`, each value judged
 * by its volume option as the line is read. */
#include "conf-internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "utf8.h"

static bool utf8_is_valid_n(const char *s, size_t n) {
	for (size_t k; n > 0; s += k, n -= k)
		if ((k = utf8_sequence_length(s, n)) == 0)
			return false;
	return true;
}

/* ASCII blanks only: the syntax must not change with the locale. */
static bool is_blank(char c) {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static char *trim(char *s) {
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	s[n] = 0;
	return s;
}

struct parser {
	struct conf *conf;
	const char *file;
	unsigned file_id;
	unsigned line;
	struct conf_volume *section;
};

static _printf_(3, 4) int parse_error(const struct parser *p, char **ret_error, const char *format,
                                      ...) {
	va_list ap;
	int r;

	va_start(ap, format);
	r = conf_verror_at(ret_error, p->file, p->line, format, ap);
	va_end(ap);
	return r;
}
static int parse_section(struct parser *p, char *s, char **ret_error) {
	_cleanup_free_ char *name = NULL;
	struct conf *c = p->conf;
	struct conf_volume *v;
	char q[QUOTE_BUF];
	size_t n = strlen(s);
	int i;

	if (n < 2 || s[n - 1] != ']')
		return parse_error(p, ret_error, "malformed section header, expected [NAME]");
	s[n - 1] = 0;
	s++;
	if (!volume_name_is_valid(s))
		return parse_error(p, ret_error,
		                   "invalid volume name '%s' in section header: use 1-%d "
		                   "characters of A-Z a-z 0-9 _ . - not starting with '.' or '-'",
		                   conf_quote(s, q), VOLUME_NAME_MAX);

	i = conf_volume_find(c, s);
	if (i >= 0) {
		p->section = c->volumes[i];
		return 0;
	}
	if (c->n_volumes >= CONF_VOLUMES_MAX)
		return parse_error(p, ret_error, "too many sections (more than %d)",
		                   CONF_VOLUMES_MAX);
	if (c->n_volumes == c->allocated_volumes) {
		size_t a = c->allocated_volumes ? c->allocated_volumes * 2 : 8;
		struct conf_volume **vs = reallocarray(c->volumes, a, sizeof(*vs));

		if (!vs)
			return conf_oom(ret_error);
		c->volumes = vs;
		c->allocated_volumes = a;
	}
	name = strdup(s);
	v = calloc(1, sizeof(*v));
	if (!name || !v) {
		free(v);
		return conf_oom(ret_error);
	}
	v->name = TAKE_PTR(name);
	v->file = p->file;
	v->line = p->line;
	c->volumes[c->n_volumes++] = v;
	p->section = v;
	return 0;
}

/* Judged as create judges it, so that a value create would refuse is reported here with its
 * file and line; what depends on other keys waits for conf_volume_to_argv(). */
static int check_value(const struct parser *p, enum volume_option_id k, const char *value,
                       char **ret_error) {
	const struct volume_option *opt = &volume_options[k];
	struct volume_option_error e = {};
	union volume_value v;
	int r;

	if (!opt->parse)
		return 0;
	r = opt->parse(value, &v, &e);
	if (r == -ENOMEM)
		return conf_oom(ret_error);
	if (r < 0)
		return conf_value_error(ret_error, p->file, p->line, k, value, p->section->name,
		                        &e);
	return 0;
}

static int parse_assignment(struct parser *p, char *s, char **ret_error) {
	struct conf_value *cv;
	const char *ctl;
	char *eq, *key, *value;
	char q[QUOTE_BUF];
	_cleanup_free_ char *copy = NULL;
	int k, r;

	eq = strchr(s, '=');
	if (!eq)
		return parse_error(p, ret_error,
		                   "expected 'key = value', '[NAME]' or a comment, got '%s'",
		                   conf_quote(s, q));
	*eq = 0;
	key = trim(s);
	value = trim(eq + 1);
	if (!*key)
		return parse_error(p, ret_error, "missing key before '='");
	if (!p->section)
		return parse_error(p, ret_error, "key '%s' outside of a section",
		                   conf_quote(key, q));
	k = volume_option_from_key(key);
	if (k < 0)
		return parse_error(p, ret_error, "unknown key '%s' in [%s]", conf_quote(key, q),
		                   p->section->name);
	/* Values go into command lines and unit files, where a control character would end a
	 * line or hide what follows it. */
	ctl = conf_find_control(value);
	if (ctl)
		return parse_error(p, ret_error,
		                   "control character \\x%02x in the value of %s in [%s]",
		                   (unsigned char)*ctl, volume_options[k].key, p->section->name);
	cv = &p->section->values[k];
	if (cv->file_id == p->file_id)
		return parse_error(p, ret_error, "key '%s' set twice in [%s]", key,
		                   p->section->name);
	if (*value) {
		r = check_value(p, (enum volume_option_id)k, value, ret_error);
		if (r < 0)
			return r;
		copy = strdup(value);
		if (!copy)
			return conf_oom(ret_error);
	}
	free(cv->value);
	cv->value = TAKE_PTR(copy);
	cv->file = p->file;
	cv->line = p->line;
	cv->file_id = p->file_id;
	return 0;
}

static int parse_line(struct parser *p, const char *line, size_t len, char **ret_error) {
	char buf[CONF_LINE_MAX + 1], *s;

	if (len > CONF_LINE_MAX)
		return parse_error(p, ret_error, "line too long (more than %d bytes)",
		                   CONF_LINE_MAX);
	if (memchr(line, 0, len))
		return parse_error(p, ret_error, "NUL byte in line");
	if (!utf8_is_valid_n(line, len))
		return parse_error(p, ret_error, "invalid UTF-8");
	memcpy(buf, line, len);
	buf[len] = 0;
	s = trim(buf);

	if (!*s || *s == '#' || *s == ';')
		return 0;
	if (*s == '[')
		return parse_section(p, s, ret_error);
	return parse_assignment(p, s, ret_error);
}

int conf_parse_string(struct conf *c, const char *text, size_t size, const char *filename,
                      char **ret_error) {
	struct parser p = { .conf = c };
	const char *end;
	char **files;
	char *f;

	if (!c || (!text && size > 0) || !filename)
		return conf_error(ret_error, "%s: invalid arguments", strna(filename));
	if (size > CONF_FILE_MAX)
		return conf_file_too_large(filename, ret_error);

	files = reallocarray(c->files, c->n_files + 1, sizeof(*files));
	if (!files)
		return conf_oom(ret_error);
	c->files = files;
	f = strdup(filename);
	if (!f)
		return conf_oom(ret_error);
	c->files[c->n_files++] = f;
	p.file = f;
	p.file_id = (unsigned)c->n_files;

	if (size == 0)
		return 0;
	end = text + size;
	/* Editors on other systems write one; it is not part of the first line. */
	if (size >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3;
	for (p.line = 1; text < end; p.line++) {
		const char *eol = memchr(text, '\n', (size_t)(end - text));
		size_t len = (size_t)((eol ?: end) - text);
		int r;

		r = parse_line(&p, text, len, ret_error);
		if (r < 0)
			return r;
		text = eol ? eol + 1 : end;
	}
	return 0;
}
