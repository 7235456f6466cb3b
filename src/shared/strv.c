/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "strv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void strv_free(char **l) {
	if (!l)
		return;
	for (char **p = l; *p; p++)
		free(*p);
	free(l);
}

size_t strv_length(char *const *l) {
	size_t n = 0;

	while (l && l[n])
		n++;
	return n;
}

int strv_extend(char ***l, const char *s) {
	size_t n = strv_length(*l);
	char *copy = strdup(s), **a;

	if (!copy)
		return -ENOMEM;
	a = realloc(*l, (n + 2) * sizeof(char *));
	if (!a) {
		free(copy);
		return -ENOMEM;
	}
	a[n] = copy;
	a[n + 1] = NULL;
	*l = a;
	return 0;
}
