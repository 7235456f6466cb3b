/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "conf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dir-util.h"
#include "fileio.h"
#include "macro.h"
#include "parse.h"
#include "size-expr.h"
#include "zram-limit.h"

#define CONF_MAIN_FILE "/etc/ephvol.conf"

/* How much of a key or value an error message quotes: the message goes to the boot log. */
#define QUOTE_MAX 64
#define QUOTE_BUF (QUOTE_MAX * 4 + 4)

enum conf_key {
	KEY_ROLE,
	KEY_BACKEND,
	KEY_SIZE,
	KEY_MOUNT,
	KEY_DEVICE,
	KEY_FILE,
	KEY_CIPHER,
	KEY_KEY_SIZE,
	KEY_SECTOR_SIZE,
	KEY_PRIORITY,
	KEY_FS,
	KEY_MODE,
	KEY_OWNER,
	KEY_MOUNT_OPTIONS,
	KEY_COMP_ALGORITHM,
	KEY_RECOMP_ALGORITHM,
	KEY_MEM_LIMIT,
	KEY_WRITEBACK,
	KEY_WRITEBACK_LIMIT,
	KEY_WORKQUEUES,
	KEY_FORCE,
	KEY_DISCARD,
	KEY_NOFAIL,
	_KEY_MAX,
};

enum key_type {
	TYPE_STRING,
	TYPE_BOOL,
	TYPE_ROLE,
	TYPE_BACKEND,
	TYPE_SIZE,
	TYPE_PATH,
	TYPE_ZRAM_LIMIT,
};

enum key_argv {
	ARGV_SPECIAL, /* role, backend and their companions: placed by conf_volume_to_argv() */
	ARGV_VALUE,   /* --KEY VALUE */
	ARGV_FLAG,    /* --KEY when true */
	ARGV_NONE,    /* not a create option */
};

/* In the order conf_volume_to_argv() emits them. */
static const struct {
	const char *name;
	enum key_type type;
	enum key_argv argv;
} keys[_KEY_MAX] = {
	[KEY_ROLE] = { "role", TYPE_ROLE, ARGV_SPECIAL },
	[KEY_BACKEND] = { "backend", TYPE_BACKEND, ARGV_SPECIAL },
	[KEY_SIZE] = { "size", TYPE_SIZE, ARGV_SPECIAL },
	[KEY_MOUNT] = { "mount", TYPE_PATH, ARGV_SPECIAL },
	[KEY_DEVICE] = { "device", TYPE_STRING, ARGV_SPECIAL },
	[KEY_FILE] = { "file", TYPE_STRING, ARGV_SPECIAL },
	[KEY_CIPHER] = { "cipher", TYPE_STRING, ARGV_VALUE },
	[KEY_KEY_SIZE] = { "key-size", TYPE_STRING, ARGV_VALUE },
	[KEY_SECTOR_SIZE] = { "sector-size", TYPE_STRING, ARGV_VALUE },
	[KEY_PRIORITY] = { "priority", TYPE_STRING, ARGV_VALUE },
	[KEY_FS] = { "fs", TYPE_STRING, ARGV_VALUE },
	[KEY_MODE] = { "mode", TYPE_STRING, ARGV_VALUE },
	[KEY_OWNER] = { "owner", TYPE_STRING, ARGV_VALUE },
	[KEY_MOUNT_OPTIONS] = { "mount-options", TYPE_STRING, ARGV_VALUE },
	[KEY_COMP_ALGORITHM] = { "comp-algorithm", TYPE_STRING, ARGV_VALUE },
	[KEY_RECOMP_ALGORITHM] = { "recomp-algorithm", TYPE_STRING, ARGV_VALUE },
	[KEY_MEM_LIMIT] = { "mem-limit", TYPE_ZRAM_LIMIT, ARGV_VALUE },
	[KEY_WRITEBACK] = { "writeback", TYPE_STRING, ARGV_VALUE },
	[KEY_WRITEBACK_LIMIT] = { "writeback-limit", TYPE_ZRAM_LIMIT, ARGV_VALUE },
	[KEY_WORKQUEUES] = { "workqueues", TYPE_BOOL, ARGV_FLAG },
	[KEY_FORCE] = { "force", TYPE_BOOL, ARGV_FLAG },
	[KEY_DISCARD] = { "discard", TYPE_BOOL, ARGV_NONE },
	[KEY_NOFAIL] = { "nofail", TYPE_BOOL, ARGV_NONE },
};

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
	struct conf_value values[_KEY_MAX];
};

