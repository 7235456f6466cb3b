/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "run-record.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "macro.h"
#include "parse.h"

int run_record_format(const struct run_record *rec, char **ret) {
	if (rec->pid <= 0 || !rec->start_time || strchr(rec->command, '\n'))
		return -EINVAL;
	return asprintf(ret, "pid=%d\nstart-time=%" PRIu64 "\ncommand=%s\n", (int)rec->pid,
	                rec->start_time, rec->command) < 0
	               ? -ENOMEM
	               : 0;
}

int run_record_parse(const char *text, struct run_record *ret) {
	char pid[16], start[24];
	struct run_record rec = {};
	uint64_t n;

	if (key_line_take(&text, "pid", pid, sizeof(pid)) < 0 || parse_u64(pid, &n) < 0 || n == 0 ||
	    n > INT_MAX || key_line_take(&text, "start-time", start, sizeof(start)) < 0 ||
	    parse_u64(start, &rec.start_time) < 0 || rec.start_time == 0 ||
	    key_line_take(&text, "command", rec.command, sizeof(rec.command)) < 0 || *text)
		return -EBADMSG;
	rec.pid = (pid_t)n;
	*ret = rec;
	return 0;
}

static bool put(char *buf, size_t size, size_t *n, char c) {
	if (*n + 1 >= size)
		return false;
	buf[(*n)++] = c >= 0x20 && c < 0x7f ? c : '?';
	return true;
}

void run_command_join(char *const *argv, char *buf, size_t size) {
	bool fits = true;
	size_t n = 0;

	if (size == 0)
		return;
	for (size_t i = 0; argv && argv[i] && fits; i++) {
		if (i > 0)
			fits = put(buf, size, &n, ' ');
		for (const char *p = argv[i]; *p && fits; p++)
			fits = put(buf, size, &n, *p);
	}
	buf[n] = '\0';
	/* Cut: say so. */
	if (!fits && size > 4)
		memcpy(buf + size - 4, "...", 4);
}

int proc_stat_start_time(const char *text, uint64_t *ret) {
	const char *p = strrchr(text, ')');
	uint64_t v;

	if (!p)
		return -EBADMSG;
	p++;
	/* After ") ": state is field 3; start time is field 22. */
	for (int field = 2; field < 22; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -EBADMSG;
		p++;
	}
	{
		char buf[24];
		size_t len = strcspn(p, " \n");

		if (len == 0 || len >= sizeof(buf))
			return -EBADMSG;
		memcpy(buf, p, len);
		buf[len] = '\0';
		if (parse_u64(buf, &v) < 0)
			return -EBADMSG;
	}
	*ret = v;
	return 0;
}

int process_start_time(const char *root, pid_t pid, uint64_t *ret) {
	_cleanup_free_ char *path = NULL, *rooted = NULL, *text = NULL;
	int r;

	if (pid <= 0)
		return -ESRCH;
	if (asprintf(&path, "/proc/%d/stat", (int)pid) < 0)
		return -ENOMEM;
	rooted = path_rooted(root, path);
	if (!rooted)
		return -ENOMEM;
	r = read_full_file(rooted, &text, NULL);
	/* A process that ends while its stat is read: ESRCH. */
	if (r == -ENOENT || r == -ESRCH)
		return -ESRCH;
	if (r < 0)
		return r;
	return proc_stat_start_time(text, ret);
}

int run_owner_alive(const char *root, pid_t pid, uint64_t start_time) {
	uint64_t t;
	int r;

	r = process_start_time(root, pid, &t);
	if (r == -ESRCH)
		return 0;
	if (r < 0)
		return r;
	return t == start_time;
}
