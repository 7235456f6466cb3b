/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/proc-parse.c: parse_maps_line(), on the lines of /proc/PID/maps that
 * destroy reads for every process when a filesystem is busy (src/shared/holders.c). Any
 * user names the files their processes map, and so writes the path column.
 */
#include "fuzz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "proc-parse.h"

/* getline() hands over one line at a time; paths end at PATH_MAX. */
#define INPUT_MAX 8192

/* The line as the kernel writes it for that device and path parses to them again. */
static void check_again(unsigned major, unsigned minor, const char *path) {
	_cleanup_free_ char *line = NULL;
	const char *p = NULL;
	unsigned maj, min;
	int r;

	if (path)
		r = asprintf(&line, "7f0a12a00000-7f0a12a04000 r-xp 00001000 %02x:%02x 131%*s%s\n",
		             major, minor, 25, "", path);
	else
		r = asprintf(&line, "7f0a10000000-7f0a10021000 rw-p 00000000 %02x:%02x 0\n", major,
		             minor);
	if (r < 0)
		return;
	if (parse_maps_line(line, &maj, &min, &p) != 0 || maj != major || min != minor ||
	    !streq_ptr(p, path))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	_cleanup_free_ char *line = NULL;
	const char *path = "untouched";
	unsigned major = 77, minor = 77;
	int r;

	line = fuzz_string(data, size, INPUT_MAX);
	if (!line)
		return 0;

	r = parse_maps_line(line, &major, &minor, &path);
	if (r < 0) {
		if (r != -EBADMSG || major != 77 || minor != 77 || !streq(path, "untouched"))
			abort();
		return 0;
	}
	/* The path is the rest of the line, without its padding or the newline. */
	if (r != 0 || (path && (path < line || path > line + strlen(line) || path[0] == ' ' ||
	                        strchr(path, '\n'))))
		abort();
	check_again(major, minor, path);
	return 0;
}