struct conf {
	struct conf_volume **volumes;
	size_t n_volumes, allocated_volumes;
	/* One entry per conf_parse_string() call; values point into it. */
	char **files;
	size_t n_files;
};

struct conf *conf_new(void) {
	return calloc(1, sizeof(struct conf));
}

static void conf_volume_free(struct conf_volume *v) {
	if (!v)
		return;
	for (size_t k = 0; k < _KEY_MAX; k++)
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

void conf_argv_free(char **argv) {
	for (char **p = argv; p && *p; p++)
		free(*p);
	free(argv);
}

/* Every error path ends here, so that a message is always set; -ENOMEM when even that fails,
 * because then the caller has nothing to print and should say so. */
static _printf_(2, 3) int set_error(char **ret_error, const char *format, ...) {
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

static int set_error_errno(char **ret_error, int error, const char *path, const char *what) {
	int r;

	errno = -error;
	r = set_error(ret_error, "%s: %s: %m", path, what);
	return r == -ENOMEM ? r : error;
}

static int oom(char **ret_error) {
	if (ret_error)
		*ret_error = NULL;
	return -ENOMEM;
}

static int file_too_large(const char *path, char **ret_error) {
	int r = set_error(ret_error, "%s: file too large (more than %u bytes)", path,
	                  CONF_FILE_MAX);

	return r == -ENOMEM ? r : -EFBIG;
}

/* Keys and values are arbitrary text: cut at a character boundary, control characters
 * escaped, so that one bad line cannot garble the log it is reported in. */
static const char *quote(const char *s, char buf[QUOTE_BUF]) {
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

/* The first byte below 0x20 or 0x7f (DEL), or NULL. */
static const char *find_control(const char *s) {
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return s;
	return NULL;
}

/* Strict: no overlong forms, no surrogates, nothing above U+10FFFF. */
static bool utf8_is_valid_n(const char *s, size_t n) {
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p, cp, min;
		size_t len;

		if (c < 0x80) {
			p++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
			min = 0x10000;
		} else
			return false;
		if ((size_t)(end - p) < len)
			return false;
		for (size_t i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += len;
	}
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

static int key_from_string(const char *s) {
	for (size_t k = 0; k < _KEY_MAX; k++)
		if (streq(s, keys[k].name))
			return (int)k;
	return -EINVAL;
}

int conf_parse_boolean(const char *s) {
	if (!s)
		return -EINVAL;
	if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 || streq(s, "1"))
		return 1;
	if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 || streq(s, "0"))
		return 0;
	return -EINVAL;
}

struct parser {
	struct conf *conf;
	const char *file;
	unsigned file_id;
	unsigned line;
	struct conf_volume *section;
};

/* "file:line: message" into *ret_error; returns -EINVAL (or -ENOMEM). */
static int verror_at(char **ret_error, const char *file, unsigned line, const char *format,
                     va_list ap) {
	_cleanup_free_ char *msg = NULL;

	if (vasprintf(&msg, format, ap) < 0)
		return oom(ret_error);
	return set_error(ret_error, "%s:%u: %s", file, line, msg);
}

static _printf_(3, 4) int parse_error(const struct parser *p, char **ret_error, const char *format,
                                      ...) {
	va_list ap;
	int r;

	va_start(ap, format);
	r = verror_at(ret_error, p->file, p->line, format, ap);
	va_end(ap);
	return r;
}

static int volume_find(const struct conf *c, const char *name) {
	for (size_t i = 0; i < c->n_volumes; i++)
		if (streq(c->volumes[i]->name, name))
			return (int)i;
	return -ENOENT;
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
		                   quote(s, q), VOLUME_NAME_MAX);

	i = volume_find(c, s);
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
			return oom(ret_error);
		c->volumes = vs;
		c->allocated_volumes = a;
	}
	name = strdup(s);
	v = calloc(1, sizeof(*v));
	if (!name || !v) {
		free(v);
		return oom(ret_error);
	}
	v->name = TAKE_PTR(name);
	v->file = p->file;
	v->line = p->line;
	c->volumes[c->n_volumes++] = v;
	p->section = v;
	return 0;
}

