/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "proc-parse.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "parse.h"

/* The byte "\ooo" at s stands for, or -1. Not \000: the kernel never writes it (it
 * escapes the backslash), and a NUL would end the decoded string early. */
static int octal_byte(const char *s) {
	int v;

	if (s[0] != '\\' || s[1] < '0' || s[1] > '3' || s[2] < '0' || s[2] > '7' || s[3] < '0' ||
	    s[3] > '7')
		return -1;
	v = (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
	return v > 0 ? v : -1;
}

char *unescape_octal(const char *s, size_t len) {
	char *out = malloc(len + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		int c = i + 3 < len ? octal_byte(s + i) : -1;

		if (c > 0) {
			*o++ = (char)c;
			i += 3;
		} else
			*o++ = s[i];
	}
	*o = 0;
	return out;
}

/* Splits one line into at most max whitespace-separated fields, in place. */
static size_t split_fields(char *line, char **fields, size_t max) {
	size_t n = 0;
	char *save = NULL;

	for (char *t = strtok_r(line, " \t", &save); t && n < max; t = strtok_r(NULL, " \t", &save))
		fields[n++] = t;
	return n;
}

/* Calls fn for each non-empty line of text (the text is copied, not modified). */
static int for_each_line(const char *text, int (*fn)(char *line, void *userdata), void *userdata) {
	_cleanup_free_ char *copy = strdup(text);
	char *save = NULL;

	if (!copy)
		return -ENOMEM;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		int r = fn(l, userdata);
		if (r < 0)
			return r;
	}
	return 0;
}

struct array {
	void *items;
	size_t n, size;
};

static void *array_push(struct array *a) {
	char *p = realloc(a->items, (a->n + 1) * a->size);

	if (!p)
		return NULL;
	a->items = p;
	memset(p + a->n * a->size, 0, a->size);
	return p + a->n++ * a->size;
}

static int swaps_line(char *line, void *userdata) {
	struct array *a = userdata;
	struct swap_entry *e;
	uint64_t kib, used;
	char *f[6];
	int prio;

	if (strncmp(line, "Filename", STRLEN("Filename")) == 0)
		return 0;
	/* Filename Type Size Used Priority: exactly five fields, numbers all digits. */
	if (split_fields(line, f, ELEMENTSOF(f)) != 5 || parse_u64(f[2], &kib) < 0 ||
	    kib > UINT64_MAX / 1024 || parse_u64(f[3], &used) < 0 || parse_int(f[4], &prio) < 0)
		return -EBADMSG;
	e = array_push(a);
	if (!e)
		return -ENOMEM;
	e->path = unescape_octal(f[0], strlen(f[0]));
	e->type = strdup(f[1]);
	e->size_bytes = kib * 1024;
	e->priority = prio;
	return e->path && e->type ? 0 : -ENOMEM;
}

void swap_entries_free(struct swap_entry *entries, size_t n) {
	for (size_t i = 0; entries && i < n; i++) {
		free(entries[i].path);
		free(entries[i].type);
	}
	free(entries);
}

int parse_proc_swaps(const char *text, struct swap_entry **ret_entries, size_t *ret_n) {
	struct array a = { .size = sizeof(struct swap_entry) };
	int r;

	r = for_each_line(text, swaps_line, &a);
	if (r < 0) {
		swap_entries_free(a.items, a.n);
		return r;
	}
	*ret_entries = a.items;
	*ret_n = a.n;
	return 0;
}

/* The next blank-separated field at *p, cut off in place; NULL at the end of the line. */
static char *next_field(char **p) {
	char *f = *p + strspn(*p, " \t"), *end;

	if (!*f)
		return NULL;
	end = f + strcspn(f, " \t");
	*p = *end ? end + 1 : end;
	*end = 0;
	return f;
}

static int mountinfo_line(char *line, void *userdata) {
	struct array *a = userdata;
	struct mount_entry *e;
	char *f[6], *p = line, *t, *fstype, *source, *super_options;
	unsigned maj, min;

	/* id parent maj:min root mountpoint opts [optional...] - fstype source superopts */
	for (size_t i = 0; i < ELEMENTSOF(f); i++)
		if (!(f[i] = next_field(&p)))
			return -EBADMSG;
	do
		t = next_field(&p);
	while (t && !streq(t, "-"));
	/* After the separator the kernel puts one blank between fields, and writes an empty
	 * source (mount(2) with "") as nothing: "tmpfs  rw". Merged blanks would take the
	 * super options for the source. */
	fstype = t ? strsep(&p, " ") : NULL;
	source = fstype ? strsep(&p, " ") : NULL;
	super_options = source ? strsep(&p, " ") : NULL;
	if (!fstype || !*fstype || !source || sscanf(f[2], "%u:%u", &maj, &min) != 2)
		return -EBADMSG;
	e = array_push(a);
	if (!e)
		return -ENOMEM;
	e->major = maj;
	e->minor = min;
	e->mount_point = unescape_octal(f[4], strlen(f[4]));
	e->fstype = strdup(fstype);
	e->source = unescape_octal(source, strlen(source));
	e->super_options =
	        super_options ? unescape_octal(super_options, strlen(super_options)) : strdup("");
	return e->mount_point && e->fstype && e->source && e->super_options ? 0 : -ENOMEM;
}

