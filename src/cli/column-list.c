/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "column-list.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

int column_list_parse(const char *list, const char *(*name)(unsigned i), unsigned n_names,
                      unsigned *ret, size_t max, size_t *ret_n, const char **ret_bad) {
	const char *item = list;
	size_t n = 0;

	if (!*list)
		return -EINVAL;
	do {
		size_t len = strcspn(item, ",");
		unsigned id = 0;

		while (id < n_names &&
		       !(strlen(name(id)) == len && strncasecmp(item, name(id), len) == 0))
			id++;
		if (id == n_names) {
			if (ret_bad)
				*ret_bad = item;
			return -EINVAL;
		}
		if (n == max)
			return -E2BIG;
		ret[n++] = id;
		item += len;
	} while (*item++ == ',');
	*ret_n = n;
	return 0;
}