/* What the value alone can tell; cross-key checks wait for conf_volume_to_argv(). */
static int check_value(const struct parser *p, enum conf_key k, const char *value,
                       char **ret_error) {
	const char *section = p->section->name;
	char q[QUOTE_BUF];

	switch (keys[k].type) {
	case TYPE_ROLE:
		if (!streq(value, "swap") && !streq(value, "tmp") && !streq(value, "raw"))
			return parse_error(p, ret_error,
			                   "invalid role '%s' in [%s]: expected swap, tmp or raw",
			                   quote(value, q), section);
		return 0;
	case TYPE_BACKEND:
		if (!streq(value, "zram") && !streq(value, "disk"))
			return parse_error(p, ret_error,
			                   "invalid backend '%s' in [%s]: expected zram or disk",
			                   quote(value, q), section);
		return 0;
	case TYPE_BOOL:
		if (conf_parse_boolean(value) < 0)
			return parse_error(p, ret_error,
			                   "invalid value '%s' for %s in [%s]: expected yes, no, "
			                   "true, false, 1 or 0",
			                   quote(value, q), keys[k].name, section);
		return 0;
	case TYPE_PATH:
		if (value[0] != '/')
			return parse_error(p, ret_error,
			                   "mount point '%s' in [%s] is not an absolute path",
			                   quote(value, q), section);
		return 0;
	case TYPE_SIZE: {
		struct size_expr_error e = {};

		/* Only the syntax: the value depends on the RAM of the machine that boots, and on
		 * the backend, which a later file may still set. */
		if (size_expr_eval(value, UINT64_C(1) << 30, NULL, &e) == -EINVAL)
			return parse_error(p, ret_error,
			                   "invalid size '%s' in [%s]: %s at offset %zu (expected "
			                   "e.g. 512M, 25%% or min(ram / 2, 4096M))",
			                   quote(value, q), section, e.message, e.offset);
		return 0;
	}
	case TYPE_ZRAM_LIMIT: {
		uint64_t bytes;

		/* Checked here too: a value the kernel would take as "no limit" must not wait
		 * for the boot to be refused. */
		if (zram_limit_parse(value, &bytes) < 0)
			return parse_error(p, ret_error,
			                   "invalid %s '%s' in [%s]: expected 1 to %" PRIu64
			                   " bytes, with an optional K, M, G, T or P suffix",
			                   keys[k].name, quote(value, q), section,
			                   (uint64_t)ZRAM_LIMIT_MAX);
		return 0;
	}
	case TYPE_STRING:
		return 0;
	}
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
		                   quote(s, q));
	*eq = 0;
	key = trim(s);
	value = trim(eq + 1);
	if (!*key)
		return parse_error(p, ret_error, "missing key before '='");
	if (!p->section)
		return parse_error(p, ret_error, "key '%s' outside of a section", quote(key, q));
	k = key_from_string(key);
	if (k < 0)
		return parse_error(p, ret_error, "unknown key '%s' in [%s]", quote(key, q),
		                   p->section->name);
	/* Values go into command lines and unit files, where a control character would end a
	 * line or hide what follows it. */
	ctl = find_control(value);
	if (ctl)
		return parse_error(p, ret_error,
		                   "control character \\x%02x in the value of %s in [%s]",
		                   (unsigned char)*ctl, keys[k].name, p->section->name);
	cv = &p->section->values[k];
	if (cv->file_id == p->file_id)
		return parse_error(p, ret_error, "key '%s' set twice in [%s]", key,
		                   p->section->name);
	if (*value) {
		r = check_value(p, (enum conf_key)k, value, ret_error);
		if (r < 0)
			return r;
		copy = strdup(value);
		if (!copy)
			return oom(ret_error);
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
		return set_error(ret_error, "%s: invalid arguments", strna(filename));
	if (size > CONF_FILE_MAX)
		return file_too_large(filename, ret_error);

	files = reallocarray(c->files, c->n_files + 1, sizeof(*files));
	if (!files)
		return oom(ret_error);
	c->files = files;
	f = strdup(filename);
	if (!f)
		return oom(ret_error);
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

/* ---- reading the sources ---- */

static const char *const dropin_dirs[] = {
	"/usr/lib/ephvol.conf.d",
	"/etc/ephvol.conf.d",
	"/run/ephvol.conf.d",
};

struct dropin {
	char *name;
	unsigned dir; /* index into dropin_dirs */
};

struct dropin_list {
	struct dropin *items;
	size_t n, allocated;
};

static void dropin_list_done(struct dropin_list *l) {
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i].name);
	free(l->items);
}