void mount_entries_free(struct mount_entry *entries, size_t n) {
	for (size_t i = 0; entries && i < n; i++) {
		free(entries[i].mount_point);
		free(entries[i].fstype);
		free(entries[i].source);
		free(entries[i].super_options);
	}
	free(entries);
}

int parse_mountinfo(const char *text, struct mount_entry **ret_entries, size_t *ret_n) {
	struct array a = { .size = sizeof(struct mount_entry) };
	int r;

	r = for_each_line(text, mountinfo_line, &a);
	if (r < 0) {
		mount_entries_free(a.items, a.n);
		return r;
	}
	*ret_entries = a.items;
	*ret_n = a.n;
	return 0;
}

bool path_names_device(const char *path, const char *device, const char *kname) {
	return (device && streq(path, device)) ||
	       (kname && strncmp(path, "/dev/", 5) == 0 && streq(path + 5, kname));
}

bool swap_path_names_device(const char *path, const char *device, const char *kname) {
	return path_names_device(path, device, kname) ||
	       (kname && path[0] == '/' && streq(path + 1, kname));
}

ssize_t mount_entries_find_device(const struct mount_entry *entries, size_t n, bool have_devnum,
                                  unsigned maj, unsigned min, const char *device,
                                  const char *kname) {
	ssize_t found = -1;

	for (size_t i = 0; i < n; i++) {
		const struct mount_entry *m = &entries[i];

		if ((have_devnum && m->major == maj && m->minor == min) ||
		    (m->major == 0 && streq_ptr(m->fstype, "btrfs") && m->source &&
		     path_names_device(m->source, device, kname)))
			found = (ssize_t)i;
	}
	return found;
}

/* A hexadecimal device number part of a maps line, ended by stop. */
static int parse_hex_devnum(const char *s, char stop, const char **ret_end, unsigned *ret) {
	unsigned long v;
	char *end;

	if (!isxdigit((unsigned char)*s))
		return -EBADMSG;
	errno = 0;
	v = strtoul(s, &end, 16);
	if (errno == ERANGE || v > UINT_MAX || *end != stop)
		return -EBADMSG;
	*ret_end = end + 1;
	*ret = (unsigned)v;
	return 0;
}

int parse_maps_line(char *line, unsigned *ret_major, unsigned *ret_minor, const char **ret_path) {
	const char *p = line;
	unsigned major, minor;

	line[strcspn(line, "\n")] = 0;
	for (int field = 0; field < 3; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -EBADMSG;
		p++;
	}
	if (parse_hex_devnum(p, ':', &p, &major) < 0 || parse_hex_devnum(p, ' ', &p, &minor) < 0)
		return -EBADMSG;
	p = strchr(p, ' '); /* past the inode number to the padding before the path */
	*ret_major = major;
	*ret_minor = minor;
	*ret_path = p ? p + strspn(p, " ") : NULL;
	return 0;
}

int parse_meminfo_total(const char *text, uint64_t *ret_bytes) {
	const char *p = strstr(text, "MemTotal:");
	unsigned long long kib;

	/* Must be at a line start, not inside another key. */
	if (!p || (p != text && p[-1] != '\n'))
		return -EBADMSG;
	if (sscanf(p + STRLEN("MemTotal:"), " %llu kB", &kib) != 1 || kib == 0 ||
	    kib > UINT64_MAX / 1024)
		return -EBADMSG;
	*ret_bytes = kib * 1024;
	return 0;
}

int parse_sysfs_choice(const char *text, char **ret_active) {
	const char *b = strchr(text, '['), *e;
	char *s;

	if (!b || !(e = strchr(b, ']')) || e == b + 1)
		return -EBADMSG;
	s = strndup(b + 1, (size_t)(e - b - 1));
	if (!s)
		return -ENOMEM;
	*ret_active = s;
	return 0;
}

int cmdline_get_value(const char *cmdline, const char *key, char **ret_value) {
	size_t klen = strlen(key);
	char *found = NULL;

	for (const char *p = cmdline; *p;) {
		char word[4096];
		size_t n = 0;
		bool quoted = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		/* Like the kernel's next_arg(): quotes group, and are dropped. */
		for (; *p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
			if (*p == '"')
				quoted = !quoted;
			else if (n + 1 < sizeof(word))
				word[n++] = *p;
		}
		word[n] = 0;
		if (strncmp(word, key, klen) == 0 && word[klen] == '=') {
			char *v = strdup(word + klen + 1);

			if (!v) {
				free(found);
				return -ENOMEM;
			}
			free(found);
			found = v; /* the last one wins, as for the kernel */
		}
	}
	if (!found)
		return -ENOENT;
	*ret_value = found;
	return 0;
}
