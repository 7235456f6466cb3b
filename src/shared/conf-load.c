/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reading the configuration's files below a root: /etc/ephvol.conf and the drop-ins, in the
 * order and with the masking conf.h describes. */
#include "conf-internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dir-util.h"
#include "fileio.h"

#define CONF_MAIN_FILE "/etc/ephvol.conf"

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
		return conf_oom(ret_error);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return conf_error_errno(ret_error, -errno, dropin_dirs[dir],
		                        "cannot open directory");
	}
	d = fdopendir(fd);
	if (!d) {
		int r = -errno;

		safe_close(fd);
		return conf_error_errno(ret_error, r, dropin_dirs[dir], "cannot open directory");
	}
	for (;;) {
		char *name;

		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno != 0)
				return conf_error_errno(ret_error, -errno, dropin_dirs[dir],
				                        "cannot read directory");
			return 0;
		}
		if (!is_conf_name(de->d_name))
			continue;
		/* The name goes into the units the generator writes (SourcePath=, a comment). */
		if (conf_find_control(de->d_name)) {
			char q[QUOTE_BUF];

			return conf_error(ret_error, "%s/%s: control character in file name",
			                  dropin_dirs[dir], conf_quote(de->d_name, q));
		}
		if (l->n == l->allocated) {
			size_t a = l->allocated ? l->allocated * 2 : 16;
			struct dropin *items = reallocarray(l->items, a, sizeof(*items));

			if (!items)
				return conf_oom(ret_error);
			l->items = items;
			l->allocated = a;
		}
		name = strdup(de->d_name);
		if (!name)
			return conf_oom(ret_error);
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
		return conf_oom(ret_error);
	n = readlink(full, target, sizeof(target) - 1);
	if (n < 0) {
		if (errno == ENOENT)
			return 1;
		if (errno != EINVAL)
			return conf_error_errno(ret_error, -errno, path, "cannot read link");
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
				return conf_oom(ret_error);
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
		return conf_error_errno(ret_error, -errno, path, "cannot open");
	if (fstat(fd, &st) < 0)
		return conf_error_errno(ret_error, -errno, path, "cannot stat");
	if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3)) {
		*ret = NULL;
		*ret_size = 0;
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return conf_error(ret_error, "%s: not a regular file", path);
	r = read_full_fd(fd, CONF_FILE_MAX, &text, &size);
	if (r == -EFBIG)
		return conf_file_too_large(path, ret_error);
	if (r == -ENOMEM)
		return conf_oom(ret_error);
	if (r < 0)
		return conf_error_errno(ret_error, r, path, "cannot read");
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
		return conf_oom(ret_error);
	return load_file(c, root, path, ret_error);
}

int conf_load(const char *root, struct conf **ret, char **ret_error) {
	_cleanup_(dropin_list_done) struct dropin_list l = {};
	_cleanup_(conf_freep) struct conf *c = NULL;
	size_t n = 0;
	int r;

	if (!ret)
		return conf_error(ret_error, "conf_load: invalid arguments");
	c = conf_new();
	if (!c)
		return conf_oom(ret_error);

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