static bool is_conf_name(const char *name) {
	size_t n = strlen(name);

	return name[0] != '.' && n > STRLEN(".conf") && streq(name + n - STRLEN(".conf"), ".conf");
}

static int list_dir(const char *root, unsigned dir, struct dropin_list *l, char **ret_error) {
	_cleanup_(closedirp) DIR *d = NULL;
	_cleanup_free_ char *path = NULL;
	struct dirent *de;
	int fd;

	path = path_rooted(root, dropin_dirs[dir]);
	if (!path)
		return oom(ret_error);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return set_error_errno(ret_error, -errno, dropin_dirs[dir],
		                       "cannot open directory");
	}
	d = fdopendir(fd);
	if (!d) {
		int r = -errno;

		safe_close(fd);
		return set_error_errno(ret_error, r, dropin_dirs[dir], "cannot open directory");
	}
	for (;;) {
		char *name;

		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno != 0)
				return set_error_errno(ret_error, -errno, dropin_dirs[dir],
				                       "cannot read directory");
			return 0;
		}
		if (!is_conf_name(de->d_name))
			continue;
		/* The name goes into the units the generator writes (SourcePath=, a comment). */
		if (find_control(de->d_name)) {
			char q[QUOTE_BUF];

			return set_error(ret_error, "%s/%s: control character in file name",
			                 dropin_dirs[dir], quote(de->d_name, q));
		}
		if (l->n == l->allocated) {
			size_t a = l->allocated ? l->allocated * 2 : 16;
			struct dropin *items = reallocarray(l->items, a, sizeof(*items));

			if (!items)
				return oom(ret_error);
			l->items = items;
			l->allocated = a;
		}
		name = strdup(de->d_name);
		if (!name)
			return oom(ret_error);
		l->items[l->n++] = (struct dropin){ .name = name, .dir = dir };
	}
}

/* By name (strcmp: the locale must not decide), then by directory precedence. */
static int dropin_compare(const void *a, const void *b) {
	const struct dropin *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r != 0)
		return r;
	return x->dir < y->dir ? -1 : x->dir > y->dir;
}

/* Resolves path (as the booted system sees it) below root. A symlink to /dev/null gives
 * *ret_masked: that is how a drop-in is masked, and below a root other than "/" the link must
 * not be followed out of it. Returns 1, without a message, if there is no such file. */
static int resolve_conf_file(const char *root, const char *path, char **ret_full, bool *ret_masked,
                             char **ret_error) {
	_cleanup_free_ char *full = NULL;
	char target[PATH_MAX];
	ssize_t n;

	full = path_rooted(root, path);
	if (!full)
		return oom(ret_error);
	n = readlink(full, target, sizeof(target) - 1);
	if (n < 0) {
		if (errno == ENOENT)
			return 1;
		if (errno != EINVAL)
			return set_error_errno(ret_error, -errno, path, "cannot read link");
	} else {
		target[n] = 0;
		if (streq(target, "/dev/null")) {
			*ret_full = NULL;
			*ret_masked = true;
			return 0;
		}
		if (target[0] == '/') {
			free(full);
			full = path_rooted(root, target);
			if (!full)
				return oom(ret_error);
		}
	}
	*ret_full = TAKE_PTR(full);
	*ret_masked = false;
	return 0;
}

/* The text and size of the file; empty if masked (/dev/null, or a link to it). Returns 1 if
 * there is no such file; a dangling symlink is an error. */
static int read_conf_file(const char *root, const char *path, char **ret, size_t *ret_size,
                          char **ret_error) {
	_cleanup_free_ char *full = NULL, *text = NULL;
	_cleanup_close_ int fd = -EBADF;
	struct stat st;
	size_t size = 0;
	bool masked;
	int r;

	r = resolve_conf_file(root, path, &full, &masked, ret_error);
	if (r != 0)
		return r;
	if (masked) {
		*ret = NULL;
		*ret_size = 0;
		return 0;
	}
	/* O_NONBLOCK: a FIFO put there by mistake must be refused below, not hang the boot. */
	fd = open(full, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return set_error_errno(ret_error, -errno, path, "cannot open");
	if (fstat(fd, &st) < 0)
		return set_error_errno(ret_error, -errno, path, "cannot stat");
	if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3)) {
		*ret = NULL;
		*ret_size = 0;
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return set_error(ret_error, "%s: not a regular file", path);
	r = read_full_fd(fd, CONF_FILE_MAX, &text, &size);
	if (r == -EFBIG)
		return file_too_large(path, ret_error);
	if (r == -ENOMEM)
		return oom(ret_error);
	if (r < 0)
		return set_error_errno(ret_error, r, path, "cannot read");
	*ret = TAKE_PTR(text);
	*ret_size = size;
	return 0;
}

