/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bench-zram.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

int zram_algorithms_split(const char *text, char ***ret_list, char **ret_active) {
	char **list = NULL, *active = NULL;
	size_t n = 0;

	if (!text)
		return -EINVAL;
	for (const char *p = text; *p;) {
		size_t len;
		bool bracket = false;
		char **a;

		p += strspn(p, " \t\n");
		if (!*p)
			break;
		if (*p == '[') {
			bracket = true;
			p++;
		}
		len = strcspn(p, " \t\n]");
		if (len == 0) {
			p += strspn(p, "]");
			continue;
		}
		a = realloc(list, (n + 2) * sizeof(*a));
		if (!a)
			goto oom;
		list = a;
		list[n] = strndup(p, len);
		if (!list[n])
			goto oom;
		list[++n] = NULL;
		if (bracket && !active) {
			active = strdup(list[n - 1]);
			if (!active)
				goto oom;
		}
		p += len;
		p += strspn(p, "]");
	}
	if (n == 0) {
		free(active);
		return -EBADMSG;
	}
	if (ret_active)
		*ret_active = active;
	else
		free(active);
	*ret_list = list;
	return 0;
oom:
	if (list)
		list[n] = NULL;
	strv_free(list);
	free(active);
	return -ENOMEM;
}

double speed_mibs(uint64_t bytes, uint64_t ns) {
	if (ns == 0)
		return 0;
	return (double)bytes / (1024.0 * 1024.0) / ((double)ns / 1e9);
}

const char *zram_default_algorithm(char *const *list, const char *active) {
	for (char *const *p = list; p && *p; p++)
		if (streq(*p, "lz4"))
			return *p;
	return active;
}
