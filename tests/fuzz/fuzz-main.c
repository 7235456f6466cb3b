/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A standalone driver for a fuzz target, like systemd's fuzz-main.c: runs
 * LLVMFuzzerTestOneInput() once on each file named on the command line, and on each file
 * in a directory named there (not recursively, dot files skipped, in name order). Each input
 * gets a buffer of exactly its size, so that valgrind or ASan see any read past its end.
 * Prints each input before running it, so a crash names it; ends with "NAME: N passed,
 * 0 failed". Exit status 0, or 1 if an input cannot be read, 2 on usage.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "macro.h"

static const char *program = "fuzz";
static unsigned n_passed;

static int run_file(const char *path) {
	_cleanup_free_ char *text = NULL;
	_cleanup_free_ uint8_t *data = NULL;
	size_t size = 0;
	int r;

	r = read_full_file(path, &text, &size);
	if (r < 0) {
		fprintf(stderr, "%s: %s: %s\n", program, path, strerror(-r));
		return r;
	}
	data = malloc(size ?: 1);
	if (!data)
		return -ENOMEM;
	memcpy(data, text, size);
	printf("%s: %s (%zu bytes)... ", program, path, size);
	fflush(stdout);
	(void)LLVMFuzzerTestOneInput(data, size);
	printf("ok\n");
	n_passed++;
	return 0;
}

static int compare_names(const struct dirent **a, const struct dirent **b) {
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_dot(const struct dirent *de) {
	return de->d_name[0] != '.';
}

static int run_entry(const char *dir, const char *name) {
	_cleanup_free_ char *p = path_join(dir, name);
	struct stat st;

	if (!p)
		return -ENOMEM;
	if (stat(p, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	return run_file(p);
}

static int run_dir(const char *path) {
	struct dirent **names = NULL;
	int n, r = 0;

	n = scandir(path, &names, skip_dot, compare_names);
	if (n < 0) {
		fprintf(stderr, "%s: %s: %m\n", program, path);
		return -errno;
	}
	for (int i = 0; i < n; i++) {
		if (r >= 0)
			r = run_entry(path, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return r;
}

int main(int argc, char *argv[]) {
	const char *slash = strrchr(argv[0], '/');

	program = slash ? slash + 1 : argv[0];
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", program);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int r;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "%s: %s: %m\n", program, argv[i]);
			return 1;
		}
		r = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]);
		if (r < 0)
			return 1;
	}
	printf("%s: %u passed, 0 failed\n", program, n_passed);
	return 0;
}