static int load_file(struct conf *c, const char *root, const char *path, char **ret_error) {
	_cleanup_free_ char *text = NULL;
	size_t size = 0;
	int r;

	r = read_conf_file(root, path, &text, &size, ret_error);
	if (r < 0)
		return r;
	if (r > 0)
		return 0; /* no such file: nothing to read */
	return conf_parse_string(c, text, size, path, ret_error);
}

static int load_dropin(struct conf *c, const char *root, const struct dropin *d, char **ret_error) {
	_cleanup_free_ char *path = path_join(dropin_dirs[d->dir], d->name);

	if (!path)
		return oom(ret_error);
	return load_file(c, root, path, ret_error);
}

int conf_load(const char *root, struct conf **ret, char **ret_error) {
	_cleanup_(dropin_list_done) struct dropin_list l = {};
	_cleanup_(conf_freep) struct conf *c = NULL;
	size_t n = 0;
	int r;

	if (!ret)
		return set_error(ret_error, "conf_load: invalid arguments");
	c = conf_new();
	if (!c)
		return oom(ret_error);

	for (unsigned dir = 0; dir < ELEMENTSOF(dropin_dirs); dir++) {
		r = list_dir(root, dir, &l, ret_error);
		if (r < 0)
			return r;
	}
	if (l.n > 0)
		qsort(l.items, l.n, sizeof(*l.items), dropin_compare);
	/* Of each name keep the one in the directory of highest precedence: the last. */
	for (size_t i = 0; i < l.n; i++) {
		if (i + 1 < l.n && streq(l.items[i].name, l.items[i + 1].name)) {
			free(l.items[i].name);
			continue;
		}
		l.items[n++] = l.items[i];
	}
	l.n = n;

	for (size_t i = 0; i < l.n; i++)
		if (l.items[i].dir == 0) {
			r = load_dropin(c, root, &l.items[i], ret_error);
			if (r < 0)
				return r;
		}
	r = load_file(c, root, CONF_MAIN_FILE, ret_error);
	if (r < 0)
		return r;
	for (size_t i = 0; i < l.n; i++)
		if (l.items[i].dir > 0) {
			r = load_dropin(c, root, &l.items[i], ret_error);
			if (r < 0)
				return r;
		}

	*ret = TAKE_PTR(c);
	return 0;
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
	i = volume_find(c, name);
	return i < 0 ? NULL : c->volumes[i];
}

const char *conf_volume_name(const struct conf_volume *v) {
	return v ? v->name : NULL;
}

const char *conf_volume_get(const struct conf_volume *v, const char *key) {
	int k;

	if (!v || !key)
		return NULL;
	k = key_from_string(key);
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
	k = key_from_string(key);
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

/* ---- conversion to `ephvol create` arguments ---- */

/* "file:line: " of the key at fault, then the message. */
static _printf_(4, 5) int key_error(const struct conf_volume *v, enum conf_key k, char **ret_error,
                                    const char *format, ...) {
	va_list ap;
	int r;

	va_start(ap, format);
	r = verror_at(ret_error, v->values[k].file, v->values[k].line, format, ap);
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

static int volume_check(const struct conf_volume *v, bool *ret_disk, char **ret_error) {
	const char *role = v->values[KEY_ROLE].value, *backend = v->values[KEY_BACKEND].value;
	const char *mount = v->values[KEY_MOUNT].value, *size = v->values[KEY_SIZE].value;
	bool device = v->values[KEY_DEVICE].value, file = v->values[KEY_FILE].value;
	const char *name = v->name;
	char q[QUOTE_BUF];
	uint64_t bytes;
	bool disk;

	if (!role)
		return set_error(ret_error, "%s:%u: no role in [%s]: set role = swap, tmp or raw",
		                 v->file, v->line, name);
	if (streq(role, "tmp") && !mount)
		return key_error(v, KEY_ROLE, ret_error, "role tmp in [%s] needs mount = DIR",
		                 name);
	if (mount && !streq(role, "tmp"))
		return key_error(v, KEY_MOUNT, ret_error,
		                 "mount in [%s] applies to role tmp only, not %s", name, role);

	disk = backend ? streq(backend, "disk") : device || file;
	if (disk && !device && !file)
		return key_error(v, KEY_BACKEND, ret_error,
		                 "backend disk in [%s] needs device or file", name);
	if (!disk && (device || file))
		return key_error(v, device ? KEY_DEVICE : KEY_FILE, ret_error,
		                 "%s in [%s] applies to backend disk only",
		                 device ? "device" : "file", name);
	if (device && file) {
		/* Blame the later line: that is most likely the one just added. */
		const struct conf_value *d = &v->values[KEY_DEVICE], *f = &v->values[KEY_FILE];
		bool file_later =
		        f->file_id > d->file_id || (f->file_id == d->file_id && f->line > d->line);

		return key_error(v, file_later ? KEY_FILE : KEY_DEVICE, ret_error,
		                 "device and file in [%s] exclude each other", name);
	}
	if (size && disk && !file)
		return key_error(v, KEY_SIZE, ret_error,
		                 "size in [%s] applies to backend zram or to file, not to device",
		                 name);
	if (size && file && parse_size(size, &bytes) < 0)
		return key_error(v, KEY_SIZE, ret_error,
		                 "invalid size '%s' for file in [%s]: expected bytes with an "
		                 "optional K, M, G or T suffix",
		                 quote(size, q), name);
	for (size_t k = 0; k < _KEY_MAX; k++)
		if (keys[k].type == TYPE_BOOL && v->values[k].value &&
		    conf_parse_boolean(v->values[k].value) < 0)
			return key_error(v, (enum conf_key)k, ret_error,
			                 "invalid value '%s' for %s in [%s]",
			                 quote(v->values[k].value, q), keys[k].name, name);
	*ret_disk = disk;
	return 0;
}

static int build_argv(const struct conf_volume *v, bool disk, struct argv_builder *b) {
	const char *role = v->values[KEY_ROLE].value;
	const char *size = v->values[KEY_SIZE].value;
	int r;

	if (argv_add(b, "create") < 0 || argv_add(b, v->name) < 0)
		return -ENOMEM;

	if (streq(role, "swap"))
		r = argv_add_option(b, "swap", NULL);
	else if (streq(role, "tmp"))
		r = argv_add_option(b, "mount", v->values[KEY_MOUNT].value);
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
	else if (v->values[KEY_DEVICE].value)
		r = argv_add_option(b, "device", v->values[KEY_DEVICE].value);
	else {
		r = argv_add_option(b, "file", v->values[KEY_FILE].value);
		if (r >= 0 && size)
			r = argv_add_option(b, "size", size);
	}
	if (r < 0)
		return r;

	for (size_t k = 0; k < _KEY_MAX; k++) {
		const char *value = v->values[k].value;

		if (!value)
			continue;
		if (keys[k].argv == ARGV_VALUE)
			r = argv_add_option(b, keys[k].name, value);
		else if (keys[k].argv == ARGV_FLAG && conf_parse_boolean(value) > 0)
			r = argv_add_option(b, keys[k].name, NULL);
		if (r < 0)
			return r;
	}
	return 0;
}

int conf_volume_to_argv(const struct conf_volume *v, char ***ret_argv, char **ret_error) {
	/* "create" NAME, two words of role, three of backend, two per other key, NULL. */
	_cleanup_(conf_argv_freep) char **argv = NULL;
	struct argv_builder b;
	bool disk;
	int r;

	if (!v || !ret_argv)
		return set_error(ret_error, "conf_volume_to_argv: invalid arguments");
	r = volume_check(v, &disk, ret_error);
	if (r < 0)
		return r;

	argv = calloc(2 + 2 + 4 + 2 * _KEY_MAX + 1, sizeof(char *));
	if (!argv)
		return oom(ret_error);
	b = (struct argv_builder){ .v = argv };
	r = build_argv(v, disk, &b);
	if (r < 0)
		return oom(ret_error);

	*ret_argv = TAKE_PTR(argv);
	return 0;
}
